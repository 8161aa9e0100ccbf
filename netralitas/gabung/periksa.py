"""A source database's records checked as `import` checks a file's rows, by the same checks
(rowcheck.FlatRow: the memoised fast path, the models whenever it cannot vouch for a record).

A database edited by hand, or written by an older or faulty tool, may hold what no import
would have let in: a word outside a closed vocabulary, an unknown region code, a date that is
none, a sanction level its type contradicts, stages out of order. Each record (a case with one
terlapor, as sumber.records reads it) is checked with the values it stores, and staged with the
values the checks give, as an imported row is; a source with any problem is refused whole.

A problem names the source file, the case's nomor (a database has no line to point at), the
field (`terlapor[i].field` for the i-th terlapor of the case) and what was expected. A value that
could be a name or a NIP (one with letters that is no word of a closed vocabulary or catalog code,
or one with a NIP's digits) is shown masked (errors.mask), in the message too (errors.hidden): what was typed into the wrong column may be someone's, and the office finds the
record by its nomor. A vocabulary's word, a date or a region code stays readable. A problem repeated for each
terlapor of a case is listed once.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from netralitas import store
from netralitas.errors import Problem, hidden, holds_id_number, mask
from netralitas.kantor import KantorCells
from netralitas.models import TERLAPOR_FIELDS
from netralitas.rowcheck import FlatRow, RowCheck

_PERSON = frozenset(TERLAPOR_FIELDS)


@cache
def _check() -> RowCheck:
    """One RowCheck for every source of the process: its memo of values carries over (a national
    roll-up merges hundreds of offices' databases, with the same codes and words)."""
    return RowCheck()


class Periksa:
    """The checks of one source database's records; `problems` gathers what they found."""

    def __init__(self, path: Path):
        self.file = str(path)
        self.row = FlatRow(_check())
        self.offices = KantorCells(None)
        self.problems: list[Problem] = []
        self.count = 0
        self._seen: set = set()
        self._case, self._index = None, -1

    def __call__(self, kid: int, case: dict, person: dict | None,
                 kantor: str | None) -> tuple[dict, dict | None, str | None, str | None] | None:
        """The checked case record, person record (or None), case signature (or None) and office of
        one source record (its stored values: `case` with nomor, `person` or None); None when it has
        problems (in `problems`)."""
        if kid != self._case:
            self._case, self._index = kid, -1
        self._index += person is not None
        raw = dict(case)
        bukti = raw.get("bukti")
        if isinstance(bukti, str) and bukti.startswith("["):
            try:
                raw["bukti"] = json.loads(bukti)  # stored as a JSON list
            except ValueError:
                pass  # not JSON: read as a cell is
        person_raw = {}
        if person is not None:
            # a stored terlapor is one, whatever it holds (an import drops a row naming nobody)
            person_raw = {k: v for k, v in person.items() if v is not None and v != ""} or {"status": None}
        office, problems = self.offices.read(kantor, self.file, None) if kantor is not None else (None, [])
        got, problems = self.row(raw, person_raw, problems, self.file, None, _no_warning)
        if problems:
            nomor = raw.get("nomor")  # a roll-up's relayed record: whose (two offices may use one nomor)
            self._add(problems, nomor if kantor is None or nomor is None else f"{nomor} ({kantor})", case, person)
            return None
        return (*got, office)

    def _add(self, problems: list[Problem], nomor, case: dict, person: dict | None) -> None:
        secret = [str(v) for v in ((person or {}).get("nama"), (person or {}).get("nip")) if v is not None]
        for p in problems:
            field = p.field
            if person is not None and field in _PERSON:
                field = f"terlapor[{self._index}].{field}"
            original = (person if field != p.field else case).get(p.field) if p.field else None
            message, value = p.message, p.value
            if original is not None and _may_be_personal(str(original)):
                value = mask(original)
                message = hidden(message, str(original), value)
            elif value is not None and _may_be_personal(str(value)):
                value = mask(value)
            for text in secret:
                message = hidden(message, text, mask(text))
            key = (nomor, field, p.code, message)
            if key in self._seen:  # a case's problem, found again with its next terlapor
                continue
            self._seen.add(key)
            self.problems.append(Problem(p.code, message, field, value, self.file, None,
                                         None if nomor is None else str(nomor)))


@cache
def _known_words() -> frozenset[str]:
    """The words of the closed vocabularies and the catalogs' codes: a value that is one of them is
    no one's name, and stays readable (the list a message offers is not masked either)."""
    from netralitas import catalogs, vocab

    words = [*vocab.SUMBER, *vocab.JENIS, *vocab.KATEGORI_JABATAN, *vocab.STATUS, vocab.TERBUKTI, *vocab.TINGKAT,
             *vocab.SANKSI_MORAL, *catalogs.pelanggaran_catalog(), *catalogs.pemilu_catalog()]
    return frozenset(w.lower() for w in words)


def _may_be_personal(text: str) -> bool:
    """A value that could be a name or a NIP: NIP-like, or holding letters and no known word."""
    return holds_id_number(text) or (any(ch.isalpha() for ch in text) and text.strip().lower() not in _known_words())


def _no_warning(rec: dict, line: int | None) -> None:
    """(Implausible dates are an import's warnings; a merge does not show them.)"""


def case_values(row: dict) -> dict:
    """The stored case fields of a source row, with its nomor."""
    return {"nomor": row["nomor"], **{c: row.get(c) for c in store.CASE_COLUMNS}}
