"""``/analytics/…``: brokers, communities, gaps, city indicators and policy diffusion.

Every number comes with the relationships (``start|TYPE|end``) and sources it counts. The
indicator definitions are served too (``/analytics/indicators/definitions``), and their text is
part of this schema, so a client can show what each indicator counts.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from iegraph.api.deps import ReadAccess, SchemaDep, SettingsDep, StoreDep, query_timeout
from iegraph.api.problems import responses
from iegraph.api.routers.entities import AsOf
from iegraph.queries import analytics

router = APIRouter(tags=["analytics"], dependencies=[ReadAccess])


class Fact(BaseModel):
    """A relationship that a result counts, with its sources."""

    key: str = Field(description="start key|TYPE|end key")
    start: str
    type: str
    end: str
    sources: list[str]
    subject: str | None = None
    group: str | None = None


class Label(BaseModel):
    zh: str
    en: str


class IndicatorDefinition(BaseModel):
    name: str
    label: Label
    unit: str
    measure: str
    query: str = Field(description="the named query that fetches the evidence")
    description: str


class IndicatorValue(BaseModel):
    name: str
    label: Label
    unit: str
    value: float | int | dict[str, int] | None
    numerator: int | None = None
    denominator: int | None = None
    subjects: list[str] = Field(default_factory=list, description="what was counted")
    matched: list[str] | None = None
    evidence: list[Fact]


class CityIndicators(BaseModel):
    city: str
    as_of: str | None
    indicators: list[IndicatorValue]


class IndicatorComparison(BaseModel):
    cities: list[CityIndicators]


class Neighbour(BaseModel):
    key: str
    name: str
    class_: str = Field(alias="class")
    community: int
    relationships: list[Fact]


class Broker(BaseModel):
    key: str
    name: str
    class_: str = Field(alias="class")
    betweenness: float
    constraint: float | None
    degree: int
    community: int
    communities_bridged: int
    platforms: list[Neighbour]
    partners: list[Neighbour]


class Brokers(BaseModel):
    scope: dict[str, str | None]
    method: dict[str, Any]
    vertices: int
    edges: int
    brokers: list[Broker]


class Member(BaseModel):
    key: str
    name: str
    class_: str = Field(alias="class")


class Facet(BaseModel):
    name: str
    members: int


class Community(BaseModel):
    id: int
    name: str
    industries: list[Facet]
    places: list[Facet]
    size: int
    organisations: int
    platforms: int
    internal_edges: int
    members: list[Member]


class Communities(BaseModel):
    scope: dict[str, str | None]
    method: dict[str, Any]
    vertices: int
    edges: int
    modularity: float
    communities: list[Community]
    singletons: int


class UnservedIndustry(BaseModel):
    key: str
    name: str
    demand: int
    evidence: list[Fact]


class PlatformGap(BaseModel):
    key: str
    name: str
    class_: str | None = Field(default=None, alias="class")
    evidence: list[Fact]


class InstitutionGap(BaseModel):
    key: str
    name: str
    class_: str | None = Field(default=None, alias="class")


class CityGaps(BaseModel):
    city: str
    as_of: str | None
    industries_unserved: list[UnservedIndustry]
    platforms_without_enterprise: list[PlatformGap]
    institutions_without_enterprise: list[InstitutionGap]


class Diffusion(BaseModel):
    root: dict[str, Any]
    policies: list[dict[str, Any]]
    by_class: dict[str, int]
    tree: dict[str, Any]


Scope = Annotated[str | None, Query(max_length=200, description="key or name (either script)")]
City = Annotated[str, Query(min_length=1, max_length=200, description="key or name of a city")]


@router.get("/analytics/indicators/definitions", response_model=list[IndicatorDefinition])
def analytics_indicator_definitions() -> Any:
    """What each city indicator counts (defined once, in the indicators' definitions file)."""
    return [i.to_json() for i in analytics.indicator_definitions()]


@router.get(
    "/analytics/indicators",
    response_model=CityIndicators | IndicatorComparison,
    responses=responses(401, 404, 422, 503, 504),
    description="The city's 产教融合 indicators, each with the facts it counts.\n\n"
    + analytics.definitions_help(),
)
def analytics_indicators(
    store: StoreDep,
    settings: SettingsDep,
    schema: SchemaDep,
    city: City,
    compare: Annotated[list[str] | None, Query(description="other cities, side by side")] = None,
    as_of: AsOf = None,
) -> Any:
    """Example: ``GET /api/v1/analytics/indicators?city=深圳市&compare=宁波市``"""
    t = query_timeout(settings)
    res = [
        analytics.city_indicators(store, c, as_of=as_of, schema=schema, timeout=t)
        for c in [city, *(compare or [])][:10]
    ]
    return res[0] if len(res) == 1 else {"cities": res}


@router.get("/analytics/gaps", response_model=CityGaps, responses=responses(401, 404, 422, 503))
def analytics_gaps(
    store: StoreDep, settings: SettingsDep, schema: SchemaDep, city: City, as_of: AsOf = None
) -> Any:
    """Industries of the city no platform or institution serves; platforms with no enterprise
    builder or lead; institutions with no enterprise partner.

    Example: ``GET /api/v1/analytics/gaps?city=深圳市``
    """
    return analytics.city_gaps(
        store, city, as_of=as_of, schema=schema, timeout=query_timeout(settings)
    )


@router.get("/analytics/brokers", response_model=Brokers, responses=responses(401, 404, 422, 503))
def analytics_brokers(
    store: StoreDep,
    schema: SchemaDep,
    city: Scope = None,
    industry: Scope = None,
    top: Annotated[int, Query(ge=1, le=1000)] = 20,
) -> Any:
    """Organisations that bridge separate parts of the ecosystem (betweenness, Burt's
    constraint), with the platforms and partners that make them brokers.

    Example: ``GET /api/v1/analytics/brokers?city=深圳市&top=10``
    """
    return analytics.brokers(store, city=city, industry=industry, top=top, schema=schema)


@router.get(
    "/analytics/communities", response_model=Communities, responses=responses(401, 404, 422, 503)
)
def analytics_communities(
    store: StoreDep,
    schema: SchemaDep,
    city: Scope = None,
    industry: Scope = None,
    min_size: Annotated[int, Query(ge=1, le=10_000)] = 2,
) -> Any:
    """Leiden communities of organisations and platforms, named by dominant industries and
    places.

    Example: ``GET /api/v1/analytics/communities?city=深圳市``
    """
    return analytics.communities(
        store, city=city, industry=industry, min_size=min_size, schema=schema
    )


@router.get("/analytics/diffusion", response_model=Diffusion, responses=responses(401, 404, 422))
def analytics_diffusion(
    store: StoreDep,
    settings: SettingsDep,
    schema: SchemaDep,
    policy: Annotated[str, Query(min_length=1, max_length=300, description="key or title")],
    depth: Annotated[int, Query(ge=1, le=8)] = 6,
) -> Any:
    """The citation tree of a policy down to provincial and city policies, with lags.

    Example: ``GET /api/v1/analytics/diffusion?policy=关于深化产教融合的若干意见``
    """
    return analytics.diffusion(
        store, policy, depth=depth, schema=schema, timeout=query_timeout(settings)
    )
