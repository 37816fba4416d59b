"""Figures in infobox values: a small tokenizer and grammar over the tables of ``lexicon.py``.

A Strength or Casualties value is read in three steps:

1. **items**: the value is split into items (commas, semicolons, line breaks; the
   wikitext reader gives them ready-made), and an item that only heads the ones
   after it (``Korea:``, ``'''British:'''``, ``On 1 May 1915``) becomes their label;
2. **segments**: an item holding several figures with no comma between them
   ("12 ships (relief) with 700 sailors") is cut before each figure's own words;
3. **figure**: one segment is tokenized and read as
   ``[bound words] number [+] [multiplier] [joiner [bound] number [+] [multiplier]] [unit and kind words] [tail]``.

Every word the grammar knows is a row of a table in ``lexicon.py``: bound words
("no more than" is a maximum, "more than" a minimum, the longer phrase winning),
range joiners, multipliers, number words, zero phrases, casualty kinds and the unit
lexicon, where a compound noun takes the class of its head ("supply ships" are
ships, "navy killed" are killed men).

Nothing here raises for a value's content: a figure no battle reaches (beyond
10^12) or a negative one is kept as written with a ``warning`` for the caller to
report, and a negative figure keeps its sign so the shapes can flag it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from functools import lru_cache

from . import lexicon as lx
from .text import Item, fold, plain_items

# ---------------------------------------------------------------------------
# The figure record


@dataclass(frozen=True, slots=True)
class QuantityValue:
    """One figure of a Strength, Casualties or order-of-battle value, with its bounds."""

    text: str
    min: int | None
    max: int | None
    unit: str
    category: str
    kind: str | None = None
    approximate: bool = False
    group: str | None = None
    source: str | None = None
    qualifier: str | None = None
    note: str | None = None
    subset: bool = False
    total: bool = False
    warning: str | None = None  # why the text's number was not kept as a bound

    @property
    def bounded(self) -> bool:
        return self.min is not None or self.max is not None


# ---------------------------------------------------------------------------
# Tokens

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
)
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"


def _phrase_pattern(phrases: Iterable[str]) -> str:
    """An alternation of phrases, longest first, whole words only where a phrase starts or ends with a letter."""
    parts = []
    for phrase in sorted(phrases, key=len, reverse=True):
        body = r"\s+".join(re.escape(word) for word in phrase.split())
        head = r"(?<![\w.])" if phrase[0].isalnum() else ""
        tail = r"(?![\w])" if phrase[-1].isalnum() else ""
        parts.append(head + body + tail)
    return "|".join(parts)


_TOKEN = re.compile(
    rf"(?P<paren>\([^()]*\)|\[[^\[\]]*\])"
    rf"|(?P<date>\b\d{{1,2}}\s+{_MONTH}(?:\s+\d{{3,4}})?\b|\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s*\d{{3,4}})?\b"
    rf"|\b{_MONTH}\s+\d{{3,4}}\b)"
    rf"|(?P<pct>{_NUMBER}\s*(?:%|per\s?cent\b|percent\b))"
    rf"|(?P<ordinal>\b\d+(?:st|nd|rd|th)\b)"
    rf"|(?P<bound>{_phrase_pattern(lx.BOUND_PHRASES)})"
    rf"|(?P<num>{_NUMBER}(?P<exp>[eE]\d+|\s?\^\s?\d+|\s?[×x]\s?10\s?\^\s?\d+)?(?P<glued>[kKmM]n?(?![\w]))?)"
    r"|(?P<dash>[–—−‒―-]+)"
    r"|(?P<plus>\+)"
    r"|(?P<word>[^\W\d_](?:[\w'’.-]*[^\W_])?\.?)"
    r"|(?P<punct>[,;:/&?!.#])",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # num, word, bound, dash, plus, paren, punct, date, pct, ordinal
    text: str
    start: int
    end: int
    value: Decimal | None = None  # num: the number, multipliers glued to it applied
    meaning: str | None = None  # bound: lower, upper or approx

    @property
    def lower(self) -> str:
        return self.text.lower()


def _tokens(text: str) -> list[_Token]:
    out: list[_Token] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "punct"
        if match["num"] is not None:
            kind = "num"
        token_text = match.group(0)
        if kind == "num":
            out.append(_Token("num", token_text, match.start(), match.end(), _decimal(match)))
        elif kind == "bound":
            meaning = lx.BOUND_PHRASES[re.sub(r"\s+", " ", token_text.lower())]
            out.append(_Token("bound", token_text, match.start(), match.end(), meaning=meaning))
        else:
            out.append(_Token(kind, token_text, match.start(), match.end()))
    return _merge_number_words(out)


def _decimal(match: re.Match[str]) -> Decimal:
    number = Decimal(match["num"][: len(match["num"]) - len(match["exp"] or "") - len(match["glued"] or "")]
                     .replace(",", ""))  # fmt: skip
    exponent = match["exp"]
    if exponent:
        power = int(re.findall(r"\d+", exponent)[-1])
        if exponent.lstrip().lower().startswith("e") or ("10" in exponent and re.search(r"[×x]", exponent)):
            number = number.scaleb(power)
        else:  # "10^30"
            number = Decimal(1).scaleb(power) if number == 10 else Decimal("Infinity")
    glued = (match["glued"] or "").lower()
    if glued:
        number *= lx.MULTIPLIERS[glued]
    return number


_NUMBER_WORD_MAX = max(len(phrase.split()) for phrase in lx.NUMBER_WORDS)


def _merge_number_words(tokens: list[_Token]) -> list[_Token]:
    """ "a hundred", "two", "twenty-five" → number tokens; "several thousand" stays words."""
    out: list[_Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.kind == "word":
            for size in range(_NUMBER_WORD_MAX, 0, -1):
                run = tokens[index : index + size]
                if len(run) < size or any(t.kind not in ("word", "bound") for t in run):
                    continue
                phrase = " ".join(t.lower for t in run)
                value = lx.NUMBER_WORDS.get(phrase)
                if value is None and size == 1:
                    value = _hyphenated_number(phrase)
                if value is not None:
                    out.append(_Token("num", " ".join(t.text for t in run), run[0].start, run[-1].end, Decimal(value)))
                    index += size
                    break
            else:
                out.append(token)
                index += 1
            continue
        out.append(token)
        index += 1
    return out


def _hyphenated_number(word: str) -> int | None:
    """ "twenty-five" → 25."""
    if "-" not in word:
        return None
    tens, _, unit = word.partition("-")
    if tens in lx.NUMBER_WORDS and unit in lx.NUMBER_WORDS and lx.NUMBER_WORDS[unit] < 10:
        return lx.NUMBER_WORDS[tens] + lx.NUMBER_WORDS[unit]
    return None


# ---------------------------------------------------------------------------
# Number expressions: "about 5,000", "3 to 5 thousand", "~9,000 – 20,000+"


@dataclass(frozen=True, slots=True)
class _Expr:
    first: int  # index of the first token (bounds included)
    last: int  # index one past the expression
    low: Decimal | None
    high: Decimal | None
    lower_only: bool = False
    upper_only: bool = False
    open_top: bool = False
    approximate: bool = False
    vague: bool = False  # "several thousand": an order of magnitude, no bound


_YEAR_PREPOSITIONS = frozenset(
    {"in", "since", "until", "till", "by", "during", "from", "before", "after", "of", "circa"}
)
_MEASURES = frozenset(
    {"year", "years", "month", "months", "week", "weeks", "day", "days", "hour", "hours", "minute", "minutes",
     "km", "mi", "miles", "mile", "kilometres", "kilometers", "metres", "meters", "ft", "feet", "yards", "bc", "bce",
     "ad", "ce"}
)  # fmt: skip


def _multiplier(token: _Token | None) -> int | None:
    if token is None or token.kind != "word":
        return None
    word = token.lower.rstrip(".")
    if word in lx.GLUED_ONLY_MULTIPLIERS:
        return None
    return lx.MULTIPLIERS.get(word)


def _is_year_like(tokens: Sequence[_Token], index: int) -> bool:
    """A number that dates or names something ("at height in 1779", "No. 2 Column") rather than counts it."""
    token = tokens[index]
    previous = tokens[index - 1] if index > 0 else None
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    if previous is not None and previous.lower in lx.IDENTIFIER_PREFIXES and previous.end <= token.start:
        return True
    if following is not None and following.kind == "word" and following.lower.rstrip(".") in _MEASURES:
        return True
    if "," in token.text or "." in token.text:
        return False
    if previous is not None and previous.kind == "word" and previous.lower in _YEAR_PREPOSITIONS:
        return token.value is not None and 100 <= token.value <= 2100 and len(token.text) in (3, 4)
    return False


def _expressions(tokens: Sequence[_Token]) -> list[_Expr]:
    exprs: list[_Expr] = []
    index = 0
    floor = 0  # tokens before this belong to the previous expression
    while index < len(tokens):
        token = tokens[index]
        if token.kind == "num" and not _is_year_like(tokens, index):
            expr = _expression_at(tokens, index, floor)
            exprs.append(expr)
            index = floor = expr.last
            continue
        zero = _zero_at(tokens, index, floor)
        if zero is not None:
            exprs.append(zero)
            index = floor = zero.last
            continue
        vague = _vague_at(tokens, index)
        if vague is not None:
            exprs.append(vague)
            index = floor = vague.last
            continue
        index += 1
    return exprs


def _expression_at(tokens: Sequence[_Token], index: int, floor: int) -> _Expr:
    first = index
    meanings: list[str] = []
    while first - 1 >= floor and tokens[first - 1].kind == "bound":
        first -= 1
        meanings.append(tokens[first].meaning or "")
    between = first - 1 >= floor and tokens[first - 1].lower == lx.BETWEEN
    if between:
        first -= 1
    negative = (
        index - 1 >= floor
        and tokens[index - 1].kind == "dash"
        and tokens[index - 1].text in ("-", "−")
        and tokens[index - 1].end == tokens[index].start
        and (index - 1 == 0 or tokens[index - 2].kind in ("punct", "bound", "word"))
    )
    if negative:
        first = min(first, index - 1)
    low = tokens[index].value
    assert low is not None
    if negative:
        low = -low
    position = index + 1
    low_scaled = False
    scale = _multiplier(tokens[position] if position < len(tokens) else None)
    if scale is not None:
        low, low_scaled = low * scale, True
        position += 1
    lower_only = "lower" in meanings
    upper_only = "upper" in meanings
    approximate = "approx" in meanings
    open_top = False
    high: Decimal | None = low
    if position < len(tokens) and tokens[position].kind == "plus":
        lower_only, upper_only = True, False
        position += 1
    joined = _range_end(tokens, position, between)
    if joined is not None:
        second_index, approx_second = joined
        second = tokens[second_index].value
        assert second is not None
        after = second_index + 1
        scale = _multiplier(tokens[after] if after < len(tokens) else None)
        if scale is not None:
            second *= scale
            after += 1
            # "3 to 5 thousand": the multiplier reaches back over a bare smaller number
            if not low_scaled and low is not None and low <= (tokens[second_index].value or 0):
                low *= scale
        high = second
        lower_only = upper_only = False
        approximate = approximate or approx_second
        if after < len(tokens) and tokens[after].kind == "plus":
            open_top = True
            after += 1
        position = after
    return _Expr(first, position, low, high, lower_only, upper_only, open_top, approximate)


def _range_end(tokens: Sequence[_Token], position: int, between: bool) -> tuple[int, bool] | None:
    """The index of the number that closes a range starting at ``position``, if one does."""
    if position >= len(tokens):
        return None
    joiner = tokens[position]
    joins = (
        joiner.kind == "dash"
        or (joiner.kind == "word" and joiner.lower in lx.RANGE_JOINERS)
        or (joiner.kind == "punct" and joiner.text == "/")
        or (between and joiner.lower == "and")
    )
    if not joins:
        return None
    following = position + 1
    approx = False
    while following < len(tokens) and tokens[following].kind == "bound" and tokens[following].meaning == "approx":
        approx = True
        following += 1
    if following < len(tokens) and tokens[following].kind == "num" and not _is_year_like(tokens, following):
        return following, approx
    return None


def _zero_at(tokens: Sequence[_Token], index: int, floor: int) -> _Expr | None:
    """ "no ships lost", "No artillery", "none": a figure of zero."""
    token = tokens[index]
    if token.kind != "word" or index < floor:
        return None
    word = token.lower
    if word in lx.ZERO_VALUES and (index + 1 == len(tokens) or tokens[index + 1].kind in ("punct", "paren")):
        return _Expr(index, index + 1, Decimal(0), Decimal(0))
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    if word in lx.ZERO_DETERMINERS and following is not None and following.kind == "word" and index == floor:
        return _Expr(index, index + 1, Decimal(0), Decimal(0))
    return None


def _vague_at(tokens: Sequence[_Token], index: int) -> _Expr | None:
    """ "several thousand", "hundreds", "tens of thousands": an amount with no bound."""
    token = tokens[index]
    if token.kind != "word":
        return None
    for size in (4, 3, 2, 1):
        run = tokens[index : index + size]
        if len(run) < size or any(t.kind != "word" for t in run):
            continue
        phrase = " ".join(t.lower for t in run)
        if (phrase in lx.VAGUE_AMOUNTS and size > 1) or phrase in ("hundreds", "thousands", "millions", "dozens"):
            return _Expr(index, index + size, None, None, vague=True)
        if phrase in lx.VAGUE_AMOUNTS and _multiplier(tokens[index + size] if index + size < len(tokens) else None):
            return _Expr(index, index + size + 1, None, None, vague=True)
    return None


# ---------------------------------------------------------------------------
# Units and kinds after a number


_KIND_MAX = max(len(phrase.split()) for phrase in lx.KIND_PHRASES)


@dataclass(frozen=True, slots=True)
class _Words:
    kinds: tuple[str, ...]
    unit: tuple[str, ...]
    notes: tuple[str, ...]
    tail: str


def _kind_at(words: Sequence[str], index: int) -> tuple[str, int] | None:
    for size in range(_KIND_MAX, 0, -1):
        phrase = " ".join(words[index : index + size])
        if len(words[index : index + size]) == size and phrase in lx.KIND_PHRASES:
            return lx.KIND_PHRASES[phrase], size
    return None


def _read_words(tokens: Sequence[_Token], text: str) -> _Words:
    """Kinds, unit words and what is left, from the tokens after a number."""
    kinds: list[str] = []
    unit: list[str] = []
    notes: list[str] = []
    pending_joiner: str | None = None
    after_unit = False
    words = [t.lower.rstrip(".") if t.kind == "word" else "" for t in tokens]
    index = 0
    tail_from: int | None = None
    while index < len(tokens):
        token = tokens[index]
        if token.kind == "paren":
            inner = token.text[1:-1].strip()
            if inner:
                notes.append(inner)
            index += 1
            continue
        if token.kind in ("plus", "punct") and token.text in ("+", "?", "!"):
            index += 1
            continue
        if token.kind == "bound" and token.lower in ("over", "above", "under", "below"):
            tail_from = index
            break
        if token.kind != "word":
            tail_from = index
            break
        word = words[index]
        kind = _kind_at(words, index)
        following = words[index + 1] if index + 1 < len(words) else None
        if kind is not None and not (word == "total" and unit):
            if unit and kinds and not after_unit:
                # "200 captured knights executed": the kind before the noun describes it, the one after is the event
                kinds.clear()
            kinds.append(kind[0])
            after_unit = bool(unit)
            pending_joiner = None
            index += kind[1]
            continue
        if word in lx.KIND_ADVERBS and following is not None and _kind_at(words, index + 1) is not None:
            index += 1
            continue
        if word in lx.UNIT_JOINERS:
            if following is not None and (following not in lx.STOP_WORDS or _kind_at(words, index + 1)):
                pending_joiner = word
                index += 1
                continue
            tail_from = index
            break
        if word in lx.STOP_WORDS and not _in_head_phrase(words, index):
            tail_from = index
            break
        if word.endswith("ly") and len(word) > 4 and word not in lx.UNIT_CLASSES:
            tail_from = index
            break
        if _is_participle(word, following):
            tail_from = index
            break
        if kinds and unit and after_unit:
            tail_from = index
            break
        if pending_joiner and unit:
            unit.append(pending_joiner)
        pending_joiner = None
        unit.append(token.text.rstrip("."))
        index += 1
    tail = text[tokens[tail_from].start :].strip(" ,;:") if tail_from is not None else ""
    return _Words(tuple(kinds), tuple(unit), tuple(notes), tail)


def _in_head_phrase(words: Sequence[str], index: int) -> bool:
    """ "ships of the line", "men of war": the stop word belongs to the unit."""
    rest = " ".join(words[index : index + 3])
    return any(rest.startswith(phrase) for phrase in lx.HEAD_BEFORE) and index > 0


def _is_participle(word: str, following: str | None) -> bool:
    """An -ed word that ends the noun phrase ("advanced on") rather than qualifies a noun ("armoured cruiser")."""
    return (
        word.endswith("ed")
        and word not in lx.UNIT_CLASSES
        and (following is None or following in lx.STOP_WORDS or following in lx.UNIT_JOINERS)
    )


@lru_cache(maxsize=1 << 14)
def singular(word: str) -> str:
    word = word.lower()
    for joint in ("-of-", " of "):
        if joint in word:
            head, _, rest = word.partition(joint)
            return f"{singular(head)}{joint}{rest}"
    if word in ("men", "women"):
        return word[:-2] + "an"
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("men") and len(word) > 4:
        return word[:-3] + "man"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


@lru_cache(maxsize=1 << 14)
def unit_class(unit: str) -> str | None:
    """The class (vessel, equipment, personnel, formation, other) of a unit phrase's head noun, if known."""
    words = [w.strip(".,;:'’") for w in unit.lower().split() if w.strip(".,;:'’")]
    if not words:
        return None
    phrase = " ".join(words)
    for marker in lx.HEAD_BEFORE:
        if f" {marker}" in phrase or f"-{marker}" in phrase:
            head = re.split(rf"[\s-]{re.escape(marker)}", phrase)[0].split()[-1]
            if head in ("man", "men"):
                return lx.VESSEL  # "men of war", "men-of-war"
            return unit_class(head) or lx.PERSONNEL
    # the head is the last word the lexicon knows, tried with its neighbour first ("machine guns")
    candidates = [w for w in words if w not in lx.UNIT_JOINERS]
    for position in range(len(candidates) - 1, -1, -1):
        word = candidates[position]
        if position > 0:
            pair = f"{singular(candidates[position - 1])} {singular(word)}"
            if pair in lx.UNIT_CLASSES:
                return lx.UNIT_CLASSES[pair]
        for form in (word, singular(word)):
            if form in lx.UNIT_CLASSES:
                return lx.UNIT_CLASSES[form]
        if "-" in word:
            parts = [singular(p) for p in word.split("-") if p]
            for part in reversed(parts):
                if part in lx.UNIT_CLASSES and part not in ("man", "men"):
                    return lx.UNIT_CLASSES[part]
        if position == len(candidates) - 1 and word in lx.LOSS_NOUNS:
            continue  # "15 tank losses": the losses are of tanks
    return None


