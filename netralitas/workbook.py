"""Workbooks people open: a report as sheets, the case list with NIP as text.

Each sheet has human column names, numbers stored as numbers, a bold total row, widths set to
its text and its header frozen. Text that a spreadsheet would run as a formula is written
neutralised (see cells), as in every other output a spreadsheet may open.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from netralitas.cells import xlsx_cell
from netralitas.pivot import TOTAL, Pivot
from netralitas.reports import COUNTS, Laporan, rates

MAX_WIDTH = 60
NAMES = {
    "wilayah": "Kode wilayah", "wilayah_nama": "Kabupaten/Kota", "provinsi": "Kode provinsi",
    "provinsi_nama": "Provinsi", "pemilu": "Kode pemilu", "pemilu_nama": "Pemilu", "pelanggaran": "Kode pelanggaran",
    "pelanggaran_nama": "Bentuk pelanggaran", "sanksi_nama": "Tingkat sanksi", "status_nama": "Status",
    "jenis_nama": "Jenis terlapor", "sumber_nama": "Sumber", "bulan_nama": "Bulan", "fase_nama": "Masa kampanye",
    "kategori_jabatan_nama": "Kategori jabatan", "instansi_nama": "Instansi", "tidak_terbukti": "Tidak terbukti",
    "moral": "Sanksi moral", "cakupan": "Cakupan", "rekap": "Catatan rekap", "angka": "Angka",
    "terbukti_persen": "Terbukti (% dari terlapor)", "disanksi_persen": "Disanksi (% dari terbukti)",
}


def human(key: str) -> str:
    """A column's name as a person reads it: 'tidak_terbukti' -> 'Tidak terbukti'."""
    if key in NAMES:
        return NAMES[key]
    text = key.removesuffix("_nama").replace("_", " ")
    return text[:1].upper() + text[1:]


@dataclass
class Sheet:
    title: str
    columns: list[str]  # keys of the rows
    rows: list[dict]
    total: dict | None = None  # the total row (its label in the first text column)
    numeric: set[str] = field(default_factory=set)
    headers: dict[str, str] = field(default_factory=dict)  # key -> name shown (default: human)
    text: set[str] = field(default_factory=set)  # columns stored as text whatever they hold (NIP)


def laporan_sheet(lap: Laporan, title: str) -> Sheet:
    """A one-dimension report: its rows and its total."""
    d = lap.by[0]
    extra = [c for c in ("sosialisasi", "peserta", "cakupan") if lap.rows and c in lap.rows[0]]
    rows = [{**r, "cakupan": _cakupan(r.get("cakupan"))} for r in lap.rows]
    columns = [d, f"{d}_nama", *COUNTS, *extra]
    total = {f"{d}_nama": TOTAL, **lap.total, "cakupan": _cakupan(lap.total.get("cakupan"))}
    return Sheet(title, columns, rows, total, numeric={*COUNTS, "sosialisasi", "peserta"})


def _cakupan(value) -> str | None:
    return {"tidak_ada_data": "tidak ada data"}.get(value, value)


def pivot_sheet(p: Pivot, title: str) -> Sheet:
    """A cross-table as a real pivot: one dimension down, one across, totals both ways."""
    headers = {p.label: f"{human(p.label)} × {human(p.across + '_nama')} ({p.measure})"}
    headers.update({c: str(c) for c in p.columns})
    return Sheet(title, p.keys, p.rows, p.total, numeric={*p.columns, TOTAL}, headers=headers)


def long_sheet(lap: Laporan, title: str) -> Sheet:
    """A cross-table in its long form: one row per pair of values."""
    columns = [k for d in lap.by for k in (d, f"{d}_nama")] + list(COUNTS)
    return Sheet(title, columns, lap.rows, {f"{lap.by[0]}_nama": TOTAL, **lap.total}, numeric=set(COUNTS))


def totals_sheet(total: dict, title: str = "Ringkasan") -> Sheet:
    """The totals and the funnel, one figure a row."""
    funnel = rates(total)
    rows = [{"ukuran": human(c), "jumlah": total[c]} for c in COUNTS]
    rows += [{"ukuran": human(k), "jumlah": v} for k, v in funnel.items()]
    return Sheet(title, ["ukuran", "jumlah"], rows, numeric={"jumlah"}, headers={"ukuran": "Ukuran", "jumlah": "Jumlah"})


def summary_sheets(total: dict, sections: Iterable[tuple[str, Laporan | list[dict], list[str]]]) -> list[Sheet]:
    """The plain report as sheets: totals and funnel, then each section ((title, laporan or rows,
    columns of rows))."""
    sheets = [totals_sheet(total)]
    for title, data, columns in sections:
        if isinstance(data, Laporan):
            sheets.append(laporan_sheet(data, title))
        else:
            label = next(c for c in columns if c.endswith("_nama"))
            tot = {label: TOTAL, **{c: sum(r[c] for r in data) for c in columns if c in COUNTS}}
            sheets.append(Sheet(title, columns, data, tot, numeric=set(COUNTS)))
    return sheets


def write(sheets: list[Sheet], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    bold = Font(bold=True)
    for sheet in sheets:
        ws = wb.create_sheet(_title(sheet.title, wb.sheetnames))
        names = [sheet.headers.get(c, human(c)) for c in sheet.columns]
        ws.append(names)
        widths = [len(n) for n in names]
        lines = [(r, False) for r in sheet.rows] + ([(sheet.total, True)] if sheet.total is not None else [])
        for r, is_total in lines:
            ws.append([_value(r.get(c), c in sheet.numeric, c in sheet.text) for c in sheet.columns])
            for i, c in enumerate(sheet.columns):
                widths[i] = max(widths[i], len(str(r.get(c) if r.get(c) is not None else "")))
            if is_total:
                for cell in ws[ws.max_row]:
                    cell.font = bold
        for cell in ws[1]:
            cell.font = bold
        for i, c in enumerate(sheet.columns, 1):
            ws.column_dimensions[get_column_letter(i)].width = min(MAX_WIDTH, widths[i - 1] + 2)
            if c in sheet.text:
                for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                    cell.number_format = "@"
        ws.freeze_panes = "A2"
    wb.save(path)


def _value(value, numeric: bool, text: bool):
    if value is None:
        return None
    if numeric and isinstance(value, (int, float)) and not text:
        return value
    return xlsx_cell(str(value))


def _title(title: str, taken: list[str]) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\, unique."""
    clean = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip()[:31] or "Sheet"
    name, n = clean, 2
    while name in taken:
        name = f"{clean[:27]} ({n})"
        n += 1
    return name


def case_sheet(cases: Iterable[dict]) -> Sheet:
    """The case list, a row per terlapor (names and NIP: personal data), NIP as text."""
    from netralitas.exporter import columns as export_columns, flat_rows

    cols = export_columns(True)
    rows = list(flat_rows(cases, True))
    return Sheet("kasus", cols, rows, text={"nip", "nomor", "wilayah"}, headers={c: c for c in cols})
