"""Benchmark: records ingestion end to end against a raw ``UNWIND … CREATE`` of the same rows,
on each available backend, in the same run.

It generates canonical files of N entities and M relations (default 100,000 and 400,000)
with realistic name variation — full legal names, short names and Traditional-script aliases,
relation ends named by any of them — then, per backend:

1. **raw**: the same rows (read beforehand) written by ``UNWIND $rows … CREATE`` through the
   engine's own client (falkordb / neo4j driver), batch 10,000, into an empty graph with the
   key index — no validation, resolution or provenance;
2. **first load**: ``load_records(entities=…, relations=…)`` (what ``iegraph ingest records
   --entities E --relations R`` runs) into an empty graph: read, parse, validate against the
   ontology, resolve names, derive provenance, write (bulk path);
3. **re-ingest** of the same files (unchanged: skipped by content hash);
4. **10 % changed**: both files rewritten in place with 10 % of their rows changed, loaded
   again (the new version supersedes the old one);
5. **two writers** (embedded): two ``iegraph ingest records`` processes started together on
   one data directory, each with its own files (N/10 + M/10): both must exit 0 and the graph
   must hold the sum.

Each load runs in a child process, as ``iegraph ingest records`` would (attached to the same
server); the raw path reads the rows in batches and times only its write calls. It prints
records/s, the ratio to raw (> 1 is faster than raw), the peak resident memory of the ingest
process (its ``ru_maxrss``), the store's size after the first load (server RSS, data
directory after an AOF rewrite) and the load average (the machine is shared).

Usage:
    python bench/ingest_records.py                       # embedded; + Neo4j if NEO4J_URI set
    python bench/ingest_records.py --entities 20000 --relations 80000 --backends embedded
    python bench/ingest_records.py --entities 1000000 --relations 4000000 --no-changed \
        --no-two-writers --no-again --backends embedded      # the 1M / 4M first load
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psutil

from iegraph.graph.store import CAP_COMPACT
from iegraph.ingest.normalize import to_traditional

CHARS = (
    "华中东南西北新天海山江河湖云星光明安康泰丰盛达通信科技智能电子材料机械汽车能源"
    "数据软件生物医药环境装备制造航空铁路船舶化工纺织食品农业物流金融建设"
)
CHARS = "".join(dict.fromkeys(CHARS))  # distinct characters: distinct cores
CITIES = (
    "深圳",
    "广州",
    "杭州",
    "苏州",
    "南京",
    "成都",
    "武汉",
    "西安",
    "合肥",
    "长沙",
    "青岛",
    "宁波",
    "无锡",
    "常州",
    "济南",
    "沈阳",
    "大连",
    "郑州",
    "重庆",
    "天津",
)
#: (class, share, suffixes) — suffixes give the class by name, like real names do
KINDS = (
    ("Company", 0.40, ("科技有限公司", "股份有限公司", "集团有限公司", "有限责任公司")),
    ("University", 0.10, ("大学", "理工学院")),
    ("VocationalCollege", 0.10, ("职业技术学院", "职业学院")),
    ("Bureau", 0.08, ("教育局", "工业和信息化局")),
    ("IndustrialCollege", 0.12, ("产业学院", "现代产业学院")),
    ("TrainingBase", 0.08, ("实训基地", "实训中心")),
    ("City", 0.06, ("市",)),
    ("Industry", 0.06, ("产业",)),
)
ORGS = ("Company", "University", "VocationalCollege", "Bureau")
PLATFORMS = ("IndustrialCollege", "TrainingBase")


def core(i: int) -> str:
    """A unique 4-character core for entity i (base-len(CHARS) digits)."""
    n = len(CHARS)
    out = []
    for _ in range(4):
        out.append(CHARS[i % n])
        i //= n
    return "".join(out)


def generate(
    dir_: Path, n_ent: int, n_rel: int, seed: int = 7, offset: int = 0
) -> tuple[Path, Path]:
    rnd = random.Random(seed)
    ent_path = dir_ / "entities.csv"
    rel_path = dir_ / "relations.csv"
    by_kind: dict[str, list[list[str]]] = {k: [] for k, _, _ in KINDS}
    bounds = []
    acc = 0.0
    for k, share, _ in KINDS:
        acc += share
        bounds.append((acc, k))
    suffixes = {k: s for k, _, s in KINDS}
    with open(ent_path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["name", "type", "aliases", "valid_from", "source_url", "confidence", "website"])
        for i in range(n_ent):
            x = rnd.random()
            kind = next(k for b, k in bounds if x <= b)
            c = core(i + offset)
            city = CITIES[i % len(CITIES)]
            name = f"{city}{c}{rnd.choice(suffixes[kind])}"
            names = [name]
            aliases = []
            if kind == "Company":
                aliases.append(f"{c}{'集团' if rnd.random() < 0.5 else '科技'}")  # short name
            if rnd.random() < 0.3:
                aliases.append(to_traditional(name))  # the same name in Traditional script
            names += aliases
            by_kind[kind].append(names)
            w.writerow(
                [
                    name,
                    kind,
                    "|".join(aliases),
                    str(2000 + i % 25),
                    f"https://example.org/e/{i}",
                    rnd.choice(("high", "medium", "0.8")),
                    f"https://example.org/w/{i}" if i % 10 == 0 else "",
                ]
            )
    orgs = [n for k in ORGS for n in by_kind[k]]
    plats = [n for k in PLATFORMS for n in by_kind[k]]
    places = by_kind["City"]
    inds = by_kind["Industry"]
    plan = (
        ("COOPERATES_WITH", orgs, orgs, 0.35),
        ("BUILDS", orgs, plats, 0.25),
        ("MEMBER_OF", orgs, plats, 0.1),
        ("LOCATED_IN", orgs + plats, places, 0.2),
        ("FOCUSES_ON", orgs + plats, inds, 0.1),
    )
    seen: set[tuple[str, str, str]] = set()
    with open(rel_path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["source", "type", "target", "valid_from", "confidence", "source_url"])
        written = 0
        while written < n_rel:
            x = rnd.random()
            acc = 0.0
            for t, src, dst, share in plan:
                acc += share
                if x <= acc:
                    break
            a = rnd.choice(src)
            b = rnd.choice(dst)
            if a is b:
                continue
            ident = (
                (a[0], t, b[0]) if t != "COOPERATES_WITH" else (min(a[0], b[0]), t, max(a[0], b[0]))
            )
            if ident in seen:
                continue
            seen.add(ident)
            # ends named by the full name, a short name or the Traditional form
            w.writerow(
                [
                    rnd.choice(a),
                    t,
                    rnd.choice(b),
                    str(2010 + written % 15),
                    rnd.choice(("high", "medium", "low")),
                    f"https://example.org/r/{written}",
                ]
            )
            written += 1
    return ent_path, rel_path


def open_backend(name: str, tmp: Path) -> Any:
    if name == "embedded":
        from iegraph.graph.falkor_store import FalkorStore

        return FalkorStore(tmp / "emb")
    from iegraph.graph.neo4j_store import Neo4jStore

    return Neo4jStore(
        os.environ["NEO4J_URI"],
        os.environ.get("NEO4J_USERNAME", "neo4j"),
        os.environ.get("NEO4J_PASSWORD", ""),
        os.environ.get("NEO4J_DATABASE", "neo4j"),
    )


def raw_batches(
    ent_path: Path, rel_path: Path, batch: int = 10_000
) -> tuple[Iterator[list[dict[str, Any]]], Iterator[list[dict[str, Any]]]]:
    """The files' rows as the raw path writes them, ``batch`` at a time: nodes keyed by name,
    relation ends by the key of whichever name (full, short, Traditional) the row uses."""
    by_name: dict[str, str] = {}

    def nodes() -> Iterator[list[dict[str, Any]]]:
        with open(ent_path, encoding="utf-8", newline="") as fh:
            out: list[dict[str, Any]] = []
            for row in csv.DictReader(fh):
                key = f"raw:{row['name']}"
                by_name[row["name"]] = key
                for a in filter(None, row["aliases"].split("|")):
                    by_name.setdefault(a, key)
                out.append({"key": key, **{k: v for k, v in row.items() if v}})
                if len(out) == batch:
                    yield out
                    out = []
            if out:
                yield out

    def rels() -> Iterator[list[dict[str, Any]]]:
        with open(rel_path, encoding="utf-8", newline="") as fh:
            out: list[dict[str, Any]] = []
            for row in csv.DictReader(fh):
                props = {k: v for k, v in row.items() if v and k not in ("source", "target")}
                out.append({"s": by_name[row["source"]], "e": by_name[row["target"]], "p": props})
                if len(out) == batch:
                    yield out
                    out = []
            if out:
                yield out

    return nodes(), rels()


RAW_NODES = "UNWIND $rows AS p CREATE (n:Entity:Company) SET n = p"
RAW_RELS = (
    "UNWIND $rows AS r MATCH (a:Entity {key: r.s}) MATCH (b:Entity {key: r.e}) "
    "CREATE (a)-[x:COOPERATES_WITH]->(b) SET x = r.p"
)


def raw_write(store: Any, ent_path: Path, rel_path: Path) -> float:
    """Seconds for the raw UNWIND … CREATE of the rows through the engine's own client, batch
    10,000 (only the write calls are timed: reading the CSV is not part of the raw path)."""
    nodes, rels = raw_batches(ent_path, rel_path)
    secs = 0.0
    if store.backend == "embedded":
        g = store._graph  # the falkordb client's graph object: no iegraph code in the loop
        for q, batches in ((RAW_NODES, nodes), (RAW_RELS, rels)):
            for b in batches:
                t = time.perf_counter()
                g.query(q, {"rows": b})
                secs += time.perf_counter() - t
    else:
        drv = store._driver
        with drv.session(database=store.database) as session:
            for q, batches in ((RAW_NODES, nodes), (RAW_RELS, rels)):
                for b in batches:
                    t = time.perf_counter()
                    session.execute_write(lambda tx, q=q, b=b: tx.run(q, rows=b).consume())
                    secs += time.perf_counter() - t
    return secs


def change_files(ent_path: Path, rel_path: Path, share: float = 0.1, seed: int = 11) -> None:
    """Rewrite both files in place with ``share`` of their rows changed (a new website or
    valid_from; relation rows a new valid_from) — a corrected version of the same files."""
    rnd = random.Random(seed)
    for path, col in ((ent_path, "website"), (rel_path, "valid_from")):
        with open(path, encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        ci = rows[0].index(col)
        for row in rows[1:]:
            if rnd.random() < share:
                row[ci] = (
                    f"https://example.org/new/{rnd.randrange(10**9)}"
                    if col == "website"
                    else "2024"
                )
        with open(path, "w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows(rows)


def two_writers(tmp: Path, n_ent: int, n_rel: int) -> dict[str, Any]:
    """Two CLI ingests started together on one data directory (embedded)."""
    import json
    import subprocess

    data = tmp / "two"
    procs = []
    paths = []
    for i, off in enumerate((0, 10_000_000)):
        d = tmp / f"w{i}"
        d.mkdir()
        paths.append(generate(d, n_ent, n_rel, seed=20 + i, offset=off))
    t = time.perf_counter()
    for e, r in paths:
        cmd = [
            sys.executable,
            "-m",
            "iegraph.api.cli",
            "ingest",
            "records",
            "--entities",
            str(e),
            "--relations",
            str(r),
            "--json",
            "--data-dir",
            str(data),
        ]
        procs.append(
            subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        )
    outs = [p.communicate() for p in procs]
    secs = time.perf_counter() - t
    codes = [p.returncode for p in procs]
    waited = sum("waiting for another ingest" in err for _, err in outs)
    created = sum(sum(json.loads(o)["summary"]["created"].values()) for o, _ in outs if o)
    from iegraph.graph.falkor_store import FalkorStore

    st = FalkorStore(data)
    try:
        n = st.run("MATCH (n:Entity) RETURN count(n)").rows[0][0]
        r = st.run("MATCH ()-[r]->() RETURN count(r)").rows[0][0]
    finally:
        st.close()
        st.server.stop()
    return {"codes": codes, "waited": waited, "created": created, "in_graph": n + r, "secs": secs}


def timed_load(
    backend: str, tmp: Path, ent: Path, rel: Path, fast: bool = True
) -> tuple[float, float, dict[str, Any]]:
    """``load_records`` of the two files in a child process (what ``iegraph ingest records``
    runs, attached to the same server): seconds, that process's peak RSS in MB (its own
    ``ru_maxrss``, or its worker's if larger: nothing of this process's raw rows counts),
    and its result summary (its CPU seconds include its worker's)."""
    import json
    import subprocess

    cmd = [sys.executable, __file__, "--child-load", backend, str(tmp), str(ent), str(rel)]
    if not fast:
        cmd.append("--normal")
    out = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if out.returncode:
        raise RuntimeError(f"the load failed: {out.stderr[-2000:]}")
    r = json.loads(out.stdout.strip().splitlines()[-1])
    return r["secs"], r["rss_mb"], r


def child_load(backend: str, tmp: Path, ent: Path, rel: Path, fast: bool) -> None:
    """The child of :func:`timed_load`: one load, its figures as one JSON line."""
    import json
    import resource

    from iegraph.ingest.records import load_records
    from iegraph.ontology.schema import load_schema

    schema = load_schema()
    store = open_backend(backend, tmp)
    try:
        t = time.perf_counter()
        res = load_records(store, schema, entities=[ent], relations=[rel], fast=fast)
        secs = time.perf_counter() - t
    finally:
        store.close()
    assert not res.problems, res.problems[:3]
    ru = resource.getrusage(resource.RUSAGE_SELF)
    # the load's own worker processes (fastload's relation worker) count too: their CPU
    # added, the larger peak RSS of the two
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    rss_mb = max(ru.ru_maxrss, kids.ru_maxrss) / 1e3  # kB on Linux
    s = res.summary
    print(
        json.dumps(
            {
                "secs": secs,
                "rss_mb": rss_mb,
                "cpu": ru.ru_utime + ru.ru_stime + kids.ru_utime + kids.ru_stime,
                "worker_rss_mb": kids.ru_maxrss / 1e3,
                "path": res.path,
                "created": sum(s.created.values()),
                "updated": sum(s.updated.values()),
                "unchanged": sum(s.unchanged.values()),
            }
        )
    )


def server_cpu(store: Any) -> float:
    """CPU seconds the embedded server has used so far (0 for a server we cannot see)."""
    pid = store.server.read_pid() if store.backend == "embedded" else None
    if not pid:
        return 0.0
    t = psutil.Process(pid).cpu_times()
    return float(t.user + t.system)


def store_size(store: Any, tmp: Path) -> dict[str, float]:
    """The embedded server's memory in use (``used_memory``: the allocator keeps what the raw
    run freed, so its RSS would overstate) and its data directory after a rewrite of the
    append-only file (MB)."""
    conn = store._db.connection
    used = int(conn.info("memory")["used_memory"]) / 1e6

    def wait_rewrite() -> None:
        for _ in range(1200):  # at most 10 min
            if not int(conn.info("persistence").get("aof_rewrite_in_progress", 0)):
                return
            time.sleep(0.5)

    wait_rewrite()  # the server may have started one itself (the file grew past its limit)
    conn.bgrewriteaof()
    wait_rewrite()
    disk = sum(f.stat().st_size for f in (tmp / "emb").rglob("*") if f.is_file())
    return {"server_used_mb": used, "disk_mb": disk / 1e6}


def bench_backend(
    name: str,
    tmp: Path,
    ent_path: Path,
    rel_path: Path,
    n: int,
    changed: bool = True,
    normal: bool = False,
    again: bool = True,
    size: bool = True,
) -> dict[str, Any]:
    from iegraph.ontology.schema import load_schema

    schema = load_schema()
    store = open_backend(name, tmp)
    out: dict[str, Any] = {"backend": name, "records": n}
    try:
        store.clear()
        store.apply_schema(schema)
        srv = server_cpu(store)
        me = time.process_time()
        out["raw_s"] = raw_write(store, ent_path, rel_path)
        out["raw_cpu"] = (time.process_time() - me, server_cpu(store) - srv)
        store.clear()
        store.apply_schema(schema)
        srv = server_cpu(store)
        out["first_s"], out["first_rss"], res = timed_load(name, tmp, ent_path, rel_path)
        out["first_cpu"] = (res["cpu"], server_cpu(store) - srv)
        out["first_path"] = res["path"]  # "fast": the lean first-load path; "normal": the writer
        stats = store.stats()
        out["nodes"] = stats["nodes"].get("Entity", 0)
        out["rels"] = sum(stats["relationships"].values())
        print(
            f"  [{name}] first load: {n / out['first_s']:,.0f} records/s ({out['first_s']:.1f}s), "
            f"peak RSS {out['first_rss']:.0f} MB (its worker {res.get('worker_rss_mb', 0):.0f} MB)",
            flush=True,
        )
        if name == "embedded" and size:
            try:
                out["size"] = store_size(store, tmp)
            except Exception as exc:  # noqa: BLE001 — the size is extra; keep the load figures
                print(f"  store size not measured: {type(exc).__name__}: {exc}")
        if again:
            out["again_s"], out["again_rss"], res = timed_load(name, tmp, ent_path, rel_path)
            assert not res["created"] and not res["updated"]
        if normal:  # the general writer's first load of the same files, same run
            store.clear()
            store.apply_schema(schema)
            out["normal_s"], out["normal_rss"], res = timed_load(
                name, tmp, ent_path, rel_path, fast=False
            )
        if changed:
            change_files(ent_path, rel_path)
            out["changed_s"], out["changed_rss"], res = timed_load(name, tmp, ent_path, rel_path)
            out["changed_summary"] = {"updated": res["updated"], "unchanged": res["unchanged"]}
        store.clear()
        if CAP_COMPACT in store.capabilities:
            store.compact()
    finally:
        store.close()
        if name == "embedded":
            store.server.stop()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--entities", type=int, default=100_000)
    ap.add_argument("--relations", type=int, default=400_000)
    ap.add_argument("--no-two-writers", action="store_true")
    ap.add_argument("--no-changed", action="store_true", help="skip the 10 %% changed phase")
    ap.add_argument(
        "--normal",
        action="store_true",
        help="also time the general writer's first load (load_records(fast=False))",
    )
    ap.add_argument(
        "--backends",
        default=None,
        help="comma list: embedded,neo4j (default: embedded, + neo4j if NEO4J_URI)",
    )
    ap.add_argument(
        "--no-again", action="store_true", help="skip the re-ingest of the unchanged files"
    )
    ap.add_argument(
        "--no-size", action="store_true", help="skip the store size (an AOF rewrite) after the load"
    )
    ap.add_argument("--child-load", nargs=4, help=argparse.SUPPRESS)  # backend tmp ent rel
    a = ap.parse_args()
    if a.child_load:
        b, t, e, r = a.child_load
        child_load(b, Path(t), Path(e), Path(r), fast=not a.normal)
        return
    backends = (
        a.backends.split(",")
        if a.backends
        else (["embedded", "neo4j"] if os.environ.get("NEO4J_URI") else ["embedded"])
    )
    tmp = Path(tempfile.mkdtemp(prefix="iegb-", dir="/tmp"))
    n = a.entities + a.relations
    try:
        t = time.perf_counter()
        ent_path, rel_path = generate(tmp, a.entities, a.relations)
        print(
            f"generated {a.entities:,} entities + {a.relations:,} relations "
            f"({(ent_path.stat().st_size + rel_path.stat().st_size) / 1e6:.1f} MB) in "
            f"{time.perf_counter() - t:.1f}s; load average {os.getloadavg()[0]:.1f} "
            f"on {os.cpu_count()} cores"
        )
        for b in backends:
            ent_b, rel_b = tmp / f"{b}_e.csv", tmp / f"{b}_r.csv"
            shutil.copy(ent_path, ent_b)
            shutil.copy(rel_path, rel_b)
            try:
                r = bench_backend(
                    b,
                    tmp,
                    ent_b,
                    rel_b,
                    n,
                    changed=not a.no_changed,
                    normal=a.normal,
                    again=not a.no_again,
                    size=not a.no_size,
                )
            except Exception as exc:  # noqa: BLE001 — one backend failing must not hide the other
                print(f"\n[{b}] not measured: {type(exc).__name__}: {exc}")
                continue
            raw = n / r["raw_s"]
            print(
                f"\n[{b}] graph after the first load: {r['nodes']:,} entity nodes, {r['rels']:,} relationships"
            )
            print(
                f"  raw UNWIND … CREATE (engine client):   {raw:>9,.0f} records/s ({r['raw_s']:.1f}s)"
            )
            for label, k in (
                (f"first load ({r.get('first_path', '?')} path)", "first"),
                ("re-ingest, unchanged", "again"),
                ("first load (normal path)", "normal"),
                ("10 % of rows changed", "changed"),
            ):
                if f"{k}_s" not in r:
                    continue
                rate = n / r[f"{k}_s"]
                print(
                    f"  {label:<38} {rate:>9,.0f} records/s ({r[f'{k}_s']:.1f}s) = "
                    f"{rate / raw:.2f} × raw; peak RSS {r[f'{k}_rss']:.0f} MB"
                )
            if "first_cpu" in r and r["raw_cpu"][1]:
                rc, fc = sum(r["raw_cpu"]), sum(r["first_cpu"])
                print(
                    f"  CPU seconds (client + server): raw {r['raw_cpu'][0]:.1f} + "
                    f"{r['raw_cpu'][1]:.1f}, first load {r['first_cpu'][0]:.1f} + "
                    f"{r['first_cpu'][1]:.1f} (its whole process and its worker) = {rc / fc:.2f} × raw's "
                    "CPU efficiency"
                )
            if "size" in r:
                print(
                    f"  store after the first load: server memory in use {r['size']['server_used_mb']:,.0f} MB, "
                    f"data directory {r['size']['disk_mb']:,.0f} MB (after an AOF rewrite)"
                )
            if "changed_summary" in r:
                print(f"  10 % changed summary: {r['changed_summary']}")
            print(f"  load average now {os.getloadavg()[0]:.1f}")
        if not a.no_two_writers and "embedded" in backends:
            w = two_writers(tmp, max(1, a.entities // 10), max(1, a.relations // 10))
            print(
                f"\n[two writers, embedded] exit codes {w['codes']}, {w['waited']} waited for the "
                f"other; created {w['created']:,} items, graph holds {w['in_graph']:,} "
                f"(nodes incl. 2 Source + relationships) in {w['secs']:.1f}s — "
                f"{'nothing lost' if w['in_graph'] == w['created'] else 'MISMATCH'}"
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
