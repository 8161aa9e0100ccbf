"""How a report looks on a terminal and in CSV/Markdown; JSON is the report structure itself."""

import sys

from netralitas import render
from netralitas.pivot import TOTAL, pivot
from netralitas.reports import COUNTS, Laporan, rates

HEAD = {"tidak_terbukti": "tidak\nterbukti"}
CORE = ("kasus", "temuan", "laporan", "terlapor", "terbukti", "disanksi")
FULL_WIDTH = 120  # below this, a table shows the core counts only


def _fit(con) -> tuple[list[str], bool]:
    """The counts that fit the terminal, and whether some were left out."""
    if con.width >= FULL_WIDTH:
        return list(COUNTS), False
    return list(CORE), True


BESIDE = ("sosialisasi", "peserta", "cakupan")  # the prevention and coverage columns, when present
CAKUPAN = {"ada": "ada", "nihil": "nihil", "tidak_ada_data": "tidak ada data"}


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
        total[f"{lap.by[0]}_nama"] = "**Total**"
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
    con.print(render.rich_table(rows, [*code, label, *shown, *notes], title=_title(lap),
                                headers={lap.by[0]: "kode", label: lap.by[0], **HEAD}, numeric=shown,
                                footer={label: "Total", **lap.total, "cakupan": CAKUPAN.get(lap.total.get("cakupan"), ""),
                                        "rekap": ""}))
    if narrow:
        render.message("(A narrow terminal shows the core counts; --format csv, markdown or json gives every count.)")
    if funnel:
        _funnel(lap.total)


def _cross(lap: Laporan) -> None:
    """Rows of the first dimension, columns of the second: terlapor counts (kasus if both are case-level)."""
    p = pivot(lap.by, lap.rows, lap.total)
    render.console().print(render.rich_table(p.rows, p.keys, headers={p.label: p.down}, numeric=[*p.columns, TOTAL],
                                             footer=p.total,
                                             title=f"{_title(lap)} — {p.measure} per {p.down} × {p.across}"))


def _pivot_text(lap: Laporan, fmt: str, excel: bool) -> None:
    """A cross-table as CSV or Markdown: the first column names both dimensions and the measure."""
    p = pivot(lap.by, lap.rows, lap.total)
    corner = f"{p.down} × {p.across} ({p.measure})"
    headers = {p.label: corner}
    if fmt == "csv":
        render.write_csv(render.csv_text([*p.rows, p.total], p.keys, excel=excel, headers=headers), excel)
        return
    total = {**p.total, p.label: "**Total**"}
    cols = [str(c) for c in p.keys]
    rows = [{str(k): v for k, v in r.items()} for r in [*p.rows, total]]
    text = render.markdown_text(rows, cols, numeric=[str(c) for c in [*p.columns, TOTAL]])
    sys.stdout.write(text.replace(p.label, corner, 1))


def _title(lap: Laporan) -> str:
    sel = lap.seleksi.to_dict()
    where = "; ".join(f"{k}={','.join(v) if isinstance(v, list) else v}" for k, v in sel.items())
    return "Laporan netralitas" + (f" ({where})" if where else "")


def _funnel(total: dict) -> None:
    r = rates(total)
    pct = lambda v: "-" if v is None else f"{v:.1f} %"  # noqa: E731
    render.console().print(
        f"Funnel: terlapor {total['terlapor']} → terbukti {total['terbukti']} ({pct(r['terbukti_persen'])} of reported)"
        f" → disanksi {total['disanksi']} ({pct(r['disanksi_persen'])} of proven: PPK follow-up)",
        markup=False,
    )


