"""The shared value types (ontology.values) and the parsers built on them."""

from __future__ import annotations

import datetime as dt

import pytest

from iegraph.ingest.records.values import date_reason
from iegraph.ingest.records.values import parse_date as parse_cell_date
from iegraph.ingest.writer import check_date as writer_check_date
from iegraph.ontology.errors import QueryError, ValidationError
from iegraph.ontology.values import (
    Identifier,
    PartialDate,
    check_identifier,
    is_identifier,
    parse_date,
)


@pytest.mark.parametrize(
    ("text", "iso", "precision", "start", "end"),
    [
        ("2023", "2023", "year", "2023-01-01", "2023-12-31"),
        ("2023-6", "2023-06", "month", "2023-06-01", "2023-06-30"),
        (" 2024-02 ", "2024-02", "month", "2024-02-01", "2024-02-29"),
        ("2023-6-5", "2023-06-05", "day", "2023-06-05", "2023-06-05"),
        ("2024-02-29", "2024-02-29", "day", "2024-02-29", "2024-02-29"),
    ],
)
def test_partial_date_keeps_its_precision(text, iso, precision, start, end) -> None:  # type: ignore[no-untyped-def]
    d = PartialDate.parse(text)
    assert (d.iso, d.precision) == (iso, precision)
    assert (d.start().isoformat(), d.end().isoformat()) == (start, end)


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("2023-06-31", "(June 2023 has 30 days)"),
        ("2023-02-29", "(February 2023 has 28 days)"),
        ("2023-13", "(month 13 is not 1–12)"),
        ("2023-00-10", "(month 0 is not 1–12)"),
        ("June 2023", ""),
        ("20230", ""),
    ],
)
def test_partial_date_refuses_with_one_message(text, detail) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as err:
        PartialDate.parse(text, what="as_of")
    assert err.value.message == f"as_of must be a date, got {text!r}" + (
        f" {detail}" if detail else ""
    )
    assert "YYYY-MM-DD" in (err.value.hint or "")
    assert PartialDate.try_parse(text) is None


def test_partial_date_from_other_types_and_order() -> None:
    assert PartialDate.parse(2023).iso == "2023"
    assert PartialDate.parse(dt.date(2023, 6, 5)).iso == "2023-06-05"
    with pytest.raises(ValidationError):
        PartialDate.parse(True)
    with pytest.raises(ValidationError):
        PartialDate(2023, 2, 30)
    assert PartialDate.parse("2023") < PartialDate.parse("2023-01") < PartialDate.parse("2023-1-1")
    assert parse_date("2023-6") == "2023-06"


def test_records_and_writer_agree_with_the_value_layer() -> None:
    assert parse_cell_date("2023-6") == "2023-06"
    assert parse_cell_date("2023年6月5日") == "2023-06-05"
    assert parse_cell_date("2023-06-31") is None
    assert parse_cell_date("2023年6月31日") is None
    assert date_reason("2023年6月31日") == "not a date (June 2023 has 30 days)"
    assert date_reason("soon") == "not a date"
    assert writer_check_date("2023-6") == "2023-06"
    assert writer_check_date("2023-06-31") is None


def test_identifier() -> None:
    from pydantic import TypeAdapter
    from pydantic import ValidationError as PydanticError

    assert check_identifier("MEMBER_OF", "relation type") == "MEMBER_OF"
    assert is_identifier("_x1") and not is_identifier("成员") and not is_identifier("1x")
    with pytest.raises(QueryError, match="relation type 'A-B' is not an ASCII identifier"):
        check_identifier("A-B", "relation type")
    ta: TypeAdapter[str] = TypeAdapter(Identifier)
    assert ta.validate_python("Institution") == "Institution"
    with pytest.raises(PydanticError):
        ta.validate_python("学院")
