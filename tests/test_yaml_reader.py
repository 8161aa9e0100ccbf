"""The YAML reader read ahead in a child process (split_cases) gives what it gives in-process: the same cases
and lines, then the same refusal; a large file imported through it is all-or-nothing as ever."""

import json
import multiprocessing
from pathlib import Path

import pytest

from conftest import count, ctrl_c_as_a_terminal_gives_it, helpers_of, running
from netralitas import forked, readers, yaml_reader

CASE = """  - nomor: "{n}/Reg/LP/64.02/2024"
    sumber: laporan
    pemilu: pilkada-2024
    wilayah: "64.02"
    tanggal_kejadian: 2024-10-04
    pelanggaran: lainnya
    uraian: kasus {n}
    terlapor:
      - nama: Orang {n}
        jenis: PNS
        status: diproses
"""


def _many(n: int, tail: str = "") -> str:
    return "kasus:\n" + "".join(CASE.format(n=i) for i in range(n)) + tail


TEXTS = {
    "examples": None,  # data/examples/kasus.yaml
    "batches": _many(3 * yaml_reader.AHEAD_BATCH + 7),
    "tag late": _many(2 * yaml_reader.AHEAD_BATCH + 3, "  - sumber: !!python/name:os.system\n"),
    "alias late": _many(yaml_reader.AHEAD_BATCH + 1, "  - sumber: *a\n"),
    "duplicate late": _many(yaml_reader.AHEAD_BATCH, "  - sumber: a\n    sumber: b\n"),
    "broken late": _many(yaml_reader.AHEAD_BATCH + 2, "  - sumber: [unclosed\n"),
    "deep": "kasus:\n- uraian: " + "[" * 1000 + "]" * 1000 + "\n",
    "documents": "- a: 1\n---\n- b: ~\n...\n---\nkasus:\n  - c: '3'\nother: 4\n",
    "single case": "sumber: laporan\nterlapor:\n  - nama: A\n",
    "scalar": "hello\n",
    "empty": "",
}


def _ahead(path):
    """The reader's cases made by a forked child (as split_cases reads a large file)."""
    return forked.ahead(lambda: readers.read_yaml(path), yaml_reader.AHEAD_BATCH)


def _outcome(path, ahead: bool = False):
    items, end = [], None
    try:
        for item in (_ahead(path) if ahead else readers.read_yaml(path)):
            items.append(item)
    except readers.YamlRefused as e:
        end = e.problem
    return items, end


@pytest.mark.parametrize("name", list(TEXTS))
def test_read_ahead_gives_what_the_reader_gives(tmp_path, name):
    path = tmp_path / "k.yaml"
    if TEXTS[name] is None:
        path.write_bytes((Path(__file__).parent.parent / "data/examples/kasus.yaml").read_bytes())
    else:
        path.write_text(TEXTS[name], encoding="utf-8")
    here, ahead = _outcome(path), _outcome(path, ahead=True)
    assert ahead == here
    if name.endswith("late"):
        assert here[0] and here[1] is not None  # cases before the refusal, then the refusal
    assert not multiprocessing.active_children()


def test_bad_encoding_is_refused_the_same_ahead(tmp_path):
    path = tmp_path / "k.yaml"
    path.write_bytes(b"- a: \xff\xfe\n")
    here, ahead = _outcome(path), _outcome(path, ahead=True)
    assert ahead == here and here[1].code == "bad-encoding" and here[1].line == 1


def test_closing_early_stops_the_child(tmp_path):
    path = tmp_path / "k.yaml"
    path.write_text(_many(20 * yaml_reader.AHEAD_BATCH), encoding="utf-8")
    cases = _ahead(path)
    line, case, _ = next(cases)
    assert case["uraian"] == "kasus 0"
    cases.close()
    assert not multiprocessing.active_children()


def test_a_file_below_the_size_is_read_in_process(tmp_path):
    from netralitas import split_cases

    path = tmp_path / "k.yaml"
    path.write_text(_many(3), encoding="utf-8")
    assert path.stat().st_size < split_cases.SPLIT
    cases = split_cases.records(path, lambda entry, line, case, lines: iter([(line, (entry,))]), None)
    next(cases)
    assert not multiprocessing.active_children()
    cases.close()


def test_a_large_yaml_file_imports_through_the_child(cli, tmp_path, db_path):
    from netralitas.split_cases import SPLIT as YAML_AHEAD

    n = YAML_AHEAD // len(CASE) + 50
    good = tmp_path / "good.yaml"
    good.write_text(_many(n), encoding="utf-8")
    assert good.stat().st_size >= YAML_AHEAD
    out = json.loads(cli("import", good, "--format", "json").stdout)["files"][0]
    assert (out["valid"], out["rows"], out["baru"]) == (True, n, n)
    assert count(db_path) == n and count(db_path, "terlapor") == n


def test_a_large_yaml_file_refused_at_its_end_writes_nothing(cli, tmp_path, db_path):
    from netralitas.split_cases import SPLIT as YAML_AHEAD

    n = YAML_AHEAD // len(CASE) + 50
    bad = tmp_path / "bad.yaml"
    bad.write_text(_many(n, "  - sumber: &x laporan\n"), encoding="utf-8")
    last = bad.read_text(encoding="utf-8").count("\n")
    r = cli("import", bad, "--format", "json", code=1)
    [p] = json.loads(r.stdout)["files"][0]["problems"]
    assert (p["code"], p["line"]) == ("yaml-alias", last)
    assert count(db_path) == 0


def test_ctrl_c_stops_the_child_and_writes_nothing(tmp_path, db_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    f = tmp_path / "big.yaml"
    f.write_text(_many(60000), encoding="utf-8")
    env = {**os.environ, "NETRALITAS_LANG": "id"}
    p = subprocess.Popen([sys.executable, "-m", "netralitas", "import", str(f), "--db", str(db_path)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                         preexec_fn=ctrl_c_as_a_terminal_gives_it)
    children = helpers_of(p)  # the reader's child (or the import ended)
    assert children, "no reader child"
    time.sleep(0.5)
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=120)
    assert p.returncode == 130, err
    assert not running(children)
    assert count(db_path) == 0


@pytest.mark.parametrize("cases", [1, 4500])  # read in-process, and (over 1 MiB) by the read-ahead child
def test_bytes_that_are_not_utf8_are_named_by_their_line(cli, tmp_path, db_path, cases):
    text = _many(cases)
    lines = text.split("\n")
    at = len(lines) - 5
    lines[at] = lines[at] + " caf\xe9"  # a Latin-1 é in a value near the end
    f = tmp_path / "latin1.yaml"
    f.write_bytes("\n".join(lines).encode("utf-8").replace("caf\xe9".encode("utf-8"), b"caf\xe9"))
    assert (f.stat().st_size > 1 << 20) == (cases > 1)
    r = cli("import", f, "--db", db_path, "--format", "json", code=1)
    problem = json.loads(r.stdout)["files"][0]["problems"][0]
    assert problem["code"] == "bad-encoding" and problem["line"] == at + 1 and "UTF-8" in problem["message"]
    assert not db_path.exists() or count(db_path) == 0
