"""Relation paths between two entities: shortest, all shortest, and the k best.

Paths are undirected (a partnership reads both ways) and at most 6 hops. They can be limited
to relation types, to classes of the *intermediate* nodes, and to relationships valid on an
``as_of`` date (``valid_from ≤ as_of`` and ``valid_to`` absent or ``≥ as_of``; partial dates
compare on their own precision, so ``valid_to: "2023"`` is still valid on 2023-06-01).

Why not the engines' own routines: FalkorDB's ``shortestPath`` is directed only and its
undirected ``algo.SPpaths`` walks the whole reachable set, which is slow at 100k nodes; Neo4j's
``shortestPath`` is fast, but the two would disagree on filters and tie-breaking. Here one
algorithm runs on both: a **bidirectional breadth-first search** whose every level is *one*
batched ``UNWIND`` query returning only node handles. The search touches about ``2·b^(d/2)``
nodes instead of ``b^d``; on a graph with hubs (1M entities, cities and industries of up to
27,353 relationships) what it costs is the relationships a level walks, so levels race under
a cap, meets are found by set intersection and may end a level early, and small frontiers are
tested for a meet in the engine (see ``_Searcher.bfs``; docs/notes/paths.md has the figures).
``bench/paths.py`` and ``bench/scale.py`` print its times beside the engines' own routines
and, on the embedded store, beside the former search (:data:`FORMER`).

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
    packed: bool = True,
    capped: bool = False,
) -> str:
    """One BFS level: the neighbours of a batch of nodes, one row per node.

    ``by="key"`` takes and returns entity keys (``[key, [neighbour key or [key, class]
    …]]``). ``by="id"`` (the path search) takes the engine's internal node handles and
    returns ``[handle, neighbour handles, relationships walked]``; the class filter then
    runs in the engine (``$classes``; the path's ends ``$ends`` are exempt).

    * ``packed`` (embedded store): the handles come as one comma-joined string. The client
      parses every value of a reply one by one: a hub's 27,353 neighbours took 115–223 ms as
      a list of integers and 75–99 ms as one string (same run, machine load 7).
    * ``capped``: at most ``$cap`` relationships are walked (``LIMIT`` stops the engine's
      walk there: 24 ms for 1,000 of the hub's, 92 ms for all); a level that reaches the
      cap is incomplete and the search tries the other side first (see ``_Searcher.bfs``).

    No predicate on ``b`` may be index-able (``b.key IN …``): FalkorDB's planner then starts
    from ``b`` with a label scan (200 ms instead of 0.7 ms on 10k nodes), so filters on ``b``
    sit inside ``collect``; and no predicate on ``r`` unless ``as_of`` asks for one (see
    :func:`rel_pattern`).
    """
    where = f" WHERE {AS_OF_FILTER}" if as_of else ""
    walk = f"MATCH (a)-[r{rel_pattern(types)}]-(b){where}"
    if by != "id":
        item = "[b.key, b.class]" if classes else "b.key"
        return f"UNWIND $keys AS k MATCH (a:Entity {{key: k}}) {walk} RETURN k, collect({item})"
    h = HANDLE.get(backend, HANDLE["embedded"])
    hb = h.format(v="b")
    item = f"toString({hb})" if packed and backend != "neo4j" else hb
    if classes:
        item = f"CASE WHEN b.class IN $classes OR {hb} IN $ends THEN {item} END"
    head = f"UNWIND $keys AS k MATCH (a) WHERE {h.format(v='a')} = k {walk} "
    if capped:
        head += "WITH k, b LIMIT $cap "
    xs = f"collect({item})"
    if packed and backend != "neo4j":
        xs = f"string.join({xs}, ',')"
    return head + f"RETURN k, {xs}, count(b)"


def bridge_query(types: Sequence[str] | None, as_of: bool, backend: str) -> str:
    """Are two frontiers one hop apart? Given ``$pairs`` of handles ``[x, y]`` (one from
    each frontier), the engine returns only the pairs joined by a relationship: a meet
    found this way ships neither side's neighbourhood to Python.

    Both ends are bound before the pattern (``WITH x, y``), so FalkorDB tests the pair in
    its adjacency (*Expand Into*) instead of walking ``x``'s relationships and filtering
    on ``id(y)`` (472 ms for one pair when ``y`` was sought inside the pattern). It is not
    free: about 0.15 ms a pair at load 6 (1,030 pairs: 174–209 ms), hence
    :data:`BRIDGE_PAIRS`. A 2-step test (``x–m–y``) was measured too and dropped: the
    engine walks the first end's relationships and tests every middle node, 5.3 s when
    that end was a hub of 27,353. ``x IN $list`` is no help either: FalkorDB scans the
    list (30,000 rows against 1,000 items: 456 ms)."""
    h = HANDLE.get(backend, HANDLE["embedded"])
    where = f" WHERE {AS_OF_FILTER}" if as_of else ""
    return (
        f"UNWIND $pairs AS p WITH p[0] AS i, p[1] AS j MATCH (x) WHERE {h.format(v='x')} = i "
        f"WITH x, j MATCH (y) WHERE {h.format(v='y')} = j WITH x, y "
        f"MATCH (x)-[r{rel_pattern(types)}]-(y){where} "
        f"RETURN DISTINCT {h.format(v='x')}, {h.format(v='y')}"
    )


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


@dataclass(frozen=True)
class Tactics:
    """How the path search spends its queries. All on by default; ``bench/scale.py`` turns
    them off one by one (and all, :data:`FORMER`: the search before them) to time each."""

    #: neighbour lists as comma-joined strings (embedded store; see :func:`level_query`)
    packed: bool = True
    #: materialise the side whose level walks fewer relationships, found by racing capped
    #: levels (else: the side with fewer nodes)
    race: bool = True
    #: engine-side tests whether two small frontiers are one hop apart (:func:`bridge_query`)
    bridges: bool = True


#: the search as it was before racing, bridges and packing (measured against in the bench)
FORMER = Tactics(packed=False, race=False, bridges=False)

#: the first cap of a raced level (relationships walked), multiplied by 4 while both sides
#: reach it
RACE_CAP = 1000
#: beyond this cap a level runs uncapped
RACE_MAX = 1 << 20
#: a bridge test is asked for at most this many frontier pairs (each costs ~0.15 ms)
BRIDGE_PAIRS = 64


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
        tactics: Tactics = Tactics(),
    ) -> None:
        self.store = store
        self.by = by
        self.flt = flt
        self.tactics = tactics
        self.base: dict[str, Any] = {"as_of": flt.as_of} if flt.as_of else {}
        self.classes = frozenset(flt.classes) if flt.classes else None
        args = (flt.types, bool(flt.as_of), self.classes is not None)
        kw: dict[str, Any] = {"by": by, "backend": store.backend, "packed": tactics.packed}
        self.query = level_query(*args, **kw)
        self.capped_query = level_query(*args, **kw, capped=True)
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

    def set_ends(self, ends: Sequence[Any]) -> None:
        """The path's ends (handles), exempt from the class filter."""
        self.ends = frozenset(ends)
        if self.by == "id" and self.classes is not None:
            self.base.update(classes=sorted(self.classes), ends=sorted(self.ends))

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
        """The neighbour pairs of ``keys``."""
        rows, _ = self.capped(keys, None)
        return self.unpack(rows) if self.by == "id" else self.pairs(rows)

    def capped(self, keys: Iterable[Any], cap: int | None) -> tuple[list[Any], bool]:
        """The level query's rows for ``keys`` from at most ``cap`` relationships, and
        whether that was all of them."""
        keys = list(keys)
        if not keys:
            return [], True
        self.queries += 1
        q, params = self.query, {**self.base, "keys": keys}
        if cap is not None and self.by == "id":
            q, params["cap"] = self.capped_query, cap
        rows = self.store.run(q, params, timeout=self.timeout).rows
        return rows, cap is None or sum(int(r[2]) for r in rows) < cap

    @staticmethod
    def unpack(
        rows: Iterable[Sequence[Any]], among: dict[Any, int] | None = None
    ) -> list[tuple[Any, Any]]:
        """``(a, b)`` for the rows of an ``id`` level query (class filter applied by the
        engine; packed or not); self-loops and repeats dropped. With ``among``, only the
        ``b`` in it — found by one set intersection, not a loop over a hub's neighbours."""
        out: list[tuple[Any, Any]] = []
        for a, items, _ in rows:
            bs = _ids(items)
            if among is not None:
                bs = sorted(set(bs) & among.keys())
            seen: set[Any] = set()
            for b in bs:
                if b == a or b in seen:
                    continue
                seen.add(b)
                out.append((a, b))
        return out

    def pairs(self, rows: Iterable[Sequence[Any]]) -> list[tuple[Any, Any]]:
        """``(a, b)`` for rows of ``[a, collected neighbours]`` (a ``key`` level query's
        answer), with the class filter applied and self-loops and repeats dropped."""
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

    def bridge(
        self, frontier: tuple[list[Any], list[Any]], banned_edges: frozenset[tuple[Any, Any]]
    ) -> list[tuple[Any, Any]]:
        """Pairs ``(x, y)``, x of side 0 and y of side 1, joined by a relationship (tested in
        the engine; banned edges of Yen's spur searches dropped)."""
        pairs = [[x, y] for x in frontier[0] for y in frontier[1]]
        self.queries += 1
        q = bridge_query(self.flt.types, bool(self.flt.as_of), self.store.backend)
        rows = self.store.run(q, {**self.base, "pairs": pairs}, timeout=self.timeout).rows
        side0 = set(frontier[0])
        out = []
        for a, b in rows:
            x, y = (a, b) if a in side0 else (b, a)
            if (x, y) not in banned_edges and (y, x) not in banned_edges:
                out.append((x, y))
        return out

    def bfs(
        self,
        s: Any,
        t: Any,
        max_hops: int,
        *,
        banned_nodes: frozenset[Any] = frozenset(),
        banned_edges: frozenset[tuple[Any, Any]] = frozenset(),
        all_paths: bool = False,
        cap: int = MAX_ALL_SHORTEST,
    ) -> list[list[Any]]:
        """Bidirectional BFS; the shortest node sequence(s) from ``s`` to ``t``.

        Measured on 1M entities + 4M relationships (``bench/scale.py``), nearly every node
        is a hop or two from a hub (a city, an industry, a platform: up to 27,353
        relationships), and the former search — materialise the frontier with fewer
        *nodes* — often chose 12 nodes holding a hub over 100 without one: one such level
        took 600–750 ms of a 770–1,010 ms search. The cost of a level is the relationships
        it walks, and the engine's degree functions cannot tell it in advance
        (``outdegree``/``indegree`` on the hub's neighbours: 20–27 s). So the search
        *races*: it runs the level of the side with fewer nodes capped at
        :data:`RACE_CAP` relationships, and if the cap is reached the other side's, then
        both again at four times the cap; the first level to finish is kept. At most about
        three times the cheaper side's work is spent, and a hub is walked only when both
        sides hold one.

        Before each level, when the frontiers are small (≤ :data:`BRIDGE_PAIRS` pairs) and
        a level would be capped, the engine first tests whether they are one hop apart
        (:func:`bridge_query`): such a meet then needs no hub walked at all.

        Every meet of a level is collected, so ``all_paths`` still finds every shortest
        path; the meeting nodes are ordered by handle, so the answer is deterministic.
        """
        if s == t:
            return [[s]]
        tac = self.tactics
        race = tac.race and self.by == "id"
        dist: tuple[dict[Any, int], dict[Any, int]] = ({s: 0}, {t: 0})
        parents: tuple[dict[Any, list[Any]], dict[Any, list[Any]]] = ({s: []}, {t: []})
        frontier: tuple[list[Any], list[Any]] = ([s], [t])
        depth = [0, 0]
        while frontier[0] and frontier[1] and depth[0] + depth[1] < max_hops:
            first = 0 if len(frontier[0]) <= len(frontier[1]) else 1
            rows: list[Any] | None = None
            side = first
            limit = RACE_CAP
            while race and rows is None and limit <= RACE_MAX:
                for side in (first, 1 - first):
                    part_rows, whole = self.capped(frontier[side], limit)
                    if whole:
                        rows = part_rows
                        break
                    if not all_paths:  # a meet in part of a level is already a shortest one
                        part = self.unpack(part_rows, among=dist[1 - side])
                        hits = _hits(part, dist[1 - side], banned_nodes, banned_edges)
                        if hits:
                            for a, b in hits:
                                dist[side][b] = depth[side] + 1
                                parents[side].setdefault(b, []).append(a)
                            return _assemble(parents, sorted({b for _, b in hits}), False, cap)
                else:
                    if (
                        tac.bridges
                        and limit == RACE_CAP
                        and len(frontier[0]) * len(frontier[1]) <= BRIDGE_PAIRS
                    ):
                        joined = self.bridge(frontier, banned_edges)
                        if joined:
                            for x, y in joined:  # as if side 0 had walked to y
                                dist[0].setdefault(y, depth[0] + 1)
                                parents[0].setdefault(y, []).append(x)
                            meets = sorted({y for _, y in joined})
                            return _assemble(parents, meets, all_paths, cap)
                    limit *= 4
            if rows is None:
                side = first
                rows, _ = self.capped(frontier[side], None)
            # meets first, by set intersection: a level that meets ends the search, and only
            # its meeting nodes need parents (a hub's other neighbours are never looped over)
            other = dist[1 - side]
            hits = _hits(self.unpack(rows, among=other), other, banned_nodes, banned_edges)
            if hits:
                for a, b in hits:
                    dist[side][b] = depth[side] + 1
                    parents[side].setdefault(b, []).append(a)
                best = min(dist[0][b] + dist[1][b] for _, b in hits)
                meets = sorted({b for _, b in hits if dist[0][b] + dist[1][b] == best})
                return _assemble(parents, meets, all_paths, cap)
            depth[side] += 1
            nxt = self.grow(
                rows, dist[side], parents[side], depth[side], banned_nodes, banned_edges
            )
            frontier[side].clear()
            frontier[side].extend(nxt)
        return []

    @staticmethod
    def grow(
        rows: Iterable[Sequence[Any]],
        dist: dict[Any, int],
        parents: dict[Any, list[Any]],
        depth: int,
        banned_nodes: frozenset[Any],
        banned_edges: frozenset[tuple[Any, Any]],
    ) -> list[Any]:
        """Add a level's new nodes to one side (at ``depth``, with every parent of that
        level) and return them, in the engine's order: the next frontier. One pass over the
        rows, the banned-edge test only in Yen's spur searches."""
        nxt: list[Any] = []
        for a, items, _ in rows:
            for b in _ids(items):
                if b == a or b in banned_nodes:
                    continue
                if banned_edges and ((a, b) in banned_edges or (b, a) in banned_edges):
                    continue
                db = dist.get(b)
                if db is None:
                    dist[b] = depth
                    parents[b] = [a]
                    nxt.append(b)
                elif db == depth and a not in parents[b]:
                    parents[b].append(a)
        return nxt


def _ids(items: Any) -> list[Any]:
    """A level row's neighbours: a packed string (embedded) or a list (Neo4j, unpacked)."""
    if isinstance(items, str):
        return list(map(int, items.split(","))) if items else []
    return [b for b in items or [] if b is not None]


def _hits(
    pairs: list[tuple[Any, Any]],
    other: dict[Any, int],
    banned_nodes: frozenset[Any],
    banned_edges: frozenset[tuple[Any, Any]],
) -> list[tuple[Any, Any]]:
    """The pairs ``(a, b)`` whose ``b`` the other side has reached (allowed ones only).

    Any of them closes a shortest path: until the two balls meet, a node one step beyond
    one side's frontier that the other side has reached lies on its frontier (were it
    nearer, the balls would already overlap), so every meet of a level has the same
    length — which is why a level cut short by its cap may end the search."""
    return [
        (a, b)
        for a, b in pairs
        if b in other
        and b not in banned_nodes
        and (a, b) not in banned_edges
        and (b, a) not in banned_edges
    ]


def _assemble(
    parents: tuple[dict[Any, list[Any]], dict[Any, list[Any]]],
    meets: list[Any],
    all_paths: bool,
    cap: int,
) -> list[list[Any]]:
    """Paths through the (sorted) meeting nodes: every one up to ``cap``, or the first."""
    limit = cap if all_paths else 1
    out: list[list[Any]] = []
    for m in meets if all_paths else meets[:1]:
        for left in _walk(parents[0], m, limit):
            for right in _walk(parents[1], m, limit):
                out.append(left[::-1] + right[1:])
                if len(out) >= limit:
                    return out
    return out


def _walk(par: dict[Any, list[Any]], node: Any, cap: int) -> list[list[Any]]:
    """Paths from ``node`` back to the root through ``par`` (node first), at most ``cap``."""
    out: list[list[Any]] = []
    stack: list[tuple[Any, list[Any]]] = [(node, [node])]
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
    store: GraphStore,
    flt: PathFilter,
    source: str,
    target: str,
    timeout: float | None,
    run: Any,
    tactics: Tactics = Tactics(),
) -> list[list[str]]:
    """Run a search on engine handles and return its node sequences as keys."""
    if source == target:
        return [[source]] if store.get_node(source) is not None else []
    srch = _Searcher(store, flt, [], timeout, by="id", tactics=tactics)
    hs = srch.handles([source, target])
    if source not in hs or target not in hs:
        return []
    srch.set_ends([hs[source], hs[target]])
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
    tactics: Tactics = Tactics(),
) -> Path | None:
    """The shortest undirected path between two keys, or None within ``max_hops``.

    A shortest path, chosen deterministically (the search's first meeting node, then the
    lowest engine handles), not ranked among its ties: ``all_shortest_paths`` ranks them.
    ``tactics`` is for the benchmark (:data:`FORMER` times the search before this one).

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
            store,
            flt,
            source,
            target,
            timeout,
            lambda srch, s, t: srch.bfs(s, t, max_hops),
            tactics,
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
