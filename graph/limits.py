"""Query limits: one place that says how long, how many rows and how much memory a query gets.

The limits are enforced by the engines themselves wherever an engine has the knob (ARCHITECTURE
§7 "limits live in the engines"): FalkorDB's ``TIMEOUT_DEFAULT`` / ``TIMEOUT_MAX``,
``QUERY_MEM_CAPACITY`` and ``MAX_QUEUED_QUERIES`` are set on the embedded server at load time
and again when a store opens; Neo4j gets a per-transaction timeout with every transaction and
its per-transaction memory limit (``db.memory.transaction.max``) from its own configuration
(``scripts/neo4j`` sets it on the test server). The row cap stops the engine too: ad-hoc and
named queries get a ``LIMIT`` injected (:func:`queries.guard.cap_rows`), so no more than
``row_cap + 1`` rows are ever produced.

A store carries the limits it was opened with (from the settings); a request may narrow them
for the code it calls with :func:`limits_scope` (the HTTP API does, from its own settings), so
views, exports, named queries and Cypher all obey the same values without each call site
passing them down.

Example:
    >>> with limits_scope(Limits(timeout=2.0, row_cap=50)):
    ...     effective(store.limits).row_cap
    50
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from iegraph.ontology.settings import Settings


def _auto_threads() -> int:
    # more engine threads than cores: a light query gets a time slice while heavy ones run
    # (measured in bench/fair_share.py: with 2 threads two cartesian products blocked every
    # other read for their whole timeout)
    return max(4, 2 * (os.cpu_count() or 2))


@dataclass(frozen=True)
class Limits:
    """What one query may use.

    Attributes:
        timeout: seconds a read may run (engine-enforced).
        row_cap: most rows a read returns (the engine stops at ``row_cap + 1``).
        memory_mb: most memory one query may allocate, MiB (FalkorDB ``QUERY_MEM_CAPACITY``;
            for Neo4j, set ``db.memory.transaction.max`` on the server).
        timeout_max: seconds no query may exceed, whatever a caller asks (``TIMEOUT_MAX``).
        max_queued: queries waiting for an engine thread before new ones are refused.
        threads: engine threads of the embedded server (load time only; 0 = automatic).
        adhoc_concurrency: ad-hoc (untrusted) queries one process runs at once; the others
            wait up to their timeout (:func:`adhoc_slot`), so engine threads stay free for
            everyone else's reads.
    """

    timeout: float = 10.0
    row_cap: int = 10_000
    memory_mb: int = 512
    timeout_max: float = 300.0
    max_queued: int = 64
    threads: int = 0
    adhoc_concurrency: int = 2

    @classmethod
    def from_settings(cls, s: Settings) -> Limits:
        q = s.query
        return cls(
            timeout=float(q.query_timeout),
            row_cap=int(q.row_cap),
            memory_mb=int(q.query_memory_mb),
            timeout_max=max(float(q.query_timeout_max), float(q.query_timeout)),
            max_queued=int(q.max_queued_queries),
            threads=int(q.store_threads),
            adhoc_concurrency=max(1, int(q.max_concurrent_cypher)),
        )

    @property
    def engine_threads(self) -> int:
        return self.threads if self.threads > 0 else _auto_threads()

    def narrowed(self, timeout: float | None = None, row_cap: int | None = None) -> Limits:
        """These limits, lowered (never raised) by what a caller asks for."""
        t = min(self.timeout, timeout) if timeout else self.timeout
        r = min(self.row_cap, row_cap) if row_cap else self.row_cap
        return replace(self, timeout=t, row_cap=r)


_scope: contextvars.ContextVar[Limits | None] = contextvars.ContextVar(
    "iegraph_limits", default=None
)


@contextlib.contextmanager
def limits_scope(limits: Limits) -> Iterator[Limits]:
    """Run the enclosed code under ``limits`` (tighter of these and the store's own)."""
    token = _scope.set(limits)
    try:
        yield limits
    finally:
        _scope.reset(token)


def set_scope(limits: Limits | None) -> contextvars.Token[Limits | None]:
    """Set the limits of the current context (for ASGI middleware); reset with the token."""
    return _scope.set(limits)


def reset_scope(token: contextvars.Token[Limits | None]) -> None:
    _scope.reset(token)


def effective(store_limits: Limits) -> Limits:
    """The store's limits, narrowed by the current scope's (if any)."""
    s = _scope.get()
    if s is None:
        return store_limits
    return store_limits.narrowed(s.timeout, s.row_cap)


_slots: dict[int, threading.BoundedSemaphore] = {}
_slots_lock = threading.Lock()


@contextlib.contextmanager
def adhoc_slot(limits: Limits) -> Iterator[None]:
    """Hold one of the process's ``adhoc_concurrency`` slots for an untrusted query.

    Raises:
        StoreBusy: no slot came free within the query's timeout.
    """
    from iegraph.ontology.errors import StoreBusy

    with _slots_lock:
        sem = _slots.setdefault(
            limits.adhoc_concurrency, threading.BoundedSemaphore(limits.adhoc_concurrency)
        )
    if not sem.acquire(timeout=limits.timeout):
        raise StoreBusy(
            f"{limits.adhoc_concurrency} ad-hoc queries are already running",
            hint="retry in a moment; IEGRAPH_MAX_CONCURRENT_CYPHER sets how many run at once",
        )
    try:
        yield
    finally:
        sem.release()
