"""The document commands through the real CLI (Typer runner): extract, eval; no store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from iegraph.api.cli import app

DEV = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "extract_dev.jsonl"
runner = CliRunner()


def test_extract_reads_stdin_and_prints_one_line_per_input() -> None:
    lines = [
        {"id": "a", "text": "深圳大学与腾讯签约。"},
        {
            "id": "b",
            "text": "Shenzhen University and Tencent Co., Ltd. co-build the "
            "Tencent Cloud Artificial Intelligence College.",
        },
    ]
    res = runner.invoke(
        app, ["extract", "-"], input="\n".join(json.dumps(x, ensure_ascii=False) for x in lines)
    )
    assert res.exit_code == 0, res.output
    out = [json.loads(x) for x in res.stdout.strip().splitlines()]
    assert [o["id"] for o in out] == ["a", "b"]
    assert set(out[0]) == {"id", "entities", "relations"}
    assert {"text": "深圳大学", "label": "Institution", "start": 0, "end": 4} in out[0]["entities"]
    assert all(set(r) == {"head", "type", "tail", "confidence"} for r in out[1]["relations"])


def test_extract_bad_line_names_the_line(tmp_path: Path) -> None:
    p = tmp_path / "in.jsonl"
    p.write_text('{"id": "1", "text": "教育部。"}\n{not json}\n', encoding="utf-8")
    res = runner.invoke(app, ["extract", str(p)])
    assert res.exit_code == 2
    assert "in.jsonl:2" in res.output


@pytest.mark.skipif(not DEV.exists(), reason="../shared/eval/extract_dev.jsonl is not present")
def test_eval_json() -> None:
    res = runner.invoke(app, ["eval", str(DEV), "--json"])
    assert res.exit_code == 0, res.output
    rep = json.loads(res.stdout)
    assert rep["entities"]["micro"]["f1"] >= 0.9 and rep["relations"]["micro"]["f1"] >= 0.8
    assert "Platform" in rep["entities"]["per_label"] and "LEADS" in rep["relations"]["per_type"]
