"""A Python client generated from ``/openapi.json`` by openapi-python-client, used as its
users would: search, neighbours and paths through typed functions and models, problems parsed
into the one ``Problem`` model. Names are the ones chosen for generated clients
(``entities_search``, ``paths_find`` …), not ones derived from routes."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.api import graphdata as g

OPERATION_IDS = {
    ("get", "/api/v1/entities"): "entities_search",
    ("get", "/api/v1/entities/{key}"): "entities_get",
    ("get", "/api/v1/entities/{key}/neighbors"): "entities_neighbours",
    ("get", "/api/v1/paths"): "paths_find",
    ("post", "/api/v1/cypher"): "queries_cypher",
    ("post", "/api/v1/queries/{name}"): "queries_run",
    ("get", "/api/v1/export"): "export_graph",
}


def test_operation_ids_and_schema_names_are_chosen(client) -> None:  # type: ignore[no-untyped-def]
    spec = client.get("/openapi.json").json()
    ids = {(m, p): op["operationId"] for p, ops in spec["paths"].items() for m, op in ops.items()}
    for where, want in OPERATION_IDS.items():
        assert ids[where] == want
    assert len(set(ids.values())) == len(ids)
    assert all("api_v1" not in i for i in ids.values())
    names = set(spec["components"]["schemas"])
    assert {"Problem", "SearchPage", "Neighbourhood", "Paths", "RecordsUpload"} <= names
    assert not [n for n in names if "Api" in n or n.startswith("Body_")]


@pytest.fixture
def generated(client, tmp_path: Path) -> Any:  # type: ignore[no-untyped-def]
    spec = tmp_path / "openapi.json"
    spec.write_text(json.dumps(client.get("/openapi.json").json()), encoding="utf-8")
    out = tmp_path / "iegraph_client"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "openapi_python_client",
            "generate",
            "--path",
            str(spec),
            "--meta",
            "none",
            "--output-path",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Warning" not in done.stdout, done.stdout  # every schema understood
    sys.path.insert(0, str(tmp_path))
    try:
        for mod in [m for m in sys.modules if m.startswith("iegraph_client")]:
            del sys.modules[mod]
        yield importlib.import_module("iegraph_client")
    finally:
        sys.path.remove(str(tmp_path))


def test_generated_client_searches_walks_and_finds_paths(client, generated) -> None:  # type: ignore[no-untyped-def]
    search = importlib.import_module("iegraph_client.api.entities.entities_search")
    neighbours = importlib.import_module("iegraph_client.api.entities.entities_neighbours")
    find = importlib.import_module("iegraph_client.api.paths.paths_find")
    get = importlib.import_module("iegraph_client.api.entities.entities_get")
    models = importlib.import_module("iegraph_client.models")

    api = generated.AuthenticatedClient(base_url="http://testserver", token="test-key")
    client.headers["Authorization"] = "Bearer test-key"
    api.set_httpx_client(client)  # the TestClient is an httpx.Client over the real app

    page = search.sync(client=api, q="深圳职业技术大学")
    assert isinstance(page, models.SearchPage)
    assert page.items[0].key == g.SZPU and page.items[0].rank == 0

    hood = neighbours.sync(g.SZPU, client=api, hops=1)
    assert isinstance(hood, models.Neighbourhood)
    assert hood.center.key == g.SZPU
    assert hood.nodes and all(n.distance == 1 for n in hood.nodes)
    assert hood.relationships and all(r.evidence for r in hood.relationships)

    paths = find.sync(client=api, source=g.SZPU, target=g.BYD, k=2)
    assert isinstance(paths, models.Paths)
    assert paths.items and paths.items[0].nodes[0].key == g.SZPU
    assert paths.items[0].nodes[-1].key == g.BYD

    missing = get.sync("institution:没有这个学校", client=api)
    assert isinstance(missing, models.Problem)
    assert missing.status == 404
