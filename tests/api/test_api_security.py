"""Security and bad input: no writes through the API, keys, limits, timeouts, and the server
stays up after each."""

from __future__ import annotations

import pytest

from tests.api import graphdata as g
from tests.api.conftest import make_settings
from tests.api.test_api_read import V1, is_problem

WRITES = [
    "CREATE (n:Entity {key: 'intruder'})",
    "MATCH (n:Entity) DETACH DELETE n",
    "MATCH (n:Entity) SET n.name = 'x'",
    "MERGE (n:Entity {key: 'intruder'})",
    "MATCH (n) REMOVE n.name",
    "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
    "CALL db.idx.fulltext.createNodeIndex('Entity', 'name')",
    "MATCH (n) RETURN n; MATCH (m) DELETE m",
    "EXPLAIN MATCH (n) DELETE n",
]
KEY = {"X-API-Key": "test-key"}
NEVER_ENDING = "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b RETURN count(*)"


def count(client) -> int:  # type: ignore[no-untyped-def]
    return client.get(f"{V1}/stats").json()["nodes"]["Entity"]  # type: ignore[no-any-return]


def test_cypher_reads(client) -> None:  # type: ignore[no-untyped-def]
    r = client.post(
        f"{V1}/cypher",
        json={
            "query": "MATCH (n:Entity) WHERE n.name CONTAINS $q RETURN n.key, n ORDER BY n.key",
            "params": {"q": "深圳"},
        },
    )
    body = r.json()
    assert r.status_code == 200 and body["columns"][0] == "n.key" and not body["truncated"]
    assert body["rows"][0][1]["key"] == body["rows"][0][0]  # nodes come back as JSON objects


def test_cypher_row_cap(client) -> None:  # type: ignore[no-untyped-def]
    body = client.post(f"{V1}/cypher", json={"query": "MATCH (n:Entity) RETURN n.key"}).json()
    assert len(body["rows"]) == 20 and not body["truncated"]
    body = client.post(f"{V1}/cypher", json={"query": "UNWIND range(1, 500) AS x RETURN x"}).json()
    assert len(body["rows"]) == 50 and body["truncated"]  # the server's cap (50 here)
    body = client.post(
        f"{V1}/cypher", json={"query": "MATCH (n:Entity) RETURN n.key", "row_cap": 5}
    ).json()
    assert len(body["rows"]) == 5 and body["truncated"]


@pytest.mark.parametrize("query", WRITES)
def test_cypher_writes_refused(client, query: str) -> None:  # type: ignore[no-untyped-def]
    before = count(client)
    body = is_problem(client.post(f"{V1}/cypher", json={"query": query}), 403, "read-only")
    assert body["hint"]
    assert count(client) == before


def test_named_queries_cannot_be_turned_into_writes(client) -> None:  # type: ignore[no-untyped-def]
    before = count(client)
    for params in (
        {"key": "x'}) DETACH DELETE n //"},
        {"key": g.SZPU, "types": ["LEADS]-() DETACH DELETE n //"]},
        {"key": g.SZPU, "hops": "1..3]-() DELETE n //"},
    ):
        r = client.post(f"{V1}/queries/neighbourhood", json={"params": params})
        assert r.status_code in (404, 422), r.text
    assert count(client) == before


def test_malformed_cypher(client) -> None:  # type: ignore[no-untyped-def]
    is_problem(client.post(f"{V1}/cypher", json={"query": "MATCH (n RETURN n"}), 400, "query-error")
    is_problem(client.post(f"{V1}/cypher", json={"query": "RETURN 'open"}), 400)
    is_problem(client.post(f"{V1}/cypher", json={"query": ""}), 422)
    is_problem(client.post(f"{V1}/cypher", json={"query": "RETURN 1", "param": {}}), 422)
    is_problem(
        client.post(
            f"{V1}/cypher", content=b"{not json", headers={"content-type": "application/json"}
        ),
        422,
    )
    is_problem(client.post(f"{V1}/cypher", json={"query": "RETURN $x", "params": {"x y": 1}}), 400)


