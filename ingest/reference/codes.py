"""Resolution by official code: an ``moe_code`` or ``adcode`` names one node, whatever the
name beside it says.

The code properties come from the ontology (``iegraph:codeProperty`` on a class: ``moe_code``
for Institution, ``adcode`` for Place), never from this module. Two uses:

* :func:`code_index` — ``{(property, code): key}`` of the graph, in one query per property
  (both are indexed: ``graph.base.BaseStore.index_plan``);
* :func:`key_records_by_code` — the records hook: before a load is validated, every entity
  assertion that carries a code the graph knows gets that node's key (and so does every
  relation end naming it in the same row), so a mapped table with an ``moe_code`` or
  ``adcode`` column resolves directly, even where the name is a former name, a typo or a
  name several places share (朝阳区). A malformed code is a validation problem naming the file,
  row and column.

Example:
    >>> code_index(store, schema)[("moe_code", "4144011113")]
    'institution:深圳职业技术大学'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from iegraph.ingest.writer import Problem, row_of

if TYPE_CHECKING:
    from iegraph.graph.store import GraphStore
    from iegraph.ingest.assertions import EntityAssertion, RelationAssertion
    from iegraph.ontology.schema import Schema

#: nodes carrying a given code property (the property name is checked against the ontology
#: and is an ASCII identifier; values are parameters)
_Q_CODES = "MATCH (n:{label}) WHERE n.{prop} IS NOT NULL RETURN n.{prop}, n.key"


def code_properties(schema: Schema) -> dict[str, str]:
    """``{top-level class: code property}`` from the ontology (``iegraph:codeProperty``)."""
    out: dict[str, str] = {}
    for c in schema.classes.values():
        if c.code_property and c.top == c.name:
            out[c.name] = c.code_property
    return out


def normalise_code(prop: str, value: Any) -> str:
    """The stored form of a code: text; a 2- or 4-digit adcode padded to 6 (37 → 370000)."""
    s = str(value).strip()
    if prop == "adcode" and s.isdigit() and len(s) in (2, 4):
        return s.ljust(6, "0")
    return s


def code_index(store: GraphStore, schema: Schema) -> dict[tuple[str, str], str]:
    """``{(code property, code): node key}`` for every node that carries a code."""
    from iegraph.graph.base import check_ident

    out: dict[tuple[str, str], str] = {}
    for top, prop in code_properties(schema).items():
        q = _Q_CODES.format(label=check_ident(top), prop=check_ident(prop, "property"))
        for code, key in store.run(q).rows:
            if code is not None and key is not None:
                out[(prop, str(code))] = str(key)
    return out


def key_records_by_code(
    store: GraphStore,
    schema: Schema,
    file: str,
    entities: Iterable[EntityAssertion],
    relations: Iterable[RelationAssertion],
    index: dict[tuple[str, str], str] | None = None,
) -> list[Problem]:
    """Give entity assertions (and the relation ends of their rows) the key of the node their
    code names; returns the problems (malformed codes). Assertions without a code, or with a
    code the graph does not know, are left to name resolution."""
    props = code_properties(schema)
    ents = [e for e in entities if e.cls in schema.classes]
    wanted = [(e, props.get(schema.top_of(e.cls))) for e in ents]
    wanted = [(e, p) for e, p in wanted if p and e.props.get(p) not in (None, "")]
    if not wanted:
        return []
    problems: list[Problem] = []
    if index is None:
        index = code_index(store, schema)
    patterns = _patterns(schema)
    keyed: dict[tuple[str, str, str], str | None] = {}  # (locator, top, name) → key
    for e, prop in wanted:
        assert prop is not None
        code = normalise_code(prop, e.props[prop])
        pat = patterns.get((e.cls, prop))
        if pat is not None and not pat.fullmatch(code):
            problems.append(
                Problem(
                    file,
                    row_of(e.evidence.locator),
                    prop,
                    code,
                    f"not a valid {prop}",
                    f"write the code as the ontology's pattern says ({pat.pattern})",
                )
            )
            continue
        e.props[prop] = code
        key = index.get((prop, code))
        if key is None or e.key:
            continue
        e.key = key
        slot = (e.evidence.locator, schema.top_of(e.cls), e.name.strip())
        # two rows' worth of one name in one locator with different codes: no guess
        keyed[slot] = key if keyed.get(slot, key) == key else None
    if keyed:
        for r in relations:
            for ref in (r.start, r.end):
                if ref.key or not ref.cls or ref.cls not in schema.classes:
                    continue
                k = keyed.get((r.evidence.locator, schema.top_of(ref.cls), ref.name.strip()))
                if k:
                    ref.key = k
    return problems


def _patterns(schema: Schema) -> dict[tuple[str, str], re.Pattern[str]]:
    out: dict[tuple[str, str], re.Pattern[str]] = {}
    for c in schema.classes.values():
        for p in c.properties:
            if p.pattern:
                out[(c.name, p.name)] = re.compile(p.pattern.removeprefix("^").removesuffix("$"))
    return out
