"""The whole job: inputs → battle records → named graphs → files, store, validation.

``build()`` never stops for one bad article: an unreadable file or page is
recorded as rejected with its reason, an article without a conflict infobox as
skipped, and the rest of the batch is built.

Articles are read, extracted and mapped to triples in worker processes (every
core by default); the main process numbers them, writes each article's named
graph to an N-Quads spool in input order, and streams every output from the
spool, so memory stays flat however many articles come in. The spool is
checkpointed as it grows, so an interrupted build can resume where it stopped.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from pathlib import Path
from typing import IO

from pyoxigraph import RdfFormat, Store, parse

from .article import parse_article
from .errors import BattlegraphError, Diagnostic, InputError, NotABattleError
from .export import DEFAULT_FORMATS, read_nquads, write_formats, write_merged, write_nquads, write_text_atomic
from .extract import Extraction, extract
from .identity import Aliases, Resolver, load_aliases, resolution_report
from .iris import DEFAULT_BASE, ONTOLOGY_GRAPH, Minter, slug
from .model import Battle
from .parallel import ordered_map
from .rdf import LABEL, RDF_TYPE, GraphBatch, battle_graph, bg, iri, sort_key
from .resources import ontology_file
from .sources import Document, SourceStats, documents, find_inputs
from .store import STORE_DIR, write_store
from .validate import ValidationReport, report_text, report_turtle, validate_nquads
from .wikitext import parse_wikitext

RDF_SUFFIXES = (".ttl", ".trig", ".nt", ".nq", ".jsonld", ".rdf")
# Documents per task sent to a worker: enough to pay for the trip, few enough to keep every core busy.
TASK_SIZE = 32
CHECKPOINT_EVERY = 2000

Progress = Callable[["BuildReport"], None]


@dataclass
class TemplateUse:
    """How many wikitext pages used a template the reader does not know, and the first of them."""

    pages: int
    first: str


@dataclass
class BuildReport:
    """What a build read, made and left out."""

    articles_read: int = 0
    battles: int = 0
    people: int = 0
    triples: int = 0
    pages_seen: int = 0
    passed_over: int = 0  # dump pages that are no battle (redirects, other namespaces, no conflict infobox)
    skipped: list[BattlegraphError] = field(default_factory=list)
    rejected: list[BattlegraphError] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    outputs: dict[str, Path] = field(default_factory=dict)
    store: Path | None = None
    validation: ValidationReport | None = None
    resolution: Path | None = None
    problems: Path | None = None  # every rejected and skipped input and warning, when there are any
    resumed_from: int = 0
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage
    wikitext_pages: int = 0  # battles read from wikitext, whose templates templates.txt accounts for
    templates: dict[str, TemplateUse] = field(default_factory=dict)  # unknown infobox templates
    template_report: Path | None = None


def find_articles(paths: Iterable[str | Path]) -> list[Path]:
    """The input files under ``paths``: articles, wikitext pages and dumps."""
    return find_inputs(paths)


def ontology_graph() -> GraphBatch:
    """The ontology, in its own named graph."""
    triples = [
        (str(q.subject), str(q.predicate), str(q.object))
        for q in parse(path=str(ontology_file()), format=RdfFormat.TURTLE)
    ]
    return GraphBatch(iri(ONTOLOGY_GRAPH), sorted(set(triples), key=sort_key))


def read_document(document: Document) -> Extraction:
    """One document → its battle and diagnostics; raises for unusable input and non-battles."""
    if document.kind == "wikitext":
        article = parse_wikitext(document.data, document.name, document.title)
    else:
        article = parse_article(document.data, document.name)
    return extract(article)


@dataclass(frozen=True, slots=True)
class _Digest:
    """What the main process needs of an article's graph, made in the worker that mapped it."""

    nquads: bytes  # the named graph, ready for the spool
    local: int  # how many triples are about the article's own resources (battle, sides, figures)
    shared: tuple[tuple[str, str, str], ...]  # the triples about resources articles share (people, wars …)
    title: str | None


def digest(batch: GraphBatch, base: str) -> _Digest:
    local_prefixes = ("<" + base + "article/", "<" + base + "battle/")
    shared = tuple(t for t in batch.triples if not t[0].startswith(local_prefixes))
    title = next((o for s, p, o in batch.triples if s == batch.name and p == LABEL), None)
    buffer = io.BytesIO()
    write_nquads([batch], buffer)
    return _Digest(buffer.getvalue(), len(batch.triples) - len(shared), shared, _unquote(title) if title else None)


