"""Analytics over the graph: brokers, communities, gaps, city indicators, policy diffusion.

Every number is returned with the relationships (``start|TYPE|end`` keys) and sources it
counts. Network measures run on a projection fetched from either store (igraph + leidenalg,
fixed seed), so both engines give the same answers; counting indicators are named queries
(``queries/named/indicator_*.cypher``) defined once in ``definitions.yaml``.
"""

from __future__ import annotations

from iegraph.queries.analytics.diffusion import diffusion, lag
from iegraph.queries.analytics.gaps import city_gaps
from iegraph.queries.analytics.indicators import (
    Indicator,
    city_indicators,
    definitions_help,
    indicator_definitions,
)
from iegraph.queries.analytics.network import brokers, communities
from iegraph.queries.analytics.projection import fetch_projection, projection_spec

__all__ = [
    "Indicator",
    "brokers",
    "city_gaps",
    "city_indicators",
    "communities",
    "definitions_help",
    "diffusion",
    "fetch_projection",
    "indicator_definitions",
    "lag",
    "projection_spec",
]
