"""Entity recognition: a spaCy phrase matcher for fixed names (graph names, industries,
places) and character scanners for names recognised by their form (suffix-bounded
organisation and platform names, 《》 policy titles, English capitalised names).

Why characters and not jieba tokens for suffix names: jieba splits unknown names in odd places
(``达利|女装|学院`` but ``通科|微|电子|学院``, and a name may start inside a token), so a
token pattern has to guess token boundaries that the name does not respect. A scanner over the
folded characters, bounded on the left by punctuation, coordination, function words and
trigger verbs, finds the same names whatever jieba does. On the dev set the token variant lost
names whose first character jieba glued to the previous word; the character scanner did not.

All offsets are relative to the folded sentence, which has the same offsets as the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from iegraph.ingest.documents.english import policy_titles
from iegraph.ingest.documents.lexicon import (
    CATEGORY_MARKS,
    DETERMINERS,
    EN_CONNECTORS,
    EN_GOV_HEADS,
    EN_LEGAL,
    EN_PLACE_LEVELS,
    INDUSTRY_HEADS,
    Lexicon,
)

_NAME_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z0-9·（）()“”]")
_SCHOOL_SHORT = ("科大", "工大", "师大", "农大", "医大", "职院", "高工", "农工", "商专", "工专")
_TITLED_PERSON = re.compile(
    r"(?:负责人|董事长|总经理|经理|总裁|校长|院长|主任|书记|局长|厅长|处长|部长|会长|理事长|秘书长)"
    r"[\u4e00-\u9fff]{2,3}$"
)
_NAME_RUN = re.compile(r"[\u4e00-\u9fff]+$")
_SINGLE_COORD = set("、和与及同跟")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_POLICY = re.compile(r"《([^《》\n]{2,80})》")
_DOC_NUMBER = re.compile(
    r"[\u4e00-\u9fff]{1,12}\s*[〔\[［(（【]\s*(?:19|20)\d{2}\s*[〕\]］)）】]\s*\d{1,4}\s*号"
)
_MAX_NAME = 32
#: what a titled document of policy ends with (or holds): a course or a book in 《》 is none
_POLICY_TITLE = re.compile(
    r"关于|(?:意见|通知|通告|公告|办法|方案|规划|纲要|决定|条例|规定|细则|计划|指南|名单|名录|目录|"
    r"清单|标准|章程|法|制度|要点|报告|批复|函|规则|措施|政策|意见稿)"
    r"(?:[(（][^()（）]{1,16}[)）])?(?:\d{4}(?:年)?(?:版)?)?$"
)

# priority of equal-length candidates: a written title beats a known name beats a form
_PRIORITY = {"policy": 5, "gazetteer": 4, "suffix": 3, "slot": 2, "industry": 2, "place": 1}


class CharMatcher:
    """Fixed names (places, industries, the graph's known names) found on characters: a
    dictionary keyed by each name's first two characters, then an exact look-up of the
    possible lengths. Same results as spaCy's PhraseMatcher over jieba tokens when jieba keeps
    every name whole, but it needs no segmentation: on the 1 MB benchmark it ran about 20 times
    faster than tokenising, so the pipeline tokenises nothing it does not have to.
    """

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names  # folded name → label ("PLACE", "INDUSTRY", class name)
        self.lens: dict[str, tuple[int, ...]] = {}
        tmp: dict[str, set[int]] = {}
        for n in names:
            if len(n) >= 2:
                tmp.setdefault(n[:2], set()).add(len(n))
        self.lens = {k: tuple(sorted(v, reverse=True)) for k, v in tmp.items()}

    def __call__(self, s: str) -> list[tuple[str, int, int]]:
        out = []
        lens = self.lens
        names = self.names
        words = _jieba_words()
        for i in range(len(s) - 1):
            cand = lens.get(s[i : i + 2])
            if cand:
                for n in cand:
                    label = names.get(s[i : i + n])
                    if label is not None:
                        if n <= 3 and _crosses_word(s, i, i + n, words):
                            break
                        out.append((label, i, i + n))
                        break  # longest at this position
        return out


def _crosses_word(s: str, a: int, b: int, words: dict[str, int]) -> bool:
    """Is the short name s[a:b] only part of a longer dictionary word — a word that starts
    before it ("创新和" → 新和), ends after it ("新平台" → 新平) or starts with it and goes on
    ("教育领域")? That is the trap of matching characters instead of tokens."""

    def w(x: str) -> bool:
        return len(x) >= 2 and words.get(x, 0) > 0

    return (
        (a > 0 and w(s[a - 1 : a + 1]))
        or (b < len(s) and w(s[b - 1 : b + 1]))
        or (b < len(s) and w(s[a : b + 1]))
        or (b + 1 < len(s) and w(s[a : b + 2]))
    )


@dataclass
class Mention:
    """One entity mention (offsets into the folded sentence = the original sentence)."""

    start: int
    end: int
    cls: str  # ontology class (most specific known)
    top: str  # top-level class: the extraction label
    via: str  # "policy" | "gazetteer" | "suffix" | "industry" | "place" | "slot" | "en"
    confidence: float = 0.9
    props: dict[str, Any] = field(default_factory=dict)
    key: str | None = None  # a known node's key (gazetteer)

    @property
    def length(self) -> int:
        return self.end - self.start


class ZhRecognizer:
    """Chinese (both scripts, on the folded form)."""

    def __init__(self, lex: Lexicon, nlp: Any, matcher: Any, mode: str = "chars") -> None:
        self.lex = lex
        self.nlp = nlp
        self.matcher = matcher  # () -> spaCy PhraseMatcher over jieba tokens (mode "tokens")
        self.mode = mode
        #: the name suffixes of organisations (公司, 大学, 教育局 …): where a body's name ends
        self._org_suffixes = tuple(
            x
            for x, k in lex.suffixes.items()
            if len(x) >= 2
            and lex.schema.classes[k].top in ("Institution", "Enterprise", "Government")
        )
        names: dict[str, str] = {}
        for n in lex.places:
            names[n] = "PLACE"
        for n in lex.industries:
            names[n] = "INDUSTRY"
        for n, (klass, _key) in lex.gazetteer.items():
            names[n] = klass
        self.char_matcher = CharMatcher(names)
        schema = lex.schema
        # generic pieces: class labels and the non-industry concept labels, plus the words
        # that qualify a kind (行业, 市域 …) — a suffix-name made only of them is not a name
        generic: set[str] = {
            "行业",
            "产业",
            "区域",
            "地方",
            "市域",
            "校企",
            "现代",
            "新型",
            "特色",
            "产教融合",
            "产教",
            "产学研",
            "创新",
            "协同",
            "综合",
            "专业",
            "公共",
            "企业",
            "学校",
            "院校",
            "政府",
            "发展",
            "投资",
            "运营",
            # what a unit does, not whose it is: "联合研发实验室", "技术研究中心",
            # "产教融合示范基地", "实验实训实习基地", "人才培养基地", "命运共同体"
            "示范",
            "实训",
            "实践",
            "实习",
            "实验",
            "人才培养",
            "培训",
            "命运",
            "创业",
            "职业教育",
            "职教",
            "研发",
            "联合",
            "技术",
            "科研",
            "研究",
            "国家",
            "省",
            "市",
            "县",
            "区",
            "型",
            # what kind, not which: "国际性公司", "龙头企业"
            "国际",
            "国际性",
            "大型",
            "中小",
            "知名",
            "龙头",
            "骨干",
            "优质",
            "重点",
            "头部",
            "领军",
            # where, not who: "内地大学", "当地企业" name kinds of body
            "内地",
            "国内",
            "境内",
            "境外",
            "海外",
            "本地",
            "当地",
            "外地",
            "各地",
        }
        from iegraph.ingest.documents.script import fold

        for f in lex.concepts:
            if f not in lex.industries:
                generic.add(f)
        self.generic = {g for g in generic if g}
        self._generic_re = re.compile(
            "(?:(?:"
            + "|".join(map(re.escape, sorted(self.generic, key=len, reverse=True)))
            + ")[和与及、]?)+"
        )
        # a whole name equal to a class label ("企业学院", "高等职业学校") names a kind
        self.class_labels: set[str] = set()
        for c in schema.classes.values():
            self.class_labels.update(fold(x) for x in c.labels.values())
            for alts in c.alt_labels.values():
                self.class_labels.update(fold(a) for a in alts)

    # -------------------------------------------------------------------------------------------
    def find(self, s: str, doc: Any | None = None) -> list[Mention]:
        """Mentions in the folded sentence ``s`` (longest match, no nesting)."""
        lex = self.lex
        s = pair_quotes(s)
        cands: list[Mention] = []
        blocked: list[tuple[int, int]] = []
        # 1. policy titles in 《》 and document numbers (a property, never an entity)
        for m in _POLICY.finditer(s):
            blocked.append((m.start(), m.end()))
            if not _POLICY_TITLE.search(m.group(1)):
                continue  # 《三维智能建模》, 《育见未来》: a course, a programme, a book
            cands.append(Mention(m.start(1), m.end(1), "Policy", "Policy", "policy", 0.95))
        numbers = [(m.start(), m.end()) for m in _DOC_NUMBER.finditer(s)]
        blocked.extend(numbers)
        # 2. fixed names: on characters, or through spaCy's phrase matcher over jieba tokens
        for label, a, b in self._fixed_names(s, doc):
            text = s[a:b]
            if label == "INDUSTRY":
                # "集成电路产业" names the industry 集成电路 (the guidelines' surface form)
                for h in INDUSTRY_HEADS:
                    if text.endswith(h) and text[: -len(h)] in lex.industries:
                        b -= len(h)
                        break
                if not self._industry_ok(s, a, b):
                    continue
                cands.append(Mention(a, b, "Industry", "Industry", "industry", 0.85, key=None))
            elif label == "PLACE":
                if (
                    b - a == 2
                    and _TITLE_SURNAME.search(s, max(0, a - 6), a)
                    and _AFTER_PERSON.match(s, b)
                ):
                    continue  # "副院长于乐山", "执行校长赵海林": a person's given name
                klass = lex.places.get(text, "Place")
                cands.append(Mention(a, b, klass, "Place", "place", 0.8))
            else:
                klass, key = lex.gazetteer.get(text, (label, None))
                top = lex.schema.classes[klass].top if klass in lex.schema.classes else klass
                cands.append(Mention(a, b, klass, top, "gazetteer", 0.95, key=key))
        # known acronyms written in Chinese text ("VTC主席", "VTC企业共创中心" is longer)
        if lex.acronyms:
            for m in _ACRONYM.finditer(s):
                hit = lex.acronyms.get(m.group(0))
                if hit is not None:
                    klass, key = hit
                    top = lex.schema.classes[klass].top
                    cands.append(Mention(m.start(), m.end(), klass, top, "gazetteer", 0.9, key=key))
        # 3. names by suffix (character scanner)
        hits = _overlapping(lex.suffix_any_re, s) if lex.suffix_any_re is not None else []
        trig = lex.trigger_re is not None and lex.trigger_re.search(s) is not None
        stops = self._stop_ends(s) if hits or trig else set()
        category: list[tuple[int, int]] = []
        # a company's name may hold a common verb-noun (中建西部建设股份有限公司)
        stops_ent = {p for p in stops if not _ENTERPRISE_WORD.match(s, max(0, p - 2), p)}
        if hits:
            for span in hits:
                a, b = span
                klass = lex.suffixes[s[a:b]]
                if s[a:b] == "厅" and _ROOM.search(s, max(0, a - 3), b):
                    continue  # "第一教学楼208讲学厅": a room, no department
                top = lex.schema.classes[klass].top
                own_words = top == "Enterprise" or s[a:b].endswith("会")
                ends = stops_ent if own_words else stops
                if s[a:b] in ("大学", "学院") and s.endswith("联合", 0, a):
                    ends = ends - {a}  # 北京联合大学, 国立联合大学: 联合 names the school here
                start = self._left_edge(s, a, ends, top)
                if start is None:
                    continue
                start = self._strip_determiners(s, start, a)
                if start is None:
                    continue
                while start < a and s[start] in "()（）“”":
                    start += 1  # "(四)…" is a section marker, not part of a name
                if s.count("“", start, b) != s.count("”", start, b):
                    # a quote belongs to a name only as a pair (佛山市“两高四新”产教联合体)
                    q = max(s.rfind("“", start, a), s.rfind("”", start, a))
                    start = q + 1
                if m_suffix_in_word(s, a, b) or not self._government_ok(s, start, a, b, top):
                    continue
                if s[a:b] in ("党委", "党工委", "纪委") and _PERSON_TITLE.match(s, b):
                    continue  # "X党委副书记": a person's title; X is found by its own suffix
                if s[a:b] == "处" and not re.search(r"[厅局部委办]", s[max(0, a - 16) : a]):
                    continue  # a division of a department (…教育厅职业教育处), not 教务处
                if s[a:b] == "厅" and _ROOM.search(s, max(0, a - 3), a):
                    continue  # 报告厅, 会议厅, 展厅: a room (a venue), not a department
                after_partner = top == "Enterprise" and start > 0 and s[start - 1] in "与和及、"
                if not after_partner:
                    # "A与远航智能装备有限公司": right after a partner a company's name starts,
                    # whatever its first word (远航 is also a verb)
                    start = _strip_leading_verbs(
                        s,
                        start,
                        a,
                        short_suffix=b - a == 1,
                        kind_phrase=top == "Platform",
                        company=top == "Enterprise",
                    )
                if start is None:
                    continue
                start = _cut_inside(s, start, a, top)
                if start is None:
                    continue
                start = _strip_function_words(s, start, a)
                if start is None:
                    continue
                # a quantity left at the start once the running text is cut ("有更多产业协会")
                start = self._strip_determiners(s, start, a)
                if start is None:
                    continue
                start = self._strip_person(s, start, a)
                while start < a and s[start] in "()（）“”「」":
                    start += 1  # "主席(职业训练局…": the bracket after a title is not the name's
                if not self._name_ok(s, start, a, b):
                    if any(mark in s[start:a] for mark in CATEGORY_MARKS):
                        category.append((start, b))  # nothing inside a category is a name
                    continue
                if any(x < b and start < y for x, y in blocked):
                    continue
                klass, top = self._college_in_university(s, start, a, klass, top)
                cands.append(Mention(start, b, klass, top, "suffix", 0.85))
        # 3b. a quoted platform name: “人才培养培训基地”, 「促进产学连结合作育才平台」
        cands.extend(self._quoted_platforms(s))
        # 4. industries named by a focus verb: "聚焦集成电路产业" → 集成电路
        cands.extend(self._focus_industries(s, stops))
        # 4b. the items of a list closed by its kind: "化工、食品和电子信息等产业", or
        # introduced by it: "主导产业为钒钛钢铁、化工、有色金属加工"
        cands.extend(self._listed_industries(s))
        cands.extend(self._cued_industries(s))
        if category:
            cands = [c for c in cands if not any(x <= c.start and c.end <= y for x, y in category)]
        cands.extend(self._sub_units(s, cands))
        cands.extend(self._party_committees(s))
        chosen = self._join_places(s, _select(cands))
        chosen.extend(self._slots(s, chosen, self._stop_starts(s), self._trigger_starts(s)))
        return sorted(chosen, key=lambda m: m.start)

    def _sub_units(self, s: str, cands: list[Mention]) -> list[Mention]:
        """ "工业和信息化部中小企业发展促进中心", "教育部职业教育发展中心", "…部人事教育司": a
        unit named right after the public body it belongs to is that unit, a public body too
        (its words: nouns of a field, no verb of the running text)."""
        out: list[Mention] = []
        for m in cands:
            if m.top != "Government" or m.via not in ("suffix", "gazetteer"):
                continue
            u = _SUB_UNIT.match(s, m.end)
            if u is None:
                continue
            field = u.group(1)
            if any(f in ("v", "p", "c", "d", "r", "m") for _w, f in _pos(field)):
                continue
            out.append(Mention(m.start, u.end(), "Government", "Government", "suffix", 0.85))
        return out

    def _quoted_platforms(self, s: str) -> list[Mention]:
        """A phrase in quotes that ends with a platform word names that platform (the quotes
        mark it as a name, whatever its words): “人才培养培训基地”, “…育才平台”."""
        out: list[Mention] = []
        for m in _QUOTED.finditer(s):
            inner = m.group(1)
            klass = self.lex.class_for_suffix(inner)
            if klass is None or self.lex.schema.classes[klass].top != "Platform":
                if not inner.endswith(_PLATFORM_WORDS):
                    continue
                klass = "Platform"
            if _NUM_CLASSIFIER.match(inner):
                continue  # “四个联盟”, “两个中心”: a count of a kind, no name
            if re.search(r"型(?:大学|高校|学校|院校|学院|企业)$", inner):
                continue  # “产业伙伴型大学”: a kind a school aims to be, no platform
            if inner in self.generic or inner in self.class_labels or len(inner) < 4:
                continue
            stops = self.lex.stops_re
            if stops is not None and stops.match(inner):
                continue  # “共建AI…学院”: a verb phrase in quotes, the suffix rule reads it
            out.append(Mention(m.start(1), m.end(1), klass, "Platform", "suffix", 0.8))
        return out

    def _trigger_starts(self, s: str) -> set[int]:
        pat = self.lex.trigger_re
        return {m.start() for m in pat.finditer(s)} if pat is not None else set()

    def _slots(
        self, s: str, chosen: list[Mention], starts: set[int], trig_starts: set[int]
    ) -> list[Mention]:
        """A short unknown name coordinated with a known organisation is an organisation too
        ("浙江机电职业技术学院与圣奥家居开设…" → 圣奥家居): its class is Enterprise, the
        class a short brand name most often has, with a lower confidence."""
        orgs = [m for m in chosen if m.top in ("Institution", "Enterprise", "Government")]
        out: list[Mention] = []
        taken = [(m.start, m.end) for m in chosen]
        for m in orgs:
            # right of "A与": up to the next stop word / trigger
            # a short name coordinated with a government body is one too ("国家发展改革委、教育部")
            klass = "Government" if m.top == "Government" else "Enterprise"
            if m.end < len(s) and s[m.end] in _SINGLE_COORD:
                a = m.end + 1
                b = a
                while (
                    b < len(s)
                    and _NAME_CHAR.match(s[b])
                    and (b == a or b not in starts)
                    and not any(x <= b < y for x, y in taken)
                ):
                    b += 1
                if b < len(s) and b in trig_starts and not any(x == b for x, _ in taken):
                    cand = s[a:b]
                    if self._slot_ok(cand):
                        k = _between_schools(s, chosen, a, b) or _short_school(s[a:b]) or klass
                        out.append(Mention(a, b, k, k, "slot", 0.6))
            # left of "与A" at the start of a clause
            if m.start >= 3 and s[m.start - 1] in _SINGLE_COORD:
                b = m.start - 1
                a = b
                while (
                    a > 0 and _NAME_CHAR.match(s[a - 1]) and not any(x < a <= y for x, y in taken)
                ):
                    a -= 1
                if (
                    (a == 0 or not _NAME_CHAR.match(s[a - 1]))
                    and self._slot_ok(s[a:b])
                    and not any(p in starts for p in range(a, b))
                ):
                    k = _between_schools(s, chosen, a, b) or _short_school(s[a:b]) or klass
                    out.append(Mention(a, b, k, k, "slot", 0.6))
        return out

    def _slot_ok(self, cand: str) -> bool:
        if not 2 <= len(cand) <= 8 or cand in self.generic or cand in self.class_labels:
            return False
        if TITLE_END.search(cand):
            return False
        if self._generic_re.fullmatch(cand) or cand in self.lex.industries:
            return False
        stops_re = self.lex.stops_any_re
        if cand[0] in "为在由对向将把被从是的于以等" or (
            stops_re is not None and stops_re.search(cand)
        ):
            return False
        if any(cand.startswith(d) for d in DETERMINERS) or re.search(r"\d", cand):
            return False
        toks = _pos(cand)
        if any(f in ("v", "d", "p", "c", "u", "ul", "uj") for _w, f in toks):
            return False  # "继续", "工商业界加强": a verb or an adverb is no name
        if _PERSON_WITH_TITLE.fullmatch(cand) or any(f == "nr" for _w, f in toks[-1:]):
            return False  # "副总裁吴立功", "特聘教授刘兰明": a person, no organisation
        return all("\u4e00" <= c <= "\u9fff" or c.isalpha() for c in cand)

    def _join_places(self, s: str, chosen: list[Mention]) -> list[Mention]:
        """ "南京市江宁区": a place written right after the place that contains it is one
        (more specific) place."""
        out: list[Mention] = []
        order = self._place_order()
        for m in chosen:
            prev = out[-1] if out else None
            if (
                prev is not None
                and m.top == "Place"
                and prev.top == "Place"
                and prev.end == m.start
                and m.cls in order
                and prev.cls in order
                and order.index(m.cls) > order.index(prev.cls)
            ):
                out.pop()
                m = Mention(prev.start, m.end, m.cls, "Place", m.via, m.confidence)
            out.append(m)
        return out

    def _party_committees(self, s: str) -> list[Mention]:
        """ "五指山市委书记", "中共赣州市委", "温州市龙湾区委": a place's party committee (the
        place and 委, not 委员 / 委托, not 市委市政府) is a party organ."""
        if "PartyOrgan" not in self.lex.schema.classes:
            return []
        out: list[Mention] = []
        places = self.lex.places
        for m in _PARTY_COMMITTEE.finditer(s):
            text = m.group(2)
            # the longest tail of the run that is a place, or a place within a place
            # ("在赣州市委": 赣州市; "温州市龙湾区委": 温州市龙湾区)
            k = next(
                (
                    i
                    for i in range(len(text) - 1)
                    if text[i:] in places
                    or any(
                        text[i : i + n] in places and text[i + n :] in places
                        for n in range(2, len(text) - i - 1)
                    )
                ),
                None,
            )
            if k is None:
                continue
            a = m.start(2) + k
            if k == 0 and m.group(1):
                a = m.start()  # "中共赣州市委"
            out.append(Mention(a, m.end(), "PartyOrgan", "Government", "suffix", 0.85))
        return out

    def _place_order(self) -> list[str]:
        """The place classes, widest first (computed once)."""
        order: list[str] | None = getattr(self, "_place_order_cache", None)
        if order is None:
            rank = {"Country": 0, "Province": 1, "Region": 2, "City": 3, "District": 4, "County": 4}
            classes = self.lex.schema.classes
            order = sorted(
                (c for c in classes if classes[c].top == "Place"), key=lambda c: rank.get(c, 5)
            )
            self._place_order_cache = order
        return order

    def _fixed_names(self, s: str, doc: Any | None) -> list[tuple[str, int, int]]:
        if self.mode == "chars" and doc is None:
            return self.char_matcher(s)
        if doc is None:
            doc = self.nlp.make_doc(s)
        out = []
        for match_id, ts, te in self.matcher()(doc):
            span = doc[ts:te]
            out.append((self.nlp.vocab.strings[match_id], span.start_char, span.end_char))
        return out

    # -- helpers -------------------------------------------------------------------------------
    def _stop_ends(self, s: str) -> set[int]:
        """Positions where a stop word (function word or trigger) ends. A one-character
        function word that is part of a word with its left neighbour (华为, 所在) is not one."""
        pat = self.lex.stops_any_re
        if pat is None:
            return set()
        words = _jieba_words()
        out = set()
        for m in pat.finditer(s):
            w = m.group(1)
            p = m.start()
            if len(w) == 1 and p > 0 and words.get(s[p - 1 : p + 1], 0) > 0:
                continue
            if w == "等" and words.get(s[p : p + 2], 0) > 0:
                continue  # "…操控员等级认证培训基地": 等 starts a word (等级), it ends no list
            if w == "联合" and s.startswith("联合国", p):
                continue  # "联合国大学驻澳门研究所": the United Nations, no verb
            out.add(p + len(w))
        return out

    def _stop_starts(self, s: str) -> set[int]:
        pat = self.lex.stops_any_re
        if pat is None:
            return set()
        return {m.start() for m in pat.finditer(s)}

    def _left_edge(self, s: str, a: int, stops: set[int], top: str) -> int | None:
        """Where a name ending in the suffix at ``a`` starts (None: no name)."""
        i = a
        while i > 0:
            if i in stops:
                break
            c = s[i - 1]
            if not _NAME_CHAR.match(c):
                break
            if c in "(（" and ")" not in s[i:a] and "）" not in s[i:a]:
                break  # "…开发区(国家级高新区)": a name inside a bracket starts after it
            if c in ")）":
                o = max(s.rfind("(", 0, i - 1), s.rfind("（", 0, i - 1))
                inner = s[o + 1 : i - 1] if o >= 0 else ""
                if o < 0 or re.search(r"\s|记者|記者|通讯员|摄", inner):
                    break  # "(记者 王晓斌)三亚理工职业学院": a byline, no part of the name
                if re.fullmatch(r"[一二三四五六七八九十\d]{1,3}", inner):
                    break  # "(一)产教融合联盟": an outline's number
            if c in "xX×" and i >= 2 and _CJK.match(s[i - 2]) and _CJK.match(s[i]):
                break  # "中彰投分署x逢甲大学": a headline's "x" joins two partners
            if c in _SINGLE_COORD:
                # a coordinator between two names ends this one ("A大学与B有限公司"); inside a
                # name it does not ("工业和信息化部", "装备制造与维修行业…共同体")
                j = i - 1
                if c == "、" or self._coord_splits(s, j):
                    break
            i -= 1
            if a - i > _MAX_NAME:
                return None
        return i

    def _government_ok(self, s: str, start: int, a: int, b: int, top: str) -> bool:
        """A bare "政府" is a body only with its place ("深圳市政府"), not "地方政府"."""
        suf = s[a:b]
        if top != "Government" or len(suf) > 2 or suf[-1] != "府":
            return True
        stem = s[start:a]
        return bool(stem[-1:] in self.lex.place_suffixes or stem in self.lex.places)

    def _college_in_university(
        self, s: str, start: int, a: int, klass: str, top: str
    ) -> tuple[str, str]:
        """ "深圳大学腾讯云人工智能学院": a college named inside a university's name is an
        industrial college (a platform), not a second school."""
        if top != "Institution":
            return klass, top
        stem = s[start:a]
        inst: list[str] | None = getattr(self, "_inst_suffixes", None)
        if inst is None:  # computed once
            inst = self._inst_suffixes = [
                x
                for x, c in self.lex.suffixes.items()
                if self.lex.schema.classes[c].top == "Institution"
            ]
        suffix = s[a:]
        for x in inst:
            k = stem.find(x)
            # a school of a university (清华大学经管学院, …大学德州研究院) is an institution;
            # a long inner name (深圳大学腾讯云人工智能学院) marks an industrial college
            if k >= 2 and len(stem) - (k + len(x)) >= 5 and suffix.startswith("学院"):
                college = self._industrial_college_class()
                return college, self.lex.schema.classes[college].top
        return klass, top

    def _industrial_college_class(self) -> str:
        # the class the ontology gives the suffix 产业学院 (IndustrialCollege), else Platform
        for suf, c in self.lex.suffixes.items():
            if suf.endswith("学院") and self.lex.schema.classes[c].top == "Platform":
                return c
        return "Platform"

    def _coord_splits(self, s: str, j: int) -> bool:
        """Does the coordinator at ``j`` separate two names? Yes when a name ends right
        before it (an organisation or place suffix, a known name) or one starts right after
        it (a place name such as 浙江…, a known name); at the very start (同济大学) no."""
        if j == 0 or not _NAME_CHAR.match(s[j - 1]):
            return False
        left = s[max(0, j - 12) : j]
        lex = self.lex
        if any(left.endswith(x) for x in lex.suffixes) or any(
            left.endswith(x) for x in lex.place_suffixes
        ):
            return True
        if left.endswith(_SCHOOL_SHORT):
            return True  # "虎尾科大与友嘉集团": a school's short form ends a name
        if s[j] in "与同跟":
            run = _NAME_RUN.search(left)
            if run is not None and 2 <= len(run.group(0)) <= 3 and run.start() > 0:
                return True  # "，华为与德成技工学校": a run this short is no organisation's name
            if _TITLED_PERSON.search(left):
                return True  # "负责人李文聪与德成技工学校": a person after a title
        right = s[j + 1 : j + 13]
        for n in range(min(len(right), 12), 1, -1):
            if right[:n] in lex.places or right[:n] in lex.gazetteer:
                return True
        for n in range(min(len(left), 12), 1, -1):
            if left[-n:] in lex.gazetteer or left[-n:] in lex.places:
                return True
        return False

    @staticmethod
    def _strip_determiners(s: str, start: int, a: int) -> int | None:
        changed = True
        while changed:
            changed = False
            for d in DETERMINERS:
                if s.startswith(d, start) and start + len(d) <= a:
                    start += len(d)
                    changed = True
                elif s.startswith("有" + d, start) and start + 1 + len(d) <= a:
                    start += 1 + len(d)  # "未来有更多产业协会加入"
                    changed = True
        # a speaker and their verb ("他希望联盟…"): a pronoun opens no name
        m = _SPEAKER.match(s, start, a)
        if m:
            start = m.end()
        # a leading coordinator left over at the sentence start ("与X签约") is grammar
        while start < a and s[start] in "与和及、":
            if start + 1 < a and s[start : start + 2] in ("和平", "和田", "及时"):
                break
            start += 1
        return start

    def _strip_person(self, s: str, start: int, a: int) -> int:
        """A person's name glued before a body's name that opens with its place ("周远新厦门象屿…
        集团有限公司", a caption run into the text): a surname and one or two characters, not
        a place themselves, right before a known place, are cut off."""
        places = self.lex.places
        for n in (2, 3):
            if a - start < n + 2 or s[start] not in _SURNAMES:
                continue
            head = s[start : start + n]
            if head in places or s[start : start + 2] in places:
                continue  # 马鞍山…, 金华…: the name opens with its place
            words = _pos(head)
            if len(words) == 1 and words[0][1] != "nr":
                continue  # 方正北京…, 万科北京…: a brand jieba knows, not a person
            rest = s[start + n : a]
            if rest[:3] in places or rest[:2] in places:
                return start + n
        return start

    def _name_ok(self, s: str, start: int, a: int, b: int) -> bool:
        stem = s[start:a]
        name = s[start:b]
        suffix_cls = self.lex.suffixes.get(s[a:b])
        if (
            stem in ("省", "市", "区", "县")
            and b - a >= 2
            and suffix_cls is not None
            and self.lex.schema.classes[suffix_cls].top == "Government"
            and (start == 0 or not _NAME_CHAR.match(s[start - 1]) or s[start - 1] in "、和与及经由")
        ):
            return True  # "省发展改革委": a body of the document's place (qualified later)
        if len(stem) < 2 or not any("\u4e00" <= c <= "\u9fff" or c.isalpha() for c in stem):
            return False
        if stem.isdigit() or re.match(r"^\d", stem):
            return False
        if re.fullmatch(r"[一二三四五六七八九十百两几多数\d]+[家所间个座名位批]", stem):
            return False  # "七间公司", "三所学校": a count of a kind, no name
        if len(stem) <= 6 and stem.endswith("型"):
            return False  # "技术型高中", "产业伙伴型大学": a kind of school, no name
        if stem[-1] in "对向给为" and stem[:-1].endswith(self._org_suffixes):
            return False  # "…有限公司对学院的支持": a body, a preposition and a bare kind
        if any(mark in stem for mark in CATEGORY_MARKS):
            return False  # "江苏省重点产业学院" names a category, not a body
        if name.startswith(("中共中央", "国务院", "全国人大", "全国政协")) or (
            stem == "国家" and b - a >= 3
        ):
            return True  # one body's name that an ontology label also uses (中共中央办公厅)
        return not (
            name in self.generic or name in self.class_labels or self._generic_re.fullmatch(stem)
        )

    def _industry_ok(self, s: str, a: int, b: int) -> bool:
        """An industry label counts when named as such: long enough to be unambiguous, or
        followed by 产业/行业/领域, or right after a focus verb."""
        if b - a >= 4:
            return True
        return bool(any(s.startswith(h, b) for h in INDUSTRY_HEADS))

    def _industry_words(self, x: str) -> bool:
        """Could ``x`` (before 产业/行业/领域) name an industry? A known label, or three or
        more characters that jieba reads as nouns only (not "应涵盖", not "新兴")."""
        if x in self.lex.industries:
            return True
        if x in self.generic or x in self.lex.places or len(x) < 2:
            return False
        if len(x) == 2:
            # "建材产业", "物流行业": a two-character noun named as an industry
            return all(p.flag in ("n", "nz") for p in _pos_tags(x)) and len(_pos_tags(x)) == 1
        import jieba.posseg as pseg

        return all(
            p.flag.startswith("n") or p.flag in ("vn", "eng") for p in pseg.lcut(x, HMM=False)
        )

    def _focus_industries(self, s: str, stops: set[int]) -> list[Mention]:
        lex = self.lex
        out: list[Mention] = []
        if lex.trigger_re is None:
            return out
        for m in lex.trigger_re.finditer(s):
            rel = lex.triggers.get(m.group(0))
            rdef = lex.schema.relations.get(rel or "")
            if rdef is None or not any(
                lex.schema.is_a("Industry", r) for r in rdef.range if r in lex.schema.classes
            ):
                continue
            j = m.end()
            if s.startswith("于", j):
                j += 1
            for h in INDUSTRY_HEADS:
                k = s.find(h, j, j + 14)
                if k > j + 1:
                    x = s[j:k]
                    if (
                        all(_NAME_CHAR.match(c) for c in x)
                        and not any(p in stops for p in range(j + 1, k))
                        and self._industry_words(x)
                    ):
                        out.append(Mention(j, k, "Industry", "Industry", "industry", 0.8))
                    break
        return out

    def _listed_industries(self, s: str) -> list[Mention]:
        """Each item of a list closed by an industry kind names an industry, known label or
        not: "化工、食品、现代物流和电子信息等产业领域", "新兴材料、先进装备等七大产业集群",
        "养老、家政、托幼等社会领域". The kind word and the list form say what the items
        are, so an item needs only to read as a sector (:func:`_sector_item`); at least two
        items must, and nothing already found as a name (a place, an organisation) is
        taken again (:func:`_select` keeps the longer, surer mention)."""
        out: list[Mention] = []
        if "、" not in s:
            return out
        for m in _INDUSTRY_LIST.finditer(s):
            if m.group(0).endswith("产业链") and _CHAIN_FIRMS.match(s, m.end()):
                continue  # "百度、蔚来等产业链领军企业": companies, not sectors
            a = m.start(1)
            spans: list[tuple[int, int]] = []
            joined = 0  # the first span after a conjunction inside an item
            for piece in re.finditer(r"[^、]+", m.group(1)):
                x, y = a + piece.start(), a + piece.end()
                last = _LIST_LAST_JOIN.search(s, x, y)
                if last is not None and last.start() > x:
                    spans.append((x, last.start()))
                    x = last.end()
                    joined = len(spans)
                spans.append((x, y))
            if spans:
                # the first item may carry the verb or frame that opens the list
                spans[0] = _strip_list_lead(s, *spans[0])
            if 0 < joined < len(spans) - 1 and all(
                self._sector_item(s[x:y]) for x, y in spans[joined:]
            ):
                # "…重点企业以及养老、家政、托幼等社会领域": the list of sectors starts after
                # the conjunction; what comes before it is another kind of thing
                spans = spans[joined:]
            good = [(x, y) for x, y in spans if self._sector_item(s[x:y])]
            if len(good) < 2 or len(good) < len(spans) - 1:
                continue  # a list mostly of other things ("人才培养、科技服务等领域")
            out.extend(Mention(x, y, "Industry", "Industry", "industry", 0.75) for x, y in good)
        return out

    def _cued_industries(self, s: str) -> list[Mention]:
        """The items of a list after its kind and a copula ("主导产业为A、B、C", "重点产业包括
        A和B"): each item that reads as a sector (:meth:`_sector_item`), all or none."""
        out: list[Mention] = []
        for m in INDUSTRY_CUE.finditer(s):
            spans = _list_items(s, m.start(1), m.end(1))
            if spans and all(self._sector_item(s[x:y]) for x, y in spans):
                out.extend(
                    Mention(x, y, "Industry", "Industry", "industry", 0.75) for x, y in spans
                )
        # "紧扣新材料、电子信息、绿色食品加工、汽车配件": a plan's list after a verb of focus —
        # three items or more, all sectors, one of them an industry the lexicon knows
        for m in VERB_INDUSTRY_CUE.finditer(s):
            spans = _list_items(s, m.start(1), m.end(1))
            if (
                len(spans) >= 3
                and all(self._sector_item(s[x:y]) for x, y in spans)
                and any(s[x:y] in self.lex.industries for x, y in spans)
            ):
                out.extend(
                    Mention(x, y, "Industry", "Industry", "industry", 0.75) for x, y in spans
                )
        return out

    def _sector_item(self, x: str) -> bool:
        """Could ``x``, an item of an industry list, name a sector? Two to ten characters,
        not a place or a generic word, and jieba reads it as content words ending in a noun
        (or 制造 / 服务 / 结合, the sector words jieba tags as verbs) — no particle, pronoun,
        numeral, preposition or adverb, and not a phrase jieba keeps whole as an idiom
        (人才培养)."""
        if not 2 <= len(x) <= 10 or not all(_NAME_CHAR.match(c) for c in x):
            return False
        if x in self.lex.industries:
            return True
        if x in self.generic or x in self.lex.places or x in self.class_labels:
            return False
        tags = _pos(x)
        if any(f[:1] in _NOT_SECTOR_TAGS for _, f in tags):
            return False
        word, flag = tags[-1]
        if word in self.lex.industries:
            return True  # 绿色食品加工: a known industry with a modifier
        if flag == "a":
            return len(tags) == 1  # 健康: one adjective alone names the sector
        return flag[:1] == "n" or flag in ("vn", "j", "b") or word in _SECTOR_VERBS


#: a list of industries closed by its kind: items joined by 、 (the last also by 和 / 及 /
#: 以及 / 与), then 等, a count (七大, 28个), a modifier of up to six characters (主导, 支柱,
#: 急需, 社会) and the kind
_INDUSTRY_LIST = re.compile(
    r"((?:[\u4e00-\u9fffA-Za-z0-9]{2,16}、)+[\u4e00-\u9fffA-Za-z0-9]{2,16})等"
    r"(?:[一二三四五六七八九十百两几多\d]+[大个项类条])?[\u4e00-\u9fff]{0,6}?"
    r"(?:产业集群|产业链|产业|行业|领域)"
)
#: a list of sectors introduced by its kind and a copula ("主导产业为A、B、C"): group 1 the items
INDUSTRY_CUE = re.compile(
    r"(?<!等)(?:主导|重点|支柱|特色|优势|首位|核心|新兴)产业(?:集群)?(?:为|是|包括|有|涵盖)"
    r"(?!主导|重点|核心|主体|主[，,。])"
    r"([\u4e00-\u9fff、和及]{2,80}?)(?=[。；;)）,，]|等|$)"
)

#: a list of sectors after a verb of focus ("紧扣A、B、C", "聚焦A、B和C"): group 1 the items
VERB_INDUSTRY_CUE = re.compile(
    r"(?:紧扣|聚焦|围绕|对接|瞄准|重点发展|大力发展|培育壮大|做强做优|做大做强)"
    r"([\u4e00-\u9fff]{2,10}(?:、[\u4e00-\u9fff]{2,10}){2,}(?:(?:和|及|以及|与)[\u4e00-\u9fff]{2,10})?)"
    r"(?=[。；;)）,，、]|等|$)"
)


def _list_items(s: str, a: int, b: int) -> list[tuple[int, int]]:
    """The spans of the items of ``s[a:b]``, split at 、 and a last 和 / 及 / 以及 / 与."""
    spans: list[tuple[int, int]] = []
    for piece in re.finditer(r"[^、]+", s[a:b]):
        x, y = a + piece.start(), a + piece.end()
        last = _LIST_LAST_JOIN.search(s, x, y)
        if last is not None and last.start() > x and y - last.end() >= 2:
            spans.append((x, last.start()))
            x = last.end()
        spans.append((x, y))
    return spans


#: what makes a list closed by 产业链 a list of companies
_CHAIN_FIRMS = re.compile(r"(?:领军|龙头|链主|头部|骨干|上下游)?(?:企业|公司)")
#: the last item's conjunction ("…装备制造、文化旅游、能源电力和电子信息")
_LIST_LAST_JOIN = re.compile(r"以及|和|及|与")
#: jieba tags of what may open a list on its first item ("突出培育化工", "优先考虑养老", "在…"):
#: verbs, adverbs, prepositions, conjunctions, pronouns, particles
_LEAD_TAGS = frozenset({"v", "d", "p", "c", "r", "u", "vd", "ad"})
#: … and the opening words jieba tags as verbal nouns ("培育化工", "优先…", "重点…")
#: the verbs that open a list of sectors, anywhere in the first item (the last one counts)
_LIST_OPENER = re.compile(r".*(?:对接|聚焦|围绕|面向|立足|培育|发展|包括|涵盖|覆盖|涉及|以及)")
_LEAD_WORDS = frozenset({"培育", "优先", "重点", "大力", "加快", "推动", "发展", "建设", "布局"})


def _strip_list_lead(s: str, x: int, y: int) -> tuple[int, int]:
    """The first item of a list without the words that open the list: leading tokens jieba
    tags as verbs, adverbs, prepositions or conjunctions (a sector name never starts so;
    装备制造 and 服务外包 start with a noun or a verbal noun)."""
    m = _LIST_OPENER.match(s, x, y)
    if m is not None and y - m.end() >= 2:
        x = m.end()  # "各建设高校将精准对接新兴材料": after the last opening verb
    for word, flag in _pos(s[x:y]):
        if (flag not in _LEAD_TAGS and word not in _LEAD_WORDS) or y - x - len(word) < 2:
            break
        x += len(word)
    # "是一家以高端航空职业教育": after the last preposition, numeral, classifier or pronoun
    at = x
    for word, flag in _pos(s[x:y]):
        at += len(word)
        if flag in ("p", "m", "q", "mq", "r", "u") and y - at >= 2:
            x = at
    return x, y


#: jieba tags that never occur in a sector's name: particles, pronouns, numerals, classifiers,
#: prepositions, conjunctions, adverbs, idioms, time words
_NOT_SECTOR_TAGS = frozenset("urmqpcdlzf")
#: sector words jieba tags as verbs (装备制造, 科技服务, 医养结合, 养老)
_SECTOR_VERBS = frozenset({"制造", "服务", "结合", "养老", "托幼", "托育", "康养", "维修"})


_ROOM = re.compile(r"(?:报告|会议|宴会|展览|多功能|演播|接待|展|餐|大|礼|会客)$")
#: a place's party committee: "(中共)赣州市委", not 委员会 / 委托, not the collective 市委市政府
_PARTY_COMMITTEE = re.compile(
    r"(中共)?([\u4e00-\u9fff]{1,10}?[市县区省州])委(?![员托屈婉派])(?![省市区县]?政府)"
)
#: a quoted name; its parts may be joined by a dash (“香港大學 - 應科院聯合研發實驗室”)
_QUOTED = re.compile(
    r"“((?=[^”]{2,40}”)[\u4e00-\u9fffA-Za-z0-9·]+(?:\s?[-–—－]\s?[\u4e00-\u9fffA-Za-z0-9·]+)*)”"
)
#: what a quoted platform name may end with besides the ontology's suffixes
_PLATFORM_WORDS = ("平台", "基地", "中心", "空间", "工作室", "实验室", "学院", "联盟")


def pair_quotes(s: str) -> str:
    """The sentence with straight double quotes and corner brackets as curly quotes, each
    opening one closed by the next (same length: offsets do not move)."""
    if '"' not in s and "「" not in s and "『" not in s:
        return s
    out = []
    opened = False
    for c in s:
        if c == '"':
            out.append("”" if opened else "“")
            opened = not opened
        elif c in "「『":
            out.append("“")
        elif c in "」』":
            out.append("”")
        else:
            out.append(c)
    return "".join(out)


_ACRONYM = re.compile(r"(?<![A-Za-z])[A-Z][A-Za-z]{1,5}(?![A-Za-z])")
_JIEBA_FREQ: dict[str, int] | None = None
_WORD_MIN_FREQ = 20


def _jieba_words() -> dict[str, int]:
    global _JIEBA_FREQ
    if _JIEBA_FREQ is None:
        import jieba

        jieba.initialize()
        _JIEBA_FREQ = jieba.dt.FREQ
    return _JIEBA_FREQ


def m_suffix_in_word(s: str, a: int, b: int) -> bool:
    """Is a short suffix really the edge of a longer common word? ("教育部门" → 部门, "布局",
    "双赢局面" → 局面, "城市" …): then it does not end a name."""
    if b - a > 2:
        return False
    words = _jieba_words()
    if s.endswith("学", a, b) and s.startswith("校", b) and words.get(s[b : b + 2], 0) > 0:
        return False  # "东南大学校长", "大学校区": 大学 then 校长, not the word 学校
    after = s[b - 1 : b + 1]
    before = s[a - 1 : a + 1] if b - a == 1 and a > 0 else ""
    after2 = s[b - 1 : b + 2]
    # rare dictionary entries ("部发", freq 3) are segmentation noise, not words of the text
    return any(len(w) >= 2 and words.get(w, 0) >= _WORD_MIN_FREQ for w in (after, after2, before))


#: the commonest Chinese surnames (a person's name glued before a body's name)
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤"
)
_PERSON_TITLE = re.compile(r"(?:常务)?(?:副)?(?:书记|委员|常委|成员)")
#: a pronoun and a verb of speaking or hoping before a would-be name ("他希望联盟…")
_SPEAKER = re.compile(
    r"(?:他们|她们|我们|他|她|它)(?:希望|表示|认为|指出|强调|介绍|建议|提出|期待|相信|说|称)?"
)
#: a room of a building that ends in 厅 as a department does ("208讲学厅", "报告厅")
_ROOM = re.compile(r"(?:讲学|报告|会议|学术|展|大|功能|演播|宴会|餐|音乐|放映|接待|演讲)厅$")
#: a person's title closing a would-be name ("学校党委书记", "中共某县委常委")
#: a person's title as a signatory or a speaker holds it ("常务副校长", "党委书记")
PERSON_TITLE = (
    r"(?:党委|党工委)?(?:常务|执行)?副?(?:书记|校长|院长|主任|局长|处长|厅长|部长|董事长|总经理|"
    r"经理|总裁|主席|会长|理事长|秘书长|负责人)"
)
TITLE_END = re.compile(rf"(?:{PERSON_TITLE}|常委|委员)$")
#: a person's title and a surname right before a two-character place stem make the stem a
#: given name: "副院长于乐山", "执行校长赵海林"
_TITLE_SURNAME = re.compile(
    r"(?:书记|校长|院长|主任|局长|处长|厅长|部长|董事长|经理|总裁|主席|会长|理事长|委员|专员|"
    r"教授|老师|记者|同志|代表)[^在到赴去来为对向从与和及、，,。；;\s]$"
)
#: a unit right after its public body: a field's words, then the unit's kind
_SUB_UNIT = re.compile(
    r"([\u4e00-\u9fff]{2,12}?)(?:发展促进中心|发展中心|促进中心|服务中心|交流服务中心|交流中心|"
    r"指导中心|研究中心|中心|司|处)(?![\u4e00-\u9fff]{0,2}(?:学院|大学|基地|公司))"
)
#: a person written as title and name ("副总裁吴立功", "特聘教授刘兰明")
_PERSON_WITH_TITLE = re.compile(
    r"(?:[\u4e00-\u9fff]{0,4}?)(?:书记|校长|院长|主任|局长|处长|厅长|部长|董事长|总经理|经理|总裁|"
    r"主席|会长|理事长|秘书长|委员|教授|老师|记者|专家|院士|博士)[\u4e00-\u9fff]{2,3}"
)
#: … when the name ends there: punctuation, or a verb of attending or speaking
_AFTER_PERSON = re.compile(
    r"$|[，,、。；;）)]|出席|参加|主持|表示|致(?:辞|词|欢迎|开幕|闭幕)|介绍|讲话|等|发表|宣布|指出|"
    r"强调|会见|带队|率队|一行|先生|女士|同志|代表|共同|分别|签署|签订"
)
_ENTERPRISE_WORD = re.compile(r"建设|发展|服务|合作|科技|创新|促进")

#: words that never sit inside a name: particles, adverbs of a clause, a person's title
_CLAUSE_INSIDE = re.compile(
    r"了|在[^，,。]{0,6}?中|之际|期间|发言|致辞|表示|指出|介绍|出席|参加|"
    r"(?:副)?(?:书记|校长|院长|主任|局长|处长|厅长|部长|董事长|总经理|总裁|主席|会长|理事长|"
    r"秘书长|负责人|党组成员|委员|教授|记者|代表)|"
    r"(?:汇总)?后?报(?=[省市区县国])|^经(?=[省市区县国])|^[由向请](?=[省市区县国])|"
    r"率队|率团|一行|日前|到访|走访|拜访|参观|调研|考察|莅临|来到|前往|赴|标志着|改为|随着|随著|"
    r"就(?=[我该本])|和该|与该|我校|我院|本校|^请|单位(?:主要)?(?:有|包括|为)|包括|包含|涵盖|"
    r"(?:仪式|会议|大会|典礼|活动|论坛)上|"
    # a date between a subject and its verb ("清华大学27日与政治大学…")
    r"(?:\d{2,4}年)?(?:\d{1,2}月)?\d{1,2}日|"
    # a whole body, then 与: its partner's name starts after it ("香港理工大学(理大)与创科…基金会",
    # "理大与创科…基金会")
    r"(?:大学|学院|公司|集团)(?:[(（][^()（）]{1,8}[)）])?[与和及同跟]|^[\u4e00-\u9fff]大[与和及同跟]|"
    # a body and its verb before what it builds ("无锡市政府建科技创新研究院")
    r"(?<=政府)(?:共建|新建|筹建|建|设立|成立)"
)
#: verbs that introduce a kind of platform ("推进市域产教联合体"): cut after them
_LEAD_VERBS = re.compile(
    r"推进|推动|加强|提高|提升|培育|建成|打造|创建|规范|统筹|鼓励|引导|探索|深化|完善|健全|"
    r"构建|依托|加快|着力|实施|开展|明确|举办|召开|发挥|围绕|面向|推广|现有|进一步|新一批|一批|"
    r"遴选|认定|申报|入选|获批|立项|成为|启动|组织|指导|带动|服务于|支撑"
)
_NUM_CLASSIFIER = re.compile(
    r"(?:\d+|[一二三四五六七八九十百千万两几多]+|若干)\s*(?:余|多)?"
    r"(?:个|家|所|项|批|类|名|支|种|条|座|届|位|级)"
)


def _cut_inside(s: str, start: int, a: int, top: str) -> int | None:
    """Where a suffix-name really starts once clause words inside the left scan are cut off:
    numeral–classifier phrases ("培育20个…基地"), a person's title or a clause particle
    ("…副局长张三", "…在致辞中明确了联合体") and, for platforms and public bodies, a
    leading verb ("着力推进市域产教联合体"). None when nothing of a name is left after a
    particle (the phrase was a clause, not a name)."""
    stem = s[start:a]
    cut = 0
    hard = False
    for m in _NUM_CLASSIFIER.finditer(stem):
        cut = max(cut, m.end())
    for m in _CLAUSE_INSIDE.finditer(stem):
        if m.end() > cut:
            cut, hard = m.end(), True
    if top in ("Platform", "Government", "Institution"):
        for m in _LEAD_VERBS.finditer(stem):
            rest = stem[m.end() :].lstrip("的了之对在与和及为、")
            if m.end() > cut and (len(rest) >= 2 or not rest):
                cut, hard = m.end(), False
    while cut < len(stem) and stem[cut] in "的了之对在与和及为、":
        cut += 1
    if cut == 0:
        return start
    if (
        stem[cut:] in ("省", "市", "区", "县")
        and top == "Government"
        and stem[cut - 1] in "经由"
        and not s.startswith(("政府", "人民政府"), a)  # 经市政府批准: an approval, no body
    ):
        return start + cut  # "经省发改委": the province's body (qualified by the document)
    if len(stem) - cut < 2:
        return None if hard or cut == len(stem) else start
    return start + cut


#: prepositions that start their object inside a left scan (…厅对X学院, 按规定向X司)
_INNER_PREPOSITIONS = frozenset(
    {"向", "对", "在", "由", "经", "从", "按", "据", "于", "给", "被", "把", "将"}
)
#: verbs of saying, judging or being that head a clause, never a word of a name
_CLAUSE_VERBS = frozenset(
    {"身为", "作为", "成为", "期待", "肯定", "表示", "认为", "希望", "指出", "强调", "称赞"}
    | {"感谢", "欢迎", "介绍", "祝贺", "响应"}
)
#: words of the running text that the left scan sweeps into a name's start (次株洲市…联合体,
#: 到产教融合学院, 来对工贸学院, 如微电子产业学院, 现就公共实训基地): stripped when jieba reads
#: them as a word of their own and not as a noun
_FUNCTION_WORDS = frozenset(
    {"次", "到", "来", "对", "有", "如", "上", "现", "就", "也", "又", "还", "即", "并", "把", "被"}
    | {"将", "向", "从", "让", "于", "就要", "现就", "例如", "比如", "诸如", "包括", "其中"}
    | {"兼"}  # "董事长兼X协会理事长": a second office, the body after it
    | {"未来", "今后", "目前", "当前", "近年来", "今年", "明年"}  # "未来勤科大将…": time
)
_FUNCTION_TAGS = frozenset({"q", "v", "p", "f", "t", "tg", "d", "r", "c", "u", "y", "zg", "m"})


def _is_function_word(word: str, tag: str) -> bool:
    return word in _FUNCTION_WORDS and tag in _FUNCTION_TAGS


def _strip_function_words(s: str, start: int, a: int) -> int | None:
    """Cut the running text off a suffix-name's start: a leading function word
    (:data:`_FUNCTION_WORDS`, as jieba tags it), and everything up to a 暨 joining two names
    (…会议暨北京科技大学(温州)技术转移中心; not 暨南大学)."""
    stem = s[start:a]
    k = stem.rfind("暨")
    if 0 < k < len(stem) - 2 and stem[k + 1] != "南":
        start += k + 1
        stem = stem[k + 1 :]
    cut = 0
    toks = _pos(stem)
    for w, f in toks:
        rest = stem[cut + len(w) :]
        if _is_function_word(w, f) and (len(rest) >= 2 or rest in "省市区县"):
            cut += len(w)
        else:
            break
    # "按规定向工业和信息化部…", "省教育厅对新能源汽车产业学院": a preposition inside the
    # stem starts the object; "明新身为产业型大学", "非常期待明新科大": a clause verb
    pos = 0
    for w, f in toks:
        pos += len(w)
        if (
            pos - len(w) >= 1
            and len(stem) - pos >= 2
            and ((f == "p" and w in _INNER_PREPOSITIONS) or w in _CLAUSE_VERBS)
        ):
            cut = max(cut, pos)
    # "示范区有中等职业学校", "科研院所有中国科学技术大学": 有 (there are) inside the stem;
    # "联合体名称为攀枝花市…", "牵头学校为…": a copula after a noun
    pos = 0
    prev = ""
    for w, f in toks:
        pos += len(w)
        inside = pos - len(w) >= 2 and len(stem) - pos >= 2
        if inside and (
            (w in ("有", "拥有", "具有") and f == "v")
            or (w in ("为", "是") and f in ("p", "v") and prev in ("n", "nt", "vn", "nz"))
        ):
            cut = max(cut, pos)
        prev = f
    if cut == 0 and stem and all(_is_function_word(w, f) or w in _SINGLE_COORD for w, f in toks):
        return None  # "就要和大学": words of the running text before a bare kind, no name
    return start + cut


def _strip_leading_verbs(
    s: str, start: int, a: int, short_suffix: bool, kind_phrase: bool = False, company: bool = False
) -> int | None:
    """Drop verbs that the left scan swept in ("推进产业园区" → 产业园区); with a one-character
    suffix (部, 局, 厅) a verb anywhere in the stem means it is not a name ("城乡接合部")."""

    toks = _pos(s[start:a])
    if short_suffix and any(f == "v" and len(w) >= 2 for w, f in toks):
        # "报送工业和信息化部人事教育司": after the last verb, a unit of a named body
        at = pos = start
        for w, f in toks:
            pos += len(w)
            if f == "v" and len(w) >= 2:
                at = pos
        rest = s[at:a]
        if (
            len(rest) >= 4
            and re.search(r"[部厅局委府]", rest[:-1])
            and not any(f == "v" and len(w) >= 2 for w, f in _pos(rest))
        ):
            return at
        return None
    if kind_phrase and len(toks) == 1 and toks[0][1] in ("v", "vn") and a - start <= 2:
        return None  # "发展产业学院", "建设实训基地": a verb and a kind, not a name
    cut = start
    for w, f in toks:
        if f == "v" and len(w) >= 2:
            cut += len(w)
        else:
            break
    if cut > start and company and (cut == a or s[cut:a] in _COMPANY_FORMS):
        return start  # "攀钢集团有限公司": a brand jieba reads as a verb, before a bare form
    return cut


#: words of a company's legal form that never make a name by themselves
_COMPANY_FORMS = frozenset({"集团", "控股", "股份", "集团股份", "控股集团", "科技", "实业"})


def _pos_tags(text: str) -> list[Any]:
    import jieba.posseg as pseg

    return list(pseg.lcut(text, HMM=False))


_POS_CACHE: dict[str, list[tuple[str, str]]] = {}


def _pos(text: str) -> list[tuple[str, str]]:
    out = _POS_CACHE.get(text)
    if out is None:
        import jieba.posseg as pseg

        out = [(p.word, p.flag) for p in pseg.lcut(text, HMM=False)]
        if len(_POS_CACHE) < 200_000:
            _POS_CACHE[text] = out
    return out


def _overlapping(pat: re.Pattern[str], s: str) -> list[tuple[int, int]]:
    """Every suffix occurrence, including one that ends inside another (大学 … 学院); ``pat``
    is a lookahead pattern ``(?=(a|b|…))`` so the scan runs in C."""
    out = []
    seen = set()
    for m in pat.finditer(s):
        a, b = m.start(), m.start() + len(m.group(1))
        if b not in seen:
            out.append((a, b))
            seen.add(b)
    return out


def _short_school(cand: str) -> str | None:
    """A school's short form: two characters ending in 大 (理大, 政大) or a known ending (…科大)."""
    return (
        "Institution"
        if re.fullmatch(r"[\u4e00-\u9fff]大", cand) or cand.endswith(_SCHOOL_SHORT)
        else None
    )


def _between_schools(s: str, chosen: list[Mention], a: int, b: int) -> str | None:
    """An unknown name listed between two schools is a school ("北门高工、成大南工及高雄高工")."""
    left = (
        any(m.end == a - 1 and m.top == "Institution" for m in chosen) and s[a - 1] in _SINGLE_COORD
    )
    right = (
        b < len(s)
        and s[b] in _SINGLE_COORD
        and any(m.start == b + 1 and m.top == "Institution" for m in chosen)
    )
    return "Institution" if left and right else None


def _select(cands: list[Mention]) -> list[Mention]:
    """Longest match wins, no nesting or overlap; ties by source priority."""
    cands = sorted(cands, key=lambda m: (-m.length, -_PRIORITY.get(m.via, 0), m.start))
    taken: list[Mention] = []
    for m in cands:
        if any(m.start < t.end and t.start < m.end for t in taken):
            continue
        taken.append(m)
    return sorted(taken, key=lambda m: m.start)


_NUMBER_LEAD = re.compile(r"^(?:发文字号|文号|字号)?(?:为|是|即|:|：)?")


def doc_numbers(s: str) -> list[tuple[int, int]]:
    """Spans of document numbers (国办发〔2017〕95号), without lead-ins such as 文号为."""
    out = []
    for m in _DOC_NUMBER.finditer(s):
        a = m.start() + len(_NUMBER_LEAD.match(m.group(0)).group(0))  # type: ignore[union-attr]
        out.append((a, m.end()))
    return out


#: a list of sectors introduced by its kind: "industries such as A, B and C", "sectors
#: including A and B", "such … industries as A, B and C" (lower-case items, up to three words)
_EN_WORD = r"(?!(?:and|or)\b)[a-z][a-z\-]*"
_EN_ITEM = rf"{_EN_WORD}(?:\s{_EN_WORD}){{0,2}}"
_EN_SECTOR_LIST = re.compile(
    r"\b(?:industries|sectors|fields|industry|sector)\s+(?:such\s+as|including|like|as|namely)\s+"
    rf"({_EN_ITEM}(?:,\s*(?:and\s+|or\s+)?{_EN_ITEM})*(?:,?\s+(?:and|or)\s+{_EN_ITEM})?)"
)
_EN_LIST_SEP = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")
#: words that end a sector list's item or show it is not a sector
_EN_NOT_SECTOR = frozenset({"the", "a", "an", "to", "of", "in", "on", "for", "with", "by", "etc"})


# ----------------------------------------------------------------------------------------------
#: the word right before a head word ("Industrial" in "… Industrial College")
_EN_WORD_BEFORE = re.compile(r"([A-Za-z]+)\s+$")


_EN_CAP_NAME = r"([A-Z][A-Za-z0-9&]+(?:-[A-Z][A-Za-z0-9&]+)*(?: [A-Z][A-Za-z0-9&]+(?:-[A-Z][A-Za-z0-9&]+)*){0,3})"
#: "the chairman of X", "X's chairman": X runs a company
_EN_HEAD_OF = re.compile(
    r"\b(?:chairman|chairwoman|chairperson|CEO|general manager|founder) of (?:the )?"
    + _EN_CAP_NAME
    + r"(?![A-Za-z])"
)
#: "cooperation between A and X": X is the other party (A must be a name already)
_EN_BETWEEN_AND = re.compile(
    r"\b(?:co-?operation|partnership|agreement|collaboration)\b[^.]{0,40}?\bbetween\s+"
    r"(?:the\s+)?[A-Z][^.]{2,80}?()\s+and\s+(?:the\s+)?" + _EN_CAP_NAME + r"(?![A-Za-z])"
)
# group 1 is empty and marks where the first party ends; the capitalised name is group 2
#: "signed an agreement with X": X is the other signer
_EN_SIGNED_WITH = re.compile(
    r"\bsign(?:ed|s|ing)?\s+(?:an?\s+|the\s+)?(?:[\w\-]+\s+){0,4}?"
    r"(?:agreements?|MoUs?|memorand(?:um|a)(?:\s+of\s+understanding)?|contracts?)\s+with\s+"
    r"(?:the\s+)?" + _EN_CAP_NAME + r"(?![A-Za-z])"
)


#: a party organ of the body named after it ("Party Committee of …", "CPC Branch of …")
_EN_PARTY_ORGAN = re.compile(r"(?:CPC|(?:Communist\s+)?Party|CPC\s+Party)\s+(?:Committee|Branch)")
#: level words that end a place's or a body's name: "and" after them starts a second name
_EN_LEVEL_WORDS = frozenset({"Province", "City", "Municipality", "Region", "District", "County"})
#: "…, Shindanda signed a … agreement with": one capitalised word (a person's name has two)
#: opening a clause before a signing is a company
_EN_SIGNER = re.compile(
    r"(?:^|(?<=[,;]\s)|(?<=\sand\s))([A-Z][a-z][A-Za-z\-]+)\s+signed\s+(?:an?\s+|the\s+)?"
    r"(?:[\w\-]+\s+){0,5}?(?:agreements?|MoUs?|memorand(?:um|a)|contracts?)\s+with\b"
)
#: capitalised words that open a clause before "signed" and name no body
_EN_NOT_SIGNER = frozenset(
    {"He", "She", "They", "We", "It", "This", "That", "Both", "Each", "Also", "Then", "Who"}
)
#: a capitalised preposition opening a sentence before a name
_EN_LEAD_PREP = re.compile(
    r"(?:At|In|On|From|With|By|To|As|And|Under|After|During|Between|Through|Via)\s+(?=[A-Z])"
)
#: words that only say what kind of school a head names ("Key Vocational College")
_EN_DESCRIPTORS = frozenset(
    [
        "Key",
        "Demonstration",
        "Model",
        "Secondary",
        "Higher",
        "High-level",
        "High-Level",
        "Vocational",
        "Technical",
        "National",
        "Provincial",
        "Municipal",
        "Education",
        "Educational",
        "Public",
        "Private",
        "Modern",
        "Applied",
        "Application-oriented",
        "First-class",
        "Pilot",
        "Excellent",
        "Undergraduate",
        "Junior",
        "Senior",
        "Normal",
        "Comprehensive",
        "Leading",
        "Featured",
    ]
)


#: the last word of a legal form: a name ends there ("… Co., Ltd. and Cofco …": two names)
_EN_LEGAL_ENDS = frozenset({"ltd", "limited", "inc", "co", "corp", "corporation", "llc", "plc"})
#: a company's seat in brackets inside its English name: "(Shanghai)"
_EN_SEAT = re.compile(r"\([A-Z][a-z]+\)")


class EnRecognizer:
    """English names: organisations as capitalised word runs ending in a name head
    (University, College, Consortium …, from the ontology's English labels; Authority, Council,
    Office … of public bodies) or a legal form (Co., Ltd.); places by their English names
    (pinyin and conventional: "Weihai", "Inner Mongolia", "BEIJING" in a dateline) or by a
    level word after a pinyin name ("Hongsibu district"); industries by the ontology's English
    labels ("artificial intelligence", "the manufacturing sector"); known acronyms (VTC)."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        self.gov_heads = {
            h: "Government" for h in EN_GOV_HEADS if "Government" in lex.schema.classes
        }
        heads = sorted(set(lex.en_suffixes) | set(self.gov_heads), key=len, reverse=True)
        legal = sorted(EN_LEGAL, key=len, reverse=True)
        self.head_re = re.compile(
            r"(?<![A-Za-z])("
            + "|".join(map(re.escape, legal))
            + r"|(?:"
            + "|".join(map(re.escape, heads))
            # "School-Enterprise Cooperation": a head joined by a hyphen is no head
            + r")s?)(?![A-Za-z]|-[A-Za-z])"
        )
        self.word_re = re.compile(r"[A-Za-z][A-Za-z0-9&'’\-]*\.?")
        places = sorted(lex.en_places, key=len, reverse=True)
        alt = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in places)
        upper = "|".join(re.escape(p.upper()).replace(r"\ ", r"\s+") for p in places)
        level = rf"(?:\s+{EN_PLACE_LEVELS})?"
        self.place_re = (
            re.compile(rf"(?<![A-Za-z\-])({alt}|{upper})(?![A-Za-z\-']){level}(?![A-Za-z])")
            if places
            else None
        )
        # an unknown pinyin name before a level word ("Hongsibu district", "Haidian District")
        self.level_re = re.compile(
            rf"(?<![A-Za-z\-])([A-Z][a-z]+(?:'[a-z]+)*)\s+{EN_PLACE_LEVELS}(?![A-Za-z])"
        )
        inds = sorted(lex.en_industries, key=len, reverse=True)
        self.industry_re = (
            re.compile(
                r"(?<![A-Za-z\-])(" + "|".join(re.escape(i) for i in inds) + r")(?![A-Za-z\-])",
                re.IGNORECASE,
            )
            if inds
            else None
        )
        secs = sorted(lex.en_sectors, key=len, reverse=True)
        self.sector_re = (
            re.compile(
                r"(?<![A-Za-z\-])("
                + "|".join(map(re.escape, secs))
                + r")\s+(?:sector|industry|industries)\b",
                re.IGNORECASE,
            )
            if secs
            else None
        )
        self.acronym_re = (
            re.compile(
                r"(?<![A-Za-z])(" + "|".join(map(re.escape, lex.acronyms)) + r")(?![A-Za-z])"
            )
            if lex.acronyms
            else None
        )

    def find(self, s: str) -> list[Mention]:
        s = s.replace("\n", " ")  # a name wrapped over two lines (same offsets)
        cands: list[Mention] = []
        for m in self.head_re.finditer(s):
            head = m.group(1)
            a, b = m.start(), m.end()
            base = head.rstrip("s") if head.rstrip("s") in self.gov_heads else head
            klass = (
                self.lex.en_suffixes.get(head.rstrip("s"), None)
                or self.lex.en_suffixes.get(head)
                or self.gov_heads.get(base)
            )
            if klass is None:
                klass = "Company" if "Company" in self.lex.schema.classes else "Enterprise"
            before = _EN_WORD_BEFORE.search(s, max(0, a - 24), a)
            if before is not None:
                # "… Industrial College": the ontology's two-word label decides the class
                compound = f"{before.group(1)} {head.rstrip('s')}".lower()
                klass = self.lex.en_compound_heads.get(compound, klass)
            start = self._left(s, a)
            named_head = head[0].isupper() and (
                head in self.lex.en_suffixes or head in self.gov_heads
            )
            end = self._right(s, b) if named_head else b
            person = _EN_PERSON_AFTER.search(s, b, end)
            if (
                person is not None
                and _ONE_SYLLABLE.fullmatch(person.group(1).lower())
                and _PINYIN_WORD.fullmatch(person.group(2).lower())  # not "Hong Kong Industries"
            ):
                end = person.start()  # "… Social Security Li Zhengyu": the official, no name
            if start == a and end == b:
                continue  # a bare head word ("the University") is not a name
            if end > b and _EN_PARTY_ORGAN.fullmatch(s, start, b):
                continue  # "Secretary of the Party Committee of X College": X, in a title
            top = self.lex.schema.classes[klass].top if klass in self.lex.schema.classes else klass
            unit = _EN_UNIT_OF.search(s, max(0, start - 80), start)
            if unit is not None and top == "Government":
                start = unit.start()  # "Exchange Service Center of the Ministry of …": the unit
            parent = _EN_MINISTRY_OF.search(s, max(0, start - 40), start)
            if parent is not None and head.rstrip("s") in _EN_UNIT_HEADS:
                # "Ministry of Industry and … Talent Exchange Centre": a ministry's unit, public
                start = parent.start()
                klass = self.gov_heads.get("Ministry") or self.lex.en_suffixes.get(
                    "Ministry", klass
                )
                top = (
                    self.lex.schema.classes[klass].top
                    if klass in self.lex.schema.classes
                    else klass
                )
            while s.startswith(("The ", "the "), start) and start + 4 <= a:
                start += 4  # the article is not part of the name
            lead = _EN_LEAD_PREP.match(s, start)
            if lead and lead.end() <= a:
                start = lead.end()  # "At Changzhou … Institute": a sentence's first word
            if start < a and end == b and all(w in _EN_DESCRIPTORS for w in s[start:a].split()):
                continue  # "Key Vocational College": a kind of school, no name
            if start >= a and end == b:
                continue
            cands.append(Mention(start, end, klass, top, "en", 0.85))
        cands.extend(self._places(s))
        cands.extend(self._industries(s))
        cands.extend(self._unheaded_companies(s, cands))
        # a quoted title ending in a policy's kind: “Vocational Education … Action Plan (2020-2023)"
        for m in _EN_POLICY_TITLE.finditer(s):
            cands.append(Mention(m.start(1), m.end(1), "Policy", "Policy", "policy", 0.9))
        # an unquoted one opening with its kind: "the Framework Agreement on … with B"
        for a, b, _t in policy_titles(s):
            cands.append(Mention(a, b, "Policy", "Policy", "policy", 0.85))
        if self.acronym_re is not None:
            for m in self.acronym_re.finditer(s):
                klass, key = self.lex.acronyms[m.group(1)]
                top = self.lex.schema.classes[klass].top
                cands.append(Mention(m.start(), m.end(), klass, top, "gazetteer", 0.9, key=key))
        return _select(cands)

    def _unheaded_companies(self, s: str, cands: list[Mention]) -> list[Mention]:
        """A capitalised name without a head word that the sentence shows to be a company:
        "the chairman of Rhein-Koester", "cooperation between <a named body> and Rhein-Koester"."""
        klass = "Company" if "Company" in self.lex.schema.classes else "Enterprise"
        top = self.lex.schema.classes[klass].top if klass in self.lex.schema.classes else klass
        out: list[Mention] = []
        for pat in (_EN_HEAD_OF, _EN_BETWEEN_AND, _EN_SIGNED_WITH, _EN_SIGNER):
            for m in pat.finditer(s):
                g = 2 if pat is _EN_BETWEEN_AND else 1
                a, b = m.start(g), m.end(g)
                if g == 2 and not any(c.end == m.start(1) for c in cands):
                    continue  # the first party must be a name found by the rules
                if any(c.start < b and a < c.end for c in cands) or s[a:b] in self.lex.places:
                    continue
                if pat is _EN_SIGNER and (s[a:b] in _EN_NOT_SIGNER or s[a:b].isupper()):
                    continue  # "He signed …", "NUIST signed …" (a short form, read apart)
                out.append(Mention(a, b, klass, top, "en", 0.7))
        return out

    def _places(self, s: str) -> list[Mention]:
        out: list[Mention] = []
        if self.place_re is not None:
            for m in self.place_re.finditer(s):
                name = m.group(1)
                if not name.isupper() and _person_next_to(s, m.start(1), m.end(1)):
                    continue  # "Tang Kai", "Li Weihai": a person's name, not a place
                if name.isupper() and len(name) <= 4:
                    continue  # "WUXI" could be anything in capitals; too short to trust
                key = re.sub(r"\s+", " ", name)
                cls, _zh = self.lex.en_places.get(key) or next(
                    (v for k, v in self.lex.en_places.items() if k.upper() == key), ("Place", "")
                )
                # the reference node of the place when the skeleton is known (深圳市 for
                # Shenzhen): one node whatever the script it is written in
                known = self.lex.gazetteer.get(_zh) if _zh else None
                ref = known[1] if known is not None and known[0] == cls else None
                out.append(Mention(m.start(), m.end(), cls, "Place", "place", 0.85, key=ref))
        for m in self.level_re.finditer(s):
            stem = m.group(1)
            if not _PINYIN_WORD.fullmatch(stem.replace("'", "")):
                continue  # "Central District", "The City": not a pinyin name
            level = s[m.end(1) : m.end()].strip().lower()
            cls = next(
                (
                    c
                    for w, c in _EN_LEVEL_CLASS
                    if level.endswith(w) and c in self.lex.schema.classes
                ),
                "Place",
            )
            out.append(Mention(m.start(), m.end(), cls, "Place", "place", 0.8))
        return out

    def _industries(self, s: str) -> list[Mention]:
        out: list[Mention] = []
        if self.industry_re is not None:
            for m in self.industry_re.finditer(s):
                out.append(Mention(m.start(), m.end(), "Industry", "Industry", "industry", 0.8))
        if self.sector_re is not None:
            for m in self.sector_re.finditer(s):
                out.append(Mention(m.start(1), m.end(1), "Industry", "Industry", "industry", 0.8))
        # "industries such as A, B and C", "such strategic emerging industries as A, B and C"
        for m in _EN_SECTOR_LIST.finditer(s):
            pos = m.start(1)
            for part in _EN_LIST_SEP.split(m.group(1)):
                j = s.find(part, pos)
                pos = j + len(part)
                if part and not _EN_NOT_SECTOR.intersection(part.split()):
                    out.append(Mention(j, pos, "Industry", "Industry", "industry", 0.75))
        return out

    def _left(self, s: str, a: int) -> int:
        words = list(re.finditer(r"[^\s]+", s[:a]))
        start = a
        k = len(words) - 1
        while k >= 0:
            w = words[k].group(0)
            core = w.rstrip(",")
            if w.endswith(",") and not core.endswith(("Co.", "Co")):
                break
            if (
                core[:1].isupper()
                or (any(ch.isupper() for ch in core) and core[:1].isalpha())
                # "Everdisplay Optronics (Shanghai) Limited": the seat in brackets
                or (k > 0 and _EN_SEAT.fullmatch(core))
            ):
                start = words[k].start()
                k -= 1
                continue
            quoted = core.lstrip("‘“\"'")
            if quoted != core and quoted[:1].isupper():
                # "‘Sino-German Intelligent … College’": the name starts after its quote
                start = words[k].start() + len(core) - len(quoted)
                break
            if core.lower() in EN_CONNECTORS and k > 0 and core.lower() not in ("the", "of", "for"):
                # a name ending in its head does not reach left over "of" ("Campus of X School")
                prev = words[k - 1].group(0).rstrip(",")
                if prev[:1].isupper() and not _is_head(self, prev) and core.lower() != "and":
                    start = words[k].start()
                    k -= 1
                    continue
                nxt = words[k + 1].group(0) if k + 1 < len(words) else ""
                place_next = self.place_re is not None and self.place_re.fullmatch(nxt)
                if (
                    core.lower() == "and"
                    and prev[:1].isupper()
                    and not _is_head(self, prev)
                    and prev.rstrip(".").lower() not in _EN_LEGAL_ENDS  # "… Co., Ltd. and B"
                    and not place_next  # "… of Engineering and Xiangtan … Institute": two names
                    and prev not in _EN_LEVEL_WORDS  # "… of Shandong Province and China …"
                ):
                    start = words[k].start()
                    k -= 1
                    continue
            break
        return start

    def _right(self, s: str, b: int) -> int:
        m = _EN_OF_RUN.match(s, b)
        if not m or _EN_PURPOSE.search(m.group(1)):
            return b
        tail = m.group(2) or ""
        if any(_is_head(self, w) for w in tail.split()[1:]):
            tail = ""  # "… of Engineering and Changzhou Vocational Institute": a second name
        end = m.start(2) if m.group(2) else m.end(1)
        end += len(tail)
        if not tail:
            # "Dept. of Education of Shandong Province": a second "of" run names the level
            more = _EN_OF_PLACE.match(s, end)
            if more is not None:
                end = more.end()
        return end


#: a capitalised word that goes on a name ("Hotel", "Kong"), not the first word of the next
#: sentence written on the same line once line breaks are spaces ("The", "A", "On")
_EN_ON = (
    r"(?!(?:The|A|An|This|That|These|Those|On|In|At|By|It|Its|We|Our|"
    # a headline's verb after the name: "… of Zhejiang University Signs Cooperative Agreement"
    r"Signs?|Signed|Inks?|Holds?|Held|Launch(?:es)?|Launched|Opens?|Opened|Establish(?:es)?|"
    r"Established|Joins?|Joined|Partners|Hosts?|Hosted|Visits?|Visited|Wins?|Won)\b)"
    r"[A-Z][A-Za-z\-]*"
)
#: "of (the) X Y" after a head, and "and Z" when the name goes on ("… of Science and Technology")
_EN_OF_RUN = re.compile(
    rf"(\s+(?:of|for)\s+(?:the\s+)?{_EN_ON}(?:\s+{_EN_ON})*)"
    rf"(\s+(?:and|&)\s+{_EN_ON}(?:\s+{_EN_ON})*)?"
)
#: a "for" run that says what an agreement is for, no part of a name ("… College for
#: School-Enterprise Cooperation")
_EN_PURPOSE = re.compile(r"^\s+for\s.*(?:Cooperation|Collaboration|Partnership)$")
#: a second "of" run that ends in a level word: "… of Shandong Province", "… of Ningbo City"
_EN_OF_PLACE = re.compile(
    rf"\s+of\s+(?:the\s+)?{_EN_ON}(?:\s+{_EN_ON}){{0,2}}\s+(?:Province|City|Municipality|"
    r"Autonomous\s+Region|District|County)(?![A-Za-z])"
)


def _is_head(rec: EnRecognizer, word: str) -> bool:
    heads = rec.lex.en_suffixes
    return any(w in heads or w in rec.gov_heads for w in (word, word.rstrip("s")))


#: an English policy title in quotes (group 1): capitalised words ending in a policy's kind,
#: with an optional period in brackets
_EN_POLICY_TITLE = re.compile(
    r"[“\"‘']((?:[A-Z][A-Za-z\-]*\s+)(?:(?:[A-Za-z\-]+|on|for|of|the|and|in)\s+){0,14}?"
    r"(?:Plan|Opinions?|Measures|Notice|Regulations|Guidelines?|Programme|Program|Scheme|Law|"
    r"Rules|Provisions|Decision|Outline|Standards|Circular)"
    r"(?:\s*\(\s*\d{4}\s*[-–—]\s*\d{4}\s*\))?)[”\"’']"
)
#: a unit of a public body written before it: "International Exchange Service Center of the "
_EN_UNIT_OF = re.compile(
    r"(?<![A-Za-z])(?:[A-Z][A-Za-z\-]*\s+){1,5}(?:Center|Centre|Office|Division|Bureau)"
    r"\s+of\s+(?:the\s+)?$"
)


#: a ministry's name before one of its units ("the Ministry of Industry and …")
_EN_MINISTRY_OF = re.compile(r"(?<![A-Za-z])Ministry\s+of\s+(?:the\s+)?$")
_EN_UNIT_HEADS = frozenset({"Centre", "Center", "Office", "Division"})

#: a person's pinyin name closing a capitalised run: a one-syllable surname, a given name
_EN_PERSON_AFTER = re.compile(r"\s([A-Z][a-z]{0,5})\s([A-Z][a-z]{1,11})$")

_PINYIN_SYLLABLE = (
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|uan|ian|iao|uai|ai|ei|ui|ao|ou|iu|ie|ve|ue|er|an|en|"
    r"in|un|vn|ua|uo|a|o|e|i|u|v)"
)
#: a word written in Hanyu Pinyin without tones ("Hongsibu", "Xi'an")
_PINYIN_WORD = re.compile(rf"(?i)(?:{_PINYIN_SYLLABLE})+")
_ONE_SYLLABLE = re.compile(rf"(?:{_PINYIN_SYLLABLE})")
_EN_LEVEL_CLASS = (
    ("autonomous region", "Province"),
    ("special administrative region", "Province"),
    ("sar", "Province"),
    ("province", "Province"),
    ("municipality", "City"),
    ("city", "City"),
    ("prefecture", "City"),
    ("district", "District"),
    ("county", "County"),
    ("new area", "District"),
    ("region", "Region"),
)


def _person_next_to(s: str, a: int, b: int) -> bool:
    """Is the capitalised word right before or after s[a:b] one pinyin syllable — a surname
    or a given name ("Tang Kai", "Yang Weihai")? Then s[a:b] is part of a person's name."""
    before = re.search(r"([A-Z][a-z]{0,5})\s$", s[max(0, a - 8) : a])
    after = re.match(r"\s([A-Z][a-z]{0,5})(?![A-Za-z])", s[b : b + 8])
    for m in (before, after):
        if m and _ONE_SYLLABLE.fullmatch(m.group(1).lower()):
            return True
    return False
