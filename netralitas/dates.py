"""Dates as Indonesian users write them: ISO, day-first numeric, Indonesian month names.

Never month-first: 04/10/2024 is 4 October 2024.
"""

from __future__ import annotations

import datetime as dt
import re

from netralitas.errors import LookupFailed
from netralitas.i18n import N_, _

BULAN = {
    "januari": 1, "jan": 1,
    "februari": 2, "pebruari": 2, "feb": 2, "peb": 2,
    "maret": 3, "mar": 3,
    "april": 4, "apr": 4,
    "mei": 5,
    "juni": 6, "jun": 6,
    "juli": 7, "jul": 7,
    "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "agust": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10,
    "november": 11, "nov": 11, "nop": 11,
    "desember": 12, "des": 12,
}  # fmt: skip

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_YMD_SLASH = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_D_BULAN_Y = re.compile(r"^(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})$")

EXPECTED = N_("a date as YYYY-MM-DD, DD/MM/YYYY, D-M-YYYY or '4 Oktober 2024'")


def parse_tanggal(value: object) -> dt.date:
    """Parse one date; raise LookupFailed('bad-tanggal') saying what was expected."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = str(value)
    if len(raw) == 10 and raw[4] == "-":  # the common ISO case, parsed in C
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            pass  # fall through for the full message
    text = " ".join(raw.split()).lower()
    for pattern, order in ((_ISO, "ymd"), (_YMD_SLASH, "ymd"), (_DMY, "dmy")):
        m = pattern.match(text)
        if m:
            a, b, c = (int(g) for g in m.groups()[:3])
            y, mo, d = (a, b, c) if order == "ymd" else (c, b, a)
            return _make(y, mo, d, value)
    m = _D_BULAN_Y.match(text)
    if m:
        bulan = BULAN.get(m.group(2))
        if bulan is None:
            raise LookupFailed(
                "bad-tanggal",
                _("unknown month name {name!r}: expected an Indonesian month "
                  "(Januari … Desember, or Jan, Feb, Mar, Apr, Mei, Jun, Jul, Agu, Sep, Okt, Nov, Des)").format(name=m.group(2)),
                value,
            )
        return _make(int(m.group(3)), bulan, int(m.group(1)), value)
    raise LookupFailed("bad-tanggal", _("not a date: expected {expected}").format(expected=_(EXPECTED)), value)


def _make(y: int, m: int, d: int, original: object) -> dt.date:
    try:
        return dt.date(y, m, d)
    except ValueError:
        raise LookupFailed("bad-tanggal", _("no such date ({value}): expected {expected}").format(value=original, expected=_(EXPECTED)), original) from None
