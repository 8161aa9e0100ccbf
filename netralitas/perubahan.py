"""The changed cases of a file, read and written in bulk.

Planning a changed case needs its staged rows, its stored row, its terlapor and its active
events. `stored` reads them for every case a file may change in four ordered scans (one per
table) instead of four queries per case. `writes` prepares what the plans write, without the
database (an import does it before it takes the write lock), and `write` writes it: the riwayat
rows, the new events, the withdrawals and the updates of many cases in a few statements, the
state the events give (what `events.reproject` derives) computed from the events the plan holds.
The rows are those `update.apply` writes case by case: the same values, ids and order. A case
that adds or removes a terlapor, or that the file names twice, goes through `update.apply`
itself, after the rows of the cases before it.
"""

from __future__ import annotations

import json
import sqlite3
from itertools import groupby
from operator import itemgetter
from typing import Iterator

from sqlite_utils import Database

from netralitas import after_update, events, store, update
from netralitas.errors import Problem
from netralitas.format import fmt_date
from netralitas.i18n import _
from netralitas.migrations import PER_CASE_COUNTS, refresh_counts_sql
from netralitas.tahapan import CASE_STATE, PERSON_STATE, Event

_COUNTS = ", ".join(f"COALESCE({expr}, 0)" for expr in PER_CASE_COUNTS.values())
BATCH = 5000  # cases written per round: the buffered rows stay small


def _rows(db: Database, sql: str, cursors: list) -> Iterator[tuple[int, list]]:
    """(n, rows) from a query whose first column is the case's position n, ordered by it: each row
    the rest of its columns, as fetched."""
    cursor = db.execute(sql)
    cursors.append(cursor)
    for n, rows in groupby(cursor, key=itemgetter(0)):
        yield n, [r[1:] for r in rows]


def names(db: Database) -> tuple[list[str], list[str]]:
    """The columns of a stored kasus and terlapor row, as `stored` gives them."""
    return tuple([r[1] for r in db.execute(f"PRAGMA main.table_info({table})")] for table in ("kasus", "terlapor"))


_STAGED = ("line", "present", "has_person", "diubah", *store.CASE_COLUMNS, *store.PERSON_COLUMNS)
_PERSON_AT = 4 + len(store.CASE_COLUMNS)


def staged_case(rows: list[tuple]) -> tuple[dict, list[dict], set, list[set], str | None, int, list[int]]:
    """A staged case (its rows from `stored`): the case's fields, its persons, the columns the file
    gives (the case's and each person's), its earliest export stamp, its first line and each
    person's line."""
    first = rows[0]
    rec = dict(zip(store.CASE_COLUMNS, first[4:_PERSON_AT]))
    present = _present(first[1])
    persons = [r for r in rows if r[2] == 1]
    people = [dict(zip(store.PERSON_COLUMNS, r[_PERSON_AT:])) for r in persons]
    present_people = [_present(r[1]) for r in persons]
    stamps = [r[3] for r in rows if r[3]]
    return rec, people, present, present_people, (min(stamps) if stamps else None), first[0], [r[0] for r in persons]


def _present(text: str | None, _parsed: dict = {}) -> set:  # noqa: B006 (a memo)
    """The columns a staged row gives (its `present` text), each call its own set: a file's rows
    mostly share one text, parsed once."""
    found = _parsed.get(text)
    if found is None:
        found = frozenset(filter(None, (text or "").split(",")))
        if len(_parsed) < 1000:
            _parsed[text] = found
    return set(found)


def _event(tahap, tanggal, data, terlapor_id, id_, _parsed: dict = {}) -> Event:  # noqa: B006 (a memo)
    """What `events.load` makes of a stored event (its data parsed once per distinct text, each event its own copy)."""
    if not data:
        return Event(tahap, tanggal, {}, terlapor_id, id_)
    found = _parsed.get(data)
    if found is None:
        found = json.loads(data)
        if len(_parsed) < 10_000:
            _parsed[data] = found
    return Event(tahap, tanggal, dict(found), terlapor_id, id_)


