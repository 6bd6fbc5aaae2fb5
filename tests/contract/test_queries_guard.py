"""Read-only enforcement, timeouts and row caps on both engines."""

from __future__ import annotations

import pytest

from iegraph.graph.model import NodeRecord
from iegraph.ontology.errors import QueryError, QueryTimeout, ReadOnlyViolation
from iegraph.queries.guard import guarded_read

WRITES = [
    "CREATE (n:Entity {key: 'intruder'})",
    "MATCH (n:Entity) SET n.name = 'pwned'",
    "MATCH (n:Entity) DETACH DELETE n",
    "MERGE (n:Entity {key: 'intruder'})",
    "MATCH (n:Entity) REMOVE n.name",
]

NEVER_ENDING = "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b RETURN count(*)"


@pytest.fixture
def small(store):  # type: ignore[no-untyped-def]
    store.upsert_nodes(
        NodeRecord(f"e:{i}", ("Enterprise",), {"name": f"企业{i}"}) for i in range(30)
    )
    return store


def snapshot(store) -> list[list[object]]:  # type: ignore[no-untyped-def]
    return store.run("MATCH (n:Entity) RETURN n.key, n.name ORDER BY n.key").rows


@pytest.mark.parametrize("query", WRITES)
def test_guard_refuses_writes_and_nothing_changes(small, query: str) -> None:  # type: ignore[no-untyped-def]
    before = snapshot(small)
    with pytest.raises(ReadOnlyViolation):
        guarded_read(small, query)
    assert snapshot(small) == before


@pytest.mark.parametrize("query", WRITES)
def test_engine_read_mode_refuses_writes_and_nothing_changes(small, query: str) -> None:  # type: ignore[no-untyped-def]
    """The second lock: the engine itself, bypassing the guard (store.read directly)."""
    before = snapshot(small)
    with pytest.raises(ReadOnlyViolation):
        small.read(query)
    assert snapshot(small) == before


def test_params_are_values_not_code(small) -> None:  # type: ignore[no-untyped-def]
    res = guarded_read(
        small,
        "MATCH (n:Entity) WHERE n.name = $q RETURN n.key",
        {"q": "x' OR 1=1 DETACH DELETE n //"},
    )
    assert res.rows == []
    assert len(snapshot(small)) == 30


def test_row_cap_reports_truncation(small) -> None:  # type: ignore[no-untyped-def]
    res = guarded_read(small, "MATCH (n:Entity) RETURN n.key", row_cap=7)
    assert len(res.rows) == 7 and res.truncated
    res = guarded_read(small, "MATCH (n:Entity) RETURN n.key", row_cap=30)
    assert len(res.rows) == 30 and not res.truncated


def test_timeout(small) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(QueryTimeout):
        guarded_read(small, NEVER_ENDING, timeout=1.0)
    # the store still answers afterwards
    assert guarded_read(small, "MATCH (n:Entity) RETURN count(n)").rows == [[30]]


def test_malformed_cypher_is_a_query_error(small) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(QueryError) as info:
        guarded_read(small, "MATCH (n RETURN n")
    assert not isinstance(info.value, ReadOnlyViolation)


def test_bad_parameter_names(small) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(QueryError):
        guarded_read(small, "RETURN $x", {"x y": 1})
