"""The office's own spreadsheet goes in as it is; what comes out opens right in Excel Indonesia."""

import csv
import io
import json

from openpyxl import Workbook, load_workbook

from conftest import EXAMPLES, count

TITLE = ["REKAPITULASI PENANGANAN PELANGGARAN NETRALITAS ASN", "BAWASLU KABUPATEN KUTAI KARTANEGARA",
         "PILKADA SERENTAK TAHUN 2024"]
FOOTER = [["Tenggarong, 2 Desember 2024"], ["Ketua Bawaslu Kabupaten Kutai Kartanegara"], [],
          ["Nama Ketua"], ["Catatan: data sementara"]]


def office_workbook(path, form="Like/komentar di media sosial"):
    """A recap sheet as an office writes it: a title block of merged cells, a blank row, a header of
    two rows ("Terlapor" over Nama | NIP | Jabatan, "Tanggal" over Kejadian | Diterima), an empty
    column A, the office's words, a blank row, then place, date, the head's title and name, a note."""
    wb = Workbook()
    ws = wb.active
    for i, title in enumerate(TITLE, 1):
        ws.cell(i, 2, title)
        ws.merge_cells(start_row=i, start_column=2, end_row=i, end_column=12)
    top = ["No", "Nomor Register", "Sumber", "Pemilihan", "Kab/Kota", "Tanggal", None, "Jenis Pelanggaran",
           "Terlapor", None, None, "Status Penanganan", "Hukuman Disiplin"]
    low = [None, None, None, None, None, "Kejadian", "Diterima", None, "Nama", "NIP", "Jabatan", None, None]
    for c, v in enumerate(top, 2):
        ws.cell(5, c, v)
    for c, v in enumerate(low, 2):
        ws.cell(6, c, v)
    ws.merge_cells("G5:H5")
    ws.merge_cells("J5:L5")
    for col in "BCDEFIMN":
        ws.merge_cells(f"{col}5:{col}6")
    data = [
        [1, "001/LP/PW/Kab/23.03/X/2024", "LP", "Pilkada Serentak 2024", "Kukar", "04/10/2024", "07/10/2024",
         form, "Budi Santoso", "198001012005011001", "Guru", "Sudah dijatuhi sanksi", "Hukuman disiplin sedang"],
        [2, "001/LP/PW/Kab/23.03/X/2024", "LP", "Pilkada Serentak 2024", "Kukar", "04/10/2024", "07/10/2024",
         form, "Ani Lestari", "-", "Staf", "Tidak terbukti", "-"],
        [3, "002/TM/PW/Kab/23.03/X/2024", "TM", "Pilkada 2024", "Kutai Kartanegara", "05/10/2024", None,
         "memasang spanduk/baliho/alat peraga terkait bakal calon", "Rudi", None, "Camat", "Terbukti", None],
        [4, "003/TM/PW/Kab/23.03/XI/2024", "TM", "Pilkada 2024", "64.02", "01/11/2024", None,
         "foto-bersama", "Sari", None, "Kepala Desa", "Proses", None],
    ]
    for r, row in enumerate(data, 7):
        for c, v in enumerate(row, 2):
            ws.cell(r, c, v)
    start = 7 + len(data) + 1  # one blank row, then the footer block
    for r, row in enumerate(FOOTER, start):
        for c, v in enumerate(row, 10):
            ws.cell(r, c, v)
    wb.save(path)
    return path


def test_office_workbook_is_refused_with_the_closest_forms_and_the_alias_line(cli, tmp_path, db_path):
    f = office_workbook(tmp_path / "rekap.xlsx")
    out = json.loads(cli("validate", f, "--format", "json", code=1).stdout)["files"][0]
    assert [(p["line"], p["field"], p["code"]) for p in out["problems"]] == [
        (7, "pelanggaran", "unknown-pelanggaran"), (8, "pelanggaran", "unknown-pelanggaran")]
    message = out["problems"][0]["message"]
    assert "medsos-interaksi (membuat posting" in message and "medsos-kampanye" in message
    assert "netralitas alias pelanggaran 'Like/komentar di media sosial' " in message
    cli("import", f, code=1)
    assert count(db_path) == 0  # nothing written from a rejected file


