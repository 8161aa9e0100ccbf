"""Fast validation of flat rows (CSV, Excel): per-column memoised resolvers and the cross-field
rules in plain Python. It only ever accepts: a row it cannot vouch for goes through the models
(models.KasusFields, models.Terlapor), which give the problems, so messages stay theirs.

Each column is validated by the model's own field type (see columncheck: a TypeAdapter built from
the field, so a new vocabulary word or alias reaches it through the same resolvers), once per distinct value:
region codes, elections, violations, dates and the closed vocabularies repeat endlessly in a
register. The cross-field rules below mirror the models' field validators; `RULES` names the
ones mirrored, and when the models gain a rule this module does not know, the fast path turns
itself off (every row then goes through the models) until the rule is added here too.
"""

from __future__ import annotations

import datetime as dt
import json

from typing import Callable

from pydantic import ValidationError

from netralitas import catalogs, rute, store
from netralitas.columncheck import FAIL as _FAIL, MEMO_LIMIT, Columns as _Columns
from netralitas.errors import LookupFailed, Problem
from netralitas.models import KASUS_FIELDS, TERLAPOR_FIELDS, KasusFields, Terlapor, stage_problems
from netralitas.validation_problems import problems_from
from netralitas.wilayah import catalog as wilayah_catalog

# The field validators of the models that the rules below reproduce (besides the per-field
# `_blank_is_none`, which every column applies).
RULES = {
    KasusFields: {"_blank_is_none", "_kecamatan", "_kejadian", "_diterima"},
    Terlapor: {"_blank_is_none", "_rekomendasi", "_tanggal_sanksi", "_sanksi_jenis", "_sanksi", "_moral", "_pidana",
               "_status"},
}


def mirrored(model) -> bool:
    """True when this module knows every rule of `model`."""
    decorators = model.__pydantic_decorators__
    return (set(decorators.field_validators) == RULES.get(model) and not decorators.model_validators
            and not decorators.validators and not decorators.root_validators
            and not decorators.field_serializers and not decorators.model_serializers)


