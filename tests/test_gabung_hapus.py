"""Deletions travel with a hand-over: a case its office deleted (hapus) is deleted in the roll-up,
a restored one restored; by the office's own clock, through a province's roll-up too; never erased."""

import json
import sqlite3

from tests.test_gabung import KUKAR, merge, rows, three_offices

NOMOR = KUKAR[0]["nomor"]
REASON = "Laporan ganda, sudah dicatat oleh Bawaslu Provinsi"


def total(cli, db, *args) -> int:
    return json.loads(cli("report", "--db", db, *args, "--format", "json").stdout)["total"]["kasus"]


def view(cli, db, nomor=NOMOR, kantor="64.02") -> dict:
    """`show` of an office's record in a roll-up, as JSON."""
    return json.loads(cli("show", "--db", db, nomor, "--kantor", kantor, "--format", "json").stdout)


def state(db) -> list[tuple]:
    """What a repeated hand-over must leave as it is: the cases, old numbers, history and provenance."""
    return rows(db, "SELECT * FROM kasus ORDER BY id") + rows(db, "SELECT * FROM nomor_lama ORDER BY id") + rows(
        db, "SELECT COUNT(*) FROM riwayat") + rows(db, "SELECT COUNT(*) FROM asal")


def merged_again(cli, db, source) -> dict:
    """The same hand-over merged once more: nothing in `state` changes; its summary."""
    before = state(db)
    out = merge(cli, db, source)["sumber"][0]
    assert state(db) == before
    return out


def test_a_case_its_office_deleted_is_deleted_in_the_rollup_and_restored_with_it(cli, tmp_path, offices):
    kukar, ppu, prov = offices
    rollup = tmp_path / "nasional.db"
    merge(cli, rollup, *offices)
    assert (total(cli, rollup), total(cli, rollup, "--asal", "kukar")) == (5, 2)
    cli("hapus", "--db", kukar, NOMOR, "--alasan", REASON, "--ya")
    out = merge(cli, rollup, kukar)["sumber"][0]
    assert (out["dihapus"], out["dipulihkan"], out["baru"], out["diubah"], out["sama"], out["dilewati"]) == (
        1, 0, 0, 0, 1, {})
    # out of every count, kept as a record: show says deleted, with the office's reason
    assert (total(cli, rollup), total(cli, rollup, "--asal", "kukar")) == (4, 1)
    assert rows(rollup, "SELECT COUNT(*) FROM kasus") == [(5,)]
    shown = view(cli, rollup)
    assert shown["dihapus"] and shown["dihapus_alasan"] == REASON
    assert "DELETED" in cli("show", "--db", rollup, NOMOR).stdout
    assert rows(rollup, "SELECT kolom, lama, baru, asal FROM riwayat WHERE kasus_nomor = ?", [NOMOR]) == [
        ("dihapus", None, REASON, "gabung kukar.db (hapus di kantor 64.02)")]
    # the copy points to the hand-over that deleted it
    assert view(cli, rollup)["asal_file"].endswith("kukar.db")
    # re-merging the same hand-over changes nothing: no record, riwayat or asal row
    again = merged_again(cli, rollup, kukar)
    assert (again["dihapus"], again["dipulihkan"], again["dilewati"]) == (0, 0, {"dihapus": 1})
    # the summary table has the column, and says what was followed
    table = cli("gabung", "--db", tmp_path / "other.db", kukar, ppu)
    assert "dihapus" in table.stdout
    # restored in the office: restored here, counted again
    cli("hapus", "--db", kukar, NOMOR, "--batal")
    out = merge(cli, rollup, kukar)["sumber"][0]
    assert (out["dihapus"], out["dipulihkan"], out["sama"], out["dilewati"]) == (0, 1, 2, {})
    assert (total(cli, rollup), total(cli, rollup, "--asal", "kukar")) == (5, 2)
    assert not view(cli, rollup)["dihapus"]
    assert rows(rollup, "SELECT kolom, lama, baru, asal FROM riwayat WHERE kasus_nomor = ? ORDER BY id", [NOMOR])[1] == (
        "dihapus", REASON, None, "gabung kukar.db (hapus --batal di kantor 64.02)")
    again = merged_again(cli, rollup, kukar)
    assert (again["dihapus"], again["dipulihkan"], again["baru"], again["diubah"]) == (0, 0, 0, 0)


