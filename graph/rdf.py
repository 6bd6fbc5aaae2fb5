"""RDF form of the graph data: export typed by the ontology, SHACL validation, import.

Mapping (the ontology's namespace ``ie:`` = https://iegraph.dev/ontology#, instances under
https://iegraph.dev/id/):

* a node → ``<id/{percent-encoded key}>`` typed with its class **and every superclass** up to
  ``ie:Entity`` (``ie:University``, ``ie:Institution``, ``ie:Entity``), so that a query over the
  export alone — no ontology loaded, no reasoner — finds each node under all its classes; the
  class hierarchy itself is not repeated in the export (it is in ``iegraph.ttl``). Each store property → ``ie:{property}`` literal(s) with the datatype the ontology declares
  (lists become one triple per item); its name and aliases → ``rdfs:label``,
  ``skos:prefLabel`` / ``skos:altLabel`` with language tags (``zh-Hans``, ``zh-Hant`` — the
  other script's form is added — or ``en``); ``prov:wasDerivedFrom`` each of its sources; an
  Industry/Concept node with a ``concept_id`` → ``skos:exactMatch ie:{concept_id}``.
* a relationship → the triple ``<start> ie:{TYPE} <end>`` plus a reified statement
  ``<id/rel/{hash}>`` (``rdf:Statement``, ``prov:Entity``) carrying its properties and its
  provenance: ``prov:wasDerivedFrom`` each source and each evidence entity
  ``<id/evidence/{hash}>`` (``prov:value`` the sentence or row, ``ie:locator``,
  ``prov:wasAttributedTo`` the extractor as a ``prov:SoftwareAgent``, ``dcterms:source`` its URL).
  Statements and evidence are never ``ie:Entity``: every ``ie:`` property they carry has a
  domain that includes ``rdf:Statement`` (or none), so RDFS reasoning over export + ontology
  infers no false class membership.

Import reads only the typed nodes, their ``ie:`` literals and the relation triples with their
statements; labels and the decomposed provenance are derived, so store → RDF → empty store →
RDF is isomorphic.

Example:
    >>> from iegraph.graph.rdf import export_rdf, import_rdf, validate_rdf
    >>> ttl = export_rdf(store, schema, "turtle")
    >>> conforms, report = validate_rdf(rdflib.Graph().parse(data=ttl, format="turtle"))
    >>> import_rdf(other_store, schema, ttl, "turtle")
    (12, 30)
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from iegraph.graph.base import node_props_out
from iegraph.graph.model import Node, NodeRecord, Relationship, RelRecord, Subgraph
from iegraph.ontology.errors import OntologyError, ValidationError
from iegraph.ontology.lang import tagged_forms
from iegraph.ontology.schema import DATA_NAMESPACE, NAMESPACE, SHAPES_FILE

if TYPE_CHECKING:
    from iegraph.graph.store import GraphStore
    from iegraph.ontology.model import PropertyDef
    from iegraph.ontology.schema import Schema

IE = Namespace(NAMESPACE)
ID = Namespace(DATA_NAMESPACE)
PROV = Namespace("http://www.w3.org/ns/prov#")
PREFIXES: dict[str, Any] = {
    "ie": IE,
    "prov": PROV,
    "skos": SKOS,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "dcterms": DCTERMS,
}

#: accepted format names → rdflib serializer/parser names
FORMATS = {
    "turtle": "turtle",
    "ttl": "turtle",
    "json-ld": "json-ld",
    "jsonld": "json-ld",
    "nt": "nt",
    "ntriples": "nt",
    "n-triples": "nt",
    "xml": "xml",
    "rdfxml": "xml",
}
MEDIA_TYPES = {
    "turtle": "text/turtle",
    "json-ld": "application/ld+json",
    "nt": "application/n-triples",
    "xml": "application/rdf+xml",
}

# the project's own trusted Cypher (portable to both engines); keyset-paged so that a large
# graph is read in bounded batches
Q_NODES_PAGE = (
    "MATCH (n:Entity) WHERE n.key > $after RETURN n.key, labels(n), properties(n) "
    "ORDER BY n.key LIMIT $limit"
)
Q_OUT_RELS = (
    "UNWIND $keys AS k MATCH (a:Entity {key: k})-[r]->(b:Entity) "
    "RETURN a.key, type(r), b.key, properties(r)"
)
PAGE = 5_000

_YEAR = re.compile(r"^\d{4}$")
_YEAR_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_DATE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")
_SAFE = ":-._~"  # kept readable in IRIs; everything else (CJK, '/', '#', spaces) percent-encoded


# -- IRIs ---------------------------------------------------------------------------------------
def node_iri(key: str) -> URIRef:
    """IRI of the node with this key: ``https://iegraph.dev/id/`` + percent-encoded key."""
    return URIRef(f"{DATA_NAMESPACE}{quote(key, safe=_SAFE)}")


