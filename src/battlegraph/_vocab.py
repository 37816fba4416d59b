"""Every IRI battlegraph writes or reads, as pyoxigraph terms: the one vocabulary of the code.

``BG.Battle`` is the ontology's class, ``RDFS.label`` the label property; a
namespace also mints terms by name (``BG("minValue")``). Mapping, validation,
queries and publishing all take their terms from here, and serialisers take
:data:`PREFIXES`.
"""

from __future__ import annotations

from typing import Final

from pyoxigraph import NamedNode


class Namespace:
    """A namespace IRI; attribute access and calls give its terms as :class:`NamedNode` s, made once."""

    def __init__(self, iri: str) -> None:
        self.iri = iri
        self._terms: dict[str, NamedNode] = {}

    def __call__(self, local: str) -> NamedNode:
        term = self._terms.get(local)
        if term is None:
            term = self._terms[local] = NamedNode(self.iri + local)
        return term

    def __getattr__(self, local: str) -> NamedNode:
        if local.startswith("_"):
            raise AttributeError(local)
        term = self(local)
        setattr(self, local, term)  # later look-ups find the attribute and skip this method
        return term

    def __contains__(self, term: object) -> bool:
        return isinstance(term, NamedNode) and term.value.startswith(self.iri)

    def local(self, term: NamedNode) -> str:
        """The local name of a term of this namespace."""
        return term.value[len(self.iri) :]

    def __str__(self) -> str:
        return self.iri


ONTOLOGY_IRI: Final = "https://w3id.org/battlegraph/ontology#"

BG = Namespace(ONTOLOGY_IRI)
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
PROV = Namespace("http://www.w3.org/ns/prov#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
SCHEMA = Namespace("https://schema.org/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
CRM = Namespace("http://www.cidoc-crm.org/cidoc-crm/")
DBO = Namespace("http://dbpedia.org/ontology/")
DCTERMS = Namespace("http://purl.org/dc/terms/")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
VOID = Namespace("http://rdfs.org/ns/void#")
SH = Namespace("http://www.w3.org/ns/shacl#")

TYPE: Final = RDF.type
LABEL: Final = RDFS.label

#: The prefixes every serialisation declares, in a stable order.
PREFIXES: Final[dict[str, str]] = {
    "bg": BG.iri,
    "crm": CRM.iri,
    "dbo": DBO.iri,
    "dcterms": DCTERMS.iri,
    "foaf": FOAF.iri,
    "owl": OWL.iri,
    "prov": PROV.iri,
    "rdf": RDF.iri,
    "rdfs": RDFS.iri,
    "schema": SCHEMA.iri,
    "sem": SEM.iri,
    "sh": SH.iri,
    "skos": SKOS.iri,
    "xsd": XSD.iri,
}

#: The classes of resources that articles share, keyed across the whole graph.
SHARED_CLASSES: Final = ("Person", "War", "Place", "Belligerent")
