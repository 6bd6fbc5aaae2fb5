"""``iegraph reference load|status``: the reference skeleton of institutions and places."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from iegraph.api.commands.common import (
    BackendOpt,
    DataDirOpt,
    JsonOpt,
    cli_store,
    console,
    handle_errors,
    print_json,
)


def load_skeleton(store: Any, schema: Any, **kwargs: Any) -> Any:
    """Load the packaged skeleton with a progress bar (shared by db init and demo)."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from iegraph.ingest.reference import load_reference

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("reference", total=None)

        def on(part: str, done: int, total: int) -> None:
            bar.update(task, description=f"reference: {part}", completed=done, total=total)

        return load_reference(store, schema, progress=on, **kwargs)


def describe(res: Any) -> str:
    """One line per part: what a reference load did."""
    lines = []
    for p in res.parts:
        if p.skipped:
            lines.append(f"reference {p.part}: already loaded ({p.source}), nothing to do")
            continue
        s = p.summary
        lines.append(
            f"reference {p.part}: {sum(s.created.values())} created, "
            f"{sum(s.updated.values())} updated, {sum(s.unchanged.values())} unchanged, "
            f"{sum(s.removed.values())} removed; {len(p.renamed)} renamed, "
            f"{len(p.left)} left the list ({p.seconds:.1f} s)"
        )
    return "\n".join(lines)


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    ref = groups["reference"]

    @ref.command("load")
    @handle_errors
    def load(
        only: Annotated[
            str | None,
            typer.Option(
                "--only", help="institutions or places (default: both).", show_default=False
            ),
        ] = None,
        institutions: Annotated[
            Path | None,
            typer.Option(
                "--institutions",
                help="A newer MoE list (CSV in the packaged format); needs --institutions-as-of.",
                show_default=False,
            ),
        ] = None,
        institutions_as_of: Annotated[
            str | None,
            typer.Option(
                "--institutions-as-of",
                help="As-of date of that list (YYYY-MM-DD).",
                show_default=False,
            ),
        ] = None,
        places: Annotated[
            Path | None,
            typer.Option(
                "--places",
                help="A folder with admin_provinces.csv, admin_prefectures.csv, "
                "admin_counties.csv; needs --places-as-of.",
                show_default=False,
            ),
        ] = None,
        places_as_of: Annotated[
            str | None,
            typer.Option("--places-as-of", help="As-of date of those tables.", show_default=False),
        ] = None,
        force: Annotated[
            bool, typer.Option("--force", help="Run the writer even if this content is loaded.")
        ] = False,
        data_dir: DataDirOpt = None,
        backend: BackendOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        """Load the reference skeleton: every place of China (adcode) and every institution
        on the MoE list (moe_code). Idempotent; a newer list records renames and leavers.

        Example: iegraph reference load --only places
        """
        from iegraph.ontology.schema import load_schema

        schema = load_schema()
        with cli_store(data_dir, backend) as store:
            store.apply_schema(schema)
            res = load_skeleton(
                store,
                schema,
                only=only,
                institutions=institutions,
                institutions_as_of=institutions_as_of,
                places_dir=places,
                places_as_of=places_as_of,
                force=force,
            )
        if as_json:
            print_json(res.to_json())
            return
        console.print(describe(res))
        for p in res.parts:
            for code, old, new in p.renamed[:20]:
                console.print(f"  renamed {code}: {old} → {new}")
            if p.left:
                console.print(f"  left the list: {', '.join(p.left[:20])}")

    @ref.command("status")
    @handle_errors
    def status(
        data_dir: DataDirOpt = None,
        backend: BackendOpt = None,
        as_json: JsonOpt = False,
        limit: Annotated[int, typer.Option(help="Unmatched nodes to list.")] = 50,
    ) -> None:
        """What the graph holds of the skeleton, and every institution or place node that is
        not tied to it, with the reason (not listed, ambiguous name, duplicate).

        Example: iegraph reference status --json
        """
        from iegraph.ingest.reference import reference_status
        from iegraph.ontology.schema import load_schema

        with cli_store(data_dir, backend) as store:
            st = reference_status(store, load_schema())
        if as_json:
            print_json(st)
            return
        if not st["sources"]:
            console.print("[yellow]no reference source in the graph[/]: iegraph reference load")
        for s in st["sources"]:
            console.print(f"[bold]{s['title']}[/] {s['key']} (ingested {s['ingested_at']})")
        c = st["counts"]
        console.print(
            f"institutions with moe_code: {c['institutions_with_code']}; provinces: "
            f"{c['provinces']}; prefecture-level: {c['prefectures']}; county-level: "
            f"{c['county_level']}; left the list: {c['left_the_list']}"
        )
        t = Table(
            title=f"institution / place nodes not tied to the skeleton ({len(st['unmatched'])})"
        )
        for col in ("name", "class", "reason", "detail"):
            t.add_column(col)
        for u in st["unmatched"][:limit]:
            t.add_row(u["name"], u["class"], u["reason"], u["detail"])
        console.print(t)
