"""The GraphWriter contract, on every backend: validation before writing, resolution,
provenance, idempotence, replacement of a corrected source and removal of a source."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest

from iegraph.graph.model import NodeRecord, RelRecord
from iegraph.ingest.assertions import (
    EntityAssertion,
    EntityRef,
    Evidence,
    RelationAssertion,
    SourceInfo,
)
from iegraph.ingest.writer import GraphWriter
from iegraph.ontology.errors import ValidationError


def src(path: str, content: str) -> SourceInfo:
    return SourceInfo(
        "records",
        path,
        hashlib.sha256(content.encode()).hexdigest(),
        extractor="iegraph.records/0.1",
    )


def ent(cls: str, name: str, row: int, **kw: Any) -> EntityAssertion:
    return EntityAssertion(
        cls, name, Evidence(f"row {row}", f"name={name}", 0.9, "https://example.org/p"), **kw
    )


def rel(t: str, a: str, b: str, row: int, **props: Any) -> RelationAssertion:
    return RelationAssertion(
        t,
        EntityRef(a),
        EntityRef(b),
        Evidence(f"row {row}", f"{a} {t} {b}", 0.8, "https://example.org/r"),
        props,
    )


def nodes(store) -> dict[str, dict[str, Any]]:  # type: ignore[no-untyped-def]
    res = store.run("MATCH (n:Entity) RETURN n.key, properties(n)")
    return {k: p for k, p in res.rows}


def rels(store) -> dict[tuple[str, str, str], dict[str, Any]]:  # type: ignore[no-untyped-def]
    res = store.run("MATCH (a:Entity)-[r]->(b:Entity) RETURN a.key, type(r), b.key, properties(r)")
    return {(a, t, b): p for a, t, b, p in res.rows}


BASE = [
    ent("VocationalUniversity", "深圳职业技术大学", 2, former_names=[("深圳职业技术学院", "2023")]),
    ent("EnterpriseGroup", "中国中车集团有限公司", 3, aliases=["中国中车"]),
    ent("Company", "华为技术有限公司", 4),
    ent("MunicipalConsortium", "深圳市域产教联合体", 5),
]
BASE_RELS = [
    rel("LEADS", "深圳职业技术学院", "深圳市域产教联合体", 6, valid_from="2023"),
    rel("COOPERATES_WITH", "华为技术有限公司", "中國中車", 7),
]


def test_invalid_input_writes_nothing(store, schema) -> None:  # type: ignore[no-untyped-def]
    w = GraphWriter(store, schema)
    bad = [*BASE, ent("NoSuchClass", "某机构", 8)]
    bad_rels = [
        *BASE_RELS,
        rel("ISSUED_BY", "华为技术有限公司", "深圳市域产教联合体", 9),
        rel("LEADS", "不存在的学校", "深圳市域产教联合体", 10),
    ]
    with pytest.raises(ValidationError) as exc:
        w.write_source(src("a.csv", "v1"), bad, bad_rels)
    problems = exc.value.details["problems"]
    assert {(p["row"], p["field"]) for p in problems} == {(8, "type"), (9, "type"), (10, "source")}
    assert all(p["file"] == "a.csv" and p["fix"] for p in problems)
    assert store.run("MATCH (n) RETURN count(n)").rows[0][0] == 0
    # skip_invalid writes the valid part and reports the rest
    s = w.write_source(src("a.csv", "v1"), bad, bad_rels, skip_invalid=True)
    assert len(s.rejected) == 3 and s.created["LEADS"] == 1
    assert "platform:深圳市域产教联合体" in nodes(store)


def test_resolution_provenance_and_idempotence(store, schema) -> None:  # type: ignore[no-untyped-def]
    w = GraphWriter(store, schema)
    s1 = w.write_source(src("a.csv", "v1"), BASE, BASE_RELS)
    assert s1.created["LEADS"] == 1 and s1.created["COOPERATES_WITH"] == 1
    n = nodes(store)
    szpu = n["institution:深圳职业技术大学"]
    assert szpu["name"] == "深圳职业技术大学" and szpu["former_names"] == ["深圳职业技术学院"]
    assert (szpu["renamed_from"], szpu["renamed_on"]) == ("深圳职业技术学院", "2023")
    assert "深圳职业技术学院" in szpu["search_keys"]
    ev = json.loads(szpu["evidence"][0])
    assert ev["source"] == src("a.csv", "v1").key and ev["locators"] == ["row 2"]
    assert ev["source_url"] == "https://example.org/p" and ev["ingested_at"]
    r = rels(store)
    lead = r[("institution:深圳职业技术大学", "LEADS", "platform:深圳市域产教联合体")]
    assert lead["valid_from"] == "2023" and lead["confidence"] == 0.8
    rev = json.loads(lead["evidence"][0])
    assert (rev["locator"], rev["extractor"], rev["version"]) == (
        "row 6",
        "iegraph.records/0.1",
        "0.1",
    )
    # the symmetric relation is stored once, start key < end key
    coop = [k for k in r if k[1] == "COOPERATES_WITH"]
    assert coop == [
        ("enterprise:中国中车集团有限公司", "COOPERATES_WITH", "enterprise:华为技术有限公司")
    ]
    source = n[src("a.csv", "v1").key]
    assert source["content_hash"] == src("a.csv", "v1").content_hash and source["path"] == "a.csv"
    # the same content again changes nothing, also through a fresh writer (fresh index)
    s2 = GraphWriter(store, schema).write_source(src("a.csv", "v1"), BASE, BASE_RELS)
    assert not s2.created and not s2.updated and s2.nodes_written == 0
    assert sum(s2.unchanged.values()) == sum(s1.created.values())
    assert nodes(store) == n and rels(store) == r
    names = {(name, key) for name, _, key in w.known_names()}
    assert ("中国中车", "enterprise:中国中车集团有限公司") in names


def test_corrected_file_updates_in_place_and_remove(store, schema) -> None:  # type: ignore[no-untyped-def]
    w = GraphWriter(store, schema)
    w.write_source(src("a.csv", "v1"), BASE, BASE_RELS)
    other = src("b.csv", "other")
    w.write_source(
        other, [ent("Company", "華為技術有限公司", 2, props={"website": "https://huawei.com"})], []
    )
    hw = nodes(store)["enterprise:华为技术有限公司"]
    assert len(hw["source_ids"]) == 2 and hw["website"] == "https://huawei.com"
    # a corrected a.csv: the LEADS row is gone, the consortium name is unchanged
    v2 = src("a.csv", "v2")
    s = w.write_source(v2, BASE, BASE_RELS[1:])
    # the new version continues a.csv's source (its key), so its unchanged rows are no change
    a_key = src("a.csv", "v1").key
    assert s.removed["LEADS"] == 1 and s.updated["Source"] == 1 and s.sources == [a_key]
    assert not s.created and sum(s.unchanged.values()) == 5 and s.nodes_written == 1
    assert ("institution:深圳职业技术大学", "LEADS", "platform:深圳市域产教联合体") not in rels(
        store
    )
    srcs = {x["key"]: x["content_hash"] for x in w.list_sources()}
    assert srcs == {other.key: other.content_hash, a_key: v2.content_hash}
    # removing a.csv keeps what b.csv also says, minus a.csv's provenance
    s = w.remove_source(a_key)
    n = nodes(store)
    assert "institution:深圳职业技术大学" not in n
    assert n["enterprise:华为技术有限公司"]["source_ids"] == [other.key]
    assert not [k for k in rels(store)]
    w.remove_source(other.key)
    assert store.run("MATCH (n) RETURN count(n)").rows[0][0] == 0


def test_extra_records_live_and_die_with_their_source(store, schema) -> None:  # type: ignore[no-untyped-def]
    w = GraphWriter(store, schema)
    doc = SourceInfo("document", "paper.txt", "f" * 64, extractor="iegraph.docs/0.1")
    sec = NodeRecord(
        "section:paper:1",
        ("DocumentSection",),
        {"name": "一、背景", "class": "DocumentSection", "top": "DocumentSection"},
    )
    w.write_source(
        doc,
        [ent("Company", "华为技术有限公司", 1)],
        [],
        extra_nodes=[sec],
        extra_rels=[
            RelRecord("HAS_PART", doc.key, "section:paper:1"),
            RelRecord("MENTIONS", "section:paper:1", "enterprise:华为技术有限公司"),
        ],
    )
    assert nodes(store)["section:paper:1"]["source_ids"] == [doc.key]
    assert ("section:paper:1", "MENTIONS", "enterprise:华为技术有限公司") in rels(store)
    w.remove_source(doc.key)
    assert store.run("MATCH (n) RETURN count(n)").rows[0][0] == 0


class FailingRelWrites:
    """The real store, except that creating relationships fails once — as when the server
    drops the connection midway through a load, after the nodes were written, and is back
    for the restoration."""

    def __init__(self, inner) -> None:  # type: ignore[no-untyped-def]
        self.inner = inner

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def _fail(self, *a: Any, **kw: Any) -> int:
        from iegraph.ontology.errors import StoreUnavailable

        raise StoreUnavailable("connection lost", hint="restart the store")

    create_relationships = _fail

    def bulk_load(self, nodes, rels):  # type: ignore[no-untyped-def]
        if rels:
            self._fail()
        return self.inner.bulk_load(nodes, rels)


def test_failed_write_is_undone(store, schema) -> None:  # type: ignore[no-untyped-def]
    from iegraph.ontology.errors import StoreError

    GraphWriter(store, schema).write_source(src("a.csv", "v1"), BASE, BASE_RELS)
    before_n, before_r = nodes(store), rels(store)
    w = GraphWriter(FailingRelWrites(store), schema)
    more = [*BASE, ent("University", "南京大学", 8)]
    more_rels = [*BASE_RELS, rel("COOPERATES_WITH", "南京大学", "华为技术有限公司", 9)]
    with pytest.raises(StoreError, match="restored"):
        w.write_source(src("a.csv", "v2"), more, more_rels)
    assert nodes(store) == before_n and rels(store) == before_r
