"""Each seed article's graph equals the reviewed graph checked in under tests/golden/."""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from .conftest import ARTICLES, GOLDEN, SEEDS, article_dataset, article_graph

BG = "https://w3id.org/battlegraph/ontology#"


@pytest.mark.parametrize("name", SEEDS)
def test_seed_graph_is_the_golden_graph(name: str) -> None:
    expected = Graph().parse(GOLDEN / f"{name}.ttl", format="turtle")
    actual = article_graph(ARTICLES / f"{name}.txt")
    if not isomorphic(expected, actual):
        _, missing, extra = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
        pytest.fail(
            "graph differs from tests/golden (run `make golden` if the change is intended)\n"
            f"missing:\n{missing.serialize(format='nt')}\nunexpected:\n{extra.serialize(format='nt')}"
        )


@pytest.mark.parametrize("name", SEEDS)
def test_one_named_graph_per_article_and_no_blank_nodes(name: str) -> None:
    dataset = article_dataset(ARTICLES / f"{name}.txt")
    graphs = {str(context) for _, _, _, context in dataset.quads((None, None, None, None))}
    assert graphs == {f"https://w3id.org/battlegraph/id/dataset/battlegraph/article/{name.replace('_', '-')}"}
    for triple in article_graph(ARTICLES / f"{name}.txt"):
        assert not any(isinstance(term, BNode) for term in triple)


def test_provenance_and_wikipedia_link() -> None:
    graph = article_graph(ARTICLES / "siege_of_jinju_1592.txt")
    battle = URIRef("https://w3id.org/battlegraph/id/battle/siege-of-jinju-1592")
    article = URIRef("https://w3id.org/battlegraph/id/dataset/battlegraph/article/siege-of-jinju-1592")
    assert (battle, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), article) in graph
    page = URIRef("https://en.wikipedia.org/wiki/Siege_of_Jinju_(1592)")
    assert (battle, URIRef("http://xmlns.com/foaf/0.1/isPrimaryTopicOf"), page) in graph
    assert (article, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), page) in graph


def test_bounds_are_integers_and_kia_is_kept() -> None:
    graph = article_graph(ARTICLES / "siege_of_namwon.txt")
    side2 = "https://w3id.org/battlegraph/id/battle/siege-of-namwon/side/2"
    strength = URIRef(f"{side2}/strength/1")
    assert graph.value(strength, URIRef(BG + "minValue")) == Literal(700)
    assert graph.value(strength, URIRef(BG + "maxValue")) == Literal(1000)
    assert graph.value(strength, URIRef(BG + "group")) == Literal("Korea")
    role = URIRef(f"{side2}/commander/yi-bok-nam")
    assert graph.value(role, URIRef(BG + "fate")) == URIRef(BG + "KilledInAction")
    person = graph.value(role, URIRef(BG + "person"))
    assert graph.value(person, URIRef("http://www.w3.org/2000/01/rdf-schema#label")) == Literal("Yi Bok-nam")
