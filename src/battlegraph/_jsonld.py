"""Compact JSON-LD under battlegraph's published context (``ontology/context.jsonld``).

pyoxigraph writes JSON-LD only in expanded form (every key a full IRI, every value
an object), which nobody reads by eye and few scripts want. This writer gives the
compact form the context defines, ``{"id": "battle/…", "type": "Battle",
"minValue": 3800}``, streamed from triples grouped by subject (the merged spool's); any
JSON-LD processor expands it back to the same graph (a test checks that it does).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Generator, Iterable
from functools import cache
from typing import IO, Any

from pyoxigraph import Literal, NamedNode, Triple

from ._resources import ontology_file
from ._vocab import TYPE, XSD

_INTEGER = re.compile(r"[+-]?\d{1,15}")  # larger integers stay typed strings: JSON numbers lose precision


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
        return prefixes[head] + rest if sep and head in prefixes else value

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
    """Write ``triples`` (grouped by subject) as compact JSON-LD, one node object per line.

    A subject met again after others (which the merged spool's order never does) gets a second
    node object with the same ``id``; JSON-LD processors merge the two.
    """
    add, close = jsonld_sink(stream, base=base)
    for triple in triples:
        add(triple)
    close()


def jsonld_sink(stream: IO[bytes], *, base: str) -> tuple[Callable[[Triple], None], Callable[[], None]]:
    """:func:`write_jsonld` fed one triple at a time: ``add(triple)`` for each, then ``close()``.

    So that one pass over a graph can feed another writer as well.
    """
    sink = _sink(stream, base)
    next(sink)

    def close() -> None:
        try:
            sink.send(None)
        except StopIteration:
            return
        raise RuntimeError("the JSON-LD writer did not finish")  # pragma: no cover - it always does

    return sink.send, close


def _sink(stream: IO[bytes], base: str) -> Generator[None, Triple | None, None]:
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

    datatypes = {XSD.string.value: "string", XSD.integer.value: "integer", XSD.boolean.value: "boolean"}

    def value_of(term: NamedNode | Literal, coercion: str | None) -> Any:
        if type(term) is NamedNode:
            if coercion == "@id":
                return short(term.value)
            if coercion == "@vocab":
                return vocab_short(term.value)
            return {"id": short(term.value)}
        if term.language:
            return {"@value": term.value, "@language": term.language}
        datatype = term.datatype.value
        kind = datatypes.get(datatype)
        if kind == "string":
            return term.value
        if kind == "integer" and _INTEGER.fullmatch(term.value):
            return int(term.value)
        if kind == "boolean" and term.value in ("true", "false"):
            return term.value == "true"
        return {"@value": term.value, "@type": short(datatype)}

    # predicate IRI → (key, coercion), worked out once per predicate
    keys: dict[str, tuple[str, str | None]] = {TYPE.value: ("type", "@vocab")}

    def key_of(predicate: str) -> tuple[str, str | None]:
        if predicate in terms:
            return terms[predicate]
        if predicate.startswith(vocab):
            return predicate[len(vocab) :], None
        return short(predicate), None

    stream.write(b'{\n"@context": ')
    stream.write(json.dumps({**context, "@base": base}, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    stream.write(b',\n"@graph": [')
    lines: list[str] = []
    node: dict[str, Any] | None = None
    subject: str | None = None
    first = True
    dumps = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode  # our dicts hold no cycles
    # A coroutine rather than a loop over an iterable: its state stays in fast locals while
    # each triple is sent in from whatever pass produces it.
    while (triple := (yield)) is not None:
        s, o = triple.subject, triple.object
        if type(s) is not NamedNode or not isinstance(o, NamedNode | Literal):
            raise ValueError("battlegraph graphs have no blank nodes or quoted triples")
        if s.value != subject:
            if node is not None:
                lines.append(dumps(node))
            subject = s.value
            node = {"id": short(subject)}
        assert node is not None
        predicate = triple.predicate.value
        found = keys.get(predicate)
        if found is None:
            found = keys[predicate] = key_of(predicate)
        key, coercion = found
        item = value_of(o, coercion)
        existing = node.get(key)
        if existing is None:
            node[key] = item
        elif type(existing) is list:
            existing.append(item)
        else:
            node[key] = [existing, item]
        if len(lines) >= 4096:
            stream.write((("\n" if first else ",\n") + ",\n".join(lines)).encode("utf-8"))
            first = False
            lines.clear()
    if node is not None:
        lines.append(dumps(node))
    if lines:
        stream.write((("\n" if first else ",\n") + ",\n".join(lines)).encode("utf-8"))
    stream.write(b"\n]\n}\n")
