"""Datasette metadata of a published database: Indonesian titles and descriptions, sources and
licences, and canned queries answering the questions netralitas is asked."""

from __future__ import annotations

from netralitas import reports
from netralitas.publikasi import tabel

LICENCES = {
    "wilayah": "Kode dan nama wilayah: Kepmendagri 300.2.2-2138/2025 melalui proyek idn-area-data, "
               "© kontributor idn-area-data, Open Database License (ODbL 1.0); basis data turunan wajib "
               "mencantumkan atribusi ini dan memakai lisensi yang sama.",
    "pelanggaran": "Bentuk pelanggaran: SKB Pedoman Netralitas ASN (22 September 2022) dan PP 94/2021 Pasal 5 huruf n.",
    "pemilu": "Pemilihan: jadwal KPU untuk tiap pemilu dan pilkada.",
    "angka": "Angka: register netralitas kantor Bawaslu yang digabung; hanya hitungan, tanpa nama, NIP, nomor "
             "register, uraian, atau teks bebas apa pun.",
    "kode": "Perangkat lunak netralitas: Apache-2.0.",
}
ODBL_URL = "https://opendatacommons.org/licenses/odbl/1-0/"

_DIM = {"wilayah": "kabupaten/kota", "provinsi": "provinsi", "pemilu": "pemilihan", "bulan": "bulan kejadian",
        "sumber": "sumber (temuan atau laporan)", "pelanggaran": "bentuk pelanggaran",
        "jenis": "jenis terlapor (PNS, PPPK, TNI, Polri, kepala desa, …)", "sanksi": "tingkat sanksi yang dijatuhkan",
        "tahap": "tahap penanganan terjauh", "asal": "kantor Bawaslu asal data"}
_COUNT = {"kasus": "kasus (temuan dan laporan) yang berbeda", "temuan": "kasus dari temuan pengawasan",
          "laporan": "kasus dari laporan masyarakat", "terlapor": "orang terlapor",
          "terbukti": "terlapor terbukti (direkomendasikan atau disanksi)", "tidak_terbukti": "terlapor tidak terbukti",
          "disanksi": "terlapor yang dijatuhi sanksi oleh PPK", "ringan": "terlapor dengan hukuman disiplin ringan",
          "sedang": "terlapor dengan hukuman disiplin sedang", "berat": "terlapor dengan hukuman disiplin berat",
          "moral": "terlapor dengan sanksi moral", "ptdh": "terlapor diberhentikan tidak dengan hormat"}

QUERIES = {
    "ringkasan_per_pemilu": {
        "title": "Berapa temuan dan laporan, berapa terbukti, berapa disanksi, per pemilihan?",
        "sql": "SELECT pemilu, pemilu_nama, kasus, temuan, laporan, terlapor, terbukti, disanksi "
               "FROM kasus_per_pemilu ORDER BY pemilu",
    },
    "bandingkan_pemilu_di_wilayah": {
        "title": "Bagaimana pemilihan ini dibandingkan dengan yang lalu di satu kabupaten/kota?",
        "description": "Isi kode wilayah, misalnya 64.02 (Kutai Kartanegara).",
        "sql": "SELECT pemilu, pemilu_nama, kasus, temuan, laporan, terlapor, terbukti, disanksi "
               "FROM kasus_per_wilayah_pemilu WHERE wilayah = :wilayah ORDER BY pemilu",
    },
    "tindak_lanjut": {
        "title": "Berapa persen terlapor terbukti, dan berapa persen yang terbukti disanksi PPK?",
        "sql": "SELECT pemilu, pemilu_nama, terlapor, terbukti, "
               "ROUND(100.0 * terbukti / NULLIF(terlapor, 0), 1) AS persen_terbukti, disanksi, "
               "ROUND(100.0 * disanksi / NULLIF(terbukti, 0), 1) AS persen_disanksi "
               "FROM kasus_per_pemilu ORDER BY pemilu",
    },
    "wilayah_terbanyak": {
        "title": "Kabupaten/kota dengan kasus terbanyak",
        "sql": "SELECT wilayah, wilayah_nama, kasus, terlapor, terbukti, disanksi FROM kasus_per_wilayah "
               "WHERE kasus > 0 ORDER BY kasus DESC, wilayah LIMIT 20",
    },
    "tingkat_sanksi": {
        "title": "Sanksi apa yang dijatuhkan?",
        "sql": "SELECT sanksi, sanksi_nama, terlapor FROM kasus_per_sanksi ORDER BY rowid",
    },
}


