"""MediaWiki wikitext pages → :class:`~battlegraph._article.Article`, read from the page's own structure.

The ``{{Infobox military conflict}}`` template (or one of its aliases) is walked
with mwparserfromhell straight into infobox fields whose values are lists of
:class:`~battlegraph._text.Item`: the markup says where items end (``<br>``,
``<hr>``, ``----``, ``*`` bullets, list templates, ``{{•}}``), what a wikilink names
(its target) and shows (its label, commas and all), which fate template follows a
name (``{{KIA}}``, ``{{POW}}``, ``{{executed}}``), and which bold or italic text is a
group label (``'''British:'''``, ``''Supported by:''``). How each template shows is
looked up in :mod:`battlegraph._templates`; one the table does not know keeps its
first parameter as text and is counted, so the build can list it.

Every item keeps the line of the ``.wiki`` file (or of the dump page) it starts
on. The rest of the page becomes the article's lead and sections, one line of text
per line of the file, for the order-of-battle lists and the lead's first sentence.
"""

from __future__ import annotations

import bisect
import calendar
import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace

import mwparserfromhell
from mwparserfromhell.nodes import (
    Argument,
    Comment,
    ExternalLink,
    Heading,
    HTMLEntity,
    Node,
    Tag,
    Template,
    Text,
    Wikilink,
)
from mwparserfromhell.nodes.extras import Parameter
from mwparserfromhell.wikicode import Wikicode

from . import _templates as templates
from ._article import Article, Field, Line, Section, decode, sections_from
from ._errors import NotAnArticleError
from ._text import Item

CONFLICT_INFOBOXES = {
    "infobox military conflict",
    "infobox military conflicts",
    "infobox battle",
    "infobox war",
    "warbox",
    "infobox military operation",
    "infobox conflict",
    "infobox civil conflict",
}
_CONFLICT_OPENING = re.compile(
    r"\{\{\s*(?:infobox[ _]+(?:military[ _]+conflicts?|battle|war|military[ _]+operation|conflict|civil[ _]+conflict)"
    r"|warbox)\s*[|}\n]",
    re.IGNORECASE,
)
_FILE_LINK = re.compile(r"^\s*:?\s*(?:file|image|category|media)\s*:", re.IGNORECASE)
_LITERAL_BREAK = re.compile(r"<\s*br\s*/?\s*>", re.IGNORECASE)
_MONTH_NAMES = {number: calendar.month_name[number] for number in range(1, 13)}


def _only_separators(piece: str) -> bool:
    """Whether the text between two links only separates them (", ", " and ", " & ", "; ")."""
    return piece.strip(" \t\n\r\f\v\u00a0,;/&").casefold() in ("", "and")


def page_title(path: str) -> str:
    """A page's title from its file name: "Battle_of_Bosworth_Field.wiki" → "Battle of Bosworth Field"."""
    stem = re.sub(r"\.(?:wiki|wikitext|mediawiki|txt)$", "", path.replace("\\", "/").rsplit("/", 1)[-1])
    return stem.replace("_", " ")


def parse_wikitext(wikitext: str | bytes, path: str, title: str | None = None) -> Article:
    """A wikitext page as an :class:`Article`; the title defaults to the file name's stem.

    The article's sha256 is the hash of the bytes read (or of the page text, UTF-8).
    """
    raw = wikitext if isinstance(wikitext, bytes) else wikitext.encode("utf-8", errors="surrogatepass")
    text = decode(wikitext, path) if isinstance(wikitext, bytes) else decode(raw, path)
    if not text.strip():
        raise NotAnArticleError("empty page: no wikitext", path)
    try:
        reader = _PageReader(text)
    except RecursionError as exc:
        opened = _CONFLICT_OPENING.search(text)
        where = text.count("\n", 0, opened.start()) + 1 if opened else None
        raise NotAnArticleError("templates nested too deeply to read", path, where) from exc
    infobox = reader.infobox()
    if infobox is None:
        opened = _CONFLICT_OPENING.search(text)
        if opened is not None:
            raise NotAnArticleError(
                "the conflict infobox opened here is never closed with }}",
                path,
                text.count("\n", 0, opened.start()) + 1,
            )
    fields: tuple[Field, ...] = ()
    infobox_line: int | None = None
    header: str | None = None
    if infobox is not None:
        template, offset = infobox
        header = _name(template)
        infobox_line = reader.line(offset)
        fields = tuple(reader.fields(template, offset))
    lead, sections = reader.body(infobox[0] if infobox else None)
    return Article(
        path=path,
        title=title or page_title(path),
        title_line=1,
        infobox_header=header,
        infobox_line=infobox_line,
        infobox=fields,
        lead=tuple(lead),
        sections=sections,
        sha256=hashlib.sha256(raw).hexdigest(),
        unknown_templates=tuple(sorted(set(reader.unknown))),
    )


