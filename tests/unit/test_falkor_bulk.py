"""The GRAPH.BULK record encoding: the inline fast path gives the bytes of the general
per-value encoder, and refuses what the protocol cannot carry."""

from __future__ import annotations

import struct

import pytest

from iegraph.graph import falkor_bulk as fb

ROW = {
    "key": "company:深圳华中科技",
    "name": "深圳華中科技有限公司",
    "absent": None,
    "empty": [],
    "aliases": ["华中科技", "華中科技"],
    "one": ["only"],
    "count": 3,
    "score": 0.75,
    "flag": True,
    "ints": [1, 2],
    "mixed": ["a", 1],
    "pair": ("t", "u"),
}
NAMES = [*ROW, "missing"]


def test_record_equals_per_value_encoding() -> None:
    slow = b"".join(fb.encode_value(ROW.get(n)) for n in NAMES)
    assert fb.node_record(ROW, NAMES) == slow
    assert fb.edge_record(7, 9, ROW, NAMES) == struct.pack("=QQ", 7, 9) + slow


def test_string_list_layout() -> None:
    got = fb.node_record({"a": ["x", "中"]}, ["a"])
    assert got == struct.pack("=Bq", 5, 2) + b"\x03x\x00\x03" + "中".encode() + b"\x00"


@pytest.mark.parametrize("value", ["a\x00b", ["ok", "b\x00"], ["\x00\x03"], ["a", "b\x00c", "d"]])
def test_nul_refused(value: object) -> None:
    with pytest.raises(fb.NotEncodable):
        fb.node_record({"v": value}, ["v"])


def test_nested_map_refused() -> None:
    with pytest.raises(fb.NotEncodable):
        fb.node_record({"v": [{"a": 1}]}, ["v"])


SHARED = ["src:a"]  # one list object in many records
COLUMNS = [
    ["a", "中文", ""],
    ["类", "类", "类"],  # one value for every record
    ["a", None, "b"],
    [None, None],
    [0.5, 1.0, -0.0],
    [1, 2, -3],
    [True, False],
    [["x"], None, [], ["y", "中"]],
    [["x"], ["a", 1]],
    [["a"], [], ["b", "中"], ["c", "d", "e"]],
    [SHARED, SHARED, ["a"], SHARED],
    [SHARED, SHARED, SHARED],  # one list for every record
    [["a"], ["a"], ["a"]],  # equal lists
    [[], []],
    [["x"], ["中文"], [""], ["a b"]],  # one string each
    (["x"], ["y"]),  # a tuple of lists (a column taken with itemgetter)
    [[1, 2], ["a"]],
    ["a", 1, None, 0.5, ["z"], ("t", "u")],
    [],
]


@pytest.mark.parametrize("column", COLUMNS)
def test_column_equals_per_value_encoding(column: list[object]) -> None:
    assert fb.encode_column(column) == [fb.encode_value(v) for v in column]


@pytest.mark.parametrize(
    "column",
    [
        ["ok", "a\x00"],
        ["ok", None, "\x00"],
        [["a"], ["b\x00"]],
        [["a"], None, ["\x00"]],
        [["\x00"], ["\x00"]],
        [["a\x00b"]],
    ],
)
def test_column_nul_refused(column: list[object]) -> None:
    with pytest.raises(fb.NotEncodable):
        fb.encode_column(column)


def test_column_records_interleave_the_columns() -> None:
    rows = [ROW, {"name": "x", "count": 1}]
    cols = [fb.encode_column([r.get(n) for r in rows]) for n in NAMES]
    assert list(fb.column_records(cols)) == [fb.node_record(r, NAMES) for r in rows]


