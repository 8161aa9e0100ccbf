"""Renumberings travel with a database hand-over.

An office gives a case its official register number with `ubah --nomor-baru`; its database keeps
the number the case had before (table `nomor_lama`: old nomor -> the case). Merging that
database, the roll-up's copy still under an old number is renumbered first, before the records
are matched, so it is updated, not merged a second time under the new number (and a deletion of
the renamed case is followed). Only a copy of the same office is renamed, with a riwayat row
naming the hand-over and the office; a copy that cannot be renamed because the roll-up already
has a record of that office under the new number is left as it is and counted (`bentrok`),
never merged. The old numbers are kept here per office, so they still find the case (`show`)
and an older hand-over still matches it; two offices' old numbers never meet. A roll-up's own
database carries them on, so a roll-up of roll-ups follows.

Export files carry no old numbers: a renumbering travels only with a database hand-over.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from netralitas import events, store
from netralitas.gabung.sumber import ALIAS, columns


@dataclass
class Penomoran:
    """What one hand-over's renumberings did here."""

    diganti: int = 0  # copies renumbered here because their office renumbered them
    bentrok: int = 0  # copies not renumbered: this office's new number is already another record here
    kasus: dict = field(default_factory=dict)  # office -> ids of the copies renumbered here


def _source_renames(db: Database) -> str | None:
    """The attached source's old numbers as (lama, baru, kantor, waktu): an old nomor, the case's
    current nomor and its office. None when the source keeps no old numbers."""
    tables = {r[0] for r in db.execute(f"SELECT name FROM {ALIAS}.sqlite_master WHERE type = 'table'")}
    if "nomor_lama" not in tables or not {"nomor", "kasus_id"} <= columns(db, "nomor_lama"):
        return None
    office = "COALESCE(k.kantor, :src)" if "kantor" in columns(db, "kasus") else ":src"
    return f"""SELECT n.nomor AS lama, k.nomor AS baru, {office} AS kantor, n.waktu
               FROM {ALIAS}.nomor_lama n JOIN {ALIAS}.kasus k ON k.id = n.kasus_id
               WHERE n.nomor IS NOT NULL AND n.nomor <> k.nomor COLLATE NOCASE"""


def ikuti(db: Database, src_kantor: str, own: str | None, path: Path) -> Penomoran:
    """Renumber this roll-up's copies still under a number their office has since changed (inside
    the merge's transaction, before planning). Records of this roll-up's own office are never touched."""
    out = Penomoran()
    renames = _source_renames(db)
    if renames is None:
        return out
    pairs = list(db.query(
        f"""SELECT s.lama, s.baru, s.kantor, m.id, m.nomor FROM ({renames}) s
            JOIN main.kasus m ON m.kantor = s.kantor AND m.nomor = s.lama COLLATE NOCASE
            WHERE s.kantor IS NOT :own ORDER BY m.id""", {"src": src_kantor, "own": own}))
    stamp, seen = store.now(), set()
    for r in pairs:
        if r["id"] in seen:
            continue
        seen.add(r["id"])
        taken = db.execute("SELECT 1 FROM main.kasus WHERE kantor = ? AND nomor = ? COLLATE NOCASE AND id <> ?",
                           [r["kantor"], r["baru"], r["id"]]).fetchone()
        if taken:
            out.bentrok += 1
            continue
        db.execute("UPDATE main.kasus SET nomor = ?, updated_at = ? WHERE id = ?", [r["baru"], stamp, r["id"]])
        db.execute("INSERT OR REPLACE INTO nomor_lama (nomor, kantor, kasus_id, waktu) VALUES (?, ?, ?, ?)",
                   [r["nomor"], r["kantor"], r["id"], stamp])
        db.execute("DELETE FROM nomor_lama WHERE nomor = ? COLLATE NOCASE AND kantor = ?", [r["baru"], r["kantor"]])
        history = events.History(r["id"], r["nomor"], f"gabung {path.name} (ubah --nomor-baru di kantor {r['kantor']})",
                                 stamp)
        history.log(None, "nomor", r["nomor"], r["baru"])
        history.save(db)
        out.diganti += 1
        out.kasus.setdefault(r["kantor"], []).append(r["id"])
    return out


def simpan(db: Database, src_kantor: str, office: str) -> None:
    """Keep here the old numbers of one office's cases the attached source hands over (once that
    office's records are written), so they still find the case; one already kept is left as it is."""
    renames = _source_renames(db)
    if renames is None:
        return
    db.execute(f"""INSERT OR IGNORE INTO main.nomor_lama (nomor, kantor, kasus_id, waktu)
                   SELECT s.lama, s.kantor, m.id, s.waktu FROM ({renames}) s
                   JOIN main.kasus m ON m.kantor = s.kantor AND m.nomor = s.baru COLLATE NOCASE
                   WHERE s.kantor = :office AND NOT EXISTS (
                       SELECT 1 FROM main.kasus o WHERE o.kantor = s.kantor AND o.nomor = s.lama COLLATE NOCASE)""",
               {"src": src_kantor, "office": office})
