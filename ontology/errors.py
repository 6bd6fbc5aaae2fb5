"""The one exception tree of iegraph.

It lives in the lowest package (``ontology``) so every layer can raise and catch it
without importing upward. Driver errors (``neo4j``, ``redis``/``falkordb``) are
translated into these at the store boundary; nothing above ``graph`` sees them.

::

    IegraphError                      every error iegraph raises on purpose
    ├── ConfigError                   bad settings, unwritable data directory
    ├── OntologyError                 the ontology file is broken (file, line, term, fix)
    ├── StoreError                    anything the graph store reports
    │   ├── StoreUnavailable          server down, wrong URI, socket missing
    │   ├── AuthError                 wrong Neo4j credentials
    │   ├── QueryError                malformed Cypher, unknown procedure, bad parameter
    │   ├── ReadOnlyViolation         a write attempted through a read-only entry point
    │   ├── QueryTimeout              the query ran past its time limit
    │   ├── ConstraintViolation       a uniqueness constraint refused a write
    │   ├── Unsupported               an optional operation this backend does not declare
    │   └── StoreBusy                 another writer held the graph's write lock too long
    ├── ValidationError               input records/documents fail validation (carries a report)
    ├── IngestError                   a file cannot be read at all (encoding, binary, empty …)
    └── NotFound                      an entity, path, query or job that does not exist

Every error carries a ``hint`` telling the user what to do next.
"""

from __future__ import annotations

from typing import Any


class IegraphError(Exception):
    """Root of every iegraph error.

    Args:
        message: what went wrong, in one sentence.
        hint: how to fix it.
    """

    #: stable problem ``type`` slug used by the HTTP API (RFC 9457)
    code = "iegraph-error"

    def __init__(self, message: str, *, hint: str | None = None, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.details = details

    def __str__(self) -> str:
        if self.hint:
            return f"{self.message}\nhint: {self.hint}"
        return self.message


class ConfigError(IegraphError):
    code = "config-error"


class OntologyError(IegraphError):
    code = "ontology-error"


class StoreError(IegraphError):
    code = "store-error"


class StoreUnavailable(StoreError):
    code = "store-unavailable"


class AuthError(StoreError):
    code = "store-auth"


class QueryError(StoreError):
    code = "query-error"


class ReadOnlyViolation(QueryError):
    code = "read-only"


class QueryTimeout(StoreError):
    code = "query-timeout"


class ConstraintViolation(StoreError):
    code = "constraint-violation"


class Unsupported(StoreError):
    """An optional store operation (``explain``, ``compact`` …) the backend does not offer;
    callers check ``store.capabilities`` first."""

    code = "unsupported"


class StoreBusy(StoreError):
    code = "store-busy"


class ValidationError(IegraphError):
    code = "validation-error"


class IngestError(IegraphError):
    code = "ingest-error"


class NotFound(IegraphError):
    code = "not-found"
