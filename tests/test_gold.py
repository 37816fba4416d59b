"""Score the extractor against the gold facts of every real article in tests/data (seeds and dev corpus).

The gold files say what a correct extractor reads from each article (schema in
tests/data/README.md). Every field must match: this is the regression net under
the grammars in values.py and dates.py.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from battlegraph.article import read_article
from battlegraph.errors import NotABattleError
from battlegraph.extract import extract
from battlegraph.model import Figure

from .conftest import ARTICLES, GOLD

CATEGORY = {
    "Personnel": "personnel", "Ships": "ships", "Equipment": "equipment", "Killed": "killed",
    "Wounded": "wounded", "Captured": "captured", "CasualtiesUnspecified": "casualties",
    "ShipsLost": "ships_lost", "ShipsDamaged": "ships_damaged", "OtherQuantity": "other",
}  # fmt: skip


def norm(text: str | None) -> str | None:
    if text is None:
        return None
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip(" ,;|").casefold()
    return re.sub(r"^the ", "", text)


def astronomical(gold: str | None) -> str | None:
    """Gold writes 109 BCE as -0109; battlegraph uses XSD 1.1 years, where it is -0108."""
    if gold is None or not gold.startswith("-"):
        return gold
    year, rest = int(gold[1:5]), gold[5:]
    return f"-{year - 1:04d}{rest}" if year > 1 else f"0000{rest}"


def bounded(items: list[dict[str, Any]]) -> Counter[tuple[Any, ...]]:
    return Counter(
        (item["min"], item["max"], item["category"])
        for item in items
        if item.get("min") is not None or item.get("max") is not None
    )


def got_bounded(figures: tuple[Figure, ...]) -> Counter[tuple[Any, ...]]:
    return Counter((f.value.min, f.value.max, CATEGORY[f.value.category]) for f in figures if f.value.bounded)


GOLD_FILES = sorted(GOLD.glob("*.json"))


@pytest.mark.parametrize("gold_file", GOLD_FILES, ids=[p.stem for p in GOLD_FILES])
def test_article_matches_gold(gold_file: Path) -> None:
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    article = read_article(ARTICLES / f"{gold_file.stem}.txt")
    if not gold.get("has_conflict_infobox", True):
        with pytest.raises(NotABattleError):
            extract(article)
        return
    battle = extract(article).battle
    assert norm(battle.title) == norm(gold["title"])
    assert norm(battle.conflict_name) == norm(gold.get("conflict"))
    assert [norm(w) for w in battle.wars] == ([norm(gold["part_of"])] if gold.get("part_of") else [])
    assert (battle.start.lexical if battle.start else None) == astronomical(gold.get("start_date"))
    assert (battle.end.lexical if battle.end else None) == astronomical(gold.get("end_date"))
    assert norm(battle.place) == norm(gold.get("place"))
    assert norm(battle.result) == norm(gold.get("result"))
    assert [side.number for side in battle.sides] == list(range(1, len(gold["sides"]) + 1))
    for side, want in zip(battle.sides, gold["sides"], strict=True):
        assert [norm(b.name) for b in side.belligerents] == [norm(c) for c in want["combatants"]]
        assert [(norm(c.name), c.fate == "KIA") for c in side.commanders] == [
            (norm(c["name"]), bool(c.get("kia"))) for c in want["commanders"]
        ]
        assert got_bounded(side.strengths) == bounded(want.get("strength", []))
        assert got_bounded(side.casualties) == bounded(want.get("casualties", []))
    contingents = Counter(
        (side.number, frozenset(norm(n) for n in c.leaders), c.size.value.min)
        for side in battle.sides
        for c in side.contingents
    )
    assert contingents == Counter(
        (c["side"], frozenset(norm(n) for n in c["commanders"]), c["count"]) for c in gold.get("contingents", [])
    )
