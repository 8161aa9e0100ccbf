"""Regions: resolve a user's text to a Kemendagri code, never guessing.

Text resolves by code (`64.02`, `6402`), full name, name without Kabupaten/Kab./Kota, or alias,
ignoring case, spaces and punctuation. Ambiguous text lists every candidate; unknown text gets the
closest suggestions. Codes are text: `64.10` is never `64.1`.
"""

from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from netralitas.errors import LookupFailed
from netralitas.paths import config_dir, data_dir
from netralitas.i18n import _

_PREFIX = re.compile(r"^(kabupaten|kab\.?|kota administrasi|kota adm\.?|kotamadya|kota|provinsi|prov\.?)\s+")
_NON_WORD = re.compile(r"[^0-9a-z]+")
_KODE_KAB = re.compile(r"^(\d{2})\.?(\d{2})$")
_KODE_PROV = re.compile(r"^\d{2}$")


@dataclass(frozen=True)
class Wilayah:
    kode: str
    nama: str
    tingkat: str  # "provinsi" or "kabkota"
    provinsi: str  # province code (its own code for a province)

    @property
    def jenis(self) -> str | None:
        """'kabupaten' or 'kota' for a kab/kota."""
        if self.tingkat != "kabkota":
            return None
        return "kota" if self.nama.lower().startswith("kota") else "kabupaten"


def _key(text: str) -> str:
    return _NON_WORD.sub("", text.lower())


def _split(text: str) -> tuple[str | None, str]:
    """('kabupaten'|'kota'|'provinsi'|None, bare name) of normalised text."""
    low = " ".join(text.lower().split())
    m = _PREFIX.match(low)
    if not m:
        return None, low
    word = m.group(1)
    hint = "kota" if word.startswith("kota") else "provinsi" if word.startswith("prov") else "kabupaten"
    return hint, low[m.end():]


