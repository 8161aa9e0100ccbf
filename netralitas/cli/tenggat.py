"""`tenggat`: next steps that are overdue, or due soon, by the deadlines of the stage catalog."""

from typing import Annotated, Optional

import typer

from netralitas.cli.app import app
from netralitas.cli.options import Db, Excel, Format, csv_excel, _tanggal, db_path, resolving, with_seleksi, MAX_DAYS

from netralitas import format as fmt_
from netralitas.i18n import _

@app.command(help=_("Cases whose next step is overdue (or due within --dalam days): registration, decision, the PPK's decision. No names."))
@with_seleksi
def tenggat(
    seleksi,
    per: Annotated[Optional[str], typer.Option("--per", help=_("The day to judge on (default today): makes the answer reproducible."), callback=resolving(_tanggal))] = None,
    dalam: Annotated[int, typer.Option("--dalam", min=0, max=MAX_DAYS, metavar="HARI", help=_("Also list steps due within HARI days."))] = 0,
    ppk_hari: Annotated[Optional[int], typer.Option("--ppk-hari", min=0, max=MAX_DAYS, help=_("Days a PPK decision may take before it counts as late (a working convention, not law; default from the catalog: 14)."))] = None,
    db: Db = None,
    fmt: Format("table", "json", "csv", "markdown") = "table",
    excel: Excel = False,
) -> None:
    import datetime as dt

    from netralitas import render, store
    from netralitas.tenggat import readable, rows

    csv_excel(fmt, excel)
    day = per or dt.date.today()
    found = rows(store.open_db(db_path(db), create=False), seleksi, per=day, dalam=dalam, ppk_hari=ppk_hari)
    if fmt == "json":
        render.print_json({"per": day.isoformat(), "dalam": dalam, "rows": found})
        return
    columns = ["nomor", "wilayah", "pemilu", "terlapor", "tenggat_nama", "dari", "batas", "hari_lewat", "keadaan"]
    if not found and fmt == "table":
        render.message((_("No deadline passed as of {day} or falls within {days} days.") if dalam else _("No deadline passed as of {day}.")).format(day=fmt_.fmt_date(day), days=dalam))
        return
    if fmt in ("table", "markdown"):
        found = readable(found)
    render.emit(found, columns, fmt, title=_("Deadlines as of {day}: {n}").format(day=fmt_.fmt_date(day), n=len(found)), numeric=["hari_lewat"], excel=excel,
                priority=["nomor", "tenggat_nama", "keadaan", "hari_lewat", "batas", "terlapor", "dari", "wilayah", "pemilu"])
