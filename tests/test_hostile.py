"""Hostile and careless input: bad files, paths and databases are refused cleanly, nothing is lost
or written, no personal data leaks. Each test is one attack; generated files are small."""

import json
import os
import sqlite3
import subprocess
import sys
import time

import pytest

from conftest import ADD, EXAMPLES, clear_catalog_caches, count
from netralitas import store


def netralitas(*args, env=None, **kwargs):
    """The CLI in a subprocess: real exit codes, real pipes, real memory."""
    return subprocess.run([sys.executable, "-m", "netralitas", *map(str, args)], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, **kwargs)


# -- the database: never created by a reader, never written by an older netralitas ------------


@pytest.mark.parametrize("command", [["report"], ["report", "--by", "fase"], ["list"], ["show", "X-1"],
                                     ["export"], ["digest", "--out", "{tmp}/d"]])
def test_reading_commands_never_create_a_database(cli, tmp_path, command):
    typo = tmp_path / "netralitsa.db"
    r = cli(*[a.format(tmp=tmp_path) for a in command], "--db", typo, code=3)
    assert f"no database at {typo}" in r.stderr
    assert not typo.exists() and list(tmp_path.iterdir()) == []  # no file, no lock, no digest folder


def test_info_on_a_missing_database_creates_nothing(cli, tmp_path):
    r = cli("info", "--db", tmp_path / "none.db", "--format", "json")
    assert json.loads(r.stdout)["ada"] is False and not (tmp_path / "none.db").exists()


def _from_the_future(db_path):
    cli_db = store.open_db(db_path)
    cli_db.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                   "VALUES ('netralitas', 'm099_tahapan_baru', '2030-01-01')")
    cli_db.conn.close()


def test_a_database_of_a_newer_netralitas_is_read_but_never_written(cli, db_path):
    cli("import", EXAMPLES / "kasus.yaml")
    _from_the_future(db_path)
    before = count(db_path)
    for args in (ADD, ["import", EXAMPLES / "kasus.csv"]):
        r = cli(*args, code=3)
        assert "newer netralitas" in r.stderr and "m099_tahapan_baru" in r.stderr and "Upgrade netralitas" in r.stderr
    assert count(db_path) == before
    assert cli("report", "--format", "json").stdout  # reading stays possible
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM digest_runs").fetchone()[0] == 0


# -- SQLite errors say what happened ------------------------------------------------------------


