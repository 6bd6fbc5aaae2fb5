"""News reports of signings and councils, in the forms of real campus news (issue 11): parties
listed through their signatories ("A副主任张三、B校长李四、C总经理王五代表牵头单位共同签署…"), a
place inside the signed title, credits lines after a bar (初审丨…), trade unions, an association's
council roster named by its short form, a person's given name that is a place. Every text here
was written for the project (invented organisations and people, real places)."""

from __future__ import annotations

from iegraph.ingest.documents.structure import read_structure
from tests.unit.test_docs_realtext import _ents, _read, _rels

_SIGNING = (
    "青川新区产教联合体成立大会召开\n\n"
    "9月6日,青川新区产教联合体成立大会在学校新区校区召开。"
    "青川新区管委会副主任张晓红、青川石化职业技术大学校长李常青、宏达重工集团有限公司总经理冯西安"
    "代表牵头单位共同签署了《共建青川新区产教联合体战略协议》。\n"
)


def test_bodies_listed_through_their_signatories_sign_with_each_other() -> None:
    rels = _rels(_read(_SIGNING))
    parties = ("青川新区管委会", "青川石化职业技术大学", "宏达重工集团有限公司")
    for i, a in enumerate(parties):
        for b in parties[i + 1 :]:
            assert (a, "COOPERATES_WITH", b) in rels or (b, "COOPERATES_WITH", a) in rels, (a, b)
        # the roster role they sign for still makes them the consortium's leads
        assert (a, "LEADS", "青川新区产教联合体") in rels
    # persons are no bodies
    assert not any("张晓红" in n or "李常青" in n for n in _ents(_read(_SIGNING)))


def test_a_place_inside_the_signed_title_is_no_party() -> None:
    text = "青川石化职业技术大学、宏达重工集团有限公司共同签署了《共建兰州新区产业学院协议》。"
    rels = _rels(_read(text))
    assert ("青川石化职业技术大学", "COOPERATES_WITH", "宏达重工集团有限公司") in rels or (
        "宏达重工集团有限公司",
        "COOPERATES_WITH",
        "青川石化职业技术大学",
    ) in rels
    assert not any("兰州" in r[0] or "兰州" in r[2] for r in rels)


def test_representing_a_unit_at_a_ceremony_is_no_signature() -> None:
    text = "青川石化职业技术大学、宏达重工集团有限公司代表出席签约仪式。"
    assert not any(r[1] == "COOPERATES_WITH" for r in _rels(_read(text)))


def test_credits_after_a_bar_are_chrome_not_the_headline() -> None:
    text = (
        "5月16日,青川农业大学热带作物学院与西双版纳职业技术学院签署合作协议。\n"
        "来源丨热带作物与食品工程系\n编辑丨邝小榕\n初审丨龚小燕\n终审丨罗小飞\n"
    )
    st = read_structure(text)
    assert "热带作物与食品工程系" not in st.title
    assert st.source == "热带作物与食品工程系"
    assert not any("邝小榕" in n or "工程系" in n for n in _ents(_read(text)))


def test_trade_unions_are_public_bodies() -> None:
    text = (
        "本次活动由云南省教育卫生科研工会主办。云南省总工会副主席金小勇致辞。"
        "今年是中华全国总工会成立100年,也是我国工人阶级和工会组织团结奋斗的100年。"
    )
    ents = _ents(_read(text))
    for union in ("云南省教育卫生科研工会", "云南省总工会", "中华全国总工会"):
        assert ents.get(union) == "Government", union
    assert not any(n.endswith("和工会") for n in ents)  # a generic 工会 after 和 is no name


def test_an_associations_council_named_by_its_short_form_has_the_members() -> None:
    text = (
        "7月28日,湘南产教融合促进会(以下简称“促进会”)第一届理事会第一次会议召开。"
        "衡阳工业技术大学、湘南轻工职业技术学院、郴州宏远电器股份有限公司等75家理事单位参会。"
        "促进会自2019年成立以来,各理事单位做了大量工作。"
    )
    res = _read(text)
    rels = _rels(res)
    for member in ("衡阳工业技术大学", "湘南轻工职业技术学院", "郴州宏远电器股份有限公司"):
        assert (member, "MEMBER_OF", "湘南产教融合促进会") in rels, member
    # the short form is the association, not a second body
    assert not any(r[0] == r[2] or r[2] == "促进会" for r in rels)
    # an association's council is no platform: nothing LEADS it
    assert not any(r[1] == "LEADS" for r in rels)


