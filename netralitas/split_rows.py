"""A large CSV file's rows checked by two processes, each its share of them.

Checking a row (its cells through the models' types, the cross-field rules, the signatures) is
most of what an import costs in Python. A file of at least SPLIT bytes, on a machine with a
second CPU, is read by both the importer and a forked child: each reads every row (reading is
cheap) but checks only its own blocks of BLOCK rows: two of every five here, three in the child,
which sends its checked rows back in batches (the importer also stages them all). Each row is
staged under its line (seq = line), so temp.staging holds what one process would have staged,
in the file's order; the child's share of the counts, problems and date warnings joins the
importer's (`FileResult.absorb`), in line order as one process would have found them. Nothing
of the file is written anywhere else: the rows cross a pipe.

The child reads the file the importer opened (its descriptor, opened again: not the path, which
may name another file by then). A file that stops being readable (a line too long, broken CSV)
stops both at the same line: the child's share of the rows before it still joins, then the
error goes on as it would have.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterator

from netralitas import staging
from netralitas.errors import RuntimeFailure
from netralitas.forked import second_cpu, sendable, stopped

SPLIT = 1 << 20  # bytes: a smaller file is checked in-process (forking costs more than it saves)
BLOCK = 2000  # rows: the unit the two processes share out
HERE = (0, 2)  # of every five blocks, those the importer checks: it also stages the child's
BATCH = 1000  # rows per executemany, and per message from the child
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
    return ((index // BLOCK) % 5 in HERE) == (half == 0)


class Split:
    """The records of one file, made by `make(half)` in each process (0: here, on the reader
    already open; 1: in the child). `result` (a FileResult) is what both count into."""

    def __init__(self, make: Callable[[int], Iterator[tuple[int, tuple]]], result):
        self.make, self.result = make, result

    def stage_into(self, db) -> None:
        import multiprocessing

        mark = self.result.mark()
        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        child = context.Process(target=_child, args=(self.make, self.result, mark, send, receive), daemon=True)
        child.start()
        send.close()
        sql = _insert_sql("temp.staging")
        end = None  # how the child ended, once it said so
        try:
            batch: list = []
            try:
                for line, rec in self.make(0):
                    batch.append((line, line, *rec))
                    if len(batch) >= BATCH:
                        db.conn.executemany(sql, batch)
                        batch.clear()
                        while end is None and receive.poll():  # the child's rows as they come: it never waits long
                            end = self._take(db, sql, receive, child)
                db.conn.executemany(sql, batch)
            except Exception:
                self._drain(db, sql, receive, child, end, own_error=True)  # the child stops at the same line
                raise
            self._drain(db, sql, receive, child, end, own_error=False)
        finally:
            receive.close()
            if child.is_alive():
                child.terminate()
            child.join()

    def _drain(self, db, sql: str, receive, child, end: tuple | None, *, own_error: bool) -> None:
        """The child's rows until its end (`end`: said already): its share added to the result;
        its error raised, unless this process has one."""
        while True:
            if end is None:
                try:
                    end = self._take(db, sql, receive, child)
                except RuntimeFailure:
                    if own_error:
                        return
                    raise
            if end is not None:
                part, error = end
                if part is not None:
                    self.result.absorb(part)
                if error is not None and not own_error:
                    raise error
                return

    @staticmethod
    def _take(db, sql: str, receive, child) -> tuple | None:
        """One message of the child: rows (staged; None returned), or how it ended."""
        try:
            kind, payload = receive.recv()
        except (EOFError, OSError):
            raise stopped(child) from None
        if kind == "rows":
            db.conn.executemany(sql, payload)
            return None
        return payload


def _insert_sql(table: str) -> str:
    """Staging rows keyed by their line (seq = line: one record per CSV row, in the file's order)."""
    return f"INSERT INTO {table} (seq, line, {', '.join(staging.COLUMNS)}) VALUES ({', '.join('?' * (len(staging.COLUMNS) + 2))})"


def _child(make, result, mark, send, receive) -> None:
    """In the child: its blocks' rows, sent in batches; then its share of the result and how it ended."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the importer's to handle; it stops this child
    receive.close()  # the importer's end: with it closed here, a send fails when the importer is gone
    error = None
    try:
        batch: list = []
        for line, rec in make(1):
            batch.append((line, line, *rec))
            if len(batch) >= BATCH:
                send.send(("rows", batch))
                batch = []
        send.send(("rows", batch))
    except (BrokenPipeError, ConnectionResetError):
        return  # the importer is gone
    except Exception as e:  # raised again in the importer, unless it stopped at the same place
        error = sendable(e)
    try:
        send.send(("end", (result.part(mark), error)))
        send.close()
    except OSError:
        pass

