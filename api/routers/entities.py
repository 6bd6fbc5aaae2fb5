"""``/entities``: search, one entity, and its neighbourhood."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from iegraph.api.deps import ReadAccess, SchemaDep, SettingsDep, StoreDep, query_timeout
from iegraph.api.problems import responses
from iegraph.api.routers.models import Entity, Neighbourhood, SearchPage
from iegraph.ontology.errors import NotFound
from iegraph.ontology.values import DateText
from iegraph.queries.named import ParamSpec, coerce
from iegraph.queries.neighbours import neighbourhood
from iegraph.queries.search import expand_classes, search_entities

if TYPE_CHECKING:
    from iegraph.graph.store import GraphStore
    from iegraph.ontology.schema import Schema
    from iegraph.ontology.settings import Settings

router = APIRouter(tags=["entities"], dependencies=[ReadAccess])

AsOf = Annotated[
    DateText | None,
    Query(
        max_length=10,
        description="a date to a year, a month or a day: 2023, 2023-09 or 2023-09-04",
        examples=["2023-09-04"],
    ),
]
Classes = Annotated[
    list[str] | None,
    Query(
        alias="class",
        max_length=20,
        description="class names or labels (any language); subclasses included",
    ),
]
Types = Annotated[
    list[str] | None, Query(max_length=20, description="relation types (repeat or comma-separate)")
]


def relation_types(schema: SchemaDep, raw: list[str] | None) -> list[str] | None:
    """Relation types from the query string, validated against the ontology."""
    if not raw:
        return None
    items = [p.strip() for r in raw for p in r.split(",") if p.strip()]
    if not items:
        return None
    value = coerce(ParamSpec("types", "list[relation]"), items, schema)
    return list(value) if value else None


@router.get(
    "/entities",
    name="search",
    response_model=SearchPage,
    response_model_by_alias=True,
    responses=responses(401, 404, 422, 503, 504),
)
def list_entities(
    store: StoreDep,
    settings: SettingsDep,
    schema: SchemaDep,
    q: Annotated[
        str,
        Query(
            max_length=200, description="name, alias or former name, any script, or a part of one"
        ),
    ] = "",
    classes: Classes = None,
    place: Annotated[
        str | None, Query(max_length=200, description="key or name of a place")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> SearchPage:
    """Search entities (exact name > prefix > substring > alias), filter by class and place.

    Example: ``GET /api/v1/entities?q=職業&class=Institution&limit=10``
    """
    cls = expand_classes(schema, [c for r in classes or [] for c in r.split(",") if c.strip()])
    out = search_entities(
        store,
        q,
        classes=cls,
        place=place or None,
        limit=limit,
        offset=offset,
        schema=schema,
        timeout=query_timeout(settings),
    )
    return SearchPage.model_validate(out)


#: the neighbour route's integer parameters: (least, greatest, default); the fast path
#: (:mod:`api.fastpath`) takes the same
NEIGHBOUR_INTS = {"hops": (1, 3, 1), "limit": (1, 1000, 100), "offset": (0, 1_000_000, 0)}
_H, _L, _O = NEIGHBOUR_INTS["hops"], NEIGHBOUR_INTS["limit"], NEIGHBOUR_INTS["offset"]


@router.get(
    "/entities/{key:path}/neighbors",
    name="neighbours",
    response_model=Neighbourhood,
    responses=responses(401, 404, 422, 503, 504),
)
def neighbors(
    key: str,
    store: StoreDep,
    settings: SettingsDep,
    schema: SchemaDep,
    hops: Annotated[int, Query(ge=_H[0], le=_H[1])] = _H[2],
    types: Types = None,
    classes: Classes = None,
    as_of: AsOf = None,
    limit: Annotated[int, Query(ge=_L[0], le=_L[1])] = _L[2],
    offset: Annotated[int, Query(ge=_O[0], le=_O[1])] = _O[2],
) -> Neighbourhood:
    """The entities within ``hops`` (1–3) and the relationships among them, with evidence.

    Example: ``GET /api/v1/entities/institution:深圳职业技术大学/neighbors?hops=2&as_of=2024``
    """
    out = neighbours_answer(
        store,
        settings,
        schema,
        key,
        hops=hops,
        types=types,
        classes=classes,
        as_of=as_of,
        limit=limit,
        offset=offset,
    )
    # the hot path: the dict already has the documented shape (tests check it against the
    # model), so it is sent as is rather than validated and re-serialised on every request
    return JSONResponse(out)  # type: ignore[return-value]


def neighbours_answer(
    store: GraphStore,
    settings: Settings,
    schema: Schema,
    key: str,
    *,
    hops: int,
    types: list[str] | None = None,
    classes: list[str] | None = None,
    as_of: str | None = None,
    limit: int,
    offset: int,
) -> dict[str, Any]:
    """The neighbour route's answer (also given by the fast path, :mod:`api.fastpath`)."""
    cls = expand_classes(schema, [c for r in classes or [] for c in r.split(",") if c.strip()])
    return neighbourhood(
        store,
        key,
        hops=hops,
        types=relation_types(schema, types),
        classes=cls,
        as_of=as_of,
        limit=limit,
        offset=offset,
        timeout=query_timeout(settings),
    )


@router.get(
    "/entities/{key:path}",
    name="get",
    response_model=Entity,
    responses=responses(401, 404, 503, 504),
)
def get_entity(key: str, store: StoreDep) -> Entity:
    """One entity by key, with every property (aliases, sources, validity).

    Example: ``GET /api/v1/entities/institution:深圳职业技术大学``
    """
    node = store.get_node(key)
    if node is None:
        raise NotFound(
            f"no entity with key {key!r}", hint="find keys with GET /api/v1/entities?q=…", key=key
        )
    return Entity.model_validate(node.to_json())
