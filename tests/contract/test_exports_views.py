"""The view builders on both backends: what each kind of view fetches from a real store."""

from __future__ import annotations

import pytest

from iegraph.graph.views import render
from iegraph.graph.views.synthetic import sample_ecosystem, to_records
from iegraph.ontology.errors import NotFound, ValidationError
from iegraph.queries.views import city_view, ego_view, path_view, query_view, write_city_view

SZPU = "institution:深圳职业技术大学"
HW = "enterprise:华为技术有限公司"
SZ = "place:深圳市"
CONS = "platform:深圳市域产教联合体"


@pytest.fixture
def loaded(store, schema):  # type: ignore[no-untyped-def]
    nodes, rels = to_records(sample_ecosystem(schema))
    store.upsert_nodes(nodes)
    store.upsert_relationships(rels)
    return store


def _keys(view) -> set[str]:  # type: ignore[no-untyped-def]
    return {n.key for n in view.subgraph.nodes}


def test_ego_view_by_former_name(loaded, schema) -> None:  # type: ignore[no-untyped-def]
    v = ego_view(loaded, "深圳职业技术学院", hops=1, schema=schema)
    assert v.kind == "ego" and v.highlight_nodes == {SZPU}
    assert _keys(v) == {SZPU, HW, SZ, CONS}
    assert v.places[SZPU] == "深圳市"
    # its LOCATED_IN, LEADS, COOPERATES_WITH, and the three among its neighbours
    assert len(v.subgraph.relationships) == 6


def test_ego_view_two_hops_and_filters(loaded, schema) -> None:  # type: ignore[no-untyped-def]
    two = ego_view(loaded, SZPU, hops=2, schema=schema)
    assert {"place:广东省", "institution:深圳大学", "platform:深圳市高新技术产业园区"} <= _keys(two)
    typed = ego_view(loaded, SZPU, hops=2, types=["LEADS"], schema=schema)
    assert _keys(typed) == {SZPU, CONS, HW, "platform:深圳市高新技术产业园区"}
    assert {r.type for r in typed.subgraph.relationships} == {"LEADS"}
    places = ego_view(loaded, SZPU, hops=1, classes=["Place"], schema=schema)
    assert _keys(places) == {SZPU, SZ}
    by_label = ego_view(loaded, SZPU, hops=1, classes=["地区"], schema=schema)
    assert _keys(by_label) == _keys(places), "class labels in any language are accepted"


def test_ego_view_as_of(loaded, schema) -> None:  # type: ignore[no-untyped-def]
    # COOPERATES_WITH holds 2023 – 2026-06; the consortium and its LEADS from 2023
    v = ego_view(loaded, HW, hops=1, as_of="2022-06-01", schema=schema)
    assert _keys(v) == {HW, SZ}
    later = ego_view(loaded, HW, hops=1, as_of="2027", schema=schema)
    assert SZPU not in _keys(later) and CONS in _keys(later)


def test_ego_view_refuses_bad_input(loaded, schema) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFound):
        ego_view(loaded, "不存在的大学", schema=schema)
    with pytest.raises(ValidationError) as err:
        ego_view(loaded, SZPU, types=["NO_SUCH_RELATION"], schema=schema)
    assert "LEADS" in (err.value.hint or "")
    with pytest.raises(ValidationError):
        ego_view(loaded, SZPU, hops=4, schema=schema)
    with pytest.raises(ValidationError):
        ego_view(loaded, SZPU, as_of="soon", schema=schema)


def test_path_view_highlights_the_path(loaded, schema) -> None:  # type: ignore[no-untyped-def]
    v = path_view(loaded, "深圳大学", "华为", k=2, max_hops=4, schema=schema)
    assert v.kind == "path"
    assert {"institution:深圳大学", HW} <= v.highlight_nodes
    assert v.highlight_rels, "path edges are highlighted"
    assert SZ in _keys(v)  # 深圳大学 → 深圳市 ← 华为 is the shortest
    with pytest.raises(NotFound):
        path_view(loaded, "深圳大学", "国务院办公厅", max_hops=1, schema=schema)


def test_query_view_of_a_named_query_and_of_cypher(loaded, schema) -> None:  # type: ignore[no-untyped-def]
    v = query_view(loaded, "platforms_of_city", {"city": "深圳市"}, schema=schema)
    assert SZ in v.highlight_nodes, "the entity named in the parameters is drawn and highlighted"
    assert CONS in _keys(v) and "platform:深圳市高新技术产业园区" in _keys(v)
    assert any(r.type == "LOCATED_IN" for r in v.subgraph.relationships)
    c = query_view(loaded, "MATCH (a)-[r:LEADS]->(b) RETURN a, r, b", schema=schema)
    assert {r.type for r in c.subgraph.relationships} >= {"LEADS"}
    assert CONS in _keys(c)


def test_query_view_is_read_only(loaded, schema) -> None:  # type: ignore[no-untyped-def]
    from iegraph.ontology.errors import QueryError

    with pytest.raises(QueryError):
        query_view(loaded, "MATCH (n) DETACH DELETE n", schema=schema)
    assert loaded.get_node(SZPU) is not None


def test_city_view(loaded, schema, tmp_path) -> None:  # type: ignore[no-untyped-def]
    v = city_view(loaded, "深圳", schema=schema)
    keys = _keys(v)
    assert v.kind == "city" and v.highlight_nodes == {SZ}
    # located there, what they lead and build, the industries and the policies around them
    assert {
        SZPU,
        HW,
        CONS,
        "institution:深圳大学",
        "platform:深圳大学腾讯云人工智能学院",
        "industry:人工智能",
        "industry:无人机",
        "policy:国务院办公厅关于深化产教融合的若干意见",
        "government:深圳市发展和改革委员会",
    } <= keys
    assert "place:广东省" not in keys, "other places stay out"
    html = render(v, schema)
    assert "深圳市 产教融合生态" in html
    out = write_city_view(loaded, "深圳市", tmp_path / "sz.html")
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_city_view_needs_a_place(loaded, schema) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as err:
        city_view(loaded, "华为技术有限公司", schema=schema)
    assert "not a place" in err.value.message