SUPPRESSION_RULE = (
    "Sel primer: angka 1 sampai min_sel-1 dikosongkan. Sel sekunder: angka lain ikut dikosongkan agar sel "
    "primer tidak dapat dihitung balik dengan pengurangan, baik di dalam satu baris (kasus = temuan + laporan; "
    "terlapor = terbukti + tidak_terbukti; disanksi = ringan + sedang + berat + ptdh) maupun antarbaris (baris "
    "yang berjumlah total keseluruhan, atau baris tabel lain: kabupaten/kota ke provinsi, wilayah dan pemilihan "
    "ke wilayah dan ke pemilihan). Setiap jumlah yang akan membuka sel kosong mendapat satu sel kosong lagi: "
    "angka terkecil di atas nol, yang pertama dalam urutan tabel bila sama. Batas bawah juga diperhitungkan: "
    "angka nol ditampilkan, jadi sel kosong bernilai paling sedikit 1, dan k sel kosong yang jumlahnya diketahui "
    "tepat k pasti masing-masing 1; jumlah seperti itu juga mendapat satu sel kosong lagi (angka nol bila tidak "
    "ada angka lain, atau totalnya dikosongkan).")


def metadata(name: str, *, min_sel: int, hidden: dict[str, dict[str, int]] | None = None) -> dict:
    """Datasette metadata for the published database called `name` (its file name without .db);
    `hidden`: the cells published empty per table (primer, sekunder)."""
    hidden = hidden or {}
    numbers = {c: _COUNT.get(c, c.replace("_", " ")) for c in reports.COUNTS}
    tables = {}
    for table, by in tabel.KASUS_TABLES.items():
        columns = {}
        for d in by:
            columns[d] = f"kode {_DIM[d]}"
            columns[f"{d}_nama"] = f"nama {_DIM[d]}"
        columns.update(numbers)
        tables[table] = {"title": "Kasus per " + " dan ".join(_DIM[d] for d in by),
                         "description": _suppression(min_sel, hidden.get(table)) + "Satu kasus dihitung sekali di tiap kelompok.",
                         "columns": columns}
    tables[tabel.SOSIALISASI] = {
        "title": "Kegiatan pencegahan (sosialisasi) per kabupaten/kota dan pemilihan",
        "description": _suppression(min_sel, hidden.get(tabel.SOSIALISASI)) + "Jumlah kegiatan dan peserta.",
        "columns": {"kegiatan": "jumlah kegiatan", "peserta": "jumlah peserta yang dicatat"}}
    tables[tabel.CAKUPAN] = {
        "title": "Cakupan pengawasan per kabupaten/kota dan pemilihan",
        "description": "Wilayah yang diawasi, dengan hasilnya: nol yang diawasi berarti nihil, tanpa catatan berarti "
                       "tidak ada data.",
        "columns": {"hasil": "hasil pengawasan", "jumlah": "jumlah catatan pengawasan"}}
    tables["wilayah"] = {"title": "Katalog wilayah", "license": "ODbL-1.0", "license_url": ODBL_URL,
                         "source": "idn-area-data (Kepmendagri 300.2.2-2138/2025)",
                         "source_url": "https://github.com/fityannugroho/idn-area-data",
                         "description": LICENCES["wilayah"]}
    tables["pemilu"] = {"title": "Katalog pemilihan", "description": LICENCES["pemilu"]}
    tables["pelanggaran"] = {"title": "Katalog bentuk pelanggaran", "description": LICENCES["pelanggaran"]}
    tables["tentang"] = {"title": "Tentang data ini", "description": "Waktu terbit, sumber, lisensi, sel yang disembunyikan."}
    return {
        "title": "Netralitas ASN dalam pemilihan: angka agregat",
        "description": "Hitungan pelanggaran netralitas ASN dari register kantor Bawaslu: per wilayah, provinsi, "
                       "pemilihan, bulan, sumber, bentuk pelanggaran, jenis terlapor, tingkat sanksi dan tahap; "
                       "kegiatan pencegahan dan cakupan pengawasan. Tanpa data pribadi. " + LICENCES["angka"],
        "license": "ODbL-1.0 (data wilayah)", "license_url": ODBL_URL,
        "source": "Register netralitas kantor Bawaslu kabupaten/kota dan provinsi",
        "databases": {name: {"title": "Netralitas ASN: angka agregat", "tables": tables, "queries": QUERIES}},
    }


def _suppression(min_sel: int, hidden: dict[str, int] | None) -> str:
    if min_sel <= 1:
        return ""
    text = f"Angka 1 sampai {min_sel - 1} disembunyikan (kosong) agar tidak menunjuk orang tertentu"
    if hidden:
        text += (f": {hidden['primer']} sel kecil, dan {hidden['sekunder']} sel lain agar sel kecil tidak dapat "
                 "dihitung balik dari jumlahnya (aturan: tabel tentang, aturan_sel)")
    return text + ". "
