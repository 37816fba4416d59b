"""Identity across articles: one IRI per person, war, place or belligerent.

Precision first: names are merged only on evidence.

- The same name once case, diacritics, hyphens and spacing are folded ("Ōta
  Kazuyoshi" = "Ota Kazuyoshi"): IRIs are minted from the folded name, so these
  meet without further work.
- The same wikilink target, when the input is wikitext.
- A curated alias file (``data/aliases.ttl``) that says "Imjin War" and
  "Japanese invasions of Korea" are one war.

Looser look-alikes ("Ota Kazuyosi" / "Ōta Kazuyoshi", "Gwak Jaeu" / "Gwak Jae-u")
are not merged: they are listed with their evidence in a resolution report, with
the Turtle that accepts them into the alias file. The names each resource is
given in the articles stay visible: the cross-article ``links`` graph gives it a
``skos:prefLabel`` and the other spellings as ``skos:altLabel``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Literal, NamedNode

from ._errors import InputError
from ._iris import Minter, slug
from ._rdf import ArticleGraph, graph_of, text
from ._text import fold
from ._vocab import BG, SHARED_CLASSES, SKOS, TYPE

_CLASS_OF = {BG(name).value: name for name in SHARED_CLASSES}


@dataclass
class Aliases:
    """Curated names: (class, folded name) → the preferred name."""

    preferred: dict[tuple[str, str], str] = field(default_factory=dict)

    def resolve(self, kind: str, name: str) -> str:
        return self.preferred.get((kind, fold(name)), name)

    def __len__(self) -> int:
        return len(self.preferred)


def load_aliases(path: Path | None) -> Aliases:
    """Read an alias file; a missing default file means no aliases, a broken one is an error."""
    aliases = Aliases()
    if path is None:
        return aliases
    from pyoxigraph import RdfFormat, parse

    try:
        triples = list(parse(path=str(path), format=RdfFormat.TURTLE))
    except FileNotFoundError as exc:
        raise InputError("no such alias file", path) from exc
    except SyntaxError as exc:
        raise InputError(f"cannot read the alias file: {exc}", path, getattr(exc, "lineno", None)) from exc
    kinds: dict[str, str] = {}
    preferred: dict[str, str] = {}
    alternatives: dict[str, list[str]] = defaultdict(list)
    for triple in triples:
        subject = str(triple.subject)
        predicate = triple.predicate
        if predicate == TYPE and isinstance(triple.object, NamedNode):
            kind = _CLASS_OF.get(triple.object.value)
            if kind:
                kinds[subject] = kind
        elif predicate == SKOS.prefLabel and isinstance(triple.object, Literal):
            preferred[subject] = triple.object.value
        elif predicate == SKOS.altLabel and isinstance(triple.object, Literal):
            alternatives[subject].append(triple.object.value)
    for subject, kind in kinds.items():
        if subject not in preferred:
            raise InputError(f"alias entry {subject} has no skos:prefLabel", path)
        for name in [preferred[subject], *alternatives[subject]]:
            key = (kind, fold(name))
            previous = aliases.preferred.get(key)
            if previous is not None and previous != preferred[subject]:
                raise InputError(f"{name!r} is an alias of both {previous!r} and {preferred[subject]!r}", path)
            aliases.preferred[key] = preferred[subject]
            # "the Japanese invasions of Korea": the leading article is dropped as it is from Partof
            aliases.preferred.setdefault((kind, fold(re.sub(r"^the\s+", "", name, flags=re.I))), preferred[subject])
    return aliases


@dataclass(frozen=True, slots=True)
class Candidate:
    """Two resources that may be one, with the evidence; not merged."""

    kind: str
    first: str
    second: str
    evidence: str
    first_seen: tuple[str, ...]
    second_seen: tuple[str, ...]


class Resolver:
    """Watches the article graphs go by, then says which names each shared resource was given."""

    def __init__(self, minter: Minter, aliases: Aliases) -> None:
        self.minter = minter
        self.aliases = aliases
        self.kind: dict[str, str] = {}
        self.names: dict[str, Counter[str]] = defaultdict(Counter)
        self.seen_in: dict[str, list[str]] = defaultdict(list)

    def observe(self, entities: Iterable[tuple[str, str, str]], title: str | None) -> None:
        """Note the shared resources an article names, (kind, IRI, name) each, and the article naming them."""
        for kind, node, name in entities:
            self.kind[node] = kind
            self.names[node][name] += 1
            if title and len(self.seen_in[node]) < 3 and title not in self.seen_in[node]:
                self.seen_in[node].append(title)

    def preferred(self, node: str) -> str:
        """The name a resource goes by: the alias file's, else the spelling richest in diacritics, most used."""
        names = self.names[node]
        kind = self.kind.get(node, "")
        for name in names:
            chosen = self.aliases.preferred.get((kind, fold(name)))
            if chosen is not None:
                return chosen
        return min(names, key=lambda n: (-_marks(n), -names[n], n))

    def links_graph(self) -> ArticleGraph:
        """A ``skos:prefLabel`` for every shared resource, and ``skos:altLabel`` for its other names.

        The preferred name is chosen here, once, so that every store answers with the
        same name (a query's ``MIN(?label)`` would pick by each engine's collation).
        """
        triples = []
        for node in sorted(self.kind):
            names = self.names.get(node)
            if not names:
                continue
            subject = NamedNode(node)
            preferred = self.preferred(node)
            triples.append((subject, SKOS.prefLabel, text(preferred)))
            for name in sorted(names):
                if name != preferred:
                    triples.append((subject, SKOS.altLabel, text(name)))
        return graph_of(NamedNode(self.minter.links_graph()), triples)

    def merged(self) -> Iterator[tuple[str, str, list[str]]]:
        """(kind, preferred name, other names) of every resource several spellings were merged into."""
        for node in sorted(self.kind, key=lambda n: (self.kind[n], self.preferred(n))):
            names = self.names.get(node, Counter())
            if len(names) > 1:
                preferred = self.preferred(node)
                yield self.kind[node], preferred, sorted(n for n in names if n != preferred)

    def candidates(self) -> list[Candidate]:
        """Look-alike names of different resources of one kind: same letters, or one letter apart."""
        found: dict[tuple[str, str], Candidate] = {}
        by_kind: dict[str, list[str]] = defaultdict(list)
        for node, kind in self.kind.items():
            if self.names.get(node):
                by_kind[kind].append(node)
        for kind, nodes in by_kind.items():
            squashed: dict[str, list[str]] = defaultdict(list)
            deletions: dict[str, list[str]] = defaultdict(list)
            for node in nodes:
                key = _squash(self.preferred(node))
                squashed[key].append(node)
                for variant in {key} | {key[:i] + key[i + 1 :] for i in range(len(key))}:
                    deletions[variant].append(node)
            for group in squashed.values():
                for a, b in _pairs(group):
                    self._add(found, kind, a, b, "the same letters once spaces and hyphens are dropped")
            for group in deletions.values():
                for a, b in _pairs(group):
                    if _squash(self.preferred(a)) != _squash(self.preferred(b)) and len(_squash(self.preferred(a))) > 5:
                        self._add(found, kind, a, b, "spellings one letter apart once case and diacritics are folded")
        return sorted(found.values(), key=lambda c: (c.kind, fold(c.first), fold(c.second)))

    def _add(self, found: dict[tuple[str, str], Candidate], kind: str, a: str, b: str, evidence: str) -> None:
        first, second = sorted((a, b), key=lambda n: (-_marks(self.preferred(n)), self.preferred(n)))
        key = (first, second)
        if key in found:
            return
        shared = set(self.seen_in[first]) & set(self.seen_in[second])
        if shared:
            evidence += f"; both named in {', '.join(sorted(shared))}"
        found[key] = Candidate(
            kind,
            self.preferred(first),
            self.preferred(second),
            evidence,
            tuple(self.seen_in[first]),
            tuple(self.seen_in[second]),
        )


