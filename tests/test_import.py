"""import / validate / export: every format, atomic rejection, idempotence, history, round trips."""

import datetime as dt
import json
import time

import pytest
from openpyxl import Workbook, load_workbook

from conftest import EXAMPLES, count

HEADER_SEMI = "No;Nomor Register;Sumber;Pemilihan;Kab/Kota;Tgl Kejadian;Pelanggaran;Nama Terlapor;NIP;Unsur;Status;Sanksi"


def write_csv(path, lines, encoding="utf-8-sig", newline="\r\n"):
    path.write_bytes((newline.join(lines) + newline).encode(encoding))
    return path


def test_examples_import_then_reimport_changes_nothing(cli, db_path):
    files = [EXAMPLES / "kasus.yaml", EXAMPLES / "kasus.csv", EXAMPLES / "kasus.xlsx"]
    r = cli("import", *files)
    assert "14 new, 0 updated, 0 unchanged" in r.stderr
    before = (count(db_path), count(db_path, "terlapor"))
    r = cli("import", *files)
    assert "0 new, 0 updated, 14 unchanged" in r.stderr
    assert (count(db_path), count(db_path, "terlapor"), count(db_path, "riwayat")) == (*before, 0)
    total = json.loads(cli("report", "--kab", "kukar", "--pemilu", "pilkada-2020", "--format", "json").stdout)["total"]
    assert (total["temuan"], total["laporan"]) == (4, 4)  # "Pilkada 2020: 4 temuan dan 4 laporan" (Bawaslu Kukar)


def test_excel_exported_semicolon_csv_with_bom(cli, tmp_path, db_path):
    f = write_csv(tmp_path / "rekap.csv", [
        HEADER_SEMI,
        "1;001/LP/2024;Laporan;Pilkada 2024;Kukar;04/10/2024;medsos-interaksi;Budi;198001012005011001;PNS;;sedang",
        "2;001/LP/2024;Laporan;Pilkada 2024;Kukar;04/10/2024;medsos-interaksi;Ani;;PPPK;tidak terbukti;",
        "3;002/TM/2024;temuan;pilkada-2024;64.74;5 Okt 2024;foto-bersama;;;;;",
        "", "",
    ])
    cli("import", f)
    rows = json.loads(cli("list", "--format", "json").stdout)
    assert [len(c["terlapor"]) for c in rows] == [2, 0]
    assert rows[0]["tanggal_kejadian"] == "2024-10-04" and rows[0]["wilayah"] == "64.02"
    assert rows[0]["terlapor"][0]["status"] == "disanksi"


def test_windows_1252_comma_csv_with_synonym_headers(cli, tmp_path):
    f = write_csv(tmp_path / "lama.csv", [
        "nomor,sumber,pemilu,kabupaten,tanggal,pelanggaran,uraian,nama terlapor,jenis pegawai",
        "005/TM,temuan,pilkada-2018,Penajam Paser Utara,12/05/2018,kegiatan-keberpihakan,Bantuan sosial – banjir,José,PNS",
    ], encoding="cp1252")
    cli("import", f)
    case = json.loads(cli("list", "--format", "json").stdout)[0]
    assert case["uraian"] == "Bantuan sosial – banjir" and case["terlapor"][0]["nama"] == "José"


def test_rows_of_one_case_may_be_apart_but_must_agree(cli, tmp_path, db_path):
    ok = write_csv(tmp_path / "ok.csv", [
        "nomor,sumber,pemilu,wilayah,tanggal_kejadian,pelanggaran,nama",
        "A1,temuan,pilkada-2020,kukar,2020-10-02,foto-bersama,Satu",
        "B1,laporan,pilkada-2020,kukar,2020-10-03,foto-bersama,Dua",
        "A1,temuan,pilkada-2020,kukar,2020-10-02,foto-bersama,Tiga",
    ])
    cli("import", ok)
    assert (count(db_path), count(db_path, "terlapor")) == (2, 3)
    bad = write_csv(tmp_path / "bad.csv", [
        "nomor,sumber,pemilu,wilayah,tanggal_kejadian,pelanggaran,nama",
        "C1,temuan,pilkada-2020,kukar,2020-10-02,foto-bersama,Satu",
        "C1,laporan,pilkada-2020,kukar,2020-10-02,foto-bersama,Dua",
    ])
    r = cli("import", bad, "--format", "json", code=1)
    problem = json.loads(r.stdout)["files"][0]["problems"][0]
    assert (problem["code"], problem["field"], problem["value"], problem["line"]) == ("case-fields-disagree", "sumber", "laporan", 3)
    assert count(db_path) == 2