class WilayahCatalog:
    def __init__(self, folder: Path, user_aliases: Path | None = None):
        self.folder = folder
        self.provinsi: dict[str, Wilayah] = {}
        self.kabkota: dict[str, Wilayah] = {}
        with open(folder / "provinces.csv", encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                self.provinsi[row["code"]] = Wilayah(row["code"], row["name"], "provinsi", row["code"])
        with open(folder / "regencies.csv", encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                self.kabkota[row["code"]] = Wilayah(row["code"], row["name"], "kabkota", row["province_code"])
        # key of a bare name or alias -> codes (a set: some keys are ambiguous)
        self._index: dict[str, set[str]] = {}
        for w in (*self.provinsi.values(), *self.kabkota.values()):
            self._index.setdefault(_key(_split(w.nama)[1]), set()).add(w.kode)
        self._aliases: dict[str, list[str]] = {}
        self.alias_files = [folder / "aliases.csv"]
        if user_aliases is not None and user_aliases.is_file():
            self.alias_files.append(user_aliases)
        for path in self.alias_files:
            with open(path, encoding="utf-8-sig", newline="") as f:
                for row in csv.DictReader(f):
                    kode, alias = (row.get("code") or "").strip(), (row.get("alias") or "").strip()
                    if kode in self.provinsi or kode in self.kabkota:
                        self._index.setdefault(_key(alias), set()).add(kode)
                        self._aliases.setdefault(kode, []).append(alias)
        self._kecamatan: dict[str, dict[str, str]] | None = None
        self._memo: dict[tuple[str, str], Wilayah] = {}  # a file repeats the same region text on every row

    def get(self, kode: str) -> Wilayah | None:
        return self.kabkota.get(kode) or self.provinsi.get(kode)

    def nama(self, kode: str | None) -> str | None:
        w = self.get(kode) if kode else None
        return w.nama if w else None

    def resolve_kab(self, text: object) -> Wilayah:
        key = (str(text), "kabkota")
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = self._resolve(text, "kabkota")
        return found

    def resolve_prov(self, text: object) -> Wilayah:
        return self._resolve(text, "provinsi")

    def _resolve(self, text: object, tingkat: str) -> Wilayah:
        raw = str(text).strip()
        level = self.kabkota if tingkat == "kabkota" else self.provinsi
        what = "kabupaten/kota" if tingkat == "kabkota" else _("province")
        m = _KODE_KAB.match(raw) if tingkat == "kabkota" else _KODE_PROV.match(raw)
        if m:
            kode = f"{m.group(1)}.{m.group(2)}" if tingkat == "kabkota" else raw
            if kode in level:
                return level[kode]
            raise LookupFailed("unknown-wilayah", _("no {what} has the code {kode}").format(what=what, kode=kode), text)
        hint, bare = _split(raw)
        # The bare name, or the whole text: an alias may itself start with "Kota".
        codes = self._index.get(_key(bare), set()) | self._index.get(_key(raw), set())
        candidates = [level[c] for c in sorted(codes) if c in level]
        if hint in ("kabupaten", "kota"):
            candidates = [w for w in candidates if w.jenis == hint]
        if len(candidates) == 1:
            return candidates[0]
        if len(candidates) > 1:
            listed = "; ".join(f"{w.kode} {w.nama}" for w in candidates)
            raise LookupFailed(
                "ambiguous-wilayah",
                _("{raw!r} is ambiguous: it may be {listed}. Give the code or the full name").format(raw=raw, listed=listed),
                text,
            )
        other = [self.get(c) for c in sorted(codes) if c not in level]
        if other:
            names = ", ".join(f"{w.kode} {w.nama}" for w in other if w)
            raise LookupFailed("unknown-wilayah", _("{raw!r} is not a {what}: it is {names}").format(raw=raw, what=what, names=names), text)
        raise LookupFailed(
            "unknown-wilayah", _("unknown {what} {raw!r}").format(what=what, raw=raw) + self._suggest(bare, level), text
        )

    def _suggest(self, bare: str, level: dict[str, Wilayah]) -> str:
        names = {_split(w.nama)[1]: w for w in level.values()}
        close = difflib.get_close_matches(" ".join(bare.split()), list(names), n=3, cutoff=0.75)
        if not close:
            return ""
        return _("; did you mean {names}?").format(names=", ".join(f"{names[c].nama} ({names[c].kode})" for c in close))

    def search(self, query: str | None) -> list[Wilayah]:
        """Regions whose name, code or alias contains the query (all when empty)."""
        everything = [*self.provinsi.values(), *self.kabkota.values()]
        if not query:
            return sorted(everything, key=lambda w: w.kode)
        q = _key(query)
        hits = {w.kode for w in everything if q in _key(w.nama) or w.kode.startswith(query.strip())}
        for key, codes in self._index.items():
            if q and q in key:
                hits |= codes
        return sorted((self.get(k) for k in hits), key=lambda w: w.kode)

    def aliases_of(self, kode: str) -> list[str]:
        return list(self._aliases.get(kode, []))

    def resolve_kecamatan(self, kab_kode: str, text: object) -> str:
        """The catalog's name of a district of kab_kode."""
        if self._kecamatan is None:
            self._kecamatan = {}
            with open(self.folder / "districts.csv", encoding="utf-8", newline="") as f:
                for row in csv.DictReader(f):
                    self._kecamatan.setdefault(row["regency_code"], {})[_key(row["name"])] = row["name"]
        names = self._kecamatan.get(kab_kode, {})
        raw = " ".join(str(text).split())
        bare = re.sub(r"^(kecamatan|kec\.?)\s+", "", raw, flags=re.I)
        found = names.get(_key(bare))
        if found:
            return found
        close = difflib.get_close_matches(bare.title(), list(names.values()), n=3, cutoff=0.7)
        hint = _("; did you mean {names}?").format(names=", ".join(close)) if close else ""
        raise LookupFailed(
            "unknown-kecamatan", _("{raw!r} is not a kecamatan of {kab} ({kode})").format(raw=raw, kab=self.nama(kab_kode), kode=kab_kode) + hint, text
        )


@cache
def catalog() -> WilayahCatalog:
    return WilayahCatalog(data_dir() / "wilayah", config_dir() / "aliases.csv")