def test_a_deleted_case_never_merged_is_left_out_and_counted(cli, tmp_path, offices):
    kukar, ppu, prov = offices
    cli("hapus", "--db", kukar, NOMOR, "--alasan", REASON, "--ya")
    rollup = tmp_path / "nasional.db"
    out = merge(cli, rollup, kukar)["sumber"][0]
    assert (out["baru"], out["dihapus"], out["dilewati"]) == (1, 0, {"dihapus": 1})
    assert rows(rollup, "SELECT nomor FROM kasus") == [(KUKAR[1]["nomor"],)]
    table = cli("gabung", "--db", rollup, kukar)
    assert "dihapus 1" in table.stdout + table.stderr


def test_an_older_handover_does_not_bring_a_deleted_case_back(cli, tmp_path, offices):
    kukar, ppu, prov = offices
    rollup = tmp_path / "nasional.db"
    merge(cli, rollup, kukar)
    old = tmp_path / "kukar-minggu-lalu.db"
    with sqlite3.connect(kukar) as src, sqlite3.connect(old) as dst:  # last week's hand-over, a copy
        src.backup(dst)
    cli("hapus", "--db", kukar, NOMOR, "--alasan", REASON, "--ya")
    merge(cli, rollup, kukar)
    # last week's hand-over still has the case live: older by Kukar's clock, left out, counted
    out = merge(cli, rollup, old)["sumber"][0]
    assert out["valid"] and (out["dipulihkan"], out["dilewati"]) == (0, {"lebih_lama": 1})
    assert view(cli, rollup)["dihapus_alasan"] == REASON
    assert total(cli, rollup) == 1


def test_the_province_rollup_carries_deletion_and_restoration_nationally(cli, tmp_path):
    kukar, ppu, kaltim = three_offices(cli, tmp_path)
    merge(cli, kaltim, kukar, ppu)
    national = tmp_path / "nasional.db"
    merge(cli, national, kaltim)
    assert total(cli, national) == 5
    cli("hapus", "--db", kukar, NOMOR, "--alasan", REASON, "--ya")
    # the province has not merged Kukar's deletion yet: nothing changes nationally
    assert merge(cli, national, kaltim)["sumber"][0]["dihapus"] == 0
    assert merge(cli, kaltim, kukar)["sumber"][0]["dihapus"] == 1
    out = merge(cli, national, kaltim)["sumber"][0]
    assert (out["dihapus"], out["baru"], out["diubah"]) == (1, 0, 0)
    assert (total(cli, national), total(cli, national, "--asal", "kukar")) == (4, 1)
    assert view(cli, national)["dihapus_alasan"] == REASON
    published = tmp_path / "terbit.db"
    cli("terbitkan", "--db", national, published)
    assert rows(published, "SELECT SUM(kasus) FROM kasus_per_pemilu") == [(4,)]
    assert rows(national, "SELECT baru, asal FROM riwayat WHERE kasus_nomor = ?", [NOMOR]) == [
        (REASON, "gabung kaltim.db (hapus di kantor 64.02)")]
    # Kukar's own hand-over after the province's: the same deletion, already followed
    before = state(national)
    assert merge(cli, national, kukar)["sumber"][0]["dihapus"] == 0
    assert merge(cli, national, kaltim)["sumber"][0]["dihapus"] == 0
    assert state(national) == before
    # restored in Kukar, through the province
    cli("hapus", "--db", kukar, NOMOR, "--batal")
    merge(cli, kaltim, kukar)
    out = merge(cli, national, kaltim)["sumber"][0]
    assert (out["dipulihkan"], out["dihapus"]) == (1, 0)
    assert total(cli, national) == 5 and not view(cli, national)["dihapus"]
    merged_again(cli, national, kaltim)


def test_a_refused_handover_deletes_nothing(cli, tmp_path, offices):
    kukar, ppu, prov = offices
    rollup = tmp_path / "nasional.db"
    merge(cli, rollup, kukar)
    old = tmp_path / "kukar-salinan.db"
    with sqlite3.connect(kukar) as src, sqlite3.connect(old) as dst:
        src.backup(dst)
    cli("ubah", "--db", kukar, KUKAR[1]["nomor"], "--kecamatan", "Tenggarong")
    merge(cli, rollup, kukar)
    # the copy deletes a case but hands over the other one older than the one merged: refused whole
    cli("hapus", "--db", old, NOMOR, "--alasan", REASON, "--ya")
    before = state(rollup)
    out = merge(cli, rollup, old, code=1)["sumber"][0]
    assert not out["valid"] and out["problems"] and (out["dihapus"], out["dipulihkan"]) == (0, 0)
    assert state(rollup) == before and total(cli, rollup) == 2
