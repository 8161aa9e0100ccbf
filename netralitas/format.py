"""Numbers, dates, times and selections as people read them, in the language in use.

Indonesian (the default): `1.365`, `79,1 %`, `4 Oktober 2024`, `4 Oktober 2024 14.05 WITA`.
English: `1,365`, `79.1 %`, `4 October 2024`, `4 October 2024 14:05 UTC`.
One function per kind, used by every renderer people read (tables, Markdown, HTML, charts, summaries).
Machine formats (JSON, CSV for machines) keep plain values and never pass through here.
A missing value is `-`. Plain Python, no locale database: start-up does not pay for it.
"""

from __future__ import annotations

import datetime as dt

from netralitas.i18n import _, language

MONTHS = {
    "id": ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
           "Oktober", "November", "Desember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
}  # fmt: skip
BULAN = MONTHS["id"]
# Indonesia's three time zones by their UTC offset (hours); other zones keep their own name.
ZONA = {7: "WIB", 8: "WITA", 9: "WIT"}


def _separators() -> tuple[str, str]:
    """(thousands, decimal) of the language in use."""
    return (".", ",") if language() == "id" else (",", ".")


def fmt_int(value) -> str:
    """A count with the thousands separator: `1365` -> `1.365` (id), `1,365` (en); None -> `-`."""
    if value is None:
        return "-"
    return f"{int(value):,}".replace(",", _separators()[0])


def fmt_num(value, digits: int = 1) -> str:
    """A decimal with a fixed number of digits: `33.25` -> `33,3` (id), `33.3` (en)."""
    if value is None:
        return "-"
    thousands, point = _separators()
    text = f"{float(value):,.{digits}f}"
    return text.replace(",", "\0").replace(".", point).replace("\0", thousands)


def fmt_pct(value, digits: int = 1) -> str:
    """A percentage already in percent: `79.1` -> `79,1 %` (id), `79.1 %` (en); None (no base) -> `-`."""
    return "-" if value is None else f"{fmt_num(value, digits)} %"


def _as_date(value) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def fmt_date(value) -> str:
    """A date as written in a letter: `2024-10-04` (text, date or datetime) -> `4 Oktober 2024`; empty -> `-`."""
    d = _as_date(value)
    return "-" if d is None else f"{d.day} {MONTHS[language()][d.month - 1]} {d.year}"


def fmt_month(value) -> str:
    """`2024-10` -> `Oktober 2024`."""
    if not value:
        return "-"
    year, month = str(value)[:7].split("-")
    return f"{MONTHS[language()][int(month) - 1]} {year}"


def zone_name(moment: dt.datetime) -> str:
    """WIB / WITA / WIT for Indonesia's offsets, else the zone's own name (or `UTC+h`)."""
    offset = moment.utcoffset() or dt.timedelta(0)
    hours, rest = divmod(int(offset.total_seconds()), 3600)
    if not rest and hours in ZONA:
        return ZONA[hours]
    name = moment.tzname()
    if name and not name.startswith(("+", "-")):
        return name
    return f"UTC{hours:+d}" + (f":{rest // 60:02d}" if rest else "")


def _local(value) -> dt.datetime | None:
    if value is None or value == "":
        return None
    moment = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    if moment.tzinfo is None:  # stored stamps are UTC; a naive one is taken as UTC too
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone()  # the machine's local zone


def fmt_time(value) -> str:
    """A stored stamp in the machine's zone, to the minute: `4 Oktober 2024 08.30 WITA` (en `08:30`)."""
    moment = _local(value)
    if moment is None:
        return "-"
    clock = f"{moment:%H.%M}" if language() == "id" else f"{moment:%H:%M}"
    return f"{fmt_date(moment)} {clock} {zone_name(moment)}"


def fmt_wilayah(kode: str | None) -> str:
    """A region's name as a title says it: Kabupaten Kutai Kartanegara, Provinsi Kalimantan Timur."""
    if not kode:
        return ""
    from netralitas.wilayah import catalog

    w = catalog().get(kode)
    if w is None:
        return kode
    return w.nama if w.tingkat == "kabkota" else _("Provinsi {name}").format(name=w.nama)


def fmt_pemilu(pid: str | None) -> str:
    """An election's name: Pilkada Serentak 2024."""
    if not pid:
        return ""
    from netralitas.catalogs import pemilu_catalog

    p = pemilu_catalog().get(pid)
    return p.nama if p else pid


def fmt_seleksi(sel: dict) -> str:
    """A selection (Seleksi.to_dict()) in words, names instead of codes:
    `Kabupaten Kutai Kartanegara; Pilkada Serentak 2024; 1 Januari 2024 – 31 Desember 2024`."""
    parts = []
    names = {"kab": fmt_wilayah, "prov": fmt_wilayah, "pemilu": fmt_pemilu}
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
        parts.append(_("from {start}").format(start=fmt_date(dari)) if not sampai else
                     _("until {end}").format(end=fmt_date(sampai)) if not dari else
                     f"{fmt_date(dari)} – {fmt_date(sampai)}")
    return "; ".join(parts)
