"""Paths on a graph with hubs agree with a plain breadth-first search (networkx) on both
backends: the shortest length, every shortest path, the lengths of the k best, under each
filter (types, classes of intermediate nodes, ``as_of``).

The graph is built so that the search's shortcuts matter: three hubs (a city, an industry, a
platform) joined to a fifth of the nodes each, sparse partnerships between the others, so that
pairs lie 1–6 hops apart, frontiers differ by orders of magnitude in degree, and meets happen
both at hubs and next to them. Relationships carry validity periods for ``as_of``.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from typing import Any

import networkx as nx
import pytest

from iegraph.graph.model import NodeRecord, RelRecord
from iegraph.queries.paths import PathFilter, all_shortest_paths, k_best_paths, shortest_path

N = 260
#: hub index → (class, relation type from ordinary nodes to it, share of nodes joined)
HUBS = {0: ("City", "LOCATED_IN", 0.22), 1: ("Industry", "FOCUSES_ON", 0.15)}
HUBS[2] = ("IndustrialCollege", "MEMBER_OF", 0.08)
ORDINARY = ("Company", "VocationalCollege")


def _build(seed: int) -> tuple[list[NodeRecord], list[tuple[str, str, str, dict[str, Any]]]]:
    rnd = random.Random(seed)
    cls = {i: HUBS[i][0] if i in HUBS else ORDINARY[i % 2] for i in range(N)}
    edges: dict[tuple[int, int, str], dict[str, Any]] = {}

    def add(a: int, b: int, t: str) -> None:
        props: dict[str, Any] = {"confidence": round(rnd.uniform(0.5, 1.0), 2)}
        x = rnd.random()
        if x < 0.15:
            props["valid_from"] = str(rnd.choice((2018, 2021, 2024)))
        elif x < 0.25:
            props["valid_to"] = "2019-06"
        edges[(a, b, t)] = props

    for h, (_, t, share) in HUBS.items():
        for i in rnd.sample(range(len(HUBS), N), int(share * N)):
            add(i, h, t)
    for _ in range(int(0.9 * N)):
        a, b = rnd.sample(range(len(HUBS), N), 2)
        add(a, b, "COOPERATES_WITH")
    nodes = [NodeRecord(f"t:{i:03d}", (), {"name": f"n{i}", "class": cls[i]}) for i in range(N)]
    rels = [(f"t:{a:03d}", t, f"t:{b:03d}", p) for (a, b, t), p in edges.items()]
    return nodes, rels


def _valid(props: dict[str, Any], as_of: str | None) -> bool:
    if as_of is None:
        return True
    vf, vt = props.get("valid_from"), props.get("valid_to")
    return (vf is None or vf <= as_of[: len(vf)]) and (vt is None or vt >= as_of[: len(vt)])


def reference(
    rels: list[tuple[str, str, str, dict[str, Any]]], classes: dict[str, str], flt: PathFilter
) -> Any:
    """The undirected graph a search under ``flt`` may walk (class filter: per pair)."""
    g: Any = nx.Graph()
    g.add_nodes_from(classes)
    for a, t, b, p in rels:
        if (flt.types is None or t in flt.types) and _valid(p, flt.as_of):
            g.add_edge(a, b)
    return g


def _allowed(g: Any, classes: dict[str, str], flt: PathFilter, s: str, t: str) -> Any:
    if flt.classes is None:
        return g
    keep = [k for k, c in classes.items() if c in flt.classes or k in (s, t)]
    return g.subgraph(keep)


@pytest.fixture
def hub_graph(store, schema):  # type: ignore[no-untyped-def]
    nodes, rels = _build(13)
    labelled = [
        NodeRecord(
            n.key,
            tuple(x for x in schema.labels_for_store(n.props["class"]) if x != "Entity"),
            n.props,
        )
        for n in nodes
    ]
    store.upsert_nodes(labelled)
    store.upsert_relationships(RelRecord(t, a, b, p) for a, t, b, p in rels)
    classes = {n.key: str(n.props["class"]) for n in nodes}
    return store, rels, classes


FILTERS = [
    PathFilter(),
    PathFilter(types=("COOPERATES_WITH", "MEMBER_OF")),
    PathFilter(classes=("Company", "City", "IndustrialCollege")),
    PathFilter(as_of="2020-03"),
]


def _pairs(classes: dict[str, str], n: int, seed: int) -> Iterator[tuple[str, str]]:
    rnd = random.Random(seed)
    ks = sorted(classes)
    hubs = [f"t:{h:03d}" for h in HUBS]
    yield hubs[0], hubs[1]  # hub to hub, and hubs as ends
    yield ks[-1], hubs[2]
    for _ in range(n):
        s, t = rnd.sample(ks, 2)
        yield s, t


def _check_path(keys: list[str], g: Any, classes: dict[str, str], flt: PathFilter) -> None:
    assert len(set(keys)) == len(keys)
    for a, b in itertools.pairwise(keys):
        assert g.has_edge(a, b), (a, b)
    for k in keys[1:-1]:
        assert flt.classes is None or classes[k] in flt.classes, k


@pytest.mark.parametrize("flt", FILTERS, ids=["plain", "types", "classes", "as_of"])
def test_shortest_and_all_shortest_equal_a_plain_bfs(hub_graph, flt: PathFilter) -> None:  # type: ignore[no-untyped-def]
    store, rels, classes = hub_graph
    g = reference(rels, classes, flt)
    lengths = set()
    for s, t in _pairs(classes, 30, 5):
        sub = _allowed(g, classes, flt, s, t)
        try:
            want = nx.shortest_path_length(sub, s, t)
        except nx.NetworkXNoPath:
            want = None
        if want is not None and want > 6:
            want = None
        got = shortest_path(store, s, t, flt=flt)
        assert (got.length if got else None) == want, (s, t)
        lengths.add(want)
        if got is None or want is None:
            continue
        _check_path([n.key for n in got.nodes], g, classes, flt)
        every = {tuple(p) for p in nx.all_shortest_paths(sub, s, t)}
        ours = [tuple(n.key for n in p.nodes) for p in all_shortest_paths(store, s, t, flt=flt)]
        assert len(ours) == len(set(ours))
        if len(every) <= 100:
            assert set(ours) == every, (s, t)
        else:
            assert len(ours) == 100 and set(ours) <= every
    assert len(lengths) >= 3, lengths  # the pairs really lie at different distances


@pytest.mark.parametrize("flt", FILTERS[:2] + FILTERS[3:], ids=["plain", "types", "as_of"])
def test_k_best_lengths_equal_the_k_shortest_simple_paths(hub_graph, flt: PathFilter) -> None:  # type: ignore[no-untyped-def]
    store, rels, classes = hub_graph
    g = reference(rels, classes, flt)
    for s, t in itertools.islice(_pairs(classes, 10, 9), 8):
        want: list[int] = []
        if nx.has_path(g, s, t):
            for p in nx.shortest_simple_paths(g, s, t):
                if len(p) - 1 > 6 or len(want) == 4:
                    break
                want.append(len(p) - 1)
        got = k_best_paths(store, s, t, k=4, flt=flt)
        assert [p.length for p in got] == want, (s, t)
        seqs = [tuple(n.key for n in p.nodes) for p in got]
        assert len(set(seqs)) == len(seqs)
        for seq in seqs:
            _check_path(list(seq), g, classes, flt)
