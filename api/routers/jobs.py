"""Background jobs (ingestion): an in-process registry with progress, and ``/jobs``.

Jobs run one at a time on a worker thread per server process (the graph's write lock keeps
writers apart across processes); the registry keeps the last ``KEEP`` jobs. When ``iegraph
serve`` runs several worker processes, each job's record is also written to a shared
directory, so any worker answers ``GET /jobs/{id}`` for a job another one runs.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import os
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
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

    def __init__(self, share_dir: Path | None = None) -> None:
        self._jobs: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="iegraph-job")
        self._share = share_dir
        if share_dir is not None:
            share_dir.mkdir(parents=True, exist_ok=True)

    def _persist(self, job: dict[str, Any]) -> None:
        """Write the job's record for the other worker processes (atomic rename)."""
        if self._share is None:
            return
        tmp = self._share / f".{job['id']}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(job, ensure_ascii=False, default=str), encoding="utf-8")
        os.replace(tmp, self._share / f"{job['id']}.json")

    def _shared(self, job_id: str | None = None) -> list[dict[str, Any]]:
        if self._share is None:
            return []
        files = [self._share / f"{job_id}.json"] if job_id else self._share.glob("*.json")
        out = []
        for f in files:
            with contextlib.suppress(OSError, ValueError):
                out.append(json.loads(f.read_text(encoding="utf-8")))
        return out

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
            self._persist(job)

        def progress(fraction: float, message: str = "") -> None:
            with self._lock:
                job["progress"] = max(0.0, min(1.0, float(fraction)))
                if message:
                    job["message"] = message
                self._persist(job)

        def work() -> None:
            with self._lock:
                job["status"], job["message"] = "running", "started"
                self._persist(job)
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
                    self._persist(job)
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
                    self._persist(job)
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
                    self._persist(job)

        self._pool.submit(work)
        return dict(job)

    def get(self, job_id: str) -> dict[str, Any]:
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None and "/" not in job_id and "." not in job_id:
                found = self._shared(job_id)
                job = found[0] if found else None
            if job is None:
                raise NotFound(
                    f"no job {job_id!r}",
                    hint="jobs are kept until the server restarts; list them with GET /api/v1/jobs",
                    job=job_id,
                )
            return dict(job)

    def list(self) -> list[dict[str, Any]]:
        with self._lock:
            mine = [dict(j) for j in reversed(self._jobs.values())]
        seen = {j["id"] for j in mine}
        others = [j for j in self._shared() if j.get("id") not in seen]
        if not others:
            return mine
        return sorted(mine + others, key=lambda j: j.get("created_at") or "", reverse=True)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def jobs_of(request: Request) -> JobManager:
    return request.app.state.jobs  # type: ignore[no-any-return]


@router.get("/jobs", name="list", response_model=JobList, responses=responses(401))
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


@router.get("/jobs/{job_id}", name="get", response_model=Job, responses=responses(401, 404))
def get_job(job_id: str, request: Request) -> Job:
    """One job's status and progress (0–1); ``result`` when done, ``error`` when failed."""
    return Job.model_validate(jobs_of(request).get(job_id))
