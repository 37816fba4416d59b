"""``battlegraph serve``: the published site and a read-only SPARQL 1.1 Protocol endpoint over the built store.

    GET  /battle/siege-of-jinju-1592           a resource: HTML for a browser, RDF on request
    GET  /index.html, /wars.html, /void.ttl …  the pages and files of the published site
    GET  /query.html?name=battles-of&person=…  a canned question answered as a page
    GET  /sparql?query=…                       a query in the URL
    POST /sparql   query=… (form)              a query in a form
    POST /sparql   application/sparql-query    a query as the body

It is a Starlette application served by uvicorn. A resource IRI answers by content
negotiation (W3C "Cool URIs for the Semantic Web"): HTML for ``text/html``, Turtle,
JSON-LD or N-Triples on request, with ``Vary: Accept`` and a ``Content-Location``
naming the document sent; an IRI the graph does not know is 404.

What it refuses, and why:

- updates (``update=…``, ``application/sparql-update``, PUT, DELETE): 403, the store
  is opened read-only;
- ``SERVICE`` in a query: 403 unless started with ``allow_service``, because it makes
  the server fetch from any address a client names;
- a request body over 1 MB, or a malformed length: 413 or 400, before it is read;
- a path with characters no IRI path holds (``<``, ``"``, ``{``, control characters …): 400.

Queries run in worker processes (:mod:`battlegraph._querypool`): one past the time
limit is killed and answered 503, and its worker is replaced, so it frees its slot
and its memory. Every response says ``X-Content-Type-Options: nosniff`` and names
the server ``battlegraph`` without a version; pages carry a Content-Security-Policy
that allows nothing but the site's own style sheet and images. The default graph of
a query is the store's merged graph. The server binds to the loopback interface
unless told otherwise.
"""

from __future__ import annotations

import asyncio
import re
import socket
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from functools import lru_cache
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ._queries import uses_service
from ._querypool import QueryPool, Reply, negotiate, text_reply

__all__ = ["ServerOptions", "create_app", "negotiate", "running", "serve"]

MAX_BODY_BYTES = 1_000_000
BACKLOG = 2048
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Server": "battlegraph",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
# What no IRI path may hold (RFC 3987 excludes them), and no page of ours is named with.
_BAD_PATH = re.compile(r'[\x00-\x20\x7f<>"{}|^`\\]')

RESOURCE_TYPES = {
    "text/html": "/index.html",
    "application/xhtml+xml": "/index.html",
    "text/turtle": ".ttl",
    "application/ld+json": ".jsonld",
    "application/n-triples": ".nt",
}


@dataclass(frozen=True, slots=True)
class ServerOptions:
    timeout: float = 30.0  # seconds a query may run
    allow_service: bool = False  # let queries fetch from other endpoints with SERVICE
    workers: int | None = None  # query worker processes (default: 2–4 by the cores)
    in_memory: bool = False  # each worker queries an in-memory copy of the store


def _response(reply: Reply, *, head: bool = False, headers: dict[str, str] | None = None) -> Response:
    return Response(
        b"" if head else reply.body,
        status_code=reply.status,
        headers={"Vary": "Accept", **(headers or {})},
        media_type=reply.content_type,
    )


def _read_only() -> Reply:
    return text_reply(HTTPStatus.FORBIDDEN, "this endpoint is read-only: updates are refused")


def _service_refused() -> Reply:
    return text_reply(
        HTTPStatus.FORBIDDEN,
        "SERVICE is refused: this endpoint does not fetch from other endpoints "
        "(start it with `battlegraph serve --allow-service` to allow that)",
    )


class _BodyTooLargeError(Exception):
    pass


async def _body(request: Request) -> bytes:
    """The request body, refused past :data:`MAX_BODY_BYTES` whatever Content-Length says."""
    declared = request.headers.get("content-length")
    if declared is not None and not declared.isdigit():
        raise ValueError(f"Content-Length {declared[:40]!r} is not a number of bytes")
    if declared is not None and int(declared) > MAX_BODY_BYTES:
        raise _BodyTooLargeError
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise _BodyTooLargeError
        chunks.append(chunk)
    return b"".join(chunks)


