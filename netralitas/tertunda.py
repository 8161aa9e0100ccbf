"""An import in progress (impor tertunda): a large file's new cases copied in by short transactions,
unseen until one flip, so that another writer (an office's `add` or `tahap`) never waits long.

The file stays all or nothing. Before copying, the import reserves, in one row of
`impor_tertunda`, the ids its new rows take in each table (kasus, terlapor, tahapan); the first
transaction copies the highest of them, so every other writer's new rows get ids above them. The
rest follow in chunks (`CHUNK` rows, each its own transaction). The last transaction writes the
file's updates of recorded cases and deletes the reservation: the whole file appears at once.

Every register connection reads those tables through TEMP views of the same names (`hide`,
made by `store.open_db`) that leave out the rows of a reserved range; writes name `main.<table>`.
A report, a list or another command's check therefore sees the file whole or not at all, and
while nothing is pending the views cost nothing (the first test of their WHERE is constant).

An import that fails or is interrupted removes what it copied (in chunks, still unseen); one
killed outright leaves its reservation, whose process is gone: the next import removes those
rows first (`clean`). A copied nomor is in the unique index: `add` of the same nomor
meanwhile is told that an import holds it (`store.held_by_import`); one recorded by another
writer before its chunk came makes the copy fail, and the file is planned again (it is then a
recorded case).
"""

from __future__ import annotations

import os
import signal
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterator

from netralitas import store
from netralitas.errors import RuntimeFailure
from netralitas.i18n import _

if TYPE_CHECKING:
    from sqlite_utils import Database

TABLES = ("kasus", "terlapor", "tahapan")
CHUNK = 20_000  # rows of one table in the first transaction; then sized to take about TARGET_S (1/8 to 2 × CHUNK)
TARGET_S = 0.7
MIN_KASUS = 20_000  # fewer new cases land in one transaction, as short as a chunk
WAIT_S = 1.0  # between looks at another import still in progress


def hide(conn: sqlite3.Connection) -> None:
    """On a register connection: kasus, terlapor and tahapan as TEMP views without the rows of an
    import in progress (a register from before impor_tertunda has none)."""
    if not _kept(conn):
        return
    for t in TABLES:
        conn.execute(f"""CREATE TEMP VIEW IF NOT EXISTS {t} AS SELECT * FROM main.{t}
                         WHERE NOT EXISTS (SELECT 1 FROM main.impor_tertunda)
                            OR NOT EXISTS (SELECT 1 FROM main.impor_tertunda p
                                           WHERE main.{t}.id BETWEEN p.{t}_dari AND p.{t}_sampai)""")


def _kept(db: Database | sqlite3.Connection) -> bool:
    """Whether the register has impor_tertunda (one from before it has no import in progress)."""
    return db.execute("SELECT 1 FROM main.sqlite_master WHERE name = 'impor_tertunda'").fetchone() is not None


def worth(db: Database) -> bool:
    """Whether the prepared new cases (merge.prepare) are many enough to copy in chunks."""
    return db.execute("SELECT COUNT(*) FROM temp.new_kasus").fetchone()[0] >= MIN_KASUS


def _process(pid: int) -> str:
    """What tells a running process from a later one with the same pid, or one on another machine
    sharing the file: the host and the process's start time (Linux; else the host alone)."""
    import socket

    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            start = f.read().rsplit(b")", 1)[1].split()[19].decode()
    except (OSError, IndexError):
        start = ""
    return f"{socket.gethostname()} {start}".strip()


def alive(pid: int, proses: str | None) -> bool:
    """Whether the process that reserved is still running (not a later one with its pid). One on
    another machine is taken to run: only its own machine can tell."""
    if proses and proses.split(" ")[0] != _process(os.getpid()).split(" ")[0]:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # another user's process: it runs
    return not proses or _process(pid) in (proses, proses.split(" ")[0])


def clean(db: Database, tell: Callable[[str], None]) -> bool:
    """Remove the rows of reservations whose process is gone (an import killed outright); False
    while another import is still in progress."""
    for rid, pid, proses in db.execute("SELECT id, pid, proses FROM main.impor_tertunda").fetchall():
        if alive(pid, proses):
            return False
        tell(_("Removing the rows of an interrupted import (process {pid})…").format(pid=pid))
        discard(db, rid)
    return True


