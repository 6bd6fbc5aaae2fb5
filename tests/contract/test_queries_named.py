"""Every named query on both backends over the same graph: same answers, and the right ones."""

from __future__ import annotations

import json
from typing import Any

import pytest

from iegraph.queries.named import load_named_queries, run_named
from tests.api import graphdata as g

#: one or more parameter sets per named query, with facts the answer must show
CASES: list[tuple[str, dict[str, Any]]] = [
    ("entity_by_key", {"key": g.SZPU}),
    ("entity_by_key", {"key": "institution:nobody"}),
    ("neighbourhood", {"key": g.SZPU}),
    ("neighbourhood", {"key": "深圳職業技術學院", "hops": 2, "as_of": "2023-10"}),
    ("neighbourhood", {"key": g.HUAWEI, "hops": 3, "types": ["LEADS", "MEMBER_OF"]}),
    ("neighbourhood", {"key": g.CONSORTIUM, "hops": 2, "classes": ["Enterprise"]}),
    ("partners_of", {"key": g.HUAWEI}),
    ("partners_of", {"key": g.SZU, "as_of": "2023"}),
    ("partners_of", {"key": g.BYD, "as_of": "2023-12"}),
    ("platforms_of_city", {"city": "深圳"}),
    ("platforms_of_city", {"city": g.SHENZHEN, "classes": ["IndustrialCollege"]}),
    ("platforms_of_city", {"city": g.GUANGDONG}),
    ("platform_members", {"platform": g.CONSORTIUM}),
    ("platform_members", {"platform": g.CONSORTIUM, "role": "member"}),
    ("platform_members", {"platform": g.CONSORTIUM, "as_of": "2023-12"}),
    ("policies_for", {"key": g.HUAWEI}),
    ("policies_for", {"key": g.HUAWEI, "through_platforms": True}),
    ("policy_citation_chain", {"policy": g.P02}),
    ("policy_citation_chain", {"policy": g.P_LIST, "depth": 1}),
    ("organisations_in_industry", {"industry": g.IND_IT}),
    ("organisations_in_industry", {"industry": g.IND_IT, "include_narrower": False}),
    ("organisations_in_industry", {"industry": "人工智能", "classes": ["Platform"]}),
    ("city_industry_gaps", {"city": g.SHENZHEN}),
    ("entities_in_city", {"city": g.SHENZHEN, "tops": ["Institution", "Enterprise", "Platform"]}),
    ("entities_in_industry", {"industry": g.IND_IT, "tops": ["Institution", "Platform"]}),
    ("indicator_designated_enterprises", {"city": g.SHENZHEN}),
    ("indicator_designated_enterprises", {"city": g.SHENZHEN, "as_of": "2020"}),
    ("indicator_city_platforms", {"city": g.SHENZHEN}),
    ("indicator_enterprise_participation", {"city": g.SHENZHEN}),
    ("indicator_institution_enterprise_links", {"city": g.SHENZHEN}),
    ("indicator_institution_enterprise_links", {"city": g.SHENZHEN, "as_of": "2023-06"}),
    ("indicator_city_industries", {"city": g.SHENZHEN}),
    ("indicator_city_policies", {"city": g.SHENZHEN}),
    ("gap_institutions_without_enterprise", {"city": g.SHENZHEN}),
    ("policy_diffusion", {"policy": g.P01}),
    ("policy_diffusion", {"policy": g.P02, "depth": 1}),
]


def _canon(rows: list[list[Any]]) -> list[str]:
    return sorted(json.dumps(r, ensure_ascii=False, sort_keys=True, default=str) for r in rows)


def _col(res: Any, name: str) -> list[Any]:
    i = res.columns.index(name)
    return [r[i] for r in res.rows]


def test_cases_cover_every_named_query() -> None:
    assert {n for n, _ in CASES} == set(load_named_queries())


@pytest.fixture
def graphs(both_stores, schema):  # type: ignore[no-untyped-def]
    for s in both_stores:
        g.build(s, schema)
    return both_stores


