"""The command line: parse, call the library, render. One small module per command group."""

from netralitas.cli import add, daftar, digest, impor, info, katalog, pantau, rekap, report, sosialisasi  # noqa: F401  (registers commands)
from netralitas.cli.app import app


def main() -> None:
    app(prog_name="netralitas")
