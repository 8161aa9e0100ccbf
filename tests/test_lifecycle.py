"""The life of a case: stages recorded with `tahap`, corrections, deletion, deadlines, upgrades."""

import datetime as dt
import json
import sqlite3

from sqlite_utils import Database

from conftest import ADD, EXAMPLES, before_m040, count
from netralitas import events, store
from netralitas.migrations import migrations

NOMOR = "001/LP/PW/Kab/23.03/X/2024"
NIP = "198403152009011002"
CASE = ["add", "--nomor", NOMOR, "--sumber", "laporan", "--pemilu", "pilkada-2024", "--kab", "kukar",
        "--tanggal", "2024-10-30", "--diterima", "2024-11-04", "--pelanggaran", "medsos-interaksi",
        "--nama", "Budi Santoso", "--nip", NIP, "--jenis", "PNS"]


def follow(cli):
    cli(*CASE)
    cli("tahap", NOMOR.lower(), "registrasi", "--tanggal", "05/11/2024")  # nomor lookup ignores case
    cli("tahap", NOMOR, "klarifikasi", "--tanggal", "2024-11-06")
    cli("tahap", NOMOR, "pleno", "--tanggal", "2024-11-08", "--terlapor", NIP, "--hasil", "terbukti")
    cli("tahap", NOMOR, "diteruskan", "--tanggal", "2024-11-09", "--ke", "bkn", "--nomor-surat", "123/PM.01")
    cli("tahap", NOMOR, "rekomendasi", "--tanggal", "2024-11-09", "--tingkat", "sedang")


def test_a_laporan_from_receipt_to_sanction(cli):
    follow(cli)
    total = json.loads(cli("report", "--format", "json").stdout)["total"]
    assert (total["terbukti"], total["disanksi"]) == (1, 0)
    cli("tahap", NOMOR, "sanksi", "--tanggal", "2024-12-20", "--terlapor", "Budi  santoso",
        "--jenis-sanksi", "pemotongan tunjangan kinerja 25% selama 6 bulan", "--nomor-sk", "800/1/BKPSDM")
    view = json.loads(cli("show", NOMOR, "--format", "json").stdout)
    assert [(t["tanggal"], t["tahap"]) for t in view["tahapan"]] == [
        ("2024-11-04", "diterima"), ("2024-11-05", "registrasi"), ("2024-11-06", "klarifikasi"),
        ("2024-11-08", "pleno"), ("2024-11-09", "diteruskan"), ("2024-11-09", "rekomendasi"), ("2024-12-20", "sanksi")]
    assert view["tahapan"][-1]["isi"] == {"tingkat": "sedang", "jenis": "pemotongan tunjangan kinerja 25% selama 6 bulan",
                                          "nomor_sk": "800/1/BKPSDM"}
    assert view["terlapor"][0]["status"] == "disanksi" and view["tahap"] == "sanksi"
    assert view["tahap_tidak_diketahui"] == [] and view["tenggat"] == []
    total = json.loads(cli("report", "--format", "json").stdout)["total"]
    assert (total["terbukti"], total["disanksi"], total["sedang"]) == (1, 1, 1)


def test_stages_out_of_order_are_refused_and_nothing_is_written(cli, db_path):
    follow(cli)
    before = count(db_path, "tahapan")
    r = cli("tahap", NOMOR, "klarifikasi", "--tanggal", "2024-10-01", code=1)
    assert "tahap-order" in r.stderr and "before the incident" in r.stderr
    r = cli("tahap", NOMOR, "sanksi", "--tanggal", "2024-11-07", "--tingkat", "sedang", code=1)
    assert "before the recommendation" in r.stderr or "before rekomendasi" in r.stderr
    r = cli("tahap", NOMOR, "registrasi", "--tanggal", "2024-11-20", code=1)  # after later stages
    assert "a later stage" in r.stderr
    r = cli("tahap", NOMOR, "klarifikasi", "--tanggal", "2099-01-01", code=1)
    assert "in the future" in r.stderr
    r = cli("tahap", NOMOR, "pleno", "--tanggal", "2024-11-08", "--hasil", "tidak_terbukti", code=1)
    assert "status-backwards" in r.stderr
    assert count(db_path, "tahapan") == before
    cli("tahap", "nope", "registrasi", "--tanggal", "2024-11-05", code=1)
    cli("tahap", NOMOR, "pleno", "--tanggal", "2024-11-08", code=2)  # no --hasil, no terminal


