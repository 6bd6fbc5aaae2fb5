"""All settings in one typed class, a section per concern; the only reader of the environment.

Every variable keeps the name users already set: ``IEGRAPH_<FIELD>`` for iegraph's own settings
and Neo4j's own names for the connection (``NEO4J_URI``, ``NEO4J_USERNAME``,
``NEO4J_PASSWORD``, ``NEO4J_DATABASE``). Each section is a ``pydantic-settings`` class that reads
its own fields; :class:`Settings` bundles them:

================  ==========================================================================
section           fields (environment variable ``IEGRAPH_`` + upper-case field name)
================  ==========================================================================
``store``         backend, data_dir, graph_name, neo4j_uri/username/password/database
``query``         query_timeout, row_cap, query_memory_mb, query_timeout_max,
                  max_queued_queries, store_threads, max_concurrent_cypher (graph/limits.py)
``api``           api_keys, read_requires_key, cors_origins, max_upload_bytes, allowed_hosts,
                  workers
``ingest``        records_max_bytes
``runtime``       cache_dir (compiled-ontology cache), debug (keep tracebacks)
================  ==========================================================================

Nothing else in the code reads ``os.environ``: code that needs a setting takes a
:class:`Settings` (or one section) as an argument, or asks :func:`get_settings`.

Example:
    >>> from iegraph.ontology.settings import Settings, get_settings
    >>> get_settings().store.backend
    'embedded'
    >>> Settings(backend="neo4j", query_timeout=5).query.query_timeout   # flat overrides
    5.0
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import AliasChoices, BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

_SECTION_CONFIG = SettingsConfigDict(env_prefix="IEGRAPH_", extra="forbid", populate_by_name=True)

Backend = Literal["embedded", "neo4j"]


def _default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("iegraph", appauthor=False))


def _default_cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir("iegraph")) / "ontology"


class StoreSettings(BaseSettings):
    """Which engine, where its data lives, and Neo4j's connection (Neo4j's own names)."""

    model_config = _SECTION_CONFIG

    backend: Backend = "embedded"
    data_dir: Path = Field(default_factory=_default_data_dir)
    graph_name: str = "iegraph"

    neo4j_uri: str = Field(
        default="bolt://127.0.0.1:7687",
        validation_alias=AliasChoices("NEO4J_URI", "IEGRAPH_NEO4J_URI"),
    )
    neo4j_username: str = Field(
        default="neo4j", validation_alias=AliasChoices("NEO4J_USERNAME", "IEGRAPH_NEO4J_USERNAME")
    )
    neo4j_password: str = Field(
        default="", validation_alias=AliasChoices("NEO4J_PASSWORD", "IEGRAPH_NEO4J_PASSWORD")
    )

    @field_validator("data_dir")
    @classmethod
    def _absolute(cls, v: Path) -> Path:
        # one server per data directory: the same directory must have one spelling
        return v.expanduser().resolve()

    neo4j_database: str = Field(
        default="neo4j", validation_alias=AliasChoices("NEO4J_DATABASE", "IEGRAPH_NEO4J_DATABASE")
    )


class QuerySettings(BaseSettings):
    """Limits of the query guard (ad-hoc Cypher, named queries, paths)."""

    model_config = _SECTION_CONFIG

    query_timeout: float = 10.0
    row_cap: int = 10_000
    #: most memory one query may use, MiB (FalkorDB QUERY_MEM_CAPACITY; graph/limits.py)
    query_memory_mb: int = 512
    #: no query runs longer than this, whatever a caller asks (FalkorDB TIMEOUT_MAX)
    query_timeout_max: float = 300.0
    #: queries waiting for an engine thread before new ones are refused (MAX_QUEUED_QUERIES)
    max_queued_queries: int = 64
    #: engine threads of the embedded server (load time; 0 = max(4, 2 x cores))
    store_threads: int = 0
    #: ad-hoc Cypher queries one process runs at once; more wait (fair share)
    max_concurrent_cypher: int = 2


class ApiSettings(BaseSettings):
    """The HTTP API: keys, CORS, upload size."""

    model_config = _SECTION_CONFIG

    api_keys: list[str] = Field(default_factory=list)
    read_requires_key: bool = False
    cors_origins: list[str] = Field(default_factory=list)
    max_upload_bytes: int = 200 * 1024 * 1024
    #: Host header values the API answers (DNS-rebinding defence); "*" allows any.
    #: "testserver" is the name Starlette's TestClient sends; it never resolves in DNS.
    allowed_hosts: list[str] = Field(
        default_factory=lambda: ["localhost", "127.0.0.1", "::1", "testserver"]
    )
    #: worker processes of ``iegraph serve`` (above 1, job records are shared through the
    #: data directory); the command's ``--workers`` sets it for the workers it starts
    workers: int = 1


class IngestSettings(BaseSettings):
    """Ingestion limits."""

    model_config = _SECTION_CONFIG

    #: records files above this many bytes are refused (validation holds every row in memory)
    records_max_bytes: int = 512 * 1024 * 1024


class RuntimeSettings(BaseSettings):
    """Process-wide switches: the compiled-ontology cache and debugging."""

    model_config = _SECTION_CONFIG

    cache_dir: Path = Field(default_factory=_default_cache_dir)
    #: let unexpected exceptions keep their traceback (CLI, document batches)
    debug: bool = False


_SECTIONS: dict[str, type[BaseSettings]] = {
    "store": StoreSettings,
    "query": QuerySettings,
    "api": ApiSettings,
    "ingest": IngestSettings,
    "runtime": RuntimeSettings,
}


def _section_of(name: str) -> str | None:
    for section, cls in _SECTIONS.items():
        if name in cls.model_fields:
            return section
    return None


class Settings(BaseModel):
    """Every setting, by section. Sections not given are read from the environment.

    Flat keyword arguments are routed to their section, so ``Settings(backend="neo4j")`` is
    ``Settings(store=StoreSettings(backend="neo4j"))`` with every other field from the
    environment. Unknown names are refused.
    """

    model_config = ConfigDict(frozen=True)

    store: StoreSettings = Field(default_factory=StoreSettings)
    query: QuerySettings = Field(default_factory=QuerySettings)
    api: ApiSettings = Field(default_factory=ApiSettings)
    ingest: IngestSettings = Field(default_factory=IngestSettings)
    runtime: RuntimeSettings = Field(default_factory=RuntimeSettings)

    @model_validator(mode="before")
    @classmethod
    def _route_flat_fields(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        out: dict[str, Any] = {}
        flat: dict[str, dict[str, Any]] = {}
        for key, value in data.items():
            if key in _SECTIONS:
                out[key] = value
                continue
            section = _section_of(key)
            if section is None:
                raise ValueError(
                    f"unknown setting {key!r}; the settings are: "
                    + ", ".join(sorted(f for c in _SECTIONS.values() for f in c.model_fields))
                )
            flat.setdefault(section, {})[key] = value
        for section, values in flat.items():
            given = out.get(section)
            if isinstance(given, BaseModel):
                out[section] = given.model_copy(update=values)
            else:
                # the section class's own constructor: the rest of its fields from the env
                out[section] = _SECTIONS[section](**{**(given or {}), **values})
        for section, value in list(out.items()):
            if isinstance(value, dict):
                out[section] = _SECTIONS[section](**value)
        return out

    def with_overrides(self, **values: Any) -> Settings:
        """A copy with some fields changed, given flat (``backend="neo4j"``); ``None`` values
        are ignored, so command-line options that were not given change nothing."""
        by_section: dict[str, dict[str, Any]] = {}
        for key, value in values.items():
            if value is None:
                continue
            section = _section_of(key)
            if section is None:
                raise ValueError(f"unknown setting {key!r}")
            by_section.setdefault(section, {})[key] = value
        if not by_section:
            return self
        update: dict[str, Any] = {}
        for section, vals in by_section.items():
            current: BaseSettings = getattr(self, section)
            # validate the new values through the section's model (types, literals)
            merged = {**current.model_dump(), **vals}
            update[section] = type(current).model_validate(merged)
        return self.model_copy(update=update)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process, read from the environment once."""
    return Settings()
