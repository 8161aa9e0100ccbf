"""The conditions of the partial indexes the reports read alone, in one place.

SQLite uses a partial index only when a query repeats the index's WHERE word for word, so the
migration that makes an index and the queries that read it take the same text from here. The codes
in it are constants of the schema, never a user's value (those go as parameters).
"""

# The terlapor not on the PPK route (TNI, Polri, village officials, others: a few in a hundred), in
# the words laporan_rute's queries use, so that SQLite reads them from this index alone.
NOT_ASN_SQL = "NOT (jenis IN ('PNS', 'PPPK', 'ASN') OR jenis IS NULL)"
NOT_ASN_KINDS = ("PNS", "PPPK", "ASN")  # the kinds NOT_ASN_SQL leaves out

# The proven terlapor awaiting the PPK (status direkomendasikan: about one in ten), with every column
# the waiting lists and the PPK deadline read, so `report --tertunda`, `tenggat` and the digest read
# this index alone instead of looking up each of them in the table.
MENUNGGU_SQL = "status = 'direkomendasikan'"
# The cases not yet decided (no stage, or a stage before the plenary decision): the non-PPK deadlines'
# candidates. tenggat adds AWAL_SQL to its query when the catalog's stages before a decision are
# these (then SQLite reads this index alone); dihapus is a column too so that no case is looked up.
AWAL_TAHAP = ("diterima", "registrasi", "tidak_diregistrasi", "klarifikasi")
AWAL_SQL = "dihapus IS NULL AND (tahap IS NULL OR tahap IN ('diterima', 'registrasi', 'tidak_diregistrasi', 'klarifikasi'))"
