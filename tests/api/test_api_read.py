"""Every read endpoint over both backends: shapes, content, pagination, problem details."""

from __future__ import annotations

from typing import Any

from tests.api import graphdata as g

V1 = "/api/v1"
PROBLEM = "application/problem+json"


def is_problem(r: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith(PROBLEM)
    body = r.json()
    assert body["status"] == status and body["title"] and body["detail"]
    assert body["type"].startswith("https://iegraph.dev/problems/")
    assert "Traceback" not in r.text
    if code:
        assert body["type"].endswith("/" + code), body
    return body  # type: ignore[no-any-return]


def test_health_schema_stats(client) -> None:  # type: ignore[no-untyped-def]
    h = client.get(f"{V1}/health").json()
    assert h["status"] == "ok" and h["backend"] in ("embedded", "neo4j")
    sch = client.get(f"{V1}/schema").json()
    assert {"Institution", "Platform"} <= {c["name"] for c in sch["classes"]}
    assert "MEMBER_OF" in {r["name"] for r in sch["relations"]}
    st = client.get(f"{V1}/stats").json()
    assert st["nodes"]["Entity"] == 20 and st["relationships"]["LEADS"] == 3


def test_openapi_and_docs(client) -> None:  # type: ignore[no-untyped-def]
    spec = client.get("/openapi.json").json()
    for path in (
        "/api/v1/health",
        "/api/v1/entities",
        "/api/v1/entities/{key}",
        "/api/v1/entities/{key}/neighbors",
        "/api/v1/paths",
        "/api/v1/queries",
        "/api/v1/queries/{name}",
        "/api/v1/cypher",
        "/api/v1/stats",
        "/api/v1/schema",
        "/api/v1/ingest/records",
        "/api/v1/ingest/documents",
        "/api/v1/jobs/{job_id}",
    ):
        assert path in spec["paths"], path
    assert client.get("/docs").status_code == 200


def test_search(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get(f"{V1}/entities", params={"q": "職業"}).json()
    assert [i["key"] for i in r["items"]] == [g.SZPU] and r["total"] == 1
    r = client.get(f"{V1}/entities", params={"q": "深圳", "class": "Institution"}).json()
    assert {i["key"] for i in r["items"]} == {g.SZPU, g.SZU}
    assert all(i["class"] for i in r["items"])
    r = client.get(f"{V1}/entities", params={"q": "深圳", "place": "南山区"}).json()
    assert g.TENCENT in {i["key"] for i in r["items"]} and g.SZPU not in {
        i["key"] for i in r["items"]
    }


def test_search_pagination(client) -> None:  # type: ignore[no-untyped-def]
    first = client.get(f"{V1}/entities", params={"limit": 8}).json()
    second = client.get(f"{V1}/entities", params={"limit": 8, "offset": 8}).json()
    assert first["total"] == second["total"] == 20
    assert (first["limit"], first["offset"], second["offset"]) == (8, 0, 8)
    assert not {i["key"] for i in first["items"]} & {i["key"] for i in second["items"]}
    is_problem(client.get(f"{V1}/entities", params={"limit": 0}), 422, "validation-error")
    is_problem(client.get(f"{V1}/entities", params={"limit": 10_000}), 422)
    is_problem(client.get(f"{V1}/entities", params={"offset": -1}), 422)
    is_problem(client.get(f"{V1}/entities", params={"class": "Spaceship"}), 422)
    is_problem(client.get(f"{V1}/entities", params={"place": "nowhere"}), 404)


def test_entity(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get(f"{V1}/entities/{g.SZPU}")
    assert r.status_code == 200
    e = r.json()
    assert e["key"] == g.SZPU and "VocationalUniversity" in e["labels"]
    assert "深圳职业技术学院" in e["properties"]["aliases"]
    body = is_problem(client.get(f"{V1}/entities/institution:nobody"), 404, "not-found")
    assert body["instance"] == f"{V1}/entities/institution:nobody" and body["hint"]


def test_neighbors(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get(f"{V1}/entities/{g.SZPU}/neighbors").json()
    assert r["center"]["key"] == g.SZPU and r["hops"] == 1
    assert {n["key"] for n in r["nodes"]} == {g.HUAWEI, g.SHENZHEN, g.CONSORTIUM, g.IND_COMM, g.P01}
    assert r["total"] == 5 and not r["truncated"]
    coop = next(x for x in r["relationships"] if x["type"] == "COOPERATES_WITH")
    assert coop["evidence"][0]["locator"] == "s12:0-40"
    r = client.get(
        f"{V1}/entities/{g.HUAWEI}/neighbors", params={"hops": 3, "types": "LEADS,成员"}
    ).json()
    assert {n["key"] for n in r["nodes"]} == {g.CONSORTIUM, g.SZPU, g.HIGH_TECH_PARK, g.BYD}
    assert {x["type"] for x in r["relationships"]} <= {"LEADS", "MEMBER_OF"}
    r = client.get(f"{V1}/entities/{g.CONSORTIUM}/neighbors", params={"as_of": "2023-12"}).json()
    assert g.BYD not in {n["key"] for n in r["nodes"]}
    page = client.get(
        f"{V1}/entities/{g.SZPU}/neighbors", params={"hops": 2, "limit": 3, "offset": 3}
    ).json()
    assert len(page["nodes"]) == 3 and page["offset"] == 3 and page["total"] > 6


def test_neighbors_bad_input(client) -> None:  # type: ignore[no-untyped-def]
    is_problem(client.get(f"{V1}/entities/{g.SZPU}/neighbors", params={"hops": 4}), 422)
    is_problem(client.get(f"{V1}/entities/{g.SZPU}/neighbors", params={"types": "LIKES"}), 422)
    is_problem(client.get(f"{V1}/entities/{g.SZPU}/neighbors", params={"as_of": "yesterday"}), 422)
    is_problem(client.get(f"{V1}/entities/institution:nobody/neighbors"), 404)


def test_paths(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get(f"{V1}/paths", params={"source": "深圳職業技術學院", "target": "华为"}).json()
    assert r["source"]["key"] == g.SZPU and r["target"]["key"] == g.HUAWEI
    (p,) = r["items"]
    assert p["length"] == 1 and p["relationships"][0]["evidence"][0]["text"]
    r = client.get(f"{V1}/paths", params={"source": g.SZPU, "target": g.BYD, "k": 4}).json()
    assert 2 <= r["total"] <= 4 and r["items"][0]["length"] == 2
    r = client.get(
        f"{V1}/paths",
        params={
            "source": g.SZU,
            "target": g.TENCENT,
            "as_of": "2023-06",
            "types": "COOPERATES_WITH",
        },
    ).json()
    assert r["items"] == []
    r = client.get(
        f"{V1}/paths", params={"source": g.SZPU, "target": g.TENCENT, "mode": "all"}
    ).json()
    assert r["total"] >= 2 and {p["length"] for p in r["items"]} == {3}


def test_paths_bad_input(client) -> None:  # type: ignore[no-untyped-def]
    is_problem(client.get(f"{V1}/paths", params={"source": g.SZPU}), 422)
    is_problem(client.get(f"{V1}/paths", params={"source": g.SZPU, "target": g.BYD, "k": 11}), 422)
    is_problem(
        client.get(f"{V1}/paths", params={"source": g.SZPU, "target": g.BYD, "max_hops": 9}), 422
    )
    is_problem(client.get(f"{V1}/paths", params={"source": g.SZPU, "target": "无名"}), 404)


def test_named_queries(client) -> None:  # type: ignore[no-untyped-def]
    lst = client.get(f"{V1}/queries").json()
    assert lst["total"] >= 9 and {"partners_of", "city_industry_gaps"} <= {
        q["name"] for q in lst["items"]
    }
    page = client.get(f"{V1}/queries", params={"limit": 2, "offset": 2}).json()
    assert len(page["items"]) == 2 and page["items"][0]["name"] == lst["items"][2]["name"]
    r = client.post(f"{V1}/queries/partners_of", json={"params": {"key": "华为"}}).json()
    assert r["columns"] == ["key", "name", "class", "via", "via_name"]
    assert [g.SZPU, "深圳职业技术大学", "VocationalUniversity", None, None] in r["rows"]
    r = client.post(
        f"{V1}/queries/neighbourhood",
        json={"params": {"key": g.SZPU, "hops": 2}, "limit": 3, "offset": 1},
    ).json()
    assert len(r["rows"]) == 3 and r["total"] > 4 and r["offset"] == 1
    r = client.post(f"{V1}/queries/city_industry_gaps", json={"params": {"city": "深圳市"}})
    assert r.json()["rows"] == [[g.IND_EV, "新能源汽车", 2]]


def test_named_query_bad_input(client) -> None:  # type: ignore[no-untyped-def]
    is_problem(client.post(f"{V1}/queries/nope", json={}), 404, "not-found")
    b = is_problem(
        client.post(f"{V1}/queries/partners_of", json={"params": {"key": g.HUAWEI, "depth": 2}}),
        422,
    )
    assert b["field"] == "depth"
    is_problem(client.post(f"{V1}/queries/partners_of", json={"params": {}}), 422)
    is_problem(
        client.post(
            f"{V1}/queries/neighbourhood", json={"params": {"key": g.SZPU, "hops": "many"}}
        ),
        422,
    )
    is_problem(
        client.post(f"{V1}/queries/neighbourhood", json={"params": {"key": g.SZPU}, "extra": 1}),
        422,
    )
    is_problem(client.post(f"{V1}/queries/partners_of", json={"params": {"key": "无名"}}), 404)


def test_fast_path_responses_match_their_models(client) -> None:  # type: ignore[no-untyped-def]
    """Endpoints that skip response validation for speed still send the documented shape."""
    from iegraph.api.routers.models import Neighbourhood

    for params in ({"hops": 1}, {"hops": 2, "as_of": "2024"}):
        body = client.get(f"{V1}/entities/{g.SZPU}/neighbors", params=params).json()
        assert Neighbourhood.model_validate(body).model_dump(mode="json") == body
