"""The value types every layer shares: partial dates and ASCII identifiers.

One parser per kind of value, so that records, the writer, named queries, views, the CLI and
the API agree on what a date or an identifier is, and refuse bad ones with the same message.

* :class:`PartialDate` — ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (one-digit months and days
  accepted: ``2023-6`` is ``2023-06``), checked against the calendar (``2023-06-31`` is
  refused), with its precision kept: sources often give only a year or a month.
* :data:`Identifier` — an ASCII identifier (``[A-Za-z_][A-Za-z0-9_]*``): labels, relation
  types and property keys are written into Cypher, where they cannot be parameters, so this
  is checked wherever one is built.

Example:
    >>> d = PartialDate.parse("2023-6")
    >>> str(d), d.precision, d.start().isoformat(), d.end().isoformat()
    ('2023-06', 'month', '2023-06-01', '2023-06-30')
    >>> PartialDate.parse("2023-06-31")
    Traceback (most recent call last):
    ...
    iegraph.ontology.errors.ValidationError: the value must be a date, got '2023-06-31' (June 2023 has 30 days)
    hint: write a date as YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2023, 2023-06 or 2023-06-30
    >>> check_identifier("Institution")
    'Institution'
"""

from __future__ import annotations

import calendar
import datetime as _dt
import functools
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from iegraph.ontology.errors import QueryError, ValidationError

Precision = Literal["year", "month", "day"]

#: the accepted spelling; the calendar is checked after the match
DATE_PATTERN = r"^\d{4}(-\d{1,2}(-\d{1,2})?)?$"
_DATE = re.compile(DATE_PATTERN)
#: the hint every refused date carries
DATE_HINT = "write a date as YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2023, 2023-06 or 2023-06-30"


@functools.total_ordering
@dataclass(frozen=True, slots=True)
class PartialDate:
    """A calendar date known to a year, a month or a day.

    Order is by (year, month, day) with unknown parts first, so ``2023 < 2023-01 < 2023-01-01``.
    Use :meth:`start` / :meth:`end` to compare with full dates.
    """

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        problem = _calendar_problem(self.year, self.month, self.day)
        if problem:
            raise ValidationError(date_message(self.iso, problem), hint=DATE_HINT)

    # -- parsing ------------------------------------------------------------------------------
    @classmethod
    def parse(cls, value: object, *, what: str | None = None) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (surrounding spaces ignored).

        Args:
            value: the text (an ``int`` year and a ``datetime.date`` are taken too).
            what: names the input in the message (``"as_of"``, ``"row 4, valid_from"``).

        Raises:
            ValidationError: not that shape, or not a real date (``2023-13``, ``2023-06-31``).
        """
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, _dt.datetime):
            value = value.date()
        if isinstance(value, _dt.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise ValidationError(date_message(value, None, what), hint=DATE_HINT, field=what)
        text = str(value).strip()
        parts = _split(text)
        if parts is None:
            raise ValidationError(date_message(text, None, what), hint=DATE_HINT, field=what)
        problem = _calendar_problem(*parts)
        if problem:
            raise ValidationError(date_message(text, problem, what), hint=DATE_HINT, field=what)
        return cls(*parts)

    @classmethod
    def try_parse(cls, value: object) -> PartialDate | None:
        """:meth:`parse`, or ``None`` when the value is not a date."""
        try:
            return cls.parse(value)
        except ValidationError:
            return None

    def _sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._sort_key() < other._sort_key()

    # -- views ---------------------------------------------------------------------------------
    @property
    def precision(self) -> Precision:
        if self.month is None:
            return "year"
        return "month" if self.day is None else "day"

    @property
    def iso(self) -> str:
        """Canonical text: ``2023``, ``2023-06`` or ``2023-06-30`` (as the graph stores it)."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def __str__(self) -> str:
        return self.iso

    def start(self) -> _dt.date:
        """First day of the period this date denotes."""
        return _dt.date(self.year, self.month or 1, self.day or 1)

    def end(self) -> _dt.date:
        """Last day of the period this date denotes."""
        if self.month is None:
            return _dt.date(self.year, 12, 31)
        if self.day is None:
            return _dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return _dt.date(self.year, self.month, self.day)

    # -- pydantic: a field typed PartialDate takes text and serialises as its ISO text ----------
    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[Any], handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        def validate(value: object) -> PartialDate:
            try:
                return cls.parse(value)
            except ValidationError as exc:
                # pydantic reports ValueError as a 422 / field error with this text
                raise ValueError(f"{exc.message}; {exc.hint}") from None

        return core_schema.no_info_plain_validator_function(
            validate,
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda d: d.iso, when_used="always"
            ),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {
            "type": "string",
            "pattern": DATE_PATTERN,
            "description": "a date to a year, a month or a day: YYYY, YYYY-MM or YYYY-MM-DD",
            "examples": ["2023", "2023-06", "2023-06-30"],
        }


