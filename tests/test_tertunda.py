"""A large file's new cases copied in chunks, unseen until one flip (tertunda): the register gets
the rows one transaction gives; a reader sees the file whole or not at all; another writer goes
on between chunks; an interrupted or killed import leaves nothing that is seen, and its rows are
removed."""

import json
import os
import sqlite3
import subprocess
import sys
import threading

import pytest

from conftest import ADD, count
from netralitas import store, tertunda
from test_split_rows import PELANGGARAN, _dump

NOW = "2024-01-01T00:00:00.000000+00:00"


HEADER = "nomor,sumber,pemilu,wilayah,tanggal_kejadian,tanggal_diterima,tanggal_klarifikasi,pelanggaran,nama,jenis,status\n"


def _file(tmp_path, name: str, cases: range):
    """Cases of one to three persons, each received and clarified (so with stages)."""
    f = tmp_path / name
    f.write_text(HEADER + "".join(f"{c:04d}/TM/2020,temuan,pilkada-2020,Kukar,2020-10-02,2020-10-03,2020-10-05,"
                                  f"{PELANGGARAN[c % 3]},Orang {c} {p},PNS,diproses\n"
                                  for c in cases for p in range(c % 3 + 1)), encoding="utf-8")
    return f


@pytest.fixture
def chunked(monkeypatch):
    """Chunks of 7 rows, for a file of any size; `calls` holds what each chunk's hook saw."""
    monkeypatch.setattr(store, "now", lambda: NOW)
    monkeypatch.setattr(tertunda, "CHUNK", 7)
    monkeypatch.setattr(tertunda, "MIN_KASUS", 1)
    return monkeypatch


def _hook(monkeypatch, after):
    """Run `after(n)` once each chunk transaction has committed (n: 1, 2, ...)."""
    copy, calls = tertunda._chunk, []

    def chunk(db, table, shifts, first, last):
        copy(db, table, shifts, first, last)
        calls.append(None)
        after(len(calls))

    monkeypatch.setattr(tertunda, "_chunk", chunk)
    return calls


def _raw(db_path, table="kasus") -> int:
    """Rows as the file holds them (no view: an import in progress included)."""
    with sqlite3.connect(db_path) as conn:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def _seen(db_path) -> tuple:
    """What a register connection (a report, a list) sees."""
    db = store.open_db(db_path, create=False)
    try:
        return tuple(db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tertunda.TABLES)
    finally:
        db.conn.close()


def _run(*args, timeout=60):
    return subprocess.run([sys.executable, "-m", "netralitas", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, "NETRALITAS_LANG": "en"})


def test_chunks_write_the_rows_one_transaction_writes(cli, tmp_path, monkeypatch):
    monkeypatch.setattr(store, "now", lambda: NOW)
    first, second = _file(tmp_path, "a.csv", range(0, 40)), _file(tmp_path, "b.csv", range(20, 90))
    got = []
    for least, name in ((1 << 60, "one.db"), (1, "chunks.db")):
        monkeypatch.setattr(tertunda, "MIN_KASUS", least)
        monkeypatch.setattr(tertunda, "CHUNK", 7)
        db = tmp_path / name
        out = [json.loads(cli("import", f, "--db", db, "--format", "json").stdout) for f in (first, second)]
        got.append((out, _dump(db)))
        assert _raw(db, "impor_tertunda") == 0
    assert got[0] == got[1]
    assert got[1][0][1]["files"][0]["baru"] == 50 and len(got[1][1]["tahapan"]) > 7


def test_nothing_of_the_file_is_seen_until_it_is_whole(cli, tmp_path, db_path, chunked):
    cli("import", _file(tmp_path, "a.csv", range(0, 10)), "--db", db_path)
    before, raw = _seen(db_path), _raw(db_path)
    big = _file(tmp_path, "b.csv", range(10, 80))
    seen, reports = [], []

    def look(n):
        seen.append((_seen(db_path), _raw(db_path)))
        if n == 2:
            out = _run("report", "--db", db_path, "--format", "json")
            reports.append(json.loads(out.stdout)["total"]["kasus"] if out.returncode == 0 else out.stderr)

    _hook(chunked, look)
    cli("import", big, "--db", db_path)
    assert len(seen) > 5
    assert all(s == before for s, _ in seen)  # hidden from every reader ...
    assert seen[-1][1] == raw + 70  # ... though the rows were there
    assert reports == [10]
    assert _seen(db_path)[0] == 80 and _raw(db_path, "impor_tertunda") == 0


