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

import hashlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from pyoxigraph import RdfFormat, parse, serialize

from ._errors import OutputError
from ._formats import FORMATS
from ._generation import atomic_files
from ._jsonld import jsonld_sink, write_jsonld
from ._vocab import PREFIXES


def write_atomic(path: Path, writer: Callable[[IO[bytes]], None]) -> None:
    _write_files([path], writer)


def write_text_atomic(path: Path, text: str) -> None:
    def writer(stream: IO[bytes]) -> None:
        stream.write(text.encode("utf-8"))

    write_atomic(path, writer)


#: a file's size in bytes and SHA-256, for build.json
Digest = tuple[int, str]


class _Digesting:
    """A stream that hashes what it passes on, so build.json need not read the file again."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self._hash = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self._hash.update(data)
        self.size += len(data)
        return self._stream.write(data)

    def flush(self) -> None:
        self._stream.flush()

    def digest(self) -> Digest:
        return self.size, self._hash.hexdigest()


def _write_files(targets: list[Path], writer: Callable[..., None]) -> dict[str, Digest]:
    """Write ``targets`` at once, each atomically: ``writer`` gets one stream per target."""
    try:
        with atomic_files(targets) as files:
            streams = [_Digesting(stream) for stream in files]
            writer(*streams)
    except OSError as exc:
        # the file the error names (its temporary name, perhaps), else all of them
        named = Path(exc.filename).name if exc.filename else ""
        failed = [t for t in targets if named == t.name or named.startswith(f".{t.name}.")] or targets
        what = "" if len(failed) == 1 else " " + " and ".join(t.name for t in failed)
        raise OutputError(f"cannot write{what}: {exc.strerror or exc}", failed[0]) from exc
    return {target.name: stream.digest() for target, stream in zip(targets, streams, strict=True)}


def start_formats(nquads: Path, merged: Path, folder: Path, formats: Iterable[str], *, base: str) -> list[_Writer]:
    """Start writing every requested format now, in processes of their own; wait with :func:`finish_formats`.

    The writers read the spools only, so they run beside the store as it loads.
    ``merged`` is the merged graph as N-Triples, each triple once, each subject's
    lines together. JSON-LD is compact, under the published context, with IRIs
    relative to ``base``. N-Quads and N-Triples are the spools themselves.
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
    def merged_triples() -> Iterator[Any]:
        return iter(parse(path=str(merged), format=RdfFormat.N_TRIPLES))

    if "jsonld" in wanted:  # the compact writer is Python, the longest of them: first
        # Turtle reads the same merged graph: one pass, parsed once, feeds both (parsing is a
        # third of the JSON-LD writer's time and most of Turtle's).
        turtle = ["ttl"] if "ttl" in wanted else []

        def compact(jsonld: IO[bytes], *also: IO[bytes]) -> None:
            if not also:
                write_jsonld(merged_triples(), jsonld, base=base)
                return
            add, close = jsonld_sink(jsonld, base=base)
            serialize(_tapped(merged_triples(), add), also[0], RdfFormat.TURTLE, prefixes=PREFIXES)
            close()

        waits.append(_Writer([folder / FORMATS[name].file for name in ["jsonld", *turtle]], compact))
    elif "ttl" in wanted:

        def ttl(stream: IO[bytes]) -> None:
            serialize(merged_triples(), stream, RdfFormat.TURTLE, prefixes=PREFIXES)

        waits.append(_Writer([folder / FORMATS["ttl"].file], ttl))
    if "trig" in wanted:

        def trig(stream: IO[bytes]) -> None:
            serialize(parse(path=str(nquads), format=RdfFormat.N_QUADS), stream, RdfFormat.TRIG, prefixes=PREFIXES)

        waits.append(_Writer([folder / FORMATS["trig"].file], trig))


def _tapped(triples: Iterator[Any], add: Callable[[Any], None]) -> Iterator[Any]:
    for triple in triples:
        add(triple)
        yield triple


def finish_formats(
    nquads: Path,
    merged: Path,
    folder: Path,
    formats: Iterable[str],
    started: list[_Writer],
    before_moving: Callable[[], None] | None = None,
) -> tuple[dict[str, Path], dict[str, Digest]]:
    """Wait for the writers :func:`start_formats` started; the spools become ``graph.nq`` and ``graph.nt``
    when those are asked for (moved, last, after ``before_moving``), and are left in place otherwise.

    Returns the files by format, and the size and SHA-256 of each file the writers wrote, by name.
    """
    digests: dict[str, Digest] = {}
    for writer in started:
        digests.update(writer.wait())
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
    return written, digests


class _Writer:
    """Files written in a forked process started now; :meth:`wait` raises any failure as an OutputError."""

    def __init__(self, targets: list[Path], writer: Callable[..., None]) -> None:
        from ._parallel import Beside

        self.targets = targets
        names = " and ".join(target.name for target in targets)
        self._job: Beside[dict[str, Digest]] = Beside(lambda: _write_files(targets, writer), f"writing {names}")

    def wait(self) -> dict[str, Digest]:
        """The size and SHA-256 of each file written, by name."""
        try:
            return self._job.wait()
        except OutputError:
            raise
        except Exception as exc:  # a writer's failure, or its death, is its files'
            raise OutputError(f"cannot write: {exc}", self.targets[0]) from None

    def cancel(self) -> None:
        self._job.cancel()