@dataclass(frozen=True, slots=True)
class _Outcome:
    key: str
    battle: Battle | None = None
    digest: _Digest | None = None
    provisional: str | None = None
    error: BattlegraphError | None = None
    diagnostics: tuple[Diagnostic, ...] = ()
    templates: tuple[str, ...] = ()
    wikitext: bool = False


def _process(items: list[Document | InputError], minter: Minter) -> list[_Outcome]:
    """A worker's task: read, extract and map a few documents."""
    out = []
    for item in items:
        if isinstance(item, InputError):
            out.append(_Outcome(key="", error=item))
            continue
        try:
            extraction = read_document(item)
        except BattlegraphError as exc:
            out.append(_Outcome(key=item.key, error=exc))
            continue
        except RecursionError:
            out.append(_Outcome(key=item.key, error=InputError("too deeply nested to read", item.name)))
            continue
        battle = extraction.battle
        provisional = slug(battle.title)
        summary = digest(battle_graph(battle, minter, provisional), minter.base)
        out.append(
            _Outcome(
                item.key,
                battle,
                summary,
                provisional,
                diagnostics=extraction.diagnostics,
                templates=extraction.templates,
                wikitext=item.kind == "wikitext",
            )
        )
    return out


def _outcomes(items: Iterator[Document | InputError], minter: Minter, workers: int) -> Iterator[_Outcome]:
    """Outcomes in input order, computed by ``workers`` processes with a bounded number in flight."""
    tasks = iter(lambda: list(islice(items, TASK_SIZE)), [])
    # Workers mint provisional slugs only; the build's minter, with every slug handed out
    # so far, stays here, so what is sent with each task does not grow with the corpus.
    minter = Minter(minter.base, minter.aliases)
    for outcomes in ordered_map(partial(_process, minter=minter), tasks, workers, in_flight=3):
        yield from outcomes


class _Counter:
    """Counts what goes into the graph (shared triples once), people; and feeds the resolver."""

    def __init__(self, minter: Minter, report: BuildReport, resolver: Resolver) -> None:
        self.base = minter.base
        self.shared: set[tuple[str, str, str]] = set()
        self.people: set[str] = set()
        self.person = bg("Person")
        self.report = report
        self.resolver = resolver

    def __call__(self, summary: _Digest) -> bytes:
        report = self.report
        report.triples += summary.local
        for triple in summary.shared:
            if triple not in self.shared:
                self.shared.add(triple)
                report.triples += 1
                if triple[1] == RDF_TYPE and triple[2] == self.person:
                    self.people.add(triple[0])
        report.people = len(self.people)
        self.resolver.observe(summary.shared, summary.title)
        return summary.nquads

    def batch(self, batch: GraphBatch) -> bytes:
        return self(digest(batch, self.base))


def _unquote(literal: str) -> str:
    from .export import split_literal, unescape

    return unescape(split_literal(literal)[0])


# ---------------------------------------------------------------------------
# Checkpoints


