"""A Cypher script that recreates a subgraph in Neo4j (cypher-shell, Browser, driver); re-runnable.

One statement per line, each ending in ``;``, so the script runs in ``cypher-shell -f`` and can
be split by line. It is parameter-free — every value is a literal — so escaping is the whole
game: strings are single-quoted with backslash, quote, line breaks and every control character
escaped (``\\uXXXX``); property keys are backtick-quoted; labels and relation types are checked
to be ASCII identifiers (they come from the ontology, never from text) before they are written.
Every node carries the label ``Entity`` (the graph model's root). Nodes are ``MERGE``d on
``Entity.key`` and relationships on (start, type, end), in ``UNWIND`` batches of literal maps
grouped by label set and by type, after a uniqueness constraint (``IF NOT EXISTS``) on
``Entity.key`` that makes every ``MERGE`` and ``MATCH`` an index lookup. ``SET n = row``
replaces the properties with the exported ones, so replaying the script into a database that
already holds the data changes nothing, and replaying it after the data changed brings the
exported nodes and relationships back to their exported state.

Example:
    >>> print(to_cypher(sub).splitlines()[1])
    CREATE CONSTRAINT iegraph_entity_key IF NOT EXISTS FOR (n:Entity) REQUIRE n.key IS UNIQUE;
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

from iegraph.graph.model import Subgraph
from iegraph.ontology.errors import ValidationError
from iegraph.ontology.values import is_identifier

BATCH = 200
_ESCAPES = {
    "\\": "\\\\",
    "'": "\\'",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}


def cypher_string(text: str) -> str:
    """A single-quoted Cypher string literal for any text."""
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 or ch in "\u2028\u2029":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "'" + "".join(out) + "'"


def cypher_literal(v: Any) -> str:
    """A Cypher literal for a property value (primitives and lists of primitives)."""
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v) or math.isinf(v):
            raise ValidationError(
                f"property value {v!r} has no Cypher literal", hint="store a finite number or null"
            )
        return repr(v)
    if isinstance(v, list | tuple):
        return "[" + ", ".join(cypher_literal(x) for x in v) + "]"
    if isinstance(v, dict):
        return cypher_map(v)
    return cypher_string(str(v))


def cypher_key(name: str) -> str:
    return "`" + str(name).replace("`", "``") + "`"


def cypher_map(props: dict[str, Any]) -> str:
    return (
        "{"
        + ", ".join(
            f"{cypher_key(k)}: {cypher_literal(v)}" for k, v in props.items() if v is not None
        )
        + "}"
    )


def _ident(name: str, what: str) -> str:
    if not is_identifier(name):
        raise ValidationError(
            f"{what} {name!r} is not an ASCII identifier",
            hint="labels and relation types come from the ontology",
        )
    return name


def to_cypher(sub: Subgraph) -> str:
    """The script (text); see the module docstring."""
    lines = [
        (
            f"// iegraph export: {len(sub.nodes)} nodes, {len(sub.relationships)} relationships. "
            "Re-runnable (MERGE on the key): cypher-shell -f this-file.cypher"
        ),
        (
            "CREATE CONSTRAINT iegraph_entity_key IF NOT EXISTS FOR (n:Entity) "
            "REQUIRE n.key IS UNIQUE;"
        ),
    ]
    by_labels: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for n in sub.nodes:
        labels = tuple(_ident(lb, "label") for lb in n.labels if lb != "Entity")
        props = {**n.props, "key": n.key}
        by_labels[labels].append(cypher_map(props))
    for labels, maps in by_labels.items():
        extra = "".join(f":{lb}" for lb in labels)
        set_labels = f" SET n{extra}" if extra else ""
        for i in range(0, len(maps), BATCH):
            lines.append(
                f"UNWIND [{', '.join(maps[i : i + BATCH])}] AS row "
                f"MERGE (n:Entity {{key: row.key}}) SET n = row{set_labels};"
            )
    by_type: dict[str, list[str]] = defaultdict(list)
    for r in sub.relationships:
        t = _ident(r.type, "relation type")
        by_type[t].append(
            "{s: "
            + cypher_string(r.start)
            + ", e: "
            + cypher_string(r.end)
            + ", p: "
            + cypher_map(r.props)
            + "}"
        )
    for t, maps in by_type.items():
        for i in range(0, len(maps), BATCH):
            lines.append(
                f"UNWIND [{', '.join(maps[i : i + BATCH])}] AS row "
                "MATCH (a:Entity {key: row.s}) MATCH (b:Entity {key: row.e}) "
                f"MERGE (a)-[r:{t}]->(b) SET r = row.p;"
            )
    return "\n".join(lines) + "\n"


def split_statements(script: str) -> list[str]:
    """The statements of a script written by :func:`to_cypher` (comments dropped)."""
    return [
        ln.rstrip().removesuffix(";")
        for ln in script.splitlines()
        if ln.strip() and not ln.lstrip().startswith("//")
    ]