def key_of(iri: object) -> str | None:
    """The node key an instance IRI encodes, or None for an IRI outside the data namespace."""
    s = str(iri)
    if not s.startswith(DATA_NAMESPACE):
        return None
    return unquote(s[len(DATA_NAMESPACE) :])


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:24]


def statement_iri(start: str, rel_type: str, end: str) -> URIRef:
    return URIRef(f"{DATA_NAMESPACE}rel/{_digest(start, rel_type, end)}")


# -- literals -----------------------------------------------------------------------------------
def _date_literal(v: str) -> Literal:
    if _DATE.match(v):
        return Literal(v, datatype=XSD.date)
    if _YEAR_MONTH.match(v):
        return Literal(v, datatype=XSD.gYearMonth)
    if _YEAR.match(v):
        return Literal(v, datatype=XSD.gYear)
    return Literal(v)  # not an ISO date: left untyped so that SHACL reports it


def _decimal_lexical(v: Any) -> str | None:
    try:
        d = Decimal(str(v))
    except (InvalidOperation, ValueError):
        return None
    # one lexical form per value ("1" and "1.0" would be different RDF terms)
    return format(d.normalize(), "f")


def to_literal(value: Any, datatype: str | None) -> Literal:
    """A store value as an RDF literal of the declared ``datatype`` (None: from the value)."""
    if datatype == "date" and isinstance(value, str):
        return _date_literal(value)
    if datatype == "integer":
        if isinstance(value, bool):
            return Literal(str(value).lower(), datatype=XSD.integer)
        try:
            return Literal(int(value), datatype=XSD.integer)
        except (TypeError, ValueError):
            return Literal(str(value), datatype=XSD.integer)  # ill-typed: SHACL reports it
    if datatype == "decimal":
        lex = _decimal_lexical(value)
        return Literal(lex if lex is not None else str(value), datatype=XSD.decimal)
    if datatype == "boolean":
        return Literal(bool(value), datatype=XSD.boolean)
    if datatype == "anyURI":
        return Literal(str(value), datatype=XSD.anyURI)
    if datatype == "string":
        return Literal(str(value))
    # undeclared property: keep the Python type so import gives the same value back
    if isinstance(value, bool):
        return Literal(value, datatype=XSD.boolean)
    if isinstance(value, int):
        return Literal(value, datatype=XSD.integer)
    if isinstance(value, float):
        return Literal(repr(value), datatype=XSD.double)
    return Literal(str(value))


def from_literal(lit: Literal, datatype: str | None) -> Any:
    """The store value of a literal (inverse of :func:`to_literal`)."""
    lex = str(lit)
    if datatype in ("string", "date", "anyURI"):
        return lex
    dt = lit.datatype
    if datatype == "integer" or (datatype is None and dt == XSD.integer):
        try:
            return int(lex)
        except ValueError:
            return lex
    if datatype == "decimal" or (datatype is None and dt in (XSD.decimal, XSD.double)):
        try:
            return float(lex)
        except ValueError:
            return lex
    if datatype == "boolean" or (datatype is None and dt == XSD.boolean):
        return lex.strip().lower() in ("true", "1")
    return lex


# -- reading the store ----------------------------------------------------------------------------
def read_store(store: GraphStore) -> Subgraph:
    """Every node and relationship of the store, read in keyset-paged batches."""
    nodes: list[Node] = []
    after = ""
    while True:
        res = store.run(Q_NODES_PAGE, {"after": after, "limit": PAGE})
        if not res.rows:
            break
        for key, labels, props in res.rows:
            nodes.append(Node(key=key, labels=list(labels), props=node_props_out(props or {})))
        after = res.rows[-1][0]
        if len(res.rows) < PAGE:
            break
    rels: list[Relationship] = []
    keys = [n.key for n in nodes]
    for i in range(0, len(keys), PAGE):
        res = store.run(Q_OUT_RELS, {"keys": keys[i : i + PAGE]})
        for s, t, e, props in res.rows:
            rels.append(Relationship(type=t, start=s, end=e, props=node_props_out(props or {})))
    return Subgraph(nodes=nodes, relationships=rels)


