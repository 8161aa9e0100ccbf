"""Keep the translation catalogs in step with the code: `make i18n` runs `python tools/i18n.py pot FILE`,
then `pybabel update` and `pybabel compile`; `python tools/i18n.py check` lists what is untranslated.

The messages are every `_()` and `ngettext()` of the package (babel.cfg says where), plus the
words Click and Typer show on our command line ("Usage", "Options", "Missing option"), taken
from their installed sources so a new Click release's words show up as untranslated.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "netralitas"
PO = PACKAGE / "locale" / "id" / "LC_MESSAGES" / "netralitas.po"

# The modules of Click and Typer whose words our command line can show (not completion, pager, editor).
THIRD_PARTY = {
    "click": ("core.py", "decorators.py", "exceptions.py", "formatting.py", "parser.py", "types.py", "termui.py",
              "utils.py"),
    "typer": ("core.py", "rich_utils.py"),
}


def _mapping():
    from babel.messages.frontend import parse_mapping_cfg

    with open(ROOT / "babel.cfg", encoding="utf-8") as f:
        return parse_mapping_cfg(f)


def messages() -> list[tuple[str, int, str | tuple, str]]:
    """Every message to translate: (file, line, message, where), `where` relative to its package's parent."""
    from importlib import import_module

    from babel.messages.extract import extract_from_dir, extract_from_file

    method_map, options_map = _mapping()
    found = [(str(PACKAGE / f), line, msg, f"netralitas/{f}")
             for f, line, msg, _c, _ctx in extract_from_dir(str(PACKAGE), method_map, options_map)]
    for name, files in THIRD_PARTY.items():
        base = Path(import_module(name).__file__).parent
        for f in files:
            found += [(str(base / f), line, msg, f"{name}/{f}")
                      for line, msg, _c, _ctx in extract_from_file("python", str(base / f))]
    return found


def template():
    """The messages as a Babel catalog (the .pot), each with the files it comes from (no line numbers:
    they would change the .po at every edit of the code)."""
    from babel.messages.catalog import Catalog

    catalog = Catalog(project="netralitas", domain="netralitas", charset="utf-8")
    for _path, _line, msg, where in messages():
        catalog.add(msg, locations=[(where, None)])
    return catalog


def missing(po: Path = PO) -> list[str]:
    """`file:line: msgid` for each message without a confirmed (non-empty, not fuzzy) translation."""
    from babel.messages.pofile import read_po

    with open(po, "rb") as f:
        catalog = read_po(f, locale="id")
    out = []
    for path, line, msg, where in messages():
        msgid = msg[0] if isinstance(msg, tuple) else msg
        entry = catalog.get(msgid)
        strings = entry and (entry.string if isinstance(entry.string, tuple) else (entry.string,))
        if entry is None or entry.fuzzy or not all(strings):
            state = "missing" if entry is None else "fuzzy" if entry.fuzzy else "empty"
            out.append(f"{where}:{line}: {state}: {msgid!r}")
    return out


def main(argv: list[str]) -> int:
    if argv[:1] == ["pot"] and len(argv) == 2:
        from babel.messages.pofile import write_po

        out = Path(argv[1])
        out.parent.mkdir(parents=True, exist_ok=True)
        with open(out, "wb") as f:
            write_po(f, template(), sort_output=True, include_lineno=False, width=120)
        return 0
    if argv == ["check"]:
        gaps = missing()
        print("\n".join(gaps) or "Every message has an Indonesian translation.")
        return 1 if gaps else 0
    print("usage: python tools/i18n.py pot FILE | check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
