"""The store: the only place that opens the database, runs migrations and writes cases."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from netralitas import __version__, migrations as schema
from netralitas.errors import InvalidInput, RuntimeFailure, sqlite_message
from netralitas.vocab import KASUS_FIELDS, TERLAPOR_FIELDS
from netralitas.format import fmt_date
from netralitas.i18n import _

BUSY_TIMEOUT_MS = 30_000
COMMITTED: list = []  # the registers each write() of this process committed, in order
CASE_COLUMNS = [c for c in KASUS_FIELDS if c != "nomor"]  # the fields of a case file, as stored
PERSON_COLUMNS = list(TERLAPOR_FIELDS)

if TYPE_CHECKING:
    from sqlite_utils import Database


class Register:
    """An open register: sqlite-utils' Database on the connection, made when first used (a table,
    a transaction, a migration), and its `execute` and `query` of a SELECT or WITH run here, as the
    Database runs them on this connection: in autocommit (isolation_level=None) no statement opens
    a transaction that it would commit or roll back. A command that only reads then never imports
    sqlite-utils, most of the start-up of a small report."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self._database = None

    @property
    def database(self) -> Database:
        if self._database is None:
            from sqlite_utils import Database

            # recursive_triggers is already on (open_db), as the Database would set it
            self._database = Database(self.conn, execute_plugins=False, recursive_triggers=False)
        return self._database

    def execute(self, sql: str, parameters=None) -> sqlite3.Cursor:
        return self.conn.execute(sql) if parameters is None else self.conn.execute(sql, parameters)

    def query(self, sql: str, params=None) -> Iterator[dict]:
        if sql.lstrip()[:6].upper() not in ("SELECT", "WITH ", "WITH\n"):
            return self.database.query(sql, params)  # the Database's checks (a write, no rows)
        cursor = self.execute(sql, params)
        keys = [d[0] for d in cursor.description]
        if len(set(keys)) < len(keys):  # the same name twice: the Database's names, x and x_2
            from sqlite_utils.utils import dedupe_keys

            keys = dedupe_keys(keys)
        return (dict(zip(keys, row)) for row in cursor)

    def __getitem__(self, table: str):
        return self.database[table]

    def __getattr__(self, name: str):
        return getattr(self.database, name)


def unmapped(db: Database) -> Database:
    """For a command that reads or writes the whole register once (import, export, list): pages go
    through SQLite's small cache instead of the memory map, so resident memory stays flat."""
    db.execute("PRAGMA mmap_size = 0")
    return db


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")


def open_db(path: str | Path, *, create: bool = True) -> Register:
    """Open (creating it if `create`) and migrate the database: WAL, busy timeout, foreign keys.

    Commands that only read pass create=False: a mistyped --db then says "no database at PATH"
    instead of creating an empty file and reporting zeros. A database that a newer netralitas
    has migrated (a migration this version does not know) opens for reading; `write` refuses it.
    """
    path = Path(path)
    if not create and not path.is_file():
        raise RuntimeFailure(_("no database at {path}; check --db or NETRALITAS_DB (`netralitas info` shows "
                               "which file is used); `netralitas add` or `netralitas import` creates one").format(path=path))
    try:
        if create:
            path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: every transaction is explicit (write() / db.atomic()).
        # mode=rw never creates a file: only a writing command makes a new database.
        uri = f"{path.resolve().as_uri()}?mode={'rwc' if create else 'rw'}"
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        _OPENED.append(conn)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _refuse_foreign(conn, path)  # before anything (WAL, migrations) touches the file
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA mmap_size = 268435456")  # reports scan the whole file: read it mapped
        conn.execute("PRAGMA recursive_triggers=on;")
        db = Register(conn)
        known, applied = schema.names(), _applied(conn)
        db.netralitas_newer = tuple(name for name in applied if name not in known)
        db.netralitas_path = path
        if set(known) - set(applied) and not db.netralitas_newer:
            # Under the write lock, so two processes opening a new file never both migrate it.
            with write(db, counted=False):
                schema.migrations.apply(db)
        from netralitas import tertunda

        tertunda.hide(conn)  # after the migrations: they name the tables themselves
    except sqlite3.DatabaseError as e:
        raise RuntimeFailure(_("cannot open the database: {error}").format(error=sqlite_message(e, path))) from None
    except OSError as e:
        raise RuntimeFailure(_("cannot open the database {path}: {error}").format(path=path, error=e.strerror or e)) from None
    return db


