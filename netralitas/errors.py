"""Problems and errors.

Bad data is data: validation yields `Problem`s with stable codes; it never raises them one by one.
Errors that end a command carry the exit code the CLI uses: 1 invalid input (nothing written),
2 a bad option value, 3 a runtime failure.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from netralitas.format import fmt_int
from netralitas.i18n import _

SHOWN = 100  # characters of a value a problem shows
PERSONAL = ("nama", "nip")  # personal data (UU 27/2022): masked in every problem shown


@dataclass(frozen=True)
class Problem:
    code: str  # stable: unknown-wilayah, ambiguous-wilayah, bad-nip, bad-tanggal, ...
    message: str
    field: str | None = None
    value: str | None = None
    file: str | None = None
    line: int | None = None  # line of a text file, row of a spreadsheet
    kasus: str | None = None  # a database's record (gabung): its case's nomor

    def __post_init__(self):
        # A rejected file's problems go to terminals and cron logs: never a whole name or NIP.
        if self.value is not None and personal(self.field) and not self.code.endswith("-column"):
            object.__setattr__(self, "value", mask(self.value))
        elif isinstance(self.value, str) and holds_id_number(self.value) and not self.code.endswith("-column"):
            # a NIP (or NIK) typed into another column: masked there too, and where the message quotes it
            object.__setattr__(self, "message", hidden(self.message, self.value, mask(self.value)))
            object.__setattr__(self, "value", mask(self.value))
        elif isinstance(self.value, str) and len(self.value) > SHOWN:  # a 1 MiB value is not repeated whole
            object.__setattr__(self, "value", self.value[:SHOWN] + _("… ({n} characters)").format(n=fmt_int(len(self.value))))

    def to_dict(self) -> dict:
        out = asdict(self)
        if out["kasus"] is None:  # (a file's problem says its line)
            del out["kasus"]
        return out


class NetralitasError(Exception):
    exit_code = 3

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.message = message
        self.problems = problems or []


class InvalidInput(NetralitasError):
    """A record or file is invalid; nothing was written."""

    exit_code = 1


class BadValue(NetralitasError):
    """A value given on the command line is not valid."""

    exit_code = 2


class NotFound(InvalidInput):
    """A value names nothing in the database (a nomor, a kode): invalid input, as an unknown region is."""


class RuntimeFailure(NetralitasError):
    """I/O, a locked or damaged database: not the user's data."""

    exit_code = 3


class LookupFailed(ValueError):
    """A value could not be resolved against a catalog or parsed.

    Raised by resolvers and parsers shared by models (which turn it into a Problem) and
    command options (which turn it into exit code 2).
    """

    def __init__(self, code: str, message: str, value: object = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.value = value


def personal(field: str | None) -> bool:
    """Whether a problem's field (`nip`, `terlapor[2].nama`) holds personal data."""
    return bool(field) and re.sub(r"\[\d+\]", "", field).rsplit(".", 1)[-1] in PERSONAL


def hidden(message: str, value: str, masked: str) -> str:
    """`message` with `value` as `masked`, in any of the forms a message quotes it in; a value of
    three characters or fewer as a whole word only ('Ani' is hidden, the 'ani' of 'kecamatan' is not)."""
    import re
    import shlex

    for form in dict.fromkeys((shlex.quote(value), repr(value), value, " ".join(value.split()))):
        if len(form.strip()) > 3:
            message = message.replace(form, masked)
        elif form.strip():
            message = re.sub(rf"(?<!\w){re.escape(form)}(?!\w)", lambda _m: masked, message)
    return message


def holds_id_number(text: str) -> bool:
    """Whether a text holds as many digits as a NIP (18) or a NIK (16), whatever column it is in:
    personal, while a date, a nomor or a code has fewer."""
    return sum(ch.isdigit() for ch in text) >= 15


def nip_like(text: str) -> bool:
    """Whether a text could be a NIP, even a wrong one: ten characters or more, mostly digits."""
    return len(text) >= 10 and sum(ch.isdigit() for ch in text) * 2 > len(text)


def mask(value: object) -> str:
    """Enough of a personal value to find it in one's own file, not to learn it: 1980…100, R…"""
    text = str(value)
    if nip_like(text):
        return f"{text[:4]}…{text[-3:]}"
    return f"{text[:1]}…" if text else text


# -- database errors, said as what happened -----------------------------------------------------

_BUSY, _LOCKED, _READONLY, _INTERRUPT, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 5, 6, 8, 9, 10, 11, 13, 14, 26


def _temp_dir() -> str:
    """Where SQLite and the importer put their scratch (SQLITE_TMPDIR, TMPDIR, else /tmp)."""
    import os
    import tempfile

    return os.environ.get("SQLITE_TMPDIR") or tempfile.gettempdir()


def sqlite_message(error: Exception, path: object = None) -> str:
    """A one-line message for an sqlite3 error: locked, full disk, read-only, damaged, I/O."""
    from netralitas.i18n import _

    code = getattr(error, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(error)
    db = _("the database {path}").format(path=path) if path else _("the database")
    if primary == _INTERRUPT or text == "interrupted":
        return _("the operation on {db} was interrupted; the write under way was rolled back.").format(db=db)
    if primary in (_BUSY, _LOCKED) or "locked" in text:
        return _("{db} is locked: another netralitas (or another program) is writing to it; nothing was written. "
                 "Try again when it has finished.").format(db=db)
    if primary == _FULL or "disk is full" in text:
        return _("the disk holding {db}, or the temporary directory ({tmp}), is full; nothing was written. Free some "
                 "space and try again.").format(db=db, tmp=_temp_dir())
    if primary == _READONLY or "readonly" in text:
        return _("{db} is read-only (permissions of the file or its folder, or a read-only disk); nothing was "
                 "written. Use a writable copy or ask its owner.").format(db=db)
    if primary in (_CORRUPT, _NOTADB) or "malformed" in text or "not a database" in text:
        return _("{db} is damaged or is not a netralitas database ({error}). Restore it from a backup; "
                 "`sqlite3 FILE .recover` may save what it holds.").format(db=db, error=text)
    if primary == _CANTOPEN:
        return _("cannot open {db} ({error}): check that the file and its folder exist and are readable.").format(
            db=db, error=text)
    if primary == _IOERR:
        return _("input/output error on {db} ({error}): check the disk.").format(db=db, error=text)
    return _("database failure on {db}: {error}.").format(db=db, error=text)
