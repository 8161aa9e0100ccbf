"""A laporan received later than the days allowed after the violation became known: a fact `show` states."""

import json


def _laporan(tmp_path, nomor, pemilu, kejadian, diketahui, diterima):
    f = tmp_path / f"{nomor}.csv"
    f.write_text("nomor,sumber,pemilu,wilayah,tanggal_kejadian,tanggal_diketahui,tanggal_diterima,pelanggaran,jenis\n"
                 f"{nomor},laporan,{pemilu},kukar,{kejadian},{diketahui},{diterima},foto-bersama,PNS\n", encoding="utf-8")
    return f


def test_a_late_laporan_is_said_late_and_one_on_time_is_not(cli, tmp_path):
    # pemilu: 7 working days from 1 February 2024 (weekends, 8-9 and 14 February are not working days)
    cli("import", _laporan(tmp_path, "L1", "pemilu-2024", "2024-01-30", "2024-02-01", "2024-02-20"))
    cli("import", _laporan(tmp_path, "L2", "pemilu-2024", "2024-01-30", "2024-02-01", "2024-02-15"))
    # pilkada: 7 days
    cli("import", _laporan(tmp_path, "L3", "pilkada-2024", "2024-10-01", "2024-10-02", "2024-10-10"))
    late = json.loads(cli("show", "L1", "--format", "json").stdout)["pelaporan"]
    assert (late["keadaan"], late["batas"], late["hari_lewat"]) == ("terlambat", "2024-02-15", 5)
    on_time = json.loads(cli("show", "L2", "--format", "json").stdout)["pelaporan"]
    assert (on_time["keadaan"], on_time["batas"]) == ("tepat_waktu", "2024-02-15")
    assert json.loads(cli("show", "L3", "--format", "json").stdout)["pelaporan"]["batas"] == "2024-10-09"
    assert "Filed late: received 20 February 2024, 5 day(s) after the limit of 15 February 2024" in " ".join(
        cli("show", "L1").stderr.split())
    assert "Filed late" not in cli("show", "L2").stderr


def test_a_temuan_or_a_laporan_without_its_dates_has_no_filing_fact(cli, tmp_path):
    cli("add", "--nomor", "T1", "--sumber", "temuan", "--pemilu", "pilkada-2024", "--kab", "kukar", "--tanggal",
        "2024-10-01", "--pelanggaran", "foto-bersama", "--jenis", "PNS")
    assert json.loads(cli("show", "T1", "--format", "json").stdout)["pelaporan"] is None
