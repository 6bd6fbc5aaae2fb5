"""Benchmark: the HTTP API on the synthetic ecosystem (100,000 nodes / 400,000 relationships).

Starts ``uvicorn`` (the real app, ``--workers`` processes) on a free loopback port over the
graph of :mod:`bench.paths` (generated once, reused), then drives it from a *separate* load
generator process (keep-alive HTTP/1.1 connections in threads, bounded by a request count and
a time limit):

1. neighbour lookups (``GET /entities/{key}/neighbors``, random keys) one at a time: p50/p95;
2. the same from ``--clients`` concurrent clients: requests/s and errors;
3. entity search (``GET /entities?q=``, random substrings): p50/p95;
4. shortest paths through the API (``GET /paths``, random pairs): p50/p95.

Beside them it prints the engine's own best time for the same work, measured in the same run
(the 1-hop pattern ``MATCH (a {key})-[r]-(b) RETURN r, b`` through the store; the search scan
as one Cypher query), and the ratio.

With ``--demo`` the graph is the one ``iegraph demo`` builds (built once into the data
directory, reused), the graph the issue's throughput target (≥ 400 req/s, 16 clients, 0
errors) is stated on.

Example:
    $ python bench/api.py --demo                        # the demo graph, one worker per core
    $ python bench/api.py                               # embedded, 2 workers, 16 clients
    $ python bench/api.py --backend neo4j --clients 32
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from http.client import HTTPConnection
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.paths import SEED, ensure_graph, open_bench_store, percentile


# -- the load generator (runs in its own process) ---------------------------------------------
def _get(conn: HTTPConnection, path: str) -> int:
    conn.request("GET", path, headers={"Connection": "keep-alive"})
    resp = conn.getresponse()
    resp.read()
    return resp.status


def loadgen(spec: dict[str, Any]) -> dict[str, Any]:
    """Run one load pattern; returns latencies (ms), counts and errors."""
    host, port = spec["host"], spec["port"]
    paths: list[str] = spec["paths"]
    clients: int = spec["clients"]
    limit: int = spec["requests"]
    deadline = time.perf_counter() + spec["seconds"]
    lock = threading.Lock()
    lat: list[float] = []
    errors: list[str] = []
    issued = 0

    def worker(seed: int) -> None:
        nonlocal issued
        rnd = random.Random(seed)
        conn = HTTPConnection(host, port, timeout=60)
        while True:
            with lock:
                if issued >= limit or time.perf_counter() > deadline:
                    break
                issued += 1
            path = paths[rnd.randrange(len(paths))]
            t0 = time.perf_counter()
            try:
                status = _get(conn, path)
            except OSError as exc:
                status = 0
                conn.close()
                conn = HTTPConnection(host, port, timeout=60)
                err = f"{type(exc).__name__}"
            else:
                err = f"HTTP {status}"
            ms = (time.perf_counter() - t0) * 1000
            with lock:
                lat.append(ms)
                if status != 200:
                    errors.append(err)
        conn.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    t0 = time.perf_counter()
    c0 = time.process_time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    cpu = time.process_time() - c0
    return {"latencies": lat, "errors": errors, "wall": wall, "client_cpu": cpu}


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds of these processes and all their descendants (Linux)."""
    tick = os.sysconf("SC_CLK_TCK")
    children: dict[int, list[int]] = {}
    stats: dict[int, float] = {}
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            f = (d / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(d.name)
        children.setdefault(int(f[1]), []).append(pid)
        stats[pid] = (int(f[11]) + int(f[12])) / tick
    total, todo = 0.0, list(pids)
    while todo:
        pid = todo.pop()
        total += stats.get(pid, 0.0)
        todo += children.get(pid, [])
    return total


# -- orchestration ------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run_load(spec: dict[str, Any]) -> dict[str, Any]:
    """Run :func:`loadgen` in a separate Python process (so it does not share our GIL)."""
    proc = subprocess.run(
        [sys.executable, __file__, "--loadgen"],
        input=json.dumps(spec),
        check=False,
        capture_output=True,
        text=True,
        timeout=spec["seconds"] + 120,
    )
    if proc.returncode != 0:
        raise SystemExit(f"load generator failed: {proc.stderr[-2000:]}")
    return json.loads(proc.stdout)  # type: ignore[no-any-return]


def start_server(args: argparse.Namespace, data_dir: Path, port: int) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("IEGRAPH_")}
    env.update(
        {
            "PYTHONPATH": str(REPO),
            "IEGRAPH_BACKEND": args.backend,
            "IEGRAPH_DATA_DIR": str(data_dir),
        }
    )
    if args.backend == "neo4j":
        from tests.conftest import neo4j_env

        env.update(neo4j_env() or {})
    cmd = [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "iegraph.api.main:create_app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(args.workers),
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    proc = subprocess.Popen(cmd, cwd=REPO, env=env)
    for _ in range(600):
        try:
            conn = HTTPConnection("127.0.0.1", port, timeout=2)
            if _get(conn, "/api/v1/health") == 200:
                conn.close()
                return proc
        except OSError:
            pass
        if proc.poll() is not None:
            raise SystemExit("uvicorn exited during startup")
        time.sleep(0.1)
    proc.terminate()
    raise SystemExit("the API did not come up")


def ensure_demo(data_dir: Path) -> None:
    """Build the `iegraph demo` graph into ``data_dir`` unless it is there (a marker file)."""
    marker = data_dir / "bench-demo.done"
    if marker.exists():
        return
    data_dir.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "iegraph.api.cli", "demo", "--data-dir", str(data_dir)]
        + ["--out", str(data_dir / "view")],
        check=True,
        cwd=REPO,
        env={k: v for k, v in os.environ.items() if not k.startswith("IEGRAPH_")},
    )
    marker.write_text("ok\n")
    print(f"built the demo graph in {time.perf_counter() - t0:.0f} s")


