"""Combatant and Commander cells of real battle articles, each kind of residue with its rule.

``data/names.tsv`` holds 128 cells of 62 battle pages: 97 from English Wikipedia in the same
plain-text rendering as the corpora (Plassey to Long Tan, Yamen to Poltava) and 31 from
mirrors that keep a flag's alt text or file name before a name, collected
for the kinds of residue the dev corpora showed: flag alt text before a name, doubled
names, icon sizes, bullets and ally markers, image parameters left as items, fates
glued to names and to regnal numbers or cut off by a comma, bracketed glosses and names
with commas. ``expected`` lists the names a careful reader sees (`` | `` between them,
``{KIA}`` after a name killed in action, ``[label]`` before a group); titles such as
"General" or "Sir" are compared without, since the collector left them out. Cells
whose names the rendering lost altogether are not in the file: no rule can read them.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

from battlegraph._names import parse_entries
from battlegraph._text import fold

DATA = Path(__file__).parent / "data" / "names.tsv"
TITLES = {
    "king",
    "queen",
    "emperor",
    "general",
    "gen.",
    "col.",
    "lt.",
    "colonel",
    "major",
    "admiral",
    "sir",
    "caliph",
    "prince",
    "nawab",
    "sultan",
    "count",
    "chief",
    "commander",
    "imperial",
    "commissioner",
    "viceroy",
    "havildar",
    "lord",
    "shah",
    "emir",
    "maj.",
    "capt.",
    "captain",
    "brig.",
    "brigadier",
    "lieutenant",
    "lieutenant-colonel",
    "marshal",
    "field",
    "vice",
    "rear",
}


def _rows() -> list[dict[str, str]]:
    with DATA.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream, delimiter="\t"))


ROWS = _rows()


def _key(name: str) -> str:
    words = name.split()
    while len(words) > 1 and words[0].lower() in TITLES:
        words = words[1:]
    return fold(" ".join(words))


def _expected(row: dict[str, str]) -> Counter[tuple[str, bool]]:
    out: Counter[tuple[str, bool]] = Counter()
    for part in row["expected"].replace("||", "|").split("|"):
        part = re.sub(r"^\[[^\]]*\]\s*", "", part.strip())
        fate = re.search(r"\{(\w+)\}$", part)
        name = re.sub(r"\s*\{\w+\}$", "", part).strip()
        lost = "fate-icon-lost" in row["kinds"]  # the mark is not in the text: only the name can be read
        if name:
            out[(_key(name), bool(fate and fate.group(1) == "KIA") and not lost)] += 1
    return out


def _belligerents(page: str) -> list[str]:
    """The names of a page's belligerents: what a flag's alt text before a commander may say."""
    return [
        e.name
        for r in ROWS
        if r["page"] == page and r["cell"] == "combatant"
        for e in parse_entries(r["raw"], people=False)
    ]


@pytest.mark.parametrize("row", ROWS, ids=[f"{i}:{r['page'][:30]}:{r['raw'][:30]}" for i, r in enumerate(ROWS)])
def test_cell(row: dict[str, str]) -> None:
    people = row["cell"] == "commander"
    entries = parse_entries(row["raw"], people=people, prefixes=_belligerents(row["page"]) if people else ())
    lost = "fate-icon-lost" in row["kinds"]
    got = Counter((_key(e.name), e.fate == "KIA" and not lost) for e in entries)
    assert got == _expected(row), row["kinds"]


def test_every_kind_of_residue_is_in_the_file() -> None:
    kinds = Counter(kind for row in ROWS for kind in row["kinds"].split(",") if kind)
    for kind in ("flag-name-prefix", "doubled-name", "icon-size", "ally-marker", "fate-glued", "fate-glued-to-numeral",
                 "fate-as-separate-item", "image-param-residue", "parenthesised-gloss", "name-with-comma"):  # fmt: skip
        assert kinds[kind] >= 1, kind
