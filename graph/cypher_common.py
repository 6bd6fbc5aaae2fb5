"""Portable Cypher the stores send (both engines run it unchanged).

Named, parameterised constants; the few statements that need a label or relation type take it
as an argument, checked as an ASCII identifier (:func:`ontology.values.check_identifier`),
because those cannot be parameters. Dialect-specific statements live in
:mod:`graph.cypher_falkor` and :mod:`graph.cypher_neo4j`.
"""

from __future__ import annotations

from collections.abc import Sequence

from iegraph.ontology.values import check_identifier

#: nodes by key: key, labels, properties
NODES_BY_KEY = "UNWIND $keys AS k MATCH (n:Entity {key: k}) RETURN n.key, labels(n), properties(n)"

#: every relationship touching the given keys (either direction)
EXPAND_ALL = (
    "UNWIND $keys AS k MATCH (n:Entity {key: k})-[r]-(m:Entity) "
    "RETURN DISTINCT startNode(r).key, type(r), endNode(r).key, properties(r)"
)
#: the same, restricted to ``$types``
EXPAND_TYPED = (
    "UNWIND $keys AS k MATCH (n:Entity {key: k})-[r]-(m:Entity) WHERE type(r) IN $types "
    "RETURN DISTINCT startNode(r).key, type(r), endNode(r).key, properties(r)"
)
#: relationship counts per type
REL_TYPE_COUNTS = "MATCH ()-[r]->() RETURN type(r), count(r)"
#: every label in use
LABELS = "CALL db.labels()"
#: delete everything (the schema stays)
CLEAR = "MATCH (n) DETACH DELETE n"
#: delete nodes by key, with their relationships
DELETE_NODES = "UNWIND $keys AS k MATCH (n:Entity {key: k}) DETACH DELETE n RETURN count(*)"
#: a trivial query (creates an empty FalkorDB graph key; checks a connection)
PING = "RETURN 1"


def count_label(label: str) -> str:
    """Nodes carrying ``label``."""
    return f"MATCH (n:{check_identifier(label)}) RETURN count(n)"


def upsert_nodes(labels: Sequence[str]) -> str:
    """MERGE ``$rows`` (``{key, props}``) on ``Entity.key``, SET props and the extra labels."""
    extra = "".join(f":{check_identifier(label)}" for label in labels if label != "Entity")
    set_labels = f" SET n{extra}" if extra else ""
    return (
        "UNWIND $rows AS row MERGE (n:Entity {key: row.key}) "
        f"SET n += row.props{set_labels} RETURN count(n)"
    )


def upsert_rels(rel_type: str) -> str:
    """MERGE ``(s)-[rel_type]->(e)`` for ``$rows`` (``{s, e, props}``) and SET props."""
    t = check_identifier(rel_type, "relation type")
    return (
        "UNWIND $rows AS row MATCH (a:Entity {key: row.s}) MATCH (b:Entity {key: row.e}) "
        f"MERGE (a)-[r:{t}]->(b) SET r += row.props RETURN count(r)"
    )


def delete_rels(rel_type: str) -> str:
    """Delete ``(s)-[rel_type]->(e)`` for ``$rows`` (``{s, e}``)."""
    t = check_identifier(rel_type, "relation type")
    return (
        f"UNWIND $rows AS row MATCH (a:Entity {{key: row.s}})-[r:{t}]->(b:Entity {{key: row.e}}) "
        "DELETE r RETURN count(r)"
    )


#: relationships by ``[start key, type, end key]`` (the type is compared, not interpolated)
RELS_BY_TRIPLE = (
    "UNWIND $rows AS t MATCH (a:Entity {key: t[0]})-[x]->(b:Entity {key: t[2]}) "
    "WHERE type(x) = t[1] RETURN a.key, type(x), b.key, properties(x)"
)


def _columns(var: str, props: Sequence[str]) -> str:
    return ", ".join(f"{var}.{check_identifier(p, 'property')}" for p in props)


def node_props_by_key(props: Sequence[str]) -> str:
    """Only the named properties of the nodes ``$keys`` (a light read: no search keys)."""
    return f"UNWIND $keys AS k MATCH (n:Entity {{key: k}}) RETURN n.key, {_columns('n', props)}"


def rels_of_sources_from(props: Sequence[str]) -> str:
    """The named properties of the relationships starting at ``$starts`` (keys) that any of
    ``$keys`` (source keys) asserted."""
    return (
        "UNWIND $starts AS k MATCH (a:Entity {key: k})-[x]->(b:Entity) "
        "WHERE any(s IN x.source_ids WHERE s IN $keys) "
        f"RETURN a.key, type(x), b.key, {_columns('x', props)}"
    )


#: relationships any of ``$keys`` (source keys) asserted
RELS_OF_SOURCES = (
    "MATCH (a:Entity)-[x]->(b:Entity) WHERE any(s IN x.source_ids WHERE s IN $keys) "
    "RETURN a.key, type(x), b.key, properties(x)"
)


def nodes_with_label(label: str) -> str:
    """Every node carrying ``label``: key, labels, properties."""
    return f"MATCH (n:{check_identifier(label)}) RETURN n.key, labels(n), properties(n)"


def create_nodes(labels: Sequence[str]) -> str:
    """CREATE ``$rows`` (property maps with their ``key``) with ``Entity`` and ``labels``."""
    extra = "".join(f":{check_identifier(label)}" for label in labels if label != "Entity")
    return f"UNWIND $rows AS p CREATE (n:Entity{extra}) SET n = p RETURN count(n)"


def create_rels(rel_type: str) -> str:
    """CREATE ``(s)-[rel_type]->(e)`` for ``$rows`` (``{s, e, p}``), no MERGE."""
    t = check_identifier(rel_type, "relation type")
    return (
        "UNWIND $rows AS row MATCH (a:Entity {key: row.s}) MATCH (b:Entity {key: row.e}) "
        f"CREATE (a)-[r:{t}]->(b) SET r = row.p RETURN count(r)"
    )
