"""Analytics on small hand-built graphs with answers worked out by hand, on both backends.

The broker graph is two stars joined by one enterprise::

    A1, A2, E1 ─ PA ─ X ─ PB ─ B1, E2, E3

X lies on every shortest path between {A1, A2, E1, PA} and {PB, B1, E2, E3}: 16 of the
(9-1)(9-2)/2 = 28 pairs, so its normalised betweenness is 16/28; its two ties are not
redundant, so Burt's constraint is 2 × 0.5² = 0.5; an organisation with a single tie has 1.0.

The city graph (测试市, with a district) has worked-out indicators: see ``test_indicators``.
"""

from __future__ import annotations

from typing import Any

import pytest

from iegraph.queries import analytics
from tests.api.graphdata import node, rel

# -- the broker graph -------------------------------------------------------------------------
PA, PB = "platform:甲产业学院", "platform:乙产教联合体"
X = "enterprise:桥梁科技有限公司"
SIDE_A = ["institution:甲职业技术学院", "institution:甲大学", "enterprise:甲制造有限公司"]
SIDE_B = ["institution:乙职业技术学院", "enterprise:乙电子有限公司", "enterprise:乙物流有限公司"]


def build_brokers(store: Any, schema: Any) -> None:
    cls = {"institution": "VocationalCollege", "enterprise": "Company"}
    nodes = [
        node(PA, "甲产业学院", "IndustrialCollege", schema),
        node(PB, "乙产教联合体", "MunicipalConsortium", schema),
        node(X, "桥梁科技有限公司", "Company", schema),
    ]
    nodes += [node(k, k.split(":")[1], cls[k.split(":")[0]], schema) for k in SIDE_A + SIDE_B]
    store.upsert_nodes(nodes)
    rels = [rel("BUILDS", k, PA) for k in SIDE_A]
    rels += [rel("MEMBER_OF", k, PB) for k in SIDE_B]
    rels += [rel("BUILDS", X, PA), rel("LEADS", X, PB)]
    store.upsert_relationships(rels)


def test_brokers_known_values(store, schema) -> None:  # type: ignore[no-untyped-def]
    build_brokers(store, schema)
    out = analytics.brokers(store, top=3, schema=schema)
    assert out["vertices"] == 9 and out["edges"] == 8
    top = out["brokers"][0]
    assert top["key"] == X
    assert top["betweenness"] == pytest.approx(16 / 28, abs=1e-6)
    assert top["constraint"] == pytest.approx(0.5, abs=1e-6)
    assert {p["key"] for p in top["platforms"]} == {PA, PB}
    assert top["partners"] == []
    # the evidence of each tie is the relationship that makes it, with its sources
    rels = {r["key"] for p in top["platforms"] for r in p["relationships"]}
    assert rels == {f"{X}|BUILDS|{PA}", f"{X}|LEADS|{PB}"}
    assert all(r["sources"] for p in top["platforms"] for r in p["relationships"])
    # platforms are vertices but never brokers; the others have no betweenness
    assert all(b["key"] not in (PA, PB) for b in out["brokers"])
    assert [b["betweenness"] for b in out["brokers"][1:]] == [0.0, 0.0]
    assert all(b["constraint"] == pytest.approx(1.0) for b in out["brokers"][1:])
    # X joins the two communities
    assert top["communities_bridged"] == 2


def test_brokers_cutoff_matches_exact_when_paths_are_short(store, schema) -> None:  # type: ignore[no-untyped-def]
    build_brokers(store, schema)
    exact = analytics.brokers(store, top=1, schema=schema)["brokers"][0]
    cut = analytics.brokers(store, top=1, cutoff=4, schema=schema)["brokers"][0]
    assert cut["betweenness"] == pytest.approx(exact["betweenness"])
    # with paths of at most 2 steps X is between PA and PB only
    short = analytics.brokers(store, top=1, cutoff=2, schema=schema)
    assert short["method"]["betweenness"] == "paths of at most 2 steps"
    assert short["brokers"][0]["betweenness"] == pytest.approx(1 / 28, abs=1e-6)