def test_a_person_not_proven_cannot_be_sanctioned(cli):
    cli(*CASE)
    cli("tahap", NOMOR, "pleno", "--tanggal", "2024-11-08", "--hasil", "tidak_terbukti")
    r = cli("tahap", NOMOR, "sanksi", "--tanggal", "2024-11-20", "--tingkat", "ringan", code=1)
    assert "from tidak_terbukti to disanksi" in r.stderr
    # the explicit correction: withdraw the pleno, then record what is true
    cli("ubah", NOMOR, "--batalkan-tahap", "pleno", "--alasan", "salah input")
    cli("tahap", NOMOR, "pleno", "--tanggal", "2024-11-08", "--hasil", "terbukti")
    cli("tahap", NOMOR, "sanksi", "--tanggal", "2024-11-20", "--tingkat", "ringan")
    view = json.loads(cli("show", NOMOR, "--format", "json").stdout)
    assert [t["batal_alasan"] for t in view["tahapan"] if t["batal"]] == ["salah input"]
    assert any(r["kolom"] == "tahap dibatalkan" for r in view["riwayat"])


def test_deadlines_at_a_fixed_day(cli):
    cli(*CASE)  # pilkada: decision 3 days after receipt (+2 with more information)
    rows = json.loads(cli("tenggat", "--per", "2024-11-08", "--format", "json").stdout)["rows"]
    assert [(r["nomor"], r["tenggat"], r["batas"], r["batas_perpanjangan"], r["hari_lewat"]) for r in rows] == [
        (NOMOR, "putusan", "2024-11-07", "2024-11-09", 1)]
    assert json.loads(cli("tenggat", "--per", "2024-11-06", "--format", "json").stdout)["rows"] == []
    assert len(json.loads(cli("tenggat", "--per", "2024-11-06", "--dalam", "1", "--format", "json").stdout)["rows"]) == 1
    # pemilu: registration within 2 days of receipt, then the decision 7 days after registration
    cli("add", "--nomor", "L2", "--sumber", "laporan", "--pemilu", "pemilu-2024", "--kab", "kukar", "--tanggal",
        "2024-01-30", "--diterima", "2024-02-02", "--pelanggaran", "foto-bersama", "--jenis", "kepala_desa")
    rows = json.loads(cli("tenggat", "--per", "2024-02-05", "--pemilu", "pemilu-2024", "--format", "json").stdout)["rows"]
    assert [(r["tenggat"], r["batas"], r["hari_lewat"]) for r in rows] == [("kajian_awal", "2024-02-04", 1)]
    cli("tahap", "L2", "registrasi", "--tanggal", "2024-02-05")
    rows = json.loads(cli("tenggat", "--per", "2024-02-20", "--pemilu", "pemilu-2024", "--format", "json").stdout)["rows"]
    # 7 days; 14 working days when more information is needed: weekends, 8-9 and 14 Feb 2024 skipped
    assert [(r["tenggat"], r["batas"], r["batas_perpanjangan"]) for r in rows] == [
        ("putusan", "2024-02-12", "2024-02-28")]
    # the PPK: only ASN wait on one; a kepala desa has no PPK
    cli("tahap", "L2", "pleno", "--tanggal", "2024-02-19", "--hasil", "terbukti")
    cli("tahap", "L2", "rekomendasi", "--tanggal", "2024-02-20")
    assert json.loads(cli("tenggat", "--per", "2024-06-01", "--pemilu", "pemilu-2024", "--format", "json").stdout)["rows"] == []
    follow(cli)
    rows = json.loads(cli("tenggat", "--per", "2024-12-01", "--ppk-hari", "10", "--format", "json").stdout)["rows"]
    assert [(r["tenggat"], r["terlapor"], r["batas"]) for r in rows] == [("keputusan_ppk", 1, "2024-11-19")]