def plural(unit: str) -> str:
    """The unit as the contract wants it: lower case, plural ("1 warship" counts warships)."""
    words = unit.lower().split()
    if not words:
        return unit
    for index, word in enumerate(words):
        if word in ("of", "of-the-line") or word.startswith("of-"):
            words[index - 1] = _plural_word(words[index - 1]) if index else words[index - 1]
            return " ".join(words)
    words[-1] = _plural_word(words[-1])
    return " ".join(words)


def _plural_word(word: str) -> str:
    if "-of-" in word:
        head, _, rest = word.partition("-of-")
        return f"{_plural_word(head)}-of-{rest}"
    if word in lx.UNCOUNTABLE or singular(word) != word or word.endswith(("s", "men", "people")):
        return word
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("ch", "sh", "x")):
        return word + "es"
    if word == "man":
        return "men"
    return word + "s"


def category(kinds: Sequence[str], unit: str, casualties: bool) -> str:
    """The SKOS concept (local name) a figure falls under."""
    counted = unit_class(unit)
    if not casualties:
        if counted == lx.OTHER and any(singular(w) in lx.STRENGTH_STRUCTURES for w in unit.lower().split()):
            return "Equipment"
        return lx.STRENGTH_CATEGORY.get(counted or lx.PERSONNEL, "Personnel")
    people_only = [k for k in kinds if k in lx.PEOPLE_ONLY_KINDS]
    if counted == lx.VESSEL and not people_only:
        for kind in kinds:
            if kind in lx.VESSEL_KINDS:
                return lx.VESSEL_KINDS[kind]
        return "ShipsLost"
    if counted in (lx.EQUIPMENT, lx.OTHER) and not people_only:
        return "OtherQuantity"
    if counted in (None, lx.PERSONNEL, lx.FORMATION) and kinds and set(kinds) <= lx.MATERIEL_KINDS - {"captured"}:
        return "OtherQuantity"  # "5 destroyed", "homes burned": not people
    classes = {lx.PERSONNEL_KINDS.get(kind, "OtherQuantity") for kind in kinds if kind in lx.PERSONNEL_KINDS}
    if not classes:
        return "CasualtiesUnspecified"
    if len(classes) == 1:
        return classes.pop()
    if "OtherQuantity" in classes and len(classes - {"OtherQuantity", "CasualtiesUnspecified"}) <= 1:
        return "OtherQuantity"  # "12,500 deserted or dead"
    return "CasualtiesUnspecified"  # "killed and wounded"


