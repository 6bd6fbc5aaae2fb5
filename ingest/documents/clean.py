"""Boilerplate removal for scraped pages, by line-level rules — never by rewriting the text.

Document sites wrap a paper in page furniture: page-title lines (``…_第3页``), reading
meters (``已阅读5页…未读 继续免费阅读``), download buttons, copyright and disclaimer notices,
a "温馨提示" bullet list, comment widgets (``评论``, ``0/150``, ``提交评论``), a table of
contents squeezed into one line. Each rule marks whole spans of the ORIGINAL text as excluded,
with the reason; what remains keeps its original offsets. Rules match on the folded
(Simplified, width-folded) form, so they work for both scripts.

Example:
    >>> spans = find_boilerplate(fold(text))
    >>> [s.reason for s in spans]
    ['page-title', 'reading-meter', ...]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CN_NUM = "一二三四五六七八九十"


@dataclass(frozen=True)
class Excluded:
    start: int
    end: int
    reason: str


# whole-line widgets: (reason, pattern over the folded, stripped line)
_LINE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("page-title", re.compile(r"^.{1,120}_第\s*\d+\s*页$")),
    ("reading-meter", re.compile(r"^(已阅读|已读).{0,20}页.{0,30}(未读|阅读)")),
    ("reading-meter", re.compile(r"^继续(免费)?阅读$")),
    ("download-button", re.compile(r"^(下载|立即下载|免费下载)(本|该|此)?(文档|文章|资料|全文)?$")),
    ("copyright-notice", re.compile(r"^(版权说明|版权声明|免责声明)\s*[:：]")),
    ("disclaimer", re.compile(r"^声明\s*[:：].{0,20}本文(由|系|为)")),
    ("disclaimer", re.compile(r"^本文(由|系).{1,30}(创作|撰写|生成).{0,60}(仅供参考|不构成)")),
    (
        "site-heading",
        re.compile(
            r"^(文档简介|文档介绍|内容简介|相关文档|相关推荐|猜你喜欢|"
            r"温馨提示|评论|提交评论|发表评论|分享|收藏|举报|上一页|下一页|"
            r"返回顶部|展开阅读全文|查看更多)$"
        ),
    ),
    ("comment-counter", re.compile(r"^\d+\s*/\s*\d+$")),
    ("site-notice", re.compile(r"^[•·●▪\-\*]?\s*\d+[.、．]\s*(本站|本网|下载|未经|文件|用户)")),
    ("site-notice", re.compile(r"^[•·●▪]\s*.{0,200}(本站|下载|侵权|上传)")),
    (
        "toc",
        re.compile(
            r"(目录|目\s*录).{0,10}(TOC|toc|\\o)|("
            + f"[{_CN_NUM}]"
            + r"+、[^\d]{2,60}?\s*\d+\s*){3,}"
        ),
    ),
)

# sentence-level disclaimers that can sit inside a paragraph of the body
_SENTENCE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("disclaimer", re.compile(r"本文(由|系)[^。]{1,30}(创作|撰写|生成)[^。]*。?")),
    ("disclaimer", re.compile(r"本文内容仅供参考[^。]*。?")),
)


def find_boilerplate(folded: str) -> list[Excluded]:
    """Excluded spans of a document, by rule, in the coordinates of ``folded`` (= original).

    A "温馨提示"-style heading also excludes the bullet list right after it.
    """
    out: list[Excluded] = []
    pos = 0
    in_notice_list = False
    for line in folded.splitlines(keepends=True):
        start, end = pos, pos + len(line.rstrip("\r\n"))
        pos += len(line)
        stripped = folded[start:end].strip()
        if not stripped:
            continue
        reason = _line_reason(stripped)
        if reason is None and in_notice_list and re.match(r"^[•·●▪\-\*]|^\d+[.、．]", stripped):
            reason = "site-notice"
        if reason is not None:
            out.append(Excluded(start, end, reason))
            in_notice_list = (
                reason in {"site-heading", "site-notice"}
                and stripped in {"温馨提示", "温馨提醒", "注意事项"}
                or (in_notice_list and reason == "site-notice")
            )
            continue
        in_notice_list = False
        for why, pat in _SENTENCE_RULES:
            for m in pat.finditer(folded, start, end):
                out.append(Excluded(m.start(), m.end(), why))
    return out


def _line_reason(line: str) -> str | None:
    for reason, pat in _LINE_RULES:
        if pat.search(line) if reason == "toc" else pat.match(line):
            return reason
    return None


def toc_entries(folded: str, excluded: list[Excluded]) -> list[tuple[str, str]]:
    """Chapter entries ``(number, title)`` of a one-line table of contents, in order."""
    for ex in excluded:
        if ex.reason != "toc":
            continue
        seg = folded[ex.start : ex.end]
        found = re.findall(
            f"([{_CN_NUM}]+)、" + r"([^\d]{2,60}?)\s*\d+(?=\s*[" + _CN_NUM + r"]+、|\s*$)", seg
        )
        if len(found) >= 2:
            return [(n, t.strip()) for n, t in found]
    return []


def title_from_page_titles(folded: str, original: str, excluded: list[Excluded]) -> str:
    """The document title taken from its page-title lines (``标题_第1页`` → ``标题``)."""
    for ex in excluded:
        if ex.reason == "page-title":
            m = re.match(r"^\s*(.+?)_第\s*\d+\s*页\s*$", folded[ex.start : ex.end])
            if m:
                return original[ex.start + m.start(1) : ex.start + m.end(1)]
    return ""


def merge_spans(spans: list[Excluded]) -> list[tuple[int, int]]:
    """Sorted, merged ``(start, end)`` pairs."""
    out: list[list[int]] = []
    for s in sorted(spans, key=lambda e: e.start):
        if out and s.start <= out[-1][1]:
            out[-1][1] = max(out[-1][1], s.end)
        else:
            out.append([s.start, s.end])
    return [(a, b) for a, b in out]
