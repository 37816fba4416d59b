"""Validation: the SHACL shapes run over a graph, and a report people can read.

A finding says what is wrong (a violation) or suspicious (a warning), about which
node, with which value, and where it came from: the battle, the article file, the
infobox field or section, the line and the text fragment.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from functools import cache, partial
from itertools import chain, islice
from pathlib import Path
from typing import Any

from pyoxigraph import Literal, NamedNode, Quad, QuerySolutions, Store

from ._errors import InputError
from ._iris import DEFAULT_BASE, ONTOLOGY, local_prefixes
from ._parallel import ordered_map
from ._resources import ontology_file
from ._shacl import Check, compile_shapes, load_shapes, query_for

SH = "http://www.w3.org/ns/shacl#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SEVERITIES = {SH + "Violation": "Violation", SH + "Warning": "Warning", SH + "Info": "Info"}
_SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}

# Infobox keys behind battle-level properties, for pointing a reader at the source.
_BATTLE_FIELDS = {
    ONTOLOGY + "startDate": ("Date", ONTOLOGY + "dateText"),
    ONTOLOGY + "endDate": ("Date", ONTOLOGY + "dateText"),
    ONTOLOGY + "dateText": ("Date", ONTOLOGY + "dateText"),
    ONTOLOGY + "place": ("Place", None),
    ONTOLOGY + "result": ("Result", ONTOLOGY + "result"),
    ONTOLOGY + "conflictName": ("Conflict", ONTOLOGY + "conflictName"),
    ONTOLOGY + "partOf": ("Partof", None),
}
_SIDE_FIELDS = {
    ONTOLOGY + "combatant": "Combatant",
    ONTOLOGY + "commanderRole": "Commander",
    ONTOLOGY + "strength": "Strength",
    ONTOLOGY + "casualties": "Casualties",
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One validation result, with where its data came from."""

    severity: str  # "Violation", "Warning" or "Info"
    message: str
    focus: str
    path: str | None
    value: str | None  # the offending value, as written in N-Triples
    component: str
    shape: str
    constraint: str | None = None
    related: tuple[str, ...] = ()  # other nodes a SPARQL check selected (a stated total)
    battle: str | None = None
    battle_label: str | None = None
    article: str | None = None
    file: str | None = None
    field: str | None = None
    line: int | None = None
    text: str | None = None

    def sort_key(self) -> tuple[Any, ...]:
        return (
            self.battle_label or "~",
            self.battle or "",
            _SEVERITY_ORDER.get(self.severity, 9),
            self.focus,
            self.path or "",
            self.component,
            self.value or "",
            self.shape,
        )


@dataclass
class ValidationReport:
    findings: list[Finding] = field(default_factory=list)
    battles: int = 0
    engine: str = "sparql"
    rejected: list[Any] = field(default_factory=list)  # article inputs that could not be read (BattlegraphErrors)

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Violation"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Warning"]

    @property
    def conforms(self) -> bool:
        return not self.violations


@cache
def shape_checks(path: Path | None = None) -> tuple[Check, ...]:
    return tuple(compile_shapes(load_shapes(path or ontology_file("shapes.ttl"))))


def _subclasses(store: Store, cls: str) -> list[str]:
    query = f"SELECT DISTINCT ?c WHERE {{ ?c <http://www.w3.org/2000/01/rdf-schema#subClassOf>* <{cls}> }}"
    found = {row["c"].value for row in _rows(store, query) if isinstance(row.get("c"), NamedNode)}
    return sorted(found | {cls})


def _select(store: Store, query: str) -> QuerySolutions:
    result = store.query(query)
    assert isinstance(result, QuerySolutions)
    return result


def _ntriples(term: Any) -> str:
    return str(term)


