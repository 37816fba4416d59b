"""MediaWiki wikitext pages → the plain-text rendering, so one extractor serves both.

A page's ``{{Infobox military conflict}}`` becomes the ``Infobox`` block of the
rendering (``- Combatant1: …`` lines), its headings and lists the sections and
bullets. Templates are rendered as the rendering shows them: ``{{KIA}}`` as a
``KIA`` glued to the name, flag icons dropped, ``{{plainlist}}``, ``{{ubl}}`` and
``{{tree list}}`` as comma-separated items, ``<br>`` as a comma; references,
``{{efn}}`` notes and comments are dropped. Wikilinks show their text, and what
they link to is kept beside the text: ``[[Katō Kiyomasa|Kato]]`` names the person
whose page is "Katō Kiyomasa", which is how the same person is recognised across
articles however each one writes the name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import mwparserfromhell
from mwparserfromhell.nodes import Comment, ExternalLink, Heading, HTMLEntity, Tag, Template, Text, Wikilink
from mwparserfromhell.wikicode import Wikicode

from .article import Article, parse_article

CONFLICT_INFOBOXES = {
    "infobox military conflict",
    "infobox military conflicts",
    "infobox battle",
    "infobox war",
    "warbox",
    "infobox military operation",
    "infobox conflict",
}
FATE_TEMPLATES = {"kia": "KIA", "k.i.a.": "KIA", "killed in action": "KIA", "wia": "WIA", "pow": "POW",
                  "p.o.w.": "POW", "dow": "DOW", "mia": "MIA", "died of wounds": "DOW"}  # fmt: skip
LIST_TEMPLATES = {"plainlist", "plain list", "ubl", "unbulleted list", "ublist", "bulleted list", "blist", "hlist",
                  "flatlist", "tree list", "treelist", "collapsible list", "cslist"}  # fmt: skip
DROPPED_TEMPLATES = {"efn", "efn-ua", "efn-lr", "sfn", "sfnp", "harvnb", "r", "refn", "cn", "citation needed",
                     "clarify", "when", "who", "which", "by whom", "dubious", "better source needed", "nbsp", "snd",
                     "-", "clear", "anchor", "tree list/end", "endplainlist", "end plainlist"}  # fmt: skip
# Templates that show their first argument (the text in another language for lang/transl)
WRAPPER_TEMPLATES = {
    "nihongo", "nihongo2", "korean", "lang", "transl", "langx", "zh", "nowrap", "small", "nobold", "nobr",
    "noitalic", "nobreak", "abbr", "ill", "interlanguage link", "lang-ko", "lang-ja", "tooltip", "sup", "sub",
    "big", "nowrap begin", "bold", "italic", "em", "strong", "hangul", "hanja", "linktext",
}  # fmt: skip
ICON_TEMPLATE = re.compile(r"^(?:flag ?icon|flagdeco|flag ?icon image|flagicon image|flagicon\w*|.*icon)$")
FLAG_WITH_NAME = re.compile(r"^(?:flag|flagcountry|flagu|flag country|flagcc|flagg|flagu?country)$")


@dataclass
class _Renderer:
    links: dict[str, str] = field(default_factory=dict)

    def code(self, wikicode: Wikicode | str) -> str:
        if isinstance(wikicode, str):
            wikicode = mwparserfromhell.parse(wikicode)
        return "".join(self.node(node) for node in wikicode.nodes)

    def node(self, node: object) -> str:
        if isinstance(node, Text):
            return str(node.value)
        if isinstance(node, Wikilink):
            target = str(node.title).strip()
            if re.match(r"^(?:file|image|category|media):", target, re.IGNORECASE):
                return ""
            shown = self.code(node.text).strip() if node.text is not None else target
            target = target.split("#", 1)[0].strip() or shown
            if shown:
                self.links.setdefault(re.sub(r"\s+", " ", shown), target.replace("_", " "))
            return shown
        if isinstance(node, Template):
            return self.template(node)
        if isinstance(node, Tag):
            tag = str(node.tag).lower()
            if tag == "br":
                return ", "
            if tag in ("ref", "references"):
                return ""
            if node.wiki_markup and tag in ("li", "dt", "dd"):
                return str(node.wiki_markup)  # "*", "#", ":": the line stays a list item
            if tag in ("li",):
                return "\n* " + (self.code(node.contents) if node.contents is not None else "")
            return self.code(node.contents) if node.contents is not None else ""
        if isinstance(node, Comment):
            return ""
        if isinstance(node, HTMLEntity):
            return str(node.normalize())
        if isinstance(node, ExternalLink):
            return self.code(node.title) if node.title is not None else ""
        if isinstance(node, Heading):
            marks = "=" * node.level
            return f"{marks} {self.code(node.title).strip()} {marks}"
        return ""

    def template(self, template: Template) -> str:
        name = re.sub(r"\s+", " ", str(template.name).replace("_", " ")).strip().lower()
        positional = [p for p in template.params if not p.showkey]
        if name in FATE_TEMPLATES:
            return "\x00" + FATE_TEMPLATES[name]  # glued to the name before it, below
        if name in DROPPED_TEMPLATES or name.startswith(("cite ", "citation")):
            return ""
        if ICON_TEMPLATE.match(name):
            return ""
        if FLAG_WITH_NAME.match(name):
            if template.has("name"):
                return self.code(template.get("name").value).strip()
            return self.code(positional[0].value).strip() if positional else ""
        if name in LIST_TEMPLATES:
            items: list[str] = []
            for param in positional:
                items.extend(_bullets(self.code(param.value)))
            return ", ".join(item for item in items if item)
        if name in ("circa", "c.", "ca."):
            return "c. " + (self.code(positional[0].value).strip() if positional else "")
        if name in WRAPPER_TEMPLATES:
            pick = positional[1] if name in ("lang", "transl", "langx") and len(positional) > 1 else None
            chosen = pick or (positional[0] if positional else None)
            return self.code(chosen.value).strip() if chosen is not None else ""
        if name == "convert" and len(positional) >= 2:
            return f"{self.code(positional[0].value).strip()} {self.code(positional[1].value).strip()}"
        return ""  # hatnotes, navigation boxes, maintenance tags: nothing a reader of the rendering sees


def _bullets(text: str) -> list[str]:
    """The items of a list template's text: "* a\\n** b" → ["a", "b"]; plain text stays one item."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if any(line.startswith(("*", "#")) for line in lines):
        return [line.lstrip("*#:; ").strip() for line in lines if line.lstrip("*#:; ").strip()]
    return [", ".join(lines)] if lines else []


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\x00", "")).strip()


