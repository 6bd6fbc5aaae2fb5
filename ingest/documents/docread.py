"""Reading one whole document as an analyst would: structure first, then sentences, then what
only the whole document says.

1. :func:`~ingest.documents.structure.read_structure` finds the genre and the parts (title,
   发文字号, issuers, recipients, signature, attachments; headline, source line; chrome).
2. The sentences outside chrome, recipients and approval phrases are read by the extractor,
   with referring expressions (该联合体, 我院, 双方) as mentions of earlier entities.
3. The document level adds:

   * the document's own ``Policy`` (its title, 发文字号 as an alias, date) ``ISSUED_BY`` each
     issuer (title prefix, 发文机关 line, signature block);
   * ``CITES`` for every 根据 / 按照 / 依据 / 贯彻 / 落实 《…》 and bare 〔year〕N号 reference;
   * ``DESIGNATES`` from a list notice (…名单的通知) to each listed entity, and from the body
     named after 入选 / 列入 in "A、B入选…名单";
   * roster roles (理事长单位 → ``LEADS``; 副理事长 / 常务理事 / 理事 / 成员单位 →
     ``MEMBER_OF``, the role kept on the relationship) towards the platform the text is about;
   * the units of responsibility lists (牵头单位 / 责任单位 / 配合单位) as Government entities;
   * the document's place, which qualifies generic names (市教育局 → 宁波市教育局);

   and replaces each referring mention by the entity it stands for.

Every relation keeps the rule that made it and a confidence; what is dropped is listed with
the reason in ``ExtractionResult.dropped`` for the review report.

Example:
    >>> r = read_document(get_extractor(), text)
    >>> r.structure.genre, r.structure.title
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from iegraph.ingest.documents import english
from iegraph.ingest.documents.clean import Excluded, find_boilerplate, merge_spans
from iegraph.ingest.documents.pipeline import EntitySpan, ExtractionResult, RelationSpan
from iegraph.ingest.documents.recognize import INDUSTRY_CUE, VERB_INDUSTRY_CUE
from iegraph.ingest.documents.script import fold
from iegraph.ingest.documents.structure import (
    DOC_NUMBER,
    SELF_REFERENCE,
    TITLE_PERIOD,
    TITLE_TRIAL,
    Structure,
    read_structure,
    split_issuers,
    strip_glosses,
    unwrap_lines,
)

#: the document a notice's title prints: 印发《X》, or a title cut to 《X》的通知
_PRINTS = re.compile(r"印发《([^《》]{2,80})》|^《?([^《》]{2,80})》的通知$")
#: a plan's title: its body reviews what others designated, it designates nothing itself
_PLAN = re.compile(r"规划(?:纲要)?$|行动方案$|行动计划$")
#: a party committee and a government as one collective ("市委市政府", "党中央国务院")
_COLLECTIVE = re.compile(r"(?:党中央|中央|[省市区县州]委)[和、]?(?:国务院|[省市区县州]政府)$")
#: a roster heading on a line of its own ("一、副理事长单位(8家)：")
_ROLE_HEADING = re.compile(
    r"\s*(?:[一二三四五六七八九十]{1,3}、|\d{1,2}[.、．]|[(（][一二三四五六七八九十]{1,3}[)）])?\s*"
    r"(?:常务副理事长|副理事长|常务理事|理事长|理事|成员|会员|监事长|秘书长)单位"
    r"(?:[(（][^()（）\n]{1,12}[)）])?[:：]?\s*$",
    re.MULTILINE,
)
_FORWARD = re.compile(r"(?:现予以|现予|予以|现将其|现)转发(?!给)")
_CITE_VERB = re.compile(r"根据|按照|依据|依照|遵照|贯彻落实|贯彻|落实|对照|参照|遵循")
_CHAIN = re.compile(r"^\s*(?:[(（][^()（）]{0,30}[)）])?\s*(?:、|和|及|以及|与)?\s*$")
_RESP = re.compile(
    r"(牵头单位|责任单位|配合单位|参与单位|主责单位|责任部门|牵头部门|配合部门)\s*[:：]\s*"
    r"([^\]］】)）\n。；;]{2,400})"
)
_ROLE = re.compile(
    r"(常务副理事长单位|副理事长单位|常务理事单位|理事长单位|理事单位|成员单位|会员单位|签约单位|加盟单位|"
    r"监事长单位|秘书长单位|牵头单位|牵头院校|牵头学校|牵头企业|副会长单位|会长单位|"
    r"(?<=担任)(?:常务副理事长|副理事长|常务理事|理事长|理事)(?:单位)?|"
    r"(?<=当选为)(?:常务副理事长|副理事长|常务理事|理事长|理事)(?:单位)?)"
)
_SHORT_NAME = re.compile(
    r"[(（](?:以下简称|以下略称|下称|简称|略称)[:：]?[“\"]?([^”\"()（）]{2,16})[”\"]?[)）]"
)
_ROSTER_COUNT = re.compile(
    r"[(（][^()（）\n]{1,12}[)）]"  # "副理事长单位(排名不分先后)："
    r"|(?:共|现有|达|已达|近|超过)?[0-9一二三四五六七八九十百余多]+(?:余|多)?家?[，,]?(?:主要|其中)?"
)
_LIST_HEADING = re.compile(r"(?:名单|名录|一览)?(?:[(（][^()（）\n]{1,12}[)）])?[:：]?[ \t]*\n")
_LINE = re.compile(r"[^\n]+")
#: what a line of a listed roster holds beside its names: numbering, separators, spaces
_LIST_LINE_REST = re.compile(
    r"\s*(?:\d{1,3}[.、．)）]|[(（]\d{1,3}[)）]|[一二三四五六七八九十]{1,3}、)?[\s、，,；;。]*"
)
#: a support verb heading a clause of a policy document's body (its subject is the document)
_POLICY_SUPPORT = re.compile(
    r"(?:(?<=^)|(?<=[，,。；;：:、\n]))(?:大力|积极|重点|继续|着力|优先)?(?:支持|扶持|资助)"
)
_SUPPORTED = ("Institution", "Enterprise", "Platform")
#: "以A、B、C等新兴产业为主导", "以A、B为主轴设立…": the sectors an organisation is built around
#: (group 1)
_LEADING_SECTORS = re.compile(
    r"以([^，,。；;以]{2,80}?)(?:等[^，,。；;为]{0,8}?(?:产业|行业|领域|业务))?为(?:主导|重点|核心|主体|主轴|主攻方向)"
)
#: a spam token in a Chinese name: a Latin-and-digit code glued to Chinese, or gambling words
_SPAM_NAME = re.compile(
    r"(?:^|[\u4e00-\u9fff])[A-Za-z]{1,5}\d{1,6}[A-Za-z]*[\u4e00-\u9fff]|vip|官网|九游|永利|老哥|"
    r"鲁鲁|娱乐城|博彩|彩票|棋牌|赌场|威尼斯人|葡京|六开彩|六合彩"
)
#: "的" and an optional quoted qualifier before a platform's name ("的“智能建造”")
_POSSESSIVE = re.compile(r"的(?:[“「\"][^”」\"]{1,12}[”」\"])?")
#: an English verb of issuing right before a quoted title
_EN_RELEASED = re.compile(
    r"\b(?:jointly\s+)?(?:released|issued|published|promulgated|unveiled|launched)\s+"
    r"(?:\[\d+\]\s*)?(?:the\s+)?"
)
#: an English purpose clause of building: "to jointly build", "to co-build", "to set up"
_EN_BUILD_GOAL = re.compile(
    r"\bto\s+[\"“]?(?:jointly\s+)?(?:build|co-build|establish|set\s+up|create)\b", re.IGNORECASE
)
#: a place word right after a stem (临港新片区, 德州市): the stem names a place there
_PLACE_WORD = re.compile(r"新片区|新区|片区|[省市区县州]")
#: what follows an issuer's code inside a document number: a type letter or two, the year
_NUMBER_AFTER = re.compile(r"[\u4e00-\u9fff]{0,2}\s*[〔\[［【]\s*(?:19|20)\d{2}")
#: a company's legal form at the end of its name: what is left is its brand
_LEGAL_FORM = re.compile(r"(?:(?:控股)?集团)?(?:(?:股份|有限责任|有限)?公司|集团|股份|控股)$")
#: the founding event of a platform, right after its name
_FOUNDING_EVENT = re.compile(r"(?:成立|揭牌|启动)(?:大会|仪式|典礼)")
#: what a body does for an event named after it: guide, host, organise
_HOST_ROLE = re.compile(r"(?:联合|共同)?(?:指导|支持|主办|承办|协办)")
#: what may focus on the industries of a cued list
_FOCUS_OWNERS = frozenset({"Platform", "Enterprise", "Institution", "Place"})
#: a roster role stated of a named member ("牵头学校为A", "牵头企业是B")
_ROLE_IS = re.compile(r"\s*(?:为|是)")
#: platforms that are places where others are set up (a park, a zone), not partnerships
_SITES = frozenset({"IndustrialPark"})
_LEAD_ROLES = ("理事长单位", "理事长", "会长单位", "牵头单位", "牵头院校", "牵头学校", "牵头企业")
#: what may stand between a body and the title it issued: "等部门", "(以下简称…)", "印发了"
_TITLE_ISSUER_GAP = re.compile(
    r"(?:等(?:[0-9一二三四五六七八九十]+个?)?(?:部门|单位|部委))?"
    r"(?:[(（](?:以下简称|以下略称|下称|简称|略称)[^()（）]{0,16}[)）])?"
    r"(?:联合|正式|近日|日前)?(?:印发|下发|发布|出台|颁布|制定|公布)?(?:了)?$"
)
#: a platform's member list: "P包括A、B…", "P成员包括…", "P由A、B等组成" is the sentence rules'
_INCLUDES = re.compile(r"(?:首批)?(?:成员)?(?:包括|涵盖|包含)")
_DESIGNATE_TRIGGER = re.compile(r"入选|入围|列入|获批|被认定为|被确定为|被命名为|被评为")
#: an active designation: the designator names a list, then what the items become
_DESIGNATE_ACTIVE = re.compile(r"(?:确定|认定|立项|遴选|命名|批准)(?:了)?")
#: "…,是G公布的N个首批X之一": one of the items of G's list
_ONE_OF = re.compile(
    r"[，,]?\s?(?:是|为|系)(?P<gov>[^，,。；;\n]{2,24}?)"
    r"(?P<verb>公布|认定|确定|命名|批准|遴选|评选|授予)的[^，,。；;\n]{0,30}?之一"
)
_DESIGNATED_AS = re.compile(
    r"(?:作为|为)[^，,。；;\n]{0,30}?(?:项目|单位|基地|试点|建设点|示范|学院|联合体|共同体)"
)
#: what may stand between the listed items of an active designation: separators, 等N个<kind>
_ITEM_SEPARATORS = re.compile(r"[、，,和及与\s]")
_COUNTED_KIND = re.compile(
    r"(?:等(?:[0-9一二三四五六七八九十百]+)?(?:个|家|所|批)?[\u4e00-\u9fff]{0,8})?"
)
_LIST_TITLE = re.compile(r"名单|认定|命名|遴选结果|入选|公布.{0,20}(?:批|项目)")
_LISTED_AFTER = re.compile(r"分别是|分别为|包括|依次为")
_PUBLISH_LIST = re.compile(r"(?:公布|发布|印发|公示|确定)(?:了)?[^。；;\n]{0,40}?名单")
_PARTNER_CUE = re.compile(
    r"合作(?:学校|院校|高校|大学|企业|单位|伙伴|机构)(?:主要)?(?:包括|包含|有|为|是|分别是|分别为|[:：])"
)
_ATTENDING = re.compile(r"参加|出席|见证|观摩|应邀")
_HELD = re.compile(r"[^，,。；;\n]{0,8}?(?:举行|召开|举办)")
_BACK_REF = re.compile(r"这些|上述|以上|其中|名单|入选|入围|立项")
_JOINED = re.compile(r"\s*(?:、|和|及|与|以及)\s*")
_LEVEL_END = {"省": "厅", "市": "局"}
_SHORT_BODY = re.compile(
    r"\s*(?:、|和|及|与|以及)\s*([省市]?[\u4e00-\u9fff]{1,12}?(?:厅|局|委员会|委|办公室))"
    r"(?=[、和及与，,。；;\s]|近日|联合|共同|发布|印发|公布|等)"
)
_BRACKET_GLUE = re.compile(r"^([^(（)）]{2,})[)）](?:和|与|及|、)")
_DEFINED = re.compile(r"“([^”“]{1,6})”指([^，,。；;()（）“”]{2,80})")
_QUOTED = re.compile(r"“([^”“]{1,12})”")
_LIST_CUE = re.compile(r"包括|包含|例如|诸如")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_FIELD_KIND = re.compile(r"(?:领域|行业|类)的?(?:龙头|骨干|重点|领军)?$")
_KIND_PREFIX = re.compile(
    r"^(?:合作企业|合作单位|合作伙伴|合作院校|合作高校|龙头企业|骨干企业"
    r"|(?:先后|分别|同时|还|也|又|并|再|已)(?:与|和|同))"  # "先后与辽宁奶业协会": adverb and 与
)
_BASE = re.compile(r"为(?:依托|基础|载体|支撑|平台)")
#: an agreement's kind right after a name: the name heads the agreement's title
_AGREEMENT_AFTER = re.compile(r"(?:战略)?合作(?:框架)?(?:意向书|协议书?|备忘录)|框架协议")
#: an English short form in brackets right after a name: " (NUIST)", "(PolyU)"
_EN_SHORT_DEF = re.compile(r"\s*\(\s*([A-Z][A-Za-z&\-]{1,11})\s*\)")
#: "A与B举行X揭牌仪式", "A与B签订X共建协议": the verb before the platform, the event after it
_CEREMONY_VERB = re.compile(r"(?:举行|举办|签订|签署)(?:了)?(?:“|「)?$")
_CEREMONY_AFTER = re.compile(
    r"(?:”|」)?(?:(?:揭牌|授牌|成立|启动|签约|共建签约)(?:[和及与](?:揭牌|授牌|成立|启动|签约))?"
    r"(?:暨[\u4e00-\u9fff]{2,6})?(?:仪式|大会|典礼)|"
    r"(?:共建|合作共建|共建合作)(?:协议|合同|框架协议))"
)
_HOST_COORD = re.compile(r"\s*[与和及、同]\s*")
#: between the hosts and the verb: adverbs, a time, a venue
_HOST_TAIL = re.compile(
    r"(?:共同|联合|正式|隆重|今天|日前|近日|\d{1,2}日)?(?:在[^，,。；;]{1,20})?"
)
#: "(strategic) cooperation … among A, B and C (was held | was signed)"
_EN_AMONG = re.compile(
    r"\b(?:co-?operation|partnership|agreement|collaboration)\b[^.]{0,90}?\bamong\s+(?:the\s+)?",
    re.IGNORECASE,
)
_EN_AMONG_END = re.compile(r"\s(?:was|were|is|are|has|have)\s")
#: "… are among its (first batch of) (cooperation) partners"
_EN_ITS_PARTNERS = re.compile(
    r"\b(?:are|is|were|was)\s+(?:among\s+|one\s+of\s+)?(?:its|their)\s+(?:[a-z]+\s+){0,4}?"
    r"partners\b"
)
#: capitalised words that are no body's acronym
_EN_NOT_BODIES = frozenset(
    [
        "MOU",
        "MOA",
        "CEO",
        "CFO",
        "CTO",
        "CPC",
        "PRC",
        "USA",
        "GDP",
        "ICT",
        "STEM",
        "TVET",
        "AI",
        "IT",
        "NEV",
        "EV",
        "PhD",
        "MBA",
        "BBC",
        "CCTV",
        "CGTN",
        "APP",
        "SME",
        "SMES",
        "PPP",
        "UN",
        "UNESCO",
        "ASEAN",
        "BRICS",
        "OECD",
        "WTO",
    ]
)
#: where only a school stands next to a word: its school or college, its president or dean
_EN_SCHOOL_AFTER = re.compile(
    r"\s+(?:(?:School|College|Faculty|Institute|University)\s+of\b|(?:[Dd]ean|[Pp]resident)\b)"
)
_EN_SCHOOL_BEFORE = re.compile(
    r"\b(?:(?:[Vv]ice\s+)?(?:President|[Pp]rincipal)|Dean|Chancellor|Provost|students|faculty|alumni)"
    r"\s+of\s+(?:the\s+)?$"
)
#: a word written in capitals that may be a short form (QVTCHM)
_EN_CAPS = re.compile(r"(?<![A-Za-z])[A-Z]{3,8}(?![A-Za-z])")
#: jieba tags of running text, never of a name's words: verbs, times, pronouns, adverbs,
#: prepositions, conjunctions, particles, numerals, measure words
_RUNNING_TAGS = frozenset("vtrdpcumqfy")
#: jieba tags of a proper name's words: places, persons' names, bodies, other names, short forms
_NAME_TAGS = frozenset({"ns", "nr", "nt", "nz", "j", "nrt", "nrfg"})
#: characters of running text a name never holds: brackets closed before it, digits, 与 and 和
_RUNNING_CHARS = re.compile(r"[)）:：\d与和及]")
_INDUSTRY_COMMUNITY = re.compile(r"(?:全国|^)([\u4e00-\u9fff]{2,10}?)(行业)?产教融合共同体$")
#: a kind of platform written as if it were one ("打造全国行业产教融合共同体的典范")
_KIND_ONLY = re.compile(
    r"^(?:全国|国家级?|省级|市级|各级)?(?:行业|市域)?产教(?:融合)?(?:共同体|联合体)$"
)
#: "B)和" right before a name: B closes a bracket coordinated with it
_BRACKET_JOIN = re.compile(r"[)）](?:和|与|及|、)$")
_RENAMED_IN_BRACKET = re.compile(r"(?:现|已|后)?(?:更名为|改名为|升格为)")
#: "X有2个…", "X共有3所…": a count of what lies in X follows
_HAS_COUNT = re.compile(r"(?:共|还|也|今年)?有[0-9一二三四五六七八九十两百多]+")
#: "P是A与B共同打造的产业学院": a copula, the builders, a building verb, 的 and a bare kind
_COPULA_BUILT = re.compile(
    r"(?:是|为|系)(?:由)?[^，,。；;]{2,80}?"
    r"(?P<verb>(?:共同|联合|合作|携手)?(?:打造|共建|建设|成立|组建|创建|创办|搭建))的"
    r"(?:现代)?(?:产业学院|行业学院|平台|基地|实训基地|中心|联合体|共同体|联盟|学院)(?=[，,。；;]|$)"
)
_DESIGNATED_TOPS = ("Institution", "Enterprise", "Platform", "Place")
_ORG_TOPS = ("Institution", "Enterprise", "Government", "Platform")
#: a people's government by its short name: "五指山市政府", "广东省政府办公厅"
_SHORT_GOVERNMENT = re.compile(r"([\u4e00-\u9fff]{2,10}?[省市区县州])政府(办公厅|办公室)?")
#: Taiwan's cities and counties: their governments are called 市政府 / 县政府, no 人民政府
_TAIWAN_PLACES = (
    "台北",
    "新北",
    "桃园",
    "台中",
    "台南",
    "高雄",
    "基隆",
    "新竹",
    "嘉义",
    "苗栗",
    "彰化",
    "南投",
    "云林",
    "屏东",
    "宜兰",
    "花莲",
    "台东",
    "澎湖",
    "金门",
    "连江",
)
#: how a unit inside a body (a school's office, an association's secretariat) ends
_INNER_UNIT = ("办公室", "处", "秘书处")
#: "…，包括A、B…等国际企业参与": the companies listed take part (group 1: the list)
_TAKING_PART = re.compile(
    r"(?:包括|包含|有)([^。；;]{2,200}?)等[^，,。；;]{0,8}?(?:企业|公司|厂商)(?:共同)?参与"
)
#: the school a report comes from, in its own words
_OWN_SCHOOL = re.compile(r"我校|我院|本校")
_PLACE_PREFIX = ("市", "省", "区", "县", "州")


def read_document(
    extractor: Any,
    text: str,
    folded: str | None = None,
    excluded: list[tuple[int, int]] | None = None,
) -> ExtractionResult:
    """Entities and relations of one whole document (no store needed).

    Args:
        extractor: an :class:`ingest.documents.pipeline.Extractor`.
        text: the document's text (any script).
        folded: its folded form, if the caller has it.
        excluded: boilerplate spans found by the caller (merged with the structure's own).
    """
    glossed = 0
    if folded is None:
        text, glossed = strip_glosses(text)
        text, _wraps = unwrap_lines(text)
    f = folded if folded is not None else fold(text)
    st = read_structure(f)
    spans = list(st.excluded)
    if excluded is None:
        spans.extend(find_boilerplate(f))
    merged = merge_spans(spans + [Excluded(a, b, "caller") for a, b in excluded or ()])
    names = document_names(f, extractor.lex)
    seed = _publisher(extractor, text, f, st)
    res: ExtractionResult = extractor.extract_text(
        text, excluded=merged, folded=f, document=True, names=names, seed=seed
    )
    res.structure = st
    if glossed:
        res.dropped.append(
            {"what": "pinyin glosses", "reason": "not part of any name", "text": str(glossed)}
        )
    seen: set[tuple[int, int]] = set()
    for e in sorted(st.excluded, key=lambda x: x.start):
        if (e.start, e.end) in seen:
            continue
        seen.add((e.start, e.end))
        res.dropped.append(
            {"what": "span", "reason": e.reason, "text": text[e.start : e.end][:120]}
        )
    doc = _Doc(extractor, text, f, st, res)
    for own in res.entities[: len(seed)]:
        own.sentence = doc.sentence_at(own.start)  # the source line, as its evidence
    doc.split_bracket_glue()
    doc.split_glued_bodies()
    doc.trim_kind_prefix()
    doc.trim_to_known_names()
    doc.drop_number_prefixes()
    doc.place()
    doc.own_policy()
    doc.cites()
    doc.responsibilities()
    doc.enumerations()
    doc.counted_partners()
    doc.listed_bodies()
    doc.short_titles()
    doc.rosters()
    doc.included_members()
    doc.designations()
    doc.published_list_items()
    doc.partner_lists()
    doc.named_focus()
    doc.defined_focus()
    doc.cued_focus()
    doc.based_on()
    doc.joint_issuers()
    doc.title_issuers()
    doc.platform_includes()
    doc.event_hosts()
    doc.copula_builders()
    doc.respective()
    doc.policy_supports()
    doc.owned_platforms()
    doc.bracket_short_forms()
    doc.english_acronyms()
    doc.english_short_forms()
    english.passive_agents(doc)
    english.signings(doc)
    doc.english_between()
    doc.english_among()
    doc.ceremony_builds()
    doc.resolve_referents()
    doc.english_partners()
    doc.english_its_partners()
    doc.short_names()
    doc.aliases()
    doc.drop_agreement_names()
    doc.drop_self_pairs()
    doc.drop_venues()
    doc.drop_co_founders()
    doc.drop_collectives()
    doc.drop_spam()
    doc.drop_generic()
    doc.drop_passing_industries()
    doc.drop_lone_guesses()
    if extractor.stat is not None and extractor.stat.dropped:
        for name, why in extractor.stat.dropped:
            res.dropped.append({"what": "statistical name", "reason": why, "text": name})
        extractor.stat.dropped.clear()
    return res


def _publisher(extractor: Any, text: str, f: str, st: Structure) -> list[EntitySpan]:
    """The school a campus news report comes from (来源:X学院), when the report calls it 我校 /
    我院 / 本校: the entity those words stand for (on the source line, its evidence)."""
    if not st.source or not _OWN_SCHOOL.search(f):
        return []
    src = fold(st.source)
    found = [m for m in extractor.zh.find(src) if m.top == "Institution"]
    if len(found) != 1 or found[0].start != 0 or found[0].end < len(src) - 1:
        return []
    m = found[0]
    at = f.find(src)
    if at < 0:
        return []
    a, b = at + m.start, at + m.end
    return [EntitySpan(text[a:b], m.top, a, b, m.cls, 0.7, -1, "source", key=m.key)]


def document_names(f: str, lex: Any) -> dict[str, str]:
    """Names the document itself defines, so every sentence can see them (and its relations
    use them): a short form after its full name ("美高梅金殿超濠股份有限公司(以下简称:美高梅)"
    → 美高梅, with the full name's class) and the items of a counted list closed by a kind
    ("正崴、鈊象及致茂3家公司", "中国重汽、山东高速等168家企业"). Folded name → class."""
    out: dict[str, str] = {}
    for m in _SHORT_NAME.finditer(f):
        short = m.group(1).strip()
        head = f[max(0, m.start() - 40) : m.start()]
        klass = lex.class_for_suffix(head)
        if klass is None or not 2 <= len(short) <= 10 or short in lex.generic_names:
            continue
        if lex.trigger_re is not None and lex.trigger_re.search(short):
            continue
        if re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9]+", short):
            out.setdefault(short, klass)
    for start, items, seps, kind in _enum_lists(f):
        cls = _ENUM_KINDS.get(kind)
        if cls is None or cls not in lex.schema.classes or lex.schema.classes[cls].top == "Place":
            continue
        if _FIELD_KIND.search(_enum_middle(f, start, items, kind)):
            continue  # "养老、家政等社会领域龙头企业": fields of business, not companies
        for a, b in _enum_items(f, start, items, seps != "、"):
            name = f[a:b]
            if (
                2 <= len(name) <= 14
                and name not in lex.generic_names
                and name not in lex.places
                and lex.class_for_suffix(name) is None  # the suffix rule reads those itself
            ):
                out.setdefault(name, cls)
    return out


def _province_of(place: str) -> str:
    """The province a place lies in by the reference lists (the place itself when it is a
    province or unknown there)."""
    from iegraph.ingest.reference import lookup

    provs = {e.province for e in lookup(place) if e.province}
    return provs.pop() if len(provs) == 1 else place


class _Doc:
    def __init__(self, ex: Any, text: str, f: str, st: Structure, res: ExtractionResult) -> None:
        self.ex = ex
        self.lex = ex.lex
        self.schema = ex.schema
        self.text = text
        self.f = f
        self.st = st
        self.res = res
        self.own: int | None = None
        self.place_name = ""
        self.place_cls = ""
        self.place_province = ""  # the province the document's place lies in
        self._zhou_name: str | None = None  # the prefecture (…州) it names most, once read
        #: "X(以下简称“S”)": the folded short form, where it was defined, and X
        self._short_forms: list[tuple[str, int, EntitySpan]] = []

    # -- helpers -------------------------------------------------------------------------------
    def sentence_at(self, pos: int) -> int:
        """The sentence holding ``pos``; outside every sentence (a header line, a signature),
        its line becomes a pseudo-sentence so the evidence shows it."""
        best = None
        for k, (a, b) in enumerate(self.res.sentences):
            if a <= pos < b and (best is None or b - a > self._len(best)):
                best = k
        if best is not None:
            return best
        a = self.text.rfind("\n", 0, pos) + 1
        b = self.text.find("\n", pos)
        return self.header_sentence(a, b if b >= 0 else len(self.text))

    def _len(self, k: int) -> int:
        a, b = self.res.sentences[k]
        return b - a

    def header_sentence(self, a: int, b: int) -> int:
        """A pseudo-sentence for a header line (title, signature) as evidence."""
        for k, (x, y) in enumerate(self.res.sentences):
            if x == a and y == b:
                return k
        self.res.sentences.append((a, b))
        return len(self.res.sentences) - 1

    def add_entity(
        self, a: int, b: int, cls: str, via: str, conf: float, surface: str | None = None
    ) -> int:
        ents = self.res.entities
        for k, e in enumerate(ents):
            if e.start == a and e.end == b and e.via != "anaphor":
                return k
        top = self.schema.classes[cls].top if cls in self.schema.classes else cls
        si = self.sentence_at(a)
        ents.append(
            EntitySpan(
                surface if surface is not None else self.text[a:b], top, a, b, cls, conf, si, via
            )
        )
        return len(ents) - 1

    def add_rel(
        self,
        head: int,
        rel: str,
        tail: int,
        conf: float,
        rule: str,
        at: int,
        props: dict[str, Any] | None = None,
        span: tuple[int, int] | None = None,
    ) -> None:
        ents = self.res.entities
        h, t = ents[head], ents[tail]
        if head == tail or not self.schema.allows(rel, h.cls, t.cls):
            self.res.dropped.append(
                {
                    "what": "relation",
                    "reason": f"{rel} does not go from {h.cls} to {t.cls}",
                    "text": f"{h.text} {rel} {t.text}",
                }
            )
            return
        for r in self.res.relations:
            if r.head == head and r.tail == tail and r.type == rel:
                return
        si = self.sentence_at(at)
        self.res.relations.append(
            RelationSpan(head, rel, tail, conf, si, "", rule, dict(props or {}), span)
        )

    def gov_class(self, name: str) -> str:
        k = self.lex.class_for_suffix(name)
        if k is not None and self.schema.classes[k].top == "Government":
            return str(k)
        return "Government"

    # -- passes --------------------------------------------------------------------------------
    def place(self) -> None:
        """The document's place, and the province it lies in (a 省… body of a report on 珲春市
        is 吉林省's)."""
        self._find_place()
        if self.place_name and not self.place_province and self.place_cls != "Province":
            prov = _province_of(self.place_name)
            if prov != self.place_name and self.lex.places.get(prov) == "Province":
                self.place_province = prov

    def _find_place(self) -> None:
        """The document's place: the place its issuers (or its title) name first."""
        cands = [n for n, *_ in self.st.issuers]
        if self.st.is_policy:
            cands.append(self.st.title)
        for name in cands:
            p, cls = self._place_prefix(name)
            if p:
                self.place_name, self.place_cls = p, cls
                self.st.place = p
                return
        # else the one province the document keeps naming, with its cities (twice or more,
        # twice the next one), and in it the place named most (太原 ×2, 山西省 ×1 → 太原市,
        # whose province qualifies a 省… body)
        counts: dict[str, int] = {}
        for e in self.res.entities:
            p, _cls = self._place_prefix(fold(e.text))
            if p:
                counts[p] = counts.get(p, 0) + 1
        groups: dict[str, int] = {}
        for p, n in counts.items():
            groups[_province_of(p)] = groups.get(_province_of(p), 0) + n
        ranked = sorted(groups.items(), key=lambda x: -x[1])
        if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]):
            prov = ranked[0][0]
            p = max((q for q in counts if _province_of(q) == prov), key=lambda q: counts[q])
            self.place_name, self.place_cls = p, self.lex.places[p]
            self.st.place = p
            if self.lex.places.get(prov) == "Province":
                self.place_province = prov

    def _place_prefix(self, name: str) -> tuple[str, str]:
        """The place a name starts with, in its full form ("山西能源…" → 山西省)."""
        for n in range(min(len(name), 10), 1, -1):
            p = name[:n]
            cls = self.lex.places.get(p)
            if cls is None:
                continue
            if p.endswith(("省", "市", "区", "县", "州")):
                return p, cls
            # the level of the stem itself first: 太原 is 太原市 (jieba also knows 太原省)
            for suf in ("省", "市") if cls == "Province" else ("市", "省"):
                full = self.lex.places.get(p + suf)
                if full in ("Province", "City"):
                    return p + suf, full
        return "", ""

    def own_policy(self) -> None:
        st = self.st
        if not st.is_policy or not st.title or st.title_span is None:
            return
        a, b = st.title_span
        title_line = self.text[a:b].replace("\n", "").replace("\r", "").strip(" ")
        if not re.search(r"》.", title_line):
            title_line = title_line.strip("《》")
        k = self.add_entity(a, b, "Policy", "structure", 0.95, surface=title_line)
        e = self.res.entities[k]
        e.sentence = self.header_sentence(a, b)
        if st.doc_number:
            e.aliases.append(st.doc_number)
            e.props["doc_number"] = st.doc_number
        if st.date:
            e.props["issued_date"] = st.date
        if "关于" in st.title and st.title.index("关于") > 0:
            e.aliases.append(self.res.text[a:b][:0] + st.title[st.title.index("关于") :])
        self.own = k
        seen: set[str] = set()
        for name, p, q, how in st.issuers:
            if name in seen or p < 0:
                continue
            seen.add(name)
            g = self.add_entity(p, q, self.gov_class(name), "structure", 0.9)
            if how in ("signature", "title"):
                self.res.entities[g].sentence = self.header_sentence(
                    p, q if how == "signature" else b
                )
            self.add_rel(k, "ISSUED_BY", g, 0.95, f"issuer:{how}", p, span=(p, q))
        # 关于印发《X》的通知 (or a header cut to 《X》的通知): X is issued by the same bodies
        for m in _PRINTS.finditer(self.f[a:b]):
            g = m.lastindex or 1
            x = self.add_entity(a + m.start(g), a + m.end(g), "Policy", "policy", 0.95)
            for name in seen:
                for g, ent in enumerate(self.res.entities):
                    if ent.text == name or fold(ent.text) == name:
                        self.add_rel(x, "ISSUED_BY", g, 0.9, "issuer:title", a)
                        break

    def cites(self) -> None:
        if self.own is None:
            return
        f = self.f
        body = self.st.body_start
        printed = self._printed_policy()
        printed_from = None
        if printed is not None:
            # the plan's title standing on its own line after the notice: its text starts there
            # (and the names inside that line are words of the title)
            name = fold(self.res.entities[printed].text).strip()
            line = re.search(
                r"(?m)^\s*" + r"\s*".join(re.escape(c) for c in name) + r"\s*$", f[body:]
            )
            if line is not None:
                printed_from = body + line.end()
                a0 = body + line.start()
                inside = {
                    k
                    for k, e in enumerate(self.res.entities)
                    if a0 <= e.start and e.end <= printed_from and e.label != "Policy"
                }
                self._remove(inside)
                printed = self._printed_policy()
        pol = {(e.start, e.end): k for k, e in enumerate(self.res.entities) if e.label == "Policy"}
        for m in _CITE_VERB.finditer(f, body):
            citing = self.own
            if printed is not None and printed_from is not None and m.start() > printed_from:
                citing = printed  # the printed plan's own text, after its title line
            elif printed is not None:
                # "为贯彻落实《…》，特制定本规划": the printed plan cites, not the notice
                sa, sb = self._sentence_span(m.start())
                kind = SELF_REFERENCE.search(f, sa, sb)
                name = TITLE_TRIAL.sub(
                    "", TITLE_PERIOD.sub("", fold(self.res.entities[printed].text))
                )
                if kind is not None and name.endswith(kind.group(0)[1:]):
                    citing = printed
            j = m.end()
            window = f[j : j + 60]
            stop = re.search(r"[。；;\n]", window)
            lim = j + (stop.start() if stop else 60)
            first = f.find("《", j, lim)
            found = False
            if first >= 0 and first - j <= 30:
                pos = first
                lo = j  # where the bodies that issued the next title may start
                while pos >= 0 and pos < lim + 200:
                    close = f.find("》", pos)
                    if close < 0:
                        break
                    k = pol.get((pos + 1, close))
                    if k is None:
                        k = self.add_entity(pos + 1, close, "Policy", "policy", 0.9)
                        pol[(pos + 1, close)] = k
                    self.add_rel(citing, "CITES", k, 0.9, f"cites:{m.group(0)}", pos)
                    found = True
                    self._cited_issuers(lo, pos, k)
                    lo = close + 1
                    nxt = f.find("《", close)
                    if nxt < 0 or not _CHAIN.match(self._without_bodies(close + 1, nxt)):
                        break
                    pos = nxt
            if not found:
                num = DOC_NUMBER.search(f, j, lim)
                if num and num.start() - j <= 20 and not self._in_policy(num.start()):
                    k = self.add_entity(num.start(), num.end(), "Policy", "number", 0.8)
                    self.res.entities[k].props["doc_number"] = num.group(0)
                    self.add_rel(citing, "CITES", k, 0.8, f"cites:{m.group(0)}:number", num.start())

        # "…联合印发《X》(…号)，…，现予转发": the notice forwards X, so it cites it
        for m in _FORWARD.finditer(f, body):
            sa, _sb = self._sentence_span(m.start())
            before = [
                k
                for k, e in enumerate(self.res.entities)
                if e.label == "Policy" and sa <= e.start and e.end <= m.start() and k != self.own
            ]
            if before:
                k = before[-1]
                self.add_rel(self.own, "CITES", k, 0.8, "cites:forward", m.start())

    def _without_bodies(self, a: int, b: int) -> str:
        """The text between two titles without the public bodies named in it ("、教育部办公厅、
        工业和信息化部办公厅《…》": the second title is still in the chain)."""
        gap = self.f[a:b]
        for e in sorted(self.res.entities, key=lambda e: -e.start):
            if e.label == "Government" and a <= e.start and e.end <= b:
                gap = gap[: e.start - a] + gap[e.end - a :]
        return re.sub(r"^[(（][^()（）]{0,30}[)）]", "", gap.strip()).replace("、", "", 1)

    def _zhou(self) -> str:
        """The autonomous prefecture (…州) the document names most, as written (延边州)."""
        if self._zhou_name is None:
            counts: dict[str, int] = {}
            for m in re.finditer(r"[\u4e00-\u9fff]{2,4}州", self.f):
                for n in range(len(m.group(0)) - 2, -1, -1):
                    stem = m.group(0)[n:]
                    if self.lex.places.get(stem) == "City":
                        counts[stem] = counts.get(stem, 0) + 1
                        break
            self._zhou_name = max(counts, key=lambda k: counts[k]) if counts else ""
        return self._zhou_name

    def _printed_policy(self) -> int | None:
        """The document a notice prints (关于印发X的通知, A印发X的通知, a header cut to 《X》的通知):
        X's entity, when the text names it (的 inside the name may come and go)."""
        m = re.search(r"印发(.{4,80})的通知", self.st.title) or re.match(
            r"《?([^《》]{4,80})》的通知$", self.st.title
        )
        if m is None:
            return None
        name = m.group(1).strip("《》 ").replace("的", "")
        return next(
            (
                k
                for k, e in enumerate(self.res.entities)
                if e.label == "Policy"
                and k != self.own
                and fold(e.text).strip().replace("的", "") == name
            ),
            None,
        )

    def _in_policy(self, pos: int) -> bool:
        return any(e.start <= pos < e.end for e in self.res.entities if e.label == "Policy")

    def _cited_issuers(self, verb_end: int, title_start: int, pk: int) -> None:
        """ "落实中共中央办公厅、国务院办公厅《…》": the bodies before the title issued it."""
        gap = self.f[verb_end:title_start]
        if not gap.strip() or re.search(r"[，,。]", gap):
            return
        for k, e in enumerate(self.res.entities):
            if e.label == "Government" and verb_end <= e.start and e.end <= title_start:
                self.add_rel(pk, "ISSUED_BY", k, 0.85, "issuer:before-title", e.start)

    def responsibilities(self) -> None:
        """Units of 牵头单位 / 责任单位 / 配合单位 lists are Government entities."""
        for m in _RESP.finditer(self.f):
            a0 = m.start(2)
            for piece in re.finditer(r"[^、，,；;\s]+", m.group(2)):
                name = piece.group(0).strip("()（）[]［］")
                if not 2 <= len(name) <= 20 or not re.fullmatch(r"[\u4e00-\u9fff()（）]+", name):
                    continue
                if name.startswith(("各", "有关", "相关")):
                    continue
                p = a0 + piece.start() + piece.group(0).find(name)
                q = p + len(name)
                if any(
                    e.start < q and p < e.end and (e.start, e.end) != (p, q)
                    for e in self.res.entities
                ):
                    continue
                k = self.add_entity(p, p + len(name), self.gov_class(name), "list", 0.85)
                self.res.entities[k].props["list_role"] = m.group(1)

    def rosters(self) -> None:
        ents = self.res.entities
        for m in _ROLE.finditer(self.f):
            role = m.group(1)
            row = self._row_member(m.start(), m.end())
            heading = _ROLE_HEADING.match(self.f, self.f.rfind("\n", 0, m.start()) + 1)
            if (
                self.st.is_policy
                and (
                    role == "牵头单位"
                    or not (
                        _ROLE_IS.match(self.f, m.end())
                        or row is not None
                        or heading
                        # "A为理事长单位", "理事长单位：A": a council's roster stated in the notice
                        or self.f[m.start() - 1 : m.start()] in ("为", "是")
                        or self.f[m.end() : m.end() + 1] in (":", "：")
                    )
                )
            ):
                continue  # 牵头单位 in a policy is a responsibility list, not a council roster
            if any(e.start <= m.start() < e.end for e in ents if e.via != "anaphor"):
                continue
            rel = (
                "LEADS"
                if role in _LEAD_ROLES
                and self.f[m.start() - 1 : m.start()]
                not in (
                    "副",
                    "务",
                    "行",  # 执行会长单位
                )
                else "MEMBER_OF"
            )
            sa, sb = self._sentence_span(m.start())
            # members after "ROLE：…" or before "A、B为…ROLE" / "增补A等N家ROLE"
            # "成员单位56家，包括…", "成员单位共32家，主要有…": a count may stand before the list
            count = _ROSTER_COUNT.match(self.f, m.end())
            list_start = count.end() if count else m.end()
            after = self.f[list_start : list_start + 2]
            members: list[int] = []
            if row is not None:
                # a table row "1 A 副理事长单位": the name before the role on its line
                members = [row]
            elif re.match(r"[:：]|包括|有|为|是", after):
                # "牵头学校为A，牵头企业为B": a copula's members end at the comma
                end = _clause_end(self.f, m.end(), sb, stop_comma=after[:1] in "为是")
                members = [
                    k
                    for k, e in enumerate(ents)
                    if m.end() <= e.start < end and e.label in _ORG_TOPS and e.via != "anaphor"
                ]
                if not members and after[:1] in ":：":
                    members = self._line_list(self.f.find("\n", list_start))
            elif _LIST_HEADING.match(self.f, m.end()):
                # a heading "X成员单位名单" over a list of one name a line
                members = self._line_list(self.f.find("\n", m.end()))
            else:
                start = _clause_start(self.f, sa, m.start())
                members = [
                    k
                    for k, e in enumerate(ents)
                    if start <= e.start
                    and e.end <= m.start()
                    and e.label in _ORG_TOPS
                    and e.via != "anaphor"
                ]
                # "X的成员单位" names the platform itself: the sentence rules did it (not
                # "A、B创新中心等30家联合体成员单位": a listed member, the list closed by 等)
                if (
                    members
                    and ents[members[-1]].label == "Platform"
                    and not self.f.startswith("等", ents[members[-1]].end)
                ):
                    continue
            members = [k for k in members if ents[k].label != "Platform" or rel == "MEMBER_OF"]
            # "A、B等30家联合体理事会成员单位": the kind named between the list and the role
            # says whose members they are; the listed platforms are members, never the target
            before = min((ents[k].start for k in members), default=m.start())
            kind = _ROSTER_KIND.search(
                self.f, max((ents[k].end for k in members), default=m.start()), m.start()
            )
            at = before if members else m.start()
            target = self._platform_before(at, kind.group(0) if kind else "")
            if target is None and not role.startswith("牵头"):
                # "促进会…A、B等75家理事单位": an association's council, when no platform is named
                target = self._platform_before(at, kind.group(0) if kind else "", members=True)
            if target is None:
                self.res.dropped.append(
                    {"what": "roster", "reason": "no platform named before", "text": role}
                )
                continue
            si = self.sentence_at(m.start())
            if ents[target].label != "Platform":
                rel = "MEMBER_OF"  # an association's 会长单位 sits on its council: a member
            for k in members:
                if k == target or ents[k].text == ents[target].text:
                    continue
                self.add_rel(k, rel, target, 0.8, f"roster:{role}", m.start(), {"role": role})
                # the roster says what the member leads; the sentence rule's guess goes
                self.res.relations = [
                    r
                    for r in self.res.relations
                    if not (
                        r.head == k
                        and r.type == rel
                        and r.rule == "trigger"
                        and r.tail != target
                        and r.sentence == si
                    )
                ]

    def _row_member(self, a: int, b: int) -> int | None:
        """The organisation of a roster table's row whose last cell is the role at ``a:b``
        ("2 株洲某某有限公司 副理事长单位"): the one name between the row's number and the role."""
        ls = self.f.rfind("\n", 0, a) + 1
        le = self.f.find("\n", b)
        le = len(self.f) if le < 0 else le
        if self.f[b:le].strip(" \t|｜"):
            return None
        on = [
            k
            for k, e in enumerate(self.res.entities)
            if ls <= e.start and e.end <= a and e.via != "anaphor"
        ]
        if len(on) != 1 or self.res.entities[on[0]].label not in _ORG_TOPS:
            return None
        e = self.res.entities[on[0]]
        before, gap = self.f[ls : e.start], self.f[e.end : a]
        if not re.fullmatch(r"\s*\d{0,3}[.、．]?\s*", before) or not re.fullmatch(
            r"[ \t|｜]+", gap
        ):
            return None
        return on[0]

    def included_members(self) -> None:
        """ "联盟学校包含A与B、C等九所院校，产界企业则包含D、E以及F": the bodies a platform's
        members are said to include are its members (the platform of that kind named before)."""
        ents = self.res.entities
        for m in _MEMBERS_INCLUDE.finditer(self.f):
            target = self._platform_before(m.start(), m.group(1))
            if target is None or not fold(ents[target].name or ents[target].text).endswith(
                m.group(1)
            ):
                continue
            _sa, sb = self._sentence_span(m.start())
            for k, e in enumerate(ents):
                if (
                    m.end() <= e.start < sb
                    and e.label in _ORG_TOPS[:3]
                    and e.via != "anaphor"
                    and k != target
                ):
                    self.add_rel(k, "MEMBER_OF", target, 0.75, "roster:includes", m.start())

    def _line_list(self, pos: int) -> list[int]:
        """The organisations listed one or a few a line from ``pos`` on ("理事单位：\n1.A\n2.B"):
        the lines up to the first one that is not only names (numbering and 、 aside)."""
        if pos < 0:
            return []
        ents = self.res.entities
        out: list[int] = []
        prev_end = pos
        for line in _LINE.finditer(self.f, pos + 1):
            a, b = line.start(), line.end()
            if a - prev_end > 1 and out:
                break  # a blank line ends the list
            prev_end = b
            if not self.f[a:b].strip():
                continue
            on = sorted(
                (
                    k
                    for k, e in enumerate(ents)
                    if a <= e.start and e.end <= b and e.via != "anaphor"
                ),
                key=lambda k: ents[k].start,
            )
            rest = self.f[a:b]
            for k in reversed(on):
                rest = rest[: ents[k].start - a] + rest[ents[k].end - a :]
            if not on or any(ents[k].label not in _ORG_TOPS for k in on):
                break
            if not _LIST_LINE_REST.fullmatch(rest):
                break
            out.extend(on)
        return out

    def _sentence_span(self, pos: int) -> tuple[int, int]:
        for a, b in self.res.sentences:
            if a <= pos < b:
                return a, b
        return max(0, pos - 200), min(len(self.f), pos + 200)

    def _takes(self, e: EntitySpan, members: bool) -> bool:
        """A platform, or (``members``) an association with member units (MEMBER_OF's range)."""
        return e.label == "Platform" or (
            members and self.schema.allows("MEMBER_OF", "Enterprise", e.cls)
        )

    def _platform_before(self, pos: int, kind: str = "", members: bool = False) -> int | None:
        """The platform a roster belongs to: the last one named before it — a park or zone
        only when no other platform is ("联合体名称为P，依托园区为Z，牵头学校为A": P); of the
        kind the roster names when it names one (…等30家联合体成员单位: a 联合体)."""
        best = None
        for k, e in enumerate(self.res.entities):
            if kind and not fold(e.name or e.text).endswith(kind):
                continue
            if self._takes(e, members) and e.end <= pos and e.via != "anaphor":
                if (
                    best is not None
                    and e.cls in _SITES
                    and self.res.entities[best].cls not in _SITES
                ):
                    continue
                best = k if best is None or e.start > self.res.entities[best].start else best
        if best is None and not members:
            after = [
                k
                for k, e in enumerate(self.res.entities)
                if self._takes(e, members) and e.via != "anaphor"
            ]
            best = after[0] if after else None
        if best is None and kind:
            # none of that kind: the last platform named
            return self._platform_before(pos, members=members)
        return best

    def designations(self) -> None:
        ents = self.res.entities
        st = self.st
        # a list notice designates what its list lines name
        if self.own is not None and _LIST_TITLE.search(st.title):
            lines = [
                (a, b)
                for a, b in st.list_lines
                if not any(e.start <= a < e.end for e in st.excluded)
            ]
            for k, e in enumerate(list(ents)):
                if (
                    e.label in _DESIGNATED_TOPS
                    and e.via not in ("anaphor",)
                    and any(a <= e.start and e.end <= b for a, b in lines)
                ):
                    self.add_rel(self.own, "DESIGNATES", k, 0.85, "designation-list", e.start)
        # "A、B入选教育部…名单": the body (or list) named after the verb designates A and B
        for m in _DESIGNATE_TRIGGER.finditer(self.f):
            sa, sb = self._sentence_span(m.start())
            start = _clause_start(self.f, sa, m.start())
            end = _clause_end(self.f, m.end(), sb, stop_comma=True)
            subj = [
                k
                for k, e in enumerate(ents)
                if start <= e.start
                and e.end <= m.start()
                and e.label in _DESIGNATED_TOPS
                # "湖北有2个联合体入围": the place holds what was designated, it is not
                and not (e.label == "Place" and _HAS_COUNT.match(self.f, e.end))
                # "A大学的“X”产业学院获批": the school owns what was designated, it is not
                and not self._possessor(k)
            ]
            body = [
                k
                for k, e in enumerate(ents)
                if m.end() <= e.start < end and e.label in ("Government", "Policy")
            ]
            if not body and "名单" in self.f[sa:sb]:
                # "确定了…名单，A、B入选": the list notice the text names (《…名单的通知》)
                lists = [
                    k
                    for k, e in enumerate(ents)
                    if e.label == "Policy" and e.end <= m.start() and "名单" in fold(e.text)
                ]
                body = lists[:1]
            if not body:
                # "根据《通知》,济南市入选…": the document named before the verb in the sentence
                left = [
                    k
                    for k, e in enumerate(ents)
                    if sa <= e.start and e.end <= start and e.label in ("Government", "Policy")
                ]
                body = left[-1:]
            if (
                not body
                and self.own is not None
                and st.is_policy
                and not _PLAN.search(TITLE_PERIOD.sub("", st.title))
            ):
                # the notice itself (a plan's review of past titles names no designator)
                body = [self.own]
            if not subj:
                # "…入围,分别是A、B": the designated items follow the cue
                cue = _LISTED_AFTER.search(self.f, m.end(), sb)
                if cue is not None:
                    subj = self._items_after_cue(cue.end(), sb, _DESIGNATED_TOPS)
            if not body and "名单" in self.f[m.end() : end]:
                # "…等5市入选山东省…名单": the list document named earlier in the text
                lists = [
                    k
                    for k, e in enumerate(ents)
                    if e.label == "Policy" and e.end <= m.start() and "名单" in fold(e.text)
                ]
                body = lists[-1:]
            if not body:
                body = self._list_publisher(m.start())
            if not subj or not body:
                continue
            for b in self._coordinated_bodies(body[0]):
                for k in subj:
                    self.add_rel(b, "DESIGNATES", k, 0.8, f"designation:{m.group(0)}", m.start())
        # "G确定了A、B等12个联合体作为首批…培育项目", "G…决定立项A等54个行业学院为…建设单位"
        for m in _DESIGNATE_ACTIVE.finditer(self.f):
            sa, sb = self._sentence_span(m.start())
            role = _DESIGNATED_AS.search(self.f, m.end(), sb)
            if role is None:
                continue
            items = [
                k
                for k, e in enumerate(ents)
                if m.end() <= e.start
                and e.end <= role.start()
                and e.label in _DESIGNATED_TOPS
                and e.label != "Place"
                and e.via != "anaphor"
            ]
            gap = _ITEM_SEPARATORS.sub("", self.f[m.end() : role.start()])
            for k in items:
                gap = gap.replace(fold(ents[k].text), "", 1)
            if not items or not _COUNTED_KIND.fullmatch(gap):
                continue  # the list must be all there is between the verb and its role
            bodies = [
                k
                for k, e in enumerate(ents)
                if sa <= e.start and e.end <= m.start() and e.label == "Government"
            ]
            if not bodies:
                continue
            for b in self._coordinated_bodies(bodies[-1]):
                for k in items:
                    self.add_rel(b, "DESIGNATES", k, 0.8, f"designation:{m.group(0)}", m.start())

        # "晋江市域产教联合体,是教育部公布的28个首批…联合体之一": the body that published the
        # list designates the item it names
        for m in _ONE_OF.finditer(self.f):
            items = [
                k
                for k, e in enumerate(ents)
                if e.end <= m.start()
                and not self.f[e.end : m.start()].strip(" ，,")
                and e.label in _DESIGNATED_TOPS
                and e.via != "anaphor"
            ]
            bodies = [
                k
                for k, e in enumerate(ents)
                if m.start("gov") <= e.start and e.end <= m.end("gov") and e.label == "Government"
            ]
            if items and bodies:
                for b in self._coordinated_bodies(bodies[-1]):
                    self.add_rel(
                        b,
                        "DESIGNATES",
                        items[-1],
                        0.75,
                        f"designation:{m.group('verb')}",
                        m.start(),
                    )

    def _possessor(self, k: int) -> bool:
        """Is entity ``k`` the owner in "k的P" (P a platform named right after 的)?"""
        e = self.res.entities[k]
        m = _POSSESSIVE.match(self.f, e.end)
        return m is not None and any(
            x.label == "Platform" and m.end() <= x.start <= m.end() + 8 for x in self.res.entities
        )

    def _items_after_cue(self, pos: int, sb: int, tops: tuple[str, ...]) -> list[int]:
        """The items enumerated from a cue (分别是 / 包括) to the sentence's end; of "A牵头的X、Y"
        only X and Y, what stands before 的 modifying them."""
        ents = self.res.entities
        lend = _clause_end(self.f, pos, sb, stop_comma=False)
        subj = [
            k
            for k, e in enumerate(ents)
            if pos <= e.start
            and e.end <= lend
            and e.label in tops
            and e.via != "anaphor"
            and not _inside_other(ents, k)
        ]
        if not subj:
            return subj
        de = self.f.rfind("的", pos, max(ents[k].start for k in subj))  # 的 after the list: no part
        if de >= 0:
            subj = [k for k in subj if ents[k].start > de]
        return subj

    def published_list_items(self) -> None:
        """ "A和B公布了…名单,…。这些学院…,包括X、Y,Z…": the bodies that published a list
        designate the items enumerated after a cue (包括 / 分别是) in the same sentence or in one
        of the next two sentences that refers back to the list (这些 / 上述 / 其中 / 名单 / 入选)."""
        sents = sorted(self.res.sentences)
        for m in _PUBLISH_LIST.finditer(self.f):
            body = self._list_publisher(m.end())
            here = [i for i, (a, b) in enumerate(sents) if a <= m.start() < b]
            if not body or not here:
                continue
            si = here[0]
            for j in range(si, min(len(sents), si + 3)):
                sa, sb = sents[j]
                lo = m.end() if j == si else sa
                cue = _LISTED_AFTER.search(self.f, lo, sb)
                if cue is None or (j != si and not _BACK_REF.search(self.f, sa, cue.start())):
                    continue
                items = self._items_after_cue(cue.end(), sb, _ORG_TOPS)
                for b in self._coordinated_bodies(body[0]):
                    for k in items:
                        self.add_rel(b, "DESIGNATES", k, 0.75, "list-items", cue.start())
                break

    def partner_lists(self) -> None:
        """ "A与中兴大学、东海等8所大学签署MOU。本次合作学校包括中兴大学、东海大学、朝阳科技大学
        …": a list of partners after a signing names all who signed with its signers — whoever
        already signed with one of the listed signs with each of them."""
        ents = self.res.entities
        for m in _PARTNER_CUE.finditer(self.f):
            _sa, sb = self._sentence_span(m.start())
            items = self._items_after_cue(m.end(), sb, _ORG_TOPS)
            names = {_ident(ents[k]) for k in items}
            if len(names) < 2:
                continue
            signers: list[int] = []
            for r in self.res.relations:
                if r.type != "COOPERATES_WITH":
                    continue
                for a, b in ((r.head, r.tail), (r.tail, r.head)):
                    if (
                        _ident(ents[b]) in names
                        and _ident(ents[a]) not in names
                        and ents[a].start < m.start()
                        and a not in signers
                    ):
                        signers.append(a)
            for a in signers:
                for k in items:
                    self.add_rel(a, "COOPERATES_WITH", k, 0.7, "partner-list", m.start())

    def _coordinated_bodies(self, k: int) -> list[int]:
        """A body and the bodies listed with it ("江苏省发展改革委、省教育厅、省人力资源保障厅联合
        发布…": each of the joint issuers)."""
        ents = self.res.entities
        e = ents[k]
        if e.label != "Government":
            return [k]
        out = [k]
        govs = sorted(
            (j for j, x in enumerate(ents) if x.label == "Government" and x.via != "anaphor"),
            key=lambda j: ents[j].start,
        )
        cur = e
        for j in reversed([j for j in govs if ents[j].end <= e.start]):  # before it
            if ents[j].end <= cur.start and _JOINED.fullmatch(self.f[ents[j].end : cur.start]):
                out.insert(0, j)
                cur = ents[j]
        cur = e
        for j in [j for j in govs if ents[j].start >= e.end]:  # after it
            if _JOINED.fullmatch(self.f[cur.end : ents[j].start]):
                out.append(j)
                cur = ents[j]
            elif ents[j].start > cur.end:
                break
        return list(dict.fromkeys(out))

    def _list_publisher(self, pos: int) -> list[int]:
        """The body that published a list earlier in the text ("教育部公布第一批…名单。…X入围"):
        the last Government named before 公布 / 发布 / 印发 / 公示 whose clause names a 名单."""
        ents = self.res.entities
        best: list[int] = []
        for m in _PUBLISH_LIST.finditer(self.f, 0, pos):
            sa, _sb = self._sentence_span(m.start())
            start = _clause_start(self.f, sa, m.start())
            govs = [
                k
                for k, e in enumerate(ents)
                if start <= e.start
                and e.end <= m.start()
                and e.label == "Government"
                and e.via != "anaphor"
            ]
            if govs:
                best = govs[-1:]
        return best

    def listed_bodies(self) -> None:
        """A place's body followed by short forms of its fellow bodies ("江苏省发展改革委、
        省教育厅、省人力资源保障厅"): each short form is that place's body (江苏省教育厅, the
        written form kept as an alias)."""
        ents = self.res.entities
        gone: set[int] = set()
        for k in range(len(ents)):
            e = ents[k]
            if e.label != "Government" or e.via == "anaphor":
                continue
            place, _cls = self._place_prefix(fold(e.text))
            if place.endswith(("省", "市")) and fold(e.text).startswith(place):
                level = place[-1]
            elif fold(e.text)[:1] in ("省", "市"):
                place, level = "", fold(e.text)[0]  # "省发改委、教育厅…": the place is implied
            else:
                continue
            pos = e.end
            while True:
                m = _SHORT_BODY.match(self.f, pos)
                if m is None:
                    break
                piece = m.group(1)
                if self._place_prefix(piece)[0]:
                    break  # a full name of its own ("江西省教育厅和江西省工信厅")
                if piece[0] in "省市":
                    if piece[0] != level:
                        break
                    short = piece[1:]
                elif piece.endswith(_LEVEL_END[level]):
                    short = piece  # "省发改委、教育厅": a department of the same province
                else:
                    break
                a, b = m.start(1), m.end(1)
                full = (place or level) + short
                same = [j for j, x in enumerate(ents) if x.start == a and x.via != "anaphor"]
                if same and ents[same[0]].label == "Government":
                    j = same[0]
                    ents[j].start, ents[j].end, ents[j].text = a, b, full
                else:
                    j = self.add_entity(a, b, self.gov_class(m.group(1)), "list", 0.8, full)
                ents[j].local = False
                ents[j].aliases.append(m.group(1))
                # a place read inside the short form goes with it
                gone |= {i for i, x in enumerate(ents) if i != j and a <= x.start and x.end <= b}
                pos = b
        self._remove(gone)

    def split_bracket_glue(self) -> None:
        """ "A(现更名为B)和C": a name read across the closing bracket and a conjunction is two
        names, B (the bracket's last name) and C."""
        ents = self.res.entities
        for k in range(len(ents)):
            e = ents[k]
            m = _BRACKET_GLUE.search(e.text)
            if e.via == "anaphor" or m is None:
                continue
            start, first = e.start, m.group(1)
            e.start = start + m.end()
            e.text = self.text[e.start : e.end]
            cls_a = self.lex.class_for_suffix(fold(first))
            if cls_a is None or len(first) < 4:
                continue
            j = self.add_entity(start, start + len(first), cls_a, "split", 0.8)
            for r in list(self.res.relations):
                if r.type == "RENAMED_TO" and r.tail == k:
                    r.tail = j  # "A(现更名为B)和C": A was renamed B, not C
                elif k in (r.head, r.tail):  # B and C are coordinated: both take part
                    h, t = (j, r.tail) if r.head == k else (r.head, j)
                    self.add_rel(h, r.type, t, r.confidence, r.rule + "+split", ents[j].start)

        # the same when the two names were read apart: "A(现更名为B)和C牵头的X" — B takes part
        # in what C does (respective() later pairs them one to one with "分别")
        for r in list(self.res.relations):
            c = ents[r.head]
            m = _BRACKET_JOIN.search(self.f, max(0, c.start - 3), c.start)
            if m is None or r.type not in ("LEADS", "BUILDS", "MEMBER_OF"):
                continue
            b = next((j for j, x in enumerate(ents) if x.end == m.start()), None)
            opened = self.f.rfind("(", 0, m.start()), self.f.rfind("（", 0, m.start())
            o = max(opened)
            if b is None or o < 0 or not _RENAMED_IN_BRACKET.match(self.f, o + 1):
                continue
            self.add_rel(b, r.type, r.tail, r.confidence, r.rule + "+split", ents[b].start)

    def split_glued_bodies(self) -> None:
        """ "中共河南省委办公厅河南省人民政府办公厅印发的《X》": two bodies written without a
        separator are two names (each takes part in what the glued name did)."""
        ents = self.res.entities
        for k in range(len(ents)):
            e = ents[k]
            whole = fold(e.text)
            pieces = split_issuers(whole)
            if e.label != "Government" or e.via == "anaphor" or len(pieces) < 2:
                continue
            if "".join(pieces) != whole:
                continue
            start = e.start
            e.end = start + len(pieces[0])
            e.text = self.text[e.start : e.end]
            for piece in pieces[1:]:
                start = self.f.find(piece, start + 1, start + len(whole) + 1)
                j = self.add_entity(start, start + len(piece), self.gov_class(piece), "split", 0.8)
                for r in list(self.res.relations):
                    if k in (r.head, r.tail):
                        h, t = (j, r.tail) if r.head == k else (r.head, j)
                        self.add_rel(h, r.type, t, r.confidence, r.rule + "+split", start)

    def trim_kind_prefix(self) -> None:
        """ "我校推荐的合作企业天嘉…股份有限公司": a kind noun before a name is no part of it, nor
        an adverb and 与 ("先后与辽宁奶业协会和…签约")."""
        for e in self.res.entities:
            m = _KIND_PREFIX.match(e.text)
            if m is None or e.via == "anaphor" or len(e.text) - m.end() < 4:
                continue
            rest = fold(e.text[m.end() :])
            if self.lex.class_for_suffix(rest) is None:
                continue
            e.start += m.end()
            e.text = e.text[m.end() :]

    def trim_to_known_names(self) -> None:
        """ "感谢区长在这天帮东南科技大学…", "已经认识东南科技大学": a name the document also
        writes alone (东南科技大学) is no longer for the running text the left scan swept into it;
        cut when that text holds a word no name holds (a verb, a time, a particle, a coordinator
        as jieba tags it). A place or a noun before the name keeps it (深圳大学人工智能学院)."""
        from iegraph.ingest.documents.recognize import _pos

        ents = self.res.entities
        alone = {
            fold(e.text)
            for e in ents
            if e.via != "anaphor"
            and len(e.text) >= 3
            # a kind (科技大学, 产业学院) is no name to cut a longer one down to
            and fold(e.text) not in self.lex.suffixes
            and fold(e.text) not in self.lex.generic_names
            and not self._bare_kind(fold(e.text))
        }
        for e in ents:
            if e.via == "anaphor" or e.label in ("Place", "Industry", "Policy"):
                continue
            whole = fold(e.text)
            known = max(
                (x for x in alone if len(x) < len(whole) and whole.endswith(x)),
                key=len,
                default=None,
            )
            if known is None:
                continue
            lead = whole[: len(whole) - len(known)]
            if not any(
                f[:1] in _RUNNING_TAGS for _w, f in _pos(lead)
            ) and not _RUNNING_CHARS.search(lead):
                continue
            e.start = e.end - len(known)
            e.text = self.text[e.start : e.end]

    def _bare_kind(self, name: str) -> bool:
        """ "科技大学", "应用大学": a kind of school or body with a common word before its suffix,
        no proper name (a place or a name word as jieba tags it would make one)."""
        from iegraph.ingest.documents.recognize import _jieba_words, _pos

        n = next((k for k in range(len(name) - 1, 0, -1) if name[-k:] in self.lex.suffixes), 0)
        stem = name[: len(name) - n]
        if n == 0 or len(stem) != 2:
            return False
        toks = _pos(stem)
        words = _jieba_words()
        # a verb or a common word (科技, 应用), not a brand jieba seldom sees (格力)
        return all(
            f not in _NAME_TAGS and (f[:1] == "v" or words.get(w, 0) >= 2000) for w, f in toks
        )

    def based_on(self) -> None:
        """ "X以Y为依托，由A牵头共建": Y is X's base; what A leads or builds is X."""
        ents = self.res.entities
        for r in self.res.relations:
            if r.type not in ("LEADS", "BUILDS"):
                continue
            y = ents[r.tail]
            if self.f[y.start - 1 : y.start] != "以" or not _BASE.match(self.f, y.end):
                continue
            sa, _sb = self._sentence_span(y.start)
            xs = [
                k
                for k, e in enumerate(ents)
                if sa <= e.start
                and e.end <= y.start - 1
                and e.label == "Platform"
                and k != r.head
                and self.schema.allows(r.type, ents[r.head].cls, e.cls)
            ]
            if xs:
                r.tail = xs[0]
                r.rule += "+base"

    def joint_issuers(self) -> None:
        """ "省发改委、教育厅、人力资源和社会保障厅联合印发《X》": X is issued by each body of the
        list, also those the sentence rules did not see."""
        for r in list(self.res.relations):
            if r.type != "ISSUED_BY":
                continue
            for b in self._coordinated_bodies(r.tail):
                at = self.res.entities[b].start
                self.add_rel(r.head, "ISSUED_BY", b, r.confidence, r.rule + "+joint", at)

    def policy_supports(self) -> None:
        """ "支持A“双一流”建设、支持B等高校…" in a policy document's body: a support verb that
        heads its clause has the document itself as subject — the policy supports each named
        organisation or platform right after it (and those coordinated with it)."""
        if self.own is None:
            return
        ents = self.res.entities
        orgs = sorted(
            (k for k, e in enumerate(ents) if e.label in _SUPPORTED and e.via != "anaphor"),
            key=lambda k: ents[k].start,
        )
        starts = {ents[k].start: k for k in orgs}
        for m in _POLICY_SUPPORT.finditer(self.f, self.st.body_start):
            k = starts.get(m.end())
            group: list[int] = []
            while k is not None:
                group.append(k)
                nxt = [j for j in orgs if ents[j].start >= ents[k].end]
                if not nxt or self.f[ents[k].end : ents[nxt[0]].start] not in ("、", "和", "及"):
                    break
                k = nxt[0]
            for j in group:
                self.add_rel(self.own, "SUPPORTS", j, 0.75, "support:policy", m.start())

    def title_issuers(self) -> None:
        """A public body written right before a title issued it, in any genre: "贯彻落实教育部办公厅
        《…》", "国家发展改革委等部门《…》", "研究院(以下简称…)印发了《…》", "中共中央办公厅、
        国务院办公厅印发《…》" (each body of a coordinated run)."""
        ents = self.res.entities
        ends = {e.end: k for k, e in enumerate(ents) if e.label == "Government"}
        for k, e in enumerate(ents):
            if e.label != "Policy" or e.start < 1 or self.f[e.start - 1] != "《":
                continue
            pos = e.start - 1
            lead = _TITLE_ISSUER_GAP.search(self.f, max(0, pos - 40), pos)
            g = ends.get(lead.start() if lead else pos)
            while g is not None:
                self.add_rel(k, "ISSUED_BY", g, 0.8, "issuer:names-title", ents[g].start)
                sep = self.f[max(0, ents[g].start - 1) : ents[g].start]
                g = ends.get(ents[g].start - 1) if sep in ("、", "和", "与") else None

    def event_hosts(self) -> None:
        """ "由G指导，A、B主办，C承办的P成立大会": a founding event named with its hosts before
        it — the bodies guiding it support P, its hosts lead P (承办 organisers get nothing)."""
        ents = self.res.entities
        for m in _FOUNDING_EVENT.finditer(self.f):
            p = next(
                (k for k, e in enumerate(ents) if e.end == m.start() and e.label == "Platform"),
                None,
            )
            if p is None or self.f[ents[p].start - 1 : ents[p].start] != "的":
                continue
            sa, _sb = self._sentence_span(m.start())
            lo = ents[p].start
            roles = [(x.start(), x.group(0)) for x in _HOST_ROLE.finditer(self.f, sa, lo)]
            for k, e in enumerate(ents):
                if not (sa <= e.start and e.end <= lo) or e.label not in _ORG_TOPS:
                    continue
                role = next((r for at, r in roles if at >= e.end), None)
                if role is None or e.label == "Platform":
                    continue
                if role.endswith(("指导", "支持")):
                    self.add_rel(k, "SUPPORTS", p, 0.75, "event:guided", e.start)
                elif role.endswith("主办"):
                    self.add_rel(k, "LEADS", p, 0.75, "event:hosted", e.start)

    def copula_builders(self) -> None:
        """ "P是A与B共同打造的产业学院": the builders of a relative clause whose head is a bare
        kind noun build the platform the copula names."""
        ents = self.res.entities
        for m in _COPULA_BUILT.finditer(self.f):
            p = next(
                (k for k, e in enumerate(ents) if e.end == m.start() and e.label == "Platform"),
                None,
            )
            if p is None:
                continue
            for k, e in enumerate(ents):
                if (
                    m.start() < e.start
                    and e.end <= m.start("verb")
                    and e.label in _ORG_TOPS
                    and e.label != "Platform"
                ):
                    self.add_rel(k, "BUILDS", p, 0.75, "copula-built", m.start())

    def platform_includes(self) -> None:
        """ "P包括A、B、C等…单位" (also 该联盟包括…): the organisations listed are P's members."""
        ents = self.res.entities
        for m in _INCLUDES.finditer(self.f):
            p = next(
                (k for k, e in enumerate(ents) if e.end == m.start() and e.label == "Platform"),
                None,
            )
            if p is None:
                continue
            end = _clause_end(self.f, m.end(), self._sentence_span(m.start())[1], stop_comma=True)
            for k, e in enumerate(ents):
                if m.end() <= e.start < end and e.label in _ORG_TOPS and e.label != "Platform":
                    self.add_rel(k, "MEMBER_OF", p, 0.75, "includes", m.start())
        # "P第一期计划，包括A、B等国际企业参与": the companies taking part in P build it
        for m in _TAKING_PART.finditer(self.f):
            sa, _sb = self._sentence_span(m.start())
            plats = [
                k
                for k, e in enumerate(ents)
                if sa <= e.start and e.end <= m.start() and e.label == "Platform"
            ]
            if not plats:
                continue
            for k, e in enumerate(ents):
                if m.start(1) <= e.start and e.end <= m.end(1) and e.label in ("Enterprise",):
                    self.add_rel(k, "BUILDS", plats[-1], 0.7, "taking-part", m.start())

    def respective(self) -> None:
        """ "A和B牵头的X、Y，分别…" / "分别是A和B牵头的X、Y": n heads and n tails of one
        sentence's relation pair one to one, in their order."""
        ents = self.res.entities
        groups: dict[tuple[int, str], list[RelationSpan]] = {}
        for r in self.res.relations:
            groups.setdefault((r.sentence, r.type), []).append(r)
        drop: set[int] = set()
        for (si, _t), rels in groups.items():
            if si >= len(self.res.sentences):
                continue
            a, b = self.res.sentences[si]
            if "分别" not in self.f[a:b]:
                continue
            heads = sorted({r.head for r in rels}, key=lambda k: ents[k].start)
            tails = sorted({r.tail for r in rels}, key=lambda k: ents[k].start)
            if len(heads) < 2 or len(heads) != len(tails) or len(rels) != len(heads) ** 2:
                continue
            for r in rels:
                if heads.index(r.head) != tails.index(r.tail):
                    drop.add(id(r))
        self.res.relations = [r for r in self.res.relations if id(r) not in drop]

    def defined_focus(self) -> None:
        """ "佛山市“两高四新”产教联合体 … (“两高”指高技术制造业、高品质服务业，“四新”指…)": a
        platform named after a quoted short form focuses on the industries the text says the
        short form stands for (each item an Industry, read whole: 新能源产业, not 新能源)."""
        ents = self.res.entities
        for m in _DEFINED.finditer(self.f):
            short = m.group(1)
            plats = [
                k
                for k, e in enumerate(ents)
                if e.label == "Platform"
                and e.via != "anaphor"
                and any(short in q for q in _QUOTED.findall(fold(e.text)))
            ]
            if not plats:
                continue
            pos = m.start(2)
            for piece in re.split(r"(、|和|及)", m.group(2)):
                a, b = pos, pos + len(piece)
                pos = b
                if piece in ("、", "和", "及") or not (
                    piece.endswith(("产业", "制造业", "服务业")) or piece in self.lex.industries
                ):
                    continue
                inner = {
                    k
                    for k, e in enumerate(ents)
                    if e.label == "Industry" and a <= e.start and e.end <= b
                }
                self._remove(inner)  # "新能源" inside "新能源产业"
                ents = self.res.entities
                plats = [
                    k
                    for k, e in enumerate(ents)
                    if e.label == "Platform"
                    and e.via != "anaphor"
                    and any(short in q for q in _QUOTED.findall(fold(e.text)))
                ]
                ind = self.add_entity(a, b, "Industry", "definition", 0.8)
                for k in plats:
                    if not any(
                        r.type == "FOCUSES_ON"
                        and fold(ents[r.head].text) == fold(ents[k].text)
                        and r.tail == ind
                        for r in self.res.relations
                    ):
                        self.add_rel(k, "FOCUSES_ON", ind, 0.75, "focus:definition", a)

    def cued_focus(self) -> None:
        """ "P(国家级高新区，主导产业为A、B、C)", "P的重点产业包括A和B": P focuses on each
        industry of the list — P the name right before the bracket the list stands in, else
        the last organisation or platform named before it in its sentence."""
        ents = self.res.entities
        cues = [
            *INDUSTRY_CUE.finditer(self.f),
            *_LEADING_SECTORS.finditer(self.f),
            *VERB_INDUSTRY_CUE.finditer(self.f),  # "P紧扣A、B、C": P's focus
        ]
        for m in cues:
            items = [
                k
                for k, e in enumerate(ents)
                if e.label == "Industry" and m.start(1) <= e.start and e.end <= m.end(1)
            ]
            if not items:
                continue
            sa, _sb = self._sentence_span(m.start())
            opener = max(self.f.rfind("(", sa, m.start()), self.f.rfind("（", sa, m.start()))
            if opener >= 0 and not re.search(r"[)）]", self.f[opener : m.start()]):
                owner = next((k for k, e in enumerate(ents) if e.end == opener), None)
            else:
                before = [
                    k
                    for k, e in enumerate(ents)
                    if sa <= e.start and e.end <= m.start() and e.label in _FOCUS_OWNERS
                ]
                owner = max(before, key=lambda k: ents[k].start) if before else None
            if owner is None or ents[owner].label not in _FOCUS_OWNERS:
                continue
            for k in items:
                self.add_rel(owner, "FOCUSES_ON", k, 0.75, "focus:cue-list", m.start())

    def named_focus(self) -> None:
        """An industry community named after its industry ("全国建材行业产教融合共同体") focuses
        on that industry."""
        ents = self.res.entities
        for k in range(len(ents)):
            e = ents[k]
            if e.label != "Platform" or e.via == "anaphor":
                continue
            m = _INDUSTRY_COMMUNITY.search(fold(e.text))
            if m is None:
                continue
            stem, off = m.group(1), m.start(1)
            # "江西纺织服装行业…": the place the community is of is no part of its industry
            lead = next(
                (n for n in range(min(len(stem) - 2, 6), 1, -1) if stem[:n] in self.lex.places),
                0,
            )
            if lead and stem not in self.lex.industries:
                stem, off = stem[lead:], off + lead
            known = [n for n in range(len(stem) - 1, 1, -1) if stem[:n] in self.lex.industries]
            cut = known[0] if stem not in self.lex.industries and known else len(stem)
            stem = stem[:cut]  # "工业互联网创新行业…": the known industry it starts with
            if stem not in self.lex.industries and (
                not m.group(2)
                and (
                    len(stem) > 6
                    or self._place_prefix(stem)[0]
                    or self.lex.class_for_suffix(stem) is not None
                    or any(fold(x.text) == stem and x.label != "Industry" for x in ents)
                )
            ):
                continue  # "城市更新产教融合共同体": a short stem that names no place or body
            ind = next(
                (j for j, x in enumerate(ents) if x.label == "Industry" and fold(x.text) == stem),
                None,
            )
            if any(
                r.type == "FOCUSES_ON" and fold(ents[r.head].text) == fold(e.text)
                for r in self.res.relations
            ):
                continue
            if ind is None:
                ind = self.add_entity(e.start + off, e.start + off + cut, "Industry", "name", 0.8)
            self.add_rel(k, "FOCUSES_ON", ind, 0.8, "focus:name", e.start)

    def enumerations(self) -> None:
        """ "中国重汽、山东高速、鲁南制药等168家企业": the items of a list closed by 等 and a
        kind are names of that kind, even short brand names no rule knows."""
        for start, items, seps, kind in _enum_lists(self.f):
            cls = _ENUM_KINDS.get(kind)
            if cls is None or cls not in self.schema.classes:
                continue
            if _FIELD_KIND.search(_enum_middle(self.f, start, items, kind)):
                continue  # "化工、食品等产业领域企业": fields of business, not companies
            for a, b in _enum_items(self.f, start, items, seps != "、"):
                name = self.f[a:b]
                inner = {
                    k
                    for k, e in enumerate(self.res.entities)
                    if e.start < b
                    and a < e.end
                    and e.label == "Place"
                    and a <= e.start
                    and e.end <= b
                    and (e.start, e.end) != (a, b)
                }
                if not 2 <= len(name) <= 14 or any(
                    e.start < b and a < e.end
                    for k, e in enumerate(self.res.entities)
                    if k not in inner
                ):
                    continue
                if inner and self.schema.classes[cls].top != "Place":
                    self._remove(inner)  # "扬州邗江测量服务所": the place is part of the name
                klass = cls
                if self.schema.classes[cls].top == "Place":
                    klass = self.lex.places.get(name) or ""
                    if not klass:
                        continue
                elif name in self.lex.generic_names or name in self.lex.places:
                    continue
                self.add_entity(a, b, klass, "list", 0.75)

    def counted_partners(self) -> None:
        """ "A、B等11家企业与X签下…合作计划": each listed body signs with X (the list closed by
        等 and its kind stands as the subject; the sentence rules pair only names side by side)."""
        ents = self.res.entities
        for start, items, _seps, kind in _enum_lists(self.f):
            end = self.f.find(kind, start + len(items))
            if end < 0:
                continue
            end += len(kind)
            self._signed_with_list(start, end)
            conj = _COUNTED_WITH.match(self.f, end)
            if conj is None:
                continue
            partner = next(
                (
                    k
                    for k, e in enumerate(ents)
                    if e.start == conj.end() and e.label in _ORG_TOPS[:3] and e.via != "anaphor"
                ),
                None,
            )
            if partner is None or not _COUNTED_SIGN.match(self.f, ents[partner].end):
                continue
            for k, e in enumerate(ents):
                if start <= e.start and e.end <= end and e.label in _ORG_TOPS[:3]:
                    self.add_rel(
                        k, "COOPERATES_WITH", partner, 0.75, "list:signed-with", conj.start()
                    )

    def _signed_with_list(self, start: int, end: int) -> None:
        """ "X与A、B及全台包括C、D等16所高工职校签订…意向书": X signs with every body named
        from 与 to the list's kind (the sentence rules stop at 包括 and the count)."""
        ents = self.res.entities
        sign = _COUNTED_SIGN.match(self.f, end)
        if sign is None:
            return
        sa, _sb = self._sentence_span(start)
        clause = max(self.f.rfind(c, sa, start) for c in "，,。；;")
        lo = max(sa, clause + 1)
        firsts = [
            k
            for k, e in enumerate(ents)
            if lo <= e.start
            and e.end < start
            and e.label in _ORG_TOPS[:3]
            and e.via != "anaphor"
            and self.f[e.end : e.end + 1] in ("与", "和", "同")
        ]
        if not firsts:
            return
        x = firsts[0]
        for k, e in enumerate(ents):
            if (
                ents[x].end < e.start
                and e.end <= end
                and e.label in _ORG_TOPS[:3]
                and e.via != "anaphor"
            ):
                self.add_rel(x, "COOPERATES_WITH", k, 0.75, "list:signed-with", ents[x].end)

    def short_titles(self) -> None:
        """ "根据《通知》": a bare document kind in 《》 is the full title named before it."""
        ents = self.res.entities
        for e in ents:
            if e.label != "Policy" or fold(e.text) not in _SHORT_TITLES:
                continue
            head = fold(e.text)
            for k in range(len(ents) - 1, -1, -1):
                x = ents[k]
                if (
                    x is not e
                    and x.label == "Policy"
                    and x.end <= e.start
                    and fold(x.text).endswith(head)
                    and fold(x.text) != head
                ):
                    e.via = "anaphor"
                    e.props["refs"] = [k]
                    break

    def short_names(self) -> None:
        """ "X(以下简称共同体)": the short form is an alias of X."""
        for m in _SHORT_NAME.finditer(self.f):
            before = [e for e in self.res.entities if e.end <= m.start() and m.start() - e.end <= 2]
            if before:
                before[-1].aliases.append(self.text[m.start(1) : m.end(1)])
                self._short_forms.append((fold(m.group(1)), m.start(), before[-1]))

    def drop_passing_industries(self) -> None:
        """An industry named in passing (人工智能 in a list of course topics) is not one the
        document is about: kept only when a relation uses it or the text names it as an
        industry (…产业, …行业, …领域)."""
        from iegraph.ingest.documents.lexicon import INDUSTRY_HEADS

        used = {r.head for r in self.res.relations} | {r.tail for r in self.res.relations}
        # the sectors a plan lists after a verb of focus (紧扣A、B、C) are what it is about
        cued = [m.span(1) for m in VERB_INDUSTRY_CUE.finditer(self.f)]
        gone = {
            k
            for k, e in enumerate(self.res.entities)
            if e.label == "Industry"
            and k not in used
            and not e.text.isascii()  # English names only what the ontology lists as one
            and not any(self.f.startswith(h, e.end) for h in INDUSTRY_HEADS)
            and not _INDUSTRY_LIST_END.match(self.f, e.end)
            and not any(a <= e.start and e.end <= b for a, b in cued)
        }
        for k in sorted(gone):
            self.res.dropped.append(
                {
                    "what": "entity",
                    "reason": "industry named in passing",
                    "text": self.res.entities[k].text,
                }
            )
        self._remove(gone)

    def drop_lone_guesses(self) -> None:
        """A suffixless name only the statistical model saw (a brand-like word: 戴尔科技)
        stays when the document names it twice or relates it to something; said once in
        passing it is more often a misread word than a body."""
        ents = self.res.entities
        related = {r.head for r in self.res.relations} | {r.tail for r in self.res.relations}
        gone = {
            k
            for k, e in enumerate(ents)
            if e.via == "stat"
            and e.props.get("stat") == "brand"
            and k not in related
            and self.f.count(fold(e.text)) < 2
        }
        for k in sorted(gone):
            self.res.dropped.append(
                {
                    "what": "statistical name",
                    "reason": "named once, in no relation",
                    "text": ents[k].text,
                }
            )
        self._remove(gone)

    def _drop(self, gone: set[int], why: str) -> None:
        """Remove entities ``gone`` (and their relations), saying why in the review."""
        for k in sorted(gone):
            self.res.dropped.append(
                {"what": "entity", "reason": why, "text": self.res.entities[k].text}
            )
        self._remove(gone)

    def _remove(self, gone: set[int]) -> None:
        if not gone:
            return
        ents = self.res.entities
        keep = [k for k in range(len(ents)) if k not in gone]
        index = {old: new for new, old in enumerate(keep)}
        self.res.entities = [ents[k] for k in keep]
        rels = []
        for r in self.res.relations:
            if r.head in index and r.tail in index:
                r.head, r.tail = index[r.head], index[r.tail]
                rels.append(r)
        self.res.relations = rels
        if self.own is not None:
            self.own = index.get(self.own)

    def english_partners(self) -> None:
        """English signings and partnerships: "… agreements … with A, B and the C", "our
        partners – A, B and others", "A (partner institute of B)". The partner of each listed
        body is the organisation named before the cue in the sentence, else — when the text
        speaks in the first person (we, our) — the organisation the document keeps naming."""
        if not self.st.english:
            return
        ents = self.res.entities
        orgs = [k for k, e in enumerate(ents) if e.label in _ORG_TOPS[:3] and e.via != "anaphor"]
        counts: dict[str, int] = {}
        for k in orgs:
            counts[_ident(ents[k])] = counts.get(_ident(ents[k]), 0) + 1
        main = None
        if counts and re.search(r"\b(?:we|our|us)\b", self.f, re.IGNORECASE):
            best = max(counts.items(), key=lambda x: x[1])
            if best[1] >= 2:
                main = next(k for k in orgs if _ident(ents[k]) == best[0])
        for sa, sb in self.res.sentences:
            sent = self.f[sa:sb]
            in_s = [k for k in orgs if sa <= ents[k].start < sb]
            for m in _EN_PARTNER_OF.finditer(sent):
                before = [k for k in in_s if ents[k].end <= sa + m.start()]
                after = [k for k in in_s if ents[k].start >= sa + m.end()]
                if before and after:
                    self.add_rel(
                        before[-1],
                        "COOPERATES_WITH",
                        after[0],
                        0.8,
                        "en:partner-of",
                        sa + m.start(),
                    )
            cue = _EN_PARTNER_CUE.search(sent)
            if cue is None:
                continue
            intro = _EN_LIST_INTRO.search(sent, cue.end())
            if intro is not None and intro.group(0) != "with":
                # "… Cooperation Build a Hub — A Signed MoU with B": the cue nearest before a
                # "with" governs, not a word of the headline's first half
                w = _EN_WITH.search(sent, intro.end())
                last = [
                    c
                    for c in _EN_PARTNER_CUE.finditer(sent, intro.end())
                    if w and c.end() <= w.start()
                ]
                if w is not None and last:
                    cue, intro = last[-1], w
            titles = sum(
                e.end - e.start
                for e in ents
                if e.label == "Policy"
                and sa + cue.start() <= e.start
                and intro is not None
                and e.end <= sa + intro.start()
            )
            if intro is None or intro.start() - cue.end() - titles > 120:
                continue  # the titles of the agreements signed do not part the signers
            listed = [k for k in in_s if ents[k].start >= sa + intro.end()]
            before = [k for k in in_s if ents[k].end <= sa + cue.start()]
            subj = before[0] if before else main
            if subj is None:
                continue
            for k in listed:
                if _ident(ents[k]) != _ident(ents[subj]):
                    self.add_rel(subj, "COOPERATES_WITH", k, 0.75, "en:partners", sa + cue.start())
        self._english_build_goals()
        self._english_issuers()

    def english_between(self) -> None:
        """ "the strategic cooperation between A and B", "cooperation between Kaiwu Group and
        the school": the two are partners (read before referring mentions give way to what they
        stand for, so "the school" pairs as the school named before)."""
        if not self.st.english:
            return
        ents = self.res.entities
        for sa, sb in self.res.sentences:
            sent = self.f[sa:sb]
            in_s = [
                k for k, e in enumerate(ents) if sa <= e.start < sb and e.label in _ORG_TOPS[:3]
            ]
            for m in _EN_BETWEEN.finditer(sent):
                first = [k for k in in_s if ents[k].start == sa + m.end()]
                if not first:
                    continue
                rest = sent[ents[first[0]].end - sa :]
                conj = re.match(r"(\s+and\s+)(?:the\s+)?", rest)
                if conj is None:
                    continue
                at = ents[first[0]].end + conj.end()
                article = ents[first[0]].end + conj.end(1)  # "and the school": "the" opens it
                second = [k for k in in_s if ents[k].start in (at, article)]
                if second:
                    self.add_rel(first[0], "COOPERATES_WITH", second[0], 0.8, "en:between", at)

    def ceremony_builds(self) -> None:
        """ "A与B举行X揭牌仪式", "A与B签订X共建协议": the hosts of a platform's unveiling (or
        signing) ceremony, and the signers of its co-building agreement, build it."""
        ents = self.res.entities
        orgs = ("Institution", "Enterprise", "Government")
        for k, p in enumerate(ents):
            if p.label != "Platform" or p.via == "anaphor":
                continue
            before = _CEREMONY_VERB.search(self.f[max(0, p.start - 8) : p.start])
            if before is None or not _CEREMONY_AFTER.match(self.f, p.end):
                continue
            verb_at = max(0, p.start - 8) + before.start()
            sa, _sb = self._sentence_span(p.start)
            start = _clause_start(self.f, sa, verb_at)
            hosts = [
                j
                for j, e in enumerate(ents)
                if start <= e.start and e.end <= verb_at and e.label in orgs and e.via != "anaphor"
            ]
            if not hosts:
                continue
            # the hosts are one coordinated group that ends right before the verb
            group = [hosts[-1]]
            for j in reversed(hosts[:-1]):
                if _HOST_COORD.fullmatch(self.f[ents[j].end : ents[group[0]].start]):
                    group.insert(0, j)
                else:
                    break
            if not _HOST_TAIL.fullmatch(self.f[ents[group[-1]].end : verb_at]):
                continue
            for j in group:
                self.add_rel(j, "BUILDS", k, 0.75, "ceremony", p.start)
            after = _CEREMONY_AFTER.match(self.f, p.end)
            if len(group) == 1 and after is not None and "签约" in after.group(0):
                # "A举行X签约和揭牌仪式 … A与B签约": A's one signing partner builds X with A
                partner = self._only_partner(group[0])
                if partner is not None:
                    self.add_rel(partner, "BUILDS", k, 0.65, "ceremony:partner", p.start)

    def _only_partner(self, k: int) -> int | None:
        """The one body the document says ``k`` signs or cooperates with (None: none or
        several)."""
        ents = self.res.entities
        me = _ident(ents[k])
        found: dict[str, int] = {}
        for r in self.res.relations:
            if r.type != "COOPERATES_WITH":
                continue
            for a, b in ((r.head, r.tail), (r.tail, r.head)):
                if _ident(ents[a]) == me and _ident(ents[b]) != me:
                    found.setdefault(_ident(ents[b]), b)
        return next(iter(found.values())) if len(found) == 1 else None

    def english_among(self) -> None:
        """ "the signing ceremony of strategic cooperation … among A, B, C and D was held": each
        pair of the parties cooperates (a unit followed by its school — "Research Center of …,
        Lanzhou University" — is one party, the school named as its home)."""
        if not self.st.english:
            return
        ents = self.res.entities
        for sa, sb in self.res.sentences:
            m = _EN_AMONG.search(self.f, sa, sb)
            if m is None:
                continue
            end = _EN_AMONG_END.search(self.f, m.end(), sb)
            stop = end.start() if end else sb
            parties = [
                k
                for k, e in enumerate(ents)
                if m.end() <= e.start
                and e.end <= stop
                and e.label in _ORG_TOPS
                and e.via != "anaphor"
            ]
            parties = [
                k
                for i, k in enumerate(parties)
                if not (
                    i
                    and ents[parties[i - 1]].label == "Platform"
                    and self.f[ents[parties[i - 1]].end : ents[k].start].strip() == ","
                )
            ]
            if not 2 <= len({_ident(ents[k]) for k in parties}) <= 5:
                continue
            for i, k in enumerate(parties):
                for j in parties[i + 1 :]:
                    self.add_rel(k, "COOPERATES_WITH", j, 0.75, "en:among", m.start())

    def _english_issuers(self) -> None:
        """ "nine bodies including the Ministry of Education and the Ministry of … released
        the “… Action Plan (2020-2023)"": each public body before the verb issued the title."""
        ents = self.res.entities
        for m in _EN_RELEASED.finditer(self.f):
            sa, _sb = self._sentence_span(m.start())
            pol = next(
                (
                    k
                    for k, e in enumerate(ents)
                    if e.label == "Policy" and m.end() <= e.start <= m.end() + 3
                ),
                None,
            )
            if pol is None:
                continue
            for k, e in enumerate(ents):
                if e.label == "Government" and sa <= e.start and e.end <= m.start():
                    self.add_rel(pol, "ISSUED_BY", k, 0.8, "en:issued", m.start())

    def _english_build_goals(self) -> None:
        """ "A … signed an agreement with B to jointly build P": the partners of the sentence
        both build the platform its purpose clause names."""
        ents = self.res.entities
        for m in _EN_BUILD_GOAL.finditer(self.f):
            si = self.sentence_at(m.start())
            p = next(
                (
                    k
                    for k, e in enumerate(ents)
                    if e.label == "Platform" and m.end() <= e.start <= m.end() + 40
                ),
                None,
            )
            if p is None:
                continue
            parties = {
                x
                for r in self.res.relations
                if r.type == "COOPERATES_WITH" and r.sentence == si
                for x in (r.head, r.tail)
            }
            for k in sorted(parties):
                self.add_rel(k, "BUILDS", p, 0.75, "en:build-goal", m.start())

    def drop_co_founders(self) -> None:
        """ "A、B、C…共同发起成立X,将携手打造…": those who found (lead) one platform together in a
        sentence are, by that sentence, no partnership of their own (co-builders who sign a
        cooperation agreement still are)."""
        made: dict[int, set[tuple[int, int]]] = {}
        for r in self.res.relations:
            if r.type == "LEADS":
                made.setdefault(r.head, set()).add((r.tail, r.sentence))
        kept = []
        for r in self.res.relations:
            both = made.get(r.head, set()) & made.get(r.tail, set())
            if (
                r.type == "COOPERATES_WITH"
                and not _SIGNING.search(r.trigger)
                and any(si == r.sentence for _t, si in both)
            ):
                self.res.dropped.append(
                    {
                        "what": "relation",
                        "reason": "both found one platform",
                        "text": f"{self.res.entities[r.head].text} {r.type} "
                        f"{self.res.entities[r.tail].text}",
                    }
                )
                continue
            kept.append(r)
        self.res.relations = kept

    def drop_venues(self) -> None:
        """ "…签字仪式在攀枝花学院举行": a name after 在 before 举行 / 召开 is the venue of an
        event, no partner of anyone in it."""
        ents = self.res.entities

        def venue(k: int) -> bool:
            e = ents[k]
            return self.f[e.start - 1 : e.start] == "在" and bool(_HELD.match(self.f, e.end))

        self._drop_partner_pairs(venue, "one end is the venue")

    def _drop_partner_pairs(self, end: Callable[[int], bool], reason: str) -> None:
        """Drop each COOPERATES_WITH one of whose ends ``end`` picks, saying why."""
        ents = self.res.entities
        kept = []
        for r in self.res.relations:
            if r.type == "COOPERATES_WITH" and (end(r.head) or end(r.tail)):
                self.res.dropped.append(
                    {
                        "what": "relation",
                        "reason": reason,
                        "text": f"{ents[r.head].text} {r.type} {ents[r.tail].text}",
                    }
                )
                continue
            kept.append(r)
        self.res.relations = kept

    def drop_agreement_names(self) -> None:
        """ "签署「区域运筹策略联盟合作意向书」": an alliance named at the head of an agreement's
        title is what the agreement sets up, not a party signing it — no partner pairs with it."""
        ents = self.res.entities
        named = {
            k
            for k, e in enumerate(ents)
            if e.label == "Platform" and _AGREEMENT_AFTER.match(self.f, e.end)
        }
        if named:
            self._drop_partner_pairs(
                named.__contains__, "a name inside an agreement's title is no party to it"
            )

    def drop_self_pairs(self) -> None:
        """A body named twice in one sentence (澳门旅游大学 … 澳旅大, 生产力局 and its full
        name) is one node: no relation between its two mentions."""
        ents = self.res.entities

        def ident(k: int) -> str:
            return _ident(ents[k])

        kept = [r for r in self.res.relations if ident(r.head) != ident(r.tail)]
        for r in self.res.relations:
            if ident(r.head) == ident(r.tail):
                self.res.dropped.append(
                    {
                        "what": "relation",
                        "reason": "both ends are one body",
                        "text": f"{ents[r.head].text} {r.type} {ents[r.tail].text}",
                    }
                )
        self.res.relations = kept

    def drop_number_prefixes(self) -> None:
        """ "教高厅函〔2020〕16号": the issuer's short code that opens a document number is no
        body of its own."""
        gone = {
            k
            for k, e in enumerate(self.res.entities)
            if e.label == "Government" and _NUMBER_AFTER.match(self.f, e.end)
        }
        self._drop(gone, "part of a document number")

    def drop_collectives(self) -> None:
        """ "市委市政府", "中央和省委省政府": a party committee and a government named together
        stand for the leadership of a place, no body of their own."""
        gone = {
            k
            for k, e in enumerate(self.res.entities)
            if e.label == "Government" and _COLLECTIVE.search(fold(e.text))
        }
        self._drop(gone, "a place's leadership, no body")

    def drop_spam(self) -> None:
        """A scraped page's spam token standing where a name was ("j9九游会老哥俱乐部",
        "mg4355vip检测中心") is no entity: a Chinese name holding a Latin-and-digit code or
        gambling words is dropped with its relations."""
        if self.st.english:
            return
        gone = {k for k, e in enumerate(self.res.entities) if _SPAM_NAME.search(e.text)}
        self._drop(gone, "spam token")

    def drop_generic(self) -> None:
        """A news report's bodies without a place (教育局, 发改委 in "委员由教育局、发改委…分管
        领导组成") name kinds of body, not bodies: dropped with their relations."""
        if self.st.is_policy:
            return
        ents = self.res.entities
        gone = {k for k, e in enumerate(ents) if e.local}
        kinds = {
            k
            for k, e in enumerate(ents)
            if e.label == "Platform" and _KIND_ONLY.match(fold(e.text))
        }
        gone |= kinds
        # "党委办公室", "科技处", "秘书处", "港澳台事务办公室": a unit inside a school or an
        # association, no public body (a government's own office names its place: 市政府办公室)
        units = {
            k
            for k, e in enumerate(ents)
            if e.label == "Government"
            and e.key is None
            and fold(e.name or e.text).endswith(_INNER_UNIT)
            and not self._placed(fold(e.name or e.text))
            and not self._placed(fold(e.text))
            # "自治区教育厅职业教育与成人教育处": a division of a government department
            and not re.search(r"厅|局|委员会|部", fold(e.name or e.text))
        }
        gone |= units
        if not gone:
            return
        for k in sorted(gone):
            why = (
                "a kind of platform, no name"
                if k in kinds
                else "a unit inside a body, no public body"
                if k in units
                else "generic body, no place"
            )
            self.res.dropped.append({"what": "entity", "reason": why, "text": ents[k].text})
        self._remove(gone)

    def _placed(self, name: str) -> bool:
        """Does ``name`` open with a place or a national body (国务院…, 教育部…)?"""
        if name.startswith(
            ("国务院", "中共", "中央", "全国", "国家", "教育部", "省", "市", "区", "县")
        ):
            return True
        return self._opens_with_place(name)

    def _opens_with_place(self, name: str) -> bool:
        """Does ``name`` start with a known place (two characters or more)?"""
        return any(name[:n] in self.lex.places for n in range(2, len(name) + 1))

    def owned_platforms(self) -> None:
        """ "广东工商职业技术大学低空经济产业学院": a platform named with the full name of a
        school (or company) the document also names on its own is built by it, and the rest
        of the name (低空经济产业学院, 校低空经济产业学院) later stands for it. A school
        named only inside the platform's name (a designation list) builds nothing here: the
        name alone states no partnership."""
        ents = self.res.entities
        owners = {
            fold(e.text): k
            for k, e in enumerate(ents)
            if e.label in ("Institution", "Enterprise")
            and e.via != "anaphor"
            # a known school's short form names its platforms too (台科大产业创新学院)
            and (len(e.text) >= 4 or (e.key is not None and len(e.text) >= 3))
        }
        # a company's brand (信发 of 信发集团, 吉利 of 吉利集团) names the college it co-builds
        for k, e in enumerate(ents):
            brand = _LEGAL_FORM.sub("", fold(e.text)) if e.label == "Enterprise" else ""
            if len(brand) >= 2 and brand != fold(e.text) and e.via != "anaphor":
                owners.setdefault(brand, k)
        for k, e in enumerate(ents):
            if e.label != "Platform" or e.via == "anaphor":
                continue
            # "为聊城市技师学院“信发产业学院”揭牌": the school right before the quoted name
            q = self.f[max(0, e.start - 1) : e.start]
            if q in ("“", "「", '"'):
                school = next(
                    (
                        j
                        for j, x in enumerate(ents)
                        if x.end == e.start - 1 and x.label == "Institution"
                    ),
                    None,
                )
                if school is not None:
                    self.add_rel(school, "BUILDS", k, 0.8, "owner:quoted", e.start)
            name = fold(e.text)
            for n in range(len(name) - 4, 1, -1):
                owner = owners.get(name[:n])
                if owner is None or _PLACE_WORD.match(name, n):
                    continue  # "临港新片区…联盟": the place 临港, not the company 临港集团
                self.add_rel(owner, "BUILDS", k, 0.8, "owner:name", e.start)
                rest = name[n:]
                for j, x in enumerate(ents):
                    if j != k and x.label == "Platform" and fold(x.text) in (rest, "校" + rest):
                        x.via = "anaphor"
                        x.props["refs"] = [k]
                        if rest not in e.aliases:
                            e.aliases.append(rest)
                break

    def bracket_short_forms(self) -> None:
        """ "广州市人力资源和社会保障局(人社局)": a name in a bracket right after a name of its
        label, made of that name's characters in order, is its short form — an alias, and
        its later mentions stand for the full name."""
        ents = self.res.entities
        for k, x in enumerate(ents):
            if x.via == "anaphor" or x.end >= len(self.f) or self.f[x.end] not in "(（":
                continue
            y = next((j for j, e in enumerate(ents) if e.start == x.end + 1), None)
            if y is None or ents[y].label != x.label or ents[y].via == "anaphor":
                continue
            short, full = fold(ents[y].text), fold(x.text)
            if self.f[ents[y].end : ents[y].end + 1] not in (")", "）") or not _abbreviates(
                short, full
            ):
                continue
            x.aliases.append(ents[y].text)
            for e in ents:
                if e is not x and e.label == x.label and fold(e.text) == short:
                    e.via = "anaphor"
                    e.props["refs"] = [k]

    def english_its_partners(self) -> None:
        """ "X was established on May 9. A, B and C are among its first batch of cooperation
        partners": each listed body partners the body the previous sentence is about."""
        if not self.st.english:
            return
        ents = self.res.entities
        orgs = [k for k, e in enumerate(ents) if e.label in _ORG_TOPS[:3] and e.via != "anaphor"]
        for si, (sa, sb) in enumerate(self.res.sentences):
            m = _EN_ITS_PARTNERS.search(self.f, sa, sb)
            if m is None or si == 0:
                continue
            listed = [k for k in orgs if sa <= ents[k].start and ents[k].end <= m.start()]
            pa, pb = self.res.sentences[si - 1]
            prev = [k for k in orgs if pa <= ents[k].start < pb]
            if not listed or not prev:
                continue
            # the body a paragraph opens with is what it is about, else the first named
            head = next(
                (k for k in prev if self.f[ents[k].start - 1 : ents[k].start] == "\n"), None
            )
            its = head if head is not None else prev[0]
            for k in listed:
                self.add_rel(k, "COOPERATES_WITH", its, 0.7, "en:its-partners", m.start())

    def english_acronyms(self) -> None:
        """A school written only as its acronym ("a framework agreement between XMUT and …",
        "Vice President of XMUT", "XMUT School of Continuing Education"): a capitalised word
        the document uses at least twice, once where only a school stands, is a school."""
        if not self.st.english:
            return
        ents = self.res.entities
        seen: dict[str, list[tuple[int, int]]] = {}
        for m in _EN_CAPS.finditer(self.f):
            word = m.group(0)
            if word in _EN_NOT_BODIES or any(
                e.start <= m.start() < e.end and e.label != "Institution" for e in ents
            ):
                continue
            seen.setdefault(word, []).append(m.span())
        for word, spans in seen.items():
            if len(spans) < 2 or not any(
                _EN_SCHOOL_AFTER.match(self.f, b) or _EN_SCHOOL_BEFORE.search(self.f[:a])
                for a, b in spans
            ):
                continue
            for a, b in spans:
                if not any(e.start < b and a < e.end for e in ents):
                    self.add_entity(a, b, "Institution", "acronym", 0.7)

    def english_short_forms(self) -> None:
        """English short forms: "Nanjing University of Technology and Industry (NUIST)" defines
        NUIST, and a capitalised short form made of the initials of a name the document writes
        ("QVTCHM" for Qingdao Vocational and Technical College of Hotel Management) stands for
        it too. The short form is an alias of the name; each mention of it is the named body."""
        if not self.st.english:
            return
        ents = self.res.entities
        defined: dict[str, int] = {}
        for k, x in enumerate(ents):
            if x.label not in _ORG_TOPS or x.via == "anaphor":
                continue
            m = _EN_SHORT_DEF.match(self.f, x.end)
            if m is not None and sum(c.isupper() for c in m.group(1)) >= 2:
                defined.setdefault(m.group(1), k)
        for m in _EN_CAPS.finditer(self.f):
            word = m.group(0)
            if word in defined:
                continue
            hits = {
                k
                for k, x in enumerate(ents)
                if x.label in _ORG_TOPS and x.via != "anaphor" and _initials(x.text) == word
            }
            if len({_ident(ents[k]) for k in hits}) == 1:
                defined[word] = min(hits)
        for word, k in defined.items():
            x = ents[k]
            if word not in x.aliases:
                x.aliases.append(word)
            for m in re.finditer(rf"(?<![A-Za-z]){re.escape(word)}(?![A-Za-z])", self.f):
                a, b = m.start(), m.end()
                here = [j for j, e in enumerate(ents) if e.start < b and a < e.end]
                if any(ents[j].start != a or ents[j].end != b for j in here):
                    continue  # inside a longer name ("NUIST Technology Transfer Center")
                if not here and self.f[a - 1 : a] == "(":
                    continue  # the definition itself
                j = here[0] if here else self.add_entity(a, b, x.cls, "short-form", 0.8)
                if j == k:
                    continue
                # a mention of the body under its short form: one node with the full name
                e = ents[j]
                e.cls, e.label = x.cls, x.label
                e.props["full_name"] = x.text

    def resolve_referents(self) -> None:
        """Relations of referring mentions go to what they refer to; the mentions go."""
        ents = self.res.entities
        new_rels: list[RelationSpan] = []
        sym = {r.name for r in self.schema.relations.values() if r.symmetric}
        for r in self.res.relations:
            heads = ents[r.head].props.get("refs") if ents[r.head].via == "anaphor" else [r.head]
            tails = ents[r.tail].props.get("refs") if ents[r.tail].via == "anaphor" else [r.tail]
            for h in heads or []:
                for t in tails or []:
                    if h < 0 or t < 0 or h == t:
                        continue
                    if not self.schema.allows(r.type, ents[h].cls, ents[t].cls):
                        continue
                    rule = r.rule + ("+referent" if (h, t) != (r.head, r.tail) else "")
                    conf = r.confidence - (0.05 if (h, t) != (r.head, r.tail) else 0)
                    new_rels.append(
                        RelationSpan(
                            h,
                            r.type,
                            t,
                            round(conf, 3),
                            r.sentence,
                            r.trigger,
                            rule,
                            r.props,
                            r.span,
                        )
                    )
        # "双方签署合作协议": a group reference and a symmetric verb pair its members
        for e in ents:
            refs = e.props.get("refs") or []
            if e.via != "anaphor" or len(refs) < 2:
                continue
            _sa, sb = self._sentence_span(e.start)
            rest = self.f[e.end : _clause_end(self.f, e.end, sb, stop_comma=True)]
            trig = self.lex.trigger_re.search(rest) if self.lex.trigger_re else None
            rel = self.lex.triggers.get(trig.group(0)) if trig else None
            if trig is not None and _ATTENDING.search(rest, 0, trig.start()):
                continue  # "三方单位…负责人参加了签约仪式": attending a signing signs nothing
            if rel is not None and trig is not None and rel in sym:
                for i in range(len(refs)):
                    for j in range(i + 1, len(refs)):
                        h, t = refs[i], refs[j]
                        if h >= 0 and t >= 0 and self.schema.allows(rel, ents[h].cls, ents[t].cls):
                            new_rels.append(
                                RelationSpan(
                                    h,
                                    rel,
                                    t,
                                    0.75,
                                    e.sentence,
                                    trig.group(0),
                                    "referent:group",
                                )
                            )
        # drop the referring mentions, re-index
        keep = [k for k, e in enumerate(ents) if e.via != "anaphor"]
        for k, e in enumerate(ents):
            if e.via == "anaphor":
                to = [ents[x].text for x in e.props.get("refs", []) if x >= 0]
                self.res.dropped.append(
                    {
                        "what": "referring expression",
                        "reason": "stands for " + "、".join(to),
                        "text": e.text,
                    }
                )
        index = {old: new for new, old in enumerate(keep)}
        self.res.entities = [ents[k] for k in keep]
        seen: set[tuple[int, str, int]] = set()
        out = []
        for r in new_rels:
            if r.head not in index or r.tail not in index:
                continue
            r.head, r.tail = index[r.head], index[r.tail]
            key = (r.head, r.type, r.tail)
            if r.type in sym:
                key = (min(r.head, r.tail), r.type, max(r.head, r.tail))
            if key in seen:
                continue
            seen.add(key)
            out.append(r)
        self.res.relations = out
        if self.own is not None:
            self.own = index.get(self.own)

    def aliases(self) -> None:
        """Display names and aliases: Simplified display (the written form kept as an alias),
        "市教育局" qualified by the document's place or kept document-local, X and X市 one
        place, a cited title's 关于… form and its 发文字号 as aliases."""
        from iegraph.ontology.names import to_simplified

        for e in self.res.entities:
            # a line break inside an English name is a space ("Hebei Education\nDepartment")
            surface = re.sub(r"(?<=[A-Za-z,.])\s*\n\s*(?=[A-Za-z])", " ", e.text)
            surface = surface.replace("\n", "")
            if surface != e.text.replace("\n", ""):
                e.text = surface
            name = to_simplified(surface) if surface != fold(surface) else surface
            if name != surface:
                e.aliases.append(surface)
            if e.props.get("full_name"):
                e.aliases.append(name)  # an English short form: the named body's node
                name = e.props["full_name"]
            official = self.lex.display.get(e.key or "")
            if official and fold(official) != fold(name):
                # a known body named by its short, English or acronym form (VTC, 台科大)
                e.aliases.append(name)
                name = official
            if e.label == "Place" and e.cls in self.schema.classes:
                city = name + "市"
                if self.lex.places.get(city) and not name.endswith(("市", "省", "区", "县")):
                    e.aliases.append(name)
                    name = city
                # the short and the full form of a city or province name one place
                if name.endswith(("省", "市")) and len(name) >= 3:
                    e.aliases.append(name[:-1])  # 山西省 is 山西, 德州市 is 德州
                elif self.lex.places.get(name + "省") == "Province":
                    e.aliases.append(name + "省")
            if "(" in name and ")" not in name or "（" in name and "）" not in name:
                name = re.split(r"[(（]", name)[-1]  # "产教融合集团(联盟" → 联盟's owner is unknown
                e.local = e.local or len(name) < 4
            if e.label == "Government" and name.startswith(_PLACE_PREFIX) and len(name) <= 12:
                if (
                    name[0] == "省"
                    and self.place_cls == "Province"
                    or (name[0] == "市" and self.place_cls == "City")
                    or (name[0] in "区县" and self.place_cls in ("District", "County"))
                ):
                    e.aliases.append(name)
                    name = self.place_name + name[1:]
                elif name[0] == "省" and self.place_province:
                    e.aliases.append(name)
                    name = self.place_province + name[1:]
                elif name[0] == "州" and self._zhou():
                    # "州教育局" in a report on 延边州: the prefecture the text keeps naming
                    e.aliases.append(name)
                    name = self._zhou() + name[1:]
                elif not self._opens_with_place(name):
                    e.local = True
            elif e.label == "Government" and (
                name in _GENERIC_BODIES
                or re.sub(r"^[(（][^)）]*[)）]", "", name) in _GENERIC_BODIES
            ):
                if self.place_name:
                    e.aliases.append(name)
                    name = self.place_name + name
                else:
                    e.local = True
            short_gov = _SHORT_GOVERNMENT.fullmatch(name) if e.label == "Government" else None
            if (
                short_gov is not None
                and short_gov.group(1) in self.lex.places
                and not short_gov.group(1).startswith(_TAIWAN_PLACES)
            ):
                # "五指山市政府" is 五指山市人民政府
                e.aliases.append(name)
                name = f"{short_gov.group(1)}人民政府{short_gov.group(2) or ''}"
            if e.label == "Policy":
                t = fold(name)
                if "关于" in t and 0 < t.index("关于") <= 40:
                    e.aliases.append(name[t.index("关于") :])
                num = e.props.get("doc_number")
                if num and num not in e.aliases and num != name:
                    e.aliases.append(num)
            e.name = name if name != e.text else ""
            e.aliases = [x for x in dict.fromkeys(e.aliases) if x and x != name]
        # "X(以下简称“促进会”)…促进会的理事单位": a later mention of the short form is X
        for short, after, full in self._short_forms:
            for e in self.res.entities:
                if e is not full and e.start >= after and fold(e.text) == short:
                    e.aliases = [e.name or e.text]
                    e.name, e.key = full.name or full.text, full.key
                    e.label, e.cls = full.label, full.cls


