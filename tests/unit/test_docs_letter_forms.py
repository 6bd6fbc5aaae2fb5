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
