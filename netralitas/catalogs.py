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

from netralitas.errors import LookupFailed
from netralitas.paths import config_dir, data_dir

from netralitas.vocab import TINGKAT  # noqa: E402,F401  (re-exported)


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


@dataclass(frozen=True)
class Sanksi:
    tingkat: dict[str, list[str]] = field(default_factory=dict)  # level -> types
    dasar: dict[str, str] = field(default_factory=dict)
    moral: dict[str, str] = field(default_factory=dict)  # code -> name
    ptdh: str = ""
    dasar_moral: str = ""
    dasar_ptdh: str = ""

    def tingkat_of_jenis(self, jenis: str) -> str | None:
        """The level a sanction type belongs to, however closely it follows the legal wording."""
        key = _type_key(jenis)
        for level, types in self.tingkat.items():
            if any(key == _type_key(t) for t in types):
                return level
        return None


def _type_key(text: str) -> str:
    # "Pemotongan tunjangan kinerja sebesar 25% (dua puluh lima persen) selama 6 (enam) bulan"
    # and "pemotongan tunjangan kinerja 25 % selama 6 bulan" are the same type.
    text = re.sub(r"\([^)]*\)", " ", text.lower()).replace("%", " % ")
    words = [w[:-3] if w.endswith("nya") and len(w) > 5 else w for w in re.findall(r"[\w%]+", text)]
    return " ".join(w for w in words if w != "sebesar")


def _load_yaml(path: Path):
    import yaml

    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


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
        for item in _load_yaml(path) or []:
            p = Pemilu(
                id=str(item["id"]).strip().lower(),
                nama=str(item.get("nama") or item["id"]),
                jenis=str(item.get("jenis") or item["id"].split("-")[0]),
                pemungutan=_date(item["pemungutan"]),
                kampanye_mulai=_date(item.get("kampanye_mulai")),
                kampanye_selesai=_date(item.get("kampanye_selesai")),
                wilayah=tuple(str(w) for w in item.get("wilayah") or ()),
                sumber=label or str(path),
            )
            out[p.id] = p
    return out


@cache
def pelanggaran_catalog() -> dict[str, Pelanggaran]:
    out = {}
    for item in _load_yaml(data_dir() / "pelanggaran.yaml"):
        out[item["kode"]] = Pelanggaran(**item)
    override = user_file("pelanggaran.yaml")
    if override.is_file():
        for item in _load_yaml(override) or []:
            kode = item["kode"]
            base = out.get(kode)
            fields = {**(base.__dict__ if base else {"uraian": kode, "etik": False, "pedoman": None}), **item}
            fields["diubah_pengguna"] = True
            out[kode] = Pelanggaran(**fields)
    return out


@cache
def sanksi_catalog() -> Sanksi:
    raw = _load_yaml(data_dir() / "sanksi.yaml")
    return Sanksi(
        tingkat={t["kode"]: list(t["jenis"]) for t in raw["tingkat"]},
        dasar={t["kode"]: t["dasar"] for t in raw["tingkat"]},
        moral={m["kode"]: m["nama"] for m in raw["moral"]["jenis"]},
        ptdh=raw["ptdh"]["nama"],
        dasar_moral=raw["moral"]["dasar"],
        dasar_ptdh=raw["ptdh"]["dasar"],
    )


def _lookup(kind: str, code: str, text: object, known: list[str]) -> LookupFailed:
    close = difflib.get_close_matches(code, known, n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(close)}?" if close else f"; known: {', '.join(known)}"
    return LookupFailed(f"unknown-{kind}", f"unknown {kind} {str(text).strip()!r}{hint}", text)


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
