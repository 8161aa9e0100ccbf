"""Merge one source into this register: all-or-nothing, with provenance, by the importer's rules.

Only the source office's records are matched (an office's records change only from that
office's files): a nomor this register keeps for another office, or for itself, is another
record, kept apart and listed as a nomor conflict to look at. A re-merged hand-over changes only
what changed; an older one than what was merged is refused (its changes are conflicts).

A roll-up merged into another (a province's into the national one) hands over the records it
merged too: each keeps its own office, matched only against that office's records, and is taken
only when newer, by that office's own clock, than the copy this register has (an older copy is
left out and counted: `dilewati.lebih_lama`); records of this register's own office coming back
are left out and counted (`dilewati.kantor_sendiri`). Their origin (`asal`) says the way they
came (`lewat`) and the hand-over they first came in (`file_awal`, `waktu_awal`). So merging 38
province roll-ups, or the 514 offices' own files, gives the same records.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from netralitas import importer, store
from netralitas.errors import InvalidInput
from netralitas.gabung import duplikat, hapus, nomor, periksa, sumber as sumber_mod
from netralitas.gabung.sumber import Sumber
from netralitas.i18n import _

SHOWN = 50  # nomor conflicts and possible duplicates listed per source; the rest are counted


@dataclass
class Hasil:
    """What merging one source did."""

    sumber: Sumber | None
    file: importer.FileResult
    asal_id: int | None = None
    konflik_nomor: list[dict] = field(default_factory=list)
    n_konflik_nomor: int = 0
    duplikat: list[dict] = field(default_factory=list)
    n_duplikat: int = 0
    dilewati: dict = field(default_factory=dict)  # source records left out (counted): dihapus, lebih_lama, kantor_sendiri
    lewat: dict = field(default_factory=dict)  # relayed records (a roll-up's): office -> kasus handed over
    penghapusan: hapus.Perubahan = field(default_factory=hapus.Perubahan)  # deletions, restorations followed
    penomoran: nomor.Penomoran = field(default_factory=nomor.Penomoran)  # renumberings followed

    @property
    def valid(self) -> bool:
        return self.file.valid

    def to_dict(self) -> dict:
        s = self.sumber
        return {"file": self.file.path, "kantor": s.kantor if s else None, "nama": s.nama if s else None,
                "jenis": s.jenis if s else None, "valid": self.valid, "baru": self.file.baru,
                "diubah": self.file.diubah, "sama": self.file.sama, "konflik": self.file.problem_count,
                "konflik_nomor": self.n_konflik_nomor, "duplikat": self.n_duplikat, "dilewati": self.dilewati,
                "kantor_lain": self.lewat, "dihapus": self.penghapusan.dihapus, "dipulihkan": self.penghapusan.dipulihkan,
                "nomor_diganti": self.penomoran.diganti, "nomor_bentrok": self.penomoran.bentrok,
                "daftar_konflik_nomor": self.konflik_nomor, "daftar_duplikat": self.duplikat,
                "problems": [p.to_dict() for p in self.file.problems]}


def gabung(db: Database, path: Path, *, kantor: str | None = None, nama: str | None = None,
           timpa: bool = False) -> Hasil:
    """Merge one source (a netralitas database or an export file) of another office."""
    result = importer.FileResult(str(path))
    try:
        src = sumber_mod.identify(db, path, kantor, nama)
    except InvalidInput as e:
        from netralitas.errors import Problem

        result.add([Problem("bad-source", e.message, None, None, str(path))])
        return Hasil(None, result)
    hasil = Hasil(src, result)
    own = _own_office(db)
    if own is not None and own == src.kantor:
        from netralitas.errors import Problem

        result.add([Problem("own-office", _("this source is kept by this database's own office ({kode}); import "
                                            "its files with `netralitas import`").format(kode=own),
                            "kantor", src.kantor, str(path))])
        return hasil
    after = _provenance(hasil, own)
    relay = _relay(hasil, own)
    asal = f"gabung {path.name}"
    if src.jenis == "db":
        with sumber_mod.attached(db, path):
            hasil.dilewati = {k: v for k, v in sumber_mod.counts(db).items() if v}
            checks = periksa.Periksa(path)
            importer.merge_records(db, result, _checked(sumber_mod.records(db, checks), checks, result), write=True,
                                   timpa=timpa, perbarui=False, asal=asal, kantor=src.kantor, after=after,
                                   relay=relay, before=_follow(hasil, own))
    else:
        hasil.file = importer.process_file(db, path, write=True, timpa=timpa, kantor=src.kantor, asal=asal,
                                           after=after, relay=relay)
    if not hasil.valid:  # nothing written: nothing new, updated, relayed, deleted or restored either
        hasil.file.baru = hasil.file.diubah = hasil.file.sama = 0
        hasil.lewat = {}
        hasil.penghapusan = hapus.Perubahan()
        hasil.penomoran = nomor.Penomoran()
    return hasil


def _checked(records, checks: periksa.Periksa, result: importer.FileResult):
    """The source's checked records; once read, the problems found in them go to `result` (which
    refuses the source before anything is planned, as a file's problems refuse the file)."""
    yield from records
    result.add(checks.problems)


