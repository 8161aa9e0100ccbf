"""Import and validate case files: all-or-nothing per file, idempotent, streaming.

Each row is validated and staged in a TEMP table (memory stays flat whatever the file size).
Rows with the same nomor form one case, wherever they are in the file, and must agree on the
case fields. A file with any problem is rejected whole: its staging is dropped and nothing of it
is written. A valid file is merged in one transaction: new cases by INSERT … SELECT (their
stated stages become events), existing ones through `update` (a column the file lacks is left
alone; an empty cell, a status moving back or a stage disappearing is a conflict that refuses
the file unless --timpa), unchanged ones not at all.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator


from pydantic import ValidationError
from sqlite_utils import Database

from netralitas import readers, store, tanggal_wajar, update
from netralitas.errors import Problem
from netralitas.format import fmt_date
from netralitas.kantor import KantorCells
from netralitas.i18n import _
from netralitas.models import KASUS_FIELDS, TERLAPOR_FIELDS, Kasus, KasusFields, Terlapor, problems_from, stage_problems
from netralitas.events import events_from_stored_state
from netralitas.tahapan import CASE_STATE, PERSON_STATE

MAX_PROBLEMS = 1000  # kept per file; the rest are counted
BATCH = 2000
STAGE_COLUMNS = ["entry", "grp", "nomor", *store.CASE_COLUMNS, "case_sig", "has_person", *store.PERSON_COLUMNS,
                 "person_sig", "present", "diubah", "kantor"]
STAMP = "diubah"  # export writes each case's last change; an older file is recognised as such
KANTOR = "kantor"  # a roll-up's export: the office that keeps the record (staged NULL: the file's own office)


@dataclass
class FileResult:
    path: str
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    rows: int = 0
    kasus: int = 0
    baru: int = 0
    diubah: int = 0
    sama: int = 0
    changes: list[dict] = field(default_factory=list)  # case, person, field, old -> new (masked)
    warnings: list[Problem] = field(default_factory=list)  # implausible dates; problems when `ketat`
    ketat: bool = False
    dilewati: list[int] = field(default_factory=list)  # lines of the block below the table, left out
    dilewati_alasan: str | None = None  # why
    _warned: set = field(default_factory=set, repr=False)

    @property
    def valid(self) -> bool:
        return self.problem_count == 0

    def add(self, items: list[Problem]) -> None:
        self.problem_count += len(items)
        room = MAX_PROBLEMS - len(self.problems)
        if room > 0:
            self.problems.extend(items[:room])

    def warn(self, rec: dict, line: int | None) -> None:
        """The date warnings of a case, once per case however many rows repeat it."""
        key = tuple(rec[c] for c in store.CASE_COLUMNS)
        if key not in self._warned:
            self._warned.add(key)
            found = tanggal_wajar.warnings(rec, file=self.path, line=line)
            self.add(found) if self.ketat else self.warnings.extend(found[:MAX_PROBLEMS - len(self.warnings)])

    def to_dict(self) -> dict:
        return {"file": self.path, "valid": self.valid, "rows": self.rows, "kasus": self.kasus, "baru": self.baru,
                "diubah": self.diubah, "sama": self.sama, "perubahan": self.changes, "problem_count": self.problem_count,
                "problems": [p.to_dict() for p in self.problems], "warnings": [w.to_dict() for w in self.warnings],
                "dilewati": {"baris": self.dilewati, "alasan": self.dilewati_alasan}}


def file_kind(path: Path) -> str | None:
    suffix = path.suffix.lower()
    return {".csv": "csv", ".txt": "csv", ".tsv": "csv", ".yaml": "yaml", ".yml": "yaml", ".xlsx": "xlsx",
            ".xlsm": "xlsx"}.get(suffix)


# -- rows -> staged records ----------------------------------------------------------------------


class _CaseCache:
    """Consecutive rows repeat their case fields: validate each distinct set once."""

    def __init__(self):
        self.key, self.value = None, None

    def get(self, raw: dict):
        key = tuple(raw.get(f) for f in KASUS_FIELDS)
        if key != self.key:
            try:
                self.value = KasusFields(**raw)
            except ValidationError as e:
                self.value = e
            self.key = key
        return self.value


def _stage_record(rec: dict, prec: dict | None, entry: int | None, present: str, diubah: str | None,
                  kantor: str | None = None) -> tuple:
    """One staging row from a case's stored values (store.kasus_record) and a person's (or None).
    `kantor`: another office than the file's own keeps the record (a roll-up's record)."""
    case_sig = store.case_signature(rec)
    grp = (kantor + "|" if kantor else "") + (rec["nomor"] or "auto:" + case_sig)  # a nomor is unique per office
    psig = store.person_signature(prec) if prec is not None else None
    prec = prec if prec is not None else dict.fromkeys(store.PERSON_COLUMNS)
    return (entry, grp, rec["nomor"], *(rec[c] for c in store.CASE_COLUMNS), case_sig,
            int(psig is not None), *(prec[c] for c in store.PERSON_COLUMNS), psig, present, diubah, kantor)


def _present(keys) -> str:
    return ",".join(sorted(k for k in keys if k in _KNOWN))


_KNOWN = set(KASUS_FIELDS) | set(TERLAPOR_FIELDS)


def _flat_records(rows: Iterator[tuple[int, dict]], file: str, result: FileResult, present: str,
                  filler: update.Filler | None, offices: KantorCells, fill: dict | None = None) -> Iterator[tuple[int, tuple]]:
    cache = _CaseCache()
    for line, raw in rows:
        result.rows += 1
        if fill:
            raw.update(fill)  # file-wide values of columns the file lacks
        problems = raw.pop("_problems", [])
        diubah = raw.pop(STAMP, None)
        kantor, bad = offices.read(raw.pop(KANTOR, None), file, line)
        problems += bad
        if filler is not None:
            problems += filler.fill(raw, line)
            if problems:
                result.add(problems)
                continue
        case_raw = {k: raw.get(k) for k in KASUS_FIELDS if k in raw}
        person_raw = {k: raw[k] for k in TERLAPOR_FIELDS if k in raw and raw[k] not in (None, "")}
        if set(person_raw) == {"status"} and str(person_raw["status"]).strip().lower() == "diproses":
            person_raw = {}  # the default status alone names no person: a case without terlapor
        kasus = cache.get(case_raw)
        if isinstance(kasus, ValidationError):
            problems += problems_from(kasus, file=file, line=line)
            kasus = None
        person = None
        if person_raw:
            try:
                person = Terlapor(**person_raw)
            except ValidationError as e:
                problems += problems_from(e, file=file, line=line)
        if kasus is None or problems:
            result.add(problems)
            continue
        rec = store.kasus_record(kasus)
        result.warn(rec, line)
        prec = store.terlapor_record(person) if person is not None else None
        problems = stage_problems(rec, [prec] if prec else [], file=file, line=line)
        if problems:
            result.add(problems)
        else:
            yield line, _stage_record(rec, prec, None, present, diubah, kantor)


def _yaml_records(path: Path, result: FileResult, offices: KantorCells,
                  defaults: dict | None = None) -> Iterator[tuple[int, tuple]]:
    for entry, (line, case, lines) in enumerate(readers.read_yaml(path)):
        result.rows += 1
        for name, value in (defaults or {}).items():
            case.setdefault(name, value)  # a file-wide value: never over the case's own
        diubah = case.pop(STAMP, None)
        kantor, bad = offices.read(case.pop(KANTOR, None), str(path), line)
        if bad:
            result.add(bad)
            continue
        try:
            kasus = Kasus(**case)
        except ValidationError as e:
            result.add(problems_from(e, file=str(path), line=line, lines=lines))
            continue
        people = kasus.terlapor
        rec, records = store.kasus_record(kasus), [store.terlapor_record(p) for p in people]
        result.warn(rec, line)
        problems = stage_problems(rec, records, file=str(path), line=line,
                                  lines=[lines.get(("terlapor", i), line) for i in range(len(people))])
        if problems:
            result.add(problems)
            continue
        case_keys = [k for k in case if k != "terlapor"]
        if not people:
            yield line, _stage_record(rec, None, entry, _present(case_keys), diubah, kantor)
        for i, (person, prec) in enumerate(zip(people, records)):
            keys = case_keys + list(person.model_fields_set)  # the keys this person's mapping gave
            yield lines.get(("terlapor", i), line), _stage_record(rec, prec, entry, _present(keys), diubah, kantor)


# -- staging and merge ---------------------------------------------------------------------------


class _Sidik:
    """SQL aggregate: the fingerprint of a staged case (its fields and its persons in file order)."""

    def __init__(self):
        self.case, self.people = None, []

    def step(self, seq, case_sig, person_sig):
        self.case = self.case or case_sig
        if person_sig:
            self.people.append((seq, person_sig))

    def finalize(self):
        return store.sidik(self.case, [p for _, p in sorted(self.people)])


def _create_staging(db: Database) -> None:
    db.execute("DROP TABLE IF EXISTS temp.staging")
    db.execute("DROP TABLE IF EXISTS temp.imp")
    cols = ", ".join(STAGE_COLUMNS)  # no affinity: values stay as staged
    db.execute(f"CREATE TEMP TABLE staging (seq INTEGER PRIMARY KEY, line INTEGER, {cols})")
    db.conn.create_aggregate("netralitas_sidik", 3, _Sidik)


def _stage(db: Database, records: Iterator[tuple[int, tuple]]) -> None:
    sql = f"INSERT INTO temp.staging (line, {', '.join(STAGE_COLUMNS)}) VALUES ({', '.join('?' * (len(STAGE_COLUMNS) + 1))})"
    batch = []
    for line, rec in records:
        batch.append((line, *rec))
        if len(batch) >= BATCH:
            db.conn.executemany(sql, batch)
            batch.clear()
    if batch:
        db.conn.executemany(sql, batch)


def _grouping_problems(db: Database, file: str) -> list[Problem]:
    """Rows of one case must agree on the case fields; a YAML nomor must not repeat."""
    db.execute("CREATE INDEX temp.staging_grp ON staging (grp, seq)")
    out = []
    bad = db.execute("SELECT grp FROM temp.staging GROUP BY grp HAVING COUNT(DISTINCT case_sig) > 1 "
                     "OR COUNT(DISTINCT entry) > 1 LIMIT ?", [MAX_PROBLEMS]).fetchall()
    for (grp,) in bad:
        rows = list(db.query("SELECT * FROM temp.staging WHERE grp = ? ORDER BY seq", [grp]))
        first = rows[0]
        if len({r["entry"] for r in rows}) > 1:
            lines = sorted({r["line"] for r in rows if r["entry"] != first["entry"]})
            out.append(Problem("duplicate-nomor", f"nomor {grp} is used by another case at line {first['line']}",
                               "nomor", grp, file, lines[0]))
            continue
        for r in rows[1:]:
            for c in store.CASE_COLUMNS:
                if r[c] != first[c]:
                    out.append(Problem("case-fields-disagree",
                                       _("rows of case {case} disagree: line {line} has {value!r}").format(case=grp, line=first["line"], value=first[c]),
                                       c, r[c], file, r["line"]))
    return out


def _plan(db: Database, kantor: str | None = None) -> None:
    db.execute("""CREATE TEMP TABLE imp AS
                  SELECT grp, MIN(seq) AS first_seq, MAX(nomor) AS nomor,
                         netralitas_sidik(seq, case_sig, person_sig) AS sidik
                  FROM temp.staging GROUP BY grp""")
    db.execute("ALTER TABLE temp.imp ADD COLUMN final_nomor TEXT")
    db.execute("ALTER TABLE temp.imp ADD COLUMN existing_id INTEGER")
    db.execute("ALTER TABLE temp.imp ADD COLUMN existing_sidik TEXT")
    db.execute("ALTER TABLE temp.imp ADD COLUMN existing_dihapus TEXT")
    db.execute("UPDATE temp.imp SET final_nomor = COALESCE(nomor, 'NTR-' || upper(substr(sidik, 1, 12)))")
    db.execute("CREATE UNIQUE INDEX temp.imp_grp ON imp (grp)")
    if db["kasus"].exists() and db.execute("SELECT 1 FROM main.kasus LIMIT 1").fetchone():
        # by nomor (ignoring case), by a number the case had before, or (no nomor) by content
        # only among the records of the same office: another office's nomor is another case
        db.execute("""UPDATE temp.imp SET existing_id = COALESCE(
                          (SELECT k.id FROM main.kasus k WHERE k.nomor = imp.final_nomor COLLATE NOCASE
                                  AND k.kantor IS :kantor),
                          (SELECT n.kasus_id FROM main.nomor_lama n JOIN main.kasus k ON k.id = n.kasus_id
                                  WHERE n.nomor = imp.final_nomor COLLATE NOCASE AND k.kantor IS :kantor),
                          (SELECT k.id FROM main.kasus k WHERE imp.nomor IS NULL AND k.sidik = imp.sidik
                                  AND k.nomor_otomatis = 1 AND k.kantor IS :kantor))""", {"kantor": kantor})
        db.execute("""UPDATE temp.imp SET (existing_sidik, existing_dihapus, final_nomor) =
                      (SELECT k.sidik, k.dihapus, k.nomor FROM main.kasus k WHERE k.id = imp.existing_id)
                      WHERE existing_id IS NOT NULL""")


def _staged_case(db: Database, grp: str) -> tuple[dict, list[dict], set, list[set], str | None, int]:
    rows = list(db.query("SELECT * FROM temp.staging WHERE grp = ? ORDER BY seq", [grp]))
    first = rows[0]
    rec = {c: first[c] for c in store.CASE_COLUMNS}
    present = set(filter(None, (first["present"] or "").split(",")))
    people = [{c: r[c] for c in store.PERSON_COLUMNS} for r in rows if r["has_person"] == 1]
    present_people = [set(filter(None, (r["present"] or "").split(","))) for r in rows if r["has_person"] == 1]
    stamps = [r["diubah"] for r in rows if r["diubah"]]
    return rec, people, present, present_people, (min(stamps) if stamps else None), first["line"]


def _updates(db: Database, result: FileResult, *, timpa: bool, perbarui: bool,
             kantor: str | None = None) -> list[update.CaseUpdate]:
    """Plan every existing case the file differs from; conflicts and refusals become problems."""
    plans = []
    plain_case = update.plain_columns(store.CASE_COLUMNS, CASE_STATE)
    plain_person = update.plain_columns(store.PERSON_COLUMNS, PERSON_STATE)
    rows = db.execute("""SELECT grp, existing_id, existing_dihapus, final_nomor FROM temp.imp
                         WHERE existing_id IS NOT NULL AND (existing_sidik IS NOT sidik OR existing_dihapus IS NOT NULL)
                         ORDER BY first_seq""").fetchall()
    for grp, kasus_id, dihapus, nomor in rows:
        rec, people, present, present_people, stamp, line = _staged_case(db, grp)
        if dihapus:
            result.add([Problem("deleted-case", _("kasus {nomor} was deleted ({date}); restore it first with: netralitas hapus --batal {nomor}").format(
                                                    nomor=nomor, date=fmt_date(dihapus)), "nomor", nomor, result.path, line)])
            continue
        kasus = dict(next(db.query("SELECT * FROM kasus WHERE id = ?", [kasus_id])))
        if kantor is not None and kasus.get("asal_diubah"):  # another office's record: older is by its clock
            kasus["updated_at"] = kasus["asal_diubah"]
        upd = update.plan(db, kasus, rec, people, present, present_people, timpa=timpa, exported_at=stamp,
                          plain_case=plain_case, plain_person=plain_person, keep_missing=perbarui)
        if perbarui:
            result.add(update.unknown_people(upd, result.path, line))
        result.add(update.conflict_problems(upd, result.path, line))
        if upd.differences:
            result.changes += update.change_rows(upd)
            plans.append(upd)
    return plans


def _counts(db: Database, result: FileResult, plans: list) -> None:
    """Add one office's counts (a roll-up's source hands over several offices' records)."""
    kasus, baru = (v or 0 for v in db.execute("SELECT COUNT(*), SUM(existing_id IS NULL) FROM temp.imp").fetchone())
    result.kasus += kasus
    result.baru += baru
    result.diubah += len(plans)
    result.sama += kasus - baru - len(plans)


