"""The learned relation scorer (``--relations learned``), trained and measured by leaving one
annotated set out.

The six annotated sets of real documents (``eval/real_docs/annotations.jsonl`` without
``n01``, ``holdout.jsonl`` … ``holdout5.jsonl``; texts outside the repository) are read once by
the rules (``prepare_document``, as ``iegraph eval --docs`` does). Every relation the rules
assert is a candidate, labelled right when the document scorer would count it as a found gold
relation (:mod:`ingest.evaluate`'s matching: nodes by shared normalised names, symmetric
types either way). For each set in turn, the model is trained on the other five (its
threshold chosen by leaving each of those five out in turn, on their pooled out-of-fold scores)
and applied to the left-out set; the left-out set is then scored by the document scorer with
the rules' relations (the baseline, same run) and with the relations the model keeps.

Prints, per left-out set, relation P / R / F1 rules-only vs rules + model, the mean F1 and
precision over the sets, the pooled figures per genre and script, and the decision rule's
verdict (wire in by default only if the mean left-out F1 and precision both rise and no set
loses more than 0.02 F1). ``--save`` trains on all six sets and writes the model
(``ingest/documents/data/relscore.json``; weights of feature names only).

    python bench/relclass.py [--realdocs /work/realdocs] [--l2 1.0] [--save] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SETS = [
    ("dev", "annotations.jsonl", "texts"),
    ("held-out 1", "holdout.jsonl", "holdout"),
    ("held-out 2", "holdout2.jsonl", "holdout2"),
    ("held-out 3", "holdout3.jsonl", "holdout3"),
    ("held-out 4", "holdout4.jsonl", "holdout4"),
    ("held-out 5", "holdout5.jsonl", "holdout5"),
]
SKIP = {"n01"}  # its text could not be recovered (eval/real_docs/README.md)


def relation_hits(gold: dict[str, Any], pred: dict[str, Any], symmetric: set[str]) -> list[int]:
    """1 for each predicted relation that matches a gold relation of the document (as
    :func:`ingest.evaluate.score_documents` matches them, duplicates included), else 0."""
    from iegraph.ingest.evaluate import _Nodes, _norm, _str_list

    gidx: dict[str, int] = {}
    for i, e in enumerate(gold.get("entities", [])):
        for n in [str(e["name"]), *_str_list(e.get("aliases", []))]:
            gidx[_norm(n)] = i
    grels = set()
    for r in gold.get("relations", []):
        h, t = gidx[_norm(str(r["head"]))], gidx[_norm(str(r["tail"]))]
        grels.add((h, str(r["type"]), t))
        if str(r["type"]) in symmetric:
            grels.add((t, str(r["type"]), h))
    nodes = _Nodes(pred.get("entities", []))
    out = []
    for r in pred.get("relations", []):
        ty = str(r["type"])
        hg = {
            gidx[n] for n in nodes.find(str(r["head"]), str(r.get("head_label", ""))) if n in gidx
        }
        tg = {
            gidx[n] for n in nodes.find(str(r["tail"]), str(r.get("tail_label", ""))) if n in gidx
        }
        out.append(int(any((h, ty, t) in grels for h in hg for t in tg)))
    return out


def read_sets(realdocs: Path, pairs: bool = False) -> list[dict[str, Any]]:
    """Every document of the six sets read by the rules: gold, prediction, features, labels."""
    from iegraph.ingest.documents.ingest import prepare_document
    from iegraph.ingest.documents.loaders import load_document
    from iegraph.ingest.documents.pipeline import Extractor
    from iegraph.ingest.documents.relscore import RelScorer, relation_features
    from iegraph.ingest.evaluate import prediction_from_assertions, read_doc_gold
    from iegraph.ontology.schema import load_schema

    schema = load_schema()
    try:
        ex = Extractor(schema, relations="rules")
    except TypeError:  # an earlier commit's Extractor (--dump): rules only anyway
        ex = Extractor(schema)
    if pairs:  # a model that keeps everything: the rules' relations and the pair candidates
        ex.relscore = RelScorer({}, 0.0, 0.0, pairs=True)
    sym = {r.name for r in schema.relations.values() if r.symmetric}
    out = []
    for name, gold_file, folder in SETS:
        gold = [
            g
            for g in read_doc_gold(ROOT / "eval" / "real_docs" / gold_file, schema)
            if g["id"] not in SKIP
        ]
        docs = []
        for g in gold:
            prep = prepare_document(load_document(realdocs / folder / f"{g['id']}.txt"), ex)
            conv = prep.converted
            pred = prediction_from_assertions(conv.entities, conv.relations, schema)
            feats = relation_features(prep.result, schema)
            assert len(feats) == len(pred["relations"])
            docs.append(
                {
                    "gold": g,
                    "pred": pred,
                    "feats": feats,
                    "labels": relation_hits(g, pred, sym),
                    "rule": [r.rule == "pair" for r in prep.result.relations],
                }
            )
        gold_rels = sum(len(g["relations"]) for g in gold)
        out.append({"name": name, "docs": docs, "gold_relations": gold_rels, "symmetric": sym})
    return out


def _rows(sets: list[dict[str, Any]]) -> tuple[list[dict[str, float]], list[int]]:
    feats = [f for s in sets for d in s["docs"] for f in d["feats"]]
    labels = [y for s in sets for d in s["docs"] for y in d["labels"]]
    return feats, labels


def _best_threshold(scores: list[float], labels: list[int], gold: int) -> float:
    """The threshold that maximises relation F1 over candidates (gold = relations to find)."""
    best, best_f1 = 0.0, -1.0
    for thr in [x / 100 for x in range(5, 96)]:
        tp = sum(1 for p, y in zip(scores, labels, strict=True) if p >= thr and y)
        fp = sum(1 for p, y in zip(scores, labels, strict=True) if p >= thr and not y)
        f1 = 2 * tp / (2 * tp + fp + (gold - tp)) if gold else 0.0
        if f1 > best_f1 + 1e-9:
            best, best_f1 = thr, f1
    return best


def fit(sets: list[dict[str, Any]], l2: float) -> Any:
    """A model trained on ``sets``, its threshold chosen on their leave-one-set-out scores
    (sets of one name — the same documents read by other rules — are left out together)."""
    from iegraph.ingest.documents.relscore import train

    oof: list[float] = []
    oof_y: list[int] = []
    if len({s["name"] for s in sets}) < 2:  # one group: five folds of its documents instead
        sets = [
            {**s, "name": f"fold {k}", "docs": s["docs"][k::5], "gold_relations": 0}
            for s in sets
            for k in range(5)
        ]
    for name in dict.fromkeys(s["name"] for s in sets):
        m = train(*_rows(others(sets, name)), l2=l2)
        f, y = _rows([s for s in sets if s["name"] == name])
        oof += m.score(f)
        oof_y += y
    model = train(*_rows(sets), l2=l2)
    gold = sum(len(d["gold"]["relations"]) for s in sets for d in s["docs"])
    model.threshold = _best_threshold(oof, oof_y, gold)
    return model


def regroup(sets: list[dict[str, Any]], field: str) -> list[dict[str, Any]]:
    """The documents of ``sets`` grouped by their gold ``field`` (genre, script) instead."""
    out: dict[str, dict[str, Any]] = {}
    for s in sets:
        for d in s["docs"]:
            key = str(d["gold"].get(field, ""))
            g = out.setdefault(
                key, {"name": key, "docs": [], "gold_relations": 0, "symmetric": s["symmetric"]}
            )
            g["docs"].append(d)
            g["gold_relations"] += len(d["gold"]["relations"])
    return [out[k] for k in sorted(out)]


def others(sets: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    """``sets`` without any reading of the set called ``name``."""
    return [s for s in sets if s["name"] != name]


def score(s: dict[str, Any], model: Any | None) -> dict[str, Any]:
    """The document scorer's report on set ``s``, relations kept by ``model`` (None: all)."""
    from iegraph.ingest.evaluate import score_documents

    preds = {}
    for d in s["docs"]:
        rels = d["pred"]["relations"]
        if model is not None:
            keep = [p >= model.threshold for p in model.score(d["feats"])]
        else:  # the rules' own relations
            keep = [not pair for pair in d.get("rule") or [False] * len(rels)]
        rels = [r for r, k in zip(rels, keep, strict=True) if k]
        preds[str(d["gold"]["id"])] = {"entities": d["pred"]["entities"], "relations": rels}
    return score_documents([d["gold"] for d in s["docs"]], preds, s["symmetric"])


