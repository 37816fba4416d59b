"""The published site: every page and file reachable from the index, RDF that re-parses, text escaped,
nothing fetched from elsewhere; and the served IRIs answer by content negotiation."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDFS

from battlegraph._building import build
from battlegraph._cli import main
from battlegraph._publish import SITE_MARKER, SiteRenderer, publish
from battlegraph._store import open_store

from .conftest import running_server

HOSTILE = '<script>alert("x")</script> Kim'


@pytest.fixture(scope="module")
def built(seed_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("articles")
    for article in seed_dir.iterdir():
        (folder / article.name).write_bytes(article.read_bytes())
    (folder / "hostile.txt").write_text(
        "= Battle of <b>Nowhere</b> & Co =\n\nInfobox\n- Conflict: Battle of Nowhere\n- Date: 1593\n"
        f"- Combatant1: Joseon\n- Combatant2: Japan\n- Commander1: {HOSTILE}KIA\n- Commander2: Konishi Yukinaga\n"
        "- Strength1: 1,000\n- Strength2: 2,000\n",
        encoding="utf-8",
    )
    out = tmp_path_factory.mktemp("built")
    aliases = Path(__file__).resolve().parent.parent / "data" / "aliases.ttl"
    build([folder], out, formats=("ttl", "trig", "nt", "jsonld"), validate=False, aliases=aliases)
    return out


@pytest.fixture(scope="module")
def site(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("published") / "site"
    publish(open_store(built / "store"), target, dumps=built)
    return target


def links(page: Path) -> Iterator[str]:
    for target in re.findall(r'(?:href|src)="([^"]+)"', page.read_text(encoding="utf-8")):
        if not urlsplit(target).scheme and not target.startswith("#"):
            yield target.split("#", 1)[0]


def test_every_page_and_file_is_reachable_from_the_index(site: Path) -> None:
    files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file() and p.name != SITE_MARKER}
    reached = {"index.html"}
    queue = ["index.html"]
    while queue:
        current = queue.pop()
        if not current.endswith(".html"):
            continue
        for link in links(site / current):
            target = urlsplit(urljoin(current, link)).path
            if target not in reached:
                assert target in files, f"{current} links to missing {target}"
                reached.add(target)
                queue.append(target)
    assert files - reached == set()
    assert {"void.ttl", "dumps/graph.ttl", "dumps/graph.trig", "ontology.html", "network.html"} <= reached
    assert any(path.startswith("person/") for path in reached) and any(path.startswith("war/") for path in reached)


def test_every_rdf_file_reparses(site: Path) -> None:
    formats = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld"}
    checked = 0
    for path in sorted(site.rglob("*")):
        if path.suffix in formats:
            graph = Graph().parse(path, format=formats[path.suffix])
            assert len(graph) > 0, path
            checked += 1
        elif path.suffix == ".trig":
            Dataset().parse(path, format="trig")
            checked += 1
    assert checked > 100
    jinju = Graph().parse(site / "battle" / "siege-of-jinju-1592.ttl", format="turtle")
    side = URIRef("https://w3id.org/battlegraph/id/battle/siege-of-jinju-1592/side/1")
    assert (side, URIRef("https://w3id.org/battlegraph/ontology#sideNumber"), Literal(1)) in jinju


def test_void_describes_the_dataset(site: Path) -> None:
    void = Graph().parse(site / "void.ttl", format="turtle")
    text = (site / "void.ttl").read_text(encoding="utf-8")
    void_ns = "http://rdfs.org/ns/void#"
    dataset = next(s for s in void.subjects(URIRef(void_ns + "dataDump"), None))
    assert str(dataset).endswith("void.ttl#dataset")
    triples = void.value(dataset, URIRef(void_ns + "triples"))
    entities = void.value(dataset, URIRef(void_ns + "entities"))
    assert isinstance(triples, Literal) and isinstance(entities, Literal)
    assert int(triples) > 1000
    assert int(entities) > 50
    assert (None, URIRef(void_ns + "dataDump"), None) in void and "dumps/graph.ttl" in text
    assert (
        None,
        URIRef("http://purl.org/dc/terms/license"),
        URIRef("https://creativecommons.org/licenses/by-sa/4.0/"),
    ) in void
    assert (None, URIRef(void_ns + "sparqlEndpoint"), None) in void
    assert "_:" not in text and "[" not in text


def test_names_are_shown_as_text(site: Path) -> None:
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script" not in html, page
        assert "<b>Nowhere" not in html, page
    person = next(site.glob("person/script-alert-x-script-kim/index.html"))
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Kim" in person.read_text(encoding="utf-8")


def test_pages_fetch_nothing_from_elsewhere(site: Path) -> None:
    for page in [*site.rglob("*.html"), site / "style.css"]:
        text = page.read_text(encoding="utf-8")
        assert not re.search(r'<(?:script|img|link|iframe)[^>]+(?:src|href)="(?:https?:)?//', text), page
        assert "@import" not in text and "url(http" not in text


def test_war_page_has_its_timeline_and_battle_its_chart(site: Path) -> None:
    war = (site / "war" / "imjin-war" / "index.html").read_text(encoding="utf-8")
    assert 'class="war-timeline"' in war and war.index("Siege of Jinju (1592)") < war.index("Siege of Namwon")
    jinju = (site / "battle" / "siege-of-jinju-1592" / "index.html").read_text(encoding="utf-8")
    assert 'class="force-chart"' in jinju and jinju.count('class="contingent"') == 12
    assert "killed in action" in jinju and 'class="victor"' in jinju


def test_publish_command(built: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["publish", "--store", str(built / "store"), "-o", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    assert re.search(r"Wrote .*site: \d+ pages and \d+ data files", result.output)
    assert (tmp_path / "site" / "index-by-size.html").exists()


@pytest.fixture(scope="module")
def served(built: Path) -> Iterator[str]:
    store = open_store(built / "store")
    with running_server(built, renderer=SiteRenderer(store, dumps=built)) as url:
        yield url


def fetch(url: str, accept: str | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()


@pytest.mark.parametrize(
    ("accept", "media", "parse"),
    [
        ("text/turtle", "text/turtle", "turtle"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html", None),
    ],
)
def test_a_person_iri_is_negotiated(served: str, accept: str, media: str, parse: str | None) -> None:
    status, headers, body = fetch(f"{served}/person/ukita-hideie", accept)
    assert status == 200 and headers["content-type"].startswith(media) and headers["vary"] == "Accept"
    if parse:
        graph = Graph().parse(data=body.decode("utf-8"), format=parse)
        person = URIRef("https://w3id.org/battlegraph/id/person/ukita-hideie")
        assert (person, RDFS.label, Literal("Ukita Hideie")) in graph
        assert headers["content-location"].startswith("/person/ukita-hideie.")
    else:
        assert b"<h1>Ukita Hideie</h1>" in body and b"Siege of Namwon" in body


def test_unknown_iris_and_unacceptable_types(served: str) -> None:
    assert fetch(f"{served}/person/nobody-at-all", "text/turtle")[0] == 404
    assert fetch(f"{served}/person/ukita-hideie", "image/png")[0] == 406
    assert fetch(f"{served}/battle/siege-of-jinju-1592.ttl")[1]["content-type"].startswith("text/turtle")


def test_served_pages_escape_and_answer_questions(served: str) -> None:
    status, _, body = fetch(f"{served}/person/script-alert-x-script-kim", "text/html")
    assert status == 200 and b"<script" not in body and b"&lt;script&gt;" in body
    status, _, body = fetch(f"{served}/query.html?name=battles-of&person=Ukita%20Hideie")
    assert status == 200 and body.count(b"<td>Siege of") == 2
    status, _, body = fetch(f"{served}/query.html?name=battles-of&person=%22%20%7D%20DROP%20ALL%20%23")
    assert status == 200 and b"0 rows" in body
    status, _, body = fetch(f"{served}/query.html")
    assert b"<form" in body and b'name="person"' in body
    assert json.loads(fetch(f"{served}/sparql?query=ASK%20%7B%7D")[2])["boolean"] is True
