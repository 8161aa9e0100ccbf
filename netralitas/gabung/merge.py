"""Merge one source into this register: all-or-nothing, with provenance, by the importer's rules.

Only the source office's records are matched (an office's records change only from that
office's files): a nomor this register keeps for another office, or for itself, is another
record, kept apart and listed as a nomor conflict to look at. A re-merged hand-over changes only
what changed; an older one than what was merged is refused (its changes are conflicts).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from netralitas import importer, store
from netralitas.errors import InvalidInput
from netralitas.gabung import duplikat, sumber as sumber_mod
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
    dilewati: dict = field(default_factory=dict)  # source records left out: deleted, other offices'

    @property
    def valid(self) -> bool:
        return self.file.valid

    def to_dict(self) -> dict:
        s = self.sumber
        return {"file": self.file.path, "kantor": s.kantor if s else None, "nama": s.nama if s else None,
                "jenis": s.jenis if s else None, "valid": self.valid, "baru": self.file.baru,
                "diubah": self.file.diubah, "sama": self.file.sama, "konflik": self.file.problem_count,
                "konflik_nomor": self.n_konflik_nomor, "duplikat": self.n_duplikat, "dilewati": self.dilewati,
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
    after = _provenance(hasil)
    asal = f"gabung {path.name}"
    if src.jenis == "db":
        with sumber_mod.attached(db, path):
            hasil.dilewati = {k: v for k, v in sumber_mod.counts(db).items() if v}
            importer.merge_records(db, result, sumber_mod.records(db), write=True, timpa=timpa, perbarui=False,
                                   asal=asal, kantor=src.kantor, after=after)
    else:
        hasil.file = importer.process_file(db, path, write=True, timpa=timpa, kantor=src.kantor, asal=asal,
                                           after=after)
    return hasil


def _own_office(db: Database) -> str | None:
    from netralitas import kantor

    office = kantor.get(db)
    return office["wilayah"] if office else None


def _provenance(hasil: Hasil):
    """The step run inside the merge's transaction: the `asal` row, each written record's origin,
    the nomor conflicts and possible duplicates of this office's records."""

    def after(db: Database, result: importer.FileResult, plans: list) -> None:
        src = hasil.sumber
        stamp = store.now()
        clashes = list(db.query(
            """SELECT i.final_nomor AS nomor, COALESCE(o.kantor, '') AS kantor_lain, o.nomor AS nomor_lain
               FROM temp.imp i JOIN main.kasus o ON o.nomor = i.final_nomor COLLATE NOCASE
               WHERE o.kantor IS NOT ? AND o.dihapus IS NULL ORDER BY i.first_seq""", [src.kantor]))
        hasil.n_konflik_nomor, hasil.konflik_nomor = len(clashes), clashes[:SHOWN]
        hasil.n_duplikat, hasil.duplikat = duplikat.of_office(db, src.kantor, limit=SHOWN)
        hasil.asal_id = db["asal"].insert(
            {"kantor": src.kantor, "nama": src.nama, "file": str(src.path.resolve()), "jenis": src.jenis,
             "waktu": stamp, "baru": result.baru, "diubah": result.diubah, "sama": result.sama,
             "konflik": hasil.n_konflik_nomor, "duplikat": hasil.n_duplikat}).last_pk
        changed = [upd.kasus["id"] for upd in plans]
        db.execute("UPDATE kasus SET asal_id = ? WHERE kantor = ? AND asal_id IS NULL", [hasil.asal_id, src.kantor])
        db.conn.executemany("UPDATE kasus SET asal_id = ? WHERE id = ?", [(hasil.asal_id, i) for i in changed])
        # the source's own clock of its last change: a later, older hand-over is recognised as older
        db.execute("""UPDATE kasus SET asal_diubah = x.d
                      FROM (SELECT i.final_nomor AS nomor, MAX(s.diubah) AS d FROM temp.imp i
                            JOIN temp.staging s ON s.grp = i.grp GROUP BY i.grp) x
                      WHERE kasus.nomor = x.nomor AND kasus.kantor = ? AND x.d IS NOT NULL
                            AND (kasus.asal_diubah IS NULL OR kasus.asal_diubah < x.d)""", [src.kantor])

    return after