def test_another_writer_goes_on_between_chunks(cli, tmp_path, db_path, chunked):
    cli("import", _file(tmp_path, "a.csv", range(0, 10)), "--db", db_path)
    added = []

    def write(n):
        if n == 1:  # the top chunk (cases 73-79) came with the reservation, the next (66-72) now
            added.extend(_run(*ADD, "--db", db_path, "--nomor", nomor, "--nama", "Lain", timeout=20)
                         for nomor in ("LAIN/2024", "0079/TM/2020", "0050/TM/2020"))

    calls = _hook(chunked, write)
    out = json.loads(cli("import", _file(tmp_path, "b.csv", range(10, 80)), "--db", db_path, "--format", "json").stdout)
    assert [a.returncode for a in added] == [0, 3, 0], [a.stderr for a in added]
    assert "0079/TM/2020 is being imported (file b.csv)" in added[1].stderr  # copied: it is held
    # 0050 was not copied yet: recorded by `add` first, the file then meets it as a recorded case
    # (copying it failed, what was copied is removed, the file is planned again)
    assert out["files"][0]["baru"] == 69 and len(calls) > 12
    with sqlite3.connect(db_path) as conn:
        lain = conn.execute("SELECT id FROM kasus WHERE nomor = 'LAIN/2024'").fetchone()[0]
        assert lain < conn.execute("SELECT MIN(id) FROM kasus WHERE nomor = '0079/TM/2020'").fetchone()[0]
        assert conn.execute("SELECT COUNT(*) FROM kasus WHERE nomor = '0050/TM/2020'").fetchone()[0] == 1
    assert _seen(db_path)[0] == 81 and _raw(db_path, "impor_tertunda") == 0


def test_a_writer_between_chunks_gets_ids_above_the_reserved(cli, tmp_path, db_path, chunked):
    cli("import", _file(tmp_path, "a.csv", range(0, 10)), "--db", db_path)
    added = []
    _hook(chunked, lambda n: n == 1 and added.append(_run(*ADD, "--db", db_path, "--nomor", "LAIN/2024",
                                                          "--nama", "Lain", timeout=20)))
    out = json.loads(cli("import", _file(tmp_path, "b.csv", range(10, 80)), "--db", db_path, "--format", "json").stdout)
    assert added[0].returncode == 0 and out["files"][0]["baru"] == 70
    with sqlite3.connect(db_path) as conn:
        lain = conn.execute("SELECT id FROM kasus WHERE nomor = 'LAIN/2024'").fetchone()[0]
        assert lain > conn.execute("SELECT MAX(id) FROM kasus WHERE nomor LIKE '%/TM/2020'").fetchone()[0]
        person = conn.execute("SELECT t.id FROM terlapor t JOIN kasus k ON k.id = t.kasus_id "
                              "WHERE k.nomor = 'LAIN/2024'").fetchone()[0]
        assert person > conn.execute("SELECT MAX(id) FROM terlapor WHERE nama LIKE 'Orang%'").fetchone()[0]
    assert _seen(db_path)[0] == 81


def test_an_interrupted_import_leaves_nothing(cli, tmp_path, db_path, chunked):
    cli("import", _file(tmp_path, "a.csv", range(0, 10)), "--db", db_path)
    before = _dump(db_path)

    def stop(n):
        if n == 3:
            raise KeyboardInterrupt

    _hook(chunked, stop)
    result = cli("import", _file(tmp_path, "b.csv", range(10, 80)), "--db", db_path, code=130)
    assert "rolled back" in result.stderr
    assert _dump(db_path) == before and _raw(db_path, "impor_tertunda") == 0