class RowCheck:
    """Validates the case part and the person part of flat rows; None means: ask the model."""

    def __init__(self):
        self.on = mirrored(KasusFields) and mirrored(Terlapor)
        self.case_columns = _Columns(KasusFields)
        self.case_order = self.case_columns.order(KASUS_FIELDS)
        self.person_columns = _Columns(Terlapor)
        self._kecamatan: dict = {}
        self._level: dict = {}
        self._types: dict = {}
        self._routes: dict = {}
        self.today = dt.date.today()

    def case(self, raw: dict | None, values: tuple | None = None) -> dict | None:
        """The stored record of the case fields (as store.kasus_record), or None. The fields come
        as a mapping, or as `values` in the order of KASUS_FIELDS."""
        if not self.on:
            return None
        checked = (self.case_columns.through(raw) if values is None
                   else self.case_columns.through_values(self.case_order, values))
        if checked is None:
            return None
        py, rec = checked
        if py["kecamatan"] is not None:
            key = (py["wilayah"], py["kecamatan"])
            kec = self._kecamatan.get(key, _FAIL)
            if kec is _FAIL:
                try:
                    kec = wilayah_catalog().resolve_kecamatan(*key)
                except LookupFailed:
                    kec = None
                self._kecamatan[key] = kec
            if kec is None:
                return None
            rec["kecamatan"] = kec
        kejadian = py["tanggal_kejadian"]
        if kejadian > self.today:
            return None
        pemilu = catalogs.pemilu_catalog().get(py["pemilu"])
        if pemilu and pemilu.wilayah and py["wilayah"] not in pemilu.wilayah:
            return None
        if py["tanggal_diterima"] is not None and py["tanggal_diterima"] < kejadian:
            return None
        rec["bukti"] = json.dumps(rec["bukti"], ensure_ascii=False) if rec["bukti"] else None
        return rec

    def person(self, raw: dict) -> dict | None:
        """The stored record of a terlapor (as store.terlapor_record), or None."""
        if not self.on:
            return None
        checked = self.person_columns.through(raw)
        if checked is None:
            return None
        py, rec = checked
        jenis = py["jenis"].value if py["jenis"] is not None else None
        route = self._routes.get(jenis)
        if route is None:
            route = self._routes[jenis] = rute.rute_of(jenis)
        # _rekomendasi, _moral and the first half of _sanksi: levels only on a route that has them
        if not route.tingkat and (py["rekomendasi"] is not None or py["sanksi"] is not None
                                  or py["sanksi_moral"] is not None):
            return None
        # _tanggal_sanksi
        if (py["tanggal_sanksi"] is not None and py["tanggal_rekomendasi"] is not None
                and py["tanggal_sanksi"] < py["tanggal_rekomendasi"]):
            return None
        # _sanksi_jenis: the route's wording, and (PPK) the law in force on the sanction's date
        jenis_sanksi = py["sanksi_jenis"]
        if jenis_sanksi is not None:
            key = (jenis, jenis_sanksi, py["tanggal_sanksi"])
            got = self._types.get(key)
            if got is None:
                if len(self._types) >= MEMO_LIMIT:
                    self._types.clear()
                got = self._types[key] = rute.sanksi_jenis(jenis, jenis_sanksi, py["tanggal_sanksi"], exact=True)
            jenis_sanksi, refusal = got
            if refusal is not None:
                return None
            py["sanksi_jenis"] = rec["sanksi_jenis"] = jenis_sanksi
        # the second half of _sanksi: the type names its level
        if jenis_sanksi and route.tingkat:
            key = (jenis_sanksi, py["tanggal_sanksi"])
            level = self._level.get(key, _FAIL)
            if level is _FAIL:
                if len(self._level) >= MEMO_LIMIT:
                    self._level.clear()
                level = self._level[key] = catalogs.sanksi_catalog().tingkat_of_jenis(jenis_sanksi,
                                                                                      py["tanggal_sanksi"])
            if level is not None:
                if py["sanksi"] is None:
                    py["sanksi"] = rec["sanksi"] = level
                elif py["sanksi"] != level and not (py["sanksi"].value == "ptdh"
                                                    and "tidak dengan hormat" in jenis_sanksi.lower()):
                    return None
        # _pidana: a date or an article of the criminal route needs its outcome
        if py["pidana"] is None and (py["pidana_pasal"] or py["tanggal_pidana"]):
            return None
        # _status: `terbukti` is read, never stored; a sanction implies disanksi, a recommendation
        # direkomendasikan; a contradiction goes to the model, which words it
        status = py["status"].value if py["status"] is not None else None
        proven = status == "terbukti"
        if proven:
            status = None
        if py["sanksi"] or py["sanksi_moral"] or (jenis_sanksi and not route.tingkat):
            allowed = ("disanksi",)
        elif any(py[f] for f in ("rekomendasi", "tanggal_rekomendasi", "nomor_surat_rekomendasi",
                                 "tanggal_tidak_ditindaklanjuti", "tanggal_blokir")):
            allowed = ("direkomendasikan", "disanksi")
        else:
            allowed = None
        if allowed is None:
            rec["status"] = "direkomendasikan" if proven else status or "diproses"
        elif status is None:
            rec["status"] = allowed[0]
        elif status not in allowed:
            return None
        else:
            rec["status"] = status
        return rec


