"""How a report looks on a terminal and in CSV/Markdown; JSON is the report structure itself."""

import sys

from netralitas import format as fmt_, render
from netralitas.i18n import _
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
CAKUPAN = {"ada": "ada", "nihil": "nihil", "tidak_ada_data": "tidak ada data"}  # domain words, in every language


def _beside(lap: Laporan) -> list[dict]:
    """Rows for CSV, Markdown and tables: coverage in words, the recap notes as one text."""
    from netralitas.pencegahan.laporan import catatan_rekap

    return [{**r, "cakupan": CAKUPAN[r["cakupan"]], "rekap": catatan_rekap(r["rekap"])} for r in lap.rows]


def laporan(lap: Laporan, fmt: str, funnel: bool = True) -> None:
    if fmt == "json":
        render.print_json(lap.to_json())
        return
    enriched = bool(lap.rows) and "cakupan" in lap.rows[0] or "cakupan" in lap.total
    extra = [*BESIDE, "angka", "rekap"] if enriched else []
    rows = _beside(lap) if enriched else lap.rows
    flat = [d for b in lap.by for d in (b, f"{b}_nama")] + list(COUNTS) + extra
    if fmt == "csv":
        sys.stdout.write(render.csv_text(rows, flat))
        return
    if fmt == "markdown":
        total = {f"{lap.by[0]}_nama": "**" + _("Total") + "**", **lap.total, "cakupan": "", "rekap": ""}
        sys.stdout.write(render.markdown_text([*rows, total], flat, numeric=[*COUNTS, "sosialisasi", "peserta"]))
        return
    if len(lap.by) == 2:
        return _cross(lap)
    label = f"{lap.by[0]}_nama"
    con = render.console()
    counts, narrow = _fit(con)
    code = [lap.by[0]] if not narrow and lap.by[0] in ("wilayah", "provinsi", "pelanggaran") else []
    shown = [*counts, "sosialisasi", "peserta"] if enriched else counts
    notes = ["cakupan", "rekap"] if enriched and any(r["rekap"] for r in rows) else ["cakupan"] if enriched else []
    con.print(render.rich_table(rows, [*code, label, *shown, *notes], title=_title(lap),
                                headers={lap.by[0]: _("code"), label: lap.by[0], **HEAD}, numeric=shown,
                                footer={label: _("Total"), **lap.total, "cakupan": CAKUPAN.get(lap.total.get("cakupan"), ""),
                                        "rekap": ""}))
    if narrow:
        render.message(_("(A narrow terminal shows the core counts; --format csv, markdown or json gives every count.)"))
    if funnel:
        _funnel(lap.total)


def _cross(lap: Laporan) -> None:
    """Rows of the first dimension, columns of the second: terlapor counts (kasus if both are case-level)."""
    from netralitas.reports import PERSON_DIMS

    a, b = lap.by
    measure = "terlapor" if a in PERSON_DIMS or b in PERSON_DIMS else "kasus"
    cols, grid, order = [], {}, []
    for r in lap.rows:
        if r[f"{b}_nama"] not in cols:
            cols.append(r[f"{b}_nama"])
        key = r[f"{a}_nama"]
        if key not in grid:
            grid[key], order = {f"{a}_nama": key, "Total": 0}, order + [key]
        grid[key][r[f"{b}_nama"]] = r[measure]
        grid[key]["Total"] += r[measure]
    rows = [grid[k] for k in order]
    footer = {f"{a}_nama": _("Total"), "Total": lap.total[measure]}
    for c in cols:
        footer[c] = sum(r.get(c, 0) for r in rows)
    render.console().print(render.rich_table(rows, [f"{a}_nama", *cols, "Total"], headers={f"{a}_nama": a, "Total": _("Total")},
                                             numeric=[*cols, "Total"], footer=footer,
                                             title=_("{title} — {measure} per {a} × {b}").format(title=_title(lap), measure=measure, a=a, b=b)))


def _title(lap: Laporan) -> str:
    where = fmt_.seleksi(lap.seleksi.to_dict())
    return _("Neutrality report") + (f" ({where})" if where else "")


