"""Conformance (issue 14, item 2): every canned query gives the embedded store's rows on three other engines.

The engines (tests/triplestores.py) are Oxigraph's server, Virtuoso 7 and Jena TDB2. Each gets the same data
as the embedded store, on two datasets:

* ``seeds``: ``battlegraph build data/articles -f nq --no-validate`` (the two real seed articles);
* ``corpus``: the same build of 2,000 articles from ``benchmarks/generate.py`` (its default seed).

The engines load the build's ``graph.nq`` (the articles' named graphs; each queries their union), the embedded
store is the build's own ``store`` (their merge in its default graph), asked through ``run_local``.

Time: an engine may take three times as long as the embedded store for a query, and at least 30 s; past that
its test fails (a timeout is a failure, not a skip).

Parameters: on the seeds, each query's own default; on the corpus, values read off the embedded store (the
person with the most commands, the battle with the most contingents among those with a stated total, the
spelling of a war that names the most battles, longest spelling first). They are bound with
``queries.query_text``, so every engine receives the same text, the one ``run_local`` runs, ``limit`` included
(it becomes the query's LIMIT clauses): it is set high enough to compare every row.

Comparison: each term becomes a plain value, the same way for the embedded store's terms and the engines'
SPARQL JSON. Numbers (integer, decimal, double, float and integer subtypes) compare numerically, so "5",
"5.0" and "5.00"^^xsd:decimal are equal; other literals by their lexical form (a language tag or datatype is
ignored, so "x" equals "x"@en); IRIs by value; blank nodes only as "a blank node". Rows are compared as
multisets. Where the query's ORDER BY keys are all projected variables, bare or in STR() (true of every
canned query today), the sequence of key tuples must also be the same: rows that tie on every key may come in
any order, everything else must come in the embedded store's order. A query ordered on anything else is
compared as a multiset only.

An engine that cannot be installed, started or loaded fails each of its tests with the reason; nothing is
skipped. Every engine starts once per dataset and loads that dataset once, in a session-scoped fixture.

``CONFORMANCE_QUERIES=folder`` runs the .rq files of that folder instead of queries/, to try a change to the
queries on every engine. ``CONFORMANCE_REPORT=path.json`` writes each engine's version, start and load time
and quads per second, and each query's rows, seconds and verdict per engine, to that file at the end.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pytest
from pyoxigraph import QuerySolutions, RdfFormat, Store, parse

from battlegraph._queries import CannedQuery, Term, bound_values, canned_queries, query_text, run_local
from battlegraph._store import open_store

from .triplestores import FACTORIES, Engine, EngineError, EngineTimeoutError, Row

ROOT = Path(__file__).resolve().parent.parent
SEED_ARTICLES = ROOT / "data" / "articles"
CORPUS_SIZE = 2000
QUERIES = canned_queries(Path(os.environ["CONFORMANCE_QUERIES"]) if os.environ.get("CONFORMANCE_QUERIES") else None)
DATASETS = ("seeds", "corpus")
ENGINES = tuple(FACTORIES)
ALL_ROWS = str(10**6)  # `limit`, high enough to keep every row; Virtuoso sorts at most 1,000,000 rows for a LIMIT
# An engine may take this many times the embedded store's time for a query, and at least MIN_SECONDS; a slower
# answer fails the test (the engine is then restarted, its data kept, so that it drops the query).
SLOWER = 3.0
MIN_SECONDS = 30.0

XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {
    XSD + name
    for name in (
        "integer",
        "decimal",
        "double",
        "float",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
}

PREFIXES = """\
PREFIX bg: <https://w3id.org/battlegraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
# On the corpus, a value for each parameter, read off the embedded store (first row of the answer).
PICKS = {
    "person": """
        SELECT ?value (COUNT(DISTINCT ?s) AS ?n)
        WHERE { ?p a bg:Person ; rdfs:label ?value . ?role bg:person ?p . ?s bg:commanderRole ?role }
        GROUP BY ?value ORDER BY DESC(?n) ?value LIMIT 1""",
    "battle": """
        SELECT ?value (COUNT(?c) AS ?n)
        WHERE { ?b a bg:Battle ; rdfs:label ?value ; bg:side ?s . ?s bg:contingent ?c .
                FILTER EXISTS { ?b bg:side/bg:statedTotal ?t } }
        GROUP BY ?value ORDER BY DESC(?n) ?value LIMIT 1""",
    "war": """
        SELECT ?value (COUNT(DISTINCT ?b) AS ?n)
        WHERE { { ?w rdfs:label ?value } UNION { ?w skos:altLabel ?value } ?w a bg:War . ?b bg:partOf ?w }
        GROUP BY ?value ORDER BY DESC(?n) DESC(STRLEN(?value)) ?value LIMIT 1""",
}

