"""Names in infobox values: people and belligerents, their group labels and fates.

Both readers hand over a value as :class:`~battlegraph._text.Item` s. The wikitext
reader knows what the markup says (a link's target, a fate template, a bold label);
for the plain-text rendering these functions recover it from what survives: ``Label:``
items that head a group, ``KIA`` glued to a name, a role after a colon, a note in
brackets, a flag's alt text before a name. Each kind of residue is one rule here,
written for the kind, not for an article:

- **markers**: a bullet (``* Kingdom of Nagpur``) or icon size (``25pxMughal Empire``)
  left before a name;
- **fates**: ``KIA``/``WIA``/``POW``/``DOW``/``MIA`` glued, spaced or bracketed, also
  after a regnal number (``King Philip VIWIA``), and ``†``;
- **glosses**: a bracketed other name (``Rattanakosin Kingdom (Siam)``) is an alias;
  a bracketed clause (``(defected to Tokugawa side)``) a note;
- **names with commas**: ``Charles II, Count of Alençon`` is one person;
- **flag alt text** before a name: the name of a belligerent of the article, or of a
  state (``Qing dynasty Zhang Peilun``);
- **doubled names** (``Byzantine EmpireByzantine Empire``), **spilled footnotes**
  (``Nguyễn Ánh) in Siamese royal records``) and **placeholders** (``Unknown``,
  ``...full list``);
- **enumerated peoples**: ``Frankish, English, …, Turkic Pecheneg and Cuman mercenaries``
  is one belligerent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from ._text import Item, fold, plain_items

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
    "executed": "EXECUTED",
    "surrendered": "SURRENDERED",
    "defected": "DEFECTED",
}
_FATE_WORDS.update({"died of wounds": "DOW", "killed in action": "KIA"})
_MARKS = "KIA|WIA|POW|DOW|MIA"
# a fate written as a word after the name, as some renderings keep a fate icon's alt text
_FATE_WORD = re.compile(r"\s+(?P<word>Surrendered|Executed|Killed in action|Died of wounds|Captured)$")
# Glued to anything but a capital ("Kim Si-minKIA", "宇喜多秀家KIA", "O'Brien \"the Bold\"KIA"); after
# capitals the letters are more likely the end of the name itself ("NAKIA"), except after a regnal
# number ("King Philip VIWIA", "Richard IIIKIA").
_GLUED_FATE = re.compile(rf"(?:(?<=[^\sA-Z])|\s+)\(?(?P<mark>{_MARKS})\)?$")
_CHAINED_FATES = re.compile(rf"(?<=[^\sA-Z])(?:{_MARKS}){{2,3}}$")
_TRAILING_HASH = re.compile(r"\s+#$")
_REGNAL_FATE = re.compile(rf"\b[IVXL]{{1,5}}(?P<mark>{_MARKS})$")
_DAGGER = re.compile(r"\s*[†‡✝]\s*$")
_TRAILING_NOTE = re.compile(r"\s*\((?P<note>[^()]*)\)\s*$")
# Flag-icon residue: a three- or four-letter code before the name ("VOC Hans Putmans").
_FLAG_CODE = re.compile(r"^(?P<code>[A-Z]{3,4})\s+(?=[A-Z][a-z])")
_SHORT_FLAG_CODE = re.compile(r"^(?:UK|US)\s+(?=[A-Z][a-z])")
_NOT_FLAG_CODES = frozenset({"USS", "HMS", "SMS", "HMAS", "HMCS", "HNLMS", "RMS", "CSS", "NATO", "ROK", "KMT"})
# The ISO 3166-1 alpha-3 codes: what a flag icon leaves in the rendering ("USA George Washington").
# Only these are taken off a name: "ARVN Rangers", "IRA Volunteers" and "CSS Alabama" keep their acronym.
_FLAG_CODES = frozenset(
    """
    AFG ALA ALB DZA ASM AND AGO AIA ATA ATG ARG ARM ABW AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BMU BTN
    BOL BES BIH BWA BVT BRA IOT BRN BGR BFA BDI CPV KHM CMR CAN CYM CAF TCD CHL CHN CXR CCK COL COM COG COD
    COK CRI CIV HRV CUB CUW CYP CZE DNK DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FLK FRO FJI FIN FRA GUF
    PYF ATF GAB GMB GEO DEU GHA GIB GRC GRL GRD GLP GUM GTM GGY GIN GNB GUY HTI HMD VAT HND HKG HUN ISL IND
    IDN IRN IRQ IRL IMN ISR ITA JAM JPN JEY JOR KAZ KEN KIR PRK KOR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU
    LUX MAC MDG MWI MYS MDV MLI MLT MHL MTQ MRT MUS MYT MEX FSM MDA MCO MNG MNE MSR MAR MOZ MMR NAM NRU NPL
    NLD NCL NZL NIC NER NGA NIU NFK MKD MNP NOR OMN PAK PLW PSE PAN PNG PRY PER PHL PCN POL PRT PRI QAT REU
    ROU RUS RWA BLM SHN KNA LCA MAF SPM VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SXM SVK SVN SLB SOM ZAF SGS
    SSD ESP LKA SDN SUR SJM SWE CHE SYR TWN TJK TZA THA TLS TGO TKL TON TTO TUN TUR TKM TCA TUV UGA UKR ARE
    GBR USA UMI URY UZB VUT VEN VNM VGB VIR WLF ESH YEM ZMB ZWE
    """.split()  # noqa: SIM905 - a table, easier to read as words
)
_PARTICLES = {
    "of", "the", "and", "de", "du", "da", "di", "del", "della", "der", "den", "van", "von",
    "no", "al", "el", "bin", "ibn", "y", "la", "le", "e", "zu", "d'", "ap", "af", "te", "ten", "ter",
    "des", "dos", "das", "do", "ka", "ad", "ud", "ul", "bey", "pasha", "ben", "mac", "st", "st.",
}  # fmt: skip
#: Titles of nobility that, after a comma, continue the name before them ("Charles II, Count of Alençon").
_PEERAGE = (
    r"(?:\d+(?:st|nd|rd|th)\s+)?(?:Count(?:ess)?|Duke|Duchess|Earl|Prince(?:ss)?|Lord|Lady|Baron(?:ess)?|Marquess"
    r"|Marquis|Viscount|Margrave|Landgrave|Elector|Grand Duke|Archduke|Bishop|Archbishop|Abbot|Sire|Seigneur"
    r"|Comte|Duc|Graf|Freiherr|Herzog|King|Queen|Emperor|Empress|Sultan|Khan|Shah|Emir|Amir|Raja|Maharaja|Nawab"
    r"|Tsar|Czar|Regent|Governor|Master|Grand Master)\s+(?:of|de|von|d')\s"
)
_PEERAGE_ITEM = re.compile(rf"^{_PEERAGE}")
_ORDINAL_PEERAGE = re.compile(r"^\d+(?:st|nd|rd|th)\s")
_BARE_TITLE = re.compile(rf"^(?:Baron|Viscount|Lord|Earl)\s+[A-Z][\w'’-]+(?:{_MARKS})?$")
_EPITHET_ITEM = re.compile(r"^the\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2}$")
# "Ivor Guest, 1st Viscount Wimborne", "FitzRoy Somerset, 1st Baron Raglan": a British peerage needs no "of"
_ORDINAL_TITLE = re.compile(r"^\d+(?:st|nd|rd|th)\s+(?:Baronet|Baron|Viscount|Earl|Marquess|Duke|Count|Lord)\s+[A-Z]")
_STYLE = re.compile(r"^(?:Emir|Amir|Nizam|Nawab|Sultan|Shah|Khan|Raja|Maharaja|Bey|Pasha|Sheikh|Rana)\s+of\s")
_REGNAL_END = re.compile(r"\b[IVXL]{1,5}$")
#: Words that make a state's name; a name ending in one, then a person's name, is a flag's alt text.
_STATE_NOUNS = (
    "empire|kingdom|dynasty|republic|sultanate|caliphate|khanate|khaganate|shogunate|confederacy|confederation"
    "|federation|union|commonwealth|principality|duchy|emirate|state|states|realm|raj|reich|tsardom|horde"
    "|protectorate|dominion|government|electorate|margraviate|landgraviate|archduchy|grand duchy|county|bishopric"
    "|order|commune|league|emirate|sheikhdom|imamate|regency|viceroyalty|captaincy general"
)
_STATE_PREFIX = re.compile(
    rf"^(?P<state>(?:[A-Z][\w'’.–-]*\s+){{1,4}}(?i:{_STATE_NOUNS}))\s+(?P<rest>[A-Z][\w'’.-]*(?:\s+[\w'’.-]+)*)$"
)
#: "Empire of Japan Tōgō Heihachirō", "Independent State of Croatia Viktor Pavičić": for people, a state
#: named "X of Y" may come first too.
_STATE_OF_PREFIX = re.compile(
    rf"^(?P<state>(?:[A-Z][\w'’–-]*\s+){{0,2}}(?i:{_STATE_NOUNS})\s+of\s+(?:the\s+)?[A-Z][\w'’-]*"
    rf"(?:\s+\(\d[^()]*\))?)\s+"  # "Kingdom of Hungary (1920–1946) Gusztáv Jány": the state's years too
    rf"(?P<rest>[A-Z][\w'’.-]*(?:\s+[\w'’.-]+)+)$"
)
#: What a state's name followed by these is not alt text: "Qing dynasty Beiyang Fleet" is one name.
_ORGANISATIONS = {
    "army", "armies", "navy", "fleet", "forces", "force", "corps", "legion", "guard", "guards", "militia",
    "rebels", "troops", "regiment", "division", "brigade", "marines", "air", "government", "loyalists",
}  # fmt: skip
_PLACEHOLDERS = re.compile(
    r"^(?:unknown|unk\.?|\?+|n/?a|none|various|others?|and others|et al\.?|etc\.?|full list|several|many|more|—|-|–)$"
    r"|^(?:\.{2,}|…|see\s|\(?see\s|full list\b|list of\b)",  # "...full list", "... see other countries"
    re.IGNORECASE,
)
#: Words a person's title is made of, when written outside the link to the person ("King", "Sir", "Lt. Col.").
_RANKS = {
    "gen.", "general", "col.", "colonel", "lt.", "lt", "lieutenant", "lt-gen.", "lt.-gen.", "maj.", "major",
    "maj-gen.", "capt.", "captain", "adm.", "admiral", "cmdr.", "cdr.", "commander", "brig.", "brigadier",
    "sgt.", "sergeant", "marshal", "field", "cpt.", "gen", "col", "capt", "adm",
}  # fmt: skip
_TITLE_WORDS = {
    "king", "queen", "emperor", "empress", "prince", "princess", "duke", "duchess", "earl", "count", "countess",
    "lord", "lady", "sir", "dame", "baron", "viscount", "marquess", "marquis", "sultan", "shah", "khan", "emir",
    "caliph", "tsar", "czar", "pope", "cardinal", "bishop", "archbishop", "saint", "st.", "general", "gen.",
    "admiral", "adm.", "colonel", "col.", "lt.", "lieutenant", "major", "maj.", "captain", "capt.", "commodore",
    "field", "marshal", "brigadier", "brig.", "vice", "rear", "commander", "cdr.", "sergeant", "sgt.", "chief",
    "grand", "vizier", "pasha", "bey", "raja", "maharaja", "rana", "nawab", "mirza", "shogun", "daimyo", "regent",
    "governor", "president", "prime", "minister", "chancellor", "hetman", "ataman", "voivode", "margrave",
    "elector", "archduke", "infante", "infanta", "dauphin", "crown", "bvt.", "brevet", "mr.", "dr.", "rev.",
    "general-major", "lieutenant-general", "major-general", "the", "of", "and", "de",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Entry:
    """One person or belligerent from a Combatant or Commander list."""

    name: str
    group: str | None = None
    fate: str | None = None
    role: str | None = None
    note: str | None = None
    link: str | None = None  # the wiki page the name links to, when the reader knows it
    aliases: tuple[str, ...] = ()  # other names the value gives it ("Siam" for "Rattanakosin Kingdom (Siam)")
    title: str | None = None  # a title written outside the link to the person ("King", "Sir")
    line: int | None = None


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


_FUNCTION_WORDS = {
    "the", "from", "in", "by", "with", "to", "was", "were", "is", "are", "which", "who", "that", "for", "after",
    "before", "as", "derived", "called", "known", "also", "not", "his", "her", "their", "its",
}  # fmt: skip


_WORDS = re.compile(r"[^\W\d_][\w'’-]*")
_WORD_CHARACTER = re.compile(r"\w")


def _prose(text: str) -> bool:
    """Three or more lower-case words that are not name particles, among them words of a sentence."""
    words = _WORDS.findall(text)
    lower = [w for w in words if w[0].islower() and w.lower() not in _PARTICLES]
    return len(lower) >= 3 and any(w.lower() in _FUNCTION_WORDS for w in words if w[0].islower())


# Listed, not guessed from "-ly": Kelly, Reilly and Connolly are surnames
_SENTENCE_OPENERS = {
    "later", "never", "died", "only", "both", "did", "had", "possibly", "probably", "actually", "reportedly",
    "allegedly", "apparently", "initially", "eventually", "originally", "supposedly", "presumably", "nominally",
}  # fmt: skip


def _opens_sentence(word: str) -> bool:
    """ "Not", "Was", "Later", "Reportedly": a word a note on a commander starts with."""
    return word in _FUNCTION_WORDS or word in _SENTENCE_OPENERS


def _name_before_sentence(text: str) -> tuple[str, str] | None:
    """ "Yakov Zhilinsky Not actually involved in the battle." → (name, sentence).

    The name is the capitalised words before the first capitalised word that opens a
    sentence (the next word is in lower case); ``None`` when no name stands before it.
    """
    words = list(_WORDS.finditer(text))
    for index in range(1, len(words) - 1):
        opening, following = words[index].group(), words[index + 1].group()
        if not opening[0].isupper() or not following[0].islower() or following.lower() in _PARTICLES:
            continue
        if not _opens_sentence(opening.lower()):
            return None  # "Ong Chiang Su derived from …": a name's own word, the footnote is all prose
        before = [w.group() for w in words[:index]]
        if any(w[0].islower() and w.lower() not in _PARTICLES for w in before):
            return None  # the sentence began earlier
        if any(w.lower() in _FUNCTION_WORDS for w in before) or not _prose(text[words[index].start() :]):
            return None
        return text[: words[index].start()].strip(" ,;:-–"), text[words[index].start() :].strip()
    return None


@lru_cache(maxsize=1 << 14)
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
        chained = _CHAINED_FATES.search(name)
        if chained:
            # "Pánfilo de NarváezWIAPOW": wounded, then captured; killed outranks the rest
            marks = re.findall(_MARKS, chained.group(0))
            mark = mark or ("KIA" if "KIA" in marks else marks[-1])
            name = name[: chained.start()].rstrip()
            continue
        glued = _GLUED_FATE.search(name)
        if glued:
            mark = mark or glued["mark"]
            name = name[: glued.start()].rstrip()
            continue
        regnal = _REGNAL_FATE.search(name)
        if regnal:
            mark = mark or regnal["mark"]
            name = name[: regnal.start("mark")].rstrip()
            continue
        word = _FATE_WORD.search(name)
        if word and len(name[: word.start()].split()) >= 1:
            mark = mark or _FATE_WORDS[word["word"].lower()]
            name = name[: word.start()].rstrip()
            continue
        if _TRAILING_HASH.search(name):
            name = _TRAILING_HASH.sub("", name)  # "Suleiman I #": a marker the rendering left as "#"
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


def strip_flag_code(text: str, *, people: bool = False) -> str:
    """The name without the code a flag icon left before it ("USA George Washington").

    Before a person's name any code of three or four capitals goes ("VOC Hans Putmans"):
    no name starts so. Before a belligerent's only a country's code does, or a code before
    a name of three words or more ("VOC Dutch East India Company"), so that "ARVN Rangers",
    "IRA Volunteers" and "JNA Fifth Army" keep the acronym that is part of their name.
    """
    if people and (short := _SHORT_FLAG_CODE.match(text)) is not None:
        return text[short.end() :]  # "UK Lt-Gen. Sir William Symons"
    match = _FLAG_CODE.match(text)
    if match is None or match["code"] in _NOT_FLAG_CODES:
        return text
    rest = text[match.end() :]
    if people or match["code"] in _FLAG_CODES or len(rest.split()) >= 3:
        return rest
    return text


def standalone_label(item: str) -> str | None:
    """``"Korea:"`` → ``"Korea"``: an item that only heads the items after it."""
    item = item.strip()
    if item.endswith(":") and (not re.search(r"\d", item) or _PERIOD.fullmatch(item[:-1].strip())):
        label = item[:-1].strip()  # "Korea:", "1902–1913:"
        return label or None
    return None


_PERIOD = re.compile(r"(?:from |until |after |before )?\d{3,4}(?:\s*[–—-]\s*\d{2,4})?", re.IGNORECASE)


def split_label(item: str) -> tuple[str, str] | None:
    """``"Korea: Joseon Dynasty"`` → ("Korea", "Joseon Dynasty"), when there is a colon."""
    match = re.match(r"^(?P<label>[^:()\d]{1,80}?)\s*:\s*(?P<rest>\S.*)$", item)
    if not match:
        return None
    return match["label"].strip(), match["rest"].strip()


def is_gloss(note: str) -> bool:
    """A bracketed other name ("Siam", "Kalla", "Chiêu Tăng"), not a clause ("defected to Tokugawa side")."""
    words = note.split()
    if not words or len(words) > 4 or not looks_like_name(note) or re.search(r"\d", note):
        return False
    # an adjective of affiliation ("Lancastrian") or a service ("USN") says what, not who
    last = words[-1]
    return not (len(words) == 1 and (last.isupper() or re.search(r"(?:ian|ist|ese|ish)$", last)))


def parse_entries(
    value: str | Sequence[Item],
    *,
    people: bool,
    labels: set[str] | None = None,
    prefixes: Iterable[str] = (),
) -> list[Entry]:
    """The people (``people=True``) or belligerents of one Commander or Combatant value.

    ``labels`` are folded names known to head groups on this side (its combatants,
    labels used in its other fields), so that a label written without a colon
    ("Korea, Yi Bok-nam, …") is still read as a label. ``prefixes`` are names that
    a flag's alt text may have left before a name (the article's belligerents).
    """
    items = plain_items(value) if isinstance(value, str) else list(value)
    items = _mend(items, people)
    known = labels or set()
    residue = sorted({p for p in prefixes if p}, key=len, reverse=True)
    entries: list[Entry] = []
    group: str | None = None
    for index, item in enumerate(items):
        text = _strip_markers(item.text)
        if item.label:
            group = text.rstrip(": ") or group
            continue
        label = standalone_label(text)
        if label is not None:
            group = label
            continue
        if people and index < len(items) - 1 and _is_bare_label(text, known):
            # a group label with no colon heads names after it: last, "Liu Qi" is the person
            group = text
            continue
        role: str | None = None
        entry_group = group
        pair = split_label(text)
        if pair is not None:
            head, tail = pair
            if _heads_group(head, tail, known, people):
                group = entry_group = head
                text = tail
            else:
                text, role = head, tail
        entry = _entry(item, text, people, residue, entry_group, role)
        if entry is not None:
            entries.append(entry)
    return entries


def _entry(
    item: Item, text: str, people: bool, prefixes: Sequence[str], group: str | None, role: str | None
) -> Entry | None:
    """One name from one item's text, its marks read off."""
    title: str | None = None
    if item.shown and people and item.shown in text and item.shown != text:
        before, _, after = text.partition(item.shown)
        outside = before.split()
        if all(w.lower().strip(",") in _TITLE_WORDS for w in outside) and not after.strip(" ,").lstrip("(").strip():
            title = before.strip() or None
            text = item.shown + after
    text = _strip_alt_text(strip_flag_code(text, people=people), prefixes, people)
    name, fate, note = split_fate(text)
    name = _undouble(name.strip(" '\"") if name.count('"') % 2 else name, people)
    aliases: list[str] = list(item.aliases)
    if note and is_gloss(note):
        aliases += [note, f"{name} ({note})"]
        if not people:
            note = None
    if not name or not _WORD_CHARACTER.search(name) or _PLACEHOLDERS.match(name):
        return None
    if people and all(word.lower() in _RANKS for word in name.split()):
        return None  # "Gen. Lucas Meyer, Gen.": a rank whose name the rendering lost ("The Dauphin" is someone)
    if people and _prose(name):
        split = _name_before_sentence(name)
        if split is None:
            return None  # a footnote's sentence spilled into the list
        # "Yakov Zhilinsky Not actually involved in the battle.": the name, then a note on it
        name, sentence = split
        name, own_fate, own_note = split_fate(name)  # "Kim Si-min KIA Later died …": its marks too
        fate = fate or own_fate
        note = "; ".join(n for n in (own_note, sentence, note) if n)
    return Entry(
        name=name,
        group=group,
        fate=item.fate or fate,
        role=role,
        note=note,
        link=item.link,
        aliases=tuple(dict.fromkeys(a for a in aliases if a != name)),
        title=title,
        line=item.line,
    )


