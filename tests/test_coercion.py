"""Option values converted without Pydantic (netralitas.cli.coercion) give what Typer's own
adapters give: the same value, or the same error, for every kind of option the commands declare."""

import subprocess
import sys
from pathlib import Path
from typing import Annotated, Optional

import pytest
from conftest import EXAMPLES
import typer
import typer.main
from typer._click import Context
from typer._click.exceptions import BadParameter
from typer._coercion import build_runtime_param

from netralitas.cli import coercion

demo = typer.Typer()


@demo.command()
def command(
    files: Annotated[list[Path], typer.Argument()],
    text: Annotated[Optional[str], typer.Option("--text")] = None,
    texts: Annotated[Optional[list[str]], typer.Option("--texts")] = None,
    db: Annotated[Optional[Path], typer.Option("--db", dir_okay=False)] = None,
    out: Annotated[Optional[Path], typer.Option("--out", file_okay=False)] = None,
    must: Annotated[Optional[Path], typer.Option("--must", exists=True)] = None,
    days: Annotated[Optional[int], typer.Option("--days", min=0)] = None,
    share: Annotated[Optional[float], typer.Option("--share", min=0)] = None,
    flag: Annotated[bool, typer.Option("--flag")] = False,
) -> None:
    pass


def _params():
    cmd = typer.main.get_command(demo)
    return cmd, {p.name: p for p in cmd.params}


def _outcome(runtime, value, param, ctx):
    try:
        result = runtime.coerce(value, param=param, ctx=ctx)
    except BadParameter as e:
        return "error", e.message
    return type(result), result


@pytest.fixture
def places(tmp_path):
    (tmp_path / "a.db").write_text("x")
    (tmp_path / "folder").mkdir()
    return tmp_path


def _values(places: Path) -> list:
    file, folder, missing = str(places / "a.db"), str(places / "folder"), str(places / "none.db")
    return ["", "x", "wilayah,sanksi", "a\udcff", " spaced ", file, file + "/", folder, folder + "/", missing, ".",
            "-1", "0", "12", "1.5", "abc", "true", "no", "maybe", None, (), ("x", "y"), (file, folder), (missing,),
            ["a"], 3, True, b"bytes"]


@pytest.mark.parametrize("name", ["files", "text", "texts", "db", "out", "must", "days", "share", "flag"])
def test_same_value_or_error_as_typer(name, places):
    cmd, params = _params()
    param = params[name]
    ctx = Context(cmd)
    quick = coercion.quick_runtime_param(param.type_descriptor)
    compared = 0
    for value in _values(places):
        try:
            theirs = _outcome(build_runtime_param(param.type_descriptor), value, param, ctx)
        except Exception as e:  # a value Typer itself cannot take: ours fails the same way
            with pytest.raises(type(e)):
                quick.coerce(value, param=param, ctx=ctx)
            continue
        assert _outcome(quick, value, param, ctx) == theirs, (name, value)
        compared += 1
    assert compared > 10


def test_text_and_paths_are_quick():
    _, params = _params()
    kinds = {name: coercion._kind(p.type_descriptor) for name, p in params.items()}
    assert kinds["text"] == (coercion.TEXT, False) and kinds["texts"] == (coercion.TEXT, True)
    assert kinds["db"] == (coercion.PATH, False) and kinds["files"] == (coercion.PATH, True)
    assert kinds["must"][0] is None and kinds["days"][0] is None and kinds["flag"][0] is None


def _run(*args):
    """The program as an office runs it (netralitas.entry): exit code, stderr, and whether Pydantic was loaded."""
    code = ("import sys; sys.argv = ['netralitas', *sys.argv[1:]]; import netralitas.entry as e\n"
            "try:\n    e.main()\nexcept SystemExit as x:\n    code = x.code\n"
            "print('exit', code, 'pydantic' in sys.modules, file=sys.stderr)")
    run = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)
    *message, last = run.stderr.strip().splitlines()
    return last, "\n".join(message)


def test_a_report_loads_no_pydantic(cli, db_path, tmp_path):
    """A report's options (a path, text) load no Pydantic; a number still gets Typer's check and message."""
    cli("import", "--db", db_path, EXAMPLES / "kasus.yaml")
    assert _run("report", "--db", str(db_path), "--by", "wilayah")[0] == "exit 0 False"
    last, message = _run("--lang", "en", "report", "--db", str(tmp_path))  # a folder: Typer's own check says so
    assert last.startswith("exit 2") and "is a folder" in message
    last, message = _run("--lang", "id", "digest", "--db", str(db_path), "--out", str(db_path))  # a file, not a folder
    assert last.startswith("exit 2") and f"'{db_path}' adalah berkas." in message and "dir" not in message
    last, message = _run("--lang", "en", "report", "--db", str(db_path), "--tertunda", "-1")
    assert last == "exit 2 True" and "must be 0 or more" in message