@pytest.mark.parametrize(
    ("name", "params"), CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)]
)
def test_backends_agree(graphs, schema, name: str, params: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    emb, neo = graphs
    a = run_named(emb, name, params, schema=schema)
    b = run_named(neo, name, params, schema=schema)
    assert a.columns == b.columns
    assert _canon(a.rows) == _canon(b.rows), f"{name} {params}"


@pytest.fixture
def graph(store, schema):  # type: ignore[no-untyped-def]
    g.build(store, schema)
    return store


def test_expected_answers(graph, schema) -> None:  # type: ignore[no-untyped-def]
    """The facts built into the test graph come back (on each backend alone)."""

    def run(name: str, **params: Any) -> Any:
        return run_named(graph, name, params, schema=schema)

    r = run("entity_by_key", key=g.SZPU)
    assert r.records()[0]["name"] == "深圳职业技术大学" and "深圳职业技术学院" in r.rows[0][4]
    assert run("entity_by_key", key="institution:nobody").rows == []

    r = run("neighbourhood", key=g.SZPU)
    assert set(_col(r, "key")) == {g.HUAWEI, g.SHENZHEN, g.CONSORTIUM, g.IND_COMM, g.P01}
    assert set(_col(r, "distance")) == {1}
    # 2023-10: BYD joined the consortium only in 2024, so it is reached through 深圳市 only
    r = run("neighbourhood", key=g.SZPU, hops=2, as_of="2023-10")
    d = dict(zip(_col(r, "key"), _col(r, "distance"), strict=True))
    assert d[g.BYD] == 2 and d[g.CONSORTIUM] == 1
    r = run("neighbourhood", key=g.HUAWEI, hops=3, types=["LEADS", "MEMBER_OF"])
    assert set(_col(r, "key")) == {g.CONSORTIUM, g.SZPU, g.HIGH_TECH_PARK, g.BYD}
    r = run("neighbourhood", key=g.CONSORTIUM, hops=2, classes=["Enterprise"])
    assert set(_col(r, "key")) == {g.HUAWEI, g.BYD}  # 腾讯 is 3 hops away (南山区)

    r = run("partners_of", key=g.HUAWEI)
    pairs = set(zip(_col(r, "key"), _col(r, "via"), strict=True))
    assert (g.SZPU, None) in pairs and (g.SZPU, g.CONSORTIUM) in pairs
    assert (g.BYD, g.CONSORTIUM) in pairs and (g.HIGH_TECH_PARK, g.CONSORTIUM) in pairs
    # the 深圳大学–腾讯 partnership ended 2022-12; their shared college remains
    r = run("partners_of", key=g.SZU, as_of="2023")
    assert set(zip(_col(r, "key"), _col(r, "via"), strict=True)) == {(g.TENCENT, g.AI_COLLEGE)}
    assert run("partners_of", key=g.BYD, as_of="2023-12").rows == []

    r = run("platforms_of_city", city="深圳")
    assert set(_col(r, "key")) == {g.CONSORTIUM, g.AI_COLLEGE}
    r = run("platforms_of_city", city=g.SHENZHEN, classes=["IndustrialCollege"])
    assert _col(r, "key") == [g.AI_COLLEGE]
    assert set(_col(run("platforms_of_city", city=g.GUANGDONG), "key")) == {
        g.CONSORTIUM,
        g.AI_COLLEGE,
    }

    r = run("platform_members", platform=g.CONSORTIUM)
    roles = dict(zip(_col(r, "key"), _col(r, "role"), strict=True))
    assert roles == {g.SZPU: "lead", g.HUAWEI: "lead", g.HIGH_TECH_PARK: "lead", g.BYD: "member"}
    assert _col(run("platform_members", platform=g.CONSORTIUM, role="member"), "key") == [g.BYD]
    assert g.BYD not in _col(run("platform_members", platform=g.CONSORTIUM, as_of="2023-12"), "key")

    assert _col(run("policies_for", key=g.HUAWEI), "key") == [g.P_LIST]
    r = run("policies_for", key=g.HUAWEI, through_platforms=True)
    assert set(zip(_col(r, "key"), _col(r, "target"), strict=True)) == {
        (g.P_LIST, g.HUAWEI),
        (g.MOE, g.CONSORTIUM),
    }

    r = run("policy_citation_chain", policy=g.P_LIST)
    assert set(zip(_col(r, "key"), _col(r, "direction"), _col(r, "depth"), strict=True)) == {
        (g.P02, "cites", 1),
        (g.P01, "cites", 2),
    }
    assert _col(run("policy_citation_chain", policy=g.P_LIST, depth=1), "key") == [g.P02]

    r = run("organisations_in_industry", industry=g.IND_IT)
    assert set(_col(r, "key")) == {g.HUAWEI, g.TENCENT, g.SZPU, g.AI_COLLEGE}
    r = run("organisations_in_industry", industry=g.IND_IT, include_narrower=False)
    assert _col(r, "key") == [g.TENCENT]

    r = run("city_industry_gaps", city=g.SHENZHEN)
    assert r.records() == [{"key": g.IND_EV, "name": "新能源汽车", "demand": 2}]


def test_named_queries_cannot_write(graph, schema) -> None:  # type: ignore[no-untyped-def]
    """Named queries run on the engine's read-only path (a second lock behind the files)."""
    from iegraph.ontology.errors import ReadOnlyViolation

    before = graph.stats()
    with pytest.raises(ReadOnlyViolation):
        graph.read("MATCH (n:Entity {key: $k}) DETACH DELETE n", {"k": g.SZPU})
    assert graph.stats() == before
