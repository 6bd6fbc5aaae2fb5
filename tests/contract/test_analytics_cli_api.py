"""``iegraph analyze …`` and ``/api/v1/analytics/…``: shapes, formats and errors, on the
hand-built city graph of test_analytics (the CLI opens its own connection to the embedded
store; the API runs on both backends)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from typer.testing import CliRunner

from iegraph.api.cli import app
from tests.api.conftest import make_settings
from tests.contract.test_analytics import A2, CITY, I2, NP, PP, X, build_brokers, build_city


@pytest.fixture
def data_dir(embedded_store, schema):  # type: ignore[no-untyped-def]
    build_city(embedded_store, schema)
    build_brokers(embedded_store, schema)
    return str(embedded_store.data_dir)


def _run(*args: str) -> Any:
    return CliRunner().invoke(app, ["analyze", *args], catch_exceptions=False)


def test_cli_indicators_json_compare_and_csv(data_dir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    r = _run("indicators", "--city", "测试市", "--json", "--data-dir", data_dir)
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert out["city"] == CITY
    names = [i["name"] for i in out["indicators"]]
    assert names[0] == "designated_enterprises" and "citation_depth" in names
    assert all({"name", "value", "unit", "evidence"} <= set(i) for i in out["indicators"])

    r = _run("indicators", "--city", CITY, "--compare", "别处市", "--json", "--data-dir", data_dir)
    both = json.loads(r.output)["cities"]
    assert [c["city"] for c in both] == [CITY, "place:别处市"]

    path = tmp_path / "ind.csv"
    page = tmp_path / "ind.html"
    r = _run(
        "indicators",
        "--city",
        CITY,
        "--format",
        "csv",
        "-o",
        str(path),
        "--html",
        str(page),
        "--data-dir",
        data_dir,
    )
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert {r["indicator"] for r in rows} == set(names)
    html = page.read_text(encoding="utf-8")
    assert "产教融合型企业" in html and "default-src 'none'" in html


def test_cli_tables_and_other_commands(data_dir) -> None:  # type: ignore[no-untyped-def]
    r = _run("indicators", "--city", CITY, "--data-dir", data_dir)
    assert r.exit_code == 0 and "enterprise_participation" in r.output
    r = _run("gaps", "--city", CITY, "--json", "--data-dir", data_dir)
    gaps = json.loads(r.output)
    assert [i["key"] for i in gaps["industries_unserved"]] == [I2]
    assert [i["key"] for i in gaps["institutions_without_enterprise"]] == [A2]
    r = _run("brokers", "--top", "1", "--format", "csv", "--data-dir", data_dir)
    rows = list(csv.DictReader(io.StringIO(r.output)))
    assert rows[0]["key"] == X
    r = _run("communities", "--json", "--data-dir", data_dir)
    assert json.loads(r.output)["communities"]
    r = _run("diffusion", "--policy", NP, "--json", "--data-dir", data_dir)
    assert json.loads(r.output)["policies"][0]["key"] == PP


def test_cli_errors(data_dir) -> None:  # type: ignore[no-untyped-def]
    r = CliRunner().invoke(
        app, ["analyze", "indicators", "--city", "无此城", "--data-dir", data_dir]
    )
    assert r.exit_code == 3
    assert "无此城" in r.output
    r = CliRunner().invoke(
        app, ["analyze", "gaps", "--city", CITY, "--format", "xml", "--data-dir", data_dir]
    )
    assert r.exit_code != 0 and "--format" in r.output


def test_indicator_definitions_in_help() -> None:
    r = CliRunner().invoke(app, ["analyze", "indicators", "--help"])
    assert "enterprise_participation" in r.output and "share of platforms" in r.output


@pytest.fixture
def client(store, schema):  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from iegraph.api.main import create_app

    build_city(store, schema)
    build_brokers(store, schema)
    with TestClient(create_app(make_settings(store), store=store)) as c:
        yield c


def test_api_analytics(client) -> None:  # type: ignore[no-untyped-def]
    base = "/api/v1/analytics"
    r = client.get(f"{base}/indicators", params={"city": "测试市"})
    assert r.status_code == 200, r.text
    ind = {i["name"]: i for i in r.json()["indicators"]}
    assert ind["enterprise_participation"]["value"] == 0.5
    assert ind["enterprise_participation"]["evidence"][0]["sources"]
    r = client.get(f"{base}/indicators", params={"city": CITY, "compare": ["别处市"]})
    assert len(r.json()["cities"]) == 2
    r = client.get(f"{base}/indicators", params={"city": CITY, "as_of": "2020-06"})
    assert {i["name"]: i["value"] for i in r.json()["indicators"]}["designated_enterprises"] == 0
    assert client.get(f"{base}/gaps", params={"city": CITY}).json()["industries_unserved"]
    b = client.get(f"{base}/brokers", params={"top": 1}).json()
    assert b["brokers"][0]["key"] == X
    assert client.get(f"{base}/communities").json()["communities"]
    d = client.get(f"{base}/diffusion", params={"policy": NP}).json()
    assert d["tree"]["children"][0]["key"] == PP
    defs = client.get(f"{base}/indicators/definitions").json()
    assert [x["name"] for x in defs] == list(ind)
    assert client.get(f"{base}/indicators", params={"city": "无此城"}).status_code == 404
    schema = client.get("/openapi.json").json()
    assert "enterprise_participation" in json.dumps(schema, ensure_ascii=False)
