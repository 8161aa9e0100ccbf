"""Stored stage events (table `tahapan`) and the projection of a case's state from them.

Events are never rewritten: a correction withdraws one (`batal`, with its reason) and may record
another. After every change `reproject` derives the case's and its terlapor's state columns
from the active events, writes what changed, and keeps each old value in `riwayat`.
"""

from __future__ import annotations

import getpass
import json
import os
from functools import cache

from sqlite_utils import Database

from netralitas.tahapan import Event, case_state, current_stage, person_state
from netralitas.i18n import _


class History:
    """The riwayat rows of one change to one case: each old value, its new value, and the source."""

    def __init__(self, kasus_id: int, nomor: str, asal: str, stamp: str):
        self.kasus_id, self.nomor, self.asal, self.stamp = kasus_id, nomor, asal, stamp
        self.rows: list[dict] = []

    def log(self, urutan: int | None, kolom: str, lama, baru) -> None:
        self.rows.append({"waktu": self.stamp, "kasus_id": self.kasus_id, "kasus_nomor": self.nomor,
                          "terlapor_urutan": urutan, "kolom": kolom, "lama": lama, "baru": baru, "asal": self.asal})

    def save(self, db: Database) -> list[dict]:
        if self.rows:  # one statement for the case's rows (what sqlite-utils' insert_all stores, without its introspection)
            db.conn.executemany(f"INSERT INTO riwayat ({', '.join(_RIWAYAT)}) VALUES ({', '.join('?' * len(_RIWAYAT))})",
                                [tuple(_stored(r[c]) for c in _RIWAYAT) for r in self.rows])
        return self.rows


_RIWAYAT = ("waktu", "kasus_id", "kasus_nomor", "terlapor_urutan", "kolom", "lama", "baru", "asal")


def _stored(value):
    return json.dumps(value, default=repr, ensure_ascii=False) if isinstance(value, (dict, list, tuple)) else value


def oleh() -> str:
    """Who records a change: $NETRALITAS_PENGGUNA, else the login name."""
    name = os.environ.get("NETRALITAS_PENGGUNA")
    if name:
        return name
    return _login()


@cache
def _login() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (a container without a passwd entry)
        return "?"


def _event(row) -> Event:
    return Event(row["tahap"], row["tanggal"], json.loads(row["data"]) if row["data"] else {}, row["terlapor_id"],
                 row["id"])


def load(db: Database, kasus_id: int) -> list[Event]:
    """The active events of a case, in recording order."""
    return [_event(r) for r in db.query("SELECT * FROM tahapan WHERE kasus_id = ? AND batal IS NULL ORDER BY id",
                                        [kasus_id])]


def timeline(db: Database, kasus_id: int) -> list[dict]:
    """Every event of a case, withdrawn ones included, in recording order."""
    return [dict(r) for r in db.query("SELECT * FROM tahapan WHERE kasus_id = ? ORDER BY id", [kasus_id])]


def timeline_of_person(db: Database, terlapor_id: int) -> list[dict]:
    return [{k: r[k] for k in ("tahap", "tanggal", "data", "asal", "oleh", "dicatat", "batal")}
            for r in db.query("SELECT * FROM tahapan WHERE terlapor_id = ? ORDER BY id", [terlapor_id])]


def add(db: Database, kasus_id: int, events: list[Event], asal: str, stamp: str) -> None:
    who = oleh()
    db.conn.executemany(
        "INSERT INTO main.tahapan (kasus_id, terlapor_id, tahap, tanggal, data, asal, oleh, dicatat) VALUES (?,?,?,?,?,?,?,?)",
        [(kasus_id, e.terlapor_id, e.tahap, e.tanggal, json.dumps(e.data, ensure_ascii=False) if e.data else None,
          asal, who, stamp) for e in events])


