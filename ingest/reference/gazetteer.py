"""The reference skeleton as a gazetteer for the document pipeline (and anyone else): every
place and every MoE-listed institution with its class, key, code, aliases and place context.

Built from the packaged tables, not from a store, so it is cheap (one parse, cached for the
process, about 0.3 s the first time) and the same on every backend. The keys are the ones the
loader gives on a graph where the skeleton came first (``iegraph db init`` / ``demo``); a
caller that writes should still resolve through the writer, which maps every name and alias
to the node actually in the graph.

Names that several places share (朝阳区: 北京市 and 长春市) appear once per place; such a bare
name must not be resolved by guess — :func:`lookup` returns every entry, and
:func:`ambiguous_names` lists them (the qualified names 北京市朝阳区 / 长春市朝阳区 are aliases
and unique).

Example:
    >>> from iegraph.ingest.reference import gazetteer, lookup
    >>> [e.key for e in lookup("济南")]
    ['place:济南市']
    >>> e = lookup("4144011113")[0]
    >>> e.name, e.cls, e.province, e.city
    ('深圳职业技术大学', 'VocationalUniversity', '广东省', '深圳市')
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from iegraph.ingest.reference.tables import adcode6, reference_tables
from iegraph.ontology.names import norm_name


@dataclass(frozen=True)
class GazetteerEntry:
    """One named thing of the skeleton.

    Attributes:
        name: display name (Simplified, as listed).
        cls: ontology class (Province, City, District, County, University,
            VocationalUniversity, VocationalCollege, AdultCollege, or a Government class for
            a supervising body).
        key: node key on a graph where the skeleton was loaded first.
        code: ``adcode`` (6 digits) or ``moe_code`` (10 digits); "" for supervising bodies.
        aliases: short forms (济南), qualified names (北京市朝阳区), former names of
            institutions (深圳职业技术学院), short names of bodies.
        province: name of the province it lies in ("" for national bodies).
        city: name of the prefecture-level unit it lies in (itself for a City; the
            county-level city for an institution sited in one; "" for a province).
    """

    name: str
    cls: str
    key: str
    code: str
    aliases: tuple[str, ...]
    province: str
    city: str


@lru_cache(maxsize=1)
def gazetteer() -> tuple[GazetteerEntry, ...]:
    """Every place, institution and supervising body of the packaged skeleton (cached)."""
    t = reference_tables()
    out: list[GazetteerEntry] = []

    def context(code: str) -> tuple[str, str]:
        p = t.place(code)
        prov = t.place(p.province).name
        if p.level == "province":
            return prov, ""
        if p.level == "prefecture":
            return prov, p.name
        parent = t.place(p.parent)
        if parent.level == "prefecture":
            return prov, parent.name
        # under a province directly: a municipality's district is in that city; a
        # province-administered county-level city (济源市) is its own city
        return prov, (prov if prov.endswith("市") else p.name)

    for p in t.places:
        prov, city = context(p.code)
        out.append(GazetteerEntry(p.name, p.cls, p.key, p.code, p.aliases, prov, city))
    for i in t.institutions:
        prov, city = context(i.place)
        if t.place(i.place).level == "county":
            city = t.place(i.place).name
        former = tuple(f for f, _d in i.former)
        out.append(GazetteerEntry(i.name, i.cls, i.key, i.moe_code, former, prov, city))
    for b in t.bodies():
        prov = ""
        for p in t.places:
            if p.level == "province" and b.name.startswith(p.name):
                prov = p.name
                break
        out.append(GazetteerEntry(b.name, b.cls, b.key, "", b.aliases, prov, ""))
    return tuple(out)


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[GazetteerEntry, ...]]:
    idx: dict[str, list[GazetteerEntry]] = {}
    for e in gazetteer():
        forms = {norm_name(e.name), *(norm_name(a) for a in e.aliases)}
        if e.code:
            forms.add(e.code)
        for f in forms:
            idx.setdefault(f, []).append(e)
    return {k: tuple(v) for k, v in idx.items()}


def lookup(text: str) -> list[GazetteerEntry]:
    """Entries a name, alias, Traditional-script form or code names (several when the name is
    ambiguous; empty when unknown). A 2- or 4-digit adcode is read as its 6-digit form.

    Example:
        >>> [e.key for e in lookup("朝阳区")]
        ['place:北京市朝阳区', 'place:长春市朝阳区']
    """
    s = text.strip()
    if s.isdigit() and len(s) in (2, 4):
        s = adcode6(s)
    return list(_index().get(norm_name(s), ()))


def ambiguous_names() -> dict[str, list[str]]:
    """Names (and short forms) that several skeleton entries carry → their keys."""
    out: dict[str, list[str]] = {}
    for form, entries in _index().items():
        keys = sorted({e.key for e in entries})
        if len(keys) > 1:
            out[form] = keys
    return out


@lru_cache(maxsize=1)
def lexicon_entries() -> tuple[tuple[str, str, str, tuple[str, ...]], ...]:
    """The gazetteer as ``(name, class, key, aliases)`` for a phrase matcher, with every form
    several entries share left out (a text that says only 朝阳区 must not be keyed by guess):
    such an entry is listed under its qualified name (北京市朝阳区) instead.

    Example:
        >>> [e for e in lexicon_entries() if e[2] == "place:北京市朝阳区"]
        [('北京市朝阳区', 'District', 'place:北京市朝阳区', ())]
    """
    shared = set(ambiguous_names())
    out: list[tuple[str, str, str, tuple[str, ...]]] = []
    for e in gazetteer():
        forms = [f for f in (e.name, *e.aliases) if norm_name(f) not in shared]
        if forms:
            out.append((forms[0], e.cls, e.key, tuple(forms[1:])))
    return tuple(out)
