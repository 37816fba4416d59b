"""An :class:`~battlegraph._article.Article` → a :class:`~battlegraph._model.Battle` record.

The infobox gives the battle: ``Conflict``, ``Partof``, ``Date``, ``Place``,
``Result`` and, for every side N, ``CombatantN``, ``CommanderN``, ``StrengthN``
and ``CasualtiesN`` (matched by N, never by line order). Order-of-battle lists
in the body ("- Kim Si-min – 3,700 soldiers") give each side's contingents,
and a "Total …" line under such a list gives the side's stated total.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ._article import Article, Field, Line
from ._dates import DateRange, parse_date
from ._errors import Diagnostic, NotABattleError
from ._model import Battle, Belligerent, Commander, Contingent, Figure, Side, Source
from ._names import Entry, label_keys, looks_like_name, parse_entries, split_label, standalone_label
from ._quantities import parse_quantities, parse_quantity, read_figures
from ._text import Item, clean, fold, plain_items

_SIDE_KEY = re.compile(r"^(?P<kind>combatant|commander|strength|casualties|casualty|units?)s?(?P<n>[1-9])[a-z]?$")
_CONFLICT_KEYS = {"conflict", "partof", "result", "combatant", "commander", "strength", "casualties"}
_TOTAL_LINE = re.compile(r"^(?:total|totals|in total|overall|combined)\b\s*:?\s*(?P<rest>.*\d.*)$", re.IGNORECASE)
_CONTINGENT = re.compile(r"^(?P<leaders>[^–—:]+?)\s*(?:\s[–—-]\s|[–—]|:\s)\s*(?P<size>.*\d.*)$")
_CONTINGENT_UNDER = re.compile(
    r"^(?P<size>.*?\d.*?)\s+(?:under|led by|commanded by|of)\s+(?P<leaders>[A-Z].*)$", re.IGNORECASE
)
_LEADER_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b)\s*")


@dataclass(frozen=True, slots=True)
class Extraction:
    """What one article gave: a battle and the diagnostics noticed on the way."""

    battle: Battle
    diagnostics: tuple[Diagnostic, ...]
    templates: tuple[str, ...] = ()  # infobox templates the wikitext reader did not know


_KEY_SPACING = re.compile(r"[\s_]+")


def key_name(key: str) -> str:
    """Infobox keys compared the way the template does: case, spaces and underscores ignored."""
    return _KEY_SPACING.sub("", key).casefold()


def extract(article: Article) -> Extraction:
    """The battle an article describes; raises :class:`NotABattleError` when it has none."""
    diagnostics: list[Diagnostic] = []
    fields = _fields(article, diagnostics)
    _require_conflict_infobox(article, fields)
    sources: dict[str, Source] = {}
    links: dict[str, str] = dict(article.links)

    def text_of(name: str) -> str | None:
        found = fields.get(name)
        if found is None:
            return None
        text = field_text(found)
        if text:
            sources[name] = Source(found.key, found.line, found.value)
            linked = [item for item in found.items or () if item.link and (item.shown or item.text) == item.text]
            if len(linked) == 1 and linked[0].link:
                links.setdefault(_war_name(text) if name == "partof" else text, linked[0].link)
        return text or None

    conflict = text_of("conflict")
    part_of = text_of("partof")
    date_text = text_of("date")
    place = text_of("place")
    result = text_of("result")
    territory = text_of("territory")
    dates = _dates(article, fields.get("date"), diagnostics)

    sides, battle_casualties = _sides(article, fields, diagnostics)
    sides = _attach_order_of_battle(article, sides, diagnostics)
    winner = victor(result, sides)
    battle = Battle(
        title=clean(article.title) or article.title,
        path=article.path,
        sha256=article.sha256,
        conflict_name=conflict,
        wars=(_war_name(part_of),) if part_of else (),
        date_text=date_text,
        start=dates.start,
        end=dates.end,
        calendar=dates.calendar,
        place=place,
        result=result,
        territory=territory,
        sides=tuple(sides),
        casualties=tuple(battle_casualties),
        links=links,
        victor=winner,
        see_also=_see_also(article),
        sources=sources,
    )
    return Extraction(battle, tuple(diagnostics), article.unknown_templates)


def field_text(found: Field) -> str:
    """A one-text value (Place, Result …) as shown: its items joined by ", ", a broken bullet by a space."""
    if found.items is None:
        return clean(found.value, as_written=True)
    out = ""
    for item in found.items:
        text = item.text.strip().lstrip("•·").strip()
        if not text:
            continue
        if out and (item.soft or out.endswith((",", ";", ":"))):
            out = f"{out} {text}"
        elif out:
            out = f"{out}, {text}"
        else:
            out = text
    return clean(out, as_written=True)


# Labels before a date that name another event than the fighting: "Ratification effective: May 12, 1784".
_NOT_FIGHTING = re.compile(
    r"\b(?:ratifi\w*|treaty|peace|armistice|ceasefire|cease-fire|truce|signed|effective|surrender(?:ed)?|"
    r"capitulation|formal(?:ly)?|declared|declaration|occupation|withdrawal|evacuation)\b",
    re.IGNORECASE,
)


_MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_FULL_DATE = re.compile(
    rf"\b(?:\d{{1,2}}\s+{_MONTHS}\s+\d{{3,4}}|{_MONTHS}\s+\d{{1,2}},\s*\d{{3,4}}|{_MONTHS}\s+\d{{3,4}})\b"
)
_DATE_JOIN = re.compile(r"^\s*(?:[–—-]|to|until|till|and)\s*$")


def _lead_dates(text: str) -> DateRange | None:
    """The dates of the lead's first sentence: "ran from 23 October 1567 to 23 February 1568"."""
    sentence = re.split(r"(?<=[a-z)])\.\s", text, maxsplit=1)[0]
    found = list(_FULL_DATE.finditer(sentence))
    if not found:
        return None
    end = found[0].end()
    if len(found) > 1 and _DATE_JOIN.match(sentence[found[0].end() : found[1].start()]):
        end = found[1].end()
    dates = parse_date(sentence[found[0].start() : end])
    return dates if dates.start is not None else None


