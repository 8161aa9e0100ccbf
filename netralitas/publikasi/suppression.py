"""Small cells of the published tables: hidden, and not to be found again from the sums they are in.

Primary suppression: a count from 1 to min_sel-1 could point at a person; it is published empty.

Complementary (secondary) suppression: the published counts are tied by sums, and a sum whose
cells are all known but one gives that one back. The sums (`equations`):

- within a row: kasus = temuan + laporan; terlapor = terbukti + tidak_terbukti (where no terlapor
  of the row is still in process); disanksi = ringan + sedang + berat + ptdh (where every sanctioned
  terlapor of the row has a level). A sum that does not hold in a row gives nothing back there;
- across rows: the rows of a table that counts each case (each terlapor, for the person counts of
  `jenis` and `sanksi`) once add up to the grand total, which is not a cell of its own but is known
  as soon as one table's column is published whole (a table of one row, `kasus_per_asal` of a
  single office, publishes every grand total as it is); a region's and a province's rows add up
  to its province's row, the (region or province, election) rows to the region's, province's and
  election's rows.

Bounds: every hidden count is at least 1 to whoever does not know which is which, and zeros are
published. So a sum whose total is known and whose k >= 2 unknown parts add up to exactly k gives
each of them back as 1 (three hidden months beside months of 0, with the total 3 published in
another table); one whose unknown parts add up to 0 gives each back as 0. Such a sum counts as
giving its unknown cells back, as a sum with one unknown cell does.

A value learnt from one sum is known in the next, so the check repeats until nothing new is
learnt. While some hidden count can be learnt, the sum that gives it back gets one more cell hidden:
its smallest published cell above zero (a zero only when there is none: k+1 unknown cells adding up
to k are no longer all 1; the grand total, when it is the only other cell, is made unknowable by the
same rule in the sums that gave it). Ties go to the first cell in table order, so the result is the
same on every run. The work is proportional to the published cells, never to the cases.

What this does not claim: an attacker who reasons with ranges (a hidden cell is between 1 and
min_sel-1) may still narrow a hidden cell down to a few values, and one who solves several sums
together as a system may do more than repeated subtraction; the rule closes exact recovery from
one sum at a time, by subtraction or by the lower bound.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

Cell = tuple  # (table, row index, count); the grand total of a count is ("", 0, count)

ROW_SUMS = (("kasus", ("temuan", "laporan")),
            ("terlapor", ("terbukti", "tidak_terbukti")),
            ("disanksi", ("ringan", "sedang", "berat", "ptdh")))
CASE_COUNTS = ("kasus", "temuan", "laporan")


@dataclass(frozen=True)
class Table:
    """One published table of counts: its rows, the dimensions it counts by, the counts that
    add up over its rows to the grand total (none: the rows add up to nothing published)."""

    name: str
    rows: list[dict]
    by: tuple[str, ...]
    counts: tuple[str, ...]
    partition: tuple[str, ...] = ()


def _coarse(dim: str, fine: tuple[str, ...]):
    """How a row counted by `fine` dimensions names its value of `dim`, or None if it cannot."""
    if dim in fine:
        return lambda row: row[dim]
    if dim == "provinsi" and "wilayah" in fine:
        return lambda row: row["wilayah"][:2] if row["wilayah"] else None
    return None


def equations(tables: list[Table]) -> list[tuple[Cell, ...]]:
    """Every sum tying the cells: (total, part, part, …), with the values as they truly are."""
    out: list[tuple[Cell, ...]] = []
    for t in tables:
        for i, row in enumerate(t.rows):
            for total, parts in ROW_SUMS:
                if total in t.counts and all(p in t.counts for p in parts) and \
                        (row[total] or 0) == sum(row[p] or 0 for p in parts):
                    out.append(((t.name, i, total), *((t.name, i, p) for p in parts)))
        for c in t.partition if t.rows else ():
            out.append((("", 0, c), *((t.name, i, c) for i in range(len(t.rows)))))
    for whole in tables:  # a coarser table's row is the sum of a finer table's rows
        for fine in tables:
            if whole is fine or not whole.by or not whole.partition or set(whole.by) == set(fine.by):
                continue
            keys = [_coarse(d, fine.by) for d in whole.by]
            if any(k is None for k in keys):
                continue
            index = {tuple(r[d] for d in whole.by): i for i, r in enumerate(whole.rows)}
            groups: dict[int, list[int]] = {}
            for j, r in enumerate(fine.rows):
                i = index.get(tuple(k(r) for k in keys))
                if i is not None:
                    groups.setdefault(i, []).append(j)
            for c in whole.partition:
                if c not in fine.partition:
                    continue
                for i, parts in groups.items():
                    out.append(((whole.name, i, c), *((fine.name, j, c) for j in parts)))
    return out


def values(tables: list[Table]) -> dict[Cell, int]:
    """Every cell's true value, the grand totals included."""
    out = {(t.name, i, c): row[c] or 0 for t in tables for i, row in enumerate(t.rows) for c in t.counts}
    for t in tables:
        for c in t.partition:
            out.setdefault(("", 0, c), sum(row[c] or 0 for row in t.rows))
    return out