def withdraw(db: Database, kasus_id: int, terlapor_id: int | None, stages: set[str], alasan: str, stamp: str,
             *, dates: set[str] = frozenset()) -> int:
    """Withdraw the active events of `stages` (for one person, or the case's own); klarifikasi by date."""
    n = 0
    for stage in stages:
        n += db.execute(
            "UPDATE main.tahapan SET batal = ?, batal_alasan = ? WHERE kasus_id = ? AND tahap = ? AND batal IS NULL "
            "AND terlapor_id IS ?", [stamp, alasan, kasus_id, stage, terlapor_id]).rowcount
    for date in dates:
        n += db.execute(
            "UPDATE main.tahapan SET batal = ?, batal_alasan = ? WHERE kasus_id = ? AND tahap = 'klarifikasi' "
            "AND tanggal = ? AND batal IS NULL", [stamp, alasan, kasus_id, date]).rowcount
    return n


def derive(events: list[Event], case: dict, people: list[dict], log) -> tuple[dict, dict[int, dict]]:
    """The state columns the active `events` give, against what `case` and its `people` hold: each
    difference logged (`History.log`) and applied to those dicts; returns the case's changes and
    each changed person's, by terlapor id. Nothing is written."""
    state = {**case_state(events), "tahap": current_stage(events)}
    changes = {c: v for c, v in state.items() if case[c] != v}
    for c, v in changes.items():
        if c != "tahap":
            log(None, c, case[c], v)
    case.update(changes)
    person_diffs = {}
    for p in people:
        ps = person_state([e for e in events if e.terlapor_id == p["id"]])
        diff = {c: v for c, v in ps.items() if p[c] != v}
        for c, v in diff.items():
            log(p["urutan"], c, p[c], v)
        if diff:
            p.update(diff)
            person_diffs[p["id"]] = diff
    return changes, person_diffs


def reproject(db: Database, kasus_id: int, asal: str, stamp: str) -> list[dict]:
    """Derive the state columns from the active events; write and log what changed."""
    from netralitas import store

    events = load(db, kasus_id)
    case = dict(next(db.query("SELECT * FROM kasus WHERE id = ?", [kasus_id])))
    people = [dict(r) for r in db.query("SELECT * FROM terlapor WHERE kasus_id = ? ORDER BY urutan", [kasus_id])]
    history = History(kasus_id, case["nomor"], asal, stamp)
    log = history.log

    changes, person_diffs = derive(events, case, people, log)
    for pid, diff in person_diffs.items():
        db.execute(f"UPDATE main.terlapor SET {', '.join(f'{c} = ?' for c in diff)}, updated_at = ? WHERE id = ?",
                   [*diff.values(), stamp, pid])
    fingerprint = store.stored_sidik(case, people)
    db.execute(f"UPDATE main.kasus SET {''.join(f'{c} = ?, ' for c in changes)}sidik = ?, updated_at = ? WHERE id = ?",
               [*changes.values(), fingerprint, stamp, kasus_id])
    store.refresh_counts(db, "id = ?", [kasus_id])
    return history.save(db)


def events_from_stored_state(db: Database, where: str = "1=1", params: list | None = None, asal: str = "migrasi",
                             stamp: str | None = None, batch: int = 5000, sidik: bool = True,
                             tables: tuple[str, str, str] = ("main.kasus", "main.terlapor", "main.tahapan")) -> None:
    """Record as events the state that cases hold in their columns (an upgrade, or a new import).

    The projection of those events equals the columns (tests prove it), so nothing changes but
    the timeline. Dated with what the records hold; stages without a date stay undated. Reads the
    cases and their terlapor in two ordered scans and writes in batches: memory stays flat.
    `sidik=False`: the cases already hold their fingerprint (an import computed it while staging).
    `tables`: where the cases and terlapor are read and the events written (an import prepares
    its new cases in TEMP tables before it takes the write lock)."""
    from itertools import groupby

    from netralitas import store
    from netralitas.reconcile import every_event_of_state

    stamp, who, params = stamp or store.now(), oleh(), params or []
    kasus, terlapor, tahapan = tables
    case_cols, person_cols = ("*", "*") if sidik else _STATE_COLUMNS  # without the fingerprint: what events_of_state reads
    cases = db.query(f"SELECT {case_cols} FROM {kasus} WHERE {where} ORDER BY id", params)
    persons = groupby(db.query(f"SELECT {person_cols} FROM {terlapor} WHERE kasus_id IN (SELECT id FROM {kasus} WHERE {where}) "
                               "ORDER BY kasus_id, urutan", params), key=lambda r: r["kasus_id"])
    pending = next(persons, None)
    rows, updates = [], []

    def flush():
        db.conn.executemany(f"INSERT INTO {tahapan} (kasus_id, terlapor_id, tahap, tanggal, data, asal, oleh, dicatat) "
                            "VALUES (?,?,?,?,?,?,?,?)", rows)
        if sidik:
            db.conn.executemany(f"UPDATE {kasus} SET tahap = ?, sidik = ? WHERE id = ?", updates)
        else:
            db.conn.executemany(f"UPDATE {kasus} SET tahap = ? WHERE id = ?", [(u[0], u[2]) for u in updates])
        rows.clear()
        updates.clear()

    for case in cases:
        people = []
        if pending is not None and pending[0] == case["id"]:
            people = [dict(p) for p in pending[1]]
            pending = next(persons, None)
        every = every_event_of_state(case, people)
        rows.extend((case["id"], e.terlapor_id, e.tahap, e.tanggal,
                     json.dumps(e.data, ensure_ascii=False) if e.data else None, asal, who, stamp) for e in every)
        updates.append((current_stage(every), store.stored_sidik(case, people) if sidik else None, case["id"]))
        if len(updates) >= batch:
            flush()
    flush()