def test_communities_split_the_two_stars(store, schema) -> None:  # type: ignore[no-untyped-def]
    build_brokers(store, schema)
    out = analytics.communities(store, schema=schema)
    groups = [{m["key"] for m in c["members"]} for c in out["communities"]]
    assert sorted(len(g) for g in groups) == [4, 5]
    assert any(set(SIDE_A) | {PA} <= g for g in groups)
    assert any(set(SIDE_B) | {PB} <= g for g in groups)
    assert out["modularity"] > 0.3
    assert sum(c["size"] for c in out["communities"]) == 9


# -- the city graph ---------------------------------------------------------------------------
CITY, DISTRICT, OTHER = "place:测试市", "place:测试区", "place:别处市"
E1, E2, E3 = "enterprise:甲科技有限公司", "enterprise:乙科技有限公司", "enterprise:外地有限公司"
A1, A2 = "institution:测试职业技术学院", "institution:测试大学"
P_COLLEGE, P_CONSORTIUM = "platform:测试产业学院", "platform:测试市域产教联合体"
I1, I1_SUB, I2 = "industry:智能制造", "industry:工业机器人", "industry:现代物流"
BUREAU = "government:测试市教育局"
NP, PP = "policy:国家测试意见", "policy:省测试方案"
CP, CP2 = "policy:测试市实施办法", "policy:测试市行动计划"


def build_city(store: Any, schema: Any) -> None:
    store.upsert_nodes(
        [
            node(CITY, "测试市", "City", schema, ("测试",)),
            node(DISTRICT, "测试区", "District", schema),
            node(OTHER, "别处市", "City", schema),
            node(E1, "甲科技有限公司", "Company", schema),
            node(E2, "乙科技有限公司", "Company", schema),
            node(E3, "外地有限公司", "Company", schema),
            node(A1, "测试职业技术学院", "VocationalCollege", schema),
            node(A2, "测试大学", "University", schema),
            node(P_COLLEGE, "测试产业学院", "IndustrialCollege", schema),
            node(P_CONSORTIUM, "测试市域产教联合体", "MunicipalConsortium", schema),
            node(I1, "智能制造", "Industry", schema),
            node(I1_SUB, "工业机器人", "Industry", schema),
            node(I2, "现代物流", "Industry", schema),
            node(BUREAU, "测试市教育局", "Bureau", schema),
            node(NP, "国家测试意见", "NationalPolicy", schema, issued_date="2019-04-03"),
            node(PP, "省测试方案", "ProvincialPolicy", schema, issued_date="2020-01-15"),
            node(CP, "测试市实施办法", "MunicipalPolicy", schema, issued_date="2021-06"),
            node(CP2, "测试市行动计划", "MunicipalPolicy", schema, issued_date="2024-03-01"),
        ]
    )
    store.upsert_relationships(
        [
            rel("PART_OF", DISTRICT, CITY),
            rel("LOCATED_IN", E1, DISTRICT),
            rel("LOCATED_IN", E2, CITY),
            rel("LOCATED_IN", E3, OTHER),
            rel("LOCATED_IN", A1, CITY),
            rel("LOCATED_IN", A2, DISTRICT),
            rel("LOCATED_IN", P_COLLEGE, CITY),
            rel("LOCATED_IN", BUREAU, CITY),
            rel("DESIGNATES", NP, E1, valid_from="2021"),
            rel("DESIGNATES", NP, E3),
            rel("BUILDS", A1, P_COLLEGE),
            rel("BUILDS", E1, P_COLLEGE),
            rel("LEADS", A1, P_CONSORTIUM),
            rel("COOPERATES_WITH", A1, E2),
            rel("FOCUSES_ON", E1, I1),
            rel("FOCUSES_ON", E2, I2),
            rel("FOCUSES_ON", P_COLLEGE, I1_SUB),
            rel("BROADER", I1_SUB, I1),
            rel("ISSUED_BY", CP, BUREAU),
            rel("ISSUED_BY", CP2, BUREAU),
            rel("CITES", CP, PP),
            rel("CITES", PP, NP),
        ]
    )


