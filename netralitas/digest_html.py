"""The HTML digest as a morning briefing: one self-contained page from a Jinja2 template.

What it covers first (region, election, period), then the headline numbers, then what is new
since the previous digest, then the overdue deadlines and the waiting terlapor (newest elections
first), then the overall tables with totals and two inline SVG charts. Inline CSS, no script,
no link to anything: it opens from a mail attachment on a phone. The page shows what the other
digest files show and nothing more: counts, case numbers and a terlapor's place (urutan) in
its case, never names or NIP.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from netralitas.format import fmt_date, fmt_int, fmt_pct, fmt_time
from netralitas.i18n import _, language

# Human column names; domain words stay Indonesian, as in every table of netralitas.
KOLOM = {
    "wilayah": "Wilayah", "wilayah_nama": "Wilayah", "pemilu": "Pemilu", "nomor": "Nomor",
    "kasus": "Kasus", "temuan": "Temuan", "laporan": "Laporan", "terlapor": "Terlapor",
    "terbukti": "Terbukti", "tidak_terbukti": "Tidak terbukti", "disanksi": "Disanksi", "ringan": "Ringan",
    "sedang": "Sedang", "berat": "Berat", "moral": "Moral", "urutan": "Terlapor ke", "jenis": "Jenis",
    "rekomendasi": "Rekomendasi", "tanggal_rekomendasi": "Tanggal rekomendasi", "hari": "Hari menunggu",
    "sejak": "Menunggu sejak", "tenggat_nama": "Tenggat", "batas": "Batas", "hari_lewat": "Hari lewat",
    "waktu": "Waktu", "kolom": "Perubahan", "lama": "Sebelumnya", "baru": "Menjadi", "tanggal": "Tanggal",
    "moda": "Moda", "penyelenggara": "Penyelenggara", "sasaran": "Sasaran", "jumlah_peserta": "Peserta",
    "tema": "Tema", "sanksi_nama": "Tingkat sanksi",
}
NUMERIC = {"kasus", "temuan", "laporan", "terlapor", "terbukti", "tidak_terbukti", "disanksi", "ringan", "sedang",
           "berat", "moral", "hari", "hari_lewat", "jumlah_peserta", "urutan"}
DATES = {"tanggal_rekomendasi", "sejak", "batas", "tanggal"}
SUMMED = NUMERIC - {"hari", "hari_lewat", "urutan"}  # columns whose total means something


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list[str]]
    numeric: list[bool]
    total: list[str] | None = None
    note: str = ""
    empty: str = field(default_factory=lambda: _("(none)"))


def _pemilu_names() -> tuple[dict[str, str], dict[str, dt.date]]:
    from netralitas.catalogs import pemilu_catalog

    catalog = pemilu_catalog()
    return {k: p.nama for k, p in catalog.items()}, {k: p.pemungutan for k, p in catalog.items()}


def _value(col: str, value, names: dict) -> str:
    if value is None or value == "":
        return "-" if col not in NUMERIC else ""
    if col in NUMERIC:
        return fmt_int(value)
    if col in DATES:
        return fmt_date(value)
    if col == "waktu":
        return fmt_time(value)
    if col == "pemilu":
        return names["pemilu"].get(value, value)
    if col == "wilayah":
        return names["wilayah"](value) or value
    if col in ("lama", "baru", "kolom", "jenis"):
        return str(value).replace("_", " ")
    return str(value)


def table(title: str, rows: list[dict], columns: list[str], names: dict, *, totals: bool = False,
          total_label: str | None = None, note: str = "") -> Table:
    body = [[_value(c, r.get(c), names) for c in columns] for r in rows]
    total = None
    if totals and rows:
        total = [fmt_int(sum(r.get(c) or 0 for r in rows)) if c in SUMMED else "" for c in columns]
        total[0] = total_label or _("Total")
    return Table(title=title, columns=[KOLOM.get(c, c) for c in columns], rows=body,
                 numeric=[c in NUMERIC for c in columns], total=total, note=note)


def newest_first(rows: list[dict], voting: dict[str, dt.date]) -> list[dict]:
    """Rows of the newest elections first; within an election, the order they came in (longest first)."""
    return sorted(rows, key=lambda r: -(voting.get(r.get("pemilu")) or dt.date.min).toordinal())


def view(c: dict) -> dict:
    """Everything the template shows, formatted for people."""
    from netralitas import describe
    from netralitas.seleksi import Seleksi
    from netralitas.wilayah import catalog

    pemilu_nama, voting = _pemilu_names()
    names = {"pemilu": pemilu_nama, "wilayah": catalog().nama}
    sel = Seleksi(**{k: (dt.date.fromisoformat(v) if k in ("dari", "sampai") else tuple(v))
                     for k, v in c["seleksi"].items()})
    t, b, f = c["total"], c["baru"], c["funnel"]
    since = (_("since the previous digest of {when}").format(when=fmt_time(c["sebelumnya"])) if c["sebelumnya"]
             else _("first digest: everything recorded counts as new"))
    tertunda, tenggat = c["tertunda"], c["tenggat"]
    headline = [
        (fmt_int(t["kasus"]), _("kasus"), _("{temuan} temuan, {laporan} laporan").format(
            temuan=fmt_int(t["temuan"]), laporan=fmt_int(t["laporan"]))),
        (fmt_int(t["terlapor"]), _("terlapor"), _("{n} tidak terbukti").format(n=fmt_int(t["tidak_terbukti"]))),
        (fmt_int(t["terbukti"]), _("terbukti"), _("{pct} of terlapor").format(pct=fmt_pct(f["terbukti_persen"]))),
        (fmt_int(t["disanksi"]), _("disanksi"), _("{pct} of terbukti").format(pct=fmt_pct(f["disanksi_persen"]))),
        (fmt_int(b["kasus"]), _("new kasus"), _("since the previous digest") if c["sebelumnya"] else _("first digest")),
        (fmt_int(tenggat["jumlah"]), _("deadlines passed"), _("next steps overdue today")),
        (fmt_int(tertunda["jumlah"]), _("waiting on the PPK"),
         _("terbukti for more than {n} days without a decision").format(n=tertunda["hari"])),
    ]
    baru = [r for r in c["baru_per_wilayah"] if r["kasus"] or r["terlapor"]]
    new = [
        table(_("New kasus per region"), baru, ["wilayah_nama", "kasus", "temuan", "laporan", "terlapor"], names,
              totals=True),
        table(_("Changes of status and sanction"), c["perubahan"],
              ["waktu", "nomor", "wilayah", "urutan", "kolom", "lama", "baru"], names),
        table(_("New prevention activities (sosialisasi)"), c.get("sosialisasi_baru", []),
              ["tanggal", "wilayah_nama", "pemilu", "moda", "penyelenggara", "sasaran", "jumlah_peserta", "tema"],
              names, totals=True),
    ]
    waiting = [
        table(_("Deadlines passed, newest elections first"), newest_first(tenggat["rows"], voting),
              ["pemilu", "nomor", "wilayah", "terlapor", "tenggat_nama", "batas", "hari_lewat"], names,
              note=_("{shown} of {all}; `netralitas tenggat` lists all.").format(
                  shown=fmt_int(len(tenggat["rows"])), all=fmt_int(tenggat["jumlah"]))),
        table(_("Waiting on a PPK decision for more than {n} days, newest elections first").format(n=tertunda["hari"]),
              newest_first(tertunda["rows"], voting),
              ["pemilu", "nomor", "wilayah", "urutan", "jenis", "rekomendasi", "tanggal_rekomendasi", "hari"], names,
              note=_("{shown} of {all}; `netralitas report --tertunda {n}` lists all.").format(
                  shown=fmt_int(len(tertunda["rows"])), all=fmt_int(tertunda["jumlah"]), n=tertunda["hari"])),
        table(_("Waiting on a PPK decision, per region"), tertunda["per_wilayah"],
              ["wilayah_nama", "terlapor", "sejak"], names, totals=True),
    ]
    overall = [
        table(_("Per region"), c["per_wilayah"], ["wilayah_nama", "kasus", "temuan", "laporan", "terlapor", "terbukti",
                                                  "tidak_terbukti", "disanksi", "ringan", "sedang", "berat", "moral"],
              names, totals=True),
        table(_("Per sanction level"), c["per_sanksi"], ["sanksi_nama", "terlapor", "kasus"], names),
    ]
    charts = [
        {"title": _("Funnel (terlapor)"), "bars": [("terlapor", t["terlapor"]), ("terbukti", t["terbukti"]),
                                                   ("disanksi", t["disanksi"])]},
        {"title": _("Terlapor per sanction level"),
         "bars": [(r["sanksi_nama"], r["terlapor"]) for r in c["per_sanksi"]]},
    ]
    for chart in charts:
        chart["largest"] = max((v for _label, v in chart["bars"]), default=0) or 1
        chart["bars"] = [(label, v, fmt_int(v)) for label, v in chart["bars"]]
    return {
        "title": _("Netralitas briefing, {date}").format(date=fmt_date(c["tanggal"])),
        "covers": [*describe.parts(sel), (_("Period"), _("{since}, up to {now}").format(
            since=since[0].upper() + since[1:], now=fmt_time(c["batas"]) if c["batas"] else "-"))],
        "headline": headline, "new": new, "waiting": waiting, "overall": overall, "charts": charts,
        "headings": {"new": _("New since the previous digest"), "waiting": _("Deadlines and waiting terlapor"),
                     "overall": _("All cases in this selection")},
        "footer": _("Made by netralitas. Counts only: no names or NIP."), "lang": language(),
    }


def page(c: dict) -> str:
    """The digest `c` (as `digest.build` makes it) as one HTML page."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(loader=PackageLoader("netralitas", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return env.get_template("digest.html.j2").render(**view(c))
