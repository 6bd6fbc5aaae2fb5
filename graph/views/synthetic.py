"""Synthetic graphs of any size, shaped by the ontology, for the view benchmark and the browser tests.

Real sample data is small (tens of entities); the renderer must also be measured and tested at
1,000 and 5,000 nodes. These graphs use only the ontology's classes and relation types, respect
every relation's domain and range (``Schema.allows``), carry evidence in the stored format and
are deterministic for a seed.

Example:
    >>> from iegraph.ontology.schema import load_schema
    >>> sub = synthetic_subgraph(100, load_schema(), seed=1)
    >>> len(sub.nodes)
    100
"""

from __future__ import annotations

import json
import random
from collections import defaultdict

from iegraph.graph.model import Node, NodeRecord, Relationship, RelRecord, Subgraph
from iegraph.graph.views.select import place_relations
from iegraph.ontology.schema import Schema

_SYLLABLES = [
    "华",
    "东",
    "南",
    "北",
    "海",
    "江",
    "山",
    "城",
    "新",
    "兴",
    "创",
    "智",
    "远",
    "达",
    "信",
    "通",
    "联",
    "鑫",
    "康",
    "泰",
    "盛",
    "和",
    "丰",
    "德",
    "云",
    "星",
    "航",
    "电",
    "机",
    "材",
]
_CITIES = ["深圳市", "苏州市", "青岛市", "宁波市", "成都市", "武汉市", "郑州市", "长沙市"]
_SUFFIX = {
    "Institution": "职业技术学院",
    "Enterprise": "科技有限公司",
    "Government": "人民政府",
    "Platform": "产教联合体",
    "Policy": "实施方案",
    "Industry": "产业",
    "Place": "区",
}


def _name(rng: random.Random, top: str, cls_label: str, i: int) -> str:
    stem = "".join(rng.choice(_SYLLABLES) for _ in range(2))
    suffix = _SUFFIX.get(top, cls_label)
    return f"{stem}{suffix}{i}" if top != "Policy" else f"关于{stem}{cls_label}的{suffix}{i}"


def synthetic_subgraph(
    n_nodes: int, schema: Schema, *, seed: int = 7, avg_degree: float = 3.0
) -> Subgraph:
    """A random graph of ``n_nodes`` entities and about ``n_nodes * avg_degree / 2`` relationships.

    Every eighth node or so is a city (``Place``) and most actors are located in one, so city
    grouping and place tooltips have something to show.
    """
    rng = random.Random(seed)
    classes = [
        c
        for c in schema.classes.values()
        if c.top in ("Institution", "Enterprise", "Government", "Platform", "Policy", "Industry")
    ]
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
        t = next(
            (t for t in loc_types if schema.allows(t, a.props["class"], b.props["class"])), None
        )
        if t is not None:
            rels[(a.key, t, b.key)] = Relationship(
                t,
                a.key,
                b.key,
                {
                    "source_ids": ["source:synthetic-0"],
                    "evidence": [
                        json.dumps(
                            {
                                "source": "source:synthetic-0",
                                "locator": {"row": 1},
                                "text": f"{a.name}位于{b.name}。",
                            },
                            ensure_ascii=False,
                        )
                    ],
                    "confidence": 1.0,
                },
                id=f"{a.key}|{t}|{b.key}",
            )
    target = len(rels) + int(n_nodes * avg_degree / 2)
    # relations between actors, platforms, industries and policies (no renames, no document
    # structure): what a real 产教融合 graph mostly holds
    relations = [
        r
        for r in schema.relations.values()
        if r.name not in loc_types
        and r.name != "RENAMED_TO"
        and all(
            schema.classes[c].top in _SUFFIX for c in (*r.domain, *r.range) if c in schema.classes
        )
    ]
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
        ev = {
            "source": f"source:synthetic-{rng.randint(1, 40)}",
            "locator": {"row": rng.randint(2, 500)},
            "text": f"{a.name}与{b.name}签署合作协议。",
            "extractor": "synthetic",
            "version": "1",
            "confidence": 0.9,
            "ingested_at": "2025-01-01T00:00:00Z",
        }
        props = {
            "source_ids": [ev["source"]],
            "evidence": [json.dumps(ev, ensure_ascii=False)],
            "confidence": 0.9,
            "valid_from": str(year),
        }
        if rng.random() < 0.2:
            props["valid_to"] = f"{year + rng.randint(1, 4)}-06"
        rels[(s, r.name, e)] = Relationship(r.name, s, e, props, id=f"{s}|{r.name}|{e}")
    return Subgraph(nodes, list(rels.values()))


