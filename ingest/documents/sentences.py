"""Sentence splitting with offsets into the original text.

Chinese: 。！？；(and their ASCII forms) end a sentence, so does a line break; numbered
points (``1、``) and section markers (``（一）``) glued to the end of the previous sentence —
as in scraped run-on paragraphs — start a new one. English: ``. ! ?`` followed by a space and a
capital, except after abbreviations such as ``Co.`` and ``Ltd.``.

Example:
    >>> [folded[a:b] for a, b in split_sentences(folded)]
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from iegraph.ingest.documents.script import count_cjk, count_latin

_CN_NUM = "一二三四五六七八九十"
# a break AFTER these characters
_ZH_END = re.compile(r"[。！？；!?;]+[”’」』)）]*")
# a break BEFORE an outline marker glued to running text (e.g. "…支撑。(二)…", "…能力1、…")
_MARKER = re.compile(
    r"(?<=[\u4e00-\u9fff。！？；，,:：)）”])(?=(\(["
    + _CN_NUM
    + r"]{1,3}\)|（["
    + _CN_NUM
    + r"]{1,3}）|(?<![\d.])\d{1,2}、))"
)
_EN_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[A-Z\"“(])")
_EN_ABBR = re.compile(
    r"(?:\b(?:Co|Ltd|Inc|Corp|No|Nos|Dr|Mr|Mrs|Ms|Prof|St|Jr|Sr|vs|etc|e\.g|i\.e|"
    r"U\.S|Dept|Univ|Govt)\.|\b[A-Z]\.)$"
)


def split_sentences(
    folded: str, excluded: Sequence[tuple[int, int]] = (), *, start: int = 0, end: int | None = None
) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` of ``folded[start:end]`` outside the excluded spans.

    Args:
        folded: the matching form of the text (same offsets as the original).
        excluded: merged ``(start, end)`` spans to skip (boilerplate).
    """
    end = len(folded) if end is None else end
    out: list[tuple[int, int]] = []
    for a, b in _keep_regions(start, end, excluded):
        for la, lb in _lines(folded, a, b):
            out.extend(_split_block(folded, la, lb))
    return out


def _keep_regions(
    start: int, end: int, excluded: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    regions = []
    cur = start
    for a, b in sorted(excluded):
        if b <= cur or a >= end:
            continue
        if a > cur:
            regions.append((cur, a))
        cur = max(cur, b)
    if cur < end:
        regions.append((cur, end))
    return regions


def _lines(text: str, a: int, b: int) -> list[tuple[int, int]]:
    out = []
    pos = a
    for m in re.finditer(r"\n", text[a:b]):
        if _wrapped(text, pos, a + m.start(), min(b, a + m.end() + 80)):
            continue  # an English line wrapped mid-sentence goes on on the next line
        out.append((pos, a + m.start()))
        pos = a + m.end()
    out.append((pos, b))
    return out


def _wrapped(text: str, a: int, nl: int, nxt_end: int) -> bool:
    """Does the English line ``text[a:nl]`` go on after its line break? Yes when it is a long
    line of running text that does not end a sentence and the next line goes on in English:
    with a lower-case word, or after a line of typical wrapped width (≥ 45 characters)."""
    line = text[a:nl].rstrip()
    nxt = text[nl + 1 : nxt_end].split("\n", 1)[0].lstrip()
    if not line or not nxt or not line.isascii() or not nxt[:1].isascii():
        return False
    if not re.search(r"[A-Za-z]{2}", line) or line[-1] in ".!?:;|":
        return False
    if not (line[-1].isalnum() or line[-1] in ",-–)’'\""):
        return False
    if nxt[:1].islower():
        return len(line) >= 20
    return len(line) >= 45 and nxt[:1].isalpha()


def _split_block(text: str, a: int, b: int) -> list[tuple[int, int]]:
    cuts = {a, b}
    seg = text[a:b]
    if _is_cjk_block(seg):
        for m in _ZH_END.finditer(seg):
            cuts.add(a + m.end())
        for m in _MARKER.finditer(seg):
            cuts.add(a + m.start())
    else:
        for m in _EN_END.finditer(seg):
            if not _EN_ABBR.search(seg[: m.start()]):
                cuts.add(a + m.start())
        for m in re.finditer(r"[。！？；]", seg):
            cuts.add(a + m.end())
    pts = sorted(cuts)
    out = []
    for s, e in itertools.pairwise(pts):
        # trim whitespace, keep offsets exact
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s and not _only_punct(text[s:e]):
            out.append((s, e))
    return out


def _is_cjk_block(seg: str) -> bool:
    head = seg[:400]
    return count_cjk(head) >= count_latin(head) / 4


def _only_punct(s: str) -> bool:
    return all(not (c.isalnum() or "\u4e00" <= c <= "\u9fff") for c in s)
