"""Hostile case files: each is refused with exit 1 and a named problem, in bounded memory, with
nothing written. The files are generated here and small (a zip bomb is a few KB of deflated XML)."""

import io
import json
import os
import subprocess
import sys
import unicodedata
import zipfile

import pytest
from openpyxl import Workbook

from conftest import count

HEADER = "nomor,sumber,pemilu,wilayah,tanggal_kejadian,pelanggaran,uraian,nama,nip\n"
ROW = "K-{n},laporan,pilkada-2024,64.02,2024-10-04,medsos-interaksi,{uraian},Budi,{nip}\n"
NIP = "198001012005011001"


def peak(*args) -> tuple[int, float, str]:
    """Run the CLI in a fresh child process; its exit code, peak memory in MiB, and its output."""
    probe = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
             "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024); "
             "print(r.stdout + r.stderr)")
    out = subprocess.run([sys.executable, "-c", probe, sys.executable, "-m", "netralitas", *map(str, args)],
                         capture_output=True, text=True, check=True).stdout
    first, rest = out.split("\n", 1)
    code, mib = first.split()
    return int(code), float(mib), rest


def problems(cli, path, *args):
    r = cli("import", path, *args, "--format", "json", code=1)
    return json.loads(r.stdout)["files"][0]["problems"]


# 1. long text --------------------------------------------------------------------------------------


def test_long_text_up_to_the_bound_is_accepted(cli, tmp_path, db_path):
    f = tmp_path / "long.csv"
    f.write_text(HEADER + ROW.format(n=1, uraian="a" * 1_000_000, nip=NIP), encoding="utf-8")
    cli("import", f)
    assert count(db_path) == 1


def test_a_field_over_one_mib_is_a_problem_of_its_row(cli, tmp_path, db_path):
    f = tmp_path / "longer.csv"
    f.write_text(HEADER + ROW.format(n=1, uraian="ok", nip=NIP) + ROW.format(n=2, uraian="a" * 1_100_000, nip=NIP),
                 encoding="utf-8")
    [p] = problems(cli, f)
    assert (p["code"], p["line"]) == ("field-too-long", 3) and "1,048,576" in p["message"]
    code, mib, _ = peak("import", "--db", db_path, f)
    assert code == 1 and mib < 250, mib
    assert count(db_path) == 0


def test_a_yaml_field_over_the_bound_is_a_problem(cli, tmp_path):
    f = tmp_path / "long.yaml"
    f.write_text("- {sumber: laporan, pemilu: pilkada-2024, wilayah: '64.02', tanggal_kejadian: 2024-10-04, "
                 f"pelanggaran: lainnya, uraian: {'a' * 1_100_000}}}\n", encoding="utf-8")
    [p] = problems(cli, f)
    assert p["code"] == "field-too-long" and p["field"] == "uraian" and len(p["value"]) < 200


# 2. a huge header ------------------------------------------------------------------------------------


