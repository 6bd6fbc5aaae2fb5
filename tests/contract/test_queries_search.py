"""Entity search on both backends: either script, substrings, ranking, filters, pages."""

from __future__ import annotations

import pytest

from iegraph.ontology.errors import NotFound, ValidationError
from iegraph.queries.search import expand_classes, resolve_entity, search_entities
from tests.api import graphdata as g


@pytest.fixture
def graph(store, schema):  # type: ignore[no-untyped-def]
    g.build(store, schema)
    return store


def keys(out) -> list[str]:  # type: ignore[no-untyped-def]
    return [i["key"] for i in out["items"]]


def test_substring_in_either_script(graph) -> None:  # type: ignore[no-untyped-def]
    assert keys(search_entities(graph, "职业")) == [g.SZPU]
    assert keys(search_entities(graph, "職業")) == [g.SZPU]
    assert keys(search_entities(graph, "技術大學")) == [g.SZPU]


def test_alias_and_former_name(graph) -> None:  # type: ignore[no-untyped-def]
    out = search_entities(graph, "深圳职业技术学院")  # the name before 2023
    assert keys(out) == [g.SZPU] and out["items"][0]["rank"] == 1
    assert keys(search_entities(graph, "华为")) == [g.HUAWEI]
    assert search_entities(graph, "ai")["items"][0]["key"] == g.IND_AI  # case-folded alias


def test_ranking_exact_prefix_substring_alias(graph) -> None:  # type: ignore[no-untyped-def]
    out = search_entities(graph, "深圳", limit=50)
    ranks = [i["rank"] for i in out["items"]]
    assert ranks == sorted(ranks)
    by_key = {i["key"]: i["rank"] for i in out["items"]}
    assert out["items"][0]["key"] == g.SHENZHEN  # 深圳 is an alias of 深圳市 (exact alias)
    assert by_key[g.SHENZHEN] == 1
    assert by_key[g.SZU] == 2  # prefix of the name
    assert by_key[g.TENCENT] == 3  # substring: 腾讯科技（深圳）有限公司
    out = search_entities(graph, "深圳大学")
    assert out["items"][0]["key"] == g.SZU and out["items"][0]["rank"] == 0
    assert out["items"][1]["key"] == g.AI_COLLEGE and out["items"][1]["rank"] == 2
    out = search_entities(graph, "腾讯")  # alias prefix (腾讯云) ranks below exact alias
    assert [(i["key"], i["rank"]) for i in out["items"]][:1] == [(g.TENCENT, 1)]


def test_class_filter_includes_subclasses(graph, schema) -> None:  # type: ignore[no-untyped-def]
    cls = expand_classes(schema, ["院校与科研机构"])  # the zh-Hans label of Institution
    assert set(keys(search_entities(graph, "深圳", classes=cls))) == {g.SZPU, g.SZU}
    with pytest.raises(ValidationError):
        expand_classes(schema, ["Spaceship"])


def test_place_filter_includes_places_inside(graph) -> None:  # type: ignore[no-untyped-def]
    assert set(keys(search_entities(graph, "深圳", place="南山区"))) == {
        g.SZU,
        g.TENCENT,
        g.AI_COLLEGE,
        g.HIGH_TECH_PARK,
    }
    at_city = set(keys(search_entities(graph, "", place="深圳", limit=100)))
    assert {g.SZPU, g.HUAWEI, g.BYD, g.CONSORTIUM, g.SZU, g.TENCENT, g.NANSHAN} <= at_city
    assert g.IND_AI not in at_city


def test_pagination(graph) -> None:  # type: ignore[no-untyped-def]
    full = search_entities(graph, "", limit=200)
    assert full["total"] == 20
    seen: list[str] = []
    for off in range(0, 20, 6):
        page = search_entities(graph, "", limit=6, offset=off)
        assert page["total"] == 20
        seen += keys(page)
    assert seen == keys(full) and len(set(seen)) == 20
    assert search_entities(graph, "", limit=5, offset=100)["items"] == []
    with pytest.raises(ValidationError):
        search_entities(graph, "x", limit=0)


def test_no_match_and_odd_input(graph) -> None:  # type: ignore[no-untyped-def]
    assert search_entities(graph, "不存在的名字")["total"] == 0
    assert search_entities(graph, "' OR 1=1 //")["total"] == 0
    assert search_entities(graph, "%")["total"] == 0


def test_resolve_entity(graph) -> None:  # type: ignore[no-untyped-def]
    assert resolve_entity(graph, g.SZPU).key == g.SZPU
    assert resolve_entity(graph, "深圳職業技術大學").key == g.SZPU
    assert resolve_entity(graph, "深圳").key == g.SHENZHEN
    with pytest.raises(NotFound):
        resolve_entity(graph, "nowhere")
