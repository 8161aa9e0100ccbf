"""Renumberings travel with a database hand-over: the roll-up's copy under the old number is
renamed, not merged a second time; a renamed-then-deleted case is deleted; through a province's
roll-up too; old numbers still find the case, per office."""

import json

from tests.test_gabung import KUKAR, PPU, merge, rows
from tests.test_gabung_hapus import REASON, merged_again, state, total, view

OLD = KUKAR[0]["nomor"]
NEW = "005/Reg/LP/PB/Kab/23.03/XI/2024"


def test_a_case_renumbered_in_its_office_is_renamed_in_the_rollup_not_doubled(cli, tmp_path, offices):
    kukar = offices[0]
    rollup = tmp_path / "nasional.db"
    merge(cli, rollup, *offices)
    counts = (total(cli, rollup), total(cli, rollup, "--asal", "kukar"), rows(rollup, "SELECT COUNT(*) FROM kasus"))
    cli("ubah", "--db", kukar, OLD, "--nomor-baru", NEW)
    out = merge(cli, rollup, kukar)["sumber"][0]
    assert (out["nomor_diganti"], out["nomor_bentrok"], out["baru"]) == (1, 0, 0)
    # one record, under the new number: the counts do not change
    assert (total(cli, rollup), total(cli, rollup, "--asal", "kukar"),
            rows(rollup, "SELECT COUNT(*) FROM kasus")) == counts
    assert rows(rollup, "SELECT nomor FROM kasus WHERE kantor = '64.02' ORDER BY nomor") == sorted(
        [(NEW,), (KUKAR[1]["nomor"],)])
    # the old number still finds it; the rename is in its history, naming the hand-over
    found = view(cli, rollup, OLD)
    assert found["nomor"] == NEW and found["nomor_lama"] == [OLD]
    assert rows(rollup, "SELECT kolom, lama, baru, asal FROM riwayat WHERE kolom = 'nomor'") == [
        ("nomor", OLD, NEW, "gabung kukar.db (ubah --nomor-baru di kantor 64.02)")]
    # the copy points to the hand-over that renamed it
    assert view(cli, rollup, NEW)["asal_file"].endswith("kukar.db")
    # re-merging the same hand-over changes nothing
    again = merged_again(cli, rollup, kukar)
    assert (again["nomor_diganti"], again["baru"], again["diubah"]) == (0, 0, 0)
    # a roll-up that first meets the case after the rename keeps the old number too
    fresh = tmp_path / "baru.db"
    merge(cli, fresh, kukar)
    assert view(cli, fresh, OLD)["nomor"] == NEW
    assert rows(fresh, "SELECT nomor, kantor FROM nomor_lama") == [(OLD, "64.02")]


def test_a_case_renamed_then_deleted_before_the_merge_is_deleted_in_the_rollup(cli, tmp_path, offices):
    kukar = offices[0]
    rollup = tmp_path / "nasional.db"
    merge(cli, rollup, *offices)
    cli("ubah", "--db", kukar, OLD, "--nomor-baru", NEW)
    cli("hapus", "--db", kukar, NEW, "--alasan", REASON, "--ya")
    out = merge(cli, rollup, kukar)["sumber"][0]
    assert (out["nomor_diganti"], out["dihapus"], out["baru"]) == (1, 1, 0)
    assert (total(cli, rollup), total(cli, rollup, "--asal", "kukar")) == (4, 1)
    assert rows(rollup, "SELECT nomor, dihapus_alasan FROM kasus WHERE dihapus IS NOT NULL") == [(NEW, REASON)]
    assert view(cli, rollup, OLD)["dihapus_alasan"] == REASON
    merged_again(cli, rollup, kukar)


