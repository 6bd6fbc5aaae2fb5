"""Errors as RFC 9457 problem details (``application/problem+json``).

Every error response has a stable ``type`` URI built from the :mod:`ontology.errors` code, a
``title``, the HTTP ``status``, a ``detail`` saying what went wrong, the ``instance`` (request
path) and, where there is one, a ``hint`` telling the caller what to do. No traceback ever
leaves the server.

Status codes (chosen once, here):

====================  ======  ==========================================================
error                 status  why
====================  ======  ==========================================================
NotFound              404     unknown entity, named query or job
ValidationError       422     a parameter or upload fails validation (as FastAPI's own)
QueryError            400     malformed Cypher, unknown procedure, bad parameter name
ReadOnlyViolation     403     a write attempted through a read-only entry point
QueryTimeout          504     the graph store did not answer within the time limit
StoreUnavailable      503     the graph store is down or unreachable
AuthError             503     the server's own store credentials are wrong (not the caller's)
ConstraintViolation   409     a write conflicts with a unique key
IngestError           422     an uploaded file cannot be read
(missing API key)     401     with ``WWW-Authenticate``
(body too large)      413
====================  ======  ==========================================================

Example:
    >>> problem(404, "not-found", "no entity 'x'").body
    b'{"type":"https://iegraph.dev/problems/not-found",...}'
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from iegraph.ontology.errors import (
    AuthError,
    ConfigError,
    ConstraintViolation,
    IegraphError,
    IngestError,
    NotFound,
    QueryError,
    QueryTimeout,
    ReadOnlyViolation,
    StoreUnavailable,
    ValidationError,
)

PROBLEM_BASE = "https://iegraph.dev/problems/"
PROBLEM_JSON = "application/problem+json"
log = logging.getLogger("iegraph.api")

#: most specific first
STATUS_OF: list[tuple[type[IegraphError], int]] = [
    (NotFound, 404),
    (ReadOnlyViolation, 403),
    (QueryTimeout, 504),
    (StoreUnavailable, 503),
    (AuthError, 503),
    (ConstraintViolation, 409),
    (QueryError, 400),
    (ValidationError, 422),
    (IngestError, 422),
    (ConfigError, 503),
]

TITLES = {
    400: "Bad request",
    401: "Authentication required",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    408: "Request timeout",
    409: "Conflict",
    413: "Request body too large",
    415: "Unsupported media type",
    422: "Invalid input",
    500: "Internal server error",
    501: "Not implemented",
    503: "Service unavailable",
    504: "Query timed out",
}

#: problem types not backed by an IegraphError code
HTTP_CODES = {
    401: "unauthorized",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    413: "body-too-large",
    415: "unsupported-media-type",
    422: "validation-error",
    501: "not-implemented",
}


def status_for(exc: IegraphError) -> int:
    for cls, status in STATUS_OF:
        if isinstance(exc, cls):
            return status
    return 500


def problem(
    status: int,
    code: str,
    detail: str,
    *,
    instance: str | None = None,
    hint: str | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    """A problem-details response."""
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + code,
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    if hint:
        body["hint"] = hint
    body.update({k: v for k, v in extra.items() if v is not None})
    return JSONResponse(
        jsonable_encoder(body), status_code=status, media_type=PROBLEM_JSON, headers=headers
    )


def _safe_details(details: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in details.items():
        if isinstance(v, str | int | float | bool) or v is None:
            out[k] = v
        elif isinstance(v, list | tuple) and all(isinstance(x, str | int | float) for x in v):
            out[k] = list(v)[:20]
    return out


def from_error(exc: IegraphError, instance: str | None = None) -> JSONResponse:
    status = status_for(exc)
    extra = _safe_details(exc.details)
    extra.pop("type", None)
    extra.pop("status", None)
    return problem(status, exc.code, exc.message, instance=instance, hint=exc.hint, **extra)


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into a problem detail."""
    add_problem_component(app)

    @app.exception_handler(IegraphError)
    async def _iegraph(request: Request, exc: IegraphError) -> JSONResponse:
        return from_error(exc, request.url.path)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = []
        for e in exc.errors():
            loc = ".".join(str(p) for p in e.get("loc", ()))
            errors.append({"loc": loc, "msg": str(e.get("msg", "")), "type": e.get("type")})
        first = errors[0] if errors else {"loc": "?", "msg": "invalid input"}
        return problem(
            422,
            "validation-error",
            f"{first['loc']}: {first['msg']}",
            instance=request.url.path,
            hint="see the OpenAPI document at /docs for the expected input",
            errors=errors,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = HTTP_CODES.get(exc.status_code, f"http-{exc.status_code}")
        detail = exc.detail if isinstance(exc.detail, str) else TITLES.get(exc.status_code, "")
        return problem(
            exc.status_code,
            code,
            detail,
            instance=request.url.path,
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        # logged in full on the server; the caller gets no traceback
        log.exception("unexpected error on %s", request.url.path)
        return problem(
            500,
            "internal-error",
            "the server hit an unexpected error",
            instance=request.url.path,
            hint="retry; if it persists, report it with the request",
        )


#: the ``Problem`` component (RFC 9457 problem details) every error response refers to, so that
#: generated clients get one ``Problem`` model instead of one model per route and status
PROBLEM_COMPONENT = {
    "title": "Problem",
    "description": "An error, as RFC 9457 problem details (application/problem+json).",
    "type": "object",
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "hint": {"type": "string"},
    },
    "required": ["type", "title", "status", "detail"],
}
#: OpenAPI description of the problem responses, for ``responses=`` on routes
PROBLEM_SCHEMA = {"$ref": "#/components/schemas/Problem"}


#: FastAPI's names for the upload forms (``Body_<operation id>``) → names for what they are
SCHEMA_NAMES = {
    "Body_ingest_records": "RecordsUpload",
    "Body_ingest_documents": "DocumentsUpload",
}


def _renamed(node: Any, names: dict[str, str]) -> Any:
    if isinstance(node, dict):
        out = {k: _renamed(v, names) for k, v in node.items()}
        ref = out.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            name = ref.rsplit("/", 1)[1]
            out["$ref"] = "#/components/schemas/" + names.get(name, name)
        return out
    if isinstance(node, list):
        return [_renamed(v, names) for v in node]
    return node


def add_problem_component(app: FastAPI) -> None:
    """Put :data:`PROBLEM_COMPONENT` into the app's OpenAPI document (``components.schemas``)
    and give the upload forms the names in :data:`SCHEMA_NAMES` (generated clients name their
    models after these)."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            spec = _renamed(build(), SCHEMA_NAMES)
            schemas = spec.setdefault("components", {}).setdefault("schemas", {})
            for old, new in SCHEMA_NAMES.items():
                if old in schemas:
                    schemas[new] = {**schemas.pop(old), "title": new}
            schemas["Problem"] = PROBLEM_COMPONENT
            app.openapi_schema = spec
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {
        s: {
            "description": TITLES.get(s, "Error"),
            "content": {PROBLEM_JSON: {"schema": PROBLEM_SCHEMA}},
        }
        for s in statuses
    }