_NO_DATE = frozenset({"unknown", "uncertain", "unclear", "disputed", "n/a", "na", "?", "unknown date"})


def _dates(article: Article, found: Field | None, diagnostics: list[Diagnostic]) -> DateRange:
    """The battle's dates: from the Date value, or failing that the bracketed dates of the lead's first sentence."""
    text = ""
    if found is not None:
        if found.items is None:
            text = found.value
        else:
            # wikitext gives the value's lines: leave out the ones about another event
            kept = [i.text for i in found.items if not (_NOT_FIGHTING.search(i.text) and ":" in i.text)]
            text = " , ".join(kept)
    dates = parse_date(text)
    shown = clean(text)
    # A Date the rendering broke (")", nothing left) is read from the lead's first sentence. One that
    # says something (a figure, "Unknown", "31 February 1592") is never replaced by another date of
    # the lead, which may be a birth or a treaty; an infobox with no Date says none.
    broken = not re.search(r"\d", shown) and fold(shown) not in _NO_DATE
    if dates.start is None and found is not None and broken and article.lead:
        lead_dates = _lead_dates(article.lead[0].text)
        if lead_dates is not None:
            diagnostics.append(
                Diagnostic(
                    article.path, article.lead[0].line, "no usable Date in the infobox; dates read from the lead"
                )
            )
            return lead_dates
    if found is not None and dates.start is None and re.search(r"\d", shown) and not dates.problems:
        diagnostics.append(
            Diagnostic(article.path, found.line, f"Date {shown!r} names no day, month or year; no dates kept")
        )
    for problem in dates.problems:
        diagnostics.append(Diagnostic(article.path, found.line if found else None, problem))
    return dates


def _war_name(text: str) -> str:
    """The war a battle is part of, without the article the rendering keeps ("the Goguryeo–Sui War")."""
    return re.sub(r"^the\s+", "", text, flags=re.IGNORECASE).strip()


def _fields(article: Article, diagnostics: list[Diagnostic]) -> dict[str, Field]:
    """Fields by normalised key; a repeated key keeps its last value, as MediaWiki does."""
    out: dict[str, Field] = {}
    for found in article.infobox:
        name = key_name(found.key)
        if name in out and out[name].value != found.value:
            diagnostics.append(
                Diagnostic(
                    article.path,
                    found.line,
                    f"infobox key {found.key!r} repeats line {out[name].line}; the later value is used",
                )
            )
        out[name] = found
    return out


def _require_conflict_infobox(article: Article, fields: dict[str, Field]) -> None:
    if not article.infobox:
        raise NotABattleError("no infobox: the article describes no battle", article.path, article.title_line)
    kinds = {match["kind"] for name in fields if (match := _SIDE_KEY.match(name))}
    if not (set(fields) | kinds) & _CONFLICT_KEYS:
        keys = ", ".join(f.key for f in article.infobox[:6])
        more = ", …" if len(article.infobox) > 6 else ""
        raise NotABattleError(
            f"infobox is not a military-conflict infobox (keys {keys}{more}; "
            "none of Conflict, Partof, Result, CombatantN, CommanderN, StrengthN, CasualtiesN)",
            article.path,
            article.infobox_line,
        )


