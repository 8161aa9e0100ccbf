"""The YAML reader's quick path (yaml_quick) gives what libyaml gives: the same cases, values and
lines, then the same refusal, on every YAML file of the tests and on generated variants of the
shapes it reads and the ones it must leave to libyaml."""

import random
from pathlib import Path

import pytest

from netralitas import yaml_quick, yaml_reader
from test_yaml_reader import TEXTS

ROOT = Path(__file__).resolve().parent.parent


def _outcome(items):
    got, end = [], None
    try:
        for item in items:
            got.append(item)
    except yaml_reader.YamlRefused as e:
        end = e.problem
    return got, end


def _same(path: Path, key: str = "kasus") -> tuple:
    """The reader's outcome (quick path first) and libyaml's alone: they must be equal.

    libyaml checks the characters of a whole buffer (16 KiB) before it parses them, so a
    character it refuses (or a byte that is not UTF-8) refuses the file before the cases ahead
    of it in that buffer are given; the quick path gives those first. The refusal is the same,
    and the file is refused whole either way."""
    here, there = _outcome(yaml_reader.read_yaml(path, key)), _outcome(yaml_reader.libyaml_cases(path, key))
    if there[1] is not None and (there[1].line is None or there[1].code == "bad-encoding"):
        assert here[1] == there[1] and here[0][:len(there[0])] == there[0], path.read_bytes()[:2000]
    else:
        assert here == there, path.read_bytes()[:2000]
    return here


def _quick(path: Path, key: str = "kasus") -> tuple[list, int | None]:
    """What the quick path gives alone, and what it returns (None: it read the whole file)."""
    items, cases = [], yaml_quick.cases(path, key)
    while True:
        try:
            items.append(next(cases))
        except StopIteration as stop:
            return items, stop.value


BASE = """kasus:
  - nomor: "0001/Reg/LP/64.02/2024"
    sumber: laporan
    pemilu: 'pilkada-2024'
    wilayah: "64.02"
    tanggal_kejadian: 2024-10-04
    pelanggaran: lainnya
    uraian: Kasus satu, dengan koma
    bukti:
      - foto-1.png
      - https://example.org/a?b=c
    terlapor:
      - nama: Orang Satu
        nip: "199207152019031004"
        jenis: PNS
        status: diproses
      - nama: Orang Dua
        jabatan:
        status: direkomendasikan
  - nomor: "0002/Reg/LP/64.02/2024"
    sumber: temuan
    uraian: ~
    terlapor:
    - nama: Kompak
      jenis: PPPK
    catatan: akhir
"""


def test_a_plain_file_is_read_whole_by_the_quick_path(tmp_path):
    path = tmp_path / "k.yaml"
    path.write_text(BASE, encoding="utf-8")
    items, returned = _quick(path)
    assert returned is None and len(items) == 2
    line, case, lines = items[0]
    assert (line, case["bukti"], case["terlapor"][1]["jabatan"], case["tanggal_kejadian"]) == (
        2, ["foto-1.png", "https://example.org/a?b=c"], None, "2024-10-04")
    assert lines == {(): 2, ("terlapor", 0): 13, ("terlapor", 1): 17}
    assert items[1][1]["uraian"] is None and items[1][1]["terlapor"] == [{"nama": "Kompak", "jenis": "PPPK"}]
    assert (items, None) == _same(path)


@pytest.mark.parametrize("name", [n for n, t in TEXTS.items() if t is not None])
def test_the_reader_tests_files(tmp_path, name):
    path = tmp_path / "k.yaml"
    path.write_text(TEXTS[name], encoding="utf-8")
    _same(path)


@pytest.mark.parametrize("path", sorted((ROOT / "data").rglob("*.yaml")) + sorted((ROOT / "tests").rglob("*.yaml")),
                         ids=lambda p: p.name)
def test_the_projects_yaml_files(path):
    for key in ("kasus", "sosialisasi", "pantau", "rekap"):
        _same(path, key)


# Lines put in place of one line of BASE: what the quick path reads, and what it must leave to
# libyaml (which may take it, read it otherwise, or refuse it).
VALUES = ["plain", "two words", "a:b", "a: b", "a #b", "a#b", "x:", '"quoted"', "'single'", '""', "''",
          '"with \\"escape\\""', "'it''s'", '"a" # note', "plain # note", "~", "null", "Null", "NULL", "nul",
          "yes", "1.50", "-5", "- x", "? x", "[a, b]", "{a: 1}", "&a x", "*a", "!!str x", "!x y", "|", ">",
          "%x", "@x", "`x", "é ü", "日本", "emoji \U0001F600", "nbsp\u00a0x", "x\u2028y", "x\x85y", "bom\ufeff",
          "ctl\x07", "tab\tx", "trailing   ", "'unclosed", '"unclosed', "a, b, c", "http://x.org/y",
          "\ufffe", "\ue000", "\ud7ff", " x", ' "q"', " ~", "  &a x", "k" * 1030 + ": v"]
KEYS = ["nama", "null", "Null", "~", "a b", "nama ", "_x", "x1", "1x", '"q"', "? k", "nomor"]


