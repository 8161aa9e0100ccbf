"""The command line: parse, call the library, render. One small module per command group."""
# ruff: noqa: E402

import sys

from netralitas import i18n

# The language first: Typer builds every command's help text as the modules below are imported.
i18n.use(i18n.from_argv(sys.argv[1:]))

# The module that registers each command. Run as the program (netralitas.entry), only the invoked
# command's module is imported: the command modules' imports are most of a command's start-up.
# `--help`, no command, an unknown one (Click's message lists them) and importing this package
# from Python load them all, in this order (the order of `--help`).
MODULES = ("add", "alias", "daftar", "digest", "gabung", "impor", "info", "kantor", "katalog", "koreksi", "pantau",
           "rekap", "report", "sosialisasi", "tahap", "tenggat", "terbitkan")
COMMANDS = {
    "add": "add", "alias": "alias", "list": "daftar", "show": "daftar", "digest": "digest", "gabung": "gabung",
    "duplikat": "gabung", "import": "impor", "validate": "impor", "export": "impor", "info": "info",
    "kantor": "kantor", "wilayah": "katalog", "pemilu": "katalog", "pelanggaran": "katalog", "sanksi": "katalog",
    "rute": "katalog", "ubah": "koreksi", "hapus": "koreksi", "pantau": "pantau", "rekap": "rekap",
    "report": "report", "sosialisasi": "sosialisasi", "tahap": "tahap", "tenggat": "tenggat",
    "terbitkan": "terbitkan",
}


def invoked(args: list[str]) -> str | None:
    """The command named on a command line, after the global options; None when there is none."""
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--lang":
            i += 2
        elif arg == "--debug" or arg.startswith("--lang="):
            i += 1
        else:
            return None if arg.startswith("-") else arg
    return None


def _register(args: list[str] | None) -> None:
    import importlib

    module = COMMANDS.get(invoked(args)) if args is not None else None
    for name in [module] if module else MODULES:
        importlib.import_module(f"netralitas.cli.{name}")


_entry = sys.modules.get("netralitas.entry")
_register(sys.argv[1:] if _entry is not None and getattr(_entry, "RUNNING", False) else None)

from netralitas.cli.app import app, quiet_stdout


def main() -> None:
    """The command line's entry point: Click's usage errors and aborts are shown in the user's language."""
    from typer._click.exceptions import ClickException, NoArgsIsHelpError
    from typer.exceptions import Abort

    try:
        code = app(prog_name="netralitas", standalone_mode=False)
    except NoArgsIsHelpError as e:  # a group called without its command: its help
        e.show()
        code = e.exit_code
    except ClickException as e:
        from netralitas.cli import usage  # its message shapes: only for a usage error

        usage.show(e)
        code = e.exit_code
    except Abort as e:
        if isinstance(e.__cause__ or e.__context__, KeyboardInterrupt):  # Ctrl-C outside a command's work
            sys.stderr.write(i18n._("Cancelled (Ctrl-C); the write under way was rolled back, nothing was half-written.") + "\n")
            code = 130
        else:
            sys.stderr.write(i18n._("Aborted!") + "\n")
            code = 1
    finally:
        try:  # output still buffered goes now, while a closed pipe can be told apart
            sys.stdout.flush()
        except BrokenPipeError:
            quiet_stdout()
    sys.exit(code if isinstance(code, int) else 0)
