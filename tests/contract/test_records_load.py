"""Records ingestion end to end on every backend: the sample facts, the CLI's exit codes and
report, encodings, idempotence, corrected files and removal of a source."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from iegraph.ingest.normalize import norm_name, strip_legal_suffix
from iegraph.ingest.records import load_records, load_samples
from iegraph.ingest.records.samples import RECORDS_DIR, sample_mappings
from iegraph.ontology.errors import ValidationError


def run_cli(store, *args: str):  # type: ignore[no-untyped-def]
    """Run ``iegraph`` against the fixture's store (same data dir, or the test Neo4j)."""
    from typer.testing import CliRunner

    from iegraph.api.cli import app
    from iegraph.ontology.settings import get_settings

    env: dict[str, str] = {}
    argv = list(args)
    if store.backend == "embedded":
        argv += ["--data-dir", str(store.data_dir)]
    else:
        from tests.conftest import neo4j_env

        env = {**(neo4j_env() or {}), "IEGRAPH_BACKEND": "neo4j"}
    get_settings.cache_clear()
    try:
        return CliRunner().invoke(app, argv, env=env)
    finally:
        get_settings.cache_clear()


def entity_rows(store) -> list[list[Any]]:  # type: ignore[no-untyped-def]
    return store.run(
        "MATCH (n:Entity) WHERE n.top <> 'Source' RETURN n.key, n.name, n.top, "
        "n.class, n.aliases, n.former_names, n.renamed_on, n.source_ids"
    ).rows


def by_name(store, name: str) -> list[list[Any]]:  # type: ignore[no-untyped-def]
    f = norm_name(name)
    return [
        r
        for r in entity_rows(store)
        if norm_name(r[1]) == f or f in {norm_name(a) for a in r[4] or []}
    ]


def test_samples_load_without_rejections_or_duplicates(store, schema, shared_dir: Path) -> None:  # type: ignore[no-untyped-def]
    summary = load_samples(store, schema)
    assert summary.rejected == []
    assert summary.filtered  # every left-out value is counted with its reason
    # every facts file has a shipped mapping and a sample copy
    facts = sorted(p.name for p in (shared_dir / "data" / "facts").glob("*.csv"))
    mapped = sorted(f"{m.stem}.csv" for m in sample_mappings() if m.stem != "aliases")
    assert facts == mapped
    assert all((RECORDS_DIR / f).exists() for f in facts)
    rows = entity_rows(store)
    seen: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key, name, top, *_ in rows:
        seen[(top, strip_legal_suffix(norm_name(name)))].append(key)
    dups = {k: v for k, v in seen.items() if len(v) > 1}
    assert dups == {}
    # the traps of the facts README
    szpu = by_name(store, "深圳職業技術大學")
    assert len(szpu) == 1 and by_name(store, "深圳职业技术学院") == szpu
    assert szpu[0][1] == "深圳职业技术大学" and szpu[0][5] == ["深圳职业技术学院"]
    assert szpu[0][6] == "2023"
    szit = by_name(store, "常熟理工学院")
    assert len(szit) == 1 and szit[0][1] == "苏州工学院" and szit[0][6] == "2025"
    crrc = by_name(store, "中国中车")
    assert len(crrc) == 1 and crrc[0][1] == "中国中车集团有限公司"
    assert by_name(store, "中国中车集团") == crrc
    assert len(by_name(store, "圣奥家居")) == 1
    # the partner brand in a college's name is a property, not a partner node
    college = by_name(store, "深圳大学腾讯云人工智能学院")[0]
    props = store.get_node(college[0]).props
    assert props["partner_brand_in_name"] == "腾讯云" and not by_name(store, "腾讯云")
    builds = store.run(
        "MATCH (a:Entity)-[:BUILDS]->(b:Entity {key: $k}) RETURN a.name", {"k": college[0]}
    ).rows
    assert builds == [["深圳大学"]]


def test_samples_idempotent(store, schema) -> None:  # type: ignore[no-untyped-def]
    first = load_samples(store, schema)
    snapshot = {r[0]: store.get_node(r[0]).props for r in entity_rows(store)}
    again = load_samples(store, schema)
    assert not again.created and not again.updated and not again.removed
    # every item a source touched the first time (created, or updated by a later source) is
    # touched again, unchanged
    assert again.unchanged == first.created + first.updated
    assert {r[0]: store.get_node(r[0]).props for r in entity_rows(store)} == snapshot


