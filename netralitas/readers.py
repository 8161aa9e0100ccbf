"""Readers: a case file -> rows with their line (or spreadsheet row) numbers. They stream.

CSV and Excel give flat rows, one per terlapor with the case fields repeated; YAML gives whole
cases. Readers know file formats, not the domain rules: the importer validates.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Iterator

from netralitas import limits
from netralitas.cells import FORMULA_START, unneutralise  # noqa: F401  (FORMULA_START re-exported)
from netralitas.errors import Problem
from netralitas.models import KASUS_FIELDS, PII_FIELDS, TERLAPOR_FIELDS

_NORM = re.compile(r"[\s_\-/.]+")


def header_key(text: str) -> str:
    return _NORM.sub("", str(text).strip().lower())


SYNONYMS = {
    **{header_key(f): f for f in KASUS_FIELDS + TERLAPOR_FIELDS},
    header_key("diubah"): "diubah",  # the last-change stamp export writes
    header_key("kantor"): "kantor",  # a roll-up's export: the office that keeps the record (empty: the file's own)
    **{header_key(s): "wilayah" for s in ("kab/kota", "kabupaten/kota", "kabupaten", "kota", "kab", "kabkota")},
    **{header_key(s): "tanggal_kejadian" for s in ("tanggal", "tgl kejadian", "tgl")},
    **{header_key(s): "tanggal_diterima" for s in ("tgl diterima", "tanggal terima", "tgl terima")},
    header_key("nama terlapor"): "nama",
    header_key("nip terlapor"): "nip",
    **{header_key(s): "jenis" for s in ("jenis pegawai", "unsur")},
    header_key("pemilihan"): "pemilu",
    **{header_key(s): "nomor" for s in ("nomor register", "no register", "no. reg", "no reg", "nomor reg")},
}
ROW_COUNTER = {"no", "nourut"}  # "No"/"No." of Indonesian recap tables: running numbers


# The header of a file `netralitas export` wrote (with or without names and NIP): only in such a
# file is a leading apostrophe before formula-like text export's own, to be taken off (see cells).
EXPORT_HEADERS = tuple(tuple(KASUS_FIELDS + people + ["diubah"] + office)
                       for people in (TERLAPOR_FIELDS, [f for f in TERLAPOR_FIELDS if f not in PII_FIELDS])
                       for office in ([], ["kantor"]))
EXPORT_CREATOR = "netralitas"  # the creator export gives a workbook


class BadFile(Exception):
    """The file cannot be read as a case file at all (no such sheet, not a workbook, over a bound)."""

    def __init__(self, message: str, code: str = "bad-file", line: int | None = None):
        super().__init__(message)
        self.code, self.line = code, line


@dataclass
class Columns:
    """Which column holds which field; problems with the header."""

    fields: list[str | None]  # per column: field name, or None (ignored)
    line: int  # the header's line (or row)
    counter: int | None = None  # index of the running-number column
    problems: list[Problem] = field(default_factory=list)
    exported: bool = False  # written by `netralitas export`: its apostrophes are taken off


def map_header(header: list, file: str, line: int, ignore_unknown: bool, synonyms: dict | None = None) -> Columns:
    """Which field each column holds. `synonyms` (header_key -> field) reads another record kind."""
    synonyms = SYNONYMS if synonyms is None else synonyms
    expected = KASUS_FIELDS + TERLAPOR_FIELDS if synonyms is SYNONYMS else list(dict.fromkeys(synonyms.values()))
    fields, counter, problems, seen = [], None, [], {}
    if len(header) > limits.MAX_COLUMNS:
        return Columns([], line, problems=[Problem("too-many-columns", f"{len(header):,} columns; at most "
                                                   f"{limits.MAX_COLUMNS} are read", None, None, file, line)])
    unknown = 0
    for i, raw in enumerate(header):
        name = "" if raw is None else str(raw).strip()
        key = header_key(name)
        target = synonyms.get(key)
        if key in ROW_COUNTER and i == 0:
            counter = i
            target = None
        elif not key:
            target = None
        elif target is None:
            unknown += not ignore_unknown
            if not ignore_unknown and unknown <= limits.MAX_COLUMN_PROBLEMS:
                problems.append(Problem("unknown-column", "unknown column; expected one of: "
                                        + ", ".join(expected)
                                        + " (or pass --ignore-unknown)", name, name, file, line))
        elif target in seen:
            problems.append(Problem("duplicate-column", f"two columns mean {target}: {seen[target]!r} and {name!r}",
                                    target, name, file, line))
            target = None
        else:
            seen[target] = name
        fields.append(target)
    if unknown > limits.MAX_COLUMN_PROBLEMS:
        problems.append(Problem("unknown-column", f"and {unknown - limits.MAX_COLUMN_PROBLEMS:,} more unknown "
                                "columns", None, None, file, line))
    exported = tuple("" if h is None else str(h).strip() for h in header) in EXPORT_HEADERS
    return Columns(fields, line, counter, problems, exported)


# -- CSV -----------------------------------------------------------------------------------------


class _Counting(io.RawIOBase):
    """Counts bytes read, for a progress bar."""

    def __init__(self, raw: IO[bytes]):
        self.raw, self.count = raw, 0

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        n = self.raw.readinto(b)
        self.count += n or 0
        return n


def detect_encoding(path: Path) -> str:
    """utf-8-sig (with or without BOM) when the whole file decodes, else cp1252 (Excel on Windows)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with open(path, "rb") as f:
        try:
            while chunk := f.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8-sig"