def _strip_markers(text: str) -> str:
    """ "* Kingdom of Nagpur", "• East Turk Khaganate": list markers the rendering left."""
    return text.strip().lstrip("*•·#:").strip()


def _undouble(name: str, people: bool) -> str:
    """ "Byzantine EmpireByzantine Empire", "Spain Spain": a flag's alt text and the name, both the same."""
    half = len(name) // 2
    for middle in (half, half + 1):
        left, right = name[:middle], name[middle:]
        glued = not left.endswith(" ") and not right.startswith(" ")
        # "Cao Cao" is a person's name; beside a person a flag's alt text doubles a name glued, or one of
        # several words
        if left.strip() and left.strip() == right.strip() and (not people or glued or " " in left.strip()):
            return left.strip()
    return name


def _strip_alt_text(text: str, prefixes: Sequence[str], people: bool) -> str:
    """ "Qing dynasty Zhang Peilun", "Empire of Japan Tōgō Heihachirō": the flag's alt text before a name."""
    if people and ", " in text:
        # "Holy Roman Empire Julius Francis, Duke of Saxe-Lauenburg": the flag stands before the name, not its title
        head, _, title = text.partition(", ")
        stripped = _strip_alt_text(head, prefixes, people)
        if stripped != head:
            return f"{stripped}, {title}"
    for prefix in prefixes:
        # the belligerent's name, or for a person a longer name of the same state ending in it
        # ("Nazi Germany" for Germany)
        longer, after = (r"(?:[A-Z][\w'’.–-]*\s+){0,2}", r"\s") if people else ("", " ")
        flag = re.match(rf"{longer}{re.escape(prefix)}{after}", text)
        if flag is not None and len(text) > flag.end():
            rest = text[flag.end() :].strip()
            # "Israel Tal" is a name; "Empire of Japan Tōgō Heihachirō" a flag's text and a name
            if rest[:1].isupper() and looks_like_name(rest) and (len(rest.split()) >= 2 or not people):
                return rest
    ends_in_state = _STATE_PREFIX.match(text)
    match = ends_in_state or (_STATE_OF_PREFIX.match(text) if people else None)
    if match is None:
        return text
    rest = match["rest"]
    words = rest.split()
    if words[-1].lower() in _ORGANISATIONS or not looks_like_name(rest):
        return text
    if people and len(words) < 2 and not ends_in_state:
        return text  # after "Kingdom of X" one more word may be the end of the state's name
    if not people and len(words) > 2:
        return text  # a country's name after the flag's has one or two words
    return rest