# ---------------------------------------------------------------------------
# Labels


@dataclass(frozen=True, slots=True)
class Label:
    """What a label ("Korea:", "Total:", "U.S. sources:", "Initially:") says of the figures under it."""

    text: str
    group: str | None = None
    qualifier: str | None = None
    source: str | None = None
    total: bool = False
    kinds: tuple[str, ...] = ()
    unit: str = ""


@lru_cache(maxsize=1 << 12)
def read_label(text: str) -> Label:
    words = [w.strip(".,;:()") for w in fold(text).split()]
    words = [w for w in words if w]
    kinds: list[str] = []
    unit_words: list[str] = []
    index = 0
    while index < len(words):
        found = _kind_at(words, index)
        if found is not None and found[0] != "total":
            kinds.append(found[0])
            index += found[1]
            continue
        if singular(words[index]) in lx.UNIT_CLASSES and words[index] not in lx.PHASE_WORDS:
            unit_words.append(words[index])
        index += 1
    total = bool(words) and (words[0] in lx.TOTAL_WORDS or " ".join(words[:2]) in lx.TOTAL_WORDS)
    unit = " ".join(unit_words) if unit_class(" ".join(unit_words)) not in (None, lx.PERSONNEL) else ""
    if any(w in lx.SOURCE_WORDS for w in words):
        return Label(text, source=text, total=total, kinds=tuple(kinds), unit=unit)
    if total or kinds or unit:
        return Label(text, total=total, kinds=tuple(kinds), unit=unit)
    if _DATE_LABEL.search(text) or any(w in lx.PHASE_WORDS for w in words):
        return Label(text, qualifier=text)
    return Label(text, group=text)


