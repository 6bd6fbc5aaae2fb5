"""Benchmark: the explorer page in headless Chromium (the page as users get it, over uvicorn).

Three figures, each with a baseline measured in the same run:

1. **First paint on the demo graph** — from navigation to the page being ready (style,
   timeline and the URL's state loaded, canvas drawn), cold cache, median of ``--runs``;
   opened empty and opened on a shared link (an entity and its neighbours). Baseline: the
   static city view (``/api/v1/views/city``) until its layout has stabilised.
2. **Expand on a 100k-node graph** (``--nodes`` / ``--rels``, the synthetic ecosystem of
   ``bench/paths.py``) — p50 / p95 from the call to the next frame drawn with the neighbours
   (server + transfer + drawing), on random entities. Baseline: the same neighbours request
   from Python (server only).
3. **2,000 visible nodes** — time to draw them, then milliseconds per frame while zooming
   (interactive means a frame well under 100 ms); and 5,000 given nodes, which the page groups
   down to the cap.

The machine is shared (2 cores, 8 engineers): absolute times are high; read the ratios.

Example:
    $ python bench/explorer.py                         # demo graph + 100k / 400k, embedded
    $ python bench/explorer.py --nodes 20000 --rels 80000 --expands 30
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
import time
from http.client import HTTPConnection
from pathlib import Path
from typing import Any
from urllib.parse import quote

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.paths import ensure_graph, percentile

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(data_dir: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("IEGRAPH_", "NEO4J_"))}
    env.update({"IEGRAPH_BACKEND": "embedded", "IEGRAPH_DATA_DIR": str(data_dir)})
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "iegraph.api.main:create_app",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log"],
        cwd=REPO, env=env,
    )  # fmt: skip
    for _ in range(1200):
        try:
            c = HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/api/v1/health")
            if c.getresponse().status == 200:
                return proc, f"http://127.0.0.1:{port}"
        except OSError:
            pass
        if proc.poll() is not None:
            raise SystemExit("uvicorn exited during startup")
        time.sleep(0.1)
    proc.terminate()
    raise SystemExit("the server did not come up")


def http_ms(base: str, path: str, body: Any = None) -> tuple[float, Any]:
    host, port = base.removeprefix("http://").split(":")
    c = HTTPConnection(host, int(port), timeout=60)
    t0 = time.perf_counter()
    if body is None:
        c.request("GET", path)
    else:
        c.request("POST", path, json.dumps(body), {"Content-Type": "application/json"})
    r = c.getresponse()
    data = r.read()
    ms = (time.perf_counter() - t0) * 1000
    if r.status != 200:
        raise SystemExit(f"{path}: HTTP {r.status} {data[:300]!r}")
    return ms, json.loads(data) if data[:1] in b"{[" else data


def ready(page: Any, base: str, query: str = "") -> tuple[float, float]:
    """Navigate; ``(ready, first contentful paint)`` in ms since the navigation started, as
    the page's own clock tells (the browser's process start-up is not the page's)."""
    page.goto(base + "/" + query)
    page.wait_for_selector("body[data-ready=true]", state="attached", timeout=120_000)
    page.wait_for_function("() => document.body.dataset.busy === '0'", timeout=120_000)
    r = page.evaluate(
        "() => [iegraphExplorer.readyAt, "
        "(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || 0]"
    )
    return float(r[0]), float(r[1])


NEXT_FRAME = """() => new Promise((res) => {
  iegraphExplorer.network.once('afterDrawing', () => res(performance.now()));
  iegraphExplorer.network.redraw(); })"""

EXPAND = """async (key) => {
  const E = iegraphExplorer;
  const t0 = performance.now();
  await E.expand(key);
  const t1 = await new Promise((res) => { E.network.once('afterDrawing', () => res(performance.now()));
                                           E.network.redraw(); });
  return {total: t1 - t0, server: E.lastExpand.server, added: E.lastExpand.added,
          drawn: E.nodesDS.length};
}"""

CLEAR_AND_OPEN = """async (key) => {
  const E = iegraphExplorer;
  E.S.nodes.clear(); E.S.rels.clear(); E.S.highlight.clear(); E.S.selected = null;
  E.render({noLayout: true});
  await E.openEntity(key, {push: false, focus: false});
  await SETTLED();
}"""

#: a user looks at the picture before the next double-click: wait for the settle to end
SETTLED_JS = """() => new Promise((res) => { const t = setInterval(() => {
  if (!iegraphExplorer.network.physics.physicsEnabled) { clearInterval(t); res(true); } }, 50); })"""
CLEAR_AND_OPEN = CLEAR_AND_OPEN.replace("SETTLED()", "(" + SETTLED_JS + ")()")

