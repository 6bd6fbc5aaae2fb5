"""The lean first load: canonical entity and relation CSV files into a graph with no nodes.

A national list loaded into a fresh graph needs none of the general writer's machinery (no
existing keys to merge with, no earlier versions to replace, nothing to read back), so this
path builds the stored records straight from the rows — the exact properties, evidence
strings and search keys :func:`ingest.writer.entries.derive_node` / ``derive_rel`` give a
node or relationship asserted once — and streams them into the store's binary bulk protocol
(:meth:`~graph.store.GraphStore.bulk_nodes` / ``bulk_edges``):

1. pass 1 over the entity file(s): each row is checked, built and sent in bounded GRAPH.BULK
   batches; what stays in memory per row is a few 64-bit numbers in flat arrays
   (:class:`NameIndex`: its name forms' hashes, its class, its internal id, its key's bytes);
2. the index is frozen into sorted arrays — two rows sharing a name form are found here;
3. pass 2 over the relation file(s), in chunks: the ends are resolved against the sorted
   arrays (vectorised), the relationships are checked, built a type at a time as columns
   (:class:`~graph.model.EdgeColumns`; each evidence entry's JSON by one format call from
   a template :func:`entry_format`) and sent by internal id, and
   packed exactly into one 64-bit number (:class:`TripleSet`) to find a relationship asserted
   twice.

Both passes work a chunk of rows at a time, a column at a time where they can (rows read as
lists of cells, each distinct type / confidence / date cell checked once, the chunk's names
normalised together, domain and range checked per distinct class pair), and run with
Python's cycle collector paused (they make no cycles; see :func:`_no_cycle_collection`).

No row, record or entry object outlives its batch: the client's memory grows by tens of bytes
per entity name and 8 bytes per relationship, not by the records.

It runs only when every precondition holds, and otherwise returns None so the caller takes
the normal path (which then also reports any invalid row with its usual wording):

* the store speaks the binary bulk protocol (embedded FalkorDB) and the graph holds no node;
* only canonical CSV files (no mapped tables), no ``key``, ``place``, ``industry`` or code
  columns, no typed relation ends, no keyed relation ends;
* every row is valid, every entity's names are new (no two rows merge into one node) and no
  relationship is asserted twice.

A precondition found false part-way (an invalid row, a duplicate), or a store failure, drops
what this load wrote — the graph was empty, so emptying it again under the write lock is the
exact inverse — before the normal path runs or the error is raised.

The contract (tests/contract/test_fastload.py): the graph it writes is identical to the
normal path's, node by node and relationship by relationship.
"""

from __future__ import annotations

import gc
import os
import pickle
import re
import resource
import signal
import struct
import tempfile
import threading
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from itertools import chain, islice, repeat
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, NoReturn, overload

import numpy as np

from iegraph.graph.model import EdgeColumns, EncodedEdges, NodeRecord
from iegraph.graph.store import CAP_BULK_BINARY
from iegraph.ingest.records.canonical import (
    _KEY,
    ENTITY_KNOWN,
    RELATION_KNOWN,
    rows_text,
)
from iegraph.ingest.records.io import Table, read_table
from iegraph.ingest.records.values import confidence_cell, parse_date
from iegraph.ingest.resolve import _NON_ENTITY_TOPS, name_forms, name_forms_once
from iegraph.ingest.writer import core as writer_core
from iegraph.ingest.writer.checks import BAD, AllowedPairs, PropChecker
from iegraph.ingest.writer.entries import SOURCE_CLASS, dumps
from iegraph.ingest.writer.prepare import Prepared as WriterPrepared
from iegraph.ingest.writer.report import Problem, WriteSummary
from iegraph.ontology.errors import IegraphError, StoreError
from iegraph.ontology.names import key_of_norm

if TYPE_CHECKING:
    from iegraph.graph.store import GraphStore
    from iegraph.ingest.assertions import SourceInfo
    from iegraph.ingest.records.load import LoadResult
    from iegraph.ingest.writer import GraphWriter
    from iegraph.ontology.schema import Schema

Progress = Callable[[str, int, int], None]

_ENTITY_UNSUPPORTED = ("key", "place", "industry")
_RELATION_UNSUPPORTED = ("source_type", "target_type")

#: relation rows resolved together (one vectorised look-up of their ends)
CHUNK = 20_000
#: entity rows whose names are normalised together (one conversion call)
ENTITY_CHUNK = 5_000


class _Fallback(Exception):
    """A precondition of the lean path does not hold: take the normal path."""


_Ints = np.ndarray[Any, np.dtype[np.int64]]


def _i64(a: array[int]) -> np.ndarray[Any, np.dtype[np.int64]]:
    return np.frombuffer(a, dtype=np.int64) if len(a) else np.zeros(0, dtype=np.int64)


