"""Storing prevention, monitoring and recap records: found by their key, every change in a history.

Call the writing functions inside store.write(db). Table names come from the record kinds
(fixed text); every value reaches SQL as a parameter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from netralitas import store
from netralitas.errors import InvalidInput
from netralitas.i18n import _

if TYPE_CHECKING:
    from sqlite_utils import Database

TABLES = ("sosialisasi", "pantau", "rekap")
HISTORY = "riwayat_catatan"


def _table(name: str) -> str:
    if name not in TABLES:
        raise ValueError(f"not a record table: {name}")
    return name


def _text(value) -> str | None:
    return None if value is None else str(value)


def simpan(db: Database, tabel: str, rec: dict, asal: str, *, stamp: str | None = None,
           ganti: bool = True) -> tuple[str, str, dict]:
    """Insert or update one record by its `kode`; return (kode, 'baru'|'diubah'|'sama', changes).

    Changed columns go to `riwayat_catatan` with their old and new values. With ganti=False a
    record with the same key and other content is refused (InvalidInput)."""
    tabel = _table(tabel)
    stamp = stamp or store.now()
    old = next(db.query(f"SELECT * FROM {tabel} WHERE kode = ?", [rec["kode"]]), None)
    if old is None:
        db[tabel].insert({**rec, "created_at": stamp, "updated_at": stamp})
        return rec["kode"], "baru", {}
    changes = {c: (old[c], v) for c, v in rec.items() if old[c] != v}
    if not changes:
        return rec["kode"], "sama", {}
    if not ganti:
        listed = ", ".join(changes)
        raise InvalidInput(_("{table} {kode} is already recorded with other {listed}; nothing was written. Give --kode for another "
                             "activity, or --ganti to change this one (the old values are kept in its history)").format(
                               table=tabel, kode=rec["kode"], listed=listed))
    db[HISTORY].insert_all({"waktu": stamp, "tabel": tabel, "kode": rec["kode"], "kolom": c, "lama": _text(a),
                            "baru": _text(b), "asal": asal} for c, (a, b) in changes.items())
    db[tabel].update(old["id"], {**{c: b for c, (a, b) in changes.items()}, "updated_at": stamp})
    return rec["kode"], "diubah", changes


def ambil(db: Database, tabel: str, kode: str) -> dict | None:
    return next(db.query(f"SELECT * FROM {_table(tabel)} WHERE kode = ?", [kode]), None)


def riwayat(db: Database, tabel: str, kode: str) -> list[dict]:
    """A record's changes, oldest first."""
    return list(db.query(f"SELECT waktu, kolom, lama, baru, asal FROM {HISTORY} WHERE tabel = ? AND kode = ? "
                         "ORDER BY id", [_table(tabel), kode]))


def daftar(db: Database, tabel: str, seleksi, *, tanggal: str | None = None) -> list[dict]:
    """Records in a selection's regions and elections (and, given the date column, its period)."""
    where, params = where_of(seleksi, tanggal=tanggal)
    order = f"{tanggal}, " if tanggal else ""
    return list(db.query(f"SELECT * FROM {_table(tabel)} WHERE {where} ORDER BY {order}wilayah, pemilu, id", params))


def where_of(seleksi, *, tanggal: str | None = None, alias: str = "") -> tuple[str, list]:
    """The region, election and date filters of a selection, for a record table."""
    a = f"{alias}." if alias else ""
    parts, params = ["1=1"], []
    if seleksi.kab:  # a province-wide activity has no kab: --prov selects it
        parts.append(f"({a}wilayah IN ({','.join('?' * len(seleksi.kab))}))")
        params += list(seleksi.kab)
    if seleksi.prov:
        parts.append(f"{a}provinsi IN ({','.join('?' * len(seleksi.prov))})")
        params += list(seleksi.prov)
    if seleksi.pemilu:
        parts.append(f"{a}pemilu IN ({','.join('?' * len(seleksi.pemilu))})")
        params += list(seleksi.pemilu)
    if tanggal and seleksi.dari:
        parts.append(f"{a}{tanggal} >= ?")
        params.append(seleksi.dari.isoformat())
    if tanggal and seleksi.sampai:
        parts.append(f"{a}{tanggal} <= ?")
        params.append(seleksi.sampai.isoformat())
    return " AND ".join(parts), params


def jumlah(db: Database) -> dict:
    """How many records of each kind the database holds."""
    return {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}
