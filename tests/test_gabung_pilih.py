"""A register that keeps other offices' records: show finds them; ubah, tahap and hapus refuse them."""

import json

import yaml

from tests.test_gabung import KUKAR, case, merge, rows


def rollup_with_own_clash(cli, tmp_path, offices):
    """A province roll-up holding Kukar's records, and a record of its own with Kukar's first nomor."""
    kukar, ppu, _ = offices
    target = tmp_path / "prov.db"
    cli("kantor", "set", "--db", target, "--nama", "Bawaslu Provinsi Kalimantan Timur", "--wilayah", "64")
    merge(cli, target, kukar, ppu)
    own = tmp_path / "own.yaml"
    own.write_text(yaml.safe_dump({"kasus": [case(KUKAR[0]["nomor"], "64.02", None, None, "Temuan provinsi")]}),
                   encoding="utf-8")
    cli("import", "--db", target, own)
    return target


def test_show_finds_a_merged_record_with_its_office_and_origin(cli, tmp_path, offices):
    target = rollup_with_own_clash(cli, tmp_path, offices)
    nomor = "001/Reg/LP/PB/Kab/23.05/X/2024"  # only PPU's
    view = json.loads(cli("show", "--db", target, nomor.lower(), "--format", "json").stdout)
    assert view["nomor"] == nomor and view["kantor"] == "64.09" and view["kantor_nama"] == "Bawaslu ppu"
    assert view["asal_file"].endswith("ppu.db") and view["asal_waktu"]
    assert view["terlapor"][0]["nama"] == "Bambang Sutrisno"
    table = cli("show", "--db", target, nomor).stdout
    assert "64.09" in table and "Bawaslu ppu" in table


def test_show_lists_every_record_of_a_shared_nomor_or_the_one_asked_for(cli, tmp_path, offices):
    target = rollup_with_own_clash(cli, tmp_path, offices)
    nomor = KUKAR[0]["nomor"]
    views = json.loads(cli("show", "--db", target, nomor, "--format", "json").stdout)
    assert [(v.get("kantor"), v["uraian"]) for v in views] == [(None, "Temuan provinsi"), ("64.02", KUKAR[0]["uraian"])]
    r = cli("show", "--db", target, nomor)
    out = r.stdout
    assert "2 records" in r.stderr + out and "Temuan provinsi" in out and KUKAR[0]["uraian"] in out
    own = json.loads(cli("show", "--db", target, nomor, "--kantor", "sendiri", "--format", "json").stdout)
    assert own["uraian"] == "Temuan provinsi" and "kantor" not in own
    theirs = json.loads(cli("show", "--db", target, nomor, "--kantor", "kukar", "--format", "json").stdout)
    assert theirs["kantor"] == "64.02"
    r = cli("show", "--db", target, nomor, "--kantor", "64.09", code=1)
    assert "64.09" in r.stderr
    # a list of a roll-up shows whose records they are
    listed = json.loads(cli("list", "--db", target, "--format", "json").stdout)
    assert sorted(c.get("kantor") or "-" for c in listed) == ["-", "64.02", "64.02", "64.09", "64.09"]


def test_changes_to_a_merged_record_are_refused_naming_its_office(cli, tmp_path, offices):
    target = rollup_with_own_clash(cli, tmp_path, offices)
    nomor = KUKAR[1]["nomor"]  # kept by Kukar and by PPU, not by the province itself
    before = rows(target, "SELECT * FROM kasus ORDER BY id")
    for args in (("ubah", nomor, "--kecamatan", "Tenggarong"),
                 ("tahap", nomor, "registrasi", "--tanggal", "2024-10-06", "--no-prompt"),
                 ("hapus", nomor, "--alasan", "ganda", "--ya"),
                 ("hapus", nomor, "--batal")):
        r = cli(*args[:1], "--db", target, *args[1:], code=1)
        assert "64.02" in r.stderr and "64.09" in r.stderr and "gabung" in r.stderr, args
        assert "no case has" not in r.stderr
    assert rows(target, "SELECT * FROM kasus ORDER BY id") == before
    # the province's own record with a nomor Kukar also uses is the one changed
    cli("ubah", "--db", target, KUKAR[0]["nomor"], "--kecamatan", "Tenggarong")
    assert rows(target, "SELECT COALESCE(kantor, '-'), kecamatan FROM kasus WHERE nomor = ? ORDER BY kantor",
                [KUKAR[0]["nomor"]]) == [("-", "Tenggarong"), ("64.02", None)]
    # an unknown nomor is still "not found" (invalid input, exit 1)
    r = cli("ubah", "--db", target, "999/none", "--kecamatan", "X", code=1)
    assert "no case has" in r.stderr


def test_an_update_file_naming_a_merged_record_is_refused_naming_its_office(cli, tmp_path, offices):
    target = rollup_with_own_clash(cli, tmp_path, offices)
    update = tmp_path / "perbarui.csv"
    update.write_text(f"nomor,kecamatan\n{KUKAR[1]['nomor']},Tenggarong\n", encoding="utf-8")
    before = rows(target, "SELECT * FROM kasus ORDER BY id")
    r = cli("import", "--db", target, "--perbarui", "--format", "json", update, code=1)
    problems = json.loads(r.stdout)["files"][0]["problems"]
    assert [p["code"] for p in problems] == ["merged-record"] and "64.02" in problems[0]["message"]
    assert rows(target, "SELECT * FROM kasus ORDER BY id") == before
