"""English reports that name a school only by its acronym ("a framework agreement between HNUT
and …", "Vice President of HNUT") and list partners of the body a paragraph is about ("A, B and C
are among its first batch of cooperation partners") — forms of real English campus news (issue
11). Every text here was written for the project (invented schools)."""

from __future__ import annotations

from tests.unit.test_docs_realtext import _ents, _read, _rels

_TEXT = (
    "At a forum hosted by Hengshan Valley University on May 10th, a partnership framework "
    "agreement between HNUT and Hengshan Valley University was signed. Li Ming, Dean of HNUT "
    "School of Continuing Education, signed for HNUT, and Wang Hua, Vice President of HNUT, "
    "witnessed the signing ceremony.\n"
    "Hengshan Valley University, the first platform university in the high-tech zone, was "
    "established on May 9. HNUT, Tsinghua University, and Xiamen University are among its first "
    "batch of cooperation partners.\n"
)


def _pairs(text: str) -> set[frozenset[str]]:
    return {frozenset((h, t)) for h, ty, t in _rels(_read(text)) if ty == "COOPERATES_WITH"}


def test_a_school_named_only_by_its_acronym_is_a_school_and_signs() -> None:
    res = _read(_TEXT)
    assert _ents(res).get("HNUT") == "Institution"
    assert frozenset(("HNUT", "Hengshan Valley University")) in _pairs(_TEXT)


def test_bodies_among_its_partners_partner_the_body_the_paragraph_is_about() -> None:
    pairs = _pairs(_TEXT)
    for school in ("Tsinghua University", "Xiamen University"):
        assert frozenset((school, "Hengshan Valley University")) in pairs, school
    assert not any("School of Continuing Education" in " ".join(p) for p in pairs)


def test_a_capitalised_word_used_once_or_a_common_acronym_is_no_school() -> None:
    text = (
        "The two universities signed an MOU. The MOU covers AI training. "
        "Students of Hengshan Valley University joined the ICT course of XYZW."
    )
    ents = _ents(_read(text))
    assert "MOU" not in ents and "AI" not in ents and "XYZW" not in ents


_AMONG = (
    "Innovative Platform for Industry and Education\n\n"
    "Author:Chen Jie Translator:Liu Fang Source:School of Management Reviewer:Zhou Lin "
    "View: Updated:2021.09.26 Font Size:T T T\n\n"
    "On 24th September, the signing ceremony of strategic cooperation among HVSM, Research "
    "Center of Public Budget Evaluation, Hengshan Valley University and two enterprises, "
    "Shanghai Mingde Management Consulting Co., Ltd and Gansu Ruitai Technology Consultation "
    "Co., Ltd was held in Hengshan Valley University. HVSM dean Zhao Lei and nearly 30 "
    "graduate students attended the meeting. HVSM dean Zhao Lei chaired it.\n"
)


def test_cooperation_among_parties_pairs_each_and_a_centre_keeps_its_home_apart() -> None:
    res = _read(_AMONG)
    ents = _ents(res)
    assert ents.get("Shanghai Mingde Management Consulting Co., Ltd") == "Enterprise"
    assert ents.get("HVSM") == "Institution"
    assert not any(n.startswith("Author") for n in ents)  # the byline line is chrome
    pairs = _pairs(_AMONG)
    parties = (
        "HVSM",
        "Research Center of Public Budget Evaluation",
        "Shanghai Mingde Management Consulting Co., Ltd",
        "Gansu Ruitai Technology Consultation Co., Ltd",
    )
    for i, a in enumerate(parties):
        for b in parties[i + 1 :]:
            assert frozenset((a, b)) in pairs, (a, b)
    # the school after the centre is its home, and the venue: no party
    assert not any("Hengshan Valley University" in p for p in pairs)
