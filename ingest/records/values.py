"""Cell-level cleaning shared by canonical files and mapped tables: dates, confidence,
value splitting and remarks in parentheses.

Example:
    >>> parse_date("2021-07 (reported 2021-07-27)", loose=True)
    '2021-07'
    >>> split_remark("深圳职业技术学院 (now 深圳职业技术大学)")
    ('深圳职业技术学院', 'now 深圳职业技术大学')
    >>> apply_remark_rules("深圳职业技术学院", "now 深圳职业技术大学", DEFAULT_REMARK_RULES)
    Cleaned(name='深圳职业技术大学', former=['深圳职业技术学院'], aliases=[], role=None, note=None)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from iegraph.ontology.values import PartialDate, date_refusal

_DATE_ISO = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$")
_DATE_ZH = re.compile(r"^(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})日)?)?$")
_DATE_ANY = re.compile(r"(?<!\d)(\d{4})(?:[-/.年](\d{1,2})(?:[-/.月](\d{1,2}))?)?")

#: the usual qualitative confidence words (the facts folder uses high/medium/low)
CONFIDENCE_WORDS = {"high": 0.9, "medium": 0.6, "low": 0.3, "高": 0.9, "中": 0.6, "低": 0.3}


def _parts(y: str, m: str | None, d: str | None) -> tuple[int, int | None, int | None]:
    return int(y), (int(m) if m is not None else None), (int(d) if d is not None else None)


def _iso(y: str, m: str | None, d: str | None) -> str | None:
    yi, mi, di = _parts(y, m, d)
    if not 1800 <= yi <= 2100:
        return None
    if date_refusal(yi, mi, di):  # a real calendar date: 2023-06-31 is refused
        return None
    return PartialDate(yi, mi, di).iso


def date_reason(value: str) -> str:
    """Why a date cell was refused, in the words of :class:`ontology.values.PartialDate`
    (``"not a date (June 2023 has 30 days)"``); plain ``"not a date"`` when it has no date
    shape or a year outside 1800–2100."""
    m = _DATE_ISO.match(value.strip()) or _DATE_ZH.match(value.strip())
    if m:
        return date_refusal(*_parts(*m.groups())) or "not a date"
    return "not a date"


@lru_cache(maxsize=50_000)
def parse_date(value: str, loose: bool = False) -> str | None:
    """ISO form (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``) of a date cell, or None.

    Strict mode accepts ``2023``, ``2023-4``, ``2023/04/18``, ``2023.04`` and
    ``2023年4月18日``; loose mode takes the first date in free text (``2020 (省级…)``,
    ``(reported 2022-07-29)``) and gives None when there is no year (``03-07``).
    """
    s = value.strip()
    if not s:
        return None
    m = _DATE_ISO.match(s) or _DATE_ZH.match(s)
    if m:
        return _iso(*m.groups())
    if loose:
        m2 = _DATE_ANY.search(s)
        if m2:
            return _iso(*m2.groups())
    return None


#: the fix for an unreadable confidence cell
CONFIDENCE_HINT = "write high/medium/low or a number 0..1"


def confidence_cell(value: Any) -> float | None:
    """A row's confidence: 1.0 when the cell is empty, None when it is unreadable or outside
    0..1 (:func:`parse_confidence` reads it)."""
    if value is None or value == "":
        return 1.0
    c = parse_confidence(value)
    return c if c is not None and 0 <= c <= 1 else None


def parse_confidence(value: Any) -> float | None:
    """0..1 from a number or a word (high/medium/low); None when unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    s = str(value).strip().lower()
    if s in CONFIDENCE_WORDS:
        return CONFIDENCE_WORDS[s]
    try:
        return float(s)
    except ValueError:
        return None


def split_values(text: str, sep: str = r"\s*;\s*") -> list[str]:
    """Split a multi-value cell; separators inside parentheses do not split."""
    if not text:
        return []
    out: list[str] = []
    depth = 0
    buf: list[str] = []
    pat = re.compile(sep)
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in "(（":
            depth += 1
        elif ch in ")）" and depth:
            depth -= 1
        if depth == 0:
            m = pat.match(text, i)
            if m and m.end() > i:
                out.append("".join(buf))
                buf = []
                i = m.end()
                continue
        buf.append(ch)
        i += 1
    out.append("".join(buf))
    return [v.strip() for v in out if v.strip()]