def detect_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=counts.get) if any(counts.values()) else ","


def read_csv(path: Path, *, ignore_unknown: bool, progress=None,
             synonyms: dict | None = None) -> tuple[Columns, Iterator[tuple[int, dict]]]:
    encoding = detect_encoding(path)
    raw = open(path, "rb")
    counting = _Counting(raw)
    text = io.TextIOWrapper(io.BufferedReader(counting, 1 << 16), encoding=encoding, newline="")
    csv.field_size_limit(limits.MAX_FIELD)
    first, header_line = "", 0
    while not first.strip():  # blank lines before the header
        first = text.readline(limits.MAX_HEADER + 1)  # never a whole 50 MB line in memory
        header_line += 1
        if not first or len(first) > limits.MAX_HEADER:
            break
    if len(first) > limits.MAX_HEADER:
        text.close()
        problem = Problem("header-too-long", f"the header line is longer than {limits.MAX_HEADER:,} characters",
                          None, None, str(path), header_line)
        return Columns([], header_line, problems=[problem]), iter(())
    reader = csv.reader(io.StringIO(first), delimiter=detect_delimiter(first))
    try:
        header = next(reader, [])
    except csv.Error as e:
        text.close()
        raise BadFile(f"the header is not valid CSV: {e}", line=header_line) from None
    columns = map_header(header, str(path), header_line, ignore_unknown, synonyms)

    def rows() -> Iterator[tuple[int, dict]]:
        body = csv.reader(_lines(text, header_line), delimiter=detect_delimiter(first))
        try:
            for cells in body:
                line = header_line + body.line_num
                if progress:
                    progress(counting.count)
                if not any(c.strip() for c in cells):
                    continue
                yield line, _row(columns, cells, str(path), line)
        except csv.Error as e:
            line = header_line + body.line_num
            if "field larger than field limit" in str(e):
                raise BadFile(f"a field is longer than {limits.MAX_FIELD:,} characters (the longest text accepted); "
                              "the rest of the file is not read", "field-too-long", line) from None
            raise BadFile(f"not valid CSV: {e}", line=line) from None
        finally:
            text.close()

    return columns, rows()


def _lines(text: IO[str], line_no: int) -> Iterator[str]:
    """The physical lines of a CSV file after its header, each at most MAX_LINE characters."""
    while line := text.readline(limits.MAX_LINE + 1):
        line_no += 1
        if len(line) > limits.MAX_LINE:
            raise BadFile(f"a line is longer than {limits.MAX_LINE:,} characters; the rest of the file is not read",
                          "line-too-long", line_no)
        yield line


