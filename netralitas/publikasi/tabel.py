"""The aggregate tables of a published database: codes, catalog names and counts, nothing else."""

from __future__ import annotations

import datetime as dt

from sqlite_utils import Database

from netralitas import __version__, catalogs, kantor, reports
from netralitas.errors import RuntimeFailure
from netralitas.i18n import _
from netralitas.publikasi import suppression
from netralitas.seleksi import Seleksi
from netralitas.wilayah import catalog as wilayah_catalog

# table -> the report dimensions it counts by (the count keys come from reports.COUNTS)
KASUS_TABLES = {
    "kasus_per_wilayah": ["wilayah"],
    "kasus_per_provinsi": ["provinsi"],
    "kasus_per_pemilu": ["pemilu"],
    "kasus_per_wilayah_pemilu": ["wilayah", "pemilu"],
    "kasus_per_provinsi_pemilu": ["provinsi", "pemilu"],
    "kasus_per_bulan": ["bulan"],
    "kasus_per_sumber": ["sumber"],
    "kasus_per_pelanggaran": ["pelanggaran"],
    "kasus_per_jenis": ["jenis"],
    "kasus_per_sanksi": ["sanksi"],
    "kasus_per_tahap": ["tahap"],
    "kasus_per_asal": ["asal"],
}
SOSIALISASI = "sosialisasi_per_wilayah_pemilu"
CAKUPAN = "cakupan_per_wilayah_pemilu"


def counts() -> tuple[str, ...]:
    """The count keys of `report`, in its order (new keys flow through)."""
    return tuple(reports.COUNTS)


def write(db: Database, out: Database, *, min_sel: int = 0) -> tuple[dict[str, int], dict[str, dict[str, int]]]:
    """Write every aggregate table of `db` into `out` (an empty database); return rows per table
    and, per table, the cells published empty (`primer`: small; `sekunder`: so that no small one
    can be worked out from a total; see `suppression`)."""
    own = kantor.get(db)
    tables = []
    for table, by in KASUS_TABLES.items():
        rows = reports.labelled(reports.aggregate(db, Seleksi(), by), by)
        if "asal" in by and own is not None:  # this database's own records: its office
            for r in rows:
                if r["asal"] is None:
                    r["asal"], r["asal_nama"] = own["wilayah"], own["nama"]
        per_person = any(d in reports.PERSON_DIMS for d in by)  # a case in several rows: only persons add up
        tables.append(suppression.Table(table, rows, tuple(by), counts(),
                                        counts()[len(suppression.CASE_COUNTS):] if per_person else counts()))
    tables.append(suppression.Table(SOSIALISASI, _sosialisasi(db), ("wilayah", "pemilu"), ("kegiatan", "peserta")))
    tables.append(suppression.Table(CAKUPAN, _cakupan(db), ("wilayah", "pemilu", "hasil"), ("jumlah",)))
    _interpretable(db, tables)
    primary, secondary = suppression.suppress(tables, min_sel)
    written, hidden = {}, {}
    for t in tables:
        written[t.name] = _insert(out, t, primary | secondary)
        hidden[t.name] = {"primer": sum(c[0] == t.name for c in primary),
                          "sekunder": sum(c[0] == t.name for c in secondary)}
    written.update(_catalogs(out))
    return written, hidden


SHOWN = 10  # records named when a value cannot be published
_FIELD = {"bulan": "tanggal_kejadian", "provinsi": "wilayah"}  # the field a dimension is read from


def _known(dim: str, value) -> bool:
    """Whether a value of a catalog's dimension (or a month) is one terbitkan can publish and name."""
    if dim in ("wilayah", "provinsi"):
        return wilayah_catalog().nama(value) is not None
    if dim == "pemilu":
        return value in catalogs.pemilu_catalog()
    if dim == "pelanggaran":
        return value in catalogs.pelanggaran_catalog()
    if dim == "bulan":
        return reports.bulan(value) is not None
    return True


