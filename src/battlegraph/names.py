"""Names in infobox values: people and belligerents, their group labels and fates.

The rendering loses the structure of the wiki templates, so these functions
recover it from what survives: ``Label:`` items that head a group, ``KIA`` glued
to a name, a role after a colon, a note in brackets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .text import clean, fold, split_items

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
