"""Load the reference skeleton — every place of China and every higher-education institution
on the MoE list — into the graph, as two ordinary sources of the writer.

* ``places`` (source path ``iegraph:reference/places``): Province / City / District / County
  nodes with ``adcode``, short forms and qualified names as aliases, PART_OF their parent.
* ``institutions`` (``iegraph:reference/institutions``): University / VocationalUniversity /
  VocationalCollege / AdultCollege nodes with ``moe_code``, ``level``, ``authority``,
  ``ownership``; LOCATED_IN their place; SUPERVISED_BY their supervising bodies (Government
  nodes, 中国科学院 an Institution). Needs the places.

Both go through :meth:`ingest.writer.GraphWriter.write_sources` (validation, provenance,
undo on failure); ``iegraph sources remove`` removes them like any source. A source whose
content hash is already in the graph is skipped without reading the graph (the no-op
re-load); ``force=True`` runs the writer anyway, which then finds nothing to change.

**Vintages.** The source identity is the path above, not the file, so loading a newer list
supersedes the older one (the writer drops what only the old version said). Before that
happens, the loader reads what the previous version asserted, by code:

* a code in both with another name → a rename: the node keeps its key, the new name is
  displayed, the old one becomes a former name (``renamed_from``; ``renamed_on`` is the
  new list's as-of date — the first list that shows the new name — unless a dated rename
  from another source says more);
* a code only in the old version → a leaver: asserted again as it was, with ``valid_to`` =
  the new list's as-of date (no deletion), its relationships kept;
* a code only in the new version → a new node.

Example:
    >>> res = load_reference(store, load_schema())
    >>> res.parts[1].summary.created["VocationalUniversity"]
    87
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iegraph.ingest.assertions import (
    EntityAssertion,
    EntityRef,
    Evidence,
    RelationAssertion,
    SourceInfo,
)
from iegraph.ingest.reference.codes import code_index
from iegraph.ingest.reference.tables import (
    INSTITUTIONS_AS_OF,
    PLACES_AS_OF,
    InstitutionRow,
    ReferenceTables,
    file_hashes,
    reference_tables,
)
from iegraph.ingest.writer import GraphWriter, WriteSummary, check_date
from iegraph.ontology.errors import IngestError, OntologyError

if TYPE_CHECKING:
    from iegraph.graph.store import GraphStore
    from iegraph.ontology.schema import Schema

EXTRACTOR = "iegraph.reference/0.1"
KIND = "reference"
PLACES_PATH = "iegraph:reference/places"
INSTITUTIONS_PATH = "iegraph:reference/institutions"
PARTS = ("places", "institutions")
MOE_URL = "https://hudong.moe.gov.cn/jyb_xxgk/s5743/s5744/202506/t20250627_1195683.html"
NBS_URL = "https://www.stats.gov.cn/sj/tjbz/qhdm/"

Progress = Callable[[str, int, int], None]

#: what the previous version of a reference source said, per node (its evidence entry)
_Q_PREVIOUS = (
    "MATCH (n:Entity) WHERE any(s IN n.source_ids WHERE s IN $sources) RETURN n.key, n.evidence"
)
_Q_PREVIOUS_RELS = (
    "MATCH (a:Entity)-[r]->(b:Entity) WHERE a.key IN $keys "
    "AND any(s IN r.source_ids WHERE s IN $sources) RETURN a.key, type(r), b.key, b.name, "
    "b.evidence"
)
_Q_SOURCES = "MATCH (s:Source) WHERE s.path = $path RETURN s.key, s.content_hash"


@dataclass
class PartResult:
    """What loading one part did."""

    part: str
    source: str
    skipped: bool = False  # same content already loaded: nothing read or written
    summary: WriteSummary | None = None
    added: list[str] = field(default_factory=list)  # codes new to the graph
    renamed: list[tuple[str, str, str]] = field(default_factory=list)  # code, old, new
    left: list[str] = field(default_factory=list)  # codes that left the list (valid_to)
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "part": self.part,
            "source": self.source,
            "skipped": self.skipped,
            "summary": self.summary.to_json() if self.summary else None,
            "added": len(self.added),
            "renamed": [list(r) for r in self.renamed],
            "left": self.left,
            "seconds": round(self.seconds, 3),
        }


@dataclass
class ReferenceLoadResult:
    parts: list[PartResult] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"parts": [p.to_json() for p in self.parts]}


def _content_hash(*parts: str) -> str:
    return hashlib.sha256("\0".join([EXTRACTOR, *parts]).encode()).hexdigest()


def _check_classes(schema: Schema, tables: ReferenceTables) -> None:
    used = {p.cls for p in tables.places} | {i.cls for i in tables.institutions}
    used |= {b.cls for b in tables.bodies()}
    missing = sorted(c for c in used if c not in schema.classes)
    if missing:
        raise OntologyError(
            f"the reference skeleton needs the classes {', '.join(missing)}, which the ontology "
            "does not define",
            hint="use the packaged ontology, or add the classes to iegraph.ttl",
        )
    for rel in ("PART_OF", "LOCATED_IN", "SUPERVISED_BY"):
        if rel not in schema.relations:
            raise OntologyError(
                f"the reference skeleton needs the relation type {rel}",
                hint="use the packaged ontology, or add it to iegraph.ttl",
            )


def _previous(
    store: GraphStore, path: str, code_prop: str
) -> tuple[set[str], dict[str, tuple[str, dict[str, Any]]]]:
    """Keys of the versions of the source at ``path`` in the graph (an earlier one, or this
    very one on a forced re-load) and, per code, the node key and the entry they asserted."""
    olds = {str(k) for k, _h in store.run(_Q_SOURCES, {"path": path}).rows}
    by_code: dict[str, tuple[str, dict[str, Any]]] = {}
    if not olds:
        return olds, by_code
    for key, evidence in store.run(_Q_PREVIOUS, {"sources": sorted(olds)}).rows:
        for raw in evidence or ():
            e = json.loads(raw) if isinstance(raw, str) else {}
            if e.get("source") in olds and e.get("props", {}).get(code_prop):
                by_code[str(e["props"][code_prop])] = (str(key), e)
    return olds, by_code


def _carry(
    code: str,
    name: str,
    prev: dict[str, tuple[str, dict[str, Any]]],
    as_of: str,
    part: PartResult,
) -> list[tuple[str, str | None]]:
    """Former names the new entry must keep: the old version's, plus its name if it changed."""
    if code not in prev:
        part.added.append(code)
        return []
    _key, e = prev[code]
    former = [(str(f), (str(w) if w else None)) for f, w in e.get("former", ())]
    if e.get("name") and e["name"] != name:
        part.renamed.append((code, str(e["name"]), name))
        if all(f != e["name"] for f, _ in former):
            former.append((str(e["name"]), as_of))
    return [(f, w) for f, w in former if f != name]


