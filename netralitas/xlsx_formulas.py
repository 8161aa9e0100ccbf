"""Formula cells a workbook holds without their computed value.

Excel stores a formula's last result beside it; a workbook written by a script (openpyxl, pandas)
stores the formula only. Read for values, such a cell is empty: a name or a date silently lost.
This finds them, streaming the sheet's XML (bounded memory; the workbook's bounds are checked
before), so that the file is refused naming them instead.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree.ElementTree import iterparse

from netralitas.i18n import _

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
SHOWN = 10


def uncached(path: Path, part: str | None) -> tuple[list[str], int]:
    """The first cells (A1 references) holding a formula without a value, and how many there are."""
    if not part or not _any_formula(path, part.lstrip("/")):
        return [], 0
    cells, n = [], 0
    with zipfile.ZipFile(path) as z, z.open(part.lstrip("/")) as xml:
        for _event, el in iterparse(xml, events=("end",)):
            if el.tag == _NS + "c":
                formula, value = el.find(_NS + "f"), el.find(_NS + "v")
                if formula is not None and (value is None or not (value.text or "").strip()):
                    n += 1
                    if len(cells) < SHOWN:
                        cells.append(el.get("r") or "?")
                el.clear()
            elif el.tag == _NS + "row":
                el.clear()
    return cells, n


_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s/>]")  # a formula element, with or without a prefix


def _any_formula(path: Path, part: str) -> bool:
    """Whether the sheet holds a formula element at all: its bytes searched, far quicker than
    parsing them (most registers hold none); chunks overlap so that no tag is cut."""
    tail = b""
    with zipfile.ZipFile(path) as z, z.open(part) as xml:
        while chunk := xml.read(1 << 20):
            if _FORMULA.search(tail + chunk):
                return True
            tail = chunk[-64:]
    return False


def refusal(path: Path, part: str | None) -> tuple[str, int | None] | None:
    """Why the sheet is refused, naming the cells, and the first one's row; None when every formula has its value."""
    try:
        cells, n = uncached(path, part)
    except Exception:  # a part the XML parser refuses: reading the rows says so
        return None
    if not n:
        return None
    first = re.match(r"[A-Z]+(\d+)", cells[0])
    return (_("{n} formula cell(s) without a computed value ({cells}), as a script writes them: read "
              "as values they would be empty. Open the file in Excel and save it (or paste the "
              "formulas as values), then import it again").format(
        n=n, cells=", ".join(cells) + (", …" if n > len(cells) else "")), int(first.group(1)) if first else None)
