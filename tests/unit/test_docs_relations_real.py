"""Relations of real documents in the forms the held-out real set showed (issue 11, docrel):
joint issuers of a list, a list published earlier and its items named later, founders (发起),
a platform's base (以Y为依托), "respectively" (分别), an industry community's industry, and
what is no signing (attending a 签约仪式, an office called …合作办). Every text here was
written for the project (invented organisations, real places)."""

from __future__ import annotations

from tests.unit.test_docs_realtext import _ents, _read, _rels


def test_joint_issuers_of_a_list_each_designate_the_listed_companies() -> None:
    res = _read(
        "浙江省发展改革委、省教育厅、省人力资源社会保障厅近日联合发布了浙江省第二批产教融合型"
        "试点企业名单,我院推荐的合作企业杭州云帆智造股份有限公司、宁波北仑测量服务所等两家企业"
        "被确定为全省第二批产教融合型试点企业。"
    )
    ents, rels = _ents(res), _rels(res)
    issuers = ("浙江省发展改革委", "浙江省教育厅", "浙江省人力资源社会保障厅")
    for body in issuers:
        assert ents[body] == "Government"
        for firm in ("杭州云帆智造股份有限公司", "宁波北仑测量服务所"):
            assert (body, "DESIGNATES", firm) in rels
    assert not any(n.startswith("合作企业") for n in ents)  # a kind, not part of the name
    assert "宁波" not in ents  # the place is part of the company's name
    assert sum(1 for r in rels if r[1] == "DESIGNATES") == 6


def test_a_list_published_earlier_designates_the_items_named_after_the_cue() -> None:
    res = _read(
        "9月1日,教育部公布第一批国家级市域产教联合体名单。其中,湖北有2个联合体入围,分别是"
        "武汉航空职业学院(现更名为武汉航空职业技术大学)和襄阳汽车职业技术学院牵头的"
        "武汉临空港市域产教联合体、襄阳汽车产业产教联合体。"
        "武汉临空港市域产教联合体以武汉临空港经济技术开发区为依托,由武汉航空职业技术大学与"
        "武汉长翼科技有限公司牵头共建。"
    )
    rels = _rels(res)
    first, second = "武汉临空港市域产教联合体", "襄阳汽车产业产教联合体"
    assert ("教育部", "DESIGNATES", first) in rels and ("教育部", "DESIGNATES", second) in rels
    # the leading colleges only modify the designated consortia
    assert not any(r[1] == "DESIGNATES" and r[2].endswith("学院") for r in rels)
    # "A(现更名为B)和C牵头的X、Y": B leads X, C leads Y — respectively, not crosswise
    assert ("武汉航空职业技术大学", "LEADS", first) in rels
    assert ("襄阳汽车职业技术学院", "LEADS", second) in rels
    assert ("武汉航空职业技术大学", "LEADS", second) not in rels
    assert ("襄阳汽车职业技术学院", "LEADS", first) not in rels
    assert ("武汉航空职业学院", "RENAMED_TO", "武汉航空职业技术大学") in rels
    # "X以Y为依托,由A与B牵头共建": they lead X; Y is its base
    assert ("武汉长翼科技有限公司", "LEADS", first) in rels
    assert not any(r[2] == "武汉临空港经济技术开发区" for r in rels)


def test_founders_lead_and_an_industry_community_focuses_on_its_industry() -> None:
    res = _read(
        "全国轨道交通行业产教融合共同体成立大会在柳州举行。该共同体由柳州铁道职业技术学院、"
        "中车南方装备有限公司共同发起,联合上下游企业共同组建。"
    )
    rels = _rels(res)
    platform = "全国轨道交通行业产教融合共同体"
    assert ("柳州铁道职业技术学院", "LEADS", platform) in rels
    assert ("中车南方装备有限公司", "LEADS", platform) in rels
    assert not any(r[1] == "BUILDS" for r in rels)  # founding is leading, not also building
    assert (platform, "FOCUSES_ON", "轨道交通") in rels
    focus = [r for r in res.relations if r.type == "FOCUSES_ON"]
    assert len(focus) == 1 and focus[0].rule == "focus:name"


def test_attending_a_signing_or_an_office_name_is_no_partnership() -> None:
    res = _read(
        "仪式上,学院与南宁宏达物流有限公司签约共建现代物流产业学院。"
        "校企合作办、机电学院、商贸学院相关负责同志参加了签约仪式。"
    )
    rels = _rels(res)
    assert not any(r[1] == "COOPERATES_WITH" and "商贸学院" in (r[0], r[2]) for r in rels)
    assert not any(r[1] == "COOPERATES_WITH" and "机电学院" in (r[0], r[2]) for r in rels)
    assert ("南宁宏达物流有限公司", "BUILDS", "现代物流产业学院") in rels