def _row(columns: Columns, cells: list, file: str, line: int) -> dict:
    row = {name: value for name, value in zip(columns.fields, cells) if name is not None}
    if columns.exported:  # elsewhere a leading apostrophe is what the person typed: kept
        for name, value in row.items():
            if isinstance(value, str) and value[:1] == "'":
                row[name] = unneutralise(value)
    counter = cells[columns.counter] if columns.counter is not None and columns.counter < len(cells) else None
    if counter not in (None, "") and not str(counter).strip().rstrip(".").isdigit():
        row.setdefault("_problems", []).append(Problem(
                "ambiguous-column", "the first column 'No' holds running numbers in recap tables, but this is "
                "not a number; name the column 'nomor' if it is the register number", "No", str(counter), file, line))
    if len(cells) > len(columns.fields) and any(str(c).strip() for c in cells[len(columns.fields):]):
        row.setdefault("_problems", []).append(Problem(
            "extra-cells", f"{len(cells)} cells but the header has {len(columns.fields)} columns", None, None, file, line))
    return row


# -- Excel ---------------------------------------------------------------------------------------


def read_xlsx(path: Path, *, sheet: str | None, ignore_unknown: bool,
              synonyms: dict | None = None) -> tuple[Columns, Iterator[tuple[int, dict]]]:
    from openpyxl import load_workbook

    try:
        limits.check_workbook(path)  # before any XML is parsed: a bomb never expands
    except limits.WorkbookRefused as e:
        raise BadFile(e.message, e.code) from None
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises several kinds for a file that is not a workbook
        raise BadFile(f"not a readable .xlsx workbook ({type(e).__name__}: {e})") from None
    if sheet is not None and sheet not in wb.sheetnames:
        wb.close()
        raise BadFile(f"no sheet {sheet!r}; the sheets are: {', '.join(wb.sheetnames)}")
    ws = wb[sheet] if sheet is not None else wb.worksheets[0]
    if (ws.max_column or 0) > limits.MAX_COLUMNS or (ws.max_row or 0) > 1_048_576:
        ws.reset_dimensions()  # a declared size beyond any sheet: read the cells that are there
    it = _bounded(ws.iter_rows(values_only=True), str(path))
    header, number = [], 0
    try:
        for number, cells in enumerate(it, 1):
            if any(c not in (None, "") for c in cells):
                header = list(cells)
                break
    except BadFile:
        wb.close()
        raise
    columns = map_header(header, str(path), number, ignore_unknown, synonyms)
    columns.exported = columns.exported and wb.properties.creator == EXPORT_CREATOR

    def rows() -> Iterator[tuple[int, dict]]:
        try:
            for n, cells in enumerate(it, number + 1):
                if not any(c not in (None, "") for c in cells):
                    continue
                row = _row(columns, [_cell(c) for c in cells], str(path), n)
                at = columns.fields.index("nip") if "nip" in columns.fields else len(cells)
                nip = cells[at] if at < len(cells) else None
                if isinstance(nip, (int, float)):
                    row.setdefault("_problems", []).append(Problem(
                        "bad-nip", "the NIP is stored as a number, which loses digits; format the column as Text "
                        "and type the 18 digits again", "nip", str(nip), str(path), n))
                    row.pop("nip", None)
                yield n, row
        finally:
            wb.close()

    return columns, rows()


def _bounded(rows: Iterator[tuple], file: str) -> Iterator[tuple]:
    """A sheet's rows, within the bounds of columns and cells; a file the XML parser refuses is a bad file."""
    cells, n = 0, 0
    try:
        for n, row in enumerate(rows, 1):
            if len(row) > limits.MAX_COLUMNS and any(c not in (None, "") for c in row[limits.MAX_COLUMNS:]):
                raise BadFile(f"row {n} has cells beyond column {limits.MAX_COLUMNS}; not read", "sheet-too-large", n)
            cells += len(row)
            if cells > limits.MAX_SHEET_CELLS:
                raise BadFile(f"the sheet has more than {limits.MAX_SHEET_CELLS:,} cells; split it, or save it as CSV",
                              "sheet-too-large", n)
            yield row
    except BadFile:
        raise
    except Exception as e:  # expat's ParseError, an entity, a broken part: the file's fault, not ours
        raise BadFile(f"not a readable .xlsx workbook ({type(e).__name__}: {e})", line=n + 1 if n else None) from None


def _cell(value):
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, float)):
        return str(value)
    return value  # text, datetime (a real Excel date) or None


from netralitas.yaml_reader import NULLS, YAML_TAGS, YamlRefused, read_yaml  # noqa: E402,F401  (one reader per format)
