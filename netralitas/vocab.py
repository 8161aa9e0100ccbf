"""The closed vocabularies of DOMAIN.md §2. Light on purpose: the CLI reads them at start-up."""

SUMBER = ("temuan", "laporan")
JENIS = ("PNS", "PPPK", "TNI", "Polri", "kepala_desa", "perangkat_desa", "lainnya")
KATEGORI_JABATAN = ("jpt", "administrator", "pengawas", "pelaksana", "fungsional", "kepala_wilayah")
STATUS = ("diproses", "tidak_terbukti", "direkomendasikan", "disanksi")
TINGKAT = ("ringan", "sedang", "berat", "ptdh")  # lightest first; ptdh is beyond berat
SANKSI_MORAL = ("tertutup", "terbuka")
COUNTS = ("kasus", "temuan", "laporan", "terlapor", "terbukti", "tidak_terbukti", "disanksi",
          "ringan", "sedang", "berat", "moral")  # fmt: skip  (the counting keys, in this order)
