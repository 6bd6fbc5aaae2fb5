"""Speed of graph views: command → written file, and time to a settled picture in Chromium.

For views of 100, 1,000 and 5,000 nodes (synthetic graphs shaped by the ontology, loaded into
an embedded store in a temporary data directory), the same run measures:

* **command → file**: ``iegraph view query "MATCH (n:Entity) RETURN n" -o f.html`` as a
  subprocess (Python start-up, store, fetch, styling, layout, page) — and the in-process
  parts (fetch from the store, render, write);
* **stabilise**: headless Chromium opens the page (offline) and reports, from the page itself,
  the milliseconds until vis-network's stabilisation finished and physics was switched off
  (100 and 1,000 nodes; target: 1,000 nodes ≤ 5 s). The 5,000-node view must come out grouped;
* **baseline**: pyvis's own default rendering of the same graph (``Network()``, ``add_node`` /
  ``add_edge`` with labels and titles, default options, vis-network inlined), timed the same
  way, and the ratio baseline / ours.

    python bench/views.py [--sizes 100,1000,5000] [--browser-timeout 120]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
QUERY = "MATCH (n:Entity) RETURN n"


def load_store(data_dir: Path, n: int) -> tuple[Any, Any]:
    from iegraph.graph.falkor_store import FalkorStore
    from iegraph.graph.views.synthetic import synthetic_subgraph, to_records
    from iegraph.ontology.schema import load_schema

    schema = load_schema()
    store = FalkorStore(data_dir)
    store.clear()
    store.apply_schema(schema)
    sub = synthetic_subgraph(n, schema, seed=n)
    nodes, rels = to_records(sub)
    store.upsert_nodes(nodes)
    store.upsert_relationships(rels)
    return store, sub


def cli_time(data_dir: Path, out: Path) -> float:
    cmd = [
        sys.executable,
        "-m",
        "iegraph.api.cli",
        "view",
        "query",
        QUERY,
        "-o",
        str(out),
        "--data-dir",
        str(data_dir),
    ]
    t0 = time.perf_counter()
    subprocess.run(
        cmd, cwd=ROOT, check=True, capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)}
    )
    return time.perf_counter() - t0


def ours_in_process(store: Any, out: Path) -> dict[str, Any]:
    from iegraph.graph.views.render import prepare, render_drawing, write_text_atomic
    from iegraph.queries.views import query_view

    t0 = time.perf_counter()
    view = query_view(store, QUERY)
    t1 = time.perf_counter()
    drawing = prepare(view)
    html = render_drawing(drawing)
    t2 = time.perf_counter()
    write_text_atomic(out, html)
    t3 = time.perf_counter()
    return {
        "fetch": t1 - t0,
        "render": t2 - t1,
        "write": t3 - t2,
        "total": t3 - t0,
        "grouped": drawing.grouped,
        "drawn_nodes": len(drawing.nodes),
        "drawn_edges": len(drawing.edges),
        "bytes": out.stat().st_size,
    }


def pyvis_default(sub: Any, out: Path) -> float:
    """pyvis out of the box: default Network options, labels and titles, vis inlined."""
    from pyvis.network import Network

    t0 = time.perf_counter()
    net = Network(directed=True, cdn_resources="in_line")
    for n in sub.nodes:
        net.add_node(n.key, label=n.name, title=str(n.props.get("class", "")))
    for r in sub.relationships:
        net.add_edge(r.start, r.end, label=r.type, title=r.type)
    out.write_text(net.generate_html(), encoding="utf-8")
    return time.perf_counter() - t0


def stabilise(browser: Any, page_file: Path, ours: bool, timeout_s: float) -> float | None:
    """Seconds from navigation to a settled picture (None: not within the timeout)."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 900}, offline=True)
    page = ctx.new_page()
    try:
        t0 = time.perf_counter()
        page.goto(page_file.as_uri(), wait_until="domcontentloaded", timeout=timeout_s * 1000)
        if ours:
            page.wait_for_selector(
                "body[data-stabilized=true]", state="attached", timeout=timeout_s * 1000
            )
        else:
            # pyvis's page has no flag of its own: vis sets physics.stabilized once settled
            page.wait_for_function(
                "() => !!(window.network && network.physics && network.physics.stabilized)",
                timeout=timeout_s * 1000,
                polling=100,
            )
        return time.perf_counter() - t0  # wall time from navigation, the same for both
    except Exception:  # noqa: BLE001 — a timeout is a result here
        return None
    finally:
        ctx.close()


