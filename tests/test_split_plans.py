"""The changed cases of a file planned by two processes (split_plans) give what one process gives,
and what writing each case by itself (`update.apply`) gives: the same kasus, terlapor, tahapan and
riwayat rows, the same counts, the same problems in the same order."""

import json
import os
import shutil
import sqlite3
import subprocess
import sys

import pytest

from conftest import ctrl_c_as_a_terminal_gives_it, helpers_of, running
from netralitas import importer, perubahan, split_plans, store
from netralitas.file_result import FileResult
from test_perubahan import AFTER, BEFORE, HEADER, _tables

GROUPS = 7  # copies of the scenario, each of its five cases under other numbers


def _many(rows: list[str]) -> list[str]:
    return [row.replace("K", f"G{g}-K", 1) for g in range(GROUPS) for row in rows]


def _file(path, rows):
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _import(db_path, path, **options) -> FileResult:
    db = store.open_db(db_path)
    try:
        return importer.process_file(db, path, write=True, **options)
    finally:
        db.conn.close()


def _three(tmp_path, monkeypatch, after: list[str], **options) -> dict:
    """The same changed file into copies of one register: split in two (blocks of 2 cases), in one
    process, and case by case."""
    monkeypatch.setattr(store, "now", lambda: "2024-01-01T00:00:00.000000+00:00")
    monkeypatch.setattr(split_plans, "BLOCK", 2)
    base = tmp_path / "base.db"
    assert _import(base, _file(tmp_path / "before.csv", _many(BEFORE))).valid
    changed = _file(tmp_path / "after.csv", after)
    out = {}
    for name in ("two", "one", "case by case"):
        monkeypatch.setattr(split_plans, "MIN_CASES", 0 if name == "two" else 1 << 60)
        if name == "case by case":
            monkeypatch.setattr(perubahan, "writes", lambda plans, asal, stamp, twice=None: list(plans))
        db = tmp_path / f"{name}.db"
        shutil.copy(base, db)
        result = _import(db, changed, **options)
        out[name] = (_tables(db), json.dumps(result.to_dict(), sort_keys=True))
    return out


@pytest.mark.parametrize("timpa", [True, False])
def test_two_processes_write_what_one_writes(tmp_path, monkeypatch, timpa):
    after = _many(AFTER if timpa else [AFTER[0], *BEFORE[1:6], AFTER[-1]])
    got = _three(tmp_path, monkeypatch, after, timpa=timpa)
    assert got["two"] == got["one"] == got["case by case"]
    tables, summary = got["two"]
    assert json.loads(summary)["diubah"] == GROUPS * (5 if timpa else 2)
    assert len(tables["riwayat"]) > GROUPS * (10 if timpa else 4)


def test_the_same_conflicts_in_the_same_order(tmp_path, monkeypatch):
    got = _three(tmp_path, monkeypatch, _many(AFTER))  # without --timpa: withdrawals are conflicts
    assert got["two"] == got["one"] == got["case by case"]
    summary = json.loads(got["two"][1])
    assert not summary["valid"] and summary["problem_count"] >= 2 * GROUPS
    assert [p["code"] for p in summary["problems"]] == ["conflict"] * len(summary["problems"])


def test_a_case_named_twice_is_written_as_one_process_writes_it(tmp_path, monkeypatch):
    # G0-K1 again under a number it had (nomor_lama is not needed: the file names it twice by nomor
    # case-insensitively), in another block than its first row
    after = _many([AFTER[0], *BEFORE[1:6], AFTER[-1]])
    after.append(after[0].replace("G0-K1", "g0-k1").replace("diubah", "lagi"))
    got = _three(tmp_path, monkeypatch, after)
    assert got["two"] == got["one"]


def _items(n: int):
    return ((i,) for i in range(n))


def _planner(item):
    (i,) = item
    return ([f"problem {i}"] if i % 3 == 0 else []), [{"row": i}], (i if i % 2 else None)


