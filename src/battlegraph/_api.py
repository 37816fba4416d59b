"""The public functions, with the defaults the command line uses.

Each is a thin front to the module that does the work; ``battlegraph._cli`` calls
these too, so a script and the command line build, validate and ask the same way.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from ._errors import InputError
from ._iris import DEFAULT_BASE

if TYPE_CHECKING:
    from pyoxigraph import Store

    from ._article import Article
    from ._building import BuildReport, Progress
    from ._queries import CannedQuery, QueryResult
    from ._validation import ValidationReport

PathLike = str | os.PathLike[str]
DEFAULT_OUT = Path("out")
DEFAULT_STORE = DEFAULT_OUT / "store"


def read_article(path: PathLike) -> Article:
    """Read one article file: the plain-text rendering (``.txt``) or wikitext (``.wiki``, ``.wikitext``)."""
    from ._article import parse_article
    from ._sources import WIKITEXT_SUFFIXES, read_limited
    from ._wikitext import parse_wikitext

    found = Path(path)
    data = read_limited(found)
    if found.suffix.lower() in WIKITEXT_SUFFIXES:
        return parse_wikitext(data, str(found))
    return parse_article(data, found)


def default_inputs() -> list[Path]:
    """What a build reads when given nothing: ``data/articles`` here, else the seed articles in the package."""
    from ._resources import default_articles

    local = Path("data/articles")
    return [local if local.is_dir() else default_articles()]


def default_aliases() -> Path | None:
    """The alias file a build uses when given none: ``data/aliases.ttl`` here, else the package's."""
    from ._resources import default_articles

    local = Path("data/aliases.ttl")
    if local.is_file():
        return local
    packaged = default_articles().parent / "aliases.ttl"
    return packaged if packaged.is_file() else None


def build(
    paths: PathLike | Iterable[PathLike] | None = None,
    out_dir: PathLike = DEFAULT_OUT,
    *,
    formats: Iterable[str] | None = None,
    base: str = DEFAULT_BASE,
    dataset: str | None = None,
    store: bool = True,
    validate: bool = True,
    aliases: PathLike | bool | None = True,
    workers: int | None = None,
    resume: bool = False,
    progress: Progress | None = None,
) -> BuildReport:
    """Build the graph from files, folders and dumps (default: the seed articles) into ``out_dir``.

    ``aliases`` is an alias file, ``True`` for the default one (``data/aliases.ttl``) or
    ``False`` for none. The rest is :func:`battlegraph._building.build`'s.
    """
    from ._building import build as run
    from ._formats import DEFAULT_FORMATS
    from ._iris import check_base

    alias_file: PathLike | None
    if aliases is True:
        alias_file = default_aliases()
    elif aliases is False:
        alias_file = None
    else:
        alias_file = aliases
    try:
        base = check_base(base)
    except ValueError as exc:
        raise InputError(str(exc)) from exc
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]  # one path, not the characters of one
    chosen = list(paths) if paths is not None else []
    return run(
        chosen or default_inputs(),
        out_dir,
        formats=tuple(formats) if formats is not None else DEFAULT_FORMATS,
        base=base,
        dataset=dataset,
        store=store,
        validate=validate,
        aliases=alias_file,
        workers=workers,
        resume=resume,
        progress=progress,
    )


def open_store(path: PathLike = DEFAULT_STORE) -> Store:
    """A built store, opened read-only: ``out/store``, or a build's output folder."""
    from ._store import open_store as opened

    return opened(path)


