"""Every export opened by the program its users open it with, and counted against the store.

The demo data (records and documents: 536 nodes, 677 relationships, Chinese names full of
``、 ( ) | —``, parallel relationships of different types) is loaded into each backend and
exported in every format; then:

* GEXF → the Gephi toolkit (Gephi's own importer): every node and every relationship, parallel
  ones included, no importer issue above INFO; the relation types are Gephi's edge types. And
  graphology-gexf (Sigma.js, Gephi Lite): the same counts, a multigraph.
* GraphML → igraph, networkx, the Gephi toolkit (every relationship too, typed by the edge's
  ``label`` XML attribute) and graphology-graphml; valid against graphml.xsd (JGraphT's copy)
  extended by that one attribute; ids are NMTOKENs, key ids distinct.
* node-link JSON → networkx ``node_link_graph`` with its defaults.
* Turtle / N-Triples / JSON-LD → Jena ``riot --validate``; the export alone and the export with
  the ontology under RDFS reasoning (Jena ``riot --rdfs`` and pySHACL ``inference="rdfs"``)
  conform to the shapes (Jena ``shacl validate``, pySHACL); class counts equal the store's.
* CSV → ``neo4j-admin database import full`` of Neo4j 5.26 into a fresh database, then that
  database started and counted with cypher-shell.
* Cypher script → cypher-shell into the test Neo4j, twice: the second run changes nothing.

Each count is compared with the store's own ``stats()`` (what ``iegraph stats`` prints).
"""

from __future__ import annotations

import collections
import json
import os
import re
import shlex
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from iegraph.graph.exports import write_export
from iegraph.ontology.schema import NAMESPACE, SHAPES_FILE
from tests import readers

ONTOLOGY = Path(SHAPES_FILE).with_name("iegraph.ttl")
SZPU_NAME = "深圳职业技术大学"
FORMATS = ("gexf", "graphml", "graphml-plain", "json", "ttl", "nt", "jsonld", "csv", "cypher")
_NMTOKEN = re.compile(r"^[\w.\-:]+$")


def _load_demo(store: Any, schema: Any) -> None:
    from iegraph.ingest.concepts import seed_industries
    from iegraph.ingest.documents.ingest import ingest_documents
    from iegraph.ingest.records.samples import load_samples

    store.clear()
    store.apply_schema(schema)
    seed_industries(store, schema)
    load_samples(store, schema)
    samples = Path(load_samples.__code__.co_filename).resolve().parents[1] / "samples"
    docs = sorted(p for p in (samples / "docs").glob("*") if p.is_file())
    ingest_documents(docs, store, schema)


class Exported:
    """The exports of one backend's demo graph, and the store's counts."""

    def __init__(self, backend: str, folder: Path, stats: dict[str, dict[str, int]]) -> None:
        self.backend = backend
        self.folder = folder
        self.stats = stats
        self.nodes = stats["nodes"]["Entity"]
        self.relationships = sum(stats["relationships"].values())
        self.types = set(stats["relationships"])

    def path(self, fmt: str) -> Path:
        return self.folder / f"graph.{'zip' if fmt == 'csv' else fmt}"


@pytest.fixture(scope="module", params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def exported(request: pytest.FixtureRequest, schema, tmp_path_factory) -> Iterator[Exported]:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp(f"exp-{request.param}")
    if request.param == "embedded":
        store = request.getfixturevalue("embedded_session_store")
        _export_all(store, schema, folder)
        stats = store.stats()
    else:
        import fcntl

        from tests.conftest import neo4j_home

        store = request.getfixturevalue("neo4j_session_store")
        lock_path = neo4j_home() / "test.lock"
        with open(lock_path, "a+") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                _export_all(store, schema, folder)
                stats = store.stats()
                store.clear()
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)
    yield Exported(request.param, folder, stats)


def _export_all(store: Any, schema: Any, folder: Path) -> None:
    _load_demo(store, schema)
    for fmt in FORMATS:
        write_export(store, fmt, folder / f"graph.{'zip' if fmt == 'csv' else fmt}", schema=schema)


