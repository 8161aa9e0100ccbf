"""The stages of a case (catalog `tahapan`): their order, and the state derived from them.

A case's life is a list of dated events (table `tahapan`), one per recorded stage. The current
state that reports count (a terlapor's `status`, `rekomendasi`, `sanksi` … and a case's stage
dates) is *derived* from the active events by `case_state` and `person_state`; the store keeps
that projection in the kasus and terlapor columns. Pure logic: no database here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache

from netralitas.errors import Problem
from netralitas.format import fmt_date
from netralitas.i18n import _
from netralitas.paths import data_dir


@dataclass(frozen=True)
class Tahap:
    kode: str
    nama: str
    tingkat: str  # "kasus" or "terlapor"
    urutan: int
    isian: tuple[str, ...] = ()  # what the event records besides its date
    berulang: bool = False  # may be recorded more than once (klarifikasi)
    akhir: bool = False  # the case ends here (tidak_diregistrasi)
    sejajar: bool = False  # a track beside the others (pidana): only the opening stage (diterima) orders it


@dataclass(frozen=True)
class Tenggat:
    kode: str
    nama: str
    dari: str  # the stage (or "diketahui") the deadline counts from
    sampai: tuple[str, ...]  # the stages that meet it
    jenis_pemilu: str | None = None  # pemilu / pilkada; None: both
    hari: int | None = None
    hari_kerja: int | None = None
    perpanjangan_hari: int | None = None
    perpanjangan_hari_kerja: int | None = None
    ppk: bool = False
    dasar: str = ""


@dataclass(frozen=True)
class Katalog:
    tahap: dict[str, Tahap]
    alasan: dict[str, str]
    hasil: dict[str, str]
    ke: dict[str, str]
    tenggat: tuple[Tenggat, ...]
    ppk_hari: int
    libur: frozenset[dt.date] = field(default_factory=frozenset)


@cache
def katalog() -> Katalog:
    import yaml

    with open(data_dir() / "tahapan.yaml", encoding="utf-8") as f:  # libyaml's loader when there: the same data, faster
        raw = yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    stages = {t["kode"]: Tahap(t["kode"], t["nama"], t["tingkat"], int(t["urutan"]), tuple(t.get("isian") or ()),
                               bool(t.get("berulang")), bool(t.get("akhir")), bool(t.get("sejajar")))
              for t in raw["tahap"]}
    deadlines = tuple(Tenggat(kode=t["kode"], nama=t["nama"], dari=t["dari"], sampai=tuple(t["sampai"]),
                              jenis_pemilu=t.get("jenis_pemilu"), hari=t.get("hari"), hari_kerja=t.get("hari_kerja"),
                              perpanjangan_hari=t.get("perpanjangan_hari"),
                              perpanjangan_hari_kerja=t.get("perpanjangan_hari_kerja"), ppk=bool(t.get("ppk")),
                              dasar=t.get("dasar", "")) for t in raw["tenggat"])
    libur = frozenset(d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d)) for d in raw.get("libur") or ())
    return Katalog(stages, dict(raw["alasan_tidak_diregistrasi"]), dict(raw["hasil_pleno"]), dict(raw["diteruskan_ke"]),
                   deadlines, int(raw["ppk_hari"]), libur)


CASE_STAGES = ("diterima", "registrasi", "tidak_diregistrasi", "klarifikasi", "diteruskan")
PERSON_STAGES = ("pleno", "rekomendasi", "sanksi", "tidak_ditindaklanjuti", "blokir", "pidana")

# The projection: columns of kasus and terlapor that the events determine.
CASE_STATE = ("tanggal_diketahui", "tanggal_diterima", "tanggal_registrasi", "tanggal_tidak_diregistrasi",
              "alasan_tidak_diregistrasi", "tanggal_klarifikasi", "tanggal_pleno", "diteruskan_ke",
              "tanggal_diteruskan", "nomor_surat")  # fmt: skip
PERSON_STATE = ("status", "rekomendasi", "tanggal_rekomendasi", "nomor_surat_rekomendasi", "sanksi", "sanksi_jenis",
                "sanksi_moral", "tanggal_sanksi", "nomor_sk", "tanggal_tidak_ditindaklanjuti", "tanggal_blokir",
                "pidana", "tanggal_pidana", "pidana_pasal")

# Which file columns carry which stage (the event's data key for each column).
CASE_GROUPS = {
    "diterima": {"tanggal_diterima": "tanggal", "tanggal_diketahui": "diketahui"},
    "registrasi": {"tanggal_registrasi": "tanggal"},
    "tidak_diregistrasi": {"tanggal_tidak_diregistrasi": "tanggal", "alasan_tidak_diregistrasi": "alasan"},
    "diteruskan": {"tanggal_diteruskan": "tanggal", "diteruskan_ke": "ke", "nomor_surat": "nomor_surat"},
}
PERSON_GROUPS = {
    "rekomendasi": {"tanggal_rekomendasi": "tanggal", "rekomendasi": "tingkat", "nomor_surat_rekomendasi": "nomor_surat"},
    "sanksi": {"tanggal_sanksi": "tanggal", "sanksi": "tingkat", "sanksi_jenis": "jenis", "sanksi_moral": "moral",
               "nomor_sk": "nomor_sk"},
    "tidak_ditindaklanjuti": {"tanggal_tidak_ditindaklanjuti": "tanggal"},
    "blokir": {"tanggal_blokir": "tanggal"},
    "pidana": {"tanggal_pidana": "tanggal", "pidana": "hasil", "pidana_pasal": "pasal"},  # the criminal route
}
SEP = " | "  # klarifikasi dates in one cell

STATUS_RANK = {"diproses": 0, "tidak_terbukti": 1, "direkomendasikan": 1, "disanksi": 2}


@dataclass
class Event:
    tahap: str
    tanggal: str | None  # ISO date; None when the record holds none (entered late, migrated)
    data: dict = field(default_factory=dict)
    terlapor_id: int | None = None
    id: int | None = None  # None until stored


def _latest(events: list[Event], tahap: str) -> Event | None:
    """The last recorded event of a stage: a later record of the same stage supersedes it."""
    found = [e for e in events if e.tahap == tahap]
    return found[-1] if found else None


def _last_of_each(events: list[Event]) -> dict[str, Event]:
    """Each stage's last recorded event (what `_latest` gives), in one pass."""
    last = {}
    for e in events:
        last[e.tahap] = e
    return last


