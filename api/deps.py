"""FastAPI dependencies as ``Annotated`` aliases: settings, the store, the schema, API keys.

The app holds one store for its whole life (opened in the lifespan, closed at shutdown;
see :func:`api.main.create_app`). The dependencies are ``async``: they do no blocking work
(the store is already open, the schema cached), and FastAPI would otherwise run each one on
the thread pool — four thread hops per request, which cost more than the query. Keys come in an ``X-API-Key`` header or as
``Authorization: Bearer <key>``; they are compared in constant time.

Example:
    >>> @router.get("/stats")
    ... def stats(store: StoreDep) -> dict: return store.stats()
"""

from __future__ import annotations

import hmac
import threading
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request, Security
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from iegraph.graph.store import GraphStore
from iegraph.ontology.errors import StoreUnavailable
from iegraph.ontology.schema import Schema
from iegraph.ontology.settings import Settings

_api_key_header = APIKeyHeader(
    name="X-API-Key", auto_error=False, description="An API key from IEGRAPH_API_KEYS"
)
_bearer = HTTPBearer(auto_error=False, description="Authorization: Bearer <API key>")
_open_lock = threading.Lock()


async def get_app_settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


SettingsDep = Annotated[Settings, Depends(get_app_settings)]


async def get_store(request: Request) -> GraphStore:
    """The app's store; reopened on demand if it could not be opened at startup."""
    state = request.app.state
    if state.store is None:
        with _open_lock:
            if state.store is None:
                from iegraph.graph import open_store

                try:
                    state.store = open_store(state.settings)
                    state.owns_store = True
                except StoreUnavailable:
                    raise
                except Exception as exc:
                    raise StoreUnavailable(
                        f"the graph store cannot be opened ({exc})",
                        hint="check the backend settings; `iegraph db status`",
                    ) from exc
    return state.store  # type: ignore[no-any-return]


StoreDep = Annotated[GraphStore, Depends(get_store)]


async def get_schema() -> Schema:
    from iegraph.ontology.schema import load_schema

    return load_schema()


SchemaDep = Annotated[Schema, Depends(get_schema)]


def _presented_key(
    x_api_key: str | None, bearer: HTTPAuthorizationCredentials | None
) -> str | None:
    if x_api_key:
        return x_api_key
    if bearer is not None and bearer.scheme.lower() == "bearer":
        return bearer.credentials
    return None


def _check(settings: Settings, key: str | None, what: str) -> None:
    if not settings.api.api_keys:
        raise HTTPException(
            401,
            f"{what} needs an API key, and this server has none configured (set IEGRAPH_API_KEYS)",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if key is None:
        raise HTTPException(
            401,
            f"{what} needs an API key: send X-API-Key or Authorization: Bearer <key>",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if not any(hmac.compare_digest(key.encode(), k.encode()) for k in settings.api.api_keys):
        raise HTTPException(401, "the API key is not valid", headers={"WWW-Authenticate": "Bearer"})


async def require_key(
    settings: SettingsDep,
    x_api_key: Annotated[str | None, Security(_api_key_header)] = None,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)] = None,
) -> None:
    """For endpoints that change the graph: always need a valid key."""
    _check(settings, _presented_key(x_api_key, bearer), "this endpoint")


async def read_access(
    settings: SettingsDep,
    x_api_key: Annotated[str | None, Security(_api_key_header)] = None,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)] = None,
) -> None:
    """For read endpoints: open unless ``read_requires_key`` is set."""
    if settings.api.read_requires_key:
        _check(settings, _presented_key(x_api_key, bearer), "reading")


WriteKey = Depends(require_key)
ReadAccess = Depends(read_access)


def query_timeout(settings: Settings, asked: float | None = None) -> float:
    """The caller may lower the timeout, never raise it above the server's."""
    limit = float(settings.query.query_timeout)
    return min(limit, asked) if asked else limit


def app_state(request: Request) -> Any:
    return request.app.state
