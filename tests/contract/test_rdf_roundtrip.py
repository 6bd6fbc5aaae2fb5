"""RDF export/import on every backend: typed by the ontology, conforming to the SHACL shapes,
and isomorphic after store → RDF → empty store → RDF."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic, to_isomorphic
from rdflib.namespace import RDF, SKOS

from iegraph.graph.model import NodeRecord, RelRecord
from iegraph.graph.rdf import (
    IE,
    PROV,
    export_rdf,
    import_rdf,
    node_iri,
    parse_rdf,
    statement_iri,
    validate_rdf,
)
from iegraph.ontology.errors import ValidationError

SRC = "source:0123456789abcdef"
# quotes, a backslash, a newline and a tab must survive every format (N-Triples has no
# long strings)
TRICKY = '"校企"双主体"育人\\ 牵头;\n第二行\t"""'


def _node(schema, key: str, cls: str, name: str, **props):  # type: ignore[no-untyped-def]
    base = {
        "name": name,
        "class": cls,
        "top": schema.top_of(cls),
        "aliases": [name],
        "source_ids": [SRC],
    }
    base.update(props)
    return NodeRecord(key=key, labels=tuple(schema.labels_for_store(cls)[1:]), props=base)


def _evidence(locator: str, text: str) -> str:
    return json.dumps(
        {
            "source": SRC,
            "locator": locator,
            "text": text,
            "extractor": "iegraph.records/0.1",
            "version": "0.1",
            "confidence": 0.9,
            "source_url": "https://example.org/news/1",
            "ingested_at": "2025-01-02T03:04:05Z",
        },
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )


@pytest.fixture
def small_graph(store, schema):  # type: ignore[no-untyped-def]
    nodes = [
        NodeRecord(
            key=SRC,
            labels=("Source",),
            props={
                "name": "partnerships.csv",
                "class": "Source",
                "top": "Source",
                "content_hash": "0123456789abcdef" * 4,
                "kind": "records",
                "path": "partnerships.csv",
                "url": "https://example.org/data",
            },
        ),
        _node(
            schema,
            "institution:深圳职业技术大学",
            "VocationalUniversity",
            "深圳職業技術大學",
            aliases=["深圳职业技术学院", "深圳職業技術大學"],
            former_names=["深圳职业技术学院"],
            renamed_on="2023",
            valid_from="1993-05",
        ),
        _node(
            schema,
            "enterprise:华为技术有限公司",
            "Company",
            "华为技术有限公司",
            aliases=["华为", "Huawei Technologies Co., Ltd."],
            founded="1987-09-15",
            website="https://www.huawei.com",
        ),
        _node(
            schema,
            "platform:深圳市域产教联合体",
            "MunicipalConsortium",
            "深圳市域产教联合体",
            level="national",
            year=2023,
            batch="第一批",
            member_count=120,
        ),
        _node(schema, "place:深圳市", "City", "深圳市", aliases=["深圳市", TRICKY]),
        _node(
            schema,
            "industry:人工智能",
            "Industry",
            "人工智能",
            concept_id="ind_ai",
            scheme="IndustryScheme",
        ),
        _node(
            schema,
            "policy:关于深化产教融合的若干意见",
            "NationalPolicy",
            "关于深化产教融合的若干意见",
            doc_number="国办发〔2017〕95号",
            issued_date="2017-12-19",
            level="national",
        ),
        _node(
            schema, "government:国务院办公厅", "PeoplesGovernment", "国务院办公厅", level="national"
        ),
    ]
    ev = _evidence("row 3", "深圳职业技术大学与华为签署合作协议")
    rels = [
        RelRecord(
            "COOPERATES_WITH",
            "enterprise:华为技术有限公司",
            "institution:深圳职业技术大学",
            {"source_ids": [SRC], "evidence": [ev], "confidence": 0.9, "valid_from": "2019-06-01"},
        ),
        RelRecord(
            "LEADS",
            "institution:深圳职业技术大学",
            "platform:深圳市域产教联合体",
            {"source_ids": [SRC], "evidence": [_evidence("row 4", TRICKY)], "confidence": 1.0},
        ),
        RelRecord(
            "LOCATED_IN",
            "platform:深圳市域产教联合体",
            "place:深圳市",
            {"source_ids": [SRC], "confidence": 1},
        ),
        RelRecord(
            "FOCUSES_ON", "platform:深圳市域产教联合体", "industry:人工智能", {"source_ids": [SRC]}
        ),
        RelRecord(
            "ISSUED_BY",
            "policy:关于深化产教融合的若干意见",
            "government:国务院办公厅",
            {"source_ids": [SRC], "evidence": [ev]},
        ),
    ]
    store.upsert_nodes(nodes)
    store.upsert_relationships(rels)
    return store


