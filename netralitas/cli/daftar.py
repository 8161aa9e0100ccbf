"""`list` and `show`: the cases themselves, the only outputs besides exports that name terlapor."""

from typing import Annotated

import typer

from netralitas.cli.app import app
from netralitas.cli.options import Db, Format, db_path, with_seleksi


def _person(p: dict) -> str:
    who = p.get("nama") or "(tanpa nama)"
    detail = ", ".join(x for x in (p.get("jenis"), (p.get("status") or "").replace("_", " "), p.get("sanksi")) if x)
    return f"{who} ({detail})" if detail else who


@app.command("list")
@with_seleksi
def list_(seleksi, db: Db = None, fmt: Format("table", "json", "csv") = "table",
          limit: Annotated[int, typer.Option("--limit", min=0, help="At most this many cases (0: all).")] = 0) -> None:
    """List cases with their terlapor (names and NIP included: personal data)."""
    from netralitas import render, store
    from netralitas.kueri import iter_kasus
    from netralitas.wilayah import catalog

    cases = iter_kasus(store.open_db(db_path(db), create=False), seleksi, pii=True)
    if limit:
        from itertools import islice

        cases = islice(cases, limit)
    if fmt == "json":
        render.print_json([{k: v for k, v in c.items() if not k.startswith("_")} for c in cases])
        return
    if fmt == "csv":
        from netralitas.exporter import write_csv
        import sys

        write_csv(cases, sys.stdout)
        return
    names = catalog()
    rows = [{"nomor": c["nomor"], "tanggal": c["tanggal_kejadian"], "wilayah": names.nama(c["wilayah"]),
             "pemilu": c["pemilu"], "sumber": c["sumber"], "pelanggaran": c["pelanggaran"],
             "terlapor": "; ".join(_person(p) for p in c["terlapor"]) or "-"} for c in cases]
    if not rows:
        render.message("No cases match.")
        return
    render.emit(rows, list(rows[0]), "table", title=f"Kasus ({len(rows)})")


@app.command()
def show(nomor: Annotated[str, typer.Argument(help="The case's register number.")],
         db: Db = None, fmt: Format("table", "json") = "table") -> None:
    """Show one case: its fields, its terlapor (with names and NIP) and its change history."""
    from netralitas import render, store
    from netralitas.errors import BadValue
    from netralitas.kueri import iter_kasus, riwayat
    from netralitas.seleksi import Seleksi
    from netralitas.wilayah import catalog

    database = store.open_db(db_path(db), create=False)
    found = next(iter_kasus(database, Seleksi(), pii=True, nomor=nomor.strip()), None)
    if found is None:
        raise BadValue(f"no case has the nomor {nomor!r}; `netralitas list` shows the numbers")
    history = riwayat(database, found["nomor"])
    if fmt == "json":
        render.print_json({**{k: v for k, v in found.items() if not k.startswith("_")}, "riwayat": history})
        return
    fields = [{"": k, "nilai": v} for k, v in found.items() if k not in ("terlapor", "_created_at", "_updated_at")]
    fields.insert(4, {"": "wilayah_nama", "nilai": catalog().nama(found["wilayah"])})
    fields += [{"": "dicatat", "nilai": found["_created_at"]}, {"": "diubah", "nilai": found["_updated_at"]}]
    render.emit(fields, ["", "nilai"], "table", title=f"Kasus {found['nomor']}")
    people = found["terlapor"]
    if people:
        columns = [c for c in people[0] if any(p.get(c) for p in people)]
        render.emit(people, columns, "table", title="Terlapor")
    else:
        render.message("No terlapor identified.")
    if history:
        render.emit(history, list(history[0]), "table", title="Riwayat")
