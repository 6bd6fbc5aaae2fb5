"""The GraphStore contract: both backends must behave alike (run against the real Neo4j)."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from iegraph.graph.model import Node, NodeRecord, Relationship, RelRecord
from iegraph.graph.model import Path as GPath
from iegraph.ontology.errors import QueryError, QueryTimeout, ReadOnlyViolation

REPO = Path(__file__).resolve().parents[2]


def _small_graph(store) -> None:  # type: ignore[no-untyped-def]
    store.upsert_nodes(
        [
            NodeRecord(
                "institution:深圳职业技术大学",
                ("Institution",),
                {
                    "name": "深圳职业技术大学",
                    "aliases": ["深圳职业技术学院", "深圳職業技術大學"],
                    "valid_from": dt.date(1993, 1, 1),
                },
            ),
            NodeRecord(
                "enterprise:华为技术有限公司", ("Enterprise",), {"name": "华为技术有限公司"}
            ),
            NodeRecord(
                "platform:深圳市域产教联合体", ("Platform",), {"name": "深圳市域产教联合体"}
            ),
            NodeRecord("place:深圳市", ("Place",), {"name": "深圳市"}),
        ]
    )
    store.upsert_relationships(
        [
            RelRecord(
                "LEADS",
                "institution:深圳职业技术大学",
                "platform:深圳市域产教联合体",
                {"source_ids": ["source:a"], "confidence": 0.9},
            ),
            RelRecord(
                "LEADS",
                "enterprise:华为技术有限公司",
                "platform:深圳市域产教联合体",
                {"source_ids": ["source:a"]},
            ),
            RelRecord("LOCATED_IN", "platform:深圳市域产教联合体", "place:深圳市", {}),
        ]
    )


def test_upsert_is_idempotent(store) -> None:  # type: ignore[no-untyped-def]
    _small_graph(store)
    first = store.stats()
    node = store.get_node("institution:深圳职业技术大学")
    _small_graph(store)
    assert store.stats() == first
    assert store.get_node("institution:深圳职业技术大学").props == node.props
    assert first["nodes"]["Entity"] == 4
    assert first["relationships"] == {"LEADS": 2, "LOCATED_IN": 1}


def test_update_in_place_overwrites_given_keys_only(store) -> None:  # type: ignore[no-untyped-def]
    _small_graph(store)
    store.upsert_nodes([NodeRecord("place:深圳市", ("Place", "City"), {"population": 17_790_000})])
    n = store.get_node("place:深圳市")
    assert n.props["name"] == "深圳市" and n.props["population"] == 17_790_000
    assert set(n.labels) == {"Entity", "Place", "City"}
    assert store.stats()["nodes"]["Entity"] == 4


def test_cjk_lists_and_dates_round_trip(store) -> None:  # type: ignore[no-untyped-def]
    _small_graph(store)
    n = store.get_node("institution:深圳职业技术大学")
    assert n.props["name"] == "深圳职业技术大学"
    assert n.props["aliases"] == ["深圳职业技术学院", "深圳職業技術大學"]
    assert n.props["valid_from"] == "1993-01-01"  # dates cross the boundary as ISO text
    res = store.run("MATCH (n:Entity) WHERE '深圳職業技術大學' IN n.aliases RETURN n.name")
    assert res.rows == [["深圳职业技术大学"]]


def test_neighbours_and_type_filter(store) -> None:  # type: ignore[no-untyped-def]
    _small_graph(store)
    one = store.neighbours("institution:深圳职业技术大学", hops=1)
    assert {n.key for n in one.nodes} == {
        "institution:深圳职业技术大学",
        "platform:深圳市域产教联合体",
    }
    two = store.neighbours("institution:深圳职业技术大学", hops=2)
    assert {n.key for n in two.nodes} == {
        "institution:深圳职业技术大学",
        "platform:深圳市域产教联合体",
        "enterprise:华为技术有限公司",
        "place:深圳市",
    }
    assert {(r.start, r.type, r.end) for r in two.relationships} == {
        ("institution:深圳职业技术大学", "LEADS", "platform:深圳市域产教联合体"),
        ("enterprise:华为技术有限公司", "LEADS", "platform:深圳市域产教联合体"),
        ("platform:深圳市域产教联合体", "LOCATED_IN", "place:深圳市"),
    }
    only_leads = store.neighbours("institution:深圳职业技术大学", hops=2, types=["LEADS"])
    assert "place:深圳市" not in {n.key for n in only_leads.nodes}
    assert store.neighbours("missing:key").nodes == []


def test_expand_is_batched_and_undirected(store) -> None:  # type: ignore[no-untyped-def]
    _small_graph(store)
    rels = store.expand(["platform:深圳市域产教联合体"])
    assert len(rels) == 3
    assert all(isinstance(r, Relationship) for r in rels)


def test_paths_are_normalised_alike(store) -> None:  # type: ignore[no-untyped-def]
    _small_graph(store)
    res = store.run(
        "MATCH p = (a:Entity {key: $a})-[*1..3]->(b:Entity {key: $b}) RETURN p, length(p)",
        {"a": "institution:深圳职业技术大学", "b": "place:深圳市"},
    )
    assert len(res.rows) == 1
    path, length = res.rows[0]
    assert isinstance(path, GPath) and length == 2
    assert [n.key for n in path.nodes] == [
        "institution:深圳职业技术大学",
        "platform:深圳市域产教联合体",
        "place:深圳市",
    ]
    assert [r.type for r in path.relationships] == ["LEADS", "LOCATED_IN"]
    assert path.relationships[0].start == "institution:深圳职业技术大学"


def test_result_objects_are_our_types(store) -> None:  # type: ignore[no-untyped-def]
    _small_graph(store)
    res = store.run(
        "MATCH (a:Entity {key: $k})-[r]->(b) RETURN a, r, b.name, [1, 2], {x: 1}",
        {"k": "institution:深圳职业技术大学"},
    )
    a, r, bname, lst, mp = res.rows[0]
    assert isinstance(a, Node) and a.key == "institution:深圳职业技术大学"
    assert (
        isinstance(r, Relationship) and r.start == a.key and r.end == "platform:深圳市域产教联合体"
    )
    assert r.props["source_ids"] == ["source:a"]
    assert (bname, lst, mp) == ("深圳市域产教联合体", [1, 2], {"x": 1})


@pytest.mark.parametrize(
    "query",
    [
        "CREATE (n:Entity {key: 'x'})",
        "MATCH (n:Entity) SET n.hacked = true",
        "MATCH (n:Entity) DETACH DELETE n",
        "MERGE (n:Entity {key: 'y'})",
    ],
)
def test_read_only_entry_point_refuses_writes(store, query) -> None:  # type: ignore[no-untyped-def]
    _small_graph(store)
    before = store.stats()
    with pytest.raises(ReadOnlyViolation):
        store.read(query)
    assert store.stats() == before
    assert store.run("MATCH (n:Entity) WHERE n.hacked RETURN count(n)").rows == [[0]]


def test_timeout_is_enforced(store) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(QueryTimeout):
        store.read(
            "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b "
            "WITH a, b WHERE (a * b) % 7 = 3 RETURN count(*)",
            timeout=0.3,
        )
    assert store.read("RETURN 1").rows == [[1]]  # the store is still usable


def test_row_cap_is_reported(store) -> None:  # type: ignore[no-untyped-def]
    res = store.read("UNWIND range(1, 100) AS x RETURN x", row_cap=10)
    assert len(res.rows) == 10 and res.truncated
    res = store.read("UNWIND range(1, 10) AS x RETURN x", row_cap=10)
    assert len(res.rows) == 10 and not res.truncated


def test_malformed_cypher_is_a_query_error(store) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(QueryError):
        store.read("MATCH (n RETURN n")


def test_labels_must_be_ascii_identifiers(store) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(QueryError):
        store.upsert_nodes([NodeRecord("x", ("大学",), {"name": "x"})])
    with pytest.raises(QueryError):
        store.upsert_relationships([RelRecord("LEADS`]->() DELETE n //", "a", "b", {})])
    assert store.stats()["nodes"] == {}


def test_delete_nodes_and_relationships(store) -> None:  # type: ignore[no-untyped-def]
    _small_graph(store)
    assert (
        store.delete_relationships([("platform:深圳市域产教联合体", "LOCATED_IN", "place:深圳市")])
        == 1
    )
    assert "LOCATED_IN" not in store.stats()["relationships"]
    assert store.delete_nodes(["enterprise:华为技术有限公司"]) == 1
    assert store.stats()["relationships"] == {"LEADS": 1}


def test_schema_creates_unique_key_and_class_indexes(store, schema) -> None:  # type: ignore[no-untyped-def]
    objs = store.schema_objects()
    assert any(c.startswith("Entity.key") for c in objs["constraints"])
    for cls in ("Institution", "VocationalCollege", "Platform"):
        assert f"{cls}.key" in objs["indexes"]


def _two_hop_graph(store) -> None:  # type: ignore[no-untyped-def]
    nodes = [NodeRecord(f"n{i}", ("Place",), {"name": f"n{i}"}) for i in range(30)]
    store.upsert_nodes(nodes)
    rels = [RelRecord("PART_OF", f"n{i}", f"n{(i * 7 + 3) % 30}", {}) for i in range(30)]
    rels += [RelRecord("LOCATED_IN", f"n{i}", f"n{(i * 11 + 5) % 30}", {}) for i in range(30)]
    store.upsert_relationships(rels)


def _two_hop_truth(start: str) -> int:
    edges = [(f"n{i}", f"n{(i * 7 + 3) % 30}", "P") for i in range(30)]
    edges += [(f"n{i}", f"n{(i * 11 + 5) % 30}", "L") for i in range(30)]
    count = 0
    for i1, (a, b, _) in enumerate(edges):
        for mid in ([b] if a == start else []) + ([a] if b == start else []):
            for i2, (c, d, _) in enumerate(edges):
                if i2 == i1:
                    continue
                count += (c == mid) + (d == mid)
    return count


@pytest.mark.neo4j
def test_two_hop_count_trap_matches_neo4j(both_stores) -> None:  # type: ignore[no-untyped-def]
    """ARCHITECTURE.md: FalkorDB miscounted two-hop patterns with unnamed relationships. The
    project's form names them and says r1 <> r2; it must equal Neo4j's answer and the truth."""
    emb, neo = both_stores
    _two_hop_graph(emb)
    _two_hop_graph(neo)
    q = "MATCH (a:Entity {key: $k})-[r1]-()-[r2]-(c) WHERE r1 <> r2 RETURN count(*)"
    for k in ("n1", "n4", "n17"):
        truth = _two_hop_truth(k)
        assert neo.run(q, {"k": k}).rows[0][0] == truth
        assert emb.run(q, {"k": k}).rows[0][0] == truth


def test_explain_does_not_run_the_query(embedded_store) -> None:  # type: ignore[no-untyped-def]
    """ARCHITECTURE.md: an EXPLAIN prefix *runs* the query on FalkorDB; ours uses GRAPH.EXPLAIN."""
    plan = embedded_store.explain("CREATE (:Entity {key: 'explained'})")
    assert "Create" in plan
    assert embedded_store.get_node("explained") is None


def test_second_process_sees_writes_and_restart_keeps_them(store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Another process writes; this one reads it (embedded: it attaches to the same server)."""
    env = dict(os.environ)
    if store.backend == "embedded":
        env.update(
            IEGRAPH_BACKEND="embedded",
            IEGRAPH_DATA_DIR=str(store.data_dir),
            IEGRAPH_GRAPH_NAME=store.graph_name,
        )
    else:
        env.update(IEGRAPH_BACKEND="neo4j", NEO4J_URI=store.uri)
        from tests.conftest import neo4j_env

        env.update({k: v for k, v in (neo4j_env() or {}).items() if k.startswith("NEO4J_")})
    code = textwrap.dedent("""
        from iegraph.graph import open_store
        from iegraph.graph.model import NodeRecord
        s = open_store()
        s.upsert_nodes([NodeRecord("policy:子进程", ("Policy",), {"name": "子进程写入"})])
        s.close()
    """)
    subprocess.run([sys.executable, "-c", code], env=env, cwd=REPO, check=True, timeout=60)
    assert store.get_node("policy:子进程").props["name"] == "子进程写入"