def test_invalid_file_is_rejected_whole_with_every_problem_listed(cli, tmp_path, db_path):
    cli("import", EXAMPLES / "kasus.yaml")
    before = count(db_path)
    f = write_csv(tmp_path / "rusak.csv", [
        HEADER_SEMI,
        "1;X1;laporan;pilkada-2024;kukar;04/10/2024;medsos-interaksi;A;;PNS;;",  # valid
        "2;X2;laporan;pilkada-2024;bandung;31/02/2024;medsos-interaksi;B;123;PNS;;",
        "3;X3;aduan;pilkada-2023;Kutai Kertanegaraa;04/10/2024;like;C;;pejabat;;",
    ])
    r = cli("import", f, "--format", "json", code=1)
    problems = json.loads(r.stdout)["files"][0]["problems"]
    found = {(p["line"], p["field"], p["code"]) for p in problems}
    assert found == {(3, "wilayah", "ambiguous-wilayah"), (3, "tanggal_kejadian", "bad-tanggal"), (3, "nip", "bad-nip"),
                     (4, "sumber", "bad-enum"), (4, "pemilu", "unknown-pemilu"), (4, "wilayah", "unknown-wilayah"),
                     (4, "pelanggaran", "unknown-pelanggaran"), (4, "jenis", "bad-enum")}
    wilayah = next(p for p in problems if p["code"] == "unknown-wilayah")
    assert wilayah["value"] == "Kutai Kertanegaraa" and "Kutai Kartanegara (64.02)" in wilayah["message"]
    assert count(db_path) == before  # not even the valid row
    table = cli("import", f, code=1)
    assert "rusak.csv" in table.stdout and "ambiguous-wilayah" in table.stdout
    assert "rejected 1 file(s) (8 problems), nothing written" in " ".join(table.stderr.split())


def test_one_bad_file_does_not_stop_a_good_one(cli, tmp_path, db_path):
    bad = write_csv(tmp_path / "bad.csv", ["nomor,sumber", "1,temuan"])
    r = cli("import", bad, EXAMPLES / "kasus.yaml", code=1)
    assert "missing-column" in r.stdout and count(db_path) == 3


def test_headers_no_column_and_unknown_columns(cli, tmp_path):
    f = write_csv(tmp_path / "x.csv", ["No.,Nomor Register,Sumber,Pemilihan,Kab,Tanggal,Pelanggaran,Catatan",
                                       "1,R1,temuan,pilkada-2020,ppu,2020-10-01,lainnya,abc"])
    r = cli("validate", f, code=1)
    assert "unknown-column" in r.stdout and "Catatan" in r.stdout and "--ignore-unknown" in r.stdout
    cli("validate", f, "--ignore-unknown")
    f2 = write_csv(tmp_path / "y.csv", ["No,Sumber,Pemilihan,Kab,Tanggal,Pelanggaran",
                                        "001/Reg/X,temuan,pilkada-2020,ppu,2020-10-01,lainnya"])
    r = cli("validate", f2, code=1)
    assert "ambiguous-column" in r.stdout