def _glue_fates(text: str) -> str:
    """ "Kim Si-min \\x00KIA" → "Kim Si-minKIA", as the rendering writes it."""
    return re.sub(r"\s*\x00(KIA|WIA|POW|DOW|MIA)", r"\1", text)


def _infobox(code: Wikicode) -> Template | None:
    infoboxes = [t for t in code.filter_templates(recursive=False) if str(t.name).strip().lower().startswith("infobox")]
    conflict = [t for t in infoboxes if _name(t) in CONFLICT_INFOBOXES]
    if conflict:
        return conflict[0]
    return infoboxes[0] if infoboxes else None


def _name(template: Template) -> str:
    return re.sub(r"\s+", " ", str(template.name).replace("_", " ")).strip().lower()


def render(title: str, wikitext: str) -> tuple[str, dict[str, str]]:
    """The plain-text rendering of a page, and the link targets of the names it shows."""
    code = mwparserfromhell.parse(wikitext)
    renderer = _Renderer()
    lines = [f"= {title} =", ""]
    infobox = _infobox(code)
    if infobox is not None:
        lines.append("Infobox")
        for param in infobox.params:
            key = str(param.name).strip()
            if not key or not param.showkey:
                continue
            value = _one_line(", ".join(_bullets(_glue_fates(renderer.code(param.value)))))
            if value:
                lines.append(f"- {key[:1].upper()}{key[1:]}: {value}")
        code.remove(infobox)
        lines.append("")
    for raw in renderer.code(code).splitlines():
        line = raw.strip()
        if not line:
            lines.append("")
        elif line.startswith(("*", "#")):
            lines.append("- " + _glue_fates(line.lstrip("*#:; ").strip()))
        elif re.match(r"^(={2,6}).*\1$", line):
            lines.append(line)
        else:
            lines.append(_glue_fates(line))
    return "\n".join(lines) + "\n", renderer.links


def parse_wikitext(wikitext: str | bytes, path: str, title: str | None = None) -> Article:
    """A wikitext page as an :class:`Article`; the title defaults to the file name's stem."""
    from .article import decode

    text = decode(wikitext, path) if isinstance(wikitext, bytes) else wikitext
    if title is None:
        stem = re.sub(r"\.(?:wiki|wikitext|mediawiki|txt)$", "", path.replace("\\", "/").rsplit("/", 1)[-1])
        title = stem.replace("_", " ")
    rendered, links = render(title, text)
    article = parse_article(rendered, path)
    return Article(
        path=article.path,
        title=article.title,
        title_line=article.title_line,
        infobox_header=article.infobox_header,
        infobox_line=article.infobox_line,
        infobox=article.infobox,
        lead=article.lead,
        sections=article.sections,
        sha256=article.sha256,
        links=links,
    )


def link_targets(names: Iterable[str], links: dict[str, str]) -> dict[str, str]:
    return {name: links[name] for name in names if name in links}
