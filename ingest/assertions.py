"""What an ingestion path (records or documents) hands to the writer: typed assertions.

Both loaders produce these; :class:`ingest.writer.GraphWriter` resolves names to nodes,
checks them against the ontology, merges provenance and writes in batches. Keeping the
contract here lets the two loaders evolve separately.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """A document or a records file, identified by its content hash."""

    kind: str  # "records" | "document"
    path: str  # as given (display); the key is from the content hash
    content_hash: str  # sha256 hex of the raw bytes
    title: str = ""
    url: str = ""
    mapping: str = ""  # records: the mapping file used, if any
    extractor: str = ""  # e.g. "iegraph.records/0.1" or "iegraph.docs/0.1"
    extra: dict[str, Any] = field(default_factory=dict)
    #: the key of the earlier version of this source that this version continues (a records
    #: file rewritten in place keeps its Source node's key, so the rows it did not change
    #: stay exactly as they were — see :func:`ingest.writer.prepare.continued`); empty: a
    #: source new to the graph, keyed by its content hash
    continues: str = ""

    @property
    def key(self) -> str:
        return self.continues or f"source:{self.content_hash[:16]}"


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where one assertion comes from."""

    locator: str  # "row 12" | "s34:120-158" (sentence index: char offsets in the original)
    text: str = ""  # the sentence (documents) or a compact row rendering (records)
    confidence: float = 1.0
    source_url: str = ""  # a row's own source_url column, when present
    start: int | None = None  # char offsets of the span in the original document
    end: int | None = None


@dataclass(slots=True)
class EntityAssertion:
    """ "There is an entity of class ``cls`` named ``name``"."""

    cls: str  # ontology class name (already resolved from labels)
    name: str  # surface form as written
    evidence: Evidence
    aliases: list[str] = field(default_factory=list)
    key: str | None = None  # explicit key, if the input gives one
    props: dict[str, Any] = field(default_factory=dict)  # extra properties (validated)
    former_names: list[tuple[str, str | None]] = field(default_factory=list)  # (name, until date)
    official: bool = True  # False for short/informal names: never replaces the display name


@dataclass(slots=True)
class EntityRef:
    """A reference to an entity by key or name (resolved by the writer)."""

    name: str
    cls: str | None = None  # class if known (helps resolution, required to create)
    key: str | None = None


@dataclass(slots=True)
class RelationAssertion:
    type: str  # ontology relation type
    start: EntityRef
    end: EntityRef
    evidence: Evidence
    props: dict[str, Any] = field(default_factory=dict)  # valid_from, valid_to, …
