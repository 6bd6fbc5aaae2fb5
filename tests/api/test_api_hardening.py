"""Issue 14 (hardening), the HTTP side: rows 5, 6, 9, 10, 12 and the Host check."""

from __future__ import annotations

import io
import os
import tempfile
import time
import zipfile
from pathlib import Path

from tests.api.conftest import make_settings
from tests.api.test_api_read import V1, is_problem

KEY = {"X-API-Key": "test-key"}


def _wait(client, job_id: str, headers: dict[str, str]) -> dict:  # type: ignore[no-untyped-def]
    job: dict = {}
    for _ in range(1200):  # a bounded wait, not a speed threshold
        job = client.get(f"{V1}/jobs/{job_id}", headers=headers).json()
        if job.get("status") in ("done", "failed"):
            break
        time.sleep(0.05)
    return job


def test_row5_views_and_export_obey_the_row_cap(client) -> None:  # type: ignore[no-untyped-def]
    """The app's row cap (50 in these tests) applies to /views/query and /export?query=."""
    q = "UNWIND range(1, 5000) AS i MATCH (n:Entity) RETURN n"
    r = client.get(f"{V1}/export", params={"format": "json", "query": q})
    assert r.status_code == 200 and int(r.headers["X-Iegraph-Nodes"]) <= 50
    r = client.get(f"{V1}/views/query", params={"query": q})
    assert r.status_code == 200 and "truncated" in r.text


def test_row5_views_and_export_obey_the_timeout(client) -> None:  # type: ignore[no-untyped-def]
    slow = (
        "UNWIND range(1, 1000000) AS a UNWIND range(1, 1000000) AS b "
        "WITH a, b WHERE a = b + 2000000 MATCH (n:Entity) RETURN n"
    )
    is_problem(client.get(f"{V1}/export", params={"format": "json", "query": slow}), 504)
    is_problem(client.get(f"{V1}/views/query", params={"query": slow}), 504)
    assert client.get(f"{V1}/health").status_code == 200


def test_row9_keyless_upload_refused_before_the_body(client) -> None:  # type: ignore[no-untyped-def]
    read = [0]

    def body():  # type: ignore[no-untyped-def]
        for _ in range(64):
            read[0] += 1
            yield b"x" * 1024

    r = client.post(
        f"{V1}/ingest/documents",
        content=body(),
        headers={"Content-Type": "multipart/form-data; boundary=zz"},
    )
    is_problem(r, 401)
    assert r.headers.get("www-authenticate") == "Bearer"
    assert read[0] <= 1  # the body was not read (the client's generator was barely started)


def test_row10_jobs_need_the_key_that_started_them(client) -> None:  # type: ignore[no-untyped-def]
    csv = "name,type\n深圳信息职业技术大学,高职院校\n".encode()
    r = client.post(f"{V1}/ingest/records", files={"entities": ("o.csv", csv)}, headers=KEY)
    assert r.status_code == 202, r.text
    job = _wait(client, r.json()["id"], KEY)
    assert job["status"] == "done", job
    assert tempfile.gettempdir() not in str(job) and "iegraph-upload" not in str(job)
    is_problem(client.get(f"{V1}/jobs"), 401)
    is_problem(client.get(f"{V1}/jobs/{job['id']}"), 401)
    other = {"X-API-Key": "other-key"}
    is_problem(client.get(f"{V1}/jobs/{job['id']}", headers=other), 404)
    assert client.get(f"{V1}/jobs", headers=other).json()["total"] == 0
    assert client.get(f"{V1}/jobs", headers=KEY).json()["items"][0]["id"] == job["id"]


def test_row12_ingest_runs_in_its_own_process(client) -> None:  # type: ignore[no-untyped-def]
    """The job's work happens in another process: the upload becomes a child process of
    the API, and the API process answers reads while it runs."""
    text = ("深圳信息职业技术大学与比亚迪股份有限公司签署校企合作协议。" * 200).encode()
    before = set(os.listdir("/proc"))
    r = client.post(f"{V1}/ingest/documents", files={"files": ("n.txt", text)}, headers=KEY)
    assert r.status_code == 202
    mgr = client.app.state.jobs
    procs = list(mgr._procs.values())
    assert procs and all(p.pid != os.getpid() for p in procs)
    assert str(procs[0].pid) in set(os.listdir("/proc")) - before or procs[0].poll() is not None
    assert client.get(f"{V1}/health").status_code == 200
    job = _wait(client, r.json()["id"], KEY)
    assert job["status"] == "done", job


def _docx_bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w") as fh:
            chunk = b"<w:t>" + b"A" * (1 << 20) + b"</w:t>"
            for _ in range(300):  # 300 MiB inflated, about 300 KiB on the wire
                fh.write(chunk)
    return buf.getvalue()


def test_row6_docx_bomb_refused_and_upload_removed(graph) -> None:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from iegraph.api.main import create_app

    tmp = Path(tempfile.gettempdir())
    before = set(tmp.glob("iegraph-upload-*"))
    app = create_app(make_settings(graph, max_upload_bytes=4 << 20), store=graph)
    with TestClient(app, raise_server_exceptions=False) as client:
        r = client.post(
            f"{V1}/ingest/documents", files={"files": ("bomb.docx", _docx_bomb())}, headers=KEY
        )
        assert r.status_code == 202, r.text
        job = _wait(client, r.json()["id"], KEY)
        # a bad file of a batch is reported and skipped; nothing of it is written
        assert job["status"] == "done" and job["result"]["failed"] == 1, job
        detail = str(job["result"])
        assert "bomb.docx" in detail and ("inflates to" in detail or "compressed" in detail)
        assert tempfile.gettempdir() not in detail
        client.app.state.jobs.wait(10)
    assert set(tmp.glob("iegraph-upload-*")) <= before


def test_host_header_checked(graph) -> None:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from iegraph.api.main import create_app

    app = create_app(make_settings(graph, allowed_hosts=["localhost"]), store=graph)
    with TestClient(app, base_url="http://localhost") as c:
        assert c.get(f"{V1}/health").status_code == 200
        is_problem(c.get(f"{V1}/health", headers={"Host": "evil.example"}), 400)


def test_row1_api_answers_after_the_store_is_killed(client) -> None:  # type: ignore[no-untyped-def]
    """kill -9 of the embedded server: the next request restarts it (append-only file
    replayed) and is answered; no 503 once it is back."""
    import signal

    store = client.app.state.store
    if store.backend != "embedded":
        return  # Neo4j is not supervised by iegraph
    before = client.get(f"{V1}/stats").json()
    time.sleep(1.2)  # appendfsync everysec: the graph's last writes reach the file
    pid = store.server.read_pid()
    os.kill(pid, signal.SIGKILL)
    r = client.get(f"{V1}/stats")
    assert r.status_code == 200, r.text
    assert r.json() == before and store.server.read_pid() != pid
