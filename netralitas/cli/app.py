"""The Typer app and its one error boundary.

Library errors become one-line messages with their exit code (1 invalid input, 2 bad option
value, 3 runtime failure); any other exception is a bug: one line, and the traceback only with
--debug. Only typer and the standard library are imported here, so the CLI starts fast.
"""

import os
import sqlite3
import sys
from typing import Annotated, Any

import typer
from typer._click.core import Context as ClickContext
from typer._click.formatting import HelpFormatter
from typer.core import TyperGroup

from netralitas import __version__
from netralitas.cli import coercion
from netralitas.i18n import _

coercion.install()  # option values without Pydantic where Typer's adapters only pass them through


class Boundary(TyperGroup):
    def invoke(self, ctx: typer.Context) -> Any:
        from netralitas.errors import NetralitasError

        store = sys.modules.get("netralitas.store")
        before = len(store._OPENED) if store else 0
        saved = len(store.COMMITTED) if store else 0
        _watch_ctrl_c()
        try:
            try:
                return super().invoke(ctx)
            finally:
                if "netralitas.store" in sys.modules:  # the databases this command opened: closed now
                    sys.modules["netralitas.store"].close_all(before)
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise
        except KeyboardInterrupt:
            interrupted(saved)
        except BrokenPipeError:  # `netralitas list --format csv | head -1`: the reader had enough
            quiet_stdout()
            raise typer.Exit(0) from None
        except NetralitasError as e:
            from netralitas import render

            render.message(_("Error: {message}").format(message=e.message))
            if e.problems:
                render.problems(e.problems, stderr=True)
            raise typer.Exit(e.exit_code) from None
        except sqlite3.DatabaseError as e:
            if _by_interrupt(e):  # a clean-up that failed while Ctrl-C unwound: the interrupt is the news
                interrupted(saved)
            if _debug(ctx):
                raise
            from netralitas import render

            from netralitas.errors import sqlite_message

            render.message(_("Error: {message}").format(message=sqlite_message(e)))
            raise typer.Exit(3) from None
        except Exception as e:
            if _by_interrupt(e):
                interrupted(saved)
            if _debug(ctx):
                raise
            from netralitas import render

            render.message(_("Error: unexpected {kind}: {error}. Run again with --debug for the traceback.").format(
                kind=type(e).__name__, error=e))
            raise typer.Exit(3) from None


class Formatter(HelpFormatter):
    """Help in the user's language, also for the words of the Click copy inside Typer (`typer._click`), which
    writes them in plain English rather than through gettext: the usage prefix and the help option's text."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, _("Usage:") + " " if prefix is None else prefix)

    def write_dl(self, rows, *args, **kwargs) -> None:
        own = {"Show this message and exit.": _("Show this message and exit.")}
        super().write_dl([(term, own.get(text, text)) for term, text in rows], *args, **kwargs)


ClickContext.formatter_class = Formatter  # the documented hook for a Context's help formatter


def interrupted(saved: int = 0) -> None:
    """Ctrl-C: every write is one transaction, rolled back when interrupted; say so, exit 130 (128 + SIGINT).
    `saved`: how many writes had been committed before the command began; one committed since is kept,
    and the message says so rather than that nothing was written."""
    store = sys.modules.get("netralitas.store")
    if store is not None and len(store.COMMITTED) > saved:
        sys.stderr.write(_("Cancelled (Ctrl-C) after the write was committed: what was written is kept; only what "
                           "came after it (the summary) was not shown.") + "\n")
    else:
        sys.stderr.write(_("Cancelled (Ctrl-C); the write under way was rolled back, nothing was half-written.") + "\n")
    raise typer.Exit(130) from None


_CTRL_C: list = []  # set when Ctrl-C arrived during this process's command


def _watch_ctrl_c() -> None:
    """Ctrl-C raises KeyboardInterrupt as Python's own handler does, and is remembered: when it lands inside
    one of our SQL functions, sqlite3 swallows it into "user-defined function raised exception"."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        return

    def on_ctrl_c(signum, frame):
        _CTRL_C.append(True)
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, on_ctrl_c)


def _by_interrupt(e: BaseException) -> bool:
    if _CTRL_C:
        return True
    seen = set()
    while e is not None and id(e) not in seen:
        if isinstance(e, KeyboardInterrupt):
            return True
        seen.add(id(e))
        e = e.__context__
    return False


def quiet_stdout() -> None:
    """After the reader of stdout went away: send what is left to /dev/null, so exiting is quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _debug(ctx: typer.Context) -> bool:
    return bool(ctx.params.get("debug")) or os.environ.get("NETRALITAS_DEBUG") == "1"


app = typer.Typer(
    cls=Boundary,
    name="netralitas",
    help=_("Records of ASN neutrality violations: log temuan and laporan, import case files, "
           "report by region, election and sanction level."),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,  # locals may hold names and NIP
    rich_markup_mode=None,  # plain help and one-line usage errors; Rich help costs 40 ms at start-up
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"netralitas {__version__}")
        raise typer.Exit()


def _lang(value: str) -> str:
    # The language was chosen from the command line before the commands were built (netralitas.cli);
    # here the value is only checked.
    if value.strip().lower() not in ("id", "en") and not value.lower().startswith("en"):
        raise typer.BadParameter(_("give id or en"))
    return value


@app.callback()
def root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help=_("Print the version and exit."))] = False,
    debug: Annotated[bool, typer.Option("--debug", help=_("Show the traceback of an unexpected error."))] = False,
    lang: Annotated[str, typer.Option("--lang", metavar="id|en", envvar="NETRALITAS_LANG", show_envvar=True,
                                      help=_("Language of the messages: id (Bahasa Indonesia, the default) or en."),
                                      callback=_lang)] = "id",
) -> None:
    """The global options; the commands do the work."""
