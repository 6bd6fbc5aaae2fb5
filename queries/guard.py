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

from dataclasses import dataclass
from typing import Any

from iegraph.ontology.errors import QueryError, ReadOnlyViolation

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


def guarded_read(
    store: Any,
    query: str,
    params: dict[str, Any] | None = None,
    *,
    timeout: float = 10.0,
    row_cap: int = 10_000,
) -> Any:
    """Check ``query`` and run it with the engine in read-only mode, a timeout and a row cap.

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
    return store.read(query, params or {}, timeout=timeout, row_cap=row_cap)
