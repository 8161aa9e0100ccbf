"""Rendering: plain rows -> Rich table, JSON, CSV or Markdown. Data to stdout, messages to stderr."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
import sys
from contextlib import contextmanager
from typing import IO, Iterable, Iterator, Sequence

from netralitas.cells import neutralise
from netralitas.errors import Problem
from netralitas.format import fmt_date, fmt_int, fmt_num, fmt_time
from netralitas.i18n import _


def console(stderr: bool = False):
    from rich.console import Console

    class Quiet(Console):
        def on_broken_pipe(self) -> None:
            # `netralitas report | head -1`: the reader had enough. Rich exits 1 here; the command
            # boundary ends quietly with 0, as for CSV and JSON.
            self.quiet = True
            raise BrokenPipeError

    # Rich already drops colour for NO_COLOR and for output that is not a terminal.
    return Quiet(stderr=stderr, highlight=False, soft_wrap=False)


def message(text: str) -> None:
    """A message for the person, never data: stderr."""
    console(stderr=True).print(text, markup=False, soft_wrap=True)  # log lines stay whole


def note(text: str) -> None:
    """A remark about what was shown (columns left out, a narrow terminal): stderr, wrapped to the terminal."""
    console(stderr=True).print(text, markup=False)


def _default(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def to_json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=_default)


def print_json(data) -> None:
    sys.stdout.write(to_json(data) + "\n")


def stream_json(items: Iterable) -> int:
    """A JSON list written item by item, byte for byte as print_json(list(items)): memory stays flat."""
    out, n = sys.stdout, 0
    for item in items:
        text = to_json(item).replace("\n", "\n  ")
        out.write(("[\n  " if n == 0 else ",\n  ") + text)
        n += 1
    out.write("\n]\n" if n else "[]\n")
    return n


def cell(value, *, comma: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        text = f"{value:.1f}"
        return text.replace(".", ",") if comma else text
    return str(value)


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ISO_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:?\d{2}|Z)?")


def people_cell(value, numeric: bool = False) -> str:
    """A cell a person reads: numbers of a numeric column, every decimal, date and stored time as the
    language writes them (4 Oktober 2024; 4 Oktober 2024 14.05 WITA)."""
    if isinstance(value, float):
        return fmt_num(value)
    if numeric and isinstance(value, int) and not isinstance(value, bool):
        return fmt_int(value)
    try:
        if isinstance(value, dt.datetime) or isinstance(value, str) and ISO_STAMP.fullmatch(value):
            return fmt_time(value)
        if isinstance(value, dt.date) or isinstance(value, str) and ISO_DATE.fullmatch(value):
            return fmt_date(value)
    except ValueError:  # not a real date after all: shown as it is
        pass
    return cell(value)


def sheet_cell(value, *, comma: bool = False) -> str:
    """A cell of output a spreadsheet may open: text that would run as a formula is neutralised."""
    return neutralise(value) if isinstance(value, str) else cell(value, comma=comma)


# CSV as Excel with Indonesian regional settings opens it (--excel): the list separator is a
# semicolon and the decimal separator a comma; a BOM tells it the text is UTF-8; lines end CRLF.
EXCEL = {"delimiter": ";", "lineterminator": "\r\n"}
PLAIN = {"delimiter": ",", "lineterminator": "\n"}


def csv_writer(out, excel: bool = False):
    return csv.writer(out, **(EXCEL if excel else PLAIN))


def csv_writers(out, excel: bool = False):
    """The writer, and the one for a row holding a bare carriage return, every cell quoted: the csv
    module quotes a CR only when it is in the line terminator, and an unquoted one ends the row on
    reading. `writer_for` picks between them."""
    w = csv_writer(out, excel)
    return w, csv.writer(out, dialect=w.dialect, quoting=csv.QUOTE_ALL)


def writer_for(row, w, quoted):
    return quoted if any(isinstance(c, str) and "\r" in c for c in row) else w


def csv_text(rows: Iterable[dict], columns: Sequence[str], *, excel: bool = False,
             headers: dict[str, str] | None = None) -> str:
    buf = io.StringIO()
    w, quoted = csv_writers(buf, excel)
    w.writerow([(headers or {}).get(c, c) for c in columns])
    for r in rows:
        cells = [sheet_cell(r.get(c), comma=excel) for c in columns]
        writer_for(cells, w, quoted).writerow(cells)
    return buf.getvalue()


@contextmanager
def csv_out(excel: bool = False) -> Iterator[IO[str]]:
    """stdout for CSV written row by row; for Excel, UTF-8 behind a BOM whatever the terminal's encoding."""
    raw = getattr(sys.stdout, "buffer", None) if excel else None
    if raw is None:
        if excel:
            sys.stdout.write("\ufeff")
        yield sys.stdout
        return
    sys.stdout.flush()
    out = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="", write_through=True)
    try:
        yield out
    finally:
        out.flush()
        out.detach()  # stdout itself stays open


