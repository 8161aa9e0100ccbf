"""Per-column validation of flat rows (CSV, Excel) for rowcheck: each field of a model through its
own type (a TypeAdapter built from the field), memoised per distinct value; a text column's new
value (names, NIP: the values that do not repeat) without the adapter when its result is known.
"""

from __future__ import annotations

from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BeforeValidator, ConfigDict, TypeAdapter, ValidationError
from pydantic_core import PydanticCustomError

from netralitas.errors import LookupFailed
from netralitas.models import _text

_CONFIG = ConfigDict(str_strip_whitespace=True)
FAIL = object()  # a value the model would refuse: the row goes through the model
MEMO_LIMIT = 50_000  # distinct values remembered per column


class Column:
    """One field of a model: raw cell -> (value as validated, value as stored), memoised."""

    def __init__(self, model, name: str):
        info = model.model_fields[name]
        annotation = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
        self.adapter = TypeAdapter(annotation, config=_CONFIG)
        # the adapter's own core validator and serializer: its Python wrappers cost more than they do
        self.validate, self.serializer = self.adapter.validator.validate_python, self.adapter.serializer
        self.required = info.is_required()
        self.memo: dict = {}
        self.text, self.parse = _text_column(info)

    def quick(self, raw: str):
        """The adapter's pair for a text cell of a text column, without the adapter; None when it
        must decide. Only ASCII text that comes out trimmed: NFC, the Unicode spaces and the
        strip of the adapter (pydantic's trim and Python's strip differ only beyond ASCII, and on
        controls `_text` refuses) leave such a value as it is."""
        try:
            value = _text(raw)
            if value and self.parse is not None:
                value = self.parse(value)
        except Exception:  # a refusal (or anything else): the adapter decides, and words nothing here
            return None
        if type(value) is str and value and value.isascii() and value == value.strip():
            return value, value
        return None

    def __call__(self, raw: Any):
        key = raw if raw is None or type(raw) is str else (type(raw), raw)  # 1, 1.0 and True are one dict key
        try:
            got = self.memo.get(key)  # never None: a pair, or FAIL
        except TypeError:  # unhashable (never from a flat file): no memo
            return self._validate(raw)
        return self.miss(key, raw) if got is None else got

    def miss(self, key: Any, raw: Any):
        """A value not in the memo: validated, and remembered under `key`."""
        if len(self.memo) >= MEMO_LIMIT:  # a column of unique values (names, NIP): memory stays bounded
            self.memo.clear()
        got = self.memo[key] = self._validate(raw)
        return got

    def _validate(self, raw: Any):
        if self.text and type(raw) is str and raw.isascii():
            got = self.quick(raw)
            if got is not None:
                return got
        try:
            value = _blank(raw)
            if value is None and self.required:
                return FAIL
            value = self.validate(value)
            return value, self.serializer.to_python(value, mode="json")
        except (ValidationError, PydanticCustomError, LookupFailed, ValueError, TypeError):
            return FAIL


def _text_column(info) -> tuple[bool, Any]:
    """Whether a field is plain text, str (or str | None) with at most one BeforeValidator and no
    other constraint, and that validator's function: what the adapter does to a text value is
    then _text, the function, and a strip."""
    annotation, metadata = info.annotation, list(info.metadata)
    if get_origin(annotation) in (Union, UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) != len(get_args(annotation)) - 1 or len(args) != 1:
            return False, None
        annotation = args[0]
        if get_origin(annotation) is Annotated:
            if metadata:
                return False, None
            annotation, *metadata = get_args(annotation)
    if annotation is not str or len(metadata) > 1:
        return False, None
    if not metadata:
        return True, None
    if type(metadata[0]) is not BeforeValidator:
        return False, None
    return True, metadata[0].func


def _blank(value: Any) -> Any:
    """models._Model._blank_is_none, for one value."""
    if isinstance(value, list):
        return [_text(v) if isinstance(v, str) else v for v in value]
    if isinstance(value, str):
        return _text(value) or None
    return value


class Columns:
    """A model's columns. A row's blank cells (absent, None, "") all validate as None: each column's
    result for a blank is known once, so a row only goes through the cells that hold something."""

    def __init__(self, model):
        self.columns = {n: Column(model, n) for n in model.model_fields}
        blank = {n: column(None) for n, column in self.columns.items()}
        self.needed = frozenset(n for n, got in blank.items() if got is FAIL)  # a blank one is refused
        self.blank_py = {n: None if got is FAIL else got[0] for n, got in blank.items()}
        self.blank_rec = {n: None if got is FAIL else got[1] for n, got in blank.items()}
        self._orders: dict = {}  # the keys of a row, in its order -> `order` of them

    def through(self, raw: dict) -> tuple[dict, dict] | None:
        """Each column's (python value, stored value) for a row, or None when one cannot be vouched for."""
        names = tuple(raw)
        order = self._orders.get(names)
        if order is None:  # (the rows of a YAML file give their keys in a few orders)
            if len(self._orders) >= 1000:
                self._orders.clear()
            order = self._orders[names] = self.order(names)
        return self.through_values(order, tuple(raw.values()))

    def order(self, names) -> list[tuple[str, Column | None, bool]]:
        """Each name's column (None: not a field of this model) and whether a blank one is refused."""
        return [(n, self.columns.get(n), n in self.needed) for n in names]

    def through_values(self, order: list, values: tuple) -> tuple[dict, dict] | None:
        """`through` for values in a known order (see `order`): no mapping built, no name looked up."""
        py, rec = self.blank_py.copy(), self.blank_rec.copy()
        filled = 0
        for (name, column, needed), value in zip(order, values):
            if value is None or value == "" or column is None:
                continue
            if type(value) is str:
                got = column.memo.get(value)
                if got is None:
                    got = column.miss(value, value)
            else:
                got = column(value)
            if got is FAIL:
                return None
            py[name], rec[name] = got
            filled += needed
        if filled != len(self.needed):
            return None
        return py, rec
