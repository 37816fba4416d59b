"""A :class:`~battlegraph.model.Battle` record → quads, per the graph contract.

Each article's facts go in a named graph whose IRI is the article's, so one
article can be replaced in a store with one Graph Store Protocol PUT. The quads
come back sorted, so serialisations of the same input are byte-identical.
"""

from __future__ import annotations

from collections.abc import Iterable

from pyoxigraph import Literal, NamedNode, Quad

from .iris import ONTOLOGY, Minter, slug, wikipedia_url
from .model import Battle, Commander, Figure, Side
from .values import QuantityValue

RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
PROV = "http://www.w3.org/ns/prov#"
FOAF = "http://xmlns.com/foaf/0.1/"
SKOS = "http://www.w3.org/2004/02/skos/core#"

PREFIXES = {
    "bg": ONTOLOGY,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": RDFS,
    "xsd": XSD,
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": SKOS,
    "prov": PROV,
    "foaf": FOAF,
    "schema": "https://schema.org/",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "crm": "http://www.cidoc-crm.org/cidoc-crm/",
    "dbo": "http://dbpedia.org/ontology/",
    "dcterms": "http://purl.org/dc/terms/",
    "sh": "http://www.w3.org/ns/shacl#",
}

_INTEGER = NamedNode(XSD + "integer")
_BOOLEAN = NamedNode(XSD + "boolean")
FATE_CONCEPTS = {
    "KIA": "KilledInAction",
    "WIA": "WoundedInAction",
    "POW": "PrisonerOfWar",
    "DOW": "DiedOfWounds",
    "MIA": "MissingInAction",
}


def bg(local: str) -> NamedNode:
    return NamedNode(ONTOLOGY + local)


def _node(iri: str) -> NamedNode:
    return NamedNode(iri)


class _Graph:
    """Collects the triples of one article's named graph."""

    def __init__(self, graph: str) -> None:
        self.graph = NamedNode(graph)
        self.quads: set[Quad] = set()

    def add(self, subject: str, predicate: NamedNode, obj: NamedNode | Literal | str | int | bool | None) -> None:
        if obj is None:
            return
        if isinstance(obj, bool):
            term: NamedNode | Literal = Literal("true" if obj else "false", datatype=_BOOLEAN)
        elif isinstance(obj, int):
            term = Literal(str(obj), datatype=_INTEGER)
        elif isinstance(obj, str):
            term = Literal(obj)
        else:
            term = obj
        self.quads.add(Quad(NamedNode(subject), predicate, term, self.graph))

    def typed(self, subject: str, cls: str, label: str | None = None) -> None:
        self.add(subject, RDF_TYPE, bg(cls))
        if label:
            self.add(subject, NamedNode(RDFS + "label"), label)


def sort_key(quad: Quad) -> tuple[str, str, int, str, str]:
    """Graph, subject, then rdf:type first, then predicate and object."""
    predicate = quad.predicate.value
    return (
        str(quad.graph_name),
        quad.subject.value if isinstance(quad.subject, NamedNode) else str(quad.subject),
        0 if predicate == RDF_TYPE.value else 1,
        predicate,
        str(quad.object),
    )


def battle_quads(battle: Battle, minter: Minter, article_slug: str) -> list[Quad]:
    """Every triple of one battle, in the article's named graph, sorted."""
    article_iri = minter.article(article_slug)
    battle_iri = minter.battle(article_slug)
    g = _Graph(article_iri)

    g.typed(article_iri, "Article", battle.title)
    g.add(article_iri, NamedNode(PROV + "wasDerivedFrom"), _node(wikipedia_url(battle.title)))
    g.add(article_iri, bg("fileName"), _file_name(battle.path))
    g.add(article_iri, bg("sha256"), battle.sha256)

    g.typed(battle_iri, "Battle", battle.title)
    g.add(battle_iri, NamedNode(PROV + "wasDerivedFrom"), _node(article_iri))
    g.add(battle_iri, NamedNode(FOAF + "isPrimaryTopicOf"), _node(wikipedia_url(battle.title)))
    g.add(battle_iri, bg("conflictName"), battle.conflict_name)
    for war in battle.wars:
        war_iri = minter.war(war)
        g.add(battle_iri, bg("partOf"), _node(war_iri))
        g.typed(war_iri, "War", war)
    if battle.start is not None:
        g.add(battle_iri, bg("startDate"), Literal(battle.start.lexical, datatype=NamedNode(battle.start.datatype)))
    if battle.end is not None:
        g.add(battle_iri, bg("endDate"), Literal(battle.end.lexical, datatype=NamedNode(battle.end.datatype)))
    g.add(battle_iri, bg("dateText"), battle.date_text)
    g.add(battle_iri, bg("calendar"), battle.calendar)
    if battle.place:
        place_iri = minter.place(battle.place)
        g.add(battle_iri, bg("place"), _node(place_iri))
        g.typed(place_iri, "Place", battle.place)
    g.add(battle_iri, bg("result"), battle.result)
    g.add(battle_iri, bg("territory"), battle.territory)
    for title in battle.see_also:
        g.add(battle_iri, NamedNode(RDFS + "seeAlso"), _node(wikipedia_url(title)))

    for side in battle.sides:
        side_iri = f"{battle_iri}/side/{side.number}"
        g.add(battle_iri, bg("side"), _node(side_iri))
        g.typed(side_iri, "Side", f"{battle.title}, side {side.number}")
        g.add(side_iri, bg("sideNumber"), side.number)
        _side(g, side, side_iri, minter)
    return sorted(g.quads, key=sort_key)


