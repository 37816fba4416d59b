"""The whole job: article files → battle records → quads → files.

``build()`` never stops for one bad article: an unreadable file is recorded as
rejected with its reason, an article without a conflict infobox as skipped, and
the rest of the batch is built.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import NamedNode, Quad, RdfFormat, parse

from .article import read_article
from .errors import BattlegraphError, Diagnostic, InputError, NotABattleError, UnreadableFileError
from .export import DEFAULT_FORMATS, write_dataset
from .extract import extract
from .iris import DEFAULT_BASE, ONTOLOGY_GRAPH, Minter
from .model import Battle
from .rdf import RDF_TYPE, battle_quads, bg, sort_key
from .resources import ontology_file

ARTICLE_SUFFIXES = (".txt",)


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
) -> BuildReport:
    """Read the articles under ``paths`` and write the graph in ``formats`` to ``out_dir``."""
    report = BuildReport()
    minter = Minter(base)
    files = find_articles(paths)
    batches = dataset(battles(files, report), minter, report)
    local = (minter.base + "article/", minter.base + "battle/")
    report.outputs = write_dataset(batches, Path(out_dir), formats, base=minter.base, local_prefixes=local)
    return report
