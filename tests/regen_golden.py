"""Rewrite tests/golden/*.ttl from the current extractor: `make golden`. Read the diff before committing."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from battlegraph._vocab import PREFIXES
from tests.conftest import ARTICLES, GOLDEN, SEEDS, article_graph

if __name__ == "__main__":
    GOLDEN.mkdir(exist_ok=True)
    for name in SEEDS:
        graph = article_graph(ARTICLES / f"{name}.txt")
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace)
        target = GOLDEN / f"{name}.ttl"
        target.write_text(graph.serialize(format="turtle"), encoding="utf-8")
        print(f"wrote {target} ({len(graph)} triples)")
