/* iegraph explorer — one page over the public /api/v1 API (no build step, no outside request).
 *
 * State lives in S; render() derives what vis-network draws from it (filters, time, hidden,
 * groups) and applies only the difference to the vis DataSets, so expanding a node on a canvas
 * of 2,000 touches only what changed. The URL carries the state (shareable; back works).
 * window.iegraphExplorer exposes the state for tests and bench/explorer.py.
 */
"use strict";
(function () {
  const API = "/api/v1";
  const CAP = 2000; // nodes drawn one by one; beyond, the least connected are grouped by class
  const LAYOUT_MAX = 600; // the Layout button runs a full stabilisation only up to this size
  const SETTLE_MAX = 200; // a short animated settle after a change only up to this size
  // Text is what costs most to draw (measured: 2,000 CJK node labels took 9 in 10 parts of a
  // frame in headless Chromium): above LABEL_ALL nodes only the best-connected LABEL_TOP and
  // the selected, pinned and highlighted ones carry a label (the others show it on hover);
  // relation labels only up to EDGE_LABELS edges (the legend gives their colours).
  const LABEL_ALL = 300, LABEL_TOP = 150, EDGE_LABELS = 250;
  const T = window.IEGRAPH_I18N;
  const $ = (id) => document.getElementById(id);

  const S = {
    lang: "zh",
    style: { classes: new Map(), rels: new Map() },
    nodes: new Map(), // key -> {key, labels, props, cls, top, name}
    rels: new Map(), // id -> {id, type, start, end, props, evidence}
    hidden: new Set(),
    pinned: new Set(),
    groups: new Map(), // gid -> {id, label, members: Set}
    highlight: new Set(), // node keys and relationship ids
    f: { classes: new Set(), types: new Set(), conf: 0, sources: new Set() },
    asOf: null,
    timeline: { min: null, max: null },
    selected: null,
    sources: new Map(), // source key -> {title, ...}
    apiKey: sessionStorage.getItem("iegraph.apiKey") || "",
    features: {},
    busy: 0,
    lastPath: null,
  };

  // ---------------------------------------------------------------- helpers
  function t(k) { return (T[S.lang] && T[S.lang][k]) || T.zh[k] || k; }
  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") e.className = v;
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else if (k === "text") e.textContent = v;
      else e.setAttribute(k, v === true ? "" : v);
    }
    for (const c of kids.flat()) {
      if (c === null || c === undefined || c === false) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }
  function safeUrl(u) { return typeof u === "string" && /^https?:\/\//i.test(u) ? u : null; }
  function yearOf(v) {
    if (v === null || v === undefined) return null;
    const m = /^\s*(\d{4})/.exec(String(v));
    return m ? +m[1] : null;
  }
  function busy(d) {
    S.busy += d;
    document.body.dataset.busy = String(S.busy);
    $("busy").hidden = S.busy <= 0;
  }
  function status(msg, cls) {
    const s = $("status");
    s.textContent = msg || "";
    s.className = cls || "";
  }
  async function api(path, opts) {
    opts = opts || {};
    const headers = Object.assign({}, opts.headers || {});
    if (S.apiKey) headers["X-API-Key"] = S.apiKey;
    let body = opts.body;
    if (body && !(body instanceof FormData) && typeof body !== "string") {
      body = JSON.stringify(body);
      headers["Content-Type"] = "application/json";
    }
    busy(1);
    try {
      const r = await fetch(path.startsWith("/") ? path : API + "/" + path,
        { method: opts.method || (body ? "POST" : "GET"), headers, body });
      if (!r.ok) {
        let detail = r.status + " " + r.statusText;
        try { const p = await r.json(); detail = (p.detail || p.title || detail) + (p.hint ? " — " + p.hint : ""); } catch (e) { /* not JSON */ }
        const err = new Error(detail); err.status = r.status; throw err;
      }
      if (opts.raw) return r;
      return await r.json();
    } finally { busy(-1); }
  }
  const enc = encodeURIComponent;

  // ---------------------------------------------------------------- style and legend
  function classStyle(cls, top) {
    return S.style.classes.get(cls) || S.style.classes.get(top) ||
      { color: "#97c2fc", shape: "dot", labels: {}, legend: cls || "?" };
  }
  function relStyle(type) {
    return S.style.rels.get(type) || { color: "#848484", label: type, labels: {}, legend: type };
  }
  function classLabel(cls) {
    const c = S.style.classes.get(cls);
    if (!c) return cls || "";
    return S.lang === "zh" ? (c.labels["zh-Hans"] || cls) : (c.labels.en || cls);
  }
  function relLabel(type) {
    const r = S.style.rels.get(type);
    if (!r) return type;
    return S.lang === "zh" ? (r.labels["zh-Hans"] || type) : (r.labels.en || type);
  }

  // ---------------------------------------------------------------- graph state
  function addNode(j) {
    const p = j.properties || {};
    const n = { key: j.key, labels: j.labels || [], props: p, cls: p["class"] || null,
      top: p.top || null, name: p.name || j.key };
    S.nodes.set(n.key, n);
    return n;
  }
  function addRel(j) {
    const r = { id: j.id, type: j.type, start: j.start, end: j.end, props: j.properties || {},
      evidence: j.evidence || [] };
    S.rels.set(r.id, r);
    return r;
  }
  function addGraph(g) {
    for (const n of g.nodes || []) addNode(n);
    for (const r of g.relationships || []) addRel(r);
  }
  function sourcesOf(item) { return (item.props && item.props.source_ids) || []; }
  function sourceOk(item) {
    if (!S.f.sources.size) return true;
    const s = sourcesOf(item);
    return !s.length || s.some((x) => !S.f.sources.has(x));
  }
  function validAt(props, y, node) {
    if (y === null) return true;
    const from = yearOf(props.valid_from ?? (node ? (props.founded ?? props.issued_date) : null));
    const to = yearOf(props.valid_to);
    return (from === null || from <= y) && (to === null || to >= y);
  }
  function nodeOk(n) {
    if (S.hidden.has(n.key)) return false;
    if (S.f.classes.has(n.top || n.cls)) return false;
    if (!validAt(n.props, S.asOf, true)) return false;
    return sourceOk(n);
  }
  function relOk(r) {
    if (S.f.types.has(r.type)) return false;
    const c = r.props.confidence;
    if (S.f.conf > 0 && typeof c === "number" && c < S.f.conf) return false;
    if (!validAt(r.props, S.asOf, false)) return false;
    return sourceOk(r);
  }

  /** What is visible: real nodes and relationships after filters (before grouping). */
  function visibleSets() {
    const nodes = [];
    const keys = new Set();
    for (const n of S.nodes.values()) if (nodeOk(n)) { nodes.push(n); keys.add(n.key); }
    const rels = [];
    for (const r of S.rels.values()) {
      if (keys.has(r.start) && keys.has(r.end) && relOk(r)) rels.push(r);
    }
    return { nodes, rels, keys };
  }

  // ---------------------------------------------------------------- drawing
  let nodesDS, edgesDS, network;
  const drawn = { nodes: new Map(), edges: new Map() }; // id -> signature
  let anchor = null; // where new nodes appear (the node being expanded)

  function nodeTitle(n) {
    const lines = [n.name, classLabel(n.cls) + (n.cls ? " (" + n.cls + ")" : "")];
    const al = (n.props.aliases || []).filter((a) => a !== n.name);
    if (al.length) lines.push((S.lang === "zh" ? "别名：" : "aliases: ") + al.slice(0, 5).join("; "));
    if (n.props.valid_from || n.props.valid_to) lines.push((n.props.valid_from || "…") + " – " + (n.props.valid_to || ""));
    return lines.join("\n");
  }
  function relTitle(r) {
    const a = S.nodes.get(r.start), b = S.nodes.get(r.end);
    const lines = [relLabel(r.type) + " (" + r.type + ")", (a ? a.name : r.start) + " → " + (b ? b.name : r.end)];
    if (typeof r.props.confidence === "number") lines.push("confidence " + r.props.confidence.toFixed(2));
    for (const ev of (r.evidence || []).slice(0, 2)) if (ev.text) lines.push("“" + String(ev.text).slice(0, 140) + "”");
    return lines.join("\n");
  }

  function buildDrawing() {
    const vis = visibleSets();
    const degree = new Map();
    for (const r of vis.rels) {
      degree.set(r.start, (degree.get(r.start) || 0) + 1);
      degree.set(r.end, (degree.get(r.end) || 0) + 1);
    }
    // user groups, then automatic groups by class beyond the cap
    const memberOf = new Map();
    for (const g of S.groups.values()) for (const k of g.members) if (vis.keys.has(k)) memberOf.set(k, g.id);
    let free = vis.nodes.filter((n) => !memberOf.has(n.key));
    const auto = new Map();
    if (free.length + S.groups.size > CAP) {
      const keep = new Set([S.selected, ...S.pinned, ...S.highlight]);
      const candidates = free.filter((n) => !keep.has(n.key))
        .sort((a, b) => (degree.get(a.key) || 0) - (degree.get(b.key) || 0) || (a.key < b.key ? -1 : 1));
      const excess = free.length + S.groups.size - CAP + 20;
      for (const n of candidates.slice(0, excess)) {
        const gid = "auto:" + (n.top || n.cls || "Entity");
        if (!auto.has(gid)) auto.set(gid, { id: gid, auto: true, members: new Set(), top: n.top || n.cls });
        auto.get(gid).members.add(n.key);
        memberOf.set(n.key, gid);
      }
      free = free.filter((n) => !memberOf.has(n.key));
    }
    const vnodes = [];
    let labelled = null;
    if (free.length > LABEL_ALL) {
      labelled = new Set([S.selected, ...S.pinned, ...S.highlight]);
      [...free].sort((a, b) => (degree.get(b.key) || 0) - (degree.get(a.key) || 0))
        .slice(0, LABEL_TOP).forEach((n) => labelled.add(n.key));
    }
    for (const n of free) {
      const st = classStyle(n.cls, n.top);
      const hl = S.highlight.has(n.key);
      const pin = S.pinned.has(n.key);
      vnodes.push({
        id: n.key, label: !labelled || labelled.has(n.key) ? n.name : undefined, title: nodeTitle(n), shape: st.shape,
        color: hl ? { background: st.color, border: "#d62728", highlight: { background: st.color, border: "#d62728" } } : st.color,
        borderWidth: hl ? 4 : (pin ? 3 : 1), shapeProperties: { borderDashes: pin ? [4, 2] : false },
        size: Math.min(40, 10 + 3 * Math.sqrt(degree.get(n.key) || 0)),
        fixed: pin, font: hl ? { size: 16, bold: true } : { size: 13 },
      });
    }
    const groups = [...S.groups.values(), ...auto.values()];
    for (const g of groups) {
      const members = [...g.members].filter((k) => memberOf.get(k) === g.id);
      if (!members.length) continue;
      const first = S.nodes.get(members[0]);
      const st = classStyle(first && first.cls, g.top || (first && first.top));
      const label = g.auto ? classLabel(g.top) + " ×" + members.length : (g.label || "") + " ×" + members.length;
      vnodes.push({ id: g.id, label, shape: st.shape === "box" ? "dot" : st.shape, color: st.color,
        borderWidth: 2, shapeProperties: { borderDashes: [6, 3] }, size: Math.min(45, 14 + 2 * Math.sqrt(members.length)),
        title: label + "\n" + members.slice(0, 12).map((k) => (S.nodes.get(k) || { name: k }).name).join("\n") });
    }
    const vedges = new Map();
    for (const r of vis.rels) {
      const a = memberOf.get(r.start) || r.start, b = memberOf.get(r.end) || r.end;
      if (a === b) continue;
      const grouped = a !== r.start || b !== r.end;
      const id = grouped ? a + "|" + r.type + "|" + b : r.id;
      const rs = relStyle(r.type);
      const hl = S.highlight.has(r.id);
      const prev = vedges.get(id);
      if (prev) { prev.count += 1; prev.label = rs.label + " ×" + prev.count; prev.width = 1.2 + Math.log2(prev.count); continue; }
      const sym = rs.symmetric;
      vedges.set(id, { id, from: a, to: b, label: S.lang === "zh" ? rs.label : (rs.labels.en || r.type), relType: r.type,
        color: { color: rs.color, highlight: rs.color, hover: rs.color }, width: hl ? 4 : 1.2, count: 1,
        arrows: sym ? { to: { enabled: false } } : "to", title: grouped ? null : relTitle(r) });
    }
    const ve = [...vedges.values()];
    if (ve.length > EDGE_LABELS) for (const e of ve) if (!S.highlight.has(e.id)) e.label = undefined;
    return { vis, vnodes, vedges: ve };
  }

  function sig(o) { return JSON.stringify(o); }

  function render(opts) {
    opts = opts || {};
    const d = buildDrawing();
    const want = new Map(d.vnodes.map((n) => [n.id, n]));
    const removeN = [...drawn.nodes.keys()].filter((id) => !want.has(id));
    const addN = [], updN = [];
    let ax = 0, ay = 0;
    if (anchor && drawn.nodes.has(anchor)) {
      const p = network.getPositions([anchor])[anchor];
      if (p) { ax = p.x; ay = p.y; }
    }
    const fresh = d.vnodes.filter((n) => !drawn.nodes.has(n.id));
    fresh.forEach((n, i) => {
      const ang = (2 * Math.PI * i) / Math.max(1, fresh.length);
      const rad = 120 + 8 * Math.sqrt(fresh.length) + (i % 3) * 25;
      n.x = ax + rad * Math.cos(ang); n.y = ay + rad * Math.sin(ang);
    });
    for (const n of d.vnodes) {
      const s = sig(n);
      if (!drawn.nodes.has(n.id)) { addN.push(n); drawn.nodes.set(n.id, s); }
      else if (drawn.nodes.get(n.id) !== s) {
        const u = Object.assign({}, n); delete u.x; delete u.y;
        updN.push(u); drawn.nodes.set(n.id, s);
      }
    }
    const wantE = new Map(d.vedges.map((e) => [e.id, e]));
    const removeE = [...drawn.edges.keys()].filter((id) => !wantE.has(id));
    const addE = [], updE = [];
    for (const e of d.vedges) {
      const s = sig(e);
      if (!drawn.edges.has(e.id)) { addE.push(e); drawn.edges.set(e.id, s); }
      else if (drawn.edges.get(e.id) !== s) { updE.push(e); drawn.edges.set(e.id, s); }
    }
    if (removeE.length) { edgesDS.remove(removeE); removeE.forEach((id) => drawn.edges.delete(id)); }
    if (removeN.length) { nodesDS.remove(removeN); removeN.forEach((id) => drawn.nodes.delete(id)); }
    if (addN.length) nodesDS.add(addN);
    if (updN.length) nodesDS.update(updN);
    if (addE.length) edgesDS.add(addE);
    if (updE.length) edgesDS.update(updE);
    $("empty").hidden = d.vnodes.length > 0;
    const groupedN = d.vis.nodes.length - d.vnodes.filter((n) => S.nodes.has(n.id)).length;
    $("counts").textContent = d.vnodes.length + " " + t("nodes") + " · " + d.vedges.length + " " + t("edges") +
      (groupedN > 0 ? " (" + groupedN + " " + t("grouped") + ")" : "");
    renderLegend(d);
    renderFilterLists(d.vis);
    window.iegraphExplorer.drawnAt = performance.now();
    if (addN.length && !opts.noLayout) scheduleLayout(addN.length === d.vnodes.length);
    return d;
  }

  let settleTimer = null;
  function scheduleLayout(fit) {
    const n = nodesDS.length;
    network.setOptions({ interaction: { hideEdgesOnZoom: n > LABEL_ALL } });
    if (n > SETTLE_MAX) { if (fit) network.fit({ animation: false }); return; }
    // a short animated settle (one physics step per frame) instead of a blocking
    // stabilisation: the new neighbours are drawn at once, then drift into place
    clearTimeout(settleTimer);
    network.setOptions({ physics: { enabled: true } });
    settleTimer = setTimeout(() => network.setOptions({ physics: { enabled: false } }), 1000);
    if (fit) setTimeout(() => network.fit({ animation: false }), 500);
  }

  function renderLegend(d) {
    const cc = new Map(), rc = new Map();
    for (const n of d.vis.nodes) cc.set(n.cls || n.top, (cc.get(n.cls || n.top) || 0) + 1);
    for (const r of d.vis.rels) rc.set(r.type, (rc.get(r.type) || 0) + 1);
    const lc = $("legend-classes"), lr = $("legend-rels");
    lc.replaceChildren(...[...cc.entries()].sort((a, b) => b[1] - a[1]).map(([c, k]) => {
      const st = classStyle(c);
      const sw = el("span", { class: "sw " + st.shape }); sw.style.background = st.color;
      return el("li", { "data-class": c }, sw, classLabel(c) + " ", el("small", {}, "(" + k + ")"));
    }));
    lr.replaceChildren(...[...rc.entries()].sort((a, b) => b[1] - a[1]).map(([r, k]) => {
      const ln = el("span", { class: "ln" }); ln.style.borderColor = relStyle(r).color;
      return el("li", { "data-type": r }, ln, relLabel(r) + " ", el("small", {}, "(" + k + ")"));
    }));
  }

  // ---------------------------------------------------------------- filters panel
  function renderFilterLists(vis) {
    if ($("side").hidden || $("tab-filters").hidden) return;
    const tops = new Map(), types = new Map(), srcs = new Map();
    for (const n of S.nodes.values()) {
      const c = n.top || n.cls; tops.set(c, (tops.get(c) || 0) + 1);
      for (const s of sourcesOf(n)) srcs.set(s, (srcs.get(s) || 0) + 1);
    }
    for (const r of S.rels.values()) {
      types.set(r.type, (types.get(r.type) || 0) + 1);
      for (const s of sourcesOf(r)) srcs.set(s, (srcs.get(s) || 0) + 1);
    }
    const box = (set, name, label, count, key) => {
      const cb = el("input", { type: "checkbox", "data-key": key });
      cb.checked = !set.has(key);
      cb.addEventListener("change", () => {
        if (cb.checked) set.delete(key); else set.add(key);
        render(); writeURL(true);
      });
      return el("label", {}, cb, label, el("small", {}, String(count)));
    };
    $("f-classes").replaceChildren(...[...tops].sort().map(([c, k]) => box(S.f.classes, "c", classLabel(c), k, c)));
    $("f-types").replaceChildren(...[...types].sort().map(([c, k]) => box(S.f.types, "t", relLabel(c), k, c)));
    $("f-sources").replaceChildren(...[...srcs].sort((a, b) => b[1] - a[1]).slice(0, 60).map(([s, k]) => {
      const info = S.sources.get(s);
      return box(S.f.sources, "s", (info && (info.title || info.file)) || s, k, s);
    }));
    $("f-conf").value = String(S.f.conf);
    $("f-conf-out").textContent = S.f.conf.toFixed(2);
  }

  // ---------------------------------------------------------------- search
  function suggester(input, onPick, opts) {
    opts = opts || {};
    const list = opts.list || el("ul", { class: "suggest", role: "listbox", hidden: true });
    if (!opts.list) { input.parentNode.classList.add("field"); input.after(list); }
    let seq = 0, items = [], active = -1, timer = null;
    input.setAttribute("aria-autocomplete", "list");
    function show(on) { list.hidden = !on; const cb = input.closest("[role=combobox]"); if (cb) cb.setAttribute("aria-expanded", on ? "true" : "false"); }
    function mark() {
      [...list.children].forEach((li, i) => li.setAttribute("aria-selected", i === active ? "true" : "false"));
      if (active >= 0 && list.children[active]) input.setAttribute("aria-activedescendant", list.children[active].id);
    }
    async function run() {
      const q = input.value.trim();
      const my = ++seq;
      if (!q) { show(false); items = []; return; }
      const cls = input.dataset.class ? "&class=" + enc(input.dataset.class) : "";
      let res;
      try { res = await api("explorer/search?q=" + enc(q) + "&limit=12" + cls); } catch (e) { status(e.message, "err"); return; }
      if (my !== seq) return; // a newer keystroke won
      items = res.items; active = items.length ? 0 : -1;
      list.replaceChildren(...items.map((it, i) => el("li", { role: "option", id: list.id + "-o" + i, "data-key": it.key,
        onmousedown: (ev) => { ev.preventDefault(); pick(i); } },
        el("span", { class: "hit-name" }, it.name),
        el("span", { class: "hit-meta" }, [classLabel(it["class"]), it.place].filter(Boolean).join(" · ")),
        it.snippet && it.snippet !== it.name ? el("span", { class: "hit-snip" }, it.snippet) : null)));
      if (!items.length) list.replaceChildren(el("li", { class: "muted" }, t("none")));
      mark(); show(true);
      input.dispatchEvent(new CustomEvent("iegraph-results", { detail: items }));
    }
    function pick(i) {
      const it = items[i]; if (!it) return;
      show(false); onPick(it);
    }
    if (!list.id) list.id = "sg" + Math.random().toString(36).slice(2, 8);
    input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(run, 90); });
    input.addEventListener("keydown", (ev) => {
      if (ev.key === "ArrowDown") { active = Math.min(items.length - 1, active + 1); mark(); show(true); ev.preventDefault(); }
      else if (ev.key === "ArrowUp") { active = Math.max(0, active - 1); mark(); ev.preventDefault(); }
      else if (ev.key === "Enter") {
        ev.preventDefault();
        if (timer && seq === 0) run();
        if (items.length) pick(Math.max(0, active));
        else { clearTimeout(timer); run().then(() => items.length && pick(0)); }
      } else if (ev.key === "Escape") show(false);
    });
    input.addEventListener("blur", () => setTimeout(() => show(false), 150));
    return { run };
  }

  // ---------------------------------------------------------------- open, expand, details
  async function openEntity(key, opts) {
    opts = opts || {};
    if (!S.nodes.has(key)) {
      const g = await api("explorer/subgraph", { body: { nodes: [key, ...S.nodes.keys()].slice(0, 20000) } });
      addGraph(g);
    }
    S.hidden.delete(key);
    anchor = key;
    render();
    select(key);
    if (opts.focus !== false) network.focus(key, { scale: 1.1, animation: false });
    if (opts.push !== false) writeURL(true);
  }

  async function expand(key, types, classes, limit) {
    const q = ["hops=1", "limit=" + (limit || 200)];
    if (types && types.length) q.push("types=" + enc(types.join(",")));
    if (classes && classes.length) q.push("class=" + enc(classes.join(",")));
    const t0 = performance.now();
    const res = await api("entities/" + enc(key) + "/neighbors?" + q.join("&"));
    const t1 = performance.now();
    addNode(res.center);
    for (const n of res.nodes) { addNode(n); S.hidden.delete(n.key); }
    for (const r of res.relationships) addRel(r);
    anchor = key;
    render();
    window.iegraphExplorer.lastExpand = { server: t1 - t0, total: performance.now() - t0, added: res.nodes.length };
    writeURL(true);
    return res;
  }

  function select(key) {
    S.selected = key;
    if (key && nodesDS.get(key)) network.selectNodes([key]);
    showDetails(key);
  }

  async function showDetails(key) {
    const box = $("details");
    if (!key) { box.hidden = true; return; }
    const g = S.groups.get(key);
    if (g || key.startsWith("auto:")) { showGroup(key); return; }
    box.hidden = false;
    box.replaceChildren(el("p", { class: "muted" }, "…"));
    let d;
    try { d = await api("explorer/entities/" + enc(key)); } catch (e) { box.replaceChildren(el("p", { class: "err" }, e.message)); return; }
    if (S.selected !== key) return;
    const st = classStyle(d["class"], d.top);
    const sw = el("span", { class: "sw " + st.shape }); sw.style.background = st.color;
    const names = el("table", {}, ...[["简体 zh-Hans", d.names["zh-Hans"]], ["繁體 zh-Hant", d.names["zh-Hant"]],
      ["English", d.names.en || "—"], ...(d.former_names.length ? [[S.lang === "zh" ? "曾用名" : "former names", d.former_names.join("; ")]] : []),
      ...(d.aliases.length ? [[S.lang === "zh" ? "别名" : "aliases", d.aliases.join("; ")]] : [])]
      .map(([k, v]) => el("tr", {}, el("th", {}, k), el("td", { lang: k.includes("Hant") ? "zh-Hant" : null }, v))));
    const props = el("table", {}, ...Object.entries(d.properties).filter(([k]) => !["name", "key", "class", "top", "aliases", "former_names"].includes(k))
      .map(([k, v]) => el("tr", {}, el("th", {}, k), el("td", {}, Array.isArray(v) ? v.join("; ") : typeof v === "object" ? JSON.stringify(v) : String(v)))));
    const srcs = d.sources.map((s) => {
      const url = safeUrl(s.url);
      return el("div", { class: "source", "data-source": s.key },
        el("div", { class: "st" }, s.title || s.file || s.key, " ", el("small", { class: "muted" }, s.kind || "")),
        url ? el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, url.length > 60 ? url.slice(0, 57) + "…" : url) : null,
        ...s.mentions.map((ev) => el("div", { class: "ev" }, el("span", { class: "loc" }, [].concat(ev.locators || ev.locator || []).join(", "),
          typeof ev.confidence === "number" ? " · " + ev.confidence.toFixed(2) : ""))),
        ...s.relations.map((rv) => el("div", { class: "ev", "data-rel": rv.id },
          el("b", {}, relLabel(rv.type)), " ", rv.start === key ? "→ " : "← ", rv.other_name, el("br"),
          rv.evidence.text ? el("q", {}, String(rv.evidence.text)) : null, " ",
          el("span", { class: "loc" }, rv.evidence.locator ? "(" + rv.evidence.locator + ")" : ""))));
    });
    const typeSel = el("select", { multiple: true, size: 4, "aria-label": t("d.alltypes") },
      ...Object.entries(d.degree).map(([ty, k]) => el("option", { value: ty }, relLabel(ty) + " (" + k + ")")));
    const tops = [...new Set([...S.style.classes.values()].map((c) => c.top))].sort();
    const clsSel = el("select", { "aria-label": t("d.allclasses") }, el("option", { value: "" }, t("d.allclasses")),
      ...tops.map((c) => el("option", { value: c }, classLabel(c))));
    const pinned = S.pinned.has(key);
    box.replaceChildren(
      el("h2", {}, sw, d.names["zh-Hans"]),
      el("div", { class: "muted" }, classLabel(d["class"]) + " · " + d["class"] + (d.valid.from || d.valid.to ? " · " + (d.valid.from || "…") + "–" + (d.valid.to || "") : "")),
      el("div", { class: "buttons" },
        el("button", { type: "button", id: "d-expand", onclick: () => expand(key, [...typeSel.selectedOptions].map((o) => o.value), clsSel.value ? [clsSel.value] : []) }, t("d.expand")),
        el("button", { type: "button", id: "d-pin", onclick: () => { if (pinned) S.pinned.delete(key); else S.pinned.add(key); render(); showDetails(key); writeURL(true); } }, pinned ? t("d.unpin") : t("d.pin")),
        el("button", { type: "button", id: "d-hide", onclick: () => { S.hidden.add(key); S.selected = null; $("details").hidden = true; render(); writeURL(true); } }, t("d.hide")),
        el("button", { type: "button", id: "d-from", onclick: () => { $("p-from").value = d.names["zh-Hans"]; $("p-from").dataset.key = key; openTab("paths"); } }, t("d.from")),
        el("button", { type: "button", id: "d-to", onclick: () => { $("p-to").value = d.names["zh-Hans"]; $("p-to").dataset.key = key; openTab("paths"); } }, t("d.to"))),
      el("div", { class: "expand-box" }, typeSel, clsSel),
      el("h3", {}, t("d.names")), names,
      el("h3", {}, t("d.degree") + " (" + d.relationships_total + ")"),
      el("div", { class: "muted" }, Object.entries(d.degree).map(([k, v]) => relLabel(k) + " " + v).join(" · ")),
      el("h3", {}, t("d.props")), props,
      el("h3", {}, t("d.sources") + " (" + d.sources.length + ")"), ...srcs);
  }

  function showGroup(gid) {
    const box = $("details"); box.hidden = false;
    const g = S.groups.get(gid);
    const d = buildDrawing();
    const members = [...S.nodes.values()].filter((n) => (g ? g.members.has(n.key) : ("auto:" + (n.top || n.cls)) === gid) && d.vis.keys.has(n.key));
    box.replaceChildren(el("h2", {}, (g && g.label) || gid),
      g ? el("button", { type: "button", id: "d-ungroup", onclick: () => { S.groups.delete(gid); box.hidden = true; render(); writeURL(true); } }, t("d.ungroup")) : null,
      el("h3", {}, t("d.members") + " (" + members.length + ")"),
      el("ul", {}, ...members.slice(0, 300).map((n) => el("li", {}, el("a", { href: "#", onclick: (e) => { e.preventDefault(); if (g) { g.members.delete(n.key); } else { S.pinned.add(n.key); } render(); select(n.key); } }, n.name)))));
  }

  // ---------------------------------------------------------------- paths
  async function findPaths() {
    const from = $("p-from").dataset.key || $("p-from").value.trim();
    const to = $("p-to").dataset.key || $("p-to").value.trim();
    const out = $("p-results");
    if (!from || !to) return;
    out.replaceChildren(el("li", { class: "muted" }, "…"));
    let res;
    try {
      res = await api("paths?source=" + enc(from) + "&target=" + enc(to) + "&k=" + enc($("p-k").value || 3) + "&max_hops=" + enc($("p-hops").value || 4));
    } catch (e) { out.replaceChildren(el("li", { class: "err" }, e.message)); return; }
    S.lastPath = { from, to, k: $("p-k").value, hops: $("p-hops").value };
    addNode(res.source); addNode(res.target);
    S.highlight = new Set();
    for (const p of res.items) {
      for (const n of p.nodes) { addNode(n); S.hidden.delete(n.key); S.highlight.add(n.key); }
      for (const r of p.relationships) { addRel(r); S.highlight.add(r.id); }
    }
    anchor = res.source.key;
    render();
    if (!res.items.length) { out.replaceChildren(el("li", {}, t("paths.none"))); writeURL(true); return; }
    out.replaceChildren(...res.items.map((p, i) => {
      const li = el("li", { tabindex: "0", "data-path": String(i) },
        el("b", {}, (S.lang === "zh" ? "长度 " : "length ") + p.length),
        ...p.relationships.map((r, j) => {
          const a = p.nodes[j], b = p.nodes[j + 1];
          const fwd = r.start === a.key;
          const ev = (r.evidence || [])[0] || {};
          return el("div", { class: "step" }, (a.properties.name || a.key) + (fwd ? " —" : " ←") + relLabel(r.type) + (fwd ? "→ " : "— ") + (b.properties.name || b.key),
            ev.text ? el("div", { class: "ev" }, el("q", {}, String(ev.text).slice(0, 200)), " ", el("span", { class: "loc" }, ev.locator || "")) : null);
        }));
      const focus = () => {
        [...out.children].forEach((c) => c.classList.remove("active")); li.classList.add("active");
        S.highlight = new Set([...p.nodes.map((n) => n.key), ...p.relationships.map((r) => r.id)]);
        render(); network.fit({ nodes: p.nodes.map((n) => n.key).filter((k) => nodesDS.get(k)), animation: false });
      };
      li.addEventListener("click", focus);
      li.addEventListener("keydown", (e) => { if (e.key === "Enter") focus(); });
      return li;
    }));
    network.fit({ nodes: [...S.highlight].filter((k) => nodesDS.get(k)), animation: false });
    writeURL(true);
  }

  // ---------------------------------------------------------------- time
  let playing = null;
  function setAsOf(y, push) {
    S.asOf = y;
    $("t-on").checked = y !== null;
    $("t-year").disabled = y === null;
    if (y !== null) $("t-year").value = String(y);
    $("t-year-out").textContent = y === null ? "" : String(y);
    render({ noLayout: true });
    if (push === "replace") writeURL(false); else if (push !== false) writeURL(true);
  }
  function play() {
    if (playing) { clearInterval(playing); playing = null; $("t-play").textContent = t("time.play"); writeURL(true); return; }
    const lo = S.timeline.min, hi = S.timeline.max;
    if (lo === null) return;
    let y = S.asOf === null || S.asOf >= hi ? lo : S.asOf;
    setAsOf(y, "replace");
    $("t-play").textContent = t("time.stop");
    playing = setInterval(() => {
      y += 1;
      if (y > hi) { clearInterval(playing); playing = null; $("t-play").textContent = t("time.play"); writeURL(true); return; }
      setAsOf(y, "replace");
    }, 700);
  }

  // ---------------------------------------------------------------- city
  async function showCity() {
    const name = $("c-name").dataset.key || $("c-name").value.trim();
    if (!name) return;
    let res;
    try { res = await api("explorer/city?city=" + enc(name)); } catch (e) { $("c-summary").replaceChildren(el("p", { class: "err" }, e.message)); return; }
    addGraph(res);
    for (const n of res.nodes) S.hidden.delete(n.key);
    anchor = res.city.key;
    S.highlight = new Set([res.city.key]);
    render();
    network.fit({ animation: false });
    const order = ["Platform", "Institution", "Enterprise", "Industry", "Policy", "Government"];
    const byTop = new Map();
    for (const n of res.nodes) { const tp = (n.properties || {}).top; if (!byTop.has(tp)) byTop.set(tp, []); byTop.get(tp).push(n); }
    $("c-summary").replaceChildren(el("h3", {}, (res.city.properties || {}).name || name),
      ...order.filter((o) => byTop.has(o)).map((o) => el("details", { "data-top": o },
        el("summary", {}, classLabel(o) + " (" + byTop.get(o).length + ")"),
        el("ul", {}, ...byTop.get(o).map((n) => el("li", {}, el("a", { href: "#", onclick: (e) => { e.preventDefault(); select(n.key); network.focus(n.key, { animation: false }); } }, n.properties.name || n.key)))))));
    writeURL(true);
    showIndicators(res.city.key);
  }
  async function showIndicators(cityKey) {
    const box = $("c-indicators");
    if (!S.features.indicators) { box.hidden = true; return; }
    const pname = "city";
    try {
      const res = await api("analytics/indicators?" + pname + "=" + enc(cityKey) + (S.asOf !== null ? "&as_of=" + S.asOf : ""));
      box.hidden = false;
      $("c-ind-body").replaceChildren(Array.isArray(res.indicators) ? indicatorTable(res.indicators) : tableOf(res));
    } catch (e) { box.hidden = false; $("c-ind-body").replaceChildren(el("p", { class: "err" }, e.message)); }
  }
  /** The analytics indicators: label, value, and a button that draws the facts each counts. */
  function indicatorTable(items) {
    const val = (it) => {
      if (it.value === null || it.value === undefined) return "—";
      if (typeof it.value === "object") return Object.entries(it.value).map(([k, v]) => k + " " + v).join(", ");
      const v = typeof it.value === "number" && !Number.isInteger(it.value) ? it.value.toFixed(2) : String(it.value);
      return v + (it.unit && it.unit !== "count" ? " " + it.unit : "") + (it.denominator ? " (" + it.numerator + "/" + it.denominator + ")" : "");
    };
    return el("table", { class: "indicators" }, ...items.map((it) => el("tr", { "data-indicator": it.name },
      el("th", {}, (it.label && (S.lang === "zh" ? it.label.zh : it.label.en)) || it.name),
      el("td", {}, val(it)),
      el("td", {}, (it.evidence || []).length ? el("button", { type: "button", onclick: async () => {
        const keys = [...new Set(it.evidence.flatMap((f) => [f.start, f.end]))];
        const g = await api("explorer/subgraph", { body: { nodes: keys } });
        addGraph(g);
        keys.forEach((k) => S.hidden.delete(k));
        S.highlight = new Set([...keys, ...it.evidence.map((f) => f.key)]);
        render(); network.fit({ nodes: keys.filter((k) => nodesDS.get(k)), animation: false }); writeURL(true);
      } }, String(it.evidence.length)) : ""))));
  }
  function tableOf(obj) {
    const items = Array.isArray(obj) ? obj : (Array.isArray(obj.items) ? obj.items : (Array.isArray(obj.indicators) ? obj.indicators : null));
    if (items && items.length && typeof items[0] === "object") {
      const cols = [...new Set(items.flatMap((r) => Object.keys(r)))].slice(0, 8);
      return el("table", {}, el("tr", {}, ...cols.map((c) => el("th", {}, c))),
        ...items.map((r) => el("tr", {}, ...cols.map((c) => el("td", {}, typeof r[c] === "object" ? JSON.stringify(r[c]) : String(r[c] ?? ""))))));
    }
    return el("table", {}, ...Object.entries(obj).map(([k, v]) => el("tr", {}, el("th", {}, k), el("td", {}, typeof v === "object" ? JSON.stringify(v) : String(v)))));
  }

  // ---------------------------------------------------------------- named queries and Cypher
  let queries = [];
  async function loadQueries() {
    if (queries.length) return;
    const res = await api("queries?limit=200");
    queries = res.items;
    $("q-name").replaceChildren(...queries.map((q) => el("option", { value: q.name }, q.name)));
    queryForm();
  }
  function queryForm() {
    const q = queries.find((x) => x.name === $("q-name").value);
    if (!q) return;
    $("q-desc").textContent = q.description;
    $("q-form").replaceChildren(...q.params.map((p) => {
      let input;
      if (p.choices && p.choices.length) input = el("select", { name: p.name }, ...p.choices.map((c) => el("option", { value: String(c), selected: c === p.default }, String(c))));
      else if (p.type === "bool") input = el("input", { type: "checkbox", name: p.name, checked: !!p.default });
      else if (p.type === "int" || p.type === "float") input = el("input", { type: "number", name: p.name, step: p.type === "int" ? "1" : "any", min: p.min ?? null, max: p.max ?? null, value: p.default ?? "" });
      else input = el("input", { name: p.name, value: Array.isArray(p.default) ? p.default.join(",") : (p.default ?? ""), required: p.required, autocomplete: "off" });
      const lab = el("label", {}, p.name + (p.required ? " *" : "") + " ", el("small", { class: "muted" }, p.type + (p.description ? " — " + p.description : "")), input);
      input.dataset.type = p.type;
      if (/key|entity|city|place|name/.test(p.name) && input.tagName === "INPUT" && input.type !== "number" && input.type !== "checkbox") {
        setTimeout(() => suggester(input, (it) => { input.value = it.key; }), 0);
      }
      return lab;
    }));
  }
  async function runQuery() {
    const q = queries.find((x) => x.name === $("q-name").value);
    if (!q) return;
    const params = {};
    for (const inp of $("q-form").querySelectorAll("[name]")) {
      const ty = inp.dataset.type || "";
      if (inp.type === "checkbox") params[inp.name] = inp.checked;
      else if (inp.value === "") continue;
      else if (ty === "int") params[inp.name] = parseInt(inp.value, 10);
      else if (ty === "float") params[inp.name] = parseFloat(inp.value);
      else if (ty.startsWith("list")) params[inp.name] = inp.value.split(",").map((s) => s.trim()).filter(Boolean);
      else params[inp.name] = inp.value;
    }
    try {
      const res = await api("queries/" + enc(q.name), { body: { params, limit: 1000 } });
      showRows($("q-out"), res);
    } catch (e) { $("q-out").replaceChildren(el("p", { class: "err" }, e.message)); }
  }
  async function runCypher() {
    try {
      const res = await api("cypher", { body: { query: $("cy-text").value } });
      showRows($("cy-out"), res);
    } catch (e) { $("cy-out").replaceChildren(el("p", { class: "err" }, e.message)); }
  }
  function cell(v) {
    if (v && typeof v === "object" && v.key && v.labels) return (v.properties && v.properties.name) || v.key;
    if (v && typeof v === "object" && v.type && v.start) return v.type;
    if (v && typeof v === "object") return JSON.stringify(v);
    return v === null || v === undefined ? "" : String(v);
  }
  function graphOfRows(res) {
    const keys = new Set(), rels = [];
    const walk = (v, col) => {
      if (Array.isArray(v)) { v.forEach((x) => walk(x, col)); return; }
      if (v && typeof v === "object") {
        if (v.key && v.labels) keys.add(v.key);
        else if (v.type && v.start && v.end) { keys.add(v.start); keys.add(v.end); rels.push(v.id); }
        else if (v.nodes && v.relationships) { walk(v.nodes, col); walk(v.relationships, col); }
        return;
      }
      if (typeof v === "string" && /key/i.test(col) && /^[a-z_]+:./.test(v)) keys.add(v);
    };
    res.rows.forEach((row) => row.forEach((v, i) => walk(v, res.columns[i] || "")));
    return { keys: [...keys], rels };
  }
  function showRows(box, res) {
    const g = graphOfRows(res);
    const btn = g.keys.length ? el("button", { type: "button", class: "as-graph", onclick: async () => {
      const sub = await api("explorer/subgraph", { body: { nodes: g.keys } });
      addGraph(sub);
      S.highlight = new Set(g.keys);
      for (const k of g.keys) S.hidden.delete(k);
      render(); network.fit({ animation: false }); writeURL(true);
    } }, t("graph") + " (" + g.keys.length + ")") : null;
    box.replaceChildren(
      el("p", { class: "muted" }, res.rows.length + " " + t("rows") + (res.truncated ? " · " + t("truncated") : "")), btn,
      el("table", {}, el("tr", {}, ...res.columns.map((c) => el("th", {}, c))),
        ...res.rows.slice(0, 500).map((r) => el("tr", {}, ...r.map((v) => el("td", { title: cell(v) }, cell(v)))))));
  }

  // ---------------------------------------------------------------- export
  function visibleKeys() {
    const d = buildDrawing();
    const nodeKeys = [], relIds = [];
    const shown = new Set(d.vnodes.map((n) => n.id));
    for (const n of d.vis.nodes) nodeKeys.push(n.key); // grouped members are shown (as their group)
    for (const r of d.vis.rels) relIds.push(r.id);
    return { nodes: nodeKeys, relationships: relIds, drawn: shown };
  }
  function download(blob, name) {
    const a = el("a", { href: URL.createObjectURL(blob), download: name });
    document.body.append(a); a.click(); a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 5000);
  }
  async function exportAs(fmt) {
    const x = $("x-status");
    if (fmt === "png") {
      const canvas = document.querySelector("#network canvas");
      canvas.toBlob((b) => { download(b, "iegraph-explorer.png"); x.textContent = "PNG ✓"; });
      return;
    }
    const v = visibleKeys();
    try {
      const r = await api("explorer/export", { body: { format: fmt, nodes: v.nodes, relationships: v.relationships }, raw: true });
      const blob = await r.blob();
      const ext = { graphml: "graphml", gexf: "gexf", csv: "zip", json: "json" }[fmt];
      download(blob, "iegraph-explorer." + ext);
      x.textContent = fmt + ": " + r.headers.get("X-Iegraph-Nodes") + " " + t("nodes") + ", " + r.headers.get("X-Iegraph-Relationships") + " " + t("edges");
      x.className = "ok";
    } catch (e) { x.textContent = e.message; x.className = "err"; }
  }

  // ---------------------------------------------------------------- add a document
  let files = [];
  async function upload() {
    const st = $("a-status");
    S.apiKey = $("a-key").value.trim();
    if (S.apiKey) sessionStorage.setItem("iegraph.apiKey", S.apiKey);
    if (!S.apiKey) { st.textContent = t("add.needkey"); st.className = "err"; $("a-key").focus(); return; }
    if (!files.length) { st.textContent = t("add.nofile"); st.className = "err"; return; }
    const kind = $("a-kind").value;
    const fd = new FormData();
    for (const f of files) fd.append(kind === "documents" ? "files" : kind, f, f.name);
    st.className = ""; st.textContent = "…";
    let job;
    try {
      job = await api(kind === "documents" ? "ingest/documents" : "ingest/records", { body: fd });
    } catch (e) { st.textContent = e.message; st.className = "err"; return; }
    job = await follow(job, st);
    if (job.status !== "done") { st.textContent = t("add.failed") + ": " + (job.message || ""); st.className = "err"; return; }
    st.textContent = t("add.done"); st.className = "ok";
    const r = job.result || {};
    const keys = new Set([...(r.sources || []), ...((r.files || []).map((f) => f.source).filter(Boolean)),
      ...((r.results || []).flatMap((x) => x.sources || []))]);
    $("a-result").replaceChildren();
    for (const k of keys) await showSource(k);
  }
  async function follow(job, st) {
    const bar = $("a-progress"); bar.hidden = false;
    while (job.status === "queued" || job.status === "running") {
      bar.value = job.progress; st.textContent = job.status + " " + Math.round(100 * job.progress) + "% " + (job.message || "");
      await new Promise((res) => setTimeout(res, 250));
      job = await api("jobs/" + enc(job.id));
    }
    bar.value = 1;
    return job;
  }
  async function showSource(key) {
    const res = await api("sources/" + enc(key));
    addGraph(res);
    S.highlight = new Set([...res.nodes.map((n) => n.key), ...res.relationships.map((r) => r.id)]);
    for (const n of res.nodes) S.hidden.delete(n.key);
    render(); network.fit({ animation: false });
    const s = res.source;
    const box = el("div", { class: "source", "data-source": key },
      el("div", { class: "st" }, s.title || s.file || key),
      el("div", { class: "muted" }, t("add.added") + ": " + res.nodes.length + " " + t("nodes") + ", " + res.relationships.length + " " + t("edges")),
      ...res.relationships.slice(0, 100).map((r) => {
        const a = S.nodes.get(r.start), b = S.nodes.get(r.end);
        const ev = (r.evidence || []).find((e) => e.source === key) || (r.evidence || [])[0] || {};
        return el("div", { class: "ev" }, (a ? a.name : r.start) + " —" + relLabel(r.type) + "→ " + (b ? b.name : r.end),
          ev.text ? el("div", {}, el("q", {}, String(ev.text).slice(0, 200))) : null);
      }),
      el("button", { type: "button", class: "undo", onclick: () => undoSource(key, box) }, t("add.undo")));
    $("a-result").append(box);
    writeURL(true);
  }
  async function undoSource(key, box) {
    const st = $("a-status");
    S.apiKey = $("a-key").value.trim() || S.apiKey;
    if (!S.apiKey) { st.textContent = t("add.needkey"); st.className = "err"; return; }
    let job;
    try { job = await api("sources/" + enc(key), { method: "DELETE" }); } catch (e) { st.textContent = e.message; st.className = "err"; return; }
    job = await follow(job, st);
    if (job.status !== "done") { st.textContent = job.message; st.className = "err"; return; }
    await refresh();
    S.highlight = new Set();
    render();
    st.textContent = t("add.undone"); st.className = "ok";
    box.remove();
  }
  /** Re-read every node on the canvas and the relationships among them (after a removal). */
  async function refresh() {
    const keys = [...S.nodes.keys()];
    if (!keys.length) return;
    const g = await api("explorer/subgraph", { body: { nodes: keys } });
    S.nodes.clear(); S.rels.clear();
    addGraph(g);
  }

  // ---------------------------------------------------------------- URL state
  let restoring = false;
  function writeURL(push) {
    if (restoring) return;
    const p = new URLSearchParams();
    const keys = [...S.nodes.keys()];
    for (const k of keys) p.append("n", k);
    if (S.selected) p.set("sel", S.selected);
    if (S.asOf !== null) p.set("asof", String(S.asOf));
    if (S.lang !== "zh") p.set("lang", S.lang);
    if (S.f.conf > 0) p.set("conf", String(S.f.conf));
    for (const c of S.f.classes) p.append("xc", c);
    for (const c of S.f.types) p.append("xt", c);
    for (const c of S.f.sources) p.append("xs", c);
    for (const k of S.hidden) p.append("hide", k);
    for (const k of S.pinned) p.append("pin", k);
    for (const k of S.highlight) p.append("hl", k);
    const url = "?" + p.toString();
    if (url === location.search) return;
    if (push) history.pushState(null, "", url); else history.replaceState(null, "", url);
  }
  async function readURL() {
    const p = new URLSearchParams(location.search);
    restoring = true;
    try {
      S.lang = p.get("lang") === "en" ? "en" : "zh";
      applyLang();
      S.f.conf = parseFloat(p.get("conf") || "0") || 0;
      S.f.classes = new Set(p.getAll("xc")); S.f.types = new Set(p.getAll("xt")); S.f.sources = new Set(p.getAll("xs"));
      S.hidden = new Set(p.getAll("hide")); S.pinned = new Set(p.getAll("pin")); S.highlight = new Set(p.getAll("hl"));
      const y = p.get("asof");
      const keys = p.getAll("n");
      S.nodes.clear(); S.rels.clear(); S.groups.clear();
      if (keys.length) addGraph(await api("explorer/subgraph", { body: { nodes: keys } }));
      setAsOf(y ? parseInt(y, 10) : null, false);
      const sel = p.get("sel");
      if (sel) { select(sel); } else { S.selected = null; $("details").hidden = true; }
      if (keys.length) network.fit({ animation: false });
    } finally { restoring = false; }
  }

  // ---------------------------------------------------------------- interface language and tabs
  function applyLang() {
    document.documentElement.lang = S.lang === "zh" ? "zh-Hans" : "en";
    for (const e of document.querySelectorAll("[data-i18n]")) e.textContent = t(e.dataset.i18n);
    for (const e of document.querySelectorAll("[data-i18n-placeholder]")) e.placeholder = t(e.dataset.i18nPlaceholder);
    $("lang").textContent = S.lang === "zh" ? "EN" : "中文";
    $("t-play").textContent = playing ? t("time.stop") : t("time.play");
  }
  function openTab(name) {
    const side = $("side");
    const btns = document.querySelectorAll("#tabs [data-tab]");
    const already = !side.hidden && !$("tab-" + name).hidden;
    for (const b of btns) b.setAttribute("aria-selected", b.dataset.tab === name && !already ? "true" : "false");
    for (const s of side.querySelectorAll("[role=tabpanel]")) s.hidden = already || s.id !== "tab-" + name;
    side.hidden = already;
    if (!already && name === "queries") loadQueries().catch((e) => status(e.message, "err"));
    if (!already && name === "filters") { loadSources(); render({ noLayout: true }); }
    if (!already) { const f = $("tab-" + name).querySelector("input, select, textarea, button"); if (f) f.focus(); }
  }
  async function loadSources() {
    if (S.sources.size) return;
    try {
      const res = await api("sources?limit=1000");
      for (const s of res.items) S.sources.set(s.key, s);
      render({ noLayout: true });
    } catch (e) { /* the filter then shows keys */ }
  }

  // ---------------------------------------------------------------- start
  async function init() {
    const t0 = performance.now();
    nodesDS = new vis.DataSet();
    edgesDS = new vis.DataSet();
    network = new vis.Network($("network"), { nodes: nodesDS, edges: edgesDS }, {
      autoResize: true,
      layout: { improvedLayout: false, randomSeed: 7 },
      physics: { enabled: false, solver: "barnesHut",
        barnesHut: { theta: 0.8, gravitationalConstant: -5000, centralGravity: 0.2, springLength: 120, springConstant: 0.04, damping: 0.35, avoidOverlap: 0.1 },
        minVelocity: 1.5, stabilization: { enabled: false } },
      interaction: { hover: true, tooltipDelay: 150, multiselect: true, hideEdgesOnDrag: true, keyboard: { enabled: true, bindToWindow: false } },
      nodes: { borderWidth: 1, font: { size: 13 }, scaling: { label: { enabled: true, drawThreshold: 6 } } },
      edges: { smooth: false, font: { size: 9, align: "middle", strokeWidth: 3, color: "#555" }, arrows: { to: { enabled: true, scaleFactor: 0.45 } }, width: 1.2, selectionWidth: 2 },
    });
    window.iegraphExplorer = { S, network, nodesDS, edgesDS, render, expand, openEntity, visibleKeys, setAsOf, drawnAt: 0, lastExpand: null, firstPaint: null };
    network.on("stabilized", () => network.setOptions({ physics: { enabled: false } }));
    network.on("click", (p) => { if (p.nodes.length) select(p.nodes[0]); });
    network.on("doubleClick", (p) => { if (p.nodes.length && S.nodes.has(p.nodes[0])) expand(p.nodes[0]); });
    $("network").addEventListener("keydown", (e) => {
      const k = S.selected; if (!k) return;
      if (e.key === "Enter") expand(k);
      else if (e.key === "Delete" || e.key === "Backspace") { S.hidden.add(k); S.selected = null; $("details").hidden = true; render(); writeURL(true); }
      else if (e.key === "p") { if (S.pinned.has(k)) S.pinned.delete(k); else S.pinned.add(k); render(); writeURL(true); }
    });
    // controls
    suggester($("search"), (it) => { $("search").value = it.name; openEntity(it.key); }, { list: $("search-results") });
    for (const id of ["p-from", "p-to"]) {
      const inp = $(id);
      inp.addEventListener("input", () => { delete inp.dataset.key; });
      suggester(inp, (it) => { inp.value = it.name; inp.dataset.key = it.key; });
    }
    $("c-name").addEventListener("input", () => { delete $("c-name").dataset.key; });
    suggester($("c-name"), (it) => { $("c-name").value = it.name; $("c-name").dataset.key = it.key; });
    $("p-go").addEventListener("click", findPaths);
    $("c-go").addEventListener("click", showCity);
    $("q-name").addEventListener("change", queryForm);
    $("q-go").addEventListener("click", runQuery);
    $("cy-go").addEventListener("click", runCypher);
    for (const b of document.querySelectorAll("#tabs [data-tab]")) b.addEventListener("click", () => openTab(b.dataset.tab));
    for (const b of document.querySelectorAll("[data-export]")) b.addEventListener("click", () => exportAs(b.dataset.export));
    $("lang").addEventListener("click", () => { S.lang = S.lang === "zh" ? "en" : "zh"; localStorage.setItem("iegraph.lang", S.lang); applyLang(); drawn.nodes.clear(); drawn.edges.clear(); nodesDS.clear(); edgesDS.clear(); render({ noLayout: true }); if (S.selected) showDetails(S.selected); writeURL(true); });
    $("f-conf").addEventListener("input", () => { S.f.conf = parseFloat($("f-conf").value); $("f-conf-out").textContent = S.f.conf.toFixed(2); render({ noLayout: true }); });
    $("f-conf").addEventListener("change", () => writeURL(true));
    $("t-on").addEventListener("change", () => setAsOf($("t-on").checked ? parseInt($("t-year").value, 10) : null));
    $("t-year").addEventListener("input", () => setAsOf(parseInt($("t-year").value, 10), "replace"));
    $("t-year").addEventListener("change", () => writeURL(true));
    $("t-play").addEventListener("click", play);
    $("t-fit").addEventListener("click", () => network.fit({ animation: false }));
    $("t-layout").addEventListener("click", () => { network.setOptions({ physics: { enabled: true } }); network.stabilize(nodesDS.length > LAYOUT_MAX ? 40 : 200); });
    $("t-group").addEventListener("click", () => {
      const sel = network.getSelectedNodes().filter((k) => S.nodes.has(k));
      if (sel.length < 2) { status(S.lang === "zh" ? "先按住 Ctrl 选择两个以上节点" : "select two or more nodes (Ctrl-click) first"); return; }
      const gid = "group:" + Date.now().toString(36);
      S.groups.set(gid, { id: gid, label: (S.nodes.get(sel[0]) || {}).name + " …", members: new Set(sel) });
      render(); writeURL(true);
    });
    $("t-showall").addEventListener("click", () => { S.hidden.clear(); render(); writeURL(true); });
    $("t-clear").addEventListener("click", () => { S.nodes.clear(); S.rels.clear(); S.groups.clear(); S.highlight.clear(); S.selected = null; $("details").hidden = true; render(); writeURL(true); });
    const drop = $("a-drop");
    drop.addEventListener("click", () => $("a-file").click());
    drop.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); $("a-file").click(); } });
    drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
    drop.addEventListener("dragleave", () => drop.classList.remove("over"));
    drop.addEventListener("drop", (e) => { e.preventDefault(); drop.classList.remove("over"); files = [...e.dataTransfer.files]; drop.textContent = files.map((f) => f.name).join(", "); });
    $("a-file").addEventListener("change", () => { files = [...$("a-file").files]; drop.textContent = files.map((f) => f.name).join(", ") || t("add.drop"); });
    $("a-key").value = S.apiKey;
    $("a-go").addEventListener("click", upload);
    document.addEventListener("keydown", (e) => {
      if (e.key === "/" && !/INPUT|TEXTAREA|SELECT/.test(document.activeElement.tagName)) { e.preventDefault(); $("search").focus(); }
    });
    window.addEventListener("popstate", () => readURL().catch((e) => status(e.message, "err")));
    if (!new URLSearchParams(location.search).get("lang") && localStorage.getItem("iegraph.lang") === "en") {
      const p = new URLSearchParams(location.search); p.set("lang", "en"); history.replaceState(null, "", "?" + p.toString());
    }
    // what the page needs from the server, in parallel
    // the timeline scans every dated item: it must not hold up the first picture
    const timeline = api("explorer/timeline").catch(() => ({ min: null, max: null })).then((tl) => {
      S.timeline = tl;
      const on = S.asOf !== null;
      if (tl.min !== null) {
        $("t-year").min = String(Math.min(tl.min, on ? S.asOf : tl.min));
        $("t-year").max = String(Math.max(tl.max, on ? S.asOf : tl.max));
        $("t-year").value = String(on ? S.asOf : tl.max);
        $("t-on").disabled = false; $("t-play").disabled = false;
      }
    });
    $("t-on").disabled = true; $("t-play").disabled = true;
    const inline = document.getElementById("iegraph-style");
    const style = inline ? JSON.parse(inline.textContent) : await api("explorer/style");
    for (const c of style.classes) S.style.classes.set(c.name, c);
    for (const r of style.relations) S.style.rels.set(r.name, r);
    S.features = style.features || {};
    if (new URLSearchParams(location.search).get("asof")) await timeline;
    await readURL();
    window.iegraphExplorer.firstPaint = performance.now() - t0;
    window.iegraphExplorer.readyAt = performance.now(); // since navigation start
    await timeline;
    document.body.dataset.ready = "true";
  }
  init().catch((e) => { status(e.message, "err"); document.body.dataset.ready = "error"; });
})();
