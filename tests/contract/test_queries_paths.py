"""Paths on both backends: shortest, all shortest, k best, filters, evidence, and agreement
with the engines' own shortest-path routines."""

from __future__ import annotations

import itertools
import random

import pytest

from iegraph.graph.model import NodeRecord, RelRecord
from iegraph.ontology.errors import NotFound, ValidationError
from iegraph.queries.paths import (
    PathFilter,
    all_shortest_paths,
    engine_shortest_path,
    find_paths,
    k_best_paths,
    shortest_path,
)
from tests.api import graphdata as g


@pytest.fixture
def graph(store, schema):  # type: ignore[no-untyped-def]
    g.build(store, schema)
    return store


def keys(p) -> list[str]:  # type: ignore[no-untyped-def]
    return [n.key for n in p.nodes]


def test_shortest_path_with_evidence(graph) -> None:  # type: ignore[no-untyped-def]
    p = shortest_path(graph, g.SZPU, g.HUAWEI)
    assert p is not None and keys(p) == [g.SZPU, g.HUAWEI]
    (r,) = p.relationships
    assert r.type == "COOPERATES_WITH"
    out = find_paths(graph, "深圳職業技術學院", "华为")  # names, either script, aliases
    rel = out["paths"][0]["relationships"][0]
    assert rel["evidence"][0]["locator"] == "s12:0-40"
    assert rel["evidence"][0]["text"] == "深圳职业技术大学与华为技术有限公司合作"
    assert "evidence" not in rel["properties"]


def test_zero_length_and_no_path(graph) -> None:  # type: ignore[no-untyped-def]
    assert keys(shortest_path(graph, g.SZPU, g.SZPU)) == [g.SZPU]  # type: ignore[arg-type]
    assert shortest_path(graph, g.SZPU, g.ISOLATED) is None
    assert find_paths(graph, g.SZPU, g.ISOLATED, k=3)["paths"] == []


def test_max_hops_limits_the_search(graph) -> None:  # type: ignore[no-untyped-def]
    # 深圳职业技术大学 → 腾讯: 3 hops at best
    assert shortest_path(graph, g.SZPU, g.TENCENT, max_hops=2) is None
    assert shortest_path(graph, g.SZPU, g.TENCENT, max_hops=3).length == 3  # type: ignore[union-attr]


def test_all_shortest_paths(graph) -> None:  # type: ignore[no-untyped-def]
    paths = all_shortest_paths(graph, g.SZPU, g.TENCENT)
    seqs = {tuple(keys(p)) for p in paths}
    assert all(p.length == 3 for p in paths)
    assert (g.SZPU, g.SHENZHEN, g.NANSHAN, g.TENCENT) in seqs
    assert (g.SZPU, g.IND_COMM, g.IND_IT, g.TENCENT) in seqs
    assert len(seqs) == len(paths)


def test_k_best_paths_are_distinct_loopless_and_ordered(graph) -> None:  # type: ignore[no-untyped-def]
    paths = k_best_paths(graph, g.SZPU, g.BYD, k=10)
    assert 2 <= len(paths) <= 10
    lengths = [p.length for p in paths]
    assert lengths == sorted(lengths)
    assert lengths[0] == 2  # via 深圳市 or via the consortium
    seqs = [tuple(keys(p)) for p in paths]
    assert len(set(seqs)) == len(seqs)
    assert all(len(set(s)) == len(s) for s in seqs)  # loopless
    for p in paths:
        for a, b, r in zip(keys(p), keys(p)[1:], p.relationships, strict=False):
            assert {r.start, r.end} == {a, b}


def test_relation_type_filter(graph) -> None:  # type: ignore[no-untyped-def]
    flt = PathFilter(types=("LEADS", "MEMBER_OF"))
    p = shortest_path(graph, g.SZPU, g.HUAWEI, flt=flt)
    assert p is not None and keys(p) == [g.SZPU, g.CONSORTIUM, g.HUAWEI]
    assert {r.type for r in p.relationships} == {"LEADS"}


def test_node_class_filter(graph, schema) -> None:  # type: ignore[no-untyped-def]
    # only through platforms: 深圳职业技术大学 → consortium → 比亚迪
    flt = PathFilter(classes=tuple(schema.descendants("Platform")))
    p = shortest_path(graph, g.SZPU, g.BYD, flt=flt)
    assert p is not None and keys(p) == [g.SZPU, g.CONSORTIUM, g.BYD]


def test_as_of(graph) -> None:  # type: ignore[no-untyped-def]
    # the 深圳大学–腾讯 partnership ran 2020 … 2022-12 (valid_to is inclusive at its precision)
    assert shortest_path(graph, g.SZU, g.TENCENT, flt=PathFilter(as_of="2021-06")).length == 1  # type: ignore[union-attr]
    assert shortest_path(graph, g.SZU, g.TENCENT, flt=PathFilter(as_of="2022-12-31")).length == 1  # type: ignore[union-attr]
    late = shortest_path(graph, g.SZU, g.TENCENT, flt=PathFilter(as_of="2023-01-01"))
    assert late is not None and late.length == 2  # now only via 南山区 or the college
    early = shortest_path(
        graph, g.SZU, g.TENCENT, flt=PathFilter(types=("COOPERATES_WITH",), as_of="2019")
    )
    assert early is None


def test_find_paths_modes_and_validation(graph) -> None:  # type: ignore[no-untyped-def]
    out = find_paths(graph, g.SZPU, g.TENCENT, mode="all")
    assert len(out["paths"]) >= 2 and {p["length"] for p in out["paths"]} == {3}
    with pytest.raises(ValidationError):
        find_paths(graph, g.SZPU, g.TENCENT, k=11)
    with pytest.raises(ValidationError):
        find_paths(graph, g.SZPU, g.TENCENT, max_hops=7)
    with pytest.raises(NotFound):
        find_paths(graph, g.SZPU, "no such entity")


def test_agrees_with_the_engine_routine(graph) -> None:  # type: ignore[no-untyped-def]
    """Our bidirectional BFS finds paths of the engine's own shortest length."""
    all_keys = [r[0] for r in graph.run("MATCH (n:Entity) RETURN n.key ORDER BY n.key").rows]
    rnd = random.Random(7)
    for _ in range(25):
        s, t = rnd.sample(all_keys, 2)
        ours = shortest_path(graph, s, t)
        theirs = engine_shortest_path(graph, s, t)
        assert (ours is None) == (theirs is None), (s, t)
        if ours is not None and theirs is not None:
            assert ours.length == len(theirs) - 1, (s, t)


def test_random_graph_agrees_with_engine(store) -> None:  # type: ignore[no-untyped-def]
    rnd = random.Random(11)
    n = 300
    store.upsert_nodes(NodeRecord(f"t:{i}", ("Enterprise",), {"name": str(i)}) for i in range(n))
    edges = {tuple(sorted(rnd.sample(range(n), 2))) for _ in range(420)}
    store.upsert_relationships(RelRecord("COOPERATES_WITH", f"t:{a}", f"t:{b}") for a, b in edges)
    for _ in range(30):
        s, t = (f"t:{i}" for i in rnd.sample(range(n), 2))
        ours = shortest_path(store, s, t)
        theirs = engine_shortest_path(store, s, t)
        assert (ours is None) == (theirs is None)
        if ours and theirs:
            assert ours.length == len(theirs) - 1
            ks = keys(ours)
            for a, b in itertools.pairwise(ks):
                assert tuple(sorted((int(a[2:]), int(b[2:])))) in edges
