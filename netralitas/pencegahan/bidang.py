"""Field types shared by prevention, monitoring and recap records, and how their errors read.

Built on the case models' conventions: blank means not given, catalog text resolves to codes,
dates to ISO, errors carry stable Problem codes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Annotated, Any, Callable

from pydantic import BeforeValidator, Field, ValidationError

from netralitas import catalogs, vocab
from netralitas.errors import LookupFailed, Problem
from netralitas.models import _Model, _parsed  # noqa: F401  (re-exported for the record kinds)
from netralitas.validation_problems import problems_from  # noqa: F401  (the same, for the record kinds)
from netralitas.pencegahan import vocab as pvocab
from netralitas.readers import header_key
from netralitas.wilayah import catalog as wilayah_catalog
from netralitas.i18n import _


def _kab_or_prov(text: Any) -> str:
    """A kabupaten/kota code, or a province code when the text names a province (kaltim, 64)."""
    try:
        return wilayah_catalog().resolve_kab(text).kode
    except LookupFailed as e:
        if e.code != "unknown-wilayah":
            raise  # ambiguous text is never guessed
        try:
            return wilayah_catalog().resolve_prov(text).kode
        except LookupFailed:
            raise e from None


def _one_of(values: tuple[str, ...], synonyms: dict[str, str], first_word: bool = False) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        text = " ".join(str(value).lower().replace("_", " ").split())
        if text in synonyms:
            return synonyms[text]
        if first_word and text.split()[0].strip(".,/") in synonyms:
            return synonyms[text.split()[0].strip(".,/")]
        return vocab.parse(values, value)

    return parse


_SPLIT_WIDE = re.compile(r"\s*(?:\n|\||;|,)\s*")  # short words: commas separate too
_SPLIT_NARROW = re.compile(r"\s*(?:\n|\||;)\s*")  # names and links may hold commas


def _list(pattern: re.Pattern, item: Callable[[str], str] | None = None) -> Callable[[Any], list[str]]:
    def parse(value: Any) -> list[str]:
        if value is None:
            return []
        parts = pattern.split(value) if isinstance(value, str) else [str(v) for v in value if v is not None]
        out = []
        for p in parts:
            p = " ".join(p.split())
            if p:
                p = item(p) if item else p
                if p not in out:
                    out.append(p)
        return out

    return parse


def _sasaran(text: str) -> str:
    key = text.lower()
    for known in pvocab.SASARAN:
        if known.lower() == key:
            return known
    return pvocab.SASARAN_SINONIM.get(key, text)


def _jenis(text: str) -> str:
    if text.strip().lower() == "asn":
        raise LookupFailed("bad-enum", _("'ASN' is two kinds here: give PNS and PPPK"), text)
    return vocab.parse(vocab.JENIS, text)


parse_moda = _one_of(pvocab.MODA, pvocab.MODA_SINONIM)
parse_penyelenggara = _one_of(pvocab.PENYELENGGARA, pvocab.PENYELENGGARA_AWAL, first_word=True)
parse_wilayah = _kab_or_prov
Pemilu = Annotated[str, BeforeValidator(_parsed(lambda v: catalogs.resolve_pemilu(v).id))]
Kab = Annotated[str, BeforeValidator(_parsed(lambda v: wilayah_catalog().resolve_kab(v).kode))]
KabOrProv = Annotated[str, BeforeValidator(_parsed(_kab_or_prov))]
Moda = Annotated[str, BeforeValidator(_parsed(parse_moda))]
Penyelenggara = Annotated[str, BeforeValidator(_parsed(parse_penyelenggara))]
Hasil = Annotated[str, BeforeValidator(_parsed(_one_of(pvocab.HASIL, {"tidak ada": "nihil", "nil": "nihil"})))]
Words = Annotated[list[str], BeforeValidator(_list(_SPLIT_WIDE))]
Lines = Annotated[list[str], BeforeValidator(_list(_SPLIT_NARROW))]
Sasaran = Annotated[list[str], BeforeValidator(_list(_SPLIT_WIDE, _sasaran))]
JenisList = Annotated[list[str], BeforeValidator(lambda v: [] if v is None else _parsed(_list(_SPLIT_WIDE, _jenis))(v))]
Count = Annotated[int, Field(ge=0)]


def as_json(values: list[str]) -> str | None:
    return json.dumps(values, ensure_ascii=False) if values else None


def from_json(text: str | None) -> list[str]:
    return json.loads(text) if text else []


_NUMBER_ERRORS = {"int_parsing", "int_type", "int_from_float", "greater_than_equal", "less_than_equal"}


def problems(error: ValidationError, fields: list[str], *, file: str | None = None, line: int | None = None,
             lines: dict | None = None) -> list[Problem]:
    """The case models' problems, with messages and codes that speak of this record kind."""
    out = []
    kinds = [e["type"] for e in error.errors(include_url=False)]
    for p, kind in zip(problems_from(error, file=file, line=line, lines=lines), kinds):
        if p.code == "unknown-field":
            p = Problem(p.code, _("unknown field; expected one of: {fields}").format(fields=", ".join(fields)), p.field, p.value, p.file, p.line)
        elif kind in _NUMBER_ERRORS:
            p = Problem("bad-number", _("expected a whole number, 0 or more"), p.field, p.value, p.file, p.line)
        out.append(p)
    return out


@dataclass(frozen=True)
class Jenis:
    """A kind of record beside the cases: its table, model, fields and header synonyms."""

    nama: str  # the command and the YAML list key: sosialisasi, pantau, rekap
    tabel: str
    model: type[_Model]
    fields: list[str]  # file keys, in file order
    required: tuple[str, ...]  # columns a CSV or sheet must have
    record: Callable[[Any], dict]  # validated model -> stored columns (with kode)
    extra_synonyms: tuple[tuple[str, str], ...] = ()

    @property
    def synonyms(self) -> dict[str, str]:
        return {**{header_key(f): f for f in self.fields}, **{header_key(a): f for a, f in self.extra_synonyms}}