def timed(fn: Any, items: list[Any]) -> list[float]:
    out = []
    for it in items:
        t0 = time.perf_counter()
        fn(it)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def line(label: str, xs: list[float], extra: str = "") -> str:
    return (
        f"  {label:<44} p50 {percentile(xs, 50):8.2f} ms   p95 {percentile(xs, 95):8.2f} ms"
        f"   n={len(xs)}{extra}"
    )


def main(argv: list[str] | None = None) -> None:
    from iegraph.ontology.schema import load_schema

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--backend", choices=["embedded", "neo4j"], default="embedded")
    ap.add_argument("--nodes", type=int, default=100_000)
    ap.add_argument("--rels", type=int, default=400_000)
    ap.add_argument(
        "--workers",
        type=int,
        default=0,
        help="uvicorn worker processes (0: one per core, as `iegraph serve`)",
    )
    ap.add_argument("--demo", action="store_true", help="the `iegraph demo` graph")
    ap.add_argument("--clients", type=int, default=16, help="concurrent clients")
    ap.add_argument("--seconds", type=float, default=15.0, help="throughput phase time limit")
    ap.add_argument("--requests", type=int, default=300, help="sequential samples per phase")
    ap.add_argument("--data-dir", type=Path, default=None)
    ap.add_argument("--loadgen", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.loadgen:
        json.dump(loadgen(json.load(sys.stdin)), sys.stdout)
        return

    args.workers = args.workers or max(1, os.cpu_count() or 1)
    default_dir = "demo" if args.demo else f"{args.nodes // 1000}k"
    data_dir = args.data_dir or Path(f"/tmp/iegraph-bench-{default_dir}")
    schema = load_schema()
    if args.demo and args.backend == "embedded":
        ensure_demo(data_dir)
    store = open_bench_store(args.backend, data_dir)
    lock = None
    proc = None
    try:
        if args.backend == "neo4j":
            from bench.paths import _neo4j_lock

            lock = _neo4j_lock()
        if not args.demo:
            ensure_graph(store, schema, args.nodes, args.rels)
        rnd = random.Random(SEED + 2)
        keys = [
            r[0] for r in store.run("MATCH (n:Entity) WHERE n.top <> 'Source' RETURN n.key").rows
        ]
        sample = [rnd.choice(keys) for _ in range(2000)]
        names = [k.split(":", 1)[1] for k in sample]
        q_sub = [n[len(n) // 2 - 2 : len(n) // 2 + 3] for n in names]  # a 5-char substring

        # the engine's own best for the same work, through the store, in this process
        one_hop = "MATCH (a:Entity {key: $k})-[r]-(b:Entity) RETURN r, b"
        base_nb = timed(lambda k: store.run(one_hop, {"k": k}), sample[: args.requests])
        scan = (
            "MATCH (n:Entity) WHERE ANY(x IN n.search_keys WHERE x CONTAINS $q) "
            "RETURN n.key LIMIT 20"
        )
        base_search = timed(lambda q: store.run(scan, {"q": q}), q_sub[:100])

        port = free_port()
        proc = start_server(args, data_dir, port)
        enc = urllib.parse.quote
        nb_paths = [f"/api/v1/entities/{enc(k)}/neighbors?hops=1&limit=100" for k in sample]
        spec = {
            "host": "127.0.0.1",
            "port": port,
            "clients": 1,
            "seconds": 120,
            "requests": 20,
            "paths": nb_paths,
        }
        run_load(spec)  # warm-up: connections, caches, imports in every worker
        seq = run_load({**spec, "requests": args.requests})
        server_pids = [proc.pid]
        store_pid = store.server.read_pid() if args.backend == "embedded" else None
        c0 = cpu_seconds(server_pids), cpu_seconds([store_pid] if store_pid else [])
        conc = run_load(
            {**spec, "clients": args.clients, "requests": 1_000_000, "seconds": args.seconds}
        )
        c1 = cpu_seconds(server_pids), cpu_seconds([store_pid] if store_pid else [])
        search_paths = [f"/api/v1/entities?q={enc(q)}&limit=20" for q in q_sub]
        srch = run_load({**spec, "requests": min(args.requests, 100), "paths": search_paths})
        pairs = [(rnd.choice(keys), rnd.choice(keys)) for _ in range(200)]
        path_paths = [f"/api/v1/paths?source={enc(a)}&target={enc(b)}&max_hops=6" for a, b in pairs]
        pth = run_load({**spec, "requests": min(args.requests, 100), "paths": path_paths})

        size = f"demo graph ({len(keys):,} entities)" if args.demo else f"nodes={args.nodes:,}"
        print(
            f"backend={args.backend} {size} rels={'demo' if args.demo else f'{args.rels:,}'} "
            f"uvicorn workers={args.workers} cpus={os.cpu_count()} "
            f"load {os.getloadavg()[0]:.1f}"
        )
        lat = seq["latencies"]
        print(line("neighbours via API (1 client)", lat, f"   errors={len(seq['errors'])}"))
        print(
            line(
                "engine 1-hop pattern via store (baseline)",
                base_nb,
                f"   ratio API/engine p50 {percentile(lat, 50) / percentile(base_nb, 50):.1f}x",
            )
        )
        n = len(conc["latencies"])
        rps = n / conc["wall"]
        print(
            f"  {'neighbours via API, ' + str(args.clients) + ' clients':<44} "
            f"{rps:8.1f} req/s   p50 {percentile(conc['latencies'], 50):.1f} ms   p95 "
            f"{percentile(conc['latencies'], 95):.1f} ms   requests={n}   "
            f"errors={len(conc['errors'])}"
            + (f" ({', '.join(sorted(set(conc['errors'])))})" if conc["errors"] else "")
        )
        # CPU per request (API workers, the store's server, the load generator): what the
        # machine's cores sustain when nobody else uses them, whatever the load now
        per = [(c1[0] - c0[0]) / n, (c1[1] - c0[1]) / n, conc["client_cpu"] / n]
        cores = os.cpu_count() or 1
        print(
            f"  {'  CPU per request':<44} API {per[0] * 1000:.2f} ms + store "
            f"{per[1] * 1000:.2f} ms + load generator {per[2] * 1000:.2f} ms → {cores} idle "
            f"cores sustain ~{cores / sum(per):.0f} req/s ({cores / (per[0] + per[1]):.0f} "
            "without the load generator)"
        )
        print(
            line(
                "search via API (5-char substring)",
                srch["latencies"],
                f"   errors={len(srch['errors'])}",
            )
        )
        print(
            line(
                "search scan via store (baseline)",
                base_search,
                f"   ratio API/engine p50 "
                f"{percentile(srch['latencies'], 50) / percentile(base_search, 50):.1f}x",
            )
        )
        print(
            line(
                "shortest path via API (≤ 6 hops)",
                pth["latencies"],
                f"   errors={len(pth['errors'])}",
            )
        )
        print(
            f"  mean neighbours latency {statistics.mean(lat):.2f} ms; target ≥ 400 req/s "
            f"with 0 errors: {'met' if rps >= 400 and not conc['errors'] else 'NOT met'}"
        )
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        if lock is not None:
            lock.close()
        store.close()


if __name__ == "__main__":
    main()