def test_xlsx_with_real_dates_and_sheet(cli, tmp_path, db_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Ringkasan"
    other = wb.create_sheet("Kasus")
    other.append(["Nomor", "Sumber", "Pemilu", "Wilayah", "Tanggal Kejadian", "Pelanggaran", "NIP", "Jenis"])
    other.append(["X-1", "temuan", "pemilu-2024", "Kapuas", dt.datetime(2024, 1, 15), "ikut-kampanye",
                  "198409172009011002", "PNS"])
    other.append(["X-2", "temuan", "pemilu-2024", "Kapuas", dt.datetime(2024, 1, 16), "ikut-kampanye",
                  198409172009011002, "PNS"])  # a NIP typed as a number has lost its digits
    f = tmp_path / "rekap.xlsx"
    wb.save(f)
    r = cli("validate", f, "--sheet", "Kasus", "--format", "json", code=1)
    problem = json.loads(r.stdout)["files"][0]["problems"][0]
    assert (problem["code"], problem["line"]) == ("bad-nip", 3) and "as a number" in problem["message"]
    other.delete_rows(3)
    wb.save(f)
    cli("import", f, "--sheet", "Kasus")
    assert json.loads(cli("list", "--format", "json").stdout)[0]["tanggal_kejadian"] == "2024-01-15"
    r = cli("validate", f, "--sheet", "Tidak Ada", code=1)
    assert "Kasus" in r.stdout


def test_yaml_forms(cli, tmp_path, db_path):
    f = tmp_path / "multi.yaml"
    f.write_text("""# dua dokumen
- sumber: temuan
  pemilu: pilkada-2024
  wilayah: "64.09"
  tanggal_kejadian: 2 Oktober 2024
  pelanggaran: foto-bersama
---
kasus:
  - nomor: 9
    sumber: laporan
    pemilu: pilkada-2024
    wilayah: 11.10
    tanggal_kejadian: 2024-10-03
    pelanggaran: lainnya
    terlapor: [{jenis: TNI}, {jenis: Polri, status: tidak terbukti}]
""", encoding="utf-8")
    cli("import", f)
    cases = json.loads(cli("list", "--format", "json").stdout)
    assert {c["wilayah"] for c in cases} == {"64.09", "11.10"}  # 11.10 stays text, never 11.1
    assert next(c for c in cases if c["nomor"] == "9")["terlapor"][1]["jenis"] == "Polri"


def test_yaml_problems_have_lines(cli, tmp_path):
    f = tmp_path / "x.yaml"
    f.write_text("""kasus:
  - sumber: temuan
    pemilu: pilkada-2024
    wilayah: kukar
    tanggal_kejadian: 2024-10-03
    pelanggaran: lainnya
    terlapor:
      - jenis: PNS
      - jenis: pejabat
        nip: "123"
""", encoding="utf-8")
    r = cli("validate", f, "--format", "json", code=1)
    problems = json.loads(r.stdout)["files"][0]["problems"]
    assert {(p["field"], p["line"]) for p in problems} == {("terlapor[1].jenis", 9), ("terlapor[1].nip", 9)}


@pytest.mark.parametrize("text,code", [
    ("- !!python/object/apply:os.system ['echo pwned']\n", "yaml-tag"),
    ("- sumber: !!python/name:os.system\n", "yaml-tag"),
    ("a: &a [1, 2]\nkasus: *a\n", "yaml-alias"),
    ("- sumber: [unclosed\n", "bad-yaml"),
])
def test_hostile_or_broken_yaml_is_refused(cli, tmp_path, db_path, text, code):
    f = tmp_path / "x.yaml"
    f.write_text(text, encoding="utf-8")
    r = cli("import", f, "--format", "json", code=1)
    assert json.loads(r.stdout)["files"][0]["problems"][0]["code"] == code
    assert count(db_path) == 0


def test_alias_bomb_is_refused_quickly(cli, tmp_path):
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, 30):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i-1}"] * 9) + "]")
    lines.append("kasus: *a29")
    f = tmp_path / "bomb.yaml"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    start = time.perf_counter()
    r = cli("validate", f, "--format", "json", code=1)
    assert time.perf_counter() - start < 5  # 9**30 nodes if expanded: it must not be
    assert json.loads(r.stdout)["files"][0]["problems"][0]["code"] == "yaml-alias"


