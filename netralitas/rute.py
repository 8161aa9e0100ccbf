"""Routes by actor (catalog `rute`, data/rute.yaml): who decides on a terlapor of each kind, and
which sanctions exist on that route; and the checks that a recorded sanction belongs to it.

ASN (PNS, PPPK, ASN not further known, and a terlapor whose kind is not recorded) go to the PPK:
the PP discipline levels under the law of the sanction's date (sanksi.yaml), PTDH and the moral
sanctions. TNI, Polri and village officials have routes and sanctions of their own; the criminal
route (Gakkumdu) is open to every kind.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

from netralitas import catalogs, vocab
from netralitas.errors import Problem
from netralitas.format import fmt_date
from netralitas.i18n import N_, _
from netralitas.paths import data_dir

PPK = "ppk"


@dataclass(frozen=True)
class Rute:
    kode: str
    nama: str
    jenis: tuple[str, ...]
    pemutus: str
    dasar: str | None
    tingkat: bool  # the PP levels, PTDH and moral sanctions apply (their types by the law of the date)
    sanksi: tuple[str, ...] | None  # the route's own types; None: free text

    def jenis_sanksi(self, text: str) -> str | None:
        """The route's wording of a sanction type, however closely `text` follows it."""
        key = catalogs.type_key(text)
        return next((s for s in self.sanksi or () if catalogs.type_key(s) == key), None)


@dataclass(frozen=True)
class Pasal:
    kode: str
    nama: str
    jenis_pemilu: str  # pemilu or pilkada
    jenis: tuple[str, ...]  # the kinds of terlapor the provision names


@dataclass(frozen=True)
class Pidana:
    nama: str
    dasar: dict[str, str]
    hasil: dict[str, str]  # code -> description
    urutan: dict[str, int]  # code -> order: an outcome is followed only by one of a higher order
    akhir: frozenset[str]  # outcomes that end the route
    pasal: dict[str, Pasal]


@cache
def katalog() -> tuple[dict[str, Rute], Pidana]:
    raw = catalogs._load_yaml(data_dir() / "rute.yaml")
    routes = {r["kode"]: Rute(r["kode"], r["nama"], tuple(r["jenis"]), r["pemutus"], r.get("dasar"),
                              bool(r.get("tingkat")), tuple(r["sanksi"]) if r.get("sanksi") else None)
              for r in raw["rute"]}
    p = raw["pidana"]
    pasal = {a["kode"]: Pasal(a["kode"], a["nama"], a["jenis_pemilu"], tuple(a["jenis"])) for a in p.get("pasal") or ()}
    return routes, Pidana(p["nama"], dict(p["dasar"]), {h["kode"]: h["nama"] for h in p["hasil"]},
                          {h["kode"]: int(h["urutan"]) for h in p["hasil"]},
                          frozenset(h["kode"] for h in p["hasil"] if h.get("akhir")), pasal)


def rute_catalog() -> dict[str, Rute]:
    return katalog()[0]


def pidana() -> Pidana:
    return katalog()[1]


def rute_of(jenis: str | None) -> Rute:
    """The route of a kind of terlapor; a terlapor whose kind is not recorded is taken as ASN."""
    routes = rute_catalog()
    for r in routes.values():
        if jenis in r.jenis:
            return r
    return routes[PPK]


def asn_jenis() -> tuple[str, ...]:
    """The kinds on the PPK route (besides a terlapor without jenis)."""
    return rute_catalog()[PPK].jenis


def _kind(jenis: str | None) -> str:
    return str(jenis).replace("_", " ") if jenis else "ASN"


# -- the checks a terlapor's sanction must pass (models.Terlapor calls them) ---------------------


@dataclass(frozen=True)
class Refusal:
    code: str
    message: str  # a template with {placeholders} from `values`
    values: dict


def level_refusal(jenis: str | None, level: str | None) -> Refusal | None:
    """A PP level (or PTDH) for a kind whose route has none."""
    return _off_route(jenis, level, N_("a {kind} terlapor has no PP discipline level: their route is {route}; record "
                                      "the sanction in sanksi_jenis, one of: {allowed}"))


