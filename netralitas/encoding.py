"""Which encoding a CSV file is in: UTF-8, or Windows-1252 (what Excel on Windows writes), never a guess
that garbles names. Read in chunks: bounded memory for any file size."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from netralitas.i18n import _


class NotUtf8(Exception):
    """A UTF-8 file with bytes that are not UTF-8; `line` is the first line that has them."""

    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.line = line


_INVALID = re.compile("[\udc80-\udcff]")  # a byte that is not UTF-8, as surrogateescape decodes it
_MULTIBYTE = re.compile("[^\x00-\x7f\udc80-\udcff]")  # a valid UTF-8 sequence of two bytes or more
SHOWN_LINES = 10


def _decodes(path: Path) -> bool:
    """True when the whole file is UTF-8 (a strict decoder raises at the first byte that is not)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with open(path, "rb") as f:
        try:
            while chunk := f.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def _utf16(path: Path) -> bool:
    """A byte-order mark of UTF-16, or ASCII text written as UTF-16 without one (a NUL byte beside
    every character of the first line)."""
    with open(path, "rb") as f:
        start = f.read(64)
    if start[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return True
    pairs = len(start) // 2
    return pairs >= 4 and (start[1::2].count(0) == pairs or start[0::2].count(0) == pairs)


def detect_encoding(path: Path) -> str:
    """utf-8-sig (with or without BOM) when the whole file decodes, cp1252 (Excel on Windows) when no
    byte of it is UTF-8 beyond ASCII. A UTF-8 file with some invalid bytes is refused, naming their
    lines: read as cp1252 every name in it would be garbled. A UTF-16 file (Excel's "Unicode
    Text") is refused with what to do instead. Read in chunks: bounded memory."""
    if _utf16(path):
        raise NotUtf8(_("the file is UTF-16 (Excel's \"Unicode Text\"); expected UTF-8: save the file as "
                        "\"CSV UTF-8\" (Excel: Save As)"), 1)
    if _decodes(path):  # the usual file: one strict pass, no search for invalid bytes
        return "utf-8-sig"
    decoder = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")
    newlines, bad, multibyte = 0, [], False
    with open(path, "rb") as f:
        while True:
            chunk = f.read(1 << 20)
            text = decoder.decode(chunk, final=not chunk)
            multibyte = multibyte or _MULTIBYTE.search(text) is not None
            for hit in _INVALID.finditer(text):
                line = newlines + text.count("\n", 0, hit.start()) + 1
                if not bad or bad[-1] != line:
                    bad.append(line)
                if len(bad) > SHOWN_LINES:
                    break
            newlines += text.count("\n")
            if not chunk or (len(bad) > SHOWN_LINES and multibyte):
                break
    if not bad:
        return "utf-8-sig"
    if not multibyte:
        return "cp1252"
    shown = ", ".join(map(str, bad[:SHOWN_LINES])) + (", …" if len(bad) > SHOWN_LINES else "")
    raise NotUtf8(_("bytes that are not UTF-8 on line {lines} of a UTF-8 file; expected UTF-8 throughout: "
                    "save the file as \"CSV UTF-8\" (Excel: Save As)").format(lines=shown), bad[0])


