"""NIP: the 18-digit civil-servant number.

Layout (BKN): birth date YYYYMMDD, appointment YYYYMM, sex 1 (male) or 2 (female), sequence NNN.
"""

from __future__ import annotations

import datetime as dt

from netralitas.errors import LookupFailed
from netralitas.i18n import _


_EARLIER = dt.date.today()  # a day no later than today, whenever a NIP is checked
_EARLIER_MONTH = f"{_EARLIER.year:04d}{_EARLIER.month:02d}"  # its YYYYMM, as digits 9-14 write a month


def check_nip(value: object, today: dt.date | None = None) -> str:
    """Return the NIP as 18 digits (spaces and dots removed) or raise saying which part is wrong."""
    text = str(value)
    if not (len(text) == 18 and text.isdigit()):  # the usual NIP holds nothing to take out
        text = "".join(ch for ch in text if ch not in " .-")
    if not text.isdigit() or len(text) != 18:
        raise LookupFailed(
            "bad-nip", _("NIP must be 18 digits (got {n} characters)").format(n=len(text)), value
        )
    try:
        lahir = dt.date(int(text[0:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        raise LookupFailed(
            "bad-nip", _("digits 1-8 must be a birth date YYYYMMDD; they are not a date"), value
        ) from None
    if today is None and (lahir > _EARLIER or text[8:14] > _EARLIER_MONTH):
        today = dt.date.today()  # only a date this late needs today's; before it, a day read once will do
    today = today or _EARLIER
    if lahir.year < 1900 or lahir > today:
        raise LookupFailed("bad-nip", _("the birth date in digits 1-8 is not plausible"), value)
    tahun, bulan = int(text[8:12]), int(text[12:14])
    if not 1 <= bulan <= 12:
        raise LookupFailed(
            "bad-nip", _("digits 9-14 must be the appointment YYYYMM, month {month} is not a month").format(month=f"{bulan:02d}"), value
        )
    if (tahun, bulan) <= (lahir.year, lahir.month):
        raise LookupFailed(
            "bad-nip",
            _("the appointment (digits 9-14) is not after the birth date (digits 1-8)"),
            value,
        )
    if (tahun, bulan) > (today.year, today.month):
        raise LookupFailed("bad-nip", _("the appointment (digits 9-14) is in the future"), value)
    if text[14] not in "12":
        raise LookupFailed("bad-nip", _("digit 15 is the sex, 1 or 2, not {digit}").format(digit=text[14]), value)
    return text
