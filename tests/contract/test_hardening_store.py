"""Issue 14 (hardening), the store side: limits live in the engines, keys are bounded, the
embedded store is supervised. Rows of the issue's table are named in each test."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from iegraph.graph.limits import Limits, limits_scope
from iegraph.graph.model import NodeRecord
from iegraph.ontology.errors import (
    QueryTimeout,
    QueryTooLarge,
    StoreBusy,
    ValidationError,
)
from iegraph.ontology.names import MAX_KEY_BYTES, entity_key
from iegraph.queries.guard import cap_rows, guarded_read

pytestmark = pytest.mark.parametrize("store", ["embedded", "neo4j"], indirect=True)

#: within the range bound, but a list of 20 copies of a million-element list
MEMORY_BOMB = (
    "UNWIND range(1, 1000000) AS a WITH collect(a) AS l UNWIND range(1, 20) AS b "
    "RETURN size(collect(l + [b]))"
)
LONG_NAME = "深圳市某某产教融合实训基地建设有限公司" * 75  # 1,425 characters, ~4.3 KB


def _rss_mb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS"):
            return int(line.split()[1]) // 1024
    return 0


def test_row1_long_keys_are_bounded_and_refused_raw(store) -> None:  # type: ignore[no-untyped-def]
    key = entity_key("Enterprise", LONG_NAME)
    assert len(key.encode()) <= MAX_KEY_BYTES and key.startswith("enterprise:深圳市")
    assert entity_key("Enterprise", LONG_NAME) == key  # stable
    assert entity_key("Enterprise", LONG_NAME + "x") != key  # still unique
    n = store.upsert_nodes([NodeRecord(key, ("Enterprise",), {"name": LONG_NAME[:300]})])
    assert n == 1 and store.get_node(key) is not None
    with pytest.raises(ValidationError, match="limit"):
        store.upsert_nodes([NodeRecord("enterprise:" + LONG_NAME, ("Enterprise",), {})])
    assert store.stats()["nodes"]["Entity"] == 1  # the store is up and unchanged


def test_row3_row_cap_stops_the_engine(store) -> None:  # type: ignore[no-untyped-def]
    q = "UNWIND range(1, 1000000) AS x RETURN x"
    assert cap_rows(q, 50) == q + " LIMIT 51"
    with limits_scope(Limits(timeout=5.0, row_cap=50)):
        res = guarded_read(store, q)
    assert len(res.rows) == 50 and res.truncated
    assert res.rows[-1] == [50]


def test_row2_range_bombs_refused_before_the_engine(store) -> None:  # type: ignore[no-untyped-def]
    for q in (
        "RETURN size([x IN range(1,150000000) | x])",
        "UNWIND range(1, 100000000) AS x RETURN x",
        "RETURN range(0, 150000 * 1000)",
    ):
        with pytest.raises(QueryTooLarge, match="range"):
            guarded_read(store, q)
    with pytest.raises(QueryTooLarge):
        guarded_read(store, "RETURN range(1, $n)", {"n": 10**9})
    assert guarded_read(store, "RETURN size(range(1, $n))", {"n": 1000}).rows == [[1000]]


def test_row3_timeout_is_the_engines(store) -> None:  # type: ignore[no-untyped-def]
    store.upsert_nodes(
        NodeRecord(f"t:{i}", ("Institution",), {"name": f"n{i}"}) for i in range(400)
    )
    heavy = "MATCH (a:Entity), (b:Entity), (c:Entity), (d:Entity) RETURN count(*)"
    with limits_scope(Limits(timeout=1.0)), pytest.raises(QueryTimeout):
        guarded_read(store, heavy)
    assert guarded_read(store, "MATCH (n:Entity) RETURN count(n)").rows == [[400]]


def test_row4_adhoc_slots_keep_the_store_for_everyone(store) -> None:  # type: ignore[no-untyped-def]
    """Two heavy ad-hoc queries hold both slots: a third ad-hoc query is told the store is
    busy, while an ordinary read is answered before the heavy ones end."""
    store.upsert_nodes(
        NodeRecord(f"t:{i}", ("Institution",), {"name": f"n{i}"}) for i in range(400)
    )
    heavy = "MATCH (a:Entity), (b:Entity), (c:Entity), (d:Entity) RETURN count(*)"
    lim = Limits(timeout=3.0, adhoc_concurrency=2)
    old = store.limits
    store.limits = Limits(
        timeout=old.timeout, row_cap=old.row_cap, adhoc_concurrency=2, memory_mb=old.memory_mb
    )
    outcomes: list[str] = []

    def run_heavy() -> None:
        with limits_scope(lim):
            try:
                guarded_read(store, heavy)
                outcomes.append("done")
            except QueryTimeout:
                outcomes.append("timeout")

    try:
        ts = [threading.Thread(target=run_heavy) for _ in range(2)]
        for t in ts:
            t.start()
        time.sleep(0.5)
        with limits_scope(Limits(timeout=0.5)), pytest.raises(StoreBusy):
            guarded_read(store, "RETURN 1")
        assert store.get_node("t:7") is not None  # answered while the heavy queries run
        assert any(t.is_alive() for t in ts)
        for t in ts:
            t.join()
    finally:
        store.limits = old
    assert sorted(outcomes) == ["timeout", "timeout"]


def test_row2_memory_cap_in_the_engine_embedded(store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A 64 MiB per-query cap: a query that builds a large list fails with a clear error,
    the server stays far below the machine's memory and answers the next query."""
    if store.backend != "embedded":
        pytest.skip("the Neo4j memory cap is checked in test_row2_memory_cap_neo4j")
    from iegraph.graph.falkor_store import FalkorStore

    s = FalkorStore(tmp_path / "m", limits=Limits(memory_mb=64, timeout=20.0))
    try:
        pid = s.server.read_pid()
        assert pid is not None
        cfg = s._db.connection.execute_command("GRAPH.CONFIG", "GET", "QUERY_MEM_CAPACITY")
        assert cfg[-1] == 64 * 1024 * 1024, cfg
        peak = [0]
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                peak[0] = max(peak[0], _rss_mb(pid))
                time.sleep(0.02)

        th = threading.Thread(target=sample)
        th.start()
        try:
            with pytest.raises(QueryTooLarge, match="memory"):
                # within the range bound, but the cartesian collect needs far more than 64 MiB
                guarded_read(s, MEMORY_BOMB)
        finally:
            done.set()
            th.join()
        assert peak[0] < 1024, f"server peaked at {peak[0]} MB"
        assert s.read("RETURN 1").rows == [[1]]
    finally:
        s.close()
        s.server.stop()


