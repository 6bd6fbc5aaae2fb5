"""``iegraph ontology show|validate|export`` through Typer's runner (real files, real rdflib)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import typer
from rdflib import Graph
from typer.testing import CliRunner

from iegraph.api.commands import ontology_cmd
from iegraph.ontology.rdfutil import IE, RDF, SH
from iegraph.ontology.schema import ONTOLOGY_FILE, SHAPES_FILE


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> typer.Typer:
    monkeypatch.setenv("IEGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    root = typer.Typer()
    groups = {"ontology": typer.Typer()}
    root.add_typer(groups["ontology"], name="ontology")
    ontology_cmd.register(root, groups)
    return root


runner = CliRunner()


def test_validate_passes_on_the_packaged_ontology(app: typer.Typer) -> None:
    res = runner.invoke(app, ["ontology", "validate"])
    assert res.exit_code == 0, res.output
    assert "ok" in res.output and "classes" in res.output


def test_validate_fails_with_a_located_problem(app: typer.Typer, tmp_path: Path) -> None:
    d = tmp_path / "o"
    d.mkdir()
    shutil.copy(SHAPES_FILE, d / "shapes.ttl")
    text = ONTOLOGY_FILE.read_text(encoding="utf-8").replace(
        "ie:BUILDS a owl:ObjectProperty ;\n    rdfs:domain",
        "ie:BUILDS a owl:ObjectProperty ;\n    rdfs:comment",
    )
    (d / "iegraph.ttl").write_text(text, encoding="utf-8")
    res = runner.invoke(app, ["ontology", "validate", str(d / "iegraph.ttl"), "--json"])
    assert res.exit_code == 1
    doc = json.loads(res.stdout)
    assert doc["valid"] is False
    errs = [
        p
        for p in doc["problems"]
        if p["severity"] == "error" and p["file"] == str(d / "iegraph.ttl")
    ]
    line = text.splitlines().index("ie:BUILDS a owl:ObjectProperty ;") + 1
    assert errs == [{**errs[0], "term": "BUILDS", "line": line}]
    assert "rdfs:domain" in errs[0]["message"] and errs[0]["fix"]
    # the shape that still states a domain now disagrees with the ontology: reported too
    assert any(p["term"] == "BUILDSShape" for p in doc["problems"])


def test_show_json_lists_classes_relations_and_concepts(app: typer.Typer) -> None:
    res = runner.invoke(app, ["ontology", "show", "--json"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    names = {c["name"] for c in doc["classes"]}
    assert {"Institution", "VocationalCollege", "IndustrialPark", "StrategyPoint"} <= names
    coop = next(r for r in doc["relations"] if r["name"] == "COOPERATES_WITH")
    assert coop["symmetric"] is True
    assert any(c["labels"]["zh-Hans"] == "人工智能" for c in doc["concepts"])


def test_show_prints_the_class_tree(app: typer.Typer, monkeypatch: pytest.MonkeyPatch) -> None:
    from iegraph.api.commands import common

    monkeypatch.setattr(common.console, "width", 200)  # no wrapping inside names
    res = runner.invoke(app, ["ontology", "show"])
    assert res.exit_code == 0, res.output
    assert "VocationalCollege" in res.output and "COOPERATES_WITH" in res.output


@pytest.mark.parametrize(
    ("fmt", "parser"), [("ttl", "turtle"), ("jsonld", "json-ld"), ("owl", "xml"), ("nt", "nt")]
)
def test_export_formats_parse_back(app: typer.Typer, tmp_path: Path, fmt: str, parser: str) -> None:
    out = tmp_path / f"o.{fmt}"
    res = runner.invoke(
        app, ["ontology", "export", "--format", fmt, "-o", str(out), "--with-shapes"]
    )
    assert res.exit_code == 0, res.output
    g = Graph().parse(out, format=parser)
    assert (IE.COOPERATES_WITH, RDF.type, IE.COOPERATES_WITH) not in g
    assert len(list(g.subjects(RDF.type, SH.NodeShape))) > 10
    assert len(g) > 3000


def test_export_unknown_format_is_a_clear_error(app: typer.Typer) -> None:
    res = runner.invoke(app, ["ontology", "export", "--format", "docx"])
    assert res.exit_code == 2
    assert "unknown format" in res.output
