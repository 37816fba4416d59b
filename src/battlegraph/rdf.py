"""A :class:`~battlegraph.model.Battle` record → triples, per the graph contract.

Each article's facts go in a named graph whose IRI is the article's, so one
article can be replaced in a store with one Graph Store Protocol PUT.

Terms are kept as their N-Triples text (``<iri>``, ``"literal"^^<datatype>``):
the build writes hundreds of thousands of them, and strings cost a fraction of
what term objects do to make, sort and write. The triples come back sorted, so
serialisations of the same input are byte-identical.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .iris import ONTOLOGY, Minter, dbpedia_iri, slug, wikipedia_url
from .model import Battle, Commander, Figure, Side

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
PROV = "http://www.w3.org/ns/prov#"
FOAF = "http://xmlns.com/foaf/0.1/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
OWL = "http://www.w3.org/2002/07/owl#"
SCHEMA = "https://schema.org/"

PREFIXES = {
    "bg": ONTOLOGY,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "owl": OWL,
    "skos": SKOS,
    "prov": PROV,
    "foaf": FOAF,
    "schema": SCHEMA,
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "crm": "http://www.cidoc-crm.org/cidoc-crm/",
    "dbo": "http://dbpedia.org/ontology/",
    "dcterms": "http://purl.org/dc/terms/",
    "sh": "http://www.w3.org/ns/shacl#",
}

Triple = tuple[str, str, str]

RDF_TYPE = f"<{RDF}type>"
LABEL = f"<{RDFS}label>"
FATE_CONCEPTS = {
    "KIA": "KilledInAction",
    "WIA": "WoundedInAction",
    "POW": "PrisonerOfWar",
    "DOW": "DiedOfWounds",
    "MIA": "MissingInAction",
    "EXECUTED": "Executed",
    "SURRENDERED": "Surrendered",
    "DEFECTED": "Defected",
}
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f\ud800-\udfff]')


def iri(value: str) -> str:
    return f"<{value}>"


def bg(local: str) -> str:
    return f"<{ONTOLOGY}{local}>"


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    if char in _ESCAPES:
        return _ESCAPES[char]
    if 0xD800 <= ord(char) <= 0xDFFF:
        return "\\uFFFD"  # a lone surrogate cannot be written as UTF-8
    return f"\\u{ord(char):04X}"


def string(value: str) -> str:
    """An xsd:string literal in N-Triples."""
    return '"' + _NEEDS_ESCAPE.sub(_escape, value) + '"'


def typed(lexical: str, datatype: str) -> str:
    return f"{string(lexical)}^^<{datatype}>"


def integer(value: int) -> str:
    return typed(str(value), XSD + "integer")


TRUE = typed("true", XSD + "boolean")


@dataclass(frozen=True, slots=True)
class GraphBatch:
    """The triples of one named graph (``name`` is its IRI term, or "" for the default graph)."""

    name: str
    triples: list[Triple]


def sort_key(triple: Triple) -> tuple[str, int, str, str]:
    """Subject, then rdf:type first, then predicate and object."""
    return (triple[0], 0 if triple[1] == RDF_TYPE else 1, triple[1], triple[2])


class _Graph:
    """Collects the triples of one article's named graph."""

    def __init__(self) -> None:
        self.triples: set[Triple] = set()

    def add(self, subject: str, predicate: str, obj: str | int | bool | None, *, literal: bool = True) -> None:
        """Add a triple; ``obj`` is a term, or a Python value turned into a literal."""
        if obj is None:
            return
        if isinstance(obj, bool):
            term = TRUE if obj else typed("false", XSD + "boolean")
        elif isinstance(obj, int):
            term = integer(obj)
        elif literal:
            term = string(obj)
        else:
            term = obj
        self.triples.add((subject, predicate, term))

    def link(self, subject: str, predicate: str, target: str) -> None:
        self.triples.add((subject, predicate, target))

    def typed(self, subject: str, cls: str, label: str | None = None) -> None:
        self.triples.add((subject, RDF_TYPE, bg(cls)))
        if label:
            self.triples.add((subject, LABEL, string(label)))


