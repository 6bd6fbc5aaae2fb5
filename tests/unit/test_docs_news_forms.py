"""Forms of real news reports that the rules read wrongly before (issue 11): a function word of
the running text swept into a name's start (次…联合体, 到…学院, 来对…学院, 如…产业学院, 现就…基地),
two names joined by 暨, a roster of 签约单位 / 加盟单位, and the founding meeting of a platform
("大会在A指导下，由B、C联合主办") standing for the platform. Every text here was written for the
project (invented organisations, real places)."""

from __future__ import annotations

from tests.unit.test_docs_realtext import _ents, _read, _rels

_CONSORTIUM = "湘潭市产教联合体"
_ALLIANCE = "湘潭新能源装备行业产教融合联盟"
_COLLEGE = "湘江工程职业学院"
_FIRM = "湘潭恒泰电机有限公司"
_FIRM2 = "湘潭安澜储能科技有限公司"


def test_a_function_word_before_a_name_is_not_part_of_it() -> None:
    ents = _ents(_read(f"此次{_CONSORTIUM}聚焦新能源装备产业，重点建设{_ALLIANCE}。"))
    assert _CONSORTIUM in ents and "次" + _CONSORTIUM not in ents
    rels = _rels(_read(f"此次{_CONSORTIUM}重点建设{_ALLIANCE}。"))
    assert (_CONSORTIUM, "BUILDS", _ALLIANCE) in rels
    ents = _ents(_read(f"企业负责人一行到{_COLLEGE}走访，共商人才培养。"))
    assert _COLLEGE in ents and not any(n.startswith("到") for n in ents)
    ents = _ents(_read("学院开设了多个产业学院，如微电子产业学院、储能产业学院等。"))
    assert "微电子产业学院" in ents and "如微电子产业学院" not in ents
    ents = _ents(_read("现就公共实训基地建设提出如下意见。"))
    assert not any(n.startswith(("现", "就")) for n in ents)


def test_names_joined_by_ji_are_two_names_and_jinan_university_is_one() -> None:
    ents = _ents(_read(f"湘潭市产教融合推进会暨{_ALLIANCE}成立大会举行。"))
    assert _ALLIANCE in ents and not any("暨" in n for n in ents)
    ents = _ents(_read(f"暨南大学与{_FIRM}签署合作协议。"))
    assert "暨南大学" in ents


def test_signing_and_joining_units_listed_after_an_alliance_are_its_members() -> None:
    text = f"{_ALLIANCE}签约单位包括{_FIRM}、{_COLLEGE}、{_FIRM2}等政、企、校相关单位。"
    rels = _rels(_read(text))
    for member in (_FIRM, _COLLEGE, _FIRM2):
        assert (member, "MEMBER_OF", _ALLIANCE) in rels
    rels = _rels(_read(f"{_ALLIANCE}加盟单位有{_FIRM}、{_FIRM2}。"))
    assert (_FIRM, "MEMBER_OF", _ALLIANCE) in rels and (_FIRM2, "MEMBER_OF", _ALLIANCE) in rels


def test_the_founding_meeting_stands_for_the_platform_it_founds() -> None:
    text = (
        f"{_CONSORTIUM}成立大会在湘潭召开。"
        f"大会在湖南省教育厅、湘潭市人民政府指导下，由{_COLLEGE}、{_FIRM}联合主办。"
    )
    rels = _rels(_read(text))
    assert (_COLLEGE, "LEADS", _CONSORTIUM) in rels and (_FIRM, "LEADS", _CONSORTIUM) in rels
    assert ("湖南省教育厅", "SUPPORTS", _CONSORTIUM) in rels
    # a meeting that speaks or is held somewhere stands for nothing
    rels = _rels(_read(f"{_CONSORTIUM}成立大会在湘潭召开。大会指出，要深化产教融合。"))
    assert not any(r[0] == "大会" or r[2] == "大会" for r in rels)
    # 主办 alone is a host of an event, not a leader of a platform
    text = f"由{_COLLEGE}主办、{_FIRM}承办的{_ALLIANCE}年会在湘潭举行。"
    assert not any(r[1] == "LEADS" for r in _rels(_read(text)))


