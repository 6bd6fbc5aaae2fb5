"""Forms of real policy documents that the rules read wrongly before (issue 11, development set
7): joint issuers written without a separator, in a title and before a cited title. Every text
here was written for the project (invented documents and organisations, real places)."""

from __future__ import annotations

from iegraph.ingest.documents.structure import split_issuers
from tests.unit.test_docs_realtext import _ents, _read, _rels


def test_two_bodies_glued_without_a_separator_are_two_issuers() -> None:
    assert split_issuers("中共湖南省委办公厅湖南省人民政府办公厅") == [
        "中共湖南省委办公厅",
        "湖南省人民政府办公厅",
    ]
    assert split_issuers("中共株洲市芦淞区委株洲市芦淞区人民政府") == [
        "中共株洲市芦淞区委",
        "株洲市芦淞区人民政府",
    ]
    # one body whose name holds a place or an office is still one body
    assert split_issuers("株洲市芦淞区人民政府办公室") == ["株洲市芦淞区人民政府办公室"]
    assert split_issuers("教育部办公厅") == ["教育部办公厅"]


def test_a_title_with_glued_joint_issuers_is_issued_by_each() -> None:
    title = "中共株洲市芦淞区委株洲市芦淞区人民政府关于加快服装产业人才培养的实施意见"
    text = f"{title}\n为加快服装产业人才培养，结合芦淞区实际，现提出如下实施意见。\n一、总体要求\n"
    rels = _rels(_read(text))
    assert (title, "ISSUED_BY", "中共株洲市芦淞区委") in rels
    assert (title, "ISSUED_BY", "株洲市芦淞区人民政府") in rels


def test_glued_bodies_before_a_cited_title_each_issued_it() -> None:
    cited = "湖南省服装产业人才振兴行动方案"
    text = f"根据中共湖南省委办公厅湖南省人民政府办公厅印发的《{cited}》精神，制定本方案。"
    res = _read(text)
    ents = _ents(res)
    assert "中共湖南省委办公厅湖南省人民政府办公厅" not in ents
    rels = _rels(res)
    assert (cited, "ISSUED_BY", "中共湖南省委办公厅") in rels
    assert (cited, "ISSUED_BY", "湖南省人民政府办公厅") in rels


def test_a_plan_printed_after_an_a_yinfa_notice_cites_what_its_text_cites() -> None:
    notice = "株洲市人民政府办公室印发关于推进服装产业园区创新发展实施方案的通知"
    plan = "关于推进服装产业园区创新发展的实施方案"
    cited = "湖南省服装产业高质量发展行动计划"
    text = (
        f"{notice}\n株政办函〔2024〕9号\n各区人民政府，市直各单位：\n"
        f"现将《{plan}》印发给你们，请照此执行。\n株洲市人民政府办公室\n2024年3月1日\n"
        f"关于推进服装产业园区\n创新发展的实施方案\n"
        f"为贯彻落实《{cited}》，推进服装产业园区创新发展，制定本实施方案。\n"
    )
    rels = _rels(_read(text))
    assert (plan, "CITES", cited) in rels
    assert (notice, "CITES", cited) not in rels


def test_a_header_cut_to_the_printed_title_keeps_its_brackets_and_its_plan_cites() -> None:
    plan = "株洲市服装产业人才振兴三年行动计划(2024—2026年)"
    cited = "湖南省服装产业高质量发展行动计划"
    text = (
        f"《{plan}》的通知\n各县(市)、区人民政府，市人民政府有关部门：\n"
        f"《{plan}》已经市政府常务会议研究通过，现印发给你们。\n株洲市人民政府\n2024年3月1日\n"
        f"{plan}\n为深入贯彻落实《{cited}》，制定本行动计划。\n"
    )
    res = _read(text)
    assert res.structure.title == f"《{plan}》的通知"
    rels = _rels(res)
    assert (plan, "CITES", cited) in rels
    assert (plan, "ISSUED_BY", "株洲市人民政府") in rels


def test_a_plan_whose_title_stands_alone_over_an_outline_is_a_policy_that_cites() -> None:
    title = "醴陵市融入长株潭都市圈发展行动方案"
    cited = "长株潭都市圈发展规划"
    text = (
        f"{title}\n为全面落实《{cited}》，推动全市经济高质量发展，结合醴陵实际，制定本行动方案。\n"
        "一、总体要求\n(一)指导思想\n坚持新发展理念，加强区域协作。\n"
    )
    res = _read(text)
    assert res.structure.genre == "policy" and res.structure.title == title
    assert (title, "CITES", cited) in _rels(res)
    # without a self-reference, the outline under a plan's title is sign enough
    title = "株洲市芦淞区“十四五”服装产业发展规划"
    text = f"{title}\n“十四五”时期，芦淞区将加快服装产业升级。\n一、“十三五”期间发展回顾\n产业规模稳步扩大。"
    res = _read(text)
    assert res.structure.genre == "policy" and res.structure.title == title