def test_kill_9_loses_no_acknowledged_write(tmp_path) -> None:
    from iegraph.graph.falkor_store import FalkorStore

    store = FalkorStore(tmp_path)
    store.upsert_nodes([NodeRecord(f"k{i}", ("Place",), {"name": f"地{i}"}) for i in range(500)])
    pid = store.server.read_pid()
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    store.close()
    again = FalkorStore(tmp_path)  # finds the stale pid file, restarts, replays the AOF
    try:
        assert again.stats()["nodes"]["Entity"] == 500
        assert again.get_node("k499").props["name"] == "地499"
    finally:
        again.close()
        again.server.stop()


def test_corrupted_pid_file_is_recovered(tmp_path) -> None:
    from iegraph.graph.falkor_store import FalkorStore

    (tmp_path / "falkordb").mkdir()
    (tmp_path / "falkordb" / "server.pid").write_text("not-a-pid\x00")
    store = FalkorStore(tmp_path)
    try:
        assert store.read("RETURN 1").rows == [[1]]
    finally:
        store.close()
        store.server.stop()


def test_unwritable_data_dir_is_a_config_error(tmp_path) -> None:
    from iegraph.graph.falkor_store import FalkorStore
    from iegraph.ontology.errors import ConfigError

    ro = tmp_path / "ro"
    ro.mkdir()
    (ro / "falkordb").write_text("a file where a directory should be")
    with pytest.raises(ConfigError) as ei:
        FalkorStore(ro)
    assert "--data-dir" in (ei.value.hint or "")