class NameIndex:
    """The lean load's name index: each entity row's name forms as 64-bit hashes in flat
    arrays (tens of bytes per name, no Python object per row), frozen into sorted arrays
    before the relations are resolved.

    * ``(top, stripped form)`` of each name, once per row. Two rows sharing one is exactly
      when the normal path merges them into one node — its name look-up matches the exact
      form or the stripped one, and the exact form determines the stripped one — so
      :meth:`freeze` refuses it (the load then takes the normal path).
    * the exact form (any top) → row: a relation end's candidates, as
      :meth:`ingest.resolve.Resolver.candidates` finds them; ``(top, stripped)`` → row when
      no exact form matches.
    * each surface name as written → its exact form's hash: most ends are written as an
      entity row wrote them, so their forms are not computed again.

    Per row it also keeps the class (an index into :attr:`classes`), the internal id the store
    gave the node (:attr:`ids`, filled by the store in row order) and the key's UTF-8 bytes
    (a symmetric relationship is stored from the smaller key; UTF-8 byte order is code point
    order). Hashes are Python's 64-bit string hashes: two different forms with one hash read
    as a duplicate (the normal path then runs: still exact); an end name colliding with a
    form of another entity is a 1-in-2^64 event per pair.
    """

    def __init__(self) -> None:
        self.rows = 0
        self.classes: list[str] = []
        self._cls_idx: dict[str, int] = {}
        self.cls = array("H")
        self.ids: array[int] = array("q")
        self.tops: dict[str, None] = {}
        self._keys = bytearray()
        self._key_end = array("q")
        self._st_h, self._st_r = array("q"), array("q")
        self._ex_h, self._ex_r = array("q"), array("q")
        self._raw_h, self._raw_x = array("q"), array("q")
        self.key_rank: _Ints = np.zeros(0, dtype=np.int64)
        self._frozen = False

    def add(
        self, top: str, cls: str, key: str, names: Sequence[str], forms: Sequence[tuple[str, str]]
    ) -> int:
        """Register one entity row: its names (the name first) and their
        :func:`~ingest.resolve.name_forms`; returns its row number."""
        r = self.rows
        self.rows += 1
        c = self._cls_idx.get(cls)
        if c is None:
            c = self._cls_idx[cls] = len(self.classes)
            self.classes.append(cls)
        self.cls.append(c)
        self.tops[top] = None
        self._keys += key.encode()
        self._key_end.append(len(self._keys))
        st: set[int] = set()
        ex: set[int] = set()
        for n, (exact, stripped) in zip(names, forms, strict=True):
            xh = hash(exact)
            st.add(hash((top, stripped)))
            if xh not in ex:
                ex.add(xh)
                self._ex_h.append(xh)
                self._ex_r.append(r)
            self._raw_h.append(hash(n))
            self._raw_x.append(xh)
        self._st_h.extend(st)
        self._st_r.extend([r] * len(st))
        return r

    def key_bytes(self, row: int) -> bytes:
        return bytes(self._keys[self._key_end[row - 1] if row else 0 : self._key_end[row]])

    def freeze(self) -> bool:
        """Sort the arrays for look-up; False when two rows share a name form."""
        st = _i64(self._st_h)
        order = np.argsort(st, kind="stable")
        self._st_sorted = st[order]
        self._st_rows = _i64(self._st_r)[order]
        dup = bool(len(st) > 1 and (self._st_sorted[1:] == self._st_sorted[:-1]).any())
        ex = _i64(self._ex_h)
        order = np.argsort(ex, kind="stable")
        self._ex_sorted, self._ex_rows = ex[order], _i64(self._ex_r)[order]
        raw = _i64(self._raw_h)
        order = np.argsort(raw, kind="stable")
        self._raw_sorted, self._raw_xs = raw[order], _i64(self._raw_x)[order]
        # each key's rank in UTF-8 byte order (equal keys equal ranks): a symmetric
        # relationship goes from the end whose key is smaller (compared a chunk at a time)
        keys = [self.key_bytes(r) for r in range(self.rows)]
        rank = np.zeros(self.rows, dtype=np.int64)
        k, prev = -1, None
        for r in sorted(range(self.rows), key=keys.__getitem__):
            if keys[r] != prev:
                k, prev = k + 1, keys[r]
            rank[r] = k
        self.key_rank = rank
        # the sorted copies replace the growing arrays
        self._st_h = self._st_r = self._ex_h = self._ex_r = self._raw_h = self._raw_x = array("q")
        self._frozen = True
        return not dup

    def exact_hashes(self, names: Sequence[str], hashes: _Ints | None = None) -> _Ints:
        """The exact form's hash of each name (looked up by the name as written first, whose
        hashes ``hashes`` may give: made by this process or a fork of it, which hashes
        strings alike)."""
        h = name_hashes(names) if hashes is None else hashes
        raw = self._raw_sorted
        if not len(raw):
            return h
        i = np.minimum(_search(raw, h, "left")[0], len(raw) - 1)
        hit = raw[i] == h
        out = np.where(hit, self._raw_xs[i], 0)
        for j in np.flatnonzero(~hit).tolist():
            out[j] = hash(name_forms(names[j])[0])
        return out

    def candidates(
        self, names: Sequence[str], hashes: _Ints | None = None
    ) -> tuple[_Ints, _Ints, _Ints]:
        """Per name: the row when exactly one exact form matches (else -1), and ``(lo, hi)``
        — its exact-form candidates are :meth:`exact_rows` ``(lo, hi)``."""
        xh = self.exact_hashes(names, hashes)
        ex = self._ex_sorted
        lo, hi = _search(ex, xh, "left", "right")
        if not len(ex):
            return np.full(len(xh), -1, dtype=np.int64), lo, hi
        one = np.where(hi - lo == 1, self._ex_rows[np.minimum(lo, len(ex) - 1)], -1)
        return one, lo, hi

    def exact_rows(self, lo: int, hi: int) -> list[int]:
        return [int(x) for x in self._ex_rows[lo:hi]]

    def stripped_rows(self, name: str) -> list[int]:
        """Rows whose ``(top, stripped form)`` equals the name's, over every top (the
        fallback when no exact form matches)."""
        stripped = name_forms(name)[1]
        st = self._st_sorted
        out: list[int] = []
        for t in self.tops:
            h = hash((t, stripped))
            i = int(np.searchsorted(st, h))
            if i < len(st) and st[i] == h:
                r = int(self._st_rows[i])
                if r not in out:
                    out.append(r)
        return out

    def class_of(self, row: int) -> str:
        return self.classes[self.cls[row]]


def name_hashes(names: Iterable[str], count: int = -1) -> _Ints:
    """Each name's string hash (what :meth:`NameIndex.exact_hashes` looks up first)."""
    return np.fromiter(map(hash, names), dtype=np.int64, count=count)


def _search(a: _Ints, v: _Ints, *sides: Literal["left", "right"]) -> list[_Ints]:
    """``np.searchsorted(a, v, side)`` for each of ``sides``, ``v`` looked up in sorted
    order: numpy then narrows each search from the one before, so a large ``a`` costs far
    fewer cache misses (the ends of a chunk of relations are in no order)."""
    order = np.argsort(v, kind="stable")
    vs = v[order]
    outs = []
    for side in sides:
        out = np.empty(len(v), dtype=np.int64)
        out[order] = np.searchsorted(a, vs, side)
        outs.append(out)
    return outs