def test_a_renumbering_passes_through_the_province_rollup(cli, tmp_path, offices):
    kukar, ppu, kaltim = offices
    national = tmp_path / "nasional.db"
    merge(cli, kaltim, kukar, ppu)
    merge(cli, national, kaltim)
    counts = (total(cli, national), rows(national, "SELECT COUNT(*) FROM kasus"))
    cli("ubah", "--db", kukar, OLD, "--nomor-baru", NEW)
    assert merge(cli, kaltim, kukar)["sumber"][0]["nomor_diganti"] == 1
    out = merge(cli, national, kaltim)["sumber"][0]
    assert (out["nomor_diganti"], out["baru"]) == (1, 0)
    assert (total(cli, national), rows(national, "SELECT COUNT(*) FROM kasus")) == counts
    found = view(cli, national, OLD)
    assert found["nomor"] == NEW and found["nomor_lama"] == [OLD]
    assert rows(national, "SELECT asal FROM riwayat WHERE kolom = 'nomor'") == [
        ("gabung kaltim.db (ubah --nomor-baru di kantor 64.02)",)]
    merged_again(cli, national, kaltim)
    # a deletion after the rename follows through the province too
    cli("hapus", "--db", kukar, OLD, "--alasan", REASON, "--ya")
    merge(cli, kaltim, kukar)
    assert merge(cli, national, kaltim)["sumber"][0]["dihapus"] == 1
    assert total(cli, national) == counts[0] - 1


def test_two_offices_old_numbers_never_meet(cli, tmp_path, offices):
    kukar, ppu, _ = offices
    shared = "009/TEMP/2024"
    rollup = tmp_path / "nasional.db"
    # both offices first kept a case under the same provisional number, then renumbered it
    cli("ubah", "--db", kukar, OLD, "--nomor-baru", shared)
    cli("ubah", "--db", ppu, PPU[0]["nomor"], "--nomor-baru", shared)
    merge(cli, rollup, kukar, ppu)
    counts = (total(cli, rollup), rows(rollup, "SELECT COUNT(*) FROM kasus"))
    cli("ubah", "--db", kukar, shared, "--nomor-baru", NEW)
    out = merge(cli, rollup, kukar, ppu)["sumber"]
    assert [s["nomor_diganti"] for s in out] == [1, 0]
    assert (total(cli, rollup), rows(rollup, "SELECT COUNT(*) FROM kasus")) == counts
    # ppu's record keeps the number; kukar's old one finds kukar's case only
    assert rows(rollup, "SELECT kantor FROM kasus WHERE nomor = ?", [shared]) == [("64.09",)]
    assert view(cli, rollup, shared, "64.02")["nomor"] == NEW
    cli("ubah", "--db", ppu, shared, "--nomor-baru", "007/Reg/LP/PB/Kab/23.05/XI/2024")
    assert [s["nomor_diganti"] for s in merge(cli, rollup, ppu)["sumber"]] == [1]
    assert rows(rollup, "SELECT nomor, kantor FROM nomor_lama WHERE nomor = ? ORDER BY kantor", [shared]) == [
        (shared, "64.02"), (shared, "64.09")]
    assert view(cli, rollup, shared, "64.09")["nomor"] == "007/Reg/LP/PB/Kab/23.05/XI/2024"


def test_an_export_after_a_renumbering_is_flagged_as_a_possible_duplicate(cli, tmp_path, offices):
    kukar = offices[0]
    rollup = tmp_path / "nasional.db"
    merge(cli, rollup, kukar)
    cli("ubah", "--db", kukar, OLD, "--nomor-baru", NEW)
    export = tmp_path / "kukar.csv"
    cli("export", "--db", kukar, "--format", "csv", "--include-pii", "-o", export)
    # an export carries no old numbers: the case arrives under its new number as well, and is listed
    out = merge(cli, rollup, "--kantor", "kukar", export)["sumber"][0]
    assert (out["baru"], out["nomor_diganti"]) == (1, 0)
    pairs = [(d["alasan"], d["kantor"], d["nomor"], d["nomor_lain"]) for d in out["daftar_duplikat"]]
    assert pairs == [("nip_sekantor", "64.02", OLD, NEW)]
    assert KUKAR[0]["terlapor"][0]["nip"] not in json.dumps(out)  # masked
    listed = json.loads(cli("duplikat", "--db", rollup, "--format", "json").stdout)
    assert [(d["alasan"], d["nomor"], d["nomor_lain"]) for d in listed["rows"]] == [("nip_sekantor", OLD, NEW)]
    # the office's database, merged later, cannot rename the old copy onto a record already here:
    # both kept, counted, still listed
    out = merge(cli, rollup, kukar)["sumber"][0]
    assert (out["nomor_diganti"], out["nomor_bentrok"], out["baru"]) == (0, 1, 0)
    assert rows(rollup, "SELECT COUNT(*) FROM kasus WHERE kantor = '64.02' AND dihapus IS NULL") == [(3,)]
    assert out["duplikat"] == 1


