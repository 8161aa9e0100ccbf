"""Safety and I/O: outputs never replace a database, foreign databases are never opened as registers,
undecodable or control-character text is refused, interruptions and closed pipes end cleanly."""

import json
import sqlite3

import pytest

from conftest import EXAMPLES, count, ctrl_c_as_a_terminal_gives_it


def register(cli, path):
    cli("import", EXAMPLES / "kasus.csv", "--db", path)
    return count(path)


# 1. an output never replaces another database -------------------------------------------------------

@pytest.mark.parametrize("args", [
    ["export", "--timpa", "--output"],
    ["report", "--format", "xlsx", "--timpa", "--output"],
    ["list", "--format", "xlsx", "--timpa", "--output"],
    ["terbitkan", "--timpa"],
    ["sosialisasi", "export", "--output"],
])
def test_an_output_never_replaces_another_register(cli, tmp_path, db_path, args):
    register(cli, db_path)
    other = tmp_path / "lain.db"
    n = register(cli, other)
    before = other.read_bytes()
    r = cli(*args, other, "--db", db_path, code=2)
    assert "SQLite" in r.stderr
    assert other.read_bytes() == before and count(other) == n


def test_a_chart_never_replaces_a_database(cli, tmp_path, db_path):
    register(cli, db_path)
    other = tmp_path / "lain.png"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    cli("report", "--grafik", other, "--timpa", "--db", db_path, code=2)
    assert sqlite3.connect(other).execute("SELECT name FROM sqlite_master").fetchall() == [("t",)]


def test_a_digest_never_replaces_a_database(cli, tmp_path, db_path):
    register(cli, db_path)
    out = tmp_path / "dg"
    cli("digest", "--out", out, "--db", db_path)
    victim = next(out.glob("*.json"))
    victim.unlink()
    sqlite3.connect(victim).execute("CREATE TABLE t (x)").connection.close()
    cli("digest", "--out", out, "--db", db_path, code=2)
    assert sqlite3.connect(victim).execute("SELECT name FROM sqlite_master").fetchall() == [("t",)]


def test_terbitkan_replaces_its_own_publication_only(cli, tmp_path, db_path):
    register(cli, db_path)
    pub = tmp_path / "pub.db"
    cli("terbitkan", pub, "--db", db_path)
    cli("terbitkan", pub, "--timpa", "--db", db_path)
    other = tmp_path / "lain.db"
    sqlite3.connect(other).execute("CREATE TABLE tentang (kunci, nilai)").connection.close()
    cli("terbitkan", other, "--timpa", "--db", db_path, code=2)


# 2. a database that is not a register is refused, never migrated -----------------------------------

@pytest.mark.parametrize("command", [["list"], ["report"], ["import", EXAMPLES / "kasus.csv"]])
def test_another_programs_database_is_refused_and_untouched(cli, tmp_path, command):
    other = tmp_path / "lain.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE pelanggan (nama TEXT)")
    conn.execute("INSERT INTO pelanggan VALUES ('Budi')")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    r = cli(*command, "--db", other, code=3)
    assert "not a netralitas register" in r.stderr
    assert other.read_bytes() == before
    assert {n for (n,) in sqlite3.connect(other).execute("SELECT name FROM sqlite_master")} == {"pelanggan"}
    # a table that happens to be called kasus does not make it a register
    sqlite3.connect(other).execute("CREATE TABLE kasus (x)").connection.close()
    before = other.read_bytes()
    r = cli(*command, "--db", other, code=3)
    assert "not a netralitas register" in r.stderr and "already exists" not in r.stderr
    assert other.read_bytes() == before


def test_a_published_aggregate_is_not_opened_as_a_register(cli, tmp_path, db_path):
    register(cli, db_path)
    pub = tmp_path / "pub.db"
    cli("terbitkan", pub, "--db", db_path)
    r = cli("list", "--db", pub, code=3)
    assert "not a netralitas register" in r.stderr
    cli("import", EXAMPLES / "kasus.csv", "--db", pub, code=3)
    assert "kasus" not in {n for (n,) in sqlite3.connect(pub).execute("SELECT name FROM sqlite_master")}


def test_an_empty_file_still_becomes_a_register(cli, tmp_path):
    new = tmp_path / "baru.db"
    new.touch()
    cli("import", EXAMPLES / "kasus.csv", "--db", new)
    assert count(new) > 0