LOAD_KEYS = """async (keys) => {
  const E = iegraphExplorer;
  E.S.nodes.clear(); E.S.rels.clear(); E.S.highlight.clear(); E.S.selected = null;
  E.render({noLayout: true});
  const r = await fetch('/api/v1/explorer/subgraph', {method: 'POST',
    headers: {'Content-Type': 'application/json'}, body: JSON.stringify({nodes: keys})});
  const g = await r.json();
  const t0 = performance.now();
  for (const n of g.nodes) E.S.nodes.set(n.key, {key: n.key, labels: n.labels, props: n.properties,
    cls: n.properties['class'], top: n.properties.top, name: n.properties.name});
  for (const x of g.relationships) E.S.rels.set(x.id, {id: x.id, type: x.type, start: x.start,
    end: x.end, props: x.properties, evidence: x.evidence});
  E.render({noLayout: true});
  E.network.fit({animation: false});
  const t1 = await new Promise((res) => { E.network.once('afterDrawing', () => res(performance.now()));
                                         E.network.redraw(); });
  return {draw: t1 - t0, given: g.nodes.length, rels: g.relationships.length,
          drawn: E.nodesDS.length, edges: E.edgesDS.length};
}"""

ZOOM_FRAMES = """async (n) => {
  const E = iegraphExplorer; const out = [];
  const s0 = E.network.getScale();
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    E.network.moveTo({scale: s0 * (1 + 0.05 * ((i % 4) - 1.5)), animation: false});
    const t1 = await new Promise((res) => { E.network.once('afterDrawing', () => res(performance.now())); });
    out.push(t1 - t0);
  }
  return out;
}"""


def fmt(xs: list[float]) -> str:
    return f"p50 {statistics.median(xs):7.1f} ms  p95 {percentile(xs, 95):7.1f} ms  (n={len(xs)})"


