"""A small, hand-built ecosystem graph for the query and API tests (both backends).

Names and facts follow ../shared/data/facts (public notices); the graph is written straight
through ``store.upsert_nodes`` / ``upsert_relationships`` with the node and relationship
conventions of :mod:`graph.model`, so these tests do not depend on the ingestion code.
"""

from __future__ import annotations

import json
from typing import Any

from iegraph.graph.model import NodeRecord, RelRecord

SRC = "source:0123456789abcdef"
URL = "https://static.nfapp.southcn.com/content/202309/05/c8069286.html"


def _norm(name: str) -> str:
    from iegraph.ingest.normalize import norm_name

    return norm_name(name)


def node(
    key: str, name: str, cls: str, schema: Any, aliases: tuple[str, ...] = (), **props: Any
) -> NodeRecord:
    labels = tuple(lbl for lbl in schema.labels_for_store(cls) if lbl != "Entity")
    names = [name, *aliases]
    keys = list(dict.fromkeys(_norm(n) for n in names))
    return NodeRecord(
        key,
        labels,
        {
            "name": name,
            "name_norm": _norm(name),
            "class": cls,
            "top": schema.top_of(cls),
            "aliases": list(aliases),
            "search_keys": keys,
            "source_ids": [SRC],
            **props,
        },
    )


def ev(locator: str, text: str, confidence: float = 1.0) -> str:
    return json.dumps(
        {
            "source": SRC,
            "locator": locator,
            "text": text,
            "source_url": URL,
            "extractor": "tests/0",
            "confidence": confidence,
            "ingested_at": "2026-01-01T00:00:00Z",
        },
        ensure_ascii=False,
    )


def rel(
    t: str,
    s: str,
    e: str,
    locator: str = "row 1",
    text: str = "",
    confidence: float = 1.0,
    **props: Any,
) -> RelRecord:
    return RelRecord(
        t,
        s,
        e,
        {
            "source_ids": [SRC],
            "evidence": [ev(locator, text, confidence)],
            "confidence": confidence,
            **props,
        },
    )


# keys used by the tests
SZPU = "institution:深圳职业技术大学"
SZU = "institution:深圳大学"
HUAWEI = "enterprise:华为技术有限公司"
TENCENT = "enterprise:腾讯科技(深圳)有限公司"
BYD = "enterprise:比亚迪股份有限公司"
CONSORTIUM = "platform:深圳市域产教联合体"
AI_COLLEGE = "platform:深圳大学腾讯云人工智能学院"
SHENZHEN = "place:深圳市"
NANSHAN = "place:南山区"
GUANGDONG = "place:广东省"
HIGH_TECH_PARK = "government:深圳市高新技术产业园区管理委员会"
MOE = "government:教育部"
P01 = "policy:国务院办公厅关于深化产教融合的若干意见"
P02 = "policy:建设产教融合型企业实施办法(试行)"
P_LIST = "policy:关于印发产教融合型企业和产教融合试点城市名单的通知"
IND_IT = "industry:新一代信息技术"
IND_AI = "industry:人工智能"
IND_COMM = "industry:通信"
IND_EV = "industry:新能源汽车"
ISOLATED = "enterprise:孤立测试企业"


