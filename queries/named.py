"""Named queries: parameterised Cypher kept as files in ``queries/named/``.

Each query is one ``<name>.cypher`` file whose leading ``//`` comment lines hold a YAML header,
followed by a portable body. Where the two engines' dialects differ, a
``<name>.falkordb.cypher`` or ``<name>.neo4j.cypher`` file holds that engine's body (its own
header, if any, is ignored: the portable file's header is the contract).

Header example::

    // name: neighbourhood
    // description: Entities within `hops` relationships of an entity.
    // params:
    //   key: {type: string, required: true, description: key of the centre entity}
    //   hops: {type: int, default: 1, min: 1, max: 3, inline: true}
    //   types: {type: "list[relation]", default: null}
    //   classes: {type: "list[class]", default: null}
    //   as_of: {type: date, default: null}
    // columns: [key, name, class, distance]

Parameter types: ``string``, ``int``, ``float``, ``bool``, ``date`` (ISO ``YYYY``,
``YYYY-MM`` or ``YYYY-MM-DD``), ``relation`` and ``class`` (validated against the compiled
ontology; labels in any language are accepted and a class expands to itself and its
subclasses, so a body filters with ``n.class IN $classes``), ``entity`` (a key, or a name /
alias in either script, resolved to the entity's key before the query runs) and ``list[...]``
of any of these.
Values arrive as Python values or as text (CLI, query strings) and are coerced.

``inline: true`` is allowed only on a bounded ``int``: Cypher cannot take a parameter inside a
variable-length pattern (``*1..$hops``), so the *validated integer* replaces ``{{hops}}`` in the
body. No text from a caller is ever placed in Cypher; labels and relation types in the bodies
are checked against the ontology when the query is loaded.

Example:
    >>> from iegraph.queries.named import run_named
    >>> run_named(store, "entity_by_key", {"key": "institution:深圳职业技术大学"}).records()
    [{'key': 'institution:深圳职业技术大学', 'name': '深圳职业技术大学', ...}]
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from iegraph.ontology.errors import NotFound, OntologyError, ValidationError
from iegraph.ontology.values import DATE_HINT, PartialDate
from iegraph.queries.guard import tokenize

if TYPE_CHECKING:
    from iegraph.graph.model import Result
    from iegraph.graph.store import GraphStore
    from iegraph.ontology.schema import Schema

NAMED_DIR = Path(__file__).resolve().parent / "named"
BACKEND_DIALECT = {"embedded": "falkordb", "falkordb": "falkordb", "neo4j": "neo4j"}
SCALAR_TYPES = ("string", "int", "float", "bool", "date", "relation", "class", "entity")
_INLINE = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
#: labels every node may carry besides its ontology classes
EXTRA_LABELS = frozenset({"Entity", "Source", "StrategyPoint", "Concept"})


@dataclass(frozen=True)
class ParamSpec:
    """One declared parameter of a named query."""

    name: str
    type: str  # a scalar type or "list[<scalar>]"
    required: bool = False
    default: Any = None
    description: str = ""
    min: float | None = None
    max: float | None = None
    choices: tuple[Any, ...] = ()
    inline: bool = False

    @property
    def is_list(self) -> bool:
        return self.type.startswith("list[")

    @property
    def scalar(self) -> str:
        return self.type[5:-1] if self.is_list else self.type

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "type": self.type,
            "required": self.required,
            "default": self.default,
            "description": self.description,
        }
        if self.min is not None:
            out["min"] = self.min
        if self.max is not None:
            out["max"] = self.max
        if self.choices:
            out["choices"] = list(self.choices)
        return out


@dataclass
class NamedQuery:
    """A parsed named query: header plus one body per dialect."""

    name: str
    description: str
    params: dict[str, ParamSpec]
    columns: list[str]
    body: str
    variants: dict[str, str] = field(default_factory=dict)  # dialect → body
    path: str = ""

    def body_for(self, backend: str) -> str:
        """The Cypher to run on ``backend`` ("embedded"/"falkordb" or "neo4j")."""
        return self.variants.get(BACKEND_DIALECT.get(backend, backend), self.body)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "description": self.description,
            "params": [p.to_json() for p in self.params.values()],
            "columns": self.columns,
            "variants": sorted(self.variants),
        }

    # -- parameters --------------------------------------------------------------------------
    def bind(
        self,
        values: dict[str, Any] | None,
        schema: Schema | None = None,
        store: GraphStore | None = None,
    ) -> dict[str, Any]:
        """Validate and coerce ``values`` against the header; fill defaults.

        Raises:
            ValidationError: an unknown or missing parameter, or a value of the wrong type.
        """
        values = dict(values or {})
        unknown = sorted(set(values) - set(self.params))
        if unknown:
            raise ValidationError(
                f"query {self.name!r} has no parameter {', '.join(map(repr, unknown))}",
                hint=f"its parameters are: {', '.join(self.params) or '(none)'}",
                field=unknown[0],
            )
        out: dict[str, Any] = {}
        for spec in self.params.values():
            raw = values.get(spec.name)
            if raw is None or (isinstance(raw, str) and raw == "" and spec.scalar != "string"):
                if spec.required:
                    raise ValidationError(
                        f"query {self.name!r} needs parameter {spec.name!r} ({spec.type})",
                        hint=f'pass --param {spec.name}=… (or "{spec.name}" in the JSON body)',
                        field=spec.name,
                    )
                raw = spec.default
                if raw is None:
                    out[spec.name] = None
                    continue
            out[spec.name] = coerce(spec, raw, schema, query=self.name, store=store)
        return out

    def render(self, backend: str, bound: dict[str, Any]) -> str:
        """The body for ``backend`` with validated inline integers substituted."""

        def sub(m: re.Match[str]) -> str:
            spec = self.params.get(m.group(1))
            if spec is None or not spec.inline:
                raise OntologyError(
                    f"{self.path}: {{{{{m.group(1)}}}}} is not an inline param",
                    hint="declare it with type int, min, max and inline: true",
                )
            return str(int(bound[spec.name]))

        return _INLINE.sub(sub, self.body_for(backend))


# -- coercion ---------------------------------------------------------------------------------
def coerce(
    spec: ParamSpec,
    raw: Any,
    schema: Schema | None = None,
    *,
    query: str = "",
    store: GraphStore | None = None,
) -> Any:
    """Coerce one value (Python or text) to the declared type of ``spec``."""
    where = f"parameter {spec.name!r}" + (f" of query {query!r}" if query else "")
    if spec.is_list:
        items = raw
        if isinstance(raw, str):
            text = raw.strip()
            if text.startswith("["):
                try:
                    items = json.loads(text)
                except json.JSONDecodeError as e:
                    raise ValidationError(
                        f"{where}: {raw!r} is not a JSON list ({e.msg})",
                        hint='write ["A","B"] or A,B',
                        field=spec.name,
                    ) from e
            else:
                items = [p.strip() for p in text.split(",") if p.strip()]
        if not isinstance(items, list | tuple):
            raise ValidationError(
                f"{where} must be a list, got {type(raw).__name__}",
                hint='write ["A","B"] or A,B',
                field=spec.name,
            )
        out: list[Any] = []
        for item in items:
            val = _coerce_scalar(spec, item, schema, where, store)
            # a class expands to its subclasses; keep order, drop repeats
            for v in val if isinstance(val, list) else [val]:
                if v not in out:
                    out.append(v)
        return out
    return _coerce_scalar(spec, raw, schema, where, store)


def _coerce_scalar(
    spec: ParamSpec, raw: Any, schema: Schema | None, where: str, store: GraphStore | None = None
) -> Any:
    t = spec.scalar
    bad = ValidationError(
        f"{where} must be {_article(t)} {t}, got {raw!r}", hint=_type_hint(t), field=spec.name
    )
    if isinstance(raw, list | dict):
        raise bad
    val: Any
    if t == "string":
        if not isinstance(raw, str | int | float) or isinstance(raw, bool):
            raise bad
        val = str(raw)
        if len(val) > 1000:
            raise ValidationError(
                f"{where} is longer than 1000 characters", hint="shorten the value", field=spec.name
            )
    elif t == "int":
        if isinstance(raw, bool):
            raise bad
        try:
            val = int(raw) if not isinstance(raw, float) or raw.is_integer() else None
        except (TypeError, ValueError):
            val = None
        if val is None:
            raise bad
    elif t == "float":
        if isinstance(raw, bool):
            raise bad
        try:
            val = float(raw)
        except (TypeError, ValueError):
            raise bad from None
        if not math.isfinite(val):
            raise bad
    elif t == "bool":
        if isinstance(raw, bool):
            val = raw
        elif isinstance(raw, str) and raw.lower() in ("true", "1", "yes", "false", "0", "no"):
            val = raw.lower() in ("true", "1", "yes")
        else:
            raise bad
    elif t == "date":
        val = PartialDate.parse(raw, what=where).iso  # canonical: 2023-6 -> 2023-06
    elif t == "relation":
        name = schema.resolve_relation(str(raw)) if schema is not None else None
        if name is None:
            known = ", ".join(sorted(schema.relations)) if schema is not None else "?"
            raise ValidationError(
                f"{where}: {raw!r} is not a relation type of the ontology",
                hint=f"use one of: {known}",
                field=spec.name,
            )
        val = name
    elif t == "class":
        name = schema.resolve_class(str(raw)) if schema is not None else None
        if name is None:
            known = ", ".join(sorted(schema.classes)) if schema is not None else "?"
            raise ValidationError(
                f"{where}: {raw!r} is not a class of the ontology",
                hint=f"use one of: {known}",
                field=spec.name,
            )
        assert schema is not None
        return schema.descendants(name)
    elif t == "entity":
        if not isinstance(raw, str) or not raw.strip():
            raise bad
        if store is None:
            val = raw.strip()  # no store to resolve with: taken as a key
        else:
            from iegraph.queries.search import resolve_entity

            val = resolve_entity(store, raw, field=spec.name).key
    else:  # pragma: no cover — the loader refuses unknown types
        raise bad
    if spec.min is not None and isinstance(val, int | float) and val < spec.min:
        raise ValidationError(
            f"{where} must be ≥ {spec.min:g}, got {val}",
            hint=f"use a value from {spec.min:g} to {spec.max:g}" if spec.max is not None else None,
            field=spec.name,
        )
    if spec.max is not None and isinstance(val, int | float) and val > spec.max:
        raise ValidationError(
            f"{where} must be ≤ {spec.max:g}, got {val}",
            hint=f"use a value from {spec.min or 0:g} to {spec.max:g}",
            field=spec.name,
        )
    if spec.choices and val not in spec.choices:
        raise ValidationError(
            f"{where} must be one of {list(spec.choices)}, got {val!r}",
            hint="pick one of the listed values",
            field=spec.name,
        )
    return val


def _article(t: str) -> str:
    return "an" if t[0] in "aeiou" else "a"


def _type_hint(t: str) -> str:
    return {
        "int": "write a whole number, e.g. 2",
        "float": "write a number, e.g. 0.5",
        "bool": "write true or false",
        "date": DATE_HINT,
        "string": "write text",
        "entity": "give an entity key or its exact name",
    }.get(t, "see GET /api/v1/queries for the parameter types")


# -- loading ----------------------------------------------------------------------------------
def parse_header(text: str, path: str = "<string>") -> tuple[dict[str, Any], str]:
    """Split a ``.cypher`` file into its YAML header (leading ``//`` lines) and body."""
    head: list[str] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines) and (lines[i].lstrip().startswith("//") or not lines[i].strip()):
        line = lines[i].lstrip()
        if line.startswith("//"):
            head.append(line[3:] if line.startswith("// ") else line[2:])
        i += 1
    body = "\n".join(lines[i:]).strip()
    try:
        meta = yaml.safe_load("\n".join(head)) if head else {}
    except yaml.YAMLError as e:
        raise OntologyError(
            f"{path}: the // header is not valid YAML ({e})",
            hint="each header line is '// key: value'",
        ) from e
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise OntologyError(
            f"{path}: the // header must be a mapping of key: value lines",
            hint="start with '// name: <query name>'",
        )
    return meta, body