def _own_office(db: Database) -> str | None:
    from netralitas import kantor

    office = kantor.get(db)
    return office["wilayah"] if office else None


def _follow(hasil: Hasil, own: str | None):
    """Before planning: the source's renumberings (`nomor.ikuti`), then its deletions and
    restorations (`hapus.ikuti`) followed here."""

    def before(db: Database, table: str) -> None:
        src = hasil.sumber
        hasil.penomoran = nomor.ikuti(db, src.kantor, own, src.path)
        hasil.penghapusan = hapus.ikuti(db, src.kantor, own, src.path, table)
        hasil.dilewati.pop("dihapus", None)
        for key, n in (("dihapus", hasil.penghapusan.dilewati), ("lebih_lama", hasil.penghapusan.lebih_lama)):
            if n:
                hasil.dilewati[key] = hasil.dilewati.get(key, 0) + n

    return before


def _relay(hasil: Hasil, own: str | None):
    """Called with one other office's records of a roll-up staged: leave out this register's own
    office's records and copies older than the ones it has (by that office's clock), counted;
    whether any is left to merge."""

    def relay(db: Database, office: str) -> bool:
        def skip(key: str, n: int) -> None:
            if n:
                hasil.dilewati[key] = hasil.dilewati.get(key, 0) + n

        if office == own:
            skip("kantor_sendiri", db.execute("SELECT COUNT(DISTINCT grp) FROM temp.staging").fetchone()[0])
            return False
        db.execute("""CREATE TEMP TABLE lebih_lama AS SELECT DISTINCT s.grp FROM temp.staging s
                      JOIN main.kasus m ON m.nomor = s.nomor COLLATE NOCASE AND m.kantor = ?
                      WHERE s.diubah IS NOT NULL AND m.asal_diubah IS NOT NULL AND m.asal_diubah > s.diubah""",
                   [office])
        try:
            skip("lebih_lama", db.execute("SELECT COUNT(*) FROM temp.lebih_lama").fetchone()[0])
            db.execute("DELETE FROM temp.staging WHERE grp IN (SELECT grp FROM temp.lebih_lama)")
        finally:
            db.execute("DROP TABLE temp.lebih_lama")
        n = db.execute("SELECT COUNT(DISTINCT grp) FROM temp.staging").fetchone()[0]
        if n:
            hasil.lewat[office] = n
        return n > 0

    return relay


