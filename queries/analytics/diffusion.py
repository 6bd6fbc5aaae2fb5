"""Policy diffusion: the citation tree of a policy down to provincial and city policies.

Every policy that cites the given one, directly or through others, with the policy it cites on
the way (its parent), both issue dates and the lag between them in days. Dates are the
policies' ``issued_date`` (YYYY, YYYY-MM or YYYY-MM-DD); a lag is computed only when both dates
are complete to the day, and otherwise reported at the coarser precision (months, years) so a
partial date is never read as the first of its month.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from iegraph.queries.named import run_named
from iegraph.queries.search import resolve_entity

if TYPE_CHECKING:
    from iegraph.graph.store import GraphStore
    from iegraph.ontology.schema import Schema


def _parts(value: Any) -> tuple[int, ...] | None:
    if not value:
        return None
    try:
        parts = tuple(int(p) for p in str(value)[:10].split("-"))
        if len(parts) == 3:
            dt.date(*parts)
        return parts
    except (TypeError, ValueError):
        return None


def lag(child: Any, parent: Any) -> dict[str, Any] | None:
    """``{"days": n}`` when both dates are full days; else ``{"months": n}`` or ``{"years": n}``
    at the precision both dates share; None when either is missing."""
    a, b = _parts(child), _parts(parent)
    if a is None or b is None:
        return None
    if len(a) == 3 and len(b) == 3:
        return {"days": (dt.date(*a) - dt.date(*b)).days}
    if len(a) >= 2 and len(b) >= 2:
        return {"months": (a[0] - b[0]) * 12 + (a[1] - b[1])}
    return {"years": a[0] - b[0]}


def diffusion(
    store: GraphStore,
    policy: str,
    *,
    depth: int = 6,
    schema: Schema | None = None,
    timeout: float | None = None,
) -> dict[str, Any]:
    """``{"root": {...}, "policies": [...], "tree": nested}`` for one policy."""
    root = resolve_entity(store, policy, field="policy")
    rows = run_named(
        store,
        "policy_diffusion",
        {"policy": root.key, "depth": depth},
        schema=schema,
        timeout=timeout,
    ).records()
    items: dict[str, dict[str, Any]] = {}
    for r in rows:
        it = items.setdefault(
            r["key"],
            {
                "key": r["key"],
                "name": r["name"],
                "class": r["class"],
                "issued_date": r["issued_date"],
                "distance": r["distance"],
                "cites": [],
            },
        )
        it["cites"].append(
            {
                "parent": r["parent"],
                "parent_issued_date": r["parent_issued_date"],
                "lag": lag(r["issued_date"], r["parent_issued_date"]),
                "relationship": f"{r['key']}|CITES|{r['parent']}",
                "sources": sorted(r["sources"] or []),
            }
        )
    root_json = {
        "key": root.key,
        "name": root.name,
        "class": root.props.get("class"),
        "issued_date": root.props.get("issued_date"),
    }

    def children(key: str, seen: frozenset[str]) -> list[dict[str, Any]]:
        kids = sorted(
            (it for it in items.values() if any(c["parent"] == key for c in it["cites"])),
            key=lambda it: (str(it["issued_date"] or ""), it["key"]),
        )
        out = []
        for it in kids:
            if it["key"] in seen:
                continue
            c = next(c for c in it["cites"] if c["parent"] == key)
            out.append(
                {
                    "key": it["key"],
                    "name": it["name"],
                    "class": it["class"],
                    "issued_date": it["issued_date"],
                    "lag": c["lag"],
                    "children": children(it["key"], seen | {it["key"]}),
                }
            )
        return out

    policies = sorted(items.values(), key=lambda it: (it["distance"], it["key"]))
    by_class: dict[str, int] = {}
    for it in policies:
        by_class[str(it["class"])] = by_class.get(str(it["class"]), 0) + 1
    return {
        "root": root_json,
        "policies": policies,
        "by_class": by_class,
        "tree": {**root_json, "children": children(root.key, frozenset({root.key}))},
    }
