"""Every export format, read back by an independent reader, on both backends.

The sample (a small real Shenzhen ecosystem, with a piece of evidence full of quotes,
backslashes, a line break, ``;`` and markup) is written to the store, exported, and read back:
networkx for GraphML / GEXF / JSON, rdflib for RDF, and the real Neo4j for the Cypher script and
the CSV files. Nodes, relationships, labels and every property must come back.
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import networkx as nx
import pytest
import rdflib

from iegraph.graph.exports import FORMATS
from iegraph.graph.exports.csv_format import read_typed_csv
from iegraph.graph.exports.cypher_format import split_statements
from iegraph.graph.exports.scope import whole_graph
from iegraph.graph.grams import DERIVED_PROPS
from iegraph.graph.model import NodeRecord, RelRecord, Subgraph
from iegraph.graph.views.synthetic import TRICKY_TEXT, sample_ecosystem, to_records
from iegraph.queries.exports import export

SZPU = "institution:深圳职业技术大学"


@pytest.fixture
def loaded(store, schema):  # type: ignore[no-untyped-def]
    sub = sample_ecosystem(schema)
    nodes, rels = to_records(sub)
    store.upsert_nodes(nodes)
    store.upsert_relationships(rels)
    # what the store holds (it adds derived properties, e.g. search keys) is what exports carry
    return store, whole_graph(store)


def _nodes(sub: Subgraph) -> dict[str, tuple[frozenset[str], dict[str, Any]]]:
    return {n.key: (frozenset(n.labels), _clean(n.props)) for n in sub.nodes}


def _rels(sub: Subgraph) -> dict[tuple[str, str, str], dict[str, Any]]:
    return {(r.start, r.type, r.end): _clean(r.props) for r in sub.relationships}


def _clean(props: dict[str, Any]) -> dict[str, Any]:
    # an empty list and an absent property are the same thing to every reader
    return {k: v for k, v in props.items() if v is not None and v != []}


def _decode(value: Any, like: Any) -> Any:
    """A flat (GraphML/GEXF) value back to the original's type: lists were JSON text."""
    if isinstance(like, list):
        return json.loads(value)
    if isinstance(like, float):
        return float(value)
    return value


def _check_nx(g: nx.MultiDiGraph, sub: Subgraph, *, flat: bool, key_is_id: bool = False) -> None:
    want_nodes, want_rels = _nodes(sub), _rels(sub)
    assert g.number_of_nodes() == len(want_nodes)
    assert g.number_of_edges() == len(want_rels)
    for key, (labels, props) in want_nodes.items():
        data = dict(g.nodes[key])
        if key_is_id:
            data["key"] = key
        got_labels = data.pop("labels")
        got_labels = got_labels.split(";") if flat else got_labels
        assert frozenset(got_labels) == labels, key
        assert data.pop("label") == props["name"]
        got = {
            k: (_decode(v, props[k]) if flat and k in props else v)
            for k, v in data.items()
            if k in props
        }
        assert got == props, key
    seen = {}
    for s, e, data in g.edges(data=True):
        t = data["type"] if "type" in data else data["label"]
        props = want_rels[(s, t, e)]
        seen[(s, t, e)] = {
            k: (_decode(v, props[k]) if flat else v) for k, v in data.items() if k in props
        }
    assert seen == want_rels


def test_graph_export_is_the_store_content(loaded, schema) -> None:  # type: ignore[no-untyped-def]
    store, _ = loaded
    got, sample = _nodes(whole_graph(store)), _nodes(sample_ecosystem(schema))
    assert got.keys() == sample.keys()
    for key, (labels, props) in sample.items():  # every written property, plus derived ones
        assert got[key][0] == labels and props.items() <= got[key][1].items(), key
    assert _rels(whole_graph(store)) == _rels(sample_ecosystem(schema))