def _sides(
    article: Article, fields: dict[str, Field], diagnostics: list[Diagnostic]
) -> tuple[list[Side], list[Figure]]:
    """The sides, and the battle-wide casualties: a third CasualtiesN with no other line of its N.

    The template shows ``casualties3`` without ``combatant3`` across the whole width,
    for civilians or losses no side can be given; it is not a side.
    """
    by_number: dict[int, dict[str, list[Field]]] = {}
    for name, found in fields.items():
        match = _SIDE_KEY.match(name)
        if match:
            kind = {"casualty": "casualties", "unit": "units"}.get(match["kind"], match["kind"])
            by_number.setdefault(int(match["n"]), {}).setdefault(kind, []).append(found)
    battle_wide: list[Figure] = []
    for number in [n for n, columns in by_number.items() if n >= 3 and set(columns) == {"casualties"}]:
        battle_wide += [f for found in by_number.pop(number)["casualties"] for f in _figures(found, casualties=True)]
    for number in [n for n, columns in by_number.items() if n >= 3 and set(columns) == {"units"}]:
        del by_number[number]  # "Units3: See order of battle": a pointer to the article, no third side
    belligerents_of = {
        number: [
            _belligerent(entry, found)
            for found in columns.get("combatant", [])
            for entry in parse_entries(_items(found), people=False)
        ]
        for number, columns in by_number.items()
    }
    # a flag's alt text before a commander names a belligerent of the article, on either side
    prefixes = [b.name for side in belligerents_of.values() for b in side]
    sides: list[Side] = []
    for number in sorted(by_number):
        columns = by_number[number]
        belligerents = belligerents_of[number]
        labels = _side_labels(belligerents, columns)
        commanders = [
            _commander(entry, found)
            for found in columns.get("commander", [])
            for entry in parse_entries(_items(found), people=True, labels=labels, prefixes=prefixes)
        ]
        strengths = [f for found in columns.get("strength", []) for f in _figures(found, casualties=False)]
        casualties = [f for found in columns.get("casualties", []) for f in _figures(found, casualties=True)]
        units = tuple(
            entry.name for found in columns.get("units", []) for entry in parse_entries(_items(found), people=False)
        )
        sides.append(
            Side(
                number=number,
                belligerents=tuple(belligerents),
                commanders=tuple(commanders),
                strengths=tuple(strengths),
                casualties=tuple(casualties),
                units=units,
            )
        )
    if not sides:
        diagnostics.append(
            Diagnostic(article.path, article.infobox_line, "conflict infobox has no CombatantN/CommanderN lines")
        )
    for side in sides:
        for figure in (*side.strengths, *side.casualties):
            if figure.value.warning:
                diagnostics.append(_figure_warning(article, figure))
    diagnostics.extend(_figure_warning(article, figure) for figure in battle_wide if figure.value.warning)
    return sides, battle_wide


def _figure_warning(article: Article, figure: Figure) -> Diagnostic:
    return Diagnostic(
        article.path,
        figure.source.line,
        f"{figure.source.field} {figure.value.text!r}: {figure.value.warning}; kept as written",
    )


def _items(found: Field, *, figures: bool = False) -> list[Item]:
    """A field's items: the reader's, or recovered from the rendering's commas."""
    if found.items is not None:
        return list(found.items)
    return plain_items(found.value, found.line, semicolon_needs_digits=figures)


def _side_labels(belligerents: list[Belligerent], columns: dict[str, list[Field]]) -> set[str]:
    """Folded names that head groups on this side: its belligerents, and the labels of its Combatant lines.

    Labels of its Strength and Casualties lines are not among them: there a label is as often the person
    or the source a figure is from ("Archduke Charles: <46,832", "Li Rusong: 264 killed"), who is a
    commander of the side, not a group of them.
    """
    labels: set[str] = set()
    for belligerent in belligerents:
        labels |= label_keys(belligerent.name)
        if belligerent.group:
            labels |= label_keys(belligerent.group)
    for found in columns.get("combatant", []):
        for item in _items(found):
            label = item.text.rstrip(": ") if item.label else standalone_label(item.text)
            if label is None and (pair := split_label(item.text)) is not None and re.search(r"\d", pair[1]):
                label = pair[0]
            if label is not None:
                labels.add(fold(label))
    return labels


def _source(found: Field, line: int | None = None) -> Source:
    return Source(found.key, line or found.line, found.value)