def run_checks(store: Store, checks: Sequence[Check], *, threads: int = 2) -> list[Finding]:
    """Every check's query on the store, in parallel (Oxigraph evaluates outside the GIL)."""
    classes = {c.target_class for c in checks} | {c.value_class for c in checks if c.value_class is not None}
    subclasses = {cls: _subclasses(store, cls) for cls in sorted(classes)}

    def run(check: Check) -> list[Finding]:
        out = []
        query = query_for(
            check, subclasses[check.target_class], subclasses[check.value_class] if check.value_class else None
        )
        for bindings in _rows(store, query):
            focus = bindings.get("this")
            if focus is None:
                continue
            value = bindings.get("value")
            if value is None and check.constraint is not None:
                value = focus  # as pySHACL does when a SPARQL constraint selects no ?value
            related = tuple(
                sorted(
                    term.value
                    for name, term in bindings.items()
                    if name not in ("this", "value", "targetClass") and isinstance(term, NamedNode)
                )
            )
            out.append(
                Finding(
                    severity=SEVERITIES.get(check.severity, check.severity),
                    message=_message(store, check, bindings),
                    focus=focus.value if isinstance(focus, NamedNode) else str(focus),
                    path=check.path,
                    value=_ntriples(value) if value is not None else None,
                    component=check.component,
                    shape=check.shape,
                    constraint=check.constraint,
                    related=related,
                )
            )
        return out

    with ThreadPoolExecutor(max_workers=max(1, threads)) as pool:
        results = list(pool.map(run, checks))
    return [finding for group in results for finding in group]


def _rows(store: Store, query: str) -> list[dict[str, Any]]:
    """The solutions of a SELECT as dicts of the variables they bind.

    Read to the end here: Oxigraph's result sets must be dropped by the thread that
    made them, which a half-read generator collected later would not promise.
    """
    solutions = _select(store, query)
    variables = solutions.variables
    rows = [{var.value: solution[var] for var in variables if solution[var] is not None} for solution in solutions]
    del solutions
    return rows


def _message(store: Store, check: Check, bindings: dict[str, Any]) -> str:
    template = check.message or _default_message(check)

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)[1:]
        term = bindings.get("this" if name == "this" else name)
        return describe(store, term) if term is not None else match.group(0)

    return re.sub(r"\{([?$][A-Za-z_][A-Za-z0-9_]*)\}", fill, template)


def _default_message(check: Check) -> str:
    component = check.component.rsplit("#", 1)[-1].replace("ConstraintComponent", "")
    path = check.path.rsplit("#", 1)[-1].rsplit("/", 1)[-1] if check.path else "value"
    return f"{component} constraint on {path} not met"


def describe(store: Store, term: Any) -> str:
    """A term as a reader wants it: numbers grouped, IRIs by their label."""
    if isinstance(term, Literal):
        if term.datatype.value == "http://www.w3.org/2001/XMLSchema#integer" and re.fullmatch(r"-?\d+", term.value):
            return f"{int(term.value):,}"
        return term.value
    if isinstance(term, NamedNode):
        row = _one(store, f"SELECT ?l WHERE {{ <{term.value}> <{RDFS_LABEL}> ?l }} ORDER BY ?l LIMIT 1")
        if row and isinstance(row.get("l"), Literal):
            return str(row["l"].value)
        return term.value
    return str(term)


# ---------------------------------------------------------------------------
# Where a finding's data came from


def _one(store: Store, query: str) -> dict[str, Any] | None:
    return next(iter(_rows(store, query)), None)


# Where a node hangs in a battle: side → battle; role, figure, contingent → side; size → contingent.
_PARENT_PROPERTIES = tuple(
    NamedNode(ONTOLOGY + local)
    for local in ("side", "commanderRole", "strength", "casualties", "statedTotal", "contingent", "size")
)
_BATTLE = NamedNode(ONTOLOGY + "Battle")
_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def _battle_of(store: Store, focus: str) -> str | None:
    """The battle a node belongs to, found by walking up the links that lead to it."""
    node = NamedNode(focus)
    for _ in range(4):
        if next(iter(store.quads_for_pattern(node, _TYPE, _BATTLE)), None) is not None:
            return node.value
        parent = next(
            (
                quad.subject
                for prop in _PARENT_PROPERTIES
                for quad in store.quads_for_pattern(None, prop, node)
                if isinstance(quad.subject, NamedNode)
            ),
            None,
        )
        if parent is None:
            return None
        node = parent
    return None


def _first_object(store: Store, subject: str, predicate: str) -> Any:
    objects = sorted(
        (q.object for q in store.quads_for_pattern(NamedNode(subject), NamedNode(predicate), None)), key=str
    )
    return objects[0] if objects else None


_SOURCES = f"""
    SELECT ?node ?field ?line ?text WHERE {{
        VALUES ?node {{ %s }}
        ?node <{ONTOLOGY}sourceField> ?field .
        OPTIONAL {{ ?node <{ONTOLOGY}sourceLine> ?line }}
        OPTIONAL {{ ?node <{ONTOLOGY}sourceText> ?text }}
    }}"""


