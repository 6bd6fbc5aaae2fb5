"""Cypher (and RESP commands) only the embedded FalkorDB backend sends.

FalkorDB's dialect differs from Neo4j's in schema statements (no ``IF NOT EXISTS``, no named
indexes, constraints through ``GRAPH.CONSTRAINT``), in node handles (``id()``, no
``elementId()``) and in its procedures (``db.indexes()``, ``db.constraints()``); see
ARCHITECTURE.md §3.
"""

from __future__ import annotations

from iegraph.ontology.values import check_identifier

#: the key index every upsert's MERGE relies on
KEY_INDEX = "CREATE INDEX FOR (n:Entity) ON (n.key)"
#: existing indexes: label, properties
INDEXES = "CALL db.indexes() YIELD label, properties RETURN label, properties"
#: constraint build status (PENDING / OPERATIONAL / FAILED)
CONSTRAINT_STATUS = "CALL db.constraints() YIELD status RETURN status"
#: existing constraints: label, properties, type
CONSTRAINTS = "CALL db.constraints() YIELD label, properties, type RETURN label, properties, type"
#: keys of nodes given by internal id
KEYS_BY_ID = "UNWIND $ids AS i MATCH (n) WHERE id(n) = i RETURN id(n), n.key"
#: labels of existing nodes, by key
LABELS_BY_KEY = "UNWIND $keys AS k MATCH (n:Entity {key: k}) RETURN k, labels(n)"
#: SET the properties of existing nodes, by key
UPDATE_NODES = (
    "UNWIND $rows AS row MATCH (n:Entity {key: row.key}) SET n += row.props RETURN count(n)"
)


def create_index(label: str, prop: str) -> str:
    return (
        f"CREATE INDEX FOR (n:{check_identifier(label)}) "
        f"ON (n.{check_identifier(prop, 'property')})"
    )


def unique_key_constraint(graph_name: str) -> tuple[str, ...]:
    """The ``GRAPH.CONSTRAINT`` command (arguments) making ``Entity.key`` unique."""
    return (
        "GRAPH.CONSTRAINT",
        "CREATE",
        graph_name,
        "UNIQUE",
        "NODE",
        "Entity",
        "PROPERTIES",
        "1",
        "key",
    )


def create_nodes(label_str: str) -> str:
    """CREATE new nodes from ``$rows`` with all their labels (``label_str`` is ``:A:B``, built
    from checked identifiers)."""
    return f"UNWIND $rows AS row CREATE (n:Entity{label_str}) SET n = row.props RETURN count(n)"


def add_labels(label_str: str) -> str:
    """Add labels to existing nodes given by key."""
    return f"UNWIND $keys AS k MATCH (n:Entity {{key: k}}) SET n{label_str} RETURN count(n)"


#: internal ids of nodes by key (GRAPH.BULK addresses edge ends by internal id)
NODE_IDS = "UNWIND $keys AS k MATCH (n:Entity {key: k}) RETURN k, id(n)"
