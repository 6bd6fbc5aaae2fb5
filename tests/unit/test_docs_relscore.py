"""The learned second opinion on document relations (``--relations learned``,
``ingest/documents/relscore.py``): the committed model loads (and a bad model file is refused
with its field named), features come from a short text written for this test, the threshold
decides what is kept, ``prepare_document`` applies the model only when asked, training fits
toy data. No store is needed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from iegraph.api.cli import app
from iegraph.ingest.documents.docread import read_document
from iegraph.ingest.documents.ingest import prepare_document
from iegraph.ingest.documents.loaders import LoadedDocument
from iegraph.ingest.documents.pipeline import (
    EntitySpan,
    ExtractionResult,
    Extractor,
    RelationSpan,
)
from iegraph.ingest.documents.relscore import (
    FEATURE_VERSION,
    MODEL_PATH,
    RelScorer,
    pair_candidates,
    relation_features,
    train,
)
from iegraph.ontology.errors import IngestError
from iegraph.ontology.schema import load_schema

# written for this test: two founders lead a consortium, which focuses on an industry and
# signs with a third company
TEXT = (
    "滨江职业技术学院与星河电子有限公司共同牵头组建滨江市域产教联合体。\n"
    "该联合体聚焦集成电路产业，并与云帆软件有限公司签订战略合作协议。\n"
)


@pytest.fixture(scope="module")
def schema() -> Any:
    return load_schema()


@pytest.fixture(scope="module")
def rules(schema: Any) -> Extractor:
    return Extractor(schema, relations="rules")


def _triples(res: Any) -> set[tuple[str, str, str]]:
    e = res.entities
    return {(e[r.head].text, r.type, e[r.tail].text) for r in res.relations}


def test_the_committed_model_loads() -> None:
    m = RelScorer.load()
    assert m.weights and 0.0 < m.threshold < 1.0
    raw = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert raw["version"] == FEATURE_VERSION
    # weights of feature names only: no name of a text's words beyond our own lexicons
    assert all("=" in k or k.replace("_", "").isalpha() for k in m.weights)


@pytest.mark.parametrize(
    ("content", "field"),
    [
        ("{", "not JSON"),
        ('{"version": 0, "weights": {}, "bias": 0, "threshold": 0.5}', "'version'"),
        (
            f'{{"version": {FEATURE_VERSION}, "weights": {{"a": "x"}}, "bias": 0, "threshold": 0}}',
            "'weights'",
        ),
        (f'{{"version": {FEATURE_VERSION}, "weights": {{}}, "threshold": 0.5}}', "'bias'"),
    ],
)
def test_a_bad_model_file_is_refused_naming_the_field(
    tmp_path: Path, content: str, field: str
) -> None:
    p = tmp_path / "model.json"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(IngestError) as exc:
        RelScorer.load(p)
    assert str(p) in str(exc.value) and field in str(exc.value)
    with pytest.raises(IngestError, match="no relation model"):
        RelScorer.load(tmp_path / "missing.json")


def test_features_of_a_short_text(rules: Extractor, schema: Any) -> None:
    res = read_document(rules, TEXT)
    feats = relation_features(res, schema)
    assert len(feats) == len(res.relations) >= 3
    by = {
        (res.entities[r.head].text, r.type, res.entities[r.tail].text): f
        for r, f in zip(res.relations, feats, strict=True)
    }
    lead = by[("滨江职业技术学院", "LEADS", "滨江市域产教联合体")]
    assert lead["type=LEADS"] == 1.0 and lead["pair=Institution>Platform"] == 1.0
    assert lead["rule=trigger"] == 1.0 and lead["conf"] == pytest.approx(0.9)
    assert lead["same_sentence"] == 1.0 and lead["position"] == 0.0
    assert lead["own_trigger_between"] == 1.0  # 牵头 between the school and the consortium
    assert lead["names_between"] > 0  # the company
    assert lead["genre=news"] == 1.0 and lead["script=zh-Hans"] == 1.0
    # the consortium is named in the first sentence, referred to (该联合体) in the second
    focus = by[("滨江市域产教联合体", "FOCUSES_ON", "集成电路")]
    assert focus["mod=referent"] == 1.0 and focus["same_sentence"] == 0.0
    assert focus["position"] == pytest.approx(0.5) and focus["sent_sign"] == 1.0
    # no feature carries a word of the text
    assert not any("滨江" in k or "星河" in k for f in feats for k in f)


def test_the_threshold_decides_what_is_kept(rules: Extractor, schema: Any) -> None:
    res = read_document(rules, TEXT)
    n = len(res.relations)
    model = RelScorer({"type=LEADS": -20.0}, 2.0, threshold=0.5)
    kept = model.apply(read_document(rules, TEXT), schema)
    assert {t for _h, t, _x in _triples(kept)} == {"FOCUSES_ON", "COOPERATES_WITH"}
    dropped = [d for d in kept.dropped if d["what"] == "relation"]
    assert len(dropped) == 2 and all("learned score" in d["reason"] for d in dropped)
    assert len(model.apply(read_document(rules, TEXT), schema, threshold=0.0).relations) == n
    assert model.apply(read_document(rules, TEXT), schema, threshold=0.99).relations == []
    # the committed model keeps these plain statements
    assert len(RelScorer.load().apply(read_document(rules, TEXT), schema).relations) == n


def test_prepare_document_applies_the_model_only_when_asked(rules: Extractor, schema: Any) -> None:
    doc = LoadedDocument("test.txt", TEXT, "0" * 64)
    assert len(prepare_document(doc, rules).converted.relations) >= 3
    assert Extractor(schema).relscore is None  # the rules alone by default
    strict = Extractor(schema, relations="learned")
    assert strict.relscore is not None
    strict.relscore = RelScorer({}, 0.0, threshold=0.9)  # every score 0.5: all dropped
    prep = prepare_document(doc, strict)
    assert prep.converted.relations == []
    assert len(prep.converted.entities) == len(prepare_document(doc, rules).converted.entities)
    with pytest.raises(ValueError, match="relations="):
        Extractor(schema, relations="maybe")


def test_pair_candidates_join_names_the_rules_left(schema: Any) -> None:
    text = "甲乙职业学院与丙丁科技有限公司签约。"
    a, b = text.index("丙丁"), text.index("签约")
    ents = [
        EntitySpan("甲乙职业学院", "Institution", 0, 6, "VocationalCollege", 0.9, 0),
        EntitySpan("丙丁科技有限公司", "Enterprise", a, b, "Company", 0.9, 0),
    ]
    res = ExtractionResult(text, [(0, len(text))], ents, [])
    cands = pair_candidates(res, schema)
    assert {(c.head, c.type, c.tail) for c in cands} >= {(0, "COOPERATES_WITH", 1)}
    assert all(c.rule == "pair" for c in cands)
    # a pair the rules already relate is not proposed again
    res.relations = [RelationSpan(0, "COOPERATES_WITH", 1, 0.9, 0)]
    assert (0, "COOPERATES_WITH", 1) not in {
        (c.head, c.type, c.tail) for c in pair_candidates(res, schema)
    }
    # without a trigger word nothing is proposed
    plain = "甲乙职业学院与丙丁科技有限公司。"
    res2 = ExtractionResult(plain, [(0, len(plain))], ents, [])
    assert pair_candidates(res2, schema) == []


def test_training_fits_and_round_trips(tmp_path: Path) -> None:
    feats = [{"good": 1.0}] * 20 + [{"bad": 1.0}] * 20 + [{"good": 1.0, "bad": 1.0}] * 4
    labels = [1] * 20 + [0] * 20 + [1, 0, 1, 0]
    m = train(feats, labels, l2=0.1)
    assert m.weights["good"] > 0 > m.weights["bad"]
    p_good, p_bad = m.score([{"good": 1.0}, {"bad": 1.0}])
    assert p_good > 0.9 and p_bad < 0.1
    m.save(tmp_path / "m.json")
    again = RelScorer.load(tmp_path / "m.json")
    assert again.score([{"good": 1.0}])[0] == pytest.approx(p_good, abs=1e-4)
    with pytest.raises(ValueError):
        train([], [])


def test_eval_refuses_an_unknown_relations_mode(tmp_path: Path) -> None:
    out = CliRunner().invoke(
        app,
        [
            "eval",
            "--docs",
            str(tmp_path / "g.jsonl"),
            "--texts",
            str(tmp_path),
            "--relations",
            "maybe",
        ],
    )
    assert out.exit_code != 0 and "--relations" in out.output


def test_fragment_ends_are_marked(schema: Any) -> None:
    text = "市教育局组建20个实训基地。"
    a = text.index("组建")
    ents = [
        EntitySpan("市教育局", "Government", 0, 4, "Government", 0.8, 0),
        EntitySpan("组建20个实训基地", "Platform", a, a + 9, "Platform", 0.7, 0),
    ]
    res = ExtractionResult(text, [(0, len(text))], ents, [RelationSpan(0, "BUILDS", 1, 0.8, 0)])
    (f,) = relation_features(res, schema)
    assert f["tail_digit"] == 1.0 and "head_digit" not in f
    assert f["tail_trigger_inside"] == 1.0  # 组建 is a verb glued to the name
    assert "head_short" not in f and f["tail_len"] == pytest.approx(9 / 40)