def test_renumber_delete_and_restore(cli, db_path):
    cli(*ADD, "--jenis", "PNS", "--nama", "Ani")
    generated = json.loads(cli("list", "--format", "json").stdout)[0]["nomor"]
    assert generated.startswith("NTR-")
    cli("ubah", generated, "--nomor-baru", "005/Reg/LP/PW/Kab/23.03/X/2024")
    cli("tahap", generated, "registrasi", "--tanggal", "2024-10-05")  # the old number still finds it
    view = json.loads(cli("show", generated.lower(), "--format", "json").stdout)
    assert view["nomor"] == "005/Reg/LP/PW/Kab/23.03/X/2024" and view["nomor_lama"] == [generated]
    # the exported file, imported again, is the same case, not a duplicate
    out = db_path.parent / "e.yaml"
    cli("export", "-o", out, "--include-pii")
    cli("import", out)
    assert count(db_path) == 1
    cli("hapus", "005/Reg/LP/PW/Kab/23.03/X/2024", code=2)  # no --alasan
    cli("hapus", "005/Reg/LP/PW/Kab/23.03/X/2024", "--alasan", "duplikat")
    assert json.loads(cli("report", "--format", "json").stdout)["total"]["kasus"] == 0
    assert json.loads(cli("list", "--format", "json").stdout) == []
    r = cli("import", out, code=1)  # a deleted case does not come back through a file
    assert "deleted" in r.stdout
    cli("show", "005/Reg/LP/PW/Kab/23.03/X/2024")  # the record stays
    for change in (["tahap", generated, "klarifikasi", "--tanggal", "2024-10-06"], ["ubah", generated, "--uraian", "x"]):
        r = cli(*change, code=1)  # changed only once restored, and said so (not "no case has the nomor")
        assert "was deleted" in r.stderr and "hapus --batal" in r.stderr
    cli("hapus", "--batal", "005/Reg/LP/PW/Kab/23.03/X/2024")
    assert json.loads(cli("report", "--format", "json").stdout)["total"]["kasus"] == 1


def test_ubah_corrects_fields_and_adds_a_terlapor(cli):
    cli(*CASE)
    cli("ubah", NOMOR, "--kab", "bontang", "--uraian", "Menyukai unggahan")
    cli("ubah", NOMOR, "--nama", "Budi Santosa")  # the only terlapor: no --terlapor needed
    cli("ubah", NOMOR, "--tambah-terlapor", "--nama", "Citra", "--jenis", "PPPK")
    cli("ubah", NOMOR, "--terlapor", "2", "--jabatan", "Staf")
    cli("ubah", NOMOR, "--kab", "bandung", code=2)
    r = cli("ubah", NOMOR, "--tanggal", "2024-11-10", code=1)  # after the receipt of 4 Nov
    assert "received" in r.stderr or "tahap-order" in r.stderr
    view = json.loads(cli("show", NOMOR, "--format", "json").stdout)
    assert view["wilayah"] == "64.74" and [p["nama"] for p in view["terlapor"]] == ["Budi Santosa", "Citra"]
    assert view["terlapor"][1]["jabatan"] == "Staf"
    changes = {(r["kolom"], r["lama"], r["baru"]) for r in view["riwayat"]}
    assert {("wilayah", "64.02", "64.74"), ("nama", "Budi Santoso", "Budi Santosa"), ("terlapor", None, "ditambahkan")} <= changes


def test_find_cases_and_a_persons_history(cli):
    cli("import", EXAMPLES / "kasus.yaml", EXAMPLES / "kasus.csv")
    found = json.loads(cli("list", "--cari", "bansos", "--format", "json").stdout) or \
        json.loads(cli("list", "--cari", "bantuan", "--format", "json").stdout)
    assert found and all("antuan" in (c["uraian"] or "") or "ansos" in (c["uraian"] or "") for c in found)
    nip = "199207152019031004"
    assert len(json.loads(cli("list", "--cari", nip[:8], "--format", "json").stdout)) >= 1
    rows = json.loads(cli("show", "--nip", nip, "--format", "json").stdout)
    assert rows and all(r["nama"] for r in rows)
    cli("show", code=2)


