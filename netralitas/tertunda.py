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
killed outright leaves its reservation, whose process is gone: the next large import removes
those rows first (`clean`). A copied nomor is in the unique index: `add` of the same nomor
meanwhile is told that an import holds it (`store.held_by_import`); one recorded by another
writer before its chunk came makes the copy fail, and the file is planned again (it is then a
recorded case).
"""

from __future__ import annotations

import os
import sqlite3
import time
from typing import TYPE_CHECKING, Callable

from netralitas import store
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
    if not conn.execute("SELECT 1 FROM main.sqlite_master WHERE name = 'impor_tertunda'").fetchone():
        return
    for t in TABLES:
        conn.execute(f"""CREATE TEMP VIEW IF NOT EXISTS {t} AS SELECT * FROM main.{t}
                         WHERE NOT EXISTS (SELECT 1 FROM main.impor_tertunda)
                            OR NOT EXISTS (SELECT 1 FROM main.impor_tertunda p
                                           WHERE main.{t}.id BETWEEN p.{t}_dari AND p.{t}_sampai)""")


def worth(db: Database) -> bool:
    """Whether the prepared new cases (merge.prepare) are many enough to copy in chunks."""
    return db.execute("SELECT COUNT(*) FROM temp.new_kasus").fetchone()[0] >= MIN_KASUS


def _process(pid: int) -> str | None:
    """What tells a running process from a later one with the same pid: its start time (Linux)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[19].decode()
    except (OSError, IndexError):
        return None


def _alive(pid: int, proses: str | None) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # another user's process: it runs
    return proses is None or _process(pid) in (None, proses)


def clean(db: Database, tell: Callable[[str], None]) -> bool:
    """Remove the rows of reservations whose process is gone (an import killed outright); False
    while another import is still in progress."""
    for rid, pid, proses in db.execute("SELECT id, pid, proses FROM main.impor_tertunda").fetchall():
        if _alive(pid, proses):
            return False
        tell(_("Removing the rows of an interrupted import (process {pid})…").format(pid=pid))
        discard(db, rid)
    return True


def settle(db: Database, tell: Callable[[str], None]) -> None:
    """Before an import plans: wait while another import is in progress, remove a killed one's rows."""
    told = False
    while pending(db) and not clean(db, tell):
        if not told:
            tell(_("Waiting for another import into this register to finish…"))
            told = True
        time.sleep(WAIT_S)


def discard(db: Database, rid: int) -> None:
    """Delete a reservation's rows, chunk by chunk (still unseen), then the reservation."""
    row = db.execute("SELECT " + ", ".join(f"{t}_dari, {t}_sampai" for t in TABLES)
                     + " FROM main.impor_tertunda WHERE id = ?", [rid]).fetchone()
    if row is None:
        return
    with _no_foreign_keys(db):
        for i, t in reversed(list(enumerate(TABLES))):  # the rows that point at others first
            lo, hi = row[2 * i], row[2 * i + 1]
            for start in range(hi, lo - 1, -CHUNK):
                with store.write(db, counted=False):
                    db.execute(f"DELETE FROM main.{t} WHERE id BETWEEN ? AND ?", [max(lo, start - CHUNK + 1), start])
        with store.write(db, counted=False):
            db.execute("DELETE FROM main.impor_tertunda WHERE id = ?", [rid])


class _no_foreign_keys:
    """A file's rows arrive table by table and chunk by chunk; they are whole when flipped."""

    def __init__(self, db: Database):
        self.conn = db.conn

    def __enter__(self):
        self.conn.execute("PRAGMA foreign_keys = OFF")

    def __exit__(self, *exc):
        self.conn.execute("PRAGMA foreign_keys = ON")


def _ranges(db: Database) -> dict[str, tuple[int, int, str, int]] | None:
    """Per table: the prepared ids (first, last), the copy of a chunk (its parameters: the first and
    last source key) and what the source key adds up to an id. None when the stages' order
    numbers are not 1..n (the caller then copies in one transaction)."""
    from netralitas import merge

    out = {}
    for t, columns in (("kasus", merge.KASUS), ("terlapor", merge.TERLAPOR)):
        lo, hi = db.execute(f"SELECT MIN(id), MAX(id) FROM temp.new_{t}").fetchone()
        cols = ", ".join(columns)
        out[t] = (lo or 1, hi or 0, f"INSERT INTO main.{t} ({cols}) SELECT {cols} FROM temp.new_{t} "
                                    "WHERE id BETWEEN ? AND ? ORDER BY id", 0)
    n, top = db.execute("SELECT COUNT(*), COALESCE(MAX(seq), 0) FROM temp.new_tahapan").fetchone()
    if n != top:
        return None
    base = int(db.execute("SELECT COALESCE(MAX(id), 0) FROM main.tahapan").fetchone()[0])
    cols = ", ".join(merge.TAHAPAN)  # the ids one INSERT … ORDER BY seq would give: base + seq
    out["tahapan"] = (base + 1, base + n, f"INSERT INTO main.tahapan (id, {cols}) SELECT seq + {base}, {cols} "
                                          "FROM temp.new_tahapan WHERE seq BETWEEN ? AND ? ORDER BY seq", base)
    return out


