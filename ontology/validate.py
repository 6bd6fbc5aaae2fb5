"""Checks of the ontology itself: syntax, labels, domain/range, dangling references, shapes.

The compiler runs the same checks and refuses an ontology with errors, so no broken ontology
ever reaches the store; ``iegraph ontology validate`` prints them all.

Example:
    >>> from iegraph.ontology.validate import validate_ontology
    >>> [p for p in validate_ontology() if p.severity == "error"]
    []
"""

from __future__ import annotations

import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, URIRef

from iegraph.ontology.errors import OntologyError
from iegraph.ontology.model import LANGS
from iegraph.ontology.rdfutil import (
    IE,
    OWL,
    PROV,
    RDF,
    RDFS,
    SH,
    SKOS,
    XSD,
    TurtleSyntaxError,
    class_list,
    is_ie,
    lang_values,
    line_of,
    local,
    parse_turtle,
    shacl_list,
)

#: rdfs:range values a datatype property may have, and their PropertyDef.datatype names
DATATYPES: dict[URIRef, str] = {
    XSD.string: "string",
    XSD.integer: "integer",
    XSD.decimal: "decimal",
    XSD.date: "date",
    IE.IsoDate: "date",
    XSD.boolean: "boolean",
    XSD.anyURI: "anyURI",
}
#: sh:datatype choices a date property's shape may use (an sh:or of these means "date")
DATE_SHAPE_TYPES = {XSD.date, XSD.gYearMonth, XSD.gYear}
#: classes outside the ontology's namespace that shapes and properties may name
EXTERNAL_CLASSES = {RDF.Statement, PROV.Entity}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the ontology, located as precisely as possible."""

    file: str
    line: int | None
    term: str
    message: str
    fix: str
    severity: str = "error"  # "error" fails validation; "warning" is reported only

    @property
    def location(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where} ({self.term})" if self.term else where

    def __str__(self) -> str:
        return f"{self.location}: {self.message} — fix: {self.fix}"

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "location": self.location}


def validate_ontology(
    path: Path | str | None = None, shapes: Path | str | None = None
) -> list[Problem]:
    """Every problem of an ontology file and its shapes (empty list: valid).

    Args:
        path: the ontology Turtle file (default: the packaged ``iegraph.ttl``).
        shapes: the SHACL shapes file (default: ``shapes.ttl`` beside ``path``, if present).

    Example:
        >>> problems = validate_ontology("ontology/iegraph.ttl")
        >>> [str(p) for p in problems if p.severity == "error"]
        []
    """
    from iegraph.ontology.schema import ONTOLOGY_FILE

    path = Path(path) if path else ONTOLOGY_FILE
    shapes_path = Path(shapes) if shapes else path.parent / "shapes.ttl"
    problems: list[Problem] = []
    g = _parse_or_problem(path, problems)
    sg = _parse_or_problem(shapes_path, problems) if shapes_path.exists() else None
    if shapes and not shapes_path.exists():
        problems.append(
            Problem(
                str(shapes_path),
                None,
                "",
                "shapes file does not exist",
                "pass an existing SHACL Turtle file",
            )
        )
    if g is None:
        return problems
    text = path.read_text(encoding="utf-8")
    stext = shapes_path.read_text(encoding="utf-8") if sg is not None else ""
    problems.extend(check_graphs(g, sg, str(path), text, str(shapes_path), stext))
    return problems


def _parse_or_problem(path: Path, problems: list[Problem]) -> Graph | None:
    try:
        return parse_turtle(path)
    except TurtleSyntaxError as e:
        problems.append(
            Problem(
                str(path),
                e.details.get("line"),
                "",
                f"Turtle syntax error: {e.details.get('reason', e.message)}",
                e.hint or "fix the syntax on that line",
            )
        )
    except OntologyError as e:
        problems.append(Problem(str(path), None, "", e.message, e.hint or ""))
    return None


def check_graphs(
    g: Graph,
    sg: Graph | None,
    file: str = "iegraph.ttl",
    text: str = "",
    shapes_file: str = "shapes.ttl",
    shapes_text: str = "",
) -> list[Problem]:
    """Semantic checks of a parsed ontology graph ``g`` and shapes graph ``sg``."""
    out: list[Problem] = []

    def p(
        term: object, message: str, fix: str, severity: str = "error", *, shapes: bool = False
    ) -> None:
        name = local(term) if term is not None else ""
        f, t = (shapes_file, shapes_text) if shapes else (file, text)
        out.append(
            Problem(f, line_of(t, name) if t and name else None, name, message, fix, severity)
        )

    # typed as Any: rdflib's Node type has no ordering, but every term here is a URIRef
    classes: set[Any] = {s for s in g.subjects(RDF.type, OWL.Class) if is_ie(s)}
    relations: set[Any] = {s for s in g.subjects(RDF.type, OWL.ObjectProperty) if is_ie(s)}
    dprops: set[Any] = {s for s in g.subjects(RDF.type, OWL.DatatypeProperty) if is_ie(s)}
    concepts: set[Any] = {s for s in g.subjects(RDF.type, SKOS.Concept) if is_ie(s)}
    schemes: set[Any] = {s for s in g.subjects(RDF.type, SKOS.ConceptScheme) if is_ie(s)}
    known_classes = classes | EXTERNAL_CLASSES

    if IE.Entity not in classes:
        p(
            IE.Entity,
            "the root class ie:Entity is not defined",
            "add `ie:Entity a owl:Class` (every stored node is an Entity)",
        )

    def labels_ok(term: Any, kind: str) -> None:
        pref = lang_values(g, term, SKOS.prefLabel)
        for lang in LANGS:
            vals = pref.get(lang, [])
            if not vals:
                p(
                    term,
                    f"{kind} has no skos:prefLabel in {lang}",
                    f'add skos:prefLabel "…"@{lang} to ie:{local(term)}',
                )
            elif len(vals) > 1:
                p(
                    term,
                    f"{kind} has {len(vals)} skos:prefLabel in {lang}: {vals}",
                    "keep one prefLabel per language and make the others skos:altLabel",
                )

    # -- classes -------------------------------------------------------------------------
    for c in sorted(classes - {IE.Entity}):
        labels_ok(c, "class")
        if not list(g.objects(c, SKOS.definition)):
            p(
                c,
                "class has no skos:definition",
                f'add skos:definition "…"@en to ie:{local(c)}',
                "warning",
            )
        parents = [o for o in g.objects(c, RDFS.subClassOf)]
        if not parents:
            p(
                c,
                "class has no rdfs:subClassOf",
                "make it a subclass of one of the seven top-level classes (or ie:Entity)",
            )
        if len(parents) > 1:
            p(
                c,
                f"class has {len(parents)} superclasses {[local(x) for x in parents]}",
                "keep one rdfs:subClassOf (the compiled schema is a tree)",
            )
        for par in parents:
            if par not in classes:
                p(
                    c,
                    f"rdfs:subClassOf names an undefined class {local(par)!r}",
                    f"define ie:{local(par)} as an owl:Class or correct the name",
                )
        # cycle check
        seen = {c}
        cur = parents[0] if parents else None
        while cur is not None and cur in classes:
            if cur in seen:
                p(c, "rdfs:subClassOf forms a cycle", "break the cycle in the class tree")
                break
            seen.add(cur)
            cur = g.value(cur, RDFS.subClassOf)

    # -- relations -----------------------------------------------------------------------
    for r in sorted(relations):
        labels_ok(r, "relation type")
        name = local(r)
        if not name.replace("_", "").isalnum() or not name.isupper():
            p(
                r,
                f"relation type {name!r} is not UPPER_SNAKE ASCII",
                "rename it (it is used as the store relationship type)",
            )
        for pred, what in ((RDFS.domain, "domain"), (RDFS.range, "range")):
            vals = list(g.objects(r, pred))
            if not vals:
                p(
                    r,
                    f"relation type has no rdfs:{what}",
                    f"add rdfs:{what} ie:SomeClass (or [ a owl:Class ; owl:unionOf ( … ) ])",
                )
            for v in vals:
                for m in class_list(g, v):
                    if m not in known_classes:
                        p(
                            r,
                            f"rdfs:{what} names an undefined class {local(m)!r}",
                            f"define ie:{local(m)} as an owl:Class or correct the name",
                        )

    # -- datatype properties -------------------------------------------------------------
    for d in sorted(dprops):
        labels_ok(d, "property")
        for v in g.objects(d, RDFS.domain):
            for m in class_list(g, v):
                if m not in known_classes:
                    p(
                        d,
                        f"rdfs:domain names an undefined class {local(m)!r}",
                        f"define ie:{local(m)} or correct the name",
                    )
        rng = list(g.objects(d, RDFS.range))
        if len(rng) != 1 or rng[0] not in DATATYPES:
            p(
                d,
                f"property range {[local(x) for x in rng]} is not one known datatype",
                "use one of xsd:string, xsd:integer, xsd:decimal, xsd:boolean, xsd:anyURI, "
                "ie:IsoDate",
            )

    # -- concepts ------------------------------------------------------------------------
    for c in sorted(concepts):
        labels_ok(c, "concept")
        sch = list(g.objects(c, SKOS.inScheme))
        if not sch:
            p(c, "concept has no skos:inScheme", "add skos:inScheme ie:SomeScheme")
        for s in sch:
            if s not in schemes:
                p(
                    c,
                    f"skos:inScheme names an undefined scheme {local(s)!r}",
                    f"define ie:{local(s)} a skos:ConceptScheme or correct the name",
                )
        for b in g.objects(c, SKOS.broader):
            if b not in concepts:
                p(
                    c,
                    f"skos:broader names an undefined concept {local(b)!r}",
                    f"define ie:{local(b)} a skos:Concept or correct the name",
                )
        for t in g.objects(c, RDF.type):
            if is_ie(t) and t not in classes:
                p(
                    c,
                    f"concept is typed with an undefined class {local(t)!r}",
                    "correct the class name",
                )

    # -- a label naming two classes (or two relation types) makes resolution ambiguous --------
    # (also concepts of one scheme: entities are resolved by label, so two industries sharing
    # a label would be written as one node)
    by_scheme: dict[Any, set[Any]] = {}
    for c in concepts:
        for scheme in g.objects(c, SKOS.inScheme):
            by_scheme.setdefault(scheme, set()).add(c)
    groups: list[tuple[set[Any], str]] = [
        (classes - {IE.Entity}, "class"),
        (relations, "relation type"),
    ]
    groups += [(members, f"concept of {local(sch)}") for sch, members in by_scheme.items()]
    for group, kind in groups:
        owners: dict[str, set[Any]] = {}
        for term in group:
            for pred in (SKOS.prefLabel, SKOS.altLabel):
                for o in g.objects(term, pred):
                    owners.setdefault(_fold(str(o)), set()).add(term)
        for label, ts in sorted(owners.items()):
            if len(ts) > 1:
                names = sorted(local(t) for t in ts)
                p(
                    max(ts),
                    f"label {label!r} is shared by {len(ts)} terms {names}; "
                    f"resolution picks {names[0]}",
                    "keep the label on the one term it should resolve to",
                    "warning",
                )

    # -- undefined ie: terms used as objects (typos) ---------------------------------------
    defined = (
        classes | relations | dprops | concepts | schemes | {s for s in g.subjects() if is_ie(s)}
    )
    for s, pr, o in g:
        if (
            is_ie(o)
            and o not in defined
            and pr not in (RDFS.domain, RDFS.range, RDFS.subClassOf, SKOS.broader, SKOS.inScheme)
        ):
            p(
                o,
                f"ie:{local(o)} is used (by {local(s)} {pr.n3(g.namespace_manager)}) but never "
                "defined",
                f"define ie:{local(o)} or correct the name",
            )

    if sg is not None:
        out.extend(_check_shapes(g, sg, classes, relations, dprops, shapes_file, shapes_text))
    return out


def _check_shapes(
    g: Graph,
    sg: Graph,
    classes: set[Any],
    relations: set[Any],
    dprops: set[Any],
    file: str,
    text: str,
) -> list[Problem]:
    out: list[Problem] = []
    known_classes = classes | EXTERNAL_CLASSES

    def p(term: object, message: str, fix: str, severity: str = "error") -> None:
        name = local(term)
        out.append(
            Problem(file, line_of(text, name) if text else None, name, message, fix, severity)
        )

    def classes_of(node: Any) -> set[Any]:
        """sh:class values of a shape node, directly or inside sh:or."""
        found = set(sg.objects(node, SH["class"]))
        for lst in sg.objects(node, SH["or"]):
            for item in shacl_list(sg, lst):
                found |= set(sg.objects(item, SH["class"]))  # type: ignore[arg-type]
        return found

    # every sh:targetClass / sh:class names a known class
    s: Any
    o: Any
    for s, o in sg.subject_objects(SH.targetClass):
        if o not in known_classes:
            p(
                s,
                f"sh:targetClass names an unknown class {local(o)!r}",
                f"define ie:{local(o)} in the ontology or correct the name in the shape",
            )
    for s, o in sg.subject_objects(SH["class"]):
        if o not in known_classes:
            owner = s if isinstance(s, URIRef) else _owning_shape(sg, s)
            p(
                owner,
                f"sh:class names an unknown class {local(o)!r}",
                f"define ie:{local(o)} in the ontology or correct the name in the shape",
            )
    # every sh:path in the ie: namespace names a known property or relation
    for s, o in sg.subject_objects(SH.path):
        if isinstance(o, URIRef) and is_ie(o) and o not in dprops | relations:
            p(
                _owning_shape(sg, s),
                f"sh:path names an unknown property {local(o)!r}",
                f"declare ie:{local(o)} as an owl:DatatypeProperty or correct the name",
            )
        if (
            isinstance(o, URIRef)
            and not is_ie(o)
            and not str(o).startswith((str(RDF), str(PROV), str(RDFS)))
        ):
            p(
                _owning_shape(sg, s),
                f"sh:path {o} is outside the known vocabularies",
                "use an ie:, rdf: or prov: property",
                "warning",
            )
        # datatype must agree with the property's rdfs:range
        if o in dprops:
            rng: Any = g.value(o, RDFS.range)
            dts: set[Any] = set(sg.objects(s, SH.datatype))
            for lst in sg.objects(s, SH["or"]):
                for item in shacl_list(sg, lst):
                    dts |= set(sg.objects(item, SH.datatype))  # type: ignore[arg-type]
            want = DATATYPES.get(rng)
            got = {"date" if d in DATE_SHAPE_TYPES else DATATYPES.get(d, str(d)) for d in dts}
            if dts and want and got != {want}:
                p(
                    _owning_shape(sg, s),
                    f"shape datatype {sorted(got)} of {local(o)} disagrees "
                    f"with its rdfs:range ({want})",
                    "make the shape's sh:datatype match the property's rdfs:range in iegraph.ttl",
                )
    # relation shapes agree with domain/range, and every relation type has one
    shaped: set[Any] = set()
    for shape, rel in sg.subject_objects(SH.targetSubjectsOf):
        if rel not in relations:
            p(
                shape,
                f"sh:targetSubjectsOf names an unknown relation type {local(rel)!r}",
                "correct the name or declare it as an owl:ObjectProperty",
            )
            continue
        shaped.add(rel)
        dom = {m for v in g.objects(rel, RDFS.domain) for m in class_list(g, v)}
        rrng = {m for v in g.objects(rel, RDFS.range) for m in class_list(g, v)}
        sdom = classes_of(shape)
        srng: set[Any] = set()
        for ps in sg.objects(shape, SH.property):
            if sg.value(ps, SH.path) == rel:
                srng |= classes_of(ps)
        if sdom != dom:
            p(
                shape,
                f"shape domain {sorted(map(local, sdom))} of {local(rel)} disagrees with "
                f"rdfs:domain {sorted(map(local, dom))}",
                "make the two lists the same",
            )
        if srng != rrng:
            p(
                shape,
                f"shape range {sorted(map(local, srng))} of {local(rel)} disagrees with "
                f"rdfs:range {sorted(map(local, rrng))}",
                "make the two lists the same",
            )
    for rel in sorted(relations - shaped):
        p(
            rel,
            f"relation type {local(rel)} has no shape (sh:targetSubjectsOf)",
            "add a node shape stating its domain and range with sh:class",
            "warning",
        )
    return out


def _fold(text: str) -> str:
    # the same folding as ontology.schema uses for label lookup
    return unicodedata.normalize("NFKC", text).strip().lower()


def _owning_shape(sg: Graph, node: Any) -> Any:
    """The named shape a blank property shape belongs to (for locating a problem)."""
    seen = 0
    while isinstance(node, BNode) and seen < 10:
        parent = next(iter(sg.subjects(None, node)), None)
        if parent is None:
            # inside an RDF list: climb through rdf:first/rdf:rest
            break
        node = parent
        seen += 1
    return node
