"""How one case looks: its fields, terlapor, timeline of stages, next deadlines and history."""

from netralitas import format as fmt_, render
from netralitas.i18n import _


# Which terlapor fields `show` keeps on a narrow terminal, most important first.
TERLAPOR_PRIORITY = ("urutan", "nama", "nip", "jenis", "status", "sanksi", "rekomendasi", "sanksi_moral", "pidana",
                     "jabatan", "instansi", "tanggal_sanksi", "nomor_sk", "tanggal_rekomendasi")


def _detail(isi: dict) -> str:
    return ", ".join(f"{k} {v}" for k, v in isi.items() if v not in (None, ""))


def print_view(view: dict, fmt: str) -> None:
    from netralitas.tenggat import readable
    from netralitas.wilayah import catalog

    if fmt == "json":
        render.print_json(view)
        return
    skip = {"terlapor", "tahapan", "tahap_tidak_diketahui", "tenggat", "pelaporan", "riwayat", "nomor_lama"}
    fields = [{"": k, "nilai": v} for k, v in view.items() if k not in skip and v not in (None, [], "")]
    fields.insert(4, {"": "wilayah_nama", "nilai": catalog().nama(view["wilayah"])})
    if view["nomor_lama"]:
        fields.append({"": "nomor_lama", "nilai": ", ".join(view["nomor_lama"])})
    render.emit(fields, ["", "nilai"], "table", title=f"Kasus {view['nomor']}" + (_(" (DELETED)") if view["dihapus"] else ""))
    people = view["terlapor"]
    if people:
        columns = [c for c in people[0] if any(p.get(c) for p in people)]
        render.emit([{"urutan": i, **p} for i, p in enumerate(people, 1)], ["urutan", *columns], "table",
                    title="Terlapor", priority=TERLAPOR_PRIORITY)
    else:
        render.message(_("No terlapor identified."))
    timeline = [{**t, "isi": _detail(t["isi"]), "batal": _("withdrawn {when}: {reason}").format(when=fmt_.fmt_date(t["batal"]), reason=t["batal_alasan"])
                 if t["batal"] else ""} for t in view["tahapan"]]
    if timeline:
        render.emit(timeline, ["tanggal", "tahap", "terlapor", "isi", "oleh", "asal", "batal"], "table", title="Tahapan",
                    priority=("tanggal", "tahap", "terlapor", "isi", "batal", "oleh", "asal"))
    if view["tahap_tidak_diketahui"]:
        render.message(_("Stages not known (not recorded): ") + ", ".join(view["tahap_tidak_diketahui"]))
    late = view.get("pelaporan")
    if late and late["keadaan"] == "terlambat":
        from netralitas.tenggat import nama

        render.message(_("Filed late: received {diterima}, {n} day(s) after the limit of {batas} ({rule}, from {dari}; {dasar}).").format(
            diterima=fmt_.fmt_date(late["diterima"]), n=fmt_.fmt_int(late["hari_lewat"]), batas=fmt_.fmt_date(late["batas"]),
            rule=nama(late), dari=fmt_.fmt_date(late["dari"]), dasar=late["dasar"]))
    if view["tenggat"]:
        render.emit(readable(view["tenggat"]), ["tenggat_nama", "terlapor", "dari", "batas", "batas_perpanjangan", "keadaan"],
                    "table", title=_("Next deadlines"),
                    priority=["tenggat_nama", "batas", "keadaan", "terlapor", "batas_perpanjangan", "dari"])
    if view["riwayat"]:
        render.emit(view["riwayat"], list(view["riwayat"][0]), "table", title="Riwayat",
                    priority=["kolom", "lama", "baru", "waktu", "terlapor_urutan", "asal"])


def print_state(db, kasus_id: int, fmt: str) -> None:
    """After a change: the case's stage, its terlapor's status, and what comes next."""
    from netralitas.kueri import case_view
    from netralitas.tenggat import nama

    kasus = dict(next(db.query("SELECT * FROM kasus WHERE id = ?", [kasus_id])))
    view = case_view(db, kasus)
    if fmt == "json":
        render.print_json(view)
        return
    people = "; ".join(f"{i}: {p['status']}" + (f" ({p['sanksi'] or p['sanksi_moral'] or ''})" if p["sanksi"] or p["sanksi_moral"] else "")
                       for i, p in enumerate(view["terlapor"], 1))
    render.message(_("Case {nomor}: tahap {tahap}").format(nomor=view["nomor"], tahap=view["tahap"] or "-")
                   + (_("; terlapor {people}").format(people=people) if people else ""))
    for t in view["tenggat"]:
        render.message(_("  next: {step}").format(step=nama(t))
                       + (f" (terlapor {t['terlapor']})" if t["terlapor"] else "")
                       + _(", due {day}").format(day=fmt_.fmt_date(t["batas"])) + (_(" (OVERDUE)") if t["keadaan"] == "lewat" else ""))
