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

from collections.abc import Mapping
from typing import Any

from iegraph.ontology.values import PartialDate


def period_start(value: Any) -> str | None:
    """First day of the period a partial date denotes (``None`` when it is not a date)."""
    d = PartialDate.try_parse(value) if value is not None else None
    return d.start().isoformat() if d is not None else None


def period_end(value: Any) -> str | None:
    """Last day of the period a partial date denotes (``None`` when it is not a date)."""
    d = PartialDate.try_parse(value) if value is not None else None
    return d.end().isoformat() if d is not None else None


def parse_as_of(value: str | PartialDate | None) -> str | None:
    """An ``as_of`` argument as a full date (a bare year or month means its first day).

    Raises:
        ValidationError: not ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, or not a real date
            (the message of :class:`ontology.values.PartialDate`).
    """
    if value is None or str(value).strip() == "":
        return None
    return PartialDate.parse(value, what="as_of").start().isoformat()


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
