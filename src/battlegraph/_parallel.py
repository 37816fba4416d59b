"""Work spread over processes, its results in input order, with a bounded number in flight.

Workers are forked, so a script that calls :func:`battlegraph.build` needs no
``if __name__ == "__main__"`` guard. Every worker ends when the process that started
it does, however that one ends (:func:`die_with_parent`): a build killed with SIGKILL
leaves no workers behind. (The output folder's lock is a POSIX record lock, which a
forked child does not hold, so no worker can keep a folder locked either.)
"""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def die_with_parent(parent: int) -> None:
    """End this process as soon as ``parent`` is gone (run first thing in a worker)."""
    try:  # Linux: the kernel sends SIGKILL when the parent dies
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # it died before the line above ran
        os._exit(1)

    def watch() -> None:  # elsewhere: look every half second
        while os.getppid() == parent:
            threading.Event().wait(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="battlegraph-parent-watch").start()


def ordered_map(
    function: Callable[[T], R],
    items: Iterable[T],
    workers: int,
    *,
    in_flight: int,
) -> Iterator[R]:
    """``map(function, items)`` over ``workers`` processes, ``in_flight`` items per worker at most.

    Never more than that is submitted: a pool handed every item at once holds all of
    them, and their results, in memory. With one worker the items are done here.
    """
    if workers <= 1:
        yield from map(function, items)
        return
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=get_context("fork"),
        initializer=die_with_parent,
        initargs=(os.getpid(),),
    ) as pool:
        pending: deque[Future[R]] = deque()
        for item in items:
            pending.append(pool.submit(function, item))
            if len(pending) >= in_flight * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def beside(job: Callable[[], R]) -> Callable[[], R]:
    """Start ``job`` in a forked process now.

    The function returned waits for it: it returns the job's result, or raises its error here.
    """
    context = get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    parent = os.getpid()

    def run() -> None:
        die_with_parent(parent)
        try:
            result = job()
        except BaseException as exc:  # the error crosses back; the parent raises it
            try:
                sender.send(("error", exc))
            except Exception:  # an error that does not pickle crosses as its message
                sender.send(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))
            os._exit(1)
        sender.send(("ok", result))

    process = context.Process(target=run, daemon=True, name="battlegraph-beside")
    process.start()
    sender.close()

    def wait() -> R:
        try:
            kind, value = receiver.recv()
        except EOFError:
            kind, value = "error", RuntimeError(f"a helper process died (exit {process.exitcode})")
        finally:
            receiver.close()
        process.join()
        if kind == "error":
            raise value
        return value  # type: ignore[no-any-return]

    return wait
