"""The whole job: inputs → battle records → named graphs → files, store, validation, published at once.

``build()`` never stops for one bad article: an unreadable file or page is recorded
as rejected with its reason, an article without a conflict infobox as skipped, and
an unexpected failure on one article (a bug of ours) rejects that article only,
its traceback kept in ``problems.txt``; the rest of the batch is built.

Articles are read, extracted and mapped to triples in worker processes (every core
by default). The main process numbers them and appends each article's graph to three
spools in input order: N-Quads (the named graphs), N-Triples (the same triples, in
blocks per article, for the validation) and the merged spool (each article's own
triples; the lines about shared resources, people, wars, places, are kept in memory,
each once, and appended sorted at the end), which is the merged graph with each
triple once and each subject's lines together. A worker sends the lines once; the
main process makes the N-Quads from them. Every output is then made from the spools
by pyoxigraph, at the same time, the writers and the validation in processes of their
own: ``graph.nq`` is the N-Quads spool, ``graph.trig`` its re-serialisation,
``graph.nt`` the merged spool, ``graph.ttl`` and ``graph.jsonld`` its
re-serialisations (one parse feeds both), and the store the merged spool bulk-loaded.
Memory stays flat however many articles come in, but for the shared lines.

Everything is written into a staging folder and published in one step
(:mod:`battlegraph._generation`), with ``build.json`` naming the generation, the
inputs' hashes, the counts and the files. The spools are checkpointed as they grow,
so a build that was interrupted continues with ``resume=True``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from pathlib import Path
from typing import IO, Any

from . import __version__
from ._errors import BattlegraphError, Diagnostic, InputError, InternalError, NotABattleError, OutputError
from ._extraction import Extraction, extract
from ._formats import DEFAULT_FORMATS, FORMATS
from ._generation import Generation, generation, staged, write_json
from ._identity import Aliases, Resolver, load_aliases, resolution_report
from ._iris import DEFAULT_BASE, Minter, local_prefixes, slug
from ._parallel import Beside, ordered_map
from ._rdf import ArticleGraph, battle_graph, graph_of, in_graph
from ._sources import DUMP_SUFFIXES, TEXT_SUFFIXES, WIKITEXT_SUFFIXES, Document, SourceStats, documents, find_inputs
from ._wikitext import parse_wikitext

# Documents per task sent to a worker: enough to pay for the trip, few enough to keep every core busy.
TASK_SIZE = 32
CHECKPOINT_EVERY = 2000
CHECKPOINT_SECONDS = 10.0  # and at least this often, so Ctrl-C loses little
NQ_SPOOL = "graph.nq.part"
NT_SPOOL = "graph.nt.part"
MERGED_SPOOL = "graph.merged.nt.part"
CHECKPOINT = "checkpoint.json"

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
    triples: int = 0  # distinct triples of the merged graph: what graph.ttl, graph.nt and the store hold
    quads: int = 0  # quads of the named graphs: what graph.trig and graph.nq hold, and `load` sends
    graphs: int = 0  # named graphs: one per article, the ontology's and the cross-article links'
    pages_seen: int = 0
    passed_over: int = 0  # dump pages that are no battle (redirects, other namespaces, no conflict infobox)
    skipped: list[BattlegraphError] = field(default_factory=list)
    rejected: list[BattlegraphError] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    outputs: dict[str, Path] = field(default_factory=dict)
    store: Path | None = None
    validation: Any = None  # a ValidationReport, when the build validated
    resolution: Path | None = None
    problems: Path | None = None  # every rejected and skipped input and warning, when there are any
    template_report: Path | None = None
    manifest: Path | None = None
    generation: str = ""
    resumed_from: int = 0
    wikitext_pages: int = 0  # battles read from wikitext, whose templates templates.txt accounts for
    templates: dict[str, TemplateUse] = field(default_factory=dict)  # unknown infobox templates
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage
    stage: str = "reading"  # what the build is doing now, for a progress display
    inputs_bytes: int = 0  # bytes of the input files
    bytes_read: int = 0  # of them, read so far
    checkpointed: int = 0  # documents the last checkpoint holds: what --resume starts from


class BuildInterrupted(KeyboardInterrupt):
    """Ctrl-C during a build: what the last checkpoint kept, for ``--resume``."""

    def __init__(self, out: Path, kept: int) -> None:
        super().__init__(f"interrupted; {kept} documents kept for --resume in {out}")
        self.out = out
        self.kept = kept


@dataclass(frozen=True, slots=True)
class Options:
    base: str
    dataset: str
    formats: tuple[str, ...]
    store: bool
    validate: bool


# ---------------------------------------------------------------------------
# Reading, in the workers


@dataclass(frozen=True, slots=True)
class _Record:
    """What the main process needs of one document, made in the worker that read it."""

    key: str
    name: str
    error: BattlegraphError | None = None
    title: str | None = None  # the battle's, when the document is one
    path: str = ""  # where the battle was read
    provisional: str | None = None  # the article slug the worker minted
    graph: str = ""  # the named graph's IRI, as N-Triples writes it
    # The graph as N-Triples lines, in two parts (the N-Quads are made from them where they are
    # written: each line's end names the graph), since what crosses between processes costs twice.
    own: bytes = b""  # the lines about the article's own resources: written once, whatever merges
    local: int = 0  # how many: triples about the article's own resources (battle, sides, figures)
    shared: tuple[str, ...] = ()  # the lines about resources articles share (people, wars …)
    entities: tuple[tuple[str, str, str], ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    templates: tuple[str, ...] = ()
    wikitext: bool = False


def read_document(document: Document) -> Extraction:
    """One document → its battle and diagnostics; raises for unusable input and non-battles."""
    from ._article import parse_article

    if document.kind == "wikitext":
        article = parse_wikitext(document.data, document.name, document.title)
    else:
        article = parse_article(document.data, document.name)
    return extract(article)


def _record(graph: ArticleGraph, minter: Minter, **fields: Any) -> _Record:
    local = local_prefixes(minter.base)
    own = [line for line in graph.lines if line.startswith(local)]
    return _Record(
        graph=str(graph.name),
        own="".join(own).encode("utf-8"),
        local=len(own),
        shared=tuple(line for line in graph.lines if not line.startswith(local)),
        entities=tuple(e for e in graph.entities if not e[1].startswith(minter.base + "battle/")),
        **fields,
    )


def _process(items: list[Document | InputError], minter: Minter) -> list[_Record]:
    """A worker's task: read, extract and map a few documents."""
    out = []
    for item in items:
        if isinstance(item, InputError):
            out.append(_Record(key="", name=str(item.path or ""), error=item))
            continue
        try:
            extraction = read_document(item)
            battle = extraction.battle
            provisional = slug(battle.title)
            record = _record(
                battle_graph(battle, minter, provisional),
                minter,
                key=item.key,
                name=item.name,
                title=battle.title,
                path=battle.path,
                provisional=provisional,
                diagnostics=extraction.diagnostics,
                templates=extraction.templates,
                wikitext=item.kind == "wikitext",
            )
        except BattlegraphError as exc:
            record = _Record(key=item.key, name=item.name, error=exc)
        except Exception as exc:  # a fault of ours on one article costs that article only
            record = _Record(key=item.key, name=item.name, error=InternalError.of(exc, item.name))
        out.append(record)
    return out


