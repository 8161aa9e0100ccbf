CREATE TABLE "_sqlite_migrations" (
   "id" INTEGER PRIMARY KEY,
   "migration_set" TEXT,
   "name" TEXT,
   "applied_at" TEXT
);
CREATE TABLE "kasus" (
   "id" INTEGER PRIMARY KEY,
   "nomor" TEXT NOT NULL,
   "nomor_otomatis" INTEGER,
   "sumber" TEXT NOT NULL,
   "pemilu" TEXT NOT NULL,
   "wilayah" TEXT NOT NULL,
   "provinsi" TEXT NOT NULL,
   "kecamatan" TEXT,
   "tanggal_kejadian" TEXT NOT NULL,
   "tanggal_diterima" TEXT,
   "pelanggaran" TEXT NOT NULL,
   "uraian" TEXT,
   "bukti" TEXT,
   "sidik" TEXT NOT NULL,
   "created_at" TEXT,
   "updated_at" TEXT
, "n_terlapor" INTEGER NOT NULL DEFAULT 0, "n_terbukti" INTEGER NOT NULL DEFAULT 0, "n_tidak_terbukti" INTEGER NOT NULL DEFAULT 0, "n_disanksi" INTEGER NOT NULL DEFAULT 0, "n_ringan" INTEGER NOT NULL DEFAULT 0, "n_sedang" INTEGER NOT NULL DEFAULT 0, "n_berat" INTEGER NOT NULL DEFAULT 0, "n_moral" INTEGER NOT NULL DEFAULT 0, "n_ptdh" INTEGER NOT NULL DEFAULT 0, "tanggal_diketahui" TEXT, "tanggal_registrasi" TEXT, "tanggal_tidak_diregistrasi" TEXT, "alasan_tidak_diregistrasi" TEXT, "tanggal_klarifikasi" TEXT, "tanggal_pleno" TEXT, "diteruskan_ke" TEXT, "tanggal_diteruskan" TEXT, "nomor_surat" TEXT, "tahap" TEXT, "dihapus" TEXT, "dihapus_alasan" TEXT, "kantor" TEXT, "asal_id" INTEGER, "asal_diubah" TEXT, "n_moral_saja" INTEGER NOT NULL DEFAULT 0, "n_tanpa_tingkat" INTEGER NOT NULL DEFAULT 0, "n_belum_sanksi" INTEGER NOT NULL DEFAULT 0);
CREATE TABLE "terlapor" (
   "id" INTEGER PRIMARY KEY,
   "kasus_id" INTEGER NOT NULL REFERENCES "kasus"("id"),
   "urutan" INTEGER NOT NULL,
   "nama" TEXT,
   "nip" TEXT,
   "jenis" TEXT,
   "jabatan" TEXT,
   "kategori_jabatan" TEXT,
   "instansi" TEXT,
   "status" TEXT NOT NULL,
   "rekomendasi" TEXT,
   "tanggal_rekomendasi" TEXT,
   "sanksi" TEXT,
   "sanksi_jenis" TEXT,
   "sanksi_moral" TEXT,
   "tanggal_sanksi" TEXT,
   "nomor_sk" TEXT,
   "created_at" TEXT,
   "updated_at" TEXT
, "nomor_surat_rekomendasi" TEXT, "tanggal_tidak_ditindaklanjuti" TEXT, "tanggal_blokir" TEXT, "pidana" TEXT, "tanggal_pidana" TEXT, "pidana_pasal" TEXT);
CREATE TABLE "riwayat" (
   "id" INTEGER PRIMARY KEY,
   "waktu" TEXT,
   "kasus_id" INTEGER,
   "kasus_nomor" TEXT,
   "terlapor_urutan" INTEGER,
   "kolom" TEXT,
   "lama" TEXT,
   "baru" TEXT,
   "asal" TEXT
);
CREATE TABLE "digest_runs" (
   "id" INTEGER PRIMARY KEY,
   "waktu" TEXT,
   "seleksi" TEXT,
   "batas" TEXT,
   "file" TEXT
);
CREATE TABLE "tahapan" (
   "id" INTEGER PRIMARY KEY,
   "kasus_id" INTEGER NOT NULL REFERENCES "kasus"("id"),
   "terlapor_id" INTEGER REFERENCES "terlapor"("id"),
   "tahap" TEXT NOT NULL,
   "tanggal" TEXT,
   "data" TEXT,
   "asal" TEXT,
   "oleh" TEXT,
   "dicatat" TEXT NOT NULL,
   "batal" TEXT,
   "batal_alasan" TEXT
);
CREATE TABLE "sosialisasi" (
   "id" INTEGER PRIMARY KEY,
   "kode" TEXT NOT NULL,
   "kode_otomatis" INTEGER,
   "tanggal" TEXT NOT NULL,
   "pemilu" TEXT,
   "wilayah" TEXT NOT NULL,
   "provinsi" TEXT NOT NULL,
   "tempat" TEXT,
   "moda" TEXT,
   "penyelenggara" TEXT NOT NULL,
   "mitra" TEXT,
   "sasaran" TEXT,
   "jumlah_peserta" INTEGER,
   "narasumber" TEXT,
   "tema" TEXT,
   "tautan" TEXT,
   "created_at" TEXT,
   "updated_at" TEXT
);
CREATE TABLE "riwayat_catatan" (
   "id" INTEGER PRIMARY KEY,
   "waktu" TEXT,
   "tabel" TEXT,
   "kode" TEXT,
   "kolom" TEXT,
   "lama" TEXT,
   "baru" TEXT,
   "asal" TEXT
);
CREATE TABLE "pantau" (
   "id" INTEGER PRIMARY KEY,
   "kode" TEXT NOT NULL,
   "pemilu" TEXT NOT NULL,
   "wilayah" TEXT NOT NULL,
   "provinsi" TEXT NOT NULL,
   "jenis" TEXT,
   "dari" TEXT,
   "sampai" TEXT,
   "hasil" TEXT NOT NULL,
   "catatan" TEXT,
   "created_at" TEXT,
   "updated_at" TEXT
);
CREATE TABLE "rekap" (
   "id" INTEGER PRIMARY KEY,
   "kode" TEXT NOT NULL,
   "pemilu" TEXT NOT NULL,
   "wilayah" TEXT NOT NULL,
   "provinsi" TEXT NOT NULL,
   "temuan" INTEGER NOT NULL,
   "laporan" INTEGER NOT NULL,
   "terlapor" INTEGER,
   "terbukti" INTEGER,
   "disanksi" INTEGER,
   "ringan" INTEGER,
   "sedang" INTEGER,
   "berat" INTEGER,
   "jenis" TEXT,
   "nihil" TEXT,
   "sumber_data" TEXT NOT NULL,
   "tanggal_data" TEXT NOT NULL,
   "created_at" TEXT,
   "updated_at" TEXT
);
CREATE TABLE "impor_berkas" (
   "kunci" TEXT PRIMARY KEY,
   "baris" INTEGER,
   "kasus" INTEGER,
   "rentang" TEXT,
   "keadaan" TEXT,
   "dicatat" TEXT
);
CREATE TABLE "kantor" (
   "id" INTEGER PRIMARY KEY,
   "wilayah" TEXT NOT NULL,
   "nama" TEXT NOT NULL,
   "updated_at" TEXT
);
CREATE TABLE "asal" (
   "id" INTEGER PRIMARY KEY,
   "kantor" TEXT NOT NULL,
   "nama" TEXT NOT NULL,
   "file" TEXT NOT NULL,
   "jenis" TEXT,
   "waktu" TEXT NOT NULL,
   "baru" INTEGER,
   "diubah" INTEGER,
   "sama" INTEGER,
   "konflik" INTEGER,
   "duplikat" INTEGER
, "lewat" TEXT, "file_awal" TEXT, "waktu_awal" TEXT);
CREATE TABLE "nomor_lama" (
   "id" INTEGER PRIMARY KEY,
   "nomor" TEXT NOT NULL,
   "kantor" TEXT,
   "kasus_id" INTEGER REFERENCES "kasus"("id"),
   "waktu" TEXT
);
CREATE UNIQUE INDEX "idx__sqlite_migrations_migration_set_name"
    ON "_sqlite_migrations" ("migration_set", "name");
