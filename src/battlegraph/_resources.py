"""Where the ontology, shapes, context and queries live, installed or in a checkout.

They are plain files at the top of the repository (``ontology/``, ``queries/``)
where users read them; the wheel carries copies inside the package.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def resource_dir(name: str) -> Path:
    """``ontology``, ``queries`` or ``data``: the packaged copy if installed, else the checkout's."""
    packaged = _PACKAGE / name
    if packaged.is_dir():
        return packaged
    checkout = _PACKAGE.parent.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"battlegraph's {name}/ folder is missing from {packaged} and {checkout}")


def default_articles() -> Path:
    """The seed articles: ``data/articles`` of the checkout, or the copy in the wheel."""
    return resource_dir("data") / "articles"


def ontology_file(name: str = "battlegraph.ttl") -> Path:
    return resource_dir("ontology") / name


def query_dir() -> Path:
    return resource_dir("queries")