def demo_dir(path: Path) -> Path:
    if not (path / ".demo-done").exists():
        print(f"building the demo graph in {path} …", flush=True)
        subprocess.run(
            [sys.executable, "-m", "iegraph.api.cli", "demo", "--data-dir", str(path)],
            cwd=path.parent, check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        (path / ".demo-done").write_text("ok")
    return path


def big_dir(path: Path, n_nodes: int, n_rels: int) -> Path:
    from iegraph.graph.falkor_store import FalkorStore
    from iegraph.ontology.schema import load_schema

    store = FalkorStore(path)
    try:
        info = ensure_graph(store, load_schema(), n_nodes, n_rels)
        if info["generated"]:
            print(f"generated the {n_nodes:,}-node graph in {info['seconds']:.0f} s", flush=True)
    finally:
        store.close()
    return path


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--work", type=Path, default=Path("/tmp/iegraph-bench-explorer"))
    ap.add_argument("--nodes", type=int, default=100_000)
    ap.add_argument("--rels", type=int, default=400_000)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--expands", type=int, default=60)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    args.work.mkdir(parents=True, exist_ok=True)
    demo = demo_dir(args.work / "demo")
    big = big_dir(args.work / f"big-{args.nodes}", args.nodes, args.rels)
    print(f"load average before: {os.getloadavg()}")
    results: dict[str, Any] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)

        # 1. first paint on the demo graph --------------------------------------------------
        proc, base = serve(demo)
        try:
            key = "institution:深圳职业技术大学"
            hood = http_ms(base, f"/api/v1/entities/{quote(key)}/neighbors?limit=200")[1]
            shared = "?" + "&".join(
                "n=" + quote(k) for k in [key, *(n["key"] for n in hood["nodes"])]
            ) + "&sel=" + quote(key)  # fmt: skip
            empty, linked, static, inpage, fcp = [], [], [], [], []
            for i in range(args.runs + 1):  # the first run warms the server, not counted
                ctx = browser.new_context(viewport={"width": 1400, "height": 900})
                page = ctx.new_page()
                a, paint = ready(page, base)
                ctx.close()
                ctx = browser.new_context(viewport={"width": 1400, "height": 900})
                page = ctx.new_page()
                b, _ = ready(page, base, shared)
                fp = page.evaluate("() => iegraphExplorer.firstPaint")
                ctx.close()
                ctx = browser.new_context(viewport={"width": 1400, "height": 900})
                page = ctx.new_page()
                page.goto(base + "/api/v1/views/city?city=" + quote("深圳市"))
                page.wait_for_selector("body[data-stabilized=true]", state="attached",
                                       timeout=120_000)  # fmt: skip
                c = page.evaluate("() => performance.now()")
                ctx.close()
                if i:
                    empty.append(a)
                    fcp.append(paint)
                    linked.append(b)
                    static.append(c)
                    inpage.append(fp)
            results["first_paint"] = {
                "empty_ms": statistics.median(empty),
                "first_contentful_paint_ms": statistics.median(fcp),
                "shared_link_ms": statistics.median(linked),
                "in_page_ms": statistics.median(inpage),
                "static_city_view_ms": statistics.median(static),
            }
            print("\n1. first paint, demo graph (navigation start → ready, cold cache)")
            print(f"   first contentful paint    {fmt(fcp)}")
            print(f"   explorer, empty, ready    {fmt(empty)}")
            print(f"   explorer, shared link     {fmt(linked)}  ({len(hood['nodes']) + 1} nodes)")
            print(f"     of which in the page    {fmt(inpage)}  (script start → drawn)")
            print(f"   baseline: static city view until stabilised  {fmt(static)}")
            print(f"   ratio explorer (link) / static view: "
                  f"{statistics.median(linked) / statistics.median(static):.2f}")  # fmt: skip
        finally:
            proc.terminate()
            proc.wait(timeout=30)

        # 2. and 3. on the big graph --------------------------------------------------------
        proc, base = serve(big)
        try:
            ctx = browser.new_context(viewport={"width": 1400, "height": 900})
            page = ctx.new_page()
            ready(page, base)
            rnd = random.Random(args.seed)
            _, keys = http_ms(
                base, "/api/v1/cypher", {"query": "MATCH (n:Entity) RETURN n.key LIMIT 20000"}
            )
            pool = [r[0] for r in keys["rows"] if not str(r[0]).startswith("bench:")]
            sample = rnd.sample(pool, min(args.expands, len(pool)))
            total, server, direct, added = [], [], [], []
            for k in sample:
                page.evaluate(CLEAR_AND_OPEN, k)
                r = page.evaluate(EXPAND, k)
                total.append(r["total"])
                server.append(r["server"])
                added.append(r["added"])
                direct.append(
                    http_ms(base, f"/api/v1/entities/{quote(k)}/neighbors?hops=1&limit=200")[0]
                )
            # a user's session: expand one after another on a growing canvas
            page.evaluate(CLEAR_AND_OPEN, sample[0])
            growing = []
            frontier = [sample[0]]
            while frontier and len(growing) < 40:
                k = frontier.pop(0)
                r = page.evaluate(EXPAND, k)
                growing.append(r["total"])
                page.evaluate(SETTLED_JS)
                frontier.extend(
                    page.evaluate("(k) => [...iegraphExplorer.S.rels.values()].filter("
                                  "r => r.start === k).map(r => r.end).slice(0, 3)", k)
                )  # fmt: skip
            drawn_after = page.evaluate("() => iegraphExplorer.nodesDS.length")
            results["expand"] = {
                "p50_ms": statistics.median(total),
                "p95_ms": percentile(total, 95),
                "server_in_page_p95_ms": percentile(server, 95),
                "baseline_http_p95_ms": percentile(direct, 95),
                "session_p95_ms": percentile(growing, 95),
                "neighbours_median": statistics.median(added),
            }
            print(f"\n2. expand on {args.nodes:,} nodes / {args.rels:,} relationships "
                  f"(median {statistics.median(added):.0f} neighbours)")  # fmt: skip
            print(f"   expand → drawn            {fmt(total)}")
            print(f"     of which the request    {fmt(server)}")
            print(f"   baseline: the request from Python  {fmt(direct)}")
            print(f"   growing canvas (session)  {fmt(growing)}  ({drawn_after} nodes at the end)")
            print(f"   ratio expand→drawn / request alone (p95): "
                  f"{percentile(total, 95) / percentile(direct, 95):.2f}")  # fmt: skip

            # 3. 2,000 and 5,000 visible nodes
            print("\n3. many visible nodes")
            linked = http_ms(
                base,
                "/api/v1/cypher",
                {"query": "MATCH (a:Entity)-[r]->(b:Entity) WHERE NOT a.key STARTS WITH 'bench:' "
                 "RETURN a.key, b.key LIMIT 20000"},
            )[1]["rows"]  # fmt: skip
            connected = list(dict.fromkeys(k for row in linked for k in row))
            for n in (2000, 5000):
                ks = connected[:n]
                r = page.evaluate(LOAD_KEYS, ks)
                frames = page.evaluate(ZOOM_FRAMES, 30)
                results[f"visible_{n}"] = {**r, "frame_p50_ms": statistics.median(frames),
                                           "frame_p95_ms": percentile(frames, 95)}  # fmt: skip
                print(f"   {r['given']:,} nodes / {r['rels']:,} relationships given → "
                      f"{r['drawn']:,} drawn ({r['edges']:,} edges), first frame "
                      f"{r['draw']:.0f} ms; zoom frames {fmt(frames)}")  # fmt: skip
            ctx.close()
        finally:
            proc.terminate()
            proc.wait(timeout=30)
        browser.close()
    results["load_average_after"] = os.getloadavg()
    print(f"\nload average after: {os.getloadavg()}")
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
