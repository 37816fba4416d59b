"""Canned questions: SPARQL queries in ``queries/*.rq``, run on the embedded store or any endpoint.

Each query file starts with a header::

    # title: Battles of a person
    # description: The battles a person commanded in, …
    # param: person — the person's name as an article writes it (Ukita Hideie)

Parameters are bound as RDF terms, never pasted into the query text: a value
becomes an escaped literal in a ``VALUES`` block at the start of the query's
WHERE clause, so ``x" } DROP ALL #`` is only ever a string to compare with. The
same binding is used on the embedded store and on remote endpoints, so both
answer the same question. A ``limit`` parameter is a number, not a term: it
replaces the number of each ``LIMIT`` clause written with the parameter's default,
so a query can take its top rows before it looks their details up, and an endpoint
sends only those rows; the rows returned are cut to it as well.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pyoxigraph import BlankNode, Literal, NamedNode, QueryBoolean, QuerySolutions, QueryTriples, Store

from ._errors import QueryError
from ._resources import query_dir
from ._store import union_flag
from ._text import fold
from ._vocab import XSD

_HEADER = re.compile(r"^#\s*(?P<key>title|description|param)\s*:\s*(?P<value>.*)$", re.IGNORECASE)
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*[—–-]+\s*(?P<meaning>.*?)\s*(?:\((?P<default>[^()]*(?:\([^()]*\)[^()]*)*)\))?\s*$"
)
CLIENT_SIDE = {"limit"}


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
    path: Path | None  # None for a query given as text

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
            local = self.datatype.removeprefix(XSD.iri)
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
        if self.datatype and self.datatype != XSD.iri + "string":
            return str(Literal(self.value, datatype=NamedNode(self.datatype)))
        return str(Literal(self.value))


@dataclass
class QueryResult:
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
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"cannot read the query: {exc}", path) from exc
    return parse_query_text(text, path.stem, path)


def parse_query_text(text: str, name: str = "query", path: Path | None = None) -> CannedQuery:
    """A query from its text; ``# title:``, ``# description:`` and ``# param:`` header lines are read as in files."""
    title, description, params = name, "", []
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
    return CannedQuery(name, title, description, tuple(params), text, path)


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
        raise QueryError("no such query file", path)
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


def query_text(query: CannedQuery, values: Mapping[str, str]) -> str:
    """The text an engine receives for the query with these parameter values (see :func:`bind`)."""
    limit = query.param("limit")
    return bind(query.text, values, limit_default=limit.default if limit else None)


def bind(text: str, values: Mapping[str, str], *, limit_default: str | None = None) -> str:
    """The query with a VALUES block binding each parameter to a string literal.

    A block goes first in every WHERE clause, the subqueries' too, so a subquery can
    look a battle up by its name rather than compute everything and filter after;
    where a clause does not use the parameter the block is one row and changes
    nothing. The values are escaped as N-Triples literals, never spliced as text.
    The ``limit`` value, a whole number once checked, replaces the number of every
    ``LIMIT`` clause written as ``limit_default``.
    """
    limit = _limit(values)
    if limit is not None and limit_default is not None:
        text = _set_limits(text, limit_default, limit)
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


# A query's strings, IRIs and comments, found left to right so that a "#" inside an IRI
# or a quote inside a comment is read as what it is inside.
_OPAQUE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|#[^\n\r]*",
    re.DOTALL,
)
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_SERVICE = re.compile(r"(?<![\w?$:])SERVICE(?![\w:])", re.IGNORECASE)


def _set_limits(text: str, default: str, limit: int) -> str:
    masked = _mask_comments_and_strings(text)
    spans = [m.span(1) for m in re.finditer(r"\bLIMIT\s+(\d+)\b", masked, re.IGNORECASE) if m.group(1) == default]
    for start, end in reversed(spans):
        text = text[:start] + str(limit) + text[end:]
    return text


def _mask_comments_and_strings(text: str) -> str:
    """The text with comments, string literals and IRIs blanked, so a keyword inside them is not found."""
    return _OPAQUE.sub(lambda m: " " * len(m.group(0)), text)


def _codepoint(match: re.Match[str]) -> str:
    value = int(match.group(1) or match.group(2), 16)
    return chr(value) if value <= 0x10FFFF else match.group(0)


def uses_service(text: str) -> bool:
    """Whether the query has a SERVICE clause, which makes the engine fetch from another endpoint.

    SPARQL reads ``\\u`` escapes anywhere in a query before it parses it, so they are
    read here too; a keyword inside a string, an IRI or a comment is not one.
    """
    return bool(_SERVICE.search(_mask_comments_and_strings(_CODEPOINT.sub(_codepoint, text))))


def refuse_service(query: CannedQuery, allow: bool) -> None:
    """Raise :class:`QueryError` when the query uses SERVICE and that was not allowed."""
    if not allow and uses_service(query.text):
        raise QueryError(
            "the query uses SERVICE, which fetches from another endpoint; refused unless --allow-service is given",
            query.path,
        )


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
        return Term("literal", value.value, None if datatype == XSD.iri + "string" else datatype)
    raise QueryError(f"unsupported term in results: {value!r}")


