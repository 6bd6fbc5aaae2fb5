"""English forms of real news and notices that named no relation word of the ontology (issue 11:
across the five real-document sets the English reports gave 11 of 39 gold relations): a
breadcrumb above the headline, a college "jointly established by" companies and a school,
agreements and opinions named without quotes, a ministry's unit, bodies "selected … by" another,
signers of an agreement or a signing ceremony, the purpose of a signing, "the university" and
"the two companies" standing for names before them, irregular verb forms (built, led). Every
text here was written for the project (invented organisations, real places)."""

from __future__ import annotations

from iegraph.ingest.documents.english import policy_titles
from iegraph.ingest.documents.lexicon import _en_forms
from tests.unit.test_docs_realtext import _ents, _read, _rels

_COLLEGE = "Hunan Auto Industry College"
_BUILDERS = (
    "Xiangjiang Motor Group",
    "Hunan Power Group",
    "Hunan Institute of Mechanical Engineering",
)


def test_a_breadcrumb_is_no_headline_and_a_college_built_by_companies_is_a_platform() -> None:
    text = (
        "Home>News\n\nTwo schools and a carmaker open an auto college\n\n"
        "(example.gov.cn) Updated : 2024-03-02\n\n"
        "The Hunan Auto College, jointly established by the Xiangjiang Motor Group, Hunan Power "
        "Group and Hunan Institute of Mechanical Engineering, opened on May 12."
    )
    res = _read(text)
    assert res.structure.title == "Two schools and a carmaker open an auto college"
    assert _ents(res)["Hunan Auto College"] == "Platform"  # built by two companies and a school
    rels = _rels(res)
    for b in _BUILDERS:
        assert (b, "BUILDS", "Hunan Auto College") in rels
    # a school that a school founded stays a school (no company among the founders)
    res = _read(
        "The Hunan Auto College, established by Hunan Institute of Mechanical Engineering, "
        "opened on May 12."
    )
    assert _ents(res)["Hunan Auto College"] == "Institution"


def test_unquoted_agreements_and_opinions_are_policies_and_their_signers_and_issuers_found() -> (
    None
):
    text = (
        "On May 3, 2024, Changsha Polytechnic signed the Framework Agreement on School-Enterprise "
        "Cooperation and the Framework Agreement on the Construction of the Training Base for "
        "Young Technicians of Hunan, Hubei and Jiangxi with Xiangjiang Technology Park Development "
        "Co., Ltd. and the Hunan Skills Council at the Service Center of Yuelu. Last year, the "
        "Ministry of Education and the People's Government of Hunan Province issued the "
        "Implementation Opinions on Promoting the Development of Changsha Vocational Education. "
        "It sets out six tasks."
    )
    res = _read(text)
    ents = _ents(res)
    first = "Framework Agreement on School-Enterprise Cooperation"
    second = (
        "Framework Agreement on the Construction of the Training Base for Young Technicians of "
        "Hunan, Hubei and Jiangxi"
    )
    opinions = (
        "Implementation Opinions on Promoting the Development of Changsha Vocational Education"
    )
    assert ents[first] == ents[second] == ents[opinions] == "Policy"
    rels = _rels(res)
    assert (
        "Changsha Polytechnic",
        "COOPERATES_WITH",
        "Xiangjiang Technology Park Development Co., Ltd.",
    ) in rels
    assert ("Changsha Polytechnic", "COOPERATES_WITH", "Hunan Skills Council") in rels
    assert (opinions, "ISSUED_BY", "Ministry of Education") in rels
    assert (opinions, "ISSUED_BY", "People's Government of Hunan Province") in rels


def test_policy_titles_end_before_the_partner_and_split_a_list_of_titles() -> None:
    s = "They signed the Agreement on Joint Training and the Plan for Rural Schools with Hunan Power Group."
    assert [t for _a, _b, t in policy_titles(s)] == [
        "Agreement on Joint Training",
        "Plan for Rural Schools",
    ]
    assert policy_titles("He has a plan for the school.") == []  # no kind word capitalised


def test_bodies_selected_by_a_ministrys_unit_are_designated_by_it_not_the_place() -> None:
    text = (
        "Two colleges in Zhuzhou, Zhuzhou Railway Polytechnic and Zhuzhou Institute of Technology, "
        "have been selected as pilot institutions for industry-education integration by the "
        "Ministry of Industry and Information Technology Talent Exchange Centre."
    )
    res = _read(text)
    centre = "Ministry of Industry and Information Technology Talent Exchange Centre"
    assert _ents(res)[centre] == "Government"
    rels = _rels(res)
    assert (centre, "DESIGNATES", "Zhuzhou Railway Polytechnic") in rels
    assert (centre, "DESIGNATES", "Zhuzhou Institute of Technology") in rels
    assert not any(r[1] == "DESIGNATES" and r[2] == "Zhuzhou" for r in rels)


def test_signers_are_partners_and_build_what_the_signing_is_for() -> None:
    res = _read(
        "Yueyang Vocational College signed an agreement with Dongting-Koester for construction of "
        "the Yueyang Intelligent Manufacturing Public Service Platform."
    )
    assert _ents(res)["Dongting-Koester"] == "Enterprise"
    platform = "Yueyang Intelligent Manufacturing Public Service Platform"
    assert _ents(res)[platform] == "Platform"
    rels = _rels(res)
    assert ("Yueyang Vocational College", "BUILDS", platform) in rels
    assert ("Dongting-Koester", "BUILDS", platform) in rels
    res = _read(
        "Hengyang Vocational and Technical College and Hunan Lianxing Group Co., Ltd. successfully "
        "held a school-enterprise cooperation signing ceremony at the Lianxing Building."
    )
    pair = ("Hengyang Vocational and Technical College", "Hunan Lianxing Group Co., Ltd.")
    assert (pair[0], "COOPERATES_WITH", pair[1]) in _rels(res) or (
        pair[1],
        "COOPERATES_WITH",
        pair[0],
    ) in _rels(res)
    # attending is not signing: a list before another verb pairs nobody
    res = _read(
        "Hengyang Vocational and Technical College and Hunan Lianxing Group Co., Ltd. attended "
        "the forum at the Lianxing Building."
    )
    assert not any(r[1] == "COOPERATES_WITH" for r in _rels(res))


def test_the_university_stands_for_the_university_named_before() -> None:
    res = _read(
        "Xiangtan University of Technology trains teachers for vocational schools. The university "
        "has built the Xiangtan Smart Manufacturing Training Platform."
    )
    rels = _rels(res)
    assert (
        "Xiangtan University of Technology",
        "BUILDS",
        "Xiangtan Smart Manufacturing Training Platform",
    ) in rels
    assert "The university" not in _ents(res)  # the referring words are no entity


def test_english_relation_verbs_have_their_irregular_and_y_forms() -> None:
    assert "built" in _en_forms("builds") and "builded" not in _en_forms("builds")
    assert "led" in _en_forms("leads")
    assert {"certify", "certified"} <= set(_en_forms("certifies"))
    assert "focus on" in _en_forms("focuses on") and "focuse on" not in _en_forms("focuses on")
