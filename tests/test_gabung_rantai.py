"""Roll-ups of roll-ups: a province's roll-up merged nationally keeps each record's own office and
origin, updates it only from that office and only when newer; a roll-up's export says whose each
record is, import refuses other offices' records, gabung of it keeps their origins."""

import csv
import json
from pathlib import Path

import pytest

from tests.test_gabung import KUKAR, merge, rows, three_offices

CONTENT = "SELECT COALESCE(kantor, '-'), nomor, sidik, kecamatan FROM kasus ORDER BY 1, 2"


@pytest.fixture
def province(cli, tmp_path):
    """Kukar and PPU merged into the province office's own database (a province roll-up)."""
    kukar, ppu, kaltim = three_offices(cli, tmp_path)
    merge(cli, kaltim, kukar, ppu)
    return kukar, ppu, kaltim


def test_a_province_rollup_merged_nationally_keeps_each_records_office_and_origin(cli, tmp_path, province):
    kukar, ppu, kaltim = province
    national = tmp_path / "nasional.db"
    out = merge(cli, national, kaltim)["sumber"][0]
    assert (out["baru"], out["diubah"], out["sama"], out["kantor_lain"]) == (5, 0, 0, {"64.02": 2, "64.09": 2})
    got = rows(national, """SELECT k.kantor, a.nama, a.lewat, a.file, a.file_awal, a.waktu_awal IS NOT NULL
                            FROM kasus k JOIN asal a ON a.id = k.asal_id ORDER BY k.kantor, k.nomor""")
    assert [(g[0], g[1], g[2], Path(g[3]).name, g[4] and Path(g[4]).name, g[5]) for g in got] == [
        ("64", "Bawaslu kaltim", None, "kaltim.db", None, 0),
        ("64.02", "Bawaslu kukar", "64", "kaltim.db", "kukar.db", 1),
        ("64.02", "Bawaslu kukar", "64", "kaltim.db", "kukar.db", 1),
        ("64.09", "Bawaslu ppu", "64", "kaltim.db", "ppu.db", 1),
        ("64.09", "Bawaslu ppu", "64", "kaltim.db", "ppu.db", 1)]
    view = json.loads(cli("show", "--db", national, KUKAR[0]["nomor"], "--format", "json").stdout)
    assert view["kantor"] == "64.02" and view["asal_lewat"] == "64" and view["asal_file_awal"].endswith("kukar.db")
    # the same picture as merging the offices' own files: same records, same content
    direct = tmp_path / "langsung.db"
    merge(cli, direct, kukar, ppu, kaltim)
    assert rows(direct, CONTENT) == rows(national, CONTENT)
    # and the roll-up after the offices' files: the relayed copies are the same, nothing changes
    again = merge(cli, direct, kaltim)["sumber"][0]
    assert (again["baru"], again["diubah"], again["sama"]) == (0, 0, 5)
    # re-merging the roll-up is idempotent
    before = rows(national, "SELECT * FROM kasus ORDER BY id")
    again = merge(cli, national, kaltim)["sumber"][0]
    assert (again["baru"], again["diubah"], again["sama"]) == (0, 0, 5)
    assert rows(national, "SELECT * FROM kasus ORDER BY id") == before


def test_relayed_records_update_only_when_newer_by_their_offices_clock(cli, tmp_path, province):
    kukar, ppu, kaltim = province
    national = tmp_path / "nasional.db"
    merge(cli, national, kaltim)
    nomor = KUKAR[1]["nomor"]
    cli("ubah", "--db", kukar, nomor, "--kecamatan", "Tenggarong")
    # the province has not merged Kukar's change yet: nothing to update nationally
    assert merge(cli, national, kaltim)["sumber"][0]["diubah"] == 0
    merge(cli, kaltim, kukar)
    out = merge(cli, national, kaltim)["sumber"][0]
    assert (out["diubah"], out["sama"]) == (1, 4)
    assert rows(national, "SELECT kecamatan FROM kasus WHERE nomor = ? AND kantor = '64.02'", [nomor]) == [("Tenggarong",)]
    assert ("kecamatan", None, "Tenggarong", "gabung kaltim.db") in rows(
        national, "SELECT kolom, lama, baru, asal FROM riwayat")
    # Kukar changes again and hands over to the national level directly
    cli("ubah", "--db", kukar, nomor, "--kecamatan", "Loa Kulu")
    merge(cli, national, kukar)
    # the province's copy is now older than the national one: left out, counted, never written
    out = merge(cli, national, kaltim)["sumber"][0]
    assert out["valid"] and out["dilewati"] == {"lebih_lama": 1} and out["diubah"] == 0
    assert rows(national, "SELECT kecamatan FROM kasus WHERE nomor = ? AND kantor = '64.02'", [nomor]) == [("Loa Kulu",)]
    table = cli("gabung", "--db", national, kaltim)
    assert "lebih_lama 1" in table.stderr + table.stdout


