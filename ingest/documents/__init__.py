"""Document ingestion: files → clean text → sentences → entities, relations and the strategy
outline, with sentence-level provenance; written through :class:`ingest.writer.GraphWriter`.

Public entry points:

* :func:`extract_text` — one text in, an :class:`ExtractionResult` out (no store).
* :func:`ingest_documents` — files/folders into a store (idempotent per document content).

Example:
    >>> from iegraph.ingest.documents import extract_text
    >>> r = extract_text("浙江机电职业技术学院与圣奥家居开设家居订单班。")
    >>> [(e.text, e.label) for e in r.entities]
    [('浙江机电职业技术学院', 'Institution'), ('圣奥家居', 'Enterprise'), ('家居订单班', 'Platform')]
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from iegraph.ingest.documents.pipeline import (
    EXTRACTOR,
    EntitySpan,
    ExtractionResult,
    Extractor,
    RelationSpan,
)

if TYPE_CHECKING:
    from iegraph.ontology.schema import Schema

__all__ = [
    "EXTRACTOR",
    "EntitySpan",
    "ExtractionResult",
    "Extractor",
    "RelationSpan",
    "extract_text",
    "get_extractor",
    "ingest_documents",
]


@lru_cache(maxsize=2)
def _default_extractor() -> Extractor:
    from iegraph.ontology.schema import load_schema

    return Extractor(load_schema())


def get_extractor(schema: Schema | None = None) -> Extractor:
    """The cached extractor of the packaged ontology (or a fresh one for ``schema``)."""
    if schema is None:
        return _default_extractor()
    return Extractor(schema)


def extract_text(text: str, lang: str | None = None) -> ExtractionResult:
    """Entities and relations of one text with the packaged ontology (no store needed).

    Args:
        text: Simplified or Traditional Chinese, or English.
        lang: "zh" / "en" to force the language; None decides per sentence.
    """
    return _default_extractor().extract_text(text, lang)


def ingest_documents(*args, **kwargs):  # type: ignore[no-untyped-def]
    """See :func:`ingest.documents.ingest.ingest_documents`."""
    from iegraph.ingest.documents.ingest import ingest_documents as _impl

    return _impl(*args, **kwargs)
