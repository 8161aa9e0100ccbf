"""The changed cases of a large file planned by two processes.

Planning a changed case (what the file changes, its conflicts, the history and events it
writes, the state they give) is Python, case by case, and most of what a file that changes
many cases costs. When there are at least MIN_CASES of them and a second CPU, a forked child
plans two of every five blocks of BLOCK cases (CHILD): the importer reads the cases from the
register (its connection is its own: the child never touches the database), plans its blocks
and sends the child the others' rows. Each block's outcome (problems, rows for --dry-run, how many cases
change, the writes of `perubahan.writes`) is joined in block order, so the register gets the
same rows, ids and history as from one process, and the problems come in the same order.
"""

from __future__ import annotations

from typing import Callable, Iterator

from netralitas.forked import reap, second_cpu, sendable, spawn, stopped

MIN_CASES = 4000
BLOCK = 500  # cases
CHILD = (1, 3)  # of every five blocks, those the child plans: the importer also reads and sends them all


def worth(cases: int) -> bool:
    return cases >= MIN_CASES and second_cpu()


def run(items: Iterator[tuple], planner: Callable, writes: Callable[[list], list], result, *,
        two: bool) -> tuple[list, int]:
    """Plan `items` (perubahan.stored) with `planner` (perubahan.Planner), block by block, and
    make each block's writes with `writes`; problems and --dry-run rows go into `result` (a
    FileResult). `two`: the blocks of CHILD in the child. Returns the writes, in order, and how
    many cases change."""
    if not two:
        return _join((_plan(block, planner, writes) for block in _blocks(items)), result)
    from multiprocessing import Pipe

    from_parent, to_child = Pipe(duplex=False)
    from_child, to_parent = Pipe(duplex=False)
    child = spawn(_child, (planner, writes, from_parent, to_parent), (to_child, from_child))
    from_parent.close()
    to_parent.close()
    outcomes: list = []  # per block, in order: this process's outcome, or None for the child's
    try:
        for number, block in enumerate(_blocks(items)):
            if number % 5 in CHILD:
                try:
                    to_child.send(block)
                except OSError:  # the child died
                    raise stopped(child) from None
                outcomes.append(None)
            else:
                outcomes.append(_plan(block, planner, writes))
        try:
            to_child.send(None)  # the end
        except OSError:
            raise stopped(child) from None
        return _join((outcome or _receive(from_child, child) for outcome in outcomes), result)
    finally:
        to_child.close()
        from_child.close()
        reap(child)


def _blocks(items: Iterator[tuple]) -> Iterator[list]:
    block: list = []
    for item in items:
        block.append(item)
        if len(block) == BLOCK:
            yield block
            block = []
    if block:
        yield block


def _join(outcomes, result) -> tuple[list, int]:
    """The blocks' outcomes, in order: problems and rows into `result`; the writes and the count."""
    steps, planned = [], 0
    for problems, changes, n, block_steps in outcomes:
        result.add(problems)
        result.changes += changes
        planned += n
        steps += block_steps
    return steps, planned


def _plan(block: list, planner, writes) -> tuple[list, list, int, list]:
    problems, changes, plans = [], [], []
    for item in block:
        found, rows, upd = planner(item)
        problems += found
        if upd is not None:
            changes += rows
            plans.append(upd)
    return problems, changes, len(plans), writes(plans)


def _receive(from_child, child) -> tuple:
    try:
        what, payload = from_child.recv()
    except (EOFError, OSError):
        raise stopped(child) from None
    if what == "error":
        raise payload
    return payload


def _child(planner, writes, from_parent, to_parent) -> None:
    """In the child: plan each block sent, keep the outcomes (nothing is sent back while the
    importer is still sending: neither waits on the other), then send them in order."""
    outcomes, error = [], None
    try:
        while (block := from_parent.recv()) is not None:
            if error is None:
                try:
                    outcomes.append(_plan(block, planner, writes))
                except Exception as e:
                    error = e
        for outcome in outcomes:
            to_parent.send(("block", outcome))
        if error is not None:
            to_parent.send(("error", sendable(error)))
        to_parent.close()
    except (EOFError, OSError):
        pass  # the importer is gone

