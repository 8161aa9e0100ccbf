"""A file's view of a case against the stored case: what changes, what would be lost, which events.

Pure logic, used by import (and the migration that turned stored state into events). The rules:
- a column absent from the file leaves the stored value alone;
- an empty cell never erases a stored value, a status never moves back, a recorded stage never
  disappears: each is a *conflict* (the file is refused) unless the user says `--timpa`;
- stage columns become dated events (tahapan); the state is derived from the events again;
- a terlapor is the same person by NIP, else by name (case, spaces and Unicode ignored), else by
  position among those not yet matched; reordering persons changes nothing.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from operator import itemgetter

from netralitas.tahapan import CASE_GROUPS, PERSON_GROUPS, SEP, Event, moves_forward, person_state
from netralitas.i18n import N_

LOST_VALUE = N_("the file has no value where the register has one")
LOST_STAGE = N_("a recorded stage would disappear")
BACKWARDS = N_("the status would move back")
STALE = N_("the file was exported before the register last changed")
REMOVED = N_("the terlapor is not in the file")


@dataclass
class Difference:
    field: str
    old: object
    new: object
    conflict: str | None = None  # why applying it would lose data; None for an ordinary change
    terlapor: int | None = None  # the person's position in the stored case (None: a case field)


@dataclass
class Plan:
    """What a file does to one stored case (or one stored person)."""

    updates: dict = field(default_factory=dict)  # plain column -> new value
    events: list[Event] = field(default_factory=list)
    retract: set[str] = field(default_factory=set)  # stages whose active events a --timpa withdraws
    retract_dates: set[str] = field(default_factory=set)  # klarifikasi dates withdrawn
    differences: list[Difference] = field(default_factory=list)

    @property
    def conflicts(self) -> list[Difference]:
        return [d for d in self.differences if d.conflict]


def name_key(name: str | None) -> str | None:
    if not name:
        return None
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def name_jabatan(nama: str | None, jabatan: str | None) -> str | None:
    """A person's name with their position (jabatan), case, spaces and Unicode ignored; None without a name."""
    if not nama:
        return None
    return name_key(nama) + "\x1f" + (name_key(jabatan) or "")


def same_person(a: dict, b: dict) -> bool:
    """Whether two terlapor of one case are one person named twice: the same NIP, or (one of them
    without NIP) the same name and jabatan. Persons named by neither (an export without personal
    data) are never the same."""
    if a.get("nip") and b.get("nip"):
        return a["nip"] == b["nip"]
    key = name_jabatan(a.get("nama"), a.get("jabatan"))
    return key is not None and key == name_jabatan(b.get("nama"), b.get("jabatan"))


def match_people(stored: list[dict], incoming: list[dict], *, by_position: bool = True) -> list[tuple[int | None, int | None]]:
    """Pairs (stored index, incoming index): by NIP, then by name, then by position (a person the
    file names by NIP or name is paired by position only when `by_position`)."""
    if len(stored) == 1 and len(incoming) == 1:  # most cases: the same pairing, without the search
        return _match_one(stored[0], incoming[0], by_position)
    return _match_many(stored, incoming, by_position)


def _match_one(person: dict, other: dict, by_position: bool) -> list[tuple[int | None, int | None]]:
    nip, other_nip = person.get("nip"), other.get("nip")
    if nip and nip == other_nip:
        return [(0, 0)]
    key = name_key(person.get("nama"))
    if key is not None and key == name_key(other.get("nama")):
        return [(0, 0)]
    if (not by_position and (other_nip or other.get("nama"))) or (nip and other_nip and nip != other_nip):
        return [(0, None), (None, 0)]
    return [(0, 0)]


def _match_many(stored: list[dict], incoming: list[dict], by_position: bool) -> list[tuple[int | None, int | None]]:
    pairs: dict[int, int] = {}
    free_in = set(range(len(incoming)))

    def take(key):
        for j in sorted(free_in):
            for i, person in enumerate(stored):
                if i in pairs:
                    continue
                a, b = key(person), key(incoming[j])
                if a is not None and a == b:
                    pairs[i] = j
                    free_in.discard(j)
                    break

    take(lambda p: p.get("nip") or None)
    take(lambda p: name_key(p.get("nama")))
    rest_in = sorted(free_in)
    for i, person in enumerate(stored):
        if i in pairs or not rest_in:
            continue
        if not by_position:
            rest_in = [j for j in rest_in if not incoming[j].get("nip") and not incoming[j].get("nama")]
            if not rest_in:
                break
        j = rest_in[0]
        other = incoming[j]
        if person.get("nip") and other.get("nip") and person["nip"] != other["nip"]:
            continue  # two different people
        pairs[i] = j
        rest_in.pop(0)
        free_in.discard(j)
    out = [(i, pairs.get(i)) for i in range(len(stored))]
    out += [(None, j) for j in sorted(free_in)]
    return out


