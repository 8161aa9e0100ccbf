"""netralitas: records of ASN neutrality violations in Indonesian elections."""

__version__ = "0.1.0"

import sys as _sys


class _SqliteUtilsWithoutNumpy:
    """sqlite-utils imports numpy and pandas, if installed, while its module loads, only to convert
    their values on insert; netralitas never inserts them, and numpy alone costs about 100 ms of
    every command's start. While `sqlite_utils.db` loads (it is in sys.modules, its Database not
    yet defined) they are reported missing; any later import of them (matplotlib) is untouched."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        if name in ("numpy", "pandas"):
            loading = _sys.modules.get("sqlite_utils.db")
            if loading is not None and not hasattr(loading, "Database"):
                raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


_sys.meta_path.insert(0, _SqliteUtilsWithoutNumpy())