def derivable(known: set[Cell], eqs: list[tuple[Cell, ...]], value: dict[Cell, int]) -> dict[Cell, int]:
    """The cells learnt from `known`, repeated: cell -> the equation that gave it. An equation gives
    its one unknown cell by subtraction; with its total known, it gives all its k >= 2 unknown parts
    when they add up to k (each hidden count is at least 1, so each is 1) or to 0."""
    known = set(known)
    uses: dict[Cell, list[int]] = {}
    missing, rest = [], []
    for n, eq in enumerate(eqs):
        unknown = [c for c in eq if c not in known]
        missing.append(len(unknown))
        rest.append(sum(value[c] for c in unknown if c != eq[0]))  # the unknown parts' sum
        for c in unknown:
            uses.setdefault(c, []).append(n)
    queue = deque(n for n in range(len(eqs)) if _gives(n, eqs, missing, rest, known))
    how: dict[Cell, int] = {}
    while queue:
        n = queue.popleft()
        if not _gives(n, eqs, missing, rest, known):
            continue
        for cell in [c for c in eqs[n] if c not in known]:
            known.add(cell)
            how[cell] = n
            for m in uses.get(cell, ()):
                missing[m] -= 1
                if cell != eqs[m][0]:
                    rest[m] -= value[cell]
                if _gives(m, eqs, missing, rest, known):
                    queue.append(m)
    return how


def _gives(n: int, eqs, missing: list[int], rest: list[int], known: set[Cell]) -> bool:
    """Whether equation `n` gives its unknown cells back (see `derivable`)."""
    return missing[n] == 1 or (missing[n] > 1 and eqs[n][0] in known and rest[n] in (0, missing[n]))


def suppress(tables: list[Table], min_sel: int) -> tuple[set[Cell], set[Cell]]:
    """The cells to publish empty: (primary, complementary)."""
    value = values(tables)
    real = [c for c in value if c[0]]
    order = {c: n for n, c in enumerate(real)}
    primary = {c for c in real if 0 < value[c] < min_sel}
    if not primary:
        return primary, set()
    eqs = equations(tables)
    hidden = set(primary)
    while True:
        how = derivable({c for c in real if c not in hidden}, eqs, value)
        tainted: set[Cell] = set()
        leaks = []
        for cell, n in how.items():  # in the order they were learnt
            if any(o in hidden or o in tainted for o in eqs[n] if how.get(o) != n):
                tainted.add(cell)
            elif cell in hidden:
                leaks.append(cell)
                tainted.add(cell)
        if not leaks:
            return primary, hidden - primary
        before = len(hidden)
        for cell in leaks:
            _block(how[cell], how, eqs, value, order, hidden)
        if len(hidden) == before:  # nothing left to hide: every cell of those sums is hidden already
            return primary, hidden - primary


def _block(n: int, how: dict, eqs, value: dict, order: dict, hidden: set) -> None:
    """Hide one more cell of equation `n`, which gave cells back."""
    others = [o for o in eqs[n] if how.get(o) != n]
    candidates = [o for o in others if o[0] and o not in hidden]
    if any(o in hidden for o in others if o[0]):
        return  # already blocked in this round
    if candidates:
        hidden.add(min(candidates, key=lambda o: (value[o] == 0, value[o], order[o])))
        return
    for o in others:  # only the grand total: make it unknowable where it was learnt
        if o in how:
            _block(how[o], how, eqs, value, order, hidden)
