"""Industries named as the items of a list closed by its kind (unknown sector names count when
the list says what they are), and places from the official tables (issue 11). Every text here
was written for the project."""

from __future__ import annotations

from typing import Any

from iegraph.ingest.documents import get_extractor
from iegraph.ingest.documents.docread import read_document


def _industries(text: str) -> set[str]:
    res: Any = read_document(get_extractor(), text)
    return {(e.name or e.text) for e in res.entities if e.label == "Industry"}


def test_every_item_of_a_list_closed_by_its_kind_is_an_industry() -> None:
    got = _industries("示范区将重点培育陶瓷卫浴、纺织印染、文化旅游和现代物流等支柱产业。")
    assert {"陶瓷卫浴", "纺织印染", "文化旅游", "现代物流"} <= got


def test_a_counted_kind_and_a_modifier_close_the_list() -> None:
    got = _industries("职业院校要主动对接新兴材料、先进装备、食品轻纺等五大产业集群,培养技能人才。")
    assert {"新兴材料", "先进装备", "食品轻纺"} <= got
    assert not any("对接" in x for x in got)


def test_the_opening_words_are_not_part_of_the_first_item() -> None:
    got = _industries("该市优先考虑养老、家政、托育、健康等社会领域企业参与建设。")
    assert {"养老", "家政", "托育", "健康"} <= got
    assert not any(x.startswith("优先") for x in got)


def test_companies_closing_an_industry_chain_are_not_sectors() -> None:
    got = _industries("联盟汇聚甲乙科技、丙丁智行等产业链领军企业共同发起。")
    assert not got & {"甲乙科技", "丙丁智行"}


def test_a_list_mostly_of_other_things_names_no_industry() -> None:
    got = _industries("双方将在人才培养、师资互聘、课程开发等领域深化合作。")
    assert not got & {"人才培养", "师资互聘", "课程开发"}


def test_english_sectors_listed_after_their_kind() -> None:
    got = _industries(
        "The new college serves industries such as marine engineering, cold-chain logistics "
        "and smart agriculture, the city said."
    )
    assert {"marine engineering", "cold-chain logistics", "smart agriculture"} <= got
    assert not any(" and " in x or x.startswith("the ") for x in got)


def _places(text: str) -> set[str]:
    res: Any = read_document(get_extractor(), text)
    return {e.text for e in res.entities if e.label == "Place"}


def test_a_county_missing_from_jiebas_dictionary_is_a_place() -> None:
    # 茌平区 is in the official list of counties, not in jieba's dictionary
    assert "茌平区" in _places("学院将为茌平区培养更多技能人才。")


def test_a_place_stem_as_a_persons_given_name_is_no_place() -> None:
    assert not _places("副院长于乐山、执行校长赵海林出席仪式。")
    assert "乐山" in _places("学院院长在乐山调研产教融合工作。")
