"""The writer's stages without a store: validation reasons, the pure plan, its inverse.

A plan is applied here to a plain in-memory graph (dicts), the same semantics the executor
gets from the store's protocol methods: CREATE, SET += (None removes), DETACH DELETE.
"""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from iegraph.graph.model import Node, Relationship
from iegraph.ingest.assertions import (
    EntityAssertion,
    EntityRef,
    Evidence,
    RelationAssertion,
    SourceInfo,
)
from iegraph.ingest.resolve import Resolver
from iegraph.ingest.writer import GraphState, Preparer, Reason, WritePlan, plan_write
from iegraph.ingest.writer.plan import Unchanged, drop_unchanged, parse_counts

Graph = tuple[dict[str, Node], dict[tuple[str, str, str], dict[str, Any]]]


def src(path: str, content: str) -> SourceInfo:
    h = hashlib.sha256(content.encode()).hexdigest()
    return SourceInfo("records", path, h, extractor="iegraph.records/0.1")


def ent(cls: str, name: str, row: int, **kw: Any) -> EntityAssertion:
    return EntityAssertion(cls, name, Evidence(f"row {row}", "", 0.9), **kw)


def rel(t: str, a: str, b: str, row: int, **props: Any) -> RelationAssertion:
    return RelationAssertion(t, EntityRef(a), EntityRef(b), Evidence(f"row {row}", "", 0.8), props)


ENTS = [
    ent("VocationalUniversity", "深圳职业技术大学", 2, former_names=[("深圳职业技术学院", "2023")]),
    ent("Company", "华为技术有限公司", 3),
    ent("MunicipalConsortium", "深圳市域产教联合体", 4),
]
RELS = [
    rel("LEADS", "深圳职业技术学院", "深圳市域产教联合体", 5, valid_from="2023"),
    rel("MEMBER_OF", "华为技术有限公司", "深圳市域产教联合体", 6),
]


def graph_index(g: Graph) -> Resolver:
    r = Resolver()
    for n in g[0].values():
        p = n.props
        names = [p.get("name", ""), *(p.get("aliases") or ()), *(p.get("former_names") or ())]
        r.add(
            n.key,
            p.get("class", ""),
            p.get("top", ""),
            names,
            source_ids=p.get("source_ids") or (),
            path=p.get("path", "") if p.get("top") == "Source" else "",
        )
    return r


def apply(g: Graph, plan: WritePlan) -> None:
    nodes, rels = g
    for t in plan.delete_rels:
        rels.pop(t, None)
    for k in plan.delete_nodes:
        nodes.pop(k, None)
        for t in [t for t in rels if k in (t[0], t[2])]:
            del rels[t]
    recs = [*plan.create_nodes, *plan.update_nodes]
    if plan.source is not None:
        recs.append(plan.source)
    for rec in recs:
        n = nodes.setdefault(rec.key, Node(rec.key, ["Entity"], {"key": rec.key}))
        n.labels = sorted({*n.labels, *rec.labels})
        for k, v in rec.props.items():
            if v is None or v == []:
                n.props.pop(k, None)
            else:
                n.props[k] = v
    for r in [*plan.create_rels, *plan.update_rels]:
        assert r.start in nodes and r.end in nodes, "a relationship end is missing"
        p = rels.setdefault((r.start, r.type, r.end), {})
        for k, v in r.props.items():
            if v is None or v == []:
                p.pop(k, None)
            else:
                p[k] = v


def snapshot(g: Graph) -> tuple[dict[str, Any], dict[Any, Any]]:
    return (
        {k: (sorted(n.labels), dict(n.props)) for k, n in g[0].items()},
        {t: dict(p) for t, p in g[1].items()},
    )


