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
    """The command line's entry point: Click's usage errors and aborts are shown in the user's language."""
    from typer._click.exceptions import ClickException, NoArgsIsHelpError
    from typer.exceptions import Abort

    from netralitas.cli import usage

    try:
        code = app(prog_name="netralitas", standalone_mode=False)
    except NoArgsIsHelpError as e:  # a group called without its command: its help
        e.show()
        code = e.exit_code
    except ClickException as e:
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
