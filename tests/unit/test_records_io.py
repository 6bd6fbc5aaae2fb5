"""Reading tables: encodings, broken files and the size limit (no store needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from iegraph.ingest.records.canonical import parse_entities, parse_relations
from iegraph.ingest.records.io import read_table
from iegraph.ontology.errors import IngestError

ROWS = "name,type,place\n深圳职业技术大学,高职院校,深圳\n中国中车集团有限公司,企业,北京\n"
TRAD = "name,type,place\n深圳職業技術大學,高職院校,深圳\n中國中車集團有限公司,企業,北京\n"


@pytest.mark.parametrize(
    ("text", "encoding", "expect"),
    [
        (ROWS, "utf-8", "utf-8"),
        (ROWS, "utf-8-sig", "utf-8-sig"),
        (ROWS, "gb18030", "gb18030"),
        (ROWS, "gbk", "gb18030"),
        (TRAD, "big5", "big5"),
        (TRAD, "gb18030", "gb18030"),
    ],
)
def test_encodings_detected(tmp_path: Path, text: str, encoding: str, expect: str) -> None:
    p = tmp_path / "e.csv"
    p.write_bytes(text.encode(encoding))
    t = read_table(p)
    assert t.encoding == expect
    rows = [r for _, r in t.rows]
    assert rows[0]["name"] == text.splitlines()[1].split(",")[0]
    assert t.columns == ["name", "type", "place"]


def test_empty_binary_and_unknown_format(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(IngestError, match="empty"):
        read_table(empty)
    binary = tmp_path / "bin.csv"
    binary.write_bytes(b"name,type\n\x00\x01\x02\xff\xfe")
    with pytest.raises(IngestError, match="binary"):
        read_table(binary)
    odd = tmp_path / "x.parquet"
    odd.write_bytes(b"PAR1")
    with pytest.raises(IngestError, match="format"):
        read_table(odd)
    garbage = tmp_path / "g.csv"
    garbage.write_bytes(bytes(range(0x80, 0x100)) * 50)
    with pytest.raises(IngestError) as exc:
        read_table(garbage)
    assert "g.csv" in exc.value.message and exc.value.hint


def test_size_limit_refuses_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "big.csv"
    p.write_text(ROWS * 100, encoding="utf-8")
    monkeypatch.setenv("IEGRAPH_RECORDS_MAX_BYTES", "1000")
    with pytest.raises(IngestError, match="above the records limit") as exc:
        read_table(p)
    assert "IEGRAPH_RECORDS_MAX_BYTES" in (exc.value.hint or "")


def test_missing_columns_and_ragged_rows(tmp_path: Path, schema) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "m.csv"
    p.write_text("name,kind\nA,University\n", encoding="utf-8")
    with pytest.raises(IngestError, match="missing required column") as exc:
        parse_entities(read_table(p), schema)
    assert "type" in exc.value.message
    r = tmp_path / "r.csv"
    r.write_text("name,type\n深圳大学,University\n华为,企业,extra\n", encoding="utf-8")
    parsed = parse_entities(read_table(r), schema)
    assert [(p.row, p.field) for p in parsed.problems] == [(3, "(row)")]
    rel = tmp_path / "rel.csv"
    builds_zh = schema.relations["BUILDS"].labels["zh-Hans"]  # types by label work too
    rel.write_text(f"source,type,target\nA,BOGUS,B\nA,{builds_zh},\n", encoding="utf-8")
    problems = parse_relations(read_table(rel), schema).problems
    assert {(p.row, p.field) for p in problems} == {(2, "type"), (3, "target")}


def test_jsonl_json_and_xlsx(tmp_path: Path, schema) -> None:  # type: ignore[no-untyped-def]
    import json

    from openpyxl import Workbook

    jl = tmp_path / "e.jsonl"
    jl.write_text(
        "\n".join(
            json.dumps(o, ensure_ascii=False)
            for o in [
                {"name": "深圳大学", "type": "University", "founded": "1983"},
                {"name": "华为技术有限公司", "type": "Company"},
            ]
        ),
        encoding="utf-8",
    )
    parsed = parse_entities(read_table(jl), schema)
    assert [e.name for e in parsed.entities] == ["深圳大学", "华为技术有限公司"]
    assert parsed.entities[0].props["founded"] == "1983"
    js = tmp_path / "e.json"
    js.write_text(
        json.dumps({"rows": [{"name": "深圳大学", "type": "大学"}]}, ensure_ascii=False),
        encoding="utf-8",
    )
    assert [r["name"] for _, r in read_table(js).rows] == ["深圳大学"]
    wb = Workbook()
    ws = wb.active
    ws.append(["name", "type"])
    ws.append(["深圳大学", "University"])
    x = tmp_path / "e.xlsx"
    wb.save(x)
    t = read_table(x)
    assert t.format == "xlsx" and [(n, r["name"]) for n, r in t.rows] == [(2, "深圳大学")]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"name": "a"}\nnot json\n', encoding="utf-8")
    with pytest.raises(IngestError, match="line 2"):
        list(read_table(bad).rows)


_MIB = 1 << 20


@pytest.mark.parametrize(
    ("data", "ok"),
    [
        ("a,b\n中文,x\r\n\tz\n".encode(), True),
        ("a,b\n中\x01文\n".encode(), False),  # a control character
        (b"a,b\n\x1f\n", False),
        ("a,b\n\ufffd\n".encode(), False),  # a replacement character: a damaged export
        (b"a" * (_MIB - 1) + "\ufffd".encode(), False),  # split between two reads
        (b"a" * (_MIB - 2) + "\ufffd".encode(), False),
        (b"a" * (_MIB - 1) + "中".encode(), True),
        (b"a,b\n\xff\n", False),  # not UTF-8
        ("\ufeffa,b\n".encode(), True),
    ],
)
def test_utf8_checked_on_the_bytes_as_on_the_text(tmp_path: Path, data: bytes, ok: bool) -> None:
    """UTF-8 files are checked for control and replacement characters on their bytes; the
    verdict is the decoded text's (``_valid_text``)."""
    from iegraph.ingest.records.io import _strict_decodes, _valid_text

    p = tmp_path / "t.csv"
    p.write_bytes(data)
    for enc in ("utf-8", "utf-8-sig"):
        try:
            text_ok = _valid_text(data.decode(enc))
        except UnicodeDecodeError:
            text_ok = False
        assert _strict_decodes(p, enc) == text_ok == ok
