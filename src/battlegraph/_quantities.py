"""Figures in infobox values: a small tokenizer and grammar over the tables of ``lexicon.py``.

A Strength or Casualties value is read in three steps:

1. **items**: the value is split into items (commas, semicolons, line breaks; the
   wikitext reader gives them ready-made), and an item that only heads the ones
   after it (``Korea:``, ``'''British:'''``, ``On 1 May 1915``) becomes their label;
2. **segments**: an item holding several figures with no comma between them
   ("12 ships (relief) with 700 sailors") is cut before each figure's own words;
3. **figure**: one segment is tokenized and read as
   ``[bound words] number [+] [multiplier] [joiner [bound] number [+] [multiplier]]… [unit and kind words] [tail]``.

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
from decimal import ROUND_HALF_EVEN, Context, Decimal, localcontext
from functools import lru_cache

from . import _lexicon as lx
from ._text import Item, fold, plain_items, split_items

# Arithmetic on figures never raises: a result too large is infinite and an impossible one
# is NaN, both refused as counts with a warning (see _bounds), whatever the text says.
_ARITHMETIC = Context(prec=60, Emax=999_999, Emin=-999_999, traps=[])


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
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+(?![\d])|\d+)(?:\.\d+)?"
_VULGAR = "½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞"


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
    rf"|(?P<frac>\d+\s?⁄\s?\d+|\d*[{_VULGAR}])"
    rf"|(?P<ordinal>\b\d+(?:st|nd|rd|th)\b)"
    # F-86, AMX-13, M47, Mk6, and the German aircraft written with a space (Ju 87, Bf 109): a model, not a count
    r"|(?P<model>(?-i:\bMk\.?\s?[IVX\d]{1,4}[A-Za-z]*\b|\b[A-Z][A-Za-z]{0,2}-?\d{1,4}[A-Za-z]*\b"
    r"|\b(?:Ju|Bf|He|Fw|Me|Do|Hs|Ar|Fi|Ta|Bv|Go|Ha)\s\d{2,3}[A-Za-z]*\b)(?:'s)?"
    r"|\b\d{1,3}-(?:pounder|pound|pdr)s?\b)"  # "2 × 9-pounder guns": a gun's calibre, not a count
    rf"|(?P<bound>{_phrase_pattern(lx.BOUND_PHRASES)})"
    rf"|(?P<num>{_NUMBER}(?P<exp>[eE]\d+|\s?\^\s?\d+|\s?[×x]\s?10\s?\^\s?\d+)?(?P<glued>[kKmM]n?(?![\w]))?)"
    r"|(?P<dash>[–—−‒―-]+)"
    r"|(?P<plus>\+)"
    r"|(?P<word>[^\W\d_](?:[^\W\d_]|['’.-](?=[^\W\d_]))*\.?|&(?=\s))"  # "Germans & Askaris": & is "and"
    r"|(?P<punct>[,;:/&?!.#×])",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # num, word, bound, dash, plus, paren, punct, date, pct, ordinal, frac, model
    text: str
    start: int
    end: int
    value: Decimal | None = None  # num: the number, multipliers glued to it applied
    meaning: str | None = None  # bound: lower, upper or approx

    @property
    def lower(self) -> str:
        return self.text.lower()


@lru_cache(maxsize=1 << 14)
def _tokens(text: str) -> tuple[_Token, ...]:
    """The tokens of a text; cached, since a figure's text is read as an item, a segment and a figure."""
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
    for index, token in enumerate(out):
        # "10.537 (5.889 infantry …)", "1.200 wounded": a dot before each three digits groups thousands,
        # as in much of Europe; no count of people has three decimals. "2.000 million" is two million.
        if token.kind == "num" and _DOT_THOUSANDS.fullmatch(token.text):
            following = out[index + 1] if index + 1 < len(out) else None
            if following is None or following.kind != "word" or following.lower not in lx.MULTIPLIERS:
                out[index] = replace(token, value=Decimal(token.text.replace(".", "")))
    return tuple(_merge_number_words(_fractions(out)))


_DOT_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")


def _decimal(match: re.Match[str]) -> Decimal:
    digits = match["num"][: len(match["num"]) - len(match["exp"] or "") - len(match["glued"] or "")]
    number = Decimal(digits.replace(",", ""))
    exponent = match["exp"]
    if exponent:
        written = re.findall(r"\d+", exponent)[-1]
        if len(written) > 4:  # "1e1000000": no count of anything; kept as infinite, refused with a warning
            return Decimal("Infinity")
        power = int(written)
        if exponent.lstrip().lower().startswith("e") or ("10" in exponent and re.search(r"[×x]", exponent)):
            number = number.scaleb(power)
        else:  # "10^30"
            number = Decimal(1).scaleb(power) if number == 10 else Decimal("Infinity")
    glued = (match["glued"] or "").lower()
    if glued:
        number *= lx.MULTIPLIERS[glued]
    return number


