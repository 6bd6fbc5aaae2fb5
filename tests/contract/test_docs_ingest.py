"""Document ingestion into a real store, on every backend: the samples load with sentence
evidence and an outline, re-ingesting is a no-op, both scripts resolve to one node, a bad file
is reported while the batch goes on, and removing a document removes what only it said."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from iegraph.ingest.documents import get_extractor
from iegraph.ingest.documents.ingest import ingest_documents

SAMPLES = Path(__file__).resolve().parents[2] / "ingest" / "samples" / "docs"


def _nodes(store: Any) -> dict[str, dict[str, Any]]:
    return {k: p for k, p in store.run("MATCH (n:Entity) RETURN n.key, properties(n)").rows}


def _rels(store: Any) -> dict[tuple[str, str, str], dict[str, Any]]:
    res = store.run("MATCH (a:Entity)-[r]->(b:Entity) RETURN a.key, type(r), b.key, properties(r)")
    return {(a, t, b): p for a, t, b, p in res.rows}


def _by_name(nodes: dict[str, dict[str, Any]], name: str) -> list[str]:
    return [
        k for k, p in nodes.items() if p.get("name") == name or name in (p.get("aliases") or [])
    ]


def test_samples_ingest_with_evidence_and_outline(store: Any, schema: Any) -> None:
    s = ingest_documents([SAMPLES], store, schema, extractor=get_extractor())
    assert s.failed == 0 and s.documents == len(list(SAMPLES.iterdir()))
    assert s.relations_by_type["LEADS"] >= 4 and s.outline["points"] == 9
    nodes, rels = _nodes(store), _rels(store)
    # one node for the Simplified and the Traditional spelling (different sample files)
    [cr] = _by_name(nodes, "中国中车集团有限公司") or _by_name(nodes, "中國中車集團有限公司")
    [szpu] = _by_name(nodes, "深圳职业技术大学")
    lead = rels[(szpu, "LEADS", _by_name(nodes, "深圳市域产教联合体")[0])]
    ev = json.loads(lead["evidence"][0])
    assert ev["extractor"].startswith("iegraph.docs") and ev["locator"].startswith("s")
    assert "深圳职业技术大学" in ev["text"] and 0.0 < ev["confidence"] <= 1.0
    src = next(
        p
        for p in nodes.values()
        if p.get("class") == "Source" and p["path"].endswith("zh_hans_shenzhen.txt")
    )
    text = (SAMPLES / "zh_hans_shenzhen.txt").read_text(encoding="utf-8")
    assert text[ev["start"] : ev["end"]].startswith("深圳职业技术大学")
    assert src["content_hash"] and lead["source_ids"] == [src["key"]]
    assert cr
    points = [p for p in nodes.values() if p.get("class") == "StrategyPoint"]
    assert len(points) == 9 and {p["kind"] for p in points} >= {"rationale", "challenge"}
    assert any(t == "MENTIONS" and b == "concept:actor_enterprise" for _a, t, b in rels)
    # the doc number is a property of the policy, never a node
    # one node for the policy however it is cited: its short title, its full title (the
    # Ningbo notice) and its number are names of it
    [pk] = _by_name(nodes, "关于深化产教融合的若干意见")
    pol = [nodes[pk]]
    assert pol[0].get("doc_number") == "国办发〔2017〕95号"
    assert "国办发〔2017〕95号" in (pol[0].get("aliases") or [])
    assert not any("95号" in str(p.get("name")) for p in nodes.values())


def test_reingest_is_a_noop_and_remove_cleans_up(store: Any, schema: Any, tmp_path: Path) -> None:
    from iegraph.ingest.writer import GraphWriter

    one = tmp_path / "rail.txt"
    shutil.copy(SAMPLES / "zh_hant_rail.txt", one)
    ex = get_extractor()
    ingest_documents([one], store, schema, extractor=ex)
    before_n, before_r = _nodes(store), _rels(store)
    again = ingest_documents([one], store, schema, extractor=ex)
    assert again.written.get("created", 0) == 0 and again.written.get("updated", 0) == 0
    assert _nodes(store) == before_n and _rels(store) == before_r
    w = GraphWriter(store, schema)
    [src] = [s["key"] for s in w.list_sources()]
    w.remove_source(src)
    left = _nodes(store)
    assert not any(p.get("class") in ("StrategyPoint", "DocumentSection") for p in left.values())
    assert not _by_name(left, "西南交通大學")


def test_bad_file_is_reported_and_the_batch_goes_on(
    store: Any, schema: Any, tmp_path: Path
) -> None:
    (tmp_path / "a_empty.txt").write_bytes(b"")
    (tmp_path / "b_binary.txt").write_bytes(b"\x00\x01\x02" * 50)
    shutil.copy(SAMPLES / "zh_hans_policy.txt", tmp_path / "c_good.txt")
    s = ingest_documents([tmp_path], store, schema, extractor=get_extractor())
    assert s.documents == 1 and s.failed == 2
    errs = {Path(r.path).name: r.error for r in s.reports if r.error}
    assert set(errs) == {"a_empty.txt", "b_binary.txt"}
    assert all(r.hint for r in s.reports if r.error)
    srcs = [p for p in _nodes(store).values() if p.get("class") == "Source"]
    assert [Path(p["path"]).name for p in srcs] == ["c_good.txt"]
