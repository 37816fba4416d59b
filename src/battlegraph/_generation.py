"""One build's outputs, published together: a reader sees the old build or the new one, never a mix.

A build writes everything (the formats, the store, the reports, ``build.json``) into
a staging folder inside ``OUT/.generations/``. When all of it is written, one atomic
step publishes it: the link ``OUT/current`` is replaced by a link to the new
generation. The names users open (``OUT/graph.ttl``, ``OUT/store`` …) are links into
``current``, so they all change at that one instant::

    out/
      graph.ttl -> current/graph.ttl      (the same for every output)
      current -> .generations/3f2a…-k1
      .generations/3f2a…-k1/               the published build, with build.json
      .generations/9c41…-x7/               the one before, kept for readers still using it

A build killed at any point leaves the published generation untouched; the next
build removes what the killed one left (``--resume`` continues it instead). One
build at a time may write to a folder: a second one is refused while the first runs.
"""

from __future__ import annotations

import fcntl
import json
import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO, Any

from ._errors import OutputError

GENERATIONS = ".generations"
CURRENT = "current"
MANIFEST = "build.json"
#: Every name a build may publish in the output folder.
PUBLISHED = (
    "graph.ttl", "graph.jsonld", "graph.nt", "graph.trig", "graph.nq", "store", "report.txt", "report.ttl",
    "resolution.txt", "problems.txt", "templates.txt", MANIFEST,
)  # fmt: skip
_STAGING = ".staging-"


