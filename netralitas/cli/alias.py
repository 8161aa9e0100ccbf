"""`alias`: the office's own words for catalog codes, recorded once and used by every import."""

from typing import Annotated, Optional

import typer

from netralitas.cli.app import app
from netralitas.cli.options import Excel, Format, csv_excel
from netralitas.i18n import _

KATALOG_HELP = "wilayah, pelanggaran, pemilu, sumber, status, sanksi, sanksi_moral, jenis, kategori_jabatan"


@app.command(help=_("Record the office's own word for a catalog code (KATALOG TEKS KODE), or list the words recorded."))
def alias(
    katalog: Annotated[Optional[str], typer.Argument(help=_("The catalog: {names}.").format(names=KATALOG_HELP))] = None,
    teks: Annotated[Optional[str], typer.Argument(help=_("The word as the office writes it, e.g. 'Like/komentar di media sosial'."))] = None,
    kode: Annotated[Optional[str], typer.Argument(help=_("The catalog code it means, e.g. medsos-interaksi."))] = None,
    fmt: Format("table", "json", "csv") = "table",
    excel: Excel = False,
) -> None:
    from netralitas import aliases, render
    from netralitas.errors import InvalidInput, LookupFailed

    csv_excel(fmt, excel)
    given = [v for v in (katalog, teks, kode) if v is not None]
    if not given:
        rows = aliases.listing()
        if not rows and fmt == "table":
            render.message(_("No words of your own yet; add one with: netralitas alias KATALOG TEKS KODE."))
            return
        render.emit(rows, ["katalog", "alias", "kode", "nama", "berkas"], fmt, title=_("Your words"), excel=excel)
        return
    if len(given) < 3:
        raise typer.BadParameter(_("give KATALOG TEKS KODE, or nothing to list the words recorded"))
    katalog = katalog.strip().lower()
    if katalog not in aliases.KATALOG:
        raise typer.BadParameter(_("unknown catalog {katalog!r}; one of: {names}").format(
            katalog=katalog, names=", ".join(aliases.KATALOG)), param_hint="KATALOG")
    try:
        outcome, code = aliases.add(katalog, teks, kode)
    except LookupFailed as e:
        raise InvalidInput(e.message) from None
    if outcome == "sama":
        render.message(_("{teks!r} already means {kode} in {katalog}; nothing changed.").format(
            teks=" ".join(teks.split()), kode=code, katalog=katalog))
    else:
        render.message(_("{teks!r} now means {kode} in {katalog}, in every import.").format(
            teks=" ".join(teks.split()), kode=code, katalog=katalog))
