"""Extraction beyond the gold files: order of battle, stated totals, diagnostics, odd infoboxes."""

from __future__ import annotations

import pytest

from battlegraph._article import parse_article, read_article
from battlegraph._errors import NotABattleError
from battlegraph._extraction import extract

from .conftest import ARTICLES

JINJU = (ARTICLES / "siege_of_jinju_1592.txt").read_text(encoding="utf-8")


def test_jinju_order_of_battle_goes_to_the_side_it_names() -> None:
    battle = extract(read_article(ARTICLES / "siege_of_jinju_1592.txt")).battle
    japanese, korean = battle.sides
    assert [c.leaders for c in korean.contingents] == [
        ("Kim Si-min",),
        ("Yi Gwang-ak",),
        ("Gwak Jaeu",),
        ("Choi Gyeong-hoe", "Im Gye-yeong"),
    ]
    assert sum(c.size.value.min or 0 for c in japanese.contingents) == 24407
    assert [(t.value.min, t.value.unit) for t in japanese.stated_totals] == [(30000, "soldiers")]
    assert [(t.value.min, t.value.unit) for t in korean.stated_totals] == [(3800, "soldiers"), (2200, "irregulars")]
    first = korean.contingents[0].size
    assert (first.source.field, first.source.line) == ("Military strength / Joseon", 23)


def test_sides_follow_key_numbers_not_line_order() -> None:
    battle = extract(read_article(ARTICLES / "11_battle_of_the_yalu_river_1894.txt")).battle
    assert [c.name for c in battle.side(1).commanders] == ["Itō Sukeyuki", "Tsuboi Kōzō"]  # type: ignore[union-attr]
    assert battle.side(2).belligerents == ()  # type: ignore[union-attr]


def test_keys_are_compared_like_the_template_does() -> None:
    text = JINJU.replace("- Partof:", "- Part of:").replace("- Combatant1:", "- combatant_1:")
    battle = extract(parse_article(text, "x.txt")).battle
    assert battle.wars == ("Japanese invasions of Korea",)
    assert [b.name for b in battle.side(1).belligerents] == ["Japanese Seventh Division"]  # type: ignore[union-attr]


def test_repeated_key_keeps_the_last_value_and_says_so() -> None:
    text = JINJU.replace("- Result: Korean victory", "- Result: Korean victory\n- Result: Japanese retreat")
    result = extract(parse_article(text, "x.txt"))
    assert result.battle.result == "Japanese retreat"
    (diagnostic,) = result.diagnostics
    assert "repeats line" in diagnostic.message and diagnostic.line == 10 and diagnostic.path == "x.txt"


def test_order_of_battle_naming_nobody_is_reported_not_guessed() -> None:
    text = JINJU.replace("- Kim Si-min – 3,700 soldiers", "- Nobody Known – 3,700 soldiers")
    text = text.replace("- Yi Gwang-ak – 100 soldiers\n- Gwak Jaeu – 200 irregulars\n", "")
    text = text.replace("- Choi Gyeong-hoe, Im Gye-yeong – 2,000 irregulars\n", "")
    text = text.replace("===Joseon===", "===Reserves===")
    result = extract(parse_article(text, "x.txt"))
    assert any("names no side's commanders" in d.message for d in result.diagnostics)
    assert result.battle.sides[1].contingents == ()


def test_order_of_battle_heading_decides_when_no_commander_is_named() -> None:
    text = JINJU.replace("- Kim Si-min – 3,700 soldiers", "- Unlisted Officer – 3,700 soldiers")
    text = text.replace("- Yi Gwang-ak – 100 soldiers\n- Gwak Jaeu – 200 irregulars\n", "")
    text = text.replace("- Choi Gyeong-hoe, Im Gye-yeong – 2,000 irregulars\n", "")
    text = text.replace("===Joseon===", "===Korean army===")
    battle = extract(parse_article(text, "x.txt")).battle
    assert [c.leaders for c in battle.sides[1].contingents] == [("Unlisted Officer",)]


def test_prose_bullets_are_not_contingents() -> None:
    with pytest.raises(NotABattleError):
        extract(read_article(ARTICLES / "19_izu_suigun.txt"))
    text = JINJU + "\n==Legacy==\n- The fortress (rebuilt 1605)\n- 3 museums\n"
    battle = extract(parse_article(text, "x.txt")).battle
    assert sum(len(s.contingents) for s in battle.sides) == 12


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("18_wiman_choson", "not a military-conflict infobox"),
        ("19_izu_suigun", "no infobox"),
    ],
)
def test_non_battles_say_why(name: str, reason: str) -> None:
    with pytest.raises(NotABattleError, match=reason) as caught:
        extract(read_article(ARTICLES / f"{name}.txt"))
    assert caught.value.path and caught.value.path.endswith(f"{name}.txt")


def test_see_also_and_calendar() -> None:
    battle = extract(read_article(ARTICLES / "siege_of_jinju_1592.txt")).battle
    assert battle.see_also[0] == "Battle of Hansan Island"
    assert battle.calendar == "gregorian"
    assert battle.date_text and "Lunar" in battle.date_text


def test_three_sides_and_units() -> None:
    text = (
        "= Three-way fight =\n\nInfobox\n- Conflict: Three-way fight\n- Date: 1600\n"
        "- Combatant1: A\n- Combatant2: B\n- Combatant3: C\n- Commander3: Chief Cee\n"
        "- Units3: First Guard, Second Guard\n- Strength3: 1,000\n- Casualties3: 10 killed\n"
    )
    battle = extract(parse_article(text, "x.txt")).battle
    third = battle.side(3)
    assert third is not None
    assert [b.name for b in third.belligerents] == ["C"] and third.units == ("First Guard", "Second Guard")
    assert third.casualties[0].value.category == "Killed"


def test_rendering_quirks_fixture() -> None:
    battle = extract(read_article(ARTICLES.parent / "constructed" / "rendering_quirks.txt")).battle
    assert battle.wars == ("Japanese invasions of Korea (1592–1598)",)
    assert (battle.start and battle.start.lexical, battle.calendar) == ("1597-10-26", "gregorian")
    korean, japanese = battle.sides
    assert [b.name for b in korean.belligerents] == ["Joseon"]  # "20px" flag residue gone
    assert [c.name for c in korean.commanders] == ["Yi Sun-sin", "Kim Eok-chu", "Ahn Wi"]  # split at <br/ >
    assert [(c.name, c.fate) for c in japanese.commanders][:1] == [("Tōdō Takatora", "WIA")]
    assert ("Kurushima Michifusa", "KIA") in [(c.name, c.fate) for c in japanese.commanders]
    assert [(f.value.min, f.value.max, f.value.category) for f in japanese.strengths] == [
        (120, 133, "Ships"),
        (200, None, "Ships"),
    ]
    # a bullet "Total:" line is the stated total, never a contingent led by "Total"
    assert [c.leaders for c in japanese.contingents] == [("Tōdō Takatora", "Katō Yoshiaki")]
    assert [t.value.min for t in japanese.stated_totals] == [133]
