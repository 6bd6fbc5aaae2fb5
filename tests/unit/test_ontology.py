"""The ontology compiles into the schema every layer reads, and the validator catches broken
ontologies with their location."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from iegraph.ontology.compiler import compile_ontology
from iegraph.ontology.errors import OntologyError
from iegraph.ontology.lang import lang_of, tagged_forms
from iegraph.ontology.model import LANGS, TOP_LEVEL
from iegraph.ontology.schema import ONTOLOGY_FILE, SHAPES_FILE, load_schema
from iegraph.ontology.validate import validate_ontology

GUIDELINE_RELATIONS = (
    "COOPERATES_WITH",
    "BUILDS",
    "LEADS",
    "MEMBER_OF",
    "LOCATED_IN",
    "FOCUSES_ON",
    "ISSUED_BY",
    "DESIGNATES",
    "SUPPORTS",
    "CITES",
)


@pytest.fixture(autouse=True)
def _private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # each test compiles against its own cache so a stale pickle can never hide a change
    monkeypatch.setenv("IEGRAPH_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def onto_copy(tmp_path: Path) -> Path:
    d = tmp_path / "onto"
    d.mkdir()
    shutil.copy(ONTOLOGY_FILE, d / "iegraph.ttl")
    shutil.copy(SHAPES_FILE, d / "shapes.ttl")
    return d / "iegraph.ttl"


def _errors(problems):  # type: ignore[no-untyped-def]
    return [p for p in problems if p.severity == "error"]


# -- the packaged ontology --------------------------------------------------------------------
def test_packaged_ontology_is_valid() -> None:
    assert _errors(validate_ontology()) == []


def test_compiles_with_the_seven_top_level_classes() -> None:
    s = compile_ontology(ONTOLOGY_FILE, use_cache=False)
    for top in TOP_LEVEL:
        c = s.classes[top]
        assert c.parent is None and c.top == top
    for name in ("Source", "StrategyPoint", "DocumentSection", "Concept"):
        assert s.classes[name].top == name
    assert s.version == "0.1.0"
    assert len(s.source_hash) == 64
    # every class falls under a top-level class or is a non-entity root
    for c in s.classes.values():
        assert s.ancestors(c.name)[-1] == c.top


def test_every_class_relation_and_concept_has_three_labels() -> None:
    s = load_schema()
    for term in [*s.classes.values(), *s.relations.values(), *s.concepts.values()]:
        assert set(term.labels) == set(LANGS), term
        assert all(term.labels[lang] for lang in LANGS)


def test_relation_names_and_symmetry() -> None:
    s = load_schema()
    for name in (*GUIDELINE_RELATIONS, "PART_OF", "RENAMED_TO", "MENTIONS", "HAS_PART", "BROADER"):
        assert name in s.relations
        assert s.relations[name].domain and s.relations[name].range
    assert [r.name for r in s.relations.values() if r.symmetric] == ["COOPERATES_WITH"]
    assert s.R.COOPERATES_WITH == "COOPERATES_WITH"
    with pytest.raises(AttributeError):
        _ = s.R.COOPERATE_WITH  # typo-safe access


@pytest.mark.parametrize(
    ("rel", "src", "dst", "ok"),
    [
        ("BUILDS", "Company", "IndustrialCollege", True),
        ("BUILDS", "MunicipalConsortium", "TrainingBase", True),  # a platform builds a platform
        ("BUILDS", "IndustrialCollege", "City", False),
        ("LEADS", "VocationalUniversity", "MunicipalConsortium", True),
        ("COOPERATES_WITH", "University", "EnterpriseGroup", True),
        ("COOPERATES_WITH", "EnterpriseGroup", "University", True),
        ("COOPERATES_WITH", "University", "Industry", False),
        ("ISSUED_BY", "NationalPolicy", "Ministry", True),
        ("ISSUED_BY", "Ministry", "NationalPolicy", False),  # not symmetric
        ("DESIGNATES", "Ministry", "City", True),
        ("SUPPORTS", "ProvincialPolicy", "Industry", True),
        ("SUPPORTS", "Company", "Industry", False),
        ("FOCUSES_ON", "IndustrialCollege", "Industry", True),
        ("LOCATED_IN", "IndustrialPark", "District", True),
        ("CITES", "MunicipalPolicy", "NationalPolicy", True),
        ("PART_OF", "District", "City", True),
        ("MENTIONS", "StrategyPoint", "Concept", True),
        ("HAS_PART", "DocumentSection", "StrategyPoint", True),
        ("BROADER", "Industry", "Industry", True),
        ("NO_SUCH_TYPE", "University", "University", False),
    ],
)
def test_allows_checks_domain_and_range(rel: str, src: str, dst: str, ok: bool) -> None:
    assert load_schema().allows(rel, src, dst) is ok


@pytest.mark.parametrize(
    ("label", "cls"),
    [
        ("高职院校", "VocationalCollege"),
        ("高職院校", "VocationalCollege"),
        ("高职", "VocationalCollege"),
        ("高等职业院校", "VocationalCollege"),
        ("Vocational college", "VocationalCollege"),
        ("polytechnic", "VocationalCollege"),
        ("产业园", "IndustrialPark"),
        ("開發區", "IndustrialPark"),
        ("高新区", "IndustrialPark"),
        ("产业学院", "IndustrialCollege"),
        ("市域产教联合体", "MunicipalConsortium"),
        ("管委会", "ParkCommittee"),
        ("行业协会", "IndustryAssociation"),
        ("订单班", "OrderClass"),
        ("Province", "Province"),
        ("省", "Province"),
        ("VocationalUniversity", "VocationalUniversity"),
        ("战略要点", "StrategyPoint"),
    ],
)
def test_resolve_class_in_every_language(label: str, cls: str) -> None:
    assert load_schema().resolve_class(label) == cls


def test_extraction_vocabulary_is_in_the_ontology() -> None:
    s = load_schema()
    assert "职业技术学院" in s.classes["VocationalCollege"].name_suffixes
    assert "有限公司" in s.classes["Enterprise"].name_suffixes
    assert "管委会" in s.classes["ParkCommittee"].name_suffixes
    # suffixes come longest first so pattern builders prefer 职业技术学院 to 学院
    for c in s.classes.values():
        assert [len(x) for x in c.name_suffixes] == sorted(
            (len(x) for x in c.name_suffixes), reverse=True
        )
    want = {
        "COOPERATES_WITH": "签约",
        "BUILDS": "共建",
        "LEADS": "牵头",
        "MEMBER_OF": "成员单位",
        "LOCATED_IN": "位于",
        "FOCUSES_ON": "聚焦",
        "ISSUED_BY": "印发",
        "DESIGNATES": "公示拟认定",
        "SUPPORTS": "扶持",
        "CITES": "依据",
    }
    for rel, word in want.items():
        assert word in s.relations[rel].triggers
    assert s.classes["Institution"].color != s.classes["Enterprise"].color
    assert s.classes["VocationalCollege"].color == s.classes["Institution"].color  # inherited


def test_properties_compiled_from_ontology_and_shapes() -> None:
    s = load_schema()
    sp = {p.name: p for p in s.classes["StrategyPoint"].properties}
    assert sp["kind"].required and set(sp["kind"].allowed) == {
        "rationale",
        "element",
        "goal",
        "mechanism",
        "measure",
        "challenge",
        "benefit",
        "trend",
    }
    assert sp["text"].required and not sp["text"].many
    pol = {p.name: p for p in s.classes["NationalPolicy"].properties}  # inherited from Policy
    assert pol["issued_date"].datatype == "date"
    assert pol["level"].allowed == ("national", "provincial", "municipal")
    assert pol["key"].required and pol["aliases"].many
    src = {p.name: p for p in s.classes["Source"].properties}
    assert src["content_hash"].required and set(src["kind"].allowed) == {
        "records",
        "document",
        "ontology",
        "reference",
    }
    inst = {p.name: p for p in s.classes["VocationalUniversity"].properties}
    assert inst["moe_code"].pattern == "^[0-9]{10}$" and not inst["moe_code"].many
    assert set(inst["level"].allowed) == {"本科", "专科", "成人"}
    assert {p.name: p for p in s.classes["County"].properties}["adcode"].pattern
    assert s.classes["University"].code_property == "moe_code"
    assert s.classes["District"].code_property == "adcode"
    assert {p.name for p in s.classes["Platform"].properties} >= {"level", "year", "batch"}
    assert {p.name: p for p in s.classes["Platform"].properties}["year"].datatype == "integer"


def test_industry_taxonomy() -> None:
    s = load_schema()
    inds = {c.id: c for c in s.concepts_in("IndustryScheme")}
    sections = [c for c in inds.values() if c.id.startswith("ind_gb_")]
    assert len(sections) == 20
    assert {c.labels["zh-Hans"] for c in sections} >= {"制造业", "教育", "金融业"}
    by_name = {c.labels["zh-Hans"]: c for c in inds.values()}
    for name in (
        "新一代信息技术",
        "高端装备制造",
        "新材料",
        "生物",
        "新能源汽车",
        "新能源",
        "节能环保",
        "数字创意",
    ):
        assert by_name[name].broader == "ind_sei"
    assert by_name["人工智能"].broader == "ind_sei_next_gen_it"
    assert by_name["集成电路设计"].broader == by_name["集成电路"].id
    assert by_name["医学检验"].id in s.narrower("ind_sei_bio")
    # every industry reaches a top concept through skos:broader
    for c in inds.values():
        seen = 0
        cur = c
        while cur.broader is not None and seen < 10:
            cur = inds[cur.broader]
            seen += 1
        assert cur.broader is None


def test_strategy_concept_schemes_have_traditional_labels() -> None:
    s = load_schema()
    schemes = {c.scheme for c in s.concepts.values()}
    assert schemes == {
        "IndustryScheme",
        "ActorTypeScheme",
        "PlatformTypeScheme",
        "PolicyInstrumentScheme",
        "TrainingModelScheme",
    }
    by_name = {c.labels["zh-Hans"]: c for c in s.concepts.values()}
    assert by_name["税收优惠"].labels["zh-Hant"] == "稅收優惠"
    assert by_name["订单式培养"].labels["zh-Hant"] == "訂單式培養"
    assert "雙元制" in by_name["双元制"].labels.values()
    assert "行業組織" in s.concepts["actor_industry_org"].labels.values()


def test_industry_data_values_resolve_to_concepts(shared_dir: Path) -> None:
    """Every industry named in the seed facts is a concept label (split on / and ;)."""
    import csv

    s = load_schema()
    labels = set()
    for c in s.concepts_in("IndustryScheme"):
        labels.update(c.labels.values())
        for alts in c.alt_labels.values():
            labels.update(alts)
    missing = set()
    for f in (shared_dir / "data" / "facts").glob("*.csv"):
        with f.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                for col in ("industry", "industry_field"):
                    for part in re.split(r"[/;；]", row.get(col) or ""):
                        part = part.strip()
                        if part and part not in labels:
                            missing.add(part)
    assert not missing


# -- extensibility: the Turtle file is the only place to change ------------------------------
NEW_CLASS = """
ie:SkillsCentre a owl:Class ;
    rdfs:subClassOf ie:TrainingBase ;
    skos:prefLabel "技能中心"@zh-Hans, "技能中心"@zh-Hant, "Skills centre"@en ;
    skos:altLabel "技能培训中心"@zh-Hans ;
    skos:definition "A test class."@en ;
    ie:nameSuffix "技能中心" .