def _leavers(
    store: GraphStore,
    prev: dict[str, tuple[str, dict[str, Any]]],
    olds: set[str],
    current: set[str],
    as_of: str,
    part: PartResult,
    ents: list[EntityAssertion],
    rels: list[RelationAssertion],
) -> None:
    """Codes the new version no longer lists: asserted again as they were, with valid_to."""
    gone = {c: v for c, v in prev.items() if c not in current}
    if not gone:
        return
    keys = {v[0]: c for c, v in gone.items()}
    for code, (key, e) in sorted(gone.items()):
        part.left.append(code)
        a = _from_entry(key, e, Evidence(f"left the list {as_of}"))
        a.props.setdefault("valid_to", as_of)
        ents.append(a)
    res = store.run(_Q_PREVIOUS_RELS, {"keys": sorted(keys), "sources": sorted(olds)})
    asserted = {e.key for e in ents if e.key}
    for a, typ, b, bname, evidence in res.rows:
        if b not in asserted:  # an end only the old version asserted (a supervising body)
            for raw in evidence or ():
                e = json.loads(raw) if isinstance(raw, str) else {}
                if e.get("source") in olds:
                    ents.append(_from_entry(str(b), e, Evidence(f"left the list {as_of}")))
                    asserted.add(str(b))
                    break
        rels.append(
            RelationAssertion(
                str(typ),
                EntityRef(str(keys.get(a, a)), key=str(a)),
                EntityRef(str(bname or b), key=str(b)),
                Evidence(f"left the list {as_of}"),
            )
        )


def _from_entry(key: str, e: dict[str, Any], ev: Evidence) -> EntityAssertion:
    """An entity asserted again as an earlier version of the source asserted it."""
    return EntityAssertion(
        str(e["cls"]),
        str(e["name"]),
        ev,
        aliases=list(e.get("aliases", ())),
        key=key,
        props=dict(e.get("props", {})),
        former_names=[(str(f), w) for f, w in e.get("former", ())],
    )


