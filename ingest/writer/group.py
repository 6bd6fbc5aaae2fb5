"""Group writes: several sources new to the graph planned one after another against one
read of the graph, and applied as one plan (one set of store round trips for the group).

A batch of documents asserts a few dozen items each; written one source at a time, the
round trips (read the touched nodes, probe the relationships, create, update, the Source
node) cost more than the reading of the text. :meth:`GraphWriter.write_sources` with
``together=True`` reads the state of the whole group once, plans each source in order
against that state as the earlier sources of the group leave it (:func:`fold`), and merges
the plans (:func:`merge_plans`) into one that the executor applies — or, when the store fails
midway, undoes as a whole. Each source keeps its own entries, ``source_ids`` and Source node:
provenance is exactly what the same sources written one by one would give.

Only sources with no earlier version in the graph are grouped: their plans create and
update, never delete, so the merged plan is the plans' updates collapsed per key.

Example:
    >>> overlay = GraphState(nodes=read_nodes)
    >>> plans = []
    >>> for prep in preps:
    ...     plans.append(plan_write(prep, source_state(overlay, prep.rels), schema, ...))
    ...     fold(overlay, plans[-1])
    >>> executor.apply_or_restore(merge_plans(plans), "writing 3 documents")
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from iegraph.graph.model import Node, NodeRecord, RelRecord
from iegraph.ingest.writer.entries import Triple
from iegraph.ingest.writer.plan import GraphState, WritePlan


def source_state(overlay: GraphState, wanted: Iterable[Triple]) -> GraphState:
    """The state one source of a group is planned against: every node of the group's state
    (the planner looks up only the keys the source touches) and, of the relationships, only
    those the source asserts — as the one-by-one reader probes them, so the source's counts
    and its Source node's ``item_counts`` are the same either way."""
    rels = overlay.rels
    return GraphState(nodes=overlay.nodes, rels={t: rels[t] for t in wanted if t in rels})


def _merged(props: dict[str, Any], diff: dict[str, Any]) -> dict[str, Any]:
    out = dict(props)
    for k, v in diff.items():
        if v is None:
            out.pop(k, None)
        else:
            out[k] = v
    return out


def fold(state: GraphState, plan: WritePlan) -> None:
    """Apply ``plan`` to ``state`` in memory: the graph as the next source of the group will
    find it. Plans of new sources only (no deletions)."""
    if plan.delete_nodes or plan.delete_rels:
        raise ValueError("a group write folds plans that delete nothing")
    nodes = state.nodes
    created = [*plan.create_nodes, *plan.create_last]
    if plan.source is not None:
        (created if plan.source_new else []).append(plan.source)
    for rec in created:
        nodes[rec.key] = Node(rec.key, list(rec.labels), _merged({}, rec.props))
    updated = list(plan.update_nodes)
    if plan.source is not None and not plan.source_new:
        updated.append(plan.source)
    for rec in updated:
        old = nodes.get(rec.key)
        if old is None:
            nodes[rec.key] = Node(rec.key, list(rec.labels), _merged({}, rec.props))
            continue
        labels = old.labels + [lb for lb in rec.labels if lb not in old.labels]
        nodes[rec.key] = Node(rec.key, labels, _merged(old.props, rec.props))
    rels = state.rels
    for r in plan.create_rels:
        rels[(r.start, r.type, r.end)] = _merged({}, r.props)
    for r in plan.update_rels:
        t = (r.start, r.type, r.end)
        rels[t] = _merged(rels.get(t) or {}, r.props)


def _labels(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
    return a + tuple(lb for lb in b if lb not in a)


def _image(first: dict[str, Any], later: dict[str, Any]) -> dict[str, Any]:
    """The before-image of the first change, also clearing what later changes added."""
    out = dict(first)
    for k in later:
        out.setdefault(k, None)
    return out


def merge_plans(plans: Sequence[WritePlan]) -> WritePlan:
    """One plan doing what ``plans`` (folded in order, none deleting) do: a node or
    relationship created in the group is created once with its final properties; one that
    existed before is updated once with the changes combined, and restored (by
    :meth:`WritePlan.inverse`) to its properties before the group. The Source nodes go in
    ``create_last``. Counts stay on the single plans (each source's summary)."""
    cn: dict[str, NodeRecord] = {}
    un: dict[str, NodeRecord] = {}
    rn: dict[str, NodeRecord] = {}
    cr: dict[Triple, RelRecord] = {}
    ur: dict[Triple, RelRecord] = {}
    rr: dict[Triple, RelRecord] = {}
    last: dict[str, NodeRecord] = {}
    for plan in plans:
        if plan.delete_nodes or plan.delete_rels:
            raise ValueError("a group write merges plans that delete nothing")
        for rec in plan.create_nodes:
            cn[rec.key] = rec
        updates = list(plan.update_nodes)
        if plan.source is not None:
            if plan.source_new:
                last[plan.source.key] = plan.source
            else:
                updates.append(plan.source)
        for rec in plan.create_last:
            last[rec.key] = rec
        for rec in updates:
            k = rec.key
            into = cn if k in cn else last if k in last else None
            if into is not None:  # created in the group: create it as it ends up
                old = into[k]
                into[k] = NodeRecord(
                    k, _labels(old.labels, rec.labels), _merged(old.props, rec.props)
                )
            elif k in un:
                old = un[k]
                un[k] = NodeRecord(k, _labels(old.labels, rec.labels), {**old.props, **rec.props})
            else:
                un[k] = rec
        for rec in plan.restore_nodes:
            k = rec.key
            if k in cn or k in last:
                continue
            rn[k] = NodeRecord(k, rn[k].labels, _image(rn[k].props, rec.props)) if k in rn else rec
        for r in plan.create_rels:
            cr[(r.start, r.type, r.end)] = r
        for r in plan.update_rels:
            t = (r.start, r.type, r.end)
            if t in cr:
                cr[t] = RelRecord(r.type, r.start, r.end, _merged(cr[t].props, r.props))
            elif t in ur:
                ur[t] = RelRecord(r.type, r.start, r.end, {**ur[t].props, **r.props})
            else:
                ur[t] = r
        for r in plan.restore_rels:
            t = (r.start, r.type, r.end)
            if t in cr:
                continue
            rr[t] = (
                RelRecord(r.type, r.start, r.end, _image(rr[t].props, r.props)) if t in rr else r
            )
    return WritePlan(
        create_nodes=list(cn.values()),
        update_nodes=list(un.values()),
        create_rels=list(cr.values()),
        update_rels=list(ur.values()),
        create_last=list(last.values()),
        restore_nodes=list(rn.values()),
        restore_rels=list(rr.values()),
    )
