"""Recap figures of a region x election: the totals of elections whose cases were never entered.

One recap per region and election (its key), with its source and date; a newer recap replaces it
and the old figures stay in the history. `jenis` names the kinds of actor the figures cover,
`nihil` the kinds monitored with nothing found ("TNI dan Polri: nihil").
"""

from __future__ import annotations

from pydantic import model_validator
from pydantic_core import PydanticCustomError

from netralitas.models import Tanggal, Text
from netralitas.pencegahan.bidang import Count, Jenis, JenisList, Kab, Pemilu, _Model, as_json, from_json
from netralitas.i18n import _


class Rekap(_Model):
    pemilu: Pemilu
    wilayah: Kab
    temuan: Count
    laporan: Count
    terlapor: Count | None = None
    terbukti: Count | None = None
    disanksi: Count | None = None
    ringan: Count | None = None
    sedang: Count | None = None
    berat: Count | None = None
    jenis: JenisList = []
    nihil: JenisList = []
    sumber_data: Text
    tanggal_data: Tanggal

    @model_validator(mode="after")
    def _consistent(self):
        found = []  # every contradiction, said at once

        def over(part, whole, a, b):
            if part is not None and whole is not None and part > whole:
                found.append(_("{a} ({part}) is more than {b} ({whole})").format(a=a, part=part, b=b, whole=whole))

        over(self.terbukti, self.terlapor, "terbukti", "terlapor")
        over(self.disanksi, self.terbukti, "disanksi", "terbukti")
        levels = [v for v in (self.ringan, self.sedang, self.berat) if v is not None]
        over(sum(levels) if levels else None, self.disanksi, "ringan + sedang + berat", "disanksi")
        both = sorted(set(self.jenis) & set(self.nihil))
        if both:
            found.append(_("{jenis} is both counted (jenis) and nihil").format(jenis=", ".join(both)))
        if found:
            raise PydanticCustomError("rekap-contradiction", "{found}", {"found": "; ".join(found)})
        return self


FIELDS = list(Rekap.model_fields)


def kode(pemilu: str, wilayah: str) -> str:
    return f"{pemilu}/{wilayah}"


def record(r: Rekap) -> dict:
    rec = r.model_dump(mode="json")
    rec["jenis"], rec["nihil"] = as_json(rec["jenis"]), as_json(rec["nihil"])
    rec["kode"] = kode(rec["pemilu"], rec["wilayah"])
    rec["provinsi"] = rec["wilayah"][:2]
    return rec


def as_file(row: dict) -> dict:
    out = {f: row.get(f) for f in FIELDS}
    out["jenis"], out["nihil"] = from_json(out["jenis"]), from_json(out["nihil"])
    return out


JENIS = Jenis(
    nama="rekap", tabel="rekap", model=Rekap, fields=FIELDS,
    required=("pemilu", "wilayah", "temuan", "laporan", "sumber_data", "tanggal_data"), record=record,
    extra_synonyms=(("kab/kota", "wilayah"), ("kabupaten/kota", "wilayah"), ("pemilihan", "pemilu"),
                    ("sumber", "sumber_data"), ("tanggal", "tanggal_data"), ("unsur", "jenis")),
)
