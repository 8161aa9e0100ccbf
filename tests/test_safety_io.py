"""Safety and I/O: outputs never replace a database, foreign databases are never opened as registers,
undecodable or control-character text is refused, interruptions and closed pipes end cleanly."""

import json
import sqlite3

import pytest

from conftest import EXAMPLES, count


def register(cli, path):
    cli("import", EXAMPLES / "kasus.csv", "--db", path)
    return count(path)


# 1. an output never replaces another database -------------------------------------------------------

@pytest.mark.parametrize("args", [
    ["export", "--timpa", "--output"],
    ["report", "--format", "xlsx", "--timpa", "--output"],
    ["list", "--format", "xlsx", "--timpa", "--output"],
    ["terbitkan", "--timpa"],
    ["sosialisasi", "export", "--output"],
])
def test_an_output_never_replaces_another_register(cli, tmp_path, db_path, args):
    register(cli, db_path)
    other = tmp_path / "lain.db"
    n = register(cli, other)
    before = other.read_bytes()
    r = cli(*args, other, "--db", db_path, code=2)
    assert "SQLite" in r.stderr
    assert other.read_bytes() == before and count(other) == n


def test_a_chart_never_replaces_a_database(cli, tmp_path, db_path):
    register(cli, db_path)
    other = tmp_path / "lain.png"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    cli("report", "--grafik", other, "--timpa", "--db", db_path, code=2)
    assert sqlite3.connect(other).execute("SELECT name FROM sqlite_master").fetchall() == [("t",)]


def test_a_digest_never_replaces_a_database(cli, tmp_path, db_path):
    register(cli, db_path)
    out = tmp_path / "dg"
    cli("digest", "--out", out, "--db", db_path)
    victim = next(out.glob("*.json"))
    victim.unlink()
    sqlite3.connect(victim).execute("CREATE TABLE t (x)").connection.close()
    cli("digest", "--out", out, "--db", db_path, code=2)
    assert sqlite3.connect(victim).execute("SELECT name FROM sqlite_master").fetchall() == [("t",)]


def test_terbitkan_replaces_its_own_publication_only(cli, tmp_path, db_path):
    register(cli, db_path)
    pub = tmp_path / "pub.db"
    cli("terbitkan", pub, "--db", db_path)
    cli("terbitkan", pub, "--timpa", "--db", db_path)
    other = tmp_path / "lain.db"
    sqlite3.connect(other).execute("CREATE TABLE tentang (kunci, nilai)").connection.close()
    cli("terbitkan", other, "--timpa", "--db", db_path, code=2)


# 2. a database that is not a register is refused, never migrated -----------------------------------

@pytest.mark.parametrize("command", [["list"], ["report"], ["import", EXAMPLES / "kasus.csv"]])
def test_another_programs_database_is_refused_and_untouched(cli, tmp_path, command):
    other = tmp_path / "lain.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE pelanggan (nama TEXT)")
    conn.execute("INSERT INTO pelanggan VALUES ('Budi')")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    r = cli(*command, "--db", other, code=3)
    assert "not a netralitas register" in r.stderr
    assert other.read_bytes() == before
    assert {n for (n,) in sqlite3.connect(other).execute("SELECT name FROM sqlite_master")} == {"pelanggan"}


def test_a_published_aggregate_is_not_opened_as_a_register(cli, tmp_path, db_path):
    register(cli, db_path)
    pub = tmp_path / "pub.db"
    cli("terbitkan", pub, "--db", db_path)
    r = cli("list", "--db", pub, code=3)
    assert "not a netralitas register" in r.stderr
    cli("import", EXAMPLES / "kasus.csv", "--db", pub, code=3)
    assert "kasus" not in {n for (n,) in sqlite3.connect(pub).execute("SELECT name FROM sqlite_master")}


def test_an_empty_file_still_becomes_a_register(cli, tmp_path):
    new = tmp_path / "baru.db"
    new.touch()
    cli("import", EXAMPLES / "kasus.csv", "--db", new)
    assert count(new) > 0