def rekomendasi_refusal(jenis: str | None, level: str | None) -> Refusal | None:
    """A recommended PP level for a kind whose route has none: only the PPK route has levels."""
    r = rute_of(jenis)
    if level is None or r.tingkat:
        return None
    ppk = rute_catalog()[PPK]
    return Refusal("rekomendasi-not-in-route",
                   _("a recommended level ({level}) is for the PPK route only ({kinds}: {levels}); a {kind} "
                     "terlapor's route is {route}, which has no PP level: leave rekomendasi empty "
                     "(tanggal_rekomendasi and nomor_surat_rekomendasi record the recommendation)"),
                   {"level": level, "kinds": ", ".join(ppk.jenis), "levels": ", ".join(vocab.TINGKAT),
                    "kind": _kind(jenis), "route": r.nama})


def moral_refusal(jenis: str | None, moral: str | None) -> Refusal | None:
    return _off_route(jenis, moral, N_("moral sanctions (PP 42/2004) are for ASN; a {kind} terlapor's route is {route}: "
                                      "record the sanction in sanksi_jenis, one of: {allowed}"))


def _off_route(jenis: str | None, value: str | None, message: str) -> Refusal | None:
    """A PPK-route sanction (a level or a moral sanction) recorded for a kind whose route has none;
    `message` is marked with N_ and translated only when it refuses."""
    r = rute_of(jenis)
    if value is None or r.tingkat:
        return None
    return Refusal("sanksi-not-in-route", _(message), {"kind": _kind(jenis), "route": r.nama, "allowed": _allowed(r)})


def _allowed(r: Rute, tanggal: dt.date | None = None) -> str:
    if r.sanksi:
        return "; ".join(r.sanksi)
    if r.tingkat:
        rule = catalogs.sanksi_catalog().aturan_pada(tanggal) if tanggal else None
        rules = [rule] if rule else list(catalogs.sanksi_catalog().aturan)
        return " / ".join(f"{a.nama}: " + "; ".join(t for types in a.tingkat.values() for t in types) for a in rules)
    return _("free text")


def sanksi_jenis(jenis: str | None, text: str, earliest: dt.date | None, exact: bool) -> tuple[str, Refusal | None]:
    """Check a sanction type against the route of `jenis` and (PPK route) the law in force on
    `earliest`, the sanction's date (`exact`) or the earliest it can be (the incident's).

    Returns the type in the route's wording (or as given) and a refusal, if any."""
    r = rute_of(jenis)
    if r.sanksi:  # a closed list of the route's own
        own = r.jenis_sanksi(text)
        if own is None:
            return text, Refusal("sanksi-not-in-route",
                                 _("'{text}' is not a sanction of a {kind} terlapor's route ({route}); "
                                   "expected one of: {allowed}"),
                                 {"text": text, "kind": _kind(jenis), "route": r.nama, "allowed": _allowed(r)})
        return own, None
    if not r.tingkat:
        return text, None  # free text
    cat = catalogs.sanksi_catalog()
    rules = [a for a in cat.aturan if a.tingkat_of_jenis(text)]
    if rules:
        if earliest is None:
            return text, None
        possible = [a for a in cat.aturan if a.berlaku(earliest)] if exact else \
            [a for a in cat.aturan if a.sampai is None or a.sampai >= earliest]
        if any(a in possible for a in rules):
            return text, None
        rule = cat.aturan_pada(earliest)
        return text, Refusal("sanksi-not-in-law",
                             _("'{text}' is a sanction of {its}; {when} {rule} applied: one of {allowed}"),
                             {"text": text, "its": ", ".join(a.nama for a in rules), "rule": rule.nama,
                              "when": (_("on {date}") if exact else _("to an act of {date}")).format(
                                  date=fmt_date(earliest)),
                              "allowed": "; ".join(t for types in rule.tingkat.values() for t in types)})
    other = next((o for o in rute_catalog().values() if o.sanksi and o.jenis_sanksi(text)), None)
    if other is not None:  # another route's sanction, e.g. a village head's "pemberhentian sementara"
        return text, Refusal("sanksi-not-in-route",
                             _("'{text}' is a sanction of the {other} route, not of a {kind} terlapor's ({route}); "
                               "expected one of: {allowed}"),
                             {"text": text, "other": other.nama, "kind": _kind(jenis), "route": r.nama,
                              "allowed": _allowed(r, earliest if exact else None)})
    return text, None  # free text: PPPK types are set per agency


# -- checks that need the case: PTDH's form, the law by the incident date ----------------------


