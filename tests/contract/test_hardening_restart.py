"""Issue 14 (hardening), row 1: when the embedded server dies during an ingest, the error
says what really happened, the store comes back by itself, and a re-run completes."""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Any

import pytest

from iegraph.ingest.records import load_records
from iegraph.ontology.errors import StoreError


def test_row1_store_dies_during_a_write(tmp_path: Path, schema) -> None:  # type: ignore[no-untyped-def]
    from iegraph.graph.falkor_store import FalkorStore

    store = FalkorStore(tmp_path / "d")
    store.apply_schema(schema)
    f = tmp_path / "orgs.csv"
    f.write_text(
        "name,type,place\n比亚迪股份有限公司,企业,深圳市\n华为技术有限公司,企业,深圳市\n",
        encoding="utf-8",
    )
    # the store's own query path (the writer's executor reaches it through the protocol
    # methods create_relationships / upsert_*, never through store.run)
    real_run = store._run
    killed: list[int] = []

    def run(query: str, params: Any = None, **kw: Any) -> Any:
        # the server dies just as the first relationship CREATE is sent (a crash, kill -9)
        if not killed and kw.get("write") and "CREATE (a)-[" in query:
            pid = store.server.read_pid()
            assert pid is not None
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)
        return real_run(query, params, **kw)

    store._run = run  # type: ignore[method-assign]
    try:
        with pytest.raises(StoreError) as info:
            load_records(store, schema, entities=[f])
        msg = info.value.message
        assert killed and "restarted from its append-only file" in msg, msg
        assert "restored" in msg  # and whether the touched items were put back, truly
        assert store.restarts == 1
        store._run = real_run  # type: ignore[method-assign]
        load_records(store, schema, entities=[f])  # the re-run completes
        names = sorted(r[0] for r in store.run("MATCH (n:Enterprise) RETURN n.name").rows)
        assert names == ["华为技术有限公司", "比亚迪股份有限公司"]
        assert store.run("MATCH ()-[r:LOCATED_IN]->() RETURN count(r)").rows == [[2]]
    finally:
        store.close()
        store.server.stop()
