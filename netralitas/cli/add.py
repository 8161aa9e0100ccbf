"""`add`: log one case with (at most) one terlapor from options."""

import sys
from typing import Annotated, Optional

import typer

from netralitas import vocab
from netralitas.cli.app import app
from netralitas.cli.options import (
    Db, _kab, _nip, _pelanggaran, _pemilu, _tanggal, ask, choices, db_path, enum_of, resolving,
)


def _opt(*names: str, help: str, parse=None):
    return Annotated[Optional[str], typer.Option(*names, help=help, callback=resolving(parse) if parse else None)]


# option -> (model field, prompt text, parser, choices shown) for the required case fields
REQUIRED = {
    "sumber": ("sumber", "Sumber", enum_of(vocab.SUMBER), lambda: list(vocab.SUMBER)),
    "pemilu": ("pemilu", "Pemilu", _pemilu, lambda: _catalog_ids("pemilu")),
    "kab": ("wilayah", "Kabupaten/kota (kode, nama atau alias)", _kab, lambda: []),
    "tanggal": ("tanggal_kejadian", "Tanggal kejadian (mis. 4 Oktober 2024)", _tanggal, lambda: []),
    "pelanggaran": ("pelanggaran", "Bentuk pelanggaran", _pelanggaran, lambda: _catalog_ids("pelanggaran")),
}


# option, prompt text, parser, choices shown: asked on a terminal, Enter skips
OPTIONAL = [
    ("nomor", "Nomor register", None, ()),
    ("uraian", "Uraian (apa yang terjadi)", None, ()),
    ("nama", "Nama terlapor", None, ()),
    ("nip", "NIP terlapor (18 angka)", _nip, ()),
    ("jenis", "Jenis terlapor", enum_of(vocab.JENIS), vocab.JENIS),
    ("jabatan", "Jabatan", None, ()),
    ("instansi", "Instansi", None, ()),
]


def _catalog_ids(which: str) -> list[str]:
    from netralitas import catalogs

    return list(catalogs.pemilu_catalog() if which == "pemilu" else catalogs.pelanggaran_catalog())


@app.command()
def add(
    nomor: _opt("--nomor", help="Register number from Bawaslu; generated when absent.") = None,
    sumber: _opt("--sumber", help=f"{choices(vocab.SUMBER)}.", parse=enum_of(vocab.SUMBER)) = None,
    pemilu: _opt("--pemilu", help="Election id, e.g. pilkada-2024.", parse=_pemilu) = None,
    kab: _opt("--kab", help="Kabupaten/kota where it happened: code, name or alias.", parse=_kab) = None,
    kecamatan: _opt("--kecamatan", help="Kecamatan (district) name.") = None,
    tanggal: _opt("--tanggal", help="Incident date: 2024-10-04, 04/10/2024 or '4 Oktober 2024'.", parse=_tanggal) = None,
    diterima: _opt("--diterima", help="Date the report was received or the finding registered.", parse=_tanggal) = None,
    pelanggaran: _opt("--pelanggaran", help="Violation form code (see `netralitas pelanggaran`).", parse=_pelanggaran) = None,
    uraian: _opt("--uraian", help="What happened.") = None,
    bukti: Annotated[Optional[list[str]], typer.Option("--bukti", help="Evidence reference (repeatable).")] = None,
    nama: _opt("--nama", help="Terlapor name (personal data).") = None,
    nip: _opt("--nip", help="Terlapor NIP, 18 digits (personal data).", parse=_nip) = None,
    jenis: _opt("--jenis", help=f"{choices(vocab.JENIS)}.", parse=enum_of(vocab.JENIS)) = None,
    jabatan: _opt("--jabatan", help="Position.") = None,
    kategori_jabatan: _opt("--kategori-jabatan", help=f"{choices(vocab.KATEGORI_JABATAN)}.", parse=enum_of(vocab.KATEGORI_JABATAN)) = None,
    instansi: _opt("--instansi", help="Agency or unit (OPD).") = None,
    status: _opt("--status", help=f"{choices(vocab.STATUS)} (default diproses).", parse=enum_of(vocab.STATUS)) = None,
    rekomendasi: _opt("--rekomendasi", help=f"Recommended level: {choices(vocab.TINGKAT)}.", parse=enum_of(vocab.TINGKAT)) = None,
    tanggal_rekomendasi: _opt("--tanggal-rekomendasi", help="Date of the recommendation.", parse=_tanggal) = None,
    sanksi: _opt("--sanksi", help=f"Imposed level: {choices(vocab.TINGKAT)} (implies status disanksi).", parse=enum_of(vocab.TINGKAT)) = None,
    sanksi_jenis: _opt("--sanksi-jenis", help="Specific sanction type, e.g. 'teguran tertulis'.") = None,
    sanksi_moral: _opt("--sanksi-moral", help=f"Moral sanction: {choices(vocab.SANKSI_MORAL)}.", parse=enum_of(vocab.SANKSI_MORAL)) = None,
    tanggal_sanksi: _opt("--tanggal-sanksi", help="Date the sanction was imposed.", parse=_tanggal) = None,
    nomor_sk: _opt("--nomor-sk", help="Number of the sanction decree (SK).") = None,
    prompt: Annotated[Optional[bool], typer.Option("--prompt/--no-prompt", help="Ask for missing required fields (default: when on a terminal).")] = None,
    db: Db = None,
) -> None:
    """Log one case (temuan or laporan) with one terlapor; prints the case's nomor."""
    values = dict(locals())
    if prompt is None:
        prompt = sys.stdin.isatty()
    missing = [opt for opt in REQUIRED if values[opt] is None]
    if missing and not prompt:
        flags = ", ".join("--" + m for m in missing)
        raise typer.BadParameter(f"missing required option(s) {flags} (no terminal to ask on)")
    for opt in missing:
        _, label, parse, offered = REQUIRED[opt]
        values[opt] = ask(label, parse, offered())
    if prompt:  # on a terminal, the optional fields a staffer usually has: Enter skips
        for opt, label, parse, offered in OPTIONAL:
            if values[opt] is None:
                values[opt] = ask(label, parse, offered, optional=True)

    from pydantic import ValidationError

    from netralitas import render, store
    from netralitas.errors import InvalidInput
    from netralitas.models import TERLAPOR_FIELDS, Kasus, problems_from

    person = {f: values[f] for f in TERLAPOR_FIELDS if values.get(f) is not None}
    case = {"nomor": values["nomor"], "uraian": values["uraian"], "sumber": values["sumber"], "pemilu": values["pemilu"], "wilayah": values["kab"],
            "kecamatan": kecamatan, "tanggal_kejadian": values["tanggal"], "tanggal_diterima": diterima,
            "pelanggaran": values["pelanggaran"], "bukti": bukti or [],
            "terlapor": [person] if person else []}
    try:
        kasus = Kasus(**case)
    except ValidationError as e:
        raise InvalidInput("the case is not valid; nothing was written", problems_from(e)) from None
    database = store.open_db(db_path(db))
    with store.write(database):
        saved, outcome = store.insert_case(  # `add` never rewrites a recorded case: tahap and ubah do
            database, store.kasus_record(kasus), [store.terlapor_record(t) for t in kasus.terlapor], "add")
    typer.echo(saved)
    render.message({"baru": f"Kasus {saved} disimpan.", "sama": f"Kasus {saved} sudah tercatat; tidak ada perubahan."}[outcome])