def _fingerprint(files: list[Path], base: str) -> str:
    digest = hashlib.sha256(base.encode())
    for path in files:
        info = path.stat()
        digest.update(f"{path.resolve()}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


@dataclass
class _Checkpoint:
    folder: Path
    fingerprint: str

    @property
    def spool(self) -> Path:
        return self.folder / "graph.nq.part"

    @property
    def state(self) -> Path:
        return self.folder / "checkpoint.json"

    def load(self) -> dict[str, object] | None:
        try:
            data = json.loads(self.state.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if data.get("fingerprint") != self.fingerprint or not self.spool.exists():
            return None
        return dict(data)

    def save(self, documents: int, spool_bytes: int, minter: Minter, report: BuildReport) -> None:
        data = {
            "fingerprint": self.fingerprint,
            "documents": documents,
            "bytes": spool_bytes,
            "slugs": minter.slugs(),
            "skipped": [str(e) for e in report.skipped],
            "rejected": [str(e) for e in report.rejected],
            "articles_read": report.articles_read,
        }
        write_text_atomic(self.state, json.dumps(data))


def build(
    paths: Iterable[str | Path],
    out_dir: str | Path,
    *,
    formats: Iterable[str] = DEFAULT_FORMATS,
    base: str = DEFAULT_BASE,
    store: bool = True,
    validate: bool = True,
    aliases: Path | None = None,
    workers: int | None = None,
    resume: bool = False,
    progress: Progress | None = None,
) -> BuildReport:
    """Read the inputs under ``paths`` and write the graph to ``out_dir``.

    Writes the ``formats`` asked for, the embedded store (``out_dir/store``) unless
    ``store`` is false, ``resolution.txt`` (names merged and look-alikes not merged)
    and, unless ``validate`` is false, ``report.txt`` and ``report.ttl``. With
    ``resume``, a build interrupted earlier continues from its last checkpoint.
    """
    report = BuildReport()
    alias_table = load_aliases(aliases) if aliases is not None else Aliases()
    minter = Minter(base, alias_table)
    files = find_inputs(paths)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    local = (minter.base + "article/", minter.base + "battle/")
    resolver = Resolver(minter, alias_table)
    checkpoint = _Checkpoint(out / ".build", _fingerprint(files, minter.base))
    counter = _Counter(minter, report, resolver)
    skip = 0
    state = checkpoint.load() if resume else None
    if state is None:
        shutil.rmtree(checkpoint.folder, ignore_errors=True)
        checkpoint.folder.mkdir(parents=True)
        checkpoint.spool.write_bytes(b"")
    else:
        skip = int(state["documents"])  # type: ignore[call-overload]
        report.resumed_from = skip
        _restore(checkpoint, state, minter, report, counter)

    clock = time.perf_counter()
    stats = SourceStats()
    items = islice(documents(files, stats), skip, None)
    done = skip
    with checkpoint.spool.open("ab") as spool:
        if skip == 0:
            spool.write(counter.batch(ontology_graph()))
        for outcome in _outcomes(items, minter, workers or os.cpu_count() or 1):
            done += 1
            report.pages_seen, report.passed_over = stats.pages, stats.passed_over
            _record(outcome, minter, report, counter, spool)
            if progress is not None:
                progress(report)
            if done % CHECKPOINT_EVERY == 0:
                spool.flush()
                checkpoint.save(done, spool.tell(), minter, report)
        report.pages_seen, report.passed_over = stats.pages, stats.passed_over
        write_nquads([resolver.links_graph()], spool)
    report.timings["read, extract, map"] = time.perf_counter() - clock
    try:
        clock = time.perf_counter()
        merged = write_merged(checkpoint.spool, checkpoint.folder / "merged.nt", local)
        report.timings["merge"] = time.perf_counter() - clock
        # The store loads in Rust without the GIL: it fills on one core while the
        # formats and the validation run on the other.
        loading = _Background(lambda: write_store(merged, out / STORE_DIR)) if store else None
        clock = time.perf_counter()
        report.outputs = write_formats(checkpoint.spool, merged, out, formats, base=minter.base)
        report.resolution = out / "resolution.txt"
        write_text_atomic(report.resolution, resolution_report(resolver))
        report.problems = _write_problems(report, out / "problems.txt")
        report.template_report = _write_templates(report, out / "templates.txt")
        report.timings["formats"] = time.perf_counter() - clock
        if validate:
            clock = time.perf_counter()
            report.validation = validation = validate_nquads(checkpoint.spool, local_prefixes=local)
            write_text_atomic(out / "report.txt", report_text(validation))
            write_text_atomic(out / "report.ttl", report_turtle(validation, minter.base))
            report.timings["validation"] = time.perf_counter() - clock
        if loading is not None:
            clock = time.perf_counter()
            report.store = loading.result()
            report.timings["then waiting for the store"] = time.perf_counter() - clock
    finally:
        shutil.rmtree(checkpoint.folder, ignore_errors=True)
    return report


def problem_lines(report: BuildReport) -> list[str]:
    """One line per rejected input, skipped page and extraction warning, in input order."""
    return (
        [f"rejected {problem}" for problem in report.rejected]
        + [f"skipped {skipped}" for skipped in report.skipped]
        + [f"warning {diagnostic}" for diagnostic in report.diagnostics]
    )


def _write_problems(report: BuildReport, target: Path) -> Path | None:
    # A whole dump has thousands of pages that are not battles: the list goes to a file,
    # and a clean build leaves none behind from an earlier one.
    lines = problem_lines(report)
    if not lines:
        target.unlink(missing_ok=True)
        return None
    write_text_atomic(target, "\n".join(lines) + "\n")
    return target


def _write_templates(report: BuildReport, target: Path) -> Path | None:
    """templates.txt: the infobox templates the wikitext reader did not know, by the pages that use them."""
    if report.wikitext_pages == 0:
        target.unlink(missing_ok=True)
        return None
    lines = [
        "# Infobox templates battlegraph does not know: each kept its first parameter as text.",
        f"# {report.wikitext_pages:,} wikitext pages read; {len(report.templates):,} unknown templates.",
        "# template\tpages\tfirst page",
    ]
    ranked = sorted(report.templates.items(), key=lambda entry: (-entry[1].pages, entry[0]))
    lines += [f"{name}\t{use.pages}\t{use.first}" for name, use in ranked]
    write_text_atomic(target, "\n".join(lines) + "\n")
    return target


class _Background:
    """A function run in a thread, its result or exception collected later."""

    def __init__(self, function: Callable[[], Path]) -> None:
        self.value: Path | None = None
        self.error: BaseException | None = None

        def run() -> None:
            try:
                self.value = function()
            except BaseException as exc:  # handed to the caller by result()
                self.error = exc

        self.thread = threading.Thread(target=run, name="battlegraph-store", daemon=True)
        self.thread.start()

    def result(self) -> Path:
        self.thread.join()
        if self.error is not None:
            raise self.error
        assert self.value is not None
        return self.value


def _record(outcome: _Outcome, minter: Minter, report: BuildReport, counter: _Counter, spool: IO[bytes]) -> None:
    if outcome.error is not None:
        if isinstance(outcome.error, NotABattleError):
            report.articles_read += 1
            report.skipped.append(outcome.error)
        else:
            report.rejected.append(outcome.error)
        return
    assert outcome.battle is not None and outcome.digest is not None
    battle = outcome.battle
    report.articles_read += 1
    report.battles += 1
    report.diagnostics.extend(outcome.diagnostics)
    if outcome.wikitext:
        report.wikitext_pages += 1
        for name in outcome.templates:
            report.templates.setdefault(name, TemplateUse(0, battle.path)).pages += 1
    final = minter.article_slug(battle.title, outcome.key)
    if final == outcome.provisional:
        spool.write(counter(outcome.digest))
    else:  # two articles share a title: the later one's IRIs get a suffix
        spool.write(counter.batch(battle_graph(battle, minter, final)))


def _restore(
    checkpoint: _Checkpoint, state: dict[str, object], minter: Minter, report: BuildReport, counter: _Counter
) -> None:
    """Pick up an interrupted build: the spool up to the checkpoint, the slugs, the counts."""
    with checkpoint.spool.open("r+b") as stream:
        stream.truncate(int(state["bytes"]))  # type: ignore[call-overload]
    minter.restore_slugs(dict(state["slugs"]))  # type: ignore[call-overload]
    report.skipped = [NotABattleError(message) for message in state["skipped"]]  # type: ignore[attr-defined]
    report.rejected = [InputError(message) for message in state["rejected"]]  # type: ignore[attr-defined]
    report.articles_read = int(state["articles_read"])  # type: ignore[call-overload]
    current: str | None = None
    triples: list[tuple[str, str, str]] = []
    for graph, s, p, o in read_nquads(checkpoint.spool):
        if graph != current:
            if current is not None:
                counter.batch(GraphBatch(current, triples))
            current, triples = graph, []
        triples.append((s, p, o))
    if current is not None:
        counter.batch(GraphBatch(current, triples))
    report.battles = sum(1 for _ in _battles_in(checkpoint.spool))


def _battles_in(spool: Path) -> Iterator[str]:
    battle = bg("Battle")
    for _, subject, predicate, obj in read_nquads(spool):
        if predicate == RDF_TYPE and obj == battle:
            yield subject


# ---------------------------------------------------------------------------
# Input for `battlegraph validate`


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
            minter = Minter(DEFAULT_BASE)
            counter = _Counter(minter, report, Resolver(minter, Aliases()))
            with spool.open("ab") as stream:
                stream.write(counter.batch(ontology_graph()))
                for outcome in _outcomes(documents(find_inputs(articles)), minter, 1):
                    _record(outcome, minter, report, counter, stream)
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
