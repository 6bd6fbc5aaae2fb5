"""Benchmark: records ingestion end to end against the raw store write path and a naive
per-row MERGE baseline, on each available backend.

It generates canonical files of N entities and M relations (default 100,000 and 400,000)
with realistic name variation — full legal names, short names and Traditional-script aliases,
relation ends named by any of them — then, per backend, on an empty graph:

1. **end to end**: ``load_records`` (read, parse, validate against the ontology, resolve
   names, merge provenance, write in batches) for the entities file, then the relations file;
2. **raw write path**: ``store.upsert_nodes`` / ``upsert_relationships`` of the same
   number of pre-built records (no parsing, validation or provenance);
3. **naive baseline**: one ``MERGE`` query per row on a sample (default 2,000 entities and
   4,000 relations), extrapolated to N and M — labelled as such in the output.

It prints entities/s, relations/s, the peak resident memory of the process, and the ratios
end-to-end ÷ baseline and end-to-end ÷ raw. Targets (issue 4): embedded ≥ 40,000/s each end
to end and ≥ 20× the per-row baseline; Neo4j ≥ 20,000/s each.

Usage:
    python bench/ingest_records.py                       # embedded; + Neo4j if NEO4J_URI set
    python bench/ingest_records.py --entities 20000 --relations 80000 --backends embedded
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psutil

from iegraph.graph.model import NodeRecord, RelRecord
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


def generate(dir_: Path, n_ent: int, n_rel: int, seed: int = 7) -> tuple[Path, Path]:
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
            c = core(i)
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


class PeakRSS:
    """Samples the process's resident memory every 20 ms."""

    def __init__(self) -> None:
        self.proc = psutil.Process()
        self.peak = self.proc.memory_info().rss
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.proc.memory_info().rss)
            time.sleep(0.02)

    def __enter__(self) -> PeakRSS:  # noqa: PYI034
        self._t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._t.join()


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


def naive(store: Any, ent_rows: list[list[str]], rel_rows: list[list[str]]) -> tuple[float, float]:
    """Per-row MERGE, one query per row (what a first script would do)."""
    t = time.perf_counter()
    for i, (name, kind, *_rest) in enumerate(ent_rows):
        store.run(
            "MERGE (n:Entity {key: $key}) SET n.name = $name, n.class = $cls, n.source_ids = $sids",
            {"key": f"naive:{name}", "name": name, "cls": kind, "sids": ["bench"]},
            write=True,
        )
    t_ent = time.perf_counter() - t
    t = time.perf_counter()
    for a, typ, b, *_rest in rel_rows:
        store.run(
            f"MATCH (a:Entity {{key: $a}}) MATCH (b:Entity {{key: $b}}) "
            f"MERGE (a)-[r:{typ}]->(b) SET r.source_ids = $sids",
            {"a": f"naive:{a}", "b": f"naive:{b}", "sids": ["bench"]},
            write=True,
        )
    t_rel = time.perf_counter() - t
    return len(ent_rows) / t_ent, len(rel_rows) / t_rel


