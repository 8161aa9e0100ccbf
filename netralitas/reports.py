"""Reports: SQL aggregates in the store, rendered elsewhere.

Counting follows docs/domain.md §5 everywhere: kasus are distinct cases, terlapor are persons,
terbukti = direkomendasikan + disanksi, ringan/sedang/berat = imposed level, moral = any moral
sanction. Grouping is two-level: first per case (and per person-level dimension value), then per
group, so that a case is counted once in each group it belongs to.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from netralitas import catalogs, vocab
from netralitas.i18n import _
from netralitas.migrations import CASE_COUNTS
from netralitas.seleksi import Seleksi
from netralitas.wilayah import catalog as wilayah_catalog

from netralitas.vocab import CASE_DIMS, COUNTS, DIMENSIONS, PERSON_DIMS  # noqa: E402,F401  (re-exported)

if TYPE_CHECKING:
    from sqlite_utils import Database

_RANK = {level: i for i, level in enumerate(vocab.TINGKAT, 1)}
_BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
          "Oktober", "November", "Desember")  # fmt: skip
MISSING = {"sanksi": "(belum ada sanksi)", "fase": "(tanpa masa kampanye)", "asal": "(kantor ini)"}
# `--by sanksi`: each person in exactly one row. The imposed level (or PTDH); else a moral
# sanction only; else sanctioned without a recorded level (a PPPK's free-text type, another
# route's sanction); else not (yet) sanctioned.
SANKSI_ROWS = ("ringan", "sedang", "berat", "ptdh", "moral", "tanpa_tingkat")
_SANKSI_SQL = ("CASE WHEN t.sanksi IS NOT NULL THEN t.sanksi WHEN t.sanksi_moral IS NOT NULL THEN 'moral' "
               "WHEN t.status = 'disanksi' THEN 'tanpa_tingkat' END")
# The person counts of one case, as the migration keeps them in kasus.n_*; COUNT(t.id) because
# the join is a LEFT JOIN (a case without terlapor has one row of NULLs).
PERSON_SUMS = {name[2:]: ("COUNT(t.id)" if name == "n_terlapor" else expr)
               for name, expr in CASE_COUNTS.items() if name[2:] in COUNTS}


# The catalogs (with the user's own pemilu.yaml and pelanggaran.yaml) reach SQL as functions of
# the connection, never as text: the SQL is static, a catalog value can never become SQL.


def _campaigns() -> dict[str, tuple[str, str]]:
    return {p.id: (p.kampanye_mulai.isoformat(), p.kampanye_selesai.isoformat())
            for p in catalogs.pemilu_catalog().values() if p.kampanye_mulai and p.kampanye_selesai}


def _pedoman_rank(pelanggaran: str | None, pemilu: str | None = None, tanggal: str | None = None) -> int | None:
    """The guideline's disciplinary level of a form, or None when the act is on the ethics track
    (a form with two tracks, before the election's penetapan): a moral sanction is then expected."""
    p = catalogs.pelanggaran_catalog().get(pelanggaran)
    if p is None or p.pedoman is None:
        return None
    election = catalogs.pemilu_catalog().get(pemilu)
    if p.jalur(tanggal, election.penetapan if election else None) == "etik":
        return None
    return _RANK.get(p.pedoman)


def jalur(pelanggaran: str | None, pemilu: str | None, tanggal: str | None) -> str | None:
    p = catalogs.pelanggaran_catalog().get(pelanggaran)
    election = catalogs.pemilu_catalog().get(pemilu)
    return p.jalur(tanggal, election.penetapan if election else None) if p else None


def _sanksi_rank(sanksi: str | None) -> int:
    return _RANK.get(sanksi, 0)


def _functions(db: Database) -> None:
    """Register the catalog functions on the connection (cheap; again on every call is fine)."""
    campaigns = _campaigns()
    db.conn.create_function("netralitas_fase", 2, lambda p, t: _fase_in(campaigns, p, t), deterministic=True)
    db.conn.create_function("netralitas_pedoman_rank", 3, _pedoman_rank, deterministic=True)
    db.conn.create_function("netralitas_sanksi_rank", 1, _sanksi_rank, deterministic=True)


def _fase_in(campaigns: dict, pemilu, tanggal):
    period = campaigns.get(pemilu)
    if period is None or tanggal is None:
        return None
    return "sebelum" if tanggal < period[0] else "sesudah" if tanggal > period[1] else "selama"


def _dim_params(dims) -> list:
    """The parameters of the dimensions' SQL (_dim_sql), in the order of `dims`."""
    return [v for d in dims if d == "fase" for pemilu, period in _campaigns().items() for v in (pemilu, *period)]


def _dim_sql(dim: str, alias: str = "k") -> str:
    if dim == "bulan":
        return "substr(k.tanggal_kejadian, 1, 7)"
    if dim == "fase":  # netralitas_fase in SQL's own terms: no call into Python for each case
        whens = " ".join(f"WHEN {alias}.pemilu = ? THEN CASE WHEN {alias}.tanggal_kejadian < ? THEN 'sebelum' "
                         f"WHEN {alias}.tanggal_kejadian > ? THEN 'sesudah' ELSE 'selama' END" for _ in _campaigns())
        return f"(CASE WHEN {alias}.tanggal_kejadian IS NULL THEN NULL {whens} END)" if whens else "NULL"
    if dim == "asal":
        return "k.kantor"
    if dim == "sanksi":
        return _SANKSI_SQL
    return f"{'t' if dim in PERSON_DIMS else 'k'}.{dim}"


_PEDOMAN_RANK_SQL = "netralitas_pedoman_rank(k.pelanggaran, k.pemilu, k.tanggal_kejadian)"
_SANKSI_RANK_SQL = "netralitas_sanksi_rank(t.sanksi)"


def _from(seleksi: Seleksi) -> tuple[str, list]:
    kw, kp = seleksi.kasus_where()
    tw, tp = seleksi.terlapor_where()
    join = "JOIN" if seleksi.per_person else "LEFT JOIN"
    return f"FROM kasus k {join} terlapor t ON t.kasus_id = k.id AND {tw} WHERE {kw}", tp + kp


def aggregate(db: Database, seleksi: Seleksi, by: list[str]) -> list[dict]:
    """Counts per combination of dimension values (no dimension: one row, the total)."""
    if not seleksi.per_person and all(d in CASE_DIMS for d in by):
        rows = aggregate_cases(db, seleksi, by)
    else:
        rows = _aggregate_persons(db, seleksi, by)
    return completed(rows, by)


def completed(rows: list[dict], by: list[str]) -> list[dict]:
    """Grouped counts as `aggregate` gives them: zeros for NULL sums, the values always shown."""
    for r in rows:
        for c in COUNTS:
            r[c] = r[c] or 0
    if not by:
        return rows or [dict.fromkeys(COUNTS, 0)]
    return _complete(rows, by)


def aggregate_cases(db: Database, seleksi: Seleksi, by: list[str], extra: tuple[str, ...] = ()) -> list[dict]:
    """Case-level grouping: one scan of kasus and its per-case terlapor counts (kasus.n_*); `extra`:
    more sums over the cases k of each group, in columns _0, _1, ..."""
    _functions(db)
    where, params = seleksi.kasus_where()
    keys = ", ".join(f"{_dim_sql(d)} AS {d}" for d in by)
    persons = ", ".join(f"SUM(k.n_{c}) AS {c}" for c in COUNTS[3:])
    more = "".join(f", {expr} AS _{i}" for i, expr in enumerate(extra))  # static: the callers' own SQL
    counts = f"""COUNT(*) AS kasus, COUNT(*) FILTER (WHERE k.sumber = 'temuan') AS temuan,
                 COUNT(*) FILTER (WHERE k.sumber = 'laporan') AS laporan, {persons}{more}"""
    sql = f"""SELECT {keys + ',' if by else ''} {counts}
              FROM kasus k WHERE {where} {'GROUP BY ' + ', '.join(by) if by else ''}"""
    if by == ["fase"] and not extra:  # per form, election and date first, in idx_kasus_pelanggaran's order
        # (no sort of every case), then those few groups per phase
        sql = f"""SELECT {_dim_sql('fase', 'g')} AS fase, {', '.join(f'SUM(g.{c}) AS {c}' for c in COUNTS)}
                  FROM (SELECT k.pemilu, k.tanggal_kejadian, {counts} FROM kasus k WHERE {where}
                        GROUP BY k.pelanggaran, k.pemilu, k.tanggal_kejadian) g GROUP BY fase"""
    return [dict(r) for r in db.query(sql, [*_dim_params(by), *params])]


def _aggregate_persons(db: Database, seleksi: Seleksi, by: list[str]) -> list[dict]:
    """Person-level grouping or filters: per case (and dimension value) first, then per group."""
    _functions(db)
    frm, params = _from(seleksi)
    person_dims = [d for d in by if d in PERSON_DIMS]
    inner_keys = ", ".join(f"{_dim_sql(d)} AS {d}" for d in person_dims)
    inner = f"""
        SELECT k.id AS kid, k.sumber AS sumber_, {', '.join(f'{_dim_sql(d)} AS {d}' for d in by if d in CASE_DIMS) or '0 AS _'}
               {', ' + inner_keys if inner_keys else ''},
               {', '.join(f'{expr} AS {c}' for c, expr in PERSON_SUMS.items())}
        {frm}
        GROUP BY k.id{''.join(', ' + _dim_sql(d) for d in person_dims)}"""
    group = ", ".join(by)
    sql = f"""
        SELECT {group + ',' if by else ''}
               COUNT(*) AS kasus,
               SUM(sumber_ = 'temuan') AS temuan,
               SUM(sumber_ = 'laporan') AS laporan,
               {', '.join(f'COALESCE(SUM({c}), 0) AS {c}' for c in COUNTS[3:])}
        FROM ({inner})
        {'GROUP BY ' + group if by else ''}"""
    return [dict(r) for r in db.query(sql, [*_dim_params(d for d in by if d in CASE_DIMS), *params])]


def _known_values(dim: str) -> list | None:
    """Values a dimension always shows, with zeros (TNI and Polri report 'nihil', not nothing)."""
    return {
        "sumber": list(vocab.SUMBER),
        "sanksi": list(SANKSI_ROWS),
        "status": list(vocab.STATUS),
        "jenis": list(vocab.JENIS),
        "fase": ["sebelum", "selama", "sesudah"],
    }.get(dim)


def _complete(rows: list[dict], by: list[str]) -> list[dict]:
    values = []
    for d in by:
        present = {r[d] for r in rows}
        known = _known_values(d) or []
        extra = sorted((v for v in present if v is not None and v not in known), key=str)
        nullable = d in PERSON_DIMS or d == "fase"
        values.append(known + extra + ([None] if nullable or None in present else []))
    index = {tuple(r[d] for d in by): r for r in rows}
    if len(by) == 1:
        combos = [(v,) for v in values[0]]
    else:  # a cross-table: the known values of one dimension for every present value of the other
        present = {k[0] for k in index}
        firsts = [v for v in values[0] if v in present or _always_shown(by[0], v)]
        combos = [(a, b) for a in firsts for b in values[1] if (a, b) in index or _always_shown(by[1], b)]
    out = []
    for combo in combos:
        row = index.get(combo) or {**dict(zip(by, combo)), **dict.fromkeys(COUNTS, 0)}
        out.append(row)
    return out


def _always_shown(dim: str, value) -> bool:
    """A value with a row even at zero: the known values of a closed vocabulary, and their 'missing'."""
    known = _known_values(dim)
    return known is not None and (value in known or value is None)


def label(dim: str, value) -> str:
    if value is None:
        return MISSING.get(dim, "(tidak diisi)")
    if dim in ("wilayah", "provinsi"):
        return wilayah_catalog().nama(value) or value
    if dim == "asal":
        return "Bawaslu " + (wilayah_catalog().nama(value) or value)
    if dim == "pemilu":
        p = catalogs.pemilu_catalog().get(value)
        return p.nama if p else value
    if dim == "pelanggaran":
        p = catalogs.pelanggaran_catalog().get(value)
        return p.uraian if p else value
    if dim == "bulan":
        month = bulan(value)
        return f"{_BULAN[month[1] - 1]} {month[0]}" if month else str(value)  # (a date that is none: as stored)
    if dim == "fase":
        return f"{value} kampanye"
    if dim == "sanksi" and value in _SANKSI_LABELS:
        return _SANKSI_LABELS[value]()
    return str(value).replace("_", " ")


def bulan(value) -> tuple[int, int] | None:
    """A `bulan` value (YYYY-MM, of tanggal_kejadian) as (year, month); None when it is none."""
    text = str(value)
    if len(text) != 7 or text[4] != "-" or not (text[:4] + text[5:]).isdigit() or not 1 <= int(text[5:]) <= 12:
        return None
    return int(text[:4]), int(text[5:])


_SANKSI_LABELS = {"moral": lambda: _("moral sanction only"),
                  "tanpa_tingkat": lambda: _("(sanctioned, no level recorded)")}


def labelled(rows: list[dict], by: list[str]) -> list[dict]:
    """Rows with, for each dimension D, `D` and `D_nama`, then the counts in their fixed order."""
    out = []
    for r in rows:
        row = {}
        for d in by:
            row[d] = r[d]
            row[f"{d}_nama"] = label(d, r[d])
        row.update({c: r[c] for c in COUNTS})
        out.append(row)
    return out


def di_bawah_pedoman(db: Database, seleksi: Seleksi, *, rows: bool) -> tuple[int, list[dict]]:
    """Persons whose imposed sanction is lighter than the guideline level of their violation form."""
    if not rows and not seleksi.per_person and all(f"n_{level}" in CASE_COUNTS for level in _RANK):
        return _di_bawah_pedoman_count(db, seleksi), []
    _functions(db)
    frm, params = _from(seleksi)
    asn, asn_params = asn_where()
    cond = (f"t.status = 'disanksi' AND {asn} AND {_PEDOMAN_RANK_SQL} IS NOT NULL "
            f"AND {_SANKSI_RANK_SQL} < {_PEDOMAN_RANK_SQL}")
    params = [*params, *asn_params]
    count = db.execute(f"SELECT COUNT(*) {frm} AND {cond}", params).fetchone()[0]
    if not rows:
        return count, []
    listed = db.query(
        f"""SELECT k.nomor, k.wilayah, k.pemilu, k.pelanggaran, t.urutan, t.jenis, t.sanksi, t.sanksi_moral,
                   k.tanggal_kejadian
            {frm} AND {cond} ORDER BY k.wilayah, k.nomor, t.urutan""", params)
    pedoman = {p.kode: p.pedoman for p in catalogs.pelanggaran_catalog().values()}
    return count, [{**{k: v for k, v in r.items() if k != "tanggal_kejadian"}, "pedoman": pedoman.get(r["pelanggaran"]),
                    "jalur": jalur(r["pelanggaran"], r["pemilu"], r["tanggal_kejadian"])} for r in listed]


def asn_where(alias: str = "t") -> tuple[str, list]:
    """The terlapor on the PPK route: ASN kinds, and those whose kind is not recorded."""
    from netralitas.rute import asn_jenis

    kinds = asn_jenis()
    return f"({alias}.jenis IN ({','.join('?' * len(kinds))}) OR {alias}.jenis IS NULL)", list(kinds)


def _di_bawah_pedoman_count(db: Database, seleksi: Seleksi) -> int:
    """The same count from the per-case counters (kasus.n_*), one pass over the report index: a
    sanctioned person (n_disanksi) is below the guideline unless their level (a person with a
    level is always disanksi) reaches the guideline's; a moral sanction alone has no level."""
    where, params = seleksi.kasus_where()
    levels = list(_RANK)
    sums = ", ".join(f"SUM(k.n_{level}) AS {level}" for level in levels)
    return below_guideline(db.query(f"SELECT k.pelanggaran, SUM(k.n_disanksi) AS disanksi, {sums} FROM kasus k "
                                     f"WHERE {where} GROUP BY k.pelanggaran", params))


def below_guideline(per_form) -> int:
    """The below-guideline count from counts per violation form (pelanggaran, disanksi, each level)."""
    count = 0
    for r in per_form:
        pedoman = _pedoman_rank(r["pelanggaran"])
        if pedoman is not None:
            count += (r["disanksi"] or 0) - sum(r[level] or 0 for level in _RANK if _RANK[level] >= pedoman)
    return count


def _tertunda_where(seleksi: Seleksi, hari: int, today: dt.date) -> tuple[str, list]:
    frm, params = _from(seleksi)
    batas = (today - dt.timedelta(days=hari)).isoformat()
    asn, asn_params = asn_where()
    return (f"{frm} AND t.status = 'direkomendasikan' AND t.tanggal_rekomendasi < ? AND {asn}",
            [*params, batas, *asn_params])


def tertunda(db: Database, seleksi: Seleksi, hari: int, *, today: dt.date | None = None,
             limit: int | None = None) -> list[dict]:
    """Proven persons awaiting a PPK decision for more than `hari` days since the recommendation,
    the longest waiting first."""
    today = today or dt.date.today()
    frm, params = _tertunda_where(seleksi, hari, today)
    rows = db.query(
        f"""SELECT k.nomor, k.wilayah, k.pemilu, k.pelanggaran, t.urutan, t.jenis, t.rekomendasi,
                   t.tanggal_rekomendasi,
                   CAST(julianday(?) - julianday(t.tanggal_rekomendasi) AS INTEGER) AS hari
            {frm} ORDER BY t.tanggal_rekomendasi, k.nomor, t.urutan {'LIMIT ?' if limit else ''}""",
        [today.isoformat(), *params, *([limit] if limit else [])],
    )
    return list(rows)


def tertunda_per_wilayah(db: Database, seleksi: Seleksi, hari: int, *, today: dt.date | None = None) -> list[dict]:
    """How many wait per region, and since when."""
    today = today or dt.date.today()
    frm, params = _tertunda_where(seleksi, hari, today)
    rows = db.query(f"""SELECT k.wilayah, COUNT(*) AS terlapor, MIN(t.tanggal_rekomendasi) AS sejak
                        {frm} GROUP BY k.wilayah ORDER BY terlapor DESC, k.wilayah""", params)
    return [{"wilayah": r["wilayah"], "wilayah_nama": label("wilayah", r["wilayah"]), "terlapor": r["terlapor"],
             "sejak": r["sejak"]} for r in rows]


def rates(total: dict) -> dict:
    """The funnel: proven of reported, sanctioned of proven (PPK follow-up), in percent."""
    def pct(a, b):
        return round(100 * a / b, 1) if b else None

    return {"terbukti_persen": pct(total["terbukti"], total["terlapor"]),
            "disanksi_persen": pct(total["disanksi"], total["terbukti"])}


@dataclass
class Laporan:
    by: list[str]
    rows: list[dict]
    total: dict
    seleksi: Seleksi
    extra: dict = field(default_factory=dict)  # sections rendered on request

    def to_json(self) -> dict:
        return {"by": self.by, "rows": self.rows, "total": self.total, **self.extra}


def report(db: Database, seleksi: Seleksi, by: list[str]) -> Laporan:
    return laporan_of(db, seleksi, by, aggregate(db, seleksi, by))


def laporan_of(db: Database, seleksi: Seleksi, by: list[str], rows: list[dict]) -> Laporan:
    """The report of `aggregate`'s rows: labelled, with the selection's total."""
    if all(d in CASE_DIMS for d in by):  # each case is in exactly one row: the rows add up
        total = {c: sum(r[c] for r in rows) for c in COUNTS}
    else:  # a case whose terlapor differ is in several rows: count it once
        whole = aggregate(db, seleksi, [])[0]
        total = {c: whole[c] for c in COUNTS}
    return Laporan(by, labelled(rows, by), total, seleksi)


def default_by(seleksi: Seleksi) -> list[str]:
    """One kab selected: compare its elections; otherwise compare regions."""
    return ["pemilu"] if len(seleksi.kab) == 1 else ["wilayah"]
