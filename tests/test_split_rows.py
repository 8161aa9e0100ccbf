"""A large CSV file checked by two processes (split_rows) gives what one process gives: the same
register rows, counts, problems, warnings and lines left out, in the same order."""

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time

import pytest

from conftest import count, ctrl_c_as_a_terminal_gives_it, helpers_of, running
from netralitas import limits, split_rows

HEADER = "nomor,sumber,pemilu,wilayah,tanggal_kejadian,pelanggaran,nama,nip,jenis,status\n"
PELANGGARAN = ["foto-bersama", "medsos-interaksi", "ikut-kampanye"]


def _row(case: int, person: int, *, tanggal: str = "2020-10-02", pelanggaran: str | None = None,
         nip: str | None = None) -> str:
    pel = pelanggaran or PELANGGARAN[case % 3]
    nip = nip if nip is not None else f"198203142008011{(case * 7 + person) % 900 + 100:03d}"
    return f"{case:04d}/TM/2020,temuan,pilkada-2020,Kukar,{tanggal},{pel},Orang {case} {person},{nip},PNS,diproses\n"


def _rows(n_cases: int, special: dict | None = None) -> list[str]:
    """Cases of one to three persons; every fifth case has a row again further down (a case across blocks)."""
    rows, later = [], []
    for case in range(n_cases):
        people = case % 3 + 1
        for person in range(people):
            line = (special or {}).get(case, {})
            (later if case % 5 == 0 and person == people - 1 and people > 1 else rows).append(_row(case, person, **line))
        if later and case % 7 == 6:
            rows.append(later.pop(0))
    return rows + later


def _dump(db_path) -> dict:
    with sqlite3.connect(db_path) as conn:
        out = {}
        for table in ("kasus", "terlapor", "tahapan", "riwayat"):
            cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")
                    if r[1] not in ("created_at", "updated_at", "dicatat", "waktu")]
            out[table] = conn.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY rowid").fetchall()
        return out


def one_and_two(cli, tmp_path, monkeypatch, file: str, text: str, module, settings: dict, code: int,
                args: tuple) -> tuple:
    """The import's JSON and the register of `file` holding `text`, in one process and split in
    two by `module` (split_rows, split_cases) with its `settings` (small blocks)."""
    f = tmp_path / file
    f.write_text(text, encoding="utf-8")
    got = []
    for split, name in ((1 << 60, "one.db"), (0, "two.db")):
        monkeypatch.setattr(module, "SPLIT", split)
        for setting, value in settings.items():
            monkeypatch.setattr(module, setting, value)
        db = tmp_path / name
        out = json.loads(cli("import", f, "--db", db, "--format", "json", *args, code=code).stdout)
        got.append((out, _dump(db) if db.exists() and count(db) else None))
    return got[0], got[1]


def _both(cli, tmp_path, monkeypatch, text: str, code: int = 0, *args) -> tuple[dict, dict]:
    """The import's JSON and the register, in one process and split in two (blocks of 3 rows)."""
    return one_and_two(cli, tmp_path, monkeypatch, "kasus.csv", text, split_rows, {"BLOCK": 3}, code, args)


def test_the_same_register_and_summary(cli, tmp_path, monkeypatch):
    one, two = _both(cli, tmp_path, monkeypatch, HEADER + "".join(_rows(40)))
    assert one == two
    assert one[0]["files"][0]["baru"] == 40 and len(one[1]["terlapor"]) == sum(c % 3 + 1 for c in range(40))


def test_the_same_problems_in_the_same_order(cli, tmp_path, monkeypatch):
    special = {3: {"pelanggaran": "tidak-ada"}, 4: {"nip": "123"}, 17: {"tanggal": "31/02/2020"},
               22: {"pelanggaran": "x"}, 38: {"nip": "abc"}}
    one, two = _both(cli, tmp_path, monkeypatch, HEADER + "".join(_rows(40, special)), 1)
    assert one == two
    problems = one[0]["files"][0]["problems"]
    assert len(problems) > 5 and [p["line"] for p in problems] == sorted(p["line"] for p in problems)
    assert one[1] is None and two[1] is None  # nothing written


def test_the_problems_beyond_the_limit_are_counted_the_same(cli, tmp_path, monkeypatch):
    from netralitas import file_result

    monkeypatch.setattr(file_result, "MAX_PROBLEMS", 7)
    special = {case: {"pelanggaran": "x"} for case in range(0, 60, 4)}
    one, two = _both(cli, tmp_path, monkeypatch, HEADER + "".join(_rows(60, special)), 1)
    assert one == two
    assert len(one[0]["files"][0]["problems"]) == 7 and one[0]["files"][0]["problem_count"] > 7


def test_a_case_warned_about_in_both_halves_is_warned_about_once(cli, tmp_path, monkeypatch):
    # the incident long before the election: a warning, once per case, at its first line. Blocks of
    # 3 rows: rows 0-2 are checked here, 3-5 by the child, 6-8 here again …
    rows = _rows(30)
    early = {"tanggal": "2015-01-05"}
    rows[0] = _row(900, 0, **early)  # then again at row 4 (the child's): warned at row 0
    rows[4] = _row(900, 1, **early)
    rows[5] = _row(901, 0, **early, pelanggaran="ikut-kampanye")  # the child's first, then row 7 here
    rows[7] = _row(901, 1, **early, pelanggaran="ikut-kampanye")
    one, two = _both(cli, tmp_path, monkeypatch, HEADER + "".join(rows))
    assert one == two
    assert [w["line"] for w in one[0]["files"][0]["warnings"]] == [2, 7]  # the header is line 1


