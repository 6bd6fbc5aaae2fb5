"""The project's own graph types: every backend returns these, never driver objects.

Conventions every layer follows (the store itself does not enforce them):

* every node has the label ``Entity`` plus its class chain (``Institution``,
  ``VocationalCollege`` …) and a unique ``key`` property;
* node properties: ``name`` (display form), ``name_norm`` (normalised Simplified form),
  ``class`` (most specific class), ``top`` (top-level class, or ``Source``/``StrategyPoint``/
  ``Concept``…), ``aliases`` (list of every known surface name), ``search_keys`` (normalised
  names for search), ``source_ids`` (list of Source keys that assert the node), optional
  ``valid_from`` / ``valid_to`` (ISO date strings ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``);
* a relationship is identified by ``(start key, type, end key)``; symmetric types are stored
  once, start key < end key; properties: ``source_ids`` (list), ``evidence`` (list of JSON
  strings, one per assertion: source, locator, text, extractor, version, confidence,
  ingested_at), ``confidence`` (float), ``valid_from`` / ``valid_to``;
* property values are primitives or lists of primitives (FalkorDB has no nested maps);
  dates are ISO strings, which compare correctly as text and behave the same on both engines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple


@dataclass(frozen=True)
class NodeRecord:
    """A node to write. ``labels`` excludes ``Entity`` (always added)."""

    key: str
    labels: tuple[str, ...]
    props: dict[str, Any]


@dataclass(frozen=True)
class RelRecord:
    """A relationship to write between two existing nodes (by key)."""

    type: str
    start: str
    end: str
    props: dict[str, Any] = field(default_factory=dict)


class BulkEdge(NamedTuple):
    """A relationship for a streamed bulk load (:meth:`graph.store.GraphStore.bulk_edges`):
    its ends given by the internal ids :meth:`~graph.store.GraphStore.bulk_nodes` returned."""

    start: int
    end: int
    type: str
    props: dict[str, Any]


class EdgeColumns(NamedTuple):
    """New relationships of one type for a streamed bulk load
    (:meth:`graph.store.GraphStore.bulk_edges`), a column per property: relationship ``i``
    goes from ``starts[i]`` to ``ends[i]`` (internal ids :meth:`~graph.store.GraphStore.bulk_nodes`
    gave) and has ``props[k][i]`` as property ``k`` (``None``: left out) — what many
    :class:`BulkEdge` say, without a dictionary per relationship."""

    type: str
    starts: Sequence[int]
    ends: Sequence[int]
    props: dict[str, Sequence[Any]]


class EncodedEdges(NamedTuple):
    """New relationships of one type already in the store's binary bulk form but for their
    ends (:meth:`graph.store.GraphStore.encode_edges` of an :class:`EdgeColumns`): so that
    only the ends remain to be given — the encoding can run in another process before the
    internal ids of the ends are known. ``data`` holds the records back to back (record
    ``i`` is ``data[at[i]:at[i + 1]]``, the properties in the order ``names`` lists, room
    left for its ends, which the store fills in place)."""

    type: str
    starts: Sequence[int]
    ends: Sequence[int]
    names: list[str]
    data: bytearray
    at: Sequence[int]


@dataclass
class Node:
    key: str
    labels: list[str]
    props: dict[str, Any]

    @property
    def name(self) -> str:
        return str(self.props.get("name", self.key))

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "labels": self.labels, "properties": self.props}


@dataclass
class Relationship:
    type: str
    start: str  # start node key
    end: str  # end node key
    props: dict[str, Any]
    id: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "start": self.start,
            "end": self.end,
            "properties": self.props,
        }


@dataclass
class Path:
    nodes: list[Node]
    relationships: list[Relationship]

    @property
    def length(self) -> int:
        return len(self.relationships)

    def to_json(self) -> dict[str, Any]:
        return {
            "length": self.length,
            "nodes": [n.to_json() for n in self.nodes],
            "relationships": [r.to_json() for r in self.relationships],
        }


@dataclass
class Subgraph:
    nodes: list[Node] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "nodes": [n.to_json() for n in self.nodes],
            "relationships": [r.to_json() for r in self.relationships],
        }


@dataclass
class Result:
    """Rows of a query; values normalised (Node, Relationship, Path, primitives, lists, dicts)."""

    columns: list[str]
    rows: list[list[Any]]
    truncated: bool = False

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, r, strict=False)) for r in self.rows]