def _killed_at_the_third_chunk(monkeypatch) -> None:
    """The import stops at its third chunk as if killed: nothing removes what it copied."""
    def killed(n):
        if n == 3:
            monkeypatch.setattr(tertunda, "discard", lambda db, rid: None)
            raise KeyboardInterrupt

    _hook(monkeypatch, killed)


def _reserved_by(db_path, pid: int) -> None:
    """Another import's reservation (of lain.csv, by process `pid`), holding no rows yet."""
    with sqlite3.connect(db_path) as conn:
        conn.execute("INSERT INTO impor_tertunda (pid, berkas, mulai, kasus_dari, kasus_sampai, terlapor_dari, "
                     "terlapor_sampai, tahapan_dari, tahapan_sampai) VALUES (?, 'lain.csv', ?, 1, 0, 1, 0, 1, 0)",
                     [pid, NOW])


def _dead_pid() -> int:
    p = subprocess.Popen(["true"])
    p.wait()
    return p.pid


def test_a_killed_imports_rows_are_removed_by_the_next_import(cli, tmp_path, db_path, chunked):
    cli("import", _file(tmp_path, "a.csv", range(0, 10)), "--db", db_path)
    big = _file(tmp_path, "b.csv", range(10, 80))
    expected = tmp_path / "expected.db"
    cli("import", _file(tmp_path, "a.csv", range(0, 10)), "--db", expected)
    cli("import", big, "--db", expected)

    _killed_at_the_third_chunk(chunked)
    cli("import", big, "--db", db_path, code=130)
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE impor_tertunda SET pid = ?", [_dead_pid()])
    assert _seen(db_path)[0] == 10 and _raw(db_path) > 10  # left behind, unseen
    chunked.undo()
    result = cli("import", big, "--db", db_path)
    assert "Removing the rows of an interrupted import" in result.stderr
    assert _dump(db_path) == _dump(expected)  # the same ids as if nothing had been left behind
    assert _raw(db_path, "impor_tertunda") == 0


@pytest.mark.parametrize("least", [1, 1 << 60])  # a large file (in chunks) and a small one (one transaction)
def test_an_import_waits_for_another_in_progress(cli, tmp_path, db_path, chunked, least):
    cli("import", _file(tmp_path, "a.csv", range(0, 10)), "--db", db_path)
    chunked.setattr(tertunda, "MIN_KASUS", least)
    other = subprocess.Popen(["sleep", "2"])
    threading.Thread(target=other.wait, daemon=True).start()  # gone (and reaped) after 2 s
    _reserved_by(db_path, other.pid)  # its reservation holds no rows yet
    result = cli("import", _file(tmp_path, "b.csv", range(10, 80)), "--db", db_path)
    assert "Waiting for another import" in result.stderr
    assert other.poll() is not None
    assert _seen(db_path)[0] == 80 and _raw(db_path, "impor_tertunda") == 0


def test_a_small_file_lands_in_one_transaction(cli, tmp_path, db_path, monkeypatch):
    calls = _hook(monkeypatch, lambda n: None)
    cli("import", _file(tmp_path, "a.csv", range(0, 30)), "--db", db_path)
    assert calls == [] and count(db_path) == 30


def test_an_import_that_began_meanwhile_is_waited_for_before_the_write(cli, tmp_path, db_path, monkeypatch):
    """A small file planned while no import was in progress, one beginning before its write: it
    waits, then plans again (the other's cases might be its own)."""
    from netralitas import merge

    cli("import", _file(tmp_path, "a.csv", range(0, 10)), "--db", db_path)
    prepare, others = merge.prepare, []

    def prepare_then_another_begins(db, *args, **kw):
        prepare(db, *args, **kw)
        if not others:
            others.append(subprocess.Popen(["sleep", "2"]))
            threading.Thread(target=others[0].wait, daemon=True).start()
            _reserved_by(db_path, others[0].pid)

    monkeypatch.setattr(merge, "prepare", prepare_then_another_begins)
    result = cli("import", _file(tmp_path, "b.csv", range(10, 30)), "--db", db_path)
    assert "Waiting for another import" in result.stderr
    assert _seen(db_path)[0] == 30 and _raw(db_path, "impor_tertunda") == 0


