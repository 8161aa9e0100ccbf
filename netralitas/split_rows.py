"""A large CSV file's rows checked by two processes, each staging half of them.

Checking a row (its cells through the models' types, the cross-field rules, the signatures) and
staging it is most of what an import costs. A file of at least SPLIT bytes, on a machine with a
second CPU, is read by both the importer and a forked child: each reads every row (reading is
cheap) but checks and stages only its own blocks of BLOCK rows, the even blocks here, the odd
ones in the child, which stages them in a private SQLite file. The child's rows are then copied
into temp.staging, keyed by their line, so the staging holds what one process would have staged,
in the file's order; the child's share of the counts, problems and date warnings joins the
importer's (`FileResult.absorb`), in line order as one process would have found them.

A file that stops being readable (a line too long, broken CSV) stops both at the same line: the
child's share of the rows before it still joins, then the error goes on as it would have.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path
from typing import Callable, Iterator

from netralitas import staging
from netralitas.forked import second_cpu, sendable

SPLIT = 1 << 20  # bytes: a smaller file is checked in-process (forking costs more than it saves)
BLOCK = 2000  # rows: the unit the two processes take turns on
BATCH = 2000  # rows per executemany


def worth(path: Path) -> bool:
    return path.stat().st_size >= SPLIT and second_cpu()


def mine(index: int, half: int) -> bool:
    """Whether the row at `index` (counting the rows the reader yields) is checked by `half`."""
    return (index // BLOCK) & 1 == half


class Split:
    """The records of one file, made by `make(half)` in each process (0: here, on the reader
    already open; 1: in the child, which must open its own: the two must not share a file
    offset). `result` (a FileResult) is what both count into."""

    def __init__(self, make: Callable[[int], Iterator[tuple[int, tuple]]], result):
        self.make, self.result = make, result

    def stage_into(self, db) -> None:
        import multiprocessing

        fd, scratch = tempfile.mkstemp(prefix="netralitas-", suffix=".db")
        os.close(fd)
        mark = self.result.mark()
        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        child = context.Process(target=_child, args=(self.make, self.result, mark, scratch, send), daemon=True)
        child.start()
        send.close()
        try:
            try:
                _insert(db.conn, "temp.staging", self.make(0))
            except Exception:
                self._join(receive, child, own_error=True)  # the child stops at the same line
                raise
            self._join(receive, child, own_error=False)
            db.execute("ATTACH DATABASE ? AS split_half", [scratch])
            try:
                db.execute("INSERT INTO temp.staging SELECT * FROM split_half.staging")
            finally:
                db.execute("DETACH DATABASE split_half")
        finally:
            receive.close()
            if child.is_alive():
                child.terminate()
            child.join()
            for suffix in ("", "-journal"):
                try:
                    os.unlink(scratch + suffix)
                except FileNotFoundError:
                    pass

    def _join(self, receive, child, *, own_error: bool) -> None:
        """The child's share, added to the result; its error raised, unless this process has one."""
        try:
            part, error = receive.recv()
        except EOFError:
            if own_error:
                return
            raise RuntimeError(f"the second reader stopped (exit code {child.join(5) or child.exitcode})") from None
        if part is not None:
            self.result.absorb(part)
        if error is not None and not own_error:
            raise error


def _insert(conn: sqlite3.Connection, table: str, records: Iterator[tuple[int, tuple]]) -> None:
    """Staging rows keyed by their line (seq = line: one record per CSV row, in the file's order)."""
    sql = f"INSERT INTO {table} (seq, line, {', '.join(staging.COLUMNS)}) VALUES ({', '.join('?' * (len(staging.COLUMNS) + 2))})"
    batch = []
    for line, rec in records:
        batch.append((line, line, *rec))
        if len(batch) >= BATCH:
            conn.executemany(sql, batch)
            batch.clear()
    if batch:
        conn.executemany(sql, batch)


def _child(make, result, mark, scratch: str, send) -> None:
    """In the child: the odd blocks, staged in `scratch`; then its share of the result and how it ended."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the importer's to handle; it stops this child
    error = None
    try:
        conn = sqlite3.connect(scratch, isolation_level=None)
        conn.execute("PRAGMA journal_mode = OFF")  # a private scratch: thrown away if anything fails
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute(f"CREATE TABLE staging {staging.TABLE}")
        conn.execute("BEGIN")
        try:
            _insert(conn, "staging", make(1))
        finally:
            conn.execute("COMMIT")
            conn.close()
    except Exception as e:  # raised again in the importer, unless it stopped at the same place
        error = sendable(e)
    send.send((result.part(mark), error))
    send.close()

