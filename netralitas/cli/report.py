"""`report`: summaries by region, election and sanction level, and the enforcement funnel."""

from typing import Annotated, Optional

import typer

from netralitas.cli.app import app
from netralitas.cli.options import Db, Format, db_path, with_seleksi

from netralitas.vocab import DIMENSIONS

from netralitas.i18n import _

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
    fmt: Format("table", "json", "csv", "markdown") = "table",
    di_bawah_pedoman: Annotated[bool, typer.Option("--di-bawah-pedoman", help=_("List imposed sanctions lighter than the guideline level."))] = False,
    tertunda: Annotated[Optional[int], typer.Option("--tertunda", min=0, metavar="HARI", help=_("List proven terlapor awaiting a PPK decision for more than HARI days."))] = None,
    pencegahan: Annotated[bool, typer.Option("--pencegahan", help=_("Prevention activities (sosialisasi) by region, or by election for one kab, beside the cases."))] = False,
    tanpa_rekap: Annotated[bool, typer.Option("--tanpa-rekap", help=_("Count case records only; leave recap figures out."))] = False,
    db: Db = None,
) -> None:
    from netralitas import reports, store
    from netralitas.cli import report_view as view
    from netralitas.pencegahan.laporan import DIMS, beside

    database = store.open_db(db_path(db), create=False)
    if pencegahan:
        from netralitas.pencegahan.laporan import pencegahan as prevention

        dim = (by or reports.default_by(seleksi))[0]
        if len(by or []) > 1 or dim not in DIMS:
            raise typer.BadParameter(_("--pencegahan groups by one of: {dims}").format(dims=", ".join(DIMS)), param_hint="--by")
        view.pencegahan(prevention(database, seleksi, dim, tanpa_rekap=tanpa_rekap), fmt)
        return
    extra = {}
    if di_bawah_pedoman:
        count, rows = reports.di_bawah_pedoman(database, seleksi, rows=True)
        extra["di_bawah_pedoman"] = {"jumlah": count, "rows": rows}
    if tertunda is not None:
        extra["tertunda"] = {"hari": tertunda, "rows": reports.tertunda(database, seleksi, tertunda)}
    if by or fmt != "table":
        laporan = beside(database, reports.report(database, seleksi, by or reports.default_by(seleksi)),
                         tanpa_rekap=tanpa_rekap)
        laporan.extra = extra
        view.laporan(laporan, fmt)
    else:  # the plain table: the summary of the selection
        summary = reports.summary(database, seleksi)
        summary["laporan"] = beside(database, summary["laporan"], tanpa_rekap=tanpa_rekap)
        view.summary(summary)
    if fmt == "table":
        view.extra(extra)
