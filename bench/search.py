"""Benchmark: entity search through the index, against the scan it replaced, at N nodes.

Builds N entity nodes (default 100,000; run it with --nodes 1000000 for the 1M figure) with
the naming of ``bench/ingest_records.py`` — city + 4-character core + class suffix, a short
name for companies, a Traditional-script alias for 30 % — through the store's bulk path, then
times ``search_entities`` (what ``GET /api/v1/entities?q=`` runs) for four kinds of query:

* a 2-character substring from the middle of a name (核心 of 深圳华中东南科技有限公司 …);
* a 4-character substring (a whole core, plus one suffix character);
* a Traditional-script form of a full name;
* a short name (alias / former-name path);

and the same queries through the old scan (``ANY(k IN n.search_keys WHERE k CONTAINS $q)``)
on a sample, for the ratio. Prints p50 / p95 per kind, and the load average.

Usage:
    python bench/search.py --nodes 100000 --backends embedded,neo4j
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from ingest_records import CHARS, CITIES, KINDS, core, open_backend

from iegraph.graph.model import NodeRecord
from iegraph.ingest.normalize import norm_name, to_traditional


def records(n: int, seed: int = 7) -> tuple[list[NodeRecord], dict[str, list[str]]]:
    rnd = random.Random(seed)
    bounds = []
    acc = 0.0
    for k, share, _ in KINDS:
        acc += share
        bounds.append((acc, k))
    suffixes = {k: s for k, _, s in KINDS}
    recs: list[NodeRecord] = []
    probes: dict[str, list[str]] = {"sub2": [], "sub4": [], "traditional": [], "short": []}
    for i in range(n):
        x = rnd.random()
        kind = next(k for b, k in bounds if x <= b)
        c = core(i)
        name = f"{CITIES[i % len(CITIES)]}{c}{rnd.choice(suffixes[kind])}"
        aliases = []
        if kind == "Company":
            aliases.append(f"{c}{'集团' if rnd.random() < 0.5 else '科技'}")
        if rnd.random() < 0.3:
            aliases.append(to_traditional(name))
        keys = sorted({norm_name(s) for s in (name, *aliases)})
        recs.append(
            NodeRecord(
                f"b:{i}",
                (kind,),
                {
                    "name": name,
                    "name_norm": norm_name(name),
                    "class": kind,
                    "aliases": aliases,
                    "search_keys": keys,
                },
            )
        )
        if i % max(1, n // 200) == 0:
            probes["sub2"].append(c[1:3])
            probes["sub4"].append(c + name[len(CITIES[i % len(CITIES)]) + 4])
            probes["traditional"].append(to_traditional(name))
            if kind == "Company":
                probes["short"].append(aliases[0])
    return recs, probes


def timed(fn: Any, qs: list[str]) -> tuple[float, float, list[int]]:
    times = []
    totals = []
    for q in qs:
        t = time.perf_counter()
        totals.append(fn(q))
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    return statistics.median(times), p95, totals


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--nodes", type=int, default=100_000)
    ap.add_argument("--scan-sample", type=int, default=10, help="queries per kind for the scan")
    ap.add_argument("--backends", default="embedded")
    a = ap.parse_args()
    from iegraph.ontology.schema import load_schema
    from iegraph.queries.search import _MATCHES, RANK_CAP, search_entities

    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; {len(CHARS)} chars")
    t = time.perf_counter()
    recs, probes = records(a.nodes)
    print(f"built {len(recs):,} nodes in {time.perf_counter() - t:.1f}s")
    schema = load_schema()
    for b in a.backends.split(","):
        tmp = Path(tempfile.mkdtemp(prefix="iegs-", dir="/tmp"))
        store = open_backend(b, tmp)
        try:
            store.clear()
            store.apply_schema(schema)
            t = time.perf_counter()
            # Neo4j: 10,000 rows per statement (the test server's transaction memory is
            # 256 MiB; the store's 50,000-row bulk statement exceeds it with these names)
            step = 10_000 if b == "neo4j" else 100_000
            for i in range(0, len(recs), step):
                store.bulk_load(recs[i : i + step], [])
            print(f"\n[{b}] loaded {len(recs):,} nodes in {time.perf_counter() - t:.1f}s")
            if b == "neo4j":
                store.run("CALL db.awaitIndexes(300)")
            scan = f"MATCH (n:Entity) WHERE {_MATCHES} RETURN count(n)"
            for kind, qs in probes.items():
                qs = qs[:200]
                p50, p95, totals = timed(
                    lambda q, st=store: search_entities(st, q, limit=20)["total"], qs
                )
                sample = qs[: a.scan_sample]
                s50, s95, stotals = timed(
                    lambda q, st=store, sc=scan: st.run(sc, {"q": norm_name(q)}).rows[0][0],
                    sample,
                )
                # the index must find what the scan finds (counted up to the ranking cap)
                want = [min(int(x), RANK_CAP) for x in stotals]
                assert totals[: len(sample)] == want, (kind, totals[:5], stotals[:5])
                print(
                    f"  {kind:<12} index p50 {p50:7.1f} ms  p95 {p95:7.1f} ms "
                    f"({len(qs)} queries, {statistics.mean(totals):.0f} hits avg) | scan p50 "
                    f"{s50:7.1f} ms  p95 {s95:7.1f} ms → {s50 / p50:.0f}× faster"
                )
            print(f"  load average now {os.getloadavg()[0]:.1f}")
            store.clear()
        finally:
            store.close()
            if b == "embedded":
                store.server.stop()


if __name__ == "__main__":
    main()