# -- GEXF ---------------------------------------------------------------------------------------
def test_gexf_opens_in_gephi_with_every_edge(exported: Exported) -> None:
    seen = readers.gephi(exported.path("gexf"))
    assert seen["nodes"] == exported.nodes
    assert seen["edges"] == exported.relationships  # parallel edges of different types kept
    assert set(seen["edge_types"]) == exported.types
    bad = [i for i in seen["issues"] if i["level"] not in ("INFO",)]
    assert bad == []
    assert seen["node_colors"] > 5  # the ontology's class colours reach Gephi
    labels = {label for _, label in seen["node_list"]}
    assert SZPU_NAME in labels
    per_type = collections.Counter(t for _, _, t, _ in seen["edge_list"])
    assert dict(per_type) == exported.stats["relationships"]


def test_gexf_keeps_to_the_1_3_schema(exported: Exported) -> None:
    """What the GEXF 1.3 XSD checks and the old export broke: the edge ``type`` enumeration, no
    ``graph@name``, the declared version and namespace, ids unique, ends declared."""
    ns = {"g": "http://gexf.net/1.3"}
    root = ET.parse(exported.path("gexf")).getroot()
    assert root.tag == "{http://gexf.net/1.3}gexf" and root.get("version") == "1.3"
    graph = root.find("g:graph", ns)
    assert graph is not None and "name" not in graph.attrib
    assert graph.get("defaultedgetype") == "directed"
    node_ids = [n.get("id") for n in graph.iterfind("g:nodes/g:node", ns)]
    assert len(node_ids) == len(set(node_ids)) == exported.nodes
    edges = list(graph.iterfind("g:edges/g:edge", ns))
    assert len({e.get("id") for e in edges}) == len(edges) == exported.relationships
    assert {e.get("type") for e in edges} <= {None, "directed", "undirected", "mutual"}
    assert {e.get("kind") for e in edges} == exported.types
    known = set(node_ids)
    assert all(e.get("source") in known and e.get("target") in known for e in edges)
    declared = {a.get("id") for a in graph.iterfind("g:attributes/g:attribute", ns)}
    used = {v.get("for") for v in graph.iterfind(".//g:attvalue", ns)}
    assert used <= declared


# -- GraphML ------------------------------------------------------------------------------------
def test_graphml_reads_in_igraph_networkx_and_gephi(exported: Exported) -> None:
    import igraph

    path = exported.path("graphml")
    ig = igraph.Graph.Read_GraphML(str(path))
    assert (ig.vcount(), ig.ecount()) == (exported.nodes, exported.relationships)
    assert SZPU_NAME in set(ig.vs["label"])
    assert collections.Counter(ig.es["type"]) == collections.Counter(
        exported.stats["relationships"]
    )

    g = nx.read_graphml(path, force_multigraph=True)
    assert (g.number_of_nodes(), g.number_of_edges()) == (exported.nodes, exported.relationships)
    assert {d["key"] for _, d in g.nodes(data=True)} >= {f"institution:{SZPU_NAME}"}

    seen = readers.gephi(path)
    assert seen["nodes"] == exported.nodes
    assert [i for i in seen["issues"] if i["level"] not in ("INFO",)] == []
    # Gephi types a GraphML edge by its <edge label="…"> XML attribute (and merges parallel
    # edges of one type): with the relation type there, it keeps every relationship
    pairs = {(d["source"], d["target"]) for d in _graphml_edges(path)}
    assert len(pairs) < exported.relationships  # the demo does have parallel relationships
    assert seen["edges"] == exported.relationships
    assert set(seen["edge_types"]) == exported.types
    per_type = collections.Counter(t for _, _, t, _ in seen["edge_list"])
    assert dict(per_type) == exported.stats["relationships"]


def _graphml_edges(path: Path) -> list[dict[str, str]]:
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    return [dict(e.attrib) for e in ET.parse(path).getroot().iter(f"{ns}edge")]


