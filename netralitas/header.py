"""Finding the header of a sheet as offices write it, and the names users give its columns.

A recap sheet rarely starts with its header: a title block ("REKAPITULASI PENANGANAN
PELANGGARAN NETRALITAS ASN", "BAWASLU KABUPATEN …"), merged cells and blank rows come first.
The header is the first row, within the first SEARCH rows, whose cells name at least two known
columns. A header of two rows ("Terlapor" merged over "Nama | NIP | Jabatan", "Tanggal" over
"Kejadian | Diterima") is read as one: each lower cell under the upper text that spans it.
"""

from __future__ import annotations

import re
from typing import Sequence

from netralitas.models import KASUS_FIELDS, TERLAPOR_FIELDS

SEARCH = 20  # rows searched for the header
_NORM = re.compile(r"[\s_\-/.]+")


def header_key(text: str) -> str:
    return _NORM.sub("", str(text).strip().lower())


def _keys(field: str, *names: str) -> dict[str, str]:
    return {header_key(n): field for n in names}


SYNONYMS = {
    **{header_key(f): f for f in KASUS_FIELDS + TERLAPOR_FIELDS},
    header_key("diubah"): "diubah",  # the last-change stamp export writes
    header_key("kantor"): "kantor",  # a roll-up's export: the office that keeps the record (empty: the file's own)
    **_keys("wilayah", "kab/kota", "kabupaten/kota", "kabupaten", "kota", "kab", "kabkota", "wilayah kejadian",
            "lokasi kab/kota"),
    **_keys("tanggal_kejadian", "tanggal", "tgl kejadian", "tgl", "tanggal kejadian", "waktu kejadian",
            "tgl. kejadian", "tanggal peristiwa"),
    **_keys("tanggal_diterima", "tgl diterima", "tanggal terima", "tgl terima", "tanggal laporan", "tgl laporan",
            "tanggal diterima", "tanggal temuan", "tgl temuan", "tanggal dilaporkan"),
    **_keys("nama", "nama terlapor", "terlapor", "nama asn"),
    **_keys("nip", "nip terlapor"),
    **_keys("jenis", "jenis pegawai", "unsur", "status kepegawaian", "jenis asn", "jenis terlapor"),
    **_keys("pemilu", "pemilihan", "jenis pemilihan", "pemilihan umum"),
    **_keys("nomor", "nomor register", "no register", "no. reg", "no reg", "nomor reg", "no. register",
            "nomor registrasi", "no registrasi"),
    **_keys("sumber", "sumber kasus", "temuan/laporan", "jenis penanganan", "sumber data"),
    # "jenis pelanggaran" holds a form in recap sheets; uraian pelanggaran does too when it is a form
    **_keys("pelanggaran", "jenis pelanggaran", "bentuk pelanggaran", "uraian pelanggaran",
            "dugaan pelanggaran", "kategori pelanggaran"),
    **_keys("uraian", "uraian kejadian", "kronologi", "keterangan kejadian", "uraian singkat"),
    **_keys("status", "status penanganan", "tindak lanjut", "hasil", "hasil kajian", "status terlapor",
            "hasil penanganan", "keterangan status"),
    **_keys("rekomendasi", "rekomendasi sanksi", "rekomendasi bawaslu", "rekomendasi kasn"),
    **_keys("tanggal_rekomendasi", "tgl rekomendasi", "tanggal rekomendasi"),
    **_keys("sanksi", "hukuman disiplin", "jenis sanksi", "tingkat sanksi", "sanksi ppk", "tingkat hukuman"),
    **_keys("sanksi_jenis", "jenis hukuman", "bentuk sanksi", "jenis hukuman disiplin"),
    **_keys("tanggal_sanksi", "tgl sanksi", "tanggal sk"),
    **_keys("nomor_sk", "no sk", "nomor sk sanksi"),
    **_keys("instansi", "opd", "unit kerja", "instansi terlapor", "perangkat daerah"),
    **_keys("jabatan", "jabatan terlapor"),
    **_keys("kecamatan", "kec", "kec."),
    # the criminal route (Gakkumdu)
    **_keys("pidana", "hasil pidana", "status pidana", "proses pidana", "tindak lanjut pidana", "gakkumdu",
            "hasil gakkumdu"),
    **_keys("tanggal_pidana", "tgl pidana", "tanggal pidana"),
    **_keys("pidana_pasal", "pasal pidana", "pasal tindak pidana"),
}
ROW_COUNTER = {"no", "nourut"}  # "No"/"No." of Indonesian recap tables: running numbers


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def known(cells: Sequence, synonyms: dict) -> int:
    """How many cells name a known column (a running-number column counts)."""
    return sum(1 for c in cells if (k := header_key(_text(c))) and (k in synonyms or k in ROW_COUNTER))


def combine(upper: Sequence, lower: Sequence, synonyms: dict) -> list[str]:
    """Two header rows as one: a lower cell under the upper text spanning it ('Terlapor' over
    'Nama' is 'nama terlapor'); an upper cell over a blank was merged down and stands alone."""
    out, span = [], ""
    for c in range(max(len(upper), len(lower))):
        u = _text(upper[c]) if c < len(upper) else ""
        low = _text(lower[c]) if c < len(lower) else ""
        if u:
            span = u
        elif not low:
            span = ""  # a blank column ends a merged group
        if not low:
            out.append(u)
            continue
        group = u or span
        named = next((n for n in (f"{group} {low}", f"{low} {group}") if group and header_key(n) in synonyms), low)
        out.append(named)
    return out


def find(rows: list[tuple[int, Sequence]], synonyms: dict, at: int | None = None) -> tuple[int, list, int] | None:
    """(first row used, header cells, rows used: 1 or 2) of the header among `rows` ((number,
    cells) in order); `at`: the number of the row holding the column names. None: not found."""
    best = None
    for i, (number, cells) in enumerate(rows):
        if (at is not None and number != at) or not any(_text(c) for c in cells):
            continue
        variants = [(known(cells, synonyms), i, list(cells), 1)]
        if i + 1 < len(rows) and any(_text(c) for c in rows[i + 1][1]):
            both = combine(cells, rows[i + 1][1], synonyms)
            variants.append((known(both, synonyms), i, both, 2))
        if i > 0 and any(_text(c) for c in rows[i - 1][1]):
            both = combine(rows[i - 1][1], cells, synonyms)
            variants.append((known(both, synonyms), i - 1, both, 2))
        score, first, header, used = max(variants, key=lambda v: (v[0], -v[3]))  # a tie: one row
        if at is not None or score >= 2:
            best = (first, header, used)
            break
    return best


class Footer:
    """Below the table offices put a blank row, then place and date, the head's title and name,
    notes. After a blank row, a row of at most two cells that lacks a required value is that."""

    def __init__(self, columns, required: tuple[str, ...]):  # columns: a readers.Columns
        self.required = [f for f in required if f in columns.fields]
        self.after_blank = False
        self.skipped = columns.dilewati  # the lines left out, for the summary to say so

    def blank(self) -> None:
        self.after_blank = True

    def skips(self, cells, row: dict, line: int) -> bool:
        if not self.after_blank or not self.required:
            return False
        filled = sum(1 for c in cells if c is not None and str(c).strip())
        if filled <= 2 and any(row.get(f) in (None, "") for f in self.required):
            self.skipped.append(line)
            return True
        return False
