"""The Neo4j backend, through the official driver (6.x).

Managed transactions (``execute_read`` / ``execute_write``, retried by the driver on transient
errors), routing URIs (``neo4j://``, ``neo4j+s://``) work unchanged on a cluster, writes are
batched ``UNWIND $rows`` upserts, constraints and indexes come from the ontology.

Example:
    >>> store = Neo4jStore("bolt://127.0.0.1:7687", "neo4j", "secret")
    >>> store.stats()
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any

from iegraph.graph import cypher_neo4j as nq
from iegraph.graph.base import BaseStore, node_props_out, plain
from iegraph.graph.grams import add_text
from iegraph.graph.limits import Limits, effective
from iegraph.graph.model import Node, Relationship, Result
from iegraph.graph.model import Path as GPath
from iegraph.graph.store import CAP_BULK_LOAD, CAP_FULLTEXT, CAP_ROUTING, CAP_SHORTEST_PATH
from iegraph.ontology.errors import (
    AuthError,
    ConstraintViolation,
    IegraphError,
    QueryError,
    QueryTimeout,
    QueryTooLarge,
    ReadOnlyViolation,
    StoreError,
    StoreUnavailable,
)

if TYPE_CHECKING:
    from iegraph.ontology.schema import Schema
    from iegraph.ontology.settings import Settings


#: Neo4j status codes (``Neo4jError.code``) with a meaning of their own here
TIMEOUT_CODES = frozenset(
    {
        "Neo.ClientError.Transaction.TransactionTimedOut",
        "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
    }
)
READ_ONLY_CODES = frozenset(
    {
        "Neo.ClientError.Statement.AccessMode",
        "Neo.ClientError.Security.Forbidden",
    }
)


_LOCK_NAME = "writer"


def _translate(exc: Exception, uri: str = "") -> StoreError:
    """The driver's exception as an iegraph error, by exception class and status code (the
    driver gives both; the message text is only shown, never parsed)."""
    import neo4j.exceptions as nx

    code = (exc.code or "") if isinstance(exc, nx.Neo4jError) else ""
    msg = (exc.message if isinstance(exc, nx.Neo4jError) else None) or str(exc)
    if isinstance(exc, nx.AuthError):
        return AuthError(
            f"Neo4j at {uri} refused the credentials",
            hint="check NEO4J_USERNAME and NEO4J_PASSWORD",
        )
    if isinstance(exc, nx.ServiceUnavailable | nx.SessionExpired | OSError):
        return StoreUnavailable(
            f"cannot reach Neo4j at {uri} ({msg})",
            hint="check NEO4J_URI and that the server is running "
            "(for the test server: scripts/neo4j start)",
        )
    if "MemoryPoolOutOfMemoryError" in code or "memory limit" in msg.lower():
        return QueryTooLarge(
            "the query needed more memory than one transaction may use",
            hint="narrow the query (LIMIT, fewer hops, smaller ranges); the server's "
            "db.memory.transaction.max sets the limit",
        )
    if code in TIMEOUT_CODES:
        return QueryTimeout(
            "the query ran past its time limit",
            hint="narrow the query (LIMIT, fewer hops) or raise --timeout",
        )
    if code in READ_ONLY_CODES or isinstance(exc, nx.Forbidden | nx.ForbiddenOnReadOnlyDatabase):
        return ReadOnlyViolation(
            "this entry point is read-only: the query tries to write",
            hint="use a MATCH … RETURN query; writes go through ingestion",
        )
    if isinstance(exc, nx.ConstraintError):
        return ConstraintViolation(
            f"a uniqueness constraint refused the write: {msg}",
            hint="two different records share one key",
        )
    if isinstance(exc, nx.ConfigurationError):
        return StoreUnavailable(
            f"bad Neo4j configuration: {msg}",
            hint="check NEO4J_URI (bolt://, neo4j://, neo4j+s:// …)",
        )
    if isinstance(exc, nx.ClientError):  # CypherSyntaxError, CypherTypeError …
        return QueryError(
            f"the query was refused: {msg}", hint="check the Cypher syntax and parameters"
        )
    return StoreError(f"Neo4j error: {msg}", hint="see the Neo4j log")


class Neo4jStore(BaseStore):
    backend = "neo4j"
    capabilities = frozenset({CAP_BULK_LOAD, CAP_FULLTEXT, CAP_ROUTING, CAP_SHORTEST_PATH})

    def __init__(
        self,
        uri: str,
        username: str,
        password: str,
        database: str = "neo4j",
        *,
        limits: Limits | None = None,
    ) -> None:
        import neo4j

        self.limits = limits or Limits()
        self.uri = uri
        self.location = uri
        self.database = database
        try:
            self._driver = neo4j.GraphDatabase.driver(
                uri,
                auth=(username, password),
                connection_timeout=10,
                max_transaction_retry_time=15,
                notifications_min_severity="OFF",
            )
            self._driver.verify_connectivity()
        except Exception as exc:
            raise _translate(exc, uri) from exc
        # created before the first write, not at open: a read-only user (or a read replica)
        # must be able to open the store without schema rights
        self._key_ready = False
        self._lock_ready = False

    @classmethod
    def from_settings(cls, settings: Settings) -> Neo4jStore:
        return cls(
            settings.store.neo4j_uri,
            settings.store.neo4j_username,
            settings.store.neo4j_password,
            settings.store.neo4j_database,
            limits=Limits.from_settings(settings),
        )

    # -- execution ---------------------------------------------------------------------------
    def _run(
        self, query: str, params: dict[str, Any], *, write: bool, timeout: float | None
    ) -> Result:
        import neo4j

        if write and not self._key_ready:
            # every upsert MERGEs on Entity.key; make sure that never scans, ontology or not
            try:
                with self._driver.session(database=self.database) as session:
                    session.run(nq.KEY_CONSTRAINT).consume()
            except Exception as exc:
                raise _translate(exc, self.uri) from exc
            self._key_ready = True
        if not write and timeout is None:
            timeout = self.limits.timeout  # the configured limit (a request scope narrows only
            # ad-hoc, named, view and export queries, which pass their own)

        import neo4j.exceptions as nx

        @neo4j.unit_of_work(timeout=timeout)
        def work(tx: Any) -> Result:
            try:
                res = tx.run(query, params)
                cols = list(res.keys())
                raw = [list(rec.values()) for rec in res]
            except nx.TransientError as exc:
                # over the per-transaction memory limit: no retry of the same statement (the
                # writer sends it again in halves)
                if "MemoryPool" in (exc.code or ""):
                    raise _translate(exc, self.uri) from exc
                raise
            return Result(columns=cols, rows=self._convert_rows(tx, raw))

        try:
            with self._driver.session(database=self.database) as session:
                out = session.execute_write(work) if write else session.execute_read(work)
        except IegraphError:
            raise
        except Exception as exc:
            raise _translate(exc, self.uri) from exc
        return out

    def read(
        self,
        query: str,
        params: dict[str, Any] | None = None,
        *,
        timeout: float | None = None,
        row_cap: int | None = None,
    ) -> Result:
        """READ access mode (the server refuses writes), a server-side transaction timeout,
        and records streamed only up to the row cap (the driver pulls in batches, so the
        server stops producing once the cap is reached)."""
        import neo4j

        lim = effective(self.limits).narrowed(timeout, row_cap)
        row_cap = lim.row_cap

        import neo4j.exceptions as nx

        @neo4j.unit_of_work(timeout=lim.timeout)
        def work(tx: Any) -> Result:
            try:
                res = tx.run(query, params or {})
                cols = list(res.keys())
                rows: list[list[Any]] = []
                truncated = False
                for rec in res:
                    if len(rows) >= row_cap:
                        truncated = True
                        break
                    rows.append(list(rec.values()))
            except nx.TransientError as exc:
                # the memory limit is reported as transient, and the driver would retry the
                # same query for 15 s; running it again cannot need less memory
                if "MemoryPool" in (exc.code or ""):
                    raise _translate(exc, self.uri) from exc
                raise
            return Result(columns=cols, rows=self._convert_rows(tx, rows), truncated=truncated)

        try:
            with self._driver.session(
                database=self.database, default_access_mode=neo4j.READ_ACCESS
            ) as session:
                return session.execute_read(work)
        except IegraphError:
            raise
        except Exception as exc:
            if isinstance(exc, nx.DatabaseError):
                # untrusted text: Neo4j 5.26 answers some malformed queries (e.g. a lone
                # backslash) with a DatabaseError instead of a syntax error
                raise QueryError(
                    f"Neo4j could not run this query: {exc.message or exc}",
                    hint="check the Cypher syntax",
                ) from exc
            raise _translate(exc, self.uri) from exc

    # -- normalisation -----------------------------------------------------------------------
    def _convert_rows(self, tx: Any, raw: list[list[Any]]) -> list[list[Any]]:
        """Relationships name their ends by key; a relationship returned without its nodes
        carries only element ids, so look those keys up in the same transaction."""
        import neo4j.graph as ng

        missing: set[str] = set()

        def scan(v: Any) -> None:
            if isinstance(v, ng.Relationship):
                for n in (v.start_node, v.end_node):
                    if n is not None and n.get("key") is None:
                        missing.add(n.element_id)
            elif isinstance(v, list):
                for x in v:
                    scan(x)
            elif isinstance(v, dict):
                for x in v.values():
                    scan(x)

        for row in raw:
            for v in row:
                scan(v)
        keys: dict[str, str] = {}
        if missing:
            res = tx.run(nq.KEYS_BY_ELEMENT_ID, ids=list(missing))
            keys = {r["id"]: r["key"] for r in res if r["key"] is not None}
        return [[self._conv(v, keys) for v in row] for row in raw]

    @staticmethod
    def _end_key(node: Any, keys: dict[str, str]) -> str:
        key = node.get("key") if node is not None else None
        if key is not None:
            return str(key)
        eid = node.element_id if node is not None else "?"
        return keys.get(eid, eid)

    def _conv(self, v: Any, keys: dict[str, str] | None = None) -> Any:
        keys = keys if keys is not None else {}
        import neo4j.graph as ng
        import neo4j.time as nt

        if isinstance(v, ng.Node):
            props = node_props_out(dict(v))
            return Node(
                key=str(props.get("key", v.element_id)), labels=sorted(v.labels), props=props
            )
        if isinstance(v, ng.Relationship):
            sk, ek = self._end_key(v.start_node, keys), self._end_key(v.end_node, keys)
            return Relationship(
                type=v.type,
                start=sk,
                end=ek,
                props=node_props_out(dict(v)),
                id=f"{sk}|{v.type}|{ek}",
            )
        if isinstance(v, ng.Path):
            return GPath(
                nodes=[self._conv(n, keys) for n in v.nodes],
                relationships=[self._conv(r, keys) for r in v.relationships],
            )
        if isinstance(v, nt.Date | nt.DateTime | nt.Time):
            return v.iso_format()
        if isinstance(v, _dt.date | _dt.datetime):
            return v.isoformat()
        if isinstance(v, list):
            return [self._conv(x, keys) for x in v]
        if isinstance(v, dict):
            return {k: self._conv(x, keys) for k, x in v.items()}
        return plain(v)

    # -- schema ------------------------------------------------------------------------------
    _search_props = staticmethod(add_text)

    def apply_schema(self, schema: Schema) -> None:
        stmts = [nq.KEY_CONSTRAINT, nq.SEARCH_TEXT_INDEX, nq.SEARCH_CJK_INDEX]
        for label, prop in self.index_plan(schema):
            if (label, prop) == ("Entity", "key"):
                continue  # the constraint brings its own index
            stmts.append(nq.create_index(label, prop))
        try:
            with self._driver.session(database=self.database) as session:
                for st in stmts:
                    session.run(st).consume()
                session.run(nq.AWAIT_INDEXES).consume()
        except Exception as exc:
            raise _translate(exc, self.uri) from exc

    def schema_objects(self) -> dict[str, list[str]]:
        res = self._run(
            nq.INDEXES,
            {},
            write=False,
            timeout=None,
        )
        idx = sorted(f"{r[0][0]}.{r[1][0]}" for r in res.rows if r[0] and r[1])
        res = self._run(
            nq.CONSTRAINTS,
            {},
            write=False,
            timeout=None,
        )
        cons = sorted(f"{r[0][0]}.{','.join(r[1])}:{r[2]}" for r in res.rows)
        return {"indexes": idx, "constraints": cons}

    # -- bulk path ---------------------------------------------------------------------------
    # The portable bulk_load (BaseStore) sends BULK_BATCH-row UNWIND … CREATE statements:
    # Neo4j's own bulk path over Bolt. (`neo4j-admin database import` of our CSV export is
    # faster still, but needs the database offline — an operator's step, see the README.)

    # -- write lease (graph.lock) -------------------------------------------------------------
    # a lock node under a uniqueness constraint: concurrent MERGEs of it serialise on the
    # constraint's index entry, and the SET takes the node's write lock; the server clock
    # (timestamp()) decides expiry, so clients' clocks do not matter
    def _lease_run(self, query: str, params: dict[str, Any]) -> Result:
        if not self._lock_ready:
            try:
                with self._driver.session(database=self.database) as session:
                    session.run(nq.LEASE_CONSTRAINT).consume()
            except Exception as exc:
                raise _translate(exc, self.uri) from exc
            self._lock_ready = True
        return self._run(query, params, write=True, timeout=None)

    def _lease_try(self, owner: str, ttl_ms: int) -> str | None:
        res = self._lease_run(nq.LEASE_TRY, {"name": _LOCK_NAME, "owner": owner, "ttl": ttl_ms})
        holder = str(res.rows[0][0]) if res.rows else ""
        return None if holder == owner else holder

    def _lease_renew(self, owner: str, ttl_ms: int) -> bool:
        res = self._lease_run(nq.LEASE_RENEW, {"name": _LOCK_NAME, "owner": owner, "ttl": ttl_ms})
        return bool(res.rows and int(res.rows[0][0]))

    def _lease_release(self, owner: str, wrote: bool) -> str:
        self._lease_run(nq.LEASE_RELEASE, {"name": _LOCK_NAME, "owner": owner})
        return self._lease_generation()

    def _lease_generation(self) -> str:
        # the lock node is deleted at release (a bookkeeping node must not show up in the
        # user's graph), so no counter survives between writers: report "unknown", which
        # makes a caching writer re-read the graph at each acquire
        import uuid

        return uuid.uuid4().hex

    def clear(self) -> None:
        # batched so a large graph does not need one huge transaction
        while True:
            res = self._run(
                nq.CLEAR_BATCH,
                {},
                write=True,
                timeout=None,
            )
            if not res.rows or int(res.rows[0][0]) == 0:
                break

    def close(self) -> None:
        try:
            self._driver.close()
        except Exception:  # noqa: BLE001, S110 — closing twice is harmless
            pass
