"""The reference skeleton on every backend: the full load with the sample data and texts on
top (no duplicates), idempotent re-loads, a newer vintage (renames, leavers, newcomers),
removal as a source, resolution by code in mapped tables, and search by code."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from iegraph.ingest.reference import load_reference, reference_status
from iegraph.ingest.reference.load import INSTITUTIONS_PATH
from iegraph.ontology.errors import ValidationError
from iegraph.ontology.names import norm_name

HEADER = "moe_code,name,province,city,level,institution_type,authority,ownership,remark\n"
ROWS = [
    "4137010422,山东大学,山东省,济南市,本科,普通高等学校,教育部,公办,",
    "4137012345,山东职业学院,山东省,济南市,专科,普通高等学校,山东省教育厅,公办,",
    "4211051111,北京市职工大学,北京市,,成人,成人高等学校,北京市,公办,",
]


def tiny_places(tmp: Path) -> Path:
    d = tmp / "places"
    d.mkdir(exist_ok=True)
    (d / "admin_provinces.csv").write_text(
        "code,name\n11,北京市\n22,吉林省\n37,山东省\n", encoding="utf-8"
    )
    (d / "admin_prefectures.csv").write_text(
        "code,name,province_code,province_name\n1101,市辖区,11,北京市\n2201,长春市,22,吉林省\n"
        "3701,济南市,37,山东省\n3702,青岛市,37,山东省\n",
        encoding="utf-8",
    )
    (d / "admin_counties.csv").write_text(
        "code,name,prefecture_code,prefecture_name,province_code,province_name\n"
        "110105,朝阳区,1101,市辖区,11,北京市\n220104,朝阳区,2201,长春市,22,吉林省\n"
        "370102,历下区,3701,济南市,37,山东省\n",
        encoding="utf-8",
    )
    return d


def tiny_list(tmp: Path, rows: list[str], name: str = "list.csv") -> Path:
    p = tmp / name
    p.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return p


def load_tiny(store, schema, tmp: Path, rows: list[str], as_of: str = "2025-06-20", **kw: Any):  # type: ignore[no-untyped-def]
    return load_reference(
        store,
        schema,
        institutions=tiny_list(tmp, rows, f"list-{as_of}.csv"),
        institutions_as_of=as_of,
        places_dir=tiny_places(tmp),
        places_as_of="2023-06-30",
        **kw,
    )


def node(store, key: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    n = store.get_node(key)
    assert n is not None, key
    return dict(n.props)


def rels_of(store, key: str) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    res = store.run("MATCH (a:Entity {key: $k})-[r]->(b:Entity) RETURN type(r), b.key", {"k": key})
    return {(t, b) for t, b in res.rows}


# ------------------------------------------------------------------------------------------
def test_skeleton_with_samples_and_texts_has_no_duplicates(store, schema) -> None:  # type: ignore[no-untyped-def]
    """What `iegraph demo` loads: the skeleton, then the sample records and texts."""
    from iegraph.ingest.documents.ingest import ingest_documents
    from iegraph.ingest.records import load_samples
    from iegraph.ingest.records.samples import SAMPLES_DIR

    res = load_reference(store, schema)
    assert [p.skipped for p in res.parts] == [False, False]
    assert load_samples(store, schema).rejected == []
    docs = sorted(p for p in (SAMPLES_DIR / "docs").glob("*") if p.is_file())
    ingest_documents(docs, store, schema)

    st = reference_status(store, schema)
    c = st["counts"]
    assert c["institutions_with_code"] >= 3000
    assert c["provinces"] == 31 and c["prefectures"] == 333
    n_code = store.run("MATCH (n:Institution) WHERE n.moe_code IS NOT NULL RETURN count(n)").rows[
        0
    ][0]
    assert n_code == 3167
    assert store.run("MATCH (n:City) WHERE n.adcode IS NOT NULL RETURN count(n)").rows[0][0] == 333

    # the sample records' institutions and places are the reference nodes themselves
    szpu = node(store, "institution:深圳职业技术大学")
    assert szpu["moe_code"] == "4144011113" and "深圳职业技术学院" in szpu["former_names"]
    assert len(szpu["source_ids"]) > 1  # the skeleton and the sample records
    assert ("LOCATED_IN", "place:深圳市") in rels_of(store, "institution:深圳职业技术大学")
    assert ("SUPERVISED_BY", "government:广东省人民政府") in rels_of(
        store, "institution:深圳职业技术大学"
    )
    assert node(store, "place:深圳市")["adcode"] == "440300"
    # duplicates: an uncoded institution/place node whose name is a reference name or alias
    dup = [u for u in st["unmatched"] if u["reason"] != "not listed"]
    assert dup == [], dup
    rows = store.run(
        "MATCH (n:Entity) WHERE n.top IN ['Institution', 'Place'] RETURN n.name_norm, count(n)"
    ).rows
    forms: dict[str, int] = {}
    for nn, k in rows:
        forms[nn] = forms.get(nn, 0) + int(k)
    # names two nodes share are only the county-level names several provinces have
    from iegraph.ingest.reference import reference_tables

    dups = {n for n, k in forms.items() if k > 1}
    assert dups <= set(reference_tables().shared_names), dups - set(reference_tables().shared_names)
    # no Place node without an adcode came from the samples or the texts
    assert [u["name"] for u in st["unmatched"] if u["class"] in ("Province", "City")] == []

    # a re-load of the same content is a no-op without reading the tables again
    again = load_reference(store, schema)
    assert [p.skipped for p in again.parts] == [True, True]


def test_a_text_saying_jinan_and_jinan_shi_makes_one_node(store, schema, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from iegraph.ingest.documents.ingest import ingest_documents

    load_reference(store, schema)
    doc = tmp_path / "jinan.txt"
    doc.write_text(
        "济南市人民政府与山东大学签署战略合作协议。山东大学位于济南，济南市将支持其建设实训基地。\n"
        "長春市朝陽區與北京市朝陽區的職業院校開展交流。",
        encoding="utf-8",
    )
    ingest_documents([doc], store, schema)
    jinan = store.run(
        "MATCH (n:Place) WHERE n.name_norm IN ['济南', '济南市'] RETURN n.key, n.adcode"
    ).rows
    assert jinan == [["place:济南市", "370100"]]
    src = store.run("MATCH (s:Source) WHERE s.kind = 'document' RETURN s.key").rows[0][0]
    said = {
        r[0]
        for r in store.run(
            "MATCH (n:Entity) WHERE $s IN n.source_ids RETURN n.key", {"s": src}
        ).rows
    }
    assert {"place:济南市", "institution:山东大学"} <= said
    assert "place:济南" not in said
    assert not {k for k in said if k.startswith("place:") and "朝阳区" == k.split(":")[1]}


def test_reload_is_idempotent_and_a_source_can_be_removed(store, schema, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = load_tiny(store, schema, tmp_path, ROWS)
    assert first.parts[0].summary.created["City"] == 3
    assert first.parts[1].summary.created["University"] == 1
    assert first.parts[1].summary.created["AdultCollege"] == 1
    before = store.stats()
    forced = load_tiny(store, schema, tmp_path, ROWS, force=True)
    for p in forced.parts:
        assert sum(p.summary.created.values()) == sum(p.summary.updated.values()) == 0
    assert store.stats() == before
    # the bare shared name stays unresolved; the qualified ones are the two places
    assert node(store, "place:长春市朝阳区")["adcode"] == "220104"
    assert ("PART_OF", "place:北京市") in rels_of(store, "place:北京市朝阳区")
    assert ("LOCATED_IN", "place:北京市") in rels_of(store, "institution:北京市职工大学")
    assert ("SUPERVISED_BY", "government:山东省教育厅") in rels_of(
        store, "institution:山东职业学院"
    )

    inst_src = next(p.source for p in first.parts if p.part == "institutions")
    from tests.contract.test_records_load import run_cli

    out = run_cli(store, "sources", "remove", inst_src)
    assert out.exit_code == 0, out.output
    assert store.get_node("institution:山东大学") is None
    assert store.get_node("government:教育部") is None
    assert store.get_node("place:济南市") is not None  # the places source still holds it
    assert (
        store.run(
            "MATCH (s:Source) WHERE s.path = $p RETURN count(s)", {"p": INSTITUTIONS_PATH}
        ).rows[0][0]
        == 0
    )


def test_a_newer_list_records_renames_leavers_and_newcomers(store, schema, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    load_tiny(store, schema, tmp_path, ROWS)
    newer = [
        "4137010422,山东大学,山东省,济南市,本科,普通高等学校,教育部,公办,",
        "4137012345,山东职业技术大学,山东省,济南市,本科,普通高等学校,山东省,公办,",
        "4137019999,青岛新大学,山东省,青岛市,本科,普通高等学校,山东省,民办,民办",
    ]
    res = load_tiny(store, schema, tmp_path, newer, as_of="2026-06-20")
    part = res.parts[1]
    assert part.renamed == [("4137012345", "山东职业学院", "山东职业技术大学")]
    assert part.left == ["4211051111"]
    assert part.added == ["4137019999"]
    renamed = node(store, "institution:山东职业学院")  # the key stays
    assert renamed["name"] == "山东职业技术大学" and renamed["class"] == "VocationalUniversity"
    assert renamed["renamed_from"] == "山东职业学院" and renamed["renamed_on"] == "2026-06-20"
    assert "山东职业学院" in renamed["aliases"]
    left = node(store, "institution:北京市职工大学")
    assert left["valid_to"] == "2026-06-20" and left["moe_code"] == "4211051111"
    assert ("LOCATED_IN", "place:北京市") in rels_of(store, "institution:北京市职工大学")
    assert node(store, "institution:青岛新大学")["ownership"] == "民办"
    # the older version is superseded, not kept beside the new one
    srcs = store.run("MATCH (s:Source) WHERE s.path = $p RETURN s.key", {"p": INSTITUTIONS_PATH})
    assert len(srcs.rows) == 1
    # loading the newer list again changes nothing
    again = load_tiny(store, schema, tmp_path, newer, as_of="2026-06-20", force=True)
    s = again.parts[1].summary
    assert sum(s.created.values()) == sum(s.updated.values()) == 0
    # the old name still resolves to the node, by name and by code
    from iegraph.queries.search import resolve_entity

    assert resolve_entity(store, "山东职业学院").key == "institution:山东职业学院"
    assert resolve_entity(store, "4137012345").key == "institution:山东职业学院"


def test_a_code_column_resolves_directly(store, schema, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from iegraph.ingest.records import load_records

    load_tiny(store, schema, tmp_path, ROWS)
    table = tmp_path / "links.csv"
    table.write_text(
        "school,code,district,adcode\n"
        "山東大學（總校）,4137010422,朝阳区,220104\n"
        "山东职院,4137012345,朝阳区,110105\n",
        encoding="utf-8",
    )
    mapping = tmp_path / "links.yaml"
    mapping.write_text(
        "table: links.csv\n"
        "entities:\n"
        "  school: {class: University, name: school, props: {moe_code: code}}\n"
        "  district: {class: District, name: district, props: {adcode: adcode}}\n"
        "relations:\n"
        "  - {type: LOCATED_IN, from: school, to: district}\n",
        encoding="utf-8",
    )
    res = load_records(store, schema, tables=[(None, mapping)])
    assert res.problems == []
    assert ("LOCATED_IN", "place:长春市朝阳区") in rels_of(store, "institution:山东大学")
    assert ("LOCATED_IN", "place:北京市朝阳区") in rels_of(store, "institution:山东职业学院")
    uni = store.run("MATCH (n:Institution) RETURN count(n)").rows[0][0]
    assert uni == 3  # no new institution node
    assert store.get_node("place:朝阳区") is None

    bad = tmp_path / "bad.csv"
    bad.write_text("school,code,district,adcode\n山东大学,41370104,历下区,3701029\n", "utf-8")
    with pytest.raises(ValidationError) as e:
        load_records(store, schema, tables=[(bad, mapping)])
    fields = {(p["field"], p["row"]) for p in e.value.details["problems"]}
    assert {("moe_code", 2), ("adcode", 2)} <= fields


def test_a_bare_shared_name_is_kept_apart_and_reported(store, schema, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from iegraph.ingest.records import load_records

    load_tiny(store, schema, tmp_path, ROWS)
    ents = tmp_path / "ents.csv"
    ents.write_text("name,type\n朝阳区,District\n济南,City\n", encoding="utf-8")
    load_records(store, schema, entities=[ents])
    assert store.get_node("place:朝阳区") is not None  # not merged into either
    assert (
        store.run("MATCH (n:Place) WHERE n.name_norm IN ['济南', '济南市'] RETURN count(n)").rows[
            0
        ][0]
        == 1
    )
    report = {u["key"]: u for u in reference_status(store, schema)["unmatched"]}
    assert report["place:朝阳区"]["reason"] == "ambiguous"
    assert report["place:朝阳区"]["candidates"] == ["place:北京市朝阳区", "place:长春市朝阳区"]


def test_search_finds_an_institution_by_code(store, schema, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from iegraph.queries.search import search_entities

    load_tiny(store, schema, tmp_path, ROWS)
    hits = search_entities(store, "4137010422", schema=schema)["items"]
    assert [h["name"] for h in hits] == ["山东大学"]
    assert [h["name"] for h in search_entities(store, "3701", schema=schema)["items"]] == ["济南市"]
    assert (
        norm_name(search_entities(store, "朝阳区", schema=schema)["items"][0]["name"]) == "朝阳区"
    )


def test_rdf_export_carries_the_codes_and_conforms(store, schema, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from rdflib import Literal

    from iegraph.graph.rdf import IE, node_iri, read_store, to_graph

    load_tiny(store, schema, tmp_path, ROWS)
    g = to_graph(read_store(store), schema)
    uni = node_iri("institution:山东大学")
    assert (uni, IE.moe_code, Literal("4137010422")) in g
    assert (node_iri("place:济南市"), IE.adcode, Literal("370100")) in g
    assert (uni, IE.SUPERVISED_BY, node_iri("government:教育部")) in g

    from iegraph.graph.rdf import validate_rdf

    conforms, text = validate_rdf(g, schema)
    assert conforms, text
