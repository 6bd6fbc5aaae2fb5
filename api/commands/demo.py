"""``iegraph demo``: load the project's sample records and documents into the embedded store,
and write a city ecosystem view to look at."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from iegraph.api.commands.analyze_cmd import print_indicators
from iegraph.api.commands.common import BackendOpt, DataDirOpt, cli_store, console, handle_errors

SAMPLES = Path(__file__).resolve().parents[2] / "ingest" / "samples"


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    @app.command("demo")
    @handle_errors
    def demo(
        data_dir: DataDirOpt = None,
        backend: BackendOpt = None,
        out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the demo view.")] = Path(
            "iegraph-demo"
        ),
        city: Annotated[str, typer.Option(help="City of the ecosystem view.")] = "深圳市",
        reset: Annotated[bool, typer.Option(help="Empty the graph first.")] = False,
    ) -> None:
        """Load the sample data (real, source-linked facts and the project's own sample texts)
        and write a city ecosystem view. Safe to run twice: loading is idempotent.

        Example: iegraph demo && iegraph search 职业
        """
        from iegraph.api.commands.reference_cmd import load_skeleton
        from iegraph.ingest.concepts import seed_industries
        from iegraph.ingest.documents.ingest import ingest_documents
        from iegraph.ingest.records.samples import load_samples
        from iegraph.ontology.schema import load_schema
        from iegraph.queries.analytics import city_indicators
        from iegraph.queries.analytics.report import html_page
        from iegraph.queries.views import write_city_view

        t0 = time.perf_counter()
        schema = load_schema()
        with cli_store(data_dir, backend) as store:
            if reset:
                store.clear()
            store.apply_schema(schema)
            seed_industries(store, schema)
            # the skeleton first: the sample records' institutions and places resolve to it
            load_skeleton(store, schema)
            with Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TextColumn("{task.completed}/{task.total}"),
                TimeElapsedColumn(),
                console=console,
                transient=True,
            ) as bar:
                task = bar.add_task("records", total=None)

                def on_records(stage: str, done: int, total: int) -> None:
                    bar.update(task, description=f"records: {stage}", completed=done, total=total)

                rec = load_samples(store, schema, progress=on_records)
                docs_dir = SAMPLES / "docs"
                doc_paths = sorted(p for p in docs_dir.glob("*") if p.is_file())
                dtask = bar.add_task("documents", total=len(doc_paths))

                def on_docs(done: int, total: int, path: object) -> None:
                    bar.update(
                        dtask,
                        completed=done,
                        total=total,
                        description=f"documents: {Path(str(path)).name}",
                    )

                docs = ingest_documents(doc_paths, store, schema, progress=on_docs)
            stats = store.stats()
            out.mkdir(parents=True, exist_ok=True)
            view_path = write_city_view(store, city, out / "city.html", schema)
            indicators = city_indicators(store, city, schema=schema)
            page = out / "indicators.html"
            page.write_text(html_page(indicators=[indicators]), encoding="utf-8")
            backend_name = store.backend
            where = store.location

        t = Table(title=f"iegraph demo — loaded into the {backend_name} store ({where})")
        t.add_column("what")
        t.add_column("count", justify="right")
        t.add_row("record rows rejected", str(len(rec.rejected)))
        t.add_row("documents read", str(len(doc_paths)))
        for label in ("Entity", *schema.top_level, "Source", "StrategyPoint"):
            if label in stats["nodes"]:
                t.add_row(f"nodes: {label}", str(stats["nodes"][label]))
        for rel, n in stats["relationships"].items():
            t.add_row(f"relationships: {rel}", str(n))
        console.print(t)
        failed = [r for r in getattr(docs, "reports", []) if getattr(r, "error", None)]
        for r in failed:
            console.print(f"[yellow]document not loaded:[/] {r.path}: {r.error}")
        print_indicators([indicators])
        console.print(f"done in {time.perf_counter() - t0:.1f} s")
        console.print(f"\n[bold green]Look at:[/] {view_path.resolve()}  (open it in a browser)")
        console.print(f"  and {page.resolve()}  (the city's indicators with their evidence)")
        console.print(
            "Next: [bold]iegraph search 职业[/] · "
            "[bold]iegraph path 深圳职业技术大学 华为技术有限公司[/] · "
            f"[bold]iegraph analyze indicators --city {city} --json[/] · "
            "[bold]iegraph serve[/] then http://127.0.0.1:8000/docs"
        )