def _records(
    items: Iterator[Document | InputError], minter: Minter, workers: int
) -> Iterator[tuple[_Record, Document | InputError]]:
    """Records in input order, each with the document it was made from, made by ``workers``
    processes with a bounded number in flight."""
    tasks = iter(lambda: list(islice(items, TASK_SIZE)), [])
    # The documents of the tasks in flight stay here: the main process maps a document
    # again when two articles share a title. Sending the battle back instead cost the workers
    # more than a tenth of their time (pickling a dataclass tree), for the rare collision.
    sent: deque[list[Document | InputError]] = deque()

    def remembered() -> Iterator[list[Document | InputError]]:
        for task in tasks:
            sent.append(task)
            yield task

    # Workers mint provisional slugs only; the build's minter, with every slug handed out
    # so far, stays here, so what is sent with each task does not grow with the corpus.
    minter = Minter(minter.base, minter.aliases, dataset=minter.dataset)
    for records in ordered_map(partial(_process, minter=minter), remembered(), workers, in_flight=3):
        yield from zip(records, sent.popleft(), strict=True)


# ---------------------------------------------------------------------------
# The spools


class _Spools:
    """The N-Quads, N-Triples and merged spools, the byte range of each article in the N-Triples one, the counts."""

    def __init__(self, folder: Path, minter: Minter, report: BuildReport, resolver: Resolver) -> None:
        self.folder = folder
        self.minter = minter
        self.report = report
        self.resolver = resolver
        self.shared: set[str] = set()
        self.people: set[str] = set()
        self.local = 0
        self.blocks: list[tuple[int, int]] = []  # (offset, length) in the N-Triples spool, per article graph
        self.inputs: dict[str, tuple[int, str]] = {}  # (size, SHA-256) of the article files as they were read
        self.nq: IO[bytes] = (folder / NQ_SPOOL).open("ab")
        self.nt: IO[bytes] = (folder / NT_SPOOL).open("ab")
        self.merged: IO[bytes] = (folder / MERGED_SPOOL).open("ab")

    def add(self, record: _Record) -> None:
        """An article's graph: spooled, its block noted for validation, its shared resources counted."""
        self.blocks.append(self._write(record))
        self.people.update(iri for kind, iri, _ in record.entities if kind == "Person")
        self.resolver.observe(record.entities, record.title)
        self.report.people = len(self.people)

    def graph(self, graph: ArticleGraph) -> None:
        """A graph that is not an article's (the ontology, the links)."""
        self._write(_record(graph, self.minter, key="", name=""))

    def _write(self, record: _Record) -> tuple[int, int]:
        """Spool a graph; its (offset, length) in the N-Triples spool."""
        block = record.own + "".join(record.shared).encode("utf-8")
        offset = self.nt.tell()
        self.nq.write(in_graph(block, record.graph))
        self.nt.write(block)
        self.merged.write(record.own)
        self.local += record.local
        self.shared.update(record.shared)
        self.report.quads += record.local + len(record.shared)
        self.report.graphs += 1
        self.report.triples = self.local + len(self.shared)
        return offset, len(block)

    def flush(self) -> tuple[int, int, int]:
        self.nq.flush()
        self.nt.flush()
        self.merged.flush()
        return self.nq.tell(), self.nt.tell(), self.merged.tell()

    def close(self) -> None:
        self.nq.close()
        self.nt.close()
        self.merged.close()

    def finish_merged(self) -> Path:
        """The merged graph as N-Triples, each triple once: every article's own lines in input
        order, then the shared lines sorted, so that each subject's lines stand together."""
        with (self.folder / MERGED_SPOOL).open("ab") as stream:
            batch: list[str] = []
            for line in sorted(self.shared):
                batch.append(line)
                if len(batch) >= 65536:
                    stream.write("".join(batch).encode("utf-8"))
                    batch.clear()
            stream.write("".join(batch).encode("utf-8"))
        return self.folder / MERGED_SPOOL


