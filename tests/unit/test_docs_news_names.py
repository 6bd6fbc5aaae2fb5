"""Names in real news, in the forms the opened eighth held-out set showed (issue 11): a party's
short form in brackets, a quoted platform name joined by a dash, generic units (联合研发实验室),
verbs of approval inside a would-be name (获准设立…), quantities before a kind (很多…公司). Every
text here was written for the project (invented organisations and people, real places)."""

from __future__ import annotations

from tests.unit.test_docs_realtext import _ents, _read, _rels


def _pair(rels: set[tuple[str, str, str]], a: str, t: str, b: str) -> bool:
    return (a, t, b) in rels or (b, t, a) in rels


def test_short_forms_in_brackets_keep_both_parties_of_a_signing() -> None:
    text = (
        "青川理工大學 (青理大) 和青川智能研究院 (智研院) 今天簽訂合作協議,"
        "成立「青理大 - 智研院聯合研發中心」。\n"
    )
    res = _read(text)
    rels = _rels(res)
    assert _pair(rels, "青川理工大学", "COOPERATES_WITH", "青川智能研究院"), rels
    lab = "青理大 - 智研院联合研发中心"
    assert _ents(res).get(lab) == "Platform", _ents(res)
    assert ("青川理工大学", "BUILDS", lab) in rels
    assert ("青川智能研究院", "BUILDS", lab) in rels


def test_a_short_form_in_brackets_after_the_second_party() -> None:
    rels = _rels(_read("青川理工大學和青川智能研究院 (智研院) 今天簽訂合作協議。\n"))
    assert _pair(rels, "青川理工大学", "COOPERATES_WITH", "青川智能研究院"), rels


def test_a_unit_named_only_by_what_it_does_is_no_platform() -> None:
    ents = _ents(_read("兩校今天成立聯合研發實驗室,並建設技術研究中心。\n"))
    assert not any(v == "Platform" for v in ents.values()), ents


def test_verbs_of_approval_end_a_name_and_quantities_are_no_names() -> None:
    text = (
        "青川科技大學獲准設立產業創新學院。教育部核准設立產業創新學院。"
        "青川有很多國際性公司,也有眾多龍頭企業。\n"
    )
    ents = _ents(_read(text))
    assert not any("设立" in n or "核准" in n or "获准" in n for n in ents), ents
    assert not any("很多" in n or "国际性" in n or "龙头" in n for n in ents), ents
    assert "青川科技大学" in ents


_EN_SIGNING = (
    "On June 13, the Signing Ceremony of Strategic Cooperation Agreement of QCP and Three "
    "Enterprises was held in QCP. Wang Hong, principal of QCP, and Li Ming, vice principal of "
    "QCP, attended.\n"
    "Wang Hong, principal of QCP, signed strategic cooperation agreements with representatives "
    "of the three enterprises: Brightway Optics (Qingchuan) Limited, Sunfield Foods (Qingchuan) "
    "Drink & Food Co., Ltd. and Hilltop Valve Manufacture Co., Ltd.\n"
)


def test_a_school_by_its_acronym_after_its_principal_signs_with_each_company() -> None:
    res = _read(_EN_SIGNING)
    ents = _ents(res)
    assert ents.get("QCP") == "Institution", ents
    companies = (
        "Brightway Optics (Qingchuan) Limited",
        "Sunfield Foods (Qingchuan) Drink & Food Co., Ltd.",
        "Hilltop Valve Manufacture Co., Ltd.",
    )
    rels = _rels(res)
    for c in companies:
        assert ents.get(c) == "Enterprise", (c, ents)
        assert _pair(rels, "QCP", "COOPERATES_WITH", c), (c, rels)


def test_a_hyphenated_head_and_a_purpose_after_for_are_no_part_of_a_name() -> None:
    text = (
        "School-Enterprise Cooperation Builds a Hub — Qingchuan Health Group Signed a "
        "Memorandum of Understanding with Qingchuan Nursing Vocational College for "
        "School-Enterprise Cooperation.\n"
    )
    ents = _ents(_read(text))
    assert "Qingchuan Nursing Vocational College" in ents, ents
    assert not any(n.endswith("School") or "Cooperation" in n for n in ents), ents


def test_one_of_a_list_a_body_published_is_designated_by_it() -> None:
    text = (
        "青川职业技术大学牵头的宁波市域产教联合体,是教育部公布的28个首批国家级"
        "市域产教联合体之一。宁波市是国家发展改革委公布的首批国家产教融合试点城市之一。\n"
    )
    rels = _rels(_read(text))
    assert ("教育部", "DESIGNATES", "宁波市域产教联合体") in rels, rels
    assert ("国家发展改革委", "DESIGNATES", "宁波市") in rels, rels


