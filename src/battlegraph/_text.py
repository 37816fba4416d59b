"""Text of infobox values: markup residue removed, items split, names folded for comparison.

Everything here works on one value string and knows nothing of articles or RDF.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class Item:
    """One entry of an infobox value, as a reader gives it.

    The plain-text reader only knows the text and the field's line; the wikitext
    reader knows what the page's markup says: the page a name links to and the
    text the link shows, a fate template after it, a bold group label, a sub-bullet,
    and the line of the ``.wiki`` file the item starts on.
    """

    text: str
    line: int | None = None
    link: str | None = None  # the wiki page the item's one name links to
    shown: str | None = None  # the text that link shows, when the item holds more ("King [[Richard III]]")
    fate: str | None = None  # from a fate template: KIA, WIA, POW, DOW, MIA, EXECUTED, SURRENDERED, DEFECTED
    label: bool = False  # set off by the markup as a group label (bold "British:", italic "Supported by:")
    depth: int = 0  # list depth: 1 for a "*" sub-item under a belligerent
    soft: bool = False  # continues the item before it on the same bullet (a <br> inside "* …")
    aliases: tuple[str, ...] = ()  # other names the markup gives ({{flagcountry|USA}} → "USA")


def plain_items(value: str, line: int | None = None, *, semicolon_needs_digits: bool = False) -> list[Item]:
    """The items of a value in the plain-text rendering, which keeps only commas and semicolons."""
    return [Item(text, line) for text in split_items(clean(value), semicolon_needs_digits=semicolon_needs_digits)]


# ---------------------------------------------------------------------------
# Cleaning and splitting


# line breaks, rules and "----" (a rule, with or without spaces: "23,000 ----16,000 infantry")
_BR = re.compile(r"<\s*/?\s*(?:br|hr)\s*/?\s*>|\s*-{4,}\s*", re.IGNORECASE)  # "</br>" too, as browsers read it
_REF = re.compile(r"<ref[^>]*/>|<ref[^>]*>.*?</ref>", re.IGNORECASE | re.DOTALL)
# Only the presentational tags the rendering leaks; anything else (a name that really
# contains "<script>") stays text, to be escaped by whoever displays it.
_TAGS = re.compile(r"</?(?:small|big|sup|sub|span|div|b|i|u|s|center|nowiki|abbr|font)\b[^>]*>", re.IGNORECASE)
_IMAGE = re.compile(
    r"\[\[(?:File|Image):[^\]]*\]\]|\b(?:File|Image):[^,|]*?\.(?:svg|png|jpe?g|gif|tiff?)\b"
    # "Divrigi02.jpgGreat Seljuk Empire"; a file name is bounded, or a long run of text costs quadratic time
    r"|[^\s,;|()]{1,200}\.(?:svg|png|jpe?g|gif|tiff?)(?=[A-Z\s,;|]|$)",
    re.IGNORECASE,
)
_IMAGE_EXTENSION = re.compile(r"\.(?:svg|png|jpe?g|gif|tiff?)", re.IGNORECASE)
# "25pxMughal Empire", "15px Qing": the size of a flag icon the rendering kept
# an icon's size, with the "border" option of its image written beside it ("25px|border", "border|25px")
_ICON = r"(?:border\s*\|\s*)?\d{1,3}(?:x\d{1,3})?\s?px(?:border\b)?(?![a-z])(?:\s*\|\s*border\b)?"
_PIXELS = re.compile(rf"(?<![\w,]){_ICON}(?:\|{_ICON})*")  # "border|22pxborder|22px": one icon written twice
_FOOTNOTE = re.compile(r"\[(?:\d{1,3}|[a-z]|note \d+|nb \d+|citation needed|clarification needed)\]", re.IGNORECASE)
# ":ru:Позняков, Александр Андрианович": a link to another language's wiki, its target written out
_INTERLANGUAGE = re.compile(r"(?:^|(?<=[,|]))\s*:[a-z]{2,3}:[^,|]*(?:,\s*[^,|A-Za-z0-9]+(?=,|$))?")
# "20,000 mensfn, Blok, 1928, p=345": a citation template the rendering wrote out after the figure
_SFN = re.compile(
    r"(?:(?<=[a-z])|\b)sfn\b(?:(?:\s*,\s*[A-Z][^,]{0,40}){1,3}\s*,\s*\d{4}[a-z]?(?:\s*,\s*pp?\s*=\s*[\d–-]+)?)?"
)
# "4 boats^{1}": a footnote marker the rendering writes as a superscript ("2^{nd}" keeps its letters)
_SUPERSCRIPT = re.compile(r"\^\{([^{}]{0,20})\}")
_MARKER = re.compile(r"\d{1,3}|[a-z]|(?:note|nb|n) ?\d+|citation needed", re.IGNORECASE)
# "8,00015,000": a range whose dash the rendering lost; a group of thousands has exactly three digits,
# so where one number ends and the next begins is certain
_GLUED_RANGE = re.compile(r"(?<![\d,.])(\d{1,3}(?:,\d{3})+)(?=\d{1,3}(?:,\d{3})+(?!\d|,\d))")
# "1,500 (Pigafetta's account)–3,000": a bracket inside a range goes after it
_BRACKET_IN_RANGE = re.compile(
    r"(?P<low>\d[\d,]*)\s*(?P<bracket>\([^()]{1,80}\))\s*(?P<dash>[–—-])\s*(?P<high>\d[\d,]*(?![\d,]))"
)
_EMPTY_PARENS = re.compile(r"\(\s*[,;]?\s*\)")
_STYLE_PARAM = re.compile(r"\b(?:item_?style|list_?style|style|class)\s*=\s*(?:[a-z-]+\s*:\s*[^;,]*;?\s*)+", re.I)
_TEMPLATE_PARAM = re.compile(r"\|\s*[a-z][a-z0-9_ -]*=.*$", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
# a space the page put before a comma after a word, outside brackets ("Tokugawa Shogunate , (present-day …")
_PAGE_SPACE = re.compile(r"(?<=[\w)\],])[ \t]+,(?![^()]*\))")
_KEPT_SPACE = "\ue000"  # a private-use character no page writes, standing for a space the page put before a comma
_SPACE_BEFORE_COMMA = re.compile(r"\s+([,;])")
_THOUSANDS = re.compile(r"\d{3}(?!\d)")


# An image's file name left before a name, spaces and all: "Coat of arms of Moravian Serbia.svg Prince Lazar"
_IMAGE_PREFIX = re.compile(
    r"(?:^|(?<=[,|]))\s*(?:\*\s*)?[^,|*]{1,80}?\.(?:svg|png|jpe?g|gif|tiff?)\b\s*", re.IGNORECASE
)
# The white-flag icon some renderings keep as its file name is the {{Surrendered}} mark
_SURRENDER_ICON = re.compile(r"\s*White[ _]flag[ _]icon\.svg", re.IGNORECASE)


@lru_cache(maxsize=1 << 14)
def clean(text: str, *, as_written: bool = False) -> str:
    """Remove the markup residue the rendering leaves in a value.

    ``as_written`` keeps the spaces before commas the page wrote in a text shown as one (a
    Place, a Result), as such values are kept verbatim; the ones removing markup leaves go.
    """
    if as_written and " ," in text:
        kept = _PAGE_SPACE.sub(_KEPT_SPACE + ",", text)
        return _SPACES.sub(" ", clean(kept).replace(_KEPT_SPACE, " ")).strip(" ,;")
    # Each pattern runs only on text holding a character every match of it needs: most
    # values hold none of them, and this runs for every value of every article. No step
    # puts back a character a later step looks for.
    text = unicodedata.normalize("NFC", text)
    if _IMAGE_EXTENSION.search(text):
        text = _SURRENDER_ICON.sub(" Surrendered", text)
        text = _IMAGE_PREFIX.sub(lambda m: " " if m.start() else "", text)
    if "<" in text:
        text = _REF.sub("", text)
        text = _BR.sub(", ", text)
        text = _TAGS.sub("", text)
    elif "----" in text:
        text = _BR.sub(", ", text)
    if _IMAGE_EXTENSION.search(text):
        text = _IMAGE.sub("", text)
    if "px" in text:
        text = _PIXELS.sub("", text)
    if "[" in text:
        text = _FOOTNOTE.sub("", text)
    if ":" in text and _INTERLANGUAGE.search(text):
        text = _INTERLANGUAGE.sub("", text)
    if "sfn" in text:
        text = _SFN.sub("", text)
    if "^" in text:
        text = _SUPERSCRIPT.sub(lambda m: "" if _MARKER.fullmatch(m.group(1).strip()) else m.group(1), text)
    if "|" in text:
        text = _TEMPLATE_PARAM.sub("", text)  # "| ibox-order = ko1, zh": a template's own parameter
    if "=" in text:
        text = _STYLE_PARAM.sub("", text)  # "item_style=text-indent:-1.5em; margin-left:1.5em": a list's styling
    if "(" in text:
        text = _EMPTY_PARENS.sub("", text)
    text = text.replace("•", ",").replace("|", ",")
    text = _SPACES.sub(" ", text)
    if "," in text or ";" in text:
        text = _SPACE_BEFORE_COMMA.sub(r"\1", text)
        text = _GLUED_RANGE.sub("\\1\u2013", text)
    return text.strip(" ,;")


def split_items(text: str, *, semicolon_needs_digits: bool = False) -> list[str]:
    """Split a cleaned value at commas and semicolons outside brackets.

    A comma between digits with three after it is a thousands separator. When
    ``semicolon_needs_digits`` is set (a value of figures), a semicolon splits only if both
    sides hold a number: in casualty lists it more often joins two source names than two
    figures; and a space and a colon before a figure, after one, start a line of their own
    ("399,102 :26,397 killed :109,776 wounded", the rendering of a list of definitions).
    """
    if semicolon_needs_digits and " :" in text:
        return [item for line in _split_lines(text) for item in _split_at_commas(line, True)]
    return _split_at_commas(text, semicolon_needs_digits)


def _split_at_commas(text: str, semicolon_needs_digits: bool) -> list[str]:
    items: list[str] = []
    depth = 0
    start = 0
    if semicolon_needs_digits and ";" in text:
        # digits[k]: digits in text[:k]; ends[k]: where the item starting at k ends (the next "," or ";")
        digits = [0]
        for char in text:
            digits.append(digits[-1] + char.isdigit())
        ends = [len(text)] * (len(text) + 1)
        for index in range(len(text) - 1, -1, -1):
            ends[index] = index if text[index] in ",;" else ends[index + 1]
    for index, char in enumerate(text):
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth = max(0, depth - 1)
        elif depth == 0 and char == ",":
            if index > 0 and text[index - 1].isdigit() and _THOUSANDS.match(text, index + 1, index + 5):
                continue
            items.append(text[start:index])
            start = index + 1
        elif depth == 0 and char == ";":
            if semicolon_needs_digits:
                before = digits[index] - digits[start]
                after = digits[ends[index + 1]] - digits[index + 1]
                if not (before and after):
                    continue
            items.append(text[start:index])
            start = index + 1
    items.append(text[start:])
    if semicolon_needs_digits and "(" in text:
        # "1,500 (Pigafetta's account)–3,000": a bracket inside a range goes after it
        items = [_BRACKET_IN_RANGE.sub(r"\g<low>\g<dash>\g<high> \g<bracket>", item) for item in items]
    return [item.strip() for item in items if item.strip(" ,;.")]


_LINE_COLON = re.compile(r"\s:(?=\s*(?:~|≈|c\.\s*|ca\.\s*)?\d)")


# a count before the colon: "399,102", "5,237 killed", "~150,000 captured", "850" (not "1942", "1st Army",
# "Phase 1")
_FIGURE_PIECE = re.compile(r"\d{1,3}(?:,\d{3})+|(?<![\w.])\d+\s+[a-z]")
_BARE_COUNT = re.compile(r"(?:~|≈|c\.\s*|ca\.\s*)?(\d{1,6})\+?")


def _split_lines(item: str) -> list[str]:
    """Cut at each " :" before a figure that ends a piece holding a figure ("Polybius : 70,000" is a label)."""
    pieces: list[str] = []
    start = 0
    for match in _LINE_COLON.finditer(item):
        # the words right before the colon: a figure ("399,102", "850"), or the end of a figure's list of kinds
        # ("killed, missing or captured"); not a label ("; Polybius", "1942", "Phase 1")
        cut = max(item.rfind(",", start, match.start()), item.rfind(";", start, match.start()), start - 1)
        before = item[max(cut + 1, match.start() - 80) : match.start()].strip()  # a line's end is short
        bare = _BARE_COUNT.fullmatch(before)
        count = bare is not None and not (len(bare.group(1)) == 4 and 1000 <= int(bare.group(1)) <= 2099)
        if count or _FIGURE_PIECE.search(before) or (before[:1].islower() and not any(c.isdigit() for c in before)):
            pieces.append(item[start : match.start()])
            start = match.end()
    pieces.append(item[start:])
    return pieces


_DASHES = re.compile(r"[-‐‑‒–—_]+")
_RUNS_OF_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=1 << 17)
def fold(text: str) -> str:
    """Case, diacritics, hyphens and spacing folded: the key two spellings share."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = stripped.replace("ʻ", "'").replace("’", "'").replace("ʼ", "'")
    stripped = _DASHES.sub(" ", stripped.casefold())
    return _RUNS_OF_SPACE.sub(" ", stripped).strip(" .,;:")
