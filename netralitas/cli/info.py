"""`info`: which database and files netralitas uses, and what the database holds."""

import typer

from netralitas.cli.app import app
from netralitas.cli.options import Db, Format, db_path

from netralitas.i18n import _

@app.command(help=_("Show the database in use (and how it was chosen), its contents, and the config files read."))
def info(ctx: typer.Context, db: Db = None, fmt: Format("table", "json") = "table") -> None:
    from netralitas import render, store
    from netralitas.paths import config_dir, data_dir

    path = db_path(db)
    source = ctx.get_parameter_source("db")
    chosen = "default" if not db else "NETRALITAS_DB" if source and source.name == "ENVIRONMENT" else "--db"
    data = {"database": str(path), "dipilih_oleh": chosen, "ada": path.exists()}
    if path.exists():
        data["ukuran_bytes"] = path.stat().st_size
        data.update(store.info(store.open_db(path)))
    cfg = config_dir()
    data["config_dir"] = str(cfg)
    data["file_pengguna"] = [str(cfg / n) for n in ("aliases.csv", "kosakata.csv", "pemilu.yaml", "pelanggaran.yaml") if (cfg / n).is_file()]
    data["data_dir"] = str(data_dir())
    if fmt == "json":
        render.print_json(data)
        return
    from netralitas.format import fmt_int

    def shown(v):  # for a person: yes/no, 188.416, lists joined; dates and times by render (4 Oktober 2024)
        if isinstance(v, bool):
            return _("yes") if v else _("no")
        if isinstance(v, int):
            return fmt_int(v)
        return ", ".join(map(str, v)) if isinstance(v, list) else v

    rows = [{"": k, "nilai": shown(v)} for k, v in data.items()]
    render.emit(rows, ["", "nilai"], "table", title="netralitas info")
    if not path.exists():
        render.message(_("The database does not exist yet; `netralitas add` or `netralitas import` creates it."))
