"""The command line: parse, call the library, render. One small module per command group."""
# ruff: noqa: E402

import sys

from netralitas import i18n

# The language first: Typer builds every command's help text as the modules below are imported.
i18n.use(i18n.from_argv(sys.argv[1:]))

from netralitas.cli import (  # noqa: F401  (registers commands)
    add, alias, daftar, digest, gabung, impor, info, kantor, katalog, koreksi, pantau, rekap, report, sosialisasi,
    tahap, tenggat, terbitkan,
)
from netralitas.cli.app import app, quiet_stdout


def main() -> None:
    try:
        app(prog_name="netralitas")
    finally:
        try:  # output still buffered goes now, while a closed pipe can be told apart
            sys.stdout.flush()
        except BrokenPipeError:
            quiet_stdout()
