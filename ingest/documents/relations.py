"""Relation rules over trigger words, checked against the ontology's domain and range.

For each trigger (``RelationDef.triggers``; English: the relation's English labels) in a
clause (clauses end at ，；：), the rule takes

* the *subject group*: the mention right before the trigger and every mention joined to it by
  coordination (``A、B和C共同牵头`` → A, B, C); a clause that starts with the verb inherits the
  previous clause's object or subject (``…共建P，聚焦集成电路产业`` → P focuses on it);
* the *object group*: the mention right after the trigger and its coordinated mentions; if the
  clause ends with the verb, the nearest earlier mention that the relation's range accepts
  (``X在常州成立，由Y牵头`` → Y leads X — the passive 由 needs nothing more);

then keeps each pair the ontology allows, in whichever direction it allows (``G印发《P》`` →
P ISSUED_BY G). Symmetric relations link every pair of the group (三方协议). A negation right
before the trigger (尚未合作) cancels it; two triggers side by side are one verb
(``牵头组建`` leads, it does not also build). Locative ``在<Place>成立`` gives LOCATED_IN.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import combinations, pairwise

from iegraph.ingest.documents.lexicon import COORDINATORS, NEGATIONS, Lexicon
from iegraph.ingest.documents.recognize import PERSON_TITLE, TITLE_END, Mention, pair_quotes

#: a clause that opens on "与" before its first name: the names are the partners of a subject
#: the clause does not name ("更与A、B等企业合作")
_PARTNERS_AFTER_WITH = re.compile(
    r"[，,；;\s]*(?:更|还|也|并|又|亦|则|先后|分别|同时|已|均|积极|主动)*(?:与|和|同|跟)"
    r"(?:[^，,；;。、与和]{1,20}、)*"
)
_CLAUSE_BREAK = re.compile(r"[，,；;：:。！？!?\n]")
#: a clause that says what for ("为深入贯彻…", "为推动…") or through whom ("经X沟通协调"):
#: its names are no subject of the next clause
_PURPOSE = re.compile(
    r"[，,；;。\s]*(?:为(?:了)?(?:进一步|深入|全面|认真|切实|更好地?)?"
    r"(?:贯彻|落实|推动|推进|促进|加快|深化|做好|实施|加强|搭建)"
    r"|经[^，,。；;]{2,30}(?:沟通|协调|牵线|推荐|介绍|撮合|联络))"
)
_MAX_GAP = 10  # characters allowed between a group and its verb ("作为理事单位")
_EN_COORD = re.compile(r"^\s*(,|and|, and|together with|with|&)\s*$", re.IGNORECASE)
_PLATFORM_NOUNS = (
    "园区",
    "园",
    "基地",
    "中心",
    "平台",
    "学院",
    "联盟",
    "实验室",
    "工作室",
    "班",
    "站",
    "共同体",
    "联合体",
    "集团",
    "空间",
)
_UNREAD_ITEM = re.compile(r"[、和与及][^，,。；;、和与及\s]{2,14}[、和与及]")
#: a group that only attends a signing ceremony does not sign with itself
_ATTENDS = re.compile(r"参加|出席|代表|见证|观摩|应邀")
#: a signatory after the body it signs for: title and name, then whom they stand for
#: ("A总经理王五代表牵头单位共同签署…", "A校长李四、B董事长赵六签约")
_SIGNATORY = PERSON_TITLE + r"[\u4e00-\u9fff]{2,3}"
_SIGNER_GAP = re.compile(
    rf"(?:{_SIGNATORY})?(?:代表(?![^，,。]*?(?:出席|参加|见证|观摩))[\u4e00-\u9fff]{{0,8}}?)?"
    r"(?:共同|分别|一起|正式)?(?:在[^，,。；;：:\n]{1,12})?"
)
#: a verb whose object is a partnership noun ("促进…合作", "深化校企合作")
_VERB_BEFORE = re.compile(r"(?:促进|推进|推动|深化|加强|开展|拓展|加深|助力|实现)[^，,。；;]*$")
_SIGNER_COORD = re.compile(_SIGNATORY + r"[、和与及]")
_LIST_TAIL = re.compile(r"(?:、[^，,。；;、\s]{2,14}?)+(?:共同|联合|一起|分别|等)?")
#: between a party and the 与 that introduces its partners: a few adverbs ("同场亦与")

_DATE_ADV = r"(?:(?:\d{2,4}年)?(?:\d{1,2}月)?\d{1,2}日)?"  # "清华大学27日与…"
_WITH_GAP = re.compile(_DATE_ADV + r"[\u4e00-\u9fff]{0,4}?(?:与|同|跟)")
_WITH_START = re.compile(_DATE_ADV + r"[\u4e00-\u9fff]{0,6}?(?:与|同|跟)")
#: a kind noun after a trigger makes it a modifier ("合作企业", "合作单位")
_PARTNER_LIST = re.compile(
    r"(?:学校|院校|高校|大学|企业|单位|伙伴|机构)(?:主要)?(?:包括|包含|有|为|是|分别是|分别为|[:：])"
)
_KIND_AFTER = re.compile(r"(?:企业|单位|伙伴|院校|高校|机构)")
#: a quoted topic: 就 / 关于 / 围绕 / 对 “…”
_TOPIC = re.compile(r"(?:就|关于|围绕|对于|对)“[^“”]{2,40}”")
#: an office named after a trigger word ("校企合作办", "国际合作处")
_OFFICE = re.compile(r"(?:办公室|办(?!学|好|事)|处(?!理)|科室)")
#: a party introduced by 与 (before it, or glued to its front: "先后与A") is a partner
_WITH_END = re.compile(r"(?:与|同|跟)$")
_WITH_HEAD = re.compile(r"(?:先后|分别|同时|还|也|又|并|再|已)?(?:与|同|跟)")
#: nouns that make a verb before them the name of an event ("成立大会", "揭牌仪式")
_EVENT_NOUN = re.compile(r"(?:预备|筹备)?(?:大会|会议|仪式|典礼|预备会|筹备会|座谈会|研讨会)")
_LOCATIVE_VERBS = ("成立", "揭牌", "落户", "挂牌", "举行", "启动", "落地", "设立")
_NAME_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z0-9·()]")
#: triggers that are role nouns, not verbs: "A是X的成员单位" — X is the object, A the subject
_ROLE_NOUN_ENDS = ("单位", "院校")
_COPULAS = (
    "是",
    "为",
    "均为",
    "同为",
    "皆为",
    "担任",
    "作为",
    "系",
    "成为",
    "分别为",
    "列为",
    "当选",
    "当选为",
    "被选为",
    "被推选为",
)
#: a partnership word that only joins the subjects of a later verb of the same clause:
#: "A携手B打造X" — A and B build X (co-building implies no separate partnership)
_JOINING = ("携手", "联手")
#: adverbs that may head a clause before its verb; never a body's name
_ADVERB = re.compile(r"(?:大力|积极|重点|继续|着力|优先|进一步|全力|充分|切实|努力|加快|不断)")
#: a locative phrase between the parties and their verb ("A与B在学校会议室举行签约仪式")
_AT_PHRASE = re.compile(
    r"(?:共同|一起|正式)?在[^，,。；;：:\n“”]{1,20}?(?:举行|举办|召开|进行|正式)?"
)
#: "以X产业为重点": the industry a platform or organisation is built around
_FOCUS_AS = re.compile(
    r"(?:产业|行业|领域)?(?:集群|链)?为(?:重点|核心|主导|特色|主攻方向|主要方向|发展方向|方向|主线|引领|牵引)"
)
#: words that make a signing one agreement of all the parties named
_ALL_PARTIES = re.compile(r"[三四五六多]方|共同|相互|彼此|之间|一起")


@dataclass(frozen=True)
class Rel:
    head: int  # mention index
    type: str
    tail: int
    confidence: float
    trigger: str = ""


@dataclass
class _Trig:
    start: int
    end: int
    rel: str
    text: str


_SHORT_FORM_AFTER = re.compile(r"^\s?[(（][^()（），,。]{1,16}[)）]\s?")


def _short_form_of(s: str, body: Mention, m: Mention) -> bool:
    """``m`` stands in brackets right after ``body``: "香港大學 (港大)" — the body's short form,
    no second party."""
    return (
        s[body.end : m.start].strip() in ("(", "（")
        and s[m.end : m.end + 1] in (")", "）")
        and m.top == body.top
    )


class RelationRules:
    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        self.schema = lex.schema
        # the relation whose trigger words say "is located in" (for 在<Place>成立)
        self.locative = next(
            (
                r.name
                for r in self.schema.relations.values()
                if r.triggers
                and r.range
                and all(x in self.schema.classes and self.schema.is_a(x, "Place") for x in r.range)
                and not any(
                    self.schema.is_a(x, "Place") for x in r.domain if x in self.schema.classes
                )
            ),
            None,
        )

    # -------------------------------------------------------------------------------------------
    def find(
        self, s: str, mentions: list[Mention], english: bool = False
    ) -> tuple[list[Rel], list[Mention]]:
        """Relations among ``mentions`` of the folded sentence ``s``.

        Returns the relations and any mention the rules added (an unnamed object slot).
        """
        mentions = sorted(mentions, key=lambda m: m.start)
        clauses = self._clauses(s, mentions, english)
        trigs = self._triggers(s, mentions, english)
        out: list[Rel] = []
        added: list[Mention] = []
        prev_subj: list[int] = []
        prev_obj: list[int] = []
        clause_of = [self._clause_index(clauses, m.start) for m in mentions]
        self._prev_subj: list[int] = []
        self._prev_lead: list[int] = []
        self._clause_of = clause_of
        pending: list[tuple[list[int], _Trig]] = []
        for ci, (ca, cb) in enumerate(clauses):
            self._prev_subj = prev_subj
            waiting, pending = pending, []
            clause_lead: list[int] = []
            ctrigs = [t for t in trigs if ca <= t.start < cb]
            subj_seen: list[int] = []
            obj_seen: list[int] = []
            last_end = -10
            prev_sym = False
            prev_text = ""
            for t in ctrigs:
                if t.start - last_end <= 1 and not english:
                    last_end = t.end
                    # "牵头组建": one verb, the first word decides — unless the first is an
                    # adverb-like symmetric word ("携手共建" builds)
                    if not (prev_sym and not self.schema.relations[t.rel].symmetric):
                        continue
                    out[:] = [r for r in out if r.trigger != prev_text]
                last_end = t.end
                prev_sym = self.schema.relations[t.rel].symmetric
                prev_text = t.text
                if self._negated(s, t, english, ca):
                    continue
                rdef = self.schema.relations[t.rel]
                role = self._role_noun(s, mentions, clause_of, ci, t, english)
                if role is not None:
                    for i in role[0]:
                        for j in role[1]:
                            r = self._directed(t.rel, i, j, mentions, 0.85, t.text)
                            if r is not None:
                                out.append(r)
                    subj_seen.extend(role[0])
                    obj_seen.extend(role[1])
                    continue
                subj = self._group_left(s, mentions, clause_of, ci, t.start, english)
                if (
                    rdef.symmetric
                    and not english
                    and len(subj) == 1
                    and mentions[subj[0]].top == "Platform"
                    and mentions[subj[0]].end == t.start
                ):
                    # "…等16所职校签订策略联盟合作意向书": the platform names the agreement,
                    # it is no party (the signers are read by the list rules)
                    continue
                if (
                    subj
                    and not english
                    and all(mentions[i].top == "Place" for i in subj)
                    and s[mentions[subj[0]].start - 1 : mentions[subj[0]].start] == "在"
                ):
                    # "A与B在苏州签约": the place is an adjunct, the parties stand before it
                    at = mentions[subj[0]].start - 1
                    before = self._group_left(s, mentions, clause_of, ci, at, english)
                    # "…，在无锡成立X": no subject before the adjunct (the clause before has it)
                    subj = before or ([] if not rdef.symmetric else subj)
                under = self._under(s, mentions, clause_of, ci, ca, t, subj, english)
                if under:
                    out.extend(under)
                    subj_seen.extend(x for x in subj if x not in subj_seen)
                    continue
                ba_obj = self._ba_object(s, mentions, clause_of, ci, subj, english)
                lead = (
                    self._lead(s, mentions, clause_of, ci, ca, subj)
                    if not english and ba_obj is None
                    else []
                )
                carried = False
                # "为贯彻《A》精神，落实《B》要求": a policy cited in the clause before does not
                # cite the next one (the document does)
                carry_obj = (
                    []
                    if all(
                        x in self.schema.classes and self.schema.is_a(x, "Policy")
                        for x in rdef.domain + rdef.range
                    )
                    else prev_obj
                )
                if (
                    not subj
                    and self._starts_clause(s, ca, t.start, mentions)
                    and (carry_obj or prev_subj)
                ):
                    subj = carry_obj + prev_subj
                    carried = True
                obj = self._group_right(s, mentions, clause_of, ci, t.end, english)
                if obj and not english:
                    obj = self._past_place_modifier(s, mentions, clause_of, ci, obj, rdef.range)
                if not subj and obj and not english and not carried:
                    slot_m = self._subject_slot(s, ca, t, obj, mentions + added)
                    if slot_m is not None:
                        added.append(slot_m)
                        subj = [len(mentions) + len(added) - 1]
                if ba_obj is not None:
                    # "G将X确定为…": X (after 将/把) is the object, G the subject
                    subj, obj = ba_obj
                looked_back = False
                if (
                    not obj
                    # "A在G见证下，与B、C签署…": A is the partner, no object to look back for
                    and not (rdef.symmetric and lead and lead != [-1])
                    # "促进…官产学研合作": a noun of partnership after a verb is nobody's pair
                    and not (rdef.symmetric and _VERB_BEFORE.search(s[ca : t.start]))
                    # "A与B…达成合作": the group names both parties, none to look back for
                    # (but "更与A、B等企业合作": the group are the partners of someone before)
                    and not (
                        rdef.symmetric
                        and len(subj) >= 2
                        and subj[0] < len(mentions)
                        and not re.search(r"与|同|跟", s[ca : mentions[subj[0]].start])
                    )
                    and (
                        self._ends_clause(s, t.end, cb, english)
                        or self._passive(s, mentions, subj, english)
                    )
                ):
                    back = self._look_back(mentions, subj, t, rdef.range)
                    if back is None and subj and self._passive(s, mentions, subj, english):
                        # "《X》由G印发": the name before may be the relation's head
                        back = self._look_back(mentions, subj, t, rdef.domain)
                    if back is not None:
                        obj = [back]
                        looked_back = True
                if (
                    not obj
                    and subj
                    and not english
                    and any(
                        (mentions + added)[i].top
                        in ("Institution", "Enterprise", "Government", "Platform")
                        for i in subj
                    )
                ):
                    slot = self._object_slot(s, t, cb, rdef.range, mentions + added)
                    if slot is not None:
                        added.append(slot)
                        mentions_all = mentions + added
                        obj = [len(mentions_all) - 1]
                conf = 0.9 - (0.1 if carried else 0) - (0.1 if looked_back else 0)
                allm = mentions + added
                if (
                    not obj
                    and subj
                    and not rdef.symmetric
                    and not english
                    and not _CLAUSE_BREAK.sub("", s[t.end : cb]).strip()
                ):
                    # "A牵头，联合B、C成立P": the verb's object is the next clause's platform
                    pending.append((subj, t))
                if rdef.symmetric and subj and obj and not carried:
                    # "A、B共同签署了《共建兰州新区…协议》": a place inside the signed title is
                    # no party
                    obj = [
                        j
                        for j in obj
                        if any(self.schema.allows(t.rel, allm[i].cls, allm[j].cls) for i in subj)
                    ]
                if (
                    rdef.symmetric
                    and subj
                    and not obj
                    and _ATTENDS.search(
                        s[mentions[subj[-1]].end : t.start] if subj[-1] < len(mentions) else ""
                    )
                    and not (
                        subj[-1] < len(mentions)
                        and _SIGNER_GAP.fullmatch(s[mentions[subj[-1]].end : t.start])
                    )
                ):
                    continue
                if (
                    rdef.symmetric
                    and len(subj) >= 2
                    and not obj
                    and not carried
                    and not (lead and lead != [-1])  # "A在G见证下，与B、C签署": A signs
                    and subj[0] < len(mentions)
                    and _PARTNERS_AFTER_WITH.fullmatch(s, ca, mentions[subj[0]].start)
                ):
                    # "（X）更与A、B、C等企业合作": A, B and C are X's partners, not each other's
                    continue
                if rdef.symmetric:
                    group = list(
                        dict.fromkeys(
                            (subj if not carried else []) + obj + (subj if carried else [])
                        )
                    )
                    if len(group) < 2 and carried:
                        group = list(dict.fromkeys(subj + obj))
                    pairs = list(combinations(group, 2))
                    if subj and obj and not carried and len(group) > 2:
                        # "A与B、C、D签约": A signs with each of them, they not with each other
                        pairs = [(i, j) for i in subj for j in obj if i != j]
                    hub = [] if carried or lead else self._hub(s, subj, mentions, ca, cb)
                    if hub:
                        # "A与B、C分别签署…": A signs with each of them, they not with each other
                        pairs = [(hub[0], j) for j in group if j != hub[0]]
                    leader = lead or (self._prev_lead if carried else [])
                    if leader == [-1]:
                        pairs = []  # "…与A、B的合作": their partner is not named here
                    elif leader:
                        # "A亦与B、C签订…", "A…，与B、C及D成立X，并共同签下…合约": A pairs with each
                        others = [i for i in dict.fromkeys(subj + obj) if i not in leader]
                        pairs = [(i, j) for i in leader for j in others]
                    for i, j in pairs:
                        if self.schema.allows(t.rel, allm[i].cls, allm[j].cls):
                            out.append(Rel(i, t.rel, j, conf, t.text))
                else:
                    if carried:
                        # inherit the previous clause's platform object if the relation
                        # accepts it ("…共建P，聚焦…" → P), else its subjects, else its object
                        ok_obj = [i for i in carry_obj if self._fits(t.rel, allm[i], obj, allm)]
                        ok_subj = [i for i in prev_subj if self._fits(t.rel, allm[i], obj, allm)]
                        plat = [i for i in ok_obj if allm[i].top == "Platform"]
                        subj = plat or ok_subj or ok_obj
                    if lead and lead != [-1] and not carried:
                        subj = lead + [i for i in subj if i not in lead]  # "A与B共建X": both build
                    found = self._pairs(t, subj, obj, allm, conf)
                    if not found and subj and obj and not carried and ba_obj is None:
                        # the nearest name was an adjunct ("G根据《A》印发《B》", "A在西安成立P"):
                        # the subject is the group before it
                        earlier = (
                            self._group_left(
                                s, mentions, clause_of, ci, mentions[subj[0]].start, english
                            )
                            if subj[0] < len(mentions)
                            else []
                        )
                        if earlier:
                            found = self._pairs(t, earlier, obj, allm, conf - 0.05)
                            subj = earlier if found else subj
                    out.extend(found)
                subj_seen.extend(x for x in subj if x not in subj_seen)
                obj_seen.extend(x for x in obj if x not in obj_seen)
                clause_lead.extend(x for x in lead if x not in clause_lead and x >= 0)
            # locative: "X在<Place>成立"
            if self.locative and not english:
                out.extend(self._locatives(s, mentions, clause_of, ci, ca, cb, prev_subj))
            if not english:
                out.extend(self._focus_as(s, mentions, clause_of, ci, prev_subj))
            allm = mentions + added
            plats = [i for i in obj_seen if allm[i].top == "Platform"]
            for psubj, pt in waiting if plats else []:
                led = self._pairs(pt, [i for i in psubj if i not in plats], plats, allm, 0.8)
                out.extend(led)
                # "A牵头，依托…，组建P": leading P, A does not also build it (牵头组建 leads)
                led_pairs = {(r.head, r.tail) for r in led}
                if pt.rel == "LEADS":
                    out[:] = [
                        r for r in out if not (r.type == "BUILDS" and (r.head, r.tail) in led_pairs)
                    ]
            if waiting and not plats:
                pending.extend(waiting)  # "A牵头，依托…，联合…，组建P": still waiting for P
            if subj_seen or obj_seen:
                prev_subj, prev_obj = subj_seen, obj_seen
                self._prev_lead = clause_lead
            else:
                first = [k for k, c in enumerate(clause_of) if c == ci]
                if first and _PURPOSE.match(s, ca):
                    # "为深入贯彻《A》精神，落实…": the names of a purpose clause are its objects,
                    # no subject goes on from it
                    prev_subj, prev_obj = [], []
                elif first:
                    # a clause without a verb goes on with its leading group ("A、B、C联合…,
                    # 共同发起成立X": all three found X), not with its first name alone
                    lead_group = first[:1]
                    for nxt in first[1:]:
                        gap = s[mentions[lead_group[-1]].end : mentions[nxt].start]
                        if gap.strip() not in ("、", "和", "及", "与", "以及"):
                            break
                        lead_group.append(nxt)
                    prev_subj, prev_obj = lead_group, []
        # a pair one relation already states more precisely (A builds P) is no partnership
        # as well: "教育部建置P，…促成合作" does not make P a partner of 教育部
        directed = {
            frozenset((r.head, r.tail)) for r in out if not self.schema.relations[r.type].symmetric
        }
        out = [
            r
            for r in out
            if not (
                self.schema.relations[r.type].symmetric and frozenset((r.head, r.tail)) in directed
            )
        ]
        # dedupe (symmetric pairs in either order)
        seen: set[tuple[int, str, int]] = set()
        uniq: list[Rel] = []
        for r in out:
            k = (r.head, r.type, r.tail)
            if self.schema.relations[r.type].symmetric:
                k = (min(r.head, r.tail), r.type, max(r.head, r.tail))
            if k in seen or r.head == r.tail:
                continue
            seen.add(k)
            uniq.append(r)
        return uniq, added

    # -- pieces --------------------------------------------------------------------------------
    def _role_noun(
        self,
        s: str,
        mentions: list[Mention],
        clause_of: list[int],
        ci: int,
        t: _Trig,
        english: bool,
    ) -> tuple[list[int], list[int]] | None:
        """ "A、B均为X副理事长单位" → (A, B) are members of X."""
        if english or not t.text.endswith(_ROLE_NOUN_ENDS):
            return None
        obj = self._group_left(s, mentions, clause_of, ci, t.start, english)
        if not obj or not re.fullmatch(
            r"(的)?([\u4e00-\u9fff]{0,4}?)?", s[mentions[obj[-1]].end : t.start]
        ):
            return None
        if s[mentions[obj[-1]].end : t.start] and not s[mentions[obj[-1]].end : t.start].startswith(
            "的"
        ):
            return None
        obj = obj[-1:]
        first = mentions[obj[0]]
        gap_end = first.start
        prev = [
            k for k in range(len(mentions)) if clause_of[k] == ci and mentions[k].end <= gap_end
        ]
        if not prev:
            # "…，是X的成员单位": the subject is the previous clause's
            head = s[self._clause_start(s, gap_end) : gap_end].strip()
            if head in _COPULAS and self._prev_subj:
                return list(self._prev_subj), obj
            return None
        gap = s[mentions[prev[-1]].end : gap_end].strip()
        if gap not in _COPULAS:
            return None
        subj = self._group_left(s, mentions, clause_of, ci, mentions[prev[-1]].end, english)
        return subj, obj

    def _lead(
        self,
        s: str,
        mentions: list[Mention],
        clause_of: list[int],
        ci: int,
        ca: int,
        subj: list[int],
    ) -> list[int]:
        """The party named before 与 / 同 / 跟 in front of the subject group: "美高梅同场亦与
        A签订…" → 美高梅; a clause that starts with 与 goes on from the previous clause's first
        organisation ("台科大今天校庆，与A、B及C成立X" → 台科大)."""
        if not subj:
            return []
        g0 = mentions[subj[0]]
        prev = [k for k in range(subj[0]) if clause_of[k] == ci]
        orgs = ("Institution", "Enterprise", "Government", "Platform")
        if prev:
            gap = s[mentions[prev[-1]].end : g0.start]
            if _WITH_GAP.fullmatch(gap) and mentions[prev[-1]].top in orgs:
                group = self._group_left(s, mentions, clause_of, ci, mentions[prev[-1]].end, False)
                return [k for k in group if mentions[k].top in orgs]
            return []
        if _WITH_START.fullmatch(s[ca : g0.start].strip()):
            # the organisation the sentence is about: the first one of the nearest earlier
            # clause that names one ("清众科技…，依托…，深入推进与A、B的合作")
            for cj in range(ci - 1, -1, -1):
                first = [k for k in range(len(mentions)) if clause_of[k] == cj]
                m0 = mentions[first[0]] if first else None
                if m0 is not None and (
                    _WITH_END.search(s[: m0.start]) or _WITH_HEAD.match(s, m0.start, m0.end)
                ):
                    continue  # "…先后与A签约共建X，与B签约…": A is a partner there, not the lead
                if (
                    m0 is not None
                    and m0.top == "Platform"
                    and s[self._clause_start(s, m0.start) : m0.start].strip()
                ):
                    continue  # "A…，成立X联盟，27日与B签订…": X is what A founded, A signs
                if first:
                    return first[:1] if mentions[first[0]].top in orgs else []
            return [-1]  # partners of someone unnamed: no pair among them
        return []

    @staticmethod
    def _clause_start(s: str, pos: int) -> int:
        k = max(s.rfind(c, 0, pos) for c in "，,；;：:。")
        return k + 1

    def _pairs(
        self, t: _Trig, subj: list[int], obj: list[int], allm: list[Mention], conf: float
    ) -> list[Rel]:
        out = []
        for i in subj:
            for j in obj:
                r = self._directed(t.rel, i, j, allm, conf, t.text)
                if r is not None:
                    out.append(r)
        return out

    def _subject_slot(
        self, s: str, ca: int, t: _Trig, obj: list[int], mentions: list[Mention]
    ) -> Mention | None:
        """ "国务院印发《…》": an unknown name heading the clause takes the class the relation
        allows opposite its object, when that is a single top class (ISSUED_BY opposite a
        Policy: Government)."""
        o = mentions[obj[0]]
        tops = {
            c.top
            for c in self.schema.classes.values()
            if c.top in self.schema.top_level
            and c.name == c.top
            and c.top != "Policy"
            and (
                self.schema.allows(t.rel, c.name, o.cls) or self.schema.allows(t.rel, o.cls, c.name)
            )
        }
        if len(tops) != 1:
            return None
        top = tops.pop()
        a = ca
        while a < t.start and not _NAME_CHAR.match(s[a]):
            a += 1
        m = re.match(r"\d{2,4}年(\d{1,2}月)?(\d{1,2}日)?[，,]?", s[a : t.start])
        if m:
            a += m.end()
        cand = s[a : t.start]
        if not 2 <= len(cand) <= 10 or not all("\u4e00" <= c <= "\u9fff" for c in cand):
            return None
        stops = self.lex.stops_any_re
        if stops is not None and stops.search(cand):
            return None
        if cand in self._generic_words() or _ADVERB.match(cand):
            return None  # "大力支持…": an adverb, no body
        if TITLE_END.search(cand):
            return None  # "学校党委书记…", "县委常委…": a person's title, no body
        return Mention(a, t.start, top, top, "slot", 0.6)

    def _generic_words(self) -> set[str]:
        if not hasattr(self, "_generic"):
            from iegraph.ingest.documents.script import fold

            g: set[str] = set(self.lex.concepts)
            for c in self.schema.classes.values():
                g.update(fold(x) for x in c.labels.values())
                for alts in c.alt_labels.values():
                    g.update(fold(a) for a in alts if a != c.labels.get("zh-Hans"))
            # a class alt label that is one body's name (国务院) is kept out of the generic set
            self._generic = {x for x in g if not x.endswith("院")}
        return self._generic

    def _ba_object(
        self,
        s: str,
        mentions: list[Mention],
        clause_of: list[int],
        ci: int,
        group: list[int],
        english: bool,
    ) -> tuple[list[int], list[int]] | None:
        if english or not group:
            return None
        g0 = mentions[group[0]]
        prev = [k for k in range(group[0]) if clause_of[k] == ci]
        if not prev:
            # "…签订协议，并共同为“X基地”揭牌": the previous clause's subjects open X
            lead = s[self._clause_start(s, g0.start) : g0.start].strip().rstrip('“"「『')
            if (
                lead.endswith("为")
                and len(lead) <= 5
                and self._prev_subj
                and all(mentions[k].top == "Platform" for k in group)
            ):
                return list(self._prev_subj), group
            return None
        marker = s[mentions[prev[-1]].end : g0.start].strip().rstrip('“"「『')
        # "A与B共同为“X基地”揭牌": X (after 为) is what they open, A and B open it
        for_platform = (
            marker.endswith("为")
            and len(marker) <= 4
            and all(mentions[k].top == "Platform" for k in group)
        )
        if not prev or (marker not in ("将", "把") and not for_platform):
            return None
        subj = self._group_left(s, mentions, clause_of, ci, mentions[prev[-1]].end, english)
        return (subj, group) if subj else None

    def _fits(self, rel: str, m: Mention, obj: list[int], allm: list[Mention]) -> bool:
        if not obj:
            return False
        return any(
            self.schema.allows(rel, m.cls, allm[j].cls)
            or self.schema.allows(rel, allm[j].cls, m.cls)
            for j in obj
        )

    def _directed(
        self, rel: str, i: int, j: int, allm: list[Mention], conf: float, trig: str
    ) -> Rel | None:
        a, b = allm[i], allm[j]
        if self.schema.allows(rel, a.cls, b.cls):
            return Rel(i, rel, j, conf, trig)
        if self.schema.allows(rel, b.cls, a.cls):
            return Rel(j, rel, i, conf, trig)
        # what partners build is a platform: "共建达利女装学院" names an industrial college,
        # whatever its 学院 suffix suggests
        plat = "Platform"
        rdef = self.schema.relations[rel]
        if (
            b.top == "Institution"
            and plat in rdef.range
            # a role noun names who belongs, not what is built: "机构成员青年学院" is a school
            and not trig.endswith(("成员", "会员", "单位"))
            and b.via in ("suffix", "slot", "en")
            and a.top != plat
            and self.schema.allows(rel, a.cls, plat)
        ):
            b.cls, b.top = plat, plat
            return Rel(i, rel, j, conf - 0.05, trig)
        return None

    def _clauses(self, s: str, mentions: list[Mention], english: bool) -> list[tuple[int, int]]:
        cuts = [0]
        for m in _CLAUSE_BREAK.finditer(s):
            p = m.start()
            if any(x.start <= p < x.end for x in mentions):
                continue  # the comma in "Co., Ltd." is part of a name
            if english and m.group(0) == ",":
                continue  # English lists use commas; clauses are not split on them
            cuts.append(m.end())
        cuts.append(len(s))
        return [(a, b) for a, b in pairwise(cuts) if b > a]

    @staticmethod
    def _clause_index(clauses: list[tuple[int, int]], pos: int) -> int:
        for k, (a, b) in enumerate(clauses):
            if a <= pos < b:
                return k
        return len(clauses) - 1

    def _triggers(self, s: str, mentions: list[Mention], english: bool) -> list[_Trig]:
        pat = self.lex.en_trigger_re if english else self.lex.trigger_re
        table = self.lex.en_triggers if english else self.lex.triggers
        out: list[_Trig] = []
        if pat is None:
            return out
        topics = (
            [(q.start(), q.end()) for q in _TOPIC.finditer(pair_quotes(s))]
            if not english and ('"' in s or "“" in s or "「" in s)
            else []
        )
        for m in pat.finditer(s):
            a, b = m.start(), m.end()
            if any(x.start < b and a < x.end for x in mentions):
                continue  # "建设" inside a policy title is not a verb of this sentence
            if any(x <= a and b <= y for x, y in topics):
                continue  # 就“共建…学院”的问题发言: a topic in quotes, nobody builds anything
            if not english and _KIND_AFTER.match(s, b) and "等" in s[max(0, a - 12) : a]:
                continue  # "A、B等…合作企业代表": a kind of partner, not a signing
            rel = table.get(m.group(0).lower() if english else m.group(0))
            if rel is None or rel not in self.schema.relations:
                continue
            if not english and m.group(0) == "指导" and s[max(0, a - 1) : a] == "为":
                continue  # "以《…》为指导": guided by a text, nobody supports anybody
            if not english and _EVENT_NOUN.match(s, b) and not self.schema.relations[rel].symmetric:
                continue  # "成立大会在X召开": an event's name, X is its venue, not a builder
            if not english and _PARTNER_LIST.match(s, b) and self.schema.relations[rel].symmetric:
                continue  # "合作学校包括A、B": the listed are partners of someone else, not each other's
            if not english and _OFFICE.match(s, b):
                continue  # "校企合作办": an office's name, nobody cooperates
            out.append(_Trig(a, b, rel, m.group(0)))
        if not english:
            out = [t for t in out if not self._joins_later_verb(s, t, out)]
        if not english:
            # "确定X为…", "命名X为…": a V+为 trigger split by its object
            for trig, rel in self.lex.triggers.items():
                if len(trig) < 3 or not trig.endswith("为"):
                    continue
                verb = trig[:-1]
                for m in re.finditer(re.escape(verb), s):
                    nxt = [x for x in mentions if x.start >= m.end()]
                    if (
                        nxt
                        and nxt[0].start - m.end() <= 1
                        and s.startswith("为", nxt[0].end)
                        and not any(x.start < m.end() and m.start() < x.end for x in mentions)
                    ):
                        out.append(_Trig(m.start(), m.end(), rel, trig))
            out.sort(key=lambda t: t.start)
        return out

    def _focus_as(
        self, s: str, mentions: list[Mention], clause_of: list[int], ci: int, prev_subj: list[int]
    ) -> list[Rel]:
        """ "P以新能源汽车产业为重点", "…，以A、B为主攻方向": P (or the organisation the sentence
        is about) focuses on each industry."""
        out: list[Rel] = []
        for k, m in enumerate(mentions):
            if clause_of[k] != ci or m.top != "Industry" or not _FOCUS_AS.match(s, m.end):
                continue
            inds = self._group_left(s, mentions, clause_of, ci, m.end, False)
            inds = [i for i in inds if mentions[i].top == "Industry"]
            if not inds or s[mentions[inds[0]].start - 1 : mentions[inds[0]].start] != "以":
                continue
            subj = self._group_left(s, mentions, clause_of, ci, mentions[inds[0]].start - 1, False)
            if not subj and self._starts_clause(
                s, self._clause_start(s, m.start), m.start, mentions
            ):
                subj = prev_subj
            orgs = [i for i in subj if mentions[i].top in ("Platform", "Institution", "Enterprise")]
            plats = [i for i in orgs if mentions[i].top == "Platform"]
            for i in plats or orgs:
                for j in inds:
                    r = self._directed("FOCUSES_ON", i, j, mentions, 0.8, "以…为")
                    if r is not None and "FOCUSES_ON" in self.schema.relations:
                        out.append(r)
        return out

    def _under(
        self,
        s: str,
        mentions: list[Mention],
        clause_of: list[int],
        ci: int,
        ca: int,
        t: _Trig,
        subj: list[int],
        english: bool,
    ) -> list[Rel]:
        """ "X在G的指导下成立", "在G支持下，A牵头组建X": G supports the platform the clause
        (or, when the phrase stands alone, the next clause) is about."""
        if english or not subj or not s.startswith("下", t.end):
            return []
        if "在" not in s[ca : mentions[subj[0]].start]:
            return []
        for c in (ci, ci + 1):
            plats = [
                k
                for k, m in enumerate(mentions)
                if clause_of[k] == c and k not in subj and m.top == "Platform"
            ]
            if plats:
                found = [
                    r
                    for i in subj
                    for j in plats
                    if (r := self._directed(t.rel, i, j, mentions, 0.8, t.text)) is not None
                    and r.head == i
                ]
                return found
            if c == ci and any(clause_of[k] == ci and k not in subj for k in range(len(mentions))):
                return []  # the clause names something else: no platform to attach to
        return []

    @staticmethod
    def _hub(s: str, subj: list[int], mentions: list[Mention], ca: int, cb: int) -> list[int]:
        """The party before 与 / 同 / 跟 of a group of three or more ("A与B、C签约") when the
        clause does not say all of them sign one agreement (三方, 共同, 相互)."""
        if len(subj) < 3 or any(k >= len(mentions) for k in subj):
            return []
        gaps = [s[mentions[a].end : mentions[b].start].strip() for a, b in pairwise(subj)]
        if gaps[0] not in ("与", "同", "跟") or any(
            g not in ("、", "和", "及", "以及") for g in gaps[1:]
        ):
            return []
        if _ALL_PARTIES.search(s, ca, cb):
            return []
        return subj[:1]

    def _joins_later_verb(self, s: str, t: _Trig, trigs: list[_Trig]) -> bool:
        """ "A携手B共建X": 携手 joins A and B as the subjects of 共建, it states no partnership."""
        if t.text not in _JOINING:
            return False
        return any(
            u.start >= t.end
            and not self.schema.relations[u.rel].symmetric
            and not _CLAUSE_BREAK.search(s, t.end, u.start)
            for u in trigs
        )

    def _negated(self, s: str, t: _Trig, english: bool, ca: int = 0) -> bool:
        if not english:
            # "尚未与X签约": the negation may sit before the partner, anywhere in the clause
            head = s[ca : t.start]
            if any(n in head for n in ("尚未", "并未", "从未", "没有", "未曾", "未与", "未能")):
                return True
        before = s[max(0, t.start - 6) : t.start]
        if english:
            return bool(
                re.search(r"\b(not|never|no longer|yet to)\s+(\w+\s+)?$", before, re.IGNORECASE)
            )
        before = before.replace("共同", "").replace("与其", "")
        return any(before.endswith(n) for n in NEGATIONS) or any(
            n in before[-3:] for n in ("尚未", "并未", "从未", "没有")
        )

    def _coordinated(self, gap: str, english: bool) -> bool:
        if english:
            return bool(_EN_COORD.match(gap))
        # "香港理工大学(理大)与…": a short form in brackets stays with its body
        g = re.sub(r"^[(（][^()（）]{1,16}[)）]", "", gap.strip()).strip()
        return (
            g in COORDINATORS
            or g in ("、", "，", ",")
            or (len(g) <= 3 and any(g == c or g == c + "、" for c in COORDINATORS))
            # "A、<an item that is no name>和B": the item does not break the group
            or bool(_UNREAD_ITEM.fullmatch(g))
            # "A校长李四、B总经理王五": bodies listed through their signatories
            or bool(_SIGNER_COORD.fullmatch(g))
        )

    def _group_left(
        self,
        s: str,
        mentions: list[Mention],
        clause_of: list[int],
        ci: int,
        pos: int,
        english: bool,
    ) -> list[int]:
        idx = [k for k, m in enumerate(mentions) if clause_of[k] == ci and m.end <= pos]
        if not idx:
            return []
        k = idx[-1]
        gap = s[mentions[k].end : pos]
        if k - 1 in idx and _short_form_of(s, mentions[k - 1], mentions[k]):
            gap = gap[1:]  # after the bracket
            k -= 1  # "A和B(短称)签订": the short form in brackets is B's, B is the party
        # "B (短称) 今天签订": a short form in brackets after the name is still the name
        gap = _SHORT_FORM_AFTER.sub("", gap, count=1)
        # "A、B、<unread item>共同牵头": an item that is no name (a spam token, an unknown
        # name) does not cut the group off its verb
        too_far = len(gap) > (_MAX_GAP * 3 if english else _MAX_GAP) or _CLAUSE_BREAK.search(gap)
        if too_far and (
            english
            or not (
                _LIST_TAIL.fullmatch(gap) or _AT_PHRASE.fullmatch(gap) or _SIGNER_GAP.fullmatch(gap)
            )
        ):
            return []
        group = [k]
        while True:
            prev = [x for x in idx if x < group[0]]
            if not prev:
                break
            p = prev[-1]
            if self._coordinated(s[mentions[p].end : mentions[group[0]].start], english):
                group.insert(0, p)
            else:
                break
        return group

    def _group_right(
        self,
        s: str,
        mentions: list[Mention],
        clause_of: list[int],
        ci: int,
        pos: int,
        english: bool,
    ) -> list[int]:
        idx = [k for k, m in enumerate(mentions) if clause_of[k] == ci and m.start >= pos]
        if not idx:
            return []
        k = idx[0]
        gap = s[pos : mentions[k].start]
        limit = _MAX_GAP * 3 if english else _MAX_GAP
        if len(gap) > limit:
            return []
        group = [k]
        for n in idx[1:]:
            if _short_form_of(s, mentions[group[-1]], mentions[n]):
                continue  # "与A(短称)和B": the bracketed short form stays with A
            if self._coordinated(s[mentions[group[-1]].end : mentions[n].start], english):
                group.append(n)
            else:
                break
        return group

    def _past_place_modifier(
        self,
        s: str,
        mentions: list[Mention],
        clause_of: list[int],
        ci: int,
        obj: list[int],
        rng: tuple[str, ...],
    ) -> list[int]:
        """ "服务于苏州新能源汽车产业": a place glued to the name after it only qualifies that
        name; a relation whose range has no place takes the name (and its group) instead."""
        first = mentions[obj[0]]
        if first.top != "Place" or any(
            self.schema.is_a(r, "Place") for r in rng if r in self.schema.classes
        ):
            return obj
        k = obj[0] + 1
        if k < len(mentions) and clause_of[k] == ci and mentions[k].start == first.end:
            return self._group_right(s, mentions, clause_of, ci, first.end, False) or obj
        return obj

    def _starts_clause(self, s: str, ca: int, pos: int, mentions: list[Mention]) -> bool:
        head = s[ca:pos].strip()
        head = re.sub(r"^\d{2,4}年(\d{1,2}月)?(\d{1,2}日)?", "", head)  # "2021年入选…"
        inside = [m for m in mentions if ca <= m.start < pos]
        if head.startswith("在") and inside and all(m.top == "Place" for m in inside):
            # "A与B达成合作协定，在无锡成立X": a place adjunct, the subject is still A and B
            return len(head) <= 12
        return len(head) <= 4 and not inside

    @staticmethod
    def _passive(s: str, mentions: list[Mention], subj: list[int], english: bool) -> bool:
        """ "《X》已由G印发实施": a subject after 由 is the agent; the verb's object is the
        name before it, however the clause goes on."""
        if english or not subj or subj[0] >= len(mentions):
            return False
        head = s[max(0, mentions[subj[0]].start - 3) : mentions[subj[0]].start]
        return head.endswith("由")

    def _ends_clause(self, s: str, pos: int, cb: int, english: bool) -> bool:
        rest = s[pos:cb]
        rest = _CLAUSE_BREAK.sub("", rest).strip()
        if english:
            return len(rest) <= 2
        # "该中心由X牵头建设。": a second verb of the same phrase still ends the clause
        pat = self.lex.trigger_re
        return len(rest) <= 1 or bool(pat is not None and pat.fullmatch(rest))

    def _look_back(
        self, mentions: list[Mention], subj: list[int], t: _Trig, rng: tuple[str, ...]
    ) -> int | None:
        first = min(subj) if subj else None
        for k in range(len(mentions) - 1, -1, -1):
            m = mentions[k]
            if m.end > t.start or k in subj or (first is not None and k > first):
                continue
            if any(self.schema.is_a(m.cls, r) for r in rng if r in self.schema.classes):
                return k
        return None

    def _object_slot(
        self, s: str, t: _Trig, cb: int, rng: tuple[str, ...], mentions: list[Mention]
    ) -> Mention | None:
        """ "…，共建小浆果科技示范园区。": an unnamed object that fills the rest of the clause
        takes the class the relation's range gives, when that range is one top class."""
        tops = {self.schema.classes[r].top for r in rng if r in self.schema.classes}
        if len(tops) != 1 or "Platform" not in tops:
            return None
        a = t.end
        b = cb
        while b > a and _CLAUSE_BREAK.match(s[b - 1]):
            b -= 1
        cand = s[a:b]
        if not cand.endswith(_PLATFORM_NOUNS) or cand[0] in "的做走之其":
            return None  # "发挥…的主力军作用", "走深走实": no platform named
        if (
            not 4 <= len(cand) <= 20
            or not all(_NAME_CHAR.match(c) for c in cand)
            or any(c in "()" for c in cand)
        ):
            return None
        if any(a < m.end and m.start < b for m in mentions):
            return None
        stops = self.lex.stops_any_re
        if stops is not None and any(m.start() > a for m in stops.finditer(s, a, b)):
            return None
        plat = "Platform"
        return Mention(a, b, plat, plat, "slot", 0.6)

    def _locatives(
        self,
        s: str,
        mentions: list[Mention],
        clause_of: list[int],
        ci: int,
        ca: int,
        cb: int,
        prev_subj: list[int],
    ) -> list[Rel]:
        out = []
        for k, m in enumerate(mentions):
            if clause_of[k] != ci or m.top != "Place":
                continue
            if (
                m.start > 0
                and s[m.start - 1] == "在"
                and any(s.startswith(v, m.end) for v in _LOCATIVE_VERBS)
            ):
                verb_end = m.end + next(len(v) for v in _LOCATIVE_VERBS if s.startswith(v, m.end))
                after = [
                    x
                    for x in range(k + 1, len(mentions))
                    if clause_of[x] == ci and mentions[x].start - verb_end <= 1
                ]
                left = [x for x in range(k) if clause_of[x] == ci and mentions[x].top != "Place"]
                # "A在西安成立P": P is what is there; "X在常州成立": X is; "A牵头组建的P在
                # 苏州揭牌": the platform, not its founder
                plats = [x for x in left if mentions[x].top == "Platform"]
                subj = after[:1] or plats[-1:] or left[:1] or prev_subj[:1]
                for i in subj:
                    if self.schema.allows(self.locative or "", mentions[i].cls, m.cls):
                        out.append(
                            Rel(i, self.locative or "", k, 0.85, "在…" + s[m.end : m.end + 2])
                        )
        return out
