"""``/ingest/records`` and ``/ingest/documents``: uploads ingested as background jobs.

Both need an API key. The upload is saved to a private temporary directory, then the records
or documents engineers' entry point (``ingest.records`` / ``ingest.documents``, imported
lazily) runs on the job worker; ``GET /jobs/{id}`` reports progress. Where an entry point is
not installed the endpoint answers 501 with a problem detail.
"""

from __future__ import annotations

import importlib
import inspect
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import JSONResponse

from api.deps import SettingsDep, StoreDep, WriteKey
from api.problems import problem, responses
from api.routers.jobs import jobs_of
from api.routers.models import Job
from ontology.errors import ValidationError

router = APIRouter(tags=["ingest"], dependencies=[WriteKey])

#: (module, function) entry points tried in order, per kind
ENTRY_POINTS: dict[str, list[tuple[str, str]]] = {
    "records": [("ingest.records", "ingest_records"), ("ingest.records", "ingest_paths"),
                ("ingest.records", "ingest_file")],
    "documents": [("ingest.documents", "ingest_documents"), ("ingest.documents", "ingest_paths"),
                  ("ingest.documents", "ingest_file")],
}
MAX_FILES = 50


def entry_point(kind: str) -> Callable[..., Any] | None:
    for mod_name, fn_name in ENTRY_POINTS[kind]:
        try:
            mod = importlib.import_module(mod_name)
        except ImportError:
            continue
        fn = getattr(mod, fn_name, None)
        if callable(fn):
            return fn  # type: ignore[no-any-return]
    return None


def _call(fn: Callable[..., Any], store: Any, paths: list[Path], mapping: Path | None,
          progress: Callable[[float, str], None]) -> dict[str, Any]:
    """Call an entry point with the arguments its signature names."""
    from ontology.schema import load_schema

    sig = inspect.signature(fn)
    names = list(sig.parameters)
    kwargs: dict[str, Any] = {}
    if "schema" in names:
        kwargs["schema"] = load_schema()
    if "mapping" in names and mapping is not None:
        kwargs["mapping"] = mapping
    if "progress" in names:
        kwargs["progress"] = progress
    first_path = next((n for n in names if n in ("paths", "path", "files", "file")), None)
    if first_path in ("paths", "files"):
        result = fn(store, paths, **kwargs)
        out = _as_json(result)
    else:
        total = len(paths)
        parts = []
        for i, p in enumerate(paths):
            progress(i / total, f"ingesting {p.name}")
            parts.append(_as_json(fn(store, p, **kwargs)))
        out = {"files": parts}
    return out


def _as_json(result: Any) -> dict[str, Any]:
    if hasattr(result, "to_json"):
        result = result.to_json()
    if isinstance(result, list):
        return {"results": [_as_json(r) for r in result]}
    if not isinstance(result, dict):
        return {"result": str(result)}
    return result


def _save(uploads: list[UploadFile], max_bytes: int) -> tuple[Path, list[Path]]:
    tmp = Path(tempfile.mkdtemp(prefix="iegraph-upload-"))
    saved: list[Path] = []
    total = 0
    for i, up in enumerate(uploads):
        # keep only the base name: a client's path must never choose where we write
        name = Path(up.filename or f"upload-{i}").name or f"upload-{i}"
        dest = tmp / f"{i:03d}-{name}"
        with dest.open("wb") as fh:
            while chunk := up.file.read(1 << 20):
                total += len(chunk)
                if total > max_bytes:
                    shutil.rmtree(tmp, ignore_errors=True)
                    raise ValidationError(f"the upload is larger than {max_bytes} bytes",
                                          hint="split it into smaller files", field="files")
                fh.write(chunk)
        saved.append(dest)
    return tmp, saved


def _start(kind: str, request: Request, store: Any, settings: Any, files: list[UploadFile],
           mapping: UploadFile | None) -> JSONResponse | Job:
    fn = entry_point(kind)
    if fn is None:
        return problem(501, "not-implemented", f"{kind} ingestion is not installed on this "
                       "server", instance=request.url.path,
                       hint=f"install iegraph with the ingest.{kind} package, or use "
                       f"`iegraph ingest {kind}` on the command line")
    if not files:
        raise ValidationError("no file uploaded", hint="send multipart field 'files'",
                              field="files")
    if len(files) > MAX_FILES:
        raise ValidationError(f"{len(files)} files in one upload (limit {MAX_FILES})",
                              hint="split the upload", field="files")
    tmp, paths = _save(files + ([mapping] if mapping else []), settings.max_upload_bytes)
    map_path = paths.pop() if mapping else None
    label = ", ".join(f.filename or "?" for f in files)[:200]

    def work(progress: Callable[[float, str], None]) -> dict[str, Any]:
        try:
            return _call(fn, store, paths, map_path, progress)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    job = jobs_of(request).submit(kind, label, work)
    return Job.model_validate(job)


@router.post("/ingest/records", response_model=Job, status_code=202,
             responses=responses(401, 413, 422, 501, 503))
def ingest_records(
    request: Request, store: StoreDep, settings: SettingsDep,
    files: Annotated[list[UploadFile], File(description="CSV / JSON / JSONL / XLSX files")],
    mapping: Annotated[UploadFile | None, File(description="optional YAML mapping")] = None,
    note: Annotated[str, Form(max_length=500)] = "",
) -> Any:
    """Ingest record files in the background; poll ``GET /jobs/{id}``.

    Example: ``curl -H 'X-API-Key: …' -F files=@table.csv -F mapping=@map.yaml
    http://127.0.0.1:8000/api/v1/ingest/records``
    """
    return _start("records", request, store, settings, files, mapping)


@router.post("/ingest/documents", response_model=Job, status_code=202,
             responses=responses(401, 413, 422, 501, 503))
def ingest_documents(
    request: Request, store: StoreDep, settings: SettingsDep,
    files: Annotated[list[UploadFile], File(description="TXT / HTML / PDF / DOCX files")],
    note: Annotated[str, Form(max_length=500)] = "",
) -> Any:
    """Extract entities and relations from documents in the background.

    Example: ``curl -H 'X-API-Key: …' -F files=@paper.txt
    http://127.0.0.1:8000/api/v1/ingest/documents``
    """
    return _start("documents", request, store, settings, files, None)
