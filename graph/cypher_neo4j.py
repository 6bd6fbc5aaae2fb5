"""Cypher only the Neo4j backend sends (schema DDL, catalogue, element ids, batched clear)."""

from __future__ import annotations

from iegraph.ontology.values import check_identifier

#: unique key across every entity (brings its own index)
KEY_CONSTRAINT = "CREATE CONSTRAINT entity_key IF NOT EXISTS FOR (n:Entity) REQUIRE n.key IS UNIQUE"
#: wait until every index is online
AWAIT_INDEXES = "CALL db.awaitIndexes(60)"
#: existing indexes (not the built-in lookup indexes)
INDEXES = (
    "SHOW INDEXES YIELD labelsOrTypes, properties, type "
    "WHERE type <> 'LOOKUP' RETURN labelsOrTypes, properties"
)
#: existing constraints
CONSTRAINTS = (
    "SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type RETURN labelsOrTypes, properties, type"
)
#: keys of nodes given by element id
KEYS_BY_ELEMENT_ID = (
    "UNWIND $ids AS i MATCH (n) WHERE elementId(n) = i RETURN elementId(n) AS id, n.key AS key"
)
#: one batch of a clear (a large graph does not need one huge transaction)
CLEAR_BATCH = "MATCH (n) WITH n LIMIT 5000 DETACH DELETE n RETURN count(*)"


def create_index(label: str, prop: str) -> str:
    label, prop = check_identifier(label), check_identifier(prop, "property")
    return f"CREATE INDEX idx_{label}_{prop} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})"
