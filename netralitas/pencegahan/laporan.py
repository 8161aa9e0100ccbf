"""Prevention, coverage and recap figures beside the case counts of a report.

Rules (the same in every format):
- `sosialisasi`, `peserta`: prevention activities and their participants in the row's region or
  election (a province-wide activity has its own row under `--by wilayah`).
- `cakupan`: `ada` when the row has cases (or a monitoring record found something); `nihil` when
  it has none but was covered: monitored (`pantau`), recapped (`rekap`), or holding cases outside
  the filters (cases count as coverage of their region and election); `tidak_ada_data` otherwise.
- recap figures never double count: for a region x election with case records the cases are used
  and the recap is shown beside them as a check (`selisih` = cases - recap); without case
  records the recap is used and marked (`angka`: `rekap`). `--tanpa-rekap` uses cases only.
  Recaps have no dates, forms or persons: with other filters than region and election they are
  not used (`tidak_dipakai`).
Never speakers' names: only counts leave this module.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from netralitas import reports
from netralitas.pencegahan import catatan
from netralitas.pencegahan.vocab import MODA, PENYELENGGARA, REKAP_COUNTS
from netralitas.reports import COUNTS, Laporan
from netralitas.seleksi import Seleksi

if TYPE_CHECKING:
    from sqlite_utils import Database

DIMS = ("wilayah", "provinsi", "pemilu")  # rows that get prevention, coverage and recap figures
KEYS = ("sosialisasi", "peserta", "cakupan", "angka", "rekap")  # appended to each row, in this order


def _region_election(seleksi: Seleksi) -> Seleksi:
    return Seleksi(kab=seleksi.kab, prov=seleksi.prov, pemilu=seleksi.pemilu, dari=seleksi.dari,
                   sampai=seleksi.sampai)


def rekap_berlaku(seleksi: Seleksi) -> bool:
    """Recaps apply to selections of regions and elections only."""
    return seleksi == Seleksi(kab=seleksi.kab, prov=seleksi.prov, pemilu=seleksi.pemilu)


def _key(dim: str, row: dict):
    if dim == "provinsi":
        return row["provinsi"]
    return row[dim]


def kegiatan(db: Database, seleksi: Seleksi) -> list[dict]:
    """Activities of the selection (regions, elections, dates) without speakers or links."""
    where, params = catatan.where_of(seleksi, tanggal="tanggal")
    return [dict(r) for r in db.query(
        f"""SELECT kode, tanggal, pemilu, wilayah, provinsi, tempat, moda, penyelenggara, mitra, sasaran,
                   jumlah_peserta, tema, created_at FROM sosialisasi WHERE {where} ORDER BY tanggal, kode""", params)]


def _pantau(db: Database, seleksi: Seleksi) -> list[dict]:
    where, params = catatan.where_of(seleksi)
    rows = []
    for r in db.query(f"SELECT * FROM pantau WHERE {where}", params):
        if seleksi.dari and r["sampai"] and r["sampai"] < seleksi.dari.isoformat():
            continue  # the monitored period ended before the selection starts
        if seleksi.sampai and r["dari"] and r["dari"] > seleksi.sampai.isoformat():
            continue
        kinds = json.loads(r["jenis"]) if r["jenis"] else []
        if seleksi.jenis and kinds and not set(kinds) & set(seleksi.jenis):
            continue
        rows.append({**r, "jenis": kinds})
    return rows


def _rekap(db: Database, seleksi: Seleksi) -> list[dict]:
    where, params = catatan.where_of(Seleksi(kab=seleksi.kab, prov=seleksi.prov, pemilu=seleksi.pemilu))
    out = []
    for r in db.query(f"SELECT * FROM rekap WHERE {where} ORDER BY pemilu, wilayah", params):
        out.append({**r, "jenis": json.loads(r["jenis"]) if r["jenis"] else [],
                    "nihil": json.loads(r["nihil"]) if r["nihil"] else []})
    return out


def _covered_by_cases(db: Database, seleksi: Seleksi, dim: str) -> set:
    where, params = _region_election(seleksi).kasus_where()
    return {r[0] for r in db.execute(f"SELECT DISTINCT k.{dim} FROM kasus k WHERE {where}", params)}


def _rekap_entries(db: Database, rekaps: list[dict], use: bool) -> list[dict]:
    """Each recap with what became of it: used, a check beside case records, or not used."""
    out = []
    for r in rekaps:
        angka = {c: r[c] for c in REKAP_COUNTS if r[c] is not None}
        entry = {"kode": r["kode"], "pemilu": r["pemilu"], "wilayah": r["wilayah"], "provinsi": r["provinsi"],
                 "sumber_data": r["sumber_data"], "tanggal_data": r["tanggal_data"], "angka": angka,
                 "nihil": r["nihil"]}
        if not use:  # a selection a recap cannot answer (dates, forms, persons): not even as a check
            entry["dipakai"] = "tidak_dipakai"
            out.append(entry)
            continue
        cell = reports.aggregate(db, Seleksi(kab=(r["wilayah"],), pemilu=(r["pemilu"],)), [])[0]
        if cell["kasus"]:
            entry["dipakai"] = "pembanding"
            entry["kasus"] = {c: cell[c] for c in angka}
            entry["selisih"] = {c: cell[c] - v for c, v in angka.items()}
        else:
            entry["dipakai"] = "dipakai"
        out.append(entry)
    return out


def _zero() -> dict:
    return dict.fromkeys(COUNTS, 0)


def beside(db: Database, lap: Laporan, *, tanpa_rekap: bool = False) -> Laporan:
    """The report with prevention, coverage and recap figures appended to its rows and total.

    Only for one dimension of wilayah, provinsi or pemilu; other reports come back unchanged."""
    if len(lap.by) != 1 or lap.by[0] not in DIMS:
        return lap
    dim, sel = lap.by[0], lap.seleksi
    acts = kegiatan(db, sel)
    monitored = _pantau(db, sel)
    rekaps = [] if tanpa_rekap else _rekap(db, sel)
    entries = _rekap_entries(db, rekaps, rekap_berlaku(sel))
    if sel == _region_election(sel):  # the report's own rows say which keys have cases: no pass to ask it
        by_cases = {r[dim] for r in lap.rows if r["kasus"]}
    else:
        by_cases = _covered_by_cases(db, sel, dim)

    rows = {r[dim]: dict(r) for r in lap.rows}
    added = False

    def row(key):
        nonlocal added
        if key not in rows:
            rows[key] = {dim: key, f"{dim}_nama": _label(dim, key), **_zero()}
            added = True
        return rows[key]

    for key in {"wilayah": sel.kab, "provinsi": sel.prov, "pemilu": sel.pemilu}[dim]:
        row(key)  # a selected region or election has its row, if only to say "tidak ada data"
    per = defaultdict(lambda: {"sosialisasi": 0, "peserta": 0, "dipantau": False, "temuan_pantau": False,
                               "rekap": [], "dari_rekap": False})
    for a in acts:
        key = _key(dim, a)
        row(key)
        per[key]["sosialisasi"] += 1
        per[key]["peserta"] += a["jumlah_peserta"] or 0
    for p in monitored:
        key = _key(dim, p)
        row(key)
        per[key]["dipantau"] = True
        per[key]["temuan_pantau"] |= p["hasil"] == "ada"
    for e in entries:
        key = _key(dim, e)
        target = row(key)
        per[key]["rekap"].append(e)
        if e["dipakai"] == "dipakai":
            per[key]["dari_rekap"] = True
            target["kasus"] += e["angka"]["temuan"] + e["angka"]["laporan"]
            for c, v in e["angka"].items():
                target[c] += v
    with_cases = {r[dim] for r in lap.rows if r["kasus"]}
    out = []
    for key in (sorted(rows, key=lambda k: (k is None, str(k))) if added else rows):
        r, p = rows[key], per[key]
        found = r["kasus"] > 0 or r["terlapor"] > 0 or p["temuan_pantau"]
        covered = p["dipantau"] or bool(p["rekap"]) or key in by_cases
        r["sosialisasi"], r["peserta"] = p["sosialisasi"], p["peserta"]
        r["cakupan"] = "ada" if found else "nihil" if covered else "tidak_ada_data"
        cases = key in with_cases
        r["angka"] = ("kasus+rekap" if cases and p["dari_rekap"] else "rekap" if p["dari_rekap"]
                      else "kasus" if cases else None)
        r["rekap"] = p["rekap"]
        out.append(r)
    total = {c: sum(r[c] for r in out) for c in COUNTS}
    total["sosialisasi"] = sum(r["sosialisasi"] for r in out)
    total["peserta"] = sum(r["peserta"] for r in out)
    cakupan = {r["cakupan"] for r in out}
    total["cakupan"] = next((c for c in ("ada", "nihil") if c in cakupan), "tidak_ada_data")
    return Laporan(lap.by, out, total, sel, lap.extra)


def _label(dim: str, key) -> str:
    if dim == "wilayah" and key is not None and len(key) == 2:
        return f"{reports.label('provinsi', key)} (se-provinsi)"
    return reports.label(dim, key)


def catatan_rekap(entries: list[dict]) -> str:
    """One line for a table cell: what the recaps of a row did."""
    parts = []
    for e in entries:
        where = f"{e['pemilu']} {e['wilayah']}"
        if e["dipakai"] == "dipakai":
            parts.append(f"angka rekap {where} ({e['sumber_data']}, {e['tanggal_data']})")
        elif e["dipakai"] == "pembanding":
            diff = [f"{c} {e['kasus'][c]} vs {v}" for c, v in e["angka"].items() if e["selisih"][c]]
            parts.append(f"cek rekap {where}: " + ("sama" if not diff else "selisih " + ", ".join(diff)))
        else:
            parts.append(f"rekap {where} tidak dipakai (filter)")
    return "; ".join(parts)


# -- report --pencegahan -------------------------------------------------------------------------


def pencegahan(db: Database, seleksi: Seleksi, dim: str, *, tanpa_rekap: bool = False) -> dict:
    """Activities by region or election: how many, participants, online/in person, by organiser,
    beside the cases (and their coverage) of the same rows; the audiences reached."""
    lap = beside(db, reports.report(db, seleksi, [dim]), tanpa_rekap=tanpa_rekap)
    acts = kegiatan(db, seleksi)
    split = defaultdict(Counter)
    sasaran = Counter()
    for a in acts:
        key = _key(dim, a)
        split[key][a["moda"] or "moda_tidak_diisi"] += 1
        split[key][a["penyelenggara"]] += 1
        for s in json.loads(a["sasaran"]) if a["sasaran"] else []:
            sasaran[s] += 1
    cols = (*MODA, *PENYELENGGARA)
    rows = []
    for r in lap.rows:
        rows.append({dim: r[dim], f"{dim}_nama": r[f"{dim}_nama"], "sosialisasi": r["sosialisasi"],
                     "peserta": r["peserta"], **{c: split[r[dim]][c] for c in cols}, "kasus": r["kasus"],
                     "temuan": r["temuan"], "laporan": r["laporan"], "cakupan": r["cakupan"], "angka": r["angka"]})
    total = {"sosialisasi": len(acts), "peserta": sum(a["jumlah_peserta"] or 0 for a in acts),
             **{c: sum(r[c] for r in rows) for c in cols}, "kasus": lap.total["kasus"],
             "temuan": lap.total["temuan"], "laporan": lap.total["laporan"]}
    return {"by": [dim], "rows": rows, "total": total,
            "sasaran": [{"sasaran": s, "sosialisasi": n} for s, n in sasaran.most_common()]}


def baru(db: Database, seleksi: Seleksi, window: tuple[str, str]) -> list[dict]:
    """Activities recorded in a window of stamps (the digest's "new since the last run"); no speakers."""
    where, params = catatan.where_of(seleksi)
    rows = db.query(
        f"""SELECT kode, tanggal, pemilu, wilayah, moda, penyelenggara, sasaran, jumlah_peserta, tema
            FROM sosialisasi WHERE created_at > ? AND created_at <= ? AND {where} ORDER BY tanggal, kode""",
        [*window, *params])
    return [{**r, "wilayah_nama": _label("wilayah", r["wilayah"]),
             "sasaran": ", ".join(json.loads(r["sasaran"])) if r["sasaran"] else None} for r in rows]
