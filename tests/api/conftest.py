"""API test fixtures: a TestClient over each backend, on the small ecosystem graph."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.api import graphdata

API_KEY = "test-key-例"


def make_settings(store: Any, **kw: Any) -> Any:
    from iegraph.ontology.settings import Settings

    base: dict[str, Any] = {
        "api_keys": ["other-key", "test-key"],
        "query_timeout": 2.0,
        "row_cap": 50,
        "max_upload_bytes": 64 * 1024,
    }
    base["backend"] = store.backend
    if getattr(store, "data_dir", None) is not None:
        base["data_dir"] = store.data_dir
    base.update(kw)
    return Settings(**base)


@pytest.fixture
def graph(store, schema):  # type: ignore[no-untyped-def]
    graphdata.build(store, schema)
    return store


@pytest.fixture
def client(graph) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from iegraph.api.main import create_app

    with TestClient(
        create_app(make_settings(graph), store=graph), raise_server_exceptions=False
    ) as c:
        yield c
