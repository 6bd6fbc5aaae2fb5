"""The project's sample data: the facts of ``../shared/data/facts`` as our own records, each
loaded through its shipped mapping (``ingest/samples/mappings``).

Example:
    >>> from iegraph.graph import open_store
    >>> from iegraph.ontology.schema import load_schema
    >>> with open_store() as store:
    ...     summary = load_samples(store, load_schema())
    >>> summary.rejected
    []
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from iegraph.ingest.records.load import load_prepared, prepare_table
from iegraph.ingest.writer import WriteSummary

if TYPE_CHECKING:
    from iegraph.graph.store import GraphStore
    from iegraph.ontology.schema import Schema

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "samples"
MAPPINGS_DIR = SAMPLES_DIR / "mappings"
RECORDS_DIR = SAMPLES_DIR / "records"

#: load order: the alias list first, so keys come from full official names
SAMPLE_MAPPINGS = (
    "aliases",
    "policies",
    "pilot_cities",
    "ie_enterprises",
    "industrial_colleges",
    "municipal_consortia",
    "industry_communities",
    "partnerships",
)


def sample_mappings() -> list[Path]:
    return [MAPPINGS_DIR / f"{name}.yaml" for name in SAMPLE_MAPPINGS]


def load_samples(
    store: GraphStore, schema: Schema, progress: Callable[[str, int, int], None] | None = None
) -> WriteSummary:
    """Load every sample table through its mapping (validated together, then written).

    Example:
        >>> s = load_samples(store, schema)
        >>> s.created["VocationalUniversity"] >= 1, len(s.rejected)
        (True, 0)
    """
    prepared = [prepare_table(None, m, schema) for m in sample_mappings()]
    return load_prepared(store, schema, prepared, progress=progress).summary
