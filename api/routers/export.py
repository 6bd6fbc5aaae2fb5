"""``/export``: the whole graph, a neighbourhood or a query result in an exchange format.

Example: ``GET /api/v1/export?format=gexf&center=深圳职业技术大学&hops=2``
"""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import quote

from fastapi import APIRouter, Query
from fastapi.responses import Response

from iegraph.api.deps import ReadAccess, SchemaDep, StoreDep
from iegraph.api.problems import responses
from iegraph.api.routers.entities import AsOf, Classes, Types
from iegraph.api.routers.views import _params, _split
from iegraph.graph.exports import FORMATS
from iegraph.queries.exports import export

router = APIRouter(tags=["export"], dependencies=[ReadAccess])

FormatName = Literal[
    "graphml", "graphml-plain", "gexf", "json", "csv", "ttl", "jsonld", "nt", "cypher"
]
assert set(FormatName.__args__) == set(FORMATS)  # type: ignore[attr-defined]


@router.get(
    "/export",
    name="graph",
    response_class=Response,
    responses={
        200: {
            "description": "the export (media type per format)",
            "content": {f.media_type: {} for f in FORMATS.values()},
        },
        **responses(400, 401, 404, 422, 503, 504),
    },
)
def export_graph(
    store: StoreDep,
    schema: SchemaDep,
    format: Annotated[
        FormatName,
        Query(description="; ".join(f"{f.name}: {f.description}" for f in FORMATS.values())),
    ],
    center: Annotated[
        str | None, Query(max_length=200, description="key or name: export this neighbourhood")
    ] = None,
    hops: Annotated[int, Query(ge=1, le=3)] = 1,
    q: Annotated[
        str | None,
        Query(alias="query", max_length=5000, description="named query or read-only Cypher"),
    ] = None,
    param: Annotated[list[str] | None, Query(description="k=v, repeatable")] = None,
    types: Types = None,
    classes: Classes = None,
    as_of: AsOf = None,
) -> Response:
    """Export in ``format``; with ``center`` (and ``hops``) or ``query`` (and ``param``) only
    that part of the graph.

    Example: ``GET /api/v1/export?format=graphml`` (the whole graph)
    """
    out = export(
        store,
        format,
        schema=schema,
        center=center,
        hops=hops,
        query=q,
        params=_params(param),
        types=_split(types),
        classes=_split(classes),
        as_of=as_of,
    )
    media = out.media_type + ("; charset=utf-8" if out.format in ("ttl", "nt", "cypher") else "")
    return Response(
        out.data,
        media_type=media,
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(out.filename)}",
            "X-Iegraph-Nodes": str(out.nodes),
            "X-Iegraph-Relationships": str(out.relationships),
        },
    )
