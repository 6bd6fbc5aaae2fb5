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


#: substring search (graph.grams): Neo4j's text index answers CONTAINS from trigrams
SEARCH_TEXT_INDEX = (
    "CREATE TEXT INDEX idx_entity_search_text IF NOT EXISTS FOR (n:Entity) ON (n.search_text)"
)
#: … and Chinese substrings of 2+ characters: Lucene's CJK analyzer indexes bigrams
SEARCH_CJK_INDEX = (
    "CREATE FULLTEXT INDEX entity_search_cjk IF NOT EXISTS FOR (n:Entity) ON EACH "
    "[n.search_text] OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}}"
)
#: the write lease (graph.lock): a lock node under a uniqueness constraint; expiry by the
#: server's clock (timestamp()), renewed and released only by its owner
LEASE_CONSTRAINT = (
    "CREATE CONSTRAINT iegraph_writer_lease IF NOT EXISTS "
    "FOR (l:IegraphWriterLease) REQUIRE l.name IS UNIQUE"
)
LEASE_TRY = (
    "MERGE (l:IegraphWriterLease {name: $name}) "
    "ON CREATE SET l.owner = $owner, l.expires = timestamp() + $ttl "
    "WITH l, (l.owner = $owner OR l.expires < timestamp()) AS free "
    "SET l.owner = CASE WHEN free THEN $owner ELSE l.owner END, "
    "l.expires = CASE WHEN free THEN timestamp() + $ttl ELSE l.expires END "
    "RETURN l.owner"
)
LEASE_RENEW = (
    "MATCH (l:IegraphWriterLease {name: $name}) WHERE l.owner = $owner "
    "SET l.expires = timestamp() + $ttl RETURN count(l)"
)
LEASE_RELEASE = "MATCH (l:IegraphWriterLease {name: $name}) WHERE l.owner = $owner DELETE l"