def test_a_roster_after_no_platform_or_association_has_no_target() -> None:
    text = "会议增补湘南石油化工学院等13家副理事长单位。联合体与湘南中小企业服务联合会完成了签约。"
    assert not any(r[1] == "MEMBER_OF" for r in _rels(_read(text)))


def test_a_persons_given_name_is_no_place_and_a_title_is_no_body() -> None:
    text = (
        "我校党委书记杨金华致欢迎辞。学校党委书记、湘南产教融合促进会会长凌小波代表会长单位致辞。"
    )
    ents = _ents(_read(text))
    assert "金华" not in ents and "金华市" not in ents
    assert not any(n.endswith("书记") for n in ents)


def test_an_inviting_verb_is_no_part_of_a_name() -> None:
    ents = _ents(_read("第61期评鉴双月刊邀请湘江科技大学(以下简称湘科大)撰文。"))
    assert "湘江科技大学" in ents
    assert not any(n.startswith(("评鉴", "邀请")) for n in ents)


# -- Traditional-script reports (Taiwan, Hong Kong) ----------------------------------------------
def _pairs(text: str) -> set[frozenset[str]]:
    return {frozenset((h, t)) for h, ty, t in _rels(_read(text)) if ty == "COOPERATES_WITH"}


def test_a_date_between_a_school_and_its_partners_is_no_part_of_a_name() -> None:
    text = "湘江大學在教育部計畫的支持下,成立湘江五校聯盟,27日與衡山大學、岳麓大學簽訂合作意向書。"
    ents = _ents(_read(text))
    assert "衡山大学" in ents
    assert not any("27日" in n for n in ents)
    pairs = _pairs(text)
    assert frozenset(("湘江大学", "衡山大学")) in pairs
    assert frozenset(("湘江大学", "岳麓大学")) in pairs
    # the alliance the school founded in the clause before is not the one signing
    assert not any("湘江五校联盟" in p for p in pairs)
    assert frozenset(("衡山大学", "岳麓大学")) not in pairs


def test_a_witness_to_a_signing_is_no_party() -> None:
    text = "湘江捷運公司27日在湘江市政府教育局見證下,與衡山高工及岳麓高工簽署合作備忘錄。"
    pairs = _pairs(text)
    assert frozenset(("湘江捷运公司", "衡山高工")) in pairs
    assert frozenset(("湘江捷运公司", "岳麓高工")) in pairs
    assert not any("湘江市政府教育局" in p for p in pairs)


def test_a_line_of_hashtags_is_chrome() -> None:
    text = "產學合作 湘捷招募在地技職學校應屆畢業生\n#北屯 #台中 #台灣好新聞\n湘江捷運公司與衡山高工簽約。\n"
    ents = _ents(_read(text))
    assert "台中市" not in ents and "北屯" not in ents


def test_a_school_and_its_short_form_before_yu_end_where_the_partner_starts() -> None:
    text = (
        "湘大與創新湘江基金會簽署合作備忘錄\n"
        "湘江理工大學(湘大)與創新湘江基金會簽署合作備忘錄,共同推動創科發展。\n"
    )
    res = _read(text)
    ents = _ents(res)
    assert ents.get("创新湘江基金会") == "Government"
    assert ents.get("湘江理工大学") == "Institution"
    assert not any("与" in n for n in ents)  # no name runs across 与
    assert ents.get("湘大") == "Institution"  # two characters ending in 大: a school
    assert frozenset(("湘江理工大学", "创新湘江基金会")) in _pairs(text)


def test_an_agreement_reached_with_a_government_is_a_partnership() -> None:
    text = "湘江理工大學(湘大)與江蘇省無錫市政府達成合作協定,在無錫成立研究院。"
    assert frozenset(("湘江理工大学", "江苏省无锡市政府")) in _pairs(text)


