"""Benchmark: undirected shortest paths (≤ 6 hops) on a synthetic ecosystem, ours against the
engine's own routine, on the embedded store and (with --backend neo4j) on Neo4j.

The synthetic graph (default 100,000 nodes / 400,000 relationships) imitates the real one:
mostly enterprises, institutions, platforms and governments; a few places and industries that
many entities point to (hubs); policies that cite each other. It is generated from a seed,
written once through the store, and reused by later runs (embedded: a data directory under
/tmp, checked by a marker node holding the size and seed).

Prints p50/p95 of :func:`queries.paths.shortest_path` (bidirectional BFS on the embedded
store; Neo4j's own ``shortestPath`` plus evidence on Neo4j) and of the
engine's routine (FalkorDB ``algo.SPpaths`` with ``relDirection: 'both'``; Neo4j
``shortestPath``) on the same random pairs, their ratio, and whether the lengths agree.

Example:
    $ python bench/paths.py                       # embedded, 100k / 400k, 200 pairs
    $ python bench/paths.py --backend neo4j --pairs 100
    $ python bench/paths.py --nodes 1000000 --rels 4000000 --pairs 50
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from iegraph.graph.model import NodeRecord, RelRecord
from iegraph.graph.store import CAP_COMPACT

SEED = 20261128
META_KEY = "bench:meta"

#: (class, share of nodes)
MIX = [
    ("Company", 0.52),
    ("VocationalCollege", 0.05),
    ("University", 0.03),
    ("ResearchInstitute", 0.02),
    ("Bureau", 0.04),
    ("ParkCommittee", 0.01),
    ("IndustrialCollege", 0.06),
    ("TrainingBase", 0.08),
    ("MunicipalConsortium", 0.02),
    ("IndustryCommunity", 0.02),
    ("JointLab", 0.04),
    ("ProvincialPolicy", 0.04),
    ("MunicipalPolicy", 0.04),
    ("City", 0.015),
    ("District", 0.01),
    ("Industry", 0.005),
]
#: (type, share of relationships, start tops, end tops)
REL_MIX = [
    ("COOPERATES_WITH", 0.30, "org", "org"),
    ("MEMBER_OF", 0.20, "org", "Platform"),
    ("BUILDS", 0.08, "org", "Platform"),
    ("LEADS", 0.04, "org", "Platform"),
    ("LOCATED_IN", 0.12, "org", "Place"),
    ("FOCUSES_ON", 0.12, "org", "Industry"),
    ("DESIGNATES", 0.05, "Policy", "org"),
    ("SUPPORTS", 0.05, "Policy", "org"),
    ("CITES", 0.04, "Policy", "Policy"),
]


def percentile(xs: list[float], p: float) -> float:
    if not xs:
        return float("nan")
    s = sorted(xs)
    return s[min(len(s) - 1, max(0, round(p / 100 * (len(s) - 1))))]


def _top(schema: Any, cls: str) -> str:
    return str(schema.top_of(cls))


def generate(
    schema: Any, n_nodes: int, n_rels: int, seed: int = SEED
) -> tuple[list[NodeRecord], Iterator[RelRecord]]:
    """Nodes (a list) and relationships (a generator) of the synthetic ecosystem."""
    rnd = random.Random(seed)
    nodes: list[NodeRecord] = []
    by_top: dict[str, list[str]] = {}
    labels_of = {c: tuple(x for x in schema.labels_for_store(c) if x != "Entity") for c, _ in MIX}
    i = 0
    for cls, share in MIX:
        top = _top(schema, cls)
        for _ in range(max(1, int(n_nodes * share))):
            name = f"{cls}{i:07d}"
            key = f"{top.lower()}:{name.lower()}"
            nodes.append(
                NodeRecord(
                    key,
                    labels_of[cls],
                    {
                        "name": name,
                        "name_norm": name.lower(),
                        "class": cls,
                        "top": top,
                        "aliases": [],
                        "search_keys": [name.lower()],
                        "source_ids": ["source:bench"],
                    },
                )
            )
            by_top.setdefault(top, []).append(key)
            i += 1
    orgs = [
        k
        for t in ("Institution", "Enterprise", "Government", "Platform")
        for k in by_top.get(t, [])
    ]
    pools = {"org": orgs, **by_top}
    ev = json.dumps(
        {
            "source": "source:bench",
            "locator": "row 1",
            "text": "synthetic",
            "extractor": "bench/0",
            "confidence": 0.9,
        }
    )

    def pick(pool: list[str], hub: bool) -> str:
        # a skewed choice makes hubs (popular places, platforms, industries), as in reality
        if hub:
            return pool[min(len(pool) - 1, int(len(pool) * rnd.random() ** 3))]
        return pool[rnd.randrange(len(pool))]

    def rels() -> Iterator[RelRecord]:
        seen: set[tuple[str, str, str]] = set()
        for t, share, a, b in REL_MIX:
            want = int(n_rels * share)
            made = 0
            while made < want:
                s = pick(pools[a], False)
                e = pick(pools[b], b != "org")
                if s == e or (s, t, e) in seen:
                    continue
                seen.add((s, t, e))
                made += 1
                props: dict[str, Any] = {"evidence": [ev], "confidence": 0.9}
                if rnd.random() < 0.3:
                    props["valid_from"] = str(2015 + rnd.randrange(10))
                yield RelRecord(t, s, e, props)

    return nodes, rels()


def ensure_graph(
    store: Any, schema: Any, n_nodes: int, n_rels: int, seed: int = SEED, *, quiet: bool = False
) -> dict[str, Any]:
    """Write the synthetic graph unless the store already holds this exact one."""
    meta = store.get_node(META_KEY)
    want = {"nodes": n_nodes, "rels": n_rels, "seed": seed}
    if meta is not None and all(meta.props.get(k) == v for k, v in want.items()):
        return {"generated": False, "seconds": 0.0}
    t0 = time.perf_counter()
    store.clear()
    store.apply_schema(schema)
    nodes, rels = generate(schema, n_nodes, n_rels, seed)
    store.upsert_nodes(nodes)
    t1 = time.perf_counter()
    n = store.upsert_relationships(rels)
    t2 = time.perf_counter()
    store.upsert_nodes([NodeRecord(META_KEY, ("Source",), {**want, "name": "bench meta"})])
    if CAP_COMPACT in store.capabilities:
        store.compact()
    if not quiet:
        print(
            f"generated {len(nodes):,} nodes in {t1 - t0:.1f} s and {n:,} relationships in "
            f"{t2 - t1:.1f} s"
        )
    return {"generated": True, "seconds": t2 - t0}


def open_bench_store(backend: str, data_dir: Path) -> Any:
    if backend == "neo4j":
        from iegraph.graph.neo4j_store import Neo4jStore
        from tests.conftest import neo4j_env

        env = neo4j_env()
        if not env:
            sys.exit("no Neo4j: run `scripts/neo4j start` first (or set NEO4J_URI)")
        return Neo4jStore(
            env["NEO4J_URI"],
            env.get("NEO4J_USERNAME", "neo4j"),
            env.get("NEO4J_PASSWORD", ""),
            env.get("NEO4J_DATABASE", "neo4j"),
        )
    from iegraph.graph.falkor_store import FalkorStore

    return FalkorStore(data_dir)


def random_pairs(store: Any, n: int, seed: int) -> list[tuple[str, str]]:
    keys = [r[0] for r in store.run("MATCH (n:Entity) WHERE n.top <> 'Source' RETURN n.key").rows]
    rnd = random.Random(seed)
    return [tuple(rnd.sample(keys, 2)) for _ in range(n)]  # type: ignore[misc]


def main(argv: list[str] | None = None) -> None:
    from iegraph.ontology.schema import load_schema
    from iegraph.queries.paths import shortest_path

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--backend", choices=["embedded", "neo4j"], default="embedded")
    ap.add_argument("--nodes", type=int, default=100_000)
    ap.add_argument("--rels", type=int, default=400_000)
    ap.add_argument("--pairs", type=int, default=200)
    ap.add_argument("--max-hops", type=int, default=6)
    ap.add_argument(
        "--engine-timeout",
        type=float,
        default=10.0,
        help="seconds per engine query before it counts as timed out",
    )
    ap.add_argument(
        "--engine-pairs",
        type=int,
        default=30,
        help="pairs also timed with the engine's routine (it can be slow)",
    )
    ap.add_argument(
        "--engine",
        choices=["default", "directed"],
        default="default",
        help="embedded: default = algo.SPpaths (undirected, the same work; it "
        "ignores timeouts and can run for minutes at 100k), directed = "
        "shortestPath (directed only: not the same answer)",
    )
    ap.add_argument("--data-dir", type=Path, default=None)
    args = ap.parse_args(argv)
    global ENGINE_VARIANT
    if args.engine == "directed" and args.backend == "embedded":
        ENGINE_VARIANT = "embedded-directed"

    data_dir = args.data_dir or Path(f"/tmp/iegraph-bench-{args.nodes // 1000}k")
    schema = load_schema()
    store = open_bench_store(args.backend, data_dir)
    lock = None
    try:
        if args.backend == "neo4j":
            lock = _neo4j_lock()
        ensure_graph(store, schema, args.nodes, args.rels)
        pairs = random_pairs(store, args.pairs, SEED + 1)
        # warm caches (and load the ontology) before timing
        for s, t in pairs[:3]:
            shortest_path(store, s, t, max_hops=args.max_hops)
        print(
            f"timing {len(pairs)} pairs (engine routine on the first {args.engine_pairs})",
            flush=True,
        )
        ours, theirs, agree, found, timeouts = [], [], 0, 0, 0
        for s, t in pairs:
            t0 = time.perf_counter()
            p = shortest_path(store, s, t, max_hops=args.max_hops)
            ours.append((time.perf_counter() - t0) * 1000)
            if len(theirs) >= args.engine_pairs:
                found += p is not None
                continue
            t0 = time.perf_counter()
            e = _engine(store, s, t, args.max_hops, args.engine_timeout)
            theirs.append((time.perf_counter() - t0) * 1000)
            if e == "timeout":
                timeouts += 1
                continue
            found += p is not None
            if (p is None and e is None) or (
                p is not None and e is not None and p.length == len(e) - 1
            ):
                agree += 1
        routine = (
            "shortestPath"
            if args.backend == "neo4j"
            else ("directed shortestPath" if ENGINE_VARIANT else "algo.SPpaths (both)")
        )
        print(
            f"backend={args.backend} nodes={args.nodes:,} rels={args.rels:,} "
            f"pairs={len(pairs)} max_hops={args.max_hops} connected={found}"
        )
        print(
            f"  ours   (queries.paths):     p50 {percentile(ours, 50):8.2f} ms   "
            f"p95 {percentile(ours, 95):8.2f} ms   mean {statistics.mean(ours):8.2f} ms"
        )
        if not theirs:
            return
        print(
            f"  engine ({routine}): p50 {percentile(theirs, 50):8.2f} ms   "
            f"p95 {percentile(theirs, 95):8.2f} ms   mean {statistics.mean(theirs):8.2f} ms"
            + (f"   ({timeouts} timed out at {args.engine_timeout:g} s)" if timeouts else "")
        )
        same = ours[: len(theirs)]
        print(
            f"  ratio engine/ours on the {len(theirs)} pairs timed with both: p50 "
            f"{percentile(theirs, 50) / percentile(same, 50):.1f}x  p95 "
            f"{percentile(theirs, 95) / percentile(same, 95):.1f}x   lengths agree on "
            f"{agree}/{len(theirs) - timeouts} (engine timeouts count against the engine)"
        )
    finally:
        if lock is not None:
            lock.close()
        store.close()


ENGINE_VARIANT: str | None = None


def _engine(store: Any, s: str, t: str, max_hops: int, timeout: float) -> Any:
    from iegraph.ontology.errors import QueryTimeout
    from iegraph.queries.paths import engine_shortest_path

    try:
        return engine_shortest_path(store, s, t, max_hops, timeout=timeout, variant=ENGINE_VARIANT)
    except QueryTimeout:
        return "timeout"


def _neo4j_lock() -> Any:
    """Hold the test suite's Neo4j lock: the bench replaces the one database's graph."""
    import fcntl

    from tests.conftest import neo4j_home

    path = neo4j_home() / "test.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    fh = open(path, "a+")  # noqa: SIM115 — held until the bench ends
    fcntl.flock(fh, fcntl.LOCK_EX)
    return fh


if __name__ == "__main__":
    main()
