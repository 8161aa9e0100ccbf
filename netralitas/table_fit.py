"""Tables that fit a terminal: no code, NIP, date or nomor is ever broken inside.

Rich wraps a cell at spaces and folds a word only when the column is narrower than the word.
Each column here is given at least its longest word (header included), so nothing is folded;
when those widths together exceed the terminal, whole columns are left out, least important
first, and the caller says which and how to see them all.
"""

from __future__ import annotations

import re

from typing import Iterable, Sequence

# Rich's default box: one border at the left, then per column one cell padding each side and one border.
EDGE, PER_COLUMN = 1, 3


PEOPLE_DATE = re.compile(r"\d{1,2} [A-Za-z]+ \d{4}(?: \d{2}[.:]\d{2} \S+)?")


def _len(text: str) -> int:
    """Terminal cells of `text` (a wide character takes two)."""
    if text.isascii():
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def word_width(text: str) -> int:
    """The longest unbreakable run of `text` (Rich breaks lines only at whitespace)."""
    if not text:
        return 0
    if " " not in text and "\n" not in text:
        return _len(text)
    if PEOPLE_DATE.fullmatch(text):  # "4 Oktober 2024", "4 Oktober 2024 14.05 WITA": never broken either
        return _len(text)
    return max((_len(w) for w in text.split()), default=0)


def line_width(text: str) -> int:
    """The longest line of `text`: the width at which it needs no wrapping."""
    if "\n" not in text:
        return _len(text)
    return max(_len(line) for line in text.split("\n"))


def min_widths(cells: dict[str, Iterable[str]], headers: dict[str, str]) -> dict[str, int]:
    """Per column: the width below which some word of it would be folded."""
    return {c: max(word_width(headers.get(c, c)), max((word_width(v) for v in values), default=0))
            for c, values in cells.items()}


def max_widths(cells: dict[str, Iterable[str]], headers: dict[str, str]) -> dict[str, int]:
    """Per column: the width at which nothing of it wraps."""
    return {c: max(line_width(headers.get(c, c)), max((line_width(v) for v in values), default=0))
            for c, values in cells.items()}


def allocate(columns: Sequence[str], mins: dict[str, int], maxs: dict[str, int], width: int) -> dict[str, int]:
    """Content widths within a table `width`: every column at least its minimum, the room left
    to the columns that need least of it first; every column at its widest when all fit.

    Rich's own squeeze narrows the widest column without regard to its longest word, which is
    how a nomor or NIP got broken; fixed widths computed here never go below the minimum.
    """
    room = width - EDGE - PER_COLUMN * len(columns)
    if sum(maxs[c] for c in columns) <= room:
        return {c: maxs[c] for c in columns}  # fixed widths also spare Rich measuring every cell again
    widths = {c: mins[c] for c in columns}
    spare = room - sum(widths.values())
    # Water-filling: the columns that need least room get all of it first (they then never wrap),
    # and what remains is shared equally among the wide ones.
    growing = sorted((c for c in columns if maxs[c] > widths[c]), key=lambda c: maxs[c] - widths[c])
    for i, c in enumerate(growing):
        if spare <= 0:
            break
        share = min(maxs[c] - widths[c], spare // (len(growing) - i) or spare)
        widths[c] += share
        spare -= share
    return widths


def choose(columns: Sequence[str], widths: dict[str, int], width: int,
           priority: Sequence[str] | None = None, keep: int = 1) -> tuple[list[str], list[str]]:
    """The columns to show within `width`, in their order, and those left out.

    `priority` orders the columns from most to least important (default: their order); the
    first `keep` of that order are always shown, even when they alone are too wide.
    """
    order = [c for c in (priority or columns) if c in widths] + [c for c in columns if c not in (priority or columns)]
    shown = list(order)
    while len(shown) > keep and EDGE + sum(widths[c] + PER_COLUMN for c in shown) > width:
        shown.pop()
    dropped = [c for c in columns if c not in shown]
    return [c for c in columns if c in shown], dropped
