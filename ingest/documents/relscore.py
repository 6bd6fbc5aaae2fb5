"""A learned second opinion on the relations the rules assert (``--relations learned``).

Every relation of a read document (:class:`~ingest.documents.pipeline.RelationSpan`) is
described by features of our own design only — its type, the rule that made it and its
confidence, the labels and recognisers of its two ends, their distance (characters, clauses,
sentences, names between them), which of the project's own trigger lexicons occur between
them or in their sentence, its position, the document's genre and script, how crowded its
sentence is — and scored by a logistic regression (plain numpy, weights in a small JSON
file). Relations whose score is below the model's threshold are dropped and listed in the
result's ``dropped`` with their score. No feature is a word of the texts the model was trained
on: the committed model holds only the weights of these feature names.

The model is trained and measured (leave one annotated set out) by ``bench/relclass.py``;
the committed weights are ``data/relscore.json``.

Example:
    >>> scorer = RelScorer.load()
    >>> feats = relation_features(result, schema)  # one dict per relation
    >>> kept = scorer.apply(result, schema)  # the result, low-scored relations dropped
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from iegraph.ingest.documents.lexicon import NAME_STOPS, NEGATIONS
from iegraph.ingest.documents.script import count_cjk, count_latin, fold
from iegraph.ontology.errors import IngestError
from iegraph.ontology.schema import Schema

#: the committed model
MODEL_PATH = Path(__file__).parent / "data" / "relscore.json"
#: bumped when the features change (a model of another version is refused)
FEATURE_VERSION = 2

# Lexicons written for this module (function words and kinds of event, not names).
_CLAUSE = re.compile(r"[，,；;：:]")
_COORD = re.compile(r"[、和与及]|以及|and|&")
_ATTEND = re.compile(
    r"出席|参加|见证|观摩|应邀|致辞|讲话|主持|陪同|调研|考察|走访|莅临|visit", re.IGNORECASE
)
_EVENT = re.compile(
    r"大会|会议|仪式|典礼|论坛|峰会|研讨会|座谈会|ceremony|forum|conference", re.IGNORECASE
)
_SIGN = re.compile(r"签约|签署|签订|协议|备忘录|sign|agreement|MOU", re.IGNORECASE)
_LIST = re.compile(r"名单|入选|公布|认定|遴选|评选|list|selected", re.IGNORECASE)
_CITE = re.compile(r"根据|按照|依据|贯彻|落实|《")
_PLAN = re.compile(r"计划|规划|方案|意见|办法|通知|plan|opinion", re.IGNORECASE)
_CAP = 10


def _log(n: float, scale: float = 3.0) -> float:
    return math.log1p(max(n, 0.0)) / scale


def _rule_parts(rule: str) -> tuple[str, list[str]]:
    """The rule's name (before any ``:`` detail) and its ``+`` modifiers."""
    base, *mods = rule.split("+")
    return base.split(":")[0] or "trigger", [m.split(":")[0] for m in mods if m]


def _script(text: str, folded: str) -> str:
    if count_latin(folded) > 3 * count_cjk(folded):
        return "en"
    changed = sum(1 for a, b in zip(text, folded, strict=False) if a != b and "\u4e00" <= b)
    return "zh-Hant" if changed > 0.02 * max(count_cjk(folded), 1) else "zh-Hans"


_LEXICONS: dict[int, tuple[Schema, dict[str, re.Pattern[str]]]] = {}


def _trigger_lexicons(schema: Schema) -> dict[str, re.Pattern[str]]:
    """One pattern per relation type of the ontology's own trigger words (and English labels);
    built once per schema."""
    hit = _LEXICONS.get(id(schema))
    if hit is not None and hit[0] is schema:
        return hit[1]
    out: dict[str, re.Pattern[str]] = {}
    for name, r in schema.relations.items():
        words = [w for w in r.triggers if w]
        words += [x for x in [r.labels.get("en", ""), *r.alt_labels.get("en", ())] if x]
        if words:
            out[name] = re.compile("|".join(re.escape(w) for w in sorted(words, key=len)[::-1]))
    _LEXICONS[id(schema)] = (schema, out)
    return out


