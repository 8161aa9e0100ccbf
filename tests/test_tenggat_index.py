"""m043: the proven ASN awaiting the PPK and the undecided cases have partial indexes that `tenggat`,
`report --tertunda` and the digest read; a database before m043 is upgraded with every answer
unchanged, and the answers do not depend on the indexes."""

import datetime as dt
import json
import sqlite3

from sqlite_utils import Database

from conftest import EXAMPLES, before_m043
from netralitas import reports, store, tenggat
from netralitas.index_conditions import AWAL_SQL, AWAL_TAHAP
from netralitas.migrations import migrations
from netralitas.seleksi import Seleksi

DAYS = ["2024-12-01", "2025-06-01", "2030-01-01"]
SELECTIONS = [[], ["--pemilu", "pilkada-2024"], ["--status", "direkomendasikan"], ["--jenis", "PNS"],
              ["--sumber", "laporan"]]


def _answers(cli, path) -> list:
    out = []
    for per in DAYS:
        for sel in SELECTIONS:
            for extra in ([], ["--dalam", "30"], ["--ppk-hari", "0"]):
                out.append(json.loads(cli("tenggat", "--db", path, "--per", per, *sel, *extra, "--format", "json").stdout))
    for sel in SELECTIONS:
        for days in ("0", "14", "30"):
            out.append(json.loads(cli("report", "--db", path, *sel, "--tertunda", days, "--format", "json").stdout))
    return out


def _imported(cli, path):
    """The examples, and three undecided cases: received (pilkada, pemilu) and registered (pemilu)."""
    cli("import", "--db", path, EXAMPLES / "kasus.yaml", EXAMPLES / "kasus.csv", EXAMPLES / "kasus.xlsx")
    add = ["add", "--db", path, "--sumber", "laporan", "--kab", "kukar", "--pelanggaran", "medsos-interaksi"]
    cli(*add, "--pemilu", "pilkada-2024", "--tanggal", "2024-10-04", "--diterima", "2024-10-05")
    cli(*add, "--pemilu", "pemilu-2024", "--tanggal", "2024-01-04", "--diterima", "2024-01-08")
    cli(*add, "--pemilu", "pemilu-2024", "--tanggal", "2024-01-05", "--diterima", "2024-01-08")
    with sqlite3.connect(path) as conn:
        nomor = conn.execute("SELECT nomor FROM kasus ORDER BY id DESC LIMIT 1").fetchone()[0]
    cli("tahap", "--db", path, nomor, "registrasi", "--tanggal", "2024-01-09")
    db = store.open_db(path)
    kinds = {r["tenggat"] for r in tenggat.rows(db, Seleksi(), per=dt.date(2030, 1, 1))}
    assert kinds == {"kajian_awal", "putusan", "keputusan_ppk"}, kinds
    assert {r["dari"] for r in tenggat.rows(db, Seleksi(), per=dt.date(2030, 1, 1)) if r["tenggat"] == "putusan"} == {
        "2024-10-05", "2024-01-09"}  # pilkada from receipt, pemilu from registration


def test_a_database_before_m043_is_upgraded_with_its_answers(cli, tmp_path):
    path = tmp_path / "old.db"
    _imported(cli, path)
    before = _answers(cli, path)
    old = Database(sqlite3.connect(path, isolation_level=None))
    before_m043(old)
    counts = [old.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("kasus", "terlapor", "riwayat", "tahapan")]
    assert not {"idx_terlapor_menunggu", "idx_kasus_awal"} & {r[0] for r in old.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index'")}
    old.conn.close()
    assert _answers(cli, path) == before
    db = store.open_db(path)
    assert [db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("kasus", "terlapor", "riwayat", "tahapan")] == counts
    assert "m043_indeks_tenggat" in {m.name for m in migrations.applied(db)}
    assert {"idx_terlapor_menunggu", "idx_kasus_awal"} <= {r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index'")}


def test_the_answers_are_the_same_without_the_indexes(cli, tmp_path):
    """The same rows whether SQLite reads the partial indexes or, without them, the table."""
    path = tmp_path / "r.db"
    _imported(cli, path)
    db = store.open_db(path)

    def answers():
        out = []
        for per in (dt.date(2024, 12, 1), dt.date(2030, 1, 1)):
            for seleksi in (Seleksi(), Seleksi(pemilu=("pemilu-2024",)), Seleksi(sumber=("temuan",))):
                out.append(tenggat.rows(db, seleksi, per=per, dalam=60))
                out.append(tenggat.overdue(db, seleksi, per=per, limit=3))
                out.append(reports.tertunda_per_wilayah(db, seleksi, 14, today=per))
                out.append(reports.tertunda(db, seleksi, 14, today=per))
        return out

    indexed = answers()
    db.execute("DROP INDEX idx_terlapor_menunggu")
    db.execute("DROP INDEX idx_kasus_awal")
    assert answers() == indexed


def test_the_waiting_queries_read_the_partial_indexes(db_path, cli):
    _imported(cli, db_path)
    db = store.open_db(db_path)
    plans = []
    db.conn.set_trace_callback(plans.append)
    tenggat.overdue(db, Seleksi(), per=dt.date(2025, 6, 1), limit=5)
    reports.tertunda_per_wilayah(db, Seleksi(), 14, today=dt.date(2025, 6, 1))
    db.conn.set_trace_callback(None)
    used = " ".join(str(r[-1]) for sql in plans if sql.lstrip().startswith("SELECT")
                    for r in db.execute("EXPLAIN QUERY PLAN " + sql).fetchall())
    assert "COVERING INDEX idx_terlapor_menunggu" in used, used
    assert "COVERING INDEX idx_kasus_awal" in used, used


def test_stages_outside_the_index_are_read_from_the_table():
    """A catalog whose stages before a decision are not the index's: the query does without it."""
    assert tenggat._undecided(["diterima"]).startswith("dihapus IS NULL")
    assert tenggat._undecided(["diterima", "pleno"]) == ""
    # the index holds the stages before the plenary decision (and the end, tidak_diregistrasi, after
    # which no decision is due), each named in its condition
    assert set(tenggat._before(("pleno",))) == set(AWAL_TAHAP) - {"tidak_diregistrasi"}
    assert all(f"'{stage}'" in AWAL_SQL for stage in AWAL_TAHAP)
