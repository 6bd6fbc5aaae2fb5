"""The reference skeleton: every higher-education institution on the Ministry of Education's
list (学校标识码 ``moe_code``) and every place of China (统计用区划代码 ``adcode``), as the
project's own reference data (``data/``, with ``SOURCES.md``) and as graph nodes that every
later fact attaches to.

Public entry points:

* :func:`load_reference` — load or update the skeleton (``iegraph reference load``);
* :func:`reference_status` — what the graph holds, and which nodes are not tied to it;
* :func:`gazetteer` / :func:`lookup` / :func:`ambiguous_names` / :func:`lexicon_entries` —
  the skeleton as a cached gazetteer for the document pipeline (no store needed);
* :func:`reference_tables` — the parsed tables.

Example:
    >>> from iegraph.ingest.reference import gazetteer, lookup
    >>> len(gazetteer()) > 6000, lookup("广西")[0].name
    (True, '广西壮族自治区')
"""

from __future__ import annotations

from iegraph.ingest.reference.gazetteer import (
    GazetteerEntry,
    ambiguous_names,
    gazetteer,
    lexicon_entries,
    lookup,
)
from iegraph.ingest.reference.load import (
    INSTITUTIONS_PATH,
    PLACES_PATH,
    ReferenceLoadResult,
    load_reference,
)
from iegraph.ingest.reference.status import reference_status
from iegraph.ingest.reference.tables import reference_tables

__all__ = [
    "INSTITUTIONS_PATH",
    "PLACES_PATH",
    "GazetteerEntry",
    "ReferenceLoadResult",
    "ambiguous_names",
    "gazetteer",
    "lexicon_entries",
    "load_reference",
    "lookup",
    "reference_status",
    "reference_tables",
]