def _copy(db: Database, spec: tuple[int, int, str, int], first: int, last: int) -> None:
    lo, _hi, sql, base = spec
    db.execute(sql, [max(lo, first) - base, last - base])


def _chunk(db: Database, spec: tuple[int, int, str, int], first: int, last: int) -> None:
    """One chunk, one transaction: another writer waits at most this long."""
    with store.write(db, counted=False):
        _copy(db, spec, first, last)


def _chunks(db: Database, spec: tuple[int, int, str, int]) -> None:
    """A table's rows below the top chunk (it came with the reservation), from the top down, each
    chunk sized by how long the last one took: the indexes of a larger register take longer per
    row, and the lock is held about TARGET_S whatever the register's size."""
    lo, hi = spec[:2]
    size, last = CHUNK, hi - CHUNK
    while last >= lo:
        first = max(lo, last - size + 1)
        start = time.monotonic()
        _chunk(db, spec, first, last)
        took = max(time.monotonic() - start, 1e-3)
        size = min(CHUNK * 2, max(CHUNK // 8 or 1, int(size * min(2.0, TARGET_S / took))))
        last = first - 1


def land(db: Database, seen: int, flip: Callable[[Database], bool], *, berkas: str,
         tell: Callable[[str], None]) -> bool:
    """Copy the prepared new rows in chunks, unseen, then run `flip(db)` (the file's other writes;
    False: what was prepared no longer holds) in the transaction that shows them. False: nothing
    was written and the caller plans again (another writer committed since the snapshot `seen`,
    or `flip` refused)."""
    from netralitas import merge

    ranges = _ranges(db)
    if ranges is None:
        return False
    while True:
        with _no_foreign_keys(db), store.write(db, counted=False):
            if merge.version(db) != seen:
                return False
            rid = None if pending(db) else _reserve(db, ranges, berkas)
        if rid is not None:
            break
        settle(db, tell)
    try:
        before = db.execute("PRAGMA main.cache_size").fetchone()[0]
        db.execute(f"PRAGMA main.cache_size = {-merge.COPY_CACHE_KIB}")
        try:
            with _no_foreign_keys(db):
                for spec in ranges.values():
                    _chunks(db, spec)
        finally:
            db.execute(f"PRAGMA main.cache_size = {int(before)}")
        with store.write(db):
            if not flip(db):
                raise _Stale
            db.execute("DELETE FROM main.impor_tertunda WHERE id = ?", [rid])
    except (_Stale, sqlite3.IntegrityError):  # (a nomor of the file recorded by another writer meanwhile)
        discard(db, rid)
        return False
    except BaseException:
        tell(_("Removing the rows copied so far…"))
        discard(db, rid)
        raise
    return True


class _Stale(Exception):
    """The prepared rows no longer fit the register: they are removed and the file planned again."""


def pending(db: Database) -> bool:
    """Whether a reservation is there (an import in progress, or a killed one's)."""
    return db.execute("SELECT 1 FROM main.impor_tertunda LIMIT 1").fetchone() is not None


def _reserve(db: Database, ranges: dict, berkas: str) -> int:
    """Inside the write transaction: the reservation, and the top chunk of each table (so that any
    other writer's new rows get ids above the reserved ones)."""
    pid = os.getpid()
    rid = db.execute("INSERT INTO main.impor_tertunda (pid, proses, berkas, mulai, "
                     + ", ".join(f"{t}_dari, {t}_sampai" for t in TABLES) + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     [pid, _process(pid), berkas, store.now(),
                      *(v for t in TABLES for v in ranges[t][:2])]).lastrowid
    for spec in ranges.values():
        lo, hi = spec[:2]
        if hi >= lo:
            _copy(db, spec, hi - CHUNK + 1, hi)
    return rid
