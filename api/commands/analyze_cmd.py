"""``iegraph analyze …``: brokers, communities, gaps, city indicators, policy diffusion.

Every command prints a table for people, ``--json`` for programs and ``--format csv`` for
spreadsheets (``-o FILE`` writes to a file); ``indicators`` and ``gaps`` also write a page
(``--html FILE``). Every number comes with the relationships and sources it counts (in the
JSON; the tables show the counts).
"""

from __future__ import annotations

import csv
import io
import json
import sys
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
    fail,
    handle_errors,
)
from iegraph.queries import analytics
from iegraph.queries.analytics.report import csv_rows, html_page

FormatOpt = Annotated[
    str, typer.Option("--format", help="table (default), json or csv.", show_default=False)
]
OutOpt = Annotated[Path | None, typer.Option("-o", "--output", help="Write to this file.")]
CityOpt = Annotated[str | None, typer.Option("--city", help="Key or name of a city (scope).")]
IndustryOpt = Annotated[
    str | None, typer.Option("--industry", help="Key or name of an industry (scope).")
]
AsOfOpt = Annotated[
    str | None, typer.Option("--as-of", help="Only facts valid on this date (YYYY[-MM[-DD]]).")
]


def _emit(kind: str, out: dict[str, Any], fmt: str, output: Path | None) -> bool:
    """JSON or CSV output; True when done (the caller prints a table otherwise)."""
    if fmt == "json":
        text = json.dumps(out, ensure_ascii=False, indent=2, default=str) + "\n"
    elif fmt == "csv":
        header, rows = csv_rows(kind, out)
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(header)
        w.writerows(rows)
        text = buf.getvalue()
    elif fmt == "table":
        return False
    else:
        fail(f"--format {fmt!r} is not one of table, json, csv", "use --format csv")
        return True
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        console.print(f"wrote {output}")
    return True


def _fmt(fmt: str, as_json: bool) -> str:
    return "json" if as_json else fmt


