"""Reports on a database with known answers: every dimension, funnel, filters, missing rows, formats."""

import csv
import io
import json

import pytest

from netralitas import reports, store
from netralitas.models import Kasus
from netralitas.seleksi import Seleksi
import datetime as dt

COUNTS = ["kasus", "temuan", "laporan", "terlapor", "terbukti", "tidak_terbukti", "disanksi", "ringan", "sedang",
          "berat", "moral", "ptdh"]

# (nomor, sumber, pemilu, wilayah, tanggal, pelanggaran, [terlapor])
CASES = [
    ("K1", "temuan", "pilkada-2020", "64.02", "2020-10-02", "foto-bersama",
     [dict(jenis="PNS", sanksi="sedang", instansi="Disdik", kategori_jabatan="fungsional"),
      dict(jenis="PNS", status="tidak_terbukti", instansi="Disdik")]),
    ("K2", "laporan", "pilkada-2020", "64.02", "2020-08-01", "medsos-interaksi",  # before the campaign
     [dict(jenis="PPPK", rekomendasi="berat", tanggal_rekomendasi="2020-08-10")]),
    ("K3", "laporan", "pilkada-2020", "64.02", "2020-12-07", "alat-peraga", []),  # after; no terlapor
    ("K4", "temuan", "pilkada-2018", "64.09", "2018-05-12", "kegiatan-keberpihakan",
     [dict(jenis="PNS", sanksi="berat"), dict(jenis="PNS", sanksi_moral="terbuka"),
      dict(jenis="kepala_desa")]),
    ("K5", "laporan", "pilkada-2024", "64.09", "2024-10-02", "ikut-kampanye",
     [dict(jenis="PNS", sanksi="ringan", kategori_jabatan="pelaksana")]),
    ("K6", "temuan", "pemilu-2024", "62.03", "2024-01-15", "lainnya", [dict(jabatan="Staf")]),  # no jenis
]
# K1: 2 persons (1 proven+sanctioned sedang, 1 not proven); K2: 1 proven waiting; K3: none;
# K4: 3 persons (berat; moral only -> lighter than berat guideline; diproses); K5: ringan (guideline sedang); K6: 1 diproses
TOTAL = dict(kasus=6, temuan=3, laporan=3, terlapor=8, terbukti=5, tidak_terbukti=1, disanksi=4, ringan=1, sedang=1,
             berat=1, moral=1, ptdh=0)


@pytest.fixture
def db(db_path):
    database = store.open_db(db_path)
    with store.write(database):
        for nomor, sumber, pemilu, wilayah, tanggal, pelanggaran, people in CASES:
            k = Kasus(nomor=nomor, sumber=sumber, pemilu=pemilu, wilayah=wilayah, tanggal_kejadian=tanggal,
                      pelanggaran=pelanggaran, terlapor=people)
            store.insert_case(database, store.kasus_record(k), [store.terlapor_record(t) for t in k.terlapor], "t")
    return database


def by(db, *dims, **filters):
    return reports.report(db, Seleksi(**filters), list(dims))


def test_total(db):
    assert by(db).total == TOTAL


@pytest.mark.parametrize("dim", reports.DIMENSIONS)
def test_every_dimension_adds_up_to_the_total_in_persons(db, dim):
    lap = by(db, dim)
    assert lap.total == TOTAL
    for c in ("terlapor", "terbukti", "tidak_terbukti", "disanksi", "ringan", "sedang", "berat", "moral"):
        assert sum(r[c] for r in lap.rows) == TOTAL[c], (dim, c)
    if dim in reports.CASE_DIMS:  # each case is in exactly one group
        for c in ("kasus", "temuan", "laporan"):
            assert sum(r[c] for r in lap.rows) == TOTAL[c], (dim, c)
    for r in lap.rows:
        assert list(r) == [dim, f"{dim}_nama", *COUNTS]


