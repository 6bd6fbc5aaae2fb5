"""Several `iegraph serve` workers: a job one worker started is visible from another.

Job processes write their status into ``<data dir>/jobs/`` (api/jobrunner.py); every worker's
JobManager reads the same files, so the worker that answers ``GET /jobs/{id}`` need not be the
one that started the job. Here a status file written as a job process writes it is read by a
second manager, which shows it only to the key that started it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from iegraph.api.jobrunner import now, write_status
from iegraph.api.routers.jobs import JobManager
from iegraph.ontology.errors import NotFound
from iegraph.ontology.settings import Settings


def test_job_records_are_shared_between_worker_processes(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    a, b = JobManager(settings), JobManager(settings)
    a.dir.mkdir(parents=True, exist_ok=True)
    job = {
        "id": "0123456789abcdef0123456789abcdef",
        "kind": "records",
        "status": "done",
        "progress": 1.0,
        "message": "finished",
        "filename": "orgs.csv",
        "created_at": now(),
        "finished_at": now(),
        "result": {"written": 3},
        "error": None,
        "owner": "owner-digest",
    }
    write_status(a._file(job["id"]), job)
    seen = b.get(job["id"], "owner-digest")
    assert seen["status"] == "done" and seen["result"] == {"written": 3}
    assert "owner" not in seen  # the owner's key digest is not shown
    assert [j["id"] for j in b.list("owner-digest")] == [job["id"]]
    assert b.list("someone-else") == []
    with pytest.raises(NotFound):
        b.get(job["id"], "someone-else")
