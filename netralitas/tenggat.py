"""Deadlines (tenggat): which next step of a case is overdue, or due soon, on a given day.

The rules are data (`tenggat` in data/tahapan.yaml). A case's stage dates are read from its
projection columns, so one SQL pass finds the candidates; working days are counted in Python.
Only ASN wait on a PPK: the PPK deadline applies to the kinds on the PPK route (PNS, PPPK, ASN
not further known; catalog `rute`) and to a terlapor whose kind is not recorded.
"""

from __future__ import annotations

import datetime as dt
import heapq
from functools import cache

from sqlite_utils import Database

from netralitas import catalogs
from netralitas.i18n import N_, language
from netralitas.index_conditions import AWAL_SQL, AWAL_TAHAP
from netralitas.reports import asn_where
from netralitas.seleksi import Seleksi
from netralitas.tahapan import Tenggat, due, katalog


def _pemilu_of(jenis: str | None) -> list[str]:
    return [p.id for p in catalogs.pemilu_catalog().values() if jenis is None or p.jenis == jenis]


def _before(stages: tuple[str, ...]) -> list[str]:
    """Stage codes recorded before the first of `stages` (the furthest stage must be one of these);
    never an end (tidak_diregistrasi): a case that ended has no next step."""
    cat = katalog().tahap
    limit = min(cat[s].urutan for s in stages)
    return [t.kode for t in cat.values() if t.urutan < limit and not t.akhir]


_START = {"diterima": "k.tanggal_diterima", "registrasi": "k.tanggal_registrasi"}


def case_deadline(t: Tenggat, start: str, per: dt.date, dalam: int) -> dict | None:
    batas, longer = due(t, dt.date.fromisoformat(start))
    late = (per - batas).days
    if late > 0 or -late <= dalam:
        return {"tenggat": t.kode, "tenggat_nama": t.nama, "dari": start, "batas": batas.isoformat(),
                "batas_perpanjangan": longer.isoformat() if longer else None, "hari_lewat": late,
                "keadaan": "lewat" if late > 0 else "segera", "dasar": t.dasar}
    return None


def _where(seleksi: Seleksi, kasus_id: int | None) -> tuple[str, list]:
    where, params = seleksi.kasus_where()
    if kasus_id is not None:
        where, params = where + " AND k.id = ?", [*params, kasus_id]
    return where, params


def rows(db: Database, seleksi: Seleksi, *, per: dt.date, dalam: int = 0, ppk_hari: int | None = None,
         limit: int | None = None, kasus_id: int | None = None) -> list[dict]:
    """Every next step overdue on `per` (or due within `dalam` days), the longest overdue first."""
    out = _sorted(_found(db, seleksi, per, dalam, ppk_hari, kasus_id, None)[1])
    return out[:limit] if limit else out


def overdue(db: Database, seleksi: Seleksi, *, per: dt.date, ppk_hari: int | None = None,
            limit: int) -> tuple[int, list[dict]]:
    """How many next steps are overdue on `per`, and the `limit` longest overdue (rows' first):
    the PPK's decisions, one per proven ASN, are counted in SQL and only their longest read."""
    count, found = _found(db, seleksi, per, 0, ppk_hari, None, limit)
    return count, heapq.nsmallest(limit, found, key=_order)  # sorted(found, key=_order)[:limit], without sorting all


def _sorted(out: list[dict]) -> list[dict]:
    return sorted(out, key=_order)


def _order(r: dict) -> tuple:
    return -r["hari_lewat"], r["batas"], r["nomor"], r["terlapor"] or 0


def _found(db: Database, seleksi: Seleksi, per: dt.date, dalam: int, ppk_hari: int | None, kasus_id: int | None,
           top: int | None) -> tuple[int, list[dict]]:
    """(how many, the rows): every row, but with `top` only the `top` longest overdue PPK decisions."""
    where, params = _where(seleksi, kasus_id)
    out, count = [], 0
    for t in katalog().tenggat:
        if t.ppk:
            n, found = _ppk(db, seleksi, t, per, dalam, ppk_hari, kasus_id, top)
            count += n
            out += found
            continue
        if t.dari not in _START:
            continue  # 'diketahui': a fact about filing on time (`filing`, shown by `show`), not a next step
        pemilu = _pemilu_of(t.jenis_pemilu)
        if not pemilu:
            continue
        before = _before(t.sampai)
        sql = f"""SELECT k.nomor, k.wilayah, k.pemilu, {_START[t.dari]} AS dari FROM kasus k
                  WHERE {where} AND {_undecided(before)}k.pemilu IN ({','.join('?' * len(pemilu))})
                    AND {_START[t.dari]} IS NOT NULL AND {_START[t.dari]} <= ?
                    AND (k.tahap IS NULL OR k.tahap IN ({','.join('?' * len(before))}))"""
        deadline = cache(lambda start, t=t: case_deadline(t, start, per, dalam))  # start dates repeat
        for nomor, wilayah, pemilu_, start in db.execute(sql, [*params, *pemilu, per.isoformat(), *before]):
            found = deadline(start)
            if found:
                count += 1
                out.append({"nomor": nomor, "wilayah": wilayah, "pemilu": pemilu_, "terlapor": None, **found})
    return count, out


