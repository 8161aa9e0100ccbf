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


def spawn(target: Callable, args: tuple, caller_ends: tuple = ()):
    """A forked child (started) running `target(*args)`: Ctrl-C is left to the caller, which stops
    it, and the caller's ends of the pipes are closed in it, so that when the caller is gone the
    child's read ends and its send fails: it never outlives the caller."""
    import multiprocessing

    child = multiprocessing.get_context("fork").Process(target=_in_child, args=(target, args, caller_ends),
                                                        daemon=True)  # nothing to import again
    child.start()
    return child


def _in_child(target: Callable, args: tuple, caller_ends: tuple) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for end in caller_ends:
        end.close()
    target(*args)


def reap(child) -> None:
    """The child stopped, if it still runs, and waited for."""
    if child is None:
        return
    if child.is_alive():
        child.terminate()
    child.join()


def stopped(child) -> Exception:
    """What the caller raises when a helper process died (killed, out of memory): a runtime
    failure, not the file's fault (exit 3); nothing was written."""
    from netralitas.errors import RuntimeFailure
    from netralitas.i18n import _

    code = child.join(5) or child.exitcode
    return RuntimeFailure(_("a helper process of the import stopped (exit code {code}); nothing was written. "
                            "Run the import again.").format(code=code))


def sendable(error: Exception) -> Exception:
    """The error itself when it survives the pipe; else what it said."""
    import pickle

    try:
        pickle.loads(pickle.dumps(error))
        return error
    except Exception:
        return RuntimeError(f"{type(error).__name__}: {error}")


def ahead(produce: Callable[[], Iterator], batch: int) -> Iterator:
    """The items of `produce()`, made by a forked child and sent in batches of `batch` through a
    pipe, then its error, if it ended with one. The pipe holds at most PIPE_BYTES (a few
    batches), so the child waits while the caller is behind: memory stays flat. Closing this
    generator early stops the child. `produce` must not read through a file offset the caller
    still uses (it would move under both): it opens the file again, or reads what the caller no
    longer reads. A child that dies is a runtime failure (`stopped`)."""
    from multiprocessing import Pipe

    receive, send = Pipe(duplex=False)
    _deepen(send)
    child = spawn(_send, (produce, batch, send), (receive,))
    send.close()
    try:
        while True:
            try:
                kind, payload = receive.recv()
            except (EOFError, OSError):
                raise stopped(child) from None
            if kind == "items":
                yield from payload
            elif kind == "error":
                raise payload
            else:
                return
    finally:
        receive.close()
        reap(child)


PIPE_BYTES = 1 << 20  # Linux's largest pipe for any user (64 KiB by default)


def _deepen(end) -> None:
    """A pipe that holds several batches: when the child's work and the caller's come in turns
    (a batch slow to make, then one slow to take), neither waits for the other at each batch."""
    try:
        import fcntl

        fcntl.fcntl(end.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (ImportError, AttributeError, OSError):  # not Linux, or a lower limit: the default pipe
        pass


def _send(produce: Callable[[], Iterator], batch: int, send) -> None:
    """In the child: every item, then how it ended."""
    items: list = []
    try:
        try:
            for item in produce():
                items.append(item)
                if len(items) >= batch:
                    send.send(("items", items))
                    items = []
            end = ("end", None)
        except (BrokenPipeError, ConnectionResetError):
            return  # the caller is gone
        except Exception as e:  # the reader's refusal, OSError, …: raised again in the caller
            end = ("error", sendable(e))
        send.send(("items", items))
        send.send(end)
        send.close()
    except OSError:
        pass  # the caller is gone