#: Image parameters a rendering left as items: "border|23px Goryeo" becomes "border", "Goryeo".
_IMAGE_WORDS = {"border", "frameless", "frame", "thumb", "thumbnail", "upright", "left", "right", "center", "none"}
_LIST_TEMPLATES = {"ubl", "plainlist", "flatlist", "hlist", "unbulleted list", "bulleted list", "collapsible list"}
_STYLES = ("Lord", "Lady", "Sir", "Earl", "Viscount", "Baron", "Duke", "Marquess", "Count")
_STYLED = re.compile(rf"^(?:{'|'.join(_STYLES)})\s+(?P<place>[A-Z][\w'-]+)$")


def _shown_again(previous: str, text: str) -> bool:
    """Whether ``text`` is the name ``previous`` was shown as: the same without its bracket, or the style of a
    peer ("Ivor Guest, 1st Viscount Wimborne" shown as "Lord Wimborne")."""
    if not previous.endswith(")") and not text.startswith(_STYLES):
        return False
    name = split_fate(text)[0]
    before = split_fate(previous)[0]
    if name == before and _TRAILING_NOTE.search(previous):
        return True
    styled = _STYLED.match(name)
    if styled is None or "," not in before:
        return False
    return re.search(rf"\b{re.escape(styled['place'])}\b", before) is not None