def build(store: Any, schema: Any) -> None:
    """Write the test graph (about 20 nodes, 30 relationships)."""
    n = [
        node(
            SZPU,
            "深圳职业技术大学",
            "VocationalUniversity",
            schema,
            ("深圳职业技术学院", "深圳職業技術大學", "深职大"),
        ),
        node(SZU, "深圳大学", "University", schema),
        node(HUAWEI, "华为技术有限公司", "Company", schema, ("华为",)),
        node(TENCENT, "腾讯科技（深圳）有限公司", "Company", schema, ("腾讯", "腾讯云")),
        node(BYD, "比亚迪股份有限公司", "Company", schema, ("比亚迪",)),
        node(CONSORTIUM, "深圳市域产教联合体", "MunicipalConsortium", schema),
        node(AI_COLLEGE, "深圳大学腾讯云人工智能学院", "IndustrialCollege", schema),
        node(SHENZHEN, "深圳市", "City", schema, ("深圳",)),
        node(NANSHAN, "南山区", "District", schema),
        node(GUANGDONG, "广东省", "Province", schema, ("广东",)),
        node(HIGH_TECH_PARK, "深圳市高新技术产业园区管理委员会", "ParkCommittee", schema),
        node(MOE, "教育部", "Ministry", schema),
        node(
            P01,
            "国务院办公厅关于深化产教融合的若干意见",
            "NationalPolicy",
            schema,
            doc_number="国办发〔2017〕95号",
            valid_from="2017-12-05",
        ),
        node(
            P02,
            "建设产教融合型企业实施办法（试行）",
            "NationalPolicy",
            schema,
            doc_number="发改社会〔2019〕590号",
            valid_from="2019-04-03",
        ),
        node(
            P_LIST,
            "关于印发产教融合型企业和产教融合试点城市名单的通知",
            "NationalPolicy",
            schema,
            valid_from="2021-07",
        ),
        node(IND_IT, "新一代信息技术", "Industry", schema),
        node(IND_AI, "人工智能", "Industry", schema, ("AI",)),
        node(IND_COMM, "通信", "Industry", schema),
        node(IND_EV, "新能源汽车", "Industry", schema),
        node(ISOLATED, "孤立测试企业", "Company", schema),
    ]
    store.upsert_nodes(n)
    r = [
        rel("PART_OF", NANSHAN, SHENZHEN),
        rel("PART_OF", SHENZHEN, GUANGDONG),
        rel("LOCATED_IN", SZPU, SHENZHEN),
        rel("LOCATED_IN", SZU, NANSHAN),
        rel("LOCATED_IN", HUAWEI, SHENZHEN),
        rel("LOCATED_IN", TENCENT, NANSHAN),
        rel("LOCATED_IN", BYD, SHENZHEN),
        rel("LOCATED_IN", CONSORTIUM, SHENZHEN),
        rel("LOCATED_IN", AI_COLLEGE, NANSHAN),
        rel("LOCATED_IN", HIGH_TECH_PARK, NANSHAN),
        rel(
            "COOPERATES_WITH",
            HUAWEI,
            SZPU,
            "s12:0-40",
            "深圳职业技术大学与华为技术有限公司合作",
            0.9,
            valid_from="2019",
        ),
        rel(
            "COOPERATES_WITH",
            SZU,
            TENCENT,
            "row 2",
            "深圳大学—腾讯云",
            0.8,
            valid_from="2020",
            valid_to="2022-12",
        ),
        rel(
            "LEADS",
            SZPU,
            CONSORTIUM,
            "row 1",
            "深圳市域产教联合体 牵头 深圳职业技术学院",
            valid_from="2023-09",
        ),
        rel(
            "LEADS",
            HUAWEI,
            CONSORTIUM,
            "row 1",
            "深圳市域产教联合体 牵头企业 华为",
            valid_from="2023-09",
        ),
        rel("LEADS", HIGH_TECH_PARK, CONSORTIUM, "row 1", "牵头园区", valid_from="2023-09"),
        rel("MEMBER_OF", BYD, CONSORTIUM, "row 3", "成员单位", 0.7, valid_from="2024"),
        rel("BUILDS", SZU, AI_COLLEGE, "row 5", "深圳大学腾讯云人工智能学院", valid_from="2021"),
        rel("BUILDS", TENCENT, AI_COLLEGE, "row 5", "腾讯云", 0.8, valid_from="2021"),
        rel("FOCUSES_ON", SZPU, IND_COMM),
        rel("FOCUSES_ON", AI_COLLEGE, IND_AI),
        rel("FOCUSES_ON", HUAWEI, IND_COMM),
        rel("FOCUSES_ON", TENCENT, IND_AI),
        rel("FOCUSES_ON", TENCENT, IND_IT),
        rel("FOCUSES_ON", BYD, IND_EV),
        rel("FOCUSES_ON", HIGH_TECH_PARK, IND_EV),
        rel("BROADER", IND_AI, IND_IT),
        rel("BROADER", IND_COMM, IND_IT),
        rel("CITES", P02, P01, "row 2", "依据国办发〔2017〕95号"),
        rel("CITES", P_LIST, P02, "row 3", "依据发改社会〔2019〕590号"),
        rel("ISSUED_BY", P02, MOE),
        rel("DESIGNATES", P_LIST, HUAWEI, "row 4", "产教融合型企业名单", valid_from="2021-07"),
        rel("DESIGNATES", MOE, CONSORTIUM, "row 6", "教职成厅函〔2023〕23号", valid_from="2023"),
        rel("SUPPORTS", P01, SZPU, "row 7", "支持"),
    ]
    for rr in r:
        assert schema.allows(rr.type, _cls(n, rr.start), _cls(n, rr.end)), rr
    store.upsert_relationships(r)


def _cls(nodes: list[NodeRecord], key: str) -> str:
    return next(x.props["class"] for x in nodes if x.key == key)
