"""The HTML page a view is written into (our own template around the vis-network pyvis ships).

Why not pyvis's bundled template: even with ``cdn_resources="in_line"`` it links Bootstrap from
a CDN, so the page would fetch a stylesheet and a script at view time. This template inlines
vis-network (the copy pyvis ships) and nothing else, and a Content-Security-Policy forbids every
network request, so a page that tries to leave the machine fails loudly in the browser tests.

The page exposes ``window.network`` (the vis Network) and ``window.iegraph`` (counts and the
stabilisation state) for tests and benchmarks.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment

_CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data: blob:; font-src data:"
)

PAGE = r"""<!DOCTYPE html>
<html lang="zh-Hans">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{ csp }}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="iegraph {{ version }}">
<title>{{ title }}</title>
<style>{{ vis_css }}</style>
<style>
  html, body { margin: 0; padding: 0; height: 100%; font-family: "Noto Sans CJK SC", "PingFang SC",
    "Microsoft YaHei", "Helvetica Neue", Arial, sans-serif; color: #222; }
  #iegraph-header { position: absolute; top: 0; left: 0; right: 0; z-index: 10; padding: 6px 12px;
    background: rgba(255,255,255,.92); border-bottom: 1px solid #ddd; }
  #iegraph-header h1 { font-size: 16px; margin: 0; display: inline; }
  #iegraph-counts { margin-left: 12px; color: #666; font-size: 13px; }
  .iegraph-note { margin: 4px 0 0; padding: 4px 8px; font-size: 13px; background: #fff6d5;
    border-left: 4px solid #e0a800; }
  #mynetwork { position: absolute; top: 0; left: 0; right: 0; bottom: 0; background: #fff; }
  #iegraph-legend { position: absolute; right: 10px; bottom: 10px; z-index: 10; max-height: 60vh;
    overflow: auto; font-size: 12px; background: rgba(255,255,255,.94); border: 1px solid #ccc;
    border-radius: 6px; padding: 6px 10px; box-shadow: 0 1px 4px rgba(0,0,0,.15); }
  #iegraph-legend summary { font-weight: bold; cursor: pointer; }
  #iegraph-legend ul { list-style: none; margin: 4px 0; padding: 0; }
  #iegraph-legend li { margin: 2px 0; white-space: nowrap; }
  .sw { display: inline-block; width: 12px; height: 12px; margin-right: 6px; vertical-align: -1px;
    border: 1px solid rgba(0,0,0,.3); }
  .sw.dot, .sw.ellipse, .sw.circle { border-radius: 50%; }
  .sw.diamond { transform: rotate(45deg) scale(.8); }
  .sw.triangle { clip-path: polygon(50% 0, 100% 100%, 0 100%); border: 0; }
  .sw.triangleDown { clip-path: polygon(0 0, 100% 0, 50% 100%); border: 0; }
  .sw.hexagon { clip-path: polygon(25% 0, 75% 0, 100% 50%, 75% 100%, 25% 100%, 0 50%); border: 0; }
  .sw.star { clip-path: polygon(50% 0, 61% 35%, 98% 35%, 68% 57%, 79% 91%, 50% 70%, 21% 91%,
    32% 57%, 2% 35%, 39% 35%); border: 0; }
  .sw.box, .sw.database, .sw.text { border-radius: 3px; width: 16px; }
  .ln { display: inline-block; width: 22px; height: 0; margin-right: 6px; vertical-align: 3px;
    border-top: 3px solid; }
  #iegraph-progress { position: absolute; left: 50%; top: 50%; transform: translate(-50%, -50%);
    z-index: 11; background: rgba(255,255,255,.9); padding: 8px 14px; border-radius: 6px;
    border: 1px solid #ccc; font-size: 13px; }
  div.vis-tooltip { white-space: pre-wrap; max-width: 520px; font-size: 12px; line-height: 1.45; }
</style>
</head>
<body>
<div id="mynetwork"></div>
<div id="iegraph-header">
  <h1>{{ title }}</h1><span id="iegraph-counts">{{ counts }}</span>
  {% for note in notes %}<p class="iegraph-note" id="iegraph-note{{ '' if loop.first else loop.index0 }}">{{ note }}</p>{% endfor %}
</div>
<details id="iegraph-legend" open>
  <summary>图例 Legend</summary>
  <ul id="iegraph-legend-classes">
  {% for c in legend_classes %}<li data-class="{{ c.name }}"><span class="sw {{ c.shape }}" style="background: {{ c.color }}"></span>{{ c.label }} <small>({{ c.count }})</small></li>
  {% endfor %}</ul>
  <ul id="iegraph-legend-relations">
  {% for r in legend_rels %}<li data-type="{{ r.name }}"><span class="ln" style="border-color: {{ r.color }}"></span>{{ r.label }} <small>({{ r.count }})</small></li>
  {% endfor %}</ul>
</details>
<div id="iegraph-progress">{{ 'laying out…' if physics else '' }}</div>
<script type="application/json" id="iegraph-data">{{ data_json }}</script>
<script>{{ vis_js }}</script>
<script>
(function () {
  "use strict";
  var t0 = performance.now();
  var data = JSON.parse(document.getElementById("iegraph-data").textContent);
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var state = { nodes: data.nodes.length, edges: data.edges.length, stabilized: false,
                stabilizationMs: null, params: data.params };
  window.iegraph = state;
  var progress = document.getElementById("iegraph-progress");
  var network = new vis.Network(document.getElementById("mynetwork"),
                                {nodes: nodes, edges: edges}, data.options);
  window.network = network;
  function done() {
    if (state.stabilized) { return; }
    // freeze the layout: a settled picture must not keep burning CPU or drift
    network.setOptions({physics: false});
    state.stabilized = true;
    state.stabilizationMs = Math.round(performance.now() - t0);
    progress.style.display = "none";
    document.body.setAttribute("data-stabilized", "true");
  }
  network.on("stabilizationProgress", function (p) {
    progress.textContent = "laying out… " + Math.round(100 * p.iterations / p.total) + "%";
  });
  network.once("stabilizationIterationsDone", done);
  network.once("stabilized", done);
  if (!data.options.physics.enabled || data.nodes.length < 2) { done(); }
})();
</script>
</body>
</html>
"""


@lru_cache(maxsize=1)
def _env() -> Environment:
    # autoescape on: titles, notes and legend labels come from user data
    return Environment(autoescape=True, keep_trailing_newline=True)


@lru_cache(maxsize=1)
def vis_assets() -> tuple[str, str]:
    """``(js, css)`` of the vis-network build that pyvis ships (read once, offline)."""
    import importlib.util

    # locate pyvis's files without importing it (its import pulls in IPython)
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        from iegraph.ontology.errors import ConfigError

        raise ConfigError("pyvis is not installed", hint="pip install 'pyvis>=0.3.2'")
    lib = Path(next(iter(spec.submodule_search_locations))).resolve() / "templates" / "lib"
    candidates = sorted(lib.glob("vis-*/vis-network.min.js"), reverse=True)
    if not candidates:  # pragma: no cover - depends on the installed pyvis
        from iegraph.ontology.errors import ConfigError

        raise ConfigError(
            f"pyvis at {lib.parent.parent} ships no vis-network.min.js",
            hint="reinstall pyvis (pip install --force-reinstall 'pyvis>=0.3.2')",
        )
    js_path = candidates[0]
    js = js_path.read_text(encoding="utf-8")
    css = (js_path.parent / "vis-network.css").read_text(encoding="utf-8")
    # a source-map comment makes devtools fetch a file that is not there; drop it
    js = re.sub(r"//# sourceMappingURL=\S+", "", js)
    css = re.sub(r"/\*# sourceMappingURL=\S+ \*/", "", css)
    return js, css


def render_page(**context: object) -> str:
    """Fill the page template (``data_json`` must already be script-safe JSON)."""
    from markupsafe import Markup

    js, css = vis_assets()
    tpl = _env().from_string(PAGE)
    ctx = dict(context)
    ctx["data_json"] = Markup(str(ctx["data_json"]))
    return tpl.render(csp=Markup(_CSP), vis_js=Markup(js), vis_css=Markup(css), **ctx)
