"""``iegraph view …`` and ``iegraph export`` on the embedded store (the CLI opens its own
connection to the same data directory, as a user's second process would)."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from typer.testing import CliRunner

from iegraph.api.cli import app
from iegraph.graph.views.synthetic import sample_ecosystem, to_records


@pytest.fixture
def data_dir(embedded_store, schema):  # type: ignore[no-untyped-def]
    nodes, rels = to_records(sample_ecosystem(schema))
    embedded_store.upsert_nodes(nodes)
    embedded_store.upsert_relationships(rels)
    return str(embedded_store.data_dir)


def _run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def test_view_commands_write_pages(data_dir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "v.html"
    r = _run(
        "view",
        "ego",
        "深圳职业技术大学",
        "--hops",
        "2",
        "-o",
        str(out),
        "--data-dir",
        data_dir,
        "--json",
    )
    assert r.exit_code == 0, r.output
    info = json.loads(r.stdout)
    assert info["kind"] == "ego" and info["nodes"] > 4 and not info["grouped"]
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    for args in (
        ("city", "深圳市"),
        ("path", "深圳大学", "华为技术有限公司"),
        ("query", "MATCH (n:Company) RETURN n"),
    ):
        page = tmp_path / f"{args[0]}.html"
        r = _run("view", *args, "-o", str(page), "--data-dir", data_dir)
        assert r.exit_code == 0, r.output
        assert "wrote" in r.stdout and page.exists()


def test_view_errors_exit_non_zero_with_a_hint(data_dir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    r = _run("view", "ego", "不存在的大学", "-o", str(tmp_path / "x.html"), "--data-dir", data_dir)
    assert r.exit_code == 3
    assert "hint" in r.output
    r = _run(
        "view", "city", "华为技术有限公司", "-o", str(tmp_path / "y.html"), "--data-dir", data_dir
    )
    assert r.exit_code == 2 and "not a place" in r.output


def test_export_command(data_dir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    gexf = tmp_path / "ego.gexf"
    r = _run(
        "export",
        "--format",
        "gexf",
        "--center",
        "深圳职业技术大学",
        "--hops",
        "1",
        "-o",
        str(gexf),
        "--data-dir",
        data_dir,
    )
    assert r.exit_code == 0, r.output
    assert nx.read_gexf(gexf).number_of_nodes() == 4
    folder = tmp_path / "csv"
    r = _run("export", "--format", "csv", "-o", str(folder), "--data-dir", data_dir)
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in folder.iterdir()) == [
        "IMPORT.md",
        "manifest.json",
        "nodes.csv",
        "relationships.csv",
    ]
    r = _run("export", "--format", "cypher", "-o", "-", "--data-dir", data_dir)
    assert r.exit_code == 0 and r.stdout.splitlines()[1].startswith("CREATE CONSTRAINT")
    r = _run("export", "--format", "xlsx", "--data-dir", data_dir)
    assert r.exit_code == 2 and "graphml" in r.output
    r = _run("export", "--format", "json", "--center", "x", "--query", "y", "--data-dir", data_dir)
    assert r.exit_code == 2