# -- export ---------------------------------------------------------------------------------------
def node_class(node: Node, schema: Schema) -> str | None:
    """Most specific ontology class of a node: its ``class`` property, else its deepest label."""
    cls = node.props.get("class")
    if isinstance(cls, str) and cls in schema.classes:
        return cls
    known = [lb for lb in node.labels if lb in schema.classes]
    if not known:
        return None
    return max(known, key=lambda c: len(schema.ancestors(c)))


def _prop_types(schema: Schema, cls: str | None) -> dict[str, PropertyDef]:
    if cls is None:
        return {}
    return {p.name: p for p in schema.classes[cls].properties}


def _relation_prop_types(schema: Schema) -> dict[str, str]:
    # relationship properties share the names (and datatypes) of the node properties
    out: dict[str, str] = {}
    for c in schema.classes.values():
        for p in c.properties:
            out.setdefault(p.name, p.datatype)
    return out


def _values(v: Any) -> list[Any]:
    if v is None:
        return []
    if isinstance(v, (list, tuple)):
        return [x for x in v if x is not None]
    return [v]


class _Triples(list[tuple[Any, Any, Any]]):
    """Collects triples through the same ``add`` call a Graph has (rdflib's Graph.add costs
    about 0.15 ms a triple here; a list append is free, and duplicates are dropped later)."""

    def add(self, triple: tuple[Any, Any, Any]) -> None:
        self.append(triple)


def triples(sub: Subgraph, schema: Schema) -> list[tuple[Any, Any, Any]]:
    """The RDF triples of a set of nodes and relationships, in a stable order, no duplicates."""
    out = _Triples()
    for n in sorted(sub.nodes, key=lambda n: n.key):
        _add_node(out, n, schema)  # type: ignore[arg-type]
    rtypes = _relation_prop_types(schema)
    for r in sorted(sub.relationships, key=lambda r: (r.start, r.type, r.end)):
        _add_relationship(out, r, schema, rtypes)  # type: ignore[arg-type]
    return list(dict.fromkeys(out))


def to_graph(sub: Subgraph, schema: Schema) -> Graph:
    """The RDF graph of a set of nodes and relationships (see the module docstring)."""
    g = _new_graph()
    g.addN((s, p, o, g) for s, p, o in triples(sub, schema))
    return g


def _new_graph() -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    return g


def _add_node(g: Graph, n: Node, schema: Schema) -> None:
    s = node_iri(n.key)
    cls = node_class(n, schema)
    # every class of the node, most specific first, up to ie:Entity: SPARQL and SHACL over the
    # export alone (without the ontology or a reasoner) see each node in all its classes
    for c in [*schema.ancestors(cls), "Entity"] if cls else ["Entity"]:
        g.add((s, RDF.type, IE[c]))
    if cls == "Source":
        g.add((s, RDF.type, PROV.Entity))
    types = _prop_types(schema, cls)
    props = dict(n.props)
    props["key"] = n.key
    for k, v in props.items():
        pdef = types.get(k)
        for item in _values(v):
            g.add((s, IE[quote(k, safe="_")], to_literal(item, pdef.datatype if pdef else None)))
    name = props.get("name")
    if isinstance(name, str) and name:
        g.add((s, RDFS.label, Literal(name)))
        pref_langs = set()
        for form, lang in tagged_forms(name):
            g.add((s, SKOS.prefLabel, Literal(form, lang=lang)))
            pref_langs.add((form, lang))
        for alias in _values(props.get("aliases")):
            if isinstance(alias, str) and alias:
                for form, lang in tagged_forms(alias)[:1]:
                    if (form, lang) not in pref_langs:
                        g.add((s, SKOS.altLabel, Literal(form, lang=lang)))
    for src in _values(props.get("source_ids")):
        if src != n.key:
            g.add((s, PROV.wasDerivedFrom, node_iri(str(src))))
    cid = props.get("concept_id")
    if isinstance(cid, str) and cid in schema.concepts:
        g.add((s, SKOS.exactMatch, IE[cid]))


