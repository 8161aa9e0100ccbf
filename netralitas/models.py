"""Pydantic models of a kasus (case) and its terlapor (reported persons), as in docs/domain.md §2.

Validation normalises: region text -> Kemendagri code, election and violation text -> catalog
ids, dates -> ISO, enums case-insensitively. Errors carry stable codes (the Problem codes).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from enum import StrEnum
from typing import Annotated, Any, Callable

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from netralitas import aliases, catalogs, rute, vocab
from netralitas.dates import parse_tanggal
from netralitas.errors import LookupFailed, Problem
from netralitas.format import fmt_date, fmt_int
from netralitas.limits import MAX_FIELD
from netralitas.nip import check_nip
from netralitas.wilayah import catalog as wilayah_catalog
from netralitas.i18n import N_, _


Sumber = StrEnum("Sumber", [(v, v) for v in vocab.SUMBER])
Jenis = StrEnum("Jenis", [(v, v) for v in vocab.JENIS])
KategoriJabatan = StrEnum("KategoriJabatan", [(v, v) for v in vocab.KATEGORI_JABATAN])
# `terbukti` ("proven", the office's word) is read but never stored: proven and sanctioned when
# the record holds a sanction (disanksi), proven and recommended otherwise (direkomendasikan).
Status = StrEnum("Status", [(v, v) for v in (*vocab.STATUS, vocab.TERBUKTI)])
Tingkat = StrEnum("Tingkat", [(v, v) for v in vocab.TINGKAT])
SanksiMoral = StrEnum("SanksiMoral", [(v, v) for v in vocab.SANKSI_MORAL])


def _fail(e: LookupFailed) -> PydanticCustomError:
    # The message goes in the context: catalog messages may hold braces.
    return PydanticCustomError(e.code, "{pesan}", {"pesan": e.message})


def _parsed(fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def validate(value: Any) -> Any:
        if value is None:
            return None
        try:
            return fn(value)
        except LookupFailed as e:
            raise _fail(e) from None

    return validate


_VALUES: dict[type, tuple[str, ...]] = {}


def parse_enum(enum: type[StrEnum], value: Any) -> StrEnum:
    """The enum member a value names (see vocab.parse)."""
    if isinstance(value, enum):
        return value
    values = _VALUES.get(enum)
    if values is None:
        values = _VALUES[enum] = tuple(m.value for m in enum)
    return enum(vocab.parse(values, value))


def _enum(enum: type[StrEnum], katalog: str | None = None):
    """A closed vocabulary; with `katalog`, also in the office's words (see aliases)."""
    if katalog is None:
        return BeforeValidator(_parsed(lambda v: parse_enum(enum, v)))
    return BeforeValidator(_parsed(lambda v: v if isinstance(v, enum) else enum(aliases.resolve(katalog, v))))


