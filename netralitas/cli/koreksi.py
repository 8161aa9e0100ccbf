"""`ubah` (correct a case) and `hapus` (take a case out of every count, or restore it)."""

import sys
from typing import Annotated

import typer

from netralitas.cli.app import app
from netralitas.cli.options import (
    Db, Format, Instansi, Jabatan, JenisTerlapor, Kab, KategoriJabatan, Kecamatan, Nama, Nip, Pelanggaran, Pemilu,
    Sumber, Tanggal, Uraian, db_path, opt,
)
from netralitas.format import fmt_date
from netralitas.i18n import _


def _find(database, nomor: str, *, deleted: bool = False) -> dict:
    """This office's own case with the nomor; a case merged from another office is refused (exit 1)."""
    from netralitas.errors import NotFound
    from netralitas.gabung.pilih import untuk_diubah

    kasus = untuk_diubah(database, nomor, deleted=deleted)
    if kasus is None:
        raise NotFound(_("no case has the nomor {nomor!r}; `netralitas list --cari …` finds it").format(nomor=nomor))
    return kasus


@app.command(help=_("Correct a case: fields, a terlapor's fields, add a terlapor, renumber, withdraw a stage. Every change is kept in the history."))
def ubah(
    nomor: Annotated[str, typer.Argument(help=_("The case's register number."))],
    sumber: Sumber = None,
    pemilu: Pemilu = None,
    kab: Kab = None,
    kecamatan: Kecamatan = None,
    tanggal: Tanggal = None,
    pelanggaran: Pelanggaran = None,
    uraian: Uraian = None,
    terlapor: opt("--terlapor", help=_("The person to correct (or whose stage to withdraw): NIP, name or position.")) = None,
    nama: Nama = None,
    nip: Nip = None,
    jenis: JenisTerlapor = None,
    jabatan: Jabatan = None,
    kategori_jabatan: KategoriJabatan = None,
    instansi: Instansi = None,
    tambah_terlapor: Annotated[bool, typer.Option("--tambah-terlapor", help=_("Add a terlapor with --nama, --nip, --jenis, --jabatan, --kategori-jabatan, --instansi."))] = False,
    nomor_baru: opt("--nomor-baru", help=_("The official register number replacing this one (the old one still finds the case).")) = None,
    batalkan_tahap: opt("--batalkan-tahap", help=_("Withdraw a stage recorded in error (with --alasan): the only way a status moves back.")) = None,
    alasan: opt("--alasan", help=_("Why the stage is withdrawn.")) = None,
    db: Db = None,
    fmt: Format("table", "json") = "table",
) -> None:
    from netralitas import events, store
    from netralitas.cli.timeline import print_state
    from netralitas.errors import BadValue, LookupFailed
    from netralitas.tahapan import katalog

    case_changes = {k: v for k, v in {"sumber": sumber, "pemilu": pemilu, "wilayah": kab, "kecamatan": kecamatan,
                                       "tanggal_kejadian": tanggal and tanggal.isoformat(), "pelanggaran": pelanggaran,
                                       "uraian": uraian}.items() if v is not None}
    person_fields = {k: v for k, v in {"nama": nama, "nip": nip, "jenis": jenis, "jabatan": jabatan,
                                        "kategori_jabatan": kategori_jabatan, "instansi": instansi}.items() if v is not None}
    if batalkan_tahap is not None:
        if batalkan_tahap not in katalog().tahap:
            raise typer.BadParameter(_("give one of: {choices}").format(choices=", ".join(katalog().tahap)), param_hint="--batalkan-tahap")
        if not alasan:
            raise typer.BadParameter(_("withdrawing a stage needs --alasan TEXT"), param_hint="--alasan")
    if not (case_changes or person_fields or nomor_baru or batalkan_tahap):
        raise typer.BadParameter(_("nothing to change: give a field option, --tambah-terlapor, --nomor-baru or --batalkan-tahap"))
    if tambah_terlapor and not person_fields:
        raise typer.BadParameter(_("--tambah-terlapor needs the person's fields (--nama, --nip, --jenis …)"))
    database = store.open_db(db_path(db), create=False)
    kasus = _find(database, nomor)
    people = [dict(r) for r in database.query("SELECT * FROM terlapor WHERE kasus_id = ? ORDER BY urutan", [kasus["id"]])]
    person = None
    needs_person = (person_fields and not tambah_terlapor) or (
        batalkan_tahap is not None and katalog().tahap[batalkan_tahap].tingkat == "terlapor")
    if needs_person:
        try:
            person = events.person_ref(people, terlapor)
        except LookupFailed as e:
            raise BadValue(e.message) from None
    with store.write(database):
        from netralitas.koreksi import ubah as correct

        correct(database, kasus, case_changes=case_changes, person=person,
                person_changes=None if tambah_terlapor else person_fields,
                new_person=person_fields if tambah_terlapor else None, nomor_baru=nomor_baru,
                batalkan=batalkan_tahap, alasan=alasan)
    print_state(database, kasus["id"], fmt)


@app.command(help=_("Take a case out of every count; its whole record stays in the history, and `hapus --batal NOMOR` restores it."))
def hapus(
    nomor: Annotated[str, typer.Argument(help=_("The case's register number."))],
    alasan: opt("--alasan", help=_("Why the case is deleted (a duplicate, entered in error …).")) = None,
    batal: Annotated[bool, typer.Option("--batal", help=_("Restore a deleted case."))] = False,
    yes: Annotated[bool, typer.Option("--ya", "-y", help=_("Do not ask for confirmation."))] = False,
    db: Db = None,
) -> None:
    from netralitas import render, store
    from netralitas.errors import BadValue
    from netralitas.koreksi import hapus as delete, pulihkan

    database = store.open_db(db_path(db), create=False)
    kasus = _find(database, nomor, deleted=True)
    if batal:
        if not kasus["dihapus"]:
            raise BadValue(_("kasus {nomor} is not deleted").format(nomor=kasus["nomor"]))
        with store.write(database):
            pulihkan(database, kasus)
        render.message(_("Case {nomor} restored.").format(nomor=kasus["nomor"]))
        return
    if kasus["dihapus"]:
        raise BadValue(_("kasus {nomor} is already deleted ({when})").format(nomor=kasus["nomor"], when=fmt_date(kasus["dihapus"])))
    if not alasan:
        raise typer.BadParameter(_("deleting a case needs --alasan TEXT"), param_hint="--alasan")
    if not yes and sys.stdin.isatty() and not typer.confirm(_("Take case {nomor} out of every count?").format(nomor=kasus["nomor"])):
        raise typer.Exit(1)
    with store.write(database):
        delete(database, kasus, alasan)
    render.message(_("Case {nomor} taken out of every count; `netralitas hapus --batal {nomor}` restores it.").format(
        nomor=kasus["nomor"]))