def _name(template: Template) -> str:
    return templates.template_key(str(template.name))


def _target(title: str) -> str:
    """A link target as a page title: no anchor, underscores as spaces, first letter capital."""
    page = title.split("#", 1)[0].replace("_", " ").strip()
    page = re.sub(r"\s+", " ", page)
    return page[:1].upper() + page[1:]


@dataclass
class _Build:
    """An item being read: its text so far and what the markup said about it."""

    line: int
    depth: int = 0
    soft: bool = False
    parts: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (shown, target)
    spans: list[tuple[int, int]] = field(default_factory=list)  # where each link's text is in the raw text
    fate: str | None = None
    fates: list[tuple[int, str]] = field(default_factory=list)  # every fate mark, at its place in the raw text
    label: bool = False
    aliases: list[str] = field(default_factory=list)
    link_aliases: dict[int, list[str]] = field(default_factory=dict)  # other names of each link's target

    def text(self) -> str:
        return re.sub(r"\s+", " ", "".join(self.parts)).strip()

    def size(self) -> int:
        return sum(len(part) for part in self.parts)

    def link(self, shown: str, target: str, start: int) -> None:
        self.links.append((shown, target))
        self.spans.append((start, self.size()))


class _PageReader:
    """Walks one page's nodes, keeping every node's offset in the page text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.code = mwparserfromhell.parse(text)
        self.newlines = [index for index, char in enumerate(text) if char == "\n"]
        self.unknown: list[str] = []

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self.newlines, offset - 1) + 1

    # -- the infobox ---------------------------------------------------------------

    def infobox(self) -> tuple[Template, int] | None:
        """The page's conflict infobox (or, failing one, its first infobox) and its offset."""
        found: list[tuple[Template, int]] = []
        for node, offset in _with_offsets(self.code.nodes, 0):
            if isinstance(node, Template) and _name(node).startswith(("infobox", "warbox")):
                found.append((node, offset))
        if not found:
            # an infobox nested in another template ({{Multiple issues}}, a wrapper)
            for template in self.code.filter_templates(recursive=True):
                if _name(template) in CONFLICT_INFOBOXES:
                    start = self.text.find(str(template))
                    return template, max(start, 0)
            return None
        conflict = [entry for entry in found if _name(entry[0]) in CONFLICT_INFOBOXES]
        return (conflict or found)[0]

    def fields(self, template: Template, offset: int) -> Iterator[Field]:
        for param, param_offset, value_offset in _params(template, offset):
            key = str(param.name).strip()
            if not key or not param.showkey:
                continue
            names = re.match(r"(?:combatant|commander|belligerent|leader)s?\d*[a-z]?$", key.casefold()) is not None
            # a place or a result is one text, read as shown: "[[Portugal]] and [[Crown of Castile|Castille]]"
            shown = key.casefold() in ("place", "location", "result")
            items = tuple(self.items(param.value, value_offset, names=names, whole=shown))
            yield Field(key, str(param.value).strip(), self.line(param_offset), items)

    def items(self, value: Wikicode, offset: int, *, names: bool = False, whole: bool = False) -> list[Item]:
        """The items of one infobox value; ``names``: a value that lists names (commas part them); ``whole``: a
        text shown as it is, never cut at its links."""
        walker = _ItemWalker(self, offset, names=names, whole=whole)
        walker.walk(value.nodes, offset)
        return walker.finish()

    # -- the body ------------------------------------------------------------------

    def body(self, infobox: Template | None) -> tuple[list[Line], tuple[Section, ...]]:
        """The lead and sections: each line of the page (the infobox left out) as the text it shows."""
        renderer = _LineRenderer(self)
        renderer.walk(self.code.nodes, 0, skip=infobox)
        numbered = renderer.lines()
        first_heading = next((i for i, (_, text, _) in enumerate(numbered) if _HEADING.match(text)), len(numbered))
        lead = [Line(text, number, bullet) for number, text, bullet in numbered[:first_heading] if text]
        sections = sections_from([(number, text, bullet) for number, text, bullet in numbered[first_heading:]])
        return lead, sections


