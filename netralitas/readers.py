"""Readers: a case file -> rows with their line (or spreadsheet row) numbers. They stream.

CSV and Excel give flat rows, one per terlapor with the case fields repeated; YAML gives whole
cases. Readers know file formats, not the domain rules: the importer validates.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Callable, Iterator

from netralitas import header as headers, limits
from netralitas.encoding import NotUtf8, detect_encoding
from netralitas.aliases import empty_text, may_hold_empty_word
from netralitas.cells import FORMULA_START, unneutralise  # noqa: F401  (FORMULA_START re-exported)
from netralitas.format import fmt_int
from netralitas.i18n import N_, _
from netralitas.errors import Problem, holds_id_number, mask
from netralitas.models import KASUS_FIELDS, PII_FIELDS, TERLAPOR_FIELDS

# The header's search and the column names users write live in header (re-exported here).
from netralitas.header import ROW_COUNTER, SYNONYMS, header_key  # noqa: E402,F401


# The header of a file `netralitas export` wrote (with or without names and NIP): only in such a
# file is a leading apostrophe before formula-like text export's own, to be taken off (see cells).
# Exports of earlier versions (before the criminal route's columns) are theirs too; a roll-up's
# export adds the office that keeps each record.
_BEFORE_PIDANA = [f for f in TERLAPOR_FIELDS if f not in ("pidana", "tanggal_pidana", "pidana_pasal")]
EXPORT_HEADERS = tuple(tuple(KASUS_FIELDS + people + ["diubah"] + office)
                       for fields in (TERLAPOR_FIELDS, _BEFORE_PIDANA)
                       for people in (fields, [f for f in fields if f not in PII_FIELDS])
                       for office in ([], ["kantor"]))
EXPORT_CREATOR = "netralitas"  # the creator export gives a workbook


class BadFile(Exception):
    """The file cannot be read as a case file at all (no such sheet, not a workbook, over a bound)."""

    def __init__(self, message: str, code: str = "bad-file", line: int | None = None):
        super().__init__(message, code, line)  # all of it in args: what pickling (a reader's child) gives again
        self.code, self.line = code, line

    def __str__(self) -> str:
        return self.args[0]


@dataclass
class Columns:
    """Which column holds which field; problems with the header."""

    fields: list[str | None]  # per column: field name, or None (ignored)
    line: int  # the header's line (or row)
    counter: int | None = None  # index of the running-number column
    problems: list[Problem] = field(default_factory=list)
    exported: bool = False  # written by `netralitas export`: its apostrophes are taken off
    dilewati: list[int] = field(default_factory=list)  # lines (rows) of the block below the table, left out
    fd: int | None = None  # the descriptor a CSV file is read through (split_rows: the child opens it again)


def map_header(header: list, file: str, line: int, ignore_unknown: bool, synonyms: dict | None = None) -> Columns:
    """Which field each column holds. `synonyms` (header_key -> field) reads another record kind."""
    synonyms = SYNONYMS if synonyms is None else synonyms
    expected = KASUS_FIELDS + TERLAPOR_FIELDS if synonyms is SYNONYMS else list(dict.fromkeys(synonyms.values()))
    fields, counter, problems, seen = [], None, [], {}
    if len(header) > limits.MAX_COLUMNS:
        return Columns([], line, problems=[Problem("too-many-columns", _("{n} columns; at most {most} are read").format(
                                                       n=fmt_int(len(header)), most=fmt_int(limits.MAX_COLUMNS)), None, None, file, line)])
    unknown = 0
    first = next((i for i, raw in enumerate(header) if raw is not None and str(raw).strip()), 0)
    for i, raw in enumerate(header):
        name = "" if raw is None else str(raw).strip()
        key = header_key(name)
        target = synonyms.get(key)
        if key in ROW_COUNTER and i == first:  # the first column of the table, after empty ones
            counter = i
            target = None
        elif not key:
            target = None
        elif target is None:
            unknown += not ignore_unknown
            if not ignore_unknown and unknown <= limits.MAX_COLUMN_PROBLEMS:
                shown = mask(name) if holds_id_number(name) else name  # a row of data taken for the header
                problems.append(Problem("unknown-column", _("unknown column; expected one of: {fields} (or pass --ignore-unknown)").format(
                                            fields=", ".join(expected)), shown, shown, file, line))
        elif target in seen:
            problems.append(Problem("duplicate-column", _("two columns mean {field}: {a!r} and {b!r}").format(field=target, a=seen[target], b=name),
                                    target, name, file, line))
            target = None
        else:
            seen[target] = name
        fields.append(target)
    if not seen and any(h is not None and str(h).strip() for h in header):
        # no cell names a column: the first row of data, most likely, whose names and NIP are not repeated
        return Columns([], line, problems=[Problem("no-header", _(
            "no header row: none of the first {n} lines names the columns (expected names such as {fields}, …); "
            "add a row naming each column above the data").format(n=headers.SEARCH, fields=", ".join(expected[:5])),
            None, None, file, line)])
    if unknown > len(seen):  # more cells that name nothing than columns: a row of data, likely, not shown
        return Columns(fields, line, counter, [Problem("unknown-column", _(
            "line {line} is read as the header, but {n} of its cells name no known column (expected names such as "
            "{fields}, …): if it is a row of data, add a header row above it; else rename those columns or pass "
            "--ignore-unknown").format(line=line, n=fmt_int(unknown), fields=", ".join(expected[:5])), None, None, file, line),
            *(p for p in problems if p.code != "unknown-column")])
    if unknown > limits.MAX_COLUMN_PROBLEMS:
        problems.append(Problem("unknown-column", _("and {n} more unknown columns").format(n=fmt_int(unknown - limits.MAX_COLUMN_PROBLEMS)), None, None, file, line))
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


def detect_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=counts.get) if any(counts.values()) else ","


def read_csv(path: Path, *, ignore_unknown: bool, progress=None, synonyms: dict | None = None,
             header_row: int | None = None, required: tuple[str, ...] = (),
             only: Callable[[int], bool] | None = None, opened: str | None = None) -> tuple[Columns, Iterator[tuple[int, dict]]]:
    """Columns and rows of a CSV file. The header is searched in the first lines (see header),
    or is line `header_row`; after a blank line, short rows lacking a `required` value are the
    signature block below the table, not cases. `only(index)`: which rows (counting those
    yielded) are wanted; the others are yielded as None, their cells not made into a row.
    `opened`: where to read the file from instead of `path` (a descriptor the importer holds,
    /proc/self/fd/N: the same file, even if `path` names another by then); `Columns.fd` is the
    descriptor this reader reads."""
    try:
        encoding = detect_encoding(Path(opened) if opened else path)
    except NotUtf8 as e:
        raise BadFile(str(e), "bad-encoding", e.line) from None
    raw = open(opened or path, "rb")
    counting = _Counting(raw)
    text = io.TextIOWrapper(io.BufferedReader(counting, 1 << 16), encoding=encoding, newline="")
    csv.field_size_limit(limits.MAX_FIELD)
    head, partial = [], None  # the first lines, whole; the start of a longer one
    while len(head) < max(headers.SEARCH, header_row or 0):
        line = text.readline(limits.MAX_HEADER + 1)  # never a whole 50 MB line in memory
        if not line:
            break
        if len(line) > limits.MAX_HEADER:
            partial = line
            break
        head.append(line)
    if partial is None and not any(x.strip() for x in head):  # a 0-byte file, or blank lines only
        text.close()
        problem = Problem("no-header", _("the file is empty: no header line naming the columns (nomor, sumber, "
                                         "pemilu, wilayah, …) and no rows"), None, None, str(path), 1)
        return Columns([], 1, problems=[problem]), iter(())
    if partial is not None and not any(x.strip() for x in head):
        text.close()
        problem = Problem("header-too-long", _("the header line is longer than {n} characters").format(n=fmt_int(limits.MAX_HEADER)),
                          None, None, str(path), len(head) + 1)
        return Columns([], len(head) + 1, problems=[problem]), iter(())
    try:
        delimiter, (first, header, used), ends = _csv_header(head, synonyms or SYNONYMS, header_row)
    except csv.Error as e:
        text.close()
        raise BadFile(_("the header is not valid CSV: {error}").format(error=e), line=1) from None
    except LookupError:
        text.close()
        raise BadFile(_("line {n} is not within the file's first lines").format(n=header_row), "bad-header-row") from None
    header_line = (ends[first - 1] if first else 0) + 1  # the physical line the header starts on
    last = ends[first + used - 1]  # and ends on
    columns = map_header(header, str(path), header_line, ignore_unknown, synonyms)
    columns.fd = raw.fileno()

    def rows() -> Iterator[tuple[int, dict]]:
        body = csv.reader(_lines(text, last, head[last:], partial), delimiter=delimiter)
        footer = headers.Footer(columns, required)
        index = 0
        try:
            for cells in body:
                line = last + body.line_num
                if progress:
                    progress(counting.count)
                if not "".join(cells).strip():  # no cell holds anything
                    footer.blank()
                    continue
                if only is not None and not footer.after_blank and not only(index):
                    index += 1
                    yield line, None
                    continue
                row = _row(columns, cells, str(path), line)
                if not footer.skips(cells, row, line):
                    index += 1
                    yield line, (row if only is None or only(index - 1) else None)
        except csv.Error as e:
            line = last + body.line_num
            if "field larger than field limit" in str(e):
                raise BadFile(_("a field is longer than {n} characters (the longest text accepted); "
                                "the rest of the file is not read").format(n=fmt_int(limits.MAX_FIELD)), "field-too-long", line) from None
            raise BadFile(_("not valid CSV: {error}").format(error=e), line=line) from None
        finally:
            text.close()

    return columns, rows()


def _csv_header(head: list[str], synonyms: dict, at: int | None) -> tuple[str, tuple[int, list, int], list[int]]:
    """The delimiter that finds the header, the header (see header.find) and where each record
    of `head` ends (its last physical line)."""
    found = []
    for delimiter in (",", ";", "\t"):
        reader = csv.reader(head, delimiter=delimiter)
        records, ends = [], []
        try:
            for cells in reader:
                records.append(cells)
                ends.append(reader.line_num)
        except csv.Error:
            if delimiter == ",":
                raise
            continue
        starts = [(ends[i - 1] if i else 0) + 1 for i in range(len(ends))]
        rows = list(zip(starts, records))
        hit = headers.find(rows, synonyms, at)
        if hit is not None:
            found.append((headers.known(hit[1], synonyms), delimiter, hit, ends))
    if found:
        _, delimiter, hit, ends = max(found, key=lambda f: f[0])  # a tie: the first (comma, then ;)
        return delimiter, hit, ends
    if at is not None:
        raise LookupError(at)
    # no row names two known columns: the first non-blank line is the header, as it always was
    first = next((i for i, line in enumerate(head) if line.strip()), 0)
    delimiter = detect_delimiter(head[first] if head else "")
    reader = csv.reader(head, delimiter=delimiter)
    records, ends = [], []
    for cells in reader:
        records.append(cells)
        ends.append(reader.line_num)
    index = next((i for i, r in enumerate(records) if any(c.strip() for c in r)), 0)
    return delimiter, (index, records[index] if records else [], 1), ends or [0]


def _lines(text: IO[str], line_no: int, pending: list[str], partial: str | None) -> Iterator[str]:
    """The physical lines of a CSV file after its header, each at most MAX_LINE characters: the
    lines read while the header was searched, the rest of a long line cut then, then the file."""
    for line in pending:
        line_no += 1
        yield line
    if partial is not None:
        line_no += 1
        if partial[-1:] not in ("\n", "\r"):
            partial += text.readline(limits.MAX_LINE + 1 - len(partial))
        if len(partial) > limits.MAX_LINE:
            raise BadFile(_("a line is longer than {n} characters; the rest of the file is not read").format(n=fmt_int(limits.MAX_LINE)),
                          "line-too-long", line_no)
        yield partial
    while line := text.readline(limits.MAX_LINE + 1):
        line_no += 1
        if len(line) > limits.MAX_LINE:
            raise BadFile(_("a line is longer than {n} characters; the rest of the file is not read").format(n=fmt_int(limits.MAX_LINE)),
                          "line-too-long", line_no)
        yield line


NIP_AS_NUMBER = N_("the NIP is stored as a number, which loses digits; format the column as Text and type the 18 "
                 "digits again")
_SCIENTIFIC = re.compile(r"\s*\d+(?:[.,]\d+)?[eE][+-]?\d+\s*")  # 1,98703E+17: Excel's view of a long number


def _row(columns: Columns, cells: list, file: str, line: int) -> dict:
    if columns.exported:  # elsewhere a leading apostrophe is what the person typed: kept
        row = {name: unneutralise(value) if isinstance(value, str) and value[:1] == "'" else value
               for name, value in zip(columns.fields, cells) if name is not None}
    else:  # "-", "n/a", "tidak ada": what offices write in a cell that has nothing to say
        row = dict(zip(columns.fields, cells))
        row.pop(None, None)  # the columns read by no field (the last such cell, if any)
        if may_hold_empty_word(cells):
            for name, value in row.items():
                if value and isinstance(value, str) and len(value) <= 12 and empty_text(value):
                    row[name] = ""
    nip = row.get("nip")
    if isinstance(nip, str) and ("e" in nip or "E" in nip) and _SCIENTIFIC.fullmatch(nip):
        row.setdefault("_problems", []).append(Problem("bad-nip", _(NIP_AS_NUMBER), "nip", nip, file, line))
        del row["nip"]
    counter = cells[columns.counter] if columns.counter is not None and columns.counter < len(cells) else None
    if counter not in (None, "") and not str(counter).strip().rstrip(".").isdigit():
        row.setdefault("_problems", []).append(Problem(
                "ambiguous-column", _("the first column 'No' holds running numbers in recap tables, but this is "
                "not a number; name the column 'nomor' if it is the register number"), "No", str(counter), file, line))
    if len(cells) > len(columns.fields) and any(str(c).strip() for c in cells[len(columns.fields):]):
        row.setdefault("_problems", []).append(Problem(
            "extra-cells", _("{cells} cells but the header has {columns} columns").format(cells=len(cells), columns=len(columns.fields)), None, None, file, line))
    return row


from netralitas.yaml_reader import NULLS, YAML_TAGS, YamlRefused, read_yaml  # noqa: E402,F401  (one reader per format)
