"""Referring expressions of a document: 该联合体, 本共同体, 我院, 学校, 双方, 两家企业.

A definite reference stands for the nearest earlier entity of its class in the same document
(never another document). It becomes a mention of that class so the relation rules can use it
(``该联合体由A牵头`` → A leads the consortium named before); the document reader then replaces
it by the entity it refers to and drops the referring mention itself, which is not an entity.

Example:
    >>> # "深圳市域产教联合体成立。该联合体由深圳职业技术大学牵头。" → the second sentence's
    >>> # 该联合体 is a mention whose ``props["refs"]`` holds the first sentence's entity.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from iegraph.ingest.documents.recognize import Mention

#: noun after a determiner → (top classes it may stand for, name ending preferred)
_NOUNS: dict[str, tuple[tuple[str, ...], str]] = {
    "产教联合体": (("Platform",), "联合体"),
    "联合体": (("Platform",), "联合体"),
    "共同体": (("Platform",), "共同体"),
    "产业学院": (("Platform",), "学院"),
    "职教集团": (("Platform",), "集团"),
    "联盟": (("Platform",), "联盟"),
    "基地": (("Platform",), "基地"),
    "平台": (("Platform",), ""),
    "中心": (("Platform",), "中心"),
    "园区": (("Platform",), ""),
    "实验室": (("Platform",), "实验室"),
    "学院": (("Institution", "Platform"), "学院"),
    "大学": (("Institution",), "大学"),
    "学校": (("Institution",), ""),
    "高校": (("Institution",), ""),
    "院": (("Institution",), "院"),
    "校": (("Institution",), ""),
    "公司": (("Enterprise",), ""),
    "企业": (("Enterprise",), ""),
    "集团": (("Enterprise",), "集团"),
    "协会": (("Government",), "会"),
}
_DET = r"(?:该|本|我|此|这一|上述)"
_REF = re.compile(
    _DET
    + "("
    + "|".join(sorted(_NOUNS, key=len, reverse=True))
    + r")|(?<![\u4e00-\u9fff])(联合体|共同体|联盟)|(?<=[，,。由与和及、将在对入])(联合体|共同体|联盟)"
    + r"|(校企双方|双方|两家企业|两校|三方)"
    # the school a news report is about, heading a clause as the subject of a partnership
    # verb: "学校与A签约", "学院联合A共建…"
    + r"|(?:(?<=^)|(?<=[，,。；;\n]))(学校|学院)(?=与|同|和|联合|携手|牵头|加入|作为)"
    # the founding meeting of the platform a report is about, heading a sentence before the
    # bodies it was held under or by: "大会在A指导下，由B、C联合主办"
    + r"|(?:(?<=^)|(?<=[。；;\n]))(大会)(?=在[^，,。]{2,60}?(?:指导|支持)下|由)"
)
_MEETING = (("Platform",), "")
_PARTIES = ("Institution", "Enterprise", "Government")
_GROUPS = {
    "双方": (2, _PARTIES),
    "校企双方": (2, ("Institution", "Enterprise")),
    "两家企业": (2, ("Enterprise",)),
    "两校": (2, ("Institution",)),
    "三方": (3, _PARTIES),
}


def referents(
    s: str, mentions: list[Mention], entities: list[Any], offset: int, schema: Any
) -> list[Mention]:
    """Mentions for the referring expressions of sentence ``s`` (offsets in ``s``).

    Args:
        s: the folded sentence.
        mentions: the names found in it.
        entities: the document's entities so far (``EntitySpan``, document offsets).
        offset: where ``s`` starts in the document.
        schema: the compiled ontology.
    """
    out: list[Mention] = []
    for m in _REF.finditer(s):
        a, b = m.start(), m.end()
        if any(x.start < b and a < x.end for x in mentions):
            continue  # part of a name (德州天衢新区市域产教联合体)
        group = m.group(4)
        if group:
            n, tops = _GROUPS[group]
            refs = _last_distinct(s, a, mentions, entities, tops, n)
            if len(refs) == n:
                first = refs[0]
                out.append(
                    Mention(a, b, first.cls, first.top, "anaphor", 0.75, {"refs": _ids(refs)})
                )
            continue
        noun = m.group(1) or m.group(2) or m.group(3) or m.group(5)
        tops, ending = _NOUNS[noun] if noun else _MEETING
        ref = _nearest(s, a, mentions, entities, tops, _ends(ending))
        if ref is not None:
            out.append(Mention(a, b, ref.cls, ref.top, "anaphor", 0.75, {"refs": _ids([ref])}))
    return out


class _Ref:
    def __init__(self, obj: Any, index: int | None) -> None:
        self.obj = obj  # a Mention of this sentence or an EntitySpan index
        self.index = index
        self.cls = obj.cls
        self.top = obj.top if hasattr(obj, "top") else obj.label
        self.text = getattr(obj, "text", "")


def _ids(refs: list[_Ref]) -> list[Any]:
    return [r.index if r.index is not None else r.obj for r in refs]


def _candidates(
    s: str, a: int, mentions: list[Mention], entities: list[Any]
) -> list[tuple[_Ref, str]]:
    """Earlier names, nearest first: this sentence's, then the document's."""
    out: list[tuple[_Ref, str]] = []
    for m in sorted((x for x in mentions if x.end <= a), key=lambda x: -x.start):
        if m.via != "anaphor":
            out.append((_Ref(m, None), s[m.start : m.end]))
    for k in range(len(entities) - 1, -1, -1):
        e = entities[k]
        if e.via == "anaphor":
            continue
        out.append((_Ref(e, k), e.text))
    return out


def _nearest(
    s: str,
    a: int,
    mentions: list[Mention],
    entities: list[Any],
    tops: tuple[str, ...],
    named: Callable[[str], bool] | None = None,
) -> _Ref | None:
    """The nearest earlier name of the classes ``tops`` (whose text ``named`` accepts, if given)."""
    for ref, text in _candidates(s, a, mentions, entities):
        if ref.top in tops and (named is None or named(text)):
            return ref
    return None


def _last_distinct(
    s: str, a: int, mentions: list[Mention], entities: list[Any], tops: tuple[str, ...], n: int
) -> list[_Ref]:
    seen: set[str] = set()
    out: list[_Ref] = []
    for ref, text in _candidates(s, a, mentions, entities):
        if ref.cls == "PartyOrgan":
            continue  # "五指山市委书记…" beside the city's government: the government signs
        if ref.top in tops and text not in seen:
            seen.add(text)
            out.append(ref)
            if len(out) == n:
                break
    return list(reversed(out))


# -- English --------------------------------------------------------------------------------
#: "the university" → (top classes it may stand for, preferred name ending)
_EN_NOUNS: dict[str, tuple[tuple[str, ...], str]] = {
    "university": (("Institution",), "University"),
    "college": (("Institution", "Platform"), "College"),
    "polytechnic": (("Institution",), "Polytechnic"),
    "institute": (("Institution",), "Institute"),
    "school": (("Institution",), ""),
    "company": (("Enterprise",), ""),
    "enterprise": (("Enterprise",), ""),
    "group": (("Enterprise",), "Group"),
    "consortium": (("Platform",), "Consortium"),
    "alliance": (("Platform",), "Alliance"),
    "community": (("Platform",), "Community"),
    "base": (("Platform",), "Base"),
    "platform": (("Platform",), "Platform"),
}
_EN_GROUPS: dict[str, tuple[int, tuple[str, ...]]] = {
    "both parties": (2, ("Institution", "Enterprise", "Government")),
    "both sides": (2, ("Institution", "Enterprise", "Government")),
    "the two parties": (2, ("Institution", "Enterprise", "Government")),
    "the two sides": (2, ("Institution", "Enterprise", "Government")),
    "the two companies": (2, ("Enterprise",)),
    "the two schools": (2, ("Institution",)),
    "the two colleges": (2, ("Institution",)),
    "the three parties": (3, ("Institution", "Enterprise", "Government")),
}
_EN_REF = re.compile(
    r"(?<![A-Za-z\-])(?:(?:[Tt]he|[Tt]his|[Oo]ur)\s+("
    + "|".join(_EN_NOUNS)
    + r")|("
    + "|".join(g.replace("the ", "[Tt]he ").replace("both ", "[Bb]oth ") for g in _EN_GROUPS)
    + r"))(?![A-Za-z\-’'])(?!\s+of\b)"
)


def en_referents(
    s: str, mentions: list[Mention], entities: list[Any], schema: Any
) -> list[Mention]:
    """Mentions for an English sentence's referring expressions ("the university", "the two
    companies"), each standing for the nearest earlier names of its class in the document."""
    out: list[Mention] = []
    for m in _EN_REF.finditer(s):
        a, b = m.start(), m.end()
        if any(x.start < b and a < x.end for x in mentions):
            continue  # part of a name ("The University of …" is read as a name)
        if m.group(2):
            n, tops = _EN_GROUPS[m.group(2).lower()]
            refs = _last_distinct(s, a, mentions, entities, tops, n)
            if len(refs) == n:
                out.append(
                    Mention(a, b, refs[0].cls, refs[0].top, "anaphor", 0.75, {"refs": _ids(refs)})
                )
            continue
        tops, word = _EN_NOUNS[m.group(1)]
        ref = _nearest(s, a, mentions, entities, tops, _holds_word(word))
        if ref is not None:
            out.append(Mention(a, b, ref.cls, ref.top, "anaphor", 0.75, {"refs": _ids([ref])}))
    return out


def _ends(ending: str) -> Callable[[str], bool] | None:
    return (lambda text: text.endswith(ending)) if ending else None


def _holds_word(word: str) -> Callable[[str], bool] | None:
    """ "the university" → a name holding the word University ("Xiangtan University of …")."""
    pat = re.compile(rf"(?<![A-Za-z]){word}(?![A-Za-z])")
    return (lambda text: pat.search(text) is not None) if word else None