def _param_specs(meta: dict[str, Any], path: str) -> dict[str, ParamSpec]:
    raw = meta.get("params") or {}
    if not isinstance(raw, dict):
        raise OntologyError(
            f"{path}: 'params' must be a mapping name → spec",
            hint="// params:\n//   key: {type: string, required: true}",
        )
    specs: dict[str, ParamSpec] = {}
    for pname, spec in raw.items():
        if isinstance(spec, str):
            spec = {"type": spec}
        if not isinstance(spec, dict):
            raise OntologyError(
                f"{path}: parameter {pname!r} needs a mapping", hint="write {type: int, default: 1}"
            )
        ptype = str(spec.get("type", "string"))
        scalar = ptype[5:-1] if ptype.startswith("list[") and ptype.endswith("]") else ptype
        if scalar not in SCALAR_TYPES:
            raise OntologyError(
                f"{path}: parameter {pname!r} has unknown type {ptype!r}",
                hint=f"use one of {', '.join(SCALAR_TYPES)} or list[...]",
            )
        extra = set(spec) - {
            "type",
            "required",
            "default",
            "description",
            "min",
            "max",
            "choices",
            "inline",
        }
        if extra:
            raise OntologyError(
                f"{path}: parameter {pname!r} has unknown keys {sorted(extra)}",
                hint="allowed: type required default description min max choices inline",
            )
        inline = bool(spec.get("inline", False))
        if inline and (ptype != "int" or spec.get("min") is None or spec.get("max") is None):
            raise OntologyError(
                f"{path}: inline parameter {pname!r} must be an int with min and max",
                hint="only bounded integers may be inlined",
            )
        specs[str(pname)] = ParamSpec(
            name=str(pname),
            type=ptype,
            required=bool(spec.get("required", False)),
            default=spec.get("default"),
            description=str(spec.get("description", "")),
            min=spec.get("min"),
            max=spec.get("max"),
            choices=tuple(spec.get("choices") or ()),
            inline=inline,
        )
    return specs


