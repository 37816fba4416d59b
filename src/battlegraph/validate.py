"""Validation: the SHACL shapes run over a graph, and a report people can read.

A finding says what is wrong (a violation) or suspicious (a warning), about which
node, with which value, and where it came from: the battle, the article file, the
infobox field or section, the line and the text fragment.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pyoxigraph import Literal, NamedNode, QuerySolutions, Store

from .iris import DEFAULT_BASE, ONTOLOGY
from .resources import ontology_file
from .shacl import Check, compile_shapes, load_shapes, query_for

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
    result = store.query(query, use_default_graph_as_union=True)
    assert isinstance(result, QuerySolutions)
    return result


def _ntriples(term: Any) -> str:
    return str(term)


def run_checks(store: Store, checks: Sequence[Check], *, threads: int = 2) -> list[Finding]:
    """Every check's query on the store, in parallel (Oxigraph evaluates outside the GIL)."""
    targets = {c.target_class: _subclasses(store, c.target_class) for c in checks}

    def run(check: Check) -> list[Finding]:
        out = []
        for bindings in _rows(store, query_for(check, targets[check.target_class])):
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


def _rows(store: Store, query: str) -> Iterable[dict[str, Any]]:
    """The solutions of a SELECT as dicts of the variables they bind."""
    solutions = _select(store, query)
    variables = solutions.variables
    for solution in solutions:
        yield {var.value: solution[var] for var in variables if solution[var] is not None}


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


_PARTS = (
    f"(<{ONTOLOGY}side>/(<{ONTOLOGY}commanderRole>|<{ONTOLOGY}strength>|<{ONTOLOGY}casualties>"
    f"|<{ONTOLOGY}statedTotal>|<{ONTOLOGY}contingent>|<{ONTOLOGY}contingent>/<{ONTOLOGY}size>)?)?"
)


def _locate(store: Store, finding: Finding) -> Finding:
    """Fill in the battle, article, field, line and text a finding comes from."""
    focus = finding.focus
    where = _one(
        store,
        f"""SELECT ?battle ?label ?article ?file WHERE {{
              ?battle a <{ONTOLOGY}Battle> ; {_PARTS} <{focus}> .
              OPTIONAL {{ ?battle <{RDFS_LABEL}> ?label }}
              OPTIONAL {{ ?battle <http://www.w3.org/ns/prov#wasDerivedFrom> ?article .
                         OPTIONAL {{ ?article <{ONTOLOGY}fileName> ?file }} }}
            }} ORDER BY ?battle LIMIT 1""",
    )
    updates: dict[str, Any] = {}
    if where:
        updates["battle"] = _value(where.get("battle"))
        updates["battle_label"] = _value(where.get("label"))
        updates["article"] = _value(where.get("article"))
        updates["file"] = _value(where.get("file"))
    candidates = [focus]
    if finding.value and finding.value.startswith("<"):
        candidates.append(finding.value[1:-1])
    candidates.extend(finding.related)
    for node in candidates:
        source = _one(
            store,
            f"""SELECT ?field ?line ?text WHERE {{
                  <{node}> <{ONTOLOGY}sourceField> ?field .
                  OPTIONAL {{ <{node}> <{ONTOLOGY}sourceLine> ?line }}
                  OPTIONAL {{ <{node}> <{ONTOLOGY}sourceText> ?text }}
                }} LIMIT 1""",
        )
        if source:
            updates["field"] = _value(source.get("field"))
            line = _value(source.get("line"))
            updates["line"] = int(line) if line is not None and line.isdigit() else None
            updates["text"] = _value(source.get("text"))
            break
    else:
        updates.update(_field_from_path(store, finding))
    return Finding(**{**asdict(finding), **updates})


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


def validate_store(store: Store, *, shapes: Path | None = None, threads: int = 2) -> ValidationReport:
    """Run the shapes over everything in the store (all named graphs together)."""
    checks = shape_checks(shapes)
    findings = [_locate(store, f) for f in run_checks(store, checks, threads=threads)]
    findings.sort(key=Finding.sort_key)
    battles = _count(store, f"SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE {{ ?b a <{ONTOLOGY}Battle> }}")
    return ValidationReport(findings=findings, battles=battles)


def validate_with_pyshacl(store: Store, *, shapes: Path | None = None) -> ValidationReport:
    """The reference engine's report, located and sorted like ours."""
    findings = [_locate(store, f) for f in pyshacl_findings(store, shapes=shapes)]
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
        f"{report.battles} battle{'s' if report.battles != 1 else ''} checked: "
        f"{violations} violation{'s' if violations != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}."
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
