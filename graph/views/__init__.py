"""Network pictures of the graph: pyvis pages styled by the ontology, offline and self-contained.

Build a :class:`View` from a store (ego, path, query, city) or by hand, then render it:

Example:
    >>> from iegraph.graph import open_store
    >>> from iegraph.graph.views import ego_view, city_view, write_view
    >>> with open_store() as store:
    ...     write_view(ego_view(store, "深圳职业技术大学", hops=2), "ego.html")
    ...     write_view(city_view(store, "深圳市"), "shenzhen.html")
"""

from __future__ import annotations

__version__ = "0.1.0"

from iegraph.graph.views.build import (
    city_view,
    ego_view,
    path_view,
    query_view,
    resolve_entity,
    subgraph_from_result,
    write_city_view,
)
from iegraph.graph.views.group import DEFAULT_CAP, group_view
from iegraph.graph.views.model import View, merge_subgraph, rel_id, view_from_paths
from iegraph.graph.views.render import Drawing, prepare, render, render_drawing, write_view

__all__ = [
    "DEFAULT_CAP",
    "Drawing",
    "View",
    "city_view",
    "ego_view",
    "group_view",
    "merge_subgraph",
    "path_view",
    "prepare",
    "query_view",
    "rel_id",
    "render",
    "render_drawing",
    "resolve_entity",
    "subgraph_from_result",
    "view_from_paths",
    "write_city_view",
    "write_view",
]
