"""Tables that fit: at 80 and 200 columns no code, NIP, date or nomor is broken inside a cell."""

import re

import pytest
from rich.console import Console

from netralitas import render
from netralitas.table_fit import allocate, choose, word_width
from conftest import EXAMPLES

EXAMPLE_FILES = [EXAMPLES / "kasus.yaml", EXAMPLES / "kasus.csv", EXAMPLES / "kasus.xlsx"]


@pytest.fixture
def examples(cli):
    cli("import", *EXAMPLE_FILES)
    out = cli("export", "--format", "json", "--include-pii").stdout
    import json

    return json.loads(out)


STRIP = "()[]{},;:'\"."


def words_of(data) -> set[str]:
    """Every word of every key and value of a JSON document, as a table may show it."""
    found: set[str] = set()
    if isinstance(data, dict):
        for k, v in data.items():
            found |= words_of(k) | words_of(v)
    elif isinstance(data, list):
        for v in data:
            found |= words_of(v)
    elif data is not None:
        found |= {w.strip(STRIP) for w in str(data).replace("\n", " ").split()}
        if isinstance(data, float):
            found.add(f"{data:.1f}")
    return found


def cell_words(output: str) -> set[str]:
    """The words inside table cells (between the box rules), as rendered."""
    found = set()
    for line in output.splitlines():
        if "│" in line or "┃" in line:
            for part in re.split(r"[│┃]", line):
                found |= {w.strip(STRIP) for w in part.split()}
    return found - {""}


def assert_whole(output: str, source: set[str], width: int):
    """No line wider than the terminal, and every word in a cell is a word of the data: a code,
    NIP, date or nomor folded across two lines would show as two pieces that are not."""
    long = [line for line in output.splitlines() if len(line) > width]
    assert not long, long
    broken = {w for w in cell_words(output) if w not in source and not w.isdigit() and not re.fullmatch(r"\d\d[.:]\d\d", w)}
    assert not broken, f"broken at width {width}: {sorted(broken)}\n{output}"


def source_words(cli, *commands) -> set[str]:
    import json

    from netralitas.format import MONTHS, ZONA

    found = {"Total", "kode", "uraian", "sanksi", "nilai", "tanggal", "tidak", "terbukti", "pelanggaran", "-"}
    found |= {*MONTHS["id"], *MONTHS["en"], *ZONA.values(), "UTC"}  # dates as people read them: 4 Oktober 2024
    from netralitas.tenggat import NAMA_EN

    found |= words_of(list(NAMA_EN.values()))  # deadline names as English text shows them
    for args in commands:
        found |= words_of(json.loads(cli(*args, "--format", "json").stdout))
    return found


@pytest.mark.parametrize("width", [80, 200])
def test_list_keeps_every_nomor_and_date_whole(cli, examples, monkeypatch, width):
    monkeypatch.setenv("COLUMNS", str(width))
    from netralitas.format import fmt_date

    r = cli("list")
    for c in examples:  # the date as people read it (4 October 2024 in English), on one line
        assert c["nomor"] in r.stdout and fmt_date(c["tanggal_kejadian"]) in r.stdout
    assert_whole(r.stdout, source_words(cli, ["list"]) | words_of(_wilayah_names(examples)), width)
    if width == 80:
        assert "left out at this width" in r.stderr and "--format csv or json" in r.stderr


@pytest.mark.parametrize("width", [80, 200])
def test_show_keeps_the_nip_whole(cli, examples, monkeypatch, width):
    monkeypatch.setenv("COLUMNS", str(width))
    for c in examples:
        r = cli("show", c["nomor"])
        for p in c["terlapor"]:
            if p.get("nip"):
                assert p["nip"] in r.stdout, r.stdout
        assert c["nomor"] in r.stdout
        assert_whole(r.stdout, source_words(cli, ["show", c["nomor"]]) | words_of(_wilayah_names(examples))
                     | {"wilayah_nama", "urutan", "isi", "batal", "tingkat", "jenis", "dibatalkan"}, width)


@pytest.mark.parametrize("width", [80, 200])
@pytest.mark.parametrize("args", [[], ["--by", "pelanggaran"], ["--by", "wilayah,pemilu"], ["--by", "pemilu,sanksi"]])
def test_report_headers_and_codes_whole(cli, examples, monkeypatch, width, args):
    monkeypatch.setenv("COLUMNS", str(width))
    r = cli("report", *args)
    assert_whole(r.stdout, source_words(cli, ["report", *args], ["report", "--by", "sanksi"], ["pelanggaran"])
                 | {"tidak", "terbukti", "wilayah", "pemilu", "diteruskan"}, width)


def test_a_header_never_folds_and_columns_drop_by_priority():
    rows = [{"nomor": "001/Reg/LP/PW/Kota/23.04/X/2024", "tanggal_rekomendasi": "2024-10-18",
             "nip": "199207152019031004", "uraian": "satu dua tiga empat lima enam tujuh delapan sembilan sepuluh"}]
    con = Console(width=70, record=True, no_color=True)
    dropped = render.print_table(rows, list(rows[0]), con=con, priority=["nomor", "nip", "uraian"])
    text = con.export_text()
    assert dropped == ["tanggal_rekomendasi"]
    assert "001/Reg/LP/PW/Kota/23.04/X/2024" in text and "199207152019031004" in text
    assert max(len(line) for line in text.splitlines()) <= 70


def test_allocation_never_below_the_longest_word():
    cols = ["a", "b", "c"]
    mins, maxs = {"a": 10, "b": 31, "c": 5}, {"a": 27, "b": 31, "c": 60}
    widths = allocate(cols, mins, maxs, 80)
    assert all(widths[c] >= mins[c] for c in cols)
    assert sum(widths.values()) + 1 + 3 * len(cols) <= 80
    assert allocate(cols, mins, {"a": 10, "b": 31, "c": 5}, 80) == {"a": 10, "b": 31, "c": 5}  # all fit: at their widest
    assert choose(cols, mins, 40, keep=1) == (["a"], ["b", "c"])
    assert word_width("Kabupaten Kutai Kartanegara") == len("Kartanegara")


def _wilayah_names(cases) -> list[str]:
    from netralitas.wilayah import catalog

    return [catalog().nama(c["wilayah"]) for c in cases]
