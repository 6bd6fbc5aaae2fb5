"""Cell cleaning: dates, confidence words, splitting, remarks in parentheses."""

from __future__ import annotations

import pytest

from iegraph.ingest.records.values import (
    DEFAULT_REMARK_RULES,
    RemarkRule,
    apply_remark_rules,
    parse_confidence,
    parse_date,
    split_remark,
    split_values,
)


@pytest.mark.parametrize(
    ("raw", "loose", "iso"),
    [
        ("2023", False, "2023"),
        ("2023-4", False, "2023-04"),
        ("2023/04/18", False, "2023-04-18"),
        ("2023年4月18日", False, "2023-04-18"),
        ("2023-13", False, None),
        ("reported 2022-07-29", False, None),
        ("(reported 2022-07-29)", True, "2022-07-29"),
        ("2021-07 (reported 2021-07-27)", True, "2021-07"),
        ("03-07 (year not in excerpt)", True, None),
        ("", True, None),
    ],
)
def test_parse_date(raw: str, loose: bool, iso: str | None) -> None:
    assert parse_date(raw, loose) == iso


def test_confidence_words_and_numbers() -> None:
    assert parse_confidence("high") == 0.9
    assert parse_confidence("LOW") == 0.3
    assert parse_confidence("0.75") == 0.75
    assert parse_confidence("sure") is None


def test_split_keeps_separators_inside_brackets() -> None:
    assert split_values("江苏省教育厅; 江苏省工业和信息化厅 (指导)") == [
        "江苏省教育厅",
        "江苏省工业和信息化厅 (指导)",
    ]
    assert split_values("a (x; y); b") == ["a (x; y)", "b"]
    assert split_values("软件/信息技术", r"\s*/\s*") == ["软件", "信息技术"]


@pytest.mark.parametrize(
    ("value", "main", "remark"),
    [
        ("深圳职业技术学院 (now 深圳职业技术大学)", "深圳职业技术学院", "now 深圳职业技术大学"),
        ("达利(中国)有限公司", "达利(中国)有限公司", None),  # brackets of the name stay
        (
            "广西科技大学智能车辆(制造)与新能源汽车产业学院",
            "广西科技大学智能车辆(制造)与新能源汽车产业学院",
            None,
        ),
        ("(school name masked; 辽宁)", "", "school name masked; 辽宁"),
        ("TCL科技集团股份有限公司 （理事长）", "TCL科技集团股份有限公司", "理事长"),
    ],
)
def test_split_remark(value: str, main: str, remark: str | None) -> None:
    assert split_remark(value) == (main, remark)


def test_remark_rules() -> None:
    r = apply_remark_rules("深圳职业技术学院", "now 深圳职业技术大学")
    assert (r.name, r.former) == ("深圳职业技术大学", ["深圳职业技术学院"])
    r = apply_remark_rules("德州职业技术学院", "德州职院")
    assert r.aliases == ["德州职院"] and r.name == "德州职业技术学院"
    r = apply_remark_rules("一汽红旗制造中心", "中国一汽")  # not an abbreviation: a note
    assert r.aliases == [] and r.note == "中国一汽"
    r = apply_remark_rules("5720工厂", "理事长单位")
    assert r.role == "理事长单位"
    r = apply_remark_rules("X联合体", "also called Y联合体")
    assert r.aliases == ["Y联合体"]
    custom = (RemarkRule(r"^(?P<name>食品学院)$", "alias"), *DEFAULT_REMARK_RULES)
    assert apply_remark_rules("北大荒学院", "食品学院", custom).aliases == ["食品学院"]