_ONLY_FATE = re.compile(rf"^\(?(?:{_MARKS}|†)\)?$")


_GENERATION = re.compile(r"(?:Jr|Sr|Jnr|Snr)\.?", re.IGNORECASE)


def _mend(items: list[Item], people: bool) -> list[Item]:
    """Put back together what comma-splitting broke, and cut what a footnote spilled in."""
    out: list[Item] = []
    items = _units_apart(_cut_at_glued_marks(items)) if people else items
    for index, item in enumerate(items):
        text = item.text.strip()
        following = items[index + 1].text.strip() if index + 1 < len(items) else ""
        if _strip_markers(text).lower() in _IMAGE_WORDS or text.lower() in _LIST_TEMPLATES:
            continue
        if people and out and not item.link and _shown_again(out[-1].text, text):
            # "John Maxwell (British Army officer), John Maxwell", "Ivor Guest, 1st Viscount Wimborne, Lord
            # Wimborne": a link's target, then the name it shows, which is the person's other name
            shown = split_fate(text)[0]
            out[-1] = replace(out[-1], aliases=tuple(dict.fromkeys((*out[-1].aliases, shown))))
            continue
        if people and _ONLY_FATE.match(text):
            # "Adam Ludwig Lewenhaupt, POW": a mark the comma cut off the name before it; with no name, nothing.
            # Marks in a row ("Vladimir Shamanov, KIA, KIA") are people whose names the rendering lost.
            in_a_row = bool(_ONLY_FATE.match(following)) or bool(
                out and _ONLY_FATE.match(items[index - 1].text.strip())
            )
            if (
                out
                and not in_a_row
                and out[-1].fate is None
                and not _ONLY_FATE.match(out[-1].text)
                and not split_fate(out[-1].text)[1]
            ):
                mark = text.strip("()")
                out[-1] = replace(out[-1], text=f"{out[-1].text} {mark}" if mark == "†" else f"{out[-1].text} ({mark})")
            continue
        if people and out and _GENERATION.fullmatch(split_fate(text)[0]):
            out[-1] = replace(out[-1], text=f"{out[-1].text}, {text}")  # "William Halsey, Jr."
            continue
        if people and text.startswith("(") and text.endswith(")") and out:
            out[-1] = replace(out[-1], text=f"{out[-1].text} {text}")  # a gloss on its own line
            continue
        if ")" in text and text.count(")") > text.count("(") and not item.link:
            # "Nguyễn Ánh) in Siamese royal records": the end of a footnote's bracket
            text = text.split(")", 1)[0].strip()
            item = replace(item, text=text)
            if not text:
                continue
        if out and people and not item.link and _continues_name(out[-1].text, text, following):
            previous = out[-1]
            out[-1] = replace(previous, text=f"{previous.text}, {text}", fate=previous.fate or item.fate)
            continue
        if out and not people and _ends_enumeration(out, item):
            start = _enumeration_start(out)
            joined = ", ".join(i.text.strip() for i in [*out[start:], item])
            out[start:] = [replace(out[start], text=joined)]
            continue
        out.append(item)
    return out


