"""Synthetic graphs of any size, shaped by the ontology, for the view benchmark and the browser tests.

Real sample data is small (tens of entities); the renderer must also be measured and tested at
1,000 and 5,000 nodes. These graphs use only the ontology's classes and relation types, respect
every relation's domain and range (``Schema.allows``), carry evidence in the stored format and
are deterministic for a seed.

Example:
    >>> from ontology.schema import load_schema
    >>> sub = synthetic_subgraph(100, load_schema(), seed=1)
    >>> len(sub.nodes)
    100
"""

from __future__ import annotations

import json
import random
from collections import defaultdict

from graph.model import Node, NodeRecord, Relationship, RelRecord, Subgraph
from graph.views.build import place_relations
from ontology.schema import Schema

_SYLLABLES = "华 东 南 北 海 江 山 城 新 兴 创 智 远 达 信 通 联 鑫 康 泰 盛 和 丰 德 云 星 航 电 机 材".split()
_CITIES = ["深圳市", "苏州市", "青岛市", "宁波市", "成都市", "武汉市", "郑州市", "长沙市"]
_SUFFIX = {
    "Institution": "职业技术学院", "Enterprise": "科技有限公司", "Government": "人民政府",
    "Platform": "产教联合体", "Policy": "实施方案", "Industry": "产业", "Place": "区",
}


def _name(rng: random.Random, top: str, cls_label: str, i: int) -> str:
    stem = "".join(rng.choice(_SYLLABLES) for _ in range(2))
    suffix = _SUFFIX.get(top, cls_label)
    return f"{stem}{suffix}{i}" if top != "Policy" else f"关于{stem}{cls_label}的{suffix}{i}"


def synthetic_subgraph(n_nodes: int, schema: Schema, *, seed: int = 7,
                       avg_degree: float = 3.0) -> Subgraph:
    """A random graph of ``n_nodes`` entities and about ``n_nodes * avg_degree / 2`` relationships.

    Every eighth node or so is a city (``Place``) and most actors are located in one, so city
    grouping and place tooltips have something to show.
    """
    rng = random.Random(seed)
    classes = [c for c in schema.classes.values()
               if c.top in ("Institution", "Enterprise", "Government", "Platform", "Policy",
                            "Industry")]
    place_cls = [c for c in schema.classes.values() if c.top == "Place"]
    if not classes:
        classes = list(schema.classes.values())
    n_places = min(len(_CITIES), max(1, n_nodes // 8)) if place_cls else 0
    nodes: list[Node] = []
    for i in range(n_places):
        cdef = next((c for c in place_cls if c.name == "City"), place_cls[0])
        nodes.append(_node(schema, cdef.name, f"place:{_CITIES[i]}", _CITIES[i], i))
    for i in range(n_places, n_nodes):
        cdef = rng.choice(classes)
        label = cdef.labels.get("zh-Hans", cdef.name)
        name = _name(rng, cdef.top, label, i)
        nodes.append(_node(schema, cdef.name, f"{cdef.top.lower()}:{name}", name, i, rng))

    by_class: dict[str, list[Node]] = defaultdict(list)
    for n in nodes:
        by_class[n.props["class"]].append(n)
    rels: dict[tuple[str, str, str], Relationship] = {}
    places = nodes[:n_places]
    loc_types = place_relations(schema)
    for a in nodes[n_places:]:
        if not places or rng.random() > 0.7:
            continue
        b = rng.choice(places)
        t = next((t for t in loc_types if schema.allows(t, a.props["class"], b.props["class"])),
                 None)
        if t is not None:
            rels[(a.key, t, b.key)] = Relationship(t, a.key, b.key, {
                "source_ids": ["source:synthetic-0"],
                "evidence": [json.dumps({"source": "source:synthetic-0", "locator": {"row": 1},
                                         "text": f"{a.name}位于{b.name}。"}, ensure_ascii=False)],
                "confidence": 1.0}, id=f"{a.key}|{t}|{b.key}")
    target = len(rels) + int(n_nodes * avg_degree / 2)
    # relations between actors, platforms, industries and policies (no renames, no document
    # structure): what a real 产教融合 graph mostly holds
    relations = [r for r in schema.relations.values()
                 if r.name not in loc_types and r.name != "RENAMED_TO"
                 and all(schema.classes[c].top in _SUFFIX for c in (*r.domain, *r.range)
                         if c in schema.classes)]
    attempts = 0
    while len(rels) < target and attempts < target * 20 and relations:
        attempts += 1
        a = rng.choice(nodes)
        r = rng.choice(relations)
        ok_ranges = [c for c in by_class if schema.allows(r.name, a.props["class"], c)]
        if not ok_ranges:
            continue
        b = rng.choice(by_class[rng.choice(ok_ranges)])
        if a.key == b.key:
            continue
        s, e = (a.key, b.key) if not r.symmetric or a.key < b.key else (b.key, a.key)
        if (s, r.name, e) in rels:
            continue
        year = rng.randint(2015, 2024)
        ev = {"source": f"source:synthetic-{rng.randint(1, 40)}",
              "locator": {"row": rng.randint(2, 500)},
              "text": f"{a.name}与{b.name}签署合作协议。", "extractor": "synthetic",
              "version": "1", "confidence": 0.9, "ingested_at": "2025-01-01T00:00:00Z"}
        props = {"source_ids": [ev["source"]], "evidence": [json.dumps(ev, ensure_ascii=False)],
                 "confidence": 0.9, "valid_from": str(year)}
        if rng.random() < 0.2:
            props["valid_to"] = f"{year + rng.randint(1, 4)}-06"
        rels[(s, r.name, e)] = Relationship(r.name, s, e, props, id=f"{s}|{r.name}|{e}")
    return Subgraph(nodes, list(rels.values()))


def _node(schema: Schema, cls: str, key: str, name: str, i: int,
          rng: random.Random | None = None) -> Node:
    props = {
        "key": key, "name": name, "name_norm": name, "class": cls,
        "top": schema.classes[cls].top, "aliases": [name], "search_keys": [name],
        "source_ids": [f"source:synthetic-{i % 40 + 1}"],
    }
    if rng is not None and rng.random() < 0.3:
        props["valid_from"] = str(rng.randint(2000, 2023))
    return Node(key, schema.labels_for_store(cls), props)


def to_records(sub: Subgraph) -> tuple[list[NodeRecord], list[RelRecord]]:
    """The same graph as store write records (``labels`` without ``Entity``)."""
    nodes = [NodeRecord(n.key, tuple(lb for lb in n.labels if lb != "Entity"), dict(n.props))
             for n in sub.nodes]
    rels = [RelRecord(r.type, r.start, r.end, dict(r.props)) for r in sub.relationships]
    return nodes, rels
