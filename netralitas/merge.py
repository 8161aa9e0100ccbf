"""A valid file's merge into the register, with the write lock held only to copy rows in.

The rows of the file's new cases — their ids, per-case counters, current stage and the events
their stated state implies — are built in TEMP tables first, from a read snapshot of the register
(other writers go on meanwhile). The write transaction then copies them into the main tables and
applies the planned updates of existing cases: one short step, and the file still lands whole or
not at all. If another writer committed in between (PRAGMA data_version moved), the importer
plans again inside the lock, so nothing is ever merged from a stale view.

The rows are those the register would get from inserting the cases and deriving their events in
place: the same ids, in the same order (tests compare whole databases).
"""

from __future__ import annotations

from sqlite_utils import Database

from netralitas import store
from netralitas.events import events_from_stored_state
from netralitas.migrations import CASE_COUNTS

NEW = ("temp.new_kasus", "temp.new_terlapor", "temp.new_tahapan")
KASUS = ["id", "nomor", "nomor_otomatis", *store.CASE_COLUMNS, "provinsi", "sidik", "created_at", "updated_at",
         *CASE_COUNTS, "tahap"]
TERLAPOR = ["id", "kasus_id", "urutan", *store.PERSON_COLUMNS, "created_at", "updated_at"]
COPY_CACHE_KIB = 64 * 1024
TAHAPAN = ["kasus_id", "terlapor_id", "tahap", "tanggal", "data", "asal", "oleh", "dicatat"]


def version(db: Database) -> int:
    """Changes as other connections commit them (SQLite's data_version)."""
    return db.execute("PRAGMA data_version").fetchone()[0]


def drop(db: Database) -> None:
    for table in NEW:
        db.execute(f"DROP TABLE IF EXISTS {table}")


def match(db: Database) -> None:
    """temp.imp: each staged case, its fingerprint and the recorded case it is (existing_id), if any."""
    db.execute("DROP TABLE IF EXISTS temp.imp")
    db.execute("""CREATE TEMP TABLE imp AS
                  SELECT grp, MIN(seq) AS first_seq, MAX(nomor) AS nomor,
                         netralitas_sidik(seq, case_sig, person_sig) AS sidik
                  FROM temp.staging GROUP BY grp""")
    db.execute("ALTER TABLE temp.imp ADD COLUMN final_nomor TEXT")
    db.execute("ALTER TABLE temp.imp ADD COLUMN existing_id INTEGER")
    db.execute("ALTER TABLE temp.imp ADD COLUMN existing_sidik TEXT")
    db.execute("ALTER TABLE temp.imp ADD COLUMN existing_dihapus TEXT")
    db.execute("UPDATE temp.imp SET final_nomor = COALESCE(nomor, 'NTR-' || upper(substr(sidik, 1, 12)))")
    db.execute("CREATE UNIQUE INDEX temp.imp_grp ON imp (grp)")
    if db["kasus"].exists() and db.execute("SELECT 1 FROM main.kasus LIMIT 1").fetchone():
        # by nomor (ignoring case), by a number the case had before, or (no nomor) by content
        db.execute("""UPDATE temp.imp SET existing_id = COALESCE(
                          (SELECT k.id FROM main.kasus k WHERE k.nomor = imp.final_nomor COLLATE NOCASE),
                          (SELECT n.kasus_id FROM main.nomor_lama n WHERE n.nomor = imp.final_nomor COLLATE NOCASE),
                          (SELECT k.id FROM main.kasus k WHERE imp.nomor IS NULL AND k.sidik = imp.sidik
                                  AND k.nomor_otomatis = 1))""")
        db.execute("""UPDATE temp.imp SET (existing_sidik, existing_dihapus, final_nomor) =
                      (SELECT k.sidik, k.dihapus, k.nomor FROM main.kasus k WHERE k.id = imp.existing_id)
                      WHERE existing_id IS NOT NULL""")


