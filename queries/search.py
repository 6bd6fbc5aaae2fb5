"""Entity search by name, alias or former name, in either script, by substring.

Neither engine's full-text tokeniser handles Chinese substrings (FalkorDB indexes whole CJK
runs as one token, so 职业 would not find 深圳职业技术大学), so search works on the project's
own keys: every node carries ``name_norm`` and ``search_keys`` (its names normalised by
``ontology.names.norm_name``: Simplified script, width-folded, lower case, no spaces). The
query is normalised the same way, so 職業 and 职业 find the same node. Candidates come from an
index, not a scan (:mod:`graph.grams`): on the embedded store the index on the names'
character bigrams — up to six of the text's bigrams, intersected inside the index
(``$g0 IN n.search_grams AND $g1 IN …``), then the exact ``CONTAINS`` on the few left; on
Neo4j its CJK full-text and trigram TEXT indexes. The engine ranks the candidates and cuts the
page (``ORDER BY … SKIP … LIMIT``) and returns the page's properties in the same query, so
only the page travels; a second query counts when the page is full. At most ``RANK_CAP``
candidates are ranked: a text that matches more (a city, 公司) comes back ``capped``, with its
exact names and aliases first (an index on ``search_keys``). Official codes (学校标识码,
区划代码) are one indexed UNION query. ``bench/scale.py`` measures it at 1M nodes.

Ranking: exact name (0) > exact alias or former name (1) > name prefix (2) > name substring
(3) > alias prefix (4) > alias substring (5); ties by shorter name, then key. An exact alias
counts as an exact match: whoever types a former name in full (深圳职业技术学院) means that
organisation, ahead of every name that merely starts with it.

Example:
    >>> search_entities(store, "職業", limit=5)["items"][0]["name"]
    '深圳职业技术大学'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from iegraph.graph.base import node_props_out
from iegraph.graph.grams import query_grams
from iegraph.graph.model import Node
from iegraph.graph.store import CAP_FULLTEXT
from iegraph.ontology.errors import NotFound, ValidationError

if TYPE_CHECKING:
    from iegraph.graph.store import GraphStore
    from iegraph.ontology.schema import Schema

MAX_LIMIT = 200

_RANK = (
    "CASE WHEN n.name_norm = $q THEN 0 "
    "WHEN ANY(k IN n.search_keys WHERE k = $q) THEN 1 "
    "WHEN n.name_norm STARTS WITH $q THEN 2 "
    "WHEN n.name_norm CONTAINS $q THEN 3 "
    "WHEN ANY(k IN n.search_keys WHERE k STARTS WITH $q) THEN 4 "
    "ELSE 5 END"
)
#: ``search_keys`` holds every normalised name form, the display name's included
_MATCHES = "ANY(k IN n.search_keys WHERE k CONTAINS $q)"
#: Neo4j: its TEXT index on the joined keys answers CONTAINS itself (trigrams: slow for a
#: two-character text, so Chinese texts use the full-text index below instead)
_MATCHES_TEXT = "n.search_text CONTAINS $q"
#: Neo4j, Chinese text of 2+ characters: the full-text index with Lucene's CJK analyzer
#: (overlapping bigrams) on the same keys; the phrase of the query's bigrams finds every key
#: containing it, measured 10× faster than the text index for two characters
Q_CJK_CANDIDATES = "CALL db.index.fulltext.queryNodes('entity_search_cjk', $phrase) YIELD node AS n"
_CJK = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}$")


#: candidates ranked exactly: a text that matches more (深圳, 公司 at 1M nodes) is ranked within
#: the first ``RANK_CAP`` candidates in index order, its exact names and aliases put first
#: by an index lookup, and reported with ``total = RANK_CAP`` and ``capped`` (ranking costs
#: a few microseconds per candidate: 2,000 stay within the latency budget)
RANK_CAP = 2000
#: at most this many bigrams of the text go into the index intersection (the index
#: intersects posting lists, so a few grams narrow a long name to its handful of candidates)
MAX_GRAMS = 6
#: the page with the display properties, ranked and cut in the engine: only the page travels
_TAIL = (
    " WITH n LIMIT $cap WITH n, {rank} AS r ORDER BY r, size(n.name), n.key "
    "SKIP $offset LIMIT $limit RETURN n.key, r, labels(n), properties(n)"
)
_COUNT_TAIL = " WITH n LIMIT $cap1 RETURN count(n)"
#: exact names and aliases (both indexed): put first when the candidates were capped
Q_EXACT_PAGE = (
    "MATCH (n:Entity) WHERE n.name_norm = $q OR $q IN n.search_keys "
    "RETURN n.key, CASE WHEN n.name_norm = $q THEN 0 ELSE 1 END, labels(n), properties(n)"
)


def gram_params(nq: str) -> dict[str, str]:
    """The bigrams an entity must hold to contain ``nq`` (at most ``MAX_GRAMS``, spread over
    the text, first and last included), as query parameters ``g0``, ``g1`` …"""
    grams = query_grams(nq)
    if len(grams) > MAX_GRAMS:
        step = (len(grams) - 1) / (MAX_GRAMS - 1)
        grams = [grams[round(i * step)] for i in range(MAX_GRAMS)]
    return {f"g{i}": g for i, g in enumerate(grams)}


def search_match(
    *, q: bool, classes: bool, place: bool, index: str = "", grams: int = 0, exact: bool = False
) -> str:
    """The MATCH … WHERE that yields the candidate entities ``n`` of one search.

    ``index`` says how candidates are found: ``"gram"`` (the embedded store's bigram index:
    ``grams`` parameters ``$g0``… are intersected in the index; ``exact`` when the grams
    alone decide — a two-character text is one bigram), ``"cjk"`` / ``"text"`` (Neo4j's
    full-text and text indexes) or ``""`` (a scan — a one-character text on the embedded
    store). The class filter is written only when asked: ``n.class IN $classes`` joins the
    index query, while ``$classes IS NULL OR …`` forces a per-node test."""
    where = []
    if place and index != "text":
        index = ""  # the place's own relationships bound the candidates already
    if q:
        if index == "gram":
            where += [f"$g{i} IN n.search_grams" for i in range(grams)]
            if not exact:
                where.append(_MATCHES)
        elif index == "text":
            where.append(_MATCHES_TEXT)
        else:  # cjk: the exact test on the full-text index's candidates; "": a scan
            where.append(_MATCHES)
    if classes:
        where.append("n.class IN $classes")
    if index == "cjk" and not place:
        return f"{Q_CJK_CANDIDATES} WITH n WHERE {' AND '.join(where)}"
    if place:
        head = "MATCH (p:Entity)<-[r]-(n:Entity) WHERE p.key IN $places AND type(r) IN $place_rels"
        return head + "".join(f" AND {w}" for w in where) + " WITH DISTINCT n"
    return "MATCH (n:Entity)" + (f" WHERE {' AND '.join(where)}" if where else "")


def search_query(**kw: Any) -> str:
    """The ranked page of one search (``search_match`` arguments): key, rank, labels and
    properties of the page's entities, ranked and cut in the engine."""
    return search_match(**kw) + _TAIL.format(rank=_RANK if kw.get("q") else "0")


