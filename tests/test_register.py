"""store.Register: reads as sqlite-utils' Database gives them, without importing sqlite-utils;
everything else is the Database's."""

import subprocess
import sys

import pytest
from conftest import EXAMPLES
from sqlite_utils import Database

from netralitas import migrations, store

QUERIES = [
    ("SELECT nomor, sumber FROM kasus ORDER BY nomor", None),
    ("  select k.id, t.id, t.kasus_id AS id_2, k.id FROM kasus k JOIN terlapor t ON t.kasus_id = k.id ORDER BY t.id", None),
    ("WITH x AS (SELECT wilayah, COUNT(*) AS n FROM kasus GROUP BY wilayah) SELECT * FROM x ORDER BY wilayah", []),
    ("WITH\nx AS (SELECT 1 AS a) SELECT a, a FROM x", None),
    ("SELECT * FROM kasus WHERE sumber = ?", ["temuan"]),
    ("SELECT * FROM kasus WHERE sumber = :s", {"s": "laporan"}),
    ("-- a comment first\nSELECT COUNT(*) FROM terlapor", None),
    ("PRAGMA main.table_info(kasus)", None),
]


@pytest.fixture
def register(cli, db_path):
    cli("import", "--db", db_path, EXAMPLES / "kasus.yaml", EXAMPLES / "kasus.csv")
    db = store.open_db(db_path, create=False)
    yield db
    db.conn.close()


@pytest.mark.parametrize("sql,params", QUERIES)
def test_query_gives_the_databases_rows(register, db_path, sql, params):
    theirs = Database(db_path, execute_plugins=False)
    expected = list(theirs.query(sql, params))
    assert expected
    assert list(register.query(sql, params)) == expected
    assert [list(r) for r in register.query(sql, params)] == [list(r) for r in expected]  # the same keys, in order
    assert register.execute(sql, params).fetchall() == theirs.execute(sql, params).fetchall()
    theirs.close()


def test_query_of_a_statement_without_rows_is_refused_as_by_the_database(register):
    with pytest.raises(ValueError, match="only be used with SQL that returns rows"):
        register.query("UPDATE main.kasus SET uraian = 'x' WHERE 0")
    assert not register.conn.in_transaction


def test_the_rest_is_the_databases(register):
    assert register._database is None  # reading made none
    list(register.query("SELECT * FROM kasus"))
    assert register._database is None
    assert "kasus" in register.table_names() and register["kasus"].count > 0
    assert isinstance(register.database, Database) and register.database.conn is register.conn
    assert register.execute("PRAGMA recursive_triggers").fetchone()[0] == 1  # as the Database sets it
    with store.write(register):  # (kasus itself is read through a view here, see tertunda: written as main.kasus)
        register["kantor"].insert({"id": 1, "wilayah": "64.02", "nama": "Bawaslu Kukar"})
    assert register.execute("SELECT nama FROM kantor WHERE id = 1").fetchone()[0] == "Bawaslu Kukar"


def test_migrations_are_known_without_sqlite_utils(register):
    assert store._applied(register.conn) == migrations.names() == [m.name for m in migrations.migrations._migrations]
    assert register.netralitas_newer == ()


def test_a_report_loads_no_sqlite_utils(cli, db_path):
    cli("import", "--db", db_path, EXAMPLES / "kasus.yaml")
    code = ("import sys; sys.argv = ['netralitas', 'report', '--db', sys.argv[1]]; import netralitas.entry as e\n"
            "try:\n    e.main()\nexcept SystemExit as x:\n    assert not x.code, x.code\n"
            "print(sorted(m for m in sys.modules if m.startswith(('sqlite_utils', 'pydantic'))), file=sys.stderr)")
    run = subprocess.run([sys.executable, "-c", code, str(db_path)], capture_output=True, text=True, check=True)
    assert run.stderr.strip().splitlines()[-1] == "[]"
