"""Partial ISO dates (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``) as the graph stores them.

Sources often give only a year or a month, so ``valid_from`` / ``valid_to`` keep what was
said. Anything that needs a real calendar date (an ``as_of`` filter, Gephi's timeline) widens a
partial date to the interval it denotes: the start of the period for ``valid_from``, the end
for ``valid_to``. Both views and exports use these helpers so that the two agree.

Example:
    >>> period_start("2021")
    '2021-01-01'
    >>> period_end("2024-02")
    '2024-02-29'
    >>> is_valid_at({"valid_from": "2019", "valid_to": "2023-06"}, "2023-06-30")
    True
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from typing import Any

from iegraph.ontology.errors import ValidationError

_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")


def _parts(value: Any) -> tuple[int, int | None, int | None] | None:
    if value is None:
        return None
    text = str(value).strip()
    m = _DATE.match(text)
    if not m:
        return None
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    if month is not None and not 1 <= month <= 12:
        return None
    return year, month, day


def period_start(value: Any) -> str | None:
    """First day of the period a partial date denotes (``None`` when it is not a date)."""
    p = _parts(value)
    if p is None:
        return None
    y, m, d = p
    return f"{y:04d}-{m or 1:02d}-{d or 1:02d}"


def period_end(value: Any) -> str | None:
    """Last day of the period a partial date denotes (``None`` when it is not a date)."""
    p = _parts(value)
    if p is None:
        return None
    y, m, d = p
    if m is None:
        return f"{y:04d}-12-31"
    if d is None:
        d = calendar.monthrange(y, m)[1]
    return f"{y:04d}-{m:02d}-{d:02d}"


def parse_as_of(value: str | None) -> str | None:
    """An ``as_of`` argument as a full date (a bare year means its first day).

    Raises:
        ValidationError: the text is not ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.
    """
    if value is None or str(value).strip() == "":
        return None
    start = period_start(value)
    if start is None or not re.fullmatch(r"\d{4}(-\d{1,2}){0,2}", str(value).strip()):
        raise ValidationError(
            f"as_of {value!r} is not a date",
            hint="write it as YYYY, YYYY-MM or YYYY-MM-DD, e.g. --as-of 2023-06",
        )
    return start


def is_valid_at(props: Mapping[str, Any], as_of: str | None) -> bool:
    """Whether an item with ``valid_from``/``valid_to`` holds on the full date ``as_of``.

    Unknown bounds are open: an item with no dates holds at every time.
    """
    if as_of is None:
        return True
    start = period_start(props.get("valid_from"))
    end = period_end(props.get("valid_to"))
    if start is not None and start > as_of:
        return False
    return not (end is not None and end < as_of)
