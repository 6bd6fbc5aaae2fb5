"""Query commands: ``search``, ``neighbors``, ``path``, ``query``, ``cypher`` and ``serve``.

Example:
    $ iegraph search 職業 --class Institution
    $ iegraph neighbors 深圳职业技术大学 --hops 2 --as-of 2024 --json
    $ iegraph path 深圳职业技术大学 华为技术有限公司 --k 3
    $ iegraph query partners_of --param key=华为技术有限公司
    $ iegraph cypher "MATCH (n:Entity) RETURN n.name LIMIT 5"
    $ iegraph serve --port 8000
"""

from __future__ import annotations

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
    parse_params,
    print_json,
    settings_for,
)
from iegraph.ontology.values import parse_date

ParamOpt = Annotated[
    list[str] | None, typer.Option("--param", "-p", help="k=v (repeatable); JSON values parse")
]
TypesOpt = Annotated[
    list[str] | None, typer.Option("--types", "-t", help="relation types (repeat or A,B)")
]
ClassOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--class", "-c", help="class names or labels (subclasses included; repeat or A,B)"
    ),
]
AsOfOpt = Annotated[
    str | None, typer.Option("--as-of", help="ISO date: 2023, 2023-09 or 2023-09-04")
]


def _split(items: list[str] | None) -> list[str]:
    return [p.strip() for it in items or [] for p in it.split(",") if p.strip()]


def _schema() -> Any:
    from iegraph.ontology.schema import load_schema

    return load_schema()


def _types(items: list[str] | None) -> list[str] | None:
    from iegraph.queries.named import ParamSpec, coerce

    vals = _split(items)
    return list(coerce(ParamSpec("types", "list[relation]"), vals, _schema())) if vals else None


def _classes(items: list[str] | None) -> list[str] | None:
    from iegraph.queries.search import expand_classes

    return expand_classes(_schema(), _split(items))


def _as_of(value: str | None) -> str | None:
    return parse_date(value, what="--as-of") if value else None


def _cell(v: Any) -> str:
    from iegraph.api.routers.models import to_jsonable

    v = to_jsonable(v)
    if isinstance(v, dict) and "key" in v:
        return str(v.get("properties", {}).get("name", v["key"]))
    if isinstance(v, list | dict):
        import json

        return json.dumps(v, ensure_ascii=False)[:80]
    return "" if v is None else str(v)