def _tni(tmp_path, name: str, cases: range):
    """Cases whose persons are TNI (the digest's other routes, read on its second connection)."""
    f = _file(tmp_path, name, cases)
    f.write_text(f.read_text(encoding="utf-8").replace(",PNS,", ",TNI,"), encoding="utf-8")
    return f


def _digest(db_path, out) -> dict:
    result = _run("digest", "--db", db_path, "--out", out)
    assert result.returncode == 0, result.stderr
    data = json.loads(max(out.glob("*.json"), key=os.path.getmtime).read_text(encoding="utf-8"))
    return {"total": data["total"], "rute_lain": data["rute_lain"], "tertunda": data["tertunda"]["jumlah"]}


def test_the_digest_sees_none_of_the_file_on_either_connection(cli, tmp_path, db_path, chunked):
    cli("import", _tni(tmp_path, "a.csv", range(0, 10)), "--db", db_path)
    before, during = _digest(db_path, tmp_path / "d1"), []
    _hook(chunked, lambda n: n == 2 and during.append(_digest(db_path, tmp_path / "d2")))
    cli("import", _tni(tmp_path, "b.csv", range(10, 80)), "--db", db_path)
    assert during == [before]
    assert _digest(db_path, tmp_path / "d3")["total"]["kasus"] == 80


def test_gabung_refuses_a_register_with_an_import_in_progress(cli, tmp_path, chunked):
    src, hub = tmp_path / "kukar.db", tmp_path / "kaltim.db"
    cli("import", _file(tmp_path, "a.csv", range(0, 10)), "--db", src)
    cli("kantor", "set", "--db", src, "--nama", "Bawaslu Kukar", "--wilayah", "64.02")
    cli("kantor", "set", "--db", hub, "--nama", "Bawaslu Kaltim", "--wilayah", "64")

    _killed_at_the_third_chunk(chunked)
    cli("import", _file(tmp_path, "b.csv", range(10, 80)), "--db", src, code=130)
    result = cli("gabung", "--db", hub, src, "--format", "json", code=1)
    assert "an import into it is in progress or was interrupted (file b.csv)" in result.stdout
    assert _raw(hub) == 0


def test_ctrl_c_right_after_the_reservation_leaves_nothing(cli, tmp_path, db_path, chunked):
    cli("import", _file(tmp_path, "a.csv", range(0, 10)), "--db", db_path)
    before = _dump(db_path)

    def stop(*args):
        raise KeyboardInterrupt  # the reservation and the top chunks are committed

    chunked.setattr(tertunda, "_chunk", stop)  # before the first chunk after the reservation
    cli("import", _file(tmp_path, "b.csv", range(10, 80)), "--db", db_path, code=130)
    assert _dump(db_path) == before and _raw(db_path, "impor_tertunda") == 0


def test_a_writer_during_the_planning_does_not_keep_the_file_from_chunks(cli, tmp_path, db_path, chunked):
    """The reservation takes ids above what another writer made meanwhile; the flip plans the
    recorded cases again (before its lock, on a snapshot)."""
    from netralitas import merge

    cli("import", _file(tmp_path, "a.csv", range(0, 10)), "--db", db_path)
    prepare, added = merge.prepare, []

    def prepare_while_another_writes(db, *args, **kw):
        prepare(db, *args, **kw)
        added.append(_run(*ADD, "--db", db_path, "--nomor", f"LAIN/{len(added)}", "--nama", "Lain", timeout=20))

    chunked.setattr(merge, "prepare", prepare_while_another_writes)
    calls = _hook(chunked, lambda n: None)
    out = json.loads(cli("import", _file(tmp_path, "b.csv", range(10, 80)), "--db", db_path, "--format", "json").stdout)
    assert len(added) == 1 and added[0].returncode == 0  # planned once
    assert calls and out["files"][0]["baru"] == 70
    with sqlite3.connect(db_path) as conn:
        lain = conn.execute("SELECT id FROM kasus WHERE nomor = 'LAIN/0'").fetchone()[0]
        assert conn.execute("SELECT MIN(id) FROM kasus WHERE nomor LIKE '%/TM/2020' AND id > 10").fetchone()[0] == lain + 1
    assert _seen(db_path)[0] == 81