def _applied(conn: sqlite3.Connection) -> list[str]:
    """The migrations recorded in the register, in the order applied (sqlite-utils' Migrations.applied)."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'").fetchone():
        return []
    return [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
                                       [schema.NAME])]


_OPENED: list[sqlite3.Connection] = []  # this command's connections, closed when it ends


def close_all(since: int = 0) -> None:
    """Close the databases opened since `len(_OPENED)` was `since` (a command's own). The last
    connection to close checkpoints the WAL into the file, so a register copied right after a
    command (a hand-over) holds everything."""
    while len(_OPENED) > since:
        try:
            _OPENED.pop().close()
        except sqlite3.Error:
            pass


def _refuse_foreign(conn: sqlite3.Connection, path: Path) -> None:
    """A database with tables but none of a register's (the published aggregates, another program's
    data) is never read as an empty register nor migrated into one."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not tables or {"kasus", "terlapor"} <= tables:  # a register, even from before its migrations were recorded
        return
    if "_sqlite_migrations" in tables and conn.execute(
            "SELECT 1 FROM _sqlite_migrations WHERE migration_set = ? LIMIT 1", [schema.NAME]).fetchone():
        return
    conn.close()
    raise RuntimeFailure(_("{path} is an SQLite database but not a netralitas register (it lacks a register's "
                           "tables: a published aggregate or another program's data?); it was neither read nor "
                           "changed. Check --db or NETRALITAS_DB").format(path=path))


WRITE_WAIT_S = 600  # how long a writer waits for another writer (a large import) before giving up
QUIET_WAIT_MS = 2000  # waits shorter than this pass without a word


