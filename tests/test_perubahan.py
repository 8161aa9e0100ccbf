"""Changed cases written in batches (perubahan.py) get the rows that writing them case by case
(`update.apply`, then `events.reproject`) gives: the same kasus, terlapor, tahapan and riwayat."""

import shutil
import sqlite3

import pytest

from netralitas import importer, perubahan, store

HEADER = ("nomor,sumber,pemilu,wilayah,tanggal_kejadian,tanggal_diterima,tanggal_klarifikasi,tanggal_pleno,"
          "pelanggaran,uraian,nama,nip,jabatan,status,rekomendasi,tanggal_rekomendasi")
BEFORE = [
    "K1,temuan,pilkada-2020,kukar,2020-10-02,2020-10-03,,,foto-bersama,awal,Satu,,Staf,,,",
    "K2,laporan,pilkada-2020,kukar,2020-10-02,2020-10-03,2020-10-05,2020-11-02,foto-bersama,awal,Dua,,Staf,"
    "direkomendasikan,sedang,2020-11-10",
    "K2,laporan,pilkada-2020,kukar,2020-10-02,2020-10-03,2020-10-05,2020-11-02,foto-bersama,awal,Tiga,,Camat,"
    "tidak_terbukti,,",
    "K3,temuan,pilkada-2020,kukar,2020-10-02,2020-10-03,,,lainnya,awal,Empat,,Lurah,,,",
    "K4,temuan,pilkada-2020,kukar,2020-10-02,2020-10-03,,,lainnya,awal,Lima,,Lurah,,,",
    "K4,temuan,pilkada-2020,kukar,2020-10-02,2020-10-03,,,lainnya,awal,Enam,,Staf,,,",
    "K5,temuan,pilkada-2020,kukar,2020-10-02,2020-10-03,,,lainnya,awal,Tujuh,,Staf,,,",
]
AFTER = [
    # a plain field, a klarifikasi date, a pleno that decides the person
    "K1,temuan,pilkada-2020,kukar,2020-10-02,2020-10-03,2020-10-06,2020-11-03,foto-bersama,diubah,Satu,,Kepala,"
    "tidak_terbukti,,",
    # a recommendation withdrawn (--timpa), a klarifikasi date gone, a person's plain field
    "K2,laporan,pilkada-2020,kukar,2020-10-02,2020-10-03,,2020-11-02,foto-bersama,awal,Dua,,Staf,tidak_terbukti,,",
    "K2,laporan,pilkada-2020,kukar,2020-10-02,2020-10-03,,2020-11-02,foto-bersama,awal,Tiga,,Sekcam,"
    "tidak_terbukti,,",
    # a terlapor added (written case by case), between cases written in batches
    "K3,temuan,pilkada-2020,kukar,2020-10-02,2020-10-03,,,lainnya,awal,Empat,,Lurah,,,",
    "K3,temuan,pilkada-2020,kukar,2020-10-02,2020-10-03,,,lainnya,awal,Baru,,Staf,,,",
    # a terlapor left out (--timpa removes them)
    "K4,temuan,pilkada-2020,kukar,2020-10-02,2020-10-03,,,lainnya,awal,Lima,,Lurah,,,",
    # a recommendation recorded
    "K5,temuan,pilkada-2020,kukar,2020-10-02,2020-10-03,,2020-11-05,lainnya,awal,Tujuh,,Staf,direkomendasikan,"
    "ringan,2020-11-20",
]


def _file(path, rows):
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _import(db_path, path, **options):
    db = store.open_db(db_path)
    try:
        result = importer.process_file(db, path, write=True, **options)
    finally:
        db.conn.close()
    assert result.valid, [p.message for p in result.problems]
    return result


def _tables(db_path):
    conn = sqlite3.connect(db_path)
    try:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall()
                for t in ("kasus", "terlapor", "tahapan", "riwayat")}
    finally:
        conn.close()


@pytest.mark.parametrize("timpa", [True, False])
def test_batched_writes_equal_writing_case_by_case(tmp_path, monkeypatch, timpa):
    monkeypatch.setattr(store, "now", lambda: "2024-01-01T00:00:00.000000+00:00")
    base = tmp_path / "base.db"
    _import(base, _file(tmp_path / "before.csv", BEFORE))
    after = AFTER if timpa else [AFTER[0], *BEFORE[1:6], AFTER[-1]]  # without --timpa: nothing withdrawn
    changed = _file(tmp_path / "after.csv", after)
    batched, one_by_one = tmp_path / "batched.db", tmp_path / "one.db"
    shutil.copy(base, batched)
    shutil.copy(base, one_by_one)

    result = _import(batched, changed, timpa=timpa)
    assert result.diubah == (5 if timpa else 2)
    monkeypatch.setattr(perubahan, "writes", lambda plans, asal, stamp, twice=None: list(plans))  # each by update.apply
    _import(one_by_one, changed, timpa=timpa)

    mine, theirs = _tables(batched), _tables(one_by_one)
    assert mine == theirs
    assert len(mine["riwayat"]) > (10 if timpa else 4)


def test_every_per_case_count_follows_a_batched_change(tmp_path):
    """Two persons trade a moral sanction: the level, moral and sanctioned counts stay, but the rows of
    `report --by sanksi` (moral only, no level) move, and the case's counters with them."""
    from netralitas.migrations import PER_CASE_COUNTS

    head = "nomor,sumber,pemilu,wilayah,tanggal_kejadian,pelanggaran,jenis,nama,status,sanksi,sanksi_moral"
    case = "M1,temuan,pilkada-2020,kukar,2020-10-02,medsos-interaksi,PNS"
    db_path = tmp_path / "r.db"
    before, after = tmp_path / "before.csv", tmp_path / "after.csv"
    before.write_text(f"{head}\n{case},Satu,disanksi,ringan,terbuka\n{case},Dua,disanksi,,\n", encoding="utf-8")
    after.write_text(f"{head}\n{case},Satu,disanksi,ringan,\n{case},Dua,disanksi,,terbuka\n", encoding="utf-8")
    _import(db_path, before)
    assert _import(db_path, after, timpa=True).diubah == 1
    conn = sqlite3.connect(db_path)
    try:
        stored = conn.execute(f"SELECT {', '.join(PER_CASE_COUNTS)} FROM kasus").fetchall()
        exprs = ", ".join(f"COALESCE({e}, 0)" for e in PER_CASE_COUNTS.values())
        counted = conn.execute(f"SELECT {exprs} FROM terlapor t").fetchall()
    finally:
        conn.close()
    assert stored == counted
    counts = dict(zip(PER_CASE_COUNTS, stored[0]))
    assert (counts["n_moral_saja"], counts["n_tanpa_tingkat"], counts["n_moral"]) == (1, 0, 1)


def test_one_stored_and_one_incoming_person_pair_as_the_general_search_does():
    """match_people's shortcut for one person on each side gives what the search over many gives."""
    import itertools

    from netralitas.reconcile import _match_many, match_people

    values = [None, "", "  ", "198001012005011001", "198001012005011002"]
    names = [None, "", "  ", "Budi", " budi ", "Sari"]
    for nip_a, nip_b, nama_a, nama_b, by_position in itertools.product(values, values, names, names, [True, False]):
        stored, incoming = [{"nip": nip_a, "nama": nama_a}], [{"nip": nip_b, "nama": nama_b}]
        assert match_people(stored, incoming, by_position=by_position) == _match_many(stored, incoming, by_position)
