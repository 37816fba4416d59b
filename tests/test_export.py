"""Every output format re-parses, all formats hold the same graph, and builds are byte-identical."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from battlegraph._building import build
from battlegraph._errors import OutputError
from battlegraph._export import write_atomic
from battlegraph._formats import FORMATS

ALL = tuple(FORMATS)


def flat(path: Path) -> Graph:
    fmt = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "trig": "trig", "nq": "nquads"}[path.suffix[1:]]
    graph = Graph()
    if fmt in ("trig", "nquads"):
        dataset = Dataset()
        dataset.parse(path, format=fmt)
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            graph.add((s, p, o))
    else:
        graph.parse(path, format=fmt)
    return graph


@pytest.fixture(scope="module")
def built(seed_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    build([seed_dir], out, formats=ALL, dataset="seeds")
    return out


def test_every_format_reparses_to_the_same_graph(built: Path) -> None:
    graphs = {fmt: flat(built / FORMATS[fmt].file) for fmt in ALL}
    reference = graphs["nt"]
    assert len(reference) > 900
    for fmt, graph in graphs.items():
        assert isomorphic(reference, graph), fmt


def test_trig_keeps_one_graph_per_article_and_the_ontology(built: Path) -> None:
    dataset = Dataset()
    dataset.parse(built / "graph.trig", format="trig")
    names = {str(c) for _, _, _, c in dataset.quads((None, None, None, None))}
    assert names == {
        "https://w3id.org/battlegraph/id/dataset/seeds/ontology",
        "https://w3id.org/battlegraph/id/dataset/seeds/links",
        "https://w3id.org/battlegraph/id/dataset/seeds/article/siege-of-jinju-1592",
        "https://w3id.org/battlegraph/id/dataset/seeds/article/siege-of-namwon",
    }


def test_jsonld_is_compact_under_the_context(built: Path) -> None:
    text = (built / "graph.jsonld").read_text(encoding="utf-8")
    assert '"@context"' in text and '"type": "Battle"' in text and '"minValue": 3800' in text
    assert '"personnel": "battle/siege-of-jinju-1592/side/1/personnel"' in text


def test_two_builds_in_fresh_processes_are_byte_identical(seed_dir: Path, tmp_path: Path) -> None:
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"run{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        command = [sys.executable, "-m", "battlegraph", "build", str(seed_dir), "-o", str(out)]
        subprocess.run([*command, "-f", ",".join(ALL), "--dataset", "seeds"], check=True, env=env, capture_output=True)
        # every file; the store is a database directory, not a serialisation
        outputs.append({p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()})
    files = {FORMATS[f].file for f in ALL} | {"report.txt", "report.ttl", "resolution.txt", "build.json"}
    assert outputs[0].keys() == files
    assert outputs[0] == outputs[1]


def test_a_failed_write_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "graph.ttl"
    target.write_text("old content")

    def broken(stream: object) -> None:
        stream.write(b"half")  # type: ignore[attr-defined]
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        write_atomic(target, broken)
    assert target.read_text() == "old content"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def test_unwritable_output_is_an_output_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError):
        write_atomic(blocker / "graph.ttl", lambda stream: None)


def test_base_iri_is_configurable(seed_dir: Path, tmp_path: Path) -> None:
    build([seed_dir], tmp_path, formats=("nt",), base="https://example.org/kg/")
    text = (tmp_path / "graph.nt").read_text(encoding="utf-8")
    assert "<https://example.org/kg/battle/siege-of-namwon>" in text
    assert "w3id.org/battlegraph/id/" not in text


def test_the_store_loaded_in_small_blocks_holds_the_graph(built: Path, tmp_path: Path) -> None:
    """Blocks cut at line ends, however small, lose and split no triple."""
    from pyoxigraph import Store

    from battlegraph import _store as store_module

    merged = tmp_path / "merged.nt"
    merged.write_bytes((built / "graph.nt").read_bytes())
    pieces = list(store_module._blocks(merged, size=1000))
    assert len(pieces) > 10 and all(piece.endswith(b"\n") for piece in pieces)
    assert b"".join(pieces) == merged.read_bytes()
    store_module.write_store(merged, tmp_path / "store")
    loaded = Store.read_only(str(tmp_path / "store"))
    assert len(loaded) == len(flat(built / "graph.nt"))
