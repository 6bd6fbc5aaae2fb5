"""``GET /api/v1/views/*`` and ``GET /api/v1/export`` on both backends (FastAPI TestClient)."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from typing import Any

import networkx as nx
import pytest

from iegraph.graph.views.synthetic import sample_ecosystem, to_records

SZPU = "institution:深圳职业技术大学"


@pytest.fixture
def client(store, schema) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from iegraph.api.main import create_app
    from iegraph.ontology.settings import Settings

    nodes, rels = to_records(sample_ecosystem(schema))
    store.upsert_nodes(nodes)
    store.upsert_relationships(rels)
    settings = Settings(backend=store.backend, query_timeout=5.0)
    with TestClient(create_app(settings, store=store), raise_server_exceptions=False) as c:
        yield c


def _data(html: str) -> dict[str, Any]:
    start = html.index('id="iegraph-data">') + len('id="iegraph-data">')
    return json.loads(html[start : html.index("</script>", start)])  # type: ignore[no-any-return]


def test_ego_view_page(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/api/v1/views/ego", params={"key": "深圳职业技术大学", "hops": 1})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in r.headers["content-security-policy"]
    data = _data(r.text)
    assert {n["id"] for n in data["nodes"]} == {
        SZPU,
        "enterprise:华为技术有限公司",
        "place:深圳市",
        "platform:深圳市域产教联合体",
    }


def test_path_query_and_city_pages(client) -> None:  # type: ignore[no-untyped-def]
    p = client.get("/api/v1/views/path", params={"source": "深圳大学", "target": "华为", "k": 2})
    assert p.status_code == 200 and "⇄" in p.text
    q = client.get(
        "/api/v1/views/query", params=[("query", "platforms_of_city"), ("param", "city=深圳市")]
    )
    assert q.status_code == 200
    assert "platform:深圳市域产教联合体" in {n["id"] for n in _data(q.text)["nodes"]}
    c = client.get("/api/v1/views/city", params={"city": "深圳市"})
    assert c.status_code == 200 and "产教融合生态" in c.text


def test_view_errors_are_problem_documents(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/api/v1/views/ego", params={"key": "不存在的大学"})
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("application/problem+json")
    bad = client.get("/api/v1/views/ego", params={"key": SZPU, "hops": 9})
    assert bad.status_code == 422
    write = client.get("/api/v1/views/query", params={"query": "MATCH (n) DETACH DELETE n"})
    assert write.status_code in (400, 403, 422)


def test_export_formats(client) -> None:  # type: ignore[no-untyped-def]
    g = client.get("/api/v1/export", params={"format": "graphml"})
    assert g.status_code == 200 and g.headers["content-type"].startswith("application/graphml")
    graph = nx.read_graphml(io.BytesIO(g.content), force_multigraph=True)
    assert graph.number_of_nodes() == int(g.headers["x-iegraph-nodes"]) == 14
    assert graph.number_of_edges() == int(g.headers["x-iegraph-relationships"])
    ego = client.get("/api/v1/export", params={"format": "json", "center": SZPU, "hops": 1})
    assert len(ego.json()["nodes"]) == 4
    z = client.get("/api/v1/export", params={"format": "csv"})
    assert sorted(zipfile.ZipFile(io.BytesIO(z.content)).namelist()) == [
        "IMPORT.md",
        "manifest.json",
        "nodes.csv",
        "relationships.csv",
    ]
    assert "attachment" in z.headers["content-disposition"]
    ttl = client.get("/api/v1/export", params={"format": "ttl"})
    assert ttl.status_code == 200 and ttl.headers["content-type"].startswith("text/turtle")
    bad = client.get("/api/v1/export", params={"format": "xlsx"})
    assert bad.status_code == 422
