"""Where articles come from: files, folders, and MediaWiki XML dumps.

Every input becomes a stream of :class:`Document` s, in a stable order:

- ``*.txt`` files: the plain-text rendering;
- ``*.wiki``, ``*.wikitext``, ``*.mediawiki`` files: one page of wikitext each;
- ``*.xml`` and ``*.xml.bz2`` files: MediaWiki XML dumps (``pages-articles``),
  streamed page by page in constant memory; only main-namespace pages with a
  military-conflict infobox are kept.

A page that cannot be read is yielded as an :class:`InputError` naming the dump
and the line the page starts on, and the rest of the dump is still read.
"""

from __future__ import annotations

import bz2
import contextlib
import hashlib
import os
import re
import stat
import xml.parsers.expat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ._errors import InputError, NotAnArticleError, UnreadableFileError

#: Files (and dump pages) larger than this are refused before decoding: no real article
#: comes near it, and reading them would only burn memory.
MAX_ARTICLE_BYTES = 64 * 1024 * 1024

TEXT_SUFFIXES = (".txt",)
WIKITEXT_SUFFIXES = (".wiki", ".wikitext", ".mediawiki")
DUMP_SUFFIXES = (".xml", ".xml.bz2", ".bz2")
CONFLICT_INFOBOX = re.compile(
    r"\{\{\s*(?:infobox[ _]+(?:military[ _]+conflicts?|battle|war|military[ _]+operation|conflict)|warbox)\s*[|}\n]",
    re.IGNORECASE,
)
_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class Document:
    """One article to read: its text and how it is written."""

    key: str  # stable and unique in a build: a path, or dump path and page id
    name: str  # how messages name it: a path, or "dump.xml.bz2:1234 (page 'Title')"
    data: bytes | str
    kind: str  # "text" or "wikitext"
    title: str | None = None


@dataclass
class SourceStats:
    """What the sources have read so far, for progress reports."""

    files: int = 0
    pages: int = 0  # dump pages seen, kept or not
    passed_over: int = 0  # dump pages that are no battle: redirects, other namespaces, no conflict infobox
    bytes: int = 0  # of the input files read so far (a compressed dump's compressed bytes)
    # (size, SHA-256) of each article file, by path, of the bytes as read: what build.json names as inputs
    digests: dict[str, tuple[int, str]] = field(default_factory=dict)


def _suffix(path: Path) -> str:
    name = path.name.lower()
    for suffix in (*DUMP_SUFFIXES, *WIKITEXT_SUFFIXES, *TEXT_SUFFIXES):
        if name.endswith(suffix):
            return suffix
    return path.suffix.lower()


def find_inputs(paths: Iterable[str | os.PathLike[str]]) -> list[Path | InputError]:
    """The input files named and under the folders named, sorted within each folder.

    What cannot be read is kept in its place as an :class:`InputError`, never skipped
    in silence: an unreadable folder or file, a dangling link, a FIFO, device or socket
    (reading one would hang or never end). A path named that does not exist is the
    caller's mistake and raises.
    """
    found: list[Path | InputError] = []
    for raw in paths:
        path = Path(raw)
        try:
            info = path.stat()
        except FileNotFoundError:
            if path.is_symlink():
                found.append(UnreadableFileError("a link to nothing (its target does not exist)", path))
                continue
            raise UnreadableFileError("no such file or folder", path) from None
        except OSError as exc:
            found.append(UnreadableFileError(f"cannot read: {exc.strerror or exc}", path))
            continue
        if stat.S_ISDIR(info.st_mode):
            found.extend(_walk(path))
        elif stat.S_ISREG(info.st_mode):
            found.append(path)
        else:
            found.append(UnreadableFileError(f"{_kind(info.st_mode)}, not a file: refused", path))
    seen: set[Path] = set()
    unique: list[Path | InputError] = []
    for entry in found:
        if isinstance(entry, Path):
            if entry in seen:
                continue
            seen.add(entry)
        unique.append(entry)
    return unique


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _walk(folder: Path) -> list[Path | InputError]:
    """The article, wikitext and dump files under a folder (hidden ones left out), and what could not be read."""
    known = (*TEXT_SUFFIXES, *WIKITEXT_SUFFIXES, *DUMP_SUFFIXES)
    entries: list[tuple[str, Path | InputError]] = []

    def unreadable(error: OSError) -> None:
        where = Path(error.filename) if error.filename else folder
        entries.append((str(where), UnreadableFileError(f"cannot read folder: {error.strerror or error}", where)))

    for root, dirs, files in os.walk(folder, onerror=unreadable):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.startswith("."):
                continue
            path = Path(root) / name
            if _suffix(path) not in known:
                continue
            try:
                info = path.stat()
            except FileNotFoundError:
                entries.append((str(path), UnreadableFileError("a link to nothing (its target does not exist)", path)))
                continue
            except OSError as exc:
                entries.append((str(path), UnreadableFileError(f"cannot read: {exc.strerror or exc}", path)))
                continue
            if stat.S_ISREG(info.st_mode):
                entries.append((str(path), path))
            else:
                entries.append((str(path), UnreadableFileError(f"{_kind(info.st_mode)}, not a file: refused", path)))
    return [entry for _, entry in sorted(entries, key=lambda pair: pair[0])]