def write(
    schema: Any,
    g: Graph,
    source: SourceInfo,
    ents: list[Any],
    rels: list[Any],
    at: str = "2026-01-01T00:00:00+00:00",
) -> WritePlan:
    """Prepare against the in-memory graph's index, read its state, plan (as GraphWriter)."""
    r = graph_index(g)
    from iegraph.ingest.writer.prepare import Prepared, continued

    source, replace = continued(source, r)
    prep = Prepared(source, at, replace, bool(replace & set(g[0])))
    pr = Preparer(schema, r)
    pr.entities(prep, ents)
    pr.relations(prep, rels)
    assert not prep.problems, prep.problems
    unchanged = None
    if replace == {source.key} and source.key in g[0]:
        # a new version of a source: what it asserts as stored leaves the plan first
        unchanged = drop_unchanged(
            prep,
            {k: dict(g[0][k].props) for k in prep.nodes if k in g[0]},
            {t: dict(g[1][t]) for t in prep.rels if t in g[1]},
            replace,
        )
    kept = unchanged or Unchanged()
    old_keys = {k for k in r.with_source(replace) if r.nodes[k].top != "Source"} - kept.nodes
    keys = set(prep.nodes) | old_keys | replace
    old_rels = {t: dict(p) for t, p in g[1].items() if set(p.get("source_ids", ())) & replace}
    state = GraphState(
        nodes={k: Node(k, list(g[0][k].labels), dict(g[0][k].props)) for k in keys if k in g[0]},
        rels={t: p for t, p in old_rels.items() if t not in kept.rels}
        | {t: dict(g[1][t]) for t in prep.rels if t in g[1]},
        links=[
            Relationship(t[1], t[0], t[2], dict(p))
            for t, p in g[1].items()
            if t[0] in old_keys or t[2] in old_keys
        ],
    )
    props = {"key": source.key, "class": "Source", "top": "Source", "path": source.path}
    props["content_hash"] = source.content_hash
    props["ingested_at"] = at
    return plan_write(
        prep,
        state,
        schema,
        replace=replace,
        source_key=source.key,
        source_props=props,
        old_keys=old_keys,
        unchanged=unchanged,
    )


def test_first_write_creates_everything_and_the_source_last(schema) -> None:  # type: ignore[no-untyped-def]
    g: Graph = ({}, {})
    plan = write(schema, g, src("a.csv", "v1"), ENTS, RELS)
    assert {r.key for r in plan.create_nodes} == {
        "institution:深圳职业技术大学",
        "enterprise:华为技术有限公司",
        "platform:深圳市域产教联合体",
    }
    assert not plan.update_nodes and not plan.delete_nodes
    assert plan.created["LEADS"] == 1 and plan.created["Source"] == 1
    assert plan.source is not None and plan.source_new
    # the Source node records what it touched, so an unchanged re-ingest can report it
    counts = parse_counts(plan.source.props["item_counts"])
    assert counts == plan.created
    lead = next(r for r in plan.create_rels if r.type == "LEADS")
    assert lead.start == "institution:深圳职业技术大学" and lead.props["valid_from"] == "2023"


def test_same_content_again_plans_nothing(schema) -> None:  # type: ignore[no-untyped-def]
    g: Graph = ({}, {})
    s = src("a.csv", "v1")
    first = write(schema, g, s, ENTS, RELS)
    apply(g, first)
    again = write(schema, g, s, ENTS, RELS)
    assert again.size == 0 and not again.created and not again.updated
    assert sum(again.unchanged.values()) == sum(first.created.values())


def test_corrected_file_replaces_and_inverse_restores(schema) -> None:  # type: ignore[no-untyped-def]
    g: Graph = ({}, {})
    apply(g, write(schema, g, src("a.csv", "v1"), ENTS, RELS))
    other = src("b.csv", "x")
    apply(g, write(schema, g, other, [ent("Company", "華為技術有限公司", 2)], []))
    before = snapshot(g)
    # v2 drops the LEADS row and the consortium's own row; it continues a.csv's source
    plan = write(schema, g, src("a.csv", "v2"), ENTS[:2], RELS[1:], at="2026-02-01")
    a_key = src("a.csv", "v1").key
    assert plan.removed == {"LEADS": 1} and plan.updated["Source"] == 1
    assert plan.source is not None and plan.source.key == a_key and not plan.source_new
    assert plan.source.props["content_hash"] == src("a.csv", "v2").content_hash
    # the consortium lost its own row but v2's MEMBER_OF row still names it: it stays,
    # held by a.csv (its evidence gone with the row)
    plat = next(r for r in plan.update_nodes if r.key == "platform:深圳市域产教联合体")
    assert "source_ids" not in plat.props and plat.props["evidence"] == []
    # rows v2 did not change are no change at all: not even their time
    assert {r.key for r in plan.update_nodes} == {"platform:深圳市域产教联合体"}
    assert plan.unchanged["Company"] == plan.unchanged["VocationalUniversity"] == 1
    apply(g, plan)
    assert ("institution:深圳职业技术大学", "LEADS", "platform:深圳市域产教联合体") not in g[1]
    apply(g, plan.inverse())
    assert snapshot(g) == before