_HEADING = re.compile(r"^(={2,6})\s*(.*?)\s*\1$")


def _with_offsets(nodes: Sequence[Node], offset: int) -> Iterator[tuple[Node, int]]:
    for node in nodes:
        yield node, offset
        offset += len(str(node))


def _params(template: Template, offset: int) -> Iterator[tuple[Parameter, int, int]]:
    """Each parameter of a template with its own offset and its value's offset in the page."""
    position = offset + 2 + len(str(template.name))
    for param in template.params:
        position += 1  # the "|"
        value_offset = position + (len(str(param.name)) + 1 if param.showkey else 0)
        yield param, position, value_offset
        position += len(str(param))


def _positional(template: Template) -> list[tuple[Parameter, int]]:
    """The positional parameters in order, "|1=…" included, with their index among all parameters."""
    out: list[tuple[Parameter, int]] = []
    for index, param in enumerate(template.params):
        name = str(param.name).strip()
        if not param.showkey or name.isdigit():
            out.append((param, index))
    return out


class _ItemWalker:
    """Turns the nodes of one value into items, following the markup's separators."""

    def __init__(self, page: _PageReader, offset: int, *, names: bool = False, whole: bool = False) -> None:
        self.page = page
        self.names = names
        self.whole = whole
        self.items: list[Item] = []
        self.current = _Build(page.line(offset))
        self.depth = 0
        self.label_open = False  # the item is a bold label so far, unless text follows it on its line
        self.in_link = 0  # inside a link's label a line break is a space

    # items

    def _close(self) -> None:
        built = self.current
        text = _tidy(built.text())
        if text or built.fate:
            if not text and self.items and built.fate:
                # a fate alone on its line belongs to the name before it
                self.items[-1] = replace(self.items[-1], fate=self.items[-1].fate or built.fate)
            elif text and self.whole:
                self.items.append(_whole(built, text))
            elif text:
                self.items.extend(_split_linked_names(built, text, commas=self.names))

    def new_item(self, offset: int, *, depth: int | None = None, soft: bool = False) -> None:
        self.label_open = False
        self._close()
        self.current = _Build(self.page.line(offset), depth=self.depth if depth is None else depth, soft=soft)

    def finish(self) -> list[Item]:
        self._close()
        return self.items

    def add(self, text: str, offset: int) -> None:
        if not self.current.parts and text.strip():
            # the item starts where its first visible character does
            self.current.line = self.page.line(offset + len(text) - len(text.lstrip()))
        if self.label_open and text.strip():
            # bold "Tokugawa Ieyasu:" then "Overall commander" on its line: a name and its role, not a label
            self.current.label = self.label_open = False
        self.current.parts.append(text)

    # nodes

    def walk(self, nodes: Sequence[Node], offset: int) -> None:
        for node, start in _with_offsets(nodes, offset):
            self.node(node, start)

    def node(self, node: Node, offset: int) -> None:
        if isinstance(node, Text):
            self.text(str(node.value), offset)
        elif isinstance(node, Wikilink):
            self.link(node, offset)
        elif isinstance(node, Template):
            self.template(node, offset)
        elif isinstance(node, Tag):
            self.tag(node, offset)
        elif isinstance(node, HTMLEntity):
            self.add(str(node.normalize()).replace("\u00a0", " "), offset)
        elif isinstance(node, ExternalLink):
            if node.title is not None:
                self.walk(node.title.nodes, offset + str(node).find(str(node.title)))
        elif isinstance(node, Argument | Comment | Heading):
            return

    def text(self, value: str, offset: int) -> None:
        if _LITERAL_BREAK.search(value):
            # "&lt;br&gt;" written as entities shows a line break's markup, not a name
            value = _LITERAL_BREAK.sub(lambda m: "\n" + " " * (len(m.group(0)) - 1), value)
        lines = value.split("\n")
        position = offset
        for index, piece in enumerate(lines):
            if index:
                self.depth = 0
                self.new_item(position)  # a new line of the value is a new item
            self.add(piece, position)
            position += len(piece) + 1

    def link(self, node: Wikilink, offset: int) -> None:
        title = str(node.title)
        if _FILE_LINK.match(title):
            return  # a flag, badge or coat of arms: an image, no text
        start = self.current.size()
        if node.text is not None:
            shown_start = offset + 2 + len(title) + 1
            before = len(self.current.parts)
            self.in_link += 1
            self.walk(node.text.nodes, shown_start)
            self.in_link -= 1
            shown = re.sub(r"\s+", " ", "".join(self.current.parts[before:])).strip()
        else:
            shown = re.sub(r"\s+", " ", title.lstrip(":")).strip()
            self.add(shown, offset)
        if shown:
            self.current.link(shown, _target(title.lstrip(":")), start)

    def template(self, node: Template, offset: int) -> None:
        name = _name(node)
        found = templates.rule(name)
        if found is None:
            self.page.unknown.append(name)
            found = templates.Rule(templates.TEXT, shows=1)
        kind = found.kind
        if kind in (templates.NOTHING, templates.ICON):
            return
        if kind == templates.FATE:
            assert found.fate is not None
            self.current.fate = self.current.fate or found.fate
            self.current.fates.append((self.current.size(), found.fate))
            return
        if kind == templates.BREAK:
            self.new_item(offset)
            return
        if kind == templates.LIST:
            self.list_template(node, offset)
            return
        if kind == templates.FLAG:
            self.flag(node, offset, found)
            return
        if kind == templates.DATE:
            self.add(_date_text(node, name), offset)
            return
        if kind == templates.NUMBER:
            self.add(_number_text(node, name), offset)
            return
        self.shown(node, offset, found)

    def list_template(self, node: Template, offset: int) -> None:
        params = {id(param): (start, value_start) for param, start, value_start in _params(node, offset)}
        for param in node.params:
            name = str(param.name).strip()
            if param.showkey and not name.isdigit() and name.lower() != "title":
                continue  # class=, style=, indent=: presentation
            _, value_start = params[id(param)]
            self.new_item(value_start)
            if name.lower() == "title":
                self.current.label = True
            self.walk(param.value.nodes, value_start)
        self.new_item(offset + len(str(node)))

    def flag(self, node: Template, offset: int, found: templates.Rule) -> None:
        positional = _positional(node)
        values = {id(param): value_start for param, _, value_start in _params(node, offset)}
        chosen = None
        if found.shows == "text" and node.has("text"):
            chosen = node.get("text")
        elif node.has("name"):
            chosen = node.get("name")
        if chosen is not None:
            start, linked = self.current.size(), len(self.current.links)
            self.walk(chosen.value.nodes, values[id(chosen)])
            shown = "".join(self.current.parts)[start:].strip()
            named = str(chosen.name).strip() == "name" and len(self.current.links) == linked
            if named and positional and shown:  # {{flag|Nazi Germany|name=Germany}}: "Germany", which is Nazi Germany
                argument = templates.country_name(str(positional[0][0].value).strip())
                self.current.link(shown, _target(argument), start)
                if argument != shown:
                    self.current.link_aliases.setdefault(len(self.current.links) - 1, []).append(argument)
            return
        if not positional and templates.template_key(str(node.name)).upper() in templates.COUNTRY_CODES:
            code = templates.template_key(str(node.name)).upper()
            self.add(templates.country_name(code), offset)  # {{USA}}
            return
        if not positional:
            return
        argument = str(positional[0][0].value).strip()
        shown = templates.country_name(argument)
        start = self.current.size()
        self.add(shown + found.suffix, offset)
        self.current.link(shown + found.suffix, _target(argument if shown == argument else shown), start)
        others = self.current.link_aliases.setdefault(len(self.current.links) - 1, [])
        if shown != argument:
            others.append(argument)  # {{flagcountry|USA}}: "USA" is another name of it
        short = templates.short_name(shown) if found.country_name else None
        if short:
            others.append(short + found.suffix)
        self.current.aliases.extend(others)

    def shown(self, node: Template, offset: int, found: templates.Rule) -> None:
        """A template that shows one of its parameters, or fixed text."""
        if isinstance(found.shows, str) and found.shows.startswith("="):
            self.add(found.shows[1:], offset)
            return
        values = {id(param): value_start for param, _, value_start in _params(node, offset)}
        if found.shows == "ship":
            self.add(_ship_text(node), offset)
            return
        positional = _positional(node)
        if not positional:
            return
        if found.last:
            param = positional[-1][0]
        elif isinstance(found.shows, int) and len(positional) >= found.shows:
            param = positional[found.shows - 1][0]
        else:
            param = positional[0][0]
        self.walk(param.value.nodes, values[id(param)])

    def tag(self, node: Tag, offset: int) -> None:
        tag = str(node.tag).lower()
        markup = node.wiki_markup
        if tag in ("br",):
            if self.in_link:
                self.add(" ", offset)  # "[[Hippias (tyrant)|Hippias (deposed<br/>Athenian tyrant)]]"
                return
            # inside a bullet a line break continues the bullet's item
            self.new_item(offset + len(str(node)), soft=self.depth > 0)
            return
        if tag == "hr":
            self.depth = 0
            self.new_item(offset + len(str(node)))
            return
        if tag in ("li", "dd") and markup:
            self.depth = len(markup)
            self.new_item(offset + len(str(node)), depth=self.depth)
            return
        if tag == "dt" and markup:
            self.new_item(offset + len(str(node)))
            self.current.label = True  # "; Peak strength": a term heading the lines after it
            return
        if tag in ("ref", "references", "gallery", "math", "score", "timeline", "nowiki") or node.contents is None:
            if tag == "nowiki" and node.contents is not None:
                self.add(str(node.contents), offset)
            return
        start = offset + str(node).find(str(node.contents)) if str(node.contents) else offset
        if tag in ("b", "i", "strong", "em") and _is_label(node) and not self.in_link:
            self.new_item(start)
            self.walk(node.contents.nodes, start)
            self.current.label = self.label_open = True
            return
        if tag in ("ul", "ol", "div", "p", "center", "blockquote"):
            self.new_item(start)
            self.walk(node.contents.nodes, start)
            self.new_item(offset + len(str(node)))
            return
        self.walk(node.contents.nodes, start)


