"""``/views/*``: network pictures as self-contained HTML pages (offline, no CDN).

Example: ``GET /api/v1/views/ego?key=深圳职业技术大学&hops=2`` → ``text/html``
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from iegraph.api.deps import ReadAccess, SchemaDep, StoreDep
from iegraph.api.problems import responses
from iegraph.api.routers.entities import AsOf, Classes, Types
from iegraph.graph.views.group import DEFAULT_CAP
from iegraph.graph.views.model import View
from iegraph.graph.views.render import render
from iegraph.ontology.schema import Schema
from iegraph.queries.views import city_view, ego_view, path_view, query_view

router = APIRouter(prefix="/views", tags=["views"], dependencies=[ReadAccess])

Cap = Annotated[
    int,
    Query(ge=1, le=20_000, description="most nodes drawn one by one; above it nodes are grouped"),
]
GroupBy = Annotated[Literal["class_place", "community"], Query(description="how to group")]
_HTML: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/html": {}}, "description": "a self-contained HTML page"}
}


def _split(items: list[str] | None) -> list[str] | None:
    out = [p.strip() for it in items or [] for p in it.split(",") if p.strip()]
    return out or None


def _page(view: View, schema: Schema, cap: int, group_by: str) -> HTMLResponse:
    html = render(view, schema, cap=cap, group_by=group_by)
    # the page inlines everything it needs; the header repeats the page's own policy
    return HTMLResponse(
        html,
        headers={
            "Content-Security-Policy": "default-src 'none'; script-src 'unsafe-inline'; "
            "style-src 'unsafe-inline'; img-src data: blob:"
        },
    )


@router.get(
    "/ego",
    name="ego",
    response_class=HTMLResponse,
    responses={**_HTML, **responses(401, 404, 422, 503)},
)
def ego(
    store: StoreDep,
    schema: SchemaDep,
    key: Annotated[
        str, Query(min_length=1, max_length=200, description="key or exact name (either script)")
    ],
    hops: Annotated[int, Query(ge=1, le=3)] = 1,
    types: Types = None,
    classes: Classes = None,
    as_of: AsOf = None,
    cap: Cap = DEFAULT_CAP,
    group_by: GroupBy = "class_place",
) -> HTMLResponse:
    """An entity and its neighbourhood (1–3 hops).

    Example: ``GET /api/v1/views/ego?key=深圳职业技术大学&hops=2``
    """
    v = ego_view(store, key, hops, _split(classes), _split(types), as_of, schema=schema)
    return _page(v, schema, cap, group_by)


@router.get(
    "/path",
    name="path",
    response_class=HTMLResponse,
    responses={**_HTML, **responses(401, 404, 422, 503)},
)
def path(
    store: StoreDep,
    schema: SchemaDep,
    source: Annotated[str, Query(min_length=1, max_length=200)],
    target: Annotated[str, Query(min_length=1, max_length=200)],
    k: Annotated[int, Query(ge=1, le=10)] = 3,
    max_hops: Annotated[int, Query(ge=1, le=6)] = 4,
    mode: Annotated[Literal["shortest", "all"], Query()] = "shortest",
    types: Types = None,
    classes: Classes = None,
    as_of: AsOf = None,
) -> HTMLResponse:
    """The paths between two entities, highlighted.

    Example: ``GET /api/v1/views/path?source=深圳职业技术大学&target=华为技术有限公司&k=3``
    """
    v = path_view(
        store,
        source,
        target,
        k=k,
        max_hops=max_hops,
        mode=mode,
        types=_split(types),
        classes=_split(classes),
        as_of=as_of,
        schema=schema,
    )
    return _page(v, schema, DEFAULT_CAP, "class_place")


@router.get(
    "/query",
    name="query",
    response_class=HTMLResponse,
    responses={**_HTML, **responses(400, 401, 404, 422, 503, 504)},
)
def query(
    store: StoreDep,
    schema: SchemaDep,
    q: Annotated[
        str,
        Query(
            alias="query",
            min_length=1,
            max_length=5000,
            description="a named query or read-only Cypher",
        ),
    ],
    param: Annotated[list[str] | None, Query(description="k=v, repeatable")] = None,
    cap: Cap = DEFAULT_CAP,
    group_by: GroupBy = "class_place",
) -> HTMLResponse:
    """What a named query or read-only Cypher returns.

    Example: ``GET /api/v1/views/query?query=platforms_of_city&param=city=深圳市``
    """
    v = query_view(store, q, _params(param), schema=schema)
    return _page(v, schema, cap, group_by)


@router.get(
    "/city",
    name="city",
    response_class=HTMLResponse,
    responses={**_HTML, **responses(401, 404, 422, 503)},
)
def city(
    store: StoreDep,
    schema: SchemaDep,
    name: Annotated[
        str, Query(alias="city", min_length=1, max_length=200, description="key or name of a place")
    ],
    as_of: AsOf = None,
    cap: Cap = DEFAULT_CAP,
    group_by: GroupBy = "class_place",
) -> HTMLResponse:
    """A city's 产教融合 ecosystem.

    Example: ``GET /api/v1/views/city?city=深圳市``
    """
    v = city_view(store, name, as_of=as_of, schema=schema)
    return _page(v, schema, cap, group_by)


def _params(items: list[str] | None) -> dict[str, object]:
    """``k=v`` pairs; values parsed as JSON when they parse (as on the command line)."""
    import json

    from iegraph.ontology.errors import ValidationError

    out: dict[str, object] = {}
    for item in items or []:
        if "=" not in item:
            raise ValidationError(
                f"param {item!r} is not k=v", hint="send param=name=value", field="param"
            )
        k, v = item.split("=", 1)
        try:
            out[k] = json.loads(v)
        except json.JSONDecodeError:
            out[k] = v
    return out
