"""The summary's one grouped pass (main table and sanction table together) gives what the
separate passes gave: the report per region or election, and the sanction rows of the persons."""

import pytest

from conftest import EXAMPLES
from netralitas import reports, ringkasan, sanksi_baris, store
from netralitas.migrations import refresh_counts_sql
from netralitas.seleksi import Seleksi

SELECTIONS = [Seleksi(), Seleksi(sumber=("temuan",)), Seleksi(kab=("64.02",)), Seleksi(pemilu=("pilkada-2024",)),
              Seleksi(status=("disanksi",)), Seleksi(jenis=("PNS",))]


def _separately(db, seleksi):
    by = reports.default_by(seleksi)
    return reports.report(db, seleksi, by), reports.labelled(reports.aggregate(db, seleksi, ["sanksi"]), ["sanksi"])


@pytest.fixture
def db(db_path, cli):
    cli("import", "--db", db_path, EXAMPLES / "kasus.yaml", EXAMPLES / "kasus.csv", EXAMPLES / "kasus.xlsx")
    return store.open_db(db_path)


@pytest.mark.parametrize("seleksi", SELECTIONS)
def test_the_summary_is_the_report_and_the_persons_sanction_rows(db, seleksi):
    s = ringkasan.summary(db, seleksi)
    main, sanksi = _separately(db, seleksi)
    assert (s["laporan"].rows, s["laporan"].total, s["laporan"].by) == (main.rows, main.total, main.by)
    assert s["sanksi"] == [{k: r[k] for k in ("sanksi", "sanksi_nama", "terlapor", "kasus")} for r in sanksi]
    assert s["sanksi"] == sanksi_baris.rows(db, seleksi)
    forms = reports.labelled(reports.aggregate(db, seleksi, ["pelanggaran"]), ["pelanggaran"])
    top = sorted((f for f in forms if f["kasus"]), key=lambda r: (-r["kasus"], r["pelanggaran"]))[:5]
    assert s["pelanggaran"] == [{k: f[k] for k in ("pelanggaran", "pelanggaran_nama", *ringkasan.FORM_COUNTS)}
                                for f in top]
    assert s["di_bawah_pedoman"] == reports.di_bawah_pedoman(db, seleksi, rows=True)[0]


def test_a_level_outside_the_vocabulary_is_counted_by_the_persons(db):
    """An older file's level (none of ringan .. ptdh) is in no per-case count: the grouped pass sees
    that its sums miss someone and the persons give the rows, that level's own row included."""
    db.execute("UPDATE main.terlapor SET sanksi = 'teguran' WHERE id = (SELECT MIN(id) FROM terlapor WHERE sanksi = 'sedang')")
    db.execute(refresh_counts_sql("1=1"))
    grouped = reports.aggregate_cases(db, Seleksi(), ["wilayah"], extra=sanksi_baris.SUMS)
    sums = [sum(r[f"_{i}"] for r in grouped) for i in range(len(sanksi_baris.SUMS))]
    assert sanksi_baris.from_sums(sums) is None
    s = ringkasan.summary(db, Seleksi())
    rows = [r["sanksi"] for r in s["sanksi"]]
    assert "teguran" in rows
    assert s["sanksi"] == sanksi_baris.rows(db, Seleksi())
