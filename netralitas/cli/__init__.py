"""The command line: parse, call the library, render. One small module per command group."""

from netralitas.cli import (  # noqa: F401  (registers commands)
    add, daftar, digest, impor, info, katalog, koreksi, pantau, rekap, report, sosialisasi, tahap, tenggat,
)
from netralitas.cli.app import app


def main() -> None:
    app(prog_name="netralitas")