def test_a_kind_a_school_aims_to_be_is_no_platform() -> None:
    res = _read("青川职业技术大学以建设“产业伙伴型大学”为目标,培养技术技能人才。\n")
    assert "产业伙伴型大学" not in _ents(res)
    assert not any(r[1] == "BUILDS" for r in _rels(res))


def test_the_host_of_a_signing_ceremony_and_its_one_signing_partner_build_the_platform() -> None:
    text = (
        "4月14日,青川汽车职业技术学院举行“航运产业学院”签约和揭牌仪式。\n"
        "青川汽车职业技术学院与青川船员服务有限公司签约开展校企合作。\n"
    )
    rels = _rels(_read(text))
    assert ("青川汽车职业技术学院", "BUILDS", "航运产业学院") in rels, rels
    assert ("青川船员服务有限公司", "BUILDS", "航运产业学院") in rels, rels
    # with two partners the document does not say which one builds it
    two = text + "青川汽车职业技术学院还与青川港务集团有限公司签约。\n"
    rels2 = _rels(_read(two))
    assert ("青川汽车职业技术学院", "BUILDS", "航运产业学院") in rels2
    assert not any(r[1] == "BUILDS" and r[0] != "青川汽车职业技术学院" for r in rels2), rels2


_NOTICE = (
    "关于公布2024年度青川产学合作项目结果的通知\n\n"
    "各有关学校:\n\n"
    "为深入贯彻《国务院办公厅关于深化产教融合的若干意见》(国办发〔2017〕95号)精神,"
    "落实《教育部关于加快新工科建设的意见》(教高〔2018〕3号)要求,现将结果公布如下。\n\n"
    "教育部高等教育司\n\n"
    "2024年7月17日\n\n"
    "附件:项目名单\n序号\n学校\n1\n青川大学\n"
)


def test_a_ministry_department_signs_and_a_purpose_clause_cites_nothing_itself() -> None:
    rels = _rels(_read(_NOTICE))
    own = "关于公布2024年度青川产学合作项目结果的通知"
    assert (own, "ISSUED_BY", "教育部高等教育司") in rels, rels
    a = "国务院办公厅关于深化产教融合的若干意见"
    b = "教育部关于加快新工科建设的意见"
    assert (own, "CITES", a) in rels and (own, "CITES", b) in rels, rels
    assert (a, "CITES", b) not in rels, rels


def test_our_school_in_campus_news_is_the_school_the_report_comes_from() -> None:
    text = (
        "我校与宁波市人民政府签订战略合作框架协议\n\n"
        "来源:青川海洋职业学院  2021-11-02 14:23:56   392 阅读\n\n"
        "10月29日下午,我校与宁波市人民政府在宁波市签订战略合作框架协议。"
        "宁波市政府常务副市长、我校副校长分别代表双方签订协议。\n"
    )
    res = _read(text)
    rels = _rels(res)
    assert _pair(rels, "青川海洋职业学院", "COOPERATES_WITH", "宁波市人民政府"), rels
    # the short name of the city's government is the same body: no pair with itself
    assert not _pair(rels, "宁波市人民政府", "COOPERATES_WITH", "宁波市人民政府"), rels
    names = {e.name or e.text for e in res.entities}
    assert "宁波市政府" not in names and "我校" not in names, names
    # without 我校 the source line names no entity
    plain = text.replace("我校", "青川海洋职业学院")
    assert not any(e.via == "source" for e in _read(plain).entities)


def test_a_broker_of_an_agreement_is_no_party_of_it() -> None:
    text = (
        "为搭建校企交流合作平台,经黑龙江省欧美同学会沟通协调,青川工程学院与青川沐歌集团有限公司"
        "在产教融合、人才培养等方面达成合作。\n"
    )
    rels = _rels(_read(text))
    assert _pair(rels, "青川工程学院", "COOPERATES_WITH", "青川沐歌集团有限公司"), rels
    assert not any("欧美同学会" in r[0] or "欧美同学会" in r[2] for r in rels), rels
    # partners listed after 与 still pair with the body named before them
    rels = _rels(_read("青川大学还与青川精机有限公司、青川光电有限公司等知名企业合作。\n"))
    assert _pair(rels, "青川大学", "COOPERATES_WITH", "青川精机有限公司"), rels
    assert _pair(rels, "青川大学", "COOPERATES_WITH", "青川光电有限公司"), rels


