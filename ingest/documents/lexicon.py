"""Everything the extractor knows about words, compiled once from the ontology (and the
names already in the graph). No label, suffix or trigger is written here: they come from
``ontology.schema.Schema``. What is written here is grammar — function words that bound a
name or negate a statement — which is not ontology.

Example:
    >>> lex = Lexicon.build(load_schema())
    >>> lex.class_for_suffix("职业技术学院")
    'VocationalCollege'
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from iegraph.ingest.documents.script import fold
from iegraph.ontology.schema import Schema

# ---- grammar (not ontology) -------------------------------------------------------------------
#: words that join the members of a group ("A、B和C共同牵头")
COORDINATORS = ("以及", "、", "和", "与", "及", "同", "跟", "联合", "携手", "会同", "引入", "引进")
#: negation right before a trigger cancels it ("尚未合作")
NEGATIONS = ("尚未", "并未", "从未", "没有", "未", "不", "无")
#: adverbs and auxiliaries that may sit between a subject and its verb
#: (only used to decide whether a name ends; any other text also may sit there)
#: function words and common verbs that cannot be inside a name: a name found by its suffix
#: stops on its left at one of them
NAME_STOPS = (
    "由",
    "在",
    "的",
    "是",
    "于",
    "为",
    "向",
    "将",
    "把",
    "被",
    "从",
    "等",
    "并",
    "已",
    "还",
    "也",
    "共同",
    "分别",
    "正式",
    "作为",
    "担任",
    "成为",
    "获得",
    "得到",
    "受到",
    "通过",
    "推动",
    "邀请",
    "尤其",
    "引入",
    "引进",
    "特别是",
    "调动",
    "打造",
    "依托",
    "包括",
    "其中",
    "提出",
    "宣布",
    "举行",
    "召开",
    "同期",
    "今年",
    "去年",
    "近日",
    "日前",
    "今日",
    "今天",
    "今晚",
    "借助",
    "目前",
    "当前",
    "此外",
    "同时",
    "以",
    "拟",
    "获",
    "入围",
    "公示",
    "公布",
    "名单",
    "协议",
    "合作",
    "签订",
    "签约",
    "牵头",
    "成立",
    "设立",
    "助力",
    "助推",
    "构筑",
    "激发",
    "来自",
    "获准",
    "核准",
    "批准",
    "组建",
    "建设",
    "共建",
    "加入",
    "支持",
    "均为",
    "同为",
    "皆为",
    "列为",
    "定为",
    "评为",
    "视为",
    "即为",
    "分别为",
    "是为",
    "原名",
    "前身",
    "简称",
    "又称",
    "原为",
    "现为",
    "当选",
    "担任",
    "以下简称",
    "以下略称",
)
#: 经 ("by way of") / 据 ("according to") before a ministry or a province ends a name:
#: "经黑龙江省欧美同学会沟通协调", "据教育部统计" (经济 stays whole); the provinces come from
#: the place names
_BY_WAY_OF_BODIES = (
    "教育部",
    "国务院",
    "中共",
    "财政部",
    "科技部",
    "工业和信息化部",
    "人力资源",
    "中国",
    "国家",
    # the municipalities at provincial level, filed as cities among the place names
    "北京",
    "天津",
    "上海",
    "重庆",
)
#: determiners that make a suffix-name generic ("该联合体", "各高校")
DETERMINERS = (
    "该",
    "本",
    "各",
    "这",
    "那",
    "其",
    "此",
    "每",
    "某",
    "多所",
    "多家",
    "一批",
    "一所",
    "一家",
    "一个",
    "若干",
    "相关",
    "有关",
    "这些",
    "上述",
    "我",
    # quantities before a kind, never a name's start ("更多产业协会", "首个全国…共同体")
    "更多",
    "其他",
    "其它",
    "一些",
    "多个",
    "首个",
    "首家",
    "很多",
    "许多",
    "众多",
    "诸多",
    "不少",
)
#: qualifiers of a designation category rather than a name ("江苏省重点产业学院")
CATEGORY_MARKS = (
    "重点",
    "首批",
    "第一批",
    "第二批",
    "第三批",
    "省级",
    "国家级",
    "市级",
    "示范性",
    "高水平",
    "优质",
    "一流",
    "骨干",
    "标杆",
    "示范性",
    "试点",
)
#: what follows an industry name when it is named as such
INDUSTRY_HEADS = ("产业链", "产业集群", "产业", "行业", "领域")
#: English: connectors allowed inside a capitalised name
EN_CONNECTORS = ("of", "for", "and", "&", "de", "the")
EN_LEGAL = (
    "Co., Ltd.",
    "Co.,Ltd.",
    "Co. Ltd.",
    "Co., Ltd",  # the closing period often dropped ("… Consulting Co., Ltd and …")
    "Co.,Ltd",
    "Co. Ltd",
    "Company Limited",
    "Ltd.",
    "Limited",
    "Inc.",
    "Corporation",
    "Corp.",
    "Group",
)
#: English heads of public bodies that the ontology's labels leave out as too generic alone
#: ("State Council", "… Testing Authority", "… Youth Affairs Office"): a capitalised name
#: before them is a Government body
EN_GOV_HEADS = (
    "Authority",
    "Council",
    "Office",
    "Administration",
    "Agency",
    "Government",
    "Dept.",  # "Dept. of Education of Shandong Province"
)
#: English level words after a place name ("Wuzhong city", "Ningxia Hui autonomous region")
EN_PLACE_LEVELS = (
    r"(?:(?:Hui|Zhuang|Uygur|Uyghur|Tibetan|Korean)\s+)?(?:[Aa]utonomous\s+[Rr]egion|"
    r"[Aa]utonomous\s+[Pp]refecture|[Ss]pecial\s+[Aa]dministrative\s+[Rr]egion|SAR|"
    r"[Pp]rovince|[Mm]unicipality|[Cc]ity|[Dd]istrict|[Cc]ounty|[Pp]refecture|[Rr]egion|"
    r"[Nn]ew\s+[Aa]rea)"
)
_DATA = os.path.join(os.path.dirname(__file__), "data")
#: adminstrative suffixes whose stems also stand alone as place names ("常州市" → "常州")
_ADMIN_TAGS = ("ns",)
#: jieba tags of a stem that may stand alone as the place (nouns, names)
_STEM_TAGS = ("ns", "n", "nz", "nr", "nt")
#: English words too generic to end an organisation name
_EN_GENERIC = (
    "Institution",
    "Enterprise",
    "Government",
    "Body",
    "Authority",
    "Agency",
    "Technology",
    "Unit",
    "Organ",
    "Space",
    "Class",
    "Business",
    "Firm",
    "Office",
    "Commerce",
    "Council",
    "Policy",
    "Statement",
    "Point",
    "Source",
)


@dataclass
class Lexicon:
    """Compiled word lists of the extractor."""

    schema: Schema
    suffixes: dict[str, str] = field(default_factory=dict)  # folded suffix → class
    suffix_re: re.Pattern[str] | None = None
    suffix_any_re: re.Pattern[str] | None = None
    place_suffixes: dict[str, str] = field(default_factory=dict)  # 省/市/区/县 … → class
    industry_suffixes: tuple[str, ...] = ()
    triggers: dict[str, str] = field(default_factory=dict)  # folded trigger → relation
    trigger_re: re.Pattern[str] | None = None
    en_triggers: dict[str, str] = field(default_factory=dict)
    en_trigger_re: re.Pattern[str] | None = None
    en_suffixes: dict[str, str] = field(default_factory=dict)  # word → class
    #: "industrial college" → class: a class's two-word English label that names another top
    #: class than its head word alone ("College" is a school, "Industrial College" a platform)
    en_compound_heads: dict[str, str] = field(default_factory=dict)
    gazetteer: dict[str, tuple[str, str]] = field(default_factory=dict)  # folded → (class, key)
    industries: dict[str, str] = field(default_factory=dict)  # folded label → concept id
    concepts: dict[str, str] = field(default_factory=dict)  # folded label → concept id
    places: dict[str, str] = field(default_factory=dict)  # folded place name → class
    stops_re: re.Pattern[str] | None = None
    stops_any_re: re.Pattern[str] | None = None
    top_classes: dict[str, str] = field(default_factory=dict)  # top name → itself
    display: dict[str, str] = field(default_factory=dict)  # gazetteer key → its official name
    generic_names: set[str] = field(default_factory=set)  # kinds, not names (set by the recognizer)
    _max_suffix: int = 0  # length of the longest suffix (class_for_suffix)
    en_places: dict[str, tuple[str, str]] = field(default_factory=dict)  # English → (class, zh)
    en_industries: dict[str, str] = field(default_factory=dict)  # lower-case label → concept
    en_sectors: dict[str, str] = field(default_factory=dict)  # one-word section names (…sector)
    acronyms: dict[str, tuple[str, str]] = field(default_factory=dict)  # VTC → (class, key)

    # -------------------------------------------------------------------------------------------
    @classmethod
    def build(
        cls,
        schema: Schema,
        known_names: list[tuple[str, str, str]] | None = None,
        gazetteer: list[tuple[str, str, str, list[str]]] | None = None,
    ) -> Lexicon:
        """Compile the lexicon from the ontology and (optionally) the graph's known names.

        Args:
            schema: the compiled ontology.
            known_names: ``(surface, class, key)`` from ``GraphWriter.known_names()``.
            gazetteer: reference names ``(name, class, key, aliases)`` — for instance every
                higher-education institution keyed by its 学校标识码 and every place by its
                division code. Each name and alias is found as a fixed name and resolves to
                ``key``; a name of an unknown class is skipped. Known graph names win.

        Example:
            >>> lex = Lexicon.build(schema, gazetteer=[("深圳大学", "University", "moe:4144010590", ["深大"])])
            >>> lex.gazetteer["深大"]
            ('University', 'moe:4144010590')
        """
        lex = cls(schema=schema)
        place_top = "Place"
        industry_top = "Industry"
        for c in schema.classes.values():
            if c.top not in schema.top_level:
                continue
            for suf in c.name_suffixes:
                f = fold(suf)
                if c.top == place_top:
                    lex.place_suffixes.setdefault(f, c.name)
                elif c.top == industry_top:
                    continue
                elif c.top == "Policy":
                    continue  # policies are found by their 《》 title, not a suffix
                else:
                    # the more specific class wins when two classes share a suffix
                    prev = lex.suffixes.get(f)
                    if prev is None or schema.is_a(c.name, prev):
                        lex.suffixes[f] = c.name
        lex.industry_suffixes = tuple(
            sorted(
                {
                    fold(s)
                    for c in schema.classes.values()
                    if c.top == industry_top
                    for s in c.name_suffixes
                },
                key=len,
                reverse=True,
            )
        )
        lex.top_classes = {t: t for t in schema.top_level}
        label_triggers: dict[str, str] = {}
        # relation triggers (zh-Hans in the ontology; folded so Traditional text matches)
        for r in schema.relations.values():
            if not r.triggers:
                continue  # a relation without trigger words is not read from text
            for t in r.triggers:
                lex.triggers.setdefault(fold(t), r.name)
            # the relation's own Chinese labels say it too ("合作", "成员", "服务于")
            for lang in ("zh-Hans", "zh-Hant"):
                words = [r.labels.get(lang, "")] + list(r.alt_labels.get(lang, ()))
                for w in words:
                    if w and len(w) >= 2 and not w.endswith(("机关", "关系")):
                        label_triggers.setdefault(fold(w), r.name)
            for lang, lab in r.labels.items():
                if lang == "en":
                    for form in _en_forms(lab):
                        lex.en_triggers.setdefault(form, r.name)
            for lang, alts in r.alt_labels.items():
                if lang == "en":
                    for a in alts:
                        for form in _en_forms(a):
                            lex.en_triggers.setdefault(form, r.name)
        for w, rel in label_triggers.items():
            lex.triggers.setdefault(w, rel)  # explicit trigger words win on a clash
        # English name heads: the last word of each organisation/platform class's English
        # labels ("Vocational college" → College) plus legal forms
        # a head shared by several classes goes to the first top class in the ontology's order
        # (Institution before Platform: "… College" is a school unless the context says more)
        ordered = sorted(
            (c for c in schema.classes.values() if c.top in schema.top_level),
            key=lambda c: (schema.top_level.index(c.top), c.parent is None),
        )
        for c in ordered:
            if c.top in (place_top, industry_top, "Policy"):
                continue
            last = c.labels.get("en", "").strip().split(" ")[-1]
            if last and last[0].isalpha() and len(last) > 3:
                key = last[0].upper() + last[1:]
                if key not in _EN_GENERIC:
                    lex.en_suffixes.setdefault(key, c.name)
        for c in ordered:
            if c.top in (place_top, industry_top, "Policy"):
                continue
            for w in c.alt_labels.get("en", ()):
                last = w.strip().split(" ")[-1]
                if last and last[0].isalpha() and len(last) > 3:
                    key = last[0].upper() + last[1:]
                    if key not in _EN_GENERIC:
                        lex.en_suffixes.setdefault(key, c.name)
        for c in ordered:
            if c.top in (place_top, industry_top, "Policy"):
                continue
            for w in (c.labels.get("en", ""), *c.alt_labels.get("en", ())):
                words = w.strip().split(" ")
                if len(words) != 2 or not words[-1][:1].isalpha():
                    continue  # a label of exactly two words: the head and what changes it
                single = lex.en_suffixes.get(words[-1][0].upper() + words[-1][1:])
                if single is not None and schema.classes[single].top != c.top:
                    lex.en_compound_heads.setdefault(w.strip().lower(), c.name)
        # concepts: industries are entities; the other schemes are outline topics
        for con in schema.concepts.values():
            names = [con.labels.get(lang, "") for lang in ("zh-Hans", "zh-Hant")]
            for lang in ("zh-Hans", "zh-Hant"):
                names.extend(con.alt_labels.get(lang, ()))
            for n in names:
                if not n:
                    continue
                f = fold(n)
                if con.scheme.startswith("Industry"):
                    lex.industries.setdefault(f, con.id)
                lex.concepts.setdefault(f, con.id)
            if con.scheme.startswith("Industry"):
                _en_industry(lex, con.id, [con.labels.get("en", ""), *con.alt_labels.get("en", ())])
        place_order = tuple(c.name for c in schema.classes.values() if c.top == place_top)
        lex.places = dict(_place_names(tuple(sorted(lex.place_suffixes.items())), place_order))
        _regional(lex)
        for surface, klass, key in known_names or ():
            if klass in schema.classes and surface:
                lex.gazetteer.setdefault(fold(surface), (klass, key))
        for name, klass, key, aliases in gazetteer or ():
            if klass not in schema.classes:
                continue
            for n in (name, *aliases):
                f = fold(n) if n else ""
                if len(f) >= 2 and f not in lex.places:
                    lex.gazetteer.setdefault(f, (klass, key))
            lex.display.setdefault(key, name)
        lex._compile()
        return lex

    def _compile(self) -> None:
        sufs = sorted(self.suffixes, key=len, reverse=True)
        self._max_suffix = len(sufs[0]) if sufs else 0
        self.suffix_re = re.compile("|".join(map(re.escape, sufs))) if sufs else None
        self.suffix_any_re = (
            re.compile("(?=(" + "|".join(map(re.escape, sufs)) + "))") if sufs else None
        )
        trig = sorted(self.triggers, key=len, reverse=True)
        self.trigger_re = re.compile("|".join(map(re.escape, trig))) if trig else None
        en = sorted(self.en_triggers, key=len, reverse=True)
        self.en_trigger_re = (
            re.compile(r"\b(" + "|".join(map(re.escape, en)) + r")\b", re.IGNORECASE)
            if en
            else None
        )
        multi = {c for c in COORDINATORS if len(c) > 1} | {n for n in NEGATIONS if len(n) > 1}
        # the verb head of a longer trigger stops a name too ("确定为" → 确定, "揭牌成立" → 揭牌)
        multi |= {t[:2] for t in self.triggers if len(t) >= 3}
        stops = sorted(set(NAME_STOPS) | set(self.triggers) | multi, key=len, reverse=True)
        provinces = [p for p, c in self.places.items() if c == "Province"]
        ahead = sorted({*_BY_WAY_OF_BODIES, *provinces}, key=len, reverse=True)
        by_way_of = "[经据](?=" + "|".join(map(re.escape, ahead)) + ")"
        alts = "|".join([*map(re.escape, stops), by_way_of])
        self.stops_re = re.compile(alts)
        # every (overlapping) position where a stop word starts, with its longest form
        self.stops_any_re = re.compile("(?=(" + alts + "))")

    def class_for_suffix(self, name: str) -> str | None:
        """Class a name's suffix marks (longest suffix), or None."""
        for n in range(min(len(name), self._max_suffix), 0, -1):
            klass = self.suffixes.get(name[-n:])
            if klass is not None:
                return klass
        return None

    def pattern_names(self) -> list[str]:
        """Every fixed name the phrase matcher knows (for ``jieba.add_word``)."""
        return list(self.gazetteer) + list(self.industries) + list(self.places)


