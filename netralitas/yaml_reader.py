"""The YAML reader: a case file -> whole cases with their line numbers, streamed from parser events."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from netralitas import limits
from netralitas.errors import Problem
from netralitas.i18n import _

YAML_TAGS = {None, "!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
             "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
             "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}  # fmt: skip
NULLS = {"", "~", "null", "Null", "NULL"}


class YamlRefused(Exception):
    def __init__(self, problem: Problem):
        super().__init__(problem)  # its args: what pickling (the read-ahead child's pipe) gives it again
        self.problem = problem


def read_yaml(path: Path, key: str = "kasus") -> Iterator[tuple[int, dict, dict]]:
    """Yield (line, case mapping, {loc: line}) per case, one case at a time.

    Built from parser events, so memory holds one case, not the document. Scalars stay as
    written (text): `64.10` must not become the number 64.1. Only plain YAML: an explicit tag
    (`!!python/...`), an anchor or an alias is refused at once, so an alias "bomb" is never
    expanded. A document is a list of cases, a mapping with key `kasus` holding one, or one case.
    `key` reads another record kind the same way (e.g. `sosialisasi`). (A large case file is
    read by a child process while the importer checks: split_cases.)

    The quick path first (yaml_quick); from the first case it does not vouch for, libyaml.
    """
    from netralitas import yaml_quick

    given = yield from yaml_quick.cases(path, key)
    if given is not None:
        for index, item in enumerate(libyaml_cases(path, key)):
            if index >= given:  # (the cases before were given the same already)
                yield item


def libyaml_cases(path: Path, key: str) -> Iterator[tuple[int, dict, dict]]:
    """The file read from libyaml's events: every YAML the reader takes."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(path, "rb") as f:
        try:
            parser = loader(f)  # its own get_event/peek_event: no generator between it and the walk
            try:
                events = _Events(parser, str(path))
                events.expect(yaml.StreamStartEvent)
                while not events.peek(yaml.StreamEndEvent):
                    events.expect(yaml.DocumentStartEvent)
                    yield from _document(events, key)
                    events.expect(yaml.DocumentEndEvent)
            finally:
                parser.dispose()
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            line = None if mark is not None else _not_utf8_line(path)  # the reader's error has a position, no line
            if line is not None:
                raise YamlRefused(Problem("bad-encoding", _("bytes that are not UTF-8 on line {line}; a YAML file must be "
                                                            "UTF-8 throughout: save it as UTF-8").format(line=line),
                                          None, None, str(path), line)) from None
            if "maximum nesting depth" in str(getattr(e, "problem", None) or ""):  # libyaml's own bound (0.2.5), met first
                raise YamlRefused(Problem("yaml-too-deep", _("lists and mappings nested more than {n} levels deep; a case file needs 5").format(
                    n=limits.MAX_YAML_DEPTH), None, None, str(path), mark.line + 1 if mark else None)) from None
            raise YamlRefused(Problem("bad-yaml", _("not valid YAML: {error}").format(error=getattr(e, "problem", None) or e), None, None,
                                      str(path), mark.line + 1 if mark else None)) from None


def _not_utf8_line(path: Path) -> int | None:
    """The first line holding bytes that are not UTF-8, or None: read in chunks (memory stays small)."""
    import codecs

    decoder, line = codecs.getincrementaldecoder("utf-8")(), 1
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as e:
                return line + chunk.count(b"\n", 0, max(e.start, 0))
            line += chunk.count(b"\n")
    try:
        decoder.decode(b"", final=True)  # a sequence cut off at the end of the file
    except UnicodeDecodeError:
        return line
    return None


AHEAD_BATCH = 250  # cases per message from the child: few messages, little memory in flight


class _Events:
    """The parser's events, each checked (no anchor, alias or foreign tag) as it is taken."""

    def __init__(self, parser, file: str):
        import yaml

        self.get, self.file = parser.get_event, file  # get: the next event, unchecked (see _value)
        self._peek = parser.peek_event
        self.Scalar, self.SequenceStart, self.SequenceEnd = yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.SequenceEndEvent
        self.MappingStart, self.MappingEnd = yaml.MappingStartEvent, yaml.MappingEndEvent
        self.Alias = yaml.AliasEvent

    def next(self):
        return self.check(self.get())

    def check(self, event):
        if event.__class__ is self.Alias or getattr(event, "anchor", None):
            raise YamlRefused(Problem("yaml-alias", _("anchors and aliases (&, *) are not allowed in case files"),
                                      None, None, self.file, event.start_mark.line + 1))
        if getattr(event, "tag", None) not in YAML_TAGS:
            raise YamlRefused(Problem("yaml-tag", _("the tag {tag} is not allowed in case files").format(tag=event.tag), None, None,
                                      self.file, event.start_mark.line + 1))
        return event

    def peek(self, kind) -> bool:
        return isinstance(self._peek(), kind)

    def expect(self, kind):
        event = self.next()
        if not isinstance(event, kind):
            raise YamlRefused(Problem("bad-yaml", _("expected a list of cases, or a mapping with key 'kasus'"), None,
                                      None, self.file, event.start_mark.line + 1))
        return event


