"""A source database's records are checked as an imported file's rows: a source edited by hand
(or written by a faulty tool) is refused whole, its problems listed by case, no name or NIP shown."""

import copy
import json
import shutil
import sqlite3

from tests.test_gabung import KUKAR, merge, office, rows

NOMOR = KUKAR[0]["nomor"]
NAMA, NIP = KUKAR[0]["terlapor"][0]["nama"], KUKAR[0]["terlapor"][0]["nip"]


def state(db) -> list[tuple]:
    """Everything a refused source must leave as it is."""
    return [(t, rows(db, f"SELECT * FROM {t} ORDER BY 1")) for t in ("kasus", "terlapor", "tahapan", "asal", "riwayat")]


def edited(tmp_path, source, name: str, *sql: str):
    """A copy of an office's database, edited by hand."""
    copy = tmp_path / f"{name}.db"
    shutil.copy(source, copy)
    with sqlite3.connect(copy) as conn:
        for statement in sql:
            conn.execute(statement)
    conn.close()
    return copy


def rollup_with(cli, tmp_path):
    """A province roll-up that merged Kukar's register; Kukar's database."""
    kukar = office(cli, tmp_path, "kukar", "64.02", KUKAR)
    rollup = tmp_path / "prov.db"
    cli("kantor", "set", "--db", rollup, "--nama", "Bawaslu Kaltim", "--wilayah", "64")
    merge(cli, rollup, kukar)
    return rollup, kukar


def test_a_hand_edited_source_is_refused_whole_without_showing_a_name_or_nip(cli, tmp_path):
    rollup, _kukar = rollup_with(cli, tmp_path)
    # Kukar's register a day later, with a new case (valid) and a changed one: neither may land
    later = office(cli, tmp_path, "kukar-later", "64.02", [copy.deepcopy(c) for c in (*KUKAR, {**KUKAR[1], "nomor": "003/K"})])
    evil = edited(tmp_path, later, "evil",
                  f"UPDATE kasus SET pelanggaran = '{NAMA} {NIP}' WHERE nomor = '{NOMOR}'",
                  f"UPDATE terlapor SET jenis = 'NIP {NIP} {NAMA}' WHERE kasus_id = (SELECT id FROM kasus WHERE nomor = '{NOMOR}')")
    before = state(rollup)
    out = merge(cli, rollup, evil, code=1)["sumber"][0]
    assert state(rollup) == before
    assert (out["valid"], out["baru"], out["diubah"]) == (False, 0, 0)
    got = {(p["kasus"], p["field"], p["code"]) for p in out["problems"]}
    assert got == {(NOMOR, "pelanggaran", "unknown-pelanggaran"), (NOMOR, "terlapor[0].jenis", "bad-enum")}
    assert all(p["file"] == str(evil) for p in out["problems"]), out["problems"]
    assert all("known:" in p["message"] or "not one of" in p["message"] for p in out["problems"]), out["problems"]
    table = cli("gabung", "--db", rollup, evil, code=1)
    for text in (json.dumps(out), table.stdout + table.stderr):
        assert NIP not in text and NAMA not in text and "Sari" not in text.replace(NAMA, "")
    assert NOMOR in table.stderr
    assert state(rollup) == before


def test_invalid_values_and_broken_rules_are_each_listed(cli, tmp_path):
    rollup, kukar = rollup_with(cli, tmp_path)
    second = KUKAR[1]["nomor"]
    evil = edited(tmp_path, kukar, "evil",
                  f"UPDATE kasus SET wilayah = '99.99', tanggal_kejadian = 'not-a-date', "
                  f"pelanggaran = 'x''); DROP TABLE kasus;--' WHERE nomor = '{NOMOR}'",
                  f"UPDATE terlapor SET status = 'BOGUS', nip = '12345' WHERE kasus_id = "
                  f"(SELECT id FROM kasus WHERE nomor = '{NOMOR}')",
                  # a sanction level its type contradicts, and a sanction before the incident
                  f"UPDATE terlapor SET status = 'disanksi', sanksi = 'ringan', "
                  f"sanksi_jenis = 'pemberhentian dengan hormat tidak atas permintaan sendiri sebagai PNS', "
                  f"tanggal_sanksi = '2024-01-05' WHERE kasus_id = (SELECT id FROM kasus WHERE nomor = '{second}')")
    before = state(rollup)
    out = merge(cli, rollup, evil, code=1)["sumber"][0]
    assert state(rollup) == before
    got = {(p["kasus"], p["field"], p["code"]) for p in out["problems"]}
    assert {(NOMOR, "wilayah", "unknown-wilayah"), (NOMOR, "tanggal_kejadian", "bad-tanggal"),
            (NOMOR, "pelanggaran", "unknown-pelanggaran"), (NOMOR, "terlapor[0].status", "bad-enum"),
            (NOMOR, "terlapor[0].nip", "bad-nip")} <= got
    assert any(k == second and f == "terlapor[0].sanksi" for k, f, _c in got), got
    assert "12345" not in json.dumps(out)


