"""One writer at a time per graph: a lease the *store* holds, so every process that opens the
same graph (CLI ingests, the API's jobs, another machine on Neo4j) sees it.

A backend provides four primitives (:class:`LockPrimitives`); :func:`hold` turns them into a
context manager that

* tries to take the lease; while another writer holds it, tells the caller once
  ("waiting for another ingest …", with the holder) and retries until ``wait`` runs out
  (then :class:`~iegraph.ontology.errors.StoreBusy`);
* renews the lease from a daemon thread while the body runs (a lease, not a lock for ever: a
  writer killed with ``kill -9`` stops renewing and the lease lapses after ``ttl``);
* releases it at the end, recording that a write happened.

The lease also carries a *generation*: a number that changes whenever another writer wrote.
A writer that caches what it read from the graph (the name index) compares the generation
after its last release with the one at its next acquire, and rebuilds when they differ (a
backend that cannot tell returns a fresh value each time: the cache is then always rebuilt).

Example:
    >>> with store.write_lock("ingest orgs.csv", on_wait=print) as lease:
    ...     ...  # read, plan, write
    ...     lease.wrote = True
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from iegraph.ontology.errors import StoreBusy

#: lease time to live; renewed every third of it while the holder works
LEASE_TTL_S = 30.0
#: how long a writer waits for another one by default (a national list takes minutes)
DEFAULT_WAIT_S = 3600.0
_POLL_S = 0.25


class LockPrimitives(Protocol):
    def _lease_try(self, owner: str, ttl_ms: int) -> str | None:
        """Take the lease for ``owner``; None if taken, else the current holder's label."""

    def _lease_renew(self, owner: str, ttl_ms: int) -> bool:
        """Extend the lease if ``owner`` still holds it."""

    def _lease_release(self, owner: str, wrote: bool) -> str:
        """Give the lease up (only if ``owner`` holds it); advance the generation if it
        wrote; return the generation after the release."""

    def _lease_generation(self) -> str:
        """The current generation (any value that changes when a writer wrote)."""


@dataclass
class Lease:
    """What the body of :func:`hold` gets: the owner label, the generation seen at acquire
    time, and ``wrote`` to set when something was written."""

    owner: str
    generation: str
    wrote: bool = False
    waited_s: float = 0.0
    #: the generation right after the release: if the next acquire sees the same value,
    #: nobody else wrote in between
    after: str = ""


def owner_label(purpose: str = "") -> str:
    """``host:pid:random since time (purpose)`` — unique per lease, readable in messages."""
    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    tag = uuid.uuid4().hex[:8]
    what = f" ({purpose})" if purpose else ""
    return f"{socket.gethostname()}:{os.getpid()}:{tag} since {now}{what}"


@contextmanager
def hold(
    store: LockPrimitives,
    purpose: str = "",
    *,
    wait: float | None = None,
    on_wait: Callable[[str], None] | None = None,
    ttl: float = LEASE_TTL_S,
) -> Iterator[Lease]:
    owner = owner_label(purpose)
    ttl_ms = int(ttl * 1000)
    wait = DEFAULT_WAIT_S if wait is None else wait
    t0 = time.monotonic()
    told = False
    while True:
        holder = store._lease_try(owner, ttl_ms)
        if holder is None:
            break
        if not told and on_wait is not None:
            on_wait(
                f"waiting for another ingest to finish: the graph's write lock is held by {holder}"
            )
            told = True
        if time.monotonic() - t0 > wait:
            raise StoreBusy(
                f"another writer still holds the graph's write lock after {wait:.0f}s ({holder})",
                hint="wait for the other ingest to finish; a writer that died releases the "
                f"lock within {ttl:.0f}s",
            )
        time.sleep(_POLL_S)
    lease = Lease(owner, store._lease_generation(), waited_s=time.monotonic() - t0)
    stop = threading.Event()

    def renew() -> None:
        while not stop.wait(ttl / 3):
            try:
                if not store._lease_renew(owner, ttl_ms):
                    return
            except Exception:  # noqa: BLE001 — the body's own store calls report the outage
                return

    t = threading.Thread(target=renew, name="iegraph-lease", daemon=True)
    t.start()
    try:
        yield lease
    finally:
        stop.set()
        t.join()
        lease.after = store._lease_release(owner, lease.wrote)
