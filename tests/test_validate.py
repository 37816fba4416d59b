"""`battlegraph validate` and the validation step of `battlegraph build`, on the real seed articles."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib import namespace as ns

from battlegraph._cli import main

from .conftest import ARTICLES, article_dataset

BG = Namespace("https://w3id.org/battlegraph/ontology#")
ID = "https://w3id.org/battlegraph/id/"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_seeds_conform_with_the_jinju_contingent_warning(runner: CliRunner, seed_dir: Path) -> None:
    result = runner.invoke(main, ["validate", str(seed_dir)])
    assert result.exit_code == 0, result.output
    assert "violation" not in result.output.replace("0 violations", "")
    assert re.search(
        r"Siege of Jinju \(1592\).*\n\s+warning\s+battle/siege-of-jinju-1592/side/1: "
        r"the contingents add up to 24,407 soldiers while the article states 30,000",
        result.output,
    )
    assert "from Military strength / Japan, line 38" in result.output
    assert "side/2" not in result.output  # the Korean contingents match their totals
    assert result.output.strip().endswith("2 battles checked: 0 violations, 1 warning.")


def _injected(tmp_path: Path) -> Path:
    """The Namwon graph with three errors: a negative strength, an end before the start, a role without a person."""
    dataset = article_dataset(ARTICLES / "siege_of_namwon.txt")
    graph = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    battle = URIRef(ID + "battle/siege-of-namwon")
    strength = URIRef(ID + "battle/siege-of-namwon/side/2/strength/2")
    role = URIRef(ID + "battle/siege-of-namwon/side/2/commander/yi-bok-nam")
    graph.set((strength, BG.minValue, Literal(-3000)))
    graph.set((battle, BG.endDate, Literal("1597-08-01", datatype=ns.XSD.date)))
    graph.remove((role, BG.person, None))
    path = tmp_path / "injected.ttl"
    graph.serialize(path, format="turtle")
    return path


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_injected_errors_exit_1_and_are_named(runner: CliRunner, tmp_path: Path, engine: str) -> None:
    result = runner.invoke(main, ["validate", str(_injected(tmp_path)), "--engine", engine])
    assert result.exit_code == 1, result.output
    text = result.output
    assert re.search(r"violation\s+battle/siege-of-namwon/side/2/strength/2: .*non-negative integer", text)
    assert "value -3,000 · from Strength2, line 14" in text
    assert re.search(r"violation\s+battle/siege-of-namwon: the battle ends \(1597-08-01\) before it starts", text)
    assert re.search(r"violation\s+battle/siege-of-namwon/side/2/commander/yi-bok-nam: .*exactly one person", text)
    assert "from Commander2, line 12" in text
    assert "3 violations" in text


def test_json_and_turtle_reports(runner: CliRunner, tmp_path: Path) -> None:
    injected = _injected(tmp_path)
    data = json.loads(runner.invoke(main, ["validate", str(injected), "--format", "json"]).output)
    assert data["conforms"] is False and data["violations"] == 3
    assert {f["file"] for f in data["findings"]} == {"siege_of_namwon.txt"}
    result = runner.invoke(main, ["validate", str(injected), "--format", "turtle"])
    report = Graph().parse(data=result.output, format="turtle")
    assert (None, ns.SH.conforms, Literal(False)) in report
    assert len(set(report.subjects(ns.SH.resultSeverity, ns.SH.Violation))) == 3


def test_unreadable_input_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "broken.ttl"
    bad.write_text('<a> <b> "unterminated .\n', encoding="utf-8")
    result = runner.invoke(main, ["validate", str(bad)])
    assert result.exit_code == 2 and "broken.ttl:1: cannot read RDF" in result.output
    assert runner.invoke(main, ["validate", str(tmp_path / "missing.ttl")]).exit_code == 2
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x00")
    result = runner.invoke(main, ["validate", str(binary)])
    assert result.exit_code == 2 and "binary data" in result.output


def test_build_validates_and_writes_reports(runner: CliRunner, seed_dir: Path, tmp_path: Path) -> None:
    result = runner.invoke(main, ["build", str(seed_dir), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "24,407 soldiers while the article states 30,000" in result.output
    text = (tmp_path / "report.txt").read_text(encoding="utf-8")
    assert "1 warning" in text
    report = Graph().parse(tmp_path / "report.ttl", format="turtle")
    assert (None, ns.SH.conforms, Literal(True)) in report
    # the built store validates the same
    again = runner.invoke(main, ["validate", "--store", str(tmp_path / "store")])
    assert again.exit_code == 0 and again.output == text


def test_build_with_violations_exits_1(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "yalu.txt").write_bytes((ARTICLES / "11_battle_of_the_yalu_river_1894.txt").read_bytes())
    result = runner.invoke(main, ["build", str(folder), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "a side has at least one combatant" in result.output and "from Combatant2" in result.output
    skipped = runner.invoke(main, ["build", str(folder), "-o", str(tmp_path / "out2"), "--no-validate"])
    assert skipped.exit_code == 0 and not (tmp_path / "out2" / "report.txt").exists()


def test_chunks_in_worker_processes_find_what_one_pass_finds(runner: CliRunner, tmp_path: Path) -> None:
    """The real articles validated one per chunk by two workers, against one chunk checked in-process."""
    from battlegraph._validation import validate_nquads

    out = tmp_path / "out"
    result = runner.invoke(main, ["build", str(ARTICLES), "-o", str(out), "-f", "nq", "--no-validate", "--no-store"])
    assert result.exit_code == 0, result.output
    whole = validate_nquads(out / "graph.nq", workers=1)
    chunked = validate_nquads(out / "graph.nq", workers=2, chunk_articles=1)
    assert whole.findings, "the real articles have findings to compare"
    assert chunked.findings == whole.findings
    assert chunked.battles == whole.battles >= 20


def test_the_build_validates_alike_on_one_core_and_on_many(tmp_path: Path) -> None:
    from benchmarks.generate import generate

    from battlegraph import build
    from battlegraph._validation import CHUNK_ARTICLES

    corpus = tmp_path / "corpus"
    generate(CHUNK_ARTICLES * 2 + 100, corpus)  # three chunks, so the many cores have work
    reports = {}
    for cores in (1, 8):  # 8: the validation starts workers of its own beside the store and the writers
        out = tmp_path / f"out-{cores}"
        report = build([corpus], out, workers=cores, dataset="generated")
        reports[cores] = (out / "report.ttl").read_bytes()
        assert report.validation.battles > CHUNK_ARTICLES * 2
    assert reports[1] == reports[8] and b"sh:result" in reports[1]
