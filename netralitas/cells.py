"""Cells bound for a spreadsheet: text that a spreadsheet would run as a formula gets an apostrophe.

A cell starting with = + - @ (or a tab or carriage return) is a formula to Excel and LibreOffice:
`=HYPERLINK(…)` in a case file would become a live link in the analyst's sheet. Every output a
spreadsheet may open (export CSV and xlsx, list CSV, report CSV and Markdown) writes such text
with one leading apostrophe, as OWASP advises. A value that already starts with apostrophes
before a formula character gets one more, so that taking one off gives back the exact value:
`=x` is written `'=x`, and `'=x` is written `''=x`.

The reader takes that apostrophe off only in a file netralitas exported (see readers): in any
other file a leading apostrophe is part of what the person typed and is kept.
"""

from __future__ import annotations

import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def formula_like(text: str) -> bool:
    """Text a spreadsheet would run, also behind apostrophes that an export added."""
    return text.lstrip("'").startswith(FORMULA_START)


def neutralise(value):
    if isinstance(value, str) and formula_like(value):
        return "'" + value
    return value


def unneutralise(value):
    """Undo `neutralise`: one apostrophe off a cell whose rest is formula-like."""
    if isinstance(value, str) and value[:1] == "'" and formula_like(value[1:]):
        return value[1:]
    return value


_ILLEGAL_IN_XLSX = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")  # what a worksheet cannot hold (XML 1.0)


def xlsx_cell(value):
    """`neutralise`, and a control character (stored before import refused them) shown as U+FFFD:
    a worksheet cannot hold one, and writing the rest beats failing the whole file."""
    value = neutralise(value)
    if isinstance(value, str) and _ILLEGAL_IN_XLSX.search(value):
        return _ILLEGAL_IN_XLSX.sub("\ufffd", value)
    return value