def test_a_corrupted_database_is_named_as_damaged(cli, tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite at all" * 100)
    r = cli("report", "--db", bad, code=3)
    assert "damaged or is not a netralitas database" in r.stderr and "Is another netralitas" not in r.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only files")
def test_a_read_only_database_is_named_as_read_only(cli, db_path):
    cli(*ADD)
    os.chmod(db_path, 0o444)
    try:
        r = cli(*ADD, "--nomor", "RO-1", code=3)
    finally:
        os.chmod(db_path, 0o644)
    assert "read-only" in r.stderr


def test_sqlite_messages_say_what_happened():
    from netralitas.errors import sqlite_message

    def err(text, code):
        e = sqlite3.OperationalError(text)
        e.sqlite_errorcode = code
        return e

    assert "is full" in sqlite_message(err("database or disk is full", 13))
    assert "read-only" in sqlite_message(err("attempt to write a readonly database", 8))
    assert "damaged" in sqlite_message(err("database disk image is malformed", 11))
    assert "locked" in sqlite_message(err("database is locked", 5))


def test_a_closed_pipe_is_a_normal_end(tmp_path):
    db = tmp_path / "n.db"
    many = tmp_path / "many.csv"  # far more than a pipe holds: the writer meets the closed pipe
    many.write_text("nomor,sumber,pemilu,wilayah,tanggal_kejadian,pelanggaran,uraian\n" + "".join(
        f"P-{i},laporan,pilkada-2024,64.02,2024-10-04,lainnya,{'x' * 100}\n" for i in range(3000)))
    assert netralitas("import", "--db", db, many).returncode == 0
    shell = f"{sys.executable} -m netralitas list --db {db} --format csv | head -1"
    for _ in range(3):  # the pipe may close before or after the first write
        out = subprocess.run(["bash", "-o", "pipefail", "-c", shell], capture_output=True, text=True)
        assert out.stdout.startswith("nomor,") and out.stdout.count("\n") == 1
        assert out.returncode == 0, out.stderr
        assert "Error" not in out.stderr and "Exception" not in out.stderr


# -- a writer waits for another writer, and says so -----------------------------------------------


def test_a_writer_waits_for_a_long_writer_and_says_so(cli, db_path):
    cli(*ADD)
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # as an import's merge does, for as long as it takes
    add = subprocess.Popen([sys.executable, "-m", "netralitas", *ADD, "--nomor", "W-1", "--db", str(db_path)],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(4)
    assert add.poll() is None  # still waiting, past the 2 s of a quiet wait
    holder.execute("COMMIT")
    out, err = add.communicate(timeout=60)
    assert add.returncode == 0, err
    assert "Waiting for another netralitas writer" in err and out.strip() == "W-1"
    assert count(db_path) == 2


def test_a_writer_gives_up_after_its_bound_with_nothing_written(db_path):
    db = store.open_db(db_path)
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    told = []
    with pytest.raises(store.RuntimeFailure, match="held the database for 3 s; nothing was written"):
        with store.write(db, wait=3, tell=told.append):
            db.execute("INSERT INTO digest_runs (waktu) VALUES ('x')")
    holder.execute("ROLLBACK")
    assert told and "Waiting for another netralitas writer" in told[0]
    assert count(db_path, "digest_runs") == 0


# -- paths: never destroyed, never followed --------------------------------------------------------


@pytest.mark.parametrize("fmt", ["yaml", "csv", "json", "xlsx"])
@pytest.mark.parametrize("suffix", ["", "-wal"])
def test_export_never_writes_onto_the_database(cli, db_path, fmt, suffix):
    cli("import", EXAMPLES / "kasus.yaml")
    target = f"{db_path}{suffix}"
    before = open(target, "rb").read() if os.path.exists(target) else None
    r = cli("export", "--format", fmt, "-o", target, "--timpa", code=2)
    assert "is the database" in r.stderr
    assert (open(target, "rb").read() if os.path.exists(target) else None) == before
    assert count(db_path) == 3


def test_export_refuses_an_existing_file_unless_timpa(cli, tmp_path):
    cli("import", EXAMPLES / "kasus.yaml")
    out = tmp_path / "laporan.csv"
    out.write_text("precious")
    r = cli("export", "--format", "csv", "-o", out, code=2)
    assert "exists; not overwritten (add --timpa" in r.stderr and out.read_text() == "precious"
    cli("export", "--format", "csv", "-o", out, "--timpa")
    assert out.read_text().startswith("nomor,")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_export_over_a_link_replaces_the_link_not_its_target(cli, tmp_path):
    cli("import", EXAMPLES / "kasus.yaml")
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    link = tmp_path / "out.yaml"
    link.symlink_to(victim)
    cli("export", "-o", link, code=2)
    cli("export", "-o", link, "--timpa")
    assert victim.read_text() == "precious" and not link.is_symlink()


def test_a_failed_export_leaves_no_file(cli, tmp_path):
    out = tmp_path / "x.csv"
    cli("export", "--db", tmp_path / "missing.db", "--format", "csv", "-o", out, code=3)
    assert list(tmp_path.iterdir()) == []


def test_digest_temporary_files_never_follow_a_planted_link(cli, tmp_path, db_path):
    import datetime as dt

    cli("import", EXAMPLES / "kasus.yaml")
    out = tmp_path / "d"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    day = dt.date.today().isoformat()
    for ext in ("md", "json"):  # the names the digest used to write through
        (out / f".netralitas-{day}.{ext}.{os.getpid()}.tmp").symlink_to(victim)
    cli("digest", "--out", out)
    assert victim.read_text() == "precious"
    assert (out / f"netralitas-{day}.md").read_text().startswith("# Neutrality summary")


def test_a_digest_that_cannot_record_its_run_leaves_no_file(cli, tmp_path, db_path):
    cli("import", EXAMPLES / "kasus.yaml")
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # a long import holds the write lock
    out = tmp_path / "d"
    r = cli("digest", "--out", out, "--wait", "1", code=3)
    holder.execute("ROLLBACK")
    assert "locked" in r.stderr
    assert list(out.iterdir()) == [] and count(db_path, "digest_runs") == 0
    cli("digest", "--out", out)
    assert len(list(out.iterdir())) == 2 and count(db_path, "digest_runs") == 1


# -- personal data and spreadsheets -----------------------------------------------------------------


def test_a_crafted_catalog_id_is_refused_when_loaded(cli, config_dir):
    cli("import", EXAMPLES / "kasus.yaml")
    (config_dir / "pemilu.yaml").write_text(
        "- id: pilkades-2025\n  pemungutan: 2025-06-01\n"
        "- id: \"x' THEN 1 END) UNION SELECT nama || nip FROM terlapor --\"\n  pemungutan: 2024-11-27\n"
        "  kampanye_mulai: 2024-09-25\n  kampanye_selesai: 2024-11-23\n")
    clear_catalog_caches()  # a new process reads the file anew
    r = cli("report", "--by", "fase", code=1)
    assert "pemilu.yaml: entry 2" in r.stderr and "not a valid id" in r.stderr
    assert "Rahmat" not in r.stdout + r.stderr
    (config_dir / "pemilu.yaml").write_text("- kode: x\n")
    clear_catalog_caches()
    assert "entry 1 is not a mapping with 'id'" in cli("report", code=1).stderr


def test_a_user_catalog_works_through_parameters(cli, config_dir):
    (config_dir / "pemilu.yaml").write_text(
        "- id: pilkada-2024-ulang\n  pemungutan: 2025-02-01\n  kampanye_mulai: 2025-01-10\n"
        "  kampanye_selesai: 2025-01-28\n")
    (config_dir / "pelanggaran.yaml").write_text("- kode: lainnya\n  pedoman: berat\n")
    cli(*ADD[:4], "pilkada-2024-ulang", *ADD[5:8], "2025-01-15", *ADD[9:], "--jenis", "PNS", "--sanksi", "ringan")
    rows = json.loads(cli("report", "--by", "fase", "--format", "json").stdout)["rows"]
    assert [r["kasus"] for r in rows if r["fase"] == "selama"] == [1]
    r = json.loads(cli("report", "--di-bawah-pedoman", "--format", "json").stdout)
    assert r["di_bawah_pedoman"]["jumlah"] == 1


FORMULAS = ["=HYPERLINK(\"http://x\",\"klik\")", "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0"]


def test_reports_neutralise_formulas_in_csv_and_markdown(cli, tmp_path):
    f = tmp_path / "f.csv"
    f.write_text("nomor,sumber,pemilu,wilayah,tanggal_kejadian,pelanggaran,jenis,instansi\n" + "".join(
        f"F-{i},laporan,pilkada-2024,64.02,2024-10-04,lainnya,PNS,\"{v.replace(chr(34), chr(34) * 2)}\"\n"
        for i, v in enumerate(FORMULAS)), encoding="utf-8")
    cli("import", f)
    csv_out = cli("report", "--by", "instansi", "--format", "csv").stdout
    md_out = cli("report", "--by", "instansi", "--format", "markdown").stdout
    listed = cli("list", "--format", "csv").stdout
    for text in (csv_out, md_out, listed):
        for v in FORMULAS:
            assert ",=" not in text and ",+" not in text and ",@" not in text and "| =" not in text
            assert "'" + v[:4] in text


def test_the_markdown_digest_escapes_html(cli, tmp_path):
    cli(*ADD, "--nomor", "<script>alert(1)</script>", "--jenis", "PNS", "--rekomendasi", "sedang",
        "--tanggal-rekomendasi", "2024-10-10")
    out = tmp_path / "d"
    cli("digest", "--out", out)
    md = next(out.glob("*.md")).read_text()
    assert "<script>" not in md and "&lt;script&gt;alert(1)&lt;/script&gt;" in md


def test_an_apostrophe_typed_by_a_person_is_kept(cli, tmp_path):
    f = tmp_path / "typed.csv"
    f.write_text("nomor,sumber,pemilu,wilayah,tanggal_kejadian,pelanggaran,uraian\n"
                 "A-1,laporan,pilkada-2024,64.02,2024-10-04,lainnya,'=x\n"
                 "A-2,laporan,pilkada-2024,64.02,2024-10-04,lainnya,''+1\n", encoding="utf-8")
    cli("import", f)
    got = {c["nomor"]: c["uraian"] for c in json.loads(cli("list", "--format", "json").stdout)}
    assert got == {"A-1": "'=x", "A-2": "''+1"}
    for fmt in ("csv", "xlsx", "yaml"):  # and an export imports back exactly
        out, db = tmp_path / f"e.{fmt}", tmp_path / f"{fmt}.db"
        cli("export", "--format", fmt, "-o", out)
        cli("import", "--db", db, out)
        again = {c["nomor"]: c["uraian"] for c in json.loads(cli("list", "--db", db, "--format", "json").stdout)}
        assert again == got, fmt