def test_row2_memory_cap_neo4j(store) -> None:  # type: ignore[no-untyped-def]
    if store.backend != "neo4j":
        pytest.skip("Neo4j only")
    # the launcher's db.memory.transaction.max (256 MiB): refused at once, not retried
    with pytest.raises(QueryTooLarge, match="memory"):
        guarded_read(store, MEMORY_BOMB, timeout=30.0)
    assert guarded_read(store, "RETURN 1 AS one").rows == [[1]]


def test_row1_supervised_store_restarts_after_kill(store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """kill -9 of the embedded server: the next read restarts it from the append-only file
    and answers; a write in flight is reported as not confirmed, never as restored."""
    if store.backend != "embedded":
        pytest.skip("the supervised server is the embedded one")
    from iegraph.graph.falkor_store import FalkorStore

    s = FalkorStore(tmp_path / "k")
    try:
        s.upsert_nodes([NodeRecord("k:1", ("Institution",), {"name": "甲"})])
        time.sleep(1.2)  # appendfsync everysec
        pid = s.server.read_pid()
        assert pid is not None
        os.kill(pid, signal.SIGKILL)
        time.sleep(0.2)
        assert s.get_node("k:1") is not None  # restarted, replayed, answered
        assert s.restarts == 1 and s.server.read_pid() != pid
        # an idempotent write after another crash is redone once
        os.kill(s.server.read_pid() or 0, signal.SIGKILL)
        time.sleep(0.2)
        assert s.upsert_nodes([NodeRecord("k:2", ("Institution",), {"name": "乙"})]) == 1
        assert s.restarts == 2 and s.get_node("k:2") is not None
    finally:
        s.close()
        s.server.stop()
