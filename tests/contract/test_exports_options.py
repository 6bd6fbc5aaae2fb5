"""Export options and guards on both backends: ``--as-of`` in every scope, spreadsheet-formula
escaping in the CSV export (the store keeps values verbatim), files created with the user's
umask, and the ontology's own individuals conforming to its shapes."""

from __future__ import annotations

import csv
import io
import json
import os
import zipfile
from pathlib import Path

import pytest
import rdflib

from iegraph.graph.exports.csv_format import escape_cell, read_typed_csv, unescape_cell
from iegraph.graph.model import NodeRecord
from iegraph.graph.views.dates import period_end, period_start
from iegraph.graph.views.synthetic import sample_ecosystem, to_records
from iegraph.ontology.errors import ValidationError
from iegraph.ontology.schema import NAMESPACE, SHAPES_FILE
from iegraph.queries.exports import export

FORMULAS = ["=cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "+1+1", "-2+3", "\tx", "\ry"]


@pytest.fixture
def loaded(store, schema):  # type: ignore[no-untyped-def]
    sub = sample_ecosystem(schema)
    nodes, rels = to_records(sub)
    store.upsert_nodes(nodes)
    store.upsert_relationships(rels)
    return store


def _valid(props: dict[str, object], day: str) -> bool:
    start, end = period_start(props.get("valid_from")), period_end(props.get("valid_to"))
    return (start is None or start <= day) and (end is None or end >= day)


@pytest.mark.parametrize("fmt", ["json", "graphml", "csv", "ttl", "cypher", "gexf"])
def test_as_of_filters_the_whole_graph_in_every_format(loaded, schema, fmt) -> None:  # type: ignore[no-untyped-def]
    full = json.loads(export(loaded, "json", schema=schema).data)
    day = "2020-01-01"
    dated_later = [e for e in full["edges"] if not _valid(e, day)]
    dated_later += [n for n in full["nodes"] if not _valid(n, day)]
    assert dated_later, "the sample must hold items that start after 2020"
    out = export(loaded, fmt, schema=schema, as_of="2020")
    doc = json.loads(export(loaded, "json", schema=schema, as_of="2020").data)
    assert all(_valid(n, day) for n in doc["nodes"])
    assert all(_valid(e, day) for e in doc["edges"])
    assert (out.nodes, out.relationships) == (len(doc["nodes"]), len(doc["edges"]))
    assert out.relationships < len(full["edges"]) or out.nodes < len(full["nodes"])
    keys = {n["id"] for n in doc["nodes"]}
    assert all(e["source"] in keys and e["target"] in keys for e in doc["edges"])


def test_as_of_filters_query_results_and_refuses_bad_dates(loaded, schema) -> None:  # type: ignore[no-untyped-def]
    q = "MATCH (a)-[r]->(b) RETURN a, r, b"
    full = export(loaded, "json", schema=schema, query=q)
    dated = export(loaded, "json", schema=schema, query=q, as_of="2020")
    assert dated.relationships < full.relationships
    with pytest.raises(ValidationError) as e:
        export(loaded, "json", schema=schema, as_of="20xx")
    assert "YYYY" in (e.value.hint or "")


def test_csv_escapes_formula_cells_and_the_store_keeps_them(store, schema) -> None:  # type: ignore[no-untyped-def]
    key = "enterprise:公式测试"
    store.upsert_nodes(
        [
            NodeRecord(
                key,
                tuple(lb for lb in schema.labels_for_store("Company") if lb != "Entity"),
                {"name": FORMULAS[0], "class": "Company", "aliases": FORMULAS[1:]},
            )
        ]
    )
    got = store.get_node(key)
    assert got is not None
    assert got.props["name"] == FORMULAS[0] and got.props["aliases"] == FORMULAS[1:]  # verbatim

    z = zipfile.ZipFile(io.BytesIO(export(store, "csv", schema=schema).data))
    manifest = json.loads(z.read("manifest.json"))
    delim = manifest["array_delimiter"]
    text = z.read("nodes.csv").decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    row = next(r for r in rows if r["key:ID"] == key)
    cells = [row["name"], *row["aliases:string[]"].split(delim)]
    # every cell a spreadsheet would evaluate starts with the inert ' instead
    assert all(c.startswith("'") and c[1:] in FORMULAS for c in cells)
    assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for c in r.values())
    assert manifest["formula_escape"]["escaped_cells"] == len(FORMULAS)
    back = next(r for r in read_typed_csv(text, delim) if r["key"] == key)
    assert back["name"] == FORMULAS[0] and back["aliases"] == FORMULAS[1:]
    # the other formats carry the values as they are
    doc = json.loads(export(store, "json", schema=schema).data)
    assert next(n for n in doc["nodes"] if n["id"] == key)["name"] == FORMULAS[0]


def test_escape_cell_round_trip() -> None:
    for text in [*FORMULAS, "深圳", "'quoted", "'=already", "", "a=b"]:
        assert unescape_cell(escape_cell(text)) == text
    assert escape_cell("a=b") == "a=b" and escape_cell("-1") == "'-1"


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_export_files_get_the_users_umask(embedded_store, schema, tmp_path, umask, mode) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from iegraph.api.cli import app

    nodes, rels = to_records(sample_ecosystem(schema))
    embedded_store.upsert_nodes(nodes)
    embedded_store.upsert_relationships(rels)
    old = os.umask(umask)
    try:
        for fmt in ("ttl", "gexf", "csv"):
            out = tmp_path / f"g-{umask:o}.{'zip' if fmt == 'csv' else fmt}"
            r = CliRunner().invoke(
                app,
                ["export", "-f", fmt, "-o", str(out), "--data-dir", str(embedded_store.data_dir)],
                catch_exceptions=False,
            )
            assert r.exit_code == 0, r.output
            assert out.stat().st_mode & 0o777 == mode, (fmt, oct(out.stat().st_mode))
    finally:
        os.umask(old)


def test_ontology_individuals_conform_to_its_shapes(schema) -> None:  # type: ignore[no-untyped-def]
    import pyshacl

    from iegraph.ontology.names import entity_key

    ie = rdflib.Namespace(NAMESPACE)
    onto = rdflib.Graph().parse(Path(SHAPES_FILE).with_name("iegraph.ttl"))
    industries = set(onto.subjects(rdflib.RDF.type, ie.Industry))
    assert len(industries) >= 75  # 76 on 2026-12-07: each new one needs its ie:key and ie:name
    for ind in industries:
        label = next(
            str(lab)
            for lab in onto.objects(ind, rdflib.SKOS.prefLabel)
            if getattr(lab, "language", None) == "zh-Hans"
        )
        assert str(onto.value(ind, ie.name)) == label
        assert str(onto.value(ind, ie.key)) == entity_key("Industry", label)
    shapes = rdflib.Graph().parse(SHAPES_FILE)
    ok, _, text = pyshacl.validate(onto, shacl_graph=shapes, inference="rdfs")
    assert ok, text[:3000]
