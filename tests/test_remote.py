"""Against a real triple store: an Oxigraph server started here, on 127.0.0.1.

The seeds are loaded into it twice with the Graph Store Protocol (the triple count
must not change), and every canned query asked of it must give the rows the
embedded store gives.
"""

from __future__ import annotations

import json
import shutil
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from benchmarks.generate import generate
from click.testing import CliRunner
from pyoxigraph import Store

from battlegraph._building import build
from battlegraph._cli import main
from battlegraph._queries import canned_queries, run_local, run_remote
from battlegraph._remote import load_graphs, store_graphs
from battlegraph._store import load_rdf_files

from .test_queries import normalised
from .triplestores import free_port, start_oxigraph


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Oxigraph server with its default graph the union of the named graphs."""
    process, url = start_oxigraph(tmp_path_factory.mktemp("oxigraph"))
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def seeds(seed_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Store:
    out = tmp_path_factory.mktemp("remote-seeds")
    build([seed_dir], out, formats=("trig",), validate=False)
    return load_rdf_files([out / "graph.trig"])  # the articles' named graphs, as load sends them


def remote_quads(url: str) -> int:
    query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    request = urllib.request.Request(
        f"{url}/query",
        data=query.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return int(json.loads(response.read())["results"]["bindings"][0]["n"]["value"])


def test_loading_twice_replaces_and_never_duplicates(server: str, seeds: Store) -> None:
    first = load_graphs(f"{server}/store", store_graphs(seeds))
    assert first.ok and len(first.loaded) == 4  # the ontology, the links and the two articles
    count = remote_quads(server)
    assert count == len(seeds)
    second = load_graphs(f"{server}/store", store_graphs(seeds))
    assert second.ok and remote_quads(server) == count


@pytest.mark.parametrize("name", sorted(canned_queries()))
def test_every_canned_query_answers_the_same_remotely(server: str, seeds: Store, name: str) -> None:
    load_graphs(f"{server}/store", store_graphs(seeds))
    query = canned_queries()[name]
    assert normalised(run_remote(f"{server}/query", query)) == normalised(run_local(seeds, query))


def test_hostile_parameter_is_only_a_string_remotely(server: str, seeds: Store) -> None:
    load_graphs(f"{server}/store", store_graphs(seeds))
    before = remote_quads(server)
    result = run_remote(f"{server}/query", canned_queries()["battles-of"], {"person": 'x" } DROP ALL #'})
    assert result.rows == [] and remote_quads(server) == before


def test_cli_load_and_query_endpoint(server: str, seed_dir: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "out"
    assert runner.invoke(main, ["build", str(seed_dir), "-o", str(out), "--no-validate"]).exit_code == 0
    loaded = runner.invoke(main, ["load", f"{server}/store", "--graph", str(out / "graph.trig")])
    assert loaded.exit_code == 0 and "Loaded 4 of 4 graphs (1,377 of 1,377 quads)" in loaded.output
    asked = runner.invoke(
        main, ["query", "battles-of", "-p", "person=Ukita Hideie", "--endpoint", f"{server}/query", "-f", "csv"]
    )
    assert asked.exit_code == 0 and asked.output.count("Siege of") == 2


def test_failed_loads_name_each_graph(seeds: Store, server: str) -> None:
    down = load_graphs(f"http://127.0.0.1:{free_port()}/store", store_graphs(seeds))
    assert not down.ok and len(down.failed) == 4 and down.loaded == []
    assert all("cannot connect" in reason or "stopped answering" in reason for _, reason in down.failed)
    wrong = load_graphs(f"{server}/no-such-service", store_graphs(seeds))
    assert len(wrong.failed) == 4 and all(reason.startswith("HTTP 404") for _, reason in wrong.failed)
    runner = CliRunner()
    result = runner.invoke(main, ["load", f"{server}/no-such-service", "--graph", "nothing.trig"])
    assert result.exit_code == 2 and "no such file" in result.output


def graph_sizes(url: str, prefix: str) -> dict[str, int]:
    """Quads per named graph of the server whose IRI starts with ``prefix``."""
    query = (
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
        f'FILTER (STRSTARTS(STR(?g), "{prefix}")) }} GROUP BY ?g'
    )
    request = urllib.request.Request(
        f"{url}/query",
        data=query.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        rows = json.loads(response.read())["results"]["bindings"]
    return {row["g"]["value"]: int(row["n"]["value"]) for row in rows}


def file_sizes(path: Path) -> dict[str, int]:
    store = load_rdf_files([path])
    return {g.value: sum(1 for _ in store.quads_for_pattern(None, None, None, g)) for g in store.named_graphs()}


DATASETS = "https://w3id.org/battlegraph/id/dataset/"


def test_builds_live_side_by_side_and_prune_touches_only_its_own(server: str, seed_dir: Path, tmp_path: Path) -> None:
    """The seeds loaded after a 2,000-article build leave it intact; --prune removes only the seeds' dropped graph."""
    runner = CliRunner()
    big = tmp_path / "big"
    generate(2000, tmp_path / "generated")
    made = runner.invoke(main, ["build", str(tmp_path / "generated"), "-o", str(big), "-f", "nq", "--no-validate"])
    assert made.exit_code in (0, 1), made.output
    loaded = runner.invoke(main, ["load", f"{server}/store", "--graph", str(big / "graph.nq")])
    assert loaded.exit_code == 0, loaded.output
    big_graphs = file_sizes(big / "graph.nq")
    assert len(big_graphs) == json.loads((big / "build.json").read_text())["counts"]["graphs"] > 1800
    assert all(name.startswith(DATASETS + "big/") for name in big_graphs)
    assert graph_sizes(server, DATASETS + "big/") == big_graphs

    seeds = tmp_path / "seeds"
    assert runner.invoke(main, ["build", str(seed_dir), "-o", str(seeds), "-f", "nq", "--no-validate"]).exit_code == 0
    assert runner.invoke(main, ["load", f"{server}/store", "--graph", str(seeds / "graph.nq")]).exit_code == 0
    assert graph_sizes(server, DATASETS + "big/") == big_graphs  # the links graph included
    assert graph_sizes(server, DATASETS + "seeds/") == file_sizes(seeds / "graph.nq")

    # the seeds' build loses an article: --prune removes its graph, and nothing of the big build
    one = tmp_path / "one"
    one.mkdir()
    shutil.copy(seed_dir / "siege_of_namwon.txt", one)
    rebuilt = runner.invoke(main, ["build", str(one), "-o", str(seeds), "-f", "nq", "--no-validate"])
    assert rebuilt.exit_code == 0, rebuilt.output
    pruned = runner.invoke(main, ["load", f"{server}/store", "--graph", str(seeds / "graph.nq"), "--prune"])
    assert pruned.exit_code == 0, pruned.output
    assert "Pruned 1 graph of" in pruned.output
    assert graph_sizes(server, DATASETS + "seeds/") == file_sizes(seeds / "graph.nq")
    assert DATASETS + "seeds/article/siege-of-jinju-1592" not in graph_sizes(server, DATASETS)
    assert graph_sizes(server, DATASETS + "big/") == big_graphs


