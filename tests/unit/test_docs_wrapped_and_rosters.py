"""A scraped page wrapped at a fixed width (names broken across the wrap), and a platform's
members said to include a list ("联盟学校包含A与B、C等九所院校，产界企业则包含D、E等七间公司") —
forms of real Traditional-script reports (issue 11). Every text here was written for the project
(invented organisations, real places)."""

from __future__ import annotations

from iegraph.ingest.documents.structure import unwrap_lines
from tests.unit.test_docs_realtext import _ents, _read, _rels

_PARAGRAPHS = (
    (
        "湘江科大工程學院14日舉辦綠色科技研討會,校內外18個單位共發表60篇論文,探討的領域包含綠色節能、"
        "綠色能源、綠色材料六大主題,會中由十所產學界機構共同組成的「湘中儲能技術發展聯盟」舉辦簽約儀式,"
        "成立聯盟的目的在於整合中區儲能的資源,促進校際合作與產學交流。"
    ),
    (
        "聯盟學校包含湘江科大與衡山科大、岳麓科大、韶山技術學院、南嶽技術學院等五所技專校院,產界企業則"
        "包含湘能公司、星沙能源、麓谷科技、洞庭化學等四間公司以及湖湘儲能學會。"
    ),
)


def _wrap(p: str, width: int = 38) -> str:
    return "\n".join(p[i : i + width] for i in range(0, len(p), width))


_WRAPPED = (
    "湘江科大舉辦湘中儲能技術發展聯盟簽約儀式\n\n" + "\n\n".join(map(_wrap, _PARAGRAPHS)) + "\n"
)


def test_a_page_wrapped_at_a_fixed_width_is_joined_inside_sentences_only() -> None:
    text, n = unwrap_lines(_WRAPPED)
    assert n == sum((len(p) - 1) // 38 for p in _PARAGRAPHS)  # every wrap, nothing else
    assert all(p in text for p in _PARAGRAPHS)
    assert text.startswith("湘江科大舉辦湘中儲能技術發展聯盟簽約儀式\n\n")  # the headline stays
    # a page without a fixed width is left as it is
    plain = "标题\n第一段很短。\n第二段也很短。\n"
    assert unwrap_lines(plain) == (plain, 0)


def test_the_bodies_a_platforms_members_include_are_its_members() -> None:
    res = _read(_WRAPPED)
    ents = _ents(res)
    assert "七间公司" not in ents and "四间公司" not in ents  # a count of a kind is no name
    assert not any(n.startswith(("联盟学校", "产界企业")) for n in ents)
    rels = _rels(res)
    alliance = "湘中储能技术发展联盟"
    for member in ("衡山科大", "南岳技术学院", "湘能公司", "洞庭化学", "湖湘储能学会"):
        assert (member, "MEMBER_OF", alliance) in rels, member


def test_a_community_named_after_its_place_and_industry_focuses_on_the_industry() -> None:
    rels = _rels(_read("江西纺织服装行业产教融合共同体在于都成立。"))
    assert ("江西纺织服装行业产教融合共同体", "FOCUSES_ON", "纺织服装") in rels
    assert not any(r[1] == "FOCUSES_ON" and r[2].startswith("江西") for r in rels)
    # a community named after its place alone names no industry
    assert not any(r[1] == "FOCUSES_ON" for r in _rels(_read("深圳产教融合共同体成立。")))


def test_a_cooperative_federation_is_one_body_and_its_merger_word_fires_nothing() -> None:
    res = _read(
        "自治区供销合作联社、自治区教育厅、自治区人力资源和社会保障厅的领导共同参加了启动仪式。"
    )
    assert _ents(res).get("自治区供销合作联社") == "Government"
    assert not any(r[1] == "COOPERATES_WITH" for r in _rels(res))  # attending is no partnership
