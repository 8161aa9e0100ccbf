"""`report`: summaries by region, election and sanction level, and the enforcement funnel."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from netralitas.cli.app import app
from netralitas.cli.options import Db, Excel, Format, csv_excel, db_path, with_seleksi, MAX_DAYS
from netralitas.i18n import _
from netralitas.vocab import DIMENSIONS


def _by(value: Optional[str]) -> list[str]:
    if not value:
        return []
    dims = [d.strip().lower() for d in value.split(",") if d.strip()]
    unknown = [d for d in dims if d not in DIMENSIONS]
    if unknown or not 1 <= len(dims) <= 2 or len(set(dims)) != len(dims):
        raise typer.BadParameter(_("give one or two different dimensions of: {dims}").format(dims=", ".join(DIMENSIONS)))
    return dims


@app.command(help=_("Counts of kasus, temuan, laporan, terlapor, terbukti, disanksi and sanction levels, with prevention activities and coverage (nihil / tidak ada data) beside them. No names, ever."))
@with_seleksi
def report(
    seleksi,
    by: Annotated[Optional[str], typer.Option("--by", help=_("One or two dimensions, e.g. wilayah,sanksi: {dims}.").format(dims=", ".join(DIMENSIONS)), callback=_by)] = None,
    fmt: Format("table", "json", "csv", "markdown", "xlsx") = "table",
    output: Annotated[Optional[Path], typer.Option("--output", "-o", dir_okay=False, help=_("The workbook to write (--format xlsx)."))] = None,
    timpa: Annotated[bool, typer.Option("--timpa", help=_("Replace the --output or --grafik file if it exists."))] = False,
    excel: Excel = False,
    panjang: Annotated[bool, typer.Option("--panjang", help=_("A cross-table (--by A,B) in its long form, a row per pair and no total row, for machines; otherwise it is a pivot."))] = False,
    di_bawah_pedoman: Annotated[bool, typer.Option("--di-bawah-pedoman", help=_("List imposed sanctions lighter than the guideline level."))] = False,
    tertunda: Annotated[Optional[int], typer.Option("--tertunda", min=0, max=MAX_DAYS, metavar="HARI", help=_("List proven terlapor awaiting a PPK decision for more than HARI days."))] = None,
    pencegahan: Annotated[bool, typer.Option("--pencegahan", help=_("Prevention activities (sosialisasi) by region, or by election for one kab, beside the cases."))] = False,
    tanpa_rekap: Annotated[bool, typer.Option("--tanpa-rekap", help=_("Count case records only; leave recap figures out."))] = False,
    grafik: Annotated[Optional[Path], typer.Option("--grafik", dir_okay=False, metavar="BERKAS.svg|BERKAS.png", help=_("Also write the chart of the main table (bars; stacked by the second --by dimension) to this file, for a slide. Needs the grafik extra (matplotlib)."))] = None,
    db: Db = None,
) -> None:
    from netralitas import laporan_rute, reports, ringkasan, store
    from netralitas.cli import report_view as view
    from netralitas.pencegahan.laporan import DIMS, beside

    if grafik is not None:
        from netralitas.grafik import check_path

        if pencegahan:
            raise typer.BadParameter(_("a chart draws the case counts; leave out --pencegahan"), param_hint="--grafik")
        check_path(grafik, db_path=db_path(db), overwrite=timpa)
    csv_excel(fmt, excel)
    if (fmt == "xlsx") != (output is not None):
        raise typer.BadParameter(_("--format xlsx writes a workbook: give it --output FILE (and --output only with xlsx)"),
                                 param_hint="--output")
    database = store.open_db(db_path(db), create=False)
    if fmt == "xlsx":
        from netralitas import safefile

        with safefile.output(output, overwrite=timpa, database=db_path(db)) as tmp:
            n = view.workbook(database, seleksi, by, tmp, panjang=panjang, tanpa_rekap=tanpa_rekap)
        from netralitas import render

        render.message(_("Wrote {n} sheet(s) to {path}.").format(n=n, path=output))
        return
    if pencegahan:
        from netralitas.pencegahan.laporan import pencegahan as prevention

        dim = (by or reports.default_by(seleksi))[0]
        if len(by or []) > 1 or dim not in DIMS:
            raise typer.BadParameter(_("--pencegahan groups by one of: {dims}").format(dims=", ".join(DIMS)), param_hint="--by")
        view.pencegahan(prevention(database, seleksi, dim, tanpa_rekap=tanpa_rekap), fmt, excel)
        return
    extra = {}
    if di_bawah_pedoman:
        count, rows = reports.di_bawah_pedoman(database, seleksi, rows=True)
        extra["di_bawah_pedoman"] = {"jumlah": count, "rows": rows}
    if tertunda is not None:
        extra["tertunda"] = {"hari": tertunda, "rows": reports.tertunda(database, seleksi, tertunda)}
    summary = ringkasan.summary(database, seleksi) if not by and fmt == "table" else None
    main = summary["laporan"] if summary else reports.report(database, seleksi, by or reports.default_by(seleksi))
    routes = laporan_rute.sections(database, seleksi, totals=dict(main.total))  # before recap figures
    if summary is None:
        laporan = beside(database, main, tanpa_rekap=tanpa_rekap)
        laporan.extra = {**extra, **routes}
        view.laporan(laporan, fmt, excel=excel, panjang=panjang)
    else:  # the plain table: the summary of the selection
        summary["laporan"] = laporan = beside(database, main, tanpa_rekap=tanpa_rekap)
        laporan.extra = routes
        view.summary(summary)
    if fmt == "table":
        view.extra({**extra, **routes})
    if grafik is not None:
        from netralitas import grafik as charts
        from netralitas.render import message

        written = charts.write(laporan, grafik, db_path=db_path(db), overwrite=timpa)
        message(_("Chart written to {path}").format(path=written))