def test_a_partnership_noun_after_a_verb_pairs_nobody_and_a_verb_ends_a_name() -> None:
    text = "湘大與無錫市政府建科技創新研究院 促進長三角官產學研合作"
    pairs = _pairs(text)
    assert not any("科技创新研究院" in p for p in pairs)
    assert not any(n.startswith("无锡市政府建") for n in _ents(_read(text)))


def test_a_platform_naming_the_signed_agreement_is_no_party() -> None:
    text = "日前湘江科大與衡山高工、岳麓高工等16所高工職校簽訂策略聯盟合作意向書。"
    assert not any("策略联盟" in p for p in _pairs(text))


def test_the_united_nations_in_a_name_is_no_verb_of_joining() -> None:
    text = "澳門大學與聯合國大學駐澳門研究所簽署《培訓合作備忘錄》。"
    assert "联合国大学驻澳门研究所" in _ents(_read(text))
    assert frozenset(("澳门大学", "联合国大学驻澳门研究所")) in _pairs(text)


def test_partners_who_found_a_research_institute_in_a_place_build_it() -> None:
    text = (
        "湘江理工大學(湘大)與江蘇省無錫市政府達成合作協定,"
        "在無錫成立「湘江理工大學無錫科技創新研究院」。"
    )
    rels = _rels(_read(text))
    inst = "湘江理工大学无锡科技创新研究院"
    assert ("湘江理工大学", "BUILDS", inst) in rels
    assert ("江苏省无锡市政府", "BUILDS", inst) in rels
    assert (inst, "LOCATED_IN", "无锡市") in rels or (inst, "LOCATED_IN", "无锡") in rels
    # the place of the founding builds nothing
    assert not any(r[0].startswith("无锡") and r[1] == "BUILDS" for r in rels)


def test_a_sectors_development_centre_is_a_public_agency_that_builds() -> None:
    text = "该产业学院由湘江现代职业技术学院、湘江茶叶产业发展中心、湘江茶叶协会联合组建。"
    text = "湘江茶叶现代产业学院挂牌。" + text
    res = _read(text)
    assert _ents(res).get("湘江茶叶产业发展中心") == "Government"
    assert ("湘江茶叶产业发展中心", "BUILDS", "湘江茶叶现代产业学院") in _rels(res)


def test_autonomous_regions_by_their_short_names_are_places() -> None:
    ents = _ents(_read("联盟覆盖陕西、宁夏、新疆、内蒙古、广西、西藏的高校。"))
    for region in ("宁夏", "新疆", "内蒙古", "广西", "西藏"):
        assert ents.get(region) == "Place", region


def test_a_room_ending_in_ting_is_no_department() -> None:
    res = _read("会议在湘江大学第一教学楼208讲学厅召开。湖南省教育厅副厅长出席。")
    ents = _ents(res)
    assert not any(n.endswith("讲学厅") for n in ents)
    assert ents.get("湖南省教育厅") == "Government"


def test_a_speaker_and_their_verb_open_no_name() -> None:
    ents = _ents(_read("西北高校科技园联盟成立。他希望联盟各成员单位加强合作。"))
    assert "西北高校科技园联盟" in ents
    assert not any(n.startswith(("他", "希望")) for n in ents)


def test_a_department_that_decides_on_a_list_designates_its_items() -> None:
    text = (
        "经专家评审,湖南省教育厅确定了株洲市产教联合体、湘潭高新技术产教联合体等12个联合体"
        "作为湖南省首批市域产教联合体培育项目。"
    )
    rels = _rels(_read(text))
    for item in ("株洲市产教联合体", "湘潭高新技术产教联合体"):
        assert ("湖南省教育厅", "DESIGNATES", item) in rels, item
    # a verb of deciding with no list of names before the role designates nothing
    text = "湖南省教育厅确定了全省产教融合工作的重点任务作为年度考核项目。"
    assert not any(r[1] == "DESIGNATES" for r in _rels(_read(text)))
