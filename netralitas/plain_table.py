"""The text Rich draws for a table of plain cells, without Rich's layout machinery.

`render.print_table` fixes every column's width itself (table_fit), so what is left of Rich's
work is drawing: per cell, markup and emoji parsing, wrapping, padding, styling, for about 0.1 ms
a cell; a 514-row table by region took most of a report's time. When the output carries no
styles (not a terminal: a file, a pipe) and every text is plain ASCII without markup or emoji
codes (and no wide character), the same characters are produced here, line by line (a test compares them with Rich's
for random tables); otherwise the caller lets Rich draw.
"""

from __future__ import annotations

import re
from typing import Sequence

_SAFE = re.compile(r"[ -9;-Z\\^-~\n]*")  # printable ASCII and newlines, without '[', ']' (markup) or ':' (emoji)


def plain(texts) -> bool:
    """True when every text is drawn by Rich exactly as its characters (no markup, emoji, tabs,
    control characters, wide or zero-width cells: "—" and "×" are one cell each, as in ASCII)."""
    match = _SAFE.fullmatch
    for t in texts:
        if t.endswith("\n"):
            return False
        if match(t) is None:
            if t.isascii() or "[" in t or "]" in t or ":" in t or not t.replace("\n", "").isprintable():
                return False
            from rich.cells import cell_len

            if any(cell_len(line) != len(line) for line in t.split("\n")):
                return False
    return True


def usable(con) -> bool:
    """The console writes no styles (no colour system) and draws Unicode boxes."""
    return con.color_system is None and not con.legacy_windows and con.encoding.lower().startswith("utf")


def _wrap(text: str, width: int, right: bool) -> list[str]:
    """Rich's Text.wrap with overflow 'fold' and justify left/right, for plain ASCII text."""
    from rich._wrap import divide_line

    out = []
    for line in text.split("\n"):
        if len(line) <= width:  # fits: no break (divide_line would find none)
            piece = line.rstrip() if right else line
            out.append(" " * (width - len(piece)) + piece if right else piece + " " * (width - len(piece)))
            continue
        offsets = divide_line(line, width, fold=True)
        pieces = [line[a:b] for a, b in zip([0, *offsets], [*offsets, len(line)])]
        for piece in pieces:
            if len(piece) > width:  # rstrip_end: whitespace beyond the width goes
                stripped = piece.rstrip()
                piece = piece[:max(len(stripped), width)] if len(piece) - len(stripped) else piece
            if right:
                piece = piece.rstrip()[:width]
                out.append(" " * (width - len(piece)) + piece)
            else:
                piece = piece[:width]
                out.append(piece + " " * (width - len(piece)))
    return out


def lines(title: str | None, headers: Sequence[str], body: Sequence[Sequence[str]], footer: Sequence[str] | None,
          widths: Sequence[int], right: Sequence[bool]) -> list[str]:
    """The lines of Rich's default table (HEAVY_HEAD box, padding 1, header bold, title left) for
    content `widths`; `right`: the columns justified right; a footer row when `footer` is given."""
    from rich import box

    cols = [w + 2 for w in widths]  # one cell of padding either side
    total = sum(cols) + len(cols) + 1
    out = _wrap(title, total, False) if title else []
    out.append(box.HEAVY_HEAD.get_top(cols))

    def row(cells: Sequence[str], edge: str, bottom: bool) -> None:
        wrapped = [_wrap(c, w, r) for c, w, r in zip(cells, widths, right)]
        height = max(len(w) for w in wrapped)
        for i, (w, width) in enumerate(zip(wrapped, widths)):
            blank = [" " * width] * (height - len(w))
            wrapped[i] = blank + w if bottom else w + blank
        for n in range(height):
            out.append(edge + edge.join(" " + w[n] + " " for w in wrapped) + edge)

    row(headers, box.HEAVY_HEAD.head_vertical, True)
    out.append(box.HEAVY_HEAD.get_row(cols, "head"))
    for cells in body[:-1] if footer is None else body:
        row(cells, box.HEAVY_HEAD.mid_vertical, False)
    if footer is not None:
        out.append(box.HEAVY_HEAD.get_row(cols, "foot"))
        row(footer, box.HEAVY_HEAD.foot_vertical, False)
    elif body:
        row(body[-1], box.HEAVY_HEAD.foot_vertical, False)
    out.append(box.HEAVY_HEAD.get_bottom(cols))
    return out


def write(con, text: str) -> None:
    """`text` and a newline, as con.out(text) writes it on a console `usable` says is plain: straight
    to its file (Rich's rendering of a 514-row table's text, line by line, took about 30 ms) unless
    the console is capturing, recording or quiet, whose rules then hold through con.out."""
    if con.record or getattr(con, "_buffer_index", 1) or con.quiet or con.is_jupyter:
        con.out(text, highlight=False)
        return
    con.file.write(text + "\n")
    con.file.flush()  # as Rich does after each print: the order with stderr's notes is kept
