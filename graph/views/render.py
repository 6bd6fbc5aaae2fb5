"""Turn a :class:`~graph.views.model.View` into a self-contained, offline HTML page.

The page is a pyvis page: the vis-network build that pyvis ships, fed node and edge records
in pyvis's format (``{"id", "label", "shape", "color", "title", "size"}`` and
``{"from", "to", "arrows": "to", …}``, what ``Network.add_node`` / ``add_edge`` produce). The
records are built here rather than through ``pyvis.network.Network`` because importing that
module imports IPython: measured 2.5 s (up to 5 s under load) of every ``iegraph view``
command and API worker start, for three dict constructors; and ``add_edge`` scans the node list
for every edge (quadratic at 1,000+ nodes). The ontology gives every class its colour and shape
and every relation type its colour and label, and :mod:`graph.views.page` wraps the records
with the inlined vis-network script, a legend and the notes. Physics lays the graph out once
and is switched off after stabilisation.

Example:
    >>> from iegraph.graph.views import render, write_view
    >>> html = render(view)                               # doctest: +SKIP
    >>> write_view(view, "v.html")                        # doctest: +SKIP
    PosixPath('v.html')
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from iegraph.graph.views.group import DEFAULT_CAP, GROUP_LABEL, group_view
from iegraph.graph.views.layout import SEED_ABOVE, seed_positions
from iegraph.graph.views.model import View, rel_id
from iegraph.graph.views.page import render_page
from iegraph.graph.views.style import Styler
from iegraph.ontology.errors import ConfigError
from iegraph.ontology.schema import Schema, load_schema

_HIGHLIGHT_BORDER = "#d62728"


@dataclass
class Drawing:
    """What the page will draw: vis node/edge records, options, legend and notes."""

    view: View  # the view actually drawn (grouped when the input was over the cap)
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    options: dict[str, Any]
    legend_classes: list[dict[str, Any]] = field(default_factory=list)
    legend_rels: list[dict[str, Any]] = field(default_factory=list)

    @property
    def grouped(self) -> bool:
        return bool(self.view.params.get("grouped"))


def layout_options(
    n_nodes: int, n_edges: int, seeded: bool = False, grouped: bool = False
) -> dict[str, Any]:
    """vis-network options scaled to the size of the view.

    Large views arrive with start positions (:mod:`graph.views.layout`), so a small iteration
    budget finishes them; that and the cheaper drawing settings above a few hundred nodes keep
    a 1,000-node view stabilising in a few seconds (see ``bench/views.py``).
    """
    big = n_nodes > 300 or n_edges > 600
    # seeded views only polish a finished layout; ~35 ms per iteration at 1,000 nodes here
    iterations = (60 if n_nodes <= 500 else 20) if seeded else 400
    # group nodes are big and densely linked: push them apart harder, on longer springs
    bh = (
        {
            "theta": 0.5,
            "gravitationalConstant": -30000,
            "centralGravity": 0.1,
            "springLength": 260,
            "springConstant": 0.01,
            "damping": 0.4,
            "avoidOverlap": 1.0,
        }
        if grouped
        else {
            "theta": 0.9 if big else 0.5,
            "gravitationalConstant": -6000,
            "centralGravity": 0.15,
            "springLength": 110,
            "springConstant": 0.04,
            "damping": 0.3,
            "avoidOverlap": 0.1,
        }
    )
    return {
        "autoResize": True,
        # improvedLayout runs a Kamada-Kawai pre-layout that is quadratic: only for small views
        "layout": {"improvedLayout": n_nodes <= 100, "randomSeed": 7},
        "physics": {
            "enabled": n_nodes > 1,
            # Barnes-Hut with a coarse theta: ~3x cheaper per iteration than the default 0.5
            # at 1,000 nodes, and the difference is not visible at that size
            "solver": "barnesHut",
            "barnesHut": bh,
            "minVelocity": 1.5 if big else 0.75,
            "stabilization": {
                "enabled": True,
                "iterations": iterations,
                "updateInterval": 25,
                "fit": True,
            },
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "navigationButtons": False,
        },
        "nodes": {
            "borderWidth": 1,
            "font": {"size": 13},
            "scaling": {"label": {"enabled": True, "drawThreshold": 7}},
        },
        "edges": {
            "smooth": False if big else {"enabled": True, "type": "continuous", "roundness": 0.3},
            "font": {"size": 9, "align": "middle", "strokeWidth": 3, "color": "#555"},
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.45}},
            "width": 1.2,
            "selectionWidth": 2,
        },
    }


def prepare(
    view: View,
    schema: Schema | None = None,
    *,
    cap: int = DEFAULT_CAP,
    group_by: str = "class_place",
) -> Drawing:
    """Style a view (grouping it first when it has more than ``cap`` nodes).

    Args:
        view: what to draw.
        schema: the compiled ontology (default: :func:`ontology.schema.load_schema`).
        cap: most nodes drawn individually (see :mod:`graph.views.group`).
        group_by: ``class_place`` or ``community``.
    """
    schema = schema or load_schema()
    styler = Styler(schema)
    view = group_view(view, styler, cap=cap, by=group_by)
    sub = view.subgraph
    keys = {n.key for n in sub.nodes}
    rels = [r for r in sub.relationships if r.start in keys and r.end in keys]
    degree: Counter[str] = Counter()
    for r in rels:
        degree[r.start] += 1
        degree[r.end] += 1
    names = {n.key: n.name for n in sub.nodes}

    vis_nodes: list[dict[str, Any]] = []
    vis_edges: list[dict[str, Any]] = []
    class_count: Counter[str] = Counter()
    for n in sub.nodes:
        cls = styler.node_class(n)
        st = styler.class_style(cls)
        is_group = GROUP_LABEL in n.labels
        size_basis = int(n.props.get("group_size", 1)) if is_group else degree[n.key]
        class_count[cls] += int(n.props.get("group_size", 1)) if is_group else 1
        opts: dict[str, Any] = {
            "title": _group_tooltip(n.props, st.label)
            if is_group
            else styler.node_tooltip(n, view.places.get(n.key)),
            "size": round(_size(size_basis, is_group), 1),
            "cls": cls,
            "borderWidth": 1,
        }
        if n.key in view.highlight_nodes:
            opts["borderWidth"] = 4
            opts["color"] = {
                "background": st.color,
                "border": _HIGHLIGHT_BORDER,
                "highlight": {"background": st.color, "border": _HIGHLIGHT_BORDER},
            }
            opts["font"] = {"size": 16, "bold": True}
        else:
            opts["color"] = st.color
        shape = (
            "dot" if is_group and st.shape in {"box", "ellipse", "text", "database"} else st.shape
        )
        vis_nodes.append({"id": n.key, "label": n.name, "shape": shape, **opts})

    rel_count: Counter[str] = Counter()
    seen_ids: set[str] = set()
    for r in rels:
        rs = styler.rel_style(r.type)
        rid = r.id or rel_id(r)
        if rid in seen_ids:
            continue
        seen_ids.add(rid)
        count = int(r.props.get("count", 1))
        if r.props.get("types"):  # a merged group edge: "TYPE: n" per type
            for item in r.props["types"]:
                t, _, k = str(item).rpartition(": ")
                rel_count[t] += int(k)
        else:
            rel_count[r.type] += count
        rdef = schema.relations.get(r.type)
        hl = rid in view.highlight_rels or rel_id(r) in view.highlight_rels
        opts = {
            "id": rid,
            "label": rs.label if count == 1 else f"{rs.label} ×{count}",
            "title": styler.edge_tooltip(r, names)
            + (f"\n{count} relationships merged" if count > 1 else "")
            + ("\ntypes: " + "; ".join(r.props["types"]) if r.props.get("types") else ""),
            "color": {"color": rs.color, "highlight": rs.color, "hover": rs.color},
            "relType": r.type,
            "width": 4 if hl else (1.2 + math.log2(count) if count > 1 else 1.2),
        }
        if rdef is not None and rdef.symmetric:
            opts["arrows"] = {"to": {"enabled": False}}
        vis_edges.append({"from": r.start, "to": r.end, "arrows": "to", **opts})

    legend_classes = [
        {
            "name": c,
            "label": styler.class_style(c).label,
            "color": styler.class_style(c).color,
            "shape": styler.class_style(c).shape,
            "count": k,
        }
        for c, k in sorted(class_count.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    legend_rels = [
        {
            "name": t,
            "label": styler.rel_style(t).long_label,
            "color": styler.rel_style(t).color,
            "count": k,
        }
        for t, k in sorted(rel_count.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    seeded = len(vis_nodes) > SEED_ABOVE
    if seeded:
        pos = seed_positions(
            [nd["id"] for nd in vis_nodes], [(e["from"], e["to"]) for e in vis_edges]
        )
        for nd in vis_nodes:
            nd["x"], nd["y"] = (round(c, 1) for c in pos[nd["id"]])
    options = layout_options(
        len(vis_nodes), len(vis_edges), seeded, bool(view.params.get("grouped"))
    )
    return Drawing(view, vis_nodes, vis_edges, options, legend_classes, legend_rels)


def render(
    view: View,
    schema: Schema | None = None,
    *,
    cap: int = DEFAULT_CAP,
    group_by: str = "class_place",
) -> str:
    """The HTML page of a view (self-contained: no network access at view time).

    Example:
        >>> html = render(view, cap=1500)          # doctest: +SKIP
        >>> "vis.Network" in html
        True
    """
    return render_drawing(prepare(view, schema, cap=cap, group_by=group_by))


def render_drawing(d: Drawing) -> str:
    """The page of an already prepared :class:`Drawing`."""
    from iegraph.graph.views import __version__

    v = d.view
    counts = f"{len(d.nodes):,} nodes · {len(d.edges):,} relationships"
    if d.grouped:
        counts += (
            f" (grouped from {v.params['ungrouped_nodes']:,} nodes · "
            f"{v.params['ungrouped_relationships']:,} relationships)"
        )
    payload = {
        "nodes": d.nodes,
        "edges": d.edges,
        "options": d.options,
        "params": _jsonable(v.params),
    }
    return render_page(
        title=v.title,
        counts=counts,
        notes=v.notes,
        legend_classes=d.legend_classes,
        legend_rels=d.legend_rels,
        physics=d.options["physics"]["enabled"],
        data_json=script_json(payload),
        version=__version__,
    )


def write_view(
    view: View,
    path: str | os.PathLike[str],
    schema: Schema | None = None,
    *,
    cap: int = DEFAULT_CAP,
    group_by: str = "class_place",
) -> Path:
    """Render a view and write it atomically to ``path`` (parents created).

    Raises:
        ConfigError: the file cannot be written (message names the path).
    """
    html = render(view, schema, cap=cap, group_by=group_by)
    return write_text_atomic(path, html)


def current_umask() -> int:
    """The process umask (read from /proc where it is shown, else set and restored)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_text_atomic(path: str | os.PathLike[str], text: str | bytes) -> Path:
    """Write via a temp file and rename, so a reader never sees half a page or export."""
    out = Path(path).expanduser()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".iegraph-", dir=out.parent)
        # mkstemp creates 0600; a file the user asked for gets the mode their umask gives
        os.fchmod(fd, 0o666 & ~current_umask())
        with os.fdopen(fd, "wb") as fh:
            fh.write(text.encode("utf-8") if isinstance(text, str) else text)
        os.replace(tmp, out)
    except OSError as e:
        raise ConfigError(
            f"cannot write {out}: {e.strerror or e}", hint="choose a writable path with -o"
        ) from e
    return out


def script_json(obj: Any) -> str:
    """JSON safe inside a ``<script>`` element (no ``</script>`` can close it early)."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), default=str)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _size(basis: int, is_group: bool) -> float:
    if is_group:
        return min(40.0, 12 + 2 * math.sqrt(basis))
    return min(45.0, 10 + 4 * math.sqrt(basis))


def _group_tooltip(props: dict[str, Any], label: str) -> str:
    lines = [str(props.get("name", "")), f"group of {props.get('group_size')} entities"]
    if props.get("place"):
        lines.append(f"place: {props['place']}")
    classes = props.get("group_classes") or []
    if classes:
        lines.append("classes: " + "; ".join(classes))
    members = props.get("members") or []
    if members:
        more = int(props.get("group_size", 0)) - len(members)
        lines.append("members: " + "; ".join(members) + (f" … and {more} more" if more > 0 else ""))
    return "\n".join(lines)


def _jsonable(obj: Any) -> Any:
    return json.loads(json.dumps(obj, default=str))