def test_graphml_is_valid_against_graphml_xsd(exported: Exported, tmp_path: Path) -> None:
    """Against graphml.xsd (GraphML 1.0, the version the file declares) extended, the way the
    GraphML primer extends it, by edge@label (GRAPHML_EXTENSION_XSD); against graphml.xsd
    alone that attribute, and nothing else, is reported."""
    from lxml import etree

    from iegraph.graph.exports.nx_formats import GRAPHML_EXTENSION_XSD

    folder = readers.schemas(tmp_path)
    (folder / GRAPHML_EXTENSION_XSD.name).write_bytes(GRAPHML_EXTENSION_XSD.read_bytes())
    doc = etree.parse(str(exported.path("graphml")))
    extended = etree.XMLSchema(etree.parse(str(folder / GRAPHML_EXTENSION_XSD.name)))
    assert extended.validate(doc), [str(e) for e in list(extended.error_log)[:5]]
    plain = etree.XMLSchema(etree.parse(str(folder / "graphml.xsd")))
    assert not plain.validate(doc)
    errors = list(plain.error_log)
    assert len(errors) == exported.relationships
    assert all("'label' is not allowed" in e.message and "}edge'" in e.message for e in errors)


def test_graphml_plain_is_valid_against_graphml_xsd_alone(
    exported: Exported, tmp_path: Path
) -> None:
    """``graphml-plain``: no Gephi edge label, so graphml.xsd alone accepts it; igraph and
    networkx still read every node and relationship; Gephi merges the parallel edges (which is
    why ``graphml`` carries the label)."""
    import igraph
    from lxml import etree

    folder = readers.schemas(tmp_path)
    path = tmp_path / "plain.graphml"  # the readers choose their importer by extension
    path.write_bytes(exported.path("graphml-plain").read_bytes())
    plain = etree.XMLSchema(etree.parse(str(folder / "graphml.xsd")))
    assert plain.validate(etree.parse(str(path))), [str(e) for e in list(plain.error_log)[:5]]
    assert all("label" not in e for e in _graphml_edges(path))
    ig = igraph.Graph.Read_GraphML(str(path))
    assert (ig.vcount(), ig.ecount()) == (exported.nodes, exported.relationships)
    g = nx.read_graphml(path, force_multigraph=True)
    assert (g.number_of_nodes(), g.number_of_edges()) == (exported.nodes, exported.relationships)
    seen = readers.gephi(path)
    pairs = {(d["source"], d["target"]) for d in _graphml_edges(path)}
    assert seen["edges"] == len(pairs) < exported.relationships


def test_gexf_and_graphml_open_in_graphology(exported: Exported) -> None:
    """graphology-gexf and graphology-graphml, the parsers of Sigma.js and Gephi Lite: every
    node and relationship (as a multigraph), per-type counts, Chinese labels."""
    for fmt in ("gexf", "graphml"):
        seen = readers.graphology(fmt, exported.path(fmt))
        assert (seen["nodes"], seen["edges"]) == (exported.nodes, exported.relationships), fmt
        assert seen["multi"] and seen["type"] == "directed", fmt
        assert seen["per_type"] == exported.stats["relationships"], fmt
        assert SZPU_NAME in seen["labels"], fmt


def test_graphml_ids_are_nmtokens_and_key_ids_distinct(exported: Exported) -> None:
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    root = ET.parse(exported.path("graphml")).getroot()
    keys = list(root.iter(f"{ns}key"))
    ids = [k.get("id") for k in keys]
    assert len(ids) == len(set(ids))  # no id shared by a node key and an edge key
    for el in [*root.iter(f"{ns}node"), *root.iter(f"{ns}edge"), *keys]:
        assert _NMTOKEN.match(el.get("id") or ""), el.attrib
    edges = _graphml_edges(exported.path("graphml"))
    assert len(edges) == exported.relationships
    assert all(_NMTOKEN.match(e["source"]) and _NMTOKEN.match(e["target"]) for e in edges)