#: bodies named without their place (教育局 …): qualified by the document's place, else local
_GENERIC_BODIES = {
    "教育局",
    "教育厅",
    "人社局",
    "发改委",
    "财政局",
    "科技局",
    "经信局",
    "工信局",
    "教体局",
    "市政府",
    "区政府",
    "县政府",
    "省政府",
}


def _initials(name: str) -> str:
    """The initials of an English name's capitalised words ("Qingdao Vocational and Technical
    College of Hotel Management" → "QVTCHM"); empty for a name of fewer than three."""
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z\-’']*", name) if w[0].isupper()]
    return "".join(w[0] for w in words) if len(words) >= 3 else ""


def _abbreviates(short: str, full: str) -> bool:
    """Is ``short`` made of ``full``'s characters in order, and shorter (人社局, 广州市人力资源
    和社会保障局)?"""
    if not 2 <= len(short) < len(full):
        return False
    it = iter(full)
    return all(c in it for c in short)


def _ident(e: EntitySpan) -> str:
    """What makes two mentions one node: a known key, else the folded name."""
    return e.key or (e.name or e.text).replace(" ", "").lower()  # after aliases(): Simplified


#: English words that say two bodies work together under an agreement
#: "the (strategic) cooperation / partnership / agreement between A and B"
_EN_BETWEEN = re.compile(
    r"\b(?:co-?operation|partnership|agreement|collaboration)\b[^.]{0,40}?\bbetween\s+(?:the\s+)?",
    re.IGNORECASE,
)
_EN_PARTNER_CUE = re.compile(
    r"\b(?:agreements?|memorand(?:um|a)(?: of understanding)?|MoUs?|collaborations?|"
    r"partnerships?|co-?operation|partners)\b",
    re.IGNORECASE,
)
#: what introduces the list of partners after the cue: "with", or a dash / colon
_EN_WITH = re.compile(r"(?<!along\s)(?<!together\s)\bwith\b")
#: ("along with" / "together with" name who came along, no partner)
_EN_LIST_INTRO = re.compile(r"(?<!along\s)(?<!together\s)\bwith\b|\s[–—-]\s|:")
_EN_PARTNER_OF = re.compile(
    r"\(\s*(?:a\s+|the\s+)?partner\s+(?:institute|institution|school|college|university|"
    r"company|organi[sz]ation)s?\s+of\b",
    re.IGNORECASE,
)
#: "联盟学校包含", "共同体成员包括": what a platform's members include
_MEMBERS_INCLUDE = re.compile(
    r"(联盟|联合体|共同体)(?:的)?(?:成员(?:单位|学校|企业)?|学校|院校|企业|单位)(?:则)?(?:包含|包括|涵盖)[:：]?"
)
#: the kind of platform a roster's members belong to, named between the list and the role
_ROSTER_KIND = re.compile(r"联合体|共同体|联盟|职教集团")
#: the rest of a list of industries closed by its kind: "新能源汽车、智能制造、生物医药等主导产业"
_INDUSTRY_LIST_END = re.compile(
    r"(?:、[^、，,。；;\s]{2,12})*(?:等|和|及|以及)[^、，,。；;\s]{0,8}?(?:产业|行业|领域)"
)
_ENUM_RE = re.compile(
    # 等 closes the list; the 等 of 高等院校 / 中等学校 does not
    r"((?:[\u4e00-\u9fffA-Za-z0-9]{2,14}、)+[\u4e00-\u9fffA-Za-z0-9]{2,14}(?<![高中初同平均对]))等"
    r"((?:\d+|[一二三四五六七八九十百千两几多]+)?余?(?:家|所|个|座)?[\u4e00-\u9fff]{0,8}?)"
    r"(企业|公司|院校|高校|学校|职校|城市|市)"
)
#: "正崴、鈊象及致茂3家公司": a counted list closed by 及 / 和 / 与, without 等
_COUNTED_RE = re.compile(
    r"((?:[\u4e00-\u9fffA-Za-z]{2,14}、)*[\u4e00-\u9fffA-Za-z]{2,14}(?:及|和|与)"
    r"[\u4e00-\u9fffA-Za-z]{2,14}?)((?:\d+|[两三四五六七八九十]+)(?:家|所))(企业|公司|院校|高校|学校)"
)
_COUNTED_END = re.compile(r"(?:\d|[两三四五六七八九十])(?:家|所)(?:企业|公司|院校|高校|学校)")


