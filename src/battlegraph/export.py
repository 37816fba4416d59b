"""Writing the graph in every format, by pyoxigraph.

- ``graph.nq``: the build's N-Quads spool itself (every article's named graph, the
  ontology's and the links'), in input order;
- ``graph.trig``: the same quads re-serialised as TriG, with the prefixes;
- ``graph.ttl``, ``graph.nt``, ``graph.jsonld`` (compact, under the published context):
  the merged graph (each triple once,
  however many articles hold it), written from the store's default graph.

Every file is written to a temporary name beside its target and renamed into place,
so a failure never leaves a half-written file. The same input gives the same bytes.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO

from pyoxigraph import DefaultGraph, RdfFormat, Store, parse, serialize

from .errors import OutputError
from .formats import FORMATS
from .generation import atomic_file
from .jsonld import write_jsonld
from .vocab import PREFIXES


def write_atomic(path: Path, writer: Callable[[IO[bytes]], None]) -> None:
    try:
        with atomic_file(path) as stream:
            writer(stream)
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", path) from exc


def write_text_atomic(path: Path, text: str) -> None:
    def writer(stream: IO[bytes]) -> None:
        stream.write(text.encode("utf-8"))

    write_atomic(path, writer)


def start_dataset_formats(nquads: Path, folder: Path, formats: Iterable[str]) -> list[Callable[[], None]]:
    """Start writing TriG from the N-Quads spool on another core now (it needs no store); wait with the result."""
    if "trig" not in formats:
        return []
    target = folder / FORMATS["trig"].file

    def trig(stream: IO[bytes]) -> None:
        serialize(parse(path=str(nquads), format=RdfFormat.N_QUADS), stream, RdfFormat.TRIG, prefixes=PREFIXES)

    return [_beside(lambda: write_atomic(target, trig))]


def write_formats(
    nquads: Path,
    store: Path,
    folder: Path,
    formats: Iterable[str],
    *,
    base: str,
    started: list[Callable[[], None]] | None = None,
) -> dict[str, Path]:
    """Every requested format in ``folder``: the dataset formats from the N-Quads spool, the others from the store.

    JSON-LD is compact, under the published context, with IRIs relative to ``base``.
    The spool becomes ``graph.nq`` when N-Quads are asked for (it is moved, last); it
    is left in place otherwise.
    """
    wanted = list(dict.fromkeys(formats))
    waits = list(started) if started is not None else start_dataset_formats(nquads, folder, wanted)
    if "jsonld" in wanted:  # the compact writer is Python: let it run on another core beside the others
        waits.append(_beside(lambda: _write_jsonld(store, folder / FORMATS["jsonld"].file, base)))
    flat_formats = [name for name in wanted if name not in ("nq", "trig", "jsonld")]
    if flat_formats:
        merged = Store.read_only(str(store))
        for name in flat_formats:

            def flat(stream: IO[bytes], fmt: RdfFormat = FORMATS[name].rdf) -> None:
                merged.dump(stream, fmt, from_graph=DefaultGraph(), prefixes=PREFIXES)

            write_atomic(folder / FORMATS[name].file, flat)
    for wait in waits:
        wait()
    written = {name: folder / FORMATS[name].file for name in wanted if name != "nq"}  # in the order asked for
    if "nq" in wanted:
        target = folder / FORMATS["nq"].file
        try:
            nquads.replace(target)
        except OSError as exc:
            raise OutputError(f"cannot write: {exc.strerror or exc}", target) from exc
        written["nq"] = target
    return written


def _write_jsonld(store: Path, target: Path, base: str) -> None:
    source = Store.read_only(str(store))

    def compact(stream: IO[bytes]) -> None:
        quads = source.quads_for_pattern(None, None, None, DefaultGraph())
        write_jsonld((quad.triple for quad in quads), stream, base=base)

    write_atomic(target, compact)


def _beside(job: Callable[[], None]) -> Callable[[], None]:
    """Start ``job`` in a forked process now; the function returned waits for it and raises its error here."""
    import multiprocessing

    from .parallel import die_with_parent

    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    parent = os.getpid()

    def run() -> None:
        die_with_parent(parent)
        try:
            job()
        except BaseException as exc:  # the message crosses back; the parent raises it
            sender.send((str(exc.reason) if isinstance(exc, OutputError) else str(exc), getattr(exc, "path", None)))
            raise SystemExit(1) from None
        sender.send(None)

    process = context.Process(target=run, daemon=True, name="battlegraph-formats")
    process.start()
    sender.close()

    def wait() -> None:
        try:
            failure = receiver.recv()
        except EOFError:
            failure = (f"a format writer died (exit {process.exitcode})", None)
        process.join()
        if failure is not None:
            reason, path = failure
            raise OutputError(f"cannot write: {reason}", path)

    return wait
