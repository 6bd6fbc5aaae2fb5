"""The mapping format as typed models: unknown keys refused with the path and the fix; the
JSON Schema that ``iegraph mapping schema`` prints accepts every shipped mapping."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from iegraph.api.cli import app
from iegraph.ingest.records.mapping import parse_mapping
from iegraph.ingest.records.mapping_model import check_shape
from iegraph.ontology.errors import IngestError

SAMPLES = Path(__file__).resolve().parents[2] / "ingest" / "samples" / "mappings"
BASE = {"entities": {"c": {"class": "City", "name": "city"}}}


def _with(path: tuple[str | int, ...], key: str, value: object) -> dict:  # type: ignore[type-arg]
    raw = json.loads(json.dumps(BASE))
    raw["relations"] = [{"type": "LOCATED_IN", "from": "c", "to": "c"}]
    node = raw
    for p in path:
        node = node[p]
    node[key] = value
    return raw  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("path", "key", "where", "takes"),
    [
        ((), "entitys", "entitys", "entities"),
        (("entities", "c"), "nmae", "entities.c.nmae", "omit_if_empty"),
        (("relations", 0), "form", "relations[0].form", "skip_if_disallowed"),
    ],
)
def test_unknown_keys_are_refused(path, key, where, takes) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(IngestError) as err:
        check_shape(_with(path, key, "x"), "m.yaml")
    assert err.value.message == f"mapping m.yaml: {where}: unknown key {key!r}"
    assert takes in (err.value.hint or "")


def test_nested_value_specs_and_conditions_are_checked() -> None:
    raw = _with(("entities", "c"), "name", {"column": "city", "splitt": True})
    with pytest.raises(IngestError, match=r"entities\.c\.name\.splitt: unknown key") as err:
        check_shape(raw, "m.yaml")
    assert "suffix_unless" in (err.value.hint or "")
    raw = _with(("entities", "c"), "when", [{"column": "a", "emtpy": True}])
    with pytest.raises(IngestError, match=r"entities\.c\.when\[0\]\.emtpy"):
        check_shape(raw, "m.yaml")
    raw = _with(("relations", 0), "zip", "often")
    with pytest.raises(IngestError, match=r"relations\[0\]\.zip: .*boolean"):
        check_shape(raw, "m.yaml")
    raw = _with(("entities", "c"), "name", {"column": "a", "const": 1})
    with pytest.raises(IngestError, match="exactly one of column, const, template"):
        check_shape(raw, "m.yaml")


def test_parse_mapping_refuses_unknown_keys_before_the_ontology(tmp_path: Path, schema) -> None:  # type: ignore[no-untyped-def]
    m = tmp_path / "m.yaml"
    m.write_text("entities:\n  c: {class: City, name: city, nmae: x}\n", encoding="utf-8")
    with pytest.raises(IngestError, match=r"m\.yaml: entities\.c\.nmae: unknown key 'nmae'"):
        parse_mapping(m, schema)


def test_the_schema_accepts_every_shipped_mapping_and_refuses_unknown_keys() -> None:
    r = CliRunner().invoke(app, ["mapping", "schema"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    schema = json.loads(r.stdout)
    validator = jsonschema.Draft202012Validator(schema)
    files = sorted(SAMPLES.glob("*.yaml"))
    assert files
    for f in files:
        raw = yaml.safe_load(f.read_text(encoding="utf-8"))
        errors = list(validator.iter_errors(raw))
        assert not errors, (f.name, [e.message for e in errors[:3]])
        check_shape(raw, str(f))
    assert list(validator.iter_errors(_with(("entities", "c"), "nmae", "x")))
    assert list(validator.iter_errors(_with((), "entitys", {})))


def test_mapping_check_command(tmp_path: Path) -> None:
    ok = CliRunner().invoke(app, ["mapping", "check", str(SAMPLES / "pilot_cities.yaml")])
    assert ok.exit_code == 0 and "ok" in ok.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text("entities:\n  c: {class: City, name: city, nmae: x}\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["mapping", "check", str(bad)])
    assert r.exit_code == 1 and "unknown key 'nmae'" in r.output
