"""Corrections (ubah) and deletion (hapus): explicit, validated, and every change in the history.

`ubah` corrects fields of a case or a terlapor (a typo, a wrong region), adds a terlapor, gives
a case its official register number (the old one still finds it) and withdraws a stage recorded
in error (the only way a status moves back). `hapus` takes a case out of every count; its whole
record stays, and `hapus --batal` restores it.
"""

from __future__ import annotations

import json

from pydantic import ValidationError
from sqlite_utils import Database

from netralitas import events, store
from netralitas.errors import InvalidInput, Problem
from netralitas.models import KASUS_FIELDS, TERLAPOR_FIELDS, Kasus, stage_problems
from netralitas.reconcile import same_person
from netralitas.validation_problems import problems_from
from netralitas.tahapan import CASE_STATE, PERSON_STATE, katalog
from netralitas.i18n import _

CASE_EDITABLE = [f for f in KASUS_FIELDS if f not in CASE_STATE and f != "nomor"]
PERSON_EDITABLE = [f for f in TERLAPOR_FIELDS if f not in PERSON_STATE]


def _people(db: Database, kasus_id: int) -> list[dict]:
    return [dict(r) for r in db.query("SELECT * FROM terlapor WHERE kasus_id = ? ORDER BY urutan", [kasus_id])]


def _validated(kasus: dict, people: list[dict]) -> None:
    """The corrected record must be as valid as a file's."""
    case = {f: kasus[f] for f in KASUS_FIELDS}
    case["bukti"] = json.loads(case["bukti"]) if case["bukti"] else []
    try:
        checked = Kasus(**case, terlapor=[{f: p[f] for f in TERLAPOR_FIELDS} for p in people])
    except ValidationError as e:
        raise InvalidInput(_("the corrected case is not valid; nothing was written"), problems_from(e)) from None
    problems = stage_problems(store.kasus_record(checked), [store.terlapor_record(p) for p in checked.terlapor],
                              lines=[None] * len(checked.terlapor))
    if problems:
        raise InvalidInput(_("the corrected case is not valid; nothing was written"), problems)


def _named_once(nomor: str, persons: list[dict], changed: dict) -> None:
    """A terlapor added or corrected must not be one the case already names (reconcile.same_person)."""
    other = next((p for p in persons if p is not changed and same_person(p, changed)), None)
    if other is None:
        return
    if changed["nip"] and other["nip"]:
        problem = Problem("duplicate-terlapor", _("{nomor}: terlapor {urutan} has the same NIP; a case names a person "
                                                  "once").format(nomor=nomor, urutan=other["urutan"]), "nip", changed["nip"])
    else:
        problem = Problem("duplicate-terlapor", _("{nomor}: terlapor {urutan} has the same name and jabatan, and one of "
                                                  "them no NIP; a case names a person once").format(
                                                      nomor=nomor, urutan=other["urutan"]), "nama", changed["nama"])
    raise InvalidInput(_("the corrected case is not valid; nothing was written"), [problem])


