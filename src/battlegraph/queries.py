"""Canned questions: SPARQL queries in ``queries/*.rq``, run on the embedded store or any endpoint.

Each query file starts with a header::

    # title: Battles of a person
    # description: The battles a person commanded in, …
    # param: person — the person's name as an article writes it (Ukita Hideie)

Parameters are bound as RDF terms, never pasted into the query text: a value
becomes an escaped literal in a ``VALUES`` block at the start of the query's
WHERE clause, so ``x" } DROP ALL #`` is only ever a string to compare with. The
same binding is used on the embedded store and on remote endpoints, so both
answer the same question. A ``limit`` parameter is applied to the rows returned.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pyoxigraph import BlankNode, Literal, NamedNode, QueryBoolean, QuerySolutions, QueryTriples, Store

from .errors import InputError
from .rdf import XSD
from .resources import query_dir
from .store import union_flag

_HEADER = re.compile(r"^#\s*(?P<key>title|description|param)\s*:\s*(?P<value>.*)$", re.IGNORECASE)
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*[—–-]+\s*(?P<meaning>.*?)\s*(?:\((?P<default>[^()]*(?:\([^()]*\)[^()]*)*)\))?\s*$"
)
CLIENT_SIDE = {"limit"}


class QueryError(InputError):
    """A query could not be found, bound or run: the command line or the query is at fault."""


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    meaning: str
    default: str | None


@dataclass(frozen=True, slots=True)
class CannedQuery:
    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    text: str
    path: Path

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


@dataclass(frozen=True, slots=True)
class Term:
    """An RDF term as SPARQL results carry it (the shape of the SPARQL 1.1 JSON format)."""

    type: str  # "uri", "literal" or "bnode"
    value: str
    datatype: str | None = None
    lang: str | None = None

    def python(self) -> Any:
        """The value as Python reads it: ints for integers, floats for decimals, else the text."""
        if self.type == "literal" and self.datatype:
            local = self.datatype.removeprefix(XSD)
            try:
                if local in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger"):
                    return int(self.value)
                if local in ("decimal", "double", "float"):
                    return float(self.value)
                if local == "boolean":
                    return self.value == "true"
            except ValueError:
                return self.value
        return self.value

    def ntriples(self) -> str:
        if self.type == "uri":
            return str(NamedNode(self.value))
        if self.type == "bnode":
            return f"_:{self.value}"
        if self.lang:
            return str(Literal(self.value, language=self.lang))
        if self.datatype and self.datatype != XSD + "string":
            return str(Literal(self.value, datatype=NamedNode(self.datatype)))
        return str(Literal(self.value))


@dataclass
class Result:
    """What a query answered: variables and rows for SELECT, a boolean for ASK, triples for CONSTRUCT."""

    variables: list[str] = field(default_factory=list)
    rows: list[dict[str, Term]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Term, Term, Term]] | None = None

    def records(self) -> list[dict[str, Any]]:
        """Rows as plain dicts of Python values, for notebooks and scripts."""
        return [{var: row[var].python() if var in row else None for var in self.variables} for row in self.rows]

    def graph(self) -> Any:
        """A CONSTRUCT or DESCRIBE result as an rdflib Graph."""
        from rdflib import Graph

        if self.triples is None:
            raise QueryError("not a CONSTRUCT or DESCRIBE result: it has no triples")
        data = "".join(f"{s.ntriples()} {p.ntriples()} {o.ntriples()} .\n" for s, p, o in self.triples)
        return Graph().parse(data=data, format="nt")


# ---------------------------------------------------------------------------
# Finding and reading queries


def parse_query_file(path: Path) -> CannedQuery:
    text = path.read_text(encoding="utf-8")
    title, description, params = path.stem, "", []
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        header = _HEADER.match(line)
        if not header:
            continue
        key, value = header["key"].lower(), header["value"].strip()
        if key == "title":
            title = value
        elif key == "description":
            description = value
        else:
            spec = _PARAM.match(value)
            if spec is None:
                raise QueryError(f"cannot read the parameter line {line!r}", path)
            params.append(Param(spec["name"], spec["meaning"], spec["default"]))
    return CannedQuery(path.stem, title, description, tuple(params), text, path)


def canned_queries(folder: Path | None = None) -> dict[str, CannedQuery]:
    """The bundled queries by name."""
    folder = folder or query_dir()
    return {path.stem: parse_query_file(path) for path in sorted(folder.glob("*.rq"))}


def find_query(name_or_path: str) -> CannedQuery:
    """A bundled query by name, or any .rq file by path."""
    path = Path(name_or_path)
    if path.suffix == ".rq" and path.is_file():
        return parse_query_file(path)
    queries = canned_queries()
    if name_or_path in queries:
        return queries[name_or_path]
    if path.suffix == ".rq":
        raise InputError("no such query file", path)
    raise QueryError(f"no query named {name_or_path!r}; `battlegraph queries` lists them: {', '.join(queries)}")


# ---------------------------------------------------------------------------
# Binding parameters


def parse_params(pairs: Iterable[str]) -> dict[str, str]:
    """``["person=Ukita Hideie"]`` → ``{"person": "Ukita Hideie"}``."""
    values: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"a parameter is written name=value, not {pair!r}")
        values[name.strip()] = value
    return values


def bound_values(query: CannedQuery, given: Mapping[str, str]) -> dict[str, str]:
    """The values of every parameter: given ones, defaults for the rest; unknown names refused."""
    unknown = sorted(set(given) - {p.name for p in query.params})
    if unknown:
        known = ", ".join(p.name for p in query.params) or "none"
        raise QueryError(f"{query.name} has no parameter {', '.join(unknown)} (its parameters: {known})")
    values = {}
    for param in query.params:
        value = given.get(param.name, param.default)
        if value is None:
            raise QueryError(f"{query.name} needs --param {param.name}=… ({param.meaning})")
        values[param.name] = value
    return values


def bind(text: str, values: Mapping[str, str]) -> str:
    """The query with a VALUES block binding each parameter to a string literal.

    A block goes first in every WHERE clause, the subqueries' too, so a subquery can
    look a battle up by its name rather than compute everything and filter after;
    where a clause does not use the parameter the block is one row and changes
    nothing. The values are escaped as N-Triples literals, never spliced as text.
    """
    terms = {name: value for name, value in values.items() if name not in CLIENT_SIDE}
    if not terms:
        return text
    names = sorted(terms)
    row = " ".join(str(Literal(terms[name])) for name in names)
    block = f" VALUES ({' '.join('?' + name for name in names)}) {{ ({row}) }} "
    ends = [m.end() for m in re.finditer(r"\bWHERE\s*\{", _mask_comments_and_strings(text), re.IGNORECASE)]
    if not ends:
        raise QueryError("the query has no WHERE clause to bind its parameters in")
    pieces = []
    start = 0
    for end in ends:
        pieces += [text[start:end], block]
        start = end
    pieces.append(text[start:])
    return "".join(pieces)


def _mask_comments_and_strings(text: str) -> str:
    """The text with comments and string literals blanked, so a WHERE inside them is not found."""
    return re.sub(r"#[^\n]*|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'", lambda m: " " * len(m.group(0)), text)


def _limit(values: Mapping[str, str]) -> int | None:
    if "limit" not in values:
        return None
    try:
        limit = int(values["limit"])
    except ValueError as exc:
        raise QueryError(f"limit must be a whole number, not {values['limit']!r}") from exc
    if limit < 0:
        raise QueryError("limit must not be negative")
    return limit


# ---------------------------------------------------------------------------
# Running


def _term(value: Any) -> Term:
    if isinstance(value, NamedNode):
        return Term("uri", value.value)
    if isinstance(value, BlankNode):
        return Term("bnode", value.value)
    if isinstance(value, Literal):
        if value.language:
            return Term("literal", value.value, lang=value.language)
        datatype = value.datatype.value
        return Term("literal", value.value, None if datatype == XSD + "string" else datatype)
    raise QueryError(f"unsupported term in results: {value!r}")


def run_local(store: Store, query: CannedQuery, params: Mapping[str, str] | None = None) -> Result:
    """Run a query on an Oxigraph store (all named graphs together)."""
    values = bound_values(query, params or {})
    limit = _limit(values)  # before the query runs: a bad value should cost nothing
    text = bind(query.text, values)
    try:
        answer = store.query(text, use_default_graph_as_union=union_flag(store))
    except SyntaxError as exc:
        raise QueryError(f"query {query.name}: {exc}", query.path) from exc
    try:
        return _result(answer, limit)
    finally:
        # Oxigraph's results must be dropped by the thread that made them; a traceback
        # that kept this frame alive would let another thread's collector drop them.
        del answer


def _result(answer: QueryBoolean | QueryTriples | QuerySolutions, limit: int | None) -> Result:
    if isinstance(answer, QueryBoolean):
        return Result(boolean=bool(answer))
    if isinstance(answer, QueryTriples):
        return Result(triples=[(_term(t.subject), _term(t.predicate), _term(t.object)) for t in answer])
    variables = [v.value for v in answer.variables]
    rows: list[dict[str, Term]] = []
    for solution in answer:
        if limit is not None and len(rows) >= limit:
            break
        rows.append({name: _term(solution[name]) for name in variables if solution[name] is not None})
    return Result(variables=variables, rows=rows)


def run_remote(
    endpoint: str, query: CannedQuery, params: Mapping[str, str] | None = None, *, timeout: int = 60
) -> Result:
    """Run a query on a SPARQL 1.1 endpoint through SPARQLWrapper."""
    from SPARQLWrapper import JSON, POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    values = bound_values(query, params or {})
    client = SPARQLWrapper(endpoint)
    # SPARQLWrapper guesses the query form from keywords anywhere in the text, comments
    # included ("bounds added up" reads as ADD, an update); the header is not needed there.
    text = "\n".join(line for line in bind(query.text, values).splitlines() if not line.lstrip().startswith("#"))
    client.setQuery(text)
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    client.setTimeout(timeout)
    try:
        data = client.queryAndConvert()
    except (SPARQLWrapperException, OSError) as exc:
        raise QueryError(f"endpoint {endpoint} failed: {exc}") from exc
    if not isinstance(data, dict):
        raise QueryError(f"endpoint {endpoint} did not answer with SPARQL JSON results")
    return results_from_json(data, _limit(values))


def results_from_json(data: Mapping[str, Any], limit: int | None = None) -> Result:
    """A Result from the SPARQL 1.1 Query Results JSON format."""
    if "boolean" in data:
        return Result(boolean=bool(data["boolean"]))
    variables = list(data.get("head", {}).get("vars", []))
    rows: list[dict[str, Term]] = []
    for binding in data.get("results", {}).get("bindings", []):
        if limit is not None and len(rows) >= limit:
            break
        row = {}
        for name, term in binding.items():
            kind = "literal" if term["type"] in ("literal", "typed-literal") else term["type"]
            datatype = term.get("datatype")
            row[name] = Term(
                kind, term["value"], None if datatype == XSD + "string" else datatype, term.get("xml:lang")
            )
        rows.append(row)
    return Result(variables=variables, rows=rows)


# ---------------------------------------------------------------------------
# Writing results (SPARQL 1.1 Query Results CSV, TSV and JSON formats)


def to_json(result: Result) -> str:
    if result.boolean is not None:
        return json.dumps({"head": {}, "boolean": result.boolean}, indent=2) + "\n"
    bindings = []
    for row in result.rows:
        binding: dict[str, dict[str, str]] = {}
        for name, term in row.items():
            item = {"type": term.type, "value": term.value}
            if term.datatype:
                item["datatype"] = term.datatype
            if term.lang:
                item["xml:lang"] = term.lang
            binding[name] = item
        bindings.append(binding)
    data = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def to_csv(result: Result) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(
            [
                ("_:" + row[v].value if row[v].type == "bnode" else row[v].value) if v in row else ""
                for v in result.variables
            ]
        )
    return buffer.getvalue()


def _csv_value(term: Term) -> str:
    return "_:" + term.value if term.type == "bnode" else term.value


def to_tsv(result: Result) -> str:
    lines = ["\t".join("?" + v for v in result.variables)]
    for row in result.rows:
        lines.append("\t".join(_tsv_term(row[v]) if v in row else "" for v in result.variables))
    return "\n".join(lines) + "\n"


def _tsv_term(term: Term) -> str:
    if term.type == "literal" and term.datatype == XSD + "integer" and re.fullmatch(r"[+-]?\d+", term.value):
        return term.value
    return term.ntriples()


def display(term: Term | None) -> str:
    """A term for a person to read in a table."""
    if term is None:
        return ""
    if term.type == "literal" and term.datatype == XSD + "integer" and re.fullmatch(r"-?\d+", term.value):
        return f"{int(term.value):,}"
    if term.type == "literal" and term.datatype in (XSD + "decimal", XSD + "double"):
        try:
            return f"{float(term.value):,.2f}".rstrip("0").rstrip(".")
        except ValueError:
            return term.value
    return term.value


def table_rows(result: Result) -> Sequence[Sequence[str]]:
    return [[display(row.get(v)) for v in result.variables] for row in result.rows]
