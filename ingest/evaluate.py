"""Scoring an extractor against a gold file in the ``../shared/eval`` format.

Rules (GUIDELINES.md "Scoring"): an entity is correct when its text and label equal a gold
entity's; a relation when head text, type and tail text equal a gold relation's, a symmetric
type (COOPERATES_WITH, per the ontology) in either direction. Precision, recall and F1 are
micro-averaged over all sentences, and given per label / per type.

Example:
    >>> report = evaluate_file(Path("../shared/eval/extract_dev.jsonl"))
    >>> report["entities"]["micro"]["f1"] >= 0.9
    True
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from iegraph.ontology.errors import IngestError, ValidationError

Predict = Callable[[str], dict[str, Any]]


def iter_jsonl(lines: Iterable[str], name: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line number, object)`` for each non-blank line of ``{"id", "text", …}`` JSONL;
    a bad line is a ValidationError naming ``name`` and the line (shared by ``extract`` and
    ``eval``, so both read their input by the same rules)."""
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValidationError(
                f"{name}:{n}: not valid JSON ({exc.msg})", hint="write one JSON object per line"
            ) from exc
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            raise ValidationError(
                f'{name}:{n}: the line has no "text" string',
                hint='each line needs {"id": …, "text": …}',
            )
        yield n, obj


def open_jsonl(path: Path | str) -> TextIO:
    """Open a JSONL file (BOM tolerated); a missing file is an IngestError with the fix."""
    p = Path(path)
    if not p.exists():
        raise IngestError(
            f"{p}: no such file",
            hint="check the path to the .jsonl file, "
            "or pass - for standard input where the command takes it",
        )
    return p.open(encoding="utf-8-sig")


def read_jsonl(path: Path | str) -> list[dict[str, Any]]:
    """Lines of a JSONL file (blank lines skipped); a bad line is a ValidationError naming it."""
    with open_jsonl(path) as fh:
        return [obj for _, obj in iter_jsonl(fh, str(Path(path)))]


def _prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f, 4),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "support": tp + fn,
    }


def _rel_key(r: dict[str, Any], symmetric: set[str]) -> tuple[str, str, str]:
    h, t, ty = str(r["head"]), str(r["tail"]), str(r["type"])
    if ty in symmetric and t < h:
        h, t = t, h
    return h, ty, t


def score(
    gold: Iterable[dict[str, Any]],
    pred: Iterable[dict[str, Any]],
    symmetric: Iterable[str] = ("COOPERATES_WITH",),
) -> dict[str, Any]:
    """Score predictions against gold, sentence by sentence (paired by position).

    Args:
        gold: gold objects with ``entities`` and ``relations``.
        pred: predicted objects of the same sentences, in the same order.
        symmetric: relation types scored in either direction.

    Returns:
        ``{"entities": {"micro": {...}, "per_label": {...}}, "relations": {...},
        "sentences": n, "errors": [...]}``
    """
    sym = set(symmetric)
    counts: dict[str, dict[str, Counter[str]]] = {
        "entities": {"tp": Counter(), "fp": Counter(), "fn": Counter()},
        "relations": {"tp": Counter(), "fp": Counter(), "fn": Counter()},
    }
    errors: list[dict[str, Any]] = []
    n = 0
    for g, p in zip(gold, pred, strict=True):
        n += 1
        ge: Counter[tuple[str, ...]] = Counter(
            (str(e["text"]), str(e["label"])) for e in g.get("entities", [])
        )
        pe: Counter[tuple[str, ...]] = Counter(
            (str(e["text"]), str(e["label"])) for e in p.get("entities", [])
        )
        gr: Counter[tuple[str, ...]] = Counter(_rel_key(r, sym) for r in g.get("relations", []))
        pr: Counter[tuple[str, ...]] = Counter(_rel_key(r, sym) for r in p.get("relations", []))
        for kind, gc, pc, lab in (("entities", ge, pe, 1), ("relations", gr, pr, 1)):
            c = counts[kind]
            for item in set(gc) | set(pc):
                label = item[lab]
                tp = min(gc[item], pc[item])
                c["tp"][label] += tp
                c["fp"][label] += pc[item] - tp
                c["fn"][label] += gc[item] - tp
        miss = {
            "id": g.get("id"),
            "fp_entities": sorted(map(list, pe - ge)),
            "fn_entities": sorted(map(list, ge - pe)),
            "fp_relations": sorted(map(list, pr - gr)),
            "fn_relations": sorted(map(list, gr - pr)),
        }
        if any(miss[k] for k in miss if k != "id"):
            errors.append(miss)
    out: dict[str, Any] = {"sentences": n}
    for kind, c in counts.items():
        labels = sorted(set(c["tp"]) | set(c["fp"]) | set(c["fn"]))
        out[kind] = {
            "micro": _prf(sum(c["tp"].values()), sum(c["fp"].values()), sum(c["fn"].values())),
            ("per_label" if kind == "entities" else "per_type"): {
                lab: _prf(c["tp"][lab], c["fp"][lab], c["fn"][lab]) for lab in labels
            },
        }
    out["errors"] = errors
    return out


def evaluate_file(path: Path | str, predict: Predict | None = None) -> dict[str, Any]:
    """Run the document extractor (or ``predict``) on every gold sentence and score it."""
    gold = read_jsonl(path)
    if predict is None:
        from iegraph.ingest.documents import extract_text

        def predict(text: str) -> dict[str, Any]:
            return extract_text(text).to_json()

    from iegraph.ontology.schema import load_schema

    schema = load_schema()
    symmetric = [r.name for r in schema.relations.values() if r.symmetric]
    preds = [predict(str(g["text"])) for g in gold]
    return score(gold, preds, symmetric)