class _Joined(Sequence[str]):
    """Strings kept as one text and their offsets (one object instead of one per string:
    cheap to pickle; a string is made only when asked for)."""

    def __init__(self, text: str, at: _Ints) -> None:
        self.text, self.at = text, at

    @classmethod
    def of(cls, items: Sequence[str]) -> _Joined:
        at = np.zeros(len(items) + 1, dtype=np.int64)
        np.cumsum(np.fromiter(map(len, items), dtype=np.int64, count=len(items)), out=at[1:])
        return cls("".join(items), at)

    def __len__(self) -> int:
        return len(self.at) - 1

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[str]: ...
    def __getitem__(self, i: int | slice) -> str | Sequence[str]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self.text[self.at[i] : self.at[i + 1]]


class TripleSet:
    """Relationships ``(start row, type, end row)`` packed exactly into 64 bits each (rows
    below 2^28, types below 2^8), in a flat array; :meth:`has_duplicate` sorts it once."""

    ROW_BITS = 28
    TYPE_BITS = 8

    def __init__(self) -> None:
        self._a = array("Q")
        self._types: dict[str, int] = {}

    def add(self, start: int, rtype: str, end: int) -> None:
        t = self._types.get(rtype)
        if t is None:
            t = self._types[rtype] = len(self._types)
        if t >> self.TYPE_BITS or start >> self.ROW_BITS or end >> self.ROW_BITS:
            raise _Fallback("too many entities or relation types to pack")
        self._a.append((start << (self.ROW_BITS + self.TYPE_BITS)) | (end << self.TYPE_BITS) | t)

    def add_many(self, starts: _Ints, rtypes: Sequence[str], ends: _Ints) -> None:
        """:meth:`add` of each ``(starts[i], rtypes[i], ends[i])``, packed together."""
        for rtype in dict.fromkeys(rtypes):
            if rtype not in self._types:
                self._types[rtype] = len(self._types)
        t = np.fromiter(map(self._types.__getitem__, rtypes), dtype=np.uint64, count=len(rtypes))
        s, e = starts.astype(np.uint64), ends.astype(np.uint64)
        if len(t) and (
            int(t.max()) >> self.TYPE_BITS
            or int(s.max()) >> self.ROW_BITS
            or int(e.max()) >> self.ROW_BITS
        ):
            raise _Fallback("too many entities or relation types to pack")
        packed = (
            (s << np.uint64(self.ROW_BITS + self.TYPE_BITS)) | (e << np.uint64(self.TYPE_BITS)) | t
        )
        self._a.frombytes(packed.tobytes())

    def __len__(self) -> int:
        return len(self._a)

    def has_duplicate(self) -> bool:
        if len(self._a) < 2:
            return False
        a = np.sort(np.frombuffer(self._a, dtype=np.uint64))
        return bool((a[1:] == a[:-1]).any())


#: takes the items of a column at some positions
_Take = Callable[[Sequence[Any]], Sequence[Any]]


def _by_value(values: Sequence[str]) -> Iterator[tuple[str, tuple[int, ...] | None]]:
    """Each distinct value (first-seen order) and its positions in ``values`` (in order;
    None: every position) — :func:`_taker` takes the items there from any column of the same
    length."""
    kinds = list(dict.fromkeys(values))
    if len(kinds) == 1:
        yield kinds[0], None
        return
    code = {v: i for i, v in enumerate(kinds)}
    codes = np.fromiter(map(code.__getitem__, values), dtype=np.int64, count=len(values))
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(kinds) + 1))
    for i, v in enumerate(kinds):
        yield v, tuple(order[bounds[i] : bounds[i + 1]].tolist())


def _taker(at: tuple[int, ...] | None) -> _Take:
    """A function taking the items at positions ``at`` (None: all) from a column."""
    if at is None:
        return _same
    if len(at) == 1:
        j = at[0]
        return lambda col: (col[j],)
    return itemgetter(*at)


def _same(col: Sequence[Any]) -> Sequence[Any]:
    return col


#: a relationship's checked properties, and the properties its stored form starts from
_Props = tuple[dict[str, Any], dict[str, Any]]

#: what orjson writes escaped inside a JSON string (and lone surrogates, which it refuses)
_JSON_ESCAPED = re.compile(r'["\\\x00-\x1f\ud800-\udfff]')


def json_strings(values: Sequence[str]) -> list[str]:
    """Each string as :func:`~ingest.writer.entries.dumps` writes it: in quotes, and — only
    when it holds a quote, a backslash or a control character (or a surrogate, which
    ``dumps`` refuses) — through ``dumps`` itself."""
    text = "".join(values)
    # printable text (no control character, no surrogate) without quote or backslash: the
    # usual case, found without a regex over the whole chunk
    if text.isprintable() and '"' not in text and "\\" not in text:
        return list(map('"{}"'.format, values))
    return [dumps(v) if _JSON_ESCAPED.search(v) else f'"{v}"' for v in values]


#: the per-row fields of a relationship's evidence entry: their slots in :func:`entry_format`
_ENTRY_SLOTS = {"confidence": "{0}", "locator": '"row {1}"', "source_url": "{2}", "text": "{3}"}


def entry_format(fixed: dict[str, Any]) -> str:
    """A relationship's evidence entry as a ``str.format`` template: ``dumps`` of ``fixed``
    (the fields every row of a file, or of a property combination, shares; an empty
    ``props`` left out, as the normal path leaves it out) plus the per-row fields, with
    ``{0}`` the confidence's JSON, ``{1}`` the row number, ``{2}`` and ``{3}`` the source
    URL's and the text's JSON (:func:`json_strings`). Made by ``dumps`` itself — each
    per-row field a marker string no fixed value contains — so it has ``dumps``'s key order
    and escapes."""
    fixed = {k: v for k, v in fixed.items() if k != "props" or v}
    text = dumps(fixed)
    mark = next(chr(c) for c in range(0xE000, 0xF900) if chr(c) not in text)
    doc = dumps({**fixed, **{k: f"{mark}{k}{mark}" for k in _ENTRY_SLOTS}})
    doc = doc.replace("{", "{{").replace("}", "}}")
    for k, slot in _ENTRY_SLOTS.items():
        doc = doc.replace(f'"{mark}{k}{mark}"', slot)
    return doc


