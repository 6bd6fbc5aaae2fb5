"""Several `iegraph serve` workers: a job submitted to one is visible from another."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from iegraph.api.routers.jobs import JobManager


def test_job_records_are_shared_between_worker_processes(tmp_path: Path) -> None:
    a, b = JobManager(tmp_path / "jobs"), JobManager(tmp_path / "jobs")

    def work(progress: Any) -> dict[str, Any]:
        progress(0.5, "half way")
        return {"written": 3}

    job = a.submit("records", "orgs.csv", work)
    a.shutdown()  # waits for the job to finish
    seen = b.get(job["id"])
    assert seen["status"] == "done" and seen["result"] == {"written": 3}
    assert [j["id"] for j in b.list()] == [job["id"]]
    b.shutdown()
