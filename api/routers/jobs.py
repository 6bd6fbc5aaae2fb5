"""Background jobs (ingestion) and ``/jobs``.

Each job runs in its own process (:mod:`api.jobrunner`), so ingestion never holds the API's
interpreter lock; its status is a file in ``<data dir>/jobs/``, so the registry does not
depend on how many API worker processes there are, and a file lock there keeps one writer at
a time. A job belongs to the API key that started it: ``/jobs`` needs a key and shows only
that key's jobs (another key's job is "not found"); no server path appears in a job.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
import subprocess
import sys
import threading
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Security
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from iegraph.api.deps import WriteKey
from iegraph.api.jobrunner import now, read_status, write_status
from iegraph.api.problems import responses, status_for
from iegraph.api.routers.models import Job, JobList
from iegraph.ontology.errors import IegraphError, NotFound
from iegraph.ontology.settings import Settings

KEEP = 500
#: fields of a status file a client may see (``owner`` is not one)
PUBLIC = tuple(Job.model_fields)
router = APIRouter(tags=["jobs"], dependencies=[WriteKey])


def owner_of(key: str | None) -> str:
    """A job's owner: a digest of the API key (the key itself is never stored)."""
    return hashlib.sha256((key or "").encode()).hexdigest()[:32]


#: settings a job process needs to open the same store (secrets go over a pipe, not a file)
_STORE_FIELDS = (
    "backend",
    "data_dir",
    "graph_name",
    "neo4j_uri",
    "neo4j_username",
    "neo4j_password",
    "neo4j_database",
    "query_timeout",
    "row_cap",
    "query_memory_mb",
    "query_timeout_max",
    "max_queued_queries",
    "store_threads",
    "max_concurrent_cypher",
    "records_max_bytes",
)


