"""The closed vocabularies of docs/domain.md. Light on purpose: the CLI reads them at start-up.

jenis `ASN` is a civil servant not known to be PNS or PPPK (a register that says only "ASN")."""

from netralitas.errors import LookupFailed
from netralitas.i18n import _

SUMBER = ("temuan", "laporan")
JENIS = ("PNS", "PPPK", "ASN", "TNI", "Polri", "kepala_desa", "perangkat_desa", "lainnya")  # ASN: PNS or PPPK, not known which
KATEGORI_JABATAN = ("jpt", "administrator", "pengawas", "pelaksana", "fungsional", "kepala_wilayah")
STATUS = ("diproses", "tidak_terbukti", "direkomendasikan", "disanksi")
TERBUKTI = "terbukti"  # a status as offices write it: proven (direkomendasikan, or disanksi with a sanction)
TINGKAT = ("ringan", "sedang", "berat", "ptdh")  # lightest first; ptdh is beyond berat
SANKSI_MORAL = ("tertutup", "terbuka")
COUNTS = ("kasus", "temuan", "laporan", "terlapor", "terbukti", "tidak_terbukti", "disanksi",
          "ringan", "sedang", "berat", "moral", "ptdh")  # fmt: skip  (the counting keys, in this order)

# Report dimensions: of the case, or of each terlapor.
CASE_DIMS = ("wilayah", "provinsi", "pemilu", "sumber", "pelanggaran", "bulan", "fase", "tahap",
             "asal")  # asal: the office a merged record came from (gabung); empty for this office's own
PERSON_DIMS = ("sanksi", "status", "jenis", "kategori_jabatan", "instansi")
DIMENSIONS = CASE_DIMS + PERSON_DIMS


_KEYS: dict[tuple[str, ...], dict[str, str]] = {}  # import calls this for every cell: look up, don't scan


def parse(values: tuple[str, ...], value) -> str:
    """The member of a vocabulary that `value` names: case-insensitive, spaces and hyphens read
    as underscores ('Kepala Desa' -> kepala_desa, 'tidak terbukti' -> tidak_terbukti)."""
    keys = _KEYS.get(values)
    if keys is None:
        keys = _KEYS[values] = {member.lower(): member for member in values}
    text = str(value)
    member = keys.get(text.lower()) or keys.get("_".join(text.strip().lower().replace("-", " ").split()))
    if member is not None:
        return member
    raise LookupFailed("bad-enum", _("{text!r} is not one of: {values}").format(text=text.strip(), values=", ".join(values)), value)


# The fields of a case file, in the order of the README's case files (files and tables); the models
# (netralitas.models) validate them, and a test checks that KasusFields has exactly these. Here,
# so that what only reads the register (reports, store) does not build the Pydantic models.
KASUS_FIELDS = [
    "nomor", "sumber", "pemilu", "wilayah", "kecamatan", "tanggal_kejadian", "tanggal_diterima", "pelanggaran",
    "uraian", "bukti", "tanggal_diketahui", "tanggal_registrasi", "tanggal_tidak_diregistrasi",
    "alasan_tidak_diregistrasi", "tanggal_klarifikasi", "tanggal_pleno", "diteruskan_ke", "tanggal_diteruskan",
    "nomor_surat",
]  # fmt: skip
TERLAPOR_FIELDS = [
    "nama", "nip", "jenis", "jabatan", "kategori_jabatan", "instansi", "status", "rekomendasi",
    "tanggal_rekomendasi", "sanksi", "sanksi_jenis", "sanksi_moral", "tanggal_sanksi", "nomor_sk",
    "nomor_surat_rekomendasi", "tanggal_tidak_ditindaklanjuti", "tanggal_blokir", "pidana", "tanggal_pidana",
    "pidana_pasal",
]  # fmt: skip
PII_FIELDS = ("nama", "nip")