_ORDINAL_PHASE = re.compile(r"(?:first|second|third|final|last|\d+(?:st|nd|rd|th)) \w+")
_DATE_LABEL = re.compile(rf"\b\d{{1,2}}\s+{_MONTH}|\b{_MONTH}\s+\d|\b1\d{{3}}\b|\b\d+(?:st|nd|rd|th)\b")


def _as_label(item: str) -> str | None:
    """ "Korea:", "On 1 May 1915", "2 May – 13 July 1915": an item that only heads the ones after it."""
    stripped = item.strip()
    if stripped.endswith(":") and not re.search(r"\d", stripped.rstrip(":").rsplit(" ", 1)[-1]):
        tokens = _tokens(stripped[:-1])
        if not _expressions(tokens):
            return stripped[:-1].strip() or None
    tokens = _tokens(stripped)
    dated = any(t.kind == "date" for t in tokens)
    if dated and all(t.kind in ("date", "punct", "dash") or t.lower in ("on", "from", "to", "by") for t in tokens):
        return stripped.rstrip(":, ")
    return None


def split_inline_label(item: str) -> tuple[str, str] | None:
    """ "Korea: 700–1,000" → ("Korea", "700–1,000"); "No. 2 Column: 525" → ("No. 2 Column", "525")."""
    head, colon, rest = item.partition(":")
    if not colon or not rest.strip() or not head.strip() or len(head) > 80 or "(" in head:
        return None
    if _expressions(_tokens(head)):
        return None  # "30,000: mostly infantry" is a figure, not a label
    return head.strip(), rest.strip()


