"""Every canned question, answered on the real seed articles (and the dev corpus where the seeds say nothing)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pyoxigraph import QuerySolutions, Store

from battlegraph import QueryError
from battlegraph._building import build
from battlegraph._cli import main
from battlegraph._queries import (
    bind,
    canned_queries,
    find_query,
    parse_query_file,
    parse_query_text,
    query_text,
    run_local,
    to_csv,
    to_json,
    to_tsv,
)
from battlegraph._store import open_store
from battlegraph._validation import flatten

from .conftest import ARTICLES

QUERIES = canned_queries()


@pytest.fixture(scope="module")
def seeds(seed_store: Store) -> Store:
    return seed_store


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """The seeds and the twenty dev-corpus articles together."""
    out = tmp_path_factory.mktemp("corpus-out")
    build([ARTICLES], out, formats=("nq",), validate=False)
    return open_store(out / "store")


def rows(store: Store, name: str, **params: str) -> list[dict[str, Any]]:
    records = run_local(store, QUERIES[name], params).records()
    # GROUP_CONCAT lists come in no defined order: compare them as sorted lists
    return [{k: _sorted_list(v, LISTS[k]) if k in LISTS and isinstance(v, str) else v for k, v in r.items()}
            for r in records]  # fmt: skip


LISTS = {"victor": ", ", "belligerents": ", ", "leaders": ", "}


def _sorted_list(value: str, separator: str) -> str:
    return separator.join(sorted(value.split(separator)))


def test_every_query_file_has_a_header() -> None:
    assert len(QUERIES) >= 13
    for query in QUERIES.values():
        assert query.title and query.description, query.name
        for param in query.params:
            assert param.meaning and param.default is not None
            assert f"?{param.name}" in query.text or param.name == "limit"


def test_battles(seeds: Store) -> None:
    assert rows(seeds, "battles") == [
        {"battle": "Siege of Jinju (1592)", "war": "Japanese invasions of Korea", "start": "1592-11-08",
         "end": "1592-11-13", "place": "Jinju Fortress, Korea", "result": "Korean victory",
         "victor": "Korean army, citizens"},
        {"battle": "Siege of Namwon", "war": "Imjin War", "start": "1597-09-23", "end": "1597-09-26",
         "place": "Namwon, North Jeolla", "result": "Japanese victory", "victor": "Japanese Left Army"},
    ]  # fmt: skip


def test_commanders_killed(seeds: Store) -> None:
    result = rows(seeds, "commanders-killed")
    assert len(result) == 13
    assert {(r["commander"], r["battle"], r["side"]) for r in result} >= {
        ("Kim Si-min", "Siege of Jinju (1592)", 2),
        ("Yu Sung-in", "Siege of Jinju (1592)", 2),
        ("Ikuda Ubee", "Siege of Jinju (1592)", 1),
        ("Yi Bok-nam", "Siege of Namwon", 2),
    }
    assert {r["belligerents"] for r in result if r["battle"] == "Siege of Namwon"} == {"Korean Garrison, Ming army"}


def test_battles_of_a_person(seeds: Store) -> None:
    assert rows(seeds, "battles-of", person="Ukita Hideie") == [
        {"battle": "Siege of Jinju (1592)", "start": "1592-11-08", "side": 1,
         "belligerents": "Japanese Seventh Division", "fate": None, "outcome": "lost"},
        {"battle": "Siege of Namwon", "start": "1597-09-23", "side": 1, "belligerents": "Japanese Left Army",
         "fate": None, "outcome": "won"},
    ]  # fmt: skip
    kim = rows(seeds, "battles-of", person="Kim Si-min")
    assert [(r["battle"], r["fate"], r["outcome"]) for r in kim] == [
        ("Siege of Jinju (1592)", "killed in action", "won")
    ]


def test_force_ratio(seeds: Store) -> None:
    assert [(r["battle"], r["side"], r["low"], r["high"], r["odds"]) for r in rows(seeds, "force-ratio")] == [
        ("Siege of Jinju (1592)", 1, 30000, 30000, 5.0),
        ("Siege of Jinju (1592)", 2, 6000, 6000, 0.2),  # 3,800 soldiers + 2,200+ irregulars; muskets are not people
        ("Siege of Namwon", 1, 50000, 68000, 15.32),
        ("Siege of Namwon", 2, 3700, 4000, 0.07),  # Korea 700–1,000 + Ming 3,000
    ]


def test_force_ratio_keeps_the_largest_of_alternative_figures(corpus: Store) -> None:
    sekigahara = [r for r in rows(corpus, "force-ratio") if r["battle"] == "Battle of Sekigahara"]
    # "120,000 initially, 81,890 by the time of battle" are alternatives, not a sum
    assert [(r["side"], r["low"], r["high"]) for r in sekigahara] == [(1, 120000, 120000), (2, 88888, 88888)]


def test_underdog_victories(seeds: Store, corpus: Store) -> None:
    assert rows(seeds, "underdog-victories") == [
        {"battle": "Siege of Jinju (1592)", "victor": "Korean army, citizens", "winners": 6000, "opponents": 30000}
    ]
    assert [r["battle"] for r in rows(corpus, "underdog-victories")] == [
        "Battle of Salsu",
        "Battle of Sekigahara",
        "Goryeo–Khitan War",
        "Later Jin invasion of Joseon",
        "Siege of Jinju (1592)",
    ]


def test_casualties(seeds: Store) -> None:
    assert [(r["battle"], r["side"], r["category"], r["low"], r["high"]) for r in rows(seeds, "casualties")] == [
        ("Siege of Jinju (1592)", 1, "killed", 10300, 10300),
        ("Siege of Jinju (1592)", 2, "casualties, unspecified", 0, 1000),
        ("Siege of Namwon", 2, "casualties, unspecified", 3726, 3726),
    ]


def test_order_of_battle_of_jinju(seeds: Store) -> None:
    result = rows(seeds, "order-of-battle", battle="Siege of Jinju (1592)")
    japanese = [r for r in result if r["side"] == 1]
    assert len(japanese) == 8 and {(r["sum"], r["stated"], r["difference"]) for r in japanese} == {
        (24407, 30000, -5593)
    }
    assert japanese[0]["leaders"] == "Ukita Hideie" and japanese[0]["size"] == 10000
    korean = {(r["unit"], r["sum"], r["stated"], r["difference"]) for r in result if r["side"] == 2}
    assert korean == {("soldiers", 3800, 3800, 0), ("irregulars", 2200, 2200, 0)}
    assert {"leaders": "Choi Gyeong-hoe, Im Gye-yeong", "size": 2000} in [
        {"leaders": r["leaders"], "size": r["size"]} for r in result
    ]


def test_war_timeline(seeds: Store, corpus: Store) -> None:
    assert [r["battle"] for r in rows(seeds, "war-timeline", war="Imjin War")] == ["Siege of Namwon"]
    timeline = rows(corpus, "war-timeline", war="Korean–Jurchen conflicts, Ming-Qing transition")
    assert [(r["start"], r["battle"], r["victor"]) for r in timeline] == [
        ("1627-01", "Later Jin invasion of Joseon", "Later Jin dynasty"),
        ("1636-12-09", "Qing invasion of Joseon", "Qing dynasty"),
    ]


def test_co_commanders(seeds: Store, corpus: Store) -> None:
    assert rows(seeds, "co-commanders") == []  # only Ukita Hideie fought at both seed battles
    found = rows(corpus, "co-commanders")  # one row per pair
    pairs = {(r["first"], r["second"]): r["battles"] for r in found}
    assert len(pairs) == len(found)
    assert pairs[("Shimazu Yoshihiro", "Ukita Hideie")] == 2  # Sekigahara and Namwon
    assert pairs[("Hosokawa Tadaoki", "Tōdō Takatora")] == 2  # "Tōdō" and "Todo" are one person, shown as "Tōdō"
    assert all(count >= 2 for count in pairs.values())
    both = {
        r["battle"] for who in ("Shimazu Yoshihiro", "Ukita Hideie") for r in rows(corpus, "battles-of", person=who)
    }
    assert {"Battle of Sekigahara", "Siege of Namwon"} <= both


def test_largest_forces_and_limit(seeds: Store) -> None:
    assert [(r["battle"], r["side"], r["high"]) for r in rows(seeds, "largest-forces")] == [
        ("Siege of Namwon", 1, 68000),
        ("Siege of Jinju (1592)", 1, 30000),
        ("Siege of Jinju (1592)", 2, 6000),
        ("Siege of Namwon", 2, 4000),
    ]
    assert len(rows(seeds, "largest-forces", limit="2")) == 2


def test_limit_reaches_the_engine_as_the_query_limit(seeds: Store) -> None:
    """The engine itself returns only the rows asked for, so an endpoint sends no more than those."""
    query = QUERIES["largest-forces"]
    text = query_text(query, {"limit": "2"})
    answer = seeds.query(text, use_default_graph_as_union=True)
    assert isinstance(answer, QuerySolutions) and len(list(answer)) == 2
    assert "LIMIT 10" not in text and text.count("LIMIT 2") == 2
    # only LIMIT clauses written with the default, never a string, a comment or another LIMIT
    other = parse_query_text(
        "# param: limit — how many (5)\n# LIMIT 5 in a comment\n"
        'SELECT ?x WHERE { { SELECT ?x WHERE { VALUES ?x { "LIMIT 5" 1 2 3 } } LIMIT 3 } } LIMIT 5',
        "other",
    )
    bound = query_text(other, {"limit": "1"})
    assert bound.endswith("LIMIT 3 } } LIMIT 1") and '"LIMIT 5"' in bound and "# LIMIT 5 in a comment" in bound
    assert len(run_local(seeds, other, {"limit": "2"}).rows) == 2
    assert len(run_local(seeds, other, {"limit": "9"}).rows) == 3  # the inner LIMIT 3 kept
    with pytest.raises(QueryError, match="whole number"):
        query_text(query, {"limit": "2 } DROP ALL"})


def test_kia_rate(seeds: Store) -> None:
    rates = {r["belligerent"]: (r["commanders"], r["killed"], r["rate"]) for r in rows(seeds, "kia-rate")}
    assert rates["Japanese Seventh Division"] == (13, 4, 0.308)  # Jinju's side 1, one belligerent
    assert rates["Korean Garrison"] == (11, 7, 0.636)  # Namwon's commanders, all listed under "Korea:"
    assert rates["Japanese Left Army"] == (12, 0, 0.0)
    # nobody is listed under "Ming:", so no commander, let alone a killed one, is the Ming army's
    assert "Ming army" not in rates
    assert rates["unattributed"] == (12, 2, 0.167)  # Jinju's side 2 has two belligerents and no labels
    assert sum(commanders for commanders, _, _ in rates.values()) == 48


def test_data_gaps(seeds: Store, corpus: Store) -> None:
    assert rows(seeds, "data-gaps") == []
    gaps = {r["battle"]: r for r in rows(corpus, "data-gaps")}
    assert gaps["Korean–Jurchen border conflicts"]["dates"] == "missing"
    assert gaps["Ordos campaign (1592)"]["commanders"] == "missing"
    assert gaps["Kapsin Coup"]["strengths"] == "missing"
    assert "Siege of Jinju (1592)" not in gaps


def test_provenance(seeds: Store) -> None:
    figures = rows(seeds, "provenance", battle="Siege of Jinju (1592)")
    assert len(figures) == 21
    total = next(r for r in figures if r["kind"] == "stated total" and r["side"] == 1)
    assert (total["min"], total["file"], total["field"], total["line"]) == (
        30000,
        "siege_of_jinju_1592.txt",
        "Military strength / Japan",
        38,
    )
    strengths = {(r["field"], r["line"], r["text"]) for r in figures if r["kind"] == "strength" and r["side"] == 2}
    assert strengths == {
        ("Strength2", 15, "3,800 soldiers"),
        ("Strength2", 15, "2,200+ irregulars"),
        ("Strength2", 15, "170 muskets"),
    }


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_answers_do_not_depend_on_duplicate_shared_triples(name: str, corpus: Store) -> None:
    """Oxigraph's union of named graphs repeats a triple that several articles hold (a person's
    label); a store that merges them (Fuseki, GraphDB, a flat file) must give the same answers."""
    flat = flatten(corpus)
    assert normalised(run_local(corpus, QUERIES[name])) == normalised(run_local(flat, QUERIES[name]))


def normalised(result: Any) -> list[tuple[str, ...]]:
    """Rows in a stable order, their GROUP_CONCAT lists sorted."""
    return sorted(
        tuple(_sorted_list(str(v), LISTS[k]) if k in LISTS else str(v) for k, v in row.items())
        for row in result.records()
    )


def test_parameters_are_literals_not_query_text(seeds: Store) -> None:
    hostile = 'x" } DROP ALL #'
    text = bind(QUERIES["battles-of"].text, {"person": hostile})
    assert '"x\\" } DROP ALL #"' in text
    before = len(seeds)
    assert run_local(seeds, QUERIES["battles-of"], {"person": hostile}).rows == []
    assert len(seeds) == before
    # a name with quotes and braces is found as it is written
    store = Store()
    store.load(
        b"<urn:p> a <https://w3id.org/battlegraph/ontology#Person> ; <http://www.w3.org/2000/01/rdf-schema#label> "
        b'"x\\" } DROP ALL #" . <urn:r> <https://w3id.org/battlegraph/ontology#person> <urn:p> . '
        b"<urn:s> <https://w3id.org/battlegraph/ontology#commanderRole> <urn:r> ; "
        b"<https://w3id.org/battlegraph/ontology#sideNumber> 1 . "
        b"<urn:b> <https://w3id.org/battlegraph/ontology#side> <urn:s> ; "
        b'<http://www.w3.org/2000/01/rdf-schema#label> "B" .',
        format=__import__("pyoxigraph").RdfFormat.TURTLE,
    )
    assert [r["battle"] for r in run_local(store, QUERIES["battles-of"], {"person": hostile}).records()] == ["B"]


def test_result_formats_follow_the_sparql_results_specs(seeds: Store) -> None:
    result = run_local(seeds, QUERIES["battles"])
    data = json.loads(to_json(result))
    assert data["head"]["vars"] == result.variables
    first = data["results"]["bindings"][0]
    assert first["start"] == {
        "type": "literal",
        "value": "1592-11-08",
        "datatype": "http://www.w3.org/2001/XMLSchema#date",
    }
    assert first["battle"] == {"type": "literal", "value": "Siege of Jinju (1592)"}
    table = list(csv.reader(io.StringIO(to_csv(result))))
    assert table[0] == result.variables and table[1][0] == "Siege of Jinju (1592)"
    assert table[1][4] == "Jinju Fortress, Korea"  # quoted, the comma kept
    tsv = to_tsv(result).splitlines()
    assert tsv[0].split("\t")[0] == "?battle"
    assert '"1592-11-08"^^<http://www.w3.org/2001/XMLSchema#date>' in tsv[1]


def test_construct_gives_an_rdflib_graph(seeds: Store, tmp_path: Path) -> None:
    query_file = tmp_path / "people.rq"
    query_file.write_text(
        "# title: People\n# description: every person\n"
        "CONSTRUCT { ?p a <https://w3id.org/battlegraph/ontology#Person> } "
        "WHERE { ?p a <https://w3id.org/battlegraph/ontology#Person> }\n",
        encoding="utf-8",
    )
    graph = run_local(seeds, parse_query_file(query_file)).graph()
    assert len(graph) == 47


def test_cli_queries_and_query(seed_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    listing = runner.invoke(main, ["queries"], terminal_width=200)
    assert listing.exit_code == 0
    for name in QUERIES:
        assert name in listing.output
    monkeypatch.chdir(tmp_path)
    missing = runner.invoke(main, ["query", "battles"])
    assert missing.exit_code == 2 and "run `battlegraph build` first" in missing.output
    assert runner.invoke(main, ["build", str(seed_dir), "-f", "nt"]).exit_code == 0
    table = runner.invoke(main, ["query", "battles-of", "--param", "person=Ukita Hideie"], terminal_width=200)
    assert table.exit_code == 0 and "Siege of Namwon" in table.output and "2 rows" in table.output
    as_csv = runner.invoke(main, ["query", "order-of-battle", "-f", "csv"])
    assert "24407,30000,-5593" in as_csv.output
    graph = runner.invoke(main, ["query", "battles", "--graph", "out/graph.nt", "-f", "json"])
    assert len(json.loads(graph.output)["results"]["bindings"]) == 2
    assert runner.invoke(main, ["query", "nope"]).exit_code == 2
    assert runner.invoke(main, ["query", "battles", "-p", "who=me"]).exit_code == 2
    assert runner.invoke(main, ["query", "battles", "-p", "broken"]).exit_code == 2
    assert "limit must be a whole number" in runner.invoke(main, ["query", "largest-forces", "-p", "limit=x"]).output


def test_find_query_by_name_or_file(tmp_path: Path) -> None:
    assert find_query("battles").name == "battles"
    own = tmp_path / "mine.rq"
    own.write_text("# title: Mine\n# description: mine\n# param: who — someone (Kim)\nSELECT ?who WHERE {}\n")
    query = find_query(str(own))
    assert (query.title, query.params[0].name, query.params[0].default) == ("Mine", "who", "Kim")


def test_a_side_without_a_combatant_is_still_answered(tmp_path: Path) -> None:
    """A side the infobox names no combatant for keeps its commanders and strength in every question."""
    article = tmp_path / "articles" / "lonely.txt"
    article.parent.mkdir()
    article.write_text(
        "= Battle of Nowhere =\n\nInfobox\n- Conflict: Battle of Nowhere\n- Date: 3 May 1600\n"
        "- Result: Alpha victory\n- Combatant1: Alpha\n- Commander1: Alpha Taro\n"
        "- Commander2: Beta JiroKIA\n- Strength1: 1,000\n- Strength2: 900,000\n\nText.\n",
        encoding="utf-8",
    )
    build([article.parent], tmp_path / "out", formats=("nq",), validate=False)
    store = open_store(tmp_path / "out" / "store")
    assert [r["commander"] for r in rows(store, "commanders-killed")] == ["Beta Jiro"]
    assert next((r["side"], r["high"]) for r in rows(store, "largest-forces")) == (2, 900000)