def run_local(
    store: Store, query: CannedQuery, params: Mapping[str, str] | None = None, *, allow_service: bool = False
) -> QueryResult:
    """Run a query on an Oxigraph store (its merged default graph); SERVICE only with ``allow_service``."""
    refuse_service(query, allow_service)
    values = bound_values(query, params or {})
    limit = _limit(values)  # before the query runs: a bad value should cost nothing
    text = query_text(query, values)
    try:
        answer = store.query(text, use_default_graph_as_union=union_flag(store))
    except SyntaxError as exc:
        raise QueryError(f"query {query.name}: {exc}", query.path) from exc
    failure = ""
    try:
        return _result(answer, limit)
    except (OSError, RuntimeError, ValueError) as exc:  # raised while the results are read: a SERVICE that failed …
        failure = f"{type(exc).__name__}: {exc}"
    finally:
        # Oxigraph's results must be dropped by the thread that made them. A traceback
        # that kept a frame holding them alive would let another thread's collector
        # drop them, so the error is raised below, without that traceback.
        del answer
    raise QueryError(f"query {query.name} failed: {failure}", query.path)


def _result(answer: QueryBoolean | QueryTriples | QuerySolutions, limit: int | None) -> QueryResult:
    if isinstance(answer, QueryBoolean):
        return QueryResult(boolean=bool(answer))
    if isinstance(answer, QueryTriples):
        return QueryResult(triples=[(_term(t.subject), _term(t.predicate), _term(t.object)) for t in answer])
    variables = [v.value for v in answer.variables]
    rows: list[dict[str, Term]] = []
    # Answers repeat their terms (a category, a battle over its sides), and making a Term
    # costs more than the engine's own work per row: one Term per distinct value halves
    # the time of a 14,338-row answer.
    made: dict[Any, Term] = {}
    for solution in answer:
        if limit is not None and len(rows) >= limit:
            break
        row = {}
        for name, value in zip(variables, solution, strict=True):
            if value is not None:
                term = made.get(value)
                if term is None:
                    term = made[value] = _term(value)
                row[name] = term
        rows.append(row)
    return QueryResult(variables=variables, rows=rows)


def run_remote(
    endpoint: str, query: CannedQuery, params: Mapping[str, str] | None = None, *, timeout: int = 60
) -> QueryResult:
    """Run a query on a SPARQL 1.1 endpoint through SPARQLWrapper."""
    from SPARQLWrapper import JSON, POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    from ._remote import check_endpoint, plain_error

    check_endpoint(endpoint)
    values = bound_values(query, params or {})
    client = SPARQLWrapper(endpoint)
    # SPARQLWrapper guesses the query form from keywords anywhere in the text, comments
    # included ("bounds added up" reads as ADD, an update); the header is not needed there.
    text = "\n".join(line for line in query_text(query, values).splitlines() if not line.lstrip().startswith("#"))
    client.setQuery(text)
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    client.setTimeout(timeout)
    try:
        data = client.queryAndConvert()
    except SPARQLWrapperException as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise QueryError(f"{endpoint} refused the query: {first}") from None
    except OSError as exc:
        raise QueryError(f"{endpoint} cannot be asked: {plain_error(getattr(exc, 'reason', exc))}") from None
    except ValueError as exc:  # not JSON
        raise QueryError(f"{endpoint} did not answer with SPARQL JSON results ({exc})") from None
    if not isinstance(data, dict):
        raise QueryError(f"endpoint {endpoint} did not answer with SPARQL JSON results")
    return results_from_json(data, _limit(values))


ROW_LIMITS = (1000, 2000, 5000, 10000, 50000, 100000, 1000000)  # the result caps stores are shipped with


def remote_warnings(
    endpoint: str, result: QueryResult, *, asked_limit: int | None = None, timeout: int = 30
) -> list[str]:
    """What may be wrong with a remote answer: a round number of rows (a row cap), or none at all.

    When nothing came back and the store's named graphs hold data but its default graph
    does not, the default graph is not the union of the named graphs, which the canned
    questions read; that is said, with how to change it.
    """
    if result.boolean is not None:
        return []
    rows = len(result.rows)
    if rows in ROW_LIMITS and rows != asked_limit:
        return [
            f"exactly {rows:,} rows: the endpoint may cap its results at that number and have left the rest out "
            "(Virtuoso: ResultSetMaxRows in virtuoso.ini)"
        ]
    if rows:
        return []
    text = (
        "SELECT * WHERE { { SELECT ?named WHERE { GRAPH ?g { ?named ?p ?o } } LIMIT 1 } "
        "OPTIONAL { { SELECT ?plain WHERE { ?plain ?p2 ?o2 } LIMIT 1 } } }"
    )
    probe = CannedQuery("probe", "probe", "", (), text, None)
    try:
        found = run_remote(endpoint, probe, timeout=timeout)
    except QueryError:
        return []
    if found.rows and "plain" not in found.rows[0]:
        return [
            "no rows, and the endpoint's default graph is empty while its named graphs hold data: make the default "
            "graph the union of the named graphs (oxigraph serve --union-default-graph; Jena: "
            "tdb2:unionDefaultGraph true)"
        ]
    return []


