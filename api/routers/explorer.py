"""``/explorer/*``: what the explorer page (served at ``/``) needs beyond the other resources.

The page uses only the public API: search (``/entities``), neighbours, ``/paths``,
``/queries``, ``/cypher``, ``/ingest``, ``/jobs``, ``/sources`` and these:

* ``GET /explorer/style`` — the ontology's classes and relation types with their labels in
  zh-Hans / zh-Hant / en, colours and shapes (the static views' style, :mod:`graph.views.style`)
* ``GET /explorer/entities/{key}`` — an entity for the details panel, with every source and
  the evidence (sentence or row) each one gave
* ``GET /explorer/timeline`` — the years the graph's validity dates span (the ``as of`` slider)
* ``GET /explorer/city`` — a city's ecosystem as nodes and relationships, counted by class
* ``POST /explorer/subgraph`` — given node keys: those nodes and the relationships among them
* ``POST /explorer/export`` — exactly the given nodes and relationships in an export format

Example: ``GET /api/v1/explorer/entities/institution:深圳职业技术大学``
"""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from iegraph.api.deps import ReadAccess, SchemaDep, SettingsDep, StoreDep, query_timeout
from iegraph.api.problems import responses
from iegraph.api.routers.entities import AsOf, Classes
from iegraph.api.routers.export import FormatName
from iegraph.graph.exports import FORMATS, serialize
from iegraph.graph.views.style import Styler
from iegraph.ontology.schema import Schema
from iegraph.queries.explorer import (
    MAX_KEYS,
    entity_details,
    explorer_search,
    subgraph_of,
    time_range,
    visible_subgraph,
)
from iegraph.queries.paths import relationship_json
from iegraph.queries.search import expand_classes

router = APIRouter(prefix="/explorer", tags=["explorer"], dependencies=[ReadAccess])


class SearchHit(BaseModel):
    key: str
    name: str
    class_: str | None = Field(None, alias="class")
    top: str | None = None
    place: str | None = Field(None, description="where it is located (name)")
    snippet: str = Field(description="the name, alias, former name or code that matched")

    model_config = ConfigDict(populate_by_name=True)


class SearchOut(BaseModel):
    query: str
    total: int
    items: list[SearchHit]


class ClassStyleOut(BaseModel):
    name: str
    parent: str | None
    top: str
    labels: dict[str, str] = Field(description="zh-Hans, zh-Hant, en")
    color: str
    shape: str = Field(description="vis-network shape")
    legend: str = Field(description="legend text, as the static views write it")


class RelStyleOut(BaseModel):
    name: str
    labels: dict[str, str]
    color: str
    label: str = Field(description="short label drawn on the edge")
    legend: str
    symmetric: bool
    domain: list[str]
    range: list[str]


class StyleOut(BaseModel):
    classes: list[ClassStyleOut]
    relations: list[RelStyleOut]
    features: dict[str, bool] = Field(
        default_factory=dict,
        description="optional resources this server has (indicators: GET "
        "/analytics/indicators); the page shows their panels only then",
    )


class SourceEvidence(BaseModel):
    key: str
    title: str
    kind: str
    url: str
    file: str
    ingested_at: str
    mentions: list[dict[str, Any]] = Field(description="evidence of the entity itself")
    relations: list[dict[str, Any]] = Field(
        description="relationships of the entity this source asserted, each with its evidence "
        "(sentence or row)"
    )


class EntityDetails(BaseModel):
    key: str
    class_: str | None = Field(None, alias="class")
    top: str | None
    labels: list[str]
    names: dict[str, str | None] = Field(description="zh-Hans, zh-Hant and (if known) en")
    aliases: list[str]
    former_names: list[str]
    properties: dict[str, Any]
    valid: dict[str, Any]
    degree: dict[str, int] = Field(description="relationships by type")
    sources: list[SourceEvidence]
    relationships_total: int
    relationships_shown: int

    model_config = ConfigDict(populate_by_name=True)


class Timeline(BaseModel):
    min: int | None = Field(description="first year any node or relationship is dated")
    max: int | None
    years: dict[str, int] = Field(description="dated items per year")


class GraphOut(BaseModel):
    nodes: list[dict[str, Any]] = Field(description="{key, labels, properties}")
    relationships: list[dict[str, Any]] = Field(description="{id, type, start, end, …, evidence}")
    missing: list[str] = []


class CityOut(GraphOut):
    city: dict[str, Any]
    counts: dict[str, int] = Field(description="nodes by top-level class")


class KeysIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    nodes: list[str] = Field(max_length=MAX_KEYS, description="node keys")
    relationships: list[str] | None = Field(
        None,
        max_length=4 * MAX_KEYS,
        description="relationship ids (start|TYPE|end); only these, when given",
    )


class ExportIn(KeysIn):
    format: FormatName = "graphml"


@router.get("/search", response_model=SearchOut, responses=responses(401, 422, 503, 504))
def search(
    store: StoreDep,
    settings: SettingsDep,
    schema: SchemaDep,
    q: Annotated[str, Query(max_length=200, description="name, alias, former name or code")] = "",
    classes: Classes = None,
    limit: Annotated[int, Query(ge=1, le=50)] = 12,
) -> SearchOut:
    """Search as you type: names in either script, former names, aliases and official codes;
    each hit with its class, place and what matched.

    Example: ``GET /api/v1/explorer/search?q=職業``
    """
    cls = expand_classes(schema, [c for r in classes or [] for c in r.split(",") if c.strip()])
    return SearchOut.model_validate(
        explorer_search(
            store, q, classes=cls, limit=limit, schema=schema, timeout=query_timeout(settings)
        )
    )


