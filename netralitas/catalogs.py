"""The catalogs `pemilu`, `pelanggaran` and `sanksi`: data in data/, plus the user's own files.

A later regulation is a data change, not a code change. A user adds elections in
`pemilu.yaml` and overrides violation forms (e.g. a guideline level) in `pelanggaran.yaml`
in their config dir; both are read once and cached.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from netralitas.errors import InvalidInput, LookupFailed
from netralitas.paths import config_dir, data_dir

from netralitas.vocab import TINGKAT  # noqa: E402,F401  (re-exported)
from netralitas.i18n import _


@dataclass(frozen=True)
class Pemilu:
    id: str
    nama: str
    jenis: str
    pemungutan: dt.date
    kampanye_mulai: dt.date | None = None
    kampanye_selesai: dt.date | None = None
    wilayah: tuple[str, ...] = ()  # empty: everywhere
    sumber: str = "bawaan"  # "bawaan" (shipped) or the user's file
    penetapan: dt.date | None = None  # the candidates set: a bakal calon before, a calon from then on
    penetapan_catatan: str | None = None

    def fase(self, tanggal: dt.date) -> str:
        """'sebelum', 'selama' or 'sesudah' the campaign period."""
        if self.kampanye_mulai and tanggal < self.kampanye_mulai:
            return "sebelum"
        if self.kampanye_selesai and tanggal > self.kampanye_selesai:
            return "sesudah"
        return "selama"


@dataclass(frozen=True)
class Pelanggaran:
    kode: str
    uraian: str
    etik: bool
    pedoman: str | None
    dasar: str | None = None
    beda_pendapat: str | None = None
    diubah_pengguna: bool = False
    etik_sebelum_penetapan: bool = False  # two tracks: ethics before the penetapan, discipline after
    beda_pendapat_jalur: str | None = None

    def jalur(self, tanggal: str | dt.date | None, penetapan: dt.date | None) -> str | None:
        """'etik' or 'disiplin': the track an act on `tanggal` is on (None: the form has neither)."""
        if self.etik_sebelum_penetapan and penetapan is not None and tanggal is not None:
            day = tanggal if isinstance(tanggal, dt.date) else dt.date.fromisoformat(str(tanggal))
            return "etik" if day < penetapan else "disiplin"
        if self.pedoman is not None:
            return "disiplin"
        return "etik" if self.etik else None


@dataclass(frozen=True)
class Aturan:
    """One discipline regulation of the PPK route, with the days it was in force."""

    kode: str
    nama: str
    tingkat: dict[str, list[str]]  # level -> types
    dasar: dict[str, str]
    mulai: dt.date | None = None
    sampai: dt.date | None = None

    def berlaku(self, tanggal: dt.date) -> bool:
        return (self.mulai is None or tanggal >= self.mulai) and (self.sampai is None or tanggal <= self.sampai)

    def tingkat_of_jenis(self, jenis: str) -> str | None:
        key = type_key(jenis)
        for level, types in self.tingkat.items():
            if any(key == type_key(t) for t in types):
                return level
        return None


@dataclass(frozen=True)
class Sanksi:
    tingkat: dict[str, list[str]] = field(default_factory=dict)  # level -> types, of the rule in force now
    dasar: dict[str, str] = field(default_factory=dict)
    moral: dict[str, str] = field(default_factory=dict)  # code -> name
    ptdh: str = ""
    dasar_moral: str = ""
    dasar_ptdh: str = ""
    aturan: tuple[Aturan, ...] = ()  # oldest first
    ptdh_pelanggaran: tuple[str, ...] = ()  # the violation forms PTDH is prescribed for

    def aturan_pada(self, tanggal: dt.date) -> Aturan:
        """The rule in force on a day (the newest, for a day after all of them)."""
        return next((a for a in self.aturan if a.berlaku(tanggal)), self.aturan[-1])

    def tingkat_of_jenis(self, jenis: str, tanggal: dt.date | None = None) -> str | None:
        """The level a sanction type belongs to under the rule of `tanggal` (None: under any rule,
        the newest first), however closely it follows the legal wording."""
        rules = [self.aturan_pada(tanggal)] if tanggal else list(reversed(self.aturan))
        for rule in rules:
            level = rule.tingkat_of_jenis(jenis)
            if level:
                return level
        return None


def type_key(text: str) -> str:
    # "Pemotongan tunjangan kinerja sebesar 25% (dua puluh lima persen) selama 6 (enam) bulan"
    # and "pemotongan tunjangan kinerja 25 % selama 6 bulan" are the same type.
    text = re.sub(r"\([^)]*\)", " ", text.lower()).replace("%", " % ")
    words = [w[:-3] if w.endswith("nya") and len(w) > 5 else w for w in re.findall(r"[\w%]+", text)]
    return " ".join(w for w in words if w != "sebesar")


ID = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")  # what a catalog id may be: it names, it never says more


def _load_yaml(path: Path):
    from netralitas import yaml_cache

    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except (OSError, UnicodeError) as e:
        raise _unreadable(path, e) from None
    return yaml_cache.load(text, lambda text: _parse_yaml(path, text))  # parsed before: no PyYAML


def _parse_yaml(path: Path, text: str):
    import yaml

    try:
        try:  # libyaml's loader, several times faster; the same data for the same text
            return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except yaml.YAMLError:
            return yaml.safe_load(text)  # the pure loader's message, as ever
    except (UnicodeError, yaml.YAMLError, RecursionError) as e:
        raise _unreadable(path, e) from None


def _unreadable(path: Path, e: Exception) -> InvalidInput:
    return InvalidInput(_("{path}: cannot be read as YAML ({error}); fix or remove it").format(path=path, error=f"{type(e).__name__}: {e}"))


def _entries(path: Path, key: str, user: bool) -> list[tuple[int, dict, str]]:
    """The entries of a catalog file as (number, mapping, id); ids checked against ID."""
    raw = _load_yaml(path) or []
    if not isinstance(raw, list):
        raise InvalidInput(_("{path}: expected a list of entries, each a mapping with {key!r}").format(path=path, key=key))
    out = []
    for n, item in enumerate(raw, 1):
        if not isinstance(item, dict) or item.get(key) in (None, ""):
            raise InvalidInput(_("{path}: entry {n} is not a mapping with {key!r}").format(path=path, n=n, key=key))
        ident = str(item[key]).strip().lower() if user else str(item[key])
        if not ID.fullmatch(ident):
            raise InvalidInput(_("{path}: entry {n}: the {key} {value!r} is not a valid id (lower-case letters, digits and '-', "
                                 "at most 63, e.g. pilkada-2024-ulang)").format(path=path, n=n, key=key, value=str(item[key])[:80]))
        out.append((n, item, ident))
    return out


def _date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def user_file(name: str) -> Path:
    return config_dir() / name


@cache
def pemilu_catalog() -> dict[str, Pemilu]:
    out: dict[str, Pemilu] = {}
    sources = [(data_dir() / "pemilu.yaml", "bawaan"), (user_file("pemilu.yaml"), None)]
    for path, label in sources:
        if not path.is_file():
            continue
        for n, item, ident in _entries(path, "id", user=label is None):
            try:
                p = Pemilu(
                    id=ident,
                    nama=str(item.get("nama") or ident),
                    jenis=str(item.get("jenis") or ident.split("-")[0]),
                    pemungutan=_date(item["pemungutan"]),
                    kampanye_mulai=_date(item.get("kampanye_mulai")),
                    kampanye_selesai=_date(item.get("kampanye_selesai")),
                    wilayah=tuple(str(w) for w in item.get("wilayah") or ()),
                    sumber=label or str(path),
                    penetapan=_date(item.get("penetapan")),
                    penetapan_catatan=item.get("penetapan_catatan"),
                )
            except (KeyError, TypeError, ValueError) as e:
                raise InvalidInput(_("{path}: entry {n} ({ident}): {error}; pemungutan and the kampanye dates must be dates such as "
                                     "2024-11-27").format(path=path, n=n, ident=ident, error=f"{type(e).__name__} {e}")) from None
            out[p.id] = p
    return out


@cache
def pelanggaran_catalog() -> dict[str, Pelanggaran]:
    out = {}
    for item in _load_yaml(data_dir() / "pelanggaran.yaml"):
        out[item["kode"]] = Pelanggaran(**item)
    override = user_file("pelanggaran.yaml")
    if override.is_file():
        for n, item, kode in _entries(override, "kode", user=False):
            base = out.get(kode)
            fields = {**(base.__dict__ if base else {"uraian": kode, "etik": False, "pedoman": None}), **item}
            fields["diubah_pengguna"] = True
            if fields["pedoman"] is not None and fields["pedoman"] not in TINGKAT:
                raise InvalidInput(_("{path}: entry {n} ({kode}): pedoman must be one of {levels}").format(path=override, n=n, kode=kode, levels=", ".join(TINGKAT)))
            try:
                out[kode] = Pelanggaran(**fields)
            except TypeError as e:
                raise InvalidInput(f"{override}: entry {n} ({kode}): {e}") from None
    return out


@cache
def sanksi_catalog() -> Sanksi:
    raw = _load_yaml(data_dir() / "sanksi.yaml")
    rules = tuple(Aturan(kode=a["kode"], nama=a["nama"], tingkat={t["kode"]: list(t["jenis"]) for t in a["tingkat"]},
                         dasar={t["kode"]: t["dasar"] for t in a["tingkat"]}, mulai=_date(a.get("mulai")),
                         sampai=_date(a.get("sampai"))) for a in raw["aturan"])
    now = rules[-1]
    return Sanksi(
        tingkat=now.tingkat,
        dasar=now.dasar,
        moral={m["kode"]: m["nama"] for m in raw["moral"]["jenis"]},
        ptdh=raw["ptdh"]["nama"],
        dasar_moral=raw["moral"]["dasar"],
        dasar_ptdh=raw["ptdh"]["dasar"],
        aturan=rules,
        ptdh_pelanggaran=tuple(raw["ptdh"].get("pelanggaran") or ()),
    )


def _lookup(kind: str, code: str, text: object, known: list[str]) -> LookupFailed:
    close = difflib.get_close_matches(code, known, n=3, cutoff=0.6)
    hint = (_("; did you mean {names}?").format(names=", ".join(close)) if close
            else _("; known: {codes}").format(codes=", ".join(known)))
    return LookupFailed(f"unknown-{kind}", _("unknown {kind} {text!r}").format(kind=kind, text=str(text).strip()) + hint, text)


def resolve_pemilu(text: object) -> Pemilu:
    code = "-".join(str(text).strip().lower().split())
    catalog = pemilu_catalog()
    if code in catalog:
        return catalog[code]
    raise _lookup("pemilu", code, text, list(catalog))


def resolve_pelanggaran(text: object) -> Pelanggaran:
    code = "-".join(str(text).strip().lower().replace("_", "-").split())
    catalog = pelanggaran_catalog()
    if code in catalog:
        return catalog[code]
    raise _lookup("pelanggaran", code, text, list(catalog))