def referenced_names(body: str) -> set[str]:
    """Labels and relationship types a body names (words after ``:`` or ``|`` outside maps)."""
    names: set[str] = set()
    depth = 0
    toks = tokenize(_INLINE.sub("1", body))
    for i, tok in enumerate(toks):
        if tok.kind == "punct" and tok.text == "{":
            depth += 1
        elif tok.kind == "punct" and tok.text == "}":
            depth -= 1
        elif tok.kind in ("word", "quoted") and depth == 0 and i > 0:
            prev = toks[i - 1]
            if prev.kind == "punct" and prev.text in (":", "|"):
                names.add(tok.text.strip("`"))
    return names


def check_against_schema(q: NamedQuery, schema: Schema) -> None:
    """Every label and relation type in ``q``'s bodies must exist in the ontology."""
    allowed = set(schema.classes) | set(schema.relations) | EXTRA_LABELS
    for dialect, body in [("portable", q.body), *q.variants.items()]:
        unknown = referenced_names(body) - allowed
        if unknown:
            raise OntologyError(
                f"{q.path} ({dialect} body) names {sorted(unknown)}, not in the ontology",
                hint="use class and relation names from `iegraph ontology show`",
            )


def load_file(path: Path) -> NamedQuery:
    """Parse one portable ``<name>.cypher`` file and pick up its dialect variants."""
    meta, body = parse_header(path.read_text(encoding="utf-8"), str(path))
    name = str(meta.get("name") or path.stem)
    if name != path.stem:
        raise OntologyError(
            f"{path}: header name {name!r} differs from the file name",
            hint=f"rename the file to {name}.cypher or fix '// name:'",
        )
    if not body:
        raise OntologyError(f"{path}: no Cypher after the header", hint="add the query body")
    cols = meta.get("columns") or []
    if isinstance(cols, str):
        cols = [c.strip() for c in cols.split(",") if c.strip()]
    q = NamedQuery(
        name=name,
        description=str(meta.get("description", "")).strip(),
        params=_param_specs(meta, str(path)),
        columns=[str(c) for c in cols],
        body=body,
        path=str(path),
    )
    for dialect in ("falkordb", "neo4j"):
        vp = path.with_name(f"{name}.{dialect}.cypher")
        if vp.exists():
            _, vbody = parse_header(vp.read_text(encoding="utf-8"), str(vp))
            q.variants[dialect] = vbody
    for ref in set(_INLINE.findall(body)) | {
        r for b in q.variants.values() for r in _INLINE.findall(b)
    }:
        if ref not in q.params or not q.params[ref].inline:
            raise OntologyError(
                f"{path}: {{{{{ref}}}}} is not a declared inline parameter",
                hint="declare it: {type: int, min: 1, max: 3, inline: true}",
            )
    return q


