"""Publishing: the aggregate database holds no personal value; Datasette serves it on localhost."""

import json
import socket
import sqlite3
import subprocess
import time
import urllib.request
from pathlib import Path

import browser
import pytest
from test_gabung import KUKAR, PPU, PROV, merge, office

from conftest import EXAMPLES

@pytest.fixture
def published(cli, tmp_path):
    sources = (office(cli, tmp_path, "kukar", "64.02", KUKAR), office(cli, tmp_path, "ppu", "ppu", PPU),
               office(cli, tmp_path, "kaltim", "64", PROV))
    rollup = tmp_path / "nasional.db"
    merge(cli, rollup, *sources)
    cli("sosialisasi", "import", "--db", rollup, EXAMPLES / "sosialisasi.yaml")
    cli("pantau", "import", "--db", rollup, EXAMPLES / "pantau.csv")
    out = tmp_path / "terbit.db"
    cli("terbitkan", "--db", rollup, out)
    return sources, rollup, out


def tables(path: Path) -> dict[str, list[dict]]:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {n: [dict(r) for r in conn.execute(f'SELECT * FROM "{n}"')] for n in names}


def personal_values(sources) -> set[str]:
    values = set()
    for db in sources:
        with sqlite3.connect(db) as conn:
            for sql in ("SELECT nama FROM terlapor", "SELECT nip FROM terlapor", "SELECT nomor FROM kasus",
                        "SELECT uraian FROM kasus"):
                values |= {r[0] for r in conn.execute(sql) if r[0]}
    return values


def test_published_database_holds_no_personal_value(published):
    sources, rollup, out = published
    secret = personal_values(sources)
    assert len(secret) == 4 + 4 + 4 + 5  # names, NIPs, nomor, uraian of five cases (one person and one nomor twice)
    checked = 0
    for table, rows in tables(out).items():
        for row in rows:
            for column, value in row.items():
                text = str(value)
                checked += 1
                assert not any(s in text for s in secret), f"{table}.{column} holds {text!r}"
    assert checked > 1000
    # nor in the metadata
    meta = (out.parent / "terbit.metadata.json").read_text(encoding="utf-8")
    assert not any(s in meta for s in secret)


def test_published_counts_and_suppression(cli, published, tmp_path):
    sources, rollup, out = published
    got = tables(out)
    per_pemilu = {r["pemilu"]: r for r in got["kasus_per_pemilu"]}
    assert (per_pemilu["pilkada-2024"]["kasus"], per_pemilu["pilkada-2024"]["terlapor"]) == (5, 5)
    assert {r["asal"]: r["kasus"] for r in got["kasus_per_asal"] if r["kasus"]} == {"64": 1, "64.02": 2, "64.09": 2}
    assert sum(r["kegiatan"] for r in got["sosialisasi_per_wilayah_pemilu"]) > 0
    assert got["cakupan_per_wilayah_pemilu"]
    assert {"wilayah", "pemilu", "pelanggaran", "tentang"} <= set(got)
    # the count keys are report's own (a key added there appears here)
    from netralitas.reports import COUNTS

    assert set(COUNTS) <= set(got["kasus_per_wilayah"][0])
    licence = {r["kunci"]: r["nilai"] for r in got["tentang"]}["lisensi_wilayah"]
    assert "ODbL" in licence
    meta = json.loads((tmp_path / "terbit.metadata.json").read_text(encoding="utf-8"))
    assert meta["databases"]["terbit"]["tables"]["wilayah"]["license"] == "ODbL-1.0"
    assert "ringkasan_per_pemilu" in meta["databases"]["terbit"]["queries"]
    # an existing file is kept unless --timpa
    cli("terbitkan", "--db", rollup, out, code=2)
    small = tmp_path / "kecil.db"
    cli("terbitkan", "--db", rollup, small, "--min-sel", "3")
    rows = {r["asal"]: r["kasus"] for r in tables(small)["kasus_per_asal"]}
    assert rows == {"64": None, "64.02": None, "64.09": None}  # 1 and 2 suppressed
    per_pemilu = {r["pemilu"]: r for r in tables(small)["kasus_per_pemilu"]}
    assert per_pemilu["pilkada-2024"]["kasus"] == 5


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str):
    with urllib.request.urlopen(url, timeout=5) as r:
        return r.read().decode("utf-8")


@pytest.fixture
def datasette(published):
    pytest.importorskip("datasette")
    from netralitas.publikasi import serve
    from netralitas.publikasi.terbitkan import metadata_path

    _, _, out = published
    port = _free_port()
    proc = subprocess.Popen(serve.command(out, metadata_path(out), port=port), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                _get(base + "/-/versions.json")
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail("datasette exited: " + proc.stderr.read().decode())
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_datasette_answers_the_canned_queries(datasette):
    rows = json.loads(_get(datasette + "/terbit/ringkasan_per_pemilu.json?_shape=array"))
    pilkada = next(r for r in rows if r["pemilu"] == "pilkada-2024")
    assert (pilkada["kasus"], pilkada["laporan"], pilkada["terlapor"]) == (5, 5, 5)
    rows = json.loads(_get(datasette + "/terbit/bandingkan_pemilu_di_wilayah.json?wilayah=64.02&_shape=array"))
    assert {r["pemilu"]: r["kasus"] for r in rows}["pilkada-2024"] == 3  # two of Kukar's, one of the province's
    rows = json.loads(_get(datasette + "/terbit/wilayah_terbanyak.json?_shape=array"))
    assert [(r["wilayah"], r["kasus"]) for r in rows] == [("64.02", 3), ("64.09", 2)]
    # read-only: Datasette refuses writes to an immutable database
    assert "Netralitas ASN" in _get(datasette + "/")


@browser.needs_browser
def test_front_page_in_a_headless_browser(datasette):
    dom = browser.dump_dom(datasette + "/terbit")
    assert "Netralitas ASN" in dom
    assert "kasus_per_wilayah" in dom and "ringkasan_per_pemilu" in dom