def count_query(**kw: Any) -> str:
    """How many entities a search finds, counted up to ``$cap1``."""
    return search_match(**kw) + _COUNT_TAIL


#: an entity by exact name, alias or former name (name_norm and search_keys are indexed)
Q_EXACT = (
    "MATCH (n:Entity) WHERE n.name_norm = $q OR $q IN n.search_keys RETURN n.key, n.name_norm = $q"
)
#: nodes whose official code (an ontology ``iegraph:codeProperty``: moe_code, adcode) is one of
#: the texts; the label and property come from the compiled ontology (checked identifiers)
Q_CODE = (
    "MATCH (n:{label}) WHERE n.{prop} IN $codes "
    "RETURN n.key AS key, 0 AS rank, size(n.name) AS size, n.class AS class"
)
#: a place and every place inside it (sub-places point to their parent)
Q_SUBPLACES = (
    "MATCH (p:Entity {key: $key}) OPTIONAL MATCH sp = (c:Entity)-[*1..3]->(p) "
    "WHERE c.top = 'Place' AND ALL(x IN relationships(sp) WHERE type(x) IN $place_rels) "
    "RETURN p.key, collect(DISTINCT c.key)"
)


def normalise_query(text: str) -> str:
    """The matching form of a search text (same as the names': ``norm_name``)."""
    # the one definition of the folded form, shared with ingestion (ontology is the lowest
    # layer, so queries may import it)
    from iegraph.ontology.names import norm_name

    return norm_name(text)


def place_relations(schema: Schema | None) -> list[str]:
    """Relation types that locate an entity in a place (``range`` is ``Place``)."""
    if schema is None:
        return []
    out = []
    for r in schema.relations.values():
        if (
            r.range
            and all(schema.is_a(c, "Place") for c in r.range if c in schema.classes)
            and any(c in schema.classes for c in r.range)
        ):
            out.append(r.name)
    return sorted(out)


