"""Build the :class:`~ontology.schema.Schema` from parsed ontology and shapes graphs.

Kept apart from :mod:`ontology.compiler` so that a cached compile never imports rdflib
(importing it costs about a second, on every CLI command).
"""

from __future__ import annotations

from typing import Any

from rdflib import Graph, Literal, URIRef

from iegraph.ontology.model import LANGS, ClassDef, ConceptDef, PropertyDef, RelationDef
from iegraph.ontology.rdfutil import (
    IE,
    OWL,
    RDF,
    RDFS,
    SH,
    SKOS,
    class_list,
    is_ie,
    lang_values,
    local,
    shacl_list,
)
from iegraph.ontology.schema import Schema
from iegraph.ontology.validate import DATATYPES


def build_schema(g: Graph, sg: Graph | None, *, source_hash: str = "") -> Schema:
    """Build the :class:`Schema` from already-checked graphs (see :func:`compile_ontology`)."""
    classes_iri = _sorted_terms(
        s for s in g.subjects(RDF.type, OWL.Class) if is_ie(s) and s != IE.Entity
    )
    parent: dict[str, str | None] = {}
    for c in classes_iri:
        sup = g.value(c, RDFS.subClassOf)
        parent[local(c)] = None if sup in (None, IE.Entity) else local(sup)

    def chain(name: str) -> list[str]:  # most specific first, without Entity
        out = []
        cur: str | None = name
        while cur is not None:
            out.append(cur)
            cur = parent[cur]
        return out

    def inherited(name: str, pred: URIRef, default: str) -> str:
        for c in [*chain(name), "Entity"]:
            v = g.value(IE[c], pred)
            if v is not None:
                return str(v)
        return default

    props_by_class = _property_defs(g, sg, [local(c) for c in classes_iri], chain)

    classes: dict[str, ClassDef] = {}
    for c in classes_iri:
        name = local(c)
        classes[name] = ClassDef(
            name=name,
            parent=parent[name],
            top=chain(name)[-1],
            labels=_pref_labels(g, c),
            alt_labels=_alt_labels(g, c),
            definition=_definition(g, c),
            key_property=inherited(name, IE.keyProperty, "key"),
            properties=props_by_class[name],
            color=inherited(name, IE.color, "#97c2fc"),
            shape=inherited(name, IE.shape, "dot"),
            name_suffixes=_longest_first(str(v) for v in g.objects(c, IE.nameSuffix)),
            code_property=inherited(name, IE.codeProperty, ""),
        )

    relations: dict[str, RelationDef] = {}
    for r in _sorted_terms(s for s in g.subjects(RDF.type, OWL.ObjectProperty) if is_ie(s)):
        relations[local(r)] = RelationDef(
            name=local(r),
            domain=tuple(local(m) for v in g.objects(r, RDFS.domain) for m in class_list(g, v)),
            range=tuple(local(m) for v in g.objects(r, RDFS.range) for m in class_list(g, v)),
            labels=_pref_labels(g, r),
            alt_labels=_alt_labels(g, r),
            symmetric=(r, RDF.type, OWL.SymmetricProperty) in g,
            definition=_definition(g, r),
            triggers=_longest_first(str(v) for v in g.objects(r, IE.trigger)),
            color=str(g.value(r, IE.color) or "#848484"),
        )

    concepts: dict[str, ConceptDef] = {}
    for c in _sorted_terms(s for s in g.subjects(RDF.type, SKOS.Concept) if is_ie(s)):
        broader = g.value(c, SKOS.broader)
        concepts[local(c)] = ConceptDef(
            id=local(c),
            scheme=local(g.value(c, SKOS.inScheme) or ""),
            labels=_pref_labels(g, c),
            alt_labels=_alt_labels(g, c),
            broader=local(broader) if broader is not None else None,
        )

    version = "0"
    for ont in g.subjects(RDF.type, OWL.Ontology):
        v = g.value(ont, OWL.versionInfo)
        if v is not None:
            version = str(v)
    return Schema(
        classes=classes,
        relations=relations,
        concepts=concepts,
        version=version,
        source_hash=source_hash,
    )


