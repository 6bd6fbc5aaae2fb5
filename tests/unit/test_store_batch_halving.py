"""A write batch the server refuses as too large for one transaction (its per-transaction
memory limit, as Neo4j's db.memory.transaction.max) is halved and sent again, and later
batches keep the smaller size; nothing is lost or written twice. The store's statement runner
here is a stand-in that refuses more than a set number of rows (the real server's refusal is
tested against Neo4j in tests/contract/test_store_contract.py)."""

from __future__ import annotations

from typing import Any

import pytest

from iegraph.graph.base import BaseStore
from iegraph.graph.model import NodeRecord, RelRecord, Result
from iegraph.ontology.errors import QueryTooLarge


class _Refusing(BaseStore):
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.sent: list[int] = []
        self.rows: list[Any] = []
        self.refused = 0

    def _run(
        self, query: str, params: dict[str, Any], *, write: bool, timeout: float | None
    ) -> Result:
        rows = params["rows"]
        if len(rows) > self.limit:
            self.refused += 1
            raise QueryTooLarge("the query needed more memory than one transaction may use")
        self.sent.append(len(rows))
        self.rows.extend(rows)
        return Result(columns=["n"], rows=[[len(rows)]])


def test_a_refused_batch_is_halved_and_nothing_is_lost_or_doubled() -> None:
    s = _Refusing(limit=300)
    nodes = [NodeRecord(f"k{i}", ("Institution",), {"name": f"n{i}"}) for i in range(1000)]
    assert s.create_nodes(nodes, batch_size=1000) == 1000
    assert [r["key"] for r in s.rows] == [f"k{i}" for i in range(1000)]
    assert max(s.sent) <= 300 and s.sent[0] == 250  # 1000 → 500 → 250, then kept
    rels = [RelRecord("COOPERATES_WITH", f"k{i}", f"k{i + 1}", {}) for i in range(999)]
    s.rows.clear()
    s.refused = 0
    assert s.create_relationships(rels, batch_size=999) == 999
    assert s.refused == 0  # the size the server accepted is where the next call starts
    assert [(r["s"], r["e"]) for r in s.rows] == [(f"k{i}", f"k{i + 1}") for i in range(999)]


def test_one_row_too_large_is_the_error_it_was() -> None:
    s = _Refusing(limit=0)
    with pytest.raises(QueryTooLarge):
        s.create_nodes([NodeRecord("k", ("Institution",), {"name": "n"})], batch_size=8)
