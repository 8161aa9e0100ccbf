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
    counter: int | None = None  # index of the running-number column
    problems: list[Problem] = field(default_factory=list)


def map_header(header: list, file: str, line: int, ignore_unknown: bool) -> Columns:
    fields, counter, problems, seen = [], None, [], {}
    for i, raw in enumerate(header):
        name = "" if raw is None else str(raw).strip()
        key = header_key(name)
        target = SYNONYMS.get(key)
        if key in ROW_COUNTER and i == 0:
            counter = i
            target = None
        elif not key:
            target = None
        elif target is None:
            if not ignore_unknown:
                problems.append(Problem("unknown-column", "unknown column; expected one of: "
                                        + ", ".join(KASUS_FIELDS + TERLAPOR_FIELDS)
                                        + " (or pass --ignore-unknown)", name, name, file, line))
        elif target in seen:
            problems.append(Problem("duplicate-column", f"two columns mean {target}: {seen[target]!r} and {name!r}",
                                    target, name, file, line))
            target = None
        else:
            seen[target] = name
        fields.append(target)
    return Columns(fields, counter, problems)


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


def read_csv(path: Path, *, ignore_unknown: bool, progress=None) -> tuple[Columns, Iterator[tuple[int, dict]]]:
    encoding = detect_encoding(path)
    raw = open(path, "rb")
    counting = _Counting(raw)
    text = io.TextIOWrapper(io.BufferedReader(counting, 1 << 16), encoding=encoding, newline="")
    first = ""
    while not first.strip():
        first = text.readline()
        if not first:
            break
    reader = csv.reader(io.StringIO(first), delimiter=detect_delimiter(first))
    header = next(reader, [])
    header_line = 1
    columns = map_header(header, str(path), header_line, ignore_unknown)

    def rows() -> Iterator[tuple[int, dict]]:
        try:
            body = csv.reader(text, delimiter=detect_delimiter(first))
            base = header_line
            for cells in body:
                line = base + body.line_num
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
    row: dict = {}
    for i, value in enumerate(cells):
        name = columns.fields[i] if i < len(columns.fields) else None
        if name is not None:
            row[name] = unneutralise(value)
        elif i == columns.counter and value not in (None, "") and not str(value).strip().rstrip(".").isdigit():
            row.setdefault("_problems", []).append(Problem(
                "ambiguous-column", "the first column 'No' holds running numbers in recap tables, but this is "
                "not a number; name the column 'nomor' if it is the register number", "No", str(value), file, line))
    if len(cells) > len(columns.fields) and any(str(c).strip() for c in cells[len(columns.fields):]):
        row.setdefault("_problems", []).append(Problem(
            "extra-cells", f"{len(cells)} cells but the header has {len(columns.fields)} columns", None, None, file, line))
    return row


# -- Excel ---------------------------------------------------------------------------------------


def read_xlsx(path: Path, *, sheet: str | None, ignore_unknown: bool, progress=None) -> tuple[Columns, Iterator[tuple[int, dict]]]:
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
    columns = map_header(header, str(path), number, ignore_unknown)

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


# -- YAML ----------------------------------------------------------------------------------------

YAML_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
             "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
             "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}  # fmt: skip


class YamlRefused(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem


def read_yaml(path: Path) -> Iterator[tuple[int, dict, dict]]:
    """Yield (line, case mapping, {loc: line}) per case.

    Scalars stay as written (text): `64.10` must not become the number 64.1. Only plain YAML:
    no Python tags, no anchors or aliases (a nested-alias "bomb" is refused, never expanded).
    """
    import yaml

    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(path, "rb") as f:
        loader = loader_cls(f)
        try:
            while loader.check_node():
                node = loader.get_node()
                if node is None:
                    continue
                for line, case, lines in _cases(node, str(path)):
                    yield line, case, lines
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            raise YamlRefused(Problem("bad-yaml", f"not valid YAML: {getattr(e, 'problem', None) or e}", None, None,
                                      str(path), mark.line + 1 if mark else None)) from None
        finally:
            loader.dispose()


def _check(root, file: str) -> None:
    """Refuse anchors/aliases and non-plain tags anywhere in a document, without expanding it."""
    import yaml

    seen, stack = set(), [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise YamlRefused(Problem("yaml-alias", "anchors and aliases (&, *) are not allowed in case files",
                                      None, None, file, node.start_mark.line + 1))
        seen.add(id(node))
        if node.tag not in YAML_TAGS:
            raise YamlRefused(Problem("yaml-tag", f"the tag {node.tag} is not allowed in case files", None, None,
                                      file, node.start_mark.line + 1))
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                stack.extend((k, v))


def _cases(node, file: str):
    import yaml

    _check(node, file)
    if isinstance(node, yaml.MappingNode):
        keys = {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}
        if "kasus" in keys:
            node = keys["kasus"]
        else:
            node = yaml.SequenceNode("tag:yaml.org,2002:seq", [node], node.start_mark, node.end_mark)
    if not isinstance(node, yaml.SequenceNode):
        raise YamlRefused(Problem("bad-yaml", "expected a list of cases, or a mapping with key 'kasus'", None, None,
                                  file, node.start_mark.line + 1))
    for item in node.value:
        lines: dict = {}
        value = _plain(item, (), lines)
        if not isinstance(value, dict):
            raise YamlRefused(Problem("bad-yaml", "each case must be a mapping of fields", None, None, file,
                                      item.start_mark.line + 1))
        yield item.start_mark.line + 1, value, lines


def _plain(node, loc: tuple, lines: dict):
    """The node as plain data (scalars as written, as text), recording each mapping's line."""
    import yaml

    if isinstance(node, yaml.ScalarNode):
        return None if node.tag == "tag:yaml.org,2002:null" else node.value
    if isinstance(node, yaml.SequenceNode):
        return [_plain(v, loc + (i,), lines) for i, v in enumerate(node.value)]
    lines[loc] = node.start_mark.line + 1
    out = {}
    for k, v in node.value:
        key = str(_plain(k, loc, lines))
        out[key] = _plain(v, loc + (key,), lines)
    return out