def _add_relationship(g: Graph, r: Relationship, schema: Schema, rtypes: dict[str, str]) -> None:
    s, o = node_iri(r.start), node_iri(r.end)
    pred = IE[r.type]
    g.add((s, pred, o))
    st = statement_iri(r.start, r.type, r.end)
    g.add((st, RDF.type, RDF.Statement))
    g.add((st, RDF.type, PROV.Entity))
    g.add((st, RDF.subject, s))
    g.add((st, RDF.predicate, pred))
    g.add((st, RDF.object, o))
    for k, v in r.props.items():
        for item in _values(v):
            g.add((st, IE[quote(k, safe="_")], to_literal(item, rtypes.get(k))))
    for src in _values(r.props.get("source_ids")):
        g.add((st, PROV.wasDerivedFrom, node_iri(str(src))))
    for raw in _values(r.props.get("evidence")):
        _add_evidence(g, st, str(raw))


def _add_evidence(g: Graph, st: URIRef, raw: str) -> None:
    """One evidence entry as a prov:Entity the statement was derived from."""
    ev = URIRef(f"{DATA_NAMESPACE}evidence/{_digest(raw)}")
    g.add((st, PROV.wasDerivedFrom, ev))
    g.add((ev, RDF.type, PROV.Entity))
    try:
        e = json.loads(raw)
    except (json.JSONDecodeError, TypeError):
        g.add((ev, PROV.value, Literal(raw)))
        return
    if not isinstance(e, dict):
        return
    if e.get("source"):
        g.add((ev, PROV.wasDerivedFrom, node_iri(str(e["source"]))))
    if e.get("text"):
        g.add((ev, PROV.value, Literal(str(e["text"]))))
    if e.get("locator"):
        g.add((ev, IE.locator, Literal(str(e["locator"]))))
    if e.get("extractor"):
        agent = URIRef(f"{DATA_NAMESPACE}agent/{quote(str(e['extractor']), safe=_SAFE)}")
        g.add((ev, PROV.wasAttributedTo, agent))
        g.add((agent, RDF.type, PROV.SoftwareAgent))
        g.add((agent, RDFS.label, Literal(str(e["extractor"]))))
    if e.get("source_url"):
        # dcterms:source, not ie:source_urls: that property's domain is ie:Entity, and an
        # RDFS reasoner would make every piece of evidence an entity
        g.add((ev, DCTERMS.source, Literal(str(e["source_url"]), datatype=XSD.anyURI)))


def _format_name(fmt: str) -> str:
    name = FORMATS.get(fmt.lower())
    if name is None:
        raise ValidationError(
            f"unknown RDF format {fmt!r}", hint=f"use one of {', '.join(sorted(set(FORMATS)))}"
        )
    return name


def serialize(g: Graph, fmt: str = "turtle") -> str:
    """``g`` in one of :data:`FORMATS` (text)."""
    name = _format_name(fmt)
    if name == "json-ld":
        ctx = {k: str(v) for k, v in PREFIXES.items()}
        return g.serialize(format="json-ld", context=ctx, auto_compact=True)
    if name in ("turtle", "nt"):
        return write_triples(list(g), name)
    return g.serialize(format=name)


_PN_LOCAL = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _literal(lit: Literal, prefixed: bool) -> str:
    # one-line "…" with N-Triples escapes: valid in both N-Triples and Turtle (rdflib's n3()
    # switches to Turtle's """long strings""", which N-Triples does not allow)
    body = '"' + str(lit).translate(_ESCAPES) + '"'
    if lit.language:
        return f"{body}@{lit.language}"
    if lit.datatype is not None:
        return f"{body}^^{_n3(lit.datatype, prefixed)}"
    return body


def _n3(term: Any, prefixed: bool) -> str:
    if isinstance(term, Literal):
        return _literal(term, prefixed)
    if prefixed and isinstance(term, URIRef):
        t = str(term)
        for prefix, ns in PREFIXES.items():
            if t.startswith(str(ns)) and _PN_LOCAL.match(t[len(str(ns)) :]):
                return f"{prefix}:{t[len(str(ns)) :]}"
    return str(term.n3())


