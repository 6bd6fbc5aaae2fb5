"""Exports of part of a store: an ego neighbourhood or a query's result, selected with the
view builders (:mod:`queries.views`), then serialised by :mod:`graph.exports`.

Example:
    >>> from iegraph.queries.exports import collect, export, write_export
    >>> sub = collect(store)                                   # whole graph
    >>> sub = collect(store, center="深圳职业技术大学", hops=2)
    >>> sub = collect(store, query="platforms_of_city", params={"city": "place:深圳市"})
    >>> write_export(store, "gexf", "ego.gexf", center="深圳职业技术大学", hops=2)
    PosixPath('ego.gexf')
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iegraph.graph import exports as gx
from iegraph.graph.exports.scope import filter_as_of, whole_graph
from iegraph.graph.model import Subgraph
from iegraph.graph.views.dates import parse_as_of
from iegraph.graph.views.model import View
from iegraph.ontology.errors import ValidationError
from iegraph.queries.views import ego_view, query_view

if TYPE_CHECKING:
    from iegraph.graph.store import GraphStore
    from iegraph.ontology.schema import Schema


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
    day = parse_as_of(as_of)  # refuse a bad date before any work
    if center and query:
        raise ValidationError(
            "give either --center or --query, not both",
            hint="export a neighbourhood (--center KEY --hops N) or a query "
            "result (--query NAME --param k=v)",
        )
    if center:
        return ego_view(store, center, hops, classes, types, as_of, schema=schema).subgraph
    if query:
        return filter_as_of(query_view(store, query, params, schema=schema).subgraph, day)
    return filter_as_of(whole_graph(store), day)


def export(
    source: GraphStore | Subgraph | View,
    fmt: str,
    *,
    schema: Schema | None = None,
    center: str | None = None,
    hops: int = 1,
    query: str | None = None,
    params: dict[str, Any] | None = None,
    types: Sequence[str] | None = None,
    classes: Sequence[str] | None = None,
    as_of: str | None = None,
) -> gx.Export:
    """Export a store (whole graph, ``center``/``hops`` neighbourhood or ``query`` result), a
    :class:`~graph.model.Subgraph` or a :class:`~graph.views.model.View` in ``fmt``.

    Raises:
        ValidationError: unknown format, or scope options given with a subgraph.
        NotFound: the centre entity or the named query does not exist.
    """
    gx.check_format(fmt)
    if isinstance(source, View | Subgraph):
        if center or query:
            raise ValidationError(
                "--center / --query select from a store, not from a subgraph",
                hint="pass the store, or drop the scope options",
            )
        sub = source.subgraph if isinstance(source, View) else source
        # --as-of holds for a subgraph or view too (the same filter as for a store)
        return gx.export(filter_as_of(sub, parse_as_of(as_of)), fmt, schema=schema)
    sub = collect(
        source,
        center=center,
        hops=hops,
        query=query,
        params=params,
        types=types,
        classes=classes,
        as_of=as_of,
        schema=schema,
    )
    scope = "graph" if not (center or query) else ("ego" if center else "query")
    return gx.export(sub, fmt, schema=schema, scope=scope)


def write_export(
    source: GraphStore | Subgraph | View, fmt: str, path: str | os.PathLike[str], **kw: Any
) -> Path:
    """:func:`export` and write the bytes atomically to ``path``."""
    from iegraph.graph.views.render import write_text_atomic

    return write_text_atomic(path, export(source, fmt, **kw).data)
