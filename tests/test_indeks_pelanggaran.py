"""m042: the forms' table and `--by fase` read idx_kasus_pelanggaran (per form, election and date),
summing as SQLite reads instead of sorting every case; a database before m042 is upgraded with
every count and report unchanged."""

import json
import sqlite3

import pytest
from sqlite_utils import Database

from conftest import EXAMPLES
from netralitas import reports, store
from netralitas.migrations import migrations
from netralitas.seleksi import Seleksi

VARIANTS = [[], ["--by", "fase"], ["--by", "pelanggaran"], ["--by", "wilayah"], ["--by", "fase", "--sumber", "temuan"],
            ["--by", "fase", "--kab", "64.02"], ["--by", "pemilu,fase"], ["--jenis", "PNS", "--by", "fase"]]


def _reports(cli, path):
    out = [json.loads(cli("report", "--db", path, *v, "--format", "json").stdout) for v in VARIANTS]
    return out + [cli("report", "--db", path).stdout]


def test_a_database_before_m042_is_upgraded_with_its_reports(cli, tmp_path):
    path = tmp_path / "old.db"
    cli("import", "--db", path, EXAMPLES / "kasus.yaml", EXAMPLES / "kasus.csv", EXAMPLES / "kasus.xlsx")
    before = _reports(cli, path)
    old = Database(sqlite3.connect(path, isolation_level=None))
    old.execute("DROP INDEX idx_kasus_pelanggaran")
    old.execute("DELETE FROM _sqlite_migrations WHERE name = 'm042_indeks_pelanggaran'")
    counts = [old.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("kasus", "terlapor", "riwayat")]
    old.conn.close()
    assert _reports(cli, path) == before
    db = store.open_db(path)
    assert [db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("kasus", "terlapor", "riwayat")] == counts
    assert "m042_indeks_pelanggaran" in {m.name for m in migrations.applied(db)}
    assert "idx_kasus_pelanggaran" in {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}


@pytest.mark.parametrize("dim", ["fase", "pelanggaran"])
def test_the_forms_and_the_phases_read_the_index_in_its_order(db_path, cli, dim):
    cli("import", "--db", db_path, EXAMPLES / "kasus.yaml", EXAMPLES / "kasus.csv")
    db = store.open_db(db_path)
    statements = []
    db.conn.set_trace_callback(statements.append)
    reports.aggregate(db, Seleksi(), [dim])
    db.conn.set_trace_callback(None)
    (sql,) = [s for s in statements if "FROM kasus k" in s]
    plan = [r[-1] for r in db.execute("EXPLAIN QUERY PLAN " + sql).fetchall()]
    scan = [step for step in plan if step.startswith(("SCAN k", "SCAN main.kasus"))]  # (kasus: its view, tertunda)
    assert scan == ["SCAN main.kasus USING INDEX idx_kasus_pelanggaran"], plan
    if dim == "pelanggaran":  # no sort at all; the phases sort only their few groups
        assert not any("TEMP B-TREE" in step for step in plan), plan


@pytest.mark.parametrize("seleksi", [Seleksi(), Seleksi(sumber=("temuan",)), Seleksi(kab=("64.02",)),
                                     Seleksi(pemilu=("pilkada-2024",)), Seleksi(pelanggaran=("alat-peraga",))])
def test_the_phases_by_form_election_and_date_are_the_phases_per_case(db_path, cli, seleksi):
    cli("import", "--db", db_path, EXAMPLES / "kasus.yaml", EXAMPLES / "kasus.csv", EXAMPLES / "kasus.xlsx")
    db = store.open_db(db_path)
    fast = reports.aggregate(db, seleksi, ["fase"])
    slow = reports.completed(reports._aggregate_persons(db, seleksi, ["fase"]), ["fase"])
    assert fast == slow
    # and per case, in Python: netralitas_fase of each case's election and date
    where, params = seleksi.kasus_where()
    campaigns = reports._campaigns()
    per_case = {}
    for pemilu, tanggal in db.execute(f"SELECT k.pemilu, k.tanggal_kejadian FROM kasus k WHERE {where}", params):
        fase = reports._fase_in(campaigns, pemilu, tanggal)
        per_case[fase] = per_case.get(fase, 0) + 1
    assert {r["fase"]: r["kasus"] for r in fast if r["kasus"]} == per_case