def test_a_body_written_right_before_a_title_issued_it_in_news_too() -> None:
    text = (
        "为贯彻落实教育部办公厅《关于推进湘潭职业教育改革的通知》、"
        "湖南省发展改革委等部门《湘潭产教融合行动方案(2024—2026年)》等文件精神，"
        f"{_COLLEGE}召开专题会议。"
    )
    rels = _rels(_read(text))
    assert ("关于推进湘潭职业教育改革的通知", "ISSUED_BY", "教育部办公厅") in rels
    assert ("湘潭产教融合行动方案(2024—2026年)", "ISSUED_BY", "湖南省发展改革委") in rels
    text = "湘潭市教育局、湘潭市人力资源和社会保障局印发了《湘潭市实训基地管理办法》。"
    rels = _rels(_read(text))
    for body in ("湘潭市教育局", "湘潭市人力资源和社会保障局"):
        assert ("湘潭市实训基地管理办法", "ISSUED_BY", body) in rels
    # a body in another clause issued nothing
    rels = _rels(_read("湘潭市教育局召开会议，学习《湘潭市实训基地管理办法》。"))
    assert not any(r[1] == "ISSUED_BY" for r in rels)


def test_the_organisations_a_platform_includes_are_its_members() -> None:
    text = f"{_ALLIANCE}包括{_FIRM}、{_COLLEGE}、湘潭经开区管委会等政、企、校相关单位。"
    rels = _rels(_read(text))
    for member in (_FIRM, _COLLEGE, "湘潭经开区管委会"):
        assert (member, "MEMBER_OF", _ALLIANCE) in rels
    # what a platform covers is not a member
    rels = _rels(_read(f"{_ALLIANCE}包括储能、电机等产业方向。"))
    assert not any(r[1] == "MEMBER_OF" for r in rels)


def test_sectors_listed_after_a_conjunction_are_industries_whatever_came_before() -> None:
    text = (
        "在全省带动培育一批汽车产业转型升级优质企业、急需紧缺产业领域重点企业"
        "以及养老、家政、托幼、健康等社会领域龙头企业。"
    )
    ents = _ents(_read(text))
    for sector in ("养老", "家政", "托幼", "健康"):
        assert ents.get(sector) == "Industry"


def test_counts_of_a_kind_and_clauses_before_a_kind_are_no_names() -> None:
    text = f"{_CONSORTIUM}重点建设{_ALLIANCE}等“四个联盟”和“两个中心”。"
    ents = _ents(_read(text))
    assert "四个联盟" not in ents and "两个中心" not in ents and _ALLIANCE in ents
    rels = _rels(_read(f"签约仪式上与各联盟代表合影留念，{_ALLIANCE}与{_FIRM}签约。"))
    assert not any("仪式" in r[0] or "仪式" in r[2] for r in rels)
    ents = _ents(_read("学生毕业后就要和大学说再见。"))
    assert not any(n.endswith("大学") for n in ents)


def test_a_community_named_after_xinchuang_focuses_on_it_not_on_information_technology() -> None:
    plat = "全国信息技术应用创新行业产教融合共同体"
    rels = _rels(_read(f"{plat}在青岛成立。"))
    assert (plat, "FOCUSES_ON", "信息技术应用创新") in rels
    assert (plat, "FOCUSES_ON", "新一代信息技术") not in rels


def test_there_are_inside_a_stem_and_a_leading_verb_or_count_are_cut_off() -> None:
    ents = _ents(_read(f"湘潭经开区有{_COLLEGE}等三所院校。"))
    assert _COLLEGE in ents and not any("有" in n for n in ents)
    ents = _ents(_read("经专家评审，立项湘江大学储能装备行业学院等项目。"))
    assert "湘江大学储能装备行业学院" in ents and not any(n.startswith("立项") for n in ents)
    ents = _ents(_read("本次省教育厅共认定12个基地。"))
    assert not any(n.startswith("次") for n in ents)


def test_an_english_industrial_college_is_a_platform() -> None:
    text = (
        "Xiangjiang Polytechnic and Hengtai Motor Co., Ltd. jointly built the "
        "Sino-German Energy Storage Industrial College."
    )
    ents = _ents(_read(text))
    assert ents.get("Sino-German Energy Storage Industrial College") == "Platform"


