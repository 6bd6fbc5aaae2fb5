"""Stage 4 — the executor: read the state a plan needs, apply a plan, undo a failed one.

Only :class:`~graph.store.GraphStore` protocol methods are used (``get_nodes``,
``get_relationships``, ``relationships_with_sources``, ``expand``, ``create_nodes``,
``create_relationships``, ``bulk_load``, ``upsert_*``, ``delete_*``): no Cypher text lives in
the writer. Reads are batched by key; a relationship is probed only when both its ends
existed before the load *and* the graph already holds relationships of its type.

Order of a write: deletions, new nodes, changed nodes, new relationships, changed
relationships, and the ``Source`` node last — so a Source node in the graph means its write
completed (a re-ingest of the same content may then be skipped by its hash).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from iegraph.graph.store import CAP_BULK_LOAD
from iegraph.ingest.writer.entries import Triple
from iegraph.ingest.writer.plan import GraphState, Unchanged, WritePlan, drop_unchanged
from iegraph.ontology.errors import IegraphError, StoreError, StoreRestarted

if TYPE_CHECKING:
    from iegraph.graph.model import Node, NodeRecord, RelRecord
    from iegraph.graph.store import GraphStore
    from iegraph.ingest.writer.prepare import Prepared

Progress = Callable[[int, int], None]

#: a plan creating at least this many records goes through the store's bulk path
BULK_MIN = 2_000


def _chunks(seq: Sequence[Any], n: int) -> list[Sequence[Any]]:
    return [seq[i : i + n] for i in range(0, len(seq), n)]


@dataclass
class Reader:
    """Reads the :class:`GraphState` of one write in batches."""

    store: GraphStore
    batch_size: int

    def nodes(self, keys: Sequence[str]) -> dict[str, Node]:
        out: dict[str, Node] = {}
        keys = list(keys)
        for batch in _chunks(keys, self.batch_size):
            out.update(self.store.get_nodes(batch))
        return out

    def unchanged(
        self,
        prep: Prepared,
        *,
        known: Callable[[str], bool],
        starts: Sequence[str] | None,
    ) -> Unchanged:
        """Take out of ``prep`` what it asserts exactly as the graph holds it
        (:func:`~ingest.writer.plan.drop_unchanged`), a batch at a time, reading only stored
        entries (no search keys): of the asserted nodes that existed before, and of every
        relationship of the replaced sources, found from their start nodes ``starts`` (None:
        the replaced sources asserted no relationship). The rest of the write then reads,
        plans and writes only what changed or is gone."""
        keys = [k for k in prep.nodes if k not in prep.new_keys and known(k)]
        out = Unchanged()

        def add(part: Unchanged) -> None:
            out.counts.update(part.counts)
            out.nodes |= part.nodes
            out.rels |= part.rels
            out.missing.extend(part.missing)

        sources = sorted(prep.replace)
        for batch in _chunks(keys, self.batch_size):
            props = self.store.get_node_props(batch, ("class", "evidence"))
            add(drop_unchanged(prep, props, {}, prep.replace))
        for batch in _chunks(starts or (), self.batch_size):
            rels = self.store.relationships_from(batch, sources, ("evidence",))
            add(drop_unchanged(prep, {}, rels, prep.replace))
        return out

    def state(
        self,
        prep: Prepared | None,
        *,
        source_key: str,
        replace: set[str],
        existed_before: bool,
        old_keys: set[str],
        known: Callable[[str], bool],
        new_keys: set[str],
        extra_nodes: Sequence[NodeRecord] = (),
        extra_rels: Sequence[RelRecord] = (),
        rel_types_present: Callable[[], set[str]] | None = None,
        unchanged: Unchanged | None = None,
    ) -> GraphState:
        """What the write of ``prep`` (or the removal of ``source_key``) touches.

        Args:
            known: whether a key was in the graph before this load (the name index).
            new_keys: keys this load creates (never read).
            rel_types_present: relation types the graph holds (None: always probe).
            unchanged: what :meth:`unchanged` took out of ``prep`` (then only the
                relationships it found missing are read of the replaced sources' ones).
        """
        st = GraphState()
        asserted = set(prep.nodes) if prep is not None else set()
        touched = asserted | {n.key for n in extra_nodes} | old_keys | replace | {source_key}
        existing = [k for k in touched if k not in new_keys and known(k)]
        st.nodes = self.nodes(existing)
        if unchanged is not None:
            for batch in _chunks(unchanged.missing, self.batch_size):
                st.rels.update(self.store.get_relationships(batch))
        elif existed_before:
            st.rels.update(self.store.relationships_with_sources(sorted(replace)))
        wanted: list[Triple] = []
        if prep is not None:
            wanted.extend(prep.rels)
        wanted.extend((x.start, x.type, x.end) for x in extra_rels)

        def existed(k: str) -> bool:
            return k not in new_keys and known(k)

        # a relationship can exist only if both its ends existed before this load
        probe = [t for t in wanted if t not in st.rels and existed(t[0]) and existed(t[2])]
        if probe and rel_types_present is not None:
            present = rel_types_present()
            probe = [t for t in probe if t[1] in present]
        for batch in _chunks(probe, self.batch_size):
            st.rels.update(self.store.get_relationships(batch))
        # nodes a replaced source asserted that this write does not: they may lose their last
        # assertion, and then stay only if other sources' relationships still use them
        cands = [k for k in old_keys if k in st.nodes and k not in asserted and k not in replace]
        if cands:
            st.links = self.store.expand(cands)
        return st


class Executor:
    """Applies a :class:`WritePlan` through the store's protocol methods."""

    def __init__(self, store: GraphStore, batch_size: int, *, bulk: bool = True) -> None:
        self.store = store
        self.batch_size = batch_size
        self.bulk = bulk and CAP_BULK_LOAD in store.capabilities

    def apply(self, plan: WritePlan, progress: Progress | None = None) -> tuple[int, int]:
        """Apply ``plan``; returns (nodes written, relationships written)."""
        s = self.store
        total = plan.size
        done = 0
        n_nodes = n_rels = 0

        def tick(k: int) -> None:
            nonlocal done
            done += k
            if progress:
                progress(done, total)

        for batch in _chunks(plan.delete_rels, self.batch_size):
            s.delete_relationships(list(batch))
            tick(len(batch))
        for batch in _chunks(plan.delete_nodes, self.batch_size):
            s.delete_nodes(list(batch))
            tick(len(batch))
        creates = plan.create_nodes
        if self.bulk and len(creates) + len(plan.create_rels) >= BULK_MIN:
            n, _ = s.bulk_load(creates, [])
            n_nodes += n
            tick(len(creates))
        else:
            for batch in _chunks(creates, self.batch_size):
                n_nodes += s.create_nodes(batch, self.batch_size)
                tick(len(batch))
        for batch in _chunks(plan.update_nodes, self.batch_size):
            n_nodes += s.upsert_nodes(batch, self.batch_size) or 0
            tick(len(batch))
        rcreates = plan.create_rels
        if self.bulk and len(creates) + len(rcreates) >= BULK_MIN:
            _, r = s.bulk_load([], rcreates)
            n_rels += r
            tick(len(rcreates))
        else:
            for batch in _chunks(rcreates, self.batch_size):
                n_rels += s.create_relationships(batch, self.batch_size)
                tick(len(batch))
        for batch in _chunks(plan.update_rels, self.batch_size):
            n_rels += s.upsert_relationships(batch, self.batch_size) or 0
            tick(len(batch))
        if plan.source is not None:
            if plan.source_new:
                n_nodes += s.create_nodes([plan.source])
            else:
                n_nodes += s.upsert_nodes([plan.source]) or 0
            tick(1)
        for batch in _chunks(plan.create_last, self.batch_size):
            n_nodes += s.create_nodes(batch, self.batch_size)
            tick(len(batch))
        return n_nodes, n_rels

    def apply_or_restore(
        self, plan: WritePlan, what: str, progress: Progress | None = None
    ) -> tuple[int, int]:
        """:meth:`apply`; if the store fails midway, apply :meth:`WritePlan.inverse` (which
        touches only what this plan created or changed — the write lock keeps other writers
        out meanwhile) and raise :class:`StoreError` saying whether the graph was restored."""
        try:
            return self.apply(plan, progress)
        except (IegraphError, OSError) as exc:
            try:
                Executor(self.store, self.batch_size, bulk=False).apply(plan.inverse())
            except (IegraphError, OSError) as exc2:
                raise StoreError(
                    f"{what} failed ({_said(exc)}) and restoring the touched items failed too "
                    f"({_said(exc2)}); the graph may hold part of the write",
                    hint="when the store is back, run the same command again: the write "
                    "is idempotent and completes or replaces the partial one",
                ) from exc
            if isinstance(exc, StoreRestarted):
                # say what really happened: the server died and came back
                raise StoreError(
                    f"{what} failed: the embedded store had stopped and was restarted from its "
                    "append-only file; the touched items were then restored",
                    hint="run the same command again: the write is idempotent",
                ) from exc
            raise StoreError(
                f"{what} failed ({_said(exc)}); the touched items were restored",
                hint="check that the store is running (iegraph db status) and retry",
            ) from exc


def _said(exc: BaseException) -> str:
    """An error's message without its hint line (the hint of the wrapping error stands)."""
    return exc.message if isinstance(exc, IegraphError) else str(exc)
