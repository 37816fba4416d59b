"""``battlegraph serve``: the published site and a read-only SPARQL 1.1 Protocol endpoint over the built store.

    GET  /battle/siege-of-jinju-1592           a resource: HTML for a browser, RDF on request
    GET  /index.html, /wars.html, /void.ttl …  the pages and files of the published site
    GET  /query.html?name=battles-of&person=…  a canned question answered as a page
    GET  /sparql?query=…                       a query in the URL
    POST /sparql   query=… (form)              a query in a form
    POST /sparql   application/sparql-query    a query as the body

A resource IRI answers by content negotiation (W3C "Cool URIs for the Semantic
Web"): HTML for ``text/html``, Turtle for ``text/turtle``, JSON-LD for
``application/ld+json``, N-Triples for ``application/n-triples``, with
``Vary: Accept`` and a ``Content-Location`` naming the document sent; an IRI the
graph does not know is 404.

Updates (``update=…`` or ``application/sparql-update``) are refused with 403: the
store is opened read-only. Results are negotiated from ``Accept`` (SPARQL JSON,
XML, CSV or TSV for SELECT and ASK; Turtle, N-Triples, JSON-LD or RDF/XML for
CONSTRUCT and DESCRIBE). A query that runs longer than the time limit is
answered 503; at most a few queries run at once. The default graph of a query is
the union of all named graphs. The server binds to the loopback interface unless
told otherwise.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from pyoxigraph import QueryBoolean, QueryResultsFormat, QuerySolutions, QueryTriples, RdfFormat, Store

RESULT_TYPES = {
    "application/sparql-results+json": QueryResultsFormat.JSON,
    "application/json": QueryResultsFormat.JSON,
    "application/sparql-results+xml": QueryResultsFormat.XML,
    "application/xml": QueryResultsFormat.XML,
    "text/csv": QueryResultsFormat.CSV,
    "text/tab-separated-values": QueryResultsFormat.TSV,
}
GRAPH_TYPES = {
    "text/turtle": RdfFormat.TURTLE,
    "application/n-triples": RdfFormat.N_TRIPLES,
    "application/ld+json": RdfFormat.JSON_LD,
    "application/rdf+xml": RdfFormat.RDF_XML,
    "text/plain": RdfFormat.N_TRIPLES,
}
MAX_QUERY_BYTES = 1_000_000


@dataclass
class Answer:
    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()


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


class QueryService:
    """Runs SPARQL queries on a store with a time limit and a bound on concurrent queries."""

    def __init__(self, store: Store, *, timeout: float = 30.0, concurrency: int = 4) -> None:
        from .store import union_flag

        self.store = store
        self.union = union_flag(store)
        self.timeout = timeout
        self.slots = threading.BoundedSemaphore(concurrency)

    def answer(self, query: str, accept: str | None) -> Answer:
        if not self.slots.acquire(timeout=self.timeout):
            return _text(HTTPStatus.SERVICE_UNAVAILABLE, "too many queries running; try again shortly")
        outcome: dict[str, Any] = {}

        def run() -> None:
            try:
                outcome["answer"] = self._evaluate(query, accept)
            except SyntaxError as exc:
                outcome["answer"] = _text(HTTPStatus.BAD_REQUEST, f"query syntax error: {exc}")
            except Exception as exc:  # an evaluation error is the query's, reported to its sender
                outcome["answer"] = _text(HTTPStatus.BAD_REQUEST, f"query failed: {exc}")
            finally:
                self.slots.release()

        # Oxigraph cannot interrupt a query; a slow one finishes in its thread while the
        # client is told it took too long, and keeps its slot until then.
        worker = threading.Thread(target=run, daemon=True)
        worker.start()
        worker.join(self.timeout)
        if worker.is_alive():
            return _text(HTTPStatus.SERVICE_UNAVAILABLE, f"the query ran longer than the {self.timeout:g} s limit")
        answer: Answer = outcome["answer"]
        return answer

    def _evaluate(self, query: str, accept: str | None) -> Answer:
        result = self.store.query(query, use_default_graph_as_union=self.union)
        try:
            return self._serialise(result, accept)
        finally:
            del result  # Oxigraph's results must be dropped by the thread that made them

    def _serialise(self, result: Any, accept: str | None) -> Answer:
        if isinstance(result, QueryTriples):
            media = negotiate(accept, list(GRAPH_TYPES))
            if media is None:
                return _text(HTTPStatus.NOT_ACCEPTABLE, f"graph results come as {', '.join(GRAPH_TYPES)}")
            body = result.serialize(format=GRAPH_TYPES[media]) or b""
            return Answer(HTTPStatus.OK, f"{media}; charset=utf-8", body)
        assert isinstance(result, (QuerySolutions, QueryBoolean))
        media = negotiate(accept, list(RESULT_TYPES))
        if media is None:
            return _text(HTTPStatus.NOT_ACCEPTABLE, f"results come as {', '.join(RESULT_TYPES)}")
        body = result.serialize(format=RESULT_TYPES[media]) or b""
        return Answer(HTTPStatus.OK, f"{media}; charset=utf-8", body)


def _text(status: int, message: str) -> Answer:
    return Answer(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"))


Route = Callable[["Handler", str], Answer | None]


class Handler(BaseHTTPRequestHandler):
    """SPARQL Protocol on /sparql (and /query); other paths go to the routes of the server."""

    server: BattlegraphServer
    protocol_version = "HTTP/1.1"
    server_version = "battlegraph"

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.log is not None:
            self.server.log(format % args)

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path in ("/sparql", "/query"):
            params = parse_qs(parts.query)
            if "update" in params:
                self._send(_read_only())
                return
            queries = params.get("query")
            if not queries:
                self._send(_text(HTTPStatus.BAD_REQUEST, "give the query as ?query=…"))
                return
            self._send(self.server.service.answer(queries[0], self.headers.get("Accept")))
            return
        for route in self.server.routes:
            answer = route(self, parts.path)
            if answer is not None:
                self._send(answer)
                return
        self._send(_text(HTTPStatus.NOT_FOUND, f"nothing at {parts.path}"))

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_POST(self) -> None:
        parts = urlsplit(self.path)
        if parts.path not in ("/sparql", "/query", "/update"):
            self._send(_text(HTTPStatus.METHOD_NOT_ALLOWED, "POST queries to /sparql"))
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_QUERY_BYTES:
            self._send(_text(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "query too long"))
            return
        body = self.rfile.read(length).decode("utf-8", "replace")
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if parts.path == "/update" or media == "application/sparql-update":
            self._send(_read_only())
            return
        if media == "application/sparql-query":
            query = body
        else:
            form = parse_qs(body)
            if "update" in form:
                self._send(_read_only())
                return
            query = (form.get("query") or [""])[0]
        if not query.strip():
            self._send(_text(HTTPStatus.BAD_REQUEST, "no query given"))
            return
        self._send(self.server.service.answer(query, self.headers.get("Accept")))

    def do_PUT(self) -> None:
        self._send(_read_only())

    do_DELETE = do_PUT  # noqa: N815

    def _send(self, answer: Answer) -> None:
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(len(answer.body)))
        self.send_header("Vary", "Accept")
        for name, value in answer.headers:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(answer.body)


def _read_only() -> Answer:
    return _text(HTTPStatus.FORBIDDEN, "this endpoint is read-only: updates are refused")


class BattlegraphServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self,
        address: tuple[str, int],
        service: QueryService,
        *,
        routes: list[Route] | None = None,
        log: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(address, Handler)
        self.service = service
        self.routes = routes or [_home]
        self.log = log


def _home(handler: Handler, path: str) -> Answer | None:
    if path != "/":
        return None
    page = (
        "<!doctype html><meta charset='utf-8'><title>battlegraph SPARQL endpoint</title>"
        "<h1>battlegraph SPARQL endpoint</h1><p>Send SPARQL 1.1 queries to <code>/sparql</code>.</p>"
    )
    return Answer(HTTPStatus.OK, "text/html; charset=utf-8", page.encode("utf-8"))


RESOURCE_TYPES = {
    "text/html": "/index.html",
    "application/xhtml+xml": "/index.html",
    "text/turtle": ".ttl",
    "application/ld+json": ".jsonld",
    "application/n-triples": ".nt",
}


def site_route(renderer: Any, store: Store) -> Route:
    """Pages of the published site, resources by content negotiation, and the live question page."""
    from functools import lru_cache

    from .publish.pages import answer_page, query_page
    from .queries import QueryError, bound_values, canned_queries, run_local, table_rows

    render = lru_cache(maxsize=2048)(renderer.render)

    def route(handler: Handler, path: str) -> Answer | None:
        if path == "/":
            path = "/index.html"
        if path == "/query.html":
            params = {k: v[0] for k, v in parse_qs(urlsplit(handler.path).query).items()}
            name = params.pop("name", None)
            queries = canned_queries()
            if name is None:
                return _html(query_page(queries.values(), live=True))
            query = queries.get(name)
            if query is None:
                return _text(HTTPStatus.NOT_FOUND, f"no question named {name}")
            try:
                values = bound_values(query, {k: v for k, v in params.items() if query.param(k)})
                result = run_local(store, query, values)
                return _html(answer_page(query.title, result.variables, table_rows(result)))
            except QueryError as exc:
                return _html(answer_page(query.title, [], [], error=exc.reason), HTTPStatus.BAD_REQUEST)
        relative = path.lstrip("/")
        if "." not in relative.rsplit("/", 1)[-1] and renderer.node_of(relative) is not None:
            media = negotiate(handler.headers.get("Accept"), list(RESOURCE_TYPES))
            if media is None:
                return _text(HTTPStatus.NOT_ACCEPTABLE, f"this resource comes as {', '.join(RESOURCE_TYPES)}")
            document = relative.rstrip("/") + RESOURCE_TYPES[media]
            rendered = render(document)
            if rendered is None:
                return None
            kind = media if media != "application/xhtml+xml" else "text/html"
            return Answer(HTTPStatus.OK, f"{kind}; charset=utf-8", rendered[1], (("Content-Location", "/" + document),))
        rendered = render(relative)
        if rendered is None:
            return None
        media, body = rendered
        charset = (
            "; charset=utf-8"
            if media.startswith("text/") or media.endswith(("json", "triples", "quads", "trig"))
            else ""
        )
        return Answer(HTTPStatus.OK, media + charset, body)

    return route


def _html(page: str, status: int = HTTPStatus.OK) -> Answer:
    return Answer(status, "text/html; charset=utf-8", page.encode("utf-8"))


def make_server(
    store: Store,
    host: str = "127.0.0.1",
    port: int = 7878,
    *,
    timeout: float = 30.0,
    site: Any | None = None,
    **options: Any,
) -> BattlegraphServer:
    """A server for ``store``; with ``site`` (a :class:`~battlegraph.publish.SiteRenderer`) it serves the site too."""
    if site is not None:
        options.setdefault("routes", [site_route(site, store)])
    return BattlegraphServer((host, port), QueryService(store, timeout=timeout), **options)