def write_triples(trips: list[tuple[Any, Any, Any]], fmt: str = "turtle") -> str:
    """N-Triples or Turtle text, written directly: rdflib's Turtle serializer took 5.2 s for
    the 16,000 triples of the sample graph here, this takes a fraction of that. Turtle groups
    by subject (sorted) with the project's prefixes; both parse back to the same graph."""
    if fmt == "nt":
        return "".join(
            f"{_n3(s, False)} {_n3(p, False)} {_n3(o, False)} .\n" for s, p, o in sorted(trips)
        )
    by_subject: dict[Any, dict[Any, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in trips:
        by_subject[s][p].append(o)
    lines = [f"@prefix {k}: <{v}> ." for k, v in PREFIXES.items()]
    lines.append("")
    for s in sorted(by_subject, key=lambda x: (isinstance(x, BNode), str(x))):
        preds = by_subject[s]
        parts = []
        for p in sorted(preds, key=lambda x: (x != RDF.type, str(x))):
            objs = ", ".join(_n3(o, True) for o in sorted(preds[p], key=str))
            parts.append(f"{'a' if p == RDF.type else _n3(p, True)} {objs}")
        lines.append(f"{_n3(s, True)}\n    " + " ;\n    ".join(parts) + " .\n")
    return "\n".join(lines)


def export_rdf(
    store: GraphStore | None, schema: Schema, fmt: str = "turtle", subgraph: Subgraph | None = None
) -> str:
    """The graph (or ``subgraph``) as RDF text typed by the ontology.

    Args:
        store: the store to read when no ``subgraph`` is given (None with a ``subgraph``).
        schema: the compiled ontology.
        fmt: ``turtle``/``ttl``, ``json-ld``/``jsonld``, ``nt`` or ``xml``.
        subgraph: export only these nodes and relationships.

    Example:
        >>> ttl = export_rdf(store, load_schema(), "ttl")
        >>> ttl.startswith("@prefix")
        True
    """
    if subgraph is None and store is None:
        raise ValidationError(
            "export_rdf needs a store or a subgraph",
            hint="pass the open store, or the Subgraph to export",
        )
    sub = subgraph if subgraph is not None else read_store(store)  # type: ignore[arg-type]
    name = _format_name(fmt)
    if name in ("turtle", "nt"):
        return write_triples(triples(sub, schema), name)
    return serialize(to_graph(sub, schema), name)


# -- validation ---------------------------------------------------------------------------------
@lru_cache(maxsize=4)
def _shapes(shapes_file: str) -> Graph:
    from iegraph.ontology.rdfutil import parse_turtle

    return parse_turtle(Path(shapes_file))


def class_hierarchy(schema: Schema) -> Graph:
    """``rdfs:subClassOf`` triples of the compiled schema: what pySHACL needs to follow
    ``sh:class`` / ``sh:targetClass`` to subclasses. Built from the schema (not by mixing in the
    whole ontology file, whose Industry concepts would otherwise be validated as data), so a
    class added to the Turtle validates with no code change."""
    g = Graph()
    for c in schema.classes.values():
        g.add((IE[c.name], RDFS.subClassOf, IE[c.parent] if c.parent else IE.Entity))
    return g


def validate_rdf(
    graph: Graph, schema: Schema | None = None, *, shapes_file: str | Path | None = None
) -> tuple[bool, str]:
    """Check instance RDF against the ontology's SHACL shapes with pySHACL.

    Args:
        graph: the instance data.
        schema: the compiled ontology (default: :func:`ontology.schema.load_schema`).
        shapes_file: the SHACL file (default: the packaged ``ontology/shapes.ttl``).

    Returns:
        ``(conforms, report_text)``.

    Example:
        >>> ok, report = validate_rdf(to_graph(read_store(store), schema), schema)
        >>> ok
        True
    """
    from pyshacl import validate

    if schema is None:
        from iegraph.ontology.schema import load_schema

        schema = load_schema()
    shapes = _shapes(str(shapes_file or SHAPES_FILE))
    conforms, _, text = validate(
        graph,
        shacl_graph=shapes,
        ont_graph=class_hierarchy(schema),
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
    )
    return bool(conforms), str(text)


# -- import -------------------------------------------------------------------------------------
def parse_rdf(data: str | bytes, fmt: str = "turtle") -> Graph:
    name = FORMATS.get(fmt.lower())
    if name is None:
        raise ValidationError(
            f"unknown RDF format {fmt!r}", hint=f"use one of {', '.join(sorted(set(FORMATS)))}"
        )
    g = Graph()
    try:
        g.parse(data=data, format=name)
    except Exception as e:
        from iegraph.ontology.rdfutil import bad_syntax_line

        line = bad_syntax_line(e) if hasattr(e, "_str") else None
        where = f" at line {line}" if line else ""
        raise ValidationError(
            f"the {name} data does not parse{where}: {e}",
            hint=f"check that the data is valid {name}",
        ) from e
    return g


def from_graph(g: Graph, schema: Schema) -> tuple[list[NodeRecord], list[RelRecord]]:
    """Node and relationship records from instance RDF (the inverse of :func:`to_graph`)."""
    class_iris: dict[Any, str] = {IE[c]: c for c in schema.classes}
    nodes: list[NodeRecord] = []
    keys: dict[Any, str] = {}
    for s in sorted(set(g.subjects(RDF.type, None)), key=str):
        if not isinstance(s, URIRef):
            continue
        classes = [class_iris[t] for t in g.objects(s, RDF.type) if t in class_iris]
        if not classes:
            continue
        cls = max(classes, key=lambda c: len(schema.ancestors(c)))
        key_lit = g.value(s, IE.key)
        key = str(key_lit) if key_lit is not None else key_of(s)
        if not key:
            raise ValidationError(
                f"node {s} has no ie:key and is outside {DATA_NAMESPACE}",
                hint="give every node an ie:key literal",
            )
        keys[s] = key
        types = _prop_types(schema, cls)
        props = _literal_props(
            g, s, {k: p.datatype for k, p in types.items()}, {k for k, p in types.items() if p.many}
        )
        props.pop("key", None)
        nodes.append(
            NodeRecord(key=key, labels=tuple(schema.labels_for_store(cls)[1:]), props=props)
        )
    rtypes = _relation_prop_types(schema)
    many = {p.name for c in schema.classes.values() for p in c.properties if p.many}
    statements: dict[tuple[Any, Any, Any], Any] = {}
    for stmt in g.subjects(RDF.type, RDF.Statement):
        trip = (g.value(stmt, RDF.subject), g.value(stmt, RDF.predicate), g.value(stmt, RDF.object))
        statements[trip] = stmt
    rels: dict[tuple[str, str, str], RelRecord] = {}
    for rname, rdef in schema.relations.items():
        for s, o in g.subject_objects(IE[rname]):
            if s not in keys or o not in keys:
                raise ValidationError(
                    f"relation {rname} links {s} and {o}, which are not both typed nodes",
                    hint="type both ends with an ontology class (rdf:type ie:…)",
                )
            start, end = keys[s], keys[o]
            if rdef.symmetric and end < start:
                start, end = end, start  # the store keeps symmetric relations once, start < end
            st: Any = statements.get((s, IE[rname], o))
            props = _literal_props(g, st, rtypes, many) if st is not None else {}
            rels[(start, rname, end)] = RelRecord(type=rname, start=start, end=end, props=props)
    return nodes, [rels[k] for k in sorted(rels)]


def _literal_props(g: Graph, s: Any, types: dict[str, str], many: set[str]) -> dict[str, Any]:
    vals: dict[str, list[Any]] = defaultdict(list)
    for p, o in g.predicate_objects(s):
        if isinstance(o, Literal) and str(p).startswith(NAMESPACE) and p != IE.locator:
            k = unquote(str(p)[len(NAMESPACE) :])
            vals[k].append(from_literal(o, types.get(k)))
    out: dict[str, Any] = {}
    for k, v in vals.items():
        v = sorted(v, key=lambda x: (str(type(x)), x))
        out[k] = v if (k in many or len(v) > 1) else v[0]
    return out


def import_rdf(
    store: GraphStore,
    schema: Schema,
    data: str | bytes | Graph,
    fmt: str = "turtle",
    *,
    validate: bool = True,
) -> tuple[int, int]:
    """Load RDF that conforms to the shapes into the store (upserts by key).

    Args:
        store: target store (the schema should be applied).
        schema: the compiled ontology.
        data: RDF text (or an rdflib Graph).
        fmt: its format (see :data:`FORMATS`).
        validate: check the data with pySHACL first and refuse it if it does not conform.

    Returns:
        ``(nodes written, relationships written)``.

    Raises:
        ValidationError: the data does not parse or does not conform (the report is in
            ``details["report"]``); nothing is written then.

    Example:
        >>> import_rdf(store, load_schema(), open("graph.ttl").read(), "ttl")
        (120, 340)
    """
    g = data if isinstance(data, Graph) else parse_rdf(data, fmt)
    if validate:
        conforms, report = validate_rdf(g, schema)
        if not conforms:
            head = "\n".join(report.splitlines()[:30])
            raise ValidationError(
                "the RDF does not conform to the iegraph shapes:\n" + head,
                hint="fix the reported nodes, or check them with "
                "`iegraph ontology validate` and the shapes.ttl",
                report=report,
            )
    try:
        nodes, rels = from_graph(g, schema)
    except OntologyError as e:
        raise ValidationError(e.message, hint=e.hint) from e
    n = store.upsert_nodes(nodes)
    r = store.upsert_relationships(rels)
    return n, r
