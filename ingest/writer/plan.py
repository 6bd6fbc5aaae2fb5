"""Stage 3 — the plan: what to create, update, leave and remove. Pure: no store access.

:func:`plan_write` takes what a source asserts (:class:`~ingest.writer.prepare.Prepared`)
and what the graph held before (:class:`GraphState`, read by the executor) and returns a
:class:`WritePlan`. Removing a source is the same function with nothing asserted. A plan
carries the before-image of everything it changes, so :meth:`WritePlan.inverse` is the plan
that puts the graph back — used when a write fails midway, and unit-tested like the rest.

Example:
    >>> plan = plan_write(prepared, GraphState(), schema, source_props={...})
    >>> [r.key for r in plan.create_nodes], plan.created
    (['institution:深圳大学'], Counter({'University': 1, 'Source': 1}))
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

from iegraph.graph.model import Node, NodeRecord, Relationship, RelRecord
from iegraph.ingest.writer.entries import (
    SOURCE_CLASS,
    NodeEntry,
    RelEntry,
    Triple,
    derive_node,
    derive_rel,
    stored_entries,
)

if TYPE_CHECKING:
    from iegraph.ingest.writer.prepare import Prepared
    from iegraph.ontology.schema import Schema


@dataclass
class GraphState:
    """What the graph held before a write, as far as the write touches it."""

    #: existing nodes the write touches (asserted now, or asserted by a replaced source)
    nodes: dict[str, Node] = field(default_factory=dict)
    #: existing relationships the write touches
    rels: dict[Triple, dict[str, Any]] = field(default_factory=dict)
    #: every relationship around the nodes that may lose their last assertion
    links: list[Relationship] = field(default_factory=list)


@dataclass
class WritePlan:
    """Everything one write does, in the order the executor applies it."""

    delete_rels: list[Triple] = field(default_factory=list)
    delete_nodes: list[str] = field(default_factory=list)
    create_nodes: list[NodeRecord] = field(default_factory=list)
    update_nodes: list[NodeRecord] = field(default_factory=list)  # changed properties only
    create_rels: list[RelRecord] = field(default_factory=list)
    update_rels: list[RelRecord] = field(default_factory=list)  # changed properties only
    #: the Source node, written last: its presence marks a complete write
    source: NodeRecord | None = None
    source_new: bool = False
    #: new Source nodes of a group write (:mod:`ingest.writer.group`), created after
    #: everything else for the same reason
    create_last: list[NodeRecord] = field(default_factory=list)
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    removed: Counter[str] = field(default_factory=Counter)
    #: before-images of everything updated or deleted (for :meth:`inverse`)
    restore_nodes: list[NodeRecord] = field(default_factory=list)
    restore_rels: list[RelRecord] = field(default_factory=list)

    @property
    def size(self) -> int:
        return (
            len(self.delete_rels)
            + len(self.delete_nodes)
            + len(self.create_nodes)
            + len(self.update_nodes)
            + len(self.create_rels)
            + len(self.update_rels)
            + (1 if self.source is not None else 0)
            + len(self.create_last)
        )

    def inverse(self) -> WritePlan:
        """The plan that restores the before-state from any point of this plan's execution:
        it deletes only what this plan created and MERGEs the before-images back, so it is
        safe to run whether the failed write got to its first statement or its last."""
        created = [r.key for r in self.create_nodes]
        if self.source is not None and self.source_new:
            created.append(self.source.key)
        created.extend(r.key for r in self.create_last)
        return WritePlan(
            delete_rels=[(r.start, r.type, r.end) for r in self.create_rels],
            delete_nodes=created,
            update_nodes=list(self.restore_nodes),
            update_rels=list(self.restore_rels),
        )


# ------------------------------------------------------------------------------------------
def _diff(new: dict[str, Any], old: dict[str, Any]) -> dict[str, Any]:
    """The properties that differ: changed or new values, and None for the ones dropped."""
    out: dict[str, Any] = {}
    for k, v in new.items():
        ov = old.get(k)
        if v is None and ov is None:
            continue
        if isinstance(v, list | tuple) or isinstance(ov, list | tuple):
            if list(v or []) != list(ov or []):
                out[k] = v
        elif v != ov:
            out[k] = v
    for k in old:
        if k not in new:
            out[k] = None
    return out


def _image(new_keys: Sequence[str], old: dict[str, Any]) -> dict[str, Any]:
    """A before-image that also clears the properties an update added."""
    out = dict(old)
    for k in new_keys:
        if k not in out:
            out[k] = None
    return out


class _Planner:
    def __init__(self, schema: Schema, state: GraphState) -> None:
        self.schema = schema
        self.state = state
        self.plan = WritePlan()

    def labels(self, cls: str) -> tuple[str, ...]:
        if cls in self.schema.classes:
            return tuple(self.schema.labels_for_store(cls)[1:])
        return (cls,)

    def node(self, key: str, labels: tuple[str, ...], props: dict[str, Any], cls: str) -> None:
        plan = self.plan
        old = self.state.nodes.get(key)
        if old is None:
            plan.created[cls] += 1
            plan.create_nodes.append(NodeRecord(key, labels, props))
            return
        diff = _diff(props, old.props)
        if not diff and set(labels) <= set(old.labels):
            plan.unchanged[cls] += 1
            return
        plan.updated[cls] += 1
        diff["key"] = key
        plan.update_nodes.append(NodeRecord(key, labels, diff))
        plan.restore_nodes.append(_restore(old, diff))

    def rel(self, t: Triple, props: dict[str, Any]) -> None:
        plan = self.plan
        old = self.state.rels.get(t)
        if old is None:
            plan.created[t[1]] += 1
            plan.create_rels.append(RelRecord(t[1], t[0], t[2], props))
            return
        diff = _diff(props, old)
        if not diff:
            plan.unchanged[t[1]] += 1
            return
        plan.updated[t[1]] += 1
        plan.update_rels.append(RelRecord(t[1], t[0], t[2], diff))
        plan.restore_rels.append(RelRecord(t[1], t[0], t[2], _image(list(diff), old)))

    def delete_node(self, key: str) -> None:
        old = self.state.nodes[key]
        self.plan.delete_nodes.append(key)
        self.plan.removed[str(old.props.get("class", "Entity"))] += 1
        self.plan.restore_nodes.append(_restore(old, {}))


def _restore(old: Node, diff: dict[str, Any]) -> NodeRecord:
    return NodeRecord(
        old.key, tuple(lb for lb in old.labels if lb != "Entity"), _image(list(diff), old.props)
    )


# A node many sources name (教育部 in every notice) carries one entry per source, and every
# source's write derives it again from all of them: a stored entry is decoded and encoded
# once (keyed by its stored text; nothing changes an entry after decoding it).
class _StoredNodeEntry(NodeEntry):
    __slots__ = ("_enc",)
    _enc: str

    def encode(self) -> str:
        return self._enc


class _StoredRelEntry(RelEntry):
    __slots__ = ("_enc",)
    _enc: str

    def encode(self) -> str:
        return self._enc


def _decoded(text: str) -> dict[str, Any] | None:
    found = stored_entries({"evidence": [text]})
    return found[0] if found else None


@lru_cache(maxsize=65_536)
def _node_entry(text: str) -> NodeEntry | None:
    d = _decoded(text)
    if d is None:
        return None
    e = cast(_StoredNodeEntry, _StoredNodeEntry.from_json(d))  # from_json builds cls
    e._enc = NodeEntry.encode(e)
    return e


@lru_cache(maxsize=65_536)
def _rel_entry(text: str) -> RelEntry | None:
    d = _decoded(text)
    if d is None:
        return None
    e = cast(_StoredRelEntry, _StoredRelEntry.from_json(d))
    e._enc = RelEntry.encode(e)
    return e


def _node_entries(old: Node | None, replace: set[str]) -> list[NodeEntry]:
    if old is None:
        return []
    decoded = (_node_entry(s) for s in old.props.get("evidence") or () if isinstance(s, str))
    return [e for e in decoded if e is not None and e.source not in replace]


def _rel_entries(old: dict[str, Any] | None, replace: set[str]) -> list[RelEntry]:
    if not old:
        return []
    decoded = (_rel_entry(s) for s in old.get("evidence") or () if isinstance(s, str))
    return [e for e in decoded if e is not None and e.source not in replace]


def _settle(e: NodeEntry) -> NodeEntry:
    """A node entry as it is stored: aliases sorted, without the name itself."""
    e.aliases = sorted(set(e.aliases) - {e.name})
    return e


@dataclass
class Unchanged:
    """What a new version of a source asserts exactly as the graph already holds it (found
    by :func:`drop_unchanged` before planning): left out of the plan, counted unchanged."""

    #: by class / relation type (the plan starts its ``unchanged`` from these)
    counts: Counter[str] = field(default_factory=Counter)
    nodes: set[str] = field(default_factory=set)
    rels: set[Triple] = field(default_factory=set)
    #: relationships of the replaced sources the new version no longer asserts
    missing: list[Triple] = field(default_factory=list)


_AT = '"ingested_at":"'


def _of(text: str, needles: Sequence[str]) -> bool:
    return any(n in text for n in needles)


def _same_text(e: NodeEntry | RelEntry, text: str) -> bool:
    """Whether entry ``e`` with the stored entry's time encodes to exactly ``text`` (the
    stored JSON is compared as text: nothing stored is decoded). If so ``e`` keeps that
    time."""
    i = text.find(_AT)
    if i < 0:
        return False
    i += len(_AT)
    at = e.ingested_at
    e.ingested_at = text[i : text.find('"', i)]
    if e.encode() == text:
        return True
    e.ingested_at = at
    return False


def _needles(replace: set[str]) -> list[str]:
    """How a stored entry of a replaced source reads (its ``source`` field, as encoded)."""
    return [f'"source":"{k}"' for k in sorted(replace)]


def _node_same(e: NodeEntry, props: dict[str, Any], needles: Sequence[str]) -> bool:
    """The node's only stored entry of the replaced sources is ``e`` as stored: nothing
    about the node changes."""
    gone = [x for x in props.get("evidence") or () if isinstance(x, str) and _of(x, needles)]
    return len(gone) == 1 and _same_text(_settle(e), gone[0])


def _rels_same(asserted: list[RelEntry], props: dict[str, Any], needles: Sequence[str]) -> bool:
    """Every stored entry of the replaced sources is one of ``asserted`` as stored: nothing
    about the relationship changes. The matched entries take their stored times either way,
    so only the rows that changed carry this write's time."""
    left = [x for x in props.get("evidence") or () if isinstance(x, str) and _of(x, needles)]
    missed = 0
    for e in asserted:
        hit = next((x for x in left if _same_text(e, x)), None)
        if hit is None:
            missed += 1
        else:
            left.remove(hit)
    return not missed and not left


