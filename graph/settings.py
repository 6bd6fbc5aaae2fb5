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

    # query guard
    query_timeout: float = 10.0
    row_cap: int = 10_000

    # HTTP API
    api_keys: list[str] = Field(default_factory=list)
    read_requires_key: bool = False
    cors_origins: list[str] = Field(default_factory=list)
    max_upload_bytes: int = 200 * 1024 * 1024


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