def create_app(store_path: Path, options: ServerOptions | None = None, *, renderer: Any = None) -> Starlette:
    """The application over the built store at ``store_path``; ``renderer`` renders the site's pages."""
    options = options or ServerOptions()
    pool = QueryPool(store_path, size=options.workers, timeout=options.timeout, in_memory=options.in_memory)
    render = lru_cache(maxsize=2048)(renderer.render) if renderer is not None else None

    async def ask(query: str, accept: str | None, head: bool) -> Response:
        if not query.strip():
            return _response(text_reply(HTTPStatus.BAD_REQUEST, "no query given"), head=head)
        if not options.allow_service and uses_service(query):
            return _response(_service_refused(), head=head)
        reply = await pool.call(("sparql", query, accept))
        return _response(reply, head=head)

    async def sparql(request: Request) -> Response:
        head = request.method == "HEAD"
        accept = request.headers.get("accept")
        if request.method in ("GET", "HEAD"):
            params = parse_qs(request.url.query)
            if "update" in params:
                return _response(_read_only(), head=head)
            if "query" not in params:
                return _response(text_reply(HTTPStatus.BAD_REQUEST, "give the query as ?query=…"), head=head)
            return await ask(params["query"][0], accept, head)
        try:
            body = (await _body(request)).decode("utf-8", "replace")
        except _BodyTooLargeError:
            return _response(text_reply(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "query too long (limit 1 MB)"))
        except ValueError as exc:
            return _response(text_reply(HTTPStatus.BAD_REQUEST, str(exc)))
        media = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
        if request.url.path == "/update" or media == "application/sparql-update":
            return _response(_read_only())
        if media == "application/sparql-query":
            return await ask(body, accept, head)
        form = parse_qs(body)
        if "update" in form:
            return _response(_read_only())
        return await ask((form.get("query") or [""])[0], accept, head)

    async def refuse(request: Request) -> Response:
        return _response(_read_only())

    async def page(request: Request) -> Response:
        head = request.method == "HEAD"
        path = request.url.path
        if _BAD_PATH.search(path):
            return _response(text_reply(HTTPStatus.BAD_REQUEST, "the path holds characters no IRI path may hold"))
        if request.method in ("PUT", "DELETE", "PATCH"):
            return _response(_read_only())
        if render is None:
            if path == "/":
                return _html(HOME, head=head)
            return _response(text_reply(HTTPStatus.NOT_FOUND, f"nothing at {path}"), head=head)
        if path == "/query.html":
            return await _question(request, head)
        relative = path.lstrip("/") or "index.html"
        accept = request.headers.get("accept")
        return await asyncio.to_thread(_resource, relative, accept, head)

    def _resource(relative: str, accept: str | None, head: bool) -> Response:
        assert render is not None and renderer is not None
        if "." not in relative.rsplit("/", 1)[-1] and renderer.node_of(relative) is not None:
            media = negotiate(accept, list(RESOURCE_TYPES))
            if media is None:
                message = f"this resource comes as {', '.join(RESOURCE_TYPES)}"
                return _response(text_reply(HTTPStatus.NOT_ACCEPTABLE, message), head=head)
            document = relative.rstrip("/") + RESOURCE_TYPES[media]
            rendered = render(document)
            if rendered is None:
                return _response(text_reply(HTTPStatus.NOT_FOUND, f"nothing at /{relative}"), head=head)
            kind = media if media != "application/xhtml+xml" else "text/html"
            reply = Reply(HTTPStatus.OK, f"{kind}; charset=utf-8", rendered[1])
            return _response(reply, head=head, headers={"Content-Location": "/" + document})
        rendered = render(relative)
        if rendered is None:
            return _response(text_reply(HTTPStatus.NOT_FOUND, f"nothing at /{relative}"), head=head)
        media, body = rendered
        textual = media.startswith("text/") or media.endswith(("json", "triples", "quads", "trig"))
        return _response(Reply(HTTPStatus.OK, media + ("; charset=utf-8" if textual else ""), body), head=head)

    async def _question(request: Request, head: bool) -> Response:
        from ._publish.pages import answer_page, query_page
        from ._queries import canned_queries

        params = {k: v[0] for k, v in parse_qs(request.url.query).items()}
        name = params.pop("name", None)
        queries = canned_queries()
        if name is None:
            return _html(query_page(queries.values(), live=True), head=head)
        query = queries.get(name)
        if query is None:
            return _response(text_reply(HTTPStatus.NOT_FOUND, f"no question named {name}"), head=head)
        reply = await pool.call(("canned", name, {k: v for k, v in params.items() if query.param(k)}))
        if isinstance(reply, Reply):
            return _response(reply, head=head)
        status, found = reply
        if status == "error":
            return _html(answer_page(query.title, [], [], error=found), HTTPStatus.BAD_REQUEST, head=head)
        from ._queries import table_rows

        return _html(answer_page(query.title, found.variables, table_rows(found)), head=head)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await pool.start()
        try:
            yield
        finally:
            await pool.close()

    methods = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"]
    app = Starlette(
        routes=[
            Route("/sparql", sparql, methods=["GET", "HEAD", "POST"]),
            Route("/query", sparql, methods=["GET", "HEAD", "POST"]),
            Route("/update", sparql, methods=["POST"]),
            Route("/sparql", refuse, methods=["PUT", "DELETE", "PATCH"]),
            Route("/{path:path}", page, methods=methods),
        ],
        lifespan=lifespan,
    )
    app.add_middleware(_SecurityHeaders)
    app.state.pool = pool
    return app


