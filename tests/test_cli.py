"""The command line, through click's CliRunner: output, exit codes and messages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from battlegraph._cli import main

from .conftest import ARTICLES


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_build_seeds_prints_a_summary(runner: CliRunner, seed_dir: Path, tmp_path: Path) -> None:
    result = runner.invoke(main, ["build", str(seed_dir), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert re.search(
        r"Read 2 articles: 2 battles, \d+ people; [\d,]+ triples, [\d,]+ quads in 4 named graphs; 0 skipped",
        result.output,
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".generations",
        "build.json",
        "current",
        "graph.jsonld",
        "graph.trig",
        "graph.ttl",
        "report.ttl",
        "report.txt",
        "resolution.txt",
        "store",
    ]


def test_build_without_paths_uses_the_seed_articles(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no data/articles here: the packaged seeds are used
    result = runner.invoke(main, ["build", "-f", "nt"])
    assert result.exit_code == 0, result.output
    assert "2 battles" in result.output
    assert (tmp_path / "out" / "graph.nt").exists()


def test_bad_files_are_named_and_the_rest_still_builds(runner: CliRunner, seed_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    for article in seed_dir.iterdir():
        (folder / article.name).write_bytes(article.read_bytes())
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02 binary")
    (folder / "latin1.txt").write_bytes("= Cafe =\n\nInfobox\n- Place: Jinju\n- Result: caf\xe9\n".encode("latin-1"))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "prose.txt").write_text("No title here.\n", encoding="utf-8")
    (folder / "izu.txt").write_bytes((ARTICLES / "19_izu_suigun.txt").read_bytes())
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", str(folder), "-o", str(out), "-f", "nt"])
    assert result.exit_code == 1, result.output
    assert "2 battles" in result.output and "1 skipped" in result.output and "4 rejected" in result.output
    assert re.search(r"rejected .*binary\.txt:1: binary data", result.output)
    assert re.search(r"rejected .*latin1\.txt:5: not UTF-8", result.output)
    assert re.search(r"rejected .*empty\.txt: empty file", result.output)
    assert re.search(r"rejected .*prose\.txt:1: expected a title line", result.output)
    assert re.search(r"skipped .*izu\.txt:1: no infobox", result.output)
    assert (out / "graph.nt").stat().st_size > 0
    listed = (out / "problems.txt").read_text(encoding="utf-8").splitlines()
    assert [line.split()[0] for line in listed] == ["rejected"] * 4 + ["skipped"]


def test_a_long_list_of_problems_goes_to_a_file(runner: CliRunner, seed_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for article in seed_dir.iterdir():
        (folder / article.name).write_bytes(article.read_bytes())
    izu = (ARTICLES / "19_izu_suigun.txt").read_bytes()
    for number in range(30):
        (folder / f"page{number:02}.txt").write_bytes(izu)
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", str(folder), "-o", str(out), "-f", "nt", "--no-validate"])
    assert result.exit_code == 0, result.output
    assert "30 skipped" in result.output
    assert len(re.findall(r"^skipped ", result.output, re.MULTILINE)) == 20
    assert f"… and 10 more in {out / 'problems.txt'}" in result.output
    listed = (out / "problems.txt").read_text(encoding="utf-8").splitlines()
    assert [line.split(":")[0].rsplit("/", 1)[1] for line in listed] == [f"page{n:02}.txt" for n in range(30)]
    # building again without the bad pages leaves no stale list behind
    for number in range(30):
        (folder / f"page{number:02}.txt").unlink()
    result = runner.invoke(main, ["build", str(folder), "-o", str(out), "-f", "nt", "--no-validate"])
    assert result.exit_code == 0, result.output
    assert not (out / "problems.txt").exists()


def test_nothing_usable_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe")
    result = runner.invoke(main, ["build", str(bad), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    empty = tmp_path / "emptydir"
    empty.mkdir()
    result = runner.invoke(main, ["build", str(empty), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and "no articles in" in result.output and "*.wiki" in result.output


def test_nothing_to_build_leaves_the_previous_build(runner: CliRunner, seed_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert runner.invoke(main, ["build", str(seed_dir), "-o", str(out), "--no-validate"]).exit_code == 0
    before = (out / "graph.ttl").read_bytes()
    for inputs in ([tmp_path / "emptydir"], [tmp_path / "nothing.wiki"]):
        for path in inputs:
            path.mkdir() if path.suffix == "" else path.write_text("")
        result = runner.invoke(main, ["build", *map(str, inputs), "-o", str(out)])
        assert result.exit_code == 2, result.output
        assert result.output.startswith("error: ") and "Traceback" not in result.output
        assert (out / "graph.ttl").read_bytes() == before
    assert "is left as it was" in result.output and "empty page" in result.output


def test_missing_path_and_bad_options_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["build", str(tmp_path / "missing")])
    assert result.exit_code == 2 and "no such file or folder" in result.output
    result = runner.invoke(main, ["build", "-f", "rdfxml"])
    assert result.exit_code == 2 and "unknown format rdfxml" in result.output
    result = runner.invoke(main, ["build", "--base", "not-an-iri"])
    assert result.exit_code == 2 and "base IRI" in result.output


def test_extract_prints_the_record_as_json(runner: CliRunner) -> None:
    result = runner.invoke(main, ["extract", str(ARTICLES / "siege_of_namwon.txt")])
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    battle = record["battle"]
    assert battle["title"] == "Siege of Namwon"
    assert battle["start"] == {"value": "1597-09-23", "datatype": "http://www.w3.org/2001/XMLSchema#date"}
    korean = battle["sides"][1]["commanders"][0]
    assert (korean["name"], korean["fate"], korean["group"]) == ("Yi Bok-nam", "KIA", "Korea")


def test_extract_of_a_non_battle_warns_and_exits_1(runner: CliRunner) -> None:
    result = runner.invoke(main, ["extract", str(ARTICLES / "18_wiman_choson.txt")])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["battle"] is None
    assert "not a military-conflict infobox" in result.stderr


def test_extract_of_unreadable_input_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["extract", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2 and "no such file" in result.output


def test_help_and_version(runner: CliRunner) -> None:
    assert runner.invoke(main, ["--help"]).exit_code == 0
    build_help = runner.invoke(main, ["build", "--help"]).output
    assert "--format" in build_help and "data/articles" in build_help
    assert re.match(r"battlegraph, version \d+\.\d+", runner.invoke(main, ["--version"]).output)
