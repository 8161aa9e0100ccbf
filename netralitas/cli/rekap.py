"""`rekap add|import|list`: the figures of past elections, as totals with their source and date."""

from typing import Annotated, Optional

import typer

from netralitas import vocab
from netralitas.cli import catatan as common
from netralitas.cli.app import app
from netralitas.cli.options import Db, Excel, Format, _kab, _pemilu, _tanggal, csv_excel, enum_of, resolving, with_wilayah_seleksi, MAX_COUNT

from netralitas.i18n import _
group = typer.Typer(help=_("Recap figures of a region x election, for elections whose cases were never entered."),
                    no_args_is_help=True)
app.add_typer(group, name="rekap")
common.register_import(group, "rekap", "rekap")

Count = lambda flag, help: Annotated[Optional[int], typer.Option(flag, min=0, max=MAX_COUNT, help=help)]  # noqa: E731
Kinds = lambda flag, help: Annotated[Optional[list[str]], typer.Option(  # noqa: E731
    flag, help=_("{help} (repeatable): {choices}.").format(help=help, choices=", ".join(vocab.JENIS)), callback=resolving(enum_of(vocab.JENIS)))]
TABLE = ["pemilu", "wilayah_nama", "temuan", "laporan", "terlapor", "terbukti", "disanksi", "ringan", "sedang",
         "berat", "jenis", "nihil", "sumber_data", "tanggal_data"]


@group.command("add", help=_("Record the recap of a region x election; a second recap of the same pair replaces it, with history."))
def add(
    pemilu: Annotated[str, typer.Option("--pemilu", help=_("Election id, e.g. pilkada-2020."), callback=resolving(_pemilu))],
    kab: Annotated[str, typer.Option("--kab", help=_("Kabupaten/kota: code, name or alias."), callback=resolving(_kab))],
    temuan: Annotated[int, typer.Option("--temuan", min=0, max=MAX_COUNT, help=_("Number of temuan (findings)."))],
    laporan: Annotated[int, typer.Option("--laporan", min=0, max=MAX_COUNT, help=_("Number of laporan (public reports)."))],
    sumber_data: Annotated[str, typer.Option("--sumber-data", help=_("Where the figures come from, e.g. 'Bawaslu Kukar, sosialisasi 16 Juni 2022'."))],
    tanggal_data: Annotated[str, typer.Option("--tanggal-data", help=_("Date of the figures (a figure needs its date)."), callback=resolving(_tanggal))],
    terlapor: Count("--terlapor", _("Persons reported.")) = None,
    terbukti: Count("--terbukti", _("Persons proven (recommended or sanctioned).")) = None,
    disanksi: Count("--disanksi", _("Persons sanctioned by the PPK.")) = None,
    ringan: Count("--ringan", _("Persons with a ringan sanction.")) = None,
    sedang: Count("--sedang", _("Persons with a sedang sanction.")) = None,
    berat: Count("--berat", _("Persons with a berat sanction.")) = None,
    jenis: Kinds("--jenis", _("Kind of actor the figures cover")) = None,
    nihil: Kinds("--nihil", _("Kind of actor monitored with nothing found, e.g. TNI, Polri")) = None,
    db: Db = None,
) -> None:
    values = dict(locals())
    values["wilayah"] = values.pop("kab")
    values.pop("db")
    common.add_record(db, "rekap", "Rekap", values)


@group.command("list", help=_("List the recaps."))
@with_wilayah_seleksi
def list_(seleksi, db: Db = None, fmt: Format("table", "json", "csv") = "table", excel: Excel = False) -> None:
    csv_excel(fmt, excel)
    rows = common.listed(db, "rekap", seleksi)
    if fmt != "json":
        rows = [{**r, "jenis": ", ".join(r["jenis"]), "nihil": ", ".join(r["nihil"])} for r in rows]
    common.emit(rows, TABLE if fmt == "table" else list(rows[0]) if rows else TABLE, fmt,
                title=f"Rekap ({len(rows)})", numeric=TABLE[2:10], excel=excel)
