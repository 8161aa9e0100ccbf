"""`sosialisasi add|import|list|show|export`: the prevention register (pencegahan)."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from netralitas.cli import catatan as common
from netralitas.cli.app import app
from netralitas.cli.options import Db, Excel, Format, _pemilu, _tanggal, csv_excel, db_path, resolving, with_wilayah_seleksi, MAX_COUNT
from netralitas.pencegahan import vocab as pvocab

from netralitas.i18n import _
group = typer.Typer(help=_("Prevention activities (sosialisasi): add, import, list, show, export."),
                    no_args_is_help=True)
app.add_typer(group, name="sosialisasi")
common.register_import(group, "sosialisasi", "sosialisasi")

Many = lambda flag, help: Annotated[Optional[list[str]], typer.Option(flag, help=help)]  # noqa: E731
One = lambda flag, help, parse=None: Annotated[Optional[str], typer.Option(  # noqa: E731
    flag, help=help, callback=resolving(parse) if parse else None)]
TABLE = ["kode", "tanggal", "wilayah_nama", "pemilu", "moda", "penyelenggara", "sasaran", "jumlah_peserta",
         "narasumber", "tema"]


@group.command("add", help=_("Record one prevention activity; prints its kode."))
def add(
    tanggal: One("--tanggal", _("Date: 2024-10-04, 04/10/2024 or '4 Oktober 2024'."), _tanggal) = None,
    wilayah: One("--wilayah", _("Kabupaten/kota or province: code, name or alias."), common.parsed("wilayah", "parse_wilayah")) = None,
    penyelenggara: One("--penyelenggara", _("Organiser: {choices} (e.g. 'Bawaslu Kukar', 'BKPSDM').").format(choices=", ".join(pvocab.PENYELENGGARA)),
                       common.parsed("penyelenggara", "parse_penyelenggara")) = None,
    pemilu: One("--pemilu", _("The election it prepares for, e.g. pilkada-2024."), _pemilu) = None,
    tempat: One("--tempat", _("Where: a hall, a hotel, or the online platform.")) = None,
    moda: One("--moda", _("{choices} (online, tatap muka are understood).").format(choices=", ".join(pvocab.MODA)), common.parsed("moda", "parse_moda")) = None,
    mitra: Many("--mitra", _("Partner (repeatable), e.g. 'BKPSDM Kukar'.")) = None,
    sasaran: Many("--sasaran", _("Audience (repeatable): {choices}, or other text.").format(choices=", ".join(pvocab.SASARAN))) = None,
    jumlah_peserta: Annotated[Optional[int], typer.Option("--jumlah-peserta", min=0, max=MAX_COUNT, help=_("Number of participants."))] = None,
    narasumber: Many("--narasumber", _("Speaker (repeatable); shown by list and show only, never in reports.")) = None,
    tema: One("--tema", _("Theme or title.")) = None,
    tautan: Many("--tautan", _("Link or document (repeatable).")) = None,
    kode: One("--kode", _("Your own key; needed when one organiser holds two activities in one region on one day.")) = None,
    ganti: Annotated[bool, typer.Option("--ganti", help=_("Change the activity already recorded under the same key (old values go to its history)."))] = False,
    db: Db = None,
) -> None:
    values = {k: v for k, v in locals().items() if k not in ("ganti", "db")}
    missing = [f"--{k}" for k in ("tanggal", "wilayah", "penyelenggara") if not values[k]]
    if missing:
        raise typer.BadParameter(_("missing required option(s) {flags}").format(flags=", ".join(missing)))
    common.add_record(db, "sosialisasi", "Sosialisasi", values, ganti=ganti)


def _rows(database, seleksi) -> list[dict]:
    from netralitas.pencegahan import catatan
    from netralitas.pencegahan.sosialisasi import as_file
    from netralitas.wilayah import catalog

    names = catalog()
    out = []
    for row in catatan.daftar(database, "sosialisasi", seleksi, tanggal="tanggal"):
        rec = as_file(row)
        rec["kode"] = row["kode"]
        out.append({"kode": row["kode"], **{k: v for k, v in rec.items() if k != "kode"},
                    "wilayah_nama": names.nama(row["wilayah"])})
    return out


@group.command("list", help=_("List activities, speakers included."))
@with_wilayah_seleksi
def list_(seleksi, db: Db = None, fmt: Format("table", "json", "csv") = "table", excel: Excel = False) -> None:
    csv_excel(fmt, excel)
    from netralitas import store

    rows = _rows(store.open_db(db_path(db), create=False), seleksi)
    if fmt == "table":
        rows = [{**r, **{k: ", ".join(r[k]) for k in ("sasaran", "narasumber")}} for r in rows]
    common.emit(rows, TABLE if fmt == "table" else list(rows[0]) if rows else TABLE, fmt,
                title=f"Sosialisasi ({len(rows)})", numeric=["jumlah_peserta"], excel=excel)


@group.command("show", help=_("Show one activity and its change history."))
def show(kode: Annotated[str, typer.Argument(help=_("The activity's kode (see `netralitas sosialisasi list`)."))],
         db: Db = None, fmt: Format("table", "json") = "table") -> None:
    from netralitas import render, store
    from netralitas.errors import NotFound
    from netralitas.pencegahan import catatan
    from netralitas.pencegahan.sosialisasi import as_file
    from netralitas.wilayah import catalog

    database = store.open_db(db_path(db), create=False)
    row = catatan.ambil(database, "sosialisasi", kode.strip())
    if row is None:
        raise NotFound(_("no activity has the kode {kode!r}; `netralitas sosialisasi list` shows them").format(kode=kode))
    rec = {**as_file(row), "kode": row["kode"], "wilayah_nama": catalog().nama(row["wilayah"]),
           "dicatat": row["created_at"], "diubah": row["updated_at"]}
    history = catatan.riwayat(database, "sosialisasi", row["kode"])
    if fmt == "json":
        render.print_json({**rec, "riwayat": history})
        return
    fields = [{"": k, "nilai": ", ".join(v) if isinstance(v, list) else v} for k, v in rec.items()]
    render.emit(fields, ["", "nilai"], "table", title=f"Sosialisasi {row['kode']}")
    if history:
        render.emit(history, list(history[0]), "table", title="Riwayat")


@group.command("export", help=_("Export activities in a form `sosialisasi import` reads (speakers included: it is the register)."))
@with_wilayah_seleksi
def export(seleksi, db: Db = None, fmt: Format("yaml", "csv", "json", default="yaml") = "yaml", excel: Excel = False,
           output: Annotated[Optional[Path], typer.Option("--output", "-o", dir_okay=False, help=_("File to write (default: stdout)."))] = None,
           timpa: Annotated[bool, typer.Option("--timpa", help=_("Replace the --output file if it exists (never the database)."))] = False) -> None:
    from netralitas import render, safefile, store
    from netralitas.pencegahan import catatan
    from netralitas.pencegahan.sosialisasi import FIELDS, as_file

    csv_excel(fmt, excel)
    path = db_path(db)
    rows = [as_file(r) for r in catatan.daftar(store.open_db(path, create=False), "sosialisasi", seleksi, tanggal="tanggal")]
    text = _text(rows, FIELDS, fmt, excel)
    if output is None:
        render.write_csv(text, excel)  # text as it is; a BOM only for --excel
    else:
        with safefile.output(output, overwrite=timpa, database=path) as tmp:
            with open(tmp, "w", encoding="utf-8-sig" if excel else "utf-8", newline="") as out:
                out.write(text)
    render.message((_("Exported {n} sosialisasi to {file}.") if output else _("Exported {n} sosialisasi.")).format(n=len(rows), file=output))


def _text(rows: list[dict], fields: list[str], fmt: str, excel: bool = False) -> str:
    from netralitas import render

    if fmt == "json":
        return render.to_json(rows) + "\n"
    if fmt == "csv":
        from netralitas.cells import neutralise

        flat = [{k: neutralise(" | ".join(v) if isinstance(v, list) else v) for k, v in r.items()} for r in rows]
        return render.csv_text(flat, fields, excel=excel)
    import yaml

    clean = [{k: v for k, v in r.items() if v not in (None, [])} for r in rows]
    return yaml.safe_dump({"sosialisasi": clean}, allow_unicode=True, sort_keys=False, default_flow_style=False)