def test_bulk_load_rewrites_the_append_only_file(tmp_path) -> None:
    """A restart after a large load must replay a snapshot, not the query text (ARCH §3)."""
    import redis

    from iegraph.graph.falkor_store import AOF_REWRITE_AFTER, FalkorStore

    store = FalkorStore(tmp_path)
    try:
        store.upsert_nodes(
            NodeRecord(f"b{i}", ("Place",), {"name": f"b{i}"}) for i in range(AOF_REWRITE_AFTER)
        )
        r = redis.Redis(unix_socket_path=str(store.server.socket_path))
        for _ in range(200):
            info = r.info("persistence")
            if not info["aof_rewrite_in_progress"] and not info["aof_rewrite_scheduled"]:
                break
            import time

            time.sleep(0.05)
        assert info["aof_last_bgrewrite_status"] == "ok"
        base = [p.name for p in (tmp_path / "falkordb" / "appendonlydir").iterdir()]
        assert any(name.endswith(".base.rdb") for name in base), base
    finally:
        store.close()
        store.server.stop()


@pytest.mark.neo4j
def test_neo4j_wrong_credentials_and_uri_are_clear_errors(neo4j_store) -> None:  # type: ignore[no-untyped-def]
    from iegraph.graph.neo4j_store import Neo4jStore
    from iegraph.ontology.errors import AuthError, StoreUnavailable

    with pytest.raises(AuthError) as ei:
        Neo4jStore(neo4j_store.uri, "neo4j", "definitely-wrong-password")
    assert "NEO4J_PASSWORD" in (ei.value.hint or "")
    with pytest.raises(StoreUnavailable) as ei2:
        Neo4jStore("bolt://127.0.0.1:1", "neo4j", "x")
    assert "NEO4J_URI" in (ei2.value.hint or "")