def blind(
    sets: list[dict[str, Any]],
    earlier: list[dict[str, Any]],
    l2: float,
    extra: list[dict[str, Any]],
) -> None:
    """Each set as an earlier commit's rules read it (before the set was opened), scored with
    those rules' relations and with the ones a model trained on the other five sets keeps."""
    print(f"\nearlier rules' candidates, model trained on the other five sets (l2 {l2})")
    for old in earlier:
        old["symmetric"] = set(old["symmetric"])
        model = fit(others(sets + extra, old["name"]), l2)
        b, n = score(old, None)["relations"]["micro"], score(old, model)["relations"]["micro"]
        print(
            f"{old['name']:<12}{len(old['docs']):>5}{b['support']:>6}  {_prf(b):<20}"
            f"{_prf(n):<20}{model.threshold:>5.2f}{n['f1'] - b['f1']:>+7.3f}"
        )


def _prf(m: dict[str, Any]) -> str:
    return f"{m['precision']:.2f} / {m['recall']:.2f} / {m['f1']:.2f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--realdocs", type=Path, default=Path("/work/realdocs"))
    ap.add_argument("--l2", type=float, default=1.0, help="L2 penalty of the regression")
    ap.add_argument("--save", action="store_true", help="train on all sets, write the model")
    ap.add_argument("--json", type=Path, help="write the figures here too")
    ap.add_argument(
        "--dump",
        type=Path,
        help="only write every set's rule candidates (features, labels) to this file",
    )
    ap.add_argument(
        "--blind",
        type=Path,
        help="a --dump made by the rules of an earlier commit: score each of its sets with "
        "a model trained on the other five sets read by the present rules",
    )
    ap.add_argument(
        "--pairs",
        action="store_true",
        help="also judge pairs of names in one sentence with a trigger that no rule related",
    )
    ap.add_argument(
        "--extra",
        type=Path,
        action="append",
        default=[],
        help="also train on the candidates of a --dump made by earlier rules (repeatable; a "
        "left-out set is left out of these too)",
    )
    ap.add_argument(
        "--by",
        choices=("set", "genre", "script"),
        default="set",
        help="what is left out: an annotated set (default), a genre or a script",
    )
    args = ap.parse_args()

    t0 = time.perf_counter()
    sets = read_sets(args.realdocs, args.pairs)
    if args.dump:
        for s in sets:
            s["symmetric"] = sorted(s["symmetric"])
        args.dump.write_text(json.dumps(sets, ensure_ascii=False))
        print(f"wrote {args.dump}")
        return
    extra = []
    for path in args.extra:
        for x in json.loads(path.read_text()):
            x["symmetric"] = set(x["symmetric"])
            extra.append(x)
    if args.blind:
        blind(sets, json.loads(args.blind.read_text()), args.l2, extra)
        return
    if args.by != "set":
        sets = regroup(sets, args.by)
    n_cand = sum(len(d["labels"]) for s in sets for d in s["docs"])
    n_pos = sum(sum(d["labels"]) for s in sets for d in s["docs"])
    print(
        f"read {sum(len(s['docs']) for s in sets)} documents in {time.perf_counter() - t0:.0f} s:"
        f" {n_cand} candidates, {n_pos} right, "
        f"{sum(s['gold_relations'] for s in sets)} gold relations"
    )
    print(
        f"\nleave one {args.by} out (l2 {args.l2}): relation P / R / F1 of the left-out {args.by}"
    )
    print(
        f"{'left out':<12}{'docs':>5}{'gold':>6}  {'rules':<20}{'rules + model':<20}"
        f"{'thr':>5}{'ΔF1':>7}"
    )
    rows = []
    pooled: dict[str, list[dict[str, Any]]] = {"rules": [], "learned": []}
    for s in sets:
        model = fit(others(sets + extra, s["name"]), args.l2)
        base, new = score(s, None), score(s, model)
        b, n = base["relations"]["micro"], new["relations"]["micro"]
        pooled["rules"].append(base)
        pooled["learned"].append(new)
        rows.append(
            {
                "set": s["name"],
                "docs": len(s["docs"]),
                "rules": b,
                "learned": n,
                "threshold": model.threshold,
            }
        )
        print(
            f"{s['name']:<12}{len(s['docs']):>5}{b['support']:>6}  {_prf(b):<20}{_prf(n):<20}"
            f"{model.threshold:>5.2f}{n['f1'] - b['f1']:>+7.3f}"
        )
    mean = {
        k: {m: sum(r[k][m] for r in rows) / len(rows) for m in ("precision", "recall", "f1")}
        for k in ("rules", "learned")
    }
    print(
        f"{'mean':<12}{'':>11}  {_prf(mean['rules']):<20}{_prf(mean['learned']):<20}"
        f"{'':>5}{mean['learned']['f1'] - mean['rules']['f1']:>+7.3f}"
    )
    for k in ("rules", "learned"):
        tp = sum(r["relations"]["micro"]["tp"] for r in pooled[k])
        fp = sum(r["relations"]["micro"]["fp"] for r in pooled[k])
        fn = sum(r["relations"]["micro"]["fn"] for r in pooled[k])
        print(
            f"pooled {k:<8} tp {tp} fp {fp} fn {fn}: P {tp / max(tp + fp, 1):.3f} "
            f"R {tp / max(tp + fn, 1):.3f} F1 {2 * tp / max(2 * tp + fp + fn, 1):.3f}"
        )
    for field in ("per_genre", "per_script"):
        keys = sorted({g for r in pooled["rules"] for g in r[field]})
        for g in keys:
            line = []
            for k in ("rules", "learned"):
                tp = sum(r[field][g]["relations"]["tp"] for r in pooled[k] if g in r[field])
                fp = sum(r[field][g]["relations"]["fp"] for r in pooled[k] if g in r[field])
                fn = sum(r[field][g]["relations"]["fn"] for r in pooled[k] if g in r[field])
                line.append(
                    f"{k} P {tp / max(tp + fp, 1):.2f} R {tp / max(tp + fn, 1):.2f} "
                    f"F1 {2 * tp / max(2 * tp + fp + fn, 1):.2f}"
                )
            print(f"  {field[4:]} {g:<8} " + "  |  ".join(line))
    worst = min(r["learned"]["f1"] - r["rules"]["f1"] for r in rows)
    adopt = (
        mean["learned"]["f1"] > mean["rules"]["f1"]
        and mean["learned"]["precision"] > mean["rules"]["precision"]
        and worst >= -0.02
    )
    print(
        f"\nverdict: mean F1 {mean['rules']['f1']:.3f} -> {mean['learned']['f1']:.3f}, "
        f"mean P {mean['rules']['precision']:.3f} -> {mean['learned']['precision']:.3f}, "
        f"worst set ΔF1 {worst:+.3f}: "
        + ("wire in by default" if adopt else "keep behind --relations learned")
    )
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "mean": mean, "adopt": adopt}, indent=1))
    if args.save:
        out = ROOT / "ingest" / "documents" / "data" / "relscore.json"  # the repository's file
        model = fit(sets + extra, args.l2)
        model.pairs = args.pairs
        model.meta = {
            "trained_on": [s["name"] for s in sets],
            "also_on_earlier_rules": [str(p.name) for p in args.extra],
            "candidates": n_cand,
            "right": n_pos,
            "l2": args.l2,
            "pairs": args.pairs,
            "script": "bench/relclass.py --save",
        }
        model.save(out)
        print(
            f"saved {out.relative_to(ROOT)} ({len(model.weights)} weights, "
            f"threshold {model.threshold:.2f})"
        )


if __name__ == "__main__":
    main()