def _columns_of(last: dict, columns: tuple, groups: dict) -> dict:
    """The state columns (all of `columns`, None where no event gives them) that the last event of
    each stage gives: its date, or a value of its data (`groups`: stage -> column -> "tanggal" or key)."""
    state = dict.fromkeys(columns)
    for stage, given in groups.items():
        event = last.get(stage)
        if event is not None:
            for column, key in given.items():
                state[column] = event.tanggal if key == "tanggal" else event.data.get(key)
    return state


def person_state(events: list[Event]) -> dict:
    """A terlapor's state from their active events, in recording order."""
    last = _last_of_each(events)
    state = _columns_of(last, PERSON_STATE, PERSON_GROUPS)
    if state["pidana"] and not state["pidana_pasal"]:  # a later outcome keeps the article already known
        state["pidana_pasal"] = next((e.data["pasal"] for e in reversed(events)
                                      if e.tahap == "pidana" and e.data.get("pasal")), None)
    pleno = last.get("pleno")
    if last.get("sanksi"):
        state["status"] = "disanksi"
    elif last.get("rekomendasi") or (pleno and pleno.data.get("hasil") == "terbukti"):
        state["status"] = "direkomendasikan"
    elif pleno and pleno.data.get("hasil") == "tidak_terbukti":
        state["status"] = "tidak_terbukti"
    else:
        state["status"] = "diproses"
    return state


def case_state(events: list[Event]) -> dict:
    """A case's stage columns from its active events (person events give the pleno date)."""
    own = [e for e in events if e.terlapor_id is None]
    state = _columns_of(_last_of_each(own), CASE_STATE, CASE_GROUPS)
    dates = sorted({e.tanggal for e in own if e.tahap == "klarifikasi" and e.tanggal})
    state["tanggal_klarifikasi"] = SEP.join(dates) or None
    # each terlapor's pleno (and the case's own, when no outcome was recorded) as last dated: a
    # later record supersedes an earlier one, as a stage's does
    plenos = {e.terlapor_id: e.tanggal for e in events if e.tahap == "pleno" and e.tanggal}
    state["tanggal_pleno"] = max(plenos.values()) if plenos else None
    return state


