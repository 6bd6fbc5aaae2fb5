"""The lean first load: canonical entity and relation CSV files into a graph with no nodes.

A national list loaded into a fresh graph needs none of the general writer's machinery (no
existing keys to merge with, no earlier versions to replace, nothing to read back), so this
path builds the stored records straight from the rows — the exact properties, evidence
strings and search keys :func:`ingest.writer.entries.derive_node` / ``derive_rel`` give a
node or relationship asserted once — and hands them to the store's bulk load, without the
per-row assertion and entry objects.

It runs only when every precondition holds, and otherwise returns None so the caller takes
the normal path (which then also reports any invalid row with its usual wording):

* the store is the embedded FalkorDB (GRAPH.BULK) and the graph holds no node;
* only canonical CSV files (no mapped tables), no ``key``, ``place``, ``industry`` or code
  columns, no typed relation ends, no keyed relation ends;
* every row is valid, every entity's names are new (no two rows merge into one node) and no
  relationship is asserted twice.

The contract (tests/contract/test_fastload.py): the graph it writes is identical to the
normal path's, node by node and relationship by relationship.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iegraph.graph.model import NodeRecord, RelRecord
from iegraph.graph.store import CAP_BULK_BINARY
from iegraph.ingest.normalize import entity_key
from iegraph.ingest.records.canonical import (
    _KEY,
    ENTITY_KNOWN,
    RELATION_KNOWN,
    _s,
    _text,
    validity_cells,
)
from iegraph.ingest.records.io import Table, read_table
from iegraph.ingest.records.values import parse_confidence, parse_date
from iegraph.ingest.resolve import name_forms
from iegraph.ingest.writer import core as writer_core
from iegraph.ingest.writer.checks import BAD, AllowedPairs, PropChecker
from iegraph.ingest.writer.entries import SOURCE_CLASS, dumps
from iegraph.ingest.writer.plan import WritePlan
from iegraph.ingest.writer.prepare import Prepared as WriterPrepared
from iegraph.ingest.writer.report import Problem, WriteSummary

if TYPE_CHECKING:
    from iegraph.ingest.assertions import SourceInfo
    from iegraph.ingest.records.load import LoadResult
    from iegraph.ingest.resolve import Resolver
    from iegraph.ingest.writer import GraphWriter
    from iegraph.ontology.schema import Schema

Progress = Callable[[str, int, int], None]

_ENTITY_UNSUPPORTED = ("key", "place", "industry")
_RELATION_UNSUPPORTED = ("source_type", "target_type")


class _Fallback(Exception):
    """A precondition of the lean path does not hold: take the normal path."""


class _Built:
    """One file's records, ready for the bulk load."""

    def __init__(self, source: SourceInfo, rows: int) -> None:
        self.source = source
        self.rows = rows
        self.nodes: list[NodeRecord] = []
        self.rels: list[RelRecord] = []
        self.created: Counter[str] = Counter()
        self.assertions = 0