def _export_text(data: bytes, fmt: str) -> str:
    if fmt != "csv":
        return data.decode("utf-8")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return "\n".join(z.read(name).decode("utf-8") for name in z.namelist())


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_no_export_carries_the_stores_index_keys(loaded, schema, fmt) -> None:  # type: ignore[no-untyped-def]
    """search_grams (FalkorDB) / search_text (Neo4j) are the store's own index keys: present
    in the store, absent from every format and every scope."""
    store, _ = loaded
    held = store.run(
        "MATCH (n:Entity) WHERE "
        + " OR ".join(f"n.{p} IS NOT NULL" for p in sorted(DERIVED_PROPS))
        + " RETURN count(n)"
    ).rows[0][0]
    assert held > 0  # the store does derive them (else this test could not fail)
    scopes = [
        {},
        {"center": "深圳职业技术学院", "hops": 1},
        {"query": "MATCH (n:Company)-[r:LOCATED_IN]->(c:City) RETURN n, r, c"},
    ]
    for scope in scopes:
        out = export(store, fmt, schema=schema, **scope)  # type: ignore[arg-type]
        assert out.nodes > 0, scope
        text = _export_text(out.data, fmt)
        assert SZPU in text or scope.get("query"), scope
        assert [p for p in DERIVED_PROPS if p in text] == [], (fmt, scope)


def test_a_subgraph_with_index_keys_exports_without_them(schema) -> None:  # type: ignore[no-untyped-def]
    """A subgraph read by any query (say ``RETURN properties(n)``) goes through the same
    filter: it is applied where every format is written."""
    from iegraph.graph.model import Node, Relationship

    derived = {p: ["深圳", "圳职"] for p in DERIVED_PROPS}
    sub = Subgraph(
        [
            Node(SZPU, ["Entity", "Institution"], {"name": "深圳职业技术大学", **derived}),
            Node("place:深圳市", ["Entity", "City"], {"name": "深圳市", **derived}),
        ],
        [Relationship("LOCATED_IN", SZPU, "place:深圳市", dict(derived))],
    )
    for fmt in sorted(FORMATS):
        text = _export_text(export(sub, fmt, schema=schema).data, fmt)
        assert "深圳市" in text and [p for p in DERIVED_PROPS if p in text] == [], fmt
    assert sub.nodes[0].props.keys() >= DERIVED_PROPS  # the caller's subgraph is left as it was


def test_graphml_round_trip(loaded, schema) -> None:  # type: ignore[no-untyped-def]
    store, sub = loaded
    out = export(store, "graphml", schema=schema)
    assert (out.nodes, out.relationships) == (len(sub.nodes), len(sub.relationships))
    g = nx.read_graphml(io.BytesIO(out.data), force_multigraph=True)
    # node ids are NMTOKENs (n0, n1 …); the key is the node's "key" attribute
    assert all(str(n).startswith("n") and str(n)[1:].isdigit() for n in g.nodes)
    g = nx.relabel_nodes(g, {n: d["key"] for n, d in g.nodes(data=True)})
    _check_nx(g, sub, flat=True, key_is_id=True)


def test_gexf_round_trip_with_timeline(loaded, schema) -> None:  # type: ignore[no-untyped-def]
    store, sub = loaded
    g = nx.read_gexf(io.BytesIO(export(store, "gexf", schema=schema).data))
    if not g.is_multigraph():
        g = nx.MultiDiGraph(g)
    for k in list(g.nodes):  # reader-added attributes that are not properties
        for extra in ("start", "end", "viz"):
            g.nodes[k].pop(extra, None)
    _check_nx(g, sub, flat=True, key_is_id=True)
    g2 = nx.read_gexf(io.BytesIO(export(store, "gexf", schema=schema).data))
    assert g2.nodes[SZPU]["start"] == "2023-01-01"
    # colour and size from the ontology, where GEXF 1.3's XSD puts them (the gexf namespace)
    import xml.etree.ElementTree as ET

    ns = {"g": "http://gexf.net/1.3"}
    root = ET.fromstring(export(store, "gexf", schema=schema).data)
    node = next(n for n in root.iterfind(".//g:node", ns) if n.get("id") == SZPU)
    assert node.find("g:color", ns) is not None and node.find("g:size", ns) is not None


def test_json_node_link_round_trip(loaded, schema) -> None:  # type: ignore[no-untyped-def]
    store, sub = loaded
    doc = json.loads(export(store, "json", schema=schema).data)
    g = nx.node_link_graph(doc)  # networkx's defaults (the "edges" member)
    assert g.is_multigraph() and g.is_directed()
    _check_nx(g, sub, flat=False)


