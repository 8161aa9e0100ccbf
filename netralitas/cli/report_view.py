"""How a report looks on a terminal and in CSV/Markdown; JSON is the report structure itself."""

import sys

from netralitas import format as fmt_, render
from netralitas.i18n import _, ngettext
from netralitas.pivot import TOTAL, pivot
from netralitas.reports import COUNTS, Laporan

HEAD = {"tidak_terbukti": "tidak\nterbukti"}
CORE = ("kasus", "temuan", "laporan", "terlapor", "terbukti", "disanksi")
LEAD = ("kasus", "terlapor", "terbukti", "disanksi")  # the counts a narrow table keeps longest
FULL_WIDTH = 160  # below this, a table shows the core counts only


def _fit(con) -> tuple[list[str], bool]:
    """The counts that fit the terminal, and whether some were left out."""
    if con.width >= FULL_WIDTH:
        return list(COUNTS), False
    return list(CORE), True


BESIDE = ("sosialisasi", "peserta", "cakupan")  # the prevention and coverage columns, when present
CAKUPAN = {"ada": "ada", "nihil": "nihil", "tidak_ada_data": "tidak ada data"}  # domain words, in every language


def _beside(lap: Laporan) -> list[dict]:
    """Rows for CSV, Markdown and tables: coverage in words, the recap notes as one text."""
    from netralitas.pencegahan.laporan import catatan_rekap

    return [{**r, "cakupan": CAKUPAN[r["cakupan"]], "rekap": catatan_rekap(r["rekap"])} for r in lap.rows]


def laporan(lap: Laporan, fmt: str, funnel: bool = True, *, excel: bool = False, panjang: bool = False) -> None:
    """A report in a format. A cross-table is a pivot (--panjang: its long form, for machines);
    CSV and Markdown end with the total row (not in the long form, which machines sum)."""
    cross = len(lap.by) == 2 and not panjang
    if fmt == "json":
        data = lap.to_json()
        if cross:
            data["pivot"] = pivot(lap.by, lap.rows, lap.total).to_json()
        render.print_json(data)
        return
    if cross and fmt in ("csv", "markdown"):
        return _pivot_text(lap, fmt, excel)
    enriched = bool(lap.rows) and "cakupan" in lap.rows[0] or "cakupan" in lap.total
    extra = [*BESIDE, "angka", "rekap"] if enriched else []
    rows = _beside(lap) if enriched else lap.rows
    flat = [d for b in lap.by for d in (b, f"{b}_nama")] + list(COUNTS) + extra
    total = {f"{lap.by[0]}_nama": "Total", **lap.total, "cakupan": CAKUPAN.get(lap.total.get("cakupan"), ""),
             "angka": "", "rekap": ""}
    if fmt == "csv":
        render.write_csv(render.csv_text(rows if panjang else [*rows, total], flat, excel=excel), excel)
        return
    if fmt == "markdown":
        total[f"{lap.by[0]}_nama"] = "**" + _("Total") + "**"
        sys.stdout.write(render.markdown_text([*rows, total], flat, numeric=[*COUNTS, "sosialisasi", "peserta"]))
        return
    if cross:
        return _cross(lap)
    label = f"{lap.by[0]}_nama"
    con = render.console()
    counts, narrow = _fit(con)
    code = [lap.by[0]] if not narrow and lap.by[0] in ("wilayah", "provinsi", "pelanggaran") else []
    shown = [*counts, "sosialisasi", "peserta"] if enriched else counts
    notes = ["cakupan", "rekap"] if enriched and any(r["rekap"] for r in rows) else ["cakupan"] if enriched else []
    render.print_table(rows, [*code, label, *shown, *notes], con=con, title=_title(lap),
                       headers={lap.by[0]: "kode", label: lap.by[0], **HEAD}, numeric=shown,
                       footer={label: _("Total"), **lap.total, "cakupan": CAKUPAN.get(lap.total.get("cakupan"), ""),
                               "rekap": ""},
                       # what a region's report asks first: its cases, who was proven and sanctioned, and whether
                       # the counts cover it at all (cakupan); the split by source and the prevention figures after
                       priority=[label, *code, *(c for c in counts if c in LEAD), "cakupan",
                                 *(c for c in counts if c not in LEAD), "sosialisasi", "peserta", "rekap"],
                       hint=_("--format csv, markdown or json"))
    if narrow:
        render.note(_("(A narrow terminal shows the core counts; --format csv, markdown or json gives every count.)"))
    if funnel and "funnel" in lap.extra:
        _funnel(lap.extra["funnel"])