def test_projection_equals_the_events(cli, db_path):
    """What reports count is exactly what the events say: re-deriving changes nothing."""
    cli("import", EXAMPLES / "kasus.yaml", EXAMPLES / "kasus.csv", EXAMPLES / "kasus.xlsx")
    db = store.open_db(db_path)
    before = db.execute("SELECT COUNT(*) FROM riwayat").fetchone()[0]
    with store.write(db):
        for (kid,) in db.execute("SELECT id FROM kasus").fetchall():
            assert events.reproject(db, kid, "test", store.now()) == []
    assert db.execute("SELECT COUNT(*) FROM riwayat").fetchone()[0] == before


def test_a_database_of_the_previous_release_is_upgraded_with_its_counts(cli, tmp_path, db_path):
    """m001-m003 (the previous release) with data: after the upgrade every count is the same."""
    old_path = tmp_path / "old.db"
    cli("import", "--db", old_path, EXAMPLES / "kasus.yaml", EXAMPLES / "kasus.csv", EXAMPLES / "kasus.xlsx")
    # make it a previous-release file: drop what m004/m005 added
    old = Database(sqlite3.connect(old_path, isolation_level=None))
    before = json.loads(cli("report", "--db", old_path, "--by", "wilayah", "--format", "json").stdout)
    sanksi_before = json.loads(cli("report", "--db", old_path, "--by", "sanksi", "--format", "json").stdout)
    before_m040(old)
    old.execute("DELETE FROM _sqlite_migrations WHERE name NOT IN ('m001_kasus_terlapor', 'm002_digest_runs', "
                "'m003_report_counts')")
    for table in ("sosialisasi", "riwayat_catatan", "pantau", "rekap", "kantor", "asal", "impor_berkas", "impor_tertunda"):
        old.execute(f"DROP TABLE IF EXISTS {table}")
    old.execute("DROP INDEX idx_kasus_nomor_kantor")  # m030: nomor unique per office
    old.execute("DROP INDEX idx_kasus_kantor")
    old.execute("CREATE UNIQUE INDEX idx_kasus_nomor ON kasus (nomor)")
    for c in ("kantor", "asal_id", "asal_diubah"):
        old.execute(f"ALTER TABLE kasus DROP COLUMN {c}")
    old.execute("DROP TABLE tahapan")
    old.execute("DROP TABLE nomor_lama")
    old.execute("DROP INDEX idx_kasus_nomor_nocase")
    old.execute("DROP INDEX idx_terlapor_nip")
    old.execute("DROP INDEX idx_kasus_laporan")
    from netralitas.migrations import CASE_COUNTS, CASE_STAGE_COLUMNS, PERSON_STAGE_COLUMNS, PIDANA_COLUMNS

    for c in (*CASE_STAGE_COLUMNS, "tahap", "dihapus", "dihapus_alasan"):
        old.execute(f"ALTER TABLE kasus DROP COLUMN {c}")
    for c in (*PERSON_STAGE_COLUMNS, *PIDANA_COLUMNS):  # m006: the criminal route
        old.execute(f"ALTER TABLE terlapor DROP COLUMN {c}")
    old.execute("CREATE INDEX idx_kasus_laporan ON kasus (wilayah, pemilu, sumber, pelanggaran, tanggal_kejadian, "
                + ", ".join(CASE_COUNTS) + ")")
    counts = [old.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("kasus", "terlapor", "riwayat")]
    old.conn.close()
    after = json.loads(cli("report", "--db", old_path, "--by", "wilayah", "--format", "json").stdout)
    assert after == before
    assert json.loads(cli("report", "--db", old_path, "--by", "sanksi", "--format", "json").stdout) == sanksi_before
    db = store.open_db(old_path)
    assert [db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("kasus", "terlapor", "riwayat")] == counts
    assert [m.name for m in migrations.applied(db)][3:6] == ["m004_tahapan", "m005_state_to_events", "m006_pidana"]
    assert db.execute("SELECT COUNT(*) FROM tahapan").fetchone()[0] > 0
    # the files of that release import into it unchanged
    r = cli("import", "--db", old_path, EXAMPLES / "kasus.yaml", EXAMPLES / "kasus.csv", EXAMPLES / "kasus.xlsx")
    assert "0 new, 0 updated, 14 unchanged" in r.stderr


