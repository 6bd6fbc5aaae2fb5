"""Reads while an ingest job runs: API requests/s with and without a document ingest.

Starts the API (uvicorn, 1 worker, embedded store on a temporary data directory) over the
sample documents, measures ``GET /entities?q=深圳`` from ``--clients`` clients for
``--seconds`` (a separate load-generator process, as bench/api.py), then uploads a large
text (``--mb``) as an ingest job and measures again while the job runs. Jobs run in their
own process (api/jobrunner.py); before that change a running ingest took the API from about
197 to 19 requests/s (issue 14, row 12). The machine is shared: read the ratio.

Usage: python bench/api_ingest.py [--clients 8] [--seconds 8] [--mb 2]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.parse
from http.client import HTTPConnection
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.api import free_port, run_load

KEY = "bench-key"
SAMPLES = REPO / "ingest" / "samples" / "docs"


def rate(port: int, clients: int, seconds: float) -> tuple[float, int]:
    q = "/api/v1/entities?q=" + urllib.parse.quote("深圳")
    res = run_load(
        {
            "host": "127.0.0.1",
            "port": port,
            "paths": [q],
            "clients": clients,
            "requests": 10**9,
            "seconds": seconds,
        }
    )
    errors = res["errors"]
    return len(res["latencies"]) / res["wall"], len(errors) if isinstance(errors, list) else errors


def upload(port: int, path: Path) -> str:
    boundary = "iegbench"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
            f'filename="{path.name}"\r\nContent-Type: text/plain\r\n\r\n'
        ).encode()
        + path.read_bytes()
        + f"\r\n--{boundary}--\r\n".encode()
    )
    conn = HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request(
        "POST",
        "/api/v1/ingest/documents",
        body=body,
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}", "X-API-Key": KEY},
    )
    resp = conn.getresponse()
    data = json.loads(resp.read())
    if resp.status != 202:
        raise SystemExit(f"upload refused: {resp.status} {data}")
    return str(data["id"])


def status(port: int, job: str) -> str:
    conn = HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", f"/api/v1/jobs/{job}", headers={"X-API-Key": KEY})
    return str(json.loads(conn.getresponse().read())["status"])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=8.0)
    ap.add_argument("--mb", type=float, default=2.0)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="iegapi") as d:
        data = Path(d) / "data"
        from iegraph.graph.falkor_store import FalkorStore
        from iegraph.ingest.documents.ingest import ingest_documents
        from iegraph.ontology.schema import load_schema

        store = FalkorStore(data)
        ingest_documents([SAMPLES], store, load_schema())
        store.close()
        base = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt")))
        big = Path(d) / "big.txt"
        big.write_text("\n\n".join([base] * (int(a.mb * 1e6 / len(base.encode())) + 1)))
        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("IEGRAPH_")}
        env.update(
            {
                "IEGRAPH_DATA_DIR": str(data),
                "IEGRAPH_API_KEYS": json.dumps([KEY]),
                "IEGRAPH_MAX_UPLOAD_BYTES": str(1 << 30),
            }
        )
        cmd = [sys.executable, "-m", "uvicorn", "--factory", "iegraph.api.main:create_app"]
        cmd += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
        proc = subprocess.Popen([*cmd, "--no-access-log"], env=env)
        try:
            for _ in range(300):
                try:
                    c = HTTPConnection("127.0.0.1", port, timeout=2)
                    c.request("GET", "/api/v1/health")
                    if c.getresponse().status == 200:
                        break
                except OSError:
                    time.sleep(0.1)
            print(f"load average {os.getloadavg()[0]:.1f}; {a.clients} clients, {a.seconds}s")
            rate(port, a.clients, 2.0)  # warm-up: caches, first connections
            idle, e1 = rate(port, a.clients, a.seconds)
            print(f"no ingest:      {idle:.0f} requests/s ({e1} errors)", flush=True)
            job = upload(port, big)
            time.sleep(1.0)
            busy, e2 = rate(port, a.clients, a.seconds)
            still = status(port, job)
            print(f"during ingest:  {busy:.0f} requests/s ({e2} errors; job {still} at the end)")
            print(f"ratio during / without: {busy / idle:.2f}")
            while status(port, job) not in ("done", "failed"):
                time.sleep(1)
            after, e3 = rate(port, a.clients, a.seconds)
            print(f"after ingest:   {after:.0f} requests/s ({e3} errors)")
        finally:
            proc.terminate()
            proc.wait(30)
            from iegraph.graph.falkor_server import FalkorServer

            FalkorServer(data).stop()


if __name__ == "__main__":
    main()