def test_a_kind_of_platform_written_like_a_name_is_no_entity() -> None:
    plat = "全国储能装备行业产教融合共同体"
    res = _read(f"{plat}在湘潭成立，将努力打造全国行业产教融合共同体的典范。")
    assert plat in _ents(res) and "全国行业产教融合共同体" not in _ents(res)
    assert not any(r[2] == "行业" for r in _rels(res))


def test_an_english_company_without_a_head_word_shown_by_its_chairman_or_a_cooperation() -> None:
    text = (
        "The signing ceremony of the strategic cooperation between Xiangjiang Polytechnic "
        "and Voltrix-Hamm was held in Xiangtan. Li Hua, the chairman of Voltrix-Hamm, spoke."
    )
    res = _read(text)
    ents = _ents(res)
    assert ents.get("Voltrix-Hamm") == "Enterprise" and "Xiangjiang Polytechnic" in ents
    rels = _rels(res)
    assert ("Xiangjiang Polytechnic", "COOPERATES_WITH", "Voltrix-Hamm") in rels or (
        "Voltrix-Hamm",
        "COOPERATES_WITH",
        "Xiangjiang Polytechnic",
    ) in rels
    # a capitalised place after "and" is no company
    ents = _ents(_read("The cooperation between Xiangjiang Polytechnic and Shanghai grows."))
    assert "Shanghai" not in ents or ents["Shanghai"] == "Place"


def test_english_school_names_keep_their_own_bounds() -> None:
    text = (
        "At Xiangjiang Vocational Institute of Engineering and Xiangtan Vocational Institute, "
        "students train at the Industrial Park Campus of Xiangtan Secondary Vocational School. "
        "Both are Key Vocational Colleges."
    )
    ents = _ents(_read(text))
    assert "Xiangjiang Vocational Institute of Engineering" in ents
    assert "Xiangtan Vocational Institute" in ents
    assert "Xiangtan Secondary Vocational School" in ents
    assert not any(n.startswith(("At ", "Industrial Park Campus")) for n in ents)
    assert not any(n.startswith("Key Vocational") for n in ents)


def test_a_province_or_a_prefecture_city_written_without_its_suffix_is_a_place() -> None:
    ents = _ents(_read("此次广东共有20所学校入选，浙江公布了第二批名单，淄博也在其中。"))
    assert ents.get("广东") == "Place" and ents.get("浙江") == "Place"
    assert ents.get("淄博市") == "Place"  # the full name, 淄博 kept as its alias
    # a county's bare stem stays a word (茌平区 → 茌平 is not taken alone)
    assert "茌平" not in _ents(_read("茌平的学校与企业签约。"))


def test_a_province_holding_designated_platforms_is_not_designated_itself() -> None:
    text = (
        "教育部公布第一批国家级市域产教联合体名单。其中，湖南有2个联合体入围，分别是"
        f"{_COLLEGE}(现更名为湘江工程职业技术大学)和湘潭理工学院牵头的{_CONSORTIUM}、"
        "株洲市产教联合体。"
    )
    rels = _rels(_read(text))
    assert ("教育部", "DESIGNATES", "湖南") not in rels
    assert ("湘江工程职业技术大学", "LEADS", _CONSORTIUM) in rels
    assert ("湘潭理工学院", "LEADS", "株洲市产教联合体") in rels
    assert ("湘潭理工学院", "LEADS", _CONSORTIUM) not in rels


def test_the_builders_of_a_kind_a_platform_is_said_to_be_build_that_platform() -> None:
    plat = "恒泰电机产业学院"
    rels = _rels(_read(f"{plat}是{_COLLEGE}与{_FIRM}共同打造的产业学院。"))
    assert (_COLLEGE, "BUILDS", plat) in rels and (_FIRM, "BUILDS", plat) in rels
    # a copula to something else builds nothing
    rels = _rels(_read(f"{plat}是{_COLLEGE}与{_FIRM}合作的重要成果。"))
    assert not any(r[1] == "BUILDS" for r in rels)
