"""``iegraph db start|status|stop|init`` and ``iegraph stats``."""

from __future__ import annotations

from typing import Annotated

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
    settings_for,
)


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    db = groups["db"]

    @db.command("start")
    @handle_errors
    def start(data_dir: DataDirOpt = None) -> None:
        """Start the embedded store of a data directory (no-op if it runs).

        Example: iegraph db start --data-dir ./data
        """
        from iegraph.graph.falkor_server import FalkorServer

        s = settings_for(data_dir)
        srv = FalkorServer(s.store.data_dir)
        sock = srv.ensure_running()
        console.print(f"embedded store running for [bold]{srv.data_dir}[/] (socket {sock})")

    @db.command("status")
    @handle_errors
    def status(
        data_dir: DataDirOpt = None, backend: BackendOpt = None, as_json: JsonOpt = False
    ) -> None:
        """Say whether the store answers, where it is, and what it holds.

        Example: iegraph db status --json
        """
        s = settings_for(data_dir, backend)
        if s.store.backend == "neo4j":
            with cli_store(data_dir, backend) as store:
                info = {
                    "backend": "neo4j",
                    "uri": s.store.neo4j_uri,
                    "database": s.store.neo4j_database,
                    "running": True,
                    "stats": store.stats(),
                }
        else:
            from iegraph.graph.falkor_server import FalkorServer

            info = {"backend": "embedded", **FalkorServer(s.store.data_dir).status()}
        if as_json:
            print_json(info)
            return
        for k, v in info.items():
            console.print(f"[bold]{k}[/]: {v}")
        if info.get("stale_pid_file"):
            console.print("[yellow]a stale pid file was found; `iegraph db start` replaces it[/]")

    @db.command("stop")
    @handle_errors
    def stop(data_dir: DataDirOpt = None) -> None:
        """Stop the embedded store cleanly (the append-only file is flushed).

        Example: iegraph db stop
        """
        from iegraph.graph.falkor_server import FalkorServer

        s = settings_for(data_dir)
        stopped = FalkorServer(s.store.data_dir).stop()
        console.print(
            "stopped" if stopped else f"no embedded store was running for {s.store.data_dir}"
        )

    @db.command("init")
    @handle_errors
    def init(
        data_dir: DataDirOpt = None,
        backend: BackendOpt = None,
        reference: Annotated[
            bool,
            typer.Option(
                "--reference/--no-reference",
                help="Load the reference skeleton (every MoE-listed institution and place).",
            ),
        ] = True,
    ) -> None:
        """Create the constraints and indexes the ontology implies, write the ontology's
        industry taxonomy and load the reference skeleton of institutions and places
        (idempotent).

        Example: iegraph db init --backend neo4j
        """
        from iegraph.api.commands.reference_cmd import describe, load_skeleton
        from iegraph.ingest.concepts import seed_industries
        from iegraph.ontology.schema import load_schema

        schema = load_schema()
        with cli_store(data_dir, backend) as store:
            store.apply_schema(schema)
            objs = store.schema_objects()
            seeded = seed_industries(store, schema)
            ref = load_skeleton(store, schema) if reference else None
        console.print(
            f"schema applied on {store.backend}: {len(objs.get('indexes', []))} "
            f"indexes, {len(objs.get('constraints', []))} constraints; "
            f"industry taxonomy: {sum(seeded.created.values())} created, "
            f"{sum(seeded.unchanged.values())} unchanged"
        )
        if ref is not None:
            console.print(describe(ref))

    @app.command("stats")
    @handle_errors
    def stats(
        data_dir: DataDirOpt = None, backend: BackendOpt = None, as_json: JsonOpt = False
    ) -> None:
        """Counts of nodes by label and relationships by type.

        Example: iegraph stats --json
        """
        with cli_store(data_dir, backend) as store:
            st = store.stats()
        if as_json:
            print_json(st)
            return
        for title, counts in (("nodes", st["nodes"]), ("relationships", st["relationships"])):
            t = Table(title=title)
            t.add_column("label" if title == "nodes" else "type")
            t.add_column("count", justify="right")
            for k, v in counts.items():
                t.add_row(k, str(v))
            console.print(t)