def _property_defs(
    g: Graph, sg: Graph | None, class_names: list[str], chain: Any
) -> dict[str, tuple[PropertyDef, ...]]:
    """Per class: the datatype properties whose rdfs:domain is the class, an ancestor or
    ``Entity``, with required/many/allowed from the most specific shape that mentions them."""
    declared: dict[str, tuple[str, set[str], dict[str, str]]] = {}
    for d in g.subjects(RDF.type, OWL.DatatypeProperty):
        if not is_ie(d):
            continue
        rng: Any = g.value(d, RDFS.range)
        dt = DATATYPES.get(rng, "string")
        doms = {local(m) for v in g.objects(d, RDFS.domain) for m in class_list(g, v)}
        declared[local(d)] = (dt, doms, _pref_labels(g, d))

    # shape constraints by target class: {class: {prop: (required, many, allowed, pattern)}}
    constraints: dict[str, dict[str, tuple[bool, bool, tuple[str, ...], str]]] = {}
    if sg is not None:
        for shape, target in sg.subject_objects(SH.targetClass):
            cons = constraints.setdefault(local(target), {})
            for ps in sg.objects(shape, SH.property):
                path = sg.value(ps, SH.path)
                if path is None or not is_ie(path):
                    continue
                mn: Any = sg.value(ps, SH.minCount)
                mx: Any = sg.value(ps, SH.maxCount)
                allowed: tuple[str, ...] = ()
                lst = sg.value(ps, SH["in"])
                if lst is not None:
                    allowed = tuple(str(x) for x in shacl_list(sg, lst))
                pattern_node = sg.value(ps, SH.pattern)
                cons[local(path)] = (
                    mn is not None and int(mn) >= 1,
                    not (mx is not None and int(mx) <= 1),
                    allowed,
                    str(pattern_node) if pattern_node is not None else "",
                )

    out: dict[str, tuple[PropertyDef, ...]] = {}
    for name in class_names:
        lineage = ["Entity", *reversed(chain(name))]  # most general first
        defs: dict[str, PropertyDef] = {}
        for level in lineage:
            for pname in sorted(p for p, (_, doms, _) in declared.items() if level in doms):
                dt, _, labels = declared[pname]
                defs.setdefault(pname, PropertyDef(name=pname, datatype=dt, labels=labels))
        for level in lineage:  # more specific shapes override
            for pname, (req, many, allowed, pat) in constraints.get(level, {}).items():
                if pname in defs:
                    base = defs[pname]
                    defs[pname] = PropertyDef(
                        name=pname,
                        datatype=base.datatype,
                        required=req,
                        many=many,
                        allowed=allowed or base.allowed,
                        pattern=pat or base.pattern,
                        labels=base.labels,
                    )
        out[name] = tuple(defs.values())
    return out


def _sorted_terms(terms: Any) -> list[Any]:
    # IRIs sort by their text; rdflib's Node type declares no ordering for the type checker
    return sorted(terms, key=str)


def _pref_labels(g: Graph, term: Any) -> dict[str, str]:
    vals = lang_values(g, term, SKOS.prefLabel)
    return {lang: vals[lang][0] for lang in LANGS if vals.get(lang)}


def _alt_labels(g: Graph, term: Any) -> dict[str, tuple[str, ...]]:
    vals = lang_values(g, term, SKOS.altLabel)
    return {lang: tuple(vals[lang]) for lang in LANGS if vals.get(lang)}


def _definition(g: Graph, term: Any) -> str:
    defs = [o for o in g.objects(term, SKOS.definition) if isinstance(o, Literal)]
    for o in defs:
        if o.language == "en":
            return str(o)
    return str(defs[0]) if defs else ""


def _longest_first(values: Any) -> tuple[str, ...]:
    # longest first so that pattern builders try 职业技术学院 before 学院
    return tuple(sorted(set(values), key=lambda s: (-len(s), s)))
