"""The embedded store: the built graph in an on-disk Oxigraph database.

``battlegraph build`` fills ``out/store`` so that questions and validation run
without re-reading the articles or re-parsing a dump. A store is replaced as a
whole: the new one is loaded beside the old and swapped in only when complete.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

from pyoxigraph import RdfFormat, Store

from .errors import InputError, OutputError

STORE_DIR = "store"


def write_store(nquads: Path, target: Path) -> Path:
    """Load an N-Quads file into a new store at ``target``, replacing any store there."""
    staging = target.with_name(f".{target.name}.new")
    retired = target.with_name(f".{target.name}.old")
    for leftover in (staging, retired):
        shutil.rmtree(leftover, ignore_errors=True)
    try:
        store = Store(str(staging))
        store.bulk_load(path=str(nquads), format=RdfFormat.N_QUADS)
        store.flush()
        del store  # closes the database before it is moved
        if target.exists():
            target.rename(retired)
        staging.rename(target)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(f"cannot write the store: {exc.strerror or exc}", target) from exc
    shutil.rmtree(retired, ignore_errors=True)
    return target


def open_store(path: Path) -> Store:
    """A built store, opened read-only so that several readers can share it."""
    if not (path / "CURRENT").exists():
        raise InputError(
            "no battlegraph store here; run `battlegraph build` first (it writes out/store)",
            path,
        )
    try:
        return Store.read_only(str(path))
    except OSError as exc:
        raise InputError(f"cannot open the store: {exc}", path) from exc


def load_rdf_files(paths: Iterable[Path]) -> Store:
    """An in-memory store of RDF files, the format read from each extension."""
    from .pipeline import rdf_format

    store = Store()
    for path in paths:
        if not path.is_file():
            raise InputError("no such file", path)
        try:
            store.bulk_load(path=str(path), format=rdf_format(path))
        except KeyError as exc:
            raise InputError("not an RDF file (.ttl .trig .nt .nq .jsonld .rdf)", path) from exc
        except (SyntaxError, ValueError, OSError) as exc:
            raise InputError(f"cannot read RDF: {exc}", path, getattr(exc, "lineno", None)) from exc
    return store
