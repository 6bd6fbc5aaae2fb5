"""Benchmark: search, neighbours and shortest paths on a large graph (default 1M entities +
4M relations), each against a baseline timed in the same run.

The graph is generated from a seed — names built like ``bench/ingest_records.py``'s (city +
unique 4-character core + class suffix; a short name for companies, a Traditional-script
alias for 30 %, a former name for 10 % of institutions; 学校标识码 on institutions, 区划代码
on places) and the relationship mix of ``bench/paths.py`` (hubs: places, industries,
platforms) — and written through the store's bulk path (``store.bulk_load``: GRAPH.BULK on
the embedded store), not the writer. It is written once into ``--data-dir`` and reused by
later runs (a marker node holds size and seed); ``--drop`` deletes it at the end.

Phases (``--phases``, default all):

* ``search``: :func:`queries.search.search_entities` (what ``GET /entities?q=`` runs) for
  2- and 4-character substrings, a Traditional full name, a short name, a former name, a
  common word (a city: thousands of hits), an institution code and a place code; baseline:
  the scan ``ANY(k IN n.search_keys WHERE k CONTAINS $q)`` on a sample (answers checked
  equal). With ``--previous`` also the query form this branch replaced.
* ``neighbours``: :func:`queries.neighbours.neighbourhood` (1 hop, page of 100, as the API);
  baseline: the bare 1-hop pattern ``MATCH (a {key})-[r]-(b) RETURN r, b`` through the store.
* ``paths``: :func:`queries.paths.shortest_path` (≤ 6 hops) on random pairs; baselines: the
  engine's own directed ``shortestPath`` on the first pairs (FalkorDB's undirected
  ``algo.SPpaths`` runs for minutes at this size and ignores timeouts), and on the embedded
  store the former search (``queries.paths.FORMER``) on the first ``--former-pairs``, with
  ``--ablations`` also each tactic turned off alone (lengths checked equal).

Usage:
    python bench/scale.py                                   # 1M / 4M, embedded
    python bench/scale.py --nodes 100000 --rels 400000 --backend neo4j
    python bench/scale.py --phases search --queries 100
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
for p in (REPO, REPO / "bench"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

from ingest_records import CHARS, CITIES, core

from bench.paths import REL_MIX, open_bench_store, percentile
from iegraph.graph.model import NodeRecord, RelRecord
from iegraph.graph.store import CAP_COMPACT
from iegraph.ingest.normalize import norm_name, to_traditional

SEED = 20260513
META_KEY = "bench:scale-meta"

#: (class, share, name suffixes)
MIX = (
    ("Company", 0.50, ("科技有限公司", "股份有限公司", "集团有限公司", "有限责任公司")),
    ("University", 0.03, ("大学", "理工学院")),
    ("VocationalCollege", 0.06, ("职业技术学院", "职业学院")),
    ("Bureau", 0.04, ("教育局", "工业和信息化局")),
    ("IndustrialCollege", 0.08, ("产业学院", "现代产业学院")),
    ("TrainingBase", 0.08, ("实训基地", "实训中心")),
    ("JointLab", 0.04, ("联合实验室",)),
    ("ProvincialPolicy", 0.04, ("产教融合实施意见",)),
    ("MunicipalPolicy", 0.04, ("校企合作促进办法",)),
    ("City", 0.015, ("市",)),
    ("District", 0.01, ("区",)),
    ("Industry", 0.005, ("产业",)),
)
#: former names of institutions: what the suffix was before an upgrade
FORMER = {"大学": "学院", "理工学院": "工学院", "职业技术学院": "职业学校", "职业学院": "技工学校"}


def _kinds(n: int, seed: int) -> list[int]:
    """The class (index into MIX) of each entity, deterministic for (n, seed)."""
    rnd = random.Random(seed)
    cum, acc = [], 0.0
    for _, share, _ in MIX:
        acc += share
        cum.append(acc / sum(s for _, s, _ in MIX))
    out = []
    for _ in range(n):
        x = rnd.random()
        out.append(next(j for j, b in enumerate(cum) if x <= b))
    return out


def key_of(schema: Any, cls: str, i: int) -> str:
    return f"{str(schema.top_of(cls)).lower()}:s{i:07d}"


def entity(schema: Any, i: int, kind: int, seed: int) -> NodeRecord:
    """Entity ``i``: its name, aliases, search keys and (institutions, places) code — the
    same for the same ``(i, seed)``, so probes regenerate what was loaded."""
    rnd = random.Random(seed * 10_000_019 + i)
    cls, _, suffixes = MIX[kind]
    top = str(schema.top_of(cls))
    c = core(i)
    city = CITIES[i % len(CITIES)]
    suffix = rnd.choice(suffixes)
    name = f"{city}{c}{suffix}"
    aliases: list[str] = []
    props: dict[str, Any] = {}
    if cls == "Company":
        aliases.append(f"{c}{'集团' if rnd.random() < 0.5 else '科技'}")
    if top == "Institution":
        props["moe_code"] = f"41{i:08d}"
        if suffix in FORMER and rnd.random() < 0.1:
            aliases.append(f"{city}{c}{FORMER[suffix]}")
    if top == "Place":
        props["adcode"] = f"{i:06d}"
    if rnd.random() < 0.3:
        aliases.append(to_traditional(name))
    return NodeRecord(
        key_of(schema, cls, i),
        tuple(x for x in schema.labels_for_store(cls) if x != "Entity"),
        {
            **props,
            "name": name,
            "name_norm": norm_name(name),
            "class": cls,
            "top": top,
            "aliases": aliases,
            "search_keys": sorted({norm_name(s) for s in (name, *aliases)}),
            "source_ids": ["source:bench"],
        },
    )


def nodes(schema: Any, kinds: list[int], seed: int) -> Iterator[NodeRecord]:
    for i, kind in enumerate(kinds):
        yield entity(schema, i, kind, seed)


def rels(schema: Any, kinds: list[int], n_rels: int, seed: int) -> Iterator[RelRecord]:
    """The relationship mix of bench/paths.py over these entities (hubs by a skewed pick)."""
    rnd = random.Random(seed + 2)
    pools: dict[str, list[int]] = {}
    for i, kind in enumerate(kinds):
        top = str(schema.top_of(MIX[kind][0]))
        pools.setdefault(top, []).append(i)
    pools["org"] = [
        i for t in ("Institution", "Enterprise", "Government", "Platform") for i in pools.get(t, [])
    ]
    ev = json.dumps(
        {"source": "source:bench", "locator": "row 1", "text": "synthetic", "confidence": 0.9}
    )
    seen: set[tuple[int, int, int]] = set()
    for ti, (t, share, a, b) in enumerate(REL_MIX):
        want, made = int(n_rels * share), 0
        pa, pb = pools[a], pools[b]
        while made < want:
            s = pa[rnd.randrange(len(pa))]
            if b == "org":
                e = pb[rnd.randrange(len(pb))]
            else:  # a skewed pick makes hubs (popular places, platforms, industries)
                e = pb[min(len(pb) - 1, int(len(pb) * rnd.random() ** 3))]
            if s == e or (s, ti, e) in seen:
                continue
            seen.add((s, ti, e))
            made += 1
            props: dict[str, Any] = {
                "evidence": [ev],
                "confidence": 0.9,
                "source_ids": ["source:bench"],
            }
            if rnd.random() < 0.3:
                props["valid_from"] = str(2015 + rnd.randrange(10))
            yield RelRecord(
                t, key_of(schema, MIX[kinds[s]][0], s), key_of(schema, MIX[kinds[e]][0], e), props
            )


def _chunks(it: Iterator[Any], size: int) -> Iterator[list[Any]]:
    buf: list[Any] = []
    for x in it:
        buf.append(x)
        if len(buf) >= size:
            yield buf
            buf = []
    if buf:
        yield buf


def ensure_graph(store: Any, schema: Any, n_nodes: int, n_rels: int, seed: int) -> list[int]:
    """Write the graph through ``store.bulk_load`` unless the store holds this exact one.
    Returns every entity's class index (the generator's, so keys need no read)."""
    kinds = _kinds(n_nodes, seed)
    meta = store.get_node(META_KEY)
    want = {"nodes": n_nodes, "rels": n_rels, "seed": seed}
    if meta is not None and all(meta.props.get(k) == v for k, v in want.items()):
        print(f"reusing the graph in {store.location} ({n_nodes:,} / {n_rels:,})")
        store.apply_schema(schema)  # indexes added since it was built
        _await_indexes(store)
        return kinds
    store.clear()
    store.apply_schema(schema)
    t0 = time.perf_counter()
    for chunk in _chunks(nodes(schema, kinds, seed), 100_000):
        store.bulk_load(chunk, [])
    t1 = time.perf_counter()
    print(f"  {n_nodes:,} nodes in {t1 - t0:.0f} s (load {os.getloadavg()[0]:.1f})", flush=True)
    done = 0
    for chunk in _chunks(rels(schema, kinds, n_rels, seed), 500_000):
        done += store.bulk_load([], chunk)[1]
        print(f"  {done:,} relationships, {time.perf_counter() - t1:.0f} s", flush=True)
    _await_indexes(store)
    t2 = time.perf_counter()
    store.upsert_nodes([NodeRecord(META_KEY, ("Source",), {**want, "name": "bench meta"})])
    if CAP_COMPACT in store.capabilities:
        store.compact()
    print(
        f"built {n_nodes:,} nodes + {done:,} relationships through bulk_load in "
        f"{t2 - t0:.0f} s (nodes {t1 - t0:.0f} s, relationships {t2 - t1:.0f} s)"
    )
    return kinds


def _await_indexes(store: Any, timeout: float = 900.0) -> None:
    """Wait until every index is built (FalkorDB builds a new index in the background)."""
    if store.backend != "embedded":
        store.run("CALL db.awaitIndexes(900)")
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = store.run("CALL db.indexes() YIELD status RETURN status").rows
        if all(r[0] == "OPERATIONAL" for r in rows):
            return
        time.sleep(1.0)


# -- timing -----------------------------------------------------------------------------------
def timed(fn: Callable[[Any], Any], items: list[Any]) -> tuple[list[float], list[Any]]:
    ms, out = [], []
    for it in items:
        t = time.perf_counter()
        out.append(fn(it))
        ms.append((time.perf_counter() - t) * 1000)
    return ms, out


def fmt(xs: list[float]) -> str:
    return f"p50 {percentile(xs, 50):7.1f} ms  p95 {percentile(xs, 95):7.1f} ms"


def probes(schema: Any, kinds: list[int], n: int, seed: int) -> dict[str, list[str]]:
    """Search texts per kind, taken from the generated entities."""
    rnd = random.Random(seed + 3)
    out: dict[str, list[str]] = {
        k: []
        for k in ("sub2", "sub4", "traditional", "short", "former", "common", "moe_code", "adcode")
    }
    ents = (entity(schema, i, kinds[i], seed) for i in rnd.sample(range(len(kinds)), n))
    for e in ents:
        name = e.props["name"]
        c = name[2:6]  # after the 2-character city
        out["sub2"].append(c[1:3])
        out["sub4"].append(c[1:] + name[6])
        out["traditional"].append(to_traditional(name))
        if e.props["class"] == "Company":
            out["short"].append(e.props["aliases"][0])
        if "moe_code" in e.props:
            out["moe_code"].append(e.props["moe_code"])
    # former names and place codes are rarer: generate them directly
    for i in rnd.sample(range(len(kinds)), min(len(kinds), 40 * n)):
        e = entity(schema, i, kinds[i], seed)
        names = e.props["aliases"]
        former = [a for a in names if a.endswith(tuple(FORMER.values()))]
        if former and len(out["former"]) < n:
            out["former"].append(former[0])
        if "adcode" in e.props and len(out["adcode"]) < n:
            out["adcode"].append(e.props["adcode"])
    out["common"] = [CITIES[j % len(CITIES)] for j in range(n)]
    return out


def phase_search(store: Any, schema: Any, kinds: list[int], a: argparse.Namespace) -> None:
    from iegraph.queries.search import RANK_CAP, search_entities

    scan = (
        "MATCH (n:Entity) WHERE ANY(k IN n.search_keys WHERE k CONTAINS $q) "
        "RETURN count(DISTINCT n)"
    )
    qs = probes(schema, kinds, a.queries, a.seed)
    for _ in range(3):  # warm caches and imports
        search_entities(store, "华中", limit=20, schema=schema)
    print(f"\nsearch ({a.queries} queries per kind; load {os.getloadavg()[0]:.1f})")
    for kind, texts in qs.items():
        if not texts:
            continue
        ms, res = timed(lambda q: search_entities(store, q, limit=20, schema=schema), texts)
        totals = [r["total"] for r in res]
        line = f"  {kind:<12} {fmt(ms)}  ({statistics.mean(totals):,.0f} hits avg"
        if any(r.get("capped") for r in res):
            line += f", capped {sum(1 for r in res if r.get('capped'))}/{len(res)}"
        if not kind.startswith(("sub", "common")):
            found = sum(1 for q, r in zip(texts, res, strict=True) if _first_exact(q, r))
            line += f", first hit exact {found}/{len(texts)}"
        line += ")"
        if a.scan_sample and not kind.endswith("code"):
            sample = texts[: a.scan_sample]
            sms, sres = timed(lambda q: store.run(scan, {"q": norm_name(q)}).rows[0][0], sample)
            # the index finds what the scan finds (counted up to the ranking cap)
            want = [min(int(x), RANK_CAP) for x in sres]
            assert totals[: len(sample)] == want, (kind, totals[:5], sres[:5])
            line += f" | scan {fmt(sms)} → {percentile(sms, 50) / percentile(ms, 50):.0f}× (p50)"
        if a.previous:
            pms, _ = timed(lambda q: previous_search(store, schema, q), texts[:20])
            line += (
                f" | previous form {fmt(pms)} → "
                f"{percentile(pms, 50) / percentile(ms[:20], 50):.1f}× p50, "
                f"{percentile(pms, 95) / percentile(ms[:20], 95):.1f}× p95 (first 20)"
            )
        print(line, flush=True)


def _first_exact(q: str, res: dict[str, Any]) -> bool:
    """Whether the first hit is named, aliased or coded ``q`` exactly (rank 0 or 1)."""
    return bool(res["items"]) and res["items"][0]["rank"] <= 1


def previous_search(store: Any, schema: Any, q: str) -> int:
    """The query form before this branch (for the ratio): every candidate of the query's
    second bigram comes back with its rank; Python sorts, then fetches the page."""
    from iegraph.queries.search import _RANK, code_rows

    nq = norm_name(q)
    gram = nq[1:3] if len(nq) >= 3 else nq[:2]
    rows = store.run(
        "MATCH (n:Entity) WHERE $gram IN n.search_grams AND "
        "ANY(k IN n.search_keys WHERE k CONTAINS $q) WITH n "
        f"RETURN n.key, {_RANK}, size(n.name)",
        {"q": nq, "gram": gram},
    ).rows
    if nq.isdigit():
        rows = [r[:3] for r in code_rows(store, schema, nq)] + rows
    ranked = sorted({(int(r), int(s or 0), str(k)) for k, r, s in rows})
    store.get_nodes([k for _, _, k in ranked[:20]])
    return len(ranked)


def random_keys(schema: Any, kinds: list[int], n: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    return [key_of(schema, MIX[kinds[i]][0], i) for i in rnd.sample(range(len(kinds)), n)]


def phase_neighbours(store: Any, schema: Any, kinds: list[int], a: argparse.Namespace) -> None:
    from iegraph.queries.neighbours import neighbourhood

    keys = random_keys(schema, kinds, a.queries, a.seed + 5)
    one_hop = "MATCH (a:Entity {key: $k}) WITH a MATCH (a)-[r]-(b:Entity) RETURN r, b"
    for k in keys[:3]:
        neighbourhood(store, k, hops=1, limit=100)
    print(f"\nneighbours ({len(keys)} random entities; load {os.getloadavg()[0]:.1f})")
    ms, res = timed(lambda k: neighbourhood(store, k, hops=1, limit=100), keys)
    bms, _ = timed(lambda k: store.run(one_hop, {"k": k}), keys)
    deg = [r["total"] for r in res]
    print(
        f"  neighbourhood (1 hop, page 100)  {fmt(ms)}  (degree mean {statistics.mean(deg):.1f}, "
        f"max {max(deg)}) | bare 1-hop pattern {fmt(bms)} → ratio ours/bare p95 "
        f"{percentile(ms, 95) / percentile(bms, 95):.1f}×"
    )
    ms2, _ = timed(lambda k: neighbourhood(store, k, hops=2, limit=100), keys[: a.queries // 4])
    print(f"  neighbourhood (2 hops, page 100) {fmt(ms2)}")


def phase_paths(store: Any, schema: Any, kinds: list[int], a: argparse.Namespace) -> None:
    from iegraph.ontology.errors import QueryTimeout
    from iegraph.queries.paths import FORMER, Tactics, engine_shortest_path, shortest_path

    keys = random_keys(schema, kinds, 2 * a.queries, a.seed + 6)
    pairs = list(zip(keys[::2], keys[1::2], strict=True))
    for s, t in pairs[:3]:
        shortest_path(store, s, t)
    print(f"\nshortest paths ({len(pairs)} random pairs, ≤ 6 hops; load {os.getloadavg()[0]:.1f})")
    ms, res = timed(lambda p: shortest_path(store, p[0], p[1]), pairs)
    lengths = [r.length if r is not None else None for r in res]
    found = [x for x in lengths if x is not None]
    line = (
        f"  queries.paths.shortest_path  {fmt(ms)}  ({len(found)}/{len(pairs)} connected, "
        f"length mean {statistics.mean(found) if found else 0:.1f})"
    )
    if a.engine_pairs:
        variant = "embedded-directed" if store.backend == "embedded" else None

        def engine(p: tuple[str, str]) -> Any:
            try:
                return engine_shortest_path(store, p[0], p[1], 6, timeout=5.0, variant=variant)
            except QueryTimeout:
                return "timeout"

        sub = pairs[: a.engine_pairs]
        ems, eres = timed(engine, sub)
        label = "directed shortestPath" if variant else "shortestPath"
        outs = sum(1 for r in eres if r == "timeout")
        line += (
            f" | engine {label} {fmt(ems)} on {len(sub)} pairs"
            f"{f' ({outs} timed out at 5 s)' if outs else ''} → ratio engine/ours p50 "
            f"{percentile(ems, 50) / percentile(ms[: len(sub)], 50):.1f}×"
        )
    print(line, flush=True)
    if store.backend != "embedded" or not a.former_pairs:
        return  # Neo4j runs its own shortestPath: the tactics do not apply
    # the search before racing, bridges and packing, and each of them turned off alone, on
    # the same pairs, timed in turn pair by pair (so a change of the machine's load falls
    # on all alike): the same lengths, and each one's time against the search as it is now
    variants = {"now (interleaved)": Tactics(), "former search": FORMER}
    if a.ablations:
        variants |= {
            "without bridges": Tactics(bridges=False),
            "without racing": Tactics(race=False),
            "unpacked lists": Tactics(packed=False),
        }
    runs: dict[str, Callable[[str, str], Any]] = {
        name: (lambda s, t, tac=tac: shortest_path(store, s, t, tactics=tac))
        for name, tac in variants.items()
    }
    if a.paths_from:  # another copy of queries/paths.py (e.g. main's): its shortest_path
        spec = importlib.util.spec_from_file_location("paths_from", a.paths_from)
        assert spec is not None and spec.loader is not None
        mod = importlib.util.module_from_spec(spec)
        sys.modules["paths_from"] = mod  # dataclasses look their module up
        spec.loader.exec_module(mod)
        runs[f"{a.paths_from.parent.parent.name}'s paths.py"] = lambda s, t: mod.shortest_path(
            store, s, t
        )
    sub = pairs[: a.former_pairs]
    times: dict[str, list[float]] = {name: [] for name in runs}
    same = dict.fromkeys(runs, True)
    for (s, t), want in zip(sub, lengths, strict=False):
        for name, run in runs.items():
            t0 = time.perf_counter()
            r = run(s, t)
            times[name].append((time.perf_counter() - t0) * 1000)
            same[name] &= (r.length if r is not None else None) == want
    now = times["now (interleaved)"]
    for name, vms in times.items():
        print(
            f"  {name:<28} {fmt(vms)} on {len(sub)} pairs → ratio it/now p50 "
            f"{percentile(vms, 50) / percentile(now, 50):.1f}×, p95 "
            f"{percentile(vms, 95) / percentile(now, 95):.1f}× "
            f"(lengths {'the same' if same[name] else 'DIFFER'})",
            flush=True,
        )
    print(f"  (load {os.getloadavg()[0]:.1f})")


def main(argv: list[str] | None = None) -> None:
    from iegraph.ontology.schema import load_schema

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--backend", choices=["embedded", "neo4j"], default="embedded")
    ap.add_argument("--nodes", type=int, default=1_000_000)
    ap.add_argument("--rels", type=int, default=4_000_000)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--data-dir", type=Path, default=None)
    ap.add_argument("--phases", default="search,neighbours,paths")
    ap.add_argument("--queries", type=int, default=200, help="queries per kind / phase")
    ap.add_argument("--scan-sample", type=int, default=5, help="search texts also scanned")
    ap.add_argument("--engine-pairs", type=int, default=20)
    ap.add_argument(
        "--former-pairs", type=int, default=50, help="pairs also timed with the former search"
    )
    ap.add_argument(
        "--ablations", action="store_true", help="also time each path tactic turned off alone"
    )
    ap.add_argument(
        "--paths-from",
        type=Path,
        default=None,
        help="also time shortest_path of another copy of queries/paths.py (e.g. main's)",
    )
    ap.add_argument("--previous", action="store_true", help="also time the previous search")
    ap.add_argument("--drop", action="store_true", help="delete the graph at the end")
    a = ap.parse_args(argv)
    data_dir = a.data_dir or Path(f"/tmp/iegraph-scale-{a.nodes // 1000}k")
    schema = load_schema()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; {len(CHARS)} chars")
    store = open_bench_store(a.backend, data_dir)
    try:
        kinds = ensure_graph(store, schema, a.nodes, a.rels, a.seed)
        for ph in a.phases.split(","):
            if ph:
                {"search": phase_search, "neighbours": phase_neighbours, "paths": phase_paths}[ph](
                    store, schema, kinds, a
                )
        print(f"\nload average at the end {os.getloadavg()[0]:.1f}")
        if a.drop:
            store.clear()
    finally:
        store.close()
        if a.drop and a.backend == "embedded":
            store.server.stop()


if __name__ == "__main__":
    main()
