"""Document structure before sentences: genre and parts of a policy notice or a news report.

A policy notice (通知 / 意见 / 方案 …) has a header — its title on a line of its own (with or
without 《》, sometimes broken over two lines), its 发文字号 (教职成厅函〔2024〕20号), the
recipients (各省、自治区、直辖市教育厅…:) — a body, and a signature block (issuing bodies and a
date); government sites add an information table (发文机关 / 发文字号 / 成文日期). A news
report has a headline, a source line (来源: …), a dateline and a body. Both arrive wrapped in
site chrome (breadcrumbs, share / print / subscribe links, hit counters, copyright lines).

:func:`read_structure` finds these parts on the folded text (Simplified, width-folded: the
offsets are the original's) and says which spans are never read for entities (chrome,
recipients, approval phrases, source lines), each with its reason, so a review can show what
was dropped and why.

Example:
    >>> st = read_structure(fold("教育部办公厅关于加强\\n市域产教联合体建设的通知\\n教职成厅函〔2024〕20号\\n"))
    >>> st.genre, st.title, st.doc_number
    ('policy', '教育部办公厅关于加强市域产教联合体建设的通知', '教职成厅函〔2024〕20号')
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from iegraph.ingest.documents.clean import Excluded

#: what ends the title of a policy document (longest first)
POLICY_HEADS = (
    "实施意见",
    "指导意见",
    "若干意见",
    "实施方案",
    "工作方案",
    "实施细则",
    "管理办法",
    "暂行办法",
    "通知",
    "意见",
    "方案",
    "办法",
    "决定",
    "通告",
    "公告",
    "批复",
    "规划",
    "细则",
    "规定",
    "条例",
    "计划",
    "纲要",
    "指南",
    "名单",
    "函",
)
#: a title's trial or draft mark and the period it may close with, inside their bracket
_MARKS = r"试行|暂行|修订|征求意见稿|(?:19|20)\d{2}\s*年\s*(?:修订)?版|(?:19|20)\d{2}\s*年\s*修订"
_PERIOD = r"\s*(?:19|20)\d{2}\s*[-—–至]\s*(?:19|20)\d{2}\s*年?\s*"
_HEAD_RE = "(?:" + "|".join(POLICY_HEADS) + rf")(?:[(（](?:{_MARKS}|{_PERIOD})[)）])?"
#: a document speaking of itself by its kind ("本方案依据…", "本办法自…起施行")
SELF_REFERENCE = re.compile(
    r"本(?:实施方案|工作方案|行动方案|行动计划|方案|办法|意见|规划|通知|细则|规定|条例|计划|纲要|"
    r"指南|决定)"
)
#: the period a title may close with ("…实施方案(2025-2029 年)")
TITLE_PERIOD = re.compile(rf"\s*[(（]{_PERIOD}[)）]$")
#: the trial or draft mark a title may close with ("…管理办法(试行)")
TITLE_TRIAL = re.compile(rf"\s*[(（](?:{_MARKS})[)）]\s*$")
#: a line that is only a bracket ("(2025年版)", "(2025-2027年)")
_BRACKET_LINE = re.compile(r"[(（][^()（）]{2,16}[)）]")
_TITLE_RE = re.compile(r"^《?(.{0,60}?关于.{2,120}?" + _HEAD_RE + r")》?$")
_PLAIN_TITLE_RE = re.compile(r"^《?(.{4,80}?" + _HEAD_RE + r")》?$")
DOC_NUMBER = re.compile(
    r"[\u4e00-\u9fff]{1,12}\s*[〔\[［(（【]\s*(?:19|20)\d{2}\s*[〕\]］)）】]\s*第?\d{1,4}\s*号"
)
_DATE_CN = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DATE_ISO = re.compile(r"((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})")
_CN_DIGITS = "〇零一二三四五六七八九"

#: a line of site chrome (on the stripped, folded line; short lines only)
_CHROME = re.compile(
    r"当前位置|您的位置|您现在的位置|首页\s*[>＞»]|分享到|微信扫码|扫码|扫一扫|"
    r"打印(?:此页|本页|本文)?\s*(?:关闭|$)|列印|关闭窗口|【打印】|【关闭】|字体[:：]?\s*[大中小]|"
    r"浏览次数|点击次数|阅读次数|访问量|点击[:：]|阅读[:：]\s*\d|责任编辑|编辑[:：]|审核[:：]|"
    r"校对[:：]|作者[:：]|编发[:：]|类别[:：]|©|版权所有|ICP备|网安备|主办单位|承办单位|联系我们|"
    r"网站地图|上一篇|下一篇|相关链接|相关新闻|相关阅读|返回顶部|我的订阅|收藏本页|"
    r"语音播报|在手机上打开|登录后|今天是|站群|"
    # a campus site's credits, a bar between field and name ("初审丨龚某", "编辑 | 某")
    r"^(?:文字|文|图片|图|摄影|供稿|撰稿|编辑|责编|初审|复审|终审|审核|审稿|校对)\s*[丨|｜]"
)
#: English page furniture at the start of a line ("ALSO READ: …", "Updated: Dec 22, 2017")
_CHROME_EN = re.compile(
    r"^(?:ALSO READ|READ MORE|Read more|Related|Updated|Editor|Source|Share|Print|Author|"
    r"Translator|Reviewer)\b\s*[:|]?"
    # a breadcrumb ("Home>Latest", "Home » News") and a site's byline ("(site.gov.cn) Updated :")
    r"|^(?:Home|HOME)\s*[>»|/›]|^\([\w.\-]{3,40}\)\s*(?:Updated|Published|Posted)\b",
)
#: a line of hashtags ("#北屯 #台中 #台湾好新闻")
_HASHTAGS = re.compile(r"(?:[#＃]\S{1,20}\s*){1,12}")
_SPAM = re.compile(r"无码|大香蕉|在线观看|免费视频|av网站|AV|彩票|博彩|娱乐城|棋牌")
#: a heading with every character spaced out ("绿 色 农 业 …") or an English site name line
_SPACED = re.compile(r"^(?:[\u4e00-\u9fff] ){4,}[\u4e00-\u9fff]$")
#: a dateline inside the first paragraph: "(中央社台北21日电)", "【大纪元3月21日报导】"
DATELINE_INLINE = re.compile(
    r"[(（【][^()（）【】\n]{0,24}?(?:\d{1,2}日)?(?:电|讯|报道|报导)[)）】]"
)
#: a title followed on the same line by its number (flattened PDF headers)
_TITLE_THEN_NUMBER = re.compile(r"^(.{0,60}?关于.{2,120}?" + _HEAD_RE + r")\s+(?=\S{1,12}\s*〔)")
_SOURCE_LINE = re.compile(r"^(?:信息)?(?:来源|出自|稿源|发布机构|发布单位)\s*[:：丨|｜]")
_INFO_FIELD = re.compile(
    r"(索引号|主题分类|发文机关|发布机关|发文单位|成文日期|发布日期|发文字号|文号|标题|主题词|"
    r"有效性|生效日期)\s*[:：]\s*"
)
_RECIPIENT_HINT = re.compile(
    r"^各|人民政府[,，、]|有关单位|各部门|直属单位|有关部门|各委办局|有关企业|教育厅|教育局[,，、:：]"
)
_APPROVAL = re.compile(
    r"经(?:省|市|区|县|州|自治区|国务院|中央|[\u4e00-\u9fff]{2,12}?)"
    r"(?:人民政府|政府|党委|委员会|常委会|常务会议|办公会议|同意|审议通过|批准)"
    r"[^，,。；;]{0,14}?(?:同意|批准|审议通过|通过)?(?=[，,。；;])"
)
#: a heading of a document's outline ("一、总体要求")
_OUTLINE = re.compile(r"[一二三四五六七八九十]{1,2}、\S{2,30}$")
#: the start of an attachment list
_ATTACHMENT = re.compile(r"^附件\s*\d*\s*[:：.、]?\s*(.*)$")
#: a news dateline: "新华社北京10月24日电", "本报讯", "(记者 …)"
_DATELINE = re.compile(
    r"^(?:[\u4e00-\u9fff]{2,8}(?:社|网|报|台)[\u4e00-\u9fff]{0,6}\d{1,2}月\d{1,2}日电|本报讯|本网讯)"
)
_GOV_END = (
    "人民政府办公厅",
    "人民政府办公室",
    "人民政府",
    "办公厅",
    "办公室",
    "委员会",
    "管委会",
    "管理委员会",
    "教育厅",
    "教委",
    "发展改革委",
    "发改委",
    "国资委",
    "工信厅",
    "财政厅",
    "财政部",
    "教育部",
    "国务院",
    "总局",
    "中心",  # "教育部学校规划建设发展中心" signing a notice
    "司",  # "教育部高等教育司"
    "厅",
    "局",
    "部",
    "委",
    "政府",
)


@dataclass
class Structure:
    """What the header, the chrome and the signature of one document say."""

    genre: str = "text"  # "policy" | "news" | "text"
    title: str = ""  # folded title (lines joined), without 《》
    title_span: tuple[int, int] | None = None  # first line of the title in the text
    doc_number: str = ""
    number_span: tuple[int, int] | None = None
    issuers: list[tuple[str, int, int, str]] = field(default_factory=list)  # name, a, b, how
    date: str = ""  # ISO date of the document
    source: str = ""  # news: the source line's value
    excluded: list[Excluded] = field(default_factory=list)
    list_lines: list[tuple[int, int]] = field(default_factory=list)  # attachment / list lines
    body_start: int = 0
    place: str = ""  # the place the document is about (set by the document reader)
    english: bool = False  # the document is written in English (mostly Latin letters)

    @property
    def is_policy(self) -> bool:
        return self.genre == "policy"


def _lines(text: str) -> list[tuple[int, int, str]]:
    out = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        a = pos
        pos += len(raw)
        line = raw.rstrip("\r\n")
        s = line.strip()
        if not s:
            continue
        lead = len(line) - len(line.lstrip())
        out.append((a + lead, a + lead + len(s), s))
    return out


def iso_date(s: str) -> str:
    """The first date in ``s`` as ``YYYY-MM-DD`` (Arabic or Chinese numerals), or ""."""
    m = _DATE_CN.search(s) or _DATE_ISO.search(s)
    if m:
        y, mo, d = (int(x) for x in m.groups())
        if 1 <= mo <= 12 and 1 <= d <= 31:
            return f"{y:04d}-{mo:02d}-{d:02d}"
    m = re.search(
        r"([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日",
        s,
    )
    if m:
        y = int("".join(str(_CN_DIGITS.index(c) if c != "〇" else 0) for c in m.group(1)))
        return f"{y:04d}-{_cn_small(m.group(2)):02d}-{_cn_small(m.group(3)):02d}"
    return ""


def _cn_small(s: str) -> int:
    vals = {c: i for i, c in enumerate("零一二三四五六七八九")}
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + vals.get(s[1], 0)
    if "十" in s:
        a, _, b = s.partition("十")
        return vals.get(a, 0) * 10 + (vals.get(b, 0) if b else 0)
    return vals.get(s, 0)


def mostly_latin(text: str) -> bool:
    """Is the text (its first 3,000 characters) written in English rather than Chinese?"""
    head = text[:3000]
    return len(_LATIN.findall(head)) > 3 * len(_CJK.findall(head))


_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")


def is_chrome(line: str) -> bool:
    """Is this (stripped, folded) line site furniture?"""
    return len(line) <= 90 and bool(_CHROME.search(line))


def split_issuers(s: str) -> list[str]:
    """ "国家发展改革委办公厅、教育部办公厅" → the two bodies (only pieces that end like one)."""
    out = []
    for chunk in re.split(r"[、，,\s]+", s):
        # 和 / 及 join two bodies only when the part before it is a body itself
        # ("教育厅和财政厅"), not inside one name ("教育和体育局", "经济和信息化厅")
        parts = re.split(r"(?<=[厅局部委府室])(?:和|及)", chunk)
        for piece in [x for part in parts for x in _unglue(part)]:
            piece = piece.strip(" 《》“”")
            if 2 <= len(piece) <= 30 and piece.endswith(_GOV_END):
                out.append(piece)
    return out


#: where a second body glued to a first may start: the party, the State Council, or a place
#: (…省 / …市 / …区 / …县 / …州) that the first body's name holds too
_SECOND_BODY = re.compile(r"中共|国务院|([\u4e00-\u9fff]{1,8}?[省市区县州])")


def _unglue(s: str) -> list[str]:
    """ "中共河南省委办公厅河南省人民政府办公厅" → the two bodies written without a separator
    (joint issuers of a title or a cited document): split where a body's name ends and a
    second body starts with 中共 / 国务院 or the first body's own place."""
    for i in range(2, len(s) - 3):
        m = _SECOND_BODY.match(s, i)
        head, rest = s[:i], s[i:]
        if m is None or not head.endswith(_GOV_END):
            continue
        if m.group(1) and m.group(1) not in head:
            continue
        tail = _unglue(rest)
        if tail[-1].endswith(_GOV_END):
            return [head, *tail]
    return [s]


