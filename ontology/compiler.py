"""Compile ``iegraph.ttl`` (+ ``shapes.ttl`` beside it) into the typed :class:`Schema`.

Parsing the Turtle with rdflib takes about 0.4 s, and every CLI command needs the schema, so
the compiled result is cached as a pickle keyed by the sha256 of both files and this
compiler's version (in the user cache directory; a cache that cannot be written is skipped).
A broken ontology (syntax error, dangling reference, relation without domain/range, missing
label, shape naming an unknown class) raises :class:`OntologyError` — nothing downstream ever
sees a half-valid schema.

Example:
    >>> from pathlib import Path
    >>> from ontology.compiler import compile_ontology
    >>> s = compile_ontology(Path("ontology/iegraph.ttl"))
    >>> s.relations["COOPERATES_WITH"].symmetric
    True
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef

from ontology.errors import OntologyError
from ontology.model import LANGS, ClassDef, ConceptDef, PropertyDef, RelationDef
from ontology.rdfutil import (
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
    parse_turtle,
    shacl_list,
)
from ontology.schema import Schema
from ontology.validate import DATATYPES, check_graphs

#: bump when the compiled output changes shape, so stale caches are ignored
COMPILER_VERSION = "1"
_MAX_LISTED = 8


def compile_ontology(path: Path, shapes: Path | None = None, *, use_cache: bool = True
                     ) -> Schema:
    """Compile an ontology file (and its SHACL shapes) into a :class:`Schema`.

    Args:
        path: the ontology Turtle file.
        shapes: the shapes file; default ``shapes.ttl`` beside ``path`` (optional).
        use_cache: read/write the compiled pickle in the user cache directory.

    Raises:
        OntologyError: the file does not parse or fails the ontology checks; the message names
            the file, line and term, and the hint says how to fix it.

    Example:
        >>> s = compile_ontology(Path("ontology/iegraph.ttl"))
        >>> s.resolve_class("高职")
        'VocationalCollege'
    """
    path = Path(path)
    shapes_path = Path(shapes) if shapes else path.parent / "shapes.ttl"
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise OntologyError(f"cannot read ontology file {path}: {e}",
                            hint="check the path (default: the packaged ontology/iegraph.ttl)",
                            file=str(path)) from e
    raw_shapes = shapes_path.read_bytes() if shapes_path.exists() else b""
    source_hash = hashlib.sha256(raw).hexdigest()
    cache_key = hashlib.sha256(
        b"\0".join([COMPILER_VERSION.encode(), raw, raw_shapes])).hexdigest()
    cache_file = _cache_dir() / f"schema-{cache_key[:32]}.pickle" if use_cache else None
    if cache_file is not None:
        cached = _read_cache(cache_file)
        if cached is not None:
            return cached

    g = parse_turtle(path)
    sg = parse_turtle(shapes_path) if raw_shapes else None
    problems = [p for p in check_graphs(g, sg, str(path), raw.decode("utf-8"), str(shapes_path),
                                        raw_shapes.decode("utf-8"))
                if p.severity == "error"]
    if problems:
        listed = "\n".join(f"  {p}" for p in problems[:_MAX_LISTED])
        more = f"\n  … and {len(problems) - _MAX_LISTED} more" if len(problems) > _MAX_LISTED \
            else ""
        first = problems[0]
        raise OntologyError(
            f"the ontology {path} has {len(problems)} problem(s):\n{listed}{more}",
            hint=f"{first.fix}; run `iegraph ontology validate {path}` for the full list",
            file=first.file, line=first.line, term=first.term,
        )
    schema = build_schema(g, sg, source_hash=source_hash)
    if cache_file is not None:
        _write_cache(cache_file, schema)
    return schema


# -- building -----------------------------------------------------------------------------------
def build_schema(g: Graph, sg: Graph | None, *, source_hash: str = "") -> Schema:
    """Build the :class:`Schema` from already-checked graphs (see :func:`compile_ontology`)."""
    classes_iri = _sorted_terms(s for s in g.subjects(RDF.type, OWL.Class)
                                if is_ie(s) and s != IE.Entity)
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
    return Schema(classes=classes, relations=relations, concepts=concepts, version=version,
                  source_hash=source_hash)


def _property_defs(g: Graph, sg: Graph | None, class_names: list[str], chain: Any
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

    # shape constraints by target class: {class: {prop: (required, many, allowed)}}
    constraints: dict[str, dict[str, tuple[bool, bool, tuple[str, ...]]]] = {}
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
                cons[local(path)] = (
                    mn is not None and int(mn) >= 1,
                    not (mx is not None and int(mx) <= 1),
                    allowed,
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
            for pname, (req, many, allowed) in constraints.get(level, {}).items():
                if pname in defs:
                    base = defs[pname]
                    defs[pname] = PropertyDef(name=pname, datatype=base.datatype, required=req,
                                              many=many, allowed=allowed or base.allowed,
                                              labels=base.labels)
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


# -- cache --------------------------------------------------------------------------------------
def _cache_dir() -> Path:
    env = os.environ.get("IEGRAPH_CACHE_DIR")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("iegraph")) / "ontology"


def _read_cache(file: Path) -> Schema | None:
    try:
        with file.open("rb") as fh:
            data = pickle.load(fh)  # our own file in the user's cache dir, keyed by content
        return Schema(classes=data["classes"], relations=data["relations"],
                      concepts=data["concepts"], version=data["version"],
                      source_hash=data["source_hash"])
    except FileNotFoundError:
        return None
    except Exception:  # noqa: BLE001 — a corrupt or stale cache is simply rebuilt
        return None


def _write_cache(file: Path, schema: Schema) -> None:
    data = {"classes": schema.classes, "relations": schema.relations,
            "concepts": schema.concepts, "version": schema.version,
            "source_hash": schema.source_hash}
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=file.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, file)  # atomic: concurrent CLI processes never read half a file
    except OSError:
        pass  # read-only home or full disk: compiling again next time is only slower
