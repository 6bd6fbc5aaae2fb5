"""Reading the ontology's Turtle files with rdflib: namespaces, parsing with located errors,
and small accessors shared by the compiler and the validator.

Example:
    >>> from iegraph.ontology.rdfutil import parse_turtle
    >>> g = parse_turtle(Path("ontology/iegraph.ttl"))
    >>> len(g) > 1000
    True
"""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from iegraph.ontology.errors import OntologyError

IE = Namespace("https://iegraph.dev/ontology#")
SH = Namespace("http://www.w3.org/ns/shacl#")
PROV = Namespace("http://www.w3.org/ns/prov#")

__all__ = [
    "IE",
    "OWL",
    "PROV",
    "RDF",
    "RDFS",
    "SH",
    "SKOS",
    "XSD",
    "TurtleSyntaxError",
    "class_list",
    "is_ie",
    "line_of",
    "local",
    "parse_turtle",
]


class TurtleSyntaxError(OntologyError):
    """A Turtle file does not parse; ``details`` carry ``file`` and ``line``."""


def parse_turtle(path: Path) -> Graph:
    """Parse one Turtle file, translating rdflib's errors into an :class:`OntologyError`
    that names the file, the line and the fix.

    Args:
        path: the ``.ttl`` file.

    Raises:
        TurtleSyntaxError: the file has a syntax error (``details["line"]`` is 1-based).
        OntologyError: the file cannot be read.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as e:
        raise OntologyError(
            f"ontology file {path} does not exist",
            hint="pass the path of an existing .ttl file",
            file=str(path),
        ) from e
    except (OSError, UnicodeDecodeError) as e:
        raise OntologyError(
            f"cannot read ontology file {path}: {e}",
            hint="save the file as UTF-8 text",
            file=str(path),
        ) from e
    g = Graph()
    try:
        g.parse(data=text, format="turtle", publicID=path.resolve().as_uri())
    except SyntaxError as e:  # rdflib's BadSyntax subclasses SyntaxError
        line = bad_syntax_line(e)
        why = getattr(e, "_why", None) or str(e).splitlines()[-1]
        where = f"{path}:{line}" if line else str(path)
        raise TurtleSyntaxError(
            f"{where}: Turtle syntax error: {why}",
            hint="fix the statement on that line (a missing ' .' or ' ;', an unclosed quote "
            "or bracket, or an undeclared prefix are the usual causes)",
            file=str(path),
            line=line,
            reason=why,
        ) from e
    except Exception as e:
        line = _line_from_message(str(e))
        where = f"{path}:{line}" if line else str(path)
        raise TurtleSyntaxError(
            f"{where}: cannot parse Turtle: {e}",
            hint="check the file is Turtle (prefixes declared, statements end with ' .')",
            file=str(path),
            line=line,
            reason=str(e),
        ) from e
    return g


def bad_syntax_line(e: Exception) -> int | None:
    """1-based line of an rdflib ``BadSyntax``. Its ``lines`` counter lags behind the error
    position, so count the newlines before the character offset ``_i`` instead (``_str`` is
    the whole input, UTF-8 encoded; ``_i`` indexes the decoded text)."""
    raw, pos = getattr(e, "_str", None), getattr(e, "_i", None)
    if isinstance(raw, bytes) and isinstance(pos, int):
        text = raw.decode("utf-8", errors="replace")
        if 0 <= pos <= len(text):
            return text.count("\n", 0, pos) + 1
    lines = getattr(e, "lines", None)
    return int(lines) + 1 if isinstance(lines, int) else _line_from_message(str(e))


def _line_from_message(msg: str) -> int | None:
    m = re.search(r"line (\d+)", msg)
    return int(m.group(1)) if m else None


def local(term: object) -> str:
    """Local name of an IRI in the iegraph namespace (else the full IRI)."""
    s = str(term)
    return s.removeprefix(str(IE))


def is_ie(term: object) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(str(IE))


def class_list(g: Graph, expr: object) -> list[object]:
    """Members of a class expression: an IRI, or a blank node with ``owl:unionOf ( … )``."""
    if isinstance(expr, BNode):
        union = g.value(expr, OWL.unionOf)
        if union is None:
            return [expr]
        return list(Collection(g, union))
    return [expr]


def shacl_list(g: Graph, node: object) -> list[object]:
    """Items of an RDF list (``sh:in``, ``sh:or``)."""
    return list(Collection(g, node))  # type: ignore[arg-type]


def lang_values(g: Graph, subject: object, predicate: URIRef) -> dict[str, list[str]]:
    """Literal values of ``predicate`` grouped by language tag (untagged under "")."""
    out: dict[str, list[str]] = {}
    for o in g.objects(subject, predicate):  # type: ignore[arg-type]
        if isinstance(o, Literal):
            out.setdefault(o.language or "", []).append(str(o))
    for v in out.values():
        v.sort()
    return out


def line_of(text: str, term_local: str) -> int | None:
    """1-based line where ``ie:<term>`` is first defined (a line starting with it), else where
    it first occurs; None if absent. rdflib keeps no positions, so problems are located by
    searching the text."""
    pat_def = re.compile(rf"^[ \t]*ie:{re.escape(term_local)}(?![\w-])", re.MULTILINE)
    m = pat_def.search(text)
    if m is None:
        m = re.search(rf"ie:{re.escape(term_local)}(?![\w-])", text)
    if m is None:
        return None
    return text.count("\n", 0, m.start()) + 1
