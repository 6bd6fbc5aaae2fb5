"""The explorer page (``/``) in a real headless Chromium, served by a real uvicorn over each
backend: search in either script → open → expand → paths → time slider → export of exactly
what is shown; the add-document flow with and without an API key; the URL as state; the
interface language. Every test checks that the page logged no console error and asked
nothing of any other origin (the page's CSP forbids it; requests are also intercepted)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.api import graphdata
from tests.api.conftest import make_settings
from tests.browser.conftest import keep_artifact

pytestmark = pytest.mark.browser

KEY = "test-key"
REPO = Path(__file__).resolve().parent.parent.parent
WAIT_MS = 60_000  # hang guard only


@dataclass
class Served:
    base: str
    store: Any


@pytest.fixture
def served(store, schema) -> Iterator[Served]:  # type: ignore[no-untyped-def]
    """The test graph behind a real uvicorn on a free port (one per test)."""
    import uvicorn

    from iegraph.api.main import create_app

    graphdata.build(store, schema)
    # the API tests' 2 s query limit is for testing limits; here a loaded machine must not
    # turn the analytics indicators into a timeout
    settings = make_settings(store, max_upload_bytes=2 << 20, query_timeout=60.0)
    app = create_app(settings, store=store)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on")
    )
    th = threading.Thread(target=server.run, daemon=True)
    th.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not th.is_alive():
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield Served(f"http://127.0.0.1:{port}", store)
    finally:
        server.should_exit = True
        th.join(timeout=15)


@dataclass
class Page:
    page: Any
    base: str
    console_errors: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    api_calls: list[str] = field(default_factory=list)
    backend: str = ""

    def idle(self) -> None:
        """Wait until no API request of the page is in flight."""
        self.page.wait_for_function(
            "() => document.body.dataset.busy === '0' || document.body.dataset.busy === undefined",
            timeout=WAIT_MS,
        )

    def visible(self) -> dict[str, Any]:
        return self.page.evaluate(  # type: ignore[no-any-return]
            "() => { const v = iegraphExplorer.visibleKeys(); return {nodes: v.nodes, "
            "relationships: v.relationships, drawn: iegraphExplorer.nodesDS.getIds(), "
            "edges: iegraphExplorer.edgesDS.getIds()}; }"
        )

    def clean(self) -> None:
        assert self.console_errors == [], self.console_errors
        assert self.external_requests == [], self.external_requests


@pytest.fixture
def explorer(browser, served) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    contexts = []

    def _open(query: str = "") -> Page:
        ctx = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
        contexts.append(ctx)
        page = ctx.new_page()
        p = Page(page, served.base, backend=served.store.backend)
        page.on("console", lambda m: p.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: p.console_errors.append(f"pageerror: {e}"))

        def route(r: Any) -> None:
            url = r.request.url
            if url.startswith((served.base + "/", "data:", "blob:")):
                if "/api/v1/" in url:
                    p.api_calls.append(r.request.method + " " + url[len(served.base) :])
                r.continue_()
            else:
                p.external_requests.append(url)
                r.abort()

        page.route("**/*", route)
        page.goto(served.base + "/" + query)
        page.wait_for_selector("body[data-ready=true]", state="attached", timeout=WAIT_MS)
        p.idle()
        return p

    yield _open
    for ctx in contexts:
        ctx.close()


def _search_and_open(p: Page, text: str, key: str) -> None:
    page = p.page
    page.fill("#search", text)
    page.wait_for_selector(f'#search-results li[data-key="{key}"]', timeout=WAIT_MS)
    # Enter opens the highlighted hit; the wanted one is chosen with the arrow keys
    keys = page.eval_on_selector_all(
        "#search-results li[data-key]", "els => els.map(e => e.dataset.key)"
    )
    for _ in range(keys.index(key)):
        page.press("#search", "ArrowDown")
    page.press("#search", "Enter")
    page.wait_for_function(
        "(k) => iegraphExplorer.nodesDS.get(k) !== null && iegraphExplorer.S.selected === k",
        arg=key,
        timeout=WAIT_MS,
    )
    page.wait_for_selector("#details h2", timeout=WAIT_MS)
    p.idle()


def _shot(p: Page, tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{p.backend}-{name}"
    p.page.screenshot(path=str(path))
    keep_artifact(path)


@pytest.mark.parametrize(
    ("typed", "path_target"),
    [("深圳职业技术", "华为"), ("深圳職業技術", "華為")],
    ids=["simplified", "traditional"],
)
def test_search_open_expand_path_time_export(  # type: ignore[no-untyped-def]
    explorer, served, tmp_path, typed: str, path_target: str
) -> None:
    import networkx as nx

    p = explorer()
    page = p.page
    szpu = graphdata.SZPU

    # search → open: the hit shows class and place; the details panel names both scripts
    _search_and_open(p, typed, szpu)
    details = page.inner_text("#details")
    assert "深圳职业技术大学" in details and "深圳職業技術大學" in details
    assert "深圳职业技术学院" in details, "former name"
    assert "深圳职业技术大学与华为技术有限公司合作" in details, "evidence sentence"
    assert page.locator("#details .source").count() >= 1

    # expand: exactly the centre and its neighbours
    page.click("#d-expand")
    page.wait_for_function("() => iegraphExplorer.lastExpand !== null", timeout=WAIT_MS)
    p.idle()
    hood = served.store.expand([szpu])
    neighbours = {r.end if r.start == szpu else r.start for r in hood}
    assert set(p.visible()["nodes"]) == {szpu, *neighbours}
    _shot(p, tmp_path, f"explorer-expand-{typed}.png")

    # paths: from the details panel to a company typed in either script
    page.click("#d-from")
    page.fill("#p-to", path_target)
    page.wait_for_selector(f'#tab-paths .suggest li[data-key="{graphdata.HUAWEI}"]')
    page.press("#p-to", "Enter")
    page.click("#p-go")
    page.wait_for_selector("#p-results li[data-path]", timeout=WAIT_MS)
    p.idle()
    steps = page.inner_text("#p-results")
    assert "华为技术有限公司" in steps
    assert "深圳职业技术大学与华为技术有限公司合作" in steps, "each step with its evidence"
    hl = page.evaluate("() => [...iegraphExplorer.S.highlight]")
    assert szpu in hl and graphdata.HUAWEI in hl

    # time: as of 2020 the consortium LEADS (from 2023-09) is not drawn, as of 2024 it is
    lead = f"{szpu}|LEADS|{graphdata.CONSORTIUM}"
    page.evaluate("() => iegraphExplorer.S.selected")
    page.check("#t-on")
    page.fill("#t-year", "2020")  # a range input: sets the value and fires input
    page.dispatch_event("#t-year", "change")
    assert lead not in p.visible()["edges"]
    page.evaluate("(y) => iegraphExplorer.setAsOf(y)", 2024)
    assert lead in p.visible()["edges"]
    assert "asof=2024" in page.url
    _shot(p, tmp_path, f"explorer-path-{typed}.png")

    # export: the GraphML holds exactly the visible nodes and relationships
    page.evaluate("(y) => iegraphExplorer.setAsOf(y)", 2020)
    shown = p.visible()
    page.click("#tabs [data-tab=export]")
    with page.expect_download() as dl:
        page.click("[data-export=graphml]")
    out = tmp_path / "visible.graphml"
    dl.value.save_as(out)
    g = nx.read_graphml(out)
    assert {d.get("key", n) for n, d in g.nodes(data=True)} == set(shown["nodes"])
    assert g.number_of_edges() == len(shown["relationships"])
    with page.expect_download() as dl:
        page.click("[data-export=png]")
    png = tmp_path / "canvas.png"
    dl.value.save_as(png)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    p.clean()


def test_state_in_the_url_back_button_and_language(explorer, served, tmp_path) -> None:  # type: ignore[no-untyped-def]
    p = explorer()
    page = p.page
    _search_and_open(p, "深圳大学", graphdata.SZU)
    page.click("#d-expand")
    page.wait_for_function("() => iegraphExplorer.lastExpand !== null", timeout=WAIT_MS)
    p.idle()
    expanded = sorted(p.visible()["nodes"])
    assert len(expanded) > 1
    url = page.url
    page.go_back()
    page.wait_for_function("(n) => iegraphExplorer.nodesDS.length < n", arg=len(expanded))
    p.idle()
    assert p.visible()["nodes"] == [graphdata.SZU]
    # the shared link restores the same picture in a new page
    q = explorer(url[len(served.base) + 1 :])
    assert sorted(q.visible()["nodes"]) == expanded
    assert q.page.evaluate("() => iegraphExplorer.S.selected") == graphdata.SZU
    # zh / en interface switch (and it is kept in the URL)
    assert q.page.inner_text("#tabs [data-tab=filters]") == "筛选"
    q.page.click("#lang")
    assert q.page.inner_text("#tabs [data-tab=filters]") == "Filters"
    assert "lang=en" in q.page.url
    _shot(q, tmp_path, "explorer-en.png")
    p.clean()
    q.clean()


def test_filters_city_queries_and_cypher(explorer, tmp_path) -> None:  # type: ignore[no-untyped-def]
    p = explorer()
    page = p.page
    page.click("#tabs [data-tab=city]")
    page.fill("#c-name", "深圳")
    page.wait_for_selector(f'#tab-city .suggest li[data-key="{graphdata.SHENZHEN}"]')
    page.press("#c-name", "Enter")
    page.click("#c-go")
    page.wait_for_selector("#c-summary details", timeout=WAIT_MS)
    p.idle()
    shown = set(p.visible()["nodes"])
    assert {graphdata.SZPU, graphdata.CONSORTIUM, graphdata.HUAWEI} <= shown
    # the analytics indicators of the city, shown because the server has that endpoint
    page.wait_for_selector("#c-indicators table tr[data-indicator]", timeout=WAIT_MS)
    assert page.locator("#c-indicators tr[data-indicator]").count() >= 3
    # filters: hiding a class and a relation type removes them from the canvas
    page.click("#tabs [data-tab=filters]")
    page.uncheck('#f-classes input[data-key="Enterprise"]')
    assert graphdata.HUAWEI not in p.visible()["nodes"]
    page.uncheck('#f-types input[data-key="LOCATED_IN"]')
    assert not [r for r in p.visible()["relationships"] if "|LOCATED_IN|" in r]
    # named query with a form generated from its header
    page.click("#tabs [data-tab=queries]")
    page.wait_for_selector("#q-name option", state="attached")
    page.select_option("#q-name", "platforms_of_city")
    page.fill('#q-form [name="city"]', graphdata.SHENZHEN)
    page.click("#q-go")
    page.wait_for_selector("#q-out table", timeout=WAIT_MS)
    assert "深圳市域产教联合体" in page.inner_text("#q-out")
    # read-only Cypher: a table and a graph; a write is refused with the guard's message
    page.click("#tabs [data-tab=cypher]")
    page.fill("#cy-text", "MATCH (a:Entity)-[r:LEADS]->(b:Entity) RETURN a, r, b")
    page.click("#cy-go")
    page.wait_for_selector("#cy-out button.as-graph", timeout=WAIT_MS)
    page.click("#cy-out button.as-graph")
    p.idle()
    page.wait_for_function(
        "(k) => iegraphExplorer.S.highlight.has(k)", arg=graphdata.CONSORTIUM, timeout=WAIT_MS
    )
    _shot(p, tmp_path, "explorer-city.png")
    p.clean()


def test_add_document_needs_a_key(explorer, tmp_path) -> None:  # type: ignore[no-untyped-def]
    p = explorer()
    page = p.page
    page.evaluate("() => sessionStorage.clear()")
    page.click("#tabs [data-tab=add]")
    page.fill("#a-key", "")
    page.set_input_files("#a-file", str(REPO / "ingest/samples/docs/zh_hant_rail.txt"))
    page.click("#a-go")
    assert "API" in page.inner_text("#a-status")
    assert not [c for c in p.api_calls if "/ingest/" in c], "nothing is sent without a key"
    p.clean()


def test_add_document_with_a_key_then_undo(explorer, served, tmp_path) -> None:  # type: ignore[no-untyped-def]
    p = explorer()
    page = p.page
    page.click("#tabs [data-tab=add]")
    page.fill("#a-key", KEY)
    page.set_input_files("#a-file", str(REPO / "ingest/samples/docs/zh_hans_shenzhen.txt"))
    page.click("#a-go")
    page.wait_for_selector("#a-result .source", timeout=120_000)
    p.idle()
    assert "ok" in page.get_attribute("#a-status", "class")
    added = page.evaluate("() => [...iegraphExplorer.S.highlight]")
    assert added, "what the document added is highlighted"
    assert page.locator("#a-result .ev q").count() >= 1, "with its evidence"
    src = page.get_attribute("#a-result .source", "data-source")
    assert served.store.get_node(src) is not None
    _shot(p, tmp_path, "explorer-added.png")
    page.click("#a-result button.undo")
    page.wait_for_selector("#a-status.ok >> text=/removed|撤销/", timeout=120_000)
    p.idle()
    assert served.store.get_node(src) is None, "undo removed the source"
    left = set(p.visible()["nodes"])
    assert all(served.store.get_node(k) is not None for k in left)
    p.clean()
