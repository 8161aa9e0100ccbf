"""The staging table of an import: one row per record read (a case's fields and one terlapor), in
a TEMP table, so that memory stays flat whatever the file size.

Rows with the same nomor (within one office) form one case, wherever they are in the file, and
must agree on the case fields; `grouping_problems` says where they do not.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Iterator

from sqlite_utils import Database

from netralitas import store
from netralitas.errors import Problem
from netralitas.i18n import _
from netralitas.reconcile import name_jabatan, same_person

MAX_PROBLEMS = 1000  # kept per file; the rest are counted
BATCH = 2000
# every temporary table an import makes (merge.NEW, perubahan's, gabung's staging_all): what drop may reset
SCRATCH = frozenset({"staging", "staging_all", "imp", "perubahan", "perubahan_kasus", "new_ids", "new_person_ids", "new_state",
                     "new_counts", "new_stage", "new_kasus", "new_terlapor", "new_tahapan"})
SIG_SEP = "\x1f"  # between the persons' signatures of a case, in the fingerprint's SQL
COLUMNS = ["entry", "grp", "nomor", *store.CASE_COLUMNS, "case_sig", "has_person", *store.PERSON_COLUMNS,
           "person_sig", "present", "diubah", "kantor"]
TABLE = f"(seq INTEGER PRIMARY KEY, line INTEGER, {', '.join(COLUMNS)})"  # no affinity: values stay as staged


def _sidik(case_sig: str, person_sigs: str | None) -> str:
    """SQL function: the fingerprint of a staged case from its fields' signature and its persons'
    signatures joined by SIG_SEP (group_concat; a signature is hex: it holds no control character)."""
    return store.sidik(case_sig, person_sigs.split(SIG_SEP) if person_sigs else [])


def create(db: Database) -> None:
    _drop(db)
    db.execute(f"CREATE TEMP TABLE staging {TABLE}")
    db.conn.create_function("netralitas_sidik", 2, _sidik, deterministic=True)
    db.conn.create_function("netralitas_name_jabatan", 2, name_jabatan, deterministic=True)


def drop(db: Database) -> None:
    """A file's import is done with its scratch (temp.staging and temp.imp; merge.drop drops its own)."""
    if not release(db):
        _drop(db)


def release(db: Database) -> bool:
    """Every temporary table at once, when the temp database holds nothing but an import's
    scratch (SCRATCH) and no transaction is open; says whether it did.

    DROP TABLE frees a table page by page, and the staging of a large file has many. Changing
    PRAGMA temp_store instead deletes every temporary table at once (SQLite closes and removes
    the temp file); the setting is then put back."""
    if db.conn.in_transaction or not db.execute("SELECT 1 FROM sqlite_temp_master").fetchone():
        return False
    if db.execute(f"SELECT 1 FROM sqlite_temp_master WHERE tbl_name NOT IN ({', '.join('?' * len(SCRATCH))}) LIMIT 1",
                  sorted(SCRATCH)).fetchone():
        return False  # another temporary table (gabung's, a caller's) stays
    mode = db.execute("PRAGMA temp_store").fetchone()[0]
    try:
        db.execute(f"PRAGMA temp_store = {0 if mode else 1}")  # default (a file) <-> file: the same storage
    except sqlite3.OperationalError:  # a statement still reads a temporary table
        return False
    finally:
        db.execute(f"PRAGMA temp_store = {int(mode)}")
    return True


def _drop(db: Database) -> None:
    db.execute("DROP TABLE IF EXISTS temp.staging")
    db.execute("DROP TABLE IF EXISTS temp.imp")


def stage(db: Database, records: Iterator[tuple[int, tuple]]) -> None:
    if hasattr(records, "stage_into"):  # a large CSV file's rows, checked by two processes (split_rows)
        records.stage_into(db)
        return
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
    _drop(db)
    db.execute(f"CREATE TEMP TABLE staging {TABLE}")
    db.execute("INSERT INTO temp.staging SELECT * FROM temp.staging_all WHERE kantor IS ? ORDER BY seq", [office])
    db.execute("CREATE INDEX temp.staging_kantor_grp ON staging (grp, seq)")


def grouping_problems(db: Database, file: str, *, people: bool = True) -> list[Problem]:
    """Rows of one case must agree on the case fields; a YAML nomor must not repeat; with
    `people`, a case names one person once (`duplicate_people`)."""
    db.execute("CREATE INDEX temp.staging_grp ON staging (grp, seq)")
    out = duplicate_people(db, file) if people else []
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


def duplicate_people(db: Database, file: str) -> list[Problem]:
    """A person named twice in one case (reconcile.same_person), each later row named. One query
    over the staged rows finds the few cases with two rows of one NIP, or of one name and jabatan
    where one lacks a NIP; same_person decides within them."""
    rows = "SELECT MIN(nomor), json_group_array(json_array(line, nip, nama, jabatan)) FROM temp.staging WHERE has_person = 1 "
    several = "AND grp IN (SELECT grp FROM temp.staging GROUP BY grp HAVING COUNT(*) > 1)"  # most cases name one person
    found = db.execute(
        f"{rows} AND nip IS NOT NULL {several} GROUP BY grp, nip HAVING COUNT(*) > 1 UNION ALL "
        f"{rows} AND nama IS NOT NULL {several} GROUP BY grp, netralitas_name_jabatan(nama, jabatan) "
        "HAVING COUNT(*) > 1 AND SUM(nip IS NULL) > 0 LIMIT ?", [MAX_PROBLEMS]).fetchall()
    out, seen = [], set()
    for nomor, rows in found:
        people = sorted(({"line": r[0], "nip": r[1], "nama": r[2], "jabatan": r[3]} for r in json.loads(rows)),
                        key=lambda p: p["line"])
        case = nomor if nomor is not None else _("the case at line {line}").format(line=people[0]["line"])
        for i, p in enumerate(people):
            first = next((q for q in people[:i] if same_person(q, p)), None)
            if first is None or p["line"] in seen:
                continue
            seen.add(p["line"])
            if p["nip"] and first["nip"]:
                out.append(Problem("duplicate-terlapor", _("{case}: the terlapor at line {line} has the same NIP as the "
                                                           "one at line {first}; a case names a person once").format(
                                       case=case, line=p["line"], first=first["line"]), "nip", p["nip"], file, p["line"]))
            else:
                out.append(Problem("duplicate-terlapor", _("{case}: the terlapor at line {line} has the same name and "
                                                           "jabatan as the one at line {first}, and one of them no NIP; "
                                                           "a case names a person once").format(
                                       case=case, line=p["line"], first=first["line"]), "nama", p["nama"], file, p["line"]))
    return sorted(out, key=lambda p: p.line)