def _cross(lap: Laporan) -> None:
    """Rows of the first dimension, columns of the second: terlapor counts (kasus if both are case-level)."""
    p = pivot(lap.by, lap.rows, lap.total)
    render.print_table(p.rows, p.keys, headers={p.label: p.down}, numeric=[*p.columns, TOTAL], footer=p.total,
                       priority=[p.label, TOTAL, *p.columns], hint=_("--format csv, markdown or json"),
                       title=f"{_title(lap)} — {p.measure} per {p.down} × {p.across}")


def _pivot_text(lap: Laporan, fmt: str, excel: bool) -> None:
    """A cross-table as CSV or Markdown: the first column names both dimensions and the measure."""
    p = pivot(lap.by, lap.rows, lap.total)
    corner = f"{p.down} × {p.across} ({p.measure})"
    headers = {p.label: corner}
    if fmt == "csv":
        render.write_csv(render.csv_text([*p.rows, p.total], p.keys, excel=excel, headers=headers), excel)
        return
    total = {**p.total, p.label: "**" + _("Total") + "**"}
    cols = [str(c) for c in p.keys]
    rows = [{str(k): v for k, v in r.items()} for r in [*p.rows, total]]
    text = render.markdown_text(rows, cols, numeric=[str(c) for c in [*p.columns, TOTAL]])
    sys.stdout.write(text.replace(p.label, corner, 1))


def _title(lap: Laporan) -> str:
    where = fmt_.fmt_seleksi(lap.seleksi.to_dict())
    return _("Neutrality report") + (f" ({where})" if where else "")


def _funnel(f: dict) -> None:
    """The funnel of `laporan_rute.funnel`, with a line saying whom it counts."""
    pct, n = fmt_.fmt_pct, fmt_.fmt_int
    con = render.console()
    follow = _("PPK follow-up") if f["ppk"] else _("followed up on their routes")
    con.print(_("Funnel: terlapor {terlapor} → terbukti {terbukti} ({proven} of reported) → disanksi {disanksi} "
                "({sanctioned} of proven: {follow})").format(
        terlapor=n(f["terlapor"]), terbukti=n(f["terbukti"]), proven=pct(f["terbukti_persen"]), disanksi=n(f["disanksi"]),
        sanctioned=pct(f["disanksi_persen"]), follow=follow), markup=False)
    if None in f["jenis"]:
        con.print(_("(The funnel counts ASN only: {kinds} and terlapor without jenis. TNI, Polri, village officials "
                    "and others have routes of their own and are counted apart; --jenis selects any kind.)").format(
            kinds=", ".join(k for k in f["jenis"] if k)), markup=False)
    else:
        con.print(_("(The funnel counts the kinds selected: {kinds}.)").format(kinds=", ".join(f["jenis"])),
                  markup=False)


def rute_lain(sec: dict) -> None:
    """TNI, Polri, village officials and others: counts by kind and outcome, sanctions by type; and
    the criminal route, every kind, by outcome."""
    con = render.console()
    outcomes = ["terlapor", "diproses", "tidak_terbukti", "direkomendasikan", "disanksi"]
    total = {c: sum(r[c] for r in sec["rows"]) for c in outcomes}
    if sec["rows"]:
        render.print_table(sec["rows"], ["jenis_nama", "rute", *outcomes], con=con,
                           title=_("Other actors, each on its own route (not in the PPK funnel)"),
                           headers={"jenis_nama": "jenis", **HEAD, "direkomendasikan": "diteruskan"},
                           numeric=outcomes, footer={"jenis_nama": _("Total"), **total},
                           priority=["jenis_nama", "terlapor", "disanksi", "direkomendasikan", "tidak_terbukti",
                                     "diproses", "rute"])
    if sec["sanksi"]:
        render.print_table(sec["sanksi"], ["jenis", "sanksi_jenis", "terlapor"], con=con,
                           title=_("Their sanctions, by type"), numeric=["terlapor"])
    if sec.get("pidana"):
        outcomes = [c for c in sec["pidana"][0] if c not in ("jenis", "jenis_nama", "rute")]
        total = {c: sum(r[c] for r in sec["pidana"]) for c in outcomes}
        render.print_table(sec["pidana"], ["jenis_nama", *outcomes], con=con,
                           title=_("The criminal route (Gakkumdu), every kind: persons by outcome"),
                           headers={"jenis_nama": "jenis"}, numeric=outcomes, footer={"jenis_nama": "Total", **total})


