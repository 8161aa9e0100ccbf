"""Usage errors in the user's language.

Typer carries its own copy of Click (`typer._click`), which writes its usage errors ("Missing
option", "No such option", "Invalid value for", "Try … for help.", "Error:") in plain English
rather than through gettext. `main()` runs the app without Click's standalone handling and
shows those errors here: the fixed words through `_()`, Click's messages by their known shapes
(anything else is shown as Click wrote it).
"""

from __future__ import annotations

import re
import sys

from netralitas.i18n import N_, _

# Click's and Typer's message shapes (whole message, anchored) and their text in our catalog.
SHAPES = [
    (re.compile(r"No such option: (?P<name>\S+)"), N_("No such option: {name}")),
    (re.compile(r"\(Possible options: (?P<names>.+)\)"), N_("(Possible options: {names})")),
    (re.compile(r"Got unexpected extra argument(?:s|\(s\))? \((?P<args>.*)\)"), N_("Got unexpected extra arguments ({args})")),
    (re.compile(r"Option (?P<name>'[^']+') requires an argument\."), N_("Option {name} requires an argument.")),
    (re.compile(r"Option (?P<name>'[^']+') requires (?P<n>\d+) arguments\."), N_("Option {name} requires {n} arguments.")),
    (re.compile(r"Option (?P<name>'[^']+') does not take a value\."), N_("Option {name} does not take a value.")),
    (re.compile(r"Did you mean (?P<names>.+)\?"), N_("Did you mean {names}?")),
    (re.compile(r"(?P<value>'.*') is not one of (?P<choices>.+)\."), N_("{value} is not one of {choices}.")),
    (re.compile(r"(?P<value>.+) is not in the range (?P<range>.+)\."), N_("{value} is not in the range {range}.")),
    (re.compile(r"(?P<value>'.*') is not a valid integer\."), N_("{value} is not a whole number.")),
    (re.compile(r"(?P<value>'.*') is not a valid float\."), N_("{value} is not a number.")),
    (re.compile(r"Input should be a valid integer.*"), N_("expected a whole number")),
    (re.compile(r"Input should be a valid number.*"), N_("expected a number")),
    (re.compile(r"Input should be greater than or equal to (?P<n>\S+)"), N_("must be {n} or more")),
    (re.compile(r"Input should be less than or equal to (?P<n>\S+)"), N_("must be {n} or less")),
    (re.compile(r"(?i:(?P<kind>File|Directory|Dir|Path)) (?P<name>'.*') does not exist\."), N_("{name} does not exist.")),
    (re.compile(r"(?i:(?P<kind>File|Directory|Dir|Path)) (?P<name>'.*') is a directory\."), N_("{name} is a folder.")),
    (re.compile(r"(?i:(?P<kind>File|Directory|Dir|Path)) (?P<name>'.*') is a file\."), N_("{name} is a file.")),
    (re.compile(r"(?i:(?P<kind>File|Directory|Dir|Path)) (?P<name>'.*') is not readable\."), N_("{name} cannot be read.")),
    (re.compile(r"(?i:(?P<kind>File|Directory|Dir|Path)) (?P<name>'.*') is not writable\."), N_("{name} cannot be written to.")),
]
KINDS = {"option": N_("option"), "argument": N_("argument"), "parameter": N_("parameter")}


def words(message: str) -> str:
    """Click's message in the user's language, sentence by sentence where its shape is known."""
    text = message.strip()
    for pattern, template in SHAPES:
        m = pattern.fullmatch(text)
        if m:
            return _(template).format(**m.groupdict())
    # two sentences ("No such command 'x'. Did you mean …?") or a remark in brackets: part by part
    m = re.fullmatch(r"(.+?\.) (.+)", text) or re.fullmatch(r"(.+?) (\(.+\))", text)
    if m:
        return f"{words(m.group(1))} {words(m.group(2))}"
    return text


def message(error) -> str:
    """The message of a Click usage error (or other Click exception) in the user's language."""
    from typer._click import exceptions as click

    if isinstance(error, click.MissingParameter):
        hint = _hint(error)
        kind = error.param_type or (error.param.param_type_name if error.param is not None else "parameter")
        text = _("Missing {kind} {name}.").format(kind=_(KINDS.get(kind, kind)), name=hint).replace(" .", ".")
        text = text[:1].upper() + text[1:]
        extra = error.message or (error.param.get_missing_message(ctx=error.ctx) if error.param is not None else "")
        return f"{text} {words(extra)}" if extra else text
    if isinstance(error, click.BadParameter):
        hint = _hint(error)
        body = words(error.message)
        return (_("Invalid value for {name}: {message}").format(name=hint, message=body) if hint
                else _("Invalid value: {message}").format(message=body))
    if isinstance(error, click.NoSuchOption):
        text = words(error.message)
        if error.possibilities:
            text += " " + _("(Possible options: {names})").format(names=", ".join(sorted(error.possibilities)))
        return text
    return words(error.format_message())


def _hint(error) -> str:
    from typer._click.exceptions import _join_param_hints

    hint = error.param_hint if error.param_hint is not None else (
        error.param.get_error_hint() if error.param is not None else None)
    text = _join_param_hints(hint) or ""
    return re.sub(r"\(env var: (?P<name>'[^']*')\)",
                  lambda m: _("(environment variable: {name})").format(name=m.group("name")), text)


def show(error) -> None:
    """What Click's `show()` prints, in the user's language: usage, the help hint, the error."""
    from typer._click import exceptions as click

    out = sys.stderr
    ctx = getattr(error, "ctx", None)
    if isinstance(error, click.UsageError) and ctx is not None:
        out.write(ctx.get_usage() + "\n")
        if ctx.command.get_help_option(ctx) is not None:
            out.write(_("Try '{command} {option}' for help.").format(
                command=ctx.command_path, option=ctx.help_option_names[0]) + "\n")
        out.write("\n")
    out.write(_("Error: {message}").format(message=message(error)) + "\n")
