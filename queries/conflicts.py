"""Contradictory facts about one entity, found in the graph and listed with their sources.

Nothing is merged away: each node keeps one evidence entry per source (with the properties
that source gave, :mod:`ingest.writer`), and each relationship its own sources, so a
contradiction is still in the graph after the write; these queries find it.

Two kinds (issue 14, row 13):

* ``property`` — a single-valued property (``sh:maxCount 1`` in the shapes, e.g. ``founded``)
  given different values by different sources. The node shows the last value written; the
  report lists every value with the sources that gave it.
* ``place`` — an entity put in two or more places by a place relation (``LOCATED_IN``: every
  class of its range is a ``Place``) where neither place lies in the other (``PART_OF``, up to
  four steps): 深圳市 and 广东省 agree, 深圳市 and 合肥市 do not.

Example:
    >>> for c in find_conflicts(store, schema):
    ...     print(c.kind, c.name, c.field, [v.value for v in c.values])
    place 比亚迪股份有限公司 LOCATED_IN ['place:深圳市', 'place:合肥市']
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from iegraph.graph.store import GraphStore
    from iegraph.ontology.schema import Schema

#: nodes that more than one source describes (only they can disagree about a property)
Q_MULTI_SOURCE = (
    "MATCH (n:Entity) WHERE size(n.evidence) > 1 "
    "AND ($sources IS NULL OR any(s IN n.source_ids WHERE s IN $sources)) "
    "RETURN n.key, n.name, n.class, n.evidence ORDER BY n.key SKIP $skip LIMIT $limit"
)
#: entities with more than one target of one place relation (type interpolated, checked)
Q_MULTI_PLACE = (
    "MATCH (e:Entity)-[r:{rel}]->(p:Entity) "
    "WHERE $sources IS NULL OR any(s IN r.source_ids WHERE s IN $sources) "
    "WITH DISTINCT e "
    "MATCH (e)-[r:{rel}]->(p:Entity) "
    "WITH e, collect([p.key, p.name, r.source_ids, r.evidence]) AS places "
    "WHERE size(places) > 1 "
    "RETURN e.key, e.name, e.class, places ORDER BY e.key LIMIT $limit"
)
#: pairs of places where the first lies in the second
Q_CONTAINED = (
    "UNWIND $pairs AS pr MATCH (a:Entity {key: pr[0]})-[:PART_OF*1..4]->(b:Entity {key: pr[1]}) "
    "RETURN DISTINCT pr[0], pr[1]"
)
Q_SOURCES = "UNWIND $keys AS k MATCH (s:Entity {key: k}) RETURN s.key, s.title, s.path"

PAGE = 2_000


@dataclass
class ConflictValue:
    """One of the disagreeing values, with what said it."""

    value: Any
    sources: list[str] = field(default_factory=list)  # source keys
    locators: list[str] = field(default_factory=list)  # "row 3", "sentence 12" …
    names: list[str] = field(default_factory=list)  # the sources' titles or file names

    def to_json(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "sources": self.sources,
            "locators": self.locators,
            "source_names": self.names,
        }


@dataclass
class Conflict:
    kind: str  # "property" | "place"
    key: str
    name: str
    cls: str
    field: str  # the property, or the relation type
    values: list[ConflictValue]

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "key": self.key,
            "name": self.name,
            "class": self.cls,
            "field": self.field,
            "values": [v.to_json() for v in self.values],
        }


def _single_valued(schema: Schema) -> dict[str, set[str]]:
    """Per class: its single-valued properties (the writer's own fields excluded)."""
    own = {"key", "name", "name_norm", "class", "top", "renamed_from", "renamed_on", "confidence"}
    out: dict[str, set[str]] = {}
    for c in schema.classes.values():
        out[c.name] = {p.name for p in c.properties if not p.many and p.name not in own}
    return out


def property_conflicts(
    store: GraphStore, schema: Schema, sources: list[str] | None = None, limit: int = 1000
) -> list[Conflict]:
    """Single-valued properties that different sources gave different values."""
    single = _single_valued(schema)
    out: list[Conflict] = []
    skip = 0
    while len(out) < limit:
        rows = store.run(Q_MULTI_SOURCE, {"sources": sources, "skip": skip, "limit": PAGE}).rows
        for key, name, cls, evidence in rows:
            allowed = single.get(str(cls), set())
            by_prop: dict[str, dict[str, ConflictValue]] = defaultdict(dict)
            for raw in evidence or []:
                try:
                    e = json.loads(raw)
                except (TypeError, ValueError):
                    continue
                for prop, value in (e.get("props") or {}).items():
                    if prop not in allowed or value in (None, "", []):
                        continue
                    cv = by_prop[prop].setdefault(
                        json.dumps(value, ensure_ascii=False, sort_keys=True),
                        ConflictValue(value),
                    )
                    cv.sources.append(str(e.get("source", "")))
                    cv.locators.extend(str(x) for x in e.get("locators") or [])
            for prop, values in sorted(by_prop.items()):
                if len(values) > 1:
                    out.append(
                        Conflict("property", key, name, str(cls), prop, list(values.values()))
                    )
        if len(rows) < PAGE:
            break
        skip += PAGE
    return out[:limit]


def place_conflicts(
    store: GraphStore, schema: Schema, sources: list[str] | None = None, limit: int = 1000
) -> list[Conflict]:
    """Entities put in places that do not contain one another."""
    from iegraph.graph.base import check_ident

    rels = [
        r.name
        for r in schema.relations.values()
        if r.range
        and all(c in schema.classes and schema.is_a(c, "Place") for c in r.range)
        and not all(c in schema.classes and schema.is_a(c, "Place") for c in r.domain)
    ]
    found: list[tuple[str, str, str, str, list[Any]]] = []
    for rel in sorted(rels):
        q = Q_MULTI_PLACE.replace("{rel}", check_ident(rel, "relation type"))
        for key, name, cls, places in store.run(q, {"sources": sources, "limit": limit}).rows:
            found.append((rel, key, name, cls, places))
    pairs = [
        [a[0], b[0]] for _, _, _, _, places in found for a in places for b in places if a[0] != b[0]
    ]
    contained: set[tuple[str, str]] = set()
    for i in range(0, len(pairs), PAGE):
        res = store.run(Q_CONTAINED, {"pairs": pairs[i : i + PAGE]})
        contained |= {(str(a), str(b)) for a, b in res.rows}
    out: list[Conflict] = []
    for rel, key, name, cls, places in found:
        keys = [p[0] for p in places]
        # the most specific places: those that contain none of the others
        inner = [k for k in keys if not any((o, k) in contained for o in keys if o != k)]
        if len(inner) < 2:
            continue  # one place and the places that contain it: no contradiction
        values = []
        for pkey, pname, src, evidence in places:
            if pkey not in inner:
                continue
            locs = []
            for raw in evidence or []:
                try:
                    loc = json.loads(raw).get("locator")
                except (TypeError, ValueError):
                    loc = None
                if loc:
                    locs.append(str(loc))
            values.append(ConflictValue(pkey, sorted(src or []), locs, names=[str(pname or pkey)]))
        out.append(Conflict("place", key, name, str(cls), rel, values))
    return out[:limit]


def find_conflicts(
    store: GraphStore, schema: Schema, sources: list[str] | None = None, limit: int = 1000
) -> list[Conflict]:
    """Every contradiction (properties, then places), optionally only those involving
    ``sources`` (source keys, e.g. those an ingest just wrote). Source names are filled in.

    Example:
        >>> [c.to_json() for c in find_conflicts(store, schema)]
    """
    out = property_conflicts(store, schema, sources, limit) + place_conflicts(
        store, schema, sources, limit
    )
    src_keys = sorted({s for c in out for v in c.values for s in v.sources})
    if src_keys:
        label = {
            str(k): str(title or path or k)
            for k, title, path in store.run(Q_SOURCES, {"keys": src_keys}).rows
        }
        for c in out:
            if c.kind == "property":
                for v in c.values:
                    v.names = [label.get(s, s) for s in v.sources]
            else:
                for v in c.values:
                    v.names = v.names + [label.get(s, s) for s in v.sources]
    return out[:limit]
