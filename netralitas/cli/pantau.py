"""`pantau add|import|list`: which regions and elections were monitored, and with what result."""

from typing import Annotated, Optional

import typer

from netralitas import vocab
from netralitas.cli import catatan as common
from netralitas.cli.app import app
from netralitas.cli.options import Db, Excel, Format, _kab, _pemilu, _tanggal, csv_excel, enum_of, resolving, with_wilayah_seleksi
from netralitas.pencegahan import vocab as pvocab

group = typer.Typer(help="Monitoring coverage: a zero with coverage reads 'nihil', without it 'tidak ada data'.",
                    no_args_is_help=True)
app.add_typer(group, name="pantau")
common.register_import(group, "pantau", "pantau")

TABLE = ["kode", "pemilu", "wilayah_nama", "jenis", "dari", "sampai", "hasil", "catatan"]


@group.command("add")
def add(
    pemilu: Annotated[str, typer.Option("--pemilu", help="Election id, e.g. pilkada-2024.", callback=resolving(_pemilu))],
    kab: Annotated[str, typer.Option("--kab", help="Kabupaten/kota monitored: code, name or alias.", callback=resolving(_kab))],
    hasil: Annotated[str, typer.Option("--hasil", help=f"{'|'.join(pvocab.HASIL)}: nothing found, or something found.", callback=resolving(enum_of(pvocab.HASIL)))],
    jenis: Annotated[Optional[list[str]], typer.Option("--jenis", help=f"Kind of actor monitored (repeatable; default every kind): {'|'.join(vocab.JENIS)}.", callback=resolving(enum_of(vocab.JENIS)))] = None,
    dari: Annotated[Optional[str], typer.Option("--dari", help="Start of the monitored period (default: the whole election).", callback=resolving(_tanggal))] = None,
    sampai: Annotated[Optional[str], typer.Option("--sampai", help="End of the monitored period.", callback=resolving(_tanggal))] = None,
    catatan: Annotated[Optional[str], typer.Option("--catatan", help="A note, e.g. 'minggu pertama kampanye'.")] = None,
    db: Db = None,
) -> None:
    """Record that a region (and optionally kinds of actor) was monitored; re-recording changes the result, with history."""
    values = {"pemilu": pemilu, "wilayah": kab, "jenis": jenis, "dari": dari, "sampai": sampai, "hasil": hasil,
              "catatan": catatan}
    common.add_record(db, "pantau", "Pantau", values)


@group.command("list")
@with_wilayah_seleksi
def list_(seleksi, db: Db = None, fmt: Format("table", "json", "csv") = "table", excel: Excel = False) -> None:
    """List the monitoring records."""
    csv_excel(fmt, excel)
    rows = common.listed(db, "pantau", seleksi)
    if fmt != "json":
        rows = [{**r, "jenis": ", ".join(r["jenis"]) or "(semua)"} for r in rows]
    common.emit(rows, TABLE if fmt == "table" else list(rows[0]) if rows else TABLE, fmt,
                title=f"Pantau ({len(rows)})", excel=excel)