def test_never_ending_query_times_out_and_server_stays_up(client) -> None:  # type: ignore[no-untyped-def]
    body = is_problem(
        client.post(f"{V1}/cypher", json={"query": NEVER_ENDING}), 504, "query-timeout"
    )
    assert body["hint"]
    assert client.get(f"{V1}/health").json()["status"] == "ok"


def test_oversized_body(client) -> None:  # type: ignore[no-untyped-def]
    big = "RETURN 1 //" + "x" * (2 << 20)
    is_problem(client.post(f"{V1}/cypher", json={"query": big}), 413, "body-too-large")

    # also when the client sends no Content-Length (streamed)
    def chunks():  # type: ignore[no-untyped-def]
        for _ in range(40):
            yield b"x" * 65536

    r = client.post(f"{V1}/cypher", content=chunks(), headers={"content-type": "application/json"})
    is_problem(r, 413)
    assert client.get(f"{V1}/health").status_code == 200


def test_unknown_routes_and_methods(client) -> None:  # type: ignore[no-untyped-def]
    is_problem(client.get(f"{V1}/nothing-here"), 404)
    is_problem(client.delete(f"{V1}/entities/{g.SZPU}"), 405)
    is_problem(client.put(f"{V1}/cypher", json={"query": "RETURN 1"}), 405)


def test_ingest_needs_a_key(client) -> None:  # type: ignore[no-untyped-def]
    files = {"entities": ("e.csv", b"name,class\nX,Company\n", "text/csv")}
    for headers in (
        {},
        {"X-API-Key": "wrong"},
        {"Authorization": "Bearer wrong"},
        {"Authorization": "Basic dGVzdC1rZXk="},
    ):
        r = client.post(f"{V1}/ingest/records", files=files, headers=headers)
        body = is_problem(r, 401, "unauthorized")
        assert r.headers.get("www-authenticate") == "Bearer", body
        r = client.post(
            f"{V1}/ingest/documents",
            files={"files": ("a.txt", "深圳职业技术大学".encode(), "text/plain")},
            headers=headers,
        )
        is_problem(r, 401)


def test_ingest_upload_limit(client) -> None:  # type: ignore[no-untyped-def]
    files = {"entities": ("e.csv", b"name,class\n" + b"x" * (128 * 1024), "text/csv")}
    is_problem(
        client.post(f"{V1}/ingest/records", files=files, headers={"X-API-Key": "test-key"}), 413
    )


def test_ingest_needs_files(client) -> None:  # type: ignore[no-untyped-def]
    r = client.post(
        f"{V1}/ingest/records", data={"skip_invalid": "false"}, headers={"X-API-Key": "test-key"}
    )
    assert r.status_code in (422, 501), r.text


def test_read_endpoints_can_require_a_key(graph) -> None:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from iegraph.api.main import create_app

    app = create_app(make_settings(graph, read_requires_key=True), store=graph)
    with TestClient(app, raise_server_exceptions=False) as c:
        is_problem(c.get(f"{V1}/entities", params={"q": "深圳"}), 401)
        is_problem(c.post(f"{V1}/cypher", json={"query": "RETURN 1"}), 401)
        assert (
            c.get(
                f"{V1}/entities", params={"q": "深圳"}, headers={"X-API-Key": "test-key"}
            ).status_code
            == 200
        )
        assert (
            c.get(f"{V1}/stats", headers={"Authorization": "Bearer other-key"}).status_code == 200
        )
        assert c.get(f"{V1}/health").status_code == 200  # liveness stays open


