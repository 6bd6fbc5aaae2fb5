"""What both backends share: batching, the portable Cypher of the protocol methods, and the
normalisation of engine values into the project's own types.

A backend subclasses :class:`BaseStore` and implements ``_run`` (trusted Cypher),
``_read`` (engine-enforced read-only, timeout, row cap) and the schema DDL. Everything else —
and therefore every behaviour the contract tests check — is written once, here.
"""

from __future__ import annotations

import datetime as _dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, MutableSequence, Sequence
from contextlib import AbstractContextManager
from itertools import islice
from typing import TYPE_CHECKING, Any, Self, TypeVar

from iegraph.graph import cypher_common as cy
from iegraph.graph.grams import DERIVED_PROPS
from iegraph.graph.limits import Limits
from iegraph.graph.lock import Lease, hold
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
from iegraph.graph.store import (
    BULK_BATCH,
    CAP_BULK_BINARY,
    CAP_COMPACT,
    CAP_EXPLAIN,
    DEFAULT_BATCH,
)
from iegraph.ontology.errors import QueryTooLarge, Unsupported, ValidationError
from iegraph.ontology.names import MAX_KEY_BYTES
from iegraph.ontology.values import check_identifier, is_identifier

if TYPE_CHECKING:
    from iegraph.ontology.schema import Schema

T = TypeVar("T")


#: labels and relationship types are interpolated into Cypher: the value layer's check
check_ident = check_identifier


def check_key(key: str) -> str:
    """The last lock before the engine: no key longer than :data:`MAX_KEY_BYTES` is written
    (FalkorDB 4.16 crashed, signal 11 in its unique-constraint check, on keys of about
    4 KB; :func:`ontology.names.entity_key` hashes long names, so only a key built by hand
    can get here)."""
    if len(key.encode("utf-8")) > MAX_KEY_BYTES:
        raise ValidationError(
            f"the key {key[:40]!r}… is {len(key.encode('utf-8'))} bytes long "
            f"(limit {MAX_KEY_BYTES})",
            hint="build keys with ontology.names.entity_key, which shortens long names",
            field="key",
        )
    return key


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


_SCALAR_TYPES = frozenset({str, int, float, bool, type(None)})


def plain(value: Any) -> Any:
    """A property value as stored: primitives and lists of primitives; dates as ISO text.
    (Called for every value crossing the boundary, so scalars and lists of scalars — nearly
    all of them — return on the first checks.)"""
    t = type(value)
    if t in _SCALAR_TYPES:
        return value
    if t is list or t is tuple:
        if all(type(v) in _SCALAR_TYPES for v in value):
            return list(value) if t is tuple else value
        return [plain(v) for v in value]
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    return value


#: identifiers besides the ontology's code properties that name one entity exactly (indexed on
#: every entity that has them: the explorer's search box looks them up)
LOOKUP_CODES = ("doc_number", "policy_id", "credit_code")


def node_props_out(props: dict[str, Any]) -> dict[str, Any]:
    """Properties as read out of the store: plain values, without the index keys the store
    derives for itself (:data:`graph.grams.DERIVED_PROPS`)."""
    scalar = _SCALAR_TYPES
    return {
        k: (v if type(v) in scalar else plain(v))
        for k, v in props.items()
        if k not in DERIVED_PROPS
    }


def _present(props: dict[str, Any]) -> dict[str, Any]:
    """Properties as stored by a CREATE: an absent property reads as null, so nulls and
    empty lists need not travel."""
    scalar = _SCALAR_TYPES
    return {
        k: (v if type(v) in scalar else plain(v))
        for k, v in props.items()
        if v is not None and v != []
    }


