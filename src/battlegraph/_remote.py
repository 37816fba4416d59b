"""Loading the graph into a triple store with the SPARQL 1.1 Graph Store HTTP Protocol.

Every named graph (one per article, the build's ontology and its cross-article links)
is sent with its own ``PUT``, which replaces the graph: loading twice leaves the store
as loading once, and reloading one article replaces exactly its facts. Graphs go over a
few kept-alive connections in parallel; digest credentials are computed from the first
challenge each connection meets, so after that no body is sent twice. A graph that does not arrive is reported with
the store's own reason, and the others are still sent.

A build's graphs are all named under its dataset (``{base}dataset/{name}/…``), so two
builds live side by side in one store; :func:`prune_graphs` removes the graphs of one
dataset that its build no longer has, and only those.

Graph Store and query endpoints of the usual servers:

    Oxigraph server    http://localhost:7878/store                ?graph=IRI      http://localhost:7878/query
    Apache Jena Fuseki http://localhost:3030/DATASET/data         ?graph=IRI      http://localhost:3030/DATASET/sparql
    GraphDB            http://localhost:7200/repositories/REPO/rdf-graphs/service  http://localhost:7200/repositories/REPO
    Virtuoso           http://localhost:8890/sparql-graph-crud-auth ?graph-uri=IRI http://localhost:8890/sparql
"""

from __future__ import annotations

import html
import re
import threading
import time
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit, urlunsplit

from pyoxigraph import NamedNode, RdfFormat, Store

from ._errors import InputError, QueryError

if TYPE_CHECKING:
    import httpx

USER_AGENT = "battlegraph (+https://w3id.org/battlegraph)"
# After this many graphs in a row fail to connect at all, the server is taken to be down.
_UNREACHABLE_AFTER = 3
WORKERS = 4  # parallel connections: stores take graphs faster side by side, up to about their cores

Progress = Callable[[int, int], None]
"""Called after each graph with the graphs and triples sent so far."""


@dataclass
class LoadReport:
    endpoint: str
    loaded: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # graph IRI, reason: it did not arrive
    unanswered: list[tuple[str, str]] = field(default_factory=list)  # sent, but no answer: it may have arrived
    pruned: list[str] = field(default_factory=list)
    triples: int = 0  # in the graphs that arrived
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed and not self.unanswered


def store_graphs(store: Store) -> Iterator[tuple[str, bytes]]:
    """Each named graph of a store as (graph IRI, its N-Triples), graphs in IRI order."""
    names = sorted(g.value for g in store.named_graphs() if isinstance(g, NamedNode))
    for name in names:
        data = store.dump(format=RdfFormat.N_TRIPLES, from_graph=NamedNode(name))
        yield name, data or b""


def check_endpoint(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(f"not an http(s) URL: {url!r}")
    return url


def query_endpoint_for(graph_store: str) -> str | None:
    """The SPARQL query endpoint beside a Graph Store endpoint, for the stores whose layout is known."""
    parts = urlsplit(graph_store)
    path = parts.path.rstrip("/")
    for tail, instead in (("/store", "/query"), ("/data", "/sparql"), ("/rdf-graphs/service", "")):
        if path.endswith(tail):
            return urlunsplit(parts._replace(path=path[: -len(tail)] + instead, query=""))
    if path.endswith(("/sparql-graph-crud-auth", "/sparql-graph-crud")):
        return urlunsplit(parts._replace(path=path.rsplit("/", 1)[0] + "/sparql", query=""))
    return None


class _Auth:
    """Basic or digest, whichever the server's first challenge asks for, reused from then on.

    Each thread keeps its own digest state (its nonce count), so parallel requests never
    send the same count. A thread's first request meets the challenge once, and the
    answer is computed from that challenge, not asked for again; from then on every
    request carries its credentials.
    """

    def __init__(self, user: str, password: str) -> None:
        self.user, self.password = user, password
        self._digest: bool | None = None  # which scheme the server asked for, once it has
        self._local = threading.local()

    def _scheme(self) -> httpx.Auth | None:
        import httpx

        if self._digest is None:
            return None
        scheme: httpx.Auth | None = getattr(self._local, "scheme", None)
        if scheme is None:
            scheme = (httpx.DigestAuth if self._digest else httpx.BasicAuth)(self.user, self.password)
            self._local.scheme = scheme
        return scheme

    def flow(self) -> httpx.Auth:
        import httpx

        class Chosen(httpx.Auth):
            def auth_flow(inner, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:  # noqa: N805
                scheme = self._scheme()
                if scheme is not None and (self._digest is False or getattr(self._local, "answered", False)):
                    yield from scheme.auth_flow(request)
                    return
                response = yield request
                if response.status_code != 401:
                    return
                self._digest = response.headers.get("www-authenticate", "").lower().startswith("digest")
                scheme = self._scheme()
                assert scheme is not None
                if not self._digest:
                    yield from scheme.auth_flow(request)
                    return
                self._local.answered = True
                flow = scheme.auth_flow(request)
                next(flow)  # the request as digest sends it before any challenge: already sent, above
                try:
                    following = flow.send(response)  # the answer to the challenge already received
                    while True:
                        following = flow.send((yield following))
                except StopIteration:
                    return

        return Chosen()


def graph_url(endpoint: str, graph_param: str, name: str) -> str:
    """The Graph Store Protocol address of one named graph (indirect identification: ``?graph=IRI``)."""
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{graph_param}={quote(name, safe='')}"


def _credentials(user: str | None, password: str | None) -> _Auth | None:
    return _Auth(user, password or "") if user is not None else None


def _client(timeout: float, auth: _Auth | None, connections: int = WORKERS) -> httpx.Client:
    import httpx

    return httpx.Client(
        # no pool timeout: a thread waits for a free connection as long as it takes, it never fails for it
        timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0), pool=None),
        headers={"User-Agent": USER_AGENT},
        auth=auth.flow() if auth else None,
        limits=httpx.Limits(max_connections=connections, max_keepalive_connections=connections),
        follow_redirects=False,
    )