def described(db: Database) -> list[str]:
    """Each reservation, for `info`: its file, since when, and whether its process still runs."""
    if not _kept(db):
        return []
    return [_("{file} since {mulai} (process {pid}, {state})").format(
                file=berkas, mulai=mulai, pid=pid, state=_("running") if alive(pid, proses) else _("interrupted"))
            for berkas, mulai, pid, proses in db.execute("SELECT berkas, mulai, pid, proses FROM main.impor_tertunda")]


def settle(db: Database, tell: Callable[[str], None], wait: float | None = None) -> None:
    """Before an import plans: wait while another import is in progress (up to `wait` seconds,
    store.WRITE_WAIT_S by default), remove a killed one's rows."""
    start, told = time.monotonic(), False
    while pending(db) and not clean(db, tell):
        if not told:
            tell(_("Waiting for another import into this register to finish ({which})…").format(
                which="; ".join(described(db))))
            told = True
        if time.monotonic() - start > (store.WRITE_WAIT_S if wait is None else wait):
            raise RuntimeFailure(_("another import ({which}) has been in progress for {wait} s; nothing was written. "
                                   "Try again later.").format(which="; ".join(described(db)),
                                                               wait=f"{time.monotonic() - start:.0f}"))
        time.sleep(WAIT_S)


def discard(db: Database, rid: int) -> None:
    """Delete a reservation's rows, chunk by chunk as they were copied (still unseen), then the
    reservation."""
    row = db.execute("SELECT " + ", ".join(f"{t}_dari, {t}_sampai" for t in TABLES)
                     + " FROM main.impor_tertunda WHERE id = ?", [rid]).fetchone()
    if row is None:
        return

    def delete(table: str, first: int, last: int) -> None:
        with store.write(db, counted=False):
            db.execute(f"DELETE FROM main.{table} WHERE id BETWEEN ? AND ?", [first, last])

    with _no_foreign_keys(db):
        for i, t in reversed(list(enumerate(TABLES))):  # the rows that point at others first
            _chunks(row[2 * i], row[2 * i + 1], lambda first, last, t=t: delete(t, first, last))
        with store.write(db, counted=False):
            db.execute("DELETE FROM main.impor_tertunda WHERE id = ?", [rid])


@contextmanager
def _no_foreign_keys(db: Database) -> Iterator[None]:
    """A file's rows arrive table by table and chunk by chunk; they are whole when flipped."""
    db.conn.execute("PRAGMA foreign_keys = OFF")
    try:
        yield
    finally:
        db.conn.execute("PRAGMA foreign_keys = ON")


@dataclass
class _Table:
    """A table's prepared rows: their keys in the TEMP table (first, last), the copy of a chunk of
    them, and which shift makes a key the row's id in the register (set by the reservation)."""
    name: str
    lo: int
    hi: int
    sql: str
    shift: str


def _tables(db: Database) -> list[_Table] | None:
    """The three tables' prepared rows; None when the stages' order numbers are not 1..n (the
    caller then copies in one transaction)."""
    from netralitas import merge

    n, top = db.execute("SELECT COUNT(*), COALESCE(MAX(seq), 0) FROM temp.new_tahapan").fetchone()
    if n != top:
        return None
    out = []
    for t, columns, key, ids in (("kasus", merge.KASUS, "id", {"id": "dk"}),
                                 ("terlapor", merge.TERLAPOR, "id", {"id": "dt", "kasus_id": "dk"}),
                                 ("tahapan", ["id", *merge.TAHAPAN], "seq",
                                  {"id": "dh", "kasus_id": "dk", "terlapor_id": "dt"})):
        lo, hi = db.execute(f"SELECT MIN({key}), MAX({key}) FROM temp.new_{t}").fetchone()
        values = ", ".join(f"{'seq' if c == 'id' and key == 'seq' else c} + :{ids[c]}" if c in ids else c
                           for c in columns)
        out.append(_Table(t, lo or 1, hi or 0, f"INSERT INTO main.{t} ({', '.join(columns)}) SELECT {values} "
                                               f"FROM temp.new_{t} WHERE {key} BETWEEN :a AND :b ORDER BY {key}",
                          ids["id"]))
    return out


def _copy(db: Database, t: _Table, shifts: dict, first: int, last: int) -> None:
    db.execute(t.sql, {**shifts, "a": max(t.lo, first), "b": last})


def _chunk(db: Database, t: _Table, shifts: dict, first: int, last: int) -> None:
    """One chunk, one transaction: another writer waits at most this long."""
    with store.write(db, counted=False):
        _copy(db, t, shifts, first, last)


