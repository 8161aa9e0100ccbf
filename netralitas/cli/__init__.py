"""The command line: parse, call the library, render. One small module per command group."""

import sys

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
