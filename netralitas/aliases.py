"""Values in the office's words: a user's text -> the code of a catalog, never guessed.

A value resolves, in this order, by the catalog's own code; by the user's own word for it
(`netralitas alias KATALOG TEKS KODE`, kept in kosakata.csv in the config dir, beside the
region aliases of aliases.csv); by the words offices write everywhere (LP/TM, P3K, `Terbukti`,
`Hukuman disiplin sedang` …, built in below); by the catalog's own descriptions (an election's
name, a violation form's uraian); for an election, by its kind and year (`Pilkada 2024`).

Text that names two entries is never mapped to either; unknown text is a problem that shows the
closest entries by code and description and the `netralitas alias` line that would map it.
Each distinct text is resolved once per catalog and remembered: import asks for every cell.
"""

from __future__ import annotations

import csv
import difflib
import re
import shlex
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from netralitas import catalogs, vocab
from netralitas.errors import LookupFailed
from netralitas.i18n import _
from netralitas.paths import config_dir

FILE = "kosakata.csv"  # katalog,alias,kode: the user's words (regions: aliases.csv, code,alias)
WILAYAH_FILE = "aliases.csv"
ENUMS = {"sumber": vocab.SUMBER, "jenis": vocab.JENIS, "status": vocab.STATUS, "sanksi": vocab.TINGKAT,
         "sanksi_moral": vocab.SANKSI_MORAL, "kategori_jabatan": vocab.KATEGORI_JABATAN}
KATALOG = ("wilayah", "pelanggaran", "pemilu", *ENUMS)
EMPTY = frozenset({"-", "–", "—", "--", "n/a", "tidak ada"})  # what offices write for "nothing here"

_WORD = re.compile(r"[^0-9a-z]+")


def key(text: object) -> str:
    """Text as compared: lower case, words separated by one space, punctuation gone."""
    return " ".join(_WORD.sub(" ", str(text).lower()).split())


def is_empty_word(text: object) -> bool:
    return isinstance(text, str) and _empty_word(text)


@lru_cache(maxsize=4096)  # asked of every short cell of a file, whose values repeat
def _empty_word(text: str) -> bool:
    return " ".join(text.lower().split()) in EMPTY


empty_text = _empty_word  # is_empty_word for a value known to be a str (a reader's hot loop)

_PLAIN_CELLS: set = set()  # cells seen that are no empty word (at most MEMO_CELLS): a row of those has none
MEMO_CELLS = 50_000


def may_hold_empty_word(cells: list) -> bool:
    """Whether a cell may be an empty word; a row's cells are compared in one set operation with
    those known not to be, and only the new ones are asked."""
    try:
        new = set(cells).difference(_PLAIN_CELLS)
    except TypeError:  # an unhashable cell (never from a reader): ask
        return True
    found = False
    for value in new:
        if value and isinstance(value, str) and len(value) <= 12 and _empty_word(value):
            found = True
        else:
            if len(_PLAIN_CELLS) >= MEMO_CELLS:  # a column of unique values: memory stays bounded
                _PLAIN_CELLS.clear()
            _PLAIN_CELLS.add(value)
    return found


