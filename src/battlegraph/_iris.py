"""Minting IRIs: the one place that decides slugs, collisions and the base.

Every resource gets an IRI derived from the source, never a blank node, so the
same input always gives the same graph::

    {base}dataset/out/article/siege-of-jinju-1592           the article read by the build "out" (its named graph)
    {base}battle/siege-of-jinju-1592                        the battle
    {base}battle/siege-of-jinju-1592/side/2                 a side
    {base}battle/siege-of-jinju-1592/side/2/commander/kim-si-min
    {base}battle/siege-of-jinju-1592/side/2/strength/1      a figure (also casualties/N, total/N)
    {base}battle/siege-of-jinju-1592/side/2/contingent/1    a contingent (its size: …/contingent/1/size)
    {base}person/kim-si-min                                 shared by every article naming him
    {base}war/…, {base}place/…, {base}belligerent/…

People, wars, places and belligerents are keyed by their folded name (case,
diacritics, hyphens and spacing folded), so "Ōta Kazuyoshi" in one article and
"Ota Kazuyoshi" in another are one person, while "Gwak Jaeu" and "Gwak Jae-u" stay
two until someone says otherwise.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from typing import Protocol
from urllib.parse import quote

from ._text import fold

DEFAULT_BASE = "https://w3id.org/battlegraph/id/"
ONTOLOGY = "https://w3id.org/battlegraph/ontology#"
WIKIPEDIA = "https://en.wikipedia.org/wiki/"
DBPEDIA = "http://dbpedia.org/resource/"


#: The longest slug, in UTF-8 bytes: a path segment and the file names made of it ("….html") must fit
#: the 255 bytes file systems allow, and IRIs stay readable.
MAX_SLUG_BYTES = 120


@lru_cache(maxsize=1 << 17)
def slug(text: str) -> str:
    """A readable, stable path segment: folded, words joined by hyphens; other scripts kept.

    A long name keeps a readable prefix and a short hash of the whole, so two long
    names that begin alike still get two slugs.
    """
    folded = fold(text)
    words = re.findall(r"[^\W_]+", folded)
    made = "-".join(words) or "unnamed"
    if len(made.encode("utf-8", errors="surrogatepass")) <= MAX_SLUG_BYTES:
        return made
    digest = hashlib.sha256(made.encode("utf-8", errors="surrogatepass")).hexdigest()[:10]
    prefix = made.encode("utf-8", errors="surrogatepass")[: MAX_SLUG_BYTES - len(digest) - 1]
    readable = prefix.decode("utf-8", errors="ignore").rstrip("-")
    if "-" in readable[len(readable) // 2 :]:
        readable = readable.rsplit("-", 1)[0]  # end at a word
    return f"{readable}-{digest}"


def wikipedia_url(title: str) -> str:
    """The English Wikipedia address of a page title, encoded as MediaWiki encodes it."""
    return WIKIPEDIA + quote(title.strip().replace(" ", "_"), safe="()_,:;!*'@$/-.~", errors="replace")


def dbpedia_iri(title: str) -> str:
    """The DBpedia resource made from an English Wikipedia page: its title, spaces as underscores.

    DBpedia IRIs keep letters of every script as they are and percent-encode only
    what an IRI may not hold.
    """
    name = re.sub(r"\s+", "_", title.strip())
    return DBPEDIA + "".join(c if c.isprintable() and c not in _IRI_UNSAFE else _escape(c) for c in name)


def _escape(char: str) -> str:
    """A character an IRI may not hold, percent-encoded; a lone surrogate as U+FFFD."""
    return quote(char.encode("utf-8", errors="replace").decode("utf-8", errors="replace"), safe="")


_IRI_UNSAFE = frozenset('<>"{}|\\^`%?#[]')


def check_base(base: str) -> str:
    """The base, which must be an absolute http(s) IRI ending in '/' or '#'."""
    if not re.match(r"^https?://[^\s<>\"{}|\\^`]+[/#]$", base):
        raise ValueError(f"base IRI must be absolute http(s) and end with '/' or '#': {base!r}")
    return base


class Minter:
    """Mints IRIs for one build; remembers article slugs so two titles never share one.

    ``aliases`` maps a (class, name) to the preferred name of the resource it names
    (see :mod:`battlegraph._identity`); a wikilink target, when known, names a
    resource more surely than the text shown for it.
    """

    def __init__(
        self, base: str = DEFAULT_BASE, aliases: Resolving | None = None, dataset: str = "battlegraph"
    ) -> None:
        self.base = check_base(base)
        self.aliases = aliases
        self.dataset = dataset
        self._articles: dict[str, str] = {}
        self._taken: set[str] = set()  # the slugs of _articles, kept so a new title costs O(1), not O(articles)

    def article_slug(self, title: str, key: str) -> str:
        """The slug of an article, unique in this build; ``key`` tells a rerun of the same file apart."""
        if key in self._articles:
            return self._articles[key]
        candidate = stem = slug(title)
        number = 2
        while candidate in self._taken:
            candidate = f"{stem}-{number}"
            number += 1
        self._articles[key] = candidate
        self._taken.add(candidate)
        return candidate

    def knows(self, key: str) -> bool:
        """Whether an article of this key has its slug already."""
        return key in self._articles

    def slugs(self) -> dict[str, str]:
        """The article slugs handed out so far, by document key (for checkpoints)."""
        return dict(self._articles)

    def restore_slugs(self, slugs: dict[str, str]) -> None:
        self._articles = dict(slugs)
        self._taken = set(slugs.values())

    def dataset_graph(self) -> str:
        """The build's own IRI: the dataset its article graphs belong to."""
        return f"{self.base}dataset/{self.dataset}"

    def ontology_graph(self) -> str:
        """The named graph of the ontology a build ships (one per dataset, so builds load side by side)."""
        return f"{self.dataset_graph()}/ontology"

    def links_graph(self) -> str:
        """The named graph of the names merged across a build's articles."""
        return f"{self.dataset_graph()}/links"

    def article(self, article_slug: str) -> str:
        return f"{self.dataset_graph()}/article/{article_slug}"

    def battle(self, article_slug: str) -> str:
        return f"{self.base}battle/{article_slug}"

    def _key(self, kind: str, name: str, link: str | None) -> str:
        chosen = link or name
        return slug(self.aliases.resolve(kind, chosen) if self.aliases is not None else chosen)

    def person(self, name: str, link: str | None = None) -> str:
        return f"{self.base}person/{self._key('Person', name, link)}"

    def belligerent(self, name: str, link: str | None = None) -> str:
        return f"{self.base}belligerent/{self._key('Belligerent', name, link)}"

    def war(self, name: str, link: str | None = None) -> str:
        return f"{self.base}war/{self._key('War', name, link)}"

    def place(self, name: str, link: str | None = None) -> str:
        return f"{self.base}place/{self._key('Place', name, link)}"


class Resolving(Protocol):
    def resolve(self, kind: str, name: str) -> str: ...


def local_prefixes(base: str) -> tuple[str, ...]:
    """How the IRIs of an article's own resources (never shared with another article) begin, in N-Triples."""
    return ("<" + base + "dataset/", "<" + base + "battle/")  # articles are named under their build's dataset
