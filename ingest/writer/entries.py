"""Stage 1 — entries: what one source says about one node or one relationship, typed.

A node keeps one :class:`NodeEntry` per asserting source; a relationship one
:class:`RelEntry` per assertion. Everything visible on a node or relationship (display name,
aliases, search keys, ``source_ids``, confidence, validity …) is *derived* from its entries
(:func:`derive_node`, :func:`derive_rel`), so replacing or removing what a source said is
exact: drop its entries, derive again.

Stored form: each entry is one compact JSON object in the ``evidence`` list property (sorted
keys, no empty fields; the extractor lives on the ``Source`` node the entry names). The
readers — the API's evidence lists, path explanations, views, the RDF export — parse exactly
this form, so it is kept; what was dropped for leanness is every empty or default field.

Node entry::

    {"source": "source:…", "cls": "University", "name": "…", "aliases": [...],
     "former": [["深圳职业技术学院", "2023"]], "props": {...}, "locators": ["row 3"],
     "source_url": "…", "confidence": 1.0, "ingested_at": "2026-…"}

Relationship entry::

    {"source": "source:…", "locator": "row 12", "text": "…", "extractor": "…",
     "version": "0.1", "confidence": 0.9, "source_url": "…", "ingested_at": "…",
     "props": {"valid_from": "2023"}}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import orjson

from iegraph.ingest.normalize import norm_name, to_simplified
from iegraph.ingest.resolve import name_forms

if TYPE_CHECKING:
    from iegraph.ontology.schema import Schema

Triple = tuple[str, str, str]
SOURCE_CLASS = "Source"
MAX_LOCATORS = 20  # per node and source: enough to find the rows, bounded for huge documents

_SORTED = orjson.OPT_SORT_KEYS


def dumps(obj: Any) -> str:
    """Compact JSON, keys sorted, UTF-8 kept — the same text as ``json.dumps(obj,
    ensure_ascii=False, sort_keys=True, separators=(",", ":"))``, about ten times faster (it
    runs once per entry: half a million times for a national list)."""
    # sorted keys: an entry read back from the store re-encodes to the same string, which is
    # what makes a re-ingest compare equal
    return orjson.dumps(obj, option=_SORTED).decode()


@dataclass(slots=True)
class NodeEntry:
    """What one source asserts about one node."""

    source: str
    cls: str
    name: str
    ingested_at: str
    official: bool = True
    aliases: list[str] = field(default_factory=list)
    former: list[list[str | None]] = field(default_factory=list)  # [name, until date]
    props: dict[str, Any] = field(default_factory=dict)
    locators: list[str] = field(default_factory=list)
    source_url: str = ""
    confidence: float = 1.0

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "source": self.source,
            "cls": self.cls,
            "name": self.name,
            "locators": self.locators,
            "confidence": self.confidence,
            "ingested_at": self.ingested_at,
        }
        if self.aliases:
            d["aliases"] = self.aliases
        if self.former:
            d["former"] = self.former
        if self.props:
            d["props"] = self.props
        if self.source_url:
            d["source_url"] = self.source_url
        if not self.official:
            d["official"] = False
        return d

    def encode(self) -> str:
        return dumps(self.to_json())

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> NodeEntry:
        return cls(
            source=d["source"],
            cls=d.get("cls", ""),
            name=d.get("name", ""),
            ingested_at=d.get("ingested_at", ""),
            official=d.get("official", True),
            aliases=list(d.get("aliases", ())),
            former=[list(f) for f in d.get("former", ())],
            props=dict(d.get("props", {})),
            locators=list(d.get("locators", ())),
            source_url=d.get("source_url", ""),
            confidence=float(d.get("confidence", 1.0)),
        )


@dataclass(slots=True)
class RelEntry:
    """One assertion of a relationship (a row, or a sentence)."""

    source: str
    locator: str
    ingested_at: str
    text: str = ""
    extractor: str = ""
    version: str = ""
    confidence: float = 1.0
    source_url: str = ""
    start: int | None = None
    end: int | None = None
    props: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "source": self.source,
            "locator": self.locator,
            "text": self.text,
            "extractor": self.extractor,
            "version": self.version,
            "confidence": self.confidence,
            "source_url": self.source_url,
            "ingested_at": self.ingested_at,
        }
        if self.start is not None:
            d["start"], d["end"] = self.start, self.end
        if self.props:
            d["props"] = self.props
        return d

    def encode(self) -> str:
        return dumps(self.to_json())

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> RelEntry:
        return cls(
            source=d["source"],
            locator=d.get("locator", ""),
            ingested_at=d.get("ingested_at", ""),
            text=d.get("text", ""),
            extractor=d.get("extractor", ""),
            version=d.get("version", ""),
            confidence=float(d.get("confidence", 1.0)),
            source_url=d.get("source_url", ""),
            start=d.get("start"),
            end=d.get("end"),
            props=dict(d.get("props", {})),
        )


def stored_entries(props: dict[str, Any]) -> list[dict[str, Any]]:
    """The evidence entries of stored properties, parsed (bad items are skipped)."""
    out = []
    for s in props.get("evidence") or ():
        if isinstance(s, str):
            try:
                out.append(orjson.loads(s))
            except orjson.JSONDecodeError:
                continue
    return out


# ------------------------------------------------------------------------------------------
# derivation of visible properties from entries
# ------------------------------------------------------------------------------------------
def _order(e: NodeEntry | RelEntry) -> tuple[str, str]:
    return (e.ingested_at, e.source)


def derive_node(key: str, entries: list[NodeEntry], schema: Schema) -> dict[str, Any]:
    """Visible node properties from its per-source entries (order-independent)."""
    if len(entries) == 1:
        return _derive_single(key, entries[0], schema)
    entries = sorted(entries, key=_order)
    # class: the most specific one asserted; ties keep the earliest source's
    cls = entries[0].cls
    for e in entries[1:]:
        c = e.cls
        if c != cls and c in schema.classes and cls in schema.classes and schema.is_a(c, cls):
            cls = c
    former: dict[str, str | None] = {}
    for e in entries:
        for fn, when in e.former:
            if fn is None:
                continue
            if fn not in former or (when and not former[fn]):
                former[fn] = when
    former_norm = {norm_name(f) for f in former}
    official: list[tuple[int, int, int, str]] = []
    informal: list[tuple[int, int, int, str]] = []
    surface: list[str] = []
    for e in entries:
        nm = e.name
        surface.append(nm)
        surface.extend(e.aliases)
        if norm_name(nm) in former_norm:
            continue
        # the most complete form wins; a rename statement, then Simplified script, breaks ties
        rank = (
            -len(norm_name(nm)),
            0 if e.former else 1,
            0 if to_simplified(nm) == nm else 1,
            nm,
        )
        (official if e.official else informal).append(rank)
    pool = official or informal
    # every name asserted is a former name: keep the latest asserted one
    name = min(pool)[3] if pool else entries[-1].name
    surface.extend(former)
    aliases = sorted({s for s in surface if s and s != name})
    forms: set[str] = set()
    for s in (name, *aliases):
        forms.update(name_forms(s))
    props: dict[str, Any] = {}
    for e in entries:  # later sources win for scalar properties; lists are united
        for k, v in e.props.items():
            if isinstance(v, list) and isinstance(props.get(k), list):
                props[k] = sorted({*props[k], *v}, key=str)
            else:
                props[k] = v
    out: dict[str, Any] = dict(props)
    out.update(
        {
            "key": key,
            "name": name,
            "name_norm": norm_name(name),
            "class": cls,
            "top": schema.top_of(cls) if cls in schema.classes else cls,
            "aliases": aliases,
            "search_keys": sorted(forms),
            "former_names": sorted(former),
            "source_ids": sorted({e.source for e in entries}),
            "source_urls": sorted({e.source_url for e in entries if e.source_url}),
            "confidence": max(e.confidence for e in entries),
            "evidence": sorted(e.encode() for e in entries),
        }
    )
    _renamed(out, former)
    return out


def _renamed(out: dict[str, Any], former: dict[str, str | None]) -> None:
    if former:
        latest = max(former.items(), key=lambda kv: (kv[1] or "", kv[0]))
        out["renamed_from"], out["renamed_on"] = latest
    else:
        out["renamed_from"] = out["renamed_on"] = None


def _derive_single(key: str, e: NodeEntry, schema: Schema) -> dict[str, Any]:
    """:func:`derive_node` for the common case of one asserting source (a first load)."""
    name = e.name
    former = {fn: when for fn, when in e.former if fn is not None}
    aliases = sorted({*e.aliases, *former} - {name, ""})
    forms: set[str] = set(name_forms(name))
    for a in aliases:
        forms.update(name_forms(a))
    cls = e.cls
    out: dict[str, Any] = dict(e.props)
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
            "source_ids": [e.source],
            "source_urls": [e.source_url] if e.source_url else [],
            "confidence": e.confidence,
            "evidence": [e.encode()],
        }
    )
    _renamed(out, former)
    return out


def derive_rel(entries: list[RelEntry]) -> dict[str, Any]:
    """Visible relationship properties from its entries."""
    if len(entries) == 1:  # a first load: one assertion
        e = entries[0]
        props = dict(e.props)
        props.setdefault("valid_from", None)
        props.setdefault("valid_to", None)
        props["source_ids"] = [e.source]
        props["confidence"] = e.confidence
        props["evidence"] = [e.encode()]
        return props
    props = {}
    vf: list[str] = []
    vt: list[str] = []
    for e in sorted(entries, key=_order):
        for k, v in e.props.items():
            if k == "valid_from":
                vf.append(v)
            elif k == "valid_to":
                vt.append(v)
            else:
                props[k] = v
    props["valid_from"] = min(vf) if vf else None
    props["valid_to"] = max(vt) if vt else None
    props["source_ids"] = sorted({e.source for e in entries})
    props["confidence"] = max(e.confidence for e in entries)
    props["evidence"] = sorted(e.encode() for e in entries)
    return props
