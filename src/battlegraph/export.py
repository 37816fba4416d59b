"""Writing the graph: Turtle, JSON-LD, N-Triples, TriG and N-Quads, atomically.

Everything streams: articles arrive one batch of sorted quads at a time, so a
whole wiki never has to sit in memory. TriG and N-Quads keep the named graphs;
Turtle, N-Triples and JSON-LD flatten the dataset, writing a triple that several
articles share (a person's label) once.

Files are written to a temporary name beside the target and renamed into place,
so a failure never leaves a half-written file.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import IO, Any

from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, RdfFormat, Triple, parse

from .errors import OutputError
from .rdf import PREFIXES, XSD
from .resources import ontology_file

FORMATS = {
    "ttl": ("graph.ttl", RdfFormat.TURTLE),
    "jsonld": ("graph.jsonld", RdfFormat.JSON_LD),
    "nt": ("graph.nt", RdfFormat.N_TRIPLES),
    "trig": ("graph.trig", RdfFormat.TRIG),
    "nq": ("graph.nq", RdfFormat.N_QUADS),
}
DEFAULT_FORMATS = ("ttl", "jsonld", "trig")
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@contextmanager
def atomic_file(path: Path) -> Iterator[IO[bytes]]:
    """A binary file that appears at ``path`` only once it is completely written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # "x" mode creates the file with the usual umask permissions (mkstemp would make it 0600)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.part")
    try:
        with temporary.open("xb") as stream:
            yield stream
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_atomic(path: Path, writer: Callable[[IO[bytes]], None]) -> None:
    try:
        with atomic_file(path) as stream:
            writer(stream)
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", path) from exc


def write_text_atomic(path: Path, text: str) -> None:
    def writer(stream: IO[bytes]) -> None:
        stream.write(text.encode("utf-8"))

    write_atomic(path, writer)


def nquad_line(quad: Quad) -> str:
    graph = "" if isinstance(quad.graph_name, DefaultGraph) else f" {quad.graph_name}"
    return f"{quad.subject} {quad.predicate} {quad.object}{graph} .\n"


def write_nquads(batches: Iterable[Iterable[Quad]], stream: IO[bytes]) -> int:
    """N-Quads, one line per quad, in batch order; returns the number of quads."""
    count = 0
    for batch in batches:
        chunk = "".join(nquad_line(quad) for quad in batch)
        count += chunk.count("\n")
        stream.write(chunk.encode("utf-8"))
    return count


def read_nquads(path: Path) -> Iterator[Quad]:
    """Stream the quads of an N-Quads file back, in file order."""
    return parse(path=str(path), format=RdfFormat.N_QUADS)


class Flattener:
    """Yields each triple once, though articles repeat the ones they share.

    Only triples about shared resources (people, wars, places, belligerents, the
    ontology) can repeat, so only those are remembered: memory grows with the
    number of distinct people, not with the number of triples.
    """

    def __init__(self, local_prefixes: tuple[str, ...]) -> None:
        self.local = local_prefixes
        self.seen: set[Triple] = set()

    def __call__(self, quads: Iterable[Quad]) -> Iterator[Triple]:
        for quad in quads:
            triple = quad.triple
            subject = triple.subject.value if isinstance(triple.subject, NamedNode) else ""
            if subject.startswith(self.local):
                yield triple
            elif triple not in self.seen:
                self.seen.add(triple)
                yield triple


def write_rdf(
    quads: Iterable[Quad], stream: IO[bytes], fmt: str, *, base: str, local_prefixes: tuple[str, ...]
) -> None:
    """One serialisation of a quad stream already in its final order."""
    _, _rdf_format = FORMATS[fmt]
    if fmt == "nq":
        for quad in quads:
            stream.write(nquad_line(quad).encode("utf-8"))
        return
    if fmt == "trig":
        write_turtle(quads, stream, base=base, named_graphs=True)
        return
    triples = Flattener(local_prefixes)(quads)
    if fmt == "nt":
        for triple in triples:
            stream.write(f"{triple.subject} {triple.predicate} {triple.object} .\n".encode())
    elif fmt == "ttl":
        write_turtle((Quad(t.subject, t.predicate, t.object) for t in triples), stream, base=base, named_graphs=False)
    elif fmt == "jsonld":
        write_jsonld(triples, stream, base=base)
    else:  # pragma: no cover - FORMATS is closed
        raise ValueError(fmt)


