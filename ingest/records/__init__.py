"""Records ingestion: canonical entity/relation files and mapped tables → the graph.

Public entry points:

* :func:`load_records` — entities files, mapped tables and relations files in one validated
  load (``iegraph ingest records``);
* :func:`load_samples` — the project's sample data (``iegraph demo``);
* :func:`parse_mapping` — read and check a YAML mapping (format: ``docs/mapping.md``).

Example:
    >>> from iegraph.ingest.records import load_records
    >>> load_records(store, schema, tables=[("colleges.csv", "colleges.yaml")]).summary
"""

from __future__ import annotations

from iegraph.ingest.records.load import LoadResult, load_prepared, load_records, prepare_table
from iegraph.ingest.records.mapping import parse_mapping
from iegraph.ingest.records.samples import load_samples, sample_mappings

__all__ = [
    "LoadResult",
    "load_prepared",
    "load_records",
    "load_samples",
    "parse_mapping",
    "prepare_table",
    "sample_mappings",
]
