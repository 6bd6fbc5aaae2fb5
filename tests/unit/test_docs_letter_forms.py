"""Forms of real government letters and news that the rules read wrongly before (issue 11,
held-out set 4): a body's header line above a title without 关于 (a reply letter), bodies whose
names hold 和 (教育和体育局), bodies before 下发《…》, a consortium's roster stated with a copula
(名称为P，依托园区为Z，牵头学校为A，牵头企业为B), a park's leading industries in a bracket, a
brand jieba reads as a verb, and a name inside a bracket after another name. Every text here was
written for the project (invented organisations, real places)."""

from __future__ import annotations

from iegraph.ingest.documents.structure import split_issuers
from tests.unit.test_docs_realtext import _ents, _read, _rels

_BUREAU = "湘潭市教育和体育局"
_CONSORTIUM = "湘潭市电机产教联合体"
_PARK = "湘潭电机高新技术产业开发区"
_COLLEGE = "湘江电机职业技术学院"
_FIRM = "湘电装备有限公司"


def test_a_body_named_on_the_line_above_a_title_without_guanyu_issues_it() -> None:
    title = f"{_BUREAU}对市人大代表第12号建议答复的函"
    text = f"{_BUREAU}\n{title}\n张代表：\n您提出的建议已收悉，现答复如下。市教育和体育局高度重视。"
    res = _read(text)
    assert res.structure.genre == "policy" and res.structure.title == title
    assert (title, "ISSUED_BY", _BUREAU) in _rels(res)
    # a site name over a headline is not an issuer: the line must be a body's name only
    res = _read(f"湘潭市人民政府网站 今天是：\n{_COLLEGE}新建实训楼启用\n学校新建的实训楼启用。")
    assert res.structure.genre == "news"


def test_a_body_whose_name_holds_he_is_one_issuer_and_two_bodies_joined_by_he_are_two() -> None:
    assert split_issuers("湘潭市教育和体育局") == ["湘潭市教育和体育局"]
    assert split_issuers("湖南省经济和信息化厅") == ["湖南省经济和信息化厅"]
    assert split_issuers("湖南省教育厅和湖南省财政厅") == ["湖南省教育厅", "湖南省财政厅"]


def test_bodies_before_xiafa_and_a_title_issue_it() -> None:
    text = (
        "2024年5月，湖南省教育厅、湖南省经济和信息化厅、湖南省财政厅下发"
        "《关于开展第三批市域产教联合体建设的通知》，启动遴选工作。"
    )
    rels = _rels(_read(text))
    for body in ("湖南省教育厅", "湖南省经济和信息化厅", "湖南省财政厅"):
        assert ("关于开展第三批市域产教联合体建设的通知", "ISSUED_BY", body) in rels


def test_a_roster_stated_with_a_copula_belongs_to_the_consortium_not_its_park() -> None:
    text = (
        f"确定申报联合体名称为{_CONSORTIUM}，依托园区为{_PARK}，"
        f"牵头学校为{_COLLEGE}，牵头企业为{_FIRM}。"
    )
    res = _read(text)
    ents = _ents(res)
    assert _CONSORTIUM in ents and not any(n.endswith("为" + _CONSORTIUM) for n in ents)
    rels = _rels(res)
    assert (_COLLEGE, "LEADS", _CONSORTIUM) in rels and (_FIRM, "LEADS", _CONSORTIUM) in rels
    assert not any(r[2] == _PARK and r[1] == "LEADS" for r in rels)
    roles = {
        (res.entities[r.head].text, r.props.get("role")) for r in res.relations if r.type == "LEADS"
    }
    assert roles == {(_COLLEGE, "牵头学校"), (_FIRM, "牵头企业")}


def test_a_parks_leading_industries_in_its_bracket_are_its_focus() -> None:
    text = f"依托园区为{_PARK}(国家级高新区，主导产业为电机制造、化工、有色金属加工)。"
    res = _read(text)
    ents = _ents(res)
    assert _PARK in ents and not any("(" in n for n in ents)
    rels = _rels(res)
    for industry in ("电机制造", "化工", "有色金属加工"):
        assert ents.get(industry) == "Industry"
        assert (_PARK, "FOCUSES_ON", industry) in rels
    # a list that is not all sectors is no list of industries
    res = _read(f"{_PARK}重点产业包括人才培养、科研。")
    assert not any(r[1] == "FOCUSES_ON" for r in _rels(res))


