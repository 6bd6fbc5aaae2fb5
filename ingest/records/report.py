"""The validation report and the load summary, as rich tables and as JSON.

Example:
    >>> print_problems(problems, console)       # file | row | field | value | reason | fix
    >>> write_report("report.json", problems=problems, summary=summary)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from iegraph.ingest.writer import WriteSummary

MAX_SHOWN = 200  # rows of a problem table printed; the JSON report has them all


def problems_table(problems: list[dict[str, Any]], limit: int = MAX_SHOWN) -> Table:
    t = Table(title=f"{len(problems)} problem(s)", show_lines=False)
    for col in ("file", "row", "field", "value", "reason", "fix"):
        t.add_column(col, overflow="fold")
    for p in problems[:limit]:
        t.add_row(
            Path(str(p.get("file", ""))).name,
            "" if p.get("row") is None else str(p["row"]),
            str(p.get("field", "")),
            str(p.get("value", ""))[:60],
            str(p.get("reason", "")),
            str(p.get("fix", "")),
        )
    if len(problems) > limit:
        t.caption = f"… {len(problems) - limit} more in the JSON report (--report FILE.json)"
    return t


def summary_table(s: WriteSummary) -> Table:
    t = Table(title="records loaded")
    for col in ("class / relation type", "created", "updated", "unchanged", "removed"):
        t.add_column(col, justify="left" if col.startswith("class") else "right")
    names = sorted(
        set(s.created) | set(s.updated) | set(s.unchanged) | set(s.removed),
        key=lambda n: (n.isupper(), n),
    )
    for n in names:
        t.add_row(
            n,
            str(s.created.get(n, 0)),
            str(s.updated.get(n, 0)),
            str(s.unchanged.get(n, 0)),
            str(s.removed.get(n, 0)),
        )
    t.caption = (
        f"rejected: {len(s.rejected)} · nodes written: {s.nodes_written} · "
        f"relationships written: {s.relationships_written}"
    )
    return t


def filtered_table(s: WriteSummary) -> Table | None:
    if not s.filtered:
        return None
    t = Table(title="filtered on purpose (by the mapping)")
    t.add_column("reason")
    t.add_column("count", justify="right")
    for reason, n in sorted(s.filtered.items(), key=lambda kv: -kv[1]):
        t.add_row(reason, str(n))
    return t


def print_summary(s: WriteSummary, console: Console) -> None:
    console.print(summary_table(s))
    if s.skipped:
        console.print(
            f"{len(s.skipped)} source(s) unchanged since they were loaded (same content hash): "
            "skipped"
        )
    ft = filtered_table(s)
    if ft is not None:
        console.print(ft)
    if s.rejected:
        console.print(problems_table([p.to_json() for p in s.rejected]))


def write_report(
    path: str | Path,
    *,
    problems: list[dict[str, Any]] | None = None,
    summary: WriteSummary | None = None,
    files: list[dict[str, Any]] | None = None,
    ok: bool = True,
) -> None:
    doc: dict[str, Any] = {"ok": ok}
    if summary is not None:
        doc["summary"] = summary.to_json()
        problems = problems if problems is not None else [p.to_json() for p in summary.rejected]
    doc["problems"] = problems or []
    if files is not None:
        doc["files"] = files
    Path(path).write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