_TRAILING_LABEL = re.compile(r"^(?P<item>.*\d.*?)\s+(?P<label>[A-Z][^:\d,;()]{0,60}):\s*$")


# ---------------------------------------------------------------------------
# Reading


def parse_quantity(
    text: str, *, casualties: bool, label: Label | str | None = None, source_text: str | None = None
) -> QuantityValue | None:
    """One figure. ``None`` for "Unknown", "?" and empty text."""
    fragment = (source_text or text).strip()
    body = text.strip().lstrip("|*•").strip()
    if not body or body.lower().strip(" .") in lx.UNKNOWN_VALUES:
        return None
    heading = read_label(label) if isinstance(label, str) else label
    subset = False
    for phrase in lx.SUBSET_PHRASES:
        if phrase != "with" and re.match(rf"{re.escape(phrase)}\b", body, re.IGNORECASE):
            subset = True
            body = body[len(phrase) :].strip()
            break
    body = re.sub(r"^(?:with|and|plus|&)\s+", "", body, flags=re.IGNORECASE)
    tokens = _tokens(body)
    exprs = _expressions(tokens)
    if not exprs or exprs[0].vague:
        inside = _figure_in_parens(tokens, casualties, heading, fragment)
        if inside is not None:
            return inside
        return _qualitative(body, tokens, casualties, heading, fragment, subset)
    expr = exprs[0]
    lead = tokens[: expr.first]
    words = _read_words(tokens[expr.last :], body)
    lead_kinds = [kind for t in lead if t.kind == "word" and (kind := lx.KIND_PHRASES.get(t.lower)) is not None]
    kinds = [*lead_kinds, *words.kinds]
    unit_text = " ".join(words.unit)
    if casualties and not kinds and heading is not None:
        kinds = list(heading.kinds)
    if not unit_text and heading is not None and heading.unit:
        unit_text = heading.unit
    notes = list(words.notes)
    source = heading.source if heading is not None else None
    qualifiers = [heading.qualifier] if heading is not None and heading.qualifier else []
    kept_notes: list[str] = []
    for note in notes:
        folded = fold(note)
        if any(w in lx.SOURCE_WORDS for w in folded.split()) and source is None:
            head, _, rest = note.partition(",")
            source = head.strip()
            if rest.strip():
                kept_notes.append(rest.strip())
        elif folded in lx.PHASE_WORDS or _ORDINAL_PHASE.fullmatch(folded):
            qualifiers.append(note)
        else:
            kept_notes.append(note)
    if casualties and not kinds:
        # "30,000-35,270 (heads collected …)": a note may say what was counted
        kinds = [lx.KIND_PHRASES[w] for n in kept_notes for w in fold(n).split() if w in lx.KIND_PHRASES][:1]
    if words.tail:
        qualifiers.append(words.tail)
    low, high, warning = _bounds(expr)
    unit = plural(unit_text) if unit_text else "troops"
    if unit_class(unit_text) == lx.FORMATION and not casualties:
        kinds = ["formation"]
    kind = "_or_".join(dict.fromkeys(kinds)) if kinds else ("total" if casualties else None)
    return QuantityValue(
        text=fragment,
        min=low,
        max=high,
        unit=unit,
        category=category(kinds, unit_text, casualties),
        kind=kind,
        approximate=expr.approximate,
        group=heading.group if heading is not None else None,
        source=source,
        qualifier="; ".join(qualifiers) or None,
        note="; ".join(kept_notes) or None,
        subset=subset,
        total=bool(heading is not None and heading.total),
        warning=warning,
    )


