"""Where netralitas finds its catalogs, the user's own files and the database."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

APP = "netralitas"


@cache
def data_dir() -> Path:
    """The shipped catalogs: inside the installed package, or data/ of a source checkout."""
    packaged = Path(__file__).parent / "data"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "data"


def config_dir() -> Path:
    """The user's own aliases, elections and overrides (NETRALITAS_CONFIG_DIR wins)."""
    env = os.environ.get("NETRALITAS_CONFIG_DIR")
    if env:
        return Path(env)
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP, appauthor=False))


def default_db_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP, appauthor=False)) / "netralitas.db"


def resolve_db_path(option: str | Path | None) -> Path:
    """--db, else NETRALITAS_DB, else a file in the user's data directory."""
    if option:
        return Path(option)
    env = os.environ.get("NETRALITAS_DB")
    if env:
        return Path(env)
    return default_db_path()
