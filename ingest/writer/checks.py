"""Value checks against the ontology: dates, datatypes, allowed values, property names.

Each check appends a :class:`~ingest.writer.report.Problem` with its :class:`Reason` and
returns the converted value (or :data:`BAD`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Final

from iegraph.ingest.writer.report import Problem, Reason
from iegraph.ontology.values import check_date as canonical_date

if TYPE_CHECKING:
    from iegraph.ontology.schema import Schema

_LOCATOR_ROW = re.compile(r"row (\d+)")
_PROP_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_INT = re.compile(r"[+-]?\d+")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")

#: node properties the writer derives; anything else on a node comes from entry ``props``
DERIVED: Final = frozenset(
    {
        "key",
        "name",
        "name_norm",
        "class",
        "top",
        "aliases",
        "search_keys",
        "former_names",
        "renamed_from",
        "renamed_on",
        "source_ids",
        "source_urls",
        "evidence",
        "confidence",
    }
)


class _Bad:
    pass


BAD: Final = _Bad()


def row_of(locator: str) -> int | None:
    m = _LOCATOR_ROW.match(locator or "")
    return int(m.group(1)) if m else None


#: text → its canonical date (or None): a load repeats the same few dates across its rows
_DATES: dict[str, str | None] = {}
_DATES_MAX = 50_000


def check_date(value: Any) -> str | None:
    """The ISO date string (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``) or None if not one."""
    if type(value) is not str:
        return canonical_date(value)  # one parser for every layer (ontology.values)
    hit = _DATES.get(value, _DATES)
    if hit is not _DATES:
        return hit  # type: ignore[return-value]
    if len(_DATES) >= _DATES_MAX:
        _DATES.clear()  # bounded: a file of distinct days must not grow it without end
    d = _DATES[value] = canonical_date(value)
    return d


def primitive(v: Any) -> bool:
    return v is None or isinstance(v, str | int | float | bool)


def plain_value(v: Any) -> bool:
    return primitive(v) or (isinstance(v, list) and all(map(primitive, v)))


def convert(v: Any, datatype: str) -> Any:
    """``v`` as the ontology datatype (lossless conversions only), else ValueError."""
    if datatype == "integer":
        if isinstance(v, bool):
            raise ValueError
        if isinstance(v, int):
            return v
        s = str(v).strip().replace(",", "")
        if not _INT.fullmatch(s):
            raise ValueError
        return int(s)
    if datatype == "decimal":
        if isinstance(v, bool):
            raise ValueError
        return float(str(v).strip().replace(",", ""))
    if datatype == "boolean":
        if isinstance(v, bool):
            return v
        s = str(v).strip().lower()
        if s in ("true", "yes", "1", "是", "y"):
            return True
        if s in ("false", "no", "0", "否", "n"):
            return False
        raise ValueError
    if datatype == "anyURI":
        s = str(v).strip()
        if not _SCHEME.match(s):
            raise ValueError
        return s
    if isinstance(v, list):
        return [str(x) for x in v]
    return str(v)


class PropChecker:
    """Entity properties checked against the ontology's datatypes (memoised per class)."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self._defs: dict[str, dict[str, Any]] = {}

    def defs(self, cls: str) -> dict[str, Any]:
        out = self._defs.get(cls)
        if out is None:
            out = {}
            if cls in self.schema.classes:
                for c in reversed(self.schema.ancestors(cls)):
                    for p in self.schema.classes[c].properties:
                        out[p.name] = p
            self._defs[cls] = out
        return out

    def entity_props(
        self, cls: str, props: dict[str, Any], file: str, row: int | None, problems: list[Problem]
    ) -> dict[str, Any]:
        defs = self.defs(cls)
        out: dict[str, Any] = {}
        for k, v in props.items():
            if v is None or v == "" or v == []:
                continue
            if k in DERIVED:
                problems.append(
                    Problem(
                        file,
                        row,
                        k,
                        str(v),
                        f"'{k}' is set by the writer",
                        f"rename the column '{k}'",
                        Reason.RESERVED_PROPERTY,
                    )
                )
                continue
            if not _PROP_NAME.match(k):
                problems.append(
                    Problem(
                        file,
                        row,
                        k,
                        str(v),
                        "property names must be ASCII identifiers",
                        "rename the column (letters, digits, _)",
                        Reason.BAD_PROPERTY_NAME,
                    )
                )
                continue
            if isinstance(v, list | tuple):
                if not all(primitive(x) for x in v):
                    problems.append(nested(file, row, k, v))
                    continue
                v = list(v)
            elif not primitive(v):
                problems.append(nested(file, row, k, v))
                continue
            pd = defs.get(k)
            if k in ("valid_from", "valid_to") or (pd is not None and pd.datatype == "date"):
                d = check_date(v)
                if d is None:
                    problems.append(bad_date(file, row, k, v))
                    continue
                v = d
            elif pd is not None:
                try:
                    v = convert(v, pd.datatype)
                except ValueError:
                    problems.append(
                        Problem(
                            file,
                            row,
                            k,
                            str(v),
                            f"not a {pd.datatype}",
                            f"write a {pd.datatype} value for '{k}'",
                            Reason.BAD_DATATYPE,
                        )
                    )
                    continue
                long_value = too_long(v, pd.max_length)
                if long_value is not None:
                    problems.append(
                        Problem(
                            file,
                            row,
                            k,
                            long_value[:80] + "…",
                            f"text longer than {pd.max_length} characters",
                            f"shorten '{k}' (the ontology's sh:maxLength)",
                            Reason.TOO_LONG,
                        )
                    )
                    continue
                if pd.allowed and str(v) not in pd.allowed:
                    problems.append(
                        Problem(
                            file,
                            row,
                            k,
                            str(v),
                            "value not allowed",
                            f"use one of: {', '.join(pd.allowed)}",
                            Reason.NOT_ALLOWED_VALUE,
                        )
                    )
                    continue
            out[k] = v
        return out

    def relation_props(
        self, props: dict[str, Any], file: str, row: int | None, problems: list[Problem]
    ) -> dict[str, Any] | _Bad:
        out: dict[str, Any] = {}
        bad = False
        for k, v in props.items():
            if v is None or v == "":
                continue
            if k in ("valid_from", "valid_to"):
                d = check_date(v)
                if d is None:
                    problems.append(bad_date(file, row, k, v))
                    bad = True
                    continue
                v = d
            elif not plain_value(v):
                problems.append(nested(file, row, k, v))
                bad = True
                continue
            out[k] = v
        return BAD if bad else out