def test_by_wilayah(db):
    rows = {r["wilayah"]: r for r in by(db, "wilayah").rows}
    assert rows["64.02"]["wilayah_nama"] == "Kabupaten Kutai Kartanegara"
    assert (rows["64.02"]["kasus"], rows["64.02"]["temuan"], rows["64.02"]["laporan"], rows["64.02"]["terlapor"]) == (3, 1, 2, 3)
    assert (rows["64.09"]["kasus"], rows["64.09"]["terlapor"], rows["64.09"]["moral"]) == (2, 4, 1)
    assert set(rows) == {"64.02", "64.09", "62.03"}  # no missing row for a required field


def test_by_jenis_shows_tni_polri_as_zero_and_a_missing_row(db):
    rows = {r["jenis"]: r for r in by(db, "jenis").rows}
    assert list(rows) == ["PNS", "PPPK", "ASN", "TNI", "Polri", "kepala_desa", "perangkat_desa", "lainnya", None]
    assert rows["TNI"]["terlapor"] == rows["Polri"]["terlapor"] == 0
    assert rows["PNS"]["terlapor"] == 5 and rows["PNS"]["kasus"] == 3
    # K3 has no terlapor and K6's terlapor has no jenis: both are in the missing row
    assert (rows[None]["kasus"], rows[None]["terlapor"], rows[None]["jenis_nama"]) == (2, 1, "(tidak diisi)")


def test_by_sanksi_has_a_row_for_none_yet(db):
    rows = {r["sanksi"]: r for r in by(db, "sanksi").rows}
    assert [rows[k]["terlapor"] for k in ("ringan", "sedang", "berat")] == [1, 1, 1]
    # exact rows: the moral-only person has a row of their own, not "(belum ada sanksi)"
    assert rows["moral"]["terlapor"] == 1 and rows["ptdh"]["terlapor"] == rows["tanpa_tingkat"]["terlapor"] == 0
    assert rows[None]["sanksi_nama"] == "(belum ada sanksi)" and rows[None]["terlapor"] == 4
    assert sum(r["terlapor"] for r in rows.values()) == TOTAL["terlapor"]


def test_by_fase_and_bulan(db):
    fase = {r["fase"]: r["kasus"] for r in by(db, "fase").rows}
    assert fase == {"sebelum": 1, "selama": 4, "sesudah": 1, None: 0}  # K2 before (2020-08-01); K3 after (2020-12-07)
    bulan = {r["bulan"]: r for r in by(db, "bulan").rows}
    assert bulan["2020-10"]["bulan_nama"] == "Oktober 2020" and bulan["2020-10"]["kasus"] == 1


def test_cross_table(db):
    lap = by(db, "wilayah", "sanksi")
    rows = {(r["wilayah"], r["sanksi"]): r["terlapor"] for r in lap.rows}
    assert rows[("64.09", "berat")] == 1 and rows[("64.09", "moral")] == 1 and rows[("64.09", None)] == 1
    assert rows[("64.02", "ringan")] == 0
    assert sum(rows.values()) == TOTAL["terlapor"]
    assert list(lap.rows[0])[:4] == ["wilayah", "wilayah_nama", "sanksi", "sanksi_nama"]


def test_filters(db):
    assert by(db, kab=("64.02",)).total["kasus"] == 3
    assert by(db, prov=("64",)).total["kasus"] == 5
    assert by(db, pemilu=("pilkada-2020", "pilkada-2018")).total["kasus"] == 4
    assert by(db, sumber=("temuan",)).total["temuan"] == 3
    assert by(db, pelanggaran=("foto-bersama",)).total["terlapor"] == 2
    only_pns = by(db, jenis=("PNS",)).total
    assert (only_pns["kasus"], only_pns["terlapor"], only_pns["disanksi"]) == (3, 5, 4)
    assert by(db, status=("disanksi",)).total["terlapor"] == 4
    window = by(db, dari=dt.date(2020, 1, 1), sampai=dt.date(2020, 12, 31)).total
    assert window["kasus"] == 3
    empty = by(db, "jenis", kab=("32.04",))
    assert empty.total == dict.fromkeys(COUNTS, 0) and len(empty.rows) == 9


def test_funnel_rates():
    assert reports.rates(TOTAL) == {"terbukti_persen": 62.5, "disanksi_persen": 80.0}
    # KASN, Pilkada 2020, Dec 2021: 2,007 reported, 1,588 proven (79.1 %), 1,365 sanctioned (86 %)
    assert reports.rates({"terlapor": 2007, "terbukti": 1588, "disanksi": 1365}) == {
        "terbukti_persen": 79.1, "disanksi_persen": 86.0}
    assert reports.rates(dict.fromkeys(COUNTS, 0)) == {"terbukti_persen": None, "disanksi_persen": None}


