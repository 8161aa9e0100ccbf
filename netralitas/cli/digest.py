"""`digest`: the nightly summary that cron runs."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from netralitas.cli.app import app
from netralitas.cli.options import Db, db_path, with_seleksi, MAX_DAYS

from netralitas.i18n import _

def _formats(value: str) -> list[str]:
    from netralitas.digest import FORMATS

    chosen = [f.strip().lower().lstrip(".") for f in value.split(",") if f.strip()]
    chosen = ["md" if f == "markdown" else f for f in chosen]
    bad = [f for f in chosen if f not in FORMATS]
    if bad or not chosen:
        raise typer.BadParameter(_("give a comma-separated list of: {formats}").format(formats=", ".join(FORMATS)))
    return list(dict.fromkeys(chosen))


@app.command(help=_("Write today's summary files (no names or NIP) and say what is new since the previous digest."))
@with_seleksi
def digest(
    seleksi,
    out: Annotated[Path, typer.Option("--out", file_okay=False, help=_("Folder for netralitas-YYYY-MM-DD.md/.json/.html."))] = Path("."),
    fmt: Annotated[str, typer.Option("--format", "-f", help=_("Files to write, comma-separated: md, json, html."), callback=_formats)] = "md,json",
    tertunda: Annotated[int, typer.Option("--tertunda", min=0, max=MAX_DAYS, metavar="HARI", help=_("Flag proven terlapor awaiting a PPK decision longer than HARI days (a working convention, not law)."))] = 14,
    wait: Annotated[float, typer.Option("--wait", min=0, help=_("Seconds to wait for another digest, or another writer, on the same database before giving up."))] = 300,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help=_("Print nothing on success."))] = False,
    db: Db = None,
) -> None:
    from filelock import FileLock, Timeout

    from netralitas import digest as digests
    from netralitas import render, store
    from netralitas.errors import RuntimeFailure

    path = db_path(db)
    lock = FileLock(str(path) + ".digest.lock")
    try:
        if not path.is_file():  # the digest reads; only add and import create a database
            store.open_db(path, create=False)
        with lock.acquire(timeout=wait):
            database = store.open_db(path, create=False)
            content = digests.build(database, seleksi, tertunda)
            files = digests.publish(database, content, seleksi, out, fmt, wait=wait)
    except Timeout:
        raise RuntimeFailure(_("another digest has held {lock} for {wait} s; not run this time").format(lock=lock.lock_file, wait=f"{wait:g}")) from None
    except OSError as e:
        raise RuntimeFailure(_("cannot write the digest: {error}").format(error=e)) from None
    if not quiet:
        for line in digests.headline(content):
            typer.echo(line)
        render.message(_("Wrote {files}").format(files=", ".join(str(f) for f in files)))
