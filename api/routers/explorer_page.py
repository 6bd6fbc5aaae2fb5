"""The explorer page at ``/`` and its static files (not part of the versioned API).

Everything the page loads comes from this server: its own HTML, script and stylesheet (package
data in ``api/static/explorer``) and the vis-network build that pyvis ships (the one the static
views inline, :func:`graph.views.page.vis_assets`). The Content-Security-Policy allows nothing
else: no CDN, no outside request; the page talks to ``/api/v1`` only.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from importlib import resources

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from iegraph.ontology.errors import NotFound

router = APIRouter(include_in_schema=False)

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
}
#: files of api/static/explorer the page may load (nothing else is served from there)
FILES = ("index.html", "app.js", "app.css", "i18n.js")


def asset(name: str) -> tuple[bytes, str]:
    """``(bytes, etag)`` of a page file or of pyvis's vis-network script / stylesheet (read
    once per version of the file: an edited page file is served fresh without a restart)."""
    if name in ("vis-network.min.js", "vis-network.css"):
        return _read(name, 0.0)
    if name not in FILES:
        raise NotFound(f"no file {name!r}", hint="the explorer page is at /")
    path = resources.files("iegraph.api").joinpath("static", "explorer", name)
    return _read(name, os.stat(str(path)).st_mtime)


@lru_cache(maxsize=32)
def _read(name: str, _mtime: float) -> tuple[bytes, str]:
    if name.startswith("vis-network"):
        from iegraph.graph.views.page import vis_assets

        js, css = vis_assets()
        data = (js if name.endswith(".js") else css).encode("utf-8")
    else:
        data = resources.files("iegraph.api").joinpath("static", "explorer", name).read_bytes()
    return data, '"' + hashlib.sha256(data).hexdigest()[:20] + '"'


def _serve(name: str, request: Request) -> Response:
    data, etag = asset(name)
    ext = name[name.rfind(".") :]
    headers = {
        "ETag": etag,
        "Cache-Control": "no-cache",
        "Content-Security-Policy": CSP,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(data, media_type=_TYPES[ext], headers=headers)


@router.get("/", response_class=HTMLResponse)
def page(request: Request) -> Response:
    """The explorer."""
    return _serve("index.html", request)


@router.get("/explorer")
def page_alias() -> Response:
    return RedirectResponse("/", status_code=307)


@router.get("/explorer/{name}")
def static_file(name: str, request: Request) -> Response:
    return _serve(name, request)