def _chunks(lo: int, hi: int, step: Callable[[int, int], None]) -> None:
    """Keys hi down to lo, chunk by chunk, `step(first, last)` being one transaction; each chunk is
    sized by how long the last one took: the indexes of a larger register take longer per row,
    and the lock is held about TARGET_S whatever the register's size."""
    size, last = CHUNK, hi
    while last >= lo:
        first = max(lo, last - size + 1)
        start = time.monotonic()
        step(first, last)
        took = max(time.monotonic() - start, 1e-3)
        size = min(CHUNK * 2, max(CHUNK // 8 or 1, int(size * min(2.0, TARGET_S / took))))
        last = first - 1


def land(db: Database, flip: Callable[[Database], bool], *, berkas: str, tell: Callable[[str], None],
         ready: Callable[[Database], bool] | None = None) -> bool:
    """Copy the prepared new rows in chunks, unseen, then run `flip(db)` (the file's other writes)
    in the transaction that shows them; `ready(db)` runs before it, outside the lock. Either says
    False when what was prepared no longer holds (another writer changed what the file meets):
    what was copied is removed, nothing is written, and False says the caller plans again."""
    from netralitas import merge

    tables = _tables(db)
    if tables is None:
        return False
    rid, shifts = None, {}
    with _stopped_as_by_ctrl_c():
        try:
            while rid is None:  # ids above every row another writer has made, or makes meanwhile
                with _no_foreign_keys(db), store.write(db, counted=False):
                    if not pending(db):
                        rid = _reserve(db, tables, shifts, berkas)
                if rid is None:
                    settle(db, tell)
            with merge.copy_cache(db), _no_foreign_keys(db):
                for t in tables:  # (the top chunk came with the reservation)
                    _chunks(t.lo, t.hi - CHUNK, lambda first, last, t=t: _chunk(db, t, shifts, first, last))
            if ready is not None and not ready(db):
                raise _Stale
            with store.write(db):
                if not flip(db):
                    raise _Stale
                db.execute("DELETE FROM main.impor_tertunda WHERE id = ?", [rid])
        except (_Stale, sqlite3.IntegrityError):  # (a nomor of the file recorded by another writer meanwhile)
            if rid is not None:
                _discard_whole(db, rid)
            return False
        except BaseException:
            if rid is not None:
                tell(_("Removing the rows copied so far…"))
                _discard_whole(db, rid)
            raise
    return True


class _Stale(Exception):
    """The prepared rows no longer fit the register: they are removed and the file planned again."""


def pending(db: Database) -> bool:
    """Whether a reservation is there (an import in progress, or a killed one's)."""
    return db.execute("SELECT 1 FROM main.impor_tertunda LIMIT 1").fetchone() is not None


def _reserve(db: Database, tables: list[_Table], shifts: dict, berkas: str) -> int:
    """Inside the write transaction: the ids (each table's rows right above its last row now),
    the reservation, and the top chunk of each table (every other writer's new rows then get ids
    above the reserved ones)."""
    for t in tables:  # the prepared keys start at 1 (tahapan) or above the snapshot's last id
        last = db.execute(f"SELECT COALESCE(MAX(id), 0) FROM main.{t.name}").fetchone()[0]
        shifts[t.shift] = last + 1 - t.lo if t.hi >= t.lo else 0
    pid = os.getpid()
    rid = db.execute("INSERT INTO main.impor_tertunda (pid, proses, berkas, mulai, "
                     + ", ".join(f"{t}_dari, {t}_sampai" for t in TABLES) + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     [pid, _process(pid), berkas, store.now(),
                      *(v + shifts[t.shift] for t in tables for v in (t.lo, t.hi))]).lastrowid
    for t in tables:
        if t.hi >= t.lo:
            _copy(db, t, shifts, t.hi - CHUNK + 1, t.hi)
    return rid


@contextmanager
def _stopped_as_by_ctrl_c() -> Iterator[None]:
    """SIGTERM and SIGHUP (a closed terminal) stop a landing as Ctrl-C does: what it copied is removed."""
    def stop(signum, frame):
        raise KeyboardInterrupt

    try:
        old = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGHUP)}
    except ValueError:  # not the main thread: left as they are
        old = {}
    try:
        yield
    finally:
        for s, handler in old.items():
            signal.signal(s, handler)


def _discard_whole(db: Database, rid: int) -> None:
    """`discard`, not to be cut short by a second Ctrl-C (it comes once the rows are removed)."""
    stops = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    old = signal.pthread_sigmask(signal.SIG_BLOCK, stops) if hasattr(signal, "pthread_sigmask") else None
    try:
        discard(db, rid)
    finally:
        if old is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)
