"""``/health``, ``/stats`` and ``/schema``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from iegraph.api.deps import ReadAccess, SchemaDep, SettingsDep, StoreDep
from iegraph.api.problems import responses
from iegraph.api.routers.models import Health, Stats

router = APIRouter(tags=["meta"])


@router.get("/health", name="health", response_model=Health, responses=responses(503))
def health(store: StoreDep, settings: SettingsDep, schema: SchemaDep) -> Health:
    """The server and its graph store answer (503 problem detail when the store does not).

    Example: ``curl http://127.0.0.1:8000/api/v1/health``
    """
    from importlib.metadata import PackageNotFoundError, version

    # a trivial read proves the store answers, not just that a connection object exists
    store.run("RETURN 1")
    try:
        ver = version("iegraph")
    except PackageNotFoundError:
        ver = "0+unknown"
    return Health(
        status="ok", backend=store.backend, version=ver, ontology_version=str(schema.version)
    )


@router.get(
    "/stats",
    name="stats",
    response_model=Stats,
    dependencies=[ReadAccess],
    responses=responses(401, 503, 504),
)
def stats(store: StoreDep) -> Stats:
    """Node counts by label and relationship counts by type."""
    s = store.stats()
    return Stats(nodes=s.get("nodes", {}), relationships=s.get("relationships", {}))


@router.get("/schema", name="schema", dependencies=[ReadAccess], responses=responses(401))
def schema_doc(schema: SchemaDep) -> dict[str, Any]:
    """The compiled ontology: classes, relation types (domain, range), labels, styles."""
    return schema.to_json()
