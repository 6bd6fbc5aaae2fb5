"""The renderer, without a store or a browser: style from the ontology, tooltips, grouping,
escaping and offline pages (the browser tests check the same pages in Chromium)."""

from __future__ import annotations

import json
import re

import pytest

from iegraph.graph.model import Node, Relationship, Subgraph
from iegraph.graph.views import View, prepare, render
from iegraph.graph.views.group import GROUP_LABEL, group_view
from iegraph.graph.views.page import vis_assets
from iegraph.graph.views.render import script_json
from iegraph.graph.views.style import Styler, both_scripts
from iegraph.graph.views.synthetic import TRICKY_TEXT, sample_ecosystem, synthetic_subgraph
from iegraph.ontology.errors import ValidationError

SZPU = "institution:深圳职业技术大学"
HW = "enterprise:华为技术有限公司"


@pytest.fixture
def sample(schema):  # type: ignore[no-untyped-def]
    return sample_ecosystem(schema)


def _page_data(html: str) -> dict:  # type: ignore[type-arg]
    m = re.search(
        r'<script type="application/json" id="iegraph-data">(.*?)</script>', html, re.DOTALL
    )
    assert m, "the page carries its data in a JSON script element"
    return json.loads(m.group(1))  # type: ignore[no-any-return]


def test_each_class_takes_its_colour_and_shape_from_the_ontology(schema, sample) -> None:
    d = prepare(View(sample), schema)
    by_id = {n["id"]: n for n in d.nodes}
    for n in sample.nodes:
        cdef = schema.classes[n.props["class"]]
        drawn = by_id[n.key]
        assert drawn["color"] == cdef.color, n.key
        assert drawn["shape"] == cdef.shape, n.key


def test_edges_carry_the_relation_type_label_and_colour(schema, sample) -> None:
    d = prepare(View(sample), schema)
    assert len(d.edges) == len(sample.relationships)
    for e in d.edges:
        rdef = schema.relations[e["relType"]]
        assert e["color"]["color"] == rdef.color
        assert e["label"] == rdef.labels["zh-Hans"]
    coop = next(e for e in d.edges if e["relType"] == "COOPERATES_WITH")
    assert coop["arrows"] == {"to": {"enabled": False}}, "symmetric relations have no arrow"
    leads = next(e for e in d.edges if e["relType"] == "LEADS")
    assert "arrows" not in leads or leads["arrows"] != {"to": {"enabled": False}}


def test_legend_lists_every_drawn_class_and_relation_type(schema, sample) -> None:
    d = prepare(View(sample), schema)
    assert {c["name"] for c in d.legend_classes} == {n.props["class"] for n in sample.nodes}
    assert {r["name"] for r in d.legend_rels} == {r.type for r in sample.relationships}
    assert sum(c["count"] for c in d.legend_classes) == len(sample.nodes)


def test_node_size_grows_with_degree(schema, sample) -> None:
    d = prepare(View(sample), schema)
    size = {n["id"]: n["size"] for n in d.nodes}
    # 深圳市 has 7 relationships in the sample, 无人机 one
    assert size["place:深圳市"] > size["industry:无人机"]


def test_node_tooltip_has_both_scripts_class_and_place(schema, sample) -> None:
    view = View(sample, places={SZPU: "深圳市"})
    d = prepare(view, schema)
    title = next(n["title"] for n in d.nodes if n["id"] == SZPU)
    assert "深圳职业技术大学" in title and "深圳職業技術大學" in title
    assert (
        "VocationalUniversity" in title
        and schema.classes["VocationalUniversity"].labels["zh-Hans"] in title
    )
    assert "place: 深圳市" in title
    assert "深圳职业技术学院" in title, "aliases (the former name) are shown"


def test_edge_tooltip_shows_the_evidence_source_and_sentence(schema, sample) -> None:
    d = prepare(View(sample), schema)
    title = next(
        e["title"] for e in d.edges if e["id"] == f"{SZPU}|LEADS|platform:深圳市域产教联合体"
    )
    assert "static.nfapp.southcn.com" in title
    assert "row 11" in title
    assert "牵头深圳市域产教联合体" in title
    assert "2023" in title


def test_both_scripts_converts_offline() -> None:
    assert both_scripts("深圳職業技術大學") == ("深圳职业技术大学", "深圳職業技術大學")


def test_highlighted_nodes_get_a_thick_border(schema, sample) -> None:
    d = prepare(View(sample, highlight_nodes={SZPU}), schema)
    hl = next(n for n in d.nodes if n["id"] == SZPU)
    other = next(n for n in d.nodes if n["id"] == HW)
    assert hl["borderWidth"] > other["borderWidth"]