def _document(events: _Events, name: str = "kasus"):
    import yaml

    if events.peek(yaml.SequenceStartEvent):
        yield from _items(events)
    elif events.peek(yaml.MappingStartEvent):
        # Either {kasus: [cases…], other keys…} or a single case; a case is small, so keep its
        # fields until the mapping ends or turns out to hold `kasus`.
        start = events.next()
        fields, lines, has_kasus = {}, {(): start.start_mark.line + 1}, False
        while not events.peek(yaml.MappingEndEvent):
            key_event = events.next()
            key = _value(events, key_event, (), lines)
            if key == name and events.peek(yaml.SequenceStartEvent):
                has_kasus = True
                yield from _items(events)
            else:
                _unique(events, fields, str(key), key_event)
                fields[str(key)] = _value(events, events.next(), (str(key),), lines)
        events.next()
        if not has_kasus and fields:  # the document is a single case
            yield start.start_mark.line + 1, fields, lines
    elif events.peek(yaml.ScalarEvent):
        event = events.next()
        if event.value not in NULLS:
            raise YamlRefused(Problem("bad-yaml", _("expected a list of cases, or a mapping with key 'kasus'"), None,
                                      None, events.file, event.start_mark.line + 1))


def _items(events: _Events):
    import yaml

    events.expect(yaml.SequenceStartEvent)
    while not events.peek(yaml.SequenceEndEvent):
        event = events.next()
        lines: dict = {}
        case = _value(events, event, (), lines)
        if not isinstance(case, dict):
            raise YamlRefused(Problem("bad-yaml", _("each case must be a mapping of fields"), None, None, events.file,
                                      event.start_mark.line + 1))
        yield event.start_mark.line + 1, case, lines
    events.next()


def _unique(events: _Events, mapping: dict, key: str, event) -> None:
    if key in mapping:  # YAML would let the last one win, silently
        raise YamlRefused(Problem("duplicate-key", _("the key {key!r} appears twice in one mapping").format(key=key), key, None,
                                  events.file, event.start_mark.line + 1))


def _value(events: _Events, event, loc: tuple, lines: dict, depth: int = 1):
    """Plain data from the events of one node (its first event given, checked).

    The common node, a scalar without anchor or tag, is taken straight from the parser in the
    loops below (`events.get`, unchecked: it has nothing the check refuses); any other event
    goes through `events.check` first, so the refusals and their order are those of one check
    per event, in the order of the file."""
    if depth > limits.MAX_YAML_DEPTH:
        raise YamlRefused(Problem("yaml-too-deep", _("lists and mappings nested more than {n} levels deep; a case file needs 5").format(
                                      n=limits.MAX_YAML_DEPTH), None, None, events.file,
                                  event.start_mark.line + 1))
    cls = event.__class__
    if cls is events.Scalar:
        return None if event.implicit[0] and event.value in NULLS else event.value  # unquoted null
    get, Scalar, plain = events.get, events.Scalar, depth < limits.MAX_YAML_DEPTH  # plain: a scalar child is not too deep
    if cls is events.SequenceStart:
        out = []
        end = events.SequenceEnd
        while (item := get()).__class__ is not end:
            if plain and item.__class__ is Scalar and item.anchor is None and item.tag is None:
                out.append(None if item.implicit[0] and item.value in NULLS else item.value)
            else:
                out.append(_value(events, events.check(item), loc + (len(out),), lines, depth + 1))
        return out
    if cls is events.MappingStart:
        lines[loc] = event.start_mark.line + 1
        out = {}
        end = events.MappingEnd
        while (key_event := get()).__class__ is not end:
            if plain and key_event.__class__ is Scalar and key_event.anchor is None and key_event.tag is None:  # most keys
                key = "None" if key_event.implicit[0] and key_event.value in NULLS else key_event.value
            else:
                key = str(_value(events, events.check(key_event), loc, lines, depth + 1))
            if key in out:
                _unique(events, out, key, key_event)
            item = get()
            if plain and item.__class__ is Scalar and item.anchor is None and item.tag is None:  # most values
                out[key] = None if item.implicit[0] and item.value in NULLS else item.value
            else:
                out[key] = _value(events, events.check(item), loc + (key,), lines, depth + 1)
        return out
    raise YamlRefused(Problem("bad-yaml", _("unexpected {what}").format(what=type(event).__name__), None, None, events.file,
                              event.start_mark.line + 1))