def prepare(db: Database, asal: str, stamp: str) -> None:
    """The new cases of temp.imp (existing_id NULL), ready to copy: ids follow the register's."""
    drop(db)
    db.execute(f"CREATE TEMP TABLE new_kasus (id INTEGER PRIMARY KEY, grp, {', '.join(KASUS[1:])})")
    db.execute(f"CREATE TEMP TABLE new_terlapor (id INTEGER PRIMARY KEY, kasus_id INTEGER, {', '.join(TERLAPOR[2:])})")
    db.execute(f"CREATE TEMP TABLE new_tahapan (seq INTEGER PRIMARY KEY, {', '.join(TAHAPAN)})")
    last_case = db.execute("SELECT COALESCE(MAX(id), 0) FROM main.kasus").fetchone()[0]
    last_person = db.execute("SELECT COALESCE(MAX(id), 0) FROM main.terlapor").fetchone()[0]
    case_cols = ", ".join(store.CASE_COLUMNS)
    db.execute(f"""INSERT INTO temp.new_kasus (id, grp, nomor, nomor_otomatis, {case_cols}, provinsi, sidik,
                                               created_at, updated_at)
                   SELECT :last + ROW_NUMBER() OVER (ORDER BY i.first_seq), i.grp, i.final_nomor, i.nomor IS NULL,
                          {', '.join('s.' + c for c in store.CASE_COLUMNS)}, substr(s.wilayah, 1, 2), i.sidik,
                          :stamp, :stamp
                   FROM temp.imp i JOIN temp.staging s ON s.seq = i.first_seq
                   WHERE i.existing_id IS NULL""", {"last": last_case, "stamp": stamp})
    db.execute("CREATE UNIQUE INDEX temp.new_kasus_grp ON new_kasus (grp)")
    person_cols = ", ".join(store.PERSON_COLUMNS)
    db.execute(f"""INSERT INTO temp.new_terlapor (id, kasus_id, urutan, {person_cols}, created_at, updated_at)
                   SELECT :last + ROW_NUMBER() OVER (ORDER BY s.grp, s.seq), k.id,
                          ROW_NUMBER() OVER (PARTITION BY s.grp ORDER BY s.seq),
                          {', '.join('s.' + c for c in store.PERSON_COLUMNS)}, :stamp, :stamp
                   FROM temp.staging s JOIN temp.new_kasus k ON k.grp = s.grp
                   WHERE s.has_person = 1""", {"last": last_person, "stamp": stamp})
    db.execute("CREATE INDEX temp.new_terlapor_kasus ON new_terlapor (kasus_id, urutan)")
    counts = ", ".join(f"COALESCE({expr}, 0)" for expr in CASE_COUNTS.values())
    db.execute(f"""UPDATE temp.new_kasus SET ({', '.join(CASE_COUNTS)}) =
                   (SELECT {counts} FROM temp.new_terlapor t WHERE t.kasus_id = new_kasus.id)""")
    events_from_stored_state(db, asal=asal, stamp=stamp, sidik=False, tables=NEW)


def commit(db: Database) -> None:
    """Inside the write transaction: copy the prepared rows (`prepare`) into the register.

    The indexes of a large register do not fit SQLite's default 2 MB page cache, and each copied
    row touches every one of them: a larger cache for the copy keeps the lock short, within the
    import's memory bound."""
    before = db.execute("PRAGMA main.cache_size").fetchone()[0]
    db.execute(f"PRAGMA main.cache_size = {-COPY_CACHE_KIB}")
    try:
        for table, columns, order in (("kasus", KASUS, "id"), ("terlapor", TERLAPOR, "id"),
                                      ("tahapan", TAHAPAN, "seq")):
            cols = ", ".join(columns)
            db.execute(f"INSERT INTO main.{table} ({cols}) SELECT {cols} FROM temp.new_{table} ORDER BY {order}")
    finally:
        db.execute(f"PRAGMA main.cache_size = {int(before)}")