# -- node-link JSON -----------------------------------------------------------------------------
def test_node_link_json_reads_with_networkx_defaults(exported: Exported) -> None:
    doc = json.loads(exported.path("json").read_text(encoding="utf-8"))
    g = nx.node_link_graph(doc)  # no edges= argument: networkx 3.6 reads "edges"
    assert g.is_directed() and g.is_multigraph()
    assert (g.number_of_nodes(), g.number_of_edges()) == (exported.nodes, exported.relationships)
    assert g.nodes[f"institution:{SZPU_NAME}"]["label"] == SZPU_NAME


# -- RDF ----------------------------------------------------------------------------------------
_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


def _class_counts(ntriples: str) -> collections.Counter[str]:
    counts: collections.Counter[str] = collections.Counter()
    seen: set[tuple[str, str]] = set()
    for line in ntriples.splitlines():
        parts = line.split(" ", 2)
        if len(parts) == 3 and parts[1] == _TYPE and parts[2].startswith(f"<{NAMESPACE}"):
            cls = parts[2][len(NAMESPACE) + 1 :].split(">")[0]
            if (parts[0], cls) not in seen:
                seen.add((parts[0], cls))
                counts[cls] += 1
    return counts


@pytest.mark.parametrize(
    ("fmt", "syntax"), [("ttl", "turtle"), ("nt", "ntriples"), ("jsonld", "jsonld")]
)
def test_rdf_validates_in_jena_and_counts_every_class(
    exported: Exported, fmt: str, syntax: str
) -> None:
    path = exported.path(fmt)
    done = readers.riot("--validate", "--strict", f"--syntax={syntax}", str(path), check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "WARN" not in done.stderr and "ERROR" not in done.stderr, done.stderr[-3000:]
    nt = readers.riot(f"--syntax={syntax}", "--output=nt", str(path)).stdout
    counts = _class_counts(nt)
    # typed with every superclass: a query without the ontology counts what `iegraph stats` counts
    want = {label: n for label, n in exported.stats["nodes"].items() if n}
    assert {c: counts.get(c, 0) for c in want} == want


def test_rdf_alone_conforms_in_jena_and_pyshacl(exported: Exported) -> None:
    import pyshacl
    import rdflib

    conforms, report = readers.shacl_validate(Path(SHAPES_FILE), exported.path("ttl"))
    assert conforms, report[:3000]
    data = rdflib.Graph().parse(exported.path("ttl"))
    shapes = rdflib.Graph().parse(SHAPES_FILE)
    ok, _, text = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    assert ok, text[:3000]


def test_rdf_with_ontology_under_rdfs_conforms_in_jena(exported: Exported, tmp_path: Path) -> None:
    inferred = tmp_path / "inferred.nt"
    done = readers.riot(
        f"--rdfs={ONTOLOGY}", "--output=nt", str(exported.path("ttl")), str(ONTOLOGY)
    )
    inferred.write_text(done.stdout, encoding="utf-8")
    counts = _class_counts(done.stdout)
    industries = _ontology_industries()  # the ontology's own individuals (76 on 2026-12-07)
    # evidence and statements stay out of ie:Entity under RDFS reasoning
    assert counts["Entity"] == exported.nodes + industries
    assert counts["Industry"] == exported.stats["nodes"]["Industry"] + industries
    conforms, report = readers.shacl_validate(Path(SHAPES_FILE), inferred)
    assert conforms, report[:3000]


def _ontology_industries() -> int:
    import rdflib

    g = rdflib.Graph().parse(ONTOLOGY)
    return len(set(g.subjects(rdflib.RDF.type, rdflib.URIRef(f"{NAMESPACE}Industry"))))


def test_rdf_with_ontology_under_rdfs_conforms_in_pyshacl(exported: Exported) -> None:
    import pyshacl
    import rdflib

    g = rdflib.Graph().parse(exported.path("ttl"))
    g.parse(ONTOLOGY)
    shapes = rdflib.Graph().parse(SHAPES_FILE)
    ok, _, text = pyshacl.validate(g, shacl_graph=shapes, inference="rdfs")
    assert ok, text[:3000]


# -- CSV: neo4j-admin database import -----------------------------------------------------------
@pytest.mark.neo4j
def test_csv_imports_with_neo4j_admin(exported: Exported, tmp_path: Path) -> None:
    home = tmp_path / "neo4j"
    (home / "conf").mkdir(parents=True)
    (home / "conf" / "neo4j.conf").write_text("", encoding="utf-8")
    files = tmp_path / "csv"
    zipfile.ZipFile(exported.path("csv")).extractall(files)
    manifest = json.loads((files / "manifest.json").read_text(encoding="utf-8"))
    # the very command IMPORT.md gives, run by Neo4j 5.26's own admin tool
    command = re.search(r"neo4j-admin (database import full .*)", (files / "IMPORT.md").read_text())
    assert command is not None
    args = shlex.split(command.group(1))
    done = readers.java(
        "neo4j",
        "org.neo4j.cli.AdminTool",
        *args,
        cwd=files,
        env={"NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")},
    )
    out = done.stdout + done.stderr
    assert "IMPORT DONE" in out, out[-3000:]
    assert f"{exported.nodes} nodes" in out and f"{exported.relationships} relationships" in out
    assert manifest["nodes"] == exported.nodes
    # start that database and count with cypher-shell
    env = {**os.environ, "IEGRAPH_NEO4J_HOME": str(home), "IEGRAPH_NEO4J_PASSWORD": "import-test"}
    start = subprocess.run(
        [str(readers.REPO / "scripts" / "neo4j"), "start"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert start.returncode == 0, start.stderr[-3000:]
    try:
        uri = start.stdout.strip().splitlines()[-1]
        text = readers.cypher_shell(
            uri,
            "neo4j",
            "import-test",
            "MATCH (n:Entity) WITH count(n) AS n MATCH ()-[r]->() RETURN n, count(r) AS r",
        )
        assert text.splitlines()[-1].split(", ") == [
            str(exported.nodes),
            str(exported.relationships),
        ]
        query = tmp_path / "name.cypher"  # Chinese in a UTF-8 file, not in argv
        query.write_text(
            f"MATCH (n:Entity {{key: 'institution:{SZPU_NAME}'}}) RETURN n.name;\n",
            encoding="utf-8",
        )
        names = readers.cypher_shell(uri, "neo4j", "import-test", "-f", str(query))
        assert SZPU_NAME in names
    finally:
        subprocess.run([str(readers.REPO / "scripts" / "neo4j"), "stop"], env=env, check=False)


# -- Cypher script: cypher-shell, re-runnable ---------------------------------------------------
@pytest.mark.neo4j
def test_cypher_script_runs_twice_in_cypher_shell(exported: Exported, request) -> None:  # type: ignore[no-untyped-def]
    from iegraph.graph.exports.scope import whole_graph
    from tests.conftest import neo4j_env

    neo = request.getfixturevalue("neo4j_store")  # an empty test database, held for this test
    env = neo4j_env() or {}
    uri, user, pw = env["NEO4J_URI"], env.get("NEO4J_USERNAME", "neo4j"), env["NEO4J_PASSWORD"]
    script = str(exported.path("cypher"))
    readers.cypher_shell(uri, user, pw, "-f", script)
    stats = neo.stats()
    assert stats["nodes"] == {k: v for k, v in exported.stats["nodes"].items() if v}
    assert stats["relationships"] == exported.stats["relationships"]
    first = _content(whole_graph(neo))
    # replayed into a database that holds the data: no error, nothing changes
    readers.cypher_shell(uri, user, pw, "-f", script)
    assert _content(whole_graph(neo)) == first


def _content(sub: Any) -> tuple[Any, Any]:
    nodes = sorted(
        (n.key, sorted(n.labels), json.dumps(n.props, sort_keys=True)) for n in sub.nodes
    )
    rels = sorted(
        (r.start, r.type, r.end, json.dumps(r.props, sort_keys=True)) for r in sub.relationships
    )
    return nodes, rels