def relation_features(result: Any, schema: Schema) -> list[dict[str, float]]:
    """Features of every relation of ``result`` (an ``ExtractionResult``), in its order.

    Each is a sparse dict: indicator features (``type=LEADS``, ``rule=roster``,
    ``pair=Institution>Platform`` …) are 1.0; numeric ones are scaled to about [0, 1].
    """
    text: str = result.text
    folded = fold(text)
    ents = result.entities
    rels = result.relations
    sents: list[tuple[int, int]] = result.sentences
    st = result.structure
    genre = str(getattr(st, "genre", "") or "text")
    script = _script(text, folded)
    trig = _trigger_lexicons(schema)
    n_sent = max(len(sents), 1)
    by_sent_e: dict[int, int] = {}
    for e in ents:
        by_sent_e[e.sentence] = by_sent_e.get(e.sentence, 0) + 1
    by_sent_r: dict[int, int] = {}
    fan_out: dict[tuple[int, str], int] = {}
    fan_in: dict[tuple[int, str], int] = {}
    pair_types: dict[frozenset[int], set[str]] = {}
    name_count: dict[str, int] = {}
    for e in ents:
        name_count[e.text] = name_count.get(e.text, 0) + 1
    for r in rels:
        if r.rule == "pair":  # crowding counts the rules' relations only
            continue
        by_sent_r[r.sentence] = by_sent_r.get(r.sentence, 0) + 1
        fan_out[(r.head, r.type)] = fan_out.get((r.head, r.type), 0) + 1
        fan_in[(r.tail, r.type)] = fan_in.get((r.tail, r.type), 0) + 1
        pair_types.setdefault(frozenset((r.head, r.tail)), set()).add(r.type)
    title = getattr(st, "title_span", None)
    out: list[dict[str, float]] = []
    for r in rels:
        h, t = ents[r.head], ents[r.tail]
        base, mods = _rule_parts(r.rule)
        f: dict[str, float] = {
            f"type={r.type}": 1.0,
            f"rule={base}": 1.0,
            f"type*rule={r.type}|{base}": 1.0,
            f"head={h.label}": 1.0,
            f"tail={t.label}": 1.0,
            f"pair={h.label}>{t.label}": 1.0,
            f"hvia={h.via or 'rule'}": 1.0,
            f"tvia={t.via or 'rule'}": 1.0,
            f"genre={genre}": 1.0,
            f"script={script}": 1.0,
            f"genre*type={genre}|{r.type}": 1.0,
            "conf": r.confidence,
            "hconf": h.confidence,
            "tconf": t.confidence,
        }
        for m in mods:
            f[f"mod={m}"] = 1.0
        if r.trigger:
            f["trigger"] = 1.0
        if r.props.get("role"):
            f["role"] = 1.0
        lo, hi = sorted((h, t), key=lambda e: e.start)
        gap = folded[lo.end : hi.start] if lo.end <= hi.start else ""
        sa, sb = sents[r.sentence] if r.sentence < len(sents) else (0, 0)
        sent = folded[sa:sb]
        f["same_sentence"] = float(h.sentence == t.sentence)
        f["ends_in_sentence"] = float(h.sentence == r.sentence or t.sentence == r.sentence)
        f["sentence_gap"] = min(abs(h.sentence - t.sentence), _CAP) / _CAP
        f["overlap"] = float(lo.end > hi.start)
        f["head_first"] = float(h.start <= t.start)
        f["dist"] = _log(len(gap), 6.0)
        f["clauses_between"] = min(len(_CLAUSE.findall(gap)), 5) / 5
        f["names_between"] = (
            min(sum(1 for e in ents if lo.end <= e.start and e.end <= hi.start), _CAP) / _CAP
        )
        f["coord_between"] = float(bool(_COORD.search(gap)))
        f["neg_between"] = float(any(w in gap for w in NEGATIONS))
        own = trig.get(r.type)
        if own is not None:
            f["own_trigger_between"] = float(bool(own.search(gap)))
            f["own_trigger_sentence"] = float(bool(own.search(sent)))
        f["other_triggers_between"] = (
            min(sum(1 for k, p in trig.items() if k != r.type and p.search(gap)), 3) / 3
        )
        for name, pat in (
            ("attend", _ATTEND),
            ("event", _EVENT),
            ("sign", _SIGN),
            ("list", _LIST),
            ("cite", _CITE),
            ("plan", _PLAN),
        ):
            if pat.search(sent):
                f[f"sent_{name}"] = 1.0
            if pat.search(gap):
                f[f"gap_{name}"] = 1.0
        f["position"] = r.sentence / n_sent
        f["sentence_names"] = _log(by_sent_e.get(r.sentence, 0))
        f["sentence_relations"] = _log(by_sent_r.get(r.sentence, 0))
        f["fan_out"] = _log(fan_out.get((r.head, r.type), 0))
        f["fan_in"] = _log(fan_in.get((r.tail, r.type), 0))
        f["other_types_same_pair"] = float(
            len(pair_types.get(frozenset((r.head, r.tail)), set()) - {r.type}) > 0
        )
        f["head_len"] = min(len(h.text), 40) / 40
        f["tail_len"] = min(len(t.text), 40) / 40
        f["head_seen"] = _log(name_count.get(h.text, 0))
        f["tail_seen"] = _log(name_count.get(t.text, 0))
        # is an end a whole name? fragments carry digits, function words or a verb
        for end, e in (("head", h), ("tail", t)):
            ft = folded[e.start : e.end]
            if any(c.isdigit() for c in ft):
                f[f"{end}_digit"] = 1.0
            if len(ft) <= 3:
                f[f"{end}_short"] = 1.0
            if any(w in ft for w in NAME_STOPS):
                f[f"{end}_stop_word"] = 1.0
            if any(p.search(ft) for p in trig.values()):
                f[f"{end}_trigger_inside"] = 1.0
        f["head_local"] = float(h.local)
        f["tail_local"] = float(t.local)
        if title is not None:
            f["head_in_title"] = float(title[0] <= h.start < title[1] + 200 and h.sentence == 0)
        out.append(f)
    return out