def _lookup(
    store: Store, template: str, key: str, nodes: Iterable[str], chunk: int = 2000
) -> dict[str, dict[str, Any]]:
    """One row per node, from a query over VALUES of many nodes at once (first row by sort order wins)."""
    found: dict[str, dict[str, Any]] = {}
    ordered = sorted(set(nodes))
    for start in range(0, len(ordered), chunk):
        values = " ".join(f"<{node}>" for node in ordered[start : start + chunk])
        rows = sorted(_rows(store, template % values), key=lambda row: tuple(str(v) for v in row.values()))
        for row in rows:
            found.setdefault(row[key].value, row)
    return found


def _locate_all(store: Store, findings: list[Finding]) -> list[Finding]:
    """Fill in the battle, article, field, line and text each finding comes from."""
    battles = {focus: _battle_of(store, focus) for focus in {f.focus for f in findings}}
    candidates = {f: _candidates(f) for f in findings}
    sources = _lookup(store, _SOURCES, "node", (node for nodes in candidates.values() for node in nodes))
    located = []
    for finding in findings:
        updates: dict[str, Any] = {}
        battle = battles[finding.focus]
        if battle is not None:
            article = _first_object(store, battle, "http://www.w3.org/ns/prov#wasDerivedFrom")
            updates["battle"] = battle
            updates["battle_label"] = _value(_first_object(store, battle, RDFS_LABEL))
            updates["article"] = _value(article)
            if isinstance(article, NamedNode):
                updates["file"] = _value(_first_object(store, article.value, ONTOLOGY + "fileName"))
        source = next((sources[node] for node in candidates[finding] if node in sources), None)
        if source:
            line = _value(source.get("line"))
            updates["field"] = _value(source.get("field"))
            updates["line"] = int(line) if line is not None and line.isdigit() else None
            updates["text"] = _value(source.get("text"))
        else:
            updates.update(_field_from_path(store, finding))
        located.append(Finding(**{**asdict(finding), **updates}))
    return located


def _candidates(finding: Finding) -> list[str]:
    """Nodes that may say where a finding's data was read: the focus, an IRI value, related nodes."""
    nodes = [finding.focus]
    if finding.value and finding.value.startswith("<"):
        nodes.append(finding.value[1:-1])
    nodes.extend(finding.related)
    return nodes


def _field_from_path(store: Store, finding: Finding) -> dict[str, Any]:
    """For battle- and side-level findings: the infobox key the property comes from."""
    if finding.path in _BATTLE_FIELDS:
        key, text_property = _BATTLE_FIELDS[finding.path]
        text = None
        if text_property:
            row = _one(store, f"SELECT ?text WHERE {{ <{finding.focus}> <{text_property}> ?text }} LIMIT 1")
            text = _value(row.get("text")) if row else None
        return {"field": key, "text": text}
    if finding.path in _SIDE_FIELDS:
        row = _one(store, f"SELECT ?n WHERE {{ <{finding.focus}> <{ONTOLOGY}sideNumber> ?n }} LIMIT 1")
        number = _value(row.get("n")) if row else None
        return {"field": f"{_SIDE_FIELDS[finding.path]}{number or ''}"}
    return {}


def _value(term: Any) -> str | None:
    if term is None:
        return None
    return str(term.value) if hasattr(term, "value") else str(term)


# ---------------------------------------------------------------------------
# Entry points


def flatten(store: Store) -> Store:
    """An in-memory store of the union of the store's graphs, each triple once.

    Shared triples (a person's label) sit in every article graph that names the
    person; asked of the union, Oxigraph removes the duplicates on every pattern,
    which made label checks a thousand times slower than on a flat store.
    """
    from pyoxigraph import QueryTriples, RdfFormat

    result = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
    assert isinstance(result, QueryTriples)
    flat = Store()
    flat.bulk_load(result.serialize(format=RdfFormat.N_TRIPLES), format=RdfFormat.N_TRIPLES)
    return flat


def _count_battles(store: Store) -> int:
    return _count(store, f"SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE {{ ?b a <{ONTOLOGY}Battle> }}")