def ubah(db: Database, kasus: dict, *, case_changes: dict, person: dict | None = None, person_changes: dict | None = None,
         new_person: dict | None = None, nomor_baru: str | None = None, batalkan: str | None = None,
         alasan: str | None = None) -> str:
    """Apply one correction; return the case's nomor (the new one after renumbering). Call inside write()."""
    stamp, asal = store.now(), f"ubah ({events.oleh()})"
    people = _people(db, kasus["id"])
    history = events.History(kasus["id"], kasus["nomor"], asal, stamp)
    log = history.log

    after = {**kasus, **case_changes}
    if "wilayah" in case_changes:
        after["provinsi"] = case_changes["wilayah"][:2]
    persons = [({**p, **(person_changes or {})} if person and p["id"] == person["id"] else p) for p in people]
    if new_person:
        persons.append({**dict.fromkeys(TERLAPOR_FIELDS), **new_person, "status": "diproses"})
    if case_changes or person_changes or new_person or nomor_baru:  # withdrawing a stage alone is always allowed:
        _validated(after, persons)                                  # it is how a wrong one is taken back
    if new_person:
        _named_once(kasus["nomor"], persons, persons[-1])
    elif person and person_changes:  # a person who becomes another (a corrected NIP, name or jabatan)
        changed = next(p for p in persons if p["id"] == person["id"])
        if not same_person(changed, person):
            _named_once(kasus["nomor"], persons, changed)
    if nomor_baru:
        nomor_baru = " ".join(nomor_baru.split())
        other = store.find_case(db, nomor_baru, deleted=True)
        if other is not None and other["id"] != kasus["id"]:
            raise InvalidInput(_("the nomor {nomor} is already used by another case; nothing was written").format(nomor=nomor_baru))
        store.held_by_import(db, nomor_baru)
        db.execute("INSERT OR REPLACE INTO nomor_lama (nomor, kantor, kasus_id, waktu) VALUES (?, NULL, ?, ?)",
                   [kasus["nomor"], kasus["id"], stamp])
        db.execute("DELETE FROM nomor_lama WHERE nomor = ? COLLATE NOCASE AND kantor IS NULL", [nomor_baru])
        log(None, "nomor", kasus["nomor"], nomor_baru)
        case_changes = {**case_changes, "nomor": nomor_baru, "nomor_otomatis": 0}
    changed = {c: v for c, v in case_changes.items() if kasus[c] != v}
    for c, v in changed.items():
        if c not in ("nomor", "nomor_otomatis"):
            log(None, c, kasus[c], v)
    if "wilayah" in changed:
        changed["provinsi"] = changed["wilayah"][:2]
    if changed:
        db.execute(f"UPDATE main.kasus SET {', '.join(f'{c} = ?' for c in changed)} WHERE id = ?",
                   [*changed.values(), kasus["id"]])
    if person and person_changes:
        diff = {c: v for c, v in person_changes.items() if person[c] != v}
        for c, v in diff.items():
            log(person["urutan"], c, person[c], v)
        if diff:
            db.execute(f"UPDATE main.terlapor SET {', '.join(f'{c} = ?' for c in diff)}, updated_at = ? WHERE id = ?",
                       [*diff.values(), stamp, person["id"]])
    if new_person:
        urutan = max((p["urutan"] for p in people), default=0) + 1
        store.insert_row(db, "terlapor", {**new_person, "kasus_id": kasus["id"], "urutan": urutan, "status": "diproses",
                                          "created_at": stamp, "updated_at": stamp})
        log(urutan, "terlapor", None, "ditambahkan")
    if batalkan:
        stage = katalog().tahap[batalkan]
        target = person["id"] if stage.tingkat == "terlapor" else None
        if not events.withdraw(db, kasus["id"], target, {batalkan}, alasan, stamp):
            raise InvalidInput((_("no recorded {tahap} to withdraw for this terlapor; nothing was written") if target
                                else _("no recorded {tahap} to withdraw; nothing was written")).format(tahap=batalkan))
        log(person["urutan"] if target else None, "tahap dibatalkan", batalkan, alasan)
    history.save(db)
    events.reproject(db, kasus["id"], asal, stamp)
    return case_changes.get("nomor", kasus["nomor"])


def hapus(db: Database, kasus: dict, alasan: str) -> None:
    """Take a case out of every count; the record stays. Call inside write()."""
    stamp = store.now()
    db.execute("UPDATE main.kasus SET dihapus = ?, dihapus_alasan = ?, updated_at = ? WHERE id = ?",
               [stamp, alasan, stamp, kasus["id"]])
    history = events.History(kasus["id"], kasus["nomor"], f"hapus ({events.oleh()})", stamp)
    history.log(None, "dihapus", None, alasan)
    history.save(db)


def pulihkan(db: Database, kasus: dict) -> None:
    """Restore a deleted case (hapus --batal). Call inside write()."""
    stamp = store.now()
    db.execute("UPDATE main.kasus SET dihapus = NULL, dihapus_alasan = NULL, updated_at = ? WHERE id = ?", [stamp, kasus["id"]])
    history = events.History(kasus["id"], kasus["nomor"], f"hapus --batal ({events.oleh()})", stamp)
    history.log(None, "dihapus", kasus["dihapus_alasan"], None)
    history.save(db)
