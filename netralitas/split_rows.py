"""A large CSV file's rows checked by two processes, each its share of them.

Checking a row (its cells through the models' types, the cross-field rules, the signatures) is
most of what an import costs in Python. A file of at least SPLIT bytes, on a machine with a
second CPU, is read by both the importer and a forked child: each reads every row (reading is
cheap) but checks only its own blocks of BLOCK rows (HERE of every CYCLE; the child the others),
which stages them in a scratch SQLite file of its own, copied into temp.staging once it is done.
Each row is staged under its line (seq = line), so temp.staging holds what one process would
have staged, in the file's order; the child's share of the counts, problems and date warnings
joins the importer's (`FileResult.absorb`), in line order as one process would have found them.
The scratch file (names and NIP among its rows) loses its name as soon as both processes have
it open, before any row is written to it, and is gone when the last of them ends, however it
ends (SQLite's own temporary files are made the same way).

The child reads the file the importer opened (its descriptor, opened again: not the path, which
may name another file by then). A file that stops being readable (a line too long, broken CSV)
stops both at the same line: the child's share of the rows before it still joins, then the
error goes on as it would have.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Callable, Iterator

from netralitas import staging
from netralitas.forked import reap, second_cpu, sendable, spawn, stopped

SPLIT = 1 << 20  # bytes: a smaller file is checked in-process (forking costs more than it saves)
BLOCK = 2000  # rows: the unit the two processes share out
CYCLE, HERE = 2, (0,)  # of every CYCLE blocks, those the importer checks (it also copies the child's in)
BATCH = 2000  # rows per executemany
FDS = "/proc/self/fd"


def worth(path: Path) -> bool:
    return path.stat().st_size >= SPLIT and second_cpu() and os.path.isdir(FDS)


def again(fd: int) -> str:
    """Where the child opens the file the importer reads through `fd`: a new offset on the same
    file (Linux's /proc/self/fd), whatever its path names by then."""
    return f"{FDS}/{fd}"


def mine(index: int, half: int) -> bool:
    """Whether the row at `index` (counting the rows the reader yields) is checked by `half`
    (0: the importer, 1: the child)."""
    return ((index // BLOCK) % CYCLE in HERE) == (half == 0)


class Split:
    """The records of one file, made by `make(half)` in each process (0: here, on the reader
    already open; 1: in the child). `result` (a FileResult) is what both count into."""

    def __init__(self, make: Callable[[int], Iterator[tuple[int, tuple]]], result):
        self.make, self.result = make, result

    def stage_into(self, db) -> None:
        import tempfile
        from multiprocessing import Pipe

        fd, scratch = tempfile.mkstemp(prefix="netralitas-", suffix=".db")
        os.close(fd)
        mark = self.result.mark()
        receive, send = Pipe(duplex=False)
        attached, child = False, None
        try:
            db.execute("ATTACH DATABASE ? AS split_half", [scratch])
            attached = True
            child = spawn(_child, (self.make, self.result, mark, scratch, send), (receive,))
            send.close()
            if (said := receive.recv()) != "open":  # else the child has the file open: its name can go
                raise said[1] or stopped(child)  # it could not make the scratch (a full disk…)
            os.unlink(scratch)
            sql = _insert_sql("temp.staging")
            try:
                batch: list = []
                for line, rec in self.make(0):
                    batch.append((line, line, *rec))
                    if len(batch) >= BATCH:
                        db.conn.executemany(sql, batch)
                        batch.clear()
                db.conn.executemany(sql, batch)
            except Exception:
                self._join(receive, child, own_error=True)  # the child stops at the same line
                raise
            self._join(receive, child, own_error=False)
            db.execute("INSERT INTO temp.staging SELECT * FROM split_half.staging")
        except EOFError:
            raise stopped(child) from None
        finally:
            receive.close()
            reap(child)
            if attached:
                try:
                    db.execute("DETACH DATABASE split_half")
                except sqlite3.Error:  # a statement still running (interrupted): it goes with the connection
                    pass
            try:
                os.unlink(scratch)
            except FileNotFoundError:
                pass

    def _join(self, receive, child, *, own_error: bool) -> None:
        """The child's share, added to the result; its error raised (its death: a runtime failure),
        unless this process has one."""
        try:
            part, error = receive.recv()
        except (EOFError, OSError):
            if own_error:
                return
            raise stopped(child) from None
        if part is not None:
            self.result.absorb(part)
        if error is not None and not own_error:
            raise error


def _insert_sql(table: str) -> str:
    """Staging rows keyed by their line (seq = line: one record per CSV row, in the file's order)."""
    return f"INSERT INTO {table} (seq, line, {', '.join(staging.COLUMNS)}) VALUES ({', '.join('?' * (len(staging.COLUMNS) + 2))})"


def _child(make, result, mark, scratch: str, send) -> None:
    """In the child: its blocks' rows, staged in `scratch`; then its share of the result and how it ended."""
    error = None
    try:
        conn = sqlite3.connect(scratch, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode = OFF")  # a private scratch, soon without a name: no journal beside it
            conn.execute("PRAGMA synchronous = OFF")
            conn.execute(f"CREATE TABLE staging {staging.TABLE}")
            send.send("open")
            conn.execute("BEGIN")
            sql, batch = _insert_sql("staging"), []
            for line, rec in make(1):
                batch.append((line, line, *rec))
                if len(batch) >= BATCH:
                    conn.executemany(sql, batch)
                    batch = []
            conn.executemany(sql, batch)
            conn.execute("COMMIT")
        finally:
            conn.close()
    except Exception as e:  # raised again in the importer, unless it stopped at the same place
        error = sendable(e)
    try:
        send.send((result.part(mark), error))
        send.close()
    except OSError:
        pass  # the importer is gone