def _table(columns: list[str], rows: list[list[Any]], title: str = "") -> None:
    t = Table(title=title or None)
    for c in columns:
        t.add_column(c)
    for r in rows:
        t.add_row(*[_cell(v) for v in r])
    console.print(t)


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    """Add the query commands to the top-level ``iegraph`` app."""

    @app.command("search")
    @handle_errors
    def search_cmd(
        q: Annotated[
            str, typer.Argument(help="a name, alias or former name (or part), either script")
        ],
        classes: ClassOpt = None,
        place: Annotated[str | None, typer.Option("--place", help="key or name of a place")] = None,
        limit: Annotated[int, typer.Option("--limit", min=1, max=200)] = 20,
        offset: Annotated[int, typer.Option("--offset", min=0)] = 0,
        data_dir: DataDirOpt = None,
        backend: BackendOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        """Find entities by name (exact > prefix > substring > alias).

        Example: iegraph search 職業 --class Institution --limit 5
        """
        from iegraph.queries.search import search_entities

        with cli_store(data_dir, backend) as store:
            out = search_entities(
                store,
                q,
                classes=_classes(classes),
                place=place,
                limit=limit,
                offset=offset,
                schema=_schema(),
            )
        if as_json:
            print_json(out)
            return
        _table(
            ["key", "name", "class", "rank"],
            [[i["key"], i["name"], i["class"], i["rank"]] for i in out["items"]],
            f"{out['total']}{'+' if out.get('capped') else ''} match(es) for {q!r}",
        )

    @app.command("neighbors")
    @handle_errors
    def neighbors_cmd(
        entity: Annotated[str, typer.Argument(help="key or exact name")],
        hops: Annotated[int, typer.Option("--hops", min=1, max=3)] = 1,
        types: TypesOpt = None,
        classes: ClassOpt = None,
        as_of: AsOfOpt = None,
        limit: Annotated[int, typer.Option("--limit", min=1, max=1000)] = 100,
        offset: Annotated[int, typer.Option("--offset", min=0)] = 0,
        data_dir: DataDirOpt = None,
        backend: BackendOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        """Entities within 1–3 hops, with the relationships among them and their evidence.

        Example: iegraph neighbors 深圳职业技术大学 --hops 2 --types LEADS,MEMBER_OF
        """
        from iegraph.queries.neighbours import neighbourhood

        with cli_store(data_dir, backend) as store:
            out = neighbourhood(
                store,
                entity,
                hops=hops,
                types=_types(types),
                classes=_classes(classes),
                as_of=_as_of(as_of),
                limit=limit,
                offset=offset,
            )
        if as_json:
            print_json(out)
            return
        c = out["center"]
        _table(
            ["distance", "key", "name", "class"],
            [
                [n["distance"], n["key"], n["properties"].get("name"), n["properties"].get("class")]
                for n in out["nodes"]
            ],
            f"{out['total']} neighbour(s) of {c['properties'].get('name', c['key'])}",
        )
        _table(
            ["start", "type", "end", "evidence"],
            [
                [
                    r["start"],
                    r["type"],
                    r["end"],
                    "; ".join(str(e.get("locator", "")) for e in r["evidence"]),
                ]
                for r in out["relationships"]
            ],
            "relationships",
        )

    @app.command("path")
    @handle_errors
    def path_cmd(
        source: Annotated[str, typer.Argument(help="key or exact name")],
        target: Annotated[str, typer.Argument(help="key or exact name")],
        max_hops: Annotated[int, typer.Option("--max-hops", min=1, max=6)] = 6,
        k: Annotated[int, typer.Option("--k", min=1, max=10, help="how many paths")] = 1,
        all_shortest: Annotated[bool, typer.Option("--all", help="every shortest path")] = False,
        types: TypesOpt = None,
        classes: ClassOpt = None,
        as_of: AsOfOpt = None,
        data_dir: DataDirOpt = None,
        backend: BackendOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        """Relation paths between two entities (undirected, ≤ 6 hops), with evidence.

        Example: iegraph path 深圳职业技术大学 华为技术有限公司 --k 3 --as-of 2024
        """
        from iegraph.queries.paths import find_paths

        with cli_store(data_dir, backend) as store:
            out = find_paths(
                store,
                source,
                target,
                k=k,
                mode="all" if all_shortest else "shortest",
                max_hops=max_hops,
                types=_types(types),
                classes=_classes(classes),
                as_of=_as_of(as_of),
            )
        if as_json:
            print_json(out)
            return
        if not out["paths"]:
            console.print(f"no path of at most {max_hops} hops")
            raise typer.Exit(1)
        for i, p in enumerate(out["paths"], 1):
            names = {n["key"]: n["properties"].get("name", n["key"]) for n in p["nodes"]}
            console.print(f"[bold]path {i}[/] ({p['length']} hops)")
            keys = [n["key"] for n in p["nodes"]]
            console.print(f"  {names[keys[0]]}")
            for here, r in zip(keys, p["relationships"], strict=False):
                ev = r["evidence"][0] if r["evidence"] else {}
                nxt = r["end"] if r["start"] == here else r["start"]
                arrow = f"-[{r['type']}]->" if r["start"] == here else f"<-[{r['type']}]-"
                console.print(
                    f"    {arrow} {names.get(nxt, nxt)}  [dim]{ev.get('locator', '')}"
                    f" {str(ev.get('text', ''))[:60]}[/]"
                )

    @app.command("query")
    @handle_errors
    def query_cmd(
        name: Annotated[str | None, typer.Argument(help="named query")] = None,
        params: ParamOpt = None,
        list_: Annotated[bool, typer.Option("--list", help="list the named queries")] = False,
        timeout: Annotated[float | None, typer.Option("--timeout", min=0.1)] = None,
        data_dir: DataDirOpt = None,
        backend: BackendOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        """Run a named query (parameters checked against its header), or list them.

        Example: iegraph query partners_of --param key=华为技术有限公司
        """
        from iegraph.queries.named import load_named_queries, run_named

        if list_ or not name:
            qs = sorted(load_named_queries().values(), key=lambda q: q.name)
            if as_json:
                print_json([q.to_json() for q in qs])
                return
            _table(
                ["name", "parameters", "description"],
                [
                    [
                        q.name,
                        ", ".join(
                            f"{p.name}:{p.type}" + ("*" if p.required else "")
                            for p in q.params.values()
                        ),
                        q.description[:70],
                    ]
                    for q in qs
                ],
                "named queries (* required)",
            )
            return
        s = settings_for(data_dir, backend, query_timeout=timeout)
        with cli_store(data_dir, backend, query_timeout=timeout) as store:
            res = run_named(
                store,
                name,
                parse_params(params),
                schema=_schema(),
                timeout=timeout or s.query.query_timeout,
            )
        if as_json:
            from iegraph.api.routers.models import to_jsonable

            print_json(
                {"columns": res.columns, "rows": to_jsonable(res.rows), "truncated": res.truncated}
            )
            return
        _table(res.columns, res.rows, f"{name}: {len(res.rows)} row(s)")

    @app.command("cypher")
    @handle_errors
    def cypher_cmd(
        query: Annotated[str, typer.Argument(help="read-only Cypher")],
        params: ParamOpt = None,
        timeout: Annotated[float | None, typer.Option("--timeout", min=0.1, help="seconds")] = None,
        row_cap: Annotated[int | None, typer.Option("--row-cap", min=1)] = None,
        data_dir: DataDirOpt = None,
        backend: BackendOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        """Run read-only Cypher (writes refused before running and by the engine).

        Example: iegraph cypher "MATCH (n:Entity) WHERE n.name CONTAINS $q RETURN n.name"
        --param q=职业
        """
        from iegraph.queries.guard import check_read_only, guarded_read

        check_read_only(query)  # refuse before even opening the store
        s = settings_for(data_dir, backend, query_timeout=timeout, row_cap=row_cap)
        with cli_store(data_dir, backend, query_timeout=timeout, row_cap=row_cap) as store:
            res = guarded_read(
                store,
                query,
                parse_params(params),
                timeout=timeout or s.query.query_timeout,
                row_cap=row_cap or s.query.row_cap,
            )
        if as_json:
            from iegraph.api.routers.models import to_jsonable

            print_json(
                {"columns": res.columns, "rows": to_jsonable(res.rows), "truncated": res.truncated}
            )
            return
        _table(
            res.columns,
            res.rows,
            f"{len(res.rows)} row(s)" + (" [yellow](truncated)[/]" if res.truncated else ""),
        )

    @app.command("serve")
    @handle_errors
    def serve_cmd(
        host: Annotated[str, typer.Option("--host")] = "127.0.0.1",
        port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 8000,
        workers: Annotated[
            int,
            typer.Option(
                "--workers",
                min=0,
                max=64,
                help="uvicorn worker processes; 0 (default): one per CPU core",
            ),
        ] = 0,
        data_dir: DataDirOpt = None,
        backend: BackendOpt = None,
        open_browser: Annotated[
            bool, typer.Option("--open", help="open the explorer (/) in a browser")
        ] = False,
    ) -> None:
        """Serve the explorer at / and the HTTP API under /api/v1 (OpenAPI at /docs).

        Example: iegraph serve --port 8000 --open && curl 127.0.0.1:8000/api/v1/health
        """
        import os

        from iegraph.api.main import serve

        # one process per core: a request holds its worker's interpreter while it converts
        # results, so a single worker caps throughput at one core (the store's own threads
        # serve every worker; ingestion jobs serialise on the graph's write lock, and their
        # records are shared between workers through the data directory)
        workers = workers or max(1, os.cpu_count() or 1)
        if open_browser:
            from iegraph.api.commands.common import open_when_listening

            open_when_listening(host, port)
        settings = settings_for(data_dir, backend).with_overrides(workers=workers)
        serve(settings, host=host, port=port)
