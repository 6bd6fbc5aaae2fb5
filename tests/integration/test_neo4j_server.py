"""The test Neo4j itself: what ``scripts/neo4j`` starts is a real, usable Neo4j 5.26.

These run against the server that ``scripts/neo4j start`` launched (``scripts/test`` does that),
reading its connection from ``$IEGRAPH_NEO4J_HOME`` (default ``<repo>/.neo4j/``). Without a
server they skip, unless ``IEGRAPH_TEST_NEO4J=1`` (set by ``scripts/test`` and so in CI): then
they fail, so a broken launcher can never pass CI silently.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "neo4j"

pytestmark = pytest.mark.neo4j


def _home() -> Path:
    return Path(os.environ.get("IEGRAPH_NEO4J_HOME") or REPO / ".neo4j")


def _unavailable(reason: str) -> None:
    message = f"test Neo4j unavailable: {reason}. Start it with `scripts/neo4j start`."
    if os.environ.get("IEGRAPH_TEST_NEO4J") == "1":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="module")
def conn() -> dict[str, str]:
    """The KEY=VALUE lines of the env file scripts/neo4j writes."""
    env_file = _home() / "env"
    if not env_file.is_file():
        _unavailable(f"{env_file} does not exist")
    pairs = dict(line.split("=", 1) for line in env_file.read_text().splitlines() if "=" in line)
    for key in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD"):
        assert key in pairs, f"{env_file} lacks {key}; rerun `scripts/neo4j start`"
    return pairs


@pytest.fixture(scope="module")
def driver(conn: dict[str, str]) -> Iterator[neo4j.Driver]:
    drv = neo4j.GraphDatabase.driver(
        conn["NEO4J_URI"], auth=(conn["NEO4J_USERNAME"], conn["NEO4J_PASSWORD"])
    )
    try:
        drv.verify_connectivity()
    except neo4j.exceptions.DriverError as exc:  # ServiceUnavailable, AuthError ...
        drv.close()
        _unavailable(f"{conn['NEO4J_URI']} did not answer: {exc}")
    yield drv
    drv.close()


def test_port_file_matches_env_file(conn: dict[str, str]) -> None:
    port = (_home() / "bolt_port").read_text().strip()
    assert port.isdigit(), f"bolt_port should hold digits only, got {port!r}"
    assert conn["NEO4J_URI"] == f"bolt://127.0.0.1:{port}"


def test_server_is_neo4j_5_26_community(driver: neo4j.Driver) -> None:
    records, _, _ = driver.execute_query(
        "CALL dbms.components() YIELD name, versions, edition "
        "RETURN name, versions[0] AS version, edition",
        routing_=neo4j.RoutingControl.READ,
    )
    (row,) = records
    assert row["name"] == "Neo4j Kernel"
    assert row["version"].startswith("5.26."), row["version"]
    assert row["edition"] == "community"
    assert driver.get_server_info().agent.startswith("Neo4j/5.26.")


def test_write_then_read_in_managed_transactions(driver: neo4j.Driver) -> None:
    key = uuid.uuid4().hex
    label_value = "深圳职业技术大学"  # Chinese in property values must round-trip

    def write(tx: neo4j.ManagedTransaction) -> int:
        rec = tx.run(
            "CREATE (a:LauncherCheck {key: $key, name: $name})"
            "-[:CHECKS {since: date('2023-01-01')}]->(b:LauncherCheck {key: $key + '-b'}) "
            "RETURN count(*) AS created",
            key=key,
            name=label_value,
        ).single(strict=True)
        return int(rec["created"])

    def read(tx: neo4j.ManagedTransaction) -> list[tuple[str, str, int]]:
        result = tx.run(
            "MATCH (a:LauncherCheck {key: $key})-[r:CHECKS]->(b) "
            "RETURN a.name AS name, b.key AS other, r.since.year AS year",
            key=key,
        )
        return [(r["name"], r["other"], r["year"]) for r in result]

    with driver.session(database="neo4j") as session:
        try:
            assert session.execute_write(write) == 1
            assert session.execute_read(read) == [(label_value, f"{key}-b", 2023)]
        finally:
            session.execute_write(
                lambda tx: tx.run(
                    "MATCH (n:LauncherCheck) WHERE n.key STARTS WITH $key DETACH DELETE n",
                    key=key,
                ).consume()
            )
        assert session.execute_read(read) == []


def test_uniqueness_constraint_is_enforced_by_the_kernel(driver: neo4j.Driver) -> None:
    name = f"launcher_check_{uuid.uuid4().hex[:8]}"
    key = uuid.uuid4().hex
    driver.execute_query(
        f"CREATE CONSTRAINT {name} IF NOT EXISTS FOR (n:LauncherUnique) REQUIRE n.key IS UNIQUE"
    )
    try:
        driver.execute_query("CREATE (:LauncherUnique {key: $key})", key=key)
        with pytest.raises(neo4j.exceptions.ConstraintError):
            driver.execute_query("CREATE (:LauncherUnique {key: $key})", key=key)
    finally:
        driver.execute_query("MATCH (n:LauncherUnique) DETACH DELETE n")
        driver.execute_query(f"DROP CONSTRAINT {name} IF EXISTS")


def test_wrong_password_is_an_auth_error(conn: dict[str, str], driver: neo4j.Driver) -> None:
    # One failed login only: Neo4j locks a user out for a few seconds after several.
    with (
        neo4j.GraphDatabase.driver(
            conn["NEO4J_URI"], auth=(conn["NEO4J_USERNAME"], conn["NEO4J_PASSWORD"] + "-wrong")
        ) as bad,
        pytest.raises(neo4j.exceptions.AuthError),
    ):
        bad.verify_connectivity()


def test_script_status_env_and_repeated_start(conn: dict[str, str], driver: neo4j.Driver) -> None:
    pid_before = (_home() / "neo4j.pid").read_text().strip()

    status = subprocess.run(
        [sys.executable, str(SCRIPT), "status"], capture_output=True, text=True, check=False
    )
    assert status.returncode == 0, status.stderr
    assert status.stdout.startswith(f"running (pid {pid_before}) {conn['NEO4J_URI']}")

    env = subprocess.run(
        [sys.executable, str(SCRIPT), "env"], capture_output=True, text=True, check=True
    )
    assert f"export NEO4J_URI={conn['NEO4J_URI']}" in env.stdout.splitlines()
    assert "export NEO4J_USERNAME=neo4j" in env.stdout.splitlines()

    # Starting a running server is a no-op that prints the same URI.
    again = subprocess.run(
        [sys.executable, str(SCRIPT), "start"], capture_output=True, text=True, check=True
    )
    assert again.stdout.strip() == conn["NEO4J_URI"]
    assert (_home() / "neo4j.pid").read_text().strip() == pid_before
    driver.verify_connectivity()
