"""The dataset's own description: VoID (how big, what it holds, where to get it) and DCAT (how to cite and fetch it)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode, Store

from .._store import union_flag
from .._vocab import BG, DCAT, DCTERMS, PREFIXES, TYPE, VOID, XSD

LICENCE = NamedNode("https://creativecommons.org/licenses/by-sa/4.0/")  # the articles' own licence carries over


@dataclass(frozen=True)
class Statistics:
    triples: int
    entities: int
    classes: dict[str, int]
    properties: dict[str, int]


def statistics(store: Store) -> Statistics:
    """Counts over the union of the store's graphs, each triple once."""
    union = union_flag(store)

    def rows(query: str) -> list[tuple[str, int]]:
        answer = store.query(query, use_default_graph_as_union=union)
        return [(str(row[0].value), int(row[1].value)) for row in answer]  # type: ignore[union-attr]

    def count(query: str) -> int:
        answer = store.query(query, use_default_graph_as_union=union)
        values = [int(row[0].value) for row in answer]  # type: ignore[union-attr]
        del answer  # dropped by the thread that made it, as Oxigraph requires
        return values[0] if values else 0

    return Statistics(
        triples=count("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"),
        entities=count("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c }"),
        classes=dict(sorted(rows("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c"))),
        properties=dict(
            sorted(rows("SELECT ?p (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } } GROUP BY ?p"))
        ),
    )


def void_turtle(site_url: str, data_base: str, stats: Statistics, dumps: Sequence[tuple[str, str]]) -> str:
    """VoID and DCAT for the published dataset, with IRIs for every part (no blank nodes)."""
    from pyoxigraph import RdfFormat, Triple, serialize

    dataset = NamedNode(f"{site_url}void.ttl#dataset")
    facts: list[tuple[NamedNode, NamedNode, NamedNode | Literal]] = [
        (dataset, TYPE, VOID.Dataset),
        (dataset, TYPE, DCAT.Dataset),
        (dataset, DCTERMS.title, Literal("battlegraph: battles from Wikipedia articles")),
        (dataset, DCTERMS.description, Literal(
            "Battles, their sides, commanders and fates, strengths and casualties as bounded numbers, and the "
            "contingents of orders of battle, read from Wikipedia articles; every figure traced to its article."
        )),
        (dataset, DCTERMS.license, LICENCE),
        (dataset, DCTERMS.source, NamedNode("https://en.wikipedia.org/")),
        (dataset, DCTERMS.creator, Literal("battlegraph")),
        (dataset, VOID.triples, _integer(stats.triples)),
        (dataset, VOID.entities, _integer(stats.entities)),
        (dataset, VOID.classes, _integer(len(stats.classes))),
        (dataset, VOID.properties, _integer(len(stats.properties))),
        (dataset, VOID.uriSpace, Literal(data_base)),
        (dataset, VOID.vocabulary, NamedNode(BG.iri)),
        (dataset, VOID.sparqlEndpoint, NamedNode(f"{site_url}sparql")),
        (dataset, DCAT.landingPage, NamedNode(f"{site_url}index.html")),
    ]  # fmt: skip
    for index, (cls, count) in enumerate(stats.classes.items(), start=1):
        part = NamedNode(f"{dataset.value}-class-{index}")
        facts += [(dataset, VOID.classPartition, part), (part, VOID("class"), NamedNode(cls)),
                  (part, VOID.entities, _integer(count))]  # fmt: skip
    for index, (prop, count) in enumerate(stats.properties.items(), start=1):
        part = NamedNode(f"{dataset.value}-property-{index}")
        facts += [(dataset, VOID.propertyPartition, part), (part, VOID.property, NamedNode(prop)),
                  (part, VOID.triples, _integer(count))]  # fmt: skip
    for media, path in dumps:
        download = NamedNode(site_url + path)
        distribution = NamedNode(f"{dataset.value}-{path.rsplit('.', 1)[-1]}")
        facts += [
            (dataset, VOID.dataDump, download),
            (dataset, DCAT.distribution, distribution),
            (distribution, TYPE, DCAT.Distribution),
            (distribution, DCAT.downloadURL, download),
            (distribution, DCAT.mediaType, Literal(media)),
            (distribution, DCTERMS.license, LICENCE),
        ]
    triples = sorted({Triple(s, p, o) for s, p, o in facts}, key=str)
    prefixes = {**PREFIXES, "void": VOID.iri, "dcat": DCAT.iri}
    written = serialize(triples, format=RdfFormat.TURTLE, prefixes=prefixes)
    assert written is not None  # serialize returns bytes when given no output
    return written.decode("utf-8")


def _integer(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.integer)
