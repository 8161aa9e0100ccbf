"""What a staged file changes in the register: each of its cases matched to the recorded case it
is (`match`), and the updates of those that differ planned (`decide`; `decide_writes` for a plain
import, which needs their writes), conflicts and refusals becoming the file's problems."""

from __future__ import annotations

from contextlib import closing
from typing import TYPE_CHECKING

from sqlite_utils import Database

from netralitas import perubahan, split_plans, staging, update
from netralitas.errors import Problem
from netralitas.i18n import _

if TYPE_CHECKING:
    from netralitas.file_result import FileResult


def match(db: Database, kantor: str | None = None) -> None:
    """temp.imp: each staged case, its fingerprint and the recorded case it is (existing_id), if any,
    among the records `kantor` keeps (None: this office's own): another office's nomor is another case.
    Read through the view that hides an import in progress (tertunda), this import's own included."""
    db.execute("DROP TABLE IF EXISTS temp.imp")
    db.execute("""CREATE TEMP TABLE imp AS
                  SELECT grp, MIN(seq) AS first_seq, MAX(nomor) AS nomor,
                         netralitas_sidik(MAX(case_sig), group_concat(NULLIF(person_sig, ''), :sep)) AS sidik
                  FROM temp.staging GROUP BY grp""", {"sep": staging.SIG_SEP})
    db.execute("ALTER TABLE temp.imp ADD COLUMN final_nomor TEXT")
    db.execute("ALTER TABLE temp.imp ADD COLUMN existing_id INTEGER")
    db.execute("ALTER TABLE temp.imp ADD COLUMN existing_sidik TEXT")
    db.execute("ALTER TABLE temp.imp ADD COLUMN existing_dihapus TEXT")
    db.execute("UPDATE temp.imp SET final_nomor = COALESCE(nomor, 'NTR-' || upper(substr(sidik, 1, 12)))")
    db.execute("CREATE UNIQUE INDEX temp.imp_grp ON imp (grp)")
    if db["kasus"].exists() and db.execute("SELECT 1 FROM main.kasus LIMIT 1").fetchone():
        # by nomor (ignoring case), by a number the case had before, or (no nomor) by content
        db.execute("""UPDATE temp.imp SET existing_id = COALESCE(
                          (SELECT k.id FROM kasus k WHERE k.nomor = imp.final_nomor COLLATE NOCASE
                                  AND k.kantor IS :kantor),
                          (SELECT n.kasus_id FROM main.nomor_lama n JOIN kasus k ON k.id = n.kasus_id
                                  WHERE n.nomor = imp.final_nomor COLLATE NOCASE AND k.kantor IS :kantor),
                          (SELECT k.id FROM kasus k WHERE imp.nomor IS NULL AND k.sidik = imp.sidik
                                  AND k.nomor_otomatis = 1 AND k.kantor IS :kantor))""", {"kantor": kantor})
        db.execute("""UPDATE temp.imp SET (existing_sidik, existing_dihapus, final_nomor) =
                      (SELECT k.sidik, k.dihapus, k.nomor FROM kasus k WHERE k.id = imp.existing_id)
                      WHERE existing_id IS NOT NULL""")


CHANGED = "existing_id IS NOT NULL AND (existing_sidik IS NOT sidik OR existing_dihapus IS NOT NULL)"


def _updates(db: Database, result: FileResult, *, timpa: bool, perbarui: bool,
             kantor: str | None = None) -> list[update.CaseUpdate]:
    """Plan every existing case the file differs from; conflicts and refusals become problems.
    The staged and stored rows of those cases are read in a few ordered scans (`perubahan.stored`)."""
    with closing(perubahan.stored(db, CHANGED)) as items:  # its cursors closed here, even on Ctrl-C
        plans, _planned = split_plans.run(items, _planner(db, result, timpa, perbarui, kantor), list, result, two=False)
    return plans


def _planner(db: Database, result: FileResult, timpa: bool, perbarui: bool, kantor: str | None) -> perubahan.Planner:
    return perubahan.Planner(result.path, timpa=timpa, perbarui=perbarui, kantor=kantor, columns=perubahan.names(db))


def decide(db: Database, result: FileResult, *, timpa: bool, perbarui: bool,
           kantor: str | None = None) -> list[update.CaseUpdate]:
    """Match the staged cases (of one office) to the register and plan the updates; the counts are
    added to `result` (a roll-up's source hands over several offices' records), problems go into it."""
    match(db, kantor)
    plans = _updates(db, result, timpa=timpa, perbarui=perbarui, kantor=kantor)
    _count(db, result, len(plans), perbarui)
    return plans


def decide_writes(db: Database, result: FileResult, *, timpa: bool, perbarui: bool, asal: str, stamp: str,
                  kantor: str | None = None) -> list:
    """`decide` for a plain import, which needs the plans' writes (`perubahan.writes`), not the
    plans: made block by block as they are planned (a block's plans are then let go), by two
    processes when the file changes many cases (split_plans)."""
    match(db, kantor)
    changed = db.execute(f"SELECT COUNT(*) FROM temp.imp WHERE {CHANGED}").fetchone()[0]
    twice = {i for (i,) in db.execute(f"SELECT existing_id FROM temp.imp WHERE {CHANGED} GROUP BY existing_id "
                                      "HAVING COUNT(*) > 1")}  # a case the file names twice: written by update.apply
    with closing(perubahan.stored(db, CHANGED)) as items:  # its cursors closed here, even on Ctrl-C
        steps, planned = split_plans.run(items, _planner(db, result, timpa, perbarui, kantor),
                                         lambda plans: perubahan.writes(plans, asal, stamp, twice) if result.valid else [],
                                         result, two=split_plans.worth(changed))
    _count(db, result, planned, perbarui)
    return steps


def _count(db: Database, result: FileResult, planned: int, perbarui: bool) -> None:
    """The counts of the staged cases (of one office), added to `result`."""
    kasus, baru = (v or 0 for v in db.execute("SELECT COUNT(*), SUM(existing_id IS NULL) FROM temp.imp").fetchone())
    result.kasus += kasus
    result.baru += baru
    result.diubah += planned
    result.sama += kasus - baru - planned
    if perbarui and baru:
        result.add([Problem("unknown-nomor", _("an update file (--perbarui) only changes recorded cases"),
                            "nomor", None, result.path)])
