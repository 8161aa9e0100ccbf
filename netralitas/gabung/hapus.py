"""Deletions and restorations travel with a hand-over.

An office takes a case out of every count with `hapus` (a soft delete, with riwayat) and puts it
back with `hapus --batal`. Its database hands that over like any other change: when its record is
deleted, and that change is newer by the office's own clock than the copy this roll-up has, the
copy is soft-deleted here too (the same columns as `hapus`, the office's reason, a riwayat row
naming the hand-over and the office); a restored record is restored the same way, then merged as
usual. Never a hard delete. A roll-up's own database carries the state on (its copies' clock is
the office's), so a roll-up of roll-ups follows.

A deleted record this roll-up never had is left out (counted in `dilewati.dihapus`); a record
still live in an older hand-over than the deletion merged here is left out too (counted in
`dilewati.lebih_lama`). Export files hold only live records: deletions travel in databases.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from netralitas import events, store
from netralitas.gabung.sumber import ALIAS, columns


@dataclass
class Perubahan:
    """What one hand-over's deletions and restorations did here."""

    dihapus: int = 0  # copies deleted here because their office deleted them
    dipulihkan: int = 0  # copies restored here because their office restored them
    dilewati: int = 0  # deleted records of the source not followed (no live, older copy here): left out
    lebih_lama: int = 0  # live records older than the deletion merged here: left out
    kasus: dict = field(default_factory=dict)  # office -> ids of the copies changed here


def _source_cases(db: Database, src_kantor: str) -> str | None:
    """The attached source's cases as (id, kantor, nomor, dihapus, alasan, diubah): each with its
    office and its last change by that office's own clock. None when the source keeps no deletions."""
    kcols = columns(db, "kasus")
    if not {"dihapus", "dihapus_alasan"} <= kcols:
        return None
    if "kantor" in kcols:
        office = "COALESCE(k.kantor, :src)"
        stamp = "CASE WHEN k.kantor IS NULL THEN k.updated_at ELSE COALESCE(k.asal_diubah, k.updated_at) END"
    else:
        office, stamp = ":src", "k.updated_at"
    return f"""SELECT k.id, {office} AS kantor, k.nomor, k.dihapus, k.dihapus_alasan AS alasan, {stamp} AS diubah
               FROM {ALIAS}.kasus k"""


def ikuti(db: Database, src_kantor: str, own: str | None, path: Path, table: str) -> Perubahan:
    """Apply the attached source's deletions and restorations to this roll-up's copies (inside the
    merge's transaction, before planning); leave out of temp.`table` the live records this roll-up
    has deleted on a newer change. Records of this roll-up's own office are never touched."""
    out = Perubahan()
    cases = _source_cases(db, src_kantor)
    if cases is None:
        return out
    params = {"src": src_kantor, "own": own}
    pairs = f"""SELECT s.id AS sid, s.kantor, s.dihapus AS s_dihapus, s.alasan, s.diubah, m.id, m.nomor,
                       m.dihapus, m.dihapus_alasan, m.asal_diubah
                FROM ({cases}) s JOIN main.kasus m ON m.kantor = s.kantor AND m.nomor = s.nomor COLLATE NOCASE
                WHERE s.kantor IS NOT :own"""
    newer = "(m.asal_diubah IS NULL OR m.asal_diubah < s.diubah)"
    stamp = store.now()
    deleted = list(db.query(f"{pairs} AND s.dihapus IS NOT NULL AND m.dihapus IS NULL AND {newer}", params))
    for r in deleted:
        db.execute("UPDATE main.kasus SET dihapus = ?, dihapus_alasan = ?, updated_at = ?, asal_diubah = ? WHERE id = ?",
                   [stamp, r["alasan"], stamp, r["diubah"], r["id"]])
        _log(db, r, f"gabung {path.name} (hapus di kantor {r['kantor']})", stamp, None, r["alasan"])
    out.dihapus = len(deleted)
    n_deleted = db.execute(f"SELECT COUNT(*) FROM ({cases}) s WHERE s.dihapus IS NOT NULL", params).fetchone()[0]
    out.dilewati = n_deleted - out.dihapus
    back = list(db.query(f"{pairs} AND s.dihapus IS NULL AND m.dihapus IS NOT NULL", params))
    restored = [r for r in back if r["asal_diubah"] is None or (r["diubah"] and r["asal_diubah"] < r["diubah"])]
    for r in restored:
        db.execute("UPDATE main.kasus SET dihapus = NULL, dihapus_alasan = NULL, updated_at = ? WHERE id = ?",
                   [stamp, r["id"]])
        _log(db, r, f"gabung {path.name} (hapus --batal di kantor {r['kantor']})", stamp, r["dihapus_alasan"], None)
    out.dipulihkan = len(restored)
    stale = [r for r in back if r not in restored]
    for r in stale:  # staged with their office, or NULL for the source's own records
        db.execute(f"DELETE FROM temp.{table} WHERE nomor = ? COLLATE NOCASE AND kantor IS ?",
                   [r["nomor"], None if r["kantor"] == src_kantor else r["kantor"]])
    out.lebih_lama = len(stale)
    for r in deleted + restored:
        out.kasus.setdefault(r["kantor"], []).append(r["id"])
    return out


def _log(db: Database, r: dict, asal: str, stamp: str, lama, baru) -> None:
    history = events.History(r["id"], r["nomor"], asal, stamp)
    history.log(None, "dihapus", lama, baru)
    history.save(db)