# The words offices use, for the codes of the closed vocabularies (keys as `key` gives them).
BUILT_IN: dict[str, dict[str, str]] = {
    "sumber": {"lp": "laporan", "tm": "temuan", "laporan masyarakat": "laporan", "temuan pengawas": "temuan"},
    "jenis": {"p3k": "PPPK", "asn": "ASN", "pegawai negeri sipil": "PNS", "kades": "kepala_desa",
              "kepala desa": "kepala_desa", "perangkat desa": "perangkat_desa", "lurah desa": "kepala_desa",
              "pegawai pemerintah dengan perjanjian kerja": "PPPK"},
    "status": {"proses": "diproses", "dalam proses": "diproses", "sedang diproses": "diproses",
               "terbukti": vocab.TERBUKTI, "terbukti melanggar": vocab.TERBUKTI,  # proven: see models.Status
               "bukan pelanggaran": "tidak_terbukti",
               "tidak terbukti": "tidak_terbukti", "sudah dijatuhi sanksi": "disanksi",
               "dijatuhi sanksi": "disanksi", "sudah disanksi": "disanksi", "direkomendasikan": "direkomendasikan"},
    "sanksi": {"pemberhentian tidak dengan hormat": "ptdh"},
    "sanksi_moral": {"pernyataan secara tertutup": "tertutup", "pernyataan secara terbuka": "terbuka",
                     "sanksi moral tertutup": "tertutup", "sanksi moral terbuka": "terbuka"},
    "pemilu": {},
    "pelanggaran": {},
}
# "Hukuman disiplin sedang", "Sanksi ringan", "HD berat", "Tingkat sedang": the level after these
_LEVEL_PREFIX = re.compile(r"^(hukuman disiplin|hukdis|hd|sanksi|tingkat|kategori)( tingkat)? ")
# An election written as its kind and year: "Pilkada Serentak 2024", "Pemilu Tahun 2019"
_KIND_WORDS = {"pilkada": "pilkada", "pemilihan": "pilkada", "pemilu": "pemilu"}
_YEAR = re.compile(r"\b(19|20)\d\d\b")


@dataclass(frozen=True)
class Entry:
    kode: str
    uraian: str = ""  # the description shown beside a suggestion


def entries(katalog: str) -> list[Entry]:
    """The entries of a catalog, as suggestions show them."""
    if katalog in ENUMS:
        return [Entry(v) for v in ENUMS[katalog]]
    if katalog == "pelanggaran":
        return [Entry(p.kode, p.uraian) for p in catalogs.pelanggaran_catalog().values()]
    if katalog == "pemilu":
        return [Entry(p.id, p.nama) for p in catalogs.pemilu_catalog().values()]
    from netralitas.wilayah import catalog

    return [Entry(w.kode, w.nama) for w in catalog().kabkota.values()]


# -- the user's words ----------------------------------------------------------------------------


def user_file() -> Path:
    return config_dir() / FILE


@cache
def user_words() -> dict[str, dict[str, tuple[str, str]]]:
    """katalog -> key of the user's text -> (code, the text as written)."""
    out: dict[str, dict[str, tuple[str, str]]] = {k: {} for k in KATALOG}
    path = user_file()
    if path.is_file():
        with open(path, encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f):
                kat, teks, kode = ((row.get(c) or "").strip() for c in ("katalog", "alias", "kode"))
                if kat in out and teks and kode:
                    out[kat][key(teks)] = (kode, teks)
    return out


def clear() -> None:
    """Forget what was read and resolved (after `alias` writes, and between tests)."""
    user_words.cache_clear()
    _MEMO.clear()


# -- resolving -----------------------------------------------------------------------------------

_MEMO: dict[tuple[str, str], str | LookupFailed] = {}
MEMO_SIZE = 50_000


def resolve(katalog: str, value: object) -> str:
    """The code `value` names in `katalog`; LookupFailed (unknown or ambiguous) otherwise."""
    memo_key = (katalog, str(value))
    found = _MEMO.get(memo_key)
    if found is None:
        try:
            found = _resolve(katalog, value)
        except LookupFailed as e:
            found = e
        if len(_MEMO) >= MEMO_SIZE:  # a file of ever-new text: memory stays bounded
            _MEMO.clear()
        _MEMO[memo_key] = found
    if isinstance(found, LookupFailed):
        raise LookupFailed(found.code, found.message, value)
    return found


def _resolve(katalog: str, value: object) -> str:
    if katalog == "wilayah":
        return _wilayah(value)
    direct = _direct(katalog, value)
    if direct is not None:
        return direct
    k = key(value)
    user = user_words()[katalog].get(k)
    if user is not None:
        return user[0]
    words = BUILT_IN.get(katalog, {})
    if k in words:
        return words[k]
    if katalog in ("sanksi",):
        bare = _LEVEL_PREFIX.sub("", k)
        if bare in vocab.TINGKAT:
            return bare
    candidates = _by_description(katalog, k)
    if len(candidates) == 1:
        return candidates[0]
    if len(candidates) > 1:
        listed = "; ".join(f"{e.kode} ({e.uraian})" if e.uraian else e.kode
                           for e in entries(katalog) if e.kode in candidates)
        raise LookupFailed(f"ambiguous-{katalog}", _("{text!r} may be any of: {listed}; give the code").format(
            text=str(value).strip(), listed=listed), value)
    raise unknown(katalog, value)


