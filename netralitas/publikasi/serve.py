"""Serve a published database read-only on localhost with Datasette (an optional extra)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

from netralitas.errors import RuntimeFailure
from netralitas.i18n import _

HOST = "127.0.0.1"


def available() -> bool:
    return importlib.util.find_spec("datasette") is not None


def command(db: Path, metadata: Path, *, port: int) -> list[str]:
    """The Datasette command line: immutable (read-only), on localhost only, with the metadata."""
    return [sys.executable, "-m", "datasette", "serve", "--immutable", str(db), "--metadata", str(metadata),
            "--host", HOST, "--port", str(port), "--setting", "sql_time_limit_ms", "2000"]


def serve(db: Path, metadata: Path, *, port: int) -> int:
    """Run Datasette until interrupted; its exit status."""
    if not available():
        raise RuntimeFailure(_("Datasette is not installed: pip install 'netralitas[publikasi]' (or serve the file "
                               "with any SQLite reader)"))
    try:
        return subprocess.call(command(db, metadata, port=port))
    except KeyboardInterrupt:
        return 0
