"""View builders: fetch the subgraph a view shows from a store.

Each builder returns a :class:`~graph.views.model.View`; :func:`graph.views.render.render`
turns it into HTML. Entities are given by key or by name (exact name, alias or former name in
either script). Relation types and classes are checked against the ontology before any query
runs, so a typo fails with a hint instead of an empty picture.

Layering: these builders fetch data (search, paths, named queries, the guard), so they live
in ``queries``; the pure parts of a view (model, selection, style, layout, grouping, rendering,
page) live in :mod:`graph.views`, which never imports ``queries``.

Example:
    >>> from iegraph.graph import open_store
    >>> from iegraph.graph.views import write_view
    >>> from iegraph.queries.views import ego_view
    >>> with open_store() as store:
    ...     v = ego_view(store, "深圳职业技术大学", hops=2)
    ...     write_view(v, "v.html")
    PosixPath('v.html')
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path as FsPath
from typing import TYPE_CHECKING, Any

from iegraph.graph.model import Node, Path, Relationship, Result, Subgraph
from iegraph.graph.views.dates import parse_as_of
from iegraph.graph.views.model import View, merge_subgraph, view_from_paths
from iegraph.graph.views.render import write_view
from iegraph.graph.views.select import (
    FETCH_LIMIT,
    check_classes,
    check_hops,
    check_types,
    filter_as_of,
    is_class,
    node_class,
    place_relations,
    reachable,
    top_class,
)
from iegraph.ontology.errors import NotFound, ValidationError
from iegraph.ontology.model import TOP_LEVEL
from iegraph.ontology.schema import Schema, load_schema
from iegraph.ontology.values import is_identifier
from iegraph.queries import paths as qp
from iegraph.queries.guard import guarded_read
from iegraph.queries.named import run_named
from iegraph.queries.search import resolve_entity as _resolve

if TYPE_CHECKING:
    from iegraph.graph.store import GraphStore


#: outgoing relationships of a batch of nodes (each relationship once, unlike an undirected
#: expand, which returns it from both ends: half the rows when connecting a known node set)
Q_OUTGOING = (
    "UNWIND $keys AS k MATCH (a:Entity {key: k})-[r]->(b:Entity) "
    "RETURN a.key, type(r), b.key, properties(r)"
)
_BATCH = 5000


def rels_among(store: GraphStore, keys: Iterable[str]) -> list[Relationship]:
    """Every relationship whose two ends are both in ``keys`` (batched, each once)."""
    key_set = set(keys)
    out: list[Relationship] = []
    ordered = sorted(key_set)
    for i in range(0, len(ordered), _BATCH):
        for s, t, e, props in store.run(Q_OUTGOING, {"keys": ordered[i : i + _BATCH]}).rows:
            if e in key_set:
                out.append(
                    Relationship(str(t), str(s), str(e), dict(props or {}), id=f"{s}|{t}|{e}")
                )
    return out


# -- inputs ----------------------------------------------------------------------------------
def resolve_entity(store: GraphStore, text: str, *, field: str = "key") -> Node:
    """An entity by key, else by exact name / alias / former name (either script).

    Raises:
        NotFound: nothing has that key or name.
        ValidationError: several entities share the name (the message lists their keys).
    """
    # one resolver for the whole project: exact name, alias and former name in either script,
    # ambiguity reported with the candidate keys

    return _resolve(store, text, field=field)


def fetch_places(store: GraphStore, schema: Schema, keys: Iterable[str]) -> dict[str, str]:
    """Key → place name(s) of every entity located somewhere (one batched query + names)."""
    keys = list(dict.fromkeys(keys))
    types = place_relations(schema)
    if not keys or not types:
        return {}
    key_set = set(keys)
    located: dict[str, list[str]] = {}
    for r in store.expand(keys, types):
        if r.start in key_set and r.start != r.end:
            located.setdefault(r.start, []).append(r.end)
    names = {
        k: n.name
        for k, n in store.get_nodes(list({p for ps in located.values() for p in ps})).items()
    }
    return {k: "、".join(dict.fromkeys(names.get(p, p) for p in ps)) for k, ps in located.items()}


# -- builders --------------------------------------------------------------------------------
def ego_view(
    store: GraphStore,
    key: str,
    hops: int = 1,
    classes: Sequence[str] | None = None,
    types: Sequence[str] | None = None,
    as_of: str | None = None,
    *,
    schema: Schema | None = None,
    limit: int = FETCH_LIMIT,
) -> View:
    """An entity and its neighbourhood (1–3 hops), filtered by class, relation type and date.

    Args:
        store: the graph store.
        key: key or name of the centre entity.
        hops: 1–3.
        classes: keep only neighbours of these classes (and subclasses); the centre always stays.
        types: follow only these relation types.
        as_of: keep only nodes and relationships valid on this date (``YYYY[-MM[-DD]]``).
        limit: most nodes fetched (the renderer groups above its cap).

    Example:
        >>> v = ego_view(store, "深圳职业技术大学", hops=2, types=["COOPERATES_WITH"])
        >>> v.kind, "institution:深圳职业技术大学" in v.highlight_nodes
        ('ego', True)
    """
    schema = schema or load_schema()
    hops = check_hops(hops)
    rel_types = check_types(schema, types)
    keep_classes = check_classes(schema, classes)
    day = parse_as_of(as_of)
    centre = resolve_entity(store, key)
    sub = store.neighbours(centre.key, hops=hops, types=rel_types, limit=limit)
    if not any(n.key == centre.key for n in sub.nodes):
        sub = Subgraph([centre, *sub.nodes], sub.relationships)
    if keep_classes is not None:
        sub = merge_subgraph(
            [n for n in sub.nodes if n.key == centre.key or node_class(schema, n) in keep_classes],
            sub.relationships,
        )
    sub = filter_as_of(sub, day)
    if not any(n.key == centre.key for n in sub.nodes):
        sub = Subgraph([centre, *sub.nodes], sub.relationships)
    sub = reachable(sub, centre.key, hops)
    notes = []
    if len(sub.nodes) >= limit:
        notes.append(f"The neighbourhood was cut at {limit:,} nodes.")
    return View(
        sub,
        title=f"{centre.name} — {hops}-hop neighbourhood",
        kind="ego",
        highlight_nodes={centre.key},
        places=fetch_places(store, schema, [n.key for n in sub.nodes]),
        notes=notes,
        params={
            "kind": "ego",
            "key": centre.key,
            "hops": hops,
            "classes": sorted(keep_classes or []),
            "types": rel_types or [],
            "as_of": day,
        },
    )


def path_view(
    store: GraphStore,
    source: str,
    target: str,
    *,
    k: int = 3,
    max_hops: int = 4,
    mode: str = "shortest",
    types: Sequence[str] | None = None,
    classes: Sequence[str] | None = None,
    as_of: str | None = None,
    schema: Schema | None = None,
    paths: list[Path] | None = None,
) -> View:
    """The paths between two entities, path edges and ends highlighted.

    Paths come from ``queries.paths`` (bidirectional BFS on both backends, Yen's k best);
    pass ``paths`` to draw paths found elsewhere.

    Args:
        source, target: keys or names.
        k: how many paths (``mode="shortest"``), 1–10.
        max_hops: longest path, 1–6.
        mode: ``shortest`` (k best) or ``all`` (every shortest path).

    Raises:
        NotFound: an entity does not exist, or no path within ``max_hops``.

    Example:
        >>> v = path_view(store, "深圳职业技术大学", "华为技术有限公司", k=3)
        >>> len(v.highlight_rels) >= 1
        True
    """
    schema = schema or load_schema()
    src = resolve_entity(store, source, field="source")
    dst = resolve_entity(store, target, field="target")
    rel_types = check_types(schema, types)
    day = parse_as_of(as_of)
    if paths is None:
        flt = qp.PathFilter(
            tuple(rel_types) if rel_types else None,
            tuple(sorted(check_classes(schema, classes) or [])) or None,
            as_of,
        )
        if mode == "all":
            paths = qp.all_shortest_paths(store, src.key, dst.key, max_hops=max_hops, flt=flt)
        elif mode == "shortest":
            paths = qp.k_best_paths(store, src.key, dst.key, k=k, max_hops=max_hops, flt=flt)
        else:
            raise ValidationError(
                f"mode must be 'shortest' or 'all', got {mode!r}",
                hint="use --mode shortest (with --k) or --mode all",
                field="mode",
            )
    if not paths:
        raise NotFound(
            f"no path between {src.name} and {dst.name} within {max_hops} hops",
            hint="raise --max-hops (up to 6) or drop the relation-type filter",
        )
    v = view_from_paths(paths, title=f"{src.name} ⇄ {dst.name} — {len(paths)} path(s)")
    v.places = fetch_places(store, schema, [n.key for n in v.subgraph.nodes])
    v.params = {
        "kind": "path",
        "source": src.key,
        "target": dst.key,
        "k": k,
        "max_hops": max_hops,
        "mode": mode,
        "types": rel_types or [],
        "as_of": day,
    }
    return v


def query_view(
    store: GraphStore,
    name_or_cypher: str,
    params: dict[str, Any] | None = None,
    *,
    connect: bool = True,
    schema: Schema | None = None,
) -> View:
    """The entities and relationships a named query or read-only Cypher returns.

    A named query (an identifier such as ``platforms_of_city``) runs through
    ``queries.named``; anything else is ad-hoc Cypher and runs through the read-only guard.
    Nodes, relationships and paths in the rows are drawn; scalar columns named ``key`` or
    ``*_key`` are looked up as entities; entity keys among the parameters are highlighted.

    Args:
        connect: also draw the relationships among the returned entities.

    Example:
        >>> v = query_view(store, "MATCH (n:Institution) RETURN n LIMIT 20")
        >>> v.kind
        'query'
    """
    schema = schema or load_schema()
    params = dict(params or {})
    text = name_or_cypher.strip()
    if is_identifier(text):
        res = run_named(store, text, params, schema=schema)
        title = f"query {text}"
    else:
        res = guarded_read(store, text, params)
        title = "Cypher query"
    sub = subgraph_from_result(store, res, connect=connect)
    anchors = [v for v in params.values() if isinstance(v, str)]
    found = store.get_nodes(anchors) if anchors else {}
    for text in anchors:  # names given for entity parameters (e.g. city=深圳市)
        if text not in found and not any(n.key == text for n in found.values()):
            try:
                n = resolve_entity(store, text)
            except (NotFound, ValidationError):
                continue
            found[n.key] = n
    for k in found:
        if not any(n.key == k for n in sub.nodes):
            sub.nodes.append(found[k])
    if found and connect:
        keys = {n.key for n in sub.nodes}
        sub = merge_subgraph(
            sub.nodes,
            [
                *sub.relationships,
                *(r for r in store.expand(list(found)) if r.start in keys and r.end in keys),
            ],
        )
    if not sub.nodes:
        raise NotFound(
            f"{title} returned no entities to draw",
            hint="return nodes, relationships, paths or a `key` column",
        )
    notes = ["The query result was truncated at its row cap."] if res.truncated else []
    return View(
        sub,
        title=title,
        kind="query",
        highlight_nodes=set(found),
        places=fetch_places(store, schema, [n.key for n in sub.nodes]),
        notes=notes,
        params={"kind": "query", "query": text, "params": params},
    )


def subgraph_from_result(store: GraphStore, res: Result, *, connect: bool = True) -> Subgraph:
    """Nodes, relationships and paths anywhere in a result's rows (lists and maps included);
    scalar ``key`` / ``*_key`` columns become nodes; missing relationship ends are fetched."""
    nodes: dict[str, Node] = {}
    rels: list[Relationship] = []
    keys: list[str] = []

    def walk(value: Any, column: str = "") -> None:
        if isinstance(value, Node):
            nodes.setdefault(value.key, value)
        elif isinstance(value, Relationship):
            rels.append(value)
        elif isinstance(value, (Path, Subgraph)):
            for n in value.nodes:
                nodes.setdefault(n.key, n)
            rels.extend(value.relationships)
        elif isinstance(value, list | tuple):
            for v in value:
                walk(v, column)
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(v, str(k))
        elif isinstance(value, str) and (column == "key" or column.endswith(("_key", ".key"))):
            keys.append(value)

    for row in res.rows:
        for col, value in zip(res.columns, row, strict=False):
            walk(value, col)
    missing = [
        k
        for k in dict.fromkeys([*keys, *(e for r in rels for e in (r.start, r.end))])
        if k not in nodes
    ]
    if missing:
        nodes.update(store.get_nodes(missing))
    if connect and nodes:
        rels.extend(rels_among(store, nodes))
    return merge_subgraph(nodes.values(), rels)


def city_view(
    store: GraphStore,
    city: str,
    *,
    as_of: str | None = None,
    schema: Schema | None = None,
    limit: int = FETCH_LIMIT,
) -> View:
    """A city's 产教融合 ecosystem: who is located there, what they build, lead and join, and the
    industries and policies around them.

    Included: the city; every entity located in it or in a place located in it (districts,
    parks); every neighbour of those entities and of the city except other places and
    documents; the industries and policies linked to those neighbours (what a platform built
    with a city's university focuses on); and the relationships among all of them.

    Example:
        >>> v = city_view(store, "深圳")
        >>> v.kind
        'city'
    """
    schema = schema or load_schema()
    day = parse_as_of(as_of)
    node = resolve_entity(store, city, field="city")
    if "Place" in schema.classes and not is_class(schema, node, "Place"):
        raise ValidationError(
            f"{node.name} ({node.key}) is not a place",
            hint="give a city, e.g. `iegraph view city 深圳市`",
            field="city",
        )
    place_types = place_relations(schema)
    inside: dict[str, None] = {}
    places = [node.key]
    for _level in range(2):  # the city, then its districts / parks
        nxt = []
        for r in store.expand(places, place_types) if place_types else []:
            if r.end in places and r.start not in inside and r.start != node.key:
                inside[r.start] = None
                nxt.append(r.start)
        places = nxt
        if not places:
            break
    core = [node.key, *inside]
    around = store.expand(core)
    wanted = dict.fromkeys(core)
    for r in around:
        for k in (r.start, r.end):
            wanted.setdefault(k, None)
            if len(wanted) >= limit:
                break
    found = store.get_nodes(list(wanted))
    # actors, platforms, industries and policies; not other places, nor the documents that
    # merely mention the city (sources, sections, strategy points)
    keep = {
        k: n
        for k, n in found.items()
        if k in inside
        or k == node.key
        or (not is_class(schema, n, "Place") and top_class(schema, n) in TOP_LEVEL)
    }
    # one ring further, only industries and policies: what the city's platforms focus on and
    # the policies that designate or support them
    ring = [k for k in keep if k not in core]
    ring_rels = store.expand(ring) if ring else []
    extra = {k for r in ring_rels for k in (r.start, r.end) if k not in keep}
    if extra and len(keep) < limit:
        for k, n in store.get_nodes(sorted(extra)[: limit - len(keep)]).items():
            if top_class(schema, n) in ("Industry", "Policy"):
                keep[k] = n
    rels = [*around, *(r for r in ring_rels if r.start in keep and r.end in keep)]
    sub = filter_as_of(merge_subgraph(keep.values(), rels), day)
    if not any(n.key == node.key for n in sub.nodes):
        sub = Subgraph([node, *sub.nodes], sub.relationships)
    notes = []
    if not inside:
        notes.append(f"Nothing in the graph is located in {node.name} yet.")
    return View(
        sub,
        title=f"{node.name} 产教融合生态 — city ecosystem",
        kind="city",
        highlight_nodes={node.key},
        places=fetch_places(store, schema, [n.key for n in sub.nodes]),
        notes=notes,
        params={"kind": "city", "city": node.key, "as_of": day},
    )


def write_city_view(
    store: GraphStore, city: str, path: str | FsPath, schema: Schema | None = None
) -> FsPath:
    """Write the city ecosystem view of ``city`` to ``path`` (used by ``iegraph demo``).

    Example:
        >>> write_city_view(store, "深圳市", "shenzhen.html")
        PosixPath('shenzhen.html')
    """

    return write_view(city_view(store, city, schema=schema), path, schema)
