"""Group writes without a store: folding plans into the state the next source is planned
against, and merging the plans of a group into one (ingest.writer.group)."""

from __future__ import annotations

import pytest

from iegraph.graph.model import Node, NodeRecord, RelRecord
from iegraph.ingest.writer.group import fold, merge_plans, source_state
from iegraph.ingest.writer.plan import GraphState, WritePlan

T = ("a", "COOPERATES_WITH", "b")


def _src(key: str) -> NodeRecord:
    return NodeRecord(key, ("Source",), {"key": key, "class": "Source"})


def test_fold_makes_created_and_updated_items_visible() -> None:
    st = GraphState(nodes={"old": Node("old", ["Entity", "University"], {"name": "x", "n": 1})})
    plan = WritePlan(
        create_nodes=[NodeRecord("new", ("Enterprise",), {"name": "y", "gone": None})],
        update_nodes=[NodeRecord("old", ("Institution",), {"n": None, "m": 2})],
        create_rels=[RelRecord(T[1], T[0], T[2], {"source_ids": ["s1"]})],
        source=_src("s1"),
        source_new=True,
    )
    fold(st, plan)
    assert st.nodes["new"].props == {"name": "y"}
    assert st.nodes["old"].props == {"name": "x", "m": 2}
    assert st.nodes["old"].labels == ["Entity", "University", "Institution"]
    assert "s1" in st.nodes and st.rels[T] == {"source_ids": ["s1"]}
    # a source sees only the relationships it asserts (as the one-by-one reader probes them)
    assert source_state(st, []).rels == {} and source_state(st, [T]).rels == {T: st.rels[T]}
    with pytest.raises(ValueError):
        fold(st, WritePlan(delete_nodes=["old"]))


def test_merge_collapses_per_key_and_restores_the_state_before_the_group() -> None:
    p1 = WritePlan(
        create_nodes=[NodeRecord("new", ("Enterprise",), {"name": "y", "src": ["s1"]})],
        update_nodes=[NodeRecord("old", ("University",), {"src": ["s0", "s1"]})],
        restore_nodes=[NodeRecord("old", ("University",), {"src": ["s0"]})],
        create_rels=[RelRecord(T[1], T[0], T[2], {"src": ["s1"]})],
        source=_src("s1"),
        source_new=True,
    )
    p2 = WritePlan(
        update_nodes=[
            NodeRecord("new", ("Enterprise",), {"src": ["s1", "s2"], "extra": None}),
            NodeRecord("old", ("University",), {"src": ["s0", "s1", "s2"], "tag": "t"}),
        ],
        restore_nodes=[
            NodeRecord("new", ("Enterprise",), {"src": ["s1"]}),
            NodeRecord("old", ("University",), {"src": ["s0", "s1"], "tag": None}),
        ],
        update_rels=[RelRecord(T[1], T[0], T[2], {"src": ["s1", "s2"]})],
        restore_rels=[RelRecord(T[1], T[0], T[2], {"src": ["s1"]})],
        source=_src("s2"),
        source_new=True,
    )
    m = merge_plans([p1, p2])
    # created in the group: created once, as it ends up
    assert [(r.key, r.props) for r in m.create_nodes] == [
        ("new", {"name": "y", "src": ["s1", "s2"]})
    ]
    assert [(r.start, r.props) for r in m.create_rels] == [("a", {"src": ["s1", "s2"]})]
    assert m.update_rels == [] and m.restore_rels == []
    # existed before: one update with the changes combined …
    assert [(r.key, r.props) for r in m.update_nodes] == [
        ("old", {"src": ["s0", "s1", "s2"], "tag": "t"})
    ]
    # … restored to the state before the group, clearing what later plans added
    assert [(r.key, r.props) for r in m.restore_nodes] == [("old", {"src": ["s0"], "tag": None})]
    # the Source nodes last; the inverse deletes what the group created
    assert [r.key for r in m.create_last] == ["s1", "s2"] and m.source is None
    inv = m.inverse()
    assert set(inv.delete_nodes) == {"new", "s1", "s2"} and inv.delete_rels == [T]
    assert m.size == 5
    with pytest.raises(ValueError):
        merge_plans([WritePlan(delete_rels=[T])])