def _state_columns() -> tuple[str, str]:
    from netralitas.tahapan import CASE_GROUPS, PERSON_GROUPS

    case = ["id", "tanggal_klarifikasi", "tanggal_pleno", *(c for group in CASE_GROUPS.values() for c in group)]
    person = ["id", "kasus_id", "status", *(c for group in PERSON_GROUPS.values() for c in group)]
    return ", ".join(case), ", ".join(person)


_STATE_COLUMNS = _state_columns()


# -- recording one stage (netralitas tahap) -------------------------------------------------------


def person_ref(people: list[dict], ref: str | None) -> dict | None:
    """A terlapor by NIP, name (case and spaces ignored) or position; None for a case stage.

    Raises LookupFailed naming the persons by position only (error output never shows names)."""
    from netralitas.errors import LookupFailed
    from netralitas.reconcile import name_key

    listing = ", ".join(f"{p['urutan']} ({p['jenis'] or 'jenis?'})" for p in people)
    if ref is None:
        if len(people) == 1:
            return people[0]
        if not people:
            raise LookupFailed("no-terlapor", _("the case has no terlapor; add one with netralitas ubah NOMOR --tambah-terlapor …"))
        raise LookupFailed("ambiguous-terlapor", _("the case has {n} terlapor; say which with --terlapor NIP, name or position: {listing}").format(
                                                     n=len(people), listing=listing))
    text = " ".join(str(ref).split())
    found = [p for p in people if p["nip"] and p["nip"] == text] or \
            [p for p in people if name_key(p["nama"]) == name_key(text)] or \
            [p for p in people if text.isdigit() and len(text) < 4 and p["urutan"] == int(text)]
    if len(found) == 1:
        return found[0]
    if found:  # one person named twice (recorded before a case named a person once)
        raise LookupFailed("ambiguous-terlapor", _("terlapor {positions} of this case all match --terlapor; say which by position").format(
                                                     positions=", ".join(str(p["urutan"]) for p in found)))
    raise LookupFailed("unknown-terlapor", _("no single terlapor of this case matches --terlapor; positions: {listing}").format(listing=listing))


def record(db: Database, kasus: dict, event: Event, asal: str, *, today) -> list[dict]:
    """Check and record one stage of a case; return the riwayat rows of what it changed.

    Refuses (InvalidInput, nothing written) a stage out of order, dated before the incident or a
    stage it follows, in the future, or one that would move a status back. Call inside write()."""
    from netralitas import store
    from netralitas.errors import InvalidInput
    from netralitas.tahapan import check_new

    problems = check_new(event, load(db, kasus["id"]), kejadian=kasus["tanggal_kejadian"], today=today)
    if problems:
        raise InvalidInput(_("{tahap} was not recorded for {nomor}; nothing was written").format(tahap=event.tahap, nomor=kasus["nomor"]), problems)
    stamp = store.now()
    add(db, kasus["id"], [event], asal, stamp)
    return reproject(db, kasus["id"], asal, stamp)
