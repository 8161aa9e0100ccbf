"""`kantor set|show`: the office that keeps this database."""

from typing import Annotated

import typer

from netralitas.cli.app import app
from netralitas.cli.options import Db, Format, db_path
from netralitas.i18n import _

group = typer.Typer(help=_("The office that keeps this database (its records carry it when merged elsewhere)."),
                    no_args_is_help=True)
app.add_typer(group, name="kantor")


@group.command("set", help=_("Say which office keeps this database; a change is kept in riwayat_catatan."))
def set_(nama: Annotated[str, typer.Option("--nama", help=_("Office name, e.g. 'Bawaslu Kabupaten Kutai Kartanegara'."))],
         wilayah: Annotated[str, typer.Option("--wilayah", help=_("Its region: kabupaten/kota or province code, name or alias (64.02, kukar, 64)."))],
         db: Db = None) -> None:
    from netralitas import kantor, render, store
    from netralitas.i18n import _

    office = kantor.set_kantor(store.open_db(db_path(db)), nama, wilayah)
    render.message(_("This database is kept by {nama} ({wilayah}).").format(**office))


@group.command("show", help=_("Show the office that keeps this database."))
def show(db: Db = None, fmt: Format("table", "json") = "table") -> None:
    from netralitas import kantor, render, store
    from netralitas.i18n import _

    office = kantor.get(store.open_db(db_path(db), create=False))
    if fmt == "json":
        render.print_json(office)
    elif office is None:
        render.message(_("No office set; `netralitas kantor set --nama … --wilayah …` sets it."))
    else:
        render.emit([office], ["nama", "wilayah", "updated_at"], "table")
