"""Benchmark: loading the reference skeleton (3,338 places + 3,167 institutions + 90 bodies,
about 9,800 relationships) on the embedded store and, when the test Neo4j runs, on Neo4j.

Prints, per backend: the first load (places, institutions, total), the no-op re-load (same
content: the source hash is found, nothing is read or written), a forced re-load (the writer
runs and finds everything unchanged), and a baseline measured in the same run: the same
nodes and relationships written with plain ``UNWIND … CREATE`` on an empty graph (no
validation, resolution or provenance). Absolute figures depend on the machine's load (printed).

Usage:
    python bench/reference_load.py            # embedded (and Neo4j if scripts/neo4j runs)
    python bench/reference_load.py --embedded-only
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path
from typing import Any


def _baseline(store: Any) -> float:
    """Plain UNWIND CREATE of as many nodes and relationships as the skeleton has."""
    from iegraph.ingest.reference import reference_tables

    t = reference_tables()
    nodes = [{"key": f"b:{p.code}", "name": p.name, "adcode": p.code} for p in t.places]
    nodes += [
        {"key": f"b:{i.moe_code}", "name": i.name, "moe_code": i.moe_code} for i in t.institutions
    ]
    rels = [{"s": f"b:{p.code}", "e": f"b:{p.parent}"} for p in t.places if p.parent]
    rels += [{"s": f"b:{i.moe_code}", "e": f"b:{i.place}"} for i in t.institutions]
    rels += [{"s": f"b:{i.moe_code}", "e": f"b:{i.place}"} for i in t.institutions]  # ~bodies
    t0 = time.perf_counter()
    for i in range(0, len(nodes), 10_000):
        store.run(
            "UNWIND $rows AS p CREATE (n:Entity:Bench) SET n = p",
            {"rows": nodes[i : i + 10_000]},
            write=True,
        )
    for i in range(0, len(rels), 10_000):
        store.run(
            "UNWIND $rows AS r MATCH (a:Entity {key: r.s}) MATCH (b:Entity {key: r.e}) "
            "CREATE (a)-[:BENCH]->(b)",
            {"rows": rels[i : i + 10_000]},
            write=True,
        )
    return time.perf_counter() - t0


def run(store: Any, label: str) -> None:
    from iegraph.ingest.reference import load_reference
    from iegraph.ontology.schema import load_schema

    schema = load_schema()
    store.clear()
    store.apply_schema(schema)
    base = _baseline(store)
    store.clear()
    store.apply_schema(schema)
    t0 = time.perf_counter()
    first = load_reference(store, schema)
    t_first = time.perf_counter() - t0
    t0 = time.perf_counter()
    noop = load_reference(store, schema)
    t_noop = time.perf_counter() - t0
    assert all(p.skipped for p in noop.parts)
    t0 = time.perf_counter()
    forced = load_reference(store, schema, force=True)
    t_forced = time.perf_counter() - t0
    changed = sum(
        sum(p.summary.created.values()) + sum(p.summary.updated.values())
        for p in forced.parts
        if p.summary
    )
    st = store.stats()
    n_nodes = sum(v for k, v in st["nodes"].items() if k == "Entity")
    n_rels = sum(st["relationships"].values())
    parts = ", ".join(f"{p.part} {p.seconds:.2f} s" for p in first.parts)
    print(f"[{label}] load average {os.getloadavg()[0]:.1f}")
    print(
        f"[{label}] first load: {t_first:.2f} s ({parts}); {n_nodes} nodes, {n_rels} relationships"
    )
    print(f"[{label}] no-op re-load: {t_noop:.2f} s")
    print(f"[{label}] forced re-load: {t_forced:.2f} s, {changed} items changed (0 expected)")
    print(
        f"[{label}] baseline plain UNWIND CREATE of the same volume: {base:.2f} s; "
        f"first load / baseline = {t_first / base:.1f}x"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--embedded-only", action="store_true")
    args = ap.parse_args()
    from iegraph.graph.falkor_store import FalkorStore

    with tempfile.TemporaryDirectory(dir="/tmp") as d:
        store = FalkorStore(Path(d) / "db")
        try:
            run(store, "embedded")
        finally:
            store.close()
            store.server.stop()
    if args.embedded_only:
        return
    env_file = Path(__file__).resolve().parents[1] / ".neo4j" / "env"
    if not env_file.exists():
        print("[neo4j] not running (scripts/neo4j start): skipped")
        return
    env: dict[str, str] = {}
    for line in env_file.read_text().splitlines():
        if "=" in line:
            k, v = line.removeprefix("export ").split("=", 1)
            env[k] = v.strip("'\"")
    from iegraph.graph.neo4j_store import Neo4jStore

    store = Neo4jStore(
        env["NEO4J_URI"],
        env.get("NEO4J_USERNAME", "neo4j"),
        env.get("NEO4J_PASSWORD", ""),
        env.get("NEO4J_DATABASE", "neo4j"),
    )
    try:
        run(store, "neo4j")
    finally:
        store.clear()
        store.close()


if __name__ == "__main__":
    main()