def _variants(rng: random.Random) -> str:
    lines = BASE.splitlines(keepends=True)
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(lines))
        indent = len(lines[i]) - len(lines[i].lstrip(" "))
        kind = rng.randrange(10)
        if kind < 4:  # another value
            head = lines[i].split(":")[0] if ":" in lines[i] else " " * indent + "- x"
            lines[i] = f"{head}: {rng.choice(VALUES)}\n" if ":" in lines[i] else f"{' ' * indent}- {rng.choice(VALUES)}\n"
        elif kind == 4:  # another key
            lines[i] = f"{' ' * indent}{'- ' if lines[i].lstrip().startswith('- ') else ''}{rng.choice(KEYS)}: v\n"
        elif kind == 5:  # a line moved in or out
            lines[i] = " " * rng.choice([0, 1, 3, 5, 6, 8, 10]) + lines[i].lstrip(" ")
        elif kind == 6:  # a comment, a blank line, a line continued, a document marker
            lines.insert(i, rng.choice([" " * indent + "# note\n", "\n", "   \n", " " * (indent + 2) + "lanjut\n",
                                        "---\n", "...\n", "#\n", " " * (indent + 4) + "- lagi\n",
                                        " " * (indent + 2) + "kunci: nilai\n"]))
        elif kind == 7:  # a key twice
            lines.insert(i + 1, lines[i])
        elif kind == 8:  # the end of the file elsewhere
            lines = lines[:i + 1]
        else:  # other line breaks
            lines[i] = lines[i].replace("\n", rng.choice(["\r\n", "\r", "\n\n"]))
    return "".join(lines)


def test_generated_variants_read_as_libyaml_reads_them(tmp_path):
    rng = random.Random(20261124)
    path = tmp_path / "k.yaml"
    quick_whole = refused = 0
    for _ in range(1500):
        text = _variants(rng)
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        items, end = _same(path)
        quick_whole += _quick(path)[1] is None
        refused += end is not None
    assert quick_whole > 200 and refused > 200  # both sides of the quick path were tried


@pytest.mark.parametrize("top", ["kasus:\n", ""])
@pytest.mark.parametrize("indent", [0, 2, 4])
def test_top_level_shapes(tmp_path, top, indent):
    path = tmp_path / "k.yaml"
    pad = " " * (indent if top else 0)
    path.write_text(top + f"{pad}- nomor: a\n{pad}  terlapor:\n{pad}  - nama: b\n{pad}- nomor: c\n", encoding="utf-8")
    items, end = _same(path)
    assert len(items) == 2 and end is None
    assert _quick(path)[1] is None


def test_the_quick_path_stops_and_libyaml_goes_on(tmp_path):
    path = tmp_path / "k.yaml"
    path.write_text("kasus:\n" + "".join(f"  - nomor: n{i}\n    uraian: u\n" for i in range(5))
                    + "  - nomor: n5\n    uraian: dua\n      baris\n  - nomor: n6\n", encoding="utf-8")
    items, returned = _quick(path)
    assert returned == 5 and len(items) == 5
    got, end = _same(path)
    assert [c["nomor"] for _, c, _ in got] == [f"n{i}" for i in range(7)] and got[5][1]["uraian"] == "dua baris"


@pytest.mark.parametrize("value", ['x', '"foto 1.png"', "'foto-2.png'", "~", "null", "[a, b]", "|", "&a x", "*a",
                                   "!!python/object:os.system x", "@x", "nama: x"])
@pytest.mark.parametrize("spaces", [1, 2, 3])
def test_a_list_item_after_a_dash_and_spaces(tmp_path, value, spaces):
    path = tmp_path / "k.yaml"
    path.write_text(f"kasus:\n  - nomor: a\n    bukti:\n      -{' ' * spaces}{value}\n", encoding="utf-8")
    _same(path)


@pytest.mark.parametrize("length", [1000, 1024, 1025, 3000])
def test_a_long_key(tmp_path, length):
    path = tmp_path / "k.yaml"
    path.write_text(f"kasus:\n  - nomor: a\n    {'k' * length}: x\n  - nomor: b\n", encoding="utf-8")
    _same(path)


def test_a_long_line_and_a_bad_byte_are_left_to_libyaml(tmp_path, monkeypatch):
    monkeypatch.setattr(yaml_quick, "BLOCK", 16)  # a line is read at most BLOCK + LONGEST characters at a time
    monkeypatch.setattr(yaml_quick, "LONGEST", 50)
    path = tmp_path / "k.yaml"
    path.write_text("kasus:\n  - nomor: a\n  - nomor: b\n    uraian: " + "x" * 200 + "\n", encoding="utf-8")
    assert _quick(path)[1] == 1
    assert len(_same(path)[0]) == 2
    path.write_bytes(b"kasus:\n  - nomor: a\n  - nomor: b\xff\n")
    assert _quick(path)[1] is not None  # (the text layer decodes ahead: it may stop before case a)
    assert _same(path)[1].code == "bad-encoding"


@pytest.mark.parametrize("block", [1, 7, 64, 1 << 20])
def test_blocks_end_on_line_boundaries(tmp_path, monkeypatch, block):
    monkeypatch.setattr(yaml_quick, "BLOCK", block)  # blocks cut inside a line are read to its end
    path = tmp_path / "k.yaml"
    text = BASE.replace("    sumber: temuan\n", "\n\n    # catatan\n    sumber: temuan\n\n")
    for end in ("", "\n", "\n\n", "\n  # akhir"):
        path.write_text(text.rstrip("\n") + end, encoding="utf-8")
        items, returned = _quick(path)
        assert returned is None and (items, None) == _same(path) and items[1][1]["catatan"] == "akhir"
        assert [line for line, _, _ in items] == [2, 20]
