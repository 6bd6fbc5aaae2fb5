"""Graph data model, the GraphStore seam and its two backends."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from iegraph.graph.store import GraphStore
    from iegraph.ontology.settings import Settings


def _falkor(s: Settings) -> GraphStore:
    from iegraph.graph.falkor_store import FalkorStore

    return FalkorStore.from_settings(s)


def _neo4j(s: Settings) -> GraphStore:
    from iegraph.graph.neo4j_store import Neo4jStore

    return Neo4jStore.from_settings(s)


#: the registered backends, by the name ``IEGRAPH_BACKEND`` takes (each imported only when
#: chosen: the Neo4j driver is not loaded for the embedded store, nor the reverse)
BACKENDS: dict[str, Callable[[Settings], GraphStore]] = {"embedded": _falkor, "neo4j": _neo4j}


def open_store(settings: Settings | None = None) -> GraphStore:
    """Open the configured backend (embedded FalkorDB by default, or Neo4j).

    Example:
        >>> store = open_store()
        >>> store.stats()["nodes"]
    """
    from iegraph.ontology.settings import get_settings

    s = settings or get_settings()
    return BACKENDS[s.store.backend](s)