def test_a_brand_jieba_reads_as_a_verb_keeps_its_company_name() -> None:
    ents = _ents(_read(f"牵头学校为{_COLLEGE}，牵头企业为启航集团有限公司。"))
    assert "启航集团有限公司" in ents
    # a verb before a platform's kind is still no part of a name
    assert "推进产业园区" not in _ents(_read("各地要推进产业园区建设。"))


def test_a_short_form_in_a_bracket_after_a_name_is_its_alias_and_stands_for_it() -> None:
    full = "湘潭市人力资源和社会保障局"
    text = f"{_COLLEGE}与{full}(人社局)签订合作备忘录。备忘录为学院与人社局的合作确立了方向。"
    res = _read(text)
    ents = _ents(res)
    assert full in ents and "人社局" not in ents
    assert any("人社局" in e.aliases for e in res.entities if e.text == full)
    rels = _rels(res)
    assert not any(full in r and "人社局" in r for r in rels)


def test_hosts_named_before_a_founding_meeting_lead_the_platform_and_its_guide_supports() -> None:
    community = "全国电机新材料行业产教融合共同体"
    text = (
        f"10月1日，由湖南省机电行业协会指导，湘潭市人民政府、{_FIRM}、{_COLLEGE}主办，"
        f"湘潭恒泰电机有限公司承办的{community}成立大会成功召开。"
    )
    rels = _rels(_read(text))
    assert ("湖南省机电行业协会", "SUPPORTS", community) in rels
    for host in ("湘潭市人民政府", _FIRM, _COLLEGE):
        assert (host, "LEADS", community) in rels
    assert not any(r[0] == "湘潭恒泰电机有限公司" for r in rels)  # an organiser (承办) only


def test_a_platform_named_after_its_school_is_built_by_it_and_its_short_name_stands_for_it() -> (
    None
):
    college = f"{_COLLEGE}电机产业学院"
    text = (
        f"我校电机产业学院揭牌成立。\n4月3日，学校举行了{college}挂牌仪式。"
        f"{_COLLEGE}校长出席。电机产业学院将培养电机制造人才。"
    )
    res = _read(text)
    rels = _rels(res)
    assert (_COLLEGE, "BUILDS", college) in rels
    ents = _ents(res)
    assert "电机产业学院" not in ents and "校电机产业学院" not in ents
    assert any("电机产业学院" in e.aliases for e in res.entities if e.text == college)
    # a list of designated colleges states no partnership: the school named only inside
    # its college's name builds nothing here
    listed = f"入选名单的有{college}、湘潭大学储能产业学院等。"
    assert not any(r[1] == "BUILDS" for r in _rels(_read(listed)))


def test_a_training_base_is_a_platform_and_deng_ji_does_not_end_a_list() -> None:
    text = f"{_COLLEGE}、{_FIRM}共建的电机装配员执照培训基地和电机检测员等级认证培训基地揭牌。"
    res = _read(text)
    ents = _ents(res)
    for base in ("电机装配员执照培训基地", "电机检测员等级认证培训基地"):
        assert ents.get(base) == "Platform"
        assert (_FIRM, "BUILDS", base) in _rels(res)


def test_a_preposition_or_a_clause_verb_inside_a_left_scan_starts_the_name() -> None:
    ents = _ents(_read("相关材料按规定向湖南省教育厅职业教育处报送。"))
    assert not any(n.startswith(("按", "向")) for n in ents)
    ents = _ents(_read(f"省教育厅对{_COLLEGE}电机产业学院给予支持。"))
    assert not any("对" in n for n in ents)
    ents = _ents(_read("专家非常期待湘江科大的发展，认为湘江身为应用型大学大有可为。"))
    assert not any(n.startswith(("非常", "专家")) or "身为" in n for n in ents)