Value = tuple[str, Any] | None
"""A term as compared: ("iri", text), ("number", Decimal), ("literal", text), ("bnode", "") or None (unbound)."""


# --- comparable values ----------------------------------------------------------------------------------


def comparable(term: Mapping[str, str] | None) -> Value:
    """A SPARQL JSON term as a value to compare: numbers by value, other literals by lexical form."""
    if term is None:
        return None
    kind, text = term["type"], term["value"]
    if kind == "uri":
        return ("iri", text)
    if kind == "bnode":
        return ("bnode", "")  # labels are local to one answer
    if term.get("datatype") in NUMERIC:
        try:
            number = Decimal(text.strip())
        except InvalidOperation:
            return ("literal", text)  # an ill-typed number stays text
        return ("number", number) if number.is_finite() else ("number", text.strip().upper())
    return ("literal", text)


def json_term(term: Term) -> dict[str, str]:
    """The embedded store's term in the SPARQL JSON shape the engines answer with."""
    fields = {"type": term.type, "value": term.value}
    if term.datatype:
        fields["datatype"] = term.datatype
    if term.lang:
        fields["xml:lang"] = term.lang
    return fields


def show(value: Value) -> str:
    if value is None:
        return "unbound"
    kind, content = value
    return (
        f"<{content}>"
        if kind == "iri"
        else str(content)
        if kind == "number"
        else json.dumps(content, ensure_ascii=False)
    )


ORDER_KEY = re.compile(r"(?:(?:ASC|DESC)\s*\(\s*)?(?:STR\s*\(\s*)?\?(?P<name>\w+)(?:\s*\))?(?:\s*\))?", re.IGNORECASE)


def order_keys(query: str) -> list[str] | None:
    """The variables of the ORDER BY clause in order, or None when a key is more than a variable or its STR().

    The clause is read after the query's last "}", where only solution modifiers may stand.
    """
    tail = re.sub(r"#[^\n]*", "", query[query.rfind("}") + 1 :])
    found = re.search(r"\bORDER\s+BY\b(?P<keys>.*?)(?:\bLIMIT\b|\bOFFSET\b|$)", tail, re.IGNORECASE | re.DOTALL)
    if not found:
        return None
    keys = []
    for token in re.findall(r"(?:(?:ASC|DESC|STR)\s*\([^()]*(?:\([^()]*\))?[^()]*\))|\S+", found["keys"], re.I):
        key = ORDER_KEY.fullmatch(token.strip())
        if key is None or token.count("(") != token.count(")"):
            return None
        keys.append(key["name"])
    return keys or None


@dataclass
class Answer:
    variables: list[str]
    rows: list[tuple[Value, ...]]
    seconds: float = 0.0  # how long the query took


def answer(variables: Sequence[str], rows: Sequence[Mapping[str, Mapping[str, str]]]) -> Answer:
    unknown = sorted({name for row in rows for name in row} - set(variables))
    if unknown:
        raise AssertionError(f"the answer binds variables the query does not project: {unknown}")
    return Answer(list(variables), [tuple(comparable(row.get(name)) for name in variables) for row in rows])