def current_stage(events: list[Event]) -> str | None:
    """The furthest stage recorded (by the catalog's order)."""
    order = katalog().tahap
    recorded = [e.tahap for e in events]
    return max(recorded, key=lambda t: order[t].urutan) if recorded else None


# -- checks ---------------------------------------------------------------------------------------


DATE_FIELD = {"diterima": "tanggal_diterima", "registrasi": "tanggal_registrasi",
              "tidak_diregistrasi": "tanggal_tidak_diregistrasi", "klarifikasi": "tanggal_klarifikasi",
              "pleno": "tanggal_pleno", "diteruskan": "tanggal_diteruskan", "rekomendasi": "tanggal_rekomendasi",
              "sanksi": "tanggal_sanksi", "tidak_ditindaklanjuti": "tanggal_tidak_ditindaklanjuti",
              "blokir": "tanggal_blokir", "pidana": "tanggal_pidana"}  # fmt: skip


def check_dates(events: list[Event], kejadian: str, today: dt.date, *, only: list[Event] | None = None,
                later: bool = False) -> list[Problem]:
    """Each event (of `only`, default all) against the incident, today and the other events:
    never before the incident or a stage it follows, never in the future, never a stage of the
    sequence after the case ended (`akhir`: not registered); with `later` (a stage entered after
    others), never after a later stage either, and never an end once a stage of the sequence
    follows it. A stage of the case is ordered against every person's stages, a person's stage
    against the case's and their own. A stage of a parallel track (`sejajar`: the criminal route)
    is ordered only against the case's opening (diterima), in either direction. The date the
    violation became known (diterima's `diketahui`) lies between the incident and the receipt."""
    order = katalog().tahap
    opening = min(t.urutan for t in order.values())
    out = []
    for event in events if only is None else only:
        field = DATE_FIELD[event.tahap]
        out += _closed(event, events, field, later)
        if event.tahap == "diterima" and event.data.get("diketahui"):
            out += _known(event.data["diketahui"], event.tanggal, kejadian, today)
        if not event.tanggal:
            continue
        if event.tanggal > today.isoformat():
            out.append(Problem("bad-tanggal", _("{tahap} on {date} is in the future").format(tahap=event.tahap, date=fmt_date(event.tanggal)), field, event.tanggal))
        if event.tanggal < kejadian:
            out.append(Problem("tahap-order", _("{tahap} on {date} is before the incident on {incident}").format(tahap=event.tahap, date=fmt_date(event.tanggal), incident=fmt_date(kejadian)),
                               field, event.tanggal))
        rank = order[event.tahap].urutan
        for e in events:
            if e is event or not e.tanggal or (event.terlapor_id is not None and e.terlapor_id not in (None, event.terlapor_id)):
                continue
            other = order[e.tahap].urutan
            if (order[e.tahap].sejajar or order[event.tahap].sejajar) and min(other, rank) != opening:
                continue  # a parallel track runs beside the stages after the opening, in either direction
            if other < rank and event.tanggal < e.tanggal:
                out.append(Problem("tahap-order", _("{tahap} on {date} is before {other} on {other_date}, the stage it follows").format(
                                                   tahap=event.tahap, date=fmt_date(event.tanggal), other=e.tahap, other_date=fmt_date(e.tanggal)), field, event.tanggal))
                break
            if later and other > rank and event.tanggal > e.tanggal:
                out.append(Problem("tahap-order", _("{tahap} on {date} is after {other} on {other_date}, a later stage").format(
                                                   tahap=event.tahap, date=fmt_date(event.tanggal), other=e.tahap, other_date=fmt_date(e.tanggal)), field, event.tanggal))
                break
    return out


def _known(diketahui: str, diterima: str | None, kejadian: str, today: dt.date) -> list[Problem]:
    """The date the violation became known: not before the incident, not after the receipt (nor,
    with no receipt dated, in the future)."""
    field = "tanggal_diketahui"
    if diketahui < kejadian:
        return [Problem("tahap-order", _("known on {date}, before the incident on {incident}").format(
            date=fmt_date(diketahui), incident=fmt_date(kejadian)), field, diketahui)]
    if diterima and diketahui > diterima:
        return [Problem("tahap-order", _("known on {date}, after the case was received on {received}").format(
            date=fmt_date(diketahui), received=fmt_date(diterima)), field, diketahui)]
    if diketahui > today.isoformat():
        return [Problem("bad-tanggal", _("known on {date}, in the future").format(date=fmt_date(diketahui)),
                        field, diketahui)]
    return []