def _belligerent(entry: Entry, found: Field) -> Belligerent:
    description = entry.role if entry.role and not looks_like_name(entry.role) else None
    return Belligerent(
        entry.name, entry.group, description, entry.note, _source(found, entry.line), entry.link, entry.aliases
    )


def _commander(entry: Entry, found: Field) -> Commander:
    aliases = entry.aliases + ((f"{entry.title} {entry.name}",) if entry.title else ())
    return Commander(
        entry.name, entry.fate, entry.group, entry.role, entry.note, _source(found, entry.line), entry.link, aliases
    )


def _figures(found: Field, *, casualties: bool) -> list[Figure]:
    return [
        Figure(quantity, _source(found, item.line))
        for item, quantity in read_figures(_items(found, figures=True), casualties=casualties)
    ]


# ---------------------------------------------------------------------------
# Order of battle


@dataclass
class _OrderList:
    section: str
    heading: str
    contingents: list[tuple[tuple[str, ...], Line]]
    totals: list[Line]


# Sections of an article's apparatus: their bullets are books and links, never an order of battle.
_APPARATUS = re.compile(
    r"^(?:see also|references?|notes?|external links?|further reading|bibliography|sources?|citations?|footnotes?"
    r"|works cited|reference literature|literature|primary sources|secondary sources|gallery)\b"
)


def _order_lists(article: Article) -> list[_OrderList]:
    """Bullet runs of "Leader(s) – N unit", each with the "Total …" lines that follow it."""
    out: list[_OrderList] = []
    for trail, section in article.walk():
        if any(_APPARATUS.search(fold(title)) for title in trail):
            continue
        current: _OrderList | None = None
        for line in section.lines:
            if _TOTAL_LINE.match(clean(line.text)):
                if current is not None:
                    current.totals.append(line)
                continue
            parsed = _contingent_line(line.text) if line.bullet else None
            if parsed is not None:
                if current is None:
                    current = _OrderList(" / ".join(trail), section.title, [], [])
                    out.append(current)
                current.contingents.append((parsed, line))
            elif line.bullet:
                current = None
    return out


def _contingent_line(text: str) -> tuple[str, ...] | None:
    """The leaders of a contingent line, or ``None`` when the line is not one."""
    text = clean(text)
    for pattern in (_CONTINGENT, _CONTINGENT_UNDER):
        match = pattern.match(text)
        if not match:
            continue
        leaders = tuple(
            name
            for part in _LEADER_SPLIT.split(match["leaders"])
            if (name := part.strip(" .")) and looks_like_name(name) and not re.search(r"\d", name)
        )
        size = parse_quantity(match["size"], casualties=False)
        if leaders and size is not None and size.bounded:
            return leaders
    return None


def _contingent_size(text: str) -> str:
    text = clean(text)
    for pattern in (_CONTINGENT, _CONTINGENT_UNDER):
        match = pattern.match(text)
        if match:
            return str(match["size"])
    return text


def _attach_order_of_battle(article: Article, sides: list[Side], diagnostics: list[Diagnostic]) -> list[Side]:
    if not sides:
        return sides
    lists = _order_lists(article)
    if not lists:
        return sides
    by_number = {side.number: side for side in sides}
    added: dict[int, tuple[list[Contingent], list[Figure]]] = {n: ([], []) for n in by_number}
    for order in lists:
        number = _side_of(order, sides)
        first_line = order.contingents[0][1].line
        if number is None:
            diagnostics.append(
                Diagnostic(
                    article.path,
                    first_line,
                    f"order-of-battle list under {order.section!r} names no side's commanders; not attached",
                )
            )
            continue
        contingents, totals = added[number]
        for leaders, line in order.contingents:
            size = parse_quantity(_contingent_size(line.text), casualties=False, source_text=line.text)
            if size is None:
                continue
            contingents.append(
                Contingent(leaders, Figure(size, Source(order.section, line.line, line.text)), order.section)
            )
        for line in order.totals:
            rest = _TOTAL_LINE.match(clean(line.text))
            assert rest is not None
            for quantity in parse_quantities(rest["rest"], casualties=False):
                if quantity.bounded:
                    totals.append(Figure(quantity, Source(order.section, line.line, line.text)))
    out = []
    for side in sides:
        contingents, totals = added[side.number]
        out.append(
            Side(
                number=side.number,
                belligerents=side.belligerents,
                commanders=side.commanders,
                strengths=side.strengths,
                casualties=side.casualties,
                units=side.units,
                contingents=side.contingents + tuple(contingents),
                stated_totals=side.stated_totals + tuple(totals),
            )
        )
    return out