def tell(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


@contextmanager
def write(db: Database, *, wait: float = WRITE_WAIT_S, tell: Callable[[str], None] = tell,
          counted: bool = True) -> Iterator[Database]:
    """One write transaction, taking the write lock at once (BEGIN IMMEDIATE).

    SQLite lets one writer in at a time. When another holds the lock for longer than a moment
    (an import of a large file holds it for its whole merge), say so with `tell` and keep
    waiting, up to `wait` seconds, then fail with nothing written. A database migrated by a
    newer netralitas is never written.
    """
    newer = getattr(db, "netralitas_newer", ())
    if newer:
        raise RuntimeFailure(
            _("the database {path} was written by a newer netralitas (it has migration {names}, which netralitas "
              "{version} does not know); nothing was written. Upgrade netralitas to a version that knows it.").format(
                path=getattr(db, "netralitas_path", ""), names=", ".join(newer), version=__version__))
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    _begin_immediate(db, wait, tell)
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    db.conn.execute("COMMIT")
    if counted:  # (not a new or older register's migrations: they are not the command's write)
        COMMITTED.append(getattr(db, "netralitas_path", None))  # a Ctrl-C from now on comes after the write


def _begin_immediate(db: Database, wait: float, tell: Callable[[str], None]) -> None:
    conn = db.conn
    conn.execute(f"PRAGMA busy_timeout = {min(QUIET_WAIT_MS, int(wait * 1000))}")
    try:
        try:
            conn.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as e:
            if not _busy(e) or wait * 1000 <= QUIET_WAIT_MS:
                raise
        start = time.monotonic()
        tell(_("Waiting for another netralitas writer (an import?) to finish with {path} (up to {wait} s)…").format(
            path=getattr(db, "netralitas_path", "") or _("the database"), wait=f"{wait:g}"))
        conn.execute(f"PRAGMA busy_timeout = {int(wait * 1000 - QUIET_WAIT_MS)}")
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as e:
            if not _busy(e):
                raise
            raise RuntimeFailure(
                _("another writer has held the database for {wait} s; nothing was written. Try again later.").format(wait=f"{wait:g}")) from None
        tell(_("…the other writer finished after {n} s; writing now.").format(n=f"{time.monotonic() - start:.0f}"))
    finally:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def _busy(e: sqlite3.OperationalError) -> bool:
    return (getattr(e, "sqlite_errorcode", 0) or 0) & 0xFF in (5, 6) or "locked" in str(e)


# -- records ------------------------------------------------------------------------------------


def kasus_record(kasus) -> dict:
    """Column values of a validated case (models.KasusFields), as stored."""
    rec = kasus.model_dump(mode="json", include=_CASE_FIELDS)  # dates as ISO text, enums as values
    rec["bukti"] = json.dumps(rec["bukti"], ensure_ascii=False) if rec["bukti"] else None
    return rec


def terlapor_record(person) -> dict:
    return person.model_dump(mode="json", include=_PERSON_FIELDS)


_CASE_FIELDS = {"nomor", *CASE_COLUMNS}
_PERSON_FIELDS = set(PERSON_COLUMNS)


def _signature(values: list) -> str:
    # repr of a list of str/None is stable across runs and computed in C
    return hashlib.sha1(repr(values).encode()).hexdigest()


def case_signature(rec: dict) -> str:
    return _signature(list(map(rec.get, CASE_COLUMNS)))


def person_signature(rec: dict) -> str:
    return _signature(list(map(rec.get, PERSON_COLUMNS)))


def values_signature(values: tuple) -> str:
    """The signature of a record's stored values already in column order (CASE_COLUMNS or PERSON_COLUMNS)."""
    return _signature(list(values))


def sidik(case_sig: str, person_sigs: list[str]) -> str:
    """Fingerprint of a whole case: its fields and its terlapor in any order (never the nomor)."""
    return hashlib.sha1((case_sig + ":" + ",".join(sorted(person_sigs))).encode()).hexdigest()


def stored_sidik(case: dict, people: list[dict]) -> str:
    return sidik(case_signature(case), [person_signature(p) for p in people])


def generated_nomor(fingerprint: str) -> str:
    return "NTR-" + fingerprint[:12].upper()


def find_case(db: Database, nomor: str, *, deleted: bool = False) -> dict | None:
    """One of this office's cases by its nomor, ignoring case, or by a number it had before (`ubah
    --nomor-baru`). Records merged from other offices (`gabung`) are theirs to change, not found here."""
    text = " ".join(str(nomor).split())
    row = _one_row(db, "SELECT * FROM kasus WHERE nomor = ? COLLATE NOCASE AND kantor IS NULL "
                       "ORDER BY nomor = ? DESC LIMIT 1", [text, text])
    if row is None:
        row = _one_row(db, "SELECT k.* FROM nomor_lama n JOIN kasus k ON k.id = n.kasus_id "
                           "WHERE n.nomor = ? COLLATE NOCASE AND k.kantor IS NULL LIMIT 1", [text])
    if row is not None and row["dihapus"] and not deleted:
        return None
    return row


def _one_row(db: Database, sql: str, params: list) -> dict | None:
    """The first row of a query as a dict (an update file looks up each of its cases: no per-call introspection)."""
    cursor = db.execute(sql, params)
    row = cursor.fetchone()
    return dict(zip([d[0] for d in cursor.description], row)) if row is not None else None


def insert_case(db: Database, rec: dict, people: list[dict], asal: str, *, stamp: str | None = None) -> tuple[str, str]:
    """Insert a new case with its terlapor and the events its state implies; return (nomor, 'baru'),
    or (nomor, 'sama') when the same content is already recorded. Call inside write()."""
    from netralitas.events import events_from_stored_state

    stamp = stamp or now()
    fp = sidik(case_signature(rec), [person_signature(p) for p in people])
    if rec.get("nomor"):
        old = find_case(db, rec["nomor"], deleted=True)
    else:
        old = next(db.query("SELECT * FROM kasus WHERE sidik = ? AND nomor_otomatis = 1 AND kantor IS NULL", [fp]), None)
    if old is not None:
        if old["dihapus"]:
            raise InvalidInput(_("kasus {nomor} was deleted ({date}: {reason}); restore it with: netralitas hapus --batal {nomor}").format(
                nomor=old["nomor"], date=fmt_date(old["dihapus"]), reason=old["dihapus_alasan"]))
        if old["sidik"] == fp:
            return old["nomor"], "sama"
        raise InvalidInput(
            _("kasus {nomor} already exists with other content; nothing was written. Record its stages with "
              "`netralitas tahap`, correct it with `netralitas ubah`; every change is kept in riwayat").format(nomor=old["nomor"]))
    nomor = rec.get("nomor") or generated_nomor(fp)
    held_by_import(db, nomor)
    kasus_id = insert_row(db, "kasus", {**rec, "nomor": nomor, "nomor_otomatis": int(not rec.get("nomor")),
                                        "provinsi": rec["wilayah"][:2], "sidik": fp, "created_at": stamp, "updated_at": stamp})
    for i, p in enumerate(people, 1):
        insert_row(db, "terlapor", {**p, "kasus_id": kasus_id, "urutan": i, "created_at": stamp, "updated_at": stamp})
    events_from_stored_state(db, "id = ?", [kasus_id], asal=asal, stamp=stamp)
    refresh_counts(db, "id = ?", [kasus_id])
    return nomor, "baru"


def held_by_import(db: Database, nomor: str, kantor: str | None = None) -> None:
    """Refuse a nomor that an import in progress has copied (its rows are not seen until it ends),
    or that an interrupted one left behind (unseen; the next import removes them)."""
    from netralitas import tertunda

    held = db.execute("SELECT p.berkas, p.pid, p.proses FROM main.kasus k CROSS JOIN main.impor_tertunda p "
                      "WHERE k.nomor = ? COLLATE NOCASE AND k.kantor IS ? AND k.id BETWEEN p.kasus_dari AND "
                      "p.kasus_sampai", [nomor, kantor]).fetchone()
    if held is None:
        return
    if tertunda.alive(held[1], held[2]):
        raise RuntimeFailure(_("kasus {nomor} is being imported (file {file}); nothing was written. Try again when that "
                               "import has finished.").format(nomor=nomor, file=held[0]))
    raise RuntimeFailure(_("kasus {nomor} was left by an interrupted import (file {file}), not yet removed; nothing was "
                           "written. Any import removes what it left (import that file again), then try again.").format(
                               nomor=nomor, file=held[0]))


def insert_row(db: Database, table: str, row: dict) -> int:
    """One row (columns named by the code, values as parameters) into a table of the register;
    its id. Into main.`table`: on a register connection that name alone is the view that hides an
    import in progress (tertunda), which only reads."""
    columns = ", ".join(row)
    cursor = db.execute(f"INSERT INTO main.{table} ({columns}) VALUES ({', '.join('?' * len(row))})", list(row.values()))
    return cursor.lastrowid


def refresh_counts(db: Database, where: str, params: list) -> None:
    """Recount the per-case terlapor counts (kasus.n_*) of the cases matching `where`."""
    db.execute(schema.refresh_counts_sql(where), params)


def info(db: Database) -> dict:
    """What the database holds: counts, migrations, last writes."""
    from netralitas import kantor, tertunda

    q = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
    office = kantor.get(db)
    merged = db["asal"].exists()
    return {
        "kantor": f"{office['nama']} ({office['wilayah']})" if office else None,
        "kasus_kantor_lain": q("SELECT COUNT(*) FROM kasus WHERE kantor IS NOT NULL AND dihapus IS NULL") if merged else 0,
        "sumber_digabung": q("SELECT COUNT(DISTINCT kantor) FROM asal") if merged else 0,
        "kasus": q("SELECT COUNT(*) FROM kasus WHERE dihapus IS NULL"),
        "terlapor": q("SELECT COUNT(*) FROM terlapor"),
        "riwayat": q("SELECT COUNT(*) FROM riwayat"),
        "tahapan": q("SELECT COUNT(*) FROM tahapan WHERE batal IS NULL"),
        "dihapus": q("SELECT COUNT(*) FROM kasus WHERE dihapus IS NOT NULL"),
        "digest": q("SELECT COUNT(*) FROM digest_runs"),
        "sosialisasi": q("SELECT COUNT(*) FROM sosialisasi"),
        "pantau": q("SELECT COUNT(*) FROM pantau"),
        "rekap": q("SELECT COUNT(*) FROM rekap"),
        "terakhir_diubah": q("SELECT MAX(updated_at) FROM kasus"),
        "impor_tertunda": tertunda.described(db),
        "migrasi": _applied(db.conn),
    }
