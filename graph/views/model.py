"""What a view is before it becomes HTML: a subgraph, a title and what to highlight.

Builders (:mod:`graph.views.build`) fetch a :class:`View` from a store; the renderer
(:mod:`graph.views.render`) turns any View into a page without touching the store, so a View can
also be made by hand from a :class:`~graph.model.Subgraph` or a list of
:class:`~graph.model.Path` objects (e.g. the paths ``queries.paths`` found).

Example:
    >>> from iegraph.graph.model import Node, Subgraph
    >>> v = View(Subgraph([Node("a", ["Entity"], {"name": "A"})]), title="one node")
    >>> v.node_count
    1
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from iegraph.graph.model import Node, Path, Relationship, Subgraph


def rel_id(rel: Relationship) -> str:
    """A relationship's identity in views and exports: ``start|TYPE|end`` (or its store id).

    The graph model identifies a relationship by (start key, type, end key); the store id is
    only used when the store gave one, because it is not stable across backends.
    """
    return f"{rel.start}|{rel.type}|{rel.end}"


@dataclass
class View:
    """A subgraph to draw, with a title and the nodes / relationships to emphasise.

    Attributes:
        subgraph: the nodes and relationships to draw (relationships whose ends are missing are
            dropped by the renderer).
        title: heading of the page.
        kind: ``ego`` | ``path`` | ``query`` | ``city`` | ``subgraph``.
        highlight_nodes: keys drawn with a thick border (ego centre, path ends, the city).
        highlight_rels: :func:`rel_id` of relationships drawn thick (path edges).
        places: node key → place name, found through ``LOCATED_IN`` (shown in tooltips).
        notes: sentences shown on the page (truncation, grouping …).
        params: what the view was asked for (kept in the page for reproducibility).
    """

    subgraph: Subgraph
    title: str = "iegraph view"
    kind: str = "subgraph"
    highlight_nodes: set[str] = field(default_factory=set)
    highlight_rels: set[str] = field(default_factory=set)
    places: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def node_count(self) -> int:
        return len(self.subgraph.nodes)

    @property
    def rel_count(self) -> int:
        return len(self.subgraph.relationships)


def merge_subgraph(
    nodes: Iterable[Node], rels: Iterable[Relationship], *, drop_dangling: bool = True
) -> Subgraph:
    """A Subgraph without duplicate nodes (by key) or relationships (by :func:`rel_id`).

    Args:
        nodes: nodes in any order, duplicates allowed (the first one wins).
        rels: relationships, duplicates allowed.
        drop_dangling: drop relationships whose start or end is not among ``nodes``.
    """
    by_key: dict[str, Node] = {}
    for n in nodes:
        by_key.setdefault(n.key, n)
    seen: dict[str, Relationship] = {}
    for r in rels:
        if drop_dangling and (r.start not in by_key or r.end not in by_key):
            continue
        seen.setdefault(rel_id(r), r)
    return Subgraph(list(by_key.values()), list(seen.values()))


def view_from_paths(paths: list[Path], title: str = "paths", **kw: Any) -> View:
    """A path view from paths found elsewhere: path ends and every path edge highlighted."""
    nodes = [n for p in paths for n in p.nodes]
    rels = [r for p in paths for r in p.relationships]
    v = View(merge_subgraph(nodes, rels), title=title, kind="path", **kw)
    for p in paths:
        if p.nodes:
            v.highlight_nodes.update({p.nodes[0].key, p.nodes[-1].key})
        v.highlight_rels.update(rel_id(r) for r in p.relationships)
    return v