def nested(file: str, row: int | None, k: str, v: Any) -> Problem:
    return Problem(
        file,
        row,
        k,
        str(v)[:80],
        "nested value",
        "use text, numbers or a list of them",
        Reason.NESTED_VALUE,
    )


def bad_date(file: str, row: int | None, k: str, v: Any) -> Problem:
    return Problem(
        file, row, k, str(v), "not a date", "write YYYY, YYYY-MM or YYYY-MM-DD", Reason.BAD_DATE
    )


def bad_confidence(file: str, row: int | None, conf: float) -> Problem:
    return Problem(
        file,
        row,
        "confidence",
        str(conf),
        "confidence outside 0..1",
        "write a number 0..1",
        Reason.BAD_CONFIDENCE,
    )


def too_long(v: Any, max_length: int | None) -> str | None:
    """The first text value (of ``v`` or its list) over ``max_length`` characters, if any."""
    if max_length is None:
        return None
    for x in v if isinstance(v, list) else (v,):
        if isinstance(x, str) and len(x) > max_length:
            return x
    return None


class AllowedPairs:
    """``schema.allows(rel, src, dst)`` memoised: a load asks the same few class pairs again and
    again (unknown classes are not allowed)."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self._hit: dict[tuple[str, str, str], bool] = {}

    def __call__(self, rel: str, src: str, dst: str) -> bool:
        k = (rel, src, dst)
        hit = self._hit.get(k)
        if hit is None:
            s = self.schema
            hit = self._hit[k] = src in s.classes and dst in s.classes and s.allows(rel, src, dst)
        return hit
