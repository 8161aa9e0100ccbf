"""Start-up: the program imports only the invoked command's module, and no Pydantic model for a report."""

import subprocess
import sys

from netralitas import cli, vocab
from netralitas.cli.app import app
from netralitas.models import KasusFields


def test_fields_are_the_models():
    assert list(KasusFields.model_fields) == vocab.KASUS_FIELDS


def test_every_command_has_its_module():
    registered = {c.name or c.callback.__name__.replace("_", "-"): c.callback.__module__ for c in app.registered_commands}
    registered |= {g.name: None for g in app.registered_groups}
    assert set(cli.COMMANDS) == set(registered)
    for name, module in registered.items():
        if module is not None:
            assert module == f"netralitas.cli.{cli.COMMANDS[name]}"
    assert set(cli.COMMANDS.values()) == set(cli.MODULES)


def test_invoked():
    assert cli.invoked(["report", "--by", "wilayah"]) == "report"
    assert cli.invoked(["--lang", "en", "--debug", "list"]) == "list"
    assert cli.invoked(["--lang=en", "digest"]) == "digest"
    assert cli.invoked(["--help"]) is None
    assert cli.invoked([]) is None


def test_a_report_loads_its_module_only(tmp_path):
    code = ("import sys; sys.argv = ['netralitas', 'report', '--help']; import netralitas.entry as e\n"
            "try:\n    e.main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith(('netralitas.cli.', 'netralitas.models', 'numpy'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    loaded = out.strip().splitlines()[-1]
    assert "netralitas.cli.report'" in loaded
    assert "netralitas.cli.daftar" not in loaded and "netralitas.models" not in loaded and "numpy" not in loaded
