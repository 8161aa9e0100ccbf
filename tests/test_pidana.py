"""The criminal route (Gakkumdu) per terlapor: recorded as stage events, through files and `tahap`,
never backwards, in `show`, in exports that import again, and counted for every kind."""

import csv
import json

import pytest

from tests.test_rute import case, problems, write

PNS = "199005212015032002"


def show(cli, nomor):
    return json.loads(cli("show", nomor, "--format", "json").stdout)


def test_tahap_records_the_outcome_per_person_and_never_backwards(cli, tmp_path):
    cli("import", write(tmp_path, [case("P1", [{"jenis": "kepala_desa", "nama": "Kades"}], pemilu="pemilu-2024",
                                        tanggal="2024-01-10")]))
    cli("tahap", "P1", "pidana", "--tanggal", "2024-01-20", "--hasil", "penyidikan", "--pasal", "uu7-490")
    person = show(cli, "P1")["terlapor"][0]
    assert (person["pidana"], person["tanggal_pidana"], person["pidana_pasal"]) == ("penyidikan", "2024-01-20", "uu7-490")
    assert person["status"] == "diproses"  # the criminal route leaves the administrative status alone
    # dihentikan (stopped before investigation) cannot follow penyidikan: refused, nothing written
    r = cli("tahap", "P1", "pidana", "--tanggal", "2024-02-01", "--hasil", "dihentikan", "--format", "json", code=1)
    assert "pidana-backwards" in r.stdout + r.stderr and "--batalkan-tahap pidana" in r.stdout + r.stderr
    cli("tahap", "P1", "pidana", "--tanggal", "2024-03-01", "--hasil", "putusan")
    person = show(cli, "P1")["terlapor"][0]
    assert (person["pidana"], person["pidana_pasal"]) == ("putusan", "uu7-490")  # the article is kept
    r = cli("tahap", "P1", "pidana", "--tanggal", "2024-03-02", "--hasil", "penyidikan", code=1)
    assert "pidana-backwards" in r.stdout + r.stderr
    assert [t["isi"].get("hasil") for t in show(cli, "P1")["tahapan"] if t["tahap"] == "pidana"] == [
        "penyidikan", "putusan"]
    # a pleno outcome is not a criminal one, and the reverse
    r = cli("tahap", "P1", "pidana", "--tanggal", "2024-03-02", "--hasil", "terbukti", code=2)
    assert "dihentikan, penyidikan, putusan" in r.stderr
    # the only way back: withdraw the stage, with a reason
    cli("ubah", "P1", "--batalkan-tahap", "pidana", "--alasan", "salah catat")
    assert show(cli, "P1")["terlapor"][0]["pidana"] is None
    cli("tahap", "P1", "pidana", "--tanggal", "2024-01-25", "--hasil", "dihentikan")
    assert show(cli, "P1")["terlapor"][0]["pidana"] == "dihentikan"


def test_the_article_must_fit_the_person_and_the_election(cli, tmp_path):
    cli("import", write(tmp_path, [case("P2", [{"jenis": "TNI"}])]))  # pilkada-2024
    r = cli("tahap", "P2", "pidana", "--tanggal", "2024-10-20", "--hasil", "penyidikan", "--pasal", "uu10-188", code=1)
    assert "pasal-not-for-terlapor" in r.stdout + r.stderr and "TNI" in r.stdout + r.stderr
    r = cli("tahap", "P2", "pidana", "--tanggal", "2024-10-20", "--hasil", "penyidikan", "--pasal", "pasal 999", code=1)
    assert "unknown-pasal" in r.stdout + r.stderr and "uu7-494" in r.stdout + r.stderr
    assert show(cli, "P2")["terlapor"][0]["pidana"] is None
    # in a file: the same checks, and a date or an article needs the outcome
    found = problems(cli, write(tmp_path, [
        case("P3", [{"jenis": "PNS", "pidana": "penyidikan", "pidana_pasal": "uu7-494"}]),  # a pemilu article, pilkada
        case("P4", [{"jenis": "PNS", "tanggal_pidana": "2024-10-20"}]),
        case("P5", [{"jenis": "PNS", "pidana": "diadili"}])], name="bad.yaml"))
    assert sorted(p["code"] for p in found) == ["bad-enum", "pasal-not-for-terlapor", "pidana-missing"]


