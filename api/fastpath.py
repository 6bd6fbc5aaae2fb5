"""The hot read path: ``GET /api/v1/entities/{key}/neighbors`` answered before the framework.

A neighbour look-up spent more of the API process's CPU in FastAPI's routing, dependency
solving and parameter validation than in its own work (docs/notes/api.md). This ASGI layer
answers the plain form of the request itself, with the route's own function
(:func:`api.routers.entities.neighbours_answer`) and the route's response class, so the bytes
are the route's. It takes the request only when all of these hold:

* ``GET`` of ``/api/v1/entities/<key>/neighbors`` with a non-empty key;
* no query parameters but ``hops``, ``limit`` and ``offset``, each at most once, each a plain
  decimal inside the route's range (:data:`api.routers.entities.NEIGHBOUR_INTS`);
* reads need no API key (``read_requires_key`` off) and the store is open.

Anything else — relation types, classes, ``as_of``, a value FastAPI would have to coerce or
refuse — goes on to the app unchanged and is answered by the route as before; the route is
also what the OpenAPI document describes. The project's own errors (unknown entity, timeout,
store down) get the problem response the app's handler would give; any other exception hands
the request on to the app, which answers it as it always did. The layer sits inside
:class:`api.main.RequestGuard` (``Host`` check, query limits) and inside CORS.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse

from iegraph.api import problems
from iegraph.api.routers.entities import NEIGHBOUR_INTS, neighbours_answer
from iegraph.ontology.errors import IegraphError

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Receive, Scope, Send

#: a plain decimal, as FastAPI would read it to the same number (no sign, blank or leading 0)
_PLAIN_INT = re.compile(r"0|[1-9][0-9]{0,6}")
_SUFFIX = "/neighbors"


def plain_ints(query_string: bytes) -> dict[str, int] | None:
    """``hops`` / ``limit`` / ``offset`` of a query string (defaults filled in), or None when
    it holds anything the fast path does not take."""
    out = {name: default for name, (_, _, default) in NEIGHBOUR_INTS.items()}
    seen: set[str] = set()
    for name, value in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True):
        bounds = NEIGHBOUR_INTS.get(name)
        if bounds is None or name in seen or not _PLAIN_INT.fullmatch(value):
            return None
        n = int(value)
        if not bounds[0] <= n <= bounds[1]:
            return None
        seen.add(name)
        out[name] = n
    return out


class NeighboursFastPath:
    """ASGI layer answering plain neighbour look-ups (see the module's docstring)."""

    def __init__(self, app: ASGIApp, prefix: str) -> None:
        self.app = app
        self.head = f"{prefix}/entities/"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if (
            scope.get("method") != "GET"
            or not path.startswith(self.head)
            or not path.endswith(_SUFFIX)
            or len(path) <= len(self.head) + len(_SUFFIX)
        ):
            await self.app(scope, receive, send)
            return
        state = scope["app"].state
        ints = plain_ints(scope.get("query_string", b""))
        if ints is None or state.store is None or state.settings.api.read_requires_key:
            await self.app(scope, receive, send)
            return
        from iegraph.ontology.schema import load_schema

        key = path[len(self.head) : -len(_SUFFIX)]
        try:
            out = await run_in_threadpool(
                neighbours_answer,
                state.store,
                state.settings,
                load_schema(),
                key,
                hops=ints["hops"],
                limit=ints["limit"],
                offset=ints["offset"],
            )
        except IegraphError as exc:
            resp = problems.from_error(exc, Request(scope).url.path)
        except Exception:  # noqa: BLE001 — the app answers it as it always did
            await self.app(scope, receive, send)
            return
        else:
            resp = JSONResponse(out)
        await resp(scope, receive, send)
