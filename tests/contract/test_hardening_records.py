"""Issue 14 (hardening), records: a very long name (row 1) and a Latin-1 CSV (row 7)."""

from __future__ import annotations

from pathlib import Path

import pytest

from iegraph.ingest.records import load_records
from iegraph.ontology.errors import IngestError, ValidationError

pytestmark = pytest.mark.parametrize("store", ["embedded", "neo4j"], indirect=True)


def test_row1_overlong_name_is_a_validation_problem(store, schema, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    name = "深圳市某某产教融合实训基地建设有限公司" * 75  # 1,425 characters, a ~4.3 KB key
    f = tmp_path / "orgs.csv"
    f.write_text(f"name,type\n{name},企业\n比亚迪股份有限公司,企业\n", encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        load_records(store, schema, entities=[f])
    probs = [p if isinstance(p, dict) else p.__dict__ for p in info.value.details["problems"]]
    assert any(
        p["row"] == 2 and p["field"] == "name" and "300" in p["reason"] and p["fix"] for p in probs
    ), probs
    assert store.stats()["nodes"] == {}  # nothing written, store up
    res = load_records(store, schema, entities=[f], skip_invalid=True)
    assert res is not None and store.stats()["nodes"].get("Entity", 0) >= 1


def test_row7_latin1_csv_refused_with_a_hint(store, schema, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "ens.csv"
    f.write_bytes("name,type\nÉcole Normale Supérieure,Institution\n".encode("latin-1"))
    with pytest.raises(IngestError) as info:
        load_records(store, schema, entities=[f])
    assert "--encoding" in (info.value.hint or "")
    assert store.stats()["nodes"] == {}
    load_records(store, schema, entities=[f], encoding="latin-1")
    names = [r[0] for r in store.run("MATCH (n:Institution) RETURN n.name").rows]
    assert names == ["École Normale Supérieure"]
