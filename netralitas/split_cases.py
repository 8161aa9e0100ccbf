"""A large YAML file's cases parsed by a forked child, and checked by both processes.

A file of at least SPLIT bytes, on a machine with a second CPU, is parsed by a child
that also checks one block of every CYCLE (BLOCK cases each) and sends, in the file's order,
either a case to check or the staging records of a case it checked; the importer checks the
others and stages everything as it comes, so temp.staging holds what one process would have
staged, in the same order. The child's share of the counts, problems and date warnings joins the
importer's at the end (`FileResult.absorb`), before a refusal of the file is raised again: in
line order, as one process would have found them.

The child reads the file by its path (the importer does not read it at all).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator

from netralitas import forked
from netralitas.yaml_reader import AHEAD_BATCH, read_yaml

SPLIT = 1 << 20  # bytes: a smaller file is parsed and checked in-process
BLOCK = 250  # cases: the unit shared out
CYCLE = 2  # the child checks the last block of every CYCLE (it also parses them all)

Check = Callable[[int, int, dict, dict], Iterator[tuple[int, tuple]]]  # (entry, line, case, lines) -> records


def records(path: Path, check: Check, result, key: str = "kasus", split: bool = True) -> Iterator[tuple[int, tuple]]:
    """The staging records of every case of the file, in its order; `check` counts into `result`
    (a FileResult) and yields one case's records. `split` False: in this process, whatever the size."""
    if not split or path.stat().st_size < SPLIT or not forked.second_cpu():
        for entry, (line, case, lines) in enumerate(read_yaml(path, key)):
            yield from check(entry, line, case, lines)
        return
    for item in forked.ahead(lambda: _child(path, key, check, result), AHEAD_BATCH):
        if item[0] == "case":
            yield from check(*item[1:])
        elif item[0] == "checked":
            yield from item[1]
        else:  # "part": the last item, also before a refusal
            result.absorb(item[1])


def theirs(entry: int) -> bool:
    """Whether the case at `entry` (counting the cases of the file) is checked by the child."""
    return entry // BLOCK % CYCLE == CYCLE - 1


def _child(path: Path, key: str, check: Check, result) -> Iterator[tuple]:
    mark = result.mark()
    try:
        for entry, (line, case, lines) in enumerate(read_yaml(path, key)):
            if theirs(entry):
                yield "checked", list(check(entry, line, case, lines))
            else:
                yield "case", entry, line, case, lines
    except Exception:
        yield "part", result.part(mark)  # then the error goes on (forked.ahead raises it in the importer)
        raise
    yield "part", result.part(mark)