def test_the_summary_says_what_was_renamed(cli, tmp_path, offices):
    kukar = offices[0]
    rollup = tmp_path / "nasional.db"
    merge(cli, rollup, kukar)
    cli("ubah", "--db", kukar, OLD, "--nomor-baru", NEW)
    r = cli("gabung", "--db", rollup, kukar)
    assert "Renumbered by their office, renamed here: 1 kasus." in " ".join((r.stdout + r.stderr).split())


def test_a_rollup_before_m032_is_upgraded_with_its_counts(cli, tmp_path, offices):
    """Old numbers keyed on nomor alone (m004): after the upgrade each keeps its case and office."""
    import sqlite3

    from sqlite_utils import Database

    from netralitas import store
    from netralitas.migrations import migrations
    from tests.test_gabung import PROV

    kukar, _, kaltim = offices
    cli("ubah", "--db", kukar, OLD, "--nomor-baru", NEW)
    cli("ubah", "--db", kaltim, PROV[0]["nomor"], "--nomor-baru", "002/Reg/LP/PB/Prov/23.00/XI/2024")
    merge(cli, kaltim, kukar)
    tables = ("kasus", "terlapor", "riwayat", "tahapan", "asal", "nomor_lama")
    before = json.loads(cli("report", "--db", kaltim, "--by", "wilayah", "--format", "json").stdout)
    old = Database(sqlite3.connect(kaltim, isolation_level=None))
    kept = rows(kaltim, "SELECT nomor, kasus_id, waktu, kantor FROM nomor_lama ORDER BY nomor")
    assert len(kept) == 2
    old.execute("DELETE FROM _sqlite_migrations WHERE name = 'm032_nomor_lama_kantor'")
    old.execute("ALTER TABLE nomor_lama RENAME TO nomor_lama_baru")
    old.execute("DROP INDEX idx_nomor_lama_kantor")
    old.execute("DROP INDEX idx_nomor_lama_kasus")
    old.execute('CREATE TABLE "nomor_lama" ("nomor" TEXT PRIMARY KEY, "kasus_id" INTEGER REFERENCES "kasus"("id"), '
                '"waktu" TEXT)')
    old.execute("INSERT INTO nomor_lama SELECT nomor, kasus_id, waktu FROM nomor_lama_baru")
    old.execute("DROP TABLE nomor_lama_baru")
    counts = [old.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables]
    old.conn.close()
    db = store.open_db(kaltim)
    assert "m032_nomor_lama_kantor" in [m.name for m in migrations.applied(db)]
    assert [db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables] == counts
    assert rows(kaltim, "SELECT nomor, kasus_id, waktu, kantor FROM nomor_lama ORDER BY nomor") == kept
    assert json.loads(cli("report", "--db", kaltim, "--by", "wilayah", "--format", "json").stdout) == before
    assert view(cli, kaltim, OLD)["nomor"] == NEW
    assert json.loads(cli("show", "--db", kaltim, PROV[0]["nomor"], "--format", "json").stdout)["nomor"] == (
        "002/Reg/LP/PB/Prov/23.00/XI/2024")


def test_a_hand_over_from_before_the_renumbering_finds_the_renamed_copy(cli, tmp_path, offices):
    import shutil

    kukar = offices[0]
    (tmp_path / "minggu-lalu").mkdir()
    older = tmp_path / "minggu-lalu" / "kukar.db"
    shutil.copy(kukar, older)
    rollup = tmp_path / "nasional.db"
    merge(cli, rollup, kukar)
    cli("ubah", "--db", kukar, OLD, "--nomor-baru", NEW)
    merge(cli, rollup, kukar)
    before = state(rollup)
    # last week's copy, under the old number: the same record, not a second one
    out = merge(cli, rollup, older)["sumber"][0]
    assert (out["baru"], out["diubah"], out["sama"], out["nomor_diganti"]) == (0, 0, 2, 0)
    assert state(rollup) == before
