"""Charts: the summary's bars on the terminal, and `report --grafik` files read back."""

import os
import struct
import subprocess
import sys
import sqlite3
import xml.etree.ElementTree as ET

import pytest

from netralitas import grafik
from netralitas.format import fmt_date
from conftest import EXAMPLES

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def examples(cli):
    cli("import", EXAMPLES / "kasus.yaml", EXAMPLES / "kasus.csv", EXAMPLES / "kasus.xlsx")


def svg_texts(path) -> tuple[ET.Element, list[str]]:
    root = ET.parse(path).getroot()
    return root, ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def bars(root) -> list[str]:
    return [g.get("id") for g in root.iter(f"{SVG}g") if (g.get("id") or "").startswith("batang-")]


def test_summary_shows_bar_charts(cli, examples):
    out = cli("report").stdout
    assert "Funnel (terlapor)" in out and "By sanction level (terlapor)" in out
    assert "Most frequent violation forms (kasus)" in out
    funnel = out[out.index("Funnel (terlapor)"):].splitlines()[1:4]
    assert [line.split()[0] for line in funnel] == ["terlapor", "terbukti", "disanksi"]
    widths = [line.count("█") for line in funnel]
    assert widths[0] > widths[1] > widths[2] > 0  # 13 → 9 → 7 ASN terlapor in the examples (the funnel counts ASN only)
    assert "69.2 % of terlapor" in out


def test_bar_labels_wrap_whole_at_80_columns(tmp_path):
    db = tmp_path / "a.db"
    env = {**os.environ, "NETRALITAS_LANG": "id", "COLUMNS": "80", "NO_COLOR": "1", "NETRALITAS_DB": str(db)}
    subprocess.run([sys.executable, "-m", "netralitas", "import", *(EXAMPLES / f"kasus.{x}" for x in ("yaml", "csv", "xlsx"))],
                   env=env, check=True, capture_output=True)
    out = subprocess.run([sys.executable, "-m", "netralitas", "report"], env=env, capture_output=True, text=True).stdout
    chart = out[out.index("Per tingkat sanksi (terlapor)"):out.index("Bentuk pelanggaran terbanyak")]
    labels = " ".join(line[:32].strip() for line in chart.splitlines()[1:])  # the label column, its lines joined
    assert "…" not in chart and "(disanksi, tingkat tidak dicatat)" in labels, chart
    assert all(len(line) <= 80 for line in out.splitlines())


def test_grafik_svg_one_dimension(cli, examples, tmp_path):
    target = tmp_path / "pemilu.svg"
    r = cli("report", "--by", "pemilu", "--grafik", target)
    assert "Chart written to" in r.stderr
    root, texts = svg_texts(target)
    assert {"Pilkada Serentak 2020", "Pilkada Serentak 2024", "Pemilu 2024", "Kasus per pemilu"} <= set(texts)
    assert len(bars(root)) == 4  # four elections with cases
    source = next(t for t in texts if t.startswith("Source: netralitas"))
    assert "netralitas.db" in source and fmt_date(__import__("datetime").date.today()) in source
    assert "8" in texts  # the total at the end of the 2020 bar


def test_grafik_png_cross_table_is_stacked(cli, examples, tmp_path):
    target = tmp_path / "silang.png"
    cli("report", "--by", "wilayah,sanksi", "--kab", "kukar", "--grafik", target)
    head = target.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", head[16:24]) == (grafik.WIDTH_PX, grafik.HEIGHT_PX)
    svg = tmp_path / "silang.svg"
    cli("report", "--by", "wilayah,sanksi", "--kab", "kukar", "--grafik", svg)
    root, texts = svg_texts(svg)
    assert {"ringan", "sedang", "berat", "(belum ada sanksi)"} <= set(texts)  # the legend of the stack
    assert len(bars(root)) == 4  # one region, four segments
    assert any("Kabupaten Kutai Kartanegara" in t for t in texts)


def test_grafik_refuses_unknown_type_and_existing_file(cli, examples, tmp_path):
    r = cli("report", "--grafik", tmp_path / "x.pdf", code=2)
    assert ".svg or .png" in r.stderr and not (tmp_path / "x.pdf").exists()
    target = tmp_path / "a.svg"
    target.write_text("mine")
    r = cli("report", "--grafik", target, code=2)
    assert "--timpa" in r.stderr and target.read_text() == "mine"
    assert r.stdout == ""  # refused before the report is printed
    other = tmp_path / "b.svg"  # another program's SQLite file, even with --timpa
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    before = other.read_bytes()
    r = cli("report", "--by", "wilayah", "--grafik", other, "--timpa", code=2)
    assert r.stdout == "" and "SQLite" in r.stderr and other.read_bytes() == before
    cli("report", "--grafik", target, "--timpa")
    assert target.read_text().startswith("<?xml")


def test_many_rows_become_the_largest_and_the_rest(db_path):
    from netralitas.reports import Laporan
    from netralitas.seleksi import Seleksi

    rows = [{"wilayah": f"k{i}", "wilayah_nama": f"Wilayah {i}", "kasus": i, "terlapor": i} for i in range(1, 31)]
    chart = grafik.data(Laporan(by=["wilayah"], rows=rows, total={}, seleksi=Seleksi()), "x.db")
    assert len(chart.labels) == grafik.MOST and chart.labels[-1] == "11 others"
    assert sum(chart.series[0][1]) == sum(range(1, 31))  # nothing lost


