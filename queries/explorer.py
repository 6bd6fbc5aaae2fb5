"""What the explorer page asks the graph for beyond search, neighbours and paths.

* :func:`entity_details` — one entity with its names in both scripts (and English where an
  alias is English), its properties, and **every source** that asserted it or one of its
  relationships, each with the evidence (sentence or row) it gave and its link.
* :func:`time_range` — the first and last year any node or relationship is valid from / to,
  for the ``as of`` slider.
* :func:`subgraph_of` — given node keys, those nodes and the relationships among them (the
  explorer's visible set, re-read: shared links, exports, Cypher results drawn as a graph).
* :func:`source_contents` / :func:`list_sources` — what one source asserted (to highlight a
  document just added) and the sources of the graph.

Cypher lives here as parameterised constants; labels are never built from user text.

Example:
    >>> d = entity_details(store, "institution:深圳职业技术大学")
    >>> d["names"]["zh-Hant"], len(d["sources"])
    ('深圳職業技術大學', 5)
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from iegraph.graph.model import Relationship, Subgraph
from iegraph.ontology.errors import NotFound, ValidationError
from iegraph.queries.paths import make_relationship, parse_evidence, relationship_json

if TYPE_CHECKING:
    from iegraph.graph.store import GraphStore

#: relationships of one entity read for its details (a hub's evidence is paged, not all sent)
MAX_DETAIL_RELS = 400
#: most node keys one subgraph / export request may name
MAX_KEYS = 20_000
#: node properties that hold internal matching keys or raw evidence, not facts to show
HIDDEN_PROPS = frozenset({"search_keys", "name_norm", "evidence", "source_ids", "source_urls"})
#: properties that date a node (first one present is its start) and a relationship
NODE_START = ("valid_from", "founded", "issued_date")
_YEAR = re.compile(r"^\s*(\d{4})")

Q_AMONG = (
    "MATCH (a:Entity)-[r]->(b:Entity) WHERE a.key IN $keys AND b.key IN $keys "
    "RETURN a.key, type(r), b.key, properties(r)"
)
Q_NODE_DATES = (
    "MATCH (n:Entity) WHERE n.valid_from IS NOT NULL OR n.valid_to IS NOT NULL "
    "OR n.founded IS NOT NULL OR n.issued_date IS NOT NULL "
    "RETURN n.valid_from, n.valid_to, n.founded, n.issued_date"
)
Q_REL_DATES = (
    "MATCH ()-[r]->() WHERE r.valid_from IS NOT NULL OR r.valid_to IS NOT NULL "
    "RETURN r.valid_from, r.valid_to"
)
Q_SOURCES = (
    "MATCH (n:Entity) WHERE n.top = $source_class RETURN n.key, n.title, n.name, n.kind, n.url, "
    "n.path, n.ingested_at, n.entity_count, n.relation_count"
)
Q_NODES_OF_SOURCE = "MATCH (n:Entity) WHERE $source IN n.source_ids RETURN n.key"
Q_RELS_OF_SOURCE = (
    "MATCH (a:Entity)-[r]->(b:Entity) WHERE $source IN r.source_ids "
    "RETURN a.key, type(r), b.key, properties(r)"
)
SOURCE_CLASS = "Source"


def year_of(value: Any) -> int | None:
    """The year of a partial ISO date (``2023``, ``2023-09``, ``2023-09-04``), else None."""
    if value is None:
        return None
    m = _YEAR.match(str(value))
    return int(m.group(1)) if m else None


def english_name(props: dict[str, Any]) -> str | None:
    """An English name: ``name_en`` if stored, else the first alias written in Latin script."""
    en = props.get("name_en")
    if isinstance(en, str) and en:
        return en
    names = [props.get("name"), *(props.get("aliases") or []), *(props.get("former_names") or [])]
    for n in names:
        if isinstance(n, str) and n and n.isascii() and any(c.isalpha() for c in n):
            return n
    return None


def _scripts(name: str) -> tuple[str, str]:
    from iegraph.graph.views.style import both_scripts

    return both_scripts(name)


def _source_info(node: Any) -> dict[str, Any]:
    p = node.props if node is not None else {}
    path = str(p.get("path") or "")
    return {
        "key": node.key if node is not None else "",
        "title": p.get("title") or p.get("name") or "",
        "kind": p.get("kind") or "",
        "url": p.get("url") or "",
        "file": path.rsplit("/", 1)[-1] if path else "",
        "ingested_at": p.get("ingested_at") or "",
    }


def entity_details(
    store: GraphStore, key: str, *, max_rels: int = MAX_DETAIL_RELS
) -> dict[str, Any]:
    """An entity for the details panel: names, class, properties, sources with evidence.

    Returns:
        ``{"key", "class", "top", "labels", "names": {"zh-Hans", "zh-Hant", "en"}, "aliases",
        "properties", "valid": {"from", "to"}, "degree": {type: n}, "sources": [{"key",
        "title", "kind", "url", "file", "ingested_at", "mentions": [evidence of the entity],
        "relations": [{"id", "type", "start", "end", "other", "other_name", "evidence"}]}],
        "relationships_total", "relationships_shown"}``.

    Raises:
        NotFound: no entity has that key.
    """
    node = store.get_node(key)
    if node is None:
        raise NotFound(
            f"no entity with key {key!r}", hint="find keys with GET /api/v1/entities?q=…", key=key
        )
    props = node.props
    name = str(props.get("name") or key)
    simp, trad = _scripts(name)
    rels = store.expand([key])
    degree = Counter(r.type for r in rels)
    rels.sort(key=lambda r: (r.type, r.id))
    shown = rels[:max_rels]
    others = {r.end if r.start == key else r.start for r in shown}
    source_keys: dict[str, None] = dict.fromkeys(str(s) for s in props.get("source_ids") or [])
    for r in shown:
        for s in r.props.get("source_ids") or []:
            source_keys.setdefault(str(s), None)
    fetched = store.get_nodes([*others, *source_keys])
    sources: dict[str, dict[str, Any]] = {}
    for s in source_keys:
        info = _source_info(fetched.get(s))
        info["key"] = s
        info.update(mentions=[], relations=[])
        sources[s] = info
    for ev in parse_evidence(props):
        s = str(ev.get("source") or "")
        if s in sources:
            sources[s]["mentions"].append(ev)
            if not sources[s]["url"] and ev.get("source_url"):
                sources[s]["url"] = ev["source_url"]
    for r in shown:
        other = r.end if r.start == key else r.start
        other_node = fetched.get(other)
        for ev in parse_evidence(r.props):
            s = str(ev.get("source") or "")
            if s not in sources:
                continue
            if not sources[s]["url"] and ev.get("source_url"):
                sources[s]["url"] = ev["source_url"]
            sources[s]["relations"].append(
                {
                    "id": r.id,
                    "type": r.type,
                    "start": r.start,
                    "end": r.end,
                    "other": other,
                    "other_name": other_node.name if other_node is not None else other,
                    "evidence": ev,
                }
            )
    return {
        "key": node.key,
        "class": props.get("class"),
        "top": props.get("top"),
        "labels": node.labels,
        "names": {"zh-Hans": simp, "zh-Hant": trad, "en": english_name(props)},
        "aliases": list(props.get("aliases") or []),
        "former_names": list(props.get("former_names") or []),
        "properties": {k: v for k, v in props.items() if k not in HIDDEN_PROPS},
        "valid": {
            "from": next((props[k] for k in NODE_START if props.get(k)), None),
            "to": props.get("valid_to"),
        },
        "degree": dict(sorted(degree.items())),
        "sources": list(sources.values()),
        "relationships_total": len(rels),
        "relationships_shown": len(shown),
    }


def time_range(store: GraphStore, timeout: float | None = None) -> dict[str, Any]:
    """``{"min", "max", "years": {year: items starting or ending then}}`` over every dated
    node and relationship (``min``/``max`` None when nothing is dated)."""
    years: Counter[int] = Counter()
    for row in store.run(Q_NODE_DATES, timeout=timeout).rows:
        for v in row:
            y = year_of(v)
            if y is not None:
                years[y] += 1
    for row in store.run(Q_REL_DATES, timeout=timeout).rows:
        for v in row:
            y = year_of(v)
            if y is not None:
                years[y] += 1
    # dates far outside the ecosystem's history are typos or placeholders: keep the slider usable
    plausible = {y: n for y, n in years.items() if 1900 <= y <= 2100}
    return {
        "min": min(plausible) if plausible else None,
        "max": max(plausible) if plausible else None,
        "years": {str(y): n for y, n in sorted(plausible.items())},
    }


def _check_keys(keys: Sequence[str]) -> list[str]:
    uniq = list(dict.fromkeys(k for k in keys if isinstance(k, str) and k))
    if len(uniq) > MAX_KEYS:
        raise ValidationError(
            f"{len(uniq)} node keys (limit {MAX_KEYS})",
            hint="group the view or export the whole graph with GET /api/v1/export",
            field="nodes",
        )
    return uniq


def relationships_among(
    store: GraphStore, keys: Sequence[str], timeout: float | None = None
) -> list[Relationship]:
    """Every relationship with both ends in ``keys`` (batched)."""
    out: dict[str, Relationship] = {}
    uniq = list(dict.fromkeys(keys))
    step = 2000
    if len(uniq) <= step:
        batches = [uniq]
    else:
        # both ends must be in the set: read each batch's outgoing edges, keep those that land
        # inside (one query per batch instead of one per pair of batches)
        batches = [uniq[i : i + step] for i in range(0, len(uniq), step)]
    inside = set(uniq)
    for b in batches:
        q = Q_AMONG if len(batches) == 1 else Q_AMONG_OUT
        for a, t, e, props in store.run(q, {"keys": b}, timeout=timeout).rows:
            if a in inside and e in inside:
                r = make_relationship(a, t, e, props)
                out.setdefault(r.id, r)
    return sorted(out.values(), key=lambda r: r.id)


Q_AMONG_OUT = (
    "MATCH (a:Entity)-[r]->(b:Entity) WHERE a.key IN $keys RETURN a.key, type(r), b.key, "
    "properties(r)"
)


def visible_subgraph(
    store: GraphStore,
    keys: Sequence[str],
    *,
    relationship_ids: Sequence[str] | None = None,
    timeout: float | None = None,
) -> tuple[Subgraph, list[str]]:
    """The nodes with ``keys`` and the relationships among them (only ``relationship_ids``,
    when given, so that an export holds exactly what the page shows), and the missing keys."""
    uniq = _check_keys(keys)
    nodes = store.get_nodes(uniq)
    rels = relationships_among(store, [k for k in uniq if k in nodes], timeout)
    if relationship_ids is not None:
        wanted = set(relationship_ids)
        rels = [r for r in rels if r.id in wanted]
    sub = Subgraph([nodes[k] for k in uniq if k in nodes], rels)
    return sub, [k for k in uniq if k not in nodes]


def subgraph_of(
    store: GraphStore,
    keys: Sequence[str],
    *,
    relationship_ids: Sequence[str] | None = None,
    timeout: float | None = None,
) -> dict[str, Any]:
    """:func:`visible_subgraph` as API JSON: ``{"nodes", "relationships", "missing"}``."""
    sub, missing = visible_subgraph(store, keys, relationship_ids=relationship_ids, timeout=timeout)
    return {
        "nodes": [n.to_json() for n in sub.nodes],
        "relationships": [relationship_json(r) for r in sub.relationships],
        "missing": missing,
    }


def list_sources(store: GraphStore, timeout: float | None = None) -> list[dict[str, Any]]:
    """Every source of the graph, newest first."""
    cols = (
        "key",
        "title",
        "name",
        "kind",
        "url",
        "path",
        "ingested_at",
        "entity_count",
        "relation_count",
    )
    out = []
    for row in store.run(Q_SOURCES, {"source_class": SOURCE_CLASS}, timeout=timeout).rows:
        d = dict(zip(cols, row, strict=False))
        path = str(d.pop("path") or "")
        d["file"] = path.rsplit("/", 1)[-1] if path else ""
        d["title"] = d.get("title") or d.pop("name", "") or d["file"]
        d.pop("name", None)
        out.append(d)
    return sorted(out, key=lambda d: (str(d.get("ingested_at") or ""), d["key"]), reverse=True)


def source_contents(store: GraphStore, key: str, timeout: float | None = None) -> dict[str, Any]:
    """What one source asserted: its node, the entities and the relationships citing it.

    Raises:
        NotFound: no source has that key.
    """
    src = store.get_node(key)
    if src is None or src.props.get("top") != SOURCE_CLASS:
        raise NotFound(
            f"no source {key!r} in the graph", hint="list them with GET /api/v1/sources", key=key
        )
    keys = [
        str(r[0])
        for r in store.run(Q_NODES_OF_SOURCE, {"source": key}, timeout=timeout).rows
        if r[0] != key
    ]
    nodes = store.get_nodes(keys)
    rels = [
        make_relationship(a, t, e, props)
        for a, t, e, props in store.run(Q_RELS_OF_SOURCE, {"source": key}, timeout=timeout).rows
    ]
    return {
        "source": {**_source_info(src), "key": key, "properties": src.props},
        "nodes": [nodes[k].to_json() for k in sorted(nodes)],
        "relationships": [relationship_json(r) for r in sorted(rels, key=lambda r: r.id)],
    }


#: official codes an entity may be found by (学校标识码, statistical division code, document
#: numbers); property keys, compared with the text as typed
CODE_PROPS = ("moe_code", "adcode", "doc_number", "policy_id", "credit_code")


def by_code_query(schema: Any) -> str:
    """Entities whose official code or identifier is ``$q``: one indexed lookup per code
    property (the ontology's ``codeProperty`` on its class, ``LOOKUP_CODES`` on every
    entity), joined by UNION — an ``OR`` of properties scanned every entity instead."""
    from iegraph.graph.base import LOOKUP_CODES, check_ident
    from iegraph.queries.search import code_query

    parts = [code_query(schema)] if code_query(schema) else []  # on $codes = [$q]
    parts += [
        f"MATCH (n:Entity) WHERE n.{check_ident(p, 'property')} = $q "
        "RETURN n.key AS key, 0 AS rank, size(n.name) AS size, n.class AS class"
        for p in LOOKUP_CODES
    ]
    return " UNION ALL ".join(parts)


Q_PLACES_OF = (
    "MATCH (n:Entity)-[r]->(p:Entity) WHERE n.key IN $keys AND type(r) IN $place_rels "
    "RETURN n.key, p.name"
)


def snippet(props: dict[str, Any], q: str) -> str:
    """Why an entity matched ``q``: the alias, former name or code that contains it (the
    name itself when that matched), for the search list."""
    from iegraph.queries.search import normalise_query

    nq = normalise_query(q) if q.strip() else ""
    name = str(props.get("name") or "")
    if not nq:
        return name
    if nq in normalise_query(name):
        return name
    for field in ("former_names", "aliases"):
        for a in props.get(field) or []:
            if isinstance(a, str) and nq in normalise_query(a):
                return f"{'former name' if field == 'former_names' else 'alias'}: {a}"
    for c in CODE_PROPS:
        v = props.get(c)
        if v is not None and q.strip() and q.strip() in str(v):
            return f"{c}: {v}"
    return name


def explorer_search(
    store: GraphStore,
    q: str,
    *,
    classes: Sequence[str] | None = None,
    limit: int = 12,
    schema: Any = None,
    timeout: float | None = None,
) -> dict[str, Any]:
    """Search for the explorer's search box: the ranked search of :mod:`queries.search`, plus
    official codes, with each hit's class, place and the name / alias / code that matched."""
    from iegraph.queries.search import place_relations, search_entities

    out = search_entities(store, q, classes=classes, limit=limit, schema=schema, timeout=timeout)
    keys = [it["key"] for it in out["items"]]
    code = q.strip()
    if code and len(keys) < limit:
        if schema is None:
            from iegraph.ontology.schema import load_schema

            schema = load_schema()
        params = {"q": code, "codes": [code]}
        for k, *_ in store.run(by_code_query(schema), params, timeout=timeout).rows:
            if k not in keys:
                keys.append(str(k))
    keys = keys[:limit]
    nodes = store.get_nodes(keys)
    places: dict[str, str] = {}
    rels = place_relations(schema)
    if keys and rels:
        for k, pname in store.run(
            Q_PLACES_OF, {"keys": keys, "place_rels": rels}, timeout=timeout
        ).rows:
            places.setdefault(str(k), str(pname))
    items = []
    for k in keys:
        n = nodes.get(k)
        if n is None:
            continue
        p = n.props
        if classes and p.get("class") not in classes:
            continue
        items.append(
            {
                "key": k,
                "name": p.get("name", k),
                "class": p.get("class"),
                "top": p.get("top"),
                "place": places.get(k),
                "snippet": snippet(p, q),
            }
        )
    return {"query": q, "total": max(out["total"], len(items)), "items": items}
