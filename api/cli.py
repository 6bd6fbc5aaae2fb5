"""The ``iegraph`` command line (Typer). Commands live in ``api/commands/*``; each module
registers its own commands so that the parts stay small and independent.

Example:
    $ iegraph demo
    $ iegraph stats --json
    $ iegraph path 深圳职业技术大学 华为技术有限公司
"""

from __future__ import annotations

import typer

from iegraph.api.commands import (
    analyze_cmd,
    db,
    demo,
    docs_cmd,
    mapping_cmd,
    ontology_cmd,
    query_cmd,
    records_cmd,
    reference_cmd,
    review_cmd,
    views_cmd,
)

app = typer.Typer(
    name="iegraph",
    help="iegraph — a knowledge graph of China's 产教融合 (industry–education integration) "
    "ecosystem.\n\nExample: iegraph demo && iegraph search 职业",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

groups: dict[str, typer.Typer] = {
    "db": typer.Typer(
        help="Start, stop and initialise the store.\n\nExample: iegraph db status",
        no_args_is_help=True,
    ),
    "ingest": typer.Typer(
        help="Load records and documents.\n\n"
        "Example: iegraph ingest records table.csv --mapping map.yaml",
        no_args_is_help=True,
    ),
    "sources": typer.Typer(
        help="List and remove ingested sources.\n\nExample: iegraph sources list",
        no_args_is_help=True,
    ),
    "mapping": typer.Typer(
        help="The records mapping format: its JSON Schema, and a check of a mapping file.\n\n"
        "Example: iegraph mapping schema > mapping.schema.json",
        no_args_is_help=True,
    ),
    "reference": typer.Typer(
        help="The reference skeleton: every MoE-listed institution and every place of China.\n\n"
        "Example: iegraph reference load && iegraph reference status",
        no_args_is_help=True,
    ),
    "ontology": typer.Typer(
        help="Show, validate and export the ontology.\n\nExample: iegraph ontology validate",
        no_args_is_help=True,
    ),
    "review": typer.Typer(
        help="Review a document's reading (docs) or the graph's contradictory facts "
        "(conflicts).\n\nExample: iegraph review docs notice.txt · iegraph review conflicts",
        no_args_is_help=True,
    ),
    "view": typer.Typer(
        help="Write network pictures (self-contained HTML).\n\n"
        "Example: iegraph view ego 深圳职业技术大学 --hops 2 -o v.html",
        no_args_is_help=True,
    ),
}
for _name, _grp in groups.items():
    app.add_typer(_grp, name=_name)

# every module that contributes commands registers them here (plain imports: a broken module
# fails loudly, it never turns into a missing command)
for _module in (
    db,
    ontology_cmd,
    records_cmd,
    reference_cmd,
    docs_cmd,
    mapping_cmd,
    query_cmd,
    views_cmd,
    analyze_cmd,
    review_cmd,
    demo,
):
    _module.register(app, groups)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
