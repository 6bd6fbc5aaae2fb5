"""``iegraph ingest records`` and ``iegraph sources list|remove``."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Any

import typer

from iegraph.api.commands.common import (
    BackendOpt,
    DataDirOpt,
    JsonOpt,
    cli_store,
    console,
    err_console,
    fail,
    handle_errors,
    print_json,
)

FilesOpt = Annotated[list[Path] | None, typer.Option(show_default=False)]


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    ingest = groups["ingest"]
    sources = groups["sources"]

    @ingest.command("records")
    @handle_errors
    def records(
        tables: Annotated[
            list[Path] | None,
            typer.Argument(
                help="Tables (CSV, TSV, JSON, JSONL, XLSX) read through --mapping.",
                show_default=False,
            ),
        ] = None,
        mapping: Annotated[
            Path | None,
            typer.Option(
                "--mapping",
                "-m",
                help="YAML mapping for the tables (docs/mapping.md); alone, "
                "it loads the table its `table:` names.",
                show_default=False,
            ),
        ] = None,
        entities: Annotated[
            list[Path] | None,
            typer.Option(
                "--entities",
                "-e",
                help="Canonical entity file(s): name, type, …",
                show_default=False,
            ),
        ] = None,
        relations: Annotated[
            list[Path] | None,
            typer.Option(
                "--relations",
                "-r",
                help="Canonical relation file(s): source, type, target, …",
                show_default=False,
            ),
        ] = None,
        skip_invalid: Annotated[
            bool, typer.Option("--skip-invalid", help="Write the valid rows and report the rest.")
        ] = False,
        report: Annotated[
            Path | None,
            typer.Option(
                "--report",
                help="Write the validation report and summary as JSON.",
                show_default=False,
            ),
        ] = None,
        encoding: Annotated[
            str | None,
            typer.Option(
                "--encoding",
                help="Text encoding of the files when detection cannot be sure (e.g. latin-1).",
                show_default=False,
            ),
        ] = None,
        data_dir: DataDirOpt = None,
        backend: BackendOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        """Load records: canonical entity/relation files and mapped tables.

        Everything is validated against the ontology before the first write; one invalid row
        means nothing is written (exit code 2, the report lists file/row/field/fix) unless
        --skip-invalid is given.

        Example: iegraph ingest records colleges.xlsx --mapping colleges.yaml --report r.json

        Example: iegraph ingest records --entities orgs.csv --relations links.csv
        """
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        from iegraph.ingest.records.load import load_records
        from iegraph.ingest.records.report import print_summary, problems_table, write_report
        from iegraph.ontology.errors import ValidationError
        from iegraph.ontology.schema import load_schema

        if tables and mapping is None:
            fail(
                "tables need a mapping",
                "add --mapping MAP.yaml, or load canonical files with --entities/--relations",
            )
        if not tables and mapping is None and not entities and not relations:
            fail(
                "nothing to load",
                "give TABLE --mapping MAP.yaml, --entities FILE or --relations FILE",
            )
        schema = load_schema()
        given: list[Path | None] = [*tables] if tables else [None]
        table_args = [(t, mapping) for t in given] if mapping is not None else []
        with cli_store(data_dir, backend) as store:
            store.apply_schema(schema)
            with Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TextColumn("{task.completed}/{task.total}"),
                TimeElapsedColumn(),
                console=err_console,
                transient=True,
                disable=as_json,
                # redrawn from this thread only: a refresh thread would keep the first load
                # from forking its relation worker (it forks only a process with no other thread)
                auto_refresh=False,
            ) as bar:
                task = bar.add_task("writing", total=None)
                drawn = [0.0]

                def progress(label: str, done: int, total: int) -> None:
                    bar.update(task, description=label, completed=done, total=total or None)
                    now = time.monotonic()
                    if now - drawn[0] >= 0.1:
                        drawn[0] = now
                        bar.refresh()

                try:
                    # unchanged files are skipped by content hash before parsing; the rest
                    # are parsed, validated together, then written under the write lock
                    result = load_records(
                        store,
                        schema,
                        tables=table_args,
                        entities=entities or [],
                        relations=relations or [],
                        skip_invalid=skip_invalid,
                        progress=progress,
                        encoding=encoding,
                    )
                except ValidationError as exc:
                    problems: list[dict[str, Any]] = exc.details.get("problems", [])
                    bar.stop()
                    err_console.print(problems_table(problems))
                    if report is not None:
                        write_report(report, problems=problems, ok=False)
                        err_console.print(f"report written to {report}")
                    raise
            # contradictions the load brought in (kept in the graph with their sources)
            from iegraph.queries.conflicts import find_conflicts

            conflicts = [
                c.to_json()
                for c in find_conflicts(store, schema, sources=[f["source"] for f in result.files])
            ]
        if report is not None:
            write_report(report, summary=result.summary, files=result.files, conflicts=conflicts)
        if as_json:
            print_json({**result.to_json(), "conflicts": conflicts})
            return
        print_summary(result.summary, console)
        if result.path == "fast":
            console.print("path: the lean first load (canonical files into an empty graph)")
        if conflicts:
            err_console.print(
                f"[yellow]warning:[/] {len(conflicts)} conflicting fact(s) (kept with their "
                "sources; list them with `iegraph review conflicts`):"
            )
            for c in conflicts[:10]:
                vals = "; ".join(
                    f"{v['value']} ({', '.join(v['source_names'] or v['sources'])}"
                    + (f" {', '.join(v['locators'][:3])}" if v["locators"] else "")
                    + ")"
                    for v in c["values"]
                )
                err_console.print(f"  {c['name']} {c['field']}: {vals}")
        if report is not None:
            console.print(f"report written to {report}")

    @sources.command("list")
    @handle_errors
    def list_sources(
        data_dir: DataDirOpt = None, backend: BackendOpt = None, as_json: JsonOpt = False
    ) -> None:
        """List the ingested sources (records files and documents).

        Example: iegraph sources list --json
        """
        from rich.table import Table

        from iegraph.ingest.writer import GraphWriter
        from iegraph.ontology.schema import load_schema

        with cli_store(data_dir, backend) as store:
            rows = GraphWriter(store, load_schema()).list_sources()
        if as_json:
            print_json(rows)
            return
        t = Table(title=f"{len(rows)} source(s)")
        for col in ("key", "kind", "path", "mapping", "entities", "relations", "ingested_at"):
            t.add_column(col, overflow="fold")
        for r in rows:
            t.add_row(
                str(r["key"]),
                str(r.get("kind") or ""),
                str(r.get("path") or ""),
                Path(str(r.get("mapping") or "")).name,
                str(r.get("entity_count") or 0),
                str(r.get("relation_count") or 0),
                str(r.get("ingested_at") or ""),
            )
        console.print(t)

    @sources.command("remove")
    @handle_errors
    def remove_source(
        source: Annotated[str, typer.Argument(help="Source key, path, or content-hash prefix.")],
        data_dir: DataDirOpt = None,
        backend: BackendOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        """Remove what only that source asserted, and strip it from everything else.

        Example: iegraph sources remove source:3f2a9c0d1e2b4a5c
        """
        from iegraph.ingest.records.report import summary_table
        from iegraph.ingest.writer import GraphWriter
        from iegraph.ontology.errors import NotFound
        from iegraph.ontology.schema import load_schema

        with cli_store(data_dir, backend) as store:
            w = GraphWriter(store, load_schema())
            key = _find_source(w.list_sources(), source)
            if key is None:
                raise NotFound(
                    f"no source matches {source!r}", hint="see the keys with: iegraph sources list"
                )
            summary = w.remove_source(key)
        if as_json:
            print_json(summary.to_json())
            return
        console.print(summary_table(summary))


def _find_source(rows: list[dict[str, Any]], ref: str) -> str | None:
    """A source by key, by path (as given or resolved), or by a unique hash/key prefix."""
    from iegraph.ontology.errors import ValidationError

    for r in rows:
        if ref == r["key"]:
            return str(r["key"])
    resolved = str(Path(ref).expanduser().resolve())
    by_path = [r for r in rows if r.get("path") in (ref, resolved)]
    if not by_path:  # a bare file name, when only one source has it
        by_path = [r for r in rows if Path(str(r.get("path") or "")).name == ref]
    if len(by_path) == 1:
        return str(by_path[0]["key"])
    if len(by_path) > 1:
        raise ValidationError(
            f"{len(by_path)} sources have the path {ref!r}",
            hint="give the source key (iegraph sources list)",
        )
    pref = ref.removeprefix("source:")
    hits = [
        r
        for r in rows
        if len(pref) >= 4
        and (
            str(r.get("content_hash") or "").startswith(pref)
            or str(r["key"]).removeprefix("source:").startswith(pref)
        )
    ]
    if len(hits) > 1:
        raise ValidationError(
            f"{len(hits)} sources start with {ref!r}", hint="give more characters of the key"
        )
    return str(hits[0]["key"]) if hits else None
