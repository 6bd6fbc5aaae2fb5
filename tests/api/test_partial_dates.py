"""One date type everywhere (ontology.values.PartialDate), through the API and the CLI on both
backends: ``2023-9`` means ``2023-09`` and ``2023-06-31`` is refused with the same words."""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

from iegraph.api.cli import app
from tests.api import graphdata as g
from tests.conftest import neo4j_env

V1 = "/api/v1"
REFUSAL = "must be a date, got '2023-06-31' (June 2023 has 30 days)"


def _keys(body: dict[str, Any]) -> set[str]:
    return {n["key"] for n in body["nodes"]}


def test_api_as_of_one_spelling(client) -> None:  # type: ignore[no-untyped-def]
    url = f"{V1}/entities/{g.CONSORTIUM}/neighbors"
    short = client.get(url, params={"as_of": "2023-9"})
    assert short.status_code == 200, short.text
    full = client.get(url, params={"as_of": "2023-09"}).json()
    assert _keys(short.json()) == _keys(full)
    # LEADS from the park holds from 2023-09: in on 2023-9, out on 2023-8
    assert g.HIGH_TECH_PARK in _keys(full)
    assert g.HIGH_TECH_PARK not in _keys(client.get(url, params={"as_of": "2023-8"}).json())

    named = f"{V1}/queries/neighbourhood"
    a = client.post(named, json={"params": {"key": g.CONSORTIUM, "as_of": "2023-9"}})
    b = client.post(named, json={"params": {"key": g.CONSORTIUM, "as_of": "2023-09"}})
    assert a.status_code == 200, a.text
    assert sorted(map(str, a.json()["rows"])) == sorted(map(str, b.json()["rows"]))

    p = {"source": g.SZU, "target": g.TENCENT, "types": "COOPERATES_WITH"}
    assert (
        client.get(f"{V1}/paths", params={**p, "as_of": "2021-6"}).json()
        == client.get(f"{V1}/paths", params={**p, "as_of": "2021-06"}).json()
    )
    v1 = client.get(f"{V1}/views/ego", params={"key": g.CONSORTIUM, "as_of": "2023-9"})
    assert v1.status_code == 200, v1.text


def test_api_refuses_an_impossible_day_everywhere(client) -> None:  # type: ignore[no-untyped-def]
    for method, url, kw in (
        ("get", f"{V1}/entities/{g.CONSORTIUM}/neighbors", {"params": {"as_of": "2023-06-31"}}),
        (
            "get",
            f"{V1}/paths",
            {"params": {"source": g.SZU, "target": g.TENCENT, "as_of": "2023-06-31"}},
        ),
        ("get", f"{V1}/views/ego", {"params": {"key": g.CONSORTIUM, "as_of": "2023-06-31"}}),
        (
            "post",
            f"{V1}/queries/neighbourhood",
            {"json": {"params": {"key": g.CONSORTIUM, "as_of": "2023-06-31"}}},
        ),
    ):
        r = getattr(client, method)(url, **kw)
        assert r.status_code in (400, 422), (url, r.text)
        assert REFUSAL in r.text, (url, r.text)


@pytest.fixture
def cli_env(graph, monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    """Point the CLI at the test graph: ``--data-dir`` for the embedded store, Neo4j's own
    variables for Neo4j."""
    if graph.backend == "neo4j":
        env = neo4j_env() or {}
        for k, v in env.items():
            monkeypatch.setenv(k, v)
        monkeypatch.setenv("IEGRAPH_BACKEND", "neo4j")
        return []
    monkeypatch.setenv("IEGRAPH_BACKEND", "embedded")
    return ["--data-dir", str(graph.data_dir)]


def _cli(*args: str) -> Any:
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def test_cli_as_of_one_spelling(cli_env) -> None:  # type: ignore[no-untyped-def]
    short = _cli("neighbors", g.CONSORTIUM, "--as-of", "2023-9", "--json", *cli_env)
    assert short.exit_code == 0, short.output
    full = _cli("neighbors", g.CONSORTIUM, "--as-of", "2023-09", "--json", *cli_env)
    assert short.stdout == full.stdout and g.HIGH_TECH_PARK in full.stdout
    before = _cli("neighbors", g.CONSORTIUM, "--as-of", "2023-8", "--json", *cli_env)
    assert g.HIGH_TECH_PARK not in before.stdout

    q = ("query", "neighbourhood", "-p", f"key={g.CONSORTIUM}", "--json", *cli_env)
    a = _cli(*q, "-p", "as_of=2023-9")
    assert a.exit_code == 0, a.output
    assert a.stdout == _cli(*q, "-p", "as_of=2023-09").stdout


def test_cli_refuses_an_impossible_day_everywhere(cli_env, tmp_path) -> None:  # type: ignore[no-untyped-def]
    for args in (
        ("neighbors", g.CONSORTIUM, "--as-of", "2023-06-31"),
        ("path", g.SZU, g.TENCENT, "--as-of", "2023-06-31"),
        ("query", "neighbourhood", "-p", f"key={g.CONSORTIUM}", "-p", "as_of=2023-06-31"),
        ("view", "ego", g.CONSORTIUM, "--as-of", "2023-06-31", "-o", str(tmp_path / "v.html")),
    ):
        r = _cli(*args, *cli_env)
        assert r.exit_code == 2, (args, r.output)
        assert REFUSAL in " ".join(r.output.split()), (args, r.output)
