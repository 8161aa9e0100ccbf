"""`tenggat`: next steps that are overdue, or due soon, by the deadlines of the stage catalog."""

from typing import Annotated, Optional

import typer

from netralitas.cli.app import app
from netralitas.cli.options import Db, Excel, Format, csv_excel, _tanggal, db_path, resolving, with_seleksi


@app.command()
@with_seleksi
def tenggat(
    seleksi,
    per: Annotated[Optional[str], typer.Option("--per", help="The day to judge on (default today): makes the answer reproducible.", callback=resolving(_tanggal))] = None,
    dalam: Annotated[int, typer.Option("--dalam", min=0, metavar="HARI", help="Also list steps due within HARI days.")] = 0,
    ppk_hari: Annotated[Optional[int], typer.Option("--ppk-hari", min=0, help="Days a PPK decision may take before it counts as late (a working convention, not law; default from the catalog: 14).")] = None,
    db: Db = None,
    fmt: Format("table", "json", "csv", "markdown") = "table",
    excel: Excel = False,
) -> None:
    """Cases whose next step is overdue (or due within --dalam days): registration, decision, the PPK's decision. No names."""
    import datetime as dt

    from netralitas import render, store
    from netralitas.tenggat import rows

    csv_excel(fmt, excel)
    day = per or dt.date.today()
    found = rows(store.open_db(db_path(db), create=False), seleksi, per=day, dalam=dalam, ppk_hari=ppk_hari)
    if fmt == "json":
        render.print_json({"per": day.isoformat(), "dalam": dalam, "rows": found})
        return
    columns = ["nomor", "wilayah", "pemilu", "terlapor", "tenggat_nama", "dari", "batas", "hari_lewat", "keadaan"]
    if not found and fmt == "table":
        render.message(f"Tidak ada tenggat yang lewat per {day.isoformat()}" + (f" atau jatuh dalam {dalam} hari." if dalam else "."))
        return
    render.emit(found, columns, fmt, title=f"Tenggat per {day.isoformat()}: {len(found)}", numeric=["hari_lewat"], excel=excel)
