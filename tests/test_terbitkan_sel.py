"""Publishing with --min-sel: no hidden count can be found again by subtraction, within a row,
across the rows of a table and its total, or from another table's rows; nor from a sum whose hidden
cells are too few to be anything but 1 each (every hidden count being at least 1)."""

import random
import sqlite3
from pathlib import Path

import pytest
import yaml

REGIONS = {"64.02": 9, "64.09": 5, "64.74": 3, "63.71": 2, "63.03": 1}  # province 64: 17 kasus, 63: 3
LEVELS = ("ringan", "sedang", "berat")


def register(n_by_region: dict[str, int], seed: int) -> list[dict]:
    rnd = random.Random(seed)
    cases, n = [], 0
    for wilayah, count in n_by_region.items():
        for _ in range(count):
            n += 1
            pemilu = "pilkada-2024" if rnd.random() < 0.6 else "pemilu-2024"
            tanggal = "2024-10-04" if pemilu == "pilkada-2024" else "2024-01-20"
            persons = []
            for k in range(rnd.choice((1, 1, 2))):
                status = rnd.choice(("tidak_terbukti", "disanksi", "disanksi", "diproses"))
                p = {"nama": f"Terlapor {n}-{k}", "jenis": rnd.choice(("PNS", "PNS", "PPPK")), "status": status}
                if status == "disanksi":
                    level = rnd.choice(LEVELS)
                    p.update(rekomendasi=level, tanggal_rekomendasi=tanggal.replace("-10-04", "-10-20").replace("-01-20", "-02-01"),
                             sanksi=level)
                persons.append(p)
            cases.append({"nomor": f"{n:03d}/Reg/LP/PB/Kab/X/2024", "sumber": "temuan" if rnd.random() < 0.2 else "laporan",
                          "pemilu": pemilu, "wilayah": wilayah, "tanggal_kejadian": tanggal,
                          "pelanggaran": rnd.choice(("medsos-interaksi", "foto-bersama")), "uraian": f"Kejadian {n}",
                          "terlapor": persons})
    return cases


def tables(path: Path) -> dict[str, list[dict]]:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'kasus_per_%'")]
    out = {n: [dict(r) for r in conn.execute(f'SELECT * FROM "{n}" ORDER BY rowid')] for n in names}
    conn.close()
    return out


COUNTS = ("kasus", "temuan", "laporan", "terlapor", "terbukti", "tidak_terbukti", "disanksi", "ringan", "sedang",
          "berat", "moral", "ptdh")
PERSON_TABLES = ("kasus_per_jenis", "kasus_per_sanksi")
WITHIN = (("kasus", ("temuan", "laporan")), ("terlapor", ("terbukti", "tidak_terbukti")),
          ("disanksi", ("ringan", "sedang", "berat", "ptdh")))
# (coarser table, finer table, the coarser row's key from a finer row)
ROLLUPS = (("kasus_per_wilayah", "kasus_per_wilayah_pemilu", lambda r: (r["wilayah"],)),
           ("kasus_per_pemilu", "kasus_per_wilayah_pemilu", lambda r: (r["pemilu"],)),
           ("kasus_per_pemilu", "kasus_per_provinsi_pemilu", lambda r: (r["pemilu"],)),
           ("kasus_per_provinsi", "kasus_per_provinsi_pemilu", lambda r: (r["provinsi"],)),
           ("kasus_per_provinsi", "kasus_per_wilayah", lambda r: (r["wilayah"][:2],)),
           ("kasus_per_provinsi_pemilu", "kasus_per_wilayah_pemilu", lambda r: (r["wilayah"][:2], r["pemilu"])))
KEYS = {"kasus_per_wilayah": ("wilayah",), "kasus_per_pemilu": ("pemilu",), "kasus_per_provinsi": ("provinsi",),
        "kasus_per_provinsi_pemilu": ("provinsi", "pemilu")}


def constraints(truth: dict[str, list[dict]]) -> list[tuple]:
    """Every sum an attacker can subtract in: (total, parts...), cells as (table, row, count)."""
    eqs = []
    for name, rows in truth.items():
        for i, r in enumerate(rows):
            for total, parts in WITHIN:
                if r[total] == sum(r[p] for p in parts):  # a sum that holds in this row
                    eqs.append(((name, i, total), *((name, i, p) for p in parts)))
        for c in COUNTS[3:] if name in PERSON_TABLES else COUNTS:
            eqs.append((("TOTAL", 0, c), *((name, i, c) for i in range(len(rows)))))
    for whole, fine, key in ROLLUPS:
        index = {tuple(r[d] for d in KEYS[whole]): i for i, r in enumerate(truth[whole])}
        for c in COUNTS:
            parts = {}
            for j, r in enumerate(truth[fine]):
                parts.setdefault(index[key(r)], []).append((fine, j, c))
            eqs += [((whole, i, c), *p) for i, p in parts.items()]
    return eqs


def value(truth: dict[str, list[dict]], cell: tuple) -> int:
    """A cell's true value; the grand total of a count is its column's sum in any table."""
    n, i, c = cell
    return sum(r[c] for r in truth["kasus_per_wilayah"]) if n == "TOTAL" else truth[n][i][c]


def learnt(published: dict[str, list[dict]], eqs, truth: dict[str, list[dict]]) -> set:
    """The hidden cells given back, repeating until nothing new: by subtraction (a sum with one
    unknown cell), and by bounds (a known total whose k >= 2 unknown parts add up to k, so each is 1,
    or to 0, so each is 0)."""
    known = {(n, i, c) for n, rows in published.items() for i, r in enumerate(rows) for c in COUNTS
             if r[c] is not None}
    hidden = {(n, i, c) for n, rows in published.items() for i, r in enumerate(rows) for c in COUNTS
              if r[c] is None}
    changed = True
    while changed:
        changed = False
        for eq in eqs:
            unknown = [c for c in eq if c not in known]
            if len(unknown) == 1:
                known.add(unknown[0])
                changed = True
            elif len(unknown) > 1 and eq[0] in known:
                rest = value(truth, eq[0]) - sum(value(truth, c) for c in eq[1:] if c in known)
                if rest in (0, len(unknown)):
                    known.update(unknown)
                    changed = True
    return known & hidden


