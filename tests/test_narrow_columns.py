"""At 80 columns each table keeps the columns that answer its command's question; the notes about what
was left out are wrapped to the terminal."""

import pytest

from conftest import EXAMPLES

NOMOR = "001/Reg/LP/PW/Kota/23.04/X/2024"


@pytest.fixture
def narrow(cli, monkeypatch):
    cli("import", *(EXAMPLES / f"kasus.{x}" for x in ("yaml", "csv", "xlsx")))
    cli("sosialisasi", "import", EXAMPLES / "sosialisasi.yaml")
    cli("pantau", "import", EXAMPLES / "pantau.csv")
    cli("rekap", "import", EXAMPLES / "rekap.yaml")
    cli("ubah", NOMOR, "--uraian", "Uraian yang dikoreksi setelah klarifikasi")
    monkeypatch.setenv("COLUMNS", "80")
    return cli


def headers(text: str, title: str | None = None) -> set[str]:
    """The column names of the (first, or titled) table in `text`."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if title is None or line.startswith(title))
    line = next(line for line in lines[start:] if line.startswith("┃"))
    return {cell.strip() for cell in line.strip("┃").split("┃")}


@pytest.mark.parametrize("args, title, wanted", [
    (["tenggat"], None, {"nomor", "tenggat_nama", "hari_lewat", "keadaan"}),
    (["report", "--tertunda", "30"], "Awaiting", {"nomor", "hari"}),
    (["show", NOMOR], "Riwayat", {"kolom", "lama", "baru"}),
    (["pantau", "list"], None, {"kode", "wilayah_nama", "hasil"}),
    (["report", "--kab", "ppu"], "Neutrality report", {"pemilu", "kasus", "terlapor", "disanksi", "cakupan"}),
])
def test_the_columns_that_answer_the_question_stay_at_80_columns(narrow, args, title, wanted):
    r = narrow(*args)
    shown = headers(r.stdout, title)
    assert wanted <= shown, (shown, r.stdout)
    assert all(len(line) <= 80 for line in r.stdout.splitlines()), r.stdout


def test_notes_about_left_out_columns_are_wrapped_to_the_terminal(narrow):
    r = narrow("report", "--kab", "ppu")
    assert "left out at this width" in " ".join(r.stderr.split())
    assert all(len(line) <= 80 for line in r.stderr.splitlines()), r.stderr