class StageDates:
    """A quick sufficient test that a staged row has no stage-date problem (models.stage_problems).

    Every event that a new record implies takes its date from one of the stage date columns
    (tahapan.DATE_FIELD; klarifikasi may hold several, an implied pleno uses tanggal_pleno), and
    check_dates compares each date with the incident, today and the dates of earlier stages. So
    when all those dates lie between the incident and today and never go back as the stage order
    goes forward, no event can fail; otherwise stage_problems decides, and words the problems. A
    case that ended (not registered) is always left to stage_problems: no stage may follow it.
    The date the violation became known counts as a stage before the opening (the full rule puts
    it between the incident and the receipt; here nothing later may come before it either), and a
    stage of a parallel track (the criminal route) only has to follow the opening, as in the full rule."""

    def __init__(self):
        from netralitas.tahapan import CASE_GROUPS, DATE_FIELD, SEP, katalog

        order = katalog().tahap
        self.sep = SEP
        # the columns that record an end of the case (tidak_diregistrasi: its date or its reason)
        self.ending = [c for stage, columns in CASE_GROUPS.items() if order[stage].akhir for c in columns]
        self.opening = min(t.urutan for t in order.values())
        # the known date ranks before the opening; a parallel track's dates rank BESIDE (apart)
        self.columns = sorted([(self.opening - 1, "tanggal_diketahui")]
                              + [(BESIDE if order[stage].sejajar else order[stage].urutan, column)
                                 for stage, column in DATE_FIELD.items()])
        # a person's record holds only the person's columns, a case's only the others
        self.person_columns = [(r, c) for r, c in self.columns if c in _PERSON_COLUMNS]
        self.case_columns = [(r, c) for r, c in self.columns if c not in _PERSON_COLUMNS]
        self.today = dt.date.today().isoformat()

    def dates(self, rec: dict, columns: list | None = None) -> list[tuple[int, str]]:
        """The (stage order, date) pairs a case's or a person's stored record holds (of `columns`:
        case_columns or person_columns when it is known which)."""
        out = []
        for rank, column in self.columns if columns is None else columns:
            value = rec.get(column)
            if value:
                if column == "tanggal_klarifikasi":
                    out += [(rank, d) for d in value.split(self.sep) if d]
                else:
                    out.append((rank, value))
        return out

    def ended(self, rec: dict) -> bool:
        return any(rec.get(c) is not None for c in self.ending)

    def problems(self, rec: dict, case_dates: list, precs: list[dict], *, file: str | None = None,
                 line: int | None = None, lines: list[int | None] | None = None) -> list[Problem]:
        """models.stage_problems, asked only when the quick test cannot vouch for the dates of the
        case (`case_dates`: its `dates`) with each person's, or when the case ended; then the
        route's checks that need the case (rute.case_problems), whenever a person holds what they
        read: a sanction, its type, an article of the criminal route."""
        kejadian = rec["tanggal_kejadian"]
        fine = (all(self.fine(kejadian, case_dates, self.dates(p, self.person_columns)) for p in precs) if precs
                else self.fine(kejadian, case_dates, []))
        if not fine or self.ended(rec):
            return stage_problems(rec, precs, file=file, line=line, lines=lines)
        if any(p.get(c) for p in precs for c in ROUTE_CASE_FIELDS):
            return rute.case_problems(rec, precs, file=file, line=line, lines=lines)
        return []

    def fine(self, kejadian: str, case_dates: list, person_dates: list) -> bool:
        below = current = ""  # the latest date of the earlier stages, and of the current one
        rank = None
        beside, opened = [], ""  # the parallel track's dates; the latest date of the opening
        for r, date in sorted(case_dates + person_dates):
            if date > self.today or date < kejadian:
                return False
            if r == BESIDE:
                beside.append(date)
                continue
            if r == self.opening:
                opened = max(opened, date)
            if r != rank:
                below, rank, current = max(below, current), r, date
            else:
                current = max(current, date)
            if date < below:
                return False
        return all(date >= opened for date in beside)


class FastCase:
    """Consecutive rows repeat their case fields: check each distinct set once (see rowcheck)."""

    def __init__(self, check: RowCheck):
        self.check, self.key, self.value, self.dates, self.sig = check, None, None, [], None
        self.unwarned = False  # the importer has not yet warned about the dates of the current case
        self.person = check.person
        self.stage_dates = StageDates()

    def case(self, raw: dict) -> dict | None:
        key = tuple(map(raw.get, KASUS_FIELDS))
        if key != self.key:
            self.unwarned = True
            self.key, self.value = key, self.check.case(None, key)  # the case fields alone
            self.dates = (self.stage_dates.dates(self.value, self.stage_dates.case_columns)
                          if self.value is not None else [])
            self.sig = store.case_signature(self.value) if self.value is not None else None
        return self.value

    def stage_problems(self, rec: dict, prec: dict | None, file: str, line: int) -> list:
        """StageDates.problems for a row's case (right after `case`) and person."""
        return self.stage_dates.problems(rec, self.dates, [prec] if prec else [], file=file, line=line)

    def case_problems(self, rec: dict, precs: list[dict], *, file: str | None = None, line: int | None = None,
                      lines: list[int | None] | None = None) -> list:
        """StageDates.problems for a whole case (a YAML case, right after `case`) and its persons."""
        return self.stage_dates.problems(rec, self.dates, precs, file=file, line=line, lines=lines)