# "Earl of NorthumberlandKIA Sir Andrew TrollopeKIA": a mark glued to a word and followed by another
# name ends a name; the rendering lost the separator between them
_INNER_GLUED_MARK = re.compile(
    rf"(?:(?<=[a-zà-ÿ])|(?<= [IVX])|(?<= [IVX]{{2}})|(?<= [IVX]{{3}})|(?<= [IVX]{{4}}))(?:{_MARKS})(?=\s+[A-Z])"
)  # "Henry VIPOW Duke of SomersetKIA": after a regnal number too


# A unit's designation after a commander's name, the line break between them lost: "Richard T. Knowles 1st
# Air Cavalry Division Fwd CP", "Lê Xuân Phôi 8/66KIA", "Nguyễn Hữu An B3 Front Fwd CP commander"
_UNIT_WORDS = (
    r"(?:Army|Armies|Corps|Division|Brigade|Regiment|Battalion|Bn|Company|Coy|Squadron|Wing|Group|Fleet|Flotilla|"
    r"Cavalry|Cav|Infantry|Inf|Artillery|Armou?red|Airborne|Marines?|Rifles|Guards|Front|Legion|Panzer|Div|Bde|Regt)"
)
_DESIGNATION = rf"(?:\d+(?:st|nd|rd|th)\s+\S|\d+/\d+(?![\d/])|[A-Z]\d{{1,3}}\s+{_UNIT_WORDS}\b)"
_NAME_THEN_UNIT = re.compile(
    rf"^(?P<name>(?:[A-ZÀ-ÞĀ-Ỹ][\w.'’-]*\s+){{1,4}}[A-ZÀ-ÞĀ-Ỹ][\w.'’-]*)\s+(?P<unit>{_DESIGNATION}.*)$"
)
# an item that is only a unit ("1st Battalion", "7th Cavalry"): the previous commander's
_UNIT_ITEM = re.compile(rf"^(?:\d+(?:st|nd|rd|th)\s+(?:\w+\s+){{0,3}}{_UNIT_WORDS}|[A-Z]\d{{1,3}}\s+{_UNIT_WORDS})\b")