def _interpretable(db: Database, tables: list) -> None:
    """Refuse (nothing written) a register holding a value of a case that terbitkan cannot interpret: a
    region, election or violation code no catalog knows, an incident date that is none (a register
    edited by hand, or one a faulty tool wrote). Such a value would be published as it is stored, and
    it may be anything (a name); the records are named by nomor, never the value."""
    bad = {}
    for t in tables:
        for d in t.by:
            for r in t.rows:
                if r[d] is not None and not _known(d, r[d]):
                    bad.setdefault(d, set()).add(r[d])
    if not bad:
        return
    found = {}
    for d, values in sorted(bad.items()):
        marks = ",".join("?" * len(values))
        found |= {(*r, _FIELD.get(d, d)): None for r in db.execute(
            f"""SELECT k.nomor, COALESCE(k.kantor, '') FROM kasus k
                WHERE k.dihapus IS NULL AND {reports._dim_sql(d)} IN ({marks}) ORDER BY k.id LIMIT {SHOWN}""",
            list(values))}
    raise RuntimeFailure(_("the register holds values that cannot be published (not in the catalogs, or not a "
                           "date), in these kasus: {records}; correct them (`netralitas ubah`, or at the office "
                           "that keeps them, then merge again) and publish again. Nothing was written.").format(
        records="; ".join(f"{nomor}{' (' + office + ')' if office else ''}: {field}"
                          for nomor, office, field in list(found)[:SHOWN])))


def _insert(out: Database, t: suppression.Table, hidden: set) -> int:
    columns = {}
    for d in t.by:
        columns[d] = str
        columns[f"{d}_nama"] = str
    columns.update({c: int for c in t.counts})
    out[t.name].create(columns)
    out[t.name].insert_all({c: None if (t.name, i, c) in hidden else r.get(c) for c in columns}
                           for i, r in enumerate(t.rows))
    for d in t.by:
        out[t.name].create_index([d])
    return len(t.rows)


def _sosialisasi(db: Database) -> list[dict]:
    rows = db.query("""SELECT wilayah, pemilu, COUNT(*) AS kegiatan, SUM(jumlah_peserta) AS peserta
                       FROM sosialisasi GROUP BY wilayah, pemilu ORDER BY wilayah, pemilu""")
    return [_named(r) for r in rows]


def _cakupan(db: Database) -> list[dict]:
    rows = db.query("""SELECT wilayah, pemilu, hasil, COUNT(*) AS jumlah FROM pantau
                       GROUP BY wilayah, pemilu, hasil ORDER BY wilayah, pemilu, hasil""")
    return [{**_named(r), "hasil_nama": r["hasil"]} for r in rows]


def _named(r) -> dict:
    r = dict(r)
    r["wilayah_nama"] = reports.label("wilayah", r["wilayah"])
    r["pemilu_nama"] = reports.label("pemilu", r["pemilu"]) if r["pemilu"] else None
    return r


def _catalogs(out: Database) -> dict[str, int]:
    w = wilayah_catalog()
    regions = [{"kode": x.kode, "nama": x.nama, "tingkat": x.tingkat, "provinsi": x.provinsi}
               for x in (*w.provinsi.values(), *w.kabkota.values())]
    out["wilayah"].insert_all(regions, pk="kode")
    pemilu = [{"id": p.id, "nama": p.nama, "jenis": p.jenis, "pemungutan": p.pemungutan.isoformat()}
              for p in catalogs.pemilu_catalog().values()]
    out["pemilu"].insert_all(pemilu, pk="id")
    forms = [{"kode": p.kode, "uraian": p.uraian, "etik": int(p.etik), "pedoman": p.pedoman}
             for p in catalogs.pelanggaran_catalog().values()]
    out["pelanggaran"].insert_all(forms, pk="kode")
    return {"wilayah": len(regions), "pemilu": len(pemilu), "pelanggaran": len(forms)}


def about(db: Database, out: Database, *, min_sel: int, hidden: dict[str, dict[str, int]]) -> None:
    """Table `tentang`: when, from what, with which suppression, under which licences."""
    from netralitas.publikasi.metadata import LICENCES, SUPPRESSION_RULE

    own = kantor.get(db)
    merged = db.execute("SELECT COUNT(DISTINCT kantor) FROM asal").fetchone()[0] if db["asal"].exists() else 0
    rows = [("diterbitkan", dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")),
            ("netralitas", __version__),
            ("kantor", f"{own['nama']} ({own['wilayah']})" if own else ""),
            ("kantor_digabung", str(merged)),
            ("min_sel", str(min_sel) if min_sel else "0 (tidak ada sel yang disembunyikan)"),
            ("sel_disembunyikan_primer", str(sum(h["primer"] for h in hidden.values()))),
            ("sel_disembunyikan_sekunder", str(sum(h["sekunder"] for h in hidden.values()))),
            ("aturan_sel", SUPPRESSION_RULE if min_sel > 1 else ""),
            *((f"lisensi_{k}", v) for k, v in LICENCES.items())]
    out["tentang"].insert_all([{"kunci": k, "nilai": v} for k, v in rows], pk="kunci")
