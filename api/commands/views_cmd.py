"""View and export commands: ``iegraph view ego|path|query|city`` and ``iegraph export``.

Example:
    $ iegraph view ego 深圳职业技术大学 --hops 2 -o v.html
    $ iegraph view path 深圳职业技术大学 华为技术有限公司 --k 3 -o p.html
    $ iegraph view query platforms_of_city --param city=深圳市 -o q.html
    $ iegraph view city 深圳市 -o shenzhen.html
    $ iegraph export --format gexf --center 深圳职业技术大学 --hops 2 -o ego.gexf
    $ iegraph export --format csv -o graph.zip
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from iegraph.api.commands.common import (
    BackendOpt,
    DataDirOpt,
    JsonOpt,
    cli_store,
    console,
    handle_errors,
    parse_params,
    print_json,
)

if TYPE_CHECKING:
    from iegraph.graph.views.model import View

OutOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="file to write (default: <kind>-<name>.html here)"),
]
HopsOpt = Annotated[int, typer.Option("--hops", "-n", min=1, max=3, help="1–3")]
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
ParamOpt = Annotated[
    list[str] | None, typer.Option("--param", "-p", help="k=v (repeatable); JSON values parse")
]
CapOpt = Annotated[
    int,
    typer.Option("--cap", min=1, help="most nodes drawn one by one; above it nodes are grouped"),
]
GroupOpt = Annotated[str, typer.Option("--group-by", help="class_place or community")]


def _split(items: list[str] | None) -> list[str] | None:
    out = [p.strip() for it in items or [] for p in it.split(",") if p.strip()]
    return out or None


def _default_name(kind: str, label: str) -> Path:
    safe = re.sub(r"[^\w\u4e00-\u9fff.-]+", "_", label).strip("_")[:60] or kind
    return Path(f"{kind}-{safe}.html")


def _write(
    view: View, out: Path | None, label: str, cap: int, group_by: str, as_json: bool, started: float
) -> Path:
    from iegraph.graph.views.render import prepare, render_drawing, write_text_atomic

    drawing = prepare(view, cap=cap, group_by=group_by)
    path = write_text_atomic(out or _default_name(view.kind, label), render_drawing(drawing))
    elapsed = time.perf_counter() - started
    info = {
        "path": str(path.resolve()),
        "kind": view.kind,
        "title": view.title,
        "nodes": len(drawing.nodes),
        "relationships": len(drawing.edges),
        "grouped": drawing.grouped,
        "seconds": round(elapsed, 3),
    }
    if as_json:
        print_json(info)
    else:
        extra = " (grouped: over the cap)" if drawing.grouped else ""
        console.print(
            f"wrote [bold]{path}[/] — {info['nodes']:,} nodes, "
            f"{info['relationships']:,} relationships{extra} in {elapsed:.2f} s"
        )
    return path


def _unzip_into(data: bytes, folder: Path) -> Path:
    import io
    import zipfile

    from iegraph.ontology.errors import ConfigError

    if folder.exists() and not folder.is_dir():
        raise ConfigError(
            f"{folder} exists and is not a folder",
            hint="give -o a folder for the CSV files, or a name ending in .zip",
        )
    folder.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        z.extractall(folder)
    return folder


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    view = groups["view"]

    @view.command("ego")
    @handle_errors
    def ego(
        entity: Annotated[str, typer.Argument(help="key or exact name (either script)")],
        hops: HopsOpt = 1,
        types: TypesOpt = None,
        classes: ClassOpt = None,
        as_of: AsOfOpt = None,
        output: OutOpt = None,
        cap: CapOpt = 1500,
        group_by: GroupOpt = "class_place",
        data_dir: DataDirOpt = None,
        backend: BackendOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        """An entity and its neighbourhood.

        Example: iegraph view ego 深圳职业技术大学 --hops 2 -o v.html
        """
        from iegraph.queries.views import ego_view

        t0 = time.perf_counter()
        with cli_store(data_dir, backend) as store:
            v = ego_view(store, entity, hops, _split(classes), _split(types), as_of)
        _write(v, output, entity, cap, group_by, as_json, t0)

    @view.command("path")
    @handle_errors
    def path(
        source: Annotated[str, typer.Argument(help="key or exact name")],
        target: Annotated[str, typer.Argument(help="key or exact name")],
        k: Annotated[int, typer.Option("--k", min=1, max=10, help="how many paths")] = 3,
        max_hops: Annotated[int, typer.Option("--max-hops", min=1, max=6)] = 4,
        mode: Annotated[str, typer.Option("--mode", help="shortest (k best) or all")] = "shortest",
        types: TypesOpt = None,
        classes: ClassOpt = None,
        as_of: AsOfOpt = None,
        output: OutOpt = None,
        data_dir: DataDirOpt = None,
        backend: BackendOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        """The paths between two entities, highlighted.

        Example: iegraph view path 深圳职业技术大学 华为技术有限公司 --k 3 -o p.html
        """
        from iegraph.queries.views import path_view

        t0 = time.perf_counter()
        with cli_store(data_dir, backend) as store:
            v = path_view(
                store,
                source,
                target,
                k=k,
                max_hops=max_hops,
                mode=mode,
                types=_split(types),
                classes=_split(classes),
                as_of=as_of,
            )
        _write(v, output, f"{source}-{target}", 1500, "class_place", as_json, t0)

    @view.command("query")
    @handle_errors
    def query(
        name_or_cypher: Annotated[str, typer.Argument(help="a named query or read-only Cypher")],
        param: ParamOpt = None,
        output: OutOpt = None,
        cap: CapOpt = 1500,
        group_by: GroupOpt = "class_place",
        data_dir: DataDirOpt = None,
        backend: BackendOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        """What a named query or read-only Cypher returns.

        Example: iegraph view query platforms_of_city --param city=深圳市 -o q.html
        """
        from iegraph.queries.views import query_view

        t0 = time.perf_counter()
        with cli_store(data_dir, backend) as store:
            v = query_view(store, name_or_cypher, parse_params(param))
        label = name_or_cypher if re.fullmatch(r"\w+", name_or_cypher) else "cypher"
        _write(v, output, label, cap, group_by, as_json, t0)

    @view.command("city")
    @handle_errors
    def city(
        city_name: Annotated[str, typer.Argument(metavar="CITY", help="key or name of a place")],
        as_of: AsOfOpt = None,
        output: OutOpt = None,
        cap: CapOpt = 1500,
        group_by: GroupOpt = "class_place",
        data_dir: DataDirOpt = None,
        backend: BackendOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        """A city's institutions, enterprises and platforms, and the industries and policies
        around them.

        Example: iegraph view city 深圳市 -o shenzhen.html
        """
        from iegraph.queries.views import city_view

        t0 = time.perf_counter()
        with cli_store(data_dir, backend) as store:
            v = city_view(store, city_name, as_of=as_of)
        _write(v, output, city_name, cap, group_by, as_json, t0)

    @app.command("export")
    @handle_errors
    def export_cmd(
        fmt: Annotated[
            str,
            typer.Option(
                "--format",
                "-f",
                help="graphml, graphml-plain, gexf, json, csv, ttl, jsonld, nt or cypher",
            ),
        ],
        output: Annotated[
            Path | None,
            typer.Option(
                "--output",
                "-o",
                help="file to write; "
                "'-' for stdout; for csv a folder, or a "
                "name ending in .zip (default: "
                "iegraph-<scope>.<ext>)",
            ),
        ] = None,
        center: Annotated[
            str | None,
            typer.Option("--center", help="key or name: export this entity's neighbourhood"),
        ] = None,
        hops: HopsOpt = 1,
        query: Annotated[
            str | None,
            typer.Option("--query", help="named query or read-only Cypher: export its result"),
        ] = None,
        param: ParamOpt = None,
        types: TypesOpt = None,
        classes: ClassOpt = None,
        as_of: AsOfOpt = None,
        data_dir: DataDirOpt = None,
        backend: BackendOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        """Export the whole graph, a neighbourhood or a query result.

        Example: iegraph export --format gexf --center 深圳职业技术大学 --hops 2 -o ego.gexf
        """
        from iegraph.graph.exports import check_format
        from iegraph.graph.views.render import write_text_atomic
        from iegraph.queries.exports import export

        check_format(fmt)
        t0 = time.perf_counter()
        with cli_store(data_dir, backend) as store:
            out = export(
                store,
                fmt,
                center=center,
                hops=hops,
                query=query,
                params=parse_params(param),
                types=_split(types),
                classes=_split(classes),
                as_of=as_of,
            )
        if output is not None and str(output) == "-":
            sys.stdout.buffer.write(out.data)
            sys.stdout.flush()
            return
        target = output or Path(out.filename)
        if out.format == "csv" and target.suffix.lower() != ".zip":
            written = _unzip_into(out.data, target)  # a folder ready for neo4j-admin
        else:
            written = write_text_atomic(target, out.data)
        elapsed = time.perf_counter() - t0
        info: dict[str, Any] = {
            "path": str(written.resolve()),
            "format": out.format,
            "media_type": out.media_type,
            "nodes": out.nodes,
            "relationships": out.relationships,
            "bytes": len(out.data),
            "seconds": round(elapsed, 3),
        }
        if as_json:
            print_json(info)
        else:
            console.print(
                f"wrote [bold]{written}[/] ({out.format}) — {out.nodes:,} nodes, "
                f"{out.relationships:,} relationships in {elapsed:.2f} s"
            )
