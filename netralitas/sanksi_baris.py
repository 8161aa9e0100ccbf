"""The rows of `report --by sanksi` (terlapor and kasus per row) from the per-case counts.

Each person is in one row: the imposed level (or PTDH), else a moral sanction only, else
sanctioned without a recorded level, else not (yet) sanctioned; a case is in the row of each of
its terlapor, and in the last row when it has none. kasus.n_ringan .. n_ptdh, n_moral_saja,
n_tanpa_tingkat and n_belum_sanksi hold exactly that per case, so one pass over the report's
covering index gives the table the summary and the digest show, not a join of every terlapor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from netralitas import reports
from netralitas.seleksi import Seleksi

if TYPE_CHECKING:
    from sqlite_utils import Database

# row of the table -> its per-case count
_COUNTS = {"ringan": "n_ringan", "sedang": "n_sedang", "berat": "n_berat", "ptdh": "n_ptdh",
           "moral": "n_moral_saja", "tanpa_tingkat": "n_tanpa_tingkat", None: "n_belum_sanksi"}
# The sums the table is made of, over cases k: per row its terlapor and its kasus; last, every
# terlapor (those in no row have a level outside the vocabulary). Sums of a grouped pass add up to them.
# A count of cases is COUNT(*) FILTER: most cases have no one in a given row, and SQLite then skips
# the aggregate step (about half the cost of SUM(k.n_x > 0) per case).
SUMS = (*(s for c in _COUNTS.values() if c != "n_belum_sanksi"
          for s in (f"SUM(k.{c})", f"COUNT(*) FILTER (WHERE k.{c} > 0)")),
        "SUM(k.n_belum_sanksi)", "COUNT(*) FILTER (WHERE k.n_belum_sanksi > 0 OR k.n_terlapor = 0)",
        "SUM(k.n_terlapor)")


def rows(db: Database, seleksi: Seleksi) -> list[dict]:
    """Per row of SANKSI_ROWS and the not-sanctioned row: sanksi, sanksi_nama, terlapor, kasus."""
    counted = None if seleksi.per_person else _counted(db, seleksi)
    if counted is None:  # person filters, or a level outside the vocabulary: the person-level query
        found = reports.labelled(reports.aggregate(db, seleksi, ["sanksi"]), ["sanksi"])
        return [{k: r[k] for k in ("sanksi", "sanksi_nama", "terlapor", "kasus")} for r in found]
    return _rows(counted)


def from_sums(sums: list[int]) -> list[dict] | None:
    """The rows from the values of SUMS (a grouped pass's, added up); None when someone's level is
    outside the vocabulary (then `rows` asks the persons)."""
    counted = _by_row(sums)
    return None if counted is None else _rows(counted)


def _rows(counted: dict) -> list[dict]:
    return [{"sanksi": s, "sanksi_nama": reports.label("sanksi", s), "terlapor": counted[s][0], "kasus": counted[s][1]}
            for s in (*reports.SANKSI_ROWS, None)]


def _counted(db: Database, seleksi: Seleksi) -> dict | None:
    where, params = seleksi.kasus_where()
    row = db.execute(f"SELECT {', '.join(f'COALESCE({s}, 0)' for s in SUMS)} FROM kasus k WHERE {where}",
                     params).fetchone()
    return _by_row(row)


def _by_row(row) -> dict | None:
    assert tuple(k for k in _COUNTS if k) == reports.SANKSI_ROWS
    if row[-1] != sum(row[0:-1:2]):  # someone whose level is none of the vocabulary's (an older file)
        return None
    return {s: (row[2 * i], row[2 * i + 1]) for i, s in enumerate(_COUNTS)}