# "1st Cavalry Division: Harry Kinnard", "1st Panzer Division (Hasso von Manteuffel)", "3rd Division (Picton)": a
# unit, then its commander (not "9th Army (Germany)", "1st Cavalry Division (Airmobile)")
_AFTER_UNIT = re.compile(r"(?::\s*(?P<labelled>[^:()]+)|\((?P<bracketed>[^()]+)\))\s*$")
_NOT_COMMANDERS = {
    "airmobile", "airborne", "mechanized", "mechanised", "motorized", "motorised", "armored", "armoured", "reserve",
    "provisional", "light", "heavy", "guards", "germany", "britain", "france", "italy", "japan", "russia", "ussr",
    "soviet", "us", "uk", "usa", "china", "poland", "romania", "hungary", "finland", "austria", "prussia", "spain",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december",
}  # fmt: skip


def _commander_after(text: str) -> bool:
    """Whether a unit's item goes on to name its commander, after a colon or in brackets."""
    found = _AFTER_UNIT.search(text)
    if found is None:
        return False
    name = (found["labelled"] or found["bracketed"] or "").strip()
    words = name.split()
    if not words or not name[:1].isupper() or any(char.isdigit() for char in name):
        return False
    return not (len(words) == 1 and words[0].lower().strip(".") in _NOT_COMMANDERS)