def test_update_keeps_history_and_dry_run_writes_nothing(cli, tmp_path, db_path):
    header = "nomor,sumber,pemilu,wilayah,tanggal_kejadian,pelanggaran,nama,status,sanksi"
    f = write_csv(tmp_path / "v1.csv", [header, "K1,temuan,pilkada-2020,kukar,2020-10-02,foto-bersama,Satu,direkomendasikan,",
                                        "K2,temuan,pilkada-2020,kukar,2020-10-05,lainnya,Dua,,"])
    cli("import", f)
    g = write_csv(tmp_path / "v2.csv", [header, "K1,temuan,pilkada-2020,kukar,2020-10-02,foto-bersama,Satu,,sedang",
                                        "K2,temuan,pilkada-2020,kukar,2020-10-05,lainnya,Dua,,",
                                        "K3,laporan,pilkada-2020,kukar,2020-10-06,lainnya,,,"])
    r = cli("import", g, "--dry-run")
    assert "Would import 1 file(s): 1 new, 1 updated, 1 unchanged" in r.stderr
    assert count(db_path) == 2 and count(db_path, "riwayat") == 0
    r = cli("import", g)
    assert "1 new, 1 updated, 1 unchanged" in r.stderr
    history = json.loads(cli("show", "K1", "--format", "json").stdout)["riwayat"]
    assert {(h["kolom"], h["lama"], h["baru"], h["asal"]) for h in history} == {
        ("sanksi", None, "sedang", "import v2.csv"), ("status", "direkomendasikan", "disanksi", "import v2.csv")}
    assert "0 new, 0 updated, 3 unchanged" in cli("import", g).stderr


def test_validate_never_writes(cli, db_path):
    r = cli("validate", EXAMPLES / "kasus.csv", EXAMPLES / "kasus.yaml")
    assert "kasus.csv: valid (9 rows, 8 kasus)" in r.stderr
    assert not db_path.exists()


def test_unknown_file_type_and_missing_file(cli, tmp_path):
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    r = cli("validate", tmp_path / "x.pdf", tmp_path / "nope.csv", "--format", "json", code=1)
    codes = [f["problems"][0]["code"] for f in json.loads(r.stdout)["files"]]
    assert codes == ["unknown-format", "no-file"]


# -- export ---------------------------------------------------------------------------------------


def _records(cli, db):
    cases = json.loads(cli("list", "--db", db, "--format", "json").stdout)
    return sorted(cases, key=lambda c: c["nomor"])


@pytest.mark.parametrize("fmt", ["yaml", "csv", "json", "xlsx"])
def test_export_import_round_trip(cli, tmp_path, db_path, fmt):
    cli("import", *(EXAMPLES / f"kasus.{x}" for x in ("yaml", "csv", "xlsx")))
    out = tmp_path / f"export.{fmt}"
    if fmt == "json":  # JSON is for machines; it round-trips through YAML (JSON is YAML)
        out = tmp_path / "export.yaml"
    cli("export", "--format", fmt, "--include-pii", "--output", out)
    empty = tmp_path / "empty.db"
    cli("import", "--db", empty, out)
    assert _records(cli, empty) == _records(cli, db_path)


def test_export_leaves_out_names_and_nip_unless_asked(cli, tmp_path):
    cli("import", EXAMPLES / "kasus.csv")
    for fmt in ("yaml", "csv", "json"):
        text = cli("export", "--format", fmt).stdout
        assert "Rahmat Hidayat" not in text and "198203142008011003" not in text
        assert "nip" not in text.splitlines()[0] if fmt == "csv" else True
    assert "Rahmat Hidayat" in cli("export", "--format", "csv", "--include-pii").stdout
    out = tmp_path / "x.xlsx"
    cli("export", "--format", "xlsx", "-o", out)
    values = {c for row in load_workbook(out).active.iter_rows(values_only=True) for c in row}
    assert "Rahmat Hidayat" not in values and "nama" not in values
    cli("export", "--format", "xlsx", code=2)


