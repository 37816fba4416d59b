"""The RDF formats battlegraph writes and reads: one table for the build, the CLI, the site and the server."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final

from pyoxigraph import RdfFormat

from ._errors import InputError


@dataclass(frozen=True, slots=True)
class Format:
    name: str  # as the command line says it: ttl, jsonld, nt, trig, nq
    file: str  # what the build calls its file
    suffix: str
    media_type: str
    rdf: RdfFormat
    dataset: bool  # keeps named graphs (TriG, N-Quads) or flattens them into one graph
    label: str  # as people call it


FORMATS: Final[dict[str, Format]] = {
    f.name: f
    for f in (
        Format("ttl", "graph.ttl", ".ttl", "text/turtle", RdfFormat.TURTLE, False, "Turtle"),
        Format("jsonld", "graph.jsonld", ".jsonld", "application/ld+json", RdfFormat.JSON_LD, False, "JSON-LD"),
        Format("nt", "graph.nt", ".nt", "application/n-triples", RdfFormat.N_TRIPLES, False, "N-Triples"),
        Format("trig", "graph.trig", ".trig", "application/trig", RdfFormat.TRIG, True, "TriG"),
        Format("nq", "graph.nq", ".nq", "application/n-quads", RdfFormat.N_QUADS, True, "N-Quads"),
    )
}
DEFAULT_FORMATS: Final = ("ttl", "jsonld", "trig")
#: Formats battlegraph reads but does not write.
READ_ONLY: Final[dict[str, RdfFormat]] = {
    ".rdf": RdfFormat.RDF_XML,
    ".owl": RdfFormat.RDF_XML,
    ".xml": RdfFormat.RDF_XML,
}


def by_suffix(path: str | Path) -> Format | None:
    """The format of a file name, or of a bare suffix (".ttl")."""
    text = str(path)
    suffix = text.lower() if text.startswith(".") and "/" not in text else Path(path).suffix.lower()
    return next((f for f in FORMATS.values() if f.suffix == suffix), None)


def rdf_format(path: str | Path) -> RdfFormat:
    """The format of an RDF file, from its extension."""
    found = by_suffix(path)
    if found is not None:
        return found.rdf
    suffix = Path(path).suffix.lower()
    if suffix in READ_ONLY:
        return READ_ONLY[suffix]
    known = ", ".join([*(f.suffix for f in FORMATS.values()), *READ_ONLY])
    raise InputError(f"not an RDF file battlegraph reads ({known})", path)


def is_rdf(path: str | Path) -> bool:
    suffix = Path(path).suffix.lower()
    return by_suffix(path) is not None or suffix in READ_ONLY


def chosen(names: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Format names as asked (comma-separated or repeated), checked, in order, each once."""
    wanted = [part.strip().lower() for name in names for part in name.split(",") if part.strip()]
    unknown = [name for name in wanted if name not in FORMATS]
    if unknown:
        raise InputError(f"unknown format(s) {', '.join(unknown)}; choose from {', '.join(FORMATS)}")
    return tuple(dict.fromkeys(wanted))