def test_this_offices_own_records_coming_back_are_left_out_and_counted(cli, tmp_path, province):
    kukar, ppu, kaltim = province
    out = merge(cli, kukar, kaltim)["sumber"][0]
    assert out["dilewati"] == {"kantor_sendiri": 2}
    assert (out["baru"], out["kantor_lain"]) == (3, {"64.09": 2})
    assert rows(kukar, "SELECT COALESCE(kantor, '-'), COUNT(*) FROM kasus GROUP BY 1 ORDER BY 1") == [
        ("-", 2), ("64", 1), ("64.09", 2)]


def test_a_rollups_export_carries_kantor_import_refuses_it_gabung_keeps_origins(cli, tmp_path, province):
    kukar, ppu, kaltim = province
    export = tmp_path / "kaltim.csv"
    cli("export", "--db", kaltim, "--format", "csv", "--include-pii", "-o", export)
    with open(export, encoding="utf-8") as f:
        listed = list(csv.DictReader(f))
    assert sorted(r["kantor"] for r in listed) == ["", "64.02", "64.02", "64.09", "64.09"]
    # an office's own export has no kantor column
    own = tmp_path / "kukar.csv"
    cli("export", "--db", kukar, "--format", "csv", "-o", own)
    assert "kantor" not in own.read_text(encoding="utf-8").splitlines()[0].split(",")
    # import: other offices' records are refused, naming the offices and gabung; nothing written
    fresh = tmp_path / "fresh.db"
    r = cli("import", "--db", fresh, export, "--format", "json", code=1)
    problems = json.loads(r.stdout)["files"][0]["problems"] if r.stdout.strip() else []
    text = r.stdout + r.stderr
    assert "64.02" in text and "64.09" in text and "gabung" in text
    assert not problems or {p["code"] for p in problems} == {"other-office"}
    assert rows(fresh, "SELECT COUNT(*) FROM kasus") == [(0,)]
    # gabung of the export: each record keeps its office, the same records as merging the database
    by_file = tmp_path / "nasional-csv.db"
    out = merge(cli, by_file, "--kantor", "64", export)["sumber"][0]
    assert (out["baru"], out["kantor_lain"]) == (5, {"64.02": 2, "64.09": 2})
    by_db = tmp_path / "nasional-db.db"
    merge(cli, by_db, kaltim)
    assert rows(by_file, CONTENT) == rows(by_db, CONTENT)
    assert rows(by_file, "SELECT DISTINCT a.lewat FROM kasus k JOIN asal a ON a.id = k.asal_id WHERE k.kantor <> '64'") == [
        ("64",)]
    # the export's stamps are the offices' own clocks: after the database, the export changes nothing
    again = merge(cli, by_db, "--kantor", "64", export)["sumber"][0]
    assert (again["baru"], again["diubah"], again["sama"], again["dilewati"]) == (0, 0, 5, {})
    # YAML exports carry it too
    yml = tmp_path / "kaltim-export.yaml"
    cli("export", "--db", kaltim, "--include-pii", "-o", yml)
    by_yaml = tmp_path / "nasional-yaml.db"
    merge(cli, by_yaml, "--kantor", "64", yml)
    assert rows(by_yaml, CONTENT) == rows(by_db, CONTENT)


def test_a_relayed_records_problem_names_its_office(cli, tmp_path, province):
    """Two offices may use one nomor: a roll-up's bad record is named with its office."""
    import shutil
    import sqlite3

    _kukar, _ppu, kaltim = province
    evil = tmp_path / "kaltim-edited.db"
    shutil.copy(kaltim, evil)
    with sqlite3.connect(evil) as conn:
        conn.execute("UPDATE kasus SET wilayah = '99.99' WHERE nomor = ? AND kantor = '64.02'", [KUKAR[0]["nomor"]])
    conn.close()
    out = merge(cli, tmp_path / "nasional.db", evil, code=1)["sumber"][0]
    assert [(p["kasus"], p["field"]) for p in out["problems"]] == [(f"{KUKAR[0]['nomor']} (64.02)", "wilayah")]
