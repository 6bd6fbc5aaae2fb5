"""Relations in the general clause forms of the guidelines rather than one document's phrasing
(issue 11, rels): co-building verbs (打造, 携手打造) with each party of a coordinated subject,
membership by 组成 and by elected roster roles, a member count before a roster, an industry
behind a place modifier, a signing hub (A与B、C分别签约), references back (加入联合体, a
clause-heading 学校), and support "在G指导下" / "得到G的支持". Every text here was written for
the project (invented organisations, real places)."""

from __future__ import annotations

from tests.unit.test_docs_realtext import _read, _rels

_COLLEGE = "江南理工职业学院"
_FIRM = "苏州恒远精密机械有限公司"
_FIRM2 = "常熟新材科技有限公司"
_BASE = "精密制造实训基地"
_ALLIANCE = "长三角智能制造产教联盟"


def test_partners_who_join_hands_to_build_a_platform_each_build_it_and_sign_nothing() -> None:
    rels = _rels(_read(f"{_FIRM}携手{_COLLEGE}打造{_BASE}。"))
    assert (_FIRM, "BUILDS", _BASE) in rels and (_COLLEGE, "BUILDS", _BASE) in rels
    assert not any(r[1] == "COOPERATES_WITH" for r in rels)  # co-building is no signing
    rels = _rels(_read(f"{_COLLEGE}与{_FIRM}携手打造{_BASE}。"))
    assert (_FIRM, "BUILDS", _BASE) in rels and (_COLLEGE, "BUILDS", _BASE) in rels
    assert not any(r[1] == "COOPERATES_WITH" for r in rels)
    rels = _rels(_read(f"{_COLLEGE}与{_FIRM}共同打造的{_BASE}揭牌成立。"))
    assert (_FIRM, "BUILDS", _BASE) in rels and (_COLLEGE, "BUILDS", _BASE) in rels


def test_units_that_make_up_a_platform_are_its_members() -> None:
    plat = "长三角智能制造产教联合体"
    rels = _rels(_read(f"{_COLLEGE}、{_FIRM}等12家单位共同组成{plat}。"))
    assert (_COLLEGE, "MEMBER_OF", plat) in rels and (_FIRM, "MEMBER_OF", plat) in rels
    rels = _rels(_read(f"{plat}由{_COLLEGE}、{_FIRM}等单位组成。"))
    assert (_COLLEGE, "MEMBER_OF", plat) in rels and (_FIRM, "MEMBER_OF", plat) in rels
    assert not any(r[1] in ("BUILDS", "LEADS") for r in rels)


def test_elected_roster_roles_and_a_member_count_before_the_roster() -> None:
    rels = _rels(_read(f"{_COLLEGE}、{_FIRM}当选{_ALLIANCE}副理事长单位。"))
    assert (_COLLEGE, "MEMBER_OF", _ALLIANCE) in rels and (_FIRM, "MEMBER_OF", _ALLIANCE) in rels
    rels = _rels(_read(f"{_ALLIANCE}现有成员单位56家,包括{_COLLEGE}、{_FIRM}等。"))
    assert (_COLLEGE, "MEMBER_OF", _ALLIANCE) in rels and (_FIRM, "MEMBER_OF", _ALLIANCE) in rels
    # a count that closes the sentence lists nobody
    rels = _rels(_read(f"{_COLLEGE}牵头成立{_ALLIANCE}。{_ALLIANCE}现有成员单位56家。"))
    assert rels == {(_COLLEGE, "LEADS", _ALLIANCE)}


def test_an_industry_after_a_place_that_qualifies_it_is_the_focus() -> None:
    rels = _rels(_read(f"{_BASE}主要服务于苏州新能源汽车产业。"))
    assert (_BASE, "FOCUSES_ON", "新能源汽车") in rels
    assert not any(r[2] == "苏州市" for r in rels)


def test_a_party_that_signs_with_several_partners_pairs_with_each_of_them_only() -> None:
    rels = _rels(_read(f"{_COLLEGE}与{_FIRM}、{_FIRM2}分别签署合作协议。"))
    assert (_COLLEGE, "COOPERATES_WITH", _FIRM) in rels
    assert (_COLLEGE, "COOPERATES_WITH", _FIRM2) in rels
    assert (_FIRM, "COOPERATES_WITH", _FIRM2) not in rels
    assert (_FIRM2, "COOPERATES_WITH", _FIRM) not in rels
    # one agreement of three parties: every pair
    rels = _rels(_read(f"{_COLLEGE}与{_FIRM}、{_FIRM2}签署三方协议。"))
    assert {(_FIRM, "COOPERATES_WITH", _FIRM2), (_FIRM2, "COOPERATES_WITH", _FIRM)} & rels


def test_references_back_to_a_consortium_and_to_the_school_of_the_report() -> None:
    plat = "长三角智能制造产教联合体"
    rels = _rels(_read(f"{_COLLEGE}牵头成立{plat},{_FIRM}、{_FIRM2}等企业加入联合体。"))
    assert (_FIRM, "MEMBER_OF", plat) in rels and (_FIRM2, "MEMBER_OF", plat) in rels
    res = _read(
        f"{_COLLEGE}举办校企合作大会。会上,学校与{_FIRM}签署合作协议,"
        f"学院联合{_FIRM2}共建新材料实训基地。"
    )
    rels = _rels(res)
    assert (_COLLEGE, "COOPERATES_WITH", _FIRM) in rels or (
        _FIRM,
        "COOPERATES_WITH",
        _COLLEGE,
    ) in rels
    assert (_COLLEGE, "BUILDS", "新材料实训基地") in rels
    assert not any(e.text in ("学校", "学院") for e in res.entities)  # never entities themselves


