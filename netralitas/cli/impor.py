"""`import`, `validate`, `export`: case files in and out."""

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from netralitas.cli.app import app
from netralitas.cli.options import (Db, Excel, Format, _kab, _pemilu, _sumber, csv_excel, db_path, resolving,
                                     with_seleksi)
from netralitas.i18n import _, ngettext

Files = Annotated[list[Path], typer.Argument(help=_("Case files: .yaml/.yml, .csv, .xlsx."), dir_okay=False)]
IgnoreUnknown = Annotated[bool, typer.Option("--ignore-unknown", help=_("Skip columns netralitas does not know instead of rejecting the file."))]
Sheet = Annotated[Optional[str], typer.Option("--sheet", help=_("Excel sheet to read (default: the first)."))]
Ketat = Annotated[bool, typer.Option("--ketat", help=_("Strict: warnings (an incident far from its election) are problems that reject the file."))]
HeaderRow = Annotated[Optional[int], typer.Option("--baris-header", min=1, metavar="N", help=_("The row (line) holding the column names, when the search among the first 20 rows should not decide."))]
FilePemilu = Annotated[Optional[str], typer.Option("--pemilu", help=_("The election of every case of a file without a pemilu column (never over one it has)."), callback=resolving(_pemilu))]
FileSumber = Annotated[Optional[str], typer.Option("--sumber", help=_("temuan, laporan (LP/TM) for every case of a file without a sumber column (never over one it has)."), callback=resolving(_sumber))]
FileKab = Annotated[Optional[str], typer.Option("--kab", help=_("The kabupaten/kota of every case of a file without a wilayah column (never over one it has)."), callback=resolving(_kab))]


def _defaults(pemilu, sumber, kab) -> dict:
    return {"pemilu": pemilu, "sumber": sumber, "wilayah": kab}


def _progress_bar():
    """A progress bar on a terminal (for large files); None, so silence, otherwise."""
    if not sys.stderr.isatty():
        return None
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

    from netralitas.render import console

    return Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TimeRemainingColumn(),
                    transient=True, console=console(stderr=True))


def _run(files: list[Path], db, *, write: bool, ignore_unknown: bool, sheet: Optional[str], fmt: str,
         timpa: bool = False, perbarui: bool = False, ketat: bool = False, defaults: dict | None = None,
         header_row: Optional[int] = None) -> list:
    from netralitas.importer import file_kind, process_file

    results = []
    bar = _progress_bar()
    for path in files:  # CSV is the format that gets large, and the one whose reader reports progress
        big = bar is not None and file_kind(path) == "csv" and path.is_file() and path.stat().st_size > 2_000_000
        if big:
            bar.start()
            task = bar.add_task(path.name, total=path.stat().st_size)
            tick = lambda done, total: bar.update(task, completed=done)  # noqa: E731
        else:
            tick = None
        try:
            results.append(process_file(db, path, write=write, ignore_unknown=ignore_unknown, sheet=sheet, progress=tick,
                                        timpa=timpa, perbarui=perbarui, ketat=ketat, defaults=defaults,
                                        header_row=header_row))
        finally:
            if big:
                bar.stop()
    show_results(results, fmt)
    return results


def show_results(results: list, fmt: str) -> None:
    """Each file's problems (a table), or every result as JSON."""
    from netralitas import render

    if fmt == "json":
        render.print_json({"files": [r.to_dict() for r in results], "valid": all(r.valid for r in results)})
        return
    for r in results:
        if not r.valid:
            more = _(" (showing {n})").format(n=len(r.problems)) if r.problem_count > len(r.problems) else ""
            render.problems(r.problems, title=ngettext("{path}: {n} problem{more}", "{path}: {n} problems{more}",
                                                       r.problem_count).format(path=r.path, n=r.problem_count, more=more))
        if r.warnings:
            render.problems(r.warnings, stderr=True, title=ngettext(
                "{path}: {n} warning; --ketat makes it a problem", "{path}: {n} warnings; --ketat makes them problems",
                len(r.warnings)).format(path=r.path, n=len(r.warnings)))
        if r.dilewati:
            render.message(_("{path}: {n} line(s) not read ({lines}): {why}").format(
                path=r.path, n=len(r.dilewati), lines=spans(r.dilewati), why=r.dilewati_alasan))


