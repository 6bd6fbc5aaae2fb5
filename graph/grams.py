"""Index keys for substring search, derived at the store boundary from ``search_keys``.

Neither engine's full-text tokeniser finds Chinese substrings (ARCHITECTURE.md §3), so every
node that carries ``search_keys`` (its normalised names) also gets, when written:

* ``search_grams`` (embedded FalkorDB): the character bigrams of those keys, under a range
  index on the array — a query ``$g0 IN n.search_grams AND $g1 IN n.search_grams …`` is
  answered by intersecting the grams' postings inside the index, then the exact ``CONTAINS``
  test runs on those few candidates only;
* ``search_text`` (Neo4j): the keys joined by a newline, under a TEXT index (Neo4j's text
  index is trigram-based and answers ``CONTAINS`` itself).

Derived here rather than by the writer, so every write path (the writer, view fixtures,
benchmarks) gets the same keys and no caller can forget them.
"""

from __future__ import annotations

from collections.abc import Iterable
from operator import add
from typing import Any

SEP = "\n"

#: the properties a store derives for its own indexes: bookkeeping, not ontology data. Never
#: shown (``graph.base.node_props_out``), never compared by the writer, never exported.
DERIVED_PROPS = frozenset({"search_grams", "search_text"})


def bigrams(keys: Iterable[str]) -> list[str]:
    """Distinct character bigrams of ``keys`` (a one-character key is its own gram)."""
    out: set[str] = set()
    for k in keys:
        if len(k) == 1:
            out.add(k)
        out.update(map(add, k, k[1:]))  # each character with the next
    return sorted(out)


def query_grams(q: str) -> list[str]:
    """The bigrams a node must hold to contain ``q`` (empty for a one-character query)."""
    return bigrams([q]) if len(q) > 1 else []


def grams_value(props: dict[str, Any]) -> Any:
    """The ``search_grams`` value :func:`add_grams` gives ``props`` (``props`` unchanged)."""
    if "search_keys" not in props:
        return props.get("search_grams")
    keys = props["search_keys"]
    return bigrams(keys) if keys else None


def add_grams(props: dict[str, Any]) -> dict[str, Any]:
    """``props`` with ``search_grams`` derived from ``search_keys`` (if it is being set)."""
    if "search_keys" in props:
        props["search_grams"] = grams_value(props)
    return props


def add_text(props: dict[str, Any]) -> dict[str, Any]:
    """``props`` with ``search_text`` derived from ``search_keys`` (if it is being set)."""
    if "search_keys" in props:
        keys = props["search_keys"]
        props["search_text"] = SEP.join(keys) if keys else None
    return props
