"""Cleaning and the strategy outline, on the seed paper (read from ../shared, never copied into
the repository) and on the project's own outline sample."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from iegraph.ingest.documents import get_extractor
from iegraph.ingest.documents.clean import (
    find_boilerplate,
    merge_spans,
    title_from_page_titles,
    toc_entries,
)
from iegraph.ingest.documents.ingest import prepare_document
from iegraph.ingest.documents.loaders import load_document
from iegraph.ingest.documents.outline import find_outline, kind_of, point_title
from iegraph.ingest.documents.script import fold
from iegraph.ingest.documents.sentences import split_sentences

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT.parent / "shared" / "seeds" / "000_d1a1060689f05482.txt"
OWN_OUTLINE = ROOT / "ingest" / "samples" / "docs" / "zh_hans_strategy_outline.txt"
needs_seed = pytest.mark.skipif(
    not SEED.exists(),
    reason="the seed paper ../shared/seeds/000_d1a1060689f05482.txt is not present",
)
KINDS = ["rationale", "element", "goal", "mechanism", "measure", "challenge", "benefit", "trend"]


def test_fold_keeps_offsets() -> None:
    t = "國家發展改革委（試行）ＡＢＣ…"
    f = fold(t)
    assert len(f) == len(t) and f.startswith("国家发展改革委(试行)ABC")


@needs_seed
def test_seed_boilerplate_is_marked_not_removed() -> None:
    text = SEED.read_text(encoding="utf-8")
    f = fold(text)
    spans = find_boilerplate(f)
    reasons = Counter(s.reason for s in spans)
    assert reasons["page-title"] == 5 and reasons["toc"] == 1 and reasons["disclaimer"] >= 1
    assert reasons["site-notice"] == 7 and reasons["comment-counter"] == 1
    excluded = merge_spans(spans)
    kept = "".join(text[a:b] for a, b in split_sentences(f, excluded))
    for widget in (
        "_第1頁",
        "繼續免費閱讀",
        "下載本文檔",
        "版權說明",
        "文檔簡介",
        "溫馨提示",
        "提交評論",
        "0/150",
        "泓域文案",
        "人人文庫",
        "TOC",
    ):
        assert widget not in kept, widget
    assert title_from_page_titles(f, text, spans) == "產教融合型城市建設策略及實施路徑"


@needs_seed
def test_seed_outline_counts_and_kinds() -> None:
    text = SEED.read_text(encoding="utf-8")
    f = fold(text)
    spans = find_boilerplate(f)
    outline = find_outline(f, merge_spans(spans), toc_entries(f, spans))
    assert outline.counts == {"chapters": 8, "sections": 33, "points": 98}
    assert [c.kind for c in outline.chapters] == KINDS
    # every point sits inside its chapter and starts with its number
    for ch in outline.chapters:
        for _sec, p in ch.all_points():
            assert ch.start <= p.start < p.end <= ch.end
            assert f[p.start :].startswith(p.number + "、")
    first = outline.chapters[0].sections[0].points[0]
    assert first.title == "提升创新驱动能力"


@needs_seed
def test_seed_document_has_no_boilerplate_facts() -> None:
    prep = prepare_document(load_document(SEED), get_extractor())
    names = {e.name for e in prep.converted.entities}
    assert not any(w in n for n in names for w in ("泓域", "文庫", "本站", "WinRAR", "OFFICE"))
    points = [n for n in prep.converted.nodes if n.props.get("class") == "StrategyPoint"]
    assert len(points) == 98 and all(p.props["kind"] in KINDS for p in points)
    mentions = [r for r in prep.converted.rels if r.type == "MENTIONS"]
    ent_pts = {r.start for r in mentions if r.end == "concept:actor_enterprise"}
    assert len(ent_pts) > 10  # "which measures involve enterprises" has answers
    for r in mentions:
        assert r.end.startswith(("concept:", "industry:"))


def test_own_outline_sample() -> None:
    prep = prepare_document(load_document(OWN_OUTLINE), get_extractor())
    assert prep.report.outline == {"chapters": 4, "sections": 6, "points": 9}
    kinds = Counter(
        n.props["kind"] for n in prep.converted.nodes if n.props.get("class") == "StrategyPoint"
    )
    assert kinds == {"rationale": 3, "challenge": 2, "measure": 3, "trend": 1}
    has_part = {(r.start, r.end) for r in prep.converted.rels if r.type == "HAS_PART"}
    src = prep.source.key
    assert (src, f"{src}/ch1") in has_part and (f"{src}/ch1", f"{src}/ch1/s1") in has_part
    assert (f"{src}/ch1/s1", f"{src}/ch1/s1/p1") in has_part
    training = {
        r.start
        for r in prep.converted.rels
        if r.type == "MENTIONS" and r.end == "concept:ptype_shared_training"
    }
    assert f"{src}/ch3/s1/p1" in training


def test_kind_table_and_point_titles() -> None:
    assert kind_of("产教融合型城市建设中的问题与挑战") == "challenge"
    assert kind_of("产教融合型城市建设的社会效益与经济效益") == "benefit"
    assert kind_of("实施路径") == "measure" and kind_of("未来发展趋势") == "trend"
    assert (
        point_title("数字化平台促进产教协同创新数字化平台将成为重要载体。")
        == "数字化平台促进产教协同创新"
    )
