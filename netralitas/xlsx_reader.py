"""The Excel reader: a sheet of an .xlsx workbook -> rows with their row numbers, streamed.

The workbook is checked before any XML is parsed (limits.check_workbook: a bomb never expands),
a formula without a stored value is refused, and a sheet is read within the bounds of columns
and cells. The header is searched in the first rows (or given) and the block below the table is
left out, as for a CSV file (readers). Parsing the sheet's XML is most of what an .xlsx costs:
a workbook of AHEAD bytes or more, on a machine with a second CPU, is parsed by a forked child
while the importer checks the rows already read.
"""

from __future__ import annotations

from itertools import chain
from pathlib import Path
from typing import Iterator

from netralitas import forked, header as headers, limits
from netralitas.errors import Problem
from netralitas.format import fmt_int
from netralitas.i18n import _
from netralitas.readers import EXPORT_CREATOR, NIP_AS_NUMBER, SYNONYMS, BadFile, Columns, _row, map_header

AHEAD = 1 << 20  # bytes of workbook from which its rows are parsed by a child
AHEAD_ROWS = 500  # rows per message from the child


def read_xlsx(path: Path, *, sheet: str | None, ignore_unknown: bool, synonyms: dict | None = None,
              header_row: int | None = None, required: tuple[str, ...] = ()) -> tuple[Columns, Iterator[tuple[int, dict]]]:
    """Columns and rows of a sheet; the header searched or given, the footer left out (see read_csv)."""
    try:
        limits.check_workbook(path)  # before any XML is parsed: a bomb never expands
    except limits.WorkbookRefused as e:
        raise BadFile(e.message, e.code) from None
    wb, ws = _open(path, sheet)
    from netralitas.xlsx_formulas import refusal
    if (formulas := refusal(path, getattr(ws, "_worksheet_path", None))) is not None:
        wb.close()
        raise BadFile(formulas[0], "formula-without-value", formulas[1])
    it = _bounded(ws.iter_rows(values_only=True), str(path))
    head = []
    try:
        for number, cells in enumerate(it, 1):
            head.append((number, cells))
            if number >= max(headers.SEARCH, header_row or 0):
                break
    except BadFile:
        wb.close()
        raise
    hit = headers.find(head, synonyms or SYNONYMS, header_row)
    if hit is None and header_row is not None:
        wb.close()
        raise BadFile(_("row {n} is beyond the sheet's rows").format(n=header_row), "bad-header-row")
    if hit is None:  # no row names two known columns: the first non-blank row, as it always was
        first = next((i for i, (_, cells) in enumerate(head) if any(c not in (None, "") for c in cells)), 0)
        hit = (first, list(head[first][1]) if head else [], 1)
    first, header, used = hit
    number = head[first][0] if head else 0
    columns = map_header(header, str(path), number, ignore_unknown, synonyms)
    columns.exported = columns.exported and wb.properties.creator == EXPORT_CREATOR
    after = head[first + used:]
    read = head[-1][0] if head else 0
    if len(head) == max(headers.SEARCH, header_row or 0) and path.stat().st_size >= AHEAD and forked.second_cpu():
        it = forked.ahead(lambda: _rows_after(ws, path, read), AHEAD_ROWS)

    def rows() -> Iterator[tuple[int, dict]]:
        footer = headers.Footer(columns, required)
        try:
            for n, cells in chain(after, enumerate(it, read + 1)):
                if not any(c not in (None, "") for c in cells):
                    footer.blank()
                    continue
                row = _row(columns, [_cell(c) for c in cells], str(path), n)
                if footer.skips(cells, row, n):
                    continue
                at = columns.fields.index("nip") if "nip" in columns.fields else len(cells)
                nip = cells[at] if at < len(cells) else None
                if isinstance(nip, (int, float)):
                    row.setdefault("_problems", []).append(Problem("bad-nip", _(NIP_AS_NUMBER), "nip", str(nip), str(path), n))
                    row.pop("nip", None)
                yield n, row
        finally:
            it.close()  # the read-ahead child, if any, stops
            wb.close()

    return columns, rows()


def _open(path: Path, sheet: str | None):
    """The workbook, read-only, and the sheet (the first when not named)."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises several kinds for a file that is not a workbook
        raise BadFile(_("not a readable .xlsx workbook ({error})").format(error=f"{type(e).__name__}: {e}")) from None
    if sheet is not None and sheet not in wb.sheetnames:
        wb.close()
        raise BadFile(_("no sheet {sheet!r}; the sheets are: {names}").format(sheet=sheet, names=", ".join(wb.sheetnames)))
    ws = wb[sheet] if sheet is not None else wb.worksheets[0]
    if (ws.max_column or 0) > limits.MAX_COLUMNS or (ws.max_row or 0) > 1_048_576:
        ws.reset_dimensions()  # a declared size beyond any sheet: read the cells that are there
    return wb, ws


def _rows_after(ws, path: Path, read: int) -> Iterator[tuple]:
    """In the read-ahead child: the sheet's rows after the first `read`, bounded as the importer's
    own reading would be (the cells of the rows before counted too). The child has the workbook
    as the importer loaded it (its shared text is not parsed again); reading the sheet anew is
    safe on the inherited file, as zipfile seeks before every read and the importer reads no more."""
    for n, cells in enumerate(_bounded(ws.iter_rows(values_only=True), str(path)), 1):
        if n > read:
            yield cells


def _bounded(rows: Iterator[tuple], file: str) -> Iterator[tuple]:
    """A sheet's rows, within the bounds of columns and cells; a file the XML parser refuses is a bad file."""
    cells, n = 0, 0
    try:
        for n, row in enumerate(rows, 1):
            if len(row) > limits.MAX_COLUMNS and any(c not in (None, "") for c in row[limits.MAX_COLUMNS:]):
                raise BadFile(_("row {n} has cells beyond column {limit}; not read").format(n=n, limit=fmt_int(limits.MAX_COLUMNS)),
                              "sheet-too-large", n)
            cells += len(row)
            if cells > limits.MAX_SHEET_CELLS:
                raise BadFile(_("the sheet has more than {n} cells; split it, or save it as CSV").format(n=fmt_int(limits.MAX_SHEET_CELLS)),
                              "sheet-too-large", n)
            yield row
    except BadFile:
        raise
    except Exception as e:  # expat's ParseError, an entity, a broken part: the file's fault, not ours
        raise BadFile(_("not a readable .xlsx workbook ({error})").format(error=f"{type(e).__name__}: {e}"), line=n + 1 if n else None) from None


def _cell(value):
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, float)):
        return str(value)
    return value  # text, datetime (a real Excel date) or None
