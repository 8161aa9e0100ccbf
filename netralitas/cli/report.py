"""`report`: summaries by region, election and sanction level, and the enforcement funnel."""

from typing import Annotated, Optional

import typer

from netralitas.cli.app import app
from netralitas.cli.options import Db, Format, db_path, with_seleksi

from netralitas.vocab import DIMENSIONS


def _by(value: Optional[str]) -> list[str]:
    if not value:
        return []
    dims = [d.strip().lower() for d in value.split(",") if d.strip()]
    unknown = [d for d in dims if d not in DIMENSIONS]
    if unknown or not 1 <= len(dims) <= 2 or len(set(dims)) != len(dims):
        raise typer.BadParameter(f"give one or two different dimensions of: {', '.join(DIMENSIONS)}")
    return dims


@app.command()
@with_seleksi
def report(
    seleksi,
    by: Annotated[Optional[str], typer.Option("--by", help=f"One or two dimensions, e.g. wilayah,sanksi: {', '.join(DIMENSIONS)}.", callback=_by)] = None,
    fmt: Format("table", "json", "csv", "markdown") = "table",
    di_bawah_pedoman: Annotated[bool, typer.Option("--di-bawah-pedoman", help="List imposed sanctions lighter than the guideline level.")] = False,
    tertunda: Annotated[Optional[int], typer.Option("--tertunda", min=0, metavar="HARI", help="List proven terlapor awaiting a PPK decision for more than HARI days.")] = None,
    db: Db = None,
) -> None:
    """Counts of kasus, temuan, laporan, terlapor, terbukti, disanksi and sanction levels. No names, ever."""
    from netralitas import reports, store
    from netralitas.cli import report_view as view

    database = store.open_db(db_path(db), create=False)
    extra = {}
    if di_bawah_pedoman:
        count, rows = reports.di_bawah_pedoman(database, seleksi, rows=True)
        extra["di_bawah_pedoman"] = {"jumlah": count, "rows": rows}
    if tertunda is not None:
        extra["tertunda"] = {"hari": tertunda, "rows": reports.tertunda(database, seleksi, tertunda)}
    if by or fmt != "table":
        laporan = reports.report(database, seleksi, by or reports.default_by(seleksi))
        laporan.extra = extra
        view.laporan(laporan, fmt)
    else:  # the plain table: the summary of the selection
        view.summary(reports.summary(database, seleksi))
    if fmt == "table":
        view.extra(extra)
