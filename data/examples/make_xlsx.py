"""Writes kasus.xlsx: a Kapuas and PPU recap sheet with real Excel dates (synthetic data)."""

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

HEADER = ["No", "Nomor", "Sumber", "Pemilu", "Kabupaten", "Tanggal", "Pelanggaran", "Uraian",
          "Nama Terlapor", "NIP", "Unsur", "Instansi", "Status", "Sanksi", "Sanksi Moral"]
ROWS = [
    [1, "001/Reg/LP/PW/Kab/21.05/II/2024", "laporan", "pemilu-2024", "Kapuas", dt.date(2024, 1, 15),
     "ikut-kampanye", "Hadir dalam kampanye terbuka dengan atribut partai", "Ahmad Fauzi",
     "198409172009011002", "PNS", "Dinas Perhubungan", "disanksi", "sedang", None],
    [2, "002/Reg/TM/PW/Kab/21.05/II/2024", "temuan", "pemilu-2024", "Kapuas", dt.date(2024, 2, 2),
     "medsos-interaksi", "Membagikan unggahan calon anggota legislatif", "Fitri Handayani",
     "199301252020122001", "PNS", "Kecamatan Selat", "disanksi", None, "tertutup"],
    [3, "001/Reg/LP/PW/Kab/23.05/X/2024", "laporan", "pilkada-2024", "Penajam Paser Utara",
     dt.date(2024, 10, 2), "foto-bersama", "Foto bersama bakal calon dengan pose jari", "Hendra Gunawan",
     "198006062006041003", "PNS", "Dinas PUPR", "diproses", None, None],
]


def main() -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Rekap"
    ws.append(HEADER)
    for row in ROWS:
        ws.append(row)
    for cell in ws["F"][1:]:
        cell.number_format = "DD/MM/YYYY"
    for cell in ws["J"][1:]:
        cell.number_format = "@"  # NIP as text, never a number
    wb.save(Path(__file__).with_name("kasus.xlsx"))


if __name__ == "__main__":
    main()
