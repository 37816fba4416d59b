"""Work spread over processes, its results in input order, with a bounded number in flight.

Workers are forked, so a script that calls :func:`battlegraph.build` needs no
``if __name__ == "__main__"`` guard. Every worker ends when the process that started
it does, however that one ends (:func:`die_with_parent`): a build killed with SIGKILL
leaves no workers behind. (The output folder's lock is a POSIX record lock, which a
forked child does not hold, so no worker can keep a folder locked either.)
"""

from __future__ import annotations

import os
import pickle
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing import get_context
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def die_with_parent(parent: int) -> None:
    """End this process as soon as ``parent`` is gone (run first thing in a worker)."""
    try:  # Linux: the kernel sends SIGKILL when the parent dies
        import ctypes

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


def _pool_worker(parent: int) -> None:
    """A pool worker's start: it ends with ``parent``, and leaves Ctrl-C to it.

    A terminal sends SIGINT to the whole process group. A worker waiting for its next task
    would die of it with a traceback of its own on the user's screen; the parent stops the
    pool instead, and a worker it no longer needs ends with it.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # held while it was forked
    die_with_parent(parent)


@contextmanager
def _ctrl_c_held() -> Iterator[None]:
    """Ctrl-C held back meanwhile and delivered after: a worker forked meanwhile starts with
    it held, until it has chosen to ignore it."""
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


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
        initializer=_pool_worker,
        initargs=(os.getpid(),),
    ) as pool:
        pending: deque[Future[R]] = deque()
        forked = False
        try:
            for item in items:
                if forked:
                    pending.append(pool.submit(function, item))
                else:
                    with _ctrl_c_held():  # the first submit forks the workers
                        pending.append(pool.submit(function, item))
                    forked = True
                if len(pending) >= in_flight * workers:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        except BaseException:
            # Ctrl-C, an error, or the caller stopped reading: the tasks not started are dropped,
            # so that leaving waits only for those the workers are running
            pool.shutdown(wait=False, cancel_futures=True)
            raise


class Beside(Generic[R]):
    """A job running in a forked process, started at once: :meth:`wait` for its result, or :meth:`cancel` it."""

    def __init__(self, job: Callable[[], R], what: str) -> None:
        self.what = what  # for messages: "writing graph.jsonld", "validating"
        context = get_context("fork")
        self._receiver, sender = context.Pipe(duplex=False)
        parent = os.getpid()

        def run() -> None:
            die_with_parent(parent)
            try:
                result = job()
            except BaseException as exc:  # the error crosses back; the parent raises it
                try:
                    pickle.loads(pickle.dumps(exc))  # an error must also be rebuilt on the other side
                    sender.send(("error", exc))
                except Exception:  # one that cannot crosses as its message
                    sender.send(("error", f"{type(exc).__name__}: {exc}"))
                os._exit(1)
            sender.send(("ok", result))

        # Not a daemon, so that the job may start workers of its own; it is always waited
        # for or cancelled, and ends with this process however that one ends.
        self._process = context.Process(target=run, daemon=False, name="battlegraph-beside")
        self._process.start()
        sender.close()

    def wait(self) -> R:
        """The job's result, or its error raised here; Ctrl-C while waiting stops the job at once."""
        try:
            kind, value = self._receiver.recv()
        except (EOFError, OSError):  # it died without a word
            self._reap()
            raise RuntimeError(f"{self.what} failed: it ended with exit code {self._process.exitcode}") from None
        except BaseException:
            self.cancel()
            raise
        self._reap()
        if kind == "ok":
            return value  # type: ignore[no-any-return]
        if isinstance(value, BaseException):
            raise value
        raise RuntimeError(f"{self.what} failed: {value}")

    def _reap(self) -> None:
        self._receiver.close()
        self._process.join()

    def cancel(self) -> None:
        """Stop the job if it still runs, and reap it."""
        if self._process.is_alive():
            self._process.kill()
        self._process.join()
        self._receiver.close()