def stored(db: Database, where: str) -> Iterator[tuple[tuple, list[tuple], tuple | None, list[tuple], list[tuple]]]:
    """For each case of temp.imp matching `where`, in file order: (grp, existing_id, dihapus, nomor),
    its staged rows (in order, for `staged_case`), its stored row, its terlapor (by urutan) and its
    active events (tahap, tanggal, data, terlapor_id, id), each row as fetched (`Planner` makes
    them dicts and events: where it runs, in another process, so does that work)."""
    db.execute("DROP TABLE IF EXISTS temp.perubahan")
    db.execute(f"""CREATE TEMP TABLE perubahan AS
                   SELECT ROW_NUMBER() OVER (ORDER BY first_seq) AS n, grp, existing_id, existing_dihapus, final_nomor
                   FROM temp.imp WHERE {where} ORDER BY first_seq""")
    db.execute("CREATE UNIQUE INDEX temp.perubahan_n ON perubahan (n)")
    cursors: list = []
    try:
        if not db.execute("SELECT 1 FROM temp.perubahan LIMIT 1").fetchone():
            return  # nothing to read (a new register may not have its tables yet)
        heads = db.execute("SELECT n, grp, existing_id, existing_dihapus, final_nomor FROM temp.perubahan ORDER BY n")
        staged = _rows(db, f"SELECT p.n, {', '.join('s.' + c for c in _STAGED)} FROM temp.perubahan p "
                           "JOIN temp.staging s ON s.grp = p.grp ORDER BY p.n, s.seq", cursors)
        kasus = _rows(db, "SELECT p.n, k.* FROM temp.perubahan p JOIN main.kasus k ON k.id = p.existing_id "
                          "WHERE p.existing_dihapus IS NULL ORDER BY p.n", cursors)
        terlapor = _rows(db, "SELECT p.n, t.* FROM temp.perubahan p JOIN main.terlapor t ON t.kasus_id = p.existing_id "
                             "WHERE p.existing_dihapus IS NULL ORDER BY p.n, t.urutan", cursors)
        tahapan = _rows(db, "SELECT p.n, e.tahap, e.tanggal, e.data, e.terlapor_id, e.id FROM temp.perubahan p "
                            "JOIN main.tahapan e ON e.kasus_id = p.existing_id "
                            "WHERE p.existing_dihapus IS NULL AND e.batal IS NULL ORDER BY p.n, e.id", cursors)
        pending = [next(it, None) for it in (staged, kasus, terlapor, tahapan)]
        iters = (staged, kasus, terlapor, tahapan)
        for n, *head in heads.fetchall():
            got = []
            for i, it in enumerate(iters):
                if pending[i] is not None and pending[i][0] == n:
                    got.append(pending[i][1])
                    pending[i] = next(it, None)
                else:
                    got.append([])
            rows, case, people, active = got
            yield tuple(head), rows, (case[0] if case else None), people, active
    finally:
        try:
            for cursor in cursors:
                cursor.close()
            db.execute("DROP TABLE IF EXISTS temp.perubahan")
        except sqlite3.Error:  # interrupted, or the connection closed meanwhile: the table goes with it
            pass


