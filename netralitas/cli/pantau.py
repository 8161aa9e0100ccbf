"""`pantau add|import|list`: which regions and elections were monitored, and with what result."""

from typing import Annotated, Optional

import typer

from netralitas import vocab
from netralitas.cli import catatan as common
from netralitas.cli.app import app
from netralitas.cli.options import Db, Excel, Format, _kab, _pemilu, _tanggal, csv_excel, enum_of, resolving, with_wilayah_seleksi
from netralitas.pencegahan import vocab as pvocab

from netralitas.i18n import _
group = typer.Typer(help=_("Monitoring coverage: a zero with coverage reads 'nihil', without it 'tidak ada data'."),
                    no_args_is_help=True)
app.add_typer(group, name="pantau")
common.register_import(group, "pantau", "pantau")

TABLE = ["kode", "pemilu", "wilayah_nama", "jenis", "dari", "sampai", "hasil", "catatan"]


@group.command("add", help=_("Record that a region (and optionally kinds of actor) was monitored; re-recording changes the result, with history."))
def add(
    pemilu: Annotated[str, typer.Option("--pemilu", help=_("Election id, e.g. pilkada-2024."), callback=resolving(_pemilu))],
    kab: Annotated[str, typer.Option("--kab", help=_("Kabupaten/kota monitored: code, name or alias."), callback=resolving(_kab))],
    hasil: Annotated[str, typer.Option("--hasil", help=_("{choices}: nothing found, or something found.").format(choices=", ".join(pvocab.HASIL)), callback=resolving(enum_of(pvocab.HASIL)))],
    jenis: Annotated[Optional[list[str]], typer.Option("--jenis", help=_("Kind of actor monitored (repeatable; default every kind): {choices}.").format(choices=", ".join(vocab.JENIS)), callback=resolving(enum_of(vocab.JENIS)))] = None,
    dari: Annotated[Optional[str], typer.Option("--dari", help=_("Start of the monitored period (default: the whole election)."), callback=resolving(_tanggal))] = None,
    sampai: Annotated[Optional[str], typer.Option("--sampai", help=_("End of the monitored period."), callback=resolving(_tanggal))] = None,
    catatan: Annotated[Optional[str], typer.Option("--catatan", help=_("A note, e.g. 'minggu pertama kampanye'."))] = None,
    db: Db = None,
) -> None:
    values = {"pemilu": pemilu, "wilayah": kab, "jenis": jenis, "dari": dari, "sampai": sampai, "hasil": hasil,
              "catatan": catatan}
    common.add_record(db, "pantau", "Pantau", values)


@group.command("list", help=_("List the monitoring records."))
@with_wilayah_seleksi
def list_(seleksi, db: Db = None, fmt: Format("table", "json", "csv") = "table", excel: Excel = False) -> None:
    csv_excel(fmt, excel)
    rows = common.listed(db, "pantau", seleksi)
    if fmt != "json":
        rows = [{**r, "jenis": ", ".join(r["jenis"]) or _("(all)")} for r in rows]
    common.emit(rows, TABLE if fmt == "table" else list(rows[0]) if rows else TABLE, fmt,
                title=f"Pantau ({len(rows)})", excel=excel,
                priority=["kode", "wilayah_nama", "hasil", "jenis", "dari", "sampai", "pemilu", "catatan"])