def _merge(db: Database, asal: str, plans: list, kantor: str | None = None) -> None:
    stamp = store.now()
    last_id = db.execute("SELECT COALESCE(MAX(id), 0) FROM main.kasus").fetchone()[0]
    case_cols = ", ".join(store.CASE_COLUMNS)
    db.execute(f"""INSERT INTO main.kasus (nomor, nomor_otomatis, {case_cols}, provinsi, sidik, created_at, updated_at,
                                           kantor)
                   SELECT i.final_nomor, i.nomor IS NULL, {', '.join('s.' + c for c in store.CASE_COLUMNS)},
                          substr(s.wilayah, 1, 2), i.sidik, :stamp, :stamp, :kantor
                   FROM temp.imp i JOIN temp.staging s ON s.seq = i.first_seq
                   WHERE i.existing_id IS NULL ORDER BY i.first_seq""", {"stamp": stamp, "kantor": kantor})
    person_cols = ", ".join(store.PERSON_COLUMNS)
    db.execute(f"""INSERT INTO main.terlapor (kasus_id, urutan, {person_cols}, created_at, updated_at)
                   SELECT k.id, ROW_NUMBER() OVER (PARTITION BY s.grp ORDER BY s.seq),
                          {', '.join('s.' + c for c in store.PERSON_COLUMNS)}, :stamp, :stamp
                   FROM temp.staging s JOIN temp.imp i ON i.grp = s.grp JOIN main.kasus k ON k.nomor = i.final_nomor
                                                                  AND k.kantor IS :kantor
                   WHERE i.existing_id IS NULL AND s.has_person = 1""", {"stamp": stamp, "kantor": kantor})
    store.refresh_counts(db, "id > ?", [last_id])  # the new cases; update.apply recounts changed ones
    events_from_stored_state(db, "id > ?", [last_id], asal=asal, stamp=stamp)
    for upd in plans:
        update.apply(db, upd, asal, stamp)


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
    `kantor`, `asal`, `after`, `relay`: another office's export merged by `gabung` (see `_finish`)."""
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
    _create_staging(db)
    offices = KantorCells(kantor if kantor is not None else _own_office(db))
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
            if kind == "csv":
                columns, rows = readers.read_csv(path, ignore_unknown=ignore_unknown, progress=tick,
                                                 header_row=header_row, required=required)
            else:
                columns, rows = readers.read_xlsx(path, ignore_unknown=ignore_unknown, sheet=sheet,
                                                  header_row=header_row, required=required)
            result.add(columns.problems)
            fill = {k: v for k, v in defaults.items() if k not in columns.fields}
            missing = ([f for f in required if f not in columns.fields and f not in fill]
                       if columns.fields else [])  # no header read: said already
            result.add([Problem("missing-column", _("required column is missing"), f, None, str(path), columns.line)
                        for f in missing])
            if not result.valid:  # a header problem makes every row meaningless
                return result
            records = _flat_records(rows, str(path), result, _present([*filter(None, columns.fields), *fill]),
                                    update.Filler(db, str(path)) if perbarui else None, offices, fill)
        try:
            _finish(db, result, records, write=write, timpa=timpa, perbarui=perbarui, kantor=kantor, after=after,
                    relay=relay, asal=asal or f"import {path.name}")
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
        db.execute("DROP TABLE IF EXISTS temp.staging")
        db.execute("DROP TABLE IF EXISTS temp.imp")
    return result