def battle_graph(battle: Battle, minter: Minter, article_slug: str) -> GraphBatch:
    """Every triple of one battle, for the article's named graph, sorted."""
    article = iri(minter.article(article_slug))
    battle_iri = minter.battle(article_slug)
    node = iri(battle_iri)
    g = _Graph()
    page = iri(wikipedia_url(battle.title))

    g.typed(article, "Article", battle.title)
    g.link(article, iri(PROV + "wasDerivedFrom"), page)
    g.add(article, bg("fileName"), _file_name(battle.path))
    g.add(article, bg("sha256"), battle.sha256)

    g.typed(node, "Battle", battle.title)
    g.link(node, iri(PROV + "wasDerivedFrom"), article)
    _page(g, node, battle.title)
    g.add(node, bg("conflictName"), battle.conflict_name)
    for war in battle.wars:
        war_node = iri(minter.war(war, battle.links.get(war)))
        g.link(node, bg("partOf"), war_node)
        g.typed(war_node, "War", war)
        _page(g, war_node, battle.links.get(war))
    if battle.start is not None:
        g.link(node, bg("startDate"), typed(battle.start.lexical, battle.start.datatype))
    if battle.end is not None:
        g.link(node, bg("endDate"), typed(battle.end.lexical, battle.end.datatype))
    g.add(node, bg("dateText"), battle.date_text)
    g.add(node, bg("calendar"), battle.calendar)
    if battle.place:
        place = iri(minter.place(battle.place, battle.links.get(battle.place)))
        g.link(node, bg("place"), place)
        g.typed(place, "Place", battle.place)
        _page(g, place, battle.links.get(battle.place))
    g.add(node, bg("result"), battle.result)
    g.add(node, bg("territory"), battle.territory)
    for title in battle.see_also:
        g.link(node, iri(RDFS + "seeAlso"), iri(wikipedia_url(title)))

    _figures(g, node, f"{battle_iri}/casualties", "battleCasualties", battle.casualties)
    for side in battle.sides:
        side_iri = f"{battle_iri}/side/{side.number}"
        g.link(node, bg("side"), iri(side_iri))
        g.typed(iri(side_iri), "Side", f"{battle.title}, side {side.number}")
        g.add(iri(side_iri), bg("sideNumber"), side.number)
        _side(g, side, side_iri, minter, battle.links)
        if side.number == battle.victor:
            g.link(node, bg("victor"), iri(side_iri))
    return GraphBatch(article, sorted(g.triples, key=sort_key))


def _page(g: _Graph, node: str, link: str | None) -> None:
    """The Wikipedia page a resource is the topic of, and the DBpedia resource made from that page.

    A battle's page is its article's title; for people, places, wars and belligerents
    it is what the wikitext links them to, which only wikitext knows.
    """
    if link:
        url = iri(wikipedia_url(link))
        g.link(node, iri(FOAF + "isPrimaryTopicOf"), url)
        g.link(node, iri(SCHEMA + "sameAs"), url)
        g.link(node, iri(OWL + "sameAs"), iri(dbpedia_iri(link)))


def _aliases(g: _Graph, node: str, aliases: Sequence[str]) -> None:
    for alias in aliases:
        g.add(node, iri(SKOS + "altLabel"), alias)


