"""Writing the graph: Turtle, JSON-LD, N-Triples, TriG and N-Quads, atomically.

Everything streams: the build writes each article's named graph once, to an
N-Quads spool, and every format is then written from the spool line by line, so
a whole wiki never has to sit in memory. TriG and N-Quads keep the named graphs;
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
import shutil
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import IO, Any

from .errors import OutputError
from .rdf import PREFIXES, RDF_TYPE, XSD, GraphBatch, Triple
from .resources import ontology_file

FORMATS = {
    "ttl": "graph.ttl",
    "jsonld": "graph.jsonld",
    "nt": "graph.nt",
    "trig": "graph.trig",
    "nq": "graph.nq",
}
DEFAULT_FORMATS = ("ttl", "jsonld", "trig")

Quad = tuple[str, str, str, str]  # graph, subject, predicate, object, each an N-Triples term


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


# ---------------------------------------------------------------------------
# N-Quads spool


def write_nquads(batches: Iterable[GraphBatch], stream: IO[bytes]) -> int:
    """N-Quads, one line per quad, in batch order; returns the number of quads.

    Every battlegraph triple lives in a named graph, which keeps the lines easy to
    read back: subject, predicate and graph are IRIs, which hold no spaces.
    """
    count = 0
    for batch in batches:
        if not batch.name:
            raise ValueError("battlegraph writes named graphs only")
        suffix = f" {batch.name} .\n"
        stream.write("".join(f"{s} {p} {o}{suffix}" for s, p, o in batch.triples).encode("utf-8"))
        count += len(batch.triples)
    return count


def read_nquads(path: Path) -> Iterator[Quad]:
    """The quads of an N-Quads file written by :func:`write_nquads`, in file order."""
    with path.open("r", encoding="utf-8") as stream:
        for line in stream:
            subject, predicate, rest = line.split(" ", 2)
            obj, graph = rest[:-3].rsplit(" ", 1)  # drop " .\n"; the object may hold spaces
            yield graph, subject, predicate, obj


def read_ntriples(path: Path) -> Iterator[Triple]:
    """The triples of an N-Triples file written by battlegraph (one triple per line, IRIs without spaces)."""
    with path.open("r", encoding="utf-8") as stream:
        for line in stream:
            subject, predicate, rest = line.split(" ", 2)
            yield subject, predicate, rest[:-3]


class Flattener:
    """Yields each triple once, though articles repeat the ones they share.

    Only triples about shared resources (people, wars, places, belligerents, the
    ontology) can repeat, so only those are remembered: memory grows with the
    number of distinct people, not with the number of triples.
    """

    def __init__(self, local_prefixes: tuple[str, ...]) -> None:
        self.local = tuple("<" + prefix for prefix in local_prefixes)
        self.seen: set[Triple] = set()

    def __call__(self, quads: Iterable[Quad]) -> Iterator[Triple]:
        for _, subject, predicate, obj in quads:
            triple = (subject, predicate, obj)
            if subject.startswith(self.local):
                yield triple
            elif triple not in self.seen:
                self.seen.add(triple)
                yield triple


def write_rdf(
    quads: Iterable[Quad], stream: IO[bytes], fmt: str, *, base: str, local_prefixes: tuple[str, ...]
) -> None:
    """One serialisation of a quad stream already in its final order."""
    if fmt == "nq":
        _write_lines(stream, (f"{s} {p} {o} {g} .\n" if g else f"{s} {p} {o} .\n" for g, s, p, o in quads))
        return
    if fmt == "trig":
        write_turtle(quads, stream, base=base, named_graphs=True)
        return
    triples = Flattener(local_prefixes)(quads)
    if fmt == "nt":
        _write_lines(stream, (f"{s} {p} {o} .\n" for s, p, o in triples))
    elif fmt == "ttl":
        write_turtle((("", s, p, o) for s, p, o in triples), stream, base=base, named_graphs=False)
    elif fmt == "jsonld":
        write_jsonld(triples, stream, base=base)
    else:
        raise OutputError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")


def _write_lines(stream: IO[bytes], lines: Iterable[str], chunk: int = 8192) -> None:
    buffer: list[str] = []
    for line in lines:
        buffer.append(line)
        if len(buffer) >= chunk:
            stream.write("".join(buffer).encode("utf-8"))
            buffer.clear()
    stream.write("".join(buffer).encode("utf-8"))


# ---------------------------------------------------------------------------
# Terms

_UNESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
_SIMPLE_ESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape_one(match: re.Match[str]) -> str:
    code = match.group(1)
    if code[0] in "uU" and len(code) > 1:
        return chr(int(code[1:], 16))
    return _SIMPLE_ESCAPES.get(code, code)


def split_literal(term: str) -> tuple[str, str | None, str | None]:
    """``"a\\"b"^^<dt>`` → (escaped lexical form, datatype IRI or None, language or None)."""
    end = term.rindex('"')
    suffix = term[end + 1 :]
    escaped = term[1:end]
    if suffix.startswith("^^<"):
        return escaped, suffix[3:-1], None
    if suffix.startswith("@"):
        return escaped, None, suffix[1:]
    return escaped, None, None


