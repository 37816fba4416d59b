"""Wikitext pages read from their own structure: items, links, fates, labels, templates and true lines.

The snippets are real infobox values (the five pages of tests/data/wikitext/pages and
other enwiki battle pages); the registry test walks every row of the template table.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from battlegraph import _templates as templates
from battlegraph._article import read_article
from battlegraph._errors import NotABattleError
from battlegraph._extraction import extract
from battlegraph._iris import Minter
from battlegraph._rdf import battle_graph
from battlegraph._sources import SourceStats, dump_pages
from battlegraph._text import Item
from battlegraph._wikitext import parse_wikitext

from .conftest import ARTICLES

WIKI = Path(__file__).parent / "data" / "wikitext"
PAGES = WIKI / "pages"
BG = "https://w3id.org/battlegraph/ontology#"
# what differs between two files of one article: names, hashes, lines, and the spelling of the keys
FILE_BOUND = {BG + "fileName", BG + "sha256", BG + "sourceLine", BG + "sourceField"}
PAGE = URIRef("http://xmlns.com/foaf/0.1/isPrimaryTopicOf")
# what only wikitext knows: the pages names link to, and the other names the markup gives
LINK_PREDICATES = {
    str(PAGE),
    "https://schema.org/sameAs",
    "http://www.w3.org/2002/07/owl#sameAs",
    "http://www.w3.org/2004/02/skos/core#altLabel",
}


def items_of(value: str, key: str = "commander1") -> list[Item]:
    article = parse_wikitext("{{Infobox military conflict\n| " + key + " = " + value + "\n}}", "T.wiki")
    (found,) = [f for f in article.infobox if f.key == key]
    assert found.items is not None
    return list(found.items)


def shown(value: str, key: str = "commander1") -> list[tuple[str, str | None, str | None, bool]]:
    return [(i.text, i.link, i.fate, i.label) for i in items_of(value, key)]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # a piped link is one name, whatever its label holds
        (
            "[[John Howard, 1st Duke of Norfolk|John Howard, Duke of Norfolk]]{{KIA}}",
            [("John Howard, Duke of Norfolk", "John Howard, 1st Duke of Norfolk", "KIA", False)],
        ),
        # a fate template after a regnal number; a title outside the link
        (
            "[[File:Boar.svg|17px]] King [[Richard III of England|Richard III]]{{KIA}}",
            [("King Richard III", "Richard III of England", "KIA", False)],
        ),
        # <hr> and <br> end items; {{executed}} is a fate of its own, not KIA
        (
            "{{ubl|[[A]]|[[B]]{{POW}}}}<hr>Lord [[Thomas Stanley, 1st Earl of Derby|Thomas Stanley]]<br>[[C]]{{executed}}",
            [
                ("A", "A", None, False),
                ("B", "B", "POW", False),
                ("Lord Thomas Stanley", "Thomas Stanley, 1st Earl of Derby", None, False),
                ("C", "C", "EXECUTED", False),
            ],
        ),
        # bold and italic labels head groups; a bold name with text after it on its line is "name: role"
        (
            "'''American:'''<br>[[George Washington]]<br>''Supported by:''<br>[[X]]",
            [
                ("American:", None, None, True),
                ("George Washington", "George Washington", None, False),
                ("Supported by:", None, None, True),
                ("X", "X", None, False),
            ],
        ),
        (
            "'''[[Tokugawa Ieyasu]]:''' Overall commander<br/>[[Ii Naomasa]]",
            [
                ("Tokugawa Ieyasu: Overall commander", "Tokugawa Ieyasu", None, False),
                ("Ii Naomasa", "Ii Naomasa", None, False),
            ],
        ),
        # open-form plainlist, flag icons, glued and spaced fates, a commander inside {{Coat of arms}}
        (
            "{{plainlist}}\n* {{Flagicon|Sweden}} [[Gustavus Adolphus]] {{KIA}}\n*{{Flagicon|Spain}}[[Jean de Beck]]{{KIA}}\n"
            "* {{Coat of arms|Brunswick-Lüneburg|text=[[Christian of Brunswick]]}}\n{{endplainlist}}",
            [
                ("Gustavus Adolphus", "Gustavus Adolphus", "KIA", False),
                ("Jean de Beck", "Jean de Beck", "KIA", False),
                ("Christian of Brunswick", "Christian of Brunswick", None, False),
            ],
        ),
        # a line break inside a link's label is a space
        (
            "[[Datis]]<br /> [[Hippias (tyrant)|Hippias (deposed<br/>Athenian tyrant)]]",
            [("Datis", "Datis", None, False), ("Hippias (deposed Athenian tyrant)", "Hippias (tyrant)", None, False)],
        ),
        # links with only commas and "and" between them are several names
        (
            "[[Yi Sun-sin]], [[Won Gyun]] and [[Yi Eok-gi]]",
            [
                ("Yi Sun-sin", "Yi Sun-sin", None, False),
                ("Won Gyun", "Won Gyun", None, False),
                ("Yi Eok-gi", "Yi Eok-gi", None, False),
            ],
        ),
    ],
)
def test_commander_items(value: str, expected: list[tuple[str, str | None, str | None, bool]]) -> None:
    assert shown(value) == expected


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("combatant1", "{{flagcountry|USA|1861}}", ["United States"]),
        (
            "combatant1",
            "{{flag|Dutch Republic|name=Netherlands}}{{refn|(1780–83)}}{{cn|date=April 2016}}",
            ["Netherlands"],
        ),
        (
            "combatant1",
            "{{flag|Batavian Republic}}<br/>{{flag|United States|1795}}",
            ["Batavian Republic", "United States"],
        ),
        (
            "combatant1",
            "*{{flagdeco|United States|1776}} [[Thirteen Colonies|United Colonies]] <small>(before 1776)</small>\n----\n"
            "'''Co-belligerents:'''<br />\n{{Flagicon image|Flag_of_Mysore.svg|size=23px}} [[Sultanate of Mysore|Mysore]]",
            ["United Colonies (before 1776)", "Co-belligerents:", "Mysore"],
        ),
        (
            "combatant1",
            "[[Kingdom of Hungary (1538–1867)|Hungary]]-[[Kingdom of Croatia (Habsburg)|Croatia]]",
            ["Hungary-Croatia"],
        ),
        ("combatant2", "Brandenburg-Prussia {{resize|(1631–1635)}}</small>", ["Brandenburg-Prussia (1631–1635)"]),
        ("strength2", "5,000–8,000<hr>4,000–6,000 Stanley men", ["5,000–8,000", "4,000–6,000 Stanley men"]),
        ("strength1", "2 [[ship-sloop]]s<br>1 [[Artillery battery|gun battery]]", ["2 ship-sloops", "1 gun battery"]),
        (
            "date",
            "April 19, 1775{{snds}}September 3, 1783<ref>A cease-fire …</ref><br />({{Age in years, months and days|1775|04|19|1783|09|03}})",
            ["April 19, 1775 – September 3, 1783"],
        ),
        ("date", "{{Start date|1485|8|22|df=y}}", ["22 August 1485"]),
        ("date", "{{circa}} 1592", ["c. 1592"]),
        ("strength1", "{{formatnum:30000}} men, {{cvt|2|mi|km}}", ["30,000 men, 2 mi"]),
        (
            "result",
            "{{ubl|Tudor victory|<big>•</big> Final overthrow of House of York}}",
            ["Tudor victory", "Final overthrow of House of York"],
        ),
        (
            "casualties1",
            '100<ref name="a">{{cite web |url=http://x |title=T}}</ref><br>Stanley losses unknown',
            ["100", "Stanley losses unknown"],
        ),
        (
            "commander1",
            "<small>[[Military leadership in the American Revolutionary War|'''''...full list''''']]</small>",
            ["...full list"],
        ),
    ],
)
def test_value_items(key: str, value: str, expected: list[str]) -> None:
    assert [i.text for i in items_of(value, key)] == expected


def test_flag_templates_give_the_page_and_other_names() -> None:
    (usa,) = items_of("{{flagcountry|USA}}", "combatant1")
    assert (usa.text, usa.link, usa.aliases) == ("United States", "United States", ("USA",))
    (britain,) = items_of("{{flagcountry|Kingdom of Great Britain}}", "combatant1")
    assert (britain.text, britain.aliases) == ("Kingdom of Great Britain", ("Great Britain",))


def test_a_line_break_inside_a_bullet_continues_it_in_text_fields() -> None:
    page = (
        "{{Infobox military conflict\n|conflict=War\n|result= American victory\n* [[Peace of Paris (1783)|Peace of Paris]]\n"
        "* [[Kingdom of Great Britain|British]] recognition of the independence of the <br />[[United States|United States of America]]\n"
        "|place=Eastern North America, [[Gibraltar]],parts of Africa and elsewhere;<br />\nEuropean coastal waters\n"
        "|combatant1=A\n|combatant2=B\n}}"
    )
    battle = extract(parse_wikitext(page, "War.wiki")).battle
    assert battle.result == (
        "American victory, Peace of Paris, British recognition of the independence of the United States of America"
    )
    assert battle.place == "Eastern North America, Gibraltar,parts of Africa and elsewhere; European coastal waters"


def test_dates_of_another_event_are_left_out() -> None:
    page = (
        "{{Infobox military conflict\n|conflict=War\n|date=April 19, 1775{{snds}}September 3, 1783<br /> "
        "Ratification effective: May 12, 1784\n|combatant1=A\n|combatant2=B\n}}"
    )
    battle = extract(parse_wikitext(page, "War.wiki")).battle
    assert (battle.start and battle.start.lexical, battle.end and battle.end.lexical) == ("1775-04-19", "1783-09-03")


# ---------------------------------------------------------------------------
# the template table, row by row

ARGUMENTS = "Alpha|Beta|Gamma"


def _call(name: str, rule: templates.Rule) -> str:
    if rule.kind == templates.DATE:
        return "{{" + name + "|1592|6|13|1593|2|1}}"
    if rule.kind == templates.NUMBER:
        return "{{" + name + ("1234" if name.endswith(":") else "|1234|men}}")
    return "{{" + name + "|" + ARGUMENTS + "}}"


@pytest.mark.parametrize("name", sorted(templates.REGISTRY), ids=sorted(templates.REGISTRY))
def test_every_template_in_the_table_shows_as_its_row_says(name: str) -> None:
    rule = templates.REGISTRY[name]
    items = items_of("[[Kim Si-min]] " + _call(name, rule) + " [[Yi]]", "commander1")
    texts = [i.text for i in items]
    joined = " / ".join(texts)
    article = parse_wikitext("{{Infobox military conflict\n| commander1 = " + _call(name, rule) + "\n}}", "T.wiki")
    assert name not in article.unknown_templates
    if rule.kind in (templates.NOTHING, templates.ICON):
        assert texts == ["Kim Si-min Yi"] or texts == ["Kim Si-min", "Yi"], joined  # no text of its own
    elif rule.kind == templates.FATE:
        assert items[0].fate == rule.fate and "Alpha" not in joined
    elif rule.kind == templates.BREAK:
        assert texts == ["Kim Si-min", "Yi"], joined
    elif rule.kind == templates.LIST:
        assert {"Alpha", "Beta", "Gamma"} <= set(texts), joined
    elif rule.kind == templates.DATE:
        assert re.search(r"1592|c\. ", joined), joined
    elif rule.kind == templates.NUMBER:
        assert "1,234" in joined or "1234" in joined, joined
    elif rule.kind == templates.FLAG:
        assert "Alpha" in joined or rule.shows == "text", joined
    elif isinstance(rule.shows, str) and rule.shows.startswith("="):
        assert rule.shows[1:].strip() in joined, joined
    elif rule.shows == "ship":
        assert "Alpha" in joined, joined
    else:
        wanted = "Gamma" if rule.last else ["Alpha", "Beta", "Gamma"][int(rule.shows or 1) - 1]
        assert wanted in joined, joined


def test_unknown_templates_keep_their_first_parameter_and_are_counted() -> None:
    article = parse_wikitext(
        "{{Infobox military conflict\n| commander1 = {{Mystery template|Kim Si-min|x=1}}\n}}", "T.wiki"
    )
    assert article.unknown_templates == ("mystery template",)
    assert [i.text for i in article.infobox[0].items or ()] == ["Kim Si-min"]


# ---------------------------------------------------------------------------
# real pages


REAL = sorted(PAGES.glob("*.wiki"))


@pytest.mark.parametrize("path", REAL, ids=[p.stem for p in REAL])
def test_every_figure_and_commander_points_at_its_line_of_the_file(path: Path) -> None:
    data = path.read_bytes()
    article = parse_wikitext(data, str(path))
    assert article.sha256 == hashlib.sha256(data).hexdigest()
    lines = data.decode("utf-8").split("\n")
    battle = extract(article).battle
    checked = 0
    for side in battle.sides:
        for figure in (*side.strengths, *side.casualties):
            number = re.search(r"\d[\d,]*", figure.value.text)
            if number:
                assert number.group(0) in lines[figure.source.line - 1], (figure.value.text, figure.source.line)
                checked += 1
        for commander in side.commanders:
            assert commander.name.split(",")[0].split()[-1] in lines[commander.source.line - 1], commander
            checked += 1
    assert checked >= 5


def test_the_dump_gives_the_same_battles_and_counts_what_it_passes_over() -> None:
    stats = SourceStats()
    documents = [
        d for d in dump_pages(WIKI / "dump" / "dev-pages-articles.xml.bz2", stats) if not isinstance(d, Exception)
    ]
    assert stats.pages == 9 and stats.passed_over == 4 and len(documents) == 5
    for document in documents:
        assert document.title is not None
        from_dump = extract(parse_wikitext(document.data, document.name, document.title)).battle
        from_file = extract(
            parse_wikitext((PAGES / f"{document.title.replace(' ', '_')}.wiki").read_bytes(), "x")
        ).battle
        assert from_dump.sides == from_file.sides and from_dump.result == from_file.result


def test_wikilinks_name_what_they_link_to_and_link_out() -> None:
    page = (
        "{{Infobox military conflict\n| conflict = Battle\n| combatant1 = [[Toyotomi Japan|Japan]]\n"
        "| commander1 = [[Katō Kiyomasa|Kato]] {{KIA}}\n| combatant2 = Joseon\n| commander2 = Yi\n}}"
    )
    battle = extract(parse_wikitext(page, "Battle_of_Somewhere.wiki")).battle
    assert battle.title == "Battle of Somewhere"
    (kato,) = battle.sides[0].commanders
    assert (kato.name, kato.fate, kato.link) == ("Kato", "KIA", "Katō Kiyomasa")
    minter = Minter()
    triples = {
        tuple(line[: -len(" .\n")].split(" ", 2)) for line in battle_graph(battle, minter, "battle-of-somewhere").lines
    }
    person = f"<{minter.person('Kato', 'Katō Kiyomasa')}>"
    assert person == "<https://w3id.org/battlegraph/id/person/kato-kiyomasa>"
    assert (person, "<http://www.w3.org/2000/01/rdf-schema#label>", '"Kato"') in triples
    assert (person, f"<{PAGE}>", "<https://en.wikipedia.org/wiki/Kat%C5%8D_Kiyomasa>") in triples
    assert (person, "<https://schema.org/sameAs>", "<https://en.wikipedia.org/wiki/Kat%C5%8D_Kiyomasa>") in triples
    assert (person, "<http://www.w3.org/2002/07/owl#sameAs>", "<http://dbpedia.org/resource/Katō_Kiyomasa>") in triples
    battle_node = f"<{minter.battle('battle-of-somewhere')}>"
    assert (
        battle_node,
        "<http://www.w3.org/2002/07/owl#sameAs>",
        "<http://dbpedia.org/resource/Battle_of_Somewhere>",
    ) in triples


def _graph(lines: list[str]) -> Graph:
    return Graph().parse(data="".join(lines), format="nt")


def _without(graph: Graph, predicates: set[str], links: bool) -> Graph:
    kept = Graph()
    for s, p, o in graph:
        if str(p) in predicates:
            continue
        if links and str(p) in LINK_PREDICATES and "/battle/" not in str(s):
            continue  # only wikitext knows what names link to
        kept.add((s, p, o))
    return kept


def test_same_battle_in_both_formats_gives_the_same_graph() -> None:
    minter = Minter()
    plain = extract(read_article(ARTICLES / "siege_of_namwon.txt")).battle
    wiki = extract(parse_wikitext((WIKI / "Siege_of_Namwon.wiki").read_bytes(), "Siege_of_Namwon.wiki")).battle
    from_text = _graph(battle_graph(plain, minter, "siege-of-namwon").lines)
    from_wiki = _graph(battle_graph(wiki, minter, "siege-of-namwon").lines)
    link_triples = {(s, o) for s, p, o in from_wiki if p == PAGE and "/battle/" not in str(s)}
    assert len(link_triples) == 14  # 13 linked people and the linked war
    assert isomorphic(_without(from_text, FILE_BOUND, False), _without(from_wiki, FILE_BOUND, True))


def test_page_without_conflict_infobox_is_not_a_battle() -> None:
    with pytest.raises(NotABattleError, match="not a military-conflict infobox"):
        extract(parse_wikitext("{{Infobox person\n| name = Yi Sun-sin\n}}\nAn admiral.", "Yi_Sun-sin.wiki"))
    with pytest.raises(NotABattleError, match="no infobox"):
        extract(parse_wikitext("Just prose about [[Jinju]].", "Jinju.wiki"))


# ---------------------------------------------------------------------------
# more real pages, without gold files: facts read by hand from each page's infobox

MORE = WIKI / "more"


@pytest.mark.parametrize(
    ("page", "dates", "combatants", "fates"),
    [
        ("Battle_of_Marathon", ("-0489", "-0489"), [["Athens", "Plataea"], ["Achaemenid Empire"]],
         {"Callimachus": "KIA", "Stesilaos": "KIA", "Hippias": None}),
        ("Battle_of_Sekigahara", ("1600-10-21", "1600-10-21"), [["Western Army"], ["Eastern Army"]],
         {"Ishida Mitsunari": "EXECUTED", "Ōtani Yoshitsugu": "KIA", "Kobayakawa Hideaki": "DEFECTED",
          "Tokugawa Ieyasu": None}),
        ("Battle_of_Gettysburg", ("1863-07-01", "1863-07-03"), [["United States"], ["Confederate States"]],
         {"George G. Meade": None, "Robert E. Lee": None}),
        ("Battle_of_Palo_Hincado", ("1808-11-07", "1808-11-07"), [["Captaincy General of Santo Domingo"], ["French Empire"]],
         {"Gen. Marie-Louis Ferrand": "KIA"}),
        ("Korean_War", ("1950-06-25", "1953-07-27"),
         [["First Republic of Korea", "United Nations", "United States"], ["North Korea", "China", "Soviet Union"]],
         {"Douglas MacArthur": None, "Kim Il Sung": None}),
        ("Operation_Neuland", ("1942-02-16", "1942-03"), [["Germany", "Kingdom of Italy"], ["United States", "United Kingdom", "Netherlands"]],
         {"Karl Dönitz": None}),
    ],
)  # fmt: skip
def test_more_real_pages(
    page: str, dates: tuple[str, str], combatants: list[list[str]], fates: dict[str, str | None]
) -> None:
    path = MORE / f"{page}.wiki"
    article = parse_wikitext(path.read_bytes(), str(path))
    battle = extract(article).battle
    assert (battle.start and battle.start.lexical, battle.end and battle.end.lexical) == dates
    assert [[b.name for b in side.belligerents] for side in battle.sides] == combatants
    commanders = {c.name: c.fate for side in battle.sides for c in side.commanders}
    for name, fate in fates.items():
        assert name in commanders and commanders[name] == fate, name
    assert not any("..." in name or "see " in name for name in commanders)
    lines = path.read_text(encoding="utf-8").split("\n")
    for side in battle.sides:
        for figure in (*side.strengths, *side.casualties):
            number = re.search(r"\d[\d,]*", figure.value.text)
            if number:
                assert number.group(0) in lines[figure.source.line - 1], figure
