"""Fixtures shared by every test.

* ``store`` runs a test once per backend: ``embedded`` (FalkorDB on a fresh temporary data
  directory, one server per test session) and ``neo4j`` (the real Neo4j started by
  ``scripts/neo4j start``; its connection is read from ``$IEGRAPH_NEO4J_HOME/env``, default
  ``<repo>/.neo4j/env``). The graph is cleared before each test.
* When ``IEGRAPH_TEST_NEO4J=1`` (set by ``scripts/test`` and so in CI) an unreachable Neo4j is
  a test failure, never a skip.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("IEGRAPH_SHARED_DIR", REPO.parent / "shared"))


def neo4j_home() -> Path:
    return Path(os.environ.get("IEGRAPH_NEO4J_HOME", REPO / ".neo4j"))


def neo4j_env() -> dict[str, str] | None:
    """Connection of the test Neo4j, from the env file scripts/neo4j writes (or NEO4J_URI)."""
    env_file = neo4j_home() / "env"
    out: dict[str, str] = {}
    if env_file.exists():
        for line in env_file.read_text().splitlines():
            line = line.strip().removeprefix("export ")
            if "=" in line and not line.startswith("#"):
                k, v = line.split("=", 1)
                out[k.strip()] = v.strip().strip("'\"")
    elif os.environ.get("NEO4J_URI"):
        for k in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
            if os.environ.get(k):
                out[k] = os.environ[k]
    return out or None


def _neo4j_required() -> bool:
    return os.environ.get("IEGRAPH_TEST_NEO4J") == "1"


@pytest.fixture(autouse=True)
def _fresh_settings() -> Iterator[None]:
    """Settings are read from the environment once per process (a cached getter); a test that
    sets a variable with ``monkeypatch.setenv`` sees it because the cache starts empty."""
    from iegraph.ontology.settings import get_settings

    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.exists():
        pytest.skip(f"../shared not found at {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def schema():  # type: ignore[no-untyped-def]
    from iegraph.ontology.schema import load_schema

    return load_schema()


@pytest.fixture(scope="session")
def embedded_session_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    from iegraph.graph.falkor_store import FalkorStore

    # short path: the unix socket lives inside the data directory
    data_dir = Path(tmp_path_factory.mktemp("emb"))
    store = FalkorStore(data_dir)
    try:
        yield store
    finally:
        store.close()
        store.server.stop()


@pytest.fixture(scope="session")
def neo4j_session_store() -> Iterator[object]:
    env = neo4j_env()
    if env is None or "NEO4J_URI" not in env:
        msg = (
            "no test Neo4j: run `scripts/neo4j start` (or scripts/test, which does it) — "
            f"looked for {neo4j_home() / 'env'}"
        )
        if _neo4j_required():
            pytest.fail(msg)
        pytest.skip(msg)
    from iegraph.graph.neo4j_store import Neo4jStore
    from iegraph.ontology.errors import StoreError

    try:
        store = Neo4jStore(
            env["NEO4J_URI"],
            env.get("NEO4J_USERNAME", "neo4j"),
            env.get("NEO4J_PASSWORD", ""),
            env.get("NEO4J_DATABASE", "neo4j"),
        )
    except StoreError as exc:
        if _neo4j_required():
            pytest.fail(f"the test Neo4j is not reachable: {exc}")
        pytest.skip(f"the test Neo4j is not reachable: {exc}")
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def embedded_store(embedded_session_store, schema):  # type: ignore[no-untyped-def]
    embedded_session_store.clear()
    embedded_session_store.apply_schema(schema)
    return embedded_session_store


@pytest.fixture
def neo4j_store(neo4j_session_store, schema) -> Iterator[object]:  # type: ignore[no-untyped-def]
    # Neo4j Community has one user database; several pytest processes (developers running
    # suites side by side) would clear each other's graphs, so each test holds a file lock.
    import fcntl

    lock_path = neo4j_home() / "test.lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            neo4j_session_store.clear()
            neo4j_session_store.apply_schema(schema)
            yield neo4j_session_store
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """The same test on both backends, each on an empty graph with the ontology's schema."""
    name = "embedded_store" if request.param == "embedded" else "neo4j_store"
    return request.getfixturevalue(name)


@pytest.fixture
def both_stores(embedded_store, neo4j_store):  # type: ignore[no-untyped-def]
    """Both backends at once, for tests that compare their answers."""
    return embedded_store, neo4j_store