class _Builder:
    def __init__(self, schema: Schema, resolver: Resolver, ingested_at: str) -> None:
        self.schema = schema
        self.r = resolver
        self.at = ingested_at
        self.checker = PropChecker(schema)
        self._labels: dict[str, tuple[str, ...]] = {}
        self._allows = AllowedPairs(schema)
        self.cls_of: dict[str, str] = {}
        self._ends: dict[tuple[str, tuple[str, ...]], str] = {}

    def labels(self, cls: str) -> tuple[str, ...]:
        hit = self._labels.get(cls)
        if hit is None:
            s = self.schema
            hit = tuple(s.labels_for_store(cls)[1:]) if cls in s.classes else (cls,)
            self._labels[cls] = hit
        return hit

    # -- entities ----------------------------------------------------------------------------
    def entities(self, path: Path, encoding: str | None) -> _Built:
        from iegraph.ingest.reference.codes import code_properties

        schema, r = self.schema, self.r
        t = read_table(path, encoding=encoding)
        cols = t.columns
        if t.format != "csv" or not {"name", "type"} <= set(cols):
            raise _Fallback("not a canonical entities CSV")
        if set(cols) & {*_ENTITY_UNSUPPORTED, *code_properties(schema).values()}:
            raise _Fallback("key, place, industry or code columns")
        extra = [c for c in cols if c not in ENTITY_KNOWN and c[:2] != "__"]
        file = t.path
        # rows are streamed: the Source's row count is known at the end, its key (from the
        # content hash) now
        out = _Built(self._source(t, 0, "entities"), 0)
        skey = out.source.key
        resolve_class = schema.resolve_class
        cls_cache: dict[str, str | None] = {}
        problems: list[Problem] = []
        entity_props = self.checker.entity_props
        for row_no, row in t.rows:
            out.rows += 1
            if "__ragged__" in row:
                raise _Fallback("ragged row")
            name = _s(row.get("name"))
            typ = _s(row.get("type"))
            if not name:
                raise _Fallback("empty name")
            if typ in cls_cache:
                cls = cls_cache[typ]
            else:
                cls = cls_cache[typ] = resolve_class(typ) if typ else None
            if cls is None or cls not in schema.classes:
                raise _Fallback("unknown class")
            conf = 1.0
            rc = row.get("confidence")
            if rc not in (None, ""):
                c = parse_confidence(rc)
                if c is None or not 0 <= c <= 1:
                    raise _Fallback("bad confidence")
                conf = c
            raw: dict[str, Any] = {}
            for k in ("valid_from", "valid_to"):
                v = _s(row.get(k))
                if v:
                    d = parse_date(v)
                    if d is None:
                        raise _Fallback("bad date")
                    raw[k] = d
            for k in extra:
                x = row.get(k)
                if x not in (None, ""):
                    raw[k] = x.strip() if isinstance(x, str) else x
            name_def = self.checker.defs(cls).get("name")
            name_max = name_def.max_length if name_def is not None else None
            if name_max is not None and len(name) > name_max:
                raise _Fallback("name too long")
            props = entity_props(cls, raw, file, row_no, problems)
            if problems:
                raise _Fallback("invalid property")
            araw = _s(row.get("aliases"))
            aliases = [a.strip() for a in araw.split("|") if a.strip()] if araw else []
            top = schema.top_of(cls)
            names = [name, *aliases]
            for n in names:
                if r.lookup(n, top) is not None:
                    raise _Fallback("two rows name one entity")
            key = entity_key(top, name)
            if key in r.nodes:
                raise _Fallback("key taken")
            r.add(key, "", top, names)
            r.nodes[key].cls = cls
            self.cls_of[key] = cls
            url = _s(row.get("source_url"))
            al = sorted(set(aliases) - {name})
            entry: dict[str, Any] = {
                "source": skey,
                "cls": cls,
                "name": name,
                "locators": [f"row {row_no}"],
                "confidence": conf,
                "ingested_at": self.at,
            }
            if al:
                entry["aliases"] = al
            if props:
                entry["props"] = props
            if url:
                entry["source_url"] = url
            forms: set[str] = set(name_forms(name))
            for a in al:
                forms.update(name_forms(a))
            node = dict(props)
            node.update(
                {
                    "key": key,
                    "name": name,
                    "name_norm": name_forms(name)[0],
                    "class": cls,
                    "top": top,
                    "aliases": [a for a in al if a],
                    "search_keys": sorted(forms),
                    "former_names": [],
                    "source_ids": [skey],
                    "source_urls": [url] if url else [],
                    "confidence": conf,
                    "evidence": [dumps(entry)],
                    "renamed_from": None,
                    "renamed_on": None,
                }
            )
            out.nodes.append(NodeRecord(key, self.labels(cls), node))
            out.created[cls] += 1
            out.assertions += 1
        out.source = self._source(t, out.rows, "entities")
        return out

    # -- relations ---------------------------------------------------------------------------
    def relations(self, path: Path, encoding: str | None) -> _Built:
        schema = self.schema
        t = read_table(path, encoding=encoding)
        cols = t.columns
        if t.format != "csv" or not {"source", "type", "target"} <= set(cols):
            raise _Fallback("not a canonical relations CSV")
        if set(cols) & set(_RELATION_UNSUPPORTED):
            raise _Fallback("typed relation ends")
        extra = [c for c in cols if c not in RELATION_KNOWN and c[:2] != "__"]
        file = t.path
        src = self._source(t, 0, "relations")
        out = _Built(src, 0)
        skey = src.key
        extractor = src.extractor
        version = extractor.split("/", 1)[1] if "/" in extractor else ""
        rel_cache: dict[str, str | None] = {}
        dates: dict[str, str | None] = {}
        seen: set[tuple[str, str, str]] = set()
        problems: list[Problem] = []
        relation_props = self.checker.relation_props
        for row_no, row in t.rows:
            out.rows += 1
            if "__ragged__" in row:
                raise _Fallback("ragged row")
            get = row.get
            # a CSV cell is always a string
            s_name = get("source", "").strip()
            d_name = get("target", "").strip()
            typ = get("type", "").strip()
            if not s_name or not d_name or _KEY.match(s_name) or _KEY.match(d_name):
                raise _Fallback("empty or keyed relation end")
            if typ in rel_cache:
                rtype = rel_cache[typ]
            else:
                rtype = rel_cache[typ] = schema.resolve_relation(typ) if typ else None
            rdef = schema.relations.get(rtype) if rtype is not None else None
            if rtype is None or rdef is None:
                raise _Fallback("unknown relation type")
            raw: dict[str, Any] = {}
            for k, _v, d in validity_cells(get, dates):
                if d is None:
                    raise _Fallback("bad date")
                raw[k] = d
            conf = 1.0
            rc = get("confidence")
            if rc not in (None, ""):
                c2 = parse_confidence(rc)
                if c2 is None or not 0 <= c2 <= 1:
                    raise _Fallback("bad confidence")
                conf = c2
            for k in extra:
                x = get(k)
                if x not in (None, ""):
                    raw[k] = x.strip() if isinstance(x, str) else x
            start = self._end(s_name, rdef.domain)
            end = self._end(d_name, rdef.range)
            if not self._allows(rtype, self.cls_of[start], self.cls_of[end]):
                raise _Fallback("domain or range")
            rprops = relation_props(raw, file, row_no, problems)
            if rprops is BAD or not isinstance(rprops, dict):
                raise _Fallback("invalid property")
            if rdef.symmetric and end < start:
                start, end = end, start
            triple = (start, rtype, end)
            if triple in seen:
                raise _Fallback("a relationship asserted twice")
            seen.add(triple)
            entry: dict[str, Any] = {
                "source": skey,
                "locator": f"row {row_no}",
                "text": _s(get("evidence")) or _text(row),
                "extractor": extractor,
                "version": version,
                "confidence": conf,
                "source_url": _s(get("source_url")),
                "ingested_at": self.at,
            }
            if rprops:
                entry["props"] = rprops
            props = dict(rprops)
            props.setdefault("valid_from", None)
            props.setdefault("valid_to", None)
            props["source_ids"] = [skey]
            props["confidence"] = conf
            props["evidence"] = [dumps(entry)]
            out.rels.append(RelRecord(rtype, start, end, props))
            out.created[rtype] += 1
            out.assertions += 1
        out.source = self._source(t, out.rows, "relations")
        return out

    @staticmethod
    def _source(t: Table, rows: int, role: str) -> SourceInfo:
        from iegraph.ingest.records.load import _source

        return _source(
            t.path, t.content_hash, rows=rows, encoding=t.encoding, fmt=t.format, role=role
        )

    def _end(self, name: str, allowed: tuple[str, ...]) -> str:
        # a name recurs on many rows (an entity in several relations): resolved once per
        # name and domain/range
        memo = self._ends
        hit = memo.get((name, allowed))
        if hit is not None:
            return hit
        k = memo[(name, allowed)] = self._resolve_end(name, allowed)
        return k

    def _resolve_end(self, name: str, allowed: tuple[str, ...]) -> str:
        r, schema = self.r, self.schema
        cands = r.candidates(name)
        if len(cands) > 1:  # the candidates the relation's domain/range admits
            fit = [
                c
                for c in cands
                if self.cls_of.get(c, "") in schema.classes
                and any(schema.is_a(self.cls_of[c], d) for d in allowed)
            ]
            cands = fit or cands
        if len(cands) != 1 or cands[0] not in self.cls_of:
            raise _Fallback("unresolved or ambiguous relation end")
        return cands[0]


