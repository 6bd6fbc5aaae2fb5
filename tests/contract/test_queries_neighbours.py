"""Neighbourhoods on both backends: the centre and its first level in one query, the page's
nodes with the relationships among them in another."""

from __future__ import annotations

import pytest

from iegraph.ontology.errors import NotFound
from iegraph.queries.neighbours import neighbourhood
from tests.api import graphdata as g


@pytest.fixture
def graph(store, schema):  # type: ignore[no-untyped-def]
    g.build(store, schema)
    return store


def test_one_hop_with_relationships_among_the_page(graph) -> None:  # type: ignore[no-untyped-def]
    out = neighbourhood(graph, g.SZPU, hops=1)
    assert out["center"]["key"] == g.SZPU
    near = {n["key"] for n in out["nodes"]}
    assert {g.SHENZHEN, g.HUAWEI, g.CONSORTIUM} <= near
    assert all(n["distance"] == 1 for n in out["nodes"])
    assert out["total"] == len(near)
    ends = {(r["start"], r["type"], r["end"]) for r in out["relationships"]}
    # the centre's own relationships, and those between two of its neighbours
    assert (g.SZPU, "LOCATED_IN", g.SHENZHEN) in ends
    assert (g.HUAWEI, "LOCATED_IN", g.SHENZHEN) in ends
    assert (g.HUAWEI, "LEADS", g.CONSORTIUM) in ends
    assert all(
        r["start"] in near | {g.SZPU} and r["end"] in near | {g.SZPU} for r in out["relationships"]
    )
    # evidence comes parsed with each relationship
    coop = [r for r in out["relationships"] if r["type"] == "COOPERATES_WITH"]
    assert coop and coop[0]["evidence"]


def test_centre_by_name_isolated_and_unknown(graph) -> None:  # type: ignore[no-untyped-def]
    by_name = neighbourhood(graph, "深圳職業技術大學", hops=1)
    assert by_name["center"]["key"] == g.SZPU
    assert by_name["total"] == neighbourhood(graph, g.SZPU, hops=1)["total"]
    alone = neighbourhood(graph, g.ISOLATED, hops=2)
    assert alone["center"]["key"] == g.ISOLATED
    assert alone["nodes"] == [] and alone["relationships"] == [] and alone["total"] == 0
    with pytest.raises(NotFound):
        neighbourhood(graph, "nowhere")


def test_two_hops_and_as_of(graph) -> None:  # type: ignore[no-untyped-def]
    two = neighbourhood(graph, g.SZPU, hops=2, limit=200)
    dist = {n["key"]: n["distance"] for n in two["nodes"]}
    assert dist[g.SHENZHEN] == 1 and dist[g.NANSHAN] == 2
    # 2019: LEADS from 2023-09 is not yet valid
    early = neighbourhood(graph, g.SZPU, hops=1, as_of="2019")
    assert g.CONSORTIUM not in {n["key"] for n in early["nodes"]}
    assert g.HUAWEI in {n["key"] for n in early["nodes"]}
