"""Monitoring coverage: a region (and optionally kinds of actor) watched for an election or a period.

With its result (`nihil`: watched, nothing found; `ada`: something found), a zero in a report
becomes a fact ("nihil") instead of an absence of data ("tidak ada data"). Cases and recap
figures count as coverage of their region and election too (see `laporan`).
"""

from __future__ import annotations

import hashlib

from pydantic import ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from netralitas.models import Tanggal, Text
from netralitas.pencegahan.bidang import Hasil, Jenis, JenisList, Kab, Pemilu, _Model, as_json, from_json
from netralitas.i18n import _


class Pantau(_Model):
    pemilu: Pemilu
    wilayah: Kab
    jenis: JenisList = []  # empty: every kind of actor
    dari: Tanggal | None = None
    sampai: Tanggal | None = None
    hasil: Hasil
    catatan: Text | None = None

    @field_validator("sampai")
    @classmethod
    def _periode(cls, value, info: ValidationInfo):
        first = info.data.get("dari")
        if value is not None and first is not None and value < first:
            raise PydanticCustomError("bad-tanggal", _("the period ends ({sampai}) before it starts ({dari})"),
                                      {"sampai": value.isoformat(), "dari": first.isoformat()})
        return value


FIELDS = list(Pantau.model_fields)


def record(p: Pantau) -> dict:
    rec = p.model_dump(mode="json")
    jenis = sorted(rec["jenis"])
    rec["jenis"] = as_json(jenis)
    key = f"{rec['pemilu']}|{rec['wilayah']}|{','.join(jenis)}|{rec['dari'] or ''}|{rec['sampai'] or ''}"
    rec["kode"] = "PTU-" + hashlib.sha1(key.encode()).hexdigest()[:10].upper()
    rec["provinsi"] = rec["wilayah"][:2]
    return rec


def as_file(row: dict) -> dict:
    out = {f: row.get(f) for f in FIELDS}
    out["jenis"] = from_json(out["jenis"])
    return out


JENIS = Jenis(
    nama="pantau", tabel="pantau", model=Pantau, fields=FIELDS, required=("pemilu", "wilayah", "hasil"),
    record=record,
    extra_synonyms=(("kab/kota", "wilayah"), ("kabupaten/kota", "wilayah"), ("pemilihan", "pemilu"),
                    ("unsur", "jenis"), ("keterangan", "catatan")),
)
