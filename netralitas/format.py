"""Numbers, dates, times and selections as people read them, in the language in use.

Indonesian (the default): `1.365`, `79,1 %`, `4 Oktober 2024`, `4 Oktober 2024 14.05 WITA`.
English: `1,365`, `79.1 %`, `4 October 2024`, `4 October 2024 14:05 UTC`. Tables, Markdown, summaries,
charts and the digest call these; machine formats (JSON, CSV for machines) keep plain values.
Babel is imported on first use, so start-up does not pay for it.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from netralitas.i18n import _, language

# Indonesia's three time zones by their UTC offset in hours.
ZONES = {7: "WIB", 8: "WITA", 9: "WIT"}


@lru_cache(maxsize=4)
def _locale(lang: str):
    from babel import Locale

    return Locale.parse("id" if lang == "id" else "en")


def number(value: int | float | None) -> str:
    """A count or amount with the thousands separator: 1.365 (id), 1,365 (en)."""
    if value is None:
        return ""
    from babel.numbers import format_decimal

    return format_decimal(value, format="#,##0.#", locale=_locale(language()))


def decimal(value: float | None, digits: int = 1) -> str:
    """A decimal with a fixed number of digits: 33,3 (id), 33.3 (en)."""
    if value is None:
        return ""
    from babel.numbers import format_decimal

    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    return format_decimal(value, format=pattern, locale=_locale(language()))


def percent(value: float | None, digits: int = 1) -> str:
    """A percentage given as 0-100: 79,1 % (id), 79.1 % (en)."""
    return "" if value is None else f"{decimal(value, digits)} %"


def date(value: dt.date | str | None) -> str:
    """A date as written in a letter: 4 Oktober 2024 (id), 4 October 2024 (en)."""
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    from babel.dates import format_date

    return format_date(value, "d MMMM y", locale=_locale(language()))


def zone(moment: dt.datetime) -> str:
    """The zone's name people use: WIB, WITA or WIT in Indonesia, else the system's name or UTC±hh:mm."""
    offset = moment.utcoffset()
    if offset is not None and offset.total_seconds() % 3600 == 0 and int(offset.total_seconds() // 3600) in ZONES:
        return ZONES[int(offset.total_seconds() // 3600)]
    name = moment.tzname()
    if name and not name.startswith(("+", "-")):
        return name
    minutes = int((offset or dt.timedelta()).total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def moment(value: dt.datetime | str | None) -> str:
    """A time in the machine's local zone, to the minute, with the zone's name: 4 Oktober 2024 14.05 WITA.

    A stored timestamp without a zone is UTC (the store writes UTC)."""
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    local = value.astimezone()
    clock = local.strftime("%H.%M" if language() == "id" else "%H:%M")
    return f"{date(local.date())} {clock} {zone(local)}"


def wilayah(kode: str | None) -> str:
    """A region's name as a title says it: Kabupaten Kutai Kartanegara, Provinsi Kalimantan Timur."""
    if not kode:
        return ""
    from netralitas.wilayah import catalog

    w = catalog().get(kode)
    if w is None:
        return kode
    return w.nama if w.tingkat == "kabkota" else _("Provinsi {name}").format(name=w.nama)


def pemilu(pid: str | None) -> str:
    """An election's name: Pilkada Serentak 2024."""
    if not pid:
        return ""
    from netralitas.catalogs import pemilu_catalog

    p = pemilu_catalog().get(pid)
    return p.nama if p else pid


def seleksi(sel: dict) -> str:
    """A selection (Seleksi.to_dict()) in words, names instead of codes:
    `Kabupaten Kutai Kartanegara; Pilkada Serentak 2024; 1 Januari 2024 – 31 Desember 2024`."""
    parts = []
    names = {"kab": wilayah, "prov": wilayah, "pemilu": pemilu}
    for key, values in sel.items():
        if key in ("dari", "sampai"):
            continue
        values = values if isinstance(values, (list, tuple)) else [values]
        if key in names:
            parts.append(", ".join(names[key](v) for v in values))
        else:
            parts.append(f"{key} {', '.join(map(str, values))}")
    dari, sampai = sel.get("dari"), sel.get("sampai")
    if dari or sampai:
        parts.append(_("from {start}").format(start=date(dari)) if not sampai else
                     _("until {end}").format(end=date(sampai)) if not dari else f"{date(dari)} – {date(sampai)}")
    return "; ".join(parts)