def test_stages_out_of_order_are_refused(cli, tmp_path):
    rollup, kukar = rollup_with(cli, tmp_path)
    evil = edited(tmp_path, kukar, "evil", f"UPDATE kasus SET tanggal_registrasi = '2024-09-01' WHERE nomor = '{NOMOR}'")
    out = merge(cli, rollup, evil, code=1)["sumber"][0]
    assert [(p["kasus"], p["code"]) for p in out["problems"]] == [(NOMOR, "tahap-order")]


def test_other_sources_of_the_same_merge_go_on(cli, tmp_path):
    rollup, kukar = rollup_with(cli, tmp_path)
    evil = edited(tmp_path, kukar, "evil", f"UPDATE kasus SET wilayah = '99.99' WHERE nomor = '{NOMOR}'")
    ppu = office(cli, tmp_path, "ppu", "64.09", copy.deepcopy([{**KUKAR[0], "wilayah": "64.09", "nomor": "001/PPU"}]))
    out = merge(cli, rollup, evil, ppu, code=1)["sumber"]
    assert [(s["valid"], s["baru"]) for s in out] == [(False, 0), (True, 1)]
    assert rows(rollup, "SELECT kantor, nomor FROM kasus ORDER BY id")[-1] == ("64.09", "001/PPU")


def test_a_valid_source_still_merges_and_a_value_in_another_form_is_stored_as_import_stores_it(cli, tmp_path):
    rollup, kukar = rollup_with(cli, tmp_path)
    assert rows(rollup, "SELECT COUNT(*) FROM kasus") == [(2,)]
    # (hand-edited, but valid: written as an office would write it in a file)
    edited(tmp_path, kukar, "kukar-again", f"UPDATE kasus SET uraian = 'Diubah', sumber = 'Laporan' "
                                           f"WHERE nomor = '{NOMOR}'")
    out = merge(cli, rollup, tmp_path / "kukar-again.db")["sumber"][0]
    assert (out["valid"], out["baru"], out["diubah"], out["sama"]) == (True, 0, 1, 1)
    assert rows(rollup, "SELECT sumber, uraian FROM kasus WHERE nomor = ?", [NOMOR]) == [("laporan", "Diubah")]


def test_terbitkan_refuses_a_value_it_cannot_interpret_without_a_traceback(cli, tmp_path):
    """(A register edited by hand: what gabung now refuses may still be in one.)"""
    kukar = office(cli, tmp_path, "kukar", "64.02", KUKAR)
    with sqlite3.connect(kukar) as conn:
        conn.execute(f"UPDATE kasus SET tanggal_kejadian = 'not-a-date', pelanggaran = '{NAMA} {NIP}' "
                     f"WHERE nomor = '{NOMOR}'")
    conn.close()
    out = tmp_path / "terbit.db"
    r = cli("terbitkan", "--db", kukar, out, code=3)
    assert NOMOR in r.stderr and "tanggal_kejadian" in r.stderr and "pelanggaran" in r.stderr
    assert NIP not in r.stderr and NAMA not in r.stderr and "ValueError" not in r.stderr
    assert not out.exists()
    # report shows what is stored, as it shows an unknown code
    assert "not-a-d" in cli("report", "--db", kukar, "--by", "bulan", "--format", "csv").stdout


def test_a_short_name_is_hidden_and_the_words_of_a_vocabulary_are_not(cli, tmp_path):
    """A name of three letters is masked wherever the message repeats it (the alias hint too); a
    word of a closed vocabulary in the wrong column, and the list a message offers, stay readable."""
    rollup, kukar = rollup_with(cli, tmp_path)
    second = KUKAR[1]["nomor"]
    evil = edited(tmp_path, kukar, "evil",
                  f"UPDATE terlapor SET jenis = 'Ani' WHERE kasus_id = (SELECT id FROM kasus WHERE nomor = '{NOMOR}')",
                  f"UPDATE terlapor SET status = 'sedang' WHERE kasus_id = (SELECT id FROM kasus WHERE nomor = '{second}')")
    out = merge(cli, rollup, evil, code=1)["sumber"][0]
    text = json.dumps(out)
    assert "Ani" not in text.replace("kecamatan", "")
    by_field = {(p["kasus"], p["field"]): p for p in out["problems"]}
    jenis, status = by_field[(NOMOR, "terlapor[0].jenis")], by_field[(second, "terlapor[0].status")]
    assert jenis["value"] == "A…" and "alias jenis A…" in jenis["message"]
    assert status["value"] == "sedang" and "diproses, tidak_terbukti, direkomendasikan, disanksi" in status["message"]


def test_a_nip_typed_into_another_column_of_a_file_is_masked(cli, tmp_path):
    """(import and validate) A value with as many digits as a NIP is personal, whatever its column."""
    f = tmp_path / "salah-kolom.csv"
    f.write_text("nomor,sumber,pemilu,wilayah,tanggal_kejadian,pelanggaran,nama,status\n"
                 f"K1,temuan,pilkada-2024,kukar,2024-10-01,foto-bersama,Seseorang,{NIP}\n"
                 "K2,temuan,pilkada-2024,kukar,2024-13-45,foto-bersama,Lain,\n", encoding="utf-8")
    out = cli("import", f, "--format", "json", code=1).stdout
    assert NIP not in out and f"{NIP[:4]}…{NIP[-3:]}" in out
    assert "2024-13-45" in out  # a date, a nomor or a code has fewer digits: shown as it is, to be fixed
