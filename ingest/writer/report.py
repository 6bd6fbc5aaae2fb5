"""What validation found and what a write did: the reason enum, problems and the summary.

Every rejected item carries a :class:`Reason` (a stable code, counted in the report) next to
its human text and fix, the shape neo4j-graphrag-python uses for pruning with reasons.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Reason(StrEnum):
    """Why an input item was rejected (stable codes; counted in the ingest report)."""

    UNKNOWN_CLASS = "unknown_class"
    UNKNOWN_RELATION = "unknown_relation"
    EMPTY_NAME = "empty_name"
    BAD_CONFIDENCE = "bad_confidence"
    BAD_DATE = "bad_date"
    BAD_DATATYPE = "bad_datatype"
    NOT_ALLOWED_VALUE = "value_not_allowed"
    RESERVED_PROPERTY = "reserved_property"
    BAD_PROPERTY_NAME = "bad_property_name"
    NESTED_VALUE = "nested_value"
    KEY_CLASS_MISMATCH = "key_class_mismatch"
    UNKNOWN_KEY = "unknown_key"
    UNRESOLVED_END = "unresolved_end"
    AMBIGUOUS_END = "ambiguous_end"
    DOMAIN_RANGE = "domain_range"
    OTHER = "other"  # problems found by the loaders before the writer (ragged rows …)


@dataclass
class Problem:
    """One invalid input item: where it is, what is wrong and how to fix it."""

    file: str
    row: int | None
    field: str
    value: str
    reason: str
    fix: str
    code: Reason = Reason.OTHER

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "row": self.row,
            "field": self.field,
            "value": self.value,
            "reason": self.reason,
            "fix": self.fix,
            "code": str(self.code),
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Problem:
        code = d.get("code") or Reason.OTHER
        return cls(
            d["file"], d.get("row"), d["field"], d["value"], d["reason"], d["fix"], Reason(code)
        )


def reason_counts(problems: list[Problem]) -> dict[str, int]:
    """``{reason code: count}`` — the head of an ingest report."""
    return dict(Counter(str(p.code) for p in problems).most_common())


@dataclass
class WriteSummary:
    """What one write (or removal) did, per class (nodes) and per relation type."""

    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    rejected: list[Problem] = field(default_factory=list)
    nodes_written: int = 0
    relationships_written: int = 0
    removed: Counter[str] = field(default_factory=Counter)
    filtered: Counter[str] = field(default_factory=Counter)  # "reason" → rows (records loader)
    sources: list[str] = field(default_factory=list)
    #: sources skipped because the graph already holds that exact content (content hash)
    skipped: list[str] = field(default_factory=list)

    def merge(self, other: WriteSummary) -> WriteSummary:
        self.created.update(other.created)
        self.updated.update(other.updated)
        self.unchanged.update(other.unchanged)
        self.removed.update(other.removed)
        self.filtered.update(other.filtered)
        self.rejected.extend(other.rejected)
        self.nodes_written += other.nodes_written
        self.relationships_written += other.relationships_written
        self.sources.extend(other.sources)
        self.skipped.extend(other.skipped)
        return self

    def to_json(self) -> dict[str, Any]:
        return {
            "created": dict(self.created),
            "updated": dict(self.updated),
            "unchanged": dict(self.unchanged),
            "removed": dict(self.removed),
            "filtered": dict(self.filtered),
            "rejected": [p.to_json() for p in self.rejected],
            "rejected_by_reason": reason_counts(self.rejected),
            "nodes_written": self.nodes_written,
            "relationships_written": self.relationships_written,
            "sources": list(self.sources),
            "skipped_unchanged": list(self.skipped),
        }