# ---------------------------------------------------------------------------
# Checkpoints


@dataclass
class Checkpoint:
    """Where an interrupted build stood: enough to continue it from the spools it left."""

    fingerprint: str
    documents: int
    nq_bytes: int
    nt_bytes: int
    merged_bytes: int
    slugs: dict[str, str]
    blocks: list[tuple[int, int]]
    articles_read: int
    battles: int
    skipped: list[dict[str, Any]]
    rejected: list[dict[str, Any]]
    diagnostics: list[dict[str, Any]]
    templates: dict[str, tuple[int, str]]
    wikitext_pages: int

    def save(self, path: Path) -> None:
        write_json(path, self.__dict__)

    @classmethod
    def load(cls, path: Path, fingerprint: str) -> Checkpoint | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            made = cls(**data)
        except (OSError, ValueError, TypeError):
            return None
        if made.fingerprint != fingerprint:
            return None
        made.blocks = [(int(a), int(b)) for a, b in made.blocks]
        return made


def _error_dict(error: BattlegraphError) -> dict[str, Any]:
    return {
        "kind": type(error).__name__,
        "reason": error.reason,
        "path": error.path,
        "line": error.line,
        "details": getattr(error, "details", ""),
    }


def _error_of(data: dict[str, Any]) -> BattlegraphError:
    from . import _errors as errors

    kind = getattr(errors, str(data.get("kind")), InputError)
    if kind is InternalError:
        return InternalError(data["reason"], data.get("path"), data.get("line"), data.get("details", ""))
    made: BattlegraphError = kind(data["reason"], data.get("path"), data.get("line"))
    return made