def unescape(escaped: str) -> str:
    return _UNESCAPE.sub(_unescape_one, escaped) if "\\" in escaped else escaped


# ---------------------------------------------------------------------------
# Turtle and TriG
#
# Our graphs have no blank nodes and arrive sorted, so a writer of our own is
# short, fast, and gives readable, stable files: resources relative to the base,
# vocabulary terms prefixed, integers and booleans bare.

_PN_LOCAL = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_RELATIVE = re.compile(r"^[A-Za-z0-9][^:?#<>\"{}|^`\s\\]*$")
_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]*)")


class _TermWriter:
    def __init__(self, base: str) -> None:
        self.base = base if base.endswith("/") else None
        self.namespaces = sorted(((ns, prefix) for prefix, ns in PREFIXES.items()), key=lambda p: -len(p[0]))
        self.cache: dict[str, str] = {}

    def iri(self, value: str) -> str:
        """An IRI (without angle brackets) as Turtle writes it."""
        if self.base and value.startswith(self.base) and _RELATIVE.match(value[len(self.base) :]):
            return f"<{value[len(self.base) :]}>"
        for namespace, prefix in self.namespaces:
            if value.startswith(namespace) and _PN_LOCAL.match(value[len(namespace) :]):
                return f"{prefix}:{value[len(namespace) :]}"
        return f"<{value}>"

    def term(self, term: str) -> str:
        cached = self.cache.get(term)
        if cached is not None:
            return cached
        if term[0] == "<":
            written = self.iri(term[1:-1])
        elif term[0] != '"':
            raise ValueError(f"battlegraph graphs have no blank nodes: {term}")
        elif term[-1] == '"':
            return term  # a plain string is written as it is
        else:
            escaped, datatype, _ = split_literal(term)
            if datatype is None or datatype == XSD + "string":
                written = f'"{escaped}"' if datatype else term
            elif (datatype == XSD + "integer" and _INTEGER.fullmatch(escaped)) or (
                datatype == XSD + "boolean" and escaped in ("true", "false")
            ):
                written = escaped
            else:
                written = f'"{escaped}"^^{self.iri(datatype)}'
        if len(self.cache) < 500_000:
            self.cache[term] = written
        return written


