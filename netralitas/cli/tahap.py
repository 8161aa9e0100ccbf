"""`tahap`: record one stage of a case (registrasi, klarifikasi, pleno, diteruskan, rekomendasi, sanksi …)."""

import sys
from typing import Annotated, Optional

import typer

from netralitas.cli.app import app
from netralitas.cli.options import Db, Format, _tanggal, ask, db_path, enum_of, opt, resolving
from netralitas.i18n import _
from netralitas.vocab import SANKSI_MORAL, TINGKAT

STAGES = ("diterima", "registrasi", "tidak_diregistrasi", "klarifikasi", "pleno", "diteruskan", "rekomendasi", "sanksi",
          "tidak_ditindaklanjuti", "blokir", "pidana")  # the catalog's codes (data/tahapan.yaml), for --help
PLENO = ("terbukti", "tidak_terbukti")
PIDANA = ("dihentikan", "penyidikan", "putusan")  # rute.yaml `pidana.hasil`, for --help


def _choice(which: str):
    def parse(value):
        from netralitas.models import _choice as choice

        return choice(which, value)

    return parse


@app.command(help=_("Record one stage of a case, dated; prints the case's new state. A stage out of order, before the incident or moving a status back is refused."))
def tahap(
    nomor: Annotated[str, typer.Argument(help=_("The case's register number (case ignored; an old number works too)."))],
    stage: Annotated[str, typer.Argument(metavar="TAHAP", help=f"{', '.join(STAGES)}.", callback=resolving(enum_of(STAGES)))],
    tanggal: opt("--tanggal", help=_("Date of the stage: 2024-11-11, 11/11/2024 or '11 November 2024'."), parse=_tanggal) = None,
    terlapor: opt("--terlapor", help=_("The person (person stages): NIP, name or position in the case; not needed for a case with one terlapor.")) = None,
    hasil: opt("--hasil", help=_("pleno: terbukti, tidak_terbukti; pidana: dihentikan, penyidikan, putusan."),
               parse=enum_of(PLENO + PIDANA)) = None,
    pasal: opt("--pasal", help=_("pidana: the article, e.g. uu7-494 (see `netralitas rute`).")) = None,
    ke: opt("--ke", help=_("diteruskan: kasn, bkn, gakkumdu, tni, polri, pemda, desa, lainnya."), parse=_choice("ke")) = None,
    alasan: opt("--alasan", help=_("tidak_diregistrasi: syarat_formal, syarat_materiil, kedaluwarsa, lainnya."), parse=_choice("alasan")) = None,
    nomor_surat: opt("--nomor-surat", help=_("diteruskan, rekomendasi: the letter's number.")) = None,
    tingkat: opt("--tingkat", help=_("rekomendasi, sanksi: {choices}.").format(choices=", ".join(TINGKAT)), parse=enum_of(TINGKAT)) = None,
    jenis_sanksi: opt("--jenis-sanksi", help=_("sanksi: the type, e.g. 'teguran tertulis' (see `netralitas sanksi`).")) = None,
    moral: opt("--moral", help=_("sanksi: moral sanction {choices}.").format(choices=", ".join(SANKSI_MORAL)), parse=enum_of(SANKSI_MORAL)) = None,
    nomor_sk: opt("--nomor-sk", help=_("sanksi: number of the PPK's decree (SK).")) = None,
    diketahui: opt("--diketahui", help=_("diterima, a laporan: the date the violation became known."), parse=_tanggal) = None,
    prompt: Annotated[Optional[bool], typer.Option("--prompt/--no-prompt", help=_("Ask for missing values (default: when on a terminal)."))] = None,
    db: Db = None,
    fmt: Format("table", "json") = "table",
) -> None:
    import datetime as dt

    from netralitas import events, store
    from netralitas.cli.timeline import print_state
    from netralitas.errors import BadValue, LookupFailed, NotFound
    from netralitas.tahapan import Event, katalog

    interactive = sys.stdin.isatty() if prompt is None else prompt
    values = {"hasil": hasil, "ke": ke, "alasan": alasan}
    needed = {"pleno": ["hasil"], "pidana": ["hasil"], "diteruskan": ["ke"], "tidak_diregistrasi": ["alasan"]}.get(stage, [])
    offered = {"hasil": PIDANA if stage == "pidana" else PLENO, "ke": tuple(katalog().ke),
               "alasan": tuple(katalog().alasan)}
    if hasil is not None and stage in ("pleno", "pidana") and hasil not in offered["hasil"]:
        raise typer.BadParameter(_("{stage} takes one of: {allowed}").format(stage=stage,
                                                                           allowed=", ".join(offered["hasil"])),
                                 param_hint="--hasil")
    if tanggal is None:
        if not interactive:
            raise typer.BadParameter(_("missing --tanggal (no terminal to ask on)"))
        tanggal = ask(_("Date"), _tanggal)
    for name in needed:
        if values[name] is None:
            if not interactive:
                raise typer.BadParameter(_("{stage} needs --{name} (no terminal to ask on)").format(stage=stage, name=name))
            values[name] = ask(name, enum_of(offered[name]), offered[name])
    database = store.open_db(db_path(db), create=False)
    from netralitas.gabung.pilih import untuk_diubah

    kasus = untuk_diubah(database, nomor)  # a case merged from another office is refused (exit 1)
    if kasus is None:
        raise NotFound(_("no case has the nomor {nomor!r}; `netralitas list --cari …` finds it").format(nomor=nomor))
    people = [dict(r) for r in database.query("SELECT * FROM terlapor WHERE kasus_id = ? ORDER BY urutan", [kasus["id"]])]
    data, person = {}, None
    if katalog().tahap[stage].tingkat == "terlapor":
        try:
            person = events.person_ref(people, terlapor)
        except LookupFailed as e:
            raise BadValue(e.message) from None
    if stage == "pleno":
        data["hasil"] = values["hasil"]
    elif stage == "diteruskan":
        data.update(ke=values["ke"], nomor_surat=nomor_surat)
    elif stage == "tidak_diregistrasi":
        data["alasan"] = values["alasan"]
    elif stage == "diterima":
        data["diketahui"] = diketahui.isoformat() if diketahui else None
    elif stage == "rekomendasi":
        _rekomendasi(person, tingkat)
        data.update(tingkat=tingkat, nomor_surat=nomor_surat)
    elif stage == "sanksi":
        data.update(_sanksi(kasus, person, tingkat, jenis_sanksi, moral, nomor_sk, tanggal))
    elif stage == "pidana":
        data.update(_pidana(kasus, person, values["hasil"], pasal))
    event = Event(stage, tanggal.isoformat(), {k: v for k, v in data.items() if v is not None},
                  person["id"] if person else None)
    with store.write(database):
        events.record(database, kasus, event, f"tahap ({events.oleh()})", today=dt.date.today())
    print_state(database, kasus["id"], fmt)


