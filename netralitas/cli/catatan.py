"""What the record commands beside the cases share: `import` of their files, tables, choices.

`sosialisasi`, `pantau` and `rekap` each register these on their own group, declared once here.
"""

from pathlib import Path
from typing import Annotated, Optional

import typer

from netralitas.cli.options import Db, Format, db_path

from netralitas.i18n import _
Files = Annotated[list[Path], typer.Argument(help=_("Files: .yaml/.yml, .csv, .xlsx."), dir_okay=False)]


def kind(name: str):
    """The record kind (netralitas.pencegahan.<name>.JENIS), imported when a command runs."""
    from importlib import import_module

    return import_module(f"netralitas.pencegahan.{name}").JENIS


def parsed(name: str, attr: str):
    """A parser from pencegahan.bidang for an option callback, imported when it runs."""

    def parse(value):
        from netralitas.pencegahan import bidang

        return getattr(bidang, attr)(value)

    parse.__name__ = name
    return parse


def register_import(group: typer.Typer, name: str, noun: str) -> None:
    @group.command("import", help=_("Import {noun} files (YAML, CSV, .xlsx). A file with any invalid record is "
                                    "rejected whole; re-importing changes nothing; changes are kept in the history.").format(noun=noun))
    def import_(files: Files, db: Db = None,
                dry_run: Annotated[bool, typer.Option("--dry-run", help=_("Show what would change; write nothing."))] = False,
                ignore_unknown: Annotated[bool, typer.Option("--ignore-unknown", help=_("Skip unknown columns instead of rejecting the file."))] = False,
                sheet: Annotated[Optional[str], typer.Option("--sheet", help=_("Excel sheet to read (default: the first)."))] = None,
                fmt: Format("table", "json") = "table") -> None:
        from netralitas import store
        from netralitas.cli.impor import show_results, summarise
        from netralitas.pencegahan.berkas import process_file

        jenis, database = kind(name), store.open_db(db_path(db))
        results = [process_file(database, f, jenis, write=not dry_run, sheet=sheet, ignore_unknown=ignore_unknown)
                   for f in files]
        show_results(results, fmt)
        summarise(results, dry_run=dry_run, noun=noun)


def save(database, jenis, values: dict, asal: str, *, ganti: bool = True) -> tuple[str, str, dict]:
    """Validate one record given as options and write it; invalid input exits 1, writing nothing."""
    from pydantic import ValidationError

    from netralitas import store
    from netralitas.errors import InvalidInput
    from netralitas.pencegahan import catatan
    from netralitas.pencegahan.bidang import problems

    try:
        rec = jenis.record(jenis.model(**{k: v for k, v in values.items() if v not in (None, [], ())}))
    except ValidationError as e:
        raise InvalidInput(_("the {kind} record is not valid; nothing was written").format(kind=jenis.nama),
                           problems(e, jenis.fields)) from None
    with store.write(database):
        return catatan.simpan(database, jenis.tabel, rec, asal, ganti=ganti)


def add_record(db, name: str, noun: str, values: dict, *, ganti: bool = True) -> None:
    """`KIND add`: validate and write one record, print its kode, say what happened."""
    from netralitas import render, store
    from netralitas.cli.options import db_path

    kode, outcome, changes = save(store.open_db(db_path(db)), kind(name), values, "add", ganti=ganti)
    typer.echo(kode)
    render.message(said(noun, kode, outcome, changes))


def listed(db, name: str, seleksi) -> list[dict]:
    """`KIND list`: the records of a selection as files hold them, with the region's name."""
    from importlib import import_module

    from netralitas import store
    from netralitas.cli.options import db_path
    from netralitas.pencegahan import catatan
    from netralitas.wilayah import catalog

    as_file = import_module(f"netralitas.pencegahan.{name}").as_file
    return [{"kode": r["kode"], **as_file(r), "wilayah_nama": catalog().nama(r["wilayah"])}
            for r in catatan.daftar(store.open_db(db_path(db), create=False), name, seleksi)]


def said(noun: str, kode: str, outcome: str, changes: dict) -> str:
    if outcome == "baru":
        return _("{noun} {kode} saved.").format(noun=noun, kode=kode)
    if outcome == "sama":
        return _("{noun} {kode} is already recorded; nothing changed.").format(noun=noun, kode=kode)
    return _("{noun} {kode} changed: ").format(noun=noun, kode=kode) + ", ".join(f"{c} {a!r} -> {b!r}" for c, (a, b) in changes.items()) + "."


def emit(rows: list[dict], columns: list[str], fmt: str, title: str, numeric=(), excel: bool = False,
         priority: list[str] | None = None) -> None:
    from netralitas import render

    if not rows and fmt == "table":
        render.message(_("No records match."))
        return
    render.emit(rows, columns, fmt, title=title, numeric=numeric, excel=excel, priority=priority)