def _enum_lists(f: str) -> list[tuple[int, str, str, str]]:
    """Lists closed by a kind: ``(start, items, separators, kind)`` — "A、B等N家企业" (items
    split on 、) and "A、B及C3家公司" (split on 、 and the last 及 / 和 / 与). The counted form
    is tried only before a "N家公司" (it is slow to try everywhere)."""
    out = [(m.start(1), m.group(1), "、", m.group(3)) for m in _ENUM_RE.finditer(f)]
    for e in _COUNTED_END.finditer(f):
        m = _COUNTED_RE.search(f, max(0, e.start() - 100), e.end())
        if m is not None and m.end() == e.end():
            out.append((m.start(1), m.group(1), "、|及|和|与", m.group(3)))
    return sorted(out)


#: "…等11家企业与X签下…": the partner after a counted list, and its signing verb
_COUNTED_WITH = re.compile(r"(?:共同|分别)?(?:与|和|同|跟)")
#: a symmetric trigger that is a signing: co-founders who sign an agreement are partners
_SIGNING = re.compile(r"签下|签订|签署|签约|签定|缔结|协议|备忘录")
_COUNTED_SIGN = re.compile(r"(?:共同|正式|分别)?(?:签下|签订|签署|签约|签定|缔结|达成)")
_ENUM_KINDS = {
    "企业": "Enterprise",
    "公司": "Enterprise",
    "院校": "Institution",
    "高校": "Institution",
    "学校": "Institution",
    "职校": "Institution",
    "城市": "City",
    "市": "City",
}
_SHORT_TITLES = {"通知", "意见", "方案", "办法", "实施方案", "实施意见", "规划", "决定", "名单"}