def _sanksi(kasus: dict, person: dict, tingkat, jenis, moral, nomor_sk, tanggal) -> dict:
    """The sanction's values, checked as a file's would be (type against level, level implied by type;
    PTDH only for the forms it is prescribed for)."""
    from pydantic import ValidationError

    from netralitas import rute
    from netralitas.errors import InvalidInput, Problem
    from netralitas.models import Terlapor
    from netralitas.validation_problems import problems_from

    if not (tingkat or jenis or moral):
        raise typer.BadParameter(_("sanksi needs --tingkat, --jenis-sanksi or --moral"))
    fields = {k: person[k] for k in ("jenis", "rekomendasi", "tanggal_rekomendasi")}
    try:
        checked = Terlapor(**fields, sanksi=tingkat, sanksi_jenis=jenis, sanksi_moral=moral, nomor_sk=nomor_sk,
                           tanggal_sanksi=tanggal)
    except ValidationError as e:
        raise InvalidInput(_("the sanction is not valid; nothing was written"), problems_from(e)) from None
    level = checked.sanksi and checked.sanksi.value
    if level == "ptdh" and (why := rute.ptdh_refusal(kasus["pelanggaran"])):
        raise InvalidInput(_("the sanction is not valid; nothing was written"),
                           [Problem("ptdh-not-for-pelanggaran", why, "tingkat", "ptdh")])
    return {"tingkat": checked.sanksi and checked.sanksi.value, "jenis": checked.sanksi_jenis,
            "moral": checked.sanksi_moral and checked.sanksi_moral.value, "nomor_sk": checked.nomor_sk}


def _rekomendasi(person: dict, tingkat: str | None) -> None:
    """A recommended level only for the PPK route, as in a file."""
    from netralitas import rute
    from netralitas.errors import InvalidInput, Problem

    refusal = rute.rekomendasi_refusal(person["jenis"], tingkat)
    if refusal is not None:
        raise InvalidInput(_("the recommendation is not valid; nothing was written"),
                           [Problem(refusal.code, refusal.message.format(**refusal.values), "tingkat", tingkat)])


def _pidana(kasus: dict, person: dict, hasil: str, pasal: str | None) -> dict:
    """The criminal route's outcome and article, checked as a file's would be (the article against
    the person's kind and the election's)."""
    from netralitas import catalogs, rute
    from netralitas.errors import InvalidInput, LookupFailed, Problem

    if pasal is None:
        return {"hasil": hasil}
    try:
        kode = rute.pidana_pasal(pasal)
    except LookupFailed as e:
        raise InvalidInput(_("the article is not valid; nothing was written"),
                           [Problem(e.code, e.message, "pasal", pasal)]) from None
    election = catalogs.pemilu_catalog().get(kasus["pemilu"])
    why = rute.pasal_problem(person["jenis"], election.jenis if election else None, kode)
    if why:
        raise InvalidInput(_("the article is not valid; nothing was written"),
                           [Problem("pasal-not-for-terlapor", why, "pasal", pasal)])
    return {"hasil": hasil, "pasal": kode}
