"""``iegraph ontology show | validate | export``: look at, check and write the ontology.

Example:
    $ iegraph ontology show
    $ iegraph ontology validate ontology/iegraph.ttl
    $ iegraph ontology export --format jsonld -o iegraph.jsonld
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table
from rich.tree import Tree

from iegraph.api.commands.common import JsonOpt, console, err_console, handle_errors, print_json

FileArg = Annotated[
    Path | None,
    typer.Argument(
        help="Ontology Turtle file (default: the packaged ontology/iegraph.ttl).",
        show_default=False,
    ),
]
ShapesOpt = Annotated[
    Path | None,
    typer.Option(
        "--shapes",
        help="SHACL shapes file (default: shapes.ttl beside the ontology).",
        show_default=False,
    ),
]

#: ``--format`` of ``ontology export`` → rdflib serializer ("owl" is OWL's RDF/XML exchange form)
EXPORT_FORMATS = {
    "ttl": "turtle",
    "turtle": "turtle",
    "jsonld": "json-ld",
    "json-ld": "json-ld",
    "owl": "xml",
    "xml": "xml",
    "nt": "nt",
}


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    grp = groups["ontology"]
    grp.command("show")(show)
    grp.command("validate")(validate)
    grp.command("export")(export)


@handle_errors
def show(
    file: FileArg = None,
    as_json: JsonOpt = False,
) -> None:
    """Show the class tree with labels, the relation types with domain → range, and the
    concept schemes.

    Example: iegraph ontology show --json | jq '.relations[].name'
    """
    from iegraph.ontology.compiler import compile_ontology
    from iegraph.ontology.schema import load_schema

    schema = compile_ontology(file) if file else load_schema()
    if as_json:
        doc: dict[str, Any] = schema.to_json()
        doc["concepts"] = [
            {"id": c.id, "scheme": c.scheme, "labels": c.labels, "broader": c.broader}
            for c in schema.concepts.values()
        ]
        print_json(doc)
        return

    def label(c: Any) -> str:
        lb = c.labels
        return (
            f"[bold]{c.name}[/]  {lb.get('zh-Hans', '')} / {lb.get('zh-Hant', '')} / "
            f"{lb.get('en', '')}  [dim]key: {c.key_property}[/]"
        )

    tree = Tree(f"[bold]iegraph ontology {schema.version}[/] ({len(schema.classes)} classes)")
    roots = [c for c in schema.classes.values() if c.parent is None]
    order = {name: i for i, name in enumerate(schema.top_level)}
    roots.sort(key=lambda c: (order.get(c.name, len(order)), c.name))

    def add(branch: Tree, name: str) -> None:
        node = branch.add(label(schema.classes[name]))
        for child in sorted(c.name for c in schema.classes.values() if c.parent == name):
            add(node, child)

    for r in roots:
        add(tree, r.name)
    console.print(tree)

    table = Table(title=f"relation types ({len(schema.relations)})")
    for col in ("type", "domain", "range", "labels", "triggers"):
        table.add_column(col)
    for rel in schema.relations.values():
        table.add_row(
            rel.name + (" ↔" if rel.symmetric else ""),
            ", ".join(rel.domain),
            ", ".join(rel.range),
            " / ".join(rel.labels.get(lang, "") for lang in ("zh-Hans", "zh-Hant", "en")),
            " ".join(rel.triggers[:6]) + (" …" if len(rel.triggers) > 6 else ""),
        )
    console.print(table)

    schemes = Table(title="concept schemes")
    schemes.add_column("scheme")
    schemes.add_column("concepts", justify="right")
    schemes.add_column("examples")
    for sid in sorted({c.scheme for c in schema.concepts.values()}):
        cs = schema.concepts_in(sid)
        schemes.add_row(sid, str(len(cs)), ", ".join(c.labels.get("zh-Hans", c.id) for c in cs[:6]))
    console.print(schemes)


@handle_errors
def validate(
    file: FileArg = None,
    shapes: ShapesOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Check the ontology itself: syntax, three labels per class and relation type, domain and
    range of every relation type, no dangling references, shapes naming known terms. Exits 1
    (with a table of problems, their location and fix) when there is an error.

    Example: iegraph ontology validate my-ontology.ttl --shapes my-shapes.ttl
    """
    from iegraph.ontology.schema import ONTOLOGY_FILE
    from iegraph.ontology.validate import validate_ontology

    path = file or ONTOLOGY_FILE
    problems = validate_ontology(path, shapes)
    errors = [p for p in problems if p.severity == "error"]
    if as_json:
        print_json(
            {"file": str(path), "valid": not errors, "problems": [p.to_json() for p in problems]}
        )
        if errors:
            raise typer.Exit(1)
        return
    if problems:
        table = Table(title=f"{len(errors)} error(s), {len(problems) - len(errors)} warning(s)")
        for col in ("severity", "location", "term", "problem", "fix"):
            table.add_column(col, overflow="fold")
        for p in problems:
            style = "red" if p.severity == "error" else "yellow"
            where = f"{p.file}:{p.line}" if p.line else p.file
            table.add_row(f"[{style}]{p.severity}[/]", where, p.term, p.message, p.fix)
        (err_console if errors else console).print(table)
    if errors:
        raise typer.Exit(1)
    from iegraph.ontology.compiler import compile_ontology

    s = compile_ontology(path, shapes)
    console.print(
        f"[green]ok[/] {path}: {len(s.classes)} classes, {len(s.relations)} relation "
        f"types, {len(s.concepts)} concepts (version {s.version})"
    )


@handle_errors
def export(
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="ttl, jsonld, owl (RDF/XML) or nt.")
    ] = "ttl",
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", help="Write to this file (default: stdout).", show_default=False
        ),
    ] = None,
    with_shapes: Annotated[
        bool, typer.Option("--with-shapes", help="Include the SHACL shapes.")
    ] = False,
    file: FileArg = None,
) -> None:
    """Write the ontology (optionally with its SHACL shapes) as Turtle, JSON-LD, OWL (RDF/XML)
    or N-Triples.

    Example: iegraph ontology export --format owl -o iegraph.owl
    """
    from iegraph.ontology.errors import ValidationError
    from iegraph.ontology.rdfutil import IE, PROV, SH, SKOS, parse_turtle
    from iegraph.ontology.schema import ONTOLOGY_FILE

    name = EXPORT_FORMATS.get(fmt.lower())
    if name is None:
        raise ValidationError(
            f"unknown format {fmt!r}", hint=f"use one of {', '.join(sorted(EXPORT_FORMATS))}"
        )
    path = file or ONTOLOGY_FILE
    g = parse_turtle(path)
    if with_shapes:
        shapes = path.parent / "shapes.ttl"
        g += parse_turtle(shapes)
        g.bind("sh", SH)
    g.bind("ie", IE)
    g.bind("skos", SKOS)
    g.bind("prov", PROV)
    if name == "json-ld":
        text = g.serialize(
            format="json-ld", context={"ie": str(IE), "skos": str(SKOS)}, auto_compact=True
        )
    else:
        text = g.serialize(format=name)
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        output.write_text(text, encoding="utf-8")
        err_console.print(f"wrote {len(g)} triples to {output}")
