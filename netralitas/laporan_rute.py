"""Reports by route: the PPK funnel counts ASN only; TNI, Polri, village officials and other
persons are counted in a section of their own, by kind and outcome (catalog `rute`).

The KASN/BKN figures ("of N ASN reported, M proven, K sanctioned by the PPK") are about ASN: a
funnel that mixed in a kepala desa, whose sanction is the bupati's, would not be that figure.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from netralitas import vocab
from netralitas.index_conditions import NOT_ASN_KINDS, NOT_ASN_SQL
from netralitas.reports import asn_where, label, rates
from netralitas.rute import asn_jenis, rute_of
from netralitas.rute import pidana as pidana_catalog
from netralitas.seleksi import Seleksi

if TYPE_CHECKING:
    from sqlite_utils import Database

OUTCOMES = ("diproses", "tidak_terbukti", "direkomendasikan", "disanksi")
PROVEN = ("direkomendasikan", "disanksi")  # terbukti: recommended, then sanctioned


def funnel(db: Database, seleksi: Seleksi, totals: dict | None = None) -> dict:
    """Reported -> proven -> sanctioned. Without --jenis: ASN only (the PPK route, and terlapor
    whose kind is not recorded); with it, the kinds selected. `totals`: the selection's case-record
    totals (a report's, before recap figures are added), which spare a pass over the cases."""
    return _funnel(db, seleksi, totals, None if seleksi.per_person else _lain_counts(db, seleksi))


def sections(db: Database, seleksi: Seleksi, totals: dict | None = None) -> dict:
    """`funnel` and `lain` of a report from one pass over the persons off the PPK route."""
    counts = _lain_counts(db, seleksi)
    return {"funnel": _funnel(db, seleksi, totals, None if seleksi.per_person else counts),
            "rute_lain": _lain(db, seleksi, counts)}


def _funnel(db: Database, seleksi: Seleksi, totals: dict | None, counts: list | None) -> dict:
    kw, kp = seleksi.kasus_where()
    tw, tp = seleksi.terlapor_where()
    if seleksi.jenis:
        route, rp = "1=1", []
        kinds = list(seleksi.jenis)
    else:
        route, rp = asn_where()
        kinds = [*asn_jenis(), None]
    if counts is not None:  # every terlapor (the per-case counters) less those on another route
        every = (totals["terlapor"], totals["terbukti"], totals["disanksi"]) if totals else db.execute(
            f"SELECT COALESCE(SUM(k.n_terlapor), 0), COALESCE(SUM(k.n_terbukti), 0), "
            f"COALESCE(SUM(k.n_disanksi), 0) FROM kasus k WHERE {kw}", kp).fetchone()
        other = (sum(n for *_, n in counts), sum(n for _, status, _, n in counts if status in PROVEN),
                 sum(n for _, status, _, n in counts if status == "disanksi"))
        row = [a - b for a, b in zip(every, other)]
    else:
        row = db.execute(
            f"""SELECT COUNT(*), COALESCE(SUM(t.status IN ('direkomendasikan', 'disanksi')), 0),
                       COALESCE(SUM(t.status = 'disanksi'), 0)
                FROM kasus k JOIN terlapor t ON t.kasus_id = k.id AND {tw} WHERE {kw} AND {route}""",
            [*tp, *kp, *rp]).fetchone()
    total = {"terlapor": row[0], "terbukti": row[1], "disanksi": row[2]}
    return {"jenis": kinds, "ppk": all(k is None or k in asn_jenis() for k in kinds), **total, **rates(total)}


def _not_asn() -> tuple[str, list]:
    """The terlapor not on the PPK route: in the words of the partial index idx_terlapor_lain when
    the catalog's ASN kinds are the ones it was made with (SQLite then reads only that index)."""
    if tuple(asn_jenis()) == NOT_ASN_KINDS:
        return NOT_ASN_SQL.replace("jenis", "t.jenis"), []
    asn, ap = asn_where()
    return f"NOT {asn}", ap


def _lain_counts(db: Database, seleksi: Seleksi) -> list[tuple]:
    """The selection's terlapor not on the PPK route, counted per (jenis, status, sanksi_jenis): in
    the order of idx_terlapor_lain, so SQLite reads that index once and sorts nothing."""
    not_asn, ap = _not_asn()
    frm, fp = seleksi.persons_sql()
    return [tuple(r) for r in db.execute(
        f"SELECT t.jenis, t.status, t.sanksi_jenis, COUNT(*) {frm} AND {not_asn} "
        f"GROUP BY t.jenis, t.status, t.sanksi_jenis", [*fp, *ap])]


def lain(db: Database, seleksi: Seleksi) -> dict:
    """The actors not on the PPK route: per kind, its route and persons per outcome; and their
    sanctions per type. Every such kind has a row, zeros included (TNI and Polri report 'nihil')."""
    return _lain(db, seleksi, _lain_counts(db, seleksi))


def _lain(db: Database, seleksi: Seleksi, counts: list[tuple]) -> dict:
    not_asn, ap = _not_asn()
    frm, fp = seleksi.persons_sql()
    found = defaultdict(lambda: dict.fromkeys(("terlapor", *OUTCOMES), 0))
    for jenis, status, _, n in counts:
        found[jenis]["terlapor"] += n
        if status in OUTCOMES:
            found[jenis][status] += n
    cases = dict(db.execute(f"SELECT t.jenis, COUNT(DISTINCT t.kasus_id) {frm} AND {not_asn} GROUP BY t.jenis",
                            [*fp, *ap]).fetchall()) if counts else {}
    kinds = [j for j in vocab.JENIS if j not in asn_jenis() and (not seleksi.jenis or j in seleksi.jenis)]
    rows = []
    for j in kinds:
        r = found.get(j) or {}
        route = rute_of(j)
        rows.append({"jenis": j, "jenis_nama": label("jenis", j), "rute": route.kode, "rute_nama": route.nama,
                     "kasus": cases.get(j, 0), "terlapor": r.get("terlapor", 0),
                     **{o: r.get(o) or 0 for o in OUTCOMES}})
    # per kind, the most sanctioned type first; a tie in the order SQLite's sorter gave the query
    # this replaced (ORDER BY jenis, terlapor DESC after GROUP BY jenis, sanksi_jenis): the later type first
    sanctioned = [(jenis, sanksi_jenis, n) for jenis, status, sanksi_jenis, n in counts if status == "disanksi"]
    sanctioned.reverse()
    sanctioned.sort(key=lambda r: (r[0] is not None, r[0] or "", -r[2]))
    sanksi = [{"jenis": jenis, "sanksi_jenis": sanksi_jenis if sanksi_jenis is not None else "", "terlapor": n}
              for jenis, sanksi_jenis, n in sanctioned]
    return {"rows": rows, "sanksi": sanksi, "pidana": pidana(db, seleksi)}


def pidana(db: Database, seleksi: Seleksi) -> list[dict]:
    """The criminal route (Gakkumdu), open to every kind, ASN included: per kind, the persons
    on it by the outcome reached. Only kinds with someone on the route have a row."""
    outcomes = tuple(pidana_catalog().hasil)
    sums = ", ".join(f"SUM(t.pidana = ?) AS {o}" for o in outcomes)  # the column names are our own codes
    frm, fp = seleksi.persons_sql()
    found = {r["jenis"]: r for r in db.query(
        f"SELECT t.jenis, COUNT(*) AS terlapor, {sums} {frm} AND t.pidana IS NOT NULL GROUP BY t.jenis",
        [*outcomes, *fp])}
    order = [*vocab.JENIS, None]
    return [{"jenis": j, "jenis_nama": label("jenis", j) if j else "ASN (jenis?)", "rute": rute_of(j).kode,
             "terlapor": found[j]["terlapor"], **{o: found[j][o] or 0 for o in outcomes}}
            for j in order if j in found]
