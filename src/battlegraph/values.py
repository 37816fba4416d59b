"""The little grammars of infobox values: lists, group labels, fates and quantities.

Everything here works on one value string and knows nothing of articles or RDF.
The rendering loses the structure of the wiki templates, so these functions
recover it from what survives: commas and semicolons between items, ``Label:``
items that head a group, ``KIA`` glued to a name, numbers with their bounds.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# ---------------------------------------------------------------------------
# Cleaning and splitting


_BR = re.compile(r"<\s*br\s*/?\s*>", re.IGNORECASE)
_REF = re.compile(r"<ref[^>]*/>|<ref[^>]*>.*?</ref>", re.IGNORECASE | re.DOTALL)
# Only the presentational tags the rendering leaks; anything else (a name that really
# contains "<script>") stays text, to be escaped by whoever displays it.
_TAGS = re.compile(r"</?(?:small|big|sup|sub|span|div|b|i|u|s|center|nowiki|abbr|font)\b[^>]*>", re.IGNORECASE)
_IMAGE = re.compile(r"\[\[(?:File|Image):[^\]]*\]\]|\b(?:File|Image):[^,|]*?\.(?:svg|png|jpe?g|gif)\b", re.IGNORECASE)
_PIXELS = re.compile(r"(?<![\w,])\d{1,3}\s?px\b", re.IGNORECASE)
_FOOTNOTE = re.compile(r"\[(?:\d{1,3}|[a-z]|note \d+|nb \d+|citation needed|clarification needed)\]", re.IGNORECASE)
_EMPTY_PARENS = re.compile(r"\(\s*[,;]?\s*\)")
_TEMPLATE_PARAM = re.compile(r"\|\s*[a-z][a-z0-9_ -]*=.*$", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")


def clean(text: str) -> str:
    """Remove the markup residue the rendering leaves in a value."""
    text = unicodedata.normalize("NFC", text)
    text = _REF.sub("", text)
    text = _BR.sub(", ", text)
    text = _TAGS.sub("", text)
    text = _IMAGE.sub("", text)
    text = _PIXELS.sub("", text)
    text = _FOOTNOTE.sub("", text)
    text = _TEMPLATE_PARAM.sub("", text)  # "| ibox-order = ko1, zh": a template's own parameter
    text = _EMPTY_PARENS.sub("", text)
    text = text.replace("•", ",").replace("|", ",")
    text = _SPACES.sub(" ", text)
    text = re.sub(r"\s+([,;])", r"\1", text)
    return text.strip(" ,;")


def split_items(text: str, *, semicolon_needs_digits: bool = False) -> list[str]:
    """Split a cleaned value at commas and semicolons outside brackets.

    A comma between digits with three after it is a thousands separator. When
    ``semicolon_needs_digits`` is set, a semicolon splits only if both sides hold a
    number: in casualty lists it more often joins two source names than two figures.
    """
    items: list[str] = []
    depth = 0
    start = 0
    for index, char in enumerate(text):
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth = max(0, depth - 1)
        elif depth == 0 and char == ",":
            if index > 0 and text[index - 1].isdigit() and re.match(r"\d{3}(?!\d)", text[index + 1 : index + 5]):
                continue
            items.append(text[start:index])
            start = index + 1
        elif depth == 0 and char == ";":
            if semicolon_needs_digits:
                before = text[start:index]
                after = re.split(r"[,;]", text[index + 1 :], maxsplit=1)[0]
                if not (re.search(r"\d", before) and re.search(r"\d", after)):
                    continue
            items.append(text[start:index])
            start = index + 1
    items.append(text[start:])
    return [item.strip() for item in items if item.strip(" ,;.")]


# ---------------------------------------------------------------------------
# Names, labels and fates

FATES = ("KIA", "WIA", "POW", "DOW", "MIA")
_FATE_WORDS = {
    "killed": "KIA",
    "killed in action": "KIA",
    "kia": "KIA",
    "wounded": "WIA",
    "wia": "WIA",
    "captured": "POW",
    "pow": "POW",
    "prisoner": "POW",
    "taken prisoner": "POW",
    "died of wounds": "DOW",
    "dow": "DOW",
    "mia": "MIA",
    "missing": "MIA",
}
# Glued to anything but a capital ("Kim Si-minKIA", "宇喜多秀家KIA", "O'Brien \"the Bold\"KIA"); after
# capitals the letters are more likely the end of the name itself ("NAKIA").
_GLUED_FATE = re.compile(r"(?:(?<=[^\sA-Z])|\s+)\(?(?P<mark>KIA|WIA|POW|DOW|MIA)\)?$")
_DAGGER = re.compile(r"\s*[†‡✝]\s*$")
_TRAILING_NOTE = re.compile(r"\s*\((?P<note>[^()]*)\)\s*$")
# Flag-icon residue: a three- or four-letter code before the name ("VOC Hans Putmans").
_FLAG_CODE = re.compile(r"^(?P<code>[A-Z]{3,4})\s+(?=[A-Z][a-z])")
_NOT_FLAG_CODES = {"USS", "HMS", "SMS", "HMAS", "HMCS", "HNLMS", "RMS", "SS", "NATO", "ROK", "KMT"}
_PARTICLES = {
    "of", "the", "and", "de", "du", "da", "di", "del", "della", "der", "den", "van", "von",
    "no", "al", "el", "bin", "ibn", "y", "la", "le", "e", "zu", "d'", "ap", "af", "te", "ten", "ter",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Entry:
    """One person or belligerent from a Combatant or Commander list."""

    name: str
    group: str | None = None
    fate: str | None = None
    role: str | None = None
    note: str | None = None


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


def looks_like_name(text: str) -> bool:
    """True when every word but name particles starts with a capital (or is not a word)."""
    words = re.findall(r"[^\s]+", text)
    if not words:
        return False
    for word in words:
        if word.lower() in _PARTICLES:
            continue
        first = next((c for c in word if c.isalpha()), None)
        if first is not None and first.islower():
            return False
    return True


def split_fate(text: str) -> tuple[str, str | None, str | None]:
    """``"Kim Si-minKIA (died of wounds)"`` → (name, fate, note).

    A mark glued to the name (``KIA``) wins over a parenthetical that reads as a fate
    ("(captured)"); a parenthetical that is not used as the fate is kept as the note.
    """
    mark: str | None = None
    noted: list[tuple[str, str | None]] = []  # parenthetical text, the fate it reads as
    name = text.strip()
    for _ in range(4):  # marks and notes can stack: "NameKIA (note)", "Name (KIA)"
        paren = _TRAILING_NOTE.search(name)
        if paren:
            inner = paren["note"].strip()
            if inner:
                noted.insert(0, (inner, _FATE_WORDS.get(inner.lower())))
            name = name[: paren.start()].rstrip()
            continue
        glued = _GLUED_FATE.search(name)
        if glued:
            mark = mark or glued["mark"]
            name = name[: glued.start()].rstrip()
            continue
        if _DAGGER.search(name):
            mark = mark or "KIA"
            name = _DAGGER.sub("", name)
            continue
        break
    fate = mark
    notes: list[str] = []
    for inner, reads_as in noted:
        if fate is None and reads_as is not None:
            fate = reads_as
        elif reads_as is None or reads_as != fate:
            notes.append(inner)
    return name.strip(" ,;:"), fate, "; ".join(notes) or None


def strip_flag_code(text: str) -> str:
    match = _FLAG_CODE.match(text)
    if match and match["code"] not in _NOT_FLAG_CODES:
        return text[match.end() :]
    return text


def standalone_label(item: str) -> str | None:
    """``"Korea:"`` → ``"Korea"``: an item that only heads the items after it."""
    item = item.strip()
    if item.endswith(":") and not re.search(r"\d", item):
        label = item[:-1].strip()
        return label or None
    return None


def split_label(item: str) -> tuple[str, str] | None:
    """``"Korea: Joseon Dynasty"`` → ("Korea", "Joseon Dynasty"), when there is a colon."""
    match = re.match(r"^(?P<label>[^:()\d]{1,80}?)\s*:\s*(?P<rest>\S.*)$", item)
    if not match:
        return None
    return match["label"].strip(), match["rest"].strip()


def parse_entries(
    value: str,
    *,
    people: bool,
    labels: set[str] | None = None,
) -> list[Entry]:
    """The people (``people=True``) or belligerents of one Commander or Combatant value.

    ``labels`` are folded names known to head groups on this side (its combatants,
    labels used in its other fields), so that a label written without a colon
    ("Korea, Yi Bok-nam, …") is still read as a label.
    """
    known = labels or set()
    entries: list[Entry] = []
    group: str | None = None
    for raw in split_items(clean(value)):
        item = strip_flag_code(raw.strip())
        label = standalone_label(item)
        if label is not None:
            group = label
            continue
        if people and _is_bare_label(item, known):
            group = item
            continue
        role: str | None = None
        entry_group = group
        pair = split_label(item)
        if pair is not None:
            head, tail = pair
            if _heads_group(head, tail, known, people):
                group = entry_group = head
                item = tail
            else:
                item, role = head, tail
        name, fate, note = split_fate(strip_flag_code(item))
        name = name.strip(" '\"") if name.count('"') % 2 else name
        if not name or not re.search(r"\w", name):
            continue
        entries.append(Entry(name=name, group=entry_group, fate=fate, role=role, note=note))
    return entries


def _is_bare_label(item: str, known: set[str]) -> bool:
    folded = fold(item)
    return bool(folded) and folded in known


def _heads_group(head: str, tail: str, known: set[str], people: bool) -> bool:
    """In "X: Y", is X a group label (and Y the name), or is Y a description of X?"""
    if not looks_like_name(tail):
        return False  # "Ii Naomasa: Supreme field commander", "Western Army: Forces loyal to …"
    if fold(head) in known:
        return True
    if people:
        # A person's title rarely reads as a name; a one-word head is a country label.
        return len(head.split()) == 1
    return len(head.split()) <= 2


@lru_cache(maxsize=1 << 14)
def label_keys(name: str) -> frozenset[str]:
    """Folded forms by which a group label may refer to a belligerent ("Korea" ~ "Korean army")."""
    folded = fold(name)
    keys = {folded}
    first = folded.split(" ")[0] if folded else ""
    if first and first != folded:
        keys.add(first)
    for suffix in ("ese", "ian", "an", "n", "ish"):
        if first.endswith(suffix) and len(first) - len(suffix) >= 3:
            keys.add(first[: -len(suffix)])
    return frozenset(keys)


# ---------------------------------------------------------------------------
# Quantities

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "a dozen": 12, "dozen": 12,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000}
_NUM_TOKEN = re.compile(
    rf"(?P<num>{_NUMBER})(?:\s*(?P<scale>hundred|thousand|million)\b)?"
    r"|\b(?P<word>(?:a|one|two|three|four|five|six|seven|eight|nine|ten|several|a few)\s+(?:hundred|thousand|million)"
    r"|hundred|thousand|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty"
    r"|forty|fifty|a dozen)\b",
    re.IGNORECASE,
)
_RANGE_JOIN = re.compile(r"^\s*(?:[–—−-]+|to|or|and)\s*~?\s*$", re.IGNORECASE)
_LOWER = re.compile(
    r"(?:over|more than|at least|upwards of|in excess of|above|no fewer than|no less than|>|≥)\s*$", re.IGNORECASE
)
_UPPER = re.compile(
    r"(?:less than|fewer than|under|up to|at most|below|no more than|not more than|<|≤)\s*$", re.IGNORECASE
)
_APPROX = re.compile(
    r"(?:~|≈|c\.|ca\.|circa|about|around|approximately|approx\.|roughly|some|nearly|almost|an estimated|estimated)\s*$",
    re.IGNORECASE,
)
_PREFIX_WORDS = re.compile(
    r"(?:\b(?:with|and|plus|including|incl\.|of whom|of which|among them|between|from|over|more than|at least"
    r"|upwards of|in excess of|above|less than|fewer than|under|up to|at most|below|no more than|about|around"
    r"|approximately|approx\.|roughly|some|nearly|almost|an estimated|estimated|circa|ca\.|c\.)\s*|[~≈<>≤≥]\s*)+$",
    re.IGNORECASE,
)
_SUBSET = re.compile(r"^(?:of whom|of which|including|incl\.|among them|among whom)\b\s*", re.IGNORECASE)
_UNKNOWN = re.compile(r"^(?:unknown|unk\.?|\?+|n/?a|not known|uncertain|unclear|—|-|–)$", re.IGNORECASE)
_NONE = re.compile(r"^(?:none|nil|no casualties|no losses)$", re.IGNORECASE)
_SOURCE_HINT = re.compile(r"\b(?:estimates?|records?|sources?|according|accounts?|chronicles?|claims?|claimed)\b", re.I)

KINDS = {
    "killed": "killed", "dead": "dead", "died": "dead", "deaths": "dead", "slain": "killed",
    "fatalities": "dead", "executed": "dead", "drowned": "dead", "kia": "killed",
    "wounded": "wounded", "injured": "wounded", "wia": "wounded",
    "captured": "captured", "prisoners": "captured", "prisoner": "captured", "pows": "captured",
    "pow": "captured", "surrendered": "captured", "taken": "captured",
    "missing": "missing", "mia": "missing", "deserted": "deserted", "desertions": "deserted",
    "deserters": "deserted", "defected": "defected", "defections": "defected",
    "destroyed": "destroyed", "damaged": "damaged", "sunk": "sunk", "scuttled": "scuttled",
    "abandoned": "abandoned", "burned": "destroyed", "burnt": "destroyed", "lost": "lost",
    "casualties": "total", "losses": "total", "captures": "captured", "heads": "dead",
}  # fmt: skip
_KILLED = {"killed", "dead"}
_STOP = {
    "by", "from", "in", "at", "on", "during", "after", "before", "of", "to", "for", "under", "led",
    "mostly", "including", "the", "a", "an", "as", "when", "while", "per", "each", "who", "which",
    "that", "whom", "out", "against", "near", "via", "into", "within", "mainly", "chiefly", "both",
}  # fmt: skip
_SHIP_WORDS = {
    "ship", "junk", "warship", "frigate", "sloop", "sloop-of-war", "gunboat", "cruiser", "ironclad",
    "battleship", "boat", "vessel", "galley", "carrier", "destroyer", "submarine", "corvette", "brig",
    "schooner", "panokseon", "geobukseon", "atakebune", "sekibune", "kobaya", "man-of-war",
    "ship-of-the-line", "monitor", "sampan", "dhow", "trireme", "barge", "steamer", "steamship",
    "fireship", "warjunk", "galleon", "caravel", "carrack", "transport", "fleet", "navy", "sail",
    "torpedo-boat", "minesweeper", "gunship", "longship", "felucca", "xebec", "ketch", "yacht",
}  # fmt: skip
_EQUIPMENT_WORDS = {
    "cannon", "gun", "musket", "arquebus", "harquebus", "rifle", "artillery", "piece", "mortar",
    "howitzer", "tank", "aircraft", "plane", "airplane", "fort", "battery", "catapult", "trebuchet",
    "chariot", "ballista", "fortification", "fortress", "castle", "wagon", "vehicle", "truck",
    "machine-gun", "rocket", "hwacha", "bombard", "culverin", "falconet", "swivel", "weapon",
    "firearm", "bow", "crossbow",
}  # fmt: skip
_OTHER_WORDS = {
    "horse", "elephant", "camel", "ox", "home", "house", "building", "village", "town", "city",
    "temple", "granary", "household", "family", "hut", "warehouse",
}  # fmt: skip
_PERSONNEL_HINT = {"troop", "soldier", "man", "men", "sailor", "marine", "civilian", "warrior", "irregular"}


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

    @property
    def bounded(self) -> bool:
        return self.min is not None or self.max is not None


def parse_quantities(value: str, *, casualties: bool) -> list[QuantityValue]:
    """All figures of one Strength (``casualties=False``) or Casualties value."""
    out: list[QuantityValue] = []
    label: str | None = None
    for item in split_items(clean(value), semicolon_needs_digits=True):
        own = standalone_label(item)
        if own is not None:
            label = own
            continue
        segments = _segments(item)
        for segment in segments:
            pair = split_label(segment)
            text = segment
            if pair is not None:
                label, text = pair
            parsed = parse_quantity(text, casualties=casualties, label=label, source_text=segment)
            if parsed is None:
                continue
            if not parsed.bounded and out and out[-1].bounded and not _qualitative(text):
                # "mostly from disease": a clause the comma cut off the figure before it
                previous = out[-1]
                extra = text.strip()
                out[-1] = _replace(previous, note=f"{previous.note}; {extra}" if previous.note else extra)
                continue
            out.append(_inherit_unit(parsed, out[-1] if out else None, casualties))
    return out


_MATERIEL_KINDS = {"damaged", "sunk", "destroyed", "scuttled", "abandoned", "lost"}


def _inherit_unit(quantity: QuantityValue, previous: QuantityValue | None, casualties: bool) -> QuantityValue:
    """ "30 ships destroyed, 92 damaged": the second figure counts ships too."""
    if previous is None or quantity.unit != "troops" or "troop" in quantity.text.lower() or not quantity.kind:
        return quantity
    kinds = quantity.kind.split("_or_")
    if not set(kinds) <= _MATERIEL_KINDS or unit_class(previous.unit) not in ("ships", "equipment"):
        return quantity
    return _replace(quantity, unit=previous.unit, category=_category(kinds, [previous.unit], casualties))


_AMOUNT_WORDS = {"many", "several", "few", "numerous", "some", "heavy", "light", "all", "most", "entire", "whole"}


def _qualitative(text: str) -> bool:
    """Text that states an amount in words ("Entire garrison", "many civilians") rather than a clause."""
    first = text.strip().split(" ")[0] if text.strip() else ""
    return bool(first) and (first[0].isupper() or first.lower() in _AMOUNT_WORDS)


def _replace(quantity: QuantityValue, **changes: object) -> QuantityValue:
    values = {name: getattr(quantity, name) for name in quantity.__slots__}
    values.update(changes)
    return QuantityValue(**values)


def _mask_parens(text: str) -> str:
    """The text with bracketed parts blanked, so offsets stay valid."""
    out = []
    depth = 0
    for char in text:
        if char in "([":
            depth += 1
        out.append(" " if depth else char)
        if char in ")]" and depth:
            depth -= 1
    return "".join(out)


def _number_spans(masked: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _NUM_TOKEN.finditer(masked)]


def _segments(item: str) -> list[str]:
    """Split an item that holds several figures with no comma between them.

    "12 ships (relief) with 700 sailors" and "380 killed and wounded 5 protected
    cruisers damaged" hold two figures each; "50,000–68,000" and "20,000 or 30,000"
    hold one range.
    """
    masked = _mask_parens(item)
    spans = _number_spans(masked)
    cuts: list[int] = []
    for (_, previous_end), (start, _) in itertools.pairwise(spans):
        between = masked[previous_end:start]
        if _RANGE_JOIN.match(between) or between.strip() in ("", "+"):
            continue
        if re.fullmatch(r"\+?\s*(?:[–—−-]|to|or)\s*(?:~|about|c\.)?\s*", between, re.IGNORECASE):
            continue
        cut = start
        prefix = _PREFIX_WORDS.search(masked[previous_end:start])
        if prefix and prefix.group(0).strip():
            cut = previous_end + prefix.start()
        label = re.search(r"(?:^|\s)([A-Z][^:\d]{0,60}):\s*$", masked[previous_end:cut])
        if label:
            cut = previous_end + label.start(1)
        cuts.append(cut)
    pieces = []
    start = 0
    for cut in cuts:
        pieces.append(item[start:cut].strip())
        start = cut
    pieces.append(item[start:].strip())
    return [piece for piece in pieces if piece]


def _number_value(match: re.Match[str]) -> int | None:
    if match["num"]:
        number = float(match["num"].replace(",", ""))
        if match["scale"]:
            number *= _SCALES[match["scale"].lower()]
        return round(number)
    words = match["word"].lower().split()
    if words[-1] in _SCALES:
        head = " ".join(words[:-1])
        if head in ("", "a", "one"):
            return _SCALES[words[-1]]
        if head in ("several", "a few"):
            return None  # "several hundred": an order of magnitude, not a bound
        return _WORD_NUMBERS.get(head, 1) * _SCALES[words[-1]]
    return _WORD_NUMBERS.get(" ".join(words))


def parse_quantity(
    text: str, *, casualties: bool, label: str | None = None, source_text: str | None = None
) -> QuantityValue | None:
    """One figure. ``None`` for "Unknown", "?" and empty text."""
    fragment = (source_text or text).strip()
    body = text.strip().lstrip("|").strip()
    if not body or _UNKNOWN.match(body):
        return None
    subset = bool(_SUBSET.match(body))
    body = _SUBSET.sub("", body)
    body = re.sub(r"^(?:with|and|plus)\s+", "", body, flags=re.IGNORECASE)

    notes: list[str] = []
    phases: list[str] = []
    source: str | None = None
    for paren in re.findall(r"\(([^()]*)\)", body):
        inner = paren.strip()
        if not inner:
            continue
        if _QUALIFIER_LABEL.search(inner):
            phases.append(inner)  # "(winter)": the figure holds for a phase, not alongside the others
        elif _SOURCE_HINT.search(inner) and source is None:
            head, _, rest = inner.partition(",")
            source = head.strip()
            if rest.strip():
                notes.append(rest.strip())
        else:
            notes.append(inner)
    masked = re.sub(r"\([^()]*\)", " ", body)
    masked = re.sub(r"\s+", " ", masked).strip()

    group, qualifier = _classify_label(label)
    if phases:
        qualifier = "; ".join(([qualifier] if qualifier else []) + phases)
    if source is None and label is not None and _SOURCE_HINT.search(label):
        source = label
    if _NONE.match(masked):
        return QuantityValue(fragment, 0, 0, "troops", _category([], [], casualties), None, False, group, source,
                             qualifier, "; ".join(notes) or None, subset)  # fmt: skip

    numbers = list(_NUM_TOKEN.finditer(masked))
    if not numbers or _number_value(numbers[0]) is None:
        # qualitative: "Entire garrison", "Significant", "several hundred"
        unit = _qualitative_unit(masked)
        return QuantityValue(fragment, None, None, unit, _category([], [unit], casualties), None, False,
                             group, source, qualifier, "; ".join(notes) or None, subset)  # fmt: skip

    first = numbers[0]
    low = _number_value(first)
    high = low
    end = first.end()
    before = masked[: first.start()]
    approximate = bool(_APPROX.search(before))
    lower_only = bool(_LOWER.search(before))
    upper_only = bool(_UPPER.search(before))
    open_top = False
    plus = re.match(r"\s*\+", masked[end:])
    if plus:
        lower_only = True
        end += plus.end()
    if len(numbers) > 1:
        joint = masked[end : numbers[1].start()]
        if re.fullmatch(r"\s*(?:[–—−-]+|to|or|and)\s*(?:~|about|c\.)?\s*", joint, re.IGNORECASE):
            second = _number_value(numbers[1])
            if second is not None and low is not None:
                high = second
                end = numbers[1].end()
                lower_only = upper_only = False
                top_plus = re.match(r"\s*\+", masked[end:])
                if top_plus:
                    open_top = True
                    end += top_plus.end()
    if lower_only:
        minimum, maximum = low, None
    elif upper_only:
        minimum, maximum = None, high
    else:
        minimum, maximum = low, (None if open_top else high)
    if minimum is not None and maximum is not None and maximum < minimum:
        minimum, maximum = maximum, minimum

    rest = masked[end:].strip()
    kinds, units, tail = _words_after(rest)
    lead_kinds = [KINDS[w.lower()] for w in re.findall(r"[A-Za-z]+", before) if w.lower() in KINDS]
    kinds = lead_kinds + kinds
    if casualties and not kinds and label:
        kinds = [KINDS[w.lower()] for w in re.findall(r"[A-Za-z]+", label) if w.lower() in KINDS][:1]
    if casualties and not kinds:
        # "30,000-35,270 (heads collected …)": the note may say what was counted
        kinds = [KINDS[w.lower()] for note in notes for w in re.findall(r"[A-Za-z]+", note) if w.lower() in KINDS][:1]
    unit = _plural(" ".join(units).lower()) if units else "troops"
    category = _category(kinds, units, casualties)
    if tail:
        qualifier = f"{qualifier}; {tail}" if qualifier else tail
    kind = "_or_".join(dict.fromkeys(kinds)) if kinds else ("total" if casualties else None)
    return QuantityValue(
        text=fragment,
        min=minimum,
        max=maximum,
        unit=unit,
        category=category,
        kind=kind,
        approximate=approximate,
        group=group,
        source=source,
        qualifier=qualifier,
        note="; ".join(notes) or None,
        subset=subset,
        total=bool(label and fold(label) in ("total", "totals", "overall", "combined")),
    )


_QUALIFIER_LABEL = re.compile(
    r"\b(?:first|second|third|fourth|fifth|final|last|initial|\d+(?:st|nd|rd|th))\b.*\b(?:conflict|phase|campaign"
    r"|battle|siege|invasion|stage|day|wave|expedition|assault|engagement|war)\b|^(?:winter|summer|spring|autumn"
    r"|fall|initially|later|total|totals|overall|combined)$",
    re.IGNORECASE,
)


def _classify_label(label: str | None) -> tuple[str | None, str | None]:
    """A label is a group (a faction, country or unit) unless it names a phase or a source."""
    if label is None:
        return None, None
    if _QUALIFIER_LABEL.search(label):
        return None, label
    if any(word.lower() in KINDS for word in label.split()):
        return None, None  # "killed in action: 300": the label says what was counted
    if _SOURCE_HINT.search(label):
        return None, None
    return label, None


def _words_after(rest: str) -> tuple[list[str], list[str], str]:
    """Kinds, unit words and the unread tail of the text after a number.

    "270 soldiers and civilians killed" → (["killed"], ["soldiers", "and", "civilians"], "");
    "1,939 destroyed homes" → (["destroyed"], ["homes"], "");
    "120,000 initially" → ([], [], "initially").
    """
    words = rest.split()
    kinds: list[str] = []
    units: list[str] = []
    connector: str | None = None
    index = 0
    while index < len(words):
        raw = words[index]
        word = raw.lower().strip(".,;:")
        following = words[index + 1].lower().strip(".,;:") if index + 1 < len(words) else None
        if word == "taken" and following == "prisoner":
            kinds.append("captured")
            index += 2
            continue
        if kinds and word == "in" and following == "action":
            index += 2  # "killed in action"
            continue
        if word in KINDS and word != "taken":
            kinds.append(KINDS[word])
            connector = None
        elif word in ("and", "or", "&", "/"):
            connector = word
        elif word in _STOP or not re.search(r"[a-z]", word) or (word.endswith("ly") and len(word) > 4):
            break  # a preposition or an adverb ("initially", "mostly") starts a qualifier
        elif _is_participle(word, following):
            break  # "6,000 advanced on the fort"
        elif kinds and not units:
            units.append(raw)  # "1,939 destroyed homes"
        elif not kinds:
            if connector and units:
                units.append(connector)
            units.append(raw)
            connector = None
        else:
            break
        index += 1
    tail = " ".join(words[index:]).strip(" ,;")
    return kinds, [u.strip(".,;:") for u in units], tail


def _is_participle(word: str, following: str | None) -> bool:
    """An -ed word that ends the noun phrase ("advanced on") rather than qualifies a noun ("armoured cruiser")."""
    return word.endswith("ed") and (following is None or following in _STOP or following in ("and", "or"))


def _qualitative_unit(text: str) -> str:
    """ "many civilians" counts civilians; "Heavy" and "Entire garrison" count troops."""
    last = _singular(text.split()[-1].strip(".,;:")) if text.split() else ""
    known = _PERSONNEL_HINT | _SHIP_WORDS | _EQUIPMENT_WORDS | _OTHER_WORDS | {"civilian"}
    return _plural(last) if last in known and last not in ("man",) else "troops"


def _singular(word: str) -> str:
    word = word.lower()
    if "-of-" in word:
        head, _, rest = word.partition("-of-")
        return f"{_singular(head)}-of-{rest}"
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("men"):
        return word[:-3] + "man"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _plural(unit: str) -> str:
    """The unit as the contract wants it: lower case, plural ("1 warship" counts warships)."""
    words = unit.split()
    if not words:
        return unit
    last = words[-1]
    if "-of-" in last:
        head, _, rest = last.partition("-of-")
        words[-1] = f"{_plural(head)}-of-{rest}"
    elif _singular(last) == last and not last.endswith(("s", "men", "people", "cavalry", "infantry", "artillery")):
        if last.endswith("y") and len(last) > 2 and last[-2] not in "aeiou":
            words[-1] = last[:-1] + "ies"
        elif last.endswith(("ch", "sh", "x")):
            words[-1] = last + "es"
        elif last == "man":
            words[-1] = "men"
        elif last not in ("samurai", "ashigaru", "militia", "personnel", "police", "garrison", "army", "crew"):
            words[-1] = last + "s"
    return " ".join(words)


def unit_class(units: list[str] | str) -> str:
    """ "ships", "equipment", "other" or "personnel" for the counted noun."""
    words = units.split() if isinstance(units, str) else [w for u in units for w in u.split()]
    singular = [_singular(w.strip(".,;:")) for w in words]
    joined = "-".join(singular)
    if any(w in _SHIP_WORDS for w in singular) or any(s in joined for s in ("torpedo-boat", "ship-of")):
        return "ships"
    if any(w in _PERSONNEL_HINT for w in singular):
        return "personnel"
    if any(w in _EQUIPMENT_WORDS for w in singular):
        return "equipment"
    if any(w in _OTHER_WORDS for w in singular):
        return "other"
    return "personnel"


_KIND_CLASS = {
    "killed": "killed", "dead": "killed", "wounded": "wounded", "captured": "captured",
    "missing": "other", "deserted": "other", "defected": "other", "total": "total",
}  # fmt: skip


def _category(kinds: list[str], units: list[str], casualties: bool) -> str:
    """The SKOS concept (local name) a figure falls under."""
    counted = unit_class(units) if units else "personnel"
    if not casualties:
        return {"ships": "Ships", "equipment": "Equipment", "other": "OtherQuantity"}.get(counted, "Personnel")
    if counted == "ships":
        return "ShipsDamaged" if "damaged" in kinds else "ShipsLost"
    if counted in ("equipment", "other") or any(k in ("destroyed", "damaged", "sunk", "scuttled") for k in kinds):
        return "OtherQuantity"
    classes = {_KIND_CLASS.get(kind, "other") for kind in kinds}
    if not classes:
        return "CasualtiesUnspecified"
    if len(classes) == 1:
        only = classes.pop()
        return {"killed": "Killed", "wounded": "Wounded", "captured": "Captured", "total": "CasualtiesUnspecified"}.get(
            only, "OtherQuantity"
        )
    if "other" in classes and len(classes - {"other", "total"}) <= 1:
        return "OtherQuantity"  # "12,500 deserted or dead"
    return "CasualtiesUnspecified"  # "killed and wounded"