def _is_label(node: Tag) -> bool:
    """Bold or italic text ending in a colon heads the items after it: '''American:''', ''Supported by:''."""
    text = re.sub(r"\s+", " ", node.contents.strip_code() if node.contents is not None else "").strip()
    return text.endswith(":") and 1 < len(text) <= 80 and not re.search(r"\d{3}", text)


_STRAY_TAG = re.compile(r"</?(?:small|big|sup|sub|span|div|b|i|u|s|center|font|abbr)\b[^>]*>", re.IGNORECASE)


def _tidy(text: str) -> str:
    """An item's text without what the markup left around it: bullets, stray commas, empty brackets."""
    text = text.replace("\u00a0", " ")
    text = _STRAY_TAG.sub("", text)  # an unmatched "</small>" the parser leaves as text
    text = re.sub(r"\(\s*[,;]?\s*\)", "", text)
    text = re.sub(r"\s+([,;.])", r"\1", text)
    text = re.sub(r"\s+", " ", text)
    return text.lstrip(" ,;•·*|").rstrip(" ,•·*|").strip()


def _split_linked_names(built: _Build, text: str, *, commas: bool = False) -> list[Item]:
    """One item, or one per name when a line holds several.

    A line is split at each link when nothing but commas, "and", "&" or "/" stands
    between its links ("[[A]], [[B]] and [[C]]"), and, in a value of names
    (``commas``), at its commas outside brackets when it holds no figure and at most
    one link between two commas ("[[Yi Sun-sin]], Won Gyun", "France, Spain"). Each name keeps its own link, the
    other names of its flag and the fate marked after it.
    """
    raw = "".join(built.parts)
    pieces = None
    if not built.label:
        pieces = _by_links(raw, built.spans) or (_by_commas(raw, built.spans) if commas else None)
    if pieces is None:
        return [_whole(built, text)]
    items: list[Item] = []
    for index, (start, end) in enumerate(pieces):
        piece = _tidy(re.sub(r"\s+", " ", raw[start:end]).strip(" ,;/&"))
        if piece.casefold().startswith("and "):
            piece = piece[4:].strip()
        if not piece:
            continue
        claim_end = pieces[index + 1][0] if index + 1 < len(pieces) else len(raw) + 1
        inside = [k for k, (a, b) in enumerate(built.spans) if a >= start and b <= end]
        link = built.links[inside[0]] if inside else None
        fate = next((f for at, f in built.fates if start < at <= claim_end or (at == 0 and index == 0)), None)
        aliases = [alias for k in inside for alias in built.link_aliases.get(k, [])]
        items.append(
            Item(
                piece,
                built.line,
                link=link[1] if link else None,
                shown=link[0] if link and link[0] != piece else None,
                fate=fate,
                depth=built.depth,
                soft=built.soft,
                aliases=tuple(dict.fromkeys(aliases)),
            )
        )
    return items or [_whole(built, text)]