def _side(g: _Graph, side: Side, side_iri: str, minter: Minter, links: Mapping[str, str]) -> None:
    node = iri(side_iri)
    for belligerent in side.belligerents:
        target = iri(minter.belligerent(belligerent.name, belligerent.link))
        g.link(node, bg("combatant"), target)
        g.typed(target, "Belligerent", belligerent.name)
        _page(g, target, belligerent.link)
        _aliases(g, target, belligerent.aliases)
    used: set[str] = set()
    for commander in side.commanders:
        role = iri(_unique(f"{side_iri}/commander/{slug(commander.name)}", used))
        g.link(node, bg("commanderRole"), role)
        _commander(g, commander, role, minter)
    for unit in side.units:
        g.add(node, bg("units"), unit)
    for prop, figures in (("strength", side.strengths), ("casualties", side.casualties)):
        _figures(g, node, f"{side_iri}/{prop}", prop, figures)
    for index, contingent in enumerate(side.contingents, start=1):
        contingent_iri = f"{side_iri}/contingent/{index}"
        target = iri(contingent_iri)
        g.link(node, bg("contingent"), target)
        g.typed(target, "Contingent", contingent.size.source.text)
        for leader in contingent.leaders:
            link = links.get(leader)
            person = iri(minter.person(leader, link))
            g.link(target, bg("ledBy"), person)
            g.typed(person, "Person", leader)
            _page(g, person, link)
        size = iri(f"{contingent_iri}/size")
        g.link(target, bg("size"), size)
        _quantity(g, size, contingent.size)
    for index, figure in enumerate(side.stated_totals, start=1):
        total = iri(f"{side_iri}/total/{index}")
        g.link(node, bg("statedTotal"), total)
        _quantity(g, total, figure)


def _figures(g: _Graph, node: str, stem: str, prop: str, figures: Sequence[Figure]) -> None:
    """Numbered figures under ``stem``; an "of whom …" figure is a subset of the one before it."""
    whole: str | None = None
    for index, figure in enumerate(figures, start=1):
        quantity = iri(f"{stem}/{index}")
        g.link(node, bg(prop), quantity)
        _quantity(g, quantity, figure, whole)
        if not figure.value.subset:
            whole = quantity


def _unique(value: str, used: set[str]) -> str:
    candidate, number = value, 2
    while candidate in used:
        candidate = f"{value}-{number}"
        number += 1
    used.add(candidate)
    return candidate


def _commander(g: _Graph, commander: Commander, role: str, minter: Minter) -> None:
    person = iri(minter.person(commander.name, commander.link))
    g.typed(role, "CommanderRole")
    g.link(role, bg("person"), person)
    g.typed(person, "Person", commander.name)
    _page(g, person, commander.link)
    _aliases(g, person, commander.aliases)
    if commander.fate:
        g.link(role, bg("fate"), bg(FATE_CONCEPTS[commander.fate]))
    g.add(role, bg("group"), commander.group)
    g.add(role, bg("roleTitle"), commander.role)
    g.add(role, bg("note"), commander.note)
    g.add(role, bg("sourceField"), commander.source.field)
    g.add(role, bg("sourceLine"), commander.source.line)


def _quantity(g: _Graph, node: str, figure: Figure, whole: str | None = None) -> None:
    """A figure; ``whole`` is the figure before it, which an "of whom …" figure is part of."""
    value = figure.value
    g.typed(node, "Quantity")
    g.add(node, bg("minValue"), value.min)
    g.add(node, bg("maxValue"), value.max)
    g.add(node, bg("unit"), value.unit)
    g.link(node, bg("category"), bg(value.category))
    g.add(node, bg("kind"), value.kind)
    g.add(node, bg("sourceText"), value.text)
    g.add(node, bg("sourceField"), figure.source.field)
    g.add(node, bg("sourceLine"), figure.source.line)
    g.add(node, bg("group"), value.group)
    g.add(node, bg("attributedTo"), value.source)
    g.add(node, bg("qualifier"), value.qualifier)
    g.add(node, bg("note"), value.note)
    if value.approximate:
        g.add(node, bg("approximate"), True)
    if value.subset and whole is not None:
        g.link(node, bg("subsetOf"), whole)
    if value.total:
        g.add(node, bg("isTotal"), True)


def _file_name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]