def documents(inputs: Iterable[Path | InputError], stats: SourceStats | None = None) -> Iterator[Document | InputError]:
    """Every document of the inputs, in order; what cannot be used as errors in its place."""
    stats = stats or SourceStats()
    for path in inputs:
        if isinstance(path, InputError):
            yield path
            continue
        stats.files += 1
        suffix = _suffix(path)
        if suffix in DUMP_SUFFIXES:
            yield from dump_pages(path, stats)
            continue
        try:
            data = read_limited(path)
        except InputError as exc:
            with contextlib.suppress(OSError):  # so the progress still reaches the whole
                stats.bytes += path.stat().st_size if path.is_file() else 0
            yield exc
            continue
        stats.bytes += len(data)
        stats.digests[str(path)] = (len(data), hashlib.sha256(data).hexdigest())
        kind = "wikitext" if suffix in WIKITEXT_SUFFIXES else "text"
        yield Document(str(path), str(path), data, kind)


def read_limited(path: Path) -> bytes:
    """A regular file's bytes, refused past :data:`MAX_ARTICLE_BYTES` (no article comes near it)."""
    try:
        # O_NONBLOCK: opening a FIFO would otherwise wait for a writer, for ever
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(descriptor, "rb") as stream:
            info = os.fstat(stream.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise UnreadableFileError(f"{_kind(info.st_mode)}, not a file: refused", path)
            if info.st_size > MAX_ARTICLE_BYTES:
                raise NotAnArticleError(
                    f"file is {info.st_size:,} bytes; articles are far smaller (limit {MAX_ARTICLE_BYTES:,})", path
                )
            data = stream.read(MAX_ARTICLE_BYTES + 1)
    except IsADirectoryError as exc:
        raise UnreadableFileError("is a directory, not an article file", path) from exc
    except FileNotFoundError as exc:
        raise UnreadableFileError("no such file", path) from exc
    except OSError as exc:
        raise UnreadableFileError(f"cannot read: {exc.strerror or exc}", path) from exc
    if len(data) > MAX_ARTICLE_BYTES:
        raise NotAnArticleError(f"file grew past {MAX_ARTICLE_BYTES:,} bytes while read", path)
    return data


class _PageReader:
    """An expat handler that collects the pages of a MediaWiki dump as they close."""

    def __init__(self, path: Path, parser: xml.parsers.expat.XMLParserType) -> None:
        self.path = path
        self.parser = parser
        self.ready: list[Document | InputError] = []
        self.stack: list[str] = []
        self.page: dict[str, str] | None = None
        self.page_line = 0
        self.text: list[str] | None = None
        self.redirect = False
        self.pages = 0
        self.passed_over = 0

    def start(self, name: str, attributes: dict[str, str]) -> None:
        tag = name.rsplit("}", 1)[-1].rsplit(":", 1)[-1]
        self.stack.append(tag)
        if tag == "page":
            self.page, self.redirect = {}, False
            self.page_line = self.parser.CurrentLineNumber
            return
        parent = self.stack[-2] if len(self.stack) > 1 else ""
        if self.page is None:
            return
        if tag in ("title", "ns", "text") or (tag == "id" and parent == "page"):
            self.text = []  # the page's own id, not its revision's or contributor's
        elif tag == "redirect":
            self.redirect = True

    def data(self, content: str) -> None:
        if self.text is not None:
            self.text.append(content)

    def end(self, name: str) -> None:
        tag = self.stack.pop() if self.stack else name
        if self.page is not None and self.text is not None and tag in ("title", "ns", "id", "text"):
            self.page[tag] = "".join(self.text)
            self.text = None
        if tag == "page" and self.page is not None:
            self.pages += 1
            self._finish(self.page)
            self.page = None

    def _finish(self, page: dict[str, str]) -> None:
        where = f"{self.path}:{self.page_line}"
        title = page.get("title", "").strip()
        if page.get("ns", "0").strip() != "0" or self.redirect:
            self.passed_over += 1
            return
        if not title:
            self.ready.append(InputError("corrupt page: it has no title", self.path, self.page_line))
            return
        text = page.get("text")
        if text is None:
            self.ready.append(InputError(f"corrupt page {title!r}: it has no text", self.path, self.page_line))
            return
        if not CONFLICT_INFOBOX.search(text):
            self.passed_over += 1
            return
        key = f"{self.path}#{page.get('id', '').strip() or title}"
        self.ready.append(Document(key, f"{where} (page {title!r})", text, "wikitext", title))


class _DamagedError(Exception):
    """The compressed stream is damaged from ``offset`` (a byte of the .bz2 file) on."""

    def __init__(self, offset: int, reason: str) -> None:
        super().__init__(reason)
        self.offset = offset


# The compressed input is fed in small pieces, so that the pages decoded before a damaged
# block reach the XML parser before the damage stops the stream.
_COMPRESSED_PIECE = 64 * 1024


def _chunks(path: Path, stats: SourceStats) -> Iterator[bytes]:
    """The dump's XML in pieces; for .bz2 every stream of a multistream file, up to the damage if any."""
    with path.open("rb") as raw:
        if not path.name.lower().endswith(".bz2"):
            while chunk := raw.read(_CHUNK):
                stats.bytes += len(chunk)
                yield chunk
            return
        decompressor = bz2.BZ2Decompressor()
        fed = False  # the current stream has been given bytes
        offset = 0  # of the piece being decompressed
        stream = 0  # where the current compressed stream starts: all before it was read whole
        while piece := raw.read(_COMPRESSED_PIECE):
            stats.bytes += len(piece)
            data = piece
            while data:
                fed = True
                try:
                    out = decompressor.decompress(data)
                except (OSError, EOFError, ValueError) as exc:
                    raise _DamagedError(stream, str(exc)) from exc
                if out:
                    yield out
                if decompressor.eof:  # a multistream dump: the next stream starts right after
                    data = decompressor.unused_data
                    stream = offset + len(piece) - len(data)
                    decompressor, fed = bz2.BZ2Decompressor(), False
                else:
                    data = b""
            offset += len(piece)
        if fed and not decompressor.eof:
            raise _DamagedError(stream, "the file ends inside a compressed stream")


def dump_pages(path: Path, stats: SourceStats | None = None) -> Iterator[Document | InputError]:
    """The military-conflict pages of a MediaWiki XML dump, read as a stream.

    A damaged dump gives every page before the damage, then an error saying where
    the damage starts; broken XML likewise.
    """
    stats = stats or SourceStats()
    parser = xml.parsers.expat.ParserCreate()
    reader = _PageReader(path, parser)
    parser.StartElementHandler = reader.start
    parser.EndElementHandler = reader.end
    parser.CharacterDataHandler = reader.data
    parser.buffer_text = True
    counted = passed = 0

    def progress() -> Iterator[Document | InputError]:
        nonlocal counted, passed
        stats.pages += reader.pages - counted
        counted = reader.pages
        stats.passed_over += reader.passed_over - passed
        passed = reader.passed_over
        yield from reader.ready
        reader.ready.clear()

    try:
        for chunk in _chunks(path, stats):
            try:
                parser.Parse(chunk, False)
            except xml.parsers.expat.ExpatError as exc:
                yield from progress()
                yield InputError(
                    f"broken XML ({xml.parsers.expat.ErrorString(exc.code)}); the pages after it are lost",
                    path,
                    exc.lineno,
                )
                return
            yield from progress()
        try:
            parser.Parse(b"", True)
        except xml.parsers.expat.ExpatError as exc:
            yield from progress()
            yield InputError(
                f"the dump ends inside a page ({xml.parsers.expat.ErrorString(exc.code)}); the last page is lost",
                path,
                exc.lineno,
            )
            return
        yield from progress()
    except _DamagedError as damage:
        yield from progress()
        yield InputError(
            f"the compressed dump is damaged in its stream that starts at byte {damage.offset:,} ({damage}); "
            f"the {reader.pages:,} pages before the damage were read, the rest is lost",
            path,
            parser.CurrentLineNumber,
        )
    except OSError as exc:
        yield from progress()
        yield UnreadableFileError(f"cannot read: {exc.strerror or exc}", path)
