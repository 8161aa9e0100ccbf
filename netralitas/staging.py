"""The staging table of an import: one row per record read (a case's fields and one terlapor), in
a TEMP table, so that memory stays flat whatever the file size.

Rows with the same nomor (within one office) form one case, wherever they are in the file, and
must agree on the case fields; `grouping_problems` says where they do not.
"""

from __future__ import annotations

from typing import Iterator

from sqlite_utils import Database

from netralitas import store
from netralitas.errors import Problem
from netralitas.i18n import _

MAX_PROBLEMS = 1000  # kept per file; the rest are counted
BATCH = 2000
SIG_SEP = "\x1f"  # between the persons' signatures of a case, in the fingerprint's SQL
COLUMNS = ["entry", "grp", "nomor", *store.CASE_COLUMNS, "case_sig", "has_person", *store.PERSON_COLUMNS,
           "person_sig", "present", "diubah", "kantor"]


def _sidik(case_sig: str, person_sigs: str | None) -> str:
    """SQL function: the fingerprint of a staged case from its fields' signature and its persons'
    signatures joined by SIG_SEP (group_concat; a signature is hex: it holds no control character)."""
    return store.sidik(case_sig, person_sigs.split(SIG_SEP) if person_sigs else [])


def create(db: Database) -> None:
    drop(db)
    cols = ", ".join(COLUMNS)  # no affinity: values stay as staged
    db.execute(f"CREATE TEMP TABLE staging (seq INTEGER PRIMARY KEY, line INTEGER, {cols})")
    db.conn.create_function("netralitas_sidik", 2, _sidik, deterministic=True)


def drop(db: Database) -> None:
    db.execute("DROP TABLE IF EXISTS temp.staging")
    db.execute("DROP TABLE IF EXISTS temp.imp")


def stage(db: Database, records: Iterator[tuple[int, tuple]]) -> None:
    sql = f"INSERT INTO temp.staging (line, {', '.join(COLUMNS)}) VALUES ({', '.join('?' * (len(COLUMNS) + 1))})"
    batch = []
    for line, rec in records:
        batch.append((line, *rec))
        if len(batch) >= BATCH:
            db.conn.executemany(sql, batch)
            batch.clear()
    if batch:
        db.conn.executemany(sql, batch)


def restage(db: Database, office: str | None) -> None:
    """Only one office's records staged (from temp.staging_all), for planning and merging."""
    drop(db)
    db.execute(f"CREATE TEMP TABLE staging (seq INTEGER PRIMARY KEY, line INTEGER, {', '.join(COLUMNS)})")
    db.execute("INSERT INTO temp.staging SELECT * FROM temp.staging_all WHERE kantor IS ? ORDER BY seq", [office])
    db.execute("CREATE INDEX temp.staging_kantor_grp ON staging (grp, seq)")


def grouping_problems(db: Database, file: str) -> list[Problem]:
    """Rows of one case must agree on the case fields; a YAML nomor must not repeat."""
    db.execute("CREATE INDEX temp.staging_grp ON staging (grp, seq)")
    out = []
    bad = db.execute("SELECT grp FROM temp.staging GROUP BY grp HAVING COUNT(DISTINCT case_sig) > 1 "
                     "OR COUNT(DISTINCT entry) > 1 LIMIT ?", [MAX_PROBLEMS]).fetchall()
    for (grp,) in bad:
        rows = list(db.query("SELECT * FROM temp.staging WHERE grp = ? ORDER BY seq", [grp]))
        first = rows[0]
        if len({r["entry"] for r in rows}) > 1:
            lines = sorted({r["line"] for r in rows if r["entry"] != first["entry"]})
            out.append(Problem("duplicate-nomor", _("nomor {nomor} is used by another case at line {line}").format(
                                   nomor=grp, line=first["line"]),
                               "nomor", grp, file, lines[0]))
            continue
        for r in rows[1:]:
            for c in store.CASE_COLUMNS:
                if r[c] != first[c]:
                    out.append(Problem("case-fields-disagree",
                                       _("rows of case {case} disagree: line {line} has {value!r}").format(case=grp, line=first["line"], value=first[c]),
                                       c, r[c], file, r["line"]))
    return out