# 3. a UTF-8 file with some invalid bytes is refused, not garbled ------------------------------------

CSV_HEADER = b"nomor,sumber,pemilu,wilayah,tanggal_kejadian,pelanggaran,uraian,nama,nip\n"


def csv_row(nomor: str, uraian: bytes, nama: bytes, nip: str = "198001012005011001") -> bytes:
    return (f"{nomor},laporan,pilkada-2024,64.02,2024-10-04,medsos-interaksi,".encode() + uraian + b","
            + nama + f",{nip}\n".encode())


def import_problems(cli, path, db_path, code=1):
    r = cli("import", path, "--db", db_path, "--format", "json", code=code)
    return json.loads(r.stdout)["files"][0]["problems"]


def test_utf8_with_some_invalid_bytes_is_refused_naming_the_lines(cli, tmp_path, db_path):
    f = tmp_path / "m.csv"
    f.write_bytes(CSV_HEADER + csv_row("K-1", b"x", "José".encode()) + csv_row("K-2", b"caf\xe9", b"Ani")
                  + csv_row("K-3", b"y", b"Budi") + csv_row("K-4", b"\xff", b"Citra"))
    [p] = import_problems(cli, f, db_path)
    assert p["code"] == "bad-encoding" and p["line"] == 3
    assert "3, 5" in p["message"] and "UTF-8" in p["message"]
    assert count(db_path) == 0


def test_a_windows_1252_file_is_still_read(cli, tmp_path, db_path):
    f = tmp_path / "w.csv"
    f.write_bytes(CSV_HEADER + csv_row("K-1", b"x", "José".encode("cp1252")))
    cli("import", f, "--db", db_path)
    assert sqlite3.connect(db_path).execute("SELECT nama FROM terlapor").fetchone() == ("José",)


def test_an_invalid_byte_far_into_a_large_file_is_found(cli, tmp_path, db_path):
    rows = b"".join(csv_row(f"K-{n}", "é".encode() * 200, b"Budi", f"1980010120050110{n % 100:02d}") for n in range(6000))
    f = tmp_path / "big.csv"
    f.write_bytes(CSV_HEADER + rows + csv_row("K-X", b"\xe9", b"Ani"))
    [p] = import_problems(cli, f, db_path)
    assert p["line"] == 6002


# 4. control characters: refused on import, never a crash in a workbook ------------------------------

def test_a_control_character_is_a_problem_with_a_masked_name(cli, tmp_path, db_path):
    f = tmp_path / "c.csv"
    f.write_bytes(CSV_HEADER + csv_row("K-1", b"a\x1fb", b"Nama\x00Rahasia"))
    problems = import_problems(cli, f, db_path)
    assert {(p["code"], p["field"], p["line"]) for p in problems} == {
        ("control-character", "uraian", 2), ("control-character", "nama", 2)}
    assert "Rahasia" not in json.dumps(problems) and "\x00" not in json.dumps(problems, ensure_ascii=False)
    assert count(db_path) == 0


@pytest.mark.parametrize("command", [["export", "--format", "xlsx", "--include-pii"], ["list", "--format", "xlsx"]])
def test_a_stored_control_character_does_not_break_a_workbook(cli, tmp_path, db_path, command):
    from openpyxl import load_workbook

    register(cli, db_path)  # a register written before import refused control characters
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE terlapor SET nama = 'Nama' || char(0) || 'Null'")
    conn.commit()
    conn.close()
    out = tmp_path / "k.xlsx"
    r = cli(*command, "--output", out, "--db", db_path)
    assert "Null" not in r.stderr
    values = [c for row in load_workbook(out).active.iter_rows(values_only=True) for c in row]
    assert "Nama\ufffdNull" in values


# 5. Ctrl-C: a translated line, exit 130, the register intact ----------------------------------------

def test_ctrl_c_during_an_import_exits_130_with_nothing_written(cli, tmp_path, db_path, monkeypatch):
    from netralitas import merge

    register(cli, db_path)
    n = count(db_path)

    def interrupt(*args, **kwargs):
        # what the failing clean-up did while Ctrl-C unwound: an open statement makes DROP fail with "locked"
        try:
            raise KeyboardInterrupt
        finally:
            raise sqlite3.OperationalError("database table is locked")

    monkeypatch.setattr(merge, "commit", interrupt)  # the copy into the register, under the write lock
    f = tmp_path / "k.csv"
    f.write_bytes(CSV_HEADER + csv_row("K-9", b"x", b"Budi"))
    r = cli("import", f, "--db", db_path, code=130)
    assert "Cancelled" in r.stderr and "locked" not in r.stderr
    assert count(db_path) == n