class JobManager:
    """Starts job processes and reads their status files."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.dir = Path(settings.store.data_dir).expanduser() / "jobs"
        self._threads: list[threading.Thread] = []
        self._procs: dict[str, subprocess.Popen[bytes]] = {}
        self._lock = threading.Lock()

    def _new_job(self, kind: str, filename: str, owner: str) -> tuple[dict[str, Any], Path]:
        """A queued job's record, written to its status file."""
        self.dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        job_id = uuid.uuid4().hex
        job: dict[str, Any] = {
            "id": job_id,
            "kind": kind,
            "status": "queued",
            "progress": 0.0,
            "message": "waiting for the worker",
            "filename": filename,
            "created_at": now(),
            "finished_at": None,
            "result": None,
            "error": None,
            "owner": owner,
        }
        path = self._file(job_id)
        write_status(path, job)
        return job, path

    def _file(self, job_id: str) -> Path:
        if not job_id.isalnum():
            raise NotFound(f"no job {job_id!r}", hint="list your jobs with GET /api/v1/jobs")
        return self.dir / f"{job_id}.json"

    def submit(
        self,
        kind: str,
        filename: str,
        spec: dict[str, Any] | Callable[[Callable[[float, str], None]], dict[str, Any]],
        *,
        owner: str,
        upload_dir: Path | None = None,
    ) -> dict[str, Any]:
        """Start a job process for ``spec`` (an ingest), or run ``spec`` on a thread if it is
        a callable (short store operations such as removing a source); ``upload_dir`` is
        removed when the job ends, however it ends."""
        if callable(spec):
            return self._submit_call(kind, filename, spec, owner)
        try:
            job, path = self._new_job(kind, filename, owner)
            flat = {
                k: v
                for section in self.settings.model_dump(mode="json").values()
                for k, v in section.items()
            }
            store_settings = {k: flat[k] for k in _STORE_FIELDS if k in flat}
            payload = json.dumps(
                {
                    **spec,
                    "kind": kind,
                    "settings": store_settings,
                    # the job process removes it too, should this API process die first
                    "upload_dir": str(upload_dir) if upload_dir is not None else None,
                }
            )
            proc = subprocess.Popen(
                [sys.executable, "-m", "iegraph.api.jobrunner", str(path)],
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                close_fds=True,
            )
        except BaseException:
            if upload_dir is not None:
                shutil.rmtree(upload_dir, ignore_errors=True)
            raise
        with self._lock:
            self._procs[job["id"]] = proc
        t = threading.Thread(
            target=self._watch, args=(proc, path, payload, upload_dir), daemon=True
        )
        t.start()
        self._threads.append(t)
        self._prune()
        return {k: job[k] for k in PUBLIC}

    def _submit_call(
        self,
        kind: str,
        filename: str,
        fn: Callable[[Callable[[float, str], None]], dict[str, Any]],
        owner: str,
    ) -> dict[str, Any]:
        job, path = self._new_job(kind, filename, owner)

        def progress(fraction: float, message: str = "") -> None:
            job["progress"] = max(0.0, min(1.0, float(fraction)))
            if message:
                job["message"] = message
            write_status(path, job)

        def work() -> None:
            job.update(status="running", message="started")
            write_status(path, job)
            try:
                job.update(status="done", progress=1.0, message="finished", result=fn(progress))
            except IegraphError as exc:
                job.update(
                    status="failed",
                    message=exc.message,
                    error={
                        "type": f"https://iegraph.dev/problems/{exc.code}",
                        "status": status_for(exc),
                        "detail": exc.message,
                        "hint": exc.hint,
                    },
                )
            except Exception as exc:  # noqa: BLE001 — a job failure is reported, not raised
                job.update(
                    status="failed",
                    message="unexpected error",
                    error={
                        "type": "https://iegraph.dev/problems/internal-error",
                        "status": 500,
                        "detail": f"{type(exc).__name__}: {exc}",
                    },
                )
            job["finished_at"] = now()
            write_status(path, job)

        t = threading.Thread(target=work, daemon=True)
        t.start()
        self._threads.append(t)
        return {k: job[k] for k in PUBLIC}

    def _watch(
        self, proc: subprocess.Popen[bytes], path: Path, payload: str, upload_dir: Path | None
    ) -> None:
        try:
            _, err = proc.communicate(payload.encode())
            job = read_status(path)
            if job is not None and job.get("status") not in ("done", "failed"):
                tail = err.decode(errors="replace").strip().splitlines()[-1:] if err else []
                job.update(
                    status="failed",
                    message="the job process stopped before finishing",
                    finished_at=now(),
                    error={
                        "type": "https://iegraph.dev/problems/internal-error",
                        "status": 500,
                        "detail": f"the job process exited with code {proc.returncode}"
                        + (f" ({tail[0][:200]})" if tail and upload_dir is None else ""),
                    },
                )
                write_status(path, job)
        finally:
            if upload_dir is not None:
                shutil.rmtree(upload_dir, ignore_errors=True)
            with self._lock:
                self._procs.pop(path.stem, None)

    def _prune(self) -> None:
        files = sorted(self.dir.glob("*.json"), key=lambda p: p.stat().st_mtime)
        for p in files[:-KEEP] if len(files) > KEEP else []:
            with contextlib.suppress(OSError):
                p.unlink()

    def get(self, job_id: str, owner: str) -> dict[str, Any]:
        job = read_status(self._file(job_id))
        if job is None or job.get("owner") != owner:
            raise NotFound(
                f"no job {job_id!r} for this API key",
                hint="a job is visible to the key that started it; list yours with "
                "GET /api/v1/jobs",
                job=job_id,
            )
        return {k: job.get(k) for k in PUBLIC}

    def list(self, owner: str) -> list[dict[str, Any]]:
        jobs = []
        for p in self.dir.glob("*.json") if self.dir.exists() else []:
            job = read_status(p)
            if job is not None and job.get("owner") == owner:
                jobs.append({k: job.get(k) for k in PUBLIC})
        return sorted(jobs, key=lambda j: (j["created_at"], j["id"]), reverse=True)

    def wait(self, timeout: float | None = None) -> None:
        """Wait for the job processes this manager started (tests, shutdown)."""
        for t in list(self._threads):
            t.join(timeout)

    def shutdown(self) -> None:
        """Stop waiting for jobs: running ones finish in their own processes (their status
        files record the result), so a restart of the API does not lose them."""
        self.wait(timeout=0)


_api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False)
_bearer = HTTPBearer(auto_error=False)


async def job_owner(
    x_api_key: Annotated[str | None, Security(_api_key_header)] = None,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)] = None,
) -> str:
    """The owner digest of the presented key (validity is checked by ``WriteKey``)."""
    key = x_api_key or (bearer.credentials if bearer is not None else None)
    return owner_of(key)


def jobs_of(request: Request) -> JobManager:
    return request.app.state.jobs  # type: ignore[no-any-return]


OwnerDep = Annotated[str, Security(job_owner)]


@router.get("/jobs", response_model=JobList, responses=responses(401))
def list_jobs(
    request: Request,
    owner: OwnerDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> JobList:
    """Your recent background jobs (those started with this API key), newest first."""
    jobs = jobs_of(request).list(owner)
    return JobList(
        items=[Job.model_validate(j) for j in jobs[offset : offset + limit]],
        total=len(jobs),
        limit=limit,
        offset=offset,
    )


@router.get("/jobs/{job_id}", response_model=Job, responses=responses(401, 404))
def get_job(job_id: str, request: Request, owner: OwnerDep) -> Job:
    """One of your jobs: status and progress (0–1); ``result`` when done, ``error`` when
    failed."""
    return Job.model_validate(jobs_of(request).get(job_id, owner))
