"""Turning an extraction and an outline into what the writer takes: entity and relation
assertions with sentence-level evidence, and pre-built outline records (DocumentSection /
StrategyPoint nodes, HAS_PART and MENTIONS relationships, the Concept nodes they point at).

Kept apart from the I/O so it is tested on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from iegraph.graph.model import NodeRecord, RelRecord
from iegraph.ingest.assertions import (
    EntityAssertion,
    EntityRef,
    Evidence,
    RelationAssertion,
    SourceInfo,
)
from iegraph.ingest.documents.lexicon import INDUSTRY_HEADS, Lexicon
from iegraph.ingest.documents.outline import Outline
from iegraph.ingest.documents.pipeline import ExtractionResult
from iegraph.ingest.normalize import entity_key, norm_name
from iegraph.ontology.schema import Schema


@dataclass
class Converted:
    entities: list[EntityAssertion] = field(default_factory=list)
    relations: list[RelationAssertion] = field(default_factory=list)
    nodes: list[NodeRecord] = field(default_factory=list)
    rels: list[RelRecord] = field(default_factory=list)


def locator(si: int, start: int, end: int) -> str:
    """``s<sentence index>:<start>-<end>`` (character offsets in the original document)."""
    return f"s{si}:{start}-{end}"


#: entity properties that are the extractor's working notes, not facts of the entity
_WORKING_PROPS = ("refs", "list_role", "stat")


def to_assertions(
    result: ExtractionResult, url: str = "", scope: str = "", min_confidence: float = 0.0
) -> Converted:
    """Entity and relation assertions of an extraction, each with its sentence as evidence.

    Args:
        result: the extraction (:func:`ingest.documents.docread.read_document` or
            ``Extractor.extract_text``).
        url: the source URL, kept on the evidence.
        scope: the source key; a generic name the document does not tie to a place (教育局)
            gets a key of this document only, so namesakes of two documents never merge.
        min_confidence: relations (and entities no kept relation needs) below it are left out.
    """
    out = Converted()
    text = result.text
    rels = [r for r in result.relations if r.confidence >= min_confidence]
    needed = {r.head for r in rels} | {r.tail for r in rels}
    refs: dict[int, EntityRef] = {}
    for i, e in enumerate(result.entities):
        if e.confidence < min_confidence and i not in needed:
            continue
        sa, sb = result.sentences[e.sentence]
        ev = Evidence(
            locator(e.sentence, e.start, e.end), text[sa:sb], e.confidence, url, e.start, e.end
        )
        props = {
            k: v for k, v in e.props.items() if v not in (None, "") and k not in _WORKING_PROPS
        }
        name = (e.name or e.text).replace("\n", "")
        aliases = list(e.aliases)
        if name != e.text and e.text not in aliases:
            aliases.append(e.text)
        key = None
        if e.local and scope:
            key = f"{entity_key(e.label, name)}@{scope}"
        elif e.key:
            key = e.key
        # a short coordinated name ("圣奥家居") is informal: it never replaces a legal name
        out.entities.append(
            EntityAssertion(
                e.cls,
                name,
                ev,
                aliases=aliases,
                key=key,
                props=props,
                official=e.via not in ("slot", "stat"),
            )
        )
        refs[i] = EntityRef(name, e.cls, key)
    for r in rels:
        h, t = result.entities[r.head], result.entities[r.tail]
        sa, sb = result.sentences[r.sentence]
        a, b = r.span or (min(h.start, t.start), max(h.end, t.end))
        ev = Evidence(locator(r.sentence, a, b), text[sa:sb], r.confidence, url, a, b)
        rprops: dict[str, Any] = {"rule": r.rule}
        if r.trigger:
            rprops["trigger"] = r.trigger
        rprops.update(r.props)
        out.relations.append(
            RelationAssertion(
                r.type,
                refs.get(r.head) or EntityRef(h.text, h.cls),
                refs.get(r.tail) or EntityRef(t.text, t.cls),
                ev,
                props=rprops,
            )
        )
    return out


def concept_key(concept_id: str) -> str:
    """Store key of a non-industry concept (ontology convention: ``concept:<local name>``)."""
    return f"concept:{concept_id}"


def outline_records(
    source: SourceInfo, text: str, folded: str, outline: Outline, schema: Schema, lex: Lexicon
) -> Converted:
    """Outline nodes and relationships of one document (they live and die with the source)."""
    out = Converted()
    sec_cls, pt_cls, con_cls = "DocumentSection", "StrategyPoint", "Concept"
    labels = {
        c: tuple(x for x in schema.labels_for_store(c) if x != "Entity")
        if c in schema.classes
        else (c,)
        for c in (sec_cls, pt_cls, con_cls)
    }
    has_part = "HAS_PART" if "HAS_PART" in schema.relations else None
    mentions = "MENTIONS" if "MENTIONS" in schema.relations else None
    allowed_kinds = _allowed(schema, pt_cls, "kind")
    concept_re = _concept_pattern(lex)
    skey = source.key
    concepts_used: dict[str, NodeRecord] = {}
    industries_used: dict[str, str] = {}

    def node(key: str, cls: str, title_span: tuple[int, int] | None, props: dict[str, Any]) -> None:
        title = text[title_span[0] : title_span[1]] if title_span else props.get("title", "")
        p = {
            "key": key,
            "name": title or key,
            "name_norm": norm_name(title or key),
            "class": cls,
            "top": cls,
            "title": title,
        }
        p.update({k: v for k, v in props.items() if v is not None})
        out.nodes.append(NodeRecord(key, labels[cls], p))

    def link(kind: str | None, a: str, b: str) -> None:
        if kind:
            out.rels.append(RelRecord(kind, a, b, {"source": skey}))

    for ch in outline.chapters:
        ck = f"{skey}/ch{ch.order}"
        node(
            ck,
            sec_cls,
            (ch.start, ch.start + len(ch.title)),
            {
                "number": ch.number,
                "section_level": 1,
                "order": ch.order,
                "start": ch.start,
                "end": ch.end,
                "kind": None,
            },
        )
        link(has_part, skey, ck)
        for sec in ch.sections:
            sk = f"{ck}/s{sec.order}"
            t0 = sec.start + len(sec.number) + 2
            node(
                sk,
                sec_cls,
                (t0, t0 + len(sec.title)),
                {
                    "number": f"({sec.number})",
                    "section_level": 2,
                    "order": sec.order,
                    "start": sec.start,
                    "end": sec.end,
                },
            )
            link(has_part, ck, sk)
        for psec, pt in ch.all_points():
            parent = f"{ck}/s{psec.order}" if psec is not None else ck
            pk = f"{parent}/p{pt.order}"
            kind = ch.kind if (not allowed_kinds or ch.kind in allowed_kinds) else None
            t0 = pt.start + len(pt.number) + 1
            body = text[pt.start : pt.end].strip()
            node(
                pk,
                pt_cls,
                (t0, t0 + len(pt.title)),
                {
                    "number": pt.number,
                    "order": pt.order,
                    "kind": kind,
                    "chapter": ch.title,
                    "text": body[:4000],
                    "start": pt.start,
                    "end": pt.end,
                },
            )
            link(has_part, parent, pk)
            for cid, is_industry in _concepts_in(folded[pt.start : pt.end], concept_re, lex):
                con = schema.concepts[cid]
                label = con.labels.get("zh-Hans") or cid
                if is_industry:
                    ikey = entity_key("Industry", label)
                    industries_used[ikey] = label
                    link(mentions, pk, ikey)
                    continue
                ck2 = concept_key(cid)
                if ck2 not in concepts_used:
                    concepts_used[ck2] = NodeRecord(
                        ck2,
                        labels[con_cls],
                        {
                            "key": ck2,
                            "name": label,
                            "name_norm": norm_name(label),
                            "class": con_cls,
                            "top": con_cls,
                            "scheme": con.scheme,
                            "concept_id": cid,
                        },
                    )
                link(mentions, pk, ck2)
    out.nodes.extend(concepts_used.values())
    # industries are entities: asserted so the writer creates or resolves them
    for ikey, label in industries_used.items():
        out.entities.append(
            EntityAssertion(
                "Industry" if "Industry" in schema.classes else "Entity",
                label,
                Evidence("outline", "", 0.8),
                key=None,
            )
        )
    # drop duplicate relationships (a point naming a concept twice)
    seen: set[tuple[str, str, str]] = set()
    rels = []
    for r in out.rels:
        k = (r.start, r.type, r.end)
        if k not in seen:
            seen.add(k)
            rels.append(r)
    out.rels = rels
    return out


def _allowed(schema: Schema, cls: str, prop: str) -> tuple[str, ...]:
    c = schema.classes.get(cls)
    if c is None:
        return ()
    for p in c.properties:
        if p.name == prop:
            return p.allowed
    return ()


#: the concept pattern of a lexicon's concepts (built once: escaping thousands of labels per
#: document cost a tenth of the reading), by the id of the dict it was built from (held, so
#: the id is not reused)
_CONCEPT_RES: dict[int, tuple[dict[str, str], int, re.Pattern[str] | None]] = {}


def _concept_pattern(lex: Lexicon) -> re.Pattern[str] | None:
    hit = _CONCEPT_RES.get(id(lex.concepts))
    if hit is not None and hit[0] is lex.concepts and hit[1] == len(lex.concepts):
        return hit[2]
    names = [n for n in lex.concepts if len(n) >= 2]
    pat = (
        re.compile("|".join(map(re.escape, sorted(names, key=len, reverse=True))))
        if names
        else None
    )
    if len(_CONCEPT_RES) >= 8:
        _CONCEPT_RES.clear()
    _CONCEPT_RES[id(lex.concepts)] = (lex.concepts, len(lex.concepts), pat)
    return pat


def _concepts_in(segment: str, pat: re.Pattern[str] | None, lex: Lexicon) -> list[tuple[str, bool]]:
    """Concepts a point names (longest label first, no overlaps). Industry labels count when
    they name an industry as such (four characters or more, or followed by 产业/行业)."""
    if pat is None:
        return []
    out: dict[str, bool] = {}
    for m in pat.finditer(segment):
        f = m.group(0)
        cid = lex.concepts[f]
        is_ind = f in lex.industries
        if (
            is_ind
            and len(f) < 4
            and not any(segment.startswith(h, m.end()) for h in INDUSTRY_HEADS)
        ):
            continue
        out.setdefault(cid, is_ind)
    return list(out.items())