def write_turtle(quads: Iterable[Quad], stream: IO[bytes], *, base: str, named_graphs: bool) -> None:
    """Turtle (the triples of ``quads``) or TriG (with their named graphs), in the order given."""
    terms = _TermWriter(base)
    head = [f"@base <{base}> .\n"] if terms.base else []
    head += [f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in sorted(PREFIXES.items())]
    stream.write("".join(head).encode("utf-8"))
    graph: str | None = None
    subject: str | None = None
    predicate: str | None = None
    indent = "\t" if named_graphs else ""
    out: list[str] = []
    for quad_graph, s, p, o in quads:
        if named_graphs and quad_graph != graph:
            if subject is not None:
                out.append(" .\n")
            if graph is not None:
                out.append("}\n")
            out.append(f"\n{terms.term(quad_graph)} {{\n" if quad_graph else "\n{\n")
            graph, subject, predicate = quad_graph, None, None
        if s != subject:
            if subject is not None:
                out.append(" .\n\n")
            elif not named_graphs:
                out.append("\n")
            out.append(f"{indent}{terms.term(s)} {'a' if p == RDF_TYPE else terms.term(p)} {terms.term(o)}")
            subject, predicate = s, p
        elif p != predicate:
            out.append(f" ;\n{indent}\t{'a' if p == RDF_TYPE else terms.term(p)} {terms.term(o)}")
            predicate = p
        else:
            out.append(f" ,\n{indent}\t\t{terms.term(o)}")
        if len(out) > 8192:
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
            terms[expand(definition.get("@id", vocab + term))] = (term, definition.get("@type"))
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

    def short(value: str) -> str:
        if value.startswith(base) and len(value) > len(base):
            return value[len(base) :]
        for namespace, prefix in prefixes.items():
            if value.startswith(namespace) and len(value) > len(namespace):
                return f"{prefix}:{value[len(namespace) :]}"
        return value

    def vocab_short(value: str) -> str:
        return value[len(vocab) :] if value.startswith(vocab) else short(value)

    def value_of(term: str, coercion: str | None) -> Any:
        if term[0] == "<":
            target = term[1:-1]
            if coercion == "@id":
                return short(target)
            if coercion == "@vocab":
                return vocab_short(target)
            return {"id": short(target)}
        escaped, datatype, language = split_literal(term)
        lexical = unescape(escaped)
        if language:
            return {"@value": lexical, "@language": language}
        if datatype is None or datatype == XSD + "string":
            return lexical
        if datatype == XSD + "integer" and _INTEGER.fullmatch(lexical):
            return int(lexical)
        if datatype == XSD + "boolean" and lexical in ("true", "false"):
            return lexical == "true"
        return {"@value": lexical, "@type": short(datatype)}

    stream.write(b'{\n"@context": ')
    stream.write(json.dumps({**context, "@base": base}, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    stream.write(b',\n"@graph": [')

    lines: list[str] = []
    node: dict[str, Any] | None = None
    subject: str | None = None
    for s, p, o in triples:
        if s[0] != "<" or o[0] not in '<"':
            raise ValueError("battlegraph graphs have no blank nodes or quoted triples")
        if s != subject:
            if node is not None:
                lines.append(json.dumps(node, ensure_ascii=False))
            subject = s
            node = {"id": short(s[1:-1])}
        assert node is not None
        predicate = p[1:-1]
        if p == RDF_TYPE and o[0] == "<":
            key, item = "type", vocab_short(o[1:-1])
        elif predicate in terms:
            key, coercion = terms[predicate]
            item = value_of(o, coercion)
        elif predicate.startswith(vocab):
            key, item = predicate[len(vocab) :], value_of(o, None)
        else:
            key, item = short(predicate), value_of(o, None)
        existing = node.get(key)
        if existing is None:
            node[key] = item
        elif isinstance(existing, list):
            existing.append(item)
        else:
            node[key] = [existing, item]
        if len(lines) >= 4096:
            stream.write(("\n" + ",\n".join(lines) + ",").encode("utf-8"))
            lines.clear()
    if node is not None:
        lines.append(json.dumps(node, ensure_ascii=False))
    if lines:
        stream.write(("\n" + ",\n".join(lines)).encode("utf-8"))
    stream.write(b"\n]\n}\n")


def write_merged(spool: Path, target: Path, local_prefixes: tuple[str, ...]) -> Path:
    """The merge of the spool's graphs as N-Triples, each triple once: what Turtle, JSON-LD and the store read."""
    with target.open("wb") as stream:
        write_rdf(read_nquads(spool), stream, "nt", base="", local_prefixes=local_prefixes)
    return target


def write_formats(
    spool: Path,
    merged: Path,
    out_dir: Path,
    formats: Iterable[str],
    *,
    base: str,
) -> dict[str, Path]:
    """Every requested format: TriG and N-Quads from the spool of named graphs, the others from their merge."""
    wanted = list(dict.fromkeys(formats))
    unknown = [fmt for fmt in wanted if fmt not in FORMATS]
    if unknown:
        raise OutputError(f"unknown format(s): {', '.join(unknown)}; choose from {', '.join(FORMATS)}")
    written: dict[str, Path] = {}
    for fmt in wanted:
        target = out_dir / FORMATS[fmt]

        def writer(stream: IO[bytes], fmt: str = fmt) -> None:
            if fmt in ("nq", "nt"):
                with (spool if fmt == "nq" else merged).open("rb") as source:  # already that format
                    shutil.copyfileobj(source, stream, 1 << 20)
            elif fmt == "trig":
                write_turtle(read_nquads(spool), stream, base=base, named_graphs=True)
            elif fmt == "ttl":
                write_turtle(
                    (("", s, p, o) for s, p, o in read_ntriples(merged)), stream, base=base, named_graphs=False
                )
            else:
                write_jsonld(read_ntriples(merged), stream, base=base)

        write_atomic(target, writer)
        written[fmt] = target
    return written
