"""GraphML, GEXF and node-link JSON, written so that the tools made for them open them cleanly.

* **GraphML** (Cytoscape, yEd, Gephi, igraph, networkx): valid against ``graphml.xsd``
  extended, the way the GraphML primer extends it, by one XML attribute: ``<edge label="…">``,
  the relation type (:data:`GRAPHML_EXTENSION_XSD`). Gephi's GraphML importer types an edge
  from that attribute alone and merges parallel edges of one type, so with it Gephi keeps every
  relationship of the demo graph; the other readers ignore it. Node ids are ``n0``, ``n1`` …
  and edge ids ``e0``, ``e1`` … (the format wants NMTOKENs, which keys such as
  ``institution:深圳职业技术大学（筹）`` are not); the node's key is kept as its ``key``
  attribute. Key ids are distinct per domain (``n_*`` for nodes, ``e_*`` for edges,
  so a property used on both gets two keys). Node attributes: ``key``, ``label`` (display
  name), ``labels`` (store labels, ``;``-separated) and every property; edge attributes
  ``label`` and ``type`` (the relation type) and every property. Every relationship is its own
  edge, so parallel edges of different types stay apart. List properties are JSON text
  (GraphML has no arrays).
* **GEXF 1.3** (Gephi, Gephi Lite / graphology): valid against the 1.3 XSD. Node id = key;
  attribute ids are numbers (graphology-gexf shows an attribute's title only then);
  every relationship is an edge with its own id, its relation type as ``kind`` (GEXF 1.3's
  field for parallel edges of different kinds: Gephi keeps one edge per kind), ``label`` and a
  ``relation_type`` attribute; the GEXF ``type`` attribute is never written (the graph's
  ``defaultedgetype="directed"`` says what it means). A colour and size per node from the
  ontology (``<color>``/``<size>``, in the gexf namespace as the 1.3 XSD declares them); ``start``/``end`` from ``valid_from``/``valid_to`` widened to full dates
  (``2021`` → ``2021-01-01`` … ``2021-12-31``) so Gephi's timeline filters by validity, the
  original partial dates kept as attributes.
* **JSON node-link** (d3, sigma.js, networkx ``node_link_graph(data)`` with its defaults):
  ``{"directed": true, "multigraph": true, "graph": {...}, "nodes": [{"id", "key", "label",
  "labels", ...properties}], "edges": [{"source", "target", "key", "type", "label",
  ...properties}]}``; lists stay lists.

Example:
    >>> data = to_graphml(sub, schema)                       # bytes
    >>> import networkx as nx, io
    >>> nx.read_graphml(io.BytesIO(data)).number_of_nodes() == len(sub.nodes)
    True
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape, quoteattr

from iegraph.graph.exports.columns import flat_value, infer_columns
from iegraph.graph.model import Subgraph
from iegraph.graph.views.dates import period_end, period_start
from iegraph.graph.views.model import rel_id

if TYPE_CHECKING:
    import networkx as nx

    from iegraph.ontology.schema import Schema

#: attribute names the exporters set themselves; a property of the same name is prefixed
RESERVED_NODE = frozenset({"id", "key", "label", "labels", "start", "end", "viz", "pid"})
RESERVED_EDGE = frozenset(
    {
        "id",
        "label",
        "type",
        "kind",
        "relation_type",
        "source",
        "target",
        "key",
        "start",
        "end",
        "weight",
        "viz",
    }
)
PROP_PREFIX = "p_"
GEXF_NS = "http://gexf.net/1.3"
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
#: graphml.xsd extended by one XML attribute, edge@label (Gephi's edge type), our own schema
GRAPHML_EXTENSION_XSD = Path(__file__).with_name("graphml-edge-label.xsd")
#: node-link JSON member holding the relationships (networkx 3.6's default)
EDGES_MEMBER = "edges"

_GRAPHML_TYPES = {"boolean": "boolean", "long": "long", "double": "double", "string": "string"}
_GEXF_TYPES = {"boolean": "boolean", "long": "long", "double": "double", "string": "string"}


def _safe(name: str, reserved: frozenset[str]) -> str:
    return PROP_PREFIX + name if name in reserved else name


def _text(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
        return "NaN" if math.isnan(v) else ("INF" if v > 0 else "-INF")
    return str(v)


def _xml_clean(text: str) -> str:
    # characters XML 1.0 cannot carry at all (not even escaped) are dropped
    return "".join(
        ch
        for ch in text
        if ch in "\t\n\r"
        or (0x20 <= ord(ch) <= 0xD7FF)
        or (0xE000 <= ord(ch) <= 0xFFFD)
        or ord(ch) >= 0x10000
    )


class _Writer:
    """A tiny pretty-printing XML writer (attribute values and text escaped, UTF-8)."""

    def __init__(self) -> None:
        self.parts: list[str] = ['<?xml version="1.0" encoding="UTF-8"?>\n']
        self.depth = 0

    def _open(self, name: str, attrs: Mapping[str, Any] | None) -> str:
        items = "".join(
            f" {k}={quoteattr(_xml_clean(_text(v)))}"
            for k, v in (attrs or {}).items()
            if v is not None
        )
        return f"{'  ' * self.depth}<{name}{items}"

    def start(self, name: str, attrs: Mapping[str, Any] | None = None) -> None:
        self.parts.append(self._open(name, attrs) + ">\n")
        self.depth += 1

    def end(self, name: str) -> None:
        self.depth -= 1
        self.parts.append(f"{'  ' * self.depth}</{name}>\n")

    def empty(self, name: str, attrs: Mapping[str, Any]) -> None:
        self.parts.append(self._open(name, attrs) + "/>\n")

    def text_element(self, name: str, attrs: Mapping[str, Any], text: str) -> None:
        self.parts.append(f"{self._open(name, attrs)}>{escape(_xml_clean(text))}</{name}>\n")

    def data(self) -> bytes:
        return "".join(self.parts).encode("utf-8")


def _node_attrs(sub: Subgraph) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """Column types and the flat attribute dict of every node (in ``sub.nodes`` order)."""
    cols = infer_columns(n.props for n in sub.nodes)
    rows = []
    for n in sub.nodes:
        attrs: dict[str, Any] = {"key": n.key, "label": n.name, "labels": ";".join(n.labels)}
        for k, v in n.props.items():
            if v is None or k == "key":
                continue
            attrs[_safe(k, RESERVED_NODE)] = flat_value(v, cols[k])
        rows.append(attrs)
    types = {"key": "string", "label": "string", "labels": "string"}
    types.update({_safe(k, RESERVED_NODE): _flat_col(t) for k, t in cols.items() if k != "key"})
    return types, rows


def _edge_attrs(sub: Subgraph) -> tuple[dict[str, str], list[dict[str, Any]]]:
    cols = infer_columns(r.props for r in sub.relationships)
    rows = []
    for r in sub.relationships:
        attrs: dict[str, Any] = {}
        for k, v in r.props.items():
            if v is not None:
                attrs[_safe(k, RESERVED_EDGE)] = flat_value(v, cols[k])
        rows.append(attrs)
    types = {_safe(k, RESERVED_EDGE): _flat_col(t) for k, t in cols.items()}
    return types, rows


def _flat_col(col_type: str) -> str:
    return "string" if col_type.endswith("[]") else col_type


# -- GraphML --------------------------------------------------------------------------------------
def to_graphml(sub: Subgraph, schema: Schema | None = None, *, gephi_label: bool = True) -> bytes:
    """GraphML bytes (UTF-8); see the module docstring. ``gephi_label=False`` (the
    ``graphml-plain`` format) leaves out the XML attribute ``label`` of ``<edge>``: the file is
    then valid against graphml.xsd alone, and Gephi merges parallel edges of different types."""
    ntypes, nrows = _node_attrs(sub)
    etypes, erows = _edge_attrs(sub)
    etypes = {"label": "string", "type": "string", **etypes}
    nkey = {name: f"n_{i}" for i, name in enumerate(ntypes)}
    ekey = {name: f"e_{i}" for i, name in enumerate(etypes)}
    w = _Writer()
    w.start(
        "graphml",
        {
            "xmlns": GRAPHML_NS,
            "xmlns:xsi": XSI,
            "xsi:schemaLocation": f"{GRAPHML_NS} {GRAPHML_NS}/1.0/graphml.xsd",
        },
    )
    for domain, types, ids in (("node", ntypes, nkey), ("edge", etypes, ekey)):
        for name, t in types.items():
            w.empty(
                "key",
                {
                    "id": ids[name],
                    "for": domain,
                    "attr.name": name,
                    "attr.type": _GRAPHML_TYPES[t],
                },
            )
    w.start("graph", {"id": "iegraph", "edgedefault": "directed"})
    node_id: dict[str, str] = {}
    for i, (n, attrs) in enumerate(zip(sub.nodes, nrows, strict=True)):
        node_id[n.key] = f"n{i}"
        w.start("node", {"id": f"n{i}"})
        for k, v in attrs.items():
            w.text_element("data", {"key": nkey[k]}, _text(v))
        w.end("node")
    for i, (r, attrs) in enumerate(zip(sub.relationships, erows, strict=True)):
        if r.start not in node_id or r.end not in node_id:
            continue
        ends = {"source": node_id[r.start], "target": node_id[r.end]}
        # the XML attribute label: Gephi's edge type (GRAPHML_EXTENSION_XSD)
        w.start("edge", {"id": f"e{i}", **ends, **({"label": r.type} if gephi_label else {})})
        for k, v in {"label": r.type, "type": r.type, **attrs}.items():
            w.text_element("data", {"key": ekey[k]}, _text(v))
        w.end("edge")
    w.end("graph")
    w.end("graphml")
    return w.data()


# -- GEXF -----------------------------------------------------------------------------------------
def _interval(props: Mapping[str, Any]) -> dict[str, str]:
    out = {}
    start, end = period_start(props.get("valid_from")), period_end(props.get("valid_to"))
    if start:
        out["start"] = start
    if end:
        out["end"] = end
    return out


def _rgb(color: str) -> dict[str, int]:
    c = color.lstrip("#")
    if len(c) == 3:
        c = "".join(ch * 2 for ch in c)
    try:
        return {"r": int(c[0:2], 16), "g": int(c[2:4], 16), "b": int(c[4:6], 16)}
    except ValueError:
        return {"r": 151, "g": 194, "b": 252}


def to_gexf(sub: Subgraph, schema: Schema | None = None) -> bytes:
    """GEXF 1.3 bytes (UTF-8), dynamic (``timeformat="date"``) when any date is known."""
    ntypes, nrows = _node_attrs(sub)
    ntypes.pop("label")  # GEXF's own node label
    etypes, erows = _edge_attrs(sub)
    etypes = {"relation_type": "string", **etypes}
    styler = None
    if schema is not None:
        from iegraph.graph.views.style import Styler

        styler = Styler(schema)
    intervals = [_interval(n.props) for n in sub.nodes] + [
        _interval(r.props) for r in sub.relationships
    ]
    dynamic = any(intervals)
    w = _Writer()
    w.start(
        "gexf",
        {
            "xmlns": GEXF_NS,
            "xmlns:xsi": XSI,
            "xsi:schemaLocation": f"{GEXF_NS} {GEXF_NS}/gexf.xsd",
            "version": "1.3",
        },
    )
    w.start("meta", {"lastmodifieddate": datetime.now(UTC).date().isoformat()})
    w.text_element("creator", {}, "iegraph")
    w.text_element(
        "description",
        {},
        f"iegraph export: {len(sub.nodes)} nodes, {len(sub.relationships)} relationships",
    )
    w.end("meta")
    graph_attrs: dict[str, Any] = {"defaultedgetype": "directed", "idtype": "string"}
    if dynamic:
        graph_attrs.update({"mode": "dynamic", "timeformat": "date"})
    else:
        graph_attrs["mode"] = "static"
    w.start("graph", graph_attrs)
    # numeric attribute ids, distinct over both classes: graphology-gexf (Sigma.js, Gephi
    # Lite) names an attribute by its title only when its id is a number (by the id otherwise)
    nid = {name: str(i) for i, name in enumerate(ntypes)}
    eid = {name: str(len(ntypes) + i) for i, name in enumerate(etypes)}
    for cls, types, ids in (("node", ntypes, nid), ("edge", etypes, eid)):
        w.start("attributes", {"class": cls, "mode": "static"})
        for name, t in types.items():
            w.empty("attribute", {"id": ids[name], "title": name, "type": _GEXF_TYPES[t]})
        w.end("attributes")
    w.start("nodes", {"count": len(sub.nodes)})
    keys = set()
    for n, attrs in zip(sub.nodes, nrows, strict=True):
        keys.add(n.key)
        w.start("node", {"id": n.key, "label": n.name, **_interval(n.props)})
        _attvalues(w, nid, (kv for kv in attrs.items() if kv[0] != "label"))
        if styler is not None:
            st = styler.class_style(styler.node_class(n))
            # GEXF 1.3's XSD declares color and size in the gexf namespace itself (1.2 had
            # a viz: namespace); Gephi reads them by name either way
            w.empty("color", _rgb(st.color))
            w.empty("size", {"value": "10.0"})
        w.end("node")
    w.end("nodes")
    rels = [(r, a) for r, a in zip(sub.relationships, erows, strict=True)]
    rels = [(r, a) for r, a in rels if r.start in keys and r.end in keys]
    w.start("edges", {"count": len(rels)})
    for r, attrs in rels:
        w.start(
            "edge",
            {
                "id": r.id or rel_id(r),
                "source": r.start,
                "target": r.end,
                "kind": r.type,
                "label": r.type,
                **_interval(r.props),
            },
        )
        _attvalues(w, eid, [("relation_type", r.type), *attrs.items()])
        w.end("edge")
    w.end("edges")
    w.end("graph")
    w.end("gexf")
    return w.data()


def _attvalues(w: _Writer, ids: Mapping[str, str], items: Iterable[tuple[str, Any]]) -> None:
    vals = [(ids[k], v) for k, v in items if v is not None and k in ids]
    if not vals:
        return
    w.start("attvalues")
    for i, v in vals:
        w.empty("attvalue", {"for": i, "value": _text(v)})
    w.end("attvalues")


# -- node-link JSON -------------------------------------------------------------------------------
def to_node_link(sub: Subgraph, schema: Schema | None = None) -> bytes:
    """Node-link JSON bytes (lists kept as lists); see the module docstring."""
    doc: dict[str, Any] = {
        "directed": True,
        "multigraph": True,
        "graph": {"name": "iegraph", "ontology_version": getattr(schema, "version", None)},
        "nodes": [],
        EDGES_MEMBER: [],
    }
    for n in sub.nodes:
        item = {
            _safe(k, RESERVED_NODE): v for k, v in n.props.items() if v is not None and k != "key"
        }
        item.update({"id": n.key, "key": n.key, "label": n.name, "labels": list(n.labels)})
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
        doc[EDGES_MEMBER].append(item)
    return json.dumps(doc, ensure_ascii=False, indent=1, default=str).encode("utf-8")


def to_networkx(sub: Subgraph, schema: Schema | None = None) -> nx.MultiDiGraph:
    """A networkx MultiDiGraph of the subgraph (keys as node ids, rel ids as edge keys, the
    properties as they are) — for analysis in Python, not a file format."""
    import networkx as nx

    g = nx.MultiDiGraph(name="iegraph")
    for n in sub.nodes:
        attrs = {
            _safe(k, RESERVED_NODE): v for k, v in n.props.items() if v is not None and k != "key"
        }
        g.add_node(n.key, **attrs, key=n.key, label=n.name, labels=list(n.labels))
    for r in sub.relationships:
        attrs = {_safe(k, RESERVED_EDGE): v for k, v in r.props.items() if v is not None}
        g.add_edge(r.start, r.end, key=r.id or rel_id(r), **attrs, type=r.type, label=r.type)
    return g
