"""Entity resolution: an in-memory index from every known name form to a node key.

The index is built from the store in ONE scan per load (:meth:`Resolver.from_store`) and then
kept up to date as the load proceeds, so resolving a row never costs a query. A name resolves
to a node when one of its *forms* equals a form of the node's name, an alias or a former name,
within the same top-level class:

* the exact form: :func:`ingest.normalize.norm_name` (Traditional → Simplified, NFKC width
  folding, one bracket style, no whitespace);
* the legal-suffix-stripped form (``中国中车集团有限公司`` → ``中国中车``), tried only after
  the exact form, because it is a weaker signal.

Short names that share no form with the legal name (``圣奥家居``) are linked by data — an
alias list in the records (``aliases.csv``) — never by rules in code.

A form that two different nodes of one top-level class carry (朝阳区 in 北京市 and in 长春市,
both from the reference skeleton) is *ambiguous*: :meth:`Resolver.lookup` returns None for it
instead of picking one, so a row or a sentence that says only 朝阳区 gets a node of its own
(kept separate, and listed by ``iegraph reference status``) rather than a guess.

Example:
    >>> r = Resolver()
    >>> r.add("enterprise:中国中车集团有限公司", "Enterprise", "Enterprise",
    ...       ["中国中车集团有限公司"])
    >>> r.lookup("中國中車", top="Enterprise")
    'enterprise:中国中车集团有限公司'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from iegraph.ingest.normalize import norm_name, strip_legal_suffix
from iegraph.ontology.names import norm_names

if TYPE_CHECKING:
    from iegraph.graph.store import GraphStore

#: one scan of every entity; the columns the resolver and the writer need
SCAN_QUERY = (
    "MATCH (n:Entity) RETURN n.key, n.class, n.top, n.name, n.aliases, n.former_names, "
    "n.source_ids, n.path, n.mapping"
)

#: tops that are bookkeeping, not things a name should ever resolve to
_NON_ENTITY_TOPS = frozenset({"Source", "DocumentSection", "StrategyPoint", "Concept"})


def source_identity(path: str, mapping: str = "") -> str:
    """What makes two versions of a source "the same source": its path and the mapping read
    with it (a new content hash under the same identity supersedes the old version)."""
    return f"{path}|{mapping}" if mapping else path


@lru_cache(maxsize=500_000)
def name_forms(name: str) -> tuple[str, str]:
    """``(exact form, legal-suffix-stripped form)`` of a surface name."""
    n = norm_name(name)
    return n, strip_legal_suffix(n)


def name_forms_once(names: Sequence[str]) -> list[tuple[str, str]]:
    """:func:`name_forms` of each name without memoising (nor the names' normal forms): for
    a stream of names seen once each, where the caches would only fill with entries never
    asked again (:func:`~ontology.names.norm_names`: one conversion call for them all)."""
    return [(n, strip_legal_suffix(n)) for n in norm_names(names)]


@dataclass
class NodeInfo:
    """What the index keeps per node (enough to resolve and to plan a write)."""

    key: str
    cls: str
    top: str
    name: str
    names: set[str] = field(default_factory=set)  # every surface form (name, aliases, former)
    source_ids: set[str] = field(default_factory=set)
    path: str = ""


class Resolver:
    """Name-form → key index, per top-level class."""

    def __init__(self) -> None:
        self.nodes: dict[str, NodeInfo] = {}
        self._exact: dict[tuple[str, str], str] = {}
        self._stripped: dict[tuple[str, str], str] = {}
        self._any: dict[str, list[str]] = {}  # exact form → keys of any top
        self._tops: set[str] = set()
        self._by_path: dict[str, list[str]] = {}  # source identity → keys (one write per source)
        # forms several nodes of one top carry: (top, form) → those keys (never guessed)
        self._clash: dict[tuple[str, str], set[str]] = {}
        self._clash_stripped: dict[tuple[str, str], set[str]] = {}

    # -- building ----------------------------------------------------------------------------
    @classmethod
    def from_store(cls, store: GraphStore) -> Resolver:
        """Scan every entity once (one query) and index its names."""
        res = cls()
        result = store.run(SCAN_QUERY)
        for key, klass, top, name, aliases, former, sids, path, mapping in result.rows:
            if key is None:
                continue
            names = [name] if name else []
            names.extend(aliases or [])
            names.extend(former or [])
            res.add(
                str(key),
                klass or "",
                top or "",
                names,
                source_ids=sids or (),
                path=source_identity(path or "", mapping or "") if path else "",
                display=name or "",
            )
        return res

    def add(
        self,
        key: str,
        cls: str,
        top: str,
        names: Iterable[str],
        *,
        source_ids: Iterable[str] = (),
        path: str = "",
        display: str = "",
    ) -> None:
        """Register (or extend) a node and its names."""
        info = self.nodes.get(key)
        if info is None:
            info = NodeInfo(key, cls, top, display, path=path)
            self.nodes[key] = info
            if path:
                self._by_path.setdefault(path, []).append(key)
        else:
            if cls:
                info.cls = cls
            if display:
                info.name = display
        info.source_ids.update(source_ids)
        if top in _NON_ENTITY_TOPS:
            return
        self._tops.add(top)
        for n in names:
            if not n or n in info.names:
                continue
            info.names.add(n)
            if not info.name:
                info.name = n
            exact, stripped = name_forms(n)
            _claim(self._exact, self._clash, (top, exact), key)
            _claim(self._stripped, self._clash_stripped, (top, stripped), key)
            keys = self._any.setdefault(exact, [])
            if key not in keys:
                keys.append(key)

    def forget(self, key: str) -> None:
        """Drop a deleted node from the index."""
        info = self.nodes.pop(key, None)
        if info is None:
            return
        same = self._by_path.get(info.path)
        if same is not None and key in same:
            same.remove(key)
        for n in info.names:
            exact, stripped = name_forms(n)
            _release(self._exact, self._clash, (info.top, exact), key)
            _release(self._stripped, self._clash_stripped, (info.top, stripped), key)
            keys = self._any.get(exact)
            if keys and key in keys:
                keys.remove(key)

    # -- lookup ------------------------------------------------------------------------------
    def lookup(self, name: str, top: str | None = None) -> str | None:
        """Key of the node ``name`` refers to, or None (also None when ambiguous without top)."""
        exact, stripped = name_forms(name)
        if top is not None:
            if (top, exact) in self._clash:
                return None  # several nodes carry this very form: not guessed
            k = self._exact.get((top, exact))
            if k is not None:
                return k
            if (top, stripped) in self._clash_stripped:
                return None
            return self._stripped.get((top, stripped))
        keys = self.candidates(name)
        return keys[0] if len(keys) == 1 else None

    def candidates(self, name: str) -> list[str]:
        """Every node (any top-level class) whose exact name form equals ``name``'s; falls
        back to stripped forms when nothing matches exactly."""
        exact, stripped = name_forms(name)
        keys = self._any.get(exact)
        if keys:
            return list(keys)
        out: list[str] = []
        for t in self._tops:
            k = self._stripped.get((t, stripped))
            if k is not None and k not in out:
                out.append(k)
        return out

    def ambiguous(self, name: str, top: str) -> list[str]:
        """Keys of the nodes of ``top`` that all carry ``name``'s exact form (empty when the
        form is unique or unknown)."""
        return sorted(self._clash.get((top, name_forms(name)[0]), ()))

    def known_names(self) -> list[tuple[str, str, str]]:
        """``(surface name, class, key)`` for every name and alias of every entity."""
        out: list[tuple[str, str, str]] = []
        for info in self.nodes.values():
            if info.top in _NON_ENTITY_TOPS:
                continue
            for n in sorted(info.names):
                out.append((n, info.cls, info.key))
        return out

    def with_source(self, source_keys: set[str]) -> list[str]:
        """Keys of nodes whose ``source_ids`` mention any of ``source_keys``."""
        return [k for k, i in self.nodes.items() if i.source_ids & source_keys]

    def sources_by_identity(self, identity: str) -> list[str]:
        """Keys of the Source nodes with this identity (see :func:`source_identity`)."""
        nodes = self.nodes
        return [
            k
            for k in self._by_path.get(identity, ())
            if k in nodes and nodes[k].top == "Source" and nodes[k].path == identity
        ]

    def __len__(self) -> int:
        return len(self.nodes)

    def info(self, key: str) -> NodeInfo | None:
        return self.nodes.get(key)

    def describe(self) -> dict[str, Any]:
        return {"nodes": len(self.nodes), "forms": len(self._exact)}


def _claim(
    index: dict[tuple[str, str], str],
    clash: dict[tuple[str, str], set[str]],
    form: tuple[str, str],
    key: str,
) -> None:
    """Register ``key`` for ``form``; a second, different key makes the form ambiguous."""
    prev = index.setdefault(form, key)
    if prev != key:
        clash.setdefault(form, {prev}).add(key)
    elif form in clash:
        clash[form].add(key)


def _release(
    index: dict[tuple[str, str], str],
    clash: dict[tuple[str, str], set[str]],
    form: tuple[str, str],
    key: str,
) -> None:
    keys = clash.get(form)
    if keys is not None:
        keys.discard(key)
        if len(keys) <= 1:
            del clash[form]
            if keys:
                index[form] = next(iter(keys))
                return
    if index.get(form) == key:
        del index[form]