def ptdh_refusal(pelanggaran: str | None) -> str | None:
    """Why PTDH cannot be the sanction for this violation form, or None when it can."""
    cat = catalogs.sanksi_catalog()
    if not cat.ptdh_pelanggaran or pelanggaran in cat.ptdh_pelanggaran:
        return None
    return _("PTDH ({basis}) is prescribed for {forms}, not for {form}; record the level the PPK imposed").format(
        basis=cat.dasar_ptdh, forms=", ".join(cat.ptdh_pelanggaran), form=pelanggaran)


def case_problems(case: dict, people: list[dict], *, file: str | None = None, line: int | None = None,
                  lines: list[int | None] | None = None) -> list[Problem]:
    """Sanctions that contradict their case: PTDH for a form it is not prescribed for; a type of a
    law no longer (or not yet) in force for an act of the incident's date, when the sanction
    itself is undated."""
    out = []
    election = catalogs.pemilu_catalog().get(case.get("pemilu") or "")
    kejadian = case.get("tanggal_kejadian")
    kejadian = dt.date.fromisoformat(kejadian) if isinstance(kejadian, str) else kejadian
    for i, p in enumerate(people):
        where = lines[i] if lines else line
        prefix = f"terlapor[{i}]." if lines is not None else ""
        if p.get("sanksi") == "ptdh" and (why := ptdh_refusal(case.get("pelanggaran"))):
            out.append(Problem("ptdh-not-for-pelanggaran", why, prefix + "sanksi", "ptdh", file, where))
        why = pasal_problem(p.get("jenis"), election.jenis if election else None, p.get("pidana_pasal"))
        if why:
            out.append(Problem("pasal-not-for-terlapor", why, prefix + "pidana_pasal", p.get("pidana_pasal"),
                               file, where))
        if p.get("sanksi_jenis") and not p.get("tanggal_sanksi") and kejadian:
            _type, refusal = sanksi_jenis(p.get("jenis"), p["sanksi_jenis"], kejadian, exact=False)
            if refusal is not None:
                out.append(Problem(refusal.code, refusal.message.format(**refusal.values), prefix + "sanksi_jenis",
                                   p["sanksi_jenis"], file, where))
    return out


# -- the criminal route (Gakkumdu): outcome per terlapor, its order, the article -----------------


def pidana_hasil(value) -> str:
    """An outcome of the criminal route, by its code (case, spaces and hyphens ignored)."""
    from netralitas import vocab

    return vocab.parse(tuple(pidana().hasil), value)


def pidana_pasal(value) -> str:
    """An article of the criminal route: by its code or its catalog wording."""
    from netralitas import vocab
    from netralitas.errors import LookupFailed

    articles = pidana().pasal
    key = " ".join(str(value).lower().replace("jo.", "jo").split())
    for a in articles.values():
        if key == " ".join(a.nama.lower().replace("jo.", "jo").split()):
            return a.kode
    try:
        return vocab.parse(tuple(articles), value)
    except LookupFailed:
        raise LookupFailed("unknown-pasal", _("{value!r} is not an article of the criminal route; expected one of: "
                                              "{allowed}").format(value=str(value).strip(), allowed=_pasal_list()),
                           value) from None


def _pasal_list(articles=None) -> str:
    return "; ".join(f"{a.kode} ({a.nama})" for a in (articles if articles is not None else pidana().pasal.values()))


def pidana_forward(before: str | None, after: str) -> bool:
    """An outcome may stay, or move to one of a higher order; nothing follows an ending one."""
    if before is None or before == after:
        return True
    p = pidana()
    return before not in p.akhir and p.urutan[after] > p.urutan[before]


def pasal_problem(jenis: str | None, jenis_pemilu: str | None, kode: str | None) -> str | None:
    """Why an article does not fit a terlapor of `jenis` in an election of `jenis_pemilu`, or None."""
    if not kode:
        return None
    a = pidana().pasal.get(kode)
    if a is None:
        return None
    kind = jenis or "ASN"
    fitting = [x for x in pidana().pasal.values() if (jenis_pemilu is None or x.jenis_pemilu == jenis_pemilu)
               and kind in x.jenis]
    if (jenis_pemilu is None or a.jenis_pemilu == jenis_pemilu) and kind in a.jenis:
        return None
    return _("{pasal} does not apply to a {kind} terlapor in a {election}; expected one of: {allowed}").format(
        pasal=a.nama, kind=_kind(jenis), election=jenis_pemilu or a.jenis_pemilu,
        allowed=_pasal_list(fitting) if fitting else _("none in the catalog (leave pidana_pasal empty)"))


def is_asn(jenis: str | None) -> bool:
    return jenis is None or jenis in asn_jenis()

