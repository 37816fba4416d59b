"""A read-only view of the built store for page-making: triples, labels, descriptions.

The store holds one named graph per article; a person named by two articles has
their type and label in both. Every look-up here merges the graphs and drops
the repeats, as a reader of the published site expects.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, Store, Triple

from .._vocab import BG, LABEL, SKOS, TYPE

Term = NamedNode | Literal
PREF = SKOS.prefLabel
bg = BG


class View:
    def __init__(self, store: Store, base: str) -> None:
        self.raw = store
        self.store = _Graph(store)
        self.base = base
        self.label = lru_cache(maxsize=200_000)(self._label)

    def objects(self, subject: str, predicate: str) -> list[Term]:
        found = {
            q.object
            for q in self.store.quads_for_pattern(NamedNode(subject), NamedNode(predicate), None)
            if isinstance(q.object, (NamedNode, Literal))
        }
        return sorted(found, key=str)

    def value(self, subject: str, predicate: str) -> Term | None:
        values = self.objects(subject, predicate)
        return values[0] if values else None

    def text(self, subject: str, predicate: str) -> str | None:
        term = self.value(subject, predicate)
        return term.value if term is not None else None

    def integer(self, subject: str, predicate: str) -> int | None:
        term = self.value(subject, predicate)
        try:
            return int(term.value) if isinstance(term, Literal) else None
        except ValueError:
            return None

    def iris(self, subject: str, predicate: str) -> list[str]:
        return [t.value for t in self.objects(subject, predicate) if isinstance(t, NamedNode)]

    def subjects(self, predicate: str, obj: Term) -> list[str]:
        found = {
            q.subject.value
            for q in self.store.quads_for_pattern(None, NamedNode(predicate), obj)
            if isinstance(q.subject, NamedNode)
        }
        return sorted(found)

    def instances(self, local: str) -> list[str]:
        return self.subjects(TYPE.value, bg(local))

    def types(self, subject: str) -> list[str]:
        return self.iris(subject, TYPE.value)

    def outgoing(self, subject: str) -> list[tuple[str, Term]]:
        found = {
            (q.predicate.value, q.object)
            for q in self.store.quads_for_pattern(NamedNode(subject), None, None)
            if isinstance(q.object, (NamedNode, Literal))
        }
        return sorted(found, key=lambda pair: (pair[0], str(pair[1])))

    def incoming(self, obj: str) -> list[tuple[str, str]]:
        found = {
            (q.subject.value, q.predicate.value)
            for q in self.store.quads_for_pattern(None, None, NamedNode(obj))
            if isinstance(q.subject, NamedNode)
        }
        return sorted(found)

    def _label(self, node: str) -> str:
        """The name to show: skos:prefLabel, else the first rdfs:label, else the IRI's last part."""
        for predicate in (PREF, LABEL):
            values = sorted(
                q.object.value
                for q in self.store.quads_for_pattern(NamedNode(node), predicate, None)
                if isinstance(q.object, Literal)
            )
            if values:
                return values[0]
        person = next(iter(self.store.quads_for_pattern(NamedNode(node), bg("person"), None)), None)
        if person is not None and isinstance(person.object, NamedNode):
            side = next(iter(self.store.quads_for_pattern(None, bg("commanderRole"), NamedNode(node))), None)
            where = (
                f", {self.label(side.subject.value)}"
                if side is not None and isinstance(side.subject, NamedNode)
                else ""
            )
            return f"{self.label(person.object.value)} as commander{where}"
        return node.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]

    def description(self, node: str) -> list[Triple]:
        """The triples that describe a resource: its own, its parts', and those pointing at it.

        The parts of a battle or side are the resources whose IRIs extend its own
        (``…/side/1/commander/kim-si-min``), so its file is complete on its own.
        """
        triples: set[Triple] = set()
        for quad in self.store.quads_for_pattern(NamedNode(node), None, None):
            triples.add(quad.triple)
        for quad in self.store.quads_for_pattern(None, None, NamedNode(node)):
            triples.add(quad.triple)
        if node.startswith(self.base + "battle/"):
            for part in self._parts(node):
                for quad in self.store.quads_for_pattern(NamedNode(part), None, None):
                    triples.add(quad.triple)
        return sorted(triples, key=str)

    def _parts(self, node: str) -> Iterable[str]:
        """Resources reachable from a battle or side whose IRIs extend the node's."""
        seen = {node}
        queue = [node]
        while queue:
            current = queue.pop()
            for quad in self.store.quads_for_pattern(NamedNode(current), None, None):
                target = quad.object
                if isinstance(target, NamedNode) and target.value.startswith(node + "/") and target.value not in seen:
                    seen.add(target.value)
                    queue.append(target.value)
        seen.discard(node)
        return sorted(seen)


class _Graph:
    """The store seen through its merged default graph when it has one, else through all its graphs."""

    def __init__(self, store: Store) -> None:
        from .._store import has_default_graph

        self.store = store
        self.graph = DefaultGraph() if has_default_graph(store) else None

    def quads_for_pattern(self, s: NamedNode | None, p: NamedNode | None, o: Term | None) -> Iterable[Quad]:
        return self.store.quads_for_pattern(s, p, o, self.graph)
