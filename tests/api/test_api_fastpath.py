"""The neighbour fast path (:mod:`api.fastpath`) answers byte for byte as the route does, takes
only what it should, and leaves everything else to the app (both backends)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest

from tests.api import graphdata as g
from tests.api.conftest import make_settings

V1 = "/api/v1"


@pytest.fixture
def taken(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Keys the fast path computed an answer for (the route's own calls are not counted)."""
    from iegraph.api import fastpath

    seen: list[str] = []
    real = fastpath.neighbours_answer

    def spy(*args: Any, **kw: Any) -> Any:
        seen.append(args[3])
        return real(*args, **kw)

    monkeypatch.setattr(fastpath, "neighbours_answer", spy)
    return seen


def answer(r: Any) -> tuple[int, str, bytes]:
    return r.status_code, r.headers["content-type"], r.content


def test_same_bytes_as_the_route(client, taken) -> None:  # type: ignore[no-untyped-def]
    keys = [
        g.SZPU, g.HUAWEI, g.CONSORTIUM, g.SHENZHEN, g.GUANGDONG, g.MOE, g.IND_AI, g.ISOLATED,
        g.SRC, "深圳职业技术大学", "institution:nobody",
    ]  # fmt: skip
    queries = ["", "?hops=1&limit=100", "?hops=2", "?hops=3&limit=3&offset=2", "?offset=1000000"]
    n = 0
    for key in keys:
        for q in queries:
            url = f"{V1}/entities/{quote(key)}/neighbors{q}"
            fast = client.get(url)
            assert len(taken) == n + 1 and taken[-1] == key, url  # the fast path answered
            n += 1
            # a blank relation type list means "all types" to the route, and sends the same
            # request past the fast path
            routed = client.get(url + ("&" if q else "?") + "types=")
            assert len(taken) == n, "the fast path took a request with types="
            assert answer(fast) == answer(routed), url
            assert fast.status_code in (200, 404)
    ok = client.get(f"{V1}/entities/{quote(g.SZPU)}/neighbors?hops=2").json()
    assert ok["center"]["key"] == g.SZPU and ok["total"] > 0 and ok["relationships"]


@pytest.mark.parametrize(
    "query",
    [
        "hops=4",  # out of range: the route's 422
        "hops=01",  # FastAPI may read it otherwise: left to it
        "hops=%201",
        "hops=",
        "limit=0",
        "hops=1&hops=2",
        "as_of=2023",
        "class=Institution",
        "types=LEADS",
        "unknown=1",
    ],
)
def test_anything_else_reaches_the_route(client, taken, query: str) -> None:  # type: ignore[no-untyped-def]
    r = client.get(f"{V1}/entities/{quote(g.SZPU)}/neighbors?{query}")
    assert not taken
    assert r.status_code in (200, 422), r.text


def test_plain_ints() -> None:
    from iegraph.api.fastpath import plain_ints

    assert plain_ints(b"") == {"hops": 1, "limit": 100, "offset": 0}
    assert plain_ints(b"hops=3&limit=1000&offset=1000000") == {
        "hops": 3,
        "limit": 1000,
        "offset": 1_000_000,
    }
    for bad in (b"hops=0", b"hops=-1", b"hops=+1", b"hops=1.0", b"limit=1001", b"offset=1000001"):
        assert plain_ints(bad) is None, bad
    assert plain_ints(b"limit=5&limit=5") is None
    assert plain_ints(b"types=") is None


def test_reads_behind_a_key_and_the_host_check(graph, taken) -> None:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from iegraph.api.main import create_app

    settings = make_settings(graph, read_requires_key=True)
    url = f"{V1}/entities/{quote(g.SZPU)}/neighbors"
    with TestClient(create_app(settings, store=graph), raise_server_exceptions=False) as c:
        assert c.get(url).status_code == 401
        assert c.get(url, headers={"X-API-Key": "test-key"}).status_code == 200
        assert not taken  # with reads behind a key, the route (and its key check) answers
    with TestClient(create_app(make_settings(graph), store=graph)) as c:
        assert c.get(url, headers={"Host": "evil.example"}).status_code == 400
        assert not taken  # the request guard still runs first
        assert c.get(url).status_code == 200 and taken == [g.SZPU]
