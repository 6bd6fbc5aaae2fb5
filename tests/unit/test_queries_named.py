"""Named-query files: header parsing, parameter validation and coercion (no server)."""

from __future__ import annotations

from pathlib import Path

import pytest

from iegraph.ontology.errors import NotFound, OntologyError, ValidationError
from iegraph.queries.named import (
    NAMED_DIR,
    ParamSpec,
    check_against_schema,
    coerce,
    get_named,
    load_file,
    load_named_queries,
    parse_header,
    referenced_names,
)

REQUIRED = {
    "entity_by_key",
    "neighbourhood",
    "partners_of",
    "platforms_of_city",
    "platform_members",
    "policies_for",
    "policy_citation_chain",
    "organisations_in_industry",
    "city_industry_gaps",
}


def write(tmp: Path, name: str, text: str) -> Path:
    p = tmp / f"{name}.cypher"
    p.write_text(text, encoding="utf-8")
    return p


def test_every_required_query_ships_and_names_only_ontology_terms(schema) -> None:  # type: ignore[no-untyped-def]
    qs = load_named_queries(schema=schema)
    assert REQUIRED <= set(qs)
    for q in qs.values():
        assert q.description, q.name
        assert q.columns, q.name
        check_against_schema(q, schema)


def test_header_parsing(tmp_path: Path) -> None:
    p = write(
        tmp_path,
        "demo",
        "// name: demo\n// description: Demo query.\n// params:\n"
        "//   key: {type: string, required: true}\n"
        "//   hops: {type: int, default: 1, min: 1, max: 3, inline: true}\n"
        "// columns: [a, b]\n"
        "MATCH (n:Entity {key: $key})-[*1..{{hops}}]-(m) RETURN n.key, m.key\n",
    )
    q = load_file(p)
    assert q.name == "demo" and q.columns == ["a", "b"]
    assert q.params["key"].required and q.params["hops"].inline
    bound = q.bind({"key": "k", "hops": "3"})
    assert bound == {"key": "k", "hops": 3}
    assert "*1..3]" in q.render("embedded", bound)


def test_dialect_variant_is_used_for_its_backend(tmp_path: Path) -> None:
    write(tmp_path, "v", "// name: v\n// columns: [x]\nRETURN 1 AS x\n")
    (tmp_path / "v.neo4j.cypher").write_text("RETURN 2 AS x\n", encoding="utf-8")
    q = load_named_queries(tmp_path)["v"]
    assert q.body_for("neo4j") == "RETURN 2 AS x"
    assert q.body_for("embedded") == "RETURN 1 AS x"
    assert q.variants == {"neo4j": "RETURN 2 AS x"}


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("// name: other\nRETURN 1\n", "differs from the file name"),
        ("// name: bad\n", "no Cypher"),
        ("// name: bad\n// params:\n//   x: {type: blob}\nRETURN 1\n", "unknown type"),
        ("// name: bad\n// params:\n//   x: {type: string, inline: true}\nRETURN 1\n", "inline"),
        ("// name: bad\n// params:\n//   x: {type: int, colour: red}\nRETURN 1\n", "unknown keys"),
        ("// name: bad\n// params: [1, 2\nRETURN 1\n", "YAML"),
        ("// name: bad\nMATCH (n)-[*1..{{hops}}]-(m) RETURN m\n", "inline parameter"),
    ],
)
def test_broken_headers_name_the_file(tmp_path: Path, text: str, match: str) -> None:
    p = write(tmp_path, "bad", text)
    with pytest.raises(OntologyError, match=match) as info:
        load_file(p)
    assert str(p) in info.value.message


def test_unknown_and_missing_parameters(schema) -> None:  # type: ignore[no-untyped-def]
    q = get_named("neighbourhood")
    with pytest.raises(ValidationError, match="no parameter 'depth'") as info:
        q.bind({"key": "x", "depth": 2}, schema)
    assert "hops" in (info.value.hint or "")
    with pytest.raises(ValidationError, match="needs parameter 'key'"):
        q.bind({}, schema)
    with pytest.raises(NotFound):
        get_named("no_such_query")


def test_bounds_and_types(schema) -> None:  # type: ignore[no-untyped-def]
    q = get_named("neighbourhood")
    with pytest.raises(ValidationError, match="≤ 3"):
        q.bind({"key": "x", "hops": 4}, schema)
    with pytest.raises(ValidationError, match="must be an int"):
        q.bind({"key": "x", "hops": "two"}, schema)
    with pytest.raises(ValidationError, match="must be an int"):
        q.bind({"key": "x", "hops": 1.5}, schema)
    with pytest.raises(ValidationError, match="must be a date"):
        q.bind({"key": "x", "as_of": "2023-13-01"}, schema)
    with pytest.raises(ValidationError, match="not a relation type"):
        q.bind({"key": "x", "types": ["LIKES"]}, schema)
    with pytest.raises(ValidationError, match="not a class"):
        q.bind({"key": "x", "classes": "Spaceship"}, schema)
    # an injection attempt is only ever a value that fails validation
    with pytest.raises(ValidationError):
        q.bind({"key": "x", "types": ["MEMBER_OF]-() DETACH DELETE n //"]}, schema)


def test_coercion_of_text_values(schema) -> None:  # type: ignore[no-untyped-def]
    b = get_named("neighbourhood").bind(
        {
            "key": "x",
            "hops": "2",
            "types": "LEADS, 成员",
            "classes": "Institution",
            "as_of": "2023-09",
        },
        schema,
    )
    assert b["hops"] == 2 and b["as_of"] == "2023-09"
    assert b["types"] == ["LEADS", "MEMBER_OF"]  # a zh-Hans label resolves to the type
    assert "Institution" in b["classes"] and "VocationalUniversity" in b["classes"]
    assert b["limit"] == 500  # default filled
    assert coerce(ParamSpec("f", "bool"), "no") is False
    assert coerce(ParamSpec("f", "list[int]"), "[1, 2]") == [1, 2]
    with pytest.raises(ValidationError):
        coerce(ParamSpec("f", "bool"), "maybe")
    with pytest.raises(ValidationError):
        coerce(ParamSpec("f", "float"), "nan")
    with pytest.raises(ValidationError, match="one of"):
        coerce(ParamSpec("r", "string", choices=("lead", "member")), "boss")


def test_referenced_names_ignore_maps_and_strings() -> None:
    body = (
        "MATCH (a:Entity {key: $k})-[:LEADS|MEMBER_OF]->(p:Platform) "
        "WHERE a.name = 'x:Fake' RETURN {x: a.key}"
    )
    assert referenced_names(body) == {"Entity", "LEADS", "MEMBER_OF", "Platform"}


def test_schema_check_refuses_unknown_labels(tmp_path: Path, schema) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path, "typo", "// name: typo\nMATCH (n:Instituton) RETURN n\n")
    with pytest.raises(OntologyError, match="Instituton"):
        load_named_queries(tmp_path, schema=schema)


def test_header_only_comment_lines(tmp_path: Path) -> None:
    meta, body = parse_header("// name: x\n\n// description: y\nRETURN 1 // trailing\n")
    assert meta == {"name": "x", "description": "y"}
    assert body == "RETURN 1 // trailing"


def test_shipped_files_parse() -> None:
    assert sorted(p.stem for p in NAMED_DIR.glob("*.cypher") if "." not in p.stem) == sorted(
        load_named_queries()
    )