def test_support_under_guidance_and_support_received() -> None:
    gov = "江苏省教育厅"
    rels = _rels(_read(f"{_ALLIANCE}在{gov}指导下成立。"))
    assert (gov, "SUPPORTS", _ALLIANCE) in rels
    rels = _rels(_read(f"在{gov}的指导下,{_COLLEGE}牵头成立{_ALLIANCE}。"))
    assert (gov, "SUPPORTS", _ALLIANCE) in rels and (_COLLEGE, "LEADS", _ALLIANCE) in rels
    rels = _rels(_read(f"{_BASE}得到苏州市人民政府的大力支持。"))
    assert ("苏州市人民政府", "SUPPORTS", _BASE) in rels
    # guidance over a signing names no platform: nobody is supported
    rels = _rels(_read(f"在{gov}的指导下,{_COLLEGE}与{_FIRM}签署合作协议。"))
    assert not any(r[1] == "SUPPORTS" for r in rels)


def test_a_policy_supports_the_bodies_its_clauses_name_after_a_heading_support_verb() -> None:
    title = "江苏省人民政府办公厅关于推进产教融合的实施意见"
    res = _read(
        f"{title}\n苏政办发〔2024〕8号\n各市、县人民政府:\n一、加强高校建设。各地要支持高校建设。"
        f"大力支持{_ALLIANCE}、{_COLLEGE}和苏州科技学院发展。\n江苏省人民政府办公厅\n2024年5月6日\n"
    )
    rels = _rels(res)
    for body in (_ALLIANCE, _COLLEGE, "苏州科技学院"):
        assert (title, "SUPPORTS", body) in rels
    assert "大力" not in {e.text for e in res.entities}  # an adverb is no issuing body
    assert sum(1 for r in rels if r[1] == "SUPPORTS") == 3


def test_a_roster_listed_a_name_a_line_and_a_bare_alliance_heading_a_sentence() -> None:
    res = _read(
        f"{_ALLIANCE}成立\n近日,{_ALLIANCE}在苏州成立。\n理事长单位:{_COLLEGE}\n"
        f"副理事长单位(排名不分先后):\n{_FIRM}\n{_FIRM2}\n理事单位:\n1.苏州科技学院\n"
        "2.无锡华宇电子有限公司\n\n无锡华宇电子有限公司另与南通海工装备有限公司签约。\n"
    )
    rels = _rels(res)
    assert (_COLLEGE, "LEADS", _ALLIANCE) in rels
    for member in (_FIRM, _FIRM2, "苏州科技学院", "无锡华宇电子有限公司"):
        assert (member, "MEMBER_OF", _ALLIANCE) in rels
    # the list ends at the blank line: the company named after it is no member
    assert ("南通海工装备有限公司", "MEMBER_OF", _ALLIANCE) not in rels
    rels = _rels(
        _read(
            f"近日,{_ALLIANCE}在苏州成立。联盟首批成员单位包括{_COLLEGE}、{_FIRM}等42家院校和企业。"
        )
    )
    assert (_COLLEGE, "MEMBER_OF", _ALLIANCE) in rels and (_FIRM, "MEMBER_OF", _ALLIANCE) in rels
    assert all(r[2] == _ALLIANCE or r[1] == "LOCATED_IN" for r in rels)  # no "联盟首批" platform


def test_a_passive_issuer_and_the_platform_placed_rather_than_its_founder() -> None:
    title = "江苏省产教融合实训基地管理办法"
    rels = _rels(_read(f"《{title}》已由江苏省教育厅印发实施。"))
    assert (title, "ISSUED_BY", "江苏省教育厅") in rels
    plat = "长三角智能制造产教联合体"
    rels = _rels(_read(f"{_COLLEGE}牵头组建的{plat}在苏州揭牌。"))
    assert (plat, "LOCATED_IN", "苏州市") in rels
    assert (_COLLEGE, "LOCATED_IN", "苏州市") not in rels
    assert (_COLLEGE, "LEADS", plat) in rels


def test_signings_with_a_place_or_a_venue_before_the_verb() -> None:
    pair = {(_COLLEGE, "COOPERATES_WITH", _FIRM), (_FIRM, "COOPERATES_WITH", _COLLEGE)}
    assert pair & _rels(_read(f"{_COLLEGE}与{_FIRM}在苏州签订产学研合作协议。"))
    assert pair & _rels(_read(f"3月5日,{_COLLEGE}与{_FIRM}在学校行政楼会议室举行签约仪式。"))


def test_an_industry_named_with_yi_wei_zhongdian_and_a_lead_whose_platform_follows() -> None:
    plat = "长三角智能制造产教联合体"
    rels = _rels(_read(f"{plat}以新能源汽车产业为重点,整合区域资源。"))
    assert (plat, "FOCUSES_ON", "新能源汽车") in rels
    # a base is no focus
    rels = _rels(_read(f"{plat}以苏州工业园区为依托,服务区域发展。"))
    assert not any(r[1] == "FOCUSES_ON" for r in rels)
    rels = _rels(_read(f"{_COLLEGE}牵头,联合{_FIRM}、{_FIRM2}成立{plat}。"))
    assert (_COLLEGE, "LEADS", plat) in rels
    assert (_FIRM, "LEADS", plat) not in rels


def test_a_member_list_under_its_heading() -> None:
    plat = "长三角智能制造产教联合体"
    rels = _rels(_read(f"{plat}成员单位名单\n1.{_COLLEGE}\n2.{_FIRM}\n"))
    assert (_COLLEGE, "MEMBER_OF", plat) in rels and (_FIRM, "MEMBER_OF", plat) in rels