def test_di_bawah_pedoman_and_tertunda(db):
    count, rows = reports.di_bawah_pedoman(db, Seleksi(), rows=True)
    # K1 sedang < berat (foto-bersama); K4 moral only < berat; K5 ringan < sedang (ikut-kampanye)
    assert count == 3
    assert {(r["nomor"], r["urutan"]) for r in rows} == {("K1", 1), ("K4", 2), ("K5", 1)}
    waiting = reports.tertunda(db, Seleksi(), 14, today=dt.date(2020, 9, 1))
    assert [(r["nomor"], r["hari"]) for r in waiting] == [("K2", 22)]
    assert reports.tertunda(db, Seleksi(), 30, today=dt.date(2020, 9, 1)) == []


@pytest.mark.parametrize("filters", [{}, {"kab": ("64.02",)}, {"pelanggaran": ("foto-bersama",)},
                                     {"sumber": ("laporan",)}, {"pemilu": ("no-such",)}])
def test_the_below_guideline_count_from_the_case_counters_equals_the_person_count(db, filters):
    fast, _ = reports.di_bawah_pedoman(db, Seleksi(**filters), rows=False)  # kasus.n_*
    slow, rows = reports.di_bawah_pedoman(db, Seleksi(**filters), rows=True)  # person by person
    assert fast == slow == len(rows)


# -- through the CLI ------------------------------------------------------------------------------


def test_json_equals_the_service(cli, db):
    from netralitas.pencegahan.laporan import beside

    out = json.loads(cli("report", "--by", "pemilu", "--format", "json").stdout)
    from netralitas import laporan_rute

    service = beside(db, by(db, "pemilu"))
    service.extra = {"funnel": laporan_rute.funnel(db, Seleksi()), "rute_lain": laporan_rute.lain(db, Seleksi())}
    assert out == json.loads(json.dumps(service.to_json()))
    # the case counts first, in their order; prevention and coverage appended after them
    assert list(out) == ["by", "rows", "total", "funnel", "rute_lain"]
    assert list(out["total"]) == COUNTS + ["sosialisasi", "peserta", "cakupan"]
    assert list(out["rows"][0]) == ["pemilu", "pemilu_nama", *COUNTS, "sosialisasi", "peserta", "cakupan", "angka", "rekap"]


def test_default_json_groups_by_wilayah_or_by_pemilu_for_one_kab(cli, db):
    assert json.loads(cli("report", "--format", "json").stdout)["by"] == ["wilayah"]
    out = json.loads(cli("report", "--kab", "ppu", "--format", "json").stdout)
    assert out["by"] == ["pemilu"] and [r["pemilu"] for r in out["rows"]] == ["pilkada-2018", "pilkada-2024"]


def test_csv_and_markdown_have_the_same_columns(cli, db):
    rows = list(csv.DictReader(io.StringIO(cli("report", "--by", "sanksi", "--format", "csv").stdout)))
    assert list(rows[0]) == ["sanksi", "sanksi_nama", *COUNTS]
    *levels, total = rows  # the last row is the total
    assert sum(int(r["terlapor"]) for r in levels) == 8 and (total["sanksi_nama"], total["terlapor"]) == ("Total", "8")
    md = cli("report", "--by", "sanksi", "--format", "markdown").stdout.splitlines()
    assert md[0] == "| " + " | ".join(["sanksi", "sanksi_nama", *COUNTS]) + " |"
    assert md[-1].startswith("|  | **Total** | 6 | 3 | 3 | 8 |")