def _page_rows(rows: list[list[Any]]) -> list[tuple[int, Node]]:
    """``[key, rank, labels, properties]`` rows as (rank, node)."""
    out = []
    for key, rank, labels, props in rows:
        out.append(
            (int(rank), Node(key=str(key), labels=list(labels), props=node_props_out(props)))
        )
    return out


def search_entities(
    store: GraphStore,
    q: str = "",
    *,
    classes: Sequence[str] | None = None,
    place: str | None = None,
    limit: int = 20,
    offset: int = 0,
    schema: Schema | None = None,
    timeout: float | None = None,
) -> dict[str, Any]:
    """Search entities; returns ``{"items", "total", "limit", "offset", "query", "capped"}``.

    Args:
        q: any name, alias or former name (or part of one), in either script; empty lists all.
        classes: class names (already expanded to subclasses by the caller, or use
            :func:`expand_classes`).
        place: key or name of a Place; entities located there or in a place inside it.

    ``capped`` is true when more than ``RANK_CAP`` entities match: ``total`` is then
    ``RANK_CAP``, exact names and aliases come first, and the rest of the page is the best of
    the first ``RANK_CAP`` candidates — a longer text narrows it.

    Example:
        >>> search_entities(store, "职业", classes=["Institution", "VocationalCollege"])
        {'items': [...], 'total': 3, 'limit': 20, 'offset': 0, 'query': '职业', 'capped': False}
    """
    if not 1 <= limit <= MAX_LIMIT:
        raise ValidationError(
            f"limit must be 1–{MAX_LIMIT}, got {limit}",
            hint=f"page with offset; at most {MAX_LIMIT} per page",
            field="limit",
        )
    if offset < 0:
        raise ValidationError(
            f"offset must be ≥ 0, got {offset}", hint="start at 0", field="offset"
        )
    if len(q) > 200:
        raise ValidationError(
            "the search text is longer than 200 characters",
            hint="search for a part of the name",
            field="q",
        )
    nq = normalise_query(q) if q.strip() else ""
    params: dict[str, Any] = {"q": nq, "classes": list(classes) if classes else None}
    if place:
        if schema is None:
            from iegraph.ontology.schema import load_schema

            schema = load_schema()
        p = resolve_entity(store, place, field="place")
        rels = place_relations(schema)
        sub = store.run(Q_SUBPLACES, {"key": p.key, "place_rels": rels}, timeout=timeout).rows
        places = [p.key, *(sub[0][1] if sub else [])]
        params.update(places=places, place_rels=rels)
    kw: dict[str, Any] = {"q": bool(nq), "classes": bool(classes), "place": bool(place)}
    fulltext = CAP_FULLTEXT in store.capabilities
    if nq and fulltext and _CJK.match(nq):
        kw["index"] = "cjk"
        params["phrase"] = f'"{nq}"'
    elif nq and fulltext:
        kw["index"] = "text"
    elif nq and query_grams(nq):
        grams = gram_params(nq)
        params.update(grams)
        # a two-character text is its own bigram: the index alone decides
        kw.update(index="gram", grams=len(grams), exact=len(nq) == 2)
    params.update(cap=RANK_CAP, offset=offset, limit=limit)
    page = _page_rows(store.run(search_query(**kw), params, timeout=timeout).rows)
    capped = False
    if len(page) == limit or (not page and offset) or offset + len(page) >= RANK_CAP:
        # the page is full, past the end or at the cap: count, up to one more than the cap
        params["cap1"] = RANK_CAP + 1
        total = int(store.run(count_query(**kw), params, timeout=timeout).rows[0][0])
        capped = total > RANK_CAP
        total = min(total, RANK_CAP)
    else:
        total = offset + len(page)
    if capped and nq:
        # candidates beyond the cap are not ranked: exact names and aliases come first
        exact = _page_rows(store.run(Q_EXACT_PAGE, {"q": nq}, timeout=timeout).rows)
        if classes:
            exact = [(r, n) for r, n in exact if n.props.get("class") in set(classes)]
        if exact:
            exact.sort(key=lambda rn: (rn[0], len(str(rn[1].props.get("name", ""))), rn[1].key))
            head = page
            if offset:
                again = {**params, "offset": 0, "limit": offset + limit}
                head = _page_rows(store.run(search_query(**kw), again, timeout=timeout).rows)
            page = _merge(exact, head)[offset : offset + limit]
    if nq.isdigit() and not place:  # a 学校标识码 or 区划代码 names its node first
        if schema is None:
            from iegraph.ontology.schema import load_schema

            schema = load_schema()
        allowed = set(classes) if classes else None
        coded = list(
            dict.fromkeys(
                str(r[0])
                for r in code_rows(store, schema, nq, timeout=timeout)
                if allowed is None or r[3] in allowed
            )
        )
        if coded:
            seen = {n.key for _, n in page}
            nodes = store.get_nodes([k for k in coded if k not in seen])
            found = [(0, nodes[k]) for k in coded if k in nodes]
            total += len(found)
            if offset == 0:
                page = _merge(found, page)[:limit]
    return {
        "query": q,
        "total": total,
        "limit": limit,
        "offset": offset,
        "capped": capped,
        "items": [_item(n, rank) for rank, n in page],
    }


