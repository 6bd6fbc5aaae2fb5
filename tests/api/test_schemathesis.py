"""Schemathesis against the OpenAPI document of a real server (uvicorn on a free loopback
port), on each backend: thousands of generated requests, zero 5xx responses."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.api import graphdata

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_env(store: Any) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("IEGRAPH_", "NEO4J_"))}
    env.update(
        {
            "PYTHONPATH": str(REPO),
            "IEGRAPH_BACKEND": store.backend,
            "IEGRAPH_API_KEYS": '["st-key"]',
            "IEGRAPH_QUERY_TIMEOUT": "3",
            "IEGRAPH_ROW_CAP": "200",
            "IEGRAPH_MAX_UPLOAD_BYTES": "262144",
        }
    )
    if store.backend == "embedded":
        env["IEGRAPH_DATA_DIR"] = str(store.data_dir)
    else:
        from tests.conftest import neo4j_env

        env.update(neo4j_env() or {})
    return env


@pytest.mark.slow
def test_no_server_errors(store, schema, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    st = shutil.which("schemathesis") or shutil.which("st")
    if st is None:
        pytest.skip("schemathesis is not installed (pip install schemathesis)")
    graphdata.build(store, schema)
    port = free_port()
    log = (tmp_path / "uvicorn.log").open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "iegraph.api.main:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=REPO,
        env=server_env(store),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):  # wait for the server (bounded), not a speed check
            try:
                if httpx.get(f"{base}/api/v1/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None:
                pytest.fail(f"uvicorn exited: {(tmp_path / 'uvicorn.log').read_text()}")
            time.sleep(0.1)
        else:
            pytest.fail("the API server did not answer /health")
        res = subprocess.run(
            [
                st,
                "run",
                f"{base}/openapi.json",
                "--checks",
                "not_a_server_error",
                "--max-examples",
                os.environ.get("IEGRAPH_SCHEMATHESIS_EXAMPLES", "8"),
                "--header",
                "X-API-Key: st-key",
                "--request-timeout",
                "30",
                "--seed",
                "20261128",
                "--no-color",
            ],
            check=False,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=900,
        )
        out = res.stdout + res.stderr
        assert res.returncode == 0, out[-6000:]
        assert "passed" in out
        # and the server is still up afterwards
        assert httpx.get(f"{base}/api/v1/health", timeout=5).status_code == 200
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
