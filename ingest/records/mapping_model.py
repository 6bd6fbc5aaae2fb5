"""The YAML mapping format (docs/mapping.md) as typed models that refuse unknown keys.

:func:`check_shape` validates a loaded YAML document against :class:`MappingFile` before the
mapping is read against the ontology and the table (:func:`ingest.records.mapping.parse_mapping`),
so a misspelt key, a wrong type or a missing field fails with the mapping file, the key's path
and the fix. :func:`json_schema` is what ``iegraph mapping schema`` prints: point an editor's
YAML language server at it to check mapping files while they are written.

Example:
    >>> check_shape({"entities": {"c": {"class": "City", "name": "city"}}}, "m.yaml").entities
    {'c': EntityMap(...)}
"""

from __future__ import annotations

from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic import ValidationError as PydanticValidationError

from iegraph.ingest.records.values import REMARK_ACTIONS
from iegraph.ontology.errors import IngestError
from iegraph.ontology.values import Identifier

Scalar = str | int | float | bool


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Condition(_Strict):
    """``{column, empty: true|false}``, ``{column, matches: regex}`` or ``{column, equals: v}``."""

    column: str
    empty: bool | None = None
    matches: str | None = None
    equals: Scalar | None = None


Conditions = Condition | list[Condition]


class ValueSpec(_Strict):
    """Where a value comes from (exactly one of ``column``, ``const``, ``template``) and the
    steps applied to it, in this order: rewrite, split, skip, clean, remarks, pattern, lookup,
    map, suffix, date, default."""

    column: str | None = None
    const: Scalar | None = None
    template: str | None = Field(None, description='e.g. "{city}市"')
    rewrite: list[tuple[str, str]] = Field(
        default_factory=list, description="[[regex, replacement], …] on the whole cell"
    )
    split: bool | str | None = Field(
        None, description="true (split on ;) or a separator regex; brackets do not split"
    )
    skip: dict[str, str] = Field(
        default_factory=dict, description="{regex: reason}: values left out, counted"
    )
    clean: list[str] = Field(default_factory=list, description="regexes removed from the value")
    remarks: bool = Field(True, description="read a trailing (…) remark (names only)")
    pattern: str | None = Field(None, description="keep group 1 (or the group named value)")
    lookup: str | None = Field(None, description="name of an in-table lookup")
    map: dict[str, Scalar] | None = Field(None, description="exact value mapping")
    suffix: str | None = None
    suffix_unless: str | list[str] | None = None
    date: Literal["strict", "loose"] | None = None
    default: Scalar | None = None

    @model_validator(mode="after")
    def _one_source(self) -> ValueSpec:
        given = [k for k in ("column", "const", "template") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("a value spec needs exactly one of column, const, template")
        return self


#: a column name, a constant (number, true/false) or a full value spec
Value = str | int | float | bool | ValueSpec


class BySuffix(_Strict):
    """The class from the name's suffix, among the classes below these."""

    by_suffix: str | list[str]
    default: str | None = None


class EntityMap(_Strict):
    """One entity a row makes (``entities.<id>``)."""

    class_: str | BySuffix | ValueSpec = Field(
        alias="class", description="a class name or label, {by_suffix: …}, or a value spec"
    )
    name: Value
    aliases: Value | None = None
    former_name: Value | None = None
    rename_date: Value | None = None
    key: Value | None = None
    official: bool | ValueSpec = True
    props: dict[Identifier, Value] = Field(default_factory=dict)
    valid_from: Value | None = None
    valid_to: Value | None = None
    when: Conditions | None = None
    unless: Conditions | None = None
    omit_if_empty: str | None = Field(None, description="reason to leave an empty entity out")


class RelationMap(_Strict):
    """One relation a row makes (``relations[]``)."""

    type: str | ValueSpec
    from_: str = Field(alias="from", description="an entity id of this mapping")
    to: str = Field(description="an entity id of this mapping")
    when: Conditions | None = None
    unless: Conditions | None = None
    props: dict[Identifier, Value] = Field(default_factory=dict)
    valid_from: Value | None = None
    valid_to: Value | None = None
    role_types: dict[str, str] = Field(default_factory=dict)
    skip_if_disallowed: str | None = None
    zip: bool = False


class Filter(_Strict):
    """Rows skipped on purpose, counted under ``reason``."""

    when: Conditions | None = None
    unless: Conditions | None = None
    reason: str = Field(min_length=1)


RemarkAction = Literal["rename", "alias", "abbrev", "role", "note", "drop"]
assert set(get_args(RemarkAction)) == set(REMARK_ACTIONS), "keep in step with REMARK_ACTIONS"


class RemarkRule(_Strict):
    """A mapping's own remark rule, tried before the defaults."""

    pattern: str
    action: RemarkAction


class Lookup(_Strict):
    key: str = Field(description="the column holding the looked-up value's id")
    value: str = Field(description="the column holding the value")


class MappingFile(_Strict):
    """A mapping file: which columns of a row make which entities and relations."""

    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
        title="iegraph records mapping",
        json_schema_extra={"$comment": "see docs/mapping.md"},
    )

    table: str | None = Field(None, description="default table, relative to this file")
    format: Literal["csv", "tsv", "jsonl", "json", "xlsx"] | None = None
    sheet: str | None = None
    delimiter: str | None = None
    source_url: Value | None = None
    confidence: Value | None = None
    filters: list[Filter] = Field(default_factory=list)
    remarks: list[RemarkRule] = Field(default_factory=list)
    lookups: dict[str, Lookup] = Field(default_factory=dict)
    entities: dict[str, EntityMap] = Field(min_length=1)
    relations: list[RelationMap] = Field(default_factory=list)
    description: str | None = None
    name: str | None = None