def _enum_middle(f: str, start: int, items: str, kind: str) -> str:
    """What stands between a list's items and its kind ("等" + "社会领域龙头" + "企业")."""
    rest = f[start + len(items) : start + len(items) + 30]
    k = rest.find(kind)
    return rest[:k] if k >= 0 else ""


def _enum_items(f: str, start: int, items: str, counted: bool) -> list[tuple[int, int]]:
    """Spans of the items of a list closed by a kind (:func:`_enum_lists`): split at 、 and at
    the last 及 ("A、B及C等16所职校"; and 和 / 与 in "A、B及C3家公司"); the first item loses a
    verb glued to it (汇聚百度) or what goes before 包括 (全台包括新北高工), and is left out when
    the list starts inside a longer run of text (its start is unknown)."""
    seps = (
        r"、|(?<=[^及和与])(?=[及和与])|(?<=[及和与])"
        if counted
        else r"、|(?<=[^及])(?=及[^、及]{3,}$)|(?<=及)(?=[^、及]{3,}$)"
    )
    out: list[tuple[int, int]] = []
    pos = start
    cues = list(_LIST_CUE.finditer(f, start, start + len(items)))
    first = True
    for piece in re.split(seps, items):
        if piece in ("及", "和", "与"):
            pos += len(piece)
            continue
        a, b = pos, pos + len(piece)
        pos = b + (1 if f[b : b + 1] == "、" else 0)
        if cues and b <= cues[-1].start():
            continue  # before "包括": no item of the list
        if cues and a < cues[-1].end():
            a = cues[-1].end()
        elif first and a > 0 and _CJK.match(f[a - 1]) and len(items.split("、")[0]) >= 14:
            first = False
            continue  # "…勞動力發展署、…": the run was cut, the first item is a piece of one
        elif first:
            a += _lead_verb_len(piece)
        first = False
        out.append((a, b))
    return out


