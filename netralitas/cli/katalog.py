"""`wilayah`, `pemilu`, `pelanggaran`: read the catalogs."""

from typing import Annotated, Optional

import typer

from netralitas.cli.app import app
from netralitas.cli.options import Format

from netralitas.i18n import _

@app.command(help=_("Regions (38 provinces, 514 kabupaten/kota) with their Kemendagri codes and aliases."))
def wilayah(
    query: Annotated[Optional[str], typer.Argument(help=_("Code, name or alias to look up; all regions when absent."))] = None,
    fmt: Format("table", "json", "csv", "markdown") = "table",
) -> None:
    from netralitas import render
    from netralitas.errors import LookupFailed
    from netralitas.wilayah import catalog

    cat = catalog()
    found = cat.search(query)
    if query and not found:
        try:  # let the resolver explain: ambiguity or suggestions
            found = [cat.resolve_kab(query)]
        except LookupFailed as e:
            render.message(_("Error: {message}").format(message=e.message))
            raise typer.Exit(1) from None
    rows = [{"kode": w.kode, "nama": w.nama, "tingkat": w.tingkat,
             "provinsi": cat.nama(w.provinsi) if w.tingkat == "kabkota" else "",
             "alias": ", ".join(cat.aliases_of(w.kode))} for w in found]
    render.emit(rows, ["kode", "nama", "tingkat", "provinsi", "alias"], fmt,
                title="Wilayah (Kepmendagri 300.2.2-2138/2025, via idn-area-data, ODbL)")


@app.command(help=_("Elections with voting day and campaign period; add your own in pemilu.yaml (see `info`)."))
def pemilu(fmt: Format("table", "json", "csv", "markdown") = "table") -> None:
    from netralitas import render
    from netralitas.catalogs import pemilu_catalog

    rows = [{"id": p.id, "nama": p.nama, "pemungutan": p.pemungutan.isoformat(),
             "kampanye_mulai": p.kampanye_mulai.isoformat() if p.kampanye_mulai else None,
             "kampanye_selesai": p.kampanye_selesai.isoformat() if p.kampanye_selesai else None,
             "wilayah": ", ".join(p.wilayah), "sumber": p.sumber} for p in pemilu_catalog().values()]
    render.emit(rows, list(rows[0]), fmt, title="Pemilu")


@app.command(help=_("Violation forms (SKB Netralitas ASN 2022): ethics, guideline level, legal basis, disagreements."))
def pelanggaran(fmt: Format("table", "json", "csv", "markdown") = "table") -> None:
    from netralitas import render
    from netralitas.catalogs import pelanggaran_catalog

    rows = [{"kode": p.kode, "uraian": p.uraian, "etik": "ya" if p.etik else "-", "pedoman": p.pedoman or "-",
             "dasar": p.dasar, "beda_pendapat": p.beda_pendapat,
             "diubah_pengguna": "ya" if p.diubah_pengguna else ""} for p in pelanggaran_catalog().values()]
    render.emit(rows, list(rows[0]), fmt, title=_("Forms of neutrality violation"))


@app.command(help=_("Sanctions: PP 94/2021 levels and types, moral sanctions (PP 42/2004), PTDH (UU 20/2023)."))
def sanksi(fmt: Format("table", "json", "csv", "markdown") = "table") -> None:
    from netralitas import render
    from netralitas.catalogs import sanksi_catalog

    cat = sanksi_catalog()
    rows = [{"tingkat": level, "jenis": kind, "dasar": cat.dasar[level]}
            for level, kinds in cat.tingkat.items() for kind in kinds]
    rows += [{"tingkat": f"moral ({code})", "jenis": name, "dasar": cat.dasar_moral} for code, name in cat.moral.items()]
    rows.append({"tingkat": "ptdh", "jenis": cat.ptdh, "dasar": cat.dasar_ptdh})
    render.emit(rows, ["tingkat", "jenis", "dasar"], fmt, title="Sanksi")