def read_structure(folded: str) -> Structure:
    """Genre, header, signature and chrome of a document (folded text; offsets = original).

    A one-line text is genre "text" and has no parts.
    """
    st = Structure()
    # an English document's first lines are its headline and lead, not a site's English name
    english = st.english = mostly_latin(folded)
    lines = _lines(folded)
    if len(lines) < 2:
        return st  # one line: no parts, but its language still counts
    # 1. chrome and source lines (anywhere; they are short)
    chrome_idx: set[int] = set()
    for i, (a, b, s) in enumerate(lines):
        if _SOURCE_LINE.match(s) or (len(s) <= 90 and re.search(r"(?:来源|出自)\s*[:：]", s)):
            m = re.search(r"(?:来源|出自|稿源)\s*[:：丨|｜]\s*([^\s|｜丨]{2,30})", s)
            if m and not st.source:
                st.source = m.group(1)
            if not st.date:
                st.date = iso_date(s)
            st.excluded.append(Excluded(a, b, "source-line"))
            chrome_idx.add(i)
        elif (
            is_chrome(s)
            or (len(s) <= 200 and _CHROME_EN.match(s) is not None and english)
            or (re.fullmatch(r"[•·●▪\-\*]?\s*\S{0,8}", s) and i < 3 and not s.endswith("文件"))
            or (len(s) <= 120 and not english and _SPAM.search(s))
            or _SPACED.match(s)
            or _HASHTAGS.fullmatch(s)
            or (
                i < 6
                and not english
                and s.isascii()
                and re.search(r"[A-Za-z]{3}", s)
                and not s.startswith("http")
            )
        ):
            if not st.date and re.search(r"发布(?:时间|日期)", s):
                st.date = iso_date(s)
            st.excluded.append(Excluded(a, b, "chrome"))
            chrome_idx.add(i)
    # 2. information table of government sites (发文机关: … 发文字号: …)
    info_issuers: list[tuple[str, int, int]] = []
    for i, (a, b, s) in enumerate(lines[:40]):
        fields = list(_INFO_FIELD.finditer(s))
        if not fields:
            continue
        for k, m in enumerate(fields):
            v_end = fields[k + 1].start() if k + 1 < len(fields) else len(s)
            val = s[m.end() : v_end].strip()
            key = m.group(1)
            if key in ("发文机关", "发布机关", "发文单位") and val:
                off = a + m.end()
                for name in split_issuers(val):
                    p = folded.find(name, off, a + v_end)
                    if p >= 0:
                        info_issuers.append((name, p, p + len(name)))
            elif key in ("发文字号", "文号") and DOC_NUMBER.search(val):
                num = DOC_NUMBER.search(val)
                assert num is not None
                st.doc_number = num.group(0)
                st.number_span = (a + m.end() + num.start(), a + m.end() + num.end())
            elif key in ("成文日期", "发布日期") and not st.date:
                st.date = iso_date(val)
            elif key == "标题" and val and not st.title:
                t = _TITLE_RE.match(val) or _PLAIN_TITLE_RE.match(val)
                if t:
                    st.title = t.group(1)
                    st.title_span = (a + m.end(), a + m.end() + len(val))
        st.excluded.append(Excluded(a, b, "info-table"))
        chrome_idx.add(i)
    # 3. the title: the first header line (or two joined lines) that reads as a policy title
    content = [(i, ln) for i, ln in enumerate(lines) if i not in chrome_idx]
    title_i = -1
    printed_title = False  # the title is that of a plan printed below its notice's header
    for k, (i, (a, b, s)) in enumerate(content[:12]):
        cand = s
        end_i = i
        lead = DOC_NUMBER.match(s)
        if lead and s[lead.end() :].lstrip().startswith("《"):
            # "云政办发〔2018〕60号《…关于…的实施意见》": a page title of number and title
            skip = len(s) - len(s[lead.end() :].lstrip())
            a, s = a + skip, s[skip:]
            cand = s
        m = _TITLE_RE.match(cand)
        if not m:
            m = _TITLE_THEN_NUMBER.match(cand)
            if m:
                b = a + m.end(1)
        if not m and k + 1 < len(content) and len(s) <= 40 and "关于" in s and "。" not in s:
            j, (_a2, b2, s2) = content[k + 1]
            if len(s2) <= 60 and "。" not in s2 and not _TITLE_RE.match(s2):
                m = _TITLE_RE.match(s + s2)
                if m:
                    cand, end_i = s + s2, j
                    b = b2
        if not m and k + 1 < len(content):
            # the printed plan's title broken before its bracket ("…工作方案" / "(2025年版)")
            j, (_a2, b2, s2) = content[k + 1]
            if _BRACKET_LINE.fullmatch(s2) and f"《{s}{s2}》" in folded[:a]:
                m = _PLAIN_TITLE_RE.match(s + s2)
                if m:
                    cand, end_i, b = s + s2, j, b2
        if not m and not DOC_NUMBER.fullmatch(s) and (k <= 1 or f"《{s}》" in folded[:a]):
            # a title without 关于 on the first lines, or on the line that starts the text of a
            # plan the notice above it printed ("现将《X》印发给你们" … "X")
            m = _PLAIN_TITLE_RE.match(cand) if "。" not in cand and len(cand) <= 60 else None
        if m:
            printed_title = k > 1 and f"《{m.group(1)}》" in folded[:a]
            # the 《 of "《X》实施办法" / "《X》的通知" opens a name inside the title: keep it
            inner = s.startswith("《") and "》" in m.group(1)
            if not st.title or st.title == m.group(1):
                st.title = "《" + m.group(1) if inner else m.group(1)
                st.title_span = (a + (0 if inner or not s.startswith("《") else 1), b)
            title_i = end_i
            break
    # 3b. a header line that is only public bodies, right above a title that names no issuer
    # ("攀枝花市教育和体育局" over "…对…提案答复的函", "A B文件" and its number over "关于…"):
    # the bodies that issue it
    header_issuers: list[tuple[str, int, int]] = []
    if title_i > 0 and st.title and ("关于" not in st.title or st.title.startswith("关于")):
        before = [ln for i, ln in content if i < title_i and not DOC_NUMBER.fullmatch(ln[2])][-1:]
        for a, b, s in before:
            s = s.removesuffix("文件").rstrip()
            names = split_issuers(s)
            if len(names) >= 1 and len("".join(names)) >= len(s.strip()) - len(names):
                for n in names:
                    p = folded.find(n, a, b)
                    header_issuers.append((n, p, p + len(n)))
    # 4. the number, recipients, approval phrases
    for i, (a, b, s) in enumerate(lines[:40]):
        if i in chrome_idx:
            continue
        num = DOC_NUMBER.fullmatch(s.strip("() （）")) or (
            DOC_NUMBER.match(s) if len(s) <= 24 else None
        )
        if not num and i == title_i and st.title_span is not None:
            num = DOC_NUMBER.match(s, st.title_span[1] - a + 1)  # "标题 国办发〔2017〕95 号 …"
            if num and num.start() - (st.title_span[1] - a) > 3:
                num = None
        if num and not st.doc_number:
            st.doc_number = num.group(0)
            st.number_span = (a + num.start(), a + num.end())
            st.excluded.append(Excluded(a, b, "doc-number"))
            continue
        if i == title_i and st.title_span is not None and re.search(r"[:：]\s", s + " "):
            # a flattened header: "标题 文号 各省…: 正文" — the recipients end at the colon
            c = re.search(r"[:：]", s[st.title_span[1] - a :])
            if c is not None:
                ra = st.number_span[1] if st.number_span else st.title_span[1]
                rb = st.title_span[1] + c.end()
                if _RECIPIENT_HINT.search(folded[ra:rb].strip()):
                    st.excluded.append(Excluded(ra, rb, "recipients"))
                    st.body_start = rb
                    break
        if (
            (i > max(title_i, 0) - 1 or printed_title)
            and s.endswith((":", "："))
            and len(s) <= 240
            and _RECIPIENT_HINT.search(s)
        ):
            st.excluded.append(Excluded(a, b, "recipients"))
            st.body_start = b
            break
    for m in _APPROVAL.finditer(folded):
        st.excluded.append(Excluded(m.start(), m.end(), "approval"))
    for m in DATELINE_INLINE.finditer(folded, 0, min(len(folded), 3000)):
        st.excluded.append(Excluded(m.start(), m.end(), "dateline"))
    # 5. genre
    policy_signs = sum(
        (
            bool(st.title and _TITLE_RE.match(st.title)),
            bool(st.doc_number),
            any(e.reason == "recipients" for e in st.excluded),
            bool(info_issuers),
            bool(header_issuers),
            bool(st.title and SELF_REFERENCE.search(folded)),
            # a body set out under 一、二、… headings below the title line
            bool(st.title and any(_OUTLINE.match(s) for _a, _b, s in lines[title_i + 1 :])),
        )
    )
    headed = TITLE_PERIOD.sub("", st.title).endswith(POLICY_HEADS)
    if policy_signs >= 2 or (st.title and policy_signs >= 1 and headed):
        st.genre = "policy"
    else:
        st.genre = "news"
        # a news headline: the first content line without a full stop
        if not st.title:
            recipients = {(e.start, e.end) for e in st.excluded if e.reason == "recipients"}
            for i, (a, b, s) in content[:4]:
                if (
                    6 <= len(s) <= 60
                    and not s.endswith(("。", "！", "？"))
                    and not _DATELINE.match(s)
                    and (a, b) not in recipients
                ):
                    st.title = s
                    st.title_span = (a, b)
                    title_i = i
                    break
    # 6. issuers: information table, title prefix, signature block
    if st.genre == "policy":
        st.issuers.extend((n, p, q, "issuer-line") for n, p, q in info_issuers)
        st.issuers.extend((n, p, q, "header") for n, p, q in header_issuers)
        if st.title and st.title_span and "关于" in st.title:
            prefix = st.title[: st.title.index("关于")]
            a0 = st.title_span[0]
            for name in split_issuers(prefix):
                p = folded.find(name, a0, a0 + len(prefix) + 2)
                if p >= 0:
                    st.issuers.append((name, p, p + len(name), "title"))
        _signature(folded, lines, chrome_idx, st)
        _attachments(lines, chrome_idx, st)
    if st.title_span and st.genre == "news":
        a, b = st.title_span
        col = re.match(r"^[^丨|｜]{1,12}[丨|｜]", folded[a:b])
        if col:  # "新华职教丨…": a column name, not part of the headline
            st.excluded.append(Excluded(a, a + col.end(), "column"))
    if st.title_span and st.genre == "policy":
        st.excluded.append(Excluded(st.title_span[0], st.title_span[1], "title"))
        if title_i >= 0:
            end = lines[title_i][1]
            st.excluded.append(Excluded(st.title_span[0], end, "title"))
    return st


