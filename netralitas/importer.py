"""Import and validate case files: all-or-nothing per file, idempotent, streaming.

Each row is validated and staged in a TEMP table (memory stays flat whatever the file size).
Rows with the same nomor form one case, wherever they are in the file, and must agree on the
case fields. A file with any problem is rejected whole: its staging is dropped and nothing of it
is written. A valid file is merged in one transaction (see merge: planned on a read snapshot,
the write lock held only to copy): new cases by INSERT … SELECT (their stated stages become
events), existing ones through `update` (a column the file lacks is left alone; an empty cell, a
status moving back or a stage disappearing is a conflict that refuses the file unless --timpa),
unchanged ones not at all. Rows are checked by rowcheck's memoised per-column fast path, and go
through the models whenever it cannot vouch for them; a large CSV file's rows are checked by two
processes, half each (split_rows), and a large YAML file's cases too (split_cases). A file
imported before into a register that still holds what it gave is recognised by its digest and
not read again (unchanged).
"""

from __future__ import annotations

import copy
import sqlite3
from operator import itemgetter
from pathlib import Path
from typing import Callable, Iterator


from pydantic import ValidationError
from sqlite_utils import Database

from netralitas import merge, readers, split_cases, split_rows, staging, store, tertunda, unchanged, update, xlsx_reader
from netralitas.errors import Problem
from netralitas.kantor import KantorCells
from netralitas.i18n import _
from netralitas.merge import KANTOR
from netralitas.models import KASUS_FIELDS, TERLAPOR_FIELDS, Kasus, stage_problems
from netralitas.validation_problems import problems_from
from netralitas.rowcheck import FastCase, FlatRow, RowCheck, yaml_case
from netralitas.file_result import FileResult  # noqa: F401 (where callers find it)

STAMP = "diubah"  # export writes each case's last change; an older file is recognised as such


def file_kind(path: Path) -> str | None:
    suffix = path.suffix.lower()
    return {".csv": "csv", ".txt": "csv", ".tsv": "csv", ".yaml": "yaml", ".yml": "yaml", ".xlsx": "xlsx",
            ".xlsm": "xlsx"}.get(suffix)


# -- rows -> staged records ----------------------------------------------------------------------


def _stage_record(rec: dict, prec: dict | None, entry: int | None, present: str, diubah: str | None,
                  kantor: str | None = None, case_sig: str | None = None) -> tuple:
    """One staging row from a case's stored values (store.kasus_record) and a person's (or None).
    `kantor`: another office than the file's own keeps the record (a roll-up's record)."""
    case_sig = case_sig or store.case_signature(rec)
    grp = (kantor + "|" if kantor else "") + (rec["nomor"] or "auto:" + case_sig)  # a nomor is unique per office
    if prec is None:
        return (entry, grp, rec["nomor"], *_case_values(rec), case_sig, 0, *_NO_PERSON, None, present, diubah, kantor)
    person = _person_values(prec)
    return (entry, grp, rec["nomor"], *_case_values(rec), case_sig, 1, *person, store.values_signature(person),
            present, diubah, kantor)


_case_values, _person_values = itemgetter(*store.CASE_COLUMNS), itemgetter(*store.PERSON_COLUMNS)
_NO_PERSON = (None,) * len(store.PERSON_COLUMNS)


def _present(keys) -> str:
    return ",".join(sorted(k for k in keys if k in _KNOWN))


def _present_memo() -> Callable[[tuple, tuple], str]:
    """`_present` of a YAML case's keys and a person's, remembered (they repeat from case to case)."""
    memo: dict = {}

    def present(case_keys: tuple, person_keys: tuple) -> str:
        got = memo.get((case_keys, person_keys))
        if got is None:
            if len(memo) >= 10_000:  # a file of ever new keys: memory stays bounded
                memo.clear()
            got = memo[(case_keys, person_keys)] = _present(case_keys + person_keys)
        return got
    return present