def test_a_page_title_of_number_and_title_and_an_undated_signature() -> None:
    res = _read(
        "黔政办发〔2021〕12号《贵州省人民政府办公厅关于推进产教融合的实施意见》\n"
        "贵州省人民政府办公厅关于推进产教融合的实施意见\n"
        "黔政办发〔2021〕12号\n"
        "各市(州)人民政府,省政府各部门:\n"
        "为深化产教融合,经省人民政府同意,现提出以下意见。\n"
        "一、支持贵阳职业技术学院建设产教融合实训基地。\n"
        "贵州省人民政府办公厅\n"
    )
    st = res.structure
    assert st.title == "贵州省人民政府办公厅关于推进产教融合的实施意见"
    assert st.doc_number == "黔政办发〔2021〕12号"
    rels = _rels(res)
    assert (st.title, "ISSUED_BY", "贵州省人民政府办公厅") in rels
    notice = _read(
        "关于印发四川省产教融合试点城市名单的通知-某某网站\n"
        "关于印发四川省产教融合试点城市名单的通知\n"
        "川发改社会函〔2022〕88号\n"
        "各市(州)人民政府:\n"
        "《四川省产教融合试点城市名单》现印发给你们,请认真贯彻执行。\n"
        "四川省发展改革委\n"
    )
    assert notice.structure.title == "关于印发四川省产教融合试点城市名单的通知"
    assert (notice.structure.title, "ISSUED_BY", "四川省发展改革委") in _rels(notice)


def test_fields_listed_before_a_kind_of_company_are_no_companies() -> None:
    res = _read(
        "我市将突出培育化工、食品、文化旅游和电子信息等产业领域企业,以及养老、家政、托幼等"
        "社会领域龙头企业。"
    )
    ents = _ents(res)
    for field in ("化工", "食品", "养老", "家政", "托幼"):
        assert ents.get(field) != "Enterprise"
    # a chain's leading companies are companies ("产业链领军企业" names no field)
    firms = _ents(
        _read("共同体由南京邮电大学联合牵头,汇聚星海、蓝鲸、云途等产业链领军企业共同发起。")
    )
    assert all(firms.get(n) == "Enterprise" for n in ("星海", "蓝鲸", "云途"))


def test_a_platform_named_after_a_defined_short_form_focuses_on_its_industries() -> None:
    res = _read(
        "东莞市“一高两新”产教联合体由东莞职业技术学院牵头成立,共同推进“一高两新”(“一高”指"
        "高端装备制造业,“两新”指新能源产业、新材料产业)产业升级。"
    )
    rels = _rels(res)
    platform = "东莞市“一高两新”产教联合体"
    for ind in ("高端装备制造业", "新能源产业", "新材料产业"):
        assert (platform, "FOCUSES_ON", ind) in rels
    assert "新能源" not in _ents(res)  # the item is read whole


def test_a_counted_list_of_schools_after_a_cue() -> None:
    res = _read("日前該校與全台包括三重高工、草屯農工、鳳山高工及員林家商等8所職校簽訂合作意向書。")
    ents = _ents(res)
    for school in ("三重高工", "草屯农工", "凤山高工", "员林家商"):
        assert ents.get(school) == "Institution"
    assert not any("包括" in n or "包括" in n for n in ents)


def test_a_notice_forwarding_a_joint_notice_cites_it_and_each_body_issued_it() -> None:
    res = _read(
        "关于做好产教融合型企业培育工作的通知\n"
        "衡阳市发展改革委\n"
        "各县市区发改局、各有关企业:\n"
        "省发改委、教育厅、人力资源和社会保障厅联合印发《关于产教融合型企业培育有关工作的通知》"
        "(湘发改社会〔2020〕12号),对我省培育产教融合型企业予以明确,现予转发,请抓紧落实。\n"
    )
    rels = _rels(res)
    cited = "关于产教融合型企业培育有关工作的通知"
    assert (res.structure.title, "CITES", cited) in rels
    issuers = {t for h, ty, t in rels if h == cited and ty == "ISSUED_BY"}
    assert len(issuers) == 3
    assert any(t.endswith("教育厅") for t in issuers)


def test_each_signing_clause_names_its_own_partners() -> None:
    res = _read(
        "仪式上,院长代表我院先后与贵州茶业协会和贵州黔茗茶业股份有限公司签约共建黔茗产业学院,"
        "与贵州省农机协会、遵义飞翼科技有限公司签约共建飞翼无人机产业学院。"
    )
    rels = _rels(res)
    assert ("贵州茶业协会", "BUILDS", "黔茗产业学院") in rels
    assert ("遵义飞翼科技有限公司", "BUILDS", "飞翼无人机产业学院") in rels
    # a partner of the first signing is no party to the second
    assert ("贵州茶业协会", "BUILDS", "飞翼无人机产业学院") not in rels
    assert not any(n.startswith("先后") for n in _ents(res))
