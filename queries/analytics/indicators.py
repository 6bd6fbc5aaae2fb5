"""City indicators (产教融合 indicators of one city), each with the facts it counts.

Every indicator is defined once, in ``definitions.yaml`` beside this module: its labels, unit,
description, the named query that fetches its evidence and the measure that turns the rows into
a value. The named queries return one row per relationship that is evidence for a *subject*
(an enterprise, a platform, an institution–enterprise pair, an industry, a policy), so each
value comes with the relationships behind it and their sources.

Example:
    >>> from iegraph.queries.analytics import city_indicators
    >>> city_indicators(store, "深圳市")["indicators"][0]
    {'name': 'designated_enterprises', 'value': 3, 'unit': 'enterprises', 'evidence': [...]}
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from iegraph.ontology.errors import OntologyError
from iegraph.queries.named import run_named
from iegraph.queries.search import resolve_entity

if TYPE_CHECKING:
    from iegraph.graph.store import GraphStore
    from iegraph.ontology.schema import Schema

DEFINITIONS = Path(__file__).resolve().parent / "definitions.yaml"
MEASURES = frozenset({"count", "count_all", "share", "by_group", "max"})


@dataclass(frozen=True)
class Indicator:
    """One indicator's definition (from ``definitions.yaml``)."""

    name: str
    label_zh: str
    label_en: str
    unit: str
    query: str
    measure: str
    description: str
    numerator: tuple[str, ...] = ()
    denominator: tuple[str, ...] = ()
    numerator_grp_not_null: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "label": {"zh": self.label_zh, "en": self.label_en},
            "unit": self.unit,
            "measure": self.measure,
            "query": self.query,
            "description": self.description,
        }


@lru_cache(maxsize=1)
def indicator_definitions() -> tuple[Indicator, ...]:
    """The indicators, in the order of ``definitions.yaml``."""
    data = yaml.safe_load(DEFINITIONS.read_text(encoding="utf-8"))
    out: list[Indicator] = []
    for name, d in (data.get("indicators") or {}).items():
        measure = d.get("measure")
        if measure not in MEASURES:
            raise OntologyError(
                f"{DEFINITIONS.name}: indicator {name!r} has measure {measure!r}",
                hint=f"use one of {sorted(MEASURES)}",
            )
        out.append(
            Indicator(
                name=name,
                label_zh=d["label"]["zh"],
                label_en=d["label"]["en"],
                unit=d["unit"],
                query=d["query"],
                measure=measure,
                description=" ".join(str(d.get("description", "")).split()),
                numerator=tuple(d.get("numerator") or ()),
                denominator=tuple(d.get("denominator") or ()),
                numerator_grp_not_null=bool(d.get("numerator_grp_not_null", False)),
            )
        )
    return tuple(out)


def definitions_help() -> str:
    """One line per indicator, for ``--help`` texts and the API description."""
    return "\n".join(f"{i.name}: {i.description} ({i.unit})" for i in indicator_definitions())


@dataclass
class SubjectRows:
    """The evidence rows of one subject."""

    groups: set[str | None] = field(default_factory=set)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    seen: set[tuple[str, str, str]] = field(default_factory=set)


def by_subject(records: list[dict[str, Any]]) -> dict[str, SubjectRows]:
    """Group indicator query rows by their subject: the groups each subject falls in and its
    evidence (one entry per distinct relationship)."""
    subjects: dict[str, SubjectRows] = defaultdict(SubjectRows)
    for r in records:
        rows = subjects[r["subject"]]
        rows.groups.add(r["grp"])
        if r["start"] is None or r["type"] is None:
            continue
        triple = (r["start"], r["type"], r["end"])
        if triple in rows.seen:
            continue
        rows.seen.add(triple)
        rows.evidence.append(
            {
                "key": f"{r['start']}|{r['type']}|{r['end']}",
                "start": r["start"],
                "type": r["type"],
                "end": r["end"],
                "sources": sorted(r["sources"] or []),
                "subject": r["subject"],
                "group": r["grp"],
            }
        )
    return subjects


def measure(ind: Indicator, records: list[dict[str, Any]]) -> dict[str, Any]:
    """Turn one indicator's evidence rows into ``{name, value, unit, evidence, …}``."""
    subjects = by_subject(records)
    evidence: list[dict[str, Any]] = []
    value: Any
    if ind.measure == "count_all":
        value = len(subjects)
        evidence = [e for s in subjects.values() for e in s.evidence]
    elif ind.measure == "count":
        hit = {k: s for k, s in subjects.items() if s.evidence}
        value = len(hit)
        evidence = [e for s in hit.values() for e in s.evidence]
    elif ind.measure == "by_group":
        counts: dict[str, int] = defaultdict(int)
        for s in subjects.values():
            for g in s.groups:
                counts[str(g)] += 1
        value = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        evidence = [e for s in subjects.values() for e in s.evidence]
    elif ind.measure == "max":
        depths = [int(g) for s in subjects.values() for g in s.groups if g is not None]
        value = max(depths) if depths else None
        evidence = [
            e for s in subjects.values() if any(g is not None for g in s.groups) for e in s.evidence
        ]
    else:  # share
        den = {
            k: s
            for k, s in subjects.items()
            if not ind.denominator or s.groups & set(ind.denominator)
        }
        num: dict[str, SubjectRows] = {}
        for k, s in den.items():
            if ind.numerator:
                ok = bool(s.groups & set(ind.numerator))
            elif ind.numerator_grp_not_null:
                ok = any(g is not None for g in s.groups)
            else:
                ok = bool(s.evidence)
            if ok:
                num[k] = s
        value = round(len(num) / len(den), 4) if den else None
        evidence = [e for s in den.values() for e in s.evidence]
        return {
            **_head(ind),
            "value": value,
            "numerator": len(num),
            "denominator": len(den),
            "subjects": sorted(den),
            "matched": sorted(num),
            "evidence": evidence,
        }
    return {**_head(ind), "value": value, "subjects": sorted(subjects), "evidence": evidence}


def _head(ind: Indicator) -> dict[str, Any]:
    return {"name": ind.name, "label": {"zh": ind.label_zh, "en": ind.label_en}, "unit": ind.unit}


def city_indicators(
    store: GraphStore,
    city: str,
    *,
    as_of: str | None = None,
    schema: Schema | None = None,
    only: list[str] | None = None,
    timeout: float | None = None,
) -> dict[str, Any]:
    """All indicators of one city (a key, or a name in either script).

    Each named query runs once, however many indicators read it.
    """
    city_key = resolve_city(store, city)
    cache: dict[str, list[dict[str, Any]]] = {}
    results: list[dict[str, Any]] = []
    for ind in indicator_definitions():
        if only and ind.name not in only:
            continue
        if ind.query not in cache:
            params = {"city": city_key, "as_of": as_of}
            cache[ind.query] = run_named(
                store, ind.query, params, schema=schema, timeout=timeout
            ).records()
        results.append(measure(ind, cache[ind.query]))
    return {"city": city_key, "as_of": as_of, "indicators": results}


def resolve_city(store: GraphStore, city: str) -> str:
    """The key of a place given by key, name, alias or former name (either script)."""
    return resolve_entity(store, city, field="city").key