# Articles are validated in chunks, each chunk in a store of its own, in parallel
# worker processes: every shape but those on shared resources is local to one
# article, so a chunk sees all it needs, memory stays bounded however large the
# corpus, and each query runs over a small store. What articles share (people,
# wars, places, belligerents) is checked once, all together, so that a name spelled
# two ways in two chunks is still found. Every chunk carries the ontology, which
# says what the subclasses of a shape's target class are.
CHUNK_ARTICLES = 500

# What articles share is checked once, over all of it, never within one chunk of articles.
SHARED_TARGETS = {ONTOLOGY + name for name in ("Person", "War", "Place", "Belligerent")}


def validate_spool(
    ntriples: Path,
    blocks: Sequence[tuple[int, int]],
    shared: Iterable[str],
    *,
    shapes: Path | None = None,
    workers: int = 2,
    chunk_articles: int = CHUNK_ARTICLES,
) -> ValidationReport:
    """Validate the build's N-Triples spool.

    ``blocks`` are the (offset, length) of each article's graph in the spool, in order;
    ``shared`` the N-Triples lines about resources articles share, the ontology's included.
    """
    ontology = _ontology_ntriples()

    def chunks() -> Iterator[bytes]:
        with ntriples.open("rb") as stream:
            for first in range(0, len(blocks), chunk_articles):
                last = blocks[min(first + chunk_articles, len(blocks)) - 1]
                start = blocks[first][0]
                stream.seek(start)
                yield ontology + stream.read(last[0] + last[1] - start)

    return _validate_chunks(chunks(), shared, shapes, workers)


def validate_nquads(
    path: Path,
    *,
    base: str = DEFAULT_BASE,
    shapes: Path | None = None,
    workers: int = 2,
    chunk_articles: int = CHUNK_ARTICLES,
) -> ValidationReport:
    """Validate an N-Quads file whose named graphs are articles (the build's ``graph.nq``)."""
    from pyoxigraph import RdfFormat, parse

    try:
        quads = parse(path=str(path), format=RdfFormat.N_QUADS)
        return validate_quads(quads, base=base, shapes=shapes, workers=workers, chunk_articles=chunk_articles)
    except SyntaxError as exc:
        raise InputError(f"cannot read N-Quads: {exc}", path, getattr(exc, "lineno", None)) from exc


def validate_store(
    store: Store, *, base: str = DEFAULT_BASE, shapes: Path | None = None, workers: int = 2
) -> ValidationReport:
    """Validate everything in a store: its named graphs article by article, and its default graph."""
    return validate_quads(store.quads_for_pattern(None, None, None, None), base=base, shapes=shapes, workers=workers)


def validate_quads(
    quads: Iterable[Quad],
    *,
    base: str = DEFAULT_BASE,
    shapes: Path | None = None,
    workers: int = 2,
    chunk_articles: int = CHUNK_ARTICLES,
) -> ValidationReport:
    """Validate quads grouped by graph, ``chunk_articles`` graphs per chunk (a default graph is one graph)."""
    local = local_prefixes(base)
    shared: set[str] = set()
    ontology = _ontology_ntriples()

    def chunks() -> Iterator[bytes]:
        lines: list[str] = []
        graphs = 0
        current: object = None
        for quad in quads:
            if quad.graph_name != current:
                current = quad.graph_name
                graphs += 1
                if graphs > chunk_articles:
                    yield ontology + "".join(lines).encode("utf-8")
                    lines, graphs = [], 1
            line = f"{quad.subject} {quad.predicate} {quad.object} .\n"
            lines.append(line)
            if not line.startswith(local):
                shared.add(line)
        if lines:
            yield ontology + "".join(lines).encode("utf-8")

    return _validate_chunks(chunks(), shared, shapes, workers)


