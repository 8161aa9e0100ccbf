"""Writing files safely: never onto the database, never over a file unasked, never through a link.

A file is written to a temporary file created exclusively (a random name, O_EXCL, so a planted
symlink is never followed) in the folder of its destination, then renamed onto it in one step:
a reader never sees half a file, and a failure leaves the destination as it was.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from netralitas.errors import BadValue, RuntimeFailure
from netralitas.i18n import _

DATABASE_SUFFIXES = ("", "-wal", "-shm", "-journal", ".digest.lock")
SQLITE_HEADER = b"SQLite format 3\x00"


def is_sqlite(path: Path) -> bool:
    """Whether `path` is an SQLite database file (by its first 16 bytes)."""
    try:
        with open(path, "rb") as f:
            return f.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def refuse_sqlite(target: Path, *, replaceable: Callable[[Path], bool] | None = None) -> None:
    """An output never replaces an SQLite database (another register, another program's data),
    not even with --timpa; `replaceable` says which databases a command may replace (its own)."""
    if is_sqlite(target) and not (replaceable is not None and replaceable(target)):
        raise BadValue(_("{target} is an SQLite database (a register or another program's data); an output never "
                         "replaces one, not even with --timpa. Give another file name").format(target=target))


def _same(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return a.resolve() == b.resolve()


def refuse_database(target: Path, database: Path) -> None:
    """A file written by netralitas never replaces the database or one of its companions."""
    for suffix in DATABASE_SUFFIXES:
        if _same(target, Path(str(database) + suffix)):
            raise BadValue((_("{target} is the database's {kind} file ({database}); not overwritten. Give another --output")
                            if suffix else _("{target} is the database ({database}); not overwritten. Give another --output")
                            ).format(target=target, kind=suffix.lstrip(".-"), database=database))


def temporary(folder: Path, name: str) -> Path:
    """A new, empty file in `folder` with a random name, created exclusively (no link followed)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    os.close(fd)
    return Path(tmp)


def temporary_text(folder: Path, name: str, text: str) -> Path:
    """A new temporary file holding `text`, written through the descriptor that created it."""
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
    except BaseException:
        os.unlink(tmp)
        raise
    return Path(tmp)


def place(tmp: Path, target: Path, *, overwrite: bool) -> None:
    """Move a finished temporary file onto its destination; without `overwrite`, never over a file."""
    if overwrite:
        os.replace(tmp, target)  # replaces a link itself, never the file it points to
        return
    try:
        os.link(tmp, target)  # fails if anything (a file, a link) is there already: no race
    except FileExistsError:
        raise BadValue(_("{target} exists; not overwritten (add --timpa to replace it)").format(target=target)) from None
    except OSError:  # a file system without hard links
        if os.path.lexists(target):
            raise BadValue(_("{target} exists; not overwritten (add --timpa to replace it)").format(target=target)) from None
        os.replace(tmp, target)
        return
    os.unlink(tmp)


def check(target: Path, *, overwrite: bool, database: Path | None = None,
          replaceable: Callable[[Path], bool] | None = None) -> None:
    """Refuse, before any work, a target `output` would refuse: the database, another SQLite file,
    an existing file without `overwrite` (output and place() check again when writing)."""
    if database is not None:
        refuse_database(target, database)
    refuse_sqlite(target, replaceable=replaceable)
    if not overwrite and os.path.lexists(target):
        raise BadValue(_("{target} exists; not overwritten (add --timpa to replace it)").format(target=target))


@contextmanager
def output(target: Path, *, overwrite: bool, database: Path | None = None,
           replaceable: Callable[[Path], bool] | None = None) -> Iterator[Path]:
    """Yield a temporary path to write; on success it becomes `target`, on failure it disappears.
    An existing SQLite file is never replaced unless `replaceable(target)` says it may be."""
    target = Path(target)
    check(target, overwrite=overwrite, database=database, replaceable=replaceable)
    try:
        tmp = temporary(target.parent if str(target.parent) else Path("."), target.name)
    except OSError as e:
        raise RuntimeFailure(_("cannot write {target}: {error}").format(target=target, error=e.strerror or e)) from None
    try:
        yield tmp
        refuse_sqlite(target, replaceable=replaceable)  # again: it may have appeared meanwhile
        place(tmp, target, overwrite=overwrite)
    except OSError as e:
        raise RuntimeFailure(_("cannot write {target}: {error}").format(target=target, error=e.strerror or e)) from None
    finally:
        if tmp.exists():
            tmp.unlink()