@lru_cache(maxsize=4)
def _load_dir(directory: str) -> dict[str, NamedQuery]:
    out: dict[str, NamedQuery] = {}
    for p in sorted(Path(directory).glob("*.cypher")):
        if p.stem.count(".") and p.stem.rsplit(".", 1)[1] in ("falkordb", "neo4j"):
            continue  # a dialect variant, read with its portable file
        q = load_file(p)
        out[q.name] = q
    return out


def load_named_queries(
    directory: Path | None = None, schema: Schema | None = None
) -> dict[str, NamedQuery]:
    """All named queries in ``directory`` (default: the packaged ``queries/named``).

    With ``schema``, each body is checked against the ontology.
    """
    qs = _load_dir(str(directory or NAMED_DIR))
    if schema is not None:
        for q in qs.values():
            check_against_schema(q, schema)
    return qs


def get_named(name: str, directory: Path | None = None) -> NamedQuery:
    qs = load_named_queries(directory)
    if name not in qs:
        raise NotFound(
            f"no named query {name!r}", hint=f"available: {', '.join(sorted(qs))}", name=name
        )
    return qs[name]


def run_named(
    store: GraphStore,
    name: str,
    params: dict[str, Any] | None = None,
    *,
    schema: Schema | None = None,
    timeout: float | None = None,
    directory: Path | None = None,
) -> Result:
    """Validate ``params`` and run the named query on ``store`` (read-only).

    Example:
        >>> run_named(store, "platforms_of_city", {"city": "place:深圳"}).columns
        ['key', 'name', 'class', 'platform_type']
    """
    if schema is None:
        from iegraph.ontology.schema import load_schema

        schema = load_schema()
    q = get_named(name, directory)
    bound = q.bind(params, schema, store)
    cypher = q.render(store.backend, bound)
    # run on the engine's read-only path too: a named query never writes
    params_out = {k: v for k, v in bound.items() if not q.params[k].inline}
    res = store.read(cypher, params_out, timeout=timeout or 10.0, row_cap=100_000)
    if q.columns and res.columns and len(res.columns) == len(q.columns):
        res.columns = list(q.columns)
    return res
