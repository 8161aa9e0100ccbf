"""One person is named once in a case: the same NIP twice, or without NIP the same name and jabatan
twice, is a `duplicate-terlapor` problem for import, validate and `ubah --tambah-terlapor`."""

import json
import sqlite3

from conftest import ADD, count

NIP = "198001012005012011"
HEADER = "nomor,sumber,pemilu,wilayah,tanggal_kejadian,pelanggaran,nama,nip,jabatan,jenis"
ROW = "temuan,pilkada-2024,kukar,2024-10-01,foto-bersama"


def write(path, *rows):
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_the_same_nip_twice_in_a_case_is_refused_masked_with_its_lines(cli, tmp_path, db_path):
    f = write(tmp_path / "dupes.csv",
              f"D1,{ROW},Lia,{NIP},,PNS",
              f"D2,{ROW},Mia,,,PNS",
              f"D1,{ROW},Lia,{NIP},,PNS",
              f",{ROW},Oki,,guru,PNS",
              f",{ROW},oki ,,Guru,PNS")
    r = cli("import", f, code=1)
    assert count(db_path) == 0 and NIP not in r.stdout + r.stderr
    r = cli("validate", f, "--format", "json", code=1)
    problems = json.loads(r.stdout)["files"][0]["problems"]
    assert [(p["code"], p["field"], p["value"], p["line"]) for p in problems] == [
        ("duplicate-terlapor", "nip", "1980…011", 4), ("duplicate-terlapor", "nama", "o…", 6)]
    assert problems[0]["message"].startswith("D1: the terlapor at line 4 has the same NIP as the one at line 2")
    assert "the case at line 5" in problems[1]["message"] and NIP not in r.stdout
    # the same person in another case, the same name with another jabatan, or persons named by
    # neither (an export without personal data) are not duplicates
    f = write(tmp_path / "fine.csv",
              f"D1,{ROW},Lia,{NIP},,PNS",
              f"D2,{ROW},Lia,{NIP},,PNS",
              f"D3,{ROW},Oki,,guru,PNS",
              f"D3,{ROW},Oki,,camat,PNS",
              f"D4,{ROW},,,,PNS",
              f"D4,{ROW},,,,PNS")
    cli("import", f)
    report = json.loads(cli("report", "--format", "json").stdout)["total"]
    assert report["terlapor"] == 6


def test_a_yaml_case_naming_a_person_twice_is_refused(cli, tmp_path, db_path):
    f = tmp_path / "dupes.yaml"
    f.write_text(f"""\
- nomor: Y1
  sumber: temuan
  pemilu: pilkada-2024
  wilayah: kukar
  tanggal_kejadian: 2024-10-01
  pelanggaran: foto-bersama
  terlapor:
    - {{nama: Lia, nip: '{NIP}', jenis: PNS}}
    - {{nama: Lia Lestari, nip: '{NIP}', jenis: PNS}}
""", encoding="utf-8")
    r = cli("validate", f, "--format", "json", code=1)
    problems = json.loads(r.stdout)["files"][0]["problems"]
    assert [(p["code"], p["line"]) for p in problems] == [("duplicate-terlapor", 9)]
    cli("import", f, code=1)
    assert count(db_path) == 0


def test_ubah_does_not_add_a_person_the_case_names(cli, db_path):
    cli(*ADD, "--nomor", "D2", "--nama", "Mia", "--nip", NIP, "--jenis", "PNS", "--jabatan", "guru")
    r = cli("ubah", "D2", "--tambah-terlapor", "--nip", NIP, "--nama", "Mia Lestari", code=1)
    assert "duplicate-terlapor" in r.stderr and "terlapor 1 has the same NIP" in r.stderr
    assert NIP not in r.stderr and "1980…011" in r.stderr
    r = cli("ubah", "D2", "--tambah-terlapor", "--nama", "mia", "--jabatan", "Guru", code=1)
    assert "duplicate-terlapor" in r.stderr and "same name and jabatan" in r.stderr
    assert count(db_path, "terlapor") == 1
    cli("ubah", "D2", "--tambah-terlapor", "--nama", "Mia", "--jabatan", "camat")  # another Mia
    r = cli("ubah", "D2", "--terlapor", "2", "--jabatan", "guru", code=1)  # a correction that makes her the first
    assert "duplicate-terlapor" in r.stderr
    assert count(db_path, "terlapor") == 2


def test_a_person_stored_twice_before_is_named_by_position(cli, db_path):
    """A register may hold one NIP twice in a case (stored before this was refused): `tahap` says so."""
    cli(*ADD, "--nomor", "D1", "--nama", "Lia", "--nip", NIP, "--jenis", "PNS")
    with sqlite3.connect(db_path) as conn:
        conn.execute("INSERT INTO terlapor (kasus_id, urutan, nama, nip, jenis, status) "
                     "SELECT kasus_id, 2, nama, nip, jenis, status FROM terlapor")
    r = cli("tahap", "D1", "pleno", "--terlapor", NIP, "--tanggal", "2024-10-05", "--hasil", "terbukti", code=2)
    assert "terlapor 1, 2 of this case all match" in r.stderr and NIP not in r.stderr
    cli("tahap", "D1", "pleno", "--terlapor", "2", "--tanggal", "2024-10-05", "--hasil", "terbukti")
    cli("ubah", "D1", "--uraian", "dua kali tercatat")  # the case is still corrected as before
