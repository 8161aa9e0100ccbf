"""Problems and errors.

Bad data is data: validation yields `Problem`s with stable codes; it never raises them one by one.
Errors that end a command carry the exit code the CLI uses: 1 invalid input (nothing written),
2 a bad option value, 3 a runtime failure.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Problem:
    code: str  # stable: unknown-wilayah, ambiguous-wilayah, bad-nip, bad-tanggal, ...
    message: str
    field: str | None = None
    value: str | None = None
    file: str | None = None
    line: int | None = None  # line of a text file, row of a spreadsheet

    def to_dict(self) -> dict:
        return asdict(self)


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