def _provenance(hasil: Hasil, own: str | None):
    """The step run inside the merge's transaction, once per office whose records a source hands
    over: the `asal` row(s), each written record's origin, the nomor conflicts and possible
    duplicates of that office's records."""

    def after(db: Database, result: importer.FileResult, plans: list, office: str | None) -> None:
        src = hasil.sumber
        office = office or src.kantor
        stamp = store.now()
        clashes = list(db.query(
            """SELECT i.final_nomor AS nomor, COALESCE(o.kantor, '') AS kantor_lain, o.nomor AS nomor_lain
               FROM temp.imp i JOIN main.kasus o ON o.nomor = i.final_nomor COLLATE NOCASE
               WHERE o.kantor IS NOT ? AND o.dihapus IS NULL ORDER BY i.first_seq""", [office]))
        hasil.n_konflik_nomor += len(clashes)
        hasil.konflik_nomor += clashes[:SHOWN - len(hasil.konflik_nomor)]
        n_dup, dups = duplikat.of_office(db, office, limit=SHOWN)
        hasil.n_duplikat += n_dup
        hasil.duplikat += dups[:SHOWN - len(hasil.duplikat)]
        kasus, baru = db.execute("SELECT COUNT(*), COALESCE(SUM(existing_id IS NULL), 0) FROM temp.imp").fetchone()
        counts = {"baru": baru, "diubah": len(plans), "sama": kasus - baru - len(plans), "konflik": len(clashes),
                  "duplikat": n_dup}
        row = {"kantor": office, "nama": src.nama, "file": str(src.path.resolve()), "jenis": src.jenis,
               "waktu": stamp, **counts}
        renamed = [i for i in hasil.penomoran.kasus.get(office, []) if i not in {upd.kasus["id"] for upd in plans}]
        changed = [upd.kasus["id"] for upd in plans] + hasil.penghapusan.kasus.get(office, []) + renamed
        if src.jenis == "db":
            nomor.simpan(db, src.kantor, office)
        # nothing of this office written: its records keep the hand-over that last wrote them, no new row
        if office == src.kantor and _wrote(db, office, baru, changed, src.nama):
            asal_id = db["asal"].insert(row).last_pk
            hasil.asal_id = asal_id
            db.execute("UPDATE main.kasus SET asal_id = ? WHERE kantor = ? AND asal_id IS NULL", [asal_id, office])
            db.conn.executemany("UPDATE main.kasus SET asal_id = ? WHERE id = ?", [(asal_id, i) for i in changed])
        elif office != src.kantor and _wrote(db, office, baru, changed, None):
            _relayed_origin(db, hasil, office, row, changed)
        # the office's own clock of its last change: a later, older hand-over is recognised as older
        db.execute("""UPDATE main.kasus SET asal_diubah = x.d
                      FROM (SELECT i.final_nomor AS nomor, MAX(s.diubah) AS d FROM temp.imp i
                            JOIN temp.staging s ON s.grp = i.grp GROUP BY i.grp) x
                      WHERE kasus.nomor = x.nomor AND kasus.kantor = ? AND x.d IS NOT NULL
                            AND (kasus.asal_diubah IS NULL OR kasus.asal_diubah < x.d)""", [office])

    return after


def _wrote(db: Database, office: str, baru: int, changed: list[int], nama: str | None) -> bool:
    """Whether merging one office's records wrote anything that needs an origin (`asal` row): new or
    changed records, records without one yet, or (the source's own office) a new name for it."""
    if baru or changed:
        return True
    if db.execute("SELECT 1 FROM kasus WHERE kantor = ? AND asal_id IS NULL LIMIT 1", [office]).fetchone():
        return True
    if nama is None:
        return False
    last = db.execute("SELECT nama FROM asal WHERE kantor = ? ORDER BY id DESC LIMIT 1",
                      [office]).fetchone()
    return last is None or last[0] != nama


def _relayed_origin(db: Database, hasil: Hasil, office: str, row: dict, changed: list[int]) -> None:
    """`asal` rows of one office's records relayed by a roll-up: one per hand-over of that office the
    roll-up merged (from a database; an export says only the office), each naming the way the records
    came and the file they first came in; the new and changed records point to theirs."""
    src = hasil.sumber
    row = {**row, "nama": sumber_mod.office_label(office)}  # unless the roll-up's hand-over names it
    targets = "kantor = ? AND (asal_id IS NULL OR id IN (SELECT value FROM json_each(?)))"
    params = [office, json.dumps(changed)]
    if src.jenis != "db":
        asal_id = db["asal"].insert({**row, "lewat": src.kantor}).last_pk
        db.execute(f"UPDATE main.kasus SET asal_id = ? WHERE {targets}", [asal_id, *params])
        return
    mapping = {}
    for origin in sumber_mod.asal_rows(db, office):
        lewat = " > ".join(x for x in (origin.get("lewat"), src.kantor) if x)
        mapping[origin["id"]] = db["asal"].insert(
            {**row, "nama": origin["nama"], "lewat": lewat, "file_awal": origin.get("file_awal") or origin["file"],
             "waktu_awal": origin.get("waktu_awal") or origin["waktu"]}).last_pk
    fallback = db["asal"].insert({**row, "lewat": src.kantor}).last_pk if not mapping else None
    db.execute("CREATE TEMP TABLE asal_peta (lama INTEGER PRIMARY KEY, baru INTEGER)")
    try:
        db.conn.executemany("INSERT INTO temp.asal_peta VALUES (?, ?)", list(mapping.items()))
        db.execute(f"""UPDATE main.kasus SET asal_id = COALESCE(
                           (SELECT p.baru FROM {sumber_mod.ALIAS}.kasus s JOIN temp.asal_peta p ON p.lama = s.asal_id
                            WHERE s.nomor = kasus.nomor AND s.kantor = kasus.kantor),
                           ?, (SELECT MAX(baru) FROM temp.asal_peta))
                       WHERE {targets}""", [fallback, *params])
    finally:
        db.execute("DROP TABLE temp.asal_peta")