def validate(
    inputs: PathLike | Iterable[PathLike] = (),
    *,
    store: PathLike | None = None,
    engine: str = "sparql",
    base: str | None = None,
    workers: int = 2,
) -> ValidationReport:
    """Check a graph against the SHACL shapes.

    ``inputs`` are RDF files (their format from the extension) or article files and
    folders, which are built first; ``store`` is a built store or output folder. With
    neither, the store in ``out/store`` is checked, else the seed articles. Article
    inputs that could not be read are in the report's ``rejected``. ``engine`` is
    ``"sparql"`` (the shapes compiled to SPARQL on Oxigraph) or ``"pyshacl"`` (the
    reference engine, slow).
    """
    from ._formats import is_rdf
    from ._generation import built_base
    from ._store import load_rdf_files, store_folder
    from ._validation import validate_store, validate_with_pyshacl

    if engine not in ("sparql", "pyshacl"):
        raise InputError(f"unknown validation engine {engine!r}; choose sparql or pyshacl")
    chosen = [Path(inputs)] if isinstance(inputs, (str, os.PathLike)) else [Path(p) for p in inputs]
    if store is None and not chosen:
        if (DEFAULT_STORE / "CURRENT").exists():
            store = DEFAULT_STORE
        else:
            chosen = default_inputs()

    def check(graph: Store, graph_base: str) -> ValidationReport:
        if engine == "pyshacl":
            return validate_with_pyshacl(graph)
        return validate_store(graph, base=graph_base, workers=workers)

    if store is not None:
        return check(open_store(store), base or built_base(store_folder(store).parent))
    graphs = [p for p in chosen if p.is_file() and is_rdf(p)]
    articles = [p for p in chosen if p not in graphs]
    loaded = load_rdf_files(graphs)
    rejected = []
    if articles:
        with tempfile.TemporaryDirectory(prefix="battlegraph-validate-") as folder:
            made = build(
                articles,
                folder,
                formats=("nq",),
                base=base or DEFAULT_BASE,
                dataset="validate",  # not the temporary folder's name: the same input gives the same report
                store=False,
                validate=False,
            )
            rejected = list(made.rejected)
            if made.battles == 0 and not graphs:
                reasons = "; ".join(str(e) for e in made.rejected[:3]) or "no battle articles found"
                raise InputError(f"nothing to validate: {reasons}")
            from pyoxigraph import RdfFormat

            loaded.bulk_load(path=str(Path(folder) / "graph.nq"), format=RdfFormat.N_QUADS)
    report = check(loaded, base or DEFAULT_BASE)
    report.rejected = rejected
    return report


def query(
    question: str | CannedQuery,
    params: Mapping[str, str] | None = None,
    *,
    store: PathLike | Store | None = None,
    graph: Iterable[PathLike] = (),
    endpoint: str | None = None,
    allow_service: bool = False,
) -> QueryResult:
    """Ask a canned question by name, a ``.rq`` file, or SPARQL text.

    Asked of ``endpoint`` (a SPARQL URL), of the RDF files in ``graph``, or of a store
    (a built store's folder or an open :class:`pyoxigraph.Store`; default ``out/store``).
    ``params`` are bound as RDF literals, never pasted into the text. A query that uses
    SERVICE (which fetches from whatever endpoint it names) is refused unless
    ``allow_service``; on an endpoint, what it allows is the endpoint's business.
    """
    from pyoxigraph import Store

    from ._queries import (
        CannedQuery,
        find_query,
        label_query,
        match_names,
        parse_query_text,
        run_local,
        run_remote,
    )
    from ._store import load_rdf_files

    graphs = [Path(p) for p in graph]
    if sum(x is not None and x != [] for x in (store, graphs or None, endpoint)) > 1:
        raise InputError("ask one of a store, graph files or an endpoint, not several")
    if isinstance(question, CannedQuery):
        chosen = question
    elif any(mark in question for mark in ("{", "\n", " ")):
        chosen = parse_query_text(question)
    else:
        chosen = find_query(question)

    def names(result: QueryResult) -> list[str]:
        return [str(record["label"]) for record in result.records() if "label" in record]

    if endpoint is not None:
        remote = endpoint
        matched = match_names(
            chosen,
            params or {},
            lambda kind: names(run_remote(remote, label_query(kind))),
            lambda kind, value: bool(run_remote(remote, label_query(kind, value)).rows),
        )
        return run_remote(endpoint, chosen, matched)
    if graphs:
        opened = load_rdf_files(graphs)
    else:
        opened = store if isinstance(store, Store) else open_store(store if store is not None else DEFAULT_STORE)
    matched = match_names(
        chosen,
        params or {},
        lambda kind: names(run_local(opened, label_query(kind))),
        lambda kind, value: bool(run_local(opened, label_query(kind, value)).rows),
    )
    return run_local(opened, chosen, matched, allow_service=allow_service)