def test_summary_table(cli, db):
    out = cli("report").stdout
    assert "6 kasus (3 temuan, 3 laporan), 8 terlapor" in out
    # the funnel counts ASN only (the kepala desa of K4 is not in it), and says so
    assert "terlapor 7 → terbukti 5 (71.4 % of reported)" in out and "disanksi 4 (80.0 % of proven" in out
    assert "The funnel counts ASN only" in out and "Other actors, each on its own route" in out
    assert "Kabupaten Kutai Kartanegara" in out and "By sanction level" in out
    assert "Most frequent violation forms" in out and "3 imposed sanctions are lighter than the guideline" in out
    ppu = cli("report", "--kab", "ppu").stdout
    assert "Pilkada Serentak 2018" in ppu and "Pilkada Serentak 2024" in ppu


def test_zero_selection_says_so(cli, db):
    out = cli("report", "--kab", "kota bandung").stdout
    # never monitored: a zero without coverage is "tidak ada data", not "nihil"
    assert "no cases in this selection" in out and "tidak ada data" in out and "nihil" not in out
    out = json.loads(cli("report", "--kab", "kota bandung", "--by", "jenis", "--format", "json").stdout)
    rows = {r["jenis"]: r for r in out["rows"]}
    assert rows["TNI"]["terlapor"] == 0 and rows["Polri"]["kasus"] == 0


def test_cli_lists(cli, db):
    out = json.loads(cli("report", "--by", "sumber", "--format", "json", "--di-bawah-pedoman", "--tertunda", "14").stdout)
    assert out["di_bawah_pedoman"]["jumlah"] == 3 and out["tertunda"]["rows"][0]["nomor"] == "K2"
    text = cli("report", "--di-bawah-pedoman").stdout
    assert "Sanctions below the guideline: 3" in text


@pytest.mark.parametrize("args,fragment", [
    (["--by", "umur"], "dimensions"), (["--by", "wilayah,sanksi,jenis"], "one or two"),
    (["--kab", "mura"], "ambiguous"), (["--pemilu", "pilpres-2024"], "unknown pemilu"),
    (["--dari", "kemarin"], "expected a date"), (["--jenis", "pejabat"], "PNS, PPPK, ASN"),
    (["--dari", "2024-12-01", "--sampai", "1 Januari 2024"], "2024-12-01 is after --sampai 2024-01-01"),
])
def test_bad_filters_exit_2(cli, db, args, fragment):
    r = cli("report", *args, code=2)
    assert fragment in " ".join(r.stderr.split())


def test_rich_table_narrow_and_wide(cli, db, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    narrow = cli("report", "--by", "pemilu")
    assert max(len(line) for line in narrow.stdout.splitlines()) <= 80
    assert "narrow terminal" in narrow.stderr
    monkeypatch.setenv("COLUMNS", "160")
    wide = cli("report", "--by", "pemilu").stdout
    assert "ringan" in wide and "moral" in wide and "\x1b[" not in wide


@pytest.mark.parametrize("dims", [[], ["wilayah"], ["provinsi"], ["pemilu"], ["sumber"], ["pelanggaran"], ["bulan"],
                                  ["fase"], ["wilayah", "pemilu"], ["pemilu", "fase"]])
def test_per_case_counts_agree_with_the_join(db, dims):
    """Case-level reports read kasus.n_*; they must equal counting through the terlapor join."""
    fast = reports.aggregate_cases(db, Seleksi(), dims)
    slow = reports._aggregate_persons(db, Seleksi(), dims)
    key = lambda r: tuple(str(r[d]) for d in dims)  # noqa: E731
    assert sorted(fast, key=key) == sorted(slow, key=key)


def test_per_case_counts_follow_updates(cli, db):
    header = "nomor,sumber,pemilu,wilayah,tanggal_kejadian,pelanggaran,jenis,sanksi"
    import pathlib, tempfile

    f = pathlib.Path(tempfile.mkdtemp()) / "u.csv"
    f.write_text(header + "\nK3,laporan,pilkada-2020,64.02,2020-12-07,alat-peraga,PNS,berat\n"
                 "K3,laporan,pilkada-2020,64.02,2020-12-07,alat-peraga,TNI,\n", encoding="utf-8")
    cli("import", f)
    fast = reports.aggregate_cases(db, Seleksi(), ["wilayah"])
    slow = reports._aggregate_persons(db, Seleksi(), ["wilayah"])
    assert sorted(fast, key=str) == sorted(slow, key=str)
    assert by(db).total["terlapor"] == TOTAL["terlapor"] + 2
