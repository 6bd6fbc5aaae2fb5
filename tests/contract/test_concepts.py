"""The ontology's industry taxonomy in the graph (both backends)."""

from __future__ import annotations

from iegraph.ingest.concepts import seed_industries


def test_industries_are_seeded_once_with_their_hierarchy(store, schema) -> None:  # type: ignore[no-untyped-def]
    first = seed_industries(store, schema)
    names = {c.labels["zh-Hans"] for c in schema.concepts_in("IndustryScheme")}
    stats = store.stats()
    assert stats["nodes"]["Industry"] == len(names)
    assert first.created["Industry"] == len(names)
    again = seed_industries(store, schema)
    assert sum(again.created.values()) == 0
    assert store.stats() == stats
    res = store.run(
        "MATCH (a:Entity {name: $n})-[:BROADER*1..4]->(b:Entity) RETURN b.name", {"n": "集成电路"}
    )
    assert "新一代信息技术" in {r[0] for r in res.rows}
    node = store.get_node("industry:人工智能")
    assert node is not None
    assert "人工智慧" in node.props["aliases"] or "Artificial intelligence" in node.props["aliases"]