def test_units_inside_a_school_are_no_public_bodies_and_prepositions_no_part_of_names() -> None:
    text = (
        "青川大学校长张三及该校港澳台事务办公室主任李四到访青川管理学院,"
        "受到管院办公室主任王五和科技处处长赵六的接待。据教育部统计,两校合作多年。"
        "新疆维吾尔自治区教育厅职业教育与成人教育处副处长出席。\n"
    )
    ents = _ents(_read(text))
    assert not any(n.endswith(("办公室", "科技处")) for n in ents), ents
    assert "教育部" in ents and "据教育部" not in ents, ents
    assert "新疆维吾尔自治区教育厅职业教育与成人教育处" in ents, ents


def test_kinds_of_platform_verbs_and_outline_numbers_are_no_platform_names() -> None:
    text = (
        "(一)产教融合联盟。建设实验实训实习基地和创业创新示范实践基地,构筑产学研联盟,"
        "助力专业联盟发展,来自相关共同体的代表出席,共建职业教育命运共同体。\n"
    )
    ents = _ents(_read(text))
    assert not any(v == "Platform" for v in ents.values()), ents
    # a platform with its owner's name stays
    assert (
        _ents(_read("青川职业技术学院建设青川汽车实训基地。\n")).get("青川汽车实训基地")
        == "Platform"
    )


def test_an_industry_innovation_college_is_a_platform_its_school_builds_and_its_fields() -> None:
    text = (
        "台科大獲准設立產業創新學院\n\n"
        "台科大產業創新學院與10多家企業合作,以智慧製造、人工智慧為主軸設立2個研究所。\n"
    )
    res = _read(text)
    ents = _ents(res)
    assert ents.get("台科大产业创新学院") == "Platform", ents
    rels = _rels(res)
    assert ("台湾科技大学", "BUILDS", "台科大产业创新学院") in rels, rels
    assert ("台科大产业创新学院", "FOCUSES_ON", "智慧制造") in rels, rels
    assert ("台科大产业创新学院", "FOCUSES_ON", "人工智慧") in rels or (
        "台科大产业创新学院",
        "FOCUSES_ON",
        "人工智能",
    ) in rels, rels


def test_companies_taking_part_in_a_platforms_plan_build_it() -> None:
    text = (
        "青川科大产业创新学院第一期12年计划,包括青川精机、青川电子等国际企业参与,"
        "预订挹注每年逾1亿元的合作经费。\n"
    )
    rels = _rels(_read(text))
    assert ("青川精机", "BUILDS", "青川科大产业创新学院") in rels, rels
    assert ("青川电子", "BUILDS", "青川科大产业创新学院") in rels, rels


def test_a_places_party_committee_is_a_party_organ_and_no_signing_side() -> None:
    text = (
        "青川学院与宁波市人民政府签订战略合作框架协议。宁波市委书记张三、宁波市政府副市长李四出席。"
        "此次协议的达成,为加强双方合作指明了方向。中共赣州市委、温州市龙湾区委高度重视。"
        "市委员会召开会议。\n"
    )
    res = _read(text)
    ents = _ents(res)
    for n in ("宁波市委", "中共赣州市委", "温州市龙湾区委"):
        assert ents.get(n) == "Government", (n, ents)
    assert not any(n.endswith("委员") for n in ents), ents
    rels = _rels(res)
    assert not any("宁波市委" in (r[0], r[2]) for r in rels), rels
    assert _pair(rels, "青川学院", "COOPERATES_WITH", "宁波市人民政府"), rels


def test_who_came_along_is_no_partner_and_a_headlines_with_governs() -> None:
    text = (
        "School-Enterprise Cooperation Builds a Hub — Qingchuan Health Group Signed Memorandum "
        "of Understanding with Qingchuan Nursing Vocational College\n"
        "On May 7, Wang Hong, President of Qingchuan Health Group, Deputy Director of the "
        "School-Enterprise cooperation Committee, along with Li Ming, Vice Principal of Hilltop "
        "Vocational and Technical College, visited Qingchuan Nursing Vocational College.\n"
    )
    rels = _rels(_read(text))
    assert _pair(
        rels, "Qingchuan Health Group", "COOPERATES_WITH", "Qingchuan Nursing Vocational College"
    ), rels
    assert not any("Hilltop" in r[0] or "Hilltop" in r[2] for r in rels), rels