def _lead_verb_len(piece: str) -> int:
    """Length of the running text glued to the first item of a list: a verb ("汇聚百度" → 2),
    an adverb and a preposition ("更与台中精机" → 2)."""
    from iegraph.ingest.documents.recognize import _pos

    cut = 0
    toks = _pos(piece)
    for w, tag in toks[:-1]:
        if tag not in ("v", "vn", "p", "c", "d") or len(piece) - cut - len(w) < 2:
            break
        cut += len(w)
    return cut


def _inside_other(ents: list[EntitySpan], k: int) -> bool:
    """Whether entity ``k`` lies inside a longer one (扬州 in 扬州能煜检测科技有限公司)."""
    e = ents[k]
    return any(
        x.start <= e.start and e.end <= x.end and (x.start, x.end) != (e.start, e.end)
        for x in ents
        if x.via != "anaphor"
    )


def _clause_start(f: str, lo: int, pos: int) -> int:
    k = max(f.rfind(c, lo, pos) for c in "，,；;。：:\n")
    return max(lo, k + 1)


def _clause_end(f: str, pos: int, hi: int, stop_comma: bool) -> int:
    stops = "；;。\n" + ("，," if stop_comma else "")
    ends = [p for p in (f.find(c, pos, hi) for c in stops) if p >= 0]
    return min(ends) if ends else hi
