"""Visual style of nodes and edges, read from the compiled ontology.

The ontology is the only colour table: ``ClassDef.color`` / ``ClassDef.shape`` per class and
``RelationDef.color`` per relation type, labels in zh-Hans, zh-Hant and en. The palette below is
only the fallback for classes the ontology does not know or leaves at the default colour, so
that two such classes still differ on the page.

Tooltips are plain text (vis-network 9 shows a string title as text, not HTML), which also means
a name taken from a scraped document can never inject markup into the page.

Example:
    >>> from iegraph.ontology.schema import load_schema
    >>> st = Styler(load_schema())
    >>> st.node_class(node)                       # doctest: +SKIP
    'VocationalCollege'
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import opencc

from iegraph.graph.model import Node, Relationship
from iegraph.ontology.model import ClassDef
from iegraph.ontology.schema import Schema

#: ClassDef / RelationDef defaults: a class left at these has no colour of its own
_DEFAULT_CLASS_COLOR = ClassDef.__dataclass_fields__["color"].default
_DEFAULT_REL_COLOR = "#848484"

#: fallback only (classes unknown to the ontology or without a colour); chosen to stay apart
_FALLBACK = (
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
    "#1f77b4",
    "#8c564b",
)

#: shapes vis-network draws (anything else in the ontology falls back to ``dot``)
VIS_SHAPES = frozenset(
    {
        "ellipse",
        "circle",
        "database",
        "box",
        "text",
        "diamond",
        "dot",
        "star",
        "triangle",
        "triangleDown",
        "hexagon",
        "square",
    }
)

_T2S = opencc.OpenCC("t2s")
_S2T = opencc.OpenCC("s2t")

#: evidence items shown per edge tooltip, and characters of each sentence
MAX_EVIDENCE = 3
MAX_EVIDENCE_CHARS = 160


@lru_cache(maxsize=100_000)
def both_scripts(name: str) -> tuple[str, str]:
    """``(Simplified, Traditional)`` forms of a name (OpenCC, offline)."""
    return _T2S.convert(name), _S2T.convert(name)


def _fallback_color(name: str) -> str:
    return _FALLBACK[zlib.crc32(name.encode("utf-8")) % len(_FALLBACK)]


@dataclass(frozen=True)
class ClassStyle:
    name: str
    color: str
    shape: str
    label: str  # "高职院校 · Vocational college"


@dataclass(frozen=True)
class RelStyle:
    name: str
    color: str
    label: str  # short label drawn on the edge (zh-Hans, else the type)
    long_label: str  # "合作 · cooperates with (COOPERATES_WITH)"


class Styler:
    """Looks up the style of classes and relation types in one schema (cached per name)."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self._classes: dict[str, ClassStyle] = {}
        self._rels: dict[str, RelStyle] = {}

    # -- classes -----------------------------------------------------------------------------
    def node_class(self, node: Node) -> str:
        """The most specific ontology class of a node (``class`` property, else its labels)."""
        cls = node.props.get("class")
        if isinstance(cls, str) and cls in self.schema.classes:
            return cls
        best, depth = None, -1
        for label in node.labels:
            if label in self.schema.classes:
                d = len(self.schema.ancestors(label))
                if d > depth:
                    best, depth = label, d
        if best:
            return best
        top = node.props.get("top")
        if isinstance(top, str) and top:
            return top
        others = [lb for lb in node.labels if lb != "Entity"]
        return (cls if isinstance(cls, str) and cls else None) or (
            others[-1] if others else "Entity"
        )

    def class_style(self, cls: str) -> ClassStyle:
        hit = self._classes.get(cls)
        if hit is not None:
            return hit
        cdef = self.schema.classes.get(cls)
        if cdef is None:
            style = ClassStyle(cls, _fallback_color(cls), "dot", cls)
        else:
            color = self._inherited_color(cls)
            shape = cdef.shape if cdef.shape in VIS_SHAPES else "dot"
            zh = cdef.labels.get("zh-Hans") or cdef.labels.get("zh-Hant") or ""
            en = cdef.labels.get("en") or cls
            label = f"{zh} · {en}" if zh and zh != en else en
            style = ClassStyle(cls, color, shape, label)
        self._classes[cls] = style
        return style

    def _inherited_color(self, cls: str) -> str:
        # a subclass without a colour of its own takes its nearest coloured ancestor's
        for name in self.schema.ancestors(cls):
            c = self.schema.classes[name].color
            if c and c.lower() != _DEFAULT_CLASS_COLOR:
                return c
        return _fallback_color(self.schema.classes[cls].top or cls)

    def top_of(self, cls: str) -> str:
        cdef = self.schema.classes.get(cls)
        return cdef.top if cdef is not None else cls

    # -- relations ---------------------------------------------------------------------------
    def rel_style(self, rel_type: str) -> RelStyle:
        hit = self._rels.get(rel_type)
        if hit is not None:
            return hit
        rdef = self.schema.relations.get(rel_type)
        if rdef is None:
            style = RelStyle(rel_type, _fallback_color(rel_type), rel_type, rel_type)
        else:
            color = rdef.color if rdef.color else _DEFAULT_REL_COLOR
            zh = rdef.labels.get("zh-Hans") or ""
            en = rdef.labels.get("en") or ""
            long_label = " · ".join(x for x in (zh, en) if x) + f" ({rel_type})"
            style = RelStyle(rel_type, color, zh or rel_type, long_label)
        self._rels[rel_type] = style
        return style

    # -- tooltips ----------------------------------------------------------------------------
    def node_tooltip(self, node: Node, place: str | None = None) -> str:
        """Plain-text tooltip: name in both scripts, class, place, aliases, dates, key."""
        name = node.name
        simp, trad = both_scripts(name)
        lines = [name]
        if simp != trad:
            lines.append(f"简 {simp} · 繁 {trad}")
        cls = self.node_class(node)
        lines.append(f"class: {self.class_style(cls).label} ({cls})")
        if place:
            lines.append(f"place: {place}")
        aliases = [a for a in _as_list(node.props.get("aliases")) if a != name]
        if aliases:
            lines.append("aliases: " + "; ".join(aliases[:6]) + (" …" if len(aliases) > 6 else ""))
        dates = _span(node.props)
        if dates:
            lines.append(f"valid: {dates}")
        srcs = _as_list(node.props.get("source_ids"))
        if srcs:
            lines.append(f"sources: {len(srcs)}")
        lines.append(f"key: {node.key}")
        return "\n".join(lines)

    def edge_tooltip(self, rel: Relationship, names: Mapping[str, str]) -> str:
        """Plain-text tooltip: relation, ends, dates, confidence and the evidence behind it."""
        st = self.rel_style(rel.type)
        lines = [
            st.long_label,
            f"{names.get(rel.start, rel.start)} → {names.get(rel.end, rel.end)}",
        ]
        dates = _span(rel.props)
        if dates:
            lines.append(f"valid: {dates}")
        conf = rel.props.get("confidence")
        if isinstance(conf, int | float):
            lines.append(f"confidence: {conf:.2f}")
        evidence = list(parse_evidence(rel.props.get("evidence")))
        if evidence:
            lines.append(f"evidence ({len(evidence)}):")
            for ev in evidence[:MAX_EVIDENCE]:
                lines.append("• " + format_evidence(ev))
            if len(evidence) > MAX_EVIDENCE:
                lines.append(f"… and {len(evidence) - MAX_EVIDENCE} more")
        else:
            srcs = _as_list(rel.props.get("source_ids"))
            lines.append("sources: " + ("; ".join(srcs[:3]) if srcs else "none recorded"))
        return "\n".join(lines)