def load_graphs(
    endpoint: str,
    graphs: Iterable[tuple[str, bytes]],
    *,
    graph_param: str = "graph",
    user: str | None = None,
    password: str | None = None,
    timeout: float = 60,
    workers: int = WORKERS,
    progress: Progress | None = None,
) -> LoadReport:
    """PUT every graph to a Graph Store Protocol endpoint; report what arrived and what did not."""
    import httpx

    check_endpoint(endpoint)
    started = time.perf_counter()
    auth = _credentials(user, password)
    report = LoadReport(endpoint)
    unreachable = 0
    sent = 0

    def put(client: httpx.Client, name: str, data: bytes) -> tuple[str, str | None, int]:
        """(outcome, reason, triples): outcome is loaded, failed, unreachable or unanswered."""
        url = graph_url(endpoint, graph_param, name)
        try:
            response = client.put(url, content=data, headers={"Content-Type": "application/n-triples"})
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            return "unreachable", f"cannot connect: {plain_error(exc)}", 0
        except (httpx.TransportError, OSError) as exc:
            return "unanswered", f"sent, but no answer ({plain_error(exc)}): it may have arrived", 0
        if response.status_code >= 300:
            return "failed", _reason(response), 0
        return "loaded", None, data.count(b"\n")

    workers = max(1, workers)
    with _client(timeout, auth, workers) as client, ThreadPoolExecutor(max_workers=workers) as pool:
        pending: dict[Future[tuple[str, str | None, int]], str] = {}
        source = iter(graphs)

        def collect(done: Iterable[Future[tuple[str, str | None, int]]]) -> None:
            nonlocal unreachable, sent
            for future in done:
                name = pending.pop(future)
                outcome, reason, triples = future.result()
                if outcome == "loaded":
                    report.loaded.append(name)
                    report.triples += triples
                    unreachable = 0
                elif outcome == "unanswered":
                    report.unanswered.append((name, reason or ""))
                else:
                    report.failed.append((name, reason or ""))
                    unreachable = unreachable + 1 if outcome == "unreachable" else 0
                sent += 1
                if progress is not None:
                    progress(sent, report.triples)

        for name, data in source:
            if unreachable >= _UNREACHABLE_AFTER:
                report.failed.append((name, "not sent: the server stopped answering"))
                continue
            pending[pool.submit(put, client, name, data)] = name
            if len(pending) >= 2 * workers:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                collect(done)
        collect(list(pending))
    report.loaded.sort()
    report.failed.sort()
    report.unanswered.sort()
    report.seconds = time.perf_counter() - started
    return report


def update_endpoint_for(graph_store: str) -> str | None:
    """The SPARQL update endpoint beside the Graph Store endpoint of a store known to take whole datasets."""
    parts = urlsplit(graph_store)
    path = parts.path.rstrip("/")
    if path.endswith("/store"):  # Oxigraph server
        return urlunsplit(parts._replace(path=path[: -len("/store")] + "/update", query=""))
    return None


