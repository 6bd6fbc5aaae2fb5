"""Background jobs (ingestion): an in-process registry with progress, and ``/jobs``.

Jobs run one at a time on a worker thread (one writer at a time keeps ingestion's
resolve-then-write consistent); the registry keeps the last ``KEEP`` jobs.
"""

from __future__ import annotations

import datetime as _dt
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from iegraph.api.deps import ReadAccess
from iegraph.api.problems import responses, status_for
from iegraph.api.routers.models import Job, JobList
from iegraph.ontology.errors import IegraphError, NotFound

KEEP = 500
router = APIRouter(tags=["jobs"], dependencies=[ReadAccess])


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")


class JobManager:
    """Runs callables in the background and records their progress."""

    def __init__(self) -> None:
        self._jobs: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="iegraph-job")

    def submit(
        self, kind: str, filename: str, fn: Callable[[Callable[[float, str], None]], dict[str, Any]]
    ) -> dict[str, Any]:
        job: dict[str, Any] = {
            "id": uuid.uuid4().hex,
            "kind": kind,
            "status": "queued",
            "progress": 0.0,
            "message": "waiting for the worker",
            "filename": filename,
            "created_at": _now(),
            "finished_at": None,
            "result": None,
            "error": None,
        }
        with self._lock:
            self._jobs[job["id"]] = job
            while len(self._jobs) > KEEP:
                self._jobs.popitem(last=False)

        def progress(fraction: float, message: str = "") -> None:
            with self._lock:
                job["progress"] = max(0.0, min(1.0, float(fraction)))
                if message:
                    job["message"] = message

        def work() -> None:
            with self._lock:
                job["status"], job["message"] = "running", "started"
            try:
                result = fn(progress)
                with self._lock:
                    job.update(
                        status="done",
                        progress=1.0,
                        message="finished",
                        result=result,
                        finished_at=_now(),
                    )
            except IegraphError as exc:
                with self._lock:
                    job.update(
                        status="failed",
                        message=exc.message,
                        finished_at=_now(),
                        error={
                            "type": f"https://iegraph.dev/problems/{exc.code}",
                            "status": status_for(exc),
                            "detail": exc.message,
                            "hint": exc.hint,
                        },
                    )
            except Exception as exc:  # noqa: BLE001 — a job failure must not kill the worker
                with self._lock:
                    job.update(
                        status="failed",
                        message="unexpected error",
                        finished_at=_now(),
                        error={
                            "type": "https://iegraph.dev/problems/internal-error",
                            "status": 500,
                            "detail": f"{type(exc).__name__}: {exc}",
                        },
                    )

        self._pool.submit(work)
        return dict(job)

    def get(self, job_id: str) -> dict[str, Any]:
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None:
                raise NotFound(
                    f"no job {job_id!r}",
                    hint="jobs are kept until the server restarts; list them with GET /api/v1/jobs",
                    job=job_id,
                )
            return dict(job)

    def list(self) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(j) for j in reversed(self._jobs.values())]

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def jobs_of(request: Request) -> JobManager:
    return request.app.state.jobs  # type: ignore[no-any-return]


@router.get("/jobs", response_model=JobList, responses=responses(401))
def list_jobs(
    request: Request,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> JobList:
    """Recent background jobs, newest first."""
    jobs = jobs_of(request).list()
    return JobList(
        items=[Job.model_validate(j) for j in jobs[offset : offset + limit]],
        total=len(jobs),
        limit=limit,
        offset=offset,
    )


@router.get("/jobs/{job_id}", response_model=Job, responses=responses(401, 404))
def get_job(job_id: str, request: Request) -> Job:
    """One job's status and progress (0–1); ``result`` when done, ``error`` when failed."""
    return Job.model_validate(jobs_of(request).get(job_id))