# ------------------------------------------------------------------------------------------
# assertions
# ------------------------------------------------------------------------------------------
def place_assertions(
    tables: ReferenceTables,
    codes: dict[tuple[str, str], str],
    prev: dict[str, tuple[str, dict[str, Any]]],
    as_of: str,
    part: PartResult,
) -> tuple[list[EntityAssertion], list[RelationAssertion], dict[str, str]]:
    """Entities and PART_OF relations of every place; returns them and ``{adcode: key}``."""
    keys: dict[str, str] = {}
    for p in tables.places:
        keys[p.code] = codes.get(("adcode", p.code)) or (
            prev[p.code][0] if p.code in prev else p.key
        )
    ents: list[EntityAssertion] = []
    rels: list[RelationAssertion] = []
    for p in tables.places:
        ev = Evidence(f"code {p.code}", p.name, 1.0, NBS_URL)
        ents.append(
            EntityAssertion(
                p.cls,
                p.name,
                ev,
                aliases=list(p.aliases),
                key=keys[p.code],
                props={"adcode": p.code},
                former_names=_carry(p.code, p.name, prev, as_of, part),
            )
        )
        if p.parent:
            parent = tables.place(p.parent)
            rels.append(
                RelationAssertion(
                    "PART_OF",
                    EntityRef(p.name, key=keys[p.code]),
                    EntityRef(parent.name, key=keys[parent.code]),
                    ev,
                )
            )
    return ents, rels, keys


def institution_assertions(
    tables: ReferenceTables,
    codes: dict[tuple[str, str], str],
    place_keys: dict[str, str],
    prev: dict[str, tuple[str, dict[str, Any]]],
    as_of: str,
    part: PartResult,
) -> tuple[list[EntityAssertion], list[RelationAssertion]]:
    """Entities (institutions and their supervising bodies) and their relations."""
    ents: list[EntityAssertion] = []
    rels: list[RelationAssertion] = []
    for b in tables.bodies():
        ents.append(
            EntityAssertion(
                b.cls,
                b.name,
                Evidence("主管部门", b.name, 1.0, MOE_URL),
                aliases=list(b.aliases),
                props={"level": b.level} if b.level else {},
            )
        )
    for i in tables.institutions:
        key = codes.get(("moe_code", i.moe_code)) or (
            prev[i.moe_code][0] if i.moe_code in prev else i.key
        )
        ev = Evidence(f"row {i.row}", _row_text(i), 1.0, MOE_URL)
        props: dict[str, Any] = {
            "moe_code": i.moe_code,
            "level": i.level,
            "authority": i.authority,
            "ownership": i.ownership,
        }
        if i.remark:
            props["remark"] = i.remark
        ents.append(
            EntityAssertion(
                i.cls,
                i.name,
                ev,
                key=key,
                props=props,
                former_names=_merge_former(_carry(i.moe_code, i.name, prev, as_of, part), i.former),
            )
        )
        me = EntityRef(i.name, key=key)
        place = tables.place(i.place)
        rels.append(
            RelationAssertion("LOCATED_IN", me, EntityRef(place.name, key=place_keys[i.place]), ev)
        )
        for b in i.bodies:
            rels.append(RelationAssertion("SUPERVISED_BY", me, EntityRef(b.name, b.cls), ev))
    return ents, rels


def _merge_former(
    carried: list[tuple[str, str | None]], curated: tuple[tuple[str, str | None], ...]
) -> list[tuple[str, str | None]]:
    out = dict(carried)
    for f, d in curated:
        if f not in out or (d and not out[f]):
            out[f] = d
    return sorted(out.items())


def _row_text(i: InstitutionRow) -> str:
    return "，".join(
        x for x in (i.moe_code, i.name, i.province, i.city, i.level, i.authority, i.ownership) if x
    )


