"""Every constraint of every shape, on a small graph that passes and one that fails.

The graphs are a minimal valid battle (BASE) with a patch: ``- s p o`` removes
triples (``*`` matches any object), ``+ s p o`` adds one. Each failing graph must
give exactly the expected focus node for the constraint under test, each passing
graph none, and pySHACL must report exactly what the SPARQL engine reports on
every one of them.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from pyoxigraph import RdfFormat, Store
from rdflib import Graph, URIRef

from battlegraph._shacl import compile_shapes, load_shapes
from battlegraph._validation import Finding, pyshacl_findings, run_checks, shape_checks

PREFIXES = """
@prefix : <https://example.org/id/> .
@prefix bg: <https://w3id.org/battlegraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
"""

BASE = (
    PREFIXES
    + """
:article a bg:Article ; rdfs:label "Test siege" ; bg:fileName "test.txt" ;
    bg:sha256 "d5a1aac2d7cfd08e3146eccba2289dfd8c464ecaae5479c698ac87021ee81827" .
:battle a bg:Battle ; rdfs:label "Test siege" ; prov:wasDerivedFrom :article ; bg:conflictName "Test siege" ;
    bg:startDate "1592-11-08"^^xsd:date ; bg:endDate "1592-11-13"^^xsd:date ; bg:dateText "November 8–13, 1592" ;
    bg:place :place ; bg:partOf :war ; bg:result "Korean victory" ; bg:side :s1 , :s2 .
:place a bg:Place ; rdfs:label "Jinju" .
:war a bg:War ; rdfs:label "Imjin War" .
:s1 a bg:Side ; bg:sideNumber 1 ; bg:combatant :japan ; bg:commanderRole :r1 ; bg:strength :q1 ;
    bg:casualties :q2 ; bg:contingent :c1 ; bg:statedTotal :t1 ; bg:personnel :p1 ; bg:casualtyTotal :k1 .
:s2 a bg:Side ; bg:sideNumber 2 ; bg:combatant :korea ; bg:combatantNames "Korean army" .
:japan a bg:Belligerent ; rdfs:label "Japanese army" .
:korea a bg:Belligerent ; rdfs:label "Korean army" .
:r1 a bg:CommanderRole ; bg:person :ukita ; bg:fate bg:KilledInAction ; bg:group "Japan" ; bg:belligerent :japan .
:ukita a bg:Person ; rdfs:label "Ukita Hideie" .
:q1 a bg:Quantity ; bg:minValue 100 ; bg:maxValue 200 ; bg:unit "soldiers" ; bg:category bg:Personnel ;
    bg:sourceText "100–200 soldiers" .
:q2 a bg:Quantity ; bg:minValue 30 ; bg:unit "troops" ; bg:category bg:Killed ; bg:sourceText "30+ dead" .
:c1 a bg:Contingent ; bg:ledBy :ukita ; bg:size :c1size ; bg:leaderNames "Ukita Hideie" .
:c1size a bg:Quantity ; bg:minValue 100 ; bg:maxValue 100 ; bg:unit "soldiers" ; bg:category bg:Personnel ;
    bg:sourceText "Ukita Hideie – 100 soldiers" .
:t1 a bg:Quantity ; bg:minValue 100 ; bg:maxValue 100 ; bg:unit "soldiers" ; bg:category bg:Personnel ;
    bg:sourceText "Total 100 soldiers" .
:p1 a bg:DerivedQuantity ; bg:minValue 100 ; bg:maxValue 200 ; bg:unit "personnel" ; bg:category bg:Personnel ;
    prov:wasDerivedFrom :q1 .
:k1 a bg:DerivedQuantity ; bg:minValue 30 ; bg:maxValue 30 ; bg:unit "casualties" ; bg:category bg:Killed ;
    prov:wasDerivedFrom :q2 .
