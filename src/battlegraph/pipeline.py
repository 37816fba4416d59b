"""The whole job: article files → battle records → quads → files.

``build()`` never stops for one bad article: an unreadable file is recorded as
rejected with its reason, an article without a conflict infobox as skipped, and
the rest of the batch is built.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import NamedNode, Quad, RdfFormat, Store, parse

from .article import read_article
from .errors import BattlegraphError, Diagnostic, InputError, NotABattleError, UnreadableFileError
from .export import DEFAULT_FORMATS, write_formats, write_nquads, write_text_atomic
from .extract import extract
from .iris import DEFAULT_BASE, ONTOLOGY_GRAPH, Minter
from .model import Battle
from .rdf import RDF_TYPE, battle_quads, bg, sort_key
from .resources import ontology_file
from .store import STORE_DIR, write_store
from .validate import ValidationReport, report_text, report_turtle, validate_store

ARTICLE_SUFFIXES = (".txt",)
RDF_SUFFIXES = (".ttl", ".trig", ".nt", ".nq", ".jsonld", ".rdf")


@dataclass
class BuildReport:
    """What a build read, made and left out."""

    articles_read: int = 0
    battles: int = 0
    people: int = 0
    triples: int = 0
    skipped: list[NotABattleError] = field(default_factory=list)
    rejected: list[BattlegraphError] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    outputs: dict[str, Path] = field(default_factory=dict)
    store: Path | None = None
    validation: ValidationReport | None = None


def find_articles(paths: Iterable[str | Path]) -> list[Path]:
    """Files named directly, and the ``*.txt`` files under folders, sorted within each folder."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and p.suffix.lower() in ARTICLE_SUFFIXES
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                )
            )
        elif path.exists():
            found.append(path)
        else:
            raise UnreadableFileError("no such file or folder", path)
    return list(dict.fromkeys(found))


def ontology_quads() -> list[Quad]:
    """The ontology, in its own named graph."""
    graph = NamedNode(ONTOLOGY_GRAPH)
    quads = (
        Quad(q.subject, q.predicate, q.object, graph) for q in parse(path=str(ontology_file()), format=RdfFormat.TURTLE)
    )
    return sorted(quads, key=sort_key)


def read_battle(path: Path) -> tuple[Battle, tuple[Diagnostic, ...]]:
    """One article file → its battle; raises for unusable files and non-battles."""
    result = extract(read_article(path))
    return result.battle, result.diagnostics


def battles(paths: Iterable[Path], report: BuildReport) -> Iterator[Battle]:
    """The battles of the files, recording in ``report`` what was skipped and why."""
    for path in paths:
        try:
            battle, diagnostics = read_battle(path)
        except NotABattleError as exc:
            report.articles_read += 1
            report.skipped.append(exc)
            continue
        except InputError as exc:
            report.rejected.append(exc)
            continue
        report.articles_read += 1
        report.battles += 1
        report.diagnostics.extend(diagnostics)
        yield battle


def dataset(battles: Iterable[Battle], minter: Minter, report: BuildReport) -> Iterator[list[Quad]]:
    """Batches of sorted quads: the ontology, then one batch per battle; counts what passes."""
    local = (minter.base + "article/", minter.base + "battle/")
    shared: set[tuple[str, str, str]] = set()
    people: set[str] = set()
    person = bg("Person")

    def count(batch: list[Quad]) -> list[Quad]:
        for quad in batch:
            subject = quad.subject.value if isinstance(quad.subject, NamedNode) else str(quad.subject)
            if subject.startswith(local):
                report.triples += 1
                continue
            key = (subject, quad.predicate.value, str(quad.object))
            if key not in shared:
                shared.add(key)
                report.triples += 1
            if quad.predicate == RDF_TYPE and quad.object == person:
                people.add(subject)
        report.people = len(people)
        return batch

    yield count(ontology_quads())
    for battle in battles:
        article_slug = minter.article_slug(battle.title, battle.path)
        yield count(battle_quads(battle, minter, article_slug))


def build(
    paths: Iterable[str | Path],
    out_dir: str | Path,
    *,
    formats: Iterable[str] = DEFAULT_FORMATS,
    base: str = DEFAULT_BASE,
    store: bool = True,
    validate: bool = True,
) -> BuildReport:
    """Read the articles under ``paths`` and write the graph to ``out_dir``.

    Writes the ``formats`` asked for, the embedded store (``out_dir/store``) unless
    ``store`` is false, and, unless ``validate`` is false, ``report.txt`` and
    ``report.ttl`` from the SHACL shapes.
    """
    report = BuildReport()
    minter = Minter(base)
    files = find_articles(paths)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    local = (minter.base + "article/", minter.base + "battle/")
    # One pass over the articles into an N-Quads spool; every output streams from it.
    spool = out / f".graph.{os.getpid()}.nq"
    try:
        with spool.open("wb") as stream:
            write_nquads(dataset(battles(files, report), minter, report), stream)
        report.outputs = write_formats(spool, out, formats, base=minter.base, local_prefixes=local)
        if store or validate:
            report.store = write_store(spool, out / STORE_DIR) if store else None
            if validate:
                report.validation = validation = _validate(spool, report.store)
                write_text_atomic(out / "report.txt", report_text(validation))
                write_text_atomic(out / "report.ttl", report_turtle(validation, minter.base))
    finally:
        spool.unlink(missing_ok=True)
    return report


def _validate(spool: Path, store_path: Path | None) -> ValidationReport:
    from .store import open_store

    if store_path is not None:
        return validate_store(open_store(store_path))
    memory = Store()
    memory.bulk_load(path=str(spool), format=RdfFormat.N_QUADS)
    return validate_store(memory)


def validation_input(inputs: Iterable[Path], store_dir: Path | None) -> tuple[Store, list[BattlegraphError]]:
    """What ``battlegraph validate`` checks: a built store, RDF files, or articles built in memory.

    Returns the store and the article files that had to be rejected; raises
    :class:`InputError` when an RDF file cannot be parsed or nothing usable is left.
    """
    from .store import open_store

    if store_dir is not None:
        return open_store(store_dir), []
    store = Store()
    graphs = [p for p in inputs if p.is_file() and p.suffix.lower() in RDF_SUFFIXES]
    articles = [p for p in inputs if p not in graphs]
    for path in graphs:
        try:
            store.bulk_load(path=str(path), format=rdf_format(path))
        except (SyntaxError, ValueError, OSError) as exc:
            raise InputError(f"cannot read RDF: {exc}", path, getattr(exc, "lineno", None)) from exc
    report = BuildReport()
    if articles:
        minter = Minter(DEFAULT_BASE)
        for batch in dataset(battles(find_articles(articles), report), minter, report):
            store.extend(batch)
        if report.battles == 0 and not graphs:
            reasons = "; ".join(str(e) for e in report.rejected[:3]) or "no battle articles found"
            raise InputError(f"nothing to validate: {reasons}")
    return store, list(report.rejected)


def rdf_format(path: Path) -> RdfFormat:
    return {
        ".ttl": RdfFormat.TURTLE,
        ".trig": RdfFormat.TRIG,
        ".nt": RdfFormat.N_TRIPLES,
        ".nq": RdfFormat.N_QUADS,
        ".jsonld": RdfFormat.JSON_LD,
        ".rdf": RdfFormat.RDF_XML,
    }[path.suffix.lower()]