def test_the_sectors_an_organisation_is_built_around_are_its_focus() -> None:
    group = "湘潭恒通航空集团"
    text = f"{group}是一家以通用航空、航空维修、教育产业投资等新兴产业为主导的企业集团。"
    rels = _rels(_read(text))
    for industry in ("通用航空", "教育产业投资"):
        assert (group, "FOCUSES_ON", industry) in rels
    assert not any(r[2] == "主导" for r in rels)


def test_a_person_with_a_title_coordinated_with_a_company_is_no_organisation() -> None:
    text = "学校副董事长莫秀全、特聘教授刘兰明、湘江电机研究院院长刘兴军共同为产业学院揭牌。"
    ents = _ents(_read(text))
    assert "湘江电机研究院" in ents and not any(n.endswith("刘兰明") for n in ents)


def test_a_spam_token_standing_for_a_name_is_no_entity() -> None:
    text = f"由j9九游会老哥俱乐部、{_FIRM}承办的大会召开。mg4355vip检测中心与{_COLLEGE}签约。"
    ents = _ents(_read(text))
    assert _FIRM in ents and not any("九游" in n or "vip" in n for n in ents)


def test_a_unit_named_right_after_its_ministry_is_one_public_body() -> None:
    ents = _ents(_read("日前，工业和信息化部中小企业发展促进中心公布首批名单。"))
    assert ents.get("工业和信息化部中小企业发展促进中心") == "Government"
    ents = _ents(_read("材料报送工业和信息化部人事教育司。"))
    assert ents.get("工业和信息化部人事教育司") == "Government"
    ents = _ents(_read("教育部支持建设一批中心。"))
    assert "教育部" in ents and not any(n.endswith("中心") for n in ents)
    assert not _ents(_read("城乡接合部的学校。"))


def test_a_school_owning_a_designated_college_is_not_designated_itself() -> None:
    text = (
        f"湖南省教育厅公布首批产业学院名单，{_COLLEGE}的“智能电机”电机产业学院和"
        "湘潭大学的储能现代产业学院获批立项。"
    )
    rels = _rels(_read(text))
    designated = {r[2] for r in rels if r[1] == "DESIGNATES"}
    assert designated and not designated & {_COLLEGE, "湘潭大学"}


def test_english_officials_and_units_of_a_ministry_and_a_signing_to_jointly_build() -> None:
    text = (
        "Xiangtan Motor Technical College signs a contract with Hengtai Group.\n\n"
        "On May 8, 2024, Hengtai Motor Technologies Group Co., Ltd. signed a cooperation "
        'agreement with Xiangtan Motor Technical College to "jointly build a Motor Assembly '
        'Enterprise Training Base." Guests included Deputy Director of the Talent Exchange '
        "Service Center of the Ministry of Human Resources and Social Security Li Zhengyu and "
        "Deputy Director of the Hunan Provincial Department of Human Resources and Social "
        "Security Yang Hongshan.\n"
    )
    res = _read(text)
    ents = _ents(res)
    center = "Talent Exchange Service Center of the Ministry of Human Resources and Social Security"
    assert ents.get(center) == "Government"
    assert "Hunan Provincial Department of Human Resources and Social Security" in ents
    assert not any(n.endswith(("Zhengyu", "Hongshan")) for n in ents)
    base = "Motor Assembly Enterprise Training Base"
    rels = _rels(res)
    assert ("Hengtai Motor Technologies Group Co., Ltd.", "BUILDS", base) in rels


def test_a_plan_speaking_of_itself_is_a_policy_and_cites_what_it_is_based_on() -> None:
    title = "湘潭电机产教融合实训基地建设实施方案(2025-2029 年)"
    text = (
        f"{title}\n\n一、总则\n本方案依据《湘潭市职业教育发展规划(2024—2035 年)》"
        "《职业院校实训基地建设管理办法》等政策文件制定。\n"
    )
    res = _read(text)
    assert res.structure.genre == "policy"
    rels = _rels(res)
    assert (title, "CITES", "职业院校实训基地建设管理办法") in rels


