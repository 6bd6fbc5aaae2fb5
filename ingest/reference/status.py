"""What the graph holds of the reference skeleton, and which institution and place nodes are
*not* tied to it (with the reason): the report behind ``iegraph reference status``.

Example:
    >>> st = reference_status(store, load_schema())
    >>> st["counts"]["institutions_with_code"], st["counts"]["provinces"]
    (3167, 31)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from iegraph.ingest.reference.gazetteer import gazetteer, lookup
from iegraph.ingest.reference.load import INSTITUTIONS_PATH, PLACES_PATH

if TYPE_CHECKING:
    from iegraph.graph.store import GraphStore
    from iegraph.ontology.schema import Schema

_Q_SOURCES = (
    "MATCH (s:Source) WHERE s.path IN $paths "
    "RETURN s.key, s.path, s.title, s.as_of, s.content_hash, s.ingested_at, s.entity_count, "
    "s.relation_count"
)
_Q_COUNTS = (
    "MATCH (n:Entity) WHERE n.moe_code IS NOT NULL OR n.adcode IS NOT NULL "
    "RETURN n.class, n.valid_to IS NOT NULL, count(n)"
)
#: Institution and Place nodes without their code property (names only; codes from the
#: ontology are passed in the query text as checked identifiers)
_Q_UNCODED = (
    "MATCH (n:{label}) WHERE n.{prop} IS NULL "
    "RETURN n.key, n.name, n.class, n.source_ids ORDER BY n.key"
)


def reference_status(store: GraphStore, schema: Schema) -> dict[str, Any]:
    """Sources, counts, and the uncoded institution/place nodes with why they are uncoded."""
    from iegraph.graph.base import check_ident
    from iegraph.ingest.reference.codes import code_properties

    sources = [
        dict(
            zip(
                (
                    "key",
                    "path",
                    "title",
                    "as_of",
                    "content_hash",
                    "ingested_at",
                    "entity_count",
                    "relation_count",
                ),
                row,
                strict=False,
            )
        )
        for row in store.run(_Q_SOURCES, {"paths": [PLACES_PATH, INSTITUTIONS_PATH]}).rows
    ]
    by_class: dict[str, int] = {}
    left = 0
    for cls, ended, n in store.run(_Q_COUNTS).rows:
        by_class[str(cls)] = by_class.get(str(cls), 0) + int(n)
        left += int(n) if ended else 0
    inst_classes = set(schema.descendants("Institution"))
    counts = {
        "institutions_with_code": sum(v for c, v in by_class.items() if c in inst_classes),
        "provinces": by_class.get("Province", 0),
        "prefectures": by_class.get("City", 0),
        "county_level": by_class.get("District", 0) + by_class.get("County", 0),
        "left_the_list": left,
        "by_class": dict(sorted(by_class.items())),
    }
    unmatched: list[dict[str, Any]] = []
    body_keys = {e.key for e in gazetteer() if not e.code}
    for top, prop in code_properties(schema).items():
        q = _Q_UNCODED.format(label=check_ident(top), prop=check_ident(prop, "property"))
        for key, name, cls, sids in store.run(q).rows:
            if str(key) in body_keys:
                continue  # a supervising body of the skeleton (中国科学院): it has no code
            unmatched.append(
                _why(str(key), str(name or ""), str(cls or ""), set(schema.descendants(top)), sids)
            )
    return {"sources": sources, "counts": counts, "unmatched": unmatched}


def _why(key: str, name: str, cls: str, classes: set[str], sids: Any) -> dict[str, Any]:
    hits = [e for e in lookup(name) if e.cls in classes]
    keys = sorted({e.key for e in hits})
    if len(keys) > 1:
        reason = "ambiguous"
        detail = f"{len(keys)} reference entries carry this name: {', '.join(keys)}"
    elif keys:
        reason = "duplicate"
        detail = (
            f"the reference entry {keys[0]} carries this name; this node was made before the "
            "skeleton was loaded (remove and re-load its sources to merge)"
        )
    else:
        reason = "not listed"
        detail = (
            "no reference entry has this name, short form or former name "
            "(not on the MoE list, or not a province, prefecture or county-level unit)"
        )
    return {
        "key": key,
        "name": name,
        "class": cls,
        "reason": reason,
        "detail": detail,
        "candidates": keys,
        "sources": list(sids or ()),
    }
