"""The FastAPI application: ``create_app()`` builds it; ``iegraph serve`` runs it (uvicorn).

Everything is versioned under ``/api/v1``; the OpenAPI document is at ``/openapi.json`` and
its pages at ``/docs``. One store per app: opened in the lifespan (or given by the caller,
as tests do), closed at shutdown when the app opened it. Errors are RFC 9457 problem
details (:mod:`api.problems`).

Example:
    >>> from iegraph.api.main import create_app
    >>> app = create_app()                     # settings from IEGRAPH_* variables
    $ uvicorn --factory api.main:create_app --host 127.0.0.1 --port 8000
"""

from __future__ import annotations

import contextlib
import hmac
import logging
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.routing import APIRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from iegraph.api import problems
from iegraph.api.routers import (
    analytics,
    entities,
    export,
    health,
    ingest,
    jobs,
    paths,
    queries,
    views,
)
from iegraph.graph.limits import Limits, reset_scope, set_scope
from iegraph.ontology.settings import Settings, get_settings

if TYPE_CHECKING:
    from iegraph.graph.store import GraphStore

API_PREFIX = "/api/v1"
#: bodies that are not file uploads (JSON: Cypher, named-query parameters) stay small
MAX_JSON_BYTES = 1 << 20
log = logging.getLogger("iegraph.api")


class BodyLimit:
    """Refuse bodies over the limit with 413, by ``Content-Length`` or while streaming.

    Uploads (``multipart/form-data``) may be up to ``settings.api.max_upload_bytes``; any other
    body up to 1 MiB (or the upload limit, if lower).
    """

    def __init__(self, app: ASGIApp, max_upload: int) -> None:
        self.app = app
        self.max_upload = max_upload
        self.max_other = min(MAX_JSON_BYTES, max_upload)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {
            k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])
        }
        multipart = headers.get("content-type", "").startswith("multipart/")
        limit = self.max_upload if multipart else self.max_other
        declared = headers.get("content-length")
        if declared is not None:
            try:
                too_big = int(declared) > limit
            except ValueError:
                too_big = False
            if too_big:
                await self._refuse(scope, receive, send, limit)
                return
        seen = 0
        state = {"too_big": False, "started": False, "replaced": False}

        async def limited_receive() -> Message:
            nonlocal seen
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body", b""))
                if seen > limit:
                    state["too_big"] = True
                    raise _TooLarge
            return msg

        async def guarded_send(msg: Message) -> None:
            # the framework may catch _TooLarge and answer 400 "error parsing the body";
            # the answer the caller needs is 413, so that response is replaced
            if state["too_big"] and not state["started"]:
                if msg["type"] == "http.response.start":
                    state["replaced"] = True
                    await self._refuse(scope, receive, send, limit)
                return
            if msg["type"] == "http.response.start":
                state["started"] = True
            await send(msg)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except _TooLarge:
            if not state["started"] and not state["replaced"]:
                await self._refuse(scope, receive, send, limit)

    @staticmethod
    async def _refuse(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        resp = problems.problem(
            413,
            "body-too-large",
            f"the request body is larger than {limit} bytes",
            instance=scope.get("path"),
            hint="send a smaller body; split large uploads",
        )
        await resp(scope, receive, send)


class _TooLarge(Exception):
    pass


def key_valid(settings: Settings, key: str | None) -> bool:
    """Constant-time check of a presented API key against the configured ones."""
    return bool(key) and any(
        hmac.compare_digest(str(key).encode(), k.encode()) for k in settings.api.api_keys
    )


def presented_key(headers: dict[str, str]) -> str | None:
    """The key of an ``X-API-Key`` or ``Authorization: Bearer`` header (lower-case names)."""
    if headers.get("x-api-key"):
        return headers["x-api-key"]
    scheme, _, cred = headers.get("authorization", "").partition(" ")
    return cred.strip() or None if scheme.lower() == "bearer" else None


class RequestGuard:
    """Checks made before a request reaches a route (and before its body is read):

    * the ``Host`` header must name this server (``settings.allowed_hosts``; a page on
      another site that rebinds its DNS name to 127.0.0.1 sends its own name): 400;
    * routes that change the graph (``/ingest/*``) need a valid key *before* the body is read,
      so a keyless upload costs the server one header parse, not the whole body: 401;
    * every query the request runs gets the app's limits (:func:`graph.limits.limits_scope`):
      views, exports, named queries and Cypher alike.
    """

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings
        self.hosts = {h.lower() for h in settings.api.allowed_hosts}
        self.limits = Limits.from_settings(settings)

    def _host_ok(self, host: str) -> bool:
        if "*" in self.hosts:
            return True
        host = host.lower()
        if host.startswith("["):  # [::1]:8000
            name = host.split("]", 1)[0] + "]"
        else:
            name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
        return name in self.hosts or name.strip("[]") in self.hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {
            k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])
        }
        path = str(scope.get("path", ""))
        if not self._host_ok(headers.get("host", "")):
            resp = problems.problem(
                400,
                "host-not-allowed",
                "this server does not answer to that Host name",
                instance=path,
                hint="connect by one of the names in IEGRAPH_ALLOWED_HOSTS",
            )
            await resp(scope, receive, send)
            return
        if (
            path.startswith(f"{API_PREFIX}/ingest")
            and scope.get("method") == "POST"
            and not key_valid(self.settings, presented_key(headers))
        ):
            resp = problems.problem(
                401,
                "unauthorized",
                "ingestion needs a valid API key: send X-API-Key or Authorization: Bearer <key>",
                instance=path,
                hint="set IEGRAPH_API_KEYS on the server and send one of them",
                headers={"WWW-Authenticate": "Bearer"},
            )
            await resp(scope, receive, send)
            return
        token = set_scope(self.limits)
        try:
            await self.app(scope, receive, send)
        finally:
            reset_scope(token)


