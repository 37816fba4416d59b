"""The built wheel carries the ontology, the queries and the seed articles, so an installed battlegraph finds them."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_ships_ontology_queries_and_seeds(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("battlegraph-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in (
        "battlegraph/ontology/battlegraph.ttl",
        "battlegraph/ontology/context.jsonld",
        "battlegraph/data/articles/siege_of_jinju_1592.txt",
        "battlegraph/data/articles/siege_of_namwon.txt",
        "battlegraph/_cli.py",
    ):
        assert expected in names
    for query in (ROOT / "queries").glob("*.rq"):
        assert f"battlegraph/queries/{query.name}" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "battlegraph = battlegraph._cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_only_the_package_itself_is_public() -> None:
    import pkgutil

    import battlegraph

    modules = [m.name for m in pkgutil.iter_modules(battlegraph.__path__)]
    assert len(modules) > 20
    assert [name for name in modules if not name.startswith("_")] == []
    for name in battlegraph.__all__:  # every public name resolves, lazily
        assert getattr(battlegraph, name) is not None
