"""Export formats and date helpers without a store: escaping, column types, GEXF intervals.
(The round trips through real stores are in tests/contract/test_exports_roundtrip.py.)"""

from __future__ import annotations

import io
import json
import zipfile

import networkx as nx
import pytest

from iegraph.graph.exports import FORMATS, check_format, serialize
from iegraph.graph.exports.columns import infer_columns
from iegraph.graph.exports.csv_format import read_typed_csv, to_csv_zip
from iegraph.graph.exports.cypher_format import (
    cypher_literal,
    cypher_string,
    split_statements,
    to_cypher,
)
from iegraph.graph.model import Node, Relationship, Subgraph
from iegraph.graph.views.dates import is_valid_at, parse_as_of, period_end, period_start
from iegraph.graph.views.synthetic import TRICKY_TEXT, sample_ecosystem
from iegraph.ontology.errors import ValidationError
from iegraph.queries.exports import export


@pytest.mark.parametrize(
    ("value", "start", "end"),
    [
        ("2021", "2021-01-01", "2021-12-31"),
        ("2024-02", "2024-02-01", "2024-02-29"),
        ("2023-02", "2023-02-01", "2023-02-28"),
        ("2017-12-05", "2017-12-05", "2017-12-05"),
        ("unknown", None, None),
        (None, None, None),
    ],
)
def test_partial_dates_widen_to_their_period(value, start, end) -> None:  # type: ignore[no-untyped-def]
    assert period_start(value) == start
    assert period_end(value) == end


def test_validity_on_a_date() -> None:
    props = {"valid_from": "2019", "valid_to": "2023-06"}
    assert is_valid_at(props, "2023-06-30")
    assert not is_valid_at(props, "2023-07-01")
    assert not is_valid_at(props, "2018-12-31")
    assert is_valid_at({}, "1900-01-01")


def test_as_of_must_be_a_date() -> None:
    assert parse_as_of("2023") == "2023-01-01"
    with pytest.raises(ValidationError) as err:
        parse_as_of("last year")
    assert "YYYY" in (err.value.hint or "")


def test_cypher_strings_escape_everything_that_could_end_them() -> None:
    lit = cypher_string(TRICKY_TEXT)
    assert lit.startswith("'") and lit.endswith("'")
    body = lit[1:-1]
    assert "\n" not in body and "\\n" in body
    assert "\\'" in body and "\\\\" in body
    # every quote inside is escaped
    assert all(body[i - 1] == "\\" for i, ch in enumerate(body) if ch == "'")
    assert cypher_string("a\x01b") == "'a\\u0001b'"
    assert cypher_literal([1, 2.5, True, None, "x"]) == "[1, 2.5, true, null, 'x']"
    with pytest.raises(ValidationError):
        cypher_literal(float("nan"))


def test_cypher_script_is_one_statement_per_line(schema) -> None:  # type: ignore[no-untyped-def]
    sub = sample_ecosystem(schema)
    script = to_cypher(sub)
    stmts = split_statements(script)
    assert stmts[0].startswith("CREATE CONSTRAINT")
    assert all(not s.endswith(";") for s in stmts)
    assert sum(s.count("MERGE (n:Entity {key: row.key})") for s in stmts) >= 1
    assert not any(" CREATE " in f" {s} " for s in stmts[1:])  # re-runnable: MERGE only


def test_cypher_refuses_labels_that_are_not_identifiers() -> None:
    sub = Subgraph([Node("a", ["Entity", "Bad Label"], {"name": "A"})])
    with pytest.raises(ValidationError):
        to_cypher(sub)
    sub = Subgraph(
        [Node("a", ["Entity"], {}), Node("b", ["Entity"], {})],
        [Relationship("X) DETACH DELETE (n", "a", "b", {})],
    )
    with pytest.raises(ValidationError):
        to_cypher(sub)


def test_column_types_are_inferred_per_property() -> None:
    cols = infer_columns(
        [{"a": 1, "b": ["x"], "c": True, "d": 1}, {"a": 2.5, "b": [], "d": "mixed"}]
    )
    assert cols == {"a": "double", "b": "string[]", "c": "boolean", "d": "string"}


def test_csv_picks_an_array_delimiter_absent_from_the_data(schema) -> None:  # type: ignore[no-untyped-def]
    sub = sample_ecosystem(schema)  # its evidence contains ';'
    z = zipfile.ZipFile(io.BytesIO(to_csv_zip(sub)))
    manifest = json.loads(z.read("manifest.json"))
    delim = manifest["array_delimiter"]
    assert delim != ";"
    header = z.read("nodes.csv").decode().splitlines()[0].split(",")
    assert header[:2] == ["key:ID", ":LABEL"] and "aliases:string[]" in header
    rheader = z.read("relationships.csv").decode().splitlines()[0].split(",")
    assert rheader[:3] == [":START_ID", ":END_ID", ":TYPE"] and "confidence:double" in rheader
    assert f"--array-delimiter='{delim}'" in z.read("IMPORT.md").decode()
    rows = read_typed_csv(z.read("relationships.csv").decode(), delim)
    texts = [json.loads(e)["text"] for r in rows for e in r["evidence"]]
    assert TRICKY_TEXT in texts


def test_gexf_has_time_intervals_from_partial_dates(schema) -> None:  # type: ignore[no-untyped-def]
    data = serialize(sample_ecosystem(schema), "gexf", schema)
    assert b'timeformat="date"' in data and b'mode="dynamic"' in data
    g = nx.read_gexf(io.BytesIO(data))
    coop = [d for _, _, d in g.edges(data=True) if d.get("label") == "COOPERATES_WITH"]
    assert coop and coop[0]["start"] == "2023-01-01" and coop[0]["end"] == "2026-06-30"
    assert g.nodes["institution:深圳职业技术大学"]["start"] == "2023-01-01"


def test_formats_and_their_checks(schema) -> None:  # type: ignore[no-untyped-def]
    assert set(FORMATS) == {
        "graphml",
        "graphml-plain",
        "gexf",
        "json",
        "csv",
        "ttl",
        "jsonld",
        "nt",
        "cypher",
    }
    with pytest.raises(ValidationError) as err:
        check_format("xlsx")
    assert "graphml" in (err.value.hint or "")
    sub = sample_ecosystem(schema)
    out = export(sub, "json", schema=schema)
    assert out.nodes == len(sub.nodes) and out.media_type == "application/json"
    with pytest.raises(ValidationError):
        export(sub, "json", schema=schema, center="x")