def _units_apart(items: list[Item]) -> list[Item]:
    """Names with a unit after them keep it as a note; an item that is only a unit is the note of the name before
    it, unless that name already has one (then the unit's own commander is the one whose name was lost)."""
    out: list[Item] = []
    noted = False
    for item in items:
        text = item.text.strip()
        if not any(char.isdigit() for char in text):
            out.append(item)  # every designation holds a number
            noted = False
            continue
        unit_only = _UNIT_ITEM.match(text) is not None and not _commander_after(text)
        if unit_only and not out and split_fate(text)[1] is None:
            continue  # "54th Soviet Rifle Division" alone: a unit, its commander not named
        if unit_only and out:
            fate = split_fate(text)[1]
            if not noted and fate is None:
                previous = out[-1]
                unit = text.replace("(", "").replace(")", "")  # "9th Army (Germany)" inside the note's brackets
                out[-1] = replace(previous, text=f"{previous.text} ({unit})")
            elif noted and out[-1].text.endswith(")") and _UNIT_ITEM.match(out[-1].text.rsplit("(", 1)[-1]):
                previous = out[-1]
                out[-1] = replace(previous, text=f"{previous.text[:-1]}, {text})")  # "1st Battalion, 7th Cavalry"
            continue
        found = _NAME_THEN_UNIT.match(text)
        if found and not _PEERAGE_ITEM.match(found["unit"]) and looks_like_name(found["name"]):
            unit, fate, _ = split_fate(found["unit"])
            marked = f"{found['name']} ({unit.strip()})" + (f" ({fate})" if fate else "")
            out.append(replace(item, text=marked))
            noted = True
            continue
        out.append(item)
        noted = False
    return out