def _whole(built: _Build, text: str) -> Item:
    link = built.links[0] if len(built.links) == 1 else None
    return Item(
        text,
        built.line,
        link=link[1] if link else None,
        shown=link[0] if link and link[0] != text else None,
        fate=built.fate,
        label=built.label,
        depth=built.depth,
        soft=built.soft,
        aliases=tuple(dict.fromkeys(built.aliases)),
    )


def _by_links(raw: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]] | None:
    """ "[[A]], [[B]] and [[C]]": each link with what follows it up to the next, when only separators stand between."""
    if len(spans) < 2:
        return None
    edges = [0, *(end for _, end in spans)]
    starts = [start for start, _ in spans] + [len(raw)]
    if not all(_only_separators(raw[edges[k] : starts[k]]) for k in range(len(starts))):
        return None
    return [(start, end) for start, end in spans]


def _by_commas(raw: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]] | None:
    """The line cut at its commas and semicolons outside brackets and links, when it is a list of names."""
    if re.search(r"\d", raw):
        return None  # a figure or a date: its commas are not between names
    cuts: list[int] = []
    depth = 0
    for index, char in enumerate(raw):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        elif char in ",;" and depth == 0 and not any(a <= index < b for a, b in spans):
            cuts.append(index)
    if not cuts:
        return None
    bounds = [-1, *cuts, len(raw)]
    pieces = [(bounds[k] + 1, bounds[k + 1]) for k in range(len(bounds) - 1)]
    for start, end in pieces:
        if sum(1 for a, b in spans if a >= start and b <= end) > 1:
            return None  # two links between two commas: not a plain list
    return pieces