@pytest.mark.parametrize("megabytes", [5, 50])
def test_a_huge_header_is_refused_in_little_memory(tmp_path, db_path, megabytes):
    f = tmp_path / "wide.csv"
    with open(f, "w") as out:
        cell = ",kolom_tak_dikenal_nomor"
        out.write("nomor" + cell * (megabytes * 1_000_000 // len(cell)) + "\nK-1\n")
    code, mib, text = peak("import", "--db", db_path, f)
    assert code == 1 and "header-too-long" in text and mib < 200, (code, mib)
    assert count(db_path) == 0


def test_many_unknown_columns_are_counted_not_listed_one_by_one(cli, tmp_path):
    from netralitas.models import KASUS_FIELDS, TERLAPOR_FIELDS

    f = tmp_path / "unknown.csv"
    f.write_text(",".join(KASUS_FIELDS + TERLAPOR_FIELDS) + "," + ",".join(f"x{i}" for i in range(25)) + "\n")
    found = problems(cli, f)
    assert len(found) == 21 and found[-1]["message"] == "and 5 more unknown columns"
    # more cells naming nothing than columns: said once, none of them shown (a row of data, likely)
    f.write_text("sumber,pemilu,wilayah,tanggal_kejadian,pelanggaran," + ",".join(f"x{i}" for i in range(500)) + "\n")
    found = problems(cli, f)
    assert len(found) == 1 and "500 of its cells name no known column" in found[0]["message"]
    assert found[0]["value"] is None and "x0" not in json.dumps(found)
    f.write_text("nomor" + ",x" * 2000 + "\n")
    assert [p["code"] for p in problems(cli, f)] == ["too-many-columns"]


# 3. and 4. workbooks: a zip bomb, an XML entity, a sheet too wide ----------------------------------------


def _workbook(tmp_path, replace: dict[str, bytes] | None = None, name="w.xlsx"):
    wb = Workbook()
    ws = wb.active
    ws.append(["sumber", "pemilu", "wilayah", "tanggal_kejadian", "pelanggaran"])
    ws.append(["laporan", "pilkada-2024", "64.02", "2024-10-04", "lainnya"])
    buf = io.BytesIO()
    wb.save(buf)
    path = tmp_path / name
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item.filename, (replace or {}).get(item.filename, src.read(item.filename)),
                         compresslevel=9)
    return path


def test_a_zip_bomb_is_refused_before_it_expands(tmp_path, db_path):
    sheet = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             b'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
             + b"A" * 40_000_000 + b"</t></is></c></row></sheetData></worksheet>")
    bomb = _workbook(tmp_path, {"xl/worksheets/sheet1.xml": sheet})
    assert bomb.stat().st_size < 100_000  # a few dozen KB that would expand to 40 MB
    code, mib, text = peak("import", "--db", db_path, bomb)
    assert code == 1 and "workbook-too-large" in text and "zip bomb" in text and mib < 200, (code, mib, text)
    assert count(db_path) == 0


def test_an_xml_entity_declaration_is_a_bad_file_not_a_crash(cli, tmp_path, db_path):
    path = _workbook(tmp_path)
    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    evil = (b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
            + sheet.replace(b"<v>", b"<v>&b;", 1))
    [p] = problems(cli, _workbook(tmp_path, {"xl/worksheets/sheet1.xml": evil}, "evil.xlsx"))
    assert p["code"] == "xml-entity"
    assert count(db_path) == 0


def test_a_sheet_wider_than_the_bound_is_refused(cli, tmp_path):
    wb = Workbook()
    wb.active.append(["sumber", "pemilu", "wilayah", "tanggal_kejadian", "pelanggaran"])
    wb.active.cell(row=2, column=3000, value="x")
    wb.save(tmp_path / "wide.xlsx")
    assert [p["code"] for p in problems(cli, tmp_path / "wide.xlsx")] == ["sheet-too-large"]


def test_a_yaml_nested_a_thousand_levels_is_a_bad_file(cli, tmp_path, db_path):
    f = tmp_path / "deep.yaml"
    f.write_text("kasus:\n- uraian: " + "[" * 1000 + "]" * 1000 + "\n", encoding="utf-8")
    [p] = problems(cli, f)
    assert p["code"] == "yaml-too-deep"
    assert count(db_path) == 0


# 5. duplicate keys ---------------------------------------------------------------------------------------


def test_a_duplicate_yaml_key_is_a_problem_not_a_silent_choice(cli, tmp_path, db_path):
    f = tmp_path / "dup.yaml"
    f.write_text("- sumber: laporan\n  pemilu: pilkada-2024\n  wilayah: '64.02'\n  tanggal_kejadian: 2024-10-04\n"
                 "  pelanggaran: lainnya\n  terlapor:\n  - nama: A\n    status: diproses\n    status: disanksi\n",
                 encoding="utf-8")
    [p] = problems(cli, f)
    assert (p["code"], p["field"], p["line"]) == ("duplicate-key", "status", 9)
    assert count(db_path) == 0


# 6. Unicode normalisation --------------------------------------------------------------------------------


