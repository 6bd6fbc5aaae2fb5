"""Benchmark: brokers, communities and city indicators on a synthetic ecosystem, with
networkx on the same projection as the baseline (the ratio is networkx time / ours).

The graph is bench/paths.py's synthetic ecosystem (default 100,000 nodes / 400,000
relationships, same seed, same data directory, so either benchmark reuses the other's graph).
Prints: the projection's fetch time and size; brokers (igraph betweenness — exact up to
5,000 vertices, paths of at most 4 steps above — and Burt's constraint), communities
(leidenalg), each end to end through :mod:`iegraph.queries.analytics`; networkx's
betweenness (``k`` sampled sources) and Louvain on the same projection; indicators for the
busiest city (median of 5).

Example:
    $ python bench/analytics.py                        # embedded, 100k / 400k
    $ python bench/analytics.py --nodes 1000000 --rels 4000000 --no-networkx
    $ python bench/analytics.py --backend neo4j
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.paths import SEED, ensure_graph, open_bench_store


def _t(fn):  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def main(argv: list[str] | None = None) -> None:
    import networkx as nx

    from iegraph.ontology.schema import load_schema
    from iegraph.queries import analytics

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--backend", choices=["embedded", "neo4j"], default="embedded")
    ap.add_argument("--nodes", type=int, default=100_000)
    ap.add_argument("--rels", type=int, default=400_000)
    ap.add_argument("--nx-samples", type=int, default=20, help="networkx betweenness sources")
    ap.add_argument("--no-networkx", action="store_true", help="skip the networkx baseline")
    ap.add_argument("--data-dir", type=Path, default=None)
    args = ap.parse_args(argv)

    data_dir = args.data_dir or Path(f"/tmp/iegraph-bench-analytics-{args.nodes // 1000}k")
    schema = load_schema()
    store = open_bench_store(args.backend, data_dir)
    try:
        ensure_graph(store, schema, args.nodes, args.rels, SEED)
        print(f"load average {os.getloadavg()[0]:.1f} (2 cores); backend {store.backend}")

        proj, t_fetch = _t(lambda: analytics.fetch_projection(store, schema=schema))
        g = proj.graph()
        print(
            f"projection: {g.vcount():,} vertices, {g.ecount():,} edges, fetched in {t_fetch:.1f} s"
        )

        b, t_b = _t(lambda: analytics.brokers(store, top=20, schema=schema))
        print(
            f"brokers end to end: {t_b:.1f} s ({b['method']['betweenness']}); top: "
            f"{b['brokers'][0]['name']} betweenness {b['brokers'][0]['betweenness']:.4g}"
        )
        c, t_c = _t(lambda: analytics.communities(store, schema=schema))
        print(
            f"communities end to end: {t_c:.1f} s; {len(c['communities'])} communities, "
            f"modularity {c['modularity']:.3f}"
        )

        (_, how), t_ig_btw = _t(lambda: analytics.network._betweenness(g, None))
        _, t_ig_con = _t(g.constraint)
        print(f"igraph alone: betweenness {t_ig_btw:.1f} s ({how}), constraint {t_ig_con:.1f} s")
        if not args.no_networkx:
            nxg = nx.Graph()
            nxg.add_nodes_from(range(g.vcount()))
            nxg.add_edges_from(g.get_edgelist())
            k = min(args.nx_samples, g.vcount())
            _, t_nx_b = _t(lambda: nx.betweenness_centrality(nxg, k=k, seed=SEED))
            per_source = t_nx_b / k
            print(
                f"networkx betweenness, {k} sampled sources: {t_nx_b:.1f} s "
                f"({per_source * 1000:.0f} ms a source; all {g.vcount():,} sources would take "
                f"≈{per_source * g.vcount() / 60:.0f} min)"
            )
            _, t_nx_c = _t(lambda: nx.community.louvain_communities(nxg, seed=SEED))
            _, t_ld = _t(lambda: analytics.network._partition(g))
            print(
                f"communities: networkx Louvain {t_nx_c:.1f} s, leidenalg {t_ld:.1f} s — "
                f"ratio networkx / ours {t_nx_c / max(t_ld, 1e-9):.1f}"
            )

        ranked = store.run(
            "MATCH (n:Entity)-[:LOCATED_IN]->(c:City) RETURN c.key, count(n) AS k ORDER BY k DESC"
        ).rows
        for label, (city, size) in (("busiest", ranked[0]), ("median", ranked[len(ranked) // 2])):
            _indicators(store, schema, analytics, city, f"{label} city ({size:,} entities)")
    finally:
        store.close()


def _indicators(store, schema, analytics, city, label):  # type: ignore[no-untyped-def]
    if True:
        times = []
        for _ in range(5):
            out, dt = _t(lambda: analytics.city_indicators(store, city, schema=schema))
            times.append(dt)
        vals = {i["name"]: i["value"] for i in out["indicators"]}
        from iegraph.queries.named import run_named

        for q in sorted({d.query for d in analytics.indicator_definitions()}):
            _, dt = _t(lambda: run_named(store, q, {"city": city}, schema=schema))  # noqa: B023
            print(f"  {q}: {dt * 1000:.0f} ms")
        print(
            f"indicators for the {label} {city}: median {statistics.median(times) * 1000:.0f} ms "
            f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}); "
            f"designated {vals['designated_enterprises']}, links "
            f"{vals['institution_enterprise_links']}"
        )


if __name__ == "__main__":
    main()