def _undecided(before: list[str]) -> str:
    """The candidates read from the index of undecided cases (m043), when the stages `before` are
    among those it holds: its condition, then `+` so that SQLite does not take the election index."""
    return f"{AWAL_SQL} AND +" if set(before) <= set(AWAL_TAHAP) else ""


def _ppk(db: Database, seleksi: Seleksi, t: Tenggat, per: dt.date, dalam: int, ppk_hari: int | None,
         kasus_id: int | None, top: int | None = None) -> tuple[int, list[dict]]:
    hari = katalog().ppk_hari if ppk_hari is None else ppk_hari
    where, params = _where(seleksi, kasus_id)
    tw, tp = seleksi.terlapor_where()
    asn, asn_params = asn_where()
    waiting = f"""t.status = 'direkomendasikan' AND t.tanggal_rekomendasi IS NOT NULL AND t.tanggal_rekomendasi <= ?
                AND t.tanggal_tidak_ditindaklanjuti IS NULL AND {asn}
                AND date(t.tanggal_rekomendasi, ?) <= date(?, ?)"""  # recommended by `per`, as the other steps start by it
    waiting_params = [per.isoformat(), *asn_params, f"+{hari} days", per.isoformat(), f"+{dalam} days"]
    sql = f"""SELECT k.nomor, k.wilayah, k.pemilu, t.urutan, t.tanggal_rekomendasi AS dari
              FROM kasus k JOIN terlapor t ON t.kasus_id = k.id WHERE {where} AND {tw} AND {waiting}"""
    args = [*params, *tp, *waiting_params]
    count = None
    if top is not None:  # the longest overdue are the earliest recommended: rows' order, in SQL
        # counted from the index of those waiting (m043) alone when no case needs looking up
        frm, fp = seleksi.persons_sql() if kasus_id is None else (
            f"FROM kasus k JOIN terlapor t ON t.kasus_id = k.id WHERE {where} AND {tw}", [*params, *tp])
        count = db.execute(f"SELECT COUNT(*) {frm} AND {waiting}", [*fp, *waiting_params]).fetchone()[0]
        sql += " ORDER BY t.tanggal_rekomendasi, k.nomor, t.urutan LIMIT ?"
        args.append(top)
    found = []
    for r in db.query(sql, args):
        batas = dt.date.fromisoformat(r["dari"]) + dt.timedelta(days=hari)
        late = (per - batas).days
        found.append({"nomor": r["nomor"], "wilayah": r["wilayah"], "pemilu": r["pemilu"], "terlapor": r["urutan"],
                      "tenggat": t.kode, "tenggat_nama": t.nama, "dari": r["dari"], "batas": batas.isoformat(),
                      "batas_perpanjangan": None, "hari_lewat": late, "keadaan": "lewat" if late > 0 else "segera",
                      "dasar": f"{hari} hari: {t.dasar}"})
    return (len(found) if count is None else count), found


def filing(kasus: dict) -> dict | None:
    """Whether a laporan was received within the days allowed after the violation became known
    (`pelaporan`, counted from its `diketahui`): a fact of the case, not a next step. None when
    the case is no laporan or either date is not recorded."""
    diketahui, diterima = kasus.get("tanggal_diketahui"), kasus.get("tanggal_diterima")
    if kasus.get("sumber") != "laporan" or not diketahui or not diterima:
        return None
    election = catalogs.pemilu_catalog().get(kasus.get("pemilu"))
    for t in katalog().tenggat:
        if t.dari == "diketahui" and t.jenis_pemilu in (None, election.jenis if election else None):
            batas, _longer = due(t, dt.date.fromisoformat(diketahui))
            late = (dt.date.fromisoformat(diterima) - batas).days
            return {"tenggat": t.kode, "tenggat_nama": t.nama, "dari": diketahui, "batas": batas.isoformat(),
                    "diterima": diterima, "hari_lewat": late, "keadaan": "terlambat" if late > 0 else "tepat_waktu",
                    "dasar": t.dasar}
    return None


def next_of_case(db: Database, kasus_id: int, per: dt.date) -> list[dict]:
    """The pending deadlines of one case, for `show`: what comes next and by when."""
    return rows(db, Seleksi(), per=per, dalam=100_000, kasus_id=kasus_id)


# The catalog (data/tahapan.yaml) names each deadline in Indonesian, the office's own words, which text in
# Indonesian shows as they are; text in English shows these. JSON and CSV keep the catalog's name.
NAMA_EN = {
    "pelaporan": N_("report filed within the days allowed after the violation became known"),
    "kajian_awal": N_("initial review (registered or not)"),
    "putusan": N_("decision (plenary)"),
    "keputusan_ppk": N_("the PPK's decision on the recommendation (a working convention, not a statutory deadline)"),
}


def nama(row: dict) -> str:
    """A deadline row's name in the language in use."""
    if language() == "en" and row.get("tenggat") in NAMA_EN:
        return NAMA_EN[row["tenggat"]]
    return row["tenggat_nama"]


def readable(rows: list[dict]) -> list[dict]:
    """Deadline rows for people: the name in the language in use."""
    return [{**r, "tenggat_nama": nama(r)} for r in rows]
