"""``/sources``: the documents and record files the graph was built from.

* ``GET /sources`` — every source, newest first
* ``GET /sources/{key}`` — what one source asserted: its entities and relationships with
  evidence (the explorer highlights a document just added with it)
* ``DELETE /sources/{key}`` — remove what only that source asserted and strip it from the
  rest (needs an API key; runs as a job, one writer at a time, like ingestion)

Example: ``GET /api/v1/sources/source:106b109a15173794``
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from iegraph.api.deps import ReadAccess, SettingsDep, StoreDep, WriteKey, query_timeout
from iegraph.api.problems import responses
from iegraph.api.routers.jobs import jobs_of
from iegraph.api.routers.models import Job, Page
from iegraph.queries.explorer import list_sources, source_contents

router = APIRouter(tags=["sources"])


class SourceItem(BaseModel):
    key: str
    title: str | None = None
    kind: str | None = None
    url: str | None = None
    file: str | None = None
    ingested_at: str | None = None
    entity_count: int | None = None
    relation_count: int | None = None


class SourceList(Page):
    items: list[SourceItem]


class SourceContents(BaseModel):
    source: dict[str, Any]
    nodes: list[dict[str, Any]] = Field(description="entities citing the source")
    relationships: list[dict[str, Any]] = Field(
        description="relationships citing the source, with evidence"
    )


@router.get(
    "/sources",
    response_model=SourceList,
    dependencies=[ReadAccess],
    responses=responses(401, 503, 504),
)
def sources(
    store: StoreDep,
    settings: SettingsDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> SourceList:
    """Every source (document or records file), newest first."""
    items = list_sources(store, timeout=query_timeout(settings))
    return SourceList(
        items=[SourceItem.model_validate(i) for i in items[offset : offset + limit]],
        total=len(items),
        limit=limit,
        offset=offset,
    )


@router.get(
    "/sources/{key:path}",
    response_model=SourceContents,
    dependencies=[ReadAccess],
    responses=responses(401, 404, 503, 504),
)
def source(key: str, store: StoreDep, settings: SettingsDep) -> SourceContents:
    """What one source asserted: the entities and relationships citing it, with evidence.

    Example: ``GET /api/v1/sources/source:106b109a15173794``
    """
    return SourceContents.model_validate(
        source_contents(store, key, timeout=query_timeout(settings))
    )


@router.delete(
    "/sources/{key:path}",
    response_model=Job,
    status_code=202,
    dependencies=[WriteKey],
    responses=responses(401, 404, 503),
)
def remove_source(key: str, request: Request, store: StoreDep) -> Any:
    """Undo a source: remove what only it asserted and strip it from everything else, as a
    background job (poll ``GET /jobs/{id}``).

    Example: ``curl -X DELETE -H 'X-API-Key: …' 127.0.0.1:8000/api/v1/sources/source:3f2a…``
    """
    from iegraph.ontology.errors import NotFound
    from iegraph.queries.explorer import SOURCE_CLASS

    node = store.get_node(key)
    if node is None or node.props.get("top") != SOURCE_CLASS:
        raise NotFound(
            f"no source {key!r} in the graph", hint="list them with GET /api/v1/sources", key=key
        )

    def work(progress: Callable[[float, str], None]) -> dict[str, Any]:
        from iegraph.ingest.writer import GraphWriter
        from iegraph.ontology.schema import load_schema

        progress(0.1, f"removing {key}")
        summary = GraphWriter(store, load_schema()).remove_source(key)
        return summary.to_json()

    return Job.model_validate(jobs_of(request).submit("remove-source", key, work))
