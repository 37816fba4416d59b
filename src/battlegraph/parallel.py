"""Work spread over processes, its results in input order, with a bounded number in flight."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing.context import BaseContext
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def ordered_map(
    function: Callable[[T], R],
    items: Iterable[T],
    workers: int,
    *,
    in_flight: int,
    context: BaseContext | None = None,
) -> Iterator[R]:
    """``map(function, items)`` over ``workers`` processes, ``in_flight`` items per worker at most.

    Never more than that is submitted: a pool handed every item at once holds all of
    them, and their results, in memory. With one worker the items are done here.
    """
    if workers <= 1:
        yield from map(function, items)
        return
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pending: deque[Future[R]] = deque()
        for item in items:
            pending.append(pool.submit(function, item))
            if len(pending) >= in_flight * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
