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
import re
import xml.parsers.expat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from .errors import InputError, UnreadableFileError

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


def _suffix(path: Path) -> str:
    name = path.name.lower()
    for suffix in (*DUMP_SUFFIXES, *WIKITEXT_SUFFIXES, *TEXT_SUFFIXES):
        if name.endswith(suffix):
            return suffix
    return path.suffix.lower()


def find_inputs(paths: Iterable[str | Path]) -> list[Path]:
    """Files named directly, and the article, wikitext and dump files under folders, sorted within each folder."""
    known = (*TEXT_SUFFIXES, *WIKITEXT_SUFFIXES, *DUMP_SUFFIXES)
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and _suffix(p) in known
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                )
            )
        elif path.exists():
            found.append(path)
        else:
            raise UnreadableFileError("no such file or folder", path)
    return list(dict.fromkeys(found))


def documents(paths: Iterable[Path], stats: SourceStats | None = None) -> Iterator[Document | InputError]:
    """Every document of the inputs, in order; unreadable ones as errors."""
    stats = stats or SourceStats()
    for path in paths:
        stats.files += 1
        suffix = _suffix(path)
        if suffix in DUMP_SUFFIXES:
            yield from dump_pages(path, stats)
            continue
        try:
            data = path.read_bytes()
        except OSError as exc:
            yield UnreadableFileError(f"cannot read: {exc.strerror or exc}", path)
            continue
        kind = "wikitext" if suffix in WIKITEXT_SUFFIXES else "text"
        yield Document(str(path), str(path), data, kind)


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


def _open(path: Path) -> IO[bytes]:
    if path.name.lower().endswith(".bz2"):
        return bz2.open(path, "rb")
    return path.open("rb")


def dump_pages(path: Path, stats: SourceStats | None = None) -> Iterator[Document | InputError]:
    """The military-conflict pages of a MediaWiki XML dump, read as a stream."""
    stats = stats or SourceStats()
    parser = xml.parsers.expat.ParserCreate()
    reader = _PageReader(path, parser)
    parser.StartElementHandler = reader.start
    parser.EndElementHandler = reader.end
    parser.CharacterDataHandler = reader.data
    parser.buffer_text = True
    counted = passed = 0
    try:
        with _open(path) as stream:
            while True:
                try:
                    chunk = stream.read(_CHUNK)
                except (OSError, EOFError, ValueError) as exc:  # a truncated or damaged bz2 stream
                    yield InputError(f"cannot read the dump further: {exc}", path, parser.CurrentLineNumber)
                    return
                try:
                    parser.Parse(chunk, not chunk)
                except xml.parsers.expat.ExpatError as exc:
                    yield from reader.ready
                    yield InputError(
                        f"broken XML ({xml.parsers.expat.ErrorString(exc.code)}); the pages after it are lost",
                        path,
                        exc.lineno,
                    )
                    return
                stats.pages += reader.pages - counted
                counted = reader.pages
                stats.passed_over += reader.passed_over - passed
                passed = reader.passed_over
                yield from reader.ready
                reader.ready.clear()
                if not chunk:
                    return
    except OSError as exc:
        yield UnreadableFileError(f"cannot read: {exc.strerror or exc}", path)
