"""A cross-table (`report --by A,B`) as a pivot: A's values down, B's across, a total each way.

One measure per cell: terlapor when either dimension is a person's, else kasus. Rows in the
report's order, columns in the order B's values first appear; the total column is the row's
sum, the total row each column's sum, and the corner the report's own total (a case whose
terlapor fall in several cells is counted once there).
"""

from __future__ import annotations

from dataclasses import dataclass

from netralitas.vocab import PERSON_DIMS

TOTAL = "Total"


@dataclass
class Pivot:
    down: str  # the dimension of the rows
    across: str  # the dimension of the columns
    measure: str  # kasus or terlapor
    columns: list[str]  # the labels of `across`, in order
    rows: list[dict]  # {f"{down}_nama": label, <column label>: n, ..., TOTAL: n}
    total: dict  # the same keys, the totals

    @property
    def label(self) -> str:
        return f"{self.down}_nama"

    @property
    def keys(self) -> list[str]:
        return [self.label, *self.columns, TOTAL]

    def to_json(self) -> dict:
        return {"turun": self.down, "mendatar": self.across, "ukuran": self.measure, "kolom": self.columns,
                "rows": self.rows, "total": self.total}


def measure_of(by: list[str]) -> str:
    return "terlapor" if any(d in PERSON_DIMS for d in by) else "kasus"


def pivot(by: list[str], rows: list[dict], total: dict) -> Pivot:
    """Long rows (reports.labelled) of a two-dimension report as a pivot."""
    down, across = by
    measure = measure_of(by)
    label = f"{down}_nama"
    columns, grid = [], {}
    for r in rows:
        col = r[f"{across}_nama"]
        if col not in columns:
            columns.append(col)
        line = grid.setdefault(r[label], {label: r[label], TOTAL: 0})
        line[col] = line.get(col, 0) + r[measure]
        line[TOTAL] += r[measure]
    out = [{**{c: 0 for c in columns}, **line} for line in grid.values()]
    out = [{k: line[k] for k in [label, *columns, TOTAL]} for line in out]
    footer = {label: TOTAL, **{c: sum(line[c] for line in out) for c in columns}, TOTAL: total[measure]}
    return Pivot(down, across, measure, columns, out, footer)