def bench_backend(
    name: str,
    tmp: Path,
    ent_path: Path,
    rel_path: Path,
    n_ent: int,
    n_rel: int,
    sample_ent: int,
    sample_rel: int,
) -> dict[str, Any]:
    from iegraph.ingest.records import load_records
    from iegraph.ontology.schema import load_schema

    schema = load_schema()
    store = open_backend(name, tmp)
    out: dict[str, Any] = {"backend": name}
    try:
        store.clear()
        store.apply_schema(schema)
        with PeakRSS() as mem:
            base = mem.proc.memory_info().rss
            t = time.perf_counter()
            r1 = load_records(store, schema, entities=[ent_path])
            t_ent = time.perf_counter() - t
            t = time.perf_counter()
            r2 = load_records(store, schema, relations=[rel_path])
            t_rel = time.perf_counter() - t
        assert not r1.problems and not r2.problems, (r1.problems[:3], r2.problems[:3])
        stats = store.stats()
        out.update(
            e2e_ent_s=n_ent / t_ent,
            e2e_rel_s=n_rel / t_rel,
            t_ent=t_ent,
            t_rel=t_rel,
            peak_rss_mb=mem.peak / 1e6,
            rss_growth_mb=(mem.peak - base) / 1e6,
            nodes=sum(v for k, v in stats["nodes"].items() if k == "Entity"),
            rels=sum(stats["relationships"].values()),
        )
        # the same load again: validation + resolution + provenance merge, nothing to write
        t = time.perf_counter()
        again = load_records(store, schema, entities=[ent_path])
        out["reload_ent_s"] = n_ent / (time.perf_counter() - t)
        assert not again.summary.created and not again.summary.updated
        if CAP_COMPACT in store.capabilities:
            store.compact()  # rewrite the append-only file after a bulk load (ARCHITECTURE §3)

        # raw store write path: pre-built records, same counts
        store.clear()
        nodes = [
            NodeRecord(
                f"raw:{i}",
                ("Company",),
                {"name": f"n{i}", "class": "Company", "source_ids": ["bench"]},
            )
            for i in range(n_ent)
        ]
        rnd = random.Random(3)
        rels = [
            RelRecord(
                "COOPERATES_WITH",
                f"raw:{rnd.randrange(n_ent)}",
                f"raw:{rnd.randrange(n_ent)}",
                {"source_ids": ["bench"]},
            )
            for _ in range(n_rel)
        ]
        t = time.perf_counter()
        store.upsert_nodes(nodes)
        out["raw_ent_s"] = n_ent / (time.perf_counter() - t)
        t = time.perf_counter()
        store.upsert_relationships(rels)
        out["raw_rel_s"] = n_rel / (time.perf_counter() - t)
        del nodes, rels

        # naive per-row baseline on a sample, extrapolated
        store.clear()
        with open(ent_path, encoding="utf-8") as fh:
            ent_rows = [r for _, r in zip(range(sample_ent + 1), csv.reader(fh), strict=False)][1:]
        names = {r[0] for r in ent_rows}
        rel_rows = []
        with open(rel_path, encoding="utf-8") as fh:
            rd = csv.reader(fh)
            next(rd)
            pool = list(names)
            rr = random.Random(5)
            for row in rd:
                rel_rows.append([rr.choice(pool), row[1], rr.choice(pool)])
                if len(rel_rows) >= sample_rel:
                    break
        store.apply_schema(schema)
        out["naive_ent_s"], out["naive_rel_s"] = naive(store, ent_rows, rel_rows)
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
    ap.add_argument("--sample-entities", type=int, default=2_000)
    ap.add_argument("--sample-relations", type=int, default=4_000)
    ap.add_argument(
        "--backends",
        default=None,
        help="comma list: embedded,neo4j (default: embedded, + neo4j if NEO4J_URI)",
    )
    a = ap.parse_args()
    backends = (
        a.backends.split(",")
        if a.backends
        else (["embedded", "neo4j"] if os.environ.get("NEO4J_URI") else ["embedded"])
    )
    tmp = Path(tempfile.mkdtemp(prefix="iegb-", dir="/tmp"))
    try:
        t = time.perf_counter()
        ent_path, rel_path = generate(tmp, a.entities, a.relations)
        print(
            f"generated {a.entities:,} entities + {a.relations:,} relations "
            f"({(ent_path.stat().st_size + rel_path.stat().st_size) / 1e6:.1f} MB) in "
            f"{time.perf_counter() - t:.1f}s"
        )
        for b in backends:
            try:
                r = bench_backend(
                    b,
                    tmp,
                    ent_path,
                    rel_path,
                    a.entities,
                    a.relations,
                    a.sample_entities,
                    a.sample_relations,
                )
            except Exception as exc:  # noqa: BLE001 — one backend failing must not hide the other
                print(f"\n[{b}] not measured: {type(exc).__name__}: {exc}")
                continue
            print(
                f"\n[{b}] graph after load: {r['nodes']:,} entity nodes (+ Source), "
                f"{r['rels']:,} relationships"
            )
            print(
                f"  end to end (read+validate+resolve+provenance+write): "
                f"{r['e2e_ent_s']:>9,.0f} entities/s ({r['t_ent']:.1f}s)  "
                f"{r['e2e_rel_s']:>9,.0f} relations/s ({r['t_rel']:.1f}s)"
            )
            print(
                f"  re-ingest of the same entities file (no-op):        "
                f"{r['reload_ent_s']:>9,.0f} entities/s"
            )
            print(
                f"  raw store write path (pre-built records):           "
                f"{r['raw_ent_s']:>9,.0f} nodes/s      {r['raw_rel_s']:>9,.0f} rels/s"
            )
            print(
                f"  naive per-row MERGE (sample {a.sample_entities:,}+{a.sample_relations:,}, "
                f"EXTRAPOLATED): {r['naive_ent_s']:>9,.0f} entities/s {r['naive_rel_s']:>9,.0f} "
                f"relations/s → {a.entities / r['naive_ent_s'] + a.relations / r['naive_rel_s']:,.0f}s "
                f"for the full files"
            )
            print(
                f"  ratio end-to-end / per-row baseline: entities {r['e2e_ent_s'] / r['naive_ent_s']:.1f}×, "
                f"relations {r['e2e_rel_s'] / r['naive_rel_s']:.1f}×"
            )
            print(
                f"  ratio end-to-end / raw write path:   entities {r['e2e_ent_s'] / r['raw_ent_s']:.2f}, "
                f"relations {r['e2e_rel_s'] / r['raw_rel_s']:.2f}"
            )
            print(
                f"  peak RSS of this process: {r['peak_rss_mb']:.0f} MB "
                f"(+{r['rss_growth_mb']:.0f} MB during the load; the store server is a "
                "separate process)"
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
