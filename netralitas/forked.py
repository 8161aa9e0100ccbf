"""What the forked helpers share (yaml_reader's read-ahead, split_rows, split_plans): whether there
is a second CPU to run one, and an error made fit to cross the pipe back."""

from __future__ import annotations

import os


def second_cpu() -> bool:
    import multiprocessing

    if not hasattr(os, "sched_getaffinity"):  # Linux, where fork is the usual way; elsewhere in-process
        return False
    return len(os.sched_getaffinity(0)) > 1 and "fork" in multiprocessing.get_all_start_methods()


def sendable(error: Exception) -> Exception:
    """The error itself when it survives the pipe; else what it said."""
    import pickle

    try:
        pickle.loads(pickle.dumps(error))
        return error
    except Exception:
        return RuntimeError(f"{type(error).__name__}: {error}")