def _side(g: _Graph, side: Side, side_iri: str, minter: Minter) -> None:
    for belligerent in side.belligerents:
        iri = minter.belligerent(belligerent.name)
        g.add(side_iri, bg("combatant"), _node(iri))
        g.typed(iri, "Belligerent", belligerent.name)
    used: set[str] = set()
    for commander in side.commanders:
        role_iri = _unique(f"{side_iri}/commander/{slug(commander.name)}", used)
        g.add(side_iri, bg("commanderRole"), _node(role_iri))
        _commander(g, commander, role_iri, minter)
    for unit in side.units:
        g.add(side_iri, bg("units"), unit)
    for prop, figures in (("strength", side.strengths), ("casualties", side.casualties)):
        previous: str | None = None
        for index, figure in enumerate(figures, start=1):
            iri = f"{side_iri}/{prop}/{index}"
            g.add(side_iri, bg(prop), _node(iri))
            _quantity(g, iri, figure, previous)
            if not figure.value.subset:
                previous = iri
    for index, contingent in enumerate(side.contingents, start=1):
        iri = f"{side_iri}/contingent/{index}"
        g.add(side_iri, bg("contingent"), _node(iri))
        g.typed(iri, "Contingent", contingent.size.source.text)
        for leader in contingent.leaders:
            person = minter.person(leader)
            g.add(iri, bg("ledBy"), _node(person))
            g.typed(person, "Person", leader)
        g.add(iri, bg("size"), _node(f"{iri}/size"))
        _quantity(g, f"{iri}/size", contingent.size)
    for index, figure in enumerate(side.stated_totals, start=1):
        iri = f"{side_iri}/total/{index}"
        g.add(side_iri, bg("statedTotal"), _node(iri))
        _quantity(g, iri, figure)


def _unique(iri: str, used: set[str]) -> str:
    candidate, number = iri, 2
    while candidate in used:
        candidate = f"{iri}-{number}"
        number += 1
    used.add(candidate)
    return candidate


def _commander(g: _Graph, commander: Commander, role_iri: str, minter: Minter) -> None:
    person = minter.person(commander.name)
    g.typed(role_iri, "CommanderRole")
    g.add(role_iri, bg("person"), _node(person))
    g.typed(person, "Person", commander.name)
    if commander.fate:
        g.add(role_iri, bg("fate"), bg(FATE_CONCEPTS[commander.fate]))
    g.add(role_iri, bg("group"), commander.group)
    g.add(role_iri, bg("roleTitle"), commander.role)
    g.add(role_iri, bg("note"), commander.note)
    g.add(role_iri, bg("sourceField"), commander.source.field)
    g.add(role_iri, bg("sourceLine"), commander.source.line)


def _quantity(g: _Graph, iri: str, figure: Figure, whole: str | None = None) -> None:
    """A figure; ``whole`` is the figure before it, which an "of whom …" figure is part of."""
    value: QuantityValue = figure.value
    g.typed(iri, "Quantity")
    g.add(iri, bg("minValue"), value.min)
    g.add(iri, bg("maxValue"), value.max)
    g.add(iri, bg("unit"), value.unit)
    g.add(iri, bg("category"), bg(value.category))
    g.add(iri, bg("kind"), value.kind)
    g.add(iri, bg("sourceText"), value.text)
    g.add(iri, bg("sourceField"), figure.source.field)
    g.add(iri, bg("sourceLine"), figure.source.line)
    g.add(iri, bg("group"), value.group)
    g.add(iri, bg("attributedTo"), value.source)
    g.add(iri, bg("qualifier"), value.qualifier)
    g.add(iri, bg("note"), value.note)
    if value.approximate:
        g.add(iri, bg("approximate"), True)
    if value.subset and whole is not None:
        g.add(iri, bg("subsetOf"), _node(whole))
    if value.total:
        g.add(iri, bg("isTotal"), True)


def _file_name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def all_quads(groups: Iterable[list[Quad]]) -> list[Quad]:
    return sorted((q for group in groups for q in group), key=sort_key)
