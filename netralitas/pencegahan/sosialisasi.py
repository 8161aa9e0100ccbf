"""A prevention activity (sosialisasi): who held it, where and how, for whom, before which election.

Its key (`kode`) is the file's `kode` when given, else made from the date, region and organiser:
two activities of one organiser in one region on one day need a `kode` each. The speakers
(`narasumber`) are not terlapor, but their names still stay out of reports and digests.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from netralitas.models import Tanggal, Text
from netralitas.pencegahan.bidang import (
    Count, Jenis, KabOrProv, Lines, Moda, Pemilu, Penyelenggara, Sasaran, _Model, as_json, from_json,
)

LISTS = ("mitra", "sasaran", "narasumber", "tautan")
PUBLIC = ("kode", "tanggal", "pemilu", "wilayah", "tempat", "moda", "penyelenggara", "mitra", "sasaran",
          "jumlah_peserta", "tema")  # what reports and digests may show: no speakers


class Sosialisasi(_Model):
    kode: Text | None = None
    tanggal: Tanggal
    pemilu: Pemilu | None = None
    wilayah: KabOrProv
    tempat: Text | None = None
    moda: Moda | None = None
    penyelenggara: Penyelenggara
    mitra: Lines = []
    sasaran: Sasaran = []
    jumlah_peserta: Count | None = None
    narasumber: Lines = []
    tema: Text | None = None
    tautan: Lines = []


FIELDS = list(Sosialisasi.model_fields)


def kode_otomatis(tanggal: dt.date | str, wilayah: str, penyelenggara: str) -> str:
    text = f"{tanggal}|{wilayah}|{penyelenggara}"
    return "SOS-" + hashlib.sha1(text.encode()).hexdigest()[:10].upper()


def record(s: Sosialisasi) -> dict:
    """The stored columns of a validated activity."""
    rec = s.model_dump(mode="json")
    for name in LISTS:
        rec[name] = as_json(rec[name])
    rec["kode_otomatis"] = int(not s.kode)
    rec["kode"] = s.kode or kode_otomatis(rec["tanggal"], rec["wilayah"], rec["penyelenggara"])
    rec["provinsi"] = rec["wilayah"][:2]
    return rec


def as_file(row: dict) -> dict:
    """A stored row in the shape a file holds (what `import` reads back)."""
    out = {f: row.get(f) for f in FIELDS}
    for name in LISTS:
        out[name] = from_json(out[name])
    if row.get("kode_otomatis"):
        out["kode"] = None
    return out


JENIS = Jenis(
    nama="sosialisasi", tabel="sosialisasi", model=Sosialisasi, fields=FIELDS,
    required=("tanggal", "wilayah", "penyelenggara"), record=record,
    extra_synonyms=(("kab/kota", "wilayah"), ("kabupaten/kota", "wilayah"), ("tgl", "tanggal"),
                    ("lokasi", "tempat"), ("peserta", "jumlah_peserta"), ("jumlah", "jumlah_peserta"),
                    ("pemilihan", "pemilu"), ("mode", "moda"), ("narasumber/pemateri", "narasumber"),
                    ("pemateri", "narasumber"), ("tautan/dokumen", "tautan"), ("dokumen", "tautan")),
)