def _validate_chunks(
    chunks: Iterator[bytes], shared: Iterable[str], shapes: Path | None, workers: int
) -> ValidationReport:
    findings: list[Finding] = []
    battles = 0
    opening = list(islice(chunks, 2))
    # One chunk (a few hundred articles or fewer) is checked here: starting workers would
    # cost more than it saves.
    checked = ordered_map(
        partial(_validate_chunk, shapes=shapes),
        chain(opening, chunks),
        workers if len(opening) > 1 else 1,
        in_flight=2,
    )
    for chunk_findings, chunk_battles in checked:
        findings.extend(chunk_findings)
        battles += chunk_battles
    # ``shared`` may be filled while the chunks are read: only now is it complete.
    entities = Store()
    entities.load(_ontology_ntriples() + "".join(sorted(set(shared))).encode("utf-8"), format=_N_TRIPLES())
    shared_checks = [c for c in shape_checks(shapes) if c.target_class in SHARED_TARGETS]
    findings.extend(_locate_all(entities, run_checks(entities, shared_checks, threads=workers)))
    unique = {(f.focus, f.shape, f.component, f.path, f.value, f.constraint): f for f in findings}
    return ValidationReport(findings=sorted(unique.values(), key=Finding.sort_key), battles=battles)


@cache
def _ontology_ntriples() -> bytes:
    from pyoxigraph import RdfFormat, parse

    triples = parse(path=str(ontology_file()), format=RdfFormat.TURTLE)
    return "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in triples).encode("utf-8")


def _N_TRIPLES() -> Any:  # noqa: N802 - a constant, looked up lazily to keep the import light
    from pyoxigraph import RdfFormat

    return RdfFormat.N_TRIPLES


def _validate_chunk(data: bytes, shapes: Path | None) -> tuple[list[Finding], int]:
    store = Store()
    store.load(data, format=_N_TRIPLES())
    local_checks = [c for c in shape_checks(shapes) if c.target_class not in SHARED_TARGETS]
    findings = _locate_all(store, run_checks(store, local_checks, threads=1))
    return findings, _count_battles(store)


def validate_with_pyshacl(store: Store, *, shapes: Path | None = None) -> ValidationReport:
    """The reference engine's report, located and sorted like ours."""
    store = flatten(store)
    findings = _locate_all(store, pyshacl_findings(store, shapes=shapes))
    findings.sort(key=Finding.sort_key)
    battles = _count(store, f"SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE {{ ?b a <{ONTOLOGY}Battle> }}")
    return ValidationReport(findings=findings, battles=battles, engine="pyshacl")


def pyshacl_findings(store: Store, *, shapes: Path | None = None) -> list[Finding]:
    """The same shapes run by pySHACL on the union of the store's graphs: the reference engine."""
    import pyshacl
    from rdflib import BNode, Graph
    from rdflib.namespace import SH as RSH

    lines = {f"{q.subject} {q.predicate} {q.object} .\n" for q in store.quads_for_pattern(None, None, None, None)}
    data = Graph().parse(data="".join(sorted(lines)), format="nt")
    shapes_graph = load_shapes(shapes or ontology_file("shapes.ttl"))
    _, results, _ = pyshacl.validate(data, shacl_graph=shapes_graph, allow_warnings=True)
    findings = []
    for result in results.subjects(RSH.resultSeverity, None):
        value = results.value(result, RSH.value)
        path = results.value(result, RSH.resultPath)
        constraint = results.value(result, RSH.sourceConstraint)
        findings.append(
            Finding(
                severity=SEVERITIES.get(str(results.value(result, RSH.resultSeverity)), "Violation"),
                message=str(results.value(result, RSH.resultMessage) or ""),
                focus=str(results.value(result, RSH.focusNode)),
                path=str(path) if path is not None else None,
                value=value.n3() if value is not None else None,
                component=str(results.value(result, RSH.sourceConstraintComponent)),
                shape=str(results.value(result, RSH.sourceShape)),
                constraint=str(constraint) if constraint is not None and not isinstance(constraint, BNode) else None,
            )
        )
    return findings


def _count(store: Store, query: str) -> int:
    row = _one(store, query)
    return int(row["n"].value) if row and "n" in row else 0


# ---------------------------------------------------------------------------
# Reports


def summary(report: ValidationReport) -> str:
    violations, warnings = len(report.violations), len(report.warnings)
    return (
        f"{report.battles:,} battle{'s' if report.battles != 1 else ''} checked: "
        f"{violations:,} violation{'s' if violations != 1 else ''}, {warnings:,} warning{'s' if warnings != 1 else ''}."
    )


def _short(iri: str | None, base: str = DEFAULT_BASE) -> str:
    if iri is None:
        return ""
    for prefix, namespace in (("", base), ("bg:", ONTOLOGY), ("rdfs:", "http://www.w3.org/2000/01/rdf-schema#")):
        if iri.startswith(namespace):
            return prefix + iri[len(namespace) :]
    return iri