def test_office_workbook_imports_once_the_office_word_is_recorded(cli, tmp_path, db_path, config_dir):
    f = office_workbook(tmp_path / "rekap.xlsx")
    r = cli("alias", "pelanggaran", "Like/komentar di media sosial", "medsos-interaksi")
    assert "now means medsos-interaksi" in r.stderr
    assert "kosakata.csv" in (config_dir / "kosakata.csv").name and (config_dir / "kosakata.csv").is_file()
    r = cli("import", f)
    assert "3 new, 0 updated, 0 unchanged" in r.stderr
    assert (count(db_path), count(db_path, "terlapor")) == (3, 4)
    cases = {c["nomor"]: c for c in json.loads(cli("list", "--format", "json").stdout)}
    first = cases["001/LP/PW/Kab/23.03/X/2024"]
    assert (first["sumber"], first["pemilu"], first["wilayah"], first["pelanggaran"], first["tanggal_diterima"]) == (
        "laporan", "pilkada-2024", "64.02", "medsos-interaksi", "2024-10-07")
    budi, ani = first["terlapor"]
    assert (budi["nama"], budi["nip"], budi["jabatan"], budi["status"], budi["sanksi"]) == (
        "Budi Santoso", "198001012005011001", "Guru", "disanksi", "sedang")
    assert (ani["nip"], ani["status"], ani["sanksi"]) == (None, "tidak_terbukti", None)
    second = cases["002/TM/PW/Kab/23.03/X/2024"]
    assert (second["sumber"], second["pelanggaran"], second["terlapor"][0]["status"]) == (
        "temuan", "alat-peraga", "direkomendasikan")
    assert cases["003/TM/PW/Kab/23.03/XI/2024"]["terlapor"][0]["status"] == "diproses"
    assert "0 new, 0 updated, 3 unchanged" in cli("import", f).stderr  # and again: nothing changes


def test_alias_lists_refuses_a_second_meaning_and_checks_the_code(cli, config_dir):
    assert "No words of your own yet" in cli("alias").stderr
    cli("alias", "pelanggaran", "Pasang baliho paslon", "alat-peraga")
    assert "already means alat-peraga" in cli("alias", "pelanggaran", "pasang  baliho PASLON", "alat-peraga").stderr
    r = cli("alias", "pelanggaran", "Pasang baliho paslon", "foto-bersama", code=1)
    assert "already means alat-peraga" in r.stderr
    assert "is not a code of pelanggaran" in cli("alias", "pelanggaran", "x", "tidak-ada-kode", code=1).stderr
    assert "already means laporan" in cli("alias", "sumber", "LP", "temuan", code=1).stderr  # built-in words stay
    cli("alias", "wilayah", "Bumi Etam Kukar", "6402")
    assert "64.02,Bumi Etam Kukar" in (config_dir / "aliases.csv").read_text()
    cli("alias", "jenis", "Honorer", "lainnya")
    rows = json.loads(cli("alias", "--format", "json").stdout)
    assert [(r["katalog"], r["alias"], r["kode"]) for r in rows] == [
        ("wilayah", "Bumi Etam Kukar", "64.02"), ("pelanggaran", "Pasang baliho paslon", "alat-peraga"),
        ("jenis", "Honorer", "lainnya")]
    cli("alias", "katalog-lain", "x", "y", code=2)
    cli("alias", "jenis", "x", code=2)


EXCEL_ID = [
    "REKAP TEMUAN DAN LAPORAN NETRALITAS ASN;;;;;;;",
    "Bawaslu Kabupaten Kutai Kartanegara;;;;;;;",
    ";;;;;;;",
    "No.;Tgl. Kejadian;Bentuk Pelanggaran;Nama Terlapor;NIP;Jenis Pegawai;Hasil;Jenis Sanksi",
    "1;12/11/2024;Pasang baliho paslon;Ma’ruf;1,98001E+17;P3K;Sudah dijatuhi sanksi;Sanksi ringan",
    "2;13/11/2024;foto-bersama;Dewi;198811022011012001;ASN;Bukan pelanggaran;n/a",
    ";;;;;;;",
    "Tenggarong, 2 Desember 2024;;;;;;;",
    ";;;;;Ketua;;",
]


def write_excel_csv(path, lines):
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8-sig"))
    return path