def test_run_joins_the_blocks_in_order(monkeypatch):
    monkeypatch.setattr(split_plans, "BLOCK", 3)
    out = {}
    for two in (False, True):
        result = FileResult("f")
        steps, planned = split_plans.run(_items(20), _planner, lambda plans: [tuple(plans)], result, two=two)
        out[two] = (steps, planned, result.problems, result.problem_count, result.changes)
    assert out[True] == out[False]
    assert out[True][1] == 10 and out[True][2][:2] == ["problem 0", "problem 3"]


def test_an_error_in_the_child_is_raised_here(monkeypatch):
    monkeypatch.setattr(split_plans, "BLOCK", 3)

    def planner(item):
        if item[0] == 4:  # the second block: the child's
            raise ValueError("planned badly")
        return _planner(item)

    with pytest.raises(ValueError, match="planned badly"):
        split_plans.run(_items(20), planner, lambda plans: [], FileResult("f"), two=True)



def test_ctrl_c_stops_both_and_writes_nothing(tmp_path, db_path):
    head = "nomor,sumber,pemilu,wilayah,tanggal_kejadian,pelanggaran,uraian,nama,jabatan"
    before, after = tmp_path / "before.csv", tmp_path / "after.csv"
    n = 3 * split_plans.MIN_CASES
    for path, uraian in ((before, "awal"), (after, "diubah")):
        path.write_text(head + "\n" + "".join(f"C{i},temuan,pilkada-2020,kukar,2020-10-02,foto-bersama,{uraian},"
                                              f"Orang {i},Staf\n" for i in range(n)), encoding="utf-8")
    assert _import(db_path, before).valid
    p = subprocess.Popen([sys.executable, "-m", "netralitas", "import", str(after), "--db", str(db_path)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         env={**os.environ, "NETRALITAS_LANG": "id"}, preexec_fn=ctrl_c_as_a_terminal_gives_it)
    children = helpers_of(p, 1200, 0.02)  # the second planner (or the import ended)
    if split_plans.worth(n):
        assert children, "no second planner"
    p.send_signal(2)
    out, err = p.communicate(timeout=120)
    assert p.returncode == 130, err
    assert "Traceback" not in err
    assert not running(children)
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM riwayat").fetchone()[0] == 0
        assert conn.execute("SELECT COUNT(*) FROM kasus WHERE uraian = 'diubah'").fetchone()[0] == 0


def test_a_planner_that_dies_is_a_runtime_failure(cli, tmp_path, monkeypatch):
    """The child killed while the importer still sends it blocks: not the file's fault (exit 3)."""
    monkeypatch.setattr(split_plans, "MIN_CASES", 0)
    monkeypatch.setattr(split_plans, "BLOCK", 2)
    base = tmp_path / "r.db"
    assert _import(base, _file(tmp_path / "before.csv", _many(BEFORE))).valid
    parent, plan = os.getpid(), split_plans._plan
    monkeypatch.setattr(split_plans, "_plan", lambda *a: os._exit(9) if os.getpid() != parent else plan(*a))
    r = cli("import", _file(tmp_path / "after.csv", _many(AFTER)), "--db", base, "--timpa", code=3)
    assert "helper process" in r.stderr and "Traceback" not in r.stderr
    with sqlite3.connect(base) as conn:
        assert conn.execute("SELECT COUNT(*) FROM riwayat").fetchone()[0] == 0


def test_the_planner_does_not_outlive_a_killed_importer(tmp_path, db_path):
    head = "nomor,sumber,pemilu,wilayah,tanggal_kejadian,pelanggaran,uraian,nama,jabatan"
    before, after = tmp_path / "before.csv", tmp_path / "after.csv"
    n = 3 * split_plans.MIN_CASES  # under 1 MiB: the only child is the planner
    for path, uraian in ((before, "awal"), (after, "diubah")):
        path.write_text(head + "\n" + "".join(f"C{i},temuan,pilkada-2020,kukar,2020-10-02,foto-bersama,{uraian},"
                                              f"Orang {i},Staf\n" for i in range(n)), encoding="utf-8")
    assert _import(db_path, before).valid
    p = subprocess.Popen([sys.executable, "-m", "netralitas", "import", str(after), "--db", str(db_path)],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    children = helpers_of(p, 1200, 0.02)
    if not children:
        pytest.skip("no second planner (one CPU)")
    p.kill()
    p.wait()
    assert not running(children, within=20)
