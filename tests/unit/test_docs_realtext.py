"""Rules for real documents (issue 11, second pass): English news, Hong Kong / Macao / Taiwan
bodies, industry lists, and the name-boundary and pairing mistakes seen on the real development
set. Every text here was written for the project (invented organisations, real places)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from iegraph.ingest.documents import get_extractor
from iegraph.ingest.documents.docread import read_document
from iegraph.ingest.documents.sentences import split_sentences
from iegraph.ingest.documents.structure import read_structure

OWN = Path(__file__).resolve().parents[1] / "data" / "docs"


def _read(text: str) -> Any:
    return read_document(get_extractor(), text)


def _ents(res: Any) -> dict[str, str]:
    return {(e.name or e.text): e.label for e in res.entities}


def _rels(res: Any) -> set[tuple[str, str, str]]:
    e = res.entities
    return {
        (e[r.head].name or e[r.head].text, r.type, e[r.tail].name or e[r.tail].text)
        for r in res.relations
    }


# -- English -------------------------------------------------------------------------------------
def test_english_lines_wrapped_mid_sentence_are_one_sentence() -> None:
    text = (
        "The college signed an agreement with Hebei Education\n"
        "Department, Ningbo Education Bureau and others in 2024.\n"
        "Short heading\nNext line."
    )
    sents = [text[a:b] for a, b in split_sentences(text)]
    assert sents[0].startswith("The college") and sents[0].endswith("in 2024.")
    assert "Short heading" in sents and "Next line." in sents


def test_an_english_page_is_not_taken_for_a_site_name() -> None:
    text = (
        "Weihai hosts a new vocational community\n"
        "ALSO READ: Another story\n"
        "A ceremony was held at Weihai Vocational College in Shandong province.\n"
    )
    st = read_structure(text)
    reasons = {text[e.start : e.end]: e.reason for e in st.excluded}
    assert "ALSO READ: Another story" in reasons
    assert not any(k.startswith("Weihai hosts") for k in reasons)
    res = _read(text)
    ents = _ents(res)
    assert ents["Weihai Vocational College"] == "Institution"
    assert ents["Shandong province"] == "Place" and ents["Weihai"] == "Place"


def test_english_places_bodies_and_industries() -> None:
    res = _read(OWN.joinpath("news_partners_en.txt").read_text(encoding="utf-8"))
    ents = _ents(res)
    assert ents["GUANGZHOU"] == "Place"  # a dateline in capitals
    assert ents["Baiyun district"] == "Place"  # an unknown pinyin name before a level word
    assert ents["Guangdong province"] == "Place"
    assert ents["Nanshan Skills Testing Authority"] == "Government"  # Authority heads a body
    assert ents["Harbourview Logistics Co., Ltd."] == "Enterprise"  # "… and" is not glued on
    assert ents["artificial intelligence"] == "Industry" and ents["new materials"] == "Industry"
    assert ents["logistics"] == "Industry"  # "the logistics sector"
    assert "education sector" not in ents  # education is the subject, not an industry named
    assert "Jinhua" not in ents and "Hong Kong" not in ents  # a person's name; a chrome line


def test_english_partners_of_a_signing() -> None:
    res = _read(OWN.joinpath("news_partners_en.txt").read_text(encoding="utf-8"))
    rels = {(h, t) for h, ty, t in _rels(res) if ty == "COOPERATES_WITH"}
    for partner in (
        "Lianhua Education Bureau",
        "Nanshan Skills Testing Authority",
        "Harbourview Logistics Co., Ltd.",
    ):
        assert ("Riverside Polytechnic", partner) in rels or (
            partner,
            "Riverside Polytechnic",
        ) in rels
    assert ("Pearl River Design Institute", "Riverside Polytechnic") in rels  # partner institute of


def test_first_person_partners_go_to_the_organisation_the_text_is_about() -> None:
    text = (
        "Annual report\n"
        "The Lakeside Institute of Technology continued to grow in 2024. Lakeside Institute of "
        "Technology students went abroad.\n"
        "We responded to the needs of our partners – the Labour Affairs Bureau of Macao, the "
        "Youth Affairs Bureau of Macao and others.\n"
    )
    rels = _rels(_read(text))
    assert (
        "Lakeside Institute of Technology",
        "COOPERATES_WITH",
        "Labour Affairs Bureau of Macao",
    ) in rels or (
        "Labour Affairs Bureau of Macao",
        "COOPERATES_WITH",
        "Lakeside Institute of Technology",
    ) in rels


# -- Hong Kong, Macao, Taiwan --------------------------------------------------------------------
def test_known_regional_bodies_and_places() -> None:
    text = (
        "職業訓練局與恆星酒店集團簽署合作備忘錄\n"
        "（本報訊）香港職業訓練局（VTC）昨日與恆星酒店集團簽署合作備忘錄，陳大文主席(職業訓練局主席)致辭。"
        "VTC主席表示，將為香港青年提供實習機會。\n"
    )
    res = _read(text)
    vtc = [e for e in res.entities if (e.name or e.text) == "职业训练局"]
    assert vtc and all(e.label == "Institution" for e in vtc)  # a school, not a bureau
    assert not any(e.text.startswith(("(", "（")) for e in res.entities)
    assert "VTC" not in _ents(res)  # the acronym is an alias of the known body
    assert _ents(res).get("香港") == "Place"
    assert ("职业训练局", "COOPERATES_WITH", "恒星酒店集团") in _rels(res) or (
        "恒星酒店集团",
        "COOPERATES_WITH",
        "职业训练局",
    ) in _rels(res)


def test_a_body_named_twice_in_a_sentence_is_not_its_own_partner() -> None:
    text = "澳門旅遊大學（澳旅大）與北京輕工技師學院簽署合作協議，澳旅大將派出教師。\n"
    rels = _rels(_read(text))
    assert not any(h == t for h, _ty, t in rels)


def test_a_member_named_after_a_role_noun_stays_a_school() -> None:
    res = _read("星河职业学院机构成员青年学院提供课程。\n")
    assert _ents(res).get("青年学院") == "Institution"


# -- industries ----------------------------------------------------------------------------------
def test_a_list_of_industries_closed_by_its_kind() -> None:
    res = _read(
        "东湖经开区聚焦新能源汽车、智能制造、生物医药、现代物流等经开区主导产业，深化合作。\n"
    )
    ents = _ents(res)
    for ind in ("新能源汽车", "智能制造", "生物医药", "现代物流"):
        assert ents.get(ind) == "Industry", ents


def test_a_province_keeps_its_short_name() -> None:
    res = _read("来自山西省的118家企业参加了大会。\n")
    sx = [e for e in res.entities if (e.name or e.text) == "山西省"]
    assert sx and "山西" in sx[0].aliases


# -- short name forms and events ---------------------------------------------------------------
def test_short_forms_of_colleges_zones_and_hotels_are_names() -> None:
    res = _read(
        "东湖高新区市域产教联合体成立大会在东湖职院召开，会前代表在东湖经开区参观，"
        "晚宴在东湖明珠大酒店举行。\n"
    )
    ents = _ents(res)
    assert ents.get("东湖职院") == "Institution"
    assert ents.get("东湖经开区") == "Platform"
    assert ents.get("东湖明珠大酒店") == "Enterprise"
    assert "东湖" not in ents and "东湖市" not in ents  # no place cut out of those names
    # the founding meeting's venue builds nothing
    assert not any(ty == "BUILDS" for _h, ty, _t in _rels(res))


def test_an_approving_body_list_keeps_the_first_body() -> None:
    text = (
        "湖北省发展和改革委员会关于公布名单的通知\n"
        "经省发改委、省教育厅等8部门联合审议通过，现将名单公布。经市政府批准现就有关事项通知如下。\n"
    )
    ents = _ents(_read(text))
    assert "经省发改委" not in ents
    assert any(n.endswith("省发改委") for n in ents)
    assert "市政府" not in ents and "经市政府" not in ents  # an approval names no body


# -- quoted platforms and who opens them ---------------------------------------------------------
def test_a_quoted_platform_opened_by_both_parties() -> None:
    text = (
        "星河职业学院与恒远电梯有限公司深度开展校企合作。\n"
        '签约仪式上，双方代表签订校企合作框架协议，并共同为"技能人才培训基地"揭牌。\n'
        "教育部自2018年起建置「产学合作育才平台」，促成育才合作。\n"
    )
    res = _read(text)
    assert _ents(res).get("技能人才培训基地") == "Platform"
    assert _ents(res).get("产学合作育才平台") == "Platform"
    rels = _rels(res)
    assert ("星河职业学院", "BUILDS", "技能人才培训基地") in rels
    assert ("恒远电梯有限公司", "BUILDS", "技能人才培训基地") in rels
    assert ("教育部", "BUILDS", "产学合作育才平台") in rels
    # what 教育部 builds is not its partner as well
    assert not any(
        ty == "COOPERATES_WITH" and {h, t} == {"教育部", "产学合作育才平台"} for h, ty, t in rels
    )


def test_a_quoted_topic_builds_nothing() -> None:
    text = "星河科技有限公司研究院副院长王明就“共建智能制造产业学院”的问题作了发言。\n"
    assert not any(ty == "BUILDS" for _h, ty, _t in _rels(_read(text)))


# -- names the document defines, and who the partner is ----------------------------------------
def test_a_short_form_defined_by_the_document_is_found_later() -> None:
    text = (
        "星光娱乐股份有限公司(以下简称:星光)总裁出席。\n"
        "星光同场亦与澳门工会联合总会签订校企合作意向书。\n"
    )
    res = _read(text)
    assert _ents(res).get("澳门工会联合总会") == "Government"  # 联合总会 ends an association
    rels = {(h, t) for h, ty, t in _rels(res) if ty == "COOPERATES_WITH"}
    # the later short form is the company it was defined for
    full = "星光娱乐股份有限公司"
    assert (full, "澳门工会联合总会") in rels or ("澳门工会联合总会", full) in rels


def test_a_counted_list_names_short_companies_and_the_party_before_yu() -> None:
    text = "星河科技大学今天校庆，与正远、鑫象及致成3家公司成立智能制造研发中心。\n"
    res = _read(text)
    ents = _ents(res)
    for name in ("正远", "鑫象", "致成"):
        assert ents.get(name) == "Enterprise"
    builders = {h for h, ty, t in _rels(res) if ty == "BUILDS"}
    assert {"星河科技大学", "正远", "鑫象", "致成"} <= builders


def test_partner_companies_as_a_kind_are_no_signing() -> None:
    text = "山西联通、软通动力、清众科技等产教融合生态合作企业代表参会。\n"
    assert not any(ty == "COOPERATES_WITH" for _h, ty, _t in _rels(_read(text)))


def test_a_room_is_no_department_and_a_partner_keeps_its_first_word() -> None:
    text = (
        "青禾职业技术学院与远航智能装备有限公司在该校图书馆报告厅举行签约仪式。"
        "双方签署战略合作协议，并共同为“远航智能制造产业学院”揭牌。\n"
    )
    res = _read(text)
    ents = _ents(res)
    assert ents.get("远航智能装备有限公司") == "Enterprise"  # 远航 is also a verb
    assert not any(n.endswith("报告厅") for n in ents)
    rels = _rels(res)
    assert ("远航智能装备有限公司", "BUILDS", "远航智能制造产业学院") in rels


def test_partners_after_yu_pair_with_the_organisation_the_sentence_is_about() -> None:
    text = (
        "此前，清远科技有限公司入选试点企业名单，依托合作平台，"
        "深入推进与青禾大学、白鹭理工大学等高校的深度合作。\n"
        "学校组织并协调企业、专业团体、培训机构或高等院校合作开办课程。\n"
    )
    res = _read(text)
    rels = {frozenset((h, t)) for h, ty, t in _rels(res) if ty == "COOPERATES_WITH"}
    assert frozenset(("清远科技有限公司", "青禾大学")) in rels
    assert frozenset(("清远科技有限公司", "白鹭理工大学")) in rels
    assert frozenset(("青禾大学", "白鹭理工大学")) not in rels  # partners of one, not each other
    assert "培训机构或高" not in _ents(res)  # the 等 of 高等院校 closes no list


def test_a_zone_based_on_its_leading_industries_focuses_on_each() -> None:
    text = "东湖经开区将立足新能源汽车、智能制造、生物医药等经开区主导产业，深化合作。\n"
    rels = _rels(_read(text))
    for ind in ("新能源汽车", "智能制造", "生物医药"):
        assert ("东湖经开区", "FOCUSES_ON", ind) in rels


def test_a_two_character_industry_named_as_such() -> None:
    res = _read("共同体推动企业、学校围绕建材产业供应链开展协作。\n")
    assert _ents(res).get("建材") == "Industry"