class _Refused(Exception):
    """A problem found while merging: the whole transaction is rolled back."""


def _finish(db: Database, result: FileResult, records: Iterator[tuple[int, tuple]], *, write: bool, timpa: bool,
            perbarui: bool, asal: str, kantor: str | None = None,
            after: Callable[[Database, FileResult, list, str | None], None] | None = None,
            relay: Callable[[Database, str], bool] | None = None,
            before: Callable[[Database, str], None] | None = None) -> None:
    """Stage the records, check them as one file, plan, and (when valid and `write`) merge them in
    one transaction. `kantor`: whose records they are (None: this office's own; an office code:
    another office's, merged by `gabung`, matched only against that office's records).

    Records another office keeps (a roll-up's records, staged with their `kantor`) are refused by
    import; `gabung` passes `relay(db, office)`, called with only that office's records staged,
    which may leave some out (counting them) and says whether to merge the rest, matched against
    that office's records. `after(db, result, plans, office)` runs inside the same transaction,
    once an office's records are written; `before(db, table)` runs in it first, before any
    planning, with every staged record in temp.`table` (it may leave some out)."""
    path = result.path
    _stage(db, records)
    result.add(_grouping_problems(db, path))
    if not result.valid:
        return
    others = db.execute("SELECT kantor, COUNT(DISTINCT grp), MIN(line) FROM temp.staging WHERE kantor IS NOT NULL "
                        "GROUP BY kantor ORDER BY kantor").fetchall()
    if others and relay is None:
        result.add([Problem("other-office", _("{n} case(s) of this file are kept by the office {kode}: a record is "
                                              "changed only by its own office; merge that office's register with "
                                              "`netralitas gabung`").format(n=n, kode=code), KANTOR, code, path, line)
                    for code, n, line in others])
        return
    if not write:
        _plan(db, kantor)
        plans = _updates(db, result, timpa=timpa, perbarui=perbarui, kantor=kantor)
        _counts(db, result, plans)
        return
    if others:
        db.execute("ALTER TABLE temp.staging RENAME TO staging_all")
    try:
        with store.write(db):  # plan under the write lock too, so no other writer can change what it saw
            if before is not None:
                before(db, "staging_all" if others else "staging")
            for office in [kantor, *(code for code, _n, _line in others)]:
                if others:
                    _restage(db, None if office == kantor else office)
                    if office != kantor and not relay(db, office):
                        continue
                _plan(db, office)
                plans = _updates(db, result, timpa=timpa, perbarui=perbarui, kantor=office)
                _counts(db, result, plans)
                if perbarui and result.baru:
                    result.add([Problem("unknown-nomor", "an update file (--perbarui) only changes recorded cases",
                                        "nomor", None, path)])
                if not result.valid:
                    raise _Refused  # nothing of it is written
                _merge(db, asal, plans, office)
                if after is not None:
                    after(db, result, plans, office)
    except _Refused:
        pass
    finally:
        db.execute("DROP TABLE IF EXISTS temp.staging_all")