_STAGE_COLUMNS = {id(g): frozenset(c for columns in g.values() for c in columns) for g in (CASE_GROUPS, PERSON_GROUPS)}
_STAGE_VALUES = {key: itemgetter(*sorted(columns)) for key, columns in _STAGE_COLUMNS.items()}


def _groups(plan: Plan, groups: dict, stored: dict, incoming: dict, present: set, timpa: bool,
            terlapor: int | None, terlapor_id: int | None) -> None:
    known = _STAGE_COLUMNS.get(id(groups))
    if known is not None:
        values = _STAGE_VALUES[id(groups)]
        try:
            if values(incoming) == values(stored):
                return  # every stage column the same (those the file gives among them): in C, the usual case
        except KeyError:  # a record without some column: compared one by one below
            pass
        for c in known:
            if c in present and incoming.get(c) != stored.get(c):
                break
        else:
            return  # no stage column of the file differs
    for stage, columns in groups.items():
        cols = [c for c in columns if c in present]
        changed = [c for c in cols if incoming.get(c) != stored.get(c)]
        if not changed:
            continue
        lost = [c for c in changed if incoming.get(c) is None]
        for c in changed:
            plan.differences.append(Difference(c, stored.get(c), incoming.get(c),
                                               LOST_STAGE if c in lost and not timpa else None, terlapor))
        if lost and not timpa:
            continue
        if lost:
            plan.retract.add(stage)
        merged = {c: (incoming.get(c) if c in present else stored.get(c)) for c in columns}
        if all(v is None for v in merged.values()):
            continue  # withdrawn (--timpa), nothing new to record
        date_col = _date_col(columns)
        data = {key: merged[c] for c, key in columns.items() if key != "tanggal" and merged[c] is not None}
        plan.events.append(Event(stage, merged[date_col], data, terlapor_id))


def _date_col(columns: dict) -> str:
    return next(c for c, key in columns.items() if key == "tanggal")


def plan_case(stored: dict, incoming: dict, present: set, plain: list[str], *, timpa: bool) -> Plan:
    """Case fields: plain columns are updated, stage columns become events (klarifikasi may repeat)."""
    plan = Plan()
    for c in plain:
        if c in present and incoming.get(c) != stored.get(c):
            lost = incoming.get(c) is None
            plan.differences.append(Difference(c, stored.get(c), incoming.get(c), LOST_VALUE if lost and not timpa else None))
            if not lost or timpa:
                plan.updates[c] = incoming.get(c)
    _groups(plan, CASE_GROUPS, stored, incoming, present, timpa, None, None)
    if "tanggal_pleno" in present and incoming.get("tanggal_pleno") != stored.get("tanggal_pleno"):
        lost = incoming.get("tanggal_pleno") is None
        plan.differences.append(Difference("tanggal_pleno", stored.get("tanggal_pleno"), incoming.get("tanggal_pleno"),
                                           LOST_STAGE if lost and not timpa else None))
        if lost and timpa:
            plan.retract.add("pleno")
    if "tanggal_klarifikasi" in present:
        old = set(filter(None, (stored.get("tanggal_klarifikasi") or "").split(SEP)))
        new = set(filter(None, (incoming.get("tanggal_klarifikasi") or "").split(SEP)))
        if old != new:
            gone = old - new
            plan.differences.append(Difference("tanggal_klarifikasi", stored.get("tanggal_klarifikasi"),
                                               incoming.get("tanggal_klarifikasi"), LOST_STAGE if gone and not timpa else None))
            if not gone or timpa:
                plan.retract_dates |= gone
                plan.events += [Event("klarifikasi", d) for d in sorted(new - old)]
    return plan