def test_cors(graph) -> None:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from iegraph.api.main import create_app

    app = create_app(make_settings(graph, cors_origins=["https://analyst.example"]), store=graph)
    with TestClient(app) as c:
        r = c.get(f"{V1}/health", headers={"Origin": "https://analyst.example"})
        assert r.headers["access-control-allow-origin"] == "https://analyst.example"
        r = c.get(f"{V1}/health", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in r.headers


def test_store_down_is_503_and_recovers(graph) -> None:  # type: ignore[no-untyped-def]
    """A store that cannot be opened gives 503 problem details, never a 500."""
    from fastapi.testclient import TestClient

    from iegraph.api.main import create_app

    settings = make_settings(graph, backend="neo4j", neo4j_uri="bolt://127.0.0.1:9")
    with TestClient(create_app(settings), raise_server_exceptions=False) as c:
        is_problem(c.get(f"{V1}/health"), 503, "store-unavailable")
        is_problem(c.get(f"{V1}/entities", params={"q": "x"}), 503)


def test_ingest_records_job(client) -> None:  # type: ignore[no-untyped-def]
    """With a key, an upload becomes a background job whose progress ends in 'done'."""
    import time

    csv = (
        "name,type,aliases,place\n深圳信息职业技术大学,高职院校,深圳信息职业技术学院,深圳市\n"
    ).encode()
    r = client.post(
        f"{V1}/ingest/records",
        files={"entities": ("orgs.csv", csv, "text/csv")},
        headers={"Authorization": "Bearer test-key"},
    )
    if r.status_code == 501:  # records ingestion not installed in this build
        is_problem(r, 501, "not-implemented")
        return
    assert r.status_code == 202, r.text
    job = r.json()
    assert job["status"] in ("queued", "running", "done") and job["kind"] == "records"
    for _ in range(600):  # a bounded wait, not a speed threshold
        job = client.get(f"{V1}/jobs/{job['id']}", headers=KEY).json()
        if job["status"] in ("done", "failed"):
            break
        time.sleep(0.05)
    assert job["status"] == "done", job
    assert job["progress"] == 1.0 and job["result"]
    found = client.get(f"{V1}/entities", params={"q": "深圳信息職業技術學院"}).json()
    assert found["total"] == 1
    listed = client.get(f"{V1}/jobs", headers=KEY).json()
    assert listed["total"] >= 1 and listed["items"][0]["id"] == job["id"]


def test_ingest_invalid_records_fail_the_job_with_a_problem(client) -> None:  # type: ignore[no-untyped-def]
    import time

    csv = b"name,type\nX,Spaceship\n"
    r = client.post(
        f"{V1}/ingest/records",
        files={"entities": ("bad.csv", csv, "text/csv")},
        headers={"X-API-Key": "test-key"},
    )
    if r.status_code == 501:
        return
    job = r.json()
    for _ in range(600):
        job = client.get(f"{V1}/jobs/{job['id']}", headers=KEY).json()
        if job["status"] in ("done", "failed"):
            break
        time.sleep(0.05)
    assert job["status"] == "failed" and job["error"]["status"] == 422, job
    assert job["error"]["detail"]
    assert client.get(f"{V1}/health").status_code == 200


def test_ingest_documents_job(client) -> None:  # type: ignore[no-untyped-def]
    """A document upload becomes a job; its entities are searchable when it is done."""
    import time

    text = "深圳信息职业技术大学与比亚迪股份有限公司签署校企合作协议。".encode()
    r = client.post(
        f"{V1}/ingest/documents",
        files={"files": ("news.txt", text, "text/plain")},
        headers={"X-API-Key": "test-key"},
    )
    assert r.status_code == 202, r.text
    job = r.json()
    assert job["kind"] == "documents"
    for _ in range(1200):  # a bounded wait, not a speed threshold
        job = client.get(f"{V1}/jobs/{job['id']}", headers=KEY).json()
        if job["status"] in ("done", "failed"):
            break
        time.sleep(0.05)
    assert job["status"] == "done", job
    assert job["progress"] == 1.0
    found = client.get(f"{V1}/entities", params={"q": "比亚迪"}).json()
    assert found["total"] >= 1