def _direct(katalog: str, value: object) -> str | None:
    """The catalog's own code, as the catalog reads it."""
    try:
        if katalog in ENUMS:
            return vocab.parse(ENUMS[katalog], value)
        if katalog == "pemilu":
            return catalogs.resolve_pemilu(value).id
        return catalogs.resolve_pelanggaran(value).kode
    except LookupFailed:
        return None


def _by_description(katalog: str, k: str) -> list[str]:
    if katalog == "pelanggaran":
        return [e.kode for e in entries(katalog) if key(e.uraian) == k]
    if katalog != "pemilu":
        return []
    named = [p.id for p in catalogs.pemilu_catalog().values() if key(p.nama) == k]
    if named:
        return named
    kinds = {_KIND_WORDS[w] for w in k.split() if w in _KIND_WORDS}
    year = _YEAR.search(k)
    if len(kinds) != 1 or year is None or "ulang" in k.split():
        return []
    kind = kinds.pop()
    return [p.id for p in catalogs.pemilu_catalog().values()
            if p.jenis == kind and p.pemungutan.year == int(year.group()) and not p.wilayah]


def _wilayah(value: object) -> str:
    from netralitas.wilayah import catalog

    try:
        return catalog().resolve_kab(value).kode
    except LookupFailed as e:
        if e.code != "unknown-wilayah" or _looks_like_code(value):
            raise
        close = _closest("wilayah", value)
        hint = alias_line("wilayah", value, close[0].kode if close else None)
        raise LookupFailed(e.code, f"{e.message}; {hint}", value) from None


def _looks_like_code(value: object) -> bool:
    return bool(re.fullmatch(r"\d{2}\.?\d{2}", str(value).strip()))


# -- what an unknown value says ------------------------------------------------------------------


def _closest(katalog: str, value: object, n: int = 3) -> list[Entry]:
    """The entries nearest to the text by code and by description (shared words count most)."""
    k = key(value)
    words = set(k.split())
    for phrase, also in _SAME.items():  # the words offices and the catalog use for one thing
        if phrase in f" {k} ":
            words |= set(also.split())
    scored = []
    for e in entries(katalog):
        code, desc = key(e.kode), key(e.uraian)
        shared = len(words & (set(code.split()) | set(desc.split()))) / max(len(words), 1)
        ratio = max(difflib.SequenceMatcher(None, k, code).ratio(),
                    difflib.SequenceMatcher(None, k, desc).ratio() if desc else 0.0)
        score = shared + ratio
        if score >= 0.45:
            scored.append((-score, e.kode, e))
    scored.sort(key=lambda t: t[1], reverse=True)  # a tie: the later code (pilkada-2024 before -2020)
    scored.sort(key=lambda t: t[0])
    return [e for _, _, e in scored[:n]]


_SAME = {" media sosial ": "medsos", " medsos ": "media sosial", " paslon ": "pasangan calon", " komentar ": "comment",
         " komen ": "comment", " p3k ": "pppk"}


def alias_line(katalog: str, value: object, kode: str | None) -> str:
    line = f"netralitas alias {katalog} {shlex.quote(' '.join(str(value).split()))} {kode or 'KODE'}"
    return _("if it is the office's own word for a code, map it once: {line}").format(line=line)


def _short(text: str, n: int = 48) -> str:
    return text if len(text) <= n else text[:n - 1].rstrip() + "…"


def unknown(katalog: str, value: object) -> LookupFailed:
    close = _closest(katalog, value)
    text = " ".join(str(value).split())
    shown = [f"{e.kode} ({_short(e.uraian)})" if e.uraian else e.kode for e in close]
    if katalog in ENUMS:
        message = _("{text!r} is not one of: {codes}").format(text=text, codes=", ".join(ENUMS[katalog]))
        code = "bad-enum"
    else:
        message = _("unknown {katalog} {text!r}").format(katalog=katalog, text=text)
        code = f"unknown-{katalog}"
    if shown:
        message += "; " + _("did you mean {entries}?").format(entries="; ".join(shown))
    elif katalog not in ENUMS:
        message += "; " + _("known: {codes}").format(codes=", ".join(e.kode for e in entries(katalog)))
    message += "; " + alias_line(katalog, value, close[0].kode if close else None)
    return LookupFailed(code, message, value)