def differences(expected: Answer, actual: Answer, keys: list[str] | None, most: int = 5) -> list[str]:
    """What is wrong with `actual`, as lines for a person to read; empty when it conforms."""
    problems: list[str] = []
    names = expected.variables

    def row_text(row: tuple[Value, ...]) -> str:
        return "{" + ", ".join(f"{name}: {show(value)}" for name, value in zip(names, row, strict=True)) + "}"

    missing = Counter(expected.rows) - Counter(actual.rows)
    extra = Counter(actual.rows) - Counter(expected.rows)
    if missing or extra:
        problems.append(
            f"rows: embedded {len(expected.rows)}, engine {len(actual.rows)}; "
            f"{missing.total()} only in embedded, {extra.total()} only in the engine"
        )
        spare = list(extra.elements())
        for row in sorted(missing.elements(), key=repr)[:most]:
            # the engine's row that agrees on the most columns: usually the same row with a value written otherwise
            twin = max(spare, key=lambda other: sum(a == b for a, b in zip(row, other, strict=True)), default=None)
            if twin is not None and sum(a == b for a, b in zip(row, twin, strict=True)) * 2 >= len(row):
                spare.remove(twin)
                changed = [
                    f"{name}: {show(a)} → {show(b)}" for name, a, b in zip(names, row, twin, strict=True) if a != b
                ]
                problems.append(f"  embedded {row_text(row)}\n    engine differs in {'; '.join(changed)}")
            else:
                problems.append(f"  only in embedded: {row_text(row)}")
        for row in sorted(spare, key=repr)[:most]:
            problems.append(f"  only in the engine: {row_text(row)}")
        return problems
    if keys is not None:
        columns = [names.index(key) for key in keys]
        want = [tuple(row[i] for i in columns) for row in expected.rows]
        got = [tuple(row[i] for i in columns) for row in actual.rows]
        for position, (a, b) in enumerate(zip(want, got, strict=True)):
            if a != b:
                shown = ", ".join(f"{key}={show(v)}" for key, v in zip(keys, a, strict=True))
                other = ", ".join(f"{key}={show(v)}" for key, v in zip(keys, b, strict=True))
                problems.append(f"same rows, other order (ORDER BY {' '.join(keys)}): row {position} is")
                problems.append(f"  embedded ({shown})\n  engine   ({other})")
                break
    return problems


# --- the data, the engines and the answers ----------------------------------------------------------------


@dataclass
class Built:
    quads: Path
    store: Store
    count: int  # quads in `quads`
    params: dict[str, str]  # per parameter name, the value every parameterised query gets


@dataclass
class Loaded:
    engine: Engine
    start_seconds: float
    load_seconds: float
    quads: int


