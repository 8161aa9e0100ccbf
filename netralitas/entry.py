"""The `netralitas` program's entry point: `--version` answers before Typer and the commands load;
everything else goes to the command line (`netralitas.cli.main`)."""

import sys


def main() -> None:
    args = sys.argv[1:]
    if args and args[-1] == "--version" and all(a.startswith("--lang") or a == "--debug" for a in args[:-1]):
        from netralitas import __version__

        sys.stdout.write(f"netralitas {__version__}\n")
        return
    from netralitas.cli import main as cli

    cli()
