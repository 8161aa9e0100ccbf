"""tenggat.overdue (the digest's): the count and the longest overdue are those of tenggat.rows."""

import datetime as dt

from conftest import EXAMPLES
from netralitas import store, tenggat
from netralitas.seleksi import Seleksi


def test_overdue_is_rows_count_and_head(cli, db_path):
    cli("import", "--db", db_path, EXAMPLES / "kasus.yaml", EXAMPLES / "kasus.csv", EXAMPLES / "kasus.xlsx")
    db = store.open_db(db_path)
    for per in (dt.date(2024, 12, 1), dt.date(2025, 6, 1), dt.date.today()):
        for ppk_hari in (None, 0, 14):
            every = tenggat.rows(db, Seleksi(), per=per, ppk_hari=ppk_hari)
            for limit in (1, 2, 5, 100):
                assert tenggat.overdue(db, Seleksi(), per=per, ppk_hari=ppk_hari, limit=limit) == (
                    len(every), every[:limit])
    assert any(r["terlapor"] for r in tenggat.rows(db, Seleksi(), per=dt.date.today(), ppk_hari=0))


def test_a_step_starts_on_its_own_date_not_before(cli, db_path):
    """On a day before the recommendation, the PPK's decision is no step to wait for, as a
    registration is none before the report is received."""
    import json

    cli("add", "--db", db_path, "--nomor", "P3", "--sumber", "laporan", "--pemilu", "pilkada-2024", "--kab", "kukar",
        "--tanggal", "2024-10-30", "--diterima", "2024-11-01", "--pelanggaran", "foto-bersama", "--jenis", "PNS")
    cli("tahap", "--db", db_path, "P3", "registrasi", "--tanggal", "2024-11-01")
    cli("tahap", "--db", db_path, "P3", "pleno", "--tanggal", "2024-11-02", "--hasil", "terbukti")
    cli("tahap", "--db", db_path, "P3", "rekomendasi", "--tanggal", "2024-11-03")

    def steps(per, dalam):
        out = json.loads(cli("tenggat", "--db", db_path, "--per", per, "--dalam", dalam, "--format", "json").stdout)
        return [(r["tenggat"], r["dari"]) for r in out["rows"]]

    assert steps("2024-01-01", "400") == []
    assert steps("2024-11-10", "30") == [("keputusan_ppk", "2024-11-03")]
    db = store.open_db(db_path)
    assert tenggat.overdue(db, Seleksi(), per=dt.date(2024, 11, 2), ppk_hari=0, limit=5) == (0, [])
    assert tenggat.overdue(db, Seleksi(), per=dt.date(2024, 11, 4), ppk_hari=0, limit=5)[0] == 1