@dataclass
class Conformance:
    """Everything the tests share, made on first use: builds, engines (one per dataset), answers."""

    workdir: Path
    built: dict[str, Built] = field(default_factory=dict)
    engines: dict[tuple[str, str], Loaded | str] = field(default_factory=dict)  # a str: why it is not there
    expected: dict[tuple[str, str], Answer] = field(default_factory=dict)
    report: dict[str, Any] = field(default_factory=dict)

    def dataset(self, name: str) -> Built:
        if name not in self.built:
            self.built[name] = self._build(name)
        return self.built[name]

    def _build(self, name: str) -> Built:
        articles = SEED_ARTICLES
        if name == "corpus":
            from benchmarks.generate import generate

            articles = self.workdir / "corpus-articles"
            generate(CORPUS_SIZE, articles)
        out = self.workdir / f"{name}-out"
        command = [str(Path(sys.executable).parent / "battlegraph"), "build", str(articles), "-o", str(out)]
        done = subprocess.run(
            [*command, "-f", "nq", "--no-validate"], capture_output=True, text=True, timeout=600, check=False
        )
        if done.returncode != 0:
            pytest.fail(f"`battlegraph build` of the {name} failed:\n{done.stdout}\n{done.stderr}")
        quads = (out / "graph.nq").resolve()
        count = sum(1 for _ in parse(path=quads, format=RdfFormat.N_QUADS))
        store = open_store(out)
        params = {"limit": ALL_ROWS}
        if name == "corpus":
            for param, pick in PICKS.items():
                solutions = store.query(PREFIXES + pick)
                first = next(iter(solutions), None) if isinstance(solutions, QuerySolutions) else None
                if first is None or first["value"] is None:
                    pytest.fail(f"no value for the parameter {param} in the {name}")
                params[param] = first["value"].value
        return Built(quads, store, count, params)

    def values(self, dataset: str, query: CannedQuery) -> dict[str, str]:
        given = {name: value for name, value in self.dataset(dataset).params.items() if query.param(name)}
        if dataset == "seeds":  # the query's own defaults, bar the limit
            given = {name: value for name, value in given.items() if name == "limit"}
        return bound_values(query, given)

    def text(self, dataset: str, query: CannedQuery) -> str:
        """The query as every engine receives it: what run_local runs."""
        return query_text(query, self.values(dataset, query))

    def embedded(self, dataset: str, name: str) -> Answer:
        if (dataset, name) not in self.expected:
            query = QUERIES[name]
            store = self.dataset(dataset).store
            began = time.monotonic()
            result = run_local(store, query, self.values(dataset, query))
            rows = [{var: json_term(term) for var, term in row.items()} for row in result.rows]
            self.expected[dataset, name] = answer(result.variables, rows)
            self.expected[dataset, name].seconds = time.monotonic() - began
        return self.expected[dataset, name]

    def engine(self, name: str, dataset: str) -> Engine:
        key = (name, dataset)
        if key not in self.engines:
            self.engines[key] = self._start(name, dataset)
        found = self.engines[key]
        if isinstance(found, str):
            pytest.fail(found, pytrace=False)
        return found.engine

    def _start(self, name: str, dataset: str) -> Loaded | str:
        data = self.dataset(dataset)
        began = time.monotonic()
        try:
            engine = FACTORIES[name](self.workdir / "engines")
        except EngineError as error:
            return f"{name} could not be installed or started:\n{error}"
        started = time.monotonic()
        try:
            engine.load(data.quads)
        except EngineError as error:
            engine.close()
            return f"{name} could not load the {dataset} ({data.quads}):\n{error}"
        loaded = Loaded(engine, started - began, time.monotonic() - started, data.count)
        self.report.setdefault("engines", {})[f"{name}/{dataset}"] = {
            "version": engine.version,
            "start_s": round(loaded.start_seconds, 2),
            "load_s": round(loaded.load_seconds, 2),
            "quads": loaded.quads,
            "quads_per_s": round(loaded.quads / max(loaded.load_seconds, 1e-9)),
        }
        return loaded

    def close(self) -> None:
        for loaded in self.engines.values():
            if isinstance(loaded, Loaded):
                loaded.engine.close()
        self.built.clear()  # drops the read-only stores


@pytest.fixture(scope="session")
def conformance(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Conformance]:
    shared = Conformance(tmp_path_factory.mktemp("conformance"))
    began = time.monotonic()
    try:
        yield shared
    finally:
        shared.close()
        target = os.environ.get("CONFORMANCE_REPORT")
        if target:
            shared.report["seconds"] = round(time.monotonic() - began, 1)
            Path(target).write_text(json.dumps(shared.report, indent=2, ensure_ascii=False) + "\n")


# --- the tests --------------------------------------------------------------------------------------------


def test_every_canned_query_is_compared() -> None:
    """The canned queries are there, and every ORDER BY is read as its keys (else order goes unchecked)."""
    assert len(QUERIES) >= 13, sorted(QUERIES)
    unread = [
        name for name, query in QUERIES.items() if "ORDER BY" in query.text.upper() and not order_keys(query.text)
    ]
    assert not unread, f"ORDER BY not read as plain variables, only the rows are compared: {unread}"


