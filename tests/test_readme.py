"""The README cannot drift: every example in it is run here and its output compared with what it shows.

- ``console`` blocks: each ``$ command`` runs in a fresh copy of the project (after the quick
  start's build) with the venv's ``bin`` first on ``PATH``; the lines after it are the output
  shown. A line ``…`` stands for any number of lines, ``…`` inside a line for any text.
  ``battlegraph serve`` keeps running (on a free port, written as 7878 in the README) until
  the block ends, so the commands after it can ask it.
- The quick start: ``make build`` must be the command the Makefile runs, and its output block is
  what that command prints.
- ``python`` blocks are doctests, run in the same copy.
- ``turtle`` blocks: every triple shown is in the graph the quick start builds.
- ``sparql`` blocks are parsed and run on that graph, and must answer.
"""

from __future__ import annotations

import doctest
import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pyoxigraph import RdfFormat, parse

from battlegraph._iris import DEFAULT_BASE
from battlegraph._store import open_store

from .triplestores import free_port

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
BIN = str(Path(sys.executable).parent)
BLOCK = re.compile(r"^```(\w*)\n(.*?)^```", re.DOTALL | re.MULTILINE)


def blocks(language: str) -> list[str]:
    return [body for lang, body in BLOCK.findall(README) if lang == language]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project's data with the quick start's build done, as a user has it after `make build`."""
    folder = tmp_path_factory.mktemp("readme")
    shutil.copytree(ROOT / "data", folder / "data")
    made = subprocess.run(
        [f"{BIN}/battlegraph", "build", "data/articles", "-o", "out"], cwd=folder, capture_output=True, text=True
    )
    assert made.returncode == 0, made.stderr
    return folder


def _pattern(shown: list[str]) -> re.Pattern[str]:
    """The lines shown as a regex over the whole output: `…` alone is any lines, `…` in a line any text."""
    parts = []
    for line in shown:
        if line.strip() == "…":
            parts.append(r"(?:.*\n)*?")
        else:
            parts.append(".*?".join(re.escape(piece) for piece in line.split("…")) + r"\n")
    return re.compile("".join(parts))


def _commands(body: str) -> Iterator[tuple[str, list[str]]]:
    command: str | None = None
    shown: list[str] = []
    for line in body.splitlines():
        if line.startswith("$ "):
            if command is not None:
                yield command, shown
            command, shown = line[2:], []
        elif command is not None:
            shown.append(line)
    if command is not None:
        yield command, shown


@pytest.mark.parametrize("number", range(len(blocks("console"))))
def test_console_examples(project: Path, number: int) -> None:
    body = blocks("console")[number]
    environment = {**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}", "COLUMNS": "200"}
    port = free_port()
    servers: list[subprocess.Popen[str]] = []
    try:
        for command, shown in _commands(body):
            command = command.replace("7878", str(port))
            expected = _pattern([line.replace("7878", str(port)) for line in shown])
            if command.startswith("battlegraph serve"):
                server = subprocess.Popen(
                    f"{command} --port {port}", shell=True, cwd=project, env=environment, text=True,
                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
                )  # fmt: skip
                servers.append(server)
                assert server.stdout is not None
                seen = ""
                while not expected.match(seen):
                    line = server.stdout.readline()
                    assert line, f"serve stopped before printing what the README shows:\n{seen}"
                    seen += line
                continue
            ran = subprocess.run(command, shell=True, cwd=project, env=environment, capture_output=True,
                                 text=True, timeout=600)  # fmt: skip
            output = ran.stdout + ran.stderr
            assert expected.fullmatch(output), f"$ {command}\nshown:\n" + "\n".join(shown) + f"\n\nprinted:\n{output}"
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGINT)
            server.wait(timeout=30)


def test_the_quick_start_prints_what_it_shows(tmp_path: Path) -> None:
    quick = blocks("sh")[0]
    assert quick.splitlines()[0].startswith("make build") and quick.splitlines()[1].startswith("make test")
    makefile = (ROOT / "Makefile").read_text()
    target = re.search(r"^build: .*\n\t\$\(BIN\)/(battlegraph [^\n]+)", makefile, re.MULTILINE)
    assert target is not None
    shown = re.search(r"validates\nand prints:\n\n```\n(.*?)```", README, re.DOTALL)
    assert shown is not None
    shutil.copytree(ROOT / "data", tmp_path / "data")
    ran = subprocess.run(f"{BIN}/{target.group(1)}", shell=True, cwd=tmp_path, capture_output=True, text=True)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout + ran.stderr == shown.group(1)
    assert "$(BIN)/pytest" in makefile.split("test:")[1].split("\n\n")[0]  # `make test` is this suite


@pytest.mark.parametrize("number", range(len(blocks("python"))))
def test_python_examples(project: Path, number: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    test = doctest.DocTestParser().get_doctest(blocks("python")[number], {}, f"README python {number}", None, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    assert test.examples and runner.summarize(verbose=False).failed == 0


@pytest.mark.parametrize("number", range(len(blocks("turtle"))))
def test_turtle_slices_are_in_the_graph(project: Path, number: int) -> None:
    shown = set(parse(blocks("turtle")[number].encode(), format=RdfFormat.TURTLE, base_iri=DEFAULT_BASE))
    built = set(parse(path=str(project / "out" / "graph.ttl"), format=RdfFormat.TURTLE))
    assert shown and shown <= built, shown - built


@pytest.mark.parametrize("number", range(len(blocks("sparql"))))
def test_sparql_examples_answer(project: Path, number: int) -> None:
    store = open_store(project / "out" / "store")
    assert list(store.query(blocks("sparql")[number], use_default_graph_as_union=True))  # type: ignore[arg-type]


def test_every_example_kind_is_checked() -> None:
    checked = {"console", "python", "turtle", "sparql"}
    shown_only = {"", "sh"}  # output shown by the quick start (checked above) and plain listings
    assert {lang for lang, _ in BLOCK.findall(README)} <= checked | shown_only
    assert all(blocks(kind) for kind in ("console", "python", "turtle"))


def test_the_ontology_is_as_the_readme_says() -> None:
    """ "an OWL ontology whose every term has a label and a comment"."""
    from rdflib import OWL, RDF, RDFS, Graph

    assert "every term has a label and a comment" in " ".join(README.split())
    graph = Graph().parse(ROOT / "ontology" / "battlegraph.ttl")
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    terms = {
        t
        for kind in kinds
        for t in graph.subjects(RDF.type, kind)
        if str(t).startswith("https://w3id.org/battlegraph/ontology#")
    }
    assert len(terms) > 40
    assert not [t for t in terms if (t, RDFS.label, None) not in graph or (t, RDFS.comment, None) not in graph]