def _node(
    schema: Schema, cls: str, key: str, name: str, i: int, rng: random.Random | None = None
) -> Node:
    props = {
        "key": key,
        "name": name,
        "name_norm": name,
        "class": cls,
        "top": schema.classes[cls].top,
        "aliases": [name],
        "search_keys": [name],
        "source_ids": [f"source:synthetic-{i % 40 + 1}"],
    }
    if rng is not None and rng.random() < 0.3:
        props["valid_from"] = str(rng.randint(2000, 2023))
    return Node(key, schema.labels_for_store(cls), props)


def to_records(sub: Subgraph) -> tuple[list[NodeRecord], list[RelRecord]]:
    """The same graph as store write records (``labels`` without ``Entity``)."""
    nodes = [
        NodeRecord(n.key, tuple(lb for lb in n.labels if lb != "Entity"), dict(n.props))
        for n in sub.nodes
    ]
    rels = [RelRecord(r.type, r.start, r.end, dict(r.props)) for r in sub.relationships]
    return nodes, rels


# -- a small real-world sample (facts from the project's seed records, with their sources) ------
_SZ_CONSORTIUM = "https://static.nfapp.southcn.com/content/202309/05/c8069286.html?enterColumnId=0"
_SZ_ENTERPRISES = "https://zhidexia.com/youtai-7489.html"
_SZU_COLLEGE = "http://zhejianglong.com/c/1211144M42021_2.html"
_GUOBAN_95 = (
    "https://baike.baidu.hk/item/%E5%9C%8B%E5%8B%99%E9%99%A2%E8%BE%A6%E5%85%AC%E5%BB%B3"
    "%E9%97%9C%E6%96%BC%E6%B7%B1%E5%8C%96%E7%94%A2%E6%95%99%E8%9E%8D%E5%90%88%E7%9A%84"
    "%E8%8B%A5%E5%B9%B2%E6%84%8F%E8%A6%8B/22267046"
)

#: text that must survive every format and never break a page: quotes, a backslash, a line
#: break, a semicolon (the CSV array delimiter) and markup
TRICKY_TEXT = '校企"双主体"育人; it\'s a \\ test\n</script><script>alert(1)</script>'


