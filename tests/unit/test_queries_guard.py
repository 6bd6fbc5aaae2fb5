"""The read-only guard's tokenizer and checks (no server needed)."""

from __future__ import annotations

import pytest

from iegraph.ontology.errors import QueryError, ReadOnlyViolation
from iegraph.queries.guard import check_read_only, tokenize

ALLOWED = [
    "MATCH (n:Entity) RETURN n LIMIT 5",
    "match (n:Entity) where n.name contains 'CREATE' return n",
    'MATCH (n) WHERE n.name = "DELETE everything; DROP" RETURN n',
    "MATCH (n) // CREATE (x)\nRETURN n",
    "MATCH (n) /* MERGE (m) SET n.x = 1 */ RETURN n",
    "MATCH (n) RETURN n.set, n.delete, n.create AS create_",
    "MATCH (n) RETURN {set: 1, remove: 2} AS m",
    "MATCH (`CREATE`:Entity) RETURN `CREATE`.key",
    "MATCH (n:Set) RETURN n",
    "CALL db.labels() YIELD label RETURN label",
    "CALL db.relationshipTypes()",
    "MATCH (a:Entity {key: $k}) CALL { WITH a MATCH (a)--(b) RETURN count(b) AS c } RETURN c",
    "MATCH p = (a)-[*1..3]-(b) RETURN p;",
    "RETURN 1.5, 2..3",
    "RETURN 'it\\'s CREATE'",
    "MATCH (n) WHERE n.created_at > '2020' RETURN n.settled",
    "WITH $q AS q MATCH (n) WHERE n.name_norm STARTS WITH q RETURN n",
]

REFUSED = [
    ("CREATE (n:Entity {key: 'x'})", "CREATE"),
    ("create (n)", "CREATE"),
    ("MATCH (n) SET n.name = 'x'", "SET"),
    ("MATCH (n) DETACH DELETE n", "DETACH"),
    ("MATCH (n) DELETE n", "DELETE"),
    ("MERGE (n:Entity {key: 'x'})", "MERGE"),
    ("MATCH (n) REMOVE n.name", "REMOVE"),
    ("DROP INDEX ON :Entity(key)", "DROP"),
    ("LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row", "LOAD"),
    ("MATCH (n) FOREACH (x IN [1] | SET n.a = x)", "FOREACH"),
    ("MATCH (n) RETURN n; MATCH (m) DELETE m", ";"),
    ("MATCH (n) RETURN n; RETURN 1", ";"),
    ("CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DELETE n', {})", "CALL"),
    ("CALL db.idx.fulltext.drop('Entity')", "CALL"),
    ("CALL dbms.killQueries(['1'])", "CALL"),
    ("CALL db.createLabel('X')", "CALL"),
    (
        "MATCH (a), (b) CALL algo.SPpaths({sourceNode: a, targetNode: b}) YIELD path RETURN path",
        "CALL",
    ),  # ignores timeouts: would occupy the store
    ("USE system SHOW DATABASES", "USE"),
    ("SHOW USERS", "SHOW"),
    ("GRANT ROLE admin TO bob", "GRANT"),
    ("EXPLAIN MATCH (n) DELETE n", "EXPLAIN"),
    ("PROFILE MATCH (n) RETURN n", "PROFILE"),
    ("GRAPH.DELETE iegraph", "GRAPH"),
    ("MATCH (n) CALL { WITH n DELETE n } IN TRANSACTIONS", "DELETE"),
    ("MATCH (n) CALL { WITH n RETURN n } IN TRANSACTIONS RETURN n", "IN"),
    ("MATCH (n) /* comment */ SeT n.x = 1", "SET"),
    ("MATCH (n) WITH n CREATE (m)", "CREATE"),
]


@pytest.mark.parametrize("query", ALLOWED)
def test_read_queries_pass(query: str) -> None:
    check_read_only(query)


@pytest.mark.parametrize(("query", "keyword"), REFUSED)
def test_writes_and_admin_are_refused(query: str, keyword: str) -> None:
    with pytest.raises(ReadOnlyViolation) as info:
        check_read_only(query)
    assert keyword in info.value.message.upper()
    assert info.value.hint


def test_refusal_names_the_position() -> None:
    with pytest.raises(ReadOnlyViolation) as info:
        check_read_only("MATCH (n)\nDELETE n")
    assert info.value.details["position"] == 10
    assert info.value.details["keyword"] == "DELETE"


@pytest.mark.parametrize("query", ["", "   ", "// only a comment", "/* x */"])
def test_empty_queries_are_query_errors(query: str) -> None:
    with pytest.raises(QueryError) as info:
        check_read_only(query)
    assert not isinstance(info.value, ReadOnlyViolation)


@pytest.mark.parametrize("query", ["MATCH (n) WHERE n.a = 'open", "RETURN `x", "RETURN 1 /* x"])
def test_unterminated_tokens(query: str) -> None:
    with pytest.raises(QueryError, match="unterminated"):
        check_read_only(query)


def test_overlong_query() -> None:
    with pytest.raises(QueryError, match="characters"):
        check_read_only("RETURN 1 " + " " * 30_000)


def test_tokenizer_keeps_literals_whole_and_drops_comments() -> None:
    toks = tokenize("MATCH (n) // x CREATE\nWHERE n.a = 'a ''b' RETURN `we ``ird`, $p1, 1..3")
    kinds = [(t.kind, t.text) for t in toks]
    assert ("string", "'a '") in kinds and ("string", "'b'") in kinds
    assert ("quoted", "`we ``ird`") in kinds
    assert ("param", "$p1") in kinds
    assert ("number", "1") in kinds and ("number", "3") in kinds
    assert all(t.text.upper() != "CREATE" for t in toks)
