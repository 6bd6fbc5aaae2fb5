"""The lean first load (:mod:`ingest.records.fastload`) writes exactly the graph the normal
path writes: every node with all its properties and labels, every relationship with all its
properties — on the ingest benchmark's generated files and on hand-written canonical files;
``sources remove`` after it restores the empty graph, a re-run is a no-op, and an invalid
file is refused with the normal path's report, writing nothing."""

from __future__ import annotations

import importlib.util
import json
import os
import threading
from pathlib import Path
from typing import Any

import pytest

from iegraph.ingest.records import load_records
from iegraph.ingest.writer import GraphWriter
from iegraph.ontology.errors import ValidationError

ROOT = Path(__file__).resolve().parents[2]

ENTITIES = """name,type,aliases,valid_from,valid_to,source_url,confidence,website
深圳职业技术大学,VocationalUniversity,深圳職業技術大學|深职大,2023,,https://example.org/a,high,https://www.szpu.edu.cn
华为技术有限公司,Company,华为,,,https://example.org/b,0.8,
比亚迪股份有限公司,Company,,2000-05,2030,,medium,
深圳,City,,,,,,
"""
RELATIONS = """source,type,target,valid_from,confidence,source_url,evidence,note
深职大,COOPERATES_WITH,华为,2019,high,https://example.org/r1,校企合作协议,first
比亚迪股份有限公司,COOPERATES_WITH,深圳职业技术大学,2020-09,low,,,
华为技术有限公司,LOCATED_IN,深圳,,,,,
深圳職業技術大學,LOCATED_IN,深圳,,medium,https://example.org/r2,,x
"""


def dump(store) -> tuple[dict[str, Any], dict[Any, Any]]:  # type: ignore[no-untyped-def]
    nodes = {
        k: (sorted(lb), p)
        for k, lb, p in store.run("MATCH (n) RETURN n.key, labels(n), properties(n)").rows
    }
    rels = {
        (a, t, b): p
        for a, t, b, p in store.run(
            "MATCH (a)-[r]->(b) RETURN a.key, type(r), b.key, properties(r)"
        ).rows
    }
    return nodes, rels


