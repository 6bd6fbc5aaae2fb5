"""Mappings: checked against the ontology and the header; rows become assertions."""

from __future__ import annotations

from pathlib import Path

import pytest

from iegraph.ingest.records.load import prepare_table
from iegraph.ingest.records.mapping import parse_mapping
from iegraph.ingest.records.samples import sample_mappings
from iegraph.ontology.errors import IngestError

TABLE = (
    "org,partner,kind,platform,year,conf\n"
    "深圳职业技术学院 (now 深圳职业技术大学),华为技术有限公司; 杭州市经信局 (support),"
    "co-built,鸿蒙产业学院,2023,high\n"
    "(school name masked),京东物流,agreement,,2024-05,low\n"
    "无锡科技职业学院,无锡高新区,agreement,,2022,medium\n"
)

MAPPING = """
table: t.csv
confidence: conf
filters:
  - when: {column: org, matches: '^无锡'}
    reason: test filter
entities:
  school:
    class: {by_suffix: [Institution], default: VocationalCollege}
    name: org
    omit_if_empty: school name masked
  partner:
    class: {by_suffix: [Enterprise, Government, Platform], default: Enterprise}
    name: {column: partner, split: true}
  platform:
    class: {by_suffix: [Platform], default: Platform}
    name: platform
    omit_if_empty: no platform
relations:
  - {type: BUILDS, from: school, to: platform, valid_from: {column: year, date: loose}}
  - {type: BUILDS, from: partner, to: platform, role_types: {support: SUPPORTS}}
  - {type: COOPERATES_WITH, from: school, to: partner, when: {column: platform, empty: true}}
"""


def _write(tmp_path: Path, mapping: str = MAPPING, table: str = TABLE) -> Path:
    (tmp_path / "t.csv").write_text(table, encoding="utf-8")
    m = tmp_path / "m.yaml"
    m.write_text(mapping, encoding="utf-8")
    return m


def test_rows_become_assertions(tmp_path: Path, schema) -> None:  # type: ignore[no-untyped-def]
    prep = prepare_table(None, _write(tmp_path), schema)
    assert prep.problems == []
    school = prep.entities[0]
    assert (school.cls, school.name) == ("VocationalUniversity", "深圳职业技术大学")
    assert school.former_names == [("深圳职业技术学院", None)]
    classes = {e.name: e.cls for e in prep.entities}
    assert classes["杭州市经信局"] == "Bureau"
    assert classes["鸿蒙产业学院"] == "IndustrialCollege"
    rels = {(r.start.name, r.type, r.end.name): r for r in prep.relations}
    assert ("杭州市经信局", "SUPPORTS", "鸿蒙产业学院") in rels  # role → relation type
    assert rels[("杭州市经信局", "SUPPORTS", "鸿蒙产业学院")].props["role"] == "support"
    assert rels[("深圳职业技术大学", "BUILDS", "鸿蒙产业学院")].props["valid_from"] == "2023"
    # the masked school is left out, the rest of its row still loads
    assert ("京东物流" in classes) and prep.filtered["school left out: school name masked"] == 1
    assert prep.filtered["test filter"] == 1
    assert rels[("华为技术有限公司", "BUILDS", "鸿蒙产业学院")].evidence.confidence == 0.9
    assert prep.source.mapping.endswith("m.yaml") and prep.source.extra["row_count"] == 3


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("class: {by_suffix: [Institution], default: VocationalCollege}", None),
        ("class: NoSuchClass", "unknown class"),
    ],
)
def test_unknown_class(tmp_path: Path, schema, bad: str, message: str | None) -> None:  # type: ignore[no-untyped-def]
    m = _write(
        tmp_path,
        MAPPING.replace("class: {by_suffix: [Institution], default: VocationalCollege}", bad, 1),
    )
    if message is None:
        parse_mapping(m, schema)
        return
    with pytest.raises(IngestError, match=message) as exc:
        parse_mapping(m, schema)
    assert "m.yaml" in exc.value.message and "entities.school.class" in exc.value.message


def test_unknown_relation_and_entity(tmp_path: Path, schema) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(IngestError, match="unknown relation type"):
        parse_mapping(
            _write(tmp_path, MAPPING.replace("type: COOPERATES_WITH", "type: LIKES")), schema
        )
    with pytest.raises(IngestError, match="no entity 'nobody'"):
        parse_mapping(
            _write(tmp_path, MAPPING.replace("to: partner, when", "to: nobody, when")), schema
        )


def test_unknown_column(tmp_path: Path, schema) -> None:  # type: ignore[no-untyped-def]
    m = _write(tmp_path, MAPPING.replace("name: platform", "name: platfrom"))
    with pytest.raises(IngestError, match="platfrom") as exc:
        prepare_table(None, m, schema)
    assert "t.csv" in exc.value.message and "the table has" in (exc.value.hint or "")


def test_bad_yaml_and_missing_reason(tmp_path: Path, schema) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(IngestError, match="not valid YAML"):
        parse_mapping(_write(tmp_path, "entities: [\n"), schema)
    with pytest.raises(IngestError, match="needs a reason"):
        parse_mapping(_write(tmp_path, MAPPING.replace("    reason: test filter\n", "")), schema)


def test_every_sample_mapping_parses_and_covers_every_row(schema) -> None:  # type: ignore[no-untyped-def]
    for m in sample_mappings():
        prep = prepare_table(None, m, schema)
        assert prep.problems == [], (m.name, prep.problems[:3])
        assert prep.rows > 0 and prep.entities
