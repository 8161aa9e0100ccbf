"""Reading cases back: one streaming query, grouped into cases with their terlapor."""

from __future__ import annotations

import json
from itertools import groupby
from typing import Iterator

from sqlite_utils import Database

from netralitas.models import KASUS_FIELDS, PII_FIELDS, TERLAPOR_FIELDS
from netralitas.seleksi import Seleksi


def iter_kasus(db: Database, seleksi: Seleksi, *, pii: bool, nomor: str | None = None) -> Iterator[dict]:
    """Cases in file order (fields of DOMAIN.md §2), each with its terlapor; streams.

    With person-level filters a case is selected when any terlapor matches, and comes whole.
    """
    where, params = seleksi.kasus_where()
    if seleksi.per_person:
        tw, tp = seleksi.terlapor_where("t2")
        where += f" AND EXISTS (SELECT 1 FROM terlapor t2 WHERE t2.kasus_id = k.id AND {tw})"
        params += tp
    if nomor is not None:
        where += " AND k.nomor = ?"
        params.append(nomor)
    case_cols = ", ".join(f"k.{c}" for c in KASUS_FIELDS)
    person_cols = ", ".join(f"t.{c} AS t_{c}" for c in TERLAPOR_FIELDS)
    sql = f"""SELECT k.id AS _id, {case_cols}, k.created_at, k.updated_at, t.id AS t_id, {person_cols}
              FROM kasus k LEFT JOIN terlapor t ON t.kasus_id = k.id
              WHERE {where} ORDER BY k.tanggal_kejadian, k.id, t.urutan"""
    for _, rows in groupby(db.query(sql, params), key=lambda r: r["_id"]):
        rows = list(rows)
        first = rows[0]
        case = {c: first[c] for c in KASUS_FIELDS}
        case["bukti"] = json.loads(case["bukti"]) if case["bukti"] else []
        case["terlapor"] = [
            {c: r[f"t_{c}"] for c in TERLAPOR_FIELDS if pii or c not in PII_FIELDS}
            for r in rows if r["t_id"] is not None
        ]
        case["_created_at"], case["_updated_at"] = first["created_at"], first["updated_at"]
        yield case


def riwayat(db: Database, nomor: str) -> list[dict]:
    """A case's change history, oldest first (old values may include names: for `show` only)."""
    return list(db.query("SELECT waktu, terlapor_urutan, kolom, lama, baru, asal FROM riwayat "
                         "WHERE kasus_nomor = ? ORDER BY id", [nomor]))
