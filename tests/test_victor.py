"""Who won: bg:victor only when the Result names exactly one side."""

from __future__ import annotations

import pytest

from battlegraph._article import parse_article, read_article
from battlegraph._extraction import extract

from .conftest import ARTICLES


@pytest.mark.parametrize(
    ("article", "victor"),
    [
        ("siege_of_jinju_1592", 2),  # "Korean victory" → the side of the Korean army
        ("siege_of_namwon", 1),  # "Japanese victory"
        ("00_battle_of_sekigahara", 2),  # "Eastern army victory"
        ("01_siege_of_osaka", 1),  # "Tokugawa victory": by the commanders' family name
        ("02_oei_invasion", None),  # "Inconclusive"
        ("03_qing_invasion_of_joseon", 1),  # "Qing victory, Joseon switches …"
        ("05_paekche_tang_war", 1),  # "Tang-Silla coalition victory": both on side 1
        ("07_united_states_expedition_to_korea", None),  # "Successful punitive expedition …"
        ("11_battle_of_the_yalu_river_1894", 1),  # "Japanese victory" → "Japan"
        ("12_later_jin_invasion_of_joseon", 2),  # "Later Jin victory" → "Later Jin dynasty"
        ("14_kapsin_coup", None),  # "Coup failed"
        ("15_siege_of_takato_1582", 1),  # "Oda victory" → "Forces of Oda Nobunaga"
        ("17_korean_jurchen_border_conflicts", None),  # per-period result
    ],
)
def test_victor_of_real_articles(article: str, victor: int | None) -> None:
    assert extract(read_article(ARTICLES / f"{article}.txt")).battle.victor == victor


TEMPLATE = """= Test =

Infobox
- Result: {result}
- Combatant1: Joseon, Ming dynasty
- Combatant2: Toyotomi Japan
- Commander1: Korea:, Yi Sun-sin, Ming:, Chen Lin
- Commander2: Konishi Yukinaga
"""


@pytest.mark.parametrize(
    ("result", "victor"),
    [
        ("Decisive Joseon victory", 1),
        ("Ming–Joseon victory", 1),
        ("Korean victory", 1),  # the "Korea:" group label on side 1
        ("Japanese victory", 2),
        ("Pyrrhic Toyotomi victory", 2),
        ("End of the Imjin War", None),
        ("Inconclusive", None),
        ("Joseon–Japanese victory", None),  # names both sides
        ("Mongol victory", None),  # names no side
        ("Stalemate; both sides claimed victory", None),
        ("", None),
    ],
)
def test_victor_rule(result: str, victor: int | None) -> None:
    battle = extract(parse_article(TEMPLATE.format(result=result), "t.txt")).battle
    assert battle.victor == victor
