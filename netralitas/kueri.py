"""Reading cases back: one streaming query, grouped into cases with their terlapor."""

from __future__ import annotations

import json
from itertools import groupby
from operator import itemgetter
from typing import Iterator

from sqlite_utils import Database

from netralitas.models import KASUS_FIELDS, PII_FIELDS, TERLAPOR_FIELDS
from netralitas.seleksi import Seleksi

_ONE = Seleksi()
CASE_ORDER = "k.tanggal_kejadian, k.id"  # file order: cases by date
ORDER = CASE_ORDER + ", t.urutan"  # and their terlapor in their order


def case_where(seleksi: Seleksi, *, nomor: str | None = None, kasus_id: int | None = None, cari: str | None = None,
               nip: str | None = None, deleted: bool = False, limit: int = 0) -> tuple[str, list]:
    """The WHERE of the cases a selection names (alias k), and its parameters; `limit`: only the first
    cases in file order."""
    where, params = seleksi.kasus_where()
    if deleted:
        where = where.replace("k.dihapus IS NULL", "1=1", 1)
    if kasus_id is not None:
        where += " AND k.id = ?"
        params.append(kasus_id)
    if cari:  # nomor, names, NIP and words of the uraian (personal data, like list itself)
        like = "%" + cari.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where += (" AND (k.nomor LIKE ? ESCAPE '\\' OR k.uraian LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM terlapor t3 "
                  "WHERE t3.kasus_id = k.id AND (t3.nama LIKE ? ESCAPE '\\' OR t3.nip LIKE ? ESCAPE '\\')))")
        params += [like] * 4
    if nip:
        where += " AND EXISTS (SELECT 1 FROM terlapor t4 WHERE t4.kasus_id = k.id AND t4.nip = ?)"
        params.append(nip)
    if seleksi.per_person:  # the matching cases found once (a correlated EXISTS would walk the status index per case)
        tw, tp = seleksi.terlapor_where("t2")
        where += f" AND k.id IN (SELECT t2.kasus_id FROM terlapor t2 WHERE {tw})"
        params += tp
    if nomor is not None:
        where += " AND k.nomor = ?"
        params.append(nomor)
    if limit:
        where += (f" AND k.id IN (SELECT k.id FROM kasus k WHERE {where} "
                  f"ORDER BY {CASE_ORDER} LIMIT ?)")
        params = params + params + [limit]
    return where, params


def iter_kasus(db: Database, seleksi: Seleksi, *, pii: bool, nomor: str | None = None, kasus_id: int | None = None,
               cari: str | None = None, nip: str | None = None, deleted: bool = False) -> Iterator[dict]:
    """Cases in file order (fields of docs/domain.md §2), each with its terlapor; streams.

    With person-level filters a case is selected when any terlapor matches, and comes whole.
    """
    where, params = case_where(seleksi, nomor=nomor, kasus_id=kasus_id, cari=cari, nip=nip, deleted=deleted)
    people = [c for c in TERLAPOR_FIELDS if pii or c not in PII_FIELDS]
    sql = f"""SELECT k.id, k.created_at, k.updated_at, k.kantor, k.asal_diubah, t.id,
                     {", ".join(f"k.{c}" for c in KASUS_FIELDS)}, {", ".join(f"t.{c}" for c in people)}
              FROM kasus k LEFT JOIN terlapor t ON t.kasus_id = k.id
              WHERE {where} ORDER BY {ORDER}"""
    n = 6 + len(KASUS_FIELDS)  # plain tuples: the columns by position
    for _, rows in groupby(db.conn.execute(sql, params), key=itemgetter(0)):
        rows = list(rows)
        first = rows[0]
        case = dict(zip(KASUS_FIELDS, first[6:n]))
        case["bukti"] = json.loads(case["bukti"]) if case["bukti"] else []
        case["terlapor"] = [dict(zip(people, r[n:])) for r in rows if r[5] is not None]
        case["_created_at"], case["_updated_at"] = first[1], first[2]
        case["_kantor"] = first[3]  # another office's record merged by gabung (None: this office's own)
        case["_asal_diubah"] = first[4]  # its last change by its office's own clock
        yield case


def riwayat(db: Database, kasus_id: int) -> list[dict]:
    """A case's change history, oldest first (old values may include names: for `show` only)."""
    return list(db.query("SELECT waktu, terlapor_urutan, kolom, lama, baru, asal FROM riwayat "
                         "WHERE kasus_id = ? ORDER BY id", [kasus_id]))


MAIN_PATH = ("diterima", "registrasi", "klarifikasi", "pleno", "diteruskan", "rekomendasi", "sanksi")


def case_view(db: Database, kasus: dict, *, today=None) -> dict:
    """One case for `show` and `tahap`: fields, terlapor (personal data), timeline, unknown stages,
    the next deadlines and the change history."""
    import datetime as dt

    from netralitas import events, tenggat
    from netralitas.tahapan import katalog

    today = today or dt.date.today()
    case = next(iter_kasus(db, _ONE, pii=True, kasus_id=kasus["id"], deleted=True))
    people = {r["id"]: r["urutan"] for r in db.query("SELECT id, urutan FROM terlapor WHERE kasus_id = ?", [kasus["id"]])}
    timeline = []
    for e in events.timeline(db, kasus["id"]):
        data = json.loads(e["data"]) if e["data"] else {}
        timeline.append({"tanggal": e["tanggal"], "tahap": e["tahap"], "terlapor": people.get(e["terlapor_id"]),
                         "isi": data, "asal": e["asal"], "oleh": e["oleh"], "dicatat": e["dicatat"],
                         "batal": e["batal"], "batal_alasan": e["batal_alasan"]})
    active = [t for t in timeline if not t["batal"]]
    order = katalog().tahap
    furthest = max((order[t["tahap"]].urutan for t in active), default=0)
    recorded = {t["tahap"] for t in active}
    unknown = [s for s in MAIN_PATH if order[s].urutan < furthest and s not in recorded
               and not (s == "registrasi" and "tidak_diregistrasi" in recorded)]
    from netralitas.gabung.pilih import asal_of

    return {**{k: v for k, v in case.items() if not k.startswith("_")}, **(asal_of(db, kasus) or {}),
            "tahap": kasus["tahap"],
            "dihapus": kasus["dihapus"], "dihapus_alasan": kasus["dihapus_alasan"],
            "nomor_lama": [r["nomor"] for r in db.query("SELECT nomor FROM nomor_lama WHERE kasus_id = ?", [kasus["id"]])],
            "tahapan": timeline, "tahap_tidak_diketahui": unknown,
            "tenggat": tenggat.next_of_case(db, kasus["id"], today), "pelaporan": tenggat.filing(kasus),
            "riwayat": riwayat(db, kasus["id"]),
            "dicatat": case["_created_at"], "diubah": case["_updated_at"]}
