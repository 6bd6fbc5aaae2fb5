"""The reference tables as parsed (no store): counts, classes, places, short forms, keys,
supervising bodies, the gazetteer, the resolver's refusal to guess, and bad input."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from iegraph.ingest.reference import (
    ambiguous_names,
    gazetteer,
    lexicon_entries,
    lookup,
    reference_tables,
)
from iegraph.ingest.reference.tables import DATA_DIR, PLACE_FILES, short_forms
from iegraph.ingest.resolve import Resolver
from iegraph.ontology.errors import IngestError


@pytest.fixture(scope="module")
def tables():  # type: ignore[no-untyped-def]
    return reference_tables()


def test_institution_counts_match_the_moe_totals(tables) -> None:  # type: ignore[no-untyped-def]
    assert len(tables.institutions) == 3167
    assert len({i.moe_code for i in tables.institutions}) == 3167
    assert Counter(i.level for i in tables.institutions) == {
        "本科": 1365,
        "专科": 1554,
        "成人": 248,
    }
    classes = Counter(i.cls for i in tables.institutions)
    assert classes["AdultCollege"] == 248 and classes["VocationalCollege"] == 1554
    assert classes["University"] + classes["VocationalUniversity"] == 1365


def test_places_leave_out_placeholders(tables) -> None:  # type: ignore[no-untyped-def]
    levels = Counter(p.level for p in tables.places)
    assert levels["province"] == 31
    assert levels["prefecture"] == 333  # 342 rows minus the nine NBS placeholders
    assert levels["county"] == 2978 - 4  # 东莞市 / 中山市 / 儋州市 / 嘉峪关市 not twice
    names = {p.name for p in tables.places}
    assert not names & {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
    # counties of a placeholder prefecture are part of the province
    assert tables.place("110105").parent == "110000"
    assert tables.place("419001").parent == "410000"  # 济源市
    assert tables.place("370102").parent == "370100"
    assert {p.code for p in tables.places if p.name == "东莞市"} == {"441900"}


def test_short_forms_and_their_conflicts(tables) -> None:  # type: ignore[no-untyped-def]
    assert short_forms("广西壮族自治区") == ["广西"]
    assert short_forms("延边朝鲜族自治州") == ["延边", "延边州"]
    assert short_forms("黔西南布依族苗族自治州") == ["黔西南", "黔西南州"]
    assert short_forms("博尔塔拉蒙古自治州") == ["博尔塔拉", "博尔塔拉州"]
    assert short_forms("济南市") == ["济南"]
    assert tables.place("3701").aliases == ("济南",)
    assert "广西" in tables.place("45").aliases
    # a province and a prefecture share the stem: the province has it, the report says so
    assert "吉林" in tables.place("22").aliases
    assert "吉林" not in tables.place("2202").aliases
    assert tables.ambiguous["海南"] == ["460000", "632500"]
    # county stems are not short forms (公安县 is not 公安)
    assert all(
        not p.aliases or p.name in p.aliases[0] for p in tables.places if p.level == "county"
    )


def test_shared_names_get_qualified_keys(tables) -> None:  # type: ignore[no-untyped-def]
    bj, cc = tables.place("110105"), tables.place("220104")
    assert bj.name == cc.name == "朝阳区"
    assert (bj.key, cc.key) == ("place:北京市朝阳区", "place:长春市朝阳区")
    assert "北京市朝阳区" in bj.aliases
    assert len({p.key for p in tables.places}) == len(tables.places)
    assert tables.place("440300").key == "place:深圳市"


def test_institutions_classes_places_and_bodies(tables) -> None:  # type: ignore[no-untyped-def]
    szpu = tables.institution("4144011113")
    assert (szpu.name, szpu.cls, szpu.place) == (
        "深圳职业技术大学",
        "VocationalUniversity",
        "440300",
    )
    assert [b.name for b in szpu.bodies] == ["广东省人民政府"]
    assert ("深圳职业技术学院", "2023") in szpu.former
    assert tables.institution("4111010001").bodies[0].cls == "Ministry"  # 北京大学 → 教育部
    by_name = {i.name: i for i in tables.institutions}
    assert by_name["天津职业技术师范大学"].cls == "University"
    assert tables.place(by_name["河北工业大学"].place).name == "天津市"  # listed under 河北省
    assert tables.place(by_name["昆山杜克大学"].place).name == "昆山市"
    adult = next(i for i in tables.institutions if i.level == "成人")
    assert tables.place(adult.place).level == "province"
    two = [i for i in tables.institutions if len(i.bodies) == 2]
    assert [b.name for b in two[0].bodies] == ["上海市人民政府", "中国科学院"]
    cq = next(i for i in tables.institutions if i.authority == "重庆市教委")
    assert cq.bodies[0].name == "重庆市教育委员会" and "重庆市教委" in cq.bodies[0].aliases
    assert all(i.bodies for i in tables.institutions)


def test_gazetteer_resolves_names_codes_scripts_and_former_names() -> None:
    assert gazetteer() is gazetteer()  # cached
    assert [e.key for e in lookup("济南")] == ["place:济南市"]
    assert [e.name for e in lookup("廣西")] == ["广西壮族自治区"]
    assert [e.name for e in lookup("4144011113")] == ["深圳职业技术大学"]
    assert [e.name for e in lookup("深圳職業技術學院")] == ["深圳职业技术大学"]
    assert [e.name for e in lookup("37")] == ["山东省"]
    e = lookup("4144011113")[0]
    assert (e.province, e.city) == ("广东省", "深圳市")
    assert lookup("北京市朝阳区")[0].city == "北京市"
    assert sorted(e.key for e in lookup("朝阳区")) == ["place:北京市朝阳区", "place:长春市朝阳区"]
    assert ambiguous_names()["朝阳区"] == ["place:北京市朝阳区", "place:长春市朝阳区"]
    assert lookup("没有这个地方") == []
    entries = {e[2]: e for e in lexicon_entries()}
    assert entries["place:北京市朝阳区"] == ("北京市朝阳区", "District", "place:北京市朝阳区", ())
    assert entries["place:济南市"] == ("济南市", "City", "place:济南市", ("济南",))
    assert not [e for e in lexicon_entries() if e[0] == "朝阳区" or "朝阳区" in e[3]]


def test_resolver_never_guesses_a_shared_name() -> None:
    r = Resolver()
    r.add("place:北京市朝阳区", "District", "Place", ["朝阳区", "北京市朝阳区"])
    r.add("place:长春市朝阳区", "District", "Place", ["朝阳区", "长春市朝阳区"])
    assert r.lookup("朝阳区", "Place") is None
    assert r.ambiguous("朝阳区", "Place") == ["place:北京市朝阳区", "place:长春市朝阳区"]
    assert r.lookup("长春市朝阳区", "Place") == "place:长春市朝阳区"
    r.forget("place:长春市朝阳区")
    assert r.lookup("朝阳区", "Place") == "place:北京市朝阳区"
    assert r.ambiguous("朝阳区", "Place") == []


def _tables_dir(tmp_path: Path) -> Path:
    d = tmp_path / "places"
    d.mkdir()
    for f in PLACE_FILES:
        (d / f).write_bytes((DATA_DIR / f).read_bytes())
    return d


def test_bad_codes_are_refused_with_file_row_and_field(tmp_path: Path) -> None:
    inst = tmp_path / "list.csv"
    inst.write_text(
        "moe_code,name,province,city,level,institution_type,authority,ownership,remark\n"
        "41440111,深圳职业技术大学,广东省,深圳市,本科,普通高等学校,广东省,公办,\n",
        encoding="utf-8",
    )
    with pytest.raises(IngestError) as e:
        reference_tables(inst)
    assert "row 2" in e.value.message and "moe_code" in e.value.message
    assert e.value.details["field"] == "moe_code"
    inst.write_text(
        "moe_code,name,province,city,level,institution_type,authority,ownership,remark\n"
        "4144011113,深圳职业技术大学,广东省,火星市,本科,普通高等学校,广东省,公办,\n",
        encoding="utf-8",
    )
    with pytest.raises(IngestError) as e:
        reference_tables(inst)
    assert "火星市" in e.value.message and e.value.hint
    pdir = _tables_dir(tmp_path)
    (pdir / "admin_provinces.csv").write_text("code,name\n1,北京市\n", encoding="utf-8")
    with pytest.raises(IngestError) as e:
        reference_tables(None, pdir)
    assert "admin_provinces.csv row 2" in e.value.message
