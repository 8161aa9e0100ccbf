"""The closed vocabularies of prevention and monitoring records. Light: the CLI reads them at start-up."""

MODA = ("daring", "luring")
PENYELENGGARA = ("bawaslu", "pemda", "bkn", "lainnya")
HASIL = ("nihil", "ada")
CAKUPAN = ("ada", "nihil", "tidak_ada_data")  # what a report row says about its zeros
# The audiences the seeds name; other text is kept as written.
SASARAN = ("kepala OPD", "camat", "lurah", "kepala desa", "ASN", "Forkopimda", "TNI/Polri", "masyarakat")
# Counts a recap may carry, in the order of the case counts.
REKAP_COUNTS = ("temuan", "laporan", "terlapor", "terbukti", "disanksi", "ringan", "sedang", "berat")

# Words staff write for the values above (lower case, spaces collapsed).
MODA_SINONIM = {"online": "daring", "virtual": "daring", "zoom": "daring", "offline": "luring",
                "tatap muka": "luring", "langsung": "luring"}
# The organiser by its first word: "Bawaslu Kukar", "BKPSDM Kapuas", "Kanreg VIII BKN".
PENYELENGGARA_AWAL = {"bawaslu": "bawaslu", "panwascam": "bawaslu", "panwas": "bawaslu", "pemda": "pemda",
                      "pemkab": "pemda", "pemkot": "pemda", "pemprov": "pemda", "pemerintah": "pemda",
                      "bkpsdm": "pemda", "bkpp": "pemda", "bkd": "pemda", "bkpsdmd": "pemda", "bkn": "bkn",
                      "kanreg": "bkn", "lainnya": "lainnya", "lain": "lainnya"}
SASARAN_SINONIM = {"opd": "kepala OPD", "kepala dinas": "kepala OPD", "kades": "kepala desa", "tni": "TNI/Polri",
                   "polri": "TNI/Polri", "tni polri": "TNI/Polri", "tni dan polri": "TNI/Polri",
                   "pns": "ASN", "warga": "masyarakat"}
