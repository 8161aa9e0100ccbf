"""A source of a roll-up: another office's netralitas database or one of its export files."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from sqlite_utils import Database

from netralitas import importer, store
from netralitas.errors import InvalidInput
from netralitas.gabung.periksa import Periksa, case_values
from netralitas.i18n import _
from netralitas.models import KASUS_FIELDS, TERLAPOR_FIELDS

SQLITE_HEADER = b"SQLite format 3\x00"
ALIAS = "sumber"  # the schema name a source database is attached as


@dataclass(frozen=True)
class Sumber:
    path: Path
    jenis: str  # "db", or the export's format: csv, yaml, xlsx
    kantor: str | None  # the office code (from the database, or --kantor for an export)
    nama: str | None


def is_database(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(16) == SQLITE_HEADER
    except OSError:
        return False


def identify(db: Database, path: Path, kantor: str | None, nama: str | None) -> Sumber:
    """What `path` is and whose: a database says its office itself (`kantor set` there); an export
    needs --kantor. Raises InvalidInput naming the file when it cannot be merged."""
    if not path.is_file():
        raise InvalidInput(_("{file}: no such file").format(file=path))
    if is_database(path):
        if _same(path, getattr(db, "netralitas_path", None)):
            raise InvalidInput(_("{file} is this database itself").format(file=path))
        with attached(db, path):
            own = _source_office(db, path)
        if own is None and kantor is None:
            raise InvalidInput(_("{file}: the database does not say which office keeps it; run `netralitas kantor "
                                 "set` in it, or give --kantor").format(file=path))
        if own is not None and kantor is not None and own[0] != kantor:
            raise InvalidInput(_("{file} is the database of office {own}, not {given}").format(
                file=path, own=own[0], given=kantor))
        code, name = own or (kantor, nama)
        return Sumber(path, "db", code, name or office_label(code))
    kind = importer.file_kind(path)
    if kind is None:
        raise InvalidInput(_("{file}: expected a netralitas database or an export (.csv, .yaml, .xlsx)").format(file=path))
    if kantor is None:
        raise InvalidInput(_("{file}: an export file does not say which office keeps it; give --kantor "
                             "(the office's region code or name)").format(file=path))
    return Sumber(path, kind, kantor, nama or office_label(kantor))


def _same(a: Path, b: Path | None) -> bool:
    try:
        return b is not None and Path(b).exists() and a.samefile(b)
    except OSError:
        return False


def office_label(code: str) -> str:
    from netralitas.wilayah import catalog

    return "Bawaslu " + (catalog().nama(code) or code)


class attached:
    """`with attached(db, path):` the source database as schema `sumber`, read-only; detached after."""

    def __init__(self, db: Database, path: Path):
        self.db, self.path = db, path

    def __enter__(self):
        uri = f"{self.path.resolve().as_uri()}?mode=ro"
        try:
            self.db.execute(f"ATTACH DATABASE ? AS {ALIAS}", [uri])
        except sqlite3.DatabaseError as e:
            raise InvalidInput(_("{file}: cannot read the database: {error}").format(file=self.path, error=e)) from None
        tables = {r[0] for r in self.db.execute(f"SELECT name FROM {ALIAS}.sqlite_master WHERE type = 'table'")}
        if not {"kasus", "terlapor"} <= tables:
            self.__exit__(None, None, None)
            raise InvalidInput(_("{file} is not a netralitas database (no kasus and terlapor tables)").format(
                file=self.path))
        pending = "impor_tertunda" in tables and self.db.execute(f"SELECT berkas FROM {ALIAS}.impor_tertunda").fetchone()
        if pending:  # its rows are not the office's records yet (netralitas/tertunda.py)
            self.__exit__(None, None, None)
            raise InvalidInput(_("{file}: an import into it is in progress or was interrupted (file {berkas}); nothing "
                                 "was merged. Wait for it, or run that import again there (it removes what was "
                                 "left), then merge").format(file=self.path, berkas=pending[0]))
        return self

    def __exit__(self, *exc):
        self.db.execute(f"DETACH DATABASE {ALIAS}")


def columns(db: Database, table: str) -> set[str]:
    return {r[1] for r in db.execute(f"PRAGMA {ALIAS}.table_info({table})")}


def _source_office(db: Database, path: Path) -> tuple[str, str] | None:
    if "wilayah" not in columns(db, "kantor"):
        return None
    row = db.execute(f"SELECT wilayah, nama FROM {ALIAS}.kantor WHERE id = 1").fetchone()
    return (row[0], row[1]) if row else None


def counts(db: Database) -> dict:
    """What the attached source holds that is not handed over: its deleted records (its own or merged)."""
    if "dihapus" not in columns(db, "kasus"):
        return {"dihapus": 0}
    return {"dihapus": db.execute(f"SELECT COUNT(*) FROM {ALIAS}.kasus WHERE dihapus IS NOT NULL").fetchone()[0]}


def records(db: Database, periksa: Periksa) -> Iterator[tuple[int | None, tuple]]:
    """The attached source's live cases, one staged row per terlapor (importer.staged_record), in
    case order: its own, and (a roll-up's) those it merged from other offices, staged with their
    office and their last change by that office's own clock, so that the roll-up merging them
    updates them only from that office and only with a newer copy. Deleted cases are left out.
    Each is checked as an imported row (`periksa`), and staged as the checks give it; one with a
    problem is not staged (the problems are in periksa.problems)."""
    kcols = columns(db, "kasus")
    tcols = columns(db, "terlapor")
    case_fields = [c for c in store.CASE_COLUMNS if c in kcols]
    person_fields = [c for c in store.PERSON_COLUMNS if c in tcols]
    where = "WHERE k.dihapus IS NULL" if "dihapus" in kcols else ""
    merged = "kantor" in kcols
    office = "k.kantor" if merged else "NULL"
    stamp = "CASE WHEN k.kantor IS NULL THEN k.updated_at ELSE COALESCE(k.asal_diubah, k.updated_at) END" \
        if merged else "k.updated_at"
    present = ",".join(sorted({*KASUS_FIELDS, *TERLAPOR_FIELDS} & {*case_fields, *person_fields, "nomor"}))
    sql = f"""SELECT k.id AS kid, k.nomor AS nomor, {stamp} AS diubah_, {office} AS kantor_, t.kasus_id AS tk,
                     {', '.join('k.' + c for c in case_fields)}
                     {''.join(f', t.{c} AS p_{c}' for c in person_fields)}
              FROM {ALIAS}.kasus k LEFT JOIN {ALIAS}.terlapor t ON t.kasus_id = k.id
              {where} ORDER BY k.id, t.urutan"""
    cursor = db.conn.execute(sql)
    names = [d[0] for d in cursor.description]
    for values in cursor:
        row = dict(zip(names, values))
        prec = {c: row.get("p_" + c) for c in store.PERSON_COLUMNS} if row["tk"] is not None else None
        got = periksa(row["kid"], case_values(row), prec, row["kantor_"])
        if got is not None:
            rec, prec, sig, office = got
            yield None, importer.staged_record(rec, prec, row["kid"], present, row["diubah_"], office, sig)


def asal_rows(db: Database, office: str) -> list[dict]:
    """The attached roll-up's hand-overs of one office's records: the origin of each relayed record
    (kasus.asal_id), with the way it came (lewat) and its first file when the source relayed it too."""
    cols = columns(db, "asal") if "asal" in _tables(db) else set()
    if not {"id", "nama", "file", "waktu"} <= cols:
        return []
    extra = [c for c in ("lewat", "file_awal", "waktu_awal") if c in cols]
    return [dict(r) for r in db.query(
        f"""SELECT id, nama, file, waktu{''.join(', ' + c for c in extra)} FROM {ALIAS}.asal
            WHERE id IN (SELECT asal_id FROM {ALIAS}.kasus WHERE kantor = ?)""", [office])]


def _tables(db: Database) -> set[str]:
    return {r[0] for r in db.execute(f"SELECT name FROM {ALIAS}.sqlite_master WHERE type = 'table'")}
