"""The ontology's industries as graph nodes.

Industries are both SKOS concepts of the ontology (``IndustryScheme``: the GB/T 4754-2017
sections, the strategic emerging industries and the finer industries of the data) and
``Industry`` entities of the graph that organisations ``FOCUSES_ON``. This module writes the
scheme into the store — one node per industry, keyed like any other entity so records and
documents resolve to it, with every label as an alias and ``BROADER`` relationships for the
hierarchy that the industry queries walk. It goes through the ordinary writer, with the
ontology file as its source, so it is idempotent and carries provenance like everything else.

Example:
    >>> seed_industries(store, load_schema())
    WriteSummary(...)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iegraph.ingest.assertions import (
    EntityAssertion,
    EntityRef,
    Evidence,
    RelationAssertion,
    SourceInfo,
)

if TYPE_CHECKING:
    from iegraph.graph.store import GraphStore
    from iegraph.ingest.writer import WriteSummary
    from iegraph.ontology.schema import Schema

SCHEME = "IndustryScheme"


def industry_assertions(schema: Schema) -> tuple[list[EntityAssertion], list[RelationAssertion]]:
    concepts = {c.id: c for c in schema.concepts_in(SCHEME)}
    ents: list[EntityAssertion] = []
    rels: list[RelationAssertion] = []
    for c in concepts.values():
        name = c.labels["zh-Hans"]
        aliases = [v for lang, v in c.labels.items() if lang != "zh-Hans"]
        for alts in c.alt_labels.values():
            aliases.extend(alts)
        ev = Evidence(locator=f"concept {c.id}", text=f"{name} ({c.labels.get('en', '')})")
        ents.append(
            EntityAssertion(
                cls="Industry",
                name=name,
                evidence=ev,
                aliases=sorted(set(aliases) - {name}),
                props={"concept_id": c.id, "scheme": SCHEME},
            )
        )
        if c.broader and c.broader in concepts:
            parent = concepts[c.broader].labels["zh-Hans"]
            rels.append(
                RelationAssertion(
                    "BROADER",
                    EntityRef(name, "Industry"),
                    EntityRef(parent, "Industry"),
                    Evidence(locator=f"concept {c.id}", text=f"{name} skos:broader {parent}"),
                )
            )
    return ents, rels


def seed_industries(store: GraphStore, schema: Schema) -> WriteSummary:
    """Write the industry taxonomy into the store (idempotent)."""
    from iegraph.ingest.writer import GraphWriter

    ents, rels = industry_assertions(schema)
    source = SourceInfo(
        kind="ontology",
        path="ontology/iegraph.ttl",
        content_hash=schema.source_hash or "0" * 64,
        title="iegraph ontology: industry scheme",
        extractor=f"iegraph.ontology/{schema.version}",
    )
    return GraphWriter(store, schema).write_source(source, ents, rels)
