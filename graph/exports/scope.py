"""What an export contains: the whole graph, an ego neighbourhood, or a query's result.

The ego and query scopes are exactly what the matching views draw (they reuse the view
builders), so "export the view as shown" and "draw the export" agree.

Example:
    >>> sub = collect(store)                                   # whole graph
    >>> sub = collect(store, center="深圳职业技术大学", hops=2)
    >>> sub = collect(store, query="platforms_of_city", params={"city": "place:深圳市"})
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from iegraph.graph.model import Node, Relationship, Subgraph
from iegraph.graph.views.model import merge_subgraph
from iegraph.ontology.errors import ValidationError

if TYPE_CHECKING:
    from iegraph.graph.store import GraphStore
    from iegraph.ontology.schema import Schema

Q_ALL_NODES = "MATCH (n) RETURN n.key, labels(n), properties(n)"
Q_ALL_RELS = "MATCH (a)-[r]->(b) RETURN a.key, type(r), b.key, properties(r)"


def whole_graph(store: GraphStore) -> Subgraph:
    """Every node and relationship (two scans; fine up to a few hundred thousand items)."""
    nodes = [
        Node(str(k), list(labels), dict(props))
        for k, labels, props in store.run(Q_ALL_NODES).rows
        if k is not None
    ]
    rels = []
    for s, t, e, props in store.run(Q_ALL_RELS).rows:
        if s is None or e is None:
            continue
        rels.append(Relationship(str(t), str(s), str(e), dict(props), id=f"{s}|{t}|{e}"))
    return merge_subgraph(nodes, rels)


def collect(
    store: GraphStore,
    *,
    center: str | None = None,
    hops: int = 1,
    query: str | None = None,
    params: dict[str, Any] | None = None,
    types: Sequence[str] | None = None,
    classes: Sequence[str] | None = None,
    as_of: str | None = None,
    schema: Schema | None = None,
) -> Subgraph:
    """The subgraph to export.

    Args:
        center: key or name of the centre of an ego neighbourhood (with ``hops``, ``types``,
            ``classes``, ``as_of``), or None.
        query: a named query or read-only Cypher (with ``params``), or None.
        neither: the whole graph.
        as_of: keep only the nodes and relationships valid on this date (``YYYY[-MM[-DD]]``)
            in every scope, as the views do; relationships whose ends are dropped go too.

    Raises:
        ValidationError: both ``center`` and ``query`` given, or ``as_of`` is not a date.
    """
    from iegraph.graph.views.dates import parse_as_of

    day = parse_as_of(as_of)  # refuse a bad date before any work
    if center and query:
        raise ValidationError(
            "give either --center or --query, not both",
            hint="export a neighbourhood (--center KEY --hops N) or a query "
            "result (--query NAME --param k=v)",
        )
    if center:
        from iegraph.graph.views.build import ego_view

        return ego_view(store, center, hops, classes, types, as_of, schema=schema).subgraph
    if query:
        from iegraph.graph.views.build import query_view

        return filter_as_of(query_view(store, query, params, schema=schema).subgraph, day)
    return filter_as_of(whole_graph(store), day)


def filter_as_of(sub: Subgraph, day: str | None) -> Subgraph:
    """The part of ``sub`` valid on ``day`` (a full ISO date, or None for all of it)."""
    if day is None:
        return sub
    from iegraph.graph.views.dates import is_valid_at

    nodes = [n for n in sub.nodes if is_valid_at(n.props, day)]
    keys = {n.key for n in nodes}
    rels = [
        r
        for r in sub.relationships
        if r.start in keys and r.end in keys and is_valid_at(r.props, day)
    ]
    return merge_subgraph(nodes, rels)