def test_ctrl_c_in_a_real_process(tmp_path, db_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    f = tmp_path / "big.csv"
    # (large enough that the import is still running after 3 s on a fast machine: a 60,000-row file is checked in ~3 s)
    f.write_bytes(CSV_HEADER + b"".join(csv_row(f"K-{n}", b"x", b"Budi", f"1980010120050{n % 100000:05d}")
                                        for n in range(240000)))
    env = {**os.environ, "NETRALITAS_LANG": "id"}
    p = subprocess.Popen([sys.executable, "-m", "netralitas", "import", str(f), "--db", str(db_path)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                         preexec_fn=ctrl_c_as_a_terminal_gives_it)
    time.sleep(3)
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=120)
    assert p.returncode == 130, err
    assert "dibatalkan" in err.lower() and "Traceback" not in err and "locked" not in err
    assert count(db_path) == 0


def test_ctrl_c_after_the_commit_says_the_write_is_kept(cli, tmp_path, db_path, monkeypatch):
    """Ctrl-C between the commit and the summary: the import is in, and the message says so."""
    from netralitas.cli import impor

    register(cli, db_path)
    n = count(db_path)

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(impor, "show_results", interrupt)  # runs after process_file committed
    f = tmp_path / "k.csv"
    f.write_bytes(CSV_HEADER + csv_row("K-9", b"x", b"Budi"))
    r = cli("import", f, "--db", db_path, code=130)
    assert "after the write was committed" in r.stderr and "rolled back" not in r.stderr
    assert count(db_path) == n + 1


def test_ctrl_c_into_a_new_register_before_its_write_says_nothing_was_written(cli, tmp_path, db_path, monkeypatch):
    """The new file's tables (its migrations) are committed first: they are not the import's write."""
    from netralitas import staging

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(staging, "stage", interrupt)
    f = tmp_path / "k.csv"
    f.write_bytes(CSV_HEADER + csv_row("K-9", b"x", b"Budi"))
    assert not db_path.exists()
    r = cli("import", f, "--db", db_path, code=130)
    assert "rolled back" in r.stderr and "after the write was committed" not in r.stderr
    assert count(db_path) == 0


def test_ctrl_c_inside_an_sql_function_is_a_cancel_not_a_database_error(cli, tmp_path, db_path, monkeypatch):
    """A Ctrl-C that lands inside one of our SQL functions reaches sqlite3 as "user-defined function raised
    exception"; the command still says it was cancelled (exit 130), and nothing is written."""
    import os
    import signal

    import importlib

    from netralitas import staging

    boundary = importlib.import_module("netralitas.cli.app")  # the module (netralitas.cli.app is also the Typer app)
    register(cli, db_path)
    n = count(db_path)
    real = staging._sidik

    def sidik(*args):
        os.kill(os.getpid(), signal.SIGINT)  # a real Ctrl-C, delivered while SQLite runs this function
        return real(*args)

    monkeypatch.setattr(staging, "_sidik", sidik)
    before = signal.getsignal(signal.SIGINT)
    try:
        f = tmp_path / "k.csv"
        f.write_bytes(CSV_HEADER + csv_row("K-9", b"x", b"Budi"))
        r = cli("import", f, "--db", db_path, code=130)
        assert "Cancelled" in r.stderr and "user-defined" not in r.stderr
    finally:
        signal.signal(signal.SIGINT, before)
        boundary._CTRL_C.clear()
    assert count(db_path) == n


def test_an_interrupted_statement_is_not_called_locked():
    from netralitas.errors import sqlite_message

    e = sqlite3.OperationalError("interrupted")
    e.sqlite_errorcode = 9
    assert "locked" not in sqlite_message(e) and "interrupted" in sqlite_message(e)


# 6. a closed pipe ends a table quietly, exit 0 ------------------------------------------------------

@pytest.mark.parametrize("args", [["report"], ["report", "--by", "jenis"], ["report", "--tertunda", "14"],
                                  ["list", "--format", "csv"]])
def test_a_closed_pipe_ends_quietly(cli, db_path, args):
    import subprocess
    import sys

    register(cli, db_path)
    p = subprocess.Popen([sys.executable, "-m", "netralitas", *args, "--db", str(db_path)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    p.stdout.close()  # the reader went away before the table was written (`| head -0`)
    err = p.stderr.read().decode()
    assert p.wait(timeout=60) == 0, err
    assert "Traceback" not in err


# 7. export takes its format from --output's extension ------------------------------------------------

@pytest.mark.parametrize("name,check", [("rt.csv", lambda b: b.startswith(b"nomor,")),
                                        ("rt.json", lambda b: json.loads(b) is not None),
                                        ("rt.yml", lambda b: b"kasus:" in b),
                                        ("rt.xlsx", lambda b: b[:2] == b"PK")])
def test_export_format_follows_the_extension_and_imports_back(cli, tmp_path, db_path, name, check):
    n = register(cli, db_path)
    out = tmp_path / name
    cli("export", "--output", out, "--include-pii", "--db", db_path)
    assert check(out.read_bytes())
    if out.suffix == ".json":  # import reads CSV, YAML and xlsx
        return
    again = tmp_path / "lagi.db"
    cli("import", out, "--db", again)
    assert count(again) == n


def test_a_format_the_extension_contradicts_is_refused(cli, tmp_path, db_path):
    register(cli, db_path)
    r = cli("export", "--format", "yaml", "--output", tmp_path / "rt.csv", "--db", db_path, code=2)
    assert "--format" in r.stderr
    assert not (tmp_path / "rt.csv").exists()


def test_the_export_comment_is_translated_and_imports_back(cli, tmp_path, db_path):
    import os
    import subprocess
    import sys

    n = register(cli, db_path)
    out = tmp_path / "rt.yaml"
    subprocess.run([sys.executable, "-m", "netralitas", "export", "--output", str(out), "--db", str(db_path)],
                   env={**os.environ, "NETRALITAS_LANG": "id"}, check=True, capture_output=True)
    first = out.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# ") and "netralitas import" in first and "import it with" not in first
    again = tmp_path / "lagi.db"
    cli("import", out, "--db", again)
    assert count(again) == n


# 8. a formula without its computed value is a problem naming the cell --------------------------------

def test_a_formula_without_a_cached_value_is_a_problem(cli, tmp_path, db_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["nomor", "sumber", "pemilu", "wilayah", "tanggal_kejadian", "pelanggaran", "uraian", "nama", "nip"])
    ws.append(["K-1", "laporan", "pilkada-2024", "64.02", "2024-10-04", "medsos-interaksi", "x", "Budi",
               "198001012005011001"])
    ws.append(["K-2", "laporan", "pilkada-2024", "64.02", "2024-10-04", "medsos-interaksi", "y", '=H2&" Jr"',
               "198001012005011002"])
    f = tmp_path / "rumus.xlsx"
    wb.save(f)  # openpyxl stores the formula only, as any script does
    [p] = import_problems(cli, f, db_path)
    assert p["code"] == "formula-without-value" and p["line"] == 3
    assert "H3" in p["message"] and "Excel" in p["message"]
    assert count(db_path) == 0


def test_a_workbook_with_values_only_still_imports(cli, db_path):
    cli("import", EXAMPLES / "kasus.xlsx", "--db", db_path)
    assert count(db_path) > 0


# 9. an empty CSV is a problem, not an import of nothing ---------------------------------------------

@pytest.mark.parametrize("content", [b"", b"\n\n", b"\xef\xbb\xbf"])
def test_an_empty_csv_is_refused(cli, tmp_path, db_path, content):
    f = tmp_path / "kosong.csv"
    f.write_bytes(content)
    [p] = import_problems(cli, f, db_path)
    assert p["code"] == "no-header"


# 7. a number past what a date or SQLite can hold is a usage error, not a crash ----------------------

@pytest.mark.parametrize("args", [["report", "--tertunda", "99999999999999999999"],
                                  ["digest", "--tertunda", "36501"],
                                  ["tenggat", "--dalam", "99999999999999999999"],
                                  ["list", "--limit", "99999999999999999999"]])
def test_a_huge_number_is_a_usage_error(cli, db_path, args):
    register(cli, db_path)
    r = cli(*args, "--db", db_path, code=2)
    assert "Traceback" not in r.stderr and f"'{args[1]}'" in r.stderr  # the option is named
