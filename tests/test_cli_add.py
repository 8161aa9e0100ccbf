"""`add`, `list`, `show`, `info` through the CLI, exit codes included."""

import json

import pytest

from conftest import ADD, count


def test_add_prints_a_generated_nomor_and_stores(cli, db_path):
    r = cli(*ADD, "--nama", "Budi", "--nip", "198001012005011001", "--jenis", "pns", "--sanksi", "sedang")
    nomor = r.stdout.strip()
    assert nomor.startswith("NTR-")
    assert "saved" in r.stderr
    assert count(db_path) == 1 and count(db_path, "terlapor") == 1
    shown = json.loads(cli("show", nomor, "--format", "json").stdout)
    assert shown["wilayah"] == "64.02" and shown["tanggal_kejadian"] == "2024-10-04"
    assert shown["terlapor"][0]["status"] == "disanksi"
    assert shown["terlapor"][0]["nip"] == "198001012005011001"


def test_add_never_rewrites_a_recorded_case(cli, db_path):
    cli(*ADD, "--nomor", "001/Reg/LP/2024", "--jenis", "PNS", "--nama", "Budi")
    r = cli(*ADD, "--nomor", "001/Reg/LP/2024", "--jenis", "PNS", "--nama", "Budi")
    assert r.stdout.strip() == "001/Reg/LP/2024" and "already recorded" in r.stderr
    r = cli(*ADD, "--nomor", "001/Reg/LP/2024", "--jenis", "PPPK", code=1)
    assert "already exists with other content" in r.stderr and "netralitas ubah" in r.stderr
    shown = json.loads(cli("show", "001/Reg/LP/2024", "--format", "json").stdout)
    assert shown["terlapor"][0]["nama"] == "Budi" and shown["riwayat"] == []


def test_db_option_beats_environment(cli, tmp_path, db_path):
    other = tmp_path / "other.db"
    cli(*ADD, "--db", other)
    assert count(other) == 1 and not db_path.exists()


@pytest.mark.parametrize("option,value,fragment", [
    ("--kab", "Kutai Kertanegaraa", "did you mean Kabupaten Kutai Kartanegara (64.02)"),
    ("--kab", "bandung", "32.04 Kabupaten Bandung; 32.73 Kota Bandung"),
    ("--kab", "mura", "16.05 Kabupaten Musi Rawas; 62.12 Kabupaten Murung Raya"),
    ("--pemilu", "pilkada-2023", "did you mean pilkada-2024"),
    ("--pelanggaran", "medsos-like", "did you mean"),
    ("--tanggal", "2024-02-30", "no such date"),
    ("--nip", "198001012005013001", "digit 15 is the sex"),
    ("--jenis", "pejabat", "PNS, PPPK, ASN, TNI, Polri"),
    ("--sumber", "aduan", "temuan, laporan"),
])
def test_bad_option_value_exit_2_nothing_written(cli, db_path, option, value, fragment):
    args = list(ADD)
    if option in args:
        args[args.index(option) + 1] = value
    else:
        args += [option, value]
    r = cli(*args, code=2)
    assert fragment in " ".join(r.stderr.split())
    assert option in r.stderr
    assert count(db_path) == 0


def test_invalid_record_exit_1_nothing_written(cli, db_path):
    r = cli(*ADD, "--status", "tidak_terbukti", "--sanksi", "berat", code=1)
    assert "status-contradiction" in r.stderr and "tidak_terbukti" in r.stderr
    r = cli(*ADD, "--diterima", "2024-10-01", code=1)
    assert "tanggal_diterima" in r.stderr
    assert count(db_path) == 0


def test_missing_required_without_terminal_is_a_usage_error(cli, db_path):
    r = cli("add", "--sumber", "temuan", "--pemilu", "pilkada-2020", code=2)
    assert "--kab" in r.stderr and "--tanggal" in r.stderr and "--pelanggaran" in r.stderr
    assert count(db_path) == 0


def test_prompts_for_missing_fields_and_asks_again(cli, db_path):
    answers = "\n".join(["laporan", "pilkada-2020", "bandung", "kukar", "31/02/2020", "2 Oktober 2020", "foto-bersama",
                         "", "Memasang baliho", "Budi", "1234", "198001012005011001", "PNS", "", ""]) + "\n"
    r = cli("add", "--prompt", input=answers)
    assert "ambiguous" in r.stderr and "no such date" in r.stderr
    assert "temuan, laporan" in r.stderr  # the choices are offered
    assert count(db_path) == 1
    case = json.loads(cli("list", "--format", "json").stdout)[0]  # the terlapor and uraian were asked for too
    assert case["uraian"] == "Memasang baliho" and case["nomor"].startswith("NTR-")
    assert [(p["nama"], p["nip"], p["jenis"]) for p in case["terlapor"]] == [("Budi", "198001012005011001", "PNS")]


def test_list_and_show_name_terlapor_report_never_does(cli):
    cli(*ADD, "--nama", "Siti Rahayu", "--nip", "199005212015032002", "--jenis", "PNS")
    assert "Siti Rahayu" in cli("list").stdout
    assert json.loads(cli("list", "--format", "json").stdout)[0]["terlapor"][0]["nama"] == "Siti Rahayu"
    assert "Siti Rahayu" in cli("list", "--format", "csv").stdout
    for args in (["report"], ["report", "--format", "json"], ["report", "--by", "instansi", "--format", "csv"],
                 ["report", "--by", "jenis", "--format", "markdown"], ["report", "--di-bawah-pedoman", "--tertunda", "0"]):
        out = cli(*args).stdout
        assert "Siti" not in out and "199005212015032002" not in out


def test_list_filters(cli):
    cli(*ADD)
    cli("add", "--sumber", "temuan", "--pemilu", "pilkada-2020", "--kab", "ppu", "--tanggal", "2020-10-01",
        "--pelanggaran", "foto-bersama")
    assert len(json.loads(cli("list", "--kab", "ppu", "--format", "json").stdout)) == 1
    assert len(json.loads(cli("list", "--prov", "kaltim", "--format", "json").stdout)) == 2
    assert len(json.loads(cli("list", "--sumber", "laporan", "--pemilu", "pilkada-2024", "--format", "json").stdout)) == 1
    assert json.loads(cli("list", "--status", "disanksi", "--format", "json").stdout) == []
    cli("list", "--kab", "bandung", code=2)


def test_show_unknown_nomor(cli):
    cli(*ADD)
    r = cli("show", "nope", code=1)
    assert "no case has the nomor 'nope'" in r.stderr


def test_info(cli, db_path):
    r = cli("info", "--format", "json")
    assert json.loads(r.stdout)["ada"] is False
    cli(*ADD)
    data = json.loads(cli("info", "--format", "json").stdout)
    assert data["database"] == str(db_path) and data["dipilih_oleh"] == "NETRALITAS_DB"
    assert data["kasus"] == 1 and "m003_report_counts" in data["migrasi"] and "m022_rekap" in data["migrasi"]
    assert data["migrasi"][-1] == "m044_impor_tertunda" and "m023_impor_berkas" in data["migrasi"]
    assert (data["sosialisasi"], data["pantau"], data["rekap"]) == (0, 0, 0)
