"""battlegraph: battle articles → a validated linked-data knowledge graph.

The public API is this short list; the modules (``battlegraph._*``) are internal::

    read_article(path)          a file (plain-text rendering, or .wiki wikitext) → Article
    extract(article)            Article → Extraction (.battle: the Battle record, .diagnostics)
    build(paths, out_dir)       files, folders and dumps → the graph, the store and the reports → BuildReport
    validate(graph)             a built store, an RDF file or articles → ValidationReport
    query(name, …)              a canned question or SPARQL text on the store or an endpoint → QueryResult
    open_store(path)            a built store (out/store), opened read-only

Every error the library raises is a :class:`BattlegraphError`, which carries the
file and line it concerns (every error class is exported here). Paths may be ``str``
or :class:`os.PathLike`. Heavy libraries load when first needed, so importing the
package is quick.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"

__all__ = [
    "Article",
    "Battle",
    "BattlegraphError",
    "BuildReport",
    "Diagnostic",
    "EmptyArticleError",
    "EncodingError",
    "Extraction",
    "InputError",
    "InternalError",
    "NotABattleError",
    "NotAnArticleError",
    "OutputError",
    "QueryError",
    "QueryResult",
    "UnreadableFileError",
    "UnsupportedShapeError",
    "ValidationReport",
    "__version__",
    "build",
    "extract",
    "open_store",
    "query",
    "read_article",
    "validate",
]

# name → the internal module that defines it
_WHERE = {
    "Article": "article",
    "read_article": "api",
    "Battle": "model",
    "Extraction": "extraction",
    "extract": "extraction",
    "BuildReport": "building",
    "build": "api",
    "validate": "api",
    "ValidationReport": "validation",
    "query": "api",
    "QueryResult": "queries",
    "open_store": "api",
    "BattlegraphError": "errors",
    "Diagnostic": "errors",
    "EncodingError": "errors",
    "EmptyArticleError": "errors",
    "InputError": "errors",
    "InternalError": "errors",
    "NotABattleError": "errors",
    "NotAnArticleError": "errors",
    "OutputError": "errors",
    "QueryError": "errors",
    "UnreadableFileError": "errors",
    "UnsupportedShapeError": "errors",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'battlegraph' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"battlegraph._{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


if TYPE_CHECKING:
    from ._api import build, open_store, query, read_article, validate
    from ._article import Article
    from ._building import BuildReport
    from ._errors import (
        BattlegraphError,
        Diagnostic,
        EmptyArticleError,
        EncodingError,
        InputError,
        InternalError,
        NotABattleError,
        NotAnArticleError,
        OutputError,
        QueryError,
        UnreadableFileError,
        UnsupportedShapeError,
    )
    from ._extraction import Extraction, extract
    from ._model import Battle
    from ._queries import QueryResult
    from ._validation import ValidationReport