@pytest.mark.parametrize(
    ("fmt", "rdf_format"), [("ttl", "turtle"), ("jsonld", "json-ld"), ("nt", "nt")]
)
def test_rdf_round_trip(loaded, schema, fmt, rdf_format) -> None:  # type: ignore[no-untyped-def]
    from iegraph.ontology.schema import NAMESPACE

    store, sub = loaded
    g = rdflib.Graph().parse(
        data=export(store, fmt, schema=schema).data.decode(), format=rdf_format
    )
    ie = rdflib.Namespace(NAMESPACE)
    from iegraph.graph.rdf import node_iri

    for n in sub.nodes:
        iri = node_iri(n.key)
        assert (iri, rdflib.RDF.type, ie[n.props["class"]]) in g, n.key
        assert str(g.value(iri, ie["name"])) == n.props["name"]
    rel_triples = {
        (s, p, o)
        for s, p, o in g
        if isinstance(p, rdflib.URIRef)
        and str(p).startswith(NAMESPACE)
        and str(p)[len(NAMESPACE) :] in schema.relations
    }
    want = {(node_iri(r.start), ie[r.type], node_iri(r.end)) for r in sub.relationships}
    assert rel_triples == want
    texts = {str(o) for o in g.objects(None, None) if isinstance(o, rdflib.Literal)}
    assert TRICKY_TEXT in texts or any(TRICKY_TEXT in t for t in texts)


@pytest.mark.neo4j
def test_cypher_script_recreates_the_graph_in_neo4j(loaded, schema, request) -> None:  # type: ignore[no-untyped-def]
    store, sub = loaded
    script = export(store, "cypher", schema=schema).data.decode("utf-8")
    neo = request.getfixturevalue("neo4j_store")
    neo.clear()
    for stmt in split_statements(script):
        neo.run(stmt, write=True)  # no parameters: every value is a literal
    got = whole_graph(neo)
    assert _nodes(got) == _nodes(sub)
    assert _rels(got) == _rels(sub)
    neo.clear()


@pytest.mark.neo4j
def test_csv_loads_into_neo4j(loaded, schema, request) -> None:  # type: ignore[no-untyped-def]
    store, sub = loaded
    z = zipfile.ZipFile(io.BytesIO(export(store, "csv", schema=schema).data))
    delim = json.loads(z.read("manifest.json"))["array_delimiter"]
    node_rows = read_typed_csv(z.read("nodes.csv").decode("utf-8"), delim)
    rel_rows = read_typed_csv(z.read("relationships.csv").decode("utf-8"), delim)
    neo = request.getfixturevalue("neo4j_store")
    neo.clear()
    neo.upsert_nodes(
        NodeRecord(
            r["key:ID"] if "key:ID" in r else r["key"],
            tuple(lb for lb in r[":LABEL"] if lb != "Entity"),
            {k: v for k, v in r.items() if not k.startswith(":") and k != "key:ID"},
        )
        for r in node_rows
    )
    neo.upsert_relationships(
        RelRecord(
            r[":TYPE"],
            r[":START_ID"],
            r[":END_ID"],
            {k: v for k, v in r.items() if not k.startswith(":")},
        )
        for r in rel_rows
    )
    got = whole_graph(neo)
    assert _nodes(got) == _nodes(sub)
    assert _rels(got) == _rels(sub)
    neo.clear()


def test_ego_scope_exports_the_neighbourhood(loaded, schema) -> None:  # type: ignore[no-untyped-def]
    store, _sub = loaded
    doc = json.loads(export(store, "json", schema=schema, center="深圳职业技术学院", hops=1).data)
    keys = {n["id"] for n in doc["nodes"]}
    assert keys == {
        SZPU,
        "enterprise:华为技术有限公司",
        "place:深圳市",
        "platform:深圳市域产教联合体",
    }
    assert {(link["source"], link["type"], link["target"]) for link in doc["edges"]} >= {
        (SZPU, "LEADS", "platform:深圳市域产教联合体"),
        (SZPU, "LOCATED_IN", "place:深圳市"),
    }


def test_query_scope_exports_the_result(loaded, schema) -> None:  # type: ignore[no-untyped-def]
    store, _ = loaded
    out = export(
        store,
        "graphml",
        schema=schema,
        query="MATCH (n:Company)-[r:LOCATED_IN]->(c:City) RETURN n, r, c",
    )
    g = nx.read_graphml(io.BytesIO(out.data), force_multigraph=True)
    assert {d["key"] for _, d in g.nodes(data=True)} == {
        "enterprise:华为技术有限公司",
        "enterprise:深圳市大疆创新科技有限公司",
        "place:深圳市",
    }
    # the two LOCATED_IN edges: the relationships among the returned nodes, nothing more
    assert sorted(d["type"] for _, _, d in g.edges(data=True)) == ["LOCATED_IN", "LOCATED_IN"]
