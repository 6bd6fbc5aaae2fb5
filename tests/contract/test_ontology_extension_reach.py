"""A class added only to (a copy of) the Turtle file reaches, with no code change, the store's
schema, record validation, the document extractor's labels and suffix patterns, and the API's
class enum and ``/schema`` (the other half — RDF export/import — is in
test_rdf_ontology_extension.py)."""

from __future__ import annotations

import shutil

import pytest

from iegraph.ontology.compiler import compile_ontology
from iegraph.ontology.schema import ONTOLOGY_FILE, SHAPES_FILE

NEW_CLASS = """
ie:SkillsCentre a owl:Class ;
    rdfs:subClassOf ie:TrainingBase ;
    skos:prefLabel "技能中心"@zh-Hans, "技能中心"@zh-Hant, "Skills centre"@en ;
    skos:altLabel "技能培训中心"@zh-Hans ;
    ie:nameSuffix "技能中心" ;
    skos:definition "A test class added only in the Turtle file."@en .
"""


@pytest.fixture(scope="module")
def extended(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    d = tmp_path_factory.mktemp("onto")
    shutil.copy(SHAPES_FILE, d / "shapes.ttl")
    (d / "iegraph.ttl").write_text(
        ONTOLOGY_FILE.read_text(encoding="utf-8") + NEW_CLASS, encoding="utf-8"
    )
    return compile_ontology(d / "iegraph.ttl", use_cache=False)


def test_packaged_ontology_does_not_have_it(schema) -> None:  # type: ignore[no-untyped-def]
    assert schema.resolve_class("技能中心") is None  # so the checks below can fail


def test_new_class_compiles_with_labels(extended) -> None:  # type: ignore[no-untyped-def]
    assert extended.resolve_class("技能培训中心") == "SkillsCentre"
    assert extended.top_of("SkillsCentre") == "Platform"
    assert extended.allows("BUILDS", "University", "SkillsCentre")


def test_new_class_reaches_the_extractor(extended) -> None:  # type: ignore[no-untyped-def]
    from iegraph.ingest.documents import get_extractor

    res = get_extractor(extended).extract_text(
        "深圳职业技术大学与华为技术有限公司共建龙岗技能中心。"
    )
    found = {(e.text, e.label, e.cls) for e in res.entities}
    assert ("龙岗技能中心", "Platform", "SkillsCentre") in found
    texts = [e.text for e in res.entities]  # relation ends index the entity list
    rels = {(texts[r.head], r.type, texts[r.tail]) for r in res.relations}
    assert ("深圳职业技术大学", "BUILDS", "龙岗技能中心") in rels


def test_new_class_reaches_record_validation_and_store(embedded_store, extended, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from iegraph.ingest.records.load import load_records

    embedded_store.apply_schema(extended)
    assert "SkillsCentre.key" in embedded_store.schema_objects()["indexes"]
    f = tmp_path / "e.csv"
    f.write_text("name,type\n龙岗技能中心,技能中心\n", encoding="utf-8")
    load_records(embedded_store, extended, entities=[f])
    hits = embedded_store.run("MATCH (n:SkillsCentre) RETURN n.name, n.class").rows
    assert hits == [["龙岗技能中心", "SkillsCentre"]]


def test_new_class_reaches_the_api(embedded_store, extended) -> None:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from iegraph.api.deps import get_schema
    from iegraph.api.main import create_app

    app = create_app(store=embedded_store)
    app.dependency_overrides[get_schema] = lambda: extended
    with TestClient(app) as client:
        names = {c["name"] for c in client.get("/api/v1/schema").json()["classes"]}
        assert "SkillsCentre" in names
        assert (
            client.get("/api/v1/entities", params={"q": "技能", "class": "技能中心"}).status_code
            == 200
        )
        assert (
            client.get("/api/v1/entities", params={"q": "技能", "class": "NoSuchClass"}).status_code
            == 422
        )