def test_the_plan_a_notice_prints_is_what_cites_when_it_speaks_of_itself() -> None:
    plan = "湘潭市职业教育发展规划(2021—2025年)"
    text = (
        f"湘潭市人民政府办公室关于印发{plan}的通知\n湘政办发〔2021〕30号\n"
        "各县市区人民政府，市直各部门：\n"
        f"《{plan}》已经市人民政府同意，现印发给你们，请认真贯彻执行。\n"
        "为贯彻落实《湖南省职业教育改革实施方案》，特制定本规划。\n"
    )
    rels = _rels(_read(text))
    assert (plan, "CITES", "湖南省职业教育改革实施方案") in rels


def test_a_college_carrying_a_companys_brand_or_quoted_after_a_school_is_built_by_them() -> None:
    text = (
        f"(记者 王晓斌){_COLLEGE}“恒泰电机产业学院”14日正式揭牌。这是湘潭恒泰集团在湘潭的最新布局。"
    )
    res = _read(text)
    ents = _ents(res)
    assert _COLLEGE in ents and not any(")" in n for n in ents)
    rels = _rels(res)
    assert (_COLLEGE, "BUILDS", "恒泰电机产业学院") in rels
    assert ("湘潭恒泰集团", "BUILDS", "恒泰电机产业学院") not in rels  # 湘潭恒泰 ≠ 恒泰
    text = f"恒泰集团董事长出席。{_COLLEGE}“恒泰电机产业学院”揭牌。"
    assert ("恒泰集团", "BUILDS", "恒泰电机产业学院") in _rels(_read(text))
    # a place stem is no brand: 临港新片区 is not 临港集团's
    text = "临港集团与上海交大签约。临港新片区产教融合联盟正式启动。"
    assert not any(r[1] == "BUILDS" and r[0] == "临港集团" for r in _rels(_read(text)))


def test_english_bodies_releasing_a_quoted_plan_issue_it_and_a_quoted_name_keeps_its_words() -> (
    None
):
    text = (
        "Nine bodies issue a new plan\n\nOn 29 September 2020, nine Chinese government bodies "
        "including the Ministry of Education and the Ministry of Human Resources and Social "
        'Security released the “Vocational Skills Improvement Action Plan (2020-2023)". '
        "The joint establishment of ‘Sino-Finnish Smart Logistics Industrial College’ means "
        "deeper cooperation.\n"
    )
    res = _read(text)
    plan = "Vocational Skills Improvement Action Plan (2020-2023)"
    ents = _ents(res)
    assert ents.get(plan) == "Policy"
    assert ents.get("Sino-Finnish Smart Logistics Industrial College") == "Platform"
    rels = _rels(res)
    assert (plan, "ISSUED_BY", "Ministry of Education") in rels
    assert (plan, "ISSUED_BY", "Ministry of Human Resources and Social Security") in rels


def test_a_body_and_a_count_of_ministries_before_a_title_issue_it() -> None:
    text = (
        "各市发展改革委、教育局，省政府有关部门：\n"
        "根据国家发展改革委等6部委《关于印发湘潭产教融合试点实施方案的通知》和有关要求，"
        "现转发有关名单。\n"
    )
    res = _read(text)
    assert res.structure.title == ""  # the recipients are no headline
    rels = _rels(res)
    assert ("关于印发湘潭产教融合试点实施方案的通知", "ISSUED_BY", "国家发展改革委") in rels


def test_a_printed_plans_own_text_cites_each_title_of_a_chain_with_its_own_issuers() -> None:
    plan = "湘江电机职业技术学院产业学院管理办法(试行)"
    text = (
        f"关于印发《{plan}》的通知\n湘电院〔2024〕12号\n各二级学院：\n"
        f"《{plan}》经审议通过，现予以印发。\n特此通知。\n\n{plan}\n\n"
        "为规范产业学院管理，根据国务院办公厅《关于深化产教融合的若干意见》(国办发〔2017〕95号)、"
        "教育部办公厅、工业和信息化部办公厅《现代产业学院建设指南(试行)》(教高厅函〔2020〕16号)"
        "等文件精神，结合学校实际，特制定本办法。\n"
    )
    res = _read(text)
    rels = _rels(res)
    assert (plan, "CITES", "关于深化产教融合的若干意见") in rels
    assert (plan, "CITES", "现代产业学院建设指南(试行)") in rels
    guide_issuers = {
        r[2] for r in rels if r[0] == "现代产业学院建设指南(试行)" and r[1] == "ISSUED_BY"
    }
    assert guide_issuers == {"教育部办公厅", "工业和信息化部办公厅"}
    assert "教高厅" not in _ents(res)  # the code opening a document number is no body