def test_excel_indonesia_csv_scientific_nip_and_file_wide_values(cli, tmp_path, db_path):
    f = write_excel_csv(tmp_path / "rekap.csv", EXCEL_ID)
    out = json.loads(cli("validate", f, "--format", "json", code=1).stdout)["files"][0]
    codes = {(p["line"], p["field"], p["code"]) for p in out["problems"]}
    # without file-wide values the sheet lacks three columns; nothing else is read
    assert codes == {(4, "sumber", "missing-column"), (4, "pemilu", "missing-column"),
                     (4, "wilayah", "missing-column")}
    wide = ["--pemilu", "Pilkada Serentak 2024", "--sumber", "TM", "--kab", "Kukar"]
    out = json.loads(cli("validate", f, *wide, "--format", "json", code=1).stdout)["files"][0]
    by_field = {p["field"]: p for p in out["problems"]}
    assert "format the column as Text" in by_field["nip"]["message"] and by_field["nip"]["line"] == 5
    assert by_field["pelanggaran"]["code"] == "unknown-pelanggaran"
    assert "netralitas alias pelanggaran 'Pasang baliho paslon' alat-peraga" in by_field["pelanggaran"]["message"]
    cli("alias", "pelanggaran", "Pasang baliho paslon", "alat-peraga")
    write_excel_csv(f, [line.replace("1,98001E+17", "198001012005011001") for line in EXCEL_ID])
    assert "2 new" in cli("import", f, *wide).stderr
    cases = json.loads(cli("list", "--format", "json").stdout)
    assert [(c["sumber"], c["pemilu"], c["wilayah"], c["pelanggaran"]) for c in cases] == [
        ("temuan", "pilkada-2024", "64.02", "alat-peraga"), ("temuan", "pilkada-2024", "64.02", "foto-bersama")]
    people = [c["terlapor"][0] for c in cases]
    assert [(p["nama"], p["jenis"], p["status"], p["sanksi"]) for p in people] == [
        ("Ma’ruf", "PPPK", "disanksi", "ringan"), ("Dewi", "ASN", "tidak_terbukti", None)]
    assert count(db_path, "terlapor") == 2


def test_file_wide_values_never_override_a_column(cli, tmp_path):
    f = tmp_path / "k.csv"
    f.write_text("sumber,pemilu,wilayah,tanggal_kejadian,pelanggaran\nlaporan,pilkada-2020,ppu,2020-10-01,lainnya\n")
    cli("import", f, "--sumber", "temuan", "--pemilu", "pilkada-2024", "--kab", "kukar")
    case = json.loads(cli("list", "--format", "json").stdout)[0]
    assert (case["sumber"], case["pemilu"], case["wilayah"]) == ("laporan", "pilkada-2020", "64.09")
    cli("validate", f, "--pemilu", "pilpres-2030", code=2)


def test_header_row_given(cli, tmp_path):
    f = tmp_path / "k.csv"
    # a first row that names two known columns, and the real header below it
    f.write_text("Sumber,Pemilu\ncatatan,lama\nsumber,pemilu,wilayah,tanggal_kejadian,pelanggaran\n"
                 "laporan,pilkada-2020,ppu,2020-10-01,lainnya\n")
    cli("validate", f, code=1)
    r = cli("validate", f, "--baris-header", "3")
    assert "valid (1 rows, 1 kasus)" in r.stderr
    cli("validate", f, "--baris-header", "30", code=1)


def test_words_everywhere_and_never_a_guess(cli, tmp_path):
    f = tmp_path / "k.csv"
    f.write_text("sumber,pemilu,wilayah,tanggal_kejadian,pelanggaran\nLP,2024,kukar,2024-10-01,lainnya\n")
    p = json.loads(cli("validate", f, "--format", "json", code=1).stdout)["files"][0]["problems"][0]
    assert p["code"] == "unknown-pemilu" and "pemilu-2024" in p["message"] and "pilkada-2024" in p["message"]
    f.write_text("sumber,pemilu,wilayah,tanggal_kejadian,pelanggaran,nama,jenis,status\n"
                 "LP,Pemilu 2024,kukar,2024-01-10,lainnya,A,Honorer,Selesai\n")
    problems = json.loads(cli("validate", f, "--format", "json", code=1).stdout)["files"][0]["problems"]
    lines = {p["field"]: p["message"] for p in problems}
    assert "netralitas alias jenis Honorer KODE" in lines["jenis"]
    assert "netralitas alias status Selesai KODE" in lines["status"]


# -- out -----------------------------------------------------------------------------------------


def _imported(cli, tmp_path):
    f = office_workbook(tmp_path / "rekap.xlsx", form="medsos-interaksi")
    cli("import", f)