"""
)

OTHER_SHA = '"0000000000000000000000000000000000000000000000000000000000000000"'

# (shape or SPARQL constraint / component, failing patch, focus of the result, passing patch)
FIXTURES: list[tuple[str, str, str, str]] = [
    ("Article-fileName/MinCount", "- :article bg:fileName *", ":article", ""),
    ("Article-fileName/MaxCount", '+ :article bg:fileName "other.txt"', ":article", ""),
    ("Article-fileName/Datatype", "- :article bg:fileName * ; + :article bg:fileName 7", ":article", ""),
    ("Article-sha256/MinCount", "- :article bg:sha256 *", ":article", ""),
    ("Article-sha256/MaxCount", f"+ :article bg:sha256 {OTHER_SHA}", ":article", ""),
    ("Article-sha256/Datatype", f"- :article bg:sha256 * ; + :article bg:sha256 {OTHER_SHA}@en", ":article", ""),
    (
        "Article-sha256/Pattern",
        '- :article bg:sha256 * ; + :article bg:sha256 "not-a-hash"',
        ":article",
        f"- :article bg:sha256 * ; + :article bg:sha256 {OTHER_SHA}",
    ),
    ("Battle-conflictName/MaxCount", '+ :battle bg:conflictName "Second name"', ":battle", ""),
    (
        "Battle-conflictName/Datatype",
        '- :battle bg:conflictName * ; + :battle bg:conflictName "Siege"@en',
        ":battle",
        "",
    ),
    ("Battle-dateText/MaxCount", '+ :battle bg:dateText "1592"', ":battle", ""),
    ("Battle-dateText/Datatype", "- :battle bg:dateText * ; + :battle bg:dateText 1592", ":battle", ""),
    ("Battle-dated/MinCount", "- :battle bg:startDate *", ":battle", "- :battle bg:endDate *"),
    ("Battle-endDate/MaxCount", '+ :battle bg:endDate "1592-12"^^xsd:gYearMonth', ":battle", ""),
    (
        "Battle-endDate/Or",
        '- :battle bg:endDate * ; + :battle bg:endDate "November 13, 1592"',
        ":battle",
        '- :battle bg:endDate * ; + :battle bg:endDate "1592-11"^^xsd:gYearMonth',
    ),
    ("Battle-label/MinCount", "- :battle rdfs:label *", ":battle", ""),
    ("Battle-label/MaxCount", '+ :battle rdfs:label "Another title"', ":battle", ""),
    ("Battle-label/Datatype", '- :battle rdfs:label * ; + :battle rdfs:label "Test siege"@en', ":battle", ""),
    ("Battle-partOf/Class", "+ :battle bg:partOf :place", ":battle", ""),
    ("Battle-place/MaxCount", "+ :battle bg:place :place2 ; + :place2 a bg:Place", ":battle", ""),
    ("Battle-place/Class", "- :battle bg:place * ; + :battle bg:place :war", ":battle", ""),
    ("Battle-result/MaxCount", '+ :battle bg:result "Japanese victory"', ":battle", ""),
    ("Battle-result/Datatype", "- :battle bg:result * ; + :battle bg:result :korea", ":battle", ""),
    (
        "Battle-battleCasualties/Class",
        "+ :battle bg:battleCasualties :korea",
        ":battle",
        "+ :battle bg:battleCasualties :q2",
    ),
    ("Battle-side/Class", "+ :battle bg:side :korea", ":battle", ""),
    (
        "Battle-victor/MaxCount",
        "+ :battle bg:victor :s1 ; + :battle bg:victor :s2",
        ":battle",
        "+ :battle bg:victor :s2",
    ),
    ("Battle-victor/Class", "+ :battle bg:victor :korea", ":battle", "+ :battle bg:victor :s1"),
    ("Battle-source/MinCount", "- :battle prov:wasDerivedFrom *", ":battle", ""),
    ("Battle-source/MaxCount", "+ :battle prov:wasDerivedFrom :article2 ; + :article2 a bg:Article", ":battle", ""),
    ("Battle-source/Class", "- :battle prov:wasDerivedFrom * ; + :battle prov:wasDerivedFrom :war", ":battle", ""),
    ("Battle-startDate/MaxCount", '+ :battle bg:startDate "1592"^^xsd:gYear', ":battle", ""),
    (
        "Battle-startDate/Or",
        '- :battle bg:startDate * ; + :battle bg:startDate "1592-11-08T00:00:00"^^xsd:dateTime',
        ":battle",
        '- :battle bg:startDate * ; + :battle bg:startDate "1592"^^xsd:gYear',
    ),
    ("Battle-twoSides/MinCount", "- :battle bg:side :s2", ":battle", ""),
    # start after end, compared across precisions: 1593 starts after 31 December 1592 ends
    (
        "Battle-startBeforeEnd/SPARQL",
        '- :battle bg:startDate * ; + :battle bg:startDate "1593"^^xsd:gYear ; '
        '- :battle bg:endDate * ; + :battle bg:endDate "1592-12-31"^^xsd:date',
        ":battle",
        '- :battle bg:startDate * ; + :battle bg:startDate "1592"^^xsd:gYear ; '
        '- :battle bg:endDate * ; + :battle bg:endDate "1592-01-01"^^xsd:date',
    ),
    (
        "Battle-startBeforeEnd/SPARQL#month",
        '- :battle bg:startDate * ; + :battle bg:startDate "1592-12"^^xsd:gYearMonth ; '
        '- :battle bg:endDate * ; + :battle bg:endDate "1592-11-30"^^xsd:date',
        ":battle",
        '- :battle bg:startDate * ; + :battle bg:startDate "1592-11"^^xsd:gYearMonth ; '
        '- :battle bg:endDate * ; + :battle bg:endDate "1592-11-01"^^xsd:date',
    ),
    (
        "Battle-startBeforeEnd/SPARQL#bce",
        '- :battle bg:startDate * ; + :battle bg:startDate "-0107"^^xsd:gYear ; '
        '- :battle bg:endDate * ; + :battle bg:endDate "-0108"^^xsd:gYear',
        ":battle",
        '- :battle bg:startDate * ; + :battle bg:startDate "-0108"^^xsd:gYear ; '
        '- :battle bg:endDate * ; + :battle bg:endDate "-0107"^^xsd:gYear',
    ),
    ("Battle-uniqueSideNumbers/SPARQL", "- :s2 bg:sideNumber * ; + :s2 bg:sideNumber 1", ":battle", ""),
    ("Battle-commanders/SPARQL", "- :s1 bg:commanderRole *", ":battle", ""),
    ("Belligerent-label/MinCount", "- :korea rdfs:label *", ":korea", ""),
    ("Belligerent-label/Datatype", '- :korea rdfs:label * ; + :korea rdfs:label "Korean army"@en', ":korea", ""),
    (
        "Shared-preferredName/SPARQL",
        '+ :korea rdfs:label "Korean Army"',
        ":korea",
        '+ :korea rdfs:label "Korean Army" ; + :korea skos:prefLabel "Korean army"',
    ),
    (
        "Shared-preferredName/SPARQL#person",
        '+ :ukita rdfs:label "Ukita Hide-ie"',
        ":ukita",
        '+ :ukita rdfs:label "Ukita Hide-ie" ; + :ukita skos:prefLabel "Ukita Hideie"',
    ),
    ("CommanderRole-fate/MaxCount", "+ :r1 bg:fate bg:WoundedInAction", ":r1", ""),
    (
        "CommanderRole-fate/In",
        "- :r1 bg:fate * ; + :r1 bg:fate bg:Killed",
        ":r1",
        "- :r1 bg:fate * ; + :r1 bg:fate bg:PrisonerOfWar",
    ),
    ("CommanderRole-group/MaxCount", '+ :r1 bg:group "Korea"', ":r1", ""),
    ("CommanderRole-group/Datatype", "- :r1 bg:group * ; + :r1 bg:group :korea", ":r1", ""),
    ("CommanderRole-person/MinCount", "- :r1 bg:person *", ":r1", ""),
    ("CommanderRole-belligerent/MaxCount", "+ :r1 bg:belligerent :korea", ":r1", ""),
    ("CommanderRole-belligerent/Class", "- :r1 bg:belligerent * ; + :r1 bg:belligerent :war", ":r1", ""),
    ("Side-combatantNames/MaxCount", '+ :s2 bg:combatantNames "Koreans"', ":s2", ""),
    ("Side-combatantNames/Datatype", "- :s2 bg:combatantNames * ; + :s2 bg:combatantNames :korea", ":s2", ""),
    ("Contingent-leaderNames/MinCount", "- :c1 bg:leaderNames *", ":c1", ""),
    ("Contingent-leaderNames/MaxCount", '+ :c1 bg:leaderNames "Ukita"', ":c1", ""),
    ("Contingent-leaderNames/Datatype", '- :c1 bg:leaderNames * ; + :c1 bg:leaderNames "Ukita"@en', ":c1", ""),
    ("Side-personnel/MaxCount", "+ :s1 bg:personnel :k1", ":s1", ""),
    ("Side-personnel/Class", "- :s1 bg:personnel * ; + :s1 bg:personnel :q1", ":s1", ""),
    ("Side-casualtyTotal/Class", "+ :s2 bg:casualtyTotal :q2", ":s2", ""),
    ("DerivedQuantity-minValue/MinCount", "- :p1 bg:minValue *", ":p1", ""),
    ("DerivedQuantity-minValue/MaxCount", "+ :p1 bg:minValue 150", ":p1", ""),
    ("DerivedQuantity-minValue/Datatype", '- :p1 bg:minValue * ; + :p1 bg:minValue "100"', ":p1", ""),
    ("DerivedQuantity-minValue/MinInclusive", "- :p1 bg:minValue * ; + :p1 bg:minValue -1", ":p1", ""),
    ("DerivedQuantity-maxValue/MinCount", "- :p1 bg:maxValue *", ":p1", ""),
    ("DerivedQuantity-maxValue/MaxCount", "+ :p1 bg:maxValue 250", ":p1", ""),
    ("DerivedQuantity-maxValue/Datatype", '- :p1 bg:maxValue * ; + :p1 bg:maxValue "200"', ":p1", ""),
    (
        "DerivedQuantity-maxValue/MinInclusive",
        "- :k1 bg:minValue * ; - :k1 bg:maxValue * ; + :k1 bg:minValue -2 ; + :k1 bg:maxValue -1",
        ":k1",
        "- :k1 bg:minValue * ; - :k1 bg:maxValue * ; + :k1 bg:minValue 0 ; + :k1 bg:maxValue 0",
    ),
    (
        "DerivedQuantity-bounds/LessThanOrEquals",
        "- :p1 bg:minValue * ; + :p1 bg:minValue 300",
        ":p1",
        "- :p1 bg:minValue * ; + :p1 bg:minValue 200",
    ),
    ("DerivedQuantity-category/MinCount", "- :k1 bg:category *", ":k1", ""),
    ("DerivedQuantity-category/MaxCount", "+ :k1 bg:category bg:Wounded", ":k1", ""),
    ("DerivedQuantity-category/In", "- :p1 bg:category * ; + :p1 bg:category bg:Ships", ":p1", ""),
    ("DerivedQuantity-sources/MinCount", "- :k1 prov:wasDerivedFrom *", ":k1", ""),
    ("DerivedQuantity-sources/Class", "+ :k1 prov:wasDerivedFrom :korea", ":k1", ""),
    ("CommanderRole-person/MaxCount", '+ :r1 bg:person :kim ; + :kim a bg:Person ; + :kim rdfs:label "Kim"', ":r1", ""),
    ("CommanderRole-person/Class", "- :r1 bg:person * ; + :r1 bg:person :korea", ":r1", ""),
    (
        "CommanderRole-kiaUndated/SPARQL",
        "- :battle bg:startDate * ; - :battle bg:endDate *",
        ":r1",
        "- :battle bg:startDate * ; - :battle bg:endDate * ; - :r1 bg:fate *",
    ),
    ("Contingent-ledBy/MinCount", "- :c1 bg:ledBy *", ":c1", ""),
    ("Contingent-ledBy/Class", "+ :c1 bg:ledBy :korea", ":c1", ""),
    ("Contingent-size/MinCount", "- :c1 bg:size *", ":c1", ""),
    ("Contingent-size/MaxCount", "+ :c1 bg:size :q1", ":c1", ""),
    ("Contingent-size/Class", "- :c1 bg:size * ; + :c1 bg:size :korea", ":c1", ""),
    ("Person-label/MinCount", "- :ukita rdfs:label *", ":ukita", ""),
    ("Person-label/Datatype", '- :ukita rdfs:label * ; + :ukita rdfs:label "宇喜多秀家"@ja', ":ukita", ""),
    ("Place-label/MinCount", "- :place rdfs:label *", ":place", ""),
    ("Place-label/Datatype", "- :place rdfs:label * ; + :place rdfs:label 5", ":place", ""),
    (
        "Quantity-bounds/LessThanOrEquals",
        "- :q1 bg:minValue * ; + :q1 bg:minValue 300",
        ":q1",
        "- :q1 bg:minValue * ; + :q1 bg:minValue 200",
    ),
    ("Quantity-category/MinCount", "- :q2 bg:category *", ":q2", ""),
    ("Quantity-category/MaxCount", "+ :q2 bg:category bg:Wounded", ":q2", ""),
    ("Quantity-category/In", "- :q2 bg:category * ; + :q2 bg:category bg:KilledInAction", ":q2", ""),
    ("Quantity-maxValue/MaxCount", "+ :q1 bg:maxValue 250", ":q1", ""),
    ("Quantity-maxValue/Datatype", '- :q1 bg:maxValue * ; + :q1 bg:maxValue "200"', ":q1", ""),
    (
        "Quantity-maxValue/MinInclusive",
        "- :q2 bg:minValue * ; + :q2 bg:maxValue -1",
        ":q2",
        "- :q2 bg:minValue * ; + :q2 bg:maxValue 0",
    ),
    ("Quantity-minValue/MaxCount", "+ :q2 bg:minValue 40", ":q2", ""),
    ("Quantity-minValue/Datatype", '- :q2 bg:minValue * ; + :q2 bg:minValue "30"^^xsd:decimal', ":q2", ""),
    (
        "Quantity-minValue/MinInclusive",
        "- :q2 bg:minValue * ; + :q2 bg:minValue -5",
        ":q2",
        "- :q2 bg:minValue * ; + :q2 bg:minValue 0",
    ),
    ("Quantity-sourceText/MinCount", "- :q2 bg:sourceText *", ":q2", ""),
    ("Quantity-sourceText/MaxCount", '+ :q2 bg:sourceText "30 dead"', ":q2", ""),
    ("Quantity-sourceText/Datatype", "- :q2 bg:sourceText * ; + :q2 bg:sourceText 30", ":q2", ""),
    ("Quantity-unit/MaxCount", '+ :q2 bg:unit "dead"', ":q2", ""),
    ("Quantity-unit/Datatype", '- :q2 bg:unit * ; + :q2 bg:unit "troops"@en', ":q2", ""),
    ("Side-casualties/Class", "+ :s2 bg:casualties :korea", ":s2", ""),
    ("Side-combatant/MinCount", "- :s2 bg:combatant *", ":s2", ""),
    ("Side-combatant/Class", "+ :s2 bg:combatant :ukita", ":s2", ""),
    ("Side-commanderRole/Class", "+ :s2 bg:commanderRole :ukita", ":s2", ""),
    ("Side-contingent/Class", "+ :s2 bg:contingent :q1", ":s2", ""),
    ("Side-number/MinCount", "- :s2 bg:sideNumber *", ":s2", ""),
    ("Side-number/MaxCount", "+ :s2 bg:sideNumber 3", ":s2", ""),
    ("Side-number/Datatype", '- :s2 bg:sideNumber * ; + :s2 bg:sideNumber "2"^^xsd:decimal', ":s2", ""),
    ("Side-number/MinInclusive", "- :s2 bg:sideNumber * ; + :s2 bg:sideNumber 0", ":s2", ""),
    ("Side-statedTotal/Class", "+ :s2 bg:statedTotal :c1", ":s2", ""),
    ("Side-strength/Class", "+ :s2 bg:strength :korea", ":s2", ""),
    # the seeds' case: contingents that do not add up to the stated total
    (
        "Side-contingentsAddUp/SPARQL",
        "- :t1 bg:minValue * ; + :t1 bg:minValue 150",
        ":s1",
        "+ :s1 bg:contingent :c2 ; + :c2 a bg:Contingent ; + :c2 bg:ledBy :ukita ; + :c2 bg:size :c2size ; "
        '+ :c2size a bg:Quantity ; + :c2size bg:minValue 50 ; + :c2size bg:unit "soldiers" ; '
        '+ :c2size bg:category bg:Personnel ; + :c2size bg:sourceText "50 soldiers" ; '
        "- :t1 bg:minValue * ; + :t1 bg:minValue 150",
    ),
    ("War-label/MinCount", "- :war rdfs:label *", ":war", ""),
    ("War-label/Datatype", "- :war rdfs:label * ; + :war rdfs:label :korea", ":war", ""),
]

EX = "https://example.org/id/"


def patched(patch: str) -> Graph:
    graph = Graph().parse(data=BASE, format="turtle")
    for operation in filter(None, (op.strip() for op in patch.split(" ; "))):
        sign, rest = operation[0], operation[1:].strip()
        subject, predicate, obj = rest.split(" ", 2)
        if sign == "-" and obj == "*":
            parsed_one = Graph().parse(data=f"{PREFIXES}{subject} {predicate} <urn:x> .", format="turtle")
            ((s, p, _),) = parsed_one
            graph.remove((s, p, None))
            continue
        parsed = Graph().parse(data=f"{PREFIXES}{subject} {predicate} {obj} .", format="turtle")
        for triple in parsed:
            (graph.remove if sign == "-" else graph.add)(triple)
    return graph


def store_of(graph: Graph) -> Store:
    store = Store()
    store.load(graph.serialize(format="nt").encode("utf-8"), format=__import__("pyoxigraph").RdfFormat.N_TRIPLES)
    return store


def key(finding: Finding) -> tuple[str | None, ...]:
    name = (finding.constraint or finding.shape).rsplit("#", 1)[-1]
    component = finding.component.rsplit("#", 1)[-1].replace("ConstraintComponent", "")
    value = finding.value if finding.constraint is None else None
    return (name, component, finding.severity, finding.focus, finding.path, value)


def ours(graph: Graph) -> list[Finding]:
    return run_checks(store_of(graph), shape_checks())


def test_base_graph_passes_every_shape() -> None:
    assert ours(patched("")) == []
    assert pyshacl_findings(store_of(patched(""))) == []


def test_every_constraint_has_a_fixture() -> None:
    covered = {name.split("#")[0] for name, *_ in FIXTURES}
    checks = {
        f"{(c.constraint or c.shape).rsplit('#', 1)[-1]}/"
        f"{c.component.rsplit('#', 1)[-1].replace('ConstraintComponent', '')}"
        for c in shape_checks()
    }
    assert checks - covered == set()
    assert covered - checks == set()


@pytest.mark.parametrize(("name", "fail", "focus", "passing"), FIXTURES, ids=[f[0] for f in FIXTURES])
def test_shape_fixture(name: str, fail: str, focus: str, passing: str) -> None:
    shape, component = name.split("#")[0].split("/")

    def hits(findings: list[Finding]) -> list[str]:
        return sorted(
            f.focus
            for f in findings
            if (f.constraint or f.shape).rsplit("#", 1)[-1] == shape
            and f.component.endswith(f"#{component}ConstraintComponent")
        )

    failing_graph, passing_graph = patched(fail), patched(passing)
    failing, passing_findings = ours(failing_graph), ours(passing_graph)
    assert hits(failing) == [EX + focus[1:]]
    assert hits(passing_findings) == []
    # the reference engine agrees on everything, not only on the shape under test
    for graph, findings in ((failing_graph, failing), (passing_graph, passing_findings)):
        reference = pyshacl_findings(store_of(graph))
        assert Counter(map(key, findings)) == Counter(map(key, reference))


def test_injected_errors_are_each_named() -> None:
    graph = patched(
        "- :q1 bg:minValue * ; + :q1 bg:minValue -50 ; "
        '- :battle bg:endDate * ; + :battle bg:endDate "1592-10-01"^^xsd:date ; '
        "- :r1 bg:person *"
    )
    found = {(f.focus, f.component.rsplit("#", 1)[-1]) for f in ours(graph) if f.severity == "Violation"}
    assert found == {
        (EX + "q1", "MinInclusiveConstraintComponent"),
        (EX + "battle", "SPARQLConstraintComponent"),
        (EX + "r1", "MinCountConstraintComponent"),
    }


def test_subclass_instances_are_targets_too() -> None:
    graph = patched("- :war a bg:War ; + :war a :Campaign ; + :Campaign rdfs:subClassOf bg:War ; - :war rdfs:label *")
    assert [f.focus for f in ours(graph) if f.shape.endswith("War-label")] == [EX + "war"]
    assert URIRef(EX + "war") in {s for s, _, _ in graph}


def test_a_literal_sh_class_flags_every_value_as_pyshacl_does(tmp_path: Path) -> None:
    """A user's shapes may name a class by a literal by mistake: no instance can match it, and validation goes on."""
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<urn:shape> a sh:NodeShape ; sh:targetClass <urn:Battle> ;\n"
        '  sh:property [ sh:path <urn:place> ; sh:class "Place" ] .\n',
        encoding="utf-8",
    )
    data = "<urn:b> <urn:type> <urn:Battle> .\n<urn:b> <urn:place> <urn:p> .\n<urn:p> <urn:type> <urn:Place> .\n"
    data = data.replace("<urn:type>", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>")
    store = Store()
    store.load(data.encode("utf-8"), format=RdfFormat.N_TRIPLES)
    found = run_checks(store, compile_shapes(load_shapes(shapes)))
    assert [(f.focus, f.value) for f in found] == [("urn:b", "<urn:p>")]
    expected = pyshacl_findings(store, shapes=shapes)
    assert [(f.focus, f.value) for f in expected] == [("urn:b", "<urn:p>")]