def test_cli_reports_store_errors_without_traceback(tmp_path) -> None:
    env = dict(
        os.environ, IEGRAPH_BACKEND="neo4j", NEO4J_URI="bolt://127.0.0.1:1", NEO4J_PASSWORD="x"
    )
    proc = subprocess.run(
        [sys.executable, "-m", "iegraph.api.cli", "stats"],
        check=False,
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert "NEO4J_URI" in proc.stderr  # the hint names the fix


def test_bulk_load_relationships_between_existing_nodes(store) -> None:  # type: ignore[no-untyped-def]
    """The bulk path looks the ends of new relationships up by key (nodes written earlier)."""
    store.upsert_nodes(
        [NodeRecord(k, ("Place",), {"name": k, "top": "Place"}) for k in ("bx:a", "bx:b", "bx:c")]
    )
    nodes, rels = store.bulk_load(
        [],
        [
            RelRecord("PART_OF", "bx:a", "bx:b", {"source_ids": ["s"]}),
            RelRecord("PART_OF", "bx:b", "bx:c", {"source_ids": ["s"]}),
        ],
    )
    assert (nodes, rels) == (0, 2)
    got = store.get_relationships([("bx:a", "PART_OF", "bx:b"), ("bx:b", "PART_OF", "bx:c")])
    assert len(got) == 2


@pytest.mark.neo4j
def test_neo4j_writes_a_batch_larger_than_one_transaction_may_hold(neo4j_store) -> None:  # type: ignore[no-untyped-def]
    """The test server's per-transaction memory limit (db.memory.transaction.max, 256 MiB by
    the launcher's default) refuses one UNWIND batch of this size; the store halves it and every
    node lands once."""
    from iegraph.graph.model import NodeRecord

    s = neo4j_store
    n, width = 12_000, 12_000
    nodes = [
        NodeRecord(f"inst:big{i}", ("Institution",), {"name": f"n{i}", "note": "x" * width})
        for i in range(n)
    ]
    assert s.create_nodes(nodes, batch_size=n) == n
    got = s.run("MATCH (n:Institution) WHERE n.key STARTS WITH 'inst:big' RETURN count(n)")
    assert got.rows[0][0] == n