CREATE INDEX "idx_kasus_sidik"
    ON "kasus" ("sidik");
CREATE INDEX "idx_kasus_wilayah"
    ON "kasus" ("wilayah");
CREATE INDEX "idx_kasus_pemilu"
    ON "kasus" ("pemilu");
CREATE UNIQUE INDEX "idx_terlapor_kasus_id_urutan"
    ON "terlapor" ("kasus_id", "urutan");
CREATE INDEX "idx_riwayat_waktu"
    ON "riwayat" ("waktu");
CREATE INDEX "idx_digest_runs_seleksi_waktu"
    ON "digest_runs" ("seleksi", "waktu");
CREATE INDEX "idx_kasus_created_at"
    ON "kasus" ("created_at");
CREATE INDEX "idx_kasus_updated_at"
    ON "kasus" ("updated_at");
CREATE INDEX "idx_terlapor_created_at"
    ON "terlapor" ("created_at");
CREATE INDEX "idx_terlapor_updated_at"
    ON "terlapor" ("updated_at");
CREATE INDEX "idx_terlapor_status_tanggal_rekomendasi"
    ON "terlapor" ("status", "tanggal_rekomendasi");
CREATE INDEX "idx_tahapan_kasus_id_id"
    ON "tahapan" ("kasus_id", "id");
