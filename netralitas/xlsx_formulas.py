"""Formula cells a workbook holds without their computed value.

Excel stores a formula's last result beside it; a workbook written by a script (openpyxl, pandas)
stores the formula only. Read for values, such a cell is empty: a name or a date silently lost.
This finds them, streaming the sheet's XML (bounded memory; the workbook's bounds are checked
before), so that the file is refused naming them instead.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree.ElementTree import iterparse

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
SHOWN = 10


def uncached(path: Path, part: str | None) -> tuple[list[str], int]:
    """The first cells (A1 references) holding a formula without a value, and how many there are."""
    if not part:
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