#: how far apart (characters) the two names of a pair candidate may be
_PAIR_SPAN = 60


def pair_candidates(result: Any, schema: Schema) -> list[Any]:
    """Relations the rules did not assert, for the model to judge: two names of one sentence
    (at most ``_PAIR_SPAN`` characters apart) that the ontology lets a relation type join, when
    one of that type's trigger words is in the sentence. Rule ``pair``, confidence 0.5."""
    from iegraph.ingest.documents.pipeline import RelationSpan

    trig = _trigger_lexicons(schema)
    folded = fold(result.text)
    have = {(r.head, r.type, r.tail) for r in result.relations}
    sym = {n for n, r in schema.relations.items() if r.symmetric}
    by_sent: dict[int, list[int]] = {}
    for i, e in enumerate(result.entities):
        by_sent.setdefault(e.sentence, []).append(i)
    out = []
    for si, idx in sorted(by_sent.items()):
        if len(idx) < 2 or si >= len(result.sentences):
            continue
        sa, sb = result.sentences[si]
        types = [t for t, p in trig.items() if p.search(folded[sa:sb])]
        for h in idx:
            for t in idx:
                a, b = result.entities[h], result.entities[t]
                if h == t or a.text == b.text or not (a.end <= b.start or b.end <= a.start):
                    continue
                if max(a.start, b.start) - min(a.end, b.end) > _PAIR_SPAN:
                    continue
                for ty in types:
                    if ty in sym and (b.start < a.start or (t, ty, h) in have):
                        continue
                    if (h, ty, t) in have or not schema.allows(ty, a.cls, b.cls):
                        continue
                    out.append(RelationSpan(h, ty, t, 0.5, si, "", "pair"))
    return out


