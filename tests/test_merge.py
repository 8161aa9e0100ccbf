"""The merge prepares a file's rows before it takes the write lock; a writer that commits in
between makes it plan again under the lock, so nothing is merged from a stale view."""

import json
import sqlite3

import pytest

from netralitas import importer, merge, store

HEADER = "nomor,sumber,pemilu,wilayah,tanggal_kejadian,tanggal_pleno,pelanggaran,nama,status"


def _csv(path, rows):
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _import(db_path, path):
    db = store.open_db(db_path)
    try:
        return importer.process_file(db, path, write=True)
    finally:
        db.conn.close()


def test_a_writer_in_between_makes_the_import_plan_again(cli, tmp_path, db_path, monkeypatch):
    _import(db_path, _csv(tmp_path / "a.csv", ["K1,temuan,pilkada-2020,kukar,2020-10-02,,foto-bersama,Satu,"]))
    other = _csv(tmp_path / "other.csv", ["K2,laporan,pilkada-2020,kukar,2020-10-03,,lainnya,Dua,"])
    mine = _csv(tmp_path / "mine.csv", [
        "K1,temuan,pilkada-2020,kukar,2020-10-02,2020-11-02,foto-bersama,Satu,direkomendasikan",
        "K3,temuan,pilkada-2020,kukar,2020-10-04,2020-11-04,foto-bersama,Tiga,tidak_terbukti"])
    prepare, calls = merge.prepare, []

    def racing(db, asal, stamp, kantor=None):
        calls.append(asal)
        if len(calls) == 1:  # another writer commits while this import prepares
            assert _import(db_path, other).baru == 1
        prepare(db, asal, stamp, kantor)

    monkeypatch.setattr(merge, "prepare", racing)
    result = _import(db_path, mine)
    assert calls == ["import mine.csv", "import other.csv", "import mine.csv"]  # mine again, under the lock
    assert (result.baru, result.diubah) == (1, 1)
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT nomor, id FROM kasus ORDER BY id").fetchall() == [("K1", 1), ("K2", 2), ("K3", 3)]
    people = conn.execute("SELECT t.id, k.nomor, t.nama FROM terlapor t JOIN kasus k ON k.id = t.kasus_id "
                          "ORDER BY t.id").fetchall()
    assert people == [(1, "K1", "Satu"), (2, "K2", "Dua"), (3, "K3", "Tiga")]
    k3 = json.loads(cli("show", "K3", "--format", "json").stdout)
    assert k3["terlapor"][0]["status"] == "tidak_terbukti"
    stages = conn.execute("SELECT k.nomor, t.tahap, t.tanggal, t.terlapor_id FROM tahapan t JOIN kasus k "
                          "ON k.id = t.kasus_id WHERE k.nomor = 'K3' ORDER BY t.id").fetchall()
    assert stages == [("K3", "pleno", "2020-11-04", 3)]


def test_the_write_transaction_only_copies_prepared_rows(tmp_path, db_path, monkeypatch):
    """Nothing is derived under the lock: events are computed before it is taken."""
    from netralitas import new_events

    f = _csv(tmp_path / "a.csv", ["K1,temuan,pilkada-2020,kukar,2020-10-02,2020-11-02,foto-bersama,Satu,"
                                  "direkomendasikan"])
    derive, inside = new_events.derive, []

    def watched(db, *args, **kwargs):
        inside.append(_holds_lock(db_path))
        return derive(db, *args, **kwargs)

    monkeypatch.setattr(new_events, "derive", watched)
    assert _import(db_path, f).baru == 1
    assert inside == [False]


def _holds_lock(db_path) -> bool:
    """True when another connection cannot start a write now."""
    probe = sqlite3.connect(db_path, timeout=0)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        probe.close()


def _indexes(db_path) -> list:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' "
                            "AND tbl_name IN ('kasus', 'terlapor', 'tahapan') ORDER BY name").fetchall()
    finally:
        conn.close()


def test_a_first_import_builds_the_indexes_after_the_copy_and_keeps_them_all(tmp_path, db_path):
    store.open_db(db_path).conn.close()
    before = _indexes(db_path)
    f = _csv(tmp_path / "a.csv", ["K1,temuan,pilkada-2020,kukar,2020-10-02,2020-11-02,foto-bersama,Satu,"
                                  "direkomendasikan", "K2,laporan,pilkada-2020,kukar,2020-10-03,,lainnya,Dua,"])
    assert _import(db_path, f).baru == 2
    assert _indexes(db_path) == before
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()


def test_a_first_import_that_fails_in_the_copy_leaves_the_indexes(tmp_path, db_path, monkeypatch):
    store.open_db(db_path).conn.close()
    before = _indexes(db_path)
    set_aside = merge._set_aside

    def failing(db, table):
        later = set_aside(db, table)
        if table == "terlapor":
            raise sqlite3.OperationalError("disk I/O error")  # after kasus was copied, its indexes dropped
        return later

    monkeypatch.setattr(merge, "_set_aside", failing)
    f = _csv(tmp_path / "a.csv", ["K1,temuan,pilkada-2020,kukar,2020-10-02,,foto-bersama,Satu,"])
    with pytest.raises(sqlite3.OperationalError):
        _import(db_path, f)
    assert _indexes(db_path) == before
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT COUNT(*) FROM kasus").fetchone() == (0,)
    conn.close()


def _temp_tables(db) -> list:
    return [r[0] for r in db.execute("SELECT name FROM sqlite_temp_master WHERE type = 'table' ORDER BY name")]


def test_an_import_leaves_no_scratch_and_keeps_other_temporary_tables(tmp_path, db_path):
    """The scratch of an import goes at once (the temp database reset) when it is all there is;
    a temporary table of the caller's stays, and the scratch is dropped table by table then."""
    from netralitas import staging

    assert {name.split(".")[1] for name in merge.NEW} <= staging.SCRATCH
    first = _csv(tmp_path / "a.csv", ["K1,temuan,pilkada-2020,kukar,2020-10-02,,foto-bersama,Satu,",
                                      "K2,laporan,pilkada-2020,kukar,2020-10-03,,lainnya,Dua,"])
    changed = _csv(tmp_path / "b.csv", ["K1,temuan,pilkada-2020,kukar,2020-10-02,2020-11-02,foto-bersama,Satu,"
                                        "direkomendasikan", "K3,temuan,pilkada-2020,kukar,2020-10-04,,foto-bersama,Tiga,"])
    db = store.open_db(db_path)
    try:
        assert importer.process_file(db, first, write=True).baru == 2
        assert _temp_tables(db) == []
        db.execute("CREATE TEMP TABLE mine (x)")
        db.execute("INSERT INTO temp.mine VALUES (1)")
        result = importer.process_file(db, changed, write=True)
        assert (result.baru, result.diubah) == (1, 1)
        assert _temp_tables(db) == ["mine"]
        assert db.execute("SELECT x FROM temp.mine").fetchall() == [(1,)]
        db.execute("DROP TABLE temp.mine")
        assert importer.process_file(db, _csv(tmp_path / "c.csv", ["K4,temuan,pilkada-2020,kukar,2020-10-05,,"
                                                                   "foto-bersama,Empat,"]), write=True).baru == 1
        assert _temp_tables(db) == []
        assert db.execute("SELECT nomor FROM kasus ORDER BY id").fetchall() == [("K1",), ("K2",), ("K3",), ("K4",)]
    finally:
        db.conn.close()
