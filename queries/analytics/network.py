"""Brokers and communities of the organisation–platform network (igraph + leidenalg).

* **Brokers**: organisations on many shortest paths between others (betweenness) and with few
  redundant ties (Burt's structural-hole constraint: low constraint = a broker). Each comes with
  the platforms and partners that make it one: its neighbours, grouped by the community each
  belongs to, so the communities it bridges can be read off.
* **Communities**: Leiden (modularity, fixed seed) on the same graph; each named by its most
  frequent industries and places.

Exact betweenness costs O(V·E); above ``EXACT_LIMIT`` vertices it is estimated from ``SAMPLES``
source vertices drawn with a fixed seed (Brandes and Pich's sampling: O(SAMPLES·E), seconds at
100k vertices, and the same draw on both engines); ``cutoff`` instead counts only the paths of
at most that many steps. The result says which was used.

Example:
    >>> from iegraph.queries.analytics import brokers
    >>> brokers(store, top=5)["brokers"][0]["name"]
    '深圳职业技术大学'
"""

from __future__ import annotations

import math
import random
from collections import Counter
from typing import TYPE_CHECKING, Any

import igraph as ig
import leidenalg

from iegraph.queries.analytics.projection import (
    Projection,
    ProjectionSpec,
    edge_json,
    edge_sources,
    facets,
    fetch_projection,
    projection_spec,
)

if TYPE_CHECKING:
    from iegraph.graph.store import GraphStore
    from iegraph.ontology.schema import Schema

EXACT_LIMIT = 5_000
SAMPLES = 256
SEED = 42


def _partition(g: ig.Graph) -> list[int]:
    """Leiden communities (modularity, fixed seed): membership per vertex, communities
    numbered by size (largest first), ties broken by their smallest vertex."""
    if g.vcount() == 0:
        return []
    if g.ecount() == 0:
        raw = list(range(g.vcount()))
    else:
        part = leidenalg.find_partition(g, leidenalg.ModularityVertexPartition, seed=SEED)
        raw = list(part.membership)
    groups: dict[int, list[int]] = {}
    for v, c in enumerate(raw):
        groups.setdefault(c, []).append(v)
    order = sorted(groups.values(), key=lambda vs: (-len(vs), vs[0]))
    membership = [0] * g.vcount()
    for n, vs in enumerate(order):
        for v in vs:
            membership[v] = n
    return membership


def _betweenness(g: ig.Graph, cutoff: int | None) -> tuple[list[float], str]:
    """Normalised betweenness: exact up to ``EXACT_LIMIT`` vertices; above, the Brandes–Pich
    estimate from ``SAMPLES`` sources drawn with a fixed seed (so both engines' projections
    give the same numbers); with ``cutoff``, exact over paths of at most that many steps."""
    n = g.vcount()
    if n < 3:
        return [0.0] * n, "exact"
    scale = (n - 1) * (n - 2) / 2  # undirected pairs not involving the vertex
    if cutoff is not None:
        raw = g.betweenness(directed=False, cutoff=cutoff)
        return [b / scale for b in raw], f"paths of at most {cutoff} steps"
    if n <= EXACT_LIMIT:
        return [b / scale for b in g.betweenness(directed=False)], "exact"
    sources = sorted(random.Random(SEED).sample(range(n), SAMPLES))
    raw = g.betweenness(directed=False, sources=sources)
    factor = n / SAMPLES
    method = f"estimated from {SAMPLES} of {n} sources (Brandes–Pich sampling, seed {SEED})"
    return [b * factor / scale for b in raw], method


def brokers(
    store: GraphStore,
    *,
    city: str | None = None,
    industry: str | None = None,
    top: int = 20,
    cutoff: int | None = None,
    schema: Schema | None = None,
) -> dict[str, Any]:
    """The organisations that bridge otherwise separate parts of the ecosystem.

    Returns ``{"scope", "method", "vertices", "edges", "brokers": [...]}``; each broker has
    ``key, name, class, betweenness, constraint, degree, communities_bridged, platforms,
    partners`` (neighbours with the relationships and sources that tie them).
    """
    spec = projection_spec(schema)
    proj = fetch_projection(store, city=city, industry=industry, schema=schema)
    g = proj.graph()
    btw, method = _betweenness(g, cutoff)
    constraint = g.constraint() if g.vcount() else []
    membership = _partition(g)
    ranked = sorted(
        (i for i in range(g.vcount()) if proj.is_org(i, spec)),
        key=lambda i: (-btw[i], _c(constraint[i]), proj.keys[i]),
    )[: max(top, 0)]
    shown = [r for i in ranked for j in g.neighbors(i) for r in proj.edges[(min(i, j), max(i, j))]]
    sources = edge_sources(store, shown)
    out = [_broker(proj, spec, g, i, btw[i], constraint[i], membership, sources) for i in ranked]
    return {
        "scope": {"city": city, "industry": industry},
        "method": {"betweenness": method, "constraint": "Burt", "normalised": True},
        "vertices": g.vcount(),
        "edges": g.ecount(),
        "brokers": out,
    }


