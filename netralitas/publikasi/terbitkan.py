"""`terbitkan`: write the published database and its Datasette metadata beside it."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from sqlite_utils import Database

from netralitas import safefile
from netralitas.publikasi import metadata, tabel


def metadata_path(out: Path) -> Path:
    return out.with_name(out.stem + ".metadata.json")


def own_publication(path: Path) -> bool:
    """Whether `path` is a database `terbitkan` wrote: it has the table `tentang` saying so, and no cases."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "tentang" not in tables or "kasus" in tables or "_sqlite_migrations" in tables:
                return False
            return conn.execute("SELECT 1 FROM tentang WHERE kunci = 'diterbitkan'").fetchone() is not None
        finally:
            conn.close()
    except sqlite3.Error:
        return False


def terbitkan(db: Database, out: Path, *, min_sel: int = 0,
              timpa: bool = False) -> tuple[dict[str, int], dict[str, dict[str, int]]]:
    """Write OUT (a new SQLite file of aggregates) and OUT's .metadata.json; rows per table and
    cells published empty per table (`tabel.write`).
    Both appear whole or not at all; an existing file is replaced only with `timpa`."""
    database = getattr(db, "netralitas_path", None)
    with safefile.output(out, overwrite=timpa, database=database, replaceable=own_publication) as tmp:
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            published = Database(conn)
            conn.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            conn.execute("BEGIN")
            written, hidden = tabel.write(db, published, min_sel=min_sel)
            tabel.about(db, published, min_sel=min_sel, hidden=hidden)
            conn.execute("COMMIT")
            conn.execute("VACUUM")
        finally:
            conn.close()
        meta = metadata.metadata(out.stem, min_sel=min_sel, hidden=hidden)
        with safefile.output(metadata_path(out), overwrite=timpa, database=database) as mtmp:
            mtmp.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return written, hidden
