"""Fair share: how long a light read waits while heavy ad-hoc queries run.

Starts an embedded store per engine-thread setting, loads a small graph, runs N heavy
cartesian queries (each stopped by the query timeout) in parallel with a loop of light
1-hop lookups, and prints the light queries' p50 / p95 / max latency next to a baseline
measured with no heavy query. Numbers depend on the machine's load: read the ratios.

Usage: python bench/fair_share.py [--heavy 2] [--timeout 3] [--threads 2,8]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import threading
import time
from pathlib import Path

from iegraph.graph.falkor_store import FalkorStore
from iegraph.graph.limits import Limits
from iegraph.graph.model import NodeRecord
from iegraph.ontology.errors import StoreError

HEAVY = "MATCH (a:Entity), (b:Entity), (c:Entity) RETURN count(*)"
LIGHT = "MATCH (n:Entity {key: $k}) RETURN n.name"


def light_latencies(store: FalkorStore, seconds: float) -> list[float]:
    out: list[float] = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        t = time.perf_counter()
        store.read(LIGHT, {"k": "n:17"})
        out.append((time.perf_counter() - t) * 1000)
    return out


def run(threads: int, heavy: int, timeout: float) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="iegfair") as d:
        store = FalkorStore(Path(d), limits=Limits(timeout=timeout, threads=threads))
        try:
            store.upsert_nodes(
                NodeRecord(f"n:{i}", ("Institution",), {"name": f"n{i}"}) for i in range(3000)
            )
            base = light_latencies(store, 2.0)
            stop = threading.Event()

            def hammer() -> None:
                while not stop.is_set():
                    try:
                        store.read(HEAVY, timeout=timeout)
                    except StoreError:
                        pass

            ts = [threading.Thread(target=hammer) for _ in range(heavy)]
            for t in ts:
                t.start()
            time.sleep(0.3)
            loaded = light_latencies(store, timeout * 2)
            stop.set()
            for t in ts:
                t.join()
        finally:
            store.close()
            store.server.stop()
    q = statistics.quantiles
    return {
        "base_p50": statistics.median(base),
        "p50": statistics.median(loaded),
        "p95": q(loaded, n=20)[18] if len(loaded) > 20 else max(loaded),
        "max": max(loaded),
        "n": len(loaded),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--heavy", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=3.0)
    ap.add_argument("--threads", default="2,8")
    a = ap.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f}; {a.heavy} heavy queries, timeout {a.timeout}s")
    for th in (int(x) for x in a.threads.split(",")):
        r = run(th, a.heavy, a.timeout)
        print(
            f"THREAD_COUNT {th}: light read p50 {r['p50']:.1f} ms, p95 {r['p95']:.1f} ms, "
            f"max {r['max']:.0f} ms over {r['n']} reads (no heavy query: p50 {r['base_p50']:.2f}"
            f" ms; ratio p50 {r['p50'] / r['base_p50']:.0f}x)",
            flush=True,
        )


if __name__ == "__main__":
    main()
