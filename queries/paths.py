"""Relation paths between two entities: shortest, all shortest, and the k best.

Paths are undirected (a partnership reads both ways) and at most 6 hops. They can be limited
to relation types, to classes of the *intermediate* nodes, and to relationships valid on an
``as_of`` date (``valid_from ≤ as_of`` and ``valid_to`` absent or ``≥ as_of``; partial dates
compare on their own precision, so ``valid_to: "2023"`` is still valid on 2023-06-01).

Why not the engines' own routines: FalkorDB's ``shortestPath`` is directed only and its
undirected ``algo.SPpaths`` walks the whole reachable set, which is slow at 100k nodes; Neo4j's
``shortestPath`` is fast, but the two would disagree on filters and tie-breaking. Here one
algorithm runs on both: a **bidirectional breadth-first search** whose every level is *one*
batched ``UNWIND`` query returning only key pairs, always expanding the smaller frontier. The
search touches about ``2·b^(d/2)`` nodes instead of ``b^d``. ``bench/paths.py`` prints its
times beside the engines' own routines.

The k best paths (k ≤ 10) are Yen's loopless k-shortest paths, each spur search being the
same bidirectional search with the root path's nodes and used edges banned. A path is a
sequence of nodes; where two nodes are joined by several relationships the path shows the one
with the highest confidence (then the most evidence). Ties in length are ordered by that
confidence, then by keys, so results are deterministic on both engines.

Every relationship of a returned path carries its evidence, parsed from the stored JSON.

Example:
    >>> res = find_paths(store, "institution:深圳职业技术大学", "enterprise:华为技术有限公司", k=3)
    >>> [p["length"] for p in res["paths"]]
    [1, 2, 2]
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from iegraph.graph.model import Node, Path, Relationship
from iegraph.graph.store import CAP_SHORTEST_PATH
from iegraph.ontology.errors import ValidationError
from iegraph.ontology.values import is_identifier, parse_date

if TYPE_CHECKING:
    from iegraph.graph.store import GraphStore

MAX_HOPS = 6
MAX_K = 10
MAX_ALL_SHORTEST = 100

#: a relationship is valid on $as_of (partial ISO dates compare at their own precision)
AS_OF_FILTER = (
    "($as_of IS NULL OR ("
    "(r.valid_from IS NULL OR r.valid_from <= left($as_of, size(r.valid_from))) AND "
    "(r.valid_to IS NULL OR r.valid_to >= left($as_of, size(r.valid_to)))))"
)

#: relationship types that record provenance, not ecosystem links: paths and neighbourhoods
#: do not walk through documents unless these types are asked for explicitly
PROVENANCE_TYPES = ("MENTIONS", "HAS_PART")

#: how each engine names a node cheaply: its internal id, sought in O(1) (Neo4j deprecates
#: ``id()`` in favour of ``elementId()``, which FalkorDB lacks)
HANDLE = {"embedded": "id({v})", "neo4j": "elementId({v})"}


def rel_pattern(types: Sequence[str] | None) -> str:
    """``:A|B|C`` for a relationship pattern: the asked types, or every ecosystem type
    (:func:`rel_types`).

    Relation types cannot be Cypher parameters, and a ``type(r) IN $types`` filter makes
    FalkorDB materialise every edge (72 ms instead of 1.8 ms for a node of 3,451 edges), so
    the types go into the pattern. They are taken only from the compiled ontology — a caller's
    value selects one of the ontology's names, it is never copied — and checked as ASCII
    identifiers once more.
    """
    return ":" + "|".join(rel_types(types))


def rel_types(types: Sequence[str] | None) -> list[str]:
    """The asked relation types (validated names of the ontology), or every ecosystem type."""
    from iegraph.ontology.schema import load_schema

    schema = load_schema()
    wanted = (
        [t for t in schema.relations if t not in PROVENANCE_TYPES]
        if not types
        else [t for t in schema.relations if t in set(types)]
    )
    if not wanted:
        raise ValidationError(
            f"no relation type of the ontology among {list(types or [])}",
            hint="use relation types from GET /api/v1/schema",
            field="types",
        )
    for t in wanted:
        if not is_identifier(t):  # pragma: no cover — the ontology compiler guarantees it
            raise ValidationError(
                f"relation type {t!r} is not an identifier", hint="fix the ontology", field="types"
            )
    return wanted


def level_query(
    types: Sequence[str] | None,
    as_of: bool,
    classes: bool,
    *,
    by: str = "key",
    backend: str = "embedded",
) -> str:
    """One BFS level: the neighbours of a batch of nodes, one row per node.

    ``by="key"`` takes and returns entity keys; ``by="id"`` takes and returns the engine's
    internal node handles, which are shorter on the wire (the client parses every value: at
    3,500 neighbours of a hub, ids collected into one list per node cost a third of keys
    returned one row each). No predicate on ``b`` may be index-able (``b.key IN …``):
    FalkorDB's planner then starts from ``b`` with a label scan (200 ms instead of 0.7 ms on
    10k nodes), so a class filter runs in Python on the returned ``b.class``; and no
    predicate on ``r`` unless ``as_of`` asks for one (see :func:`rel_pattern`).
    """
    if by == "id":
        h = HANDLE.get(backend, HANDLE["embedded"])
        head = f"UNWIND $keys AS k MATCH (a) WHERE {h.format(v='a')} = k "
        hb = h.format(v="b")
    else:
        head = "UNWIND $keys AS k MATCH (a:Entity {key: k}) "
        hb = "b.key"
    item = f"[{hb}, b.class]" if classes else hb
    where = f" WHERE {AS_OF_FILTER}" if as_of else ""
    return head + f"MATCH (a)-[r{rel_pattern(types)}]-(b){where}" + f" RETURN k, collect({item})"


#: the relationships along found paths, with their properties (evidence)
def edges_query(types: Sequence[str] | None, as_of: bool) -> str:
    """The relationships between known pairs, each direction matched separately once both
    ends are bound: FalkorDB then checks only the edges between the two (0.5 ms), where one
    undirected pattern walked every edge of a hub (95 ms at 3,451 edges)."""
    where = f" WHERE {AS_OF_FILTER}" if as_of else ""
    pat = rel_pattern(types)
    part = (
        "UNWIND $pairs AS p MATCH (a:Entity {{key: p[0]}}) MATCH (b:Entity {{key: p[1]}}) "
        "MATCH {arrow}{where} RETURN p[0] AS x, p[1] AS y, startNode(r).key AS s, "
        "type(r) AS t, endNode(r).key AS e, properties(r) AS props"
    )
    return (
        part.format(arrow=f"(a)-[r{pat}]->(b)", where=where)
        + " UNION ALL "
        + part.format(arrow=f"(b)-[r{pat}]->(a)", where=where)
    )


@dataclass(frozen=True)
class PathFilter:
    """Restrictions shared by every search of one request."""

    types: tuple[str, ...] | None = None
    classes: tuple[str, ...] | None = None
    as_of: str | None = None

    def __post_init__(self) -> None:
        # one spelling reaches Cypher: 2023-6 -> 2023-06; 2023-06-31 is refused
        if self.as_of is not None:
            object.__setattr__(self, "as_of", parse_date(self.as_of, what="as_of"))

    def params(self, ends: Sequence[str]) -> dict[str, Any]:
        return {
            "types": list(self.types) if self.types else None,
            "classes": list(self.classes) if self.classes else None,
            "as_of": self.as_of,
            "ends": list(ends),
        }


class _Searcher:
    """Batched neighbour expansion on one store for one filter.

    ``by="id"`` (path search) works on the engine's node handles, converted from and to keys
    once per search; ``by="key"`` (neighbourhoods) works on keys throughout.
    """

    def __init__(
        self,
        store: GraphStore,
        flt: PathFilter,
        ends: Sequence[str],
        timeout: float | None = None,
        *,
        by: str = "key",
    ) -> None:
        self.store = store
        self.by = by
        self.base: dict[str, Any] = {"as_of": flt.as_of} if flt.as_of else {}
        self.classes = frozenset(flt.classes) if flt.classes else None
        self.query = level_query(
            flt.types, bool(flt.as_of), self.classes is not None, by=by, backend=store.backend
        )
        self.ends: frozenset[Any] = frozenset(ends)
        self.timeout = timeout
        self.queries = 0

    def handles(self, keys: Sequence[str]) -> dict[str, Any]:
        """Key → engine handle (only keys that exist)."""
        if self.by == "key":
            return {k: k for k in keys}
        h = HANDLE.get(self.store.backend, HANDLE["embedded"]).format(v="n")
        rows = self.store.run(
            f"UNWIND $keys AS k MATCH (n:Entity {{key: k}}) RETURN k, {h}",
            {"keys": list(keys)},
            timeout=self.timeout,
        ).rows
        return {str(k): v for k, v in rows}

    def keys_of(self, handles: Iterable[Any]) -> dict[Any, str]:
        """Engine handle → key."""
        hs = list(dict.fromkeys(handles))
        if self.by == "key":
            return {h: h for h in hs}
        h = HANDLE.get(self.store.backend, HANDLE["embedded"]).format(v="n")
        rows = self.store.run(
            f"UNWIND $ids AS i MATCH (n) WHERE {h} = i RETURN i, n.key",
            {"ids": hs},
            timeout=self.timeout,
        ).rows
        return {i: str(k) for i, k in rows}

    def level(self, keys: Iterable[Any]) -> list[tuple[Any, Any]]:
        keys = list(keys)
        if not keys:
            return []
        self.queries += 1
        res = self.store.run(self.query, {**self.base, "keys": keys}, timeout=self.timeout)
        return self.pairs(res.rows)

    def pairs(self, rows: Iterable[Sequence[Any]]) -> list[tuple[Any, Any]]:
        """``(a, b)`` for rows of ``[a, collected neighbours]`` (a level query's answer),
        with the class filter applied and self-loops and repeats dropped."""
        out: list[tuple[Any, Any]] = []
        for a, items in rows:
            seen: set[Any] = set()
            for item in items or []:
                if self.classes is not None:
                    b, cls = item[0], item[1]
                    if cls not in self.classes and b not in self.ends:
                        continue
                else:
                    b = item
                if b == a or b in seen:
                    continue
                seen.add(b)
                out.append((a, b))
        return out

    def bfs(
        self,
        s: str,
        t: str,
        max_hops: int,
        *,
        banned_nodes: frozenset[str] = frozenset(),
        banned_edges: frozenset[tuple[str, str]] = frozenset(),
        all_paths: bool = False,
        cap: int = MAX_ALL_SHORTEST,
    ) -> list[list[str]]:
        """Bidirectional BFS; the shortest node sequence(s) from ``s`` to ``t``."""
        if s == t:
            return [[s]]
        dist = ({s: 0}, {t: 0})
        parents: tuple[dict[str, list[str]], dict[str, list[str]]] = ({s: []}, {t: []})
        frontier = ([s], [t])
        depth = [0, 0]
        while frontier[0] and frontier[1] and depth[0] + depth[1] < max_hops:
            side = 0 if len(frontier[0]) <= len(frontier[1]) else 1
            d, par = dist[side], parents[side]
            nxt: list[str] = []
            for a, b in self.level(frontier[side]):
                if b in banned_nodes or (a, b) in banned_edges or (b, a) in banned_edges:
                    continue
                if b not in d:
                    d[b] = depth[side] + 1
                    par[b] = [a]
                    nxt.append(b)
                elif d[b] == depth[side] + 1 and a not in par[b]:
                    par[b].append(a)
            depth[side] += 1
            frontier[side].clear()
            frontier[side].extend(nxt)
            other = dist[1 - side]
            meets = [m for m in nxt if m in other]
            if meets:
                best = min(dist[0][m] + dist[1][m] for m in meets)
                meets = sorted(m for m in meets if dist[0][m] + dist[1][m] == best)
                out: list[list[str]] = []
                for m in meets if all_paths else meets[:1]:
                    for left in _walk(parents[0], m, cap if all_paths else 1):
                        for right in _walk(parents[1], m, cap if all_paths else 1):
                            out.append(left[::-1] + right[1:])
                            if len(out) >= (cap if all_paths else 1):
                                return out
                return out
        return []


def _walk(par: dict[str, list[str]], node: str, cap: int) -> list[list[str]]:
    """Paths from ``node`` back to the root through ``par`` (node first), at most ``cap``."""
    out: list[list[str]] = []
    stack: list[tuple[str, list[str]]] = [(node, [node])]
    while stack and len(out) < cap:
        cur, acc = stack.pop()
        ps = par.get(cur, [])
        if not ps:
            out.append(acc)
            continue
        for p in sorted(ps, reverse=True):
            stack.append((p, [*acc, p]))
    return out


def _yen(search: _Searcher, s: str, t: str, k: int, max_hops: int) -> list[list[str]]:
    """Yen's loopless k-shortest paths over node sequences (unweighted)."""
    first = search.bfs(s, t, max_hops)
    if not first:
        return []
    found: list[list[str]] = [first[0]]
    candidates: list[list[str]] = []
    while len(found) < k:
        last = found[-1]
        for i in range(len(last) - 1):
            spur, root = last[i], last[: i + 1]
            banned_edges = frozenset(
                (p[i], p[i + 1]) for p in found if len(p) > i + 1 and p[: i + 1] == root
            )
            banned_nodes = frozenset(root[:-1])
            budget = max_hops - i
            for tail in search.bfs(
                spur, t, budget, banned_nodes=banned_nodes, banned_edges=banned_edges
            ):
                cand = root[:-1] + tail
                if cand not in found and cand not in candidates:
                    candidates.append(cand)
        if not candidates:
            break
        candidates.sort(key=lambda p: (len(p), p))
        found.append(candidates.pop(0))
    return found


def make_relationship(start: Any, rtype: Any, end: Any, props: Any) -> Relationship:
    s, t, e = str(start), str(rtype), str(end)
    return Relationship(type=t, start=s, end=e, props=dict(props or {}), id=f"{s}|{t}|{e}")


def parse_evidence(props: dict[str, Any]) -> list[dict[str, Any]]:
    """The ``evidence`` property (JSON strings) as a list of objects; bad items kept as text."""
    out: list[dict[str, Any]] = []
    raw = props.get("evidence") or []
    for item in raw if isinstance(raw, list) else [raw]:
        if isinstance(item, dict):
            out.append(item)
            continue
        try:
            val = json.loads(item)
        except (TypeError, ValueError):
            val = {"text": str(item)}
        out.append(val if isinstance(val, dict) else {"text": str(val)})
    return out


def relationship_json(r: Relationship) -> dict[str, Any]:
    """A relationship for API output: properties without the raw evidence, evidence parsed."""
    props = {k: v for k, v in r.props.items() if k != "evidence"}
    return {
        "id": r.id,
        "type": r.type,
        "start": r.start,
        "end": r.end,
        "properties": props,
        "evidence": parse_evidence(r.props),
    }


def path_json(p: Path) -> dict[str, Any]:
    return {
        "length": p.length,
        "nodes": [n.to_json() for n in p.nodes],
        "relationships": [relationship_json(r) for r in p.relationships],
    }


def _rel_rank(r: Relationship) -> tuple[float, int, str]:
    conf = r.props.get("confidence")
    c = float(conf) if isinstance(conf, int | float) and not isinstance(conf, bool) else 0.0
    return (-c, -len(r.props.get("evidence") or []), r.id)


def _materialise(
    store: GraphStore, seqs: list[list[str]], flt: PathFilter, timeout: float | None
) -> list[Path]:
    """Turn key sequences into :class:`Path` objects with nodes and best relationships."""
    pairs = sorted({(a, b) for seq in seqs for a, b in itertools.pairwise(seq)})
    best: dict[tuple[str, str], Relationship] = {}
    if pairs:
        params = {"as_of": flt.as_of, "pairs": [list(p) for p in pairs]}
        rows = store.run(edges_query(flt.types, bool(flt.as_of)), params, timeout=timeout).rows
        for a, b, start, rtype, end, props in rows:
            # built from keys and properties rather than a returned relationship: how an
            # engine's relationship object names its ends differs (Neo4j's carries no
            # properties of its end nodes unless they are returned too)
            r = make_relationship(start, rtype, end, props)
            cur = best.get((a, b))
            if cur is None or _rel_rank(r) < _rel_rank(cur):
                best[(a, b)] = r
    nodes = store.get_nodes(sorted({k for seq in seqs for k in seq}))
    out: list[Path] = []
    for seq in seqs:
        rels = [best.get((a, b)) for a, b in itertools.pairwise(seq)]
        if any(r is None for r in rels) or any(k not in nodes for k in seq):
            continue  # changed under us between the search and now
        out.append(
            Path(nodes=[nodes[k] for k in seq], relationships=[r for r in rels if r is not None])
        )
    return out


def _search(
    store: GraphStore, flt: PathFilter, source: str, target: str, timeout: float | None, run: Any
) -> list[list[str]]:
    """Run a search on engine handles and return its node sequences as keys."""
    if source == target:
        return [[source]] if store.get_node(source) is not None else []
    probe = _Searcher(store, PathFilter(), [], timeout, by="id")
    hs = probe.handles([source, target])
    if source not in hs or target not in hs:
        return []
    srch = _Searcher(store, flt, [hs[source], hs[target]], timeout, by="id")
    seqs = run(srch, hs[source], hs[target])
    names = srch.keys_of(h for seq in seqs for h in seq)
    return [[names[h] for h in seq] for seq in seqs if all(h in names for h in seq)]


def _path_rank(p: Path) -> tuple[int, float, list[str]]:
    confs = [(-_rel_rank(r)[0]) for r in p.relationships]
    mean = sum(confs) / len(confs) if confs else 0.0
    return (p.length, -mean, [n.key for n in p.nodes])


def _check(max_hops: int, k: int) -> None:
    if not 1 <= max_hops <= MAX_HOPS:
        raise ValidationError(
            f"max_hops must be 1–{MAX_HOPS}, got {max_hops}",
            hint=f"use --max-hops between 1 and {MAX_HOPS}",
            field="max_hops",
        )
    if not 1 <= k <= MAX_K:
        raise ValidationError(
            f"k must be 1–{MAX_K}, got {k}", hint=f"ask for at most {MAX_K} paths", field="k"
        )


def shortest_path(
    store: GraphStore,
    source: str,
    target: str,
    *,
    max_hops: int = MAX_HOPS,
    flt: PathFilter | None = None,
    timeout: float | None = None,
) -> Path | None:
    """The shortest undirected path between two keys, or None within ``max_hops``.

    Example:
        >>> shortest_path(store, "institution:a", "enterprise:b").length
        2
    """
    _check(max_hops, 1)
    flt = flt or PathFilter()
    if CAP_SHORTEST_PATH in store.capabilities and source != target:
        # Neo4j's own bidirectional shortestPath is ~10x faster than batched levels over
        # Bolt (bench/paths.py: p50 4.6 ms against 47 ms at 100k); filters go into the
        # pattern (types) and into ALL(...) predicates, which it evaluates during the search
        seqs = _neo4j_shortest(store, source, target, max_hops, flt, timeout)
    else:
        seqs = _search(
            store, flt, source, target, timeout, lambda srch, s, t: srch.bfs(s, t, max_hops)
        )
    paths = _materialise(store, seqs, flt, timeout)
    return paths[0] if paths else None


def _neo4j_shortest(
    store: GraphStore,
    source: str,
    target: str,
    max_hops: int,
    flt: PathFilter,
    timeout: float | None,
) -> list[list[str]]:
    conds = []
    if flt.as_of:
        conds.append(f"ALL(r IN relationships(p) WHERE {AS_OF_FILTER})")
    if flt.classes:
        conds.append("ALL(n IN nodes(p)[1..-1] WHERE n.class IN $classes)")
    where = f" WHERE {' AND '.join(conds)}" if conds else ""
    q = (
        "MATCH (a:Entity {key: $s}), (b:Entity {key: $t}) "
        f"MATCH p = shortestPath((a)-[{rel_pattern(flt.types)}*..{int(max_hops)}]-(b))"
        f"{where} RETURN [n IN nodes(p) | n.key]"
    )
    rows = store.run(
        q,
        {"s": source, "t": target, "as_of": flt.as_of, "classes": list(flt.classes or [])},
        timeout=timeout,
    ).rows
    return [[str(k) for k in rows[0][0]]] if rows else []


def all_shortest_paths(
    store: GraphStore,
    source: str,
    target: str,
    *,
    max_hops: int = MAX_HOPS,
    flt: PathFilter | None = None,
    limit: int = MAX_ALL_SHORTEST,
    timeout: float | None = None,
) -> list[Path]:
    """Every shortest path (as node sequences), at most ``limit``."""
    _check(max_hops, 1)
    flt = flt or PathFilter()
    seqs = _search(
        store,
        flt,
        source,
        target,
        timeout,
        lambda srch, s, t: srch.bfs(s, t, max_hops, all_paths=True, cap=limit),
    )
    return sorted(_materialise(store, seqs, flt, timeout), key=_path_rank)


def k_best_paths(
    store: GraphStore,
    source: str,
    target: str,
    *,
    k: int = 3,
    max_hops: int = MAX_HOPS,
    flt: PathFilter | None = None,
    timeout: float | None = None,
) -> list[Path]:
    """Up to ``k`` (≤ 10) loopless paths, shortest first (Yen's algorithm)."""
    _check(max_hops, k)
    flt = flt or PathFilter()
    seqs = _search(
        store, flt, source, target, timeout, lambda srch, s, t: _yen(srch, s, t, k, max_hops)
    )
    return sorted(_materialise(store, seqs, flt, timeout), key=_path_rank)[:k]


def find_paths(
    store: GraphStore,
    source: str,
    target: str,
    *,
    k: int = 1,
    mode: str = "shortest",
    max_hops: int = MAX_HOPS,
    types: Sequence[str] | None = None,
    classes: Sequence[str] | None = None,
    as_of: str | None = None,
    timeout: float | None = None,
) -> dict[str, Any]:
    """Resolve two entities (by key or name) and return paths as JSON-ready data.

    Args:
        mode: ``shortest`` (k paths, shortest first; k=1 is *the* shortest path) or ``all``
            (every shortest path, up to 100).
        types: relation types (already validated against the ontology).
        classes: classes allowed for intermediate nodes (expanded to subclasses).

    Example:
        >>> find_paths(store, "深圳职业技术大学", "华为", k=2)["paths"][0]["length"]
        1
    """
    from iegraph.queries.search import resolve_entity

    if mode not in ("shortest", "all"):
        raise ValidationError(
            f"mode must be 'shortest' or 'all', got {mode!r}",
            hint="use mode=shortest (with k) or mode=all",
            field="mode",
        )
    _check(max_hops, k)
    src = resolve_entity(store, source, field="source")
    dst = resolve_entity(store, target, field="target")
    flt = PathFilter(
        tuple(types) if types else None, tuple(classes) if classes else None, as_of or None
    )
    if mode == "all":
        paths = all_shortest_paths(
            store, src.key, dst.key, max_hops=max_hops, flt=flt, timeout=timeout
        )
    elif k == 1:
        one = shortest_path(store, src.key, dst.key, max_hops=max_hops, flt=flt, timeout=timeout)
        paths = [one] if one else []
    else:
        paths = k_best_paths(
            store, src.key, dst.key, k=k, max_hops=max_hops, flt=flt, timeout=timeout
        )
    return {
        "source": src.to_json(),
        "target": dst.to_json(),
        "max_hops": max_hops,
        "paths": [path_json(p) for p in paths],
    }


# -- the engines' own routines (for the benchmark and the contract tests) ---------------------
ENGINE_SHORTEST = {
    "neo4j": (
        "MATCH (a:Entity {key: $s}), (b:Entity {key: $t}) "
        "MATCH p = shortestPath((a)-[*..%d]-(b)) RETURN [n IN nodes(p) | n.key]"
    ),
    "embedded": (
        "MATCH (a:Entity {key: $s}), (b:Entity {key: $t}) "
        "CALL algo.SPpaths({sourceNode: a, targetNode: b, relDirection: 'both', "
        "maxLen: %d, pathCount: 1}) YIELD path RETURN [n IN nodes(path) | n.key]"
    ),
}


#: FalkorDB's fastest built-in: ``shortestPath`` is directed only (so not the same answer)
ENGINE_SHORTEST["embedded-directed"] = (
    "MATCH (a:Entity {key: $s}), (b:Entity {key: $t}) "
    "WITH shortestPath((a)-[*..%d]->(b)) AS p WHERE p IS NOT NULL "
    "RETURN [n IN nodes(p) | n.key]"
)


def engine_shortest_path(
    store: GraphStore,
    source: str,
    target: str,
    max_hops: int = MAX_HOPS,
    timeout: float | None = None,
    variant: str | None = None,
) -> list[str] | None:
    """The engine's own undirected shortest path (node keys), for comparison only.

    Caution: FalkorDB's ``algo.SPpaths`` does not honour the query timeout and walks the
    whole reachable graph; at 100k nodes one call ran for minutes.
    """
    _check(max_hops, 1)
    q = ENGINE_SHORTEST[variant or store.backend] % int(max_hops)
    rows = store.run(q, {"s": source, "t": target}, timeout=timeout).rows
    return [str(k) for k in rows[0][0]] if rows else None


def _node_keys(nodes: Iterable[Node]) -> list[str]:  # small helper for callers and tests
    return [n.key for n in nodes]