def _graph(text: str, fmt: str = "turtle") -> Graph:
    return parse_rdf(text, fmt)


def test_export_is_typed_labelled_and_conforms(small_graph, schema):  # type: ignore[no-untyped-def]
    g = _graph(export_rdf(small_graph, schema, "turtle"))
    szu = node_iri("institution:深圳职业技术大学")
    assert (szu, RDF.type, IE.VocationalUniversity) in g
    # Traditional name: tagged zh-Hant, with its Simplified form as the zh-Hans prefLabel
    assert (szu, SKOS.prefLabel, Literal("深圳職業技術大學", lang="zh-Hant")) in g
    assert (szu, SKOS.prefLabel, Literal("深圳职业技术大学", lang="zh-Hans")) in g
    hw = node_iri("enterprise:华为技术有限公司")
    assert (hw, SKOS.altLabel, Literal("Huawei Technologies Co., Ltd.", lang="en")) in g
    assert (szu, IE.COOPERATES_WITH, hw) in g or (hw, IE.COOPERATES_WITH, szu) in g
    # provenance of a relationship: a statement derived from the source and the evidence
    st = statement_iri(
        "enterprise:华为技术有限公司", "COOPERATES_WITH", "institution:深圳职业技术大学"
    )
    assert (st, RDF.type, RDF.Statement) in g
    assert (st, PROV.wasDerivedFrom, node_iri(SRC)) in g
    evs = [o for o in g.objects(st, PROV.wasDerivedFrom) if "/evidence/" in str(o)]
    assert len(evs) == 1
    assert (evs[0], PROV.value, Literal("深圳职业技术大学与华为签署合作协议")) in g
    # an industry node points at its ontology concept
    assert (node_iri("industry:人工智能"), SKOS.exactMatch, IE.ind_ai) in g
    # IRIs are percent-encoded ASCII
    assert all(str(s).isascii() for s in g.subjects() if isinstance(s, URIRef))
    conforms, report = validate_rdf(g)
    assert conforms, report


@pytest.mark.parametrize("fmt", ["turtle", "json-ld", "nt"])
def test_round_trip_is_isomorphic(small_graph, schema, fmt):  # type: ignore[no-untyped-def]
    first = export_rdf(small_graph, schema, fmt)
    before = small_graph.stats()
    small_graph.clear()
    assert sum(small_graph.stats()["nodes"].values()) == 0
    n, r = import_rdf(small_graph, schema, first, fmt)
    assert (n, r) == (8, 5)
    second = export_rdf(small_graph, schema, fmt)
    g1, g2 = _graph(first, fmt), _graph(second, fmt)
    assert len(g1) == len(g2)
    assert isomorphic(g1, g2), sorted(set(to_isomorphic(g1)) ^ set(to_isomorphic(g2)))[:10]
    assert small_graph.stats()["relationships"] == before["relationships"]
    place = small_graph.get_node("place:深圳市")
    assert place is not None and TRICKY in place.props["aliases"]
    # values come back with their store types
    pl = small_graph.get_node("platform:深圳市域产教联合体")
    assert pl is not None and pl.props["year"] == 2023 and pl.props["level"] == "national"
    assert "MunicipalConsortium" in pl.labels and "Platform" in pl.labels


def test_nonconforming_rdf_is_refused_and_nothing_written(store, schema):  # type: ignore[no-untyped-def]
    bad = """
    @prefix ie: <https://iegraph.dev/ontology#> .
    @prefix id: <https://iegraph.dev/id/> .
    id:policy%3Ax a ie:Policy ; ie:key "policy:x" ; ie:name "x" ; ie:level "galactic" .
    id:place%3Ay a ie:City ; ie:key "place:y" ; ie:name "y" .
    id:place%3Ay ie:ISSUED_BY id:policy%3Ax .
    """
    with pytest.raises(ValidationError) as ei:
        import_rdf(store, schema, bad, "turtle")
    report = ei.value.details["report"]
    assert "galactic" in report  # level not in sh:in
    assert "ISSUED_BY" in report  # a City cannot issue anything
    assert sum(store.stats()["nodes"].values()) == 0


def test_unparseable_rdf_names_the_line(store, schema):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as ei:
        import_rdf(
            store,
            schema,
            "@prefix ie: <https://iegraph.dev/ontology#> .\n\n"
            'ie:a ie:b "unclosed .\nie:c ie:d ie:e .\n',
            "ttl",
        )
    assert "line 3" in ei.value.message