def _median(values: list[float | None]) -> float | None:
    if any(v is None for v in values):
        return None
    vals = sorted(v for v in values if v is not None)
    return vals[len(vals) // 2]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100,1000,5000")
    ap.add_argument("--browser-timeout", type=float, default=120.0)
    ap.add_argument("--repeat", type=int, default=3, help="browser runs per page (median)")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    from playwright.sync_api import sync_playwright

    exe = os.environ.get("IEGRAPH_CHROMIUM", "/usr/bin/chromium")
    rows = []
    with tempfile.TemporaryDirectory(prefix="iegraph-bench-") as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=ARGS)
        for n in sizes:
            data_dir = Path(tmp) / f"d{n}"
            data_dir.mkdir()
            store, sub = load_store(data_dir, n)
            try:
                ours_file = Path(tmp) / f"ours-{n}.html"
                cli_s = cli_time(data_dir, Path(tmp) / f"cli-{n}.html")
                inproc = ours_in_process(store, ours_file)
                base_file = Path(tmp) / f"pyvis-{n}.html"
                base_write = pyvis_default(sub, base_file)
                ours_stab = base_stab = None
                if n <= 1000 or inproc["grouped"]:
                    ours_stab = _median(
                        [
                            stabilise(browser, ours_file, True, args.browser_timeout)
                            for _ in range(args.repeat)
                        ]
                    )
                if n <= 1000:
                    # one run: the baseline may take the whole timeout
                    base_stab = stabilise(browser, base_file, False, args.browser_timeout)
                rows.append(
                    (n, len(sub.relationships), cli_s, inproc, base_write, ours_stab, base_stab)
                )
            finally:
                store.close()
                store.server.stop()
        browser.close()

    def fmt(v: float | None) -> str:
        return f">{args.browser_timeout:.0f}" if v is None else f"{v:.2f}"

    load = os.getloadavg()
    print(
        f"load average during the run: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} "
        f"({os.cpu_count()} cores) — figures scale with it"
    )
    print(
        f"{'nodes':>6} {'rels':>6} | {'cli→file':>8} {'fetch':>6} {'render':>6} "
        f"{'write':>5} | {'drawn':>11} {'grouped':>7} | {'stabilise':>9} | "
        f"{'pyvis write':>11} {'pyvis stab':>10} | ratio stab (pyvis/ours)"
    )
    for n, m, cli_s, ip, bw, os_, bs in rows:
        ratio = "n/a"
        if os_ is not None:
            ratio = f">{args.browser_timeout / os_:.1f}x" if bs is None else f"{bs / os_:.1f}x"
        print(
            f"{n:>6} {m:>6} | {cli_s:>8.2f} {ip['fetch']:>6.2f} {ip['render']:>6.2f} "
            f"{ip['write']:>5.2f} | {ip['drawn_nodes']:>5}/{ip['drawn_edges']:<5} "
            f"{ip['grouped']!s:>7} | {fmt(os_) if (n <= 1000 or ip['grouped']) else '-':>9}"
            f" | {bw:>11.2f} {fmt(bs) if n <= 1000 else '-':>10} | {ratio}"
        )
    k = next((r for r in rows if r[0] == 1000), None)
    if k is not None and k[5] is not None:
        print(
            f"\n1,000-node view stabilised in {k[5]:.2f} s (target ≤ 5 s): "
            f"{'met' if k[5] <= 5 else 'NOT met'}"
        )
    big = next((r for r in rows if r[0] >= 5000), None)
    if big is not None:
        print(
            f"{big[0]:,}-node view grouped: {big[3]['grouped']} "
            f"({big[3]['drawn_nodes']} nodes drawn)"
        )


if __name__ == "__main__":
    main()