@dataclass
class RelScorer:
    """A logistic regression over :func:`relation_features` (weights by feature name)."""

    weights: dict[str, float]
    bias: float
    threshold: float = 0.5
    meta: dict[str, Any] = field(default_factory=dict)
    pairs: bool = False  # also judge the pair candidates (:func:`pair_candidates`)

    def score(self, feats: list[dict[str, float]]) -> list[float]:
        """Probability that each relation is right."""
        out = []
        for f in feats:
            z = self.bias + sum(v * self.weights.get(k, 0.0) for k, v in f.items())
            out.append(1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0))))
        return out

    def apply(self, result: Any, schema: Schema, threshold: float | None = None) -> Any:
        """Drop the relations of ``result`` scored below the threshold (the model's, unless
        given); each dropped one is listed in ``result.dropped`` with its score. Returns
        ``result`` (changed in place); entities are left as they are."""
        thr = self.threshold if threshold is None else threshold
        if self.pairs:
            result.relations = result.relations + pair_candidates(result, schema)
        scores = self.score(relation_features(result, schema))
        kept = []
        for r, p in zip(result.relations, scores, strict=True):
            if p >= thr:
                kept.append(r)
                continue
            if r.rule == "pair":  # never asserted: nothing to report
                continue
            h, t = result.entities[r.head], result.entities[r.tail]
            result.dropped.append(
                {
                    "what": "relation",
                    "reason": f"learned score {p:.2f} < {thr:.2f} (rule {r.rule})",
                    "text": f"{h.text} {r.type} {t.text}",
                }
            )
        result.relations = kept
        return result

    def to_json(self) -> dict[str, Any]:
        return {
            "version": FEATURE_VERSION,
            "bias": round(self.bias, 6),
            "threshold": round(self.threshold, 4),
            "pairs": self.pairs,
            "weights": {k: round(v, 6) for k, v in sorted(self.weights.items()) if v},
            "meta": self.meta,
        }

    def save(self, path: Path | str = MODEL_PATH) -> None:
        Path(path).write_text(
            json.dumps(self.to_json(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )

    @classmethod
    def load(cls, path: Path | str = MODEL_PATH) -> RelScorer:
        """Read a model file.

        Raises:
            IngestError: the file is missing, not JSON, of another feature version, or a
                field is missing or of the wrong type (names the file and the field).
        """
        p = Path(path)
        hint = "retrain it: python bench/relclass.py --save (see docs/notes/relclass.md)"
        try:
            obj = json.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise IngestError(f"{p}: no relation model", hint=hint) from None
        except json.JSONDecodeError as exc:
            raise IngestError(f"{p}: not JSON ({exc})", hint=hint) from None
        if not isinstance(obj, dict):
            raise IngestError(f"{p}: a relation model is a JSON object", hint=hint)
        if obj.get("version") != FEATURE_VERSION:
            raise IngestError(
                f"{p}: field 'version' is {obj.get('version')!r}, not {FEATURE_VERSION}",
                hint=hint,
            )
        w = obj.get("weights")
        if not isinstance(w, dict) or not all(isinstance(v, int | float) for v in w.values()):
            raise IngestError(f"{p}: field 'weights' is not an object of numbers", hint=hint)
        for k in ("bias", "threshold"):
            if not isinstance(obj.get(k), int | float):
                raise IngestError(f"{p}: field {k!r} is missing or not a number", hint=hint)
        return cls(
            {str(k): float(v) for k, v in w.items()},
            float(obj["bias"]),
            float(obj["threshold"]),
            dict(obj.get("meta") or {}),
            bool(obj.get("pairs", False)),
        )


def train(
    feats: list[dict[str, float]],
    labels: list[int],
    l2: float = 1.0,
    iterations: int = 30,
) -> RelScorer:
    """Fit a logistic regression (Newton's method, L2 penalty ``l2`` on the weights, not the
    bias) to ``labels`` (1 = the relation is in the gold)."""
    import numpy as np

    if len(feats) != len(labels) or not feats:
        raise ValueError("train needs as many labels as feature rows, and at least one")
    names = sorted({k for f in feats for k in f})
    col = {k: i for i, k in enumerate(names)}
    x = np.zeros((len(feats), len(names) + 1))
    x[:, -1] = 1.0
    for i, f in enumerate(feats):
        for k, v in f.items():
            x[i, col[k]] = v
    y = np.asarray(labels, dtype=float)
    w = np.zeros(len(names) + 1)
    pen = np.full(len(names) + 1, l2)
    pen[-1] = 0.0
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        grad = x.T @ (p - y) + pen * w
        hess = (x.T * (p * (1 - p))) @ x + np.diag(pen + 1e-6)
        step = np.linalg.solve(hess, grad)
        w -= step
        if float(np.max(np.abs(step))) < 1e-6:
            break
    return RelScorer({k: float(w[i]) for k, i in col.items()}, float(w[-1]))
