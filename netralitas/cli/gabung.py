"""`gabung`, `duplikat`: merge other offices' registers into this one; possible duplicates."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from netralitas.cli.app import app
from netralitas.cli.options import Db, Format, db_path, resolving, MAX_COUNT
from netralitas.i18n import _

SUMMARY = ["file", "kantor", "baru", "diubah", "sama", "konflik", "konflik_nomor", "duplikat", "kantor_lain",
           "dilewati", "dihapus", "dipulihkan"]
PAIRS = ["alasan", "kantor", "nomor", "kantor_lain", "nomor_lain", "pemilu", "nip"]
# A narrow terminal leaves out the least important first: the two records' nomor stay, then their offices.
PAIRS_PRIORITY = ["nomor", "nomor_lain", "kantor", "kantor_lain", "alasan", "pemilu", "nip"]


def _wilayah(v):
    from netralitas.kantor import resolve_wilayah

    return resolve_wilayah(v)


@app.command(help=_("Merge other offices' registers, one source at a time, each all-or-nothing. Records keep their office and source; an office's records change only from its own files; possible duplicates are listed, never merged. A roll-up (a province's) hands over the records it merged too, each with its own office, taken only when newer than the copy here (kantor_lain: how many; dilewati: records left out, counted). A case its office deleted (hapus) is deleted here too, and restored when it restores it (dihapus, dipulihkan: how many); never erased. A case its office renumbered (ubah --nomor-baru) is renamed here, and its old number still finds it (a database hand-over only: an export carries no old numbers)."))
def gabung(
    sumber: Annotated[list[Path], typer.Argument(help=_("Other offices' netralitas databases, or their exports (.csv, .yaml, .xlsx)."), dir_okay=False)],
    kantor: Annotated[Optional[str], typer.Option("--kantor", help=_("For export files: the office that keeps them (region code, name or alias)."), callback=resolving(_wilayah))] = None,
    nama: Annotated[Optional[str], typer.Option("--nama", help=_("For export files: the office's name (default: 'Bawaslu' and its region)."))] = None,
    timpa: Annotated[bool, typer.Option("--timpa", help=_("Let a source overwrite that office's merged records (empty values, a status moving back, an older hand-over); every overwrite is kept in riwayat."))] = False,
    db: Db = None,
    fmt: Format("table", "json") = "table",
) -> None:
    from netralitas import render, store
    from netralitas.gabung.merge import gabung as merge
    from netralitas.i18n import _

    database = store.open_db(db_path(db))
    results = []
    try:
        for path in sumber:
            results.append(merge(database, path, kantor=kantor, nama=nama, timpa=timpa))
    finally:
        database.conn.close()
    if fmt == "json":
        render.print_json({"sumber": [r.to_dict() for r in results], "valid": all(r.valid for r in results)})
    else:
        for r in results:
            f = r.file
            if not r.valid:
                render.problems(f.problems, stderr=True, title=_("{file}: refused, nothing written ({n} problems)").format(
                    file=f.path, n=f.problem_count))
            if r.konflik_nomor:
                render.emit(r.konflik_nomor, ["nomor", "kantor_lain", "nomor_lain"], "table",
                            title=_("{file}: the same nomor is kept by another office ({n}); both kept").format(
                                file=f.path, n=r.n_konflik_nomor))
            if r.duplikat:
                render.emit(r.duplikat, PAIRS, "table", priority=PAIRS_PRIORITY, title=_("{file}: possible duplicates ({n}); not merged").format(
                    file=f.path, n=r.n_duplikat))
            if r.dilewati:
                render.message(_("{file}: left out (counted, not merged): {what}").format(
                    file=f.path, what=", ".join(f"{k} {v}" for k, v in r.dilewati.items())))
        render.emit([{**r.to_dict(), "konflik": r.file.problem_count, "kantor_lain": sum(r.lewat.values()),
                      "dilewati": sum(r.dilewati.values())} for r in results], SUMMARY, "table",
                    title=_("Merged sources"))
    ok = [r for r in results if r.valid]
    render.message(_("Merged {ok} of {n} source(s): {baru} new, {diubah} updated, {sama} unchanged kasus; "
                     "{duplikat} possible duplicate(s).").format(
        ok=len(ok), n=len(results), baru=sum(r.file.baru for r in ok), diubah=sum(r.file.diubah for r in ok),
        sama=sum(r.file.sama for r in ok), duplikat=sum(r.n_duplikat for r in ok)))
    dihapus, dipulihkan = (sum(getattr(r.penghapusan, k) for r in ok) for k in ("dihapus", "dipulihkan"))
    if dihapus or dipulihkan:
        render.message(_("Deleted by their office, deleted here too: {dihapus} kasus; restored by their office, "
                         "restored here: {dipulihkan} kasus.").format(dihapus=dihapus, dipulihkan=dipulihkan))
    diganti, bentrok = (sum(getattr(r.penomoran, k) for r in ok) for k in ("diganti", "bentrok"))
    if diganti:
        render.message(_("Renumbered by their office, renamed here: {n} kasus.").format(n=diganti))
    if bentrok:
        render.message(_("Renumbered by their office but not renamed here, because this register already has "
                         "a record of that office under the new number: {n} kasus; both kept, see "
                         "`netralitas duplikat`.").format(n=bentrok))
    if len(ok) < len(results):
        raise typer.Exit(1)


@app.command(help=_("Possible duplicates across offices: the same NIP in the same election, or the same nomor, in records kept by two offices; and the same NIP in the same election in two records one other office keeps under different nomor (a renumbering handed over only as an export). Listed for a person to decide; never merged."))
def duplikat(db: Db = None, fmt: Format("table", "json", "csv") = "table",
             limit: Annotated[Optional[int], typer.Option("--limit", min=1, max=MAX_COUNT, help=_("Show at most this many pairs."))] = None) -> None:
    from netralitas import render, store
    from netralitas.gabung import duplikat as dup
    from netralitas.i18n import _

    total, rows = dup.semua(store.open_db(db_path(db), create=False), limit=limit)
    render.emit(rows, PAIRS, fmt, priority=PAIRS_PRIORITY, title=_("Possible duplicates ({n})").format(n=total),
                json_data={"jumlah": total, "rows": rows})