class _Class(NamedTuple):
    """An entity class as the lean load writes it."""

    cls: str
    top: str
    labels: tuple[str, ...]
    name_max: int | None


class _RelPart(NamedTuple):
    """A chunk of a relation file, checked and built without the entities
    (:meth:`_Builder.relation_parts`): each row's ends by name (start, end, start, …) and
    their string hashes (:func:`name_hashes`), each row's type, and the
    chunk's relationships a type at a time — the rows' positions in the chunk (None: every
    row) and their properties (their ends left empty, given by :meth:`_Builder.relations`)."""

    ends: _Joined
    end_hashes: _Ints
    rtypes: list[str]
    groups: list[tuple[tuple[int, ...] | None, EdgeColumns | EncodedEdges]]


class _File:
    """What one file's load wrote (for its Source node and the report)."""

    def __init__(self, table: Table, role: str) -> None:
        self.table = table
        self.role = role
        self.rows = 0
        self.created: Counter[str] = Counter()
        self.assertions = 0
        self.written = 0
        self.source = _source(table, 0, role)


def _source(t: Table, rows: int, role: str) -> SourceInfo:
    from iegraph.ingest.records.load import _source as make

    return make(t.path, t.content_hash, rows=rows, encoding=t.encoding, fmt=t.format, role=role)


