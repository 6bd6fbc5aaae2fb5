"""The explorer's API resources (``/explorer/*``, ``/sources``) and the page routes, on each
backend, against the hand-built test graph."""

from __future__ import annotations

import io
import json
import tempfile
import time
import zipfile
from pathlib import Path

import networkx as nx

from tests.api import graphdata

V = "/api/v1"


def graphml_keys(g: nx.Graph) -> set[str]:
    """The entity keys of a GraphML export (node ids are n0, n1 …; the key is an attribute)."""
    return {str(d.get("key", n)) for n, d in g.nodes(data=True)}


def test_page_and_assets_are_served_with_a_strict_policy(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "connect-src 'self'" in csp
    assert "http" not in csp, "no outside origin is allowed"
    html = r.text
    assert 'id="iegraph-style"' in html, "the style tables come with the page"
    for src in ("/explorer/vis-network.min.js", "/explorer/app.js", "/explorer/app.css"):
        assert src in html
        a = client.get(src)
        assert a.status_code == 200 and len(a.content) > 1000
    assert "//" not in html.replace("http://www.w3.org", "").split("<body>")[0].replace(
        "/explorer/", ""
    ).replace("<!DOCTYPE", ""), "the page names no other origin"
    etag = client.get("/explorer/app.js").headers["etag"]
    assert client.get("/explorer/app.js", headers={"If-None-Match": etag}).status_code == 304
    assert client.get("/explorer/secret.py").status_code == 404
    assert client.get("/explorer/..%2Fmain.py").status_code == 404


def test_style_comes_from_the_ontology(client, schema) -> None:  # type: ignore[no-untyped-def]
    from iegraph.graph.views.style import Styler

    st = client.get(f"{V}/explorer/style").json()
    styler = Styler(schema)
    classes = {c["name"]: c for c in st["classes"]}
    assert set(classes) == set(schema.classes)
    for name, c in classes.items():
        assert c["color"] == styler.class_style(name).color
        assert c["shape"] == styler.class_style(name).shape
        assert c["labels"]["zh-Hant"] == schema.classes[name].labels.get("zh-Hant")
    assert st["features"] == {"indicators": True}, "the analytics router is mounted"
    rels = {r["name"]: r for r in st["relations"]}
    assert set(rels) == set(schema.relations)
    assert rels["COOPERATES_WITH"]["symmetric"] is True


def test_search_finds_either_script_former_names_and_codes(client) -> None:  # type: ignore[no-untyped-def]
    for q in ("深圳職業", "深圳职业", "深圳职业技术学院"):
        items = client.get(f"{V}/explorer/search", params={"q": q}).json()["items"]
        hit = next(i for i in items if i["key"] == graphdata.SZPU)
        assert hit["place"] == "深圳市" and hit["class"] == "VocationalUniversity"
    former = client.get(f"{V}/explorer/search", params={"q": "深圳职业技术学院"}).json()
    assert former["items"][0]["snippet"] == "alias: 深圳职业技术学院"
    code = client.get(f"{V}/explorer/search", params={"q": "国办发〔2017〕95号"}).json()
    assert [i["key"] for i in code["items"]] == [graphdata.P01]
    assert code["items"][0]["snippet"].startswith("doc_number")
    only = client.get(f"{V}/explorer/search", params={"q": "深圳", "class": "Enterprise"}).json()
    assert only["items"] and all(i["top"] == "Enterprise" for i in only["items"])


def test_entity_details_list_every_source_with_its_evidence(client) -> None:  # type: ignore[no-untyped-def]
    d = client.get(f"{V}/explorer/entities/{graphdata.SZPU}").json()
    assert d["names"] == {
        "zh-Hans": "深圳职业技术大学",
        "zh-Hant": "深圳職業技術大學",
        "en": None,
    }
    assert d["class"] == "VocationalUniversity"
    assert "search_keys" not in d["properties"] and "evidence" not in d["properties"]
    assert [s["key"] for s in d["sources"]] == [graphdata.SRC]
    texts = {r["evidence"]["text"] for r in d["sources"][0]["relations"]}
    assert "深圳职业技术大学与华为技术有限公司合作" in texts
    assert d["sources"][0]["url"] == graphdata.URL
    assert d["degree"]["LEADS"] == 1 and d["relationships_total"] == sum(d["degree"].values())
    ai = client.get(f"{V}/explorer/entities/{graphdata.IND_AI}").json()
    assert ai["names"]["en"] == "AI", "an English alias is the English name"
    assert client.get(f"{V}/explorer/entities/nope:nothing").status_code == 404


def test_timeline_spans_the_validity_dates(client) -> None:  # type: ignore[no-untyped-def]
    t = client.get(f"{V}/explorer/timeline").json()
    assert t["min"] == 2017 and t["max"] == 2024
    assert t["years"]["2023"] >= 4


def test_subgraph_and_export_hold_exactly_the_given_items(client) -> None:  # type: ignore[no-untyped-def]
    keys = [graphdata.SZPU, graphdata.HUAWEI, graphdata.CONSORTIUM, "nope:missing"]
    g = client.post(f"{V}/explorer/subgraph", json={"nodes": keys}).json()
    assert {n["key"] for n in g["nodes"]} == set(keys[:3])
    assert g["missing"] == ["nope:missing"]
    ids = {r["id"] for r in g["relationships"]}
    assert ids == {
        f"{graphdata.HUAWEI}|COOPERATES_WITH|{graphdata.SZPU}",
        f"{graphdata.SZPU}|LEADS|{graphdata.CONSORTIUM}",
        f"{graphdata.HUAWEI}|LEADS|{graphdata.CONSORTIUM}",
    }
    only = [f"{graphdata.SZPU}|LEADS|{graphdata.CONSORTIUM}"]
    r = client.post(
        f"{V}/explorer/export",
        json={"format": "graphml", "nodes": keys[:3], "relationships": only},
    )
    assert r.status_code == 200 and r.headers["x-iegraph-nodes"] == "3"
    graph = nx.read_graphml(io.BytesIO(r.content))
    assert graphml_keys(graph) == set(keys[:3]) and graph.number_of_edges() == 1
    for fmt in ("gexf", "json", "csv"):
        r = client.post(f"{V}/explorer/export", json={"format": fmt, "nodes": keys[:3]})
        assert r.status_code == 200, fmt
        assert r.headers["x-iegraph-relationships"] == "3"
    with zipfile.ZipFile(io.BytesIO(r.content)) as z:
        assert len(z.namelist()) >= 2
    bad = client.post(f"{V}/explorer/export", json={"format": "xls", "nodes": []})
    assert bad.status_code == 422


def test_city_is_its_ecosystem(client) -> None:  # type: ignore[no-untyped-def]
    c = client.get(f"{V}/explorer/city", params={"city": "深圳"}).json()
    keys = {n["key"] for n in c["nodes"]}
    assert {graphdata.SZPU, graphdata.CONSORTIUM, graphdata.HUAWEI, graphdata.AI_COLLEGE} <= keys
    assert c["city"]["key"] == graphdata.SHENZHEN
    assert c["counts"]["Platform"] >= 2
    assert client.get(f"{V}/explorer/city", params={"city": "华为技术有限公司"}).status_code == 422


def test_sources_list_contents_and_undo_need_a_key(client, graph, schema) -> None:  # type: ignore[no-untyped-def]
    from iegraph.ingest.records import load_records
    from iegraph.ingest.writer import GraphWriter

    # a real source written by the records writer, so that undo has something to remove
    tmp = Path(tempfile.mkdtemp())
    ents = tmp / "e.jsonl"
    ents.write_text(
        json.dumps(
            {"name": "探针测试学院", "type": "VocationalCollege", "confidence": 0.9},
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    load_records(graph, schema, entities=[ents])
    srcs = client.get(f"{V}/sources").json()["items"]
    assert srcs and srcs[0]["file"] == "e.jsonl"
    key = srcs[0]["key"]
    got = client.get(f"{V}/sources/{key}").json()
    assert [n["properties"]["name"] for n in got["nodes"]] == ["探针测试学院"]
    assert client.delete(f"{V}/sources/{key}").status_code == 401
    job = client.delete(f"{V}/sources/{key}", headers={"X-API-Key": "test-key"})
    assert job.status_code == 202
    jid = job.json()["id"]
    for _ in range(600):
        j = client.get(f"{V}/jobs/{jid}").json()
        if j["status"] in ("done", "failed"):
            break
        time.sleep(0.05)
    assert j["status"] == "done", j
    assert client.get(f"{V}/sources/{key}").status_code == 404
    assert not GraphWriter(graph, schema).list_sources()
    assert (
        client.delete(f"{V}/sources/source:0000", headers={"X-API-Key": "test-key"}).status_code
        == 404
    )


def test_openapi_documents_the_explorer_resources(client) -> None:  # type: ignore[no-untyped-def]
    paths = client.get("/openapi.json").json()["paths"]
    for p in (
        "/api/v1/explorer/search",
        "/api/v1/explorer/style",
        "/api/v1/explorer/entities/{key}",
        "/api/v1/explorer/timeline",
        "/api/v1/explorer/city",
        "/api/v1/explorer/subgraph",
        "/api/v1/explorer/export",
        "/api/v1/sources",
        "/api/v1/sources/{key}",
    ):
        assert p in paths, p
    assert "/" not in paths, "the page is not an API operation"