def test_a_news_report_on_a_list_notice_takes_the_notice_as_the_designating_document() -> None:
    notice = "湖南省发展和改革委员会等6部门关于印发湖南省首批产教融合型城市建设试点名单的通知"
    text = (
        "湖南首批产教融合型城市名单公布\n\n"
        f"《{notice}》(以下简称《通知》)8月15日发出。\n"
        "为贯彻落实《湖南省人民政府办公厅关于深化产教融合的实施意见》，经专家评议，"
        "确定了湖南省首批产教融合型城市建设试点名单，湘潭市、株洲市入选。\n"
    )
    rels = _rels(_read(text))
    assert (notice, "DESIGNATES", "湘潭市") in rels and (notice, "DESIGNATES", "株洲市") in rels
    assert not any(r[1] == "DESIGNATES" and "实施意见" in r[0] for r in rels)


def test_leading_a_platform_founded_clauses_later_is_leading_not_building() -> None:
    community = "中国电机产教融合共同体"
    text = (
        f"据了解，湖南省电机行业协会与{_COLLEGE}联合牵头，依托前期合作基础，"
        f"联合高水平大学、领军企业，组建全行业、跨区域的{community}。"
    )
    rels = _rels(_read(text))
    for lead in ("湖南省电机行业协会", _COLLEGE):
        assert (lead, "LEADS", community) in rels and (lead, "BUILDS", community) not in rels


def test_prefecture_and_province_bodies_of_a_city_report_take_their_places() -> None:
    text = (
        "延边州跨境电商产教联合体在珲春市启动\n\n"
        "6月5日，延边州跨境电商产教联合体在珲春市启动。省教育厅、州教育局、州商务局有关负责人出席。\n"
    )
    names = {(e.name or e.text): e.aliases for e in _read(text).entities if e.label == "Government"}
    assert "延边州教育局" in names and "州教育局" in names["延边州教育局"]
    assert "延边州商务局" in names and "吉林省教育厅" in names


def test_members_listed_before_their_role_belong_to_the_kind_it_names_not_a_listed_centre() -> None:
    text = (
        f"{_CONSORTIUM}理事会二次会议在湘潭举行。{_COLLEGE}、{_FIRM}负责人，"
        "及湘潭市电机行业协会、湘潭电机检测创新中心等30家联合体理事会成员单位代表汇聚一堂。"
    )
    rels = _rels(_read(text))
    assert ("湘潭市电机行业协会", "MEMBER_OF", _CONSORTIUM) in rels
    assert ("湘潭电机检测创新中心", "MEMBER_OF", _CONSORTIUM) in rels
    assert not any(r[2] == "湘潭电机检测创新中心" and r[1] == "MEMBER_OF" for r in rels)


def test_each_body_of_a_counted_list_signs_with_the_partner_after_it() -> None:
    text = f"{_FIRM}、湘潭重工集团等11家企业与{_COLLEGE}签下4年一期的人才培育合作计划。"
    rels = _rels(_read(text))
    for firm in (_FIRM, "湘潭重工集团"):
        assert (firm, "COOPERATES_WITH", _COLLEGE) in rels or (
            _COLLEGE,
            "COOPERATES_WITH",
            firm,
        ) in rels
    # a list that only meets the partner signs nothing
    rels = _rels(_read(f"{_FIRM}、湘潭重工集团等11家企业与{_COLLEGE}负责人座谈。"))
    assert not any(r[1] == "COOPERATES_WITH" for r in rels)
