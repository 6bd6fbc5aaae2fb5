"""Issue 14 (hardening), row 13: contradictory facts are kept with their sources and listed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from iegraph.ingest.records import load_records
from iegraph.queries.conflicts import find_conflicts

pytestmark = pytest.mark.parametrize("store", ["embedded", "neo4j"], indirect=True)


def test_row13_conflicting_places_and_dates_are_listed(store, schema, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a = tmp_path / "a.csv"
    a.write_text(
        "name,type,place,founded\n比亚迪股份有限公司,企业,深圳市,1995\n"
        "华为技术有限公司,企业,深圳市,1987\n",
        encoding="utf-8",
    )
    b = tmp_path / "b.csv"
    b.write_text(
        "name,type,place,founded\n比亚迪股份有限公司,企业,合肥市,2003\n"
        "华为技术有限公司,企业,广东省,1987\n",
        encoding="utf-8",
    )
    rel = tmp_path / "r.csv"
    rel.write_text(
        "source,type,target,source_type,target_type\n深圳市,PART_OF,广东省,City,Province\n",
        encoding="utf-8",
    )
    load_records(store, schema, entities=[a])
    assert find_conflicts(store, schema) == []
    res = load_records(store, schema, entities=[b], relations=[rel])
    found = {(c.name, c.field): c for c in find_conflicts(store, schema)}
    # 1995 vs 2003, each with its file and row; the graph still holds both sources' values
    founded = found[("比亚迪股份有限公司", "founded")]
    by_value = {str(v.value): v for v in founded.values}
    assert set(by_value) == {"1995", "2003"}
    assert by_value["1995"].names == ["a.csv"] and by_value["1995"].locators == ["row 2"]
    assert by_value["2003"].names == ["b.csv"]
    # 深圳市 and 合肥市 contradict; 深圳市 and 广东省 do not (深圳市 is PART_OF 广东省)
    places = found[("比亚迪股份有限公司", "LOCATED_IN")]
    assert {v.value for v in places.values} == {"place:深圳市", "place:合肥市"}
    assert all(v.sources and v.locators for v in places.values)
    assert ("华为技术有限公司", "LOCATED_IN") not in found
    assert ("华为技术有限公司", "founded") not in found  # the same value twice agrees
    # only the conflicts a given load touched
    srcs = [f["source"] for f in res.files]
    assert {(c.name, c.field) for c in find_conflicts(store, schema, sources=srcs)} == set(found)
    json.dumps([c.to_json() for c in found.values()], ensure_ascii=False)
