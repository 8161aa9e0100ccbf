"""The Excel reader: a large sheet parsed by a read-ahead child gives what reading it in-process
gives (the same rows, numbers, problems, refusals at the same row), and formulas are still found."""

import datetime as dt
import json
import multiprocessing
import sqlite3
import zipfile

import pytest

from conftest import count
from netralitas import limits, xlsx_formulas, xlsx_reader
from netralitas.readers import BadFile

HEADER = ["nomor", "sumber", "pemilu", "wilayah", "tanggal_kejadian", "pelanggaran", "uraian", "nama", "nip"]


def _workbook(path, n: int = 120):
    """A title, the header, cases with real dates, a NIP typed as a number, blank rows, a footer."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Rekap temuan dan laporan"])
    ws.append(HEADER)
    for i in range(n):
        nip = 198001012005011000 + i if i == 57 else f"19800101200501{1000 + i:04d}"[:18]
        ws.append([f"K-{i}", "laporan" if i % 2 else "temuan", "pilkada-2024", "64.02",
                   dt.datetime(2024, 10, 1 + i % 20), "medsos-interaksi", f"uraian {i}", f"Orang {i}", nip])
        if i % 40 == 39:
            ws.append([None] * len(HEADER))
    ws.append([None] * len(HEADER))
    ws.append(["Samarinda, 1 Desember 2024"])
    ws.append([None, None, "Ketua"])
    wb.save(path)
    return path


def _read(path, monkeypatch, ahead: bool):
    monkeypatch.setattr(xlsx_reader, "AHEAD", 0 if ahead else 1 << 60)
    try:
        columns, rows = xlsx_reader.read_xlsx(path, sheet=None, ignore_unknown=False, required=("sumber",))
        return list(rows), list(columns.dilewati), None
    except BadFile as e:
        return None, None, (e.code, e.line, str(e))


def test_the_child_reads_what_the_importer_reads(tmp_path, monkeypatch):
    path = _workbook(tmp_path / "w.xlsx")
    here, ahead = _read(path, monkeypatch, False), _read(path, monkeypatch, True)
    assert here == ahead
    rows, footer, _error = here
    assert len(rows) == 120 and footer
    assert any(p.code == "bad-nip" for _line, row in rows for p in row.get("_problems", []))


def test_a_bound_passed_in_the_child_is_the_same_refusal(tmp_path, monkeypatch):
    path = _workbook(tmp_path / "w.xlsx")
    monkeypatch.setattr(limits, "MAX_SHEET_CELLS", 9 * 80)  # passed at row 80, after the rows searched for the header
    here, ahead = _read(path, monkeypatch, False), _read(path, monkeypatch, True)
    assert here == ahead
    assert here[2][:2] == ("sheet-too-large", 81)


def test_closing_early_stops_the_child(tmp_path, monkeypatch):
    path = _workbook(tmp_path / "w.xlsx", 3000)
    monkeypatch.setattr(xlsx_reader, "AHEAD", 0)
    _columns, rows = xlsx_reader.read_xlsx(path, sheet=None, ignore_unknown=False)
    next(rows)
    rows.close()
    assert not multiprocessing.active_children()


def test_an_import_through_the_child_is_the_same(cli, tmp_path, monkeypatch):
    path = _workbook(tmp_path / "w.xlsx")
    out = []
    for ahead in (False, True):
        monkeypatch.setattr(xlsx_reader, "AHEAD", 0 if ahead else 1 << 60)
        db = tmp_path / f"{ahead}.db"
        r = cli("import", path, "--db", db, "--format", "json", code=1)  # the NIP typed as a number
        out.append(json.loads(r.stdout))
        assert count(db) == 0
    assert out[0] == out[1]
    [p] = out[0]["files"][0]["problems"]
    assert p["code"] == "bad-nip"


def test_a_formula_is_found_with_or_without_a_prefix(tmp_path):
    body = ('<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c><x:c r="B1"><x:f>A1*2</x:f></x:c></x:row>'
            '</x:sheetData></x:worksheet>')
    plain = body.replace("<x:f>A1*2</x:f>", "<x:is><x:t>&lt;f&gt; no formula</x:t></x:is>")
    for name, xml, found in (("prefixed", body, True), ("none", plain, False)):
        path = tmp_path / f"{name}.xlsx"
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("xl/worksheets/sheet1.xml", xml)
        assert xlsx_formulas._any_formula(path, "xl/worksheets/sheet1.xml") is found
        assert xlsx_formulas.uncached(path, "/xl/worksheets/sheet1.xml") == ((["B1"], 1) if found else ([], 0))


def _big(path, n: int) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(HEADER)
    for i in range(n):
        ws.append([f"B-{i}", "temuan", "pilkada-2024", "64.02", "2024-10-04", "medsos-interaksi",
                   f"uraian panjang kasus nomor {i} " * 3, f"Orang {i}", None])
    wb.save(path)


def test_a_large_workbook_imports_through_the_child(cli, tmp_path, db_path):
    path = tmp_path / "besar.xlsx"
    _big(path, 2000)
    n = int(2000 * xlsx_reader.AHEAD / path.stat().st_size * 1.1) + 1  # enough rows for the size
    _big(path, n)
    assert path.stat().st_size >= xlsx_reader.AHEAD
    out = json.loads(cli("import", path, "--format", "json").stdout)["files"][0]
    assert (out["valid"], out["rows"], out["baru"]) == (True, n, n)
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM kasus WHERE nomor = ?", [f"B-{n - 1}"]).fetchone()[0] == 1
