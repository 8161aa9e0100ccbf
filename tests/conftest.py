"""Shared fixtures: every test gets its own database file and config dir, a fixed terminal."""

import os
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

# The suite reads the English source strings in-process (help text is built at import, so this comes
# first); tests of the Indonesian text run the command in a subprocess or switch with i18n.use("id").
os.environ["NETRALITAS_LANG"] = "en"

from netralitas import aliases, catalogs, wilayah
from netralitas.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "data" / "examples"


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """A fresh database path and an empty config dir; stable, colourless, wide output."""
    monkeypatch.setenv("NETRALITAS_DB", str(tmp_path / "netralitas.db"))
    monkeypatch.setenv("NETRALITAS_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("NETRALITAS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("NETRALITAS_DEBUG", raising=False)
    clear_catalog_caches()
    yield
    clear_catalog_caches()


def clear_catalog_caches():
    catalogs.pemilu_catalog.cache_clear()
    catalogs.pelanggaran_catalog.cache_clear()
    catalogs.sanksi_catalog.cache_clear()
    wilayah.catalog.cache_clear()
    aliases.clear()


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "netralitas.db"


@pytest.fixture
def config_dir(tmp_path) -> Path:
    d = tmp_path / "config"
    d.mkdir(exist_ok=True)
    return d


class Cli:
    def __init__(self):
        self.runner = CliRunner()

    def __call__(self, *args, input=None, code=0):
        result = self.runner.invoke(app, [str(a) for a in args], input=input)
        if code is not None and result.exit_code != code:
            raise AssertionError(
                f"exit {result.exit_code}, expected {code}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
                f"\nexception: {result.exception!r}"
            )
        assert "Traceback" not in result.stdout + result.stderr
        return result


@pytest.fixture
def cli() -> Cli:
    return Cli()


def count(db_path: Path, table: str = "kasus") -> int:
    if not db_path.exists():
        return 0
    with sqlite3.connect(db_path) as conn:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


ADD = ["add", "--sumber", "laporan", "--pemilu", "pilkada-2024", "--kab", "kukar", "--tanggal", "4 Oktober 2024",
       "--pelanggaran", "medsos-interaksi"]


def before_m043(conn) -> None:
    """Make a database what it was before m043 (the indexes of what waits: the PPK, the undecided cases)."""
    conn.execute("DROP INDEX IF EXISTS idx_terlapor_menunggu")
    conn.execute("DROP INDEX IF EXISTS idx_kasus_awal")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm043_indeks_tenggat'")


def before_m040(conn) -> None:
    """Make a database what it was before m040/m041 (the route indexes, the sanction counts per case),
    and so before m042 (the index of forms) too."""
    from netralitas.migrations import CASE_COUNTS, SANKSI_COUNTS

    before_m043(conn)
    conn.execute("DROP INDEX IF EXISTS idx_kasus_pelanggaran")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm042_indeks_pelanggaran'")
    conn.execute("DROP INDEX IF EXISTS idx_terlapor_lain")
    conn.execute("DROP INDEX IF EXISTS idx_terlapor_pidana")
    conn.execute("DROP INDEX IF EXISTS idx_kasus_dihapus")
    conn.execute("DROP INDEX IF EXISTS idx_kasus_laporan")
    conn.execute("CREATE INDEX idx_kasus_laporan ON kasus (wilayah, pemilu, sumber, pelanggaran, tanggal_kejadian, "
                 + ", ".join(CASE_COUNTS) + ") WHERE dihapus IS NULL")
    for c in SANKSI_COUNTS:
        conn.execute(f"ALTER TABLE kasus DROP COLUMN {c}")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name IN ('m040_indeks_rute_lain', 'm041_sanksi_per_kasus')")


@pytest.fixture
def offices(cli, tmp_path):
    """Three office databases (Kukar, PPU, the Kaltim province), each with its own cases (gabung tests)."""
    from tests.test_gabung import three_offices

    return three_offices(cli, tmp_path)


def ctrl_c_as_a_terminal_gives_it() -> None:
    """Popen's preexec_fn for a Ctrl-C test: the child takes SIGINT as a terminal would give it, even when this
    test run ignores it (started with nohup or as a background job, whose children inherit the ignoring)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)


def helpers_of(p, tries: int = 600, pause: float = 0.05) -> list[str]:
    """The pids of a running command's child processes, once it has any (or has ended)."""
    import subprocess
    import time

    children: list[str] = []
    for _ in range(tries):
        children = subprocess.run(["pgrep", "-P", str(p.pid)], capture_output=True, text=True).stdout.split()
        if children or p.poll() is not None:
            break
        time.sleep(pause)
    return children


def running(pids: list[str], within: float = 0.0) -> list[str]:
    """Which of `pids` still run (a zombie has ended) after waiting up to `within` seconds for them
    to end; those are then killed, so that a failing test leaves none behind."""
    import time

    def alive() -> list[str]:
        return [c for c in pids if os.path.exists(f"/proc/{c}")
                and "zombie" not in open(f"/proc/{c}/status").read().lower()]

    deadline = time.monotonic() + within
    while (left := alive()) and time.monotonic() < deadline:
        time.sleep(0.1)
    for c in left:
        os.kill(int(c), 9)
    return left