class BaseStore:
    """Shared implementation of :class:`graph.store.GraphStore`."""

    backend = "base"
    location = ""
    capabilities: frozenset[str] = frozenset()
    limits: Limits = Limits()
    #: rows per write statement the server has accepted (lowered when it refuses a batch)
    _rows_cap: int = 1 << 30

    # -- to be provided by the backend -------------------------------------------------------
    def _run(
        self, query: str, params: dict[str, Any], *, write: bool, timeout: float | None
    ) -> Result:  # pragma: no cover - abstract
        raise NotImplementedError

    def run(
        self,
        query: str,
        params: dict[str, Any] | None = None,
        *,
        write: bool = False,
        timeout: float | None = None,
    ) -> Result:
        return self._run(query, params or {}, write=write, timeout=timeout)

    # -- writes ------------------------------------------------------------------------------
    def upsert_nodes(self, rows: Iterable[NodeRecord], batch_size: int = DEFAULT_BATCH) -> int:
        by_labels: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
        index = self._search_props
        for rec in rows:
            check_key(rec.key)
            props = index({k: plain(v) for k, v in rec.props.items()})
            props["key"] = rec.key
            by_labels[tuple(rec.labels)].append({"key": rec.key, "props": props})
        written = sum(
            self._upsert_node_group(labels, group, batch_size)
            for labels, group in by_labels.items()
        )
        self._after_write(written)
        return written

    def _upsert_node_group(
        self, labels: tuple[str, ...], group: list[dict[str, Any]], batch_size: int
    ) -> int:
        """Portable form: MERGE on the key, then SET properties and labels."""
        return self._write_rows(cy.upsert_nodes(labels), group, batch_size)

    def upsert_relationships(
        self, rows: Iterable[RelRecord], batch_size: int = DEFAULT_BATCH
    ) -> int:
        by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for rec in rows:
            by_type[rec.type].append(
                {"s": rec.start, "e": rec.end, "props": {k: plain(v) for k, v in rec.props.items()}}
            )
        written = 0
        for rel_type, group in by_type.items():
            written += self._write_rows(cy.upsert_rels(rel_type), group, batch_size)
        self._after_write(written)
        return written

    def _write_rows(self, query: str, group: list[dict[str, Any]], batch_size: int) -> int:
        """Send ``group`` through ``query`` (an UNWIND $rows statement, one transaction per
        batch) and return the count it reports. A batch the server refuses as too large for
        one transaction (its per-transaction memory limit) is halved and sent again — the
        refused transaction wrote nothing — and later batches keep the smaller size; one row
        too large for the limit is an error as before."""
        n, i, size = 0, 0, max(1, min(batch_size, self._rows_cap))
        while i < len(group):
            batch = group[i : i + size]
            try:
                res = self._run(query, {"rows": batch}, write=True, timeout=None)
            except QueryTooLarge:
                if size == 1:
                    raise
                size = max(1, size // 2)
                self._rows_cap = size  # the next statements start there
                continue
            n += int(res.rows[0][0]) if res.rows else len(batch)
            i += len(batch)
        return n

    @staticmethod
    def _search_props(props: dict[str, Any]) -> dict[str, Any]:
        """Hook: the backend's substring-search keys derived from ``search_keys``
        (:mod:`graph.grams`)."""
        return props

    def _after_write(self, count: int) -> None:
        """Hook: the embedded backend compacts its append-only file after bulk loads."""

    def delete_nodes(self, keys: Sequence[str]) -> int:
        n = 0
        for batch in chunks(keys, DEFAULT_BATCH):
            res = self._run(cy.DELETE_NODES, {"keys": batch}, write=True, timeout=None)
            n += int(res.rows[0][0]) if res.rows else 0
        return n

    def delete_relationships(self, triples: Sequence[tuple[str, str, str]]) -> int:
        by_type: dict[str, list[dict[str, str]]] = defaultdict(list)
        for s, t, e in triples:
            by_type[t].append({"s": s, "e": e})
        n = 0
        for t, group in by_type.items():
            for batch in chunks(group, DEFAULT_BATCH):
                res = self._run(cy.delete_rels(t), {"rows": batch}, write=True, timeout=None)
                n += int(res.rows[0][0]) if res.rows else 0
        return n

    def create_nodes(self, rows: Iterable[NodeRecord], batch_size: int = DEFAULT_BATCH) -> int:
        """CREATE nodes whose keys are new (the key constraint refuses a duplicate)."""
        by_labels: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
        index = self._search_props
        for rec in rows:
            props = _present(index(dict(rec.props)))
            props["key"] = rec.key
            by_labels[tuple(rec.labels)].append(props)
        n = 0
        for labels, group in by_labels.items():
            n += self._write_rows(cy.create_nodes(labels), group, batch_size)
        self._after_write(n)
        return n

    def create_relationships(
        self, rows: Iterable[RelRecord], batch_size: int = DEFAULT_BATCH
    ) -> int:
        """CREATE relationships known not to exist yet (no MERGE: the writer has read them)."""
        by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for rec in rows:
            by_type[rec.type].append({"s": rec.start, "e": rec.end, "p": _present(rec.props)})
        n = 0
        for rel_type, group in by_type.items():
            n += self._write_rows(cy.create_rels(rel_type), group, batch_size)
        self._after_write(n)
        return n

    def bulk_load(self, nodes: Sequence[NodeRecord], rels: Sequence[RelRecord]) -> tuple[int, int]:
        """Create many new nodes, then relationships among any nodes, through the engine's
        fastest path. The caller guarantees the node keys and relationships are new (the
        writer holds the write lock and has read them). Portable form: large CREATE batches."""
        return (
            self.create_nodes(nodes, BULK_BATCH) if nodes else 0,
            self.create_relationships(rels, BULK_BATCH) if rels else 0,
        )

    def get_relationships(
        self, triples: Sequence[tuple[str, str, str]]
    ) -> dict[tuple[str, str, str], dict[str, Any]]:
        """Properties of the relationships that exist among ``(start, type, end)`` triples."""
        out: dict[tuple[str, str, str], dict[str, Any]] = {}
        for batch in chunks(dict.fromkeys(triples), DEFAULT_BATCH):
            res = self._run(
                cy.RELS_BY_TRIPLE, {"rows": [list(t) for t in batch]}, write=False, timeout=None
            )
            for a, t, b, props in res.rows:
                out[(a, t, b)] = node_props_out(props or {})
        return out

    def get_node_props(
        self, keys: Sequence[str], props: Sequence[str]
    ) -> dict[str, dict[str, Any]]:
        """Only the named properties (absent ones as None) of the nodes with these keys."""
        out: dict[str, dict[str, Any]] = {}
        q = cy.node_props_by_key(props)
        for batch in chunks(dict.fromkeys(keys), DEFAULT_BATCH):
            for key, *values in self._run(q, {"keys": batch}, write=False, timeout=None).rows:
                out[key] = dict(zip(props, values, strict=True))
        return out

    def relationships_from(
        self, starts: Sequence[str], source_keys: Sequence[str], props: Sequence[str]
    ) -> dict[tuple[str, str, str], dict[str, Any]]:
        """Only the named properties of the relationships starting at ``starts`` whose
        ``source_ids`` name any of ``source_keys``."""
        out: dict[tuple[str, str, str], dict[str, Any]] = {}
        q = cy.rels_of_sources_from(props)
        keys = sorted(source_keys)
        for batch in chunks(dict.fromkeys(starts), DEFAULT_BATCH):
            res = self._run(q, {"starts": batch, "keys": keys}, write=False, timeout=None)
            for a, t, b, *values in res.rows:
                out[(a, t, b)] = dict(zip(props, values, strict=True))
        return out

    def relationships_with_sources(
        self, source_keys: Sequence[str]
    ) -> dict[tuple[str, str, str], dict[str, Any]]:
        """Every relationship whose ``source_ids`` name any of ``source_keys``."""
        res = self._run(
            cy.RELS_OF_SOURCES, {"keys": sorted(source_keys)}, write=False, timeout=None
        )
        return {(a, t, b): node_props_out(p or {}) for a, t, b, p in res.rows}

    def nodes_with_label(self, label: str) -> list[Node]:
        """Every node carrying ``label`` (for small bookkeeping sets such as ``Source``)."""
        res = self._run(cy.nodes_with_label(label), {}, write=False, timeout=None)
        return [Node(key=k, labels=list(lb), props=node_props_out(p)) for k, lb, p in res.rows]

    def write_lock(
        self,
        purpose: str = "",
        *,
        wait: float | None = None,
        on_wait: Callable[[str], None] | None = None,
    ) -> AbstractContextManager[Lease]:
        """The graph's write lease (see :mod:`graph.lock`): one writer at a time, held by the
        store itself so every process sees it."""
        return hold(self, purpose, wait=wait, on_wait=on_wait)

    def _lease_try(self, owner: str, ttl_ms: int) -> str | None:  # pragma: no cover
        raise NotImplementedError

    def _lease_renew(self, owner: str, ttl_ms: int) -> bool:  # pragma: no cover
        raise NotImplementedError

    def _lease_release(self, owner: str, wrote: bool) -> str:  # pragma: no cover
        raise NotImplementedError

    def _lease_generation(self) -> str:  # pragma: no cover
        raise NotImplementedError

    def clear(self) -> None:
        self._run(cy.CLEAR, {}, write=True, timeout=None)

    # -- reads -------------------------------------------------------------------------------
    def get_nodes(self, keys: Sequence[str]) -> dict[str, Node]:
        out: dict[str, Node] = {}
        for batch in chunks(dict.fromkeys(keys), DEFAULT_BATCH):
            res = self._run(cy.NODES_BY_KEY, {"keys": batch}, write=False, timeout=None)
            for key, labels, props in res.rows:
                out[key] = Node(key=key, labels=list(labels), props=node_props_out(props))
        return out

    def get_node(self, key: str) -> Node | None:
        return self.get_nodes([key]).get(key)

    def expand(self, keys: Sequence[str], types: Sequence[str] | None = None) -> list[Relationship]:
        seen: set[tuple[str, str, str]] = set()
        out: list[Relationship] = []
        for batch in chunks(dict.fromkeys(keys), DEFAULT_BATCH):
            if types:
                res = self._run(
                    cy.EXPAND_TYPED,
                    {"keys": batch, "types": list(types)},
                    write=False,
                    timeout=None,
                )
            else:
                res = self._run(cy.EXPAND_ALL, {"keys": batch}, write=False, timeout=None)
            for s, t, e, props in res.rows:
                if (s, t, e) in seen:
                    continue
                seen.add((s, t, e))
                out.append(
                    Relationship(
                        type=t, start=s, end=e, props=node_props_out(props), id=f"{s}|{t}|{e}"
                    )
                )
        return out

    def neighbours(
        self, key: str, hops: int = 1, types: Sequence[str] | None = None, limit: int = 1000
    ) -> Subgraph:
        """Breadth-first, one batched query per hop (portable, and faster than a variable-
        length pattern on both engines once the neighbourhood branches)."""
        hops = max(1, min(int(hops), 3))
        start = self.get_node(key)
        if start is None:
            return Subgraph()
        seen = {key}
        frontier = [key]
        rels: dict[str, Relationship] = {}
        for _ in range(hops):
            if not frontier or len(seen) >= limit:
                break
            nxt: list[str] = []
            for r in self.expand(frontier, types):
                for k in (r.start, r.end):
                    if k not in seen and len(seen) < limit:
                        seen.add(k)
                        nxt.append(k)
                if r.start in seen and r.end in seen:
                    rels[r.id] = r
            frontier = nxt
        nodes = self.get_nodes(list(seen))
        # relationships among the collected nodes that the last hop did not traverse
        for r in self.expand(frontier, types) if frontier else []:
            if r.start in nodes and r.end in nodes:
                rels.setdefault(r.id, r)
        return Subgraph(
            nodes=[nodes[k] for k in seen if k in nodes], relationships=list(rels.values())
        )

    def stats(self) -> dict[str, dict[str, int]]:
        labels = [row[0] for row in self._run(cy.LABELS, {}, write=False, timeout=None).rows]
        nodes: dict[str, int] = {}
        for label in labels:
            if not is_identifier(label):
                continue
            res = self._run(cy.count_label(label), {}, write=False, timeout=None)
            n = int(res.rows[0][0])
            if n:
                nodes[label] = n
        rels = {
            t: int(c) for t, c in self._run(cy.REL_TYPE_COUNTS, {}, write=False, timeout=None).rows
        }
        return {"nodes": dict(sorted(nodes.items())), "relationships": dict(sorted(rels.items()))}

    # -- optional operations (a backend that offers one declares its capability) -------------
    def explain(self, query: str, params: dict[str, Any] | None = None) -> str:
        raise Unsupported(
            f"the {self.backend} backend cannot explain a query without running it",
            hint=f"check `{CAP_EXPLAIN!r} in store.capabilities` first",
        )

    def bulk_nodes(self, rows: Iterable[NodeRecord], ids: MutableSequence[int]) -> int:
        raise self._no_binary_bulk()

    def bulk_edges(self, batches: Iterable[EdgeColumns | EncodedEdges]) -> int:
        raise self._no_binary_bulk()

    def encode_edges(self, batch: EdgeColumns) -> EncodedEdges:
        raise self._no_binary_bulk()

    def _no_binary_bulk(self) -> Unsupported:
        return Unsupported(
            f"the {self.backend} backend has no binary bulk protocol",
            hint=f"check `{CAP_BULK_BINARY!r} in store.capabilities` first",
        )

    def compact(self) -> None:
        raise Unsupported(
            f"the {self.backend} backend has no log to compact",
            hint=f"check `{CAP_COMPACT!r} in store.capabilities` first",
        )

    def schema_objects(self) -> dict[str, list[str]]:  # pragma: no cover - backend specific
        raise NotImplementedError

    def apply_schema(self, schema: Schema) -> None:  # pragma: no cover - backend specific
        raise NotImplementedError

    def index_plan(self, schema: Schema) -> list[tuple[str, str]]:
        """(label, property) pairs to index: ``Entity.key`` (unique), the lookup properties,
        and every ontology class's identifying property — so a class added to the ontology
        gets its index with no code change."""
        plan = [("Entity", "key"), ("Entity", "name_norm"), ("Entity", "class"), ("Entity", "top")]
        for c in schema.classes.values():
            plan.append((check_ident(c.name), check_ident(c.key_property, "property")))
        for c in schema.classes.values():  # official codes (moe_code, adcode) resolve directly
            if c.code_property and (c.parent is None or not schema.classes[c.parent].code_property):
                plan.append((check_ident(c.name), check_ident(c.code_property, "property")))
        # other identifiers the explorer's search box looks up (policy numbers, credit codes)
        plan += [("Entity", p) for p in LOOKUP_CODES]
        return list(dict.fromkeys(plan))

    def close(self) -> None:  # pragma: no cover - backend specific
        pass

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
