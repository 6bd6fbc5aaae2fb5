"""Graph data model, the GraphStore seam and its two backends."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from iegraph.graph.store import GraphStore
    from iegraph.ontology.settings import Settings


def open_store(settings: Settings | None = None) -> GraphStore:
    """Open the configured backend (embedded FalkorDB by default, or Neo4j).

    Example:
        >>> store = open_store()
        >>> store.stats()["nodes"]
    """
    from iegraph.ontology.settings import get_settings

    s = settings or get_settings()
    if s.store.backend == "neo4j":
        from iegraph.graph.neo4j_store import Neo4jStore

        return Neo4jStore.from_settings(s)
    from iegraph.graph.falkor_store import FalkorStore

    return FalkorStore.from_settings(s)