_TRAILING = re.compile(
    r"^(?P<main>.*?)\s*[(（](?P<remark>[^()（）]*(?:[(（][^()（）]*[)）][^()（）]*)*)[)）]\s*$"
)


def split_remark(text: str) -> tuple[str, str | None]:
    """``(main, remark)`` for a value ending in a parenthesised remark.

    Only a remark set off by whitespace, or one that is the whole value, counts: brackets
    that belong to a name (``达利(中国)有限公司``, ``成都飞机工业(集团)有限责任公司``)
    stay in the name.
    """
    s = text.strip()
    m = _TRAILING.match(s)
    if not m:
        return s, None
    main = m.group("main")
    if main and not re.search(r"\s[(（][^()（）]*(?:[(（][^()（）]*[)）][^()（）]*)*[)）]\s*$", s):
        return s, None  # no space before the bracket: part of the name
    return main.strip(), m.group("remark").strip()


@dataclass(frozen=True)
class RemarkRule:
    """How to treat a remark: ``rename`` (the remark names the current name), ``alias``
    (another name of the same thing), ``abbrev`` (an alias only if its characters appear in
    order in the name), ``role`` (the part played, kept as ``role``), ``note``
    (kept as text in the evidence) or ``drop``."""

    pattern: str
    action: str

    def regex(self) -> re.Pattern[str]:
        return _compiled(self.pattern)


@lru_cache(maxsize=1024)
def _compiled(p: str) -> re.Pattern[str]:
    return re.compile(p, re.IGNORECASE)


REMARK_ACTIONS = ("rename", "alias", "abbrev", "role", "note", "drop")

#: defaults; a mapping may put its own rules before these (``remarks:``)
DEFAULT_REMARK_RULES: tuple[RemarkRule, ...] = (
    RemarkRule(r"^(?:now|现为|现名|今|更名为)\s*[:：]?\s*(?P<name>.+)$", "rename"),
    RemarkRule(r"^(?:also called|又称|亦称|简称|全称|aka|=)\s*[:：]?\s*(?P<name>.+)$", "alias"),
    RemarkRule(
        r"^(?P<role>(?:常务)?(?:副)?理事长(?:单位)?|(?:常务)?理事(?:单位)?|牵头(?:单位)?|"
        r"成员(?:单位)?|指导|主办|承办|支持|support|co-hosts?|participant|lead)\b",
        "role",
    ),
    RemarkRule(r"^(?P<name>[\u4e00-\u9fff]{2,8})$", "abbrev"),
    RemarkRule(r".*", "note"),
)


@dataclass
class Cleaned:
    name: str
    former: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    role: str | None = None
    note: str | None = None


def apply_remark_rules(
    main: str, remark: str | None, rules: tuple[RemarkRule, ...] = DEFAULT_REMARK_RULES
) -> Cleaned:
    """Interpret a remark with the first rule whose pattern matches it."""
    out = Cleaned(main)
    if not remark:
        return out
    for rule in rules:
        m = rule.regex().search(remark)
        if not m:
            continue
        groups = m.groupdict()
        if rule.action == "rename" and groups.get("name"):
            new = groups["name"].strip()
            if main:
                out.former.append(main)
            out.name = new
        elif rule.action == "alias" and groups.get("name"):
            if main:
                out.aliases.append(groups["name"].strip())
            else:
                out.name = groups["name"].strip()
        elif rule.action == "abbrev" and groups.get("name"):
            # a short form only when its characters appear in order in the name
            # (德州职院 ⊂ 德州职业技术学院); anything else is a note
            if main and _subsequence(groups["name"], main):
                out.aliases.append(groups["name"])
            else:
                out.note = remark
        elif rule.action == "role":
            out.role = (groups.get("role") or remark).strip()
        elif rule.action == "note":
            out.note = remark
        return out
    return out


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return len(short) < len(long) and all(ch in it for ch in short)