class Generation:
    """The staging folder of one build, and how it is published."""

    def __init__(self, out: Path, staging: Path) -> None:
        self.out = out
        self.staging = staging

    def path(self, name: str) -> Path:
        return self.staging / name

    def publish(self, manifest: dict[str, Any]) -> Path:
        """Write the manifest, then switch ``current`` to this generation in one step; returns its folder."""
        write_json(self.staging / MANIFEST, manifest)
        final = self.staging.parent / f"{str(manifest['generation'])[:16]}-{secrets.token_hex(3)}"
        try:
            self.staging.rename(final)
            _link(self.out / CURRENT, Path(GENERATIONS) / final.name)
        except OSError as exc:
            raise OutputError(f"cannot publish the build: {exc.strerror or exc}", self.out) from exc
        self.staging = final
        present = {name for name in PUBLISHED if (final / name).exists()}
        for name in PUBLISHED:
            link = self.out / name
            try:
                if name in present:
                    _link(link, Path(CURRENT) / name)
                elif link.is_symlink():
                    link.unlink()  # this build has no such output: the name goes with it
            except OSError as exc:
                raise OutputError(f"cannot link {name} to the new build: {exc.strerror or exc}", link) from exc
        _prune(self.out, keep={final.name, _previous(self.out, final.name)})
        return final

    def abandon(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


@contextmanager
def generation(out: Path, *, resume_from: Path | None = None) -> Iterator[Generation]:
    """A staging folder under ``out`` for one build, held under the folder's lock.

    The folder is kept if the build dies, for ``--resume``; a build that raises
    removes it.
    """
    root = out / GENERATIONS
    try:
        root.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:
        raise OutputError("is a file, not a folder", out) from exc
    except OSError as exc:
        raise OutputError(f"cannot write here: {exc.strerror or exc}", out) from exc
    with _locked(out):
        if resume_from is None:
            for leftover in root.glob(_STAGING + "*"):
                shutil.rmtree(leftover, ignore_errors=True)  # what a killed build left
        staging = resume_from or root / f"{_STAGING}{secrets.token_hex(4)}"
        staging.mkdir(exist_ok=True)
        for partial in staging.glob(".*.part"):  # files a killed build was writing; the spools are kept
            partial.unlink(missing_ok=True)
        made = Generation(out, staging)
        try:
            yield made
        except KeyboardInterrupt:
            raise  # what was read stays, for --resume
        except BaseException:
            made.abandon()
            raise


def staged(out: Path) -> list[Path]:
    """The staging folders killed builds left under ``out``, newest first (what ``--resume`` may continue)."""
    root = out / GENERATIONS
    if not root.is_dir():
        return []
    found = [p for p in root.glob(_STAGING + "*") if p.is_dir()]
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def current(out: Path) -> Path | None:
    """The published generation's folder, if any."""
    link = out / CURRENT
    return link.resolve() if link.is_symlink() and link.resolve().is_dir() else None


def manifest(out: Path) -> dict[str, Any] | None:
    """The published build's ``build.json`` (from ``out``, or from a store folder inside it)."""
    for folder in (out, out.parent):
        path = folder / MANIFEST
        if path.is_file():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                return None
            return dict(data) if isinstance(data, dict) else None
    return None


def built_base(out: Path) -> str:
    """The base IRI the build published in ``out`` (or the store folder in it) was made with, else the default."""
    from ._iris import DEFAULT_BASE

    built = manifest(out)
    return str(built["base"]) if built and built.get("base") else DEFAULT_BASE


def write_json(path: Path, data: Any) -> None:
    text = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    with atomic_file(path) as stream:
        stream.write(text.encode("utf-8"))


@contextmanager
def atomic_file(path: Path) -> Iterator[IO[bytes]]:
    """A binary file that appears at ``path`` only once it is completely written."""
    with atomic_files([path]) as (stream,):
        yield stream


@contextmanager
def atomic_files(paths: list[Path]) -> Iterator[list[IO[bytes]]]:
    """Binary files that appear at ``paths`` only once every one of them is completely written."""
    # "x" mode creates the files with the usual umask permissions (mkstemp would make them 0600)
    temporaries = [_temporary(path) for path in paths]
    try:
        with ExitStack() as files:
            for path in paths:
                path.parent.mkdir(parents=True, exist_ok=True)
            yield [files.enter_context(temporary.open("xb")) for temporary in temporaries]
        for temporary, path in zip(temporaries, paths, strict=True):  # all closed: none failed
            temporary.replace(path)
    except BaseException:
        for temporary in temporaries:
            temporary.unlink(missing_ok=True)
        raise


def _temporary(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.part")


def _link(link: Path, target: Path) -> None:
    """Point ``link`` at ``target`` in one step, whatever ``link`` was (a link, a file, an old store folder)."""
    temporary = link.with_name(f".{link.name}.{secrets.token_hex(4)}.link")
    temporary.symlink_to(target)
    if link.is_dir() and not link.is_symlink():
        retired = link.with_name(f".{link.name}.{secrets.token_hex(4)}.old")
        link.rename(retired)  # an older battlegraph wrote a real folder here
        temporary.replace(link)
        shutil.rmtree(retired, ignore_errors=True)
        return
    temporary.replace(link)


def _previous(out: Path, keep: str) -> str:
    """The generation published before ``keep``: still open in a reader, perhaps (a running server)."""
    root = out / GENERATIONS
    others = [p for p in root.iterdir() if p.is_dir() and not p.name.startswith(_STAGING) and p.name != keep]
    return max(others, key=lambda p: p.stat().st_mtime).name if others else ""


def _prune(out: Path, keep: set[str]) -> None:
    root = out / GENERATIONS
    for folder in root.iterdir():
        if folder.name not in keep and not folder.name.startswith(_STAGING):
            shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def _locked(out: Path) -> Iterator[None]:
    lock_path = out / GENERATIONS / ".lock"
    with lock_path.open("a") as lock:
        # lockf, not flock: a record lock belongs to this process only, so the worker processes
        # it forks never hold it, and it goes when the process does, however it ends
        try:
            fcntl.lockf(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            raise OutputError("another build is writing to this folder; wait for it to finish", out) from exc
        try:
            yield
        finally:
            fcntl.lockf(lock.fileno(), fcntl.LOCK_UN)