def sample_ecosystem(schema: Schema) -> Subgraph:
    """A small, real Shenzhen ecosystem (about a dozen entities) for tests and demos.

    Facts come from the seed records in ``shared/data/facts`` (partnerships, municipal
    consortia, industrial colleges, 产教融合型企业, policies) with their source URLs as
    evidence; one evidence item carries :data:`TRICKY_TEXT` to exercise escaping.
    """

    def node(key: str, cls: str, name: str, aliases: tuple[str, ...] = (), **extra: object) -> Node:
        props: dict[str, object] = {
            "key": key,
            "name": name,
            "name_norm": name,
            "class": cls,
            "top": schema.classes[cls].top,
            "aliases": [name, *aliases],
            "search_keys": [name, *aliases],
            "source_ids": ["source:facts"],
            **extra,
        }
        return Node(key, schema.labels_for_store(cls), props)

    def rel(
        t: str, s: str, e: str, url: str, locator: dict[str, object], text: str, **extra: object
    ) -> Relationship:
        ev = {
            "source": url,
            "locator": locator,
            "text": text,
            "extractor": "records",
            "version": "1",
            "confidence": 0.95,
            "ingested_at": "2025-01-01T00:00:00Z",
        }
        props: dict[str, object] = {
            "source_ids": [url],
            "evidence": [json.dumps(ev, ensure_ascii=False)],
            "confidence": 0.95,
            **extra,
        }
        return Relationship(t, s, e, props, id=f"{s}|{t}|{e}")

    szpu, hw, sz, gd = (
        "institution:深圳职业技术大学",
        "enterprise:华为技术有限公司",
        "place:深圳市",
        "place:广东省",
    )
    szu, cons, coll = (
        "institution:深圳大学",
        "platform:深圳市域产教联合体",
        "platform:深圳大学腾讯云人工智能学院",
    )
    dji, ai, uav = ("enterprise:深圳市大疆创新科技有限公司", "industry:人工智能", "industry:无人机")
    park, gov, drc = (
        "platform:深圳市高新技术产业园区",
        "government:国务院办公厅",
        "government:深圳市发展和改革委员会",
    )
    pol = "policy:国务院办公厅关于深化产教融合的若干意见"
    nodes = [
        node(gd, "Province", "广东省"),
        node(sz, "City", "深圳市", ("深圳",)),
        node(
            szpu,
            "VocationalUniversity",
            "深圳职业技术大学",
            ("深圳职业技术学院",),
            valid_from="2023",
        ),
        node(hw, "Company", "华为技术有限公司", ("华为",)),
        node(szu, "University", "深圳大学"),
        node(cons, "MunicipalConsortium", "深圳市域产教联合体", valid_from="2023"),
        node(coll, "IndustrialCollege", "深圳大学腾讯云人工智能学院", valid_from="2021"),
        node(dji, "Company", "深圳市大疆创新科技有限公司", ("大疆",)),
        node(ai, "Industry", "人工智能"),
        node(uav, "Industry", "无人机"),
        node(park, "IndustrialPark", "深圳市高新技术产业园区"),
        node(gov, "Government", "国务院办公厅"),
        node(drc, "Bureau", "深圳市发展和改革委员会", ("深圳市发改委",)),
        node(
            pol,
            "NationalPolicy",
            "国务院办公厅关于深化产教融合的若干意见",
            doc_number="国办发〔2017〕95号",
            valid_from="2017-12-05",
        ),
    ]
    c = {"row": 2, "file": "municipal_consortia.csv"}
    rels = [
        rel("PART_OF", sz, gd, _SZ_CONSORTIUM, c, "深圳市域产教联合体（深圳，广东）"),
        *(
            rel("LOCATED_IN", k, sz, _SZ_CONSORTIUM, c, "深圳市域产教联合体（深圳，广东）")
            for k in (szpu, hw, cons, park)
        ),
        rel(
            "LOCATED_IN",
            szu,
            sz,
            _SZU_COLLEGE,
            {"row": 3, "file": "industrial_colleges.csv"},
            "深圳大学腾讯云人工智能学院，深圳大学，广东",
        ),
        rel(
            "LOCATED_IN",
            dji,
            sz,
            _SZ_ENTERPRISES,
            {"row": 18, "file": "ie_enterprises.csv"},
            "深圳市大疆创新科技有限公司，广东，深圳",
        ),
        rel(
            "LEADS",
            szpu,
            cons,
            _SZ_CONSORTIUM,
            {"row": 11, "file": "partnerships.csv"},
            "深圳职业技术大学与华为技术有限公司牵头深圳市域产教联合体",
            valid_from="2023",
        ),
        rel(
            "LEADS",
            hw,
            cons,
            _SZ_CONSORTIUM,
            {"row": 11, "file": "partnerships.csv"},
            "深圳职业技术大学与华为技术有限公司牵头深圳市域产教联合体",
            valid_from="2023",
        ),
        rel(
            "LEADS",
            park,
            cons,
            _SZ_CONSORTIUM,
            c,
            "牵头园区：深圳市高新技术产业园区",
            valid_from="2023",
        ),
        rel(
            "COOPERATES_WITH",
            hw,
            szpu,
            _SZ_CONSORTIUM,
            {"row": 11, "file": "partnerships.csv"},
            TRICKY_TEXT,
            valid_from="2023",
            valid_to="2026-06",
        ),
        rel(
            "BUILDS",
            szu,
            coll,
            _SZU_COLLEGE,
            {"row": 3, "file": "industrial_colleges.csv"},
            "首批现代产业学院：深圳大学腾讯云人工智能学院",
            valid_from="2021",
        ),
        rel(
            "FOCUSES_ON",
            coll,
            ai,
            _SZU_COLLEGE,
            {"row": 3, "file": "industrial_colleges.csv"},
            "产业领域：人工智能",
        ),
        rel(
            "FOCUSES_ON",
            dji,
            uav,
            _SZ_ENTERPRISES,
            {"row": 18, "file": "ie_enterprises.csv"},
            "深圳市大疆创新科技有限公司，无人机",
        ),
        rel(
            "DESIGNATES",
            drc,
            dji,
            _SZ_ENTERPRISES,
            {"row": 18, "file": "ie_enterprises.csv"},
            "深圳市第二批试点建设培育产教融合型企业名单（深圳市发改委、市教育局）",
        ),
        rel(
            "ISSUED_BY",
            pol,
            gov,
            _GUOBAN_95,
            {"row": 2, "file": "policies.csv"},
            "国务院办公厅关于深化产教融合的若干意见，国办发〔2017〕95号",
            valid_from="2017-12-05",
        ),
        rel(
            "DESIGNATES", pol, sz, _GUOBAN_95, {"row": 2, "file": "policies.csv"}, "产教融合型城市"
        ),
    ]
    for r in rels:
        if not schema.allows(r.type, _cls(nodes, r.start), _cls(nodes, r.end)):
            raise AssertionError(f"sample relationship breaks the ontology: {r.id}")
    return Subgraph(nodes, rels)


def _cls(nodes: list[Node], key: str) -> str:
    return next(str(n.props["class"]) for n in nodes if n.key == key)
