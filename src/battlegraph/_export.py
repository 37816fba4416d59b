"""Writing the graph in every format, by pyoxigraph.

- ``graph.nq``: the build's N-Quads spool itself (every article's named graph, the
  ontology's and the links'), in input order;
- ``graph.trig``: the same quads re-serialised as TriG, with the prefixes;
- ``graph.nt``: the merged graph (each triple once, however many articles hold it):
  every article's own triples in input order, then the shared resources' (people,
  wars, places …) sorted, so each subject's triples stand together;
- ``graph.ttl``, ``graph.jsonld`` (compact, under the published context): the same
  triples re-serialised, streamed, in the same order.

Every file is written to a temporary name beside its target and renamed into place,
so a failure never leaves a half-written file. The same input gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO

from pyoxigraph import RdfFormat, parse, serialize

from ._errors import OutputError
from ._formats import FORMATS
from ._generation import atomic_file
from ._jsonld import write_jsonld
from ._vocab import PREFIXES


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


def start_formats(nquads: Path, merged: Path, folder: Path, formats: Iterable[str], *, base: str) -> list[_Writer]:
    """Start writing every requested format now, each in a process of its own; wait with the functions returned.

    The writers read the spools only, so they run beside the store as it loads.
    ``merged`` is the merged graph as N-Triples, each triple once, each subject's
    lines together. JSON-LD is compact, under the published context, with IRIs
    relative to ``base``. N-Quads and N-Triples are the spools themselves: see
    :func:`finish_formats`.
    """
    wanted = list(dict.fromkeys(formats))
    waits: list[_Writer] = []
    try:
        _start_writers(nquads, merged, folder, wanted, base, waits)
    except BaseException:  # a fork that failed, or Ctrl-C between two: none may go on alone
        for writer in waits:
            writer.cancel()
        raise
    return waits


def _start_writers(
    nquads: Path, merged: Path, folder: Path, wanted: list[str], base: str, waits: list[_Writer]
) -> None:
    if "jsonld" in wanted:  # the compact writer is Python, the longest of them: first

        def compact(stream: IO[bytes]) -> None:
            write_jsonld(parse(path=str(merged), format=RdfFormat.N_TRIPLES), stream, base=base)

        waits.append(_Writer(folder / FORMATS["jsonld"].file, compact))
    if "trig" in wanted:

        def trig(stream: IO[bytes]) -> None:
            serialize(parse(path=str(nquads), format=RdfFormat.N_QUADS), stream, RdfFormat.TRIG, prefixes=PREFIXES)

        waits.append(_Writer(folder / FORMATS["trig"].file, trig))
    for name in wanted:
        if name in ("nq", "nt", "trig", "jsonld"):
            continue

        def flat(stream: IO[bytes], fmt: RdfFormat = FORMATS[name].rdf) -> None:
            serialize(parse(path=str(merged), format=RdfFormat.N_TRIPLES), stream, fmt, prefixes=PREFIXES)

        waits.append(_Writer(folder / FORMATS[name].file, flat))


def finish_formats(
    nquads: Path,
    merged: Path,
    folder: Path,
    formats: Iterable[str],
    started: list[_Writer],
    before_moving: Callable[[], None] | None = None,
) -> dict[str, Path]:
    """Wait for the writers :func:`start_formats` started; the spools become ``graph.nq`` and ``graph.nt``
    when those are asked for (moved, last, after ``before_moving``), and are left in place otherwise."""
    for writer in started:
        writer.wait()
    wanted = list(dict.fromkeys(formats))
    written = {name: folder / FORMATS[name].file for name in wanted}  # in the order asked for
    if before_moving is not None and {"nq", "nt"} & set(wanted):
        before_moving()
    for name, spool in (("nq", nquads), ("nt", merged)):
        if name in wanted:
            try:
                spool.replace(written[name])
            except OSError as exc:
                raise OutputError(f"cannot write: {exc.strerror or exc}", written[name]) from exc
    return written


class _Writer:
    """A file written in a forked process started now; :meth:`wait` raises any failure as an OutputError."""

    def __init__(self, target: Path, writer: Callable[[IO[bytes]], None]) -> None:
        from ._parallel import Beside

        self.target = target
        self._job = Beside(lambda: write_atomic(target, writer), f"writing {target.name}")

    def wait(self) -> None:
        try:
            self._job.wait()
        except OutputError:
            raise
        except Exception as exc:  # a writer's failure, or its death, is this file's
            raise OutputError(f"cannot write: {exc}", self.target) from None

    def cancel(self) -> None:
        self._job.cancel()