def test_inverse_after_a_partial_write_restores_too(schema) -> None:  # type: ignore[no-untyped-def]
    g: Graph = ({}, {})
    apply(g, write(schema, g, src("a.csv", "v1"), ENTS, RELS))
    before = snapshot(g)
    more = [*ENTS, ent("University", "南京大学", 8)]
    plan = write(schema, g, src("a.csv", "v2"), more, RELS)
    partial = WritePlan(
        delete_rels=plan.delete_rels,
        delete_nodes=plan.delete_nodes,
        create_nodes=plan.create_nodes,
    )
    apply(g, partial)  # the store died after the node creations
    apply(g, plan.inverse())
    assert snapshot(g) == before


def test_removal_is_a_plan_that_leaves_what_others_said(schema) -> None:  # type: ignore[no-untyped-def]
    g: Graph = ({}, {})
    a = src("a.csv", "v1")
    apply(g, write(schema, g, a, ENTS, RELS))
    b = src("b.csv", "x")
    apply(g, write(schema, g, b, [ent("Company", "华为技术有限公司", 2)], []))
    r = graph_index(g)
    old_keys = {k for k in r.with_source({a.key}) if r.nodes[k].top != "Source"}
    state = GraphState(
        nodes={k: g[0][k] for k in old_keys | {a.key}},
        rels={t: p for t, p in g[1].items() if a.key in p["source_ids"]},
    )
    plan = plan_write(None, state, schema, replace={a.key}, source_key=a.key, old_keys=old_keys)
    apply(g, plan)
    assert set(g[0]) == {"enterprise:华为技术有限公司", b.key}
    assert g[0]["enterprise:华为技术有限公司"].props["source_ids"] == [b.key]
    assert not g[1]


def test_node_linked_by_another_source_stays(schema) -> None:  # type: ignore[no-untyped-def]
    g: Graph = ({}, {})
    a = src("a.csv", "v1")
    apply(g, write(schema, g, a, ENTS, []))
    b = src("b.csv", "x")
    apply(
        g, write(schema, g, b, [], [rel("MEMBER_OF", "华为技术有限公司", "深圳市域产教联合体", 2)])
    )
    plan = write(schema, g, src("a.csv", "v2"), ENTS[:1], [])
    kept = {r.key for r in plan.update_nodes}
    assert {"enterprise:华为技术有限公司", "platform:深圳市域产教联合体"} <= kept
    apply(g, plan)
    assert g[0]["platform:深圳市域产教联合体"].props["source_ids"] == [b.key]


@pytest.mark.parametrize(
    ("ents", "rels", "code"),
    [
        ([ent("NoSuchClass", "某机构", 2)], [], Reason.UNKNOWN_CLASS),
        ([ent("Company", " ", 2)], [], Reason.EMPTY_NAME),
        ([ent("Company", "甲公司", 2, props={"name": "x"})], [], Reason.RESERVED_PROPERTY),
        ([ent("Company", "甲公司", 2, props={"valid_from": "May"})], [], Reason.BAD_DATE),
        ([], [rel("NO_SUCH", "甲", "乙", 2)], Reason.UNKNOWN_RELATION),
        (ENTS[:1], [rel("LEADS", "深圳职业技术大学", "乙", 2)], Reason.UNRESOLVED_END),
        (
            ENTS,
            [rel("ISSUED_BY", "华为技术有限公司", "深圳市域产教联合体", 9)],
            Reason.DOMAIN_RANGE,
        ),
    ],
)
def test_validation_reasons(schema, ents, rels, code) -> None:  # type: ignore[no-untyped-def]
    from iegraph.ingest.writer.prepare import Prepared
    from iegraph.ingest.writer.report import reason_counts

    s = src("a.csv", "v1")
    prep = Prepared(s, "2026-01-01", {s.key}, False)
    pr = Preparer(schema, Resolver())
    pr.entities(prep, ents)
    pr.relations(prep, rels)
    assert [p.code for p in prep.problems] == [code]
    assert prep.problems[0].fix and prep.problems[0].file == "a.csv"
    assert reason_counts(prep.problems) == {str(code): 1}