CREATE INDEX "idx_tahapan_terlapor_id"
    ON "tahapan" ("terlapor_id");
CREATE INDEX idx_kasus_nomor_nocase ON kasus (nomor COLLATE NOCASE);
CREATE INDEX idx_terlapor_nip ON terlapor (nip) WHERE nip IS NOT NULL;
CREATE INDEX idx_kasus_laporan ON kasus (wilayah, pemilu, sumber, pelanggaran, tanggal_kejadian, n_terlapor, n_terbukti, n_tidak_terbukti, n_disanksi, n_ringan, n_sedang, n_berat, n_moral, n_ptdh, n_moral_saja, n_tanpa_tingkat, n_belum_sanksi) WHERE dihapus IS NULL;
CREATE UNIQUE INDEX "idx_sosialisasi_kode"
    ON "sosialisasi" ("kode");
CREATE INDEX "idx_sosialisasi_wilayah_pemilu"
    ON "sosialisasi" ("wilayah", "pemilu");
CREATE INDEX "idx_sosialisasi_created_at"
    ON "sosialisasi" ("created_at");
CREATE INDEX "idx_riwayat_catatan_tabel_kode"
    ON "riwayat_catatan" ("tabel", "kode");
CREATE UNIQUE INDEX "idx_pantau_kode"
    ON "pantau" ("kode");
CREATE INDEX "idx_pantau_wilayah_pemilu"
    ON "pantau" ("wilayah", "pemilu");
CREATE UNIQUE INDEX "idx_rekap_kode"
    ON "rekap" ("kode");
CREATE INDEX "idx_rekap_wilayah_pemilu"
    ON "rekap" ("wilayah", "pemilu");
CREATE INDEX "idx_asal_kantor_waktu"
    ON "asal" ("kantor", "waktu");
CREATE UNIQUE INDEX idx_kasus_nomor_kantor ON kasus (nomor, COALESCE(kantor, ''));
CREATE INDEX idx_kasus_kantor ON kasus (kantor) WHERE kantor IS NOT NULL;
CREATE UNIQUE INDEX idx_nomor_lama_kantor ON nomor_lama (nomor, COALESCE(kantor, ''));
CREATE INDEX idx_nomor_lama_kasus ON nomor_lama (kasus_id);
CREATE INDEX idx_terlapor_lain ON terlapor (jenis, status, sanksi_jenis, kasus_id) WHERE NOT (jenis IN ('PNS', 'PPPK', 'ASN') OR jenis IS NULL);
CREATE INDEX idx_terlapor_pidana ON terlapor (jenis, pidana, kasus_id) WHERE pidana IS NOT NULL;
CREATE INDEX idx_kasus_dihapus ON kasus (id) WHERE dihapus IS NOT NULL;
CREATE INDEX idx_kasus_pelanggaran ON kasus (pelanggaran, pemilu, tanggal_kejadian, sumber, n_terlapor, n_terbukti, n_tidak_terbukti, n_disanksi, n_ringan, n_sedang, n_berat, n_moral, n_ptdh) WHERE dihapus IS NULL;
CREATE INDEX idx_terlapor_menunggu ON terlapor (status, tanggal_rekomendasi, jenis, tanggal_tidak_ditindaklanjuti, kasus_id, urutan) WHERE status = 'direkomendasikan';
CREATE INDEX idx_kasus_awal ON kasus (tahap, pemilu, tanggal_diterima, tanggal_registrasi, wilayah, nomor, dihapus) WHERE dihapus IS NULL AND (tahap IS NULL OR tahap IN ('diterima', 'registrasi', 'tidak_diregistrasi', 'klarifikasi'));
CREATE TABLE impor_tertunda (id INTEGER PRIMARY KEY, pid INTEGER NOT NULL, proses TEXT, berkas TEXT,
                  mulai TEXT NOT NULL, kasus_dari INTEGER NOT NULL, kasus_sampai INTEGER NOT NULL,
                  terlapor_dari INTEGER NOT NULL, terlapor_sampai INTEGER NOT NULL,
                  tahapan_dari INTEGER NOT NULL, tahapan_sampai INTEGER NOT NULL);