def _funnel(total: dict) -> None:
    r = rates(total)
    pct = lambda v: "-" if v is None else fmt_.percent(v)  # noqa: E731
    n = fmt_.number
    render.console().print(
        _("Funnel: terlapor {terlapor} → terbukti {terbukti} ({terbukti_pct} of reported)"
          " → disanksi {disanksi} ({disanksi_pct} of proven: PPK follow-up)").format(
            terlapor=n(total["terlapor"]), terbukti=n(total["terbukti"]), terbukti_pct=pct(r["terbukti_persen"]),
            disanksi=n(total["disanksi"]), disanksi_pct=pct(r["disanksi_persen"])),
        markup=False,
    )


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
    n = {k: fmt_.number(v) for k, v in t.items() if isinstance(v, int)}
    con.print(_("{kasus} kasus ({temuan} temuan, {laporan} laporan), {terlapor} terlapor; "
                "tidak terbukti {tidak_terbukti}; sanksi: ringan {ringan}, sedang {sedang}, "
                "berat {berat}, moral {moral}").format(**n), markup=False)
    recapped = sum(e["angka"]["temuan"] + e["angka"]["laporan"] for r in lap.rows for e in r.get("rekap", [])
                   if e["dipakai"] == "dipakai")
    if recapped:
        con.print(_("Of these, {n} kasus are recap figures of elections without case records "
                    "(--tanpa-rekap counts case records only).").format(n=fmt_.number(recapped)), markup=False)
    _funnel(t)
    laporan(lap, "table", funnel=False)
    rows = s["sanksi"]
    con.print(render.rich_table(rows, ["sanksi_nama", "terlapor", "kasus"], title=_("By sanction level"),
                                headers={"sanksi_nama": "sanksi"}, numeric=["terlapor", "kasus"]))
    if s["pelanggaran"]:
        con.print(render.rich_table(s["pelanggaran"], ["pelanggaran", "pelanggaran_nama", "kasus", "terlapor"],
                                    title=_("Most frequent violation forms"), headers={"pelanggaran_nama": "uraian"},
                                    numeric=["kasus", "terlapor"]))
    if s["di_bawah_pedoman"]:
        con.print(_("{n} sanksi lighter than the guideline level (--di-bawah-pedoman lists them).").format(
            n=fmt_.number(s["di_bawah_pedoman"])), markup=False)


def extra(sections: dict) -> None:
    if "di_bawah_pedoman" in sections:
        sec = sections["di_bawah_pedoman"]
        render.emit(sec["rows"], ["nomor", "wilayah", "pemilu", "pelanggaran", "urutan", "jenis", "sanksi",
                                  "sanksi_moral", "pedoman"], "table",
                    title=_("Sanctions below the guideline: {n}").format(n=fmt_.number(sec["jumlah"])))
    if "tertunda" in sections:
        sec = sections["tertunda"]
        render.emit(sec["rows"], ["nomor", "wilayah", "pemilu", "urutan", "jenis", "rekomendasi",
                                  "tanggal_rekomendasi", "hari"], "table",
                    title=_("Awaiting a PPK decision for more than {days} days: {n}").format(days=sec["hari"], n=fmt_.number(len(sec["rows"]))),
                    numeric=["hari"])


def pencegahan(data: dict, fmt: str) -> None:
    """`report --pencegahan`: activities beside the cases, by region or election."""
    if fmt == "json":
        render.print_json(data)
        return
    dim = data["by"][0]
    numeric = [c for c in data["total"]]
    rows = [{**r, "cakupan": CAKUPAN[r["cakupan"]]} for r in data["rows"]]
    cols = [f"{dim}_nama", *numeric, "cakupan"]
    if fmt == "csv":
        sys.stdout.write(render.csv_text(rows, [dim, *cols, "angka"]))
        return
    if fmt == "markdown":
        total = {f"{dim}_nama": "**" + _("Total") + "**", **data["total"]}
        sys.stdout.write(render.markdown_text([*rows, total], [dim, *cols], numeric=numeric))
        return
    con = render.console()
    con.print(render.rich_table(rows, cols, title=_("Prevention and enforcement by {dim}").format(dim=dim), numeric=numeric,
                                headers={f"{dim}_nama": dim}, footer={f"{dim}_nama": _("Total"), **data["total"]}))
    if data["sasaran"]:
        con.print(render.rich_table(data["sasaran"], ["sasaran", "sosialisasi"], title=_("Sosialisasi audiences"),
                                    numeric=["sosialisasi"]))
