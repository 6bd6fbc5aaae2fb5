"""``/queries`` (named, parameterised queries) and ``/cypher`` (guarded ad-hoc Cypher)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Query

from iegraph.api.deps import ReadAccess, SchemaDep, SettingsDep, StoreDep, query_timeout
from iegraph.api.problems import responses
from iegraph.api.routers.models import (
    CypherIn,
    CypherOut,
    QueryInfo,
    QueryList,
    QueryResult,
    QueryRun,
    to_jsonable,
)
from iegraph.queries.guard import guarded_read
from iegraph.queries.named import get_named, load_named_queries, run_named

router = APIRouter(tags=["queries"], dependencies=[ReadAccess])


@router.get("/queries", name="list", response_model=QueryList, responses=responses(401))
def list_queries(
    limit: Annotated[int, Query(ge=1, le=200)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> QueryList:
    """The named queries with their parameters (types, defaults) and result columns."""
    qs = sorted(load_named_queries().values(), key=lambda q: q.name)
    page = qs[offset : offset + limit]
    return QueryList(
        items=[QueryInfo.model_validate(q.to_json()) for q in page],
        total=len(qs),
        limit=limit,
        offset=offset,
    )


@router.post(
    "/queries/{name}",
    name="run",
    response_model=QueryResult,
    responses=responses(400, 401, 403, 404, 413, 422, 503, 504),
)
def run_query(
    name: str,
    store: StoreDep,
    settings: SettingsDep,
    schema: SchemaDep,
    body: Annotated[QueryRun | None, Body()] = None,
) -> QueryResult:
    """Run a named query; parameters are validated and coerced against its header.

    Example: ``POST /api/v1/queries/neighbourhood {"params": {"key": "…", "hops": 2}}``
    """
    body = body or QueryRun()
    get_named(name)  # 404 before anything else
    res = run_named(store, name, body.params, schema=schema, timeout=query_timeout(settings))
    rows = res.rows[body.offset : body.offset + body.limit]
    return QueryResult(
        name=name,
        columns=res.columns,
        rows=to_jsonable(rows),
        total=len(res.rows),
        limit=body.limit,
        offset=body.offset,
        truncated=res.truncated,
    )


@router.post(
    "/cypher",
    name="cypher",
    response_model=CypherOut,
    responses=responses(400, 401, 403, 413, 422, 503, 504),
)
def cypher(body: CypherIn, store: StoreDep, settings: SettingsDep) -> CypherOut:
    """Read-only Cypher with parameters: writes are refused by a check before running and
    by the engine's read-only mode; a timeout and a row cap apply (``truncated`` tells).

    Example: ``POST /api/v1/cypher {"query": "MATCH (n:Entity) RETURN n.name LIMIT $n",
    "params": {"n": 5}}``
    """
    cap = min(settings.query.row_cap, body.row_cap) if body.row_cap else settings.query.row_cap
    res = guarded_read(
        store, body.query, body.params, timeout=query_timeout(settings, body.timeout), row_cap=cap
    )
    return CypherOut(columns=res.columns, rows=to_jsonable(res.rows), truncated=res.truncated)