def test_a_database_without_the_criminal_route_is_upgraded_with_its_counts(cli, tmp_path):
    """The release before m006 (every migration but the criminal route's columns), with data: after
    the upgrade the counts, the reports and the fingerprints are the same, and the criminal route
    can be recorded."""
    old_path = tmp_path / "old.db"
    cli("import", "--db", old_path, EXAMPLES / "kasus.yaml", EXAMPLES / "kasus.csv", EXAMPLES / "kasus.xlsx")
    before = json.loads(cli("report", "--db", old_path, "--by", "jenis", "--format", "json").stdout)
    old = Database(sqlite3.connect(old_path, isolation_level=None))
    before_m040(old)  # a release before m006 had not m040 either (an index of the criminal route)
    old.execute("DELETE FROM _sqlite_migrations WHERE name = 'm006_pidana'")
    from netralitas.migrations import PIDANA_COLUMNS

    for c in PIDANA_COLUMNS:
        old.execute(f"ALTER TABLE terlapor DROP COLUMN {c}")
    # its fingerprints were computed without the new columns
    with_old_columns = [c for c in store.PERSON_COLUMNS if c not in PIDANA_COLUMNS]
    for (kid,) in old.execute("SELECT id FROM kasus").fetchall():
        case = dict(next(old.query("SELECT * FROM kasus WHERE id = ?", [kid])))
        people = [dict(r) for r in old.query("SELECT * FROM terlapor WHERE kasus_id = ?", [kid])]
        sig = store.sidik(store.case_signature(case), [store._signature([p.get(c) for c in with_old_columns])
                                                       for p in people])
        old.execute("UPDATE kasus SET sidik = ? WHERE id = ?", [sig, kid])
    tables = ("kasus", "terlapor", "riwayat", "tahapan")
    counts = [old.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables]
    old.conn.close()
    assert json.loads(cli("report", "--db", old_path, "--by", "jenis", "--format", "json").stdout) == before
    db = store.open_db(old_path)
    assert "m006_pidana" in [m.name for m in migrations.applied(db)]
    assert [db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables] == counts
    for case in db.query("SELECT * FROM kasus"):  # fingerprints over the new columns: a nomor-less case is found again
        people = [dict(r) for r in db.query("SELECT * FROM terlapor WHERE kasus_id = ?", [case["id"]])]
        assert case["sidik"] == store.stored_sidik(case, people)
    r = cli("import", "--db", old_path, EXAMPLES / "kasus.yaml", EXAMPLES / "kasus.csv", EXAMPLES / "kasus.xlsx")
    assert "0 new, 0 updated, 14 unchanged" in r.stderr
    nomor = db.execute("SELECT k.nomor FROM kasus k JOIN terlapor t ON t.kasus_id = k.id GROUP BY k.id "
                       "HAVING COUNT(*) = 1 LIMIT 1").fetchone()[0]
    cli("tahap", "--db", old_path, nomor, "pidana", "--tanggal", dt.date.today().isoformat(), "--hasil", "penyidikan")
    assert db.execute("SELECT COUNT(*) FROM terlapor WHERE pidana = 'penyidikan'").fetchone()[0] == 1


def test_tahap_asks_for_missing_values_on_a_terminal(cli):
    cli(*CASE)
    r = cli("tahap", NOMOR, "pleno", "--prompt", input="31/02/2024\n08/11/2024\nmungkin\nterbukti\n")
    assert "no such date" in r.stderr and "terbukti, tidak_terbukti" in r.stderr
    assert json.loads(cli("show", NOMOR, "--format", "json").stdout)["tahapan"][-1]["isi"] == {"hasil": "terbukti"}
