"""One rule throughout the commands: the same words accepted, the same exit for a value naming nothing,
the same refusal to overwrite a file unasked."""

import json
import re

from conftest import EXAMPLES, ROOT, count

NIP = "198001012005011001"


def test_add_accepts_the_office_words_imports_accept(cli, db_path):
    cli("add", "--sumber", "LP", "--pemilu", "pilkada-2024", "--kab", "kukar", "--tanggal", "4 Oktober 2024",
        "--pelanggaran", "medsos-interaksi", "--jenis", "pns", "--nama", "A", "--nip", NIP, "--nomor", "X/1")
    [kasus] = json.loads(cli("list", "--format", "json").stdout)
    assert kasus["sumber"] == "laporan"
    cli("ubah", "X/1", "--sumber", "TM")
    assert json.loads(cli("list", "--format", "json").stdout)[0]["sumber"] == "temuan"
    r = cli("ubah", "X/1", "--sumber", "surat kaleng", code=2)  # a word naming nothing is still refused
    assert "--sumber" in r.stderr


def test_a_nomor_or_kode_naming_nothing_is_invalid_input(cli):
    cli("import", EXAMPLES / "kasus.yaml")
    cli("sosialisasi", "import", EXAMPLES / "sosialisasi.yaml")
    for args in (["tahap", "NOPE", "rekomendasi", "--tanggal", "2024-11-01", "--tingkat", "sedang"],
                 ["show", "NOPE"], ["ubah", "NOPE", "--uraian", "x"], ["hapus", "NOPE", "--alasan", "x"],
                 ["sosialisasi", "show", "NOPE"]):
        r = cli(*args, code=1)
        assert "NOPE" in r.stderr


def test_sosialisasi_export_never_overwrites_unasked(cli, tmp_path):
    cli("sosialisasi", "import", EXAMPLES / "sosialisasi.yaml")
    out = tmp_path / "s.yaml"
    out.write_text("kept\n")
    r = cli("sosialisasi", "export", "--output", out, code=2)
    assert "--timpa" in r.stderr and out.read_text() == "kept\n"
    cli("sosialisasi", "export", "--output", out, "--timpa")
    assert out.read_text().startswith("sosialisasi:")
    r = cli("sosialisasi", "export", "--output", tmp_path / "netralitas.db", "--timpa", code=2)  # never the database
    assert count(tmp_path / "netralitas.db", "sosialisasi") > 0


def test_readme_says_hapus_needs_a_reason():
    row = next(line for line in (ROOT / "README.md").read_text().splitlines() if line.startswith("| `netralitas hapus`"))
    assert "--alasan" in row


def test_help_at_80_columns_never_breaks_a_code(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    for command in ("ubah", "report", "add", "tahap", "pantau add", "sosialisasi add", "rekap add"):
        text = cli(*command.split(), "-h").stdout
        for line in text.splitlines():
            stripped = line.strip()
            # a line ending inside a code (an underscore, a bar, a letter right before the box edge) or the next
            # one starting with the rest of a code
            assert not re.search(r"[|_]$", stripped), (command, line)
            assert not re.match(r"[a-z]+_[a-z]+[|,]", stripped) or "," in stripped, (command, line)
        metavars = re.sub(r"[A-Z]+\.\w+\|[A-Z]+\.\w+", "", text)  # BERKAS.svg|BERKAS.png: a file name's forms
        assert "|" not in metavars.replace("│", ""), (command, text)  # choices are written "a, b, c"