def _fractions(tokens: list[_Token]) -> list[_Token]:
    """ "5/6 archers", "10½ divisions": a share, not a count; "30/50 transports" stays two numbers."""
    out: list[_Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if (
            token.kind == "num"
            and index + 2 < len(tokens)
            and tokens[index + 1].text == "/"
            and tokens[index + 2].kind == "num"
            and tokens[index + 1].start == token.end
            and tokens[index + 2].start == tokens[index + 1].end
            and (token.value or 0) < (tokens[index + 2].value or 0) <= 12
        ):
            out.append(_Token("frac", text_of(tokens[index : index + 3]), token.start, tokens[index + 2].end))
            index += 3
            continue
        if token.kind == "frac" and out and out[-1].kind == "num" and out[-1].end == token.start:
            previous = out.pop()
            out.append(_Token("frac", previous.text + token.text, previous.start, token.end))
            index += 1
            continue
        out.append(token)
        index += 1
    return out


def text_of(tokens: Sequence[_Token]) -> str:
    return "".join(t.text for t in tokens)


_NUMBER_WORD_MAX = max(len(phrase.split()) for phrase in lx.NUMBER_WORDS)


def _merge_number_words(tokens: list[_Token]) -> list[_Token]:
    """ "a hundred", "two", "twenty-five" → number tokens; "several thousand" stays words."""
    out: list[_Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.kind == "word" and out and out[-1].kind == "num" and token.lower in lx.MULTIPLIERS:
            out.append(token)  # "5 hundred men": "hundred" multiplies the number before it
            index += 1
            continue
        if token.kind == "word" and not (out and out[-1].kind == "word" and out[-1].lower in lx.VAGUE_AMOUNTS):
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
# Number expressions: "about 5,000", "3 to 5 thousand", "~9,000 – 20,000+", "14,000, 20,000 or 24,000"


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
    word_one: bool = False  # the number is the word "one" or "a": "One detachment of 10,000"


def _multiplier(token: _Token | None) -> int | None:
    if token is None or token.kind != "word":
        return None
    word = token.lower.rstrip(".")
    if word in lx.GLUED_ONLY_MULTIPLIERS:
        return None
    return lx.MULTIPLIERS.get(word)


def _not_a_count(tokens: Sequence[_Token], index: int) -> bool:
    """A number that dates, names or measures something ("in 1779", "No. 2 Column", "82 mm") rather than counts."""
    token = tokens[index]
    previous = tokens[index - 1] if index > 0 else None
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    if previous is not None and previous.lower in lx.IDENTIFIER_PREFIXES:
        return True
    if (
        previous is not None
        and previous.kind == "word"
        and previous.text[:1].isupper()
        and previous.lower in _NUMBERED_UNITS
        and token.value is not None
        and token.value < 100
        and "," not in token.text
        and not (
            following is not None
            and following.kind == "word"
            and (_lookup(following.lower) is not None or following.lower in lx.KIND_PHRASES)
        )
    ):
        return True  # "Jaeger Battalion 3": the number names the unit ("Task Group 12 destroyers" counts)
    if following is not None and following.kind == "word" and following.lower.rstrip(".") in lx.MEASURES:
        return True
    if previous is not None and previous.kind == "word" and previous.lower in lx.YEAR_PREPOSITIONS:
        return "," not in token.text and len(token.text) == 4 and token.value is not None and token.value <= 2100
    return False


def _expressions(tokens: Sequence[_Token]) -> list[_Expr]:
    exprs: list[_Expr] = []
    index = 0
    floor = 0  # tokens before this belong to the previous expression
    while index < len(tokens):
        token = tokens[index]
        if token.kind == "num" and not _not_a_count(tokens, index):
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


def _scaled(tokens: Sequence[_Token], index: int) -> tuple[Decimal, int, bool]:
    """The number at ``index`` with a multiplier after it applied; the index after it; whether one was."""
    value = tokens[index].value
    assert value is not None
    scale = _multiplier(tokens[index + 1] if index + 1 < len(tokens) else None)
    if (
        scale is not None
        and tokens[index + 1].lower == "mil"
        and index + 2 < len(tokens)
        and tokens[index + 2].kind == "model"
    ):
        scale = None  # "1 Mil Mi-17 shot down": the maker of a model, not a million
    if scale is not None:
        return value * scale, index + 2, True
    return value, index + 1, False


def _expression_at(tokens: Sequence[_Token], index: int, floor: int) -> _Expr:
    first = index
    meanings: list[str] = []
    while first - 1 >= floor and tokens[first - 1].kind == "bound":
        first -= 1
        meanings.append(tokens[first].meaning or "")
    between = first - 1 >= floor and tokens[first - 1].lower == lx.BETWEEN
    if between:
        first -= 1
        while first - 1 >= floor and tokens[first - 1].kind == "bound":  # "estimated between 10,000 and 15,000"
            first -= 1
            meanings.append(tokens[first].meaning or "")
    leading = tokens[index - 1] if index - 1 >= floor else None
    glued = leading is not None and leading.end == tokens[index].start
    negative = (
        leading is not None
        and glued
        and leading.kind == "dash"
        and leading.text in ("-", "−")
        and (index - 1 == 0 or tokens[index - 2].kind in ("punct", "bound"))
    )
    plus_first = leading is not None and glued and leading.kind == "plus" and index - 1 == floor  # "+100 soldiers"
    if negative or plus_first:
        first = min(first, index - 1)
    low, position, low_scaled = _scaled(tokens, index)
    if negative:
        low = -low
    lower_only = "lower" in meanings or plus_first
    upper_only = "upper" in meanings
    approximate = "approx" in meanings
    open_top = False
    high = low
    if position < len(tokens) and tokens[position].kind == "plus":
        lower_only, upper_only = True, False
        position += 1
    values = [low]
    # a range, and ranges or alternatives after it: "7,000–10,000-12,000", "14,000, 20,000 or 24,000"
    while True:
        joined = _range_end(tokens, position, between, alternatives=len(values) > 1 or _list_ahead(tokens, position))
        if joined is None:
            break
        second_index, extra_meaning = joined
        second, after, second_scaled = _scaled(tokens, second_index)
        if len(values) == 1 and second * 10 < low and not _borrows_magnitude(tokens[index], tokens[second_index]):
            break  # "15,000 - 3 Roman legions": a figure and another, not a range
        if second_scaled and not low_scaled and low <= (tokens[second_index].value or 0) and len(values) == 1:
            # "3 to 5 thousand": the multiplier reaches back over a bare smaller number
            values[0] = low = low * (second / (tokens[second_index].value or 1))
        elif len(values) == 1 and _borrows_magnitude(tokens[index], tokens[second_index]):
            values[0] = low = low * 1000  # "15–20,000": the first number borrows the second's thousands
        values.append(second)
        if extra_meaning == "upper":
            upper_only = False
        elif extra_meaning == "approx":
            approximate = True
        if after < len(tokens) and tokens[after].kind == "plus":
            open_top = True
            after += 1
        position = after
        between = False
    if len(values) > 1:
        low, high = min(values), max(values)
        if "upper" in meanings:
            low, upper_only, lower_only = low, True, False  # "<25,000–35,000": at most the top
        elif "lower" in meanings:
            lower_only, upper_only = True, False  # "over 20,000–30,000": at least the bottom
        else:
            lower_only = upper_only = False
    word_one = tokens[index].kind == "num" and tokens[index].lower in ("one", "a", "a single", "single")
    return _Expr(first, position, low, high, lower_only, upper_only, open_top, approximate, word_one=word_one)


def _borrows_magnitude(first: _Token, second: _Token) -> bool:
    """ "15–20,000", "110-201,000": shorthand where the first number leaves out the thousands."""
    if first.value is None or second.value is None or "," in first.text or not second.text.endswith(",000"):
        return False
    return first.value * 1000 <= second.value and first.value * 1000 * 10 > second.value


def _list_ahead(tokens: Sequence[_Token], position: int) -> bool:
    """ "14,000, 20,000 or 24,000": numbers separated by commas that end in "or"."""
    index = position
    seen = False
    while index + 1 < len(tokens) and tokens[index].text == "," and tokens[index + 1].kind == "num":
        index += 2
        seen = True
    return seen and index < len(tokens) and tokens[index].lower == "or"


def _range_end(
    tokens: Sequence[_Token], position: int, between: bool, *, alternatives: bool
) -> tuple[int, str | None] | None:
    """The index of the number that extends a range at ``position``, and a bound word before it, if one does."""
    if position >= len(tokens):
        return None
    joiner = tokens[position]
    joins = (
        joiner.kind == "dash"
        or (joiner.kind == "word" and joiner.lower in lx.RANGE_JOINERS)
        or (joiner.kind == "punct" and joiner.text == "/")
        or (between and joiner.lower == "and")
        or (alternatives and joiner.text == ",")
    )
    if not joins:
        return None
    following = position + 1
    meaning: str | None = None
    while following < len(tokens) and tokens[following].kind == "bound" and tokens[following].meaning != "lower":
        meaning = tokens[following].meaning
        following += 1
    if following < len(tokens) and tokens[following].kind == "num" and not _not_a_count(tokens, following):
        return following, meaning
    return None


def _zero_at(tokens: Sequence[_Token], index: int, floor: int) -> _Expr | None:
    """ "no ships lost", "No artillery", "none": a figure of zero."""
    token = tokens[index]
    if token.kind != "word" or index < floor:
        return None
    word = token.lower.rstrip(".")
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    if word in lx.ZERO_VALUES and (following is None or following.kind in ("punct", "paren")):
        return _Expr(index, index + 1, Decimal(0), Decimal(0))
    if token.lower in lx.ZERO_DETERMINERS and following is not None and following.kind == "word" and index == floor:
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
        following = tokens[index + size] if index + size < len(tokens) else None
        if phrase in lx.VAGUE_AMOUNTS and following is not None and following.lower in lx.SCALE_WORDS:
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
    open_top: bool = False  # "450,240 men+"
    times: bool = False  # "42 x Centurion": a count of machines
    approximate: bool = False  # "40 or so guns"


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
    joiner_at: int | None = None  # where a joiner not yet followed by its noun stands
    after_unit = False
    open_top = times = approximate = False
    words = [t.lower.rstrip(".") if t.kind in ("word", "model") else "" for t in tokens]
    index = 0
    tail_from: int | None = None
    while index < len(tokens):
        token = tokens[index]
        following = words[index + 1] if index + 1 < len(words) else None
        if token.kind == "paren":
            inner = token.text[1:-1].strip()
            if inner:
                notes.append(inner)
            index += 1
            continue
        if token.kind == "plus" or token.text in ("?", "!"):
            open_top = open_top or (token.kind == "plus" and bool(unit) and index + 1 == len(tokens))
            index += 1
            continue
        if token.text in ("x", "×", "X") and not unit and not kinds:
            times = True  # "42 x Sherman", "4x Folland Gnat"
            index += 1
            continue
        if token.kind == "num" and following in lx.CALIBRES:
            unit.extend((token.text, following))  # "18 105 mm howitzers": the calibre is part of the unit
            index += 2
            continue
        if token.kind == "model":
            unit.append(token.text)
            index += 1
            continue
        if words[index] == "or" and following == "so":
            approximate = True  # "40 or so artillery guns"
            index += 2
            continue
        if index == 0 and words[index] in ("or", "and") and following in ("more", "over", "above"):
            open_top = True  # "2,000 or more Georgians", "300 and more killed": a lower bound
            index += 2
            continue
        if token.text == "," and unit and not kinds and _listed_noun_follows(words, index + 1):
            pending_joiner, joiner_at = ",", index  # "troops, sailors and militia"
            index += 1
            continue
        if token.text == "," and kinds and _kind_follows(tokens, words, index + 1):
            # "killed, wounded or captured", "MIA, KIA, & WIA": the list goes on, nothing is dropped
            pending_joiner, joiner_at = ",", index
            index += 1
            continue
        if (
            token.kind == "bound"
            and token.meaning == "approx"
            and index + 1 < len(tokens)
            and tokens[index + 1].kind != "num"
        ):
            approximate = True  # "3,931–5,468 approx. total"
            index += 1
            continue
        if token.kind == "bound" and token.lower in ("over", "above", "under", "below"):
            tail_from = joiner_at if joiner_at is not None else index
            break
        if token.kind == "punct" and token.text in ("&", "/") and following is not None and _kind_at(words, index + 1):
            pending_joiner, joiner_at = token.text, index  # "killed & missing"
            index += 1
            continue
        if token.kind != "word":
            tail_from = joiner_at if joiner_at is not None else index
            break
        word = words[index]
        kind = _kind_at(words, index)
        if kind is not None and not (word == "total" and unit):
            if kinds and ((unit and not after_unit) or (not unit and pending_joiner is None)):
                # "200 captured knights executed", "2,000 prisoners executed": the earlier word describes
                # what was counted, the last one says what befell it
                kinds.clear()
            kinds.append(kind[0])
            after_unit = bool(unit)
            pending_joiner = joiner_at = None
            index += kind[1]
            continue
        if word in lx.KIND_ADVERBS and following is not None and _kind_at(words, index + 1) is not None:
            index += 1
            continue
        if word in lx.UNIT_JOINERS:
            if following is not None and (following not in lx.STOP_WORDS or _kind_at(words, index + 1)):
                pending_joiner, joiner_at = word, index
                index += 1
                continue
            tail_from = index
            break
        phrase = _head_phrase(words, index) if unit else 0
        if phrase:  # "ships of the line": the whole phrase belongs to the unit
            unit.extend(tokens[index + offset].text for offset in range(phrase))
            index += phrase
            continue
        if word in lx.STOP_WORDS:
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
        if pending_joiner == ",":
            unit[-1] += ","
        elif pending_joiner and unit:
            unit.append(pending_joiner)
        pending_joiner = joiner_at = None
        unit.append(_unglued(token.text.rstrip(".")))
        index += 1
    tail = text[tokens[tail_from].start :].strip(" ,;:") if tail_from is not None else ""
    return _Words(tuple(kinds), tuple(unit), tuple(notes), tail, open_top, times, approximate)


def _listed_noun_follows(words: Sequence[str], index: int) -> bool:
    """After a comma: a noun, then "and"/"or" and another noun within a few words."""
    ahead = words[index : index + 5]
    if not ahead or not ahead[0] or ahead[0] in lx.STOP_WORDS or _lookup(ahead[0]) is None:
        return False
    return any(w in ("and", "or") for w in ahead[1:4])


def _kind_list(text: str) -> bool:
    """Nothing but kinds of loss, listed: "wounded or captured", "drowned, or wounded (estimate)"."""
    tokens = _tokens(text)
    words = [t.lower.rstrip(".") if t.kind == "word" else "" for t in tokens]
    index = 0
    found = False
    while index < len(tokens):
        if tokens[index].kind == "paren" and index == len(tokens) - 1:
            break  # a note after the list
        if tokens[index].text in (",", "&", "/") or words[index] in ("or", "and"):
            index += 1
            continue
        kind = _kind_at(words, index)
        if kind is None:
            return False
        found = True
        index += kind[1]
    return found


def _kind_follows(tokens: Sequence[_Token], words: Sequence[str], index: int) -> bool:
    while index < len(tokens) and (tokens[index].text in ("&", "/") or words[index] in lx.UNIT_JOINERS):
        index += 1
    return index < len(tokens) and _kind_at(words, index) is not None


def _split_note(note: str) -> tuple[str, str]:
    """A source note at its first comma that is not a thousands separator ("1,500 by other sources" stays whole)."""
    for match in re.finditer(",", note):
        at = match.start()
        if at > 0 and note[at - 1].isdigit() and re.match(r"\d{3}(?!\d)", note[at + 1 : at + 5]):
            continue
        return note[:at], note[at + 1 :]
    return note, ""


def _head_phrase(words: Sequence[str], index: int) -> int:
    """How many words from ``index`` end a head noun ("ships of the line", "men of war"); 0 when none do."""
    for phrase in lx.HEAD_BEFORE:
        parts = phrase.split()
        if list(words[index : index + len(parts)]) == parts:
            return len(parts)
    return 0


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


def _unglued(word: str) -> str:
    """ "shipsb", "vesselsb": a footnote letter the rendering glued to a known plural."""
    glued = len(word) > 4 and word[-1] in "abcdefgh" and word[-2] == "s"
    if glued and _lookup(word[:-1]) is not None and word.lower() not in lx.UNIT_CLASSES:
        return word[:-1]
    return word


def _lookup(word: str, *, models_last: bool = False) -> str | None:
    """The class of one unit word, tried as written, singular, and with a footnote letter glued on ("shipsb")."""
    forms = [word, singular(word)]
    if word.endswith("ies"):
        forms.append(word[:-1])  # "sorties"
    if word.endswith("es"):
        forms.append(word[:-2])  # "harquebuses"
    if len(word) > 3 and word[-1] in "abcdefgh" and singular(word[:-1]) != word[:-1]:
        forms += [word[:-1], singular(word[:-1])]  # "shipsb", "vesselsb"
    for form in forms:
        if form in lx.UNIT_CLASSES:
            return lx.UNIT_CLASSES[form]
    if _VESSEL_WORD.fullmatch(singular(word)) and singular(word) not in _NOT_VESSELS:
        return lx.VESSEL  # "storeships", "speedboats": a ship or boat of some kind
    if _MODEL.match(word) and not models_last:
        return lx.EQUIPMENT
    return None


_MODEL = re.compile(r"^[a-z]{1,3}-?\d{1,4}[a-z]*(?:'s)?$")
_VESSEL_WORD = re.compile(r"[a-z]{2,}(?:ship|boat)")
_NOT_VESSELS = frozenset(
    {"leadership", "township", "relationship", "friendship", "ownership", "citizenship", "hardship", "worship",
     "championship", "scholarship", "membership", "partnership", "fellowship", "lordship", "kinship", "dictatorship"}
)  # fmt: skip


_SPACED_MODEL = re.compile(r"\b(?:ju|bf|he|fw|me|do|hs|ar|fi|ta|bv|go|ha)\s\d{2,3}[a-z]*\b")


@lru_cache(maxsize=1 << 14)
def unit_class(unit: str) -> str | None:
    """The class (vessel, equipment, personnel, formation, other) of a unit phrase's head noun, if known.

    The head is the last word the lexicon knows in the first of coordinated nouns
    ("chariots and chariot riders" counts chariots), tried with its neighbour first
    ("machine guns"); "ships of the line" and "men-of-war" have their head first.
    """
    words = [w.strip(".,;:'’\"") for w in unit.lower().split() if w.strip(".,;:'’\"")]
    if not words:
        return None
    phrase = " ".join(words)
    if _SPACED_MODEL.search(phrase):
        return lx.EQUIPMENT  # "Fw 190", "Dornier Do 217", "Junkers Ju 87s"
    if words[-1] in ("fighter", "fighters") and any(_lookup(w) == lx.EQUIPMENT for w in words[:-1]):
        return lx.EQUIPMENT  # "Supermarine Spitfire fighters": aircraft, not people who fight
    for marker in lx.HEAD_BEFORE:
        if f" {marker}" in phrase or f"-{marker}" in phrase:
            head = re.split(rf"[\s-]{re.escape(marker)}", phrase)[0].split()[-1]
            if head in ("man", "men"):
                return lx.VESSEL  # "men of war", "men-of-war"
            return unit_class(head) or lx.PERSONNEL
    conjuncts: list[list[str]] = [[]]
    for word in words:
        if word in lx.UNIT_JOINERS:
            conjuncts.append([])
        else:
            conjuncts[-1].append(word)
    for candidates in conjuncts:
        found = _head_class(candidates)
        if found is not None:
            return found
    return None


def _head_class(candidates: Sequence[str]) -> str | None:
    named = _head_class_of(candidates, models_last=True)
    # "submarine chaser UJ-1404": a ship's noun before a designation names the thing; "Marine AH-1W" is a machine
    return named if named in (lx.VESSEL, lx.EQUIPMENT) else _head_class_of(candidates, models_last=False)


def _head_class_of(candidates: Sequence[str], *, models_last: bool) -> str | None:
    for position in range(len(candidates) - 1, -1, -1):
        word = candidates[position]
        if position > 0:
            pair = f"{singular(candidates[position - 1])} {singular(word)}"
            if pair in lx.UNIT_CLASSES:
                return lx.UNIT_CLASSES[pair]
        if position == len(candidates) - 1 and word in lx.LOSS_NOUNS:
            continue  # "15 tank losses": the losses are of tanks
        found = _lookup(word, models_last=models_last)
        if found is not None:
            return found
        if "-" in word:
            parts = [p for p in word.split("-") if p]
            for part in reversed(parts):
                found = _lookup(part, models_last=models_last)
                if found is not None and part not in ("man", "men"):
                    return found
    return None


def _animals(unit: str) -> bool:
    words = [singular(w.strip(".,;:")) for w in unit.lower().split()]
    return bool(words) and (words[-1] in lx.ANIMALS or " ".join(words[-2:]) in lx.ANIMALS)


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
    if not word[-1:].isalpha():
        return word
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("ch", "sh", "x")):
        return word + "es"
    if word == "man":
        return "men"
    return word + "s"


def category(kinds: Sequence[str], unit: str, casualties: bool, *, machines: bool = False) -> str:
    """The SKOS concept (local name) a figure falls under."""
    counted = unit_class(unit) or (lx.EQUIPMENT if machines else None)
    if not casualties:
        if counted == lx.OTHER and any(singular(w) in lx.STRENGTH_STRUCTURES for w in unit.lower().split()):
            return "Equipment"
        return lx.STRENGTH_CATEGORY.get(counted or lx.PERSONNEL, "Personnel")
    if len(kinds) > 1:
        kinds = [k for k in kinds if k != "total"] or list(kinds)  # "2,403 total killed"
    if counted == lx.EQUIPMENT and _animals(unit):
        return "OtherQuantity"  # "2,330 horses killed, injured, or sick"
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
    classes = {lx.PERSONNEL_KINDS.get(kind, "OtherQuantity") for kind in kinds}
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
        if _lookup(words[index]) is not None and words[index] not in lx.PHASE_WORDS:
            unit_words.append(words[index])
        index += 1
    total = bool(words) and (words[0] in lx.TOTAL_WORDS or " ".join(words[:2]) in lx.TOTAL_WORDS)
    unit = " ".join(unit_words) if unit_class(" ".join(unit_words)) not in (None, lx.PERSONNEL) else ""
    if unit and _AUTHORS.fullmatch(text.strip(" :")) and not any(_lookup(w) for w in words[:-1]):
        unit = ""  # "Glantz and House:": two authors, not houses ("Tanks & SPGs:" are machines)
    if any(w in lx.SOURCE_WORDS for w in words):
        return Label(text, source=text, total=total, kinds=tuple(kinds), unit=unit)
    if total or kinds or unit:
        return Label(text, total=total, kinds=tuple(kinds), unit=unit)
    if _DATE_LABEL.search(text) or any(w in lx.PHASE_WORDS for w in words):
        return Label(text, qualifier=text)
    return Label(text, group=text)


_AUTHORS = re.compile(r"[A-Z][\w'’-]+(?:\s+(?:and|&)\s+[A-Z][\w'’-]+)+")
_ORDINAL_PHASE = re.compile(r"(?:first|second|third|final|last|\d+(?:st|nd|rd|th)) \w+")
_DATE_LABEL = re.compile(rf"\b\d{{1,2}}\s+{_MONTH}|\b{_MONTH}\s+\d|\b1\d{{3}}\b|\b\d+(?:st|nd|rd|th)\b")


# "21–30 August:", "3-5 July 1863": days of one month, a period that heads the figures after it
_DAY_RANGE = re.compile(rf"^(?:on\s+|from\s+)?\d{{1,2}}\s*[–—-]\s*\d{{1,2}}\s+{_MONTH}(?:\s+\d{{3,4}})?\s*:?$")


def _as_label(item: str) -> str | None:
    """ "Korea:", "On 1 May 1915", "2 May – 13 July 1915": an item that only heads the ones after it."""
    stripped = item.strip()
    if stripped.endswith(":") and not re.search(r"\d", stripped.rstrip(":").rsplit(" ", 1)[-1]):
        tokens = _tokens(stripped[:-1])
        if not _expressions(tokens):
            return stripped[:-1].strip() or None
    if _DAY_RANGE.match(stripped):
        return stripped.rstrip(":, ")
    tokens = _tokens(stripped)
    dated = any(t.kind == "date" for t in tokens)
    if dated and all(t.kind in ("date", "punct", "dash") or t.lower in ("on", "from", "to", "by") for t in tokens):
        return stripped.rstrip(":, ")
    return None


_YEARS = r"(?:1\d{3}|20\d{2})"  # the years a work is cited by or a label names
_YEAR = re.compile(_YEARS)
_GROUPED_NUMBER = re.compile(r"[~c.]*\s*\d{1,3}(?:,\d{3})+\+?")


def split_inline_label(item: str) -> tuple[str, str] | None:
    """ "Korea: 700–1,000" → ("Korea", "700–1,000"); "1942: 267,327 casualties", "D Coy, 6 RAR: 108 men"."""
    head, colon, rest = item.partition(":")
    if not colon or not rest.strip() or not head.strip() or len(head) > 80 or "(" in head:
        return None
    if _GROUPED_NUMBER.fullmatch(head.strip()):
        return None  # "20,160 :5,237 killed :14,430 wounded": a figure its breakdown follows, never a name
    if _expressions(_tokens(head)):
        # a number in the head is a name or a year when a figure follows the colon
        rest_tokens = _tokens(rest)
        starts = _expressions(rest_tokens)
        years_only = all(_YEAR.fullmatch(t.text) for t in _tokens(head) if t.kind == "num")
        if not starts or starts[0].first != 0 or (len(head.split()) > 6 and not years_only):
            return None  # "30,000: mostly infantry" is a figure, not a label (a long one naming a year is one)
    return head.strip(), rest.strip()


_TRAILING_LABEL = re.compile(r"\s(?P<label>[A-Z][^:\d,;()]{0,60})$")


def _trailing_label(item: str) -> tuple[str, str] | None:
    """ "133 European Colonial troops Material losses:" → ("133 European Colonial troops", "Material losses").

    Only the end of the item is searched, so a long item costs no more than a short one.
    """
    head = item.rstrip()
    if not head.endswith(":"):
        return None
    head = head[:-1]
    found = _TRAILING_LABEL.search(head[-64:])
    if found is None:
        return None
    before = head[: len(head) - len(found["label"])].rstrip()
    return (before, found["label"]) if any(char.isdigit() for char in before) else None


# ---------------------------------------------------------------------------
# Reading


_SUBSET_OPENING = re.compile(
    r"(?:" + "|".join(re.escape(p) for p in lx.SUBSET_PHRASES if p != "with") + r")\b\s*", re.IGNORECASE
)
_CONNECTOR_OPENING = re.compile(r"^(?:with|and|plus|&|\+)\s+", re.IGNORECASE)
_REMARK = re.compile(r"\b(?:was|were|is|are|had|have|since|because|took|likely|probably|though|although)\b", re.I)
_HEDGES = ("mostly", "mainly", "largely", "partly", "some", "including", "of whom", "of which", "many")


def parse_quantity(
    text: str, *, casualties: bool, label: Label | str | None = None, source_text: str | None = None
) -> QuantityValue | None:
    """One figure. ``None`` for "Unknown", "?" and empty text."""
    with localcontext(_ARITHMETIC):
        return _parse_quantity(text, casualties, label, source_text)


def _parse_quantity(
    text: str, casualties: bool, label: Label | str | None, source_text: str | None
) -> QuantityValue | None:
    fragment = (source_text or text).strip()
    body = text.strip().lstrip("|*•").strip()
    if not body or body.lower().strip(" .") in lx.UNKNOWN_VALUES:
        return None
    heading = read_label(label) if isinstance(label, str) else label
    subset = False
    opening = _SUBSET_OPENING.match(body)
    if opening:
        subset = True
        body = body[opening.end() :].strip()
    body = _CONNECTOR_OPENING.sub("", body)
    tokens = _tokens(body)
    exprs = _expressions(tokens)
    if len(exprs) > 1 and exprs[0].word_one and _of_before(tokens, exprs[1]):
        exprs = exprs[1:]  # "One Mongol detachment of about 10,000-12,000": the detachment's size is the figure
    if not exprs or exprs[0].vague:
        inside = _figure_in_parens(tokens, casualties, heading, fragment)
        if inside is not None:
            return inside
        single = _named_one(body, tokens, casualties, heading, fragment)
        if single is not None:
            return single
        if not any(t.kind in ("word", "num") for t in tokens):
            return None  # "(", "+", "–––": markup the rendering left, not an amount
        return _qualitative(body, tokens, casualties, heading, fragment, subset)
    expr = exprs[0]
    lead = tokens[: expr.first]
    words = _read_words(tokens[expr.last :], body)
    expr = _widen(expr, words, tokens)
    after_kinds = list(words.kinds)
    lead_kinds = [kind for t in lead if t.kind == "word" and (kind := lx.KIND_PHRASES.get(t.lower)) is not None]
    kinds = after_kinds or lead_kinds
    unit_text = " ".join(words.unit)
    if not kinds and not unit_text and (_widened_by_tail(words.tail) or _OF_WHOLE.match(words.tail)):
        # "110+ (…) or 10,000 dead and wounded", "1,200 of 3,000 killed": what the figure counts is said
        # after the number that follows it
        tail_tokens = _tokens(words.tail)
        tail_exprs = _expressions(tail_tokens)
        if tail_exprs:
            tail_words = _read_words(tail_tokens[tail_exprs[0].last :], words.tail)
            kinds, unit_text = list(tail_words.kinds), " ".join(tail_words.unit)
    if casualties and not kinds and heading is not None:
        kinds = list(heading.kinds)
    if not unit_text and heading is not None and heading.unit:
        unit_text = heading.unit
    source = heading.source if heading is not None else None
    qualifiers = [heading.qualifier] if heading is not None and heading.qualifier else []
    kept_notes: list[str] = []
    for note in words.notes:
        folded = fold(note)
        named = _as_source(note) if source is None else None
        if named is not None:
            source, rest = named
            if rest:
                kept_notes.append(rest)
        elif folded in lx.PHASE_WORDS or _ORDINAL_PHASE.fullmatch(folded):
            qualifiers.append(note)
        else:
            kept_notes.append(note)
    if casualties and not kinds:
        # "30,000-35,270 (heads collected …)": a note may say what was counted, unless it hedges or breaks down
        plain = [
            n
            for n in kept_notes
            if not re.search(r"\d", n) and not fold(n).startswith(_HEDGES) and not _REMARK.search(n)
        ]  # "(the dead were carried off)" is a remark on the figure, not what it counts
        kinds = [lx.KIND_PHRASES[w] for n in plain for w in fold(n).split() if w in lx.KIND_PHRASES][:1]
    if words.tail and not _widened_by_tail(words.tail):
        qualifiers.append(words.tail)
    low, high, warning = _bounds(expr)
    if words.open_top and low is not None and high == low:
        high = None  # "450,240 men+"
    if [t.lower for t in lead[-2:]] == ["all", "but"]:
        # "All but 40 killed or wounded": the figure is who was left, the losses are not counted
        return _qualitative(body, tokens, casualties, heading, fragment, subset)
    if not casualties and _named_unit(expr, words.unit, lead):
        # "3 Commando, 4 Commando, 10 Commando": a number in a unit's name, no count of anything; "2 Para
        # (about 600 men)": the bracket's figure is the count
        inside = _figure_in_parens(tokens, casualties, heading, fragment)
        return inside if inside is not None else _qualitative(body, tokens, casualties, heading, fragment, subset)
    unit = plural(_drop_times(unit_text)) if unit_text else "troops"
    if unit_class(unit_text) == lx.FORMATION and not casualties:
        kinds = ["formation"]
    kind = "_or_".join(dict.fromkeys(kinds)) if kinds else ("total" if casualties else None)
    return QuantityValue(
        text=fragment,
        min=low,
        max=high,
        unit=unit,
        category=category(kinds, unit_text, casualties, machines=words.times),
        kind=kind,
        approximate=expr.approximate or words.approximate or _estimated(lead, words.notes),
        group=heading.group if heading is not None else None,
        source=source,
        qualifier="; ".join(qualifiers) or None,
        note="; ".join(kept_notes) or None,
        subset=subset,
        # "Total: …" heading it, or "total 13,873": a stated total
        total=bool(heading is not None and heading.total) or _total_before(lead) or _total_after(tokens[expr.last :]),
        warning=warning,
    )


def _estimated(lead: Sequence[_Token], notes: Sequence[str]) -> bool:
    """ "US sources estimate a range of …", "(modern estimates)": an estimate is about right."""
    words = [t.lower for t in lead if t.kind == "word"] + [w for note in notes for w in fold(note).split()]
    return any(w.startswith("estimat") for w in words)


_TIMES = re.compile(r"^[x×]\s+", re.IGNORECASE)


def _drop_times(unit: str) -> str:
    return _TIMES.sub("", unit)


def _of_before(tokens: Sequence[_Token], expr: _Expr) -> bool:
    first = expr.first
    return first > 0 and tokens[first - 1].lower == "of"


_OF_WHOLE = re.compile(r"^of\s+(?:the\s+)?(?:some\s+|about\s+|~)?\d", re.IGNORECASE)
_TAIL_RANGE = re.compile(r"^(?:to|or|–|—|-)\s", re.IGNORECASE)  # "… men or up to 25,000", "… soldiers to 65,000"


def _widened_by_tail(tail: str) -> bool:
    return bool(_TAIL_RANGE.match(tail)) and bool(re.search(r"\d", tail))


def _widen(expr: _Expr, words: _Words, tokens: Sequence[_Token]) -> _Expr:
    """ "31 (up to 135) killed", "120,000 soldiers to 65,000 soldiers", "14,000–15,000 men or up to 25,000"."""
    values = [v for v in (expr.low, expr.high) if v is not None]
    if not values or expr.vague:
        return expr
    extra: list[Decimal] = []
    upper = False
    for note in words.notes:
        match = re.fullmatch(r"\s*(?:up to|to|or)\s+([\d,]+)\s*", note, re.IGNORECASE)
        if match:
            extra.append(Decimal(match[1].replace(",", "")))
    if _widened_by_tail(words.tail):
        tail_tokens = _tokens(words.tail)
        tail_exprs = _expressions(tail_tokens)
        if tail_exprs and tail_exprs[0].first <= 2 and tail_exprs[0].low is not None:
            extra += [v for v in (tail_exprs[0].low, tail_exprs[0].high) if v is not None]
            upper = tail_exprs[0].upper_only
    if not extra:
        return expr
    everything = values + extra
    low, high = min(everything), max(everything)
    if upper and not expr.lower_only:
        return replace(expr, low=low, high=high, upper_only=False, lower_only=False)
    return replace(expr, low=low, high=high, lower_only=False, upper_only=False)


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
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


# a figure's start, perhaps after its bound ("about 3,000 killed")
_FIGURE_START = rf"(?:(?:{_phrase_pattern(lx.BOUND_PHRASES)})\s*)?\d"
_LEADING_FIGURE = re.compile(rf"^\(\s*{_FIGURE_START}", re.IGNORECASE)  # brackets that open with a figure
_LISTED_FIGURE = re.compile(_FIGURE_START, re.IGNORECASE)  # a part of a breakdown


def _figure_in_parens(
    tokens: Sequence[_Token], casualties: bool, heading: Label | None, fragment: str
) -> QuantityValue | None:
    """ "Heavy (around 25,000)", "(about 20,000 men)": the figure leads the brackets of a value that has none."""
    for index, token in enumerate(tokens):
        if _cited_year(tokens, index):
            continue  # "John H. Gill (2016) generalizes casualties": the year of a work, not a figure
        if token.kind == "paren" and token.text.startswith("(") and _LEADING_FIGURE.match(token.text):
            inner = parse_quantity(token.text[1:-1], casualties=casualties, label=heading, source_text=fragment)
            if inner is not None and inner.bounded:
                outside = " ".join(t.text for t in tokens if t is not token).strip(" ,;")
                about = any(t.kind == "bound" and t.meaning == "approx" for t in tokens if t is not token)
                if outside:
                    qualifier = "; ".join(q for q in (outside, inner.qualifier) if q)
                    return replace(inner, qualifier=qualifier, approximate=inner.approximate or about)
                return inner
    return None


_YEAR_IN_BRACKETS = re.compile(rf"\(\s*{_YEARS}[a-z]?\s*\)")


def _cited_year(tokens: Sequence[_Token], index: int) -> bool:
    """ "Gaston Bodart (1908)": a year in brackets right after a name (a capitalised word that is no amount)."""
    token = tokens[index]
    if token.kind != "paren" or not _YEAR_IN_BRACKETS.fullmatch(token.text) or index == 0:
        return False
    before = tokens[index - 1]
    if before.kind != "word" or not before.text[:1].isupper() or unit_class(before.lower.rstrip(".")) is not None:
        return False
    if before.lower.rstrip(".") in lx.QUALITATIVE_WORDS or before.lower.rstrip(".") in lx.KIND_PHRASES:
        return False
    # a name of two words or more ("Gaston Bodart (1908)"), or one a verb follows ("Bodart (1908) notes 25,000")
    earlier = tokens[index - 2] if index >= 2 else None
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    two_names = earlier is not None and earlier.kind == "word" and earlier.text[:1].isupper()
    verb = following is not None and following.kind == "word" and following.text[:1].islower()
    return two_names or verb


_SHIP_PREFIX = re.compile(r"^(?:HMS|USS|SMS|HMAS|HMCS|HMNZS|HNLMS|RMS|SS|INS|PNS|ARA|KRI|ROKS|IJN|HSwMS|FS)\s+[A-Z]")
_PERSON_RANKS = frozenset(
    {"general", "gen.", "admiral", "colonel", "col.", "captain", "capt.", "major", "lieutenant", "commander",
     "sahibzada", "prince", "king", "emperor", "sultan", "marshal", "brigadier", "commodore", "chief"}
)  # fmt: skip


def _named_one(
    body: str, tokens: Sequence[_Token], casualties: bool, heading: Label | None, fragment: str
) -> QuantityValue | None:
    """ "HMS Hood sunk", "Battleship Bismarck", "General Omar captured.": one named ship or person."""
    words = [t for t in tokens if t.kind in ("word", "model")]
    if not words or not words[0].text[:1].isupper():
        return None
    if words[0].lower in lx.VAGUE_AMOUNTS:
        return None  # "Several ships damaged": an amount not given, not one ship named
    kinds = [lx.KIND_PHRASES[w.lower.rstrip(".")] for w in words if w.lower.rstrip(".") in lx.KIND_PHRASES]
    first = words[0].lower
    unit: str | None = None
    named_after = [i for i in range(1, min(len(words), 4)) if words[i].text[:1].isupper()]
    class_words = " ".join(w.lower for w in words[: named_after[0]]) if named_after else ""
    one_class = bool(class_words) and singular(class_words.split()[-1]) == class_words.split()[-1]
    if _SHIP_PREFIX.match(body) or (one_class and unit_class(class_words) == lx.VESSEL):
        unit = "ships"  # "Battleship Bismarck", "Heavy cruiser Prinz Eugen"
    elif casualties and kinds and set(kinds) <= {"sunk", "damaged", "scuttled"}:
        unit = "ships"  # "Bismarck damaged": people are not sunk or damaged
    elif casualties and kinds and first in _PERSON_RANKS and len(words) > 2:
        unit = "people"
    if unit is None:
        return None
    return QuantityValue(
        text=fragment,
        min=1,
        max=1,
        unit=unit,
        category=category(kinds, unit, casualties),
        kind="_or_".join(kinds) if kinds else None,
        group=heading.group if heading is not None else None,
        note=body,
    )


# words that take a number in a unit's name: "3 Commando", "7 Squadron", "2 Para", "45 Commando"
_NUMBERED_UNITS = frozenset(
    {"commando", "squadron", "division", "brigade", "battalion", "para", "wing", "group", "regiment", "flotilla",
     "fleet", "legion", "company", "platoon", "battery"}
)  # fmt: skip


def _named_unit(expr: _Expr, unit: Sequence[str], lead: Sequence[_Token]) -> bool:
    """A whole number from 2 to 999 before one capitalised word that takes a number in a unit's name ("3 Commando",
    "7 Squadron")."""
    if len(unit) != 1 or lead or expr.low is None or expr.low != expr.high or not 1 < expr.low < 1000:
        return False
    word = unit[0]
    lowered = word.lower()
    return word[:1].isupper() and lowered in _NUMBERED_UNITS


def _qualitative(
    body: str, tokens: Sequence[_Token], casualties: bool, heading: Label | None, fragment: str, subset: bool
) -> QuantityValue:
    """ "Entire garrison", "Significant", "several hundred": a figure with no bounds."""
    words = [t.text.rstrip(".") for t in tokens if t.kind == "word"]
    last = words[-1].lower() if words else ""
    unit = plural(last) if unit_class(last) is not None and last not in ("man",) else "troops"
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


def _grouped_figure(tokens: Sequence[_Token], expression: _Expr) -> bool:
    """ "20,160 :5,237 killed": a number grouped in thousands is a count, never a name or a year."""
    numbers = [t for t in tokens[expression.first : expression.last] if t.kind == "num"]
    return len(numbers) == 1 and _GROUPED_NUMBER.fullmatch(numbers[0].text) is not None


def segments(item: str) -> list[str]:
    """An item cut before each figure's own words.

    "12 ships (relief) with 700 sailors" and "380 killed and wounded 5 protected
    cruisers damaged" hold two figures each; "50,000–68,000", "20,000 or 30,000" and
    "120,000 soldiers to 65,000 soldiers" hold one range.
    """
    tokens = _tokens(item)
    exprs = _expressions(tokens)
    cuts: list[int] = []
    for previous, current in itertools.pairwise(exprs):
        start = current.first
        gap = [t for t in tokens[previous.last : current.first] if t.kind not in ("paren",)]
        # "800 ships (Azuma Kagami) or 3,000 (The Tale of the Heike)": two estimates, each with its own bracket
        brackets = [t.text for t in tokens[previous.last : start] if t.kind == "paren"]
        after = tokens[current.last].text if current.last < len(tokens) and tokens[current.last].kind == "paren" else ""
        rivals = (
            bool(gap)
            and gap[-1].lower == "or"
            and bool(brackets)
            and _names_someone(brackets[-1])
            and _names_someone(after)
            and brackets[-1] != after
        )
        joined = bool(gap) and gap[-1].lower in ("to", "or") and not rivals
        if joined or (previous.word_one and _of_before(tokens, current)):
            continue  # one figure: "… men or up to 25,000", "One detachment of 10,000"
        if rivals:
            cuts.append(gap[-1].start)
            continue
        if any(a.lower == "out" and b.lower == "of" for a, b in itertools.pairwise(gap)):
            continue  # "40,000–150,000 civilians killed out of some 300,000": what the figure was drawn from
        if [t.lower for t in gap] == ["of"]:
            continue  # "6,000–7,000 of 10,000": the figure is part of the one after "of", which is no figure here
        if (
            gap
            and gap[-1].text == ":"
            and (previous.word_one or all(t.kind in ("punct", "model") or t.text.isupper() for t in gap))
            and not _grouped_figure(tokens, previous)
        ):
            continue  # a label with a number in it: "1942: …", "D Coy, 6 RAR: …", "One commander claims: …"
        # words that lead into the next figure go with it: "of whom", "with", "Ming:"
        while start - 1 >= previous.last:
            token = tokens[start - 1]
            lowered = token.lower
            if (token.kind == "word" and lowered in (*lx.CONNECTORS, "of", "whom", "which", "including")) or (
                token.kind == "plus" and token.end < tokens[start].start
            ):
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
    with localcontext(_ARITHMETIC):
        return _read_figures(items, casualties)


def _list_closes(text: str, after: list[str]) -> bool:
    """Whether a list of kinds, ``text`` and the lists of kinds after it, ends with an "or"/"and" before
    anything else comes."""
    if _JOINED_KIND.search(text):
        return True
    for item in after:
        if _JOINED_KIND.search(item) or _CLOSING_KIND.match(item):
            return True
        if not _kind_list(item):
            return False
    return False


_CITATION = re.compile(rf"[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+)*,?\s+{_YEARS}[a-z]?")


def _names_someone(bracket: str) -> bool:
    """ "(Azuma Kagami)", "(according to Livy)", "(Bodart 1908)": a bracket that names who gives a figure, not
    "(est.)" or "(low estimate)"."""
    inner = bracket.strip("() ")
    if not inner:
        return False
    named = any(word[:1].isupper() for word in inner.split()) and not re.search(r"\d", inner)
    return named or bool(_CITATION.fullmatch(inner))


_JOINED_KIND = re.compile(r"(?:^|\s)(?:or|and|&|and/or)\s", re.IGNORECASE)
_CLOSING_KIND = re.compile(r"\s*(?:or|and|&|and/or)\s+[a-z]", re.IGNORECASE)  # "…, or drowned"
_RIVAL = re.compile(r"^\s*or\s+(?:\S+\s+)?\d", re.IGNORECASE)


# a figure with no noun, perhaps a bracket after it: "730", "200 (est.)"
_BARE_FIGURE = re.compile(r"^\s*(?:~|c\.|ca\.)?\s*\d[\d,]*\+?\s*(?:\([^()]*\))?\s*$")


def _joined_alternatives(items: Iterable[Item | str]) -> list[Item]:
    """ "730, or, 1,071 killed": an "or" the commas cut out joins the figures on either side again."""
    out: list[Item] = []
    pending = False
    for entry in items:
        item = Item(entry) if isinstance(entry, str) else entry
        text = item.text.strip()
        if text.lower() in ("or", "to") and out and _BARE_FIGURE.match(out[-1].text) and not out[-1].label:
            out[-1] = replace(out[-1], text=f"{out[-1].text.strip()} {text.lower()}")
            pending = True
            continue
        if pending and re.match(r"^\s*(?:[~c.]+\s*)?\d", text) and not item.label:
            out[-1] = replace(out[-1], text=f"{out[-1].text} {text}")
        else:
            out.append(item)
        pending = False
    return out


def _read_figures(items: Iterable[Item | str], casualties: bool) -> list[tuple[Item, QuantityValue]]:
    out: list[tuple[Item, QuantityValue]] = []
    heading: Label | None = None
    last: tuple[str, Label | None, str] | None = None  # the text, label and segment of the last figure
    produced = False  # whether the item before gave (or added to) the last figure
    listed = _joined_alternatives(items)
    for position, source in enumerate(listed):
        item = source.text.strip()
        if not item:
            continue
        fresh, produced = produced, False
        own = item.rstrip(": ") if source.label else _as_label(item)
        if own is not None:
            heading = read_label(own)
            continue
        # "133 European Colonial troops Material losses:": a label glued to the end of an item heads the next ones
        trailing = _trailing_label(item)
        following = read_label(trailing[1]) if trailing else None
        if trailing:
            item = trailing[0]
        broken = _breakdown(item, casualties, heading)
        if broken is not None:
            item = broken[0]  # the figure the parts break down: read as usual, the parts after it
        local = heading
        pieces = segments(item) if item else []
        for at, segment in enumerate(pieces):
            text = segment
            local = heading
            pair = split_inline_label(segment)
            if pair is not None:
                heading = local = read_label(pair[0])
                text = pair[1]
            parsed = parse_quantity(text, casualties=casualties, label=local, source_text=segment)
            if parsed is None:
                bracketed = text.strip()
                if (fresh or produced) and out and bracketed.startswith("(") and bracketed.endswith(")"):
                    # "40,000<br>(according to Curtius Rufus)": on a line of its own, still the figure's
                    # (never across a label or an item that gave no figure)
                    inner = bracketed[1:-1].strip(" ?+")
                    if inner:
                        out[-1] = (out[-1][0], _with_note(out[-1][1], inner))
                        produced = True
                continue
            if not parsed.bounded and out and out[-1][1].bounded and not is_qualitative(text):
                where, previous = out[-1]
                # a list of kinds ends with its "or"/"and" ("killed, wounded, missing, or captured"): in "50 killed,
                # wounded" the wounded lost their number
                kinds_go_on = casualties and previous.kind not in (None, "total") and _kind_list(text)
                kinds_go_on = kinds_go_on and _list_closes(
                    text, [entry.text for entry in listed[position + 1 : position + 6]]
                )
                if last is not None and kinds_go_on:
                    # "28,000–35,000 killed, wounded or captured": the comma cut the list of what was counted
                    last_text, last_label, last_segment = last
                    whole = (f"{last_text}, {text.strip()}", last_label, f"{last_segment.strip()}, {segment.strip()}")
                    joined = parse_quantity(whole[0], casualties=True, label=last_label, source_text=whole[2])
                    if joined is not None and joined.bounded:
                        earlier = out[-2][1] if len(out) > 1 else None
                        joined = replace(
                            joined, source=joined.source or previous.source, note=joined.note or previous.note
                        )
                        out[-1] = (where, _inherit_unit(joined, earlier, casualties))
                        last = whole
                        produced = True
                        continue
                # "mostly from disease": a clause the comma cut off the figure before it
                out[-1] = (where, _noted(previous, text.strip()))
                produced = True
                continue
            if out and out[-1][0] is source and _RIVAL.match(text):
                # "800 ships (Azuma Kagami) or 3,000 (The Tale of the Heike)": rival counts of the same things,
                # each bracket naming who gives it, so that they are alternatives and never added up
                before = out[-1][1]
                if parsed.unit == "troops" and (parsed.kind in (None, "total") or parsed.kind == before.kind):
                    parsed = replace(parsed, unit=before.unit, category=before.category, kind=before.kind)
                if parsed.note and not parsed.source:
                    parsed = replace(parsed, source=parsed.note, note=None)
                if before.note and not before.source:
                    out[-1] = (out[-1][0], replace(before, source=before.note, note=None))
            out.append((source, _inherit_unit(parsed, out[-1][1] if out else None, casualties)))
            men = _men_of_formations(parsed, casualties, local)
            if men is not None:
                # "40+ infantry divisions (573,000 men)": the men the divisions hold are a figure of their own
                out[-1] = (source, replace(parsed, note=None))
                out.append((source, men))
            last = (text, local, segment)
            produced = True
            ends_item = at == len(pieces) - 1  # "5,237 killed :14,430 wounded": a colon between figures joins them
            if ends_item and segment.rstrip().endswith(":") and parsed.bounded and parsed.kind not in (None, "total"):
                # "Total: 1,300+ killed:": the figure heads a breakdown of what it counts
                heading = Label(segment, kinds=tuple(parsed.kind.split("_or_")))
        if broken is not None:
            broken_down = bool(out)  # parts of the figure before; alone, figures of their own
            parent = out[-1][1] if out else None
            # read under the label the whole was read under ("British: 13,047 (…)")
            read = [parse_quantity(text, casualties=casualties, label=local, source_text=text) for text in broken[1]]
            parts = [part for part in read if part is not None]
            # "4 helicopters (1 Chinook, 3 Sea King)" are helicopters; "12 galleys (1,500 Venetians, 800 Genoese)"
            # are people aboard; a whole with no upper bound ("4+ helicopters") holds any parts
            added = sum(part.min if part.min is not None else (part.max or 0) for part in parts)
            parts_fit = parent is not None and parent.bounded and (parent.max is None or added <= parent.max)
            for part in parts:
                if casualties and parent is not None and part.kind in (None, "total") and parent.kind not in (
                    None, "total",
                ):  # fmt: skip
                    # "7 captured (2 women, 5 children)": the parts befell what befell the whole
                    kinds = parent.kind.split("_or_")
                    part = replace(part, kind=parent.kind, category=category(kinds, part.unit, True))
                if not casualties and parent is not None and unit_class(part.unit) is None and parts_fit:
                    # "4 helicopters (1 Chinook, 3 Sea King)": parts of unknown names are what the whole is
                    part = replace(part, category=parent.category)
                figure = _inherit_unit(part, out[-1][1] if out else None, casualties)
                out.append((source, replace(figure, subset=broken_down)))
                produced = True
            last = None
        if following is not None:
            heading = following
    return _fighting_machines(_distribute_kinds(_parts_that_add_up(out, casualties), casualties), casualties)


def _fighting_machines(figures: list[tuple[Item, QuantityValue]], casualties: bool) -> list[tuple[Item, QuantityValue]]:
    """ "70 fighters, 180 bombers": fighters beside aircraft are aircraft, not people who fight."""
    aircraft = any(singular(f.unit.split()[-1]) in _AIRCRAFT for _, f in figures if f.unit)
    if not aircraft:
        return figures
    out = []
    for item, figure in figures:
        words = figure.unit.split()
        people_kind = figure.kind not in (None, "total") and set(figure.kind.split("_or_")) & lx.PEOPLE_ONLY_KINDS
        if words[-1:] == ["fighters"] and not any(unit_class(word) for word in words[:-1]) and not people_kind:
            figure = replace(
                figure, category=category(figure.kind.split("_or_") if figure.kind else [], "aircraft", casualties)
            )
        out.append((item, figure))
    return out


# beside these, "fighters" are aircraft ("70 fighters, 180 bombers"); beside helicopters they may be militants
_AIRCRAFT = frozenset({"bomber", "aircraft", "airplane", "aeroplane", "plane", "seaplane", "dive bomber"})


def _parts_that_add_up(figures: list[tuple[Item, QuantityValue]], casualties: bool) -> list[tuple[Item, QuantityValue]]:
    """ "23,000 ----16,000 infantry, 7,000 cavalry", "4,227:, 2,225 Argentine casualties, 2,002 Brazilian
    casualties": two or more figures right after a whole that add up to it exactly are its parts.

    The whole is a headcount (strength) or losses of no one kind (casualties): "1,000 killed,
    500 wounded, 500 captured" adds up too, and is no breakdown. A range heading a list
    ("26,000 to 29,790:, 24,500 infantry, 4,500 cavalry") is broken down by figures whose sum
    falls within it. A whole that "Total:" heads ("Total: 86,400 | 55,000 infantry | 6,400
    cavalry | 10,000 allied garrison", "Total: 89 ships, 4 battleships, 27 cruisers, …") is broken
    down by the figures of its kind the label goes on to head, each naming what it counts, when
    they come to no more than it. Parts of a stated total are no totals of their own.
    """
    out = list(figures)
    index = 0
    while index < len(out):
        end = _parts_end(out, index, casualties)
        if end is None:
            index += 1
            continue
        whole = out[index][1]
        for at in range(index + 1, end):
            out[at] = (out[at][0], replace(out[at][1], subset=True, total=out[at][1].total and not whole.total))
        index = end
    return out


def _parts_end(out: list[tuple[Item, QuantityValue]], index: int, casualties: bool) -> int | None:
    """Where the parts of the figure at ``index`` end, if figures after it are its parts."""
    whole = out[index][1]
    low, high = whole.min, whole.max
    heads_list = whole.text.rstrip().endswith(":")
    # a whole with no noun ("2,850, 2,350 infantry, …") or one that heads a list ("65,000 men:, …"):
    # "4,000 infantry, 2,000 cavalry, 2,000 archers" adds up too, and is three arms
    heads = whole.unit == "troops" or heads_list or whole.total
    kind_fits = whole.kind in (None, "total") if casualties else whole.category in ("Personnel", "Ships")
    if low is None or high is None or whole.subset or not heads or not kind_fits or (low != high and not heads_list):
        return None
    stated = whole.total and not casualties
    added = 0
    end = index + 1
    named = True  # whether every part so far says what it counts, with no source of its own
    while end < len(out) and added < low:
        part = out[end][1]
        # a part of a headcount is people; a part of losses a loss of people, of any kind
        same_kind = part.category == whole.category or (casualties and part.category in lx.PERSONNEL_KINDS.values())
        if (
            part.subset
            or part.min is None
            or part.min != part.max
            or not same_kind
            or part.group != whole.group
            or added + part.min > high
            or (part.qualifier is not None and fold(part.qualifier) in lx.PHASE_WORDS)  # "20,000 (initial)"
        ):
            break  # "France: 20,000, Spain: 12,000, Portugal: 8,000": each its own
        named = named and _names_a_part(part, whole)
        added += part.min
        end += 1
    if end - index < 3:
        return None
    if low <= added <= high:
        return end
    # under "Total:" the parts are all the label heads there, and may leave some of the whole out
    ends_run = end == len(out) or not out[end][1].total or out[end][1].category != whole.category
    return end if stated and named and ends_run else None


def _names_a_part(part: QuantityValue, whole: QuantityValue) -> bool:
    """A figure "Total:" heads after its own is a part when it says what it counts and no source gives it
    ("55,000 infantry"; not "50,000" or "70,000 (Polybius)", rival counts of the whole)."""
    return part.total and part.unit not in ("troops", whole.unit) and not part.source


def _total_after(rest: Sequence[_Token]) -> bool:
    """ "17,843 total", "633 total": the word right after the number says it is the total of those before it."""
    words = [t for t in rest if t.kind != "paren"]
    return len(words) == 1 and words[0].lower == "total"


def _total_before(lead: Sequence[_Token]) -> bool:
    """ "total 13,873", "in total 5,000": the word right before the number says it is a total
    ("Combined Fleet 4 carriers" and "Overall 12,000 men" name or describe, they do not)."""
    return bool(lead) and lead[-1].kind == "word" and lead[-1].lower == "total"


def _as_source(note: str) -> tuple[str, str] | None:
    """ "according to Arrian, a modern view" → (the source, the rest of the note); ``None`` when
    the note names no source."""
    if not any(w in lx.SOURCE_WORDS for w in fold(note).split()):
        return None
    head, rest = _split_note(note)
    return head.strip(), rest.strip()


def _noted(figure: QuantityValue, note: str) -> QuantityValue:
    return replace(figure, note=f"{figure.note}; {note}" if figure.note else note)


def _with_note(figure: QuantityValue, note: str) -> QuantityValue:
    """The figure with a note that stood apart from it: its source when the note names one."""
    named = _as_source(note) if figure.source is None else None
    if named is not None:
        figure = replace(figure, source=named[0])
        note = named[1]
    return _noted(figure, note) if note else figure


_BREAKDOWN = re.compile(r"\((?P<inner>[^()]*\d[^()]*[,;][^()]*\d[^()]*)\)\s*$")


def _men_of_formations(figure: QuantityValue, casualties: bool, heading: Label | None) -> QuantityValue | None:
    if casualties or figure.kind != "formation" or not figure.note or not _LISTED_FIGURE.match(figure.note):
        return None
    men = parse_quantity(figure.note, casualties=False, label=heading, source_text=figure.note)
    if men is None or not men.bounded or men.kind == "formation" or men.category != "Personnel" or men.note:
        return None
    return men


def _breakdown(item: str, casualties: bool, heading: Label | None) -> tuple[str, list[str]] | None:
    """ "13,047 (1,754 killed, 8,408 wounded, 2,885 captured/missing)": the figure before the
    brackets, and each figure listed in them, parts of it (or of the figure before, when the
    brackets stand alone). ``None`` unless every part of the list is a figure of its own."""
    match = _BREAKDOWN.search(item)
    if match is None:
        return None
    texts = split_items(match.group("inner"))
    if len(texts) < 2:
        return None
    parts = []
    for text in texts:
        if not _LISTED_FIGURE.match(text):
            return None  # "(including 2,000 mercenaries, who stayed loyal)": a note, not a list of figures
        parsed = parse_quantity(text, casualties=casualties, label=heading, source_text=text)
        if parsed is None or not parsed.bounded or parsed.kind == "formation":
            return None  # "(1 armored brigade, 2 artillery battalions)": units named, not parts of a count
        if not any(t.kind == "word" for t in _tokens(text)):
            return None  # "10,000 (1914, 1915)", "40 ships (12, 28)": bare numbers say not what they count
        parts.append(text)
    return item[: match.start()].strip(" ,;"), parts


def _distribute_kinds(figures: list[tuple[Item, QuantityValue]], casualties: bool) -> list[tuple[Item, QuantityValue]]:
    """ "1 aircraft carrier, 2 battleships, 1 submarine damaged": the kind ending a list of ships is all of theirs."""
    if not casualties:
        return figures
    out = list(figures)
    for index in range(len(out) - 1, 0, -1):
        _, last = out[index]
        own_class = unit_class(last.unit)
        if own_class not in (lx.VESSEL, lx.EQUIPMENT) or last.kind in (None, "total") or last.unit == "troops":
            continue
        before = index - 1
        while before >= 0:
            item, figure = out[before]
            if (
                figure.kind not in (None, "total")
                or unit_class(figure.unit) != own_class
                or _animals(figure.unit) != _animals(last.unit)  # "72 artillery pieces, 2,330 horses killed"
                or not figure.bounded
            ):
                break
            kinds = last.kind.split("_or_")
            out[before] = (item, replace(figure, kind=last.kind, category=category(kinds, figure.unit, True)))
            before -= 1
    return out


def _inherit_unit(quantity: QuantityValue, previous: QuantityValue | None, casualties: bool) -> QuantityValue:
    """ "30 ships destroyed, 92 damaged", "28 tanks damaged, 2 captured", "14 ships, 6 others": the same things."""
    if previous is None or unit_class(previous.unit) not in (lx.VESSEL, lx.EQUIPMENT, lx.OTHER):
        return quantity
    kinds = quantity.kind.split("_or_") if quantity.kind else []
    if quantity.unit in ("others", "other", "more") or (
        quantity.unit == "troops"
        and kinds
        and set(kinds) <= lx.MATERIEL_KINDS
        and "troop" not in quantity.text
        and "prisoner" not in quantity.text.lower()  # "13 ships sunk, 3,000 prisoners": people
    ):
        unit = previous.unit
    else:
        return quantity
    return replace(quantity, unit=unit, category=category(kinds, unit, casualties))


def parse_quantities(value: str, *, casualties: bool) -> list[QuantityValue]:
    """All figures of one Strength (``casualties=False``) or Casualties value in the plain-text rendering."""
    items = plain_items(value, semicolon_needs_digits=True)
    return [figure for _, figure in read_figures(items, casualties=casualties)]
