"""The whole graph as one subgraph, for exports.

An ego neighbourhood or a query's result is selected by :func:`queries.exports.collect`
(with the view builders, so "export the view as shown" and "draw the export" agree).

Example:
    >>> sub = whole_graph(store)
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from iegraph.graph.base import node_props_out
from iegraph.graph.grams import DERIVED_PROPS
from iegraph.graph.model import Node, Relationship, Subgraph
from iegraph.graph.views.model import merge_subgraph

if TYPE_CHECKING:
    from iegraph.graph.store import GraphStore

Q_ALL_NODES = "MATCH (n) RETURN n.key, labels(n), properties(n)"
Q_ALL_RELS = "MATCH (a)-[r]->(b) RETURN a.key, type(r), b.key, properties(r)"


def whole_graph(store: GraphStore) -> Subgraph:
    """Every node and relationship (two scans; fine up to a few hundred thousand items)."""
    nodes = [
        Node(str(k), list(labels), node_props_out(dict(props)))
        for k, labels, props in store.run(Q_ALL_NODES).rows
        if k is not None
    ]
    rels = []
    for s, t, e, props in store.run(Q_ALL_RELS).rows:
        if s is None or e is None:
            continue
        rels.append(
            Relationship(str(t), str(s), str(e), node_props_out(dict(props)), id=f"{s}|{t}|{e}")
        )
    return merge_subgraph(nodes, rels)


def without_derived(sub: Subgraph) -> Subgraph:
    """``sub`` without the index keys a store derives for itself (``search_grams``,
    ``search_text``: :data:`graph.grams.DERIVED_PROPS`), whatever query selected it: every
    export format goes through this, so none carries store bookkeeping."""
    props = [n.props for n in sub.nodes] + [r.props for r in sub.relationships]
    if not any(k in DERIVED_PROPS for p in props for k in p):
        return sub
    nodes = [replace(n, props=node_props_out(n.props)) for n in sub.nodes]
    rels = [replace(r, props=node_props_out(r.props)) for r in sub.relationships]
    return replace(sub, nodes=nodes, relationships=rels)


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