def spans(lines: list[int]) -> str:
    """Line numbers as runs: 8-10, 12."""
    out: list[list[int]] = []
    for n in sorted(lines):
        if out and n == out[-1][1] + 1:
            out[-1][1] = n
        else:
            out.append([n, n])
    return ", ".join(f"{a}-{b}" if b > a else str(a) for a, b in out)


def summarise(results: list, *, dry_run: bool, noun: str) -> None:
    """The one-line summary of an import; exit 1 when a file was rejected."""
    from netralitas import render

    ok = [r for r in results if r.valid]
    rejected = [r for r in results if not r.valid]
    line = (_("Would import {files} file(s): {new} new, {updated} updated, {same} unchanged {noun}; rejected {rejected} file(s)")
            if dry_run else
            _("Imported {files} file(s): {new} new, {updated} updated, {same} unchanged {noun}; rejected {rejected} file(s)")
            ).format(files=len(ok), new=sum(r.baru for r in ok), updated=sum(r.diubah for r in ok),
                     same=sum(r.sama for r in ok), noun=noun, rejected=len(rejected))
    if rejected:
        line += _(" ({n} problems), nothing written from them").format(n=sum(r.problem_count for r in rejected))
    render.message(line + ".")
    if rejected:
        raise typer.Exit(1)


@app.command("import", help=_("Import case files. A file with any invalid record, or any conflict with the register, is rejected whole; re-importing changes nothing."))
def import_(files: Files, db: Db = None,
            dry_run: Annotated[bool, typer.Option("--dry-run", help=_("List what would change (case, person, field, old -> new); write nothing."))] = False,
            ignore_unknown: IgnoreUnknown = False, sheet: Sheet = None,
            timpa: Annotated[bool, typer.Option("--timpa", help=_("Let the file overwrite: empty cells erase, a status may move back, a stage may be withdrawn. Every overwrite is kept in riwayat."))] = False,
            perbarui: Annotated[bool, typer.Option("--perbarui", help=_("An update file: nomor (and the person's NIP or name) plus the columns that change; an unknown nomor is a problem, not a new case."))] = False,
            baris_header: HeaderRow = None, pemilu: FilePemilu = None, sumber: FileSumber = None, kab: FileKab = None,
            ketat: Ketat = False, fmt: Format("table", "json") = "table") -> None:
    from netralitas import render, store

    database = store.unmapped(store.open_db(db_path(db)))
    try:
        results = _run(files, database, write=not dry_run, ignore_unknown=ignore_unknown, sheet=sheet, fmt=fmt,
                       timpa=timpa, perbarui=perbarui, ketat=ketat, defaults=_defaults(pemilu, sumber, kab),
                       header_row=baris_header)
    finally:
        database.conn.close()  # the last connection checkpoints the WAL now, not at some later collection
    if dry_run and fmt != "json":
        changes = [c for r in results if r.valid for c in r.changes]
        if changes:
            render.emit(changes, ["nomor", "terlapor", "kolom", "lama", "baru"], "table",
                        title=_("Changes ({n})").format(n=len(changes)))
    summarise(results, dry_run=dry_run, noun="kasus")


@app.command(help=_("Check case files with the same rules as import; never writes. Exit 0 when all are valid."))
def validate(files: Files, ignore_unknown: IgnoreUnknown = False, sheet: Sheet = None, baris_header: HeaderRow = None,
             pemilu: FilePemilu = None, sumber: FileSumber = None, kab: FileKab = None, ketat: Ketat = False,
             fmt: Format("table", "json") = "table") -> None:
    from netralitas import render
    from netralitas.importer import scratch_db

    results = _run(files, scratch_db(), write=False, ignore_unknown=ignore_unknown, sheet=sheet, fmt=fmt, ketat=ketat,
                   defaults=_defaults(pemilu, sumber, kab), header_row=baris_header)
    for r in results:
        if r.valid:
            render.message(_("{path}: valid ({rows} rows, {kasus} kasus).").format(path=r.path, rows=r.rows, kasus=r.kasus))
    if not all(r.valid for r in results):
        raise typer.Exit(1)