def _ind(out: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {i["name"]: i for i in out["indicators"]}


def test_indicators(store, schema) -> None:  # type: ignore[no-untyped-def]
    build_city(store, schema)
    got = _ind(analytics.city_indicators(store, "测试", schema=schema))
    assert got["designated_enterprises"]["value"] == 1  # E3 is elsewhere
    assert got["designated_enterprises"]["subjects"] == [E1]
    assert got["platforms_by_kind"]["value"] == {"IndustrialCollege": 1, "MunicipalConsortium": 1}
    ep = got["enterprise_participation"]
    assert (ep["value"], ep["numerator"], ep["denominator"]) == (0.5, 1, 2)
    assert ep["matched"] == [P_COLLEGE]
    assert got["institution_enterprise_links"]["value"] == 2
    assert got["institution_enterprise_links"]["subjects"] == sorted([f"{A1}|{E1}", f"{A1}|{E2}"])
    cov = got["industry_coverage"]
    assert (cov["value"], cov["matched"], cov["subjects"]) == (0.5, [I1], [I1, I2])
    assert got["policies_issued"]["value"] == 2
    assert got["policies_citing_higher"]["value"] == 0.5
    assert got["citation_depth"]["value"] == 1
    # every value lists the relationships it counts, and they exist in the graph
    for ind in got.values():
        for e in ind["evidence"]:
            assert e["sources"], e
            rows = store.run(
                "MATCH (a:Entity {key: $a})-[r]->(b:Entity {key: $b}) "
                "WHERE type(r) = $t RETURN count(r)",
                {"a": e["start"], "b": e["end"], "t": e["type"]},
            ).rows
            assert rows[0][0] == 1, e


def test_indicators_as_of(store, schema) -> None:  # type: ignore[no-untyped-def]
    build_city(store, schema)
    got = _ind(analytics.city_indicators(store, CITY, as_of="2020-06", schema=schema))
    assert got["designated_enterprises"]["value"] == 0  # designated from 2021
    got = _ind(analytics.city_indicators(store, CITY, as_of="2022", schema=schema))
    assert got["designated_enterprises"]["value"] == 1
    assert got["policies_issued"]["value"] == 1  # the 2024 plan is not issued yet
    assert got["policies_citing_higher"]["value"] == 1.0


def test_gaps(store, schema) -> None:  # type: ignore[no-untyped-def]
    build_city(store, schema)
    out = analytics.city_gaps(store, "测试市", schema=schema)
    assert [i["key"] for i in out["industries_unserved"]] == [I2]
    assert out["industries_unserved"][0]["demand"] == 1
    assert [p["key"] for p in out["platforms_without_enterprise"]] == [P_CONSORTIUM]
    assert [i["key"] for i in out["institutions_without_enterprise"]] == [A2]


def test_city_scope_of_brokers(store, schema) -> None:  # type: ignore[no-untyped-def]
    build_city(store, schema)
    out = analytics.brokers(store, city=CITY, schema=schema)
    keys = {b["key"] for b in out["brokers"]}
    assert E3 not in keys and {A1, E1, E2} <= keys
    assert out["brokers"][0]["key"] == A1  # ties the college, the consortium and E2


def test_diffusion(store, schema) -> None:  # type: ignore[no-untyped-def]
    build_city(store, schema)
    out = analytics.diffusion(store, "国家测试意见", schema=schema)
    assert [(p["key"], p["distance"]) for p in out["policies"]] == [(PP, 1), (CP, 2)]
    pp, cp = out["policies"]
    assert pp["cites"][0]["lag"] == {"days": 287}
    assert cp["cites"][0]["lag"] == {"months": 17}  # 2021-06 is a month, not 1 June
    assert cp["cites"][0]["relationship"] == f"{CP}|CITES|{PP}"
    tree = out["tree"]
    assert tree["key"] == NP
    assert tree["children"][0]["key"] == PP
    assert tree["children"][0]["children"][0]["key"] == CP
    assert out["by_class"] == {"ProvincialPolicy": 1, "MunicipalPolicy": 1}


def test_unknown_city_is_not_found(store, schema) -> None:  # type: ignore[no-untyped-def]
    from iegraph.ontology.errors import NotFound

    with pytest.raises(NotFound):
        analytics.city_indicators(store, "没有这个市", schema=schema)
