"""How a Pydantic ValidationError becomes the project's Problems: a stable code, the field path,
the value (control characters written out) and a message in the user's language."""

from __future__ import annotations

from pydantic import ValidationError

from netralitas.errors import Problem
from netralitas.i18n import N_, _
from netralitas.models import KASUS_FIELDS, TERLAPOR_FIELDS, shown_controls

_CODES = {
    "missing": "missing-field",
    "extra_forbidden": "unknown-field",
    "list_type": "bad-value",
    "string_type": "bad-value",
    "model_type": "bad-value",
    "dict_type": "bad-value",
}


# Pydantic's own messages (English in pydantic-core) in the user's language, by error type; ours are
# PydanticCustomError templates already translated where they are raised.
PYDANTIC = {
    "int_parsing": N_("expected a whole number"), "int_type": N_("expected a whole number"),
    "int_from_float": N_("expected a whole number"), "float_parsing": N_("expected a number"),
    "float_type": N_("expected a number"), "bool_parsing": N_("expected yes or no (true/false)"),
    "bool_type": N_("expected yes or no (true/false)"), "string_type": N_("expected text"),
    "list_type": N_("expected a list"), "dict_type": N_("expected a mapping of fields"),
    "model_type": N_("expected a mapping of fields"), "date_parsing": N_("expected a date"),
    "date_type": N_("expected a date"), "date_from_datetime_parsing": N_("expected a date"),
    "greater_than_equal": N_("must be {ge} or more"), "greater_than": N_("must be more than {gt}"),
    "less_than_equal": N_("must be {le} or less"), "string_too_long": N_("at most {max_length} characters"),
    "too_long": N_("at most {max_length} items"), "enum": N_("expected one of: {expected}"),
    "literal_error": N_("expected one of: {expected}"),
}


def pydantic_message(e: dict) -> str:
    """The message of one Pydantic error in the user's language: ours as raised, Pydantic's by type."""
    if e["type"] == "value_error":
        return str(e.get("ctx", {}).get("error", e["msg"]))
    template = PYDANTIC.get(e["type"])
    if template is None:
        return e["msg"]
    try:
        return _(template).format(**{k: v for k, v in (e.get("ctx") or {}).items()})
    except (KeyError, IndexError):
        return e["msg"]


def problems_from(error: ValidationError, *, file: str | None = None, line: int | None = None,
                  prefix: str = "", lines: dict[tuple, int] | None = None) -> list[Problem]:
    """One Problem per Pydantic error: stable code, field path, the value, a plain message."""
    out = []
    for e in error.errors(include_url=False):
        loc = tuple(e["loc"])
        field = prefix + ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in loc).replace(".[", "[")
        code = _CODES.get(e["type"], e["type"])
        if e.get("input", "") is None and loc and e["type"].endswith(("_type", "_parsing")):
            code = "missing-field"  # an empty cell where a value is required: not "expected text"
        if code == "missing-field":
            message = _("required field is missing")
        elif code == "unknown-field":
            message = _("unknown field; expected one of: {fields}").format(
                fields=", ".join(KASUS_FIELDS + ["terlapor"] if "terlapor" not in loc else TERLAPOR_FIELDS))
        else:
            message = pydantic_message(e)
        value = e.get("input")
        shown = None if isinstance(value, (dict, list)) or code == "missing-field" else shown_controls(str(value))
        where = line
        if lines:  # the line of the nearest enclosing mapping that has one
            for k in range(len(loc), -1, -1):
                if loc[:k] in lines:
                    where = lines[loc[:k]]
                    break
        out.append(Problem(code, message, field or None, shown, file, where))
    return out