def _param_text(node: Template, index: int) -> str:
    positional = _positional(node)
    if len(positional) > index:
        return str(positional[index][0].value).strip()
    return ""


def _date_text(node: Template, name: str) -> str:
    """{{Start date|1485|8|22}} → "22 August 1485"; {{circa|1500}} → "c. 1500"."""
    if name in ("circa", "c.", "c", "ca", "ca."):
        return "c. " + _param_text(node, 0)
    if name in ("oldstyledate", "osd", "oldstyledatedy", "old style date"):
        return f"{_param_text(node, 0)} {_param_text(node, 1)} [O.S. {_param_text(node, 2)}]"
    if name in ("os2ns", "old style to new style"):
        return f"{_param_text(node, 2)} {_param_text(node, 1)} [O.S. {_param_text(node, 0)}]"
    parts = [_param_text(node, index) for index in range(6)]
    first = _ymd(parts[0], parts[1], parts[2])
    if name == "start and end dates":
        second = _ymd(parts[3], parts[4], parts[5])
        return f"{first} – {second}" if second else first
    return first


def _ymd(year: str, month: str, day: str) -> str:
    if not year:
        return ""
    month_name = _MONTH_NAMES.get(_small_number(month) or 0)
    if month_name is None:
        return year
    number = _small_number(day)
    return f"{number} {month_name} {year}" if number else f"{month_name} {year}"


def _small_number(text: str) -> int | None:
    """A number of one to four ASCII digits ("08" → 8); None for anything else ("²", 5,000 digits)."""
    text = text.strip()
    return int(text) if re.fullmatch(r"[0-9]{1,4}", text) else None


def _number_text(node: Template, name: str) -> str:
    """{{convert|2|mi|km}} → "2 mi"; {{formatnum:1234}} → "1,234"; {{plural|2|ship}} → "2 ships"."""
    if name.startswith("formatnum"):
        raw = name.partition(":")[2] or _param_text(node, 0)
        digits = raw.replace(",", "").strip()
        # ASCII digits only ("²" is a digit to str.isdigit), and few enough to be a count
        return f"{int(digits):,}" if re.fullmatch(r"[0-9]{1,30}", digits) else raw
    number = _param_text(node, 0)
    unit = _param_text(node, 1)
    if name == "plural":
        return f"{number} {unit}{'' if number == '1' else 's'}"
    return f"{number} {unit}".strip()


