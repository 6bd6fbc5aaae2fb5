"""A class added to a copy of the Turtle file reaches, with no code change, the store's
schema (index on its identifying property), typed writes, the RDF export and its SHACL
validation, and the RDF import — on every backend."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib.namespace import RDF

from iegraph.graph.model import NodeRecord, RelRecord
from iegraph.graph.rdf import IE, export_rdf, import_rdf, node_iri, parse_rdf, validate_rdf
from iegraph.ontology.compiler import compile_ontology
from iegraph.ontology.schema import ONTOLOGY_FILE, SHAPES_FILE

NEW_CLASS = """
ie:SkillsCentre a owl:Class ;
    rdfs:subClassOf ie:TrainingBase ;
    skos:prefLabel "技能中心"@zh-Hans, "技能中心"@zh-Hant, "Skills centre"@en ;
    skos:definition "A test class added only in the Turtle file."@en .
"""


@pytest.fixture
def extended(tmp_path: Path):  # type: ignore[no-untyped-def]
    d = tmp_path / "onto"
    d.mkdir()
    shutil.copy(SHAPES_FILE, d / "shapes.ttl")
    (d / "iegraph.ttl").write_text(
        ONTOLOGY_FILE.read_text(encoding="utf-8") + NEW_CLASS, encoding="utf-8"
    )
    return compile_ontology(d / "iegraph.ttl", use_cache=False)


def test_new_class_reaches_store_schema_export_and_import(store, extended):  # type: ignore[no-untyped-def]
    store.apply_schema(extended)
    if hasattr(store, "schema_objects"):
        assert "SkillsCentre.key" in store.schema_objects()["indexes"]
    labels = tuple(extended.labels_for_store("SkillsCentre")[1:])
    store.upsert_nodes(
        [
            NodeRecord(
                "platform:深圳技能中心",
                labels,
                {"name": "深圳技能中心", "class": "SkillsCentre", "top": "Platform"},
            ),
            NodeRecord(
                "institution:深圳大学",
                ("Institution", "University"),
                {"name": "深圳大学", "class": "University", "top": "Institution"},
            ),
        ]
    )
    store.upsert_relationships(
        [RelRecord("BUILDS", "institution:深圳大学", "platform:深圳技能中心", {"confidence": 1.0})]
    )
    ttl = export_rdf(store, extended, "turtle")
    g = parse_rdf(ttl, "turtle")
    assert (node_iri("platform:深圳技能中心"), RDF.type, IE.SkillsCentre) in g
    conforms, report = validate_rdf(g, extended)
    assert conforms, report  # BUILDS → SkillsCentre satisfies sh:class ie:Platform
    store.clear()
    assert import_rdf(store, extended, ttl, "turtle") == (2, 1)
    node = store.get_node("platform:深圳技能中心")
    assert node is not None and {"Platform", "TrainingBase", "SkillsCentre"} <= set(node.labels)
