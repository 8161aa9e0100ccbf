"""A selection in the words people read: region and election names, the period as dates.

Used where figures leave the terminal (a chart's source line, the HTML digest's heading), so a
reader knows what the numbers cover without knowing the codes.
"""

from __future__ import annotations

from netralitas.format import fmt_date
from netralitas.i18n import _
from netralitas.seleksi import Seleksi


def _pemilu_name(pemilu_id: str) -> str:
    from netralitas.catalogs import pemilu_catalog

    p = pemilu_catalog().get(pemilu_id)
    return p.nama if p else pemilu_id


def parts(seleksi: Seleksi) -> list[tuple[str, str]]:
    """(what, which) pairs: wilayah, pemilu, periode and the other filters, by name where there is one."""
    from netralitas.wilayah import catalog

    names = catalog()
    out = []
    regions = [names.nama(k) or k for k in (*seleksi.prov, *seleksi.kab)]
    out.append((_("Region"), ", ".join(regions) if regions else _("all regions")))
    out.append((_("Election"), ", ".join(_pemilu_name(p) for p in seleksi.pemilu) if seleksi.pemilu
                else _("all elections")))
    if seleksi.dari or seleksi.sampai:
        out.append((_("Incident dates"), _("{dari} to {sampai}").format(
            dari=fmt_date(seleksi.dari) if seleksi.dari else "…",
            sampai=fmt_date(seleksi.sampai) if seleksi.sampai else "…")))
    for label, values in (("sumber", seleksi.sumber), ("pelanggaran", seleksi.pelanggaran),
                          ("status", seleksi.status), ("jenis", seleksi.jenis)):
        if values:
            out.append((label, ", ".join(values)))
    return out


def line(seleksi: Seleksi) -> str:
    """The selection as one line: `Region: Kabupaten Kutai Kartanegara; Election: all elections`."""
    return "; ".join(f"{what}: {which}" for what, which in parts(seleksi))
