"""Hostile and careless input: bad files, paths and databases are refused cleanly, nothing is lost
or written, no personal data leaks. Each test is one attack; generated files are small."""

import json
import os
import sqlite3
import subprocess
import sys
import time

import pytest

from conftest import ADD, EXAMPLES, count
from netralitas import store


def netralitas(*args, env=None, **kwargs):
    """The CLI in a subprocess: real exit codes, real pipes, real memory."""
    return subprocess.run([sys.executable, "-m", "netralitas", *map(str, args)], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, **kwargs)


# -- the database: never created by a reader, never written by an older netralitas ------------


@pytest.mark.parametrize("command", [["report"], ["report", "--by", "fase"], ["list"], ["show", "X-1"],
                                     ["export"], ["digest", "--out", "{tmp}/d"]])
def test_reading_commands_never_create_a_database(cli, tmp_path, command):
    typo = tmp_path / "netralitsa.db"
    r = cli(*[a.format(tmp=tmp_path) for a in command], "--db", typo, code=3)
    assert f"no database at {typo}" in r.stderr
    assert not typo.exists() and list(tmp_path.iterdir()) == []  # no file, no lock, no digest folder


def test_info_on_a_missing_database_creates_nothing(cli, tmp_path):
    r = cli("info", "--db", tmp_path / "none.db", "--format", "json")
    assert json.loads(r.stdout)["ada"] is False and not (tmp_path / "none.db").exists()


def _from_the_future(db_path):
    cli_db = store.open_db(db_path)
    cli_db.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                   "VALUES ('netralitas', 'm099_tahapan_baru', '2030-01-01')")
    cli_db.conn.close()


def test_a_database_of_a_newer_netralitas_is_read_but_never_written(cli, db_path):
    cli("import", EXAMPLES / "kasus.yaml")
    _from_the_future(db_path)
    before = count(db_path)
    for args in (ADD, ["import", EXAMPLES / "kasus.csv"]):
        r = cli(*args, code=3)
        assert "newer netralitas" in r.stderr and "m099_tahapan_baru" in r.stderr and "Upgrade netralitas" in r.stderr
    assert count(db_path) == before
    assert cli("report", "--format", "json").stdout  # reading stays possible
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM digest_runs").fetchone()[0] == 0


# -- SQLite errors say what happened ------------------------------------------------------------


def test_a_corrupted_database_is_named_as_damaged(cli, tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite at all" * 100)
    r = cli("report", "--db", bad, code=3)
    assert "damaged or is not a netralitas database" in r.stderr and "Is another netralitas" not in r.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only files")
def test_a_read_only_database_is_named_as_read_only(cli, db_path):
    cli(*ADD)
    os.chmod(db_path, 0o444)
    try:
        r = cli(*ADD, "--nomor", "RO-1", code=3)
    finally:
        os.chmod(db_path, 0o644)
    assert "read-only" in r.stderr


def test_sqlite_messages_say_what_happened():
    from netralitas.errors import sqlite_message

    def err(text, code):
        e = sqlite3.OperationalError(text)
        e.sqlite_errorcode = code
        return e

    assert "is full" in sqlite_message(err("database or disk is full", 13))
    assert "read-only" in sqlite_message(err("attempt to write a readonly database", 8))
    assert "damaged" in sqlite_message(err("database disk image is malformed", 11))
    assert "locked" in sqlite_message(err("database is locked", 5))


def test_a_closed_pipe_is_a_normal_end(tmp_path):
    db = tmp_path / "n.db"
    assert netralitas("import", "--db", db, EXAMPLES / "kasus.csv").returncode == 0
    shell = f"{sys.executable} -m netralitas list --db {db} --format csv | head -1"
    for _ in range(3):  # the pipe may close before or after the first write
        out = subprocess.run(["bash", "-o", "pipefail", "-c", shell], capture_output=True, text=True)
        assert out.stdout.startswith("nomor,") and out.stdout.count("\n") == 1
        assert out.returncode == 0, out.stderr
        assert "Error" not in out.stderr and "Exception" not in out.stderr


# -- a writer waits for another writer, and says so -----------------------------------------------


def test_a_writer_waits_for_a_long_writer_and_says_so(cli, db_path):
    cli(*ADD)
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # as an import's merge does, for as long as it takes
    add = subprocess.Popen([sys.executable, "-m", "netralitas", *ADD, "--nomor", "W-1", "--db", str(db_path)],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(4)
    assert add.poll() is None  # still waiting, past the 2 s of a quiet wait
    holder.execute("COMMIT")
    out, err = add.communicate(timeout=60)
    assert add.returncode == 0, err
    assert "Waiting for another netralitas writer" in err and out.strip() == "W-1"
    assert count(db_path) == 2


def test_a_writer_gives_up_after_its_bound_with_nothing_written(db_path):
    db = store.open_db(db_path)
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    told = []
    with pytest.raises(store.RuntimeFailure, match="held the database for 3 s; nothing was written"):
        with store.write(db, wait=3, tell=told.append):
            db.execute("INSERT INTO digest_runs (waktu) VALUES ('x')")
    holder.execute("ROLLBACK")
    assert told and "Waiting for another netralitas writer" in told[0]
    assert count(db_path, "digest_runs") == 0
