"""Property columns shared by the tabular and XML formats: one type per property name.

GraphML, GEXF and neo4j-admin CSV declare one type per attribute, while a property graph lets
two nodes hold different types under one name. Each property name gets the narrowest type that
fits every value seen; lists keep their element type where the format has arrays (CSV) and
become JSON text where it has none (GraphML, GEXF), so nothing is lost and a reader can decode
them (``json.loads``).

Example:
    >>> infer_columns([{"a": 1, "b": ["x"]}, {"a": 2.5}])
    {'a': 'double', 'b': 'string[]'}
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

_SCALAR_ORDER = ("boolean", "long", "double", "string")


def scalar_type(v: Any) -> str:
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "long"
    if isinstance(v, float):
        return "double"
    return "string"


def _join(a: str | None, b: str) -> str:
    if a is None or a == b:
        return b
    if {a, b} == {"long", "double"}:
        return "double"
    return "string"


def infer_columns(rows: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Property name → ``boolean|long|double|string`` or the same with ``[]`` for lists."""
    kinds: dict[str, str | None] = {}
    is_list: dict[str, bool | None] = {}
    for row in rows:
        for k, v in row.items():
            if v is None:
                continue
            if isinstance(v, list | tuple):
                elem = None
                for x in v:
                    elem = _join(elem, scalar_type(x)) if x is not None else elem
                prev_list = is_list.get(k)
                if prev_list is False:
                    kinds[k] = "string"
                    is_list[k] = False  # mixed list / scalar: the column is JSON text
                    continue
                is_list[k] = True
                kinds[k] = _join(kinds.get(k), elem) if elem else (kinds.get(k) or None)
            else:
                if is_list.get(k) is True:
                    is_list[k] = False
                    kinds[k] = "string"
                    continue
                is_list[k] = False
                kinds[k] = _join(kinds.get(k), scalar_type(v))
    out: dict[str, str] = {}
    for k, kind in kinds.items():
        base = kind or "string"
        out[k] = base + "[]" if is_list.get(k) else base
    return out


def flat_value(v: Any, col_type: str) -> Any:
    """A value for a format without arrays: lists and mixed values as JSON text."""
    if v is None:
        return None
    if isinstance(v, list | tuple) or col_type.endswith("[]"):
        return json.dumps(list(v) if isinstance(v, list | tuple) else [v], ensure_ascii=False)
    if col_type == "string" and not isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if col_type == "double" and isinstance(v, int) and not isinstance(v, bool):
        return float(v)
    return v


def flat_type(col_type: str) -> type:
    """The Python type networkx writes for a column of a format without arrays."""
    if col_type.endswith("[]"):
        return str
    return {"boolean": bool, "long": int, "double": float}.get(col_type, str)