def _value(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.1%}" if v <= 1 else f"{v:g}"
    if isinstance(v, dict):
        return ", ".join(f"{k} {n}" for k, n in v.items()) or "–"
    return "–" if v is None else str(v)


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    """Add ``iegraph analyze``."""
    grp = typer.Typer(
        help="Brokers, communities, gaps, city indicators and policy diffusion, each number "
        "with the facts it counts.\n\nExample: iegraph analyze indicators --city 深圳市",
        no_args_is_help=True,
    )
    app.add_typer(grp, name="analyze")
    groups["analyze"] = grp

    @grp.command("brokers")
    @handle_errors
    def brokers_cmd(
        city: CityOpt = None,
        industry: IndustryOpt = None,
        top: Annotated[int, typer.Option("--top", min=1, max=1000)] = 20,
        cutoff: Annotated[
            int | None,
            typer.Option("--cutoff", min=2, help="Count only shortest paths up to this length."),
        ] = None,
        fmt: FormatOpt = "table",
        output: OutOpt = None,
        data_dir: DataDirOpt = None,
        backend: BackendOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        """Organisations that bridge separate parts of the ecosystem: betweenness on the
        organisation–platform graph and Burt's constraint (low = broker), with the platforms
        and partners that make them brokers.

        Example: iegraph analyze brokers --city 深圳市 --top 10 --json
        """
        with cli_store(data_dir, backend) as store:
            out = analytics.brokers(store, city=city, industry=industry, top=top, cutoff=cutoff)
        if _emit("brokers", out, _fmt(fmt, as_json), output):
            return
        t = Table(
            title=f"brokers ({out['vertices']} vertices, {out['edges']} edges; "
            f"betweenness: {out['method']['betweenness']})"
        )
        for c in (
            "name",
            "class",
            "betweenness",
            "constraint",
            "degree",
            "bridges",
            "platforms",
            "partners",
        ):
            t.add_column(c)
        for b in out["brokers"]:
            t.add_row(
                b["name"],
                b["class"],
                f"{b['betweenness']:.4g}",
                _value(b["constraint"]),
                str(b["degree"]),
                str(b["communities_bridged"]),
                str(len(b["platforms"])),
                str(len(b["partners"])),
            )
        console.print(t)

    @grp.command("communities")
    @handle_errors
    def communities_cmd(
        city: CityOpt = None,
        industry: IndustryOpt = None,
        min_size: Annotated[int, typer.Option("--min-size", min=1)] = 2,
        fmt: FormatOpt = "table",
        output: OutOpt = None,
        data_dir: DataDirOpt = None,
        backend: BackendOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        """Communities (Leiden, modularity) of organisations and platforms, named by their
        dominant industries and places, with sizes and members.

        Example: iegraph analyze communities --city 深圳市 --json
        """
        with cli_store(data_dir, backend) as store:
            out = analytics.communities(store, city=city, industry=industry, min_size=min_size)
        if _emit("communities", out, _fmt(fmt, as_json), output):
            return
        t = Table(
            title=f"{len(out['communities'])} communities (modularity "
            f"{out['modularity']:.3f}; {out['singletons']} singletons left out)"
        )
        for c in ("id", "name", "size", "organisations", "platforms", "members"):
            t.add_column(c)
        for c in out["communities"]:
            names = "、".join(m["name"] for m in c["members"][:4])
            more = f" … (+{c['size'] - 4})" if c["size"] > 4 else ""
            t.add_row(
                str(c["id"]),
                c["name"],
                str(c["size"]),
                str(c["organisations"]),
                str(c["platforms"]),
                names + more,
            )
        console.print(t)

    @grp.command("gaps")
    @handle_errors
    def gaps_cmd(
        city: Annotated[str, typer.Option("--city", help="Key or name of the city.")],
        as_of: AsOfOpt = None,
        fmt: FormatOpt = "table",
        output: OutOpt = None,
        html: Annotated[Path | None, typer.Option("--html", help="Also write a page.")] = None,
        data_dir: DataDirOpt = None,
        backend: BackendOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        """Where supply and demand do not meet (供需错位): the city's industries no platform or
        institution serves; platforms with no enterprise builder or lead; institutions with no
        enterprise partner.

        Example: iegraph analyze gaps --city 深圳市 --format csv -o gaps.csv
        """
        with cli_store(data_dir, backend) as store:
            out = analytics.city_gaps(store, city, as_of=as_of)
        if html is not None:
            html.write_text(html_page(gaps=out), encoding="utf-8")
            console.print(f"wrote {html}")
        if _emit("gaps", out, _fmt(fmt, as_json), output):
            return
        for title, items, cols in (
            (
                "industries no platform or institution serves",
                out["industries_unserved"],
                ("name", "demand"),
            ),
            (
                "platforms with no enterprise builder or lead",
                out["platforms_without_enterprise"],
                ("name", "class"),
            ),
            (
                "institutions with no enterprise partner",
                out["institutions_without_enterprise"],
                ("name", "class"),
            ),
        ):
            t = Table(title=f"{out['city']}: {len(items)} {title}")
            for c in cols:
                t.add_column(c)
            for it in items:
                t.add_row(*(str(it.get(c, "")) for c in cols))
            console.print(t)

    @grp.command("indicators", help=_indicators_help())
    @handle_errors
    def indicators_cmd(
        city: Annotated[str, typer.Option("--city", help="Key or name of the city.")],
        compare: Annotated[
            list[str] | None, typer.Option("--compare", help="Other cities, side by side.")
        ] = None,
        as_of: AsOfOpt = None,
        fmt: FormatOpt = "table",
        output: OutOpt = None,
        html: Annotated[Path | None, typer.Option("--html", help="Also write a page.")] = None,
        data_dir: DataDirOpt = None,
        backend: BackendOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        with cli_store(data_dir, backend) as store:
            results = [
                analytics.city_indicators(store, c, as_of=as_of) for c in [city, *(compare or [])]
            ]
        out: dict[str, Any] = results[0] if len(results) == 1 else {"cities": results}
        if html is not None:
            html.write_text(html_page(indicators=results), encoding="utf-8")
            console.print(f"wrote {html}")
        if _emit("indicators", out, _fmt(fmt, as_json), output):
            return
        print_indicators(results)

    @grp.command("diffusion")
    @handle_errors
    def diffusion_cmd(
        policy: Annotated[str, typer.Option("--policy", help="Key or title of the policy.")],
        depth: Annotated[int, typer.Option("--depth", min=1, max=8)] = 6,
        fmt: FormatOpt = "table",
        output: OutOpt = None,
        data_dir: DataDirOpt = None,
        backend: BackendOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        """The citation tree of a policy down to provincial and city policies, with dates and
        lags (days where both dates are full days).

        Example: iegraph analyze diffusion --policy 关于深化产教融合的若干意见 --json
        """
        with cli_store(data_dir, backend) as store:
            out = analytics.diffusion(store, policy, depth=depth)
        if _emit("diffusion", out, _fmt(fmt, as_json), output):
            return
        t = Table(
            title=f"{len(out['policies'])} policies cite {out['root']['name']} "
            f"({out['root'].get('issued_date') or 'date unknown'})"
        )
        for c in ("distance", "name", "class", "issued", "cites", "lag"):
            t.add_column(c)
        for p in out["policies"]:
            for c in p["cites"]:
                lag = c["lag"]
                t.add_row(
                    str(p["distance"]),
                    p["name"],
                    str(p["class"]),
                    str(p["issued_date"] or "–"),
                    c["parent"].split(":", 1)[-1],
                    ", ".join(f"{v} {k}" for k, v in lag.items()) if lag else "–",
                )
        console.print(t)


def _indicators_help() -> str:
    lines = "\n\n".join(
        f"{i.name} ({i.unit}): {i.description}" for i in analytics.indicator_definitions()
    )
    return (
        "The city's 产教融合 indicators, each as {name, value, unit, evidence} with the "
        "relationships and sources it counts; --compare puts cities side by side.\n\n"
        f"{lines}\n\nExample: iegraph analyze indicators --city 深圳市 --compare 宁波市"
    )


def print_indicators(results: list[dict[str, Any]], names: list[str] | None = None) -> None:
    """The indicator table (one column per city)."""
    t = Table(
        title="产教融合 indicators"
        + (f" as of {results[0]['as_of']}" if results[0].get("as_of") else "")
    )
    t.add_column("indicator")
    t.add_column("unit")
    for r in results:
        t.add_column(r["city"].split(":", 1)[-1])
    for n, ind in enumerate(results[0]["indicators"]):
        if names and ind["name"] not in names:
            continue
        t.add_row(
            f"{ind['label']['zh']} [dim]{ind['name']}[/]",
            ind["unit"],
            *(
                _value(r["indicators"][n]["value"])
                + f" ({len(r['indicators'][n]['evidence'])} facts)"
                for r in results
            ),
        )
    console.print(t)
