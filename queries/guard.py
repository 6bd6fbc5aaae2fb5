"""The read-only guard for ad-hoc Cypher: a tokenizer-based check before anything runs.

Two layers keep untrusted Cypher from writing: this check (which explains *why* a query is
refused, before it reaches the engine) and the engine's own read-only mode
(:meth:`graph.store.GraphStore.read`: ``GRAPH.RO_QUERY`` on FalkorDB, a READ-access session on
Neo4j). The check works on tokens, not substrings, so ``'CREATE'`` inside a string literal, a
comment, a backtick-quoted name or a property key (``n.set``) is not a write, while
``cReAtE`` outside them is.

Refused:

* updating clauses: ``CREATE MERGE SET DELETE DETACH REMOVE DROP FOREACH LOAD`` (``LOAD CSV``);
* administration: ``USE``, ``GRANT``/``DENY``/``REVOKE``, ``ALTER``, ``START``/``STOP``,
  ``SHOW``, ``TERMINATE``, ``ENABLE``, ``EXPLAIN``/``PROFILE`` (FalkorDB's ``EXPLAIN``
  prefix *runs* the query), ``CALL … IN TRANSACTIONS``, raw FalkorDB commands (``GRAPH.…``);
* ``CALL`` of any procedure not on a short allow-list of read-only ones;
* more than one statement (``;`` followed by anything).

Example:
    >>> check_read_only("MATCH (n:Entity) WHERE n.name CONTAINS 'CREATE' RETURN n")
    >>> check_read_only("MATCH (n) DETACH DELETE n")
    Traceback (most recent call last):
    ...
    ontology.errors.ReadOnlyViolation: ...
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any

from iegraph.ontology.errors import QueryError, QueryTooLarge, ReadOnlyViolation

#: clause keywords that change data or the schema
WRITE_KEYWORDS = frozenset(
    {"CREATE", "MERGE", "SET", "DELETE", "DETACH", "REMOVE", "DROP", "FOREACH", "LOAD"}
)
#: administration keywords, refused in first position of a clause or anywhere as a clause
ADMIN_KEYWORDS = frozenset(
    {
        "USE",
        "GRANT",
        "DENY",
        "REVOKE",
        "ALTER",
        "START",
        "STOP",
        "SHOW",
        "TERMINATE",
        "ENABLE",
        "EXPLAIN",
        "PROFILE",
        "RENAME",
        "DBMS",
    }
)
#: read-only procedures (lower case) that ``CALL`` may name
READ_PROCEDURES = frozenset(
    {
        "db.labels",
        "db.relationshiptypes",
        "db.propertykeys",
        "db.indexes",
        "db.constraints",
        "db.schema.visualization",
        "db.schema.nodetypeproperties",
        "db.schema.reltypeproperties",
        "db.idx.fulltext.querynodes",
        "db.index.fulltext.querynodes",
        "db.index.fulltext.queryrelationships",
    }
)
# FalkorDB's algo.* procedures are read-only but are not on the list: algo.SPpaths ignored
# the query timeout and ran for minutes at 100k nodes (bench/paths.py), so one request could
# occupy the store; the API offers paths and analytics through its own bounded endpoints.

MAX_QUERY_CHARS = 20_000
#: most values one ``range()`` in ad-hoc Cypher may make. FalkorDB builds the whole list
#: before its per-query memory cap is checked (``range(1, 100000000)`` reached 2 GB with a
#: 50 MB cap), so the bound is checked here, before the engine sees the query.
MAX_RANGE = 1_000_000


@dataclass(frozen=True)
class Token:
    kind: str  # "word" | "param" | "string" | "number" | "quoted" | "punct"
    text: str
    pos: int


def tokenize(query: str) -> list[Token]:
    """Split Cypher into tokens, dropping comments and keeping literals whole.

    Raises:
        QueryError: an unterminated string, backtick name or block comment.
    """
    toks: list[Token] = []
    i, n = 0, len(query)
    while i < n:
        c = query[i]
        if c.isspace():
            i += 1
        elif query.startswith("//", i):
            j = query.find("\n", i)
            i = n if j < 0 else j + 1
        elif query.startswith("/*", i):
            j = query.find("*/", i + 2)
            if j < 0:
                raise QueryError(
                    f"unterminated /* comment at character {i}", hint="close the comment with */"
                )
            i = j + 2
        elif c in "'\"":
            j = i + 1
            while j < n and query[j] != c:
                j += 2 if query[j] == "\\" else 1
            if j >= n:
                raise QueryError(
                    f"unterminated string literal at character {i}",
                    hint=f"close the string with {c}",
                )
            toks.append(Token("string", query[i : j + 1], i))
            i = j + 1
        elif c == "`":
            j = i + 1
            while True:
                j = query.find("`", j)
                if j < 0:
                    raise QueryError(
                        f"unterminated `name` at character {i}",
                        hint="close the quoted name with a backtick",
                    )
                if j + 1 < n and query[j + 1] == "`":  # `` is an escaped backtick
                    j += 2
                    continue
                break
            toks.append(Token("quoted", query[i : j + 1], i))
            i = j + 1
        elif c == "$":
            j = i + 1
            while j < n and (query[j].isalnum() or query[j] == "_"):
                j += 1
            toks.append(Token("param", query[i:j], i))
            i = j
        elif c.isdigit():
            j = i + 1
            while j < n and (query[j].isalnum() or query[j] == "."):
                # stop at a range operator 1..3
                if query[j] == "." and query.startswith("..", j):
                    break
                j += 1
            toks.append(Token("number", query[i:j], i))
            i = j
        elif c.isalpha() or c == "_":
            j = i + 1
            while j < n and (query[j].isalnum() or query[j] == "_"):
                j += 1
            toks.append(Token("word", query[i:j], i))
            i = j
        else:
            toks.append(Token("punct", c, i))
            i += 1
    return toks


def _procedure_name(toks: list[Token], start: int) -> tuple[str, int]:
    """Dotted name beginning at ``toks[start]``; returns (name, index after it)."""
    parts: list[str] = []
    i = start
    while i < len(toks) and toks[i].kind in ("word", "quoted"):
        parts.append(toks[i].text.strip("`"))
        if i + 1 < len(toks) and toks[i + 1].text == "." and i + 2 < len(toks):
            i += 2
            continue
        i += 1
        break
    return ".".join(parts), i


def check_read_only(query: str) -> None:
    """Refuse ``query`` unless it is a single read-only Cypher statement.

    Raises:
        ReadOnlyViolation: the query would write, administer, or call a non-allow-listed
            procedure (the message names the keyword and its position).
        QueryError: the query is empty, too long, or cannot be tokenized.
    """
    if not query or not query.strip():
        raise QueryError(
            "the query is empty",
            hint="send a Cypher statement such as MATCH (n:Entity) RETURN n.name LIMIT 5",
        )
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(
            f"the query has {len(query)} characters (limit {MAX_QUERY_CHARS})",
            hint="send a shorter query; pass data as parameters",
        )
    toks = tokenize(query)
    if not toks:
        raise QueryError("the query holds only comments", hint="send a Cypher statement")

    def refuse(tok: Token, why: str) -> None:
        raise ReadOnlyViolation(
            f"refused: {why} ({tok.text!r} at character {tok.pos}); ad-hoc Cypher is read-only",
            hint="use MATCH … RETURN; data changes go through `iegraph ingest`",
            keyword=tok.text.upper(),
            position=tok.pos,
        )

    for idx, tok in enumerate(toks):
        if tok.kind == "punct" and tok.text == ";":
            if idx != len(toks) - 1:
                refuse(tok, "more than one statement")
            continue
        if tok.kind != "word":
            continue
        prev = toks[idx - 1] if idx > 0 else None
        nxt = toks[idx + 1] if idx + 1 < len(toks) else None
        # `n.set` is a property key, `{set: 1}` a map key, `(set:Label)` a variable,
        # `(n:Set)` a label
        if prev is not None and prev.kind == "punct" and prev.text in (".", ":"):
            continue  # property key, or a label / relationship type
        if nxt is not None and nxt.text == ":" and nxt.kind == "punct":
            continue
        up = tok.text.upper()
        if up == "GRAPH" and nxt is not None and nxt.text == "." and idx == 0:
            refuse(tok, "raw FalkorDB commands are not Cypher")
        if up in WRITE_KEYWORDS:
            refuse(tok, f"{up} changes the graph")
        if up in ADMIN_KEYWORDS:
            refuse(tok, f"{up} is an administration command")
        if up == "IN" and nxt is not None and nxt.text.upper() == "TRANSACTIONS":
            refuse(tok, "CALL … IN TRANSACTIONS is for batched writes")
        if up == "CALL":
            if nxt is not None and nxt.text in ("{", "("):
                continue  # a subquery: its own tokens are checked in this same loop
            name, _ = _procedure_name(toks, idx + 1)
            if name.lower() not in READ_PROCEDURES:
                refuse(tok, f"procedure {name or '?'} is not on the read-only allow-list")


def _depths(toks: list[Token]) -> list[int]:
    """Bracket depth of each token (the depth inside which it stands)."""
    out, d = [], 0
    for t in toks:
        if t.kind == "punct" and t.text in ")]}":
            d = max(0, d - 1)
        out.append(d)
        if t.kind == "punct" and t.text in "([{":
            d += 1
    return out


def _const_int(toks: list[Token], params: dict[str, Any]) -> int | None:
    """Value of a constant integer expression (numbers, parameters, + - * / % and
    parentheses), or None if it depends on anything else."""
    expr: list[str] = []
    for t in toks:
        if t.kind == "number":
            if not t.text.isdigit():
                return None
            expr.append(t.text)
        elif t.kind == "param":
            v = params.get(t.text[1:])
            if not isinstance(v, int) or isinstance(v, bool):
                return None
            expr.append(str(v))
        elif t.kind == "punct" and t.text in "+-*/%()":
            expr.append("//" if t.text == "/" else t.text)
        else:
            return None
    text = " ".join(expr)
    if not text or len(text) > 200:
        return None
    try:
        return _arith(ast.parse(text, mode="eval").body)
    except (SyntaxError, ValueError, ZeroDivisionError, RecursionError):
        return None


_OPS: dict[type, Any] = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.FloorDiv: lambda a, b: a // b,
    ast.Mod: lambda a, b: a % b,
}


def _arith(node: ast.expr) -> int:
    """Integer arithmetic over a parsed expression; anything else is a ValueError."""
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        v = _arith(node.operand)
        return -v if isinstance(node.op, ast.USub) else v
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        a, b = _arith(node.left), _arith(node.right)
        if abs(a) > 1 << 62 or abs(b) > 1 << 62:
            raise ValueError("too large")
        return int(_OPS[type(node.op)](a, b))
    raise ValueError("not integer arithmetic")


def check_ranges(query: str, params: dict[str, Any] | None = None) -> None:
    """Refuse a ``range()`` that would make more than :data:`MAX_RANGE` values, or whose
    bounds are not constants (numbers or parameters) that can be checked before running.

    Raises:
        QueryTooLarge: with the size found and the bound.
    """
    toks = tokenize(query)
    params = params or {}
    for i, t in enumerate(toks):
        if not (t.kind == "word" and t.text.lower() == "range"):
            continue
        if i + 1 >= len(toks) or toks[i + 1].text != "(":
            continue
        if i > 0 and toks[i - 1].kind == "punct" and toks[i - 1].text in (".", ":"):
            continue  # a property or label named range
        args: list[list[Token]] = [[]]
        depth = 0
        for u in toks[i + 2 :]:
            if u.kind == "punct" and u.text in "([{":
                depth += 1
            elif u.kind == "punct" and u.text in ")]}":
                if depth == 0:
                    break
                depth -= 1
            if depth == 0 and u.kind == "punct" and u.text == ",":
                args.append([])
                continue
            args[-1].append(u)
        vals = [_const_int(a, params) for a in args]
        if len(args) not in (2, 3) or any(v is None for v in vals):
            raise QueryTooLarge(
                f"range() at character {t.pos} has bounds that are not constants",
                hint="in ad-hoc Cypher give range() numbers or $parameters "
                f"(at most {MAX_RANGE:,} values); to walk a list, UNWIND the list itself",
                position=t.pos,
            )
        start, end = vals[0], vals[1]
        step = vals[2] if len(vals) == 3 else 1
        assert start is not None and end is not None and step is not None
        size = 0 if step == 0 else max(0, (end - start) // step + 1)
        if step == 0 or size > MAX_RANGE:
            raise QueryTooLarge(
                f"range() at character {t.pos} makes {size:,} values (limit {MAX_RANGE:,})",
                hint="use a smaller range; results are capped at the row cap anyway",
                position=t.pos,
            )


def cap_rows(query: str, cap: int, params: dict[str, Any] | None = None) -> str:
    """``query`` with a ``LIMIT`` of at most ``cap + 1`` on what it returns, so the engine
    stops producing rows there (the extra row tells the caller the result was truncated).

    The last ``RETURN`` of each ``UNION`` branch (outside brackets) gets ``LIMIT cap+1``
    appended, or its own numeric / ``$parameter`` ``LIMIT`` lowered to it. A query without a
    top-level ``RETURN`` (a lone ``CALL`` of an allow-listed procedure) is left as it is.

    Example:
        >>> cap_rows("MATCH (n) RETURN n", 100)
        'MATCH (n) RETURN n LIMIT 101'
        >>> cap_rows("MATCH (n) RETURN n LIMIT 5", 100)
        'MATCH (n) RETURN n LIMIT 5'

    Raises:
        QueryError: the query's own ``LIMIT`` is an expression that cannot be checked.
    """
    toks = tokenize(query)
    if not toks:
        return query
    params = params or {}
    depth = _depths(toks)
    bound = cap + 1
    # branches: token index ranges split at top-level UNION
    cuts = [-1] + [
        i
        for i, t in enumerate(toks)
        if depth[i] == 0 and t.kind == "word" and t.text.upper() == "UNION"
    ]
    ends = [*cuts[1:], len(toks)]
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement) in the query text
    for lo, hi in zip(cuts, ends, strict=True):
        seg = range(lo + 1, hi)
        rets = [
            i
            for i in seg
            if depth[i] == 0 and toks[i].kind == "word" and toks[i].text.upper() == "RETURN"
        ]
        if not rets:
            continue
        lims = [
            i
            for i in range(rets[-1], hi)
            if depth[i] == 0 and toks[i].kind == "word" and toks[i].text.upper() == "LIMIT"
        ]
        if lims:
            j = lims[-1] + 1
            nxt = toks[j] if j < hi else None
            value: int | None = None
            if nxt is not None and nxt.kind == "number" and nxt.text.isdigit():
                value = int(nxt.text)
            elif nxt is not None and nxt.kind == "param":
                v = params.get(nxt.text[1:])
                value = v if isinstance(v, int) and not isinstance(v, bool) else None
            if value is None or nxt is None or (j + 1 < hi and toks[j + 1].text != ";"):
                raise QueryError(
                    "LIMIT in ad-hoc Cypher must be a whole number or an integer $parameter",
                    hint=f"write LIMIT 100 (results are capped at {cap:,} rows anyway)",
                )
            if value > bound:
                edits.append((nxt.pos, nxt.pos + len(nxt.text), str(bound)))
            continue
        last = hi - 1
        if toks[last].kind == "punct" and toks[last].text == ";":
            last -= 1
        t_end = toks[last].pos + len(toks[last].text)
        edits.append((t_end, t_end, f" LIMIT {bound}"))
    out = query
    for a, b, rep in sorted(edits, reverse=True):
        out = out[:a] + rep + out[b:]
    return out


def guarded_read(
    store: Any,
    query: str,
    params: dict[str, Any] | None = None,
    *,
    timeout: float | None = None,
    row_cap: int | None = None,
) -> Any:
    """Check ``query`` and run it with the engine in read-only mode, a timeout, a row cap
    that stops the engine (:func:`cap_rows`) and bounded ``range()`` calls. ``None`` means the
    store's limits (:mod:`graph.limits`); a value only narrows them.

    Example:
        >>> res = guarded_read(store, "MATCH (n:Entity) RETURN n.key LIMIT $n", {"n": 3})
        >>> res.columns, res.truncated
        (['n.key'], False)
    """
    check_read_only(query)
    if params is not None and not isinstance(params, dict):
        raise QueryError(
            "params must be an object of name → value",
            hint='send {"query": "…", "params": {"name": "value"}}',
        )
    for k in params or {}:
        if not isinstance(k, str) or not k.replace("_", "a").isalnum():
            raise QueryError(
                f"parameter name {k!r} is not an identifier",
                hint="use letters, digits and _ in parameter names",
            )
    check_ranges(query, params)
    from iegraph.graph.limits import adhoc_slot, effective

    lim = effective(store.limits).narrowed(timeout, row_cap)
    capped = cap_rows(query, lim.row_cap, params)
    with adhoc_slot(lim):  # fair share: heavy ad-hoc queries cannot take every engine thread
        return store.read(capped, params or {}, timeout=lim.timeout, row_cap=lim.row_cap)