def report_text(report: ValidationReport) -> str:
    """Findings grouped by battle, each with its message, value and source."""
    lines: list[str] = []
    current: tuple[str | None, str | None] | None = None
    for finding in report.findings:
        group = (finding.battle, finding.battle_label)
        if group != current:
            current = group
            title = finding.battle_label or "Shared by several articles (people, wars, places, belligerents)"
            lines.append("")
            lines.append(f"{title}  [{finding.file}]" if finding.file else title)
        lines.append(f"  {finding.severity.lower():<9} {_short(finding.focus)}: {finding.message}")
        details = []
        if finding.path:
            details.append(f"path {_short(finding.path)}")
        if finding.value is not None and finding.value != f"<{finding.focus}>":
            details.append(f"value {_display(finding.value)}")
        where = ", ".join(
            part
            for part in (
                finding.field,
                f"line {finding.line}" if finding.line else None,
                f"“{finding.text}”" if finding.text else None,
            )
            if part
        )
        if where:
            details.append(f"from {where}")
        if details:
            lines.append(f"  {'':<9} " + " · ".join(details))
    lines.append("")
    lines.append(summary(report))
    return "\n".join(lines).lstrip("\n") + "\n"


def _display(value: str) -> str:
    """An N-Triples term for reading: IRIs shortened, numbers grouped, strings quoted."""
    if value.startswith("<"):
        return _short(value[1:-1])
    match = re.fullmatch(r'"(-?\d+)"\^\^<http://www.w3.org/2001/XMLSchema#integer>', value)
    if match:
        return f"{int(match.group(1)):,}"
    match = re.fullmatch(r'"(.*)"(?:\^\^<[^>]+>|@[a-zA-Z-]+)?', value, re.DOTALL)
    return f"“{match.group(1)}”" if match else value


def report_json(report: ValidationReport) -> str:
    data = {
        "conforms": report.conforms,
        "battles": report.battles,
        "violations": len(report.violations),
        "warnings": len(report.warnings),
        "engine": report.engine,
        "findings": [asdict(f) for f in report.findings],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def report_turtle(report: ValidationReport, base: str = DEFAULT_BASE) -> str:
    """A SHACL validation report (sh:ValidationReport), with IRIs instead of blank nodes."""
    report_iri = f"{base}validation/report"
    out = [
        "@prefix sh: <http://www.w3.org/ns/shacl#> .",
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
        "@prefix bg: <https://w3id.org/battlegraph/ontology#> .",
        "",
        f"<{report_iri}> a sh:ValidationReport ;",
        f"    sh:conforms {'true' if report.conforms else 'false'}" + (" ;" if report.findings else " ."),
    ]
    results = [f"<{base}validation/result/{_result_id(f)}>" for f in report.findings]
    if results:
        out.append("    sh:result " + " ,\n        ".join(results) + " .")
    for iri, finding in zip(results, report.findings, strict=True):
        out.append("")
        out.append(f"{iri} a sh:ValidationResult ;")
        props = [
            f"sh:resultSeverity sh:{finding.severity}",
            f"sh:focusNode <{finding.focus}>",
            f"sh:sourceConstraintComponent <{finding.component}>",
            f"sh:sourceShape <{finding.shape}>",
            f"sh:resultMessage {_literal(finding.message)}",
        ]
        if finding.path:
            props.append(f"sh:resultPath <{finding.path}>")
        if finding.value is not None:
            props.append(f"sh:value {finding.value}")
        if finding.constraint:
            props.append(f"sh:sourceConstraint <{finding.constraint}>")
        if finding.article:
            props.append(f"bg:article <{finding.article}>")
        if finding.field:
            props.append(f"bg:sourceField {_literal(finding.field)}")
        if finding.line:
            props.append(f"bg:sourceLine {finding.line}")
        if finding.text:
            props.append(f"bg:sourceText {_literal(finding.text)}")
        out.append("    " + " ;\n    ".join(props) + " .")
    return "\n".join(out) + "\n"


def _literal(text: str) -> str:
    return str(Literal(text))


def _result_id(finding: Finding) -> str:
    key = "\x1f".join(
        [
            finding.focus,
            finding.path or "",
            finding.component,
            finding.shape,
            finding.value or "",
            finding.constraint or "",
        ]
    )
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