class _LineRenderer:
    """The text each line of the page shows, for the lead and sections; templates and links inline."""

    def __init__(self, page: _PageReader) -> None:
        self.page = page
        self.by_line: dict[int, list[str]] = {}
        self.bullets: set[int] = set()

    def put(self, text: str, offset: int) -> None:
        self.by_line.setdefault(self.page.line(offset), []).append(text)

    def walk(self, nodes: Sequence[Node], offset: int, skip: Template | None = None) -> None:
        for node, start in _with_offsets(nodes, offset):
            if node is skip:
                continue
            if isinstance(node, Text):
                position = start
                for piece in str(node.value).split("\n"):
                    self.put(piece, position)
                    position += len(piece) + 1
            elif isinstance(node, Heading):
                marks = "=" * node.level
                title = _inline(node.title)
                self.put(f"{marks} {title} {marks}", start)
            elif isinstance(node, Wikilink):
                if not _FILE_LINK.match(str(node.title)):
                    self.put(_inline(node.text) if node.text is not None else str(node.title).lstrip(":"), start)
            elif isinstance(node, Tag):
                tag = str(node.tag).lower()
                if tag in ("li", "dd", "dt") and node.wiki_markup:
                    self.bullets.add(self.page.line(start))
                elif tag not in ("ref", "references", "gallery", "table") and node.contents is not None:
                    inner = start + str(node).find(str(node.contents)) if str(node.contents) else start
                    self.walk(node.contents.nodes, inner)
            elif isinstance(node, Template):
                shown = _inline_template(node)
                if shown:
                    self.put(shown, start)
            elif isinstance(node, HTMLEntity):
                self.put(str(node.normalize()), start)
            elif isinstance(node, ExternalLink) and node.title is not None:
                self.put(_inline(node.title), start)

    def lines(self) -> list[tuple[int, str, bool]]:
        out = []
        for number in sorted(self.by_line):
            text = re.sub(r"\s+", " ", "".join(self.by_line[number])).strip()
            bullet = number in self.bullets
            if text or bullet:
                out.append((number, text, bullet))
        return out


def _inline(code: Wikicode | None) -> str:
    """Wikicode as the one line of text it shows."""
    if code is None:
        return ""
    out: list[str] = []
    for node in code.nodes:
        if isinstance(node, Text):
            out.append(str(node.value))
        elif isinstance(node, Wikilink):
            if not _FILE_LINK.match(str(node.title)):
                out.append(_inline(node.text) if node.text is not None else str(node.title).lstrip(":"))
        elif isinstance(node, Template):
            out.append(_inline_template(node))
        elif isinstance(node, Tag):
            if str(node.tag).lower() not in ("ref", "references") and node.contents is not None:
                out.append(_inline(node.contents))
        elif isinstance(node, HTMLEntity):
            out.append(str(node.normalize()))
        elif isinstance(node, ExternalLink) and node.title is not None:
            out.append(_inline(node.title))
    return re.sub(r"\s+", " ", "".join(out))


def _inline_template(node: Template) -> str:
    """The text a template shows inside running text (the body), by the same table."""
    name = _name(node)
    found = templates.rule(name)
    if found is None or found.kind in (templates.NOTHING, templates.ICON, templates.FATE, templates.BREAK):
        return ""
    if found.kind == templates.DATE:
        return _date_text(node, name)
    if found.kind == templates.NUMBER:
        return _number_text(node, name)
    if found.kind == templates.FLAG:
        argument = _param_text(node, 0)
        return templates.country_name(argument) + found.suffix if argument else ""
    if found.kind == templates.LIST:
        return ", ".join(_inline(param.value) for param, _ in _positional(node))
    if isinstance(found.shows, str) and found.shows.startswith("="):
        return found.shows[1:]
    if found.shows == "ship":
        return _ship_text(node)
    positional = _positional(node)
    if not positional:
        return ""
    chosen = found.shows if isinstance(found.shows, int) else 1
    param = positional[-1][0] if found.last else positional[min(chosen, len(positional)) - 1][0]
    return _inline(param.value)


def _ship_text(node: Template) -> str:
    """{{HMS|Victory}} → "HMS Victory"; {{ship|HMS|Victory}} → "HMS Victory"."""
    words = [_inline(param.value).strip() for param, _ in _positional(node)]
    prefix = templates.template_key(str(node.name)).upper()
    return " ".join(words[:2]) if prefix == "SHIP" else " ".join([prefix, *words[:1]])
