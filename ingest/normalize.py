"""Re-export of :mod:`ontology.names` (identity rules live in the lowest layer so that
``graph`` and ``queries`` can use them without importing ``ingest``)."""

from __future__ import annotations

from iegraph.ontology.names import (
    LEGAL_SUFFIXES,
    entity_key,
    norm_name,
    strip_legal_suffix,
    to_simplified,
    to_traditional,
)

__all__ = [
    "LEGAL_SUFFIXES",
    "entity_key",
    "norm_name",
    "strip_legal_suffix",
    "to_simplified",
    "to_traditional",
]
