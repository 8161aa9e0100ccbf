"""`terbitkan`: publish a PII-free aggregate database, optionally serving it on localhost."""

from pathlib import Path
from typing import Annotated

import typer

from netralitas.cli.app import app
from netralitas.cli.options import Db, db_path, MAX_COUNT
from netralitas.i18n import _


@app.command(help=_("Write counts by region, province, election, month, source, violation form, kind of actor, sanction level, stage and origin office, prevention and coverage, with the catalogs' names and licences; never a name, NIP, nomor or free text. The Datasette metadata (titles, sources, canned queries) goes to OUT.metadata.json."))
def terbitkan(
    out: Annotated[Path, typer.Argument(help=_("The SQLite file to write (aggregates only)."), dir_okay=False)],
    min_sel: Annotated[int, typer.Option("--min-sel", min=0, max=MAX_COUNT, metavar="N", help=_("Publish counts from 1 to N-1 as empty: a 1 or 2 in a small agency can point at a person."))] = 0,
    timpa: Annotated[bool, typer.Option("--timpa", help=_("Replace OUT (and its metadata file) if it exists. Only a database written by terbitkan (it has the table tentang) is replaced, never a register or another SQLite file."))] = False,
    serve: Annotated[bool, typer.Option("--serve", help=_("Then serve it read-only on localhost with Datasette (optional extra)."))] = False,
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help=_("Port for --serve."))] = 8001,
    db: Db = None,
) -> None:
    from netralitas import render, store
    from netralitas.i18n import _
    from netralitas.publikasi import serve as server
    from netralitas.publikasi.terbitkan import metadata_path, terbitkan as publish

    if serve and not server.available():
        raise typer.BadParameter(_("Datasette is not installed: pip install 'netralitas[publikasi]'"), param_hint="--serve")
    written, hidden = publish(store.open_db(db_path(db), create=False), out, min_sel=min_sel, timpa=timpa)
    meta = metadata_path(out)
    render.message(_("Published {tables} tables ({rows} rows) to {out}; Datasette metadata in {meta}.").format(
        tables=len(written), rows=sum(written.values()), out=out, meta=meta))
    if min_sel > 1:
        render.message(_("Cells published empty: {primer} small ones, and {sekunder} more so that no small one can "
                         "be worked out from the totals.").format(
            primer=sum(h["primer"] for h in hidden.values()), sekunder=sum(h["sekunder"] for h in hidden.values())))
    render.message(_("Serve it read-only: datasette serve --immutable {out} --metadata {meta}").format(out=out, meta=meta))
    if serve:
        render.message(_("Serving on http://{host}:{port}/ (Ctrl+C stops).").format(host=server.HOST, port=port))
        raise typer.Exit(server.serve(out, meta, port=port))