class _Builder:
    def __init__(self, schema: Schema, ingested_at: str, progress: Progress | None) -> None:
        self.schema = schema
        self.at = ingested_at
        self.progress = progress
        self.checker = PropChecker(schema)
        self._labels: dict[str, tuple[str, ...]] = {}
        self._allows = AllowedPairs(schema)
        self.index = NameIndex()
        self.triples = TripleSet()

    def labels(self, cls: str) -> tuple[str, ...]:
        hit = self._labels.get(cls)
        if hit is None:
            s = self.schema
            hit = tuple(s.labels_for_store(cls)[1:]) if cls in s.classes else (cls,)
            self._labels[cls] = hit
        return hit

    # -- entities ----------------------------------------------------------------------------
    def open_entities(self, path: Path, encoding: str | None) -> _File:
        from iegraph.ingest.reference.codes import code_properties

        t = read_table(path, encoding=encoding)
        cols = t.columns
        if t.format != "csv" or not {"name", "type"} <= set(cols):
            raise _Fallback("not a canonical entities CSV")
        if set(cols) & {*_ENTITY_UNSUPPORTED, *code_properties(self.schema).values()}:
            raise _Fallback("key, place, industry or code columns")
        return _File(t, "entities")

    def entities(self, f: _File) -> Iterator[NodeRecord]:
        """The file's node records, :data:`ENTITY_CHUNK` rows at a time (rows read as lists
        of cells; the chunk's names normalised together); each row's names go to the
        index."""
        index = self.index
        t = f.table
        cols = t.columns
        at = {c: i for i, c in enumerate(cols)}
        n_cols = len(cols)
        i_name, i_type = at["name"], at["type"]
        i_conf, i_url, i_aliases = at.get("confidence"), at.get("source_url"), at.get("aliases")
        # the cells an entity's properties come from, in the normal path's order
        date_at: list[tuple[str, int]] = [(c, at[c]) for c in ("valid_from", "valid_to") if c in at]
        extra_at = [(c, at[c]) for c in cols if c not in ENTITY_KNOWN and c[:2] != "__"]
        file = t.path
        skey = f.source.key
        sids = [skey]  # one list for every record of the file (read, never changed)
        cls_cache: dict[str, _Class] = {}
        conf_cache: dict[str, float] = {}
        dates: dict[str, str | None] = {}
        problems: list[Problem] = []
        entity_props = self.checker.entity_props
        rows = iter(t.records)
        while chunk := list(islice(rows, ENTITY_CHUNK)):
            # 1. each row's own checks; the chunk's names
            parsed: list[tuple[int, _Class, float, dict[str, Any], list[str], str]] = []
            names_all: list[str] = []
            for row_no, rec in chunk:
                if len(rec) != n_cols:
                    raise _Fallback("ragged row")
                name = rec[i_name].strip()
                if not name:
                    raise _Fallback("empty name")
                typ = rec[i_type]
                c = cls_cache.get(typ)
                if c is None:
                    c = cls_cache[typ] = self._class(typ.strip())
                cell = rec[i_conf] if i_conf is not None else ""
                conf = conf_cache.get(cell)
                if conf is None:
                    conf = confidence_cell(cell)
                    if conf is None:
                        raise _Fallback("bad confidence")
                    conf_cache[cell] = conf
                raw: dict[str, Any] = {}
                for k, i in date_at:
                    v = rec[i].strip()
                    if v:
                        d = dates[v] if v in dates else dates.setdefault(v, parse_date(v))
                        if d is None:
                            raise _Fallback("bad date")
                        raw[k] = d
                for k, i in extra_at:
                    if rec[i] != "":
                        raw[k] = rec[i].strip()
                if c.name_max is not None and len(name) > c.name_max:
                    raise _Fallback("name too long")
                props = entity_props(c.cls, raw, file, row_no, problems)
                if problems:
                    raise _Fallback("invalid property")
                araw = rec[i_aliases].strip() if i_aliases is not None else ""
                names = [name]
                if araw:
                    names += [a.strip() for a in araw.split("|") if a.strip()]
                names_all += names
                url = rec[i_url].strip() if i_url is not None else ""
                parsed.append((row_no, c, conf, props, names, url))
            forms_all = name_forms_once(names_all)
            f.rows += len(chunk)
            del chunk
            if self.progress:
                self.progress(Path(t.path).name, f.rows, 0)
            # 2. index and build each node
            pos = 0
            created = f.created
            for row_no, c, conf, props, names, url in parsed:
                nforms = forms_all[pos : pos + len(names)]
                pos += len(names)
                cls, top = c.cls, c.top
                key = key_of_norm(top, nforms[0][0])
                index.add(top, cls, key, names, nforms)
                name = names[0]
                al = sorted(set(names[1:]) - {name})
                entry: dict[str, Any] = {
                    "source": skey,
                    "cls": cls,
                    "name": name,
                    "locators": [f"row {row_no}"],
                    "confidence": conf,
                    "ingested_at": self.at,
                }
                if al:
                    entry["aliases"] = al
                if props:
                    entry["props"] = props
                if url:
                    entry["source_url"] = url
                forms: set[str] = set(nforms[0])
                if al:
                    by_name = dict(zip(names, nforms, strict=True))
                    for a in al:
                        forms.update(by_name[a])
                node = dict(props)
                node.update(
                    {
                        "key": key,
                        "name": name,
                        "name_norm": nforms[0][0],
                        "class": cls,
                        "top": top,
                        "aliases": al,
                        "search_keys": sorted(forms),
                        "former_names": [],
                        "source_ids": sids,
                        "source_urls": [url] if url else [],
                        "confidence": conf,
                        "evidence": [dumps(entry)],
                        "renamed_from": None,
                        "renamed_on": None,
                    }
                )
                created[cls] += 1
                yield NodeRecord(key, c.labels, node)
            f.assertions += len(parsed)

    def _class(self, typ: str) -> _Class:
        """What a type cell gives every entity of it (the lean path takes only ontology
        classes that are not bookkeeping)."""
        schema = self.schema
        cls = schema.resolve_class(typ) if typ else None
        if cls is None or cls not in schema.classes:
            raise _Fallback("unknown class")
        top = schema.top_of(cls)
        if top in _NON_ENTITY_TOPS:
            raise _Fallback("a bookkeeping class")
        name_def = self.checker.defs(cls).get("name")
        name_max = name_def.max_length if name_def is not None else None
        return _Class(cls, top, self.labels(cls), name_max)

    # -- relations ---------------------------------------------------------------------------
    def open_relations(self, path: Path, encoding: str | None) -> _File:
        t = read_table(path, encoding=encoding)
        cols = t.columns
        if t.format != "csv" or not {"source", "type", "target"} <= set(cols):
            raise _Fallback("not a canonical relations CSV")
        if set(cols) & set(_RELATION_UNSUPPORTED):
            raise _Fallback("typed relation ends")
        return _File(t, "relations")

    def relation_parts(
        self, f: _File, encode: Callable[[EdgeColumns], EncodedEdges] | None = None
    ) -> Iterator[_RelPart]:
        """The file's relationships, a chunk of rows at a time, checked and built as far as
        they can be without the entities (their ends by name): the first half of
        :meth:`relations`, which needs nothing pass 1 made — so it may run in another
        process while pass 1 runs (:class:`_PartsWorker`; ``encode``, the store's
        :meth:`~graph.store.GraphStore.encode_edges`, then encodes the properties there too).

        Rows are read as lists of cells (:attr:`Table.records`: no dict per row); what
        depends only on a row's validity, property and confidence cells — the checked
        properties, the properties every relationship of them starts from — is computed
        once per distinct combination of those cells."""
        t = f.table
        cols = t.columns
        if "" in cols:
            raise _Fallback("a column without a name")
        at = {c: i for i, c in enumerate(cols)}
        n_cols = len(cols)
        i_src, i_typ, i_dst = at["source"], at["type"], at["target"]
        # the cells a relationship's properties come from, in the normal path's order
        prop_cols: list[str] = [c for c in ("valid_from", "valid_to") if c in at]
        prop_cols += [c for c in cols if c not in RELATION_KNOWN and c[:2] != "__"]
        prop_at = [at[c] for c in prop_cols]
        i_conf, i_url, i_ev = at.get("confidence"), at.get("source_url"), at.get("evidence")
        texts_of = rows_text(cols)
        file = t.path
        skey = f.source.key
        sids = [skey]  # one list for every record of the file (read, never changed)
        extractor = f.source.extractor
        version = extractor.split("/", 1)[1] if "/" in extractor else ""
        rel_cache: dict[str, tuple[str, Any]] = {}
        conf_cache: dict[str, tuple[float, str]] = {}
        # the checked properties, the stored properties' start, the evidence entry's format
        base_cache: dict[tuple[str, ...], tuple[dict[str, Any], dict[str, Any], str]] = {}
        fixed = {"source": skey, "extractor": extractor, "version": version, "ingested_at": self.at}
        dates: dict[str, str | None] = {}
        problems: list[Problem] = []
        relation_props = self.checker.relation_props
        key_match = _KEY.match
        rows = iter(t.records)
        while chunk := list(islice(rows, CHUNK)):
            # 1. the chunk's checks, a column at a time (each distinct cell checked once)
            n = len(chunk)
            nums, recs = zip(*chunk, strict=True)
            del chunk
            if set(map(len, recs)) != {n_cols}:
                raise _Fallback("ragged row")
            cells = list(zip(*recs, strict=True))
            srcs = list(map(str.strip, cells[i_src]))
            dsts = list(map(str.strip, cells[i_dst]))
            if "" in srcs or "" in dsts or any(map(key_match, srcs)) or any(map(key_match, dsts)):
                raise _Fallback("empty or keyed relation end")
            for typ in set(cells[i_typ]) - rel_cache.keys():
                rel_cache[typ] = self._rel_type(typ.strip())
            hits = list(map(rel_cache.__getitem__, cells[i_typ]))
            rtypes = [h[0] for h in hits]
            pks = list(zip(*[cells[i] for i in prop_at], strict=True)) if prop_at else [()] * n
            new = set(pks) - base_cache.keys()
            if len(base_cache) + len(new) > 4096:  # unbounded only with free-text columns
                base_cache.clear()
                new = set(pks)
            for pk in new:
                rprops, base = self._rel_props(
                    prop_cols, pk, dates, relation_props, file, None, problems
                )
                base_cache[pk] = rprops, base, entry_format({**fixed, "props": rprops})
            pps = list(map(base_cache.__getitem__, pks))
            conf_cells = cells[i_conf] if i_conf is not None else ("",) * n
            for cell in set(conf_cells) - conf_cache.keys():
                conf = confidence_cell(cell)
                if conf is None:
                    raise _Fallback("bad confidence")
                conf_cache[cell] = conf, dumps(conf)
            confs = list(map(conf_cache.__getitem__, conf_cells))
            urls = list(map(str.strip, cells[i_url])) if i_url is not None else [""] * n
            if i_ev is None:
                texts = texts_of(cells)
            else:  # the evidence cell, or the row's text where it is empty
                texts = list(map(str.strip, cells[i_ev]))
                if "" in texts:
                    texts = [e or r for e, r in zip(texts, texts_of(cells), strict=True)]
            del cells
            # 2. each relationship's evidence entry (its JSON text, one format call per
            # row), then the relationships of each type as columns
            entries = map(
                str.format,
                [p[2] for p in pps],
                [c[1] for c in confs],
                nums,
                json_strings(urls),
                json_strings(texts),
            )
            evidence = [[e] for e in entries]
            bases = [p[1] for p in pps]
            cvals = [c[0] for c in confs]
            del recs, urls, texts, pps, confs
            groups: list[tuple[tuple[int, ...] | None, EdgeColumns | EncodedEdges]] = []
            for rtype, at_ in _by_value(rtypes):
                take = _taker(at_)
                rb = take(bases)
                # the properties in the order the rows' dictionaries first name them
                distinct = dict(zip(map(id, rb), rb, strict=True)).values()
                props: dict[str, Sequence[Any]] = {
                    k: list(map(dict.get, rb, repeat(k)))
                    for k in dict.fromkeys(chain.from_iterable(distinct))
                }
                props["source_ids"] = [sids] * len(rb)
                props["confidence"] = take(cvals)
                props["evidence"] = take(evidence)
                batch = EdgeColumns(rtype, (), (), props)
                groups.append((at_, batch if encode is None else encode(batch)))
            del bases, cvals, evidence
            ends = list(chain.from_iterable(zip(srcs, dsts, strict=True)))
            yield _RelPart(_Joined.of(ends), name_hashes(ends, 2 * n), rtypes, groups)

    def relations(
        self, f: _File, parts: Iterable[_RelPart]
    ) -> Iterator[EdgeColumns | EncodedEdges]:
        """The file's relationships by internal id, from :meth:`relation_parts`: the ends
        resolved a chunk at a time, then given a type at a time (as columns, or encoded
        already; no dictionary per relationship)."""
        index, ids, rdefs = self.index, self.index.ids, self.schema.relations
        for p in parts:
            ends, rtypes = p.ends, p.rtypes
            n = len(rtypes)
            # the ends: resolved together (one exact candidate: the usual case), then
            # domain and range checked once per distinct (type, start class, end class)
            one, lo, hi = index.candidates(ends, p.end_hashes)
            for k in np.flatnonzero(one < 0).tolist():
                rdef = rdefs[rtypes[k // 2]]
                allowed = rdef.range if k % 2 else rdef.domain
                one[k] = self._end(ends[k], int(lo[k]), int(hi[k]), allowed)
            del lo, hi
            pair = one.reshape(-1, 2)
            starts, finals = pair[:, 0].copy(), pair[:, 1].copy()
            self._check_pairs(rtypes, starts, finals)
            symmetric = {t: rdefs[t].symmetric for t in set(rtypes)}
            if any(symmetric.values()):  # from the end whose key is smaller
                sym = np.fromiter(map(symmetric.__getitem__, rtypes), dtype=np.bool_, count=n)
                swap = sym & (index.key_rank[finals] < index.key_rank[starts])
                starts, finals = np.where(swap, finals, starts), np.where(swap, starts, finals)
            self.triples.add_many(starts, rtypes, finals)
            id_of = _i64(ids)  # a view of the ids (released at once: the array stays resizable)
            s_ids, e_ids = id_of[starts].tolist(), id_of[finals].tolist()
            del id_of
            f.rows += n
            f.assertions += n
            f.created.update(rtypes)
            if self.progress:
                self.progress(Path(f.table.path).name, f.rows, 0)
            for at_, batch in p.groups:
                take = _taker(at_)
                yield batch._replace(starts=take(s_ids), ends=take(e_ids))

    def _check_pairs(self, rtypes: Sequence[str], starts: _Ints, ends: _Ints) -> None:
        """Each relationship's end classes allowed by its type's domain and range (checked
        once per distinct combination)."""
        index = self.index
        cls = np.frombuffer(index.cls, dtype=np.uint16).astype(np.int64)
        names = list(dict.fromkeys(rtypes))
        t_of = {t: i for i, t in enumerate(names)}
        t = np.fromiter(map(t_of.__getitem__, rtypes), dtype=np.int64, count=len(rtypes))
        combo = (t << 32) | (cls[starts] << 16) | cls[ends]
        for c in np.unique(combo).tolist():
            rtype, cs, ce = names[c >> 32], (c >> 16) & 0xFFFF, c & 0xFFFF
            if not self._allows(rtype, index.classes[cs], index.classes[ce]):
                raise _Fallback("domain or range")

    def _rel_type(self, typ: str) -> tuple[str, Any]:
        """A relation type cell's ontology type and its definition."""
        schema = self.schema
        rtype = schema.resolve_relation(typ) if typ else None
        rdef = schema.relations.get(rtype) if rtype is not None else None
        if rtype is None or rdef is None:
            raise _Fallback("unknown relation type")
        return rtype, rdef

    @staticmethod
    def _rel_props(
        cols: Sequence[str],
        cells: Sequence[str],
        dates: dict[str, str | None],
        relation_props: Callable[..., Any],
        file: str,
        row_no: int | None,
        problems: list[Problem],
    ) -> _Props:
        """The checked properties of a relationship whose property cells are ``cells`` (in
        ``cols`` order), and the properties its stored form starts from (``valid_from`` and
        ``valid_to`` always present)."""
        raw: dict[str, Any] = {}
        for k, cell in zip(cols, cells, strict=True):
            if k in ("valid_from", "valid_to"):
                if cell == "" or not (v := cell.strip()):
                    continue
                d = dates[v] if v in dates else dates.setdefault(v, parse_date(v))
                if d is None:
                    raise _Fallback("bad date")
                raw[k] = d
            elif cell != "":
                raw[k] = cell.strip()
        rprops = relation_props(raw, file, row_no, problems)
        if rprops is BAD or not isinstance(rprops, dict):
            raise _Fallback("invalid property")
        base = dict(rprops)
        base.setdefault("valid_from", None)
        base.setdefault("valid_to", None)
        return rprops, base

    def _end(self, name: str, lo: int, hi: int, allowed: tuple[str, ...]) -> int:
        """The one entity row a relation end names, as the normal path's resolver picks it
        (:meth:`ingest.resolve.Resolver.candidates`, narrowed by the domain or range)."""
        index, schema = self.index, self.schema
        cands = index.exact_rows(lo, hi) if hi > lo else index.stripped_rows(name)
        if len(cands) > 1:  # the candidates the relation's domain/range admits
            fit = [
                c
                for c in cands
                if index.class_of(c) in schema.classes
                and any(schema.is_a(index.class_of(c), d) for d in allowed)
            ]
            cands = fit or cands
        if len(cands) != 1:
            raise _Fallback("unresolved or ambiguous relation end")
        return cands[0]


def fast_load(
    writer: GraphWriter,
    schema: Schema,
    entities: Sequence[Path],
    relations: Sequence[Path],
    *,
    encoding: str | None = None,
    progress: Progress | None = None,
) -> LoadResult | None:
    """Load canonical files into an empty graph through the streamed bulk path, or None
    (nothing written) when a precondition of this path fails — see the module doc."""
    from iegraph.ingest.records.load import LoadResult

    store = writer.store
    if CAP_BULK_BINARY not in store.capabilities or not (entities or relations):
        return None  # the contract is proven on FalkorDB's GRAPH.BULK (Neo4j: normal path)
    names = ", ".join(os.path.basename(str(p)) for p in [*entities, *relations][:3])
    if store.stats()["nodes"]:
        return None  # the graph holds nodes (per-label counts: no scan of them)
    use_worker = _worker_wanted(relations)  # before the lock starts its renewing thread
    with writer.locked(f"ingest {names}") as lease, _no_cycle_collection():
        if store.stats()["nodes"]:
            return None  # another writer wrote meanwhile: the normal path merges with it
        schema_before = store.schema_objects()
        b = _Builder(schema, writer_core._now(), progress)
        try:
            # every file's header is checked before the first write
            ent_files = [b.open_entities(p, encoding) for p in entities]
            rel_files = [b.open_relations(p, encoding) for p in relations]
        except _Fallback:
            return None
        total = WriteSummary()
        files: list[dict[str, Any]] = []
        try:
            lease.wrote = True
            _write_all(writer, store, b, ent_files, rel_files, use_worker)
        except (_Fallback, ValueError):
            # ValueError: a value the binary protocol cannot carry (a NUL in a cell) — the
            # normal path writes that record through Cypher
            _drop(store, schema, schema_before, "the lean first load")
            return None
        except (IegraphError, OSError) as exc:
            _drop(store, schema, schema_before, f"writing {names}", exc)
            raise StoreError(
                f"writing {names} failed ({_said(exc)}); what it wrote was removed, the graph "
                "is empty again",
                hint="check that the store is running (iegraph db status) and retry",
            ) from exc
        finally:
            writer.refresh()
        for f in [*ent_files, *rel_files]:
            total.merge(
                WriteSummary(
                    created=Counter({**f.created, SOURCE_CLASS: 1}),
                    sources=[f.source.key],
                    nodes_written=f.written + 1 if f.role == "entities" else 1,
                    relationships_written=f.written if f.role == "relations" else 0,
                )
            )
            files.append(
                {
                    "file": f.source.path,
                    "source": f.source.key,
                    "mapping": f.source.mapping,
                    "rows": f.rows,
                    "entities": f.assertions if f.role == "entities" else 0,
                    "relations": f.assertions if f.role == "relations" else 0,
                    "filtered": {},
                    "rejected": 0,
                }
            )
        return LoadResult(total, files, path="fast")


#: relation files at least this large (in total) are prepared in a worker process
#: (:class:`_PartsWorker`); smaller ones are not worth a fork
WORKER_MIN_BYTES = 4 << 20

#: a message of the worker: its kind and the size of what it appended to the spill file
_MSG = struct.Struct("=cQ")


class _PartsWorker:
    """The first half of pass 2 — :meth:`_Builder.relation_parts` of every relation file,
    their properties encoded by the store — in a forked process, while this one runs pass 1
    and the server stores the nodes (the client's CPU is the load's bottleneck: this puts
    about half of its relation work on the second core).

    The child starts with a copy of everything (the builder, the schema, the open files'
    metadata) and needs nothing from this process after: it appends each part, pickled, to
    an unnamed spill file — so running ahead costs disk, not memory — and tells the
    parent its kind and size through a pipe: ``P`` a part, ``E`` the end of a file, ``X``
    the error that stopped it (pickled, raised here as if the parts were made here: a
    :class:`_Fallback` still means "take the normal path"). The child never touches the
    store's connection or the write lock (this process keeps both) and leaves by
    ``os._exit``, running none of the parent's exit handlers."""

    def __init__(
        self, b: _Builder, files: Sequence[_File], encode: Callable[[EdgeColumns], EncodedEdges]
    ) -> None:
        # closed by close()
        self._spill = tempfile.TemporaryFile(prefix="iegraph-relations-")  # noqa: SIM115
        self._offset = 0
        try:
            r, w = os.pipe()
        except OSError:
            self._spill.close()
            raise
        try:
            self._pid = os.fork()
        except OSError:
            for fd in (r, w):
                os.close(fd)
            self._spill.close()
            raise
        if self._pid == 0:  # the child
            os.close(r)
            self._child(b, files, encode, w)
        os.close(w)
        self._msgs = os.fdopen(r, "rb")
        # below pass 1 in priority while pass 1 runs (it is the load's critical path: the
        # relations are needed only after it), then equal — only where this process may
        # restore the priority it lowers (an unprivileged one may not raise it back)
        self._nice = os.getpriority(os.PRIO_PROCESS, 0)
        self._lowered = _may_renice(self._nice)
        if self._lowered:
            os.setpriority(os.PRIO_PROCESS, self._pid, min(self._nice + WORKER_NICE, 19))

    def catch_up(self) -> None:
        """Pass 1 is done: the child's priority equal to this process's again."""
        if self._lowered:
            self._lowered = False
            with suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, self._pid, self._nice)

    def _child(
        self,
        b: _Builder,
        files: Sequence[_File],
        encode: Callable[[EdgeColumns], EncodedEdges],
        w: int,
    ) -> NoReturn:
        code = 1
        try:
            try:
                for f in files:
                    for part in b.relation_parts(f, encode):
                        self._put(w, b"P", pickle.dumps(part, pickle.HIGHEST_PROTOCOL))
                    self._put(w, b"E", b"")
            except BaseException as exc:  # noqa: BLE001 — handed to the parent
                try:
                    data = pickle.dumps(exc, pickle.HIGHEST_PROTOCOL)
                except Exception:  # noqa: BLE001 — an error that cannot be pickled
                    data = pickle.dumps(StoreError(f"preparing the relations failed ({exc})"))
                self._put(w, b"X", data)
            code = 0
        finally:
            os._exit(code)

    def _put(self, w: int, kind: bytes, data: bytes) -> None:
        fd, view = self._spill.fileno(), memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.write(w, _MSG.pack(kind, len(data)))

    def parts(self) -> Iterator[_RelPart]:
        """The next relation file's parts, as the child makes them (waiting for each)."""
        while True:
            head = self._msgs.read(_MSG.size)
            if len(head) < _MSG.size:
                raise _Fallback("the relation worker stopped")
            kind, size = _MSG.unpack(head)
            data = os.pread(self._spill.fileno(), size, self._offset) if size else b""
            self._offset += size
            if kind == b"E":
                return
            obj = pickle.loads(data)
            del data
            if kind == b"X":
                raise obj
            yield obj

    def close(self) -> None:
        """Stop the child (if it still runs), reap it and drop the spill file."""
        with suppress(ProcessLookupError):
            os.kill(self._pid, signal.SIGKILL)
        os.waitpid(self._pid, 0)
        self._msgs.close()
        self._spill.close()


#: how much lower the worker's priority is while pass 1 runs (nice increment)
WORKER_NICE = 10


def _may_renice(nice: int) -> bool:
    """Whether this process may set a priority back to ``nice`` after lowering it (root,
    or a nice limit that allows it; Linux)."""
    if os.geteuid() == 0:
        return True
    limit = getattr(resource, "RLIMIT_NICE", None)
    return limit is not None and 20 - resource.getrlimit(limit)[0] <= nice


def _worker_wanted(relations: Sequence[Path]) -> bool:
    """A worker process for the relations: fork is available, this process has no other
    thread yet (a fork copies only the calling thread: a server's worker threads could hold
    locks the child would wait on forever), a second core and enough rows to pay for it."""
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return False
    if len(os.sched_getaffinity(0)) < 2:
        return False
    return sum(os.path.getsize(p) for p in relations) >= WORKER_MIN_BYTES


def _write_all(
    writer: GraphWriter,
    store: GraphStore,
    b: _Builder,
    ent_files: Sequence[_File],
    rel_files: Sequence[_File],
    use_worker: bool,
) -> None:
    """Pass 1, the index frozen, pass 2 (its first half in a worker process when
    ``use_worker``: stopped before this returns or raises, so that nothing of it outlives
    the load)."""
    worker = None
    if use_worker and rel_files:
        with suppress(OSError):  # no fork (memory, process limits): the parts made here
            worker = _PartsWorker(b, rel_files, store.encode_edges)
    try:
        for f in ent_files:
            f.written = store.bulk_nodes(b.entities(f), b.index.ids)
            _write_source(writer, store, b, f, n_nodes=f.assertions, n_rels=0)
        if worker is not None:
            worker.catch_up()
        if not b.index.freeze():
            raise _Fallback("two rows name one entity")
        for f in rel_files:
            parts = worker.parts() if worker is not None else b.relation_parts(f)
            f.written = store.bulk_edges(b.relations(f, parts))
            _write_source(writer, store, b, f, n_nodes=0, n_rels=f.assertions)
        if b.triples.has_duplicate():
            raise _Fallback("a relationship asserted twice")
    finally:
        if worker is not None:
            worker.close()


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused for the load (restored after). The load allocates
    millions of short-lived containers (rows, records, properties) and keeps a batch of them
    alive at a time, so the collector would otherwise scan every live object over and over —
    a quarter of the client's CPU at 100k + 400k, measured — while the load makes no
    reference cycles for it to find (reference counting frees every row, record and batch)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _write_source(
    writer: GraphWriter, store: GraphStore, b: _Builder, f: _File, *, n_nodes: int, n_rels: int
) -> None:
    """The file's Source node, written after its records (so its presence means the write
    completed: a re-run of the same content is then skipped by its hash)."""
    f.source = _source(f.table, f.rows, f.role)
    prep = WriterPrepared(
        source=f.source, ingested_at=b.at, replace={f.source.key}, existed_before=False
    )
    counts = Counter(f.created)
    counts[SOURCE_CLASS] += 1
    sprops = writer.source_props(prep, n_nodes, n_rels)
    sprops["item_counts"] = sorted(f"{k}={v}" for k, v in counts.items())
    store.create_nodes([NodeRecord(f.source.key, b.labels(SOURCE_CLASS), sprops)])


def _drop(
    store: GraphStore,
    schema: Schema,
    schema_before: dict[str, list[str]],
    what: str,
    cause: BaseException | None = None,
) -> None:
    """Empty the graph again (it was empty when the load took the write lock, and the lock
    is still held), with the indexes and constraints it had."""
    try:
        store.clear()
        if store.schema_objects() != schema_before:
            store.apply_schema(schema)
    except (IegraphError, OSError) as exc2:
        said = f" ({_said(cause)})" if cause is not None else ""
        raise StoreError(
            f"{what} failed{said} and removing what it wrote failed too ({_said(exc2)}); "
            "the graph may hold part of the load",
            hint="when the store is back, run the same command again: the write is idempotent "
            "and completes or replaces the partial one",
        ) from exc2


def _said(exc: BaseException | None) -> str:
    """An error's message without its hint line (the hint of the wrapping error stands)."""
    return exc.message if isinstance(exc, IegraphError) else str(exc)
