"""Translations of the text people read.

Source strings in the code are English; `_()` marks each one people see (help, errors,
problem messages, prompts, summaries, table titles). The machinery that picks the language
and loads the compiled catalogs lives here, so every module imports only `_` and `ngettext`.

Indonesian is the default. English comes with `--lang en` (read by `netralitas.cli` before the
commands are built, as their help text is), `NETRALITAS_LANG=en`, or a locale (`LC_ALL`,
`LC_MESSAGES`, `LANG`) starting with `en`. The catalogs are gettext `.po` files in `locale/`,
compiled to `.mo` when the package is built or installed (`make i18n` refreshes them).

Click and Typer translate their own words ("Usage", "Options", "Missing option", "Aborted!")
through gettext's global domain, so `use()` makes ours that domain and selects the language
for it; their words are translated in our catalog beside ours.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path
from typing import Mapping, Sequence

DOMAIN = "netralitas"
LOCALEDIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("id", "en")
DEFAULT = "id"

_translation: gettext.NullTranslations | None = None
_language = DEFAULT


def from_environment(environ: Mapping[str, str] | None = None) -> str:
    """The language the environment asks for: NETRALITAS_LANG, else the locale's language."""
    env = os.environ if environ is None else environ
    asked = env.get("NETRALITAS_LANG", "").strip().lower()
    if asked:
        return "en" if asked.startswith("en") else DEFAULT
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):  # the first one set wins, as for every POSIX program
        value = env.get(name, "")
        if value:
            return "en" if value.lower().startswith("en") else DEFAULT
    return DEFAULT


def from_argv(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> str:
    """The language of a command line: `--lang X` or `--lang=X` before the command, else the environment's."""
    args = list(argv)
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--lang" and i + 1 < len(args):
            return normal(args[i + 1])
        if arg.startswith("--lang="):
            return normal(arg.split("=", 1)[1])
        if not arg.startswith("-"):  # the command's name: later options are the command's own
            break
        i += 1
    return from_environment(environ)


def normal(value: str) -> str:
    """`en`, `en_US.UTF-8`, `EN` give English; anything else Indonesian (Click checks the choice itself)."""
    return "en" if value.strip().lower().startswith("en") else DEFAULT


def use(language: str) -> None:
    """Speak `language` from now on: our strings, and Click's and Typer's through gettext's global domain."""
    global _translation, _language
    _language = language if language in LANGUAGES else DEFAULT
    _translation = gettext.translation(DOMAIN, LOCALEDIR, languages=[_language], fallback=True)
    gettext.bindtextdomain(DOMAIN, str(LOCALEDIR))
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = _language  # gettext's own choice of language, which Click's and Typer's calls follow


def language() -> str:
    """The language in use: `id` or `en`."""
    if _translation is None:
        use(from_environment())
    return _language


def _(message: str) -> str:
    """The text of `message` in the user's language."""
    if _translation is None:
        use(from_environment())
    return _translation.gettext(message)


def N_(message: str) -> str:
    """Mark text built before the language is known (module constants): stored in English, shown through _()."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural text for `n`, in the user's language."""
    if _translation is None:
        use(from_environment())
    return _translation.ngettext(singular, plural, n)