_MODELS = {
    m.__name__
    for m in (
        Condition,
        ValueSpec,
        BySuffix,
        EntityMap,
        RelationMap,
        Filter,
        RemarkRule,
        Lookup,
        MappingFile,
    )
}
_TYPE_ERRORS = {
    "string_type",
    "int_type",
    "int_from_float",
    "int_parsing",
    "float_type",
    "float_parsing",
    "bool_type",
    "bool_parsing",
    "list_type",
    "tuple_type",
    "dict_type",
    "model_type",
    "model_attributes_type",
    "none_required",
}


def _where(loc: tuple[int | str, ...]) -> tuple[str, list[str]]:
    """``entities.school.class`` from a pydantic location (union member tags dropped)."""
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        elif item in _MODELS or "[" in item or item in ("str", "int", "float", "bool", "none"):
            continue
        else:
            parts.append(("." if parts else "") + item)
    return "".join(parts) or "top level", parts


def _models_in(tp: Any) -> list[type[BaseModel]]:
    """The models inside an annotation (through unions, lists, dicts, Annotated)."""
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [tp]
    return [m for arg in get_args(tp) for m in _models_in(arg)]


def _model_at(loc: tuple[int | str, ...]) -> type[BaseModel]:
    """The model that holds the key at the end of ``loc``: walk the fields from the top."""
    current: list[type[BaseModel]] = [MappingFile]
    for item in loc:
        if isinstance(item, str) and item in _MODELS:
            current = [globals()[item]]
            continue
        if isinstance(item, int) or "[" in item:
            continue
        nxt: list[type[BaseModel]] = []
        for model in current:
            for name, f in model.model_fields.items():
                if item in (name, f.alias):
                    nxt.extend(_models_in(f.annotation))
        if nxt:
            current = nxt
        # else: a free key (an entity id, a props name): the models stay those of the field
    return current[-1]


def _fields_of(loc: tuple[int | str, ...]) -> list[str]:
    """The keys the model at ``loc`` takes (for the hint of an unknown key)."""
    model = _model_at(loc)
    return sorted((f.alias or n) for n, f in model.model_fields.items())


def check_shape(raw: Any, path: str) -> MappingFile:
    """Validate a loaded mapping document.

    Raises:
        IngestError: an unknown key, a wrong type or a missing field, naming the mapping
            file and the key's path, with the fix.
    """
    try:
        return MappingFile.model_validate(raw)
    except PydanticValidationError as exc:
        errors = exc.errors()
        # a value may be one of several shapes (a column name, a constant, a spec): report
        # the error of the shape that came closest, not "is not a string" for each other one
        useful = [e for e in errors if e["type"] not in _TYPE_ERRORS] or errors
        err = max(useful, key=lambda e: len(e["loc"]))
        where, parts = _where(err["loc"])
        if err["type"] == "extra_forbidden":
            parent = "".join(parts[:-1]).lstrip(".") or "the top level"
            raise IngestError(
                f"mapping {path}: {where}: unknown key {parts[-1].lstrip('.')!r}",
                hint=f"{parent} takes: {', '.join(_fields_of(err['loc'][:-1]))} "
                "(docs/mapping.md; `iegraph mapping schema` for editors)",
                file=path,
                field=where,
            ) from None
        if err["type"] == "missing":
            parent = "".join(parts[:-1]).lstrip(".") or "the top level"
            field = parts[-1].lstrip(".")
            article = "" if field.endswith("s") else "a "
            raise IngestError(
                f"mapping {path}: {parent} needs {article}{field}",
                hint=f"add {field}: … (docs/mapping.md)",
                file=path,
                field=where,
            ) from None
        msg = err["msg"].removeprefix("Value error, ")
        raise IngestError(
            f"mapping {path}: {where}: {msg} (got {err.get('input')!r})",
            hint="see docs/mapping.md for this key; `iegraph mapping schema` prints the format",
            file=path,
            field=where,
        ) from None


def json_schema() -> dict[str, Any]:
    """The JSON Schema of mapping files (for editors: yaml-language-server and the like)."""
    schema = MappingFile.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
