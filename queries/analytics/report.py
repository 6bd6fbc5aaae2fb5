"""Analytics results for people: CSV rows and a self-contained HTML page.

The page has no script and makes no outside request (a strict Content-Security-Policy); every
value lists the relationships and sources behind it in a collapsible block.
"""

from __future__ import annotations

from html import escape
from typing import Any

_CSV_RISKY = ("=", "+", "-", "@", "\t", "\r")


def _cell(v: Any) -> Any:
    """Cells a spreadsheet would run as a formula get a leading apostrophe."""
    if isinstance(v, str) and v.startswith(_CSV_RISKY):
        return "'" + v
    if isinstance(v, (list, tuple)):
        return _cell("; ".join(str(x) for x in v))
    if isinstance(v, dict):
        return _cell("; ".join(f"{k}={x}" for k, x in v.items()))
    return v


def csv_rows(kind: str, out: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    """Header and rows of one analytics result (``kind``: brokers, communities, gaps,
    indicators, diffusion)."""
    rows: list[list[Any]]
    if kind == "brokers":
        header = [
            "key",
            "name",
            "class",
            "betweenness",
            "constraint",
            "degree",
            "communities_bridged",
            "platforms",
            "partners",
        ]
        rows = [
            [
                b["key"],
                b["name"],
                b["class"],
                b["betweenness"],
                b["constraint"],
                b["degree"],
                b["communities_bridged"],
                [p["key"] for p in b["platforms"]],
                [p["key"] for p in b["partners"]],
            ]
            for b in out["brokers"]
        ]
    elif kind == "communities":
        header = [
            "id",
            "name",
            "size",
            "organisations",
            "platforms",
            "industries",
            "places",
            "members",
        ]
        rows = [
            [
                c["id"],
                c["name"],
                c["size"],
                c["organisations"],
                c["platforms"],
                [i["name"] for i in c["industries"]],
                [p["name"] for p in c["places"]],
                [m["key"] for m in c["members"]],
            ]
            for c in out["communities"]
        ]
    elif kind == "gaps":
        header = ["city", "gap", "key", "name", "detail", "evidence"]
        rows = []
        for it in out["industries_unserved"]:
            rows.append(
                [
                    out["city"],
                    "industry_unserved",
                    it["key"],
                    it["name"],
                    f"demand={it['demand']}",
                    [e["key"] for e in it["evidence"]],
                ]
            )
        for it in out["platforms_without_enterprise"]:
            rows.append(
                [
                    out["city"],
                    "platform_without_enterprise",
                    it["key"],
                    it["name"],
                    it.get("class"),
                    [e["key"] for e in it["evidence"]],
                ]
            )
        for it in out["institutions_without_enterprise"]:
            rows.append(
                [
                    out["city"],
                    "institution_without_enterprise",
                    it["key"],
                    it["name"],
                    it.get("class"),
                    [],
                ]
            )
    elif kind == "indicators":
        header = ["city", "as_of", "indicator", "value", "unit", "evidence"]
        results = out.get("cities") or [out]
        rows = [
            [
                r["city"],
                r.get("as_of"),
                i["name"],
                i["value"],
                i["unit"],
                [e["key"] for e in i["evidence"]],
            ]
            for r in results
            for i in r["indicators"]
        ]
    elif kind == "diffusion":
        header = [
            "key",
            "name",
            "class",
            "issued_date",
            "distance",
            "cites",
            "lag_days",
            "lag_months",
            "lag_years",
            "sources",
        ]
        rows = []
        for p in out["policies"]:
            for c in p["cites"]:
                lag = c["lag"] or {}
                rows.append(
                    [
                        p["key"],
                        p["name"],
                        p["class"],
                        p["issued_date"],
                        p["distance"],
                        c["parent"],
                        lag.get("days"),
                        lag.get("months"),
                        lag.get("years"),
                        c["sources"],
                    ]
                )
    else:
        raise ValueError(f"unknown analytics result {kind!r}")
    return header, [[_cell(v) for v in row] for row in rows]


_STYLE = """
body{font:15px/1.45 "Noto Sans CJK SC","Noto Sans",sans-serif;margin:2em auto;max-width:70em;
color:#222}
table{border-collapse:collapse;margin:1em 0;width:100%}
th,td{border-bottom:1px solid #ddd;padding:.35em .6em;text-align:left;vertical-align:top}
th{background:#f4f4f4}.v{font-weight:600;white-space:nowrap}
details{font-size:13px;color:#555}code{font-size:12px}
"""


def _evidence(ev: list[dict[str, Any]], limit: int = 50) -> str:
    if not ev:
        return ""
    items = "".join(
        f"<li><code>{escape(e['key'])}</code> — {escape(', '.join(e.get('sources', [])))}</li>"
        for e in ev[:limit]
    )
    more = f"<li>… {len(ev) - limit} more</li>" if len(ev) > limit else ""
    return f"<details><summary>{len(ev)} facts</summary><ul>{items}{more}</ul></details>"


def _value(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.1%}" if v <= 1 else f"{v:g}"
    if isinstance(v, dict):
        return "<br>".join(f"{escape(str(k))}: {n}" for k, n in v.items()) or "–"
    return "–" if v is None else escape(str(v))


def html_page(
    indicators: list[dict[str, Any]] | None = None, gaps: dict[str, Any] | None = None
) -> str:
    """A page of city indicators (one column per city) and/or one city's gaps."""
    parts: list[str] = []
    if indicators:
        head = "".join(f"<th>{escape(r['city'].split(':', 1)[-1])}</th>" for r in indicators)
        body = []
        for n, ind in enumerate(indicators[0]["indicators"]):
            cells = "".join(
                f"<td><span class=v>{_value(r['indicators'][n]['value'])}</span>"
                f"{_evidence(r['indicators'][n]['evidence'])}</td>"
                for r in indicators
            )
            body.append(
                f"<tr><th>{escape(ind['label']['zh'])}<br><small>{escape(ind['label']['en'])}"
                f" ({escape(ind['unit'])})</small></th>{cells}</tr>"
            )
        as_of = indicators[0].get("as_of")
        parts.append(
            f"<h2>产教融合 indicators{' as of ' + escape(as_of) if as_of else ''}</h2>"
            f"<table><tr><th>indicator</th>{head}</tr>{''.join(body)}</table>"
        )
    if gaps:
        for title, key, detail in (
            ("Industries no platform or institution serves", "industries_unserved", "demand"),
            (
                "Platforms with no enterprise builder or lead",
                "platforms_without_enterprise",
                "class",
            ),
            ("Institutions with no enterprise partner", "institutions_without_enterprise", "class"),
        ):
            rows = "".join(
                f"<tr><td>{escape(str(it['name']))}</td><td>{escape(str(it.get(detail, '')))}"
                f"</td><td>{_evidence(it.get('evidence', []))}</td></tr>"
                for it in gaps[key]
            )
            parts.append(
                f"<h2>{escape(gaps['city'].split(':', 1)[-1])}: {len(gaps[key])} "
                f"{escape(title.lower())}</h2><table><tr><th>name</th><th>{detail}</th>"
                f"<th>evidence</th></tr>{rows}</table>"
            )
    return (
        "<!doctype html><html lang=zh><head><meta charset=utf-8>"
        "<meta http-equiv=Content-Security-Policy content=\"default-src 'none'; "
        "style-src 'unsafe-inline'\"><title>iegraph analytics</title>"
        f"<style>{_STYLE}</style></head><body><h1>iegraph analytics</h1>"
        f"{''.join(parts)}</body></html>\n"
    )
