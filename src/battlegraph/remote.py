"""Loading the graph into a triple store with the SPARQL 1.1 Graph Store HTTP Protocol.

Every named graph (one per article, the ontology, the cross-article links) is sent
with its own ``PUT``, which replaces the graph: loading twice leaves the store as
loading once, and reloading one article replaces exactly its facts. A graph that
does not arrive is reported with the reason, and the others are still sent.

Graph Store endpoints of the usual servers (the graph goes in a query parameter):

    Oxigraph server   http://localhost:7878/store                                 ?graph=IRI
    Apache Jena Fuseki http://localhost:3030/DATASET/data                          ?graph=IRI
    GraphDB           http://localhost:7200/repositories/REPO/rdf-graphs/service  ?graph=IRI
    Virtuoso          http://localhost:8890/sparql-graph-crud-auth                ?graph-uri=IRI
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

from pyoxigraph import NamedNode, RdfFormat, Store

from .errors import InputError

USER_AGENT = "battlegraph (+https://w3id.org/battlegraph)"
# After this many graphs in a row fail to connect at all, the server is taken to be down.
_UNREACHABLE_AFTER = 3


@dataclass
class LoadReport:
    endpoint: str
    loaded: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # graph IRI, reason
    triples: int = 0

    @property
    def ok(self) -> bool:
        return not self.failed


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


def load_graphs(
    endpoint: str,
    graphs: Iterable[tuple[str, bytes]],
    *,
    graph_param: str = "graph",
    user: str | None = None,
    password: str | None = None,
    timeout: float = 60,
) -> LoadReport:
    """PUT every graph to a Graph Store Protocol endpoint; report what arrived and what did not."""
    check_endpoint(endpoint)
    opener = _opener(endpoint, user, password)
    report = LoadReport(endpoint)
    unreachable = 0
    separator = "&" if "?" in endpoint else "?"
    for name, data in graphs:
        if unreachable >= _UNREACHABLE_AFTER:
            report.failed.append((name, "not sent: the server stopped answering"))
            continue
        url = f"{endpoint}{separator}{graph_param}={quote(name, safe='')}"
        request = urllib.request.Request(
            url,
            data=data,
            method="PUT",
            headers={"Content-Type": "application/n-triples", "User-Agent": USER_AGENT},
        )
        try:
            with opener.open(request, timeout=timeout) as response:
                response.read()
            report.loaded.append(name)
            report.triples += data.count(b"\n")
            unreachable = 0
        except urllib.error.HTTPError as exc:
            body = exc.read(300).decode("utf-8", "replace").strip()
            report.failed.append((name, f"HTTP {exc.code} {exc.reason}" + (f": {body}" if body else "")))
            unreachable = 0
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            report.failed.append((name, f"cannot connect: {reason}"))
            unreachable += 1
    return report


def _opener(endpoint: str, user: str | None, password: str | None) -> urllib.request.OpenerDirector:
    handlers: list[urllib.request.BaseHandler] = []
    if user is not None:
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, endpoint, user, password or "")
        handlers += [urllib.request.HTTPBasicAuthHandler(passwords), urllib.request.HTTPDigestAuthHandler(passwords)]
    return urllib.request.build_opener(*handlers)