_KNOWN = set(KASUS_FIELDS) | set(TERLAPOR_FIELDS)


def _update_present(present: str) -> Callable[[dict], str]:
    """An update sheet's columns as one row gives them (`_present`): a person's empty cell changes
    nothing (update.blank), so it is not given. Remembered per set of empty cells."""
    columns = present.split(",")
    person = [c for c in columns if c in TERLAPOR_FIELDS]
    memo: dict = {}

    def of(raw: dict) -> str:
        empty = tuple(c for c in person if update.blank(raw.get(c)))
        got = memo.get(empty)
        if got is None:
            got = memo[empty] = ",".join(c for c in columns if c not in empty)
        return got
    return of


def _flat_records(rows: Iterator[tuple[int, dict]], file: str, result: FileResult, present: str,
                  filler: update.Filler | None, offices: KantorCells, fill: dict | None = None,
                  half: int | None = None) -> Iterator[tuple[int, tuple]]:
    """`half`: only the rows that process checks (split_rows), the others only read."""
    row = FlatRow()
    given = _update_present(present) if filler is not None else None
    for index, (line, raw) in enumerate(rows):
        if half is not None and not split_rows.mine(index, half):
            continue
        result.rows += 1
        if fill:
            raw.update(fill)  # file-wide values of columns the file lacks
        problems = raw.pop("_problems", [])
        diubah = raw.pop(STAMP, None)
        kantor = raw.pop(KANTOR, None)
        if kantor is not None:  # a roll-up's column
            kantor, bad = offices.read(kantor, file, line)
            problems += bad
        row_present = present
        if filler is not None:
            row_present = given(raw)
            problems += filler.fill(raw, line)
            if problems:
                result.add(problems)
                continue
        person_raw = {k: v for k in TERLAPOR_FIELDS if (v := raw.get(k)) is not None and v != ""}
        if len(person_raw) == 1 and "status" in person_raw and str(person_raw["status"]).strip().lower() == "diproses":
            person_raw = {}  # the default status alone names no person: a case without terlapor
        got, problems = row(raw, person_raw, problems, file, line, result.warn)
        if problems:
            if filler is not None:  # an update row names a recorded case: its problems say which, as its plan's do
                problems = [_of_case(p, raw["nomor"]) for p in problems]
            result.add(problems)
        else:
            yield line, _stage_record(*got[:2], None, row_present, diubah, kantor, got[2])


def _of_case(problem: Problem, nomor: str) -> Problem:
    """A problem with its case's nomor before its message (a copy: its masked value is not masked again)."""
    out = copy.copy(problem)
    object.__setattr__(out, "message", f"{nomor}: {problem.message}")
    return out


def _yaml_records(path: Path, result: FileResult, offices: KantorCells,
                  defaults: dict | None = None) -> Iterator[tuple[int, tuple]]:
    fast, present = FastCase(RowCheck()), _present_memo()

    def records(entry: int, line: int, case: dict, lines: dict) -> Iterator[tuple[int, tuple]]:
        """One case's staging records (none when it has a problem, counted into `result`)."""
        result.rows += 1
        for name, value in (defaults or {}).items():
            case.setdefault(name, value)  # a file-wide value: never over the case's own
        diubah = case.pop(STAMP, None)
        kantor, bad = offices.read(case.pop(KANTOR, None), str(path), line)
        if bad:
            result.add(bad)
            return
        got = yaml_case(fast, case)
        check = stage_problems
        if got is not None:
            rec, people, person_keys = got
            check = fast.case_problems
        else:
            try:
                kasus = Kasus(**case)
            except ValidationError as e:
                result.add(problems_from(e, file=str(path), line=line, lines=lines))
                return
            rec, people = store.kasus_record(kasus), [store.terlapor_record(p) for p in kasus.terlapor]
            person_keys = [list(p.model_fields_set) for p in kasus.terlapor]  # the keys each mapping gave
        result.warn(rec, line)
        problems = check(rec, people, file=str(path), line=line,
                         lines=[lines.get(("terlapor", i), line) for i in range(len(people))])
        if problems:
            result.add(problems)
            return
        case_keys = tuple(case)
        sig = fast.sig if got is not None else store.case_signature(rec)  # once per case, not per person
        if not people:
            yield line, _stage_record(rec, None, entry, present(case_keys, ()), diubah, kantor, sig)
        for i, (prec, keys) in enumerate(zip(people, person_keys)):
            yield lines.get(("terlapor", i), line), _stage_record(rec, prec, entry, present(case_keys, tuple(keys)),
                                                                  diubah, kantor, sig)

    # (under --ketat a date warning is a problem, and two processes' problems are not one per case)
    return split_cases.records(path, records, result, split=not result.ketat)