def _restage(db: Database, office: str | None) -> None:
    """Only one office's records staged (from temp.staging_all), for planning and merging."""
    db.execute("DROP TABLE IF EXISTS temp.staging")
    db.execute("DROP TABLE IF EXISTS temp.imp")
    db.execute(f"CREATE TEMP TABLE staging (seq INTEGER PRIMARY KEY, line INTEGER, {', '.join(STAGE_COLUMNS)})")
    db.execute("INSERT INTO temp.staging SELECT * FROM temp.staging_all WHERE kantor IS ? ORDER BY seq", [office])
    db.execute("CREATE INDEX temp.staging_kantor_grp ON staging (grp, seq)")


def _own_office(db: Database) -> str | None:
    from netralitas import kantor

    return kantor.code(db)


def merge_records(db: Database, result: FileResult, records: Iterator[tuple[int, tuple]], **how) -> FileResult:
    """Merge records already read (`staged_record` tuples with their line) like the rows of one file:
    the same validation of groups, conflict rules and all-or-nothing write as `process_file`."""
    _create_staging(db)
    try:
        _finish(db, result, records, **how)
    finally:
        db.execute("DROP TABLE IF EXISTS temp.staging")
        db.execute("DROP TABLE IF EXISTS temp.imp")
    return result


staged_record = _stage_record  # for other readers of records (gabung reads another database)


def scratch_db() -> Database:
    """A private temporary database for `validate`, which never touches the user's store."""
    return Database(sqlite3.connect("", isolation_level=None), execute_plugins=False)