def summary(s: dict) -> None:
    lap: Laporan = s["laporan"]
    con = render.console()
    t = lap.total
    if t["kasus"] == 0:
        said = {"nihil": _("nihil: monitored, and no case found"),
                "tidak_ada_data": _("tidak ada data: nothing recorded as monitored here (netralitas pantau add records it)")}
        con.print(_("{title}: no cases in this selection (0 kasus, 0 terlapor); {coverage}.").format(
            title=_title(lap), coverage=said.get(t.get("cakupan"), said["tidak_ada_data"])), markup=False)
        if any(r.get("sosialisasi") or r.get("cakupan") == "nihil" for r in lap.rows):
            laporan(lap, "table", funnel=False)
        return
    con.print(f"{_title(lap)}", style="bold", markup=False)
    n = {k: fmt_.fmt_int(v) for k, v in t.items() if isinstance(v, int)}
    con.print(_("{kasus} kasus ({temuan} temuan, {laporan} laporan), {terlapor} terlapor; "
                "tidak terbukti {tidak_terbukti}; sanksi: ringan {ringan}, sedang {sedang}, "
                "berat {berat}, ptdh {ptdh}, moral {moral}").format(**n), markup=False)
    recapped = sum(e["angka"]["temuan"] + e["angka"]["laporan"] for r in lap.rows for e in r.get("rekap", [])
                   if e["dipakai"] == "dipakai")
    if recapped:
        con.print(_("Of these, {n} kasus are recap figures of elections without case records "
                    "(--tanpa-rekap counts case records only).").format(n=fmt_.fmt_int(recapped)), markup=False)
    _funnel(lap.extra["funnel"])
    laporan(lap, "table", funnel=False)
    _charts(con, s)
    if s["di_bawah_pedoman"]:
        n = s["di_bawah_pedoman"]
        con.print(ngettext("{n} imposed sanction is lighter than the guideline level (--di-bawah-pedoman lists it).",
                           "{n} imposed sanctions are lighter than the guideline level (--di-bawah-pedoman lists "
                           "them).", n).format(n=fmt_.fmt_int(n)), markup=False)


def _charts(con, s: dict) -> None:
    """The summary's bar charts: the funnel, terlapor by sanction level, the most frequent forms."""
    from netralitas.terminal_bars import chart

    fmt_pct, n = fmt_.fmt_pct, fmt_.fmt_int

    f = s["laporan"].extra["funnel"]  # the route's funnel: ASN only unless --jenis says otherwise
    con.print(chart([("terlapor", f["terlapor"], ""),
                     ("terbukti", f["terbukti"], _("{pct} of terlapor").format(pct=fmt_pct(f["terbukti_persen"]))),
                     ("disanksi", f["disanksi"], _("{pct} of terbukti").format(pct=fmt_pct(f["disanksi_persen"])))],
                    title=_("Funnel (terlapor)"), width=con.width))
    con.print(chart([(row["sanksi_nama"], row["terlapor"], _("{n} kasus").format(n=n(row["kasus"]))) for row in s["sanksi"]],
                    title=_("By sanction level (terlapor)"), width=con.width, style="magenta"))
    if s["pelanggaran"]:
        con.print(chart([(row["pelanggaran"], row["kasus"], _("{n} terlapor").format(n=n(row["terlapor"])))
                         for row in s["pelanggaran"]],
                        title=_("Most frequent violation forms (kasus)"), width=con.width, style="green"))


