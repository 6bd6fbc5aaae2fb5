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


def test_grams_intersect_but_text_must_be_contiguous(graph) -> None:  # type: ignore[no-untyped-def]
    # 深圳职业技术大学 holds the bigrams of 职业 and of 大学, not the text 职业大学
    assert search_entities(graph, "职业大学")["total"] == 0
    assert keys(search_entities(graph, "职业技术大")) == [g.SZPU]
    # a long text: its grams are sampled for the index, the whole text is still tested
    assert keys(search_entities(graph, "深圳大学腾讯云人工智能学院")) == [g.AI_COLLEGE]
    assert search_entities(graph, "深圳大学腾讯云人工智能学校")["total"] == 0


def test_capped_search_puts_exact_names_first(graph, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import iegraph.queries.search as s

    full = search_entities(graph, "深圳", limit=50)
    assert not full["capped"] and full["total"] == len(full["items"]) > 3
    monkeypatch.setattr(s, "RANK_CAP", 3)
    out = search_entities(graph, "深圳", limit=2)
    assert out["capped"] and out["total"] == 3
    # 深圳 is 深圳市's alias: found by the exact index whether or not it was among the first 3
    assert out["items"][0]["key"] == g.SHENZHEN and out["items"][0]["rank"] == 1
    assert len(out["items"]) == 2
    page2 = search_entities(graph, "深圳", limit=2, offset=2)
    assert page2["capped"] and g.SHENZHEN not in keys(page2)
    # a text matching no more than the cap is ranked exactly, uncapped
    assert not search_entities(graph, "深圳大学")["capped"]


def test_page_total_without_a_count(graph) -> None:  # type: ignore[no-untyped-def]
    full = search_entities(graph, "深圳", limit=200)
    n = full["total"]
    assert search_entities(graph, "深圳", limit=n)["total"] == n  # a full page: counted
    assert search_entities(graph, "深圳", limit=n + 1)["total"] == n  # a short page
    assert search_entities(graph, "深圳", limit=2, offset=n - 1)["total"] == n
    assert search_entities(graph, "深圳", limit=2, offset=n + 5) == {
        **search_entities(graph, "深圳", limit=2, offset=n + 5),
        "items": [],
        "total": n,
    }


def test_embedded_search_reads_indexes(store, schema) -> None:  # type: ignore[no-untyped-def]
    """The embedded store's search, exact-name and code queries start from an index (a
    label scan here is what made search take seconds at 1M nodes)."""
    from iegraph.graph.store import CAP_EXPLAIN
    from iegraph.queries.search import (
        Q_EXACT,
        Q_EXACT_PAGE,
        code_query,
        count_query,
        gram_params,
        search_query,
    )

    if CAP_EXPLAIN not in store.capabilities:
        pytest.skip("the backend cannot explain a query")
    g.build(store, schema)
    grams = gram_params("职业技术")
    kw = {"q": True, "classes": False, "place": False, "index": "gram", "grams": len(grams)}
    params = {"q": "职业技术", "cap": 10, "cap1": 11, "offset": 0, "limit": 5, **grams}
    from iegraph.queries.explorer import by_code_query

    for q in (
        by_code_query(schema),
        search_query(**kw),
        count_query(**kw),
        search_query(**{**kw, "classes": True}),
        Q_EXACT,
        Q_EXACT_PAGE,
        code_query(schema),
    ):
        plan = store.explain(q, {**params, "classes": ["Company"], "codes": ["1"]})
        assert "Index Scan" in plan and "Label Scan" not in plan and "All Node Scan" not in plan, (
            q,
            plan,
        )
    assert len(grams) == 3  # 职业 业技 技术: every gram of a short text
    assert len(gram_params("深圳大学腾讯云人工智能学院")) == 6  # sampled, first and last kept
