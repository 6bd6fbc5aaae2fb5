"""Input and output models of the HTTP API (pydantic), shared by the routers."""

from __future__ import annotations

import datetime as _dt
import math
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from iegraph.graph.model import Node, Path, Relationship


def to_jsonable(v: Any) -> Any:
    """A query value (project types, lists, maps, primitives) as JSON data."""
    if isinstance(v, Node | Path):
        return v.to_json()
    if isinstance(v, Relationship):
        from iegraph.queries.paths import relationship_json

        return relationship_json(v)
    if isinstance(v, list | tuple):
        return [to_jsonable(x) for x in v]
    if isinstance(v, dict):
        return {str(k): to_jsonable(x) for k, x in v.items()}
    if isinstance(v, _dt.date | _dt.datetime | _dt.time):
        return v.isoformat()
    if isinstance(v, bytes):
        return v.decode("utf-8", "replace")
    if isinstance(v, float) and not math.isfinite(v):
        return str(v)  # JSON has no NaN / Infinity
    return v


class Page(BaseModel):
    total: int = Field(description="items matching, over all pages")
    limit: int
    offset: int


class Health(BaseModel):
    status: str = Field(examples=["ok"])
    backend: str
    version: str
    ontology_version: str


class Stats(BaseModel):
    nodes: dict[str, int]
    relationships: dict[str, int]


class Entity(BaseModel):
    key: str
    labels: list[str]
    properties: dict[str, Any]


class NeighbourNode(Entity):
    distance: int


class RelationshipOut(BaseModel):
    id: str
    type: str
    start: str
    end: str
    properties: dict[str, Any]
    evidence: list[dict[str, Any]] = Field(
        description="where the relationship comes from: source, locator (sentence or row), "
        "text, extractor, confidence …"
    )


class SearchItem(BaseModel):
    key: str
    name: str
    class_: str | None = Field(None, alias="class")
    top: str | None = None
    aliases: list[str] = []
    rank: int = Field(
        description="0 exact name, 1 exact alias or former name, 2 name "
        "prefix, 3 name substring, 4 alias prefix, 5 alias substring"
    )
    labels: list[str] = []

    model_config = ConfigDict(populate_by_name=True)


class SearchPage(Page):
    query: str
    capped: bool = Field(
        False,
        description="more entities match than are ranked (2,000): total is that cap, exact "
        "names come first, then the best of the first 2,000 — a longer text narrows it",
    )
    items: list[SearchItem]


class Neighbourhood(Page):
    center: Entity
    hops: int
    truncated: bool = Field(description="the neighbourhood was cut at 10,000 nodes")
    nodes: list[NeighbourNode]
    relationships: list[RelationshipOut]


class PathOut(BaseModel):
    length: int
    nodes: list[Entity]
    relationships: list[RelationshipOut]


class Paths(Page):
    source: Entity
    target: Entity
    max_hops: int
    items: list[PathOut]


class ParamInfo(BaseModel):
    name: str
    type: str
    required: bool
    default: Any = None
    description: str = ""
    min: float | None = None
    max: float | None = None
    choices: list[Any] | None = None


class QueryInfo(BaseModel):
    name: str
    description: str
    params: list[ParamInfo]
    columns: list[str]
    variants: list[str]


class QueryList(Page):
    items: list[QueryInfo]


class QueryRun(BaseModel):
    """Parameters of a named query, and the page of rows wanted."""

    model_config = ConfigDict(extra="forbid")

    params: dict[str, Any] = Field(
        default_factory=dict, examples=[{"key": "institution:深圳职业技术大学", "hops": 2}]
    )
    limit: int = Field(1000, ge=1, le=10_000)
    offset: int = Field(0, ge=0, le=10_000_000)


class QueryResult(Page):
    name: str
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool


class CypherIn(BaseModel):
    """Ad-hoc read-only Cypher with parameters."""

    model_config = ConfigDict(extra="forbid")

    query: str = Field(
        min_length=1,
        max_length=20_000,
        examples=[("MATCH (n:Entity) WHERE n.name CONTAINS $q RETURN n.key, n.name LIMIT 10")],
    )
    params: dict[str, Any] = Field(default_factory=dict, examples=[{"q": "职业"}])
    timeout: float | None = Field(
        None,
        ge=1,
        le=600,
        description="seconds (at least 1: shorter would time out before the engine answers); "
        "capped at the server's limit",
    )
    row_cap: int | None = Field(
        None, ge=1, le=1_000_000, description="rows; capped at the server's limit"
    )


class CypherOut(BaseModel):
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool = Field(description="more rows existed than the row cap")


class Job(BaseModel):
    id: str
    kind: str
    status: str = Field(description="queued | running | done | failed")
    progress: float = Field(ge=0, le=1)
    message: str = ""
    filename: str = ""
    created_at: str
    finished_at: str | None = None
    result: dict[str, Any] | None = None
    error: dict[str, Any] | None = None


class JobList(Page):
    items: list[Job]