_HAS_MARK = re.compile(_MARKS)


def _cut_at_glued_marks(items: list[Item]) -> list[Item]:
    out: list[Item] = []
    for item in items:
        if not _HAS_MARK.search(item.text):
            out.append(item)
            continue
        # not before a sentence about the name ("Kim Si-minKIA Later died of his wounds")
        cuts = [m.end() for m in _INNER_GLUED_MARK.finditer(item.text) if not _prose(item.text[m.end() :])]
        if not cuts or item.link:
            out.append(item)
            continue
        starts = [0, *cuts]
        ends = [*cuts, len(item.text)]
        out += [replace(item, text=item.text[a:b].strip(), fate=None) for a, b in zip(starts, ends, strict=True)]
        out[-1] = replace(out[-1], fate=item.fate)
    return out


def _continues_name(previous: str, text: str, following: str = "") -> bool:
    """ "Charles II" + "Count of Alençon": a peerage after a person's name is part of it."""
    # "Edward, the Black Prince"; not "Baibars, the Mamluk Sultan Qutuz", where a title names another person
    words = text.split()
    epithet = _EPITHET_ITEM.match(text) is not None and not any(w.lower() in _TITLE_WORDS for w in words[1:-1])
    bare = _BARE_TITLE.match(text) is not None  # "John, Baron RosKIA": a peerage written without "of"
    if not _PEERAGE_ITEM.match(text) and not _ORDINAL_TITLE.match(text) and not epithet and not bare:
        return False
    name, fate, _ = split_fate(previous)
    if fate is not None or name.lower().startswith("the "):
        # "King Edward IIIWIA, Earl of Huntingdon": a fate mark ends the name before it; "the Mamluk Sultan
        # Qutuz, the Dauphin": a name by title takes no more
        return False
    if not name or not looks_like_name(name) or _PEERAGE_ITEM.match(name) or " of " in name or ":" in name:
        return False
    if _ORDINAL_PEERAGE.match(text) or _STYLE.match(text) or epithet:
        # "Robert Maxwell, 1st Earl of Nithsdale", "Al-Ashraf Musa, Emir of Homs": a numbered peerage or a
        # ruler's style after a name is always that person's
        return True
    if bool(_REGNAL_END.search(name)) or len(name.split()) == 1:
        return True
    # After a full name an English title is the person's own more often than not ("John Stewart, Earl of
    # Buchan", "Juan Manuel, Prince of Villena": 10 of 12 real lists of the sweep); in a run of titles it is
    # the next commander's ("Jean de Gassion, Duke of La Ferté-Senneterre, Marquis of Espenan"); a French or
    # German title is another man's ("Moses Hazen, Comte de Rochambeau", "Louis de la Tremoille, Seigneur de
    # Bonnivet")
    english = re.match(r"^(?:[A-Z][a-z]+\s+){1,2}of\s", text) is not None
    epithet_before = " the " in f" {name} "  # "Edward the Black Prince, Earl of Northampton": two men
    return (
        english
        and not bare
        and not epithet_before
        and not (_PEERAGE_ITEM.match(following) or _ORDINAL_TITLE.match(following))
    )


_DEMONYM = re.compile(r"^[A-Z][a-zà-ÿ]+(?:ish|ian|an|ese|ic|ch|i|ean)$")


def _is_demonym(text: str) -> bool:
    return bool(_DEMONYM.match(text.strip()))


def _enumeration_start(items: Sequence[Item]) -> int:
    start = len(items)
    while start > 0 and _is_demonym(items[start - 1].text):
        start -= 1
    return start


def _ends_enumeration(items: Sequence[Item], item: Item) -> bool:
    """ "Frankish, English, Norman, …, Turkic Pecheneg and Cuman mercenaries": peoples before one noun."""
    start = _enumeration_start(items)
    if len(items) - start < 2:
        return False
    words = item.text.split()
    return len(words) >= 2 and words[-1][:1].islower() and words[-1].endswith("s")


def _is_bare_label(item: str, known: set[str]) -> bool:
    folded = fold(item)
    return bool(folded) and folded in known


_GROUP_NOUNS = {"commanders", "leaders", "generals", "officers", "chiefs", "forces", "allies", "admirals", "chieftains"}


def _heads_group(head: str, tail: str, known: set[str], people: bool) -> bool:
    """In "X: Y", is X a group label (and Y the name), or is Y a description of X?"""
    if not looks_like_name(tail):
        return False  # "Ii Naomasa: Supreme field commander", "Western Army: Forces loyal to …"
    if fold(head) in known:
        return True
    if head.split()[-1].lower() in _GROUP_NOUNS:
        return True  # "Spanish commanders: Hernán Cortés", "Tlaxcalan leaders: Xicotencatl"
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
