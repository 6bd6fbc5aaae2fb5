"""Where supply and demand do not meet in a city (供需错位) and where enterprises stay out.

Three lists, each with the facts behind it:
* industries present in the city (its enterprises, government bodies and policies focus on
  them) that no platform or institution of the city focuses on;
* platforms of the city with no enterprise among their builders or leads;
* institutions of the city with no enterprise partner.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from iegraph.queries.analytics.indicators import by_subject, resolve_city
from iegraph.queries.named import run_named

if TYPE_CHECKING:
    from iegraph.graph.store import GraphStore
    from iegraph.ontology.schema import Schema


def city_gaps(
    store: GraphStore,
    city: str,
    *,
    as_of: str | None = None,
    schema: Schema | None = None,
    timeout: float | None = None,
) -> dict[str, Any]:
    """``{"city", "industries_unserved", "platforms_without_enterprise",
    "institutions_without_enterprise"}``."""
    key = resolve_city(store, city)
    params = {"city": key, "as_of": as_of}
    inds = by_subject(
        run_named(
            store, "indicator_city_industries", params, schema=schema, timeout=timeout
        ).records()
    )
    plats = by_subject(
        run_named(
            store, "indicator_enterprise_participation", params, schema=schema, timeout=timeout
        ).records()
    )
    names = _names(store, {*inds, *plats})
    unserved: list[dict[str, Any]] = [
        {
            "key": k,
            "name": names[k],
            "demand": len({e["start"] for e in s.evidence if e["group"] == "demand"}),
            "evidence": [e for e in s.evidence if e["group"] == "demand"],
        }
        for k, s in inds.items()
        if "demand" in s.groups and not s.groups & {"platform", "institution"}
    ]
    unserved.sort(key=lambda d: (-d["demand"], d["key"]))

    located = by_subject(
        run_named(
            store, "indicator_city_platforms", params, schema=schema, timeout=timeout
        ).records()
    )
    no_ent = [
        {
            "key": k,
            "name": names[k],
            "class": next(iter(g for g in s.groups if g), None),
            "evidence": located[k].evidence if k in located else [],
        }
        for k, s in sorted(plats.items())
        if not s.evidence
    ]

    lonely = run_named(
        store, "gap_institutions_without_enterprise", {"city": key}, schema=schema, timeout=timeout
    ).records()
    return {
        "city": key,
        "as_of": as_of,
        "industries_unserved": unserved,
        "platforms_without_enterprise": no_ent,
        "institutions_without_enterprise": lonely,
    }


def _names(store: GraphStore, keys: set[str]) -> dict[str, str]:
    """Display names of ``keys``, read in one batch."""
    nodes = store.get_nodes(sorted(keys))
    return {k: (nodes[k].name if k in nodes else k) for k in keys}
