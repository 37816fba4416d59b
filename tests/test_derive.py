"""The derived facts (a side's personnel, its casualty totals): the rule pinned on real articles, and every reader agreeing with it."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import QuerySolutions, Store

from battlegraph import _derive as derive
from battlegraph._article import read_article
from battlegraph._building import build
from battlegraph._errors import BattlegraphError
from battlegraph._extraction import extract
from battlegraph._iris import DEFAULT_BASE
from battlegraph._model import Side
from battlegraph._publish.pages import personnel as page_personnel
from battlegraph._publish.view import View
from battlegraph._queries import canned_queries, run_local
from battlegraph._store import open_store

from .conftest import ARTICLES

DEV2 = Path(__file__).parent / "data" / "dev2" / "articles"

# article, side → personnel (low, high), each checked by hand against the infobox's Strength lines
PERSONNEL = [
    ("siege_of_jinju_1592", 1, (30000, 30000)),
    ("siege_of_jinju_1592", 2, (6000, 6000)),  # 3,800 soldiers + 2,200+ irregulars; 170 muskets are not people
    ("siege_of_namwon", 1, (50000, 68000)),
    ("siege_of_namwon", 2, (3700, 4000)),  # Korea: 700–1,000 + Ming: 3,000 men
    ("00_battle_of_sekigahara", 1, (120000, 120000)),  # 120,000 initially / 81,890 by the time of battle
    ("00_battle_of_sekigahara", 2, (88888, 88888)),  # 75,000 initially / 88,888 by the time of battle
    ("01_siege_of_osaka", 2, (120000, 120000)),  # 120,000 (winter) / 60,000 (summer): alternatives
    ("04_ordos_campaign_1592", 1, (20000, 30000)),  # 20,000 or 30,000
    ("04_ordos_campaign_1592", 2, None),  # 400 cannons only
    ("06_han_conquest_of_gojoseon", 2, (50000, 50000)),  # 50,000+: the open bound taken from the other
    ("08_siege_of_fort_zeelandia", 1, (25000, 25000)),  # "of whom 6,000 advanced on the fort" is a part
    ("08_siege_of_fort_zeelandia", 2, (1745, 1745)),  # 905 + 140 soldiers + 700 sailors; ships are not people
    ("11_battle_of_the_yalu_river_1894", 1, None),  # ships only
    ("16_goryeo_khitan_war", 2, (800000, 800000)),  # three conflicts: alternatives, the largest kept
]

# article, side → casualty totals by category
CASUALTIES = [
    ("siege_of_jinju_1592", 1, {"Killed": (10300, 10300)}),
    ("siege_of_jinju_1592", 2, {"CasualtiesUnspecified": (0, 1000)}),  # "less than 1,000": open lower bound is 0
    ("00_battle_of_sekigahara", 2, {"Killed": (8000, 10000)}),
    ("07_united_states_expedition_to_korea", 1, {"Killed": (3, 3), "Wounded": (10, 10), "ShipsDamaged": (1, 1)}),
    ("11_battle_of_the_yalu_river_1894", 2, {"CasualtiesUnspecified": (1350, 1350), "ShipsLost": (5, 5)}),
]


def _side(article: str, number: int) -> Side:
    battle = extract(read_article(ARTICLES / f"{article}.txt")).battle
    return next(side for side in battle.sides if side.number == number)


@pytest.mark.parametrize(("article", "number", "expected"), PERSONNEL)
def test_personnel_rule(article: str, number: int, expected: tuple[int, int] | None) -> None:
    found = derive.personnel(_side(article, number))
    assert ((found.low, found.high) if found else None) == expected


@pytest.mark.parametrize(("article", "number", "expected"), CASUALTIES)
def test_casualty_rule(article: str, number: int, expected: dict[str, tuple[int, int]]) -> None:
    found = {t.category: (t.low, t.high) for t in derive.casualty_totals(_side(article, number))}
    assert found == expected


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Store:
    out = tmp_path_factory.mktemp("derive-out")
    build([ARTICLES, DEV2], out, formats=("nq",), validate=False)
    return open_store(out / "store")


def _expected(folder: Path) -> dict[tuple[str, int], tuple[int, int]]:
    """Every side's personnel by the rule, straight from extraction."""
    out = {}
    for path in sorted(folder.glob("*.txt")):
        try:
            battle = extract(read_article(path)).battle
        except BattlegraphError:  # articles without a conflict infobox are not built either
            continue
        for side in battle.sides:
            if (found := derive.personnel(side)) is not None:
                out[(battle.title, side.number)] = (found.low, found.high)
    return out


def test_graph_queries_and_pages_agree_with_the_rule(corpus: Store) -> None:
    """What extraction derives is what the graph holds, what force-ratio answers and what the pages draw."""
    expected = _expected(ARTICLES) | _expected(DEV2)
    assert len(expected) > 60
    answered = {(r["battle"], r["side"]): (r["low"], r["high"]) for r in
                run_local(corpus, canned_queries()["force-ratio"], {}).records()}  # fmt: skip
    assert answered == expected
    view = View(corpus, DEFAULT_BASE)
    drawn = {}
    sides = corpus.query(
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX bg: <https://w3id.org/battlegraph/ontology#> "
        "SELECT ?side ?number ?title WHERE { ?b bg:side ?side ; rdfs:label ?title . ?side bg:sideNumber ?number }",
        use_default_graph_as_union=True,
    )
    assert isinstance(sides, QuerySolutions)
    for side, number, title in sides:
        low, high = page_personnel(view, side.value)
        if low is not None and high is not None:
            drawn[(title.value, int(number.value))] = (low, high)
    assert drawn == expected
