"""The catalogs as parsed before: a command reads them without importing PyYAML.

Importing PyYAML is a good part of a small command's start, and a report reads three catalog files
(pemilu, pelanggaran, rute) and the user's own. What a file parsed to is kept as JSON (dates
tagged) in the user's cache directory ($NETRALITAS_CACHE_DIR, else the platform's), named by the
SHA-1 of the file's text and of the PyYAML that parsed it: a changed file, or another PyYAML, is
parsed again. Only data JSON gives back exactly is kept (text keys, no sets or bytes); anything
else, or a cache that cannot be written or read, is parsed each time, as before. Catalogs hold no
personal data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path
from typing import Callable

FORMAT = "1"  # the layout of a kept file: change it when _encode changes
_DATE, _TIME = "$date", "$datetime"


def cache_dir() -> Path:
    env = os.environ.get("NETRALITAS_CACHE_DIR")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("netralitas", appauthor=False))


def load(text: str, parse: Callable[[str], object]) -> object:
    """What `parse(text)` gives, from the cache when it was kept."""
    path = _path(text)
    if path is not None:
        try:
            with open(path, encoding="utf-8") as f:
                return json.load(f, object_hook=_decode)
        except (OSError, ValueError):
            pass
    data = parse(text)
    if path is not None:
        _keep(path, data)
    return data


def _path(text: str) -> Path | None:
    from importlib.util import find_spec

    spec = find_spec("yaml")
    if spec is None or not spec.origin:
        return None
    try:
        st = os.stat(spec.origin)
    except OSError:
        return None
    parser = f"{spec.origin}:{st.st_size}:{st.st_mtime_ns}"
    key = hashlib.sha1(f"{FORMAT}\0{parser}\0".encode() + text.encode("utf-8", "surrogatepass")).hexdigest()
    return cache_dir() / "katalog" / f"{key}.json"


def _keep(path: Path, data: object) -> None:
    try:
        text = json.dumps(_encode(data), ensure_ascii=False)
        if json.loads(text, object_hook=_decode) != data:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)  # whole or not at all: a reader never sees half a file
    except (TypeError, ValueError, OSError, RecursionError):
        pass


def _encode(value):
    if isinstance(value, dict):
        if not all(type(k) is str for k in value) or _DATE in value or _TIME in value:
            raise TypeError("not kept")
        return {k: _encode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dt.datetime):
        return {_TIME: value.isoformat()}
    if isinstance(value, dt.date):
        return {_DATE: value.isoformat()}
    if value is None or type(value) in (str, int, float, bool):
        return value
    raise TypeError("not kept")


def _decode(obj: dict):
    if len(obj) == 1:
        if _DATE in obj:
            return dt.date.fromisoformat(obj[_DATE])
        if _TIME in obj:
            return dt.datetime.fromisoformat(obj[_TIME])
    return obj
