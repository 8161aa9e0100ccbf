"""Numbers, dates and times as Indonesians write them: `1.365`, `79,1 %`, `4 Oktober 2024`, `08.30 WITA`.

One function per kind, used by every renderer people read (tables, Markdown, HTML, charts).
Machine formats (JSON, CSV for machines) keep plain values and never pass through here.
"""

from __future__ import annotations

import datetime as dt

BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
         "Oktober", "November", "Desember")  # fmt: skip
# Indonesia's three time zones by their UTC offset (hours); other zones keep their own name.
ZONA = {7: "WIB", 8: "WITA", 9: "WIT"}


def fmt_int(value) -> str:
    """`1365` -> `1.365`; None -> `-`."""
    if value is None:
        return "-"
    return f"{int(value):,}".replace(",", ".")


def fmt_num(value, digits: int = 1) -> str:
    """A decimal with a comma: `33.25` -> `33,3`; thousands with a point."""
    if value is None:
        return "-"
    text = f"{float(value):,.{digits}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def fmt_pct(value, digits: int = 1) -> str:
    """A percentage already in percent: `79.1` -> `79,1 %`; None (no base) -> `-`."""
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
    """`2024-10-04` (text, date or datetime) -> `4 Oktober 2024`; empty -> `-`."""
    d = _as_date(value)
    return "-" if d is None else f"{d.day} {BULAN[d.month - 1]} {d.year}"


def fmt_month(value) -> str:
    """`2024-10` -> `Oktober 2024`."""
    if not value:
        return "-"
    year, month = str(value)[:7].split("-")
    return f"{BULAN[int(month) - 1]} {year}"


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
    """A stored stamp in the machine's zone, to the minute: `4 Oktober 2024 08.30 WITA`."""
    moment = _local(value)
    if moment is None:
        return "-"
    return f"{fmt_date(moment)} {moment:%H.%M} {zone_name(moment)}"
