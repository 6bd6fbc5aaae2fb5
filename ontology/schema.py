"""The compiled schema: one object, loaded once, that every layer asks.

Example:
    >>> from iegraph.ontology.schema import load_schema
    >>> s = load_schema()
    >>> s.resolve_class("高职院校")
    'VocationalCollege'
    >>> s.top_of("VocationalCollege")
    'Institution'
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from iegraph.ontology.errors import OntologyError
from iegraph.ontology.model import TOP_LEVEL, ClassDef, ConceptDef, RelationDef

ONTOLOGY_DIR = Path(__file__).resolve().parent
ONTOLOGY_FILE = ONTOLOGY_DIR / "iegraph.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
NAMESPACE = "https://iegraph.dev/ontology#"
DATA_NAMESPACE = "https://iegraph.dev/id/"


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().lower()


class _Names:
    """Typo-safe attribute access: ``schema.C.VocationalCollege`` → ``"VocationalCollege"``."""

    def __init__(self, names: list[str], kind: str) -> None:
        self._names = set(names)
        self._kind = kind

    def __getattr__(self, item: str) -> str:
        if item.startswith("_"):
            raise AttributeError(item)
        if item not in self._names:
            raise AttributeError(f"no {self._kind} named {item!r} in the ontology")
        return item

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(sorted(self._names))

    def __contains__(self, item: object) -> bool:
        return item in self._names


@dataclass
class Schema:
    """Everything the code needs to know about classes, relations and concepts."""

    classes: dict[str, ClassDef]
    relations: dict[str, RelationDef]
    concepts: dict[str, ConceptDef] = field(default_factory=dict)
    version: str = "0"
    source_hash: str = ""

    def __post_init__(self) -> None:
        self.C = _Names(list(self.classes), "class")
        self.R = _Names(list(self.relations), "relation type")
        self._class_by_label: dict[str, str] = {}
        for c in self.classes.values():
            keys = [c.name, *c.labels.values()]
            for alts in c.alt_labels.values():
                keys.extend(alts)
            for k in keys:
                self._class_by_label.setdefault(_fold(k), c.name)
        self._rel_by_label: dict[str, str] = {}
        for r in self.relations.values():
            keys = [r.name, *r.labels.values()]
            for alts in r.alt_labels.values():
                keys.extend(alts)
            for k in keys:
                self._rel_by_label.setdefault(_fold(k), r.name)

    # -- classes -----------------------------------------------------------------------------
    @property
    def top_level(self) -> tuple[str, ...]:
        return TOP_LEVEL

    def resolve_class(self, name_or_label: str) -> str | None:
        """Class name for a class name or any of its labels (any language), else None."""
        return self._class_by_label.get(_fold(name_or_label))

    def resolve_relation(self, name_or_label: str) -> str | None:
        return self._rel_by_label.get(_fold(name_or_label))

    def ancestors(self, name: str) -> list[str]:
        """``name`` and its superclasses, most specific first."""
        out: list[str] = []
        cur: str | None = name
        while cur is not None:
            if cur not in self.classes:
                raise OntologyError(f"unknown class {cur!r}", hint="check the ontology file")
            out.append(cur)
            cur = self.classes[cur].parent
        return out

    def top_of(self, name: str) -> str:
        return self.classes[name].top

    def is_a(self, name: str, ancestor: str) -> bool:
        return ancestor in self.ancestors(name)

    def descendants(self, name: str) -> list[str]:
        """``name`` and every class below it."""
        return [c for c in self.classes if name in self.ancestors(c)]

    def labels_for_store(self, name: str) -> list[str]:
        """Store labels of an instance of class ``name``: ``Entity`` plus the class chain."""
        return ["Entity", *reversed(self.ancestors(name))]

    # -- relations ---------------------------------------------------------------------------
    def allows(self, rel: str, src_class: str, dst_class: str) -> bool:
        """Domain/range check (subclasses included; symmetric relations checked both ways)."""
        r = self.relations.get(rel)
        if r is None:
            return False

        def ok(a: str, b: str) -> bool:
            return any(self.is_a(a, d) for d in r.domain) and any(self.is_a(b, g) for g in r.range)

        if ok(src_class, dst_class):
            return True
        return r.symmetric and ok(dst_class, src_class)

    # -- concepts ----------------------------------------------------------------------------
    def concepts_in(self, scheme: str) -> list[ConceptDef]:
        return [c for c in self.concepts.values() if c.scheme == scheme]

    def narrower(self, concept_id: str) -> list[str]:
        """``concept_id`` and every concept below it (transitive skos:broader)."""
        out = [concept_id]
        frontier = [concept_id]
        while frontier:
            nxt = [c.id for c in self.concepts.values() if c.broader in frontier]
            out.extend(nxt)
            frontier = nxt
        return out

    def to_json(self) -> dict[str, Any]:
        """The ``GET /schema`` document."""
        return {
            "version": self.version,
            "classes": [
                {
                    "name": c.name,
                    "parent": c.parent,
                    "top": c.top,
                    "labels": c.labels,
                    "alt_labels": {k: list(v) for k, v in c.alt_labels.items()},
                    "definition": c.definition,
                    "key_property": c.key_property,
                    "properties": [p.__dict__ for p in c.properties],
                    "color": c.color,
                    "shape": c.shape,
                }
                for c in self.classes.values()
            ],
            "relations": [
                {
                    "name": r.name,
                    "domain": list(r.domain),
                    "range": list(r.range),
                    "symmetric": r.symmetric,
                    "labels": r.labels,
                    "alt_labels": {k: list(v) for k, v in r.alt_labels.items()},
                    "definition": r.definition,
                    "color": r.color,
                }
                for r in self.relations.values()
            ],
            "concept_schemes": sorted({c.scheme for c in self.concepts.values()}),
        }


@lru_cache(maxsize=4)
def load_schema(path: str | None = None) -> Schema:
    """Compile the ontology (default: the packaged ``iegraph.ttl``) once per process."""
    from iegraph.ontology.compiler import compile_ontology

    return compile_ontology(Path(path) if path else ONTOLOGY_FILE)