def operation_id(route: APIRoute) -> str:
    """``<tag>_<name>``: the names generated clients give their functions (``entities_search``,
    ``paths_find``, ``queries_cypher`` …); each route's ``name=`` says what it does."""
    if not route.tags:
        return route.name
    tag = str(route.tags[0])
    name = route.name.removeprefix(f"{tag}_")  # analytics_gaps, not analytics_analytics_gaps
    return f"{tag}_{'list' if name == tag else name}"


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    """Build the HTTP API.

    Args:
        settings: defaults to :func:`ontology.settings.get_settings` (``IEGRAPH_*`` variables).
        store: an open store to serve (not closed by the app); by default the app opens the
            configured backend at startup and closes it at shutdown.

    Example:
        >>> from fastapi.testclient import TestClient
        >>> with TestClient(create_app(store=my_store)) as client:
        ...     client.get("/api/v1/health").json()["status"]
        'ok'
    """
    settings = settings or get_settings()

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if app.state.store is None:
            from iegraph.graph import open_store

            try:
                app.state.store = open_store(settings)
                app.state.owns_store = True
            except Exception as exc:  # noqa: BLE001 — serve 503s, retry on each request
                log.warning("graph store not available at startup: %s", exc)
        try:
            yield
        finally:
            app.state.jobs.shutdown()
            if app.state.owns_store and app.state.store is not None:
                app.state.store.close()
                app.state.store = None

    app = FastAPI(
        title="iegraph API",
        version="1",
        summary="A knowledge graph of China's 产教融合 (industry–education integration) "
        "ecosystem: search, neighbourhoods, relation paths with evidence, named queries, "
        "read-only Cypher, ingestion.",
        openapi_url="/openapi.json",
        docs_url="/docs",
        redoc_url=None,
        lifespan=lifespan,
        generate_unique_id_function=operation_id,
    )
    app.state.settings = settings
    app.state.store = store
    app.state.owns_store = False
    app.state.jobs = jobs.JobManager(settings)

    problems.install(app)
    for mod in (health, entities, paths, queries, ingest, jobs, views, export, analytics):
        app.include_router(mod.router, prefix=API_PREFIX)
    # the explorer: its API resources, and the page itself at / (outside the versioned API)
    from iegraph.api.routers import explorer, explorer_page, sources

    app.include_router(explorer.router, prefix=API_PREFIX)
    app.include_router(sources.router, prefix=API_PREFIX)
    app.include_router(explorer_page.router)
    # plain neighbour look-ups are answered before the framework's routing (inside CORS,
    # the body limit and the request guard); everything else reaches the routes
    from iegraph.api.fastpath import NeighboursFastPath

    app.add_middleware(NeighboursFastPath, prefix=API_PREFIX)
    if settings.api.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.api.cors_origins,
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["Content-Type", "X-API-Key", "Authorization"],
        )
    app.add_middleware(BodyLimit, max_upload=settings.api.max_upload_bytes)
    app.add_middleware(RequestGuard, settings=settings)  # outermost: before the body is read
    return app


def serve(settings: Settings, *, host: str, port: int) -> None:
    """Serve the API with uvicorn: ``settings.api.workers`` processes, each built from
    ``settings``.

    The settings are read once, in the calling process, and handed to each worker as an
    argument of the app factory (``functools.partial(create_app, settings)``): uvicorn spawns
    its workers with ``multiprocessing`` and pickles its ``Config`` to them, factory included,
    so no worker re-reads or shares settings through the environment. (``uvicorn.run`` insists
    on an import string when ``workers > 1``; the supervisor below is what it runs then.)
    """
    import functools

    import uvicorn
    from uvicorn.supervisors import Multiprocess

    workers = settings.api.workers

    config = uvicorn.Config(
        functools.partial(create_app, settings),
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        access_log=False,
        # a worker imports the whole package (spaCy, rdflib …) before it answers the
        # supervisor's health check: uvicorn's 5 s default killed and respawned workers
        # forever on a loaded two-core machine
        timeout_worker_healthcheck=60,
    )
    server = uvicorn.Server(config)
    if workers > 1:
        Multiprocess(config, sockets=[config.bind_socket()]).run()
    else:
        server.run()