def summary(s: dict) -> None:
    lap: Laporan = s["laporan"]
    con = render.console()
    t = lap.total
    if t["kasus"] == 0:
        said = {"nihil": "nihil: monitored, and no case found",
                "tidak_ada_data": "tidak ada data: nothing recorded as monitored here (netralitas pantau add records it)"}
        con.print(f"{_title(lap)}: no cases in this selection (0 kasus, 0 terlapor); "
                  f"{said.get(t.get('cakupan'), said['tidak_ada_data'])}.", markup=False)
        if any(r.get("sosialisasi") or r.get("cakupan") == "nihil" for r in lap.rows):
            laporan(lap, "table", funnel=False)
        return
    con.print(f"{_title(lap)}", style="bold", markup=False)
    con.print(f"{t['kasus']} kasus ({t['temuan']} temuan, {t['laporan']} laporan), {t['terlapor']} terlapor; "
              f"tidak terbukti {t['tidak_terbukti']}; sanksi: ringan {t['ringan']}, sedang {t['sedang']}, "
              f"berat {t['berat']}, moral {t['moral']}", markup=False)
    recapped = sum(e["angka"]["temuan"] + e["angka"]["laporan"] for r in lap.rows for e in r.get("rekap", [])
                   if e["dipakai"] == "dipakai")
    if recapped:
        con.print(f"Of these, {recapped} kasus are recap figures of elections without case records "
                  f"(--tanpa-rekap counts case records only).", markup=False)
    _funnel(t)
    laporan(lap, "table", funnel=False)
    rows = s["sanksi"]
    con.print(render.rich_table(rows, ["sanksi_nama", "terlapor", "kasus"], title="Per tingkat sanksi",
                                headers={"sanksi_nama": "sanksi"}, numeric=["terlapor", "kasus"]))
    if s["pelanggaran"]:
        con.print(render.rich_table(s["pelanggaran"], ["pelanggaran", "pelanggaran_nama", "kasus", "terlapor"],
                                    title="Bentuk pelanggaran terbanyak", headers={"pelanggaran_nama": "uraian"},
                                    numeric=["kasus", "terlapor"]))
    if s["di_bawah_pedoman"]:
        con.print(f"{s['di_bawah_pedoman']} sanksi lighter than the guideline level (--di-bawah-pedoman lists them).",
                  markup=False)


def extra(sections: dict) -> None:
    if "di_bawah_pedoman" in sections:
        sec = sections["di_bawah_pedoman"]
        render.emit(sec["rows"], ["nomor", "wilayah", "pemilu", "pelanggaran", "urutan", "jenis", "sanksi",
                                  "sanksi_moral", "pedoman"], "table",
                    title=f"Sanksi di bawah pedoman: {sec['jumlah']}")
    if "tertunda" in sections:
        sec = sections["tertunda"]
        render.emit(sec["rows"], ["nomor", "wilayah", "pemilu", "urutan", "jenis", "rekomendasi",
                                  "tanggal_rekomendasi", "hari"], "table",
                    title=f"Menunggu keputusan PPK lebih dari {sec['hari']} hari: {len(sec['rows'])}",
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
        total = {f"{dim}_nama": "**Total**", **data["total"]}
        sys.stdout.write(render.markdown_text([*rows, total], [dim, *cols], numeric=numeric))
        return
    con = render.console()
    con.print(render.rich_table(rows, cols, title=f"Pencegahan dan penanganan per {dim}", numeric=numeric,
                                headers={f"{dim}_nama": dim}, footer={f"{dim}_nama": "Total", **data["total"]}))
    if data["sasaran"]:
        con.print(render.rich_table(data["sasaran"], ["sasaran", "sosialisasi"], title="Sasaran sosialisasi",
                                    numeric=["sosialisasi"]))


def workbook(database, seleksi, by: list[str] | None, path, *, panjang: bool, tanpa_rekap: bool) -> int:
    """`report --format xlsx`: a sheet per section of the summary, or the --by table; the sheets written."""
    from netralitas import reports, workbook as wb
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
        s = reports.summary(database, seleksi)
        per = {d: beside(database, reports.report(database, seleksi, [d]), tanpa_rekap=tanpa_rekap)
               for d in ("wilayah", "pemilu")}
        sheets = wb.summary_sheets(s["laporan"].total, [
            ("Per wilayah", per["wilayah"], []), ("Per pemilu", per["pemilu"], []),
            ("Per tingkat sanksi", s["sanksi"], ["sanksi_nama", "terlapor", "kasus"]),
            ("Bentuk pelanggaran terbanyak", s["pelanggaran"], ["pelanggaran", "pelanggaran_nama", "kasus", "terlapor"]),
        ])
    wb.write(sheets, path)
    return len(sheets)