def _merge(first: list[tuple[int, Node]], rest: list[tuple[int, Node]]) -> list[tuple[int, Node]]:
    """``first`` then the entities of ``rest`` not in it (each list keeps its order)."""
    seen = {n.key for _, n in first}
    return [*first, *((r, n) for r, n in rest if n.key not in seen)]


def _item(n: Node, rank: int) -> dict[str, Any]:
    return {
        "key": n.key,
        "name": n.props.get("name", n.key),
        "class": n.props.get("class"),
        "top": n.props.get("top"),
        "aliases": n.props.get("aliases") or [],
        "rank": rank,
        "labels": n.labels,
    }


def expand_classes(schema: Schema, names: Sequence[str] | None) -> list[str] | None:
    """Class names or labels (any language) → those classes and their subclasses.

    Raises:
        ValidationError: a name that is no class of the ontology.
    """
    if not names:
        return None
    out: list[str] = []
    for raw in names:
        c = schema.resolve_class(raw)
        if c is None:
            raise ValidationError(
                f"{raw!r} is not a class of the ontology",
                hint=f"use one of: {', '.join(sorted(schema.classes))}",
                field="class",
            )
        for d in schema.descendants(c):
            if d not in out:
                out.append(d)
    return out


def code_query(schema: Schema) -> str:
    """One query for every top-level class that has an official code (its label and code
    property are indexed, see ``BaseStore.index_plan``): ``key, 0, name length, class``."""
    from iegraph.graph.base import check_ident

    parts = []
    seen: set[tuple[str, str]] = set()
    for c in schema.classes.values():
        if not c.code_property or c.parent is not None or (c.name, c.code_property) in seen:
            continue
        seen.add((c.name, c.code_property))
        parts.append(
            Q_CODE.format(label=check_ident(c.name), prop=check_ident(c.code_property, "property"))
        )
    return " UNION ALL ".join(parts)


def code_rows(
    store: GraphStore, schema: Schema, code: str, *, timeout: float | None = None
) -> list[list[Any]]:
    """``[key, 0, name length, class]`` of the nodes whose official code is ``code`` (a 2- or
    4-digit division code also as its 6-digit form: 37 → 370000). One indexed query."""
    codes = [code] + ([code.ljust(6, "0")] if len(code) in (2, 4) else [])
    q = code_query(schema)
    return [list(r) for r in store.run(q, {"codes": codes}, timeout=timeout).rows] if q else []


def resolve_entity(store: GraphStore, text: str, *, field: str = "key") -> Node:
    """An entity by key, else by exact name / alias / former name (either script).

    Raises:
        NotFound: nothing has that key or name.
        ValidationError: several entities share the name (the message lists their keys).
    """
    text = (text or "").strip()
    if not text:
        raise ValidationError(f"{field} is empty", hint="give a key or a name", field=field)
    node = store.get_node(text)
    if node is not None:
        return node
    q = normalise_query(text)
    if q.isdigit():  # an official code (moe_code, adcode) names one node
        from iegraph.ontology.schema import load_schema

        hits = sorted({str(r[0]) for r in code_rows(store, load_schema(), q)})
        if len(hits) == 1:
            found = store.get_node(hits[0])
            if found is not None:
                return found
    rows = store.run(Q_EXACT, {"q": q}).rows
    keys = sorted({str(k) for k, _ in rows})
    exact = sorted({str(k) for k, by_name in rows if by_name})
    if len(exact) == 1:
        keys = exact
    if not keys:
        raise NotFound(
            f"no entity with key or name {text!r}",
            hint="find it with `iegraph search` (or GET /api/v1/entities?q=…)",
            field=field,
        )
    if len(keys) > 1:
        raise ValidationError(
            f"{text!r} names {len(keys)} entities: {', '.join(keys[:10])}",
            hint="pass the key instead of the name",
            field=field,
            candidates=keys[:10],
        )
    found = store.get_node(keys[0])
    if found is None:  # deleted between the two reads
        raise NotFound(f"no entity with key or name {text!r}", hint="search again", field=field)
    return found