def test_export_neutralises_formulas_and_round_trips_them(cli, tmp_path):
    cli(*["add", "--sumber", "laporan", "--pemilu", "pilkada-2024", "--kab", "kukar", "--tanggal", "2024-10-04",
          "--pelanggaran", "lainnya", "--uraian", "=HYPERLINK(\"http://x\")", "--jabatan", "@SUM(A1)", "--nomor", "-1"])
    text = cli("export", "--format", "csv").stdout
    assert "'=HYPERLINK" in text and "'@SUM" in text and "'-1" in text
    out = tmp_path / "x.xlsx"
    cli("export", "--format", "xlsx", "-o", out)
    cells = [c for row in load_workbook(out).active.iter_rows(values_only=True) for c in row]
    assert "'=HYPERLINK(\"http://x\")" in cells
    empty = tmp_path / "e.db"
    cli("import", "--db", empty, out)
    case = json.loads(cli("list", "--db", empty, "--format", "json").stdout)[0]
    assert case["uraian"] == "=HYPERLINK(\"http://x\")" and case["nomor"] == "-1"


def test_export_filters(cli):
    cli("import", EXAMPLES / "kasus.yaml", EXAMPLES / "kasus.csv")
    text = cli("export", "--format", "json", "--kab", "bontang").stdout
    assert [c["wilayah"] for c in json.loads(text)] == ["64.74", "64.74"]


def test_yaml_mapping_with_metadata_before_kasus_and_single_case_document(cli, tmp_path, db_path):
    f = tmp_path / "m.yaml"
    f.write_text("""sumber_berkas: rekap Bawaslu Kukar
kasus:
  - {sumber: temuan, pemilu: pilkada-2020, wilayah: kukar, tanggal_kejadian: 2020-10-02, pelanggaran: lainnya}
---
sumber: laporan
pemilu: pilkada-2020
wilayah: kukar
tanggal_kejadian: 2020-10-03
pelanggaran: lainnya
""", encoding="utf-8")
    cli("import", f)
    assert count(db_path) == 2


def test_a_database_failure_is_not_blamed_on_the_file(cli, tmp_path, db_path, monkeypatch):
    import sqlite3

    from netralitas import merge

    def full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(merge, "commit", full)
    r = cli("import", EXAMPLES / "kasus.yaml", code=3)
    assert "the disk holding the database, or the temporary directory (" in r.stderr and "bad-file" not in r.stdout
    assert count(db_path) == 0


def test_line_numbers_count_blank_lines_before_the_header(cli, tmp_path):
    f = write_csv(tmp_path / "x.csv", ["", "", "nomor,sumber,pemilu,wilayah,tanggal_kejadian,pelanggaran",
                                       "A,temuan,pilkada-2020,kukar,2020-10-02,lainnya",
                                       "B,aduan,pilkada-2020,kukar,2020-10-02,lainnya"])
    problem = json.loads(cli("validate", f, "--format", "json", code=1).stdout)["files"][0]["problems"][0]
    assert (problem["field"], problem["line"]) == ("sumber", 5)
    g = write_csv(tmp_path / "y.csv", ["", "nomor,sumber", "A,temuan"])
    problems = json.loads(cli("validate", g, "--format", "json", code=1).stdout)["files"][0]["problems"]
    assert {p["line"] for p in problems} == {2}


def test_a_new_pleno_date_that_dates_no_outcome_is_written_as_for_a_new_record(cli, tmp_path, db_path):
    head = "nomor,sumber,pemilu,wilayah,tanggal_kejadian,pelanggaran,nama,nip,jenis"
    rows = ["P1,temuan,pilkada-2024,kukar,2024-10-12,foto-bersama,Ani Wijaya,198001012005012001,PNS",
            "P2,temuan,pilkada-2024,kukar,2024-10-12,foto-bersama,,,"]  # undecided; no terlapor
    cli("import", write_csv(tmp_path / "a.csv", [head, *rows]))
    f = write_csv(tmp_path / "b.csv", [head + ",tanggal_pleno", *(r + ",2024-10-20" for r in rows)])
    cli("import", f)
    for nomor in ("P1", "P2"):  # listed as changed, so written: a pleno of the case's own, as `import` of b.csv alone gives
        assert json.loads(cli("show", nomor, "--format", "json").stdout)["tanggal_pleno"] == "2024-10-20"
    assert "0 new, 0 updated, 2 unchanged" in cli("import", f).stderr