def test_nfc_and_nfd_text_is_one_case_and_no_history(cli, tmp_path, db_path):
    nfc, nfd = "Jos\u00e9", unicodedata.normalize("NFD", "Jos\u00e9")
    assert nfc != nfd
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text(HEADER.replace(",nip", "") + f"K-1,laporan,pilkada-2024,64.02,2024-10-04,lainnya,x,{nfc}\n"
                 + f",laporan,pilkada-2024,64.02,2024-10-04,lainnya,{nfc},A\n", encoding="utf-8")
    b.write_text(HEADER.replace(",nip", "") + f"K-1,laporan,pilkada-2024,64.02,2024-10-04,lainnya,x,{nfd}\u00a0\n"
                 + f",laporan,pilkada-2024,64.02,2024-10-04,lainnya, {nfd} ,A\n", encoding="utf-8")
    cli("import", a)
    r = cli("import", b)
    assert "0 new, 0 updated, 2 unchanged" in r.stderr
    assert count(db_path) == 2 and count(db_path, "riwayat") == 0


# 13. personal values masked --------------------------------------------------------------------------------


def test_problems_never_show_a_whole_nip(cli, tmp_path):
    f = tmp_path / "bad.csv"
    f.write_text(HEADER + ROW.format(n=1, uraian="x", nip="19800101200501100"), encoding="utf-8")
    for fmt in ("json", "table"):
        r = cli("import", f, "--format", fmt, code=1)
        assert "19800101200501100" not in r.stdout + r.stderr
        assert "1980…100" in r.stdout and "17 characters" in r.stdout
    r = cli("validate", f, code=1)
    assert "19800101200501100" not in r.stdout + r.stderr
    yaml_file = tmp_path / "bad.yaml"
    yaml_file.write_text("- {sumber: laporan, pemilu: pilkada-2024, wilayah: '64.02', tanggal_kejadian: 2024-10-04,"
                         " pelanggaran: lainnya, terlapor: [{nama: Budi Santoso, nip: '198013012005011001'}]}\n")
    r = cli("import", yaml_file, "--format", "json", code=1)
    assert "198013012005011001" not in r.stdout and "19801301" not in r.stdout and "1980…001" in r.stdout


def test_masking_keeps_non_personal_values():
    from netralitas.errors import Problem

    assert Problem("bad-nip", "m", "terlapor[1].nip", "198001012005011001").value == "1980…001"
    assert Problem("x", "m", "terlapor[0].nama", "Budi Santoso").value == "B…"
    assert Problem("unknown-wilayah", "m", "wilayah", "Kutai Kertanegara").value == "Kutai Kertanegara"


def test_a_row_of_data_taken_for_the_header_is_not_echoed(cli, tmp_path):
    """A file without its header row: the first row's names and NIP are not repeated in the problems."""
    f = tmp_path / "tanpa-header.csv"
    row = "Q1,temuan,pilkada-2024,kukar,2024-10-01,foto-bersama,Rahasia Namanya,198001012005011001,PNS"
    f.write_text(row + "\n" + row.replace("Q1", "Q2") + "\n")
    out = cli("import", f, "--format", "json", code=1).stdout
    assert "Rahasia" not in out and "198001012005011001" not in out and "1980" not in out
    assert [p["code"] for p in json.loads(out)["files"][0]["problems"]] == ["no-header"]
    table = cli("import", f, code=1).output  # the table a person reads, too
    assert "Rahasia" not in table and "1980" not in table
    # two of its cells happen to be column names: still not echoed
    f.write_text(row + ",Kecamatan,Uraian\n")
    out = cli("import", f, "--format", "json", code=1).stdout
    assert "Rahasia" not in out and "198001012005011001" not in out


def test_a_utf16_file_is_named_as_such(cli, tmp_path):
    """Excel's "Unicode Text" is UTF-16: refused with what to do, not read as garbled columns."""
    f = tmp_path / "unicode.csv"
    text = "nomor\tsumber\tpemilu\twilayah\ttanggal_kejadian\tpelanggaran\nA1\ttemuan\tpilkada-2024\tkukar\t2024-10-01\tfoto-bersama\n"
    for encoding in ("utf-16", "utf-16-le"):  # with its byte-order mark, and without
        f.write_bytes(text.encode(encoding))
        found = problems(cli, f)
        assert [p["code"] for p in found] == ["bad-encoding"] and "UTF-16" in found[0]["message"]