class Planner:
    """Plans one changed case (an item of `stored`): its problems, its rows for --dry-run, and its
    plan when the file changes it (else None). `kantor`: another office's records (gabung), whose
    age is by that office's clock."""

    def __init__(self, path: str, *, timpa: bool, perbarui: bool, kantor: str | None,
                 columns: tuple[list[str], list[str]]):
        self.path, self.timpa, self.perbarui, self.kantor = path, timpa, perbarui, kantor
        self.kasus_columns, self.terlapor_columns = columns  # `names`
        self.plain_case = update.plain_columns(store.CASE_COLUMNS, CASE_STATE)
        self.plain_person = update.plain_columns(store.PERSON_COLUMNS, PERSON_STATE)
        self.after = after_update.Check(path) if perbarui else None

    def __call__(self, item: tuple) -> tuple[list[Problem], list[dict], update.CaseUpdate | None]:
        (_grp, _kasus_id, dihapus, nomor), staged, row, person_rows, event_rows = item
        rec, people, present, present_people, stamp, line, lines = staged_case(staged)
        if dihapus:
            return [Problem("deleted-case", _("kasus {nomor} was deleted ({date}); restore it first with: netralitas hapus --batal {nomor}").format(
                                                nomor=nomor, date=fmt_date(dihapus)), "nomor", nomor, self.path, line)], [], None
        kasus = dict(zip(self.kasus_columns, row))
        people_stored = [dict(zip(self.terlapor_columns, r)) for r in person_rows]
        active = [_event(*r) for r in event_rows]
        if self.kantor is not None and kasus.get("asal_diubah"):  # another office's record: older is by its clock
            kasus["updated_at"] = kasus["asal_diubah"]
        upd = update.plan(None, kasus, rec, people, present, present_people, timpa=self.timpa, exported_at=stamp,
                          plain_case=self.plain_case, plain_person=self.plain_person, keep_missing=self.perbarui,
                          stored=(people_stored, active), line=line, lines=lines)
        problems = update.unknown_people(upd, self.path) if self.perbarui else []
        problems += update.conflict_problems(upd, self.path)
        if self.perbarui:  # an update sheet gives some columns: the record they make is checked whole
            problems += self.after(upd)
        if upd.differences:
            return problems, update.change_rows(upd), upd
        return problems, [], None


class _Buffer:
    """The writes of many cases, in the order `update.apply` makes them."""

    def __init__(self):
        self.riwayat, self.tahapan, self.touched = [], [], []
        self.withdraw, self.withdraw_dates = [], []
        self.kasus: dict[tuple, list] = {}
        self.terlapor: dict[tuple, list] = {}

    def flush(self, db: Database) -> None:
        conn = db.conn
        conn.executemany("UPDATE main.tahapan SET batal = ?, batal_alasan = ? WHERE kasus_id = ? AND tahap = ? "
                         "AND batal IS NULL AND terlapor_id IS ?", self.withdraw)
        conn.executemany("UPDATE main.tahapan SET batal = ?, batal_alasan = ? WHERE kasus_id = ? AND tahap = 'klarifikasi' "
                         "AND tanggal = ? AND batal IS NULL", self.withdraw_dates)
        conn.executemany("INSERT INTO main.tahapan (kasus_id, terlapor_id, tahap, tanggal, data, asal, oleh, dicatat) "
                         "VALUES (?,?,?,?,?,?,?,?)", self.tahapan)
        for columns, params in self.terlapor.items():
            conn.executemany(f"UPDATE main.terlapor SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?", params)
        for columns, params in self.kasus.items():
            conn.executemany(f"UPDATE main.kasus SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?", params)
        conn.executemany(f"INSERT INTO riwayat ({', '.join(events._RIWAYAT)}) "
                         f"VALUES ({', '.join('?' * len(events._RIWAYAT))})", self.riwayat)
        if self.touched:
            db.execute("CREATE TEMP TABLE IF NOT EXISTS perubahan_kasus (id INTEGER PRIMARY KEY)")
            db.execute("DELETE FROM temp.perubahan_kasus")
            conn.executemany("INSERT OR IGNORE INTO temp.perubahan_kasus (id) VALUES (?)", [(i,) for i in self.touched])
            # only the cases whose counts moved: rewriting equal counts still rewrites the report index
            db.execute(refresh_counts_sql(f"id IN (SELECT id FROM temp.perubahan_kasus) AND ({', '.join(PER_CASE_COUNTS)}) "
                                          f"IS NOT (SELECT {_COUNTS} FROM terlapor t WHERE t.kasus_id = kasus.id)"))
            db.execute("DROP TABLE temp.perubahan_kasus")