def _bukti(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        parts = value.replace(" | ", "\n").splitlines()
    else:
        parts = [str(v) for v in value]
    return [p.strip() for p in parts if p and p.strip()]


Tanggal = Annotated[dt.date, BeforeValidator(_parsed(parse_tanggal))]


def _dates(value: Any) -> str | None:
    """Several dates in one cell ('12/11/2024 | 13/11/2024', or a YAML list): ISO, sorted, ' | '."""
    from netralitas.tahapan import SEP

    items = value if isinstance(value, list) else str(value).replace(";", "|").split("|")
    dates = sorted({parse_tanggal(v.strip() if isinstance(v, str) else v).isoformat()
                    for v in items if v is not None and str(v).strip()})
    return SEP.join(dates) or None


def _choice(which: str, value: Any) -> str:
    """A code of the stage catalog: the reason a laporan was not registered, where a case went."""
    from netralitas.tahapan import katalog

    cat = katalog()
    values = tuple(cat.alasan if which == "alasan" else cat.ke)
    return vocab.parse(values, value)


def _not_before(earlier: str, message: str):
    """A field validator: this date may not come before the date in the (earlier) field `earlier`."""

    def check(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        first = info.data.get(earlier)
        if value is not None and first is not None and value < first:
            raise PydanticCustomError("bad-tanggal", _(message),
                                      {"tanggal": fmt_date(value), "sebelumnya": fmt_date(first)})
        return value

    return check
Text = Annotated[str, BeforeValidator(lambda v: v if v is None else " ".join(str(v).split()))]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        # Empty CSV cells and blank YAML values mean "not given". Text is NFC-normalised and trimmed
        # (of the spaces, non-breaking ones too, that a spreadsheet adds): "José" typed on a Mac and
        # on Windows is one name, one case.
        if isinstance(value, list):
            return [_text(v) if isinstance(v, str) else v for v in value]
        if isinstance(value, str):
            return _text(value) or None
        return value


def _text(value: str) -> str:
    if len(value) > MAX_FIELD:
        raise PydanticCustomError("field-too-long", _("longer than {limit} characters, the longest text accepted"),
                                  {"limit": fmt_int(MAX_FIELD)})
    if CONTROL.search(value):
        raise PydanticCustomError("control-character", _("holds a control character (such as NUL); only text, tabs and "
                                                         "line breaks are accepted: retype the cell"))
    return unicodedata.normalize("NFC", value).strip()


CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")  # C0 controls but tab, line feed, carriage return


def shown_controls(text: str) -> str:
    """Control characters written out (\\x00), so a problem's value never carries one to a terminal."""
    return CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


class KasusFields(_Model):
    """The fields of a case, without its terlapor (one CSV row repeats them)."""

    nomor: Text | None = None
    sumber: Annotated[Sumber, _enum(Sumber, "sumber")]
    pemilu: Annotated[str, BeforeValidator(_parsed(lambda v: aliases.resolve("pemilu", v)))]
    wilayah: Annotated[str, BeforeValidator(_parsed(lambda v: aliases.resolve("wilayah", v)))]
    kecamatan: Text | None = None
    tanggal_kejadian: Tanggal
    tanggal_diterima: Tanggal | None = None
    pelanggaran: Annotated[str, BeforeValidator(_parsed(lambda v: aliases.resolve("pelanggaran", v)))]
    uraian: str | None = None
    bukti: Annotated[list[str], BeforeValidator(_bukti)] = Field(default_factory=list)
    # the stages of the case (catalog tahapan); a file may carry them, `tahap` records them
    tanggal_diketahui: Tanggal | None = None  # a laporan: when the violation became known
    tanggal_registrasi: Tanggal | None = None
    tanggal_tidak_diregistrasi: Tanggal | None = None
    alasan_tidak_diregistrasi: Annotated[str | None, BeforeValidator(_parsed(lambda v: _choice("alasan", v)))] = None
    tanggal_klarifikasi: Annotated[str | None, BeforeValidator(_parsed(_dates))] = None
    tanggal_pleno: Tanggal | None = None
    diteruskan_ke: Annotated[str | None, BeforeValidator(_parsed(lambda v: _choice("ke", v)))] = None
    tanggal_diteruskan: Tanggal | None = None
    nomor_surat: Text | None = None

    @field_validator("kecamatan")
    @classmethod
    def _kecamatan(cls, value: str | None, info: ValidationInfo) -> str | None:
        kab = info.data.get("wilayah")
        if value is None or kab is None:
            return value
        try:
            return wilayah_catalog().resolve_kecamatan(kab, value)
        except LookupFailed as e:
            raise _fail(e) from None

    @field_validator("tanggal_kejadian")
    @classmethod
    def _kejadian(cls, value: dt.date, info: ValidationInfo) -> dt.date:
        if value > dt.date.today():
            raise PydanticCustomError("bad-tanggal", _("the incident date {tanggal} is in the future"), {"tanggal": fmt_date(value)})
        pemilu = catalogs.pemilu_catalog().get(info.data.get("pemilu") or "")
        kab = info.data.get("wilayah")
        if pemilu and pemilu.wilayah and kab and kab not in pemilu.wilayah:
            raise PydanticCustomError(
                "wilayah-not-in-pemilu",
                _("{pemilu} was held only in {where}, not in {kab}"),
                {"pemilu": pemilu.id, "where": ", ".join(pemilu.wilayah), "kab": kab},
            )
        return value

    _diterima = field_validator("tanggal_diterima")(
        _not_before("tanggal_kejadian", N_("received {tanggal}, before the incident on {sebelumnya}")))


class Terlapor(_Model):
    """A reported person. Field order matters: later validators read earlier fields."""

    nama: Text | None = None
    nip: Annotated[str | None, BeforeValidator(_parsed(check_nip))] = None
    jenis: Annotated[Jenis | None, _enum(Jenis, "jenis")] = None
    jabatan: Text | None = None
    kategori_jabatan: Annotated[KategoriJabatan | None, _enum(KategoriJabatan, "kategori_jabatan")] = None
    instansi: Text | None = None
    rekomendasi: Annotated[Tingkat | None, _enum(Tingkat, "sanksi")] = None
    tanggal_rekomendasi: Tanggal | None = None
    tanggal_sanksi: Tanggal | None = None
    sanksi_jenis: Text | None = None
    sanksi: Annotated[Tingkat | None, _enum(Tingkat, "sanksi")] = Field(default=None, validate_default=True)
    sanksi_moral: Annotated[SanksiMoral | None, _enum(SanksiMoral, "sanksi_moral")] = None
    nomor_sk: Text | None = None
    nomor_surat_rekomendasi: Text | None = None
    tanggal_tidak_ditindaklanjuti: Tanggal | None = None
    tanggal_blokir: Tanggal | None = None
    # the criminal route (Gakkumdu), beside the administrative one: outcome, its date, the article
    pidana: Annotated[str | None, BeforeValidator(_parsed(rute.pidana_hasil))] = None
    tanggal_pidana: Tanggal | None = None
    pidana_pasal: Annotated[str | None, BeforeValidator(_parsed(rute.pidana_pasal))] = Field(
        default=None, validate_default=True)
    status: Annotated[Status | None, _enum(Status, "status")] = Field(default=None, validate_default=True)

    @field_validator("rekomendasi")
    @classmethod
    def _rekomendasi(cls, value: Tingkat | None, info: ValidationInfo) -> Tingkat | None:
        """A recommended level only for the PPK route."""
        _refuse(rute.rekomendasi_refusal(_jenis_of(info), value and value.value))
        return value

    _tanggal_sanksi = field_validator("tanggal_sanksi")(
        _not_before("tanggal_rekomendasi", N_("sanctioned on {tanggal}, before the recommendation of {sebelumnya}")))

    @field_validator("sanksi_jenis")
    @classmethod
    def _sanksi_jenis(cls, value: str | None, info: ValidationInfo) -> str | None:
        """The type must belong to the route of the person's kind, and (PPK) to the law of its date."""
        if value is None:
            return None
        tanggal = info.data.get("tanggal_sanksi")
        value, refusal = rute.sanksi_jenis(_jenis_of(info), value, tanggal, exact=True)
        _refuse(refusal)
        return value

    @field_validator("sanksi")
    @classmethod
    def _sanksi(cls, value: Tingkat | None, info: ValidationInfo) -> Tingkat | None:
        jenis = _jenis_of(info)
        _refuse(rute.level_refusal(jenis, value and value.value))
        jenis_sanksi = info.data.get("sanksi_jenis")
        if not jenis_sanksi or not rute.rute_of(jenis).tingkat:
            return value
        level = catalogs.sanksi_catalog().tingkat_of_jenis(jenis_sanksi, info.data.get("tanggal_sanksi"))
        if level is None:
            return value
        if value is None:
            return Tingkat(level)  # the type names its level
        if value != level and not (value == Tingkat.ptdh and "tidak dengan hormat" in jenis_sanksi.lower()):
            raise PydanticCustomError(
                "sanksi-contradiction",
                _("sanksi {value} contradicts sanksi_jenis '{jenis}', which is {level}"),
                {"value": value.value, "jenis": jenis_sanksi, "level": level},
            )
        return value

    @field_validator("sanksi_moral")
    @classmethod
    def _moral(cls, value: SanksiMoral | None, info: ValidationInfo) -> SanksiMoral | None:
        _refuse(rute.moral_refusal(_jenis_of(info), value and value.value))
        return value

    @field_validator("pidana_pasal")
    @classmethod
    def _pidana(cls, value: str | None, info: ValidationInfo) -> str | None:
        """A date or an article of the criminal route needs its outcome."""
        if "pidana" in info.data and info.data["pidana"] is None and (value or info.data.get("tanggal_pidana")):
            raise PydanticCustomError("pidana-missing", _("{what} is given but not the outcome of the criminal route "
                                                          "(pidana: {allowed})"),
                                      {"what": "pidana_pasal" if value else "tanggal_pidana",
                                       "allowed": ", ".join(rute.pidana().hasil)})
        return value

    @field_validator("status")
    @classmethod
    def _status(cls, value: Status | None, info: ValidationInfo) -> Status:
        """A sanction implies disanksi, a recommendation direkomendasikan; contradictions fail."""
        d = info.data
        proven = value == Status.terbukti
        if proven:
            value = None  # at least direkomendasikan: whatever the record implies from there
        if d.get("sanksi") or d.get("sanksi_moral") or (d.get("sanksi_jenis") and not rute.rute_of(_jenis_of(info)).tingkat):
            implied, because = Status.disanksi, _("a sanksi is given")
        elif any(d.get(f) for f in ("rekomendasi", "tanggal_rekomendasi", "nomor_surat_rekomendasi",
                                    "tanggal_tidak_ditindaklanjuti", "tanggal_blokir")):
            implied, because = Status.direkomendasikan, _("a rekomendasi is given")
        else:
            return Status.direkomendasikan if proven else value or Status.diproses
        if value is None:
            return implied
        allowed = {implied} if implied is Status.disanksi else {Status.direkomendasikan, Status.disanksi}
        if value not in allowed:
            raise PydanticCustomError(
                "status-contradiction",
                _("status {status} contradicts the record: {because}, so the status is {implied}"),
                {"status": value.value, "because": because, "implied": implied.value},
            )
        return value

    def is_empty(self) -> bool:
        return self.status == Status.diproses and all(
            getattr(self, f) is None for f in type(self).model_fields if f != "status")


def _jenis_of(info: ValidationInfo) -> str | None:
    jenis = info.data.get("jenis")
    return jenis.value if jenis is not None else None


def _refuse(refusal) -> None:
    if refusal is not None:
        # The message goes in the context: catalog wording may hold braces.
        raise PydanticCustomError(refusal.code, "{pesan}", {"pesan": refusal.message.format(**refusal.values)})


class Kasus(KasusFields):
    terlapor: list[Terlapor] = Field(default_factory=list)

    @field_validator("terlapor")
    @classmethod
    def _named(cls, people: list[Terlapor]) -> list[Terlapor]:
        # An entry with no field but the default status names nobody, as an empty CSV row does.
        return [p for p in people if not p.is_empty()]


def stage_problems(case: dict, people: list[dict], *, file: str | None = None, line: int | None = None,
                   lines: list[int | None] | None = None) -> list[Problem]:
    """Stage dates out of order (a sanction before the incident, a pleno before registration …)
    or in the future: checked on the events the record implies, as `tahap` checks them."""
    from netralitas.reconcile import events_of_state
    from netralitas.tahapan import check_dates

    case_events, person_events = events_of_state(case, people)
    out = [Problem(p.code, p.message, p.field, p.value, file, line)
           for p in check_dates(case_events, case["tanggal_kejadian"], dt.date.today())]
    for i, events in enumerate(person_events):
        where = lines[i] if lines else line
        prefix = f"terlapor[{i}]." if lines is not None else ""
        out += [Problem(p.code, p.message, prefix + (p.field or ""), p.value, file, where)
                for p in check_dates(case_events + events, case["tanggal_kejadian"], dt.date.today(), only=events)]
    return out + rute.case_problems(case, people, file=file, line=line, lines=lines)


# The field names live in vocab (reports read them without building the models); a test checks KasusFields.
KASUS_FIELDS, TERLAPOR_FIELDS, PII_FIELDS = vocab.KASUS_FIELDS, vocab.TERLAPOR_FIELDS, vocab.PII_FIELDS
