"""Wikitext pages: templates rendered as the plain-text rendering shows them, links kept as identity."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from battlegraph.errors import NotABattleError
from battlegraph.extract import extract
from battlegraph.iris import Minter
from battlegraph.rdf import battle_graph
from battlegraph.wikitext import parse_wikitext, render

from .conftest import ARTICLES

WIKI = Path(__file__).parent / "data" / "wikitext"
BG = "https://w3id.org/battlegraph/ontology#"
# Where two files of one article must differ: their names, hashes and line numbers.
FILE_BOUND = {BG + "fileName", BG + "sha256", BG + "sourceLine"}
PAGE = URIRef("http://xmlns.com/foaf/0.1/isPrimaryTopicOf")


def infobox_line(wikitext: str, key: str) -> str:
    text, _ = render("T", "{{Infobox military conflict\n" + wikitext + "\n}}")
    return next(line.split(": ", 1)[1] for line in text.splitlines() if line.startswith(f"- {key}:"))


@pytest.mark.parametrize(
    ("wikitext", "key", "rendered"),
    [
        ("| commander1 = [[Kim Si-min]] {{KIA}}<br>[[Gwak Jae-u|Gwak Jaeu]]", "Commander1", "Kim Si-minKIA, Gwak Jaeu"),
        (
            "| commander1 = {{plainlist|\n* [[Yi Sun-sin]] {{WIA}}\n* Won Gyun {{POW}}\n}}",
            "Commander1",
            "Yi Sun-sinWIA, Won GyunPOW",
        ),
        ("| commander1 = {{ubl|Kim {{DOW}}|Yi}}", "Commander1", "KimDOW, Yi"),
        (
            "| commander2 = {{tree list}}\n* Korea:\n** Yi Bok-nam {{KIA}}\n* Ming:\n** Yang Yuan\n{{tree list/end}}",
            "Commander2",
            "Korea:, Yi Bok-namKIA, Ming:, Yang Yuan",
        ),
        (
            "| combatant1 = {{flagicon|Japan}} {{flagicon image|Flag.svg}} Toyotomi Japan",
            "Combatant1",
            "Toyotomi Japan",
        ),
        ("| combatant1 = {{flag|Joseon}}", "Combatant1", "Joseon"),
        ("| strength1 = 30,000<ref>Hawley, p. 3</ref>{{efn|estimates vary}}<!-- check -->", "Strength1", "30,000"),
        ("| strength1 = 13 [[panokseon]]<br/>1 [[turtle ship]]", "Strength1", "13 panokseon, 1 turtle ship"),
        ("| date = {{circa}} 1592", "Date", "c. 1592"),
        ("| place = [[Jinju Fortress]], [[Korea]]", "Place", "Jinju Fortress, Korea"),
        ("| result = '''Korean''' victory{{citation needed}}", "Result", "Korean victory"),
    ],
)
def test_templates_render_as_the_rendering_shows_them(wikitext: str, key: str, rendered: str) -> None:
    assert infobox_line(wikitext, key) == rendered


def test_wikilinks_name_what_they_link_to() -> None:
    page = (
        "{{Infobox military conflict\n| conflict = Battle\n| combatant1 = [[Toyotomi Japan|Japan]]\n"
        "| commander1 = [[Katō Kiyomasa|Kato]] {{KIA}}\n| combatant2 = Joseon\n| commander2 = Yi\n}}"
    )
    battle = extract(parse_wikitext(page, "Battle_of_Somewhere.wiki")).battle
    assert battle.title == "Battle of Somewhere"
    (kato,) = battle.sides[0].commanders
    assert (kato.name, kato.fate, kato.link) == ("Kato", "KIA", "Katō Kiyomasa")
    minter = Minter()
    triples = battle_graph(battle, minter, "battle-of-somewhere").triples
    person = f"<{minter.person('Kato', 'Katō Kiyomasa')}>"
    assert person == "<https://w3id.org/battlegraph/id/person/kato-kiyomasa>"
    assert (person, "<http://www.w3.org/2000/01/rdf-schema#label>", '"Kato"') in triples
    assert (person, f"<{PAGE}>", "<https://en.wikipedia.org/wiki/Kat%C5%8D_Kiyomasa>") in triples


def _graph(batch_triples: list[tuple[str, str, str]]) -> Graph:
    data = "".join(f"{s} {p} {o} .\n" for s, p, o in batch_triples)
    return Graph().parse(data=data, format="nt")


def _without(graph: Graph, predicates: set[str], pages_of_links: bool) -> Graph:
    kept = Graph()
    for s, p, o in graph:
        if str(p) in predicates:
            continue
        if pages_of_links and p == PAGE and "/battle/" not in str(s):
            continue  # only wikitext knows what names link to
        kept.add((s, p, o))
    return kept


def test_same_battle_in_both_formats_gives_the_same_graph() -> None:
    minter = Minter()
    plain = extract(__import__("battlegraph").read_article(ARTICLES / "siege_of_namwon.txt")).battle
    wiki = extract(parse_wikitext((WIKI / "Siege_of_Namwon.wiki").read_bytes(), "Siege_of_Namwon.wiki")).battle
    from_text = _graph(battle_graph(plain, minter, "siege-of-namwon").triples)
    from_wiki = _graph(battle_graph(wiki, minter, "siege-of-namwon").triples)
    link_triples = {(s, o) for s, p, o in from_wiki if p == PAGE and "/battle/" not in str(s)}
    assert len(link_triples) == 14  # 13 linked people and the linked war
    assert isomorphic(_without(from_text, FILE_BOUND, False), _without(from_wiki, FILE_BOUND, True))


def test_page_without_conflict_infobox_is_not_a_battle() -> None:
    with pytest.raises(NotABattleError, match="not a military-conflict infobox"):
        extract(parse_wikitext("{{Infobox person\n| name = Yi Sun-sin\n}}\nAn admiral.", "Yi_Sun-sin.wiki"))
    with pytest.raises(NotABattleError, match="no infobox"):
        extract(parse_wikitext("Just prose about [[Jinju]].", "Jinju.wiki"))