def _pairs(nodes: list[str]) -> Iterable[tuple[str, str]]:
    unique = sorted(set(nodes))
    for i, a in enumerate(unique):
        for b in unique[i + 1 :]:
            yield a, b


def _squash(name: str) -> str:
    return fold(name).replace(" ", "").replace("'", "")


def _marks(name: str) -> int:
    """How many letters carry diacritics: the spelling with more of them says more."""
    return sum(1 for c in unicodedata.normalize("NFD", name) if unicodedata.combining(c))


def resolution_report(resolver: Resolver) -> str:
    """What was merged and what might be, with the Turtle to accept a candidate."""
    lines = ["# Entity resolution", ""]
    merged = list(resolver.merged())
    lines.append(f"## Merged ({len(merged)}): one resource, several spellings")
    lines.append("")
    for kind, preferred, others in merged:
        lines.append(f"- {kind.lower()} {preferred!r} also written {', '.join(repr(o) for o in others)}")
    candidates = resolver.candidates()
    lines += ["", f"## Candidates ({len(candidates)}): maybe one resource, not merged", ""]
    if candidates:
        lines.append("To accept one, add its Turtle to data/aliases.ttl and build again.")
        lines.append("")
    for candidate in candidates:
        lines.append(f"- {candidate.kind.lower()} {candidate.first!r} ~ {candidate.second!r}")
        lines.append(f"  evidence: {candidate.evidence}")
        lines.append(f"  {candidate.first!r} in: {'; '.join(candidate.first_seen)}")
        lines.append(f"  {candidate.second!r} in: {'; '.join(candidate.second_seen)}")
        lines.append(
            f"  accept: alias:{slug(candidate.first)} a bg:{candidate.kind} ; "
            f"skos:prefLabel {text(candidate.first)} ; skos:altLabel {text(candidate.second)} ."
        )
    return "\n".join(lines) + "\n"