def _split(text: str) -> tuple[int, int | None, int | None] | None:
    if not _DATE.match(text):
        return None
    parts = [int(p) for p in text.split("-")]
    return (
        parts[0],
        parts[1] if len(parts) > 1 else None,
        parts[2] if len(parts) > 2 else None,
    )


def date_message(value: object, problem: str | None = None, what: str | None = None) -> str:
    """The one wording of a refused date: ``as_of must be a date, got '2023-06-31' (June 2023
    has 30 days)``."""
    detail = f" ({problem})" if problem else ""
    return f"{what or 'the value'} must be a date, got {value!r}{detail}"


def date_refusal(year: int, month: int | None = None, day: int | None = None) -> str | None:
    """Why these parts are not a date (``"not a date (June 2023 has 30 days)"``), or ``None``.

    For parsers of other spellings (``2023年6月31日`` in records) that must refuse with the
    same words as :meth:`PartialDate.parse`.
    """
    problem = _calendar_problem(year, month, day)
    return f"not a date ({problem})" if problem else None


def _calendar_problem(y: int, m: int | None, d: int | None) -> str | None:
    if not 1 <= y <= 9999:
        return f"year {y} is out of range"
    if m is None:
        return "a day needs a month" if d is not None else None
    if not 1 <= m <= 12:
        return f"month {m} is not 1–12"
    if d is None:
        return None
    last = calendar.monthrange(y, m)[1]
    if not 1 <= d <= last:
        return f"{calendar.month_name[m]} {y} has {last} days"
    return None


def parse_date(value: object, *, what: str | None = None) -> str:
    """The canonical ISO text of a partial date (``2023-6`` → ``2023-06``).

    Raises:
        ValidationError: as :meth:`PartialDate.parse`.
    """
    return PartialDate.parse(value, what=what).iso


def check_date(value: object) -> str | None:
    """The canonical ISO text of a partial date, or ``None`` when it is not one."""
    d = PartialDate.try_parse(value)
    return d.iso if d is not None else None


# -- identifiers --------------------------------------------------------------------------------

IDENTIFIER_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*$"
_IDENT = re.compile(IDENTIFIER_PATTERN)


def is_identifier(name: object) -> bool:
    """Whether ``name`` is an ASCII identifier (label, relation type, property key)."""
    return isinstance(name, str) and _IDENT.match(name) is not None


def check_identifier(name: str, what: str = "label") -> str:
    """``name`` if it is an ASCII identifier.

    Labels, relation types and property keys are interpolated into Cypher (they cannot be
    parameters), so they must be plain ASCII identifiers — which the ontology guarantees;
    this is the second lock on the door.

    Raises:
        QueryError: not an identifier.
    """
    if not is_identifier(name):
        raise QueryError(
            f"{what} {name!r} is not an ASCII identifier",
            hint="labels, relation types and property keys are ASCII identifiers "
            "([A-Za-z_][A-Za-z0-9_]*); Chinese stays in values",
        )
    return name


def _identifier(name: str) -> str:
    if not is_identifier(name):
        raise ValueError(f"{name!r} is not an ASCII identifier ([A-Za-z_][A-Za-z0-9_]*)")
    return name


#: a ``str`` field of a pydantic model that must be an ASCII identifier
Identifier = Annotated[str, AfterValidator(_identifier)]


def _date_text(value: str) -> str:
    try:
        return PartialDate.parse(value).iso
    except ValidationError as exc:
        # pydantic (and so FastAPI: a 422 naming the field) reports ValueError with this text
        raise ValueError(f"{exc.message}; {exc.hint}") from None


#: a ``str`` field of a pydantic model (or a FastAPI parameter) holding a partial date in its
#: canonical text (``2023-6`` arrives as ``2023-06``; ``2023-06-31`` is a 422)
DateText = Annotated[str, AfterValidator(_date_text)]
