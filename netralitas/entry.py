"""The `netralitas` program (also `python -m netralitas`): `--version` answers before Typer and the
commands load, alone or after the global `--lang`/`--debug`; everything else goes to the command line
(`netralitas.cli.main`).

Importing Typer and the command modules is most of the start-up time, which a version question does
not need.
"""

import sys

RUNNING = False  # True once main() runs: netralitas.cli then imports only the invoked command


def _version_only(args: list) -> bool:
    """True when the command line is `--version`, maybe after `--debug`, `--lang X` or `--lang=X`."""
    i = 0
    while i < len(args) - 1:
        if args[i] == "--debug" or args[i].startswith("--lang="):
            i += 1
        elif args[i] == "--lang":
            i += 2
        else:
            return False
    return i == len(args) - 1 and args[i] == "--version"


def main() -> None:
    if _version_only(sys.argv[1:]):
        from netralitas import __version__

        sys.stdout.write(f"netralitas {__version__}\n")
        return
    global RUNNING
    RUNNING = True
    from netralitas.cli import main as cli

    cli()
