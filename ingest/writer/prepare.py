"""Stage 2 — validation and resolution: one source's assertions → typed entries + problems.

Every assertion is checked against the ontology (classes, relation types, domain and range
through ``schema.allows``, dates, datatypes, resolvable relation ends); names are resolved to
node keys through the in-memory :class:`~ingest.resolve.Resolver` (which learns the load's
own new names as it goes, so a relations file can name what an entities file of the same
load brings). Nothing here reads or writes the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from dataclasses import replace as replace_field
from typing import TYPE_CHECKING

from iegraph.ingest.normalize import entity_key, norm_name
from iegraph.ingest.resolve import source_identity
from iegraph.ingest.writer.checks import (
    BAD,
    AllowedPairs,
    PropChecker,
    bad_confidence,
    check_date,
    row_of,
)
from iegraph.ingest.writer.entries import MAX_LOCATORS, NodeEntry, RelEntry, Triple
from iegraph.ingest.writer.report import Problem, Reason

if TYPE_CHECKING:
    from collections.abc import Iterable

    from iegraph.ingest.assertions import (
        EntityAssertion,
        EntityRef,
        Evidence,
        RelationAssertion,
        SourceInfo,
    )
    from iegraph.ingest.resolve import Resolver
    from iegraph.ontology.schema import Schema


@dataclass
class Prepared:
    """One source, validated and resolved: what it asserts, keyed, and what was wrong."""

    source: SourceInfo
    ingested_at: str
    #: source keys whose assertions this write replaces (itself, and older versions of the
    #: same file)
    replace: set[str]
    existed_before: bool
    nodes: dict[str, NodeEntry] = field(default_factory=dict)
    rels: dict[Triple, list[RelEntry]] = field(default_factory=dict)
    #: keys not in the graph before this load
    new_keys: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)


def continued(source: SourceInfo, resolver: Resolver) -> tuple[SourceInfo, set[str]]:
    """The source as a write keys it, and the source keys whose assertions the write replaces
    (itself, and the earlier versions of the same file).

    A records file the graph holds under another content hash (same path and mapping) is a
    new version of that source: it *continues* the earlier version's key. The entries of its
    unchanged rows then name the same source and read exactly as stored, so the plan leaves
    those items alone and writes only what the changed rows change (a new key would rewrite
    every item the file touches). The Source node's ``content_hash`` says which version the
    graph holds. Documents keep content-hash keys (their outline nodes are keyed by it before
    the writer sees them); a content hash the graph already holds under another path keeps
    its own key too.

    Example:
        >>> continued(SourceInfo("records", "/d/orgs.csv", "9f…"), resolver)
        (SourceInfo(…, continues='source:3a1b…'), {'source:3a1b…'})
    """
    key = source.key
    ident = source_identity(source.path, source.mapping)
    older = sorted(k for k in resolver.sources_by_identity(ident) if k != key)
    if source.kind == "records" and older and key not in resolver.nodes:
        source = replace_field(source, continues=older[0])
        key = older[0]
    return source, {key, *older}


class Preparer:
    """Validates and resolves the assertions of one source at a time (see module doc)."""

    def __init__(self, schema: Schema, resolver: Resolver) -> None:
        self.schema = schema
        self.r = resolver
        self.props = PropChecker(schema)
        self.allows = AllowedPairs(schema)

    # -- entities -----------------------------------------------------------------------------
    def _add(
        self,
        p: Prepared,
        key: str,
        cls: str,
        name: str,
        official: bool,
        aliases: Iterable[str],
        former: Iterable[tuple[str, str | None]],
        props: dict[str, object],
        ev: Evidence,
    ) -> None:
        schema = self.schema
        e = p.nodes.get(key)
        if e is None:
            e = NodeEntry(
                source=p.source.key,
                cls=cls,
                name=name,
                ingested_at=p.ingested_at,
                official=official,
                source_url=ev.source_url,
                confidence=ev.confidence,
            )
            p.nodes[key] = e
        else:
            if (
                cls != e.cls
                and cls in schema.classes
                and e.cls in schema.classes
                and schema.is_a(cls, e.cls)
            ):
                e.cls = cls
            if name != e.name:
                better = (official and not e.official) or (
                    official == e.official and len(norm_name(name)) > len(norm_name(e.name))
                )
                if better:
                    e.aliases.append(e.name)
                    e.name, e.official = name, official
                else:
                    e.aliases.append(name)
            e.confidence = max(e.confidence, ev.confidence)
            if ev.source_url and not e.source_url:
                e.source_url = ev.source_url
        e.aliases.extend(a for a in aliases if a)
        for fn, when in former:
            if fn and [fn, when] not in e.former:
                e.former.append([fn, when])
        e.props.update(props)
        loc = ev.locator
        if loc and len(e.locators) < MAX_LOCATORS and loc not in e.locators:
            e.locators.append(loc)

    def entities(self, p: Prepared, entities: list[EntityAssertion]) -> None:
        schema, r, file = self.schema, self.r, p.source.path
        problems = p.problems
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
                        Reason.UNKNOWN_CLASS,
                    )
                )
                continue
            if not a.name or not a.name.strip():
                problems.append(
                    Problem(
                        file,
                        row,
                        "name",
                        "",
                        "empty name",
                        "give the entity a name",
                        Reason.EMPTY_NAME,
                    )
                )
                continue
            name_def = self.props.defs(a.cls).get("name")
            name_max = name_def.max_length if name_def is not None else None
            if name_max is not None and len(a.name) > name_max:
                problems.append(
                    Problem(
                        file,
                        row,
                        "name",
                        a.name[:80] + "…",
                        f"name longer than {name_max} characters ({len(a.name)})",
                        "shorten the name; put long descriptions in another column",
                        Reason.TOO_LONG,
                    )
                )
                continue
            conf = a.evidence.confidence
            if not 0.0 <= conf <= 1.0:
                problems.append(bad_confidence(file, row, conf))
                continue
            before = len(problems)
            props = self.props.entity_props(a.cls, a.props, file, row, problems)
            former: list[tuple[str, str | None]] = []
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
                            Reason.BAD_DATE,
                        )
                    )
                former.append((fn, when))
            top = schema.top_of(a.cls)
            if a.key and a.key in r.nodes and r.nodes[a.key].top != top:
                problems.append(
                    Problem(
                        file,
                        row,
                        "key",
                        a.key,
                        f"key belongs to a {r.nodes[a.key].cls}",
                        "use another key or the matching class",
                        Reason.KEY_CLASS_MISMATCH,
                    )
                )
            if len(problems) > before:
                continue
            name = a.name.strip()
            names = [name, *a.aliases, *(f for f, _ in former)]
            key = a.key or self._key_for(top, names)
            if key not in r.nodes:
                p.new_keys.add(key)
            self._add(p, key, a.cls, name, a.official, a.aliases, former, props, a.evidence)
            r.add(key, "", top, names)
            if key in p.new_keys:
                r.nodes[key].cls = a.cls

    def _key_for(self, top: str, names: list[str]) -> str:
        for n in names:
            k = self.r.lookup(n, top)
            if k is not None:
                return k
        return entity_key(top, names[0])

    # -- relations ----------------------------------------------------------------------------
    def relations(self, p: Prepared, relations: list[RelationAssertion]) -> None:
        schema, file = self.schema, p.source.path
        problems = p.problems
        extractor = p.source.extractor
        version = extractor.split("/", 1)[1] if "/" in extractor else ""
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
                        Reason.UNKNOWN_RELATION,
                    )
                )
                continue
            ends: list[str] = []
            for fld, ref, allowed in (
                ("source", ra.start, rdef.domain),
                ("target", ra.end, rdef.range),
            ):
                k = self._resolve_end(p, ref, allowed, row, fld, ra.evidence)
                if k is not None:
                    ends.append(k)
            if len(ends) != 2:
                continue
            s_cls = self._cls_of(p, ends[0])
            e_cls = self._cls_of(p, ends[1])
            if not self.allows(ra.type, s_cls, e_cls):
                problems.append(
                    Problem(
                        file,
                        row,
                        "type",
                        ra.type,
                        f"{ra.type} does not go from {s_cls} to {e_cls}",
                        f"{ra.type} goes from {'/'.join(rdef.domain)} to {'/'.join(rdef.range)}"
                        "; fix the type or the ends' classes",
                        Reason.DOMAIN_RANGE,
                    )
                )
                continue
            conf = ra.evidence.confidence
            if not 0.0 <= conf <= 1.0:
                problems.append(bad_confidence(file, row, conf))
                continue
            rprops = self.props.relation_props(ra.props, file, row, problems)
            if rprops is BAD or not isinstance(rprops, dict):
                continue
            start, end = ends
            if rdef.symmetric and end < start:
                start, end = end, start
            ev = ra.evidence
            entry = RelEntry(
                source=p.source.key,
                locator=ev.locator,
                ingested_at=p.ingested_at,
                text=ev.text,
                extractor=extractor,
                version=version,
                confidence=conf,
                source_url=ev.source_url,
                start=ev.start,
                end=ev.end if ev.start is not None else None,
                props=rprops,
            )
            lst = p.rels.setdefault((start, ra.type, end), [])
            if entry not in lst:
                lst.append(entry)

    def _cls_of(self, p: Prepared, key: str) -> str:
        e = p.nodes.get(key)
        info = self.r.info(key)
        cls = info.cls if info is not None and info.cls else ""
        if e is not None:
            c = e.cls
            s = self.schema
            if not cls or (c in s.classes and cls in s.classes and s.is_a(c, cls)):
                cls = c
        return cls

    def _resolve_end(
        self,
        p: Prepared,
        ref: EntityRef,
        allowed: tuple[str, ...],
        row: int | None,
        fld: str,
        ev: Evidence,
    ) -> str | None:
        r = self.r
        if not ref.key and ref.cls is None and ref.name:
            # the common case (a name, nothing else) resolved to exactly one node
            cands = r.candidates(ref.name.strip())
            if len(cands) == 1:
                return cands[0]
        schema, file = self.schema, p.source.path
        problems = p.problems
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
                    Reason.UNKNOWN_KEY,
                )
            )
            return None
        if not ref.name or not ref.name.strip():
            problems.append(
                Problem(
                    file,
                    row,
                    fld,
                    "",
                    "empty relation end",
                    "name both ends of the relation",
                    Reason.EMPTY_NAME,
                )
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
                    Reason.UNKNOWN_CLASS,
                )
            )
            return None
        name = ref.name.strip()
        if ref.cls:
            # a typed end is asserted by this source (and created when not known yet), so a
            # re-ingest or a removal treats it like any entity the source names
            top = schema.top_of(ref.cls)
            k = r.lookup(name, top)
            if k is None:
                k = entity_key(top, name)
                p.new_keys.add(k)
            self._add(p, k, ref.cls, name, True, (), (), {}, ev)
            r.add(k, ref.cls, top, [name])
            return k
        cands = r.candidates(name)
        if len(cands) > 1:  # prefer the candidates the relation's domain/range admits
            fit = [
                c
                for c in cands
                if r.nodes[c].cls in schema.classes
                and any(schema.is_a(r.nodes[c].cls, d) for d in allowed)
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
                    name,
                    "no entity has this name",
                    f"add it to an entities file, or give {fld}_type so it is created",
                    Reason.UNRESOLVED_END,
                )
            )
        else:
            problems.append(
                Problem(
                    file,
                    row,
                    fld,
                    name,
                    f"ambiguous: {len(cands)} entities have this name",
                    f"give {fld}_type or the key",
                    Reason.AMBIGUOUS_END,
                )
            )
        return None
