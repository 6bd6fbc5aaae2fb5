"""The streaming pieces of the lean first load: the compact name index (duplicates, the
candidates a relation end has), the packed relationship set, and the bulk sender's pipeline
(order, errors, nothing sent after a failure)."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from iegraph.graph import falkor_bulk as fb
from iegraph.ingest.records.canonical import _text, rows_text
from iegraph.ingest.records.fastload import (
    NameIndex,
    TripleSet,
    _by_value,
    _Fallback,
    _Joined,
    _search,
    _taker,
    entry_format,
    json_strings,
    name_hashes,
)
from iegraph.ingest.resolve import name_forms
from iegraph.ingest.writer.entries import dumps


def index(*rows: tuple[str, str, list[str]]) -> NameIndex:
    ix = NameIndex()
    for top, cls, names in rows:
        ix.add(top, cls, f"{top.lower()}:{names[0]}", names, [name_forms(n) for n in names])
    return ix


# -- duplicates: exactly when the normal path would merge two rows into one node ----------------
def test_distinct_rows_freeze() -> None:
    ix = index(
        ("Organization", "Company", ["华为技术有限公司", "华为"]),
        ("Organization", "Company", ["比亚迪股份有限公司"]),
    )
    assert ix.freeze()


def test_a_name_and_its_alias_in_one_row_are_not_a_duplicate() -> None:
    # the Traditional alias has the name's forms: one row, one entity
    ix = index(("Organization", "Company", ["深圳职业技术大学", "深圳職業技術大學"]))
    assert ix.freeze()


@pytest.mark.parametrize(
    "second",
    [
        ["深圳職業技術大學"],  # the same exact form (Traditional script)
        ["华为"],  # another row's alias
        ["华为技术"],  # the same stripped form (legal suffix removed)
    ],
)
def test_a_shared_form_is_a_duplicate(second: list[str]) -> None:
    ix = index(
        ("Organization", "Company", ["华为技术有限公司", "华为"]),
        ("Organization", "Company", ["深圳职业技术大学"]),
        ("Organization", "Company", second),
    )
    assert not ix.freeze()


def test_one_name_in_two_top_classes_is_not_a_duplicate() -> None:
    ix = index(("Place", "City", ["深圳"]), ("Organization", "Company", ["深圳"]))
    assert ix.freeze()


# -- relation ends -------------------------------------------------------------------------------
def test_candidates_by_written_name_and_by_form() -> None:
    ix = index(
        ("Organization", "Company", ["华为技术有限公司", "华为"]),
        ("Place", "City", ["深圳"]),
        ("Organization", "Company", ["深圳"]),
    )
    assert ix.freeze()
    names = ["华为", "華為技術有限公司", "深圳", "无此名"]
    one, lo, hi = ix.candidates(names)
    assert one[0] == 0 and one[1] == 0  # as written, and by its exact form
    assert one[2] == -1 and sorted(ix.exact_rows(lo[2], hi[2])) == [1, 2]  # two tops
    assert one[3] == -1 and hi[3] == lo[3]  # unknown
    assert ix.stripped_rows("华为技术") == [0]  # no exact form: the stripped one
    assert ix.class_of(1) == "City"
    assert ix.key_bytes(0) == "organization:华为技术有限公司".encode()
    assert ix.key_bytes(1) == "place:深圳".encode()


# -- relationships asserted twice -----------------------------------------------------------------
def test_triples_duplicate_detection_is_exact() -> None:
    ts = TripleSet()
    ts.add(1, "A", 2)
    ts.add(2, "A", 1)  # the other direction: another relationship
    ts.add(1, "B", 2)  # another type
    ts.add((1 << 28) - 1, "A", (1 << 28) - 1)
    assert not ts.has_duplicate()
    ts.add(1, "B", 2)
    assert ts.has_duplicate()


def test_triples_refuse_what_does_not_pack() -> None:
    ts = TripleSet()
    with pytest.raises(_Fallback):
        ts.add(1 << 28, "A", 0)


def test_triples_packed_together_equal_one_by_one() -> None:
    triples = [(1, "A", 2), (2, "B", 1), ((1 << 28) - 1, "A", 0), (5, "C", 5), (1, "A", 2)]
    one, many = TripleSet(), TripleSet()
    for s, t, e in triples:
        one.add(s, t, e)
    starts = np.array([s for s, _, _ in triples], dtype=np.int64)
    ends = np.array([e for _, _, e in triples], dtype=np.int64)
    many.add_many(starts[:2], [t for _, t, _ in triples[:2]], ends[:2])
    many.add_many(starts[2:], [t for _, t, _ in triples[2:]], ends[2:])
    assert list(many._a) == list(one._a)
    assert many.has_duplicate()
    with pytest.raises(_Fallback):
        many.add_many(np.array([1 << 28]), ["A"], np.array([0]))


def test_key_rank_orders_keys_as_utf8_bytes() -> None:
    ix = index(
        ("Organization", "Company", ["比亚迪股份有限公司"]),
        ("Organization", "Company", ["华为技术有限公司"]),
        ("Place", "City", ["深圳"]),
        ("Organization", "Company", ["Acme Ltd"]),
    )
    assert ix.freeze()
    by_bytes = sorted(range(4), key=ix.key_bytes)
    assert sorted(range(4), key=lambda r: int(ix.key_rank[r])) == by_bytes
    assert len(set(ix.key_rank.tolist())) == 4


# -- a relationship's evidence entry as text, a chunk at a time ------------------------------------
TEXTS = [
    "plain 中文",
    'a "quote"',
    "back\\slash",
    "tab\tnew\nline\x01\x1f",
    "{0} {braces} }{",
    "\u2028 \u3000 \xa0 \x7f é",
    "",
]


def test_json_strings_equal_dumps() -> None:
    assert json_strings(TEXTS) == [dumps(t) for t in TEXTS]
    plain = ["a", "中文 b", "https://example.org/x?y=1&z={2}"]
    assert json_strings(plain) == [dumps(t) for t in plain]
    assert json_strings([]) == []


def test_json_strings_refuse_a_surrogate_as_dumps_does() -> None:
    with pytest.raises(TypeError):
        dumps("\ud800")
    with pytest.raises(TypeError):
        json_strings(["ok", "\ud800"])


@pytest.mark.parametrize(
    "fixed",
    [
        {"source": "source:abc", "extractor": "records/0.1", "version": "0.1", "ingested_at": "t"},
        {
            "source": 'source:{1} "x"',
            "extractor": "a\ue000b",  # the first marker character, taken by a fixed value
            "version": "",
            "ingested_at": "2026-01-02T03:04:05+00:00",
            "props": {"valid_from": "2020", "note": "{x} }"},
        },
        {"source": "s", "extractor": "e", "version": "v", "ingested_at": "t", "props": {}},
    ],
)
def test_entry_format_equals_dumps_of_the_entry(fixed: dict[str, object]) -> None:
    fmt = entry_format(fixed)
    for i, text in enumerate(TEXTS):
        for conf in (1.0, 0.35, 1e-05, 0.1 + 0.2):
            url = TEXTS[-1 - i]
            entry = {
                **fixed,
                "locator": f"row {i + 2}",
                "text": text,
                "confidence": conf,
                "source_url": url,
            }
            if not entry.get("props"):
                entry.pop("props", None)
            [u, t] = json_strings([url, text])
            assert fmt.format(dumps(conf), i + 2, u, t) == dumps(entry)


@pytest.mark.parametrize(
    "columns",
    [
        ["source", "type", "target", "valid_from", "confidence"],
        ["source", "_skip", "type", "target", "{x}"],
        ["_a", "_b", "_c", "_d", "_e"],
    ],
)
def test_rows_text_equals_the_normal_paths_text(columns: list[str]) -> None:
    rows = [
        ["甲", "B", "C", "2020", "high"],
        ["甲", "", "C", "", "x" * 500],
        ["", "", "", "", ""],
        ["a{0}", "}", "c", "d", "e"],
    ]
    cells = list(zip(*rows, strict=True))
    want = [_text(dict(zip(columns, r, strict=True))) for r in rows]
    assert rows_text(columns)(cells) == want


def test_by_value_takes_each_values_positions_in_order() -> None:
    values = ["A", "B", "A", "C", "A", "B"]
    col = list(range(10, 16))
    got = {v: list(_taker(at)(col)) for v, at in _by_value(values)}
    assert list(got) == ["A", "B", "C"]
    assert got == {"A": [10, 12, 14], "B": [11, 15], "C": [13]}
    assert dict(_by_value(values)) == {"A": (0, 2, 4), "B": (1, 5), "C": (3,)}
    assert list(_by_value(["A"] * 3)) == [("A", None)]  # every position
    assert list(_taker(None)(col[:3])) == [10, 11, 12]


# -- the sender's pipeline --------------------------------------------------------------------------
def test_pipeline_runs_jobs_in_order_on_another_thread() -> None:
    got: list[tuple[int, str]] = []
    main = threading.current_thread().name
    with fb.Pipeline() as pipe:
        for i in range(20):
            pipe.put(lambda i=i: got.append((i, threading.current_thread().name)))
    assert [i for i, _ in got] == list(range(20))
    assert all(name != main for _, name in got)


def test_pipeline_raises_the_jobs_error_and_skips_the_rest() -> None:
    ran: list[int] = []

    def boom() -> None:
        raise OSError("server gone")

    with pytest.raises(OSError, match="server gone"), fb.Pipeline() as pipe:
        pipe.put(boom)
        for i in range(5):
            pipe.put(lambda i=i: ran.append(i))
    assert ran == []


def test_pipeline_sends_nothing_after_the_caller_fails() -> None:
    started = threading.Event()
    sent: list[int] = []

    def slow() -> None:
        started.set()
        time.sleep(0.2)
        sent.append(0)

    with pytest.raises(ValueError), fb.Pipeline(depth=4) as pipe:
        pipe.put(slow)
        started.wait()
        for i in range(1, 4):
            pipe.put(lambda i=i: sent.append(i))
        raise ValueError("a bad row")
    # the job under way finished before the caller went on (no late write); the queued ones
    # were dropped
    assert sent == [0]


# -- the relation worker's hand-over -----------------------------------------------------------------
def test_search_in_sorted_order_equals_searchsorted() -> None:
    rng = np.random.default_rng(7)
    a = np.sort(rng.integers(-50, 50, 400))  # repeated values: left and right differ
    v = rng.integers(-60, 60, 1000)
    lo, hi = _search(a, v, "left", "right")
    assert (lo == np.searchsorted(a, v, "left")).all()
    assert (hi == np.searchsorted(a, v, "right")).all()
    assert [x.tolist() for x in _search(a, v[:0], "left")] == [[]]


def test_joined_names_give_each_name_back() -> None:
    names = ["华为", "", "深圳職業技術大學", "a,b\nc", "😀x"]
    j = _Joined.of(names)
    assert len(j) == 5 and list(j) == names
    assert j[-1] == "😀x" and j[1:3] == names[1:3]
    with pytest.raises(IndexError):
        j[5]
    assert name_hashes(j).tolist() == [hash(n) for n in names]


def test_candidates_from_given_hashes_equal_computed_ones() -> None:
    ix = index(
        ("Organization", "Company", ["华为技术有限公司", "华为"]),
        ("Place", "City", ["深圳"]),
    )
    assert ix.freeze()
    names = _Joined.of(["华为", "華為技術有限公司", "深圳", "无此名"])
    got = ix.candidates(names, name_hashes(names))
    want = ix.candidates(list(names))
    assert [g.tolist() for g in got] == [w.tolist() for w in want]
    assert got[0].tolist()[:3] == [0, 0, 1]