def test_excel_csv_reads_back_with_semicolons_and_a_bom(cli, tmp_path):
    _imported(cli, tmp_path)
    raw = cli("report", "--by", "sumber", "--format", "csv", "--excel").stdout_bytes
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0][:3] == ["sumber", "sumber_nama", "kasus"]
    assert rows[-1][1:5] == ["Total", "3", "2", "1"] and len(rows) == 4  # temuan, laporan, the total row
    listed = cli("list", "--format", "csv", "--excel").stdout_bytes
    people = list(csv.DictReader(io.StringIO(listed.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert len(people) == 4 and people[0]["nip"] == "198001012005011001"
    out = tmp_path / "export.csv"
    cli("export", "--format", "csv", "--excel", "--include-pii", "--output", out)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert "0 new, 0 updated, 3 unchanged" in cli("import", out).stderr  # it reads back as it was
    cli("report", "--format", "json", "--excel", code=2)


def test_csv_and_markdown_carry_totals_and_a_cross_table_is_a_pivot(cli, tmp_path):
    _imported(cli, tmp_path)
    rows = list(csv.reader(io.StringIO(cli("report", "--by", "sumber,status", "--format", "csv").stdout)))
    assert rows[0] == ["sumber × status (terlapor)", "diproses", "tidak terbukti", "direkomendasikan",
                       "disanksi", "(tidak diisi)", "Total"]
    assert rows[1] == ["temuan", "1", "0", "1", "0", "0", "2"]
    assert rows[-1] == ["Total", "1", "1", "1", "1", "0", "4"]
    md = cli("report", "--by", "sumber,status", "--format", "markdown").stdout.splitlines()
    assert md[0].startswith("| sumber × status (terlapor) | diproses") and md[-1].startswith("| **Total** | 1 | 1")
    long = list(csv.DictReader(io.StringIO(cli("report", "--by", "sumber,status", "--format", "csv",
                                               "--panjang").stdout)))
    assert len(long) == 10 and sum(int(r["terlapor"]) for r in long) == 4  # no total row in the long form
    data = json.loads(cli("report", "--by", "sumber,status", "--format", "json").stdout)
    assert data["pivot"]["total"]["Total"] == 4 and len(data["rows"]) == 10


def test_xlsx_report_sheets_totals_and_pivot(cli, tmp_path):
    _imported(cli, tmp_path)
    out = tmp_path / "laporan.xlsx"
    cli("report", "--format", "xlsx", "--output", out)
    wb = load_workbook(out)
    assert wb.sheetnames == ["Ringkasan", "Per wilayah", "Per pemilu", "Per tingkat sanksi",
                             "Bentuk pelanggaran terbanyak"]
    ringkasan = {r[0]: r[1] for r in wb["Ringkasan"].iter_rows(min_row=2, values_only=True)}
    assert ringkasan["Kasus"] == 3 and ringkasan["Terlapor"] == 4 and ringkasan["Disanksi"] == 1
    ws = wb["Per pemilu"]
    header = [c.value for c in ws[1]]
    assert header[:4] == ["Kode pemilu", "Pemilu", "Kasus", "Temuan"] and ws.freeze_panes == "A2"
    last = [c.value for c in ws[ws.max_row]]
    assert last[1] == "Total" and last[2] == 3 and isinstance(last[2], int) and ws[ws.max_row][1].font.b
    assert ws.column_dimensions["B"].width > 10
    cli("report", "--format", "xlsx", "--output", out, code=2)  # an existing file is kept without --timpa
    cli("report", "--by", "sumber,status", "--format", "xlsx", "--output", out, "--timpa")
    ws = load_workbook(out).active
    grid = [list(r) for r in ws.iter_rows(values_only=True)]
    assert grid[0] == ["Sumber × Status (terlapor)", "diproses", "tidak terbukti", "direkomendasikan",
                       "disanksi", "(tidak diisi)", "Total"]
    assert grid[1] == ["temuan", 1, 0, 1, 0, 0, 2] and grid[-1] == ["Total", 1, 1, 1, 1, 0, 4]
    cli("report", "--format", "xlsx", code=2)  # a workbook needs --output


def test_list_xlsx_keeps_nip_as_text(cli, tmp_path):
    _imported(cli, tmp_path)
    out = tmp_path / "daftar.xlsx"
    cli("list", "--format", "xlsx", "--output", out)
    ws = load_workbook(out).active
    header = [c.value for c in ws[1]]
    nip = header.index("nip") + 1
    cell = ws.cell(2, nip)
    assert cell.value == "198001012005011001" and cell.data_type == "s" and cell.number_format == "@"
    assert ws.max_row == 5 and ws.freeze_panes == "A2"


TERBUKTI_CSV = [
    "REKAP PENANGANAN PELANGGARAN NETRALITAS;;;;;;",
    ";;;;;;",
    "No.;Tgl. Kejadian;Bentuk Pelanggaran;Nama Terlapor;Jenis Pegawai;Status Penanganan;Hukuman Disiplin",
    "1;12/11/2024;foto-bersama;Ani;PNS;Terbukti;Hukuman disiplin sedang",
    "2;13/11/2024;foto-bersama;Budi;PNS;Terbukti melanggar;Sanksi ringan",
    "3;14/11/2024;foto-bersama;Citra;PNS;Terbukti;-",
    "4;15/11/2024;foto-bersama;Dedi;PNS;Tidak terbukti;-",
]


def test_terbukti_with_a_sanction_is_proven_and_sanctioned(cli, tmp_path, db_path):
    """`Terbukti` is "proven": with a sanction recorded the person is disanksi, without it
    direkomendasikan; the other contradictions stay refused."""
    wide = ["--pemilu", "pilkada-2024", "--sumber", "TM", "--kab", "Kukar"]
    f = write_excel_csv(tmp_path / "terbukti.csv", TERBUKTI_CSV)
    assert "4 new" in cli("import", f, *wide).stderr
    people = {c["terlapor"][0]["nama"]: c["terlapor"][0] for c in json.loads(cli("list", "--format", "json").stdout)}
    assert [(n, p["status"], p["sanksi"]) for n, p in sorted(people.items())] == [
        ("Ani", "disanksi", "sedang"), ("Budi", "disanksi", "ringan"), ("Citra", "direkomendasikan", None),
        ("Dedi", "tidak_terbukti", None)]
    # "Tidak terbukti" with a sanction, or "Direkomendasikan" with one, is still a contradiction
    bad = write_excel_csv(tmp_path / "bad.csv", TERBUKTI_CSV[:3] + [
        "1;12/11/2024;foto-bersama;Eko;PNS;Tidak terbukti;Hukuman disiplin sedang",
        "2;13/11/2024;foto-bersama;Fajar;PNS;Direkomendasikan;Sanksi berat"])
    out = json.loads(cli("validate", bad, *wide, "--format", "json", code=1).stdout)["files"][0]
    assert [(p["line"], p["code"]) for p in out["problems"]] == [(4, "status-contradiction"),
                                                                (5, "status-contradiction")]
    assert count(db_path, "terlapor") == 4


def test_the_block_below_the_table_is_left_out_and_said(cli, tmp_path, config_dir):
    """The footer (place and date, the head's title and name, a note) is not read, and the summary
    says which lines and why, in table and JSON, for validate and import."""
    cli("alias", "pelanggaran", "Like/komentar di media sosial", "medsos-interaksi")
    book = office_workbook(tmp_path / "rekap.xlsx")
    first = 7 + 4 + 1  # four data rows from row 7, a blank row, then the footer block
    out = json.loads(cli("validate", book, "--format", "json").stdout)["files"][0]
    assert out["dilewati"]["baris"] == [first + i for i, row in enumerate(FOOTER) if row] == [12, 13, 15, 16]
    assert "block below the table" in out["dilewati"]["alasan"] and "tanggal_kejadian" in out["dilewati"]["alasan"]
    r = cli("import", book)
    assert "rekap.xlsx: 4 line(s) not read (12-13, 15-16)" in r.stderr and "3 new" in r.stderr
    again = cli("import", book)  # a repeat is read again, to say the lines left out again
    assert "rekap.xlsx: 4 line(s) not read (12-13, 15-16)" in again.stderr
    assert "0 new, 0 updated, 3 unchanged" in again.stderr
    f = write_excel_csv(tmp_path / "rekap.csv", [line.replace("1,98001E+17", "198001012005011001") for line in EXCEL_ID])
    cli("alias", "pelanggaran", "Pasang baliho paslon", "alat-peraga")
    wide = ["--pemilu", "pilkada-2024", "--sumber", "TM", "--kab", "Kukar"]
    r = cli("validate", f, *wide)
    assert "rekap.csv: 2 line(s) not read (8-9)" in r.stderr
    out = json.loads(cli("import", f, *wide, "--format", "json").stdout)["files"][0]
    assert (out["baru"], out["dilewati"]["baris"]) == (2, [8, 9])
    # a file without a footer says nothing of it
    out = json.loads(cli("validate", EXAMPLES / "kasus.csv", "--format", "json").stdout)["files"][0]
    assert out["dilewati"] == {"baris": [], "alasan": None}
