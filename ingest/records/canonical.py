"""Canonical entity and relation files (CSV with a header, or JSON Lines).

Entities — required ``name``, ``type`` (a class name or any label: ``VocationalCollege``,
高职院校); optional ``key``, ``aliases`` (``|``-separated), ``place`` (→ ``LOCATED_IN`` a
Place), ``industry`` (→ ``FOCUSES_ON`` Industry nodes; ``;``, ``、`` or ``/`` separated),
``valid_from``, ``valid_to`` (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``), ``source_url``,
``confidence``; every other column becomes a property, checked by the writer against the
ontology's datatype where it declares one.

Relations — required ``source``, ``type``, ``target`` (ends by key, name or alias);
optional ``source_type``, ``target_type`` (then an unknown end is created), ``valid_from``,
``valid_to``, ``source_url``, ``confidence``, ``evidence`` (the supporting text).

Example:
    >>> parsed = parse_entities(read_table("orgs.csv"), load_schema())
    >>> parsed.entities[0].cls, parsed.problems
    ('VocationalCollege', [])
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from iegraph.ingest.assertions import EntityAssertion, EntityRef, Evidence, RelationAssertion
from iegraph.ingest.records.io import Table, ragged_problem
from iegraph.ingest.records.values import (
    CONFIDENCE_HINT,
    confidence_cell,
    date_reason,
    parse_date,
)
from iegraph.ingest.writer import Problem
from iegraph.ontology.errors import IngestError
from iegraph.ontology.values import DATE_HINT

if TYPE_CHECKING:
    from iegraph.ontology.schema import Schema

ENTITY_REQUIRED = ("name", "type")
ENTITY_KNOWN = (
    "name",
    "type",
    "key",
    "aliases",
    "place",
    "industry",
    "valid_from",
    "valid_to",
    "source_url",
    "confidence",
    "evidence",
)
RELATION_REQUIRED = ("source", "type", "target")
RELATION_KNOWN = (
    "source",
    "type",
    "target",
    "source_type",
    "target_type",
    "valid_from",
    "valid_to",
    "source_url",
    "confidence",
    "evidence",
)
_INDUSTRY_SPLIT = re.compile(r"\s*[;；、/]\s*")
_KEY = re.compile(r"^[a-z_]+:\S")


@dataclass
class Parsed:
    entities: list[EntityAssertion] = field(default_factory=list)
    relations: list[RelationAssertion] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rows: int = 0


def _require(table: Table, required: tuple[str, ...], what: str) -> None:
    if table.format in ("json", "jsonl") and not table.columns:
        return  # JSON objects are checked row by row
    missing = [c for c in required if c not in table.columns]
    if missing:
        raise IngestError(
            f"{table.path}: missing required column(s) {', '.join(missing)} for {what}",
            hint=f"{what} need the columns {', '.join(required)}; the file has "
            f"{', '.join(table.columns) or 'no header'}",
            file=table.path,
            field=", ".join(missing),
        )


def _s(v: Any) -> str:
    return "" if v is None else (v if isinstance(v, str) else str(v)).strip()


def _text(row: dict[str, Any]) -> str:
    """A row without an evidence cell as its evidence text: its non-empty cells as
    ``column=value``, joined by ``; `` (at most 400 characters)."""
    t = "; ".join([f"{k}={v}" for k, v in row.items() if v not in (None, "") and k[0] != "_"])
    return _clip(t)


def _clip(t: str) -> str:
    return t if len(t) <= 400 else t[:399] + "…"


def rows_text(columns: Sequence[str]) -> Callable[[Sequence[Sequence[str]]], list[str]]:
    """:func:`_text` of each row of a chunk given as its columns (``cells[i]``: the chunk's
    cells of ``columns[i]``; columns named ``_…`` left out, as there). Rows with every cell
    filled — nearly all — are formatted by one ``str.format`` each, through ``map``; the
    others are joined cell by cell."""
    keep = [i for i, c in enumerate(columns) if c[:1] != "_"]
    heads = [f"{columns[i]}=" for i in keep]
    fmt = "; ".join(h.replace("{", "{{").replace("}", "}}") + "{}" for h in heads)

    def texts(cells: Sequence[Sequence[str]]) -> list[str]:
        kept = [cells[i] for i in keep]
        if not kept:
            return [""] * (len(cells[0]) if cells else 0)
        out = list(map(fmt.format, *kept))
        gaps: set[int] = set()
        for col in kept:
            if "" in col:
                gaps.update(j for j, v in enumerate(col) if not v)
        for j in gaps:
            out[j] = "; ".join([h + c[j] for h, c in zip(heads, kept, strict=True) if c[j]])
        if out and max(map(len, out)) > 400:
            out = list(map(_clip, out))
        return out

    return texts


def parse_entities(table: Table, schema: Schema) -> Parsed:
    """Entity assertions (plus place/industry nodes and their relations) of a canonical file."""
    _require(table, ENTITY_REQUIRED, "entity files")
    out = Parsed()
    file = table.path
    resolve_class = schema.resolve_class
    cls_cache: dict[str, str | None] = {}
    has_place = "LOCATED_IN" in schema.relations
    has_ind = "FOCUSES_ON" in schema.relations
    for row_no, row in table.rows:
        out.rows += 1
        if (ragged := ragged_problem(file, row_no, row)) is not None:
            out.problems.append(ragged)
            continue
        name = _s(row.get("name"))
        typ = _s(row.get("type"))
        if not name:
            out.problems.append(
                Problem(file, row_no, "name", "", "empty name", "every entity needs a name")
            )
            continue
        cls = (
            cls_cache.get(typ)
            if typ in cls_cache
            else cls_cache.setdefault(typ, resolve_class(typ) if typ else None)
        )
        if cls is None:
            out.problems.append(
                Problem(
                    file,
                    row_no,
                    "type",
                    typ,
                    "unknown class" if typ else "empty type",
                    "use an ontology class name or label, e.g. VocationalCollege or 高职院校",
                )
            )
            continue
        rc = row.get("confidence")
        conf = confidence_cell(rc)
        if conf is None:
            out.problems.append(
                Problem(
                    file, row_no, "confidence", _s(rc), "unreadable confidence", CONFIDENCE_HINT
                )
            )
            continue
        url = _s(row.get("source_url"))
        props: dict[str, Any] = {}
        bad = False
        for k in ("valid_from", "valid_to"):
            v = _s(row.get(k))
            if v:
                d = parse_date(v)
                if d is None:
                    out.problems.append(Problem(file, row_no, k, v, date_reason(v), DATE_HINT))
                    bad = True
                props[k] = d
        if bad:
            continue
        for k, v in row.items():
            if k in ENTITY_KNOWN or v in (None, "") or k[:2] == "__":
                continue
            props[k] = v.strip() if isinstance(v, str) else v
        aliases_raw = _s(row.get("aliases"))
        aliases = [a.strip() for a in aliases_raw.split("|") if a.strip()] if aliases_raw else []
        # node evidence keeps the row's locator, not its text: build the text only for the
        # relations a row implies (place, industry)
        ev = Evidence(f"row {row_no}", "", conf, url)
        key = _s(row.get("key")) or None
        place = _s(row.get("place"))
        ind = _s(row.get("industry"))
        if place:
            props["place"] = place
        out.entities.append(EntityAssertion(cls, name, ev, aliases, key, props))
        if not (place and has_place) and not (ind and has_ind):
            continue
        ref = EntityRef(name, cls, key)
        ev = Evidence(f"row {row_no}", _s(row.get("evidence")) or _text(row), conf, url)
        if place and has_place:
            pcls = resolve_class("Place") or "Place"
            out.entities.append(EntityAssertion(pcls, place, ev))
            out.relations.append(RelationAssertion("LOCATED_IN", ref, EntityRef(place, pcls), ev))
        if ind and has_ind:
            for i in _INDUSTRY_SPLIT.split(ind):
                if i:
                    out.entities.append(EntityAssertion("Industry", i, ev))
                    out.relations.append(
                        RelationAssertion("FOCUSES_ON", ref, EntityRef(i, "Industry"), ev)
                    )
    return out


def parse_relations(table: Table, schema: Schema) -> Parsed:
    """Relation assertions of a canonical relations file."""
    _require(table, RELATION_REQUIRED, "relation files")
    out = Parsed()
    file = table.path
    rel_cache: dict[str, str | None] = {}
    cls_cache: dict[str, str | None] = {"": None}
    dates: dict[str, str | None] = {}  # the same few dates on every row: parsed once each
    problems = out.problems
    relations = out.relations
    key_match = _KEY.match
    # the columns that become properties, known up front for a CSV (JSON rows vary)
    fixed = bool(table.columns) and table.format not in ("json", "jsonl")
    extra_cols = (
        [c for c in table.columns if c not in RELATION_KNOWN and c[:2] != "__"] if fixed else []
    )
    typed_ends = not fixed or "source_type" in table.columns or "target_type" in table.columns
    for row_no, row in table.rows:
        out.rows += 1
        if "__ragged__" in row:
            problems.append(ragged_problem(file, row_no, row))  # type: ignore[arg-type]
            continue
        get = row.get
        src = _s(get("source"))
        dst = _s(get("target"))
        typ = _s(get("type"))
        bad = False
        if not src or not dst:
            for fld, v in (("source", src), ("target", dst)):
                if not v:
                    problems.append(
                        Problem(
                            file, row_no, fld, "", f"empty {fld}", "name both ends of the relation"
                        )
                    )
            bad = True
        rtype = rel_cache.get(typ) if typ in rel_cache else None
        if typ not in rel_cache:
            rtype = rel_cache[typ] = schema.resolve_relation(typ) if typ else None
        if rtype is None:
            problems.append(
                Problem(
                    file,
                    row_no,
                    "type",
                    typ,
                    "unknown relation type" if typ else "empty type",
                    "use an ontology relation type, e.g. COOPERATES_WITH",
                )
            )
            bad = True
        s_cls: str | None = None
        e_cls: str | None = None
        if typed_ends:
            clss: list[str | None] = []
            for fld in ("source_type", "target_type"):
                t = _s(get(fld))
                if t in cls_cache:
                    c = cls_cache[t]
                else:
                    c = cls_cache[t] = schema.resolve_class(t)
                if t and c is None:
                    problems.append(
                        Problem(
                            file,
                            row_no,
                            fld,
                            t,
                            "unknown class",
                            "use an ontology class name or label",
                        )
                    )
                    bad = True
                clss.append(c)
            s_cls, e_cls = clss
        props: dict[str, Any] = {}
        for k, v, d in validity_cells(get, dates):
            if d is None:
                problems.append(Problem(file, row_no, k, v, date_reason(v), DATE_HINT))
                bad = True
            props[k] = d
        rc = get("confidence")
        c2 = confidence_cell(rc)
        if c2 is None:
            problems.append(
                Problem(
                    file, row_no, "confidence", _s(rc), "unreadable confidence", CONFIDENCE_HINT
                )
            )
            bad = True
        conf = 1.0 if c2 is None else c2
        if bad:
            continue
        for k in extra_cols if fixed else list(row):
            x = get(k)
            if k not in RELATION_KNOWN and x not in (None, "") and k[:2] != "__":
                props[k] = x.strip() if isinstance(x, str) else x
        text = _s(get("evidence")) or _text(row)
        ev = Evidence(f"row {row_no}", text, conf, _s(get("source_url")))
        start = EntityRef(src, s_cls, src if s_cls is None and key_match(src) else None)
        end = EntityRef(dst, e_cls, dst if e_cls is None and key_match(dst) else None)
        relations.append(RelationAssertion(rtype, start, end, ev, props))  # type: ignore[arg-type]
    return out


def validity_cells(
    get: Callable[[str], Any], dates: dict[str, str | None]
) -> Iterator[tuple[str, str, str | None]]:
    """``(column, text, ISO date or None when unreadable)`` for the row's non-empty
    ``valid_from`` / ``valid_to`` cells; ``dates`` memoises the parse (the same few dates
    stand on every row)."""
    for k in ("valid_from", "valid_to"):
        cell = get(k)
        if cell is None or cell == "":
            continue
        v = _s(cell)
        if not v:
            continue
        d = dates[v] if v in dates else dates.setdefault(v, parse_date(v))
        yield k, v, d
