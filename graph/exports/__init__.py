"""Exports of the graph (or of a view of it) in the formats analysts' tools read.

========  =====================================================  ===========================
format    for                                                    module
========  =====================================================  ===========================
graphml   Cytoscape, yEd, Gephi, igraph, networkx              :mod:`.nx_formats`
graphml-  the same, exactly as graphml.xsd allows (no Gephi      :mod:`.nx_formats`
plain     edge label: Gephi then merges parallel edges)
gexf      Gephi (with a timeline from valid_from / valid_to)     :mod:`.nx_formats`
json      d3, networkx, sigma.js (node-link)                     :mod:`.nx_formats`
csv       ``neo4j-admin database import`` (zip of two files)     :mod:`.csv_format`
ttl       RDF Turtle, typed by the ontology                      :mod:`graph.rdf`
jsonld    RDF JSON-LD                                            :mod:`graph.rdf`
nt        RDF N-Triples                                          :mod:`graph.rdf`
cypher    a re-runnable script (MERGE) that loads it into Neo4j :mod:`.cypher_format`
========  =====================================================  ===========================

Example:
    >>> from iegraph.graph.exports import export
    >>> out = export(store, "graphml")                        # the whole graph
    >>> out.media_type, out.nodes
    ('application/graphml+xml', 42)
    >>> from iegraph.queries.exports import write_export     # a neighbourhood of the store
    >>> write_export(store, "gexf", "ego.gexf", center="深圳职业技术大学", hops=2)
    PosixPath('ego.gexf')
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iegraph.graph.exports.scope import whole_graph, without_derived
from iegraph.graph.model import Subgraph
from iegraph.ontology.errors import ValidationError

if TYPE_CHECKING:
    from iegraph.graph.store import GraphStore
    from iegraph.graph.views.model import View
    from iegraph.ontology.schema import Schema


@dataclass(frozen=True)
class Format:
    name: str
    media_type: str
    extension: str
    description: str


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("graphml", "application/graphml+xml", "graphml", "GraphML (Cytoscape, yEd, Gephi)"),
        Format(
            "graphml-plain",
            "application/graphml+xml",
            "graphml",
            "GraphML valid against graphml.xsd alone (no Gephi edge label)",
        ),
        Format("gexf", "application/gexf+xml", "gexf", "GEXF 1.3 with time intervals (Gephi)"),
        Format("json", "application/json", "json", "node-link JSON (d3, networkx, sigma.js)"),
        Format(
            "csv", "application/zip", "zip", "neo4j-admin import CSV (zip: nodes + relationships)"
        ),
        Format("ttl", "text/turtle", "ttl", "RDF Turtle"),
        Format("jsonld", "application/ld+json", "jsonld", "RDF JSON-LD"),
        Format("nt", "application/n-triples", "nt", "RDF N-Triples"),
        Format(
            "cypher", "application/x-cypher-query", "cypher", "Cypher script (MERGE, re-runnable)"
        ),
    )
}


@dataclass(frozen=True)
class Export:
    """An export in memory: bytes, media type, a suggested file name and what it holds."""

    data: bytes
    format: str
    media_type: str
    filename: str
    nodes: int
    relationships: int


def check_format(fmt: str) -> Format:
    f = FORMATS.get((fmt or "").lower().lstrip("."))
    if f is None:
        raise ValidationError(
            f"unknown export format {fmt!r}",
            hint="use one of: " + ", ".join(FORMATS),
            field="format",
        )
    return f


def serialize(sub: Subgraph, fmt: str, schema: Schema | None = None) -> bytes:
    """Bytes of ``sub`` in ``fmt`` (no store access)."""
    f = check_format(fmt)
    from iegraph.ontology.schema import load_schema

    schema = schema or load_schema()
    writer = _writers()[f.name]
    return writer(without_derived(sub), schema)


def _rdf(fmt: str) -> Callable[[Subgraph, Schema], bytes]:
    def write(sub: Subgraph, schema: Schema) -> bytes:
        try:
            from iegraph.graph.rdf import export_rdf
        except ImportError as exc:  # pragma: no cover - rdf ships with graph
            raise ValidationError(
                f"RDF export ({fmt}) is not available: {exc}",
                hint="install iegraph with its rdflib dependency",
            ) from exc
        text = export_rdf(None, schema, fmt, subgraph=sub)
        return text.encode("utf-8") if isinstance(text, str) else bytes(text)

    return write


def _writers() -> dict[str, Callable[[Subgraph, Schema], bytes]]:
    from iegraph.graph.exports.csv_format import to_csv_zip
    from iegraph.graph.exports.cypher_format import to_cypher
    from iegraph.graph.exports.nx_formats import to_gexf, to_graphml, to_node_link

    return {
        "graphml": to_graphml,
        "graphml-plain": lambda sub, schema: to_graphml(sub, schema, gephi_label=False),
        "gexf": to_gexf,
        "json": to_node_link,
        "csv": lambda sub, schema: to_csv_zip(sub),
        "ttl": _rdf("turtle"),
        "jsonld": _rdf("json-ld"),
        "nt": _rdf("nt"),
        "cypher": lambda sub, schema: to_cypher(sub).encode("utf-8"),
    }


def export(
    source: GraphStore | Subgraph | View,
    fmt: str,
    *,
    schema: Schema | None = None,
    scope: str = "graph",
) -> Export:
    """Export a store's whole graph, a :class:`~graph.model.Subgraph` or a
    :class:`~graph.views.model.View` in ``fmt``. A neighbourhood or a query result is selected
    from a store by :func:`queries.exports.export`, which then calls this.

    Args:
        scope: names the file (``iegraph-<scope>.<ext>``): graph, ego or query.

    Raises:
        ValidationError: unknown format.
    """
    f = check_format(fmt)
    from iegraph.graph.views.model import View

    if isinstance(source, View):
        sub = source.subgraph
    elif isinstance(source, Subgraph):
        sub = source
    else:
        sub = whole_graph(source)
    data = serialize(sub, f.name, schema)
    return Export(
        data,
        f.name,
        f.media_type,
        f"iegraph-{scope}.{f.extension}",
        len(sub.nodes),
        len(sub.relationships),
    )


def write_export(
    source: GraphStore | Subgraph | View, fmt: str, path: str | os.PathLike[str], **kw: Any
) -> Path:
    """:func:`export` and write the bytes atomically to ``path``."""
    from iegraph.graph.views.render import write_text_atomic

    return write_text_atomic(path, export(source, fmt, **kw).data)


__all__ = [
    "FORMATS",
    "Export",
    "Format",
    "check_format",
    "export",
    "serialize",
    "whole_graph",
    "write_export",
]