def test_page_is_self_contained_and_offline(schema, sample) -> None:
    html = render(View(sample, title="深圳"), schema)
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    # no element loads anything from elsewhere
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)\s*=", html)
    js, _css = vis_assets()
    assert js[:200] in html, "vis-network is inlined"
    assert "stabilizationIterationsDone" in html and "physics: false" in html


def test_markup_in_data_cannot_break_out_of_the_page(schema, sample) -> None:
    html = render(View(sample, title="<b>深圳</b>"), schema)
    assert "</script><script>alert(1)" not in html
    assert "<b>深圳</b>" not in html
    data = _page_data(html)
    titles = " ".join(e["title"] for e in data["edges"])
    assert "alert(1)" in titles, "the text itself survives, escaped"
    assert json.loads(script_json({"t": TRICKY_TEXT}))["t"] == TRICKY_TEXT


def test_counts_in_the_page_match_the_view(schema, sample) -> None:
    data = _page_data(render(View(sample), schema))
    assert len(data["nodes"]) == len(sample.nodes)
    assert len(data["edges"]) == len(sample.relationships)
    assert len({e["id"] for e in data["edges"]}) == len(data["edges"])


def test_relationships_with_a_missing_end_are_not_drawn(schema) -> None:
    sub = Subgraph([Node("a", ["Entity"], {"name": "A"})], [Relationship("LEADS", "a", "b", {})])
    d = prepare(View(sub), schema)
    assert len(d.nodes) == 1 and d.edges == []


def test_a_view_under_the_cap_is_not_grouped(schema) -> None:
    sub = synthetic_subgraph(200, schema, seed=3)
    d = prepare(View(sub), schema, cap=200)
    assert not d.grouped and len(d.nodes) == 200


def test_a_view_over_the_cap_is_grouped_and_says_so(schema) -> None:
    sub = synthetic_subgraph(800, schema, seed=3)
    centre = sub.nodes[10].key
    places = {n.key: "深圳市" for n in sub.nodes[:300]}
    view = View(sub, highlight_nodes={centre}, places=places)
    d = prepare(view, schema, cap=100)
    assert d.grouped
    assert len(d.nodes) <= 100
    assert any(n["id"] == centre for n in d.nodes), "highlighted nodes are never merged"
    note = d.view.notes[-1]
    assert "800 nodes exceed the cap of 100" in note and "grouped" in note
    groups = [n for n in d.view.subgraph.nodes if GROUP_LABEL in n.labels]
    assert sum(n.props["group_size"] for n in groups) == 799
    html = render(view, schema, cap=100)
    assert 'id="iegraph-note"' in html and "exceed the cap" in html


def test_grouped_edges_keep_their_count(schema) -> None:
    sub = synthetic_subgraph(400, schema, seed=5)
    grouped = group_view(View(sub), Styler(schema), cap=50)
    drawn = sum(r.props["count"] for r in grouped.subgraph.relationships)
    # every relationship is either merged into a drawn edge or inside one group
    assert 0 < drawn <= len(sub.relationships)


def test_community_grouping(schema) -> None:
    sub = synthetic_subgraph(300, schema, seed=5)
    grouped = group_view(View(sub), Styler(schema), cap=60, by="community")
    assert grouped.params["group_by"] == "community"
    assert all(n.key.startswith("group:community-") for n in grouped.subgraph.nodes)
    assert sum(n.props["group_size"] for n in grouped.subgraph.nodes) == 300


def test_bad_grouping_options_are_refused(schema) -> None:
    with pytest.raises(ValidationError):
        group_view(View(Subgraph()), Styler(schema), cap=10, by="colour")
    with pytest.raises(ValidationError):
        group_view(View(Subgraph()), Styler(schema), cap=0)


def test_large_views_get_start_positions(schema) -> None:
    sub = synthetic_subgraph(400, schema, seed=2)
    d = prepare(View(sub), schema)
    assert all("x" in n and "y" in n for n in d.nodes)
    assert d.options["physics"]["stabilization"]["iterations"] < 200
    small = prepare(View(sample_ecosystem(schema)), schema)
    assert not any("x" in n for n in small.nodes)


def test_unknown_classes_fall_back_to_a_palette_colour(schema) -> None:
    sub = Subgraph([Node("x", ["Entity", "Mystery"], {"name": "X", "class": "Mystery"})])
    d = prepare(View(sub), schema)
    assert d.nodes[0]["color"].startswith("#") and d.legend_classes[0]["name"] == "Mystery"