def process_file(db: Database, path: Path, *, write: bool, ignore_unknown: bool = False, sheet: str | None = None,
                 progress: Callable[[int, int], None] | None = None, timpa: bool = False,
                 perbarui: bool = False, ketat: bool = False, defaults: dict | None = None,
                 header_row: int | None = None, kantor: str | None = None, asal: str | None = None,
                 after: Callable[[Database, FileResult, list, str | None], None] | None = None,
                 relay: Callable[[Database, str], bool] | None = None) -> FileResult:
    """Validate a file completely; when valid and `write`, merge it in one transaction.

    `timpa`: conflicts (an empty cell over a stored value, a status moving back, a stage
    disappearing, a file older than the record) overwrite, each kept in riwayat, instead of
    refusing the file. `ketat`: implausible dates (tanggal_wajar) are problems, not warnings.
    `perbarui`: an update file: nomor (and NIP or name) plus the columns that change; an unknown nomor is a problem, not a new case.
    `progress(bytes_read, size)` is called while a CSV is read (the format that gets large).
    `defaults`: file-wide values (pemilu, sumber, wilayah) for the columns a file lacks, never over
    a column it has. `header_row`: the row of the column names, when the search should not decide.
    `kantor`, `asal`, `after`, `relay`: another office's export merged by `gabung` (see merge.finish)."""
    defaults = {k: v for k, v in (defaults or {}).items() if v is not None}
    result = FileResult(str(path), ketat=ketat)
    kind = file_kind(path)
    if not path.is_file():
        result.add([Problem("no-file", _("no such file"), None, str(path), str(path))])
        return result
    if kind is None:
        result.add([Problem("unknown-format", _("expected a .csv, .yaml/.yml or .xlsx file"), None, path.suffix,
                            str(path))])
        return result
    own = kantor if kantor is not None else _own_office(db)
    key = None
    if write and kantor is None and after is None and relay is None:
        key = unchanged.file_key(path, {"ignore_unknown": ignore_unknown, "sheet": sheet, "timpa": timpa,
                                        "perbarui": perbarui, "ketat": ketat, "defaults": defaults,
                                        "header_row": header_row, "kantor": own})
        tertunda.settle(db, store.tell)  # (an import in progress is waited for, a killed one's rows removed)
        seen = unchanged.recall(db, key)
        if seen is not None:  # imported before, and its cases hold what it gives: nothing to do
            result.rows, result.kasus = seen
            result.sama = result.kasus
            return result
    staging.create(db)
    offices = KantorCells(own)
    try:
        total = path.stat().st_size
        tick = (lambda done: progress(done, total)) if progress else None
        if kind == "yaml":
            if perbarui:
                result.add([Problem("unknown-format", _("an update file (--perbarui) is a CSV or .xlsx sheet"), None,
                                    path.suffix, str(path))])
                return result
            records = _yaml_records(path, result, offices, defaults)
        else:
            required = ("nomor",) if perbarui else ("sumber", "pemilu", "wilayah", "tanggal_kejadian", "pelanggaran")
            split = kind == "csv" and not perbarui and not ketat and split_rows.worth(path)
            if kind == "csv":
                columns, rows = readers.read_csv(path, ignore_unknown=ignore_unknown, progress=tick,
                                                 header_row=header_row, required=required,
                                                 only=(lambda index: split_rows.mine(index, 0)) if split else None)
            else:
                columns, rows = xlsx_reader.read_xlsx(path, ignore_unknown=ignore_unknown, sheet=sheet,
                                                  header_row=header_row, required=required)
            result.add(columns.problems)
            fill = {k: v for k, v in defaults.items() if k not in columns.fields}
            missing = ([f for f in required if f not in columns.fields and f not in fill]
                       if columns.fields else [])  # no header read: said already
            result.add([Problem("missing-column", _("required column is missing"), f, None, str(path), columns.line)
                        for f in missing])
            if not result.valid:  # a header problem makes every row meaningless
                return result
            present = _present([*filter(None, columns.fields), *fill])
            if split:
                def make(half: int) -> Iterator[tuple[int, tuple]]:  # the child opens the file again
                    own = rows if half == 0 else readers.read_csv(
                        path, ignore_unknown=ignore_unknown, header_row=header_row, required=required,
                        only=lambda index: split_rows.mine(index, 1), opened=split_rows.again(columns.fd))[1]
                    return _flat_records(own, str(path), result, present, None, offices, fill, half)
                records = split_rows.Split(make, result)
            else:
                records = _flat_records(rows, str(path), result, present,
                                        update.Filler(db, str(path)) if perbarui else None, offices, fill)
        try:
            merge.finish(db, result, records, write=write, timpa=timpa, perbarui=perbarui, kantor=kantor, after=after,
                         relay=relay, asal=asal or f"import {path.name}",
                         done=_remember(key, result, lambda: kind != "yaml" and bool(columns.dilewati)) if key else None)
        finally:
            if kind != "yaml" and columns.dilewati:  # the reader left the block below the table out: say so
                result.dilewati = list(columns.dilewati)
                result.dilewati_alasan = _("after a blank row, rows of at most two cells lacking one of {required}: "
                                           "the block below the table (place and date, signature, notes)").format(
                    required=", ".join(f for f in required if f in columns.fields))
    except readers.YamlRefused as e:
        result.add([e.problem])
    except readers.BadFile as e:
        result.add([Problem(e.code, str(e), None, None, str(path), e.line)])
    except (OSError, UnicodeError) as e:  # the file's; a database error is not, and goes up (exit 3)
        result.add([Problem("bad-file", _("cannot read the file: {error}").format(error=e), None, None, str(path))])
    finally:
        staging.drop(db)
        merge.drop(db)
    return result