def test_a_plan_reviewing_past_titles_designates_nothing_itself() -> None:
    title = "株洲市芦淞区“十四五”服装产业发展规划"
    text = (
        f"{title}\n一、“十三五”期间发展回顾\n"
        "株洲芦淞织造有限公司被确定为省级服装智能制造示范企业，产业规模稳步扩大。\n"
    )
    res = _read(text)
    assert res.structure.genre == "policy"
    assert not any(r[1] == "DESIGNATES" for r in _rels(res))


def test_the_sectors_a_plan_lists_after_a_verb_of_focus_are_industries() -> None:
    title = "株洲市芦淞区关于推动服装产业集群发展的实施意见"
    text = (
        f"{title}\n一、总体要求\n(一)基本原则\n"
        "——坚持需求导向。紧扣新材料、电子信息、绿色食品加工、服装设计，推动产业集群发展。\n"
    )
    ents = _ents(_read(text))
    for industry in ("新材料", "电子信息", "绿色食品加工", "服装设计"):
        assert ents.get(industry) == "Industry", industry
    # a list of tasks after the same verb is no list of industries
    text = f"{title}\n一、总体要求\n紧扣人才培养、技术创新、成果转化，推动产教融合。\n"
    assert not any(v == "Industry" for v in _ents(_read(text)).values())


def test_a_plan_printed_below_a_headerless_notice_is_the_documents_own_policy() -> None:
    plan = "株洲市推动服装产业高质量发展实施方案"
    cited = "湖南省推动服装产业高质量发展实施方案"
    text = (
        "各县、区人民政府，市人民政府有关部门：\n"
        f"《{plan}》《株洲市服装产业若干财政支持措施》已经市政府常务会议研究通过，现印发给你们。\n"
        f"2024年3月1日\n{plan}\n根据《{cited}》精神，结合我市实际，制定本实施方案。\n"
    )
    res = _read(text)
    assert res.structure.genre == "policy" and res.structure.title == plan
    rels = _rels(res)
    assert (plan, "CITES", cited) in rels
    # the recipients above the title are still recipients, not bodies
    assert not any(n.endswith("人民政府") for n in _ents(res))


def test_recipients_above_a_printed_plan_with_guanyu_are_recipients() -> None:
    plan = "芦淞区关于推动服装产业集群发展的行动方案(2024—2026年)"
    text = (
        "各镇政府、街道办事处，区政府各部门、直属单位：\n"
        f"《{plan}》已经区政府常务会议审议通过，现印发给你们。\n"
        f"株洲市芦淞区人民政府\n2024年3月1日\n{plan}\n为推动服装产业集群发展，制定本行动方案。\n"
    )
    res = _read(text)
    assert res.structure.title == plan
    ents = _ents(res)
    assert "街道办事处" not in ents
    assert (plan, "ISSUED_BY", "株洲市芦淞区人民政府") in _rels(res)


def test_a_party_committee_and_government_named_together_are_no_body() -> None:
    title = "株洲市芦淞区关于推动服装产业集群发展的实施意见"
    text = (
        f"{title}\n为全面贯彻省委省政府决策部署，落实市委市政府统一安排，结合芦淞区实际，"
        "现提出如下实施意见。\n一、总体要求\n"
    )
    ents = _ents(_read(text))
    assert not any(n.endswith(("省委省政府", "市委市政府")) for n in ents)


def test_a_platform_listing_sectors_after_a_verb_of_focus_focuses_on_each() -> None:
    platform = "株洲芦淞服装产教联合体"
    text = (
        f"{platform}紧扣服装设计、智能制造、电子商务，开展人才培养和技术服务。\n"
        "联合体由株洲芦淞织造有限公司牵头组建。\n"
    )
    rels = _rels(_read(text))
    for industry in ("服装设计", "智能制造", "电子商务"):
        assert (platform, "FOCUSES_ON", industry) in rels, industry


_COMMUNITY = "株洲服装产教融合共同体"
_NOTICE = f"关于成立{_COMMUNITY}的通知\n各有关单位：\n经研究，决定成立{_COMMUNITY}。\n"


def _roster(text: str) -> set[tuple[str, str, str]]:
    return {r for r in _rels(_read(text)) if r[1] in ("LEADS", "MEMBER_OF")}