def fast_load(
    writer: GraphWriter,
    schema: Schema,
    entities: Sequence[Path],
    relations: Sequence[Path],
    *,
    encoding: str | None = None,
    progress: Progress | None = None,
) -> LoadResult | None:
    """Load canonical files into an empty graph through the bulk path, or None (nothing
    written) when a precondition of this path fails — see the module doc."""
    from iegraph.ingest.records.load import LoadResult

    store = writer.store
    if CAP_BULK_BINARY not in store.capabilities or not (entities or relations):
        return None  # the contract is proven on FalkorDB's GRAPH.BULK (Neo4j: normal path)
    names = ", ".join(os.path.basename(str(p)) for p in [*entities, *relations][:3])
    if store.stats()["nodes"]:
        return None  # the graph holds nodes (per-label counts: no scan of them)
    with writer.locked(f"ingest {names}") as lease:
        if len(writer.resolver.nodes):
            return None  # the graph holds nodes: the normal path merges with them
        b = _Builder(schema, writer.resolver, writer_core._now())
        try:
            built = [b.entities(p, encoding) for p in entities]
            built += [b.relations(p, encoding) for p in relations]
        except _Fallback:
            writer.refresh()
            return None
        total = WriteSummary()
        files: list[dict[str, Any]] = []
        try:
            for f in built:
                prep = WriterPrepared(
                    source=f.source, ingested_at=b.at, replace={f.source.key}, existed_before=False
                )
                plan = WritePlan(create_nodes=f.nodes, create_rels=f.rels, created=f.created)
                counts = Counter(f.created)
                counts[SOURCE_CLASS] += 1
                sprops = writer.source_props(prep, len(f.nodes), len(f.rels))
                sprops["item_counts"] = sorted(f"{k}={v}" for k, v in counts.items())
                plan.source = NodeRecord(f.source.key, b.labels(SOURCE_CLASS), sprops)
                plan.source_new = True
                plan.created[SOURCE_CLASS] += 1
                summary = WriteSummary(created=plan.created, sources=[f.source.key])
                lease.wrote = True

                def cb(d: int, n: int, _p: str = f.source.path) -> None:
                    if progress:
                        progress(Path(_p).name, d, n)

                summary.nodes_written, summary.relationships_written = (
                    writer.executor.apply_or_restore(plan, f"writing {f.source.path}", cb)
                )
                total.merge(summary)
                files.append(
                    {
                        "file": f.source.path,
                        "source": f.source.key,
                        "mapping": f.source.mapping,
                        "rows": f.rows,
                        "entities": f.assertions if f.nodes else 0,
                        "relations": f.assertions if f.rels else 0,
                        "filtered": {},
                        "rejected": 0,
                    }
                )
                f.nodes, f.rels = [], []
        finally:
            writer.refresh()
        return LoadResult(total, files, path="fast")
