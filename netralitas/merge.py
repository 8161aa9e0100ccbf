"""A valid file's merge into the register, with the write lock held only briefly.

The rows of the file's new cases — their ids, per-case counters, current stage and the events
their stated state implies — are built in TEMP tables first, from a read snapshot of the register
(other writers go on meanwhile; what the file changes in recorded cases is planned by
`planning`). A short write transaction then copies them into the main tables and applies the
planned updates; a file of many new cases is copied in chunks, unseen until one flip
(`tertunda`). Either way the file lands whole or not at all. If another writer committed in
between (PRAGMA data_version moved), the importer plans again, so nothing is ever merged from a
stale view.

The rows are those the register would get from inserting the cases and deriving their events in
place: the same ids, in the same order (tests compare whole databases).
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from typing import TYPE_CHECKING, Callable, Iterator

from sqlite_utils import Database

from netralitas import new_events, perubahan, planning, staging, store, tertunda
from netralitas.errors import Problem
from netralitas.i18n import _
from netralitas.migrations import PER_CASE_COUNTS

if TYPE_CHECKING:
    from netralitas.importer import FileResult

KANTOR = "kantor"  # a roll-up's export: the office that keeps the record (staged NULL: the file's own office)

NEW = ("temp.new_ids", "temp.new_person_ids", "temp.new_state", "temp.new_counts", "temp.new_stage", "temp.new_kasus", "temp.new_terlapor",
       "temp.new_tahapan")
KASUS = ["id", "nomor", "nomor_otomatis", *store.CASE_COLUMNS, "provinsi", "sidik", "created_at", "updated_at",
         *PER_CASE_COUNTS, "tahap", "kantor"]
TERLAPOR = ["id", "kasus_id", "urutan", *store.PERSON_COLUMNS, "created_at", "updated_at"]
COPY_CACHE_KIB = 64 * 1024
BUILD_CACHE_KIB = 24 * 1024  # an index built after the copy: its sort, within the import's memory bound
STATE = new_events.STATE_COLUMNS  # what the events of a new case are derived from
ATTEMPTS = 3  # plans on a fresh snapshot when another writer came between, before planning under the lock
TAHAPAN = ["kasus_id", "terlapor_id", "tahap", "tanggal", "data", "asal", "oleh", "dicatat"]


def version(db: Database) -> int:
    """Changes as other connections commit them (SQLite's data_version)."""
    return db.execute("PRAGMA data_version").fetchone()[0]


def drop(db: Database) -> None:
    for table in NEW:
        db.execute(f"DROP TABLE IF EXISTS {table}")


def prepare(db: Database, asal: str, stamp: str, kantor: str | None = None) -> None:
    """The new cases of temp.imp (existing_id NULL), ready to copy: ids follow the register's.
    `kantor`: the office that keeps them (None: this office's own).

    Their ids come first (temp.new_ids, narrow), then their terlapor, the events their state
    implies (`new_events`), each case's counters and current stage; each case row is then
    written once, whole."""
    drop(db)
    last_case = db.execute("SELECT COALESCE(MAX(id), 0) FROM main.kasus").fetchone()[0]
    last_person = db.execute("SELECT COALESCE(MAX(id), 0) FROM main.terlapor").fetchone()[0]
    db.execute("CREATE TEMP TABLE new_ids (id INTEGER PRIMARY KEY, grp, first_seq)")
    db.execute("""INSERT INTO temp.new_ids (id, grp, first_seq)
                  SELECT :last + ROW_NUMBER() OVER (ORDER BY first_seq), grp, first_seq FROM temp.imp
                  WHERE existing_id IS NULL""", {"last": last_case})
    db.execute("CREATE UNIQUE INDEX temp.new_ids_grp ON new_ids (grp)")
    db.execute(f"CREATE TEMP TABLE new_terlapor (id INTEGER PRIMARY KEY, kasus_id INTEGER, {', '.join(TERLAPOR[2:])})")
    person_cols = ", ".join(store.PERSON_COLUMNS)
    # the persons' ids and places first, over narrow rows (a sort of the wide ones spills to disk),
    # then their columns in id order
    db.execute("CREATE TEMP TABLE new_person_ids (id INTEGER PRIMARY KEY, seq, kasus_id, urutan)")
    db.execute("""INSERT INTO temp.new_person_ids (id, seq, kasus_id, urutan)
                  SELECT :last + ROW_NUMBER() OVER (ORDER BY s.grp, s.seq), s.seq, k.id,
                         ROW_NUMBER() OVER (PARTITION BY s.grp ORDER BY s.seq)
                  FROM temp.staging s JOIN temp.new_ids k ON k.grp = s.grp
                  WHERE s.has_person = 1""", {"last": last_person})
    db.execute(f"""INSERT INTO temp.new_terlapor (id, kasus_id, urutan, {person_cols}, created_at, updated_at)
                   SELECT p.id, p.kasus_id, p.urutan, {', '.join('s.' + c for c in store.PERSON_COLUMNS)}, :stamp, :stamp
                   FROM temp.new_person_ids p JOIN temp.staging s ON s.seq = p.seq ORDER BY p.id""", {"stamp": stamp})
    db.execute("DROP TABLE temp.new_person_ids")
    db.execute("CREATE INDEX temp.new_terlapor_kasus ON new_terlapor (kasus_id, urutan)")
    db.execute(f"CREATE TEMP TABLE new_state (id INTEGER PRIMARY KEY, {', '.join(STATE)})")
    db.execute(f"""INSERT INTO temp.new_state (id, {', '.join(STATE)})
                   SELECT k.id, {', '.join('s.' + c for c in STATE)}
                   FROM temp.new_ids k JOIN temp.staging s ON s.seq = k.first_seq""")
    db.execute(f"CREATE TEMP TABLE new_tahapan (seq INTEGER PRIMARY KEY, {', '.join(TAHAPAN)}, peringkat)")
    new_events.derive(db, asal=asal, stamp=stamp, kasus="temp.new_state")
    new_events.current_stages(db)
    db.execute(f"CREATE TEMP TABLE new_counts (kasus_id INTEGER PRIMARY KEY, {', '.join(PER_CASE_COUNTS)})")
    db.execute(f"""INSERT INTO temp.new_counts SELECT t.kasus_id, {', '.join(PER_CASE_COUNTS.values())}
                   FROM temp.new_terlapor t GROUP BY t.kasus_id""")
    db.execute(f"CREATE TEMP TABLE new_kasus (id INTEGER PRIMARY KEY, grp, {', '.join(KASUS[1:])})")
    case_cols = ", ".join(store.CASE_COLUMNS)
    counts = ", ".join(f"COALESCE(c.{column}, 0)" for column in PER_CASE_COUNTS)
    db.execute(f"""INSERT INTO temp.new_kasus (id, grp, nomor, nomor_otomatis, {case_cols}, provinsi, sidik,
                                               created_at, updated_at, {', '.join(PER_CASE_COUNTS)}, tahap, kantor)
                   SELECT k.id, k.grp, i.final_nomor, i.nomor IS NULL,
                          {', '.join('s.' + c for c in store.CASE_COLUMNS)}, substr(s.wilayah, 1, 2), i.sidik,
                          :stamp, :stamp, {counts}, e.tahap, :kantor
                   FROM temp.new_ids k JOIN temp.imp i ON i.grp = k.grp JOIN temp.staging s ON s.seq = k.first_seq
                        LEFT JOIN temp.new_counts c ON c.kasus_id = k.id LEFT JOIN temp.new_stage e ON e.kasus_id = k.id
                   ORDER BY k.id""", {"stamp": stamp, "kantor": kantor})
    db.execute("CREATE UNIQUE INDEX temp.new_kasus_grp ON new_kasus (grp)")


@contextmanager
def copy_cache(db: Database) -> Iterator[None]:
    """A page cache of COPY_CACHE_KIB while prepared rows are copied (here, or chunk by chunk by
    tertunda), the connection's own after. The indexes of a large register do not fit SQLite's
    default 2 MB cache, and each copied row touches every one of them: a larger cache keeps the
    lock short, within the import's memory bound."""
    before = db.execute("PRAGMA main.cache_size").fetchone()[0]
    db.execute(f"PRAGMA main.cache_size = {-COPY_CACHE_KIB}")
    try:
        yield
    finally:
        db.execute(f"PRAGMA main.cache_size = {int(before)}")


def commit(db: Database) -> None:
    """Inside the write transaction: copy the prepared rows (`prepare`) into the register."""
    with copy_cache(db):
        for table, columns, order in (("kasus", KASUS, "id"), ("terlapor", TERLAPOR, "id"),
                                      ("tahapan", TAHAPAN, "seq")):
            cols = ", ".join(columns)
            later = _set_aside(db, table)
            db.execute(f"INSERT INTO main.{table} ({cols}) SELECT {cols} FROM temp.new_{table} ORDER BY {order}")
            if later:  # the sorter of CREATE INDEX takes as much memory as the page cache again
                db.execute(f"PRAGMA main.cache_size = {-BUILD_CACHE_KIB}")
                for sql in later:
                    db.execute(sql)
                db.execute(f"PRAGMA main.cache_size = {-COPY_CACHE_KIB}")


def _set_aside(db: Database, table: str) -> list[str]:
    """Into an empty table (a first import), building an index once after the copy is cheaper
    than keeping it up to date row by row: the plain (non-unique) indexes are dropped inside the
    write transaction and their statements returned, to be run again after the copy (a rollback
    brings them back with the rest)."""
    if db.execute(f"SELECT 1 FROM main.{table} LIMIT 1").fetchone():
        return []
    rows = db.execute("SELECT name, sql FROM main.sqlite_master WHERE type = 'index' AND tbl_name = ? "
                      "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'", [table]).fetchall()
    for name, _sql in rows:
        db.execute(f"DROP INDEX main.[{name}]")
    return [sql.replace("CREATE INDEX ", "CREATE INDEX main.", 1) for _name, sql in rows]  # (kasus alone: its view)


def _write(db: Database, plans: list, asal: str, stamp: str, steps: list | None = None) -> None:
    """Inside the write transaction: the prepared new cases, then the planned updates (`steps`: their
    writes, when prepared before the lock was taken)."""
    commit(db)
    perubahan.write(db, perubahan.writes(plans, asal, stamp) if steps is None else steps, asal, stamp)


# -- the whole step: stage, check, plan, write ---------------------------------------------------


class _Refused(Exception):
    """A problem found while merging: the whole transaction is rolled back."""


def finish(db: Database, result: FileResult, records: Iterator[tuple[int, tuple]], *, write: bool, timpa: bool,
           perbarui: bool, asal: str, kantor: str | None = None,
           after: Callable[[Database, FileResult, list, str | None], None] | None = None,
           relay: Callable[[Database, str], bool] | None = None,
           before: Callable[[Database, str], None] | None = None,
           done: Callable[[Database], None] | None = None) -> None:
    """Stage the records, check them as one file, plan, and (when valid and `write`) merge them:
    all or nothing. `kantor`: whose records they are (None: this office's own; an office code:
    another office's, merged by `gabung`, matched only against that office's records).

    Records another office keeps (a roll-up's records, staged with their `kantor`) are refused by
    import; `gabung` passes `relay(db, office)`, called with only that office's records staged,
    which may leave some out (counting them) and says whether to merge the rest, matched against
    that office's records. `after(db, result, plans, office)` runs inside the same transaction,
    once an office's records are written; `before(db, table)` runs in it first, before any
    planning, with every staged record in temp.`table` (it may leave some out). `gabung`'s hooks
    read and write the register as they go, so it plans under the write lock; a plain import
    plans on a read snapshot and holds the lock only to copy (`_snapshot`). `done(db)` runs last
    inside the write transaction of a plain import."""
    path = result.path
    staging.stage(db, records)
    # a person named twice: gabung takes a register as it is kept; an update sheet's planning says so itself
    grouping = staging.grouping_problems(db, path, people=relay is None and not perbarui)
    result.add(grouping)
    if not result.valid:
        # an update sheet's rows are each a person's: what the rows that passed change is checked
        # too, so that every problem is listed at once
        if perbarui and not grouping and not db.execute("SELECT 1 FROM temp.staging WHERE kantor IS NOT NULL "
                                                        "LIMIT 1").fetchone():
            planning.decide(db, result, timpa=timpa, perbarui=perbarui, kantor=kantor)
        return
    others = db.execute("SELECT kantor, COUNT(DISTINCT grp), MIN(line) FROM temp.staging WHERE kantor IS NOT NULL "
                        "GROUP BY kantor ORDER BY kantor").fetchall()
    if others and relay is None:
        result.add([Problem("other-office", _("{n} case(s) of this file are kept by the office {kode}: a record is "
                                              "changed only by its own office; merge that office's register with "
                                              "`netralitas gabung`").format(n=n, kode=code), KANTOR, code, path, line)
                    for code, n, line in others])
        return
    if not write:
        planning.decide(db, result, timpa=timpa, perbarui=perbarui, kantor=kantor)
        return
    try:
        if relay is None and before is None and after is None:
            _snapshot(db, result, timpa=timpa, perbarui=perbarui, asal=asal, kantor=kantor, done=done)
        else:
            _locked(db, result, [code for code, _n, _line in others], timpa=timpa, perbarui=perbarui, asal=asal,
                    kantor=kantor, after=after, relay=relay, before=before)
    except _Refused:
        pass
    finally:
        if not staging.release(db):  # nothing of this file's scratch is read after it is merged
            db.execute("DROP TABLE IF EXISTS temp.staging_all")
            drop(db)


def _snapshot(db: Database, result: FileResult, *, timpa: bool, perbarui: bool, asal: str, kantor: str | None,
              done: Callable[[Database], None] | None) -> None:
    """Plan and prepare the new rows on a read snapshot, then write them under a short lock (many
    new cases: in chunks, unseen until one flip, see tertunda); what another writer committed
    meanwhile is planned again, inside the flip if need be (after a few tries, under the lock)."""
    how = {"timpa": timpa, "perbarui": perbarui, "asal": asal, "kantor": kantor}
    for _attempt in range(ATTEMPTS):
        tertunda.settle(db, store.tell)  # one import at a time: another's new cases are not seen yet
        stamp = store.now()
        db.execute("BEGIN")
        try:
            seen = _snapshot_version(db)
            steps = planning.decide_writes(db, _reset(result), stamp=stamp, **how)  # before the lock
            if result.valid:
                prepare(db, asal, stamp, kantor)
        finally:
            db.execute("COMMIT")  # nothing but TEMP tables was written
        if not result.valid:
            return  # refused: nothing of it was written
        if not tertunda.worth(db):
            if _once(db, result, seen, steps, stamp, how, done):
                return
            continue  # another import was in progress: waited for, planned again
        plan = {"seen": seen, "steps": steps}

        def again(db: Database, plan=plan, stamp=stamp) -> bool:
            """The recorded cases planned again (the file's new cases, copied, are not seen); False
            when a case of the file is no longer new, or a new one is."""
            plan["steps"] = planning.decide_writes(db, _reset(result), stamp=stamp, **how)
            if not result.valid:
                raise _Refused
            return db.execute("SELECT 1 FROM temp.imp i LEFT JOIN temp.new_ids n ON n.grp = i.grp "
                              "WHERE (i.existing_id IS NULL) <> (n.id IS NOT NULL) LIMIT 1").fetchone() is None

        def ready(db: Database, plan=plan, again=again) -> bool:  # on a snapshot, before the flip's lock
            for _try in range(ATTEMPTS):  # (while other writers keep committing, the flip plans in its lock)
                if version(db) == plan["seen"]:
                    break
                db.execute("BEGIN")
                try:
                    plan["seen"] = _snapshot_version(db)
                    if not again(db):
                        return False
                finally:
                    db.execute("COMMIT")
            return True

        def flip(db: Database, plan=plan, stamp=stamp, again=again) -> bool:
            if version(db) != plan["seen"] and not again(db):  # another writer came after ready()
                return False
            perubahan.write(db, plan["steps"], asal, stamp)
            if done is not None:
                done(db)
            return True

        if tertunda.land(db, flip, ready=ready, berkas=os.path.basename(str(result.path)), tell=store.tell):
            return
    while not _once(db, result, None, [], store.now(), how, done):  # planned under the lock
        pass


def _snapshot_version(db: Database) -> int:
    """Inside a read transaction: the version of the snapshot it reads (taken by a first read)."""
    db.execute("SELECT 1 FROM main.sqlite_master LIMIT 1").fetchone()
    return version(db)


def _once(db: Database, result: FileResult, seen: int | None, steps: list, stamp: str, how: dict,
          done: Callable[[Database], None] | None) -> bool:
    """The prepared rows in one write transaction (planned again inside it when another writer
    committed since the snapshot `seen`, or always when None); False, with nothing written, when
    another import was in progress (its new cases unseen): it is waited for."""
    with store.write(db):
        busy = tertunda.pending(db)
        if not busy:
            if seen is None or version(db) != seen:
                steps = planning.decide_writes(db, _reset(result), stamp=stamp, **how)
                if not result.valid:
                    raise _Refused
                prepare(db, how["asal"], stamp, how["kantor"])
            _write(db, [], how["asal"], stamp, steps)
            if done is not None:
                done(db)
    if busy:
        tertunda.settle(db, store.tell)
    return not busy


def _reset(result: FileResult) -> FileResult:
    """The counts of a file planned again."""
    result.kasus = result.baru = result.diubah = result.sama = 0
    result.changes = []
    return result


def _locked(db: Database, result: FileResult, others: list, *, timpa: bool, perbarui: bool, asal: str,
            kantor: str | None, after, relay, before) -> None:
    """gabung: plan and merge each office's records under the write lock, so no other writer can
    change what the hooks saw."""
    tertunda.settle(db, store.tell)  # one import at a time: another's new cases are not seen yet
    if others:
        db.execute("ALTER TABLE temp.staging RENAME TO staging_all")
    with store.write(db):
        if before is not None:
            before(db, "staging_all" if others else "staging")
        for office in [kantor, *others]:
            if others:
                staging.restage(db, None if office == kantor else office)
                if office != kantor and not relay(db, office):
                    continue
            plans = planning.decide(db, result, timpa=timpa, perbarui=perbarui, kantor=office)
            if not result.valid:
                raise _Refused  # nothing of it is written
            stamp = store.now()
            prepare(db, asal, stamp, office)
            _write(db, plans, asal, stamp)
            if after is not None:
                after(db, result, plans, office)
