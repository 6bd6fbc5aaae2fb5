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
    return _respond(data, name[name.rfind(".") :], request, etag)


def _respond(data: bytes, ext: str, request: Request, etag: str | None = None) -> Response:
    etag = etag or '"' + hashlib.sha256(data).hexdigest()[:20] + '"'
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


#: where the page carries the ontology's style (the answer of GET /api/v1/explorer/style)
STYLE_SLOT = b"<!--iegraph-style-->"


@router.get("/", response_class=HTMLResponse)
def page(request: Request) -> Response:
    """The explorer, with the style tables written in (a JSON data block, which the CSP allows
    since it is never run): the first picture then waits for one request less. Servers whose
    reads need a key leave it out; the page asks for it with the key instead."""
    settings = request.app.state.settings
    if settings.api.read_requires_key:
        return _serve("index.html", request)
    from iegraph.api.routers.explorer import style_of
    from iegraph.graph.views.render import script_json
    from iegraph.ontology.schema import load_schema

    data, _ = asset("index.html")
    blob = script_json(style_of(load_schema(), request).model_dump(mode="json"))
    block = b'<script type="application/json" id="iegraph-style">' + blob.encode() + b"</script>"
    return _respond(data.replace(STYLE_SLOT, block), ".html", request)


@router.get("/explorer")
def page_alias() -> Response:
    return RedirectResponse("/", status_code=307)


@router.get("/explorer/{name}")
def static_file(name: str, request: Request) -> Response:
    return _serve(name, request)
