"""What the forked helpers share (the YAML and Excel readers' read-ahead, split_rows, split_plans):
whether there is a second CPU to run one, an error made fit to cross the pipe back, and `ahead`:
an iterator's items made in a child while the caller works on those already made."""

from __future__ import annotations

import os
from typing import Callable, Iterator


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


def ahead(produce: Callable[[], Iterator], what: str, batch: int) -> Iterator:
    """The items of `produce()`, made by a forked child and sent in batches of `batch` through a
    pipe, then its error, if it ended with one. The pipe holds about one batch, so the child waits
    while the caller is behind: memory stays flat. Closing this generator early stops the child.
    `produce` must open what it reads itself (a file offset shared with the caller would move
    under both). `what` names the child in the error when it dies."""
    import multiprocessing

    context = multiprocessing.get_context("fork")  # nothing to import again
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_send, args=(produce, batch, send), daemon=True)
    child.start()
    send.close()
    try:
        while True:
            try:
                kind, payload = receive.recv()
            except EOFError:
                raise RuntimeError(f"{what} stopped (exit code {child.join(5) or child.exitcode})") from None
            if kind == "items":
                yield from payload
            elif kind == "error":
                raise payload
            else:
                return
    finally:
        receive.close()
        if child.is_alive():
            child.terminate()
        child.join()


def _send(produce: Callable[[], Iterator], batch: int, send) -> None:
    """In the child: every item, then how it ended."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the caller's to handle; it stops this child
    items: list = []
    try:
        for item in produce():
            items.append(item)
            if len(items) >= batch:
                send.send(("items", items))
                items = []
        end = ("end", None)
    except Exception as e:  # the reader's refusal, OSError, …: raised again in the caller
        end = ("error", sendable(e))
    send.send(("items", items))
    send.send(end)
    send.close()
