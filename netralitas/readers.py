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

from netralitas.errors import Problem
from netralitas.models import KASUS_FIELDS, TERLAPOR_FIELDS

_NORM = re.compile(r"[\s_\-/.]+")


def header_key(text: str) -> str:
    return _NORM.sub("", str(text).strip().lower())


SYNONYMS = {
    **{header_key(f): f for f in KASUS_FIELDS + TERLAPOR_FIELDS},
    header_key("diubah"): "diubah",  # the last-change stamp export writes
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


class BadFile(Exception):
    """The file cannot be read as a case file at all (no such sheet, not a workbook)."""


@dataclass
class Columns:
    """Which column holds which field; problems with the header."""

    fields: list[str | None]  # per column: field name, or None (ignored)
    line: int  # the header's line (or row)
    counter: int | None = None  # index of the running-number column
    problems: list[Problem] = field(default_factory=list)


def map_header(header: list, file: str, line: int, ignore_unknown: bool, synonyms: dict | None = None) -> Columns:
    """Which field each column holds. `synonyms` (header_key -> field) reads another record kind."""
    synonyms = SYNONYMS if synonyms is None else synonyms
    expected = KASUS_FIELDS + TERLAPOR_FIELDS if synonyms is SYNONYMS else list(dict.fromkeys(synonyms.values()))
    fields, counter, problems, seen = [], None, [], {}
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
            if not ignore_unknown:
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
    return Columns(fields, line, counter, problems)


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
    first, header_line = "", 0
    while not first.strip():  # blank lines before the header
        first = text.readline()
        header_line += 1
        if not first:
            break
    reader = csv.reader(io.StringIO(first), delimiter=detect_delimiter(first))
    header = next(reader, [])
    columns = map_header(header, str(path), header_line, ignore_unknown, synonyms)

    def rows() -> Iterator[tuple[int, dict]]:
        try:
            body = csv.reader(text, delimiter=detect_delimiter(first))
            for cells in body:
                line = header_line + body.line_num
                if progress:
                    progress(counting.count)
                if not any(c.strip() for c in cells):
                    continue
                yield line, _row(columns, cells, str(path), line)
        finally:
            text.close()

    return columns, rows()


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def unneutralise(value):
    """Undo the apostrophe an export puts before a cell that a spreadsheet would run as a formula."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1] in FORMULA_START:
        return value[1:]
    return value


def _row(columns: Columns, cells: list, file: str, line: int) -> dict:
    row = {name: value for name, value in zip(columns.fields, cells) if name is not None}
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
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises several kinds for a file that is not a workbook
        raise BadFile(f"not a readable .xlsx workbook ({type(e).__name__}: {e})") from None
    if sheet is not None and sheet not in wb.sheetnames:
        wb.close()
        raise BadFile(f"no sheet {sheet!r}; the sheets are: {', '.join(wb.sheetnames)}")
    ws = wb[sheet] if sheet is not None else wb.worksheets[0]
    it = ws.iter_rows(values_only=True)
    header, number = [], 0
    for number, cells in enumerate(it, 1):
        if any(c not in (None, "") for c in cells):
            header = list(cells)
            break
    columns = map_header(header, str(path), number, ignore_unknown, synonyms)

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


def _cell(value):
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, float)):
        return str(value)
    return value  # text, datetime (a real Excel date) or None


# -- YAML ---------------------------------------------------------------------------------------

YAML_TAGS = {None, "!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
             "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
             "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}  # fmt: skip
NULLS = {"", "~", "null", "Null", "NULL"}


class YamlRefused(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem


def read_yaml(path: Path, key: str = "kasus") -> Iterator[tuple[int, dict, dict]]:
    """Yield (line, case mapping, {loc: line}) per case, one case at a time.

    Built from parser events, so memory holds one case, not the document. Scalars stay as
    written (text): `64.10` must not become the number 64.1. Only plain YAML: an explicit tag
    (`!!python/...`), an anchor or an alias is refused at once, so an alias "bomb" is never
    expanded. A document is a list of cases, a mapping with key `kasus` holding one, or one case.
    `key` reads another record kind the same way (e.g. `sosialisasi`).
    """
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(path, "rb") as f:
        events = _Events(yaml.parse(f, Loader=loader), str(path))
        try:
            events.expect(yaml.StreamStartEvent)
            while not events.peek(yaml.StreamEndEvent):
                events.expect(yaml.DocumentStartEvent)
                yield from _document(events, key)
                events.expect(yaml.DocumentEndEvent)
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            raise YamlRefused(Problem("bad-yaml", f"not valid YAML: {getattr(e, 'problem', None) or e}", None, None,
                                      str(path), mark.line + 1 if mark else None)) from None


class _Events:
    def __init__(self, stream, file: str):
        self.stream, self.file, self.head = stream, file, None

    def next(self):
        import yaml

        event = self.head if self.head is not None else next(self.stream)
        self.head = None
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise YamlRefused(Problem("yaml-alias", "anchors and aliases (&, *) are not allowed in case files",
                                      None, None, self.file, line))
        if getattr(event, "tag", None) not in YAML_TAGS:
            raise YamlRefused(Problem("yaml-tag", f"the tag {event.tag} is not allowed in case files", None, None,
                                      self.file, line))
        return event

    def peek(self, kind) -> bool:
        if self.head is None:
            self.head = next(self.stream)
        return isinstance(self.head, kind)

    def expect(self, kind):
        event = self.next()
        if not isinstance(event, kind):
            raise YamlRefused(Problem("bad-yaml", "expected a list of cases, or a mapping with key 'kasus'", None,
                                      None, self.file, event.start_mark.line + 1))
        return event


def _document(events: _Events, list_key: str = "kasus"):
    import yaml

    if events.peek(yaml.SequenceStartEvent):
        yield from _items(events)
    elif events.peek(yaml.MappingStartEvent):
        # Either {kasus: [cases…], other keys…} or a single case; a case is small, so keep its
        # fields until the mapping ends or turns out to hold `kasus`.
        start = events.next()
        fields, lines, has_kasus = {}, {(): start.start_mark.line + 1}, False
        while not events.peek(yaml.MappingEndEvent):
            key = _value(events, events.next(), (), lines)
            if key == list_key and events.peek(yaml.SequenceStartEvent):
                has_kasus = True
                yield from _items(events)
            else:
                fields[str(key)] = _value(events, events.next(), (str(key),), lines)
        events.next()
        if not has_kasus and fields:  # the document is a single case
            yield start.start_mark.line + 1, fields, lines
    elif events.peek(yaml.ScalarEvent):
        event = events.next()
        if event.value not in NULLS:
            raise YamlRefused(Problem("bad-yaml", "expected a list of cases, or a mapping with key 'kasus'", None,
                                      None, events.file, event.start_mark.line + 1))


def _items(events: _Events):
    import yaml

    events.expect(yaml.SequenceStartEvent)
    while not events.peek(yaml.SequenceEndEvent):
        event = events.next()
        lines: dict = {}
        case = _value(events, event, (), lines)
        if not isinstance(case, dict):
            raise YamlRefused(Problem("bad-yaml", "each case must be a mapping of fields", None, None, events.file,
                                      event.start_mark.line + 1))
        yield event.start_mark.line + 1, case, lines
    events.next()


def _value(events: _Events, event, loc: tuple, lines: dict):
    """Plain data from the events of one node (its first event given)."""
    import yaml

    if isinstance(event, yaml.ScalarEvent):
        return None if event.implicit[0] and event.value in NULLS else event.value  # unquoted null
    if isinstance(event, yaml.SequenceStartEvent):
        out = []
        while not events.peek(yaml.SequenceEndEvent):
            out.append(_value(events, events.next(), loc + (len(out),), lines))
        events.next()
        return out
    if isinstance(event, yaml.MappingStartEvent):
        lines[loc] = event.start_mark.line + 1
        out = {}
        while not events.peek(yaml.MappingEndEvent):
            key = str(_value(events, events.next(), loc, lines))
            out[key] = _value(events, events.next(), loc + (key,), lines)
        events.next()
        return out
    raise YamlRefused(Problem("bad-yaml", f"unexpected {type(event).__name__}", None, None, events.file,
                              event.start_mark.line + 1))