def extra(sections: dict) -> None:
    if "di_bawah_pedoman" in sections:
        sec = sections["di_bawah_pedoman"]
        render.emit(sec["rows"], ["nomor", "wilayah", "pemilu", "pelanggaran", "urutan", "jenis", "sanksi",
                                  "sanksi_moral", "pedoman", "jalur"], "table",
                    title=_("Sanctions below the guideline: {n}").format(n=fmt_.fmt_int(sec["jumlah"])))
    if "rute_lain" in sections:
        rute_lain(sections["rute_lain"])
    if "tertunda" in sections:
        sec = sections["tertunda"]
        render.emit(sec["rows"], ["nomor", "wilayah", "pemilu", "urutan", "jenis", "rekomendasi",
                                  "tanggal_rekomendasi", "hari"], "table",
                    priority=["nomor", "hari", "urutan", "jenis", "rekomendasi", "tanggal_rekomendasi", "wilayah", "pemilu"],
                    title=_("Awaiting a PPK decision for more than {days} days: {n}").format(days=sec["hari"], n=fmt_.fmt_int(len(sec["rows"]))),
                    numeric=["hari"])


def pencegahan(data: dict, fmt: str, excel: bool = False) -> None:
    """`report --pencegahan`: activities beside the cases, by region or election."""
    if fmt == "json":
        render.print_json(data)
        return
    dim = data["by"][0]
    numeric = [c for c in data["total"]]
    rows = [{**r, "cakupan": CAKUPAN[r["cakupan"]]} for r in data["rows"]]
    cols = [f"{dim}_nama", *numeric, "cakupan"]
    if fmt == "csv":
        total = {f"{dim}_nama": "Total", **data["total"], "cakupan": "", "angka": ""}
        render.write_csv(render.csv_text([*rows, total], [dim, *cols, "angka"], excel=excel), excel)
        return
    if fmt == "markdown":
        total = {f"{dim}_nama": "**" + _("Total") + "**", **data["total"]}
        sys.stdout.write(render.markdown_text([*rows, total], [dim, *cols], numeric=numeric))
        return
    con = render.console()
    render.print_table(rows, cols, con=con, title=_("Prevention and enforcement by {dim}").format(dim=dim), numeric=numeric,
                       headers={f"{dim}_nama": dim}, footer={f"{dim}_nama": _("Total"), **data["total"]},
                       hint=_("--format csv, markdown or json"))
    if data["sasaran"]:
        render.print_table(data["sasaran"], ["sasaran", "sosialisasi"], con=con, title=_("Sosialisasi audiences"),
                           numeric=["sosialisasi"])


def workbook(database, seleksi, by: list[str] | None, path, *, panjang: bool, tanpa_rekap: bool) -> int:
    """`report --format xlsx`: a sheet per section of the summary, or the --by table; the sheets written."""
    from netralitas import reports, ringkasan, workbook as wb
    from netralitas.pencegahan.laporan import beside

    if by:
        lap = beside(database, reports.report(database, seleksi, by), tanpa_rekap=tanpa_rekap) \
            if by[0] in ("wilayah", "provinsi", "pemilu") and len(by) == 1 else reports.report(database, seleksi, by)
        title = "Per " + " x ".join(by)
        if len(by) == 1:
            sheets = [wb.laporan_sheet(lap, title)]
        elif panjang:
            sheets = [wb.long_sheet(lap, title)]
        else:
            sheets = [wb.pivot_sheet(pivot(by, lap.rows, lap.total), title)]
    else:
        s = ringkasan.summary(database, seleksi)
        per = {d: beside(database, reports.report(database, seleksi, [d]), tanpa_rekap=tanpa_rekap)
               for d in ("wilayah", "pemilu")}
        sheets = wb.summary_sheets(s["laporan"].total, [
            # the workbook is the office's Excel, Indonesian in either language like its column headers
            ("Per wilayah", per["wilayah"], []), ("Per pemilu", per["pemilu"], []),
            ("Per tingkat sanksi", s["sanksi"], ["sanksi_nama", "terlapor", "kasus"]),
            ("Bentuk pelanggaran terbanyak", s["pelanggaran"], ["pelanggaran", "pelanggaran_nama", "kasus", "terlapor"]),
        ])
    wb.write(sheets, path)
    return len(sheets)
