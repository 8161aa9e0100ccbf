"""`wilayah`, `pemilu`, `pelanggaran`, `sanksi`, `rute`: read the catalogs."""

import datetime as dt
from typing import Annotated, Optional

import typer

from netralitas.cli.app import app
from netralitas.cli.options import Excel, Format, csv_excel

from netralitas.format import fmt_date
from netralitas.i18n import _

@app.command(help=_("Regions (38 provinces, 514 kabupaten/kota) with their Kemendagri codes and aliases."))
def wilayah(
    query: Annotated[Optional[str], typer.Argument(help=_("Code, name or alias to look up; all regions when absent."))] = None,
    fmt: Format("table", "json", "csv", "markdown") = "table",
    excel: Excel = False,
) -> None:
    from netralitas import render
    from netralitas.errors import LookupFailed
    from netralitas.wilayah import catalog

    csv_excel(fmt, excel)
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
    render.emit(rows, ["kode", "nama", "tingkat", "provinsi", "alias"], fmt, excel=excel,
                title="Wilayah (Kepmendagri 300.2.2-2138/2025, via idn-area-data, ODbL)")


@app.command(help=_("Elections with voting day and campaign period; add your own in pemilu.yaml (see `info`)."))
def pemilu(fmt: Format("table", "json", "csv", "markdown") = "table", excel: Excel = False) -> None:
    from netralitas import render
    from netralitas.catalogs import pemilu_catalog

    csv_excel(fmt, excel)
    rows = [{"id": p.id, "nama": p.nama, "pemungutan": p.pemungutan.isoformat(),
             "kampanye_mulai": p.kampanye_mulai.isoformat() if p.kampanye_mulai else None,
             "kampanye_selesai": p.kampanye_selesai.isoformat() if p.kampanye_selesai else None,
             "wilayah": ", ".join(p.wilayah), "sumber": p.sumber,
             "penetapan": p.penetapan.isoformat() if p.penetapan else None,
             "penetapan_catatan": p.penetapan_catatan} for p in pemilu_catalog().values()]
    render.emit(rows, list(rows[0]), fmt, title="Pemilu", excel=excel)


@app.command(help=_("Violation forms (SKB Netralitas ASN 2022): ethics, guideline level, legal basis, disagreements."))
def pelanggaran(fmt: Format("table", "json", "csv", "markdown") = "table", excel: Excel = False) -> None:
    from netralitas import render
    from netralitas.catalogs import pelanggaran_catalog

    csv_excel(fmt, excel)
    rows = [{"kode": p.kode, "uraian": p.uraian, "etik": "ya" if p.etik else "-", "pedoman": p.pedoman or "-",
             "dasar": p.dasar, "beda_pendapat": p.beda_pendapat,
             "diubah_pengguna": "ya" if p.diubah_pengguna else "", "jalur": _jalur(p),
             "beda_pendapat_jalur": p.beda_pendapat_jalur} for p in pelanggaran_catalog().values()]
    render.emit(rows, list(rows[0]), fmt, title=_("Forms of neutrality violation"), excel=excel)


def _jalur(p) -> str:
    """The form's tracks in words: ethics before the penetapan and discipline after, or one of them."""
    if p.etik_sebelum_penetapan and p.pedoman:
        return _("etik before penetapan (moral sanction expected); disiplin ({level}) from penetapan").format(
            level=p.pedoman)
    if p.pedoman:
        return _("disiplin ({level})").format(level=p.pedoman)
    return _("etik only") if p.etik else "-"


@app.command(help=_("Sanctions: PP 94/2021 levels and types, moral sanctions (PP 42/2004), PTDH (UU 20/2023)."))
def sanksi(fmt: Format("table", "json", "csv", "markdown") = "table", excel: Excel = False) -> None:
    from netralitas import render
    from netralitas.catalogs import sanksi_catalog

    csv_excel(fmt, excel)
    cat = sanksi_catalog()
    rows = []
    day = fmt_date if fmt in ("table", "markdown") else dt.date.isoformat  # people read dates; machines ISO
    for rule in cat.aturan:  # each regulation with the days it was in force: a sanction's date picks one
        berlaku = f"{day(rule.mulai) if rule.mulai else '…'} – {day(rule.sampai) if rule.sampai else '…'}"
        rows += [{"aturan": rule.nama, "berlaku": berlaku, "tingkat": level, "jenis": kind, "dasar": rule.dasar[level]}
                 for level, kinds in rule.tingkat.items() for kind in kinds]
    rows += [{"aturan": cat.dasar_moral, "berlaku": "", "tingkat": f"moral ({code})", "jenis": name,
              "dasar": cat.dasar_moral} for code, name in cat.moral.items()]
    rows.append({"aturan": cat.dasar_ptdh, "berlaku": "", "tingkat": "ptdh", "jenis": cat.ptdh,
                 "dasar": f"{cat.dasar_ptdh} ({', '.join(cat.ptdh_pelanggaran)})"})
    render.emit(rows, ["aturan", "berlaku", "tingkat", "jenis", "dasar"], fmt, title="Sanksi (rute PPK)", excel=excel)


@app.command(help=_("Routes by actor: who decides on a terlapor of each kind and which sanctions exist there; the criminal route."))
def rute(fmt: Format("table", "json", "csv", "markdown") = "table", excel: Excel = False) -> None:
    from netralitas import render
    from netralitas.i18n import _
    from netralitas.rute import pidana, rute_catalog

    csv_excel(fmt, excel)
    rows = [{"rute": r.kode, "nama": r.nama, "jenis": ", ".join(r.jenis), "pemutus": r.pemutus, "dasar": r.dasar,
             "sanksi": "; ".join(r.sanksi) if r.sanksi else (_("PP levels by the law of the date (netralitas sanksi)")
                                                            if r.tingkat else _("free text"))}
            for r in rute_catalog().values()]
    p = pidana()
    rows.append({"rute": "pidana", "nama": p.nama, "jenis": _("every kind"), "pemutus": "Gakkumdu",
                 "dasar": "; ".join(f"{k}: {v}" for k, v in p.dasar.items()),
                 "sanksi": ", ".join(p.hasil) + "; " + _("pasal: {articles}").format(
                     articles="; ".join(f"{a.kode} ({a.jenis_pemilu}: {', '.join(a.jenis)})" for a in p.pasal.values()))})
    render.emit(rows, list(rows[0]), fmt, title=_("Routes by actor"), excel=excel)
