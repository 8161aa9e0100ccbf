"""The `netralitas` program: `--version` answers at once; everything else goes to the CLI.

Importing Typer and the command modules is most of the start-up time, which a version
question does not need.
"""

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from netralitas import __version__

        print(f"netralitas {__version__}")
        return
    from netralitas.cli import main as cli

    cli()
