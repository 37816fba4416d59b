"""`battlegraph serve`: the SPARQL 1.1 Protocol over the built store, read-only, over real HTTP."""

from __future__ import annotations

import csv
import io
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from pyoxigraph import DefaultGraph, Store

from battlegraph._server import negotiate

from .conftest import running_server

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def store(seed_store: Store) -> Store:
    return seed_store


@pytest.fixture(scope="module")
def endpoint(seed_out: Path) -> Iterator[str]:
    with running_server(seed_out, timeout=1.0) as url:
        yield url


def call(url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers["Content-Type"], exc.read()


def test_get_post_and_body_queries(endpoint: str, store: Store) -> None:
    merged = sum(1 for _ in store.quads_for_pattern(None, None, None, DefaultGraph()))
    status, kind, body = call(f"{endpoint}/sparql?query={urllib.parse.quote(COUNT)}")
    assert status == 200 and kind.startswith("application/sparql-results+json")
    count = int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
    assert count == merged > 1000  # the default graph: every article's triples merged, each once
    form = urllib.parse.urlencode({"query": COUNT}).encode()
    status, _, body = call(f"{endpoint}/sparql", data=form, headers={"Accept": "text/csv"})
    assert status == 200 and list(csv.reader(io.StringIO(body.decode())))[1] == [str(count)]
    status, kind, _ = call(
        f"{endpoint}/sparql",
        data=COUNT.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "text/tab-separated-values"},
    )
    assert status == 200 and kind.startswith("text/tab-separated-values")


def test_construct_is_negotiated(endpoint: str) -> None:
    query = urllib.parse.quote("CONSTRUCT WHERE { ?b a <https://w3id.org/battlegraph/ontology#Battle> }")
    status, kind, body = call(f"{endpoint}/sparql?query={query}", headers={"Accept": "application/n-triples"})
    assert status == 200 and kind.startswith("application/n-triples") and body.count(b"\n") == 2
    status, kind, _ = call(f"{endpoint}/sparql?query={query}", headers={"Accept": "text/turtle"})
    assert status == 200 and kind.startswith("text/turtle")
    status, _, _ = call(f"{endpoint}/sparql?query={query}", headers={"Accept": "image/png"})
    assert status == 406


@pytest.mark.parametrize(
    ("path", "data", "headers"),
    [
        ("/sparql", urllib.parse.urlencode({"update": "DROP ALL"}).encode(), {}),
        ("/sparql", b"DROP ALL", {"Content-Type": "application/sparql-update"}),
        ("/sparql?update=DROP%20ALL", None, {}),
        ("/update", b"update=DROP+ALL", {}),
    ],
)
def test_updates_are_refused(
    endpoint: str, store: Store, path: str, data: bytes | None, headers: dict[str, str]
) -> None:
    before = len(store)
    status, _, body = call(endpoint + path, data=data, headers=headers)
    assert status == 403 and b"read-only" in body
    assert len(store) == before


def test_bad_query_and_unknown_path(endpoint: str) -> None:
    status, _, body = call(f"{endpoint}/sparql?query={urllib.parse.quote('SELECT WHERE {')}")
    assert status == 400 and b"syntax" in body
    assert call(f"{endpoint}/nowhere")[0] == 404
    assert call(f"{endpoint}/sparql")[0] == 400


def test_slow_query_hits_the_time_limit(endpoint: str) -> None:
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    status, _, body = call(f"{endpoint}/sparql?query={urllib.parse.quote(slow)}")
    assert status == 503 and b"limit" in body


@pytest.mark.parametrize(
    ("accept", "offered", "chosen"),
    [
        (None, ["a/b", "c/d"], "a/b"),
        ("c/d", ["a/b", "c/d"], "c/d"),
        ("c/d;q=0.5, a/b;q=0.9", ["a/b", "c/d"], "a/b"),
        ("text/*", ["application/json", "text/csv"], "text/csv"),
        ("*/*;q=0.1, text/csv", ["application/json", "text/csv"], "text/csv"),
        ("image/png", ["a/b"], None),
        ("a/b;q=0", ["a/b"], None),
    ],
)
def test_negotiate(accept: str | None, offered: list[str], chosen: str | None) -> None:
    assert negotiate(accept, offered) == chosen


def test_an_in_memory_server_answers_every_canned_question_as_the_store_does(seed_out: Path) -> None:
    from battlegraph._queries import bound_values, canned_queries, query_text

    answers: dict[bool, list[list[dict[str, object]]]] = {}
    for in_memory in (False, True):
        with running_server(seed_out, in_memory=in_memory, workers=1) as url:
            answers[in_memory] = []
            for query in canned_queries().values():
                text = query_text(query, bound_values(query, {}))
                status, _, body = call(
                    f"{url}/sparql",
                    data=text.encode(),
                    headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
                )
                assert status == 200, (query.name, body[:200])
                answers[in_memory].append(json.loads(body)["results"]["bindings"])
    assert sum(map(len, answers[False])) > 50
    assert answers[True] == answers[False]


def test_the_in_memory_copy_is_a_copy(seed_out: Path) -> None:
    from battlegraph._querypool import open_for_queries
    from battlegraph._store import store_folder

    folder = str(store_folder(seed_out))
    on_disk = open_for_queries(folder, in_memory=False)
    copy = open_for_queries(folder, in_memory=True)
    assert len(copy) == len(on_disk) > 1000
    copy.update("INSERT DATA { <urn:x> <urn:y> <urn:z> }")  # its own: a read-only store refuses this
    assert len(copy) == len(on_disk) + 1
    with pytest.raises((OSError, RuntimeError)):
        on_disk.update("INSERT DATA { <urn:x> <urn:y> <urn:z> }")