def test_a_file_records_the_route_exports_it_and_imports_it_again(cli, tmp_path):
    path = tmp_path / "kasus.csv"
    fields = ["nomor", "sumber", "pemilu", "wilayah", "tanggal_kejadian", "pelanggaran", "nama", "nip", "jenis",
              "status", "rekomendasi", "tanggal_rekomendasi", "tanggal_sanksi", "sanksi_jenis", "pidana",
              "tanggal_pidana", "pidana_pasal"]
    rows = [
        ["Q1", "temuan", "pilkada-2024", "kukar", "2024-10-04", "medsos-interaksi", "Asn", PNS, "PNS", "", "sedang",
         "2024-10-20", "2024-11-20", "pemotongan tunjangan kinerja 25% selama 6 bulan", "putusan", "2024-12-20",
         "UU 10/2016 Pasal 71 ayat (1) jo. Pasal 188"],  # the catalog's wording of uu10-188
        ["Q2", "temuan", "pilkada-2024", "kukar", "2024-10-04", "medsos-interaksi", "Tentara", "", "TNI", "", "", "", "",
         "", "dihentikan", "2024-10-15", ""],
    ]
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([fields, *rows])
    cli("import", path)
    q1 = show(cli, "Q1")["terlapor"][0]
    assert (q1["pidana"], q1["tanggal_pidana"], q1["pidana_pasal"], q1["status"]) == (
        "putusan", "2024-12-20", "uu10-188", "disanksi")  # dated after the PPK's sanction: a parallel track
    assert [t["tahap"] for t in show(cli, "Q1")["tahapan"]].count("pidana") == 1
    for fmt, name in (("csv", "out.csv"), ("yaml", "out.yaml"), ("xlsx", "out.xlsx")):
        out = tmp_path / name
        cli("export", "--include-pii", "--format", fmt, "--output", out)
        r = cli("import", out)
        assert "0 new, 0 updated, 2 unchanged" in r.stderr, (fmt, r.stderr)
    with (tmp_path / "out.csv").open(encoding="utf-8") as f:
        exported = {r["nomor"]: r for r in csv.DictReader(f)}
    assert (exported["Q2"]["pidana"], exported["Q2"]["tanggal_pidana"]) == ("dihentikan", "2024-10-15")


@pytest.mark.parametrize("timpa", [False, True])
def test_a_file_cannot_move_the_route_back_without_timpa(cli, tmp_path, timpa):
    cli("import", write(tmp_path, [case("R1", [{"nama": "X", "jenis": "PNS", "pidana": "putusan",
                                                "tanggal_pidana": "2024-12-01"}])]))
    back = write(tmp_path, [case("R1", [{"nama": "X", "jenis": "PNS", "pidana": "penyidikan",
                                         "tanggal_pidana": "2024-11-01"}])], name="back.yaml")
    if not timpa:
        found = problems(cli, back)
        assert [p["code"] for p in found] == ["conflict"] and "move back" in found[0]["message"]
        assert show(cli, "R1")["terlapor"][0]["pidana"] == "putusan"
    else:
        cli("import", back, "--timpa")
        person = show(cli, "R1")["terlapor"][0]
        assert (person["pidana"], person["tanggal_pidana"]) == ("penyidikan", "2024-11-01")
        withdrawn = [t for t in show(cli, "R1")["tahapan"] if t["tahap"] == "pidana" and t["batal"]]
        assert [t["isi"]["hasil"] for t in withdrawn] == ["putusan"]


def test_the_report_counts_the_criminal_route_for_every_kind(cli, tmp_path):
    cli("import", write(tmp_path, [
        case("S1", [{"jenis": "PNS", "pidana": "putusan", "tanggal_pidana": "2024-12-01"},
                    {"jenis": "PNS", "pidana": "dihentikan", "tanggal_pidana": "2024-10-10"},
                    {"jenis": "PNS"}]),
        case("S2", [{"jenis": "Polri", "pidana": "penyidikan", "tanggal_pidana": "2024-10-10"}]),
        case("S3", [{"pidana": "penyidikan", "tanggal_pidana": "2024-10-10"}])]))  # jenis not recorded: ASN
    rows = json.loads(cli("report", "--format", "json").stdout)["rute_lain"]["pidana"]
    assert [(r["jenis"], r["terlapor"], r["dihentikan"], r["penyidikan"], r["putusan"]) for r in rows] == [
        ("PNS", 2, 1, 0, 1), ("Polri", 1, 0, 1, 0), (None, 1, 0, 1, 0)]
    table = cli("report").stdout
    assert "The criminal route (Gakkumdu)" in table
    # --jenis selects, as everywhere
    rows = json.loads(cli("report", "--jenis", "Polri", "--format", "json").stdout)["rute_lain"]["pidana"]
    assert [(r["jenis"], r["penyidikan"]) for r in rows] == [("Polri", 1)]


def test_an_office_sheet_names_the_columns_its_own_way(cli, tmp_path):
    path = tmp_path / "rekap.csv"
    path.write_text("Sumber;Pemilihan;Kab/Kota;Tgl Kejadian;Jenis Pelanggaran;Nama Terlapor;Jenis Pegawai;"
                    "Hasil Gakkumdu;Tgl Pidana;Pasal Pidana\n"
                    "TM;pemilu-2024;Kukar;10/01/2024;foto-bersama;Kades;Kepala Desa;Putusan;20/03/2024;uu7-490\n",
                    encoding="utf-8")
    cli("import", path)
    case = json.loads(cli("list", "--format", "json").stdout)[0]
    person = case["terlapor"][0]
    assert (person["pidana"], person["tanggal_pidana"], person["pidana_pasal"]) == ("putusan", "2024-03-20", "uu7-490")
