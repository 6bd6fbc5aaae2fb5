"""GraphML, GEXF and node-link JSON through networkx.

* **GraphML** (Cytoscape, yEd, Gephi): node ``id`` = key; attributes ``label`` (display name),
  ``labels`` (store labels, ``;``-separated), ``class``, ``top`` and every property; edge
  attributes ``label`` and ``type`` (relation type) and every property. List properties are JSON
  text (GraphML has no arrays).
* **GEXF** (Gephi): the same attributes, a ``viz`` colour and size per node from the ontology,
  and ``start``/``end`` from ``valid_from``/``valid_to`` widened to full dates (``2021`` →
  ``2021-01-01`` … ``2021-12-31``), so Gephi's timeline filters by validity. The original partial
  dates stay as ``valid_from``/``valid_to`` attributes.
* **JSON node-link** (d3, networkx ``node_link_graph(data, edges="links")``, sigma.js via
  graphology's import): ``{"directed", "multigraph", "graph", "nodes": [{"id", ...}],
  "links": [{"source", "target", "key", "type", ...}]}``; lists stay lists.

Example:
    >>> data = to_graphml(sub, schema)                       # bytes
    >>> import networkx as nx, io
    >>> nx.read_graphml(io.BytesIO(data)).number_of_nodes() == len(sub.nodes)
    True
"""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING, Any

from iegraph.graph.exports.columns import flat_value, infer_columns
from iegraph.graph.model import Subgraph
from iegraph.graph.views.dates import period_end, period_start
from iegraph.graph.views.model import rel_id

if TYPE_CHECKING:
    import networkx as nx

    from iegraph.ontology.schema import Schema

#: attribute names the exporters set themselves; a property of the same name is prefixed
RESERVED_NODE = frozenset({"id", "label", "labels", "start", "end", "viz", "pid"})
RESERVED_EDGE = frozenset(
    {"id", "label", "type", "source", "target", "key", "start", "end", "weight", "viz"}
)
PROP_PREFIX = "p_"


def _safe(name: str, reserved: frozenset[str]) -> str:
    return PROP_PREFIX + name if name in reserved else name


def to_networkx(
    sub: Subgraph, schema: Schema | None = None, *, flat: bool = True, dynamic: bool = False
) -> nx.MultiDiGraph:
    """A networkx MultiDiGraph of the subgraph (keys as node ids, rel ids as edge keys).

    Args:
        flat: lists and mixed-type properties as JSON text (for GraphML / GEXF).
        dynamic: add GEXF ``start``/``end`` and ``viz`` attributes.
    """
    import networkx as nx

    g = nx.MultiDiGraph(name="iegraph")
    node_cols = infer_columns(n.props for n in sub.nodes)
    rel_cols = infer_columns(r.props for r in sub.relationships)
    styler = None
    if dynamic and schema is not None:
        from iegraph.graph.views.style import Styler

        styler = Styler(schema)
    for n in sub.nodes:
        attrs: dict[str, Any] = {}
        for k, v in n.props.items():
            # GEXF: the node id is the key (networkx would rename a "key" attribute)
            if v is None or (dynamic and k == "key"):
                continue
            attrs[_safe(k, RESERVED_NODE)] = flat_value(v, node_cols[k]) if flat else v
        attrs["label"] = n.name
        attrs["labels"] = ";".join(n.labels) if flat else list(n.labels)
        if dynamic:
            _interval(attrs, n.props)
            if styler is not None:
                st = styler.class_style(styler.node_class(n))
                attrs["viz"] = {"color": _rgb(st.color), "size": 10.0}
        g.add_node(n.key, **attrs)
    for r in sub.relationships:
        attrs = {}
        for k, v in r.props.items():
            if v is None:
                continue
            attrs[_safe(k, RESERVED_EDGE)] = flat_value(v, rel_cols[k]) if flat else v
        rid = r.id or rel_id(r)
        attrs["label"] = r.type
        attrs["type"] = r.type
        if dynamic:
            attrs["id"] = rid
            _interval(attrs, r.props)
        g.add_edge(r.start, r.end, key=rid, **attrs)
    return g


def _interval(attrs: dict[str, Any], props: dict[str, Any]) -> None:
    start, end = period_start(props.get("valid_from")), period_end(props.get("valid_to"))
    if start:
        attrs["start"] = start
    if end:
        attrs["end"] = end


def _rgb(color: str) -> dict[str, int]:
    c = color.lstrip("#")
    if len(c) == 3:
        c = "".join(ch * 2 for ch in c)
    try:
        return {"r": int(c[0:2], 16), "g": int(c[2:4], 16), "b": int(c[4:6], 16)}
    except ValueError:
        return {"r": 151, "g": 194, "b": 252}


def to_graphml(sub: Subgraph, schema: Schema | None = None) -> bytes:
    """GraphML bytes (UTF-8)."""
    import networkx as nx

    g = to_networkx(sub, schema)
    buf = io.BytesIO()
    nx.write_graphml(g, buf, encoding="utf-8", prettyprint=True, named_key_ids=True)
    return buf.getvalue()


def to_gexf(sub: Subgraph, schema: Schema | None = None) -> bytes:
    """GEXF 1.2 bytes (UTF-8), dynamic (``timeformat="date"``) when any date is known."""
    import networkx as nx

    g = to_networkx(sub, schema, dynamic=True)
    buf = io.BytesIO()
    nx.write_gexf(g, buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue()


def to_node_link(sub: Subgraph, schema: Schema | None = None) -> bytes:
    """Node-link JSON bytes (lists kept as lists)."""
    doc: dict[str, Any] = {
        "directed": True,
        "multigraph": True,
        "graph": {"name": "iegraph", "ontology_version": getattr(schema, "version", None)},
        "nodes": [],
        "links": [],
    }
    for n in sub.nodes:
        item = {_safe(k, RESERVED_NODE): v for k, v in n.props.items() if v is not None}
        item.update({"id": n.key, "label": n.name, "labels": list(n.labels)})
        doc["nodes"].append(item)
    for r in sub.relationships:
        item = {_safe(k, RESERVED_EDGE): v for k, v in r.props.items() if v is not None}
        item.update(
            {
                "source": r.start,
                "target": r.end,
                "key": r.id or rel_id(r),
                "type": r.type,
                "label": r.type,
            }
        )
        doc["links"].append(item)
    return json.dumps(doc, ensure_ascii=False, indent=1, default=str).encode("utf-8")
