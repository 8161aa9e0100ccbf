"""Options shared by several commands, declared once."""

import functools
import inspect
from pathlib import Path
from typing import Annotated, Callable, Optional

import typer

from netralitas import vocab
from netralitas.i18n import _

# The largest values a number option takes: a day count of a century, a count or limit of a billion.
# Beyond them a value could not reach a date or SQLite anyway; a usage error says so (exit 2).
MAX_DAYS = 36_500
MAX_COUNT = 1_000_000_000


def resolving(fn: Callable):
    """A Typer callback resolving each value with fn; a LookupFailed becomes a usage error (2)."""

    def callback(value):
        from netralitas.errors import LookupFailed

        if value is None or value == []:
            return value
        try:
            if isinstance(value, (list, tuple)):
                return [fn(v) for v in value]
            return fn(value)
        except LookupFailed as e:
            raise typer.BadParameter(e.message) from None

    return callback


def _kab(v):
    from netralitas.wilayah import catalog

    return catalog().resolve_kab(v).kode


def _prov(v):
    from netralitas.wilayah import catalog

    return catalog().resolve_prov(v).kode


def _pemilu(v):
    from netralitas.aliases import resolve

    return resolve("pemilu", v)  # an id, or the election's name or kind and year


def _pelanggaran(v):
    from netralitas.aliases import resolve

    return resolve("pelanggaran", v)


def _sumber(v):
    from netralitas.aliases import resolve

    return resolve("sumber", v)  # temuan, laporan, or TM/LP


def _tanggal(v):
    from netralitas.dates import parse_tanggal

    return parse_tanggal(v)


def _nip(v):
    from netralitas.nip import check_nip

    return check_nip(v)


def _asal(v):
    from netralitas.kantor import resolve_wilayah
    from netralitas.seleksi import SENDIRI

    return SENDIRI if str(v).strip().lower() == SENDIRI else resolve_wilayah(v)


def _enum(values: tuple[str, ...], value) -> str:
    from netralitas.aliases import ENUMS, resolve

    katalog = next((name for name, members in ENUMS.items() if members == values), None)
    return resolve(katalog, value) if katalog else vocab.parse(values, value)


def enum_of(values: tuple[str, ...]):
    """A vocabulary's member, named as imports accept it: the code, or an office word (LP, TM, PPPK …)."""
    return functools.partial(_enum, values)


def choices(values) -> str:
    """Choices for help text: comma-separated, so a narrow terminal wraps between codes, never inside one."""
    return ", ".join(values)


def opt(*names: str, help: str, parse=None):
    """An optional text option, resolved by `parse` (a LookupFailed becomes a usage error)."""
    return Annotated[Optional[str], typer.Option(*names, help=help, callback=resolving(parse) if parse else None)]


# The fields of a case and a terlapor as options: `add` logs them, `ubah` corrects them.
Sumber = opt("--sumber", help=_("{choices}.").format(choices=choices(vocab.SUMBER)), parse=enum_of(vocab.SUMBER))
Pemilu = opt("--pemilu", help=_("Election id, e.g. pilkada-2024."), parse=_pemilu)
Kab = opt("--kab", help=_("Kabupaten/kota where it happened: code, name or alias."), parse=_kab)
Kecamatan = opt("--kecamatan", help=_("Kecamatan (district) name."))
Tanggal = opt("--tanggal", help=_("Incident date: 2024-10-04, 04/10/2024 or '4 Oktober 2024'."), parse=_tanggal)
Pelanggaran = opt("--pelanggaran", help=_("Violation form code (see `netralitas pelanggaran`)."), parse=_pelanggaran)
Uraian = opt("--uraian", help=_("What happened."))
Nama = opt("--nama", help=_("Terlapor name (personal data)."))
Nip = opt("--nip", help=_("Terlapor NIP, 18 digits (personal data)."), parse=_nip)
JenisTerlapor = opt("--jenis", help=_("{choices}.").format(choices=choices(vocab.JENIS)), parse=enum_of(vocab.JENIS))
Jabatan = opt("--jabatan", help=_("Position."))
KategoriJabatan = opt("--kategori-jabatan", help=_("{choices}.").format(choices=choices(vocab.KATEGORI_JABATAN)),
                      parse=enum_of(vocab.KATEGORI_JABATAN))
Instansi = opt("--instansi", help=_("Agency or unit (OPD)."))


Db = Annotated[
    Optional[Path],
    typer.Option("--db", envvar="NETRALITAS_DB", show_envvar=True, dir_okay=False,
                 help=_("SQLite database file. Default: $NETRALITAS_DB, else netralitas.db in the user data directory.")),
]


def db_path(option: Optional[Path]) -> Path:
    from netralitas.paths import resolve_db_path

    return resolve_db_path(option)


def Format(*formats: str, default: str = "table"):  # noqa: N802  (a type factory)
    return Annotated[
        str,
        typer.Option("--format", "-f", help=_("Output format: {choices}.").format(choices=choices(formats)),
                     callback=resolving(enum_of(formats))),
    ]