# ---------------------------------------------------------------------------
# Turtle and TriG
#
# pyoxigraph writes valid Turtle, but with a base it relativises every IRI it can
# ("schema: <//schema.org/>"), and without one our resources come out as long
# escaped names. Our graphs have no blank nodes and arrive sorted, so a writer of
# our own is short and gives readable, stable files.

_PN_LOCAL = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_RELATIVE = re.compile(r"^[A-Za-z0-9][^:?#<>\"{}|^`\s\\]*$")


class _TermWriter:
    def __init__(self, base: str) -> None:
        self.base = base if base.endswith("/") else None
        self.namespaces = sorted(((iri, prefix) for prefix, iri in PREFIXES.items()), key=lambda p: -len(p[0]))

    def iri(self, iri: str) -> str:
        if self.base and iri.startswith(self.base) and _RELATIVE.match(iri[len(self.base) :]):
            return f"<{iri[len(self.base) :]}>"
        for namespace, prefix in self.namespaces:
            if iri.startswith(namespace) and _PN_LOCAL.match(iri[len(namespace) :]):
                return f"{prefix}:{iri[len(namespace) :]}"
        return str(NamedNode(iri))

    def term(self, term: Any) -> str:
        if isinstance(term, NamedNode):
            return self.iri(term.value)
        if isinstance(term, Literal):
            datatype = term.datatype.value
            if term.language or datatype == XSD + "string":
                return str(term)
            if datatype == XSD + "integer" and re.fullmatch(r"-?(?:0|[1-9][0-9]*)", term.value):
                return term.value
            if datatype == XSD + "boolean" and term.value in ("true", "false"):
                return term.value
            return f"{Literal(term.value)}^^{self.iri(datatype)}"
        raise ValueError("battlegraph graphs have no blank nodes or quoted triples")


def write_turtle(quads: Iterable[Quad], stream: IO[bytes], *, base: str, named_graphs: bool) -> None:
    """Turtle (the default graph of ``quads``) or TriG (their named graphs), in the order given."""
    terms = _TermWriter(base)
    head = [f"@base <{base}> .\n"] if terms.base else []
    head += [f"@prefix {prefix}: <{iri}> .\n" for prefix, iri in sorted(PREFIXES.items())]
    stream.write("".join(head).encode("utf-8"))
    graph: str | None = None
    subject: str | None = None
    predicate: str | None = None
    indent = "\t" if named_graphs else ""
    out: list[str] = []
    for quad in quads:
        quad_graph = "" if isinstance(quad.graph_name, DefaultGraph) else str(quad.graph_name)
        if named_graphs and quad_graph != graph:
            if subject is not None:
                out.append(" .\n")
            if graph is not None:
                out.append("}\n")
            out.append(f"\n{terms.term(quad.graph_name)} {{\n" if quad_graph else "\n{\n")
            graph, subject, predicate = quad_graph, None, None
        s = terms.term(quad.subject)
        p = "a" if quad.predicate.value == _RDF_TYPE else terms.iri(quad.predicate.value)
        o = terms.term(quad.object)
        if s != subject:
            if subject is not None:
                out.append(" .\n")
            out.append(f"\n{indent}{s} {p} {o}" if not named_graphs or subject is not None else f"{indent}{s} {p} {o}")
            subject, predicate = s, p
        elif p != predicate:
            out.append(f" ;\n{indent}\t{p} {o}")
            predicate = p
        else:
            out.append(f" ,\n{indent}\t\t{o}")
        if len(out) > 4096:
            stream.write("".join(out).encode("utf-8"))
            out.clear()
    if subject is not None:
        out.append(" .\n")
    if named_graphs and graph is not None:
        out.append("}\n")
    stream.write("".join(out).encode("utf-8"))


# ---------------------------------------------------------------------------
# Compact JSON-LD


@cache
def jsonld_context() -> dict[str, Any]:
    """The context of ``ontology/context.jsonld``."""
    data: dict[str, Any] = json.loads(ontology_file("context.jsonld").read_text(encoding="utf-8"))
    return dict(data["@context"])


@cache
def _terms() -> dict[str, tuple[str, str | None]]:
    """Predicate IRI → (term, coercion) from the context."""
    context = jsonld_context()
    vocab = context["@vocab"]
    prefixes = {k: v for k, v in context.items() if isinstance(v, str) and v.endswith(("#", "/"))}

    def expand(value: str) -> str:
        head, sep, rest = value.partition(":")
        if sep and head in prefixes:
            return prefixes[head] + rest
        return value

    terms: dict[str, tuple[str, str | None]] = {}
    for term, definition in context.items():
        if term.startswith("@") or term in prefixes or definition in ("@id", "@type"):
            continue
        if isinstance(definition, str):
            terms[expand(definition)] = (term, None)
        else:
            iri = expand(definition.get("@id", vocab + term))
            terms[iri] = (term, definition.get("@type"))
    return terms