@router.get("/style", response_model=StyleOut, responses=responses(401))
def style(schema: SchemaDep, request: Request) -> StyleOut:
    """Colours, shapes and labels of every class and relation type, from the ontology; and
    which optional resources the server has."""
    return style_of(schema, request)


def style_of(schema: Schema, request: Request) -> StyleOut:
    """The style answer (also written into the explorer page, saving it one round trip)."""
    classes, rels = _styles(schema)
    return StyleOut(
        classes=classes, relations=rels, features={"indicators": _has(request, _INDICATORS)}
    )


_STYLE_CACHE: list[tuple[Schema, list[ClassStyleOut], list[RelStyleOut]]] = []


def _styles(schema: Schema) -> tuple[list[ClassStyleOut], list[RelStyleOut]]:
    """The style tables of one compiled schema (built once: every page load asks for them)."""
    for cached, classes, rels in _STYLE_CACHE:
        if cached is schema:
            return classes, rels
    st = Styler(schema)
    classes = []
    for name, c in sorted(schema.classes.items()):
        cs = st.class_style(name)
        classes.append(
            ClassStyleOut(
                name=name,
                parent=c.parent,
                top=c.top,
                labels=dict(c.labels),
                color=cs.color,
                shape=cs.shape,
                legend=cs.label,
            )
        )
    rels = []
    for name, r in sorted(schema.relations.items()):
        rs = st.rel_style(name)
        rels.append(
            RelStyleOut(
                name=name,
                labels=dict(r.labels),
                color=rs.color,
                label=rs.label,
                legend=rs.long_label,
                symmetric=r.symmetric,
                domain=list(r.domain),
                range=list(r.range),
            )
        )
    _STYLE_CACHE[:] = [(schema, classes, rels)]
    return classes, rels


#: the analytics router's operation for a city's indicators (looked up by route name: the
#: app's route table nests included routers, and building the OpenAPI document takes seconds)
_INDICATORS = "analytics_indicators"


def _has(request: Request, route_name: str) -> bool:
    from starlette.routing import NoMatchFound

    try:
        request.app.url_path_for(route_name)
    except NoMatchFound:
        return False
    return True


@router.get(
    "/entities/{key:path}", response_model=EntityDetails, responses=responses(401, 404, 503, 504)
)
def details(key: str, store: StoreDep) -> EntityDetails:
    """An entity with its names in both scripts, class, properties, and every source that
    asserted it or one of its relationships, with the evidence each gave.

    Example: ``GET /api/v1/explorer/entities/institution:深圳职业技术大学``
    """
    return EntityDetails.model_validate(entity_details(store, key))


@router.get("/timeline", response_model=Timeline, responses=responses(401, 503, 504))
def timeline(store: StoreDep, settings: SettingsDep) -> Timeline:
    """The years spanned by the validity dates of nodes and relationships."""
    return Timeline.model_validate(time_range(store, timeout=query_timeout(settings)))


@router.get("/city", response_model=CityOut, responses=responses(401, 404, 422, 503, 504))
def city(
    store: StoreDep,
    schema: SchemaDep,
    name: Annotated[
        str, Query(alias="city", min_length=1, max_length=200, description="key or name of a place")
    ],
    as_of: AsOf = None,
) -> CityOut:
    """A city's ecosystem: its platforms, institutions, enterprises, industries and policies
    (what ``GET /views/city`` draws), as data.

    Example: ``GET /api/v1/explorer/city?city=深圳市``
    """
    from iegraph.queries.views import city_view

    v = city_view(store, name, as_of=as_of, schema=schema)
    sub = v.subgraph
    centre = next((n for n in sub.nodes if n.key in v.highlight_nodes), None)
    counts = Counter(str(n.props.get("top") or "Entity") for n in sub.nodes)
    return CityOut(
        city=centre.to_json() if centre else {},
        nodes=[n.to_json() for n in sub.nodes],
        relationships=[relationship_json(r) for r in sub.relationships],
        counts=dict(sorted(counts.items())),
    )


@router.post("/subgraph", response_model=GraphOut, responses=responses(401, 413, 422, 503, 504))
def subgraph(body: KeysIn, store: StoreDep, settings: SettingsDep) -> GraphOut:
    """The given nodes and the relationships among them (all, or only the given ids)."""
    return GraphOut.model_validate(
        subgraph_of(
            store,
            body.nodes,
            relationship_ids=body.relationships,
            timeout=query_timeout(settings),
        )
    )


@router.post(
    "/export",
    response_class=Response,
    responses={
        200: {
            "description": "the export of exactly the given nodes and relationships",
            "content": {f.media_type: {} for f in FORMATS.values()},
        },
        **responses(401, 413, 422, 503, 504),
    },
)
def export_visible(
    body: ExportIn, store: StoreDep, schema: SchemaDep, settings: SettingsDep
) -> Response:
    """Export what the page shows: the given nodes and (only) the given relationships.

    Example: ``POST /api/v1/explorer/export {"format": "graphml", "nodes": ["…"],
    "relationships": ["a|LEADS|b"]}``
    """
    sub, _missing = visible_subgraph(
        store, body.nodes, relationship_ids=body.relationships, timeout=query_timeout(settings)
    )
    f = FORMATS[body.format]
    data = serialize(sub, f.name, schema)
    media = f.media_type + ("; charset=utf-8" if f.name in ("ttl", "nt", "cypher") else "")
    filename = f"iegraph-explorer.{f.extension}"
    return Response(
        data,
        media_type=media,
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}",
            "X-Iegraph-Nodes": str(len(sub.nodes)),
            "X-Iegraph-Relationships": str(len(sub.relationships)),
        },
    )
