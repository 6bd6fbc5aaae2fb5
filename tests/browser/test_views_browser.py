"""Generated pages in a real headless Chromium: they load offline, draw exactly the view, show the
legend and the grouping note, stop their physics, and show evidence in tooltips."""

from __future__ import annotations

import pytest

from iegraph.graph.views import View, prepare, write_view
from iegraph.graph.views.synthetic import sample_ecosystem, synthetic_subgraph, to_records
from iegraph.queries.views import write_city_view
from tests.browser.conftest import keep_artifact

pytestmark = pytest.mark.browser

SZPU = "institution:深圳职业技术大学"
CONS = "platform:深圳市域产教联合体"


def _hover_node(opened, key: str) -> str:  # type: ignore[no-untyped-def]
    page = opened.page
    pos = page.evaluate("(k) => network.canvasToDOM(network.getPositions([k])[k])", key)
    box = page.locator("#mynetwork").bounding_box()
    page.mouse.move(box["x"] + pos["x"], box["y"] + pos["y"])
    tip = page.locator("div.vis-tooltip")
    tip.wait_for(state="visible", timeout=5000)
    return tip.inner_text()  # type: ignore[no-any-return]


def _hover_edge(opened, edge_id: str) -> str:  # type: ignore[no-untyped-def]
    page = opened.page
    # the middle of the edge (straight edges are drawn for big views, curves for small ones:
    # vis gives the exact point on the drawn curve)
    pos = page.evaluate(
        """(id) => { const e = network.body.edges[id];
                     const p = e.edgeType.getPoint(0.5);
                     return network.canvasToDOM(p); }""",
        edge_id,
    )
    box = page.locator("#mynetwork").bounding_box()
    page.mouse.move(box["x"] + pos["x"] + 1, box["y"] + pos["y"] + 1)
    # an edge's tooltip is the one with an arrow between the two names
    tip = page.locator("div.vis-tooltip", has_text="→")
    tip.wait_for(state="visible", timeout=5000)
    return tip.inner_text()  # type: ignore[no-any-return]


def test_sample_view_draws_exactly_the_view_offline(schema, tmp_path, open_page) -> None:  # type: ignore[no-untyped-def]
    sub = sample_ecosystem(schema)
    path = write_view(
        View(sub, title="深圳 sample", highlight_nodes={SZPU}), tmp_path / "s.html", schema
    )
    opened = open_page(path)
    st = opened.state()
    assert st["nodes"] == len(sub.nodes)
    assert st["edges"] == len(sub.relationships)
    assert st["stabilized"] is True and st["physics"] is False, "physics stops after layout"
    assert opened.console_errors == []
    assert opened.external_requests == []
    assert opened.dialogs == [], "markup in the evidence text must not run"
    legend = opened.page.locator("#iegraph-legend")
    assert legend.is_visible()
    classes = {n.props["class"] for n in sub.nodes}
    assert opened.page.locator("#iegraph-legend-classes li").count() == len(classes)
    assert opened.page.locator("#iegraph-legend-relations li").count() == len(
        {r.type for r in sub.relationships}
    )


def test_tooltips_show_names_in_both_scripts_and_the_evidence(schema, tmp_path, open_page) -> None:  # type: ignore[no-untyped-def]
    sub = sample_ecosystem(schema)
    path = write_view(View(sub, places={SZPU: "深圳市"}), tmp_path / "t.html", schema)
    opened = open_page(path)
    node_tip = _hover_node(opened, SZPU)
    assert "深圳職業技術大學" in node_tip and "place: 深圳市" in node_tip
    edge_tip = _hover_edge(opened, f"{SZPU}|LEADS|{CONS}")
    assert "牵头深圳市域产教联合体" in edge_tip, "the sentence or row behind the edge"
    assert "static.nfapp.southcn.com" in edge_tip, "its source"
    assert opened.console_errors == []


def test_a_capped_view_is_grouped_and_says_so(schema, tmp_path, open_page) -> None:  # type: ignore[no-untyped-def]
    sub = synthetic_subgraph(2000, schema, seed=11)
    view = View(sub, title="2,000 synthetic entities", highlight_nodes={sub.nodes[0].key})
    drawing = prepare(view, schema, cap=1500)
    assert drawing.grouped
    path = write_view(view, tmp_path / "big.html", schema, cap=1500)
    opened = open_page(path)
    st = opened.state()
    assert (st["nodes"], st["edges"]) == (len(drawing.nodes), len(drawing.edges))
    note = opened.page.locator("#iegraph-note")
    assert note.is_visible()
    assert "exceed the cap of 1,500" in note.inner_text() and "grouped" in note.inner_text()
    assert opened.console_errors == [] and opened.external_requests == []


def test_a_thousand_node_view_stabilises_and_freezes(schema, tmp_path, open_page) -> None:  # type: ignore[no-untyped-def]
    sub = synthetic_subgraph(1000, schema, seed=4)
    path = write_view(View(sub), tmp_path / "k.html", schema)
    opened = open_page(path)
    st = opened.state()
    assert (st["nodes"], st["edges"]) == (1000, len(sub.relationships))
    assert st["physics"] is False and st["ms"] is not None
    assert opened.console_errors == []


def test_city_view_from_the_store_with_a_screenshot(
    embedded_store,
    schema,
    tmp_path,  # type: ignore[no-untyped-def]
    open_page,
    artifacts_dir,
) -> None:
    nodes, rels = to_records(sample_ecosystem(schema))
    embedded_store.upsert_nodes(nodes)
    embedded_store.upsert_relationships(rels)
    path = write_city_view(embedded_store, "深圳市", tmp_path / "city.html")
    opened = open_page(path)
    st = opened.state()
    drawn = opened.page.evaluate("() => network.body.data.nodes.getIds()")
    assert "place:深圳市" in drawn and CONS in drawn
    assert st["edges"] > 0 and opened.console_errors == []
    assert opened.page.locator("h1").inner_text().startswith("深圳市 产教融合生态")
    shot = artifacts_dir / "city-view-shenzhen.png"
    opened.page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    keep_artifact(shot)
