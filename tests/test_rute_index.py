"""m040/m041: the terlapor off the PPK route and on the criminal route have partial indexes that the
route reports read; a database before m040 is upgraded with every count and report unchanged."""

import json
import sqlite3

from sqlite_utils import Database

from conftest import EXAMPLES, before_m040
from netralitas import laporan_rute, store
from netralitas.migrations import SANKSI_COUNTS, migrations, refresh_counts_sql
from netralitas.seleksi import Seleksi

VARIANTS = [[], ["--by", "sanksi"], ["--by", "wilayah"], ["--by", "jenis"], ["--jenis", "perangkat_desa"], ["--status", "disanksi"],
            ["--by", "sanksi", "--jenis", "PNS"], ["--sumber", "temuan"]]


def _reports(cli, path):
    return [json.loads(cli("report", "--db", path, *v, "--format", "json").stdout) for v in VARIANTS]


def test_a_database_before_m040_is_upgraded_with_its_reports(cli, tmp_path):
    path = tmp_path / "old.db"
    cli("import", "--db", path, EXAMPLES / "kasus.yaml", EXAMPLES / "kasus.csv", EXAMPLES / "kasus.xlsx")
    before = _reports(cli, path)
    old = Database(sqlite3.connect(path, isolation_level=None))
    before_m040(old)
    counts = [old.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("kasus", "terlapor", "riwayat")]
    old.conn.close()
    assert _reports(cli, path) == before
    db = store.open_db(path)
    assert [db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("kasus", "terlapor", "riwayat")] == counts
    assert {"m040_indeks_rute_lain", "m041_sanksi_per_kasus", "m042_indeks_pelanggaran"} <= {
        m.name for m in migrations.applied(db)}
    fresh = db.execute("SELECT " + ", ".join(f"SUM({c})" for c in SANKSI_COUNTS) + " FROM kasus").fetchone()
    db.execute(refresh_counts_sql("1=1"))
    assert db.execute("SELECT " + ", ".join(f"SUM({c})" for c in SANKSI_COUNTS) + " FROM kasus").fetchone() == fresh
    assert {"idx_terlapor_lain", "idx_terlapor_pidana", "idx_kasus_dihapus"} <= {r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index'")}


def test_the_route_queries_read_the_partial_index(db_path, cli):
    cli("import", "--db", db_path, EXAMPLES / "kasus.yaml")
    db = store.open_db(db_path)
    plans = []
    db.conn.set_trace_callback(lambda sql: plans.append(sql))
    laporan_rute.lain(db, Seleksi())
    laporan_rute.funnel(db, Seleksi())
    db.conn.set_trace_callback(None)
    route = [sql for sql in plans if "terlapor t" in sql and "pidana IS NOT NULL" not in sql]
    assert route
    for sql in route:
        plan = " ".join(str(r[-1]) for r in db.execute("EXPLAIN QUERY PLAN " + sql).fetchall())
        assert "idx_terlapor_lain" in plan, plan


def test_the_funnel_from_the_counters_is_the_join(db_path, cli):
    cli("import", "--db", db_path, EXAMPLES / "kasus.yaml", EXAMPLES / "kasus.csv", EXAMPLES / "kasus.xlsx")
    db = store.open_db(db_path)
    for seleksi in (Seleksi(), Seleksi(sumber=("temuan",)), Seleksi(pemilu=("pilkada-2024",))):
        fast = laporan_rute.funnel(db, seleksi)
        kw, kp = seleksi.kasus_where()
        row = db.execute(f"""SELECT COUNT(*), COALESCE(SUM(t.status IN ('direkomendasikan', 'disanksi')), 0),
                                    COALESCE(SUM(t.status = 'disanksi'), 0)
                             FROM kasus k JOIN terlapor t ON t.kasus_id = k.id
                             WHERE {kw} AND (t.jenis IN ('PNS', 'PPPK', 'ASN') OR t.jenis IS NULL)""", kp).fetchone()
        assert (fast["terlapor"], fast["terbukti"], fast["disanksi"]) == tuple(row)


def test_the_sanction_rows_from_the_counters_are_the_persons(db_path, cli):
    from netralitas import reports, sanksi_baris

    cli("import", "--db", db_path, EXAMPLES / "kasus.yaml", EXAMPLES / "kasus.csv", EXAMPLES / "kasus.xlsx")
    db = store.open_db(db_path)
    for seleksi in (Seleksi(), Seleksi(sumber=("temuan",)), Seleksi(status=("disanksi",))):
        slow = reports.labelled(reports.aggregate(db, seleksi, ["sanksi"]), ["sanksi"])
        assert sanksi_baris.rows(db, seleksi) == [{k: r[k] for k in ("sanksi", "sanksi_nama", "terlapor", "kasus")}
                                                  for r in slow]


def test_a_deleted_case_is_in_no_route_count(db_path, cli):
    cli("import", "--db", db_path, EXAMPLES / "kasus.yaml", EXAMPLES / "kasus.csv", EXAMPLES / "kasus.xlsx")
    db = store.open_db(db_path)
    nomor = db.execute("SELECT k.nomor FROM kasus k JOIN terlapor t ON t.kasus_id = k.id "
                       "WHERE t.jenis NOT IN ('PNS', 'PPPK', 'ASN') LIMIT 1").fetchone()[0]
    before = laporan_rute.lain(db, Seleksi())
    cli("hapus", "--db", db_path, nomor, "--alasan", "salah catat", "--ya")
    after = laporan_rute.lain(db, Seleksi())
    assert sum(r["terlapor"] for r in after["rows"]) < sum(r["terlapor"] for r in before["rows"])
    # the same as through the join with every case (a filter on cases takes that way)
    joined = laporan_rute.lain(db, Seleksi(sumber=("temuan", "laporan")))
    assert after == joined
    assert laporan_rute.funnel(db, Seleksi()) == {**laporan_rute.funnel(db, Seleksi(sumber=("temuan", "laporan")))}
