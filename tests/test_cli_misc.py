"""Catalog commands, user files, help for every command, the error boundary, start-up."""

import json
import subprocess
import sys

import pytest

from conftest import EXAMPLES
from netralitas.cli import app
from netralitas.cli.app import app as typer_app


def test_wilayah(cli):
    r = cli("wilayah", "kukar", "--format", "json")
    assert json.loads(r.stdout)[0]["kode"] == "64.02"
    assert len(json.loads(cli("wilayah", "--format", "json").stdout)) == 38 + 514
    r = cli("wilayah", "Kutai Kertanegaraa", code=1)
    assert "Kutai Kartanegara" in r.stderr


def test_pemilu_with_user_file(cli, config_dir):
    (config_dir / "pemilu.yaml").write_text(
        "- id: psu-2025-barito-utara\n  nama: PSU Barito Utara\n  pemungutan: 2025-04-19\n", encoding="utf-8")
    rows = json.loads(cli("pemilu", "--format", "json").stdout)
    ids = [r["id"] for r in rows]
    assert ids[:2] == ["pilkada-2015", "pilkada-2017"] and "psu-2025-barito-utara" in ids
    assert rows[ids.index("pilkada-2024")]["kampanye_mulai"] == "2024-09-25"


def test_pelanggaran_with_override(cli, config_dir):
    rows = {r["kode"]: r for r in json.loads(cli("pelanggaran", "--format", "json").stdout)}
    assert len(rows) == 17 and rows["pendekatan-parpol"]["pedoman"] == "sedang"
    assert "berat" in rows["pendekatan-parpol"]["beda_pendapat"]
    (config_dir / "pelanggaran.yaml").write_text("- kode: pendekatan-parpol\n  pedoman: berat\n", encoding="utf-8")
    from conftest import clear_catalog_caches

    clear_catalog_caches()
    rows = {r["kode"]: r for r in json.loads(cli("pelanggaran", "--format", "json").stdout)}
    assert rows["pendekatan-parpol"]["pedoman"] == "berat" and rows["pendekatan-parpol"]["diubah_pengguna"] == "ya"


def _commands(group):
    from typer.main import get_command

    return get_command(group).commands


def test_every_command_has_help(cli):
    commands = _commands(typer_app)
    assert {"add", "list", "show", "info", "wilayah", "pemilu", "pelanggaran", "report", "import", "validate",
            "export", "digest"} <= set(commands)
    for name, command in commands.items():
        assert command.help, f"{name} has no help"
        r = cli(name, "--help")
        assert "Usage" in r.stdout
        for param in command.params:
            assert getattr(param, "help", None), f"{name} {param.name} has no help"


def test_every_command_is_in_the_readme():
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in _commands(typer_app):
        assert f"netralitas {name}" in readme, f"README does not show `netralitas {name}`"


def test_bad_format_is_usage_error(cli):
    r = cli("report", "--format", "pdf", code=2)
    assert "table, json, csv, markdown" in r.stderr.replace("'", "").replace("|", ", ") or "table" in r.stderr


def test_damaged_database_is_a_runtime_failure(cli, db_path):
    db_path.write_bytes(b"this is not a database" * 100)
    r = cli("report", code=3)
    assert "cannot open the database" in r.stderr


def test_unexpected_error_is_one_line_without_traceback(cli, monkeypatch):
    from netralitas import ringkasan

    def broken(*a, **k):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(ringkasan, "summary", broken)
    cli("import", EXAMPLES / "kasus.yaml")
    r = cli("report", code=3)
    assert "unexpected ZeroDivisionError" in r.stderr and "--debug" in r.stderr


def test_version_and_module_entry_point():
    out = subprocess.run([sys.executable, "-m", "netralitas", "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("netralitas ")


def test_startup_does_not_import_heavy_modules():
    code = ("import sys; from netralitas.cli import app; "
            "heavy = [m for m in ('pydantic', 'sqlite_utils', 'yaml', 'openpyxl', 'rich.table') if m in sys.modules]; "
            "print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_the_wheel_carries_the_catalogs(tmp_path):
    """A plain `pip install .` must find data/: the wheel holds it inside the package."""
    import zipfile

    from conftest import ROOT

    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path), str(ROOT)],
                   check=True, capture_output=True)
    wheel = next(tmp_path.glob("netralitas-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in ("wilayah/regencies.csv", "wilayah/districts.csv", "wilayah/aliases.csv", "wilayah/README.md",
                 "pemilu.yaml", "pelanggaran.yaml", "sanksi.yaml"):
        assert f"netralitas/data/{path}" in names