"""


def test_class_added_to_the_turtle_appears_with_no_code_change(onto_copy: Path) -> None:
    onto_copy.write_text(onto_copy.read_text(encoding="utf-8") + NEW_CLASS, encoding="utf-8")
    assert _errors(validate_ontology(onto_copy)) == []
    s = compile_ontology(onto_copy)
    c = s.classes["SkillsCentre"]
    assert c.parent == "TrainingBase" and c.top == "Platform"
    assert s.resolve_class("技能培训中心") == "SkillsCentre"
    assert s.labels_for_store("SkillsCentre") == [
        "Entity",
        "Platform",
        "TrainingBase",
        "SkillsCentre",
    ]
    assert s.allows("BUILDS", "University", "SkillsCentre")
    assert c.name_suffixes == ("技能中心",)
    assert c.color == s.classes["Platform"].color
    assert {p.name for p in c.properties} >= {"key", "name", "level"}
    assert any(cl["name"] == "SkillsCentre" for cl in s.to_json()["classes"])


def test_cache_follows_the_file_content(onto_copy: Path) -> None:
    first = compile_ontology(onto_copy)
    again = compile_ontology(onto_copy)  # from the cache
    assert again.classes == first.classes and again.source_hash == first.source_hash
    onto_copy.write_text(onto_copy.read_text(encoding="utf-8") + NEW_CLASS, encoding="utf-8")
    changed = compile_ontology(onto_copy)
    assert "SkillsCentre" in changed.classes and changed.source_hash != first.source_hash


# -- broken ontologies: located problems, and the compiler refuses them ------------------------
def test_syntax_error_reports_file_and_line(onto_copy: Path) -> None:
    lines = onto_copy.read_text(encoding="utf-8").splitlines()
    at = next(i for i, ln in enumerate(lines) if ln.startswith("ie:VocationalCollege a owl:Class"))
    lines[at + 1] = lines[at + 1].replace("rdfs:subClassOf", 'rdfs:subClassOf "unclosed')
    onto_copy.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = validate_ontology(onto_copy)
    assert len(problems) == 1
    p = problems[0]
    assert p.file == str(onto_copy) and p.line == at + 2
    assert "syntax" in p.message.lower() and p.fix
    with pytest.raises(OntologyError) as ei:
        compile_ontology(onto_copy)
    assert f"{onto_copy}:{at + 2}" in ei.value.message and ei.value.hint


def test_unknown_class_in_a_shape_is_located(onto_copy: Path) -> None:
    shapes = onto_copy.parent / "shapes.ttl"
    text = shapes.read_text(encoding="utf-8").replace(
        "sh:targetClass ie:Policy ;", "sh:targetClass ie:Polcy ;"
    )
    shapes.write_text(text, encoding="utf-8")
    errs = _errors(validate_ontology(onto_copy))
    assert len(errs) == 1
    e = errs[0]
    assert e.file == str(shapes) and "Polcy" in e.message and e.term == "PolicyShape"
    assert e.line == text.splitlines().index("ie:PolicyShape a sh:NodeShape ;") + 1
    with pytest.raises(OntologyError):
        compile_ontology(onto_copy)


def test_relation_without_domain_is_an_error(onto_copy: Path) -> None:
    text = onto_copy.read_text(encoding="utf-8")
    text = re.sub(r"(ie:CITES a owl:ObjectProperty ;\n)\s*rdfs:domain ie:Policy ;\n", r"\1", text)
    onto_copy.write_text(text, encoding="utf-8")
    errs = _errors(validate_ontology(onto_copy))
    assert any(e.term == "CITES" and "no rdfs:domain" in e.message and e.line for e in errs)


def test_dangling_references_and_missing_labels(onto_copy: Path) -> None:
    onto_copy.write_text(
        onto_copy.read_text(encoding="utf-8")
        + """
