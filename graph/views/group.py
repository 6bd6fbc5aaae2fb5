"""Grouping for views above the node cap, so a large view stays a picture instead of a frozen tab.

vis-network lays out a few thousand nodes with physics in the browser; at 5,000 nodes and
tens of thousands of edges a laptop tab stalls for a minute. Above the cap (default 1,500 nodes)
nodes are merged into one group node per (class, place) — what an analyst of a city ecosystem
asks first — or per community (Louvain, networkx) when the caller prefers structure over
categories. Highlighted nodes (ego centre, path ends, the city) are never merged. Edges between
groups are merged per relation type and carry a ``count``.

Example:
    >>> grouped = group_view(view, styler, cap=1500)          # doctest: +SKIP
    >>> grouped.notes[-1]
    '5,000 nodes exceed the cap of 1,500: grouped into 84 groups by class and place …'
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable

from iegraph.graph.model import Node, Relationship, Subgraph
from iegraph.graph.views.model import View
from iegraph.graph.views.style import Styler, parse_evidence
from iegraph.ontology.errors import ValidationError

DEFAULT_CAP = 1500
#: a grouped picture is read at a glance: at most this many groups and group-to-group edges
#: (the finest grouping that fits is used; measured: class × place on a 5,000-node graph gave
#: 300 groups and 6,000 edges, a hairball)
MAX_GROUPS = 300
MAX_GROUP_EDGES = 1500
GROUP_LABEL = "ViewGroup"  # label of group nodes; only ever on the page, never in the store
GROUP_BY = ("class_place", "community")
_MEMBERS_SHOWN = 12


def group_view(view: View, styler: Styler, cap: int = DEFAULT_CAP, by: str = "class_place") -> View:
    """``view`` itself when it has at most ``cap`` nodes, else a grouped copy with a note.

    Args:
        view: the view to draw.
        styler: style lookups (classes and their top-level class come from the ontology).
        cap: most nodes drawn individually.
        by: ``class_place`` (one group per class and place, coarsened to top class and place,
            then top class, until it fits) or ``community`` (Louvain communities).

    Raises:
        ValidationError: unknown ``by`` or a cap below 1.
    """
    if by not in GROUP_BY:
        raise ValidationError(f"unknown grouping {by!r}", hint=f"use one of {', '.join(GROUP_BY)}")
    if cap < 1:
        raise ValidationError(
            f"cap {cap} is below 1", hint="use a cap of at least 1 (default 1500)"
        )
    n = view.node_count
    if n <= cap:
        return view
    keep = {k for k in view.highlight_nodes if any(nd.key == k for nd in view.subgraph.nodes)}
    members = [nd for nd in view.subgraph.nodes if nd.key not in keep]

    if by == "community":
        assign, how = _by_community(view.subgraph, members), "community (Louvain)"
    else:
        assign, how = None, ""
        budget = max(1, min(cap, MAX_GROUPS) - len(keep))
        where_keep = {k: k for k in keep}
        for how_, keyf in (
            ("class and place", lambda nd: (styler.node_class(nd), view.places.get(nd.key, ""))),
            (
                "top-level class and place",
                lambda nd: (styler.top_of(styler.node_class(nd)), view.places.get(nd.key, "")),
            ),
            ("top-level class", lambda nd: (styler.top_of(styler.node_class(nd)), "")),
        ):
            assign = _by_key(members, keyf)
            how = how_
            if (
                len(set(assign.values())) <= budget
                and _pairs(view.subgraph.relationships, {**assign, **where_keep}) <= MAX_GROUP_EDGES
            ):
                break
    assert assign is not None

    group_nodes = _group_nodes(view, members, assign, styler, how)
    where = {nd.key: nd.key for nd in view.subgraph.nodes if nd.key in keep}
    where.update(assign)
    rels = _group_rels(view.subgraph.relationships, where)
    kept = [nd for nd in view.subgraph.nodes if nd.key in keep]
    note = (
        f"{n:,} nodes exceed the cap of {cap:,}: grouped into {len(group_nodes):,} groups by "
        f"{how}"
        + (f" ({len(kept)} highlighted nodes kept)" if kept else "")
        + ". Narrow the view (fewer hops, class or relation filters) to see single entities."
    )
    return View(
        Subgraph(kept + group_nodes, rels),
        title=view.title,
        kind=view.kind,
        highlight_nodes=set(keep),
        highlight_rels=set(),
        places={k: v for k, v in view.places.items() if k in keep},
        notes=[*view.notes, note],
        params={
            **view.params,
            "grouped": True,
            "group_by": by,
            "cap": cap,
            "ungrouped_nodes": n,
            "ungrouped_relationships": view.rel_count,
        },
    )


def _pairs(rels: list[Relationship], where: dict[str, str]) -> int:
    pairs = set()
    for r in rels:
        a, b = where.get(r.start), where.get(r.end)
        if a is not None and b is not None and a != b:
            pairs.add((a, b))
    return len(pairs)


def _by_key(members: list[Node], keyf: Callable[[Node], tuple[str, str]]) -> dict[str, str]:
    return {nd.key: "group:" + "|".join(keyf(nd)) for nd in members}


def _by_community(sub: Subgraph, members: list[Node]) -> dict[str, str]:
    import networkx as nx

    g = nx.Graph()
    keys = {nd.key for nd in members}
    g.add_nodes_from(keys)
    g.add_edges_from(
        (r.start, r.end)
        for r in sub.relationships
        if r.start in keys and r.end in keys and r.start != r.end
    )
    # a fixed seed: the same graph gives the same picture every time
    comms = nx.community.louvain_communities(g, seed=7)
    out: dict[str, str] = {}
    for i, comm in enumerate(sorted(comms, key=len, reverse=True)):
        for k in comm:
            out[k] = f"group:community-{i + 1}"
    return out


def _group_nodes(
    view: View, members: list[Node], assign: dict[str, str], styler: Styler, how: str
) -> list[Node]:
    by_group: dict[str, list[Node]] = defaultdict(list)
    for nd in members:
        by_group[assign[nd.key]].append(nd)
    out = []
    for gkey, nodes in sorted(by_group.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        classes = Counter(styler.node_class(nd) for nd in nodes)
        cls = classes.most_common(1)[0][0]
        if how.startswith("top-level"):  # the group is the whole top-level class
            cls = styler.top_of(cls)
        places = Counter(view.places.get(nd.key, "") for nd in nodes)
        place = places.most_common(1)[0][0] if len(places) == 1 else ""
        label = styler.class_style(cls).label.split(" · ")[0]
        if how.startswith("community"):
            label = f"{label} …"
            if len(classes) == 1:
                label = label.rstrip(" …")
        name = f"{label}{' · ' + place if place else ''} ({len(nodes):,})"
        out.append(
            Node(
                gkey,
                [GROUP_LABEL],
                {
                    "name": name,
                    "class": cls,
                    "group_size": len(nodes),
                    "group_classes": [f"{c}: {k}" for c, k in classes.most_common(6)],
                    "members": [nd.name for nd in nodes[:_MEMBERS_SHOWN]],
                    "place": place,
                },
            )
        )
    return out


def _group_rels(rels: list[Relationship], where: dict[str, str]) -> list[Relationship]:
    """One edge per ordered pair of groups, whatever the relation types: per-type edges made a
    5,000-node view into ~6,000 group edges, too many to read or to lay out quickly. The edge
    takes the most frequent type (its colour and label) and lists every type with its count."""
    agg: dict[tuple[str, str], list[Relationship]] = defaultdict(list)
    for r in rels:
        a, b = where.get(r.start), where.get(r.end)
        if a is None or b is None or a == b:
            continue  # links inside one group are counted on the group, not drawn
        agg[(a, b)].append(r)
    out = []
    for (a, b), items in agg.items():
        types = Counter(r.type for r in items)
        evidence: list[str] = []
        for r in items:
            for ev in parse_evidence(r.props.get("evidence")):
                evidence.append(json.dumps(ev, ensure_ascii=False))
                break
            if len(evidence) >= 3:
                break
        main = types.most_common(1)[0][0]
        rel = Relationship(
            main,
            a,
            b,
            {
                "count": len(items),
                "evidence": evidence,
                "types": [f"{t}: {k}" for t, k in types.most_common()],
            },
        )
        rel.id = f"{a}|{b}"
        out.append(rel)
    return out
