"""``iegraph review conflicts``: contradictory facts about one entity, with their sources."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from iegraph.api.commands.common import (
    BackendOpt,
    DataDirOpt,
    JsonOpt,
    cli_store,
    console,
    handle_errors,
    print_json,
)


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    review = groups["review"]

    @review.command("conflicts")
    @handle_errors
    def conflicts_cmd(
        limit: Annotated[int, typer.Option("--limit", min=1, help="most conflicts listed")] = 200,
        data_dir: DataDirOpt = None,
        backend: BackendOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        """List contradictory facts: a single-valued property (founded …) with different
        values from different sources, or an entity in places that do not contain one
        another. Every value is listed with the sources (and rows) that gave it.

        Example: iegraph review conflicts --json
        """
        from iegraph.ontology.schema import load_schema
        from iegraph.queries.conflicts import find_conflicts

        with cli_store(data_dir, backend) as store:
            found = find_conflicts(store, load_schema(), limit=limit)
        if as_json:
            print_json({"conflicts": [c.to_json() for c in found], "total": len(found)})
            return
        print_conflicts(found)


def print_conflicts(found: list[Any]) -> None:
    from rich.table import Table

    if not found:
        console.print("no conflicting facts")
        return
    t = Table(title=f"{len(found)} conflicting fact(s)")
    for col in ("entity", "field", "value", "sources (rows)"):
        t.add_column(col)
    for c in found:
        for i, v in enumerate(c.values):
            where = ", ".join(v.names or v.sources)
            if v.locators:
                where += f" ({', '.join(v.locators[:5])})"
            t.add_row(c.name if i == 0 else "", c.field if i == 0 else "", str(v.value), where)
    console.print(t)