def publish(cli, tmp_path: Path, cases: list[dict], *extra) -> tuple[dict, dict]:
    db = tmp_path / "register.db"
    src = tmp_path / "register.yaml"
    src.write_text(yaml.safe_dump({"kasus": cases}, allow_unicode=True), encoding="utf-8")
    cli("import", "--db", db, src)
    truth, hidden = tmp_path / "truth.db", tmp_path / "min3.db"
    cli("terbitkan", "--db", db, truth)
    r = cli("terbitkan", "--db", db, hidden, "--min-sel", "3", *extra)
    return tables(truth), tables(hidden), r


@pytest.mark.parametrize("seed", [3, 8, 21])
def test_no_hidden_count_is_found_again_by_subtraction(cli, tmp_path, seed):
    truth, published, r = publish(cli, tmp_path, register(REGIONS, seed=seed))
    eqs = constraints(truth)
    assert len(eqs) > 100
    small = [(n, i, c) for n, rows in truth.items() for i, row in enumerate(rows) for c in COUNTS if 0 < row[c] < 3]
    assert small and all(published[n][i][c] is None for n, i, c in small)  # every small count is hidden
    assert learnt(published, eqs, truth) == set()
    # a published cell is the true value; the extra hidden ones are counted, as the CLI and `tentang` say
    extra = [(n, i, c) for n, rows in published.items() for i, row in enumerate(rows) for c in COUNTS
             if row[c] is None and not 0 < truth[n][i][c] < 3]
    assert extra
    for n, rows in published.items():
        for i, row in enumerate(rows):
            assert all(row[c] in (None, truth[n][i][c]) for c in COUNTS)
    about = dict(sqlite3.connect(tmp_path / "min3.db").execute("SELECT kunci, nilai FROM tentang").fetchall())
    assert about["sel_disembunyikan_primer"] == str(len(small))
    assert about["sel_disembunyikan_sekunder"] == str(len(extra))
    assert "kasus = temuan + laporan" in about["aturan_sel"]
    assert f"{len(small)} small ones, and {len(extra)} more" in r.stdout + r.stderr


def test_the_examples_found_are_closed(cli, tmp_path):
    # kasus 8 = temuan 1 + laporan 7 in one election; one province with 2 beside another with 17
    cases = register({"64.02": 9, "64.09": 8, "63.71": 2}, seed=11)
    for n, c in enumerate(cases):
        c["pemilu"], c["tanggal_kejadian"] = ("pilkada-2024", "2024-10-04") if n < 8 else ("pemilu-2024", "2024-01-20")
        c["sumber"] = "temuan" if n == 0 else "laporan"
    truth, published, _ = publish(cli, tmp_path, cases)
    pilkada = next(r for r in published["kasus_per_pemilu"] if r["pemilu"] == "pilkada-2024")
    assert pilkada["temuan"] is None and None in (pilkada["kasus"], pilkada["laporan"])
    prov = {r["provinsi"]: r["kasus"] for r in published["kasus_per_provinsi"]}
    assert prov["63"] is None and prov["64"] is None  # the total (19) less 17 would give the 2 back
    assert learnt(published, constraints(truth), truth) == set()


def test_repeatable(cli, tmp_path):
    cases = register(REGIONS, seed=5)
    _, first, _ = publish(cli, tmp_path, cases)
    again = tmp_path / "again.db"
    cli("terbitkan", "--db", tmp_path / "register.db", again, "--min-sel", "3")
    assert tables(again) == first


def test_hidden_cells_beside_zeros_are_not_given_back_by_a_known_total(cli, tmp_path):
    # three tidak_terbukti, one in each of three months, every other month 0: with the total 3
    # published (the single row of kasus_per_asal), the three hidden cells could only be 1 each
    cases = register({"64.02": 6, "64.09": 3}, seed=2)
    months = ("2024-09-10", "2024-10-04", "2024-11-05")
    for n, c in enumerate(cases):
        c["pemilu"] = "pilkada-2024"
        c["tanggal_kejadian"] = months[n] if n < 3 else "2024-08-20"
        c["terlapor"] = c["terlapor"][:1]
        c["terlapor"][0].update(status="tidak_terbukti" if n < 3 else "diproses")
        for k in ("rekomendasi", "tanggal_rekomendasi", "sanksi"):
            c["terlapor"][0].pop(k, None)
    truth, published, _ = publish(cli, tmp_path, cases)
    per_month = {r["bulan"]: r["tidak_terbukti"] for r in truth["kasus_per_bulan"]}
    assert per_month == {"2024-08": 0, "2024-09": 1, "2024-10": 1, "2024-11": 1}
    assert [r["tidak_terbukti"] for r in truth["kasus_per_asal"]] == [3]
    assert learnt(published, constraints(truth), truth) == set()
    hidden = {r["bulan"] for r in published["kasus_per_bulan"] if r["tidak_terbukti"] is None}
    assert hidden > {"2024-09", "2024-10", "2024-11"} or published["kasus_per_asal"][0]["tidak_terbukti"] is None
    about = dict(sqlite3.connect(tmp_path / "min3.db").execute("SELECT kunci, nilai FROM tentang").fetchall())
    assert int(about["sel_disembunyikan_sekunder"]) > 0
