"""An unchanged file recognised without reading it again.

After a file is imported, the register keeps (table `impor_berkas`) the file's digest, together
with what an import of it depends on (the options: --timpa, --perbarui, --ketat, the file-wide
--pemilu/--sumber/--kab, --baris-header, --sheet, --ignore-unknown; the office that keeps the
database; the netralitas version; the contents of the user's catalogs and vocabulary files),
the cases it maps to and a digest of what those cases hold. Importing the same bytes again, into
a register whose cases still hold exactly that, can only give "0 new, 0 updated, N unchanged":
validation would find the same rows valid, staging the same fingerprints, and the plan would
match them to the same cases (the numbering and the highest case id are part of the record, so a
new case or a renumbering anywhere sends the file through the full import again). Any doubt
means a full import; a false "unchanged" is impossible short of a digest collision.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Iterable

from sqlite_utils import Database

from netralitas import __version__
from netralitas.paths import config_dir

TABLE = "impor_berkas"


def file_key(path: Path, options: dict) -> str:
    """The digest of a file's bytes and of everything an import of it depends on besides the register."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    user = config_dir()  # the user's own words (kosakata.csv, aliases.csv), elections and overrides
    catalogs = sorted((p.name, hashlib.sha256(p.read_bytes()).hexdigest()) for p in user.glob("*") if p.is_file()) \
        if user.is_dir() else []
    h.update(json.dumps([path.suffix.lower(), sorted(options.items()), __version__, catalogs], default=str).encode())
    return h.hexdigest()


def _ranges(ids: Iterable[int]) -> list[list[int]]:
    out: list[list[int]] = []
    for i in ids:
        if out and out[-1][1] == i - 1:
            out[-1][1] = i
        else:
            out.append([i, i])
    return out


def _state(db: Database, ranges: list[list[int]]) -> str:
    """What the file's cases hold (number, fingerprint, deletion) and the register's numbering."""
    h = hashlib.sha256()
    for lo, hi in ranges:
        for row in db.execute("SELECT id, nomor, sidik, dihapus FROM kasus WHERE id BETWEEN ? AND ? ORDER BY id",
                              [lo, hi]):
            h.update(repr(row).encode())
    h.update(repr(db.execute("SELECT COUNT(*), MAX(id) FROM kasus").fetchone()).encode())
    h.update(repr(db.execute("SELECT COUNT(*), MAX(rowid) FROM nomor_lama").fetchone()).encode())
    return h.hexdigest()


def remember(db: Database, key: str, rows: int, ids: Iterable[int], stamp: str) -> None:
    """After a file's import (inside its write transaction): what a repeat of it would find.
    `ids`: the file's cases, in ascending order."""
    ranges = _ranges(ids)
    cases = sum(hi - lo + 1 for lo, hi in ranges)
    db.execute(f"INSERT OR REPLACE INTO {TABLE} (kunci, baris, kasus, rentang, keadaan, dicatat) VALUES (?,?,?,?,?,?)",
               [key, rows, cases, json.dumps(ranges), _state(db, ranges), stamp])


def recall(db: Database, key: str) -> tuple[int, int] | None:
    """(rows, cases) when this file was imported before and its cases still hold what it gave; else None."""
    if not db[TABLE].exists():
        return None
    got = db.execute(f"SELECT baris, kasus, rentang, keadaan FROM {TABLE} WHERE kunci = ?", [key]).fetchone()
    if got is None:
        return None
    rows, cases, ranges, state = got
    return (rows, cases) if _state(db, json.loads(ranges)) == state else None
