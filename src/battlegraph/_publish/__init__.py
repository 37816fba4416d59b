"""Publishing the graph as linked data: a static site whose pages sit at the resources' IRIs.

``publish()`` writes every page and data file; ``SiteRenderer.render(path)`` makes
one on demand, which is how ``battlegraph serve`` answers, so the published files
and the served pages are the same bytes.
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from pyoxigraph import Store

from .._errors import OutputError
from .._iris import DEFAULT_BASE
from .._queries import canned_queries
from .dataset import statistics, void_turtle
from .pages import (
    CSS,
    PAGE_CLASSES,
    SORTS,
    Site,
    battle_rows,
    index_page,
    list_page,
    network_page,
    ontology_page,
    query_page,
    resource_page,
)
from .view import View

DUMPS = (
    ("text/turtle", "graph.ttl"),
    ("application/trig", "graph.trig"),
    ("application/n-triples", "graph.nt"),
    ("application/n-quads", "graph.nq"),
    ("application/ld+json", "graph.jsonld"),
)
DATA_TYPES = {".ttl": "text/turtle", ".jsonld": "application/ld+json", ".nt": "application/n-triples"}


@dataclass
class PublishReport:
    pages: int
    data_files: int
    folder: Path


class SiteRenderer:
    """Renders any file of the site from the store."""

    def __init__(self, store: Store, base: str = DEFAULT_BASE, site_url: str | None = None, dumps: Path | None = None):
        self.view = View(store, base)
        self.site = Site(self.view)
        self.base = base
        self.site_url = site_url or base
        self.dumps = dumps

    @cached_property
    def rows(self) -> list[object]:
        return list(battle_rows(self.site))

    def resources(self) -> Iterator[str]:
        """Every resource that gets a page: battles, sides, people, wars, places, belligerents."""
        seen: set[str] = set()
        for kind in PAGE_CLASSES:
            for node in self.view.instances(kind):
                if node not in seen and self.site.rel(node) is not None:
                    seen.add(node)
                    yield node

    def node_of(self, path: str) -> str | None:
        """The resource a site path names (``battle/x``, ``battle/x/index.html``), if it has triples."""
        path = path.strip("/")
        if path.endswith("/index.html"):
            path = path[: -len("/index.html")]
        node = self.base + path
        if not path or not self.view.types(node):
            return None
        return node

    def render(self, path: str) -> tuple[str, bytes] | None:
        """(media type, bytes) of a site file, or None when there is no such file."""
        path = path.lstrip("/") or "index.html"
        if path == "style.css":
            return "text/css", CSS.encode()
        if path in SORTS:
            names = [p.name for p in self.dump_files()]
            return "text/html", index_page(self.site, self.rows, path, names).encode()  # type: ignore[arg-type]
        pages = {
            "wars.html": lambda: list_page(self.site, "War", "Wars"),
            "people.html": lambda: list_page(self.site, "Person", "People"),
            "places.html": lambda: list_page(self.site, "Place", "Places"),
            "network.html": lambda: network_page(self.site),
            "ontology.html": lambda: ontology_page(self.site),
            "query.html": lambda: query_page(canned_queries().values(), live=False),
        }
        if path in pages:
            return "text/html", pages[path]().encode()
        if path == "void.ttl":
            dumps = [(media, f"dumps/{name}") for media, name in DUMPS if self._dump(name) is not None]
            return "text/turtle", void_turtle(self.site_url, self.base, statistics(self.view.raw), dumps).encode()
        if path.startswith("dumps/"):
            dump = self._dump(path[len("dumps/") :])
            return ({n: m for m, n in DUMPS}[dump.name], dump.read_bytes()) if dump else None
        for suffix, media in DATA_TYPES.items():
            if path.endswith(suffix):
                node = self.node_of(path[: -len(suffix)])
                return (media, self.data(node, suffix)) if node else None
        node = self.node_of(path)
        if node is None:
            return None
        return "text/html", resource_page(self.site, node).encode()

    def data(self, node: str, suffix: str) -> bytes:
        from pyoxigraph import serialize

        from .._formats import by_suffix
        from .._vocab import PREFIXES

        fmt = by_suffix(suffix)
        assert fmt is not None
        triples = self.view.description(node)
        if fmt.name == "jsonld":
            import io

            from .._jsonld import write_jsonld

            buffer = io.BytesIO()
            write_jsonld(triples, buffer, base=self.base)
            return buffer.getvalue()
        written = serialize(triples, format=fmt.rdf, prefixes=PREFIXES)
        assert written is not None  # serialize returns bytes when given no output
        return written

    def dump_files(self) -> list[Path]:
        """The build's files of the whole graph that the site serves under dumps/."""
        return [path for _, name in DUMPS if (path := self._dump(name)) is not None]

    def _dump(self, name: str) -> Path | None:
        if self.dumps is None or name not in {n for _, n in DUMPS}:
            return None
        path = self.dumps / name
        return path if path.is_file() else None

    def files(self) -> Iterator[str]:
        """Every path of the static site."""
        yield from ("style.css", *SORTS, "wars.html", "people.html", "places.html", "network.html")
        yield from ("ontology.html", "query.html", "void.ttl")
        yield from (f"dumps/{name}" for _, name in DUMPS if self._dump(name) is not None)
        for node in self.resources():
            path = self.site.rel(node)
            assert path is not None
            yield f"{path}/index.html"
            yield from (f"{path}{suffix}" for suffix in DATA_TYPES)


SITE_MARKER = ".battlegraph-site"


def publish(
    store: Store,
    out_dir: Path,
    *,
    base: str = DEFAULT_BASE,
    site_url: str | None = None,
    dumps: Path | None = None,
) -> PublishReport:
    """Write the whole site to ``out_dir``, built beside it and swapped in only when complete.

    ``out_dir`` may be new, empty, or a site written before (it has the marker file
    ``.battlegraph-site``): anything else is refused rather than replaced.
    """
    shown = Path(out_dir)
    out_dir = shown.absolute()
    if out_dir == Path.cwd() or out_dir in Path.cwd().parents:
        raise OutputError("is the current folder or holds it: give a folder for the site below it", shown)
    if out_dir.is_symlink() or (out_dir.exists() and not out_dir.is_dir()):
        raise OutputError("is a file, not a folder: give a folder for the site", out_dir)
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / SITE_MARKER).exists():
        raise OutputError(
            "holds files that are not a site battlegraph wrote, which publishing would replace: "
            "give a new or empty folder",
            out_dir,
        )
    renderer = SiteRenderer(store, base, site_url, dumps)
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        # folders of our own, never a name someone else may be using
        staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    except OSError as exc:
        raise OutputError(f"cannot write here: {exc.strerror or exc}", shown) from exc
    pages = data_files = 0
    try:
        for path in renderer.files():
            rendered = renderer.render(path)
            if rendered is None:
                continue
            target = staging / path
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(rendered[1])
            except OSError as exc:
                raise OutputError(f"cannot write the page of /{path}: {exc.strerror or exc}", shown / path) from exc
            if path.endswith(".html"):
                pages += 1
            else:
                data_files += 1
        (staging / SITE_MARKER).write_text("a site written by `battlegraph publish`; publishing again replaces it\n")
        retired = out_dir.with_name(f".{out_dir.name}.old-{secrets.token_hex(6)}")
        if out_dir.exists():
            out_dir.rename(retired)
        staging.rename(out_dir)
        shutil.rmtree(retired, ignore_errors=True)
    except OutputError:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(f"cannot write the site: {exc.strerror or exc}", shown) from exc
    return PublishReport(pages, data_files, shown)
