"""The record an update file (--perbarui) leaves, checked with the rules a new record meets.

An update sheet gives some columns of a person; each row is checked alone as it is read, which
cannot see a contradiction with what the register keeps (a new sanksi level against the recorded
sanksi_jenis, a recommendation dated after the recorded sanction). So each case a sheet changes
is checked again as it would be once written: its plain columns as updated and the state its
events would give (what `events.derive` computes when the plan is written), through the checks
of a row of a file: rowcheck's fast path, the models when it cannot vouch (they word the
problems), then rowcheck.StageDates.problems. Nothing is read from the database: the plan holds it all.
"""

from __future__ import annotations

from pydantic import ValidationError

from netralitas import events, store, update
from netralitas.errors import PERSONAL, Problem
from netralitas.i18n import _
from netralitas.models import KASUS_FIELDS, TERLAPOR_FIELDS, Terlapor
from netralitas.rowcheck import RowCheck, StageDates
from netralitas.validation_problems import problems_from

# what the person's rules read: name and NIP take part in none, and stay out of every problem
_CHECKED = [f for f in TERLAPOR_FIELDS if f not in PERSONAL]


def _ignore(*_args) -> None:
    pass


def state_after(upd: update.CaseUpdate, touched: set[int]) -> tuple[dict, list[dict]]:
    """The case and its persons (stored rows) as the plan leaves them; only the `touched` persons
    (by id) may differ from what is stored (a person's state comes from their own events)."""
    case = {**upd.kasus, **update.case_values(upd, _ignore)}
    changed = {before["id"]: p.updates for before, _after, p in upd.people if before is not None and before["id"] in touched}
    people = [{**person, **changed[person["id"]]} if person["id"] in touched else person for person in upd.stored_people]
    events.derive(update.events_after(upd), case, [p for p in people if p["id"] in touched], _ignore)
    return case, people


class Check:
    """The problems of the records a plan of an update file leaves (its RowCheck kept from case to
    case, so that its memos serve the whole file)."""

    def __init__(self, path: str):
        self.path, self.rows, self.dates = path, None, None

    def __call__(self, upd: update.CaseUpdate) -> list[Problem]:
        touched = {before["id"] for before, _after, p in upd.people
                   if p is not None and before is not None and (p.updates or p.events or p.retract)}
        case_changed = bool(upd.case.updates or upd.case.events or upd.case.retract or upd.case.retract_dates)
        if not touched and not case_changed:
            return []
        if self.rows is None:
            self.rows, self.dates = RowCheck(), StageDates()
        case, people = state_after(upd, touched)
        case_rec = {f: case[f] for f in KASUS_FIELDS}
        case_dates = self.dates.dates(case_rec, self.dates.case_columns)
        out, seen = [], set()
        for person in people:
            if not case_changed and person["id"] not in touched:
                continue  # left as it is: not this file's to judge
            line = upd.person_lines.get(person["urutan"], upd.line)
            for problem in self._person(case_rec, case_dates, person, person["id"] in touched, line):
                key = (problem.code, problem.field, problem.value, problem.message)
                if key not in seen:  # a problem of the case's own dates: once, not once per person
                    seen.add(key)
                    out.append(Problem(problem.code, _("{nomor}: terlapor {urutan} after this update: {problem}").format(
                        nomor=upd.kasus["nomor"], urutan=person["urutan"], problem=problem.message),
                        problem.field, problem.value, self.path, problem.line))
        return out

    def _person(self, case: dict, case_dates: list, person: dict, touched: bool, line: int | None) -> list[Problem]:
        """The problems of a person's record with the case's (the person's own rules only when the
        update changes the person: they read nothing of the case), then the dates and the route's
        rules as the importer checks a row's (rowcheck.StageDates.problems)."""
        prec = person
        if touched:
            values = {f: person[f] for f in _CHECKED}
            prec = self.rows.person(values)
            if prec is None:
                try:
                    prec = store.terlapor_record(Terlapor(**values))
                except ValidationError as e:
                    return problems_from(e, line=line)
        return self.dates.problems(case, case_dates, [prec], line=line)
