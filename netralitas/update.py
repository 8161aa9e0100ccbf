"""Update a stored case from a file's view of it: plan (changes and conflicts), then apply.

`plan` reads and never writes, so `import --dry-run` lists every change and a file with a
conflict is refused whole before anything is written. `apply` records the file's stage values
as events, writes plain fields, and lets `events.reproject` derive the state again; every old
value goes to `riwayat`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlite_utils import Database

from netralitas import events, store
from netralitas.errors import Problem
from netralitas.models import KASUS_FIELDS
from netralitas.format import fmt_time
from netralitas.reconcile import REMOVED, STALE, Difference, Plan, match_people, name_key, plan_case, plan_person
from netralitas.tahapan import Event, person_state
from netralitas.i18n import _

PII = ("nama", "nip")


def shown(column: str, value) -> str:
    """A value as a change list shows it: personal values masked (nama 'B…', NIP '1980…001')."""
    if value is None:
        return "(kosong)"
    text = str(value)
    if column == "nip" and len(text) > 7:
        return f"{text[:4]}…{text[-3:]}"
    if column in ("nama", "terlapor") and text:
        return f"{text[0]}…"
    return text


@dataclass
class CaseUpdate:
    kasus: dict  # the stored row
    case: Plan
    people: list[tuple[dict | None, dict | None, Plan | None]] = field(default_factory=list)
    extra: list[Difference] = field(default_factory=list)  # persons added or missing
    unknown: list[tuple[dict, int | None]] = field(default_factory=list)  # persons an update file names that are
    # not recorded, each with its line
    twice: list[tuple[dict, int | None, int | None]] = field(default_factory=list)  # persons an update file names
    # again: each with its line and the line that named them first
    whose: tuple[int, str] | None = None  # an update file gives a pleno date (of a case of this many terlapor)
    # without naming whose
    line: int | None = None  # the case's first line in the file
    person_lines: dict[int, int | None] = field(default_factory=dict)  # a stored person's urutan -> their line
    stored_people: list[dict] | None = None  # the terlapor and active events the plan was made from
    active: list | None = None

    @property
    def differences(self) -> list[Difference]:
        out = list(self.case.differences) + list(self.extra)
        for _old, _new, p in self.people:
            if p is not None:
                out += p.differences
        return out

    @property
    def conflicts(self) -> list[Difference]:
        return [d for d in self.differences if d.conflict]


def plan(db: Database, kasus: dict, rec: dict, people: list[dict], present: set, present_people: list[set], *,
         timpa: bool, exported_at: str | None = None, plain_case: list[str], plain_person: list[str],
         keep_missing: bool = False, stored: tuple[list[dict], list] | None = None,
         line: int | None = None, lines: list[int | None] | None = None) -> CaseUpdate:
    """What the file's view of a case changes. `keep_missing` (an update file): persons the file
    does not name are left alone, and a person it names must be recorded, once. `stored`: the
    case's terlapor (by urutan) and active events, when already read (else read here). `line`:
    the case's first line in the file; `lines`: each person's (else the case's)."""
    if stored is None:
        stored = ([dict(r) for r in db.query("SELECT * FROM terlapor WHERE kasus_id = ? ORDER BY urutan", [kasus["id"]])],
                  events.load(db, kasus["id"]))
    stored_people, active = stored
    stale = exported_at is not None and exported_at < kasus["updated_at"]
    upd = CaseUpdate(kasus, plan_case(kasus, rec, present, plain_case, timpa=timpa), stored_people=stored_people,
                     active=active, line=line)
    lines = lines or [line] * len(people)
    pleno_changed = "tanggal_pleno" in present and rec.get("tanggal_pleno") != kasus.get("tanggal_pleno") \
        and rec.get("tanggal_pleno") is not None
    tanggal_pleno = rec.get("tanggal_pleno") if "tanggal_pleno" in present else kasus.get("tanggal_pleno")
    if keep_missing and pleno_changed and not people:
        # a pleno decides on a terlapor: a row naming nobody gives the date of the case's only one
        # (as `tahap` without --terlapor does); a case of several needs the row to say whose
        if len(stored_people) == 1:
            people, present_people, lines = [{}], [set()], [line]
        elif stored_people:
            upd.whose = (len(stored_people), tanggal_pleno)
    pairs = match_people(stored_people, people, by_position=not keep_missing or len(stored_people) == 1)
    named = {i: j for i, j in pairs if i is not None and j is not None}
    for i, j in pairs:
        before = stored_people[i] if i is not None else None
        after = people[j] if j is not None else None
        if j is not None and before is not None:
            upd.person_lines[before["urutan"]] = lines[j]
        if before is None and keep_missing:
            first = _named_before(stored_people, named, after)
            if first is None:
                upd.unknown.append((after, lines[j]))
            else:
                upd.twice.append((after, lines[j], lines[first]))
        elif after is None and keep_missing:
            continue
        elif before is None:
            p = plan_person([], person_state([]), after, present_people[j], tanggal_pleno=tanggal_pleno,
                            pleno_changed=True, timpa=timpa, terlapor=None, terlapor_id=None, plain=[])
            upd.extra.append(Difference("terlapor", None, after.get("nama") or "(terlapor baru)"))
            upd.people.append((None, after, p))
        elif after is None:
            upd.extra.append(Difference("terlapor", before.get("nama") or f"terlapor {before['urutan']}", None,
                                        None if timpa else REMOVED, before["urutan"]))
            upd.people.append((before, None, None))
        else:
            mine = [e for e in active if e.terlapor_id == before["id"]]
            p = plan_person(mine, before, after, present_people[j], tanggal_pleno=tanggal_pleno,
                            pleno_changed=pleno_changed, timpa=timpa, terlapor=before["urutan"],
                            terlapor_id=before["id"], plain=plain_person)
            upd.people.append((before, after, p))
    if pleno_changed and upd.whose is None and not any(e.tahap == "pleno" for _b, _a, p in upd.people if p is not None
                                                        for e in p.events):
        # a date that dates no terlapor's outcome (none recorded, or no terlapor): the case's own
        # pleno, without an outcome, as a new record's (reconcile.events_of_state)
        upd.case.events.append(Event("pleno", tanggal_pleno))
    if stale and not timpa:  # an older file than the record: every change is a conflict
        note = _(STALE) + f" ({fmt_time(exported_at)} < {fmt_time(kasus['updated_at'])})"
        for d in upd.differences:
            d.conflict = f"{d.conflict}; {note}" if d.conflict else note
    return upd


def _named_before(stored_people: list[dict], named: dict[int, int], person: dict) -> int | None:
    """The file's index of the row that already names the recorded person that `person` is (by
    NIP, else by name), when another row names them; else None."""
    nip, key = person.get("nip"), name_key(person.get("nama"))
    for i, p in enumerate(stored_people):
        if i in named and ((nip and p.get("nip") == nip) or (not nip and key is not None
                                                              and name_key(p.get("nama")) == key)):
            return named[i]
    return None


def conflict_problems(upd: CaseUpdate, file: str) -> list[Problem]:
    """Each conflict at the line it comes from: a person's at that person's row."""
    out = []
    for d in upd.conflicts:
        line = upd.person_lines.get(d.terlapor, upd.line) if d.terlapor else upd.line
        who = f"terlapor {d.terlapor}: " if d.terlapor else ""
        why = "; ".join(_(part) for part in d.conflict.split("; "))  # the reasons are stored in English
        out.append(Problem("conflict", _("{nomor}: {who}{why}: register has {old}, file has {new} (--timpa overwrites; "
                                         "every overwrite is kept in riwayat)").format(
            nomor=upd.kasus["nomor"], who=who, why=why, old=shown(d.field, d.old), new=shown(d.field, d.new)),
            d.field, None, file, line))
    return out


def unknown_people(upd: CaseUpdate, file: str) -> list[Problem]:
    """The persons an update file names that are not recorded, or that it names twice; a pleno
    date it gives without naming whose, for a case of several terlapor."""
    out = [Problem("unknown-terlapor", _("{nomor}: no recorded terlapor has this NIP or name; an update file (--perbarui) changes recorded "
                                         "persons (add one with netralitas ubah NOMOR --tambah-terlapor)").format(nomor=upd.kasus["nomor"]), _who(p),
                   shown(_who(p), p.get(_who(p))), file, line)
           for p, line in upd.unknown]
    out += [Problem("duplicate-terlapor", _("{nomor}: this terlapor is already named at line {first}; an update file (--perbarui) "
                                            "names each person once").format(nomor=upd.kasus["nomor"], first=first), _who(p),
                    shown(_who(p), p.get(_who(p))), file, line)
            for p, line, first in upd.twice]
    if upd.whose is not None:
        out.append(Problem("ambiguous-terlapor", _("{nomor}: tanggal_pleno is a terlapor's stage and the case has {n} terlapor: "
                                                   "add the nip or nama column to say whose pleno it was").format(
            nomor=upd.kasus["nomor"], n=upd.whose[0]), "tanggal_pleno", upd.whose[1], file, upd.line))
    return sorted(out, key=lambda p: p.line or 0)


def _who(person: dict) -> str:
    return "nip" if person.get("nip") else "nama"


def events_after(upd: CaseUpdate) -> list:
    """The case's active events once the plan is written: those it does not withdraw, then the
    case's new events and each person's (what `apply` leaves for `events.reproject`)."""
    gone = {(None, stage) for stage in upd.case.retract}
    gone |= {(before["id"], stage) for before, _after, p in upd.people if p is not None and before is not None
             for stage in p.retract}
    kept = [e for e in upd.active if (e.terlapor_id, e.tahap) not in gone
            and not (e.tahap == "klarifikasi" and e.tanggal in upd.case.retract_dates)]
    return kept + list(upd.case.events) + [e for _before, _after, p in upd.people if p is not None for e in p.events]


def change_rows(upd: CaseUpdate) -> list[dict]:
    """The changes as rows for --dry-run: case, person, field, old -> new (personal values masked)."""
    return [{"nomor": upd.kasus["nomor"], "terlapor": d.terlapor or ("baru" if d.field == "terlapor" and d.old is None
                                                                       else ""),
             "kolom": d.field, "lama": shown(d.field, d.old), "baru": shown(d.field, d.new),
             "konflik": d.conflict or ""} for d in upd.differences]


def case_values(upd: CaseUpdate, log) -> dict:
    """The case columns a plan writes, each change logged; a new wilayah brings its provinsi."""
    for c, v in upd.case.updates.items():
        log(None, c, upd.kasus[c], v)
    values = dict(upd.case.updates)
    if "wilayah" in values:
        values["provinsi"] = values["wilayah"][:2]
    return values


def apply(db: Database, upd: CaseUpdate, asal: str, stamp: str) -> None:
    kasus_id, nomor = upd.kasus["id"], upd.kasus["nomor"]
    history = events.History(kasus_id, nomor, asal, stamp)
    log = history.log

    if upd.case.updates:
        values = case_values(upd, log)
        db.execute(f"UPDATE main.kasus SET {', '.join(f'{c} = ?' for c in values)} WHERE id = ?", [*values.values(), kasus_id])
    reason = f"ditimpa: {asal}"
    events.withdraw(db, kasus_id, None, upd.case.retract, reason, stamp, dates=upd.case.retract_dates)
    new_events = list(upd.case.events)
    last = db.execute("SELECT COALESCE(MAX(urutan), 0) FROM terlapor WHERE kasus_id = ?", [kasus_id]).fetchone()[0]
    for before, after, p in upd.people:
        if before is None:
            last += 1
            # with the state the file states; its events below derive the same state again
            pid = store.insert_row(db, "terlapor", {**after, "kasus_id": kasus_id, "urutan": last, "created_at": stamp,
                                                    "updated_at": stamp})
            log(last, "terlapor", None, "ditambahkan")
            for e in p.events:
                e.terlapor_id = pid
            new_events += p.events
        elif after is None:  # only with --timpa: the whole record goes to riwayat
            gone = {"terlapor": {c: before[c] for c in before if c not in ("id", "kasus_id")},
                    "tahapan": events.timeline_of_person(db, before["id"])}
            log(before["urutan"], "terlapor", json.dumps(gone, ensure_ascii=False), "dihapus")
            db.execute("DELETE FROM main.tahapan WHERE terlapor_id = ?", [before["id"]])
            db.execute("DELETE FROM main.terlapor WHERE id = ?", [before["id"]])
        else:
            if p.updates:
                for c, v in p.updates.items():
                    log(before["urutan"], c, before[c], v)
                db.execute(f"UPDATE main.terlapor SET {', '.join(f'{c} = ?' for c in p.updates)}, updated_at = ? WHERE id = ?",
                           [*p.updates.values(), stamp, before["id"]])
            events.withdraw(db, kasus_id, before["id"], p.retract, reason, stamp)
            new_events += p.events
    events.add(db, kasus_id, new_events, asal, stamp)
    history.save(db)
    events.reproject(db, kasus_id, asal, stamp)


def plain_columns(columns: list[str], state: tuple[str, ...]) -> list[str]:
    """The columns of a record that are not derived from events."""
    return [c for c in columns if c not in state]


def blank(value) -> bool:
    """An empty cell (the reader makes "-", "n/a" and the like one): in an update sheet (--perbarui)
    it changes nothing."""
    return value is None or (isinstance(value, str) and not value.strip())


class Filler:
    """--perbarui: a row names a stored case by nomor; the case fields it lacks come from the store."""

    def __init__(self, db: Database | None, file: str):
        self.db, self.file, self.cache = db, file, {}

    def fill(self, raw: dict, line: int) -> list[Problem]:
        nomor = raw.get("nomor")
        if not nomor or not str(nomor).strip():
            return [Problem("missing-field", _("an update file (--perbarui) needs the nomor of each case"), "nomor", None,
                            self.file, line)]
        key = " ".join(str(nomor).split()).lower()
        if key not in self.cache:
            self.cache[key] = store.find_case(self.db, str(nomor)) if self.db is not None else None
        stored = self.cache[key]
        if stored is None and self.db is not None:
            from netralitas.errors import InvalidInput
            from netralitas.gabung.pilih import untuk_diubah

            try:
                untuk_diubah(self.db, str(nomor))
            except InvalidInput as e:  # another office's record, merged by gabung: its office changes it
                return [Problem("merged-record", e.message, "nomor", str(nomor), self.file, line)]
        if stored is None:
            return [Problem("unknown-nomor", _("no case has this nomor; an update file (--perbarui) only changes recorded cases"), "nomor", str(nomor), self.file, line)]
        raw["nomor"] = stored["nomor"]
        for f in KASUS_FIELDS:
            if f not in raw or blank(raw[f]):  # an empty cell changes nothing
                raw[f] = stored[f] if f != "bukti" else (json.loads(stored[f]) if stored[f] else None)
        return []