Excel = Annotated[bool, typer.Option("--excel", help=_("With --format csv: semicolons, UTF-8 with a BOM, CRLF and decimal commas, as Excel with Indonesian regional settings opens it."))]


def csv_excel(fmt: str, excel: bool) -> None:
    """--excel shapes CSV only: with another format it is a usage error."""
    if excel and fmt != "csv":
        raise typer.BadParameter(_("--excel goes with --format csv"), param_hint="--excel")


# -- the selection filters of list, report, export and digest -----------------------------------

FILTERS = {
    "kab": Annotated[Optional[list[str]], typer.Option("--kab", help=_("Kabupaten/kota: code, name or alias (repeatable)."), callback=resolving(_kab))],
    "prov": Annotated[Optional[list[str]], typer.Option("--prov", help=_("Province: code, name or alias (repeatable)."), callback=resolving(_prov))],
    "pemilu": Annotated[Optional[list[str]], typer.Option("--pemilu", help=_("Election id, e.g. pilkada-2024 (repeatable)."), callback=resolving(_pemilu))],
    "sumber": Annotated[Optional[list[str]], typer.Option("--sumber", help=_("{choices} (repeatable).").format(choices=choices(vocab.SUMBER)), callback=resolving(enum_of(vocab.SUMBER)))],
    "pelanggaran": Annotated[Optional[list[str]], typer.Option("--pelanggaran", help=_("Violation form code (repeatable); see `netralitas pelanggaran`."), callback=resolving(_pelanggaran))],
    "status": Annotated[Optional[list[str]], typer.Option("--status", help=_("Terlapor status: {choices} (repeatable).").format(choices=choices(vocab.STATUS)), callback=resolving(enum_of(vocab.STATUS)))],
    "jenis": Annotated[Optional[list[str]], typer.Option("--jenis", help=_("Terlapor kind: {choices} (repeatable).").format(choices=choices(vocab.JENIS)), callback=resolving(enum_of(vocab.JENIS)))],
    "dari": Annotated[Optional[str], typer.Option("--dari", help=_("Incidents on or after this date."), callback=resolving(_tanggal))],
    "sampai": Annotated[Optional[str], typer.Option("--sampai", help=_("Incidents on or before this date."), callback=resolving(_tanggal))],
    "asal": Annotated[Optional[list[str]], typer.Option("--asal", help=_("Records merged from this office (gabung): its region code, name or alias; 'sendiri' for this office's own (repeatable)."), callback=resolving(_asal))],
}


def with_seleksi(fn: Callable, filters: dict | None = None) -> Callable:
    """Add the selection filters (default: all of FILTERS) to a command; it receives them as one
    `seleksi` argument."""
    filters = FILTERS if filters is None else filters
    sig = inspect.signature(fn)
    own = [p for p in sig.parameters.values() if p.name != "seleksi"]
    added = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=ann, default=None)
             for name, ann in filters.items()]

    @functools.wraps(fn)
    def command(*args, **kwargs):
        from netralitas.seleksi import Seleksi

        values = {name: kwargs.pop(name) for name in filters}
        if values.get("dari") and values.get("sampai") and str(values["dari"]) > str(values["sampai"]):
            raise typer.BadParameter(_("{dari} is after --sampai {sampai}: no date is in that range").format(
                dari=values["dari"], sampai=values["sampai"]), param_hint="--dari")
        seleksi = Seleksi(**{k: (tuple(v) if isinstance(v, list) else v) for k, v in values.items() if v})
        return fn(*args, seleksi=seleksi, **kwargs)

    command.__signature__ = sig.replace(parameters=own + added)
    command.__annotations__ = {**{k: v for k, v in fn.__annotations__.items() if k != "seleksi"}, **filters}
    return command


def ask(label: str, parse=None, offered=(), *, optional: bool = False):
    """Ask on the terminal until the answer parses; with `optional`, Enter skips (None)."""
    from netralitas import render
    from netralitas.errors import LookupFailed

    if offered:
        render.message(f"{label}: {', '.join(offered)}")
    while True:
        answer = typer.prompt(label + (_(" (Enter: skip)") if optional else ""), default="" if optional else None,
                              show_default=False)
        if optional and not answer.strip():
            return None
        try:
            return parse(answer) if parse else answer.strip()
        except LookupFailed as e:
            render.message(f"  {e.message}")
# The filters that apply to records beside the cases (activities, monitoring, recaps).
WILAYAH_FILTERS = {
    "kab": FILTERS["kab"], "prov": FILTERS["prov"], "pemilu": FILTERS["pemilu"],
    "dari": Annotated[Optional[str], typer.Option("--dari", help=_("Records dated on or after this date."), callback=resolving(_tanggal))],
    "sampai": Annotated[Optional[str], typer.Option("--sampai", help=_("Records dated on or before this date."), callback=resolving(_tanggal))],
}


def with_wilayah_seleksi(fn: Callable) -> Callable:
    return with_seleksi(fn, WILAYAH_FILTERS)