def test_load_asks_for_the_password_and_says_why_it_cannot(server: str, seed_dir: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "out"
    assert runner.invoke(main, ["build", str(seed_dir), "-o", str(out), "-f", "nq", "--no-validate"]).exit_code == 0
    graph = ["--graph", str(out / "graph.nq")]
    # Oxigraph asks for no credentials: the password typed is taken, and the load goes through
    asked = runner.invoke(main, ["load", f"{server}/store", *graph, "--user", "dba"], input="secret\n")
    assert asked.exit_code == 0 and "Password for dba" in asked.output, asked.output
    nothing = runner.invoke(main, ["load", f"{server}/store", *graph, "--user", "dba"], input="")
    assert nothing.exit_code == 2 and "--user needs a password" in nothing.output
    refused = runner.invoke(main, ["load", "not-a-url", *graph])
    assert refused.exit_code == 2 and "not an http(s) URL" in refused.output
    down = runner.invoke(main, ["load", f"http://127.0.0.1:{free_port()}/store", *graph, "--timeout", "2"])
    assert down.exit_code == 1 and "cannot connect: connection refused" in down.output
    assert "Traceback" not in down.output and "Errno" not in down.output


def test_bulk_load_replaces_the_builds_graphs(seed_dir: Path, tmp_path: Path) -> None:
    """--bulk: one update drops the build's graphs, one request sends them; twice is the same as once."""
    runner = CliRunner()
    out = tmp_path / "out"
    assert runner.invoke(main, ["build", str(seed_dir), "-o", str(out), "-f", "nq", "--no-validate"]).exit_code == 0
    process, url = start_oxigraph(tmp_path / "oxigraph")
    try:
        for _ in range(2):
            loaded = runner.invoke(main, ["load", f"{url}/store", "--graph", str(out / "graph.nq"), "--bulk"])
            assert loaded.exit_code == 0 and "Loaded 4 of 4 graphs" in loaded.output, loaded.output
            assert graph_sizes(url, DATASETS) == file_sizes(out / "graph.nq")
        refused = runner.invoke(main, ["load", "http://127.0.0.1:9/data", "--graph", str(out / "graph.nq"), "--bulk"])
        assert refused.exit_code == 2 and "--update URL" in refused.output
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_query_endpoint_says_when_an_answer_may_be_cut_or_the_default_graph_is_not_the_union(
    seed_dir: Path, tmp_path: Path
) -> None:
    runner = CliRunner()
    out = tmp_path / "out"
    assert runner.invoke(main, ["build", str(seed_dir), "-o", str(out), "-f", "nq", "--no-validate"]).exit_code == 0
    plain, url = start_oxigraph(tmp_path / "ox", union=False)  # the default graph is empty
    try:
        assert runner.invoke(main, ["load", f"{url}/store", "--graph", str(out / "graph.nq")]).exit_code == 0
        empty = runner.invoke(main, ["query", "battles", "--endpoint", f"{url}/query", "-f", "csv"])
        assert empty.exit_code == 0 and "default graph is empty while its named graphs hold data" in empty.output
        thousand = tmp_path / "thousand.rq"
        thousand.write_text("SELECT ?n WHERE { VALUES ?n { " + " ".join(map(str, range(1000))) + " } }")
        capped = runner.invoke(main, ["query", str(thousand), "--endpoint", f"{url}/query", "-f", "csv"])
        assert capped.exit_code == 0 and "exactly 1,000 rows: the endpoint may cap its results" in capped.output
    finally:
        plain.terminate()
        plain.wait(timeout=10)