def _fingerprint(files: list[Path | InputError], options: Options) -> str:
    digest = hashlib.sha256(json.dumps([options.base, options.dataset, __version__]).encode())
    for path in files:
        if isinstance(path, Path):
            info = path.stat()
            # the absolute path, not the resolved one: resolving costs a look-up per folder level per file
            digest.update(f"{path.absolute()}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
        else:
            digest.update(str(path).encode())
    return digest.hexdigest()


# ---------------------------------------------------------------------------
# The build


def build(
    paths: Iterable[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    *,
    formats: Iterable[str] = DEFAULT_FORMATS,
    base: str = DEFAULT_BASE,
    dataset: str | None = None,
    store: bool = True,
    validate: bool = True,
    aliases: str | os.PathLike[str] | None = None,
    workers: int | None = None,
    resume: bool = False,
    progress: Progress | None = None,
) -> BuildReport:
    """Read the inputs under ``paths`` and publish the graph in ``out_dir``.

    Writes the ``formats`` asked for, the embedded store (``out_dir/store``) unless
    ``store`` is false, ``resolution.txt`` (names merged and look-alikes not merged),
    ``problems.txt`` and ``templates.txt`` when there is something to say, and, unless
    ``validate`` is false, ``report.txt`` and ``report.ttl``; then ``build.json``. The
    whole lot replaces the previous build at one instant. ``aliases`` is an alias file
    (Turtle); ``dataset`` names the build in stores (default: the output folder's
    name). With ``resume``, a build interrupted earlier continues from its checkpoint.
    """
    out = Path(out_dir)
    wanted = tuple(dict.fromkeys(formats))
    unknown = [name for name in wanted if name not in FORMATS]
    if unknown:
        raise OutputError(f"unknown format(s) {', '.join(unknown)}; choose from {', '.join(FORMATS)}")
    if dataset is not None and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}", dataset):
        # it names graphs ({base}dataset/{name}/…) and is a prefix `load --prune` trusts: one path segment
        raise InputError(f"a dataset name is letters, digits, '.', '_' and '-' (at most 100), not {dataset!r}")
    options = Options(base, dataset or _dataset_name(out), wanted, store, validate)
    report = BuildReport()
    alias_table = load_aliases(Path(aliases)) if aliases is not None else Aliases()
    minter = Minter(base, alias_table, dataset=options.dataset)
    chosen = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    files = find_inputs(chosen)
    if not any(isinstance(f, Path) for f in files):
        errors = [f for f in files if isinstance(f, InputError)]
        if errors:
            raise InputError("nothing to build: " + "; ".join(str(e) for e in errors[:3]))
        raise InputError(
            f"no articles in {', '.join(map(str, chosen)) or 'the inputs'}: folders are searched for "
            f"{', '.join('*' + s for s in (*TEXT_SUFFIXES, *WIKITEXT_SUFFIXES, *DUMP_SUFFIXES[:2]))}"
        )
    report.inputs_bytes = sum(p.stat().st_size for p in files if isinstance(p, Path))
    fingerprint = _fingerprint(files, options)
    earlier = _resumable(out, fingerprint) if resume else None
    try:
        with generation(out, resume_from=earlier[0] if earlier else None) as made:
            spools = _read_all(
                files, made, minter, alias_table, options, report, progress, workers, earlier, fingerprint
            )
            _finish(made, spools, files, minter, options, report, progress, workers or os.cpu_count() or 1)
    except BuildInterrupted:
        raise
    except KeyboardInterrupt:
        raise BuildInterrupted(out, report.checkpointed) from None
    return report


def _dataset_name(out: Path) -> str:
    return slug(out.resolve().name or "battlegraph")


def _resumable(out: Path, fingerprint: str) -> tuple[Path, Checkpoint] | None:
    for folder in staged(out):
        found = Checkpoint.load(folder / CHECKPOINT, fingerprint)
        if found is not None and all((folder / name).exists() for name in (NQ_SPOOL, NT_SPOOL, MERGED_SPOOL)):
            return folder, found
    return None


def _read_all(
    files: list[Path | InputError],
    made: Generation,
    minter: Minter,
    aliases: Aliases,
    options: Options,
    report: BuildReport,
    progress: Progress | None,
    workers: int | None,
    earlier: tuple[Path, Checkpoint] | None,
    fingerprint: str,
) -> _Spools:
    clock = time.perf_counter()
    resolver = Resolver(minter, aliases)
    skip = 0
    if earlier is None:
        for name in (NQ_SPOOL, NT_SPOOL, MERGED_SPOOL):
            made.path(name).write_bytes(b"")
    else:
        skip = _restore(made, earlier[1], minter, report)
    spools = _Spools(made.staging, minter, report, resolver)
    if earlier is not None:
        _replay(spools, earlier[1])
    else:
        spools.graph(ontology_graph(minter))
    stats = SourceStats()
    items = islice(documents(files, stats), skip, None)
    done = report.checkpointed = skip
    last = time.monotonic()
    for record, document in _records(items, minter, workers or os.cpu_count() or 1):
        done += 1
        report.pages_seen, report.passed_over = stats.pages, stats.passed_over
        report.bytes_read = stats.bytes
        _take(record, document, minter, report, spools)
        if progress is not None:
            progress(report)
        if done % CHECKPOINT_EVERY == 0 or time.monotonic() - last > CHECKPOINT_SECONDS:
            _checkpoint(made, spools, minter, report, done, fingerprint)
            report.checkpointed, last = done, time.monotonic()
    report.pages_seen, report.passed_over = stats.pages, stats.passed_over
    spools.inputs = stats.digests
    spools.graph(resolver.links_graph())
    spools.close()
    report.timings["read, extract, map"] = time.perf_counter() - clock
    return spools


def _take(
    record: _Record, document: Document | InputError, minter: Minter, report: BuildReport, spools: _Spools
) -> None:
    if record.error is not None:
        if isinstance(record.error, NotABattleError):
            report.articles_read += 1
            report.skipped.append(record.error)
        else:
            report.rejected.append(record.error)
        return
    title = record.title
    assert title is not None
    if minter.knows(record.key):  # two pages of one dump without ids and of the same title: one key
        report.rejected.append(
            InputError("a document of the same name was read already; this one is left out", record.name)
        )
        return
    report.articles_read += 1
    report.battles += 1
    report.diagnostics.extend(record.diagnostics)
    if record.wikitext:
        report.wikitext_pages += 1
        for name in record.templates:
            report.templates.setdefault(name, TemplateUse(0, record.path)).pages += 1
    final = minter.article_slug(title, record.key)
    if final != record.provisional:  # two articles share a title: the later one's IRIs get a suffix
        assert isinstance(document, Document)
        battle = read_document(document).battle
        record = _record(
            battle_graph(battle, minter, final), minter, key=record.key, name=record.name, title=title, path=record.path
        )
    spools.add(record)


def _checkpoint(made: Generation, spools: _Spools, minter: Minter, report: BuildReport, done: int, fp: str) -> None:
    nq_bytes, nt_bytes, merged_bytes = spools.flush()
    Checkpoint(
        fingerprint=fp,
        documents=done,
        nq_bytes=nq_bytes,
        nt_bytes=nt_bytes,
        merged_bytes=merged_bytes,
        slugs=minter.slugs(),
        blocks=list(spools.blocks),
        articles_read=report.articles_read,
        battles=report.battles,
        skipped=[_error_dict(e) for e in report.skipped],
        rejected=[_error_dict(e) for e in report.rejected],
        diagnostics=[{"path": d.path, "line": d.line, "message": d.message} for d in report.diagnostics],
        templates={name: (use.pages, use.first) for name, use in report.templates.items()},
        wikitext_pages=report.wikitext_pages,
    ).save(made.path(CHECKPOINT))


def _restore(made: Generation, state: Checkpoint, minter: Minter, report: BuildReport) -> int:
    """Pick up an interrupted build: the spools up to the checkpoint, the slugs, what was found."""
    for name, size in ((NQ_SPOOL, state.nq_bytes), (NT_SPOOL, state.nt_bytes), (MERGED_SPOOL, state.merged_bytes)):
        with made.path(name).open("r+b") as stream:
            stream.truncate(size)
    minter.restore_slugs(state.slugs)
    report.resumed_from = state.documents
    report.articles_read, report.battles = state.articles_read, state.battles
    report.skipped = [_error_of(e) for e in state.skipped]
    report.rejected = [_error_of(e) for e in state.rejected]
    report.diagnostics = [Diagnostic(d["path"], d["line"], d["message"]) for d in state.diagnostics]
    report.templates = {name: TemplateUse(int(pages), first) for name, (pages, first) in state.templates.items()}
    report.wikitext_pages = state.wikitext_pages
    return state.documents


def _replay(spools: _Spools, state: Checkpoint) -> None:
    """The counts and names of what the spools already hold, read back from the N-Triples spool."""
    from pyoxigraph import Literal, NamedNode, RdfFormat, parse

    from ._vocab import BG, LABEL, SHARED_CLASSES, TYPE

    spools.blocks = list(state.blocks)
    local = local_prefixes(spools.minter.base)
    kinds: dict[str, str] = {}
    labels: dict[str, list[str]] = {}
    classes = {BG(name): name for name in SHARED_CLASSES}
    with (spools.folder / NQ_SPOOL).open("rb") as stream:
        spools.report.quads = sum(chunk.count(b"\n") for chunk in iter(lambda: stream.read(1 << 20), b""))
    spools.report.graphs = len(state.blocks) + 1  # the articles' and the ontology's
    for triple in parse(path=str(spools.folder / NT_SPOOL), format=RdfFormat.N_TRIPLES):
        line = f"{triple.subject} {triple.predicate} {triple.object} .\n"
        if line.startswith(local):
            spools.local += 1
            continue
        spools.shared.add(line)
        subject = triple.subject.value
        if triple.predicate == TYPE and isinstance(triple.object, NamedNode) and triple.object in classes:
            kinds[subject] = classes[triple.object]
        elif triple.predicate == LABEL and isinstance(triple.object, Literal):
            labels.setdefault(subject, []).append(triple.object.value)
    for subject, kind in kinds.items():
        spools.resolver.observe(((kind, subject, name) for name in labels.get(subject, ())), None)
        if kind == "Person":
            spools.people.add(subject)
    spools.report.triples = spools.local + len(spools.shared)
    spools.report.people = len(spools.people)


def ontology_graph(minter: Minter) -> ArticleGraph:
    """The ontology, in its own named graph (named under the build's dataset)."""
    from pyoxigraph import NamedNode, RdfFormat, parse

    from ._resources import ontology_file

    triples = [(t.subject, t.predicate, t.object) for t in parse(path=str(ontology_file()), format=RdfFormat.TURTLE)]
    return graph_of(NamedNode(minter.ontology_graph()), triples)


# ---------------------------------------------------------------------------
# Outputs


def _finish(
    made: Generation,
    spools: _Spools,
    files: list[Path | InputError],
    minter: Minter,
    options: Options,
    report: BuildReport,
    progress: Progress | None,
    cores: int,
) -> None:
    from ._export import finish_formats, start_formats
    from ._store import STORE_DIR, write_store

    if report.battles == 0:  # an empty graph must not replace a good one
        reasons = problem_lines(report)[:3]
        raise InputError(
            f"nothing to build: no battle article among {report.articles_read + len(report.rejected):,} inputs"
            + (f" ({'; '.join(reasons)})" if reasons else "")
            + f"; {made.out} is left as it was"
        )

    def stage(name: str) -> float:
        report.stage = name
        if progress is not None:
            progress(report)
        return time.perf_counter()

    clock = stage("store")
    merged = spools.finish_merged()
    # Every writer and the validation read only the spools: they run in processes of
    # their own while the store loads, which keeps both cores busy.
    started: list[Any] = []
    checking: Beside[Any] | None = None
    try:
        started = start_formats(made.path(NQ_SPOOL), merged, made.staging, options.formats, base=minter.base)
        if options.validate:
            from ._validation import validate_spool

            nt_spool, blocks, shared = made.path(NT_SPOOL), spools.blocks, spools.shared
            # the cores the store and the other writers leave (one each), at least one
            spare = max(1, cores - 1 - len(started))
            checking = Beside(lambda: validate_spool(nt_spool, blocks, shared, workers=spare), "validating")
        if options.store:
            write_store(merged, made.path(STORE_DIR))
        report.timings["store"] = time.perf_counter() - clock
        clock = stage("formats")

        def spools_become_outputs() -> None:  # then there is nothing left to resume from
            made.path(CHECKPOINT).unlink(missing_ok=True)
            report.checkpointed = 0

        # the files the writers wrote, hashed as they were written
        written, digests = finish_formats(
            made.path(NQ_SPOOL), merged, made.staging, options.formats, started, spools_become_outputs
        )
        report.timings["formats"] = time.perf_counter() - clock
        texts = {"resolution.txt": resolution_report(spools.resolver)}
        if checking is not None:
            clock = stage("validation")
            from ._validation import report_text, report_turtle

            try:
                report.validation = checking.wait()
            except BattlegraphError:
                raise
            except Exception as exc:
                raise InternalError.of(exc, made.out) from None
            texts["report.txt"] = report_text(report.validation)
            texts["report.ttl"] = report_turtle(report.validation, minter.base)
            report.timings["validation"] = time.perf_counter() - clock
    except BaseException:  # a failure or Ctrl-C: nothing may go on writing into the staging folder
        for writer in started:
            writer.cancel()
        if checking is not None:
            checking.cancel()
        raise
    clock = stage("publishing")
    problems = problem_lines(report, details=True)
    if problems:
        texts["problems.txt"] = "\n".join(problems) + "\n"
    if report.wikitext_pages:
        texts["templates.txt"] = templates_text(report)
    for name, body in texts.items():
        made.path(name).write_text(body, encoding="utf-8")
    made.path(NT_SPOOL).unlink()
    made.path(NQ_SPOOL).unlink(missing_ok=True)  # it became graph.nq when N-Quads were asked for
    made.path(MERGED_SPOOL).unlink(missing_ok=True)  # likewise graph.nt
    made.path(CHECKPOINT).unlink(missing_ok=True)
    manifest = _manifest(files, options, report, made, spools.inputs, digests)
    made.publish(manifest)
    out = made.out
    report.generation = str(manifest["generation"])
    report.outputs = {name: out / FORMATS[name].file for name in options.formats if name in written}
    report.store = out / STORE_DIR if options.store else None
    report.resolution = out / "resolution.txt"
    report.problems = out / "problems.txt" if "problems.txt" in texts else None
    report.template_report = out / "templates.txt" if "templates.txt" in texts else None
    report.manifest = out / "build.json"
    report.timings["publishing"] = time.perf_counter() - clock
    report.stage = "done"


def _manifest(
    files: list[Path | InputError],
    options: Options,
    report: BuildReport,
    made: Generation,
    read: dict[str, tuple[int, str]],
    written: dict[str, tuple[int, str]],
) -> dict[str, Any]:
    """build.json: what was built from what, with which options, and every file it wrote.

    ``read`` and ``written`` are the (size, SHA-256) of the files hashed as they were read
    (by input path) or written (by output name); any other file is read again here.
    """
    inputs = []
    for path in files:
        if isinstance(path, Path):
            size, sha256 = read.get(str(path)) or (path.stat().st_size, _sha256(path))
            inputs.append({"path": str(path), "bytes": size, "sha256": sha256})
    outputs: dict[str, Any] = {}
    for item in sorted(made.staging.iterdir()):
        if item.is_dir():
            outputs[item.name] = {"files": sum(1 for p in item.rglob("*") if p.is_file())}
        elif not item.name.startswith("."):
            size, sha256 = written.get(item.name) or (item.stat().st_size, _sha256(item))
            outputs[item.name] = {"bytes": size, "sha256": sha256}
    identity = hashlib.sha256(
        json.dumps(
            [__version__, options.base, options.dataset, options.formats, [i["sha256"] for i in inputs]]
        ).encode()
    ).hexdigest()
    return {
        "battlegraph": __version__,
        "generation": identity,
        "dataset": options.dataset,
        "base": options.base,
        "formats": list(options.formats),
        "store": options.store,
        "validated": options.validate,
        "inputs": inputs,
        "counts": {
            "articles": report.articles_read,
            "battles": report.battles,
            "people": report.people,
            "triples": report.triples,
            "quads": report.quads,
            "graphs": report.graphs,
            "skipped": len(report.skipped),
            "rejected": len(report.rejected),
            "warnings": len(report.diagnostics),
            "dump pages passed over": report.passed_over,
        },
        "counted": "triples: the merged graph (graph.ttl, graph.nt, graph.jsonld, the store), each triple once; "
        "quads: the named graphs (graph.trig, graph.nq, what `load` sends), the ontology and links graphs included",
        "files": outputs,
    }


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def problem_lines(report: BuildReport, *, details: bool = False) -> list[str]:
    """One line per rejected input, skipped page and extraction warning, in input order.

    With ``details`` an internal error carries its traceback (for ``problems.txt``, not the terminal).
    """
    return (
        [
            f"rejected {problem}"
            + ("\n" + _indent(problem.details) if details and isinstance(problem, InternalError) else "")
            for problem in report.rejected
        ]
        + [f"skipped {skipped}" for skipped in report.skipped]
        + [f"warning {diagnostic}" for diagnostic in report.diagnostics]
    )


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.rstrip().splitlines())


def templates_text(report: BuildReport) -> str:
    """templates.txt: the infobox templates the wikitext reader did not know, by the pages that use them."""
    lines = [
        "# Infobox templates battlegraph does not know: each kept its first parameter as text.",
        f"# {report.wikitext_pages:,} wikitext pages read; {len(report.templates):,} unknown templates.",
        "# template\tpages\tfirst page",
    ]
    ranked = sorted(report.templates.items(), key=lambda entry: (-entry[1].pages, entry[0]))
    lines += [f"{name}\t{use.pages}\t{use.first}" for name, use in ranked]
    return "\n".join(lines) + "\n"
