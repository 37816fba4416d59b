"""Queries run in worker processes that can be stopped: a query past its time limit is killed with its process.

Oxigraph cannot interrupt a query it is evaluating. Run in a thread, a slow query
keeps its slot and its memory until it ends, which may be never; run in a process
of its own, it ends when the process is killed, and everything it held goes back to
the system. Each worker opens the store read-only once and answers one request at a
time over a pipe; a killed worker is replaced at once.

Requests and replies are small tuples of plain values:

- ``("sparql", text, accept)`` → ``(status, content type, body)``: a SPARQL query,
  its results serialised in the media type ``accept`` prefers;
- ``("canned", name, params)`` → ``("ok", QueryResult)`` or ``("error", reason)``:
  a bundled question with its parameters bound.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import threading
from dataclasses import dataclass
from http import HTTPStatus
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

RESULT_TYPES = {
    "application/sparql-results+json": "JSON",
    "application/json": "JSON",
    "application/sparql-results+xml": "XML",
    "application/xml": "XML",
    "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
}
GRAPH_TYPES = {
    "text/turtle": "TURTLE",
    "application/n-triples": "N_TRIPLES",
    "application/ld+json": "JSON_LD",
    "application/rdf+xml": "RDF_XML",
    "text/plain": "N_TRIPLES",
}


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    content_type: str
    body: bytes


def text_reply(status: int, message: str) -> Reply:
    return Reply(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"))


def negotiate(accept: str | None, offered: list[str]) -> str | None:
    """The offered media type the Accept header prefers (first offered for */* or no header)."""
    if not accept:
        return offered[0]
    choices: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        quality = 1.0
        for parameter in fields[1:]:
            if parameter.startswith("q="):
                try:
                    quality = float(parameter[2:])
                except ValueError:
                    quality = 0.0
        if quality <= 0:
            continue
        if media in ("*/*", ""):
            choices.append((quality, -position, offered[0]))
        elif media.endswith("/*"):
            match = next((o for o in offered if o.startswith(media[:-1])), None)
            if match:
                choices.append((quality, -position, match))
        elif media in offered:
            choices.append((quality, -position, media))
    return max(choices)[2] if choices else None


# ---------------------------------------------------------------------------
# In the worker


def _serve(connection: Connection, store_path: str, parent: int, in_memory: bool = False) -> None:
    """A worker's life: open the store (or copy it into memory), then answer requests until the pipe closes."""
    from ._parallel import die_with_parent

    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which stops the workers
    from ._store import union_flag

    try:
        store = open_for_queries(store_path, in_memory)
    except (OSError, MemoryError) as exc:
        connection.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    union = union_flag(store)
    connection.send(("ready", None))  # only now: copying a store into memory takes a while
    while True:
        try:
            request = connection.recv()
        except (EOFError, OSError):
            return
        try:
            reply: Any = _answer(store, union, request)
        except Exception as exc:
            reply = text_reply(HTTPStatus.INTERNAL_SERVER_ERROR, f"query failed: {type(exc).__name__}: {exc}")
        connection.send(reply)


def open_for_queries(store_path: str, in_memory: bool) -> Any:
    """The store read-only, or an in-memory copy of it."""
    from pyoxigraph import Store

    store = Store.read_only(store_path)
    if not in_memory:
        return store
    # Oxigraph answers from memory 3-4 times faster than from its on-disk files
    # (1.27M quads: median question 563 → 157 ms), for 512 MB and 16 s to copy them.
    copy = Store()
    copy.bulk_extend(store)
    return copy


def _answer(store: Any, union: bool, request: tuple[Any, ...]) -> Any:
    kind = request[0]
    if kind == "sparql":
        return _sparql(store, union, request[1], request[2])
    if kind == "canned":
        from ._errors import QueryError
        from ._queries import canned_queries, run_local

        query = canned_queries().get(request[1])
        if query is None:
            return ("error", f"no question named {request[1]}")
        try:
            return ("ok", run_local(store, query, request[2]))
        except QueryError as exc:
            return ("error", exc.reason)
    raise ValueError(f"unknown request {kind!r}")


def _sparql(store: Any, union: bool, query: str, accept: str | None) -> Reply:
    from pyoxigraph import QueryResultsFormat, QueryTriples, RdfFormat

    try:
        result = store.query(query, use_default_graph_as_union=union)
    except SyntaxError as exc:
        return text_reply(HTTPStatus.BAD_REQUEST, f"query syntax error: {exc}")
    except (OSError, ValueError, RuntimeError) as exc:
        return text_reply(HTTPStatus.BAD_REQUEST, f"query failed: {exc}")
    if isinstance(result, QueryTriples):
        media = negotiate(accept, list(GRAPH_TYPES))
        if media is None:
            return text_reply(HTTPStatus.NOT_ACCEPTABLE, f"graph results come as {', '.join(GRAPH_TYPES)}")
        body = result.serialize(format=getattr(RdfFormat, GRAPH_TYPES[media])) or b""
    else:
        media = negotiate(accept, list(RESULT_TYPES))
        if media is None:
            return text_reply(HTTPStatus.NOT_ACCEPTABLE, f"results come as {', '.join(RESULT_TYPES)}")
        body = result.serialize(format=getattr(QueryResultsFormat, RESULT_TYPES[media])) or b""
    return Reply(HTTPStatus.OK, f"{media}; charset=utf-8", body)


# ---------------------------------------------------------------------------
# In the server


class _Worker:
    def __init__(self, store_path: Path, in_memory: bool = False) -> None:
        context = multiprocessing.get_context("spawn")  # a fresh interpreter: the server runs threads
        self.connection, child = context.Pipe()
        self.process: BaseProcess = context.Process(
            target=_serve, args=(child, str(store_path), os.getpid(), in_memory), name="battlegraph-query", daemon=True
        )
        self.process.start()
        child.close()

    def kill(self) -> None:
        self.connection.close()
        if self.process.is_alive():
            self.process.kill()
        # reaped in the background: a killed process is gone at once, but join may wait a moment
        threading.Thread(target=self.process.join, daemon=True).start()


async def _readable(connection: Connection, timeout: float | None = None) -> None:
    """Wait until the worker has written to ``connection`` (its reader is unregistered again however this ends:
    left registered while a long reply is read, it would wake the loop at every chunk)."""
    loop = asyncio.get_running_loop()
    ready: asyncio.Future[None] = loop.create_future()
    descriptor = connection.fileno()

    def readable() -> None:
        if not ready.done():
            ready.set_result(None)

    loop.add_reader(descriptor, readable)
    try:
        await asyncio.wait_for(ready, timeout)
    finally:
        loop.remove_reader(descriptor)


class QueryPool:
    """``size`` query workers over the store at ``store_path``, each request limited to ``timeout`` seconds.

    With ``in_memory`` each worker answers from its own in-memory copy of the store.
    """

    def __init__(
        self, store_path: Path, *, size: int | None = None, timeout: float = 30.0, in_memory: bool = False
    ) -> None:
        self.store_path = store_path
        self.in_memory = in_memory
        self.size = size or max(2, min(4, os.cpu_count() or 2))
        self.timeout = timeout
        self._idle: asyncio.Queue[_Worker] | None = None
        self._all: set[_Worker] = set()
        self._starting: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        """Start the workers; returns once every one has opened (or copied) the store."""
        self._idle = asyncio.Queue()
        workers = [_Worker(self.store_path, self.in_memory) for _ in range(self.size)]
        self._all.update(workers)
        for worker in workers:
            await self._ready(worker)
            self._idle.put_nowait(worker)

    async def _ready(self, worker: _Worker) -> None:
        """Wait for the worker's word that it has the store open; a worker that could not open it is an error."""
        await _readable(worker.connection)
        try:
            word, reason = worker.connection.recv()
        except (EOFError, OSError):
            word, reason = "failed", "the worker died"
        if word != "ready":
            from ._errors import InputError

            raise InputError(f"a query worker cannot open the store: {reason}", self.store_path)

    async def close(self) -> None:
        starting = list(self._starting)
        for task in starting:
            task.cancel()
        # let them unregister their readers before the descriptors close and may be reused
        await asyncio.gather(*starting, return_exceptions=True)
        for worker in list(self._all):
            worker.kill()
        self._all.clear()

    async def call(self, request: tuple[Any, ...]) -> Any:
        """The worker's reply to ``request``, or a 503 :class:`Reply` when no worker is free or it took too long."""
        assert self._idle is not None, "start() the pool first"
        try:
            worker = await asyncio.wait_for(self._idle.get(), self.timeout)
        except TimeoutError:
            if len(self._starting) >= self.size:  # every worker is (re)starting: none has the store open
                return text_reply(
                    HTTPStatus.SERVICE_UNAVAILABLE, "the query workers are opening the store; try again shortly"
                )
            return text_reply(HTTPStatus.SERVICE_UNAVAILABLE, "too many queries running; try again shortly")
        try:
            worker.connection.send(request)
            await _readable(worker.connection, self.timeout)
            reply = await asyncio.to_thread(worker.connection.recv)
        except TimeoutError:
            self._replace(worker)
            return text_reply(
                HTTPStatus.SERVICE_UNAVAILABLE,
                f"the query ran longer than the {self.timeout:g} s limit and was stopped",
            )
        except (EOFError, OSError) as exc:
            self._replace(worker)
            return text_reply(HTTPStatus.INTERNAL_SERVER_ERROR, f"the query worker failed: {exc or 'it died'}")
        except asyncio.CancelledError:  # the client went away: the worker may still be busy
            self._replace(worker)
            raise
        self._idle.put_nowait(worker)
        return reply

    def _replace(self, worker: _Worker) -> None:
        assert self._idle is not None
        worker.kill()
        self._all.discard(worker)
        fresh = _Worker(self.store_path, self.in_memory)
        self._all.add(fresh)
        # queued once it has the store open: a copy into memory must not eat a request's time
        task = asyncio.get_running_loop().create_task(self._join_when_ready(fresh))
        self._starting.add(task)
        task.add_done_callback(self._starting.discard)

    async def _join_when_ready(self, worker: _Worker) -> None:
        """Queue the worker once it has the store open; one that cannot open it is replaced, less and less often."""
        assert self._idle is not None
        wait = 1.0
        while True:
            try:
                await self._ready(worker)
            except Exception:  # the store cannot be opened now (moved, being rebuilt): try again later
                worker.kill()
                self._all.discard(worker)
                await asyncio.sleep(wait)
                wait = min(wait * 2, 30.0)
                worker = _Worker(self.store_path, self.in_memory)
                self._all.add(worker)
                continue
            self._idle.put_nowait(worker)
            return

    def pids(self) -> list[int]:
        """The process ids of the workers (for tests and monitoring)."""
        return sorted(w.process.pid for w in self._all if w.process.pid is not None)
