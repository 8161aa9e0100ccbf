"""Rendering: plain rows -> Rich table, JSON, CSV or Markdown. Data to stdout, messages to stderr."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import sys
from typing import Iterable, Sequence

from netralitas.cells import neutralise
from netralitas.errors import Problem
from netralitas.i18n import _

def console(stderr: bool = False):
    from rich.console import Console

    # Rich already drops colour for NO_COLOR and for output that is not a terminal.
    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def message(text: str) -> None:
    """A message for the person, never data: stderr."""
    console(stderr=True).print(text, markup=False, soft_wrap=True)  # log lines stay whole


def _default(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def to_json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=_default)


def print_json(data) -> None:
    sys.stdout.write(to_json(data) + "\n")


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def people_cell(value, numeric: bool = False) -> str:
    """A cell a person reads: numbers of a numeric column and every decimal as the language writes them."""
    from netralitas import format as fmt

    if isinstance(value, float):
        return fmt.decimal(value)
    if numeric and isinstance(value, int) and not isinstance(value, bool):
        return fmt.number(value)
    return cell(value)


def sheet_cell(value) -> str:
    """A cell of output a spreadsheet may open: text that would run as a formula is neutralised."""
    return neutralise(value) if isinstance(value, str) else cell(value)


def csv_text(rows: Iterable[dict], columns: Sequence[str]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        w.writerow([sheet_cell(r.get(c)) for c in columns])
    return buf.getvalue()


def markdown_text(rows: Iterable[dict], columns: Sequence[str], numeric: Sequence[str] = ()) -> str:
    """A Markdown table: HTML escaped (Markdown viewers render it), formulas neutralised (tables get pasted)."""
    esc = lambda v, n=False: html.escape(neutralise(v) if isinstance(v, str) else people_cell(v, n), quote=False).replace("|", "\\|").replace("\n", " ")  # noqa: E731
    lines = ["| " + " | ".join(columns) + " |",
             "| " + " | ".join("---:" if c in numeric else "---" for c in columns) + " |"]
    lines += ["| " + " | ".join(esc(r.get(c), c in numeric) for c in columns) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def rich_table(rows: Iterable[dict], columns: Sequence[str], *, title: str | None = None,
               headers: dict[str, str] | None = None, numeric: Sequence[str] = (), footer: dict | None = None):
    from rich.table import Table

    table = Table(title=title, title_justify="left", show_footer=footer is not None, header_style="bold")
    for c in columns:
        table.add_column((headers or {}).get(c, c), justify="right" if c in numeric else "left",
                         footer=people_cell(footer.get(c), c in numeric) if footer else "", overflow="fold",
                         no_wrap=c in numeric or c in ("code", "nomor"))
    for r in rows:
        table.add_row(*(people_cell(r.get(c), c in numeric) for c in columns))
    return table


def emit(rows: list[dict], columns: Sequence[str], fmt: str, *, title: str | None = None,
         numeric: Sequence[str] = (), json_data=None) -> None:
    """Rows on stdout as a Rich table, JSON, CSV or Markdown."""
    if fmt == "json":
        print_json(rows if json_data is None else json_data)
    elif fmt == "csv":
        sys.stdout.write(csv_text(rows, columns))
    elif fmt == "markdown":
        sys.stdout.write(markdown_text(rows, columns, numeric))
    else:
        console().print(rich_table(rows, columns, title=title, numeric=numeric))


PROBLEM_COLUMNS = ("file", "line", "field", "value", "code", "message")


def problems(items: Sequence[Problem], fmt: str = "table", *, stderr: bool = False, title: str | None = None) -> None:
    """Every problem: file, line or row, field, value, stable code, message."""
    rows = [p.to_dict() for p in items]
    if fmt == "json":
        text = to_json(rows) + "\n"
        (sys.stderr if stderr else sys.stdout).write(text)
        return
    columns = [c for c in PROBLEM_COLUMNS if c in ("field", "code", "message", "value") or any(r.get(c) for r in rows)]
    headers = {"file": _("file"), "line": _("line/row"), "field": _("field"), "value": _("value"), "code": _("code"),
               "message": _("message")}
    console(stderr=stderr).print(rich_table(rows, columns, title=title, headers=headers, numeric=("line",)))
