"""Shared fixtures: the real articles under tests/data and helpers to turn them into graphs."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from pyoxigraph import Store
from rdflib import Dataset, Graph

from battlegraph._article import read_article
from battlegraph._building import build
from battlegraph._extraction import extract
from battlegraph._iris import Minter, slug
from battlegraph._rdf import battle_graph
from battlegraph._server import ServerOptions, create_app, running
from battlegraph._store import open_store, store_folder

DATA = Path(__file__).parent / "data"
ARTICLES = DATA / "articles"
GOLD = DATA / "gold"
GOLDEN = Path(__file__).parent / "golden"
SEEDS = ("siege_of_jinju_1592", "siege_of_namwon")


@contextmanager
def running_server(store: Path, *, renderer: Any = None, **options: Any) -> Iterator[str]:
    """A real `battlegraph serve` of a built store on a free loopback port while the block runs; yields its URL."""
    app = create_app(store_folder(store), ServerOptions(**options), renderer=renderer)
    with running(app) as url:
        yield url


def article_dataset(path: Path, base: str = "https://w3id.org/battlegraph/id/") -> Dataset:
    """The named graph one article gives, as an rdflib Dataset (via N-Quads, as the build writes it)."""
    battle = extract(read_article(path)).battle
    minter = Minter(base)
    batch = battle_graph(battle, minter, minter.article_slug(battle.title, str(path)))
    dataset = Dataset()
    dataset.parse(data=batch.nquads().decode("utf-8"), format="nquads")
    return dataset


def article_graph(path: Path) -> Graph:
    """The triples of one article, flattened."""
    graph = Graph()
    for s, p, o, _ in article_dataset(path).quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


@pytest.fixture(scope="session")
def seed_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding just the two seed articles."""
    folder = tmp_path_factory.mktemp("seeds")
    for name in SEEDS:
        (folder / f"{name}.txt").write_bytes((ARTICLES / f"{name}.txt").read_bytes())
    return folder


@pytest.fixture(scope="session")
def seed_out(seed_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output folder of a build of the two seed articles (N-Triples and the store)."""
    out = tmp_path_factory.mktemp("seeds-out")
    build([seed_dir], out, formats=("nt",), validate=False)
    return out


@pytest.fixture(scope="session")
def seed_store(seed_out: Path) -> Store:
    """The embedded store a build of the two seed articles writes, opened read-only."""
    return open_store(seed_out / "store")


__all__ = ["ARTICLES", "GOLD", "GOLDEN", "SEEDS", "article_dataset", "article_graph", "slug"]