def _signature(
    folded: str, lines: list[tuple[int, int, str]], chrome: set[int], st: Structure
) -> None:
    """Issuing bodies and date at the end of the document (bodies on short lines just before a
    date line)."""
    tail = [(i, ln) for i, ln in enumerate(lines) if i not in chrome][-10:]
    for k in range(len(tail) - 1, -1, -1):
        _i, (a, b, s) = tail[k]
        if len(s) <= 20 and (_DATE_CN.fullmatch(s) or iso_date(s) and len(s) <= 16):
            st.date = st.date or iso_date(s)
            st.excluded.append(Excluded(a, b, "signature-date"))
            j = k - 1
            while j >= 0:
                _i2, (a2, b2, s2) = tail[j]
                names = split_issuers(s2)
                if not names or len(s2) > 60 or "。" in s2:
                    break
                for n in names:
                    p = folded.find(n, a2, b2)
                    st.issuers.append((n, p, p + len(n), "signature"))
                st.excluded.append(Excluded(a2, b2, "signature"))
                j -= 1
            return
    # no date line: a last line that is only issuing bodies ("广东省发展改革委") signs the text
    if tail:
        _i, (a, b, s) = tail[-1]
        names = split_issuers(s)
        if names and len(s) <= 60 and "。" not in s and len("".join(names)) >= len(s.strip()) - 2:
            for n in names:
                p = folded.find(n, a, b)
                st.issuers.append((n, p, p + len(n), "signature"))
            st.excluded.append(Excluded(a, b, "signature"))


