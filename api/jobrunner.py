"""The ingest job runner: one ingestion job in its own process (``python -m
iegraph.api.jobrunner JOB_FILE``, spec and settings on stdin).

Ingestion is CPU-bound Python; run on a thread of the API process it held the interpreter
lock and API throughput fell from about 197 to 19 requests/s (issue 14, row 12). In its own
process it competes only for the CPU. Jobs live as files in ``<data dir>/jobs/`` (so any
API worker process can report any job), and a file lock there keeps one writer at a time
across every worker.

Status file (``<id>.json``, replaced atomically)::

    {"id", "kind", "status": queued|running|done|failed, "progress", "message", "filename",
     "created_at", "finished_at", "result", "error", "owner"}
"""

from __future__ import annotations

import datetime as _dt
import fcntl
import json
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any


def now() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="milliseconds")


def write_status(path: Path, job: dict[str, Any]) -> None:
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(job, ensure_ascii=False, default=str), encoding="utf-8")
    os.replace(tmp, path)


def read_status(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]
    except (OSError, ValueError):
        return None


def scrub(value: Any, names: dict[str, str]) -> Any:
    """``value`` with every server path of an upload replaced by the client's file name."""
    if isinstance(value, str):
        for path, name in names.items():
            value = value.replace(path, name)
        return value
    if isinstance(value, list):
        return [scrub(v, names) for v in value]
    if isinstance(value, dict):
        return {k: scrub(v, names) for k, v in value.items()}
    return value


def _as_json(result: Any) -> dict[str, Any]:
    if hasattr(result, "to_json"):
        result = result.to_json()
    if isinstance(result, list):
        return {"results": [_as_json(r) for r in result]}
    if not isinstance(result, dict):
        return {"result": str(result)}
    return result


def run(job_file: Path, spec: dict[str, Any]) -> int:
    from iegraph.api.problems import status_for
    from iegraph.graph import open_store
    from iegraph.ontology.errors import IegraphError
    from iegraph.ontology.schema import load_schema
    from iegraph.ontology.settings import Settings

    job = read_status(job_file) or {}
    names: dict[str, str] = spec.get("names", {})
    last = [0.0]

    def progress(fraction: float, message: str = "", force: bool = False) -> None:
        t = time.monotonic()
        if not force and t - last[0] < 0.2:  # the status file is rewritten at most 5x/s
            return
        last[0] = t
        job["progress"] = max(0.0, min(1.0, float(fraction)))
        if message:
            job["message"] = scrub(message, names)
        write_status(job_file, job)

    lock_path = job_file.parent / "writer.lock"
    with open(lock_path, "a+") as lock:
        job["message"] = "waiting for the writer"
        write_status(job_file, job)
        fcntl.flock(lock, fcntl.LOCK_EX)  # one writer per graph, whichever worker started it
        job.update(status="running", message="started")
        write_status(job_file, job)
        try:
            settings = Settings(**spec["settings"])
            schema = load_schema()
            with open_store(settings) as store:
                if spec["kind"] == "records":
                    from iegraph.ingest.records import load_records

                    def cb(name: str, done: int, total: int) -> None:
                        progress(done / total if total else 0.0, f"{name}: {done}/{total}")

                    loaded = load_records(
                        store,
                        schema,
                        tables=[(Path(t), Path(m)) for t, m in spec["tables"]],
                        entities=[Path(p) for p in spec["entities"]],
                        relations=[Path(p) for p in spec["relations"]],
                        skip_invalid=bool(spec.get("skip_invalid")),
                        progress=cb,
                    )
                    from iegraph.queries.conflicts import find_conflicts

                    srcs = [f["source"] for f in loaded.files]
                    conflicts = [c.to_json() for c in find_conflicts(store, schema, sources=srcs)]
                    result: Any = {**loaded.to_json(), "conflicts": conflicts}
                else:
                    from iegraph.ingest.documents.ingest import ingest_documents

                    def dcb(done: int, total: int, path: object) -> None:
                        name = names.get(str(path), Path(str(path)).name)
                        progress(done / total if total else 1.0, f"{done}/{total} {name}")

                    result = ingest_documents(
                        [Path(p) for p in spec["paths"]], store, schema, progress=dcb
                    )
            job.update(
                status="done",
                progress=1.0,
                message="finished",
                result=scrub(_as_json(result), names),
                finished_at=now(),
            )
        except IegraphError as exc:
            job.update(
                status="failed",
                message=scrub(exc.message, names),
                finished_at=now(),
                error=scrub(
                    {
                        "type": f"https://iegraph.dev/problems/{exc.code}",
                        "status": status_for(exc),
                        "detail": exc.message,
                        "hint": exc.hint,
                        **{
                            k: [p if isinstance(p, dict) else str(p) for p in v[:50]]
                            for k, v in exc.details.items()
                            if k == "problems" and isinstance(v, list)
                        },
                    },
                    names,
                ),
            )
        except Exception as exc:  # noqa: BLE001 — report, never a traceback to the client
            job.update(
                status="failed",
                message="unexpected error",
                finished_at=now(),
                error={
                    "type": "https://iegraph.dev/problems/internal-error",
                    "status": 500,
                    "detail": scrub(f"{type(exc).__name__}: {exc}", names),
                },
            )
        write_status(job_file, job)
    if spec.get("upload_dir"):
        shutil.rmtree(spec["upload_dir"], ignore_errors=True)
    return 0


def main() -> int:
    job_file = Path(sys.argv[1])
    spec = json.loads(sys.stdin.read())
    return run(job_file, spec)


if __name__ == "__main__":
    sys.exit(main())
