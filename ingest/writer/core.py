"""The GraphWriter: the one path from typed assertions (records or documents) into the graph.

It runs the stages of this package under the graph's write lock:

1. skip every source whose exact content (hash) the graph already holds — one keyed read of
   the Source nodes, no parsing of the graph;
2. :mod:`~ingest.writer.prepare` — validate against the ontology and resolve names for all
   sources of the call; any problem (unless ``skip_invalid``) raises
   :class:`~ontology.errors.ValidationError` with the report *before anything is written*;
3. per source: :class:`~ingest.writer.execute.Reader` reads the state the write touches,
   :func:`~ingest.writer.plan.plan_write` plans it (pure), the
   :class:`~ingest.writer.execute.Executor` applies it (bulk path for mostly-new keys) and,
   if the store fails midway, applies the plan's inverse.

Example:
    >>> from iegraph.graph import open_store
    >>> from iegraph.ontology.schema import load_schema
    >>> w = GraphWriter(open_store(), load_schema())
    >>> summary = w.write_source(source, entities, relations)
    >>> summary.created["University"], summary.relationships_written
    (3, 12)
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from iegraph.ingest.normalize import norm_name
from iegraph.ingest.resolve import Resolver, source_identity
from iegraph.ingest.writer.checks import primitive
from iegraph.ingest.writer.entries import SOURCE_CLASS
from iegraph.ingest.writer.execute import Executor, Reader
from iegraph.ingest.writer.group import fold, merge_plans, source_state
from iegraph.ingest.writer.plan import (
    GraphState,
    Unchanged,
    WritePlan,
    parse_counts,
    plan_write,
)
from iegraph.ingest.writer.prepare import Prepared, Preparer, continued
from iegraph.ingest.writer.report import Problem, WriteSummary
from iegraph.ontology.errors import NotFound, ValidationError

if TYPE_CHECKING:
    from iegraph.graph.lock import Lease
    from iegraph.graph.model import Node, NodeRecord, RelRecord
    from iegraph.graph.store import GraphStore
    from iegraph.ingest.assertions import (
        EntityAssertion,
        EntityRef,
        RelationAssertion,
        SourceInfo,
    )
    from iegraph.ontology.schema import Schema

Progress = Callable[[int, int], None]
Batch = tuple["SourceInfo", list["EntityAssertion"], list["RelationAssertion"]]

_SOURCE_COLS = (
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
)


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _stderr(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


class GraphWriter:
    """Validate, resolve, plan and write the assertions of sources.

    Args:
        store: any :class:`graph.store.GraphStore`.
        schema: the compiled ontology.
        batch_size: rows per statement on the ordinary write path.
        skip_invalid: write the valid assertions and report the rest instead of refusing.
        on_wait: told (once) when another writer holds the graph's write lock; default
            prints to stderr.
        bulk: use the store's bulk path for writes that create many records.
    """

    def __init__(
        self,
        store: GraphStore,
        schema: Schema,
        *,
        batch_size: int = 10_000,
        skip_invalid: bool = False,
        on_wait: Callable[[str], None] | None = _stderr,
        bulk: bool = True,
    ) -> None:
        self.store = store
        self.schema = schema
        self.batch_size = batch_size
        self.skip_invalid = skip_invalid
        self.on_wait = on_wait
        self._resolver: Resolver | None = None
        self._preparer: Preparer | None = None
        self._generation: str | None = None
        self._rel_types: set[str] | None = None
        self.reader = Reader(store, batch_size)
        self.executor = Executor(store, batch_size, bulk=bulk)

    # -- index -------------------------------------------------------------------------------
    @property
    def resolver(self) -> Resolver:
        if self._resolver is None:
            self._resolver = Resolver.from_store(self.store)
            self._preparer = None
        return self._resolver

    @property
    def preparer(self) -> Preparer:
        r = self.resolver
        if self._preparer is None or self._preparer.r is not r:
            self._preparer = Preparer(self.schema, r)
        return self._preparer

    def refresh(self) -> None:
        """Forget the index (another process wrote); the next use rescans."""
        self._resolver = None
        self._preparer = None
        self._rel_types = None

    def resolve(self, ref: EntityRef) -> str | None:
        """Key of the node ``ref`` names, or None.

        Example:
            >>> w.resolve(EntityRef("深圳職業技術大學", "Institution"))
            'institution:深圳职业技术大学'
        """
        r = self.resolver
        if ref.key:
            return ref.key if ref.key in r.nodes else None
        top = self.schema.top_of(ref.cls) if ref.cls in self.schema.classes else None
        if ref.cls and top is None:
            return None
        return r.lookup(ref.name, top)

    def known_names(self) -> list[tuple[str, str, str]]:
        """``(surface name, class, key)`` for every entity name and alias in the graph."""
        return self.resolver.known_names()

    def list_sources(self) -> list[dict[str, Any]]:
        """Every ``Source`` node's properties, oldest first."""
        out = [
            {c: n.props.get(c) for c in _SOURCE_COLS}
            for n in self.store.nodes_with_label(SOURCE_CLASS)
        ]
        return sorted(out, key=lambda s: (s.get("ingested_at") or "", s.get("key") or ""))

    # -- the lock ----------------------------------------------------------------------------
    @contextmanager
    def _locked(self, purpose: str) -> Iterator[Lease]:
        lease: Lease | None = None
        try:
            with self.store.write_lock(purpose, on_wait=self.on_wait) as lease:
                if lease.generation != self._generation:
                    self.refresh()  # another writer wrote since this one last looked
                yield lease
        except BaseException:
            self.refresh()
            raise
        finally:
            self._generation = lease.after if lease is not None else None

    def locked(self, purpose: str) -> contextlib.AbstractContextManager[Lease]:
        """The graph's write lock (the writer's index refreshed if another writer wrote)."""
        return self._locked(purpose)

    # -- validation --------------------------------------------------------------------------
    def check(self, batches: Sequence[Batch]) -> list[Problem]:
        """Validate several sources as if written in this order, writing nothing.

        A multi-file load calls this first so that one invalid row anywhere leaves the graph
        untouched (a relations file may name entities an entities file of the same load
        brings in, so the sources are resolved in order, against one index).
        """
        problems: list[Problem] = []
        try:
            for source, ents, rels in batches:
                problems.extend(self._prepare(source, ents, rels).problems)
        finally:
            self.refresh()  # drop the in-load additions; the write rescans
        return problems

    def _prepare(
        self,
        source: SourceInfo,
        entities: list[EntityAssertion],
        relations: list[RelationAssertion],
    ) -> Prepared:
        r = self.resolver
        source, replace = continued(source, r)
        skey = source.key
        ingested_at = _now()
        if skey in r.nodes:  # same content again: keep its time so nothing changes
            old = self.store.get_nodes([skey]).get(skey)
            if (
                old is not None
                and old.props.get("ingested_at")
                and old.props.get("content_hash") == source.content_hash
            ):
                ingested_at = str(old.props["ingested_at"])
        prep = Prepared(
            source=source,
            ingested_at=ingested_at,
            replace=replace,
            existed_before=any(k in r.nodes for k in replace),
        )
        pr = self.preparer
        pr.entities(prep, entities)
        pr.relations(prep, relations)
        return prep

    # -- writing -----------------------------------------------------------------------------
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
        """Validate, resolve and write everything one source asserts.

        Raises:
            ValidationError: some assertion is invalid and ``skip_invalid`` is off; its
                ``details["problems"]`` lists file/row/field/value/reason/fix/code. Nothing
                was written.

        Example:
            >>> src = SourceInfo("records", "orgs.csv", sha256_hex)
            >>> ent = EntityAssertion("University", "深圳大学", Evidence("row 2"))
            >>> w.write_source(src, [ent], []).created
            Counter({'University': 1, 'Source': 1})
        """

        def cb(_i: int, _p: str, done: int, total: int) -> None:
            if progress:
                progress(done, total)

        return self._write(
            [(source, entities, relations)],
            extras={source.key: (extra_nodes, extra_rels)},
            progress=cb,
            skip_invalid=skip_invalid,
        )[0]

    def write_sources(
        self,
        batches: Sequence[Batch],
        *,
        progress: Callable[[int, str, int, int], None] | None = None,
        skip_invalid: bool | None = None,
        extras: dict[str, tuple[Sequence[NodeRecord], Sequence[RelRecord]]] | None = None,
        together: bool = False,
        consume: bool = False,
    ) -> list[WriteSummary]:
        """Validate several sources together, then write them in order — nothing at all if
        any is invalid (unless ``skip_invalid``). Sources whose exact content the graph
        already holds are skipped (reported in ``skipped``, their items as unchanged).

        Args:
            extras: pre-built records per source key (as ``write_source``'s ``extra_*``).
            together: write the sources new to the graph as one store write
                (:mod:`ingest.writer.group`): one read, one plan, one set of round trips for
                all of them; if the store fails midway the whole group is undone and
                :class:`StoreError` raised (nothing of the group stays). Sources with an
                earlier version are written one by one, in order, as without it.
            consume: empty the batches' assertion lists once they are validated and resolved
                (the writer's own keyed form replaces them), so a large load does not hold
                both.

        Example:
            >>> w.write_sources([(orgs_src, orgs, []), (links_src, [], links)])
        """
        return self._write(
            batches,
            extras=extras or {},
            progress=progress,
            skip_invalid=skip_invalid,
            together=together,
            consume=consume,
        )

    def _write(
        self,
        batches: Sequence[Batch],
        *,
        extras: dict[str, tuple[Sequence[NodeRecord], Sequence[RelRecord]]],
        progress: Callable[[int, str, int, int], None] | None,
        skip_invalid: bool | None,
        together: bool = False,
        consume: bool = False,
    ) -> list[WriteSummary]:
        skip = self.skip_invalid if skip_invalid is None else skip_invalid
        names = ", ".join(os.path.basename(b[0].path) for b in batches[:3])
        with self._locked(f"ingest {names}") as lease:
            done = self.unchanged_sources([b[0] for b in batches], skip)
            todo = [(i, b) for i, b in enumerate(batches) if b[0].key not in done]
            preps = []
            for _, b in todo:
                preps.append(self._prepare(*b))
                if consume:
                    b[1].clear()
                    b[2].clear()
            problems = [p for prep in preps for p in prep.problems]
            if problems and not skip:
                files = sorted({p.file for p in problems})
                raise ValidationError(
                    f"{len(problems)} invalid item(s) in {', '.join(files)}; nothing was written",
                    hint="fix the rows listed in the report, or pass --skip-invalid to load the "
                    "valid ones",
                    problems=[p.to_json() for p in problems],
                )
            out = [done.get(b[0].key) or WriteSummary() for b in batches]
            group: list[tuple[int, Prepared]] = []
            for (i, (source, _, _)), prep in zip(todo, preps, strict=True):
                lease.wrote = True
                if together and not prep.existed_before:
                    group.append((i, prep))
                    continue
                self._write_group(group, extras, out, progress)
                group = []

                def cb(d: int, t: int, _i: int = i, _p: str = source.path) -> None:
                    if progress:
                        progress(_i, _p, d, t)

                ex_nodes, ex_rels = extras.get(source.key, ((), ()))
                out[i] = self._write_one(prep, ex_nodes, ex_rels, cb)
            self._write_group(group, extras, out, progress)
            return out

    def unchanged_sources(
        self, sources: Sequence[SourceInfo], skip_invalid: bool
    ) -> dict[str, WriteSummary]:
        """The sources whose exact content the graph holds, with summaries saying so. One
        keyed read of Source nodes; a source written with rejected rows is re-checked unless
        ``skip_invalid`` (so a strict re-run still reports them)."""
        found = self.store.get_nodes([s.key for s in sources])
        versions: dict[str, Node] | None = None
        out: dict[str, WriteSummary] = {}
        for s in sources:
            n = found.get(s.key)
            if n is None and s.kind == "records":
                # a later version of a file keeps its first version's key (see
                # prepare.continued): found by path, mapping and content hash
                if versions is None:
                    versions = {
                        f"{v.props.get('path')}|{v.props.get('mapping') or ''}"
                        f"|{v.props.get('content_hash')}": v
                        for v in self.store.nodes_with_label(SOURCE_CLASS)
                    }
                n = versions.get(f"{s.path}|{s.mapping}|{s.content_hash}")
            if n is None or n.props.get("content_hash") != s.content_hash:
                continue
            if n.props.get("item_counts") is None:  # written by an older writer
                continue
            if int(n.props.get("rejected_count") or 0) and not skip_invalid:
                continue
            out[s.key] = WriteSummary(
                unchanged=parse_counts(n.props.get("item_counts")),
                sources=[n.key],
                skipped=[n.key],
            )
        return out

    def _rel_types_present(self) -> set[str]:
        if self._rel_types is None:
            self._rel_types = set(self.store.stats()["relationships"])
        return self._rel_types

    def source_props(self, prep: Prepared, n_nodes: int, n_rels: int) -> dict[str, Any]:
        source = prep.source
        base = os.path.basename(source.path) or source.path
        props: dict[str, Any] = {
            "key": source.key,
            "name": base,
            "name_norm": norm_name(base),
            "class": SOURCE_CLASS,
            "top": SOURCE_CLASS,
            "path": source.path,
            "kind": source.kind,
            "content_hash": source.content_hash,
            "title": source.title,
            "url": source.url,
            "mapping": source.mapping,
            "extractor": source.extractor,
            "ingested_at": prep.ingested_at,
            "source_ids": [source.key],
            "entity_count": n_nodes,
            "relation_count": n_rels,
            "rejected_count": len(prep.problems),
        }
        for k, v in source.extra.items():
            if primitive(v) or (isinstance(v, list) and all(map(primitive, v))):
                props.setdefault(k, v)
        return props

    def _write_one(
        self,
        prep: Prepared,
        extra_nodes: Sequence[NodeRecord],
        extra_rels: Sequence[RelRecord],
        progress: Progress | None,
    ) -> WriteSummary:
        r = self.resolver
        skey = prep.source.key
        old_keys = set(r.with_source(prep.replace)) if prep.existed_before else set()
        unchanged = self._unchanged(prep, extra_nodes, extra_rels)
        if unchanged is not None:
            old_keys -= unchanged.nodes
        n_nodes, n_rels = len(prep.nodes), len(prep.rels)  # before the unchanged go
        state = self.reader.state(
            prep,
            source_key=skey,
            replace=prep.replace,
            existed_before=prep.existed_before,
            old_keys=old_keys,
            known=r.nodes.__contains__,
            new_keys=prep.new_keys,
            extra_nodes=extra_nodes,
            extra_rels=extra_rels,
            rel_types_present=self._rel_types_present,
            unchanged=unchanged,
        )
        if unchanged is not None:
            n_nodes += len(unchanged.nodes)
            n_rels += len(unchanged.rels)
        plan = self._plan(
            prep, state, extra_nodes, extra_rels, old_keys, unchanged, (n_nodes, n_rels)
        )
        # the plan holds its own records now: the entries need not outlive planning
        prep.nodes.clear()
        prep.rels.clear()
        summary = self._summary(plan, prep.problems, skey)
        summary.nodes_written, summary.relationships_written = self.executor.apply_or_restore(
            plan, f"writing {prep.source.path}", progress
        )
        if progress:
            progress(plan.size, plan.size)
        self._after(plan)
        return summary

    def _unchanged(
        self, prep: Prepared, extra_nodes: Sequence[NodeRecord], extra_rels: Sequence[RelRecord]
    ) -> Unchanged | None:
        """For a new version of a source the graph holds (the same key, nothing else
        replaced, written by a writer that records its ``item_counts``): take out of
        ``prep`` what it asserts exactly as stored (None: not such a write)."""
        skey = prep.source.key
        if not prep.existed_before or prep.replace != {skey} or extra_nodes or extra_rels:
            return None
        src = self.store.get_nodes([skey]).get(skey)
        if src is None or src.props.get("item_counts") is None:
            return None
        counts = parse_counts(src.props["item_counts"])
        r = self.resolver
        starts = None
        if any(t in self.schema.relations for t in counts):
            starts = [k for k, i in r.nodes.items() if i.top != SOURCE_CLASS]
        return self.reader.unchanged(prep, known=r.nodes.__contains__, starts=starts)

    def _plan(
        self,
        prep: Prepared,
        state: GraphState,
        extra_nodes: Sequence[NodeRecord],
        extra_rels: Sequence[RelRecord],
        old_keys: set[str],
        unchanged: Unchanged | None = None,
        asserted: tuple[int, int] | None = None,
    ) -> WritePlan:
        n_nodes, n_rels = asserted or (len(prep.nodes), len(prep.rels))
        return plan_write(
            prep,
            state,
            self.schema,
            replace=prep.replace,
            source_key=prep.source.key,
            source_props=self.source_props(
                prep, n_nodes + len(extra_nodes), n_rels + len(extra_rels)
            ),
            extra_nodes=extra_nodes,
            extra_rels=extra_rels,
            old_keys=old_keys,
            unchanged=unchanged,
        )

    def _write_group(
        self,
        group: list[tuple[int, Prepared]],
        extras: dict[str, tuple[Sequence[NodeRecord], Sequence[RelRecord]]],
        out: list[WriteSummary],
        progress: Callable[[int, str, int, int], None] | None,
    ) -> None:
        """Write sources new to the graph as one plan (:mod:`ingest.writer.group`); each
        source's summary goes to ``out`` at its index."""
        if not group:
            return
        r = self.resolver
        both: Prepared = Prepared(
            source=group[0][1].source,
            ingested_at="",
            replace={p.source.key for _, p in group},
            existed_before=False,
        )
        ex_nodes: list[NodeRecord] = []
        ex_rels: list[RelRecord] = []
        for _, p in group:
            both.nodes.update(p.nodes)
            both.rels.update(p.rels)
            both.new_keys |= p.new_keys
            xn, xr = extras.get(p.source.key, ((), ()))
            ex_nodes.extend(xn)
            ex_rels.extend(xr)
        # one read for the group: the nodes and relationships any of its sources touches
        overlay = self.reader.state(
            both,
            source_key=both.source.key,
            replace=both.replace,
            existed_before=False,
            old_keys=set(),
            known=r.nodes.__contains__,
            new_keys=both.new_keys,
            extra_nodes=ex_nodes,
            extra_rels=ex_rels,
            rel_types_present=self._rel_types_present,
        )
        plans: list[WritePlan] = []
        for _, prep in group:
            skey = prep.source.key
            xn, xr = extras.get(skey, ((), ()))
            wanted = [*prep.rels, *((x.start, x.type, x.end) for x in xr)]
            plan = self._plan(prep, source_state(overlay, wanted), xn, xr, set())
            prep.nodes.clear()  # as in _write_one: the plan holds its own records now
            prep.rels.clear()
            fold(overlay, plan)
            plans.append(plan)
        merged = merge_plans(plans)
        names = ", ".join(os.path.basename(p.source.path) for _, p in group[:3])
        more = f" and {len(group) - 3} more" if len(group) > 3 else ""
        self.executor.apply_or_restore(merged, f"writing {len(group)} sources ({names}{more})")
        for (i, prep), plan in zip(group, plans, strict=True):
            s = self._summary(plan, prep.problems, prep.source.key)
            s.nodes_written = len(plan.create_nodes) + len(plan.update_nodes) + 1
            s.relationships_written = len(plan.create_rels) + len(plan.update_rels)
            out[i] = s
            self._after(plan)
            if progress:
                progress(i, prep.source.path, plan.size, plan.size)

    @staticmethod
    def _summary(plan: WritePlan, problems: list[Problem], skey: str) -> WriteSummary:
        return WriteSummary(
            created=plan.created,
            updated=plan.updated,
            unchanged=plan.unchanged,
            removed=plan.removed,
            rejected=problems,
            sources=[skey],
        )

    def _after(self, plan: WritePlan) -> None:
        """Keep the name index in step with what was written."""
        r = self.resolver
        for k in plan.delete_nodes:
            r.forget(k)
        recs = [*plan.create_nodes, *plan.update_nodes]
        if plan.source is not None:
            recs.append(plan.source)
        for rec in recs:
            p = rec.props
            names = [p.get("name") or "", *(p.get("aliases") or ()), *(p.get("former_names") or ())]
            ident = (
                source_identity(str(p.get("path") or ""), str(p.get("mapping") or ""))
                if p.get("top") == SOURCE_CLASS
                else ""
            )
            r.add(
                rec.key,
                str(p.get("class") or ""),
                str(p.get("top") or ""),
                names,
                path=ident,
                display=str(p.get("name") or ""),
            )
            info = r.nodes.get(rec.key)
            if info is not None and "source_ids" in p:
                info.source_ids = set(p.get("source_ids") or ())
        if plan.create_rels:
            self._rel_types = None
        if plan.update_nodes and plan.delete_nodes:
            self.refresh()  # names may have been dropped from nodes: rebuild on next use

    # -- removal -----------------------------------------------------------------------------
    def remove_source(self, source_key: str) -> WriteSummary:
        """Remove what only that source asserted and strip it from the rest: the same
        planner, with nothing asserted and no Source node to write.

        Example:
            >>> w.remove_source("source:3f2a…").removed
            Counter({'University': 2, 'BUILDS': 2, 'Source': 1})
        """
        with self._locked(f"remove {source_key}") as lease:
            r = self.resolver
            if source_key not in r.nodes or r.nodes[source_key].top != SOURCE_CLASS:
                raise NotFound(
                    f"no source {source_key!r} in the graph",
                    hint="see the keys with: iegraph sources list",
                )
            replace = {source_key}
            old_keys = {k for k in r.with_source(replace) if r.nodes[k].top != SOURCE_CLASS}
            state = self.reader.state(
                None,
                source_key=source_key,
                replace=replace,
                existed_before=True,
                old_keys=old_keys,
                known=r.nodes.__contains__,
                new_keys=set(),
            )
            plan = plan_write(
                None,
                state,
                self.schema,
                replace=replace,
                source_key=source_key,
                source_props=None,
                old_keys=old_keys,
            )
            summary = self._summary(plan, [], source_key)
            lease.wrote = True
            summary.nodes_written, summary.relationships_written = self.executor.apply_or_restore(
                plan, f"removing {source_key}"
            )
            self._after(plan)
            if plan.update_nodes:
                self.refresh()
            return summary
