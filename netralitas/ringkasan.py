"""The plain `report`'s summary: totals, funnel, main table, sanctions, the most frequent forms.

Each pass over the report index of a large register costs about as much as the counts it sums, so
the summary makes as few as it can: the main table (per region, or per election for one kab) and
the sanction table in one grouped pass, their sums added up here; the forms in a second, which
sums only what the summary shows of them and what the below-guideline count needs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from netralitas import reports, sanksi_baris
from netralitas.reports import CASE_DIMS
from netralitas.seleksi import Seleksi
from netralitas.vocab import TINGKAT

if TYPE_CHECKING:
    from sqlite_utils import Database


def summary(db: Database, seleksi: Seleksi, *, top: int = 5) -> dict:
    """Everything the plain `report` shows: totals, funnel, main table, sanctions, top forms."""
    by = reports.default_by(seleksi)
    main, sanksi = main_and_sanksi(db, seleksi, by)
    per_form = reports.aggregate(db, seleksi, ["pelanggaran"]) if seleksi.per_person else _forms(db, seleksi)
    forms = sorted(_labelled_forms(per_form), key=lambda r: (-r["kasus"], r["pelanggaran"]))[:top]
    if seleksi.per_person:
        count, _ = reports.di_bawah_pedoman(db, seleksi, rows=False)
    else:  # the same per-case counts the table of forms just summed
        count = reports.below_guideline(per_form)
    return {"laporan": main, "funnel": reports.rates(main.total), "sanksi": sanksi,
            "pelanggaran": [f for f in forms if f["kasus"]], "di_bawah_pedoman": count}


def main_and_sanksi(db: Database, seleksi: Seleksi, by: list[str]) -> tuple[reports.Laporan, list[dict]]:
    """The main table (`report --by BY`) and the sanction table (`report --by sanksi`'s rows): one
    grouped pass for a selection of cases, else each its own (the summary's and the digest's)."""
    main = sanksi = None
    if not seleksi.per_person and all(d in CASE_DIMS for d in by):
        main, sanksi = _main_and_sanksi(db, seleksi, by)
    if main is None:
        main = reports.report(db, seleksi, by)
    if sanksi is None:
        sanksi = sanksi_baris.rows(db, seleksi)
    return main, sanksi


def _main_and_sanksi(db: Database, seleksi: Seleksi, by: list[str]) -> tuple[reports.Laporan, list[dict] | None]:
    """The main table's grouped pass, which also sums the sanction table's counts per group: each case
    is in one group, so the groups' sums add up to the selection's. The sanction rows are None when
    someone's level is outside the vocabulary (sanksi_baris.rows then asks the persons)."""
    rows = reports.aggregate_cases(db, seleksi, by, extra=sanksi_baris.SUMS)
    sums = [0] * len(sanksi_baris.SUMS)
    for r in rows:
        for i in range(len(sums)):
            sums[i] += r.pop(f"_{i}") or 0
    main = reports.laporan_of(db, seleksi, by, reports.completed(rows, by))
    return main, sanksi_baris.from_sums(sums)


# What the summary shows of a form (its kasus and terlapor), and what the below-guideline count
# needs (the sanctioned, per level): the forms' pass sums these only, not every count.
FORM_COUNTS = ("kasus", "terlapor", "disanksi", *TINGKAT)


def _forms(db: Database, seleksi: Seleksi) -> list[dict]:
    """Per violation form, FORM_COUNTS: one pass in idx_kasus_pelanggaran's order."""
    where, params = seleksi.kasus_where()
    sums = ", ".join(f"SUM(k.n_{c}) AS {c}" for c in FORM_COUNTS[1:])  # static: our own column names
    return [dict(r) for r in db.query(f"SELECT k.pelanggaran AS pelanggaran, COUNT(*) AS kasus, {sums} FROM kasus k "
                                      f"WHERE {where} GROUP BY k.pelanggaran", params)]


def _labelled_forms(per_form: list[dict]) -> list[dict]:
    return [{"pelanggaran": r["pelanggaran"], "pelanggaran_nama": reports.label("pelanggaran", r["pelanggaran"]),
             **{c: r[c] or 0 for c in FORM_COUNTS}} for r in per_form]
