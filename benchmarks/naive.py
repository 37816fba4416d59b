"""The naive pipeline battlegraph is compared with: the same reading and extraction, then rdflib only.

    python benchmarks/naive.py ARTICLES_DIR OUT_DIR

Every triple goes into one in-memory rdflib Dataset (a named graph per article),
and rdflib writes Turtle, JSON-LD and TriG. No store, no validation.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from rdflib import Dataset, Graph

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from battlegraph._building import ontology_graph, read_document
from battlegraph._errors import BattlegraphError
from battlegraph._iris import Minter
from battlegraph._rdf import battle_graph
from battlegraph._sources import documents, find_inputs


def main() -> None:
    source, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    dataset = Dataset()
    minter = Minter()
    batches = [ontology_graph(minter)]
    for document in documents(find_inputs([source])):
        if isinstance(document, BattlegraphError):
            continue
        try:
            battle = read_document(document).battle
        except BattlegraphError:
            continue
        batches.append(battle_graph(battle, minter, minter.article_slug(battle.title, document.key)))
    for batch in batches:
        dataset.parse(data=batch.nquads().decode("utf-8"), format="nquads")
    built = time.perf_counter()
    flat = dataset.default_union
    dataset.default_union = True
    for name, fmt in (("graph.ttl", "turtle"), ("graph.jsonld", "json-ld"), ("graph.trig", "trig")):
        target: Graph = dataset
        if fmt != "trig":
            # one flat graph: rdflib writes Turtle and JSON-LD of the union, not of the default graph
            target = Graph()
            for subject, predicate, obj, _ in dataset.quads((None, None, None, None)):
                target.add((subject, predicate, obj))
        target.serialize(out / name, format=fmt)
    dataset.default_union = flat
    print(
        f"naive: {len(batches) - 1} battles, {time.perf_counter() - started:.2f} s "
        f"(graph {built - started:.2f} s, files {time.perf_counter() - built:.2f} s)"
    )


if __name__ == "__main__":
    main()
