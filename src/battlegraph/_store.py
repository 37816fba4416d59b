"""The embedded store: the built graph in an on-disk Oxigraph database.

``battlegraph build`` fills ``out/store`` so that questions and validation run
without re-reading the articles or re-parsing a dump. The store holds the merge of
every article's graph in its default graph, each triple once, which is what
questions are asked of. (Oxigraph's own "union of the named graphs" repeats a
triple that several articles hold, a person's name, which slows the questions
about shared resources and changes what they count.) The articles' named graphs
are in ``graph.trig`` and ``graph.nq``, which is what ``battlegraph load`` sends to
other stores graph by graph.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

from pyoxigraph import DefaultGraph, RdfFormat, Store

from ._errors import InputError, OutputError
from ._formats import rdf_format

STORE_DIR = "store"


def write_store(ntriples: Path, target: Path) -> Path:
    """Load an N-Triples file into a new store at ``target`` (its default graph), compacted for queries."""
    shutil.rmtree(target, ignore_errors=True)
    try:
        store = Store(str(target))
        for block in _blocks(ntriples):
            store.bulk_load(block, format=RdfFormat.N_TRIPLES, to_graph=DefaultGraph())
        store.flush()
        # Compacting the bulk-loaded files once halves the time of every later query (all
        # the canned questions, 1.86M triples loaded in 64 MB blocks: 44 s without, 21 s
        # with) for 2-4 CPU-s per 10,000 articles (3.7 on a slow day).
        store.optimize()
        del store  # closes the database
    except OSError as exc:
        raise OutputError(f"cannot write the store: {exc.strerror or exc}", target) from exc
    return target


# Oxigraph's bulk loader buffers up to about 2 GB per thread for each input it is given,
# and pyoxigraph offers no way to lower that; handing it blocks of the file instead of
# the whole bounds what it holds (4.4M triples: 1,566 MB whole, 381 MB in 32 MB blocks).
# Each block costs a round of files to merge: at 1.86M triples, 32 MB blocks took 16.7-20.1
# CPU-s and 253-277 MB, 64 MB blocks 11.3-15.4 CPU-s and 460-503 MB, 128 MB 12.4 CPU-s and 875 MB.
LOAD_BLOCK_BYTES = 64 * 1024 * 1024


def _blocks(path: Path, size: int = LOAD_BLOCK_BYTES) -> Iterator[bytes]:
    """The file in pieces of about ``size`` bytes, each ending at a line's end."""
    rest = b""
    with path.open("rb") as stream:
        while chunk := stream.read(size):
            chunk = rest + chunk
            cut = chunk.rfind(b"\n") + 1
            rest = chunk[cut:]
            if cut:
                yield chunk[:cut]
    if rest:
        yield rest


def store_folder(path: str | os.PathLike[str]) -> Path:
    """A store's folder: the path itself, or the ``store`` folder of a build's output folder."""
    found = Path(path)
    if not (found / "CURRENT").exists() and (found / STORE_DIR / "CURRENT").exists():
        return found / STORE_DIR
    return found


def open_store(path: str | os.PathLike[str] = "out/store") -> Store:
    """A built store (``out/store``, or the output folder ``out``), opened read-only so several readers can share it."""
    folder = store_folder(path)
    if not (folder / "CURRENT").exists():
        raise InputError("no battlegraph store here; run `battlegraph build` first (it writes out/store)", folder)
    try:
        return Store.read_only(str(folder))
    except OSError as exc:
        raise InputError(f"cannot open the store: {exc}", folder) from exc


def load_rdf_files(paths: Iterable[Path]) -> Store:
    """An in-memory store of RDF files, the format read from each extension."""
    store = Store()
    for path in paths:
        if not path.is_file():
            raise InputError("no such file", path)
        fmt = rdf_format(path)
        try:
            store.bulk_load(path=str(path), format=fmt)
        except (SyntaxError, ValueError, OSError) as exc:
            raise InputError(f"cannot read RDF: {exc}", path, getattr(exc, "lineno", None)) from exc
    return store


def has_default_graph(store: Store) -> bool:
    """Whether the store's default graph holds the merge (a built store does; loaded TriG files may not)."""
    return next(iter(store.quads_for_pattern(None, None, None, DefaultGraph())), None) is not None


def union_flag(store: Store) -> bool:
    """What to pass as ``use_default_graph_as_union``: the merged default graph when there is one."""
    return not has_default_graph(store)