ie:Orphan a owl:Class ;
    rdfs:subClassOf ie:Nowhere ;
    skos:prefLabel "孤儿"@zh-Hans, "Orphan"@en .
ie:ind_orphan a skos:Concept, ie:Industry ; skos:inScheme ie:IndustryScheme ;
    skos:broader ie:ind_missing ;
    skos:prefLabel "孤"@zh-Hans, "孤"@zh-Hant, "orphan"@en .
""",
        encoding="utf-8",
    )
    errs = _errors(validate_ontology(onto_copy))
    msgs = {(e.term, e.message) for e in errs}
    assert ("Orphan", "rdfs:subClassOf names an undefined class 'Nowhere'") in msgs
    assert ("Orphan", "class has no skos:prefLabel in zh-Hant") in msgs
    assert ("ind_orphan", "skos:broader names an undefined concept 'ind_missing'") in msgs
    assert all(e.line for e in errs if e.term in ("Orphan", "ind_orphan"))


def test_shape_datatype_must_match_the_property_range(onto_copy: Path) -> None:
    shapes = onto_copy.parent / "shapes.ttl"
    text = shapes.read_text(encoding="utf-8")
    text = text.replace(
        "sh:path ie:year ; sh:datatype xsd:integer", "sh:path ie:year ; sh:datatype xsd:string"
    )
    shapes.write_text(text, encoding="utf-8")
    errs = _errors(validate_ontology(onto_copy))
    assert len(errs) == 1 and "year" in errs[0].message and errs[0].term == "PlatformShape"


def test_missing_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    problems = validate_ontology(tmp_path / "nope.ttl")
    assert problems and "does not exist" in problems[0].message


# -- language tags -----------------------------------------------------------------------------
def test_language_tags_of_names() -> None:
    assert lang_of("深圳职业技术大学") == "zh-Hans"
    assert lang_of("深圳職業技術大學") == "zh-Hant"
    assert lang_of("Huawei") == "en"
    assert tagged_forms("华为") == [("华为", "zh-Hans"), ("華爲", "zh-Hant")]
    assert tagged_forms("合肥") == [("合肥", "zh-Hans")]  # same in both scripts