def results_from_json(data: Mapping[str, Any], limit: int | None = None) -> QueryResult:
    """A QueryResult from the SPARQL 1.1 Query Results JSON format."""
    if "boolean" in data:
        return QueryResult(boolean=bool(data["boolean"]))
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
                kind, term["value"], None if datatype == XSD.iri + "string" else datatype, term.get("xml:lang")
            )
        rows.append(row)
    return QueryResult(variables=variables, rows=rows)


# ---------------------------------------------------------------------------
# Writing results (SPARQL 1.1 Query Results CSV, TSV and JSON formats)


def to_json(result: QueryResult) -> str:
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


def to_csv(result: QueryResult) -> str:
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


def to_tsv(result: QueryResult) -> str:
    lines = ["\t".join("?" + v for v in result.variables)]
    for row in result.rows:
        lines.append("\t".join(_tsv_term(row[v]) if v in row else "" for v in result.variables))
    return "\n".join(lines) + "\n"


def _tsv_term(term: Term) -> str:
    if term.type == "literal" and term.datatype == XSD.iri + "integer" and re.fullmatch(r"[+-]?\d+", term.value):
        return term.value
    return term.ntriples()


def display(term: Term | None) -> str:
    """A term for a person to read in a table."""
    if term is None:
        return ""
    if term.type == "literal" and term.datatype == XSD.iri + "integer" and re.fullmatch(r"-?\d+", term.value):
        return f"{int(term.value):,}"
    if term.type == "literal" and term.datatype in (XSD.iri + "decimal", XSD.iri + "double"):
        try:
            return f"{float(term.value):,.2f}".rstrip("0").rstrip(".")
        except ValueError:
            return term.value
    return term.value


def table_rows(result: QueryResult) -> Sequence[Sequence[str]]:
    return [[display(row.get(v)) for v in result.variables] for row in result.rows]


# ---------------------------------------------------------------------------
# Names as people type them

#: parameters that name a resource, and the class whose labels they are matched against
NAMED_PARAMS = {"person": "Person", "battle": "Battle", "war": "War"}

_LABELS = """PREFIX bg: <https://w3id.org/battlegraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?label WHERE {{ {values}
  ?x a bg:{kind} .
  {{ ?x rdfs:label ?label }} UNION {{ ?x skos:prefLabel ?label }} UNION {{ ?x skos:altLabel ?label }}
}}"""


def label_query(kind: str, only: str | None = None) -> CannedQuery:
    """Every name (label, preferred or other) of the instances of one class; with ``only``, that name if it is one."""
    # ``only`` as a literal, escaped as N-Triples writes it: data, never query text
    values = f"VALUES ?label {{ {Literal(only)} }}" if only is not None else ""
    text = _LABELS.format(kind=kind, values=values)
    return CannedQuery(f"{kind.lower()}-names", f"{kind} names", "", (), text, None)


def match_names(
    query: CannedQuery,
    params: Mapping[str, str],
    labels: Callable[[str], Iterable[str]],
    exists: Callable[[str, str], bool] | None = None,
) -> dict[str, str]:
    """``params`` with each name matched to a name the graph uses, as loosely as a reader would.

    A name is kept when the graph has it as written; otherwise it is matched with case,
    diacritics, hyphens and spacing folded ("ukita hideie"), and then in any word order
    when that leaves one name ("Kato Yoshiaki" for "Yoshiaki Katō"). A name that matches
    nothing raises :class:`QueryError` naming the nearest names the graph has: those
    that contain it ("Siege of Jinju" → "Siege of Jinju (1592)"), then those spelled
    most alike. ``exists`` tells whether a name is one of the graph's as written.
    """
    import difflib

    out = dict(params)
    for name, value in params.items():
        kind = NAMED_PARAMS.get(name)
        if kind is None or query.param(name) is None:
            continue
        if exists is not None and exists(kind, value):  # as written: no need to fetch every name
            continue
        known = sorted(set(labels(kind)))
        if value in known:
            continue
        by_key: dict[str, str] = {}
        for label in known:
            by_key.setdefault(fold(label), label)
        wanted = fold(value)
        if wanted in by_key:
            out[name] = by_key[wanted]
            continue
        reordered = {label for key, label in by_key.items() if sorted(key.split()) == sorted(wanted.split())}
        if len(reordered) == 1:  # family name first or last: "Kato Yoshiaki" is "Yoshiaki Katō"
            out[name] = reordered.pop()
            continue
        containing = [label for key, label in sorted(by_key.items()) if wanted and wanted in key]
        alike = [by_key[k] for k in difflib.get_close_matches(wanted, list(by_key), n=5, cutoff=0.6)]
        nearest = list(dict.fromkeys(containing[:5] + alike))[:5]
        hint = f"; nearest: {'; '.join(nearest)}" if nearest else ""
        raise QueryError(f"no {kind.lower()} named {value!r} in the graph{hint}")
    return out