def write_csv(text: str, excel: bool = False) -> None:
    """CSV text on stdout; for Excel, UTF-8 bytes behind a BOM whatever the terminal's encoding."""
    if not excel:
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    raw = getattr(sys.stdout, "buffer", None)
    if raw is None:
        sys.stdout.write("\ufeff" + text)
        return
    raw.write(("\ufeff" + text).encode("utf-8"))
    raw.flush()


def markdown_text(rows: Iterable[dict], columns: Sequence[str], numeric: Sequence[str] = ()) -> str:
    """A Markdown table: HTML escaped (Markdown viewers render it), formulas neutralised (tables get pasted)."""
    esc = lambda v, n=False: html.escape(neutralise(v) if isinstance(v, str) else people_cell(v, n), quote=False).replace("|", "\\|").replace("\n", " ")  # noqa: E731
    lines = ["| " + " | ".join(columns) + " |",
             "| " + " | ".join("---:" if c in numeric else "---" for c in columns) + " |"]
    lines += ["| " + " | ".join(esc(r.get(c), c in numeric) for c in columns) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def rich_table(rows: Iterable[dict], columns: Sequence[str], *, title: str | None = None,
               headers: dict[str, str] | None = None, numeric: Sequence[str] = (), footer: dict | None = None):
    """A Rich table of every column given, laid out by Rich (print_table fits one to the terminal)."""
    return _built(_cells(rows, columns, numeric), columns, title=title, headers=headers or {}, numeric=numeric, footer=footer)


def _cells(rows: Iterable[dict], columns: Sequence[str], numeric: Sequence[str] = ()) -> list[list[str]]:
    return [[people_cell(r.get(c), c in numeric) for c in columns] for r in rows]


def _built(body: list[list[str]], columns: Sequence[str], *, title, headers: dict, numeric, footer,
           widths: dict[str, int] | None = None):
    from rich.table import Table

    table = Table(title=title, title_justify="left", show_footer=footer is not None, header_style="bold")
    for c in columns:
        table.add_column(headers.get(c, c), justify="right" if c in numeric else "left",
                         footer=people_cell(footer.get(c), c in numeric) if footer else "", overflow="fold",
                         width=widths.get(c) if widths else None)
    for row in body:
        table.add_row(*row)
    return table


def _drawn_plain(con, body: list[list[str]], columns: Sequence[str], *, title, headers: dict, numeric, footer,
                 widths: dict[str, int]) -> bool:
    """Write the table as Rich would draw it, when it is plain text on an unstyled console (plain_table)."""
    from netralitas import plain_table

    heads = [headers.get(c, c) for c in columns]
    feet = None if footer is None else [people_cell(footer.get(c), c in numeric) if footer else "" for c in columns]
    texts = [*heads, *(feet or ()), *([title] if title else [])]
    fits = sum(widths[c] + 3 for c in columns) + 1 <= con.width  # else Rich narrows columns its own way
    if not fits or not plain_table.usable(con) or not plain_table.plain(texts) or not all(plain_table.plain(r) for r in body):
        return False
    lines = plain_table.lines(title, heads, body, feet, [widths[c] for c in columns], [c in numeric for c in columns])
    # Through the console (its capture, record and quiet hold), as `con.out` writes the text, but as one
    # segment: con.out would make a Rich Text of each line again (control codes stripped), ~10 ms a 1,000 lines.
    from rich.segment import Segment, Segments

    con.print(Segments([Segment("\n".join(lines) + "\n")]), crop=False)
    return True


def print_table(rows: Sequence[dict], columns: Sequence[str], *, con=None, title: str | None = None,
                headers: dict[str, str] | None = None, numeric: Sequence[str] = (), footer: dict | None = None,
                priority: Sequence[str] | None = None, keep: int = 1, hint: str = "--format json") -> list[str]:
    """Print the table within the console's width, leaving out the least important columns that do
    not fit (never breaking a code, NIP, date or nomor), with a note naming them; returns those."""
    from netralitas.i18n import ngettext
    from netralitas.table_fit import allocate, choose, max_widths, min_widths

    con = con or console()
    headers = headers or {}
    columns = list(columns)
    body = _cells(rows, columns, numeric)
    values = {c: [row[i] for row in body] for i, c in enumerate(columns)}
    if footer:
        for c in columns:
            values[c].append(people_cell(footer.get(c), c in numeric))
    mins = min_widths(values, headers)
    shown, dropped = choose(columns, mins, con.width, priority, keep)
    if dropped:
        index = [columns.index(c) for c in shown]
        body = [[row[i] for i in index] for row in body]
    widths = allocate(shown, mins, max_widths({c: values[c] for c in shown}, headers), con.width)
    if not _drawn_plain(con, body, shown, title=title, headers=headers, numeric=numeric, footer=footer, widths=widths):
        con.print(_built(body, shown, title=title, headers=headers, numeric=numeric, footer=footer, widths=widths))
    if dropped:
        note(ngettext("({n} column left out at this width: {names}; a wider terminal or {hint} shows it.)",
                     "({n} columns left out at this width: {names}; a wider terminal or {hint} shows them all.)",
                     len(dropped)).format(
            n=len(dropped), names=", ".join(headers.get(c, c).replace("\n", " ") for c in dropped), hint=hint))
    return dropped


def emit(rows: list[dict], columns: Sequence[str], fmt: str, *, title: str | None = None,
         numeric: Sequence[str] = (), json_data=None, priority: Sequence[str] | None = None,
         hint: str = "--format json", excel: bool = False) -> None:
    """Rows on stdout as a Rich table, JSON, CSV (for Excel with `excel`) or Markdown."""
    if fmt == "json":
        print_json(rows if json_data is None else json_data)
    elif fmt == "csv":
        write_csv(csv_text(rows, columns, excel=excel), excel)
    elif fmt == "markdown":
        sys.stdout.write(markdown_text(rows, columns, numeric))
    else:
        print_table(rows, columns, title=title, numeric=numeric, priority=priority, hint=hint)


PROBLEM_COLUMNS = ("file", "kasus", "line", "field", "value", "code", "message")


def problems(items: Sequence[Problem], fmt: str = "table", *, stderr: bool = False, title: str | None = None) -> None:
    """Every problem: file, line or row, field, value, stable code, message."""
    rows = [p.to_dict() for p in items]
    if fmt == "json":
        text = to_json(rows) + "\n"
        (sys.stderr if stderr else sys.stdout).write(text)
        return
    columns = [c for c in PROBLEM_COLUMNS if c in ("field", "code", "message", "value") or any(r.get(c) for r in rows)]
    headers = {"file": _("file"), "kasus": _("case nomor"), "line": _("line/row"), "field": _("field"), "value": _("value"), "code": _("code"),
               "message": _("message")}
    print_table(rows, columns, con=console(stderr=stderr), title=title, headers=headers, numeric=("line",),
                priority=("field", "code", "message", "kasus", "line", "file", "value"), hint="--format json")
