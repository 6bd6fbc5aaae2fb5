"""``iegraph serve --workers 2``: every worker serves the graph the command line names, with
settings handed over by the parent (no environment variable carries them)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.api import graphdata
from tests.api.test_schemathesis import free_port

V1 = "/api/v1"


@pytest.mark.slow
def test_serve_workers_use_the_command_line_settings(
    embedded_store, schema, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    graphdata.build(embedded_store, schema)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("IEGRAPH_", "NEO4J_"))}
    # the data directory comes only from --data-dir: a worker that re-read the environment
    # would open the (empty) default directory under this HOME and answer 404
    env["HOME"] = str(tmp_path)
    env["XDG_DATA_HOME"] = str(tmp_path / "xdg")
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "iegraph.api.cli",
            "serve",
            "--port",
            str(port),
            "--workers",
            "2",
            "--data-dir",
            str(embedded_store.data_dir),
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(f"{base}{V1}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert proc.poll() is None, (tmp_path / "serve.log").read_text()
            assert time.monotonic() < deadline, "the server did not answer within 90 s"
            time.sleep(0.5)
        # several requests, so that both workers answer some
        with httpx.Client(base_url=base, timeout=10) as c:
            for _ in range(8):
                r = c.get(f"{V1}/entities/{graphdata.SZPU}")
                assert r.status_code == 200, r.text
                assert r.json()["key"] == graphdata.SZPU
        assert not (tmp_path / "xdg" / "iegraph").exists()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
