"""The strategy outline of a document: chapters (一、二、…), sections ((一)(二)…) and numbered
points (1、2、3、…) with their offsets in the original text, each point's ``kind`` taken from
its chapter title, and the ontology concepts each point names.

Scraped papers glue their headings into running text ("…支撑。产教融合型城市建设的核心要素
产教融合型城市建设是指…(一)产业基础的支撑作用1、产业结构优化升级…"), so chapters are found
by the titles of the table of contents when the page has one (the first occurrence after the
previous chapter, preferably at a sentence start), else by ``一、`` headings; sections and points
by their markers, accepted only in sequence ((一) then (二); 1 then 2), which rejects a stray
"2、" inside a sentence.

Example:
    >>> out = find_outline(text, folded, excluded, toc)
    >>> len(out.chapters), sum(len(c.points) for c in out.chapters)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_CN = "一二三四五六七八九十"
_CN_VAL = {c: i + 1 for i, c in enumerate(_CN)}
_SECTION = re.compile(r"\(([" + _CN + r"]{1,3})\)")
_POINT = re.compile(r"(?<![\d.０-９])(\d{1,2})、")
_CHAPTER_LINE = re.compile(r"(?m)^[ \t]*([" + _CN + r"]{1,3})、[ \t]*([^\n。]{2,40}?)[ \t]*$")
_CHAPTER_INLINE = re.compile(
    r"(?:(?<=[。！？!?\n])|^)\s*([" + _CN + r"]{1,3})、([^。\n(（]{2,30}?)(?=[(（][一])"
)

#: chapter-title words → StrategyPoint.kind. The ontology fixes the allowed kinds (shapes.ttl
#: sh:in) but gives them no labels, so the words that announce each kind live here; the first
#: matching row wins (问题与挑战 is a challenge even though it says 建设).
KIND_WORDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("问题", "挑战", "障碍", "困境", "瓶颈", "不足"), "challenge"),
    (("必要性", "意义", "背景", "动因"), "rationale"),
    (("核心要素", "要素", "构成", "基本内涵"), "element"),
    (("战略目标", "目标", "定位"), "goal"),
    (("关键机制", "机制", "体制"), "mechanism"),
    (("实施路径", "路径", "举措", "措施", "对策", "策略", "任务", "保障"), "measure"),
    (("效益", "成效", "影响", "作用"), "benefit"),
    (("趋势", "展望", "未来"), "trend"),
)
# words that usually open the body of a point whose title is glued to it
_BODY_OPENERS = (
    "随着",
    "随著",
    "当前",
    "目前",
    "近年来",
    "通过",
    "为了",
    "由于",
    "许多",
    "面对",
    "首先",
    "尽管",
    "虽然",
    "在当前",
    "在全球",
    "在许多",
    "在实际",
    "在推进",
    "在新",
    "产教融合型城市",
    "产教融合是",
    "产教融合的",
    "产教融合不仅",
    "产教融合还",
)


@dataclass
class Point:
    number: str
    start: int
    end: int
    title: str
    order: int


@dataclass
class Section:
    number: str
    start: int
    end: int
    title: str
    order: int
    points: list[Point] = field(default_factory=list)


@dataclass
class Chapter:
    number: str
    start: int
    end: int
    title: str
    order: int
    kind: str | None
    sections: list[Section] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)  # points directly under the chapter

    def all_points(self) -> list[tuple[Section | None, Point]]:
        out: list[tuple[Section | None, Point]] = [(None, p) for p in self.points]
        for s in self.sections:
            out.extend((s, p) for p in s.points)
        return out


@dataclass
class Outline:
    chapters: list[Chapter]

    @property
    def counts(self) -> dict[str, int]:
        return {
            "chapters": len(self.chapters),
            "sections": sum(len(c.sections) for c in self.chapters),
            "points": sum(len(c.all_points()) for c in self.chapters),
        }


def kind_of(title: str) -> str | None:
    """The point kind a chapter title announces (folded title), or None."""
    for words, kind in KIND_WORDS:
        if any(w in title for w in words):
            return kind
    return None


def find_outline(
    folded: str, excluded: list[tuple[int, int]], toc: list[tuple[str, str]] | None = None
) -> Outline:
    """Chapters, sections and points of a document (offsets in the original text).

    Args:
        folded: the folded text (same offsets as the original).
        excluded: boilerplate spans (merged); nothing in them is outline.
        toc: chapter entries ``(number, title)`` of a table of contents, if the page has one.
    """

    def inside_excluded(p: int) -> bool:
        return any(a <= p < b for a, b in excluded)

    heads: list[tuple[int, int, str, str]] = []  # (start, body start, number, title)
    if toc:
        pos = 0
        for number, title in toc:
            best = None
            for m in re.finditer(re.escape(title), folded):
                if m.start() < pos or inside_excluded(m.start()):
                    continue
                at_boundary = (
                    m.start() == 0
                    or folded[m.start() - 1] in "。！？!?\n"
                    or inside_excluded(m.start() - 1)
                )
                if at_boundary:
                    best = m
                    break
                if best is None:
                    best = m
            if best is not None:
                heads.append((best.start(), best.end(), number, title))
                pos = best.end()
    if not heads:
        for m in _CHAPTER_LINE.finditer(folded):
            if not inside_excluded(m.start()):
                heads.append((m.start(), m.end(), m.group(1), m.group(2).strip()))
    if not heads:
        for m in _CHAPTER_INLINE.finditer(folded):
            if not inside_excluded(m.start(1)):
                heads.append((m.start(1), m.end(2), m.group(1), m.group(2).strip()))
    # keep chapter numbers in sequence (一, 二, 三 …)
    seq: list[tuple[int, int, str, str]] = []
    for h in sorted(heads):
        want = len(seq) + 1
        if _CN_VAL.get(h[2][-1], 0) == want or toc:
            seq.append(h)
    chapters: list[Chapter] = []
    end_all = _body_end(folded, excluded)
    for i, (a, body, number, title) in enumerate(seq):
        b = seq[i + 1][0] if i + 1 < len(seq) else end_all
        ch = Chapter(number, a, b, title, i + 1, kind_of(title))
        _fill_sections(folded, ch, body, b, excluded)
        chapters.append(ch)
    return Outline(chapters)


def _body_end(folded: str, excluded: list[tuple[int, int]]) -> int:
    """End of the last stretch of text that is not boilerplate."""
    end = len(folded)
    for a, b in sorted(excluded, reverse=True):
        if b >= end - 2 or not folded[b:end].strip():
            end = min(end, a)
    return end


def _fill_sections(f: str, ch: Chapter, a: int, b: int, excluded: list[tuple[int, int]]) -> None:
    marks = []
    want = 1
    for m in _SECTION.finditer(f, a, b):
        if _CN_VAL.get(m.group(1)[-1], 0) == want and len(m.group(1)) == 1:
            marks.append(m)
            want += 1
    for k, m in enumerate(marks):
        s_end = marks[k + 1].start() if k + 1 < len(marks) else b
        title_end = _section_title_end(f, m.end(), s_end)
        sec = Section(m.group(1), m.start(), s_end, f[m.end() : title_end].strip(), k + 1)
        sec.points = _points(f, title_end, s_end)
        ch.sections.append(sec)
    first = marks[0].start() if marks else b
    ch.points = _points(f, a, first)


def _section_title_end(f: str, a: int, b: int) -> int:
    m = _POINT.search(f, a, min(b, a + 60))
    stop = re.compile(r"[。\n！？]").search(f, a, min(b, a + 60))
    ends = [x.start() for x in (m, stop) if x is not None]
    return min(ends) if ends else min(b, a + 40)


def _points(f: str, a: int, b: int) -> list[Point]:
    out: list[Point] = []
    want = 1
    marks = []
    for m in _POINT.finditer(f, a, b):
        if int(m.group(1)) == want:
            marks.append(m)
            want += 1
    for k, m in enumerate(marks):
        p_end = marks[k + 1].start() if k + 1 < len(marks) else b
        out.append(Point(m.group(1), m.start(), p_end, point_title(f[m.end() : p_end]), k + 1))
    return out


def point_title(body: str) -> str:
    """The title of a numbered point whose title runs into its text without punctuation
    ("提升创新驱动能力随着全球经济…" → "提升创新驱动能力"): cut where the body visibly starts —
    the title's first words repeated as the subject of the first sentence, or a word that
    usually opens a sentence — else at the first full stop, at most 30 characters."""
    body = body.strip()
    stop = re.search(r"[。；;：:！？\n]", body)
    limit = min(stop.start() if stop else len(body), 30)
    cuts = [limit]
    head = body[:3]
    k = body.find(head, 4) if len(head) == 3 else -1
    if 4 <= k < limit:
        cuts.append(k)
    for w in _BODY_OPENERS:
        k = body.find(w, 4)
        if 4 <= k < limit:
            cuts.append(k)
    return body[: min(cuts)].strip(" ，,")
