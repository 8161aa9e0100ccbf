"""Which record a nomor names, when this register also keeps other offices' records (`gabung`).

The same nomor can be this office's own record and one or more merged records (one per office).
Reading (`show`) finds them all; changing (`ubah`, `tahap`, `hapus`) only ever takes this
office's own record: a merged record is its office's to change, and the change arrives here with
that office's next hand-over, merged by `gabung`.
"""

from __future__ import annotations

from sqlite_utils import Database

from netralitas import store
from netralitas.errors import InvalidInput
from netralitas.format import fmt_date
from netralitas.i18n import _
from netralitas.seleksi import SENDIRI


def merged(db: Database, nomor: str) -> list[dict]:
    """The merged records (another office's) with this nomor, or a number they had before; by office."""
    text = " ".join(str(nomor).split())
    return [dict(r) for r in db.query(
        """SELECT * FROM kasus WHERE kantor IS NOT NULL AND (nomor = ? COLLATE NOCASE OR id IN
               (SELECT kasus_id FROM nomor_lama WHERE nomor = ? COLLATE NOCASE))
           ORDER BY kantor""", [text, text])]


def semua(db: Database, nomor: str, kantor: str | None = None) -> list[dict]:
    """Every record the nomor names, this office's own first (deleted ones included, for reading);
    `kantor`: only that office's (SENDIRI: only this office's own)."""
    out = []
    if kantor in (None, SENDIRI):
        own = store.find_case(db, nomor, deleted=True)
        out += [own] if own else []
    if kantor != SENDIRI:
        out += [r for r in merged(db, nomor) if kantor is None or r["kantor"] == kantor]
    return out


def untuk_diubah(db: Database, nomor: str, *, deleted: bool = False) -> dict | None:
    """This office's own record with the nomor, to change; None when there is none at all.
    Raises InvalidInput (exit 1) when the nomor names only records merged from other offices."""
    own = store.find_case(db, nomor, deleted=True)
    if own is not None and (deleted or not own["dihapus"]):
        return own
    if own is not None:  # a deleted case is changed only once restored
        raise InvalidInput(_("kasus {nomor} was deleted ({date}: {reason}); restore it with: netralitas hapus --batal {nomor}").format(
            nomor=own["nomor"], date=fmt_date(own["dihapus"]), reason=own["dihapus_alasan"]))
    others = merged(db, nomor)
    if not others:
        return None
    offices = ", ".join(f"{r['kantor']} ({_office_name(db, r)})" for r in others)
    raise InvalidInput(_(
        "kasus {nomor} is kept by another office: {offices}; it was merged here with `netralitas gabung` and is "
        "changed only in that office's register. The change arrives here with that office's next hand-over, "
        "merged with `netralitas gabung`.").format(nomor=others[0]["nomor"], offices=offices))


def _office_name(db: Database, kasus: dict) -> str:
    """The office's name as its last hand-over gave it, else its region's name."""
    row = db.execute("SELECT nama FROM asal WHERE kantor = ? ORDER BY id DESC LIMIT 1", [kasus["kantor"]]).fetchone()
    if row:
        return row[0]
    from netralitas.wilayah import catalog

    return catalog().nama(kasus["kantor"]) or kasus["kantor"]


def asal_of(db: Database, kasus: dict) -> dict | None:
    """Where a merged record came from: its office, and the hand-over that last wrote it (the file,
    when it was merged, and for a record relayed by another roll-up, the way it came and its first file)."""
    if not kasus.get("kantor"):
        return None
    out = {"kantor": kasus["kantor"], "kantor_nama": _office_name(db, kasus)}
    cols = {r[1] for r in db.execute("PRAGMA main.table_info(asal)")}
    if kasus.get("asal_id"):
        extra = [c for c in ("lewat", "file_awal", "waktu_awal") if c in cols]
        row = db.execute(f"SELECT file, waktu{''.join(', ' + c for c in extra)} FROM asal WHERE id = ?",
                         [kasus["asal_id"]]).fetchone()
        if row:
            out.update({"asal_file": row[0], "asal_waktu": row[1]})
            out.update({f"asal_{c}": v for c, v in zip(extra, row[2:]) if v})
    if kasus.get("asal_diubah"):
        out["diubah_di_kantor"] = kasus["asal_diubah"]
    return out