def parse_evidence(value: Any) -> Iterable[dict[str, Any]]:
    """Evidence items from the stored list of JSON strings (tolerates dicts and bad JSON)."""
    for item in _as_list(value, keep_types=True):
        if isinstance(item, dict):
            yield item
        elif isinstance(item, str):
            try:
                obj = json.loads(item)
            except json.JSONDecodeError:
                yield {"text": item}
                continue
            yield obj if isinstance(obj, dict) else {"text": str(obj)}


def format_evidence(ev: Mapping[str, Any]) -> str:
    """``source, locator: “sentence or row”`` in one line."""
    src = ev.get("source") or ev.get("source_id") or ev.get("source_key") or "?"
    if isinstance(src, dict):
        src = src.get("title") or src.get("uri") or src.get("key") or json.dumps(src)
    loc = _locator(ev.get("locator"))
    text = str(ev.get("text") or "").replace("\n", " ").strip()
    if len(text) > MAX_EVIDENCE_CHARS:
        text = text[: MAX_EVIDENCE_CHARS - 1] + "…"
    head = f"{src}" + (f", {loc}" if loc else "")
    return f"{head}: “{text}”" if text else head


def _locator(loc: Any) -> str:
    if loc is None or loc == "":
        return ""
    if isinstance(loc, str):
        try:
            parsed = json.loads(loc)
        except json.JSONDecodeError:
            return loc
        loc = parsed
    if isinstance(loc, dict):
        parts = []
        for k in ("row", "sheet", "sentence", "page", "paragraph"):
            if loc.get(k) is not None:
                parts.append(f"{k} {loc[k]}")
        if loc.get("start") is not None and loc.get("end") is not None:
            parts.append(f"chars {loc['start']}–{loc['end']}")
        if parts:
            return ", ".join(parts)
        return ", ".join(f"{k}={v}" for k, v in loc.items())
    return str(loc)


def _span(props: Mapping[str, Any]) -> str:
    a, b = props.get("valid_from"), props.get("valid_to")
    if not a and not b:
        return ""
    return f"{a or '…'} – {b or ''}".rstrip()


def _as_list(value: Any, keep_types: bool = False) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return list(value) if keep_types else [str(v) for v in value]
    return [value] if keep_types else [str(value)]