# ------------------------------------------------------------------------------------------
# the load
# ------------------------------------------------------------------------------------------
def load_reference(
    store: GraphStore,
    schema: Schema,
    *,
    only: str | None = None,
    institutions: Path | str | None = None,
    places_dir: Path | str | None = None,
    institutions_as_of: str | None = None,
    places_as_of: str | None = None,
    force: bool = False,
    progress: Progress | None = None,
) -> ReferenceLoadResult:
    """Load (or update) the reference skeleton.

    Args:
        only: ``"places"`` or ``"institutions"``; default both (places first).
        institutions: an MoE list CSV in the packaged format (default: the packaged 2025 list).
        places_dir: a folder with ``admin_provinces.csv``, ``admin_prefectures.csv``,
            ``admin_counties.csv`` (default: the packaged tables).
        institutions_as_of, places_as_of: the as-of date of a list given by path (used for
            ``renamed_on`` and ``valid_to``); required with a path, known for the packaged ones.
        force: run the writer even when the same content is already loaded.

    Raises:
        IngestError: a file is unreadable or malformed (the message names file, row, field).
        ValidationError: the writer refused an assertion (nothing was written).

    Example:
        >>> load_reference(store, schema, only="places").parts[0].summary.created["City"]
        333
    """
    if only is not None and only not in PARTS:
        raise IngestError(
            f"unknown part {only!r}", hint=f"use one of: {', '.join(PARTS)}", field="only"
        )
    i_as_of = _as_of(institutions_as_of, institutions, INSTITUTIONS_AS_OF, "--institutions")
    p_as_of = _as_of(places_as_of, places_dir, PLACES_AS_OF, "--places")
    places_files, inst_files = file_hashes(institutions, places_dir)
    result = ReferenceLoadResult()
    parts = [only] if only else list(PARTS)
    place_hash = _content_hash("places", places_files, p_as_of)
    inst_hash = _content_hash("institutions", inst_files, place_hash, i_as_of)
    tables: ReferenceTables | None = None  # parsed only when something is to be written
    writer = GraphWriter(store, schema)
    place_keys: dict[str, str] | None = None
    codes: dict[tuple[str, str], str] | None = None
    for name in parts:
        t0 = time.perf_counter()
        if name == "places":
            src = SourceInfo(
                KIND,
                PLACES_PATH,
                place_hash,
                title=f"统计用区划代码 (NBS, as of {p_as_of})",
                url=NBS_URL,
                extractor=EXTRACTOR,
                extra={"files": str(places_dir or "packaged"), "as_of": p_as_of},
            )
        else:
            src = SourceInfo(
                KIND,
                INSTITUTIONS_PATH,
                inst_hash,
                title=f"全国高等学校名单 (MoE, as of {i_as_of})",
                url=MOE_URL,
                extractor=EXTRACTOR,
                extra={"files": str(institutions or "packaged"), "as_of": i_as_of},
            )
        part = PartResult(name, src.key)
        result.parts.append(part)
        if not force and _loaded(store, src.key):
            part.skipped = True
            part.seconds = time.perf_counter() - t0
            continue
        if tables is None:
            tables = reference_tables(institutions, places_dir)
            _check_classes(schema, tables)
        if codes is None:
            codes = code_index(store, schema)
        if progress:
            progress(name, 0, 1)
        if name == "places":
            olds, prev = _previous(store, PLACES_PATH, "adcode")
            ents, rels, place_keys = place_assertions(tables, codes, prev, p_as_of, part)
            _leavers(store, prev, olds, {p.code for p in tables.places}, p_as_of, part, ents, rels)
        else:
            if place_keys is None:
                place_keys = _place_keys_in_graph(tables, codes)
            olds, prev = _previous(store, INSTITUTIONS_PATH, "moe_code")
            ents, rels = institution_assertions(tables, codes, place_keys, prev, i_as_of, part)
            current = {i.moe_code for i in tables.institutions}
            _leavers(store, prev, olds, current, i_as_of, part, ents, rels)

        def cb(_i: int, _path: str, done: int, total: int, _n: str = name) -> None:
            if progress:
                progress(_n, done, total)

        part.summary = writer.write_sources([(src, ents, rels)], progress=cb)[0]
        part.seconds = time.perf_counter() - t0
    return result


def _as_of(given: str | None, path: object, default: str, option: str) -> str:
    if given:
        d = check_date(given)
        if d is None:
            raise IngestError(
                f"as-of date {given!r} is not a date",
                hint="write YYYY-MM-DD (or YYYY-MM, YYYY)",
                field="as_of",
            )
        return str(d)
    if path is not None:
        raise IngestError(
            f"{option} {path} needs the list's as-of date",
            hint=f"add {option.replace('--', '--') + '-as-of'} YYYY-MM-DD (it dates renames "
            "and leavers)",
            field="as_of",
        )
    return default


def _loaded(store: GraphStore, source_key: str) -> bool:
    return store.get_node(source_key) is not None


def _place_keys_in_graph(
    tables: ReferenceTables, codes: dict[tuple[str, str], str]
) -> dict[str, str]:
    """Place keys for an institutions-only load: the places must be in the graph already."""
    needed = {i.place for i in tables.institutions}
    keys = {c: codes[("adcode", c)] for c in needed if ("adcode", c) in codes}
    missing = sorted(needed - keys.keys())
    if missing:
        raise IngestError(
            f"{len(missing)} place(s) the institutions are in are not in the graph "
            f"(e.g. adcode {missing[0]})",
            hint="load the places first: iegraph reference load --only places",
        )
    return keys
