"""The digest reads on two connections (its twin computes some sections in a second thread): both
read one snapshot, and a writer holding the lock leaves the digest on one connection, same content."""

import datetime as dt
import sqlite3

from conftest import ADD, EXAMPLES
from netralitas import digest, render, store
from netralitas.seleksi import Seleksi

TODAY = dt.date(2025, 6, 1)


def _register(cli, db_path):
    cli("import", "--db", db_path, EXAMPLES / "kasus.yaml", EXAMPLES / "kasus.csv", EXAMPLES / "kasus.xlsx")
    return store.open_db(db_path)


def test_the_twin_reads_the_same_snapshot_as_the_digest(cli, db_path):
    db = _register(cli, db_path)
    before = db.execute("SELECT COUNT(*) FROM kasus").fetchone()[0]
    twin = digest._twin(db)
    assert twin is not None and db.conn.in_transaction and twin.conn.in_transaction
    try:
        cli(*ADD, "--db", db_path, "--nama", "Baru")  # a write commits while both read
        for conn in (db, twin):
            assert conn.execute("SELECT COUNT(*) FROM kasus").fetchone()[0] == before
            assert digest._watermark(conn) == digest._watermark(db)
    finally:
        db.execute("COMMIT")
        twin.execute("COMMIT")
        twin.conn.close()
    assert db.execute("SELECT COUNT(*) FROM kasus").fetchone()[0] == before + 1


def _alone(db, seleksi, hari):
    """The digest's content while a writer (an import at work) holds the lock: db reads alone."""
    writer = sqlite3.connect(db.netralitas_path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        assert digest._twin(db) is None and db.conn.in_transaction
        db.execute("COMMIT")
        return digest.build(db, seleksi, hari, today=TODAY)
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_a_writer_holding_the_lock_leaves_the_digest_one_connection_same_content(cli, db_path):
    db = _register(cli, db_path)
    for seleksi in (Seleksi(), Seleksi(jenis=("PNS",)), Seleksi(pemilu=("pilkada-2024",)), Seleksi(status=("disanksi",))):
        for hari in (0, 14):
            both = digest.build(db, seleksi, hari, today=TODAY)
            assert render.to_json(_alone(db, seleksi, hari)) == render.to_json(both)
    both = digest.build(db, Seleksi(), 14, today=TODAY)
    assert both["tenggat"]["rows"] and both["per_sanksi"] and both["rute_lain"]  # the twin's sections