@app.command(help=_("Export cases in a format `import` reads; names and NIP only with --include-pii."))
@with_seleksi
def export(seleksi, db: Db = None,
           fmt: Format("yaml", "csv", "json", "xlsx", default="yaml") = None,
           output: Annotated[Optional[Path], typer.Option("--output", "-o", dir_okay=False, help=_("File to write (default: stdout; required for xlsx). Without --format, its extension (.yaml, .yml, .csv, .json, .xlsx) gives the format."))] = None,
           include_pii: Annotated[bool, typer.Option("--include-pii", help=_("Include terlapor names and NIP (personal data, UU 27/2022)."))] = False,
           timpa: Annotated[bool, typer.Option("--timpa", help=_("Replace the --output file if it exists (never the database)."))] = False,
           excel: Excel = False) -> None:
    from netralitas import exporter, render, safefile, store
    from netralitas.kueri import iter_kasus

    fmt = _export_format(fmt, output)
    csv_excel(fmt, excel)
    if fmt == "xlsx" and output is None:
        raise typer.BadParameter(_("xlsx needs --output FILE"), param_hint="--format")
    path = db_path(db)

    def run(target: Optional[Path]) -> int:  # the database is opened once the output is known not to be it
        database = store.unmapped(store.open_db(path, create=False))
        kantor = exporter.has_merged(database)  # a roll-up's export says whose each record is
        if fmt == "csv":  # one row per terlapor, streamed from one query
            from netralitas import streaming

            with _opened(target, excel) as out:
                return streaming.write_csv(database, seleksi, out, pii=include_pii, excel=excel, kantor=kantor)
        return _export(exporter, iter_kasus(database, seleksi, pii=include_pii), fmt, target, include_pii, kantor,
                       excel)

    if output is None:
        n = run(None)
    else:
        with safefile.output(output, overwrite=timpa, database=path) as tmp:
            n = run(tmp)
    unit = _("rows") if fmt in ("csv", "xlsx") else "kasus"
    render.message((_("Exported {n} {unit} to {file}") if output else _("Exported {n} {unit}")).format(n=n, unit=unit, file=output)
                   + ("" if include_pii else _(" (without names and NIP; --include-pii adds them)")) + ".")


EXTENSIONS = {".yaml": "yaml", ".yml": "yaml", ".csv": "csv", ".json": "json", ".xlsx": "xlsx"}


def _export_format(fmt: Optional[str], output: Optional[Path]) -> str:
    """--format, else the one --output's extension names, else YAML; a --format the extension contradicts is refused."""
    named = EXTENSIONS.get(output.suffix.lower()) if output is not None else None
    if fmt is None:
        return named or "yaml"
    if named is not None and named != fmt and (fmt, named) != ("json", "yaml"):  # JSON is YAML: import reads it
        raise typer.BadParameter(_("--format {fmt} but --output {file} names {named}; give one that matches").format(
            fmt=fmt, file=output, named=named), param_hint="--format")
    return fmt


def _export(exporter, cases, fmt: str, path: Optional[Path], pii: bool, kantor: bool, excel: bool = False) -> int:
    if fmt == "xlsx":
        return exporter.write_xlsx(cases, path, pii, kantor)
    writer = {"yaml": exporter.write_yaml, "json": exporter.write_json}[fmt]
    with _opened(path, excel) as out:
        return writer(cases, out)


def _opened(path: Optional[Path], excel: bool):
    """The file to write, or stdout; for Excel, UTF-8 behind a BOM (Excel reads UTF-8 only so)."""
    from netralitas import render

    return open(path, "w", encoding="utf-8-sig" if excel else "utf-8", newline="") if path else render.csv_out(excel)