HOME = (
    "<!doctype html><meta charset='utf-8'><title>battlegraph SPARQL endpoint</title>"
    "<h1>battlegraph SPARQL endpoint</h1><p>Send SPARQL 1.1 queries to <code>/sparql</code>.</p>"
)


def _html(page: str, status: int = HTTPStatus.OK, *, head: bool = False) -> Response:
    return _response(Reply(status, "text/html; charset=utf-8", page.encode("utf-8")), head=head)


class _SecurityHeaders:
    """Adds the security headers to every response, and the CSP to pages."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"server"]
                headers += [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
                content_type = next((v for k, v in headers if k == b"content-type"), b"")
                if content_type.startswith(b"text/html"):
                    headers.append((b"content-security-policy", CSP.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


# ---------------------------------------------------------------------------
# Running it


def _config(app: Starlette, log_level: str) -> Any:
    import uvicorn

    return uvicorn.Config(
        app,
        log_level=log_level,
        access_log=log_level in ("info", "debug"),
        server_header=False,
        backlog=BACKLOG,
        timeout_keep_alive=5,
        lifespan="on",
    )


def _socket(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    return sock


def serve(
    app: Starlette,
    host: str = "127.0.0.1",
    port: int = 7878,
    *,
    on_ready: Callable[[str], None] | None = None,
    log_level: str = "warning",
) -> None:
    """Serve ``app`` until interrupted; ``on_ready`` gets the URL once the server listens."""
    import uvicorn

    from ._errors import InputError

    try:
        sock = _socket(host, port)
    except OSError as exc:
        raise InputError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    server = uvicorn.Server(_config(app, log_level))

    async def main() -> None:
        watcher = asyncio.create_task(server.serve(sockets=[sock]))
        while not server.started and not watcher.done():
            await asyncio.sleep(0.05)
        if server.started and on_ready is not None:
            on_ready(_url(host, sock.getsockname()[1]))
        await watcher

    asyncio.run(main())


def _url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


@contextmanager
def running(app: Starlette, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """The app served in a background thread for as long as the block runs; yields its URL."""
    import uvicorn

    sock = _socket(host, port)
    server = uvicorn.Server(_config(app, "warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError("the server did not start")
            threading.Event().wait(0.02)
        yield _url(host, sock.getsockname()[1])
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
