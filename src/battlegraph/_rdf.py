"""A :class:`~battlegraph._model.Battle` record → quads, per the graph contract, as pyoxigraph terms.

Each article's facts go in a named graph whose IRI is the article's, so one
article can be replaced in a store with one Graph Store Protocol PUT. The quads
come in the order they are made, each once, and the record is always mapped in
the same order, so the same input gives byte-identical serialisations.

Besides what the article states, each side carries what is derived from it
(:mod:`battlegraph._derive`): its personnel and its casualty totals by category,
as ``bg:DerivedQuantity`` resources that say which figures they sum.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode

from . import _derive as derive
from ._iris import Minter, dbpedia_iri, slug, wikipedia_url
from ._model import Battle, Commander, Figure, Side
from ._names import label_keys
from ._text import fold
from ._vocab import BG, FOAF, LABEL, OWL, PROV, RDFS, SCHEMA, SHARED_CLASSES, SKOS, TYPE

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
#: Belligerents named by what they are, not who: each side's own, never one resource across battles.
GENERIC_BELLIGERENTS = frozenset(
    {
        "citizens", "civilians", "rebels", "militia", "militias", "irregulars", "locals", "peasants", "natives",
        "mercenaries", "volunteers", "insurgents", "guerrillas", "partisans", "pirates", "bandits", "allies",
        "others", "tribes", "tribesmen", "townspeople", "villagers", "loyalists", "royalists", "defenders",
        "garrison", "the garrison", "monks", "warrior monks", "peasant army", "righteous army", "local militia",
    }
)  # fmt: skip
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


Object = NamedNode | Literal
Triple = tuple[NamedNode, NamedNode, Object]


@dataclass(frozen=True, slots=True)
class ArticleGraph:
    """The triples of one named graph (an article's, the ontology's, the cross-article links').

    ``lines`` are the triples as N-Triples lines, pyoxigraph's own writing of each term,
    sorted (by subject, the type first, then predicate and object) and each once.
    """

    name: NamedNode
    lines: list[str]
    #: the shared resources the graph names (kind, IRI, name): people, wars, places, belligerents
    entities: tuple[tuple[str, str, str], ...] = ()

    def nquads(self) -> bytes:
        return in_graph("".join(self.lines).encode("utf-8"), str(self.name))


def in_graph(ntriples: bytes, graph: str) -> bytes:
    """N-Triples lines → the same triples as N-Quads in ``graph`` (an IRI as N-Triples writes it, ``<…>``).

    Only a line's end is " .\n": N-Triples escapes line breaks inside literals, and IRIs hold no spaces.
    """
    return ntriples.replace(b" .\n", f" {graph} .\n".encode())


def graph_of(name: NamedNode, triples: Iterable[Triple], entities: Iterable[tuple[str, str, str]] = ()) -> ArticleGraph:
    """Triples of terms → an :class:`ArticleGraph`: written once, sorted, duplicates dropped."""
    # A term object used many times (a node, a predicate) is written once; the look-ups are
    # inline because this loop runs for every triple of every article.
    written: dict[int, str] = {}
    known = written.get
    keys: set[tuple[str, bool, str, str]] = set()  # (subject, not a type, predicate, object): the type first
    terms = list(triples)  # kept alive while their ids key the cache
    for s, p, o in terms:
        subject = known(id(s))
        if subject is None:
            subject = written[id(s)] = str(s)
        predicate = known(id(p))
        if predicate is None:
            predicate = written[id(p)] = str(p)
        value = known(id(o))
        if value is None:
            value = written[id(o)] = str(o)
        keys.add((subject, predicate != _TYPE_TERM, predicate, value))
    lines = [f"{s} {p} {o} .\n" for s, _, p, o in sorted(keys)]
    return ArticleGraph(name, lines, tuple(dict.fromkeys(entities)))


_TYPE_TERM = str(TYPE)


def text(value: str) -> Literal:
    """An xsd:string literal; a lone surrogate (which no RDF text may hold) becomes U+FFFD."""
    try:
        return Literal(value)
    except ValueError:
        return Literal(_LONE_SURROGATE.sub("\ufffd", value))


class _Graph:
    """Collects the triples of one named graph."""

    def __init__(self, name: NamedNode) -> None:
        self.name = name
        self.triples: list[Triple] = []
        self.entities: list[tuple[str, str, str]] = []

    def add(self, subject: NamedNode, predicate: NamedNode, obj: Object | str | int | bool | None) -> None:
        kind = type(obj)  # the common kinds by identity first: this runs for every triple
        if kind is str:
            obj = text(obj)  # type: ignore[arg-type]
        elif kind is NamedNode or kind is Literal:
            pass
        elif obj is None:
            return
        elif isinstance(obj, str):
            obj = text(obj)
        elif isinstance(obj, bool | int):
            obj = Literal(obj)
        self.triples.append((subject, predicate, obj))  # type: ignore[arg-type]

    def typed(self, subject: NamedNode, cls: str, label: str | None = None) -> None:
        self.add(subject, TYPE, BG(cls))
        if label:
            self.add(subject, LABEL, label)
            if cls in SHARED_CLASSES:
                self.entities.append((cls, subject.value, label))


def battle_graph(battle: Battle, minter: Minter, article_slug: str) -> ArticleGraph:
    """Every quad of one battle, in the article's named graph."""
    article = NamedNode(minter.article(article_slug))
    battle_iri = minter.battle(article_slug)
    node = NamedNode(battle_iri)
    g = _Graph(article)

    g.typed(article, "Article", battle.title)
    g.add(article, PROV.wasDerivedFrom, NamedNode(wikipedia_url(battle.title)))
    g.add(article, BG.fileName, _file_name(battle.path))
    g.add(article, BG.sha256, battle.sha256)

    g.typed(node, "Battle", battle.title)
    g.add(node, PROV.wasDerivedFrom, article)
    _page(g, node, battle.title)
    g.add(node, BG.conflictName, battle.conflict_name)
    for war in battle.wars:
        war_node = NamedNode(minter.war(war, battle.links.get(war)))
        g.add(node, BG.partOf, war_node)
        g.typed(war_node, "War", war)
        _page(g, war_node, battle.links.get(war))
    if battle.start is not None:
        g.add(node, BG.startDate, Literal(battle.start.lexical, datatype=NamedNode(battle.start.datatype)))
    if battle.end is not None:
        g.add(node, BG.endDate, Literal(battle.end.lexical, datatype=NamedNode(battle.end.datatype)))
    g.add(node, BG.dateText, battle.date_text)
    g.add(node, BG.calendar, battle.calendar)
    if battle.place:
        place = NamedNode(minter.place(battle.place, battle.links.get(battle.place)))
        g.add(node, BG.place, place)
        g.typed(place, "Place", battle.place)
        _page(g, place, battle.links.get(battle.place))
    g.add(node, BG.result, battle.result)
    g.add(node, BG.territory, battle.territory)
    for title in battle.see_also:
        g.add(node, RDFS.seeAlso, NamedNode(wikipedia_url(title)))

    _figures(g, node, f"{battle_iri}/casualties", BG.battleCasualties, battle.casualties)
    for side in battle.sides:
        side_iri = f"{battle_iri}/side/{side.number}"
        side_node = NamedNode(side_iri)
        g.add(node, BG.side, side_node)
        g.typed(side_node, "Side", f"{battle.title}, side {side.number}")
        g.add(side_node, BG.sideNumber, side.number)
        _side(g, side, side_iri, minter, battle.links)
        if side.number == battle.victor:
            g.add(node, BG.victor, side_node)
    return graph_of(article, g.triples, g.entities)


def _page(g: _Graph, node: NamedNode, link: str | None) -> None:
    """The Wikipedia page a resource is the topic of, and the DBpedia resource made from that page.

    A battle's page is its article's title; for people, places, wars and belligerents
    it is what the wikitext links them to, which only wikitext knows.
    """
    if link:
        page = NamedNode(wikipedia_url(link))
        g.add(node, FOAF.isPrimaryTopicOf, page)
        g.add(node, SCHEMA.sameAs, page)
        g.add(node, OWL.sameAs, NamedNode(dbpedia_iri(link)))


def _aliases(g: _Graph, node: NamedNode, aliases: Sequence[str]) -> None:
    for alias in aliases:
        g.add(node, SKOS.altLabel, alias)


def _side(g: _Graph, side: Side, side_iri: str, minter: Minter, links: Mapping[str, str]) -> None:
    node = NamedNode(side_iri)
    belligerents: list[tuple[str, NamedNode]] = []
    for belligerent in side.belligerents:
        if fold(belligerent.name) in GENERIC_BELLIGERENTS and not belligerent.link:
            target = NamedNode(f"{side_iri}/belligerent/{slug(belligerent.name)}")  # "citizens" of this side only
        else:
            target = NamedNode(minter.belligerent(belligerent.name, belligerent.link))
        belligerents.append((belligerent.name, target))
        g.add(node, BG.combatant, target)
        g.typed(target, "Belligerent", belligerent.name)
        _page(g, target, belligerent.link)
        _aliases(g, target, belligerent.aliases)
    if side.belligerents:  # for display and queries: one string, in the article's order, the same on every store
        g.add(node, BG.combatantNames, ", ".join(b.name for b in side.belligerents))
    used: set[str] = set()
    for commander in side.commanders:
        role = NamedNode(_unique(f"{side_iri}/commander/{slug(commander.name)}", used))
        g.add(node, BG.commanderRole, role)
        _commander(g, commander, role, minter, belligerents)
    for unit in side.units:
        g.add(node, BG.units, unit)
    strength_nodes = _figures(g, node, f"{side_iri}/strength", BG.strength, side.strengths)
    casualty_nodes = _figures(g, node, f"{side_iri}/casualties", BG.casualties, side.casualties)
    for index, contingent in enumerate(side.contingents, start=1):
        contingent_iri = f"{side_iri}/contingent/{index}"
        target = NamedNode(contingent_iri)
        g.add(node, BG.contingent, target)
        g.typed(target, "Contingent", contingent.size.source.text)
        g.add(target, BG.leaderNames, ", ".join(contingent.leaders))
        for leader in contingent.leaders:
            link = links.get(leader)
            person = NamedNode(minter.person(leader, link))
            g.add(target, BG.ledBy, person)
            g.typed(person, "Person", leader)
            _page(g, person, link)
        size = NamedNode(f"{contingent_iri}/size")
        g.add(target, BG.size, size)
        _quantity(g, size, contingent.size)
    for index, figure in enumerate(side.stated_totals, start=1):
        total = NamedNode(f"{side_iri}/total/{index}")
        g.add(node, BG.statedTotal, total)
        _quantity(g, total, figure)
    personnel = derive.personnel(side)
    if personnel is not None:
        _derived(g, node, NamedNode(f"{side_iri}/personnel"), BG.personnel, personnel, strength_nodes, "personnel")
    for found in derive.casualty_totals(side):
        target = NamedNode(f"{side_iri}/casualty-total/{slug(found.category)}")
        _derived(g, node, target, BG.casualtyTotal, found, casualty_nodes, "casualties")


def _derived(
    g: _Graph,
    side: NamedNode,
    node: NamedNode,
    prop: NamedNode,
    found: derive.Derived,
    figures: Sequence[NamedNode],
    unit: str,
) -> None:
    g.add(side, prop, node)
    g.add(node, TYPE, BG.DerivedQuantity)
    g.add(node, BG.minValue, found.low)
    g.add(node, BG.maxValue, found.high)
    g.add(node, BG.category, BG(found.category))
    g.add(node, BG.unit, unit)
    for index in found.sources:
        g.add(node, PROV.wasDerivedFrom, figures[index - 1])


def _figures(g: _Graph, node: NamedNode, stem: str, prop: NamedNode, figures: Sequence[Figure]) -> list[NamedNode]:
    """Numbered figures under ``stem``; an "of whom …" figure is a subset of the one before it."""
    whole: NamedNode | None = None
    made: list[NamedNode] = []
    for index, figure in enumerate(figures, start=1):
        quantity = NamedNode(f"{stem}/{index}")
        made.append(quantity)
        g.add(node, prop, quantity)
        _quantity(g, quantity, figure, whole)
        if not figure.value.subset:
            whole = quantity
    return made


def _unique(value: str, used: set[str]) -> str:
    candidate, number = value, 2
    while candidate in used:
        candidate = f"{value}-{number}"
        number += 1
    used.add(candidate)
    return candidate


def _commander(
    g: _Graph, commander: Commander, role: NamedNode, minter: Minter, belligerents: Sequence[tuple[str, NamedNode]]
) -> None:
    person = NamedNode(minter.person(commander.name, commander.link))
    g.typed(role, "CommanderRole")
    g.add(role, BG.person, person)
    g.typed(person, "Person", commander.name)
    _page(g, person, commander.link)
    _aliases(g, person, commander.aliases)
    if commander.fate:
        g.add(role, BG.fate, BG(FATE_CONCEPTS[commander.fate]))
    g.add(role, BG.group, commander.group)
    belligerent = belligerent_of(commander.group, belligerents)
    if belligerent is None and not commander.group and len(belligerents) == 1:
        belligerent = belligerents[0][1]  # a side of one belligerent: every unlabelled commander fought for it
    if belligerent is not None:
        g.add(role, BG.belligerent, belligerent)
    g.add(role, BG.roleTitle, commander.role)
    g.add(role, BG.note, commander.note)
    g.add(role, BG.sourceField, commander.source.field)
    g.add(role, BG.sourceLine, commander.source.line)


def belligerent_of(group: str | None, belligerents: Sequence[tuple[str, NamedNode]]) -> NamedNode | None:
    """The one belligerent of a side that a commander's group label names ("Korea:" → "Korean army").

    The label names a belligerent when its folded form, or a demonym stem of its first
    word ("Korean" → "korea"), is one of the belligerent's keys (its folded name, its
    first word and that word's stems): "Ming:" names "Ming army", "Korea:" names
    "Korean army". A label that names none, or several, attributes nothing.
    """
    if not group:
        return None
    wanted = label_keys(group)
    hits = {node for name, node in belligerents if wanted & label_keys(name)}
    return hits.pop() if len(hits) == 1 else None


def _quantity(g: _Graph, node: NamedNode, figure: Figure, whole: NamedNode | None = None) -> None:
    """A figure; ``whole`` is the figure before it, which an "of whom …" figure is part of."""
    value = figure.value
    g.add(node, TYPE, BG.Quantity)
    g.add(node, BG.minValue, value.min)
    g.add(node, BG.maxValue, value.max)
    g.add(node, BG.unit, value.unit)
    g.add(node, BG.category, BG(value.category))
    g.add(node, BG.kind, value.kind)
    g.add(node, BG.sourceText, value.text)
    g.add(node, BG.sourceField, figure.source.field)
    g.add(node, BG.sourceLine, figure.source.line)
    g.add(node, BG.group, value.group)
    g.add(node, BG.attributedTo, value.source)
    g.add(node, BG.qualifier, value.qualifier)
    g.add(node, BG.note, value.note)
    if value.approximate:
        g.add(node, BG.approximate, True)
    if value.subset and whole is not None:
        g.add(node, BG.subsetOf, whole)
    if value.total:
        g.add(node, BG.isTotal, True)


def _file_name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]
