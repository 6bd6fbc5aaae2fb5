"""The GraphWriter: the one path from typed assertions (records or documents) into the graph.

Both loaders hand it :mod:`ingest.assertions` objects for ONE source. The writer

1. validates everything first (classes, relation types, domain/range through
   ``schema.allows``, dates, datatypes, resolvable relation ends) and, unless
   ``skip_invalid`` is set, raises :class:`~ontology.errors.ValidationError` carrying the
   report (``details["problems"]``) *before anything is written*;
2. resolves names to nodes through :class:`ingest.resolve.Resolver` (built from the store in
   one scan, then kept up to date);
3. merges provenance in Python: every node and relationship keeps one evidence entry per
   source (a JSON string), and its visible properties (display name, aliases, ``source_ids``,
   confidence, validity dates …) are *derived* from those entries. Replacing what a source
   said is therefore exact: drop that source's entries, add the new ones, derive again.
   Re-ingesting the same content derives the same properties (a no-op); a corrected file (same
   path, new content hash) supersedes the old version in place; removing a source drops its
   entries and deletes what has none left;
4. writes in batches through ``store.upsert_nodes`` / ``upsert_relationships`` and records a
   ``Source`` node. If a write fails midway, the touched items are restored from the state
   read before the write (the writer read it to merge provenance anyway).

Node evidence entry (one per source)::

    {"source": "source:…", "cls": "University", "name": "…", "official": true,
     "aliases": [...], "former": [["深圳职业技术学院", "2023"]], "props": {...},
     "locators": ["row 3"], "source_url": "…", "confidence": 1.0,
     "extractor": "iegraph.records/0.1", "ingested_at": "2026-…"}

Relationship evidence entry (one per assertion)::

    {"source": "source:…", "locator": "row 12", "text": "…", "extractor": "…",
     "version": "0.1", "confidence": 0.9, "source_url": "…", "ingested_at": "…",
     "props": {"valid_from": "2023"}}

Example:
    >>> from iegraph.graph import open_store
    >>> from iegraph.ontology.schema import load_schema
    >>> w = GraphWriter(open_store(), load_schema())
    >>> summary = w.write_source(source, entities, relations)
    >>> summary.created["University"], summary.relationships_written
    (3, 12)
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from iegraph.graph.model import Node, NodeRecord, RelRecord
from iegraph.ingest.assertions import EntityAssertion, EntityRef, RelationAssertion, SourceInfo
from iegraph.ingest.normalize import entity_key, norm_name, to_simplified
from iegraph.ingest.resolve import Resolver, name_forms, source_identity
from iegraph.ontology.errors import IegraphError, StoreError, ValidationError
from iegraph.ontology.values import check_date as canonical_date

if TYPE_CHECKING:
    from iegraph.graph.store import GraphStore
    from iegraph.ontology.schema import Schema

Progress = Callable[[int, int], None]
Triple = tuple[str, str, str]

SOURCE_CLASS = "Source"
_LOCATOR_ROW = re.compile(r"row (\d+)")
_PROP_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_MAX_LOCATORS = 20  # per node and source: enough to find the rows, bounded for huge documents

#: node properties the writer derives; anything else on a node comes from entry ``props``
_DERIVED = (
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
)


# ------------------------------------------------------------------------------------------
# report types
# ------------------------------------------------------------------------------------------
@dataclass
class Problem:
    """One invalid input item: where it is, what is wrong and how to fix it."""

    file: str
    row: int | None
    field: str
    value: str
    reason: str
    fix: str

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "row": self.row,
            "field": self.field,
            "value": self.value,
            "reason": self.reason,
            "fix": self.fix,
        }


@dataclass
class WriteSummary:
    """What one write (or removal) did, per class (nodes) and per relation type."""

    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    rejected: list[Problem] = field(default_factory=list)
    nodes_written: int = 0
    relationships_written: int = 0
    removed: Counter[str] = field(default_factory=Counter)
    filtered: Counter[str] = field(default_factory=Counter)  # "reason" → rows (records loader)
    sources: list[str] = field(default_factory=list)

    def merge(self, other: WriteSummary) -> WriteSummary:
        self.created.update(other.created)
        self.updated.update(other.updated)
        self.unchanged.update(other.unchanged)
        self.removed.update(other.removed)
        self.filtered.update(other.filtered)
        self.rejected.extend(other.rejected)
        self.nodes_written += other.nodes_written
        self.relationships_written += other.relationships_written
        self.sources.extend(other.sources)
        return self

    def to_json(self) -> dict[str, Any]:
        return {
            "created": dict(self.created),
            "updated": dict(self.updated),
            "unchanged": dict(self.unchanged),
            "removed": dict(self.removed),
            "filtered": dict(self.filtered),
            "rejected": [p.to_json() for p in self.rejected],
            "nodes_written": self.nodes_written,
            "relationships_written": self.relationships_written,
            "sources": list(self.sources),
        }


def row_of(locator: str) -> int | None:
    m = _LOCATOR_ROW.match(locator or "")
    return int(m.group(1)) if m else None


def check_date(value: Any) -> str | None:
    """The ISO date string (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``) or None if not one."""
    return canonical_date(value)  # one parser for every layer (ontology.values)


#: values that need no conversion at the store boundary (lists the writer builds hold these)
_PLAIN_TYPES = frozenset({str, int, float, bool, list})
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _dumps(obj: Any) -> str:
    # sorted keys: an entry read back from the store re-encodes to the same string, which is
    # what makes a re-ingest compare equal
    return _ENCODER.encode(obj)


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _primitive(v: Any) -> bool:
    return v is None or isinstance(v, str | int | float | bool)


# ------------------------------------------------------------------------------------------
# derivation of visible properties from evidence entries
# ------------------------------------------------------------------------------------------
def _is_simplified(name: str) -> bool:
    return to_simplified(name) == name


def derive_node(key: str, entries: list[dict[str, Any]], schema: Schema) -> dict[str, Any]:
    """Visible node properties from its per-source evidence entries (order-independent)."""
    if len(entries) == 1:
        return _derive_single(key, entries[0], schema)
    entries = sorted(entries, key=lambda e: (e.get("ingested_at", ""), e["source"]))
    # class: the most specific one asserted; ties keep the earliest source's
    cls = entries[0]["cls"]
    for e in entries[1:]:
        c = e["cls"]
        if c != cls and c in schema.classes and cls in schema.classes and schema.is_a(c, cls):
            cls = c
    former: dict[str, str | None] = {}
    surface: list[str] = []
    for e in entries:
        for fn, when in e.get("former", ()):
            if fn not in former or (when and not former[fn]):
                former[fn] = when
    former_norm = {norm_name(f) for f in former}
    official: list[tuple[int, int, int, str]] = []
    informal: list[tuple[int, int, int, str]] = []
    for i, e in enumerate(entries):
        nm = e["name"]
        surface.append(nm)
        surface.extend(e.get("aliases", ()))
        if norm_name(nm) in former_norm:
            continue
        # the most complete form wins; a rename statement, then Simplified script, breaks ties
        rank = (-len(norm_name(nm)), 0 if e.get("former") else 1, 0 if _is_simplified(nm) else 1, i)
        (official if e.get("official", True) else informal).append((*rank[:3], nm))
    pool = official or informal
    if pool:
        name = min(pool)[3]
    else:  # every name asserted is a former name: keep the latest asserted one
        name = entries[-1]["name"]
    surface.extend(former)
    aliases = sorted({s for s in surface if s and s != name})
    forms: set[str] = set()
    for s in (name, *aliases):
        forms.update(name_forms(s))
    props: dict[str, Any] = {}
    for e in entries:  # later sources win for scalar properties; lists are united
        for k, v in e.get("props", {}).items():
            if isinstance(v, list) and isinstance(props.get(k), list):
                props[k] = sorted({*props[k], *v}, key=str)
            else:
                props[k] = v
    top = schema.top_of(cls) if cls in schema.classes else cls
    out: dict[str, Any] = dict(props)
    out.update(
        {
            "key": key,
            "name": name,
            "name_norm": norm_name(name),
            "class": cls,
            "top": top,
            "aliases": aliases,
            "search_keys": sorted(forms),
            "former_names": sorted(former),
            "source_ids": sorted({e["source"] for e in entries}),
            "source_urls": sorted({e["source_url"] for e in entries if e.get("source_url")}),
            "confidence": max(float(e.get("confidence", 1.0)) for e in entries),
            "evidence": sorted(_dumps(e) for e in entries),
        }
    )
    if former:
        latest = max(former.items(), key=lambda kv: (kv[1] or "", kv[0]))
        out["renamed_from"] = latest[0]
        out["renamed_on"] = latest[1]
    else:
        out["renamed_from"] = None
        out["renamed_on"] = None
    return out


def _compact_entry(e: dict[str, Any]) -> dict[str, Any]:
    """An entry without its empty/default fields (it is stored on every node; the extractor
    is on the Source node the entry names)."""
    for k in ("aliases", "former", "props", "source_url"):
        if not e.get(k):
            e.pop(k, None)
    if e.get("official", True):
        e.pop("official", None)
    e.pop("extractor", None)
    return e


def _derive_single(key: str, e: dict[str, Any], schema: Schema) -> dict[str, Any]:
    """:func:`derive_node` for the common case of one asserting source (a first load)."""
    name = e["name"]
    former = {fn: when for fn, when in e.get("former", ())}
    aliases = sorted({*e.get("aliases", ()), *former} - {name, ""})
    forms: set[str] = set(name_forms(name))
    for a in aliases:
        forms.update(name_forms(a))
    cls = e["cls"]
    out: dict[str, Any] = dict(e.get("props", {}))
    url = e.get("source_url")
    out.update(
        {
            "key": key,
            "name": name,
            "name_norm": name_forms(name)[0],
            "class": cls,
            "top": schema.top_of(cls) if cls in schema.classes else cls,
            "aliases": aliases,
            "search_keys": sorted(forms),
            "former_names": sorted(former),
            "source_ids": [e["source"]],
            "source_urls": [url] if url else [],
            "confidence": float(e.get("confidence", 1.0)),
            "evidence": [_dumps(e)],
            "renamed_from": None,
            "renamed_on": None,
        }
    )
    if former:
        latest = max(former.items(), key=lambda kv: (kv[1] or "", kv[0]))
        out["renamed_from"], out["renamed_on"] = latest
    return out


def derive_rel(entries: list[dict[str, Any]]) -> dict[str, Any]:
    """Visible relationship properties from its evidence entries."""
    if len(entries) == 1:  # a first load: one assertion
        e = entries[0]
        props = dict(e.get("props", ()))
        props.setdefault("valid_from", None)
        props.setdefault("valid_to", None)
        props["source_ids"] = [e["source"]]
        props["confidence"] = float(e.get("confidence", 1.0))
        props["evidence"] = [_dumps(e)]
        return props
    props = {}
    vf: list[str] = []
    vt: list[str] = []
    for e in sorted(entries, key=lambda e: (e.get("ingested_at", ""), e["source"])):
        for k, v in e.get("props", {}).items():
            if k == "valid_from":
                vf.append(v)
            elif k == "valid_to":
                vt.append(v)
            else:
                props[k] = v
    props["valid_from"] = min(vf) if vf else None
    props["valid_to"] = max(vt) if vt else None
    props["source_ids"] = sorted({e["source"] for e in entries})
    props["confidence"] = max(float(e.get("confidence", 1.0)) for e in entries)
    props["evidence"] = sorted(_dumps(e) for e in entries)
    return props


def _entries(props: dict[str, Any]) -> list[dict[str, Any]]:
    return [json.loads(s) for s in props.get("evidence") or () if isinstance(s, str)]


# ------------------------------------------------------------------------------------------
# the writer
# ------------------------------------------------------------------------------------------
class GraphWriter:
    """Validate, resolve, merge provenance and write the assertions of one source.

    Args:
        store: any :class:`graph.store.GraphStore`.
        schema: the compiled ontology.
        batch_size: rows per ``UNWIND`` batch.
        skip_invalid: write the valid assertions and report the rest instead of refusing.
    """

    def __init__(
        self,
        store: GraphStore,
        schema: Schema,
        *,
        batch_size: int = 10_000,
        skip_invalid: bool = False,
    ) -> None:
        self.store = store
        self.schema = schema
        self.batch_size = batch_size
        self.skip_invalid = skip_invalid
        self._resolver: Resolver | None = None
        self._allow_cache: dict[tuple[str, str, str], bool] = {}
        self._defs_cache: dict[str, dict[str, Any]] = {}

    # -- index -------------------------------------------------------------------------------
    @property
    def resolver(self) -> Resolver:
        if self._resolver is None:
            self._resolver = Resolver.from_store(self.store)
        return self._resolver

    def refresh(self) -> None:
        """Forget the index (another process wrote); the next use rescans."""
        self._resolver = None

    def resolve(self, ref: EntityRef) -> str | None:
        """Key of the node ``ref`` names, or None.

        Example:
            >>> w.resolve(EntityRef("深圳職業技術大學", "Institution"))
            'institution:深圳职业技术大学'
        """
        r = self.resolver
        if ref.key:
            return ref.key if ref.key in r.nodes else None
        top = self._top(ref.cls) if ref.cls else None
        if ref.cls and top is None:
            return None
        return r.lookup(ref.name, top)

    def known_names(self) -> list[tuple[str, str, str]]:
        """``(surface name, class, key)`` for every entity name and alias in the graph."""
        return self.resolver.known_names()

    def list_sources(self) -> list[dict[str, Any]]:
        """Every ``Source`` node's properties, oldest first."""
        res = self.store.run(
            "MATCH (n:Source) RETURN n.key, n.path, n.kind, n.content_hash, n.mapping, "
            "n.extractor, n.ingested_at, n.row_count, n.entity_count, n.relation_count, n.title"
        )
        cols = [
            "key",
            "path",
            "kind",
            "content_hash",
            "mapping",
            "extractor",
            "ingested_at",
            "row_count",
            "entity_count",
            "relation_count",
            "title",
        ]
        out = [dict(zip(cols, row, strict=False)) for row in res.rows]
        return sorted(out, key=lambda s: (s.get("ingested_at") or "", s.get("key") or ""))

    # -- helpers -----------------------------------------------------------------------------
    def _allows(self, rel: str, src: str, dst: str) -> bool:
        """``schema.allows`` memoised: a load asks the same few class pairs again and again."""
        k = (rel, src, dst)
        hit = self._allow_cache.get(k)
        if hit is None:
            hit = self._allow_cache[k] = (
                src in self.schema.classes
                and dst in self.schema.classes
                and self.schema.allows(rel, src, dst)
            )
        return hit

    def _top(self, cls: str | None) -> str | None:
        if not cls or cls not in self.schema.classes:
            return None
        return self.schema.top_of(cls)

    def _labels(self, cls: str) -> tuple[str, ...]:
        if cls in self.schema.classes:
            return tuple(self.schema.labels_for_store(cls)[1:])
        return (cls,)

    def _prop_defs(self, cls: str) -> dict[str, Any]:
        out = self._defs_cache.get(cls)
        if out is None:
            out = {}
            for c in reversed(self.schema.ancestors(cls)):
                for p in self.schema.classes[c].properties:
                    out[p.name] = p
            self._defs_cache[cls] = out
        return out

    def _coerce(
        self, cls: str, props: dict[str, Any], file: str, row: int | None, problems: list[Problem]
    ) -> dict[str, Any]:
        """Props checked against the ontology's datatypes (converted where lossless)."""
        defs = self._prop_defs(cls) if cls in self.schema.classes else {}
        out: dict[str, Any] = {}
        for k, v in props.items():
            if v is None or v == "" or v == []:
                continue
            if k in _DERIVED:
                problems.append(
                    Problem(
                        file,
                        row,
                        k,
                        str(v),
                        f"'{k}' is set by the writer",
                        f"rename the column '{k}'",
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
                    )
                )
                continue
            if isinstance(v, list | tuple):
                if not all(_primitive(x) for x in v):
                    problems.append(
                        Problem(
                            file,
                            row,
                            k,
                            str(v)[:80],
                            "nested value",
                            "use text, numbers or a list of them",
                        )
                    )
                    continue
                v = list(v)
            elif not _primitive(v):
                problems.append(
                    Problem(
                        file,
                        row,
                        k,
                        str(v)[:80],
                        "nested value",
                        "use text, numbers or a list of them",
                    )
                )
                continue
            pd = defs.get(k)
            if k in ("valid_from", "valid_to") or (pd is not None and pd.datatype == "date"):
                d = check_date(v)
                if d is None:
                    problems.append(
                        Problem(
                            file, row, k, str(v), "not a date", "write YYYY, YYYY-MM or YYYY-MM-DD"
                        )
                    )
                    continue
                v = d
            elif pd is not None:
                try:
                    v = _convert(v, pd.datatype)
                except ValueError:
                    problems.append(
                        Problem(
                            file,
                            row,
                            k,
                            str(v),
                            f"not a {pd.datatype}",
                            f"write a {pd.datatype} value for '{k}'",
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
                        )
                    )
                    continue
            out[k] = v
        return out

    # -- write -------------------------------------------------------------------------------
    def write_source(
        self,
        source: SourceInfo,
        entities: list[EntityAssertion],
        relations: list[RelationAssertion],
        *,
        extra_nodes: Sequence[NodeRecord] = (),
        extra_rels: Sequence[RelRecord] = (),
        progress: Progress | None = None,
        skip_invalid: bool | None = None,
    ) -> WriteSummary:
        """Validate, resolve and write everything one source asserts (see module docstring).

        Raises:
            ValidationError: some assertion is invalid and ``skip_invalid`` is off; its
                ``details["problems"]`` lists file/row/field/value/reason/fix. Nothing was
                written.

        Example:
            >>> src = SourceInfo("records", "orgs.csv", sha256_hex)
            >>> ent = EntityAssertion("University", "深圳大学", Evidence("row 2"))
            >>> w.write_source(src, [ent], []).created
            Counter({'University': 1, 'Source': 1})
        """
        skip = self.skip_invalid if skip_invalid is None else skip_invalid
        plan = self._prepare(source, entities, relations)
        problems = plan["problems"]
        if problems and not skip:
            self._resolver = None  # the in-load index additions must not outlive a refusal
            raise ValidationError(
                f"{source.path}: {len(problems)} invalid item(s); nothing was written",
                hint="fix the rows listed in the report, or pass --skip-invalid to load the "
                "valid ones",
                problems=[p.to_json() for p in problems],
            )
        summary = WriteSummary(rejected=problems, sources=[source.key])
        self._apply(
            source,
            plan["ingested_at"],
            plan["replace"],
            plan["existed_before"],
            plan["entries"],
            plan["rels"],
            extra_nodes,
            extra_rels,
            summary,
            progress,
            plan["created"],
        )
        return summary

    def write_sources(
        self,
        batches: Sequence[tuple[SourceInfo, list[EntityAssertion], list[RelationAssertion]]],
        *,
        progress: Callable[[int, str, int, int], None] | None = None,
        skip_invalid: bool | None = None,
    ) -> list[WriteSummary]:
        """Validate several sources together, then write them in order — nothing at all if
        any is invalid (unless ``skip_invalid``). One resolution pass: the plans made while
        validating are the ones written.

        Example:
            >>> w.write_sources([(orgs_src, orgs, []), (links_src, [], links)])
        """
        skip = self.skip_invalid if skip_invalid is None else skip_invalid
        try:
            plans = [self._prepare(src, ents, rels) for src, ents, rels in batches]
        except BaseException:
            self._resolver = None
            raise
        problems = [p for plan in plans for p in plan["problems"]]
        if problems and not skip:
            self._resolver = None
            files = sorted({p.file for p in problems})
            raise ValidationError(
                f"{len(problems)} invalid item(s) in {', '.join(files)}; nothing was written",
                hint="fix the rows listed in the report, or pass --skip-invalid to load the "
                "valid ones",
                problems=[p.to_json() for p in problems],
            )
        out = []
        for i, ((source, _, _), plan) in enumerate(zip(batches, plans, strict=True)):
            summary = WriteSummary(rejected=plan["problems"], sources=[source.key])

            def cb(done: int, total: int, _i: int = i, _p: str = source.path) -> None:
                if progress:
                    progress(_i, _p, done, total)

            self._apply(
                source,
                plan["ingested_at"],
                plan["replace"],
                plan["existed_before"],
                plan["entries"],
                plan["rels"],
                (),
                (),
                summary,
                cb,
                plan["created"],
            )
            out.append(summary)
        return out

    def check(
        self, batches: Sequence[tuple[SourceInfo, list[EntityAssertion], list[RelationAssertion]]]
    ) -> list[Problem]:
        """Validate several sources as if written in this order, writing nothing.

        A multi-file load calls this first so that one invalid row anywhere leaves the graph
        untouched (a relations file may name entities an entities file of the same load
        brings in, so the sources are resolved in order, against one index).
        """
        problems: list[Problem] = []
        try:
            for source, ents, rels in batches:
                problems.extend(self._prepare(source, ents, rels)["problems"])
        finally:
            self._resolver = None  # drop the in-load additions; the write rescans
        return problems

    def _prepare(
        self,
        source: SourceInfo,
        entities: list[EntityAssertion],
        relations: list[RelationAssertion],
    ) -> dict[str, Any]:
        file = source.path
        skey = source.key
        r = self.resolver
        schema = self.schema
        problems: list[Problem] = []
        sinfo = r.info(skey)
        superseded = {
            k
            for k in r.sources_by_identity(source_identity(source.path, source.mapping))
            if k != skey
        }
        replace = {skey} | superseded
        existed_before = bool(sinfo) or bool(superseded)
        ingested_at = _now()
        if sinfo is not None:  # same content again: keep its time so nothing changes
            old = self.store.get_nodes([skey]).get(skey)
            if old is not None and old.props.get("ingested_at"):
                ingested_at = str(old.props["ingested_at"])
        version = source.extractor.split("/", 1)[1] if "/" in source.extractor else ""

        # ---- 1. entities: validate, resolve (in-load index updates), build entries ----------
        new_entries: dict[str, dict[str, Any]] = {}  # key → this source's entry
        new_keys_created: set[str] = set()

        def add_entry(
            key: str,
            cls: str,
            name: str,
            official: bool,
            aliases: Iterable[str],
            former: Iterable[tuple[str, str | None]],
            props: dict[str, Any],
            locator: str,
            url: str,
            conf: float,
        ) -> None:
            e = new_entries.get(key)
            if e is None:
                e = {
                    "source": skey,
                    "cls": cls,
                    "name": name,
                    "official": official,
                    "aliases": [],
                    "former": [],
                    "props": {},
                    "locators": [],
                    "source_url": url,
                    "confidence": conf,
                    "extractor": source.extractor,
                    "ingested_at": ingested_at,
                }
                new_entries[key] = e
            else:
                if (
                    cls != e["cls"]
                    and cls in schema.classes
                    and e["cls"] in schema.classes
                    and schema.is_a(cls, e["cls"])
                ):
                    e["cls"] = cls
                if name != e["name"]:
                    better = (official and not e["official"]) or (
                        official == e["official"]
                        and len(norm_name(name)) > len(norm_name(e["name"]))
                    )
                    if better:
                        e["aliases"].append(e["name"])
                        e["name"], e["official"] = name, official
                    else:
                        e["aliases"].append(name)
                e["confidence"] = max(e["confidence"], conf)
                if url and not e["source_url"]:
                    e["source_url"] = url
            e["aliases"].extend(a for a in aliases if a)
            for fn, when in former:
                if fn and [fn, when] not in e["former"]:
                    e["former"].append([fn, when])
            e["props"].update(props)
            if locator and len(e["locators"]) < _MAX_LOCATORS and locator not in e["locators"]:
                e["locators"].append(locator)

        def key_for(cls: str, top: str, names: list[str], explicit: str | None) -> str:
            if explicit:
                return explicit
            for n in names:
                k = r.lookup(n, top)
                if k is not None:
                    return k
            return entity_key(top, names[0])

        # renames and official names first, so a new node's key comes from its best name
        order = sorted(
            range(len(entities)),
            key=lambda i: (
                0 if entities[i].former_names else 1,
                0 if entities[i].official else 1,
                i,
            ),
        )
        for i in order:
            a = entities[i]
            row = row_of(a.evidence.locator)
            if a.cls not in schema.classes:
                problems.append(
                    Problem(
                        file,
                        row,
                        "type",
                        a.cls,
                        "unknown class",
                        "use an ontology class name or label (iegraph ontology show)",
                    )
                )
                continue
            if not a.name or not a.name.strip():
                problems.append(
                    Problem(file, row, "name", "", "empty name", "give the entity a name")
                )
                continue
            conf = a.evidence.confidence
            if not 0.0 <= conf <= 1.0:
                problems.append(
                    Problem(
                        file,
                        row,
                        "confidence",
                        str(conf),
                        "confidence outside 0..1",
                        "write a number 0..1",
                    )
                )
                continue
            before = len(problems)
            props = self._coerce(a.cls, a.props, file, row, problems)
            former = []
            for fn, when in a.former_names:
                if when is not None and check_date(when) is None:
                    problems.append(
                        Problem(
                            file,
                            row,
                            "former_names",
                            f"{fn} ({when})",
                            "rename date is not a date",
                            "write YYYY, YYYY-MM or YYYY-MM-DD",
                        )
                    )
                former.append((fn, when))
            if a.key and a.key in r.nodes and r.nodes[a.key].top != schema.top_of(a.cls):
                problems.append(
                    Problem(
                        file,
                        row,
                        "key",
                        a.key,
                        f"key belongs to a {r.nodes[a.key].cls}",
                        "use another key or the matching class",
                    )
                )
            if len(problems) > before:
                continue
            top = schema.top_of(a.cls)
            names = [a.name.strip(), *a.aliases, *(f for f, _ in former)]
            key = key_for(a.cls, top, names, a.key)
            if key not in r.nodes:
                new_keys_created.add(key)
            add_entry(
                key,
                a.cls,
                a.name.strip(),
                a.official,
                a.aliases,
                former,
                props,
                a.evidence.locator,
                a.evidence.source_url,
                conf,
            )
            r.add(key, "", top, names)
            if key in new_keys_created:
                r.nodes[key].cls = a.cls

        # ---- 2. relations: validate, resolve ends ------------------------------------------
        new_rels: dict[Triple, list[dict[str, Any]]] = {}
        for ra in relations:
            row = row_of(ra.evidence.locator)
            rdef = schema.relations.get(ra.type)
            if rdef is None:
                problems.append(
                    Problem(
                        file,
                        row,
                        "type",
                        ra.type,
                        "unknown relation type",
                        "use an ontology relation type (iegraph ontology show)",
                    )
                )
                continue
            ends: list[str] = []
            for fld, ref, allowed in (
                ("source", ra.start, rdef.domain),
                ("target", ra.end, rdef.range),
            ):
                k = self._resolve_end(
                    ref, allowed, file, row, fld, problems, skey, ra, add_entry, new_keys_created
                )
                if k is not None:
                    ends.append(k)
            if len(ends) != 2:
                continue
            s_cls = self._cls_of(ends[0], new_entries)
            e_cls = self._cls_of(ends[1], new_entries)
            if not self._allows(ra.type, s_cls, e_cls):
                problems.append(
                    Problem(
                        file,
                        row,
                        "type",
                        ra.type,
                        f"{ra.type} does not go from {s_cls} to {e_cls}",
                        f"{ra.type} goes from {'/'.join(rdef.domain)} to {'/'.join(rdef.range)}"
                        "; fix the type or the ends' classes",
                    )
                )
                continue
            conf = ra.evidence.confidence
            if not 0.0 <= conf <= 1.0:
                problems.append(
                    Problem(
                        file,
                        row,
                        "confidence",
                        str(conf),
                        "confidence outside 0..1",
                        "write a number 0..1",
                    )
                )
                continue
            rprops: dict[str, Any] = {}
            bad = False
            for k, v in ra.props.items():
                if v is None or v == "":
                    continue
                if k in ("valid_from", "valid_to"):
                    d = check_date(v)
                    if d is None:
                        problems.append(
                            Problem(
                                file,
                                row,
                                k,
                                str(v),
                                "not a date",
                                "write YYYY, YYYY-MM or YYYY-MM-DD",
                            )
                        )
                        bad = True
                        continue
                    v = d
                elif not (_primitive(v) or (isinstance(v, list) and all(map(_primitive, v)))):
                    problems.append(
                        Problem(
                            file,
                            row,
                            k,
                            str(v)[:80],
                            "nested value",
                            "use text, numbers or a list of them",
                        )
                    )
                    bad = True
                    continue
                rprops[k] = v
            if bad:
                continue
            start, end = ends
            if rdef.symmetric and end < start:
                start, end = end, start
            ev: dict[str, Any] = {
                "source": skey,
                "locator": ra.evidence.locator,
                "text": ra.evidence.text,
                "extractor": source.extractor,
                "version": version,
                "confidence": conf,
                "source_url": ra.evidence.source_url,
                "ingested_at": ingested_at,
            }
            if ra.evidence.start is not None:
                ev["start"], ev["end"] = ra.evidence.start, ra.evidence.end
            if rprops:
                ev["props"] = rprops
            lst = new_rels.setdefault((start, ra.type, end), [])
            if ev not in lst:
                lst.append(ev)

        return {
            "problems": problems,
            "ingested_at": ingested_at,
            "replace": replace,
            "existed_before": existed_before,
            "entries": new_entries,
            "rels": new_rels,
            "created": new_keys_created,
        }

    def _cls_of(self, key: str, new_entries: dict[str, dict[str, Any]]) -> str:
        e = new_entries.get(key)
        info = self.resolver.info(key)
        cls = info.cls if info is not None and info.cls else ""
        if e is not None:
            c = e["cls"]
            if not cls or (
                c in self.schema.classes and cls in self.schema.classes and self.schema.is_a(c, cls)
            ):
                cls = c
        return cls

    def _resolve_end(
        self,
        ref: EntityRef,
        allowed: tuple[str, ...],
        file: str,
        row: int | None,
        fld: str,
        problems: list[Problem],
        skey: str,
        ra: RelationAssertion,
        add_entry: Callable[..., None],
        created: set[str],
    ) -> str | None:
        r = self.resolver
        schema = self.schema
        if ref.key:
            if ref.key in r.nodes:
                return ref.key
            problems.append(
                Problem(
                    file,
                    row,
                    fld,
                    ref.key,
                    "no node has this key",
                    "load the entity first or name it instead of keying it",
                )
            )
            return None
        if not ref.name or not ref.name.strip():
            problems.append(
                Problem(file, row, fld, "", "empty relation end", "name both ends of the relation")
            )
            return None
        if ref.cls is not None and ref.cls not in schema.classes:
            problems.append(
                Problem(
                    file,
                    row,
                    f"{fld}_type",
                    ref.cls,
                    "unknown class",
                    "use an ontology class name or label",
                )
            )
            return None
        if ref.cls:
            # a typed end is asserted by this source (and created when not known yet), so a
            # re-ingest or a removal treats it like any entity the source names
            top = schema.top_of(ref.cls)
            k = r.lookup(ref.name, top)
            if k is None:
                k = entity_key(top, ref.name.strip())
                created.add(k)
            add_entry(
                k,
                ref.cls,
                ref.name.strip(),
                True,
                (),
                (),
                {},
                ra.evidence.locator,
                ra.evidence.source_url,
                ra.evidence.confidence,
            )
            r.add(k, ref.cls, top, [ref.name.strip()])
            return k
        cands = r.candidates(ref.name)
        if len(cands) > 1:  # prefer the candidates the relation's domain/range admits
            fit = [
                c
                for c in cands
                if any(
                    schema.is_a(r.nodes[c].cls, d)
                    for d in allowed
                    if r.nodes[c].cls in schema.classes
                )
            ]
            cands = fit or cands
        if len(cands) == 1:
            return cands[0]
        if not cands:
            problems.append(
                Problem(
                    file,
                    row,
                    fld,
                    ref.name,
                    "no entity has this name",
                    f"add it to an entities file, or give {fld}_type so it is created",
                )
            )
        else:
            problems.append(
                Problem(
                    file,
                    row,
                    fld,
                    ref.name,
                    f"ambiguous: {len(cands)} entities have this name",
                    f"give {fld}_type or the key",
                )
            )
        return None

    # -- planning and writing ----------------------------------------------------------------
    def _apply(
        self,
        source: SourceInfo,
        ingested_at: str,
        replace: set[str],
        existed_before: bool,
        new_entries: dict[str, dict[str, Any]],
        new_rels: dict[Triple, list[dict[str, Any]]],
        extra_nodes: Sequence[NodeRecord],
        extra_rels: Sequence[RelRecord],
        summary: WriteSummary,
        progress: Progress | None,
        created_keys: set[str],
    ) -> None:
        r = self.resolver
        skey = source.key
        extra_node_map = {n.key: n for n in extra_nodes}
        extra_rel_map = {(x.start, x.type, x.end): x for x in extra_rels}
        # nodes this write touches: what it asserts now and what the replaced sources asserted
        old_keys = set(r.with_source(replace)) if existed_before else set()
        touched = set(new_entries) | set(extra_node_map) | old_keys
        touched = {k for k in touched if k not in r.nodes or r.nodes[k].top != SOURCE_CLASS}
        existing_keys = [k for k in touched if k in r.nodes and k not in created_keys]
        before_nodes = self._get_nodes(existing_keys)
        # relationships: asserted now, or asserted before by a replaced source
        rel_keys = set(new_rels) | set(extra_rel_map)
        before_rels: dict[Triple, dict[str, Any]] = {}
        if existed_before:
            before_rels.update(self._rels_with_sources(replace))
        probe = [
            t
            for t in rel_keys
            if t not in before_rels and t[0] in before_nodes and t[2] in before_nodes
        ]
        before_rels.update(self._get_rels(probe))

        # ---- plan nodes
        node_writes: list[NodeRecord] = []
        node_deletes: list[str] = []
        created_nodes: list[str] = []
        for key in touched:
            old = before_nodes.get(key)
            if key in extra_node_map:
                rec = extra_node_map[key]
                sids = set(old.props.get("source_ids") or ()) - replace if old else set()
                props = dict(rec.props)
                props["source_ids"] = sorted(sids | {skey})
                props.setdefault("key", key)
                cls = str(props.get("class") or (rec.labels[-1] if rec.labels else "Entity"))
                self._plan_node(
                    key, rec.labels, props, old, cls, node_writes, created_nodes, summary
                )
                continue
            entries = _entries(old.props) if old is not None else []
            entries = [e for e in entries if e.get("source") not in replace]
            if key in new_entries:
                e = new_entries[key]
                e["aliases"] = sorted(set(e["aliases"]) - {e["name"]})
                entries.append(_compact_entry(e))
            if not entries:
                if old is None:
                    continue
                sids = set(old.props.get("source_ids") or ()) - replace
                if old.props.get("evidence") is None and sids:
                    # a pre-built node (document outline …) another source still holds
                    props = dict(old.props)
                    props["source_ids"] = sorted(sids)
                    self._plan_node(
                        key,
                        tuple(old.labels),
                        props,
                        old,
                        str(old.props.get("class", "")),
                        node_writes,
                        created_nodes,
                        summary,
                    )
                    continue
                node_deletes.append(key)
                continue
            props = derive_node(key, entries, self.schema)
            self._plan_node(
                key,
                self._labels(props["class"]),
                props,
                old,
                props["class"],
                node_writes,
                created_nodes,
                summary,
            )

        # nodes losing every assertion but still holding other sources' relationships stay
        if node_deletes:
            keep = self._still_linked(node_deletes, before_rels, replace)
            for key in keep:
                old = before_nodes[key]
                props = dict(old.props)
                props["source_ids"] = sorted(keep[key])
                props["evidence"] = []
                self._plan_node(
                    key,
                    tuple(old.labels),
                    props,
                    old,
                    str(old.props.get("class", "")),
                    node_writes,
                    created_nodes,
                    summary,
                )
            node_deletes = [k for k in node_deletes if k not in keep]
            for k in node_deletes:
                summary.removed[str(before_nodes[k].props.get("class", "Entity"))] += 1

        # ---- plan relationships
        rel_writes: list[RelRecord] = []
        rel_deletes: list[Triple] = []
        created_rels: list[Triple] = []
        deleted_set = set(node_deletes)
        for t in {**new_rels, **extra_rel_map, **before_rels}:
            old_props = before_rels.get(t)
            if t in extra_rel_map:
                rrec = extra_rel_map[t]
                sids = set((old_props or {}).get("source_ids") or ()) - replace
                props = dict(rrec.props)
                props["source_ids"] = sorted(sids | {skey})
            else:
                entries = _entries(old_props) if old_props else []
                entries = [e for e in entries if e.get("source") not in replace]
                entries.extend(new_rels.get(t, ()))
                if not entries:
                    if old_props is None:
                        continue
                    sids = set(old_props.get("source_ids") or ()) - replace
                    if old_props.get("evidence") is None and sids:
                        props = dict(old_props)
                        props["source_ids"] = sorted(sids)
                    else:
                        if t[0] not in deleted_set and t[2] not in deleted_set:
                            rel_deletes.append(t)
                        summary.removed[t[1]] += 1
                        continue
                else:
                    props = derive_rel(entries)
            if old_props is None:
                created_rels.append(t)
                summary.created[t[1]] += 1
                rel_writes.append(RelRecord(t[1], t[0], t[2], props))
            elif _same(props, old_props):
                summary.unchanged[t[1]] += 1
            else:
                summary.updated[t[1]] += 1
                rel_writes.append(RelRecord(t[1], t[0], t[2], _with_unset(props, old_props)))

        # ---- the Source node and superseded versions
        src_old = self._get_nodes([skey]).get(skey) if skey in r.nodes else None
        src_props = {
            "key": skey,
            "name": os.path.basename(source.path) or source.path,
            "name_norm": norm_name(os.path.basename(source.path) or source.path),
            "class": SOURCE_CLASS,
            "top": SOURCE_CLASS,
            "path": source.path,
            "kind": source.kind,
            "content_hash": source.content_hash,
            "title": source.title,
            "url": source.url,
            "mapping": source.mapping,
            "extractor": source.extractor,
            "ingested_at": ingested_at,
            "source_ids": [skey],
            "entity_count": len(new_entries) + len(extra_node_map),
            "relation_count": len(new_rels) + len(extra_rel_map),
        }
        for k, v in source.extra.items():
            if _primitive(v) or (isinstance(v, list) and all(map(_primitive, v))):
                src_props.setdefault(k, v)
        self._plan_node(
            skey,
            self._labels(SOURCE_CLASS) if SOURCE_CLASS in self.schema.classes else (SOURCE_CLASS,),
            src_props,
            src_old,
            SOURCE_CLASS,
            node_writes,
            created_nodes,
            summary,
        )
        superseded = sorted(k for k in replace if k != skey and k in r.nodes)
        sup_before = self._get_nodes(superseded)
        for k in superseded:
            node_deletes.append(k)
            summary.removed[SOURCE_CLASS] += 1
        before_nodes.update(sup_before)

        # ---- write (with undo on failure)
        total = len(node_writes) + len(rel_writes) + len(node_deletes) + len(rel_deletes)
        done = 0
        try:
            if rel_deletes:
                self.store.delete_relationships(rel_deletes)
                done += len(rel_deletes)
            if node_deletes:
                self.store.delete_nodes(node_deletes)
                done += len(node_deletes)
            new_nodes = set(created_nodes)
            creates = [n for n in node_writes if n.key in new_nodes]
            updates = [n for n in node_writes if n.key not in new_nodes]
            for batch in _chunks(creates, self.batch_size):
                summary.nodes_written += self._create_nodes(batch)
                done += len(batch)
                if progress:
                    progress(done, total)
            for batch in _chunks(updates, self.batch_size):
                summary.nodes_written += self.store.upsert_nodes(batch, self.batch_size) or 0
                done += len(batch)
                if progress:
                    progress(done, total)
            new_rels_set = set(created_rels)
            rcreates = [x for x in rel_writes if (x.start, x.type, x.end) in new_rels_set]
            rupdates = [x for x in rel_writes if (x.start, x.type, x.end) not in new_rels_set]
            for rbatch in _chunks(rcreates, self.batch_size):
                summary.relationships_written += self._create_rels(rbatch)
                done += len(rbatch)
                if progress:
                    progress(done, total)
            for rbatch in _chunks(rupdates, self.batch_size):
                summary.relationships_written += (
                    self.store.upsert_relationships(rbatch, self.batch_size) or 0
                )
                done += len(rbatch)
                if progress:
                    progress(done, total)
        except (StoreError, IegraphError, OSError) as exc:
            self._undo(
                before_nodes, before_rels, created_nodes, created_rels, node_writes, rel_writes
            )
            self._resolver = None
            raise StoreError(
                f"writing {source.path} failed ({exc}); the touched items were restored",
                hint="check that the store is running (iegraph db status) and retry",
            ) from exc
        if progress:
            progress(total, total)

        # ---- keep the index in step
        for k in node_deletes:
            r.forget(k)
        for rec in node_writes:
            p = rec.props
            names = [p.get("name", ""), *(p.get("aliases") or ()), *(p.get("former_names") or ())]
            ident = (
                source_identity(str(p.get("path") or ""), str(p.get("mapping") or ""))
                if p.get("top") == SOURCE_CLASS
                else ""
            )
            r.add(
                rec.key,
                str(p.get("class", "")),
                str(p.get("top", "")),
                names,
                source_ids=p.get("source_ids") or (),
                path=ident,
                display=str(p.get("name", "")),
            )
            info = r.nodes.get(rec.key)
            if info is not None:
                info.source_ids = set(p.get("source_ids") or ())

    def _plan_node(
        self,
        key: str,
        labels: tuple[str, ...],
        props: dict[str, Any],
        old: Node | None,
        cls: str,
        writes: list[NodeRecord],
        created: list[str],
        summary: WriteSummary,
    ) -> None:
        if old is None:
            created.append(key)
            summary.created[cls] += 1
            # an absent property reads as null: empty lists and None need not travel
            writes.append(
                NodeRecord(
                    key,
                    labels,
                    {
                        k: (v if type(v) in _PLAIN_TYPES else _plain(v))
                        for k, v in props.items()
                        if v is not None and v != []
                    },
                )
            )
        elif _same(props, old.props) and set(labels) <= set(old.labels):
            summary.unchanged[cls] += 1
        else:
            summary.updated[cls] += 1
            writes.append(NodeRecord(key, labels, _with_unset(props, old.props)))

    # -- creation fast path ------------------------------------------------------------------
    # Nodes and relationships the writer has just established do not exist (it read the
    # graph to merge provenance) are CREATEd with their labels in the pattern instead of
    # MERGEd then labelled: on FalkorDB 4.x, `MERGE … SET n:Label` ran at ~2,400 nodes/s
    # against ~34,000/s for `CREATE (n:Entity:Label)` in the same run (bench notes in the
    # report); on Neo4j both are fine. The unique key constraint still refuses a duplicate
    # if another process created the node meanwhile (the write is then undone).
    def _create_nodes(self, batch: list[NodeRecord]) -> int:
        from iegraph.graph.base import check_ident

        groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for rec in batch:
            props = rec.props  # planned by _plan_node: plain values, no None
            props["key"] = rec.key
            groups.setdefault(tuple(rec.labels), []).append(props)
        n = 0
        for labels, rows in groups.items():
            extra = "".join(f":{check_ident(lb)}" for lb in labels if lb != "Entity")
            q = f"UNWIND $rows AS p CREATE (n:Entity{extra}) SET n = p RETURN count(n)"
            res = self.store.run(q, {"rows": rows}, write=True)
            n += int(res.rows[0][0]) if res.rows else len(rows)
        return n

    def _create_rels(self, batch: list[RelRecord]) -> int:
        from iegraph.graph.base import check_ident, plain

        groups: dict[str, list[dict[str, Any]]] = {}
        for rec in batch:
            groups.setdefault(rec.type, []).append(
                {
                    "s": rec.start,
                    "e": rec.end,
                    "p": {
                        k: v if type(v) in _PLAIN_TYPES else plain(v)
                        for k, v in rec.props.items()
                        if v is not None
                    },
                }
            )
        n = 0
        for typ, rows in groups.items():
            t = check_ident(typ, "relation type")
            q = (
                "UNWIND $rows AS row MATCH (a:Entity {key: row.s}) MATCH (b:Entity {key: row.e}) "
                f"CREATE (a)-[r:{t}]->(b) SET r = row.p RETURN count(r)"
            )
            res = self.store.run(q, {"rows": rows}, write=True)
            n += int(res.rows[0][0]) if res.rows else len(rows)
        return n

    # -- store reads -------------------------------------------------------------------------
    def _get_nodes(self, keys: Sequence[str]) -> dict[str, Node]:
        out: dict[str, Node] = {}
        keys = list(keys)
        for i in range(0, len(keys), self.batch_size):
            out.update(self.store.get_nodes(keys[i : i + self.batch_size]))
        return out

    def _get_rels(self, triples: Sequence[Triple]) -> dict[Triple, dict[str, Any]]:
        out: dict[Triple, dict[str, Any]] = {}
        q = (
            "UNWIND $rows AS t MATCH (a:Entity {key: t[0]})-[x]->(b:Entity {key: t[2]}) "
            "WHERE type(x) = t[1] RETURN a.key, type(x), b.key, properties(x)"
        )
        triples = list(triples)
        for i in range(0, len(triples), self.batch_size):
            rows = [list(t) for t in triples[i : i + self.batch_size]]
            for a, typ, b, props in self.store.run(q, {"rows": rows}).rows:
                out[(a, typ, b)] = dict(props or {})
        return out

    def _rels_with_sources(self, keys: set[str]) -> dict[Triple, dict[str, Any]]:
        q = (
            "MATCH (a:Entity)-[x]->(b:Entity) WHERE any(s IN x.source_ids WHERE s IN $keys) "
            "RETURN a.key, type(x), b.key, properties(x)"
        )
        res = self.store.run(q, {"keys": sorted(keys)})
        return {(a, t, b): dict(p or {}) for a, t, b, p in res.rows}

    def _still_linked(
        self, keys: list[str], before_rels: dict[Triple, dict[str, Any]], replace: set[str]
    ) -> dict[str, set[str]]:
        """Nodes among ``keys`` that relationships of other sources still use → their
        sources."""
        keep: dict[str, set[str]] = {}
        kset = set(keys)
        for rel in self.store.expand(keys):
            t = (rel.start, rel.type, rel.end)
            sids = set(rel.props.get("source_ids") or ()) - replace
            if t in before_rels or not sids:
                continue
            for end in (rel.start, rel.end):
                if end in kset:
                    keep.setdefault(end, set()).update(sids)
        return keep

    def _undo(
        self,
        before_nodes: dict[str, Node],
        before_rels: dict[Triple, dict[str, Any]],
        created_nodes: list[str],
        created_rels: list[Triple],
        node_writes: Sequence[NodeRecord] = (),
        rel_writes: Sequence[RelRecord] = (),
    ) -> None:
        """Best effort: put back what was there before a failed write (the properties a
        partial write added are removed again)."""
        added = {w.key: w.props for w in node_writes}
        radded = {(w.start, w.type, w.end): w.props for w in rel_writes}
        try:
            if created_rels:
                self.store.delete_relationships(created_rels)
            if created_nodes:
                self.store.delete_nodes(created_nodes)
            if before_nodes:
                self.store.upsert_nodes(
                    [
                        NodeRecord(
                            k,
                            tuple(lb for lb in n.labels if lb != "Entity"),
                            _with_unset(n.props, added.get(k, {})),
                        )
                        for k, n in before_nodes.items()
                    ],
                    self.batch_size,
                )
            if before_rels:
                self.store.upsert_relationships(
                    [
                        RelRecord(t[1], t[0], t[2], _with_unset(p, radded.get(t, {})))
                        for t, p in before_rels.items()
                    ],
                    self.batch_size,
                )
        except IegraphError:  # the store is gone; nothing more can be done from here
            pass

    # -- removal -----------------------------------------------------------------------------
    def remove_source(self, source_key: str) -> WriteSummary:
        """Remove what only that source asserted and strip it from the rest.

        Example:
            >>> w.remove_source("source:3f2a…").removed
            Counter({'University': 2, 'BUILDS': 2, 'Source': 1})
        """
        from iegraph.ontology.errors import NotFound

        r = self.resolver
        if source_key not in r.nodes or r.nodes[source_key].top != SOURCE_CLASS:
            raise NotFound(
                f"no source {source_key!r} in the graph",
                hint="see the keys with: iegraph sources list",
            )
        summary = WriteSummary(sources=[source_key])
        self._apply_removal(source_key, summary)
        return summary

    def _apply_removal(self, skey: str, summary: WriteSummary) -> None:
        r = self.resolver
        replace = {skey}
        touched = {k for k in r.with_source(replace) if r.nodes[k].top != SOURCE_CLASS}
        before_nodes = self._get_nodes(sorted(touched))
        before_rels = self._rels_with_sources(replace)
        node_writes: list[NodeRecord] = []
        node_deletes: list[str] = []
        created: list[str] = []
        for key in sorted(touched):
            old = before_nodes.get(key)
            if old is None:
                continue
            entries = [e for e in _entries(old.props) if e.get("source") != skey]
            sids = set(old.props.get("source_ids") or ()) - replace
            if entries:
                props = derive_node(key, entries, self.schema)
                self._plan_node(
                    key,
                    self._labels(props["class"]),
                    props,
                    old,
                    props["class"],
                    node_writes,
                    created,
                    summary,
                )
            elif old.props.get("evidence") is None and sids:
                props = dict(old.props)
                props["source_ids"] = sorted(sids)
                self._plan_node(
                    key,
                    tuple(old.labels),
                    props,
                    old,
                    str(old.props.get("class", "")),
                    node_writes,
                    created,
                    summary,
                )
            else:
                node_deletes.append(key)
        keep = self._still_linked(node_deletes, before_rels, replace) if node_deletes else {}
        for key, sids in keep.items():
            old = before_nodes[key]
            props = dict(old.props)
            props["source_ids"] = sorted(sids)
            props["evidence"] = []
            self._plan_node(
                key,
                tuple(old.labels),
                props,
                old,
                str(old.props.get("class", "")),
                node_writes,
                created,
                summary,
            )
        node_deletes = [k for k in node_deletes if k not in keep]
        for k in node_deletes:
            summary.removed[str(before_nodes[k].props.get("class", "Entity"))] += 1
        deleted = set(node_deletes)
        rel_writes: list[RelRecord] = []
        rel_deletes: list[Triple] = []
        for t, old_props in sorted(before_rels.items()):
            entries = [e for e in _entries(old_props) if e.get("source") != skey]
            sids = set(old_props.get("source_ids") or ()) - replace
            if entries:
                props = derive_rel(entries)
            elif old_props.get("evidence") is None and sids:
                props = dict(old_props)
                props["source_ids"] = sorted(sids)
            else:
                summary.removed[t[1]] += 1
                if t[0] not in deleted and t[2] not in deleted:
                    rel_deletes.append(t)
                continue
            if _same(props, old_props):
                summary.unchanged[t[1]] += 1
            else:
                summary.updated[t[1]] += 1
                rel_writes.append(RelRecord(t[1], t[0], t[2], _with_unset(props, old_props)))
        node_deletes.append(skey)
        summary.removed[SOURCE_CLASS] += 1
        before_nodes.update(self._get_nodes([skey]))
        try:
            if rel_deletes:
                self.store.delete_relationships(rel_deletes)
            self.store.delete_nodes(node_deletes)
            for batch in _chunks(node_writes, self.batch_size):
                summary.nodes_written += self.store.upsert_nodes(batch, self.batch_size) or 0
            for rbatch in _chunks(rel_writes, self.batch_size):
                summary.relationships_written += (
                    self.store.upsert_relationships(rbatch, self.batch_size) or 0
                )
        except IegraphError as exc:
            self._undo(before_nodes, before_rels, [], [], node_writes, rel_writes)
            self._resolver = None
            raise StoreError(
                f"removing {skey} failed ({exc}); the touched items were restored",
                hint="check that the store is running and retry",
            ) from exc
        for k in node_deletes:
            r.forget(k)
        for rec in node_writes:
            info = r.nodes.get(rec.key)
            if info is not None:
                info.source_ids = set(rec.props.get("source_ids") or ())
        # names of stripped nodes may have changed: rebuild lazily on next use
        if node_writes:
            self._resolver = None


def _plain(v: Any) -> Any:
    from iegraph.graph.base import plain

    return plain(v)


def _same(new: dict[str, Any], old: dict[str, Any]) -> bool:
    for k, v in new.items():
        ov = old.get(k)
        if v is None and ov is None:
            continue
        if isinstance(v, list) or isinstance(ov, list):
            if list(v or []) != list(ov or []):
                return False
        elif v != ov:
            return False
    return True


def _with_unset(new: dict[str, Any], old: dict[str, Any]) -> dict[str, Any]:
    """``new`` plus ``None`` for the derived/asserted keys it no longer has (removes them)."""
    out = dict(new)
    for k in old:
        if k not in out:
            out[k] = None
    return out


def _chunks(seq: list[Any], n: int) -> Iterable[list[Any]]:
    for i in range(0, len(seq), n):
        yield seq[i : i + n]


def _convert(v: Any, datatype: str) -> Any:
    if datatype == "integer":
        if isinstance(v, bool):
            raise ValueError
        if isinstance(v, int):
            return v
        s = str(v).strip().replace(",", "")
        if not re.fullmatch(r"[+-]?\d+", s):
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
        if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", s):
            raise ValueError
        return s
    if isinstance(v, list):
        return [str(x) for x in v]
    return str(v)
