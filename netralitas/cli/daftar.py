"""`list` and `show`: the cases themselves, the only outputs besides exports that name terlapor."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from netralitas.cli.app import app
from netralitas.cli.options import Db, Excel, Format, _nip, csv_excel, db_path, resolving, with_seleksi, MAX_COUNT
from netralitas.i18n import _


def _person(p: dict) -> str:
    who = p.get("nama") or _("(no name)")
    detail = ", ".join(x for x in (p.get("jenis"), (p.get("status") or "").replace("_", " "), p.get("sanksi")) if x)
    return f"{who} ({detail})" if detail else who


@app.command("list", help=_("List cases with their terlapor (names and NIP included: personal data)."))
@with_seleksi
def list_(seleksi, db: Db = None, fmt: Format("table", "json", "csv", "xlsx") = "table", excel: Excel = False,
          output: Annotated[Optional[Path], typer.Option("--output", "-o", dir_okay=False, help=_("The workbook to write (--format xlsx); NIP stored as text."))] = None,
          timpa: Annotated[bool, typer.Option("--timpa", help=_("Replace the --output file if it exists."))] = False,
          limit: Annotated[int, typer.Option("--limit", min=0, max=MAX_COUNT, help=_("At most this many cases (0: all)."))] = 0,
          cari: Annotated[Optional[str], typer.Option("--cari", help=_("Cases whose nomor, terlapor name or NIP, or uraian contains this text."))] = None) -> None:
    from netralitas import render, store
    from netralitas.kueri import iter_kasus
    from netralitas.wilayah import catalog

    csv_excel(fmt, excel)
    if (fmt == "xlsx") != (output is not None):
        raise typer.BadParameter(_("--format xlsx writes a workbook: give it --output FILE (and --output only with xlsx)"),
                                 param_hint="--output")
    database = store.unmapped(store.open_db(db_path(db), create=False))
    cari = " ".join(cari.split()) if cari else None
    if fmt in ("json", "csv"):  # streamed from one query, byte for byte what the cases below would give
        from netralitas import streaming

        if fmt == "json":
            streaming.stream_json(database, seleksi, cari=cari, limit=limit)
            return
        with render.csv_out(excel) as out:
            streaming.write_csv(database, seleksi, out, pii=True, excel=excel, cari=cari, limit=limit)
        return
    cases = iter_kasus(database, seleksi, pii=True, cari=cari)
    if limit:
        from itertools import islice

        cases = islice(cases, limit)
    if fmt == "xlsx":
        from netralitas import safefile, workbook

        with safefile.output(output, overwrite=timpa, database=db_path(db)) as tmp:
            sheet = workbook.case_sheet(cases)
            workbook.write([sheet], tmp)
        render.message(_("Wrote {n} row(s) to {path}.").format(n=len(sheet.rows), path=output))
        return
    names = catalog()
    rows = [{"nomor": c["nomor"], "tanggal": c["tanggal_kejadian"], "wilayah": names.nama(c["wilayah"]),
             "pemilu": c["pemilu"], "sumber": c["sumber"], "pelanggaran": c["pelanggaran"],
             "terlapor": "; ".join(_person(p) for p in c["terlapor"]) or "-", "kantor": c["_kantor"] or ""}
            for c in cases]
    if not any(r["kantor"] for r in rows):  # the office column only when other offices' records are listed
        for r in rows:
            del r["kantor"]
    if not rows:
        render.message(_("No cases match."))
        return
    render.emit(rows, list(rows[0]), "table", title=f"Kasus ({len(rows)})", hint=_("--format csv or json"),
                priority=("nomor", "terlapor", "kantor", "tanggal", "wilayah", "pemilu", "pelanggaran", "sumber"))


def _kantor(value):
    from netralitas.kantor import resolve_wilayah
    from netralitas.seleksi import SENDIRI

    return SENDIRI if value.strip().lower() == SENDIRI else resolve_wilayah(value)


@app.command(help=_("Show one case: fields, terlapor (with names and NIP), the timeline of its stages, the next deadline and its history. A case merged from another office shows its office and where it came from; a nomor kept by more than one office shows each record (JSON: a list), or the one --kantor names."))
def show(nomor: Annotated[Optional[str], typer.Argument(help=_("The case's register number (case ignored; an old number works too)."))] = None,
         nip: Annotated[Optional[str], typer.Option("--nip", help=_("Every case of one person (by NIP), across elections."), callback=resolving(_nip))] = None,
         kantor: Annotated[Optional[str], typer.Option("--kantor", help=_("When the nomor is kept by more than one office: the office (region code or name), or 'sendiri' for this office's own record."), callback=resolving(_kantor))] = None,
         db: Db = None, fmt: Format("table", "json") = "table") -> None:
    from netralitas import render, store
    from netralitas.cli.timeline import print_view
    from netralitas.errors import NotFound
    from netralitas.gabung.pilih import semua
    from netralitas.i18n import _
    from netralitas.kueri import case_view

    if (nomor is None) == (nip is None):
        raise typer.BadParameter(_("give a NOMOR or --nip NIP"))
    database = store.open_db(db_path(db), create=False)
    if nip is not None:
        return _by_nip(database, nip, fmt)
    found = semua(database, nomor, kantor)
    if not found:
        raise NotFound((_("no case has the nomor {nomor!r} in the records of office {kantor}; `netralitas list --cari …` "
                          "finds it") if kantor else _("no case has the nomor {nomor!r}; `netralitas list --cari …` finds it"))
                       .format(nomor=nomor, kantor=kantor))
    views = [case_view(database, k) for k in found]
    if len(views) == 1:
        print_view(views[0], fmt)
        return
    if fmt == "json":
        render.print_json(views)
        return
    render.message(_("The nomor {nomor} names {n} records, kept by: {offices}; `--kantor` shows one.").format(
        nomor=views[0]["nomor"], n=len(views), offices=", ".join(v.get("kantor") or _("this office") for v in views)))
    for view in views:
        print_view(view, fmt)


def _by_nip(database, nip: str, fmt: str) -> None:
    from netralitas import render
    from netralitas.kueri import iter_kasus
    from netralitas.seleksi import Seleksi

    rows = []
    for c in iter_kasus(database, Seleksi(), pii=True, nip=nip):
        for p in c["terlapor"]:
            if p["nip"] == nip:
                rows.append({"nomor": c["nomor"], **({"kantor": c["_kantor"]} if c["_kantor"] else {}),
                             "pemilu": c["pemilu"], "wilayah": c["wilayah"],
                             "tanggal_kejadian": c["tanggal_kejadian"], "pelanggaran": c["pelanggaran"],
                             "nama": p["nama"], "jabatan": p["jabatan"], "status": p["status"], "sanksi": p["sanksi"],
                             "sanksi_moral": p["sanksi_moral"]})
    if fmt == "json":
        render.print_json(rows)
        return
    if not rows:
        render.message(_("No case names this NIP."))
        return
    render.emit(rows, list(rows[0]), "table", title=_("Cases with this NIP: {n}").format(n=len(rows)),
                priority=("nomor", "nama", "pemilu", "status", "sanksi", "wilayah", "tanggal_kejadian",
                          "pelanggaran", "sanksi_moral", "jabatan"))