def write_jsonld(triples: Iterable[Triple], stream: IO[bytes], *, base: str) -> None:
    """Compact JSON-LD under the battlegraph context, one node per line, streamed.

    Nodes come in the order of the triples; a subject that appears again later (a
    person named by a second article with something new to say) gets a second
    node object with the same ``id``, which JSON-LD processors merge.
    """
    context = jsonld_context()
    vocab = context["@vocab"]
    terms = _terms()
    prefixes = {v: k for k, v in context.items() if isinstance(v, str) and v.endswith(("#", "/"))}

    def short(iri: str) -> str:
        if iri.startswith(base) and len(iri) > len(base):
            return iri[len(base) :]
        for namespace, prefix in prefixes.items():
            if iri.startswith(namespace) and len(iri) > len(namespace):
                return f"{prefix}:{iri[len(namespace) :]}"
        return iri

    def vocab_short(iri: str) -> str:
        return iri[len(vocab) :] if iri.startswith(vocab) else short(iri)

    def value(term: NamedNode | Literal, coercion: str | None) -> Any:
        if isinstance(term, NamedNode):
            if coercion == "@id":
                return short(term.value)
            if coercion == "@vocab":
                return vocab_short(term.value)
            return {"id": short(term.value)}
        assert isinstance(term, Literal)
        datatype = term.datatype.value
        if term.language:
            return {"@value": term.value, "@language": term.language}
        if datatype == XSD + "string":
            return term.value
        if datatype == XSD + "integer" and term.value.lstrip("-").isdigit() and str(int(term.value)) == term.value:
            return int(term.value)
        if datatype == XSD + "boolean" and term.value in ("true", "false"):
            return term.value == "true"
        return {"@value": term.value, "@type": short(datatype)}

    stream.write(b'{\n"@context": ')
    stream.write(json.dumps({**context, "@base": base}, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    stream.write(b',\n"@graph": [')

    first = True
    node: dict[str, Any] | None = None
    subject: str | None = None

    def flush() -> None:
        nonlocal first
        if node is None:
            return
        stream.write(b"\n" if first else b",\n")
        stream.write(json.dumps(node, ensure_ascii=False).encode("utf-8"))
        first = False

    for triple in triples:
        if not isinstance(triple.subject, NamedNode) or not isinstance(triple.object, (NamedNode, Literal)):
            raise ValueError("battlegraph graphs have no blank nodes or quoted triples")
        if triple.subject.value != subject:
            flush()
            subject = triple.subject.value
            node = {"id": short(subject)}
        assert node is not None
        predicate = triple.predicate.value
        if predicate == _RDF_TYPE and isinstance(triple.object, NamedNode):
            key, item = "type", vocab_short(triple.object.value)
        elif predicate in terms:
            key, coercion = terms[predicate]
            item = value(triple.object, coercion)
        elif predicate.startswith(vocab):
            key, item = predicate[len(vocab) :], value(triple.object, None)
        else:
            key, item = short(predicate), value(triple.object, None)
        existing = node.get(key)
        if existing is None:
            node[key] = item
        elif isinstance(existing, list):
            existing.append(item)
        else:
            node[key] = [existing, item]
    flush()
    stream.write(b"\n]\n}\n")


def write_formats(
    spool: Path,
    out_dir: Path,
    formats: Iterable[str],
    *,
    base: str,
    local_prefixes: tuple[str, ...],
) -> dict[str, Path]:
    """Every requested format, each streamed from the N-Quads spool of the whole build."""
    wanted = list(dict.fromkeys(formats))
    unknown = [fmt for fmt in wanted if fmt not in FORMATS]
    if unknown:
        raise OutputError(f"unknown format(s): {', '.join(unknown)}; choose from {', '.join(FORMATS)}")
    written: dict[str, Path] = {}
    for fmt in wanted:
        target = out_dir / FORMATS[fmt][0]

        def writer(stream: IO[bytes], fmt: str = fmt) -> None:
            write_rdf(read_nquads(spool), stream, fmt, base=base, local_prefixes=local_prefixes)

        write_atomic(target, writer)
        written[fmt] = target
    return written