def test_comparison_can_fail() -> None:
    """Numbers compare by value, everything else must match; the order is checked on the ORDER BY keys."""
    five = {"type": "literal", "value": "5", "datatype": XSD + "integer"}
    five_decimal = {"type": "literal", "value": "5.00", "datatype": XSD + "decimal"}
    assert comparable(five) == comparable(five_decimal) == comparable({**five, "datatype": XSD + "double"})
    assert comparable({"type": "literal", "value": "5"}) != comparable(five)
    assert comparable({"type": "literal", "value": "x", "xml:lang": "en"}) == comparable(
        {"type": "literal", "value": "x"}
    )
    rows = [
        {"k": five, "v": {"type": "uri", "value": "urn:a"}},
        {"k": five_decimal, "v": {"type": "uri", "value": "urn:b"}},
    ]
    tied = answer(["k", "v"], rows)
    assert not differences(tied, answer(["k", "v"], rows[::-1]), ["k"])  # a tie may come in any order
    assert differences(tied, answer(["k", "v"], rows[::-1]), ["v"])  # not so when the keys tell the rows apart
    assert differences(tied, answer(["k", "v"], rows[:1]), None)
    assert order_keys("SELECT * WHERE { ?a ?b ?c } ORDER BY DESC(?b) ?a LIMIT 3") == ["b", "a"]
    assert order_keys("SELECT * WHERE { ?a ?b ?c } ORDER BY DESC(STR(?a)) STR(?c)") == ["a", "c"]
    assert order_keys("SELECT * WHERE { ?a ?b ?c } ORDER BY LCASE(?a)") is None
    assert order_keys("SELECT * WHERE { ?a <urn:x#y> ?c } ORDER BY ?a # the '#' of an IRI is no comment") == ["a"]


CASES = [
    pytest.param(dataset, engine, query, id=f"{dataset}-{engine}-{query}")
    for dataset in DATASETS
    for engine in ENGINES
    for query in QUERIES
]


@pytest.mark.slow
@pytest.mark.parametrize(("dataset", "engine", "query"), CASES)
def test_engine_answers_like_the_embedded_store(
    conformance: Conformance, dataset: str, engine: str, query: str
) -> None:
    expected = conformance.embedded(dataset, query)
    text = conformance.text(dataset, QUERIES[query])
    running = conformance.engine(engine, dataset)
    verdict = conformance.report.setdefault("queries", {}).setdefault(f"{dataset}/{query}", {})
    verdict["embedded"] = {"rows": len(expected.rows), "s": round(expected.seconds, 2)}
    limit = max(MIN_SECONDS, SLOWER * expected.seconds)
    began = time.monotonic()
    try:
        rows: list[Row] = running.select(text, timeout=limit)
    except EngineTimeoutError as error:
        failure = f"{engine} {running.version} took over {limit:.0f} s for {query} on the {dataset}: {error}"
    except EngineError as error:
        failure = f"{engine} {running.version} refused or failed {query} on the {dataset}:\n{error}"
    else:
        failure = ""
    seconds = round(time.monotonic() - began, 2)
    if failure:
        verdict[engine] = {"s": seconds, "verdict": failure}
        pytest.fail(failure, pytrace=False)
    keys = order_keys(text)
    if keys and not set(keys) <= set(expected.variables):
        keys = None  # ordered on what the rows do not show: compared as multisets
    problems = differences(expected, answer(expected.variables, rows), keys)
    verdict[engine] = {"rows": len(rows), "s": seconds, "verdict": problems or "equal"}
    if problems:
        heading = f"{engine} {running.version} answers {query} on the {dataset} otherwise than the embedded store:"
        pytest.fail("\n".join([heading, *problems]), pytrace=False)
