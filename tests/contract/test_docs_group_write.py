"""Documents are written in groups (one store write per group, ``ingest.writer.group``) on
every backend: the graph is exactly what writing them one by one gives — every node and
relationship with the same properties and per-document evidence — and a group the store
fails midway is undone and its documents written again one by one, so only the document the
store refuses is reported failed and nothing of it stays."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from iegraph.ingest.documents import get_extractor
from iegraph.ingest.documents.ingest import ingest_documents, prepare_document
from iegraph.ingest.documents.loaders import load_document
from iegraph.ingest.writer import GraphWriter
from iegraph.ontology.errors import StoreUnavailable

SAMPLES = Path(__file__).resolve().parents[2] / "ingest" / "samples" / "docs"


@pytest.fixture(autouse=True)
def _one_instant(monkeypatch: pytest.MonkeyPatch) -> None:
    # entries are ordered by (ingested_at, source): one instant for every write, so the two
    # ways of writing order them alike
    monkeypatch.setattr("iegraph.ingest.writer.core._now", lambda: "2026-01-01T00:00:00+00:00")


def _files(tmp_path: Path) -> list[Path]:
    """The samples, two variants sharing their names (new sources naming the same nodes)
    and one copy with the same content under another path (the same source)."""
    out = []
    for p in sorted(SAMPLES.iterdir()):
        out.append(tmp_path / p.name)
        shutil.copy(p, out[-1])
    for name in ("zh_news_consortium.txt", "zh_hans_shenzhen.txt"):
        v = tmp_path / f"v_{name}"
        v.write_text(
            (SAMPLES / name).read_text(encoding="utf-8") + "\n（转载）\n", encoding="utf-8"
        )
        out.append(v)
    dup = tmp_path / "copy_of_policy.txt"
    shutil.copy(SAMPLES / "zh_hans_policy.txt", dup)
    out.append(dup)
    return out


def _dump(store: Any) -> tuple[dict[str, Any], dict[tuple[str, str, str], Any]]:
    def ev(props: dict[str, Any]) -> dict[str, Any]:
        out = dict(props)
        if out.get("evidence"):
            out["evidence"] = sorted(json.loads(e)["source"] for e in out["evidence"])
        return out

    nodes = {
        k: ev(p)
        for k, labels, p in store.run(
            "MATCH (n:Entity) RETURN n.key, labels(n), properties(n)"
        ).rows
    }
    rels = store.run("MATCH (a:Entity)-[r]->(b:Entity) RETURN a.key, type(r), b.key, properties(r)")
    return nodes, {(a, t, b): ev(p) for a, t, b, p in rels.rows}


def _one_by_one(store: Any, schema: Any, files: list[Path]) -> Counter[str]:
    """The reference: each document through ``GraphWriter.write_source`` on its own."""
    ex = get_extractor()
    w = GraphWriter(store, schema, skip_invalid=True)
    written: Counter[str] = Counter()
    for f in files:
        prep = prepare_document(load_document(f), ex)
        c = prep.converted
        ws = w.write_source(
            prep.source, c.entities, c.relations, extra_nodes=c.nodes, extra_rels=c.rels
        )
        for k in ("created", "updated", "unchanged"):
            written[k] += sum(getattr(ws, k).values())
    return written


def _fresh(store: Any, schema: Any) -> None:
    store.clear()
    store.apply_schema(schema)


def test_group_write_equals_one_by_one(store: Any, schema: Any, tmp_path: Path) -> None:
    files = _files(tmp_path)
    ref_written = _one_by_one(store, schema, files)
    ref = _dump(store)
    assert ref[0] and ref[1]
    _fresh(store, schema)
    ex = get_extractor()
    # a first load in groups of two, then the rest as one group on top of it
    s1 = ingest_documents(files[:5], store, schema, extractor=ex, group_docs=2)
    s2 = ingest_documents(files[5:], store, schema, extractor=ex)
    assert s1.failed == s2.failed == 0
    assert s1.documents + s2.documents == len(files)
    got = _dump(store)
    assert got[0] == ref[0]
    assert got[1] == ref[1]
    assert Counter(s1.written) + Counter(s2.written) == ref_written
    # each document is its own source: every fact names the document it came from
    srcs = {k for k, p in got[0].items() if p.get("class") == "Source"}
    assert len(srcs) == len(files) - 1  # the copy is the same source
    assert all(set(p.get("source_ids") or ()) <= srcs for p in got[0].values())
    assert all(p["evidence"] for p in got[1].values() if "evidence" in p)
    again = ingest_documents(files, store, schema, extractor=ex)
    assert again.written.get("created", 0) == again.written.get("updated", 0) == 0


class FailingStore:
    """The real store, except that creating relationships fails: once (the connection drops
    and comes back), or whenever a relationship of the ``refused`` source is among them."""

    def __init__(self, inner: Any, refused: str | None = None) -> None:
        self.inner = inner
        self.refused = refused
        self.failures = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def _check(self, rows: Any) -> None:
        rows = list(rows)
        hit = (
            self.failures == 0
            if self.refused is None
            else any(self.refused in (r.props.get("source_ids") or ()) for r in rows)
        )
        if hit:
            self.failures += 1
            raise StoreUnavailable("connection lost", hint="restart the store")

    def create_relationships(self, rows: Any, *a: Any, **kw: Any) -> int:
        self._check(rows)
        return int(self.inner.create_relationships(rows, *a, **kw))

    def bulk_load(self, nodes: Any, rels: Any) -> Any:
        self._check(rels)
        return self.inner.bulk_load(nodes, rels)


def test_failed_group_is_undone_and_written_one_by_one(
    store: Any, schema: Any, tmp_path: Path
) -> None:
    files = _files(tmp_path)[:6]
    _one_by_one(store, schema, files)
    ref = _dump(store)
    _fresh(store, schema)
    flaky = FailingStore(store)
    s = ingest_documents(files, flaky, schema, extractor=get_extractor())
    assert flaky.failures == 1 and s.failed == 0 and s.documents == len(files)
    assert _dump(store) == ref


def test_document_the_store_refuses_is_left_out_whole(
    store: Any, schema: Any, tmp_path: Path
) -> None:
    files = _files(tmp_path)[:6]
    bad = prepare_document(load_document(files[2]), get_extractor()).source.key
    refusing = FailingStore(store, refused=bad)
    s = ingest_documents(files, refusing, schema, extractor=get_extractor())
    assert s.failed == 1 and s.documents == len(files) - 1
    [rep] = [r for r in s.reports if r.error]
    assert rep.path == str(files[2]) and "restored" in rep.error and rep.hint
    assert [r.path for r in s.reports] == [str(f) for f in files]  # in the order given
    nodes, rels = _dump(store)
    assert bad not in nodes
    assert not any(bad in (p.get("source_ids") or ()) for p in [*nodes.values(), *rels.values()])
    # the others are exactly what writing them alone gives
    _fresh(store, schema)
    _one_by_one(store, schema, [f for f in files if f != files[2]])
    assert (nodes, rels) == _dump(store)


def test_min_confidence_holds_in_groups(store: Any, schema: Any, tmp_path: Path) -> None:
    files = _files(tmp_path)
    s = ingest_documents(files, store, schema, extractor=get_extractor(), min_confidence=0.85)
    assert s.failed == 0 and sum(r.dropped_relations for r in s.reports) > 0
    _nodes, rels = _dump(store)
    extracted = [p for p in rels.values() if "rule" in p]
    assert extracted and all(p["confidence"] >= 0.85 for p in extracted)