def _version(changed: set[int]) -> tuple[list[Any], list[Any]]:
    """A file of 40 companies and 80 COOPERATES_WITH rows; the rows in ``changed`` (entity
    rows 0–39, relation rows 40–119) carry a corrected website / valid_from."""
    ents = [
        ent(
            "Company",
            f"甲{i:02d}科技有限公司",
            i + 2,
            props={"website": f"https://e.org/{'new' if i in changed else 'w'}/{i}"},
        )
        for i in range(40)
    ]
    rels = [
        rel(
            "COOPERATES_WITH",
            f"甲{j % 40:02d}科技有限公司",
            f"甲{(j + 1 + j // 40) % 40:02d}科技有限公司",  # 80 distinct pairs
            j + 42,
            valid_from="2024" if 40 + j in changed else str(2010 + j % 10),
        )
        for j in range(80)
    ]
    return ents, rels


def test_a_new_version_with_a_tenth_of_rows_changed_updates_only_those(schema) -> None:  # type: ignore[no-untyped-def]
    """The issue's reload: a file rewritten with 10 % of its rows corrected continues its
    source, updates exactly those items (only the properties they change, and their own
    evidence entry) and leaves the rest unchanged — nothing re-derived or re-timed."""
    g: Graph = ({}, {})
    ents, rels = _version(set())
    first = write(schema, g, src("a.csv", "v1"), ents, rels, at="2026-01-01")
    apply(g, first)
    n_items = sum(first.created.values()) - 1  # without the Source node
    before = snapshot(g)
    changed = {3, 17, 29, 33, 41, 45, 50, 58, 66, 71, 77, 90, 103, 110, 117}
    ents2, rels2 = _version(changed)
    plan = write(schema, g, src("a.csv", "v2"), ents2, rels2, at="2026-03-01")
    n_ent = sum(1 for i in changed if i < 40)
    n_rel = sum(1 for i in changed if i >= 40)
    assert plan.updated == {"Company": n_ent, "COOPERATES_WITH": n_rel, "Source": 1}
    assert sum(plan.unchanged.values()) == n_items - n_ent - n_rel
    assert not plan.created and not plan.removed and not plan.delete_nodes
    # only the changed properties travel, each update carrying its new row's time
    for rec in plan.update_nodes:
        assert set(rec.props) == {"key", "website", "evidence"}, rec.props
        assert '"ingested_at":"2026-03-01"' in rec.props["evidence"][0]
    for rr in plan.update_rels:
        assert set(rr.props) == {"valid_from", "evidence"} and rr.props["valid_from"] == "2024"
    apply(g, plan)
    # a re-run of the same version is no change at all
    again = write(schema, g, src("a.csv", "v2"), ents2, rels2, at="2026-04-01")
    assert again.updated == {"Source": 1} and sum(again.unchanged.values()) == n_items
    # the failed-write inverse and the source's removal still restore exactly
    apply(g, plan.inverse())
    assert snapshot(g) == before
    r = graph_index(g)
    a_key = src("a.csv", "v1").key
    old_keys = {k for k in r.with_source({a_key}) if r.nodes[k].top != "Source"}
    state = GraphState(nodes=dict(g[0]), rels=dict(g[1]))
    gone = plan_write(None, state, schema, replace={a_key}, source_key=a_key, old_keys=old_keys)
    apply(g, gone)
    assert g == ({}, {})
