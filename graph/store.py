"""The GraphStore seam: the one small protocol both backends implement.

A backend declares what it can do in ``capabilities``; callers ask instead of guessing
(``if CAP_COMPACT in store.capabilities: store.compact()``) and never test ``store.backend``
or ``hasattr``. ``backend`` names the Cypher dialect, used only to pick a named query's
variant. All values crossing this boundary are the
project's own types (:mod:`graph.model`), and all errors are :mod:`ontology.errors` types.

Example:
    >>> from iegraph.graph import open_store
    >>> with open_store() as store:          # embedded FalkorDB in the default data dir
    ...     store.stats()
    {'nodes': {...}, 'relationships': {...}}
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, MutableSequence, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, Protocol, Self, runtime_checkable

from iegraph.graph.model import (
    EdgeColumns,
    EncodedEdges,
    Node,
    NodeRecord,
    Relationship,
    RelRecord,
    Result,
    Subgraph,
)

if TYPE_CHECKING:
    from iegraph.graph.limits import Limits
    from iegraph.graph.lock import Lease
    from iegraph.ontology.schema import Schema

#: capability flags a backend may declare; an optional operation of the protocol raises
#: :class:`ontology.errors.Unsupported` on a backend that does not declare its flag
#: (bulk_load() itself is on every backend; the flag says an engine bulk path — GRAPH.BULK —
#: is behind it rather than large CREATE batches)
CAP_BULK_LOAD = "bulk_load"
#: bulk_load() writes through the engine's binary bulk protocol (FalkorDB GRAPH.BULK); the
#: records loader's lean first load (ingest/records/fastload.py) is proven on it
CAP_BULK_BINARY = "bulk_binary"
CAP_ALGO = "algorithms"  # built-in PageRank / WCC / betweenness
CAP_ROUTING = "routing"  # cluster-aware routing URIs
CAP_SERVER_OWNED = "server_owned"  # iegraph started the server and can stop it
CAP_EXPLAIN = "explain"  # explain(): the plan of a query without running it
CAP_COMPACT = "compact"  # compact(): rewrite the store's log after a large load
#: the engine's own undirected ``shortestPath`` with filters in the pattern is the fast path
CAP_SHORTEST_PATH = "shortest_path"
#: full-text indexes for name search (Neo4j: a CJK bigram index and a text index); without
#: it, search uses the project's own n-gram keys
CAP_FULLTEXT = "fulltext"

DEFAULT_BATCH = 10_000
#: rows per statement on the bulk path (large batches amortise planning and round trips)
BULK_BATCH = 50_000


@runtime_checkable
class GraphStore(Protocol):
    backend: str  # "embedded" | "neo4j"
    capabilities: frozenset[str]
    limits: Limits  # timeout, row cap, memory of one query (graph/limits.py)
    location: str  # where the graph lives: the data directory or the server's URI

    def apply_schema(self, schema: Schema) -> None:
        """Create the constraints and indexes the ontology implies (idempotent)."""

    def upsert_nodes(self, rows: Iterable[NodeRecord], batch_size: int = DEFAULT_BATCH) -> int:
        """MERGE nodes by key, SET their labels and ``props`` (given keys overwrite)."""

    def upsert_relationships(
        self, rows: Iterable[RelRecord], batch_size: int = DEFAULT_BATCH
    ) -> int:
        """MERGE ``(start)-[type]->(end)`` by the ends' keys and SET ``props``."""

    def create_nodes(self, rows: Iterable[NodeRecord], batch_size: int = DEFAULT_BATCH) -> int:
        """CREATE nodes whose keys are new (the writer has read them); no MERGE."""

    def create_relationships(
        self, rows: Iterable[RelRecord], batch_size: int = DEFAULT_BATCH
    ) -> int:
        """CREATE relationships that do not exist yet, between existing nodes (by key)."""

    def bulk_load(self, nodes: Sequence[NodeRecord], rels: Sequence[RelRecord]) -> tuple[int, int]:
        """Create new nodes, then new relationships, through the engine's bulk path
        (FalkorDB ``GRAPH.BULK``; Neo4j large ``UNWIND … CREATE`` batches). Keys and
        relationships must be new: call it under :meth:`write_lock` after reading them."""

    def bulk_nodes(self, rows: Iterable[NodeRecord], ids: MutableSequence[int]) -> int:
        """Create new nodes streamed from ``rows`` through the binary bulk protocol (capability
        :data:`CAP_BULK_BINARY`), a bounded batch at a time, appending each node's internal id
        to ``ids`` in row order (for :meth:`bulk_edges`). A value the protocol cannot carry
        raises ``ValueError`` (what was sent stays: the caller undoes it). Keys must be new."""

    def bulk_edges(self, batches: Iterable[EdgeColumns | EncodedEdges]) -> int:
        """Create new relationships streamed from ``batches`` (each of one type, a column per
        property or already encoded by :meth:`encode_edges`; ends by the internal ids
        :meth:`bulk_nodes` gave), a bounded number at a time (capability
        :data:`CAP_BULK_BINARY`). A value the protocol cannot carry raises ``ValueError``
        (what was sent stays: the caller undoes it)."""

    def encode_edges(self, batch: EdgeColumns) -> EncodedEdges:
        """The properties of ``batch`` in the binary bulk form :meth:`bulk_edges` sends (its
        ends passed through as they are). Pure computation, no store access: it may run in
        another process. A value the protocol cannot carry raises ``ValueError``."""

    def get_relationships(
        self, triples: Sequence[tuple[str, str, str]]
    ) -> dict[tuple[str, str, str], dict[str, Any]]:
        """Properties of those of the ``(start key, type, end key)`` triples that exist."""

    def get_node_props(
        self, keys: Sequence[str], props: Sequence[str]
    ) -> dict[str, dict[str, Any]]:
        """Only the named properties (absent: None) of the nodes with these keys — a light
        read for comparing what a write would change (missing keys are absent)."""

    def relationships_from(
        self, starts: Sequence[str], source_keys: Sequence[str], props: Sequence[str]
    ) -> dict[tuple[str, str, str], dict[str, Any]]:
        """Only the named properties of the relationships starting at the nodes ``starts``
        whose ``source_ids`` name any of ``source_keys`` (read a batch of starts at a time:
        a caller may pass every key of the graph)."""

    def relationships_with_sources(
        self, source_keys: Sequence[str]
    ) -> dict[tuple[str, str, str], dict[str, Any]]:
        """Every relationship whose ``source_ids`` name any of ``source_keys``."""

    def nodes_with_label(self, label: str) -> list[Node]:
        """Every node with ``label`` (small bookkeeping sets such as ``Source``)."""

    def write_lock(
        self,
        purpose: str = "",
        *,
        wait: float | None = None,
        on_wait: Callable[[str], None] | None = None,
    ) -> AbstractContextManager[Lease]:
        """Hold the graph's one write lease (see :mod:`graph.lock`) while writing."""

    def delete_nodes(self, keys: Sequence[str]) -> int:
        """DETACH DELETE the nodes with these keys."""

    def delete_relationships(self, triples: Sequence[tuple[str, str, str]]) -> int:
        """Delete relationships given as ``(start key, type, end key)``."""

    def get_nodes(self, keys: Sequence[str]) -> dict[str, Node]:
        """Nodes by key (missing keys are absent from the result)."""

    def get_node(self, key: str) -> Node | None: ...

    def expand(self, keys: Sequence[str], types: Sequence[str] | None = None) -> list[Relationship]:
        """Every relationship touching any of ``keys`` (either direction), one batched query."""

    def neighbours(
        self, key: str, hops: int = 1, types: Sequence[str] | None = None, limit: int = 1000
    ) -> Subgraph:
        """The node and everything within ``hops`` (1–3), with the relationships between them."""

    def run(
        self,
        query: str,
        params: dict[str, Any] | None = None,
        *,
        write: bool = False,
        timeout: float | None = None,
    ) -> Result:
        """Run the project's own (trusted, parameterised) Cypher."""

    def read(
        self,
        query: str,
        params: dict[str, Any] | None = None,
        *,
        timeout: float | None = None,
        row_cap: int | None = None,
    ) -> Result:
        """Run untrusted Cypher with the engine in read-only mode, a timeout and a row cap
        (None: the store's limits, see :mod:`graph.limits`; a value only narrows them)."""

    def schema_objects(self) -> dict[str, list[str]]:
        """Indexes and constraints as ``Label.property`` strings."""

    def explain(self, query: str, params: dict[str, Any] | None = None) -> str:
        """The plan of ``query`` without running it (capability :data:`CAP_EXPLAIN`)."""

    def compact(self) -> None:
        """Rewrite the store's log after a large load (capability :data:`CAP_COMPACT`)."""

    def stats(self) -> dict[str, dict[str, int]]:
        """``{"nodes": {label: n}, "relationships": {type: n}}``."""

    def clear(self) -> None:
        """Delete every node and relationship (keeps the schema)."""

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc: object) -> None: ...