def bench_files(tmp: Path, n_ent: int, n_rel: int) -> tuple[Path, Path]:
    spec = importlib.util.spec_from_file_location("bench_ingest", ROOT / "bench/ingest_records.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.generate(tmp, n_ent, n_rel)  # type: ignore[no-any-return]


def hand_files(tmp: Path) -> tuple[Path, Path]:
    e, r = tmp / "orgs.csv", tmp / "links.csv"
    e.write_text(ENTITIES, encoding="utf-8")
    r.write_text(RELATIONS, encoding="utf-8")
    return e, r


@pytest.fixture(autouse=True, params=["in process", "worker"])
def relation_worker(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Every test twice: the relations prepared in this process, and in the forked worker
    (:class:`~ingest.records.fastload._PartsWorker`, which large files get)."""
    from iegraph.ingest.records import fastload

    worker = request.param == "worker"
    if worker and threading.active_count() > 1:
        # by design the load forks no worker beside other threads (they could hold locks the
        # child would wait on); scripts/test runs this file first in a process of its own
        names = ", ".join(t.name for t in threading.enumerate() if t is not threading.main_thread())
        pytest.skip(f"other threads alive in this test process ({names}): no worker by design")
    monkeypatch.setattr(fastload, "WORKER_MIN_BYTES", 0 if worker else 1 << 62)
    return worker


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    from iegraph.ingest.writer import core

    monkeypatch.setattr(core, "_now", lambda: "2026-01-02T03:04:05+00:00")


def both_ways(store, schema, ent: Path, rel: Path) -> None:  # type: ignore[no-untyped-def]
    normal = load_records(store, schema, entities=[ent], relations=[rel], fast=False)
    assert normal.path == "normal" and not normal.problems
    want = dump(store)
    store.clear()
    store.apply_schema(schema)
    fast = load_records(store, schema, entities=[ent], relations=[rel])
    assert fast.path == "fast"
    got = dump(store)
    assert sorted(got[0]) == sorted(want[0])
    for k in want[0]:
        assert got[0][k] == want[0][k], k
    assert sorted(got[1]) == sorted(want[1])
    for t in want[1]:
        assert got[1][t] == want[1][t], t
    assert fast.summary.to_json() == normal.summary.to_json()
    assert fast.files == normal.files


def normal_graph_after_fallback(store, schema, ent: Path, rel: Path) -> None:  # type: ignore[no-untyped-def]
    """The lean path gives up (after writing) and the normal path then writes exactly its
    own graph and summary."""
    normal = load_records(store, schema, entities=[ent], relations=[rel], fast=False)
    want = dump(store)
    store.clear()
    store.apply_schema(schema)
    res = load_records(store, schema, entities=[ent], relations=[rel])
    assert res.path == "normal" and not res.problems
    assert dump(store) == want
    assert res.summary.to_json() == normal.summary.to_json()


@pytest.mark.usefixtures("frozen")
def test_fast_path_writes_the_normal_paths_graph_bench_files(embedded_store, schema, tmp_path):  # type: ignore[no-untyped-def]
    ent, rel = bench_files(tmp_path, 600, 2400)
    both_ways(embedded_store, schema, ent, rel)


@pytest.mark.usefixtures("frozen")
def test_fast_path_writes_the_normal_paths_graph_hand_files(embedded_store, schema, tmp_path):  # type: ignore[no-untyped-def]
    ent, rel = hand_files(tmp_path)
    both_ways(embedded_store, schema, ent, rel)
    nodes, rels = dump(embedded_store)
    assert len(rels) == 4 and len(nodes) == 6  # 4 entities + 2 Source nodes


def test_fast_load_remove_and_rerun(embedded_store, schema, tmp_path):  # type: ignore[no-untyped-def]
    ent, rel = hand_files(tmp_path)
    first = load_records(embedded_store, schema, entities=[ent], relations=[rel])
    assert first.path == "fast"
    before = dump(embedded_store)
    again = load_records(embedded_store, schema, entities=[ent], relations=[rel])
    assert again.path == "normal"  # the graph is not empty: the unchanged-file skip answers
    assert not again.summary.created and not again.summary.updated
    assert sorted(again.summary.skipped) == sorted(f["source"] for f in first.files)
    assert dump(embedded_store) == before
    w = GraphWriter(embedded_store, schema)
    for f in reversed(first.files):
        w.remove_source(f["source"])
    assert dump(embedded_store) == ({}, {})


@pytest.mark.parametrize(
    ("bad_line", "field"),
    [
        ("深职大,COOPERATES_WITH,无此单位,2019,high,,,", "target"),
        ("深职大,COOPERATES_WITH,华为,2019-13,high,,,", "valid_from"),
        ("深职大,NO_SUCH_TYPE,华为,,,,,", "type"),
    ],
)
def test_invalid_file_same_report_graph_empty(embedded_store, schema, tmp_path, bad_line, field):  # type: ignore[no-untyped-def]
    ent, rel = hand_files(tmp_path)
    rel.write_text(RELATIONS + bad_line + "\n", encoding="utf-8")
    reports = []
    for fast in (False, True):
        with pytest.raises(ValidationError) as exc:
            load_records(embedded_store, schema, entities=[ent], relations=[rel], fast=fast)
        assert dump(embedded_store) == ({}, {})
        reports.append((exc.value.message, json.dumps(exc.value.details, sort_keys=True)))
    assert reports[0] == reports[1]
    assert field in reports[1][1]


def test_preconditions_fall_back(embedded_store, schema, tmp_path):  # type: ignore[no-untyped-def]
    ent, rel = hand_files(tmp_path)
    # two rows naming one entity merge into one node: only the normal path does that
    ent.write_text(ENTITIES + "深职大,VocationalUniversity,,,,,,\n", encoding="utf-8")
    res = load_records(embedded_store, schema, entities=[ent], relations=[rel])
    assert res.path == "normal" and not res.problems
    # a graph that already holds nodes: the normal path
    e2 = tmp_path / "more.csv"
    e2.write_text("name,type\n腾讯科技（深圳）有限公司,Company\n", encoding="utf-8")
    assert load_records(embedded_store, schema, entities=[e2]).path == "normal"


def test_which_backend_takes_the_lean_path(store, schema, tmp_path):  # type: ignore[no-untyped-def]
    """Embedded: the lean path; Neo4j: the normal path (its bulk path is UNWIND … CREATE)."""
    ent, rel = hand_files(tmp_path)
    res = load_records(store, schema, entities=[ent], relations=[rel])
    assert res.path == ("fast" if store.backend == "embedded" else "normal")
    assert sum(res.summary.created.values()) == 4 + 4 + 2


@pytest.mark.usefixtures("frozen")
def test_small_batches_write_the_same_graph(embedded_store, schema, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """Many GRAPH.BULK batches (nodes, relationships) and relation chunks: batch boundaries
    change nothing (ids are read per batch, ends resolved per chunk)."""
    from iegraph.graph import falkor_store
    from iegraph.ingest.records import fastload

    monkeypatch.setattr(embedded_store, "STREAM_NODES", 37)
    monkeypatch.setattr(falkor_store, "BULK_BATCH", 101)
    monkeypatch.setattr(embedded_store, "STREAM_EDGES", 101)
    monkeypatch.setattr(fastload, "CHUNK", 53)
    ent, rel = bench_files(tmp_path, 300, 1200)
    both_ways(embedded_store, schema, ent, rel)


@pytest.mark.usefixtures("frozen")
def test_duplicates_found_after_writing_give_the_normal_graph(embedded_store, schema, tmp_path):  # type: ignore[no-untyped-def]
    """A duplicate is known only once the rows have been streamed to the store: the lean path
    empties the graph again and the normal path writes exactly its own graph."""
    ent, rel = hand_files(tmp_path)
    for e_text, r_text in (
        (ENTITIES + "深职大,VocationalUniversity,,,,,,\n", RELATIONS),  # two rows, one entity
        (ENTITIES, RELATIONS + "华为,COOPERATES_WITH,深职大,,,,,\n"),  # asserted twice
    ):
        ent.write_text(e_text, encoding="utf-8")
        rel.write_text(r_text, encoding="utf-8")
        normal_graph_after_fallback(embedded_store, schema, ent, rel)
        embedded_store.clear()
        embedded_store.apply_schema(schema)


def test_store_failure_midway_leaves_the_graph_empty(embedded_store, schema, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    from iegraph.ontology.errors import StoreError, StoreUnavailable

    ent, rel = bench_files(tmp_path, 200, 400)
    schema_before = embedded_store.schema_objects()
    monkeypatch.setattr(embedded_store, "STREAM_NODES", 50)
    real = embedded_store._bulk
    calls = []

    def flaky(*a):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 3:  # two batches of nodes are in the graph by now
            raise StoreUnavailable("connection lost")
        real(*a)

    monkeypatch.setattr(embedded_store, "_bulk", flaky)
    with pytest.raises(StoreError, match="removed, the graph is empty again"):
        load_records(embedded_store, schema, entities=[ent], relations=[rel])
    assert len(calls) == 3
    assert dump(embedded_store) == ({}, {})
    assert embedded_store.schema_objects() == schema_before
    monkeypatch.setattr(embedded_store, "_bulk", real)
    res = load_records(embedded_store, schema, entities=[ent], relations=[rel])
    assert res.path == "fast" and sum(res.summary.created.values()) == 200 + 400 + 2


@pytest.mark.usefixtures("frozen")
def test_the_worker_prepares_the_relations(
    embedded_store, schema, tmp_path, monkeypatch, relation_worker
):  # type: ignore[no-untyped-def]
    """With the worker, every relation chunk reaches this process from the forked child (and
    none is made here); the graph is the normal path's."""
    from iegraph.ingest.records import fastload

    got: list[int] = []
    made_here: list[int] = []
    parts, relation_parts = fastload._PartsWorker.parts, fastload._Builder.relation_parts

    def counted(self):  # type: ignore[no-untyped-def]
        for p in parts(self):
            got.append(len(p.rtypes))
            yield p

    def here(self, *a, **k):  # type: ignore[no-untyped-def]
        made_here.append(os.getpid())
        return relation_parts(self, *a, **k)

    monkeypatch.setattr(fastload._PartsWorker, "parts", counted)
    monkeypatch.setattr(fastload._Builder, "relation_parts", here)
    monkeypatch.setattr(fastload, "CHUNK", 97)
    ent, rel = bench_files(tmp_path, 300, 1200)
    both_ways(embedded_store, schema, ent, rel)
    if relation_worker:
        assert sum(got) == 1200 and len(got) == -(-1200 // 97)
        assert made_here == []  # only in the child (its calls are not seen here)
    else:
        assert got == [] and made_here == [os.getpid()]


@pytest.mark.usefixtures("frozen")
def test_a_worker_that_dies_gives_the_normal_graph(
    embedded_store, schema, tmp_path, monkeypatch, relation_worker
):  # type: ignore[no-untyped-def]
    """The worker killed after its first chunk: the load empties the graph again and the
    normal path writes its own graph (nothing half-written stays)."""
    if not relation_worker:
        pytest.skip("the worker's failure")
    from iegraph.ingest.records import fastload

    relation_parts = fastload._Builder.relation_parts
    parent = os.getpid()

    def dies(self, *a, **k):  # type: ignore[no-untyped-def]
        for i, p in enumerate(relation_parts(self, *a, **k)):
            if i == 1 and os.getpid() != parent:
                os._exit(3)
            yield p

    monkeypatch.setattr(fastload._Builder, "relation_parts", dies)
    monkeypatch.setattr(fastload, "CHUNK", 97)
    ent, rel = bench_files(tmp_path, 300, 1200)
    normal_graph_after_fallback(embedded_store, schema, ent, rel)


@pytest.mark.usefixtures("frozen")
def test_no_fork_makes_the_parts_here(
    embedded_store, schema, tmp_path, monkeypatch, relation_worker
):  # type: ignore[no-untyped-def]
    """A fork refused (memory, process limits): the lean load makes the relation parts in
    its own process and writes the same graph, instead of failing."""
    if not relation_worker:
        pytest.skip("the worker's fork")

    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    ent, rel = bench_files(tmp_path, 300, 1200)
    both_ways(embedded_store, schema, ent, rel)


def test_the_command_line_load_forks_the_worker(  # type: ignore[no-untyped-def]
    embedded_store, tmp_path, monkeypatch, relation_worker
):
    """`iegraph ingest records` leaves the process without other threads when the load decides
    (its progress bar is redrawn from the main thread), so the worker is forked there too."""
    if not relation_worker:
        pytest.skip("the worker's decision")
    from typer.testing import CliRunner

    from iegraph.api.cli import app
    from iegraph.ingest.records import fastload
    from iegraph.ontology.settings import get_settings

    seen: list[bool] = []
    wanted = fastload._worker_wanted

    def record(relations):  # type: ignore[no-untyped-def]
        seen.append(wanted(relations))
        return seen[-1]

    monkeypatch.setattr(fastload, "_worker_wanted", record)
    ent, rel = bench_files(tmp_path, 200, 800)
    argv = ["ingest", "records", "-e", str(ent), "-r", str(rel)]
    get_settings.cache_clear()
    try:
        res = CliRunner().invoke(app, [*argv, "--data-dir", str(embedded_store.data_dir)])
    finally:
        get_settings.cache_clear()
    assert res.exit_code == 0, res.output
    assert seen == [True]
