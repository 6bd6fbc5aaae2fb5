"""``/paths``: relation paths between two entities, with the evidence of every step."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from iegraph.api.deps import ReadAccess, SchemaDep, SettingsDep, StoreDep, query_timeout
from iegraph.api.problems import responses
from iegraph.api.routers.entities import AsOf, Classes, Types, relation_types
from iegraph.api.routers.models import Paths
from iegraph.queries.paths import MAX_HOPS, MAX_K, find_paths
from iegraph.queries.search import expand_classes

router = APIRouter(tags=["paths"], dependencies=[ReadAccess])


@router.get(
    "/paths", name="find", response_model=Paths, responses=responses(401, 404, 422, 503, 504)
)
def paths(
    store: StoreDep,
    settings: SettingsDep,
    schema: SchemaDep,
    source: Annotated[
        str, Query(min_length=1, max_length=200, description="key or exact name (either script)")
    ],
    target: Annotated[
        str, Query(min_length=1, max_length=200, description="key or exact name (either script)")
    ],
    max_hops: Annotated[int, Query(ge=1, le=MAX_HOPS)] = MAX_HOPS,
    k: Annotated[int, Query(ge=1, le=MAX_K, description="how many paths, best first")] = 1,
    mode: Annotated[
        Literal["shortest", "all"],
        Query(description="shortest: the k best; all: every shortest path"),
    ] = "shortest",
    types: Types = None,
    classes: Classes = None,
    as_of: AsOf = None,
) -> Paths:
    """Shortest (or k best, or all shortest) undirected paths of at most ``max_hops``.

    Example: ``GET /api/v1/paths?source=深圳职业技术大学&target=华为技术有限公司&k=3``
    """
    cls = expand_classes(schema, [c for r in classes or [] for c in r.split(",") if c.strip()])
    out = find_paths(
        store,
        source,
        target,
        k=k,
        mode=mode,
        max_hops=max_hops,
        types=relation_types(schema, types),
        classes=cls,
        as_of=as_of,
        timeout=query_timeout(settings),
    )
    items = out.pop("paths")
    return Paths.model_validate(
        {
            **out,
            "items": items,
            "total": len(items),
            "limit": k if mode == "shortest" else 100,
            "offset": 0,
        }
    )