def drop_unchanged(
    prep: Prepared,
    nodes: dict[str, dict[str, Any]],
    rels: dict[Triple, dict[str, Any]],
    replace: set[str],
) -> Unchanged:
    """Take out of ``prep`` the items whose entries say exactly what the stored entries of
    the replaced sources say — the row-level comparison of a reload (pure).

    Args:
        prep: the new version's validated entries (changed in place).
        nodes: ``class`` and ``evidence`` of asserted nodes the graph holds.
        rels: ``evidence`` of relationships the replaced sources asserted (all of them, or
            a part: one batch of start nodes); those ``prep`` no longer asserts are listed
            in ``missing``.
        replace: the source keys whose entries the write replaces.
    """
    out = Unchanged()
    needles = _needles(replace)
    for key, props in nodes.items():
        e = prep.nodes.get(key)
        if e is not None and _node_same(e, props, needles):
            del prep.nodes[key]
            out.nodes.add(key)
            out.counts[str(props.get("class") or e.cls)] += 1
    for t, props in rels.items():
        asserted = prep.rels.get(t)
        if asserted is None:
            out.missing.append(t)
        elif _rels_same(asserted, props, needles):
            del prep.rels[t]
            out.rels.add(t)
            out.counts[t[1]] += 1
    return out


def plan_write(
    prep: Prepared | None,
    state: GraphState,
    schema: Schema,
    *,
    replace: set[str],
    source_key: str,
    source_props: dict[str, Any] | None = None,
    extra_nodes: Sequence[NodeRecord] = (),
    extra_rels: Sequence[RelRecord] = (),
    old_keys: set[str] | frozenset[str] = frozenset(),
    unchanged: Unchanged | None = None,
) -> WritePlan:
    """Plan one source's write (``prep``) or removal (``prep`` None, ``source_props`` None).

    Args:
        prep: the validated, resolved assertions of the source (None: remove it).
        state: the graph before, as read by :func:`ingest.writer.execute.read_state`.
        replace: source keys whose assertions are replaced (the source itself, and older
            versions of the same file); their Source nodes other than ``source_key`` go.
        source_key: the source being written or removed.
        source_props: the Source node's properties (None: the source is removed).
        extra_nodes / extra_rels: pre-built records (document outline) owned by the source.
        old_keys: nodes the replaced sources asserted (from the name index).
        unchanged: the items :func:`drop_unchanged` took out of ``prep`` (counted unchanged;
            its relationships still hold their ends).
    """
    p = _Planner(schema, state)
    plan = p.plan
    needles = _needles(replace)
    kept_rels: set[Triple] = set()
    if unchanged is not None:
        plan.unchanged.update(unchanged.counts)
        kept_rels = unchanged.rels
    new_nodes = prep.nodes if prep is not None else {}
    new_rels = prep.rels if prep is not None else {}
    extra_node_map = {n.key: n for n in extra_nodes}
    extra_rel_map = {(x.start, x.type, x.end): x for x in extra_rels}
    touched = set(new_nodes) | set(extra_node_map) | set(old_keys)
    touched.discard(source_key)
    touched -= replace

    # ---- nodes
    candidates: list[str] = []  # nodes that lose their last assertion
    for key in sorted(touched):
        old = state.nodes.get(key)
        if old is not None and old.props.get("top") == SOURCE_CLASS:
            continue
        if key in extra_node_map:
            rec = extra_node_map[key]
            sids = set(old.props.get("source_ids") or ()) - replace if old else set()
            props = dict(rec.props)
            props["source_ids"] = sorted(sids | {source_key})
            props.setdefault("key", key)
            cls = str(props.get("class") or (rec.labels[-1] if rec.labels else "Entity"))
            p.node(key, rec.labels, props, cls)
            continue
        entries = _node_entries(old, replace)
        if key in new_nodes:
            e = _settle(new_nodes[key])
            if old is not None and _node_same(e, old.props, needles):
                # what the source says about it is what the graph holds: nothing to derive
                plan.unchanged[str(old.props.get("class", ""))] += 1
                continue
            entries.append(e)
        if entries:
            props = derive_node(key, entries, schema)
            p.node(key, p.labels(props["class"]), props, props["class"])
            continue
        if old is None:
            continue
        sids = set(old.props.get("source_ids") or ()) - replace
        if old.props.get("evidence") is None and sids:
            # a pre-built node (document outline …) another source still holds
            props = dict(old.props)
            props["source_ids"] = sorted(sids)
            p.node(key, tuple(old.labels), props, str(old.props.get("class", "")))
            continue
        candidates.append(key)

    # nodes losing every assertion but still holding other sources' relationships stay
    keep: dict[str, set[str]] = {}
    if candidates:
        cset = set(candidates)
        # … or a relationship this very write asserts (a relations row naming an entity
        # whose own row the new version dropped)
        for t in (*new_rels, *extra_rel_map, *kept_rels):
            for end in (t[0], t[2]):
                if end in cset:
                    keep.setdefault(end, set()).add(source_key)
        for rel in state.links:
            t = (rel.start, rel.type, rel.end)
            sids = set(rel.props.get("source_ids") or ()) - replace
            if t in state.rels or not sids:
                continue
            for end in (rel.start, rel.end):
                if end in cset:
                    keep.setdefault(end, set()).update(sids)
    deleted: set[str] = set()
    for key in candidates:
        old = state.nodes[key]
        if key in keep:
            props = dict(old.props)
            props["source_ids"] = sorted(keep[key])
            props["evidence"] = []
            p.node(key, tuple(old.labels), props, str(old.props.get("class", "")))
        else:
            p.delete_node(key)
            deleted.add(key)

    # ---- relationships
    # every relationship asserted now, then the ones only replaced sources asserted
    # (no sort: order does not matter to the store, and 400k triples cost a second)
    rel_keys = list(new_rels)
    rel_keys.extend(t for t in extra_rel_map if t not in new_rels)
    rel_keys.extend(t for t in state.rels if t not in new_rels and t not in extra_rel_map)
    for t in rel_keys:
        old_props = state.rels.get(t)
        if t in extra_rel_map:
            xrec = extra_rel_map[t]
            sids = set((old_props or {}).get("source_ids") or ()) - replace
            props = dict(xrec.props)
            props["source_ids"] = sorted(sids | {source_key})
            p.rel(t, props)
            continue
        rentries = _rel_entries(old_props, replace)
        asserted = new_rels.get(t, [])
        if asserted and old_props and _rels_same(asserted, old_props, needles):
            plan.unchanged[t[1]] += 1
            continue
        rentries.extend(asserted)
        if rentries:
            p.rel(t, derive_rel(rentries))
            continue
        if old_props is None:
            continue
        sids = set(old_props.get("source_ids") or ()) - replace
        if old_props.get("evidence") is None and sids:
            props = dict(old_props)
            props["source_ids"] = sorted(sids)
            p.rel(t, props)
            continue
        plan.removed[t[1]] += 1
        # a node deletion (DETACH) takes its relationships with it
        if t[0] not in deleted and t[2] not in deleted:
            plan.delete_rels.append(t)
        plan.restore_rels.append(RelRecord(t[1], t[0], t[2], dict(old_props)))

    # ---- Source nodes: superseded versions go; this one is written last
    for k in sorted(replace - {source_key}):
        if k in state.nodes:
            p.delete_node(k)
    src_old = state.nodes.get(source_key)
    if source_props is None:
        if src_old is not None:
            p.delete_node(source_key)
        return plan
    touched_counts = plan.created + plan.updated + plan.unchanged
    touched_counts[SOURCE_CLASS] += 1
    props = dict(source_props)
    props["item_counts"] = sorted(f"{k}={v}" for k, v in touched_counts.items())
    labels = p.labels(SOURCE_CLASS) if SOURCE_CLASS in schema.classes else (SOURCE_CLASS,)
    if src_old is None:
        plan.created[SOURCE_CLASS] += 1
        plan.source, plan.source_new = NodeRecord(source_key, labels, props), True
    else:
        diff = _diff(props, src_old.props)
        if diff or not set(labels) <= set(src_old.labels):
            plan.updated[SOURCE_CLASS] += 1
            diff["key"] = source_key
            plan.source = NodeRecord(source_key, labels, diff)
            plan.restore_nodes.append(_restore(src_old, diff))
        else:
            plan.unchanged[SOURCE_CLASS] += 1
    return plan


def parse_counts(values: Sequence[str] | None) -> Counter[str]:
    """The ``item_counts`` of a Source node (``["University=3", …]``) as a Counter."""
    out: Counter[str] = Counter()
    for v in values or ():
        k, _, n = str(v).rpartition("=")
        if k and n.isdigit():
            out[k] = int(n)
    return out