def bulk_load(
    endpoint: str,
    update_endpoint: str,
    graphs: Sequence[tuple[str, bytes]],
    *,
    user: str | None = None,
    password: str | None = None,
    timeout: float = 60,
    progress: Progress | None = None,
) -> LoadReport:
    """Replace the graphs in one update and one request, for stores that take a whole dataset.

    The graphs named are dropped with one SPARQL update (``DROP SILENT GRAPH`` each, one
    transaction), then all of them are POSTed as one N-Quads body to the Graph Store
    endpoint without a graph parameter (as Oxigraph's server takes it): the store's own bulk
    path, with the same replace-never-duplicate result as a PUT per graph.
    """
    import httpx

    check_endpoint(endpoint)
    check_endpoint(update_endpoint)
    started = time.perf_counter()
    report = LoadReport(endpoint)
    names = [name for name, _ in graphs]
    drop = "".join(f"DROP SILENT GRAPH <{name}> ;\n" for name in names).rstrip(";\n")
    body = b"".join(_as_quads(name, data) for name, data in graphs)
    triples = sum(data.count(b"\n") for _, data in graphs)
    auth = _credentials(user, password)
    # the store answers once it has taken the whole body: allow for that beyond the usual wait
    patience = timeout + len(body) / 1_000_000
    with _client(timeout, auth, 1) as client:

        def chunks() -> Iterator[bytes]:
            step = 1 << 20
            for start in range(0, len(body), step):
                yield body[start : start + step]
                if progress is not None:
                    done = min(start + step, len(body))
                    progress(round(len(names) * done / max(len(body), 1)), round(triples * done / max(len(body), 1)))

        try:
            dropped = client.post(
                update_endpoint,
                content=drop.encode("utf-8"),
                headers={"Content-Type": "application/sparql-update"},
            )
            if dropped.status_code >= 300:
                reason = f"the old graphs could not be dropped: {_reason(dropped)}"
                report.failed = [(name, reason) for name in names]
            else:
                answer = client.post(
                    endpoint,
                    content=chunks(),
                    headers={"Content-Type": "application/n-quads"},
                    timeout=httpx.Timeout(patience, connect=min(timeout, 10.0), pool=None),
                )
                if answer.status_code >= 300:
                    reason = f"{_reason(answer)} (the old graphs were dropped: load again)"
                    report.failed = [(name, reason) for name in names]
                else:
                    report.loaded = sorted(names)
                    report.triples = triples
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            report.failed = [(name, f"cannot connect: {plain_error(exc)}") for name in names]
        except (httpx.TransportError, OSError) as exc:
            reason = f"sent, but no answer ({plain_error(exc)}): it may have arrived"
            report.unanswered = [(name, reason) for name in names]
    report.failed.sort()
    report.seconds = time.perf_counter() - started
    return report


def _as_quads(name: str, ntriples: bytes) -> bytes:
    """N-Triples lines of one graph as N-Quads lines in that graph."""
    graph = f" <{name}> .\n".encode()
    return b"".join(line[: line.rindex(b".")].rstrip() + graph for line in ntriples.splitlines() if line.strip())


def dataset_graphs(
    query_endpoint: str,
    prefix: str,
    *,
    user: str | None = None,
    password: str | None = None,
    timeout: float = 60,
) -> list[str]:
    """The named graphs of a store whose IRI starts with ``prefix`` (one dataset's graphs)."""
    import httpx

    check_endpoint(query_endpoint)
    text = (
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
        f'FILTER (STRSTARTS(STR(?g), "{_sparql_string(prefix)}")) }}'
    )
    auth = _credentials(user, password)
    with _client(timeout, auth) as client:
        try:
            response = client.post(
                query_endpoint,
                data={"query": text},
                headers={"Accept": "application/sparql-results+json"},
            )
        except httpx.HTTPError as exc:
            raise QueryError(f"{query_endpoint}: cannot list the store's graphs: {plain_error(exc)}") from None
        if response.status_code >= 300:
            raise QueryError(f"{query_endpoint}: cannot list the store's graphs: {_reason(response)}")
        try:
            bindings = response.json()["results"]["bindings"]
        except (ValueError, KeyError, TypeError):
            raise QueryError(f"{query_endpoint}: the answer is not SPARQL JSON results") from None
    return sorted(b["g"]["value"] for b in bindings if "g" in b)


def prune_graphs(
    endpoint: str,
    stale: Iterable[str],
    *,
    graph_param: str = "graph",
    user: str | None = None,
    password: str | None = None,
    timeout: float = 60,
) -> tuple[list[str], list[tuple[str, str]]]:
    """DELETE each graph named; the graphs removed, and those that could not be with the reason."""
    import httpx

    check_endpoint(endpoint)
    auth = _credentials(user, password)
    removed: list[str] = []
    failed: list[tuple[str, str]] = []
    with _client(timeout, auth) as client:
        for name in stale:
            try:
                response = client.delete(graph_url(endpoint, graph_param, name))
            except httpx.HTTPError as exc:
                failed.append((name, plain_error(exc)))
                continue
            if response.status_code >= 300 and response.status_code != 404:
                failed.append((name, _reason(response)))
            else:
                removed.append(name)
    return removed, failed


def _sparql_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def plain_error(exc: object) -> str:
    """A transport error as a short sentence ("connection refused"), not Python's repr of it."""
    text = str(exc) or type(exc).__name__
    match = re.search(r"\[Errno -?\d+\] ([^\]>]+)", text)
    return (match.group(1) if match else text).strip().rstrip(".").lower()


def _reason(response: httpx.Response) -> str:
    """The store's own reason for refusing: its message, with any HTML stripped, at most 300 characters."""
    body = response.text
    if "<" in body and ">" in body:
        body = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", " ", body)
        body = html.unescape(re.sub(r"<[^>]+>", " ", body))
    body = " ".join(body.split())
    status = f"HTTP {response.status_code} {response.reason_phrase}".strip()
    if not body:
        return status
    if len(body) > 300:
        body = body[:299] + "…"
    return f"{status}: {body}"
