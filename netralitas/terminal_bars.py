"""Horizontal bar charts on a terminal, drawn with Rich: label, bar, number.

Bars are block characters scaled to the largest value (eighths for the last cell), so they
read without colour (NO_COLOR, a pipe) as well as with it. Numbers are written as Indonesians
write them.
"""

from __future__ import annotations

from typing import Sequence

from netralitas.format import fmt_int

BLOCKS = " ▏▎▍▌▋▊▉█"
LABEL_MAX = 32  # a longer label wraps at its spaces within this width


def bar(value: float, largest: float, width: int) -> str:
    """A bar of `width` cells for `largest`, in eighths of a cell."""
    if largest <= 0 or value <= 0 or width <= 0:
        return ""
    eighths = max(1, round(value / largest * width * 8))
    full, rest = divmod(eighths, 8)
    return "█" * full + (BLOCKS[rest] if rest else "")


def chart(items: Sequence[tuple[str, float, str]], *, title: str, width: int, style: str = "cyan"):
    """A Rich renderable: one line per (label, value, note); the note follows the number."""
    from rich.table import Table
    from rich.text import Text

    label_w = min(LABEL_MAX, max((len(label) for label, _, _ in items), default=0))
    number_w = max((len(fmt_int(v)) for _, v, _ in items), default=1)
    note_w = max((len(note) for _, _, note in items), default=0)
    room = max(8, width - label_w - number_w - (note_w + 1 if note_w else 0) - 4)
    largest = max((v for _, v, _ in items), default=0)
    grid = Table.grid(padding=(0, 1))
    grid.title, grid.title_justify, grid.title_style = title, "left", "bold"
    grid.add_column(width=label_w, overflow="fold")  # a longer label wraps onto a second line, never cut
    grid.add_column(width=room, no_wrap=True)
    grid.add_column(justify="right", width=number_w, no_wrap=True)
    if note_w:
        grid.add_column(no_wrap=True, width=note_w)
    for label, value, note in items:
        cells = [Text(label), Text(bar(value, largest, room), style=style), Text(fmt_int(value))]
        grid.add_row(*cells, *([Text(note)] if note_w else []))
    return grid