def test_what_a_killed_import_left_is_named(cli, tmp_path, db_path, chunked):
    a = _file(tmp_path, "a.csv", range(0, 10))
    cli("import", a, "--db", db_path)

    _killed_at_the_third_chunk(chunked)
    cli("import", _file(tmp_path, "b.csv", range(10, 80)), "--db", db_path, code=130)
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE impor_tertunda SET pid = ?", [_dead_pid()])
    info = json.loads(cli("info", "--db", db_path, "--format", "json").stdout)
    assert len(info["impor_tertunda"]) == 1 and "b.csv" in info["impor_tertunda"][0]
    assert "interrupted" in info["impor_tertunda"][0]
    held = _run(*ADD, "--db", db_path, "--nomor", "0079/TM/2020", "--nama", "Lain")
    assert held.returncode == 3 and "left by an interrupted import (file b.csv)" in held.stderr
    chunked.undo()
    result = cli("import", a, "--db", db_path)  # unchanged: yet what was left is removed
    assert "Removing the rows of an interrupted import" in result.stderr
    assert _raw(db_path) == 10 and _raw(db_path, "impor_tertunda") == 0


def test_an_import_waits_for_another_only_so_long(cli, tmp_path, db_path, chunked):
    cli("import", _file(tmp_path, "a.csv", range(0, 10)), "--db", db_path)
    other = subprocess.Popen(["sleep", "30"])
    try:
        _reserved_by(db_path, other.pid)
        chunked.setattr(store, "WRITE_WAIT_S", 1.5)
        result = cli("import", _file(tmp_path, "b.csv", range(10, 80)), "--db", db_path, code=3)
        assert f"another import (lain.csv since {NOW} (process {other.pid}, running))" in result.stderr
        assert _seen(db_path)[0] == 10
    finally:
        other.kill()
        other.wait()


def test_sigterm_of_a_real_large_import_leaves_nothing(tmp_path, db_path):
    """A file over MIN_KASUS new cases, in a process of its own: SIGTERM (a closed session, `kill`)
    while it copies removes what it copied, as Ctrl-C does."""
    small = _file(tmp_path, "a.csv", range(0, 10))
    assert _run("import", small, "--db", db_path).returncode == 0
    before = _dump(db_path)
    big = _file(tmp_path, "b.csv", range(10, 10 + tertunda.MIN_KASUS + 5000))
    p = subprocess.Popen([sys.executable, "-m", "netralitas", "import", str(big), "--db", str(db_path)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         env={**os.environ, "NETRALITAS_LANG": "en"})
    for _ in range(1200):  # until its reservation is there
        if p.poll() is not None or _raw(db_path, "impor_tertunda"):
            break
        threading.Event().wait(0.05)
    assert p.poll() is None, "the import ended before it reserved"
    p.terminate()
    out, err = p.communicate(timeout=120)
    assert p.returncode == 130 and "Traceback" not in err, err
    assert "Removing the rows copied so far" in err
    assert _dump(db_path) == before and _raw(db_path, "impor_tertunda") == 0


def test_whose_reservation_is_alive():
    me = tertunda._process(os.getpid())
    host = me.split(" ")[0]
    assert tertunda.alive(os.getpid(), me) and tertunda.alive(os.getpid(), None)
    assert not tertunda.alive(_dead_pid(), None)
    assert not tertunda.alive(os.getpid(), f"{host} 1")  # the pid again, a later process
    assert tertunda.alive(_dead_pid(), "another-machine 1")  # only that machine can tell