class FlatRow:
    """One flat row (a CSV or Excel row, a source database's row of a case and a terlapor) checked
    as import checks it: the fast path, and the models whenever it cannot vouch for the row."""

    def __init__(self, check: RowCheck | None = None):
        self.fast = FastCase(check or RowCheck())
        self.key, self.value = None, None  # the last case fields through the model, and their result

    def __call__(self, raw: dict, person_raw: dict, problems: list[Problem], file: str | None, line: int | None,
                 warn: Callable[[dict, int | None], None]) -> tuple[tuple | None, list[Problem]]:
        """(the case's stored record, the person's or None, the case's signature or None), or None
        with the row's problems. `raw` holds the case fields (and maybe more), `person_raw` the
        person's given fields (empty: no terlapor); `problems`, found before, send the row through
        the models, which add theirs. `warn(rec, line)`: the case's date warnings (FileResult.warn)."""
        fast = self.fast
        if not problems:  # the fast path; what it cannot vouch for goes through the models below
            rec = fast.case(raw)  # reads only the case fields
            prec = fast.person(person_raw) if person_raw and rec is not None else None
            if rec is not None and (prec is not None or not person_raw):
                if fast.unwarned:  # rows repeating the case before: warned about once
                    warn(rec, line)
                    fast.unwarned = False
                problems = fast.stage_problems(rec, prec, file, line)
                return (None if problems else (rec, prec, fast.sig)), problems
        kasus = self._case({k: raw.get(k) for k in KASUS_FIELDS if k in raw})
        if isinstance(kasus, ValidationError):
            problems = problems + problems_from(kasus, file=file, line=line)
            kasus = None
        person = None
        if person_raw:
            try:
                person = Terlapor(**person_raw)
            except ValidationError as e:
                problems = problems + problems_from(e, file=file, line=line)
        if kasus is None or problems:
            return None, problems
        rec = store.kasus_record(kasus)
        warn(rec, line)
        prec = store.terlapor_record(person) if person is not None else None
        problems = stage_problems(rec, [prec] if prec else [], file=file, line=line)
        return (None if problems else (rec, prec, None)), problems

    def _case(self, raw: dict) -> KasusFields | ValidationError:
        """Consecutive rows repeat their case fields: each distinct set through the model once."""
        key = tuple(raw.get(f) for f in KASUS_FIELDS)
        if key != self.key:
            try:
                self.value = KasusFields(**raw)
            except ValidationError as e:
                self.value = e
            self.key = key
        return self.value


_PERSON_COLUMNS = frozenset(store.PERSON_COLUMNS)
BESIDE = -1  # StageDates: the rank of a parallel track's dates (sorted first, ordered apart)

# What rute.case_problems reads of a person: without any of them it finds nothing.
ROUTE_CASE_FIELDS = ("sanksi", "sanksi_jenis", "pidana_pasal")


def yaml_case(fast: FastCase, case: dict) -> tuple[dict, list[dict], list[list[str]]] | None:
    """A YAML case through the fast check: its record, its persons' records and the keys each
    person's mapping gave; None when the models must decide (they give the problems)."""
    people = case.get("terlapor", [])
    if (set(case) - _CASE_KEYS or not isinstance(people, list)
            or not all(isinstance(p, dict) and not set(p) - _PERSON_KEYS for p in people)):
        return None
    rec = fast.case({k: case[k] for k in KASUS_FIELDS if k in case})
    if rec is None:
        return None
    records, keys = [], []
    for p in people:
        prec = fast.person(p)
        if prec is None:
            return None
        if prec["status"] == "diproses" and all(v is None for c, v in prec.items() if c != "status"):
            continue  # names nobody (models.Kasus drops it too)
        records.append(prec)
        keys.append(list(p))
    return rec, records, keys


_CASE_KEYS, _PERSON_KEYS = set(KASUS_FIELDS) | {"terlapor"}, set(TERLAPOR_FIELDS)
