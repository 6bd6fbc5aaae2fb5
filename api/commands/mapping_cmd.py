"""``iegraph mapping schema | check``: the records mapping format (docs/mapping.md).

Example:
    $ iegraph mapping schema > mapping.schema.json
    $ iegraph mapping check ingest/samples/mappings/pilot_cities.yaml
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from iegraph.api.commands.common import console, handle_errors


@handle_errors
def schema() -> None:
    """Print the JSON Schema of mapping files (unknown keys are refused).

    Point an editor at it to check mappings while writing them, e.g. with the YAML language
    server: put ``# yaml-language-server: $schema=mapping.schema.json`` on the first line.

    Example: iegraph mapping schema > mapping.schema.json
    """
    from iegraph.ingest.records.mapping_model import json_schema

    sys.stdout.write(json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n")


@handle_errors
def check(
    mapping: Annotated[Path, typer.Argument(help="The mapping file (YAML).")],
) -> None:
    """Check a mapping file against the format and the ontology (the table is not read).

    Example: iegraph mapping check map.yaml
    """
    from iegraph.ingest.records.mapping import parse_mapping
    from iegraph.ontology.schema import load_schema

    m = parse_mapping(mapping, load_schema())
    console.print(f"{mapping}: {len(m.entities)} entities, {len(m.relations)} relations — ok")


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    grp = groups["mapping"]
    grp.command("schema")(schema)
    grp.command("check")(check)
