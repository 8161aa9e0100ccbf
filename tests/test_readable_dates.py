"""Dates people read are written as the language writes them (4 Oktober 2024); JSON and CSV keep ISO."""

import json
import os
import re
import subprocess
import sys

from conftest import EXAMPLES

NOMOR = "001/Reg/LP/PW/Kota/23.04/X/2024"


def run(db, *args, lang="id", code=0):
    e = {**os.environ, "NETRALITAS_LANG": lang, "COLUMNS": "200", "NO_COLOR": "1", "NETRALITAS_DB": str(db)}
    r = subprocess.run([sys.executable, "-m", "netralitas", *map(str, args)], capture_output=True, text=True, env=e)
    assert r.returncode == code, r.stdout + r.stderr
    return r.stdout + r.stderr


def test_stage_dates_deadlines_and_withdrawals_in_indonesian(tmp_path):
    db = tmp_path / "a.db"
    run(db, "add", "--sumber", "laporan", "--pemilu", "pilkada-2024", "--kab", "kukar", "--tanggal", "2024-10-04",
        "--pelanggaran", "medsos-interaksi", "--jenis", "PNS", "--nama", "A", "--nip", "198001012005011001",
        "--nomor", "X/1", "--diterima", "2024-10-05")
    future = run(db, "tahap", "X/1", "registrasi", "--tanggal", "2030-01-01", code=1)
    assert "1 Januari 2030" in future and "2030-01-01 ada" not in future
    run(db, "tahap", "X/1", "registrasi", "--tanggal", "2024-10-07")
    state = run(db, "ubah", "X/1", "--batalkan-tahap", "registrasi", "--alasan", "salah catat")
    assert "batas 8 Oktober 2024" in state, state  # the next step's deadline, as the state after a change says it
    shown = run(db, "show", "X/1")
    assert not re.search(r"dibatalkan \d{4}-", shown) and re.search(r"dibatalkan \d+ \w+ \d{4}", shown), shown
    machine = json.loads(run(db, "tenggat", "--format", "json", lang="en"))
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d", r["batas"]) for r in machine["rows"])


def test_the_sanction_catalog_shows_its_periods_as_dates_people_read(tmp_path):
    text = run(tmp_path / "a.db", "sanksi")
    assert "Agustus 2021" in text and "2021-08-30" not in text
    csv = run(tmp_path / "a.db", "sanksi", "--format", "csv")
    assert "2021-08-30" in csv


def test_the_digest_markdown_writes_dates_and_times_for_people(tmp_path):
    db = tmp_path / "a.db"
    run(db, "import", EXAMPLES / "kasus.yaml", EXAMPLES / "kasus.csv")
    run(db, "digest", "--out", tmp_path / "dg")
    run(db, "tahap", NOMOR, "sanksi", "--tanggal", "2024-11-20", "--tingkat", "sedang")
    run(db, "digest", "--out", tmp_path / "dg")
    [md] = (tmp_path / "dg").glob("*.md")
    text = md.read_text()
    tables = "\n".join(line for line in text.splitlines() if line.startswith("| ") and "---" not in line)
    assert "November" in tables
    assert not re.search(r"\b\d{4}-\d\d-\d\d", tables), tables
    [js] = (tmp_path / "dg").glob("*.json")
    assert re.search(r"\d{4}-\d\d-\d\d", js.read_text())


def test_date_problems_of_a_file_name_the_dates_as_people_write_them(tmp_path):
    f = tmp_path / "x.csv"
    f.write_text("nomor,sumber,pemilu,wilayah,tanggal_kejadian,tanggal_diterima,pelanggaran,nama,nip,jenis\n"
                 "F1,laporan,pilkada-2024,kukar,2024-10-04,2024-10-01,medsos-interaksi,A,198001012005011088,PNS\n"
                 "F2,laporan,pilkada-2024,kukar,2030-10-04,,medsos-interaksi,A,198001012005011087,PNS\n")
    problems = json.loads(run(tmp_path / "a.db", "validate", f, "--format", "json", code=1))
    messages = [p["message"] for x in problems["files"] for p in x["problems"]]
    assert any("sebelum kejadian pada 4 Oktober 2024" in m for m in messages), messages
    assert any("4 Oktober 2030 ada di masa depan" in m for m in messages), messages