def _en_industry(lex: Lexicon, cid: str, labels: list[str]) -> None:
    """English industry names: a label of two or more words ("artificial intelligence",
    "new materials") or one distinctive word ("biotechnology") is found as written; a one-word
    name of a whole economic section ("Manufacturing", "Education") only when the text calls
    it a sector or an industry ("the manufacturing sector")."""
    if cid == "ind_gb_P":
        return  # education is what every document here is about, not an industry it names
    section = cid.startswith("ind_gb_")
    for lab in labels:
        low = lab.strip().lower()
        if len(low) < 4 or "," in low or (low.isupper() and len(low) <= 4):
            continue
        if " " in low or not section:
            if low.upper() != lab.strip():  # acronyms (AI, NEV) are too short to trust
                lex.en_industries.setdefault(low, cid)
        else:
            lex.en_sectors.setdefault(low, cid)


def _regional(lex: Lexicon) -> None:
    """The packaged word lists of the document pipeline (``data/``): English names of
    provinces and prefecture-level places (pinyin and conventional forms, with their Chinese
    names as places too: 香港, 澳门, 台湾 …) and public bodies and universities of Hong Kong,
    Macao and Taiwan that the suffix rules mislabel or cannot see (职业训练局 is a school, not a
    bureau; VTC, 台科大)."""
    import csv

    from iegraph.ontology.names import entity_key

    schema = lex.schema
    with open(os.path.join(_DATA, "places_en.csv"), encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            cls = row["class"]
            if cls not in schema.classes:
                continue
            lex.en_places.setdefault(row["name_en"], (cls, row["name_zh"]))
            lex.places.setdefault(fold(row["name_zh"]), cls)
            if row["zh_short"]:
                lex.places.setdefault(fold(row["zh_short"]), cls)  # 香港, 澳门, 台湾
    with open(os.path.join(_DATA, "bodies.csv"), encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            cls = row["class"]
            if cls not in schema.classes:
                continue
            top = schema.classes[cls].top
            key = entity_key(top, row["name"])
            lex.display.setdefault(key, row["name"])
            for n in (row["name"], *row["aliases"].split("|")):
                n = n.strip()
                if not n:
                    continue
                if n.isascii() and n.isupper() and " " not in n:
                    lex.acronyms.setdefault(n, (cls, key))
                elif len(n) >= 2:
                    lex.gazetteer.setdefault(fold(n), (cls, key))


#: irregular forms of English relation verbs (past, past participle, -ing)
_EN_IRREGULAR = {
    "build": ("built", "building"),
    "lead": ("led", "leading"),
    "run": ("ran", "run", "running"),
    "set up": ("set up", "setting up"),
}


def _en_forms(label: str) -> list[str]:
    """Inflected forms of an English relation label ("leads" → lead, leads, led, leading)."""
    label = label.strip().lower()
    if not label or len(label) < 4:
        return []
    words = label.split(" ")
    verb, rest = words[0], words[1:]
    if verb in ("is", "was", "has"):
        return [label]
    if not verb.endswith("s") or verb.endswith("ss"):
        return [label]  # not a third-person verb ("based in"): keep the label as written
    if verb.endswith("ies"):
        stem = verb[:-3] + "y"  # "certifies" → certify, certified, certifying
        forms = {stem, verb, stem[:-1] + "ied", stem + "ing"}
    else:
        stem = verb[:-2] if re.search(r"(ss|sh|ch|x|us)es$", verb) else verb[:-1]
        forms = {
            stem,
            verb,
            (stem + "d") if stem.endswith("e") else (stem + "ed"),
            (stem.removesuffix("e")) + "ing",
        }
    # irregular pasts and doubled consonants ("built", "led", "ran", "running")
    base = stem.removeprefix("co-")
    irregular = _EN_IRREGULAR.get(base)
    if irregular is not None:
        forms -= {base + "ed", "co-" + base + "ed", base + "ing", "co-" + base + "ing"}
        pre = stem[: len(stem) - len(base)]
        forms |= {pre + w for w in irregular}
    if stem.startswith("co-"):
        forms |= {"jointly " + f[3:] for f in list(forms)}
    tail = (" " + " ".join(rest)) if rest else ""
    return sorted({f + tail for f in forms})


@lru_cache(maxsize=4)
def _place_names(
    place_suffixes: tuple[tuple[str, str], ...], class_order: tuple[str, ...] = ()
) -> list[tuple[str, str]]:
    """Place names from jieba's own dictionary (words tagged ``ns``) that carry an
    administrative suffix of the ontology (省, 市, 区, 县 …), plus their stems when the stem is
    itself a place word or unknown to jieba (合肥市 → 合肥; 开发区 gives nothing: 开发 is a verb).
    """
    import jieba

    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    tags: dict[str, str] = {}
    freqs: dict[str, int] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3:
                tags[parts[0]] = parts[2]
                freqs[parts[0]] = int(parts[1])
    sufs = sorted(place_suffixes, key=lambda p: len(p[0]), reverse=True)
    out: dict[str, str] = {}
    # a bare stem shared by several levels (长沙市 / 长沙县) is the higher one: the order of
    # the place classes in the ontology (Province, City, District, County)
    rank = {k: i for i, k in enumerate(class_order)}
    stems: dict[str, str] = {}
    for word, tag in tags.items():
        if tag not in _ADMIN_TAGS or not 3 <= len(word) <= 8:
            continue
        for suf, klass in sufs:
            if word.endswith(suf) and len(word) - len(suf) >= 2:
                stem = word[: -len(suf)]
                if len(suf) == 1 and freqs.get(word[-2:], 0) > 3000:
                    break  # "偏远地区", "郊区": a common word ending in 区, not a named area
                out[word] = klass
                st = tags.get(stem)
                # the bare stem is a place too unless jieba knows it as a verb/adjective…
                # …but not a common word ("中心" from 中心区): a rare noun or unknown only
                common = st is not None and st != "ns" and freqs.get(stem, 0) > 1500
                # only a city's or a province's stem stands alone ("常州"); a district's or a
                # county's bare stem is most often something else (新华, 安平, 爱民)
                if (
                    (st is None or st in _STEM_TAGS)
                    and not common
                    and not set(stem) <= set("东南西北中华")
                    and rank.get(klass, 99) <= rank.get("City", 1)
                ):
                    prev = stems.get(stem)
                    if prev is None or rank.get(klass, 99) < rank.get(prev, 99):
                        stems[stem] = klass
                break
    for stem, klass in stems.items():
        out.setdefault(stem, klass)
    # the official names of every province, prefecture and county (the reference tables):
    # jieba's dictionary misses many counties and districts (茌平区); full names only — a
    # county's bare stem is most often something else — and not a common word of another
    # kind that happens to be a county's name
    # … and a province's or a prefecture city's bare stem (广东, 浙江, 淄博): how news and
    # notices most often write them; a county's stem is left out, as above
    for name, level in _reference_place_names(with_level=True):
        if len(name) < 3:
            continue
        region = re.fullmatch(r"(.{2,3}?)(?:壮族|回族|维吾尔)?自治区", name)
        if level == 0 and region:
            # 宁夏回族自治区 is 宁夏, 内蒙古自治区 内蒙古: how every text writes them
            out.setdefault(region.group(1), "Province")
        if tags.get(name, "ns") != "ns" and freqs.get(name, 0) > 1000:
            continue
        for suf, klass in sufs:
            if name.endswith(suf) and len(name) - len(suf) >= 2:
                out.setdefault(name, klass)
                stem = name[: -len(suf)]
                st = tags.get(stem)
                if (
                    level < 2
                    and suf in ("省", "市")
                    and (st is None or st == "ns" or freqs.get(stem, 0) <= 1500)
                    and not set(stem) <= set("东南西北中华")
                ):
                    out.setdefault(stem, klass)
                break
    return sorted(out.items())


def _reference_place_names(with_level: bool = False) -> list[Any]:
    """Place names of the packaged reference tables (provinces, prefectures, counties); with
    ``with_level``, ``(name, level)`` pairs (0 province, 1 prefecture, 2 county)."""
    import csv

    from iegraph.ingest.reference.tables import DATA_DIR, PLACE_FILES, PLACEHOLDERS

    names: list[Any] = []
    for level, file in enumerate(PLACE_FILES):
        with open(DATA_DIR / file, encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                if r["name"] not in PLACEHOLDERS:
                    names.append((r["name"], level) if with_level else r["name"])
    return names