def _bounds(expr: _Expr) -> tuple[int | None, int | None, str | None]:
    """The integer bounds of an expression, or none and the reason, for numbers no battle has."""
    values = [v for v in (expr.low, expr.high) if v is not None]
    for value in values:
        if not value.is_finite() or abs(value) > lx.MAX_FIGURE:
            return None, None, f"a figure beyond {lx.MAX_FIGURE:,} is not a count of anything in a battle"
    low = _integer(expr.low)
    high = _integer(expr.high)
    warning = "a negative figure" if any(v < 0 for v in values) else None
    if expr.lower_only:
        return low, None, warning
    if expr.upper_only:
        return None, high, warning
    if expr.open_top:
        return low, None, warning
    if low is not None and high is not None and high < low:
        low, high = high, low
    return low, high, warning


def _integer(value: Decimal | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value.quantize(Decimal(1), rounding=ROUND_HALF_EVEN))
    except InvalidOperation:  # pragma: no cover - finite values below MAX_FIGURE always quantize
        return None


def _figure_in_parens(
    tokens: Sequence[_Token], casualties: bool, heading: Label | None, fragment: str
) -> QuantityValue | None:
    """ "Heavy (around 25,000)", "(about 20,000 men)": the figure is in the brackets."""
    for token in tokens:
        if token.kind == "paren" and token.text.startswith("(") and _expressions(_tokens(token.text[1:-1])):
            inner = parse_quantity(token.text[1:-1], casualties=casualties, label=heading, source_text=fragment)
            if inner is not None and inner.bounded:
                outside = " ".join(t.text for t in tokens if t is not token).strip(" ,;")
                if outside:
                    return replace(inner, qualifier="; ".join(q for q in (outside, inner.qualifier) if q))
                return inner
    return None


