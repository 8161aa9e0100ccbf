"""Plausible dates: an incident far from its election is probably filed under the wrong one or
mistyped. A warning, not an error (import, add and validate list it; `--ketat` makes it a
problem). The margins are data (data/tanggal_wajar.yaml), working conventions, not law.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from netralitas import catalogs
from netralitas.errors import Problem
from netralitas.format import fmt_date
from netralitas.i18n import _
from netralitas.paths import data_dir

BEFORE, AFTER = "kejadian-long-before-pemilu", "kejadian-long-after-pemilu"  # the warnings' codes


@cache
def margins() -> tuple[int, int]:
    raw = catalogs._load_yaml(data_dir() / "tanggal_wajar.yaml")
    return int(raw["tahun_sebelum"]), int(raw["hari_sesudah"])


def window(pemilu: catalogs.Pemilu) -> tuple[dt.date, dt.date]:
    """The days an incident of this election plausibly falls on."""
    years, days = margins()
    start = pemilu.kampanye_mulai or pemilu.penetapan or pemilu.pemungutan
    return dt.date(start.year - years, 1, 1), pemilu.pemungutan + dt.timedelta(days=days)


def warnings(case: dict, *, file: str | None = None, line: int | None = None) -> list[Problem]:
    """The warnings of one case (its stored values: pemilu id, ISO tanggal_kejadian)."""
    pemilu = catalogs.pemilu_catalog().get(case.get("pemilu") or "")
    tanggal = case.get("tanggal_kejadian")
    if pemilu is None or not tanggal:
        return []
    day = tanggal if isinstance(tanggal, dt.date) else dt.date.fromisoformat(str(tanggal))
    first, last = window(pemilu)
    if day < first:
        return [Problem(BEFORE, _("the incident ({tanggal}) is long before {pemilu} (its campaign began {mulai}; "
                                  "incidents from {first} are expected): is it the right election or date?").format(
            tanggal=fmt_date(day), pemilu=pemilu.id, mulai=fmt_date(pemilu.kampanye_mulai or pemilu.pemungutan),
            first=fmt_date(first)), "tanggal_kejadian", day.isoformat(), file, line)]
    if day > last:
        return [Problem(AFTER, _("the incident ({tanggal}) is more than {days} days after the voting day of {pemilu} "
                                 "({pemungutan}): is it the right election or date?").format(
            tanggal=fmt_date(day), days=margins()[1], pemilu=pemilu.id, pemungutan=fmt_date(pemilu.pemungutan)),
            "tanggal_kejadian", day.isoformat(), file, line)]
    return []
