"""Typed, compiled form of the ontology (the contract every other package reads).

The Turtle file ``ontology/iegraph.ttl`` is the single source of truth; ``ontology.schema``
compiles it into a :class:`Schema` once per process. Nothing else in the code base defines a
class name, relation type or label.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: the seven top-level classes every entity falls under (these are the extraction labels)
TOP_LEVEL = ("Institution", "Enterprise", "Government", "Platform", "Policy", "Place", "Industry")

LANGS = ("zh-Hans", "zh-Hant", "en")


@dataclass(frozen=True)
class PropertyDef:
    """A datatype property a class declares (``owl:DatatypeProperty`` + SHACL)."""

    name: str
    datatype: str  # "string" | "integer" | "decimal" | "date" | "boolean" | "anyURI"
    required: bool = False
    many: bool = False  # list-valued
    allowed: tuple[str, ...] = ()  # sh:in values, if any
    pattern: str = ""  # sh:pattern (a regex the whole value must match), if any
    labels: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ClassDef:
    """One ontology class."""

    name: str  # ASCII identifier, used as the store label (e.g. "VocationalCollege")
    parent: str | None  # direct superclass name, None for the top level (and Source, Concept)
    top: str  # the top-level class it falls under ("Institution" …); itself for a top class
    labels: dict[str, str]  # skos:prefLabel by language: zh-Hans, zh-Hant, en
    alt_labels: dict[str, tuple[str, ...]]  # skos:altLabel by language
    definition: str = ""
    key_property: str = "key"  # property that identifies an instance
    properties: tuple[PropertyDef, ...] = ()
    color: str = "#97c2fc"  # visual style (iegraph:color in the ontology)
    shape: str = "dot"  # pyvis shape (iegraph:shape)
    name_suffixes: tuple[
        str, ...
    ] = ()  # iegraph:nameSuffix: suffixes that mark a name of this class
    #: iegraph:codeProperty (inherited): the official code that identifies an instance
    #: (``moe_code`` for institutions, ``adcode`` for places), "" if the class has none
    code_property: str = ""


@dataclass(frozen=True)
class RelationDef:
    """One relation type (``owl:ObjectProperty``)."""

    name: str  # ASCII, UPPER_SNAKE (e.g. "COOPERATES_WITH"); the store relationship type
    domain: tuple[str, ...]  # class names (any subclass of one of them is allowed)
    range: tuple[str, ...]
    labels: dict[str, str]
    alt_labels: dict[str, tuple[str, ...]]
    symmetric: bool = False
    definition: str = ""
    triggers: tuple[str, ...] = ()  # iegraph:trigger: words that express it in text (zh-Hans)
    color: str = "#848484"


@dataclass(frozen=True)
class ConceptDef:
    """A SKOS concept (industries, actor types, platform types, instruments, training models)."""

    id: str  # local name of its IRI, ASCII
    scheme: str  # concept scheme local name, e.g. "IndustryScheme", "ActorTypeScheme"
    labels: dict[str, str]
    alt_labels: dict[str, tuple[str, ...]]
    broader: str | None = None  # id of the broader concept
