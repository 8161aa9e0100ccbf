"""The YAML reader's quick path: the plain shape of a case file, read line by line.

Most case files are a list of cases written one field a line: a mapping per case, a list of
mappings under `terlapor`, a list of plain values (`bukti`), each value whole on its line (plain,
or quoted without escapes), comments on lines of their own. libyaml turns every node of such a
file into parser events, which cost as much as checking the cases; this reads the same lines
with one regular expression each and gives the same cases, values and lines.

It vouches only for what it fully understands: at the first line it cannot (a value continued on
the next line, an escape, a flow list, an anchor, a tag, a trailing comment, a duplicate key, a
tab, a character libyaml refuses, a very long line, ...) it stops, and returns how many cases it
gave; the reader then reads the file with libyaml and goes on after those. Every case it gives is
whole before the line it stopped at, made only of lines whose meaning does not depend on what
follows, so libyaml reads it the same: a test compares the two on every case file of the tests
and on generated variants.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Generator, Iterator

NULLS = frozenset({"", "~", "null", "Null", "NULL"})
BLOCK = 64 * 1024  # characters read at a time (then to the end of the line): a tuple a line in memory
LONGEST = 64 * 1024  # characters: a longer line is left to libyaml

# a line: its indent, a dash, a key, and its value (quoted whole, or the rest)
# (a null key, `null:`, is not a key here: libyaml reads it as None, and the line goes to it; nor is
# a key of more than 1,000 characters: libyaml refuses one of over 1,024)
_LINE = re.compile(r"""^( *)(- )?(?:(?!(?:null|Null|NULL):)([A-Za-z_][A-Za-z0-9_]{0,999}):(?: +|$))?"""
                   r"""(?:("[^"\\\n]*"|'[^'\n]*')|(.*?)) *$""", re.M)
# what libyaml refuses or reads otherwise (control characters, other line breaks, a BOM, tabs)
_ODD = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_PLAIN_START = frozenset(" -?:,[]{}#&*!|>'\"%@`")  # (a space: `-  x`, a dash and two spaces)
_EMPTY = object()  # "key:" and nothing: null, or a list on the next lines


class _Unsure(Exception):
    """A line the quick path does not vouch for."""


Cases = Generator[tuple[int, dict, dict], None, "int | None"]


def cases(path: Path, key: str = "kasus") -> Cases:
    """Yield (line, case, {loc: line}) as the libyaml reader does; return None when the whole file
    was read, else the number of cases given before the first line it does not vouch for."""
    given = 0
    try:
        for item in _parse(_blocks(path), key):
            yield item
            given += 1
    except (_Unsure, UnicodeDecodeError):
        return given
    return None


def _blocks(path: Path) -> Iterator[tuple[int, list]]:
    """(number of the first line, [(indent, dash, key, quoted, rest) of each line]), block by block;
    _Unsure after the last line it vouches for."""
    number, odd = 1, _ODD.search
    with open(path, encoding="utf-8", errors="strict", newline=None) as f:
        while text := f.read(BLOCK):
            stop = False
            if text[-1] != "\n":
                tail = f.readline(LONGEST + 1)
                if len(tail) > LONGEST:
                    stop, text = True, text[:text.rfind("\n") + 1]
                else:
                    text += tail if tail.endswith("\n") else tail + "\n"  # (the last line may have no break)
            if (m := odd(text)) is not None:
                stop, text = True, text[:text.rfind("\n", 0, m.start()) + 1]
            if text:
                lines = _LINE.findall(text, 0, len(text) - 1)  # (the last line break ends the last line)
                yield number, lines
                number += len(lines)
            if stop:
                raise _Unsure


def _plain(rest: str) -> str | None:
    if rest[0] in _PLAIN_START or ": " in rest or " #" in rest or rest[-1] == ":":
        raise _Unsure  # an indicator, a comment, a mapping on the line
    return None if rest in NULLS else rest


def _parse(blocks: Iterator[tuple[int, list]], name: str) -> Iterator[tuple[int, dict, dict]]:
    """The cases of `name:` followed by a list (or of a list), one level of lists in a case and
    plain keys and values in its items; _Unsure at anything else."""
    phase, top, inner = 0, 0, 2  # 0: nothing read; 1: `name:` read; 2: in the list of cases, its dashes at `top`
    case, locs, line = None, None, 0
    pending = None  # a case's key followed by nothing yet: null, or a list
    seq = item = item_pending = None  # a case's list (`seq_key`, dashes at `dash`); its mapping item, keys at dash + 2
    seq_key, dash = None, -1
    for first, lines in blocks:
        for number, (indent, dashed, key, quoted, rest) in enumerate(lines, first):
            if not (key or dashed or quoted) and (not rest or rest[0] == "#"):
                continue  # a blank line, a comment
            indent, key = len(indent), key or None  # (an absent group is "")
            if quoted:
                value = quoted[1:-1]
            elif rest and (key or dashed):
                value = _plain(rest)
            else:
                value = _EMPTY  # (a line of neither key nor dash is refused below)
            if phase != 2:
                if phase == 0 and indent == 0 and not dashed and key == name and value is _EMPTY:
                    phase = 1
                    continue
                if not dashed or (phase == 0 and indent):
                    raise _Unsure
                phase, top, inner = 2, indent, indent + 2
            if item_pending is not None:  # an item's key followed by nothing: null (no deeper lists)
                if indent > dash + 2 or (indent == dash + 2 and dashed):
                    raise _Unsure
                item_pending = None
            if pending is not None:
                if dashed and indent >= inner:
                    seq, item, seq_key, dash = [], None, pending, indent
                    case[pending] = seq
                elif indent > inner:
                    raise _Unsure  # a mapping in a mapping, a value continued
                pending = None
            if seq is not None:
                if indent == dash and dashed:
                    if key is None:
                        if value is _EMPTY:
                            raise _Unsure
                        seq.append(value)
                        item = None
                    else:
                        locs[(seq_key, len(seq))] = number
                        item = {key: None if value is _EMPTY else value}
                        item_pending = key if value is _EMPTY else None
                        seq.append(item)
                    continue
                if item is not None and indent == dash + 2 and not dashed:
                    if key is None or key in item:
                        raise _Unsure  # not a key, a key twice (libyaml says so)
                    item[key] = None if value is _EMPTY else value
                    item_pending = key if value is _EMPTY else None
                    continue
                if indent > dash:
                    raise _Unsure  # a value continued, a line out of place
                seq = item = None
            if indent == inner and not dashed:
                if key is None or key in case:
                    raise _Unsure
                case[key] = None if value is _EMPTY else value
                pending = key if value is _EMPTY else None
            elif indent == top and dashed:
                if case is not None:
                    yield line, case, locs
                if key is None:
                    raise _Unsure
                case, locs, line = {key: None if value is _EMPTY else value}, {(): number}, number
                pending = key if value is _EMPTY else None
            else:
                raise _Unsure
    if case is None:
        raise _Unsure  # nothing, or `name:` alone: libyaml says what it is
    yield line, case, locs
