"""The whole job: article files → battle records → quads → files.

``build()`` never stops for one bad article: an unreadable file is recorded as
rejected with its reason, an article without a conflict infobox as skipped, and
the rest of the batch is built.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import RdfFormat, Store, parse

from .article import read_article
from .errors import BattlegraphError, Diagnostic, InputError, NotABattleError, UnreadableFileError
from .export import DEFAULT_FORMATS, write_formats, write_nquads, write_text_atomic
from .extract import extract
from .iris import DEFAULT_BASE, ONTOLOGY_GRAPH, Minter
from .model import Battle
from .rdf import RDF_TYPE, GraphBatch, battle_graph, bg, iri, sort_key
from .resources import ontology_file
from .store import STORE_DIR, write_store
from .validate import ValidationReport, report_text, report_turtle, validate_nquads

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


def ontology_graph() -> GraphBatch:
    """The ontology, in its own named graph."""
    triples = [
        (str(q.subject), str(q.predicate), str(q.object))
        for q in parse(path=str(ontology_file()), format=RdfFormat.TURTLE)
    ]
    return GraphBatch(iri(ONTOLOGY_GRAPH), sorted(set(triples), key=sort_key))


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


def dataset(battles: Iterable[Battle], minter: Minter, report: BuildReport) -> Iterator[GraphBatch]:
    """The named graphs: the ontology, then one per battle; counts what passes."""
    local = ("<" + minter.base + "article/", "<" + minter.base + "battle/")
    shared: set[tuple[str, str, str]] = set()
    people: set[str] = set()
    person = bg("Person")

    def count(batch: GraphBatch) -> GraphBatch:
        for triple in batch.triples:
            if triple[0].startswith(local):
                report.triples += 1
                continue
            if triple not in shared:
                shared.add(triple)
                report.triples += 1
            if triple[1] == RDF_TYPE and triple[2] == person:
                people.add(triple[0])
        report.people = len(people)
        return batch

    yield count(ontology_graph())
    for battle in battles:
        article_slug = minter.article_slug(battle.title, battle.path)
        yield count(battle_graph(battle, minter, article_slug))


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
                report.validation = validation = _validate(spool, local)
                write_text_atomic(out / "report.txt", report_text(validation))
                write_text_atomic(out / "report.ttl", report_turtle(validation, minter.base))
    finally:
        spool.unlink(missing_ok=True)
    return report


def _validate(spool: Path, local: tuple[str, ...]) -> ValidationReport:
    return validate_nquads(spool, local_prefixes=local)


@contextmanager
def validation_input(inputs: Iterable[Path], store_dir: Path | None) -> Iterator[tuple[Path, list[BattlegraphError]]]:
    """What ``battlegraph validate`` checks, as one N-Quads file: a built store, RDF files, or articles.

    Yields the file and the article files that had to be rejected; raises
    :class:`InputError` when an RDF file cannot be parsed or nothing usable is left.
    """
    from .store import open_store

    with tempfile.TemporaryDirectory(prefix="battlegraph-") as folder:
        spool = Path(folder) / "input.nq"
        if store_dir is not None:
            open_store(store_dir).dump(str(spool), format=RdfFormat.N_QUADS)
            yield spool, []
            return
        inputs = list(inputs)
        graphs = [p for p in inputs if p.is_file() and p.suffix.lower() in RDF_SUFFIXES]
        articles = [p for p in inputs if p not in graphs]
        store = Store()
        for path in graphs:
            try:
                store.bulk_load(path=str(path), format=rdf_format(path))
            except (SyntaxError, ValueError, OSError) as exc:
                raise InputError(f"cannot read RDF: {exc}", path, getattr(exc, "lineno", None)) from exc
        store.dump(str(spool), format=RdfFormat.N_QUADS)
        report = BuildReport()
        if articles:
            with spool.open("ab") as stream:
                write_nquads(dataset(battles(find_articles(articles), report), Minter(DEFAULT_BASE), report), stream)
            if report.battles == 0 and not graphs:
                reasons = "; ".join(str(e) for e in report.rejected[:3]) or "no battle articles found"
                raise InputError(f"nothing to validate: {reasons}")
        yield spool, list(report.rejected)


def rdf_format(path: Path) -> RdfFormat:
    return {
        ".ttl": RdfFormat.TURTLE,
        ".trig": RdfFormat.TRIG,
        ".nt": RdfFormat.N_TRIPLES,
        ".nq": RdfFormat.N_QUADS,
        ".jsonld": RdfFormat.JSON_LD,
        ".rdf": RdfFormat.RDF_XML,
    }[path.suffix.lower()]
