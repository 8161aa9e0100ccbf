"""Possible duplicates across offices: listed for a person to look at, never merged.

- `nip`: the same NIP in the same election in cases kept by two offices (a kab and its province
  often both register one event);
- `nomor`: the same nomor (ignoring case) kept by two offices;
- `nip_sekantor`: the same NIP in the same election in two cases one other office keeps under
  different nomor: an office that renumbered a case (`ubah --nomor-baru`) and handed over only an
  export, which carries no old numbers, gives the roll-up the case under both numbers.
NIP are shown masked; the list names cases by nomor and office.
"""

from __future__ import annotations

from sqlite_utils import Database

from netralitas.update import shown

_NIP = """SELECT k.nomor AS nomor, COALESCE(k.kantor, '') AS kantor, o.nomor AS nomor_lain,
                 COALESCE(o.kantor, '') AS kantor_lain, k.pemilu AS pemilu, 'nip' AS alasan, t.nip AS nip
          FROM kasus k JOIN terlapor t ON t.kasus_id = k.id
               JOIN terlapor u ON u.nip = t.nip AND u.nip IS NOT NULL
               JOIN kasus o ON o.id = u.kasus_id AND o.pemilu = k.pemilu AND o.dihapus IS NULL
                           AND COALESCE(o.kantor, '') <> COALESCE(k.kantor, '')
          WHERE t.nip IS NOT NULL AND k.dihapus IS NULL AND {where}"""
_NOMOR = """SELECT k.nomor AS nomor, COALESCE(k.kantor, '') AS kantor, o.nomor AS nomor_lain,
                   COALESCE(o.kantor, '') AS kantor_lain, k.pemilu AS pemilu, 'nomor' AS alasan, NULL AS nip
            FROM kasus k JOIN kasus o ON o.nomor = k.nomor COLLATE NOCASE AND o.dihapus IS NULL
                                     AND COALESCE(o.kantor, '') <> COALESCE(k.kantor, '')
            WHERE k.dihapus IS NULL AND {where}"""
_SEKANTOR = """SELECT k.nomor AS nomor, k.kantor AS kantor, o.nomor AS nomor_lain, o.kantor AS kantor_lain,
                      k.pemilu AS pemilu, 'nip_sekantor' AS alasan, t.nip AS nip
               FROM kasus k JOIN terlapor t ON t.kasus_id = k.id
                    JOIN terlapor u ON u.nip = t.nip AND u.nip IS NOT NULL AND u.kasus_id <> k.id
                    JOIN kasus o ON o.id = u.kasus_id AND o.pemilu = k.pemilu AND o.dihapus IS NULL
                                AND o.kantor = k.kantor AND k.nomor < o.nomor
               WHERE t.nip IS NOT NULL AND k.dihapus IS NULL AND k.kantor IS NOT NULL AND {where}"""


def _rows(db: Database, where: str, params: list, limit: int | None, sekantor: str) -> tuple[int, list[dict]]:
    sql = (f"SELECT DISTINCT * FROM ({_NIP.format(where=where)} UNION ALL {_NOMOR.format(where=where)} "
           f"UNION ALL {_SEKANTOR.format(where=sekantor)})")
    params = params * 2 + (params if "?" in sekantor else [])
    total = db.execute(f"SELECT COUNT(*) FROM ({sql})", params).fetchone()[0]
    rows = db.query(f"{sql} ORDER BY alasan, kantor, nomor, kantor_lain, nomor_lain"
                    f"{' LIMIT ?' if limit else ''}", params + ([limit] if limit else []))
    return total, [{**r, "nip": shown("nip", r["nip"]) if r["nip"] else ""} for r in rows]


def of_office(db: Database, kantor: str, *, limit: int | None = None) -> tuple[int, list[dict]]:
    """Possible duplicates of one office's records with any other office's (or this database's own),
    and among its own records under different nomor."""
    return _rows(db, "k.kantor = ?", [kantor], limit, "k.kantor = ?")


def semua(db: Database, *, limit: int | None = None) -> tuple[int, list[dict]]:
    """Every pair once (the first office in code order; this database's own records first)."""
    return _rows(db, "COALESCE(k.kantor, '') < COALESCE(o.kantor, '')", [], limit, "1 = 1")
