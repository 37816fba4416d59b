"""Read an article in the plain-text rendering of Wikipedia.

The rendering looks like this::

    = Siege of Namwon =

    Infobox
    - Conflict: Siege of Namwon
    - Date: 23 – 26 September 1597
    ...

    Lead paragraph.

    ==Background==
    - a bullet
    ===Sub-section===

This module only finds the structure (title, infobox fields in order,
sections with their lines and bullets); what the values mean is for
``quantities.py``, ``names.py`` and ``extraction.py``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ._errors import EmptyArticleError, EncodingError, NotAnArticleError, UnreadableFileError
from ._text import Item

#: Files larger than this are refused before decoding: no real article comes near it,
#: and reading them would only burn memory.
MAX_ARTICLE_BYTES = 64 * 1024 * 1024

_TITLE = re.compile(r"^=(?!=)\s*(?P<title>.*?)\s*=\s*$")
_HEADING = re.compile(r"^(?P<level>={2,6})\s*(?P<title>.*?)\s*(?P=level)\s*$")
# A key is a short label of letters, digits and spaces; anything longer before the
# colon is a value that happens to contain one.
_FIELD = re.compile(r"^[-*]\s*(?P<key>[A-Za-z][A-Za-z0-9 _]{0,39}?)\s*:(?P<value>.*)$")
_BULLET = re.compile(r"^\s*[-*•]\s+(?P<text>.*)$")


@dataclass(frozen=True, slots=True)
class Field:
    """One infobox parameter: a ``- Key: Value`` line, or a wikitext ``| key = value``.

    ``items`` are the value's entries when the reader knows them from the markup
    (wikitext); for the plain-text rendering they are recovered from the text.
    """

    key: str
    value: str
    line: int
    items: tuple[Item, ...] | None = None


@dataclass(frozen=True, slots=True)
class Line:
    """One non-blank line of a section body, with its number in the file."""

    text: str
    line: int
    bullet: bool


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and everything under it up to the next heading of its level or above."""

    title: str
    level: int
    line: int
    lines: tuple[Line, ...]
    subsections: tuple[Section, ...]

    @property
    def bullets(self) -> tuple[Line, ...]:
        return tuple(entry for entry in self.lines if entry.bullet)

    @property
    def text(self) -> str:
        return "\n".join(entry.text for entry in self.lines if not entry.bullet)

    def walk(self) -> Iterator[tuple[tuple[str, ...], Section]]:
        """This section and all below it, each with the titles leading to it."""
        yield (self.title,), self
        for sub in self.subsections:
            for trail, section in sub.walk():
                yield (self.title, *trail), section


@dataclass(frozen=True, slots=True)
class Article:
    """The structure of one article file."""

    path: str
    title: str
    title_line: int
    infobox_header: str | None
    infobox_line: int | None
    infobox: tuple[Field, ...]
    lead: tuple[Line, ...]
    sections: tuple[Section, ...]
    sha256: str
    # what the names shown in a wikitext page link to ("Kato" → "Katō Kiyomasa"); empty for plain text
    links: Mapping[str, str] = field(default_factory=dict)
    # templates in the infobox the wikitext reader did not know (their first parameter was kept as text)
    unknown_templates: tuple[str, ...] = ()

    def walk(self) -> Iterator[tuple[tuple[str, ...], Section]]:
        for section in self.sections:
            yield from section.walk()


def read_article(path: str | Path) -> Article:
    """Read and parse one article file."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise NotAnArticleError(
                f"file is {size:,} bytes; articles are far smaller (limit {MAX_ARTICLE_BYTES:,})", path
            )
        data = path.read_bytes()
    except IsADirectoryError as exc:
        raise UnreadableFileError("is a directory, not an article file", path) from exc
    except FileNotFoundError as exc:
        raise UnreadableFileError("no such file", path) from exc
    except OSError as exc:
        raise UnreadableFileError(f"cannot read: {exc.strerror or exc}", path) from exc
    return parse_article(data, path)


def decode(data: bytes, path: str | Path) -> str:
    """UTF-8 text with BOM and CR/CRLF line ends normalised; binary data refused."""
    # A NUL byte never occurs in text, and is the cheapest reliable sign of a binary file.
    nul = data.find(b"\x00")
    if nul >= 0:
        raise EncodingError("binary data (NUL byte), not a text article", path, data.count(b"\n", 0, nul) + 1)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise EncodingError(
            f"not UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start} ({exc.reason})", path, line
        ) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_article(data: bytes | str, path: str | Path = "<string>") -> Article:
    """Parse the bytes or text of one article; its sha256 is the hash of the bytes as read."""
    text = decode(data, path) if isinstance(data, bytes) else _text(data, path)
    raw = data if isinstance(data, bytes) else data.encode("utf-8", errors="surrogatepass")
    digest = hashlib.sha256(raw).hexdigest()
    lines = text.split("\n")
    if not text.strip():
        raise EmptyArticleError("empty file: no title, infobox or text", path)

    index = _skip_blank(lines, 0)
    match = _TITLE.match(lines[index].strip())
    if not match or not match["title"]:
        raise NotAnArticleError(f"expected a title line '= Title =', found {_quote(lines[index])}", path, index + 1)
    title, title_line = match["title"], index + 1

    index = _skip_blank(lines, index + 1)
    header, header_line, fields, index = _read_infobox(lines, index)

    lead: list[Line] = []
    while index < len(lines) and not _HEADING.match(lines[index].strip()):
        _add_line(lead, lines[index], index + 1)
        index += 1
    sections = _read_sections(lines, index)
    return Article(
        path=str(path),
        title=title,
        title_line=title_line,
        infobox_header=header,
        infobox_line=header_line,
        infobox=tuple(fields),
        lead=tuple(lead),
        sections=sections,
        sha256=digest,
    )


def _text(text: str, path: str | Path) -> str:
    """Text handed over as a string: the same checks and line ends as text read from bytes."""
    nul = text.find("\x00")
    if nul >= 0:
        raise EncodingError("binary data (NUL byte), not a text article", path, text.count("\n", 0, nul) + 1)
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _skip_blank(lines: list[str], index: int) -> int:
    while index < len(lines) - 1 and not lines[index].strip():
        index += 1
    return index


def _quote(text: str, limit: int = 60) -> str:
    text = text.strip()
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


_INFOBOX_KEYS = frozenset({"conflict", "partof", "date", "place", "result", "combatant1", "commander1", "strength1"})


def _infobox_keys_follow(lines: list[str], index: int) -> bool:
    """Whether the field lines from ``index`` on name at least two of a conflict infobox's keys."""
    keys: set[str] = set()
    while index < len(lines) and (found := _FIELD.match(lines[index].strip())) is not None:
        keys.add(found["key"].strip().casefold())
        index += 1
    return len(keys & _INFOBOX_KEYS) >= 2


