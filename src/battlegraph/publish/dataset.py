"""The dataset's own description: VoID (how big, what it holds, where to get it) and DCAT (how to cite and fetch it)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pyoxigraph import Store

from ..rdf import PREFIXES, integer, iri, string
from ..store import union_flag

VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
DCTERMS = "http://purl.org/dc/terms/"
LICENCE = "https://creativecommons.org/licenses/by-sa/4.0/"  # the articles' own licence carries over


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
    dataset = f"{site_url}void.ttl#dataset"
    lines = [f"@prefix {p}: <{ns}> ." for p, ns in sorted({**PREFIXES, "void": VOID, "dcat": DCAT}.items())]
    facts = [
        (iri(dataset), f"<{PREFIXES['rdf']}type>", f"<{VOID}Dataset>"),
        (iri(dataset), f"<{PREFIXES['rdf']}type>", f"<{DCAT}Dataset>"),
        (iri(dataset), f"<{DCTERMS}title>", string("battlegraph: battles from Wikipedia articles")),
        (iri(dataset), f"<{DCTERMS}description>", string(
            "Battles, their sides, commanders and fates, strengths and casualties as bounded numbers, and the "
            "contingents of orders of battle, read from Wikipedia articles; every figure traced to its article."
        )),
        (iri(dataset), f"<{DCTERMS}license>", iri(LICENCE)),
        (iri(dataset), f"<{DCTERMS}source>", iri("https://en.wikipedia.org/")),
        (iri(dataset), f"<{DCTERMS}creator>", string("battlegraph")),
        (iri(dataset), f"<{VOID}triples>", integer(stats.triples)),
        (iri(dataset), f"<{VOID}entities>", integer(stats.entities)),
        (iri(dataset), f"<{VOID}classes>", integer(len(stats.classes))),
        (iri(dataset), f"<{VOID}properties>", integer(len(stats.properties))),
        (iri(dataset), f"<{VOID}uriSpace>", string(data_base)),
        (iri(dataset), f"<{VOID}vocabulary>", iri(PREFIXES["bg"])),
        (iri(dataset), f"<{VOID}sparqlEndpoint>", iri(f"{site_url}sparql")),
        (iri(dataset), f"<{DCAT}landingPage>", iri(f"{site_url}index.html")),
    ]  # fmt: skip
    for index, (cls, count) in enumerate(stats.classes.items(), start=1):
        part = iri(f"{dataset}-class-{index}")
        facts += [(iri(dataset), f"<{VOID}classPartition>", part), (part, f"<{VOID}class>", iri(cls)),
                  (part, f"<{VOID}entities>", integer(count))]  # fmt: skip
    for index, (prop, count) in enumerate(stats.properties.items(), start=1):
        part = iri(f"{dataset}-property-{index}")
        facts += [(iri(dataset), f"<{VOID}propertyPartition>", part), (part, f"<{VOID}property>", iri(prop)),
                  (part, f"<{VOID}triples>", integer(count))]  # fmt: skip
    for media, path in dumps:
        download = iri(site_url + path)
        distribution = iri(f"{dataset}-{path.rsplit('.', 1)[-1]}")
        facts += [
            (iri(dataset), f"<{VOID}dataDump>", download),
            (iri(dataset), f"<{DCAT}distribution>", distribution),
            (distribution, f"<{PREFIXES['rdf']}type>", f"<{DCAT}Distribution>"),
            (distribution, f"<{DCAT}downloadURL>", download),
            (distribution, f"<{DCAT}mediaType>", string(media)),
            (distribution, f"<{DCTERMS}license>", iri(LICENCE)),
        ]
    body = [f"{s} {p} {o} ." for s, p, o in sorted(set(facts))]
    return "\n".join(lines) + "\n\n" + "\n".join(body) + "\n"