def _follows_end(stage: str, end: str) -> bool:
    """Whether `stage` belongs after the end `end` (an `akhir` stage) in the sequence: one of its
    urutan or higher (an alternative to it, as registrasi is to tidak_diregistrasi, or later)."""
    order = katalog().tahap
    return stage != end and order[stage].urutan >= order[end].urutan


def _closed(event: Event, events: list[Event], field: str, later: bool) -> list[Problem]:
    """An event of the sequence beside the case's end (dated or not); with `later`, the end
    recorded after such an event too. The end is the case's own event, so every person's
    stages count."""
    order = katalog().tahap
    end = next((e for e in events if e is not event and order[e.tahap].akhir and _follows_end(event.tahap, e.tahap)), None)
    if end is not None:
        date = fmt_date(end.tanggal) if end.tanggal else _("date unknown")
        message = (_("the case was not registered ({date}); no later stage can follow. To correct it: "
                     "netralitas ubah NOMOR --batalkan-tahap tidak_diregistrasi").format(date=date) if later else
                   _("{tahap} cannot be recorded: the case was not registered ({date}); no later stage can follow").format(
                       tahap=event.tahap, date=date))
        return [Problem("tahap-closed", message, field, event.tanggal)]
    if later and order[event.tahap].akhir and any(e is not event and _follows_end(e.tahap, event.tahap) for e in events):
        return [Problem("tahap-order", _("the case already has later stages; it cannot be 'not registered'"), field,
                        event.tanggal)]
    return []


def check_new(event: Event, events: list[Event], *, kejadian: str, today: dt.date) -> list[Problem]:
    """Problems with recording `event` after the active `events` of its case (and person)."""
    cat = katalog()
    stage = cat.tahap[event.tahap]
    out = check_dates(events + [event], kejadian, today, only=[event], later=True)

    def problem(code: str, message: str) -> None:
        out.append(Problem(code, message, event.tahap, event.tanggal))

    if stage.tingkat == "terlapor":
        mine = [e for e in events if e.terlapor_id == event.terlapor_id]
        before = person_state(mine)["status"]
        after = person_state(mine + [event])["status"]
        if event.tahap == "pleno" and event.data.get("hasil") == "tidak_terbukti" and before != "diproses":
            after = "tidak_terbukti"
        if event.tahap == "pidana":
            from netralitas.rute import pidana_forward

            previous = _latest(mine, "pidana")
            was = previous.data.get("hasil") if previous else None
            if was and event.data.get("hasil") and not pidana_forward(was, event.data["hasil"]):
                problem("pidana-backwards", _("the criminal route is at {before}; {after} cannot follow it. To "
                                              "correct it: netralitas ubah NOMOR --batalkan-tahap pidana").format(
                    before=was, after=event.data["hasil"]))
        if not moves_forward(before, after):
            problem("status-backwards", _("this would move the status from {before} to {after}; a status never moves "
                                          "back except by a correction (netralitas ubah NOMOR --batalkan-tahap …)").format(
                                            before=before, after=after))
    return out


def moves_forward(before: str, after: str) -> bool:
    """diproses -> tidak_terbukti | direkomendasikan -> disanksi; staying is fine, sideways is not."""
    if before == after:
        return True
    return STATUS_RANK[after] > STATUS_RANK[before] and not (before == "tidak_terbukti")


# -- working days and deadlines -------------------------------------------------------------------


def add_days(start: dt.date, days: int, *, working: bool) -> dt.date:
    if not working:
        return start + dt.timedelta(days=days)
    libur = katalog().libur
    day, left = start, days
    while left > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5 and day not in libur:
            left -= 1
    return day


def due(t: Tenggat, start: dt.date, ppk_hari: int | None = None) -> tuple[dt.date, dt.date | None]:
    """The deadline counted from `start`, and its extended bound when more information is needed."""
    if t.ppk:
        return start + dt.timedelta(days=ppk_hari if ppk_hari is not None else katalog().ppk_hari), None
    main = add_days(start, t.hari_kerja, working=True) if t.hari_kerja else add_days(start, t.hari or 0, working=False)
    longer = None
    if t.perpanjangan_hari_kerja:
        longer = add_days(start, t.perpanjangan_hari_kerja, working=True)
    elif t.perpanjangan_hari:
        longer = add_days(start, t.perpanjangan_hari, working=False)
    return main, longer