# -- recording the user's words ------------------------------------------------------------------


def code_of(katalog: str, kode: str) -> str:
    """The catalog's code as given (a region by its code only); LookupFailed when it has none such."""
    kode = kode.strip()
    if katalog == "wilayah":
        from netralitas.wilayah import catalog

        cat = catalog()
        normal = f"{kode[:2]}.{kode[-2:]}" if re.fullmatch(r"\d{4}", kode) else kode
        if cat.get(normal) is None:
            raise LookupFailed("unknown-wilayah", _("no region has the code {kode}; `netralitas wilayah NAME` "
                                                    "finds it").format(kode=kode), kode)
        return normal
    known = [e.kode for e in entries(katalog)]
    found = next((c for c in known if c.lower() == kode.lower()), None)
    if found is None:
        raise LookupFailed(f"unknown-{katalog}", _("{kode!r} is not a code of {katalog}; the codes are: "
                                                   "{codes}").format(kode=kode, katalog=katalog,
                                                                     codes=", ".join(known)), kode)
    return found


def current(katalog: str, teks: str) -> str | None:
    """The code the text names today (None: unknown or for the user to decide); LookupFailed for
    a region name that names several."""
    try:
        return resolve(katalog, teks)
    except LookupFailed as e:
        if e.code.startswith("ambiguous-") and katalog == "wilayah":
            raise  # a region alias adds a candidate: it could never decide between them
        return None  # elsewhere the user's word comes first, so it decides


def add(katalog: str, teks: str, kode: str) -> tuple[str, str]:
    """Record the user's word `teks` for `kode`: ('baru' | 'sama', the code). Text that already
    names another code is refused (LookupFailed): a word never silently changes what it meant."""
    teks = " ".join(teks.split())
    if not key(teks):
        raise LookupFailed("bad-alias", _("the text to map is empty"), teks)
    kode = code_of(katalog, kode)
    now = current(katalog, teks)
    if now == kode:
        return "sama", kode
    if now is not None:
        raise LookupFailed("alias-conflict", _("{teks!r} already means {now} in {katalog}; a word keeps its "
                                               "meaning (edit {file} to change your own words)").format(
            teks=teks, now=now, katalog=katalog, file=user_file()), teks)
    if katalog == "wilayah":
        _append(config_dir() / WILAYAH_FILE, ["code", "alias"], [kode, teks])
        from netralitas.wilayah import catalog

        catalog.cache_clear()
    else:
        _append(user_file(), ["katalog", "alias", "kode"], [katalog, teks, kode])
    clear()
    return "baru", kode


def _append(path: Path, header: list[str], row: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    new = not path.is_file() or path.stat().st_size == 0
    ends_clean = new or path.read_bytes()[-1:] in (b"\n", b"\r")
    with open(path, "a", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        if new:
            w.writerow(header)
        elif not ends_clean:
            f.write("\n")
        w.writerow(row)


def listing() -> list[dict]:
    """The user's words of every catalog: katalog, alias, kode, what the code is, the file."""
    rows = []
    regions = config_dir() / WILAYAH_FILE
    if regions.is_file():
        from netralitas.wilayah import catalog

        cat = catalog()
        with open(regions, encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f):
                kode, teks = (row.get("code") or "").strip(), (row.get("alias") or "").strip()
                if kode and teks:
                    rows.append({"katalog": "wilayah", "alias": teks, "kode": kode, "nama": cat.nama(kode) or "",
                                 "berkas": str(regions)})
    names = {k: {e.kode: e.uraian for e in entries(k)} for k in KATALOG if k != "wilayah"}
    for kat, words in user_words().items():
        for kode, teks in words.values():
            rows.append({"katalog": kat, "alias": teks, "kode": kode, "nama": names.get(kat, {}).get(kode, ""),
                         "berkas": str(user_file())})
    return rows
