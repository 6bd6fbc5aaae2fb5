"""The review report of one document: what the pipeline read, from which sentence, by which
rule and with what confidence, and what it dropped and why — so an analyst can check a
document in a minute before (or after) it goes into the graph.

Example:
    >>> rev = review_document(load_document("notice.txt"), get_extractor(), 0.8)
    >>> print(render_review(rev))
"""

from __future__ import annotations

from typing import Any

from iegraph.ingest.documents.loaders import LoadedDocument


def review_document(
    doc: LoadedDocument, extractor: Any, min_confidence: float = 0.0
) -> dict[str, Any]:
    """The review of one loaded document (no store needed).

    Returns:
        ``{"path", "structure": {...}, "entities": [...], "relations": [...],
        "dropped": [...]}``; each relation has ``rule``, ``confidence``, ``sentence`` and
        ``kept`` (False when below ``min_confidence``).
    """
    from iegraph.ingest.documents.ingest import prepare_document

    prep = prepare_document(doc, extractor, min_confidence)
    res = prep.result
    st = res.structure
    text = res.text

    def sentence(i: int) -> str:
        a, b = res.sentences[i]
        return str(text[a:b]).strip()[:200]

    ents_all = [
        {
            "name": e.name or e.text,
            "written": e.text,
            "class": e.cls,
            "label": e.label,
            "aliases": e.aliases,
            "via": e.via,
            "confidence": round(e.confidence, 3),
            "document_local": e.local,
            "sentence": sentence(e.sentence),
        }
        for e in res.entities
    ]
    # one line per entity (name and label), with how often the document names it
    ents: list[dict[str, Any]] = []
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for e in ents_all:
        k = (e["name"], e["label"])
        if k in seen:
            seen[k]["mentions"] += 1
            seen[k]["aliases"] = sorted(set(seen[k]["aliases"]) | set(e["aliases"]))
            continue
        e["mentions"] = 1
        seen[k] = e
        ents.append(e)
    rels = [
        {
            "head": res.entities[r.head].name or res.entities[r.head].text,
            "type": r.type,
            "tail": res.entities[r.tail].name or res.entities[r.tail].text,
            "rule": r.rule,
            "trigger": r.trigger,
            "props": r.props,
            "confidence": round(r.confidence, 3),
            "kept": r.confidence >= min_confidence,
            "sentence": sentence(r.sentence),
        }
        for r in res.relations
    ]
    dropped = list(res.dropped)
    for r in rels:
        if not r["kept"]:
            dropped.append(
                {
                    "what": "relation",
                    "reason": f"confidence {r['confidence']} below {min_confidence}",
                    "text": f"{r['head']} {r['type']} {r['tail']}",
                }
            )
    structure = {}
    if st is not None:
        structure = {
            "genre": st.genre,
            "title": st.title,
            "doc_number": st.doc_number,
            "date": st.date,
            "issuers": sorted({n for n, *_ in st.issuers}),
            "place": st.place,
            "source": st.source,
        }
    return {
        "path": doc.path,
        "structure": structure,
        "entities": ents,
        "relations": rels,
        "dropped": dropped,
    }


def render_review(rev: dict[str, Any]) -> str:
    """Plain-text rendering of :func:`review_document`'s output."""
    out = [f"== {rev['path']}"]
    st = rev["structure"]
    if st:
        out.append(
            "   "
            + " | ".join(
                f"{k}: {v if not isinstance(v, list) else '、'.join(v)}" for k, v in st.items() if v
            )
        )
    out.append(f"-- entities ({len(rev['entities'])})")
    for e in rev["entities"]:
        alias = f" (also {', '.join(e['aliases'])})" if e["aliases"] else ""
        local = " [this document only]" if e["document_local"] else ""
        n = f" ×{e['mentions']}" if e["mentions"] > 1 else ""
        out.append(
            f"   {e['name']}{alias} — {e['class']} via {e['via']} {e['confidence']}{n}{local}"
        )
    out.append(f"-- relations ({len(rev['relations'])})")
    for r in rev["relations"]:
        mark = "" if r["kept"] else "  [dropped]"
        role = f" role={r['props']['role']}" if r["props"].get("role") else ""
        out.append(
            f"   {r['head']} -{r['type']}-> {r['tail']}  [{r['rule']} {r['confidence']}{role}]{mark}"
        )
        out.append(f"      « {r['sentence']} »")
    out.append(f"-- dropped ({len(rev['dropped'])})")
    for d in rev["dropped"]:
        out.append(f"   {d['what']}: {d['text']} — {d['reason']}")
    return "\n".join(out)
