"""CSV in the header format of ``neo4j-admin database import``, zipped with its import command.

The archive holds ``nodes.csv`` (``key:ID``, ``:LABEL``, typed property columns such as
``aliases:string[]`` or ``confidence:double``), ``relationships.csv`` (``:START_ID``,
``:END_ID``, ``:TYPE`` and typed properties), ``manifest.json`` and ``IMPORT.md`` with the exact
command. ``key:ID`` keeps the key as a property, as the stores expect.

The array delimiter is ``;`` (neo4j-admin's default) unless some list element contains a
``;`` — then the first of ``|``, ``¦``, ``\\x1f`` that appears in no element is used, and the
manifest and the command name it. Text with line breaks needs ``--multiline-fields=true``,
which the command always passes. Rows end in CRLF (RFC 4180), so that a field holding a bare
carriage return is quoted too.

**Spreadsheet formulas.** A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return would run as a formula when the file is opened in Excel, LibreOffice or Google
Sheets (CSV injection). Such cells are written with a leading ``'`` (OWASP's advice), which the
spreadsheet shows but does not evaluate; ``manifest.json`` says so (``formula_escape``) and
lists how many cells were escaped. The store keeps the values verbatim, and so do the other
formats; :func:`unescape_cell` (and :func:`read_typed_csv`) remove the prefix again. Numbers in
typed columns (``:long``, ``:double``) are numbers, not text, and are left alone.

Example:
    >>> data = to_csv_zip(sub)
    >>> import zipfile, io
    >>> sorted(zipfile.ZipFile(io.BytesIO(data)).namelist())
    ['IMPORT.md', 'manifest.json', 'nodes.csv', 'relationships.csv']
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable
from typing import Any

from iegraph.graph.exports.columns import infer_columns
from iegraph.graph.model import Subgraph

DELIMITER_CANDIDATES = (";", "|", "¦", "\x1f")
#: first characters that make a spreadsheet evaluate a cell (OWASP CSV injection)
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FORMULA_ESCAPE = "'"


def _needs_escape(text: str) -> bool:
    # a formula start, or an already-quoted one ('=…, ''=…): those keep their own ' too
    return text.startswith(FORMULA_PREFIXES) or (
        text.startswith(FORMULA_ESCAPE) and _needs_escape(text[1:])
    )


def escape_cell(text: str) -> str:
    """``text`` made inert for spreadsheets: a leading ``'`` when it starts like a formula.

    Example:
        >>> escape_cell("=HYPERLINK(1)"), escape_cell("深圳")
        ("'=HYPERLINK(1)", '深圳')
    """
    return FORMULA_ESCAPE + text if _needs_escape(text) else text


def unescape_cell(text: str) -> str:
    """The inverse of :func:`escape_cell`."""
    if text.startswith(FORMULA_ESCAPE) and _needs_escape(text[1:]):
        return text[1:]
    return text


#: node / relationship property names that would clash with the header's own fields
_RESERVED = frozenset({"", "id", "ID", "LABEL", "START_ID", "END_ID", "TYPE", "IGNORE"})


def _pick_delimiter(values: Iterable[str]) -> str:
    seen: set[str] = set()
    for v in values:
        seen.update(ch for ch in DELIMITER_CANDIDATES if ch in v)
    for ch in DELIMITER_CANDIDATES:
        if ch not in seen:
            return ch
    raise ValueError("every array delimiter candidate occurs in the data")  # pragma: no cover


def _cell(v: Any, col_type: str, delim: str, escaped: list[int]) -> str:
    if v is None:
        return ""
    if col_type.endswith("[]"):
        items = v if isinstance(v, list | tuple) else [v]
        return delim.join(_scalar(x, col_type[:-2], escaped) for x in items)
    return _scalar(v, col_type, escaped)


def _scalar(v: Any, col_type: str, escaped: list[int]) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if col_type != "string":
        return str(v)
    text = v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)
    out = escape_cell(text)
    if out is not text:
        escaped[0] += 1
    return out


def _header(name: str, col_type: str) -> str:
    return name if col_type == "string" else f"{name}:{col_type}"


def to_csv_zip(sub: Subgraph) -> bytes:
    """The zip archive described in the module docstring."""
    node_cols = infer_columns({k: v for k, v in n.props.items() if k != "key"} for n in sub.nodes)
    rel_cols = infer_columns(r.props for r in sub.relationships)
    for name in [*node_cols, *rel_cols]:
        if name in _RESERVED or ":" in name:
            raise ValueError(f"property name {name!r} cannot be a neo4j-admin CSV column")
    arrays = [
        str(x)
        for n in sub.nodes
        for k, v in n.props.items()
        if node_cols.get(k, "").endswith("[]")
        for x in (v or [])
    ]
    arrays += [
        str(x)
        for r in sub.relationships
        for k, v in r.props.items()
        if rel_cols.get(k, "").endswith("[]")
        for x in (v or [])
    ]
    delim = _pick_delimiter(arrays)
    escaped = [0]  # cells written with the formula escape

    node_buf = io.StringIO()
    w = csv.writer(node_buf, lineterminator="\r\n")
    ncols = sorted(node_cols)
    w.writerow(["key:ID", ":LABEL", *(_header(c, node_cols[c]) for c in ncols)])
    for n in sub.nodes:
        w.writerow(
            [
                n.key,
                delim.join(n.labels),
                *(_cell(n.props.get(c), node_cols[c], delim, escaped) for c in ncols),
            ]
        )

    rel_buf = io.StringIO()
    w = csv.writer(rel_buf, lineterminator="\r\n")
    rcols = sorted(rel_cols)
    w.writerow([":START_ID", ":END_ID", ":TYPE", *(_header(c, rel_cols[c]) for c in rcols)])
    for r in sub.relationships:
        w.writerow(
            [
                r.start,
                r.end,
                r.type,
                *(_cell(r.props.get(c), rel_cols[c], delim, escaped) for c in rcols),
            ]
        )

    delim_arg = delim if delim != "\x1f" else "\\031"
    manifest = {
        "format": "neo4j-admin-csv",
        "array_delimiter": delim,
        "formula_escape": {
            "prefixes": list(FORMULA_PREFIXES),
            "escape": FORMULA_ESCAPE,
            "escaped_cells": escaped[0],
        },
        "nodes": len(sub.nodes),
        "relationships": len(sub.relationships),
        "files": {"nodes": "nodes.csv", "relationships": "relationships.csv"},
    }
    command = (
        "neo4j-admin database import full --nodes=nodes.csv --relationships=relationships.csv "
        f"--array-delimiter='{delim_arg}' --multiline-fields=true --overwrite-destination "
        "neo4j"
    )
    readme = (
        "# iegraph CSV export\n\n"
        f"{len(sub.nodes)} nodes, {len(sub.relationships)} relationships, in the header format "
        "of `neo4j-admin database import`.\n\nImport into a new, empty database (the server "
        "stopped), from the folder holding these files:\n\n"
        f"    {command}\n\n"
        "Text cells that a spreadsheet would run as a formula (starting with =, +, -, @, a "
        "tab or a carriage return) are written with a leading ' (CSV-injection guard); "
        "`manifest.json` counts them. Strip that ' from such values after an import if you "
        "need them verbatim (the Cypher export carries them unchanged).\n\n"
        "Then create the key constraint the application expects:\n\n"
        "    CREATE CONSTRAINT entity_key IF NOT EXISTS FOR (n:Entity) REQUIRE n.key IS UNIQUE\n"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("nodes.csv", node_buf.getvalue().encode("utf-8"))
        z.writestr("relationships.csv", rel_buf.getvalue().encode("utf-8"))
        z.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
        z.writestr("IMPORT.md", readme)
    return out.getvalue()


def read_typed_csv(text: str, array_delimiter: str = ";") -> list[dict[str, Any]]:
    """Parse a neo4j-admin CSV back into typed rows (the reader the round-trip tests use).

    Header fields ``name:type`` give each cell's type; ``:LABEL``, ``:ID`` and friends keep
    their header as the key. An empty cell means "no value" (as for neo4j-admin). Text escaped
    against spreadsheet formulas (:func:`escape_cell`) comes back verbatim.
    """
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    rows = []
    for cells in reader:
        row: dict[str, Any] = {}
        for h, cell in zip(header, cells, strict=True):
            name, _, typ = h.partition(":")
            if cell == "":
                continue
            if name == "" or typ in ("ID", "START_ID", "END_ID", "TYPE", "LABEL"):
                key = name if name else ":" + typ
                if typ == "LABEL":
                    row[key] = cell.split(array_delimiter)
                else:
                    row[key] = cell
                    if name and typ == "ID":
                        row[name] = cell
                continue
            typ = typ or "string"
            if typ.endswith("[]"):
                row[name] = [_parse(x, typ[:-2]) for x in cell.split(array_delimiter)]
            else:
                row[name] = _parse(cell, typ)
        rows.append(row)
    return rows


def _parse(cell: str, typ: str) -> Any:
    if typ == "string":
        return unescape_cell(cell)
    if typ in ("long", "int", "short", "byte"):
        return int(cell)
    if typ in ("double", "float"):
        return float(cell)
    if typ == "boolean":
        return cell.lower() == "true"
    return cell