def _qualitative(
    body: str, tokens: Sequence[_Token], casualties: bool, heading: Label | None, fragment: str, subset: bool
) -> QuantityValue:
    """ "Entire garrison", "Significant", "several hundred": a figure with no bounds."""
    words = [t.text.rstrip(".") for t in tokens if t.kind == "word"]
    last = words[-1].lower() if words else ""
    unit = plural(last) if unit_class(last) not in (None,) and last not in ("man",) else "troops"
    kinds = [lx.KIND_PHRASES[w.lower()] for w in words if w.lower() in lx.KIND_PHRASES]
    return QuantityValue(
        text=fragment,
        min=None,
        max=None,
        unit=unit,
        category=category(kinds, unit if unit != "troops" else "", casualties),
        group=heading.group if heading is not None else None,
        source=heading.source if heading is not None else None,
        qualifier=heading.qualifier if heading is not None else None,
        subset=subset,
    )


def is_qualitative(text: str) -> bool:
    """Text that states an amount in words ("Entire garrison", "many civilians") rather than a clause."""
    first = text.strip().split(" ")[0] if text.strip() else ""
    return bool(first) and (first[0].isupper() or first.lower() in lx.QUALITATIVE_WORDS)


# ---------------------------------------------------------------------------
# Items and segments


def segments(item: str) -> list[str]:
    """An item cut before each figure's own words.

    "12 ships (relief) with 700 sailors" and "380 killed and wounded 5 protected
    cruisers damaged" hold two figures each; "50,000–68,000" and "20,000 or 30,000"
    hold one range.
    """
    tokens = _tokens(item)
    exprs = [e for e in _expressions(tokens) if not e.vague]
    cuts: list[int] = []
    for previous, current in itertools.pairwise(exprs):
        start = current.first
        # words that lead into the next figure go with it: "of whom", "with", "Ming:"
        while start - 1 >= previous.last:
            token = tokens[start - 1]
            lowered = token.lower
            if token.kind == "word" and (lowered in lx.CONNECTORS or lowered in ("of", "whom", "which", "including")):
                start -= 1
                continue
            if token.kind == "punct" and token.text in (":", ";"):
                label_start = start - 1
                while label_start - 1 >= previous.last and tokens[label_start - 1].kind == "word":
                    label_start -= 1
                if label_start < start - 1 and tokens[label_start].text[:1].isupper():
                    start = label_start
                break
            break
        cuts.append(tokens[start].start)
    pieces: list[str] = []
    position = 0
    for cut in cuts:
        pieces.append(item[position:cut].strip())
        position = cut
    pieces.append(item[position:].strip())
    return [piece for piece in pieces if piece]


