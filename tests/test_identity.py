"""One IRI per person, war, place and belligerent across articles; look-alikes listed, not merged."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDFS, SKOS

from battlegraph._building import build
from battlegraph._errors import InputError
from battlegraph._identity import load_aliases

ROOT = Path(__file__).resolve().parent.parent
ALIASES = ROOT / "data" / "aliases.ttl"
BG = Namespace("https://w3id.org/battlegraph/ontology#")
ID = "https://w3id.org/battlegraph/id/"


@pytest.fixture(scope="module")
def seeds_built(seed_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("identity")
    build([seed_dir], out, formats=("trig",), validate=False, store=False, aliases=ALIASES, dataset="seeds")
    return out


def dataset(out: Path) -> Dataset:
    data = Dataset(default_union=True)
    data.parse(out / "graph.trig", format="trig")
    return data


def test_both_seed_battles_point_to_one_ukita_hideie(seeds_built: Path) -> None:
    data = dataset(seeds_built)
    ukita = URIRef(ID + "person/ukita-hideie")
    battles = {
        str(battle)
        for role in data.subjects(BG.person, ukita)
        for side in data.subjects(BG.commanderRole, role)
        for battle in data.subjects(BG.side, side)
    }
    assert battles == {ID + "battle/siege-of-jinju-1592", ID + "battle/siege-of-namwon"}


def test_imjin_war_and_japanese_invasions_of_korea_are_one_war(seeds_built: Path) -> None:
    data = dataset(seeds_built)
    wars = {str(w) for w in data.objects(None, BG.partOf)}
    assert wars == {ID + "war/imjin-war"}
    war = URIRef(ID + "war/imjin-war")
    links = data.graph(URIRef(ID + "dataset/seeds/links"))
    assert (war, SKOS.prefLabel, Literal("Imjin War")) in links
    assert (war, SKOS.altLabel, Literal("Japanese invasions of Korea")) in links
    # each article keeps its own wording in its own graph
    jinju = data.graph(URIRef(ID + "dataset/seeds/article/siege-of-jinju-1592"))
    assert (war, RDFS.label, Literal("Japanese invasions of Korea")) in jinju


def test_the_resolution_report_lists_look_alikes_with_evidence(seeds_built: Path) -> None:
    report = (seeds_built / "resolution.txt").read_text(encoding="utf-8")
    assert "- person 'Ōta Kazuyoshi' ~ 'Ota Kazuyosi'" in report
    assert "one letter apart" in report
    assert (
        'accept: alias:ota-kazuyoshi a bg:Person ; skos:prefLabel "Ōta Kazuyoshi" ; skos:altLabel "Ota Kazuyosi" .'
        in report
    )
    data = dataset(seeds_built)
    assert URIRef(ID + "person/ota-kazuyoshi") != URIRef(ID + "person/ota-kazuyosi")
    assert (URIRef(ID + "person/ota-kazuyosi"), RDFS.label, Literal("Ota Kazuyosi")) in data


def _article(name: str, commander: str) -> str:
    return (
        f"= {name} =\n\nInfobox\n- Conflict: {name}\n- Partof: Imjin War\n- Date: 1592\n"
        f"- Combatant1: Joseon\n- Combatant2: Japan\n- Commander1: {commander}\n- Commander2: Konishi Yukinaga\n"
    )


def test_folding_merges_and_spacing_only_suggests(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(_article("Battle A", "Gwak Jaeu, Ōta Kazuyoshi"), encoding="utf-8")
    (folder / "b.txt").write_text(_article("Battle B", "Gwak Jae-u, Ota Kazuyoshi"), encoding="utf-8")
    out = tmp_path / "out"
    build([folder], out, formats=("trig",), validate=False, store=False)
    data = dataset(out)
    ota = URIRef(ID + "person/ota-kazuyoshi")
    assert {str(o) for o in data.objects(ota, RDFS.label)} == {"Ōta Kazuyoshi", "Ota Kazuyoshi"}
    assert (ota, SKOS.prefLabel, Literal("Ōta Kazuyoshi")) in data  # the spelling with its diacritics
    assert (URIRef(ID + "person/gwak-jaeu"), RDFS.label, Literal("Gwak Jaeu")) in data
    assert (URIRef(ID + "person/gwak-jae-u"), RDFS.label, Literal("Gwak Jae-u")) in data
    report = (out / "resolution.txt").read_text(encoding="utf-8")
    assert "- person 'Gwak Jae-u' ~ 'Gwak Jaeu'" in report or "- person 'Gwak Jaeu' ~ 'Gwak Jae-u'" in report
    assert "the same letters once spaces and hyphens are dropped" in report
    assert "person 'Ōta Kazuyoshi' also written 'Ota Kazuyoshi'" in report


def test_accepting_a_candidate_merges_it(tmp_path: Path) -> None:
    aliases = tmp_path / "aliases.ttl"
    aliases.write_text(
        ALIASES.read_text(encoding="utf-8")
        + '\nalias:gwak-jae-u a bg:Person ; skos:prefLabel "Gwak Jae-u" ; skos:altLabel "Gwak Jaeu" .\n',
        encoding="utf-8",
    )
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(_article("Battle A", "Gwak Jaeu"), encoding="utf-8")
    (folder / "b.txt").write_text(_article("Battle B", "Gwak Jae-u"), encoding="utf-8")
    out = tmp_path / "out"
    build([folder], out, formats=("trig",), validate=False, store=False, aliases=aliases)
    people = {str(p) for p in dataset(out).objects(None, BG.person)}
    assert ID + "person/gwak-jae-u" in people and ID + "person/gwak-jaeu" not in people


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n<urn:a> a <urn:b> ;\n  skos:prefLabel \"x\" ,, .\n",
         "cannot read the alias file", 3),
        ("@prefix bg: <https://w3id.org/battlegraph/ontology#> .\n<urn:x> a bg:War .\n", "has no skos:prefLabel", None),
        ("@prefix bg: <https://w3id.org/battlegraph/ontology#> .\n@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
         '<urn:a> a bg:War ; skos:prefLabel "A" ; skos:altLabel "C" .\n'
         '<urn:b> a bg:War ; skos:prefLabel "B" ; skos:altLabel "C" .\n', "is an alias of both", None),
    ],
)  # fmt: skip
def test_broken_alias_files_are_named(tmp_path: Path, text: str, message: str, line: int | None) -> None:
    path = tmp_path / "aliases.ttl"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message) as caught:
        load_aliases(path)
    assert caught.value.path == str(path) and caught.value.line == line


def test_two_articles_of_one_title_each_get_a_whole_graph(seed_dir: Path, tmp_path: Path) -> None:
    """The later one is mapped again in the main process under a numbered slug: every triple made anew."""
    folder = tmp_path / "in"
    folder.mkdir()
    text = (seed_dir / "siege_of_jinju_1592.txt").read_text(encoding="utf-8")
    for name in ("a.txt", "b.txt"):
        (folder / name).write_text(text, encoding="utf-8")
    build([folder], tmp_path / "out", formats=("nq",), validate=False, store=False, dataset="twice", workers=2)
    data = Dataset()
    data.parse(tmp_path / "out" / "graph.nq", format="nquads")
    graphs = {str(g.identifier): g for g in data.graphs() if len(g)}
    first, second = (graphs[f"{ID}dataset/twice/article/{s}"] for s in ("siege-of-jinju-1592", "siege-of-jinju-1592-2"))
    assert len(second) == len(first) > 500

    def renamed(graph: Graph, slug: str, file: str) -> set[tuple[str, ...]]:
        def term(node: object) -> str:
            return str(node).replace(slug, "SLUG").replace(file, "FILE")

        return {(term(s), term(p), term(o)) for s, p, o in graph}

    assert renamed(first, "siege-of-jinju-1592", "a.txt") == renamed(second, "siege-of-jinju-1592-2", "b.txt")
