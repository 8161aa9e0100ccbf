"""What a case file may hold, so that a hostile or broken file is refused in bounded memory and time.

The bounds are far above any real register (a national one has about a million terlapor) and
are stated in the README. A file over a bound is rejected whole, with a named problem.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from netralitas.format import fmt_int
from netralitas.i18n import _

MiB = 1 << 20

MAX_FIELD = 1 * MiB  # characters in one field (a long uraian); CSV, YAML and Excel alike
MAX_LINE = 4 * MiB  # characters in one physical line of a CSV file
MAX_HEADER = 64 * 1024  # characters in a CSV header line
MAX_COLUMNS = 1024  # columns of a CSV header or a sheet row
MAX_COLUMN_PROBLEMS = 20  # unknown columns named one by one; the rest are counted
MAX_YAML_DEPTH = 16  # nesting of lists and mappings (a case file needs 5)

MAX_WORKBOOK = 1024 * MiB  # what an .xlsx may expand to, all its parts together
MAX_WORKBOOK_TEXT = 256 * MiB  # its shared text (sharedStrings.xml)
MAX_RATIO = 100  # how much one part may expand; real sheets expand 5-20 times, zip bombs 1,000
MAX_SHEET_CELLS = 30_000_000  # cells read from one sheet (a million rows of 30 columns)

_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_PROLOG_NOISE = re.compile(rb"<!--.*?-->|<\?.*?\?>", re.DOTALL)  # comments and processing instructions
_ROOT = re.compile(rb"<[A-Za-z_]")


class WorkbookRefused(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


def check_workbook(path: Path) -> None:
    """Look inside an .xlsx before opening it: what it expands to, and no XML entity declarations.

    The sizes are the ones the zip declares; Python's zipfile never inflates a part beyond its
    declared size, so they bound what any reader of the file can be made to hold.
    """
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return  # not a zip at all: the workbook reader says so
    with archive:
        total = 0
        for part in archive.infolist():
            total += part.file_size
            if total > MAX_WORKBOOK:
                raise WorkbookRefused("workbook-too-large", _("the workbook expands to more than {n} MiB; split it, or save it as CSV").format(
                                      n=fmt_int(MAX_WORKBOOK // MiB)))
            if part.file_size > MiB and part.file_size > MAX_RATIO * max(part.compress_size, 1):
                ratio = part.file_size // max(part.compress_size, 1)
                raise WorkbookRefused("workbook-too-large", _("{part} expands {ratio} times (to {size} MiB): a zip bomb, not a spreadsheet; at "
                                      "most {limit} times is accepted").format(part=part.filename, ratio=fmt_int(ratio),
                                      size=fmt_int(part.file_size // MiB), limit=fmt_int(MAX_RATIO)))
            if part.filename.endswith("sharedStrings.xml") and part.file_size > MAX_WORKBOOK_TEXT:
                raise WorkbookRefused("workbook-too-large", _("the workbook holds more than {n} MiB of text; split it, or save it as "
                                      "CSV").format(n=fmt_int(MAX_WORKBOOK_TEXT // MiB)))
            if part.filename.endswith((".xml", ".rels", ".vml")) and _declares_entities(archive, part):
                raise WorkbookRefused("xml-entity", _("{part} declares XML entities (<!DOCTYPE or <!ENTITY>), which no spreadsheet "
                                      "program writes; not read").format(part=part.filename))


def _declares_entities(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> bool:
    """A DTD can only come before the root element: read the prolog, up to the first element."""
    with archive.open(part) as f:
        head = b""
        while len(head) < MiB:
            chunk = f.read(16 * 1024)
            if not chunk:
                break
            head += chunk
            if _DTD.search(head):
                return True
            if _ROOT.search(_PROLOG_NOISE.sub(b"", head)):  # the root element has started: no DTD after it
                return False
    return False
