"""Pure selection helpers of the views: checked filters, class tests, ``as_of`` and reach
filters over a :class:`~graph.model.Subgraph`. Nothing here touches a store; the builders that
fetch views from one live in :mod:`queries.views`."""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence

from iegraph.graph.model import Node, Subgraph
from iegraph.graph.views.dates import is_valid_at
from iegraph.graph.views.model import merge_subgraph
from iegraph.ontology.errors import ValidationError
from iegraph.ontology.schema import Schema

#: most nodes a builder fetches before grouping (the renderer groups above its own cap)
FETCH_LIMIT = 20_000
MAX_HOPS = 3


def check_types(schema: Schema, types: Sequence[str] | None) -> list[str] | None:
    """Relation type names (labels in any language accepted) validated against the ontology."""
    if not types:
        return None
    out = []
    for t in types:
        name = schema.resolve_relation(t)
        if name is None:
            raise ValidationError(
                f"unknown relation type {t!r}",
                hint="choose from: " + ", ".join(sorted(schema.relations)),
                field="types",
            )
        out.append(name)
    return out


def check_classes(schema: Schema, classes: Sequence[str] | None) -> set[str] | None:
    """Class names (labels in any language accepted) and all their subclasses."""
    if not classes:
        return None
    out: set[str] = set()
    for c in classes:
        name = schema.resolve_class(c)
        if name is None:
            raise ValidationError(
                f"unknown class {c!r}",
                hint="choose from: " + ", ".join(sorted(schema.classes)),
                field="classes",
            )
        out.update(schema.descendants(name))
    return out


def check_hops(hops: int, most: int = MAX_HOPS) -> int:
    if not 1 <= int(hops) <= most:
        raise ValidationError(
            f"hops must be 1–{most}, got {hops}",
            hint=f"use --hops between 1 and {most}",
            field="hops",
        )
    return int(hops)


def place_relations(schema: Schema) -> list[str]:
    """Relation types that put an entity in a place: every class of their range is a ``Place``
    (``LOCATED_IN``, ``PART_OF``) — not those that merely may point at one (``DESIGNATES``)."""
    out = []
    for r in schema.relations.values():
        if r.range and all(c in schema.classes and schema.is_a(c, "Place") for c in r.range):
            out.append(r.name)
    return sorted(out)


def node_class(schema: Schema, node: Node) -> str | None:
    cls = node.props.get("class")
    if isinstance(cls, str) and cls in schema.classes:
        return cls
    known = [lb for lb in node.labels if lb in schema.classes]
    return max(known, key=lambda c: len(schema.ancestors(c))) if known else None


def is_class(schema: Schema, node: Node, ancestor: str) -> bool:
    cls = node_class(schema, node)
    return cls is not None and ancestor in schema.classes and schema.is_a(cls, ancestor)


def top_class(schema: Schema, node: Node) -> str | None:
    cls = node_class(schema, node)
    return schema.classes[cls].top if cls else None


def filter_as_of(sub: Subgraph, as_of: str | None) -> Subgraph:
    if as_of is None:
        return sub
    nodes = [n for n in sub.nodes if is_valid_at(n.props, as_of)]
    rels = [r for r in sub.relationships if is_valid_at(r.props, as_of)]
    return merge_subgraph(nodes, rels)


def reachable(sub: Subgraph, centre: str, hops: int) -> Subgraph:
    """Only what can still be reached from ``centre`` in ``hops`` after filtering."""
    adj: dict[str, set[str]] = {}
    for r in sub.relationships:
        adj.setdefault(r.start, set()).add(r.end)
        adj.setdefault(r.end, set()).add(r.start)
    dist = {centre: 0}
    queue = deque([centre])
    while queue:
        k = queue.popleft()
        if dist[k] >= hops:
            continue
        for m in adj.get(k, ()):
            if m not in dist:
                dist[m] = dist[k] + 1
                queue.append(m)
    return merge_subgraph([n for n in sub.nodes if n.key in dist], sub.relationships)