def test_a_notices_roster_table_gives_each_rows_role() -> None:
    text = (
        f"{_NOTICE}附件：{_COMMUNITY}理事会单位名单\n序号 单位名称 职务\n"
        "1 湘江服装职业技术学院 理事长单位\n2 株洲芦淞织造有限公司 副理事长单位\n"
        "3 株洲市服装行业协会 理事单位\n"
    )
    assert _roster(text) == {
        ("湘江服装职业技术学院", "LEADS", _COMMUNITY),
        ("株洲芦淞织造有限公司", "MEMBER_OF", _COMMUNITY),
        ("株洲市服装行业协会", "MEMBER_OF", _COMMUNITY),
    }


def test_a_notices_roster_under_role_headings_gives_each_names_role() -> None:
    text = (
        f"{_NOTICE}一、理事长单位\n湘江服装职业技术学院\n二、副理事长单位(2家)\n"
        "株洲芦淞织造有限公司\n株洲新材料股份有限公司\n"
    )
    assert _roster(text) == {
        ("湘江服装职业技术学院", "LEADS", _COMMUNITY),
        ("株洲芦淞织造有限公司", "MEMBER_OF", _COMMUNITY),
        ("株洲新材料股份有限公司", "MEMBER_OF", _COMMUNITY),
    }
    # a responsibility list in a policy is still no roster
    text = f"{_NOTICE}(一)推进实训基地建设。牵头单位：株洲市教育局\n"
    assert not _roster(text)


def test_bodies_on_a_header_line_over_a_guanyu_title_issue_it() -> None:
    title = "关于公布第二批产教融合实训基地名单的通知"
    body = "各有关学校：\n现将名单予以公布。\n"
    for header in (
        "株洲市教育局 株洲市财政局\n",
        "株洲市教育局 株洲市财政局文件\n株教联〔2024〕3号\n",
    ):
        rels = _rels(_read(f"{header}{title}\n{body}"))
        assert (title, "ISSUED_BY", "株洲市教育局") in rels, header
        assert (title, "ISSUED_BY", "株洲市财政局") in rels, header
    # a short red header "X文件" over its number is no site chrome
    rels = _rels(_read(f"株洲市教育局文件\n株教发〔2024〕3号\n{title}\n{body}"))
    assert (title, "ISSUED_BY", "株洲市教育局") in rels
    # a site's name over the title is no issuer
    rels = _rels(_read(f"株洲市人民政府网站 今天是：\n{title}\n{body}"))
    assert not any(r[1] == "ISSUED_BY" for r in rels)


def test_a_list_notices_table_rows_numbered_with_a_space_are_designated() -> None:
    title = "株洲市教育局关于公布第二批产教融合实训基地名单的通知"
    text = (
        f"{title}\n各有关学校：\n经评审，现将名单予以公布。\n序号 学校 实训基地名称\n"
        "1 湘江服装职业技术学院 服装智能制造实训基地\n2 株洲航空职业技术学院 飞机维修实训基地\n"
    )
    rels = _rels(_read(text))
    for name in ("湘江服装职业技术学院", "服装智能制造实训基地", "株洲航空职业技术学院"):
        assert (title, "DESIGNATES", name) in rels, name


def test_a_notices_roster_stated_with_a_copula_or_a_colon_gives_each_role() -> None:
    text = (
        f"{_NOTICE}确定湘江服装职业技术学院为理事长单位，株洲芦淞织造有限公司、"
        "株洲新材料股份有限公司为副理事长单位。\n"
    )
    expected = {
        ("湘江服装职业技术学院", "LEADS", _COMMUNITY),
        ("株洲芦淞织造有限公司", "MEMBER_OF", _COMMUNITY),
        ("株洲新材料股份有限公司", "MEMBER_OF", _COMMUNITY),
    }
    assert _roster(text) == expected
    text = (
        f"{_NOTICE}理事长单位：湘江服装职业技术学院；"
        "副理事长单位：株洲芦淞织造有限公司、株洲新材料股份有限公司。\n"
    )
    assert _roster(text) == expected


def test_a_printed_plans_title_broken_before_its_edition_is_the_documents_own() -> None:
    from tests.unit.test_docs_realtext import _read, _rels

    plan = "湘潭市产教融合型企业建设培育工作方案(2025年版)"
    text = (
        "潭发改规范〔2025〕3号\n"
        "各县市区发展改革、教育部门:\n"
        f"根据有关文件精神,我们制定了《{plan}》,现印发给你们,请认真执行。\n"
        "湘潭市发展和改革委员会 湘潭市教育局\n"
        "2025年12月26日\n"
        "湘潭市产教融合型企业建设培育工作方案\n"
        "(2025年版)\n"
        "为贯彻落实产教融合改革部署,结合本市实际,制定本方案。\n"
    )
    res = _read(text)
    assert res.structure.title == plan
    rels = _rels(res)
    assert (plan, "ISSUED_BY", "湘潭市发展和改革委员会") in rels
    assert (plan, "ISSUED_BY", "湘潭市教育局") in rels
