"""``/ingest/records`` and ``/ingest/documents``: uploads ingested as background jobs.

Both need an API key. The upload is saved to a private temporary directory, then the records
or documents pipeline runs on the job worker; ``GET /jobs/{id}`` reports progress.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile

from iegraph.api.deps import SettingsDep, StoreDep, WriteKey
from iegraph.api.problems import responses
from iegraph.api.routers.jobs import jobs_of
from iegraph.api.routers.models import Job
from iegraph.ingest.documents.ingest import ingest_documents as ingest_documents_
from iegraph.ingest.records import load_records
from iegraph.ontology.errors import ValidationError

router = APIRouter(tags=["ingest"], dependencies=[WriteKey])

MAX_FILES = 50


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
                    raise ValidationError(
                        f"the upload is larger than {max_bytes} bytes",
                        hint="split it into smaller files",
                        field="files",
                    )
                fh.write(chunk)
        saved.append(dest)
    return tmp, saved


def _check_count(files: list[UploadFile]) -> None:
    if len(files) > MAX_FILES:
        raise ValidationError(
            f"{len(files)} files in one upload (limit {MAX_FILES})",
            hint="split the upload",
            field="files",
        )


@router.post(
    "/ingest/records",
    name="records",
    response_model=Job,
    status_code=202,
    responses=responses(401, 413, 422, 503),
)
def ingest_records(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    entities: Annotated[
        list[UploadFile] | None, File(description="canonical entities files (CSV/JSON/JSONL/XLSX)")
    ] = None,
    relations: Annotated[
        list[UploadFile] | None, File(description="canonical relations files")
    ] = None,
    table: Annotated[UploadFile | None, File(description="a table to map")] = None,
    mapping: Annotated[UploadFile | None, File(description="the YAML mapping for `table`")] = None,
    skip_invalid: Annotated[bool, Form(description="load the valid rows, report the rest")] = False,
) -> Any:
    """Ingest record files in the background (all validated before the first write);
    poll ``GET /jobs/{id}``.

    Example: ``curl -H 'X-API-Key: …' -F table=@colleges.csv -F mapping=@colleges.yaml
    http://127.0.0.1:8000/api/v1/ingest/records``
    """
    ents, rels = list(entities or []), list(relations or [])
    if not ents and not rels and table is None:
        raise ValidationError(
            "no file uploaded",
            hint="send multipart fields 'entities', 'relations', or 'table' with 'mapping'",
            field="entities",
        )
    if (table is None) != (mapping is None):
        raise ValidationError(
            "a table needs its mapping (and a mapping its table)",
            hint="send both 'table' and 'mapping'",
            field="mapping",
        )
    _check_count(ents + rels)
    uploads = ents + rels + ([table, mapping] if table is not None and mapping else [])
    tmp, paths = _save(uploads, settings.api.max_upload_bytes)
    ent_paths, rel_paths = paths[: len(ents)], paths[len(ents) : len(ents) + len(rels)]
    tables = [(paths[-2], paths[-1])] if table is not None else []
    label = ", ".join(u.filename or "?" for u in uploads)[:200]

    def work(progress: Callable[[float, str], None]) -> dict[str, Any]:
        from iegraph.ontology.schema import load_schema

        def cb(name: str, done: int, total: int) -> None:
            progress(done / total if total else 0.0, f"{name}: {done}/{total}")

        try:
            return _as_json(
                load_records(
                    store,
                    load_schema(),
                    tables=tables,
                    entities=ent_paths,
                    relations=rel_paths,
                    skip_invalid=skip_invalid,
                    progress=cb,
                )
            )
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    return Job.model_validate(jobs_of(request).submit("records", label, work))


@router.post(
    "/ingest/documents",
    name="documents",
    response_model=Job,
    status_code=202,
    responses=responses(401, 413, 422, 503),
)
def ingest_documents(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    files: Annotated[list[UploadFile], File(description="TXT / HTML / PDF / DOCX files")],
) -> Any:
    """Extract entities and relations from documents in the background.

    Example: ``curl -H 'X-API-Key: …' -F files=@paper.txt
    http://127.0.0.1:8000/api/v1/ingest/documents``
    """
    _check_count(files)
    tmp, paths = _save(list(files), settings.api.max_upload_bytes)
    label = ", ".join(f.filename or "?" for f in files)[:200]

    def work(progress: Callable[[float, str], None]) -> dict[str, Any]:
        from iegraph.ontology.schema import load_schema

        def cb(done: int, total: int, path: object) -> None:
            progress(done / total if total else 1.0, f"{done}/{total} {Path(str(path)).name}")

        try:
            return _as_json(ingest_documents_(paths, store, load_schema(), progress=cb))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    return Job.model_validate(jobs_of(request).submit("documents", label, work))