def _side_of(order: _OrderList, sides: Iterable[Side]) -> int | None:
    """The side whose commanders the list names most; failing that, whose belligerents its heading names."""
    leaders = {fold(name) for leaders, _ in order.contingents for name in leaders}
    scores: list[tuple[int, int]] = []
    for side in sides:
        names = {fold(c.name) for c in side.commanders}
        scores.append((len(leaders & names), side.number))
    scores.sort(reverse=True)
    if scores and scores[0][0] > 0 and (len(scores) == 1 or scores[0][0] > scores[1][0]):
        return scores[0][1]
    heading = fold(order.heading)
    matches = [
        side.number
        for side in sides
        if any(heading in label_keys(b.name) or heading in label_keys(b.group or "") for b in side.belligerents)
        or any(heading == fold(c.group or "") for c in side.commanders)
    ]
    return matches[0] if len(matches) == 1 else None


# ---------------------------------------------------------------------------
# Who won

_VICTORY = re.compile(
    r"^\s*(?:(?:a|an|the)\s+)?(?P<winner>.+?)\s+(?:victory|victories|win|wins|triumph|success)\b",
    re.IGNORECASE,
)
_QUALIFIERS = re.compile(
    r"^(?:(?:decisive|major|minor|pyrrhic|strategic|tactical|overwhelming|crushing|complete|total|partial|"
    r"narrow|resounding|marginal|indecisive|costly|eventual|initial|limited)\s+)+",
    re.IGNORECASE,
)
_GROUP_WORDS = re.compile(r"\b(?:coalition|alliance|allied|allies|forces|force|army|armies|side)\b", re.IGNORECASE)


def victor(result: str | None, sides: Iterable[Side]) -> int | None:
    """The side the Result names as the winner, when it names exactly one.

    "Korean victory" names the side whose belligerents or group labels are Korean
    ("Korean army", "Korea:"); "Ming–Joseon victory" names the side holding both;
    "Later Jin victory" matches by whole words ("Later Jin dynasty"), and failing
    that, by a commander's family name ("Tokugawa victory"). Anything that matches
    no side, or more than one, gives no victor: "Inconclusive", "End of the war",
    "Goryeo: Stalemate, Joseon: Initially victory then defeated …".
    """
    if not result:
        return None
    first = re.split(r"[,;]", result, maxsplit=1)[0]
    match = _VICTORY.match(first)
    if match is None:
        return None
    winner = _QUALIFIERS.sub("", match["winner"]).strip()
    if not winner or ":" in winner or not winner[0].isupper():
        return None
    parts = [p for p in re.split(r"\s*(?:[–—/&+]|\s-\s|-(?=[A-Z])|\band\b)\s*", winner) if p.strip()]
    parts = [_GROUP_WORDS.sub("", p).strip() for p in parts]
    parts = [p for p in parts if p]
    if not parts:
        return None
    sides = list(sides)
    for tier in (_by_label, _by_words, _by_commander):
        hits = [side.number for side in sides if all(tier(part, side) for part in parts)]
        if len(hits) == 1:
            return hits[0]
        if hits or any(tier(part, side) for part in parts for side in sides):
            return None  # the words point at more than one side, or split across sides: unclear
    return None


def _side_keys(side: Side) -> set[str]:
    keys: set[str] = set()
    for belligerent in side.belligerents:
        keys |= label_keys(belligerent.name)
        if belligerent.group:
            keys |= label_keys(belligerent.group)
    for commander in side.commanders:
        if commander.group:
            keys |= label_keys(commander.group)
    for figure in (*side.strengths, *side.casualties):
        if figure.value.group:
            keys |= label_keys(figure.value.group)
    return keys


def _by_label(part: str, side: Side) -> bool:
    return bool(label_keys(part) & _side_keys(side))


def _by_words(part: str, side: Side) -> bool:
    """Every word of the winner, or its demonym's stem ("Japanese" ~ "Japan"), is in one belligerent's name."""
    wanted = [label_keys(word) for word in fold(part).split()]
    for belligerent in side.belligerents:
        have = set().union(*(label_keys(word) for word in fold(belligerent.name).split()))
        if all(stems & have for stems in wanted):
            return True
    return False


def _by_commander(part: str, side: Side) -> bool:
    words = fold(part).split()
    return len(words) == 1 and any(fold(c.name).split()[:1] == words for c in side.commanders)


def _see_also(article: Article) -> tuple[str, ...]:
    titles: list[str] = []
    for _, section in article.walk():
        if fold(section.title) == "see also":
            titles.extend(clean(line.text) for line in section.bullets if clean(line.text))
    return tuple(dict.fromkeys(titles))