def _attachments(lines: list[tuple[int, int, str]], chrome: set[int], st: Structure) -> None:
    """Lines of an attachment list or a numbered list of names (one name per line)."""
    in_att = False
    for i, (a, b, s) in enumerate(lines):
        if i in chrome:
            continue
        if _ATTACHMENT.match(s):
            in_att = True
            continue
        # "1.A", "一、A", and a table's row "1 A B" (its cells apart by spaces)
        numbered = re.match(r"^(?:\d{1,3}|[一二三四五六七八九十]{1,3})(?:[.、．]|\s)\s*\S", s)
        if (in_att or numbered) and len(s) <= 60 and "。" not in s:
            st.list_lines.append((a, b))
        elif in_att and len(s) > 60:
            in_att = False


_GLOSS = re.compile(r"(?<=[\u4e00-\u9fff])[(（][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]{1,8}[)）]")


def strip_glosses(text: str) -> tuple[str, int]:
    """The text without inline pinyin glosses (關(guān)於 → 關於) and the number removed:
    scraped pages add them after characters, and they are part of no name."""
    out, n = _GLOSS.subn("", text)
    return out, n


#: what ends a line that is a line of its own (a sentence's or a heading's close)
_LINE_CLOSE = '。！？；：:!?;）)》」”"』】'


