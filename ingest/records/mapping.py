"""Declarative table mappings (YAML): which columns of a row make which entities and relations.

A mapping is data, not code: the shipped ones (``ingest/samples/mappings/*.yaml``) turn every
file of the facts folder into the graph, and a user writes one for any new table. The format
is documented with examples in ``docs/mapping.md``; in short::

    table: ../records/industrial_colleges.csv   # default table, relative to this file
    format: csv                                 # csv | tsv | jsonl | json | xlsx (sheet:)
    source_url: source_url                      # row provenance (a column, or a value spec)
    confidence: confidence                      # high/medium/low or 0..1
    filters:                                    # rows skipped ON PURPOSE, with the reason
      - when: {column: consortium_name, empty: true}
        reason: consortium name not given in the source (only its city)
    remarks:                                    # extra remark rules, tried before the defaults
      - {pattern: '^(?P<name>德州职院)$', action: alias}
    lookups:                                    # in-table lookups (policy_id → title)
      policy: {key: policy_id, value: title}
    entities:
      college:
        class: IndustrialCollege                # a class name or label, {column: …},
                                                # or {by_suffix: [Platform], default: …}
        name: college_name                      # a value spec (below)
        omit_if_empty: college not named in the source (only its host university)
        props: {batch: batch, year: {column: year, pattern: '(\\d{4})'}}
        valid_from: {column: year, date: loose}
      host: {class: University, name: host_university}
    relations:
      - {type: BUILDS, from: host, to: college}
      - {type: LEADS, from: lead, to: consortium, role_types: {participant: MEMBER_OF}}

A *value spec* is a column name, or a mapping with ``column`` | ``const`` | ``template``
(``"{city}市"``) and the optional steps, applied in this order: ``rewrite`` (regex
substitutions), ``split`` (a separator regex, ``;`` by default when ``split: true``), per
value ``skip`` (regex → reason: that value is left out, counted as filtered), ``clean``
(regexes removed), remarks in parentheses (names only; ``remarks: false`` keeps them),
``pattern`` (keep group 1 / the group ``value``), ``lookup``, ``map`` (exact value → value),
``suffix`` (appended unless the value already ends with one of ``suffix_unless``), ``date``
(``strict`` | ``loose``), ``default``.

Conditions (``when``/``unless`` on rows, entities and relations): ``{column, empty}``,
``{column, matches}`` (regex), ``{column, equals}``, or a list of them (all must hold).

Every name, column and class a mapping mentions is checked against the table header and the
ontology before a single row is read; a bad mapping is an IngestError naming the mapping file,
the key and the fix.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from iegraph.ingest.assertions import EntityAssertion, EntityRef, Evidence, RelationAssertion
from iegraph.ingest.records.io import ragged_problem
from iegraph.ingest.records.mapping_model import check_shape
from iegraph.ingest.records.values import (
    DEFAULT_REMARK_RULES,
    REMARK_ACTIONS,
    RemarkRule,
    apply_remark_rules,
    date_reason,
    parse_confidence,
    parse_date,
    split_remark,
    split_values,
)
from iegraph.ingest.writer import Problem
from iegraph.ontology.errors import IngestError
from iegraph.ontology.values import DATE_HINT, is_identifier

if TYPE_CHECKING:
    from iegraph.ontology.schema import Schema


def _bad(path: str, where: str, msg: str, fix: str) -> IngestError:
    return IngestError(f"mapping {path}: {where}: {msg}", hint=fix, file=path, field=where)


# ------------------------------------------------------------------------------------------
# specs
# ------------------------------------------------------------------------------------------
@dataclass
class Cond:
    column: str
    empty: bool | None = None
    matches: re.Pattern[str] | None = None
    equals: Any = None

    def test(self, row: dict[str, Any]) -> bool:
        v = row.get(self.column)
        s = "" if v is None else str(v).strip()
        if self.empty is not None and (s == "") != self.empty:
            return False
        if self.matches is not None and not self.matches.search(s):
            return False
        return not (self.equals is not None and s != str(self.equals))


@dataclass
class ValueSpec:
    column: str | None = None
    const: Any = None
    template: str | None = None
    rewrite: list[tuple[re.Pattern[str], str]] = field(default_factory=list)
    split: str | None = None
    skip: list[tuple[re.Pattern[str], str]] = field(default_factory=list)
    clean: list[re.Pattern[str]] = field(default_factory=list)
    remarks: bool = True
    pattern: re.Pattern[str] | None = None
    lookup: str | None = None
    map: dict[str, Any] | None = None
    suffix: str | None = None
    suffix_unless: tuple[str, ...] = ()
    date: str | None = None
    default: Any = None

    def columns(self) -> list[str]:
        cols = [self.column] if self.column else []
        if self.template:
            cols += re.findall(r"\{([^{}]+)\}", self.template)
        return cols


@dataclass
class Item:
    """One value produced by a value spec, after cleaning."""

    value: Any
    former: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    role: str | None = None
    note: str | None = None


@dataclass
class EntitySpec:
    id: str
    cls: str | None = None  # fixed class
    cls_value: ValueSpec | None = None  # class from a column (name or label)
    by_suffix: tuple[str, ...] = ()  # classify by ontology name suffixes under these classes
    default_cls: str | None = None
    name: ValueSpec = field(default_factory=ValueSpec)
    aliases: ValueSpec | None = None
    former_name: ValueSpec | None = None
    rename_date: ValueSpec | None = None
    official: ValueSpec | bool = True
    key: ValueSpec | None = None
    props: dict[str, ValueSpec] = field(default_factory=dict)
    valid_from: ValueSpec | None = None
    valid_to: ValueSpec | None = None
    when: list[Cond] = field(default_factory=list)
    unless: list[Cond] = field(default_factory=list)
    omit_if_empty: str | None = None


@dataclass
class RelationSpec:
    type: str | None
    type_value: ValueSpec | None
    src: str
    dst: str
    when: list[Cond] = field(default_factory=list)
    unless: list[Cond] = field(default_factory=list)
    props: dict[str, ValueSpec] = field(default_factory=dict)
    valid_from: ValueSpec | None = None
    valid_to: ValueSpec | None = None
    role_types: dict[str, str] = field(default_factory=dict)
    skip_if_disallowed: str | None = None
    zip: bool = False  # pair the i-th value of both ends instead of every combination


@dataclass
class Mapping:
    path: str
    table: str | None
    format: str | None
    sheet: str | None
    delimiter: str | None
    source_url: ValueSpec | None
    confidence: ValueSpec | None
    filters: list[tuple[list[Cond], list[Cond], str]]
    remark_rules: tuple[RemarkRule, ...]
    lookups: dict[str, tuple[str, str]]
    entities: dict[str, EntitySpec]
    relations: list[RelationSpec]
    raw: dict[str, Any] = field(default_factory=dict)

    def table_path(self) -> Path | None:
        if not self.table:
            return None
        p = Path(self.table)
        return p if p.is_absolute() else (Path(self.path).parent / p).resolve()

    def columns(self) -> set[str]:
        cols: set[str] = set()

        def v(spec: ValueSpec | None) -> None:
            if spec is not None:
                cols.update(spec.columns())

        v(self.source_url)
        v(self.confidence)
        for w, u, _ in self.filters:
            cols.update(c.column for c in (*w, *u))
        for key_col, val_col in self.lookups.values():
            cols.update((key_col, val_col))
        for e in self.entities.values():
            for spec in (
                e.name,
                e.aliases,
                e.former_name,
                e.rename_date,
                e.key,
                e.valid_from,
                e.valid_to,
                e.cls_value,
                *e.props.values(),
            ):
                v(spec)
            if isinstance(e.official, ValueSpec):
                v(e.official)
            cols.update(c.column for c in (*e.when, *e.unless))
        for r in self.relations:
            for spec in (r.type_value, r.valid_from, r.valid_to, *r.props.values()):
                v(spec)
            cols.update(c.column for c in (*r.when, *r.unless))
        return cols


# ------------------------------------------------------------------------------------------
# parsing and checking the YAML
# ------------------------------------------------------------------------------------------
def _regex(path: str, where: str, p: Any) -> re.Pattern[str]:
    try:
        return re.compile(str(p))
    except re.error as exc:
        raise _bad(
            path,
            where,
            f"bad regular expression {p!r} ({exc})",
            "fix the pattern (Python regex syntax)",
        ) from exc


def _value(path: str, where: str, raw: Any) -> ValueSpec:
    if isinstance(raw, str):
        return ValueSpec(column=raw)
    if isinstance(raw, int | float | bool):
        return ValueSpec(const=raw)
    if not isinstance(raw, dict):
        raise _bad(
            path,
            where,
            f"expected a column name or a value spec, got {raw!r}",
            "write a column name or {column: …, …}",
        )
    if sum(k in raw for k in ("column", "const", "template")) != 1:
        raise _bad(
            path,
            where,
            "a value spec needs exactly one of column, const, template",
            "add column: <name> (or const:/template:)",
        )
    spec = ValueSpec(column=raw.get("column"), const=raw.get("const"), template=raw.get("template"))
    for i, rw in enumerate(raw.get("rewrite") or []):
        if not (isinstance(rw, list) and len(rw) == 2):
            raise _bad(
                path,
                f"{where}.rewrite[{i}]",
                "expected [pattern, replacement]",
                "write - ['regex', 'replacement']",
            )
        spec.rewrite.append((_regex(path, f"{where}.rewrite[{i}]", rw[0]), str(rw[1])))
    sp = raw.get("split")
    if sp is True:
        spec.split = r"\s*;\s*"
    elif isinstance(sp, str) and sp:
        _regex(path, f"{where}.split", sp)
        spec.split = sp
    skip = raw.get("skip") or {}
    if not isinstance(skip, dict):
        raise _bad(
            path,
            f"{where}.skip",
            "expected {regex: reason}",
            "write skip: {'pattern': 'why these values are left out'}",
        )
    spec.skip = [(_regex(path, f"{where}.skip", k), str(v)) for k, v in skip.items()]
    spec.clean = [_regex(path, f"{where}.clean", c) for c in raw.get("clean") or []]
    spec.remarks = bool(raw.get("remarks", True))
    if raw.get("pattern"):
        spec.pattern = _regex(path, f"{where}.pattern", raw["pattern"])
    spec.lookup = raw.get("lookup")
    if raw.get("map") is not None:
        if not isinstance(raw["map"], dict):
            raise _bad(path, f"{where}.map", "expected {value: value}", "write map: {a: b}")
        spec.map = {str(k): v for k, v in raw["map"].items()}
    spec.suffix = raw.get("suffix")
    su = raw.get("suffix_unless") or ()
    spec.suffix_unless = tuple([su] if isinstance(su, str) else su)
    d = raw.get("date")
    if d not in (None, "strict", "loose"):
        raise _bad(path, f"{where}.date", f"unknown date mode {d!r}", "use strict or loose")
    spec.date = d
    spec.default = raw.get("default")
    return spec


def _conds(path: str, where: str, raw: Any) -> list[Cond]:
    if raw is None:
        return []
    items = raw if isinstance(raw, list) else [raw]
    out = []
    for i, c in enumerate(items):
        w = f"{where}[{i}]" if isinstance(raw, list) else where
        if not isinstance(c, dict) or "column" not in c:
            raise _bad(
                path,
                w,
                "a condition needs a column",
                "write {column: name, empty: true} or {column: name, matches: regex}",
            )
        out.append(
            Cond(
                str(c["column"]),
                c.get("empty"),
                _regex(path, w, c["matches"]) if "matches" in c else None,
                c.get("equals"),
            )
        )
    return out


def parse_mapping(path: Path | str, schema: Schema) -> Mapping:
    """Read and check a mapping file against the ontology (the table is checked later).

    Example:
        >>> m = parse_mapping("ingest/samples/mappings/pilot_cities.yaml", load_schema())
        >>> sorted(m.entities)
        ['city', 'policy', 'province']
    """
    p = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise IngestError(
            f"mapping {p}: no such file", hint="check the --mapping path", file=p
        ) from exc
    except UnicodeDecodeError as exc:
        raise IngestError(
            f"mapping {p}: not UTF-8 text", hint="save the mapping as UTF-8", file=p
        ) from exc
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "?"
        raise IngestError(
            f"mapping {p}: not valid YAML ({where})",
            hint="check the indentation and quoting on that line",
            file=p,
        ) from exc
    if not isinstance(raw, dict):
        raise IngestError(
            f"mapping {p}: expected a YAML mapping at the top",
            hint="see docs/mapping.md for the format",
            file=p,
        )
    # the shape (keys, types, required fields) by the typed models; the rest below checks
    # the mapping against the ontology
    check_shape(raw, p)
    ents_raw = raw.get("entities") or {}
    if not isinstance(ents_raw, dict) or not ents_raw:
        raise _bad(p, "entities", "no entities", "declare at least one entity")
    entities: dict[str, EntitySpec] = {}
    for eid, er in ents_raw.items():
        w = f"entities.{eid}"
        if not isinstance(er, dict):
            raise _bad(p, w, "expected a mapping", "write class: … and name: …")
        if "name" not in er or "class" not in er:
            raise _bad(
                p,
                w,
                "an entity needs class and name",
                "add class: <ontology class> and name: <column>",
            )
        spec = EntitySpec(id=str(eid), name=_value(p, f"{w}.name", er["name"]))
        c = er["class"]
        if isinstance(c, str):
            cls = schema.resolve_class(c)
            if cls is None:
                raise _bad(
                    p,
                    f"{w}.class",
                    f"unknown class {c!r}",
                    "use an ontology class name or label (iegraph ontology show)",
                )
            spec.cls = cls
        elif isinstance(c, dict) and "by_suffix" in c:
            under = c["by_suffix"]
            under = [under] if isinstance(under, str) else list(under)
            resolved = []
            for u in under:
                rc = schema.resolve_class(str(u))
                if rc is None:
                    raise _bad(
                        p,
                        f"{w}.class.by_suffix",
                        f"unknown class {u!r}",
                        "use ontology class names",
                    )
                resolved.append(rc)
            spec.by_suffix = tuple(resolved)
            dflt = c.get("default", resolved[0])
            spec.default_cls = schema.resolve_class(str(dflt))
            if spec.default_cls is None:
                raise _bad(
                    p, f"{w}.class.default", f"unknown class {dflt!r}", "use an ontology class name"
                )
        else:
            spec.cls_value = _value(p, f"{w}.class", c)
        for k in ("aliases", "former_name", "rename_date", "key", "valid_from", "valid_to"):
            if er.get(k) is not None:
                setattr(spec, k, _value(p, f"{w}.{k}", er[k]))
        off = er.get("official", True)
        spec.official = off if isinstance(off, bool) else _value(p, f"{w}.official", off)
        for pk, pv in (er.get("props") or {}).items():
            if not is_identifier(str(pk)):
                raise _bad(
                    p,
                    f"{w}.props.{pk}",
                    "property names must be ASCII identifiers",
                    "rename the property (letters, digits, _)",
                )
            spec.props[str(pk)] = _value(p, f"{w}.props.{pk}", pv)
        spec.when = _conds(p, f"{w}.when", er.get("when"))
        spec.unless = _conds(p, f"{w}.unless", er.get("unless"))
        spec.omit_if_empty = er.get("omit_if_empty")
        entities[str(eid)] = spec
    relations: list[RelationSpec] = []
    for i, rr in enumerate(raw.get("relations") or []):
        w = f"relations[{i}]"
        if not isinstance(rr, dict):
            raise _bad(p, w, "expected a mapping", "write {type: …, from: …, to: …}")
        for end in ("from", "to"):
            if rr.get(end) not in entities:
                raise _bad(
                    p,
                    f"{w}.{end}",
                    f"no entity {rr.get(end)!r} in this mapping",
                    f"use one of: {', '.join(entities)}",
                )
        t = rr.get("type")
        rtype = None
        tval = None
        if isinstance(t, str):
            rtype = schema.resolve_relation(t)
            if rtype is None:
                raise _bad(
                    p,
                    f"{w}.type",
                    f"unknown relation type {t!r}",
                    "use an ontology relation type (iegraph ontology show)",
                )
        elif t is not None:
            tval = _value(p, f"{w}.type", t)
        else:
            raise _bad(p, f"{w}.type", "missing", "add type: <RELATION_TYPE>")
        spec_r = RelationSpec(rtype, tval, rr["from"], rr["to"])
        spec_r.when = _conds(p, f"{w}.when", rr.get("when"))
        spec_r.unless = _conds(p, f"{w}.unless", rr.get("unless"))
        for pk, pv in (rr.get("props") or {}).items():
            spec_r.props[str(pk)] = _value(p, f"{w}.props.{pk}", pv)
        for k in ("valid_from", "valid_to"):
            if rr.get(k) is not None:
                setattr(spec_r, k, _value(p, f"{w}.{k}", rr[k]))
        for role, rt in (rr.get("role_types") or {}).items():
            res = schema.resolve_relation(str(rt))
            if res is None:
                raise _bad(
                    p,
                    f"{w}.role_types.{role}",
                    f"unknown relation type {rt!r}",
                    "use an ontology relation type",
                )
            spec_r.role_types[str(role)] = res
        spec_r.skip_if_disallowed = rr.get("skip_if_disallowed")
        spec_r.zip = bool(rr.get("zip", False))
        relations.append(spec_r)
    filters = []
    for i, f in enumerate(raw.get("filters") or []):
        w = f"filters[{i}]"
        if not isinstance(f, dict) or not f.get("reason"):
            raise _bad(
                p,
                w,
                "a filter needs a reason",
                "write {when: {...}, reason: why these rows are skipped}",
            )
        filters.append(
            (
                _conds(p, f"{w}.when", f.get("when")),
                _conds(p, f"{w}.unless", f.get("unless")),
                str(f["reason"]),
            )
        )
    rules = []
    for i, rr in enumerate(raw.get("remarks") or []):
        w = f"remarks[{i}]"
        if not isinstance(rr, dict) or rr.get("action") not in REMARK_ACTIONS:
            raise _bad(
                p,
                w,
                "a remark rule needs pattern and action",
                f"actions: {', '.join(REMARK_ACTIONS)}",
            )
        _regex(p, w, rr.get("pattern", ""))
        rules.append(RemarkRule(str(rr.get("pattern", "")), str(rr["action"])))
    lookups = {}
    for name, lk in (raw.get("lookups") or {}).items():
        if not isinstance(lk, dict) or "key" not in lk or "value" not in lk:
            raise _bad(
                p,
                f"lookups.{name}",
                "a lookup needs key and value columns",
                "write {key: id_column, value: name_column}",
            )
        lookups[str(name)] = (str(lk["key"]), str(lk["value"]))
    return Mapping(
        path=p,
        table=raw.get("table"),
        format=raw.get("format"),
        sheet=raw.get("sheet"),
        delimiter=raw.get("delimiter"),
        source_url=_value(p, "source_url", raw["source_url"]) if raw.get("source_url") else None,
        confidence=_value(p, "confidence", raw["confidence"]) if raw.get("confidence") else None,
        filters=filters,
        remark_rules=tuple(rules) + DEFAULT_REMARK_RULES,
        lookups=lookups,
        entities=entities,
        relations=relations,
        raw=raw,
    )


def check_columns(m: Mapping, columns: list[str], table: str) -> None:
    """Every column the mapping names exists in the table (IngestError otherwise)."""
    missing = sorted(m.columns() - set(columns))
    if missing:
        raise IngestError(
            f"mapping {m.path}: column(s) {', '.join(missing)} not in {table}",
            hint=f"the table has: {', '.join(columns)}; fix the mapping or the header",
            file=table,
            field=", ".join(missing),
        )


# ------------------------------------------------------------------------------------------
# applying a mapping to rows
# ------------------------------------------------------------------------------------------
def _suffix_classes(schema: Schema, under: tuple[str, ...]) -> list[tuple[str, str]]:
    """``(suffix, class)`` of every class below ``under``, longest suffix first."""
    pairs: list[tuple[str, str]] = []
    for root in under:
        for c in schema.descendants(root):
            for s in schema.classes[c].name_suffixes:
                pairs.append((s, c))
    pairs.sort(key=lambda p: -len(p[0]))
    return pairs


def compact_row(row: dict[str, Any], limit: int = 400) -> str:
    text = "; ".join(
        f"{k}={v}" for k, v in row.items() if v not in (None, "") and not str(k).startswith("__")
    )
    return text if len(text) <= limit else text[: limit - 1] + "…"


class MappingApplier:
    """Turns rows into assertions with one mapping; collects problems and filter counts."""

    def __init__(self, m: Mapping, schema: Schema, file: str) -> None:
        self.m = m
        self.schema = schema
        self.file = file
        self.filtered: Counter[str] = Counter()
        self.problems: list[Problem] = []
        self.entities: list[EntityAssertion] = []
        self.relations: list[RelationAssertion] = []
        self.rows = 0
        self._row_no: int | None = None
        self._lookup: dict[str, dict[str, str]] = {k: {} for k in m.lookups}
        self._suffix = {
            e.id: _suffix_classes(schema, e.by_suffix) for e in m.entities.values() if e.by_suffix
        }

    def prepare(self, rows: list[tuple[int, dict[str, Any]]]) -> None:
        for name, (kc, vc) in self.m.lookups.items():
            for _, row in rows:
                k = str(row.get(kc) or "").strip()
                if k:
                    self._lookup[name][k] = str(row.get(vc) or "").strip()

    # -- values ------------------------------------------------------------------------------
    def values(
        self, spec: ValueSpec, row: dict[str, Any], *, names: bool = False, where: str = ""
    ) -> list[Item]:
        if spec.const is not None:
            raw: Any = spec.const
        elif spec.template is not None:
            try:
                raw = spec.template.format(**{k: ("" if v is None else v) for k, v in row.items()})
            except (KeyError, IndexError, ValueError):
                raw = ""
            if not any(str(row.get(c) or "").strip() for c in spec.columns()):
                raw = ""
        else:
            raw = row.get(spec.column or "")
        if raw is None:
            raw = ""
        if not isinstance(raw, str):
            if isinstance(raw, list):
                raw = ";".join(str(x) for x in raw)
            else:
                items = [Item(raw)]
                return items if spec.map is None else [Item(spec.map.get(str(raw), raw))]
        s = raw.strip()
        for rx, rep in spec.rewrite:
            s = rx.sub(rep, s)
        parts = split_values(s, spec.split) if spec.split else ([s] if s else [])
        out: list[Item] = []
        for part in parts:
            skipped = False
            for rx, reason in spec.skip:
                if rx.search(part):
                    self.filtered[f"{where}: {reason}" if where else reason] += 1
                    skipped = True
                    break
            if skipped:
                continue
            for rx in spec.clean:
                part = rx.sub("", part).strip()
            item = Item(part)
            if names and spec.remarks:
                main, remark = split_remark(part)
                cl = apply_remark_rules(main, remark, self.m.remark_rules)
                item = Item(cl.name, cl.former, cl.aliases, cl.role, cl.note)
            v = str(item.value)
            if spec.pattern is not None:
                mm = spec.pattern.search(v)
                v = (
                    ""
                    if mm is None
                    else (
                        mm.groupdict().get("value") or (mm.group(1) if mm.groups() else mm.group(0))
                    )
                )
            if spec.lookup:
                v = self._lookup.get(spec.lookup, {}).get(v, v)
            if spec.map is not None:
                v = spec.map.get(v, v)
            if spec.suffix and v and not str(v).endswith((spec.suffix, *spec.suffix_unless)):
                v = f"{v}{spec.suffix}"
            if spec.date and isinstance(v, str) and v:
                d = parse_date(v, loose=spec.date == "loose")
                if d is None and spec.date == "strict":
                    self.problems.append(
                        Problem(
                            self.file,
                            self._row_no,
                            spec.column or where,
                            v,
                            date_reason(v),
                            DATE_HINT,
                        )
                    )
                v = d or ""
            item.value = v.strip() if isinstance(v, str) else v
            if item.value == "" or item.value is None:
                if spec.default is not None:
                    item.value = spec.default
                else:
                    if names and (item.former or item.aliases):
                        pass
                    continue
            out.append(item)
        if not out and spec.default is not None and not parts:
            out.append(Item(spec.default))
        return out

    def one(self, spec: ValueSpec | None, row: dict[str, Any], where: str = "") -> Any:
        if spec is None:
            return None
        vals = self.values(spec, row, where=where)
        if not vals:
            return None
        if spec.split:
            return [v.value for v in vals]
        return vals[0].value

    # -- rows --------------------------------------------------------------------------------
    def apply(self, row_no: int, row: dict[str, Any]) -> None:
        self.rows += 1
        self._row_no = row_no
        m = self.m
        if (ragged := ragged_problem(self.file, row_no, row)) is not None:
            self.problems.append(ragged)
            return
        for when, unless, reason in m.filters:
            if all(c.test(row) for c in when) and not (unless and all(c.test(row) for c in unless)):
                self.filtered[reason] += 1
                return
        conf = 1.0
        if m.confidence is not None:
            raw_conf = self.one(m.confidence, row)
            c = parse_confidence(raw_conf)
            if c is None or not 0.0 <= c <= 1.0:
                if raw_conf not in (None, ""):
                    self.problems.append(
                        Problem(
                            self.file,
                            row_no,
                            "confidence",
                            str(raw_conf),
                            "unreadable confidence",
                            "write high/medium/low or a number 0..1",
                        )
                    )
                    return
            else:
                conf = c
        url = str(self.one(m.source_url, row) or "") if m.source_url else ""
        text = compact_row(row)
        locator = f"row {row_no}"
        before = len(self.problems)
        made: dict[str, list[tuple[str, str, str | None]]] = {}
        for spec in m.entities.values():
            made[spec.id] = self._entity(spec, row, row_no, locator, text, conf, url)
        if len(self.problems) > before:
            return
        for rs in m.relations:
            if rs.when and not all(c.test(row) for c in rs.when):
                continue
            if rs.unless and all(c.test(row) for c in rs.unless):
                continue
            base_type = rs.type
            if rs.type_value is not None:
                tv = self.one(rs.type_value, row, "relation type")
                base_type = self.schema.resolve_relation(str(tv)) if tv else None
                if base_type is None:
                    if tv:
                        self.problems.append(
                            Problem(
                                self.file,
                                row_no,
                                "type",
                                str(tv),
                                "unknown relation type",
                                "map the value to an ontology relation type in the mapping",
                            )
                        )
                    continue
            props: dict[str, Any] = {}
            for pk, pv in rs.props.items():
                val = self.one(pv, row, pk)
                if val not in (None, "", []):
                    props[pk] = val
            for k in ("valid_from", "valid_to"):
                spec_v = getattr(rs, k)
                if spec_v is not None:
                    val = self.one(spec_v, row, k)
                    if val:
                        props[k] = val
            srcs, dsts = made.get(rs.src, []), made.get(rs.dst, [])
            if rs.zip and len(srcs) == len(dsts):
                pairs = list(zip(srcs, dsts, strict=True))
            else:
                pairs = [(a, b) for a in srcs for b in dsts]
            for (s_name, s_cls, s_role), (d_name, d_cls, _d_role) in pairs:
                if s_name == d_name and s_cls == d_cls:
                    continue
                rtype = rs.role_types.get(s_role or "", base_type) if s_role else base_type
                assert rtype is not None
                if rs.skip_if_disallowed and not self.schema.allows(rtype, s_cls, d_cls):
                    self.filtered[rs.skip_if_disallowed] += 1
                    continue
                rp = dict(props)
                if s_role:
                    rp["role"] = s_role
                self.relations.append(
                    RelationAssertion(
                        rtype,
                        EntityRef(s_name, s_cls),
                        EntityRef(d_name, d_cls),
                        Evidence(locator, text, conf, url),
                        rp,
                    )
                )

    def _entity(
        self,
        spec: EntitySpec,
        row: dict[str, Any],
        row_no: int,
        locator: str,
        text: str,
        conf: float,
        url: str,
    ) -> list[tuple[str, str, str | None]]:
        if spec.when and not all(c.test(row) for c in spec.when):
            return []
        if spec.unless and all(c.test(row) for c in spec.unless):
            return []
        items = self.values(spec.name, row, names=True, where=spec.id)
        if not items:
            if spec.omit_if_empty:
                self.filtered[f"{spec.id} left out: {spec.omit_if_empty}"] += 1
            else:
                self.problems.append(
                    Problem(
                        self.file,
                        row_no,
                        spec.name.column or spec.id,
                        "",
                        f"no name for entity '{spec.id}'",
                        "fill the cell, or add omit_if_empty: <reason> to the mapping",
                    )
                )
            return []
        out: list[tuple[str, str, str | None]] = []
        aliases = (
            [str(i.value) for i in self.values(spec.aliases, row, where=spec.id)]
            if spec.aliases
            else []
        )
        former_extra = (
            [str(i.value) for i in self.values(spec.former_name, row)] if spec.former_name else []
        )
        rdate = self.one(spec.rename_date, row) if spec.rename_date else None
        props: dict[str, Any] = {}
        for pk, pv in spec.props.items():
            val = self.one(pv, row, pk)
            if val not in (None, "", []):
                props[pk] = val
        for k in ("valid_from", "valid_to"):
            sv = getattr(spec, k)
            if sv is not None:
                val = self.one(sv, row, k)
                if val:
                    props[k] = val
        official = spec.official
        if isinstance(official, ValueSpec):
            ov = self.one(official, row)
            official = not (ov is False or str(ov).lower() in ("false", "no", "0", "short"))
        key = str(self.one(spec.key, row) or "") or None if spec.key else None
        for it in items:
            name = str(it.value)
            cls = self._class(spec, name, row, row_no)
            if cls is None:
                continue
            former = [(f, rdate) for f in [*it.former, *former_extra] if f and f != name]
            p = dict(props)
            if it.note:
                p.setdefault("remark", it.note)
            self.entities.append(
                EntityAssertion(
                    cls,
                    name,
                    Evidence(locator, text, conf, url),
                    aliases=[*it.aliases, *aliases],
                    key=key if len(items) == 1 else None,
                    props=p,
                    former_names=former,
                    official=bool(official),
                )
            )
            out.append((name, cls, it.role))
        return out

    def _class(self, spec: EntitySpec, name: str, row: dict[str, Any], row_no: int) -> str | None:
        if spec.cls:
            return spec.cls
        if spec.cls_value is not None:
            raw = self.one(spec.cls_value, row)
            cls = self.schema.resolve_class(str(raw)) if raw else None
            if cls is None:
                self.problems.append(
                    Problem(
                        self.file,
                        row_no,
                        spec.cls_value.column or "type",
                        str(raw or ""),
                        "unknown class",
                        "use an ontology class name or label (iegraph ontology show)",
                    )
                )
            return cls
        from iegraph.ingest.normalize import norm_name

        n = norm_name(name)
        for suf, c in self._suffix.get(spec.id, ()):
            if n.endswith(suf):
                return c
        return spec.default_cls
