"""battlegraph: battle articles → a validated linked-data knowledge graph.

The stages, one module each::

    article.read_article   file → Article (title, infobox fields, sections)
    extract.extract        Article → Battle record (sides, commanders, quantities)
    rdf.battle_quads       Battle → quads in the article's named graph
    export.write_dataset   quads → Turtle, JSON-LD, N-Triples, TriG, N-Quads
    pipeline.build         all of it over files and folders
"""

from __future__ import annotations

__version__ = "0.1.0"

from .article import Article, parse_article, read_article
from .errors import BattlegraphError, Diagnostic, InputError, NotABattleError
from .extract import extract
from .model import Battle, Commander, Contingent, Figure, Side
from .pipeline import BuildReport, build

__all__ = [
    "Article",
    "Battle",
    "BattlegraphError",
    "BuildReport",
    "Commander",
    "Contingent",
    "Diagnostic",
    "Figure",
    "InputError",
    "NotABattleError",
    "Side",
    "__version__",
    "build",
    "extract",
    "parse_article",
    "read_article",
]
