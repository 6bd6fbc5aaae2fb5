"""`iegraph demo` on both backends: it loads, writes its pages and ends with indicators of the
demo city (深圳市) whose evidence exists in the graph."""

from __future__ import annotations

import os
from typing import Any

from typer.testing import CliRunner

from iegraph.api.cli import app
from iegraph.queries.analytics import city_indicators


def test_demo_ends_with_city_indicators(store, schema, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    args = ["demo", "--out", str(tmp_path / "out")]
    if store.backend == "embedded":
        args += ["--data-dir", str(store.data_dir), "--backend", "embedded"]
    else:
        from tests.conftest import neo4j_env

        for k, v in (neo4j_env() or {}).items():
            monkeypatch.setenv(k, v)
        args += ["--backend", "neo4j"]
    r = CliRunner().invoke(app, args, catch_exceptions=False)
    assert r.exit_code == 0, r.output
    assert "enterprise_participation" in r.output
    assert (tmp_path / "out" / "city.html").exists()
    assert "产教融合型企业" in (tmp_path / "out" / "indicators.html").read_text(encoding="utf-8")

    out = city_indicators(store, "深圳市", schema=schema)
    ind: dict[str, Any] = {i["name"]: i for i in out["indicators"]}
    assert ind["designated_enterprises"]["value"] >= 1
    assert ind["platforms_by_kind"]["value"]
    evidence = [e for i in ind.values() for e in i["evidence"]]
    assert evidence
    for e in evidence:
        n = store.run(
            "MATCH (a:Entity {key: $a})-[r]->(b:Entity {key: $b}) WHERE type(r) = $t "
            "RETURN count(r)",
            {"a": e["start"], "b": e["end"], "t": e["type"]},
        ).rows[0][0]
        assert n == 1, e
        assert e["sources"], e
    assert os.path.getsize(tmp_path / "out" / "city.html") > 1000
