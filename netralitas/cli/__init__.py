"""The command line: parse, call the library, render. One small module per command group."""

import sys

from netralitas.cli import add, daftar, digest, impor, info, katalog, report  # noqa: F401  (registers commands)
from netralitas.cli.app import app, quiet_stdout


def main() -> None:
    try:
        app(prog_name="netralitas")
    finally:
        try:  # output still buffered goes now, while a closed pipe can be told apart
            sys.stdout.flush()
        except BrokenPipeError:
            quiet_stdout()