def test_a_line_too_long_stops_both_at_the_same_line(cli, tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_LINE", 400)
    rows = _rows(40, {2: {"pelanggaran": "x"}, 33: {"nip": "1"}})
    rows.insert(50, "0999/TM/2020,temuan,pilkada-2020,Kukar,2020-10-02,foto-bersama," + "x" * 500 + ",,PNS,diproses\n")
    one, two = _both(cli, tmp_path, monkeypatch, HEADER + "".join(rows), 1)
    assert one == two
    assert one[0]["files"][0]["problems"][-1]["code"] == "line-too-long"


def test_the_block_below_the_table_is_left_out_the_same(cli, tmp_path, monkeypatch):
    text = HEADER + "".join(_rows(20)) + "\nSamarinda; 1 Desember 2020\n,Ketua\n"
    one, two = _both(cli, tmp_path, monkeypatch, text)
    assert one == two and one[0]["files"][0]["dilewati"]["baris"]


def test_a_real_large_file_goes_through_the_child(cli, tmp_path, db_path):
    rows = _rows(5000)
    text = HEADER + "".join(rows)
    while len(text.encode()) < split_rows.SPLIT:  # more cases until the file is large enough
        rows = rows + [r.replace("/TM/2020", "/TM/2021", 1) for r in rows]
        text = HEADER + "".join(rows)
    f = tmp_path / "big.csv"
    f.write_text(text, encoding="utf-8")
    assert split_rows.worth(f) == (len(os.sched_getaffinity(0)) > 1)
    out = json.loads(cli("import", f, "--format", "json").stdout)["files"][0]
    assert (out["valid"], out["rows"]) == (True, len(rows))
    assert count(db_path, "terlapor") == len(rows)
    assert not [p for p in os.listdir(tempfile.gettempdir()) if p.startswith("netralitas-") and p.endswith(".db")]  # no name


def _large(f):
    """A file of 40 copies of 3,000 cases (about 20 MiB): long enough to be interrupted."""
    with open(f, "w", encoding="utf-8") as out:
        out.write(HEADER)
        for i in range(40):
            out.writelines(r.replace("/TM/2020", f"/TM/{i}", 1) for r in _rows(3000))
    return f


def test_ctrl_c_stops_both_and_writes_nothing(tmp_path, db_path):
    f = _large(tmp_path / "big.csv")
    p = subprocess.Popen([sys.executable, "-m", "netralitas", "import", str(f), "--db", str(db_path)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         env={**os.environ, "NETRALITAS_LANG": "id"}, preexec_fn=ctrl_c_as_a_terminal_gives_it)
    children = helpers_of(p)  # the second reader (or the import ended)
    if len(os.sched_getaffinity(0)) > 1:
        assert children, "no second reader"
    time.sleep(0.5)
    p.send_signal(2)
    out, err = p.communicate(timeout=120)
    assert p.returncode == 130, err
    assert "Traceback" not in err
    assert not running(children)
    assert count(db_path) == 0


def test_the_blocks_are_shared_out():
    here = [b for b in range(10) if split_rows.mine(b * split_rows.BLOCK, 0)]
    there = [b for b in range(10) if split_rows.mine(b * split_rows.BLOCK + 1, 1)]
    assert sorted(here + there) == list(range(10)) and not set(here) & set(there)
    assert len(here) == 10 * len(split_rows.HERE) // split_rows.CYCLE


def test_the_child_reads_the_file_the_importer_opened(cli, tmp_path, monkeypatch):
    """A file replaced under its name while it is imported (a sync tool): both read the one opened."""
    f = tmp_path / "kasus.csv"
    first = HEADER + "".join(_rows(40))
    f.write_text(first, encoding="utf-8")
    other = tmp_path / "other.csv"
    other.write_text(first.replace("Orang", "Lain"), encoding="utf-8")
    monkeypatch.setattr(split_rows, "SPLIT", 0)
    monkeypatch.setattr(split_rows, "BLOCK", 3)
    stage_into = split_rows.Split.stage_into

    def replaced_first(self, db):
        os.replace(other, f)  # after the importer opened it, before the child does
        return stage_into(self, db)

    monkeypatch.setattr(split_rows.Split, "stage_into", replaced_first)
    db = tmp_path / "r.db"
    cli("import", f, "--db", db)
    with sqlite3.connect(db) as conn:
        names = {n for (n,) in conn.execute("SELECT nama FROM terlapor")}
    assert names and all(n.startswith("Orang") for n in names)


def test_a_child_that_dies_is_a_runtime_failure(cli, tmp_path, monkeypatch):
    from netralitas import importer

    monkeypatch.setattr(split_rows, "SPLIT", 0)
    monkeypatch.setattr(split_rows, "BLOCK", 3)
    flat = importer._flat_records

    def dying(rows, *args):
        if args[-1] == 1:  # the child: killed
            os._exit(9)
        return flat(rows, *args)

    monkeypatch.setattr(importer, "_flat_records", dying)
    f = tmp_path / "kasus.csv"
    f.write_text(HEADER + "".join(_rows(40)), encoding="utf-8")
    r = cli("import", f, "--db", tmp_path / "r.db", code=3)
    assert "helper process" in r.stderr and "exit code 9" in r.stderr
    assert count(tmp_path / "r.db") == 0


def test_the_child_does_not_outlive_a_killed_importer(tmp_path, db_path):
    """The importer killed (SIGKILL: nothing of it runs): its child ends at its next send."""
    f = _large(tmp_path / "big.csv")
    p = subprocess.Popen([sys.executable, "-m", "netralitas", "import", str(f), "--db", str(db_path)],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    children = helpers_of(p)
    if not children:
        pytest.skip("no second reader (one CPU)")
    time.sleep(0.3)
    p.kill()
    p.wait()
    assert not running(children, within=20)
