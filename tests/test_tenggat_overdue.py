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
