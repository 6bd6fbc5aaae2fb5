"""Network pictures of the graph: pyvis pages styled by the ontology, offline and self-contained.

Build a :class:`View` by hand or fetch one from a store with the builders of
:mod:`queries.views` (ego, path, query, city), then render it:

Example:
    >>> from iegraph.graph import open_store
    >>> from iegraph.graph.views import write_view
    >>> from iegraph.queries.views import city_view, ego_view
    >>> with open_store() as store:
    ...     write_view(ego_view(store, "深圳职业技术大学", hops=2), "ego.html")
    ...     write_view(city_view(store, "深圳市"), "shenzhen.html")
"""

from __future__ import annotations

__version__ = "0.1.0"

from iegraph.graph.views.group import DEFAULT_CAP, group_view
from iegraph.graph.views.model import View, merge_subgraph, rel_id, view_from_paths
from iegraph.graph.views.render import Drawing, prepare, render, render_drawing, write_view

__all__ = [
    "DEFAULT_CAP",
    "Drawing",
    "View",
    "group_view",
    "merge_subgraph",
    "prepare",
    "rel_id",
    "render",
    "render_drawing",
    "view_from_paths",
    "write_view",
]