def unwrap_lines(text: str) -> tuple[str, int]:
    """The text with the hard line wraps of a scraped Chinese page removed, and how many.

    A page wrapped at a fixed width has many lines of that width; such a line that ends inside a
    sentence (a CJK character, no closing punctuation) continues on the next one — joined, with
    the next line's indentation dropped — so that a name broken across the wrap (亲民技\n术学院)
    is whole again. Short lines (titles, headings, list items) and blank lines are kept.
    """
    lines = text.split("\n")
    widths = [len(ln.strip()) for ln in lines if len(ln.strip()) >= 20 and _cjk_line(ln)]
    if len(widths) < 3:
        return text, 0
    width, count = Counter(widths).most_common(1)[0]
    if count < 3:
        return text, 0
    out: list[str] = []
    joined = 0
    k = 0
    while k < len(lines):
        cur = lines[k]
        while (
            k + 1 < len(lines)
            and len(lines[k].strip()) >= width - 2
            and lines[k].rstrip()[-1:] not in _LINE_CLOSE
            and (
                "\u4e00" <= lines[k].rstrip()[-1:] <= "\u9fff" or lines[k].rstrip()[-1:] in ",，、"
            )
            and lines[k + 1].strip()
            and "\u4e00" <= lines[k + 1].strip()[0] <= "\u9fff"
        ):
            cur = cur.rstrip() + lines[k + 1].strip()
            joined += 1
            k += 1
        out.append(cur)
        k += 1
    return ("\n".join(out), joined) if joined else (text, 0)


def _cjk_line(line: str) -> bool:
    return sum("\u4e00" <= c <= "\u9fff" for c in line) > len(line.strip()) // 2