def _remember(key: str, result: FileResult, skipped: Callable[[], bool]) -> Callable[[Database], None]:
    """After a plain import's write: the file recognised next time (unchanged), unless a repeat
    must say something besides its counts (date warnings, lines left out)."""
    def done(db: Database) -> None:
        if not result.warnings and not skipped():
            ids = db.execute("SELECT COALESCE(i.existing_id, n.id) AS id FROM temp.imp i "
                             "LEFT JOIN temp.new_kasus n ON n.grp = i.grp ORDER BY id")
            unchanged.remember(db, key, result.rows, (r[0] for r in ids), store.now())
    return done


def _own_office(db: Database) -> str | None:
    from netralitas import kantor

    return kantor.code(db)


def merge_records(db: Database, result: FileResult, records: Iterator[tuple[int, tuple]], **how) -> FileResult:
    """Merge records already read (`staged_record` tuples with their line) like the rows of one file:
    the same validation of groups, conflict rules and all-or-nothing write as `process_file`."""
    staging.create(db)
    try:
        merge.finish(db, result, records, **how)
    finally:
        staging.drop(db)
        merge.drop(db)
    return result


staged_record = _stage_record  # for other readers of records (gabung reads another database)


def scratch_db() -> Database:
    """A private temporary database for `validate`, which never touches the user's store."""
    return Database(sqlite3.connect("", isolation_level=None), execute_plugins=False)
