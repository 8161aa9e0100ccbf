"""`add`: log one case with (at most) one terlapor from options."""

import sys
from typing import Annotated, Optional

import typer

from netralitas import vocab
from netralitas.cli.app import app
from netralitas.cli.options import (
    Db, Instansi, Jabatan, JenisTerlapor, Kab, KategoriJabatan, Kecamatan, Nama, Nip, Pelanggaran, Pemilu, Sumber,
    Tanggal, Uraian, _kab, _nip, _pelanggaran, _pemilu, _tanggal, ask, choices, db_path, enum_of, opt,
)
from netralitas.i18n import _, ngettext


# option -> (model field, prompt text, parser, choices shown) for the required case fields
REQUIRED = {
    "sumber": ("sumber", _("Source (temuan or laporan)"), enum_of(vocab.SUMBER), lambda: list(vocab.SUMBER)),
    "pemilu": ("pemilu", _("Election"), _pemilu, lambda: _catalog_ids("pemilu")),
    "kab": ("wilayah", _("Kabupaten/kota (code, name or alias)"), _kab, lambda: []),
    "tanggal": ("tanggal_kejadian", _("Incident date (e.g. 4 Oktober 2024)"), _tanggal, lambda: []),
    "pelanggaran": ("pelanggaran", _("Violation form"), _pelanggaran, lambda: _catalog_ids("pelanggaran")),
}


# option, prompt text, parser, choices shown: asked on a terminal, Enter skips
OPTIONAL = [
    ("nomor", _("Register number"), None, ()),
    ("uraian", _("What happened"), None, ()),
    ("nama", _("Terlapor name"), None, ()),
    ("nip", _("Terlapor NIP (18 digits)"), _nip, ()),
    ("jenis", _("Terlapor kind"), enum_of(vocab.JENIS), vocab.JENIS),
    ("jabatan", _("Position"), None, ()),
    ("instansi", _("Agency"), None, ()),
]


def _catalog_ids(which: str) -> list[str]:
    from netralitas import catalogs

    return list(catalogs.pemilu_catalog() if which == "pemilu" else catalogs.pelanggaran_catalog())


@app.command(help=_("Log one case (temuan or laporan) with one terlapor; prints the case's nomor."))
def add(
    nomor: opt("--nomor", help=_("Register number from Bawaslu; generated when absent.")) = None,
    sumber: Sumber = None,
    pemilu: Pemilu = None,
    kab: Kab = None,
    kecamatan: Kecamatan = None,
    tanggal: Tanggal = None,
    diterima: opt("--diterima", help=_("Date the report was received or the finding registered."), parse=_tanggal) = None,
    pelanggaran: Pelanggaran = None,
    uraian: Uraian = None,
    bukti: Annotated[Optional[list[str]], typer.Option("--bukti", help=_("Evidence reference (repeatable)."))] = None,
    nama: Nama = None,
    nip: Nip = None,
    jenis: JenisTerlapor = None,
    jabatan: Jabatan = None,
    kategori_jabatan: KategoriJabatan = None,
    instansi: Instansi = None,
    status: opt("--status", help=_("{choices} (default diproses).").format(choices=choices(vocab.STATUS)), parse=enum_of(vocab.STATUS)) = None,
    rekomendasi: opt("--rekomendasi", help=_("Recommended level: {choices}.").format(choices=choices(vocab.TINGKAT)), parse=enum_of(vocab.TINGKAT)) = None,
    tanggal_rekomendasi: opt("--tanggal-rekomendasi", help=_("Date of the recommendation."), parse=_tanggal) = None,
    sanksi: opt("--sanksi", help=_("Imposed level: {choices} (implies status disanksi).").format(choices=choices(vocab.TINGKAT)), parse=enum_of(vocab.TINGKAT)) = None,
    sanksi_jenis: opt("--sanksi-jenis", help=_("Specific sanction type, e.g. 'teguran tertulis'.")) = None,
    sanksi_moral: opt("--sanksi-moral", help=_("Moral sanction: {choices}.").format(choices=choices(vocab.SANKSI_MORAL)), parse=enum_of(vocab.SANKSI_MORAL)) = None,
    tanggal_sanksi: opt("--tanggal-sanksi", help=_("Date the sanction was imposed."), parse=_tanggal) = None,
    nomor_sk: opt("--nomor-sk", help=_("Number of the sanction decree (SK).")) = None,
    prompt: Annotated[Optional[bool], typer.Option("--prompt/--no-prompt", help=_("Ask for missing required fields (default: when on a terminal)."))] = None,
    ketat: Annotated[bool, typer.Option("--ketat", help=_("Strict: a warning (an incident far from its election) refuses the case."))] = False,
    db: Db = None,
) -> None:
    values = dict(locals())
    if prompt is None:
        prompt = sys.stdin.isatty()
    missing = [name for name in REQUIRED if values[name] is None]
    if missing and not prompt:
        flags = ", ".join("--" + m for m in missing)
        raise typer.BadParameter(_("missing required option(s) {flags} (no terminal to ask on)").format(flags=flags))
    for name in missing:
        _field, label, parse, offered = REQUIRED[name]
        values[name] = ask(label, parse, offered())
    if prompt:  # on a terminal, the optional fields a staffer usually has: Enter skips
        for name, label, parse, offered in OPTIONAL:
            if values[name] is None:
                values[name] = ask(label, parse, offered, optional=True)

    from pydantic import ValidationError

    from netralitas import render, store
    from netralitas.errors import InvalidInput
    from netralitas.models import TERLAPOR_FIELDS, Kasus
    from netralitas.validation_problems import problems_from

    person = {f: values[f] for f in TERLAPOR_FIELDS if values.get(f) is not None}
    case = {"nomor": values["nomor"], "uraian": values["uraian"], "sumber": values["sumber"], "pemilu": values["pemilu"], "wilayah": values["kab"],
            "kecamatan": kecamatan, "tanggal_kejadian": values["tanggal"], "tanggal_diterima": diterima,
            "pelanggaran": values["pelanggaran"], "bukti": bukti or [],
            "terlapor": [person] if person else []}
    try:
        kasus = Kasus(**case)
    except ValidationError as e:
        raise InvalidInput(_("the case is not valid; nothing was written"), problems_from(e)) from None
    from netralitas import tanggal_wajar

    warned = tanggal_wajar.warnings(store.kasus_record(kasus))
    if warned and ketat:
        raise InvalidInput(_("the case is not plausible (--ketat); nothing was written"), warned)
    if warned:
        render.problems(warned, stderr=True, title=ngettext("{n} warning; --ketat makes it a problem",
                                                            "{n} warnings; --ketat makes them problems", len(warned)).format(n=len(warned)))
    database = store.open_db(db_path(db))
    with store.write(database):
        saved, outcome = store.insert_case(  # `add` never rewrites a recorded case: tahap and ubah do
            database, store.kasus_record(kasus), [store.terlapor_record(t) for t in kasus.terlapor], "add")
    typer.echo(saved)
    render.message({"baru": _("Case {nomor} saved."), "sama": _("Case {nomor} is already recorded; nothing changed.")}[outcome].format(nomor=saved))
