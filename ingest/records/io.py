"""Reading tables safely: size limit, content hash, binary/empty detection, encoding detection,
and row iteration for CSV, JSON Lines, JSON and XLSX.

Every failure is an :class:`~ontology.errors.IngestError` naming the file and the fix; nothing
here touches the graph.

Encodings: UTF-8 (with or without BOM) is tried first, strictly over the whole file; otherwise
charset-normalizer ranks the candidates of a 64 KiB sample and the first CJK encoding it
proposes (GB18030/GBK/GB2312, Big5/CP950) must decode the *whole* file strictly and give text
without control characters — a sanity check, because any byte soup decodes as *something*.

Example:
    >>> t = read_table(Path("orgs.csv"))
    >>> t.encoding, t.columns[:2]
    ('utf-8', ['name', 'type'])
    >>> for row_no, row in t.rows: ...
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from iegraph.ingest.writer import Problem
from iegraph.ontology.errors import IngestError
from iegraph.ontology.settings import get_settings

_SAMPLE = 64 * 1024
_CJK_ENCODINGS = ("gb18030", "gbk", "gb2312", "big5", "big5hkscs", "cp950")
_FORMATS = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".txt": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
}


def max_bytes() -> int:
    """The records size limit (``IEGRAPH_RECORDS_MAX_BYTES``, read by the settings)."""
    return get_settings().ingest.records_max_bytes


@dataclass
class Table:
    """A readable table: metadata plus a lazily iterated ``(row number, row dict)`` stream.

    Row numbers are what a person sees in an editor: the header is row 1 in CSV/XLSX, so the
    first data row is row 2; JSON Lines count lines from 1.
    """

    path: str
    content_hash: str
    encoding: str
    format: str
    columns: list[str]
    size: int
    _rows: Any = field(repr=False, default=None)
    _records: Any = field(repr=False, default=None)

    @property
    def rows(self) -> Iterator[tuple[int, dict[str, Any]]]:
        return self._rows()  # type: ignore[no-any-return]

    @property
    def records(self) -> Iterator[tuple[int, list[str]]]:
        """A CSV file's rows as ``(row number, cells)`` in :attr:`columns` order, blank lines
        left out — the cells :attr:`rows` puts in a dict, without the dict (a ragged row
        has a different number of cells). Only for ``format == "csv"``."""
        if self._records is None:
            raise TypeError(f"{self.path}: rows as lists are read from CSV files only")
        return self._records()  # type: ignore[no-any-return]


def sniff_format(path: Path, fmt: str | None = None) -> str:
    if fmt:
        return fmt
    f = _FORMATS.get(path.suffix.lower())
    if f is None:
        raise IngestError(
            f"{path}: unknown table format {path.suffix!r}",
            hint="use .csv, .tsv, .jsonl, .json or .xlsx (or give format: in the mapping)",
            file=str(path),
        )
    return f


def hash_file(path: Path) -> tuple[str, bytes, int]:
    """sha256 of the file, its first 64 KiB, and its size (streamed: never all in memory)."""
    h = hashlib.sha256()
    sample = b""
    size = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            if len(sample) < _SAMPLE:
                sample += chunk[: _SAMPLE - len(sample)]
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), sample, size


def _check_file(path: Path) -> None:
    if not path.exists():
        raise IngestError(f"{path}: no such file", hint="check the path", file=str(path))
    if path.is_dir():
        raise IngestError(f"{path}: is a directory", hint="give a file", file=str(path))
    size = path.stat().st_size
    if size == 0:
        raise IngestError(
            f"{path}: the file is empty",
            hint="give a file with a header row and at least one record",
            file=str(path),
        )
    limit = max_bytes()
    if size > limit:
        raise IngestError(
            f"{path}: {size / 1e6:.0f} MB is above the records limit of {limit / 1e6:.0f} MB",
            hint="split the file, or raise the limit with IEGRAPH_RECORDS_MAX_BYTES=<bytes> "
            "if the machine has the memory (validation holds every row until the write)",
            file=str(path),
        )


_CTRL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffd]")


def _valid_text(text: str) -> bool:
    return _CTRL.search(text) is None


#: every byte but the control characters :data:`_CTRL` refuses (in UTF-8 each is one byte,
#: never part of another character's bytes): deleted, the bytes left are control characters
_NOT_CTRL_BYTES = bytes(b for b in range(256) if not _CTRL.match(chr(b)))
_REPLACEMENT_UTF8 = "\ufffd".encode()


def _strict_decodes(path: Path, encoding: str) -> bool:
    """The file decodes strictly and holds no character :data:`_CTRL` refuses. UTF-8 is
    checked on the bytes (the same characters, found without searching the decoded text)."""
    try:
        utf8 = codecs.lookup(encoding).name in ("utf-8", "utf-8-sig")
        dec = codecs.getincrementaldecoder(encoding)(errors="strict")
        with open(path, "rb") as fh:
            prev = b""  # the last bytes of the previous chunk: a character split between two
            while chunk := fh.read(1 << 20):
                text = dec.decode(chunk)
                if not utf8:
                    if not _valid_text(text):
                        return False
                elif (
                    chunk.translate(None, _NOT_CTRL_BYTES)
                    or _REPLACEMENT_UTF8 in chunk
                    or _REPLACEMENT_UTF8 in prev + chunk[:2]
                ):
                    return False
                prev = chunk[-2:]
            dec.decode(b"", final=True)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def detect_encoding(path: Path, sample: bytes) -> str:
    """The encoding of a text file (see module docstring), or IngestError."""
    if b"\x00" in sample:
        raise IngestError(
            f"{path}: looks binary (contains NUL bytes), not a text table",
            hint="export it as CSV (UTF-8) or XLSX; UTF-16 files must be re-saved as UTF-8",
            file=str(path),
        )
    if sample.startswith(b"\xef\xbb\xbf"):
        if _strict_decodes(path, "utf-8-sig"):
            return "utf-8-sig"
        raise IngestError(
            f"{path}: has a UTF-8 byte-order mark but is not valid UTF-8",
            hint="re-save the file as UTF-8",
            file=str(path),
        )
    if _strict_decodes(path, "utf-8"):
        return "utf-8"
    from charset_normalizer import from_bytes

    guesses = [m.encoding for m in from_bytes(sample)]
    ordered = [g for g in guesses if g in _CJK_ENCODINGS]
    ordered += [e for e in ("gb18030", "big5") if e not in ordered]
    odd = ""
    for enc in ordered:
        if _strict_decodes(path, enc) and _plausible(sample, enc):
            # any Western byte soup decodes as *some* GB18030 or Big5: accept the decoding
            # only if its ideographs are common ones (a Latin-1 "Supérieure" read as GB18030
            # gives rare characters such as 閞), else refuse rather than store mis-decoded text
            rare = _rare_ideographs(sample.decode(enc, errors="ignore"))
            if rare is None:
                # GB2312/GBK are subsets of GB18030: read with the superset
                return "gb18030" if enc in ("gbk", "gb2312") else enc
            odd = odd or f"; read as {enc} it gives unusual characters ({rare})"
    western = next((g for g in guesses if g not in _CJK_ENCODINGS), None)
    raise IngestError(
        f"{path}: cannot tell the text encoding: not UTF-8{odd}",
        hint="re-save the file as UTF-8, or name its encoding with --encoding"
        + (f" (perhaps --encoding {western} or latin-1)" if western else ""),
        file=str(path),
        guesses=guesses[:5],
    )


def _rare_ideographs(text: str) -> str | None:
    """A few of the uncommon characters of ``text`` if most of its non-ASCII characters are
    not common Chinese ones (or punctuation); None when the text reads like Chinese."""
    from iegraph.ingest.documents.loaders import _common_chars

    common = _common_chars()
    chars = [c for c in text[:20_000] if not c.isascii() and not c.isspace()]
    if not chars:
        return None
    rare = [c for c in chars if c not in common]
    if len(rare) <= 0.2 * len(chars):
        return None
    return "".join(dict.fromkeys(rare))[:8]


def _plausible(sample: bytes, enc: str) -> bool:
    # the sample may end inside a multi-byte character: ignore the tail
    text = sample.decode(enc, errors="ignore")
    return _valid_text(text) and bool(text.strip())


def read_table(
    path: Path | str,
    fmt: str | None = None,
    *,
    sheet: str | None = None,
    delimiter: str | None = None,
    encoding: str | None = None,
) -> Table:
    """Open a table for streaming (see :class:`Table`). ``encoding`` names the text encoding
    when detection cannot be sure (the file must then decode with it strictly).

    Example:
        >>> t = read_table("pilot_cities.csv")
        >>> next(t.rows)
        (2, {'city': '沈阳市', ...})
    """
    p = Path(path)
    _check_file(p)
    kind = sniff_format(p, fmt)
    digest, sample, size = hash_file(p)
    if kind == "xlsx":
        from iegraph.ingest.safezip import check_zip

        check_zip(p)  # before openpyxl inflates anything
        return _xlsx(p, digest, size, sheet)
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise IngestError(
                f"unknown encoding {encoding!r}", hint="use a Python codec name such as latin-1"
            ) from None
        if not _strict_decodes(p, encoding):
            raise IngestError(
                f"{p}: does not decode as {encoding}",
                hint="check the --encoding value, or re-save the file as UTF-8",
                file=str(p),
            )
    else:
        encoding = detect_encoding(p, sample)
    if kind in ("csv", "tsv"):
        return _csv(p, digest, size, encoding, "\t" if kind == "tsv" else delimiter)
    if kind == "jsonl":
        return _jsonl(p, digest, size, encoding)
    if kind == "json":
        return _json(p, digest, size, encoding)
    raise IngestError(
        f"{p}: unknown table format {kind!r}", hint="use csv, jsonl, json or xlsx", file=str(p)
    )


def _csv(p: Path, digest: str, size: int, encoding: str, delimiter: str | None) -> Table:
    with open(p, encoding=encoding, newline="") as fh:
        head = fh.read(_SAMPLE)
    if delimiter is None:
        first = head.splitlines()[0] if head.splitlines() else ""
        delimiter = max((",", "\t", ";"), key=first.count) if first else ","
    reader = csv.reader(io.StringIO(head), delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise IngestError(
            f"{p}: no header row", hint="the first line must name the columns", file=str(p)
        ) from exc
    header = [h.strip() for h in header]
    if not any(header):
        raise IngestError(
            f"{p}: the header row is empty",
            hint="the first line must name the columns",
            file=str(p),
        )
    dup = sorted({h for h in header if h and header.count(h) > 1})
    if dup:
        raise IngestError(
            f"{p}: duplicate column(s) {', '.join(dup)} in the header",
            hint="give every column a distinct name",
            file=str(p),
        )

    def records() -> Iterator[tuple[int, list[str]]]:
        with open(p, encoding=encoding, newline="") as fh:
            rd = csv.reader(fh, delimiter=delimiter)
            next(rd, None)
            row_no = 1
            try:
                for rec in rd:
                    row_no += 1
                    if not rec or (len(rec) == 1 and not rec[0].strip()):
                        continue  # blank line
                    yield row_no, rec
            except csv.Error as exc:
                raise IngestError(
                    f"{p}: row {row_no + 1}: unreadable CSV ({exc})",
                    hint="check the quotes on that row",
                    file=str(p),
                    row=row_no + 1,
                ) from exc

    def rows() -> Iterator[tuple[int, dict[str, Any]]]:
        n = len(header)
        for row_no, rec in records():
            if len(rec) != n:
                # a ragged row is reported by the caller as a row problem
                yield (
                    row_no,
                    {"__ragged__": (len(rec), n), **dict(zip(header, rec, strict=False))},
                )
                continue
            yield row_no, dict(zip(header, rec, strict=True))

    return Table(str(p), digest, encoding, "csv", header, size, rows, records)


def _jsonl(p: Path, digest: str, size: int, encoding: str) -> Table:
    cols: list[str] = []
    with open(p, encoding=encoding) as fh:
        for line in fh:
            if line.strip():
                try:
                    first = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise IngestError(
                        f"{p}: line 1 is not JSON ({exc.msg})",
                        hint="one JSON object per line",
                        file=str(p),
                        row=1,
                    ) from exc
                if isinstance(first, dict):
                    cols = list(first)
                break

    def rows() -> Iterator[tuple[int, dict[str, Any]]]:
        with open(p, encoding=encoding) as fh:
            for i, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise IngestError(
                        f"{p}: line {i} is not JSON ({exc.msg})",
                        hint="one JSON object per line",
                        file=str(p),
                        row=i,
                    ) from exc
                if not isinstance(obj, dict):
                    raise IngestError(
                        f"{p}: line {i} is not a JSON object",
                        hint="one JSON object per line",
                        file=str(p),
                        row=i,
                    )
                yield i, obj

    return Table(str(p), digest, encoding, "jsonl", cols, size, rows)


def _json(p: Path, digest: str, size: int, encoding: str) -> Table:
    try:
        with open(p, encoding=encoding) as fh:
            data = json.load(fh)
    except json.JSONDecodeError as exc:
        raise IngestError(
            f"{p}: not valid JSON (line {exc.lineno}: {exc.msg})",
            hint='give a JSON array of objects (or {"rows": [...]})',
            file=str(p),
        ) from exc
    if isinstance(data, dict):
        data = data.get("rows") or data.get("data") or data.get("records")
    if not isinstance(data, list) or not all(isinstance(x, dict) for x in data):
        raise IngestError(
            f"{p}: expected a JSON array of objects",
            hint='give [{...}, {...}] or {"rows": [...]}',
            file=str(p),
        )
    cols = list(data[0]) if data else []

    def rows() -> Iterator[tuple[int, dict[str, Any]]]:
        yield from enumerate(data, start=1)

    return Table(str(p), digest, encoding, "json", cols, size, rows)


def _xlsx(p: Path, digest: str, size: int, sheet: str | None) -> Table:
    import zipfile

    if not zipfile.is_zipfile(p):
        raise IngestError(f"{p}: not an XLSX workbook", hint="save it as .xlsx or CSV", file=str(p))
    from openpyxl import load_workbook

    def open_ws() -> Any:
        try:
            wb = load_workbook(p, read_only=True, data_only=True)
        except Exception as exc:
            raise IngestError(
                f"{p}: cannot open the workbook ({exc})", hint="save it again as .xlsx", file=str(p)
            ) from exc
        if sheet is not None and sheet not in wb.sheetnames:
            raise IngestError(
                f"{p}: no sheet {sheet!r}", hint=f"sheets: {', '.join(wb.sheetnames)}", file=str(p)
            )
        return wb, (wb[sheet] if sheet else wb.worksheets[0])

    wb, ws = open_ws()
    it = ws.iter_rows(values_only=True)
    header_raw = next(it, None)
    wb.close()
    if not header_raw:
        raise IngestError(f"{p}: the sheet is empty", hint="put a header row first", file=str(p))
    header = ["" if h is None else str(h).strip() for h in header_raw]
    while header and not header[-1]:
        header.pop()

    def rows() -> Iterator[tuple[int, dict[str, Any]]]:
        wb2, ws2 = open_ws()
        try:
            for i, rec in enumerate(ws2.iter_rows(values_only=True), start=1):
                if i == 1:
                    continue
                vals = ["" if v is None else v for v in rec[: len(header)]]
                if not any(str(v).strip() for v in vals):
                    continue
                vals += [""] * (len(header) - len(vals))
                yield (
                    i,
                    {
                        h: (v.isoformat()[:10] if hasattr(v, "isoformat") else v)
                        for h, v in zip(header, vals, strict=True)
                        if h
                    },
                )
        finally:
            wb2.close()

    return Table(str(p), digest, "xlsx", "xlsx", header, size, rows)


def ragged_problem(file: str, row_no: int, row: dict[str, Any]) -> Problem | None:
    """The report line for a row whose cell count differs from the header (see ``rows``),
    or None for a well-formed row — one wording for every loader."""
    if "__ragged__" not in row:
        return None
    got, want = row["__ragged__"]
    return Problem(
        file,
        row_no,
        "(row)",
        f"{got} cells",
        f"ragged row: {got} cells, the header has {want}",
        "add or remove cells (quote values that contain commas)",
    )