def test_calls_take_parts_whole_and_split_them_as_records() -> None:
    recs = [bytes([65 + i % 26]) * (5 + i % 7) for i in range(200)]
    parts = [recs[i : i + 13] for i in range(0, len(recs), 13)]
    for limit in (40, 100, 333, 10_000):
        one_by_one = list(fb.calls([(True, "A", ["p"], [[r] for r in recs])], limit))
        in_parts = list(fb.calls([(True, "A", ["p"], parts)], limit))
        assert in_parts == one_by_one
        assert sum(c[0] for c in in_parts) == len(recs)


def test_runs_split_between_records_as_lists_do() -> None:
    """Records back to back in one buffer (:class:`fb.Run`) make the calls record lists
    make: the greedy split (a call closed before the record that would overflow it; a
    record larger than a call alone in one)."""
    from itertools import accumulate

    recs = [bytes([65 + i % 26]) * (5 + i % 7) for i in range(200)] + [b"Z" * 50, b"y" * 3]
    head = fb.header("A", ["p"])

    def greedy(limit: int) -> list[fb.Call]:
        out, cur, size = [], [], len(head)
        for r in recs:
            if cur and size + len(r) > limit:
                out.append(cur)
                cur, size = [], len(head)
            cur.append(r)
            size += len(r)
        out.append(cur)
        return [(len(c), 0, [head + b"".join(c)], []) for c in out]

    def run(rs: list[bytes]) -> fb.Run:
        return fb.Run(bytearray(b"".join(rs)), list(accumulate(map(len, rs))))

    for limit in (12, 40, 100, 333, 10_000):
        want = greedy(limit)
        as_lists = list(
            fb.calls([(True, "A", ["p"], [recs[i : i + 13] for i in range(0, 202, 13)])], limit)
        )
        as_runs = list(
            fb.calls(
                [(True, "A", ["p"], [run(recs[i : i + 13]) for i in range(0, 202, 13)])], limit
            )
        )
        mixed = list(fb.calls([(True, "A", ["p"], [run(recs[:100]), recs[100:]])], limit))
        assert as_lists == want and as_runs == want and mixed == want, limit


def test_encoded_edges_give_the_column_encoders_records() -> None:
    """``encode_edges`` (run where the ends are not known yet) then the ends put before the
    encoded properties: the bytes ``bulk_edges`` sends for the same columns."""
    from iegraph.graph.falkor_store import FalkorStore
    from iegraph.graph.model import EdgeColumns

    n = 12
    props = {
        "valid_from": [None if i % 3 else "2020" for i in range(n)],
        "source_ids": [["src:a"]] * n,
        "confidence": [0.5 + i / 100 for i in range(n)],
        "evidence": [[f'{{"text": "行{i}"}}'] for i in range(n)],
    }
    starts, ends = list(range(n)), [i * 7 for i in range(n)]
    cols = EdgeColumns("COOPERATES_WITH", starts, ends, props)
    store = FalkorStore.__new__(FalkorStore)
    enc = store.encode_edges(EdgeColumns("COOPERATES_WITH", (), (), props))
    assert enc.names == list(props) and len(enc.at) == n + 1 and enc.at[-1] == len(enc.data)
    given = enc._replace(starts=starts, ends=ends)
    old = FalkorStore.ENCODE_SLICE
    try:
        FalkorStore.ENCODE_SLICE = 5  # several slices
        runs = list(FalkorStore._edge_records(given))
        want = [r for part in FalkorStore._edge_column_bytes(cols) for r in part]
    finally:
        FalkorStore.ENCODE_SLICE = old
    assert [len(r.ends) for r in runs] == [5, 5, 2]
    got = [bytes(r.data[a:b]) for r in runs for a, b in zip([0, *r.ends], r.ends, strict=False)]
    assert got == want
    assert got[1] == struct.pack("=QQ", 1, 7) + b"".join(
        fb.encode_value(props[k][1]) for k in props
    )
    with pytest.raises(fb.NotEncodable, match="a COOPERATES_WITH relationship"):
        store.encode_edges(EdgeColumns("COOPERATES_WITH", (), (), {"note": ["a\x00b"]}))