def test_provenance_on_nodes_and_relations(store, schema) -> None:  # type: ignore[no-untyped-def]
    load_samples(store, schema)
    node = store.get_node(by_name(store, "华为技术有限公司")[0][0])
    sources = {
        s["key"]: s for s in (r[0].props for r in store.run("MATCH (s:Source) RETURN s").rows)
    }
    for sid in node.props["source_ids"]:
        s = sources[sid]
        assert s["mapping"].endswith(".yaml") and len(s["file_sha256"]) == 64
        assert s["ingested_at"] and s["path"].endswith(".csv")
    ev = [json.loads(e) for e in node.props["evidence"]]
    assert all(e["locators"][0].startswith("row ") for e in ev)
    rel = store.run(
        "MATCH (:Entity {name: '深圳职业技术大学'})-[r:LEADS]->(p:Entity) RETURN properties(r)"
    ).rows[0][0]
    rev = [json.loads(e) for e in rel["evidence"]]
    assert rev[0]["source_url"].startswith("http") and rev[0]["locator"].startswith("row ")
    assert 0 < rel["confidence"] <= 1


def test_cli_invalid_row_exit_2_nothing_written(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "orgs.csv"
    f.write_text(
        "name,type,founded\n深圳大学,University,1983\n华为,NoSuchType,\n"
        "南京大学,University,not-a-date\n",
        encoding="utf-8",
    )
    report = tmp_path / "report.json"
    res = run_cli(store, "ingest", "records", "--entities", str(f), "--report", str(report))
    assert res.exit_code == 2, res.output
    assert store.run("MATCH (n) RETURN count(n)").rows[0][0] == 0
    doc = json.loads(report.read_text(encoding="utf-8"))
    assert doc["ok"] is False
    assert {(p["row"], p["field"]) for p in doc["problems"]} == {(3, "type"), (4, "founded")}
    assert all(
        p["file"].endswith("orgs.csv") and p["fix"] and "reason" in p for p in doc["problems"]
    )
    res = run_cli(store, "ingest", "records", "--entities", str(f), "--skip-invalid", "--json")
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["summary"]["created"]["University"] == 1
    assert len(out["summary"]["rejected"]) == 2


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030", "big5"])
def test_encodings_end_to_end(store, schema, tmp_path: Path, encoding: str) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "orgs.csv"
    f.write_bytes(
        "name,type,aliases,place\n深圳職業技術大學,高職院校,深職大,深圳市\n".encode(encoding)
    )
    rels = tmp_path / "rels.csv"
    rels.write_bytes(
        "source,type,target,target_type\n深職大,LOCATED_IN,廣東,Province\n".encode(encoding)
    )
    res = load_records(store, schema, entities=[f], relations=[rels])
    assert res.problems == []
    row = by_name(store, "深圳职业技术大学")
    assert len(row) == 1 and "深職大" in row[0][4]
    located = store.run(
        "MATCH (a:Entity {key: $k})-[:LOCATED_IN]->(p) RETURN p.name", {"k": row[0][0]}
    ).rows
    assert sorted(x[0] for x in located) == ["廣東", "深圳市"]


def test_cli_corrected_file_and_sources_remove(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ents = tmp_path / "orgs.csv"
    ents.write_text(
        "name,type\n深圳职业技术大学,VocationalUniversity\n华为技术有限公司,Company\n",
        encoding="utf-8",
    )
    links = tmp_path / "links.csv"
    links.write_text(
        "source,type,target,valid_from\n深圳职业技术大学,COOPERATES_WITH,华为技术有限公司,2019\n",
        encoding="utf-8",
    )
    assert run_cli(store, "ingest", "records", "-e", str(ents), "-r", str(links)).exit_code == 0
    # corrected: a new date → the same relationship updated in place
    links.write_text(
        "source,type,target,valid_from\n深圳职业技术大学,COOPERATES_WITH,华为技术有限公司,2020\n",
        encoding="utf-8",
    )
    res = run_cli(store, "ingest", "records", "-r", str(links), "--json")
    assert res.exit_code == 0, res.output
    # the new version continues the file's source: its Source node is updated, not replaced
    assert json.loads(res.stdout)["summary"]["updated"] == {"COOPERATES_WITH": 1, "Source": 1}
    got = store.run("MATCH ()-[r:COOPERATES_WITH]->() RETURN r.valid_from").rows
    assert got == [["2020"]]
    listed = json.loads(run_cli(store, "sources", "list", "--json").stdout)
    assert len(listed) == 2
    res = run_cli(store, "sources", "remove", str(links))
    assert res.exit_code == 0, res.output
    assert store.run("MATCH ()-[r]->() RETURN count(r)").rows[0][0] == 0
    assert len(entity_rows(store)) == 2  # the entities file still says them
    assert run_cli(store, "sources", "remove", "nope").exit_code == 3


def test_bad_files_leave_the_graph_untouched(store, schema, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    good = tmp_path / "good.csv"
    good.write_text("name,type\n深圳大学,University\n", encoding="utf-8")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    from iegraph.ontology.errors import IngestError

    with pytest.raises(IngestError):
        load_records(store, schema, entities=[good, empty])
    links = tmp_path / "l.csv"
    links.write_text("source,type,target\n深圳大学,BUILDS,没有的平台\n", encoding="utf-8")
    with pytest.raises(ValidationError):
        load_records(store, schema, entities=[good], relations=[links])
    assert store.run("MATCH (n) RETURN count(n)").rows[0][0] == 0
    res = run_cli(store, "ingest", "records", "-e", str(empty))
    assert res.exit_code == 1 and "empty" in res.output + (res.stderr or "")


def _graph(store) -> tuple[dict[str, Any], dict[tuple[str, str, str], Any]]:  # type: ignore[no-untyped-def]
    """Every node and relationship with all its properties (the exact state)."""
    n = store.run("MATCH (n) RETURN n.key, labels(n), properties(n)").rows
    r = store.run("MATCH (a)-[x]->(b) RETURN a.key, type(x), b.key, properties(x)").rows
    return (
        {k: (sorted(lb), p) for k, lb, p in n},
        {(a, t, b): p for a, t, b, p in r},
    )


def _write_versions(ents: Path, links: Path, changed: set[int]) -> None:
    """40 companies and 80 COOPERATES_WITH rows; the rows in ``changed`` (entity rows 0–39,
    relation rows 40–119) carry a corrected website / valid_from."""
    e = ["name,type,website"]
    for i in range(40):
        e.append(
            f"甲{i:02d}科技有限公司,Company,https://e.org/{'new' if i in changed else 'w'}/{i}"
        )
    r = ["source,type,target,valid_from"]
    for j in range(80):  # 80 distinct pairs
        a, b = j % 40, (j + 1 + j // 40) % 40
        when = "2024" if 40 + j in changed else str(2010 + j % 10)
        r.append(f"甲{a:02d}科技有限公司,COOPERATES_WITH,甲{b:02d}科技有限公司,{when}")
    ents.write_text("\n".join(e) + "\n", encoding="utf-8")
    links.write_text("\n".join(r) + "\n", encoding="utf-8")


class FailingOnce:
    """The real store, except that the first update of nodes fails after writing half of
    them — as when the server drops the connection midway through a reload — and the store
    is back for the restoration."""

    def __init__(self, inner) -> None:  # type: ignore[no-untyped-def]
        self.inner = inner
        self.failed = False

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def upsert_nodes(self, rows: Any, batch_size: int = 10_000) -> int:
        from iegraph.ontology.errors import StoreUnavailable

        if self.failed:
            return int(self.inner.upsert_nodes(rows, batch_size))
        self.failed = True
        rows = list(rows)
        self.inner.upsert_nodes(rows[: len(rows) // 2 + 1], batch_size)
        raise StoreUnavailable("connection lost", hint="restart the store")


def test_reload_with_some_rows_changed_updates_only_those(store, schema, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Issue 13's incremental reload: files rewritten with a few rows corrected update exactly
    those items (only their changed properties); every other row is no change; a failed
    reload leaves the graph as it was; a re-run changes nothing; removing the source after
    the reload restores the graph exactly."""
    from iegraph.ontology.errors import StoreError

    ents, links = tmp_path / "orgs.csv", tmp_path / "links.csv"
    _write_versions(ents, links, set())
    load_records(store, schema, entities=[ents])
    only_entities = _graph(store)
    load_records(store, schema, relations=[links])
    loaded = _graph(store)
    changed = {3, 17, 29, 41, 50, 66, 77, 90, 103, 117}  # 3 entity rows, 7 relation rows
    _write_versions(ents, links, changed)
    with pytest.raises(StoreError, match="restored"):
        load_records(FailingOnce(store), schema, entities=[ents], relations=[links])
    assert _graph(store) == loaded
    s = load_records(store, schema, entities=[ents], relations=[links]).summary
    assert s.updated == {"Company": 3, "COOPERATES_WITH": 7, "Source": 2}
    assert s.unchanged == {"Company": 37, "COOPERATES_WITH": 73}
    assert not s.created and not s.removed
    after = _graph(store)
    moved = {k for k in after[0] if after[0][k] != loaded[0].get(k)}
    assert len(moved) == 3 + 2  # the changed companies and the two Source nodes
    assert {t for t in after[1] if after[1][t] != loaded[1][t]} == {
        t for t, p in after[1].items() if p["valid_from"] == "2024"
    }
    assert sum(p["valid_from"] == "2024" for p in after[1].values()) == 7
    # the same files again: nothing to do (skipped by their content hash)
    again = load_records(store, schema, entities=[ents], relations=[links])
    assert not again.summary.updated and not again.summary.created
    assert len(again.summary.skipped) == 2 and _graph(store) == after
    # removing the relations file after the reload leaves exactly what the entities file
    # says: the first load's nodes, but for the three companies corrected by the reload
    keys = {Path(f["file"]).name: f["source"] for f in again.files}
    res = run_cli(store, "sources", "remove", keys["links.csv"])
    assert res.exit_code == 0, res.output
    got = _graph(store)
    assert set(got[0]) == set(only_entities[0]) and got[1] == {}
    assert {k for k in got[0] if got[0][k] != only_entities[0][k]} == moved - {keys["links.csv"]}
    assert run_cli(store, "sources", "remove", keys["orgs.csv"]).exit_code == 0
    assert _graph(store) == ({}, {})
