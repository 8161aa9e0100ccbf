"""The HTML digest as a morning briefing: sections in order, human columns, totals, escaped,
self-contained, and rendered by a real browser at phone width."""

import datetime as dt
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from browser import needs_browser, png_size, render
from conftest import EXAMPLES

TODAY = dt.date.today().isoformat()


@pytest.fixture
def briefing(cli, tmp_path):
    """Two digests: everything, then one new case (Bontang, the newest election) and a hostile tema."""
    cli("import", EXAMPLES / "kasus.yaml", EXAMPLES / "kasus.csv", EXAMPLES / "kasus.xlsx")
    out = tmp_path / "d"
    cli("digest", "--out", out, "--format", "html", "-q")
    new = tmp_path / "baru.csv"
    new.write_text("nomor,sumber,pemilu,wilayah,tanggal_kejadian,pelanggaran,jenis,nama,nip\n"
                   "009/Reg/LP/PW/Kota/23.04/XI/2024,laporan,pilkada-2024,bontang,2024-11-02,foto-bersama,PNS,"
                   "Rahasia Sekali,198001012005011001\n", encoding="utf-8")
    cli("import", new)
    cli("sosialisasi", "add", "--tanggal", "2024-11-03", "--pemilu", "pilkada-2024", "--wilayah", "bontang",
        "--penyelenggara", "Bawaslu Bontang", "--tema", "<script>alert(1)</script> & netralitas")
    cli("digest", "--out", out, "--format", "html", "-q")
    return out / f"netralitas-{TODAY}.html"


class Page(HTMLParser):
    """The page's tags, text and tables, read with the standard parser."""

    def __init__(self):
        super().__init__()
        self.tags, self.text, self.h2, self.cells = [], [], [], []
        self._h2 = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._h2 = tag == "h2"
        if tag == "td":
            self.cells.append(dict(attrs).get("class"))

    def handle_endtag(self, tag):
        self._h2 = False if tag == "h2" else self._h2

    def handle_data(self, data):
        self.text.append(data)
        if self._h2 and data.strip():
            self.h2.append(data.strip())


def parse(html: str) -> Page:
    p = Page()
    p.feed(html)
    return p


def test_sections_in_briefing_order_with_human_columns(briefing):
    html = briefing.read_text(encoding="utf-8")
    page = parse(html)
    assert page.h2 == ["New since the previous digest", "Deadlines and waiting terlapor", "All cases in this selection"]
    text = " ".join(" ".join(page.text).split())
    assert "Region all regions" in text and "Election all elections" in text and "Period" in text
    assert f"Netralitas briefing, {dt.date.today().day} " in text
    for internal in ("wilayah_nama", "tidak_terbukti", "urutan", "tenggat_nama", "hari_lewat"):
        assert internal not in text, internal
    assert "Tidak terbukti" in text and "Terlapor ke" in text and "Hari menunggu" in text
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+", html)  # no ISO stamps with microseconds
    # what is new comes first: the new Bontang case, before any waiting case
    assert text.index("Kota Bontang") < text.index("Deadlines passed")
    # numbers right-aligned, totals in a footer row
    assert "num" in page.cells and "<tfoot>" in html and ">Total<" in html


def test_newest_elections_lead_the_waiting_list(briefing):
    html = briefing.read_text(encoding="utf-8")
    waiting = html[html.index("Waiting on a PPK decision for more than"):]
    waiting = waiting[:waiting.index("</table>")]
    order = [m for m in re.findall(r"Pilkada Serentak \d{4}|Pemilu \d{4}", waiting)]
    years = [int(y[-4:]) for y in order]
    assert years and years == sorted(years, reverse=True), order


def test_escaped_self_contained_and_no_personal_data(briefing):
    html = briefing.read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; netralitas" in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)  # nothing fetched from a network
    assert "<link" not in html and "@import" not in html
    for secret in ("Rahasia Sekali", "198001012005011001", "Andi Pratama", "199207152019031004"):
        assert secret not in html
    # the inline charts are SVG that parses
    svgs = re.findall(r"<svg.*?</svg>", html, flags=re.S)
    assert len(svgs) == 2
    for svg in svgs:
        root = ET.fromstring(svg)
        assert len(root.findall("{http://www.w3.org/2000/svg}rect")) >= 3


@needs_browser
def test_rendered_in_a_browser_at_phone_width(briefing, tmp_path):
    page = render(briefing, width=390, out_dir=tmp_path)
    dom = page.dom
    for section in ("New since the previous digest", "Deadlines and waiting terlapor", "All cases in this selection",
                    "Funnel (terlapor)"):
        assert section in dom
    assert "<svg" in dom and "<tfoot>" in dom
    assert png_size(page.screenshot) == (390, 2400)
    assert page.screenshot.stat().st_size > 10_000  # a drawn page, not a blank one


def test_the_project_describes_its_domain_itself():
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/domain.md" in readme and (ROOT / "docs" / "domain.md").is_file()
    domain = (ROOT / "docs" / "domain.md").read_text(encoding="utf-8")
    for counted in ("`kasus`", "`terbukti`", "`disanksi`", "`moral`", "PP 94/2021", "UU 7/2017", "ODbL"):
        assert counted in domain
    for path in [ROOT / "README.md", *ROOT.glob("docs/**/*.md"), *ROOT.glob("netralitas/**/*.py"),
                 *ROOT.glob("data/**/*.yaml")]:
        text = path.read_text(encoding="utf-8")
        assert "../shared" not in text and "/work/shared" not in text and "DOMAIN.md" not in text, path
