"""Write throughput of the GraphStore API against a plain UNWIND loop on the raw client.

Writes a synthetic graph (default 100,000 nodes of 5 labels, 400,000 relationships of 6
types) on each backend twice — once through ``store.upsert_nodes/upsert_relationships``,
once through the raw client with the textbook ``UNWIND $rows … MERGE`` statements, batches of
10,000 — into an empty graph each time, and prints nodes/s, relationships/s and the ratio
(store / raw). Target: the store keeps ≥ 90 % of the raw client's speed.

    python bench/store_write.py                      # embedded (and Neo4j if reachable)
    python bench/store_write.py --nodes 20000 --rels 80000 --backends embedded
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from iegraph.graph.model import NodeRecord, RelRecord

LABELS = ["Institution", "Enterprise", "Government", "Platform", "Place"]
TYPES = ["COOPERATES_WITH", "BUILDS", "LEADS", "MEMBER_OF", "LOCATED_IN", "SUPPORTS"]
BATCH = 10_000


def synth(n_nodes: int, n_rels: int, seed: int = 7) -> tuple[list[NodeRecord], list[RelRecord]]:
    rnd = random.Random(seed)
    nodes = [
        NodeRecord(
            f"k{i}",
            (LABELS[i % 5],),
            {
                "name": f"机构{i}",
                "name_norm": f"机构{i}",
                "aliases": [f"别名{i}"],
                "class": LABELS[i % 5],
                "top": LABELS[i % 5],
            },
        )
        for i in range(n_nodes)
    ]
    seen: set[tuple[str, str, str]] = set()
    rels: list[RelRecord] = []
    while len(rels) < n_rels:
        a, b = rnd.randrange(n_nodes), rnd.randrange(n_nodes)
        t = TYPES[len(rels) % 6]
        k = (f"k{a}", t, f"k{b}")
        if a == b or k in seen:
            continue
        seen.add(k)
        rels.append(RelRecord(t, k[0], k[2], {"source_ids": ["source:bench"], "confidence": 0.9}))
    return nodes, rels


def raw_writer(store):  # type: ignore[no-untyped-def]
    """The baseline: the engine's own client, one textbook UNWIND MERGE per batch."""
    if store.backend == "embedded":
        graph = store._graph

        def run(q: str, rows: list[dict]) -> None:  # type: ignore[type-arg]
            graph.query(q, {"rows": rows})
    else:
        driver, db = store._driver, store.database

        def run(q: str, rows: list[dict]) -> None:  # type: ignore[type-arg]
            driver.execute_query(q, {"rows": rows}, database_=db)

    return run


def bench_raw(store, nodes, rels) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    run = raw_writer(store)
    t0 = time.perf_counter()
    for label in LABELS:
        group = [
            {"key": n.key, "props": {**n.props, "key": n.key}}
            for n in nodes
            if n.labels[0] == label
        ]
        q = f"UNWIND $rows AS row MERGE (n:Entity:{label} {{key: row.key}}) SET n += row.props"
        for i in range(0, len(group), BATCH):
            run(q, group[i : i + BATCH])
    t_nodes = time.perf_counter() - t0
    t0 = time.perf_counter()
    for t in TYPES:
        group = [{"s": r.start, "e": r.end, "props": r.props} for r in rels if r.type == t]
        q = (
            f"UNWIND $rows AS row MATCH (a:Entity {{key: row.s}}) MATCH (b:Entity {{key: row.e}}) "
            f"MERGE (a)-[r:{t}]->(b) SET r += row.props"
        )
        for i in range(0, len(group), BATCH):
            run(q, group[i : i + BATCH])
    return t_nodes, time.perf_counter() - t0


def bench_store(store, nodes, rels) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    store.upsert_nodes(nodes, batch_size=BATCH)
    t_nodes = time.perf_counter() - t0
    t0 = time.perf_counter()
    store.upsert_relationships(rels, batch_size=BATCH)
    return t_nodes, time.perf_counter() - t0


def open_backends(names: list[str]):  # type: ignore[no-untyped-def]
    out = []
    if "embedded" in names:
        from iegraph.graph.falkor_store import FalkorStore

        out.append(FalkorStore(Path(tempfile.mkdtemp(prefix="iegraph-bench-"))))
    if "neo4j" in names:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
        from conftest import neo4j_env  # type: ignore[import-not-found]

        from iegraph.graph.neo4j_store import Neo4jStore
        from iegraph.ontology.errors import StoreError

        env = neo4j_env()
        if not env:
            print("neo4j: skipped (no test server; run scripts/neo4j start)")
        else:
            try:
                out.append(
                    Neo4jStore(
                        env["NEO4J_URI"],
                        env.get("NEO4J_USERNAME", "neo4j"),
                        env.get("NEO4J_PASSWORD", ""),
                    )
                )
            except StoreError as exc:
                print(f"neo4j: skipped ({exc.message})")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=100_000)
    ap.add_argument("--rels", type=int, default=400_000)
    ap.add_argument("--backends", default="embedded,neo4j")
    args = ap.parse_args()
    nodes, rels = synth(args.nodes, args.rels)
    print(f"synthetic graph: {len(nodes):,} nodes, {len(rels):,} relationships, batch {BATCH:,}")
    for store in open_backends(args.backends.split(",")):
        results = {}
        # raw first, then the store, each on an empty graph with the same key index
        for name, fn in (("raw UNWIND", bench_raw), ("store API", bench_store)):
            store.clear()
            if store.backend == "neo4j":
                store.run(
                    "CREATE CONSTRAINT entity_key IF NOT EXISTS FOR (n:Entity) "
                    "REQUIRE n.key IS UNIQUE",
                    write=True,
                )
            else:
                store._ensure_graph()
            tn, tr = fn(store, nodes, rels)
            results[name] = (len(nodes) / tn, len(rels) / tr)
            print(
                f"{store.backend:9s} {name:11s} nodes/s {results[name][0]:10,.0f}   "
                f"relationships/s {results[name][1]:10,.0f}"
            )
        rn = results["store API"][0] / results["raw UNWIND"][0]
        rr = results["store API"][1] / results["raw UNWIND"][1]
        print(
            f"{store.backend:9s} ratio store/raw: nodes {rn:.2f}  relationships {rr:.2f}  "
            f"(target ≥ 0.90)"
        )
        store.clear()
        if store.backend == "embedded":
            store.close()
            store.server.stop()
        else:
            store.close()


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
