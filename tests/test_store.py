"""The store: migrations (fresh and upgrade), pragmas, writes with history."""

import sqlite3

from sqlite_utils import Database

from netralitas import store
from netralitas.migrations import migrations
from netralitas.models import Kasus

EXPECTED_TABLES = {"_sqlite_migrations", "kasus", "terlapor", "riwayat", "digest_runs", "tahapan", "nomor_lama",
                   "sosialisasi", "riwayat_catatan", "pantau", "rekap", "kantor", "asal", "impor_berkas", "impor_tertunda"}
MIGRATIONS = ["m001_kasus_terlapor", "m002_digest_runs", "m003_report_counts", "m004_tahapan", "m005_state_to_events",
              "m006_pidana",
              "m020_sosialisasi", "m021_pantau", "m022_rekap", "m023_impor_berkas", "m030_kantor_asal",
              "m031_asal_lewat", "m032_nomor_lama_kantor", "m040_indeks_rute_lain", "m041_sanksi_per_kasus",
              "m042_indeks_pelanggaran", "m043_indeks_tenggat", "m044_impor_tertunda"]


def kasus(**over):
    fields = dict(sumber="temuan", pemilu="pilkada-2020", wilayah="kukar", tanggal_kejadian="2020-10-02",
                  pelanggaran="foto-bersama", nomor="001/TM/2020",
                  terlapor=[dict(nama="A", jenis="PNS"), dict(nama="B", jenis="PPPK")])
    fields.update(over)
    k = Kasus(**fields)
    return store.kasus_record(k), [store.terlapor_record(t) for t in k.terlapor]


def test_fresh_schema(db_path):
    db = store.open_db(db_path)
    assert set(db.table_names()) == EXPECTED_TABLES
    assert [m.name for m in migrations.applied(db)] == MIGRATIONS
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db["kasus"].columns_dict["wilayah"] is str
    assert db.execute("PRAGMA main.foreign_key_list(terlapor)").fetchone()[2] == "kasus"  # (terlapor: its view here)
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == store.BUSY_TIMEOUT_MS


def test_upgrade_of_an_older_database_keeps_its_data(db_path):
    # A database made by a netralitas that knew only m001, holding one case (its writer's SQL).
    old = Database(sqlite3.connect(db_path, isolation_level=None))
    migrations.apply(old, stop_before="m002_digest_runs")
    from netralitas.migrations import KASUS_COLUMNS, TERLAPOR_COLUMNS

    rec, people = kasus()
    rec = {k: v for k, v in rec.items() if k in KASUS_COLUMNS}
    people = [{k: v for k, v in p.items() if k in TERLAPOR_COLUMNS} for p in people]
    kid = old["kasus"].insert({**rec, "nomor_otomatis": 0, "provinsi": "64", "sidik": "x", "created_at": "2024-01-01",
                               "updated_at": "2024-01-01"}).last_pk
    old["terlapor"].insert_all({**p, "kasus_id": kid, "urutan": i} for i, p in enumerate(people, 1))
    old.conn.close()
    db = store.open_db(db_path)
    assert [m.name for m in migrations.applied(db)] == MIGRATIONS
    assert db.execute("SELECT nomor, wilayah FROM kasus").fetchall() == [("001/TM/2020", "64.02")]
    assert db.execute("SELECT n_terlapor FROM kasus").fetchone()[0] == 2  # m003 counted the old data
    assert db.execute("SELECT COUNT(*) FROM terlapor").fetchone()[0] == 2
    assert "digest_runs" in db.table_names()


def test_reopen_is_idempotent(db_path):
    store.open_db(db_path)
    db = store.open_db(db_path)
    assert db.execute("SELECT COUNT(*) FROM _sqlite_migrations").fetchone()[0] == len(MIGRATIONS)


def test_insert_new_same_and_refuse_other_content(db_path):
    import pytest

    from netralitas.errors import InvalidInput

    db = store.open_db(db_path)
    rec, people = kasus()
    with store.write(db):
        assert store.insert_case(db, rec, people, "t") == ("001/TM/2020", "baru")
    with store.write(db):
        assert store.insert_case(db, rec, list(reversed(people)), "t") == ("001/TM/2020", "sama")  # order is no change
    rec2, people2 = kasus(uraian="baru")
    with pytest.raises(InvalidInput), store.write(db):
        store.insert_case(db, rec2, people2, "t")
    assert db.execute("SELECT COUNT(*) FROM riwayat").fetchone()[0] == 0


def test_case_without_nomor_is_found_by_its_content(db_path):
    db = store.open_db(db_path)
    rec, people = kasus(nomor=None)
    with store.write(db):
        nomor, outcome = store.insert_case(db, rec, people, "t")
    assert nomor.startswith("NTR-") and outcome == "baru"
    with store.write(db):
        assert store.insert_case(db, rec, people, "t") == (nomor, "sama")


def test_failed_write_rolls_back(db_path):
    db = store.open_db(db_path)
    rec, people = kasus()
    try:
        with store.write(db):
            store.insert_case(db, rec, people, "t")
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert db.execute("SELECT COUNT(*) FROM kasus").fetchone()[0] == 0


def _schema(db) -> str:
    return "\n".join(r[0] for r in db.execute(
        "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type DESC, name"))


def test_exact_schema_fresh_and_upgraded(tmp_path):
    """The schema is the snapshot in tests/schema.sql, whether made fresh or upgraded from m001.

    A migration that changes it must update the snapshot on purpose.
    """
    from pathlib import Path

    expected = Database(memory=True)
    expected.executescript((Path(__file__).parent / "schema.sql").read_text(encoding="utf-8"))
    fresh = store.open_db(tmp_path / "fresh.db")
    assert _schema(fresh) == _schema(expected)
    old = Database(sqlite3.connect(tmp_path / "old.db", isolation_level=None))
    migrations.apply(old, stop_before="m002_digest_runs")
    old.conn.close()
    assert _schema(store.open_db(tmp_path / "old.db")) == _schema(expected)
