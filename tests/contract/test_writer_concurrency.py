"""Two ingests at once on one graph lose nothing (real processes, real store, both backends).

The test holds the graph's write lock itself while it starts two ``iegraph ingest records``
processes, so both must wait (and say so), then lets them go: they run one after the other,
both exit 0, and the graph holds exactly what the two summaries say they created.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

CITIES = ("深圳", "广州", "杭州", "苏州", "南京", "成都")


def dataset(dir_: Path, tag: str, n: int) -> tuple[Path, Path]:
    """``n`` companies and a chain of n-1 COOPERATES_WITH relations, names unique per tag."""
    ents = dir_ / f"{tag}_orgs.csv"
    rels = dir_ / f"{tag}_links.csv"
    names = [f"{CITIES[i % len(CITIES)]}{tag}{i:04d}科技有限公司" for i in range(n)]
    ents.write_text("name,type\n" + "".join(f"{nm},Company\n" for nm in names), encoding="utf-8")
    rels.write_text(
        "source,type,target\n"
        + "".join(f"{a},COOPERATES_WITH,{b}\n" for a, b in itertools.pairwise(names)),
        encoding="utf-8",
    )
    return ents, rels


def cli_env(store: Any) -> tuple[list[str], dict[str, str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("IEGRAPH_", "NEO4J_"))}
    if store.backend == "embedded":
        return ["--data-dir", str(store.data_dir)], env
    from tests.conftest import neo4j_env

    env.update(neo4j_env() or {})
    env["IEGRAPH_BACKEND"] = "neo4j"
    return [], env


def test_two_concurrent_ingests_lose_nothing(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    extra, env = cli_env(store)
    procs = []
    logs = []
    with store.write_lock("test holds the lock"):
        for tag in ("甲", "乙"):
            ents, rels = dataset(tmp_path, tag, 400)
            err = tmp_path / f"{tag}.err"
            logs.append(err)
            cmd = [
                sys.executable,
                "-m",
                "iegraph.api.cli",
                "ingest",
                "records",
                "--entities",
                str(ents),
                "--relations",
                str(rels),
                "--json",
                *extra,
            ]
            procs.append(
                subprocess.Popen(
                    cmd,
                    stdout=subprocess.PIPE,
                    stderr=err.open("w"),
                    env=env,
                    text=True,
                )
            )
        # both must report that they wait (bounded so a broken build fails, not hangs)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if all("waiting for another ingest" in f.read_text() for f in logs):
                break
            assert all(p.poll() is None for p in procs), [f.read_text() for f in logs]
            time.sleep(0.2)
        assert all("waiting for another ingest" in f.read_text() for f in logs)
    outs = []
    for p, err in zip(procs, logs, strict=True):
        out, _ = p.communicate(timeout=600)
        assert p.returncode == 0, err.read_text()
        outs.append(json.loads(out))
    created_nodes = sum(o["summary"]["created"].get("Company", 0) for o in outs)
    created_rels = sum(o["summary"]["created"].get("COOPERATES_WITH", 0) for o in outs)
    assert created_nodes == 800 and created_rels == 798
    n = store.run("MATCH (n:Company) RETURN count(n)").rows[0][0]
    r = store.run("MATCH (:Entity)-[r:COOPERATES_WITH]->(:Entity) RETURN count(r)").rows[0][0]
    assert (n, r) == (800, 798)
    sources = store.run("MATCH (s:Source) RETURN count(s)").rows[0][0]
    assert sources == 4


def test_lock_is_exclusive_and_reentrant_after_release(store) -> None:  # type: ignore[no-untyped-def]
    from iegraph.ontology.errors import StoreBusy

    told: list[str] = []
    with store.write_lock("first") as lease:
        assert lease.owner
        try:
            with store.write_lock("second", wait=0.5, on_wait=told.append):
                raise AssertionError("a second holder got the lock")
        except StoreBusy as exc:
            assert "first" in str(exc)
        assert told and "waiting for another ingest" in told[0] and "first" in told[0]
    with store.write_lock("third") as lease:  # released: free again
        lease.wrote = True
    # the lock leaves nothing behind in the graph
    assert store.run("MATCH (n) RETURN count(n)").rows[0][0] == 0