def plan_person(events: list[Event], stored: dict, incoming: dict, present: set, *, tanggal_pleno: str | None,
                pleno_changed: bool, timpa: bool, terlapor: int | None, terlapor_id: int | None,
                plain: list[str]) -> Plan:
    """One matched person: plain fields, stage columns, then the status the file states."""
    plan = Plan()
    for c in plain:
        if c in present and incoming.get(c) != stored.get(c):
            lost = incoming.get(c) is None
            plan.differences.append(Difference(c, stored.get(c), incoming.get(c), LOST_VALUE if lost and not timpa else None,
                                               terlapor))
            if not lost or timpa:
                plan.updates[c] = incoming.get(c)
    _groups(plan, PERSON_GROUPS, stored, incoming, present, timpa, terlapor, terlapor_id)
    _pidana_backwards(plan, stored, timpa, terlapor)
    wanted = incoming.get("status") if "status" in present else None
    before = person_state(events)["status"]
    now = person_state([e for e in events if e.tahap not in plan.retract] + plan.events)["status"] \
        if plan.retract or plan.events else before
    if wanted is not None and wanted != now:
        if not moves_forward(now, wanted):
            plan.differences.append(Difference("status", before, wanted, None if timpa else BACKWARDS, terlapor))
            if timpa:
                plan.retract |= {"pleno", "rekomendasi", "sanksi"}
                plan.events = [e for e in plan.events if e.tahap not in ("pleno", "rekomendasi", "sanksi")]
                plan.events += implied_events(wanted, tanggal_pleno, terlapor_id)
        else:
            if before != wanted:
                plan.differences.append(Difference("status", before, wanted, None, terlapor))
            plan.events += implied_events(wanted, tanggal_pleno, terlapor_id)
    if pleno_changed and tanggal_pleno and not any(e.tahap == "pleno" for e in plan.events):
        # the case's pleno date is new or moved: date this person's outcome with it
        active = [e for e in events if e.tahap not in plan.retract] + plan.events
        pleno = next((e for e in reversed(active) if e.tahap == "pleno"), None)
        hasil = pleno.data.get("hasil") if pleno else OUTCOME.get(person_state(active)["status"])
        if hasil:
            plan.events.append(Event("pleno", tanggal_pleno, {"hasil": hasil}, terlapor_id))
    return plan


def _pidana_backwards(plan: Plan, stored: dict, timpa: bool, terlapor: int | None) -> None:
    """The criminal route's outcome never moves back (putusan -> penyidikan) without --timpa."""
    from netralitas.rute import pidana_forward

    new = next((e for e in plan.events if e.tahap == "pidana"), None)
    was = stored.get("pidana")
    if new is None or not was or not new.data.get("hasil") or pidana_forward(was, new.data["hasil"]):
        return
    for d in plan.differences:
        if d.field == "pidana" and d.terlapor == terlapor and not timpa:
            d.conflict = BACKWARDS
    if timpa:
        plan.retract.add("pidana")
    else:
        plan.events.remove(new)


OUTCOME = {"tidak_terbukti": "tidak_terbukti", "direkomendasikan": "terbukti", "disanksi": "terbukti"}


def implied_events(status: str, tanggal_pleno: str | None, terlapor_id: int | None) -> list[Event]:
    """The event that a stated status implies when no stage column records it."""
    if status == "tidak_terbukti":
        return [Event("pleno", tanggal_pleno, {"hasil": "tidak_terbukti"}, terlapor_id)]
    if status == "direkomendasikan":
        return [Event("pleno", tanggal_pleno, {"hasil": "terbukti"}, terlapor_id)]
    if status == "disanksi":
        return [Event("sanksi", None, {}, terlapor_id)]
    return []


def _stated(groups: dict, values: dict, terlapor_id: int | None) -> list[Event]:
    """One event per stage whose columns hold anything."""
    out = []
    for stage, columns in groups.items():
        if any(values.get(c) is not None for c in columns):
            data = {key: values[c] for c, key in columns.items() if key != "tanggal" and values.get(c) is not None}
            out.append(Event(stage, values.get(_date_col(columns)), data, terlapor_id))
    return out


def events_of_state(case: dict, people: list[dict]) -> tuple[list[Event], list[list[Event]]]:
    """The events that a case's stated state implies, for a new record (nothing stored before):
    what `plan_case` and `plan_person` give against an empty record, without the comparison."""
    own = _stated(CASE_GROUPS, case, None)
    own += [Event("klarifikasi", d) for d in sorted(set(filter(None, (case.get("tanggal_klarifikasi") or "").split(SEP))))]
    pleno_date = case.get("tanggal_pleno")
    per_person = []
    for p in people:
        events = _stated(PERSON_GROUPS, p, None)
        wanted, now = p.get("status"), person_state(events)["status"]
        if wanted is not None and wanted != now and moves_forward(now, wanted):
            events += implied_events(wanted, pleno_date, None)
        if pleno_date and not any(e.tahap == "pleno" for e in events):
            hasil = OUTCOME.get(person_state(events)["status"])
            if hasil:
                events.append(Event("pleno", pleno_date, {"hasil": hasil}))
        per_person.append(events)
    if pleno_date and not any(e.tahap == "pleno" for events in per_person for e in events):
        own.append(Event("pleno", pleno_date))  # a pleno with no outcome per person recorded
    return own, per_person


def every_event_of_state(case: dict, people: list[dict]) -> list[Event]:
    """`events_of_state` as one list: the case's own events, then each person's, carrying the
    person's id (people's "id"), as they are stored."""
    own, per_person = events_of_state(case, people)
    every = list(own)
    for p, events in zip(people, per_person):
        for e in events:
            e.terlapor_id = p["id"]
        every += events
    return every