def read_figures(items: Iterable[Item | str], *, casualties: bool) -> list[tuple[Item, QuantityValue]]:
    """The figures of a value's items, each with the item it was read from.

    A label heads the items after it, until the next label.
    """
    out: list[tuple[Item, QuantityValue]] = []
    heading: Label | None = None
    for entry in items:
        source = Item(entry) if isinstance(entry, str) else entry
        item = source.text.strip()
        if not item:
            continue
        own = item.rstrip(": ") if source.label else _as_label(item)
        if own is not None:
            heading = read_label(own)
            continue
        # "133 European Colonial troops Material losses:": a label glued to the end of an item heads the next ones
        trailing = _TRAILING_LABEL.match(item)
        following = read_label(trailing["label"]) if trailing else None
        if trailing:
            item = trailing["item"]
        for segment in segments(item):
            text = segment
            local = heading
            pair = split_inline_label(segment)
            if pair is not None:
                heading = local = read_label(pair[0])
                text = pair[1]
            parsed = parse_quantity(text, casualties=casualties, label=local, source_text=segment)
            if parsed is None:
                continue
            if not parsed.bounded and out and out[-1][1].bounded and not is_qualitative(text):
                # "mostly from disease": a clause the comma cut off the figure before it
                where, previous = out[-1]
                extra = text.strip()
                out[-1] = (where, replace(previous, note=f"{previous.note}; {extra}" if previous.note else extra))
                continue
            out.append((source, _inherit_unit(parsed, out[-1][1] if out else None, casualties)))
            if segment.rstrip().endswith(":") and parsed.bounded and parsed.kind not in (None, "total"):
                # "Total: 1,300+ killed:": the figure heads a breakdown of what it counts
                heading = Label(segment, kinds=tuple(parsed.kind.split("_or_")))
        if following is not None:
            heading = following
    return out


def _inherit_unit(quantity: QuantityValue, previous: QuantityValue | None, casualties: bool) -> QuantityValue:
    """ "30 ships destroyed, 92 damaged", "28 tanks damaged, 2 captured": the second figure counts the same things."""
    if previous is None or quantity.unit != "troops" or not quantity.kind or "troop" in quantity.text.lower():
        return quantity
    kinds = quantity.kind.split("_or_")
    if not set(kinds) <= lx.MATERIEL_KINDS or unit_class(previous.unit) not in (lx.VESSEL, lx.EQUIPMENT, lx.OTHER):
        return quantity
    return replace(quantity, unit=previous.unit, category=category(kinds, previous.unit, casualties))


def parse_quantities(value: str, *, casualties: bool) -> list[QuantityValue]:
    """All figures of one Strength (``casualties=False``) or Casualties value in the plain-text rendering."""
    return [
        figure for _, figure in read_figures(plain_items(value, semicolon_needs_digits=True), casualties=casualties)
    ]
