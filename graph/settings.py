"""All settings in one typed class (environment prefix ``IEGRAPH_``; Neo4j's own names).

Example:
    >>> from iegraph.graph.settings import get_settings
    >>> get_settings().backend
    'embedded'
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("iegraph", appauthor=False))


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="IEGRAPH_", extra="ignore", populate_by_name=True)

    backend: Literal["embedded", "neo4j"] = "embedded"
    data_dir: Path = Field(default_factory=_default_data_dir)
    graph_name: str = "iegraph"

    neo4j_uri: str = Field(
        "bolt://127.0.0.1:7687", validation_alias=AliasChoices("NEO4J_URI", "IEGRAPH_NEO4J_URI")
    )
    neo4j_username: str = Field(
        "neo4j", validation_alias=AliasChoices("NEO4J_USERNAME", "IEGRAPH_NEO4J_USERNAME")
    )
    neo4j_password: str = Field(
        "", validation_alias=AliasChoices("NEO4J_PASSWORD", "IEGRAPH_NEO4J_PASSWORD")
    )
    neo4j_database: str = Field(
        "neo4j", validation_alias=AliasChoices("NEO4J_DATABASE", "IEGRAPH_NEO4J_DATABASE")
    )

    # query limits (graph/limits.py; enforced by the engines)
    query_timeout: float = 10.0
    row_cap: int = 10_000
    #: most memory one query may use, MiB (FalkorDB QUERY_MEM_CAPACITY)
    query_memory_mb: int = 512
    #: no query runs longer than this, whatever a caller asks (FalkorDB TIMEOUT_MAX)
    query_timeout_max: float = 300.0
    #: queries waiting for an engine thread before new ones are refused (MAX_QUEUED_QUERIES)
    max_queued_queries: int = 64
    #: engine threads of the embedded server (load time; 0 = max(4, 2 x cores))
    store_threads: int = 0
    #: ad-hoc Cypher queries one API process runs at once; more wait (fair share)
    max_concurrent_cypher: int = 2

    # HTTP API
    api_keys: list[str] = Field(default_factory=list)
    read_requires_key: bool = False
    cors_origins: list[str] = Field(default_factory=list)
    max_upload_bytes: int = 200 * 1024 * 1024
    #: Host header values the API answers (DNS-rebinding defence); "*" allows any
    allowed_hosts: list[str] = Field(
        default_factory=lambda: ["localhost", "127.0.0.1", "::1", "[::1]", "testserver"]
    )
    #: largest input file the loaders read, bytes (documents and tables)
    max_file_bytes: int = 200 * 1024 * 1024


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
