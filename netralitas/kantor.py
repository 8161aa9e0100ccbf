"""The office that keeps a database: its name and region (`netralitas kantor set`).

A Bawaslu office is a kabupaten/kota office (region `64.02`) or a province office (`64`). Its
own records carry no office code (kasus.kantor is NULL: they are this database's); records merged
from other offices by `gabung` carry theirs. Every change of the identity goes to riwayat_catatan.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from netralitas import store
from netralitas.errors import InvalidInput, LookupFailed, Problem
from netralitas.i18n import _
from netralitas.wilayah import catalog

if TYPE_CHECKING:
    from sqlite_utils import Database


def resolve_wilayah(text: str) -> str:
    """The code of a kabupaten/kota or a province (code, name or alias)."""
    try:
        return catalog().resolve_kab(text).kode
    except LookupFailed as kab_error:
        try:
            return catalog().resolve_prov(text).kode
        except LookupFailed:
            raise kab_error from None


def get(db: Database) -> dict | None:
    """This database's office, or None when `kantor set` was never run."""
    if not db["kantor"].exists():
        return None
    row = next(db.query("SELECT wilayah, nama, updated_at FROM kantor WHERE id = 1"), None)
    return dict(row) if row else None


def code(db: Database) -> str | None:
    """This database's office's region code, or None."""
    office = get(db)
    return office["wilayah"] if office else None


class KantorCells:
    """The `kantor` cell of a roll-up's export: a region code, empty or `home` (the file's own office) for
    the file's own records."""

    def __init__(self, home: str | None):
        self.home, self.seen = home, {}

    def read(self, raw, file: str, line: int) -> tuple[str | None, list[Problem]]:
        text = str(raw).strip() if raw is not None else ""
        if not text:
            return None, []
        if text not in self.seen:
            try:
                self.seen[text] = resolve_wilayah(text)
            except LookupFailed as e:
                self.seen[text] = Problem("unknown-kantor", e.message, "kantor", text, file, line)
        got = self.seen[text]
        if isinstance(got, Problem):
            return None, [Problem(got.code, got.message, "kantor", text, file, line)]
        return (None if got == self.home else got), []


def set_kantor(db: Database, nama: str, wilayah: str) -> dict:
    """Record (or change) the office that keeps this database; the old values go to riwayat_catatan."""
    nama = " ".join(str(nama).split())
    if not nama:
        raise InvalidInput(_("the office needs a name (--nama), e.g. \"Bawaslu Kabupaten Kutai Kartanegara\""))
    try:
        kode = resolve_wilayah(wilayah)
    except LookupFailed as e:
        raise InvalidInput(_("--wilayah: {message}").format(message=e.message)) from None
    stamp = store.now()
    with store.write(db):
        old = get(db)
        if old is not None:
            changed = {c: (old[c], v) for c, v in (("nama", nama), ("wilayah", kode)) if old[c] != v}
            if changed and db.execute("SELECT 1 FROM kasus WHERE kantor = ? LIMIT 1", [kode]).fetchone():
                raise InvalidInput(_("records of the office {kode} were merged into this database; it cannot "
                                     "take that office's identity").format(kode=kode))
            db["riwayat_catatan"].insert_all({"waktu": stamp, "tabel": "kantor", "kode": "1", "kolom": c, "lama": a,
                                              "baru": b, "asal": "kantor set"} for c, (a, b) in changed.items())
        elif db.execute("SELECT 1 FROM kasus WHERE kantor = ? LIMIT 1", [kode]).fetchone():
            raise InvalidInput(_("records of the office {kode} were merged into this database; it cannot "
                                 "take that office's identity").format(kode=kode))
        db["kantor"].upsert({"id": 1, "wilayah": kode, "nama": nama, "updated_at": stamp}, pk="id")
    return get(db)