def _c(x: float) -> float:
    return 1e9 if x is None or math.isnan(x) else float(x)


def _broker(
    proj: Projection,
    spec: ProjectionSpec,
    g: ig.Graph,
    i: int,
    btw: float,
    constraint: float,
    membership: list[int],
    sources: dict[tuple[str, str, str], list[str]],
) -> dict[str, Any]:
    platforms: list[dict[str, Any]] = []
    partners: list[dict[str, Any]] = []
    for j in sorted(g.neighbors(i), key=lambda j: proj.keys[j]):
        rels = proj.edges[(min(i, j), max(i, j))]
        item = {
            "key": proj.keys[j],
            "name": proj.names[proj.keys[j]],
            "class": proj.classes[proj.keys[j]],
            "community": membership[j],
            "relationships": [edge_json(r, sources) for r in rels],
        }
        (partners if proj.is_org(j, spec) else platforms).append(item)
    key = proj.keys[i]
    return {
        "key": key,
        "name": proj.names[key],
        "class": proj.classes[key],
        "betweenness": round(btw, 6),
        "constraint": None if math.isnan(constraint) else round(constraint, 6),
        "degree": g.degree(i),
        "community": membership[i],
        "communities_bridged": len({membership[j] for j in g.neighbors(i)} | {membership[i]}),
        "platforms": platforms,
        "partners": partners,
    }


def communities(
    store: GraphStore,
    *,
    city: str | None = None,
    industry: str | None = None,
    min_size: int = 2,
    top_facets: int = 3,
    schema: Schema | None = None,
) -> dict[str, Any]:
    """Leiden communities of organisations and platforms, named by dominant industries and
    places, with sizes and members (largest first)."""
    spec = projection_spec(schema)
    proj = fetch_projection(store, city=city, industry=industry, schema=schema)
    g = proj.graph()
    membership = _partition(g)
    groups: dict[int, list[int]] = {}
    for v, c in enumerate(membership):
        groups.setdefault(c, []).append(v)
    kept = {c: vs for c, vs in groups.items() if len(vs) >= min_size}
    facet = facets(store, (proj.keys[v] for vs in kept.values() for v in vs), spec)
    quality = 0.0
    if g.ecount():
        quality = g.modularity(membership)
    internal: Counter[int] = Counter(
        membership[a] for (a, b) in proj.edges if membership[a] == membership[b]
    )
    out = []
    for c in sorted(kept):
        vs = kept[c]
        inds: Counter[str] = Counter()
        places: Counter[str] = Counter()
        for v in vs:
            f = facet.get(proj.keys[v], {})
            inds.update(set(f.get("industries", [])))
            places.update(set(f.get("places", [])))
        top_i = [n for n, _ in sorted(inds.items(), key=lambda kv: (-kv[1], kv[0]))][:top_facets]
        top_p = [n for n, _ in sorted(places.items(), key=lambda kv: (-kv[1], kv[0]))][:top_facets]
        label = " · ".join(top_i + top_p) or proj.names[proj.keys[vs[0]]]
        out.append(
            {
                "id": c,
                "name": label,
                "industries": [{"name": n, "members": inds[n]} for n in top_i],
                "places": [{"name": n, "members": places[n]} for n in top_p],
                "size": len(vs),
                "organisations": sum(1 for v in vs if proj.is_org(v, spec)),
                "platforms": sum(1 for v in vs if not proj.is_org(v, spec)),
                "internal_edges": internal[c],
                "members": [
                    {
                        "key": proj.keys[v],
                        "name": proj.names[proj.keys[v]],
                        "class": proj.classes[proj.keys[v]],
                    }
                    for v in sorted(vs, key=lambda v: proj.keys[v])
                ],
            }
        )
    return {
        "scope": {"city": city, "industry": industry},
        "method": {"algorithm": "Leiden (modularity)", "seed": SEED},
        "vertices": g.vcount(),
        "edges": g.ecount(),
        "modularity": round(quality, 6),
        "communities": out,
        "singletons": sum(1 for vs in groups.values() if len(vs) < min_size),
    }
