"""Messages about hostile files, damaged databases and command-line mistakes speak the language in use,
numbers and dates written as it writes them."""

import os
import re
import subprocess
import sys

from conftest import EXAMPLES
from test_i18n import ENGLISH, INDONESIAN, words

HEADER = "nomor,sumber,pemilu,wilayah,tanggal_kejadian,pelanggaran,uraian,nama,nip,jenis\n"
ROW = "L{n},laporan,pilkada-2024,kukar,2024-10-04,medsos-interaksi,{uraian},Nama,198001012005011088,PNS\n"


def run(*args, lang: str, code=None, columns=200, cwd=None):
    e = {**os.environ, "NETRALITAS_LANG": lang, "COLUMNS": str(columns), "NO_COLOR": "1"}
    r = subprocess.run([sys.executable, "-m", "netralitas", *map(str, args)], capture_output=True, text=True, env=e,
                       cwd=cwd)
    if code is not None:
        assert r.returncode == code, r.stdout + r.stderr
    return r.stdout + r.stderr


def hostile_files(tmp_path):
    """One file per kind the readers refuse: a long line, a long field, a long header, a file that is no workbook."""
    files = {"line.csv": HEADER + ROW.format(n=1, uraian="b" * (4 * 2**20 + 10)),
             "field.csv": HEADER + ROW.format(n=1, uraian='"' + "a" * 1_100_000 + '"'),
             "header.csv": ",".join(f"c{i}" for i in range(12_000)) + "\n1\n"}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "fake.xlsx").write_bytes(b"this is not a zip file\n" * 10)
    return [tmp_path / name for name in [*files, "fake.xlsx"]]


def test_problems_of_hostile_files_are_indonesian_with_indonesian_numbers(tmp_path):
    text = ""
    for f in hostile_files(tmp_path):
        text += run("import", "--db", tmp_path / "a.db", "--format", "json", f, lang="id", code=1)
    for code in ("line-too-long", "field-too-long", "header-too-long", "bad-file"):
        assert code in text
    assert "65.536" in text and "4.194.304" in text and "1.048.576" in text  # Indonesian thousands
    assert "65,536" not in text
    english = words(re.sub(r"\([A-Za-z]+: [^)]*\)", "", text)) & ENGLISH  # the parser's own words kept in brackets
    assert not english, english


def test_a_folder_or_a_damaged_database_is_told_in_indonesian(tmp_path):
    (tmp_path / "adir").mkdir()
    (tmp_path / "notdb.db").write_bytes(b"not sqlite at all " * 100)
    folder = run("report", "--db", "adir", lang="id", code=2, cwd=tmp_path)
    assert "variabel lingkungan" in folder and "folder" in folder and "env var" not in folder
    damaged = run("report", "--db", tmp_path / "notdb.db", lang="id", code=3)
    assert "rusak" in damaged
    assert not words(re.sub(r"\(file is not a database\)", "", damaged)) & ENGLISH, damaged


def test_report_hints_and_the_summary_speak_one_language(tmp_path):
    db = tmp_path / "a.db"
    run("import", "--db", db, *(EXAMPLES / f"kasus.{x}" for x in ("yaml", "csv", "xlsx")), lang="en", code=0)
    cross = run("report", "--db", db, "--by", "wilayah,sanksi", lang="id", columns=60)
    assert "atau" in cross and "markdown or json" not in cross
    summary = run("report", "--db", db, lang="en")
    assert "imposed sanctions are lighter than the guideline level" in " ".join(summary.split()), summary
    assert not words("\n".join(l for l in summary.splitlines() if not {"│", "┃"} & set(l))) & INDONESIAN - {"tidak"}


def test_deadline_names_are_english_in_english_and_the_catalog_s_in_json(tmp_path):
    db = tmp_path / "a.db"
    run("import", "--db", db, EXAMPLES / "kasus.yaml", lang="en", code=0)
    table = " ".join(run("tenggat", "--db", db, lang="en", columns=200).split())
    assert "the PPK's decision on the recommendation" in table and "keputusan PPK atas" not in table
    shown = " ".join(run("show", "--db", db, "001/Reg/LP/PW/Kota/23.04/X/2024", lang="en", columns=200).split())
    assert "konvensi kerja" not in shown
    assert "keputusan PPK atas rekomendasi" in run("tenggat", "--db", db, lang="id", columns=200)
    assert "keputusan PPK atas rekomendasi" in run("tenggat", "--db", db, "--format", "json", lang="en")