def _read_infobox(lines: list[str], index: int) -> tuple[str | None, int | None, list[Field], int]:
    """The infobox block: an optional one-line header, then ``- Key: Value`` lines.

    The header usually reads ``Infobox`` but the rendering sometimes puts a stray value
    there (``China``) or drops it; the block is recognised by its field lines instead.
    """
    header: str | None = None
    header_line: int | None = None
    if index < len(lines) and not _FIELD.match(lines[index].strip()):
        following = lines[index + 1].strip() if index + 1 < len(lines) else ""
        candidate = lines[index].strip()
        # a long header is a footnote's text the rendering put there ("Pálosfalvi|According to Pálosfalvi, …"),
        # taken only before field lines that are an infobox's own
        short = len(candidate) <= 80 or _infobox_keys_follow(lines, index + 1)
        if _FIELD.match(following) and not _HEADING.match(candidate) and short:
            header, header_line = candidate, index + 1
            index += 1
        else:
            return None, None, [], index
    fields: list[Field] = []
    while index < len(lines):
        raw = lines[index].strip()
        if not raw or _HEADING.match(raw):
            break
        field = _FIELD.match(raw)
        if field:
            fields.append(Field(field["key"].strip(), field["value"].strip(), index + 1))
        elif fields and raw.startswith(("-", "*", "|")):
            # A wrapped value: the line belongs to the field above it.
            last = fields[-1]
            fields[-1] = Field(last.key, f"{last.value}, {raw.lstrip('-*| ')}".strip(", "), last.line)
        else:
            break
        index += 1
    if header_line is None and fields:
        header_line = fields[0].line
    return header, header_line, fields, index


def _add_line(target: list[Line], raw: str, number: int) -> None:
    text = raw.strip()
    if not text:
        return
    bullet = _BULLET.match(raw)
    if bullet:
        target.append(Line(bullet["text"].strip(), number, True))
    else:
        target.append(Line(text, number, False))


def _read_sections(lines: list[str], index: int) -> tuple[Section, ...]:
    numbered = []
    for number in range(index, len(lines)):
        raw = lines[number]
        bullet = _BULLET.match(raw)
        text = bullet["text"].strip() if bullet else raw.strip()
        numbered.append((number + 1, text, bool(bullet)))
    return sections_from(numbered)


def sections_from(lines: list[tuple[int, str, bool]]) -> tuple[Section, ...]:
    """Nest ``==`` headings by level; a deeper heading belongs to the one above it.

    ``lines`` are (line number, text, is a bullet); both readers give them so.
    """
    flat: list[tuple[str, int, int, list[Line]]] = []
    for number, text, bullet in lines:
        heading = _HEADING.match(text.strip()) if not bullet else None
        if heading:
            flat.append((heading["title"], len(heading["level"]), number, []))
        elif flat and text.strip():
            flat[-1][3].append(Line(text.strip(), number, bullet))

    def build(start: int, level: int) -> tuple[list[Section], int]:
        out: list[Section] = []
        position = start
        while position < len(flat) and flat[position][1] >= level:
            title, own_level, line, body = flat[position]
            children, position = build(position + 1, own_level + 1)
            out.append(Section(title, own_level, line, tuple(body), tuple(children)))
        return out, position

    result: list[Section] = []
    position = 0
    while position < len(flat):
        # The first heading may be deeper than "==": start a run at whatever level it has.
        built, position = build(position, flat[position][1])
        result.extend(built)
    return tuple(result)