def writes(plans: list, asal: str, stamp: str, twice: set | None = None) -> list:
    """The writes of the plans, prepared without the database (an import prepares them before it
    takes the write lock): batches of rows, and the plans that `update.apply` writes itself (a
    case the file names twice among them: `twice`, the ids of those cases, when `plans` are only
    some of the file's)."""
    if twice is None:
        counts: dict[int, int] = {}
        for upd in plans:
            counts[upd.kasus["id"]] = counts.get(upd.kasus["id"], 0) + 1
        twice = {i for i, n in counts.items() if n > 1}
    steps, buf, who = [], _Buffer(), events.oleh()
    for upd in plans:
        simple = upd.stored_people is not None and upd.kasus["id"] not in twice and \
            all(before is not None and after is not None for before, after, _p in upd.people)
        if not simple:
            steps += [buf, upd]
            buf = _Buffer()
            continue
        _one(buf, upd, asal, stamp, who)
        if len(buf.touched) >= BATCH:
            steps.append(buf)
            buf = _Buffer()
    steps.append(buf)
    return steps


def write(db: Database, steps: list, asal: str, stamp: str) -> None:
    """Inside the write transaction: the prepared writes (`writes`), in order."""
    for step in steps:
        if isinstance(step, _Buffer):
            step.flush(db)
        else:
            update.apply(db, step, asal, stamp)


def _one(buf: _Buffer, upd, asal: str, stamp: str, who: str) -> None:
    """One case's writes into `buf`: `update.apply`, then `events.reproject`, from memory."""
    kasus_id, nomor = upd.kasus["id"], upd.kasus["nomor"]
    history = events.History(kasus_id, nomor, asal, stamp)
    log = history.log
    case = dict(upd.kasus)  # (its updated_at may be a roll-up source's clock: neither compared nor written here)
    written: dict = {}
    if upd.case.updates:
        written = update.case_values(upd, log)
        case.update(written)
    reason = f"ditimpa: {asal}"
    for stage in upd.case.retract:
        buf.withdraw.append((stamp, reason, kasus_id, stage, None))
    for date in upd.case.retract_dates:
        buf.withdraw_dates.append((stamp, reason, kasus_id, date))
    new_events = list(upd.case.events)
    people = []
    person_written: dict[int, dict] = {}
    by_id = {before["id"]: (before, p) for before, _after, p in upd.people}
    for person in upd.stored_people:
        person = dict(person)
        if person["id"] in by_id:
            before, p = by_id[person["id"]]
            if p.updates:
                for c, v in p.updates.items():
                    log(before["urutan"], c, before[c], v)
                person.update(p.updates)
                person["updated_at"] = stamp
                person_written[person["id"]] = {**p.updates, "updated_at": stamp}
            for stage in p.retract:
                buf.withdraw.append((stamp, reason, kasus_id, stage, before["id"]))
        people.append(person)
    for _before, _after, p in upd.people:  # the case's events, then each person's, as `update.apply` adds them
        new_events += p.events
    buf.tahapan.extend((kasus_id, e.terlapor_id, e.tahap, e.tanggal,
                        json.dumps(e.data, ensure_ascii=False) if e.data else None, asal, who, stamp)
                       for e in new_events)
    # events.reproject: the state from the active events after the change
    changes, person_diffs = events.derive(update.events_after(upd), case, people, log)
    for pid, diff in person_diffs.items():
        person_written[pid] = {**person_written.get(pid, {}), **diff, "updated_at": stamp}
    for pid, values in person_written.items():
        buf.terlapor.setdefault(tuple(values), []).append([*values.values(), pid])
    values = {**written, **changes, "sidik": store.stored_sidik(case, people), "updated_at": stamp}
    buf.kasus.setdefault(tuple(values), []).append([*values.values(), kasus_id])
    buf.riwayat.extend(tuple(events._stored(r[c]) for c in events._RIWAYAT) for r in history.rows)
    buf.touched.append(kasus_id)
